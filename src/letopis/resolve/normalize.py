"""Canonical nominative names for every mention that names something.

Persons are read as names (``letopis.resolve.names``) and written in one canonical
order, given names first: ``Д. Т. Шепилов``, ``Никита Сергеевич Хрущёв``. Their gender,
where the form is ambiguous (``Хрущёва``: masculine genitive or feminine nominative?),
is settled by the name itself, then by other mentions of the same surname in the
document, then by the context (a preposition before it, an agreeing past-tense verb
after it), then by pymorphy3's frequency estimate. Other names are phrases: the head
noun and the adjectives before it go to the nominative, what follows the head stays as
written (``Министерства иностранных дел СССР`` -> ``Министерство иностранных дел
СССР``). Letter case and ё are taken from the source. See docs/names.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from letopis.doc import PLACE_LABELS, Document, Mention, Token
from letopis.extract.honorifics import ABBREVIATIONS, WORDS
from letopis.extract.kinship import KIN
from letopis.extract.penalties import penalty_normal
from letopis.extract.professions import rank_abbreviation_name
from letopis.morph import PLAIN_CASES, best, parse, word_cases
from letopis.resolve.names import (
    WORD_RE,
    Candidate,
    PersonName,
    TagFacts,
    fold,
    match_case,
    nominative_form,
    person_candidates,
    tag_facts,
)
from letopis.resolve.placenames import apposed_place
from letopis.segment.tokens import token_spans

NOT_NAMES = frozenset({"DATE", "NUMBER", "AGE", "MONEY", "PERCENT", "TIME", "ORDINAL"})
TITLE_LABELS = frozenset({"WORK_OF_ART"})
SKIPPABLE = ("ADVB", "PRCL")
# what may stand between a colon and a listed name: other names, titles, list punctuation
LIST_GLUE = frozenset({",", ".", ";", "и", "-", "–", "—"})
LIST_TITLES = ABBREVIATIONS | WORDS | {"граждане", "проф", "акад", "д-р"}  # the honorifics'
# titles, and the plural and academic ones a list of attendees also uses
LIST_REACH = 40  # tokens looked back for the colon
CONJUNCTIONS = ("и", "или")
HEAD_POS = ("NOUN", "ADJF", "PRTF")
PARENTHETICAL_RE = re.compile(r"(.*\S)\s+\([A-ZА-ЯЁ0-9-]{2,}\)")
PAIRS = {"«": "»", "„": "“", "“": "”"}


def is_name_label(label: str) -> bool:
    """True for labels whose mentions name something (not dates, numbers, amounts)."""
    return label not in NOT_NAMES


def normalize_names(doc: Document) -> Document:
    """Put the canonical nominative form of every name-like mention into ``doc.normals``.

    Reads: mentions, tokens (tags, for the context of ambiguous person names).
    Writes: normals.
    """
    index = TokenIndex(doc.tokens)
    persons = resolve_persons(doc, index)
    for mention in doc.mentions:
        if not is_name_label(mention.label):
            continue
        person = persons.get(mention.id)
        normal = person.canonical() if person is not None else ""
        if not normal and mention.label == "PERSON" and " " not in mention.text:
            normal = family_plural(mention.text) or ""  # a family: no one person's name
        if not normal:
            normal = former_name(mention.text, mention.label) or unit_name(mention.text,
                                                                           mention.label)
        if not normal and mention.label in PLACE_LABELS:
            normal = _after_kind_word(index, mention) or ""
        if not normal and mention.label == "PROFESSION":
            normal = rank_abbreviation_name(mention.text) or ""  # ``ст. сов.``
        if not normal and mention.label == "PENALTY":
            normal = penalty_normal(mention.text) or ""  # ``10 годам`` -> ``10 лет``
        if not normal and _quoted_after_noun(doc, index, mention):
            normal = " ".join(mention.text.split())  # ``газеты «Известия»``: as written
        if not normal:
            context = index.context(mention.start, mention.end)
            normal = normalize_phrase(mention.text, mention.label, context.after_preposition)
        normal = normal or " ".join(mention.text.split())
        doc.normals[mention.id] = cyrillic_initials(uncapitalized(normal, mention.label))
    return doc


def family_plural(word: str) -> str | None:
    """The nominative plural of a family named in the plural (``у Карамзиных`` ->
    ``Карамзины``, ``Вяземских`` -> ``Вяземские``, ``Толстые``): a word that reads only as
    a plural, one reading a surname; else None. Not a nominative in ``-ы`` (``Кановы`` is
    the genitive of the sculptor Канова, though the dictionary reads it as a plural)."""
    low = word.lower()
    if not low.endswith(("ых", "их", "ым", "им", "ыми", "ими", "ые", "ие")):
        return None
    parses = parse(low)
    if not parses or not all("plur" in p.tag for p in parses):
        return None
    surname = next((p for p in parses if "Surn" in p.tag), None)
    found = surname.inflect({"nomn", "plur"}) if surname is not None else None
    return None if found is None else word[:1] + found.word[1:]


_LATIN_INITIAL = re.compile(r"(?<![\w.])([ABCEHKMOPTX])(?=\.)")
_TO_CYRILLIC = str.maketrans("ABCEHKMOPTX", "АВСЕНКМОРТХ")


def cyrillic_initials(name: str) -> str:
    """A Cyrillic name's initials typed or recognized as their Latin look-alikes (``Г. E.
    Львов`` with a Latin E, an OCR habit) in Cyrillic: the name then meets its other
    mentions and the knowledge base."""
    if not _LATIN_INITIAL.search(name) or not re.search("[а-яё]", name):
        return name
    return _LATIN_INITIAL.sub(lambda m: m.group(1).translate(_TO_CYRILLIC), name)


# the readings that make a word in capitals a name, not an acronym, by label
PROPER_READINGS = {"PERSON": frozenset({"Name", "Surn", "Patr"}), "PLACE": frozenset({"Geox"})}


def _quoted_after_noun(doc: Document, index: TokenIndex, mention: Mention) -> bool:
    """Whether ``mention`` is the whole of a name in quotes right after the noun it names
    (``газеты «Известия»``, ``на заводе «Красный треугольник»``): such a name does not
    decline, it is written in the nominative."""
    from letopis.extract.cues import NAME_NOUNS, TITLE_NOUNS

    text = doc.text
    if not (mention.start > 0 and text[mention.start - 1] in "«\"„“"
            and text[mention.end:mention.end + 1] in ("»", "\"", "“", "”")):
        return False
    k = bisect_left(index.starts, mention.start - 1) - 1
    if k < 0:
        return False
    lemma = index.tokens[k].lemma or ""
    if lemma not in TITLE_NOUNS and lemma not in NAME_NOUNS:
        return False
    # written in the nominative (``«Известия»``), not declined after all (``«Правду»``)
    return all(not (cases := word_cases(w)) or "nomn" in cases
               for w in mention.text.split() if w.isalpha())


def uncapitalized(name: str, label: str) -> str:
    """A person's or a place's name written in capitals (a dateline's ``ПАРИЖ``, a
    heading's ``ПУШКИН``) in the ordinary way, ``Париж``, when the dictionary's likeliest
    reading of every word is such a name; acronyms stay (``СССР``, ``ДНР``, ``ТАСС``)."""
    if not name.isupper():
        return name
    wanted = PROPER_READINGS.get("PLACE" if label in PLACE_LABELS else label)
    if wanted is None:
        return name
    words = name.split()
    for word in words:
        parses = parse(word.lower()) if word.replace("-", "").isalpha() else ()
        grammemes = set(parses[0].tag.grammemes) if parses else set()
        if len(word) < 3 or not wanted & grammemes or "Abbr" in grammemes or not any(
                c in VOWELS for c in word):  # ``ДНР``: an acronym has no vowel to read
            return name
    return " ".join("-".join(part.capitalize() for part in w.split("-")) for w in words)


VOWELS = frozenset("АЕЁИОУЫЭЮЯѢІ")


def former_name(text: str, label: str) -> str:
    """The listed name of a one-word former place name in any form (``Ревеле`` ->
    ``Ревель``, ``letopis.extract.geo.former_forms``), else ""."""
    from letopis.extract.gazetteer import fold_form
    from letopis.extract.geo import former_forms

    if label not in PLACE_LABELS or " " in text:
        return ""
    found = former_forms().get(fold_form(text))
    return found[1] if found is not None else ""


def unit_name(text: str, label: str) -> str:
    """The full name of a unit written with an abbreviation (``Кирсановского у`` ->
    ``Кирсановский уезд``, ``Тамбовской губ`` -> ``Тамбовская губерния``): the adjective
    in the nominative of the unit word's gender (``letopis.extract.geo`` settlement
    table); of a place of publication written short (``СПб`` -> ``Санкт-Петербург``) or
    after ``С.-`` (``С.-Петербурга`` -> ``Санкт-Петербург``); else ""."""
    from letopis.extract.geo import PUBLISHING_CITIES, UNIT_LABELS, settlement_table

    if label == "CITY" and text in PUBLISHING_CITIES:  # ``М.`` of ``М., 1987``
        return PUBLISHING_CITIES[text]
    if text.startswith("С.-") and label in PLACE_LABELS:  # ``С.-Петербурга``
        rest = normalize_phrase(text[3:], label)
        return f"Санкт-{rest}" if rest else ""
    words = text.split()
    if label not in UNIT_LABELS or len(words) != 2:
        return ""
    full, kind = settlement_table()[1].get(words[1], ("", ""))
    if kind != label:
        return ""
    gender = next((g for p in parse(full) for g in ("masc", "femn", "neut") if g in p.tag), None)
    for reading in parse(words[0].lower()):
        if reading.tag.POS != "ADJF" or gender is None:
            continue
        form = reading.inflect({"nomn", "sing", gender})
        if form is not None:
            return f"{form.word.capitalize()} {full}"
    return ""


# -- context ---------------------------------------------------------------

@dataclass
class Context:
    """What the words around a mention say about its case and gender."""

    after_preposition: bool = False
    verb_gender: str | None = None
    listed: bool = False  # an item of a list after a colon (``Присутствовали: ...``)


class TokenIndex:
    """Find the tokens before and after a span quickly."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.starts = [t.start for t in tokens]

    def context(self, start: int, end: int) -> Context:
        """The preposition before ``[start, end)`` and an agreeing verb around it."""
        if not self.tokens:
            return Context()
        first = bisect_left(self.starts, start)
        after = bisect_left(self.starts, end)
        before = self.tokens[first - 1] if first > 0 else None
        prep = before is not None and "PREP" in _tag(before)
        gender = self._verb_after(after)
        if gender is None and not prep:
            gender = self._verb_before(first - 1)
        return Context(prep, gender, not prep and self._listed(first - 1))

    def _listed(self, i: int) -> bool:
        """Whether the tokens before ``i + 1`` back to a colon are only names, titles and
        list punctuation, after a colon that an intransitive verb or a noun in the
        nominative opens: such a list is nominative (``Присутствовали: тов. Петров, т.
        Иванова``, ``Председатель: Смирнова``); after a transitive verb it is not
        (``Слушали: тов. Иванова`` is him, in the accusative), nor after other words
        (``коллег по «Барселоне»: Неймара``)."""
        for k in range(i, max(i - LIST_REACH, -1), -1):
            text = self.tokens[k].text
            if text == ":":
                return k > 0 and _opens_nominative_list(_tag(self.tokens[k - 1]))
            if not (text in LIST_GLUE or text.lower() in LIST_TITLES or text[:1].isupper()):
                return False
        return False

    def _verb_after(self, i: int) -> str | None:
        while i < len(self.tokens) and _tag(self.tokens[i]).startswith(SKIPPABLE):
            i += 1
        return _past_gender(self.tokens[i]) if i < len(self.tokens) else None

    def _verb_before(self, i: int) -> str | None:
        """A verb before the name counts only where it opens its clause (``— сказала Ф.``)."""
        while i >= 0 and _tag(self.tokens[i]).startswith(SKIPPABLE):
            i -= 1
        if i < 0:
            return None
        gender = _past_gender(self.tokens[i])
        opener = i == 0 or not WORD_RE.fullmatch(self.tokens[i - 1].text)
        return gender if opener else None


