"""EVENT mentions: named events by a small grammar, frequent event words by a lexicon.

Grammar (over tokens, inside a sentence)::

    [ordinal] [adjective]* EVENT_NOUN [genitive group]* [name | quoted title]

where the ordinal is a Roman numeral, ``70-й``, a bare number before a singular noun,
and the adjectives may include ordinal words (``Второй мировой войны``). A bare event
noun is not enough: the phrase needs an ordinal, a capitalised word (``Октябрьской
революции``, ``Пленум``) or a following name mention or quoted title (``съезд КПСС``).
The span follows NEREL: the preposition stays out, the ordinal and a genitive
organisation are in (``на XX съезде КПСС`` -> ``XX съезде КПСС``), and the organisation
keeps its own mention nested inside.

Lexicon (``events.tsv``): lemma sequences annotated as EVENT in NEREL train
(``скончаться``, ``подать в отставка``, ``президентский выборы``), kept when at least
``MIN_RATIO`` of their train occurrences carry exactly that EVENT span (threshold chosen
on NEREL dev).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from letopis.doc import PLACE_LABELS, Document, Token
from letopis.extract.gazetteer import (
    can_be,
    caps_line,
    count_table,
    key_starts,
    longest_matches,
    sentence_spans,
)
from letopis.extract.professions import Names, extend_right, names_of

LEXICON = "events.tsv"
MIN_EXACT = 1  # annotated at least this often in train
MIN_RATIO = 0.25  # share of train occurrences annotated with exactly this span
MAX_TOKENS = 8
MAX_ADJECTIVES = 3

# Nouns that name an event when a name-like context goes with them (general knowledge).
EVENT_NOUNS = frozenset({
    "съезд", "конференция", "пленум", "конгресс", "сессия", "фестиваль", "кинофестиваль",
    "олимпиада", "чемпионат", "первенство", "форум", "собор", "саммит", "совещание",
    "война", "революция", "кризис", "восстание", "переворот", "путч", "мятеж", "битва",
    "сражение", "блокада", "игра", "игры", "выборы", "турнир", "биеннале",
    "выставка", "парад", "конкурс", "спартакиада", "ассамблея", "референдум",
})
# Military actions named by the place they took or the land they went to (general
# knowledge): ``осада Сараева`` (NEREL train), ``оборона Севастополя``, ``взятие Карса``,
# ``Хивинский поход``, ``Крымская кампания``. Only with a place mention right after the
# noun or a capitalised adjective before it (``обороны России`` of ``министерство обороны
# России`` is neither: the organisation holds it).
MILITARY_ACTIONS = frozenset({
    "осада", "оборона", "штурм", "взятие", "поход", "кампания", "экспедиция", "переправа",
})
# Battles named by the place they were fought at: ``сражение при Шипке``, ``битва под
# Полтавой``, ``бой у Мукдена``, ``Сражения при Лексингтоне и Конкорде`` (NEREL train).
BATTLES = frozenset({"битва", "сражение", "бой"})
AT_PLACE = frozenset({"при", "под", "у", "близ", "возле"})
# capitalized ordinal words among an event's adjectives count as its ordinal (``Первая
# русская революция``, as NEREL marks ``Первой мировой войны``; not ``первая выставка``)
ORDINAL_WORDS = frozenset({"первый", "второй", "третий", "четвёртый", "четвертый", "пятый",
                           "шестой", "седьмой", "восьмой", "девятый", "десятый"})
# a month's adjective opening an event names the month, not a place (``Декабрьское
# восстание``, ``Октябрьской революции``; a town ``Октябрьский`` elsewhere stays)
MONTH_ADJECTIVE = re.compile(r"(?:Январ|Феврал|Мартов|Апрел|Майск|Июньск|Июльск|Августовск"
                             r"|Сентябрьск|Октябрьск|Ноябрьск|Декабрьск)[а-яё]*")
# Nouns that are organisations or buildings as often as events: only with an ordinal.
ORDINAL_ONLY = frozenset({"конгресс", "собор", "ассамблея", "сессия", "совещание"})
RELATIONAL = re.compile(r"[сц]к(ий|ая|ое|ие|ой|ого|ую|ом|им|их|ими|ому)$")
ROMAN = re.compile(r"[IVXLCDM]+")
ARABIC_ORDINAL = re.compile(r"\d+(-?[а-яё]{1,3})?")


@cache
def lexicon() -> frozenset[str]:
    """The event keys kept after the precision filter (loaded once)."""
    keys = set()
    for key, (occurrences, exact, _starts) in count_table(LEXICON).items():
        if exact >= MIN_EXACT and exact >= MIN_RATIO * occurrences:
            keys.add(key)
    return frozenset(keys)


@cache
def lexicon_starts() -> dict[str, int]:
    """``key_starts`` of the lexicon (computed once)."""
    return key_starts(lexicon())


def tag_events(doc: Document) -> Document:
    """Add EVENT mentions: named events (grammar) and frequent event words (lexicon).

    Reads: tokens (lemma, tag), sentences, mentions (organisations, places).
    Writes: mentions.
    """
    keys = lexicon()
    names = names_of(doc)
    for first, last in sentence_spans(doc):
        for start, end in _named_events(doc, first, last, names):
            doc.add_mention(start, end, "EVENT")
        tokens = doc.tokens[first:last]
        lemmas = [t.lemma for t in tokens]
        for a, b in longest_matches(lemmas, keys, MAX_TOKENS, lexicon_starts()):
            if b - a == 1 and tokens[a].pos == "PRTF":
                continue  # ``погибших``, ``осуждённых``: the people, not the event
            if tokens[a].text.isupper() and caps_line(doc.text, tokens[a].start):
                continue  # ``ПРОТОКОЛ ДОПРОСА``: a heading's word, no event
            doc.add_mention(tokens[a].start, tokens[b - 1].end, "EVENT")
    return _drop_unreal_verbs(_drop_month_places(doc))


def _drop_unreal_verbs(doc: Document) -> Document:
    """Drop an EVENT that is one verb in the present or an infinitive (``встречает``,
    ``расстаться``): a news event happened or is announced (740 of the 799 one-verb
    EVENTs of NEREL train are in the past, 23 in the future, 14 in the present), and prose
    tells its story in the present. The future stays (``выступит``, ``посетят``)."""
    starts = {t.start: t for t in doc.tokens}
    gone = set()
    for m in doc.mentions:
        token = starts.get(m.start)
        if (m.label == "EVENT" and token is not None and token.end == m.end
                and (token.pos == "INFN" or token.pos == "VERB" and "pres" in token.tag)):
            gone.add(m.id)
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
    return doc


def _drop_month_places(doc: Document) -> Document:
    """Drop a place over a month's adjective that opens an EVENT (``Декабрьское`` of
    ``Декабрьское вооруженное восстание``, read as a village)."""
    starts = {m.start for m in doc.mentions if m.label == "EVENT" and " " in m.text}
    doc.mentions = [m for m in doc.mentions if not (
        m.label in PLACE_LABELS and m.start in starts and MONTH_ADJECTIVE.fullmatch(m.text))]
    return doc


def _named_events(
    doc: Document, first: int, last: int, names: Names
) -> list[tuple[int, int]]:
    """Character spans of the grammar's events in the sentence ``first:last``."""
    found = []
    tokens = doc.tokens
    places: dict[int, int] | None = None  # read once a military action is met
    for k in range(first, last):
        noun = tokens[k]
        if noun.lemma in MILITARY_ACTIONS or noun.lemma in BATTLES:
            if places is None:
                places = _towns(doc, first, last)
            span = _military_action(doc, k, first, last, names, places)
            if span is not None:
                found.append(span)
            continue
        if noun.lemma not in EVENT_NOUNS:
            continue
        a = k
        while a > first and k - a < MAX_ADJECTIVES and _is_adjective(tokens[a - 1]):
            a -= 1
        ordinal = a > first and _is_ordinal(tokens[a - 1], noun)
        if ordinal:
            a -= 1
        elif noun.lemma in ORDINAL_ONLY:
            continue
        end = extend_right(doc, k + 1, last, names)
        ordinal = ordinal or any(t.lemma in ORDINAL_WORDS and t.text[:1].isupper()
                                 for t in tokens[a:k])
        if ordinal or _capitalised(tokens[a:k + 1], a == first) or _has_name(doc, noun, end, names):
            found.append((tokens[a].start, end))
    return found


