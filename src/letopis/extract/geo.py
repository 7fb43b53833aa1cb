"""Place refinement: a LOC span becomes COUNTRY, CITY, STATE_OR_PROVINCE or DISTRICT.

The label comes from ``places.tsv`` (names annotated in NEREL train, with how often each
label was given; the majority label is kept when it is clear enough) and from the
hand-written ``historical_states.tsv`` (20th-century states that modern news rarely
names) and ``historical_places.tsv`` (former names of cities and lands: ``Тифлис``,
``Дерпт``, ``Гельсингфорс``, ``Эстляндия``). A multi-word name not found there takes the
label its generic word implies (``... области`` -> STATE_OR_PROVINCE), else it stays
LOCATION.

``tag_places`` (an optional stage after NER) adds the place names NER leaves out: those
nested in organisation names (``правительство Польши``) and the adjectives NEREL marks
as places (``советских`` -> COUNTRY, ``московских`` -> CITY), when NEREL train
annotates them at most of their occurrences. It also reads the former place names that
a model trained on modern news does not know: a capitalised one gets its label whatever
the NER model said (``в Дерпте`` is no PERSON) or is added where it said nothing; and a
PERSON the model finds right after ``в``/``во``, in the prepositional case and with no
reading as a first name, surname or patronymic, is a place (``в Гельсингфорсе``):
NEREL train has no person there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import cache
from itertools import accumulate
from typing import Any

from letopis.doc import Document, Mention, Token
from letopis.extract.gazetteer import (
    FormTable,
    can_be,
    count_table,
    fold_form,
    is_word,
    key_starts,
    lemma_of,
    longest_matches,
    opens_sentence,
    phrase_key,
    read_rows,
    sentence_spans,
    span_tokens,
    tokens_key,
    word_set,
)
from letopis.morph import known_parses, share_case

PLACES = "places.tsv"
HISTORICAL = "historical_states.tsv"
FORMER = "historical_places.tsv"
SETTLEMENTS = "settlements.tsv"  # hand-written: settlement words and historical units
UNIT_LABELS = frozenset({"STATE_OR_PROVINCE", "DISTRICT"})
NO_NESTING = frozenset({"STATE_OR_PROVINCE"})  # units whose adjective is no place of its own
# Column order of places.tsv after the key.
PLACE_LABELS = ("COUNTRY", "CITY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION")
MIN_SHARE = 0.6  # the majority label must hold this share of the annotations
SURE_SHARE, SURE_COUNT = 0.8, 3  # relabel_places: a train label that overrides the model's
MIN_COUNT_AMBIGUOUS = 3  # a name given several labels needs this many annotations
MAX_PLACE_WORDS = 4
MIN_WORD_SHARE = 0.5  # tag_places: share of train occurrences annotated as that place
MIN_HEAD_NAMES = 4  # a generic word (``область``) must occur in this many train names
MIN_HEAD_SHARE = 0.75  # ... and this share of them must carry one label


@cache
def place_table() -> dict[str, str]:
    """Lemma key -> place label, from NEREL train and the historical list (loaded once)."""
    table: dict[str, str] = {}
    for name, label in _historical():
        table[phrase_key(name)] = label
    for key, counts in count_table(PLACES).items():
        majority = _majority(counts)
        if majority is not None:
            table[key] = majority
    return table


def _historical() -> list[tuple[str, str]]:
    """(name, label) of the hand-written lists: historical states, former place names."""
    rows = []
    for name in (HISTORICAL, FORMER):
        for row in read_rows(name):
            if len(row) >= 2 and row[1] in PLACE_LABELS:
                rows.append((row[0], row[1]))
    return rows


def former_places() -> list[tuple[str, str, str | None]]:
    """(name, label, GeoNames id or None) of ``historical_places.tsv``."""
    return [(row[0], row[1], row[2] if len(row) >= 3 and row[2] else None)
            for row in read_rows(FORMER) if len(row) >= 2 and row[1] in PLACE_LABELS]


@cache
def former_forms() -> FormTable[tuple[str, str]]:
    """Case-folded word form (ё as е) -> (label, name) of the one-word former place
    names: the name and every form of its noun readings (``Ревель``: ``ревеля``,
    ``ревеле``, ...), so a name the morphology guesses wrong in context (``Ревеле`` read as
    an adverb) still matches and is named in the nominative. Declined on demand."""
    return FormTable(((name, (label, name)) for name, label, _ in former_places()
                      if " " not in name), _former_declined)


def _former_declined(name: str) -> list[str]:
    """``name`` and its forms, less those that are a person's name or another word."""
    from letopis.morph import parse

    found = set(_declined(name))
    for reading in parse(name):
        if "NOUN" in reading.tag and fold_form(reading.word) == fold_form(name):
            found.update(f.word for f in reading.lexeme if "sing" in f.tag)
    # a form that is a person's or another word too stays out
    return [form for form in sorted(found)
            if fold_form(form) == fold_form(name) or not _other_word(form)]


def _other_word(word: str) -> bool:
    """Whether the dictionary reads ``word`` as a person's name or as a word other than
    a noun (``Сталина``; ``Свердловском`` as an adjective, ``Ревели`` as a verb)."""
    from letopis.morph import parse

    return any(p.is_known and ("NOUN" not in p.tag or _person_reading(p)) for p in parse(word))


def _person_form(word: str) -> bool:
    """Whether the dictionary reads ``word`` as a first name, surname or patronymic."""
    from letopis.morph import parse

    return any(p.is_known and _person_reading(p) for p in parse(word))


def _person_reading(parse: Any) -> bool:
    """Whether a pymorphy parse is a first name, surname or patronymic."""
    return "Name" in parse.tag or "Surn" in parse.tag or "Patr" in parse.tag


# singular case endings of a place name by its last letter (the name's own first); a
# name ending in a vowel such as ``Ковно`` is not declined
_ENDINGS = {"ь": ("ь", "я", "ю", "ем", "е", "и", "ью"), "й": ("й", "я", "ю", "ем", "е"),
            "а": ("а", "ы", "и", "е", "у", "ой", "ою"), "я": ("я", "и", "е", "ю", "ей")}
_CONSONANT = ("", "а", "у", "ом", "е")


def _declined(name: str) -> list[str]:
    """The singular case forms of a one-word place name by the common Russian
    declensions (``Ревель`` -> ``Ревеля``, ``Ревеле``, ...), for names the morphology
    does not know."""
    last = name[-1:].lower()
    if last in _ENDINGS:
        return [name[:-1] + ending for ending in _ENDINGS[last]]
    if last.isalpha() and last not in "аеёиоуыэюя":
        return [name + ending for ending in _CONSONANT]
    return [name]


@cache
def former_phrases() -> dict[str, str]:
    """Lemma key -> label of the former place names of several words."""
    return {phrase_key(name): label for name, label, _ in former_places() if " " in name}


@cache
def former_phrase_starts() -> dict[str, int]:
    """``key_starts`` of ``former_phrases`` (computed once)."""
    return key_starts(former_phrases())


def _majority(counts: tuple[int, ...]) -> str | None:
    """The clear majority label of a name's annotation counts, else None."""
    counts = counts[:len(PLACE_LABELS)]
    total = sum(counts)
    best = max(range(len(counts)), key=lambda i: counts[i])
    if total == 0 or counts[best] < MIN_SHARE * total:
        return None
    if counts[best] < total and total < MIN_COUNT_AMBIGUOUS:
        return None
    return PLACE_LABELS[best]


