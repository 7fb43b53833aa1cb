"""EDTF values as intervals on a time axis (for drawing, not for validation).

``edtf_span`` reads the common EDTF forms (ISO 8601-2 levels 0-2): dates of year, month
or day precision, negative and ``Y``-prefixed years, unspecified digits (``195X``,
``1956-XX``), seasons and quarters (``1956-21``, ``1956-33``), qualifiers ``? ~ %``
anywhere, intervals ``a/b`` with open (``..``) or unknown ends, and sets ``[a,b]`` /
``{a..b}``. Positions are fractional years: 1956-01-01 is 1956.0, its end 1956.0027.
Anything else gives None, and the report lists that value without placing it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_DATE = re.compile(
    r"^(?:Y(?P<long>-?\d+)|(?P<year>-?[\dX]{4}))(?:S\d+)?"
    r"(?:-(?P<month>[\dX]{2}))?(?:-(?P<day>[\dX]{2}))?(?:T[\d:.Z+\-]*)?$"
)
# Sub-year groupings (EDTF level 1-2): month code -> (first month, last month).
_SEASONS = {
    21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14),
    25: (3, 5), 26: (6, 8), 27: (9, 11), 28: (12, 14),
    29: (9, 11), 30: (12, 14), 31: (3, 5), 32: (6, 8),
    33: (1, 3), 34: (4, 6), 35: (7, 9), 36: (10, 12),
    37: (1, 4), 38: (5, 8), 39: (9, 12), 40: (1, 6), 41: (7, 12),
}


@dataclass(frozen=True)
class TimeSpan:
    """Where an EDTF value lies: ``lo``/``hi`` in fractional years, None if open."""

    lo: float | None
    hi: float | None
    approximate: bool = False
    uncertain: bool = False
    unspecified: bool = False
    interval: bool = False
    open_start: bool = False
    open_end: bool = False


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _year_pos(year: int, month: int = 1, day: int = 1) -> float:
    """The fractional-year position of the start of a day (months past 12 roll over)."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    before = sum(_days_in_month(year, m) for m in range(1, month))
    return year + (before + day - 1) / (366 if calendar.isleap(year) else 365)


def _digits(value: str, fill: str) -> int:
    return int(value.replace("X", fill))


def _year_range(text: str) -> tuple[int, int]:
    low, high = _digits(text, "0"), _digits(text, "9")
    return min(low, high), max(low, high)


def _month_range(text: str | None) -> tuple[int, int] | None:
    if text is None or "X" in text:
        return None
    code = int(text)
    if 1 <= code <= 12:
        return code, code
    return _SEASONS.get(code)


def _date_bounds(text: str) -> tuple[float, float, bool] | None:
    """(start, end, has unspecified digits) of one EDTF date without qualifiers."""
    match = _DATE.match(text)
    if match is None:
        return None
    if match["long"] is not None:
        year = int(match["long"])
        return float(year), float(year + 1), False
    unspecified = "X" in text
    y_lo, y_hi = _year_range(match["year"])
    months = _month_range(match["month"])
    if months is None:
        if match["month"] is not None and "X" not in match["month"]:
            return None
        return _year_pos(y_lo), _year_pos(y_hi + 1), unspecified
    m_lo, m_hi = months
    day = match["day"]
    if day is None or "X" in day or m_lo != m_hi:
        return _year_pos(y_lo, m_lo), _year_pos(y_hi, m_hi + 1), unspecified
    d = int(day)
    if not 1 <= d <= _days_in_month(y_lo, m_lo):
        return None
    return _year_pos(y_lo, m_lo, d), _year_pos(y_hi, m_lo, d + 1), unspecified


# (start, end, approximate, uncertain, unspecified)
_Found = tuple[float, float, bool, bool, bool]


def _bounds_with_flags(text: str) -> _Found | None:
    approximate = "~" in text or "%" in text
    uncertain = "?" in text or "%" in text
    bounds = _date_bounds(re.sub(r"[?~%]", "", text))
    if bounds is None:
        return None
    return bounds[0], bounds[1], approximate, uncertain, bounds[2]


def _set_span(text: str) -> TimeSpan | None:
    members = []
    for item in text[1:-1].split(","):
        ends = [p for p in item.strip().split("..") if p]
        for part in ends:
            found = _bounds_with_flags(part)
            if found is None:
                return None
            members.append(found)
    if not members:
        return None
    return TimeSpan(
        min(m[0] for m in members), max(m[1] for m in members),
        approximate=any(m[2] for m in members), uncertain=text.startswith("[") or
        any(m[3] for m in members), unspecified=any(m[4] for m in members), interval=True,
        open_start=text[1:].startswith(".."), open_end=text[:-1].endswith(".."),
    )


def _interval_span(text: str) -> TimeSpan | None:
    left, _, right = text.partition("/")
    sides: list[_Found | None] = []
    for side in (left, right):
        if side in ("", ".."):
            sides.append(None)
            continue
        found = _bounds_with_flags(side)
        if found is None:
            return None
        sides.append(found)
    first, last = sides
    if first is None and last is None:
        return None
    return TimeSpan(
        first[0] if first else None, last[1] if last else None,
        approximate=any(s[2] for s in sides if s), uncertain=any(s[3] for s in sides if s),
        unspecified=any(s[4] for s in sides if s), interval=True,
        open_start=first is None, open_end=last is None,
    )


def edtf_span(value: str) -> TimeSpan | None:
    """The interval an EDTF value covers, or None if this reader cannot place it."""
    text = value.strip()
    if not text:
        return None
    if text[0] in "[{" and text[-1] in "]}":
        return _set_span(text)
    if "/" in text:
        return _interval_span(text)
    found = _bounds_with_flags(text)
    if found is None:
        return None
    lo, hi, approximate, uncertain, unspecified = found
    return TimeSpan(lo, hi, approximate, uncertain, unspecified)


def nice_ticks(lo: float, hi: float, target: int = 8) -> list[float]:
    """Round year positions between ``lo`` and ``hi`` for axis labels."""
    span = max(hi - lo, 1e-9)
    steps = [1 / 12, 0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
    step = next((s for s in steps if span / s <= target), 10 ** len(str(int(span))))
    first = int(lo // step) * step
    ticks = []
    value = first
    while value <= hi + 1e-9:
        if value >= lo - 1e-9:
            ticks.append(round(value, 6))
        value += step
    return ticks


def tick_label(pos: float) -> str:
    """A year, or year-month when the position is not at a year start."""
    year = int(pos // 1)
    month = round((pos - year) * 12) + 1
    return str(year) if month == 1 else f"{year}-{month:02d}"
