"""Parquet output (``--out parquet DIR`` on ``--dask local:1``) against a SQLite store.

The tables read back (DuckDB, else pyarrow) with the counts of a serial ingest of the
same files; ``letopis store load`` builds a store with the same mentions; re-runs of
both add nothing.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from letopis.dist.parquet import TABLES, relation_columns, schema
from letopis.dist.parquet import store_counts as parquet_store_counts
from letopis.doc import Relation
from letopis.store import Store
from letopis.store.ingest import ingest
from test_dist_cluster import check_store, environment, mentions_by_doc
from test_store_kill import make_corpus

pytest.importorskip("pyarrow")
pytest.importorskip("distributed")

EXTRA = [
    "Министр заявил, что «реформа будет продолжена», сообщает газета «Правда».",
    "По словам Ивана Петрова, завод в Горьком откроется в 1956 году.",
    "«Мы требуем мира», — сказал Никита Хрущёв 5 мая 1960 года в Москве.",
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "letopis.cli.main", *args],
                          capture_output=True, text=True, timeout=180, env=environment())


def counts(folder: Path) -> dict[str, int]:
    """Rows per table, read as a user would (DuckDB when installed)."""
    try:
        import duckdb
    except ImportError:
        import pyarrow.dataset as ds

        return {name: ds.dataset(folder / name, format="parquet").count_rows()
                for name in TABLES}
    found = {}
    with duckdb.connect() as conn:
        for name in TABLES:
            glob = str(folder / name / "*.parquet")
            found[name] = conn.execute(f"SELECT count(*) FROM read_parquet('{glob}')"
                                       ).fetchone()[0]
        glob = str(folder / "entities" / "*.parquet")
        found["corpus_entities"] = conn.execute(
            f"SELECT count(DISTINCT entity_id) FROM read_parquet('{glob}')").fetchone()[0]
    return found


def store_counts(db: Path) -> dict[str, int]:
    with Store.open(db, readonly=True) as store:
        found = parquet_store_counts(store)
        found["corpus_entities"] = int(
            store.conn.execute("SELECT count(*) FROM entities").fetchone()[0])
    return found


def test_parquet_output_matches_the_store_and_loads_into_one(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    make_corpus(folder, 24)
    for i, text in enumerate(EXTRA):
        (folder / f"extra{i}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "out"
    done = run("ingest", str(folder), "--dask", "local:1", "--out", "parquet", str(out),
               "--batch", "8")
    assert done.returncode == 2, done.stderr  # the broken PDF, reported in one line
    assert "27 added, 0 already stored, 1 failed" in done.stderr, done.stderr
    again = run("ingest", str(folder), "--dask", "local:1", "--out", "parquet", str(out))
    assert "0 added, 27 already stored, 1 failed" in again.stderr, again.stderr

    serial = tmp_path / "serial.db"
    with Store.open(serial) as store:
        ingest(store, [folder])
    expected = store_counts(serial)
    assert expected["documents"] == 27 and expected["quotes"] and expected["dates"]
    found = counts(out)
    # Parquet's entity_id is the name id; the store joins names across documents (identity)
    assert found["corpus_entities"] >= expected["corpus_entities"]
    assert {k: v for k, v in found.items() if k in expected and k != "corpus_entities"} == {
        k: v for k, v in expected.items() if k != "corpus_entities"}

    loaded = tmp_path / "loaded.db"
    done = run("store", "load", str(out), "--db", str(loaded))
    assert done.returncode == 0, done.stderr
    assert "27 added, 0 already stored, 0 failed" in done.stderr
    check_store(loaded)
    assert store_counts(loaded) == expected
    assert mentions_by_doc(loaded) == mentions_by_doc(serial)
    with Store.open(loaded, readonly=True) as a, Store.open(serial, readonly=True) as b:
        data = "SELECT id, data FROM documents ORDER BY id"
        assert a.conn.execute(data).fetchall() == b.conn.execute(data).fetchall()
    again = run("store", "load", str(out), "--db", str(loaded))
    assert "0 added, 27 already stored, 0 failed" in again.stderr


def test_relation_columns_follow_the_dataclass() -> None:
    names = [name for name, _ in relation_columns()]
    assert names == [f.name for f in dataclasses.fields(Relation)]
    assert schema("relations").names == ["doc", *names, "head_entity", "tail_entity"]
    kinds = dict(relation_columns())
    assert kinds["start"] == "int" and kinds["type"] == "str"


def test_unfinished_batches_are_removed_and_foreign_folders_refused(tmp_path: Path) -> None:
    from letopis.dist.parquet import ParquetError, part_path, prepare_output

    out = tmp_path / "out"
    prepare_output(out)
    orphan = part_path(out, "mentions", "abc")
    orphan.write_bytes(b"left by a worker killed between renames")
    temporary = out / "claims" / ".part-x.parquet.1.tmp"
    temporary.write_bytes(b"")
    prepare_output(out)
    assert not orphan.exists() and not temporary.exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ParquetError, match="not a letopis Parquet output"):
        prepare_output(other)
    done = run("store", "load", str(other), "--db", str(tmp_path / "x.db"))
    assert done.returncode == 1 and "not a letopis Parquet output" in done.stderr



def test_relation_rows_carry_every_field_and_the_sides_entities() -> None:
    from letopis.dist.parquet import document_rows
    from letopis.doc import Document, Entity, Mention
    from letopis.store.prepare import Prepared
    from letopis.store.write import entity_id

    text = "Иван Петров родился в Москве."
    doc = Document(text, "a.txt")
    doc.mentions = [Mention("m1", 0, 11, "Иван Петров", "PERSON", "e1"),
                    Mention("m2", 22, 28, "Москве", "CITY", None)]
    doc.entities = [Entity("e1", "PERSON", "Иван Петров", mentions=["m1"])]
    doc.relations = [Relation("r1", "PLACE_OF_BIRTH", "m1", "m2", 0, 28)]
    row = document_rows(Prepared(doc, ""))["relations"][0]
    expected = dataclasses.asdict(doc.relations[0])
    assert {k: row[k] for k in expected} == expected
    assert row["head_entity"] == entity_id("PERSON", "Иван Петров")
    assert row["tail_entity"] is None and row["doc"] == doc.id
    import pyarrow as pa

    assert pa.Table.from_pylist([row], schema=schema("relations")).num_rows == 1
