"""The web app's response cache (issue 18, item 9): repeated answers from memory until the
store changes, per language, never errors or cookies; shared between worker processes; and
``letopis serve --workers 2`` over real uvicorn processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

import httpx  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from letopis import analyze  # noqa: E402
from letopis.store.core import Store  # noqa: E402
from letopis.web.app import create_app  # noqa: E402
from test_web_corpus import build_store, free_port  # noqa: E402

HIT = "x-letopis-cache"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    build_store(path)
    return path


def first_entity(client: TestClient) -> str:
    return client.get("/api/entities").json()["items"][0]["id"]


def test_repeated_answers_come_from_memory(db: Path) -> None:
    client = TestClient(create_app(db))
    url = f"/entities/{first_entity(client)}"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert HIT not in first.headers and second.headers[HIT] == "hit"
    assert second.text == first.text
    assert second.headers["content-type"] == first.headers["content-type"]
    head = client.head(url)
    assert head.status_code == 200 and head.headers[HIT] == "hit" and head.content == b""
    api = f"/api/entities/{first_entity(client)}"
    assert client.get(api).json() == client.get(api).json()


def test_each_language_has_its_own_answer(db: Path) -> None:
    client = TestClient(create_app(db))
    russian = client.get("/entities").text
    english = client.get("/entities", params={"lang": "en"})
    assert HIT not in english.headers and "set-cookie" in english.headers
    assert english.text != russian
    again = client.get("/entities")  # the cookie now says English: kept this time
    assert HIT not in again.headers and again.text == english.text
    assert client.get("/entities").headers[HIT] == "hit"
    client.cookies.clear()
    assert client.get("/entities").text == russian


def test_errors_are_not_kept(db: Path) -> None:
    client = TestClient(create_app(db))
    for _ in range(2):
        answer = client.get("/entities/E0")
        assert answer.status_code == 404 and HIT not in answer.headers


def test_a_write_to_the_store_empties_it(db: Path) -> None:
    client = TestClient(create_app(db))
    before = client.get("/api/documents").json()["total"]
    assert client.get("/api/documents").headers[HIT] == "hit"
    with Store.open(db) as store:
        store.add(analyze("Новый документ: Пётр Иванов приехал в Тверь в 1961 году."))
    after = client.get("/api/documents")
    assert HIT not in after.headers and after.json()["total"] == before + 1


def test_no_cache_when_asked(db: Path) -> None:
    client = TestClient(create_app(db, cache_mb=0))
    client.get("/api/documents")
    assert HIT not in client.get("/api/documents").headers


def test_workers_share_their_answers(db: Path, tmp_path: Path) -> None:
    shared = str(tmp_path / "answers.db")
    one = TestClient(create_app(db, shared_cache=shared))
    two = TestClient(create_app(db, shared_cache=shared))
    url = f"/api/entities/{first_entity(one)}"
    made = one.get(url)
    assert HIT not in made.headers
    reused = two.get(url)  # the other worker never built it
    assert reused.headers[HIT] == "hit" and reused.json() == made.json()


def test_serve_with_two_workers(db: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "letopis.cli.serve", "--db", str(db), "--port", str(port),
               "--workers", "2"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/documents", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "letopis serve --workers 2 did not start"
            time.sleep(0.2)
        answers = [httpx.get(f"{base}/api/documents", timeout=10) for _ in range(6)]
        assert all(a.status_code == 200 for a in answers)
        assert any(a.headers.get(HIT) == "hit" for a in answers[1:])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _, err = server.communicate(timeout=30)
    assert "Traceback" not in err
    assert "Started parent process" in err or "worker" in err.lower()
