"""Writing one document and all its rows (inside the caller's transaction)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from datetime import UTC, datetime

from letopis.doc import Document
from letopis.kb.facts import Party, doc_facts
from letopis.store.edtf import finite_span, stored_years
from letopis.store.identity import corpus_entity
from letopis.store.prepare import Prepared


def entity_id(label: str, name: str) -> str:
    """The corpus entity id of (label, canonical name): stable across stores."""
    digest = hashlib.sha256(f"{label}\x1f{name}".encode("utf-8", "surrogatepass")).hexdigest()
    return "E" + digest[:16]


def insert_document(conn: sqlite3.Connection, item: Prepared) -> bool:
    """Insert ``item`` unless its id is stored; True if it was inserted."""
    doc = item.doc
    if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
        return False
    first, last = finite_span([d.edtf for d in doc.dates])
    cur = conn.execute(
        "INSERT INTO documents (id, source, text, data, added, chars, n_mentions,"
        " date_lo, date_hi) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc.id, doc.source, doc.text, json.dumps(doc.to_dict(), ensure_ascii=False),
         datetime.now(UTC).isoformat(timespec="seconds"), len(doc.text), len(doc.mentions),
         first, last),
    )
    num = cur.lastrowid
    assert num is not None
    corpus = _insert_entities(conn, num, doc, item.keys)
    _insert_mentions(conn, num, item, corpus)
    _insert_spans(conn, num, doc, corpus)
    insert_relations(conn, num, doc, corpus)
    conn.execute("INSERT INTO doc_fts (rowid, lemmas) VALUES (?, ?)", (num, item.lemmas))
    return True


def _insert_entities(
    conn: sqlite3.Connection, num: int, doc: Document, keys: dict[str, list[str]],
) -> dict[str, str]:
    """Join the document's entities to corpus entities (``letopis.store.identity``); local
    id -> corpus id (an entity deleted by curation has none)."""
    corpus: dict[str, str] = {}
    counts = Counter(m.entity for m in doc.mentions if m.entity is not None)
    per_corpus: Counter[str] = Counter()
    for entity in doc.entities:
        cid = corpus_entity(conn, entity, f"{doc.id}:{entity.id}", keys.get(entity.id))
        if cid is None:  # deleted by curation
            continue
        corpus[entity.id] = cid
        n = counts.get(entity.id, 0)
        conn.execute(
            "INSERT INTO doc_entities (doc, entity, local_id, n_mentions) VALUES (?, ?, ?, ?)",
            (num, cid, entity.id, n),
        )
        per_corpus[cid] += n
    for cid in set(corpus.values()):
        conn.execute(
            "UPDATE entities SET n_docs = n_docs + 1, n_mentions = n_mentions + ? WHERE id = ?",
            (per_corpus[cid], cid),
        )
    return corpus


def _insert_mentions(
    conn: sqlite3.Connection, num: int, item: Prepared, corpus: dict[str, str],
) -> None:
    doc = item.doc
    conn.executemany(
        'INSERT INTO mentions (doc, local_id, start, "end", text, label, entity, near_date)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(num, m.id, m.start, m.end, m.text, m.label,
          None if m.entity is None else corpus.get(m.entity), item.near_dates.get(m.id))
         for m in doc.mentions],
    )
    rows = []
    for d in doc.dates:
        lo, hi = stored_years(d.edtf) or (None, None)
        rows.append((num, d.mention, d.edtf, lo, hi))
    conn.executemany(
        "INSERT INTO dates (doc, mention, edtf, lo, hi) VALUES (?, ?, ?, ?, ?)", rows,
    )


def _insert_spans(
    conn: sqlite3.Connection, num: int, doc: Document, corpus: dict[str, str],
) -> None:
    conn.executemany(
        'INSERT INTO quotes (doc, local_id, start, "end", text, kind, speaker)'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(num, q.id, q.start, q.end, q.text, q.kind, _ref(corpus, q.speaker))
         for q in doc.quotes],
    )
    conn.executemany(
        'INSERT INTO claims (doc, local_id, start, "end", text, holder, source)'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(num, c.id, c.start, c.end, c.text, _ref(corpus, c.holder), _ref(corpus, c.source))
         for c in doc.claims],
    )


def _ref(corpus: dict[str, str], local: str | None) -> str | None:
    return None if local is None else corpus.get(local)


def _side(party: Party, corpus: dict[str, str]) -> tuple[str | None, str]:
    """(corpus entity id or None, aggregation key) of one side of a relation."""
    cid = None if party.entity is None else corpus.get(party.entity)
    return cid, cid if cid is not None else f"{party.label}:{party.name}"


def insert_relations(
    conn: sqlite3.Connection, num: int, doc: Document, corpus: dict[str, str],
) -> None:
    """The document's relations (read through ``letopis.kb.facts``), one row each.

    A symmetric relation is written with the smaller key as head, so that both orders
    aggregate into one pair.
    """
    rows = []
    for fact in doc_facts(doc):
        head, tail = fact.subject, fact.other
        (head_cid, head_key), (tail_cid, tail_key) = _side(head, corpus), _side(tail, corpus)
        if fact.symmetric and tail_key < head_key:
            head, tail = tail, head
            (head_cid, head_key), (tail_cid, tail_key) = (tail_cid, tail_key), (head_cid,
                                                                                 head_key)
        rows.append((num, fact.relation, fact.type, head.mention, tail.mention, head_cid,
                     tail_cid, head_key, tail_key, head.name, head.label, tail.name,
                     tail.label, fact.start, fact.end, fact.score,
                     " ".join(fact.edtf) or None))
    conn.executemany(
        "INSERT INTO relations (doc, local_id, type, head, tail, head_entity, tail_entity,"
        " head_key, tail_key, head_name, head_label, tail_name, tail_label, start, \"end\","
        " score, edtf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows,
    )


def backfill_relations(conn: sqlite3.Connection) -> int:
    """Write the relation rows of every stored document that carries relations (the
    migration of a store written before the relations table); the documents done."""
    found = conn.execute(
        "SELECT num, data FROM documents WHERE json_array_length(data, '$.relations') > 0"
    ).fetchall()
    for num, data in found:
        doc = Document.from_dict(json.loads(data))
        corpus = dict(conn.execute(
            "SELECT local_id, entity FROM doc_entities WHERE doc = ?", (num,)).fetchall())
        insert_relations(conn, num, doc, corpus)
    return len(found)
