"""PROFESSION mentions: a lexicon of position lemma sequences, extended by complements.

The lexicon (``professions.tsv``) is derived from NEREL train PROFESSION annotations; an
entry is used when, in the train texts, a PROFESSION mention starts at ``MIN_RATIO`` of
its occurrences or more (thresholds chosen on NEREL dev). A match is then extended the
way NEREL spans are: over a following chain of genitive words, names already found
(organisations, places) and quoted titles, so that ``главный редактор журнала
«Коммунист`` is one mention with the organisation nested inside (NEREL mostly leaves
the closing quote out). Where NEREL also marks the bare position (``президент`` inside
``президент России``), it is added too.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from letopis.doc import PLACE_LABELS, Document, Mention, Token
from letopis.extract.gazetteer import (
    can_be,
    count_table,
    key_starts,
    lemma_of,
    longest_matches,
    phrase_lemmas,
    read_rows,
    sentence_spans,
    span_tokens,
    token_index,
)
from letopis.resolve.names import PERSON_GRAMMEMES

LEXICON = "professions.tsv"
RANKS = "ranks.tsv"  # hand-written: the Table of Ranks, clergy, offices, sovereigns
MIN_STARTS = 1  # annotated at least this often in train
MIN_RATIO = 0.6  # share of train occurrences where a PROFESSION mention starts
MIN_BARE_RATIO = 0.3  # share annotated alone: then a bare match is added besides the long one
MAX_TOKENS = 8
MAX_TITLE_CHARS = 80  # how far a title at a person's start is looked for
MAX_STEPS = 4  # complements taken after the matched position
NAME_LABELS = frozenset({
    "ORGANIZATION", "COUNTRY", "CITY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION", "FACILITY",
})
BLOCKING_LABELS = frozenset({"PERSON", "DATE", "TIME", "AGE", "NUMBER", "MONEY", "PERCENT"})
EX_PREFIX = "экс-"
# Forms of address: ``Милостивый государь`` opens a letter to anyone, no sovereign.
ADDRESS_WORDS = frozenset({"государь", "государыня"})
ADDRESS_ADJECTIVES = frozenset({"милостивый", "милостивейший"})
OPEN_QUOTES = "«\"„“"
CLOSE_QUOTES = "»\"“”"


@cache
def lexicon() -> dict[str, bool]:
    """Profession keys kept after the precision filter -> whether a bare match is added;
    then the historical ranks and titles (``RANKS``) that NEREL train never annotates,
    each also matched bare."""
    keys = {}
    table = count_table(LEXICON)
    for key, (occurrences, exact, starts) in table.items():
        if starts >= MIN_STARTS and starts >= MIN_RATIO * occurrences:
            keys[key] = exact >= MIN_BARE_RATIO * occurrences
    for key in rank_keys():
        if key not in table:
            keys[key] = True
    return keys


@cache
def rank_keys() -> frozenset[str]:
    """The lemma keys of ``RANKS`` (``поручик``, ``статский советник``; ``мл. лейтенант``
    as its tokens, the period one of them)."""
    return frozenset(phrase_lemmas(row[0]) for row in read_rows(RANKS))


@cache
def lexicon_starts() -> dict[str, int]:
    """``key_starts`` of the lexicon (computed once)."""
    return key_starts(lexicon())


@dataclass(frozen=True)
class Names:
    """What the complement rules need to know of the mentions found so far."""

    ends: dict[int, int]  # start offset -> farthest end of an organisation/place mention
    blocked: frozenset[int]  # start offsets of tokens inside persons, dates and the like


def names_of(doc: Document) -> Names:
    """Index the document's mentions for ``extend_right``."""
    ends: dict[int, int] = {}
    spans = []
    for m in doc.mentions:
        if m.label in NAME_LABELS and not _adjectival(doc, m.start, m.end):
            ends[m.start] = max(ends.get(m.start, 0), m.end)
        elif m.label in BLOCKING_LABELS:
            spans.append((m.start, m.end))
    blocked: set[int] = set()
    for start, end in spans:
        blocked.update(t.start for t in span_tokens(doc, start, end))
    return Names(ends, frozenset(blocked))


def _adjectival(doc: Document, start: int, end: int) -> bool:
    """True when the mention over ``[start, end)`` ends in an adjective (``советских``)."""
    tokens = span_tokens(doc, start, end)
    return bool(tokens) and tokens[-1].pos == "ADJF"