def _after_kind_word(index: TokenIndex, mention: Mention) -> str | None:
    """The nominative of a one-word place right after a settlement's or a river's word
    (``в селе Кривцове`` -> Кривцово, ``на реке Вёрде`` -> Вёрда; ``placenames``)."""
    from letopis.extract.geo import kind_before

    i = bisect_left(index.starts, mention.start) - 1
    found = kind_before(index.tokens, i) if i >= 0 and " " not in mention.text else None
    if found is None:
        return None
    token, lemma, abbreviated = found
    return apposed_place(mention.text, replace(token, lemma=lemma), abbreviated)


def _tag(token: Token) -> str:
    return token.tag or best(token.text.lower())[2]


def _opens_nominative_list(tag: str) -> bool:
    """An intransitive verb (``Присутствовали``) or a noun in the nominative
    (``Докладчик``) before a colon."""
    if tag.startswith("VERB"):
        return "intr" in tag
    return tag.startswith("NOUN") and "nomn" in tag


def _past_gender(token: Token) -> str | None:
    tag = _tag(token)
    if not tag.startswith("VERB") or "past" not in tag or "sing" not in tag:
        return None
    for gender in ("masc", "femn"):
        if gender in tag:
            return gender
    return None


# -- persons ---------------------------------------------------------------

