"""Faults around ``letopis ingest``: disk full, dead workers, a killed parent, read-only
stores, special files and file names that are not UTF-8.

Each fault ends in one line on standard error (never a traceback), a summary and a
documented exit code, and leaves every stored document whole. Read-only checks drop the
capabilities that let root ignore file modes (in the child only), so they run as root too.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letopis.cli.ingest import app as ingest_app
from letopis.errors import ReadError
from letopis.read import read_path
from letopis.read.walk import MAX_FILE_BYTES, display_name, read_file
from letopis.store import Store
from letopis.store.executor import ProcessExecutor, WorkerError
from test_store_kill import CITIES, PEOPLE, check_counters, stored

CP1251_NAME = "Письмо Хрущёва.txt".encode("cp1251")
PR_CAPBSET_DROP = 24
DAC_CAPABILITIES = (1, 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def make_texts(folder: Path, count: int = 30, sentences: int = 20) -> Path:
    """``count`` different texts of ``sentences`` sentences (about 3 KB each)."""
    folder.mkdir()
    for i in range(count):
        parts = [f"Записка № {i + 1}."]
        for j in range(sentences):
            k = i + j
            parts.append(f"{k % 28 + 1} марта {1950 + k % 10} года {PEOPLE[k % 7]} выступил в "
                         f"{CITIES[(i + 2 * j) % 5]}, а {PEOPLE[(k + 3) % 7]} обсудил итоги.")
        (folder / f"doc{i:02d}.txt").write_text(" ".join(parts) + "\n", encoding="utf-8")
    return folder


def ingest_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "letopis.cli.ingest", *map(str, args)]


def run(command: list[str], timeout: float = 120,
        preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LETOPIS_PROGRESS"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=preexec, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def check_whole(db: Path) -> int:
    """The store is consistent and every stored document is whole; its document count."""
    with Store.open(db, readonly=True) as store:
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        check_counters(conn)
        total, items = store.documents(limit=500)
        for item in items:
            rows = conn.execute("SELECT count(*) FROM mentions m JOIN documents d"
                                " ON d.num = m.doc WHERE d.id = ?", (item.id,)).fetchone()[0]
            assert rows == len(store.document(item.id).mentions) == item.mentions
        assert conn.execute("SELECT count(*) FROM doc_fts").fetchone()[0] == total
        return total


def summary_counts(stderr: str) -> tuple[int, int, int]:
    line = next(x for x in stderr.splitlines() if x.startswith("letopis: ") and "added" in x)
    words = line.split()
    return int(words[1]), int(words[3]), int(words[6])


# -- disk full -----------------------------------------------------------------------

def test_disk_full_stops_the_run_with_one_line(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's own SQLITE_FULL (max_page_count): it rolls back by itself, no 2nd ROLLBACK."""
    folder = make_texts(tmp_path / "corpus")
    db = tmp_path / "full.db"

    class SmallDisk(Store):
        @classmethod
        def open(cls, path: str | os.PathLike[str], readonly: bool = False) -> Store:
            store = Store.open(path, readonly)
            pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
            store.conn.execute(f"PRAGMA max_page_count = {pages + 40}")
            return store

    monkeypatch.setattr("letopis.cli.ingest.Store", SmallDisk)
    result = CliRunner().invoke(ingest_app, [str(folder), "--db", str(db)])
    assert result.exit_code == 1, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (f"letopis: error: {db}: cannot write: disk full (database or disk is"
                        " full); stopped")
    added, skipped, failed = summary_counts(result.stderr)
    assert 1 <= added < 30 and (skipped, failed) == (0, 0)
    assert check_whole(db) == added
    monkeypatch.undo()
    again = CliRunner().invoke(ingest_app, [str(folder), "--db", str(db)])
    assert again.exit_code == 0, again.stderr
    assert f"{30 - added} added, {added} already stored, 0 failed" in again.stderr
    assert check_whole(db) == 30


def test_write_error_from_the_os_stops_the_run(tmp_path: Path) -> None:
    """A real failing write(2): the file size limit (EFBIG) makes SQLite's I/O error."""
    folder = make_texts(tmp_path / "corpus")
    db = tmp_path / "io.db"
    Store.open(db).close()
    limit = db.stat().st_size + 150_000

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # SIGXFSZ: Python ignores

    done = run(ingest_command(folder, "--db", db), preexec=small_files)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"letopis: error: {db}: cannot write: disk I/O error (")
    added, _, failed = summary_counts(done.stderr)
    assert 1 <= added < 30 and failed == 0
    assert check_whole(db) == added