def tag_professions(doc: Document) -> Document:
    """Add PROFESSION mentions for known positions and their complements.

    Reads: tokens (lemma, tag), sentences, mentions. Writes: mentions.
    """
    keys = lexicon()
    names = names_of(doc)
    persons = [(m.start, m.end) for m in doc.mentions if m.label == "PERSON"]
    orgs = {m.start: m.end for m in doc.mentions if m.label == "ORGANIZATION" and " " in m.text
            and not any(m.start <= s and e <= m.end for s, e in persons)}
    for first, last in sentence_spans(doc):
        tokens = doc.tokens[first:last]
        lemmas = [_lemma(t) for t in tokens]
        for a, b in longest_matches(lemmas, keys.keys(), MAX_TOKENS, lexicon_starts()):
            start = tokens[a].start + _prefix_length(tokens[a])
            if tokens[a].start in names.blocked:
                continue
            head = tokens[b - 1]
            if b < len(tokens) and _qualifies(head, tokens[b]):
                continue  # ``рядовой солдат``, ``рядовой член партии``: an adjective here
            end = extend_right(doc, first + b, last, names) if head.pos == "NOUN" else head.end
            if head.start in orgs:  # ``Председатель Совета`` + ``Совета депутатов ...``
                end = max(end, orgs[head.start])
            doc.add_mention(start, end, "PROFESSION")
            for c in range(a + 1, b + 1):
                if keys.get(" ".join(lemmas[a:c])):
                    doc.add_mention(start, tokens[c - 1].end, "PROFESSION")
    doc = titles_of_lands(drop_apposed_names(surnames_after_titles(drop_in_ranks(
        drop_addresses(trim_titles(clergy_names(drop_things(ranks_read_as_persons(doc)))))))))
    doc = abbreviated_ranks(drop_in_award_names(premieres(numbered_commanders(doc))))
    return hyphen_parts(ranks_without_names(doc))


def hyphen_parts(doc: Document) -> Document:
    """A post that is one part of a hyphenated word the lexicon does not hold whole is a
    PROFESSION of its own (``врач`` of ``врач-реаниматолог``, ``генерала`` of
    ``прадеда-генерала``, ``президентом`` of ``женщиной-президентом``, ``модель`` of
    ``топ-модель``), as NEREL train marks 160 such parts; a word the lexicon holds whole
    stays one (``художник-постановщик``, ``вице-президент``), and ``экс-`` is a prefix.

    Reads: tokens, mentions. Writes: mentions.
    """
    keys = lexicon()
    persons = [(m.start, m.end) for m in doc.mentions
               if m.label == "PERSON" and "-" not in m.text]
    for token in doc.tokens:
        if "-" not in token.text or not token.text[:1].isalpha() or _prefix_length(token):
            continue
        if keys.get(token.lemma) is not None or any(
                a <= token.start and token.end <= b for a, b in persons):
            continue  # a post the lexicon holds whole; a name (``Петров-Водкин``)
        offset, found = token.start, False
        for part in token.text.split("-"):
            if (len(part) > 2 and part.isalpha() and part[1:].islower()
                    and keys.get(lemma_of(part.lower()))):
                doc.add_mention(offset, offset + len(part), "PROFESSION")
                found = True
            offset += len(part) + 1
        if found and token.text.split("-")[-1].islower():  # ``Конгрессмены-демократы``
            doc.mentions = [m for m in doc.mentions if not (
                m.label == "PERSON" and (m.start, m.end) == (token.start, token.end))]
    return doc


# posts whose genitive names the one they serve (``советника Эрдогана``: Erdogan's
# adviser), which NEREL writes as one PROFESSION
RELATIONAL = frozenset({
    "адвокат", "советник", "помощник", "заместитель", "заместительница", "представитель",
    "защитник", "телохранитель", "менеджер", "пресс-секретарь", "спикер", "агент",
    "секретарь", "референт", "адъютант", "соратник", "сподвижник", "зам", "врач",
    "охранник", "преемник", "предшественник", "наставник", "тренер", "продюсер", "юрист",
})


def ranks_without_names(doc: Document) -> Document:
    """A PROFESSION that runs over the name of the one who holds it, a title of the
    lexicon and a PERSON in its case (``генерала Милорадовича``: the general is
    Милорадович), ends before the name; a post and a name in another case stay, and so
    does a post whose genitive names the one it serves (``адвокат Абрамовича``,
    ``советника Эрдогана``: ``RELATIONAL``), as NEREL writes them.

    Reads: tokens, mentions. Writes: mentions.
    """
    from letopis.morph import share_case

    persons = {m.start: m for m in doc.mentions if m.label == "PERSON"}
    ends = {m.end for m in persons.values()}
    cut = []
    for m in doc.mentions:
        if m.label != "PROFESSION" or m.end not in ends:
            continue
        tokens = span_tokens(doc, m.start, m.end)
        k = next((k for k, t in enumerate(tokens) if k and t.start in persons
                  and persons[t.start].end == m.end), None)
        key = " ".join(_lemma(t) for t in tokens[:k]) if k is not None else ""
        if k is None or key not in lexicon() or key.split()[-1] in RELATIONAL:
            continue
        if share_case(tokens[k - 1].text, tokens[k].text):
            cut.append((m, tokens[k - 1].end))
    for m, end in cut:
        doc.mentions.remove(m)
        doc.add_mention(m.start, end, "PROFESSION")
    return doc