def resolve_persons(doc: Document, index: TokenIndex | None = None) -> dict[str, PersonName]:
    """The chosen reading of every PERSON mention, by mention id.

    Order of evidence: the name itself (first name, patronymic), other mentions of the
    same surname that are unambiguous, the context, then the prior.
    """
    key = tuple((m.id, m.start, m.end, m.label) for m in doc.mentions)
    if doc._persons is not None and doc._persons[0] == key:
        return dict(doc._persons[1])  # read a moment ago over the same mentions
    index = index or TokenIndex(doc.tokens)
    options = {m.id: list(_candidates_of(m.text)) for m in doc.mentions
               if m.label == "PERSON" and not (" " not in m.text and family_plural(m.text))}
    apposed = _post_cases(doc)
    owned = _after_common_noun(doc, index)
    chosen = {mid: c[0].name for mid, c in options.items() if len(c) == 1}
    confirmed = {fold(n.surname) for n in chosen.values() if n.surname}
    narrowed: dict[str, list[Candidate]] = {}
    decided_by_context: set[str] = set()
    for mention in doc.mentions:
        cands = options.get(mention.id, [])
        if len(cands) < 2:
            continue
        cases, title = apposed.get(mention.start, (set(), False))
        if cases:  # ``графу Берхтольду``: the name stands in the post's case
            agreeing = [c for c in cands if c.cases & cases or None in c.cases]
            if not agreeing and title and mention.text.isalpha():
                # ``господина Лилле``: no reading in the title's case, so indeclinable
                chosen[mention.id] = PersonName(surname=mention.text)
                continue
            cands = agreeing or cands
        elif mention.start in owned and not index.context(
                mention.start, mention.end).verb_gender and not any(c.name.first for c in cands):
            # ``Сочинение И. И. Голикова``: whose, a genitive (not ``карьеру Юлия сообщила``)
            cands = [c for c in cands if "gent" in c.cases and (c.name.surname or "").endswith(
                OWNER_SURNAMES)] or cands
        pick = _by_cluster(cands, confirmed) if len(cands) > 1 else cands[0]
        if pick is None:
            cands = _by_context(cands, index.context(mention.start, mention.end))
            pick = cands[0] if len(cands) == 1 else None
            if pick is not None and pick.name.surname:
                decided_by_context.add(fold(pick.name.surname))
        if pick is not None:
            chosen[mention.id] = pick.name
        else:
            narrowed[mention.id] = cands
    confirmed |= decided_by_context
    for mid, cands in narrowed.items():
        pick = _by_cluster(cands, confirmed) or max(cands, key=lambda c: c.score)
        chosen[mid] = pick.name
    _bracketed_given_names(doc, chosen)
    doc._persons = (key, dict(chosen))
    return chosen


