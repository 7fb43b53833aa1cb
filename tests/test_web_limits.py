"""Cheap denial of service on ``letopis serve``, refused cheaply: long queries, huge
integers on every route that takes one, repeated parameters, and the Host header.

Every answer here is a 4xx within a second, never a 5xx (docs/web.md, "Limits").
"""

from __future__ import annotations

import asyncio
import socket
import time
import warnings
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from fastapi import FastAPI

from letopis.store import SearchError, Store
from letopis.store.query import MAX_QUERY_CHARS, MAX_QUERY_WORDS, parse_query
from letopis.store.search import MAX_ENTITIES
from letopis.web import api, listing, pages
from letopis.web.app import create_app
from letopis.web.guard import MAX_PARAMS, MAX_QUERY_STRING, MAX_REQUEST_HEAD
from test_web_corpus import build_store, serving

HUGE = [2**63, 2**64, -(2**63) - 1, 10**30]
# Every integer a route reads from the query string: page parameters and years.
INTEGERS = {
    "/api/documents": ("limit", "offset"),
    "/api/entities": ("limit", "offset"),
    "/api/entities/{entity_id}": ("limit", "offset"),
    "/api/search": ("limit", "offset", "from", "to"),
    "/api/quotes": ("limit", "offset"),
    "/api/claims": ("limit", "offset"),
    "/api/relations": ("limit", "offset"),
    "/": ("limit", "offset"),
    "/documents": ("limit", "offset"),
    "/entities": ("limit", "offset"),
    "/entities/{entity_id}": ("limit", "offset", "nmax"),
    "/quotes": ("limit", "offset"),
    "/claims": ("limit", "offset"),
    "/relations": ("limit", "offset"),
    "/relations/rows": ("limit", "offset"),
    "/search": ("limit", "offset", "from", "to"),
}
YEARS = ("from", "to")  # strings parsed by letopis.web.deps.year


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "corpus.db"
    build_store(path)
    return path


@pytest.fixture(scope="module")
def app(corpus: Path) -> FastAPI:
    return create_app(corpus)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def entity_id(corpus: Path) -> str:
    with Store.open(corpus, readonly=True) as store:
        return store.entities(limit=1)[1][0].id