# Ranks, titles and clergy written short before a name (general knowledge): the words of
# the abbreviation, each with its period, or joined by a hyphen (``шт.-кап.``)
RANK_ABBREVIATIONS = {
    ("д", "т", "с"): "действительный тайный советник",
    ("д", "с", "с"): "действительный статский советник",
    ("д", "ст", "сов"): "действительный статский советник", ("ст", "сов"): "статский советник",
    ("кол", "сов"): "коллежский советник", ("надв", "сов"): "надворный советник",
    ("кол", "асс"): "коллежский асессор", ("тит", "сов"): "титулярный советник",
    ("кол", "секр"): "коллежский секретарь", ("губ", "секр"): "губернский секретарь",
    ("кол", "рег"): "коллежский регистратор", ("ген",): "генерал",
    ("ген", "майор"): "генерал-майор", ("ген", "м"): "генерал-майор",
    ("ген", "лейт"): "генерал-лейтенант", ("ген", "л"): "генерал-лейтенант",
    ("ген", "адъют"): "генерал-адъютант", ("полк",): "полковник", ("подп",): "подполковник",
    ("подполк",): "подполковник", ("кап",): "капитан", ("шт", "кап"): "штабс-капитан",
    ("пор",): "поручик", ("подпор",): "подпоручик", ("прап",): "прапорщик",
    ("ротм",): "ротмистр", ("шт", "ротм"): "штабс-ротмистр", ("лейт",): "лейтенант",
    ("мичм",): "мичман", ("кн",): "князь", ("бар",): "барон", ("прот",): "протоиерей",
    ("свящ",): "священник", ("иер",): "иерей", ("иером",): "иеромонах",
    ("архим",): "архимандрит", ("игум",): "игумен", ("митр",): "митрополит",
    ("еп",): "епископ", ("архиеп",): "архиепископ", ("диак",): "диакон",
    ("протодиак",): "протодиакон", ("вахм",): "вахмистр", ("унт", "оф"): "унтер-офицер",
}
MAX_ABBREVIATION = 3
ABBREVIATION_STARTS = frozenset(words[0] for words in RANK_ABBREVIATIONS)
# abbreviations that are words too, ending a sentence before a name (``до сих пор. Карл``,
# ``таскают полк. Денисов``): not where a sentence starts after them
COMMON_WORDS = frozenset({"пор", "полк", "бар", "кап"})


def abbreviated_ranks(doc: Document) -> Document:
    """A rank, title or clergy's office written short right before a person's name is a
    PROFESSION with its periods (``ст. сов. Иванов``, ``кол. асс. Сидоров``, ``кн.
    Голицын``, ``шт.-кап. Тушин``, ``архим. Макарий``); a mention the model read over the
    letters goes (``ст. сов`` read as a law's article).

    Reads: tokens, mentions. Writes: mentions.
    """
    tokens = doc.tokens
    persons = {m.start for m in doc.mentions if m.label == "PERSON"}
    openers = {s.start for s in doc.sentences}
    found = []
    i = 0
    while i < len(tokens):
        if tokens[i].text.lower() not in ABBREVIATION_STARTS:
            i += 1
            continue
        end = _abbreviation_end(tokens, i)
        if end is not None and end < len(tokens) and tokens[end].start in persons and not (
                tokens[i].text.lower() in COMMON_WORDS and tokens[end].start in openers):
            found.append((tokens[i].start, tokens[end - 1].end))
            i = end
        else:
            i += 1
    if not found:
        return doc
    doc.mentions = [m for m in doc.mentions if not any(
        m.label != "PERSON" and m.start < b and a < m.end for a, b in found)]
    for start, end in found:
        doc.add_mention(start, end, "PROFESSION")
    return doc


def _abbreviation_end(tokens: list[Token], i: int) -> int | None:
    """One past the period that ends a rank's abbreviation starting at token ``i``."""
    words: list[str] = []
    j = i
    while j + 1 < len(tokens) and len(words) < MAX_ABBREVIATION:
        word, period = tokens[j], tokens[j + 1]
        lower = word.text.islower() or (j == i and word.text[1:].islower())  # ``Архим.``
        if not (word.text.isalpha() and lower and period.text == "."
                and period.start == word.end):
            break
        words.append(word.text.lower())
        j += 2
        if tuple(words) in RANK_ABBREVIATIONS and not _abbreviation_goes_on(tokens, j):
            return j
        if j < len(tokens) and tokens[j].text == "-" and tokens[j].start == period.end:
            j += 1  # ``шт.-кап.``
    return None


def rank_abbreviation_name(text: str) -> str | None:
    """The full name of a rank written short (``ст. сов.`` -> ``статский советник``)."""
    words = tuple(w.lower() for w in re.findall(r"[А-Яа-яЁё]+", text))
    return RANK_ABBREVIATIONS.get(words) if words and text.rstrip().endswith(".") else None


def _abbreviation_goes_on(tokens: list[Token], j: int) -> bool:
    """Whether a longer abbreviation goes on at token ``j`` (``ст. сов.`` after ``д.``)."""
    return j + 1 < len(tokens) and tokens[j].text.islower() and tokens[j + 1].text == "."


def drop_in_award_names(doc: Document) -> Document:
    """Drop a capitalized PROFESSION inside an AWARD's name after its first word
    (``Звезды`` of ``орденом Красной Звезды``, read as a celebrity); the posts NEREL nests
    in awards are written in lower case (``народный артист СССР``).

    Reads: mentions. Writes: mentions.
    """
    awards = [(m.start, m.end) for m in doc.mentions if m.label == "AWARD"]
    if not awards:
        return doc
    doc.mentions = [m for m in doc.mentions if not (
        m.label == "PROFESSION" and m.text[:1].isupper()
        and any(a < m.start and m.end <= b for a, b in awards))]
    return doc


