"""Curation of corpus entities: merge, split, rename, link, unlink, delete (docs/store.md).

Each operation checks its arguments first (a CurationError changes nothing), then runs in
one transaction with its row in the ``curations`` audit table (time, operation,
arguments, reason). Operations change the entity keys too (``letopis.store.identity``),
so documents ingested later follow them: a merged name joins the kept entity, a renamed
or linked entity keeps its name or link, a deleted one stays deleted.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime

from letopis.doc import SYMMETRIC_RELATIONS
from letopis.store.connect import transaction
from letopis.store.errors import StoreError
from letopis.store.identity import (
    DELETED,
    PIN_LINK,
    PIN_NAME,
    name_keys,
)
from letopis.store.lemmas import normal
from letopis.store.write import entity_id

QID = re.compile(r"^Q[1-9]\d*$")
GEONAMES = re.compile(r"^[1-9]\d*$")
# (table, entity column) pairs that name a corpus entity in a document's rows
REFERENCES = (("doc_entities", "entity"), ("mentions", "entity"), ("quotes", "speaker"),
              ("claims", "holder"), ("claims", "source"))


class CurationError(StoreError):
    """A curation that cannot be done as asked (unknown entity, conflicting labels...)."""


def _entity(conn: sqlite3.Connection, cid: str) -> tuple[str, str, str | None, str | None]:
    """(label, name, wikidata, geonames) of a corpus entity; CurationError if unknown."""
    row = conn.execute("SELECT label, name, wikidata, geonames FROM entities WHERE id = ?",
                       (cid,)).fetchone()
    if row is None:
        raise CurationError(f"no entity {cid}")
    return row


def _audit(conn: sqlite3.Connection, operation: str, arguments: dict[str, object],
           reason: str | None) -> None:
    conn.execute(
        "INSERT INTO curations (time, operation, arguments, reason) VALUES (?, ?, ?, ?)",
        (datetime.now(UTC).isoformat(timespec="seconds"), operation,
         json.dumps(arguments, ensure_ascii=False, sort_keys=True), reason))


def _recount(conn: sqlite3.Connection, cid: str) -> None:
    conn.execute(
        "UPDATE entities SET n_docs = (SELECT count(DISTINCT doc) FROM doc_entities"
        " WHERE entity = :e), n_mentions = (SELECT coalesce(sum(n_mentions), 0)"
        " FROM doc_entities WHERE entity = :e) WHERE id = :e", {"e": cid})


def _move(conn: sqlite3.Connection, old: str, new: str | None, where: str = "",
          args: tuple[object, ...] = ()) -> None:
    """Point every row naming ``old`` (in the documents ``where`` selects) at ``new``
    (None: at no entity; a relation side then aggregates on ``LABEL:name``)."""
    for table, column in REFERENCES:
        if new is None and table == "doc_entities":
            conn.execute(f"DELETE FROM doc_entities WHERE entity = ?{where}", (old, *args))
        else:
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?{where}",
                         (new, old, *args))
    for side in ("head", "tail"):
        key = "?" if new is not None else f"{side}_label || ':' || {side}_name"
        conn.execute(f"UPDATE relations SET {side}_entity = ?, {side}_key = {key}"
                     f" WHERE {side}_entity = ?{where}",
                     (new, *((new,) if new is not None else ()), old, *args))
    symmetric = ", ".join("?" * len(SYMMETRIC_RELATIONS))
    conn.execute(  # a symmetric relation keeps the smaller key as head
        "UPDATE relations SET head = tail, tail = head, head_entity = tail_entity,"
        " tail_entity = head_entity, head_key = tail_key, tail_key = head_key,"
        " head_name = tail_name, tail_name = head_name, head_label = tail_label,"
        f" tail_label = head_label WHERE type IN ({symmetric}) AND head_key > tail_key",
        tuple(sorted(SYMMETRIC_RELATIONS)))


def merge(conn: sqlite3.Connection, keep: str, others: list[str], force: bool = False,
          reason: str | None = None) -> None:
    """Merge ``others`` into ``keep``. Different labels or Q-ids need ``force``."""
    label, _, wikidata, geonames = _entity(conn, keep)
    if not others or keep in others:
        raise CurationError("merge needs an entity to keep and other entities to merge into it")
    for other in others:
        olabel, oname, owikidata, ogeonames = _entity(conn, other)
        if olabel != label and not force:
            raise CurationError(f"{other} ({olabel}) and {keep} ({label}) have different"
                                " labels; add --force to merge them")
        if owikidata and wikidata and owikidata != wikidata and not force:
            raise CurationError(f"{other} is {owikidata} and {keep} is {wikidata}; add"
                                " --force to merge them")
        wikidata, geonames = wikidata or owikidata, geonames or ogeonames
    with transaction(conn):
        for other in others:
            _move(conn, other, keep)
            conn.execute("UPDATE OR IGNORE entity_keys SET entity = ? WHERE entity = ?",
                         (keep, other))
            conn.execute("DELETE FROM entity_keys WHERE entity = ?", (other,))
            conn.execute("DELETE FROM entities WHERE id = ?", (other,))
        conn.execute("UPDATE entities SET wikidata = ?, geonames = ? WHERE id = ?",
                     (wikidata, geonames, keep))
        _recount(conn, keep)
        _audit(conn, "merge", {"keep": keep, "others": others, "force": force}, reason)


def _doc_nums(conn: sqlite3.Connection, cid: str, docs: list[str]) -> list[int]:
    """The store numbers of ``docs`` (ids or stored source names) that name ``cid``."""
    nums = []
    for doc in docs:
        row = conn.execute(
            "SELECT d.num FROM documents d JOIN doc_entities de ON de.doc = d.num"
            " WHERE (d.id = ? OR d.source = ?) AND de.entity = ?", (doc, doc, cid)).fetchone()
        if row is None:
            raise CurationError(f"{cid} is not in a document {doc}")
        nums.append(int(row[0]))
    return sorted(set(nums))


def split(conn: sqlite3.Connection, cid: str, docs: list[str], name: str | None = None,
          reason: str | None = None) -> str:
    """Move ``cid``'s mentions in ``docs`` to a new entity (named ``name``); its id."""
    label, old_name, _, _ = _entity(conn, cid)
    nums = _doc_nums(conn, cid, docs)
    total = conn.execute("SELECT count(DISTINCT doc) FROM doc_entities WHERE entity = ?",
                         (cid,)).fetchone()[0]
    if len(nums) >= total:
        raise CurationError(f"{cid} is in no other document; nothing would be left to it")
    new_name = (name or old_name).strip()
    if not new_name:
        raise CurationError("the new entity needs a name")
    new = entity_id(label, f"{new_name}\x1fsplit:{cid}:{','.join(map(str, nums))}")
    marks = ", ".join("?" * len(nums))
    with transaction(conn):
        conn.execute("INSERT INTO entities (id, label, name, key, pinned) VALUES (?, ?, ?, ?, ?)",
                     (new, label, new_name, normal(new_name), PIN_NAME if name else 0))
        _move(conn, cid, new, f" AND doc IN ({marks})", tuple(nums))
        if name:
            _add_name_keys(conn, new, label, new_name)
        _recount(conn, cid)
        _recount(conn, new)
        _audit(conn, "split", {"entity": cid, "documents": docs, "name": name, "new": new},
               reason)
    return new


