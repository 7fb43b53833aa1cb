"""EDTF values to sortable year ranges: ``edtf_years("1956-06~") == (1956, 1956)``.

Covers the forms letopis writes (docs/dates.md): years, months, days, seasons, quarters
and halves (``1956-21``, ``1958-33``, ``1959-40``), unspecified digits (``193X``,
``19XX``), qualifiers (``~ ? %``), intervals (``1938/1953``) and open ends
(``1938/..``, ``../1953``), plus signed and ``Y``-prefixed years. An open end becomes
``OPEN_LO``/``OPEN_HI``; a value without a known year (``XXXX-05``) gives None.

A store keeps no sentinel: ``stored_years`` gives None for an open end, so a ``dates`` row
is (lo, NULL) for ``1938/..``, (NULL, hi) for ``../1953`` and (NULL, NULL) for a value
without a year, and ``documents.date_lo``/``date_hi`` are its first and last finite years.
The SQL helpers below read an open end (NULL, or the sentinel of a store written before)
as the document's edge.
"""

from __future__ import annotations

import re

OPEN_LO = -999_999
OPEN_HI = 999_999

_YEAR = re.compile(r"^(?:Y(-?\d+)|(-?[\dX]{4}))(?:-[\dX]{2}){0,2}$")


def edtf_years(value: str) -> tuple[int, int] | None:
    """The (lowest, highest) year an EDTF value may denote, or None if unknown."""
    value = value.strip()
    if "/" in value:
        return _interval(value)
    return _point(value)


def stored_years(value: str) -> tuple[int | None, int | None] | None:
    """The year bounds a store keeps for an EDTF value: None for an open end, None in
    all for a value without a known year (or open at both ends)."""
    years = edtf_years(value)
    if years is None:
        return None
    lo = None if years[0] <= OPEN_LO else years[0]
    hi = None if years[1] >= OPEN_HI else years[1]
    return None if lo is None and hi is None else (lo, hi)


def finite_span(values: list[str]) -> tuple[int | None, int | None]:
    """The first and last finite year among EDTF values (None, None without any)."""
    ends = [y for v in values for y in (stored_years(v) or ()) if y is not None]
    return (min(ends), max(ends)) if ends else (None, None)


def _interval(value: str) -> tuple[int, int] | None:
    first, _, last = value.partition("/")
    lo = (OPEN_LO, OPEN_LO) if first in ("..", "") else _point(first)
    hi = (OPEN_HI, OPEN_HI) if last in ("..", "") else _point(last)
    if lo is None or hi is None or lo[0] > hi[1]:
        return None
    return lo[0], hi[1]


def _point(value: str) -> tuple[int, int] | None:
    bare = re.sub(r"[~?%]", "", value)
    match = _YEAR.match(bare)
    if match is None:
        return None
    if match.group(1) is not None:
        year = int(match.group(1))
        return year, year
    digits = match.group(2)
    negative = digits.startswith("-")
    digits = digits.lstrip("-")
    if digits.startswith("X"):
        return None
    low, high = int(digits.replace("X", "0")), int(digits.replace("X", "9"))
    return (-high, -low) if negative else (low, high)


def edge_sql(doc: str, high: bool) -> str:
    """SQL for the last (``high``) or first finite year among the dates of document
    ``doc`` (an SQL expression for its ``num``): where an open end is drawn to and read
    as, instead of the ``OPEN_LO``/``OPEN_HI`` sentinels."""
    if high:
        pick = f"max(CASE WHEN x.hi < {OPEN_HI} THEN x.hi WHEN x.lo > {OPEN_LO} THEN x.lo END)"
    else:
        pick = f"min(CASE WHEN x.lo > {OPEN_LO} THEN x.lo WHEN x.hi < {OPEN_HI} THEN x.hi END)"
    return f"(SELECT {pick} FROM dates x WHERE x.doc = {doc})"


def bounded_sql(column: str, doc: str, high: bool) -> str:
    """``column`` (a year bound) with an open end replaced by the document's edge."""
    sentinel = f">= {OPEN_HI}" if high else f"<= {OPEN_LO}"
    return (f"CASE WHEN {column} IS NULL OR {column} {sentinel} THEN {edge_sql(doc, high)}"
            f" ELSE {column} END")


def overlap_sql(doc: str) -> str:
    """An SQL condition: document ``doc`` has a date overlapping the years ``?``..``?``
    (arguments: the last year asked, then the first), open ends read to its edge."""
    lo, hi = bounded_sql("dt.lo", "dt.doc", False), bounded_sql("dt.hi", "dt.doc", True)
    return (f"{doc} IN (SELECT dt.doc FROM dates dt WHERE"
            f" (dt.lo IS NOT NULL OR dt.hi IS NOT NULL) AND {lo} <= ? AND {hi} >= ?)")


# A document's first and last years (``documents d``), open ends read to its edge.
DOC_YEARS = (f"{bounded_sql('d.date_lo', 'd.num', False)},"
             f" {bounded_sql('d.date_hi', 'd.num', True)}")