def place_label(doc: Document, start: int, end: int) -> str:
    """The NEREL label of the place name over ``doc.text[start:end]``.

    Uses the tokens' lemmas when the span is tokenised, else lemmatises the text.
    """
    table = place_table()
    tokens = span_tokens(doc, start, end)
    key = tokens_key(tokens, words_only=True) if tokens else phrase_key(doc.text[start:end])
    if key in table:
        return table[key]
    words = [t.text for t in tokens if is_word(t.text)]
    if len(words) == 1:
        for alt in _other_lemmas(words[0]):
            if alt in table:
                return table[alt]
    return _by_head(key.split()) or "LOCATION"


def _by_head(lemmas: list[str]) -> str | None:
    """The label a generic word of a longer name implies (``область`` -> province)."""
    heads = head_table()
    found = [heads[w] for w in lemmas if w in heads] if len(lemmas) > 1 else []
    return max(found)[1] if found else None


@cache
def head_table() -> dict[str, tuple[int, str]]:
    """Generic word -> (names seen, label), learnt from the multi-word names of places.tsv.

    A word qualifies when it is no place name itself, occurs in at least
    ``MIN_HEAD_NAMES`` train names and one label holds ``MIN_HEAD_SHARE`` of them.
    """
    table = place_table()
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for key, counts in count_table(PLACES).items():
        words = key.split()
        label = _majority(counts)
        if len(words) > 1 and label is not None:
            for word in set(words):
                seen[word][label] += 1
    heads = {}
    for word, labels in seen.items():
        label, n = labels.most_common(1)[0]
        total = sum(labels.values())
        if word not in table and total >= MIN_HEAD_NAMES and n >= MIN_HEAD_SHARE * total:
            heads[word] = (total, label)
    return heads


def _other_lemmas(word: str) -> list[str]:
    """Normal forms of the less probable parses of ``word`` (rare names mis-parsed)."""
    from letopis.morph import parse

    best = lemma_of(word)
    return [p.normal_form for p in parse(word) if p.normal_form != best]


@cache
def place_words() -> dict[str, str]:
    """Lemma key -> label of the train names ``tag_places`` may add on its own.

    Kept: COUNTRY, CITY, STATE_OR_PROVINCE, DISTRICT majority labels whose annotations
    make up at least ``MIN_WORD_SHARE`` of the key's occurrences in the train texts; and
    the historical states of several words train never names (``state_table``).
    """
    words = {}
    table = count_table(PLACES)
    for key, counts in table.items():
        label = _majority(counts)
        annotated = sum(counts[:len(PLACE_LABELS)])
        occurrences = max(counts[len(PLACE_LABELS)], annotated)
        if label not in (None, "LOCATION") and annotated >= MIN_WORD_SHARE * occurrences:
            words[key] = label
    for key, label in state_table().items():  # ``Союз ССР``: train has not seen it
        if key not in table:
            words[key] = label
    return words


@cache
def place_word_starts() -> dict[str, int]:
    """``key_starts`` of ``place_words`` (computed once)."""
    return key_starts(place_words())


class Enclosures:
    """Intervals, indexed to answer "does one of them enclose [start, end)?" quickly."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))  # farthest end so far

    def encloses(self, start: int, end: int) -> bool:
        """True when some interval has ``s <= start`` and ``end <= e``."""
        k = bisect_right(self.starts, start)
        return k > 0 and self.reach[k - 1] >= end


def former_matches(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, label) of the capitalised former place names in ``doc``'s tokens."""
    forms, phrases = former_forms(), former_phrases()
    found = [(t.start, t.end, forms[key][0]) for t in doc.tokens
             if t.text[:1].isupper() and (key := fold_form(t.text)) in forms]
    starts = former_phrase_starts()
    if not any(t.lemma in starts for t in doc.tokens):  # no name of several words
        return found
    for first, last in sentence_spans(doc):
        tokens = [t for t in doc.tokens[first:last] if is_word(t.text)]
        lemmas = [t.lemma for t in tokens]
        for a, b in longest_matches(lemmas, phrases, MAX_PLACE_WORDS, starts):
            if tokens[a].text[:1].isupper():
                found.append((tokens[a].start, tokens[b - 1].end,
                              phrases[" ".join(lemmas[a:b])]))
    return found


# labels a former place name is taken from (unless it stands in quotes: a title)
RELABELLED = frozenset({"PERSON", "ORGANIZATION", *PLACE_LABELS})
OPENING, CLOSING = "«\"„“'", "»\"“”'"
AFTER_V = re.compile(r"(?:^|[^\w-])[вВ]о?\s+$")
AFTER_POD = re.compile(r"(?:^|[^\w-])[пП]одо?\s+$")  # ``под Бородином``, ``под Москвой``
# ``из-под Орла``, ``близ Можайска``: prepositions of the genitive that place a thing near
# a place, never a person (``близ Ренаты`` is a first name, which the test excludes)
AFTER_NEAR = re.compile(r"(?:^|[^\w-])(?:[иИ]з-под|[бБ]лиз)\s+$")


def located_person(doc: Document, start: int, end: int) -> bool:
    """Whether a span the NER model calls a PERSON reads as a place: right after ``в`` or
    ``во`` with the last word in the prepositional case, or after ``под`` in the
    instrumental (``под Бородином``) or after ``из-под`` or ``близ`` in the genitive (``из-под
    Орла``, ``близ Можайска``), every word capitalised, and no word with a
    dictionary reading as a first name, surname or patronymic (``в Нойштадте``, ``в
    Кронвальдсберге``; not ``в Иване``, ``в Толстом``, ``под Суворовым``); or after a
    wound or a death and ``при`` where it reads as a place (``ранен при Бородине``, not
    ``погиб при Сталине``); or after a battle word and ``при`` with no word read as a
    first name (``в сражениях при Бородине``, though ``Бородин`` is a surname; not
    ``победа при Петре``)."""
    from letopis.morph import parse

    words = doc.text[start:end].split()
    before = doc.text[max(0, start - 8):start]
    cases = (("loct", "loc2") if AFTER_V.search(before)
             else ("ablt",) if AFTER_POD.search(before)
             else ("gent",) if AFTER_NEAR.search(before) else ())
    if not words or not all(w[:1].isupper() for w in words):
        return False
    if _battle_at(doc.text, start):  # ``в сражении при Бородине``: a battle's place
        return not any(_first_name_form(w) for w in words)
    if _fell_at(doc.text, start):  # ``ранен при Бородине``; ``погиб при Сталине`` stays
        return len(words) == 1 and _place_form(words[0], "loct")
    previous = _previous_place(doc, start) if not cases and len(words) == 1 else ""
    if previous:  # ``в Ревеле и Юрьеве``: a place's fellow in a list, in its case, though
        # ``Юрьев`` is a surname too
        return not _first_name_form(words[0]) and share_case(words[0], previous)
    if not cases:
        return False
    if any(_person_form(w) for w in words):  # a guess by analogy (``-берге``) does not count
        return False
    return any(case in p.tag for p in parse(words[-1]) for case in cases)


_COORDINATION = re.compile(r"(?:[ \u00a0]+и|,)[ \u00a0]+$")


def _previous_place(doc: Document, start: int) -> str:
    """The text of the place mention that a list joins to the word at ``start`` (``Ревеле``
    of ``в Ревеле и Юрьеве``), else ""."""
    match = _COORDINATION.search(doc.text, max(0, start - 6), start)
    if match is None:
        return ""
    end = match.start()
    place = next((m for m in doc.mentions if m.end == end and m.label in PLACE_LABELS
                  and " " not in m.text), None)
    if place is None or not AFTER_V.search(doc.text[max(0, place.start - 6):place.start]):
        return ""
    return place.text


