"""``letopis ingest``: files into a store, skipping stored texts, one line per failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from letopis.cli.ingest import app
from letopis.doc import check_spans
from letopis.pipeline import analyze
from letopis.store import Prepared, Store, StoreError
from letopis.store.executor import SerialExecutor
from letopis.store.ingest import Failure, Job, analyze_job, ingest

TEXTS = {
    "a.txt": "В 1956 году Хрущёв выступил в Москве с докладом о культе личности.",
    "b.txt": "Осенью 1957 года маршал Жуков был снят с поста министра обороны.",
    "dup.txt": "В 1956 году Хрущёв выступил в Москве с докладом о культе личности.",
}
HTML = "<html><body><p>Шепилов вернулся в Ленинград в мае 1957 года.</p></body></html>"

runner = CliRunner()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "c.html").write_text(HTML, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02\x03 binary \x00\x00")
    return folder


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


def test_ingest_then_rerun(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    code, err = run(str(corpus), "--db", db)
    assert code == 2
    assert f"letopis: error: {corpus / 'bad.txt'}: not a text file" in err
    assert "3 added, 1 already stored, 1 failed" in err
    with Store.open(db, readonly=True) as store:
        total, items = store.documents()
        assert total == 3
        for item in items:
            stored = store.document(item.id)
            check_spans(stored)
            assert len(stored.mentions) == len(analyze(stored.text).mentions)
    code, err = run(str(corpus), "--db", db)
    assert code == 2
    assert "0 added, 4 already stored, 1 failed" in err


def test_ingest_clean_run_exits_zero(corpus: Path, tmp_path: Path) -> None:
    (corpus / "bad.txt").unlink()
    code, err = run(str(corpus / "a.txt"), str(corpus / "c.html"), "--db",
                    str(tmp_path / "c.db"))
    assert code == 0, err
    assert "2 added, 0 already stored, 0 failed" in err


def test_ingest_with_workers(corpus: Path, tmp_path: Path) -> None:
    code, err = run(str(corpus / "a.txt"), str(corpus / "b.txt"), "--db",
                    str(tmp_path / "c.db"), "--workers", "2")
    assert code == 0, err
    assert "2 added" in err


MORE = [
    "Летом 1812 года Наполеон перешёл Неман, и Кутузов принял командование армией.",
    "В 1703 году Пётр I основал Санкт-Петербург на берегах Невы.",
    "Ломоносов вернулся из Германии в Москву в 1741 году и поступил в Академию наук.",
    "Александр Пушкин родился в Москве 6 июня 1799 года.",
    "В 1961 году Юрий Гагарин совершил первый полёт в космос; Королёв руководил запуском.",
    "Толстой закончил «Войну и мир» в Ясной Поляне в 1869 году.",
    "Менделеев представил периодический закон Русскому химическому обществу в 1869 году.",
]


def store_rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted; a document number becomes the document id and
    the time a document was added is left out (what may differ between two runs)."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        ids = dict(conn.execute("SELECT num, id FROM documents"))
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'doc_fts%'"
            " AND name NOT LIKE 'sqlite%'")]
        tables = {name: _rows(conn, name, ids) for name in names}
        tables["doc_fts"] = sorted((ids[n], lemmas) for n, lemmas in conn.execute(
            "SELECT rowid, lemmas FROM doc_fts"))
        return tables
    finally:
        conn.close()


def _rows(conn: object, table: str, ids: dict[int, str]) -> list[tuple[object, ...]]:
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]  # type: ignore[attr-defined]
    keep = [c for c in columns if c != "added" and not (table == "documents" and c == "num")]
    rows = conn.execute(f"SELECT {', '.join(keep)} FROM {table}")  # type: ignore[attr-defined]
    return sorted((tuple(ids.get(v, v) if c == "doc" else v for c, v in zip(keep, row, strict=True))
                   for row in rows), key=repr)


def test_two_workers_store_the_rows_one_writer_stores_in_their_order(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Documents arrive in completion order with workers (and corpus identity may depend
    on the order), so the serial run stores them in the order the workers' run did."""
    for i, text in enumerate(MORE * 3):  # more than the executor reads ahead: chunks
        (corpus / f"more-{i:02}.txt").write_text(f"{text} Запись {i}.", encoding="utf-8")
    written: list[int] = []
    add_many = Store.add_many

    def counted(self: Store, items: list[Prepared]) -> list[bool | StoreError]:
        written.append(len(items))
        return add_many(self, items)

    monkeypatch.setattr(Store, "add_many", counted)
    two = tmp_path / "two.db"
    code, err = run(str(corpus), "--db", str(two), "--workers", "2")
    assert code == 2 and "24 added, 1 already stored, 1 failed" in err, err
    assert written and max(written) > 1  # chunks were written together
    with Store.open(two, readonly=True) as store:
        order = [str(corpus.parent / source) for (source,) in store.conn.execute(
            "SELECT source FROM documents ORDER BY num")]
    with Store.open(tmp_path / "one.db") as store:
        summary = ingest(store, order, SerialExecutor(), roots=[str(corpus)])
    assert summary.added == 24 and not summary.failures
    rows = store_rows(two)
    assert rows["documents"] and rows["mentions"] and rows["entities"] and rows["relations"]
    assert rows == store_rows(tmp_path / "one.db")


def test_store_that_cannot_open(tmp_path: Path, corpus: Path) -> None:
    code, err = run(str(corpus / "a.txt"), "--db", str(corpus))
    assert code == 1
    assert err.startswith("letopis: error: ")


def test_analysis_failure_is_reported(corpus: Path, tmp_path: Path) -> None:
    def flaky(job: Job) -> Prepared | Failure:
        if job.source.endswith("b.txt"):
            return Failure(job.source, f"{job.source}: analysis failed")
        return analyze_job(job)

    heard: list[tuple[str, str]] = []
    with Store.open(tmp_path / "c.db") as store:
        summary = ingest(store, [corpus / "a.txt", corpus / "b.txt"], SerialExecutor(),
                         lambda outcome, source, _: heard.append((outcome, source)),
                         analyze=flaky)
        assert (summary.added, summary.skipped) == (1, 0)
        assert [f.message for f in summary.failures] == [f"{corpus / 'b.txt'}: analysis failed"]
        assert [outcome for outcome, _ in heard] == ["added", "failed"]
