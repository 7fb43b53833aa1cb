"""Crash safety: ``letopis ingest`` killed with SIGKILL at random moments, then re-run.

The corpus must end complete: every file stored once, every document whole (as many
mentions as a fresh analysis), no orphan rows, one FTS row per document, entity
counters equal to the rows they count.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from letopis.pipeline import analyze
from letopis.store import Store

PEOPLE = ["Хрущёв", "Шепилов", "Молотов", "Маленков", "Булганин", "Жуков", "Микоян"]
CITIES = ["Москве", "Ленинграде", "Киеве", "Минске", "Горьком"]
DEEDS = ["выступил с докладом", "провёл совещание", "подписал постановление",
         "встретился с делегацией", "осмотрел новый завод"]


def make_corpus(folder: Path, count: int = 30) -> list[Path]:
    """``count`` short generated Russian texts, each different."""
    folder.mkdir()
    paths = []
    for i in range(count):
        person, other = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 3) % len(PEOPLE)]
        city, deed = CITIES[i % len(CITIES)], DEEDS[(i // 2) % len(DEEDS)]
        year = 1950 + i % 10
        text = (f"{i + 1} марта {year} года {person} {deed} в {city}. "
                f"На следующий день {other} обсудил итоги с товарищами.\n")
        path = folder / f"doc{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def command(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "letopis.cli.ingest", str(folder), "--db", str(db)]


def stored(db: Path) -> int:
    """How many documents the store holds now (0 before it exists)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def kill_runs(folder: Path, db: Path, total: int, kills: int, seed: int) -> None:
    """Start ingest ``kills`` times; SIGKILL it at a random point of its work.

    Each run is killed once the store holds a random number of further documents
    (possibly none: then during start-up), plus a random few milliseconds so that the
    kill may land inside a transaction.
    """
    chance = random.Random(seed)
    for left in range(kills, 0, -1):
        now = stored(db)
        target = now + chance.randint(0, max(0, (total - now - 1) // left))
        process = subprocess.Popen(
            command(folder, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while stored(db) < target and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(chance.uniform(0.0, 0.05))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


def check_corpus(paths: list[Path], db: Path) -> None:
    with Store.open(db, readonly=True) as store:
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        total, items = store.documents(limit=1000)
        assert total == len(paths)
        # stored names are relative to the folder given (never an absolute path)
        expected = sorted(f"{p.parent.name}/{p.name}" for p in paths)
        assert sorted(str(i.source) for i in items) == expected
        for path in paths:
            fresh = analyze(path.read_text(encoding="utf-8"), str(path))
            assert store.has(fresh.id)
            rows = conn.execute(
                "SELECT count(*) FROM mentions m JOIN documents d ON d.num = m.doc"
                " WHERE d.id = ?", (fresh.id,),
            ).fetchone()[0]
            assert rows == len(fresh.mentions) == len(store.document(fresh.id).mentions)
        assert conn.execute("SELECT count(*) FROM doc_fts").fetchone()[0] == total
        check_counters(conn)


def check_counters(conn: sqlite3.Connection) -> None:
    bad = conn.execute(
        "SELECT e.id FROM entities e WHERE e.n_mentions !="
        " (SELECT count(*) FROM mentions m WHERE m.entity = e.id) OR e.n_docs !="
        " (SELECT count(DISTINCT doc) FROM doc_entities x WHERE x.entity = e.id)"
    ).fetchall()
    assert bad == []
    orphans = conn.execute(
        "SELECT count(*) FROM entities e WHERE NOT EXISTS"
        " (SELECT 1 FROM doc_entities x WHERE x.entity = e.id)"
    ).fetchone()[0]
    assert orphans == 0


def kill_and_finish(tmp_path: Path, kills: int, seed: int) -> None:
    paths = make_corpus(tmp_path / "corpus")
    db = tmp_path / "corpus.db"
    kill_runs(tmp_path / "corpus", db, len(paths), kills, seed)
    done = subprocess.run(command(tmp_path / "corpus", db), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    check_corpus(paths, db)
    again = subprocess.run(command(tmp_path / "corpus", db), capture_output=True, text=True,
                           timeout=600)
    assert "0 added, 30 already stored, 0 failed" in again.stderr


def test_twenty_kills_in_a_row_lose_nothing(tmp_path: Path) -> None:
    kill_and_finish(tmp_path, kills=20, seed=1957)