def _bracketed_given_names(doc: Document, chosen: dict[str, PersonName]) -> None:
    """A surname alone and the given names in brackets right after it, the headword of an
    older dictionary (``Карамзин (Николай Михайлович) — писатель``), are one name: both
    mentions read ``Николай Михайлович Карамзин``, so they make one entity."""
    if "(" not in doc.text:
        return
    from letopis.extract.aliases import in_brackets_after

    persons = [m for m in doc.mentions if m.label == "PERSON" and m.id in chosen]
    for m in persons:
        name = chosen[m.id]
        if not name.surname or name.first or name.patronymic or name.initials:
            continue
        given = in_brackets_after(doc.text, m, persons)
        if given is None:
            continue
        other = chosen[given.id]
        if not other.first or other.surname:
            continue
        whole = replace(name, first=other.first, patronymic=other.patronymic,
                        gender=name.gender or other.gender)
        chosen[m.id] = chosen[given.id] = whole


# the surnames whose genitive is a woman's nominative (``Голикова``): the ones
# ``_after_common_noun`` decides
OWNER_SURNAMES = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")


def _after_common_noun(doc: Document, index: TokenIndex) -> set[int]:
    """Starts of the PERSON mentions right after a common noun that is no post, title or
    kin word of a mention (``Сочинение И. И. Голикова``, ``письмо Иванова``): the name
    then says whose, in the genitive (a post stands in apposition: ``журналист
    Иванова``)."""
    covered = [(m.start, m.end) for m in doc.mentions if m.label != "PERSON"]
    found = set()
    for m in doc.mentions:
        if m.label != "PERSON":
            continue
        k = bisect_left(index.starts, m.start) - 1
        if k < 0:
            continue
        noun = index.tokens[k]
        if (noun.pos != "NOUN" or doc.text[noun.end:m.start] != " "
                or (noun.lemma or "") in KIN
                or noun.text.lower() in WORDS or not noun.text.isalpha()
                or "Name" in (noun.tag or "") or "Surn" in (noun.tag or "")
                or noun.text[:1].isupper() and k and index.tokens[k - 1].text not in ".!?\n"
                or any(s <= noun.start < e for s, e in covered)):
            continue
        found.add(m.start)
    return found