def call(app: Any, path: bytes, query: bytes = b"",
         headers: list[tuple[bytes, bytes]] | None = None) -> tuple[int, dict[bytes, bytes]]:
    """One GET straight through the ASGI app (no client-side URL limits)."""
    scope = {"type": "http", "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path.decode(), "raw_path": path, "query_string": query,
             "headers": headers or [(b"host", b"testserver")], "root_path": "",
             "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1234)}
    started: dict[str, Any] = {}

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            started.update(message)

    asyncio.run(app(scope, receive, send))
    return started["status"], dict(started.get("headers", []))


def test_every_integer_parameter_is_listed() -> None:
    found: dict[str, set[str]] = {}
    for route in [*api.router.routes, *pages.router.routes, *listing.router.routes]:
        names = tuple(f.alias for f in route.dependant.query_params  # type: ignore[attr-defined]
                      if f.field_info.annotation is int or f.alias in YEARS)
        if names:
            found[route.path] = set(names)  # type: ignore[attr-defined]
    assert found == {path: set(names) for path, names in INTEGERS.items()}


@pytest.mark.parametrize("path", sorted(INTEGERS))
def test_huge_integers_are_refused_on_every_route(client: TestClient, entity_id: str,
                                                  path: str) -> None:
    url = path.replace("{entity_id}", entity_id)
    for name in INTEGERS[path]:
        for value in HUGE:
            answer = client.get(url, params={name: str(value), "q": "Петров"})
            assert answer.status_code == (422 if url.startswith("/api/") and name not in YEARS
                                          else 400), (url, name, value, answer.text)
            if url.startswith("/api/"):
                assert name in answer.json()["detail"]
        assert client.get(url, params={name: "2"}).status_code == 200


def test_a_100_kb_query_is_refused_within_a_second(app: FastAPI, corpus: Path) -> None:
    text = "Хрущёв " * 15_000  # 105,000 characters
    started = time.perf_counter()
    with Store.open(corpus, readonly=True) as store, pytest.raises(
            SearchError, match=f"query too long: 105000 characters \\(at most {MAX_QUERY_CHARS}"):
        store.search(text)
    status, _ = call(app, b"/api/search", b"q=" + quote(text).encode())
    assert status == 414
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("words", ["x ", "а "])
def test_a_100_kb_query_over_http(corpus: Path, words: str) -> None:
    """Through uvicorn as ``letopis serve`` runs it: the whole head is read, then 414."""
    target = "/api/search?q=" + quote(words * 50_000)  # 100 KB of words, 100-350 KB encoded
    with serving(corpus, h11_max_incomplete_event_size=MAX_REQUEST_HEAD) as url:
        port = int(url.rsplit(":", 1)[1])
        started = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = sock.recv(4096).split(b"\r\n", 1)[0]
        elapsed = time.perf_counter() - started
    assert head == b"HTTP/1.1 414 Request-URI Too Long"
    assert elapsed < 1.0


@pytest.mark.parametrize("query, message", [
    ("а " * 8000, "query too long: 16000 characters"),
    ("x" * (MAX_QUERY_CHARS + 1), "query too long"),
    (" ".join(["слово"] * (MAX_QUERY_WORDS + 1)), f"too many words: {MAX_QUERY_WORDS + 1}"),
    ("(" * 9 + "Петров" + ")" * 9, "parentheses deeper than 8"),
])
def test_query_limits(client: TestClient, query: str, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(SearchError, match=message):
        parse_query(query)
    answer = client.get("/api/search", params={"q": query[:5000]})
    assert answer.status_code in (400, 414)
    assert time.perf_counter() - started < 1.0
    page = client.get("/search", params={"q": query[:5000]})
    assert page.status_code in (400, 414) and len(page.text) < 20_000


def test_queries_within_the_limits_are_answered(client: TestClient) -> None:
    words = " ".join(["Петров"] * MAX_QUERY_WORDS)
    assert client.get("/api/search", params={"q": words}).status_code == 200
    nested = "(" * 8 + "Петров" + ")" * 8
    assert client.get("/api/search", params={"q": nested}).json()["total"] >= 1


def test_repeated_entity_parameters(app: FastAPI, client: TestClient, entity_id: str) -> None:
    many = "&".join(f"entity=E{i:016x}" for i in range(1200)).encode()
    started = time.perf_counter()
    status, _ = call(app, b"/api/search", many)
    assert status == 414 and time.perf_counter() - started < 1.0
    status, _ = call(app, b"/api/search", b"&".join([b"entity=" + entity_id.encode()] * 65))
    assert status == 400
    answer = client.get("/api/search", params=[("entity", entity_id)] * MAX_PARAMS)
    assert answer.status_code == 400
    assert answer.json()["detail"] == f"too many entity filters: 64 (at most {MAX_ENTITIES})"
    within = client.get("/api/search", params=[("entity", entity_id)] * MAX_ENTITIES)
    assert within.status_code == 200 and within.json()["total"] >= 1
    assert len(many) > MAX_QUERY_STRING


@pytest.mark.parametrize("path, query, location", [
    (b"/search/", b"q=x", b"/search?q=x"),
    (b"/api/documents/", b"", b"/api/documents"),
    (b"//evil.example/", b"", b"/evil.example"),
    (b"/\\evil.example/x/", b"", b"/%5Cevil.example/x"),
])
def test_trailing_slash_redirect_is_relative(app: FastAPI, path: bytes, query: bytes,
                                             location: bytes) -> None:
    status, headers = call(app, path, query, [(b"host", b"evil.example")])
    assert status == 307
    assert headers[b"location"] == location


def test_redirect_through_the_client_ignores_host(client: TestClient) -> None:
    answer = client.get("/search/?q=x", headers={"host": "evil.example"},
                        follow_redirects=False)
    assert answer.status_code == 307 and answer.headers["location"] == "/search?q=x"
