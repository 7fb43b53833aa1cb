"""Full-text search over lemmas with entity, label and date filters."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from letopis.store.edtf import DOC_YEARS, OPEN_HI, OPEN_LO, overlap_sql
from letopis.store.errors import SearchError, StoreError
from letopis.store.lemmas import iter_words, lemma_of
from letopis.store.query import parse_query, shown
from letopis.store.results import SearchHit

SNIPPET_CHARS = 200
MAX_ENTITIES = 20  # entity filters in one search (each is a subquery)


@dataclass
class Filters:
    """Search filters: every entity, an entity label, a year range."""

    entities: Sequence[str] = ()
    label: str | None = None
    date_from: int | None = None
    date_to: int | None = None


def _where(query: str | None, filters: Filters) -> tuple[list[str], list[object], set[str]]:
    where: list[str] = []
    args: list[object] = []
    lemmas: set[str] = set()
    if len(filters.entities) > MAX_ENTITIES:
        raise SearchError(
            f"too many entity filters: {len(filters.entities)} (at most {MAX_ENTITIES})")
    if query and query.strip():
        parsed = parse_query(query)
        where.append("doc_fts MATCH ?")
        args.append(parsed.expression)
        lemmas = parsed.lemmas
    for entity in filters.entities:
        where.append("d.num IN (SELECT doc FROM doc_entities WHERE entity = ?)")
        args.append(entity)
    if filters.label:
        where.append("d.num IN (SELECT doc FROM mentions WHERE label = ?)")
        args.append(filters.label)
    if filters.date_from is not None or filters.date_to is not None:
        where.append(overlap_sql("d.num"))
        args += [filters.date_to if filters.date_to is not None else OPEN_HI,
                 filters.date_from if filters.date_from is not None else OPEN_LO]
    return where, args, lemmas


def search(
    conn: sqlite3.Connection, query: str | None, filters: Filters, limit: int, offset: int,
) -> tuple[int, list[SearchHit]]:
    """(total, one page of matching documents); SearchError on a malformed query."""
    where, args, lemmas = _where(query, filters)
    source = "documents d"
    order = "d.num"
    if lemmas:
        source = "doc_fts JOIN documents d ON d.num = doc_fts.rowid"
        order = "doc_fts.rank, d.num"
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    try:
        total = conn.execute(f"SELECT count(*) FROM {source}{clause}", args).fetchone()[0]
        rows = conn.execute(
            f"SELECT d.id, d.source, d.text, {DOC_YEARS} FROM {source}{clause}"
            f" ORDER BY {order} LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
    except sqlite3.OperationalError as error:
        if "fts5" not in str(error):
            raise StoreError(f"search failed: {error}") from None
        raise SearchError(
            f"malformed query {shown(query or '')}: check quotes, parentheses and AND/OR/NOT"
            f" ({error})"
        ) from None
    hits = []
    for doc_id, source, text, lo, hi in rows:
        snippet, start, marks = make_snippet(text, lemmas)
        hits.append(SearchHit(doc_id, source, snippet, start, marks, lo, hi))
    return total, hits


def make_snippet(
    text: str, lemmas: set[str], size: int = SNIPPET_CHARS,
) -> tuple[str, int, list[tuple[int, int]]]:
    """(snippet, its start in ``text``, highlighted word spans relative to it)."""
    first = next((s for s, _, w in iter_words(text) if lemmas and lemma_of(w) in lemmas), 0)
    start = max(0, first - size // 3)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + size)
    piece = text[start:end]
    marks = [(s, e) for s, e, w in iter_words(piece) if lemmas and lemma_of(w) in lemmas]
    return piece, start, marks
