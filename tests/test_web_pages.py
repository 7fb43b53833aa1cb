"""The HTML pages of ``letopis serve``: escaping, no external URL, offsets, read-only."""

from __future__ import annotations

import re
import sqlite3
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from letopis.doc import Document
from letopis.store.core import Store
from letopis.web.app import create_app
from letopis.web.deps import get_store
from test_web_corpus import EMOJI, IMG, SCRIPT, build_store

RAW = ("<script>alert", "<img src=x", "onerror=alert(1)>")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Document]]:
    path = tmp_path_factory.mktemp("pages") / "corpus.db"
    return path, build_store(path)


@pytest.fixture(scope="module")
def client(corpus: tuple[Path, list[Document]]) -> TestClient:
    return TestClient(create_app(corpus[0]), cookies={"lang": "en"})  # English words


def _urls(client: TestClient, docs: list[Document]) -> list[str]:
    entities = client.get("/api/entities", params={"limit": 500}).json()["items"]
    urls = ["/", "/entities", "/quotes", "/search", "/search?q=Петров",
            "/entities?name=кузьмин", "/nope", "/documents/nope", "/entities/nope",
            '/search?q="Петров', f"/search?q={SCRIPT}", f"/search?q={IMG}",
            f"/entities?name={SCRIPT}&label={IMG}", f"/quotes?speaker={SCRIPT}",
            f"/claims?holder={IMG}&sort=text", f"/documents?years={SCRIPT}",
            f"/relations/rows?entity={SCRIPT}&type={IMG}",
            f"/search?entity={IMG}&label={SCRIPT}&from=1950", f"/search?from={SCRIPT}",
            f"/documents/{SCRIPT}", f"/entities/{IMG}"]
    urls += [f"/documents/{d.id}" for d in docs]
    urls += [f"/entities/{e['id']}" for e in entities]
    urls += [f"/quotes?speaker={e['id']}&kind=any" for e in entities]
    urls += ["/relations", f"/relations?entity={SCRIPT}&type={IMG}"]
    urls += [f"/relations?entity={e['id']}" for e in entities]
    return urls


def test_every_page_escapes_and_stays_offline(
    client: TestClient, corpus: tuple[Path, list[Document]],
) -> None:
    for url in _urls(client, corpus[1]):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        assert "text/html" in response.headers["content-type"], url
        body = response.text
        for raw in RAW:
            assert raw not in body, (url, raw)
        assert "http://" not in body and "https://" not in body, url
        assert "default-src 'none'" in response.headers["content-security-policy"]


def test_payload_entity_is_shown_escaped(client: TestClient) -> None:
    items = client.get("/api/entities", params={"name": "кузьмин"}).json()["items"]
    planted = next(e for e in items if SCRIPT in e["name"])
    body = client.get(f"/entities/{planted['id']}").text
    assert "Кузьмин&lt;script&gt;alert(1)&lt;&#47;script&gt;" in body
    listing = client.get("/entities", params={"name": "кузьмин"}).text
    assert "Кузьмин&lt;script&gt;" in listing


def test_api_never_serves_html(client: TestClient) -> None:
    response = client.get("/api/entities", params={"name": SCRIPT})
    assert response.headers["content-type"].startswith("application/json")


def test_document_page_marks_the_mention_after_emoji(
    client: TestClient, corpus: tuple[Path, list[Document]],
) -> None:
    doc = corpus[1][0]
    assert doc.text.startswith(EMOJI)
    mention = next(m for m in doc.mentions if m.text == "Иван Петров")
    assert mention.start == len(EMOJI) + 1  # code points, not UTF-16 units
    body = client.get(f"/documents/{doc.id}").text
    marked = re.search(rf'<mark [^>]*data-m="{mention.id}"[^>]*>([^<]*)</mark>', body)
    assert marked is not None and marked.group(1) == "Иван Петров"


def test_document_links_mentions_to_corpus_entities(
    client: TestClient, corpus: tuple[Path, list[Document]],
) -> None:
    doc = corpus[1][0]
    body = client.get(f"/documents/{doc.id}").text
    people = client.get("/api/entities", params={"name": "Иван Петров"}).json()["items"]
    assert f'href="/entities/{people[0]["id"]}"' in body
    local = next(e for e in doc.entities if e.name == "Иван Петров")
    assert f'data-local="{local.id}"' in body


def test_entity_page_draws_network_and_timeline(client: TestClient) -> None:
    person = client.get("/api/entities", params={"name": "Иван Петров"}).json()["items"][0]
    body = client.get(f"/entities/{person['id']}").text
    assert '<svg class="network"' in body and body.count("<circle") >= 3
    assert '<svg class="timeline"' in body and 'class="ev"' in body
    assert "1957" in body and "Анна Смирнова" in body


def test_quotes_page_names_speakers(client: TestClient) -> None:
    body = client.get("/quotes").text
    assert "Работа будет закончена к осени" in body and "Иван Петров" in body


def test_search_page_shows_hits_and_errors(client: TestClient) -> None:
    body = client.get("/search", params={"q": "Смирнову"}).text
    assert '<mark class="hit">' in body and "doc2.txt" in body
    bad = client.get("/search", params={"q": "(Смирнова"})
    assert bad.status_code == 400 and 'class="error"' in bad.text


def test_overview_counts_and_pages(client: TestClient) -> None:
    body = client.get("/", params={"limit": 1}).text
    assert "<b>3</b> documents" in body and 'rel="next"' in body
    assert client.get("/", params={"limit": "x"}).status_code == 400


def test_static_assets_by_name_only(client: TestClient) -> None:
    assert client.get("/static/web.js").status_code == 200
    assert client.get("/static/report.css").status_code == 200
    for name in ("../app.py", "..%2Fapp.py", "templates%2Fbase.html", "app.py"):
        assert client.get(f"/static/{name}").status_code == 404


def test_connection_is_read_only(corpus: tuple[Path, list[Document]]) -> None:
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(db_path=corpus[0])))
    dependency = get_store(cast(Any, request))
    store: Store = next(dependency)
    assert store.readonly
    with pytest.raises(sqlite3.OperationalError):
        store.conn.execute("DELETE FROM documents")
    with pytest.raises(sqlite3.OperationalError):
        store.conn.execute("PRAGMA query_only = OFF")
        store.conn.execute("INSERT INTO meta VALUES ('x', 'y')")
    dependency.close()
