"""Read-only queries the store API does not offer: corpus counts, quotations, claims.

Every value goes in as an SQL parameter; nothing here writes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from letopis.store.relations import relation_count


@dataclass
class Who:
    """A corpus entity named as speaker, holder or source."""

    id: str
    name: str
    label: str


@dataclass
class SpanRow:
    """A quotation or a claim of a stored document."""

    doc: str
    source: str | None
    id: str
    start: int
    end: int
    text: str
    kind: str
    speaker: Who | None = None
    holder: Who | None = None
    cited: Who | None = None


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per kind of object in the corpus."""
    tables = {"documents": "documents", "entities": "entities", "mentions": "mentions",
              "quotations": "quotes", "claims": "claims"}
    found = {key: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
             for key, table in tables.items()}
    found["relations"] = relation_count(conn)
    return found


def labels(conn: sqlite3.Connection, limit: int = 8) -> list[tuple[str, int]]:
    """The entity labels with most corpus entities, with their counts."""
    rows = conn.execute(
        "SELECT label, count(*) AS n FROM entities GROUP BY label ORDER BY n DESC, label"
        " LIMIT ?", (limit,),
    )
    return [(str(label), int(n)) for label, n in rows]


def _who(row: tuple[object, ...], at: int) -> Who | None:
    if row[at] is None:
        return None
    return Who(str(row[at]), str(row[at + 1]), str(row[at + 2]))


def _row(r: tuple[object, ...], **who: Who | None) -> SpanRow:
    doc, source, local, start, end, text, kind = r[:7]
    return SpanRow(str(doc), None if source is None else str(source), str(local),
                   int(str(start)), int(str(end)), str(text), str(kind), **who)


_QUOTES = (
    'SELECT d.id, d.source, q.local_id, q.start, q."end", q.text, q.kind,'
    " e.id, e.name, e.label FROM quotes q JOIN documents d ON d.num = q.doc"
    " LEFT JOIN entities e ON e.id = q.speaker"
)
_CLAIMS = (
    'SELECT d.id, d.source, c.local_id, c.start, c."end", c.text, \'claim\','
    " h.id, h.name, h.label, s.id, s.name, s.label FROM claims c"
    " JOIN documents d ON d.num = c.doc LEFT JOIN entities h ON h.id = c.holder"
    " LEFT JOIN entities s ON s.id = c.source"
)


def quotations(
    conn: sqlite3.Connection, entity: str | None, limit: int, offset: int,
) -> tuple[int, list[SpanRow]]:
    """(total, a page of quotations), optionally only those spoken by ``entity``."""
    where, args = (" WHERE q.speaker = ?", [entity]) if entity else ("", [])
    total = conn.execute(f"SELECT count(*) FROM quotes q{where}", args).fetchone()[0]
    rows = conn.execute(f"{_QUOTES}{where} ORDER BY q.doc, q.start LIMIT ? OFFSET ?",
                        [*args, limit, offset])
    return total, [_row(r, speaker=_who(r, 7)) for r in rows]


def claims(
    conn: sqlite3.Connection, entity: str | None, limit: int, offset: int,
) -> tuple[int, list[SpanRow]]:
    """(total, a page of claims), optionally only those held or sourced by ``entity``."""
    where, args = (" WHERE c.holder = ? OR c.source = ?", [entity, entity]) if entity \
        else ("", [])
    total = conn.execute(f"SELECT count(*) FROM claims c{where}", args).fetchone()[0]
    rows = conn.execute(f"{_CLAIMS}{where} ORDER BY c.doc, c.start LIMIT ? OFFSET ?",
                        [*args, limit, offset])
    return total, [_row(r, holder=_who(r, 7), cited=_who(r, 10)) for r in rows]


def corpus_ids(conn: sqlite3.Connection, doc_id: str) -> dict[str, str]:
    """Local entity id -> corpus entity id for one stored document."""
    rows = conn.execute(
        "SELECT de.local_id, de.entity FROM doc_entities de"
        " JOIN documents d ON d.num = de.doc WHERE d.id = ?", (doc_id,),
    )
    return {str(local): str(cid) for local, cid in rows}


def titles(conn: sqlite3.Connection, found: object) -> dict[str, str]:
    """Names of the entities and documents a table view's filters name (for its chips)."""
    params: dict[str, str] = getattr(found, "params", {})
    out = {}
    for key, value in params.items():
        if key in ("speaker", "holder", "cited") and value not in ("some", "none", "any"):
            row = conn.execute("SELECT name FROM entities WHERE id = ?", (value,)).fetchone()
            out[key] = row[0] if row else value
        elif key == "doc":
            row = conn.execute("SELECT coalesce(source, id) FROM documents WHERE id = ?",
                               (value,)).fetchone()
            out[key] = row[0] if row else value
    return out


def undated_values(conn: sqlite3.Connection, entity_id: str) -> list[tuple[str, int]]:
    """Date values without a known year (``XXXX-04``) near an entity's mentions, with how
    many mentions each dates: listed beside the timeline, never drawn on its axis."""
    rows = conn.execute(
        "SELECT dt.edtf, count(*) FROM mentions m"
        " JOIN dates dt ON dt.doc = m.doc AND dt.mention = m.near_date"
        " WHERE m.entity = ? AND dt.lo IS NULL AND dt.hi IS NULL"
        " GROUP BY dt.edtf ORDER BY 2 DESC, 1 LIMIT 20",
        (entity_id,))
    return [(str(v), int(n)) for v, n in rows]