# ``сражение при Бородине``, ``победа при Полтаве``, ``дело под Лейпцигом``: a battle
# and ``при`` before a name in the locative name the battle's place
BATTLE_AT = re.compile(r"(?:сражени|битв|бо[йяюе]|бо[её]в|победы?|поражени|дел[оау]"
                       r"|штурм)\w*\s+(?:[а-яё]+\s+)?при\s+$", re.IGNORECASE)


# ``ранен при Бородине``, ``убит при Аустерлице``: a wound or a death and ``при`` before a
# place in the locative; a ruler's name may follow as well (``погиб при Сталине``), so
# the word must read as a place (``_place_form``)
FELL_AT = re.compile(r"(?:ранен|контужен|убит|пал|погиб|отличил)\w*\s+при\s+$", re.IGNORECASE)


def _fell_at(text: str, start: int) -> bool:
    return bool(FELL_AT.search(text[max(0, start - 30):start]))


def _place_form(word: str, case: str) -> bool:
    """Whether the dictionary reads ``word`` as a place in ``case`` and not as a first
    name."""
    parses = known_parses(word)
    return (any("Geox" in p.tag and case in p.tag for p in parses)
            and not any("Name" in p.tag for p in parses))


def _battle_at(text: str, start: int) -> bool:
    """Whether a battle word and ``при`` stand right before ``start``."""
    return bool(BATTLE_AT.search(text[max(0, start - 40):start]))


def _first_name_form(word: str) -> bool:
    """Whether the dictionary reads ``word`` as a first name (``при Петре`` stays a person;
    a surname reading does not count: ``Бородине``)."""
    from letopis.morph import parse

    return any(p.is_known and "Name" in p.tag for p in parse(word))


def _patronymic(word: str) -> bool:
    """Whether the dictionary reads ``word`` as a patronymic (``Федоровны``)."""
    from letopis.morph import parse

    return word[:1].isupper() and any(p.is_known and "Patr" in p.tag for p in parse(word))


# ``г.`` before a capitalized word is ``город`` (``в г. Рославль``, ``из г. Вязьмы``) or, in
# older prose, ``господин`` (``статья г. Полевого``): the word after it and the
# preposition before it decide (``town_after``).
TOWN_ABBREVIATIONS = frozenset({"г", "гор"})
TOWN_PREPOSITIONS = frozenset({"в", "во", "из", "под"})  # never before ``господин``
NEAR_PREPOSITIONS = frozenset({"близ", "около", "у", "по"})  # ``у г. Иванова``: either


def town_after(tokens: list[Token], i: int, old: bool = False) -> bool:
    """Whether the lower-case ``г.`` (or ``гор.``) at token ``i`` means ``город``: a
    capitalized word follows, and ``в``, ``из`` or ``под`` precede (``в г. Иванове``, ``в
    г. Великие Луки``), or ``у``, ``около``, ``близ``, ``по`` precede and the word is
    unknown to the dictionary, or the word reads as a place (pymorphy3 ``Geox``) and not
    as a person (``г. Рославль``; ``у г. Иванова`` and ``к г. Иванову`` stay Mr Ivanov's,
    as does ``статья г. Полевого``). The noun decides after an adjective (``г. Нижний
    Новгород``). In a pre-1918 text (``old``), where ``г.`` is mostly ``господин``, only
    a word that reads as a place and not as a person is a town (``влюбляется въ г.
    Диккена`` is Mr Dickens)."""
    if i + 2 >= len(tokens) or tokens[i].text not in TOWN_ABBREVIATIONS:
        return False
    if tokens[i + 1].text != "." or tokens[i + 1].start != tokens[i].end:
        return False
    if not _capital_word(tokens[i + 2].text):
        return False
    from letopis.models import morph_analyzer
    from letopis.morph import parse

    word = tokens[i + 2].text
    if likely_adjective(word) and i + 3 < len(tokens) and _capital_word(tokens[i + 3].text):
        word = tokens[i + 3].text  # ``г. Нижний Новгород``: the noun decides
    before = tokens[i - 1].text.lower() if i else ""
    if before in TOWN_PREPOSITIONS and not old:
        return True
    parses = parse(word.lower())
    place = any("Geox" in p.tag for p in parses)
    if place and not any(_person_reading(p) for p in parses):
        return True
    return (not old and before in NEAR_PREPOSITIONS
            and not morph_analyzer().word_is_known(word.lower()))


def _capital_word(word: str) -> bool:
    return word[:1].isupper() and word.replace("-", "").isalpha()


def likely_adjective(word: str) -> bool:
    """Whether the likeliest reading of ``word`` is a full adjective (``Нижний``)."""
    from letopis.morph import parse

    parses = parse(word.lower())
    return bool(parses) and parses[0].tag.POS == "ADJF"


def town_spans(doc: Document) -> list[tuple[int, int]]:
    """The spans of the town names after ``г.`` (``town_after``): the capitalized word, or
    two when the first is an adjective (``г. Нижний Новгород``)."""
    tokens = doc.tokens
    old = doc.meta.orthography == "prereform"
    spans = []
    for i, token in enumerate(tokens):
        if token.text not in TOWN_ABBREVIATIONS or not town_after(tokens, i, old):
            continue
        end = tokens[i + 2].end
        if (likely_adjective(tokens[i + 2].text) and i + 3 < len(tokens)
                and _capital_word(tokens[i + 3].text) and tokens[i + 3].start - end == 1):
            end = tokens[i + 3].end
        spans.append((tokens[i + 2].start, end))
    return spans


