"""Titled documents and works: a mention over the content of each title quote.

A quoted title introduced by a noun that names a kind of thing (``постановление «…»``,
``речь под названием «…»``, ``журнала «…»``) becomes a mention over the title without
its marks: LAW for acts (постановление, закон, указ, декрет, кодекс, резолюция, ...),
WORK_OF_ART for books, speeches, articles, films, songs ..., ORGANIZATION for
periodicals, publishers and broadcasters (NEREL annotates media names as ORGANIZATION),
an organization read over an act and its body is the body alone (``Постановление СНК
СССР`` -> ``СНК СССР``),
ORGANIZATION for companies, works, farms and parties (``колхоз «Путь Ильича»``,
``завод «Красный треугольник»``: ``cues.ORGANIZATION_NOUNS``) and PRODUCT for ships and
machines (``корабль «Восток»``, ``пароход «Святитель Николай»``: ``cues.PRODUCT_NOUNS``),
where the name's other readings over the same interval go (a FACILITY, a work, a person).
Where NER already put an ORGANIZATION mention on the same interval, an ORGANIZATION
title adds nothing, and a LAW or WORK_OF_ART title replaces it (the noun is the stronger
evidence) unless another annotation already refers to it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from letopis.doc import Document, Mention
from letopis.extract.cues import (
    FACILITY_NOUNS,
    ORGANIZATION_NOUNS,
    PRODUCT_NOUNS,
    TITLE_NOUNS,
    TokenView,
)
from letopis.extract.quotemarks import QuotedSpan
from letopis.extract.quotes import classify_all

MAX_NAME_WORDS = 8  # words of an organization's name in quotes
# the label of a name in quotes right after one of these nouns (``колхоз «…»``)
NAMED_BY = {**dict.fromkeys(ORGANIZATION_NOUNS, "ORGANIZATION"),
            **dict.fromkeys(PRODUCT_NOUNS, "PRODUCT"),
            **dict.fromkeys(FACILITY_NOUNS, "FACILITY")}
# the labels such a name may have been read as (``гостиница «Украина»``: no country)
NAMES = frozenset({"FACILITY", "WORK_OF_ART", "PERSON", "PRODUCT", "EVENT", "LOCATION",
                   "CITY", "AWARD", "ORGANIZATION", "COUNTRY", "STATE_OR_PROVINCE",
                   "DISTRICT"})


def tag_works(doc: Document) -> Document:
    """Add LAW / WORK_OF_ART / ORGANIZATION mentions over quoted titles.

    Reads: text, tokens (lemmas, tags), sentences, mentions. Writes: mentions.
    """
    _acts_of_bodies(doc)
    _split_across_quotes(doc)
    view = TokenView(doc)
    persons = {(m.start, m.end): m for m in doc.mentions if m.label == "PERSON"}
    listed: tuple[int, str] | None = None  # (close end, label) of the last name named
    for span, kind in zip(view.spans, classify_all(view), strict=True):
        if listed is not None and _listed_after(doc, listed[0], span):
            _name_as(doc, span, listed[1])  # ``в кинотеатрах «Звезда», «Космос» и «Юность»``
            listed = (span.close_end, listed[1])
            continue
        listed = None
        if kind.kind == "title" and kind.noun is None:
            if _dated_act(doc, view, span):  # ``Приказ № 227 от 28 июля 1942 г. «…»``
                _name_as(doc, span, "LAW")
                continue
            _named_title(doc, persons.get((span.start, span.end)))
        if kind.kind != "title" or kind.noun is None:
            continue
        noun = view.lemma(kind.noun)
        label = TITLE_NOUNS.get(noun)
        named = NAMED_BY.get(noun) if label is None else None
        if named is None and label is None and noun == "дом" and kind.noun and view.lemma(
                kind.noun - 1) == "торговый":
            named = "ORGANIZATION"  # ``Торговый дом «Братья Елисеевы»``: a firm
        if named is not None and _named_right_after(doc, kind.noun, span):
            _drop_labels(doc, span.start, span.end, NAMES - {named})  # ``колхоз «Путь Ильича»``
            label = named
        if label is None:
            continue
        if label != "ORGANIZATION":
            _drop_labels(doc, span.start, span.end, frozenset({"ORGANIZATION"}))
        doc.add_mention(span.start, span.end, label)
        if named is not None or _named_right_after(doc, kind.noun, span):
            listed = (span.close_end, label)
    return _drop_dates_in_titles(doc)


def _drop_dates_in_titles(doc: Document) -> Document:
    """Drop a DATE with no value inside a work's title (``Один день`` of «Один день Ивана
    Денисовича»): words of the title, not a time; NEREL train nests 2 dates in 492
    works' names, both with a value (``9/11``)."""
    works = [(m.start, m.end) for m in doc.mentions if m.label == "WORK_OF_ART"]
    if not works:
        return doc
    valued = {d.mention for d in doc.dates if d.edtf}
    gone = {m.id for m in doc.mentions if m.label == "DATE" and m.id not in valued
            and any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end)
                    for a, b in works)}
    doc.drop_mentions(gone)
    return doc


