"""A bounded cache of NumPy rows by key, gathered with one fancy index.

The NER encoder projects every (word, tag) pair to a row once; a document's tokens are
then one ``take`` from a single array rather than a stack of many small arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import numpy as np

Compute = Callable[[list[Hashable]], np.ndarray]


class RowCache:
    """Rows of ``width`` float32 values by key, at most ``capacity`` of them.

    When new keys would overflow it, the cache starts again from the rows of the call
    that overflowed it, so a call never loses a row it still needs.
    """

    def __init__(self, width: int, capacity: int) -> None:
        self.width = width
        self.capacity = capacity
        self.clear()

    def __len__(self) -> int:
        return len(self.index)

    def clear(self) -> None:
        """Forget every row."""
        self.index: dict[Hashable, int] = {}
        self.rows = np.empty((0, self.width), dtype=np.float32)

    def gather(self, keys: Sequence[Hashable], compute: Compute) -> np.ndarray:
        """Rows len(keys) x width; ``compute(missing keys)`` gives the rows not cached."""
        unique = list(dict.fromkeys(keys))
        missing = [k for k in unique if k not in self.index]
        if missing:
            fresh = np.asarray(compute(missing), dtype=np.float32)
            if len(self.index) + len(missing) <= self.capacity:
                self._append(missing, fresh)
            else:
                kept = [k for k in unique if k in self.index]
                order = kept + missing
                rows = np.concatenate([self.rows[[self.index[k] for k in kept]], fresh])
                if len(order) > self.capacity:  # too many for the cache: answer locally
                    local = {k: i for i, k in enumerate(order)}
                    return rows[[local[k] for k in keys]]
                self.clear()
                self._append(order, rows)
        return self.rows[[self.index[k] for k in keys]]

    def _append(self, keys: list[Hashable], rows: np.ndarray) -> None:
        used = len(self.index)
        if used + len(keys) > len(self.rows):  # grow by doubling, up to the capacity
            size = min(self.capacity, max(2 * len(self.rows), used + len(keys), 256))
            grown = np.empty((size, self.width), dtype=np.float32)
            grown[:used] = self.rows[:used]
            self.rows = grown
        self.rows[used:used + len(keys)] = rows
        self.index.update(zip(keys, range(used, used + len(keys)), strict=True))