@cache
def settlement_table() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(folded lemma -> kind, abbreviation -> (the word it stands for, kind)) of
    ``SETTLEMENTS``; a kind is ``settlement`` or the label of an administrative unit."""
    words: dict[str, str] = {}
    abbreviations: dict[str, tuple[str, str]] = {}
    for row in read_rows(SETTLEMENTS):
        words[fold_form(lemma_of(row[0]))] = row[2]
        for abbreviation in filter(None, row[1].split(",")):
            abbreviations[abbreviation] = (row[0], row[2])
    return words, abbreviations


def kind_before(tokens: list[Token], i: int) -> tuple[Token, str, bool] | None:
    """(the token, its word's folded lemma, whether abbreviated) of the settlement, unit or
    feature word that ends at token ``i`` (``селе``, ``реке``; ``с.``, ``р.`` as their
    words), if it is one: what names the place right after it."""
    words, abbreviations = settlement_table()
    token = tokens[i]
    if token.text == "." and i > 0 and tokens[i - 1].end == token.start:
        found = abbreviations.get(tokens[i - 1].text)
        return None if found is None else (tokens[i - 1], fold_form(found[0]), True)
    lemma = fold_form(token.lemma or "")
    return (token, lemma, False) if lemma in words else None


def _abbreviation(tokens: list[Token], i: int) -> str | None:
    """The kind of the abbreviation written at token ``i`` (``д.``, ``губ.``), if any."""
    found = settlement_table()[1].get(tokens[i].text)
    if found is None or i + 1 >= len(tokens) or "-" in tokens[i].text:
        return None
    period = tokens[i + 1]
    return found[1] if period.text == "." and period.start == tokens[i].end else None


def _kind(text: str, tokens: list[Token], i: int) -> tuple[str, int] | None:
    """(kind, tokens it takes) of a settlement or unit word or abbreviation in lower case
    (a word may open a sentence or a line with a capital: ``Деревня Татаринова.`` at the
    foot of a report)."""
    token = tokens[i]
    if not token.text[:1].islower() and not (token.text.isalpha()
                                             and opens_sentence(text, tokens, i)):
        return None
    lemma = token.lemma or lemma_of(token.text)
    kind = settlement_table()[0].get(lemma.replace("ё", "е") if "ё" in lemma else lemma)
    if kind is not None and token.text.isalpha():
        plural = kind in ("settlement", "feature") and "plur" in (token.tag or "")
        return None if plural else (kind, 1)  # ``одного из сёл Киевской области``
    if not token.text[:1].islower():
        return None  # a capital letter and a period: an initial (``Д. Петров``)
    contracted = settlement_table()[1].get(token.text) if "-" in token.text else None
    if contracted is not None:  # ``Вяземского р-на``: written short without a period
        return contracted[1], 1
    kind = _abbreviation(tokens, i)
    return (kind, 2) if kind is not None else None


def _placename(word: str) -> bool:
    """A word that reads as a place and not as a person, or one the dictionary lacks."""
    from letopis.models import morph_analyzer
    from letopis.morph import parse

    parses = parse(word.lower())
    if not morph_analyzer().word_is_known(word.lower()):
        return True
    return any("Geox" in p.tag for p in parses) and not any(_person_reading(p) for p in parses)


def settlement_spans(doc: Document) -> list[tuple[int, int, str, int]]:
    """(start, end, label, start of the word that named it) of the places the words of
    ``SETTLEMENTS`` name: the name after a settlement word (``села Ивановка``, ``д.
    Петровка``: a CITY; after an abbreviation one word only if a ``_placename``; two
    capitalized words when the first is an adjective, ``села Большие Вязёмы``, ``с. Новая
    Слобода``) and a unit with the capitalized adjective before it (``Рославльском
    уезде``, ``Тамбовской губ.``: the unit's label, the abbreviation's period left out)."""
    tokens = doc.tokens
    words, abbreviations = settlement_table()
    spans = []
    for i, token in enumerate(tokens):
        lemma = token.lemma
        if lemma not in words and token.text not in abbreviations and "ё" not in lemma:
            continue  # the quick test: most words are none
        found = _kind(doc.text, tokens, i)
        if found is None:
            continue
        kind, size = found
        label = NAMED_AFTER.get(kind)
        if label is None:
            if i and _capital_word(tokens[i - 1].text) and (
                    likely_adjective(tokens[i - 1].text)
                    or can_be(tokens[i - 1].text, "ADJF", *_case_of_token(token))):
                spans.append((tokens[i - 1].start, tokens[i].end, kind, tokens[i].start))
            continue
        j = i + size
        if j >= len(tokens) or not _capital_word(tokens[j].text):
            continue
        last = j
        if likely_adjective(tokens[j].text) and j + 1 < len(tokens):
            if not (_capital_word(tokens[j + 1].text)
                    and tokens[j + 1].start - tokens[j].end == 1):
                # ``Село Покровское``: the adjective agreeing with the settlement word is
                # its name; else an adjective of something else (``Киевской области``)
                if size == 1 and _names_settlement(tokens[i], tokens[j], tokens[j + 1]):
                    spans.append((tokens[j].start, tokens[j].end, label, tokens[i].start))
                continue
            # ``села Покровского Василий Андреев``: the next word is someone's name; and
            # ``д. Никольское Волоколамского р-на``: the next word is its district's
            district = j + 2 < len(tokens) and _unit_word(doc.text, tokens, j + 2)
            if district:  # the adjective alone is the village's name
                spans.append((tokens[j].start, tokens[j].end, label, tokens[i].start))
                continue
            if share_case(tokens[j].text, tokens[j + 1].text):
                last = j + 1
        if size == 2 and last == j and not (_placename(tokens[j].text)
                                            or VILLAGE_FORM.fullmatch(tokens[j].text)):
            continue  # one word after an abbreviation: a place name only (not ``д. Петрова``)
        if j + 1 < len(tokens) and _first_name_form(tokens[j].text) and _patronymic(
                tokens[j + 1].text):
            continue  # ``в деревне Анны Федоровны``: the village of a person so named
        spans.append((tokens[j].start, tokens[last].end, label, tokens[i].start))
    return spans


def _unit_word(text: str, tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` is a unit's word or abbreviation (``р-на``, ``уезда``, ``губ.``)."""
    found = _kind(text, tokens, i)
    return found is not None and found[0] in UNIT_LABELS


def _case_of_token(token: Token) -> tuple[str, ...]:
    """The case of a token's best reading, as a one-grammeme tuple (empty if none):
    ``Шелонской пятине`` reads ``Шелонской`` first as a surname, and as an adjective in
    the unit's case too."""
    cases = ("nomn", "gent", "datv", "accs", "ablt", "loct")
    return next(((c,) for c in cases if c in token.tag), ())


# a village's name in the nominative or the locative (``с. Кривцово``, ``с. Кривцове``):
# forms a surname after an abbreviation never takes
VILLAGE_FORM = re.compile(r"[А-ЯЁ][а-яё]+(?:[оеё]в|[иы]н)[ое]")

# the label of the name after a settlement's or a natural feature's word
NAMED_AFTER = {"settlement": "CITY", "feature": "LOCATION"}


def _names_settlement(word: Token, adjective: Token, after: Token) -> bool:
    """Whether a capitalized ``adjective`` right after the settlement ``word`` agrees with
    it in gender, number and case (``Село Покровское``, ``деревни Ивановской``) and no
    unit's word follows it (``в деревне Киевской области``: the province's adjective)."""
    from letopis.morph import parse

    if (after.lemma or lemma_of(after.text)) in settlement_table()[0]:
        return False
    nouns = [p.tag for p in parse(word.text.lower()) if p.tag.POS == "NOUN"]
    adjectives = [p.tag for p in parse(adjective.text.lower()) if p.tag.POS == "ADJF"]
    return any(a.case == n.case and a.number == n.number == "sing" and a.gender == n.gender
               for n in nouns for a in adjectives)


def name_towns(doc: Document) -> None:
    """Make each town after ``г.`` (``town_spans``) a CITY and each place the words of
    ``SETTLEMENTS`` name (``settlement_spans``) a mention of its label: a person or place
    mention starting at it (or at the word naming it: the NER model's ``г. Рославль``)
    goes, as does one over the adjective of a province alone, and one of another label
    over the same span; the mention is added unless there is one."""
    spans = [(start, end, "CITY", doc.text.rfind("г", 0, start))
             for start, end in town_spans(doc)] + settlement_spans(doc)
    if not spans:
        return
    towns = [(start, word) for start, _, label, word in spans if label in NAMED_AFTER.values()]
    starts = {start for start, _ in towns} | {word for _, word in towns}
    exact = {(start, end, label) for start, end, label, _ in spans}
    same = {(m.start, m.end, m.label) for m in doc.mentions} & exact
    # NEREL nests the city in a district named after it (``Московского района``), never
    # in a province (``Тамбовской губернии``)
    adjectives = {(start, word) for start, _, label, word in spans if label in NO_NESTING}
    doc.mentions = [m for m in doc.mentions if (m.start, m.end, m.label) in same or not (
        (m.start in starts and (m.label == "PERSON" or m.label in PLACE_LABELS))
        or any((m.start, m.end) == (s, e) for s, e, *_ in spans)
        or any(m.start == s and m.end < w for s, w in adjectives))]
    for start, end, label, _ in spans:
        if (start, end, label) not in same:
            doc.add_mention(start, end, label)


def relabel_places(doc: Document) -> Document:
    """Give former place names their label where the NER model called them a person, an
    organisation (not in quotes: «Ленинград» is a band's name) or another place, or add
    them where it marked nothing; make a ``located_person`` a place; and give another
    place the label NEREL train nearly always gives its name (``sure_label``).

    A town named after ``г.`` is a CITY first (``name_towns``).

    Reads: text, tokens, sentences, mentions. Writes: mentions (labels, new mentions).
    """
    name_towns(doc)
    by_span: dict[tuple[int, int], list[Mention]] = defaultdict(list)
    for m in doc.mentions:
        by_span[(m.start, m.end)].append(m)
    persons = Enclosures([(m.start, m.end) for m in doc.mentions if m.label == "PERSON"])
    matches = former_matches(doc)
    for start, end, label in matches:
        before, after = doc.text[max(start - 1, 0):start], doc.text[end:end + 1]
        quoted = bool(before and after) and before in OPENING and after in CLOSING
        if by_span.get((start, end)):  # a person, an organisation or a place of another
            for m in by_span[(start, end)]:  # label; not a name in quotes («Ленинград»,
                if m.label in RELABELLED and not quoted:  # a band) nor any other label
                    m.label = label
        elif not persons.encloses(start, end):
            by_span[(start, end)].append(doc.add_mention(start, end, label))
    former = {(s, e) for s, e, _ in matches}
    for m in doc.mentions:
        if m.label == "PERSON" and located_person(doc, m.start, m.end):
            label = place_label(doc, m.start, m.end)
            m.label = "CITY" if label == "LOCATION" and " " not in m.text else label
        elif m.label in PLACE_LABELS and (m.start, m.end) not in former:
            m.label = sure_label(doc, m.start, m.end) or m.label
    return doc


@cache
def sure_table() -> dict[str, str]:
    """Lemma key -> the place label NEREL train gives the name nearly always
    (``SURE_SHARE`` of at least ``SURE_COUNT`` annotations)."""
    table = {}
    for key, counts in count_table(PLACES).items():
        counts = counts[:len(PLACE_LABELS)]
        best = max(range(len(counts)), key=lambda i: counts[i])
        if sum(counts) >= SURE_COUNT and counts[best] >= SURE_SHARE * sum(counts):
            table[key] = PLACE_LABELS[best]
    return table


def sure_label(doc: Document, start: int, end: int) -> str | None:
    """The label NEREL train nearly always gives the place name over ``[start, end)``
    (``Манхэттен`` DISTRICT, ``Макао`` STATE_OR_PROVINCE), or None."""
    tokens = span_tokens(doc, start, end)
    key = tokens_key(tokens, words_only=True) if tokens else phrase_key(doc.text[start:end])
    return sure_table().get(key)


# Adjectives of the kinds of units, settlements and troops themselves: ``губернского
# комитета``, ``уездного суда``, ``городской думы``, ``гвардейского полка`` name no place
# (NEREL has no place mention with one)
GENERIC_ADJECTIVES = frozenset({
    "губернский", "уездный", "областной", "районный", "волостной", "городской",
    "сельский", "краевой", "окружной", "станичный", "поселковый", "столичный", "местный",
    "губернскій", "уѣздный",
    # the bodies of local self-government and of the church (``губернским земским
    # собранием``, ``епархиального училища``, ``приходской школы``)
    "земский", "земскій", "епархиальный", "епархіальный", "приходский", "приходской",
    # the kinds of troops (``175 гвардейского стрелкового полка``)
    "гвардейский", "стрелковый", "пехотный", "кавалерийский", "танковый",
    "артиллерийский", "мотострелковый", "гренадерский", "драгунский", "гусарский",
    "уланский", "кирасирский", "егерский", "саперный", "сапёрный", "пулеметный",
    "пулемётный", "гвардейскій", "пѣхотный",
})


# Adjectives of the estates of the realm (``крестьянская девица``, ``солдатская вдова`` of
# parish registers and revision lists) name no people: NEREL never marks one a NATIONALITY
ESTATE_ADJECTIVES = frozenset({
    "крестьянский", "солдатский", "мещанский", "дворянский", "купеческий", "помещичий",
    "крепостной", "однодворческий", "цеховой", "разночинский", "господский", "посадский",
    "дворовый", "монастырский", "удельный", "ясачный", "казённый", "казенный", "служилый",
})


def families(doc: Document) -> None:
    """Make a one-word place a PERSON where the word reads only as a plural and never as
    a place: a family (``Обедал у Вяземских``, ``у Карамзиных``; memoirs and diaries name
    households so), not the town GeoNames calls ``Вяземский``; and a one-word PERSON a
    CITY where the dictionary reads the word only as a plural, once as a place, never as
    a surname (``у Барановичей``: one person is no plural)."""
    for m in doc.mentions:
        if not (m.label in PLACE_LABELS or m.label == "PERSON") or not m.text.isalpha():
            continue
        parses = known_parses(m.text) if _capital_word(m.text) else ()
        if not parses or not all("plur" in p.tag for p in parses):
            continue
        surname = any("Surn" in p.tag for p in parses)
        place = any("Geox" in p.tag for p in parses)
        if m.label == "PERSON":
            if place and not surname:  # ``у Барановичей``: a town's plural, no one person
                m.label = "CITY"
        elif surname and not place and m.text.lower().endswith(("ых", "их")):
            m.label = "PERSON"


def surnames_after_patronymics(doc: Document) -> None:
    """Join to a person named by first name and patronymic the capitalized word right
    after it that the dictionary reads as a surname in the patronymic's case, where the
    model read it as a one-word place (``Григорий Иванович Петровский``: a town) or left it
    out (``Алексею Михайловичу Ртищеву``): after a patronymic a capitalized word is the
    surname."""
    from letopis.morph import parse

    places = {m.start: m for m in doc.mentions
              if m.label in PLACE_LABELS and m.text.isalpha() and m.text[:1].isupper()}
    starts = {t.start: t for t in doc.tokens}
    covered = [(m.start, m.end) for m in doc.mentions]
    joined = []
    for m in doc.mentions:
        if m.label != "PERSON" or doc.text[m.end:m.end + 1] != " ":
            continue
        place = places.get(m.end + 1)
        token = starts.get(m.end + 1)
        if place is None and (token is None or not token.text.isalpha()
                              or not token.text[:1].isupper()
                              or any(s <= token.start < e for s, e in covered)):
            continue
        word = place.text if place is not None else token.text  # type: ignore[union-attr]
        end = place.end if place is not None else token.end  # type: ignore[union-attr]
        last = m.text.split()[-1]
        if (len(m.text.split()) >= 2 and any("Patr" in p.tag for p in parse(last))
                and _surname_in_case(word, last)):
            joined.append((m, place, end))
    if not joined:
        return
    gone = {id(x) for person, place, _ in joined for x in (person, place) if x is not None}
    doc.mentions = [m for m in doc.mentions if id(m) not in gone]
    for person, _, end in joined:
        doc.add_mention(person.start, end, "PERSON")


def _surname_in_case(word: str, patronymic: str) -> bool:
    """Whether ``word`` reads as a surname in a case of ``patronymic``: a dictionary
    reading, or a surname's regular paradigm (``Ртищеву``, which the dictionary lacks)."""
    from letopis.morph import parse
    from letopis.resolve.names import surname_rule_readings

    if any("Surn" in p.tag for p in parse(word)) and share_case(patronymic, word):
        return True
    cases = {p.tag.case for p in parse(patronymic) if "Patr" in p.tag}
    return any(r.case in cases for r in surname_rule_readings(word.lower()))


# what people do and towns do not (``Киров выступил``, ``Калинин родился``)
HUMAN_VERBS = frozenset({
    "выступить", "выступать", "родиться", "умереть", "скончаться", "погибнуть", "жениться",
    "окончить", "учиться", "служить", "вступить", "приехать", "уехать", "вернуться",
    "возглавить", "возглавлять", "руководить", "командовать", "подписать",
})


def speakers(doc: Document) -> None:
    """Make a PERSON of a one-word place right before a verb of speech or writing or a
    verb of what people do (``HUMAN_VERBS``) in the past, singular, of the gender the word
    has as a surname in the nominative (``Жуковский писал Тургеневу``, ``Киров
    выступил``, where the model read a town): a surname speaks, a capital in the news does
    not (``Москва заявила``, ``Вашингтон заявил``: no surname reading)."""
    from letopis.extract.cues import SPEECH_VERBS, norm

    places = [m for m in doc.mentions if m.label in PLACE_LABELS and m.text.isalpha()
              and m.text[:1].isupper()]
    if not places:
        return
    starts = {t.start: t for t in doc.tokens}
    for m in places:
        verb = starts.get(m.end + 1)
        if (verb is None or doc.text[m.end] != " " or verb.pos != "VERB"
                or "past" not in verb.tag or "sing" not in verb.tag
                or not (norm(verb.lemma) in SPEECH_VERBS or verb.lemma in HUMAN_VERBS)):
            continue
        gender = "femn" if "femn" in verb.tag else "masc"
        if any("Surn" in p.tag and "nomn" in p.tag and gender in p.tag
               for p in known_parses(m.text)):
            m.label = "PERSON"


# prepositions after which a surname that is also a town's name is the town (``в Пушкине``,
# ``из Кирова``); after others the person the document names elsewhere (``о Пушкине``)
PLACE_PREPOSITIONS = frozenset({"в", "во", "из", "изо", "под", "подо", "до", "через", "близ",
                                "около", "возле", "подле", "над", "из-под"})


def persons_named_elsewhere(doc: Document) -> None:
    """Make a PERSON of a one-word place that the dictionary reads as a surname, where the
    document names a person by the same surname and no place preposition stands before it
    (``о Пушкине`` in a text about ``Пушкин``; ``в Пушкине`` stays the town), or ``имени``
    stands before it (``завод имени Кирова``)."""
    surnames = {_surname_lemma(m.text) for m in doc.mentions if m.label == "PERSON"}
    surnames.discard("")
    for m in doc.mentions:
        if m.label not in PLACE_LABELS or not m.text.isalpha() or not m.text[:1].isupper():
            continue
        before = doc.text[max(0, m.start - 10):m.start].split()
        if before and before[-1].lower() in ("имени", "им.") and _surname_lemma(m.text):
            m.label = "PERSON"  # ``завод имени Кирова``: named after a person
            continue
        if _surname_lemma(m.text) in surnames and not _after_place_preposition(doc, m.start):
            m.label = "PERSON"


_LIST_JOIN = re.compile(r"\s+и\s+")


def listed_persons(doc: Document) -> None:
    """Make a PERSON of a one-word place that the dictionary reads as a surname, joined by
    ``и`` to a person's mention right before or after it in a case they share and after
    no place preposition (``встретил Вяземского и Александра Тургенева``, where the model
    read the town Вяземский): one list names one kind of thing."""
    persons = [m for m in doc.mentions if m.label == "PERSON"]
    if not persons:
        return
    ends = {m.end: m for m in persons}
    starts = {m.start: m for m in persons}
    for m in doc.mentions:
        if (m.label not in PLACE_LABELS or " " in m.text or not m.text[:1].isupper()
                or not any("Surn" in p.tag for p in known_parses(m.text))):
            continue
        if _after_place_preposition(doc, m.start):
            continue  # ``в Москве и Петрове``: a list of places
        after = _LIST_JOIN.match(doc.text, m.end)
        before = _LIST_JOIN.search(doc.text, max(0, m.start - 5), m.start)
        other = (starts.get(after.end()) if after else None) or (
            ends.get(before.start()) if before and before.end() == m.start else None)
        if other is not None and share_case(m.text, other.text.split()[0]):
            m.label = "PERSON"


def _after_place_preposition(doc: Document, start: int) -> bool:
    """Whether one of ``PLACE_PREPOSITIONS`` is the word right before ``start``."""
    before = doc.text[max(0, start - 10):start].split()
    return bool(before) and before[-1].lower() in PLACE_PREPOSITIONS


def _surname_lemma(text: str) -> str:
    """The surname reading's lemma of a person's last word (``Пушкина`` -> ``пушкин``),
    else ""."""
    word = text.split()[-1] if text.split() else ""
    return next((p.normal_form for p in known_parses(word) if "Surn" in p.tag), "")


def drop_generic_adjectives(doc: Document) -> None:
    """Drop a one-word place mention in lower case over an adjective of a kind of unit or
    settlement (``губернского`` of ``губернского комитета РКП(б)``, read as a CITY, or
    ``земскому`` read as a LANGUAGE), and a place or NATIONALITY over an adjective of an
    estate (``крестьянская девица``) or of a stance (``антисоветского блока``)."""
    gone = {m.id for m in doc.mentions
            if m.text[:1].islower() and " " not in m.text and _generic(m.label, m.text)}
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]


