"""TEI P5 export on hand-made documents: nesting, crossing spans, lines, dates, refs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from letopis.doc import Cue, DateValue, Document, Entity, Quote, check_spans
from letopis.export.tei import TEI_NS, documents_to_tei, edtf_attributes, xml_safe
from letopis.store.write import entity_id

NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ALLOWED_URL = re.compile(r"^(http://www\.tei-c\.org/ns/1\.0|http://www\.wikidata\.org/entity/Q\d+"
                         r"|http://www\.w3\.org/XML/1998/namespace)$")


def mark(doc: Document, surface: str, label: str, nth: int = 0):
    """Add a mention over the ``nth`` occurrence of ``surface``."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(surface, start + 1)
    return doc.add_mention(start, start + len(surface), label)


def entity(doc: Document, eid: str, label: str, name: str, mentions, wikidata=None) -> Entity:
    ent = Entity(eid, label, name, mentions=[m.id for m in mentions], wikidata=wikidata)
    for m in mentions:
        m.entity = eid
    doc.entities.append(ent)
    return ent


def build() -> Document:
    text = ("В июне 1956 года Пётр Сергеевич Иванов приехал в Ленинград.\r\n"
            "Секретарь ЦК КПСС Иванов сказал: «Мы построим\nновый завод». Весной 1957 года\n")
    doc = Document(text, "letter-1.txt")
    date = mark(doc, "В июне 1956 года", "DATE")
    doc.dates.append(DateValue(date.id, "1956-06"))
    spring = mark(doc, "Весной 1957 года", "DATE")
    doc.dates.append(DateValue(spring.id, "1957-21"))
    full = mark(doc, "Пётр Сергеевич Иванов", "PERSON")
    short = mark(doc, "Иванов", "PERSON", 1)
    city = mark(doc, "Ленинград", "CITY")
    org = mark(doc, "ЦК КПСС", "ORGANIZATION")
    inner = mark(doc, "КПСС", "ORGANIZATION")
    mark(doc, "Секретарь ЦК", "PROFESSION")  # crosses «ЦК КПСС», which loses its element
    mark(doc, "Иванов", "PERSON")  # nested in the full name
    person = entity(doc, "e1", "PERSON", "Пётр Сергеевич Иванов", [full, short])
    entity(doc, "e2", "CITY", "Ленинград", [city], wikidata="Q656")
    entity(doc, "e3", "ORGANIZATION", "ЦК КПСС", [org])
    entity(doc, "e4", "ORGANIZATION", "КПСС", [inner])
    start = doc.text.index("Мы построим")
    end = doc.text.index("»")
    cue = doc.text.index("сказал")
    doc.quotes.append(Quote("q1", start, end, doc.text[start:end], "quotation", person.id,
                            Cue(cue, cue + 6)))
    check_spans(doc)
    return doc


def parse(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode("utf-8"))


def body_text(tei: etree._Element) -> str:
    body = tei.find("t:text/t:body", NS)
    assert body is not None
    return "".join(body.itertext())


def test_body_text_equals_document_text() -> None:
    doc = build()
    root = parse(documents_to_tei([doc]))
    assert root.tag == f"{{{TEI_NS}}}teiCorpus"
    (tei,) = root.findall("t:TEI", NS)
    assert body_text(tei) == doc.text
    assert len(tei.findall("t:text/t:body/t:p", NS)) == 3


def test_mention_elements_hold_the_mention_text() -> None:
    doc = build()
    tei = parse(documents_to_tei([doc])).find("t:TEI", NS)
    ids = {el.get(XML_ID): el for el in tei.iter() if el.get(XML_ID)}
    kept = 0
    for m in doc.mentions:
        el = ids.get(f"d1.{m.id}")
        if el is not None:
            kept += 1
            assert "".join(el.itertext()) == m.text
    assert kept == len(doc.mentions) - 1
    assert "d1.m6" not in ids  # ЦК КПСС crosses the earlier «Секретарь ЦК»
    assert ids["d1.m9"].getparent() is ids["d1.m3"]  # Иванов nested in the full name
    assert ids["d1.m9"].tag == ids["d1.m3"].tag == f"{{{TEI_NS}}}persName"


def test_elements_attributes_and_refs() -> None:
    doc = build()
    root = parse(documents_to_tei([doc]))
    tei = root.find("t:TEI", NS)
    person = tei.find(".//t:persName", NS)
    assert person.get("key") == entity_id("PERSON", "Пётр Сергеевич Иванов")
    place = tei.find(".//t:placeName", NS)
    assert place.get("ref") == "http://www.wikidata.org/entity/Q656"
    assert place.get("type") == "CITY"
    dates = tei.findall(".//t:date", NS)
    assert dates[0].get("when") == "1956-06"
    assert (dates[1].get("notBefore"), dates[1].get("notAfter")) == ("1957-03", "1957-05")
    listed = {el.get(XML_ID) for el in root.findall("t:standOff/t:listPerson/t:person", NS)}
    assert person.get("key") in listed
    assert root.find("t:standOff/t:listPlace/t:place/t:idno", NS).text == "Q656"


