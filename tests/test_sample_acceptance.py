"""The acceptance example: a real passage nobody on the team wrote (read from ../shared).

Skipped where the shared data is not beside the repository. Every phenomenon checked here
also has tests on the team's own sentences in the per-module test files.
"""

from pathlib import Path

import pytest

import letopis
from letopis.doc import Document, check_spans

SAMPLE = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "samples"
          / "khrushchev-1956-secret-speech.ru.txt")

PERSONS = {"Хрущёв", "Сталин", "Косолапов", "Шепилов", "Поспелов", "Молотов", "Каганович",
           "Ворошилов", "Маленков", "Ягода", "Ежов", "Берия"}


@pytest.fixture(scope="module")
def doc() -> Document:
    if not SAMPLE.exists():
        pytest.skip("shared sample not available")
    result = letopis.analyze(SAMPLE.read_text(encoding="utf-8"), source=str(SAMPLE.name))
    check_spans(result)
    return result


def surname(name: str) -> str:
    return max(name.replace(".", " ").split(), key=len)


def person_entities(doc: Document):
    return [e for e in doc.entities if e.label == "PERSON"]


def entity_named(doc: Document, wanted: str):
    found = [e for e in doc.entities if e.label == "PERSON" and surname(e.name) == wanted]
    assert len(found) == 1, (wanted, [e.name for e in person_entities(doc)])
    return found[0]


def test_twelve_persons_each_one_entity(doc):
    assert {surname(e.name) for e in person_entities(doc)} == PERSONS
    assert len(person_entities(doc)) == 12


def test_every_person_name_mention_is_merged(doc):
    for entity in person_entities(doc):
        for mid in entity.mentions:
            assert doc.mention(mid).entity == entity.id
    person_mentions = [m for m in doc.mentions if m.label == "PERSON"]
    assert all(m.entity for m in person_mentions)
    assert len(entity_named(doc, "Хрущёв").mentions) == 7
    assert len(entity_named(doc, "Сталин").mentions) == 10


def test_names_are_normalized(doc):
    assert "Д. Т." in entity_named(doc, "Шепилов").name
    assert "П. Н." in entity_named(doc, "Поспелов").name
    assert "Р. И." in entity_named(doc, "Косолапов").name
    assert entity_named(doc, "Хрущёв").name == "Хрущёв"
    orgs = {e.name for e in doc.entities if e.label == "ORGANIZATION"}
    assert "Российская компартия" in orgs


def test_organizations_and_countries(doc):
    orgs = {m.text for m in doc.mentions if m.label == "ORGANIZATION"}
    assert {"КПСС", "ЦК КПСС", "НКВД", "СЕПГ"} <= orgs
    assert any("Политбюро" in o for o in orgs)
    countries = {m.text for m in doc.mentions if m.label == "COUNTRY"}
    assert {"СССР", "США", "Польшу"} <= countries


def test_congress_is_an_event(doc):
    events = [m for m in doc.mentions if m.label == "EVENT" and "XX съезд" in m.text]
    assert len(events) == 2
    for event in events:
        assert any(m.label == "ORGANIZATION" and m.text == "КПСС" and event.start <= m.start
                   and m.end <= event.end for m in doc.mentions)


def test_dates(doc):
    values = {d.edtf for d in doc.dates}
    assert {"1956", "1938/..", "1956-06"} <= values
    texts = {doc.mention(d.mention).text for d in doc.dates}
    assert not any(t.strip().startswith(("5", "7", "10")) for t in texts)


def test_quotations_attributed_to_khrushchev(doc):
    khrushchev = entity_named(doc, "Хрущёв").id
    quotations = [q for q in doc.quotes if q.kind == "quotation"]
    assert len(quotations) == 2
    assert all(q.speaker == khrushchev and q.cue is not None for q in quotations)
    assert quotations[0].text.startswith("перед историей")
    assert quotations[1].text.startswith("...тот, кто")


def test_document_titles(doc):
    titles = {q.text for q in doc.quotes if q.kind == "title"}
    assert "О культе личности и его последствиях" in titles
    assert "О преодолении культа личности и его последствий" in titles


def test_terms_are_not_attributed(doc):
    terms = {q.text: q for q in doc.quotes if q.kind == "term"}
    for term in ("десталинизации", "контрреволюционную деятельность", "антисоветскую агитацию",
                 "убежать вперёд"):
        assert term in terms and terms[term].speaker is None


def test_claim_of_kosolapov_citing_shepilov(doc):
    holder = entity_named(doc, "Косолапов").id
    source = entity_named(doc, "Шепилов").id
    claims = [c for c in doc.claims if c.holder == holder and c.source == source]
    assert len(claims) == 1
    assert claims[0].cue is not None
    assert doc.text[claims[0].cue.start:claims[0].cue.end] == "утверждает"
