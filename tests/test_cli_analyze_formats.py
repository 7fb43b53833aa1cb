"""``letopis analyze`` reads HTML, DOCX, PDF and TEI through the readers ``ingest`` uses
(issue 18, item 8): the visible text only, the file's metadata kept; a folder of them is
read; a broken one is one error line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letopis.cli.main import app
from letopis.doc import Document, check_spans
from test_store_formats import PARAGRAPHS, make_pdf

HTML = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Окно</title>'
        "<script>var s = 'Иван Петров приехал';</script><style>p {}</style></head><body>"
        f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></body></html>")
TEI = ('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
       "<teiHeader><fileDesc><titleStmt><title>Служебная записка</title>"
       "<author>Н. С. Хрущёв</author></titleStmt></fileDesc></teiHeader>"
       f"<text><body><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></body></text></TEI>")


def _docs(stdout: str) -> list[Document]:
    docs = [Document.from_dict(json.loads(line)) for line in stdout.splitlines() if line]
    for doc in docs:
        check_spans(doc)
    return docs


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docx = pytest.importorskip("docx")
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "letter.xml").write_text(TEI, encoding="utf-8")
    make_pdf(tmp_path / "scan.pdf", PARAGRAPHS)
    document = docx.Document()
    document.core_properties.title = "Записка о пленуме"
    for paragraph in PARAGRAPHS:
        document.add_paragraph(paragraph)
    document.save(str(tmp_path / "note.docx"))
    return tmp_path


def test_analyze_reads_every_format_like_ingest(folder: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(folder), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    docs = {Path(d.source or "").name: d for d in _docs(result.stdout)}
    assert set(docs) == {"page.html", "letter.xml", "scan.pdf", "note.docx"}
    html = docs["page.html"]
    assert html.text == "\n".join(PARAGRAPHS)  # visible text only: no script, no title
    assert "var s" not in html.text and not any("Иван" in m.text for m in html.mentions)
    assert docs["letter.xml"].meta.title == "Служебная записка"
    assert docs["letter.xml"].meta.author == "Н. С. Хрущёв"
    assert docs["note.docx"].meta.title == "Записка о пленуме"
    assert [" ".join(x.split()) for x in docs["scan.pdf"].text.splitlines()] == PARAGRAPHS
    assert any(m.text.startswith("Шепилов") for m in docs["note.docx"].mentions)


def test_a_broken_docx_is_one_error_line(folder: Path) -> None:
    broken = folder / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(app, ["analyze", str(broken), str(folder / "page.html"),
                                      "-f", "jsonl"])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("letopis: error")]
    assert len(errors) == 1 and "not readable as DOCX" in errors[0]
    assert "Traceback" not in result.output
    assert len(_docs(result.stdout)) == 1


def test_many_files_show_a_progress_bar(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LETOPIS_PROGRESS", "1")  # as on a terminal
    result = CliRunner().invoke(app, ["analyze", str(folder), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "analyze" in result.stderr and "4/4" in result.stderr
    assert len(_docs(result.stdout)) == 4  # the bar never reaches standard output
    monkeypatch.delenv("LETOPIS_PROGRESS")
    quiet = CliRunner().invoke(app, ["analyze", str(folder), "-f", "jsonl"])
    assert "4/4" not in quiet.stderr  # not a terminal: no bar
