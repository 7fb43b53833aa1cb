"""The bounded row cache behind the NER encoder's per-word projections."""

import numpy as np

from letopis.exec.rowcache import RowCache


def rows_of(keys):
    """A deterministic row per key: its length and its first character code."""
    return np.array([[len(k), ord(k[0])] for k in keys], dtype=np.float32)


class Counting:
    def __init__(self):
        self.asked = []

    def __call__(self, keys):
        self.asked.append(list(keys))
        return rows_of(keys)


def test_rows_are_computed_once_and_gathered_in_order():
    cache, compute = RowCache(2, 100), Counting()
    keys = ["Москва", "в", "Москва", "съезд"]
    assert np.array_equal(cache.gather(keys, compute), rows_of(keys))
    assert compute.asked == [["Москва", "в", "съезд"]]
    assert np.array_equal(cache.gather(["съезд", "в"], compute), rows_of(["съезд", "в"]))
    assert len(compute.asked) == 1 and len(cache) == 3


def test_growing_past_the_first_block_keeps_every_row():
    cache = RowCache(2, 10_000)
    keys = [f"w{i}" for i in range(1000)]
    for start in range(0, 1000, 70):
        cache.gather(keys[start:start + 70], rows_of)
    assert len(cache) == 1000
    assert np.array_equal(cache.gather(keys[::-1], rows_of), rows_of(keys[::-1]))


def test_an_overflowing_call_keeps_its_own_rows():
    cache, compute = RowCache(2, 4), Counting()
    cache.gather(["а", "бб", "ввв"], compute)
    keys = ["а", "гггг", "ддддд", "а"]  # one cached row, two new: 5 > 4
    assert np.array_equal(cache.gather(keys, compute), rows_of(keys))
    assert compute.asked[-1] == ["гггг", "ддддд"]
    assert sorted(cache.index) == ["а", "гггг", "ддддд"]


def test_a_call_larger_than_the_cache_is_answered_without_it():
    cache = RowCache(2, 2)
    keys = ["а", "бб", "ввв", "а"]
    assert np.array_equal(cache.gather(keys, rows_of), rows_of(keys))
    assert len(cache) <= 2