# words that put a person's name in quotes: a nickname, a call sign, a pen name
NICKNAME_WORDS = ("прозвищ", "позывн", "кличк", "псевдоним", "прозван", "называ", "звали")


def _named_title(doc: Document, person: Mention | None) -> None:
    """A person's name that fills a title's quotes with no noun before them is the work
    named after its hero (``о его «Борисе Годунове»``, ``читали «Евгения Онегина»``), not
    the person, unless a nickname's word stands before (``под прозвищем «Руби»``, which
    NEREL marks a PERSON: 12 of the 1,555 spans NEREL train fills quotes with)."""
    if person is None:
        return
    before = doc.text[max(0, person.start - 30):person.start].lower()
    if any(word in before for word in NICKNAME_WORDS):
        return
    doc.mentions = [m for m in doc.mentions if m is not person]
    doc.add_mention(person.start, person.end, "WORK_OF_ART")


# a closing quote, then (after anything) an opening one: a mention over it runs from one
# name in quotes into the next
ACROSS_QUOTES = re.compile(r"»[^«»]*«")


def _split_across_quotes(doc: Document) -> None:
    """A mention that runs from inside one name in quotes into the next (``Уральская
    сталь», «Оскольский электрометаллургический комбинат``, the model's reading of a list)
    becomes one mention of its label over each of the names: the part before the first
    closing quote, each whole quoted name between, the part after the last opening one."""
    crossing = [m for m in doc.mentions if ACROSS_QUOTES.search(m.text) and _inside_both(m.text)]
    for m in crossing:
        doc.mentions.remove(m)
        for a, b in _quoted_parts(m.text):
            doc.add_mention(m.start + a, m.start + b, m.label)


def _inside_both(text: str) -> bool:
    """Whether the text starts inside one quote and ends inside another: its first quote
    mark closes and its last opens (not ``Матч «Спартак» — «Краснодар»``, a name around
    two quoted ones)."""
    marks = [c for c in text if c in "«»"]
    return marks[0] == "»" and marks[-1] == "«"


def _quoted_parts(text: str) -> list[tuple[int, int]]:
    """The offsets in ``text`` of the names that a mention across quotes runs over."""
    parts, start = [], 0
    for match in ACROSS_QUOTES.finditer(text):
        parts.append((start, match.start()))
        start = match.end()
    parts.append((start, len(text)))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b - len(text[a:b]) + len(
        text[a:b].rstrip())) for a, b in parts if text[a:b].strip()]


