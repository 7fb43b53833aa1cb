"""Tables like datasette's (issue 18, item 2) and honest date filters (item 3), over a
real SQLite store: sorting, facets with counts, filters in the URL, pages, CSV and JSON
downloads of the same filtered view; open date ranges read to the data's edge."""

from __future__ import annotations

import csv
import io

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

import letopis  # noqa: E402
from letopis.doc import check_spans  # noqa: E402
from letopis.web.app import create_app  # noqa: E402
from test_web_corpus import TEXTS, store_documents  # noqa: E402

DATED = [
    "С 1938 года Иван Петров работал в Москве. В 1956 году он уехал в Киев.",
    "Пандемия началась 29 апреля 2020 года в Москве.",
    "В апреле Анна Смирнова приехала в Ленинград.",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = tmp_path_factory.mktemp("tables") / "corpus.db"
    docs = [letopis.analyze(t, source=f"t{i}.txt") for i, t in enumerate(TEXTS + DATED, 1)]
    for doc in docs:
        check_spans(doc)
    store_documents(path, docs)
    return TestClient(create_app(path))


def _csv(client: TestClient, url: str) -> list[dict[str, str]]:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_quotations_default_to_quotations_with_a_speaker(client: TestClient) -> None:
    rows = _csv(client, "/quotes.csv")
    assert rows and all(r["kind"] == "quotation" and r["speaker"] for r in rows)
    everything = _csv(client, "/quotes.csv?kind=any")
    assert {r["kind"] for r in everything} >= {"quotation", "title"}
    assert _csv(client, "/quotes.csv?kind=quotation") == rows
    titles = _csv(client, "/quotes.csv?kind=title")
    assert titles and {r["kind"] for r in titles} == {"title"}
    page = client.get("/quotes").text
    assert 'data-facet="kind"' in page and "kind=title" in page  # a facet away


def test_json_download_keeps_filters_and_sort(client: TestClient) -> None:
    data = client.get("/entities.json?label=PERSON&sort=-mentions").json()
    assert data["filters"]["label"] == "PERSON"
    counts = [r["mentions"] for r in data["rows"]]
    assert counts == sorted(counts, reverse=True) and counts
    assert {r["label"] for r in data["rows"]} == {"PERSON"}
    names = [r["name"] for r in client.get("/entities.json?sort=name").json()["rows"]]
    assert names == sorted(names)


def test_facet_counts_add_up(client: TestClient) -> None:
    page = client.get("/entities")
    assert page.status_code == 200
    total = len(client.get("/entities.json").json()["rows"])
    persons = len(client.get("/entities.json?label=PERSON").json()["rows"])
    assert f"<small>{persons}</small>" in page.text
    assert persons < total


def test_pages_and_bad_values(client: TestClient) -> None:
    first = client.get("/entities?limit=2").text
    assert "offset=2" in first  # the next page keeps the filters in the URL
    assert client.get("/entities?sort=nope").status_code == 400
    assert client.get("/quotes.xml").status_code == 404
    assert client.get("/nope.csv").status_code == 404
    assert client.get("/documents?years=abc").status_code == 400
    assert client.get("/documents?years=1960-1950").status_code == 400


def _years(client: TestClient, years: str) -> set[str]:
    return {r["source"] for r in _csv(client, f"/documents.csv?years={years}")}


def test_open_ranges_end_at_the_data_edge(client: TestClient) -> None:
    rows = {r["source"]: r for r in _csv(client, "/documents.csv")}
    opened = rows["t4.txt"]  # «с 1938 года» and 1956: drawn 1938..1956, never 999999
    assert (opened["year_from"], opened["year_to"]) == ("1938", "1956")
    assert all("99999" not in (r["year_from"] + r["year_to"]) for r in rows.values())
    assert _years(client, "2019-2020") == {"t5.txt"}
    assert "t4.txt" in _years(client, "1940-1941")
    assert "t4.txt" not in _years(client, "1957-2030")
    assert "t6.txt" not in _years(client, "1-3000")  # XXXX-04: no year to overlap


def test_search_date_filter_overlaps(client: TestClient) -> None:
    hits = client.get("/api/search?from=2019&to=2020").json()["items"]
    assert [h["source"] for h in hits] == ["t5.txt"]
    hits = client.get("/api/search?from=1945&to=1950").json()["items"]
    assert [h["source"] for h in hits] == ["t4.txt"]
    assert hits[0]["date_hi"] == 1956
