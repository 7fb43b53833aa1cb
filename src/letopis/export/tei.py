"""TEI P5 output: one ``teiCorpus`` with a ``TEI`` per document (docs/export.md).

The body holds the untouched text: one ``<p>`` per line, the line breaks between them
kept as text, so the body's text content is the document text character for character
(characters XML cannot hold become U+FFFD). Mentions become ``persName``/``orgName``/
``placeName``/``date``/``name``, quotations ``q`` (``@who`` the speaker), titles
``title``, terms ``term``. Spans nest as elements; a span crossing another one already
placed (the earlier, or the outer of two at one start) loses its element, its text
stays. A span crossing a line break is cut into one element per line, linked with
``@prev``/``@next`` (if one piece must go, all go). The corpus entities are listed
in a ``standOff``; each document's relations follow its text in its own
``standOff/listRelation`` (``relation`` with ``@name``, ``@active``/``@passive`` or
``@mutual`` pointing at the entities).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from letopis.doc import PLACE_LABELS, Document
from letopis.export import xml_safe
from letopis.export.corpus import (
    CorpusEntity,
    corpus_entities,
    corpus_ids,
    geonames_uri,
    wikidata_uri,
)
from letopis.kb.facts import Fact, Party, doc_facts

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
QUOTE_TAGS = {"quotation": "q", "title": "title", "term": "term"}
_LINE = re.compile(r"[^\r\n]+")


# -- EDTF -> att.datable.w3c -------------------------------------------------------

_POINT = re.compile(r"^(?P<year>Y-?\d+|-?[\dX]{4})(?:-(?P<mid>[\dX]{2}))?(?:-(?P<day>[\dX]{2}))?$")
# EDTF sub-year groupings (level 1/2) -> (first month, last month); 24: December..February.
_GROUPS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14),
           25: (3, 5), 26: (6, 8), 27: (9, 11), 28: (12, 14),
           29: (9, 11), 30: (12, 14), 31: (3, 5), 32: (6, 8),
           33: (1, 3), 34: (4, 6), 35: (7, 9), 36: (10, 12),
           37: (1, 4), 38: (5, 8), 39: (9, 12), 40: (1, 6), 41: (7, 12)}
_CERT = {"~": "medium", "?": "low", "%": "low"}


def _year(raw: str) -> str:
    """An EDTF year (``1956``, ``Y-12000``, ``-0044``) as an xsd year."""
    value = raw[1:] if raw.startswith("Y") else raw
    sign = "-" if value.startswith("-") else ""
    return sign + value.lstrip("-").zfill(4)


def _month(year: str, month: int) -> str:
    if month <= 12:
        return f"{year}-{month:02d}"
    return f"{int(year) + 1:04d}-{month - 12:02d}"


def point_bounds(value: str) -> tuple[str, str, bool] | None:
    """(lowest, highest, exact) xsd dates of one EDTF point without qualifiers."""
    match = _POINT.match(value)
    if match is None:
        return None
    year, mid, day = match.group("year"), match.group("mid"), match.group("day")
    if "X" in year:
        if year.startswith("X") or (mid and "X" not in mid) or day:
            return None
        return year.replace("X", "0"), year.replace("X", "9"), False
    year = _year(year)
    if mid is None or mid == "XX":
        return year, year, True
    if "X" in mid:
        return None
    number = int(mid)
    if number in _GROUPS and day is None:
        first, last = _GROUPS[number]
        return _month(year, first), _month(year, last), False
    if not 1 <= number <= 12:
        return None
    month = f"{year}-{mid}"
    if day is None or day == "XX":
        return month, month, True
    if "X" in day:
        return None
    return f"{month}-{day}", f"{month}-{day}", True


def _partial(value: str) -> str | None:
    """``XXXX-08`` -> ``--08``, ``XXXX-08-05`` -> ``--08-05`` (xsd gMonth, gMonthDay)."""
    match = re.match(r"^XXXX-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$", value)
    if match is None:
        return None
    return "--" + "-".join(g for g in match.groups() if g)


def _cert(value: str) -> dict[str, str]:
    marks = [c for c in value if c in _CERT]
    return {"cert": "low" if "?" in marks or "%" in marks else "medium"} if marks else {}


def _point_attributes(value: str) -> dict[str, str]:
    bare = re.sub("[~?%]", "", value)
    partial = _partial(bare)
    if partial is not None:
        return {"when": partial, **_cert(value)}
    bounds = point_bounds(bare)
    if bounds is None:
        return {}
    low, high, exact = bounds
    if exact:
        return {"when": low, **_cert(value)}
    if re.match(r"^-?[\dX]{4}$", bare):
        return {"from": low, "to": high, **_cert(value)}
    return {"notBefore": low, "notAfter": high, **_cert(value)}


def _interval_attributes(value: str) -> dict[str, str]:
    first, _, last = value.partition("/")
    attrs: dict[str, str] = {}
    for end, key, index in ((first, "from", 0), (last, "to", 1)):
        if end in ("..", ""):
            continue
        bounds = point_bounds(re.sub("[~?%]", "", end))
        if bounds is None:
            return {}
        attrs[key] = bounds[1] if index else bounds[0]
    if not attrs:
        return {}
    return {**attrs, **_cert(value)}


def edtf_attributes(value: str) -> dict[str, str]:
    """TEI att.datable.w3c attributes of an EDTF value; ``n`` keeps the EDTF itself.

    ``1956-06`` -> when; ``193X`` -> from/to; ``1956-21`` (spring) -> notBefore/notAfter;
    ``1938/..`` -> from; ``../1953`` -> to; ``~`` -> cert="medium", ``?``/``%`` ->
    cert="low"; ``XXXX-08-05`` -> when="--08-05"; an unmapped value keeps only ``n``.
    """
    value = value.strip()
    attrs = _interval_attributes(value) if "/" in value else _point_attributes(value)
    return {**attrs, "n": value}


def _el(tag: str, parent: etree._Element | None = None, text: str | None = None,
        **attrs: str) -> etree._Element:
    """A TEI element; its text and attribute values pass through ``xml_safe``."""
    name = f"{{{TEI_NS}}}{tag}"
    if parent is None:
        node = etree.Element(name, nsmap={None: TEI_NS})
    else:
        node = etree.SubElement(parent, name)
    for key, value in attrs.items():
        node.set(XML_ID if key == "xml_id" else key, xml_safe(value))
    if text is not None:
        node.text = xml_safe(text)
    return node


@dataclass
class _Span:
    """A piece of an annotation inside one line: the element it becomes."""

    start: int
    end: int
    rank: int
    tag: str
    attrs: dict[str, str]
    group: str = ""
    children: list[_Span] = field(default_factory=list)


def mention_tag(label: str) -> tuple[str, dict[str, str]]:
    """The TEI element and extra attributes of a mention label."""
    if label == "PERSON":
        return "persName", {}
    if label == "ORGANIZATION":
        return "orgName", {}
    if label in PLACE_LABELS:
        return "placeName", {"type": label}
    if label == "DATE":
        return "date", {}
    return "name", {"type": label}


def _annotations(doc: Document, prefix: str, entities: dict[str, CorpusEntity]) -> list[_Span]:
    """Every mention and quote as a span (unsplit), ranked: quotes outside mentions."""
    local = corpus_ids(doc)
    edtf = {d.mention: d.edtf for d in doc.dates}
    spans: list[_Span] = []
    for q in doc.quotes:
        attrs = {"xml_id": f"{prefix}.{q.id}"}
        speaker = local.get(q.speaker or "")
        if q.kind == "quotation" and speaker is not None:
            attrs["who"] = f"#{speaker}"
        spans.append(_Span(q.start, q.end, 0, QUOTE_TAGS.get(q.kind, "q"), attrs))
    for m in doc.mentions:
        tag, attrs = mention_tag(m.label)
        attrs = {"xml_id": f"{prefix}.{m.id}", **attrs}
        cid = local.get(m.entity or "")
        if cid is not None:
            attrs["key"] = cid
            refs = entities[cid].uris() if cid in entities else []
            if refs:
                attrs["ref"] = " ".join(refs)
        if m.id in edtf:
            attrs.update(edtf_attributes(edtf[m.id]))
        spans.append(_Span(m.start, m.end, 1, tag, attrs))
    return spans


def _pieces(span: _Span, lines: list[tuple[int, int]], starts: list[int]) -> list[_Span]:
    """``span`` cut at line breaks; pieces after the first get fresh ids and links.

    ``starts``: the lines' start offsets (only the lines the span touches are looked at).
    """
    first = max(0, bisect_right(starts, span.start) - 1)
    last = bisect_left(starts, span.end)
    cut = [(max(a, span.start), min(b, span.end)) for a, b in lines[first:last]
           if a < span.end and b > span.start]
    if len(cut) <= 1:
        return [_Span(*cut[0], span.rank, span.tag, dict(span.attrs))] if cut else []
    base = span.attrs["xml_id"]
    ids = [base if i == 0 else f"{base}.{i + 1}" for i in range(len(cut))]
    pieces = []
    for i, (a, b) in enumerate(cut):
        attrs = {**span.attrs, "xml_id": ids[i]}
        if i:
            attrs["prev"] = f"#{ids[i - 1]}"
        if i + 1 < len(cut):
            attrs["next"] = f"#{ids[i + 1]}"
        pieces.append(_Span(a, b, span.rank, span.tag, attrs, base))
    return pieces


def nest(spans: list[_Span]) -> list[_Span]:
    """A forest of properly nested spans; a span crossing a placed one is dropped."""
    roots: list[_Span] = []
    stack: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.rank)):
        span.children = []
        if span.start >= span.end:
            continue
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and span.end > stack[-1].end:
            continue
        (stack[-1].children if stack else roots).append(span)
        stack.append(span)
    return roots


def _placed(roots: list[_Span]) -> list[_Span]:
    found, todo = [], list(roots)
    while todo:
        span = todo.pop()
        found.append(span)
        todo.extend(span.children)
    return found


def _nest_whole(pieces: list[_Span]) -> list[_Span]:
    """Nest ``pieces``; a span cut at line breaks keeps all its pieces or none."""
    sizes = Counter(p.group for p in pieces if p.group)
    dropped: set[str] = set()
    while True:
        roots = nest([p for p in pieces if p.group not in dropped])
        kept = Counter(p.group for p in _placed(roots) if p.group)
        lost = {g for g, n in sizes.items() if g not in dropped and kept[g] < n}
        if not lost:
            return roots
        dropped |= lost


def _fill(node: etree._Element, text: str, start: int, end: int, kids: list[_Span]) -> None:
    """Write ``text[start:end]`` into ``node`` with ``kids`` as child elements."""
    pos = start
    last: etree._Element | None = None
    for kid in kids:
        chunk = text[pos:kid.start]
        if last is None:
            node.text = chunk or None
        else:
            last.tail = chunk or None
        last = _el(kid.tag, node, **kid.attrs)
        _fill(last, text, kid.start, kid.end, kid.children)
        pos = kid.end
    if last is None:
        node.text = text[pos:end] or None
    else:
        last.tail = text[pos:end] or None


def _body(parent: etree._Element, doc: Document, prefix: str,
          entities: dict[str, CorpusEntity]) -> None:
    text = xml_safe(doc.text)
    body = _el("body", _el("text", parent))
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    starts = [a for a, _ in lines]
    pieces = [p for s in _annotations(doc, prefix, entities) for p in _pieces(s, lines, starts)]
    by_line: dict[int, list[_Span]] = {}
    for root in _nest_whole(pieces):
        index = bisect_right(starts, root.start) - 1
        by_line.setdefault(index, []).append(root)
    if not lines:
        body.text = text or None
        _el("p", body)
        return
    body.text = text[: lines[0][0]] or None
    for i, (a, b) in enumerate(lines):
        p = _el("p", body)
        _fill(p, text, a, b, by_line.get(i, []))
        p.tail = text[b: lines[i + 1][0] if i + 1 < len(lines) else len(text)] or None


def _header(parent: etree._Element, title: str, source: str) -> None:
    header = _el("teiHeader", parent)
    desc = _el("fileDesc", header)
    _el("title", _el("titleStmt", desc), title)
    _el("p", _el("publicationStmt", desc), "Exported by letopis.")
    _el("p", _el("sourceDesc", desc), source)


def _document(parent: etree._Element, doc: Document, n: int,
              entities: dict[str, CorpusEntity]) -> None:
    tei = _el("TEI", parent, xml_id=f"d{n}", n=doc.id)
    source = doc.source or f"sha256 {doc.id}"
    _header(tei, source, source)
    _body(tei, doc, f"d{n}", entities)
    _relations(tei, doc, f"d{n}", entities)


_LISTS = (("listPerson", "person", "persName", lambda lb: lb == "PERSON"),
          ("listOrg", "org", "orgName", lambda lb: lb == "ORGANIZATION"),
          ("listPlace", "place", "placeName", lambda lb: lb in PLACE_LABELS),
          ("listEvent", "event", "label", lambda lb: lb == "EVENT"))


def listed(label: str) -> bool:
    """Whether corpus entities of ``label`` are listed (with an xml:id) in the standOff."""
    return any(wanted(label) for *_, wanted in _LISTS)


def _pointer(party: Party, local: dict[str, str], prefix: str,
             entities: dict[str, CorpusEntity]) -> str:
    """``#E…`` for a listed corpus entity, else ``#d<n>.m<k>``: the mention's element."""
    cid = local.get(party.entity or "")
    if cid is not None and cid in entities and listed(entities[cid].label):
        return f"#{cid}"
    return f"#{prefix}.{party.mention}"