def _post_cases(doc: Document) -> dict[int, tuple[set[str], bool]]:
    """Start of a name -> the cases of the post (a PROFESSION mention's first word) or the
    title of address (``honorifics.WORDS``) right before it, one space apart (``графу
    Берхтольду``, ``сержант госбезопасности Кривошеев``): a name in apposition stands in
    their case. The flag says the word is a title of address, never a predicate (``назначил
    министром Петрова`` is no apposition)."""
    posts = [(m.end, m.text.split()[0], False) for m in doc.mentions
             if m.label == "PROFESSION" and _appositive(m.text.split()[0])]
    posts += [(t.end, t.text, True) for t in doc.tokens if t.text.lower() in WORDS]
    found: dict[int, tuple[set[str], bool]] = {}
    for end, word, title in posts:
        if doc.text[end:end + 1] == " ":
            cases = word_cases(word)
            if cases:
                found[end + 1] = (cases, title)
    return found


# posts a name follows in apposition, in their case (``генералу Клингенбергу``); with the
# ranks, titles and offices of ``ranks.tsv``. Not the posts a person in the genitive
# follows (``адвокат Петра``, ``пресс-секретарь группы``, ``помощник министра``).
APPOSITIVE_POSTS = frozenset({
    "генерал", "профессор", "академик", "министр", "нарком", "президент", "король",
    "королева", "царь", "царица", "император", "императрица", "лейтенант", "сержант",
    "капитан", "старшина", "ефрейтор", "красноармеец", "инженер", "доктор", "писатель",
    "поэт", "художник", "композитор",
})


def _appositive(word: str) -> bool:
    """Whether a post's first word takes a name after it in apposition."""
    from letopis.extract.professions import rank_keys

    lemma = best(word.lower())[0]
    return lemma in APPOSITIVE_POSTS or lemma in rank_keys()


@lru_cache(maxsize=50_000)
def _candidates_of(text: str) -> tuple[Candidate, ...]:
    """The name candidates of a person mention's text (cached: names recur; read only);
    a name written in capitals is read in the ordinary way (``ordinary_case``)."""
    return tuple(person_candidates(_texts(ordinary_case(text))))


_ROMAN = re.compile(r"[IVXLCDMІХ]+")


def ordinary_case(name: str) -> str:
    """A person's name written in capitals (a signature under a poem, ``Н. НЕКРАСОВ``; a
    heading; a typewritten list) with each word capitalized, hyphen parts too
    (``САЛТЫКОВ-ЩЕДРИН`` -> ``Салтыков-Щедрин``): initials and Roman numerals stay
    (``НИКОЛАЙ II``); a name with a lower-case letter, or with no word of three letters,
    is returned as it is."""
    if any(c.islower() for c in name) or not any(
            len(w) >= 3 and w.isalpha() for w in re.split(r"[\s.-]+", name)):
        return name
    return re.sub(r"[^\W\d_]{2,}", lambda m: m.group() if _ROMAN.fullmatch(m.group())
                  else m.group().capitalize(), name)


