"""Military units: a regiment, division, corps or army named by its number or its name is
an ORGANIZATION.

Service records, reports and memoirs name units by a fixed pattern: an ordinal and
adjectives before the unit word (``27-ю пехотною дивизиею``, ``Преображенский полк``,
``Полтавского пехотного полка``, ``1-й армии``, ``Отдельным Кавказским корпусом``,
``лейб-гвардии Семёновского полка``). NEREL marks them as ORGANIZATION, the ordinal
included (``79-й николаевской десантной бригады``, ``58-й армии``); the NER model, trained
on news, often reads a guards regiment as a FACILITY or its adjective as a person or a
place. A unit word with no ordinal and no capitalized adjective before it (``пехотного
полка``, ``армии``) is left to the model; a capital that only opens a sentence names
nothing (``Приехавшая кардиологическая бригада``), and a word that also names a building
or a team needs an adjective besides its number (``девятого корпуса`` of a hospital). A
country right after the unit's word belongs to its name (``1-й армии США``). The staff's
abbreviations after a number are units too (``316-я сд``, ``1-й гв. кк``), and so is a
number written bare before a singular adjective (``175 гвардейского стрелкового полка``,
``175 гв. сп``; ``3 стрелковых полка`` counts regiments).

Over the new span a FACILITY or LOCATION goes, as does a PERSON inside it (``Волынского``
of ``Волынского полка``: the regiment, not a person) and any other mention over a part
ending in the unit's word (``Семеновском полку`` read as a district; an organization
only inside a numbered unit: ``гвардейской стрелковой дивизии`` of ``58 гвардейской
стрелковой дивизии``, not ``Национального фронта`` of ``правого Национального
фронта``, which the adjectives before it overreach); a place over an
adjective stays (NEREL nests the town a regiment is named after).
"""

from __future__ import annotations

from letopis.doc import Document, Token
from letopis.extract.gazetteer import opens_sentence

UNIT_LEMMAS = frozenset({
    "полк", "батальон", "дивизия", "бригада", "корпус", "армия", "рота", "эскадрон",
    "батарея", "фронт", "эскадра", "флотилия", "дружина", "сотня", "полусотня", "экипаж",
})
# ``полк`` shares most of its forms with ``полка`` (a shelf), pymorphy's likelier reading
REGIMENT_FORMS = frozenset({"полк", "полка", "полку", "полком", "полке", "полки", "полков",
                            "полкам", "полками", "полках", "полкѣ"})
# words that also name a building or a team: a number alone is not enough (``девятого
# корпуса`` of a hospital), an adjective must come with it (``9-го армейского корпуса``)
SHARED_WORDS = frozenset({"корпус", "бригада", "экипаж", "дружина", "сотня"})
# Soviet staff abbreviations of units, after a number (``316-я сд``, ``1-й гв. кк``)
UNIT_ABBREVIATIONS = frozenset({
    "сд", "стрд", "тд", "мд", "мсд", "кд", "вдд", "ск", "кк", "мк", "тк", "сп", "мсп", "сбр",
    "тбр", "мбр", "осбр", "ап", "гап", "тп", "кп", "иптап", "вдбр",
})
GUARDS = frozenset({"лейб-гвардии", "лейб-гвардіи"})
ORDINAL_WORDS = frozenset({
    "первый", "второй", "третий", "четвертый", "четвёртый", "пятый", "шестой", "седьмой",
    "восьмой", "девятый", "десятый", "одиннадцатый", "двенадцатый",
})
DROPPED_OVER = frozenset({"FACILITY", "LOCATION"})
DROPPED_INSIDE = frozenset({"PERSON", "FACILITY", "LOCATION"})
MAX_BEFORE = 4


