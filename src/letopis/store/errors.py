"""Errors of the corpus store, and the one place that turns SQLite errors into them."""

from __future__ import annotations

import sqlite3

from letopis.errors import LetopisError


class StoreError(LetopisError):
    """The store cannot be opened, read or written (wrong schema version, read-only...)."""


class StorageError(StoreError):
    """The store's file itself failed (disk full, I/O error, read-only, locked, damaged).

    Unlike a StoreError about one document, nothing more can be written: a run stops.
    """


class NotFoundError(StoreError):
    """No document or entity with the asked id."""


class SearchError(StoreError):
    """A search query is malformed; the message says what is wrong, in one line."""


# SQLite primary result codes that mean the file or the disk failed, with their reason.
STORAGE_REASONS = {
    3: "permission denied",  # SQLITE_PERM
    5: "locked by another process",  # SQLITE_BUSY
    6: "locked",  # SQLITE_LOCKED
    7: "out of memory",  # SQLITE_NOMEM
    8: "the store is read-only",  # SQLITE_READONLY
    10: "disk I/O error",  # SQLITE_IOERR
    11: "the store file is damaged",  # SQLITE_CORRUPT
    13: "disk full",  # SQLITE_FULL
    14: "cannot open the store file",  # SQLITE_CANTOPEN
    26: "not a letopis store (not an SQLite database)",  # SQLITE_NOTADB
}


def storage_reason(error: sqlite3.Error) -> str | None:
    """The reason of an SQLite error that means the file or disk failed, else None."""
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else STORAGE_REASONS.get(code & 0xFF)


def storage_error(path: str, doing: str, error: sqlite3.Error) -> StoreError:
    """The one-line error for ``error`` met while ``doing`` something to the store at ``path``.

    A StorageError (the run must stop) when the file or the disk failed; a plain
    StoreError otherwise (e.g. a constraint broken by one document).
    """
    reason = storage_reason(error)
    detail = " ".join(str(error).split()) or type(error).__name__
    if reason is None:
        return StoreError(f"{path}: cannot {doing}: {detail}")
    return StorageError(f"{path}: cannot {doing}: {reason} ({detail})")
