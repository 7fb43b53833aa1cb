"""The model NER stage: merging the model's spans with the rule stages' mentions."""

from __future__ import annotations

import pytest

import letopis
from letopis.doc import DateValue, Document, check_spans
from letopis.extract import ner
from letopis.extract.dates import tag_dates
from letopis.morph import tag_morph
from letopis.segment import segment

TEXT = "Академик Андрей Сахаров выступил на Съезде народных депутатов СССР 9 июня 1989 года."


def prepared(text: str = TEXT) -> Document:
    return tag_morph(segment(Document(text)))


def span(doc: Document, words: str, label: str, p: float = 0.9) -> tuple[int, int, str, float]:
    start = doc.text.index(words)
    return start, start + len(words), label, p


def labels_by_span(doc: Document) -> dict[tuple[int, int], list[str]]:
    out: dict[tuple[int, int], list[str]] = {}
    for m in doc.mentions:
        out.setdefault((m.start, m.end), []).append(m.label)
    return out


def test_model_spans_are_real_token_spans():
    doc = prepared()
    found = ner.model_spans(doc)
    assert found
    starts = {t.start for t in doc.tokens}
    ends = {t.end for t in doc.tokens}
    assert all(s in starts and e in ends and 0.0 < p <= 1.0 for s, e, _, p in found)
    assert ("Андрей Сахаров", "PERSON") in {(doc.text[s:e], lab) for s, e, lab, _ in found}


def test_rule_date_keeps_its_span_and_value(monkeypatch):
    doc = tag_dates(prepared())
    rule = {(m.start, m.end) for m in doc.mentions if m.label == "DATE"}
    values = list(doc.dates)
    assert rule and values
    wider = span(doc, "9 июня 1989 года.", "DATE")
    monkeypatch.setattr(ner, "model_spans", lambda d, model="fast": [wider])
    ner.tag_model_ner(doc)
    check_spans(doc)
    assert {(m.start, m.end) for m in doc.mentions if m.label == "DATE"} == rule
    assert doc.dates == values


def test_an_existing_span_is_not_relabelled(monkeypatch):
    doc = prepared()
    doc.add_mention(*span(doc, "СССР", "COUNTRY")[:3])
    found = [span(doc, "СССР", "LOCATION"), span(doc, "Андрей Сахаров", "PERSON")]
    monkeypatch.setattr(ner, "model_spans", lambda d, model="fast": found)
    ner.tag_model_ner(doc)
    check_spans(doc)
    assert [m.label for m in doc.mentions] == ["COUNTRY", "PERSON"]


def test_nested_persons_keep_the_more_probable():
    doc = prepared()
    spans = [span(doc, "Андрей Сахаров", "PERSON", 0.95), span(doc, "Андрей", "PERSON", 0.6),
             span(doc, "Съезде народных депутатов СССР", "EVENT"),
             span(doc, "СССР", "COUNTRY")]
    kept = ner._unnest(spans, ner.NO_NESTING)
    assert sorted(doc.text[s:e] for s, e, _, _ in kept) == [
        "Андрей Сахаров", "СССР", "Съезде народных депутатов СССР"]
    spans[1] = span(doc, "Андрей", "PERSON", 0.99)
    assert [doc.text[s:e] for s, e, lab, _ in ner._unnest(spans, ner.NO_NESTING)
            if lab == "PERSON"] == ["Андрей"]


def test_one_label_per_span_keeps_the_first():
    doc = Document("В Киеве открылся съезд.")
    first = doc.add_mention(2, 7, "CITY")
    second = doc.add_mention(2, 7, "EVENT")
    doc.dates.append(DateValue(second.id, "1990"))
    ner.one_label_per_span(doc)
    check_spans(doc)
    assert doc.mentions == [first] and doc.dates == []


def test_pipeline_gives_each_span_one_label():
    more = " Позже он работал в Физическом институте имени Лебедева в Москве."
    doc = letopis.analyze(TEXT + more)
    check_spans(doc)
    assert all(len(v) == 1 for v in labels_by_span(doc).values())
    persons = [m.text for m in doc.mentions if m.label == "PERSON"]
    assert "Андрей Сахаров" in persons
    dated = {doc.mention(d.mention).text: d.edtf for d in doc.dates}
    assert dated.get("9 июня 1989 года") == "1989-06-09"


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_blank_text(text):
    doc = ner.tag_model_ner(prepared(text))
    check_spans(doc)
    assert doc.mentions == []
