"""Award sheets, interrogation protocols, parish registers, letters and newspapers of the
Empire: names written surname first without a comma, units numbered without a suffix,
estates of the realm, headings in capitals. The texts are our own."""

from __future__ import annotations

import pytest

import letopis
from letopis.doc import Document, check_spans


def analyzed(text: str) -> Document:
    doc = letopis.analyze(text)
    check_spans(doc)
    return doc


def spans(doc: Document, label: str) -> list[str]:
    return [m.text for m in doc.mentions if m.label == label]


@pytest.mark.parametrize("text, person", [
    ("1. Фамилия, имя и отчество: Ковалев Петр Никифорович.\n2. Звание: лейтенант.",
     "Ковалев Петр Никифорович"),
    ("Представляю к награде Ковалева Петра Никифоровича.", "Ковалева Петра Никифоровича"),
    ("Допросил обвиняемого Зайцева Михаила Ивановича, 1889 года рождения.",
     "Зайцева Михаила Ивановича"),
])
def test_a_surname_before_the_first_name_and_patronymic_is_one_person(text, person):
    doc = analyzed(text)
    assert spans(doc, "PERSON") == [person]


@pytest.mark.parametrize("text, given", [
    ("В Москве Петр Никифорович встретил Ивана.", "Петр Никифорович"),  # no surname
    ("Письмо Петрову Иван Сидорович отослал вчера.", "Иван Сидорович"),  # another case
])
def test_no_surname_before_a_name_in_another_case_or_no_surname_at_all(text, given):
    persons = spans(analyzed(text), "PERSON")
    assert given in persons
    assert not any(p.endswith(given) and p != given for p in persons)


@pytest.mark.parametrize("text, units", [
    ("Командир роты 175 гвардейского стрелкового полка 58 гвардейской стрелковой дивизии.",
     ["175 гвардейского стрелкового полка", "58 гвардейской стрелковой дивизии"]),
    ("Командир 175 гв. сп гвардии подполковник Сорокин.", ["175 гв. сп"]),
])
def test_units_numbered_without_an_ordinal_ending(text, units):
    doc = analyzed(text)
    assert [u for u in units if u in spans(doc, "ORGANIZATION")] == units
    inside = [m for m in doc.mentions if m.label not in ("ORGANIZATION", "NUMBER", "PROFESSION")
              and any(u in m.text or m.text in u for u in units)]
    assert inside == []  # no place over ``гвардейского``


@pytest.mark.parametrize("text", [
    "В бой вступили 3 стрелковых полка и 2 танковые бригады.",
    "На станции стояли 2 пустых вагона.",
])
def test_a_count_of_units_names_no_unit(text):
    assert not [m for m in analyzed(text).mentions if m.label == "ORGANIZATION"]


REGISTER = ("1873 года марта 14 дня родился, 16 крещен Иоанн. Восприемники: крестьянин села "
            "Покровского Василий Андреев Кузнецов и крестьянская девица Анна Петрова.\n"
            "1873 года апреля 2 дня умерла солдатская вдова Аграфена Степанова, 67 лет. "
            "Погребена на приходском кладбище.")


def test_a_parish_register():
    doc = analyzed(REGISTER)
    persons = spans(doc, "PERSON")
    assert "Василий Андреев Кузнецов" in persons and "Аграфена Степанова" in persons
    # the village's name does not run into the godfather's, the estates name no people,
    # a participle opening a sentence is no place
    assert not [m.text for m in doc.mentions if "Покровского Василий" in m.text
                or m.text in ("крестьянская", "солдатская", "Погребена")]


def test_a_heading_of_an_adjective_and_a_noun_names_nothing():
    doc = analyzed("НАГРАДНОЙ ЛИСТ\n\nФамилия, имя и отчество: Ковалев Петр Никифорович.")
    assert [(m.text, m.label) for m in doc.mentions] == [
        ("Ковалев Петр Никифорович", "PERSON")]
