"""Token features shared by training and NumPy inference: shapes, characters, words.

Nothing here imports torch: the training code builds its tensors from these arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

# character ids: 0 padding, 1 unknown, 2 begin of word, 3 end of word, 4.. the vocabulary
PAD, UNK, BOW, EOW = 0, 1, 2, 3
CHAR_RESERVED = 4
ID_CACHE = 200_000  # words whose navec row id is remembered
MAX_CHARS = 20  # a longer token keeps its first and last MAX_CHARS // 2 characters

SHAPES: tuple[str, ...] = (
    "pad", "punct", "digit", "digit_mix", "other",
    "cyr_lower", "cyr_title", "cyr_upper", "cyr_mixed",
    "lat_lower", "lat_title", "lat_upper", "lat_mixed",
    "mix_script",
)
_SHAPE_ID = {name: i for i, name in enumerate(SHAPES)}


def _script(word: str) -> str:
    cyr = any("\u0400" <= ch <= "\u04ff" for ch in word)
    lat = any("a" <= ch.lower() <= "z" for ch in word)
    if cyr and lat:
        return "mix"
    return "cyr" if cyr else "lat" if lat else ""


@lru_cache(maxsize=100_000)
def shape(word: str) -> str:
    """The shape class of a token (one of SHAPES, never ``pad``)."""
    if not any(ch.isalnum() for ch in word):
        return "punct"
    if word.isdigit():
        return "digit"
    if any(ch.isdigit() for ch in word):
        return "digit_mix"
    script = _script(word)
    if not script:
        return "other"
    if script == "mix":
        return "mix_script"
    letters = [ch for ch in word if ch.isalpha()]
    if all(ch.islower() for ch in letters):
        case = "lower"
    elif all(ch.isupper() for ch in letters):
        case = "upper" if len(letters) > 1 else "title"
    elif letters[0].isupper() and all(ch.islower() for ch in letters[1:]):
        case = "title"
    else:
        case = "mixed"
    return f"{script}_{case}"


def shape_ids(words: Sequence[str]) -> np.ndarray:
    """Shape ids of the words (int64)."""
    return np.array([_SHAPE_ID[shape(w)] for w in words], dtype=np.int64)


def clip_word(word: str) -> str:
    """The characters a token contributes to the char CNN."""
    if len(word) <= MAX_CHARS:
        return word
    half = MAX_CHARS // 2
    return word[:half] + word[-half:]


def char_table(chars: dict[str, int]) -> np.ndarray:
    """A code point -> char id array for ``char_ids`` (UNK where not in ``chars``)."""
    size = max((ord(ch) for ch in chars), default=0) + 1
    table = np.full(size, UNK, dtype=np.int64)
    for ch, index in chars.items():
        table[ord(ch)] = index
    return table


def ragged_positions(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For items of ``lengths`` laid end to end: each element's item and its place in it."""
    rows = np.repeat(np.arange(len(lengths)), lengths)
    cols = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return rows, cols


def char_ids(
    words: Sequence[str], chars: dict[str, int], table: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(ids, lengths): ids[n, 0] = BOW, then the characters, then EOW, padded with PAD.

    ``lengths`` counts the characters only, so token ``n`` has ``lengths[n]`` conv windows
    of width 3. ``table`` is ``char_table(chars)``, built here when not given.
    """
    if table is None:
        table = char_table(chars)
    clipped = [clip_word(w) for w in words]
    lengths = np.array([len(w) for w in clipped], dtype=np.int64)
    width = int(lengths.max(initial=1)) + 2
    ids = np.zeros((len(words), width), dtype=np.int64)
    if not clipped:
        return ids, lengths
    data = "".join(clipped).encode("utf-32-le", "surrogatepass")
    points = np.frombuffer(data, dtype=np.uint32).astype(np.int64)
    found = table[np.minimum(points, len(table) - 1)]
    found[points >= len(table)] = UNK
    rows, cols = ragged_positions(lengths)
    ids[:, 0] = BOW
    ids[rows, cols + 1] = found
    ids[np.arange(len(words)), lengths + 1] = EOW
    return ids, lengths


class Embedder(Protocol):
    """Maps words to fixed (frozen) vectors."""

    id: str
    dim: int
    unk: int  # the row of words without a vector

    def ids(self, words: Sequence[str]) -> np.ndarray:
        """Row ids of the words (the unknown row for words without a vector)."""

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """float32 vectors of the row ids, shape ids.shape + (dim,)."""


def lookup_forms(word: str) -> tuple[str, ...]:
    """The forms tried in order when looking a word up: lower case, then with ё as е."""
    low = word.lower()
    return (low, low.replace("ё", "е")) if "ё" in low else (low,)


class NavecEmbedder:
    """navec's product-quantized vectors, decoded on demand (no full matrix in memory)."""

    def __init__(self, navec: Any) -> None:
        self.navec = navec
        self.id = str(navec.meta.id)
        self.dim = int(navec.pq.dim)
        self.unk = int(navec.vocab.unk_id)
        self._word_ids = navec.vocab.word_ids
        self._pq = navec.pq
        codes = np.asarray(navec.pq.codes)  # qdim x centroids x chunk
        self._centroids = codes.shape[1]
        self._codes = codes.reshape(-1, codes.shape[2])  # (qdim * centroids) x chunk
        self._base = np.asarray(navec.pq.qdims, dtype=np.intp) * self._centroids
        self._known: dict[str, int] = {}

    def ids(self, words: Sequence[str]) -> np.ndarray:
        """navec row ids (``<unk>`` for words navec does not know)."""
        known = self._known
        if len(known) > ID_CACHE:
            known.clear()
        out = np.empty(len(words), dtype=np.int64)
        for n, word in enumerate(words):
            found = known.get(word)
            if found is None:
                found = known[word] = self._lookup(word)
            out[n] = found
        return out

    def _lookup(self, word: str) -> int:
        get = self._word_ids.get
        for form in lookup_forms(word):
            found = get(form)
            if found is not None:
                return int(found)
        return self.unk

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """Decode the product-quantized rows."""
        flat = ids.reshape(-1)
        index = self._pq.indexes[flat].astype(np.intp) + self._base  # n x qdim
        parts = np.take(self._codes, index, axis=0)  # n x qdim x chunk
        return parts.reshape(ids.shape + (self.dim,)).astype(np.float32, copy=False)


class TableEmbedder:
    """A plain word -> vector table (tests, tiny models); row 0 is the unknown word."""

    def __init__(self, words: Sequence[str], table: np.ndarray, id: str = "table") -> None:
        self.id = id
        self.unk = 0
        self.table = np.asarray(table, dtype=np.float32)
        self.dim = int(self.table.shape[1])
        self._word_ids = {w: i for i, w in enumerate(words)}

    def ids(self, words: Sequence[str]) -> np.ndarray:
        """Row ids (0 for unknown words)."""
        return np.array([self._word_ids.get(w.lower(), 0) for w in words], dtype=np.int64)

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """Rows of the table."""
        return self.table[ids]


def navec_embedder() -> NavecEmbedder:
    """The embedder over natasha's navec news vectors (loaded once)."""
    from letopis.models import navec

    return _navec_cached(navec())


_CACHE: dict[int, NavecEmbedder] = {}


def _navec_cached(navec: Any) -> NavecEmbedder:
    key = id(navec)
    if key not in _CACHE:
        _CACHE[key] = NavecEmbedder(navec)
    return _CACHE[key]


# -- morphology (pymorphy3 best parse, as token.tag carries it) ---------------
POS_TAGS: tuple[str, ...] = (
    "NOUN", "ADJF", "ADJS", "COMP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "NUMR", "ADVB",
    "NPRO", "PRED", "PREP", "CONJ", "PRCL", "INTJ", "LATN", "PNCT", "NUMB", "ROMN", "UNKN",
)
CASES: tuple[str, ...] = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct",
                          "gen2", "acc2", "loc2")
