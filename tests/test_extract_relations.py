"""Relations in the pipeline: each family on the team's own sentences, evidence spans,
symmetric types once, the JSON round trip."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import letopis
from letopis.doc import SYMMETRIC_RELATIONS, Document, check_spans, dict_to_document
from letopis.extract.relations import find_relations
from letopis.morph import tag_morph
from letopis.segment import segment

FAMILIES = Path(__file__).parent / "fixtures" / "relations" / "families.tsv"


def rows() -> list[tuple[str, str, str, str, str]]:
    with FAMILIES.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [tuple(r) for r in csv.reader(lines, delimiter="\t")]  # type: ignore[misc]


def found(doc: Document) -> set[tuple[str, str, str]]:
    text = {m.id: m.text for m in doc.mentions}
    return {(text[r.head], r.type, text[r.tail]) for r in doc.relations}


def given_mentions(text: str, spans: list[tuple[str, str]]) -> Document:
    doc = tag_morph(segment(Document(text)))
    for name, label in spans:
        start = text.index(name)
        doc.add_mention(start, start + len(name), label)
    return doc


# Sentences the shipped fast model (letopis_relations_nerel_v3) gets wrong: the relation
# is missed, typed otherwise, or a mention's span differs from the one written here.
# They stay as tests (non-strict xfail) so that a better model shows up as XPASS.
KNOWN_MISSES = {
    "work-WORKPLACE-1", "membership-MEMBER_OF-4", "time-POINT_IN_TIME-9",
    "time-START_TIME-10", "kinship-SPOUSE-12", "event-PARTICIPANT_IN-17",
    # the model keeps one place per event (functional decoding, docs/relations.md): here the
    # nested «Бородинское» of «Бородинское сражение» (0.90) rather than «Бородино»
    "event-TAKES_PLACE_IN-18",
}


def family_cases() -> list[object]:
    cases: list[object] = []
    for k, row in enumerate(rows()):
        name = f"{row[0]}-{row[3]}-{k}"
        marks = [pytest.mark.xfail(reason="missed by the v3 model", strict=False)] if (
            name in KNOWN_MISSES) else []
        cases.append(pytest.param(*row, id=name, marks=marks))
    return cases


@pytest.mark.parametrize("family,text,head,rtype,tail", family_cases())
def test_family_sentences(family: str, text: str, head: str, rtype: str, tail: str) -> None:
    doc = letopis.analyze(text)
    check_spans(doc)
    assert (head, rtype, tail) in found(doc), (family, sorted(found(doc)))


def test_every_family_is_covered() -> None:
    assert {r[0] for r in rows()} == {
        "work", "membership", "location", "time", "kinship", "crime", "event"}


def test_evidence_covers_both_mentions_and_holds_the_offsets() -> None:
    doc = letopis.analyze("Инженер Павел Громов много лет работал на Путиловском заводе.")
    check_spans(doc)
    assert doc.relations
    spans = {m.id: m for m in doc.mentions}
    for r in doc.relations:
        head, tail = spans[r.head], spans[r.tail]
        assert r.start == min(head.start, tail.start) and r.end == max(head.end, tail.end)
        assert 0.0 < r.score <= 1.0


def test_symmetric_types_are_stored_once_head_first() -> None:
    doc = given_mentions("Пётр Иванов и его жена Мария Иванова жили в Твери.",
                         [("Пётр Иванов", "PERSON"), ("Мария Иванова", "PERSON"),
                          ("жена", "PROFESSION"), ("Твери", "CITY")])
    rels = find_relations(doc, doc.mentions)
    spans = {m.id: m for m in doc.mentions}
    seen = set()
    for r in rels:
        if r.type in SYMMETRIC_RELATIONS:
            pair = frozenset((r.head, r.tail))
            assert (pair, r.type) not in seen
            seen.add((pair, r.type))
            assert spans[r.head].start <= spans[r.tail].start


def test_relations_survive_the_json_round_trip() -> None:
    doc = letopis.analyze("Министр финансов Сергей Витте подписал указ в Петербурге.")
    back = dict_to_document(letopis.doc.document_to_dict(doc))
    assert [(r.type, r.head, r.tail, r.start, r.end, r.score) for r in back.relations] == [
        (r.type, r.head, r.tail, r.start, r.end, r.score) for r in doc.relations]


def test_no_mentions_no_relations() -> None:
    doc = given_mentions("Ничего не случилось.", [])
    assert find_relations(doc, doc.mentions) == []


def test_balanced_pipeline_reads_the_dependency_tree() -> None:
    """The balanced pipeline's relation pack reads slovnet's syntax states and the
    dependency paths; on the team's sentences it finds the work and crime facts, and
    every evidence span holds the offsets."""
    from letopis.exec.relations import relation_model

    model = relation_model("balanced")
    assert model.tree and model.hop and model.context == "slovnet_news_v1:syntax"
    assert not relation_model("fast").tree
    doc = letopis.analyze("Профессор Николай Лобачевский много лет преподавал в Казанском "
                          "университете. Крестьянин Фёдор Ильин осуждён за кражу.",
                          ner_model="balanced")
    check_spans(doc)
    facts = found(doc)
    assert ("Николай Лобачевский", "WORKPLACE", "Казанском университете") in facts
    assert ("Фёдор Ильин", "CONVICTED_OF", "кражу") in facts
