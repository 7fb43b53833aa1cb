"""Layout of the entity page's timeline drawing."""

from __future__ import annotations

from letopis.store.results import DatedMention
from letopis.web.graphics import timeline


def _dated(lo: int, hi: int) -> DatedMention:
    return DatedMention("d", "m1", 0, 4, "Пётр", f"{lo}/{hi}", lo, hi)


def test_timeline_spans_the_years_and_clamps_open_ends() -> None:
    line = timeline([_dated(1956, 1956), _dated(1930, 1939), _dated(-999999, 1940)])
    xs = [m.x for m in line.marks]
    assert xs[1] == line.left and xs[2] == line.left and xs[0] > xs[1]
    assert all(m.x + m.width <= line.right + 0.1 for m in line.marks)
    assert line.ticks and line.ticks[0].year >= 1930 and line.ticks[-1].year <= 1957


def test_timeline_without_years_lists_dates_loose() -> None:
    line = timeline([_dated(-999999, 999999)])
    assert not line.marks and len(line.loose) == 1


def _value(edtf: str, lo: int, hi: int, mention: str = "m1") -> DatedMention:
    return DatedMention("d", mention, 0, 4, "Пётр", edtf, lo, hi)


def test_timeline_aggregates_by_value_and_ticks_span_the_data() -> None:
    items = [_value("1953", 1953, 1953, f"m{i}") for i in range(5)]
    items += [_value("1989", 1989, 1989), _value("1938/..", 1938, 999999)]
    line = timeline(items)
    assert [(m.item.edtf, m.count) for m in line.marks] == [("1953", 5), ("1989", 1),
                                                            ("1938/..", 1)]
    years = [t.year for t in line.ticks]
    assert years[0] <= 1940 and years[-1] >= 1985  # ticks from the data's real span
    opened = line.marks[2]
    assert opened.x + opened.width <= line.right + 0.1  # to the data's edge, no 999999


def test_a_day_is_drawn_as_a_day() -> None:
    line = timeline([_value("2020-04-29", 2020, 2020), _value("1999", 1999, 1999)])
    day, year = line.marks
    assert day.width == 3.0 < year.width  # a day: the narrowest visible mark
    per_year = (line.right - line.left) / (2021 - 1999)
    x2020 = line.left + 21 * per_year
    assert x2020 + per_year * 0.3 < day.x < x2020 + per_year * 0.35  # late April
