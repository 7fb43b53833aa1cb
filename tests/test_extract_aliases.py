"""A name and its other form in parentheses right after it."""

from __future__ import annotations

from letopis.doc import Document, check_spans
from letopis.extract.aliases import parenthesized


def with_mentions(text: str, *spans: tuple[str, str]) -> Document:
    doc = Document(text)
    for surface, label in spans:
        start = text.index(surface)
        doc.add_mention(start, start + len(surface), label)
    check_spans(doc)
    return doc


def read(doc: Document) -> list[tuple[str, str, str]]:
    return [(t, a.text, b.text) for t, a, b in parenthesized(doc, doc.mentions)]


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
