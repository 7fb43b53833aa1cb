"""Petitions and revision tales of Muscovy and the early Empire, parish registers and
diaries: names with the father's name and ``сын``, estates, verb forms opening a record,
families named in the plural. The texts are our own."""

from __future__ import annotations

import pytest

from analysis_views import analyzed, names, spans


@pytest.mark.parametrize("text, person, name", [
    ("Бьет челом холоп твой Ивашка Петров сын Кузнецов, посадский человек.",
     "Ивашка Петров сын Кузнецов", "Ивашка Петров Кузнецов"),
    ("Велено сыскать беглого крестьянина Ивана Петрова сына Кузнецова.",
     "Ивана Петрова сына Кузнецова", "Иван Петров Кузнецов"),
    ("Отдать вдову Марью Иванову дочь Петрову помещику.",
     "Марью Иванову дочь Петрову", "Марья Иванова Петрова"),
    ("В деревне жил Федька Гаврилов сын Строганов с женою.",
     "Федька Гаврилов сын Строганов", "Федька Гаврилов Строганов"),
])
def test_a_name_with_the_fathers_name_and_son_of_is_one_person(text, person, name):
    doc = analyzed(text)
    assert spans(doc, "PERSON") == [person]
    assert names(doc)[person] == name


def test_son_of_between_other_words_joins_nothing():
    doc = analyzed("Приехал Иван Петров, сын купца, и Кузнецов.")
    assert "Иван Петров" in spans(doc, "PERSON")
    assert not any("сын" in p for p in spans(doc, "PERSON"))


def test_an_estate_adjective_names_no_place():
    doc = analyzed("Бьет челом Тюменской слободы посадский человек Ивашка Кузнецов.")
    assert "посадский" not in [m.text for m in doc.mentions]


def test_a_verb_form_opening_a_record_is_no_person():
    doc = analyzed("Крещен 12 октября 1873 г. сын Василий у крестьянина деревни Горелово.")
    assert "Крещен" not in spans(doc, "PERSON")
    assert "Василий" in spans(doc, "PERSON")


def test_a_family_named_in_the_plural_is_persons_not_a_town():
    doc = analyzed("Обедал у Вяземских. Вечером были у Карамзиных и у Олениных, "
                   "говорили с Олениными. Н. М. Карамзин прочел главу.")
    found = names(doc)
    assert found["Вяземских"] == "Вяземские"
    assert found["Карамзиных"] == "Карамзины"
    assert found["Олениных"] == found["Олениными"] == "Оленины"
    assert "Вяземских" in spans(doc, "PERSON")
    entity = {m.text: m.entity for m in doc.mentions}
    assert entity["Карамзиных"] != entity["Н. М. Карамзин"]  # a family is not its member
    family = next(e for e in doc.entities if e.name == "Вяземские")
    assert family.geonames is None


def test_a_sovereigns_self_styling_is_a_post():
    doc = analyzed("Божиею милостию Мы, Николай Второй, Император и Самодержец "
                   "Всероссийский, Царь Польский.")
    professions = spans(doc, "PROFESSION")
    assert "Самодержец Всероссийский" in professions
    assert "Царь Польский" in professions


def test_foreign_forms_of_address_before_a_name():
    doc = analyzed("Мисс Меггс становилась все сердитее. Мистер Уиллит молчал. "
                   "Миссис Остин пришла.")
    assert spans(doc, "PERSON") == ["Меггс", "Уиллит", "Остин"]
    assert not spans(doc, "EVENT")


def test_a_contest_named_miss_is_no_person():
    doc = analyzed("Конкурс Мисс Россия выиграла Анна. Мисс Вселенная приехала.")
    assert "Россия" not in spans(doc, "PERSON")
    assert "Вселенная" not in spans(doc, "PERSON")


def test_a_plural_opening_a_name_is_a_class_and_a_towns_plural_is_no_person():
    doc = analyzed("Нэпманы Гуревич и Кац открыли лавку. Германцы атаковали наши позиции у "
                   "Барановичей. Супруги Ивановы пришли. Братья Гримм написали сказки.")
    persons = spans(doc, "PERSON")
    assert "Гуревич" in persons and "Нэпманы Гуревич" not in persons
    assert "Барановичей" in spans(doc, "CITY")
    assert "Братья Гримм" in persons


def test_a_clergymans_name_in_religion_after_his_rank_and_see():
    doc = analyzed("Митрополит Московский Филарет благословил. Патриарх Никон проклял.")
    persons = spans(doc, "PERSON")
    assert "Филарет" in persons and "Никон" in persons
    assert "Митрополит Московский" in spans(doc, "PROFESSION")
    assert "Митрополит Московский Филарет" not in spans(doc, "PROFESSION")


def test_a_papers_heading_after_its_senders_name_is_no_part_of_it():
    doc = analyzed("Господину Генерал-Губернатору от купца 2-й гильдии Ивана Семенова "
                   "Прошение.")
    assert "Ивана Семенова" in spans(doc, "PERSON")
    assert not [p for p in spans(doc, "PERSON") if "Прошение" in p]


def test_a_hierarchs_see_is_part_of_his_post_and_his_name_stays_a_person():
    doc = analyzed("Архиепископ Тверской Платон прибыл. Он был избран епископом Апостольской "
                   "церкви.")
    assert "Архиепископ Тверской" in spans(doc, "PROFESSION")
    assert "Платон" in spans(doc, "PERSON")
    assert "епископом Апостольской" not in spans(doc, "PROFESSION")
