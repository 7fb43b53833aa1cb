"""``letopis curate``: merge, split, rename, link, unlink, delete, recorded and kept."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from identity_builders import KHRUSHCHEV_FULL, named_document
from letopis.cli.main import app
from letopis.doc import check_spans
from letopis.export.corpus import export_store
from letopis.store import NotFoundError, Store

runner = CliRunner()
TABLES = ("entities", "entity_keys", "doc_entities", "mentions", "quotes", "claims",
          "relations", "curations")

STALIN = named_document("Сталин и Молотов встретились в Кремле.",
                        [("Сталин", "PERSON", "Сталин", None),
                         ("Молотов", "PERSON", "Молотов", None),
                         ("Кремле", "FACILITY", "Кремль", None)], "a.txt")
KOBA = named_document("Коба написал Молотову из Кремля.",
                      [("Коба", "PERSON", "Коба", None),
                       ("Молотову", "PERSON", "Молотов", None),
                       ("Кремля", "FACILITY", "Кремль", None)], "b.txt")
LATER = named_document("Позже Коба и Молотов уехали из Кремля.",
                       [("Коба", "PERSON", "Коба", None),
                        ("Молотов", "PERSON", "Молотов", None),
                        ("Кремля", "FACILITY", "Кремль", None)], "c.txt")


def curate(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["curate", *args])
    return result.exit_code, result.output


def entity_of(db: Path, source: str, local: str) -> str | None:
    with Store.open(db, readonly=True) as store:
        row = store.conn.execute(
            "SELECT de.entity FROM doc_entities de JOIN documents d ON d.num = de.doc"
            " WHERE d.source = ? AND de.local_id = ?", (source, local)).fetchone()
    return None if row is None else row[0]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


def checked(db: Path) -> None:
    with Store.open(db, readonly=True) as store:
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for (doc_id,) in store.conn.execute("SELECT id FROM documents"):
            check_spans(store.document(doc_id))
        stale = store.conn.execute(
            "SELECT count(*) FROM entities e WHERE n_docs != (SELECT count(DISTINCT doc)"
            " FROM doc_entities WHERE entity = e.id)").fetchone()[0]
        assert stale == 0


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    with Store.open(path) as store:
        for doc in (STALIN, KOBA):
            store.add(doc)
    return path


def test_merge_is_recorded_reflected_and_survives_reingest(db: Path, tmp_path: Path):
    stalin, koba = entity_of(db, "a.txt", "e1"), entity_of(db, "b.txt", "e1")
    assert stalin and koba and stalin != koba
    code, out = curate("merge", stalin, koba, "--db", str(db), "--reason", "Коба = Сталин")
    assert code == 0, out
    assert entity_of(db, "b.txt", "e1") == stalin
    with Store.open(db) as store:
        view = store.entity(stalin)
        assert (view.documents, view.mentions) == (2, 2) and "Коба" in view.aliases
        with pytest.raises(NotFoundError):
            store.entity(koba)
        assert not store.add(KOBA)  # re-ingest: stored, skipped
        assert store.add(LATER)  # a new document naming Коба joins the merged entity
    assert entity_of(db, "c.txt", "e1") == stalin
    (graph_file,) = export_store(db, "gexf", tmp_path / "net.gexf")
    graph = nx.read_gexf(graph_file)
    assert koba not in graph and int(graph.nodes[stalin]["documents"]) == 3
    code, out = curate("log", "--db", str(db))
    (entry,) = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert entry["operation"] == "merge" and entry["reason"] == "Коба = Сталин"
    assert entry["arguments"]["others"] == [koba] and entry["time"]
    checked(db)


def test_split_rename_link_unlink(db: Path):
    kremlin = entity_of(db, "a.txt", "e3")
    assert kremlin == entity_of(db, "b.txt", "e3")
    code, out = curate("split", kremlin, "--doc", "b.txt", "--name", "Кремль (Казань)",
                       "--db", str(db))
    assert code == 0, out
    other = entity_of(db, "b.txt", "e3")
    assert other not in (None, kremlin) and entity_of(db, "a.txt", "e3") == kremlin
    assert curate("rename", kremlin, "Московский Кремль", "--db", str(db))[0] == 0
    assert curate("link", kremlin, "Q83262", "--db", str(db))[0] == 0
    with Store.open(db) as store:
        assert store.entity(kremlin).name == "Московский Кремль"
        assert store.entity(other).name == "Кремль (Казань)"
        store.add(LATER)  # Кремль again: joins the entity with the most documents, renamed
    assert entity_of(db, "c.txt", "e3") in (kremlin, other)
    with Store.open(db, readonly=True) as store:
        assert store.entity(kremlin).name == "Московский Кремль"
        assert store.conn.execute("SELECT wikidata FROM entities WHERE id = ?",
                                  (kremlin,)).fetchone() == ("Q83262",)
    assert curate("unlink", kremlin, "--db", str(db))[0] == 0
    linked = named_document("В Кремле заседали.",
                            [("Кремле", "FACILITY", "Кремль", "Q83262")], "d.txt")
    with Store.open(db) as store:
        store.add(linked)  # its Q-id was unlinked from the entity: it does not join by it
        assert store.conn.execute("SELECT wikidata FROM entities WHERE id = ?",
                                  (kremlin,)).fetchone() == (None,)
    assert entity_of(db, "d.txt", "e1") != kremlin
    checked(db)


def test_delete_holds_for_later_documents_and_exports(db: Path, tmp_path: Path):
    molotov = entity_of(db, "a.txt", "e2")
    code, out = curate("delete", molotov, "--db", str(db), "--reason", "not a person here")
    assert code == 0, out
    with Store.open(db) as store:
        assert store.conn.execute("SELECT count(*) FROM mentions WHERE entity = ?",
                                  (molotov,)).fetchone() == (0,)
        store.add(LATER)
    assert entity_of(db, "c.txt", "e2") is None
    (out_file,) = export_store(db, "jsonld", tmp_path / "a.jsonld")
    assert "Молотов" not in {n.get("name") for n in json.loads(
        out_file.read_text(encoding="utf-8")).get("entities", [])}
    checked(db)


@pytest.mark.parametrize("args, message", [
    (["merge", "Enope", "{stalin}"], "no entity Enope"),
    (["merge", "{stalin}", "{kremlin}"], "different labels; add --force"),
    (["merge", "{stalin}", "{stalin}"], "merge needs"),
    (["split", "{stalin}", "--doc", "a.txt"], "nothing would be left"),
    (["split", "{stalin}", "--doc", "b.txt"], "is not in a document b.txt"),
    (["rename", "{stalin}", "  "], "the new name is empty"),
    (["link", "{stalin}", "X12"], "is not a Wikidata Q-id"),
    (["link", "{stalin}"], "needs a Q-id"),
    (["unlink", "{stalin}"], "is not linked"),
    (["delete", "Enope"], "no entity Enope"),
])
def test_bad_arguments_fail_in_one_line_and_change_nothing(db: Path, args: list[str],
                                                           message: str):
    ids = {"stalin": entity_of(db, "a.txt", "e1"), "kremlin": entity_of(db, "a.txt", "e3")}
    before = snapshot(db)
    code, out = curate(*[a.format(**ids) for a in args], "--db", str(db))
    assert code == 2 and message in out and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1 and out.startswith("letopis: error: ")
    assert snapshot(db) == before


def test_a_missing_store_is_one_line(tmp_path: Path):
    code, out = curate("delete", "E1", "--db", str(tmp_path / "none.db"))
    assert code == 2 and out.strip() == f"letopis: error: {tmp_path / 'none.db'}: no such store"
    assert not (tmp_path / "none.db").exists()


def test_link_conflict_needs_force_and_forced_merge_of_labels(db: Path):
    stalin, kremlin = entity_of(db, "a.txt", "e1"), entity_of(db, "a.txt", "e3")
    assert curate("link", stalin, "Q855", "--db", str(db))[0] == 0
    code, out = curate("link", kremlin, "Q855", "--db", str(db))
    assert code == 2 and f"belongs to {stalin}" in out
    assert curate("merge", stalin, kremlin, "--force", "--db", str(db))[0] == 0
    assert entity_of(db, "b.txt", "e3") == stalin
    checked(db)


def test_full_names_still_join_after_curation(db: Path):
    with Store.open(db) as store:
        store.add(KHRUSHCHEV_FULL)
    assert entity_of(db, "full.txt", "e1") not in (None, entity_of(db, "a.txt", "e1"))


def test_curation_holds_when_the_folder_is_ingested_again(tmp_path: Path):
    """The whole way: ``letopis ingest``, ``letopis curate``, the same folder ingested
    again with one more file; names found through the store, not assumed."""
    folder, db = tmp_path / "in", str(tmp_path / "c.db")
    folder.mkdir()
    (folder / "a.txt").write_text("В 1956 году Никита Сергеевич Хрущёв выступил в Москве.\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("Доклад Н. С. Хрущёва обсуждали в Кремле.\n",
                                  encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(folder), "--db", db]).exit_code == 0
    with Store.open(db, readonly=True) as store:
        (person,) = store.entities(name="Хрущ", label="PERSON")[1]
        assert person.documents == 2  # the initials joined the full name
        places = [e.id for e in store.entities(limit=100)[1] if e.label != "PERSON"]
    assert len(places) >= 2
    keep, *others = places
    assert curate("rename", person.id, "Хрущёв, Никита Сергеевич", "--db", db)[0] == 0
    assert curate("merge", keep, *others, "--force", "--db", db)[0] == 0
    (folder / "c.txt").write_text("Позже Хрущёв снова приехал в Москву и в Кремль.\n",
                                  encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0 and "1 added, 2 already stored" in result.output
    with Store.open(db, readonly=True) as store:
        view = store.entity(person.id)
        assert view.name == "Хрущёв, Никита Сергеевич" and view.documents == 3
        kept = store.entity(keep)
        assert kept.documents == 3 and {"Москву", "Кремль"} <= set(kept.aliases)
        for name in ("Москв", "Кремл", "Хрущ"):  # no new entity for a curated name
            assert {e.id for e in store.entities(name=name)[1]} <= {keep, person.id}
    checked(Path(db))


def test_pages_show_curation_and_stay_read_only(db: Path):
    from fastapi.testclient import TestClient

    from letopis.web.app import create_app

    stalin, koba = entity_of(db, "a.txt", "e1"), entity_of(db, "b.txt", "e1")
    molotov = entity_of(db, "a.txt", "e2")
    assert curate("merge", stalin, koba, "--db", str(db))[0] == 0
    assert curate("rename", stalin, "Иосиф Сталин", "--db", str(db))[0] == 0
    assert curate("delete", molotov, "--db", str(db))[0] == 0
    before = snapshot(db)
    client = TestClient(create_app(str(db)))
    page = client.get(f"/entities/{stalin}")
    assert page.status_code == 200 and "Иосиф Сталин" in page.text and "Коба" in page.text
    assert client.get(f"/entities/{koba}").status_code == 404
    assert client.get(f"/entities/{molotov}").status_code == 404
    ids = {item["id"] for item in client.get("/api/entities").json()["items"]}
    assert stalin in ids and not {koba, molotov} & ids
    for method in (client.post, client.put, client.delete):
        assert method(f"/entities/{stalin}").status_code == 405
    assert snapshot(db) == before