def _relation(listing: etree._Element, fact: Fact, prefix: str, ends: tuple[str, str],
              text: str) -> None:
    """One ``relation``: ``mutual`` for a symmetric type, else ``active``/``passive``;
    ``cert`` the score, ``desc`` the evidence text (its span in ``@n``)."""
    attrs = {"xml_id": f"{prefix}.{fact.relation}", "name": fact.type, "type": "letopis",
             "cert": f"{fact.score:.3g}", "n": f"{fact.start}-{fact.end}"}
    if fact.symmetric:
        attrs["mutual"] = " ".join(ends)
    else:
        attrs["active"], attrs["passive"] = ends
    _el("desc", _el("relation", listing, **attrs), text[fact.start:fact.end])


def _relations(parent: etree._Element, doc: Document, prefix: str,
               entities: dict[str, CorpusEntity]) -> None:
    """The document's relations as ``standOff/listRelation`` after its text (nothing when
    it has none). Every pointer resolves: a relation whose mention lost its element (a
    span crossing another) and has no listed entity is left out."""
    local = corpus_ids(doc)
    ids = {node.get(XML_ID) for node in parent.iter()} | set(entities)
    chosen = []
    for fact in doc_facts(doc):
        ends = (_pointer(fact.subject, local, prefix, entities),
                _pointer(fact.other, local, prefix, entities))
        if all(end[1:] in ids for end in ends):
            chosen.append((fact, ends))
    if not chosen:
        return
    listing = _el("listRelation", _el("standOff", parent))
    text = xml_safe(doc.text)
    for fact, ends in chosen:
        _relation(listing, fact, prefix, ends, text)


