"""Births and deaths read from a person, a verb and the date and place after it."""

from __future__ import annotations

import pytest

import letopis
from letopis.doc import Document, check_spans
from letopis.extract.lifedates import life_events
from relation_builders import rule_triples, tagged_document

with_mentions = tagged_document


def read(doc: Document) -> list[tuple[str, str, str]]:
    return rule_triples(life_events(doc, doc.mentions))


def test_birth_date_and_place():
    doc = with_mentions("Павел Громов родился 8 марта 1856 года в Твери в семье купца.",
                        ("Павел Громов", "PERSON"), ("8 марта 1856 года", "DATE"),
                        ("Твери", "CITY"))
    assert read(doc) == [("DATE_OF_BIRTH", "Павел Громов", "8 марта 1856 года"),
                         ("PLACE_OF_BIRTH", "Павел Громов", "Твери")]


def test_death_date_and_place():
    doc = with_mentions("Анна Белова скончалась в Париже в 1921 году.",
                        ("Анна Белова", "PERSON"), ("Париже", "CITY"),
                        ("в 1921 году", "DATE"))
    assert read(doc) == [("PLACE_OF_DEATH", "Анна Белова", "Париже"),
                         ("DATE_OF_DEATH", "Анна Белова", "в 1921 году")]


def test_age_and_cause_of_death():
    doc = with_mentions("Пётр Белов скончался на 75-м году жизни от тифа.",
                        ("Пётр Белов", "PERSON"), ("на 75-м году жизни", "AGE"),
                        ("тифа", "DISEASE"))
    assert read(doc) == [("AGE_DIED_AT", "Пётр Белов", "на 75-м году жизни"),
                         ("CAUSE_OF_DEATH", "Пётр Белов", "тифа")]


@pytest.mark.parametrize(("text", "spans"), [
    # the date has no number
    ("Павел Громов умер через несколько дней.", (("Павел Громов", "PERSON"),
                                                ("через несколько дней", "DATE"))),
    # the person is no subject
    ("У Павла Громова умерла жена в 1900 году.", (("Павла Громова", "PERSON"),
                                                  ("в 1900 году", "DATE"))),
    # others died
    ("Павел Громов, погибли солдаты в 1915 году.", (("Павел Громов", "PERSON"),
                                                    ("в 1915 году", "DATE"))),
    # the next sentence
    ("Павел Громов родился. В 1900 году он уехал.", (("Павел Громов", "PERSON"),
                                                     ("В 1900 году", "DATE"))),
    # a place nested in another mention, an adjective
    ("Громов родился в японской семье.", (("Громов", "PERSON"), ("японской", "COUNTRY"))),
])
def test_no_life_event_without_clear_words(text, spans):
    assert read(with_mentions(text, *spans)) == []


def test_the_pipeline_gives_births_their_facts():
    doc = letopis.analyze("Инженер Павел Громов родился 8 марта 1856 года в Твери.")
    check_spans(doc)
    text = {m.id: m.text for m in doc.mentions}
    found = {(r.type, text[r.head], text[r.tail]) for r in doc.relations}
    assert ("PLACE_OF_BIRTH", "Павел Громов", "Твери") in found
    assert any(t == "DATE_OF_BIRTH" and h == "Павел Громов" for t, h, _ in found)


def test_verb_first_the_facts_come_before_it():
    doc = with_mentions("В 1837 году в Петербурге скончался поэт Александр Пушкин.",
                        ("В 1837 году", "DATE"), ("Петербурге", "CITY"), ("поэт", "PROFESSION"),
                        ("Александр Пушкин", "PERSON"))
    assert read(doc) == [("DATE_OF_DEATH", "Александр Пушкин", "В 1837 году"),
                         ("PLACE_OF_DEATH", "Александр Пушкин", "Петербурге")]
    other = with_mentions("Иван Белов сказал, что в 1837 году скончался Пушкин.",
                          ("Иван Белов", "PERSON"), ("в 1837 году", "DATE"),
                          ("Пушкин", "PERSON"))
    assert read(other) == []  # another person stands before the verb in the sentence


