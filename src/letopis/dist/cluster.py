"""The client side: a Dask cluster to analyze on, and an executor that sends it batches.

``DaskExecutor(address)`` connects to ``tcp://HOST:PORT`` (a running ``dask scheduler``)
or starts ``local[:N]``, a LocalCluster of N worker processes with one thread each. It
has the two methods of ``letopis.store.executor.Executor``, so ``letopis.store.ingest``
runs on it unchanged: the client reads and hashes files, skips stored texts, sends the
rest in batches of Jobs, and writes each result as its batch completes (one transaction
per document; the client is the only writer).

Faults: when a worker dies, the scheduler gives its batches to another worker (nothing
is lost; a result is received once per batch, and the store skips a stored id anyway).
A batch whose workers die ``distributed.scheduler.allowed-failures`` + 1 times (3 + 1 by
default: ``KilledWorker``), or that fails as a whole, is sent again one document per
task; a single document that fails too is run once more alone, with nothing else in
flight (a worker that dies takes every task it holds with it), and reported failed if it
still kills its worker: never retried without end. Documents that run past the time
limit are failures (``letopis.dist.worker``).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from letopis.read.batch import one_line
from letopis.store.executor import THREAD_VARIABLES, SerialExecutor, WorkerError
from letopis.store.ingest import Failure, Job
from letopis.store.prepare import Prepared

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_BATCH = 16  # documents per task
MAX_BATCH_CHARS = 2_000_000  # characters of text per task (a larger document goes alone)
DEFAULT_TIME_LIMIT = 600.0  # seconds per document
CONNECT_TIMEOUT = "20s"  # to connect, and to reconnect to a lost scheduler
WINDOW_REFRESH = 2.0  # seconds between looks at the cluster's thread count


class ClusterError(WorkerError):
    """The cluster cannot be started or reached, or the address is not one (a
    WorkerError: ``letopis.store.ingest`` stops the run on it)."""


@dataclass(frozen=True)
class Written:
    """A document a worker wrote itself (Parquet output)."""

    source: str
    id: str


def local_workers(address: str) -> int | None:
    """N of ``local:N`` (``local``: the cores this process may use); None for tcp://."""
    if address == "local":
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
    if address.startswith("local:"):
        count = address[len("local:"):]
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(f"--dask {address}: local:N needs a number of workers >= 1")
        return int(count)
    if address.startswith(("tcp://", "tls://", "ws://", "wss://", "inproc://", "ucx://")):
        return None
    raise ClusterError(f"--dask {address}: not local, local:N or a scheduler address "
                       "(tcp://HOST:PORT)")


def connect(address: str, timeout: str = CONNECT_TIMEOUT) -> tuple[Any, Any]:
    """(Client, LocalCluster or None) for ``address``; ClusterError if that fails.

    ``timeout`` bounds the first connection and, once connected, the client's attempts to
    reconnect to a lost scheduler."""
    import dask
    from distributed import Client, LocalCluster

    workers = local_workers(address)
    try:
        if workers is None:
            return Client(address, timeout=timeout), None
        environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
        environ.update(dict.fromkeys(THREAD_VARIABLES, 1))
        with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, silence_logs=logging.ERROR,
            )
        return Client(cluster, timeout=timeout), cluster
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"--dask {address}: cannot reach the cluster: "
                           f"{one_line(str(error)) or type(error).__name__}") from None