# what a premiere is of: ``премьера фильма``, ``премьеру спектакля``, not a premier's
PREMIERED = frozenset({"фильм", "спектакль", "сериал", "опера", "балет", "картина",
                       "постановка", "пьеса", "сезон", "мюзикл", "шоу", "клип", "альбом",
                       "симфония", "оратория", "кинофильм", "мультфильм", "лента", "драма",
                       "комедия", "трагедия", "документальный", "новый", "художественный"})


def premieres(doc: Document) -> Document:
    """A PROFESSION over ``премьера`` that a work's noun or a title in quotes follows is the
    first showing of a film or a play, an EVENT (``Премьера документального фильма
    «…»``, ``премьеру спектакля``), not a prime minister (the model and the lexicon read
    ``премьер`` in both).

    Reads: tokens, mentions. Writes: mentions.
    """
    if "ремьер" not in doc.text:
        return doc
    found = []
    for i, token in enumerate(doc.tokens[:-1]):
        if not token.text.lower().startswith("премьер") or token.lemma not in ("премьера",
                                                                             "премьер"):
            continue
        after = doc.tokens[i + 1]
        if after.lemma in PREMIERED or after.text in ("«", "\""):
            found.append(token)
    if not found:
        return doc
    starts = {t.start for t in found}
    doc.mentions = [m for m in doc.mentions
                    if not (m.label == "PROFESSION" and m.start in starts)]
    for token in found:
        doc.add_mention(token.start, token.end, "EVENT")
    return doc


# a surname's nominative (``Городовиков``, which the dictionary reads as ``городовик``)
SURNAME_RE = re.compile(r"[А-ЯЁ][а-яё]+(?:ов|ев|ёв|ин|ын|ский|цкий|енко)")


def numbered_commanders(doc: Document) -> Document:
    """The surname after a rank and its formation's number (``Командарму 10 Ворошилову``,
    ``начдив 4 Городовиков``: the address of a telegram or an order of 1918-1945) is a
    PERSON: a capitalized word that can be a surname, in the rank's case, right after
    the number, on the same line.

    Reads: tokens (lemma), mentions. Writes: mentions (PERSON added).
    """
    from letopis.morph import parse, share_case, word_cases

    starts = [t.start for t in doc.tokens]
    ranks = rank_keys()
    taken = [(m.start, m.end) for m in doc.mentions]
    added = []
    for m in doc.mentions:
        if m.label != "PROFESSION" or " " in m.text:
            continue
        k = bisect.bisect_left(starts, m.end + 1)
        if k + 1 >= len(doc.tokens) or doc.tokens[k].start != m.end + 1:
            continue
        number, word = doc.tokens[k], doc.tokens[k + 1]
        if not (number.text.isdigit() and len(number.text) <= 3
                and word.start == number.end + 1 and word.text.isalpha()
                and word.text[:1].isupper() and not word.text.isupper()):
            continue
        rank = doc.tokens[bisect.bisect_left(starts, m.start)]
        if _lemma(rank) not in ranks or any(s < word.end and word.start < e for s, e in taken):
            continue
        surname = share_case(m.text, word.text) and any(
            "Surn" in p.tag for p in parse(word.text.lower()))
        if surname or SURNAME_RE.fullmatch(word.text) and "nomn" in word_cases(m.text):
            added.append((word.start, word.end))  # ``начдив 4 Городовиков``
    for start, end in added:
        doc.add_mention(start, end, "PERSON")
    return doc


def _qualifies(adjective: Token, word: Token) -> bool:
    """Whether a rank written as an adjective (``рядовой``) qualifies the lower-case noun
    after it, agreeing in case (``рядовой солдатъ``): then it is no rank."""
    from letopis.morph import parse, share_case

    if word.pos != "NOUN" or not word.text[:1].islower() or not word.text.isalpha():
        return False
    return (any(p.tag.POS == "ADJF" for p in parse(adjective.text.lower()))
            and share_case(adjective.text, word.text))


# the titles a land's adjective follows in a sovereign's style, as lemma keys
# (not ``князь``, ``граф``, ``герцог``: a surname in ``-ский`` follows them, ``Князь
# Вяземский``)
SOVEREIGN_TITLES = frozenset({
    "император", "императрица", "самодержец", "самодержица", "царь", "царица", "король",
    "королева", "великий князь", "великая княгиня", "эрцгерцог", "курфюрст",
})


# the hierarchs named with their see's adjective: ``Архиепископ Тверской``
SEE_TITLES = frozenset({"патриарх", "митрополит", "архиепископ", "епископ"})
# titles an adjective of a land or see follows as part of the title (``Папа Римский``,
# ``Царь Польский``), not as a surname (``губернатор Загряжский``)
LAND_TITLES = frozenset({"папа", *SEE_TITLES, *SOVEREIGN_TITLES})