def _add_name_keys(conn: sqlite3.Connection, cid: str, label: str, name: str) -> None:
    keys = name_keys(label, name)
    conn.executemany("INSERT OR IGNORE INTO entity_keys (key, entity) VALUES (?, ?)",
                     [(key, cid) for key in keys])


def rename(conn: sqlite3.Connection, cid: str, name: str, reason: str | None = None) -> None:
    """Give ``cid`` the name ``name`` (kept when later documents join it)."""
    label, old, _, _ = _entity(conn, cid)
    name = " ".join(name.split())
    if not name:
        raise CurationError("the new name is empty")
    with transaction(conn):
        conn.execute("UPDATE entities SET name = ?, key = ?, pinned = pinned | ? WHERE id = ?",
                     (name, normal(name), PIN_NAME, cid))
        _add_name_keys(conn, cid, label, name)
        _audit(conn, "rename", {"entity": cid, "name": name, "old": old}, reason)


def link(conn: sqlite3.Connection, cid: str, wikidata: str | None, geonames: str | None,
         force: bool = False, reason: str | None = None) -> None:
    """Link ``cid`` to a Wikidata Q-id and/or a GeoNames id (kept against later documents)."""
    _entity(conn, cid)
    if wikidata is None and geonames is None:
        raise CurationError("link needs a Q-id or --geonames ID")
    if wikidata is not None and not QID.match(wikidata):
        raise CurationError(f"{wikidata!r} is not a Wikidata Q-id (Q followed by digits)")
    if geonames is not None and not GEONAMES.match(geonames):
        raise CurationError(f"{geonames!r} is not a GeoNames id (digits)")
    keys = [k for k in (wikidata and f"Q:{wikidata}", geonames and f"G:{geonames}") if k]
    for key in keys:
        row = conn.execute("SELECT entity FROM entity_keys WHERE key = ? AND entity != ?",
                           (key, cid)).fetchone()
        if row is not None and not force:
            held = "a deleted entity" if row[0] == DELETED else row[0]
            raise CurationError(f"{key[2:]} belongs to {held}; merge them, or add --force")
    with transaction(conn):
        conn.execute("UPDATE entities SET wikidata = coalesce(?, wikidata), geonames ="
                     " coalesce(?, geonames), pinned = pinned | ? WHERE id = ?",
                     (wikidata, geonames, PIN_LINK, cid))
        conn.executemany("DELETE FROM entity_keys WHERE key = ?", [(k,) for k in keys])
        conn.executemany("INSERT INTO entity_keys (key, entity) VALUES (?, ?)",
                         [(k, cid) for k in keys])
        _audit(conn, "link", {"entity": cid, "wikidata": wikidata, "geonames": geonames,
                              "force": force}, reason)


