"""Opening the SQLite file: pragmas, schema creation and the version check."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from letopis.store.errors import StoreError
from letopis.store.schema import DDL, SCHEMA_VERSION


def connect(path: str | os.PathLike[str], readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), schema checked."""
    name = os.fspath(path)
    if readonly and not os.path.isfile(name):
        raise StoreError(f"{name}: no such store")
    uri = f"file:{quote(str(Path(name).absolute()))}?mode={'ro' if readonly else 'rwc'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise StoreError(f"{name}: cannot open ({error})") from None
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _check_or_create(conn, name, readonly)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise StoreError(f"{name}: not a letopis store ({error})") from None
    except StoreError:
        conn.close()
        raise
    return conn


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


def _create(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        if tables.fetchone()[0] == 0:  # another writer may have created it meanwhile
            for statement in DDL.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
