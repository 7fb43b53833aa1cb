"""natasha's navec news vectors read straight from their tar file (lazy, mapped, no copy).

``navec.Navec.load`` decompresses the vocabulary into a 250 K-entry dict, reads the 25 MB of
product-quantization codes into memory and precomputes norms and centroid products for
similarity queries letopis never asks. Here the codes are memory-mapped from the
(uncompressed) tar member, so processes share the pages, and words stay one UTF-8 block
with line offsets (no quarter million strings built at load) found by bisection: navec
stores them sorted, with ``<unk>`` and ``<pad>`` appended (checked at load on up to 4,096
adjacent pairs spread over the file; an unsorted file falls back to a dict). The object
has the attributes slovnet's taggers and ``letopis.exec.features.NavecEmbedder`` read:
``meta.id``, ``vocab`` (``words``,
``word_ids``, ``unk_id``, ``pad_id``) and ``pq`` (``indexes``, ``codes``, ``dim``,
``qdim``, ``qdims``, ``centroids``, ``vectors``).
"""

from __future__ import annotations

import gzip
import json
import tarfile
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from letopis.errors import LetopisError

NEWS_FILE = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"
SPECIAL = ("<unk>", "<pad>")  # appended after the sorted words
NEWLINE = 10
BLOCK = 16  # words per block of the bisection's first level
CHECKED_PAIRS = 4096  # adjacent word pairs compared at load (all in a smaller file)


class BlobWords:
    """navec's words kept as their UTF-8 bytes with line offsets: no 250 K string objects
    built at load; ``words[i]`` decodes one on demand."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        breaks = np.flatnonzero(np.frombuffer(blob, np.uint8) == NEWLINE)
        self.starts = array("q", np.concatenate(([0], breaks + 1)).astype(np.int64).tobytes())
        self.ends = array("q", np.concatenate((breaks, [len(blob)])).astype(np.int64).tobytes())

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> str:
        return self.raw(index).decode("utf8")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def raw(self, index: int) -> bytes:
        """The ``index``-th word's bytes."""
        return self.blob[self.starts[index]:self.ends[index]]

    def sorted_prefix(self, size: int) -> bool:
        """Whether the first ``size`` words are in order: every adjacent pair in a file of
        up to ``CHECKED_PAIRS`` words, else that many pairs spread evenly over it."""
        step = max(1, (size - 1) // CHECKED_PAIRS)
        return all(self.raw(i) < self.raw(i + 1) for i in range(0, size - 1, step))


class SortedIds:
    """word -> row id over words whose first ``size`` are sorted (UTF-8 byte order is
    code point order): bisection over every ``BLOCK``-th word, then within that block."""

    def __init__(self, words: BlobWords, size: int) -> None:
        self.words = words
        self.size = size
        self.heads = [words.raw(i) for i in range(0, size, BLOCK)]
        self.tail = {words[i]: i for i in range(size, len(words))}

    def get(self, word: str, default: int | None = None) -> int | None:
        """The word's row, or ``default``."""
        key = word.encode("utf8", "surrogatepass")  # a lone surrogate matches nothing
        block = bisect_right(self.heads, key) - 1
        if block >= 0:
            first = block * BLOCK
            last = min(first + BLOCK, self.size) - 1
            words = self.words
            found = words.blob[words.starts[first]:words.ends[last]].split(b"\n")
            i = bisect_left(found, key)
            if i < len(found) and found[i] == key:
                return first + i
        return self.tail.get(word, default)

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __len__(self) -> int:
        return len(self.words)


@dataclass
class Meta:
    """navec's meta.json."""

    id: str
    protocol: int = 1


@dataclass
class Vocab:
    """navec's words and their row ids."""

    words: BlobWords
    word_ids: Any
    unk_id: int | None = None
    pad_id: int | None = None


@dataclass
class PQ:
    """navec's product-quantized vectors: row -> centroid indexes, centroid codes."""

    indexes: np.ndarray  # vectors x qdim, uint8
    codes: np.ndarray  # qdim x centroids x chunk, float32
    qdims: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.qdims = np.arange(self.qdim)

    @property
    def vectors(self) -> int:
        return int(self.indexes.shape[0])

    @property
    def qdim(self) -> int:
        return int(self.indexes.shape[1])

    @property
    def centroids(self) -> int:
        return int(self.codes.shape[1])

    @property
    def dim(self) -> int:
        return int(self.codes.shape[0] * self.codes.shape[2])


@dataclass
class NavecFile:
    """What letopis and slovnet read of a navec model."""

    meta: Meta
    vocab: Vocab
    pq: PQ


def news_path() -> Path:
    """The navec news tar inside the installed natasha package (not imported)."""
    spec = find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise LetopisError("the natasha package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / NEWS_FILE


def load_navec(path: Path | None = None) -> NavecFile:
    """Read a navec tar: meta and words in memory, the vectors mapped from the file."""
    path = path or news_path()
    try:
        with tarfile.open(path) as tar:
            members = {m.name: m for m in tar.getmembers()}
            meta = json.loads(_member(tar, members, "meta.json"))
            vocab = read_vocab(gzip.decompress(_member(tar, members, "vocab.bin")))
            pq = _map_pq(path, members["pq.bin"])
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise LetopisError(f"cannot read the navec vectors {path.name}: {exc}") from exc
    return NavecFile(Meta(str(meta["id"]), int(meta.get("protocol", 1))), vocab, pq)


def _member(tar: tarfile.TarFile, members: dict[str, tarfile.TarInfo], name: str) -> bytes:
    handle = tar.extractfile(members[name])
    if handle is None:
        raise KeyError(name)
    return handle.read()


def read_vocab(raw: bytes) -> Vocab:
    """navec's vocab.bin (decompressed): a count, the counts, then the words by lines."""
    size = int(np.frombuffer(raw[:4], np.uint32)[0])
    words = BlobWords(raw[4 + 4 * size:])
    size = len(words) - sum(words[i] in SPECIAL
                            for i in range(max(0, len(words) - len(SPECIAL)), len(words)))
    ids: Any = (SortedIds(words, size) if words.sorted_prefix(size)
                else {w: i for i, w in enumerate(words)})
    return Vocab(words, ids, ids.get("<unk>"), ids.get("<pad>"))


def _map_pq(path: Path, member: tarfile.TarInfo) -> PQ:
    """Map pq.bin's arrays from the tar file (it must be stored uncompressed)."""
    offset = member.offset_data
    head = np.fromfile(path, dtype=np.uint32, count=4, offset=offset)
    vectors, dim, qdim, centroids = (int(x) for x in head)
    chunk = dim // qdim
    if 16 + vectors * qdim + qdim * centroids * chunk * 4 != member.size:
        raise ValueError("pq.bin has an unexpected size")
    indexes = np.memmap(path, dtype=np.uint8, mode="r", offset=offset + 16,
                        shape=(vectors, qdim))
    codes = np.memmap(path, dtype=np.float32, mode="r", offset=offset + 16 + vectors * qdim,
                      shape=(qdim, centroids, chunk))
    return PQ(np.asarray(indexes), np.asarray(codes))  # plain arrays over the mapping
