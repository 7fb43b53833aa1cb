"""Where analysis runs: in this process or in worker processes, results in any order.

An executor has ``map_unordered(fn, items)``: it calls ``fn`` on every item and yields
the results as they come. Items are pulled lazily, so a caller may decide per item
whether to submit it. A Dask or Ray executor only needs the same two methods.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Generic, Protocol, Self, TypeVar

from letopis.errors import LetopisError

T = TypeVar("T")
R = TypeVar("R")

THREAD_VARIABLES = (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
PR_SET_PDEATHSIG = 1  # prctl option: signal this process when its parent dies
WATCH_SECONDS = 1.0  # how often a worker checks that its parent is alive
MAX_DEATHS = 3  # lone items in a row that kill their worker before giving up


class Executor(Protocol):
    """Runs ``fn`` over items, yielding results in completion order."""

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T], lost: Callable[[T], R] | None = None,
    ) -> Iterator[R]:
        """Results of ``fn`` on each item, in any order; ``lost(item)`` for an item whose
        worker died (if the executor has workers that can die)."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...


def freeze_loaded(preload: Callable[[], object]) -> bool:
    """Run ``preload`` (loading the models), then freeze everything loaded out of the
    cyclic collector (``gc.freeze``, Python's advice before a fork): later collections,
    here and in forked workers, never walk the models nor dirty their shared pages.
    Returns True; ``thaw`` gives them back."""
    preload()
    gc.collect()
    gc.freeze()
    return True


def thaw(executor: SerialExecutor) -> None:
    """Undo ``freeze_loaded`` for an executor that froze."""
    if executor.frozen:
        gc.unfreeze()
        executor.frozen = False


class SerialExecutor:
    """Everything in the calling process, in order; with ``preload``, the models are
    loaded and frozen (``freeze_loaded``) at once, until ``close``."""

    frozen = False

    def __init__(self, preload: Callable[[], object] | None = None) -> None:
        self.frozen = preload is not None and freeze_loaded(preload)

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T], lost: Callable[[T], R] | None = None,
    ) -> Iterator[R]:
        """Results of ``fn`` on each item, in input order (``lost`` is never needed)."""
        for item in items:
            yield fn(item)

    def map_batches(
        self, fn: Callable[[T], R], items: Iterable[T], lost: Callable[[T], R] | None = None,
    ) -> Iterator[list[R]]:
        """The results of ``map_unordered`` in the lists they arrive in (here: one each)."""
        for result in self.map_unordered(fn, items, lost):
            yield [result]

    def close(self) -> None:
        """Nothing to release but the frozen models (``thaw``)."""
        thaw(self)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def pin_threads() -> None:
    """One BLAS/OpenMP thread per process (before numpy loads)."""
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"


def init_worker(parent: int) -> None:
    """Worker initializer: pin threads; die with the parent process ``parent``."""
    pin_threads()
    die_with_parent(parent)


