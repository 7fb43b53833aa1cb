"""The app's browsable tables (``letopis.web.tables``): documents, entities, quotations,
claims and relations, each with its columns, facets, filters and defaults."""

from __future__ import annotations

from letopis.store.edtf import DOC_YEARS, OPEN_HI, OPEN_LO, overlap_sql
from letopis.store.errors import SearchError
from letopis.store.lemmas import normal
from letopis.web.tables import Column, Condition, Default, Facet, Table, equals, present


def _years(value: str) -> tuple[int, int]:
    """``1950``, ``1950-1959`` or ``1950..1959`` as a year range; SearchError if not."""
    text = value.replace("..", "-").strip()
    first, dash, last = text.partition("-") if not text.startswith("-") else (text, "", "")
    try:
        lo = int(first)
        hi = int(last) if dash and last else lo
    except ValueError:
        raise SearchError(f"years: not a year or range: {value[:40]!r}") from None
    if not (OPEN_LO < lo <= hi < OPEN_HI):
        raise SearchError(f"years: out of range or reversed: {value[:40]!r}")
    return lo, hi


def years_filter(doc: str) -> Condition:
    """Documents with a date overlapping the asked years (open ends read to the edge)."""
    def condition(value: str) -> tuple[str, list[object]]:
        lo, hi = _years(value)
        return overlap_sql(doc), [hi, lo]
    return condition


def _name_like(value: str) -> tuple[str, list[object]]:
    escaped = normal(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "e.key LIKE ? ESCAPE '\\'", [f"%{escaped}%"]


_LO, _HI = DOC_YEARS.split(", ", 1)


def decade_filter(value: str) -> tuple[str, list[object]]:
    """Documents whose first year falls in the decade ``value`` (``none``: undated)."""
    if value == "none":
        return f"({_LO}) IS NULL", []
    lo = _years(value)[0]
    return f"({_LO}) BETWEEN ? AND ?", [lo, lo + 9]

DOCUMENTS = Table(
    name="documents",
    source="documents d",
    columns=(
        Column("id", "Id", "d.id", shown=False),
        Column("title", "Title", "json_extract(d.data, '$.meta.title')", sortable=False),
        Column("source", "Source", "d.source"),
        Column("chars", "Characters", "d.chars"),
        Column("mentions", "Mentions", "d.n_mentions"),
        Column("year_from", "From", _LO),
        Column("year_to", "To", _HI),
        Column("added", "Added", "d.added"),
    ),
    facets=(Facet("decade", "Decade", f"({_LO}) / 10 * 10"),),
    filters={"years": years_filter("d.num"), "decade": decade_filter},
    order="d.num",
)

ENTITIES = Table(
    name="entities",
    source="entities e",
    columns=(
        Column("id", "Id", "e.id", shown=False),
        Column("name", "Name", "e.name"),
        Column("label", "Label", "e.label"),
        Column("documents", "Documents", "e.n_docs"),
        Column("mentions", "Mentions", "e.n_mentions"),
    ),
    facets=(Facet("label", "Label", "e.label"),),
    filters={"name": _name_like, "label": equals("e.label")},
    order="e.n_docs DESC, e.n_mentions DESC, e.name",
)

def _place(alias: str) -> tuple[Column, ...]:
    """The columns naming where a quotation or claim (table ``alias``) lies: its document
    (``documents d``), local id and offsets (the id is the page's anchor)."""
    return (
        Column("source", "Document", "d.source"),
        Column("doc", "Document id", "d.id", shown=False),
        Column("id", "Id", f"{alias}.local_id", sortable=False, shown=False),
        Column("start", "Start", f"{alias}.start", shown=False),
        Column("end", "End", f'{alias}."end"', sortable=False, shown=False),
    )


DOC_FACET = Facet("doc", "Document", "d.id", "coalesce(d.source, d.id)")

QUOTATIONS = Table(
    name="quotes",
    source=("quotes q JOIN documents d ON d.num = q.doc"
            " LEFT JOIN entities e ON e.id = q.speaker"),
    columns=(
        Column("speaker_name", "Speaker", "e.name"),
        Column("kind", "Kind", "q.kind"),
        Column("text", "Text", "q.text"),
        *_place("q"),
        Column("speaker", "Speaker id", "q.speaker", sortable=False, shown=False),
        Column("speaker_label", "Speaker label", "e.label", sortable=False, shown=False),
    ),
    facets=(Facet("kind", "Kind", "q.kind"),
            Facet("speaker", "Speaker", "q.speaker", "e.name"),
            DOC_FACET),
    filters={"kind": present("q.kind"), "speaker": present("q.speaker"),
             "doc": equals("d.id")},
    order="q.doc, q.start",
    defaults=(Default("kind", "quotation"), Default("speaker", "some", ("kind", "quotation"))),
)

CLAIMS = Table(
    name="claims",
    source=("claims c JOIN documents d ON d.num = c.doc"
            " LEFT JOIN entities h ON h.id = c.holder LEFT JOIN entities s ON s.id = c.source"),
    columns=(
        Column("holder_name", "Holder", "h.name"),
        Column("text", "Claim", "c.text"),
        Column("cited_name", "Citing", "s.name"),
        *_place("c"),
        Column("holder", "Holder id", "c.holder", sortable=False, shown=False),
        Column("cited", "Cited id", "c.source", sortable=False, shown=False),
    ),
    facets=(Facet("holder", "Holder", "c.holder", "h.name"),
            Facet("cited", "Citing", "c.source", "s.name"),
            DOC_FACET),
    filters={"holder": present("c.holder"), "cited": present("c.source"),
             "doc": equals("d.id")},
    order="c.doc, c.start",
)

def _either_side(value: str) -> tuple[str, list[object]]:
    return "(r.head_entity = ? OR r.tail_entity = ?)", [value, value]


RELATIONS = Table(
    name="relations",
    path="/relations/rows",
    source="relations r JOIN documents d ON d.num = r.doc",
    columns=(
        Column("head_name", "Subject", "r.head_name"),
        Column("type", "Relation", "r.type"),
        Column("tail_name", "Object", "r.tail_name"),
        Column("score", "Score", "round(r.score, 3)"),
        Column("edtf", "Date", "r.edtf"),
        *_place("r"),
        Column("head", "Subject id", "r.head_entity", sortable=False, shown=False),
        Column("head_label", "Subject label", "r.head_label", shown=False),
        Column("tail", "Object id", "r.tail_entity", sortable=False, shown=False),
        Column("tail_label", "Object label", "r.tail_label", shown=False),
    ),
    facets=(Facet("type", "Relation", "r.type"),
            Facet("head_label", "Subject label", "r.head_label"),
            Facet("tail_label", "Object label", "r.tail_label"), DOC_FACET),
    filters={"type": equals("r.type"), "entity": _either_side,
             "head_label": equals("r.head_label"), "tail_label": equals("r.tail_label"),
             "doc": equals("d.id")},
    order="r.doc, r.start",
    requires="relations",
)

TABLES = {t.name: t for t in (DOCUMENTS, ENTITIES, QUOTATIONS, CLAIMS, RELATIONS)}