def unlink(conn: sqlite3.Connection, cid: str, reason: str | None = None) -> None:
    """Remove ``cid``'s Q-id and GeoNames id; later documents linked to them do not join it."""
    _, _, wikidata, geonames = _entity(conn, cid)
    if wikidata is None and geonames is None:
        raise CurationError(f"{cid} is not linked")
    with transaction(conn):
        conn.execute("UPDATE entities SET wikidata = NULL, geonames = NULL,"
                     " pinned = pinned | ? WHERE id = ?", (PIN_LINK, cid))
        conn.execute("DELETE FROM entity_keys WHERE entity = ? AND (key LIKE 'Q:%'"
                     " OR key LIKE 'G:%')", (cid,))
        _audit(conn, "unlink", {"entity": cid, "wikidata": wikidata, "geonames": geonames},
               reason)


def delete(conn: sqlite3.Connection, cid: str, reason: str | None = None) -> None:
    """Remove ``cid``: its mentions belong to no entity, and later documents' entities
    with its keys are not stored as entities either."""
    label, name, _, _ = _entity(conn, cid)
    with transaction(conn):
        _move(conn, cid, None)
        conn.execute("UPDATE OR IGNORE entity_keys SET entity = ? WHERE entity = ?",
                     (DELETED, cid))
        conn.execute("DELETE FROM entity_keys WHERE entity = ?", (cid,))
        conn.execute("DELETE FROM entities WHERE id = ?", (cid,))
        _audit(conn, "delete", {"entity": cid, "label": label, "name": name}, reason)


def history(conn: sqlite3.Connection) -> list[tuple[int, str, str, str, str | None]]:
    """The audit log, oldest first: (number, time, operation, arguments JSON, reason)."""
    return list(conn.execute(
        "SELECT num, time, operation, arguments, reason FROM curations ORDER BY num"))