def _texts(text: str) -> list[str]:
    """razdel's token texts of ``text``."""
    return [text[start:end] for start, end in token_spans(text)]


def _by_cluster(cands: list[Candidate], confirmed: set[str]) -> Candidate | None:
    hits = [c for c in cands if c.name.surname and fold(c.name.surname) in confirmed]
    return hits[0] if len(hits) == 1 else None


def _by_context(cands: list[Candidate], context: Context) -> list[Candidate]:
    kept = cands
    if context.after_preposition:
        kept = [c for c in kept if c.cases - {"nomn"}] or kept
    else:  # the locative is only ever governed by a preposition
        kept = [c for c in kept if c.cases - {"loct"}] or kept
    if context.listed:
        kept = [c for c in kept if c.can_be_nominative] or kept
    gender = context.verb_gender
    if gender:
        agreeing = [c for c in kept if c.can_be_nominative and c.name.gender == gender]
        if not agreeing and gender == "femn":  # a name in -а before a feminine verb
            agreeing = [c for c in kept if c.can_be_nominative and c.name.gender is None]
        kept = agreeing or [
            c for c in kept
            if not (c.cases == {"nomn"} and c.name.gender not in (None, gender))
        ] or kept
    return kept


# -- other names -----------------------------------------------------------

@lru_cache(maxsize=50_000)
def normalize_phrase(text: str, label: str = "ORGANIZATION",
                     after_preposition: bool = False) -> str:
    """The nominative of a name phrase: head noun and its adjectives inflected.

    Genitive dependents after the head, abbreviations and indeclinable words stay as
    written; a coordinated second noun phrase (``Войны и мира``) follows the head's case.
    A unit's number takes the nominative's ending (``27-ю пехотною дивизиею`` -> ``27-я
    пехотная дивизия``) and ``лейб-гвардии`` before it stays.
    Cached: the result depends on the arguments alone.
    """
    spans = token_spans(text)
    texts = [text[start:end] for start, end in spans]
    replaced: dict[int, str] = {}
    first = 1 if texts and texts[0].lower() in GUARDS else 0  # ``лейб-гвардии`` stays
    ordinal = first if first < len(texts) and ORDINAL_RE.fullmatch(texts[first]) else None
    first += ordinal is not None
    head = _inflect_group(texts, first, label, after_preposition, None, replaced)
    if ordinal is not None and head is not None and head[0] in replaced:
        replaced[ordinal] = _ordinal_nominative(texts[ordinal], replaced[head[0]])
    if head is not None and label == "PROFESSION":
        _apposed_rank(texts, head[0], replaced)
    if head is not None and label == "PROFESSION" and head[0] + 2 == len(texts):
        _postposed_adjective(texts, head[0], head[1], replaced)
    if head is not None and head[0] + 2 < len(texts) and texts[head[0] + 1] in CONJUNCTIONS:
        _inflect_group(texts, head[0] + 2, label, after_preposition, head[1], replaced)
    out, last = [], 0
    for i, (start, end) in enumerate(spans):
        gap = text[last:start]
        out.append(" " if gap and not gap.strip() else gap)
        out.append(replaced.get(i, texts[i]))
        last = end
    return drop_parenthetical(unquote("".join(out)))


GUARDS = frozenset({"лейб-гвардии", "лейб-гвардіи", "гвардии", "гв"})  # stay as written
ORDINAL_RE = re.compile(r"(\d+)-[а-яё]{1,3}")


def _apposed_rank(texts: list[str], head: int, replaced: dict[int, str]) -> None:
    """A rank right after a rank, in apposition, goes to the nominative with it
    (``Государя Императора`` -> ``Государь Император``): both words ranks of
    ``ranks.tsv``, the second in the case the first was written in."""
    from letopis.extract.professions import rank_keys

    nxt = head + 1
    if nxt >= len(texts) or head not in replaced or not WORD_RE.fullmatch(texts[nxt]):
        return
    ranks = rank_keys()
    own = [p for p in parse(texts[head].lower()) if p.normal_form in ranks]
    other = [p for p in parse(texts[nxt].lower()) if p.normal_form in ranks
             and tag_facts(p.tag).pos == "NOUN"]
    if not own or not other:
        return
    cases = {tag_facts(p.tag).case for p in own}
    same = [p for p in other if tag_facts(p.tag).case in cases]
    if same:
        replaced[nxt] = match_case(texts[nxt], _inflected(same[0]))