def titles_of_lands(doc: Document) -> Document:
    """A sovereign's title and the land's adjective after it (``Великий Князь
    Финляндский``, ``Царь Польский``, ``Император Всероссийский``: the style of manifestos
    and acts), and a hierarch's title and his see's (``Архиепископ Тверской``,
    ``SEE_TITLES``), are one PROFESSION; a PERSON the model read over the adjective goes (a
    place there stays, nested), one over the adjective and the name after it keeps the
    name (``Тверской Платон`` -> ``Платон``). The adjective is capitalized, agrees with the
    title's case and follows it by one space on its line. A PERSON that is only such a
    title and its land (``Самодержица Всероссийская``) becomes the PROFESSION.

    Reads: tokens (lemma, pos, tag), mentions. Writes: mentions (PROFESSION).
    """
    from letopis.morph import share_case

    starts = [t.start for t in doc.tokens]
    persons = {(m.start, m.end): m for m in doc.mentions if m.label == "PERSON"}
    gone, added, rest = set(), [], []
    titles = SOVEREIGN_TITLES | SEE_TITLES
    for m in doc.mentions:
        if m.label != "PROFESSION" or doc.text[m.end:m.end + 1] != " ":
            continue
        k = bisect.bisect_left(starts, m.end + 1)
        if k >= len(doc.tokens) or doc.tokens[k].start != m.end + 1:
            continue
        land = doc.tokens[k]
        title = " ".join(_lemma(t) for t in span_tokens(doc, m.start, m.end))
        if title not in titles or not (
                land.text[:1].isupper() and land.text.isalpha() and _land_adjective(land)
                and share_case(m.text.split()[0], land.text)):
            continue
        if k + 1 < len(doc.tokens) and _qualified_noun(land, doc.tokens[k + 1]):
            continue  # ``епископа Апостольской церкви``: the adjective is the church's
        person = persons.get((land.start, land.end))
        if person is not None:
            gone.add(person.id)
        longer = next((p for (s, e), p in persons.items() if s == land.start and e > land.end
                       and doc.text[land.end:land.end + 1] == " "), None)
        if longer is not None:  # ``Архиепископ Тверской Платон``: the see, then the name
            gone.add(longer.id)
            rest.append((land.end + 1, longer.end))
        added.append((m.start, land.end))
    for m in persons.values():  # ``Самодержица Всероссийская`` read as a person's name
        words = span_tokens(doc, m.start, m.end)
        if (len(words) == 2 and _lemma(words[0]) in titles and words[1].text[:1].isupper()
                and _land_adjective(words[1]) and share_case(words[0].text, words[1].text)):
            gone.add(m.id)
            added.append((m.start, m.end))
    if not added:
        return doc
    doc.mentions = [m for m in doc.mentions if m.id not in gone]
    for start, end in added:
        doc.add_mention(start, end, "PROFESSION")
    for start, end in rest:
        doc.add_mention(start, end, "PERSON")
    return doc


@cache
def clergy_ranks() -> frozenset[str]:
    """The lemmas of ``ranks.tsv``'s clergy (``митрополит``, ``протоиерей``)."""
    return frozenset(lemma_of(row[0]) for row in read_rows(RANKS) if row[1] == "clergy")


def clergy_names(doc: Document) -> Document:
    """A PROFESSION the model read over a clergyman's rank, his see and his name in
    religion (``Митрополит Московский Филарет``, ``Архиепископ Тверской Платон``) ends
    before the name, and the name, a capitalized word read first as a first name, is a
    PERSON: a monk is named by his first name alone.

    Reads: tokens (lemma), mentions. Writes: mentions (PROFESSION cut, PERSON added).
    """
    from letopis.morph import parse

    clergy = clergy_ranks()
    cut: list[tuple[Mention, int, Token]] = []
    for m in doc.mentions:
        if m.label != "PROFESSION" or " " not in m.text:
            continue
        words = span_tokens(doc, m.start, m.end)
        if len(words) < 2 or _lemma(words[0]) not in clergy:
            continue
        name = words[-1]
        parses = parse(name.text.lower())
        if name.text[:1].isupper() and parses and "Name" in parses[0].tag:
            cut.append((m, words[-2].end, name))
    for name in _names_after_clergy(doc, clergy):
        doc.add_mention(name.start, name.end, "PERSON")
    if not cut:
        return doc
    gone = {m.id for m, _, _ in cut}
    doc.mentions = [m for m in doc.mentions if m.id not in gone]
    for m, end, name in cut:
        doc.add_mention(m.start, end, "PROFESSION")
        doc.add_mention(name.start, name.end, "PERSON")
    return doc


