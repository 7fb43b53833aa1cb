"""The SQLite schema of the corpus store and its version."""

from __future__ import annotations

SCHEMA_VERSION = "1"

# Corpus entities. ``wikidata``/``geonames``: the links of the thing (from the linking stage
# or curation); ``pinned``: bits of what curation fixed (1 the name, 2 the links). Stores
# written before corpus identity had UNIQUE (label, name) and none of these three columns:
# ``connect`` rebuilds that table once (``IDENTITY_MIGRATION``).
ENTITIES_DDL = """
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    n_docs INTEGER NOT NULL DEFAULT 0,
    n_mentions INTEGER NOT NULL DEFAULT 0,
    wikidata TEXT,
    geonames TEXT,
    pinned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_key ON entities (key);
CREATE INDEX entities_rank ON entities (n_docs DESC, n_mentions DESC);
"""

DDL = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT,
    text TEXT NOT NULL,
    data TEXT NOT NULL,
    added TEXT NOT NULL,
    chars INTEGER NOT NULL,
    n_mentions INTEGER NOT NULL,
    date_lo INTEGER,
    date_hi INTEGER
);
""" + ENTITIES_DDL + """
CREATE TABLE doc_entities (
    doc INTEGER NOT NULL REFERENCES documents (num),
    entity TEXT NOT NULL REFERENCES entities (id),
    local_id TEXT NOT NULL,
    n_mentions INTEGER NOT NULL,
    PRIMARY KEY (doc, local_id)
);
CREATE INDEX doc_entities_entity ON doc_entities (entity, doc);
CREATE INDEX doc_entities_doc ON doc_entities (doc, entity);
CREATE TABLE mentions (
    doc INTEGER NOT NULL REFERENCES documents (num),
    local_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    entity TEXT REFERENCES entities (id),
    near_date TEXT,
    PRIMARY KEY (doc, local_id)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions (entity, doc, start);
CREATE INDEX mentions_label ON mentions (label, doc);
CREATE TABLE dates (
    doc INTEGER NOT NULL,
    mention TEXT NOT NULL,
    edtf TEXT NOT NULL,
    lo INTEGER,
    hi INTEGER,
    PRIMARY KEY (doc, mention),
    FOREIGN KEY (doc, mention) REFERENCES mentions (doc, local_id)
) WITHOUT ROWID;
CREATE INDEX dates_range ON dates (lo, hi);
CREATE TABLE quotes (
    doc INTEGER NOT NULL REFERENCES documents (num),
    local_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT REFERENCES entities (id),
    PRIMARY KEY (doc, local_id)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes (speaker);
CREATE TABLE claims (
    doc INTEGER NOT NULL REFERENCES documents (num),
    local_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    holder TEXT REFERENCES entities (id),
    source TEXT REFERENCES entities (id),
    PRIMARY KEY (doc, local_id)
) WITHOUT ROWID;
CREATE INDEX claims_holder ON claims (holder);
CREATE VIRTUAL TABLE doc_fts USING fts5 (lemmas, tokenize = 'unicode61 remove_diacritics 0');
"""

# Relations (added to schema version 1 without breaking it): created with a new store and
# added to an older one when it is first opened for writing (``connect``). A side is its
# corpus entity when the mention has one; ``*_key`` is that entity's id, else
# ``LABEL:name`` (a date, a profession outside any entity), so that pairs aggregate.
# Symmetric types are written with ``head_key <= tail_key``.
RELATIONS_DDL = """
CREATE TABLE IF NOT EXISTS relations (
    doc INTEGER NOT NULL REFERENCES documents (num),
    local_id TEXT NOT NULL,
    type TEXT NOT NULL,
    head TEXT NOT NULL,
    tail TEXT NOT NULL,
    head_entity TEXT REFERENCES entities (id),
    tail_entity TEXT REFERENCES entities (id),
    head_key TEXT NOT NULL,
    tail_key TEXT NOT NULL,
    head_name TEXT NOT NULL,
    head_label TEXT NOT NULL,
    tail_name TEXT NOT NULL,
    tail_label TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    score REAL NOT NULL,
    edtf TEXT,
    PRIMARY KEY (doc, local_id),
    FOREIGN KEY (doc, head) REFERENCES mentions (doc, local_id),
    FOREIGN KEY (doc, tail) REFERENCES mentions (doc, local_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS relations_head ON relations (head_key, type);
CREATE INDEX IF NOT EXISTS relations_tail ON relations (tail_key, type);
CREATE INDEX IF NOT EXISTS relations_head_entity ON relations (head_entity);
CREATE INDEX IF NOT EXISTS relations_tail_entity ON relations (tail_entity);
CREATE INDEX IF NOT EXISTS relations_type ON relations (type, head_key, tail_key);
CREATE VIEW IF NOT EXISTS relation_pairs AS
SELECT type, head_key, tail_key, max(head_entity) AS head_entity,
       max(tail_entity) AS tail_entity, max(head_name) AS head_name,
       max(head_label) AS head_label, max(tail_name) AS tail_name,
       max(tail_label) AS tail_label, count(*) AS n, count(DISTINCT doc) AS n_docs,
       max(score) AS score
FROM relations GROUP BY type, head_key, tail_key;
"""

# Identity keys (``letopis.store.identity``: ``Q:``, ``G:``, ``N:``, ``S:``; ``entity`` is
# ``-`` for a key whose entity curation deleted, hence no foreign key) and the curation
# audit log (``letopis.store.curate``), replayed in ``num`` order.
IDENTITY_DDL = """
CREATE TABLE IF NOT EXISTS entity_keys (
    key TEXT NOT NULL,
    entity TEXT NOT NULL,
    PRIMARY KEY (key, entity)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_keys_entity ON entity_keys (entity);
CREATE TABLE IF NOT EXISTS curations (
    num INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    operation TEXT NOT NULL,
    arguments TEXT NOT NULL,
    reason TEXT
);
"""

# Tables that hold rows of one document each (for checks and counts).
DOC_TABLES = ("doc_entities", "mentions", "dates", "quotes", "claims", "relations")
