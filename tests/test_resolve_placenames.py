"""Places named right after the word for their kind: villages and rivers in the oblique
cases, names left in the nominative, and the links such places may and may not get.
The texts are our own."""

from __future__ import annotations

import pytest

from analysis_views import analyzed, names, spans
from letopis.doc import Token
from letopis.resolve.placenames import apposed_place


def kind(word: str, lemma: str) -> Token:
    return Token(0, len(word), word, lemma=lemma)


@pytest.mark.parametrize("name, word, lemma, expected", [
    ("Кривцове", "селе", "село", "Кривцово"),
    ("Кривцова", "села", "село", "Кривцово"),
    ("Кривцову", "селу", "село", "Кривцово"),
    ("Гореловом", "сельцом", "сельцо", "Горелово"),
    ("Дурыкине", "деревне", "деревня", "Дурыкино"),
    ("Вёрде", "реке", "река", "Вёрда"),
    ("Вёрды", "реки", "река", "Вёрда"),
    ("Вёрдой", "рекой", "река", "Вёрда"),
    ("Вёрду", "реку", "река", "Вёрда"),
    ("Вёрда", "реке", "река", "Вёрда"),  # not declined after the kind word: as written
    ("Кривцово", "селе", "село", "Кривцово"),
    ("Вёрда", "река", "река", "Вёрда"),  # the kind word in the nominative
    ("Покровском", "селе", "село", "Покровское"),  # an adjective agrees with its word
    ("Никольского", "сельца", "сельцо", "Никольское"),
    ("Ивановской", "деревни", "деревня", "Ивановская"),
    ("Вёшенской", "станице", "станица", "Вёшенская"),
    ("Михайловского", "хутора", "хутор", "Михайловский"),
    ("Стромиловой", "деревне", "деревня", "Стромилова"),  # a possessive's short form
    ("Спасском-Лутовинове", "селе", "село", "Спасское-Лутовиново"),
])
def test_a_name_after_its_kind_word_goes_to_the_nominative(name, word, lemma, expected):
    assert apposed_place(name, kind(word, lemma)) == expected


@pytest.mark.parametrize("name, word, lemma", [
    ("Угре", "реке", "река"),  # the dictionary knows the place: its own reading decides
    ("Днепре", "реке", "река"),
    ("Мокшей", "рекой", "река"),
    ("Кривцове", "городе", "город"),  # not a village's word
    ("Ивановке", "деревне", "деревня"),  # no village stem: the ordinary reading
    ("Вёрде", "селе", "село"),
])
def test_other_names_are_left_to_the_ordinary_reading(name, word, lemma):
    assert apposed_place(name, kind(word, lemma)) is None


def test_villages_and_rivers_in_running_text():
    doc = analyzed("Отряд стоял в селе Кривцове на реке Вёрде, у деревни Студенки. "
                   "Бой у с. Бабине. Город стоит на реке Вёрда, на речке Вязёмке.")
    found = names(doc)
    assert found["Кривцове"] == "Кривцово"
    assert found["Вёрде"] == "Вёрда"
    assert found["Вёрда"] == "Вёрда"
    assert found["Бабине"] == "Бабино"
    assert "Вязёмке" in spans(doc, "LOCATION")


def test_a_river_is_not_linked_to_a_town_of_its_name():
    doc = analyzed("Войска стояли на реке Угре. Баржи шли по реке Днепру к Киеву.")
    by_text = {m.text: m.entity for m in doc.mentions}
    entity = {e.id: e for e in doc.entities}
    ugra = entity[by_text["Угре"]]
    assert ugra.geonames is None  # the town Угра of the Kaluga region is not the river
    dnieper = entity[by_text["Днепру"]]
    assert dnieper.geonames is None  # nor the city Днепр


def test_a_village_far_from_every_other_place_of_the_text_is_not_linked():
    doc = analyzed("Родился в с. Бородино Можайского уезда.")
    village = next(e for e in doc.entities if e.name == "Бородино")
    assert village.geonames is None  # the knowledge base's Бородино is a Siberian town


def test_a_village_named_by_an_adjective_is_not_the_town_of_that_adjective():
    doc = analyzed("Он родился в деревне Ивановской, а учился в Иванове.")
    village = next(e for e in doc.entities if e.name == "Ивановская")
    assert village.label == "CITY" and village.wikidata is None
    assert names(doc)["Иванове"] == "Иваново"
