"""Kinship read from the words between two persons (own sentences)."""

from __future__ import annotations

import pytest

import letopis
from letopis.doc import Document, check_spans
from letopis.extract.kinship import RULE_SCORE, kinship
from relation_builders import rule_triples, tagged_document


def persons(text: str, *names: str, titles: tuple[str, ...] = ()) -> Document:
    """``text`` segmented and tagged, with the given PERSON (and PROFESSION) mentions."""
    return tagged_document(text, *[(n, "PERSON") for n in names],
                           *[(t, "PROFESSION") for t in titles])


def read(doc: Document) -> list[tuple[str, str, str]]:
    return rule_triples(kinship(doc, doc.mentions))


@pytest.mark.parametrize(("text", "names", "expected"), [
    ("Сергей Волков и его жена Мария уехали в Тверь.", ("Сергей Волков", "Мария"),
     ("SPOUSE", "Сергей Волков", "Мария")),
    ("Граф Орлов с супругой Анной Орловой прибыл ко двору.", ("Орлов", "Анной Орловой"),
     ("SPOUSE", "Орлов", "Анной Орловой")),
    ("Купец Мамонтов и его сын Савва открыли завод.", ("Мамонтов", "Савва"),
     ("PARENT_OF", "Мамонтов", "Савва")),
    ("Лев Толстой и его отец Николай жили в Ясной Поляне.", ("Лев Толстой", "Николай"),
     ("PARENT_OF", "Николай", "Лев Толстой")),
    ("Никита, сын Сергея Хрущёва, стал инженером.", ("Никита", "Сергея Хрущёва"),
     ("PARENT_OF", "Сергея Хрущёва", "Никита")),
    ("Илья был братом Дмитрия.", ("Илья", "Дмитрия"), ("SIBLING", "Илья", "Дмитрия")),
    ("Варвара Петрова вышла замуж за Ивана Лаптева в 1903 году.",
     ("Варвара Петрова", "Ивана Лаптева"), ("SPOUSE", "Варвара Петрова", "Ивана Лаптева")),
])
def test_kinship_patterns(text, names, expected):
    assert read(persons(text, *names)) == [expected]


def test_a_title_between_the_two_does_not_count():
    doc = persons("Ольга Лаптева вышла замуж за поручика Андрея Белова.",
                  "Ольга Лаптева", "Андрея Белова", titles=("поручика",))
    assert read(doc) == [("SPOUSE", "Ольга Лаптева", "Андрея Белова")]


@pytest.mark.parametrize(("text", "names"), [
    ("Сыновья Иван, Пётр и дочь Анна пришли.", ("Иван", "Пётр", "Анна")),  # a list
    ("Иван встретил сына Петра.", ("Иван", "Петра")),  # whose son? no comma, no possessive
    ("Павел Громов и Ольга Белова выступили.", ("Павел Громов", "Ольга Белова")),
    ("Роману Абрамовичу дочь Роман Абрамович не звонила.", ("Роману Абрамовичу",
                                                            "Роман Абрамович")),
])
def test_no_kinship_without_clear_words(text, names):
    assert read(persons(text, *names)) == []


def test_the_pipeline_keeps_kinship_beside_the_model_relations():
    doc = letopis.analyze("Композитор Модест Мусоргский и его брат Филарет выросли в Кареве.")
    check_spans(doc)
    text = {m.id: m.text for m in doc.mentions}
    kin = [(r.type, text[r.head], text[r.tail], r.score) for r in doc.relations
           if r.type == "SIBLING"]
    assert kin == [("SIBLING", "Модест Мусоргский", "Филарет", RULE_SCORE)]