def test_quote_split_at_line_break_points_to_speaker() -> None:
    doc = build()
    tei = parse(documents_to_tei([doc])).find("t:TEI", NS)
    parts = tei.findall(".//t:q", NS)
    assert len(parts) == 2
    assert "".join("".join(p.itertext()) for p in parts) == doc.quotes[0].text.replace("\n", "")
    assert parts[0].get("next") == "#" + parts[1].get(XML_ID)
    assert parts[1].get("prev") == "#" + parts[0].get(XML_ID)
    speaker = entity_id("PERSON", "Пётр Сергеевич Иванов")
    assert {p.get("who") for p in parts} == {f"#{speaker}"}


def test_only_namespace_and_wikidata_urls() -> None:
    xml = documents_to_tei([build()])
    for url in re.findall(r"https?://[^\s\"'<>]+", xml):
        assert ALLOWED_URL.match(url), url


def test_unusual_texts_stay_well_formed() -> None:
    docs = [Document(""), Document("\n\nтекст\x07с управляющим символом\n"),
            Document("Строка без разрыва")]
    root = parse(documents_to_tei(docs))
    teis = root.findall("t:TEI", NS)
    assert [body_text(t) for t in teis] == [xml_safe(d.text) for d in docs]
    assert xml_safe("a\x07b\ud800") == "a\ufffdb\ufffd"


@pytest.mark.parametrize(("edtf", "attrs"), [
    ("1956", {"when": "1956"}),
    ("1956-06", {"when": "1956-06"}),
    ("1956-06-30", {"when": "1956-06-30"}),
    ("0988", {"when": "0988"}),
    ("193X", {"from": "1930", "to": "1939"}),
    ("19XX", {"from": "1900", "to": "1999"}),
    ("1956-21", {"notBefore": "1956-03", "notAfter": "1956-05"}),
    ("1956-24", {"notBefore": "1956-12", "notAfter": "1957-02"}),
    ("1958-33", {"notBefore": "1958-01", "notAfter": "1958-03"}),
    ("1959-41", {"notBefore": "1959-07", "notAfter": "1959-12"}),
    ("1938/..", {"from": "1938"}),
    ("../1953", {"to": "1953"}),
    ("1938/1953", {"from": "1938", "to": "1953"}),
    ("1956-08-05/1956-08-21", {"from": "1956-08-05", "to": "1956-08-21"}),
    ("1880~/1920~", {"from": "1880", "to": "1920", "cert": "medium"}),
    ("1920~", {"when": "1920", "cert": "medium"}),
    ("1920?", {"when": "1920", "cert": "low"}),
    ("189X~", {"from": "1890", "to": "1899", "cert": "medium"}),
    ("XXXX-08-05", {"when": "--08-05"}),
    ("XXXX-09", {"when": "--09"}),
    ("XXXX", {}),
    ("не дата", {}),
])
def test_edtf_to_tei_attributes(edtf: str, attrs: dict[str, str]) -> None:
    assert edtf_attributes(edtf) == {**attrs, "n": edtf}


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="аб \n\r«»", min_size=1, max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12),
                          st.sampled_from(["PERSON", "CITY", "DATE", "AWARD"])), max_size=12))
def test_random_spans_stay_well_formed(text: str, spans: list[tuple[int, int, str]]) -> None:
    doc = Document(text)
    for start, length, label in spans:
        if start < len(text):
            doc.add_mention(start, min(len(text), start + length), label)
    check_spans(doc)
    tei = parse(documents_to_tei([doc])).find("t:TEI", NS)
    assert body_text(tei) == text
    ids = {el.get(XML_ID): el for el in tei.iter() if el.get(XML_ID)}
    links = [el.get(a) for el in ids.values() for a in ("next", "prev") if el.get(a)]
    assert all(link[1:] in ids for link in links)
    for m in doc.mentions:
        el, pieces = ids.get(f"d1.{m.id}"), []
        while el is not None:  # a span cut at line breaks: follow @next
            pieces.append("".join(el.itertext()))
            el = ids.get((el.get("next") or "#")[1:])
        if pieces:
            assert "".join(pieces) == re.sub("[\r\n]", "", m.text)


def test_empty_store_exports(tmp_path) -> None:
    from letopis.export.corpus import CORPUS_FORMATS, export_store
    from letopis.store import Store

    Store.open(tmp_path / "empty.db").close()
    for fmt in CORPUS_FORMATS:
        assert export_store(tmp_path / "empty.db", fmt, tmp_path / f"out-{fmt}")