def _tmpfs_runs() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = ["unshare", "-m" if os.geteuid() == 0 else "-rm", "sh", "-c",
             'mount -t tmpfs -o size=64k tmpfs "$0"', "/tmp"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(not _tmpfs_runs(), reason="cannot mount a tmpfs (no mount namespace)")
def test_disk_full_on_a_real_small_tmpfs(tmp_path: Path) -> None:
    """A 512 KiB tmpfs in a private mount namespace fills up during the run."""
    folder = make_texts(tmp_path / "corpus")
    mount, out = tmp_path / "mnt", tmp_path / "out"
    mount.mkdir()
    out.mkdir()
    script = ('mount -t tmpfs -o size=512k tmpfs "$0" || exit 99; "$@"; rc=$?; '
              f'cp "$0"/s.db* {out}/; exit $rc')
    flag = "-m" if os.geteuid() == 0 else "-rm"
    done = run(["unshare", flag, "sh", "-c", script, str(mount),
                *ingest_command(folder, "--db", mount / "s.db")])
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"letopis: error: {mount / 's.db'}: cannot write: disk full")
    added, _, _ = summary_counts(done.stderr)
    assert 1 <= added < 30
    assert check_whole(out / "s.db") == added
    again = run(ingest_command(folder, "--db", out / "s.db"))
    assert again.returncode == 0, again.stderr
    assert check_whole(out / "s.db") == 30


# -- worker processes ----------------------------------------------------------------

def double_or_die(value: int) -> int:
    """Kills its own worker process for 13 (as the OOM killer would)."""
    if value == 13:
        os.kill(os.getpid(), signal.SIGKILL)
    return 2 * value


def test_a_document_that_kills_its_worker_is_lost_alone() -> None:
    with ProcessExecutor(2) as executor:
        results = list(executor.map_unordered(double_or_die, range(20), lost=lambda v: -v))
        assert executor.restarts == 2  # the pool broke; 13 broke it again alone
    assert sorted(results) == sorted([-13] + [2 * v for v in range(20) if v != 13])
    with ProcessExecutor(1) as executor, pytest.raises(WorkerError, match="died running one"):
        list(executor.map_unordered(double_or_die, [13, 1]))
    with ProcessExecutor(1) as executor, pytest.raises(WorkerError, match=r"\(3 in a row\)"):
        list(executor.map_unordered(double_or_die, [13] * 4, lost=lambda v: -v))


def test_a_chunk_whose_worker_dies_is_run_again_item_by_item() -> None:
    with ProcessExecutor(2, chunk=4) as executor:
        results = list(executor.map_unordered(double_or_die, range(30), lost=lambda v: -v))
        assert executor.restarts == 2
    assert sorted(results) == sorted([-13] + [2 * v for v in range(30) if v != 13])


