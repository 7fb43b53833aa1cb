"""Linked ids in the corpus exports: TEI @ref and idno/geo, JSON-LD sameAs, GEXF/GraphML
node attributes and the CSV entity table carry the Wikidata and GeoNames ids."""

import csv
import json
from pathlib import Path

import networkx as nx
from lxml import etree

from kb_fixtures import linked_city
from letopis.doc import Document
from letopis.export.corpus import export_documents, geonames_uri

TEI = "{http://www.tei-c.org/ns/1.0}"


def linked_doc() -> Document:
    return linked_city("Праге", "Прага", "Q1085", "3067696", [50.08804, 14.42076])


def test_geonames_uri_only_for_digits() -> None:
    assert geonames_uri("3067696") == "https://sws.geonames.org/3067696/"
    assert geonames_uri("12a") is None and geonames_uri(None) is None
    assert geonames_uri("١٢") is None  # non-ASCII digits


def test_tei_ref_idno_and_geo(tmp_path: Path) -> None:
    (out,) = export_documents([linked_doc()], "tei", tmp_path / "c.xml")
    root = etree.parse(str(out)).getroot()
    (name,) = [n for n in root.iter(f"{TEI}placeName") if n.get("ref")]
    assert name.get("ref") == ("http://www.wikidata.org/entity/Q1085 "
                               "https://sws.geonames.org/3067696/")
    (place,) = root.iter(f"{TEI}place")
    idnos = {i.get("type"): i.text for i in place.iter(f"{TEI}idno")}
    assert idnos == {"wikidata": "Q1085", "geonames": "3067696"}
    assert place.find(f"{TEI}location/{TEI}geo").text == "50.08804 14.42076"


def test_jsonld_same_as(tmp_path: Path) -> None:
    (out,) = export_documents([linked_doc()], "jsonld", tmp_path / "a.jsonld")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"][1]["sameAs"]["@id"] == "http://www.w3.org/2002/07/owl#sameAs"
    body = data["first"]["items"][0]["body"][1]
    assert body["sameAs"] == ["http://www.wikidata.org/entity/Q1085",
                              "https://sws.geonames.org/3067696/"]


def test_network_and_csv(tmp_path: Path) -> None:
    for fmt in ("graphml", "gexf"):
        (net,) = export_documents([linked_doc()], fmt, tmp_path / f"n.{fmt}")
        graph = nx.read_graphml(net) if fmt == "graphml" else nx.read_gexf(net)
        (node,) = graph.nodes.values()
        assert node["geonames"] == "3067696" and float(node["lat"]) == 50.08804
    paths = export_documents([linked_doc()], "csv", tmp_path / "csv")
    table = next(p for p in paths if p.name == "entities.csv")
    with table.open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["wikidata"], row["geonames"], row["lat"], row["lon"]) == (
        "Q1085", "3067696", "50.08804", "14.42076")