# nouns of a reign, an era, a policy or a circle: an adjective of a person's name before
# them names the person's time, not a place (``петровских реформ``, ``николаевская эпоха``)
ERA_NOUNS = frozenset((
    "эпоха", "эра", "время", "век", "пора", "период", "царствование", "правление",
    "реформа", "преобразование", "указ", "манифест", "законодательство", "политика",
    "режим", "команда", "окружение", "двор", "вельможа", "фаворит", "оттепель", "застой",
    "репрессия", "террор", "наследие", "учение",
))


def drop_person_adjectives(doc: Document) -> None:
    """Drop a one-word place or NATIONALITY mention over an adjective of a person's name
    before a noun of a reign, an era or a circle (``петровских реформ``, ``Николаевская
    эпоха``, ``лужковской команды``, ``пушкинскую пору``, ``Екатерининского вельможи``,
    which older print writes with a capital): its stem is a surname or a first name
    (``петров``, ``екатерина`` of ``екатерининский``), and no place of the document is
    named by that stem (``Иваново`` keeps ``ивановская команда``). Where a person of the
    document bears that surname the adjective becomes a PERSON mention, as NEREL marks it
    (``Юрий Лужков`` ... ``лужковской команды``)."""
    tokens = doc.tokens
    starts = {t.start: k for k, t in enumerate(tokens)}
    places = [lemma for m in doc.mentions if m.label in PLACE_LABELS
              and not (lemma := lemma_of(m.text.lower())).endswith(("ский", "цкий"))]
    surnames = {lemma_of(m.text.split()[-1].lower()) for m in doc.mentions
                if m.label == "PERSON" and m.text[:1].isupper()}
    gone: set[str] = set()
    named: list[tuple[int, int]] = []
    for m in doc.mentions:
        if m.label not in (*PLACE_LABELS, "NATIONALITY") or " " in m.text or m.start not in starts:
            continue
        k = starts[m.start]
        if k + 1 >= len(tokens) or tokens[k].end != m.end:
            continue
        stem = _person_stem(lemma_of(m.text.lower()))
        if (stem and lemma_of(tokens[k + 1].text.lower()) in ERA_NOUNS
                and not any(place.startswith(stem[:4]) for place in places)):
            gone.add(m.id)
            if stem in surnames:
                named.append((m.start, m.end))
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
    for start, end in named:
        doc.add_mention(start, end, "PERSON")


