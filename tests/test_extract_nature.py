"""Rivers, lakes, seas and mountains of campaign journals, travel notes and chronicles
(texts written for these tests)."""

from __future__ import annotations

from analysis_views import analyzed, names, spans
from letopis.doc import Document, check_spans
from letopis.extract.nature import feature_forms, feature_name, tag_natural_features
from letopis.morph import tag_morph
from letopis.segment import segment


def prepared(text: str, label: str | None = None, word: str | None = None) -> Document:
    """The text segmented and tagged, with a mention of ``label`` over ``word``."""
    doc = tag_morph(segment(Document(text)))
    if label and word:
        start = text.index(word)
        doc.add_mention(start, start + len(word), label)
    return doc


def labels(doc: Document) -> dict[str, str]:
    check_spans(doc)
    return {m.text: m.label for m in doc.mentions}


def test_the_rivers_of_a_campaign_are_locations():
    doc = analyzed("Корпус переправился через Березину и отошел за Неман; обозы зимовали "
                   "на Дунае, а казаки стояли за Волгой.")
    assert {"Березину", "Неман", "Дунае", "Волгой"} <= set(spans(doc, "LOCATION"))
    assert not {"Березину", "Неман", "Дунае", "Волгой"} & set(
        spans(doc, "PERSON") + spans(doc, "CITY"))


def test_a_town_named_as_its_river_needs_the_waters_words():
    town = prepared("В Днепре открылся новый музей.", "CITY", "Днепре")
    assert labels(tag_natural_features(town)) == {"Днепре": "CITY"}
    river = prepared("Купцы зимовали на Днепре.", "CITY", "Днепре")
    assert labels(tag_natural_features(river)) == {"Днепре": "LOCATION"}
    passing = prepared("Обоз шел через Уфу в Оренбург.", "CITY", "Уфу")
    assert labels(tag_natural_features(passing))["Уфу"] == "CITY"


def test_a_person_named_as_a_river_stays_a_person():
    doc = prepared("Лена пришла к Нилу и долго говорила с ним.", "PERSON", "Лена")
    assert labels(tag_natural_features(doc)) == {"Лена": "PERSON"}
    shore = prepared("По берегам Лены жили якуты.")
    assert labels(tag_natural_features(shore)) == {"Лены": "LOCATION"}


def test_a_feature_beside_another_one_counts():
    doc = tag_natural_features(prepared("Полки стояли между Днестром и Прутом."))
    assert labels(doc) == {"Днестром": "LOCATION", "Прутом": "LOCATION"}


def test_a_name_in_quotes_or_an_organization_keeps_its_label():
    car = tag_natural_features(prepared("Он купил «Волгу» у соседа."))
    assert labels(car) == {}
    club = prepared("Енисей обыграл гостей со счетом 2:0.", "ORGANIZATION", "Енисей")
    assert labels(tag_natural_features(club)) == {"Енисей": "ORGANIZATION"}
    shore = prepared("Зимовье стояло на берегу Енисея.", "ORGANIZATION", "Енисея")
    assert labels(tag_natural_features(shore)) == {"Енисея": "LOCATION"}


def test_capitals_and_common_words_are_no_rivers():
    doc = tag_natural_features(prepared("Отряды УПА ушли в лес. Обе стороны молчали."))
    assert labels(doc) == {}
    assert "обе" not in feature_forms() and "око" not in feature_forms()


def test_seas_and_mountains_of_several_words():
    doc = analyzed("Суда шли по Черному морю к Босфору, а полк зимовал у подножия "
                   "Уральских гор.")
    found = spans(doc, "LOCATION")
    assert "Черному морю" in found and "Босфору" in found and "Уральских гор" in found


def test_a_river_is_not_linked_to_the_town_of_its_name():
    doc = analyzed("Армия отступила за Неман.")
    assert names(doc)["Неман"] == "Неман"
    entity = next(e for e in doc.entities if e.name == "Неман")
    assert entity.label == "LOCATION" and entity.geonames is None
    assert feature_name("Неман") and feature_name("Черное море") and not feature_name("Москва")
