"""letopis.navec_file: navec's vectors mapped from the tar, words found by bisection."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from navec import Navec
from navec.meta import Meta
from navec.pq import PQ
from navec.vocab import Vocab

from letopis.errors import LetopisError
from letopis.navec_file import SortedIds, load_navec


def write_navec(path: Path, words: list[str]) -> Navec:
    """A tiny navec file in navec's own format (its dump), words as given."""
    rng = np.random.default_rng(3)
    vectors, qdim, centroids, chunk = len(words) + 2, 4, 3, 2
    indexes = rng.integers(0, centroids, size=(vectors, qdim)).astype(np.uint8)
    codes = rng.normal(size=(qdim, centroids, chunk)).astype(np.float32)
    pq = PQ(vectors, qdim * chunk, qdim, centroids, indexes, codes)
    model = Navec(Meta("tiny_v1"), Vocab(words + ["<unk>", "<pad>"], [1] * vectors), pq)
    model.dump(str(path))
    return model


@pytest.mark.parametrize("words", [
    ["абак", "белый", "ёж", "москва", "я"],  # sorted, as navec stores them
    ["москва", "абак", "я", "белый", "ёж"],  # not sorted: the dict fallback
])
def test_tiny_file_reads_as_navec_does(tmp_path: Path, words: list[str]) -> None:
    path = tmp_path / "tiny.tar"
    model = write_navec(path, words)
    mine = load_navec(path)
    assert mine.meta.id == "tiny_v1"
    assert list(mine.vocab.words) == model.vocab.words
    for word in words + ["<unk>", "<pad>", "нет", "", "zzz"]:
        assert mine.vocab.word_ids.get(word) == model.vocab.word_ids.get(word)
    assert mine.vocab.unk_id == model.vocab.unk_id
    assert np.array_equal(mine.pq.indexes, model.pq.indexes)
    assert np.array_equal(mine.pq.codes, model.pq.codes)
    assert (mine.pq.dim, mine.pq.qdim, mine.pq.centroids) == (8, 4, 3)


def test_news_vectors_match_natasha() -> None:
    from natasha import NewsEmbedding

    theirs, mine = NewsEmbedding(), load_navec()
    words = theirs.vocab.words[:-2]  # load checks a sample of pairs; the shipped file, all
    assert all(a < b for a, b in zip(words, words[1:], strict=False))
    assert isinstance(mine.vocab.word_ids, SortedIds)
    sample = random.Random(7).sample(theirs.vocab.words, 3000) + ["Москва", "ёлка", "qq"]
    for word in sample:
        assert mine.vocab.word_ids.get(word) == theirs.vocab.word_ids.get(word)
    ids = np.array([theirs.vocab.word_ids[w] for w in sample[:50]])
    assert np.array_equal(mine.pq.indexes[ids], theirs.pq.indexes[ids])
    assert np.array_equal(mine.pq.codes, theirs.pq.codes)


def test_bad_file_is_a_letopis_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.tar"
    path.write_bytes(b"not a tar at all")
    with pytest.raises(LetopisError, match="cannot read the navec vectors"):
        load_navec(path)


def test_a_lone_surrogate_is_an_unknown_word() -> None:
    ids = load_navec().vocab.word_ids
    assert ids.get("A\ud800") is None and "\ud800" not in ids
