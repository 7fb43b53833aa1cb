"""Layouts for the entity page's SVG drawings (drawn by the templates, no library).

``timeline``: dated mentions on a year axis spanning the data, one row per date value
with its count (the network is ``letopis.web.network``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from letopis.store.results import DatedMention

LINE_WIDTH = 960
OPEN = 900000  # store bounds beyond this are open ends (OPEN_LO / OPEN_HI)


@dataclass
class Mark:
    """One date value on the timeline (x and width in px), with how many mentions it
    dates; ``item`` is its first dated mention (the link goes there)."""

    item: DatedMention
    x: float
    width: float
    y: float
    count: int = 1


@dataclass
class Tick:
    """A labelled year on the axis."""

    year: int
    x: float


@dataclass
class Timeline:
    """Marks and ticks of a timeline drawing; ``loose``: dates off any axis."""

    marks: list[Mark] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    loose: list[DatedMention] = field(default_factory=list)
    width: int = LINE_WIDTH
    height: int = 60
    left: int = 150
    right: int = LINE_WIDTH - 20


ROW = 14
_DAY = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?[~?%]*$")


def span(item: DatedMention, lo: float, hi: float) -> tuple[float, float]:
    """(start, end) of a value in fractional years: a day is a day, a month a month, a
    year or a range its years; an open end reaches the data's edge (``lo``/``hi``)."""
    found = _DAY.match(item.edtf)
    if found and int(found.group(2)) <= 12:
        year, month = int(found.group(1)), int(found.group(2))
        if found.group(3):
            day = date(year, month, min(int(found.group(3)), 28))
            start = year + (day.timetuple().tm_yday - 1) / 365.25
            return start, start + 1 / 365.25
        return year + (month - 1) / 12, year + month / 12
    # an open end is None (what a store keeps) or a sentinel of a store written before
    start = lo if item.lo is None or abs(item.lo) >= OPEN else max(float(item.lo), lo)
    end = hi if item.hi is None or abs(item.hi) >= OPEN else min(float(item.hi + 1), hi)
    return start, max(end, start)


def aggregate(items: list[DatedMention]) -> list[tuple[DatedMention, int]]:
    """One entry per date value (its first mention and the number of mentions)."""
    groups: dict[str, list[DatedMention]] = {}
    for item in items:
        groups.setdefault(item.edtf, []).append(item)
    return [(found[0], len(found)) for found in groups.values()]


def timeline(items: list[DatedMention]) -> Timeline:
    """Date values on an axis spanning the data's finite years, one row per value with
    its count; values without a finite year are listed apart (``loose``)."""
    finite = [y for d in items for y in (d.lo, d.hi) if y is not None and abs(y) < OPEN]
    out = Timeline()
    if not finite:
        out.loose = list(items)
        return out
    lo, hi = min(finite), max(finite) + 1
    if hi - lo < 2:
        lo, hi = lo - 1, hi + 1
    scale = (out.right - out.left) / (hi - lo)
    for i, (item, count) in enumerate(aggregate(items)):
        start, end = span(item, lo, hi)
        out.marks.append(Mark(item, round(out.left + (start - lo) * scale, 1),
                              round(max(3.0, (end - start) * scale), 1), 30 + i * ROW, count))
    out.ticks = [Tick(y, round(out.left + (y - lo) * scale, 1)) for y in _years(lo, hi)]
    out.height = 40 + len(out.marks) * ROW
    return out


def _years(lo: int, hi: int) -> list[int]:
    span = hi - lo
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if span / s <= 10),
                10 ** max(1, len(str(span)) - 1))
    first = -(-lo // step) * step
    return list(range(first, hi + 1, step))