def tag_units(doc: Document) -> Document:
    """Add an ORGANIZATION over each military unit named by an ordinal or a capitalized
    adjective before its word.

    Reads: tokens (lemma, pos, tag), mentions. Writes: mentions (ORGANIZATION added;
    FACILITY or LOCATION over it, PERSON, FACILITY or LOCATION inside it and another
    label over its end dropped).
    """
    spans = unit_spans(doc.text, doc.tokens)
    if not spans:
        return doc
    numbered = {span for span in spans if doc.text[span[0]:span[0] + 1].isdigit()}
    doc.mentions = [m for m in doc.mentions if not any(
        (m.label in DROPPED_OVER and (m.start, m.end) == span)
        or (span[0] <= m.start and m.end <= span[1] and (m.start, m.end) != span and (
            m.label in DROPPED_INSIDE or m.end == span[1] and (
                m.label != "ORGANIZATION" or span in numbered)))
        for span in spans)]
    countries = {m.start: m.end for m in doc.mentions if m.label == "COUNTRY"}
    for start, end in spans:
        doc.add_mention(start, _country_after(doc.text, end, countries), "ORGANIZATION")
    return doc


def _country_after(text: str, end: int, countries: dict[int, int]) -> int:
    """The end of a COUNTRY mention one space after ``end`` (``1-й армии США``, as NEREL
    marks it), else ``end``."""
    return countries.get(end + 1, end) if text[end:end + 1] == " " else end


def unit_spans(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Character spans of the units named in ``tokens`` of ``text`` (see the module)."""
    spans = []
    for i, token in enumerate(tokens):
        if token.text in UNIT_ABBREVIATIONS:
            first = _numbered_abbreviation(tokens, i)
            if first is not None:
                spans.append((tokens[first].start, token.end))
            continue
        if not _unit_word(token):
            continue
        first, named, adjectives = i, False, 0
        while first > 0 and i - first < MAX_BEFORE:
            before = tokens[first - 1]
            if _ordinal(before) or (adjectives and _bare_number(before)
                                    and "sing" in (tokens[i - 1].tag or "")):
                first -= 1
                named = True
                break  # the ordinal opens the name
            if not _adjective(before):
                break
            first -= 1
            adjectives += 1
            named = named or (before.text[:1].isupper()
                              and not opens_sentence(text, tokens, first))
        if not named or (token.lemma in SHARED_WORDS and not adjectives):
            continue
        if not _ordinal(tokens[first]) and not _bare_number(tokens[first]):
            # named by a capital alone: lower-case adjectives before it describe the unit
            # (``крайне правого Национального фронта``), its name starts at the capital
            while first < i and not tokens[first].text[:1].isupper():
                first += 1
        if first > 0 and tokens[first - 1].text.lower() in GUARDS:
            first -= 1
        spans.append((tokens[first].start, token.end))
    return spans


def _numbered_abbreviation(tokens: list[Token], i: int) -> int | None:
    """The first token of ``316-я сд``, ``1-й гв. кк`` (an ordinal, ``гв.`` allowed between)
    ending at the abbreviation ``i``, else None."""
    k = i - 1
    if k >= 1 and tokens[k].text == "." and tokens[k - 1].text == "гв":
        k -= 2
    if k >= 0 and (_bare_number(tokens[k]) or _ordinal(tokens[k]) and tokens[k].text[:1].isdigit()):
        return k
    return None


def _bare_number(token: Token) -> bool:
    """A number written without its ordinal ending, as staff documents and award sheets
    write a unit's (``175 гвардейского стрелкового полка``, ``1054 сп``)."""
    return token.text.isdigit() and len(token.text) <= 4


def _unit_word(token: Token) -> bool:
    low = token.text.lower()
    return low in REGIMENT_FORMS or (token.lemma in UNIT_LEMMAS and token.text.isalpha()
                                     and low == token.text)


def _adjective(token: Token) -> bool:
    """An adjective or participle of the name (capitalized or not), not an ordinal."""
    return token.pos in ("ADJF", "PRTF") and token.text.isalpha() and "Anum" not in (
        token.tag or "")


def _ordinal(token: Token) -> bool:
    """``27-ю``, ``1-й``, ``первой``: a numbered unit."""
    text = token.text
    if "-" in text and text.split("-")[0].isdigit():
        return True
    return token.lemma in ORDINAL_WORDS or "Anum" in (token.tag or "") and text.isalpha()
