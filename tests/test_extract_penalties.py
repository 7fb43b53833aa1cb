"""Sentences of courts and tribunals in memorial books and court files: penalties as NEREL
marks them, the articles they were passed under. The records are our own."""

from __future__ import annotations

from analysis_views import analyzed, names, spans
from letopis.extract.penalties import penalty_normal


def test_a_term_and_its_punishment_with_the_parts_nested():
    doc = analyzed("Осужден по ст. 58-10 УК РСФСР на 10 лет ИТЛ. Приговорен к 5 годам "
                   "лишения свободы.")
    penalties = spans(doc, "PENALTY")
    assert {"10 лет ИТЛ", "ИТЛ", "5 годам лишения свободы", "лишения свободы"} <= set(penalties)
    dates = spans(doc, "DATE")
    assert "10 лет" in dates and "5 годам" in dates
    assert "ИТЛ" not in spans(doc, "ORGANIZATION")
    assert "10 лет" not in spans(doc, "AGE")
    assert "ст. 58-10 УК РСФСР" in spans(doc, "LAW")
    assert names(doc)["5 годам лишения свободы"] == "5 лет лишения свободы"


def test_a_punishment_alone_after_a_sentence():
    doc = analyzed("Тройкой при УНКВД приговорен к ВМН. Особым совещанием осужден к ссылке. "
                   "Расстрел демонстрации произошел утром.")
    assert spans(doc, "PENALTY") == ["ВМН", "ссылке"]
    assert "ВМН" not in spans(doc, "ORGANIZATION")
    assert not [e for e in spans(doc, "PENALTY") if e.startswith("Расстрел")]


def test_the_unit_agrees_with_the_number():
    assert penalty_normal("1 году ИТЛ") == "1 год ИТЛ"
    assert penalty_normal("3 месяцам тюрьмы") == "3 месяца тюрьмы"
    assert penalty_normal("12 годам лишения свободы") == "12 лет лишения свободы"
    assert penalty_normal("семи годам тюрьмы") is None


def test_extrajudicial_bodies_and_camps_are_organizations():
    doc = analyzed("Постановлением Тройки при УНКВД по Ленинградской области приговорен к "
                   "ВМН. Особым совещанием при НКВД СССР осуждена на 8 лет ИТЛ. Отбывала "
                   "срок в Карлаге, затем в Севвостлаге. Флаг подняли над лагерем.")
    organizations = spans(doc, "ORGANIZATION")
    assert {"Тройки при УНКВД по Ленинградской области", "Особым совещанием при НКВД СССР",
            "НКВД СССР", "Карлаге", "Севвостлаге"} <= set(organizations)
    assert "совещанием" not in [m.text for m in doc.mentions]
    assert "Флаг" not in organizations


def test_an_execution_is_a_death_and_a_date_is_no_birth_as_well():
    from analysis_views import facts

    doc = analyzed("Кузнецов Иван Петрович, 1900 г. р., колхозник. Арестован 12.08.1937. "
                   "Расстрелян 25.09.1937 в Рязани.")
    found = facts(doc)
    assert ("DATE_OF_DEATH", "Кузнецов Иван Петрович", "25.09.1937") in found
    assert ("PLACE_OF_DEATH", "Кузнецов Иван Петрович", "Рязани") in found
    doc = analyzed("Поэт Николай Гумилев расстрелян в августе 1921 года.")
    found = facts(doc)
    assert ("DATE_OF_DEATH", "Николай Гумилев", "в августе 1921 года") in found
    assert ("DATE_OF_BIRTH", "Николай Гумилев", "в августе 1921 года") not in found


def test_a_contracts_conclusion_is_no_term():
    doc = analyzed("Через 5 лет заключения брака супруги развелись. Приговорен к 3 годам "
                   "заключения в крепости.")
    assert spans(doc, "PENALTY")[0] == "3 годам заключения в крепости"
    assert not [p for p in spans(doc, "PENALTY") if "брака" in p or p.startswith("5 лет")]


def test_an_articles_parts_and_points_each_a_law_nested_in_the_reference():
    doc = analyzed("Возбуждено дело по пункту 6 части 2 статьи 104 и части 1 статьи 235. "
                   "Постановлением тройки осуждён по ст. 58 п. 10 УК РСФСР.")
    laws = set(spans(doc, "LAW"))
    assert {"пункту 6 части 2 статьи 104", "части 2 статьи 104", "статьи 104",
            "части 1 статьи 235", "статьи 235", "ст. 58 п. 10 УК РСФСР"} <= laws


def test_an_hour_or_a_list_abbreviation_starts_no_article():
    doc = analyzed("Заседание открылось в 10 ч. 30 мин., были доклады, прения и т. п. "
                   "7 сентября оно закрылось.")
    assert not spans(doc, "LAW")