def _names_after_clergy(doc: Document, clergy: frozenset[str]) -> list[Token]:
    """The names in religion right after a clergyman's post the model ended before them
    (``митрополитом Московским Августином``): a capitalized word that no mention covers,
    read first as a first name, in the case of the post's rank."""
    from letopis.morph import parse, share_case

    tokens = doc.tokens
    starts = {t.start: i for i, t in enumerate(tokens)}
    covered = {(m.start, m.end) for m in doc.mentions}
    taken = [(m.start, m.end) for m in doc.mentions]
    names = []
    for m in doc.mentions:
        if m.label != "PROFESSION":
            continue
        words = span_tokens(doc, m.start, m.end)
        if not words or _lemma(words[0]) not in clergy:
            continue
        i = starts.get(words[-1].start, -1) + 1
        if not 0 < i < len(tokens) or tokens[i].start != m.end + 1:
            continue
        name = tokens[i]
        parses = parse(name.text.lower())
        if (name.text[:1].isupper() and name.text.isalpha() and parses
                and "Name" in parses[0].tag and share_case(words[0].text, name.text)
                and (name.start, name.end) not in covered
                and not any(s <= name.start and name.end <= e for s, e in taken)):
            names.append(name)
            covered.add((name.start, name.end))
    return names


def _qualified_noun(adjective: Token, word: Token) -> bool:
    """Whether ``word`` right after ``adjective``, in its case, is a noun or adjective
    that continues its phrase, not a name (``Апостольской церкви``, ``Апостольской
    Православной Церкви``; not ``Тверской Платон``)."""
    from letopis.morph import parse, share_case

    parses = parse(word.text.lower())
    return (word.text.isalpha() and word.start == adjective.end + 1
            and any(p.tag.POS in ("NOUN", "ADJF") for p in parses)
            and not any(PERSON_GRAMMEMES & set(p.tag.grammemes) for p in parses)
            and share_case(adjective.text, word.text))


def _land_adjective(token: Token) -> bool:
    """Whether ``token`` reads as an adjective of a land or a town, by any reading
    (``Тверской``, which pymorphy reads first as a surname)."""
    from letopis.morph import parse

    return any(p.tag.POS == "ADJF" and p.normal_form.endswith(("ский", "цкий", "ской"))
               for p in parse(token.text.lower()))


def drop_apposed_names(doc: Document) -> Document:
    """A PROFESSION made of a rank (``ranks.tsv``) and the PERSON after it (the model's
    ``князя Кутузова``) is the rank alone: a title stands beside the name, in apposition,
    where an office takes its holder's name as a complement (``советник Путина``, which
    stays). NEREL train has 37 PROFESSION spans ending in a person, none after a rank.

    Reads: tokens (lemma), mentions. Writes: mentions (PROFESSION).
    """
    persons = {(m.start, m.end) for m in doc.mentions if m.label == "PERSON"}
    ranks = rank_keys()
    gone, added = set(), []
    for m in doc.mentions:
        if m.label != "PROFESSION":
            continue
        inner = next((s for s, e in persons if e == m.end and s > m.start), None)
        if inner is None:
            continue
        words = span_tokens(doc, m.start, inner)
        if words and " ".join(_lemma(t) for t in words) in ranks:
            gone.add(m.id)
            added.append((m.start, words[-1].end))
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
        for start, end in added:
            doc.add_mention(start, end, "PROFESSION")
    return doc


def ranks_read_as_persons(doc: Document) -> Document:
    """A one-word PERSON over a rank or title (``ranks.tsv``) right before another PERSON
    is the PROFESSION it names (``Сенатор Граф Петр Панин``, the model's ``Граф``): a title
    stands before the name.

    Reads: tokens (lemma), mentions. Writes: mentions (PERSON relabelled PROFESSION).
    """
    starts = {m.start for m in doc.mentions if m.label == "PERSON"}
    ranks = rank_keys()
    found = [m for m in doc.mentions if m.label == "PERSON" and " " not in m.text
             and m.end + 1 in starts and doc.text[m.end:m.end + 1] == " "
             and " ".join(_lemma(t) for t in span_tokens(doc, m.start, m.end)) in ranks]
    if found:
        gone = {m.id for m in found}
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
        for m in found:
            doc.add_mention(m.start, m.end, "PROFESSION")
    return doc


def surnames_after_titles(doc: Document) -> Document:
    """Make a PERSON of a one-word organization or place that ends a PROFESSION right after
    its title, where the dictionary or a surname's regular paradigm (in the nominative)
    reads the word as a surname (``губернатор Ростопчин``, the model's organization
    ``Ростопчин``): a post's holder follows it; a body after a post is its complement in
    the genitive (``губернатор Москвы``, no surname).

    Reads: tokens (lemma), mentions. Writes: mentions (labels).
    """
    from letopis.morph import known_parses
    from letopis.resolve.names import surname_rule_readings

    ends = {m.end: m for m in doc.mentions if m.label == "PROFESSION" and " " in m.text}
    if not ends:
        return doc
    keys = lexicon()
    for m in doc.mentions:
        post = ends.get(m.end)
        if (post is None or not (m.label == "ORGANIZATION" or m.label in PLACE_LABELS)
                or " " in m.text or not m.text[:1].isupper() or post.start >= m.start):
            continue
        title = " ".join(_lemma(t) for t in span_tokens(doc, post.start, m.start))
        parses = known_parses(m.text)
        if title in LAND_TITLES and any(p.tag.POS == "ADJF" for p in parses):
            continue  # ``Папа Римский``: the see's adjective, which is a surname too
        if title in keys and (any("Surn" in p.tag for p in parses) or any(
                r.case == "nomn" for r in surname_rule_readings(m.text.lower()))):
            m.label = "PERSON"
    return doc


