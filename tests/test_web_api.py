"""The JSON API of ``letopis serve``: shapes, paging, errors, method and body limits."""

from __future__ import annotations

import asyncio
import socket
import warnings
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from letopis.doc import Document
from letopis.web.app import create_app
from letopis.web.guard import Guard
from test_web_corpus import SCRIPT, build_store, serving


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Document]]:
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    return path, build_store(path)


@pytest.fixture(scope="module")
def client(corpus: tuple[Path, list[Document]]) -> TestClient:
    return TestClient(create_app(corpus[0]))


def test_documents_shape_and_paging(client: TestClient,
                                    corpus: tuple[Path, list[Document]]) -> None:
    data = client.get("/api/documents").json()
    assert data["total"] == 3 and [d["id"] for d in data["items"]] == [d.id for d in corpus[1]]
    assert {"id", "source", "chars", "mentions"} <= set(data["items"][0])
    page = client.get("/api/documents?limit=1&offset=1").json()
    assert page["total"] == 3 and [d["id"] for d in page["items"]] == [corpus[1][1].id]
    assert client.get("/api/documents?limit=0").status_code == 422


def test_document_is_letopis_document(client: TestClient,
                                      corpus: tuple[Path, list[Document]]) -> None:
    doc = corpus[1][0]
    data = client.get(f"/api/documents/{doc.id}").json()
    assert data["id"] == doc.id and data["text"] == doc.text
    assert Document.from_dict(data).to_dict() == doc.to_dict()


def test_entities_filter_and_entity(client: TestClient) -> None:
    data = client.get("/api/entities", params={"name": "петров", "label": "PERSON"}).json()
    assert data["total"] >= 1
    first = data["items"][0]
    assert {"id", "name", "label"} <= set(first) and "Петров" in first["name"]
    view = client.get(f"/api/entities/{first['id']}").json()
    assert view["id"] == first["id"] and view["contexts"]
    assert all(c["text"] for c in view["contexts"])
    assert view["cooccurring"] and view["dated"]
    one = client.get("/api/entities", params={"limit": 1, "offset": 1}).json()
    assert len(one["items"]) == 1 and one["total"] > 1


def test_search_and_filters(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "Смирновой"}).json()
    assert data["total"] == 2 and all("snippet" in hit for hit in data["items"])
    dated = client.get("/api/search", params={"q": "Смирнова", "from": 1961}).json()
    assert dated["total"] == 1
    xss = client.get("/api/search", params={"q": SCRIPT})
    assert xss.status_code in (200, 400)


@pytest.mark.parametrize("query", ['"Петров', "Петров OR", "(Петров", "OR"])
def test_malformed_search_is_400_with_message(client: TestClient, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_bad_year_is_400(client: TestClient) -> None:
    response = client.get("/api/search", params={"from": "давно"})
    assert response.status_code == 400 and "from" in response.json()["detail"]


def test_quotes_and_claims(client: TestClient) -> None:
    quotes = client.get("/api/quotes").json()
    assert quotes["total"] >= 1 and {"speaker", "text", "doc"} <= set(quotes["items"][0])
    claims = client.get("/api/claims").json()
    assert claims["total"] >= 1 and {"holder", "cited"} <= set(claims["items"][0])


@pytest.mark.parametrize("url", ["/api/documents/nope", "/api/entities/Enope"])
def test_unknown_ids_are_404(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404 and response.json()["detail"]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_writes_are_405(client: TestClient, method: str) -> None:
    for url in ("/api/documents", "/", "/api/search"):
        response = client.request(method, url, content=b"{}")
        assert response.status_code == 405
        assert "GET" in response.headers["allow"]


def test_head_is_served(client: TestClient) -> None:
    response = client.head("/api/documents")
    assert response.status_code == 200 and response.content == b""


def test_big_body_is_413(client: TestClient) -> None:
    response = client.post("/api/documents", content=b"x" * (2 << 20))
    assert response.status_code == 413


def _call(guard: Guard, scope: dict[str, Any], chunks: list[bytes]) -> tuple[int, int]:
    sent: list[MutableMapping[str, Any]] = []
    reads = 0

    async def receive() -> MutableMapping[str, Any]:
        nonlocal reads
        reads += 1
        body = chunks[reads - 1] if reads <= len(chunks) else b""
        return {"type": "http.request", "body": body, "more_body": reads < len(chunks)}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    return sent[0]["status"], reads


def test_guard_refuses_by_length_without_reading() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the app must not run")

    scope = {"type": "http", "method": "POST", "path": "/",
             "headers": [(b"content-length", str(200 << 20).encode())]}
    assert _call(Guard(app), scope, []) == (413, 0)


def test_guard_counts_a_streamed_body() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass

    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    status, reads = _call(Guard(app, max_body=1000), scope, [b"x" * 600] * 5)
    assert status == 413 and reads == 2


def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/documents", "/api/documents/{doc_id}", "/api/entities",
            "/api/entities/{entity_id}", "/api/search"} <= set(spec["paths"])
    assert all(set(ops) == {"get"} for ops in spec["paths"].values())
    page = client.get("/docs")  # Swagger UI from an installed package, no CDN
    assert page.status_code == 200 and "http" not in page.text.split("<body>", 1)[1]
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs/assets/nope.js").status_code == 404


def test_live_server_refuses_a_huge_body_unread(corpus: tuple[Path, list[Document]]) -> None:
    pytest.importorskip("uvicorn")
    with serving(corpus[0]) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"POST /api/documents HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: application/json\r\n"
                         b"Content-Length: 209715200\r\n\r\n")
            answer = sock.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413")
