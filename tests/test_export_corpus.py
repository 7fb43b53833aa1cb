"""Whole-corpus export from a store: TEI, JSON-LD, GEXF, GraphML, CSV, brat and the CLI."""

from __future__ import annotations

import csv
import json
from collections import Counter
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from typer.testing import CliRunner

import letopis
from letopis.cli.export import app
from letopis.doc import Document, Entity, check_spans
from letopis.export import ExportError
from letopis.export.corpus import export_documents, export_store
from letopis.export.csvout import TABLES
from letopis.export.tei import TEI_NS
from letopis.store import Store

TEXTS = [
    "Весной 1956 года Никита Хрущёв выступил в Москве на съезде КПСС.\n"
    "Позже Хрущёв сказал: «Мы должны идти вперёд». По словам Молотова, решение было "
    "принято в ЦК КПСС в 1930-е годы.",
    "Летом 1957 года Молотов и Маленков выступили против Хрущёва в Кремле. "
    "Газета «Правда» писала об этом.",
    "В марте 1961 года Юрий Гагарин вернулся в Москву, где его встретил Никита Хрущёв.",
]
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Document]]:
    """A store of three analyzed texts and the stored documents."""
    path = tmp_path_factory.mktemp("corpus") / "x.db"
    with Store.open(path) as store:
        for n, text in enumerate(TEXTS):
            doc = letopis.analyze(text)
            doc.source = f"text-{n}.txt"
            check_spans(doc)
            store.add(doc)
    with Store.open(path, readonly=True) as store:
        _, infos = store.documents(limit=10)
        docs = [store.document(info.id) for info in infos]
    for doc in docs:
        check_spans(doc)
    return path, docs


def test_tei_body_is_the_text_and_mentions_their_text(
    corpus: tuple[Path, list[Document]], tmp_path: Path,
) -> None:
    path, docs = corpus
    (out,) = export_store(path, "tei", tmp_path / "corpus.xml")
    root = etree.parse(str(out)).getroot()
    teis = root.findall(f"{{{TEI_NS}}}TEI")
    assert len(teis) == len(docs)
    placed = 0
    for n, (tei, doc) in enumerate(zip(teis, docs, strict=True), 1):
        body = tei.find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body")
        assert "".join(body.itertext()) == doc.text
        ids = {el.get(XML_ID): el for el in body.iter() if el.get(XML_ID)}
        for m in doc.mentions:
            el = ids.get(f"d{n}.{m.id}")
            if el is not None:
                placed += 1
                assert "".join(el.itertext()) == m.text
    assert placed > 10
    assert root.findall(f".//{{{TEI_NS}}}date[@notBefore]")
    assert root.findall(f".//{{{TEI_NS}}}q[@who]")


def test_jsonld_selectors_agree(corpus: tuple[Path, list[Document]], tmp_path: Path) -> None:
    path, docs = corpus
    (out,) = export_store(path, "jsonld", tmp_path / "anno.jsonld")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    expected = sum(len(d.mentions) + len(d.quotes) + len(d.claims) + len(d.relations)
                   for d in docs)
    assert data["total"] == len(items) == expected
    texts = {f"urn:letopis:doc:{d.id}": d.text for d in docs}
    purposes = Counter()
    for item in items:
        assert item["type"] == "Annotation"
        target = item["target"]
        text = texts[target["source"]]
        position, quote = target["selector"]
        assert position["type"] == "TextPositionSelector"
        exact = text[position["start"]:position["end"]]
        assert exact == quote["exact"] and exact
        assert text[:position["start"]].endswith(quote["prefix"])
        assert text[position["end"]:].startswith(quote["suffix"])
        purposes.update(body["purpose"] for body in item["body"])
    assert purposes["tagging"] and purposes["identifying"] and purposes["linking"]


def _store_edges(path: Path, docs: list[Document]) -> Counter[tuple[str, str]]:
    """Co-mention pairs of the store's corpus entities (its identity across documents)."""
    edges: Counter[tuple[str, str]] = Counter()
    with Store.open(path, readonly=True) as store:
        for doc in docs:
            present = {link.entity for link in store.entity_links(doc.id).values()}
            edges.update(combinations(sorted(present), 2))
    return edges


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_network_reads_back(
    corpus: tuple[Path, list[Document]], tmp_path: Path, fmt: str,
) -> None:
    path, docs = corpus
    (out,) = export_store(path, fmt, tmp_path / f"net.{fmt}")
    graph = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    with Store.open(path, readonly=True) as store:
        total, entities = store.entities(limit=1000)
    assert graph.number_of_nodes() == total
    for info in entities:
        node = graph.nodes[info.id]
        assert node["name"] == info.name and node["type"] == info.label
        assert int(node["mentions"]) == info.mentions
        assert int(node["documents"]) == info.documents
    edges = _store_edges(path, docs)
    kinds = [data["kind"] for *_, data in graph.edges(data=True)]
    assert kinds.count("co-mention") == len(edges)
    for (a, b), weight in edges.items():
        assert int(co_mention(graph, a, b)["weight"]) == weight
    khrushchev = next(i.id for i in entities if i.name == "Никита Хрущёв")
    with Store.open(path, readonly=True) as store:
        for co in store.cooccurring(khrushchev, limit=100):
            assert int(co_mention(graph, khrushchev, co.entity.id)["weight"]) == co.documents