@pytest.mark.parametrize(("text", "spans"), [
    ("Анна Белова, дочь Ивана Белова, скончалась в Тифлисе в 1921 году.",
     (("Анна Белова", "PERSON"), ("Ивана Белова", "PERSON"), ("Тифлисе", "CITY"),
      ("в 1921 году", "DATE"))),
    ("Анна Белова, вдова генерала, скончалась в Тифлисе в 1921 году.",
     (("Анна Белова", "PERSON"), ("генерала", "PROFESSION"), ("Тифлисе", "CITY"),
      ("в 1921 году", "DATE"))),
])
def test_an_apposition_between_the_subject_and_the_verb(text, spans):
    assert read(with_mentions(text, *spans)) == [
        ("PLACE_OF_DEATH", "Анна Белова", "Тифлисе"),
        ("DATE_OF_DEATH", "Анна Белова", "в 1921 году")]


def test_a_clause_between_commas_is_no_apposition():
    doc = with_mentions("Анна Белова, когда уехал Иван Белов, скончалась в 1921 году.",
                        ("Анна Белова", "PERSON"), ("Иван Белов", "PERSON"),
                        ("в 1921 году", "DATE"))
    assert read(doc) == []  # who died is not read across a clause


def test_the_cause_of_death_is_read_to_the_end_of_the_sentence():
    text = ("Анна Белова скончалась в Тифлисе 3 мая 1921 года в доме своей сестры "
            "на 62-м году жизни от тифа.")
    doc = with_mentions(text, ("Анна Белова", "PERSON"), ("Тифлисе", "CITY"),
                        ("3 мая 1921 года", "DATE"), ("на 62-м году жизни", "AGE"),
                        ("тифа", "DISEASE"))
    found = read(doc)
    assert ("CAUSE_OF_DEATH", "Анна Белова", "тифа") in found
    assert ("AGE_DIED_AT", "Анна Белова", "на 62-м году жизни") in found
    assert ("PLACE_OF_DEATH", "Анна Белова", "Тифлисе") in found


@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("Его заместителем стал Я. Х. Петерс, уроженец Курляндской губернии.",
     (("Я. Х. Петерс", "PERSON"), ("Курляндской губернии", "STATE_OR_PROVINCE")),
     [("PLACE_OF_BIRTH", "Я. Х. Петерс", "Курляндской губернии")]),
    ("Суд признал виновным уроженца Дагестана Расула Мирзаева.",
     (("Дагестана", "STATE_OR_PROVINCE"), ("Расула Мирзаева", "PERSON")),
     [("PLACE_OF_BIRTH", "Расула Мирзаева", "Дагестана")]),
    ("Уроженка поселка Светлый Яр Волгоградской области Юлия Зарипова победила.",
     (("Светлый Яр", "CITY"), ("Волгоградской области", "STATE_OR_PROVINCE"),
      ("Юлия Зарипова", "PERSON")),
     [("PLACE_OF_BIRTH", "Юлия Зарипова", "Светлый Яр")]),
    ("Анна Белова — уроженка Тифлиса — прожила долгую жизнь.",
     (("Анна Белова", "PERSON"), ("Тифлиса", "CITY")),
     [("PLACE_OF_BIRTH", "Анна Белова", "Тифлиса")]),
    ("Многие уроженцы Тулы служили в армии Ивана Белова.",  # plural: nobody in particular
     (("Тулы", "CITY"), ("Ивана Белова", "PERSON")), []),
    ("Уроженец Риги, он уехал к Ивану Белову.",  # a pronoun: no person to name
     (("Риги", "CITY"), ("Ивану Белову", "PERSON")), []),
])
def test_a_native_of_a_place_was_born_there(text, spans, expected):
    assert read(with_mentions(text, *spans)) == expected
