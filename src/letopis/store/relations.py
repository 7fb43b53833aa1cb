"""Relations across documents: one group per (type, head, tail), with its evidence.

Reads the ``relations`` table (``letopis.store.schema.RELATIONS_DDL``). A store written
before that table existed and opened read-only has no relations: every query answers
empty rather than failing.
"""

from __future__ import annotations

import sqlite3

from letopis.doc import SYMMETRIC_RELATIONS
from letopis.kb.facts import relation_name
from letopis.store.results import Evidence, RelationGroup, RelationSide

EVIDENCE_CHARS = 300
_GROUP_COLUMNS = (
    "type, head_key, max(head_entity), max(head_name), max(head_label), tail_key,"
    " max(tail_entity), max(tail_name), max(tail_label), count(DISTINCT doc), count(*),"
    " max(score), group_concat(edtf, ' ')"
)


def has_relations(conn: sqlite3.Connection) -> bool:
    """Whether the store has its relations table (an older store opened read-only may not)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'relations'").fetchone()
    return row is not None


def relation_count(conn: sqlite3.Connection) -> int:
    """How many relations the corpus holds (0 without a relations table)."""
    if not has_relations(conn):
        return 0
    return int(conn.execute("SELECT count(*) FROM relations").fetchone()[0])


def _where(rtype: str | None, entity: str | None) -> tuple[str, list[object]]:
    """The WHERE clause and its parameters for a type and an entity on either side. A
    relation of a thing to itself (two forms of one corpus entity's name, NEREL's
    ALTERNATIVE_NAME) says nothing to a reader and is left out of the groups; it stays
    in the document's relations and exports."""
    clauses: list[str] = ["head_key != tail_key"]
    args: list[object] = []
    if rtype:
        clauses.append("type = ?")
        args.append(rtype)
    if entity:
        clauses.append("(head_entity = ? OR tail_entity = ?)")
        args += [entity, entity]
    return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), args


def _group(row: tuple[object, ...]) -> RelationGroup:
    """A row of ``_GROUP_COLUMNS`` as a RelationGroup (without its evidence yet)."""
    rtype = str(row[0])
    head = RelationSide(str(row[1]), _opt(row[2]), str(row[3]), str(row[4]))
    tail = RelationSide(str(row[5]), _opt(row[6]), str(row[7]), str(row[8]))
    edtf = list(dict.fromkeys(str(row[12] or "").split()))
    return RelationGroup(rtype, relation_name(rtype), head, tail, int(str(row[9])),
                         int(str(row[10])), float(str(row[11])),
                         rtype in SYMMETRIC_RELATIONS, edtf)


def _opt(value: object) -> str | None:
    """A nullable column as a string or None."""
    return None if value is None else str(value)


def evidence(
    conn: sqlite3.Connection, group: RelationGroup, limit: int,
) -> list[Evidence]:
    """The first ``limit`` passages of one group, in document and text order."""
    rows = conn.execute(
        'SELECT d.id, d.source, r.local_id, r.start, r."end",'
        ' substr(d.text, r.start + 1, min(r."end" - r.start, ?)), r.score,'
        ' h.start, h."end", t.start, t."end"'
        " FROM relations r JOIN documents d ON d.num = r.doc"
        " JOIN mentions h ON h.doc = r.doc AND h.local_id = r.head"
        " JOIN mentions t ON t.doc = r.doc AND t.local_id = r.tail"
        " WHERE r.type = ? AND r.head_key = ? AND r.tail_key = ?"
        " ORDER BY r.doc, r.start LIMIT ?",
        (EVIDENCE_CHARS, group.type, group.head.key, group.tail.key, limit),
    )
    return [Evidence(str(r[0]), _opt(r[1]), str(r[2]), int(r[3]), int(r[4]), str(r[5]),
                     float(r[6]), (int(r[7]), int(r[8])), (int(r[9]), int(r[10])))
            for r in rows]


def relation_groups(
    conn: sqlite3.Connection, rtype: str | None, entity: str | None, limit: int,
    offset: int, passages: int = 3,
) -> tuple[int, list[RelationGroup]]:
    """(total groups, a page of them): most documents first; ``entity`` on either side.

    Each group carries up to ``passages`` evidence passages.
    """
    if not has_relations(conn):
        return 0, []
    where, args = _where(rtype, entity)
    grouping = " GROUP BY type, head_key, tail_key"
    total = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM relations{where}{grouping})", args,
    ).fetchone()[0]
    rows = conn.execute(
        f"SELECT {_GROUP_COLUMNS} FROM relations{where}{grouping}"
        " ORDER BY count(DISTINCT doc) DESC, count(*) DESC, max(score) DESC, type,"
        " max(head_name), max(tail_name) LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    groups = [_group(row) for row in rows]
    for group in groups:
        group.evidence = evidence(conn, group, passages)
    return int(total), groups


def relation_types(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """The relation types present, with their counts, most frequent first."""
    if not has_relations(conn):
        return []
    rows = conn.execute(
        "SELECT type, count(*) AS n FROM relations GROUP BY type ORDER BY n DESC, type")
    return [(str(t), int(n)) for t, n in rows]
