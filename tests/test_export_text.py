"""The plain-text summary: entities with counts, dates, quotations, claims, relations."""

from __future__ import annotations

import letopis
from letopis.doc import Document, check_spans
from letopis.export import render
from letopis.export.text import document_to_text_summary, short

try:
    from test_export_json import build_document
except ImportError:  # tests collected as a package
    from tests.test_export_json import build_document


def test_summary_lists_every_layer():
    doc = build_document()
    out = document_to_text_summary(doc)
    assert out.startswith(f"Document {doc.id[:16]} (petrograd-1917.txt)")
    assert "10 mentions, 5 entities, 2 dates, 2 quotations, 1 claim, 2 relations" in out
    assert "  ORGANIZATION (3 mentions)" in out
    assert "    Временное правительство России  ×2  [кабинет]" in out
    assert "    Александр Керенский  ×1  [Керенский]" in out
    assert "историка  ×1  (not clustered)" in out
    assert "1917-21" in out and "«Весной 1917 года»" in out
    assert "1917-22" in out and "«летом 1917 года»" in out
    assert "speaker: Александр Керенский; cue «заявил»" in out
    assert "«Революция не знает мести»" in out
    assert "holder: Павел Милюков; source: Речь; cue «По словам»" in out
    assert "r1 WORKS_AS «должность» [69:94] 1.00: Александр Керенский → Министр юстиции" in out


def test_summary_sections_follow_text_order_and_stay_on_one_line():
    doc = build_document()
    out = document_to_text_summary(doc)
    assert out.index("Entities") < out.index("Dates") < out.index("Quotations")
    assert out.index("Quotations") < out.index("Claims") < out.index("Relations")
    assert "летом\n1917" not in out
    assert out.index("1917-21") < out.index("1917-22")


def test_empty_document_and_several_documents():
    out = document_to_text_summary(Document(""))
    assert "0 mentions" in out and "Entities" not in out
    both = render([build_document(), Document("Вологда")], "text")
    assert both.count("Document ") == 2 and "=" * 72 in both


def test_short_flattens_and_cuts():
    assert short("а\nб   в") == "а б в"
    assert short("слово " * 50, 20).endswith("…") and len(short("слово " * 50, 20)) <= 20
    assert short("\ud800x") == "\ufffdx"


def test_summary_of_analyzed_text():
    text = "В 1480 году Иван Третий отказался платить дань Орде. Москва стала независимой."
    doc = letopis.analyze(text)
    check_spans(doc)
    out = render([doc], "text")
    assert f"{len(doc.mentions)} mention" in out
    for m in doc.mentions:
        if m.entity is None and all(d.mention != m.id for d in doc.dates):
            assert short(m.text, 60) in out