def drop_in_ranks(doc: Document) -> Document:
    """Drop a NATIONALITY or place mention over a word of a rank's own name (``Великий`` of
    ``Великий Князь``, ``ranks.tsv``) or over a whole rank (``графине`` read as a people),
    where the model read the adjective as a people or a place; one over a word before the
    rank stays (``российский`` of ``российский
    император``).

    Reads: tokens (lemma), mentions. Writes: mentions (NATIONALITY and place labels).
    """
    starts = {m.start for m in doc.mentions if m.label == "PROFESSION"}
    suspects = [m for m in doc.mentions if m.start in starts
                and (m.label == "NATIONALITY" or m.label in PLACE_LABELS)]
    if not suspects:
        return doc
    ranks = rank_keys()
    gone = set()
    for m in suspects:
        tokens = span_tokens(doc, m.start, m.start + MAX_TITLE_CHARS)
        lemmas = [_lemma(t) for t in tokens[:MAX_TOKENS]]
        for c in range(1, len(lemmas) + 1):
            if " ".join(lemmas[:c]) in ranks and tokens[c - 1].end >= m.end:
                gone.add(m.id)
                break
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
    return doc


def drop_things(doc: Document) -> Document:
    """Drop a one-word PROFESSION over a word the dictionary reads only as an inanimate
    noun and the positions' lexicon does not hold (``два трактора``, ``пресса``): a post is
    held by someone (of 3,790 one-word PROFESSION spans in NEREL train, 11 are such words).

    Reads: mentions. Writes: mentions (PROFESSION).
    """
    from letopis.morph import known_parses

    keys = lexicon()
    gone = set()
    for m in doc.mentions:
        if m.label == "PROFESSION" and _function_compound(m.text):
            gone.add(m.id)  # ``тех-пор``: the old spelling of ``с тех пор``, no post
            continue
        if m.label != "PROFESSION" or not m.text.isalpha():
            continue
        nouns = [p for p in known_parses(m.text) if p.tag.POS == "NOUN"]
        if (nouns and all("inan" in p.tag for p in nouns)
                and not any(p.normal_form in keys for p in nouns)):
            gone.add(m.id)
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
    return doc


FUNCTION_POS = frozenset({"NPRO", "PREP", "CONJ", "PRCL", "ADVB"})


def _function_compound(text: str) -> bool:
    """Whether a hyphenated word opens with a word the dictionary reads only as a pronoun,
    preposition, conjunction, particle or adverb, or a pronoun's adjective (``тех-пор``,
    ``по-прежнему``): an adverb spelled the old way, not a post."""
    from letopis.morph import known_parses

    first = text.split("-")[0] if "-" in text and " " not in text else ""
    parses = known_parses(first.lower()) if first.isalpha() else []
    return bool(parses) and all(p.tag.POS in FUNCTION_POS or "Apro" in p.tag for p in parses)


def drop_addresses(doc: Document) -> Document:
    """Drop the PROFESSION of a form of address: ``государь`` or ``государыня`` right after
    ``милостивый`` (``Милостивый государь Николай Петрович!``, ``Вы, милостивая
    государыня, ...``) names whoever is addressed, not a sovereign.

    Reads: tokens (lemma), mentions. Writes: mentions (PROFESSION).
    """
    gone = set()
    for m in doc.mentions:
        if m.label != "PROFESSION":
            continue
        i = token_index(doc, m.start)
        if i is None or i == 0 or _lemma(doc.tokens[i]) not in ADDRESS_WORDS:
            continue
        if _lemma(doc.tokens[i - 1]) in ADDRESS_ADJECTIVES:
            gone.add(m.id)
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
    return doc


def trim_titles(doc: Document) -> Document:
    """Keep titles out of PERSON mentions: a PERSON that starts with a known position or
    rank (in lower case, or at a sentence start, where a capital says nothing) and goes
    on with a capitalized word (``Поручик Лермонтов``) keeps the name after it, and the
    title becomes a PROFESSION; a PERSON lying wholly inside the start of a PROFESSION
    (``Статский`` of ``Статский советник``) is dropped. Either only when the title's words
    have no reading as a name (``Эмир Кустурица`` stays), or are one of ``ranks.tsv``'s,
    which leaves out titles that are names too (``Наштарм Никитин``: the dictionary does
    not know ``наштарм``).

    Reads: tokens (lemma), mentions. Writes: mentions (PERSON, PROFESSION).
    """
    keys = lexicon()
    titles: dict[int, int] = {}
    for m in doc.mentions:
        if m.label == "PROFESSION":
            titles[m.start] = max(titles.get(m.start, 0), m.end)
    openings = {s.start for s in doc.sentences}
    gone: set[str] = set()
    added: list[tuple[int, int, str]] = []
    for m in doc.mentions:
        if m.label != "PERSON":
            continue
        if titles.get(m.start, 0) >= m.end and not _named(doc, m.start, m.end):
            gone.add(m.id)
            continue
        tokens = span_tokens(doc, m.start, m.start + MAX_TITLE_CHARS)
        longest = lexicon_starts().get(_lemma(tokens[0])) if tokens else None
        if longest is None:  # no title starts with its first word
            continue
        lemmas = [_lemma(t) for t in tokens[:min(longest, MAX_TOKENS)]]
        cut = max((c for c in range(1, len(lemmas) + 1) if " ".join(lemmas[:c]) in keys),
                  default=0)
        hand_written = bool(cut) and " ".join(lemmas[:cut]) in rank_keys()
        if not cut or (_named(doc, m.start, tokens[cut - 1].end) and not hand_written) or (
                m.start not in openings and m.text[:1].isupper()):
            continue  # a capital inside a sentence: the title may be part of the name
        title_end = tokens[cut - 1].end
        if title_end >= m.end:  # ``Статский`` of ``Статский советник``
            gone.add(m.id)
            added.append((m.start, title_end, "PROFESSION"))
            continue
        rest = tokens[cut]
        if rest.text[:1].isupper() and rest.text.replace("-", "").isalpha():
            gone.add(m.id)
            added += [(rest.start, m.end, "PERSON"),
                      (m.start, tokens[cut - 1].end, "PROFESSION")]
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
        for start, end, label in added:
            doc.add_mention(start, end, label)
    return doc


