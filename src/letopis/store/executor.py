"""Where analysis runs: in this process or in worker processes, results in any order.

An executor has ``map_unordered(fn, items)``: it calls ``fn`` on every item and yields
the results as they come. Items are pulled lazily, so a caller may decide per item
whether to submit it. A Dask or Ray executor only needs the same two methods.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from types import TracebackType
from typing import Protocol, Self, TypeVar

T = TypeVar("T")
R = TypeVar("R")

THREAD_VARIABLES = (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)


class Executor(Protocol):
    """Runs ``fn`` over items, yielding results in completion order."""

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Results of ``fn`` on each item, in any order."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...


class SerialExecutor:
    """Everything in the calling process, in order."""

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Results of ``fn`` on each item, in input order."""
        for item in items:
            yield fn(item)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def pin_threads() -> None:
    """Worker initializer: one BLAS/OpenMP thread per process (before numpy loads)."""
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"


class ProcessExecutor(SerialExecutor):
    """``workers`` spawned processes, each pinned to one numeric thread.

    At most ``2 * workers`` items are in flight, so memory stays bounded.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.pool = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=pin_threads,
        )

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Results of ``fn`` on each item as workers finish them."""
        pending: set[Future[R]] = set()
        source = iter(items)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < 2 * self.workers:
                item = next(source, _END)
                if item is _END:
                    exhausted = True
                else:
                    pending.add(self.pool.submit(fn, item))  # type: ignore[arg-type]
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()

    def close(self) -> None:
        """Stop the workers (pending work is cancelled)."""
        self.pool.shutdown(wait=True, cancel_futures=True)


_END = object()


def make_executor(workers: int) -> SerialExecutor:
    """A SerialExecutor for ``workers <= 1``, else a ProcessExecutor."""
    return SerialExecutor() if workers <= 1 else ProcessExecutor(workers)
