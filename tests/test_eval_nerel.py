"""The NEREL reader and scorer on two tiny brat documents with hand-computed scores."""

import pytest

from eval_fakes import FIXTURES, fake_analyze
from letopis.eval.nerel import (
    evaluate,
    gold_entities,
    parse_ann,
    pred_entities,
    read_split,
    to_ann,
)
from letopis.eval.report import nerel_markdown
from letopis.eval.score import Counts

DEV = FIXTURES / "nerel" / "dev"


def test_parse_lines():
    doc = parse_ann(
        "T1\tDATE 20 24;5 9\tиюня 1950\n"
        "T2\tPERSON 0 4\tИван\n"
        "R1\tKNOWS Arg1:T2 Arg2:T2\t\n"
        "N1\tReference T2 Wikidata:Q5\tИван\n"
        "N2\tReference T2 Wikidaxx\n"
        "#1\tAnnotatorNotes T1\tignored\n"
    )
    assert (doc.entities["T1"].start, doc.entities["T1"].end) == (5, 24)  # hull, any order
    assert doc.entities["T1"].fragments == [(20, 24), (5, 9)]
    assert [(r.type, r.head, r.tail) for r in doc.relations] == [("KNOWS", "T2", "T2")]
    assert doc.links == {"T2": "Q5"}
    assert doc.skipped == ["N2\tReference T2 Wikidaxx"]


def test_read_split_keeps_text_and_dedups_gold():
    docs = read_split(DEV)
    assert [d.name for d in docs] == ["a", "b"]
    a = docs[0]
    assert a.text[31:44] == "Сергей Лавров"
    gold, dropped = gold_entities(a)
    assert dropped == 1 and len(gold) == 4


@pytest.fixture(scope="module")
def result():
    return evaluate(read_split(DEV), "dev", analyze=fake_analyze)


def test_entity_scores(result):
    # gold 9 (a: 4 after the duplicate, b: 5); predicted 9; correct 6:
    # a: profession, nested country, person; b: organization, nested country, date hull.
    # "Лавров" and «Правда» overlap gold spans partially and do not count.
    e = result.entities
    assert e.micro == Counts(tp=6, pred=9, gold=9)
    assert e.micro.f1 == pytest.approx(2 / 3)
    assert e.labels["PERSON"] == Counts(1, 2, 1)
    assert e.labels["CITY"] == Counts(0, 0, 1)
    assert e.labels["LOCATION"] == Counts(0, 1, 0)
    assert e.labels["COUNTRY"] == Counts(2, 2, 2)
    assert e.labels["ORGANIZATION"] == Counts(1, 2, 2)
    assert e.labels["DATE"] == Counts(1, 1, 2)
    assert e.labels["PROFESSION"] == Counts(1, 1, 1)


def test_coarse_scores(result):
    # LOC: России, Париж (CITY vs LOCATION both LOC), СССР -> 3 of 3.
    c = result.coarse
    assert c.labels["PER"] == Counts(1, 2, 1)
    assert c.labels["LOC"] == Counts(3, 3, 3)
    assert c.labels["ORG"] == Counts(1, 2, 2)
    assert c.micro == Counts(5, 7, 6)
    assert c.micro.f1 == pytest.approx(10 / 13)


def test_relation_and_link_scores(result):
    # gold: WORKS_AS (a), HEADQUARTERED_IN (b); predicted: WORKS_AS twice, one from "Лавров".
    assert result.relations.micro == Counts(1, 2, 2)
    # links with a Wikidata id: Q101 (right), Q102 (predicted Q999); NULL is not counted.
    assert (result.link_correct, result.link_total) == (1, 2)
    assert result.link_accuracy == pytest.approx(0.5)


def test_notes(result):
    assert (result.docs, result.discontinuous, result.duplicates, result.skipped_lines) == (
        2, 1, 1, 1)


def test_no_relations_and_no_links_are_na():
    result = evaluate(read_split(DEV), "dev", analyze=lambda text: fake_analyze("x" + text))
    assert result.relations.micro.precision is None
    assert result.relations.micro.f1 == 0
    assert result.link_accuracy is None
    text = nerel_markdown(result)
    assert "| **micro** | 2 | 0 | 0 | n/a | 0.000 | 0.000 |" in text
    assert "n/a (the pipeline links no entity" in text


def test_saved_predictions_read_back_as_the_same_items():
    doc = read_split(DEV)[0]
    pred = fake_analyze(doc.text)
    back = parse_ann(to_ann(pred))
    assert {(e.start, e.end, e.label) for e in back.entities.values()} == pred_entities(pred)
    heads = {(back.entities[r.head].start, back.entities[r.tail].end, r.type)
             for r in back.relations}
    assert heads == {(31, 30, "WORKS_AS"), (38, 30, "WORKS_AS")}
