"""Readers for HTML, DOCX, PDF and TEI XML; directory walking for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from letopis.errors import ReadError
from letopis.read.formats import iter_input_paths, read_document

PARAGRAPHS = ["Весной 1957 года Шепилов выступил на пленуме.", "Хрущёв ответил ему резко."]


def make_pdf(path: Path, lines: list[str]) -> None:
    """A minimal PDF whose text layer holds ``lines`` (CID = code point, ToUnicode map)."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL "
    content += " ".join(f"<{''.join(f'{ord(c):04X}' for c in line)}> Tj T*" for line in lines)
    content += " ET"
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        "1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Helvetica "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        "/DW 500 >>",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode("ascii")
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("ascii")
    path.write_bytes(out)


def test_html_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Заголовок окна</title>'
        "<style>p {color: red}</style><script>var x = 'скрыто';</script></head><body>"
        f"<h1>Пленум</h1><p>{PARAGRAPHS[0]}</p><p>Хрущёв <b>ответил</b> ему резко.</p>"
        "</body></html>"
    )
    path.write_text(html, encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "\n".join(["Пленум", *PARAGRAPHS])
    assert doc.source == str(path)


def test_html_in_cp1251(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    path.write_bytes(f"<html><body><p>{PARAGRAPHS[1]}</p></body></html>".encode("cp1251"))
    assert read_document(path).text == PARAGRAPHS[1]


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for paragraph in PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "1957"
    table.rows[0].cells[1].text = "Москва"
    path = tmp_path / "note.docx"
    document.save(str(path))
    assert read_document(path).text == "\n".join([*PARAGRAPHS, "1957 Москва"])


def test_pdf_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    make_pdf(path, PARAGRAPHS)
    text = read_document(path).text
    assert [" ".join(line.split()) for line in text.splitlines()] == PARAGRAPHS


def test_tei_text(tmp_path: Path) -> None:
    path = tmp_path / "letter.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        "<title>Служебная записка</title></titleStmt></fileDesc></teiHeader>"
        f"<text><body><head>Записка</head><p>{PARAGRAPHS[0]}</p>\n  <p>Хрущёв\n"
        "    ответил ему <hi>резко</hi>.</p></body></text></TEI>",
        encoding="utf-8",
    )
    assert read_document(path).text == "\n".join(["Записка", *PARAGRAPHS])


@pytest.mark.parametrize(("name", "data", "why"), [
    ("plain.xml", b"<root><p>\xd0\xa2\xd0\xb5\xd0\xba\xd1\x81\xd1\x82</p></root>", "not a TEI"),
    ("broken.xml", b"<TEI><text>", "not well-formed"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "not readable as DOCX"),
    ("broken.pdf", b"%PDF-1.4 nothing else", "PDF"),
])
def test_unreadable_formats(tmp_path: Path, name: str, data: bytes, why: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and why in message and "\n" not in message


def test_iter_input_paths(tmp_path: Path) -> None:
    for name in ("b.txt", "a.html", "sub/c.pdf", "sub/d.docx", "e.xml", "f.png", ".hidden.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in iter_input_paths([tmp_path])]
    assert found == ["a.html", "b.txt", "e.xml", "sub/c.pdf", "sub/d.docx"]
    assert list(iter_input_paths(["нет.txt"])) == ["нет.txt"]