def _postposed_adjective(texts: list[str], head: int, case: str,
                         replaced: dict[int, str]) -> None:
    """In a title, the last word, a capitalized adjective after the head in the case the
    head was written in, agrees with it and goes to the nominative too (``Императора
    Всероссийского`` -> ``Император Всероссийский``, ``папы Римского``); an adjective
    with a noun after it modifies that noun and is not the last word, and a lower-case
    one may be a noun (``игры сборной``)."""
    nxt = head + 1
    if (head not in replaced or not WORD_RE.fullmatch(texts[nxt]) or case == "nomn"
            or not texts[nxt][:1].isupper() or replaced[head].lower() == texts[head].lower()):
        return  # a head that was in the nominative (``обход Чусового``) keeps what follows
    facts = next((tag_facts(p.tag) for p in parse(replaced[head].lower())
                  if tag_facts(p.tag).pos == "NOUN"), None)
    if facts is None:
        return
    for p in parse(texts[nxt].lower()):
        own = tag_facts(p.tag)
        if own.pos == "ADJF" and own.case == case and own.number == facts.number and (
                facts.number == "plur" or own.gender == facts.gender):
            form = p.inflect({"nomn", facts.number or "sing"} | (
                {facts.gender} if facts.number != "plur" and facts.gender else set()))
            if form is not None:
                replaced[nxt] = match_case(texts[nxt], form.word)
            return


def _ordinal_nominative(ordinal: str, head: str) -> str:
    """``27-ю`` before the nominative ``дивизия`` -> ``27-я`` (``-й``, ``-я``, ``-е``)."""
    facts = next((tag_facts(p.tag) for p in parse(head.lower())
                  if tag_facts(p.tag).pos == "NOUN"), None)
    if facts is None:
        return ordinal
    ending = "е" if facts.number == "plur" else {"femn": "я", "neut": "е"}.get(
        facts.gender or "", "й")
    return f"{ordinal.split('-')[0]}-{ending}"


def _inflect_group(texts: list[str], start: int, label: str, after_prep: bool,
                   case: str | None, replaced: dict[int, str]) -> tuple[int, str] | None:
    """Inflect [adjectives] + head noun from ``start``; return (head index, its case)."""
    found = _find_head(texts, start)
    if found is None:
        return None
    modifiers, head = found
    if _is_abbreviation(texts[head]):
        return head, "nomn"
    choice = _choose(texts, modifiers, head, label, after_prep, case)
    if choice is None:
        return None
    for i, p in choice:
        form = p.word if "Fixd" in p.tag else _inflected(p)
        replaced[i] = match_case(texts[i], form)
    return head, choice[-1][1].tag.case


def _find_head(texts: list[str], start: int) -> tuple[list[int], int] | None:
    modifiers: list[int] = []
    for i in range(start, len(texts)):
        text = texts[i]
        if not WORD_RE.fullmatch(text):
            if modifiers:
                return None
            continue
        if _is_abbreviation(text):
            return (modifiers, i) if not modifiers else None
        poses = _poses(text.lower())
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        if poses & {"ADJF", "PRTF"} and _nominal(nxt):
            modifiers.append(i)
        elif "NOUN" in poses or poses & {"ADJF", "PRTF"}:
            return modifiers, i
        else:
            return None
    return None


def _nominal(text: str) -> bool:
    if not WORD_RE.fullmatch(text):
        return False
    return bool(_poses(text.lower()) & {"NOUN", "ADJF", "PRTF"})


@lru_cache(maxsize=50_000)
def _poses(word: str) -> frozenset[str | None]:
    """The parts of speech of all of ``word``'s parses, as plain strings (cached)."""
    return frozenset(None if p.tag.POS is None else str(p.tag.POS) for p in parse(word))


def _is_abbreviation(text: str) -> bool:
    return len(text) > 1 and text.isupper() and all(
        "Abbr" in p.tag or not p.is_known for p in parse(text.lower())[:1])


