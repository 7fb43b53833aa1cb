"""Lemmatized text for full-text search: the same words, one lemma each.

Documents and queries go through the same ``lemma_of`` so that any inflected form
finds the others: ``Хрущёвым`` and ``Хрущёва`` both become ``хрущев``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from letopis.morph import parse

# Runs of letters and digits: what FTS5's unicode61 tokenizer also keeps together.
WORD = re.compile(r"[^\W_]+")
# pymorphy3 tags of proper names a capitalised word prefers (given names come later:
# pymorphy3 guesses ``Шепилов`` as a plural of a given name ``Шепил``).
NAME_TAGS = ("Surn", "Patr", "Geox", "Orgn", "Trad")


def normal(word: str) -> str:
    """Lower case with ё folded into е (the search key of a lemma)."""
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def lemma_of(word: str) -> str:
    """The lemma of one word: the best pymorphy3 parse, a name reading for capitals."""
    parses = parse(word)
    if not parses:
        return normal(word)
    if not word[:1].isupper():
        return normal(parses[0].normal_form)
    return normal(_name_lemma(word, parses))


def _name_lemma(word: str, parses: tuple[Any, ...]) -> str:
    """The lemma of a capitalised word.

    In order: a surname or place reading, the word itself if it is a normal form, a
    given-name reading, the best parse.
    """
    for p in parses:
        if any(t in p.tag for t in NAME_TAGS):
            return str(p.normal_form)
    if any(p.normal_form == word.lower() for p in parses):
        return word
    for p in parses:
        if "Name" in p.tag:
            return str(p.normal_form)
    return str(parses[0].normal_form)


@lru_cache(maxsize=50_000)
def lemma_forms(word: str) -> tuple[str, ...]:
    """Every lemma a query word may stand for (all parses, as typed and capitalised)."""
    forms = {lemma_of(word), lemma_of(word[:1].upper() + word[1:])}
    forms.update(normal(p.normal_form) for p in parse(word))
    return tuple(sorted(forms))


def iter_words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for every word of ``text``."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), match.group()


def lemma_text(text: str) -> str:
    """The lemmas of every word of ``text``, joined with spaces (the FTS5 column)."""
    return " ".join(lemma_of(word) for _, _, word in iter_words(text))
