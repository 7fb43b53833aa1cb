"""Exports with hostile content: control characters never make invalid XML, the entity
network has a size limit, and JSON-LD costs time linear in its output."""

from __future__ import annotations

import json
import time
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from letopis.doc import Document, Entity, check_spans
from letopis.export import ExportError, xml_safe
from letopis.export.corpus import export_documents
from letopis.export.jsonld import documents_to_jsonld
from letopis.export.network import entity_graph

# Every C0 control XML 1.0 forbids, DEL-free; a lone surrogate; the two non-characters.
BAD = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ud800\ufffe\uffff"


def hostile_document(name: str = "Иван\x1b Петров") -> Document:
    """A document whose entity name, source and text hold characters XML cannot hold."""
    text = f"{name} приехал в Москву.\x07 Он сказал: «Да\x0b»."
    doc = Document(text, "src\x1bname.txt")
    person = doc.add_mention(0, len(name), "PERSON")
    person.entity = "e1"
    doc.entities.append(Entity("e1", "PERSON", name, mentions=[person.id], wikidata="Q1\x0b"))
    city = doc.add_mention(text.index("Москву"), text.index("Москву") + 6, "CITY")
    city.entity = "e2"
    doc.entities.append(Entity("e2", "CITY", "Моск\x00ва", mentions=[city.id]))
    check_spans(doc)
    return doc


def test_xml_safe_replaces_every_forbidden_character_and_keeps_length() -> None:
    cleaned = xml_safe("a" + BAD + "б\t\n\r")
    assert cleaned == "a" + "\ufffd" * len(BAD) + "б\t\n\r"


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "tei"])
def test_xml_exports_stay_well_formed(fmt: str, tmp_path: Path) -> None:
    (out,) = export_documents([hostile_document()], fmt, tmp_path / f"out.{fmt}")
    root = etree.parse(str(out)).getroot()  # raises on invalid XML
    text = "".join(root.itertext())
    assert "\x1b" not in text and "\x00" not in text
    if fmt != "tei":
        graph = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(str(out))
        labels = sorted(data["label"] for data in graph.nodes.values())
        assert labels == sorted(["Иван\ufffd Петров", "Моск\ufffdва"])


def test_network_edge_limit_is_an_export_error() -> None:
    doc = Document(" ".join(f"Город{i}" for i in range(6)))
    for i, word in enumerate(doc.text.split()):
        start = doc.text.index(word)
        mention = doc.add_mention(start, start + len(word), "CITY")
        mention.entity = f"e{i}"
        doc.entities.append(Entity(f"e{i}", "CITY", word, mentions=[mention.id]))
    assert entity_graph([doc]).number_of_edges() == 15
    with pytest.raises(ExportError, match="more than 14 edges"):
        entity_graph([doc], max_edges=14)


def _annotated(n: int) -> Document:
    """A document of ``n`` short sentences, each word a mention."""
    text = "".join(f"Город{i} Петров{i}. " for i in range(n))
    doc = Document(text)
    pos = 0
    for i in range(n):
        for word in (f"Город{i}", f"Петров{i}"):
            start = text.index(word, pos)
            doc.add_mention(start, start + len(word), "CITY")
            pos = start + len(word)
    return doc


def test_jsonld_is_linear_in_annotations() -> None:
    small, large = _annotated(2_000), _annotated(16_000)
    timings = []
    for doc in (small, large):
        started = time.perf_counter()
        data = json.loads(documents_to_jsonld([doc]))
        timings.append(time.perf_counter() - started)
        assert data["total"] == len(data["first"]["items"]) == len(doc.mentions)
        exact = data["first"]["items"][-1]["target"]["selector"][1]["exact"]
        assert exact == doc.mentions[-1].text
    # Eight times the text and the annotations: linear is ~8x, the old cost was ~64x.
    assert timings[1] < 25 * max(timings[0], 0.01)


def test_failed_export_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "a.jsonld"
    out.write_text("old", encoding="utf-8")

    def broken(doc: Document, entities: object) -> object:
        yield {"id": "first"}
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("letopis.export.jsonld.iter_annotations", broken)
    with pytest.raises(RuntimeError):
        export_documents([_annotated(3)], "jsonld", out)
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonld"]
