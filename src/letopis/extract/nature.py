"""Rivers, lakes, seas and mountains: a LOCATION over each name of ``natural_features.tsv``.

Chronicles, campaign journals, travel notes and memoirs are full of waters: ``переправа
через Березину``, ``стояли на Дунае``, ``за Волгой``, ``вниз по Оке``. NEREL's news
rarely names them, so the model reads them as towns (``на Эльбе``, ``через Дунай``) or
as persons (``к Неману``). The gazetteer (hand-written, general knowledge) gives each
name its kind and what else it can be:

- ``nothing``: the name alone is the feature (``Дунай``, ``Эльба``); only a name in
  quotes (``«Волга»``, a car or a ship) or one inside an organization's, a product's or
  a work's name keeps its label;
- ``place``: a town or region has the name too (``Днепр``, ``Вятка``, ``Уфа``): the
  feature needs a preposition of waters before it (``на``, ``вдоль``, ``над``, ``за``
  with the instrumental, ``вниз по``) or a word below;
- ``person`` or ``word``: a person or a common word has it (``Лена``, ``Березина`` of
  Березин, ``Сена`` of сено): the feature needs a word for the feature or a place on it
  before it (``берег``, ``устье``, ``переправа через``, ``форсирование``).

Any kind also counts next to a feature already found (``между Днестром и Прутом``, ``от
Волги до Дона``); a ``place`` or ``word`` name found once by its context counts in the
rest of the document too, except right after ``в``, ``из``, ``под`` (a town's
prepositions).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from letopis.doc import Document, Token
from letopis.extract.gazetteer import (
    FormTable,
    fold_form,
    key_starts,
    longest_matches,
    opens_sentence,
    phrase_lemmas,
    read_rows,
    sentence_spans,
)

LEXICON = "natural_features.tsv"
MAX_TOKENS = 4
LABEL = "LOCATION"
# the labels the model gives a feature's name by mistake: changed without more context
MISREAD = frozenset({"CITY", "PERSON", "STATE_OR_PROVINCE", "COUNTRY", "DISTRICT"})
# labels whose mention keeps a name that has no context of waters (a club, a car, a ship)
NAMED_THINGS = frozenset({"ORGANIZATION", "FACILITY", "PRODUCT", "WORK_OF_ART", "PERSON"})
# words for a feature, a place on it or a crossing of it, right before the name or
# before the preposition in front of it (``на берегу Днепра``, ``переправа через Неман``)
CONTEXT_WORDS = frozenset({
    "река", "речка", "озеро", "море", "берег", "побережье", "устье", "исток", "верховье",
    "низовье", "течение", "разлив", "русло", "приток", "бассейн", "пойма", "излучина",
    "дельта", "набережная", "переправа", "переправиться", "переправляться", "переправить",
    "форсирование", "форсировать", "переплыть", "переплывать", "вода", "лёд", "лед",
    "плотина", "гладь", "водораздел", "междуречье", "подножие", "склон", "вершина",
    "перевал", "отрог", "хребет", "переход", "переходить", "перейти", "мост", "паром",
})
WATER_PREPOSITIONS = frozenset({"на", "вдоль", "над", "надо"})
DIRECTIONS = frozenset({"вниз", "вверх"})  # ``вниз по Оке``
TOWN_PREPOSITIONS = frozenset({"в", "во", "из", "изо", "под", "подо"})
JOINS = frozenset({"и", ",", "или", "до", "да", "с", "со"})  # ``Яика с Доном``
OPENING, CLOSING = "«\"„“'", "»\"“”'"


@dataclass(frozen=True, slots=True)
class Feature:
    """A gazetteer row: the name in the nominative, its kind and what else it can be."""

    name: str
    kind: str
    clash: str


@cache
def feature_forms() -> FormTable[Feature]:
    """Folded case form -> feature, for the one-word names: the common declension's
    singular forms and the dictionary's, when it reads the name as a noun (declined on
    demand)."""
    return FormTable(((name, Feature(name, kind, clash)) for name, kind, clash
                      in read_rows(LEXICON) if " " not in name), _feature_declined)


def _feature_declined(name: str) -> set[str]:
    from letopis.extract.geo import _declined
    from letopis.models import morph_analyzer
    from letopis.morph import parse

    found = {name}
    for reading in parse(name):
        if reading.is_known and "NOUN" in reading.tag and fold_form(
                reading.normal_form) == fold_form(name):  # not ``око`` of ``Ока``
            plural = "plur" in reading.tag  # ``Альпы``
            found.update(form.word for form in reading.lexeme
                         if plural or "sing" in form.tag)
    if len(found) == 1 and not name.endswith(("ы", "и")):  # a name the dictionary lacks:
        found.update(form for form in _declined(name)  # the common declension's forms
                     if not morph_analyzer().word_is_known(form.lower()))  # not ``Обе``
    return found


@cache
def feature_keys() -> dict[str, Feature]:
    """Lemma key (folded) -> feature, for the names of several words."""
    return {fold_form(phrase_lemmas(name)): Feature(name, kind, clash)
            for name, kind, clash in read_rows(LEXICON) if " " in name}


@cache
def feature_starts() -> dict[str, int]:
    """``key_starts`` of ``feature_keys`` (computed once)."""
    return key_starts(feature_keys())


def feature_name(name: str) -> bool:
    """Whether ``name`` (an entity's name) is a form of a name of ``LEXICON``."""
    return fold_form(name) in feature_forms() or (
        " " in name and fold_form(phrase_lemmas(name)) in feature_keys())


@dataclass
class _Found:
    first: int  # token indices, ``last`` exclusive
    last: int
    feature: Feature
    context: bool  # named by words around it, not by the name alone
    confirmed: bool


def _title(word: str) -> bool:
    """A capitalized word that is not written in capitals (``УПА`` is no river)."""
    return word[:1].isupper() and not word.isupper()


def _candidates(doc: Document) -> list[_Found]:
    forms, keys, starts = feature_forms(), feature_keys(), feature_starts()
    capitals = [i for i, t in enumerate(doc.tokens) if t.text[:1].isupper()]
    if not any(fold_form(doc.tokens[i].text) in forms
               or fold_form(doc.tokens[i].lemma or "") in starts for i in capitals):
        return []  # the quick test: most texts name no waters
    found: list[_Found] = []
    for first, last in sentence_spans(doc):
        tokens = doc.tokens[first:last]
        lemmas = [fold_form(t.lemma or t.text) for t in tokens]
        taken: set[int] = set()
        for a, b in longest_matches(lemmas, keys, MAX_TOKENS, starts):
            if _title(tokens[a].text):
                phrase = keys[" ".join(lemmas[a:b])]
                found.append(_Found(first + a, first + b, phrase, False, False))
                taken.update(range(a, b))
        for i, token in enumerate(tokens):
            feature = forms.get(fold_form(token.text)) if _title(token.text) else None
            if feature is None or i in taken:
                continue
            if feature.clash == "word" and opens_sentence(doc.text, doc.tokens, first + i):
                continue
            found.append(_Found(first + i, first + i + 1, feature, False, False))
    return found


def _lower(token: Token) -> str:
    return token.text.lower()


def _named_by_words(tokens: list[Token], i: int) -> bool:
    """Whether a word for waters or mountains stands right before token ``i``, or before
    the preposition in front of it (``берегу Днепра``, ``переправа через Неман``)."""
    if i >= 1 and _context_word(tokens[i - 1]):
        return True
    return i >= 2 and _lower(tokens[i - 1]) in ("через", "по", "за", "на", "у", "до", "от",
                                                "из") and _context_word(tokens[i - 2])


def _context_word(token: Token) -> bool:
    """Whether any reading of the token is one of ``CONTEXT_WORDS`` (the best one may be
    wrong: ``устьев`` read as an adjective)."""
    from letopis.morph import parse

    if fold_form(token.lemma or token.text) in CONTEXT_WORDS:
        return True
    return token.text.isalpha() and any(
        fold_form(p.normal_form) in CONTEXT_WORDS for p in parse(token.text.lower()))


def _water_preposition(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` follows a preposition that waters take and towns rarely do:
    ``на Днепре``, ``вдоль``, ``над``, ``за`` with the instrumental, ``вниз по``."""
    word = _lower(tokens[i - 1]) if i >= 1 else ""
    if word in WATER_PREPOSITIONS:
        return True
    if word == "за":
        return "ablt" in (tokens[i].tag or "")
    return word == "по" and i >= 2 and _lower(tokens[i - 2]) in DIRECTIONS


def _quoted(doc: Document, start: int, end: int) -> bool:
    before, after = doc.text[max(start - 1, 0):start], doc.text[end:end + 1]
    return bool(before) and before in OPENING and bool(after) and after in CLOSING


def _joined(tokens: list[Token], a: _Found, b: _Found) -> bool:
    """Whether two found names stand side by side in a list (``Днестром и Прутом``)."""
    left, right = (a, b) if a.first < b.first else (b, a)
    between = tokens[left.last:right.first]
    return 0 < len(between) <= 1 and _lower(between[0]) in JOINS


def _confirm(doc: Document, found: list[_Found]) -> None:
    tokens = doc.tokens
    for f in found:
        clash = f.feature.clash
        f.context = _named_by_words(tokens, f.first) or _water_preposition(tokens, f.first)
        f.confirmed = clash == "nothing" or _named_by_words(tokens, f.first) or (
            clash == "place" and f.context)
    changed = True
    while changed:  # lists: ``между Днестром и Прутом``
        changed = False
        for f in found:
            if not f.context and any(g.confirmed and _joined(tokens, f, g) for g in found):
                f.confirmed = f.context = changed = True
    named = {f.feature.name for f in found if f.confirmed and f.feature.clash in ("place", "word")}
    for f in found:
        if not f.confirmed and f.feature.name in named:
            f.confirmed = (_lower(tokens[f.first - 1]) if f.first else "") not in TOWN_PREPOSITIONS


def tag_natural_features(doc: Document) -> Document:
    """Give the rivers, lakes, seas and mountains of ``LEXICON`` the label LOCATION.

    Reads: text, tokens (text, lemma, tag), sentences, mentions. Writes: mentions (a
    town's, person's or state's label over exactly the name becomes LOCATION; a name in
    no mention gets one, nested in an event or, named by its context, in a facility).
    """
    found = _candidates(doc)
    if not found:
        return doc
    _confirm(doc, found)
    for f in found:
        if f.confirmed:
            _label(doc, doc.tokens[f.first].start, doc.tokens[f.last - 1].end, f.context)
    return doc


def _label(doc: Document, start: int, end: int, context: bool) -> None:
    """LOCATION over ``[start, end)``, unless quoted, crossing another mention, inside a
    person's name, or (without ``context``) the name of an organization, a product, a
    facility or a work, or inside one."""
    if _quoted(doc, start, end):
        return
    same, around = [], []
    for m in doc.mentions:
        if m.start == start and m.end == end:
            same.append(m)
        elif m.start <= start and end <= m.end:
            around.append(m)
        elif m.start < end and start < m.end and not (start <= m.start and m.end <= end):
            return  # crossing
    if any(m.label == "PERSON" for m in around):
        return
    if not context and (any(m.label in NAMED_THINGS for m in around) or any(
            m.label in NAMED_THINGS and m.label not in MISREAD for m in same)):
        return
    if not same:
        doc.add_mention(start, end, LABEL)
    for m in same:
        if m.label in MISREAD or m.label in NAMED_THINGS:
            m.label = LABEL
