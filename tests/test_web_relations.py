"""Relations in ``letopis serve``: the API, the relations browser, the entity facts panel."""

from __future__ import annotations

import re
import sqlite3
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from letopis.doc import Document  # noqa: E402
from letopis.store.write import entity_id  # noqa: E402
from letopis.web.app import create_app  # noqa: E402
from relation_builders import TEXT, build_relation_document  # noqa: E402
from test_web_corpus import store_documents  # noqa: E402

SCRIPT = "<script>alert(1)</script>"
LENIN = entity_id("PERSON", "Ленин")
TROTSKY = entity_id("PERSON", "Троцкий")


def relation_corpus() -> list[Document]:
    """Two documents with the same ten relations, and one naming a hostile entity."""
    docs = [build_relation_document("a.txt"),
            build_relation_document("b.txt", "Из дневника. " + TEXT),
            build_relation_document("c.txt", f"{SCRIPT} " + TEXT)]
    hostile = docs[2]
    next(e for e in hostile.entities if e.id == "e6").name = SCRIPT
    return docs


def fill_store(path: Path) -> list[Document]:
    """A new store at ``path`` holding ``relation_corpus()``."""
    return store_documents(path, relation_corpus())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Document]]:
    path = tmp_path_factory.mktemp("relations") / "corpus.db"
    return path, fill_store(path)


@pytest.fixture(scope="module")
def client(corpus: tuple[Path, list[Document]]) -> TestClient:
    return TestClient(create_app(corpus[0]), cookies={"lang": "en"})  # English words


def test_api_lists_groups_with_exact_evidence(client: TestClient,
                                              corpus: tuple[Path, list[Document]]) -> None:
    texts = {d.id: d.text for d in corpus[1]}
    page = client.get("/api/relations", params={"limit": 500}).json()
    assert page["total"] == 11  # WORKPLACE to «Наркомпрос» and to the renamed entity
    for item in page["items"]:
        assert set(item) >= {"type", "name", "head", "tail", "documents", "evidence"}
        for passage in item["evidence"]:
            assert texts[passage["doc"]][passage["start"]:passage["end"]] == passage["text"]
    works = client.get("/api/relations", params={"type": "WORKS_AS"}).json()
    [item] = works["items"]
    assert item["name"] == "должность" and item["documents"] == 3
    assert item["head"]["entity"] == TROTSKY and item["tail"]["name"] == "нарком по военным делам"


def test_api_filters_by_entity_and_pages(client: TestClient) -> None:
    lenin = client.get("/api/relations", params={"entity": LENIN}).json()
    assert lenin["total"] == 3
    assert {i["type"] for i in lenin["items"]} == {"PARTICIPANT_IN", "MEMBER_OF", "SPOUSE"}
    first = client.get("/api/relations", params={"limit": 4}).json()
    second = client.get("/api/relations", params={"limit": 4, "offset": 4}).json()
    assert first["total"] == second["total"] == 11 and len(second["items"]) == 4
    assert {(i["type"], i["head"]["key"]) for i in first["items"]}.isdisjoint(
        {(i["type"], i["head"]["key"]) for i in second["items"]})
    assert client.get("/api/relations", params={"limit": 0}).status_code == 422
    wrong = client.get("/api/relations", params={"type": "NOPE"})
    assert wrong.status_code == 400
    assert wrong.json() == {"detail": "type: not a NEREL relation type: 'NOPE'"}
    assert client.get("/relations", params={"type": "NOPE"}).status_code == 400
    assert client.get("/api/relations", params={"type": " "}).json()["total"] == 11


def test_entity_page_has_facts_linking_to_the_exact_passage(
        client: TestClient, corpus: tuple[Path, list[Document]]) -> None:
    body = client.get(f"/entities/{LENIN}").text
    panel = body[body.index('class="facts-panel"'):body.index("timeline-panel")]
    assert "<h2>Facts <small>3</small></h2>" in panel
    for name in ("участвовал в", "состоит в", "супруг(а)"):
        assert name in panel
    doc = corpus[1][0]
    rel = next(r for r in doc.relations if r.type == "PARTICIPANT_IN")
    assert f'href="/documents/{doc.id}#{rel.id}"' in panel
    assert '<mark class="hit">Ленин</mark>' in panel  # the mentions marked in the passage
    # Seen from the congress, the participation reads the other way round.
    congress = client.get(f"/entities/{entity_id('EVENT', 'X съезд РКП(б)')}").text
    assert "участник" in congress and "организатор" in congress and "1921-03" in congress


def test_relations_page_filters_pages_and_escapes(client: TestClient) -> None:
    body = client.get("/relations", params={"type": "SPOUSE"}).text
    assert body.count('<tr data-type="SPOUSE">') == 1 and "супруг(а)" in body
    assert "<option value=\"SPOUSE\" selected>SPOUSE (3)</option>" in body
    body = client.get("/relations", params={"entity": TROTSKY}).text
    assert re.findall(r'<tr data-type="(\w+)">', body) == ["WORKS_AS", "CONVICTED_OF"]
    assert "Only those of" in body and "Троцкий" in body
    body = client.get("/relations", params={"limit": 5}).text
    assert 'rel="next"' in body and "1–5 of 11" in body
    everything = client.get("/relations", params={"limit": 500}).text
    assert "<script>alert" not in everything and "&lt;script&gt;alert" in everything


def test_overview_counts_relations_and_documents_show_facts(
        client: TestClient, corpus: tuple[Path, list[Document]]) -> None:
    assert "<li><b>30</b> relations</li>" in client.get("/").text
    doc = corpus[1][1]
    body = client.get(f"/documents/{doc.id}").text
    assert "<h3>Facts <small>10</small></h3>" in body and 'data-r="r1"' in body
    assert "<script>alert" not in client.get(f"/documents/{corpus[1][2].id}").text


def test_a_store_written_before_relations_is_served(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    fill_store(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP VIEW relation_pairs")
        conn.execute("DROP TABLE relations")
    conn.close()
    old = TestClient(create_app(path), cookies={"lang": "en"})
    assert old.get("/api/relations").json()["total"] == 0
    assert "no relations" in old.get("/relations").text
    assert "no relations" in old.get(f"/entities/{LENIN}").text
    assert "<li><b>0</b> relations</li>" in old.get("/").text
