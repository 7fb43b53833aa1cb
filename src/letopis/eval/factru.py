"""factRuEval-2016 reader and PER/LOC/ORG scorer.

The corpus is layered: ``.spans`` holds typed character spans (``surname``, ``org_name``,
``loc_name``...), ``.objects`` groups spans into mentions of Person, Org, Location, LocOrg
(and a few Project/Facility). Gold PER/LOC/ORG spans are taken from the objects the way
natasha's naeval benchmark took them (the source of the published slovnet and DeepPavlov
figures), re-implemented here:

- Person -> PER over the object's hull (first span start to last span end);
- Org -> ORG over each of its ``org_name`` spans;
- Location and LocOrg -> LOC over each of their ``loc_name`` spans;
- other objects are left out; then, over the document, spans are sorted by (start,
  longest first, type) and a span that starts inside the one kept before it is dropped,
  so gold is flat.

Two comparisons are made, both over the same selection and flattening of predictions:

- ``span``: exact (start, end, type) match;
- ``token``: razdel tokens of the text inside spans whose bounds are token bounds get
  the span's type; precision and recall are counted over (token, type) pairs, as naeval
  does. The published figures are of this kind.

``.tokens``, ``.coref`` and ``.facts`` are not needed for this and are not read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letopis.doc import Document
from letopis.errors import DataError
from letopis.eval.score import COARSE, LOC, ORG, PER, Scores, score_docs

Item = tuple[int, int, str]
OBJECT_TYPES = {"Person": PER, "Org": ORG, "Location": LOC, "LocOrg": LOC}
NAME_SPAN = {ORG: "org_name", LOC: "loc_name"}


@dataclass
class FactSpan:
    """A ``.spans`` line: id, type and character interval."""

    id: str
    type: str
    start: int
    end: int


@dataclass
class FactObject:
    """An ``.objects`` line: id, type and the ids of its spans."""

    id: str
    type: str
    spans: list[str]


@dataclass
class FactDoc:
    """One factRuEval document."""

    name: str
    text: str
    spans: dict[str, FactSpan] = field(default_factory=dict)
    objects: list[FactObject] = field(default_factory=list)


def parse_spans(lines: Iterable[str], name: str = "") -> dict[str, FactSpan]:
    """``id type start length first_token n_tokens # ...`` lines -> spans by id."""
    spans = {}
    for line in lines:
        head = line.split("#", 1)[0].split()
        if not head:
            continue
        try:
            start, length = int(head[2]), int(head[3])
        except (IndexError, ValueError):
            raise DataError(f"{name}.spans: cannot parse {line!r}") from None
        spans[head[0]] = FactSpan(head[0], head[1], start, start + length)
    return spans


def parse_objects(lines: Iterable[str], name: str = "") -> list[FactObject]:
    """``id type span_id... # text`` lines -> objects."""
    objects = []
    for line in lines:
        head = line.split("#", 1)[0].split()
        if len(head) < 3:
            if head:
                raise DataError(f"{name}.objects: cannot parse {line!r}")
            continue
        objects.append(FactObject(head[0], head[1], head[2:]))
    return objects


def read_doc(txt: Path) -> FactDoc:
    """Read ``book_<n>.txt`` with its ``.spans`` and ``.objects``."""
    base = txt.with_suffix("")
    try:
        with txt.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        span_lines = base.with_suffix(".spans").read_text(encoding="utf-8").splitlines()
        object_lines = base.with_suffix(".objects").read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DataError(f"{txt.stem}: {error.strerror}: {Path(error.filename).name}") from None
    doc = FactDoc(txt.stem, text, parse_spans(span_lines, txt.stem),
                  parse_objects(object_lines, txt.stem))
    for obj in doc.objects:
        for sid in obj.spans:
            span = doc.spans.get(sid)
            if span is None or not 0 <= span.start < span.end <= len(text):
                raise DataError(f"{txt.stem}: object {obj.id} has a bad span {sid}")
    return doc


def read_split(folders: Iterable[Path], limit: int | None = None) -> list[FactDoc]:
    """All documents of the given set folders, by folder then name (first ``limit``)."""
    paths = [p for folder in folders for p in sorted(folder.glob("book_*.txt"))]
    if not paths:
        raise DataError("no .txt files in the factRuEval folder")
    if limit is not None:
        paths = paths[:limit]
    return [read_doc(p) for p in paths]


# -- gold and predicted items ---------------------------------------------------

def flatten(items: Iterable[Item]) -> list[Item]:
    """Drop every span that starts inside the span kept before it (outermost wins)."""
    kept: list[Item] = []
    for item in sorted(set(items), key=lambda i: (i[0], -i[1], i[2])):
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    return kept


def gold_items(doc: FactDoc) -> list[Item]:
    """Flat gold (start, end, PER|LOC|ORG) spans, selected as the module doc says."""
    items: list[Item] = []
    for obj in doc.objects:
        kind = OBJECT_TYPES.get(obj.type)
        spans = [doc.spans[sid] for sid in obj.spans]
        if kind == PER:
            items.append((min(s.start for s in spans), max(s.end for s in spans), PER))
        elif kind is not None:
            named = [(s.start, s.end, kind) for s in spans if s.type == NAME_SPAN[kind]]
            items.extend(flatten(named))
    return flatten(items)


