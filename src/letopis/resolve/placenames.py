"""The nominative of a place named right after the word for its kind.

A name apposed to a kind word (``в селе Кривцове``, ``на реке Вёрде``) either takes the
kind word's case or stays in the nominative (``в селе Покровское``, ``на реке Вёрда``).
pymorphy3 reads an unknown village in ``-ове`` as a surname (``Кривцов``) and an unknown
river in ``-е`` as a masculine noun (``Вёрд``); the kind word settles it: a village's name
on a stem in ``-ов``/``-ев``/``-ин``/``-ын`` is neuter (``Кривцово``, ``Бородино``), a river's
name that the dictionary does not know as a place declines as a feminine noun in ``-а``
(``Вёрда``, ``Шексна``). See docs/names.md, "Places after the word for their kind".
"""

from __future__ import annotations

import re

from letopis.doc import Token
from letopis.morph import NAME_CASES, known_parses, parse, word_cases

# settlement words whose places are villages (``хутор``, ``аул``, ``местечко`` are not),
# folded (ё as е)
VILLAGE_WORDS = frozenset({"село", "сельцо", "деревня", "погост", "поселок", "слобода"})
RIVER_WORDS = frozenset({"река", "речка"})
OBLIQUE = frozenset({"gent", "datv", "accs", "ablt", "loct"})
# a village's stem and the ending of its case (``Кривцова``, ``Кривцову``, ``Кривцовом``,
# ``Кривцове``); the accusative of a neuter is its nominative
VILLAGE_RE = re.compile(r"([А-ЯЁ][а-яё]*(?:[оеё]в|[иы]н))(а|у|ом|е)")
VILLAGE_CASES = {"а": "gent", "у": "datv", "ом": "ablt", "е": "loct"}
# a possessive name's stem and an ending (``Стромиловой``): the feminine short form's
# oblique cases, whose nominative is ``-а`` (``деревня Стромилова``)
POSSESSIVE_RE = re.compile(r"([А-ЯЁ][а-яё]*(?:[оеё]в|[иы]н))(ой|ою|у|ым|ом|ого|ому|ую)")
POSSESSIVE_CASES = {"ой": {"gent", "datv", "loct", "ablt"}, "ою": {"ablt"}, "у": {"accs"}}
# a feminine noun in ``-а``/``-я``: ending -> (nominative ending, cases); ``-и`` only after
# the letters that take ``-и`` for ``-ы`` (``Мокши``), where the nominative is ``-а``
FEMININE = (("ою", "а", {"ablt"}), ("ой", "а", {"ablt"}), ("ею", "я", {"ablt"}),
            ("ей", "я", {"ablt"}), ("ы", "а", {"gent"}), ("и", "а", {"gent"}),
            ("у", "а", {"accs"}), ("ю", "я", {"accs"}), ("е", "а", {"datv", "loct"}))
FEMININE_RE = re.compile(r"[А-ЯЁ][а-яё]+")
HUSHING = "гкхжшщч"
# the endings of a noun's oblique cases in the singular, any gender
CASE_ENDINGS = {"gent": ("а", "я", "ы", "и"), "datv": ("у", "ю", "е", "и"),
                "accs": ("у", "ю", "а", "я"), "ablt": ("ом", "ем", "ой", "ей", "ою", "ею", "ью"),
                "loct": ("е", "и", "у", "ю")}


def apposed_place(name: str, kind: Token, abbreviated: bool = False) -> str | None:
    """The nominative of the one-word place ``name`` right after the kind word ``kind``
    (a settlement or natural feature word of the gazetteer), or None where the ordinary
    reading should decide. ``abbreviated``: the kind word is an abbreviation (``с.``,
    ``р.``), whose case is unknown."""
    lemma = (kind.lemma or "").replace("ё", "е")
    village = lemma in VILLAGE_WORDS
    river = lemma in RIVER_WORDS
    if "-" in name and not abbreviated and _settlement_word(lemma):
        return _hyphenated(name, kind, lemma)
    if not name.isalpha() or not name[:1].isupper():
        return None
    cases = OBLIQUE if abbreviated else _kind_cases(kind.text, lemma)
    if cases and _settlement_word(lemma):
        found = _adjective(name, cases, _gender(lemma))
        if found is not None:  # ``в селе Покровском`` -> Покровское
            return found
    if not (village or river):
        return None
    if not cases:
        return name if _nominative_kind(kind.text, lemma) else None
    if _declinable_place(name, cases):
        return None  # the dictionary knows it as a place in that case (``Угре``)
    found = _village(name, cases) if village else _feminine(name, cases)
    if found is not None:
        return found
    if word_cases(name):  # a word the dictionary knows, in none of the kind word's cases
        return None if word_cases(name) & cases else name
    endings = [e for case in cases for e in CASE_ENDINGS[case]]
    return None if name.endswith(tuple(endings)) else name  # uninflected: ``реке Вёрда``


