"""A name and its other form in parentheses right after it."""

from __future__ import annotations

from letopis.doc import Document
from letopis.extract.aliases import parenthesized
from relation_builders import rule_triples, tagged_document

with_mentions = tagged_document


def read(doc: Document) -> list[tuple[str, str, str]]:
    return rule_triples(parenthesized(doc, doc.mentions))


def test_a_person_and_the_latin_form_of_the_name():
    doc = with_mentions("Инженер Павел Громов (Pavel Gromov) приехал.",
                        ("Павел Громов", "PERSON"), ("Pavel Gromov", "PERSON"))
    assert read(doc) == [("ALTERNATIVE_NAME", "Павел Громов", "Pavel Gromov")]


def test_an_organization_and_its_acronym_in_either_order():
    doc = with_mentions("Совет народных комиссаров (СНК) и ВЧК (Всероссийская чрезвычайная "
                        "комиссия) заседали.",
                        ("Совет народных комиссаров", "ORGANIZATION"), ("СНК", "ORGANIZATION"),
                        ("ВЧК", "ORGANIZATION"),
                        ("Всероссийская чрезвычайная комиссия", "ORGANIZATION"))
    assert read(doc) == [
        ("ABBREVIATION", "Совет народных комиссаров", "СНК"),
        ("ABBREVIATION", "Всероссийская чрезвычайная комиссия", "ВЧК")]


def test_different_labels_amounts_and_more_words_in_the_parentheses_are_no_pair():
    doc = with_mentions("Громов (Москва) получил 500 рублей (50 долларов) и Орлова (его жена).",
                        ("Громов", "PERSON"), ("Москва", "CITY"), ("500 рублей", "MONEY"),
                        ("50 долларов", "MONEY"), ("Орлова", "PERSON"))
    assert read(doc) == []


def test_a_persons_next_other_form_is_an_alternative_name():
    from analysis_views import analyzed
    from letopis.extract.aliases import later_forms

    doc = analyzed("Генерал Алексей Алексеевич Брусилов прибыл в Луцк. Брусилова встретили "
                   "офицеры. Брусилов осмотрел позиции. Фельдмаршал Михаил Кутузов "
                   "приехал; Михаила Кутузова ждали.")
    found = rule_triples(later_forms(doc, doc.mentions))
    assert ("ALTERNATIVE_NAME", "Алексей Алексеевич Брусилов", "Брусилова") in found
    assert not [t for t in found if "Кутузов" in t[1]]  # the same name in another case
    assert len([t for t in found if "Брусилов" in t[1]]) == 1  # the first pair only
