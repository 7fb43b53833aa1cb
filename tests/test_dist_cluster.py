"""Ingest on a real Dask cluster on 127.0.0.1: a worker and the client killed mid-run.

A ``dask scheduler`` and two ``dask worker`` processes (the venv's ``dask`` command) serve
``letopis ingest DIR --dask tcp://127.0.0.1:PORT``. The first run is killed (SIGKILL) after
some documents are stored; the re-run goes on, and one worker (with its nanny) is killed
while it works. Every document must end stored exactly once, with the mentions of a
serial ingest of the same files, and the store must pass SQLite's integrity and
foreign-key checks.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from letopis.store import Store
from letopis.store.ingest import Failure, Job, Prepared, analyze_job, ingest
from test_store_kill import check_counters, make_corpus, stored

DASK = Path(sys.executable).with_name("dask")
COUNT = 200
pytestmark = pytest.mark.skipif(not DASK.exists(), reason="the dask command is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment() -> dict[str, str]:
    """This environment with one BLAS thread; the source tree on the path of children."""
    src = str(Path(__file__).resolve().parents[1] / "src")
    path = os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), src) if p)
    return os.environ | {"PYTHONPATH": path, "OMP_NUM_THREADS": "1",
                         "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    """A process in its own session (so it can be killed with all its children)."""
    with log.open("wb") as out:
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                                env=environment(), start_new_session=True)


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process's session (a worker's nanny and the worker itself)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def workers_ready(address: str, count: int) -> bool:
    from distributed import Client

    with Client(address, timeout="10s") as client:
        return len(client.scheduler_info(n_workers=-1)["workers"]) >= count


def mentions_by_doc(db: Path) -> dict[str, list[tuple[int, int, str, str]]]:
    with Store.open(db, readonly=True) as store:
        rows = store.conn.execute(
            'SELECT d.id, m.start, m."end", m.label, m.text FROM mentions m'
            " JOIN documents d ON d.num = m.doc ORDER BY d.id, m.start, m.\"end\", m.label"
        ).fetchall()
    found: dict[str, list[tuple[int, int, str, str]]] = {}
    for doc, *mention in rows:
        found.setdefault(doc, []).append(tuple(mention))  # type: ignore[arg-type]
    return found


def check_store(db: Path) -> None:
    with Store.open(db, readonly=True) as store:
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        total = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert conn.execute("SELECT count(DISTINCT id) FROM documents").fetchone()[0] == total
        assert conn.execute("SELECT count(*) FROM doc_fts").fetchone()[0] == total
        check_counters(conn)


@contextlib.contextmanager
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1: (address,
    [worker, worker, scheduler]); all killed on the way out."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = start([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                       "--no-dashboard"], tmp_path / "scheduler.log")
    workers = [start([str(DASK), "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                      "--no-dashboard", "--name", f"w{i}"], tmp_path / f"worker{i}.log")
               for i in range(2)]
    try:
        wait_for(lambda: _ready(address), 60, "two workers")
        yield address, [*workers, scheduler]
    finally:
        for process in [*workers, scheduler]:
            kill(process)


def test_worker_and_client_killed_mid_run_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    make_corpus(folder, COUNT)
    with cluster(tmp_path) as (address, workers):
        db = tmp_path / "dist.db"
        command = [sys.executable, "-m", "letopis.cli.ingest", str(folder), "--db", str(db),
                   "--dask", address, "--batch", "2"]
        first = start(command, tmp_path / "client1.log")
        wait_for(lambda: stored(db) >= 30 or first.poll() is not None, 60, "a first store")
        kill(first)  # the client, mid-run
        partial = stored(db)
        assert 0 < partial < COUNT, partial

        second = start(command, tmp_path / "client2.log")
        wait_for(lambda: stored(db) >= partial + 40 or second.poll() is not None, 60,
                 "the re-run to store more")
        assert second.poll() is None, "the run ended before a worker could be killed"
        kill(workers[0])  # one worker (and its nanny), mid-run
        assert second.wait(timeout=90) == 0, (tmp_path / "client2.log").read_text()
        log = (tmp_path / "client2.log").read_text()
        assert f"{COUNT - partial} added, {partial} already stored, 0 failed" in log, log

    serial = tmp_path / "serial.db"
    with Store.open(serial) as store:
        summary = ingest(store, [folder])
    assert summary.added == COUNT and not summary.failures
    check_store(db)
    expected = mentions_by_doc(serial)
    found = mentions_by_doc(db)
    assert len(expected) == COUNT
    assert found == expected
    with Store.open(db, readonly=True) as dist, Store.open(serial, readonly=True) as one:
        names = "SELECT source FROM documents ORDER BY source"
        assert dist.conn.execute(names).fetchall() == one.conn.execute(names).fetchall()


def _ready(address: str) -> bool:
    try:
        return workers_ready(address, 2)
    except OSError:
        return False


def kill_on_poison(job: Job) -> Prepared | Failure:
    """Analyze, except that a text saying "poison" kills the worker process running it."""
    if job.text == "poison":
        os._exit(9)
    return analyze_job(job)


def test_a_document_that_kills_its_workers_is_reported_not_retried_forever() -> None:
    import cloudpickle
    import dask

    from letopis.dist.cluster import DaskExecutor

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    texts = ["Иван Петров приехал в Москву.", "poison", "Пётр Сидоров уехал в Киев.",
             "Анна Ахматова жила в Ленинграде."]
    jobs = [Job(f"doc{i}.txt", text) for i, text in enumerate(texts)]
    started = time.monotonic()
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            DaskExecutor("local:1", batch=4, time_limit=60) as executor:
        results = list(executor.run(kill_on_poison, jobs))
        assert executor.splits == 1
    assert time.monotonic() - started < 60
    failures = [r for r in results if isinstance(r, Failure)]
    assert [f.source for f in failures] == ["doc1.txt"]
    assert "the Dask worker analyzing it died each time it was tried" in failures[0].message
    stored = sorted(r.doc.source or "" for r in results if isinstance(r, Prepared))
    assert stored == ["doc0.txt", "doc2.txt", "doc3.txt"]


def test_a_worker_killed_mid_run_loses_nothing_in_parquet_output(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    folder = tmp_path / "corpus"
    make_corpus(folder, COUNT)
    out = tmp_path / "out"
    with cluster(tmp_path) as (address, workers):
        client = start([sys.executable, "-m", "letopis.cli.ingest", str(folder), "--dask",
                        address, "--batch", "2", "--out", "parquet", str(out)],
                       tmp_path / "client.log")
        wait_for(lambda: len(list(out.glob("documents/part-*.parquet"))) >= 10
                 or client.poll() is not None, 60, "the first Parquet parts")
        assert client.poll() is None, "the run ended before a worker could be killed"
        kill(workers[0])
        assert client.wait(timeout=90) == 0, (tmp_path / "client.log").read_text()
    assert f"{COUNT} added, 0 already stored, 0 failed" in (tmp_path / "client.log").read_text()
    documents = pq.read_table(out / "documents").to_pylist()
    assert sorted(d["source"] for d in documents) == sorted(
        f"corpus/{p.name}" for p in folder.iterdir())
    mentions = pq.read_table(out / "mentions").to_pylist()
    per_doc: dict[str, int] = {}
    for m in mentions:
        per_doc[m["doc"]] = per_doc.get(m["doc"], 0) + 1
    for d in documents:  # every document whole, none twice
        assert per_doc.get(d["id"], 0) == d["n_mentions"] == len(json.loads(d["data"])["mentions"])
    assert len(mentions) == sum(d["n_mentions"] for d in documents)


def test_a_lost_scheduler_stops_the_run_in_one_error(tmp_path: Path) -> None:
    from letopis.dist.cluster import ClusterError, DaskExecutor

    jobs = [Job(f"doc{i}.txt", f"{i} мая 1960 года Никита Хрущёв выступил в Москве.")
            for i in range(400)]
    with cluster(tmp_path) as (address, processes):
        executor = DaskExecutor(address, batch=2, timeout="2s")
        results = executor.run(analyze_job, jobs)
        started = time.monotonic()
        with pytest.raises(ClusterError, match="lost the scheduler"):
            for count, _ in enumerate(results, 1):
                if count == 20:  # mid-run
                    kill(processes[-1])
                    started = time.monotonic()
        assert time.monotonic() - started < 30
        executor.close()
