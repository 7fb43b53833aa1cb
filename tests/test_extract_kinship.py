"""Kinship read from the words between two persons (own sentences)."""

from __future__ import annotations

import pytest

import letopis
from letopis.doc import Document, check_spans
from letopis.extract.kinship import RULE_SCORE, kinship
from letopis.morph import tag_morph
from letopis.segment import segment


def persons(text: str, *names: str, titles: tuple[str, ...] = ()) -> Document:
    """``text`` segmented and tagged, with the given PERSON (and PROFESSION) mentions."""
    doc = tag_morph(segment(Document(text)))
    for name in names:
        start = text.index(name)
        doc.add_mention(start, start + len(name), "PERSON")
    for title in titles:
        start = text.index(title)
        doc.add_mention(start, start + len(title), "PROFESSION")
    check_spans(doc)
    return doc


def read(doc: Document) -> list[tuple[str, str, str]]:
    return [(rtype, head.text, tail.text) for rtype, head, tail in kinship(doc, doc.mentions)]


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
