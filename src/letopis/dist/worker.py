"""What runs on a Dask worker: the plugin that loads the models once, the batch task and
the per-document time limit.

A task is one batch of Jobs. Each document is analyzed under a watchdog: past the time
limit an exception is raised in the analyzing thread (``DocumentTimeout``, the document
becomes a failure and the batch goes on); if the thread does not come back within
``GRACE_SECONDS`` more (stuck in C code), the worker process ends itself, the scheduler
hands its batch to another worker, and a batch that keeps killing workers is split
client-side until the one document is reported failed (``letopis.dist.cluster``).
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from distributed import WorkerPlugin

from letopis.errors import LetopisError
from letopis.store.executor import WATCH_SECONDS, pin_threads
from letopis.store.ingest import Failure, Job
from letopis.store.prepare import Prepared

PLUGIN_NAME = "letopis"
GRACE_SECONDS = 10.0  # after the limit's exception, before the process ends itself
WATCH_EVERY = 0.25  # seconds between the watchdog's looks
EXIT_STUCK = 70  # the exit status of a worker that ended itself over a stuck document
WARMUP = "Вчера Иван Петров приехал в Москву в 1956 году."

log = logging.getLogger("letopis.dist")

Packed = dict[str, Any]  # a result as it crosses the network: plain Python types only


class DocumentTimeout(LetopisError):
    """Raised inside the thread analyzing a document that ran past the time limit."""

    limit: float = 0.0

    def __init__(self, *args: object) -> None:
        super().__init__(*args or (
            f"analysis ran past the per-document time limit ({self.limit:g} s); not stored",))


class Sink(Protocol):
    """Where a worker puts a batch's results instead of returning them (Parquet)."""

    def write(self, key: str, results: Sequence[Prepared | Failure]) -> list[Packed]:
        """Write the results; the small records the client is to receive."""
        ...


class Watchdog:
    """Watches the documents being analyzed in this process against a time limit."""

    def __init__(self, limit: float, grace: float = GRACE_SECONDS) -> None:
        self.limit = limit
        self.grace = grace
        self.lock = threading.Lock()
        self.running: dict[int, list[Any]] = {}  # thread id -> [started, source, interrupted]
        threading.Thread(target=self._watch, daemon=True, name="letopis-watchdog").start()

    def run(self, fn: Callable[[Job], Prepared | Failure], job: Job) -> Prepared | Failure:
        """``fn(job)``, or a Failure if it runs past the limit."""
        thread = threading.get_ident()
        with self.lock:
            self.running[thread] = [time.monotonic(), job.source, False]
        try:
            return fn(job)
        except DocumentTimeout as error:
            return Failure(job.source, f"{job.source}: {error}")
        finally:
            with self.lock:
                self.running.pop(thread, None)

    def _watch(self) -> None:
        while True:
            time.sleep(WATCH_EVERY)
            now = time.monotonic()
            with self.lock:
                for thread, entry in self.running.items():
                    started, source, interrupted = entry
                    if not interrupted and now - started > self.limit:
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(
                            ctypes.c_ulong(thread), ctypes.py_object(DocumentTimeout))
                        entry[2] = True
                    elif interrupted and now - started > self.limit + self.grace:
                        log.error("letopis: %s: stuck past the time limit (%g s) and did not "
                                  "stop; ending this worker process", source, self.limit)
                        os._exit(EXIT_STUCK)


_watchdogs: dict[float, Watchdog] = {}
_watchdog_lock = threading.Lock()


def watchdog(limit: float) -> Watchdog:
    """This process's watchdog for ``limit`` seconds (started on first use)."""
    with _watchdog_lock:
        if limit not in _watchdogs:
            DocumentTimeout.limit = limit
            _watchdogs[limit] = Watchdog(limit)
        return _watchdogs[limit]


def pack(result: Prepared | Failure) -> Packed:
    """A result in plain types: the ``letopis.document/1`` dict, lemmas and date links."""
    if isinstance(result, Failure):
        return {"failed": result.source, "message": result.message}
    return {"doc": result.doc.to_dict(), "lemmas": result.lemmas,
            "near_dates": dict(result.near_dates)}


def unpack(packed: Packed) -> Prepared | Failure:
    """The inverse of ``pack`` (on the client)."""
    from letopis.doc import Document

    if "failed" in packed:
        return Failure(packed["failed"], packed["message"])
    return Prepared(Document.from_dict(packed["doc"]), packed["lemmas"], packed["near_dates"])


def run_batch(
    fn: Callable[[Job], Prepared | Failure], jobs: Sequence[Job], limit: float,
    sink: Sink | None = None, key: str = "",
) -> list[Packed]:
    """The Dask task: ``fn`` on every job under the time limit; packed results, or the
    records of ``sink`` after it wrote them."""
    guard = watchdog(limit)
    results = [guard.run(fn, job) for job in jobs]
    if sink is None:
        return [pack(r) for r in results]
    return sink.write(key, results)


def load_models(ner_model: str) -> None:
    """Load the pipeline and warm its lazy parts on one short text."""
    from letopis.pipeline import analyze, default_pipeline
    from letopis.store.prepare import prepare

    default_pipeline(ner_model)
    prepare(analyze(WARMUP, None, ner_model))


class LetopisWorkerPlugin(WorkerPlugin):
    """Loads the models once per worker process, before its first task.

    BLAS/OpenMP threads are pinned to 1 (effective where numpy is not loaded yet; a
    LocalCluster also sets them in the environment its workers start with). With
    ``tied``, the worker ends with the process that started it (a LocalCluster's client).
    """

    name = PLUGIN_NAME

    def __init__(self, ner_model: str = "fast", tied: bool = False) -> None:
        self.ner_model = ner_model
        self.tied = tied

    async def setup(self, worker: Any) -> None:
        """Pin threads, tie to the parent if asked, load the models off the event loop."""
        pin_threads()
        if self.tied:
            threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True,
                             name="letopis-parent-watch").start()
        await asyncio.get_running_loop().run_in_executor(None, load_models, self.ner_model)


def _end_with_parent(parent: int) -> None:
    """End this process once ``parent`` is gone (a LocalCluster's client killed).

    A polling thread, not ``PR_SET_PDEATHSIG``: Dask may start workers from a thread that
    ends soon after, and that signal follows the starting thread, not the process.
    """
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent:
            os._exit(1)