def die_with_parent(parent: int, every: float = WATCH_SECONDS) -> None:
    """End this process as soon as the process ``parent`` is gone (even by SIGKILL).

    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``); a
    daemon thread also checks every ``every`` seconds that the parent is still ours.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, every), daemon=True,
                     name="letopis-parent-watch").start()


def _watch(parent: int, every: float) -> None:
    while True:
        time.sleep(every)
        if os.getppid() != parent:
            os._exit(1)


class WorkerError(LetopisError):
    """Worker processes die at once, whatever they are given."""


class ProcessExecutor(SerialExecutor):
    """``workers`` worker processes, each pinned to one numeric thread.

    With ``preload`` (a function that loads the models) on Linux, this process runs it
    once and then forks every worker at once, before any other thread starts: the
    workers share the loaded models copy-on-write and start with warm caches, instead of
    each importing and loading everything again (a spawned worker's start-up). What is
    loaded by then is frozen out of the cyclic collector (``gc.freeze``) until ``close``. Without
    it, or where fork is not the platform's safe default, workers are spawned.

    Items travel in chunks of ``chunk`` (one task, one result message per chunk: fewer
    wake-ups of this process and of the workers than one per item); once the items run
    out, the ``chunk * workers`` items read ahead go one per task, so the last ones
    spread over the workers instead of one worker finishing a whole chunk alone. At
    most ``2 * workers`` chunks are in flight, so memory stays bounded. Workers end
    with this process. When a worker dies (killed, out of memory) the pool breaks and
    every item in flight is lost: the pool is rebuilt and those items are run again one
    at a time; one that kills its worker even alone becomes ``lost(item)`` (or raises
    WorkerError without ``lost``). ``restarts`` counts the rebuilt pools.
    """

    def __init__(self, workers: int, preload: Callable[[], object] | None = None,
                 chunk: int = 1) -> None:
        self.workers = max(1, workers)
        self.chunk = max(1, chunk)
        self.restarts = 0
        self.deaths = 0  # lone items in a row whose worker died
        self.fork = preload is not None and can_fork()
        self.frozen = self.fork and preload is not None and freeze_loaded(preload)
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            self.workers, mp_context=multiprocessing.get_context(
                "fork" if self.fork else "spawn"),
            initializer=init_worker, initargs=(os.getpid(),),
        )
        if self.fork:  # a fork pool starts all its workers on the first submit: now
            pool.submit(int).result()
        return pool

    def _restart(self) -> None:
        self.restarts += 1
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new_pool()

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T], lost: Callable[[T], R] | None = None,
    ) -> Iterator[R]:
        """Results of ``fn`` on each item as workers finish them (see the class)."""
        for batch in self.map_batches(fn, items, lost):
            yield from batch

    def map_batches(
        self, fn: Callable[[T], R], items: Iterable[T], lost: Callable[[T], R] | None = None,
    ) -> Iterator[list[R]]:
        """The results of each chunk together, as workers finish them; an item run again
        alone after a worker died comes in a list of its own."""
        pending: dict[Future[list[R]], list[T]] = {}
        feed = Chunks(items, self.chunk, self.chunk * self.workers if self.chunk > 1 else 0)
        while pending or not feed.done:
            suspects: list[T] = []
            while not feed.done and len(pending) < 2 * self.workers:
                chunk = feed.next()
                if not chunk:
                    break
                try:
                    pending[self.pool.submit(call_each, fn, chunk)] = chunk
                except BrokenProcessPool:
                    suspects.extend(chunk)
                    break
            if pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                    done, _ = wait(pending)  # a broken pool fails every future at once
                for future in done:
                    chunk = pending.pop(future)
                    if isinstance(future.exception(), BrokenProcessPool):
                        suspects.extend(chunk)
                    else:
                        yield future.result()
            if suspects:
                self._restart()
                yield from ([result] for result in self._alone(fn, suspects, lost))

    def _alone(
        self, fn: Callable[[T], R], items: list[T], lost: Callable[[T], R] | None,
    ) -> Iterator[R]:
        """Run each item with nothing else in flight: a death now is the item's doing."""
        for item in items:
            try:
                result = self.pool.submit(fn, item).result()
            except BrokenProcessPool:
                self._restart()
                self.deaths += 1
                if lost is None:
                    raise WorkerError("a worker process died running one item alone "
                                      "(killed, out of memory?)") from None
                if self.deaths >= MAX_DEATHS:
                    raise WorkerError(
                        "worker processes die as soon as they are given work "
                        f"({self.deaths} in a row); see the system log (out of memory?)"
                    ) from None
                yield lost(item)
                continue
            self.deaths = 0
            yield result

    def close(self) -> None:
        """Stop the workers (pending work is cancelled)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        thaw(self)


def call_each(fn: Callable[[T], R], items: list[T]) -> list[R]:
    """``fn`` on every item of a chunk (runs in a worker)."""
    return [fn(item) for item in items]


class Chunks(Generic[T]):
    """Items in lists of ``size``, pulled lazily, ``ahead`` more read ahead; once the items
    run out, what is left comes one item at a time."""

    def __init__(self, items: Iterable[T], size: int, ahead: int = 0) -> None:
        self.source = iter(items)
        self.size = size
        self.ahead = ahead
        self.buffer: deque[T] = deque()
        self.exhausted = False

    @property
    def done(self) -> bool:
        """Whether every item was given out."""
        return self.exhausted and not self.buffer

    def next(self) -> list[T]:
        """The next chunk (empty once done)."""
        self._fill()
        n = 1 if self.exhausted else self.size
        return [self.buffer.popleft() for _ in range(min(n, len(self.buffer)))]

    def _fill(self) -> None:
        while not self.exhausted and len(self.buffer) < self.size + self.ahead:
            try:
                self.buffer.append(next(self.source))
            except StopIteration:
                self.exhausted = True


def can_fork() -> bool:
    """Whether worker processes may be forked from this one (Linux, fork available)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def make_executor(workers: int, preload: Callable[[], object] | None = None,
                  chunk: int = 1) -> SerialExecutor:
    """A SerialExecutor for ``workers <= 1``, else a ProcessExecutor (see their
    ``preload`` and ``chunk``)."""
    if workers <= 1:
        return SerialExecutor(preload)
    return ProcessExecutor(workers, preload, chunk)