def _geo(item: etree._Element, e: CorpusEntity) -> None:
    """A linked place's GeoNames id and coordinates (``location/geo``: "lat lon")."""
    if geonames_uri(e.geonames) and e.geonames:
        _el("idno", item, e.geonames.strip(), type="geonames")
    if item.tag.endswith("place") and e.coords and len(e.coords) == 2:
        _el("geo", _el("location", item), f"{e.coords[0]:.5f} {e.coords[1]:.5f}")


def _stand_off(parent: etree._Element, entities: dict[str, CorpusEntity]) -> None:
    stand = _el("standOff", parent)
    for list_tag, item_tag, name_tag, wanted in _LISTS:
        chosen = [e for e in entities.values() if wanted(e.label)]
        if not chosen:
            continue
        listing = _el(list_tag, stand)
        for e in chosen:
            item = _el(item_tag, listing, xml_id=e.id, n=str(e.mentions))
            if item_tag == "place":
                item.set("type", e.label)
            _el(name_tag, item, e.name)
            if wikidata_uri(e.wikidata) and e.wikidata:
                _el("idno", item, e.wikidata.strip(), type="wikidata")
            _geo(item, e)
    if not len(stand):
        parent.remove(stand)


def documents_to_tei(docs: list[Document]) -> str:
    """The corpus as one TEI P5 ``teiCorpus`` document (UTF-8 XML text)."""
    entities = corpus_entities(docs)
    root = _el("teiCorpus")
    _header(root, "letopis corpus", f"{len(docs)} documents analyzed by letopis.")
    _stand_off(root, entities)
    for n, doc in enumerate(docs, 1):
        _document(root, doc, n, entities)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=False)
    return data.decode("utf-8") + "\n"
