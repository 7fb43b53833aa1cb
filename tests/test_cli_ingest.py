"""``letopis ingest``: files into a store, skipping stored texts, one line per failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from letopis.cli.ingest import app
from letopis.doc import check_spans
from letopis.pipeline import analyze
from letopis.store import Prepared, Store
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
