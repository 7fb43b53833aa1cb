"""Limits of the format readers: ZIP bombs, deep HTML, XML entity tricks (docs/cli.md).

Each check fails loudly, with a one-line ReadError that starts with the path, and
before the expensive work: a DOCX is judged by its ZIP directory (the sizes its members
declare, which Python's zipfile never reads past) before python-docx inflates anything.
The HTML parser cannot lose text silently past libxml2's nesting limit, and the TEI
parser expands the entities a document declares itself, never an external one.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from typing import Any

from letopis.errors import ReadError
from letopis.read.walk import _mib

# A DOCX (ZIP) member may inflate to at most this many bytes, all members together to
# at most MAX_ZIP_TOTAL_BYTES; a member over ZIP_RATIO_FLOOR bytes may be at most
# MAX_ZIP_RATIO times its compressed size (plain XML is 5-20 times; bombs are 300-1000).
MAX_ZIP_MEMBER_BYTES = 64 * 2**20
MAX_ZIP_TOTAL_BYTES = 256 * 2**20
MAX_ZIP_RATIO = 100
ZIP_RATIO_FLOOR = 2**20
MAX_ZIP_MEMBERS = 10_000
# libxml2's nesting limit with XML_PARSE_HUGE (256 without it).
HTML_MAX_DEPTH = 2048
# Elements that only format text: dropped before a second parse when the first one
# reached the nesting limit (unclosed <font> or <b> nest a level per paragraph).
_INLINE_TAG = re.compile(
    r"</?(?:font|basefont|b|i|u|s|strike|big|small|tt|em|strong|span|a|abbr|acronym|cite|"
    r"code|dfn|kbd|samp|var|q|ins|del|mark|sup|sub|nobr|blink|center|label)\b[^<>]*>",
    re.IGNORECASE,
)
XINCLUDE_NS = "http://www.w3.org/2001/XInclude"
_EOCD = b"PK\x05\x06"


def check_zip(path: str, kind: str = "DOCX") -> None:
    """ReadError unless the ZIP at ``path`` is within the member count, size and ratio
    limits, judged from its directory alone (nothing is inflated)."""
    members = _declared_members(path)
    if members is not None and members > MAX_ZIP_MEMBERS:
        raise ReadError(f"{path}: {kind} archive has {members:,} members "
                        f"(the limit is {MAX_ZIP_MEMBERS:,}); not read")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise ReadError(f"{path}: not readable as {kind}: {error}") from None
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_ZIP_MEMBER_BYTES:
            raise ReadError(f"{path}: {kind} member {info.filename!r} inflates to "
                            f"{_mib(size)} (the limit is {_mib(MAX_ZIP_MEMBER_BYTES)}); not read")
        if size > ZIP_RATIO_FLOOR and size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise ReadError(f"{path}: {kind} member {info.filename!r} is compressed "
                            f"{ratio}:1 (the limit is {MAX_ZIP_RATIO}:1, a ZIP bomb?); not read")
    if total > MAX_ZIP_TOTAL_BYTES:
        raise ReadError(f"{path}: {kind} inflates to {_mib(total)} "
                        f"(the limit is {_mib(MAX_ZIP_TOTAL_BYTES)}); not read")


def _declared_members(path: str) -> int | None:
    """The member count in the ZIP's end record (0xFFFF for ZIP64), or None if absent."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 65_557))
            tail = handle.read()
    except OSError:
        return None
    at = tail.rfind(_EOCD)
    if at < 0 or at + 12 > len(tail):
        return None
    count = int.from_bytes(tail[at + 10:at + 12], "little")
    return MAX_ZIP_MEMBERS + 1 if count == 0xFFFF else count


def parse_html(text: str, path: str, blocks: Iterable[str] = ()) -> Any:
    """The lxml tree of an HTML page, whole: never cut at the nesting limit.

    A page that reaches libxml2's limit (unclosed ``<p><font>`` paragraphs nest ever
    deeper, so do thousands of ``<div>``) is parsed again flat: without its inline
    formatting tags, which carry no text, and with each tag of ``blocks`` (those that
    only break lines for the reader) made a ``<br>``. If even that reaches the limit,
    ReadError rather than a silently shortened text.
    """
    root, whole = _html_tree(text, path)
    if not whole:
        names = "|".join(sorted(set(blocks) - {"br", "hr", "title"}))
        flat = _INLINE_TAG.sub("", text)
        if names:
            flat = re.sub(rf"</?(?:{names})\b[^<>]*>", "<br>", flat, flags=re.IGNORECASE)
        root, whole = _html_tree(flat, path)
    if not whole:
        raise ReadError(f"{path}: HTML nested deeper than {HTML_MAX_DEPTH} elements; "
                        "its text past that depth cannot be read")
    return root


def _html_tree(text: str, path: str) -> tuple[Any, bool]:
    """(tree, True unless the parser stopped at the nesting limit)."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except Exception as error:  # lxml raises several types on broken markup
        raise ReadError(f"{path}: not readable as HTML: {error}") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return root, False
    # libxml2 stops logging after many errors: the tree's own depth tells as well.
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return root, deepest < HTML_MAX_DEPTH - 2


def parse_xml(data: bytes, path: str) -> Any:
    """The root of an XML document with its own (internal) entities expanded.

    External entities and DTDs are never read (an entity they would define is an
    error), nothing is fetched from the network, libxml2's guards against entity
    expansion bombs stay on, and XInclude is refused rather than left out.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities="internal", load_dtd=False, no_network=True,
                             huge_tree=False, dtd_validation=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        message = str(error)
        if "not defined" in message:
            message += " (external DTDs and entities are not read)"
        elif "amplification" in message or "entity reference loop" in message:
            message += " (an entity expansion bomb?)"
        raise ReadError(f"{path}: not well-formed XML: {message}") from None
    unresolved = next(root.iter(etree.Entity), None)
    if unresolved is not None:
        raise ReadError(f"{path}: entity {unresolved.text} is not declared in the document "
                        "(external DTDs and entities are not read)")
    if next(root.iter(f"{{{XINCLUDE_NS}}}*"), None) is not None:
        raise ReadError(f"{path}: XInclude (xi:include) is not read; include the text itself")
    return root
