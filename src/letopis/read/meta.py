"""Document provenance: title, author, date, archive reference and language from TEI
headers and DOCX/PDF properties, EDTF dates from what people type, and storable source
names that never reveal an absolute path.

Nothing here raises for a header it cannot read: metadata is a bonus, the text is the
document. A date that is not a day, month or year is left out rather than guessed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from letopis.doc import Meta
from letopis.errors import LetopisError

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_SPACE = re.compile(r"\s+")


class MetaError(LetopisError):
    """A metadata value given on the command line cannot be used."""


def edtf_date(value: str) -> str | None:
    """``1922``, ``1922-12``, ``1922-12-23`` or ``23.12.1922`` as EDTF; None otherwise."""
    value = value.strip()
    match = _ISO.match(value)
    if match is not None:
        year, month, day = match.groups()
    else:
        dotted = _DOTTED.match(value)
        if dotted is None:
            return None
        day, month, year = (f"{int(x):02d}" for x in dotted.groups())
        year = f"{int(year):04d}"
    if month is not None and not 1 <= int(month) <= 12:
        return None
    if day is not None and not 1 <= int(day) <= 31:
        return None
    return "-".join(x for x in (year, month, day) if x is not None)


def meta_date(value: str) -> str:
    """A ``--date`` value as EDTF; MetaError naming the accepted forms."""
    date = edtf_date(value)
    if date is None:
        raise MetaError(f"--date {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY")
    return date


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = _SPACE.sub(" ", text).strip()
    return text or None


def tei_meta(path: str) -> Meta:
    """Title, author, date, archive reference and language of a TEI header."""
    from lxml import etree

    try:
        root = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True,
                                                 huge_tree=False)).getroot()
    except (OSError, etree.XMLSyntaxError):
        return Meta()
    header = _first(root, "teiHeader")
    if header is None:
        return Meta()
    meta = Meta()
    title_stmt = _first(header, "titleStmt")
    if title_stmt is not None:
        meta.title = _text(_first(title_stmt, "title"))
        meta.author = _text(_first(title_stmt, "author"))
    meta.date = _tei_date(header)
    meta.archive = _archive(header)
    language = _first(header, "language")
    if language is not None:
        meta.language = _clean(language.get("ident")) or _text(language)
    return meta


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _first(element: Any, name: str) -> Any:
    for item in element.iter():
        if _local(item) == name:
            return item
    return None


def _text(element: Any) -> str | None:
    return None if element is None else _clean("".join(element.itertext()))


def _tei_date(header: Any) -> str | None:
    """The document's own date: ``sourceDesc`` first (the original), then the header."""
    for scope in (_first(header, "sourceDesc"), _first(header, "profileDesc"), header):
        if scope is None:
            continue
        for item in scope.iter():
            if _local(item) != "date":
                continue
            for value in (item.get("when"), item.get("notBefore"), _text(item)):
                date = edtf_date(value) if value else None
                if date is not None:
                    return date
    return None


def _archive(header: Any) -> str | None:
    """``msIdentifier``: repository, collection and shelf mark (``idno``), joined."""
    ident = _first(header, "msIdentifier")
    if ident is None:
        return None
    parts = [_text(item) for item in ident if _local(item) in (
        "settlement", "institution", "repository", "collection", "idno")]
    return _clean(", ".join(p for p in parts if p)) or None


def docx_meta(path: str) -> Meta:
    """Title and author of a DOCX (its core properties; dates there are the file's own)."""
    try:
        import docx

        props = docx.Document(path).core_properties
        return Meta(title=_clean(props.title), author=_clean(props.author),
                    language=_clean(props.language))
    except Exception:  # a damaged package: the reader reports it, not the metadata
        return Meta()


def pdf_meta(path: str) -> Meta:
    """Title and author of a PDF's document information."""
    try:
        from pypdf import PdfReader

        info = PdfReader(path).metadata
        if info is None:
            return Meta()
        return Meta(title=_clean(info.title), author=_clean(info.author))
    except Exception:  # a damaged file: the reader reports it
        return Meta()


READERS = {".xml": tei_meta, ".docx": docx_meta, ".pdf": pdf_meta}


def read_meta(path: str) -> Meta:
    """The metadata a file carries (empty for plain text and unknown kinds)."""
    reader = READERS.get(Path(path).suffix.lower())
    return reader(path) if reader is not None else Meta()


def merge_meta(*layers: Meta | None) -> Meta:
    """Later layers win field by field (file < command line)."""
    merged = Meta()
    for layer in layers:
        if layer is None:
            continue
        for key, value in vars(layer).items():
            if value is not None:
                setattr(merged, key, value)
    return merged


def relative_source(path: str, roots: list[str] | None = None) -> str:
    """A name for ``path`` that holds no absolute path: relative paths as given; an
    absolute one relative to the working directory, or to the folder given on the
    command line (kept as its last name), or else the file name alone."""
    if not os.path.isabs(path):
        return path
    candidates = [(os.getcwd(), "")]
    for root in roots or []:
        absolute = os.path.abspath(root)
        if os.path.isdir(absolute):
            candidates.append((os.path.dirname(absolute.rstrip(os.sep)) or absolute, ""))
    for base, _ in candidates:
        try:
            rel = os.path.relpath(path, base)
        except ValueError:
            continue
        if not rel.startswith(os.pardir):
            return rel
    return os.path.basename(path)


def display_title(source: str | None, meta: Meta) -> str:
    """How a document is shown: its title, else its source name, else ``untitled``."""
    return meta.title or source or "untitled"
