"""Output formats: the JSON contract, JSON Lines, brat standoff, a text summary, HTML.

``render`` is the one entry point the CLI uses; the converters live in submodules
(``jsonout``, ``brat``, ``text``; the HTML report in ``letopis.report.html``) and are
imported lazily so that loading this package stays cheap.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from letopis.errors import LetopisError

if TYPE_CHECKING:
    from letopis.doc import Document

_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters XML 1.0 cannot hold: C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

FORMATS: tuple[str, ...] = ("json", "jsonl", "html", "brat", "text")


class ExportError(LetopisError):
    """Documents cannot be written in the requested format."""


def render(docs: list[Document], fmt: str) -> str:
    """Render ``docs`` as one string in format ``fmt`` (one of ``FORMATS``).

    json: one object for one document, an array for several; jsonl: one compact object
    per line; html: one offline report; text: a readable summary; brat: the ``.ann``
    text of exactly one document (use ``letopis.export.brat.write_brat_dir`` for more).
    """
    if fmt == "json":
        from letopis.export.jsonout import documents_to_json

        return documents_to_json(docs) + "\n"
    if fmt == "jsonl":
        from letopis.export.jsonout import documents_to_jsonl

        return documents_to_jsonl(docs)
    if fmt == "html":
        from letopis.report.html import documents_to_html

        return documents_to_html(docs)
    if fmt == "text":
        from letopis.export.text import documents_to_text_summary

        return documents_to_text_summary(docs)
    if fmt == "brat":
        return _render_brat(docs)
    raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _render_brat(docs: list[Document]) -> str:
    from letopis.export.brat import document_to_ann

    if len(docs) != 1:
        raise ExportError(
            f"brat output holds one document, got {len(docs)}: use write_brat_dir "
            "(letopis.export.brat) to write a .txt/.ann pair per document"
        )
    return document_to_ann(docs[0])


def printable(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD (same length, so offsets hold)."""
    return _SURROGATE.sub("\ufffd", text)


def xml_safe(text: str) -> str:
    """``text`` with characters XML 1.0 cannot hold replaced by U+FFFD (same length).

    Every XML writer (TEI, GEXF, GraphML) passes its text and attribute values through
    this one function, so no export can be invalid XML whatever the input held.
    """
    return _NOT_XML.sub("\ufffd", text)


__all__ = ["FORMATS", "ExportError", "printable", "render", "xml_safe"]
