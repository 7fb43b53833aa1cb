"""letopis.kb.facts: relations as facts grouped by subject, events as records."""

from __future__ import annotations

from letopis.doc import RELATION_TYPES, Document, Mention, Relation, check_spans
from letopis.kb.facts import RELATION_NAMES, doc_facts, events, facts, relation_name, snippet
from relation_builders import TEXT, build_relation_document


def test_every_relation_type_has_a_russian_name():
    assert set(RELATION_NAMES) == set(RELATION_TYPES)
    assert relation_name("WORKS_AS") == "должность"
    assert relation_name("WORKPLACE") == "место работы"
    assert relation_name("PARENT_OF") == "ребёнок"
    assert relation_name("PARENT_OF", inverse=True) == "родитель"
    assert relation_name("UNKNOWN") == "UNKNOWN"


def test_doc_facts_resolve_entities_and_plain_mentions():
    doc = build_relation_document()
    by_type = {f.type: f for f in doc_facts(doc)}
    assert len(by_type) == len(doc.relations)
    works = by_type["WORKS_AS"]
    assert works.subject.name == "Троцкий" and works.subject.entity == "e7"
    # A profession outside any entity is named by its text.
    assert works.other.entity is None and works.other.name == "нарком по военным делам"
    assert works.name == "должность" and works.score == 0.99
    assert by_type["PARTICIPANT_IN"].other.name == "X съезд РКП(б)"  # «съезде» → entity name
    assert by_type["POINT_IN_TIME"].edtf == ("1921-03",)
    assert by_type["TAKES_PLACE_IN"].edtf == ()


def test_every_evidence_span_holds_the_offset_invariant():
    doc = build_relation_document(text="👍🏽 " + TEXT)  # astral characters before the text
    check_spans(doc)
    for fact in doc_facts(doc):
        assert 0 <= fact.start < fact.end <= len(doc.text)
        for party in (fact.subject, fact.other):
            assert doc.text[party.start:party.end] == party.text
            assert fact.start <= party.start and party.end <= fact.end
        assert fact.snippet == " ".join(doc.text[fact.start:fact.end].split())


def test_facts_group_by_subject_and_list_symmetric_relations_under_both_sides():
    groups = {g.party.name: g for g in facts(build_relation_document())}
    assert [f.type for f in groups["Троцкий"].facts] == ["WORKS_AS", "CONVICTED_OF"]
    lenin = groups["Ленин"]
    assert {f.type for f in lenin.facts} == {"PARTICIPANT_IN", "MEMBER_OF", "SPOUSE"}
    spouse = next(f for f in lenin.facts if f.type == "SPOUSE")
    assert spouse.inverse and spouse.other.name == "Крупская" and spouse.symmetric
    krupskaya = groups["Крупская"]
    assert [(f.type, f.other.name) for f in krupskaya.facts] == [
        ("SPOUSE", "Ленин"), ("WORKPLACE", "Наркомпрос")]
    assert lenin.mentions == ["m5"]
    assert groups["X съезд РКП(б)"].mentions == ["m3", "m6", "m13"]
    assert "Москва" not in groups  # only tails: no facts of its own


def test_events_have_dates_places_participants_and_parts():
    records = {r.party.name: r for r in events(build_relation_document())}
    congress = records["X съезд РКП(б)"]
    assert congress.edtf == ["1921-03"]
    assert [(f.type, f.other.text) for f in congress.dates] == [
        ("POINT_IN_TIME", "марте 1921 года")]
    assert [f.other.name for f in congress.places] == ["Москва"]
    assert sorted((f.type, f.other.name) for f in congress.participants) == [
        ("ORGANIZES", "РКП(б)"), ("PARTICIPANT_IN", "Ленин")]
    assert all(f.inverse and f.subject.name == "X съезд РКП(б)" for f in congress.participants)
    organizer = next(f for f in congress.participants if f.type == "ORGANIZES")
    assert organizer.name == "организатор"
    assert [(f.other.name, f.inverse) for f in congress.parts] == [("Прения о профсоюзах", True)]
    debate = records["Прения о профсоюзах"]
    assert [(f.other.name, f.inverse, f.name) for f in debate.parts] == [
        ("X съезд РКП(б)", False, "часть события")]
    assert list(records) == ["X съезд РКП(б)", "Прения о профсоюзах"]  # dated first


def test_undated_event_without_entity_is_a_record_and_unknown_mentions_are_skipped():
    doc = Document("Битва шла долго.")
    doc.mentions.append(Mention("m1", 0, 5, "Битва", "EVENT"))
    doc.relations.append(Relation("r1", "POINT_IN_TIME", "m1", "m9", 0, 5))
    [record] = events(doc)
    assert record.party.name == "Битва" and record.party.entity is None
    assert record.dates == [] and doc_facts(doc) == [] and facts(doc) == []


def test_evidence_outside_the_text_falls_back_to_the_mentions():
    doc = build_relation_document()
    doc.relations[0].end = len(doc.text) + 5
    fact = doc_facts(doc)[0]
    assert doc.text[fact.start:fact.end] == "марте 1921 года в Москве прошёл X съезд РКП(б)"


def test_snippet_shortens_long_evidence():
    text = "а" * 300 + " б"
    short = snippet(text, 0, len(text), 50)
    assert len(short) <= 53 and " … " in short and short.endswith("б")


def test_a_relation_of_an_entity_to_itself_is_no_fact() -> None:
    from letopis.doc import Relation
    from letopis.kb.facts import facts
    from relation_builders import build_relation_document

    doc = build_relation_document()
    full = next(m for m in doc.mentions if m.text == "X съезд РКП(б)")
    short = next(m for m in doc.mentions if m.text == "съезде")
    before = sum(len(s.facts) for s in facts(doc))
    doc.relations.append(Relation("r99", "ALTERNATIVE_NAME", full.id, short.id, full.start,
                                  short.end, 0.7))
    assert sum(len(s.facts) for s in facts(doc)) == before
