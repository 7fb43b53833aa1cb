"""Opening the SQLite file: pragmas, schema creation, the version and writability checks.

Every SQLite error met here becomes a one-line StoreError through
``letopis.store.errors.storage_error``. A store opened for writing is checked up front
(before any input is analyzed): a read-only file or directory is a StorageError. A store
opened read-only in a directory that cannot be written (a read-only mount, a copy on a
DVD) is opened ``immutable``: SQLite cannot create its ``-shm`` file there, and nobody
can write the store either.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from letopis.store.edtf import OPEN_HI, OPEN_LO
from letopis.store.errors import StorageError, StoreError, storage_error
from letopis.store.schema import (
    DDL,
    ENTITIES_DDL,
    IDENTITY_DDL,
    RELATIONS_DDL,
    SCHEMA_VERSION,
)


def connect(path: str | os.PathLike[str], readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), schema checked."""
    name = os.fspath(path)
    if readonly:
        return _open_readonly(name)
    problem = unwritable(name)
    if problem is not None:
        raise StorageError(f"{name}: cannot write: {problem}")
    conn = _open(name, "mode=rwc", readonly=False)
    try:
        _probe_write(conn, name)
    except BaseException:
        conn.close()
        raise
    return conn


def unwritable(name: str) -> str | None:
    """Why a store at ``name`` could not be written (read-only file or folder), or None."""
    folder = os.path.dirname(os.path.abspath(name))
    if os.path.exists(name) and not os.access(name, os.W_OK):
        return "the store file is read-only"
    if os.path.isdir(folder) and not os.access(folder, os.W_OK):
        return (f"its directory {folder_name(name)} is read-only (SQLite writes -wal and"
                " -shm files beside the store)")
    return None


def folder_name(name: str) -> str:
    """The folder of ``name`` as the user gave it (``.`` for a bare file name)."""
    return os.path.dirname(name) or "."


def _open_readonly(name: str) -> sqlite3.Connection:
    if not os.path.isfile(name):
        raise StoreError(f"{name}: no such store")
    try:
        return _open(name, "mode=ro", readonly=True)
    except StorageError:
        folder = os.path.dirname(os.path.abspath(name))
        if os.access(folder, os.W_OK):
            raise
    wal = f"{name}-wal"
    if os.path.isfile(wal) and os.path.getsize(wal) > 0:
        raise StorageError(
            f"{name}: cannot read: its directory is read-only and its -wal file holds changes"
            " not yet merged into the store; open it once where the directory is writable"
        )
    return _open(name, "mode=ro&immutable=1", readonly=True)


def _open(name: str, params: str, readonly: bool) -> sqlite3.Connection:
    """Open with the URI ``params``, set the pragmas, check (or create) the schema."""
    uri = f"file:{quote(os.fsencode(Path(name).absolute()))}?{params}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise storage_error(name, "open", error) from None
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _check_or_create(conn, name, readonly)
    except sqlite3.Error as error:
        conn.close()
        raise storage_error(name, "open", error) from None
    except StoreError:
        conn.close()
        raise
    return conn


