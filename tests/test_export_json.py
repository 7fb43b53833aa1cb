"""JSON and JSON Lines output: exact round trips, arrays, surrogates, render()."""

from __future__ import annotations

import json

import pytest

from letopis.doc import (
    Claim,
    Cue,
    DateValue,
    Document,
    Entity,
    Quote,
    Relation,
    check_spans,
)
from letopis.errors import LetopisError, SchemaError
from letopis.export import FORMATS, ExportError, render
from letopis.export.jsonout import (
    document_to_json,
    documents_to_jsonl,
    json_to_document,
    json_to_documents,
    validate,
)

RICH_TEXT = (
    "Весной 1917 года Временное правительство России объявило амнистию. 🕊 Министр юстиции "
    "Керенский заявил: «Революция не знает мести».\nПо словам историка Милюкова, "
    "ссылавшегося на «Речь», кабинет распался летом\n1917 года."
)


def _at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def build_document(text: str = RICH_TEXT, source: str | None = "petrograd-1917.txt") -> Document:
    """A hand-built document with every kind of annotation (nested, multi-line, emoji)."""
    doc = Document(text, source)
    plan = [
        ("Весной 1917 года", "DATE", None), ("Временное правительство России", "ORGANIZATION",
                                              "e1"),
        ("России", "COUNTRY", "e2"), ("Министр юстиции", "PROFESSION", None),
        ("Керенский", "PERSON", "e3"), ("историка", "PROFESSION", None),
        ("Милюкова", "PERSON", "e4"), ("Речь", "ORGANIZATION", "e5"),
        ("кабинет", "ORGANIZATION", "e1"), ("летом\n1917 года", "DATE", None),
    ]
    for part, label, entity in plan:
        doc.add_mention(*_at(text, part), label).entity = entity
    ids = {m.text: m.id for m in doc.mentions}
    doc.entities = [
        Entity("e1", "ORGANIZATION", "Временное правительство России", ["кабинет"],
               [ids["Временное правительство России"], ids["кабинет"]]),
        Entity("e2", "COUNTRY", "Россия", ["России"], [ids["России"]]),
        Entity("e3", "PERSON", "Александр Керенский", ["Керенский"], [ids["Керенский"]]),
        Entity("e4", "PERSON", "Павел Милюков", ["Милюкова"], [ids["Милюкова"]]),
        Entity("e5", "ORGANIZATION", "Речь", [], [ids["Речь"]]),
    ]
    doc.dates = [DateValue(ids["Весной 1917 года"], "1917-21"),
                 DateValue(ids["летом\n1917 года"], "1917-22")]
    speech = "Революция не знает мести"
    doc.quotes = [
        Quote("q1", *_at(text, speech), speech, "quotation", "e3", Cue(*_at(text, "заявил"))),
        Quote("q2", *_at(text, "Речь"), "Речь", "title"),
    ]
    claim = "кабинет распался летом\n1917 года"
    doc.claims = [Claim("c1", *_at(text, claim), claim, "e4", "e5", Cue(*_at(text, "По словам")))]
    doc.relations = [
        Relation("r1", "WORKS_AS", ids["Керенский"], ids["Министр юстиции"],
                 *_span(text, "Министр юстиции", "Керенский")),
        Relation("r2", "HEADQUARTERED_IN", ids["Временное правительство России"], ids["России"],
                 *_at(text, "Временное правительство России")),
    ]
    check_spans(doc)
    return doc


def _span(text: str, first: str, last: str) -> tuple[int, int]:
    return _at(text, first)[0], _at(text, last)[1]


def test_rich_document_round_trips_exactly():
    doc = build_document()
    s = document_to_json(doc)
    back = json_to_document(s)
    check_spans(back)
    assert back == doc
    assert document_to_json(back) == s
    assert json.loads(s) == doc.to_dict()
    validate(json.loads(s))


def test_json_keeps_cyrillic_and_emoji_readable():
    s = document_to_json(build_document())
    assert "Керенский" in s and "🕊" in s
    assert "\\u" not in s
    assert s.startswith('{\n  "schema": "letopis.document/1"')


def test_one_document_is_an_object_several_an_array():
    one = render([build_document()], "json")
    assert json.loads(one)["schema"] == "letopis.document/1"
    many = render([build_document(), Document("Москва, 1147 год.")], "json")
    data = json.loads(many)
    assert isinstance(data, list) and len(data) == 2
    assert [Document.from_dict(d) for d in data][0] == build_document()
    assert json.loads(render([], "json")) == []


def test_jsonl_is_one_compact_document_per_line():
    docs = [build_document(), Document("Рим\nи Константинополь", "b.txt")]
    out = render(docs, "jsonl")
    lines = out.split("\n")
    assert lines[-1] == "" and len(lines) == 3
    assert all(": " not in line[:40] for line in lines[:2])
    assert [json_to_document(line) for line in lines[:2]] == docs
    assert documents_to_jsonl(docs) == out
    assert render([], "jsonl") == ""


def test_json_to_documents_reads_object_array_and_lines():
    docs = [build_document(), Document("Киев")]
    assert json_to_documents(render(docs[:1], "json")) == docs[:1]
    assert json_to_documents(render(docs, "json")) == docs
    assert json_to_documents(render(docs, "jsonl")) == docs
    assert json_to_documents("  \n") == []


def test_lone_surrogates_fall_back_to_ascii_escapes():
    text = "Новгород \ud800 летопись"
    doc = Document(text)
    doc.add_mention(0, 8, "CITY")
    check_spans(doc)
    s = document_to_json(doc)
    s.encode("utf-8")
    assert "\\ud800" in s
    assert json_to_document(s) == doc
    line = render([doc, Document("Псков")], "jsonl").splitlines()
    line[0].encode("utf-8")
    assert "Псков" in line[1]
    assert json_to_document(line[0]).text == text


def test_bad_input_raises_schema_error():
    with pytest.raises(SchemaError):
        json_to_document("{not json")
    with pytest.raises(SchemaError):
        json_to_document('{"schema": "other/1", "text": ""}')
    assert issubclass(SchemaError, LetopisError)


def test_render_rejects_unknown_format():
    with pytest.raises(ExportError, match="unknown format"):
        render([Document("Тверь")], "xml")
    assert set(FORMATS) == {"json", "jsonl", "html", "brat", "text"}
    assert issubclass(ExportError, LetopisError)


def test_every_format_renders_the_rich_document():
    doc = build_document()
    for fmt in FORMATS:
        out = render([doc], fmt)
        assert isinstance(out, str) and out
