"""Request dependencies: a read-only store per request and checked query values."""

from __future__ import annotations

from collections.abc import Generator

from fastapi import Request

from letopis.store.core import Store
from letopis.store.errors import SearchError


def get_store(request: Request) -> Generator[Store, None, None]:
    """A read-only store opened for this request (``mode=ro`` and ``query_only``)."""
    store = Store.open(request.app.state.db_path, readonly=True)
    try:
        store.conn.execute("PRAGMA query_only = ON")
        yield store
    finally:
        store.close()


def blank(value: str | None) -> str | None:
    """``value`` stripped; None when empty (HTML forms send empty fields)."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def year(value: str | None, name: str) -> int | None:
    """A year filter from a query value; SearchError with a clear message if not a year."""
    value = blank(value)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise SearchError(f"{name}: not a year: {value[:40]!r}") from None
