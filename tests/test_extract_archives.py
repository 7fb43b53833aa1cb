"""Archival references in historians' notes: archives by their acronyms, fonds by number
or by the body whose papers they hold. The references are our own."""

from __future__ import annotations

from analysis_views import analyzed, spans
from letopis.doc import Document, check_spans
from letopis.extract.archives import tag_archival_references


def test_a_fond_named_in_words_is_the_body_not_a_person():
    doc = analyzed("См.: АВПРИ. Ф. Канцелярия. Оп. 470. Д. 34. Л. 5; ЦГИА СПб. "
                   "Ф. Петроградское губернское жандармское управление. Оп. 1. Д. 7.")
    assert not spans(doc, "PERSON")
    organizations = spans(doc, "ORGANIZATION")
    assert "Канцелярия" in organizations
    assert "Петроградское губернское жандармское управление" in organizations
    assert {"АВПРИ", "ЦГИА СПб"} <= set(organizations)


def test_archives_by_their_acronyms_keep_a_nested_country():
    doc = analyzed("ГА РФ. Ф. Р-130. Оп. 2. Д. 5. ЦАМО РФ. Ф. 33. Оп. 682526. Д. 1.")
    assert spans(doc, "ORGANIZATION") == ["ГА РФ", "ЦАМО РФ"]
    assert spans(doc, "COUNTRY") == ["РФ", "РФ"]
    assert not spans(doc, "PERSON")


def test_an_initial_with_no_inventory_after_it_stays_a_person():
    doc = analyzed("Ф. И. Тютчев писал из Мюнхена.")
    assert spans(doc, "PERSON") == ["Ф. И. Тютчев"]


def test_the_stage_alone_on_a_model_reading():
    text = "РГИА. Ф. Канцелярия. Оп. 1. Д. 2."
    doc = Document(text)
    doc.add_mention(text.index("Ф."), text.index("Канцелярия") + len("Канцелярия"), "PERSON")
    tag_archival_references(doc)
    check_spans(doc)
    assert sorted((m.label, m.text) for m in doc.mentions) == [
        ("ORGANIZATION", "Канцелярия"), ("ORGANIZATION", "РГИА")]
