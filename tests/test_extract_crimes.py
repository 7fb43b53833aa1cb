"""Offences named by a charge in court files, troika protocols and memorial books (texts
written for these tests)."""

from __future__ import annotations

from analysis_views import analyzed, spans
from letopis.doc import Document, check_spans
from letopis.extract.crimes import tag_crimes
from letopis.morph import tag_morph
from letopis.segment import segment


def crimes(text: str, *mentions: tuple[str, str]) -> list[str]:
    doc = tag_morph(segment(Document(text)))
    for words, label in mentions:
        start = doc.text.index(words)
        doc.add_mention(start, start + len(words), label)
    doc = tag_crimes(doc)
    check_spans(doc)
    return spans(doc, "CRIME")


def test_the_offences_of_a_troika_protocol():
    doc = analyzed("Слушали: дело Егорова Ивана Фомича, обвиняемого в антисоветской агитации "
                   "и саботаже хлебозаготовок. Постановили: Егорова расстрелять.")
    found = spans(doc, "CRIME")
    assert "антисоветской агитации" in found
    assert "саботаже хлебозаготовок" in found


def test_an_offence_after_za_in_the_accusative():
    assert crimes("Мещанин Орлов судим за кражу со взломом.") == []  # goes on: ``со взломом``
    assert crimes("Мещанин Орлов судим за растрату общественных сумм.") == [
        "растрату общественных сумм"]


def test_taking_part_keeps_what_was_joined():
    assert crimes("Обвиняется в участии в подпольной эсеровской группе.") == [
        "участии в подпольной эсеровской группе"]


def test_spying_for_someone_nests_the_bare_offence():
    found = crimes("Арестован по подозрению в шпионаже в пользу Германии и вредительстве.")
    assert found == ["шпионаже", "шпионаже в пользу Германии", "вредительстве"]


def test_no_crime_over_a_clause_a_frame_a_person_or_a_mention():
    assert crimes("Его обвиняют в том, что он скрыл хлеб.") == []
    assert crimes("Обвинения в адрес председателя он отверг.") == []
    assert crimes("Его заподозрили в таких проступках впервые.") == []
    assert crimes("Подозреваемый в убийстве Кирова задержан.", ("убийстве", "EVENT")) == []