def _processes() -> dict[int, tuple[str, int, int, str]]:
    """pid -> (state, parent pid, session id, command line) of every live process."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat_line = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        fields = stat_line.rsplit(")", 1)[1].split()
        found[int(entry)] = (fields[0], int(fields[1]), int(fields[3]),
                             cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


def _workers(parent: int) -> list[int]:
    """Live worker processes of ``parent`` (forked or spawned; not the resource tracker)."""
    return [pid for pid, (state, ppid, _, cmd) in _processes().items()
            if ppid == parent and state != "Z" and "resource_tracker" not in cmd]


def _alive_in_session(session: int) -> list[int]:
    return [pid for pid, (state, _, sid, _) in _processes().items()
            if sid == session and state != "Z"]


def _wait_for(check: Callable[[], object], timeout: float) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"not reached in {timeout} s")


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@needs_proc
def test_killed_worker_does_not_abort_the_run(tmp_path: Path) -> None:
    folder = make_texts(tmp_path / "corpus")
    db = tmp_path / "w.db"
    process = subprocess.Popen(ingest_command(folder, "--db", db, "--workers", "2"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        workers = _wait_for(lambda: stored(db) >= 1 and _workers(process.pid), 120)
        assert isinstance(workers, list)
        os.kill(workers[0], signal.SIGKILL)
        assert process.poll() is None  # killed mid-run
        _, err = process.communicate(timeout=180)
    finally:
        _kill_session(process)
    assert "Traceback" not in err
    assert process.returncode == 0, err
    assert "letopis: note: worker processes died 1 time(s)" in err
    assert "30 added, 0 already stored, 0 failed" in err
    assert check_whole(db) == 30


@needs_proc
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    folder = make_texts(tmp_path / "corpus")
    db = tmp_path / "p.db"
    process = subprocess.Popen(ingest_command(folder, "--db", db, "--workers", "2"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        _wait_for(lambda: stored(db) >= 1 and len(_workers(process.pid)) == 2, 120)
        children = [p for p in _alive_in_session(process.pid) if p != process.pid]
        assert len(children) >= 2  # two workers (and the resource tracker)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        started = time.monotonic()
        while _alive_in_session(process.pid) and time.monotonic() - started < 5:
            time.sleep(0.05)
        left = _alive_in_session(process.pid)
        print(f"orphans gone after {time.monotonic() - started:.2f} s")
    finally:
        _kill_session(process)
    assert left == [], f"still alive 5 s after the parent: {left}"
    assert check_whole(db) >= 1


def _kill_session(process: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
    for pid in _alive_in_session(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


# -- special files and names ---------------------------------------------------------

def test_fifos_sockets_and_devices_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("В 1956 году Хрущёв выступил в Москве.", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe.docx")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.txt"))
        started = time.monotonic()
        done = run(ingest_command(folder, "/dev/zero", "--db", tmp_path / "s.db"), timeout=60)
    assert time.monotonic() - started < 60
    assert done.returncode == 2, done.stderr
    for name, kind in (("pipe.docx", "a FIFO"), ("pipe.txt", "a FIFO"),
                       ("sock.txt", "a socket")):
        assert f"letopis: error: {folder / name}: not a regular file ({kind}); not read\n" \
            in done.stderr
    assert "letopis: error: /dev/zero: not a regular file (a character device); not read" \
        in done.stderr
    assert "1 added, 0 already stored, 4 failed" in done.stderr


def test_reading_is_capped(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^/dev/zero: not a regular file \(a character"):
        read_path("/dev/zero")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(ReadError, match=r"file too large: 100\.0 MiB \(the input limit is 100"):
        read_path(huge)
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 11)
    assert read_file(str(small), limit=11) == b"x" * 11
    with pytest.raises(ReadError, match="the input limit is 0.0 MiB"):
        read_file(str(small), limit=10)


def test_file_names_that_are_not_utf8_are_stored(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), CP1251_NAME)
    with open(odd, "w", encoding="utf-8") as handle:
        handle.write("Письмо Н. С. Хрущёва из Москвы, 1957 год.")
    (folder / "b.txt").write_text("Жуков прибыл в Ленинград в 1957 году.", encoding="utf-8")
    db = tmp_path / "n.db"
    result = CliRunner().invoke(ingest_app, [str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    name = display_name(os.path.join("archive", os.fsdecode(CP1251_NAME)))
    assert name.endswith("\\xcf\\xe8\\xf1\\xfc\\xec\\xee \\xd5\\xf0\\xf3\\xf9\\xb8\\xe2\\xe0.txt")
    with Store.open(db, readonly=True) as store:
        _, items = store.documents()
        # stored names are relative to the folder given (never an absolute path)
        assert sorted(i.source for i in items) == sorted([name, "archive/b.txt"])
        doc = next(i for i in items if i.source == name)
        assert store.document(doc.id).source == name
    again = CliRunner().invoke(ingest_app, [str(folder), "--db", str(db)])
    assert "0 added, 2 already stored, 0 failed" in again.stderr
    from fastapi.testclient import TestClient

    from letopis.web.app import create_app

    client = TestClient(create_app(db))
    assert client.get(f"/api/documents/{doc.id}").json()["source"] == name
    page = client.get(f"/documents/{doc.id}")
    assert page.status_code == 200 and "\\xcf\\xe8" in page.text


# -- read-only stores ----------------------------------------------------------------

def drop_dac() -> None:
    """In a child before exec: root loses the capabilities that bypass file modes."""
    if _LIBC is not None and os.geteuid() == 0:
        for capability in DAC_CAPABILITIES:
            _LIBC.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)


def _modes_bind(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.write_text("")
    probe.chmod(0o444)
    try:
        code = f"open({str(probe)!r}, 'a')"
        return subprocess.run([sys.executable, "-c", code], capture_output=True,
                              preexec_fn=drop_dac, timeout=60).returncode != 0
    finally:
        probe.unlink()


@pytest.fixture()
def modes_bind(tmp_path: Path) -> None:
    """Skip unless a child run with ``drop_dac`` is bound by file modes."""
    if not _modes_bind(tmp_path):
        pytest.skip("file modes do not bind here, even without DAC capabilities")


@pytest.fixture()
def small_store(tmp_path: Path, modes_bind: None) -> Path:
    """A store of two documents in its own folder (read-only checks need permissions)."""
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "corpus.db"
    texts = make_texts(tmp_path / "texts", count=2, sentences=2)
    assert CliRunner().invoke(ingest_app, [str(texts), "--db", str(db)]).exit_code == 0
    return db


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


WEB_CHECK = """
import json, sys, warnings
warnings.simplefilter("ignore")
from fastapi.testclient import TestClient
from letopis.web.app import create_app
client = TestClient(create_app(sys.argv[1]))
answers = [client.get(u) for u in ("/api/documents", "/api/search?q=записка", "/")]
print(json.dumps([[a.status_code, a.json()["total"] if "json" in a.headers["content-type"]
                   else 0] for a in answers]))
