"""Relations in every corpus export: TEI listRelation, JSON-LD, GEXF/GraphML, CSV, brat.

Each evidence span an export writes is checked against the document text (the offset
invariant of ``letopis.doc.check_spans``).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from letopis.doc import Document, Entity, Relation, check_spans
from letopis.export import xml_safe
from letopis.export.brat import document_to_ann, fragments
from letopis.export.corpus import export_documents, export_store
from letopis.export.jsonld import document_annotations
from letopis.export.network import entity_graph
from letopis.export.tei import TEI_NS, documents_to_tei
from letopis.kb.facts import doc_facts, events, facts
from letopis.report.html import documents_to_html
from letopis.store import Store
from letopis.store.write import entity_id
from relation_builders import TEXT, build_relation_document
from test_export_brat import parse_ann
from test_report_html import assert_spans_exact, parse

NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# Relations whose two sides are entities (the others have a date, a profession or a crime
# outside any entity on one side).
BETWEEN_ENTITIES = {"TAKES_PLACE_IN", "ORGANIZES", "PARTICIPANT_IN", "SPOUSE", "WORKPLACE",
                    "SUBEVENT_OF", "MEMBER_OF"}


@pytest.fixture()
def docs() -> list[Document]:
    found = [build_relation_document("a.txt"),
             build_relation_document("b.txt", "🏛️ \x1b Из дневника.\n" + TEXT)]
    for doc in found:
        check_spans(doc)
    return found


def test_tei_list_relation_points_at_entities(docs: list[Document], tmp_path: Path) -> None:
    (out,) = export_documents(docs, "tei", tmp_path / "c.xml")
    root = etree.parse(str(out)).getroot()
    ids = {node.get(XML_ID) for node in root.iter()} - {None}
    for n, doc in enumerate(docs, 1):
        tei = root.find(f"t:TEI[@n='{doc.id}']", NS)
        relations = tei.findall("t:standOff/t:listRelation/t:relation", NS)
        assert [r.get("name") for r in relations] == [r.type for r in doc.relations]
        for element, rel in zip(relations, doc.relations, strict=True):
            ends = (element.get("mutual") or "").split() or [element.get("active"),
                                                               element.get("passive")]
            assert len(ends) == 2 and all(e.startswith("#") and e[1:] in ids for e in ends)
            start, end = map(int, element.get("n").split("-"))
            assert (start, end) == (rel.start, rel.end)
            desc = element.find("t:desc", NS).text
            assert desc == doc.text[start:end].replace("\x1b", "\ufffd")
        by_type = {r.get("name"): r for r in relations}
        assert by_type["SPOUSE"].get("mutual") == \
            f"#{entity_id('PERSON', 'Крупская')} #{entity_id('PERSON', 'Ленин')}"
        works = by_type["WORKS_AS"]
        assert works.get("active") == f"#{entity_id('PERSON', 'Троцкий')}"
        profession = next(m for m in doc.mentions if m.label == "PROFESSION")
        assert works.get("passive") == f"#d{n}.{profession.id}"  # no entity: the mention
        assert by_type["PARTICIPANT_IN"].get("passive") == \
            f"#{entity_id('EVENT', 'X съезд РКП(б)')}"
        assert works.get("cert") == "0.99"
    events = root.findall("t:standOff/t:listEvent/t:event", NS)
    assert {e.findtext("t:label", namespaces=NS) for e in events} == {
        "X съезд РКП(б)", "Прения о профсоюзах"}


def test_jsonld_annotates_each_relation_on_its_evidence(docs: list[Document],
                                                       tmp_path: Path) -> None:
    (out,) = export_documents(docs, "jsonld", tmp_path / "a.jsonld")
    data = json.loads(out.read_text(encoding="utf-8"))
    items = data["first"]["items"]
    assert data["total"] == len(items)
    texts = {f"urn:letopis:doc:{d.id}": d.text for d in docs}
    linking = [a for a in items if a["motivation"] == "linking"]
    assert len(linking) == sum(len(d.relations) for d in docs)
    for item in linking:
        position, quote = item["target"]["selector"]
        text = texts[item["target"]["source"]]
        assert quote["exact"] == text[position["start"]:position["end"]]
    works = next(a for a in linking if a["body"][0]["value"] == "WORKS_AS")
    values = [b.get("value") or b.get("label") for b in works["body"]]
    assert values[:3] == ["WORKS_AS", "Троцкий — должность — нарком по военным делам",
                          "score 0.99"]
    assert "head: Троцкий" in values and "tail: нарком по военным делам" in values
    tail = works["body"][-1]
    assert tail["source"].startswith("urn:letopis:doc:") and "#m" in tail["source"]


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_network_has_typed_relation_edges_beside_co_mentions(docs: list[Document],
                                                             tmp_path: Path, fmt: str) -> None:
    (out,) = export_documents(docs, fmt, tmp_path / f"n.{fmt}")
    graph = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    assert graph.is_multigraph()
    edges = [data for *_, data in graph.edges(data=True)]
    relations = [d for d in edges if d["kind"] == "relation"]
    assert {d["relation"] for d in relations} == BETWEEN_ENTITIES
    assert all(int(d["weight"]) == 2 and int(d["relations"]) == 2 for d in relations)
    n = graph.number_of_nodes()
    assert sum(d["kind"] == "co-mention" for d in edges) == n * (n - 1) // 2
    lenin, congress = entity_id("PERSON", "Ленин"), entity_id("EVENT", "X съезд РКП(б)")
    kinds = {d["kind"]: d for d in graph.get_edge_data(lenin, congress).values()}
    assert kinds["relation"]["relation"] == "PARTICIPANT_IN"
    assert kinds["relation"]["head"] == lenin and kinds["relation"]["label"] == "участвовал в"
    assert int(kinds["co-mention"]["weight"]) == 2


def test_csv_relations_table_names_both_sides(docs: list[Document], tmp_path: Path) -> None:
    export_documents(docs, "csv", tmp_path / "tables")
    with (tmp_path / "tables" / "relations.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(d.relations) for d in docs)
    texts = {d.id: d.text for d in docs}
    for row in rows:
        assert texts[row["doc"]][int(row["start"]):int(row["end"])] == row["evidence"]
    works = next(r for r in rows if r["type"] == "WORKS_AS")
    assert (works["name"], works["head_name"], works["tail_name"]) == (
        "должность", "Троцкий", "нарком по военным делам")
    assert works["head_entity"] == entity_id("PERSON", "Троцкий") and works["tail_entity"] == ""
    assert float(works["score"]) == 0.99
    date = next(r for r in rows if r["type"] == "POINT_IN_TIME")
    assert date["edtf"] == "1921-03" and date["head_label"] == "EVENT"
    with (tmp_path / "tables" / "documents.csv").open(encoding="utf-8", newline="") as handle:
        assert [r["relations"] for r in csv.DictReader(handle)] == ["10", "10"]


def test_brat_r_lines_with_score_notes(docs: list[Document]) -> None:
    doc = docs[1]
    parsed = parse_ann(document_to_ann(doc), doc.text)
    relations = {k: v for k, v in parsed.items() if k.startswith("R")}
    assert len(relations) == len(doc.relations)
    first = relations["R1"]
    assert first["type"] == "POINT_IN_TIME"
    rel = doc.relations[0]
    assert first["note"] == f"r1 score 0.9; evidence [{rel.start}:{rel.end}]"


def test_exports_from_a_store_carry_the_relations(docs: list[Document], tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Store.open(db) as store:
        for doc in docs:
            store.add(doc)
    (out,) = export_store(db, "tei", tmp_path / "c.xml")
    root = etree.parse(str(out)).getroot()
    assert len(root.findall(".//t:listRelation/t:relation", NS)) == 20


def test_text_summary_lists_every_relation_and_the_events(docs: list[Document]) -> None:
    from letopis.export.text import document_to_text_summary

    out = document_to_text_summary(docs[0])
    relations = out[out.index("\nRelations\n"):out.index("\nEvents\n")]
    assert relations.count("\n  r") == len(docs[0].relations)
    assert "  r7 WORKS_AS «должность» [118:150] 0.99: Троцкий → нарком по военным делам" \
        in relations
    assert "X съезд РКП(б) → марте 1921 года (1921-03)" in relations
    events = out[out.index("\nEvents\n"):]
    assert "  X съезд РКП(б)\n      when: марте 1921 года (дата: 1921-03)\n" \
           "      where: Москва (место)\n" \
           "      participants: РКП(б) (организатор), Ленин (участник)\n" in events


LABELS = ["PERSON", "CITY", "DATE", "EVENT", "PROFESSION"]
TYPES = ["SPOUSE", "WORKS_AS", "POINT_IN_TIME", "PARTICIPANT_IN", "TAKES_PLACE_IN",
         "SUBEVENT_OF", "KNOWS"]


def _random_document(text: str, spans: list[tuple[int, int, str, bool]],
                     links: list[tuple[int, int, str, float]]) -> Document:
    """Mentions over ``spans`` (some joined into one-mention entities) and relations
    between them, each with the stretch covering both as its evidence."""
    doc = Document(text)
    for start, length, label, named in spans:
        if start < len(text):
            m = doc.add_mention(start, min(len(text), start + length), label)
            if named and m.entity is None:
                m.entity = f"e{len(doc.entities) + 1}"
                doc.entities.append(Entity(m.entity, label, m.text, [], [m.id]))
    for i, j, rtype, score in links:
        if doc.mentions:
            h, t = doc.mentions[i % len(doc.mentions)], doc.mentions[j % len(doc.mentions)]
            doc.relations.append(Relation(f"r{len(doc.relations) + 1}", rtype, h.id, t.id,
                                          min(h.start, t.start), max(h.end, t.end), score))
    check_spans(doc)
    return doc


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="аб \n\r«»🙂\x1b", min_size=1, max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12), st.sampled_from(LABELS),
                          st.booleans()), max_size=8),
       st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.sampled_from(TYPES),
                          st.floats(0, 1)), max_size=8))
def test_random_relations_hold_in_every_view(text: str, spans: list, links: list) -> None:
    doc = _random_document(text, spans, links)
    found = doc_facts(doc)
    assert [f.relation for f in found] == [r.id for r in doc.relations]
    shown = [f for f in found if f.subject.key != f.other.key]  # a thing and itself: no fact
    symmetric = sum(f.symmetric for f in shown)
    assert sum(len(g.facts) for g in facts(doc)) == len(shown) + symmetric
    events(doc)
    assert_spans_exact(doc, parse(documents_to_html([doc])))
    tei = etree.fromstring(documents_to_tei([doc]).encode("utf-8"))
    ids = {node.get(XML_ID) for node in tei.iter()} - {None}
    for element in tei.iterfind(".//t:relation", NS):
        ends = (element.get("mutual") or "").split() or [element.get("active"),
                                                           element.get("passive")]
        assert all(end[1:] in ids for end in ends)
        start, end = map(int, element.get("n").split("-"))
        assert element.findtext("t:desc", namespaces=NS) == xml_safe(text)[start:end]
    parsed = parse_ann(document_to_ann(doc), doc.text)
    written = {m.id for m in doc.mentions if fragments(doc.text, m.start, m.end)}
    kept = [r for r in doc.relations if r.head in written and r.tail in written]
    assert sum(k.startswith("R") for k in parsed) == len(kept)  # brat: no empty T lines
    for note in document_annotations(doc, {}):
        position, quote = note["target"]["selector"]
        assert quote["exact"] == text[position["start"]:position["end"]]
    entity_graph([doc])
