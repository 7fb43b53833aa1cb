"""Exact-match counting: per label, micro, relabelled, and n/a where nothing is counted."""

import pytest

from letopis.eval.score import COARSE, Counts, relabel, score_docs


def test_counts_ratios():
    c = Counts(tp=2, pred=4, gold=3)
    assert c.precision == pytest.approx(0.5)
    assert c.recall == pytest.approx(2 / 3)
    assert c.f1 == pytest.approx(4 / 7)  # 2PR/(P+R) = 2*0.5*0.667/1.167


def test_no_prediction_is_na_precision_and_zero_f1():
    c = Counts(tp=0, pred=0, gold=5)
    assert c.precision is None
    assert c.recall == 0
    assert c.f1 == 0


def test_nothing_at_all_is_na():
    c = Counts()
    assert c.precision is None and c.recall is None and c.f1 is None


def test_per_label_and_micro_over_documents():
    gold1 = {(0, 5, "PERSON"), (0, 5, "PERSON"), (10, 15, "CITY")}
    pred1 = {(0, 5, "PERSON"), (10, 15, "COUNTRY")}
    gold2 = {(3, 9, "PERSON")}
    pred2 = {(3, 8, "PERSON")}  # one character short: no credit
    scores = score_docs([(gold1, pred1), (gold2, pred2)])
    assert scores.labels["PERSON"] == Counts(1, 2, 2)
    assert scores.labels["CITY"] == Counts(0, 0, 1)
    assert scores.labels["COUNTRY"] == Counts(0, 1, 0)
    assert scores.micro == Counts(1, 3, 3)  # the duplicate gold item counts once


def test_relabel_maps_and_drops():
    items = {(0, 3, "CITY"), (0, 3, "COUNTRY"), (5, 9, "DATE"), (10, 12, "PERSON")}
    assert relabel(items, COARSE) == {(0, 3, "LOC"), (10, 12, "PER")}
