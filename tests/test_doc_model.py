"""The data model: ids, the offset invariant helper and the JSON round trip."""

import hashlib
import json

import pytest

from letopis.doc import (
    LABELS,
    RELATION_TYPES,
    Claim,
    Cue,
    DateValue,
    Document,
    Entity,
    Quote,
    Relation,
    check_spans,
    next_id,
)
from letopis.errors import LetopisError, SchemaError, SpanError

TEXT = "В 1956 году Н. С. Хрущёв сказал: «Так жить нельзя»."


def build() -> Document:
    doc = Document(TEXT, source="x.txt")
    date = doc.add_mention(0, 11, "DATE")
    person = doc.add_mention(12, 24, "PERSON")
    doc.entities.append(Entity("e1", "PERSON", "Хрущёв Н. С.", ["Н. С. Хрущёв"], [person.id]))
    person.entity = "e1"
    doc.dates.append(DateValue(date.id, "1956"))
    start = TEXT.index("Так")
    end = TEXT.index("»")
    cue = Cue(25, 31)
    doc.quotes.append(Quote("q1", start, end, TEXT[start:end], "quotation", "e1", cue))
    doc.claims.append(Claim("c1", start, end, TEXT[start:end], "e1", None, cue))
    doc.relations.append(Relation("r1", "POINT_IN_TIME", person.id, date.id, 0, len(TEXT)))
    return doc


def test_id_is_sha256_of_text():
    assert Document(TEXT).id == hashlib.sha256(TEXT.encode()).hexdigest()


def test_id_of_lone_surrogate_text_does_not_raise():
    assert len(Document("a\ud800b").id) == 64


def test_labels_and_relation_types_are_nerels():
    assert len(LABELS) == 29 and len(set(LABELS)) == 29
    assert len(RELATION_TYPES) == 49 and len(set(RELATION_TYPES)) == 49


def test_add_mention_takes_the_text_and_dedups():
    doc = Document(TEXT)
    first = doc.add_mention(12, 24, "PERSON")
    again = doc.add_mention(12, 24, "PERSON")
    assert first is again and first.text == "Н. С. Хрущёв"
    assert doc.add_mention(12, 24, "PROFESSION").id == "m2"
    with pytest.raises(SpanError):
        doc.add_mention(5, 500, "PERSON")


def test_check_spans_accepts_a_consistent_document():
    check_spans(build())


@pytest.mark.parametrize("breaker", [
    lambda d: setattr(d.mentions[1], "text", "Хрущёв"),
    lambda d: setattr(d.mentions[1], "end", 10_000),
    lambda d: setattr(d.mentions[1], "entity", "e9"),
    lambda d: setattr(d.quotes[0], "speaker", "e9"),
    lambda d: setattr(d.quotes[0], "kind", "speech"),
    lambda d: setattr(d.claims[0], "source", "e9"),
    lambda d: setattr(d.dates[0], "mention", "m9"),
    lambda d: setattr(d.relations[0], "tail", "m9"),
    lambda d: setattr(d.mentions[0], "label", "PER"),
])
def test_check_spans_catches_each_kind_of_breakage(breaker):
    doc = build()
    breaker(doc)
    with pytest.raises(SpanError):
        check_spans(doc)


def test_json_round_trip_is_exact():
    doc = build()
    data = json.loads(json.dumps(doc.to_dict(), ensure_ascii=False))
    again = Document.from_dict(data)
    assert again == doc
    assert again.to_dict() == doc.to_dict()
    check_spans(again)


def test_contract_keys():
    data = build().to_dict()
    assert data["schema"] == "letopis.document/1"
    assert set(data) == {"schema", "id", "source", "text", "mentions", "entities", "dates",
                         "quotes", "claims", "relations"}
    assert set(data["mentions"][0]) == {"id", "start", "end", "text", "label", "entity"}
    assert set(data["quotes"][0]) == {"id", "start", "end", "text", "kind", "speaker", "cue"}
    assert data["quotes"][0]["cue"] == {"start": 25, "end": 31}


@pytest.mark.parametrize("bad", [{}, {"schema": "other/1"}, {"schema": "letopis.document/1"},
                                 {"schema": "letopis.document/1", "text": "",
                                  "mentions": [{"id": "m1"}]}])
def test_foreign_or_malformed_objects_raise_schema_error(bad):
    with pytest.raises(SchemaError):
        Document.from_dict(bad)


def test_errors_share_one_base():
    assert issubclass(SchemaError, LetopisError) and issubclass(SpanError, LetopisError)


def test_next_id():
    assert next_id("m", []) == "m1"
    assert next_id("e", [Entity("e7", "PERSON", "x"), Entity("e2", "PERSON", "y")]) == "e8"
