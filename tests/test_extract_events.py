"""EVENT mentions: grammar for named events and the train-derived lexicon (own sentences)."""

from __future__ import annotations

import letopis
from letopis.doc import Document, check_spans
from letopis.extract.events import tag_events
from letopis.morph import tag_morph
from letopis.segment import segment


def prepared(text: str, orgs: tuple[str, ...] = ()) -> Document:
    """Segmented, lemmatised document with the given organisation names marked."""
    doc = tag_morph(segment(Document(text)))
    for name in orgs:
        start = text.index(name)
        while start >= 0:
            doc.add_mention(start, start + len(name), "ORGANIZATION")
            start = text.find(name, start + 1)
    return doc


def events(doc: Document) -> list[str]:
    return [m.text for m in doc.mentions if m.label == "EVENT"]


def test_congress_with_ordinal_and_party_keeps_org_nested():
    doc = tag_events(prepared("Доклад прозвучал на XX съезде КПСС в феврале.", ("КПСС",)))
    check_spans(doc)
    assert "XX съезде КПСС" in events(doc)
    assert "на XX съезде КПСС" not in events(doc)
    orgs = [m for m in doc.mentions if m.label == "ORGANIZATION"]
    event = next(m for m in doc.mentions if m.text == "XX съезде КПСС")
    assert any(event.start <= m.start and m.end <= event.end for m in orgs)


def test_ordinal_adjective_conference():
    doc = tag_events(prepared("Спор продолжился на XIX партийной конференции летом."))
    check_spans(doc)
    assert "XIX партийной конференции" in events(doc)


def test_plenum_of_the_central_committee():
    doc = tag_events(prepared("Решение утвердил Пленум ЦК КПСС в марте.", ("ЦК", "КПСС")))
    check_spans(doc)
    assert "Пленум ЦК КПСС" in events(doc)


def test_named_wars_revolutions_and_crises():
    text = (
        "Его отец прошёл всю Великую Отечественную войну. "
        "Семья уехала вскоре после Октябрьской революции. "
        "Карибский кризис напугал весь мир. "
        "Завод восстановили после Второй мировой войны."
    )
    doc = tag_events(prepared(text))
    check_spans(doc)
    found = events(doc)
    for name in (
        "Великую Отечественную войну", "Октябрьской революции", "Карибский кризис",
        "Второй мировой войны",
    ):
        assert name in found


def test_plain_event_noun_is_not_a_named_event():
    doc = tag_events(prepared("Он любил читать книги о войне и о кризисе."))
    check_spans(doc)
    assert events(doc) == []


def test_lexicon_words_from_train():
    doc = tag_events(prepared("Старый мастер скончался в больнице, а его ученик подал в отставку."))
    check_spans(doc)
    assert "скончался" in events(doc)
    assert "подал в отставку" in events(doc)


def test_whole_pipeline_keeps_the_congress_span():
    doc = letopis.analyze("Весной 1956 года на XX съезде КПСС выступил первый секретарь.")
    check_spans(doc)
    assert "XX съезде КПСС" in events(doc)
