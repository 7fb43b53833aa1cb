"""The diseases of registers, obituaries and reports of epidemics (texts written for these
tests)."""

from __future__ import annotations

from analysis_views import analyzed, spans
from letopis.doc import Document, check_spans
from letopis.extract.diseases import disease_keys, tag_diseases
from letopis.morph import tag_morph
from letopis.segment import segment


def tagged(text: str) -> Document:
    doc = tag_diseases(tag_morph(segment(Document(text))))
    check_spans(doc)
    return doc


def test_the_illnesses_of_a_parish_register_are_diseases():
    doc = analyzed("Младенец Петр умер от скарлатины, а вдова Марфа Ильина скончалась от "
                   "водянки. В селе свирепствовал брюшной тиф.")
    diseases = spans(doc, "DISEASE")
    assert {"скарлатины", "водянки", "брюшной тиф"} <= set(diseases)


def test_the_longest_name_wins_and_a_disease_inside_it_goes():
    doc = Document("Больного лечили от возвратного тифа и коронавирусной инфекции.")
    doc = tag_morph(segment(doc))
    start = doc.text.index("инфекции")
    doc.add_mention(start, start + len("инфекции"), "DISEASE")
    doc = tag_diseases(doc)
    assert spans(doc, "DISEASE") == ["возвратного тифа", "коронавирусной инфекции"]


def test_another_label_over_the_same_words_becomes_a_disease():
    doc = tag_morph(segment(Document("Тест на COVID-19 оказался положительным.")))
    start = doc.text.index("COVID-19")
    doc.add_mention(start, start + len("COVID-19"), "ORGANIZATION")
    assert [(m.text, m.label) for m in tag_diseases(doc).mentions] == [("COVID-19", "DISEASE")]


def test_a_lower_case_name_needs_lower_case_words():
    assert spans(tagged("Летом 1848 года холера дошла до Саратова."), "DISEASE") == ["холера"]
    assert spans(tagged("Холера дошла до Саратова."), "DISEASE") == ["Холера"]
    assert spans(tagged("Рассказ назывался «Бульвар Холера»."), "DISEASE") == []


def test_words_with_another_common_sense_are_not_in_the_list():
    keys = disease_keys()
    for word in ("рак", "удар", "проказа", "столбняк", "депрессия", "испанка", "лихорадка"):
        assert word not in keys
    assert "сыпной тиф" in keys
    assert spans(tagged("Он умер от воспаления лёгких."), "DISEASE") == ["воспаления лёгких"]


def test_an_epidemic_is_an_event_with_its_disease_inside():
    doc = analyzed("Во время эпидемии холеры 1830 года он уехал; вспышка чумы в Ветлянке "
                   "напугала столицу, а из-за пандемии отменили ярмарку. Вспышка гнева прошла.")
    events = spans(doc, "EVENT")
    assert "эпидемии холеры" in events and "вспышка чумы" in events and "пандемии" in events
    assert not any(e.startswith("Вспышка") for e in events)
    assert {"холеры", "чумы"} <= set(spans(doc, "DISEASE"))