def _choose(texts: list[str], modifiers: list[int], head: int, label: str,
            after_prep: bool, case: str | None) -> list[tuple[int, Any]] | None:
    """The agreeing readings of modifiers and head, by preference then score."""
    head_parses = [p for p in parse(texts[head].lower()) if tag_facts(p.tag).pos in HEAD_POS]
    nouns = [p for p in head_parses if tag_facts(p.tag).pos == "NOUN"]
    head_parses = nouns or head_parses
    common = [p for p in head_parses if not tag_facts(p.tag).person]
    head_parses = common or head_parses
    best, best_key = None, None
    for h in head_parses:
        facts = tag_facts(h.tag)
        if case is not None and facts.case != case and not facts.fixed:
            continue
        picks, score = [], h.score
        for i in modifiers:
            match = _agreeing(texts[i], facts)
            if match is None:
                break
            picks.append((i, match))
            score *= match.score
        else:
            key = (_not_human(h, label), _rank(facts, label, after_prep), _not_unit(h, label),
                   -score)
            if best_key is None or key < best_key:
                best, best_key = [*picks, (head, h)], key
    return best


def _not_unit(p: Any, label: str) -> int:
    """0 for a military unit's word heading an organization (``полка`` is ``полк`` there,
    not ``полок``, which pymorphy scores the same), else 1."""
    from letopis.extract.military import UNIT_LEMMAS

    return 0 if label == "ORGANIZATION" and p.normal_form in UNIT_LEMMAS else 1


def _not_human(p: Any, label: str) -> int:
    """0 for an animate reading of a post's head (``графу`` is ``граф`` there, not
    ``графа``, a column, which pymorphy scores higher), else 1."""
    return 0 if label == "PROFESSION" and "anim" in p.tag else 1


def _agreeing(text: str, head: TagFacts) -> Any | None:
    """The best-scored adjective or participle reading of ``text`` agreeing with ``head``."""
    best = None
    for p in parse(text.lower()):
        facts = tag_facts(p.tag)
        if facts.pos not in ("ADJF", "PRTF"):
            continue
        case = PLAIN_CASES.get(head.case or "", head.case)
        if not head.fixed and (facts.case != case or facts.number != head.number):
            continue
        if facts.number == "sing" and head.gender in ("masc", "femn", "neut") and \
                facts.gender != head.gender:
            continue
        if best is None or p.score > best.score:
            best = p
    return best


def _rank(tag: TagFacts, label: str, after_prep: bool) -> int:
    nominative = tag.case == "nomn" or tag.fixed
    plural = tag.number == "plur"
    if label in TITLE_LABELS:
        rank = (0 if not plural else 1) if nominative else (2 if not plural else 3)
    else:
        rank = (0 if nominative else 1) if not plural else (2 if nominative else 3)
    return rank + (10 if after_prep and nominative else 0)


def _inflected(p: Any) -> str:
    return nominative_form(p) or p.word


def mention_normal(doc: Document, mention: Mention) -> str:
    """The canonical name of ``mention``: from ``doc.normals``, else its collapsed text."""
    return doc.normals.get(mention.id) or unquote(mention.text)


@lru_cache(maxsize=50_000)
def unquote(text: str) -> str:
    """Collapse spaces; drop quote marks that enclose the whole text or are unpaired."""
    text = " ".join(text.split())
    for left, right in PAIRS.items():
        while text.startswith(left) and text.count(left) > text.count(right):
            text = text[1:].lstrip()
        while text.endswith(right) and text.count(right) > text.count(left):
            text = text[:-1].rstrip()
        inner = text[1:-1]
        if text.startswith(left) and text.endswith(right) and _balanced(inner, left, right):
            text = inner.strip()
    if text.count('"') % 2 == 1:
        text = text.strip('"').strip()
    elif len(text) > 1 and text[0] == text[-1] == '"' and text.count('"') == 2:
        text = text[1:-1].strip()
    return text


def drop_parenthetical(text: str) -> str:
    """Drop a trailing abbreviation in brackets: ``Комитет ... (КГБ)`` -> ``Комитет ...``."""
    found = PARENTHETICAL_RE.fullmatch(text)
    return found.group(1) if found else text


def _balanced(text: str, left: str, right: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == left) - (char == right)
        if depth < 0:
            return False
    return depth == 0
