"""Relations in the corpus store: own table, one transaction, aggregation, migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from letopis.doc import Relation
from letopis.store import Store, StoreError
from letopis.store.write import entity_id
from relation_builders import TEXT, build_relation_document


def _two_documents() -> list:
    first = build_relation_document("a.txt")
    second = build_relation_document("b.txt", "Из дневника. " + TEXT)
    spouse = next(r for r in second.relations if r.type == "SPOUSE")
    spouse.head, spouse.tail = spouse.tail, spouse.head  # the other order: one pair all the same
    return [first, second]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    with Store.open(path) as store:
        for doc in _two_documents():
            assert store.add(doc)
    return path


def test_relations_are_rows_that_pass_the_integrity_and_foreign_key_checks(db: Path):
    with Store.open(db, readonly=True) as store:
        conn = store.conn
        assert conn.execute("SELECT count(*) FROM relations").fetchone()[0] == 20
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        row = conn.execute(
            "SELECT head_entity, tail_entity, tail_name, score FROM relations"
            " WHERE type = 'WORKS_AS' ORDER BY doc LIMIT 1").fetchone()
        assert row == (entity_id("PERSON", "Троцкий"), None, "нарком по военным делам", 0.99)


def test_groups_aggregate_pairs_across_documents_with_exact_evidence(db: Path):
    with Store.open(db, readonly=True) as store:
        total, groups = store.relations(limit=100)
        assert total == 10 and all(g.documents == 2 and g.relations == 2 for g in groups)
        for group in groups:
            assert len(group.evidence) == 2
            for passage in group.evidence:
                text = store.document(passage.doc).text
                assert text[passage.start:passage.end] == passage.text
        date = next(g for g in groups if g.type == "POINT_IN_TIME")
        assert date.edtf == ["1921-03"] and date.name == "дата"
        assert date.head.name == "X съезд РКП(б)" and date.tail.entity is None
        assert date.tail.key == "DATE:марте 1921 года"


def test_a_symmetric_relation_is_one_pair_whatever_the_order(db: Path):
    with Store.open(db, readonly=True) as store:
        total, [spouse] = store.relations(type="SPOUSE")
        assert total == 1 and spouse.symmetric and spouse.documents == 2
        assert {spouse.head.name, spouse.tail.name} == {"Ленин", "Крупская"}


def test_filters_by_type_and_entity_and_pages(db: Path):
    lenin = entity_id("PERSON", "Ленин")
    with Store.open(db, readonly=True) as store:
        total, groups = store.relations(entity=lenin)
        assert total == 3
        assert {g.type for g in groups} == {"PARTICIPANT_IN", "MEMBER_OF", "SPOUSE"}
        assert store.relations(type="MEMBER_OF", entity=lenin)[0] == 1
        assert store.relations(type="WORKS_AS", entity=lenin) == (0, [])
        first = store.relations(limit=4, offset=0)[1]
        rest = store.relations(limit=4, offset=4)[1] + store.relations(limit=4, offset=8)[1]
        keys = [(g.type, g.head.key, g.tail.key) for g in first + rest]
        assert len(keys) == len(set(keys)) == 10
        assert dict(store.relation_types())["SPOUSE"] == 2


def test_relations_are_written_in_the_documents_transaction(tmp_path: Path, monkeypatch):
    import letopis.store.write as write

    def broken(*args: object) -> None:
        raise sqlite3.IntegrityError("relation refused")

    monkeypatch.setattr(write, "insert_relations", broken)
    with Store.open(tmp_path / "c.db") as store:
        with pytest.raises(StoreError, match="relation refused"):
            store.add(build_relation_document())
        assert store.documents()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0


def test_an_older_store_without_the_table_opens_and_is_migrated(db: Path):
    with sqlite3.connect(db) as conn:  # what a store written before relations looks like
        conn.execute("DROP VIEW relation_pairs")
        conn.execute("DROP TABLE relations")
    conn.close()
    with Store.open(db, readonly=True) as store:
        assert store.relations() == (0, []) and store.relation_types() == []
        assert store.documents()[0] == 2
    with Store.open(db) as store:  # opened for writing: the table is added and filled
        assert store.relations()[0] == 10
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        pairs = store.conn.execute("SELECT sum(n) FROM relation_pairs").fetchone()[0]
        assert pairs == 20


def test_every_stored_evidence_span_keeps_the_offset_invariant(db: Path):
    with Store.open(db, readonly=True) as store:
        for num, local, start, end in store.conn.execute(
                'SELECT doc, local_id, start, "end" FROM relations'):
            doc_id = store.conn.execute(
                "SELECT id FROM documents WHERE num = ?", (num,)).fetchone()[0]
            doc = store.document(doc_id)
            rel = next(r for r in doc.relations if r.id == local)
            assert (rel.start, rel.end) == (start, end)
            assert isinstance(rel, Relation) and 0 <= start < end <= len(doc.text)


def test_a_relation_of_an_entity_to_itself_is_stored_but_not_a_fact(tmp_path: Path):
    doc = build_relation_document()
    full = next(m for m in doc.mentions if m.text == "X съезд РКП(б)")
    short = next(m for m in doc.mentions if m.text == "съезде")
    assert full.entity == short.entity
    doc.relations.append(Relation("r99", "ALTERNATIVE_NAME", full.id, short.id, full.start,
                                  short.end, 0.7))
    with Store.open(tmp_path / "c.db") as store:
        assert store.add(doc)
        stored = store.conn.execute(
            "SELECT count(*) FROM relations WHERE type = 'ALTERNATIVE_NAME'").fetchone()[0]
        assert stored == 1
        total, groups = store.relations(type="ALTERNATIVE_NAME")
        assert total == 0 and groups == []
