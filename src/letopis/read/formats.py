"""Readers for documents that are not plain text: HTML, DOCX, PDF and TEI XML.

``read_document(path)`` picks a reader by suffix and falls back to ``read_path`` (plain
text with encoding detection). Each reader returns the document's visible text, blocks
(paragraphs, headings, table rows, pages) separated by line breaks; whatever cannot be
read raises ReadError whose one-line message starts with the path. ``iter_input_paths``
expands directories to files of any supported suffix.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from letopis.doc import Document
from letopis.errors import ReadError
from letopis.read import TEXT_SUFFIXES, decode_bytes, load_bytes, read_path
from letopis.read.limits import check_zip, parse_html, parse_xml
from letopis.read.walk import check_file, iter_paths

HTML_BLOCKS = (
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "header", "footer", "dt", "dd", "table",
    "ul", "ol", "hr", "title",
)
HTML_HIDDEN = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
TEI_NS = "http://www.tei-c.org/ns/1.0"
MAX_PDF_PAGES = 10_000
MAX_PDF_CONTENT_BYTES = 32 * 2**20
TEI_BLOCKS = frozenset((
    "head", "p", "l", "ab", "item", "label", "cell", "salute", "signed", "dateline",
    "byline", "opener", "closer", "trailer", "docTitle", "titlePart", "note", "sp", "stage",
))


def _blocks(lines: Iterable[str]) -> str:
    """Non-empty lines with runs of white space folded, joined with line breaks."""
    folded = (" ".join(line.split()) for line in lines)
    return "\n".join(line for line in folded if line)


def html_text(path: str) -> str:
    """The visible text of an HTML file (scripts, styles and the head left out), whole
    however deeply it nests (``letopis.read.limits.parse_html``)."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", _decode_html(load_bytes(path), path))
    if not text.strip():
        return ""
    root = parse_html(text, path, HTML_BLOCKS)
    for element in list(root.iter(*HTML_HIDDEN)):
        element.drop_tree()
    for element in root.iter(*HTML_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    return _blocks(root.text_content().splitlines())


def _decode_html(data: bytes, path: str) -> str:
    """HTML bytes to text: the declared charset, else the one detected without the tags."""
    declared = _CHARSET.search(data[:4096])
    if declared is not None:
        name = (declared.group(1) or declared.group(2)).decode("ascii")
        with contextlib.suppress(LookupError):
            return decode_bytes(data, path, codecs.lookup(name).name).text
    bare = re.sub(rb"<[^>]*>", b" ", data)
    encoding = decode_bytes(bare, path).encoding
    return decode_bytes(data, path, encoding).text


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)"""
                      rb"""|^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def docx_text(path: str) -> str:
    """Paragraphs and table rows of a DOCX file, in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_file(path)
    check_zip(path)
    try:
        document: Any = docx.Document(path)
    except Exception as error:  # zipfile, lxml and python-docx errors alike
        raise ReadError(f"{path}: not readable as DOCX: {error}") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                lines.append("\t".join(cell.text for cell in row.cells))
    return _blocks(lines)


def pdf_text(path: str) -> str:
    """The text layer of a PDF file, page after page (at most ``MAX_PDF_PAGES`` pages;
    pypdf's own limits refuse a stream that inflates past 75 MB)."""
    from pypdf import PdfReader

    check_file(path)
    # pypdf logs and warns about damaged files on standard error; the ReadError says it.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pages = _pdf_pages(PdfReader, path)
    except ReadError:
        raise
    except Exception as error:  # pypdf raises many types on damaged files
        raise ReadError(f"{path}: not readable as PDF: {error}") from None
    text = "\n\n".join(_blocks(page.splitlines()) for page in pages)
    if not text.strip():
        raise ReadError(f"{path}: PDF has no text layer (a scan?)")
    return text.strip()


def _pdf_pages(reader_class: Any, path: str) -> list[str]:
    reader = reader_class(path)
    if reader.is_encrypted:
        raise ReadError(f"{path}: PDF is encrypted")
    if len(reader.pages) > MAX_PDF_PAGES:
        raise ReadError(f"{path}: PDF has {len(reader.pages):,} pages "
                        f"(the limit is {MAX_PDF_PAGES:,}); not read")
    # Text extraction costs time per byte of page content (about 5 s per MB), so the
    # pages' inflated content is added up before any page is read.
    content = 0
    for page in reader.pages:
        stream = page.get_contents()
        content += len(stream.get_data()) if stream is not None else 0
        if content > MAX_PDF_CONTENT_BYTES:
            raise ReadError(f"{path}: PDF page content inflates past "
                            f"{MAX_PDF_CONTENT_BYTES // 2**20} MiB (the limit); not read")
    return [page.extract_text() or "" for page in reader.pages]


def tei_text(path: str) -> str:
    """The text of the ``<text>`` element of a TEI document, one block per line (its own
    entities expanded; external ones, XInclude and entity bombs refused)."""
    from lxml import etree

    root = parse_xml(load_bytes(path), path)
    if etree.QName(root).localname not in ("TEI", "TEI.2"):
        raise ReadError(f"{path}: not a TEI document (root <{etree.QName(root).localname}>)")
    body = next((e for e in root.iter() if _local(e) == "text"), None)
    if body is None:
        raise ReadError(f"{path}: TEI document without <text>")
    blocks = [e for e in body.iter() if _local(e) in TEI_BLOCKS and not _in_block(e, body)]
    if not blocks:
        return _blocks(["".join(body.itertext())])
    return _blocks("".join(e.itertext()) for e in blocks)


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _in_block(element: Any, stop: Any) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if _local(parent) in TEI_BLOCKS:
            return True
        parent = parent.getparent()
    return False


READERS: dict[str, Callable[[str], str]] = {
    ".html": html_text, ".htm": html_text, ".xhtml": html_text, ".docx": docx_text,
    ".pdf": pdf_text, ".xml": tei_text,
}
INPUT_SUFFIXES: tuple[str, ...] = TEXT_SUFFIXES + tuple(READERS)


def read_document(path: str | os.PathLike[str], encoding: str | None = None) -> Document:
    """A Document of the file's text, read by the reader its suffix names."""
    source = os.fspath(path)
    reader = READERS.get(Path(source).suffix.lower())
    if reader is None:
        return read_path(source, encoding)
    if os.path.isdir(source):
        raise ReadError(f"{source}: is a directory")
    return Document(reader(source), source)


def iter_input_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Like ``iter_paths``, but directories also yield HTML, DOCX, PDF and XML files."""
    return iter_paths(paths, suffixes=INPUT_SUFFIXES)


__all__ = ["INPUT_SUFFIXES", "READERS", "iter_input_paths", "read_document"]
