"""Document provenance: TEI headers, DOCX properties, command-line metadata, the author of
first-person claims, stored metadata and source names without absolute paths."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import letopis
from letopis.cli.main import app
from letopis.doc import Meta, check_spans
from letopis.read.formats import read_document
from letopis.read.meta import edtf_date, merge_meta, read_meta, relative_source, tei_meta

TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>Письмо   в губком</title>
        <author>Н. Петров</author>
      </titleStmt>
      <publicationStmt><date when="2024-05-01">2024</date></publicationStmt>
      <sourceDesc>
        <msDesc>
          <msIdentifier>
            <repository>Государственный архив</repository>
            <collection>Ф. 1. Оп. 2</collection>
            <idno>Д. 3. Л. 4</idno>
          </msIdentifier>
          <history><origin><date when="1922-12-23">23 декабря 1922 г.</date></origin></history>
        </msDesc>
      </sourceDesc>
    </fileDesc>
    <profileDesc><langUsage><language ident="ru">русский</language></langUsage></profileDesc>
  </teiHeader>
  <text><body>
    <p>Я думаю, что хлеба до весны не хватит.</p>
    <p>Собрание назначено на 12 мая.</p>
  </body></text>
</TEI>
"""


@pytest.fixture
def tei_file(tmp_path: Path) -> Path:
    path = tmp_path / "letter.xml"
    path.write_text(TEI, encoding="utf-8")
    return path


def test_tei_header_metadata(tei_file):
    meta = tei_meta(str(tei_file))
    assert meta == Meta(title="Письмо в губком", author="Н. Петров", date="1922-12-23",
                        archive="Государственный архив, Ф. 1. Оп. 2, Д. 3. Л. 4", language="ru")


def test_tei_document_carries_its_metadata_into_analysis(tei_file):
    doc = read_document(tei_file)
    meta = read_meta(str(tei_file))
    assert meta.author == "Н. Петров"
    result = letopis.analyze(doc.text, doc.source, meta=meta)
    check_spans(result)
    [claim] = result.claims
    assert result.entity(claim.holder).name == "Н. Петров"
    may = next(d for d in result.dates if result.mention(d.mention).text == "на 12 мая")
    assert (may.edtf, may.inferred) == ("1922-05-12", "year")
    assert result.to_dict()["meta"]["archive"].startswith("Государственный архив")


