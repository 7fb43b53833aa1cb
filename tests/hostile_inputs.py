"""Hostile inputs for ``letopis analyze`` and ``letopis ingest``, made at test time.

``CASES`` lists every kind: a file name, a builder that writes the file into a folder,
and what must become of it: ``OK`` (read and analyzed; ``text`` the expected text when
given) or a substring of its one-line error. Nothing large is committed: a ZIP bomb is
a few hundred kilobytes made here, a flood a few hundred.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

OK = ""
RUSSIAN = "Весной 1957 года Шепилов выступил на пленуме в Москве, а Хрущёв ответил ему резко."


def said(n: int) -> str:
    """A distinct Russian text per case (the store keeps one document per text)."""
    return f"{RUSSIAN} Записка {n}."

TEI_NS = "http://www.tei-c.org/ns/1.0"
FLOOD_CHARS = 60_000  # the nested-quote flood took 47 s at 10 K characters before the fix


@dataclass(frozen=True)
class Case:
    """One hostile input: ``build(folder)`` writes ``name``; ``expect`` is OK or a
    substring of the error line; ``text`` the text it must be read as (when OK);
    ``analyze``: whether ``letopis analyze`` (which reads every file as text) gets it."""

    kind: str
    name: str
    build: Callable[[Path], None]
    expect: str = OK
    text: str | None = None
    heavy: bool = False  # analyzed alone, its time and peak RSS its own

    @property
    def analyze(self) -> bool:
        """``letopis analyze`` reads every file as plain text: only .txt files go to it."""
        return self.name.endswith(".txt")


def _bytes(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    """A builder writing ``data`` (or what ``data()`` makes, when the file is built)."""
    def build(folder: Path) -> None:
        (folder / name).write_bytes(data if isinstance(data, bytes) else data())
    return build


def _tei(body: str, prologue: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prologue}'
            f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body>{body}</body></text></TEI>'
            ).encode()


def pdf_bytes(stream: bytes, filtered: bool = False, pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages that all show the content stream ``stream`` (FlateDecode
    when ``filtered``)."""
    extra = " /Filter /FlateDecode" if filtered else ""
    kids = " ".join(f"{6 + i} 0 R" for i in range(pages - 1))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [3 0 R {kids}] /Count {pages} >>".encode(),
        page,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)}{extra} >>\nstream\n".encode() + stream + b"\nendstream",
        *[page] * (pages - 1),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return out


def docx_bytes(paragraphs: list[str], padding: int = 0) -> bytes:
    """A minimal DOCX; ``padding`` bytes of spaces inflate its document.xml (a bomb)."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()
    if padding:
        document = document.replace(b"<w:body>", b"<w:body>" + b" " * padding, 1)
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxml'
            'formats.org/package/2006/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension='
            '"xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def _lying_docx(folder: Path) -> None:
    """A DOCX whose document.xml declares 1 KB and inflates to 40 MB."""
    data = bytearray(docx_bytes([said(90)], padding=40 * 2**20))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    small = (1024).to_bytes(4, "little")
    data[info.header_offset + 22:info.header_offset + 26] = small  # local header
    central = bytes(data).rfind(b"PK\x01\x02")
    while central >= 0:
        if data[central + 46:central + 46 + 17] == b"word/document.xml":
            data[central + 24:central + 28] = small
        central = bytes(data).rfind(b"PK\x01\x02", 0, central)
    (folder / "lying-bomb.docx").write_bytes(bytes(data))


def _many_members(count: int) -> bytes:
    """A ZIP of ``count`` empty members (its directory alone is the burden)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(count):
            archive.writestr(f"m{i}", b"")
    return buffer.getvalue()


def _symlink_loop(folder: Path) -> None:
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")