def _probe_write(conn: sqlite3.Connection, name: str) -> None:
    """Try a write (rolled back): a store that cannot be written is found out now."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("UPDATE meta SET value = value WHERE key = 'schema_version'")
        finally:
            rollback(conn)
    except sqlite3.Error as error:
        raise storage_error(name, "write", error) from None


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE … COMMIT``; on any error a ROLLBACK, if SQLite left one to do.

    SQLite rolls a transaction back by itself on some errors (disk full, I/O error):
    a second ROLLBACK would raise and hide the first error, so it is skipped then.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if any; a failing ROLLBACK is not an error here."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _check_or_create(conn: sqlite3.Connection, name: str, readonly: bool) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables and not readonly:
        _create(conn)
        return
    if "meta" not in tables:
        raise StoreError(f"{name}: not a letopis store (no meta table)")
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = None if row is None else row[0]
    if version != SCHEMA_VERSION:
        raise StoreError(
            f"{name}: store schema version {version} is not the supported {SCHEMA_VERSION}"
        )
    if "relations" not in tables and not readonly:
        _add_relations(conn)
    if "entity_keys" not in tables and not readonly:
        _add_identity(conn)
    if not readonly and conn.execute(
            "SELECT 1 FROM meta WHERE key = 'open_ends'").fetchone() is None:
        _drop_sentinels(conn)
    if not readonly and conn.execute(
            "SELECT 1 FROM meta WHERE key = 'key_families'").fetchone() is None:
        _join_key_families(conn)
    if not readonly and conn.execute(
            "SELECT 1 FROM meta WHERE key = 'place_cores'").fetchone() is None:
        _add_place_cores(conn)


# name and lemma keys whose family ``letopis.resolve.cluster.link_family`` merged into another
JOINED_FAMILIES = (("PRODUCT", "ORGANIZATION"),)


def _join_key_families(conn: sqlite3.Connection) -> None:
    """The migration to the identity families of ``link_family``: a store written before
    kept ``N:PRODUCT:…`` and ``L:PRODUCT:…`` keys, now ``N:ORGANIZATION:…``; its entities
    keep their ids. One transaction; marked done in ``meta``."""
    with transaction(conn):
        if conn.execute("SELECT 1 FROM meta WHERE key = 'key_families'").fetchone():
            return  # another writer did it meanwhile
        for old, new in JOINED_FAMILIES:
            for kind in "NL":
                prefix = f"{kind}:{old}:"
                conn.execute(
                    "INSERT OR IGNORE INTO entity_keys (key, entity) SELECT ? || substr(key, ?),"
                    " entity FROM entity_keys WHERE substr(key, 1, ?) = ?",
                    (f"{kind}:{new}:", len(prefix) + 1, len(prefix), prefix))
                conn.execute("DELETE FROM entity_keys WHERE substr(key, 1, ?) = ?",
                             (len(prefix), prefix))
        conn.execute("INSERT INTO meta (key, value) VALUES ('key_families', 'link_family')")


def _add_place_cores(conn: sqlite3.Connection) -> None:
    """The migration to the place keys without the word for the place's kind
    (``letopis.store.identity.place_core_key``): the stored place entities get theirs, so
    a later bare ``Башкортостан`` joins a stored ``Республика Башкортостан``. One
    transaction; marked done in ``meta``."""
    from letopis.store.identity import place_core_key

    with transaction(conn):
        if conn.execute("SELECT 1 FROM meta WHERE key = 'place_cores'").fetchone():
            return  # another writer did it meanwhile
        rows = conn.execute("SELECT id, label, name FROM entities").fetchall()
        conn.executemany(
            "INSERT OR IGNORE INTO entity_keys (key, entity) VALUES (?, ?)",
            [(key, cid) for cid, label, name in rows
             if (key := place_core_key(label, name)) is not None])
        conn.execute("INSERT INTO meta (key, value) VALUES ('place_cores', 'identity')")


def _drop_sentinels(conn: sqlite3.Connection) -> None:
    """The migration to open ends stored as NULL (``letopis.store.edtf``): a store written
    before kept -999999 / 999999 for them; its document year spans are recomputed from
    the finite years. One transaction; marked done in ``meta``."""
    with transaction(conn):
        if conn.execute("SELECT 1 FROM meta WHERE key = 'open_ends'").fetchone():
            return  # another writer did it meanwhile
        conn.execute("UPDATE dates SET lo = NULL WHERE lo <= ?", (OPEN_LO,))
        conn.execute("UPDATE dates SET hi = NULL WHERE hi >= ?", (OPEN_HI,))
        conn.execute(
            "UPDATE documents SET"
            " date_lo = (SELECT min(v) FROM (SELECT lo AS v FROM dates WHERE doc = num"
            " UNION ALL SELECT hi FROM dates WHERE doc = num)),"
            " date_hi = (SELECT max(v) FROM (SELECT lo AS v FROM dates WHERE doc = num"
            " UNION ALL SELECT hi FROM dates WHERE doc = num))"
            " WHERE date_lo <= ? OR date_hi >= ?", (OPEN_LO, OPEN_HI))
        conn.execute("INSERT INTO meta (key, value) VALUES ('open_ends', 'null')")


def _statements(script: str) -> list[str]:
    return [s for s in script.split(";") if s.strip()]


def _add_relations(conn: sqlite3.Connection) -> None:
    """The additive migration: a store written before relations gets their table (and
    the relations its stored documents carry), in one transaction."""
    from letopis.store.write import backfill_relations

    with transaction(conn):
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'relations'")
        if exists.fetchone() is None:  # another writer may have added it meanwhile
            for statement in _statements(RELATIONS_DDL):
                conn.execute(statement)
            backfill_relations(conn)


def _add_identity(conn: sqlite3.Connection) -> None:
    """The additive migration to corpus identity, in one transaction: the entities table
    rebuilt without UNIQUE (label, name) and with its link columns (SQLite's documented
    way: a new table, copied, the old one dropped, the new one renamed), the key and
    curation tables, the keys of the stored entities."""
    conn.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction
    try:
        with transaction(conn):
            exists = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entity_keys'")
            if exists.fetchone() is None:  # another writer may have added it meanwhile
                _rebuild_entities(conn)
                for statement in _statements(IDENTITY_DDL):
                    conn.execute(statement)
                _backfill_keys(conn)
                if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise StoreError("the identity migration broke a foreign key")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _rebuild_entities(conn: sqlite3.Connection) -> None:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(entities)")}
    if "pinned" in columns:
        return
    table, *indexes = _statements(ENTITIES_DDL)
    conn.execute(table.replace("CREATE TABLE entities", "CREATE TABLE entities_new"))
    conn.execute("INSERT INTO entities_new (id, label, name, key, n_docs, n_mentions)"
                 " SELECT id, label, name, key, n_docs, n_mentions FROM entities")
    conn.execute("DROP TABLE entities")
    conn.execute("ALTER TABLE entities_new RENAME TO entities")
    for statement in indexes:
        conn.execute(statement)


def _backfill_keys(conn: sqlite3.Connection) -> None:
    from letopis.doc import Entity
    from letopis.store.identity import entity_keys

    rows = conn.execute("SELECT id, label, name FROM entities").fetchall()
    conn.executemany(
        "INSERT OR IGNORE INTO entity_keys (key, entity) VALUES (?, ?)",
        [(key, cid) for cid, label, name in rows
         for key in entity_keys(Entity(cid, label, name))])


def _create(conn: sqlite3.Connection) -> None:
    with transaction(conn):
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        if tables.fetchone()[0] == 0:  # another writer may have created it meanwhile
            for statement in _statements(DDL + RELATIONS_DDL + IDENTITY_DDL):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,),
            )
            conn.execute("INSERT INTO meta (key, value) VALUES ('open_ends', 'null')")
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('key_families', 'link_family')")
            conn.execute("INSERT INTO meta (key, value) VALUES ('place_cores', 'identity')")
