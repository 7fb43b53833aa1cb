"""Telegrams, orders and trials of 1918-1938: revolutionary bodies written as one word,
commanders addressed with their formation's number, adjectives of a stance. The texts are
our own."""

from __future__ import annotations

from analysis_views import analyzed, names, spans


def test_a_commander_addressed_with_the_formations_number():
    doc = analyzed("Царицын. Командарму 10 Ворошилову. Срочно направьте бронепоезд.")
    assert spans(doc, "PERSON") == ["Ворошилову"]
    assert names(doc)["Ворошилову"] == "Ворошилов"
    doc = analyzed("Приказом по армии начдив 4 Городовиков назначен командиром корпуса.")
    assert "Городовиков" in spans(doc, "PERSON")


def test_a_formations_name_after_a_number_is_no_person():
    doc = analyzed("Командир 5 Армии прибыл в штаб.")
    assert not spans(doc, "PERSON")


def test_revolutionary_bodies_written_as_one_word():
    doc = analyzed("Командарму Ворошилову, члену Реввоенсовета Минину. Копия Реввоенсовету "
                   "Республики, Троцкому. Приказом Реввоенсовета Южфронта. Наркомпрос "
                   "поручил.")
    organizations = spans(doc, "ORGANIZATION")
    assert {"Реввоенсовета", "Реввоенсовету Республики", "Реввоенсовета Южфронта",
            "Южфронта", "Наркомпрос"} <= set(organizations)
    persons = spans(doc, "PERSON")
    assert "Минину" in persons and "Троцкому" in persons
    assert not any(p.startswith("Реввоенсовет") or p == "Республики" for p in persons)


def test_an_adjective_of_stance_names_no_country():
    doc = analyzed("Вчера открылся процесс антисоветского право-троцкистского блока. "
                   "Пророссийские силы и проамериканские партии выступили.")
    places = [m.text for m in doc.mentions if m.label in ("COUNTRY", "NATIONALITY")]
    assert not places


def test_a_name_in_quotes_after_a_vessels_noun_is_a_product():
    doc = analyzed("Срочно направьте бронепоезд «Красный Урал» на станцию Котельниково. "
                   "Эсминец «Стерегущий» погиб в бою.")
    assert spans(doc, "PRODUCT") == ["Красный Урал", "Стерегущий"]


def test_the_country_of_a_citizen_is_no_person():
    doc = analyzed("Задержанный гражданин Польши Ян Ковальский показал, что гражданка "
                   "Петрова, гражданка РСФСР, ему незнакома. Протокол составлен со слов "
                   "гражданина Латвии.")
    persons = spans(doc, "PERSON")
    assert "Ян Ковальский" in persons and "Петрова" in persons
    assert not {"Польши", "РСФСР", "Латвии"} & set(persons)
    assert {"Польши", "Латвии"} <= {m.text for m in doc.mentions if m.label == "COUNTRY"}


def test_a_place_after_a_title_in_another_case_is_no_name():
    doc = analyzed("Пост занял Роберт Дженкинсон, второй граф Ливерпуля. Граф Орлов и "
                   "барон Врангель ждали его.")
    persons = spans(doc, "PERSON")
    assert "Ливерпуля" not in persons and {"Орлов", "Врангель"} <= set(persons)
