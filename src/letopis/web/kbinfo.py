"""What the knowledge base says about a corpus entity, for its page: the Wikidata and
GeoNames ids the store holds, with the coordinates, description and names of the
knowledge base's record (``letopis.kb.authority``). Text only: the pages link nowhere
outside the app."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Authority:
    """The ids of a linked entity and the knowledge base's facts about it."""

    wikidata: str | None
    geonames: str | None
    coords: tuple[float, float] | None = None
    description: str | None = None
    name: str | None = None


def authority(conn: sqlite3.Connection, entity_id: str) -> Authority | None:
    """The entity's links and their record, or None when it is not linked."""
    try:
        row = conn.execute("SELECT wikidata, geonames FROM entities WHERE id = ?",
                           (entity_id,)).fetchone()
    except sqlite3.Error:  # a store written before the geonames column
        return None
    if row is None or not (row[0] or row[1]):
        return None
    from letopis.errors import LetopisError
    from letopis.kb.authority import lookup

    try:
        record = lookup(row[0]) or lookup(row[1])
    except LetopisError:
        record = None
    if record is None:
        return Authority(row[0], row[1])
    return Authority(row[0] or record.wikidata, row[1] or record.geonames, record.coords,
                     record.description, record.name)