def _military_action(doc: Document, k: int, first: int, last: int, names: Names,
                     places: dict[int, int]) -> tuple[int, int] | None:
    """The span of a military action or battle at token ``k`` (``MILITARY_ACTIONS``,
    ``BATTLES``), or None: with its capitalised adjectives, its genitive place and, for
    a battle, the place after ``при``/``под``/``у`` (two places joined by ``и`` too)."""
    tokens = doc.tokens
    noun = tokens[k]
    if any(s < noun.start and noun.end <= e for s, e in _organisations(doc)):
        return None  # ``Министерства обороны``
    a = k
    while a > first and k - a < MAX_ADJECTIVES and _is_adjective(tokens[a - 1]):
        a -= 1
    named = _capitalised(tokens[a:k], a == first) if a < k else False
    end = noun.end
    if k + 1 < last and tokens[k + 1].start in places:
        end = max(extend_right(doc, k + 1, last, names), places[tokens[k + 1].start])
        named = True
    elif noun.lemma in BATTLES and k + 2 < last and tokens[k + 1].text.lower() in AT_PLACE:
        place_end = places.get(tokens[k + 2].start)
        if place_end is not None:
            end, named = _coordinated(doc, place_end, last, places), True
    if noun.lemma in BATTLES and not named:
        return None  # a bare ``битва`` is the grammar's (``EVENT_NOUNS``) or nobody's
    return (tokens[a].start, end) if named else None