def _acts_of_bodies(doc: Document) -> None:
    """An ORGANIZATION the model read over an act and the body that issued it
    (``Постановление СНК СССР``, ``Приказ НКВД``) is the body alone: the act's noun
    (``TITLE_NOUNS`` of LAW, by its lemma) is cut off. NEREL train has no organization
    that opens with an act's noun (``законодательное собрание`` is no act)."""
    from letopis.morph import best

    cut = []
    for m in doc.mentions:
        first, _, rest = m.text.partition(" ")
        if (m.label == "ORGANIZATION" and rest.strip() and first.isalpha()
                and TITLE_NOUNS.get(best(first.lower())[0]) == "LAW"):
            cut.append((m, m.end - len(rest.lstrip())))
    if not cut:
        return
    gone = {m.id for m, _ in cut}
    doc.mentions = [m for m in doc.mentions if m.id not in gone]
    for m, start in cut:
        doc.add_mention(start, m.end, "ORGANIZATION")


def _named_right_after(doc: Document, noun: int, span: QuotedSpan) -> bool:
    """Whether the quote opens one space after the noun at token ``noun`` and holds a
    short name (at most ``MAX_NAME_WORDS`` words, no sentence punctuation), not words."""
    gap = doc.text[doc.tokens[noun].end:span.open_start]
    content = doc.text[span.start:span.end]
    return (gap in ("", " ", "\u00a0") and len(content.split()) <= MAX_NAME_WORDS
            and not any(c in content for c in ".,!?;:"))


# what joins the names of a list in quotes: ``«Звезда», «Космос» и «Юность»``
LIST_JOINS = (", ", " и ", ", и ", ",\u00a0", "\u00a0и ")


ACT_REACH = 16  # tokens from an act's noun to its date


def _dated_act(doc: Document, view: TokenView, span: QuotedSpan) -> bool:
    """Whether a title in quotes follows an act's date (``от 5 марта 1930 г.``) and the
    act's noun (``TITLE_NOUNS`` of LAW) opens the words before it in the sentence:
    ``Постановление бюро обкома ВКП(б) от 5 марта 1930 г. «О ликвидации кулачества»``."""
    date = next((m for m in doc.mentions if m.label == "DATE" and m.text[:3].lower() == "от "
                 and doc.text[m.end:span.open_start].strip(" .\u00a0") in ("", "г")
                 and m.end <= span.open_start), None)
    if date is None:
        return False
    starts = [t.start for t in view.tokens]
    i = bisect_left(starts, date.start) - 1
    for k in range(i, max(-1, i - ACT_REACH), -1):
        if view.tokens[k].text in (".", "!", "?", "«", "»"):
            return False
        if TITLE_NOUNS.get(view.lemma(k)) == "LAW":
            return True
    return False


def _listed_after(doc: Document, close_end: int, span: QuotedSpan) -> bool:
    """Whether ``span`` is the next name of a list whose previous name's quote closed at
    ``close_end`` (only a comma or ``и`` between) and holds a short name."""
    content = doc.text[span.start:span.end]
    return (doc.text[close_end:span.open_start] in LIST_JOINS
            and len(content.split()) <= MAX_NAME_WORDS
            and not any(c in content for c in ".,!?;:"))


def _name_as(doc: Document, span: QuotedSpan, label: str) -> None:
    """``label`` over the quoted name, its other readings dropped."""
    _drop_labels(doc, span.start, span.end, NAMES - {label})
    doc.add_mention(span.start, span.end, label)


def _drop_labels(doc: Document, start: int, end: int, labels: frozenset[str]) -> None:
    """Remove the unreferenced mentions of ``labels`` over exactly ``[start, end)`` (an
    organization under a work's title; a name's other readings, a FACILITY, a work, a
    person, under an organization's or a product's name in quotes)."""
    used = {r.head for r in doc.relations} | {r.tail for r in doc.relations}
    used |= {d.mention for d in doc.dates}
    doc.mentions = [m for m in doc.mentions if not (
        m.start == start and m.end == end and m.label in labels and m.id not in used)]