NUMBERS: tuple[str, ...] = ("sing", "plur")
PROPER: tuple[str, ...] = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Init")
# id 0 is "none" in each slot; ids are offset so that one table holds all slots
MORPH_SLOTS = (POS_TAGS, CASES, NUMBERS, PROPER)
MORPH_SIZE = sum(len(s) + 1 for s in MORPH_SLOTS)


@lru_cache(maxsize=50_000)
def _slot_ids(tag: str) -> tuple[int, ...]:
    grams = set(tag.replace(" ", ",").split(","))
    out, base = [], 0
    for slot in MORPH_SLOTS:
        hit = next((i + 1 for i, g in enumerate(slot) if g in grams), 0)
        out.append(base + hit)
        base += len(slot) + 1
    return tuple(out)


def morph_ids(tags: Sequence[str]) -> np.ndarray:
    """n x 4 ids (POS, case, number, first proper-name grammeme) of OpenCorpora tags."""
    rows = [_slot_ids(t) for t in tags]
    return np.array(rows, dtype=np.int64).reshape(len(tags), len(MORPH_SLOTS))


def word_tags(words: Sequence[str]) -> list[str]:
    """The pymorphy3 best-parse tag of each word (cached, as the morph stage gives it)."""
    from letopis.morph import best

    return [best(word)[2] for word in words]


DASHES = frozenset("-‐‑‒–—")  # hyphen, non-breaking hyphen, figure, en and em dashes


def pieces(word: str) -> list[tuple[int, int]]:
    """Local (start, end) of a token's pieces: split at each dash with a non-dash character
    on both sides, the dash a piece of its own (``экс-мэр`` -> ``экс``, ``-``, ``мэр``;
    ``1999—2001`` -> three pieces). A token with no such dash is one piece."""
    cuts = [i for i in range(1, len(word) - 1)
            if word[i] in DASHES and word[i - 1] not in DASHES and word[i + 1] not in DASHES]
    if not cuts:
        return [(0, len(word))]
    out, last = [], 0
    for i in cuts:
        out += [(last, i), (i, i + 1)]
        last = i + 1
    out.append((last, len(word)))
    return out


def split_tokens(
    text: str, spans: Sequence[tuple[int, int]], tags: Sequence[str] | None = None,
) -> tuple[list[tuple[int, int]], list[str | None]]:
    """The pieces (``pieces``) of the tokens at ``spans`` in ``text``, as character spans,
    with their tags: a token's own tag where it stays whole (None where ``tags`` is None),
    the piece's best-parse tag where it is split."""
    out: list[tuple[int, int]] = []
    out_tags: list[str | None] = []
    for k, (start, end) in enumerate(spans):
        parts = pieces(text[start:end])
        if len(parts) == 1:
            out.append((start, end))
            out_tags.append(tags[k] if tags is not None else None)
            continue
        for a, b in parts:
            out.append((start + a, start + b))
            out_tags.append(word_tags([text[start + a:start + b]])[0])
    return out, out_tags
