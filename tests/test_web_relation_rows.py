"""Relations as a table (issue 18, item 2): every relation one row at /relations/rows,
sorted, faceted by type and side labels, filtered by entity, downloaded as CSV/JSON."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from letopis.web.app import create_app  # noqa: E402
from test_web_relations import LENIN, fill_store  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = tmp_path_factory.mktemp("rows") / "corpus.db"
    fill_store(path)
    return TestClient(create_app(path))


def test_rows_facets_and_download(client: TestClient) -> None:
    page = client.get("/relations/rows")
    assert page.status_code == 200 and 'data-facet="type"' in page.text
    rows = list(csv.DictReader(io.StringIO(client.get("/relations.csv").text)))
    assert rows and all(r["id"].startswith("r") for r in rows)
    assert f'href="/documents/{rows[0]["doc"]}#{rows[0]["id"]}"' in page.text  # deep link
    dated = next(r for r in rows if r["edtf"] and not r["tail"])  # a date outside entities
    assert f'</i>{dated["tail_name"]}</span>' in client.get(
        f'/relations/rows?doc={dated["doc"]}&limit=500').text  # named, not a dash
    kind = rows[0]["type"]
    only = list(csv.DictReader(io.StringIO(client.get(f"/relations.csv?type={kind}").text)))
    assert only and {r["type"] for r in only} == {kind}
    assert len(only) == sum(r["type"] == kind for r in rows)


def test_rows_by_entity_and_sorted(client: TestClient) -> None:
    data = client.get(f"/relations.json?entity={LENIN}&sort=-score").json()["rows"]
    assert data and all(LENIN in (r["head"], r["tail"]) for r in data)
    scores = [r["score"] for r in data]
    assert scores == sorted(scores, reverse=True)
    grouped = client.get(f"/relations?entity={LENIN}").text
    assert f"/relations/rows?entity={LENIN}" in grouped and "/relations.csv" in grouped


def test_a_store_without_relations_gives_empty_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    fill_store(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP VIEW relation_pairs")
        conn.execute("DROP TABLE relations")
    conn.close()
    old = TestClient(create_app(path))
    assert old.get("/relations/rows").status_code == 200
    assert old.get("/relations.json").json()["rows"] == []