def _person_stem(lemma: str) -> str | None:
    """The name an adjective's lemma is made from, if it is a person's: ``петровский`` ->
    ``петров`` (a surname), ``екатерининский`` -> ``екатерина``, ``петровский`` also
    ``петр``; None for a place's (``петербургский``, ``киевский``)."""
    if not lemma.endswith("ский") or len(lemma) < 8:
        return None
    stem = lemma[:-4]
    forms = [stem]
    if stem.endswith("ин"):
        forms.append(stem[:-2] + "а")
    if stem.endswith(("ов", "ев")):
        forms.append(stem[:-2])
    for form in forms:
        if any(p.tag.POS == "NOUN" and ("Surn" in p.tag or "Name" in p.tag)
               and "Geox" not in p.tag for p in known_parses(form)[:1]):
            return form
    return None


# prefixes of stance before a place's adjective (``антисоветского блока``, ``пророссийских
# сил``): the stance names no place; NEREL train marks none of its seven such words
STANCE_PREFIXES = ("анти", "про")


def _stance(text: str) -> bool:
    """Whether ``text`` is a place's adjective after a prefix of stance: ``антисоветский``,
    ``пророссийский`` (not ``прусский``, ``провансальский``)."""
    low = text.lower().replace("-", "")
    for prefix in STANCE_PREFIXES:
        rest = low[len(prefix):]
        if low.startswith(prefix) and len(rest) > 4 and any(
                p.tag.POS == "ADJF" and p.normal_form.endswith(("ский", "цкий"))
                for p in known_parses(rest)):
            return True
    return False


