"""Adjectives of a person's name before a noun of an era or a reign (``петровских
реформ``, ``Николаевская эпоха``): no place, and no link to a town. The texts are our own."""

from __future__ import annotations

from analysis_views import analyzed, spans


def test_an_adjective_of_a_persons_name_before_an_era_names_no_place():
    doc = analyzed("Историки спорят о значении петровских реформ. Николаевская эпоха не "
                   "знала гласности, и Екатерининского вельможи никто не помнил.")
    labels = {m.text: m.label for m in doc.mentions}
    assert not {"петровских", "Николаевская", "Екатерининского"} & set(labels)
    assert not [e for e in doc.entities if e.geonames]


def test_a_place_or_a_named_person_keeps_its_adjective_before_an_era_noun():
    doc = analyzed("Болельщики ивановской команды приехали в Иваново. Петербургский период "
                   "жизни поэта кончился.")
    places = {m.text for m in doc.mentions if m.label == "CITY"}
    assert {"ивановской", "Иваново", "Петербургский"} <= places
    doc = analyzed("Юрий Лужков ушёл, и новый мэр уволил членов лужковской команды.")
    assert "лужковской" in spans(doc, "PERSON")
