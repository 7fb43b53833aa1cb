"""Request dependencies: a read-only store per request and checked query values.

Every integer a request may carry is bounded here, so that none reaches SQLite out of
its range (an answer 400/422, never 500): page sizes 1..``MAX_LIMIT``, offsets
0..``MAX_OFFSET``, years ``OPEN_LO``..``OPEN_HI``.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Annotated

from fastapi import Query, Request

from letopis.doc import RELATION_TYPES
from letopis.store.core import Store
from letopis.store.edtf import OPEN_HI, OPEN_LO
from letopis.store.errors import SearchError

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]


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
    return bounded(value, name, OPEN_LO, OPEN_HI, "year")


def bounded(value: str, name: str, lo: int, hi: int, what: str = "number") -> int:
    """``value`` as an integer in ``lo..hi``; SearchError (400) naming ``name`` if not."""
    try:
        number = int(value)
    except ValueError:
        raise SearchError(f"{name}: not a {what}: {value[:40]!r}") from None
    if not lo <= number <= hi:
        raise SearchError(f"{name}: {what} out of range {lo}..{hi}: {value[:40]!r}")
    return number


def relation_type(value: str | None) -> str | None:
    """A relation type filter: one of NEREL's (``letopis.doc.RELATION_TYPES``) or None;
    SearchError (400) naming the value otherwise."""
    value = blank(value)
    if value is not None and value not in RELATION_TYPES:
        raise SearchError(f"type: not a NEREL relation type: {value[:40]!r}")
    return value