def _generic(label: str, text: str) -> bool:
    """Whether a lower-case one-word mention of ``label`` is a generic adjective."""
    if label in (*PLACE_LABELS, "NATIONALITY") and _stance(text):
        return True
    if label in PLACE_LABELS:
        lemma = lemma_of(text.lower())
        return lemma in GENERIC_ADJECTIVES or lemma in ESTATE_ADJECTIVES
    if label in ("NATIONALITY", "LANGUAGE"):  # ``губернскому земскому собранию``
        lemma = lemma_of(text.lower())
        return lemma in GENERIC_ADJECTIVES or (label == "NATIONALITY"
                                               and lemma in ESTATE_ADJECTIVES)
    return False


# The places of publication bibliographies write short (ГОСТ 7.0.12's special
# abbreviations): ``М., 1987``, ``СПб.: Наука, 1998``, ``Л., 1960``.
PUBLISHING_CITIES = {"М": "Москва", "Л": "Ленинград", "СПб": "Санкт-Петербург",
                     "Спб": "Санкт-Петербург", "СПБ": "Санкт-Петербург", "Пг": "Петроград",
                     "Мн": "Минск", "К": "Киев"}
_PUBLISHED = re.compile(r"(?<![\w.-])(" + "|".join(PUBLISHING_CITIES) + r")\.(?=[ \u00a0]?[:,]"
                        r"[ \u00a0]?(?:[«\"„А-ЯЁA-Z]|1[5-9]\d\d|20\d\d))")


@cache
def state_table() -> dict[str, str]:
    """Lemma key -> label of the names of several words in ``historical_states.tsv``
    (``Союз ССР``, ``Российская империя``)."""
    return {phrase_key(row[0]): row[1] for row in read_rows(HISTORICAL)
            if len(row) >= 2 and row[1] in PLACE_LABELS and " " in row[0]}


@cache
def state_openings() -> frozenset[str]:
    """The first three letters (lower case) of the names in ``state_table``: a cheap test
    before a mention's lemma key is made."""
    return frozenset(row[0][:3].lower() for row in read_rows(HISTORICAL)
                     if len(row) >= 2 and " " in row[0])


def state_labels(doc: Document) -> None:
    """An organization or person mention that is exactly a historical state's name of
    several words (``Союза ССР``) takes the state's label (a place inside it goes at the
    end of ``tag_places``: ``drop_inside_states``)."""
    table = state_table()
    openings = state_openings()
    wrong = [m for m in doc.mentions if m.label in ("ORGANIZATION", "PERSON")
             and " " in m.text and m.text[:3].lower() in openings]
    found = [(m, table[key]) for m in wrong if (key := phrase_key(m.text)) in table]
    if not found:
        return
    gone = {m.id for m, _ in found}
    doc.mentions = [m for m in doc.mentions if m.id not in gone]
    for m, label in found:
        doc.add_mention(m.start, m.end, label)


VILLAGE_ENDINGS = ("ево", "ово", "ёво")
# ``Салтановку``, ``Михайловкой``: a village in ``-овка`` in any case
VILLAGE_IN_KA = re.compile(r"[А-ЯЁ][а-яё]+(?:ов|ев|ёв)к(?:а|и|у|е|ой|ою)")


def village_names(doc: Document) -> None:
    """A one-word PERSON the dictionary does not know, ending in ``-ево``/``-ово``
    (``Болычево``, ``Осташево``: the villages of maps, reports and registers) or in a case
    of ``-овка``/``-евка`` (``удерживал Салтановку``) is a CITY; NEREL train has no person
    so written (a known surname such as ``Дурново`` stays)."""
    from letopis.models import morph_analyzer

    found = [m for m in doc.mentions if m.label == "PERSON" and m.text.isalpha()
             and m.text[:1].isupper() and (
                 m.text.lower().endswith(VILLAGE_ENDINGS)
                 and not morph_analyzer().word_is_known(m.text.lower())
                 or VILLAGE_IN_KA.fullmatch(m.text) and _placename(m.text))]
    if not found:
        return
    gone = {m.id for m in found}
    doc.mentions = [m for m in doc.mentions if m.id not in gone]
    for m in found:
        doc.add_mention(m.start, m.end, "CITY")


# units of other lands named by the name after them, which stays in the nominative
# (``земли Гессен``, ``в графстве Эссекс``, ``префектуры Киото``, ``в районе Калорама``)
APPOSED_UNITS = {
    **dict.fromkeys(("земля", "графство", "провинция", "префектура", "кантон", "штат",
                     "воеводство", "герцогство", "княжество", "эмират"), "STATE_OR_PROVINCE"),
    **dict.fromkeys(("район", "квартал", "боро"), "DISTRICT"),
}


def apposed_units(doc: Document) -> None:
    """The name after a foreign unit's word, in the nominative whatever the word's case
    (``министр финансов земли Гессен``, ``в графстве Бакингемшир``, ``в районе
    Калорама``), is the unit (``APPOSED_UNITS``) where the model read a town, a region or
    a person; not a first name (``на земле Иван``) nor a name in the genitive (``земли
    Израиля``, ``в районе Москвы``: near Moscow)."""
    tokens = doc.tokens
    found = []
    for i, token in enumerate(tokens[:-1]):
        if token.lemma not in APPOSED_UNITS or not token.text.islower():
            continue
        name = tokens[i + 1]
        if (not _capital_word(name.text) or name.text.lower() != (name.lemma or "")
                or _first_name_form(name.text) or name.start - token.end != 1):
            continue
        label = APPOSED_UNITS[token.lemma]
        if label == "DISTRICT" and place_table().get(name.lemma or "") == "CITY":
            continue  # ``в районе Дебальцево``: near the town
        found.append((name.start, name.end, label))
    if not found:
        return
    spans = {(start, end) for start, end, _ in found}
    relabelled = {"CITY", "LOCATION", "PERSON", "COUNTRY", "DISTRICT", "STATE_OR_PROVINCE",
                  "ORGANIZATION"}
    doc.mentions = [m for m in doc.mentions
                    if not ((m.start, m.end) in spans and m.label in relabelled)]
    for start, end, label in found:
        doc.add_mention(start, end, label)


# a people's member, by the lemma (general knowledge; NEREL marks such a noun a
# NATIONALITY: 72 of 75 in train's sample of these words)
ETHNONYMS = word_set("""
    русский россиянин россиянка украинец украинка белорус белоруска поляк полька немец
    немка француз француженка англичанин англичанка итальянец итальянка испанец испанка
    португалец португалка грек гречанка турок турчанка армянин армянка грузин грузинка
    азербайджанец азербайджанка еврей еврейка татарин татарка башкир башкирка чуваш
    чувашка мордвин мордовка удмурт удмуртка марийка калмык калмычка казах казашка
    узбек узбечка киргиз киргизка таджик таджичка туркмен туркменка чеченец чеченка
    ингуш ингушка осетин осетинка черкес черкешенка кабардинец аварец даргинец лезгин
    якут якутка бурят бурятка эстонец эстонка латыш латышка литовец литовка финн финка
    швед шведка норвежец норвежка датчанин датчанка голландец голландка бельгиец
    австриец австрийка швейцарец венгр венгерка чех чешка словак словачка серб сербка
    хорват хорватка болгарин болгарка румын румынка молдаванин молдаванка албанец
    американец американка канадец канадка мексиканец бразилец аргентинец японец японка
    китаец китаянка кореец кореянка вьетнамец индиец индианка араб арабка перс персиянка
    афганец курд курдянка цыган цыганка
""")


