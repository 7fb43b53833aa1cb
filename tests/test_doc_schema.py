"""The JSON Schema of letopis.document/1 matches the data model and docs/schema.md."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest

import letopis
from letopis.doc import (
    LABELS,
    QUOTE_KINDS,
    RELATION_TYPES,
    SCHEMA,
    SYMMETRIC_RELATIONS,
    Document,
    Meta,
    Phrase,
    check_spans,
)
from letopis.errors import SchemaError, SpanError
from letopis.export.jsonout import document_to_json, json_to_document, load_schema, validate

try:
    from test_export_json import build_document
except ImportError:  # tests collected as a package
    from tests.test_export_json import build_document

DOCS = Path(__file__).resolve().parents[1] / "docs" / "schema.md"


def docs_example() -> dict:
    """The JSON block under '## Example' in docs/schema.md."""
    page = DOCS.read_text(encoding="utf-8")
    section = page[page.index("## Example"):]
    match = re.search(r"```json\n(.*?)\n```", section, re.DOTALL)
    assert match, "docs/schema.md has no JSON example"
    return json.loads(match.group(1))


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"]["const"] == SCHEMA


def test_schema_vocabularies_equal_the_data_model():
    defs = load_schema()["$defs"]
    assert tuple(defs["label"]["enum"]) == LABELS
    assert tuple(defs["relationType"]["enum"]) == RELATION_TYPES
    assert tuple(defs["quoteKind"]["enum"]) == QUOTE_KINDS


# Additive optional fields: written only when they carry something (docs/schema.md).
OPTIONAL = {"document": {"meta"}, "date": {"calendar", "original", "inferred"},
            "quote": {"speaker_span"}, "claim": {"holder_span"},
            "entity": {"geonames", "coords"}}
# Always written, but optional when read: files written before the field existed.
READ_OPTIONAL = {"relation": {"score"}}


def test_schema_fields_equal_to_dict_keys():
    schema = load_schema()
    data = build_document().to_dict()
    optional = OPTIONAL["document"]
    assert set(schema["required"]) == set(data) == set(schema["properties"]) - optional
    defs = schema["$defs"]
    for key, name in (("mentions", "mention"), ("entities", "entity"), ("quotes", "quote"),
                      ("claims", "claim"), ("relations", "relation"), ("dates", "date")):
        optional = OPTIONAL.get(name, set())
        late = READ_OPTIONAL.get(name, set())
        assert (set(defs[name]["required"]) | late == set(data[key][0])
                == set(defs[name]["properties"]) - optional)


def test_optional_fields_validate_and_round_trip():
    doc = build_document()
    doc.meta = Meta(title="Письмо", author="Н. Петров", date="1922-12-23",
                    orthography="prereform", calendar="julian")
    doc.dates[0].calendar, doc.dates[0].original = "julian", doc.dates[0].edtf
    doc.dates[0].inferred = "year"
    quote, claim = doc.quotes[0], doc.claims[0]
    quote.speaker_span = Phrase(quote.start, quote.end, quote.text)
    claim.holder_span = Phrase(claim.start, claim.end, claim.text)
    doc.entities[0].geonames, doc.entities[0].coords = "524901", [55.75222, 37.61556]
    data = doc.to_dict()
    validate(data)
    assert data["entities"][0]["coords"] == [55.75222, 37.61556]
    assert data["meta"]["author"] == "Н. Петров"
    assert Document.from_dict(data) == doc
    assert json_to_document(document_to_json(doc)) == doc


def test_docs_example_validates_and_round_trips():
    data = docs_example()
    validate(data)
    doc = Document.from_dict(data)
    check_spans(doc)
    assert doc.to_dict() == data
    assert json_to_document(document_to_json(doc)) == doc
    assert doc.id == letopis.Document(doc.text).id


def test_docs_mention_every_field_and_label():
    page = DOCS.read_text(encoding="utf-8")
    for label in LABELS + RELATION_TYPES:
        assert f"`{label}`" in page
    defs = load_schema()["$defs"]
    for name in ("mention", "entity", "date", "quote", "claim", "relation"):
        for field in defs[name]["properties"]:
            assert f"`{field}`" in page, field
    assert "Array.from" in page and "codePointAt" in page


def test_hand_built_document_validates():
    validate(build_document().to_dict())
    validate(build_document())


def _broken(change) -> dict:
    data = copy.deepcopy(build_document().to_dict())
    change(data)
    return data


@pytest.mark.parametrize("change", [
    lambda d: d.update(extra=1),
    lambda d: d.update(schema="letopis.document/2"),
    lambda d: d.update(id="abc"),
    lambda d: d.pop("claims"),
    lambda d: d["mentions"][0].update(label="PERSONA"),
    lambda d: d["mentions"][0].update(id="x1"),
    lambda d: d["mentions"][0].update(start=-1),
    lambda d: d["mentions"][0].update(text=""),
    lambda d: d["mentions"][0].update(entity="m1"),
    lambda d: d["mentions"][0].update(colour="red"),
    lambda d: d["entities"][0].update(wikidata="1394"),
    lambda d: d["entities"][0].update(mentions=["e1"]),
    lambda d: d["dates"][0].update(edtf=""),
    lambda d: d["quotes"][0].update(kind="speech"),
    lambda d: d["quotes"][0].update(cue={"start": 1}),
    lambda d: d["quotes"][0].update(cue={"start": 1, "end": 2, "x": 3}),
    lambda d: d["claims"][0].update(holder="Милюков"),
    lambda d: d["relations"][0].update(type="WORKS_FOR"),
    lambda d: d["relations"][0].update(start=1.5),
    lambda d: d["relations"][0].update(score=1.5),
    lambda d: d["relations"][0].update(score="high"),
])
def test_schema_rejects_broken_objects(change):
    with pytest.raises(SchemaError, match="letopis.document/1"):
        validate(_broken(change))


def test_schema_error_message_is_short():
    data = build_document().to_dict()
    data["text"] = 5
    with pytest.raises(SchemaError) as info:
        validate(data)
    assert len(str(info.value)) < 300 and "text" in str(info.value)


def test_analyze_output_validates():
    text = ("Осенью 1825 года в Таганроге умер император Александр Первый. По словам "
            "Карамзина, «история народа принадлежит царю». Декабристы вышли на Сенатскую "
            "площадь 14 декабря 1825 года.")
    doc = letopis.analyze(text, "dekabristy.txt")
    check_spans(doc)
    validate(doc.to_dict())
    back = json_to_document(document_to_json(doc))
    assert back == doc and back.to_dict() == doc.to_dict()


def test_relation_without_score_reads_as_one():
    """A letopis.document/1 file written before ``score`` existed still validates and reads."""
    data = build_document().to_dict()
    for rel in data["relations"]:
        del rel["score"]
    validate(data)
    doc = Document.from_dict(data)
    assert [r.score for r in doc.relations] == [1.0] * len(data["relations"])
    assert all("score" in r for r in doc.to_dict()["relations"])


def test_relation_score_round_trips():
    doc = build_document()
    doc.relations[0].score = 0.625
    back = json_to_document(document_to_json(doc))
    assert back.relations[0].score == 0.625 and back == doc


def test_check_spans_covers_relation_evidence_and_type():
    doc = build_document()
    doc.relations[0].end = len(doc.text) + 1
    with pytest.raises(SpanError, match="relation r1"):
        check_spans(doc)
    doc = build_document()
    doc.relations[0].type = "WORKS_FOR"
    with pytest.raises(SpanError, match="unknown type"):
        check_spans(doc)
    for score in (float("nan"), 1.5, -0.1):
        doc = build_document()
        doc.relations[0].score = score
        with pytest.raises(SpanError, match="outside 0..1"):
            check_spans(doc)


def test_symmetric_relations_are_nerel_types():
    assert {"SPOUSE", "SIBLING", "KNOWS", "RELATIVE", "ALTERNATIVE_NAME"} == SYMMETRIC_RELATIONS
    assert set(RELATION_TYPES) >= SYMMETRIC_RELATIONS
