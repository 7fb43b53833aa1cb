"""Place refinement: gazetteer lookups on LOC spans (own sentences)."""

from __future__ import annotations

from letopis.doc import Document, check_spans
from letopis.extract import gazetteer, geo
from letopis.morph import tag_morph
from letopis.segment import segment


def prepared(text: str) -> Document:
    return tag_morph(segment(Document(text)))


def label_of(doc: Document, name: str) -> str:
    check_spans(doc)
    start = doc.text.index(name)
    return geo.place_label(doc, start, start + len(name))


def test_countries_in_any_case():
    doc = prepared("Делегация СССР вылетела в Польшу, а оттуда в США.")
    check_spans(doc)
    assert label_of(doc, "СССР") == "COUNTRY"
    assert label_of(doc, "Польшу") == "COUNTRY"
    assert label_of(doc, "США") == "COUNTRY"


def test_city():
    doc = prepared("Поезд из Москвы опоздал на два часа.")
    assert label_of(doc, "Москвы") == "CITY"


def test_unknown_place_stays_location():
    doc = prepared("Экспедиция дошла до Зурбаганьи к осени.")
    assert label_of(doc, "Зурбаганьи") == "LOCATION"


def test_historical_states_from_the_hand_written_list():
    doc = prepared("Инженеры из ГДР и Чехословакии приехали в Российскую империю.")
    assert label_of(doc, "ГДР") == "COUNTRY"
    assert label_of(doc, "Чехословакии") == "COUNTRY"


def test_generic_head_word_of_an_unknown_region():
    doc = prepared("Он родился в Зурбаганской области.")
    assert label_of(doc, "Зурбаганской области") == "STATE_OR_PROVINCE"


def test_span_without_tokens_is_lemmatised_from_text():
    doc = Document("Польшу")
    assert geo.place_label(doc, 0, len(doc.text)) == "COUNTRY"


def test_gazetteer_loading_is_lazy_and_cached():
    geo.place_table.cache_clear()
    gazetteer.count_table.cache_clear()
    assert gazetteer.count_table.cache_info().currsize == 0
    doc = prepared("Он уехал в Польшу.")
    label_of(doc, "Польшу")
    loaded = gazetteer.count_table.cache_info()
    assert loaded.currsize > 0
    label_of(doc, "Польшу")
    assert gazetteer.count_table.cache_info().misses == loaded.misses
    assert geo.place_table() is geo.place_table()


def test_keys_match_tokens_and_free_text_alike():
    doc = prepared("Он жил в Нижнем Новгороде.")
    check_spans(doc)
    tokens = gazetteer.span_tokens(doc, doc.text.index("Нижнем"), len(doc.text) - 1)
    assert gazetteer.tokens_key(tokens, words_only=True) == gazetteer.phrase_key("Нижнем Новгороде")


def test_tag_places_adds_nested_and_adjectival_places():
    text = "Правительство Польши и американские дипломаты встретились в Москве."
    doc = prepared(text)
    start = text.index("Правительство Польши")
    doc.add_mention(start, start + len("Правительство Польши"), "ORGANIZATION")
    geo.tag_places(doc)
    check_spans(doc)
    found = {(m.text, m.label) for m in doc.mentions}
    assert ("Польши", "COUNTRY") in found
    assert ("американские", "COUNTRY") in found
    assert ("Москве", "CITY") in found


def test_tag_places_leaves_existing_spans_and_person_names_alone():
    text = "Писатель Максим Горький жил в Москве."
    doc = prepared(text)
    person = text.index("Максим Горький")
    doc.add_mention(person, person + len("Максим Горький"), "PERSON")
    city = text.index("Москве")
    doc.add_mention(city, city + len("Москве"), "CITY")
    geo.tag_places(doc)
    check_spans(doc)
    assert len(doc.mentions) == 2