# the places a military action is named by: a town, a fortress, a river, a region, named
# by a noun (``обороны Израиля``, ``осаду йеменских портов`` are no named events)
TOWNS = frozenset({"CITY", "LOCATION", "STATE_OR_PROVINCE"})
# the actions whose genitive is the place taken or held (``штурм Измаила``)
TAKEN = frozenset({"осада", "оборона", "штурм", "взятие"})


def _towns(doc: Document, first: int, last: int) -> dict[int, int]:
    """Start -> end of the towns, rivers and regions named by a noun, after the persons
    taken for a place (``_taken_places``) in the sentence ``first:last``."""
    _taken_places(doc, first, last)
    return {m.start: m.end for m in doc.mentions
            if m.label in TOWNS and m.text[:1].isupper() and m.text.isalpha()}


def _taken_places(doc: Document, first: int, last: int) -> None:
    """A one-word PERSON right after a noun of ``TAKEN`` that reads as a place too is the
    place (``штурм Измаила``: Измаил is a first name and a fortress)."""
    from letopis.morph import parse

    starts = {t.start: i for i, t in enumerate(doc.tokens[first:last], first)}
    for m in doc.mentions:
        i = starts.get(m.start)
        if m.label != "PERSON" or i is None or i == first or " " in m.text:
            continue
        if doc.tokens[i - 1].lemma in TAKEN and any(
                "Geox" in p.tag and p.tag.case == "gent" for p in parse(m.text.lower())):
            m.label = "CITY"


def _coordinated(doc: Document, end: int, last: int, places: dict[int, int]) -> int:
    """The end of a place and of a second one after ``и`` (``при Лексингтоне и Конкорде``)."""
    starts = [t.start for t in doc.tokens]
    j = bisect_left(starts, end)
    if j + 1 < last and doc.tokens[j].text == "и" and doc.tokens[j + 1].start in places:
        return places[doc.tokens[j + 1].start]
    return end


def _organisations(doc: Document) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in doc.mentions if m.label == "ORGANIZATION"]


def _is_adjective(token: Token) -> bool:
    """An adjective or participle (a capitalised unknown word may be one: ``Шукшинский``)."""
    if token.pos in ("ADJF", "PRTF"):
        return not token.text[:1].isdigit()
    return token.text[:1].isupper() and can_be(token.text, "ADJF")


def _is_ordinal(token: Token, noun: Token) -> bool:
    """A Roman numeral, an ordinal in digits (``70-й``) or a bare number before a singular."""
    text = token.text
    if ROMAN.fullmatch(text):
        return True
    if ARABIC_ORDINAL.fullmatch(text):
        return "Anum" in token.tag or (text.isdigit() and "sing" in noun.tag)
    return False


def _capitalised(tokens: list[Token], at_sentence_start: bool) -> bool:
    """True when a word of the phrase is capitalised other than as the sentence's first.

    The sentence's first word counts when it is a relational adjective (``Карибский``).
    """
    first = tokens[0]
    if at_sentence_start and not (len(tokens) > 1 and RELATIONAL.search(first.text.lower())):
        tokens = tokens[1:]
    return any(t.text[:1].isupper() for t in tokens)


def _has_name(doc: Document, noun: Token, end: int, names: Names) -> bool:
    """True when the complement up to ``end`` holds a name mention or a quoted title."""
    if any(noun.end < start < end for start in names.ends):
        return True
    return any(ch in "«\"" for ch in doc.text[noun.end:end])