"""


def _read_only_checks(db: Path, out: Path, reason: str) -> None:
    """Ingest is refused before any input is read; export and the web app work."""
    missing = out / "missing.txt"
    refused = run(ingest_command(missing, "--db", db), preexec=drop_dac)
    assert refused.returncode == 1
    assert refused.stderr == f"letopis: error: {db}: cannot write: {reason}\n"
    exported = run([sys.executable, "-m", "letopis.cli.export", "--db", str(db), "--format",
                    "csv", "-o", str(out / "csv")], preexec=drop_dac)
    assert exported.returncode == 0, exported.stderr
    assert (out / "csv" / "documents.csv").read_text(encoding="utf-8").count("\n") >= 3
    web = run([sys.executable, "-c", WEB_CHECK, str(db)], preexec=drop_dac)
    assert web.returncode == 0, web.stderr
    assert web.stdout.strip() == "[[200, 2], [200, 2], [200, 0]]"


def test_read_only_store_file(small_store: Path, tmp_path: Path) -> None:
    small_store.chmod(0o444)
    before = _fingerprint(small_store.parent)
    _read_only_checks(small_store, tmp_path, "the store file is read-only")
    assert _fingerprint(small_store.parent)["corpus.db"] == before["corpus.db"]
    assert check_whole(small_store) == 2


def test_read_only_directory(small_store: Path, tmp_path: Path) -> None:
    folder = small_store.parent
    before = _fingerprint(folder)
    folder.chmod(0o555)
    try:
        _read_only_checks(small_store, tmp_path, f"its directory {folder} is read-only"
                          " (SQLite writes -wal and -shm files beside the store)")
        assert _fingerprint(folder) == before  # nothing written, no -shm or -wal left
    finally:
        folder.chmod(0o755)
    assert check_whole(small_store) == 2


def test_read_only_directory_with_unmerged_changes(small_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    writer = sqlite3.connect(small_store)
    try:  # a copy taken while a writer holds changes in the -wal file
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("INSERT INTO meta (key, value) VALUES ('note', 'unmerged')")
        writer.commit()
        for suffix in ("", "-wal"):
            shutil.copy(f"{small_store}{suffix}", copy / f"corpus.db{suffix}")
    finally:
        writer.close()
    assert (copy / "corpus.db-wal").stat().st_size > 0
    copy.chmod(0o555)
    try:
        done = run([sys.executable, "-m", "letopis.cli.export", "--db",
                    str(copy / "corpus.db"), "--format", "csv", "-o", str(tmp_path / "c")],
                   preexec=drop_dac)
    finally:
        copy.chmod(0o755)
    assert done.returncode == 1
    assert "its -wal file holds changes not yet merged" in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path: Path, modes_bind: None) -> None:
    folder = make_texts(tmp_path / "corpus", count=2, sentences=2)
    hidden = folder / "sub"
    hidden.mkdir()
    (hidden / "c.txt").write_text("Жуков прибыл в Ленинград.", encoding="utf-8")
    hidden.chmod(0)
    try:
        done = run(ingest_command(folder, "--db", tmp_path / "d.db"), preexec=drop_dac)
    finally:
        hidden.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert f"letopis: error: {hidden}: directory cannot be read: permission denied\n" \
        in done.stderr
    assert "2 added, 0 already stored, 1 failed" in done.stderr