class DaskExecutor(SerialExecutor):
    """Analysis on a Dask cluster, in batches; results in completion order.

    ``splits`` counts batches sent again one document per task after their workers died.
    """

    def __init__(
        self, address: str, batch: int = DEFAULT_BATCH,
        time_limit: float = DEFAULT_TIME_LIMIT, ner_model: str = "fast",
        timeout: str = CONNECT_TIMEOUT,
    ) -> None:
        from letopis.dist.worker import LetopisWorkerPlugin

        self.address = address
        self.batch = max(1, batch)
        self.time_limit = time_limit
        self.splits = 0
        self.client, self.cluster = connect(address, timeout)
        try:
            self.client.register_plugin(
                LetopisWorkerPlugin(ner_model, tied=self.cluster is not None))
        except Exception:
            self.close()
            raise
        self._window = (0.0, 2)

    def window(self) -> int:
        """Batches in flight: two per worker thread (refreshed every few seconds)."""
        checked, size = self._window
        if time.monotonic() - checked > WINDOW_REFRESH:
            self._check()
            with contextlib.suppress(OSError, TimeoutError):  # reconnecting: keep the size
                size = max(2, 2 * sum(self.client.nthreads().values()))
            self._window = (time.monotonic(), size)
        return size

    def map_unordered(
        self, fn: Callable[[T], R], items: Iterable[T], lost: Callable[[T], R] | None = None,
    ) -> Iterator[R]:
        """``fn`` (a Job -> Prepared | Failure task) over Jobs on the cluster."""
        job_fn = cast(Callable[[Job], Prepared | Failure], fn)
        return cast(Iterator[R], self.run(job_fn, cast(Iterable[Job], items)))

    def run(
        self, fn: Callable[[Job], Prepared | Failure], jobs: Iterable[Job],
        sink: Any = None,
    ) -> Iterator[Prepared | Failure | Written]:
        """Results of ``fn`` over ``jobs``; with ``sink`` (``ParquetSink``) the workers
        write them and Written records come back instead of documents."""
        import dask
        from distributed import as_completed

        from letopis.dist.worker import run_batch

        batches = batched(jobs, self.batch)
        pending: dict[str, tuple[Any, list[Job]]] = {}
        suspects: list[Job] = []  # single documents whose task failed: run alone next
        done = as_completed()
        exhausted = False

        def submit(batch: list[Job]) -> Any:
            part = batch_key(batch)
            with dask.config.set({"distributed.admin.large-graph-warning-threshold": "1GB"}):
                return self.client.submit(  # texts travel with the task (a large file too)
                    run_batch, fn, batch, self.time_limit, sink, part,
                    key=f"letopis-{part}-{uuid.uuid4().hex[:8]}", pure=False,
                )

        while True:
            while not suspects and not exhausted and len(pending) < self.window():
                batch = next(batches, [])
                if not batch:
                    exhausted = True
                    break
                future = submit(batch)
                pending[future.key] = (future, batch)
                done.add(future)
            if not pending:
                if not suspects:
                    return
                yield from self._alone(submit([suspects[0]]), suspects.pop(0), sink)
                continue
            future = self._next(done)
            _, batch = pending.pop(future.key)
            try:
                packed = future.result()
            except Exception:  # KilledWorker, or the task failed as a whole
                self._check()
                recovered = None if sink is None else sink.recover(batch_key(batch))
                if recovered is not None:
                    yield from recovered
                elif len(batch) > 1:
                    self.splits += 1
                    for job in batch:
                        single = submit([job])
                        pending[single.key] = (single, [job])
                        done.add(single)
                else:
                    suspects.append(batch[0])
                continue
            finally:
                future.release()
            yield from _unpacked(packed)

    def _next(self, done: Any) -> Any:
        """The next finished future of ``done``; ClusterError once the client is closed
        (the scheduler lost: Dask gives up reconnecting after its connect timeout)."""
        while not done.has_ready():
            self._check()
            with done.thread_condition:
                done.thread_condition.wait(timeout=0.1)
        return next(done)

    def _check(self) -> None:
        if self.client.status in ("closing", "closed"):
            raise ClusterError(
                f"--dask {self.address}: lost the scheduler; every stored document is whole, "
                "run the same command again to go on")

    def _alone(self, future: Any, job: Job, sink: Any) -> Iterator[Prepared | Failure | Written]:
        """The result of a suspect document run with nothing else in flight, so that a
        worker dying now is its own doing (another task's death may have failed it)."""
        try:
            packed = future.result()
        except Exception as error:
            self._check()
            recovered = None if sink is None else sink.recover(batch_key([job]))
            if recovered is None:
                yield self.failure(job, error)
            else:
                yield from recovered
            return
        finally:
            future.release()
        yield from _unpacked(packed)

    def failure(self, job: Job, error: BaseException) -> Failure:
        """The one line for a document whose task failed even alone."""
        from distributed.scheduler import KilledWorker

        if isinstance(error, KilledWorker):
            why = ("the Dask worker analyzing it died each time it was tried (killed, out "
                   f"of memory, or stuck past the time limit of {self.time_limit:g} s)")
        else:
            why = f"internal error: {type(error).__name__}: {error}"
        return Failure(job.source, one_line(f"{job.source}: {why}"))

    def close(self) -> None:
        """Close the client and, for ``local``, the cluster it started."""
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def _unpacked(packed: list[dict[str, Any]]) -> Iterator[Prepared | Failure | Written]:
    from letopis.dist.worker import unpack

    for item in packed:
        yield Written(item["source"], item["written"]) if "written" in item else unpack(item)


def batched(jobs: Iterable[Job], size: int, chars: int = MAX_BATCH_CHARS,
            ) -> Iterator[list[Job]]:
    """Batches of at most ``size`` jobs; a batch also ends once it holds ``chars``
    characters of text (a large file travels alone, small ones together)."""
    batch: list[Job] = []
    held = 0
    for job in jobs:
        if batch and held + len(job.text) > chars:
            yield batch
            batch, held = [], 0
        batch.append(job)
        held += len(job.text)
        if len(batch) >= size:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def batch_key(batch: list[Job]) -> str:
    """A name for a batch that depends only on its texts (its Parquet part files)."""
    from letopis.doc import text_id

    digest = hashlib.sha256("\n".join(text_id(j.text) for j in batch).encode("ascii"))
    return digest.hexdigest()[:20]