def _named(doc: Document, start: int, end: int) -> bool:
    """Whether a word inside ``[start, end)`` may be a name (a name reading, or no
    dictionary reading at all)."""
    from letopis.extract.honorifics import may_be_name

    return any(may_be_name(token.text) for token in span_tokens(doc, start, end)
               if token.text.replace("-", "").isalpha())


def _prefix_length(token: Token) -> int:
    """Length of a leading ``экс-`` (NEREL leaves it out: ``экс-[президент]``)."""
    return _ex_prefix_length(token.text)


@lru_cache(maxsize=50_000)
def _ex_prefix_length(text: str) -> int:
    return len(EX_PREFIX) if text.lower().startswith(EX_PREFIX) else 0


def _lemma(token: Token) -> str:
    """The token's lemma; for ``экс-президента`` the lemma of ``президента``."""
    cut = _prefix_length(token)
    return lemma_of(token.text[cut:]) if cut and len(token.text) > cut else token.lemma


def extend_right(doc: Document, j: int, last: int, names: Names) -> int:
    """End offset of the phrase ending at token ``j - 1`` with its complements.

    Complements (inside the sentence ending at token ``last``, never across a line
    break): up to ``MAX_STEPS`` genitive groups (genitive adjectives, then an inanimate
    genitive noun), then optionally adjacent name mentions (organisations, places:
    ``ЦК КПСС``) or a quoted title starting with a capital (closing quote left out, as
    NEREL mostly does; the nested organisation mention ends there too).
    """
    end = doc.tokens[j - 1].end
    after_name = False
    for _ in range(MAX_STEPS):
        if j >= last or "\n" in doc.text[doc.tokens[j - 1].end:doc.tokens[j].start]:
            break
        token = doc.tokens[j]
        if token.start in names.ends:
            end, after_name = names.ends[token.start], True
            while j < last and doc.tokens[j].start < end:
                j += 1
            continue
        if after_name:
            break
        if _opens(doc, j):
            close = _closing(doc, j, last)
            return doc.tokens[close - 1].end if close is not None else end
        k = _genitive_group(doc, j, last, names)
        if k is None:
            break
        end, j = doc.tokens[k - 1].end, k
    return end


def _opens(doc: Document, j: int) -> bool:
    """True when token ``j`` opens a quoted title: ``«Коммунист»``, ``"Коммунист"``."""
    text = doc.text
    token = doc.tokens[j]
    if token.text not in OPEN_QUOTES or token.end >= len(text) or not text[token.end].isupper():
        return False
    return token.text == "«" or token.start == 0 or text[token.start - 1].isspace()


def _closing(doc: Document, j: int, last: int) -> int | None:
    """Index of the quote closing the one at ``j`` (None if far or absent)."""
    closers = "»" if doc.tokens[j].text == "«" else CLOSE_QUOTES
    for k in range(j + 2, min(last, j + 12)):
        if doc.tokens[k].text in closers:
            return k
    return None


def _genitive_group(doc: Document, j: int, last: int, names: Names) -> int | None:
    """Index after ``[genitive adjectives] genitive noun`` starting at ``j``, else None."""
    k = j
    while k < last and _is(doc.tokens[k], "ADJF", "gent"):
        if "Apro" in doc.tokens[k].tag:
            return None  # ``журналиста всех обвинений``, ``главы своей администрации``
        k += 1
    token = doc.tokens[k] if k < last else None
    if token is not None and SURNAME_RE.fullmatch(token.text) and k > 0:
        return None  # ``Полковник Квачков``: a surname, not ``квачков`` of ``квачок``
    if (
        token is not None and _is(token, "NOUN", "gent") and token.start not in names.blocked
        and "anim" not in token.tag and len(token.text) > 1  # ``Г.`` is an initial
    ):
        return k + 1
    return None


def _is(token: Token, pos: str, case: str) -> bool:
    """True when the best parse has part of speech ``pos`` and some parse is in ``case``."""
    return token.pos == pos and token.text[:1].isalpha() and can_be(token.text, pos, case)
