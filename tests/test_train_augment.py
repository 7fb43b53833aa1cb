"""Mention replacement for training: isolated spans swapped, the other spans shifted."""

from __future__ import annotations

import random

from letopis.train.augment import isolated_spans, mention_pool, replace_mentions
from letopis.train.data import Sentence


def sentence(words: str, spans: list[tuple[int, int, str]], partial: bool = False) -> Sentence:
    toks = words.split()
    return Sentence(0, toks, [(0, 0)] * len(toks), spans, partial)


def test_isolated_spans_overlap_no_other_span():
    sent = sentence("Пленум ЦК КПСС прошёл в Москве",
                    [(0, 3, "EVENT"), (1, 3, "ORGANIZATION"), (2, 3, "ORGANIZATION"),
                     (5, 6, "CITY")])
    assert isolated_spans(sent) == [(5, 6, "CITY")]


def test_the_pool_holds_isolated_mentions_of_full_sentences_once():
    sents = [sentence("в Москве и в Москве", [(1, 2, "CITY"), (4, 5, "CITY")]),
             sentence("Иван Петров уехал", [(0, 2, "PERSON")]),
             sentence("Пётр в Туле", [(2, 3, "CITY")], partial=True)]
    assert mention_pool(sents) == {"CITY": [("Москве",)], "PERSON": [("Иван", "Петров")]}


def test_replacement_swaps_a_span_and_shifts_the_spans_after_it():
    sent = sentence("Иван приехал в Москву на съезд КПСС .",
                    [(0, 1, "PERSON"), (3, 4, "CITY"), (5, 7, "EVENT"), (6, 7, "ORGANIZATION")])
    pool = {"PERSON": [("Анна", "Андреевна", "Петрова")], "CITY": [("Нижний", "Новгород")]}
    new = replace_mentions(sent, pool, random.Random(0), 1.0, max_width=12)
    assert new is not None
    assert new.words == ["Анна", "Андреевна", "Петрова", "приехал", "в", "Нижний", "Новгород",
                         "на", "съезд", "КПСС", "."]
    assert [(new.words[i:j], label) for i, j, label in new.spans] == [
        (["Анна", "Андреевна", "Петрова"], "PERSON"), (["Нижний", "Новгород"], "CITY"),
        (["съезд", "КПСС"], "EVENT"), (["КПСС"], "ORGANIZATION")]
    assert len(new.offsets) == len(new.words)
    assert sent.words[0] == "Иван"  # the original is untouched


def test_no_swap_gives_none_and_too_wide_mentions_are_not_used():
    sent = sentence("Иван приехал", [(0, 1, "PERSON")])
    pool = {"PERSON": [("а", "б", "в", "г")]}
    assert replace_mentions(sent, pool, random.Random(0), 0.0, 12) is None
    assert replace_mentions(sent, pool, random.Random(0), 1.0, max_width=3) is None
    assert replace_mentions(sentence("Иван", [(0, 1, "PERSON")], partial=True), pool,
                            random.Random(0), 1.0, 12) is None