def _settlement_word(lemma: str) -> bool:
    """Whether the folded lemma is a settlement word of the gazetteer (``село``,
    ``станица``, ``хутор``)."""
    from letopis.extract.geo import settlement_table

    return settlement_table()[0].get(lemma) == "settlement"


def _gender(lemma: str) -> str | None:
    """The grammatical gender of a kind word (``село`` neut, ``деревня`` femn)."""
    return next((p.tag.gender for p in parse(lemma) if p.tag.gender), None)


def _adjective(name: str, cases: frozenset[str] | set[str], gender: str | None) -> str | None:
    """The nominative of a place named by an adjective agreeing with its settlement word
    (``селе Покровском`` -> Покровское, ``станицы Вёшенской`` -> Вёшенская), or None."""
    if gender is None or not name[:1].isupper():
        return None
    possessive = POSSESSIVE_RE.fullmatch(name)
    if possessive is not None:  # ``деревни Стромиловой`` -> Стромилова (a short form)
        ending = possessive.group(2)
        return possessive.group(1) + "а" if gender == "femn" and ending in (
            "ой", "ою", "у") and cases & POSSESSIVE_CASES[ending] else None
    for reading in parse(name.lower()):
        tag = reading.tag
        if ("ADJF" in tag and tag.gender == gender and tag.number == "sing"
                and NAME_CASES.get(tag.case, tag.case) in cases):
            found = reading.inflect({"nomn", "sing", gender})
            if found is not None:
                return found.word[:1].upper() + found.word[1:]
    return None


def _hyphenated(name: str, kind: Token, lemma: str) -> str | None:
    """A settlement's name of two hyphenated parts, each put in the nominative
    (``селе Спасском-Лутовинове`` -> Спасское-Лутовиново), or None where a part is no
    adjective or ``-ов``/``-ин`` village form in the kind word's case."""
    cases = _kind_cases(kind.text, lemma)
    parts = name.split("-")
    if not cases or len(parts) != 2 or not all(p.isalpha() and p[:1].isupper() for p in parts):
        return None
    found = [_adjective(p, cases, _gender(lemma)) or _village(p, cases) for p in parts]
    return None if None in found else "-".join(f for f in found if f)


def _kind_cases(word: str, lemma: str) -> set[str]:
    """The oblique singular cases the kind word stands in (``реке``: dative, locative)."""
    return {NAME_CASES.get(p.tag.case, p.tag.case) for p in parse(word.lower())
            if p.normal_form.replace("ё", "е") == lemma and p.tag.number == "sing"
            and p.tag.case is not None} & OBLIQUE


def _nominative_kind(word: str, lemma: str) -> bool:
    return any(p.normal_form.replace("ё", "е") == lemma and p.tag.case == "nomn"
               for p in parse(word.lower()))


def _declinable_place(name: str, cases: frozenset[str] | set[str]) -> bool:
    """Whether the dictionary reads ``name`` as a declinable place in one of ``cases``
    (its own words only: pymorphy3's guesses for unknown words are no knowledge)."""
    return any("Geox" in p.tag and "Fixd" not in p.tag
               and NAME_CASES.get(p.tag.case, p.tag.case) in cases for p in known_parses(name))


def _village(name: str, cases: frozenset[str] | set[str]) -> str | None:
    """``Кривцове`` -> ``Кривцово`` where the ending's case is one of ``cases``."""
    match = VILLAGE_RE.fullmatch(name)
    if match is None or VILLAGE_CASES[match.group(2)] not in cases:
        return None
    return match.group(1) + "о"


def _feminine(name: str, cases: frozenset[str] | set[str]) -> str | None:
    """``Вёрде`` -> ``Вёрда`` where the ending's case is one of ``cases``."""
    if not FEMININE_RE.fullmatch(name):
        return None
    for ending, nominative, of in FEMININE:
        if not name.endswith(ending) or not of & cases:
            continue
        stem = name[:-len(ending)]
        if len(stem) < 2 or stem[-1] in "ьъаеёиоуыэюя":
            return None
        if ending == "и" and stem[-1] not in HUSHING:
            return None
        if nominative == "я" and stem[-1] in HUSHING + "ц":
            nominative = "а"  # ``Мокшей`` -> ``Мокша``
        return stem + nominative
    return None
