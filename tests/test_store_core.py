"""The corpus store: writing, idempotency, cross-document entities, browsing and search."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from letopis.doc import Claim, DateValue, Document, Entity, Quote, check_spans
from letopis.store import NotFoundError, SearchError, Store, StoreError
from letopis.store.schema import SCHEMA_VERSION

TEXTS = {
    "a": "В марте 1956 года Хрущёв выступил в Москве с докладом. Шепилов слушал Хрущёва молча.",
    "b": "Летом 1957 года Шепилов выступил против Хрущёва на пленуме. Хрущёв одержал верх.",
    "c": "В 1947 году Жданов руководил идеологической работой в Ленинграде.",
}
# (surface, label, canonical name); surfaces are found left to right.
NAMES = {
    "a": [("Хрущёв", "PERSON", "Хрущёв"), ("Москве", "CITY", "Москва"),
          ("Шепилов", "PERSON", "Шепилов"), ("Хрущёва", "PERSON", "Хрущёв")],
    "b": [("Шепилов", "PERSON", "Шепилов"), ("Хрущёва", "PERSON", "Хрущёв"),
          ("Хрущёв", "PERSON", "Хрущёв")],
    "c": [("Жданов", "PERSON", "Жданов"), ("Ленинграде", "CITY", "Ленинград")],
}
DATES = {"a": ("В марте 1956 года", "1956-03"), "b": ("Летом 1957 года", "1957-22"),
         "c": ("В 1947 году", "1947")}


def build(key: str) -> Document:
    """A hand-annotated document (no model involved)."""
    text = TEXTS[key]
    doc = Document(text, f"{key}.txt")
    surface, edtf = DATES[key]
    start = text.index(surface)
    date = doc.add_mention(start, start + len(surface), "DATE")
    doc.dates.append(DateValue(date.id, edtf))
    entities: dict[tuple[str, str], Entity] = {}
    cursor = 0
    for surface, label, name in NAMES[key]:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        mention = doc.add_mention(start, cursor, label)
        entity = entities.setdefault(
            (label, name), Entity(f"e{len(entities) + 1}", label, name),
        )
        entity.mentions.append(mention.id)
        mention.entity = entity.id
    doc.entities = list(entities.values())
    doc.sort_mentions()
    check_spans(doc)
    return doc


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "corpus.db") as opened:
        for key in TEXTS:
            assert opened.add(build(key))
        yield opened


def entity_named(store: Store, name: str) -> str:
    _, found = store.entities(name=name)
    return next(e.id for e in found if e.name == name)


def test_add_is_idempotent(store: Store) -> None:
    assert not store.add(build("a"))
    total, items = store.documents()
    assert total == 3
    assert [i.source for i in items] == ["a.txt", "b.txt", "c.txt"]
    assert store.has(build("b").id)
    assert not store.has("0" * 64)


def test_document_round_trip(store: Store) -> None:
    original = build("b")
    stored = store.document(original.id)
    check_spans(stored)
    assert stored.to_dict() == original.to_dict()


def test_documents_paging(store: Store) -> None:
    total, page = store.documents(limit=2, offset=2)
    assert total == 3
    assert [d.source for d in page] == ["c.txt"]
    assert page[0].date_lo == page[0].date_hi == 1947


def test_cross_document_entity(store: Store) -> None:
    khrushchev = entity_named(store, "Хрущёв")
    view = store.entity(khrushchev, window=12)
    assert (view.documents, view.mentions) == (2, 4)
    assert sorted(view.aliases) == ["Хрущёв", "Хрущёва"]
    for context in view.contexts:
        text = TEXTS[str(context.source)[0]]
        assert text[context.start:context.end] == context.text
        assert text[:context.start].endswith(context.before)
        assert text[context.end:].startswith(context.after)
        assert len(context.before) <= 12
    assert {c.date for c in view.contexts} == {"1956-03", "1957-22", None}


def test_entity_listing_and_filters(store: Store) -> None:
    total, people = store.entities(label="PERSON")
    assert total == 3
    assert people[0].documents == 2
    assert store.entities(name="хрущев")[0] == 1  # ё folded, case ignored
    assert store.entities(name="%")[0] == 0
    with pytest.raises(NotFoundError):
        store.entity("E0")


def test_cooccurring_and_dated(store: Store) -> None:
    shepilov = entity_named(store, "Шепилов")
    shared = {c.entity.name: c.documents for c in store.cooccurring(shepilov)}
    assert shared == {"Хрущёв": 2, "Москва": 1}
    dated = store.dated_mentions(shepilov)
    assert [(d.edtf, d.lo, d.text) for d in dated] == [("1957-22", 1957, "Шепилов")]
    khrushchev = store.dated_mentions(entity_named(store, "Хрущёв"))
    assert [d.edtf for d in khrushchev] == ["1956-03", "1957-22"]


def test_shared_documents_agrees_with_cooccurring(store: Store) -> None:
    ids = [entity_named(store, n) for n in ("Шепилов", "Хрущёв", "Москва")]
    pairs = store.shared_documents(ids)
    assert all(a < b for a, b in pairs)
    for a in ids:
        expected = {c.entity.id: c.documents for c in store.cooccurring(a) if c.entity.id in ids}
        got = {b if x == a else x: n for (x, b), n in pairs.items() if a in (x, b)}
        assert got == expected
    assert store.shared_documents(ids[:1]) == {}


def test_search_by_inflected_form(store: Store) -> None:
    total, hits = store.search("Хрущёвым")
    assert total == 2
    hit = hits[0]
    for start, end in hit.highlights:
        assert hit.snippet[start:end].startswith("Хрущёв")
    text = TEXTS[str(hit.source)[0]]
    assert text[hit.snippet_start:hit.snippet_start + len(hit.snippet)] == hit.snippet


def test_search_boolean_and_phrase(store: Store) -> None:
    assert store.search("Ленинградом")[0] == 1
    assert store.search("шепиловым пленумом")[0] == 1
    assert store.search("Жданов OR пленум")[0] == 2
    assert store.search("Хрущёв NOT пленум")[0] == 1
    assert store.search('"выступил против Хрущёва"')[0] == 1
    assert store.search('"против выступил"')[0] == 0


@pytest.mark.parametrize("query", ['"Хрущёв', "Хрущёв AND", "(Хрущёв", "OR", "!!!"])
def test_malformed_query(store: Store, query: str) -> None:
    with pytest.raises(SearchError) as caught:
        store.search(query)
    assert "\n" not in str(caught.value)


def test_search_filters(store: Store) -> None:
    assert store.search(date_from=1955, date_to=1957)[0] == 2
    assert store.search("Хрущёв", date_from=1957, date_to=1960)[1][0].source == "b.txt"
    assert store.search(date_to=1950)[0] == 1
    both = [entity_named(store, "Хрущёв"), entity_named(store, "Шепилов")]
    total, hits = store.search(entity=both, date_from=1955, date_to=1956)
    assert (total, hits[0].source) == (1, "a.txt")
    assert store.search(label="CITY")[0] == 2
    assert store.search("Жданов", label="CITY")[0] == 1


def test_read_only_refuses_writes(store: Store) -> None:
    with Store.open(store.path, readonly=True) as reader:
        assert reader.documents()[0] == 3
        with pytest.raises(StoreError):
            reader.add(build("a"))
        with pytest.raises(sqlite3.OperationalError):
            reader.conn.execute("DELETE FROM documents")


def test_read_only_needs_a_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Store.open(tmp_path / "absent.db", readonly=True)


def test_schema_version_checked(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                 (SCHEMA_VERSION + "0",))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema version"):
        Store.open(path)


def test_not_a_store(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("это не база данных, а обычный текст" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not a letopis store"):
        Store.open(junk)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a letopis store"):
        Store.open(other)


def test_integrity(store: Store) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT count(*) FROM doc_fts").fetchone()[0] == 3
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_quotes_and_claims_point_at_corpus_entities(tmp_path: Path) -> None:
    doc = build("a")
    speaker = next(e.id for e in doc.entities if e.name == "Хрущёв")
    start = doc.text.index("с докладом")
    doc.quotes.append(Quote("q1", start, start + 10, "с докладом", "quotation", speaker))
    doc.claims.append(Claim("c1", start, start + 10, "с докладом", holder=speaker))
    check_spans(doc)
    with Store.open(tmp_path / "q.db") as store:
        store.add(doc)
        khrushchev = entity_named(store, "Хрущёв")
        assert store.conn.execute("SELECT speaker FROM quotes").fetchall() == [(khrushchev,)]
        assert store.conn.execute("SELECT holder, source FROM claims").fetchall() == [
            (khrushchev, None)]
        assert store.document(doc.id).to_dict() == doc.to_dict()


def test_failed_add_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from letopis.store import write

    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk on fire")

    with Store.open(tmp_path / "f.db") as store:
        store.add(build("c"))
        monkeypatch.setattr(write, "_insert_spans", broken)
        with pytest.raises(StoreError, match="disk on fire"):
            store.add(build("a"))
        monkeypatch.undo()
        conn = store.conn
        counts = {"documents": 1, "doc_fts": 1, "doc_entities": 2, "entities": 2, "dates": 1}
        for table, count in counts.items():
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
        assert conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == 3
        assert conn.execute("SELECT sum(n_docs) FROM entities").fetchone()[0] == 2
        assert store.add(build("a"))


def test_phrase_with_a_name_typed_in_lower_case(store: Store) -> None:
    assert store.search('"против хрущёва"')[0] == 1
    assert store.search('"шепилов слушал"')[0] == 1


def _counts(store: Store) -> dict[str, int]:
    tables = ("documents", "doc_fts", "doc_entities", "entities", "entity_keys", "mentions",
              "dates")
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def _entities(store: Store) -> list[tuple[object, ...]]:
    return store.conn.execute("SELECT * FROM entities ORDER BY id").fetchall()


def test_add_many_stores_what_add_stores(store: Store, tmp_path: Path) -> None:
    from letopis.store.prepare import prepare

    with Store.open(tmp_path / "many.db") as many:
        assert many.add_many([prepare(build(key)) for key in TEXTS]) == [True] * len(TEXTS)
        assert many.add_many([prepare(build("a")), prepare(build("b"))]) == [False, False]
        assert _counts(many) == _counts(store)
        assert _entities(many) == _entities(store)
        assert [i.source for i in many.documents()[1]] == ["a.txt", "b.txt", "c.txt"]


def test_add_many_leaves_out_only_the_document_that_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from letopis.store import write
    from letopis.store.prepare import prepare

    insert_spans = write._insert_spans

    def broken_for_a(conn: sqlite3.Connection, num: int, doc: Document, *rest: object) -> None:
        if doc.source == "a.txt":
            raise sqlite3.OperationalError("disk on fire")
        insert_spans(conn, num, doc, *rest)  # type: ignore[arg-type]

    with Store.open(tmp_path / "f.db") as store:
        monkeypatch.setattr(write, "_insert_spans", broken_for_a)
        outcomes = store.add_many([prepare(build(key)) for key in ("b", "a", "c")])
        monkeypatch.undo()
        assert outcomes[0] is True and outcomes[2] is True
        assert isinstance(outcomes[1], StoreError) and "disk on fire" in str(outcomes[1])
        assert [i.source for i in store.documents()[1]] == ["b.txt", "c.txt"]
        assert store.add(build("a"))
    with Store.open(tmp_path / "all.db") as whole:
        for key in ("b", "c", "a"):
            whole.add(build(key))
        with Store.open(tmp_path / "f.db") as store:
            assert _counts(store) == _counts(whole)
            assert _entities(store) == _entities(whole)