def ethnonyms(doc: Document) -> None:
    """A people's member named by a noun in lower case (or opening a sentence) is a
    NATIONALITY where no mention covers it (``приобрести армянина``, ``потомок
    голландского еврея``, ``Татарин пришел``); a PERSON over exactly the word goes."""
    tokens = doc.tokens
    covered = Enclosures([(m.start, m.end) for m in doc.mentions if m.label != "PERSON"
                          or " " in m.text])  # a surname in a name (``Немец Иванов``)
    found = []
    for i, token in enumerate(tokens):
        if token.lemma not in ETHNONYMS or "NOUN" not in (token.tag or ""):
            continue
        if not (token.text.islower() or opens_sentence(doc.text, tokens, i)):
            continue
        if not covered.encloses(token.start, token.end):
            found.append((token.start, token.end))
    if not found:
        return
    spans = set(found)
    doc.mentions = [m for m in doc.mentions
                    if not (m.label == "PERSON" and (m.start, m.end) in spans)]
    for start, end in found:
        doc.add_mention(start, end, "NATIONALITY")


def all_the_land(doc: Document) -> None:
    """The land of a sovereign's or a patriarch's style after ``всея`` is a COUNTRY, its
    capitalized words joined by ``и`` one name (``всея Русии``, ``всея Великия и Малыя и
    Белыя России``), where the model read persons; persons inside it go."""
    tokens = doc.tokens
    found = []
    for i, token in enumerate(tokens[:-1]):
        if token.text.lower() != "всея" or not _capital_word(tokens[i + 1].text):
            continue
        last = i + 1
        while last + 1 < len(tokens):
            if tokens[last + 1].text == "и" and last + 2 < len(tokens) and _capital_word(
                    tokens[last + 2].text):
                last += 2
            elif _capital_word(tokens[last + 1].text) and not _opens_name(tokens, last + 1):
                last += 1  # ``Белыя России``
            else:
                break
        found.append((tokens[i + 1].start, tokens[last].end))
    if not found:
        return
    doc.mentions = [m for m in doc.mentions if not (m.label == "PERSON" and any(
        a <= m.start and m.end <= b for a, b in found))]
    for start, end in found:
        if not any(m.start == start and m.end == end for m in doc.mentions):
            doc.add_mention(start, end, "COUNTRY")


def _opens_name(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` opens a person's name (a first name: ``всея Руси Иван``)."""
    return _first_name_form(tokens[i].text)


def publishing_cities(doc: Document) -> None:
    """A place of publication written short in a reference (``М., 1987``, ``СПб.: Наука``)
    is a CITY (its full name: ``normalize.unit_name``); another mention over the letters
    (``СПб`` read as an organization) goes. The period must be followed by a comma or a
    colon and a year or a capitalized publisher, so ``К. Маркс`` is no city."""
    if "., " not in doc.text and ".: " not in doc.text and ".," not in doc.text:
        return
    found = [m.span(1) for m in _PUBLISHED.finditer(doc.text)]
    if not found:
        return
    spans = set(found)
    doc.mentions = [m for m in doc.mentions if (m.start, m.end) not in spans]
    for start, end in found:
        doc.add_mention(start, end, "CITY")


def saint_prefix(doc: Document) -> None:
    """A place written after ``С.-`` (Санкт-: ``С.-Петербург``) takes the prefix into its
    mention: the model reads ``Петербург`` alone."""
    if "С.-" not in doc.text:
        return
    text = doc.text
    short = [m for m in doc.mentions if m.label in PLACE_LABELS and m.start >= 3
             and text[m.start - 3:m.start] == "С.-"]
    if not short:
        return
    doc.mentions = [m for m in doc.mentions if m not in short]
    for m in short:
        doc.add_mention(m.start - 3, m.end, m.label)


def tag_places(doc: Document) -> Document:
    """Add place mentions for known place words NER did not mark (nested, adjectives),
    after ``relabel_places`` and ``drop_generic_adjectives``; not the adjective opening a
    province (``Тамбовской`` of ``Тамбовской губернии``: NEREL marks the whole only; a
    district keeps its city, ``Московского района``).

    Skips spans that already carry a mention and words inside a person's name.
    Reads: tokens, sentences, mentions. Writes: mentions.
    """
    relabel_places(doc)
    surnames_after_patronymics(doc)
    speakers(doc)
    persons_named_elsewhere(doc)
    listed_persons(doc)
    drop_generic_adjectives(doc)
    families(doc)
    state_labels(doc)
    village_names(doc)
    all_the_land(doc)
    apposed_units(doc)
    ethnonyms(doc)
    publishing_cities(doc)
    saint_prefix(doc)
    words = place_words()
    taken = {(m.start, m.end) for m in doc.mentions}
    taken |= {(m.start + 3, m.end) for m in doc.mentions if m.text.startswith("С.-")}
    persons = Enclosures([(m.start, m.end) for m in doc.mentions if m.label == "PERSON"])
    # a unit named by its adjective (``Тамбовской губернии``): NEREL marks the whole only
    units = {m.start: m.end for m in doc.mentions if m.label in NO_NESTING}
    for first, last in sentence_spans(doc):
        tokens = [t for t in doc.tokens[first:last] if is_word(t.text)]
        lemmas = [t.lemma for t in tokens]
        for a, b in longest_matches(lemmas, words, MAX_PLACE_WORDS, place_word_starts()):
            start, end = tokens[a].start, tokens[b - 1].end
            if (start, end) in taken or persons.encloses(start, end):
                continue
            if units.get(start, end) > end:
                continue
            doc.add_mention(start, end, words[" ".join(lemmas[a:b])])
    drop_person_adjectives(doc)
    return drop_inside_states(doc)


def drop_inside_states(doc: Document) -> Document:
    """Drop a place mention inside a historical state's name of several words (the
    model's ``ССР`` of ``Союза ССР``), and a CITY that ends a longer CITY after its
    adjectives (the model's ``Новгорода`` of ``Нижнего Новгорода``: NEREL train's 1,846
    cities hold none)."""
    table = state_table()
    states = [(m.start, m.end) for m in doc.mentions
              if m.label in PLACE_LABELS and " " in m.text and phrase_key(m.text) in table]
    if states:
        doc.mentions = [m for m in doc.mentions if not (m.label in PLACE_LABELS and any(
            s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in states))]
    cities = {m.end: m.start for m in doc.mentions if m.label == "CITY" and " " in m.text}
    if cities:
        doc.mentions = [m for m in doc.mentions if not (
            m.label == "CITY" and cities.get(m.end, m.start) < m.start
            and _adjectives_before(doc.text[cities[m.end]:m.start]))]
    return doc


def _adjectives_before(words: str) -> bool:
    """Whether the words before a city inside a longer city's name are adjectives of its
    name (``Нижнего`` of ``Нижнего Новгорода``; not ``Уроженка`` of the model's
    ``Уроженка Шанхая``)."""
    return bool(words.split()) and all(w[:1].isupper() and likely_adjective(w)
                                       for w in words.split())
