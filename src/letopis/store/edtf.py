"""EDTF values to sortable year ranges: ``edtf_years("1956-06~") == (1956, 1956)``.

Covers the forms letopis writes (docs/dates.md): years, months, days, seasons, quarters
and halves (``1956-21``, ``1958-33``, ``1959-40``), unspecified digits (``193X``,
``19XX``), qualifiers (``~ ? %``), intervals (``1938/1953``) and open ends
(``1938/..``, ``../1953``), plus signed and ``Y``-prefixed years. An open end becomes
``OPEN_LO``/``OPEN_HI``; a value without a known year (``XXXX-05``) gives None.
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
