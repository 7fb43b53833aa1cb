"""Corpus identity in the store: which document entities join one corpus entity."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from identity_builders import (
    ADJECTIVE,
    KHRUSHCHEV_BARE,
    KHRUSHCHEV_FULL,
    KHRUSHCHEV_INITIALS,
    RF_LINKED,
    RUSSIA,
    SERGEI,
    named_document,
)
from letopis.doc import Document
from letopis.store import Store
from letopis.store.identity import contradicts, person_parts

DOCS = [KHRUSHCHEV_FULL, KHRUSHCHEV_INITIALS, KHRUSHCHEV_BARE, SERGEI, RF_LINKED, RUSSIA,
        ADJECTIVE]


def _store(path: Path, docs: list[Document]) -> Path:
    with Store.open(path) as store:
        for doc in docs:
            store.add(doc)
    return path


def partition(db: Path) -> set[frozenset[tuple[str, str]]]:
    """The corpus entities as sets of (document source, local entity id)."""
    groups: dict[str, set[tuple[str, str]]] = {}
    with Store.open(db, readonly=True) as store:
        for entity, source, local in store.conn.execute(
                "SELECT de.entity, d.source, de.local_id FROM doc_entities de"
                " JOIN documents d ON d.num = de.doc"):
            groups.setdefault(entity, set()).add((source, local))
    return {frozenset(g) for g in groups.values()}


def same(db: Path, *members: tuple[str, str]) -> bool:
    return any(set(members) <= group for group in partition(db))


def test_person_parts_and_contradictions():
    full, initials = person_parts("Никита Сергеевич Хрущёв"), person_parts("Н. С. Хрущёв")
    assert (full.surname, full.first, full.patronymic) == ("хрущев", "никита", "сергеевич")
    assert initials.initials == ("н", "с") and initials.first is None
    assert not contradicts(full, initials)
    assert contradicts(full, person_parts("Сергей Никитич Хрущёв"))
    assert contradicts(person_parts("А. Хрущёв"), initials)
    assert person_parts("Никита Сергеевич").surname is None


def test_names_join_across_documents(tmp_path: Path):
    db = _store(tmp_path / "c.db", DOCS)
    # a surname with initials, and the bare surname, join the full name
    assert same(db, ("full.txt", "e1"), ("initials.txt", "e1"), ("bare.txt", "e1"))
    # the son's first name contradicts: another person
    assert not same(db, ("full.txt", "e1"), ("son.txt", "e1"))
    # inflected forms meet through their lemmas; a Q-id joins an abbreviation
    assert same(db, ("initials.txt", "e2"), ("bare.txt", "e2"))
    assert same(db, ("rf.txt", "e1"), ("rf.txt", "e2"), ("russia.txt", "e1"))
    assert same(db, ("russia.txt", "e2"), ("adjective.txt", "e1"))
    # an adjective never joins its country by name alone
    assert not same(db, ("russia.txt", "e1"), ("russia.txt", "e2"))
    with Store.open(db, readonly=True) as store:
        name, qid, n_docs = store.conn.execute(
            "SELECT name, wikidata, n_docs FROM entities e JOIN doc_entities de"
            " ON de.entity = e.id JOIN documents d ON d.num = de.doc"
            " WHERE d.source = 'bare.txt' AND de.local_id = 'e1'").fetchone()
        assert (name, qid, n_docs) == ("Никита Сергеевич Хрущёв", None, 3)
        assert store.conn.execute(
            "SELECT DISTINCT wikidata FROM entities e JOIN doc_entities de ON de.entity = e.id"
            " JOIN documents d ON d.num = de.doc WHERE d.source = 'rf.txt'").fetchall() == [
            ("Q159",)]
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_bare_surname_between_two_persons_joins_neither(tmp_path: Path):
    db = _store(tmp_path / "c.db", [KHRUSHCHEV_FULL, SERGEI, KHRUSHCHEV_BARE])
    assert not same(db, ("full.txt", "e1"), ("bare.txt", "e1"))
    assert not same(db, ("son.txt", "e1"), ("bare.txt", "e1"))


def test_different_q_ids_never_join_by_name(tmp_path: Path):
    one = named_document("Иван Петров приехал.", [("Иван Петров", "PERSON", "Иван Петров",
                                                   "Q1")], "one.txt")
    two = named_document("Иван Петров уехал.", [("Иван Петров", "PERSON", "Иван Петров",
                                                 "Q2")], "two.txt")
    plain = named_document("Позже Иван Петров вернулся.",
                           [("Иван Петров", "PERSON", "Иван Петров", None)], "plain.txt")
    db = _store(tmp_path / "c.db", [one, two, plain])
    assert not same(db, ("one.txt", "e1"), ("two.txt", "e1"))
    assert len(partition(db)) == 2  # the unlinked mention joins one of them, not a third


def test_reingest_changes_nothing_and_the_order_matters_only_for_a_shared_surname(tmp_path: Path):
    db = _store(tmp_path / "a.db", DOCS)
    with Store.open(db, readonly=True) as store:
        tables = ("entities", "entity_keys", "doc_entities", "mentions", "relations")
        before = {t: store.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                  for t in tables}
    with Store.open(db) as store:
        assert not any(store.add(doc) for doc in DOCS)
    with Store.open(db, readonly=True) as store:
        after = {t: store.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                 for t in tables}
    assert before == after
    # without a surname shared by two persons, the order of ingest does not matter
    plain = [d for d in DOCS if d is not SERGEI]
    forward, reverse = _store(tmp_path / "f.db", plain), _store(tmp_path / "r.db", plain[::-1])
    assert partition(reverse) == partition(forward)


def test_a_store_from_before_identity_is_migrated(tmp_path: Path):
    db = tmp_path / "old.db"
    _store(db, [KHRUSHCHEV_FULL])
    with sqlite3.connect(db) as conn:  # what a store written before identity looks like
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DROP TABLE entity_keys")
        conn.execute("DROP TABLE curations")
        conn.execute("CREATE TABLE old (id TEXT PRIMARY KEY, label TEXT NOT NULL, name TEXT"
                     " NOT NULL, key TEXT NOT NULL, n_docs INTEGER NOT NULL DEFAULT 0,"
                     " n_mentions INTEGER NOT NULL DEFAULT 0, UNIQUE (label, name))")
        conn.execute("INSERT INTO old SELECT id, label, name, key, n_docs, n_mentions"
                     " FROM entities")
        conn.execute("DROP TABLE entities")
        conn.execute("ALTER TABLE old RENAME TO entities")
    conn.close()
    with Store.open(db, readonly=True) as store:  # read-only: still readable
        assert store.entities()[0] == 2
        assert len(store.entity_links(KHRUSHCHEV_FULL.id)) == 2
    _store(db, [KHRUSHCHEV_INITIALS])  # opened for writing: migrated, then joined
    assert same(db, ("full.txt", "e1"), ("initials.txt", "e1"))
    with Store.open(db, readonly=True) as store:
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(entities)")}
        assert {"wikidata", "geonames", "pinned"} <= columns
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


WEIBO_ORG = named_document("Сервис Weibo заблокировал запись.",
                           [("Weibo", "ORGANIZATION", "Weibo", None)], "weibo-org.txt")
WEIBO_PRODUCT = named_document("Пост в Weibo собрал тысячи откликов.",
                               [("Weibo", "PRODUCT", "Weibo", None)], "weibo-product.txt")


def test_an_organization_and_a_product_of_one_name_join(tmp_path: Path):
    db = _store(tmp_path / "c.db", [WEIBO_ORG, WEIBO_PRODUCT])
    assert same(db, ("weibo-org.txt", "e1"), ("weibo-product.txt", "e1"))


def test_product_keys_of_an_older_store_move_to_the_joined_family(tmp_path: Path):
    db = _store(tmp_path / "old.db", [WEIBO_PRODUCT])
    with sqlite3.connect(db) as conn:  # the keys a store written before link_family holds
        conn.execute("UPDATE entity_keys SET key = replace(key, ':ORGANIZATION:', ':PRODUCT:')")
        conn.execute("DELETE FROM meta WHERE key = 'key_families'")
    conn.close()
    _store(db, [WEIBO_ORG])  # opened for writing: migrated, then joined
    assert same(db, ("weibo-org.txt", "e1"), ("weibo-product.txt", "e1"))
    with Store.open(db, readonly=True) as store:
        keys = [k for (k,) in store.conn.execute("SELECT key FROM entity_keys")]
        assert keys and not any(":PRODUCT:" in k for k in keys)
        assert store.conn.execute("SELECT value FROM meta WHERE key = 'key_families'"
                                  ).fetchone() == ("link_family",)


BASHKIRIA_FULL = named_document(
    "Парламент Республики Башкортостан собрался в Уфе.",
    [("Республики Башкортостан", "STATE_OR_PROVINCE", "Республика Башкортостан", None)],
    "bashkiria-full.txt")
BASHKIRIA_BARE = named_document(
    "В Башкортостане прошли выборы.",
    [("Башкортостане", "STATE_OR_PROVINCE", "Башкортостан", None)], "bashkiria-bare.txt")
ALTAI_KRAI = named_document(
    "Алтайский край граничит с Казахстаном.",
    [("Алтайский край", "STATE_OR_PROVINCE", "Алтайский край", None)], "altai-krai.txt")
ALTAI = named_document(
    "Республика Алтай лежит в горах.",
    [("Республика Алтай", "STATE_OR_PROVINCE", "Республика Алтай", None)], "altai.txt")
MOSKVA_RIVER = named_document(
    "Река Москва замёрзла.", [("Река Москва", "LOCATION", "река Москва", None)], "river.txt")
MOSKVA_CITY = named_document(
    "Город Москва вырос.", [("Город Москва", "CITY", "город Москва", None)], "city.txt")
MOSKVA = named_document("В Москве тепло.", [("Москве", "CITY", "Москва", None)], "moskva.txt")


def test_a_place_joins_its_name_without_the_word_for_its_kind(tmp_path: Path):
    for order in ([BASHKIRIA_FULL, BASHKIRIA_BARE], [BASHKIRIA_BARE, BASHKIRIA_FULL]):
        db = _store(tmp_path / f"{len(order[0].text)}.db", order)
        assert same(db, ("bashkiria-full.txt", "e1"), ("bashkiria-bare.txt", "e1"))
    db = _store(tmp_path / "m.db", [MOSKVA, MOSKVA_CITY, MOSKVA_RIVER])
    assert same(db, ("moskva.txt", "e1"), ("city.txt", "e1"))
    assert not same(db, ("moskva.txt", "e1"), ("river.txt", "e1"))  # a river is no city


def test_an_adjective_place_name_keeps_its_kind(tmp_path: Path):
    db = _store(tmp_path / "a.db", [ALTAI, ALTAI_KRAI])
    assert not same(db, ("altai.txt", "e1"), ("altai-krai.txt", "e1"))


def test_place_cores_of_an_older_store_are_added_on_a_writable_open(tmp_path: Path):
    db = _store(tmp_path / "old.db", [BASHKIRIA_FULL])
    with sqlite3.connect(db) as conn:  # a store written before place_core_key
        conn.execute("DELETE FROM entity_keys WHERE key = 'L:PLACE:башкортостан'")
        conn.execute("DELETE FROM meta WHERE key = 'place_cores'")
    conn.close()
    _store(db, [BASHKIRIA_BARE])
    assert same(db, ("bashkiria-full.txt", "e1"), ("bashkiria-bare.txt", "e1"))


def test_the_identity_figures_of_the_benchmark():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from identity import identity_figures

    found = [("d1", "Q1", "A"), ("d2", "Q1", "B"), ("d3", "Q1", "A"),  # Q1: 2 entities
             ("d1", "Q2", "C"), ("d2", "Q2", "C"),  # Q2: one entity
             ("d1", "Q3", "C"),  # C mixes Q2 and Q3
             ("d4", "Q4", "D")]  # one document, one link: counted nowhere
    figures = identity_figures(found)
    assert figures["things_in_2plus_docs"] == 2 and figures["entities_per_thing"] == 1.5
    assert figures["entities_with_2plus_gold_links"] == 2  # A and C
    assert (figures["mixed_entities"], figures["mixed_share"]) == (1, 0.5)


def test_the_benchmark_tells_where_mixed_entities_come_from():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from identity import mixed_causes

    found = [("d1", "Q1", "A", "e1", "президент"), ("d2", "Q2", "A", "e1", "президент"),
             ("d1", "Q3", "B", "e2", "мур"), ("d1", "Q4", "B", "e2", "мура"),  # one doc
             ("d3", "Q5", "C", "e1", "москва")]
    causes = mixed_causes(found)
    assert causes["mixed_share_all_linked"] == round(2 / 3, 4)
    assert causes["mixed_inside_documents"] == 1  # B: document d1's entity e2 mixes
    assert causes["mixed_with_gold_variant_form"] == 1  # A: "президент" is Q1 and Q2
    assert causes["gold_variant_forms"] == 1
