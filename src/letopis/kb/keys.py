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
import unicodedata
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


# -- a bridge between scripts for place names ------------------------------------------
# A name an old Russian text writes for a city that GeoNames gives only in Latin letters
# (``Гельсингфорс`` for ``Helsingfors``, ``Тифлис`` for ``Tiflis``): both sides are brought
# to one spelling: letters transliterated (h and х as g; c before e and i, z, ц, tz as c;
# ``sch`` as ш; ö and ä as e, y as i), doubled letters single; ``~`` in front so that it
# meets no other key. Vowels stay: a looser shape (vowels as one class) linked Балкан to
# Bolzano and Бэрнеби to Burnaby in 80 passages of *Отечественные записки*. A one-word
# name only, of at least ``MIN_SKELETON`` letters in that spelling.
MIN_SKELETON = 6
_CYRILLIC_LATIN = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "c", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "g", "c", "ch", "sh", "sh", "", "i", "", "e", "iu", "ia"],
    strict=True)) | {"ѣ": "e", "і": "i", "ѳ": "f", "ѵ": "i"}
_LATIN_RULES = (("tsch", "ch"), ("sch", "sh"), ("tz", "c"), ("ts", "c"), ("ck", "k"),
                ("ph", "f"), ("th", "t"), ("qu", "kv"), ("x", "ks"), ("w", "v"), ("h", "g"),
                ("z", "c"), ("j", "i"), ("y", "i"))
_UMLAUTS = str.maketrans({"ö": "e", "ä": "e", "ø": "e", "æ": "e"})


def _skeleton(latin: str) -> str:
    shape = re.sub(r"(.)\1+", r"\1", latin)
    return "~" + shape if len(shape) >= MIN_SKELETON else ""


@lru_cache(maxsize=50_000)
def cyrillic_skeleton(name: str) -> str:
    """The script-bridge key of a one-word Cyrillic name (``Гельсингфорс`` ->
    ``~gelsingfors``), or '' when it is not one word of Cyrillic letters or too short."""
    low = name.lower()
    if not low or not all(ch in _CYRILLIC_LATIN for ch in low):
        return ""
    return _skeleton("".join(_CYRILLIC_LATIN[ch] for ch in low).replace("ts", "c"))


def latin_skeleton(name: str) -> str:
    """The script-bridge key of a one-word name in Latin letters (``Helsingfors`` ->
    ``~gelsingfors``, ``Königsberg`` -> ``~kenigsberg``), or ''."""
    low = unicodedata.normalize("NFKD", name.lower().translate(_UMLAUTS))
    low = "".join(ch for ch in low if not unicodedata.combining(ch))
    if not low or not re.fullmatch(r"[a-z']+", low):
        return ""
    low = low.replace("'", "")
    for old, new in _LATIN_RULES:
        low = low.replace(old, new)
    return _skeleton(re.sub(r"c(?![eic])", "k", low))
