"""Morphology: lemma and OpenCorpora tag for every token, with pymorphy3."""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from typing import Any

from letopis.doc import Document
from letopis.models import morph_analyzer

# pymorphy's second cases (``в полку``, ``чашка чаю``, ``в люди``) as the plain case an
# adjective agreeing with the word shows (``Семеновском полку``)
PLAIN_CASES: dict[str, str] = {"loc2": "loct", "gen2": "gent", "acc2": "accs"}

RECENT_WORDS = 1024
# The parses of the words analysed last, for both caches below: ``best`` keeps only
# strings, so without this a word's parses would be computed again when a later stage
# asks ``parse`` about a word of the same document (and the other way round).
_recent: OrderedDict[str, tuple[Any, ...]] = OrderedDict()


@lru_cache(maxsize=200_000)
def parse(word: str) -> tuple[Any, ...]:
    """All pymorphy3 parses of ``word``, most probable first (cached).

    A word pymorphy3 cannot take (a lone surrogate, a character without a Unicode
    name) has no parse.
    """
    return _parse(word)


def _parse(word: str) -> tuple[Any, ...]:
    """``word``'s parses from the recent words, else from pymorphy3 (then kept there)."""
    parses = _recent.get(word)
    if parses is None:
        parses = _recent[word] = _analyze(word)
        if len(_recent) > RECENT_WORDS:
            _recent.popitem(last=False)
    return parses


def _analyze(word: str) -> tuple[Any, ...]:
    try:
        word.encode("utf-8")
        return tuple(morph_analyzer().parse(word))
    except (UnicodeEncodeError, ValueError, KeyError):
        return ()


@lru_cache(maxsize=200_000)
def best(word: str) -> tuple[str, str | None, str]:
    """Lemma, part of speech and tag of ``word``'s best parse (cached as plain strings).

    Every token goes through here, so the parses themselves are not kept: pymorphy3's
    parse objects are garbage-collector-tracked and a cache of them makes every full
    collection slower; the rule stages that need parses ask ``parse``.
    """
    parses = _parse(word)
    if not parses:
        return word.lower(), None, ""
    top = parses[0]
    pos = top.tag.POS
    return top.normal_form, None if pos is None else str(pos), str(top.tag)


def tag_morph(doc: Document) -> Document:
    """Give each token its lemma, part of speech and full tag (best parse).

    Reads: tokens. Writes: tokens' lemma, pos, tag.
    """
    for token in doc.tokens:
        token.lemma, token.pos, token.tag = best(token.text)
    return doc


# a name's vocative is its nominative; the second cases are their plain twins
NAME_CASES: dict[str, str] = {**PLAIN_CASES, "voct": "nomn"}


def known_parses(word: str) -> tuple[Any, ...]:
    """The parses of ``word`` (lower-cased) when the dictionary knows it, else none: a
    guess for an unknown word is no reading the rules may rely on."""
    low = word.lower()
    return parse(low) if morph_analyzer().word_is_known(low) else ()


def word_cases(word: str) -> set[str]:
    """The cases of a word's readings; empty when one of them is indeclinable or the
    dictionary does not know the word."""
    low = word.lower()
    if not morph_analyzer().word_is_known(low):
        return set()
    found = set()
    for p in parse(low):
        if "Fixd" in p.tag or p.tag.case is None:
            return set()
        found.add(NAME_CASES.get(p.tag.case, p.tag.case))
    return found


def share_case(a: str, b: str) -> bool:
    """Whether two words can stand in one case (``Козлова Петром`` cannot: a town's
    genitive, then another name's instrumental); a word without a reading or an
    indeclinable one agrees with anything."""
    cases_a, cases_b = word_cases(a), word_cases(b)
    return not cases_a or not cases_b or bool(cases_a & cases_b)
