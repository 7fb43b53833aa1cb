"""Read queries over documents and corpus entities."""

from __future__ import annotations

import sqlite3

from letopis.store.edtf import DOC_YEARS
from letopis.store.errors import NotFoundError
from letopis.store.lemmas import normal
from letopis.store.results import (
    Cooccurrence,
    DatedMention,
    DocumentInfo,
    EntityInfo,
    EntityView,
    MentionInContext,
)

# The title comes from the stored document's optional ``meta`` (a TEI header, --title).
_DOC_COLUMNS = (f"d.id, d.source, d.added, d.chars, d.n_mentions, {DOC_YEARS}, "
                "json_extract(d.data, '$.meta.title')")
_ENTITY_COLUMNS = "id, label, name, n_docs, n_mentions"


def list_documents(
    conn: sqlite3.Connection, limit: int, offset: int,
) -> tuple[int, list[DocumentInfo]]:
    """(total, one page of documents in the order they were added)."""
    total = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    rows = conn.execute(
        f"SELECT {_DOC_COLUMNS} FROM documents d ORDER BY d.num LIMIT ? OFFSET ?", (limit, offset),
    )
    return total, [DocumentInfo(*row) for row in rows]


def document_json(conn: sqlite3.Connection, doc_id: str) -> str:
    """The stored ``letopis.document/1`` JSON of a document."""
    row = conn.execute("SELECT data FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no document {doc_id}")
    return str(row[0])


def list_entities(
    conn: sqlite3.Connection, name: str | None, label: str | None, limit: int, offset: int,
) -> tuple[int, list[EntityInfo]]:
    """(total, one page of entities, most documents first); ``name`` is a substring."""
    where, args = [], []
    if name:
        escaped = normal(name).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("key LIKE ? ESCAPE '\\'")
        args.append(f"%{escaped}%")
    if label:
        where.append("label = ?")
        args.append(label)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = conn.execute(f"SELECT count(*) FROM entities{clause}", args).fetchone()[0]
    rows = conn.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities{clause}"
        " ORDER BY n_docs DESC, n_mentions DESC, name LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    return total, [EntityInfo(*row) for row in rows]


def entity_info(conn: sqlite3.Connection, entity_id: str) -> EntityInfo:
    """One corpus entity; NotFoundError if absent."""
    row = conn.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id = ?", (entity_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no entity {entity_id}")
    return EntityInfo(*row)


def entity_view(
    conn: sqlite3.Connection, entity_id: str, limit: int, offset: int, window: int,
) -> EntityView:
    """An entity with its aliases and a page of mentions with ``window`` chars around."""
    info = entity_info(conn, entity_id)
    rows = conn.execute(
        'SELECT d.id, d.source, m.local_id, m.start, m."end", m.text,'
        " substr(d.text, max(1, m.start + 1 - ?), min(m.start, ?)),"
        ' substr(d.text, m."end" + 1, ?), dt.edtf'
        " FROM mentions m JOIN documents d ON d.num = m.doc"
        " LEFT JOIN dates dt ON dt.doc = m.doc AND dt.mention = m.near_date"
        " WHERE m.entity = ? ORDER BY m.doc, m.start LIMIT ? OFFSET ?",
        (window, window, window, entity_id, limit, offset),
    )
    contexts = [MentionInContext(*row) for row in rows]
    aliases = [r[0] for r in conn.execute(
        "SELECT DISTINCT text FROM mentions WHERE entity = ? ORDER BY text LIMIT 100",
        (entity_id,),
    )]
    return EntityView(**vars(info), aliases=aliases, contexts=contexts)


def cooccurring(conn: sqlite3.Connection, entity_id: str, limit: int) -> list[Cooccurrence]:
    """Entities sharing documents with ``entity_id``, most shared documents first.

    Counts are grouped on ``doc_entities`` alone; entity rows are joined only to the
    groups, which keeps frequent entities fast on large corpora.
    """
    entity_info(conn, entity_id)
    rows = conn.execute(
        "SELECT e.id, e.label, e.name, e.n_docs, e.n_mentions, s.shared FROM"
        " (SELECT b.entity AS entity, count(DISTINCT b.doc) AS shared"
        "  FROM doc_entities a JOIN doc_entities b ON b.doc = a.doc"
        "  WHERE a.entity = ? AND b.entity != ? GROUP BY b.entity) s"
        " JOIN entities e ON e.id = s.entity"
        " ORDER BY s.shared DESC, e.n_docs DESC, e.name LIMIT ?",
        (entity_id, entity_id, limit),
    )
    return [Cooccurrence(EntityInfo(*row[:5]), row[5]) for row in rows]


def shared_documents(conn: sqlite3.Connection, ids: list[str]) -> dict[tuple[str, str], int]:
    """For each pair of ``ids`` (first < second) that share documents: how many.

    One indexed read of each entity's documents, then set intersections in Python.
    """
    wanted = sorted(set(ids))
    if len(wanted) < 2:
        return {}
    docs: dict[str, set[int]] = {eid: set() for eid in wanted}
    marks = ",".join("?" * len(wanted))
    for eid, doc in conn.execute(
        f"SELECT entity, doc FROM doc_entities WHERE entity IN ({marks})", wanted
    ):
        docs[eid].add(doc)
    pairs = {}
    for i, a in enumerate(wanted):
        for b in wanted[i + 1:]:
            shared = len(docs[a] & docs[b])
            if shared:
                pairs[(a, b)] = shared
    return pairs


def dated_mentions(conn: sqlite3.Connection, entity_id: str, limit: int) -> list[DatedMention]:
    """Mentions of an entity that have a date in their sentence, earliest first."""
    entity_info(conn, entity_id)
    rows = conn.execute(
        'SELECT d.id, m.local_id, m.start, m."end", m.text, dt.edtf, dt.lo, dt.hi'
        " FROM mentions m JOIN dates dt ON dt.doc = m.doc AND dt.mention = m.near_date"
        " JOIN documents d ON d.num = m.doc"
        " WHERE m.entity = ? AND (dt.lo IS NOT NULL OR dt.hi IS NOT NULL)"
        " ORDER BY coalesce(dt.lo, dt.hi), dt.hi, d.num, m.start"
        " LIMIT ?",
        (entity_id, limit),
    )
    return [DatedMention(*row) for row in rows]