def test_unreadable_or_plain_files_have_no_metadata(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI><teiHeader>", encoding="utf-8")
    assert tei_meta(str(broken)) == Meta()
    plain = tmp_path / "a.txt"
    plain.write_text("Текст.", encoding="utf-8")
    assert read_meta(str(plain)) == Meta()


def test_docx_properties(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Мы требуем, чтобы съезд был созван.")
    document.core_properties.title = "Резолюция"
    document.core_properties.author = "С. Иванов"
    path = tmp_path / "r.docx"
    document.save(str(path))
    meta = read_meta(str(path))
    assert (meta.title, meta.author) == ("Резолюция", "С. Иванов")


@pytest.mark.parametrize(("value", "edtf"), [
    ("1922", "1922"), ("1922-12", "1922-12"), ("1922-12-23", "1922-12-23"),
    ("23.12.1922", "1922-12-23"), ("1.2.1905", "1905-02-01"), ("1922-13", None),
    ("вчера", None), ("32.01.1922", None),
])
def test_edtf_date(value, edtf):
    assert edtf_date(value) == edtf


def test_merge_meta_later_wins_field_by_field():
    merged = merge_meta(Meta(title="A", author="B"), None, Meta(author="C", date="1922"))
    assert merged == Meta(title="A", author="C", date="1922")


def test_relative_source(tmp_path, monkeypatch):
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    path = str(folder / "sub" / "a.txt")
    assert relative_source("sub/a.txt") == "sub/a.txt"
    assert relative_source(path, [str(folder)]) == os.path.join("archive", "sub", "a.txt")
    assert relative_source(path, [path]) == "a.txt"
    monkeypatch.chdir(tmp_path)
    assert relative_source(path) == os.path.join("archive", "sub", "a.txt")


def test_cli_metadata_options(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Я считаю, что отчёт готов. Совещание 5 мая.", encoding="utf-8")
    result = CliRunner().invoke(app, [
        "analyze", str(path), "--format", "json", "--author", "Н. Петров", "--date", "1921",
        "--title", "Записка", "--archive", "Ф. 17. Оп. 1", "--calendar", "gregorian",
    ])
    assert result.exit_code == 0, result.output
    [data] = json.loads(result.stdout) if result.stdout.lstrip().startswith("[") else [
        json.loads(result.stdout)]
    assert data["meta"] == {"title": "Записка", "author": "Н. Петров", "date": "1921",
                            "archive": "Ф. 17. Оп. 1", "calendar": "gregorian"}
    assert data["claims"][0]["holder"] is not None
    assert {"mention": data["dates"][0]["mention"], "edtf": "1921-05-05",
            "inferred": "year"} in data["dates"]


def test_cli_forced_orthography(tmp_path):
    path = tmp_path / "old.txt"
    path.write_text("Граф Ростопчин писал Государю.", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json",
                                      "--orthography", "prereform"])
    assert result.exit_code == 0
    assert '"orthography": "prereform"' in result.stdout


def test_cli_bad_date_is_one_line(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Текст.", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--date", "весной"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--date" in lines[0] and "Traceback" not in result.output


def test_ingest_stores_metadata_and_relative_names(tei_file, tmp_path):
    from letopis.cli.ingest import app as ingest_app
    from letopis.store.core import Store

    db = tmp_path / "c.db"
    result = CliRunner().invoke(ingest_app, [str(tei_file.parent), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    with Store.open(db, readonly=True) as store:
        _, items = store.documents()
        [item] = items
        assert item.source == os.path.join(tei_file.parent.name, "letter.xml")
        assert not os.path.isabs(item.source)
        stored = store.document(item.id)
        assert stored.meta.author == "Н. Петров" and stored.meta.date == "1922-12-23"
        assert stored.entity(stored.claims[0].holder).name == "Н. Петров"


def test_report_shows_title_and_provenance():
    from letopis.report.html import document_section

    doc = letopis.analyze("Я думаю, что съезд соберётся.", source="letters/a.txt",
                          meta=Meta(title="Письмо", author="Н. Петров", date="1922"))
    section = document_section(doc, "d1")
    assert "<h2>Письмо</h2>" in section
    assert "автор: Н. Петров" in section and "дата: 1922" in section  # Russian first
    assert "letters" in section


def test_web_shows_the_author_entity_and_the_title(tei_file, tmp_path):
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from letopis.cli.ingest import app as ingest_app
    from letopis.store.core import Store
    from letopis.web.app import create_app

    db = tmp_path / "w.db"
    assert CliRunner().invoke(ingest_app, [str(tei_file), "--db", str(db)]).exit_code == 0
    with Store.open(db, readonly=True) as store:
        [item] = store.documents()[1]
    client = TestClient(create_app(db))
    page = client.get(f"/documents/{item.id}")
    assert page.status_code == 200
    assert "Письмо в губком" in page.text and "Н. Петров" in page.text
    assert item.title == "Письмо в губком"
    assert "Письмо в губком" in client.get("/").text
    assert client.get("/entities").status_code == 200
    assert client.get("/quotes").status_code == 200
    data = client.get(f"/api/documents/{item.id}").json()
    assert data["meta"]["title"] == "Письмо в губком"
    for link in re.findall(r'href="(/entities/[^"]+)"', client.get("/entities").text):
        assert client.get(link).status_code == 200


def test_ingest_orthography_and_calendar_options(tmp_path):
    from letopis.cli.ingest import app as ingest_app
    from letopis.store.core import Store

    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "a.txt").write_text("Граф Ростопчин писал 1 сентября 1812 года.", encoding="utf-8")
    db = tmp_path / "o.db"
    result = CliRunner().invoke(ingest_app, [str(folder), "--db", str(db), "--orthography",
                                             "prereform", "--calendar", "julian"])
    assert result.exit_code == 0, result.stderr
    with Store.open(db, readonly=True) as store:
        [item] = store.documents()[1]
        stored = store.document(item.id)
    assert stored.meta.orthography == "prereform" and stored.meta.calendar == "julian"
    [date] = stored.dates
    assert (date.edtf, date.original) == ("1812-09-13", "1812-09-01")