def _billion_laughs() -> bytes:
    entities = ['<!ENTITY l0 "ха">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    return _tei("<p>&l9;</p>", f"<!DOCTYPE TEI [{''.join(entities)}]>\n")


def _quadratic_blowup() -> bytes:
    return _tei("<p>" + "&a;" * 50_000 + "</p>",
                f'<!DOCTYPE TEI [<!ENTITY a "{"х" * 50_000}">]>\n')


def _old_page() -> bytes:
    """An old page: 400 paragraphs of ``<p><font size=2>`` never closed (lxml kept 127)."""
    paragraphs = "".join(f"<p><font size=2>Абзац {i}. {RUSSIAN}\n" for i in range(400))
    return f"<html><head><title>Старая страница</title></head><body>{paragraphs}".encode(
        "cp1251")


OLD_PAGE_TEXT = "\n".join(f"Абзац {i}. {RUSSIAN}" for i in range(400))
NESTED = ("<div>" * 6000 + f"<p>{RUSSIAN}</p>" + "</div>" * 6000).encode()
WIDE = ("\u202e\u200b" + RUSSIAN.replace(" ", " \u200d") + "\u2066\u00ad\ufeff\u2069\u200f")

CASES: list[Case] = [
    Case("empty", "empty.txt", _bytes("empty.txt", b""), text=""),
    Case("BOM only", "bom-only.txt", _bytes("bom-only.txt", b"\xef\xbb\xbf"), text=""),
    Case("NUL bytes", "nul.txt", _bytes("nul.txt", b"\x00abc" * 2000), "NUL bytes"),
    Case("lone surrogates (CESU-8)", "surrogates.txt", _bytes(
        "surrogates.txt", said(1).encode() + b" \xed\xa0\x80 " + said(2).encode())),
    Case("invalid UTF-8", "invalid-utf8.txt", _bytes(
        "invalid-utf8.txt", said(3).encode() + b"\xff\xfe\xc3" + said(4).encode())),
    Case("UTF-16 LE with BOM", "utf16-bom.txt",
         _bytes("utf16-bom.txt", said(5).encode("utf-16")), text=said(5)),
    Case("UTF-16 BE without BOM", "utf16be.txt",
         _bytes("utf16be.txt", said(7).encode("utf-16-be")), text=said(7)),
    Case("UTF-32 with BOM", "utf32-bom.txt",
         _bytes("utf32-bom.txt", said(9).encode("utf-32")), text=said(9)),
    Case("UTF-32 LE without BOM", "utf32le.txt",
         _bytes("utf32le.txt", said(11).encode("utf-32-le")), text=said(11)),
    Case("cp1251", "cp1251.txt", _bytes("cp1251.txt", said(13).encode("cp1251")), text=said(13)),
    Case("koi8-r", "koi8r.txt", _bytes("koi8r.txt", said(15).encode("koi8-r")), text=said(15)),
    Case("cp866", "cp866.txt", _bytes("cp866.txt", said(17).encode("cp866")), text=said(17)),
    Case("mac-cyrillic", "mac.txt",
         _bytes("mac.txt", said(19).encode("mac-cyrillic")), text=said(19)),
    Case("bidi and zero-width characters", "bidi.txt",
         _bytes("bidi.txt", WIDE.encode()), text=WIDE),
    Case("control characters", "controls.txt", _bytes(
        "controls.txt", (said(21) + "\x1b[31m\x07\x0b\x0c\x7f" + said(22)).encode())),
    Case("huge single line", "one-line.txt",
         _bytes("one-line.txt", ((said(23) + " ") * 1_500).encode()), heavy=True),
    Case("quote flood", "quotes.txt", _bytes("quotes.txt", ("«" * FLOOD_CHARS).encode()),
         heavy=True),
    Case("nested quote flood", "nested-quotes.txt", _bytes(
        "nested-quotes.txt", ("«" * (FLOOD_CHARS // 2) + "»" * (FLOOD_CHARS // 2)).encode()),
         heavy=True),
    Case("bracket flood", "brackets.txt", _bytes("brackets.txt", b"(" * FLOOD_CHARS),
         heavy=True),
    Case("dot flood", "dots.txt", _bytes("dots.txt", b"." * FLOOD_CHARS), heavy=True),
    Case("corrupt PDF", "corrupt.pdf", _bytes("corrupt.pdf", pdf_bytes(b"BT (x) Tj ET")[:200]),
         "PDF"),
    Case("PDF stream bomb", "bomb.pdf", _bytes("bomb.pdf", lambda: pdf_bytes(
        zlib.compress(b"BT /F1 12 Tf (" + b" " * (80 * 10**6) + b") Tj ET", 6),
        filtered=True)), "PDF"),
    Case("PDF page bomb (one large content stream on 300 pages)", "pages.pdf", _bytes(
        "pages.pdf", lambda: pdf_bytes(zlib.compress(
            b"BT /F1 12 Tf 72 720 Td " + b"(x) Tj 0 -1 Td " * 100_000 + b"ET", 6),
            filtered=True, pages=300)), "content inflates past"),
    Case("corrupt DOCX", "corrupt.docx", _bytes("corrupt.docx", docx_bytes([said(24)])[:300]),
         "not readable as DOCX"),
    Case("DOCX bomb", "bomb.docx", _bytes(
        "bomb.docx", lambda: docx_bytes([said(25)], 100 * 2**20)), "inflates to"),
    Case("DOCX of 10,001 members", "members.docx", _bytes("members.docx", lambda: _many_members(
        10_001)), "members (the limit is 10,000)"),
    Case("DOCX bomb with lying sizes", "lying-bomb.docx", _lying_docx, "not readable as DOCX"),
    Case("XXE", "xxe.xml", _bytes("xxe.xml", _tei(
        "<p>&x;</p>", '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n')),
         "external DTDs and entities are not read"),
    Case("XXE parameter entity", "xxe-param.xml", _bytes("xxe-param.xml", _tei(
        "<p>&y;</p>", '<!DOCTYPE TEI [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>\n')),
         "not read"),
    Case("billion laughs", "laughs.xml", _bytes("laughs.xml", _billion_laughs()),
         "entity expansion bomb"),
    Case("quadratic entity blowup", "blowup.xml", _bytes("blowup.xml", _quadratic_blowup()),
         "entity expansion bomb"),
    Case("external DTD", "external-dtd.xml", _bytes("external-dtd.xml", _tei(
        f"<p>{said(26)}</p>", '<!DOCTYPE TEI SYSTEM "http://127.0.0.1:9/tei.dtd">\n')),
         text=said(26)),
    Case("XInclude", "xinclude.xml", _bytes("xinclude.xml", _tei(
        '<p>А<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" '
        'parse="text"/></p>')), "XInclude"),
    Case("TEI internal entities", "entities.xml", _bytes("entities.xml", _tei(
        "<p>&who; ответил ему &how;.</p>",
        '<!DOCTYPE TEI [<!ENTITY who "Хрущёв"><!ENTITY how "резко">]>\n')),
         text="Хрущёв ответил ему резко."),
    Case("deeply nested TEI", "deep.xml", _bytes("deep.xml", _tei(
        "<p>" + "<hi>" * 3000 + "x" + "</hi>" * 3000 + "</p>")), "not well-formed XML"),
    Case("deeply nested HTML", "nested.html", _bytes("nested.html", NESTED), text=RUSSIAN),
    Case("unclosed tags HTML", "old.html", _bytes("old.html", _old_page()), text=OLD_PAGE_TEXT),
    Case("UTF-7 HTML", "utf7.html", _bytes("utf7.html", (
        f'<html><head><meta charset="utf-7"></head><body><p>{said(29)}</p></body></html>'
    ).encode("utf-7")), text=said(29)),
    Case("unknown deep HTML", "unknown.html", _bytes(
        "unknown.html", ("<x>" * 5000 + said(31)).encode()), "nested deeper than"),
    Case("symlink loop", "loop-a.txt", _symlink_loop, "symbolic links"),
    Case("odd file name", "-- $(rm) ;'\"\n\t.txt", _bytes(
        "-- $(rm) ;'\"\n\t.txt", said(32).encode()), text=said(32)),
    Case("odd file name, bad content", "\x1b[2J\nбинарный.txt", _bytes(
        "\x1b[2J\nбинарный.txt", b"\x00" * 100), "NUL bytes"),
    Case("long file name", "ж" * 120 + ".txt", _bytes("ж" * 120 + ".txt", said(34).encode()),
         text=said(34)),
]


def build_all(folder: Path, cases: list[Case] | None = None) -> list[Case]:
    """Write every case's file into ``folder`` (created); the cases written."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = CASES if cases is None else cases
    for case in chosen:
        case.build(folder)
    return chosen