def co_mention(graph: nx.Graph, a: str, b: str) -> dict:
    """The co-mention edge's data between ``a`` and ``b`` (a Graph read back when no pair
    has parallel edges, a MultiGraph when relation edges sit beside co-mention ones)."""
    data = graph.get_edge_data(a, b)
    found = list(data.values()) if graph.is_multigraph() else [data]
    return next(d for d in found if d["kind"] == "co-mention")


def test_csv_tables_read_back(corpus: tuple[Path, list[Document]], tmp_path: Path) -> None:
    path, docs = corpus
    written = export_store(path, "csv", tmp_path / "tables")
    assert [p.name for p in written] == [f"{name}.csv" for name in TABLES]
    rows = {}
    for name, header in TABLES.items():
        with (tmp_path / "tables" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        assert table[0] == header
        rows[name] = [dict(zip(header, row, strict=True)) for row in table[1:]]
    assert len(rows["documents"]) == len(docs)
    assert len(rows["mentions"]) == sum(len(d.mentions) for d in docs)
    assert len(rows["dates"]) == sum(len(d.dates) for d in docs)
    assert len(rows["quotes"]) == sum(len(d.quotes) for d in docs)
    texts = {d.id: d.text for d in docs}
    for row in rows["mentions"]:
        assert texts[row["doc"]][int(row["start"]):int(row["end"])] == row["text"]
    with Store.open(path, readonly=True) as store:
        total, _ = store.entities(limit=1)
    assert len(rows["entities"]) == total
    assert {r["year_lo"] for r in rows["dates"]} >= {"1956", "1930"}


def test_brat_directory(corpus: tuple[Path, list[Document]], tmp_path: Path) -> None:
    path, docs = corpus
    export_store(path, "brat", tmp_path / "brat")
    for n, doc in enumerate(docs):
        assert (tmp_path / "brat" / f"text-{n}.txt").read_text(encoding="utf-8") == doc.text
        assert (tmp_path / "brat" / f"text-{n}.ann").read_text(encoding="utf-8")


def test_unknown_format_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError):
        export_documents([Document("Текст.")], "docx", tmp_path / "x")


def test_cli_exports_read_only(corpus: tuple[Path, list[Document]], tmp_path: Path) -> None:
    path, _ = corpus
    before = path.read_bytes()
    out = tmp_path / "c.gexf"
    result = CliRunner().invoke(app, ["--db", str(path), "--format", "gexf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(out).number_of_nodes() > 0
    assert path.read_bytes() == before


@pytest.mark.parametrize(("db", "fmt"), [("missing.db", "tei"), (None, "docx")])
def test_cli_errors_exit_2(
    corpus: tuple[Path, list[Document]], tmp_path: Path, db: str | None, fmt: str,
) -> None:
    path = str(tmp_path / db) if db else str(corpus[0])
    result = CliRunner().invoke(app, ["--db", path, "--format", fmt, "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("letopis: error: ")
    assert not (tmp_path / "o").exists()


def test_wikidata_refs_in_jsonld_and_network(tmp_path: Path) -> None:
    doc = Document("Пётр Иванов приехал в Ленинград.")
    city = doc.add_mention(doc.text.index("Ленинград"), len(doc.text) - 1, "CITY")
    city.entity = "e1"
    doc.entities.append(Entity("e1", "CITY", "Ленинград", mentions=[city.id], wikidata="Q656"))
    check_spans(doc)
    (out,) = export_documents([doc], "jsonld", tmp_path / "a.jsonld")
    bodies = json.loads(out.read_text(encoding="utf-8"))["first"]["items"][0]["body"]
    assert {"type": "SpecificResource", "source": "http://www.wikidata.org/entity/Q656",
            "purpose": "identifying"} in bodies
    (net,) = export_documents([doc], "graphml", tmp_path / "a.graphml")
    (node,) = nx.read_graphml(net).nodes.values()
    assert node["wikidata"] == "Q656" and node["label"] == "Ленинград"
