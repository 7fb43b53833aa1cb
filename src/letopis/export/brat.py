"""brat standoff output: a ``.txt``/``.ann`` pair per document.

Mentions become text-bound annotations (``T``) with their NEREL label, quotations and
claims ``T`` annotations of type QUOTE and CLAIM, relations ``R`` lines (Arg1 the head
mention, Arg2 the tail), and entity names, EDTF values, speakers, holders, sources and
each relation's id, score and evidence span ``AnnotatorNotes`` (``#``). brat
offsets are code points, as ours are. brat wants the annotated text on one line, so a
span that crosses a line break is written as a discontinuous span split at the breaks.
"""

from __future__ import annotations

import re
from pathlib import Path

from letopis.doc import LABELS, RELATION_TYPES, Document
from letopis.export import ExportError, printable

QUOTE_TYPE = "QUOTE"
CLAIM_TYPE = "CLAIM"
# Every character str.splitlines() breaks at: none may appear in an .ann text field.
_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_UNSAFE_NAME = re.compile(r"[^\w.\-]+")


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks into non-empty one-line pieces."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for brk in _BREAK.finditer(text, start, end):
        if brk.start() > pos:
            pieces.append((pos, brk.start()))
        pos = brk.end()
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _one_line(value: str) -> str:
    return _BREAK.sub(" ", value).replace("\t", " ")


class _Ann:
    """Accumulates .ann lines with fresh T/R/# numbers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[str] = []
        self.t = self.r = self.note = 0

    def span(self, kind: str, start: int, end: int) -> str | None:
        pieces = fragments(self.text, start, end)
        if not pieces:
            return None
        self.t += 1
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        words = " ".join(self.text[s:e] for s, e in pieces)
        self.lines.append(f"T{self.t}\t{kind} {offsets}\t{words}")
        return f"T{self.t}"

    def relation(self, kind: str, head: str, tail: str) -> str:
        self.r += 1
        self.lines.append(f"R{self.r}\t{kind} Arg1:{head} Arg2:{tail}")
        return f"R{self.r}"

    def notes(self, target: str, parts: list[str]) -> None:
        if parts:
            self.note += 1
            body = _one_line("; ".join(parts))
            self.lines.append(f"#{self.note}\tAnnotatorNotes {target}\t{body}")


def document_to_ann(doc: Document) -> str:
    """The ``.ann`` text of ``doc`` (to pair with ``doc.text`` as the ``.txt`` file)."""
    ann = _Ann(printable(doc.text))
    names = {e.id: f"{e.id}: {printable(e.name)}" for e in doc.entities}
    edtf = {d.mention: d.edtf for d in doc.dates}
    tids: dict[str, str] = {}
    for m in doc.mentions:
        tid = ann.span(m.label, m.start, m.end)
        if tid is None:
            continue
        tids[m.id] = tid
        parts = [f"entity {names.get(m.entity, m.entity)}"] if m.entity else []
        if m.id in edtf:
            parts.append(f"edtf {printable(edtf[m.id])}")
        ann.notes(tid, parts)
    for r in doc.relations:
        if r.head in tids and r.tail in tids:
            rid = ann.relation(r.type, tids[r.head], tids[r.tail])
            ann.notes(rid, [f"{r.id} score {r.score:.3g}", f"evidence [{r.start}:{r.end}]"])
    for q in doc.quotes:
        tid = ann.span(QUOTE_TYPE, q.start, q.end)
        if tid is not None:
            speaker = [f"speaker {names.get(q.speaker, q.speaker)}"] if q.speaker else []
            ann.notes(tid, [f"{q.id} {q.kind}", *speaker])
    for c in doc.claims:
        tid = ann.span(CLAIM_TYPE, c.start, c.end)
        if tid is not None:
            parts = [f"{c.id}"]
            parts += [f"holder {names.get(c.holder, c.holder)}"] if c.holder else []
            parts += [f"source {names.get(c.source, c.source)}"] if c.source else []
            ann.notes(tid, parts)
    return "".join(line + "\n" for line in ann.lines)


def annotation_conf() -> str:
    """A brat ``annotation.conf`` declaring NEREL labels, QUOTE, CLAIM and relations."""
    lines = ["[entities]", *LABELS, QUOTE_TYPE, CLAIM_TYPE, "", "[relations]"]
    lines += [f"{rel}\tArg1:<ENTITY>, Arg2:<ENTITY>" for rel in RELATION_TYPES]
    lines += ["", "[events]", "", "[attributes]", ""]
    return "\n".join(lines)


def _base_name(doc: Document) -> str:
    if doc.source:
        stem = Path(doc.source.replace("\\", "/")).name
        stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
        name = _UNSAFE_NAME.sub("_", stem).strip("._")
        if name:
            return name
    return doc.id[:12] or "document"


def brat_names(docs: list[Document]) -> list[str]:
    """A unique file base name per document: the source stem, else the id prefix."""
    used: set[str] = set()
    names = []
    for doc in docs:
        base = name = _base_name(doc)
        n = 1
        while name.casefold() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.casefold())
        names.append(name)
    return names


def write_brat_dir(docs: list[Document], out_dir: str | Path) -> list[Path]:
    """Write ``<name>.txt`` and ``<name>.ann`` per document plus ``annotation.conf``.

    Returns the paths written. The ``.txt`` is the document text byte for byte in UTF-8
    (lone surrogates, which UTF-8 cannot hold, become U+FFFD: offsets stay valid).
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for doc, name in zip(docs, brat_names(docs), strict=True):
            for suffix, content in ((".txt", printable(doc.text)), (".ann", document_to_ann(doc))):
                path = out / f"{name}{suffix}"
                path.write_text(content, encoding="utf-8", newline="")
                written.append(path)
        conf = out / "annotation.conf"
        conf.write_text(annotation_conf(), encoding="utf-8", newline="")
        written.append(conf)
    except OSError as error:
        raise ExportError(f"cannot write brat files to {out}: {error.strerror or error}") from None
    return written
