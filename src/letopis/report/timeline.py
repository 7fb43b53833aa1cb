"""The date timeline: EDTF values ordered on a time axis, drawn with plain elements.

Each distinct EDTF value is a row: its code, the first mention and a bar from the start
to the end of the interval it covers. Approximate, uncertain, unspecified and open
values get their own bar styles; values the reader cannot place are listed below. A
row that dates an event (``POINT_IN_TIME``, ``START_TIME``, ``END_TIME``) names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from letopis.doc import DateValue, Document, Mention
from letopis.export.text import short
from letopis.kb.facts import events
from letopis.report.edtf import TimeSpan, edtf_span, nice_ticks, tick_label
from letopis.report.markup import e, join_ids
from letopis.report.names import t


@dataclass
class _Row:
    edtf: str
    span: TimeSpan | None
    mentions: list[Mention]
    notes: list[str] = field(default_factory=list)


CALENDAR_NAMES = {"julian": "Old Style", "gregorian": "New Style", "byzantine": "world era"}


def _notes(date: DateValue) -> list[str]:
    """What the source wrote when it is not the Gregorian value: ``Old Style 1905-01-09``,
    ``year inferred``."""
    notes = []
    if date.calendar and date.original and date.original != date.edtf:
        notes.append(f"{CALENDAR_NAMES.get(date.calendar, date.calendar)} {date.original}")
    if date.inferred:
        notes.append(f"{date.inferred} inferred")
    return notes


def _date_rows(doc: Document) -> list[_Row]:
    spans = {m.id: m for m in doc.mentions}
    rows: dict[str, _Row] = {}
    for d in doc.dates:
        row = rows.setdefault(d.edtf, _Row(d.edtf, edtf_span(d.edtf), []))
        if d.mention in spans:
            row.mentions.append(spans[d.mention])
        row.notes.extend(n for n in _notes(d) if n not in row.notes)
    return list(rows.values())


def _axis(placed: list[tuple[_Row, TimeSpan]]) -> tuple[float, float]:
    ends = [v for _, span in placed for v in (span.lo, span.hi) if v is not None]
    lo, hi = min(ends), max(ends)
    if hi - lo < 1:
        mid = (lo + hi) / 2
        lo, hi = mid - 0.5, mid + 0.5
    pad = (hi - lo) * 0.03
    return lo - pad, hi + pad


def _order(pair: tuple[_Row, TimeSpan]) -> tuple[float, float]:
    span = pair[1]
    return (span.lo if span.lo is not None else float("-inf"),
            span.hi if span.hi is not None else float("inf"))


def _bar(span: TimeSpan, lo: float, hi: float) -> str:
    def pct(x: float) -> float:
        return (x - lo) / (hi - lo) * 100

    left = 0.0 if span.lo is None else pct(span.lo)
    right = 100.0 if span.hi is None else pct(span.hi)
    classes = ["bar"]
    for flag, name in ((span.approximate, "approx"), (span.uncertain, "uncertain"),
                       (span.unspecified, "unspec"), (span.open_start, "open-start"),
                       (span.open_end, "open-end")):
        if flag:
            classes.append(name)
    mark = '<span class="q">?</span>' if span.uncertain else ""
    return (f'<div class="{" ".join(classes)}" style="left:{left:.3f}%;'
            f'width:{max(right - left, 0):.3f}%">{mark}</div>')


def _ticks(lo: float, hi: float, labels: bool) -> str:
    out = []
    for tick in nice_ticks(lo, hi):
        text = f"<span>{e(tick_label(tick))}</span>" if labels else ""
        out.append(f'<div class="tick" style="left:{(tick - lo) / (hi - lo) * 100:.3f}%">'
                   f"{text}</div>")
    return "".join(out)


def dated_events(doc: Document) -> dict[str, list[str]]:
    """DATE mention id -> the events it dates (``letopis.kb.facts.events``), by name."""
    found: dict[str, list[str]] = {}
    for record in events(doc):
        for fact in record.dates:
            names = found.setdefault(fact.other.mention, [])
            if record.party.name not in names:
                names.append(record.party.name)
    return found


def _row_html(row: _Row, span: TimeSpan, lo: float, hi: float, grid: str,
              dated: dict[str, list[str]]) -> str:
    first = f" «{e(short(row.mentions[0].text, 40))}»" if row.mentions else ""
    if row.notes:
        first += f' <span class="n">({e("; ".join(row.notes))})</span>'
    names = list(dict.fromkeys(n for m in row.mentions for n in dated.get(m.id, [])))
    if names:
        first += f' <b class="evn">{e(short(", ".join(names), 60))}</b>'
    title = "; ".join(short(m.text, 60) for m in row.mentions)
    bar = _bar(span, lo, hi)
    return (f'<div class="tl-row" data-ms="{e(join_ids(row.mentions))}" tabindex="0"'
            f' title="{e(title)}"><div class="tl-lab"><code>{e(row.edtf)}</code>{first}'
            f' <span class="n">×{len(row.mentions)}</span></div>'
            f'<div class="tl-track">{grid}{bar}</div></div>')


KEY = (("", "exact"), (" approx", "approximate ~"), (" uncertain", "uncertain ?"),
       (" unspec", "unspecified X"), (" open-end", "open .."))


def timeline_key() -> str:
    """The key of the bar styles, in the report's language."""
    items = "".join(f'<span><i class="bar{cls}"></i>{t(word)}</span>' for cls, word in KEY)
    return f'<div class="tl-key">{items}</div>'


def timeline_html(doc: Document) -> str:
    """The timeline of ``doc``'s dates (a note when there are none)."""
    rows = _date_rows(doc)
    if not rows:
        return f'<p class="empty">{t("no dates")}</p>'
    placed = sorted(((r, r.span) for r in rows if r.span is not None), key=_order)
    loose = [r for r in rows if r.span is None]
    parts = ['<div class="tl">']
    if placed:
        lo, hi = _axis(placed)
        grid = _ticks(lo, hi, labels=False)
        parts.append(f'<div class="tl-axis"><div></div><div class="tl-scale">'
                     f"{_ticks(lo, hi, labels=True)}</div></div>")
        parts.append('<div class="tl-rows">')
        dated = dated_events(doc)
        parts.extend(_row_html(row, span, lo, hi, grid, dated) for row, span in placed)
        parts.append("</div>" + timeline_key())
    if loose:
        values = ", ".join(f"<code>{e(r.edtf)}</code> ×{len(r.mentions)}" for r in loose)
        parts.append(f'<p class="empty">{t("not placed on the axis")}: {values}</p>')
    parts.append("</div>")
    return "".join(parts)