def pred_items(doc: Document) -> list[Item]:
    """Flat predicted PER/LOC/ORG spans in factRuEval's conventions (``nerel_to_factru``)."""
    return flatten(nerel_to_factru(doc))


GAP = " \t\n«\"„“"  # what may part an organization name from a name that ends it


def nerel_to_factru(doc: Document) -> list[Item]:
    """letopis's NEREL-typed mentions -> factRuEval-style (start, end, PER|LOC|ORG) names.

    NEREL and factRuEval annotate the same names differently; this converter maps the
    first onto the second (it reads only the document's mentions and tokens):

    - PERSON -> PER, ORGANIZATION -> ORG, the location family -> LOC (``COARSE``);
    - factRuEval marks names only: a LOC or ORG that starts with a lower-case letter
      (NEREL's ``российского`` COUNTRY, ``правительство США`` ORGANIZATION) or that is
      a single adjective (``Русские``) is not one, so it is left out (a name nested
      inside it, such as ``США``, stays);
    - factRuEval's organization names stop before a name that ends them: NEREL's
      ``Конгресса США`` ORGANIZATION is factRuEval's ``Конгресса`` ORG and ``США`` LOC, so
      an ORG that ends with a nested LOC or ORG name is cut before it.

    Measured on the factRuEval devset only (see docs/evaluation.md).
    """
    coarse = [(m.start, m.end, COARSE[m.label]) for m in doc.mentions if m.label in COARSE]
    adjectives = {(t.start, t.end) for t in doc.tokens if t.tag.startswith("ADJF")}
    out: list[Item] = []
    for start, end, kind in coarse:
        if kind != PER and (not _is_name(doc.text[start:end]) or (start, end) in adjectives):
            continue
        out.append((start, end, kind))
    return [_before_final_name(doc.text, item, out) if item[2] == ORG else item
            for item in out]


def _before_final_name(text: str, item: Item, names: list[Item]) -> Item:
    """An ORG cut before the longest LOC or ORG name nested at its end, where a space
    (or an opening quote) parts them and what is left still reads as a name."""
    start, end, _ = item
    inner = min((s for s, e, kind in names if kind != PER and e == end and start < s),
                default=None)
    if inner is None:
        return item
    head_end = start + len(text[start:inner].rstrip(GAP))
    if head_end in (start, inner) or not _is_name(text[start:head_end]):
        return item
    return (start, head_end, ORG)


def _is_name(text: str) -> bool:
    """Whether a span may be a name: its first character after opening quotes and
    brackets is not a lower-case letter."""
    first = text.lstrip("«\"'(")[:1]
    return bool(first) and not first.islower()


def token_bounds(text: str) -> list[tuple[int, int]]:
    """razdel token intervals of ``text``."""
    from razdel import tokenize

    return [(t.start, t.stop) for t in tokenize(text)]


def token_items(items: Iterable[Item], tokens: list[tuple[int, int]]) -> set[tuple[int, str]]:
    """(token index, type) for tokens inside token-aligned spans; misaligned spans drop."""
    starts = {s: i for i, (s, _) in enumerate(tokens)}
    ends = {e: i for i, (_, e) in enumerate(tokens)}
    out: set[tuple[int, str]] = set()
    for start, end, kind in items:
        if start in starts and end in ends:
            out.update((i, kind) for i in range(starts[start], ends[end] + 1))
    return out


# -- evaluation ------------------------------------------------------------------

@dataclass
class FactruResult:
    """Span-level and token-level PER/LOC/ORG scores."""

    split: str
    docs: int = 0
    span: Scores = field(default_factory=Scores)
    token: Scores = field(default_factory=Scores)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {"dataset": "factru", "split": self.split, "docs": self.docs,
                "span": self.span.to_dict(), "token": self.token.to_dict()}


def score_doc(result: FactruResult, gold: FactDoc, pred: Document) -> None:
    """Add one document's comparison to ``result``."""
    g, p = set(gold_items(gold)), set(pred_items(pred))
    tokens = token_bounds(gold.text)
    result.docs += 1
    result.span.merge(score_docs([(g, p)]))
    result.token.merge(score_docs([(token_items(g, tokens), token_items(p, tokens))]))


def evaluate(
    docs: Iterable[FactDoc], split: str = "",
    analyze: Callable[[str], Document] | None = None,
    progress: Callable[[int, FactDoc], None] | None = None,
) -> FactruResult:
    """Run ``analyze`` (default: the letopis pipeline) on every doc and score it."""
    if analyze is None:
        from letopis import analyze as analyze_
        analyze = analyze_
    result = FactruResult(split)
    for index, doc in enumerate(docs, 1):
        if progress is not None:
            progress(index, doc)
        score_doc(result, doc, analyze(doc.text))
    return result
