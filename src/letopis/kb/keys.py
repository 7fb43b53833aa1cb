"""Lookup keys for names: what the knowledge base is indexed by and the linker asks for.

``surface_key`` folds letter case, ё and spacing and keeps the words only (``«Н. С.
Хрущёв»`` -> ``н с хрущев``); ``lemma_key`` also puts every word in its dictionary form
(``Министерства иностранных дел`` -> ``министерство иностранный дело``), so inflected
forms meet. The builder, ``letopis kb import`` and the linker use the same two functions.
``person_keys`` adds the initials forms of a full personal name (``н с хрущев``,
``н хрущев``) and its bare surname.
"""

from __future__ import annotations

import re
from functools import lru_cache

from letopis.morph import best

WORD_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
LATIN_RE = re.compile(r"[a-z]")


@lru_cache(maxsize=200_000)
def surface_key(text: str) -> str:
    """Lower case, ё as е, the words only, single spaces."""
    return " ".join(WORD_RE.findall(text.lower().replace("ё", "е")))


@lru_cache(maxsize=200_000)
def lemma_key(text: str) -> str:
    """``surface_key`` with each Cyrillic word in its dictionary form (pymorphy3)."""
    return " ".join(_lemma(word, cased) for word, cased in _words(text))


def _words(text: str) -> list[tuple[str, str]]:
    """(folded word, the same word in its letter case) of ``surface_key``'s words.

    pymorphy3 lower-cases a word before it parses it, so ``Москве`` and ``москве`` have
    one lemma (checked on 61,944 words of ruslit and NEREL); asking for the word as the
    text writes it finds the parse the morphology stage has just made for the same token
    instead of parsing the lower-cased word again."""
    folded = text.replace("ё", "е").replace("Ё", "Е")
    lower = WORD_RE.findall(folded.lower())
    cased = WORD_RE.findall(folded)
    if len(cased) != len(lower) or any(c.lower() != w for c, w in zip(cased, lower, strict=True)):
        cased = lower  # a letter whose case changes its length: the folded words only
    return list(zip(lower, cased, strict=True))


def _lemma(word: str, cased: str) -> str:
    if len(word) < 3 or LATIN_RE.search(word) or word.isdigit():
        return word
    return best(cased)[0].replace("ё", "е")


def person_keys(text: str) -> list[tuple[str, str]]:
    """(key, kind) of a person's name: ``name`` itself, then ``initials`` and ``surname``.

    Derived forms are made only from a name of two or three words whose last word is the
    surname (the canonical order): ``никита сергеевич хрущев`` gives ``н с хрущев``,
    ``н хрущев`` and the surname ``хрущев``.
    """
    key = lemma_key(text)
    out = [(key, "name")]
    words = key.split()
    if not 2 <= len(words) <= 3 or any(len(w) < 2 for w in words):
        return out
    *given, surname = words
    out.append((" ".join([w[0] for w in given] + [surname]), "initials"))
    if len(given) == 2:
        out.append((f"{given[0][0]} {surname}", "initials"))
    out.append((surname, "surname"))
    return out
