"""Dates of historical sources: Julian and double dates, calendar markers, the world era,
Roman-numeral months and two-digit years of paperwork, and years the text implies.

The stage ``tag_historical_dates`` runs right after ``dates`` and works in four steps:

1. **forms** the date grammar does not read, each replacing the DATE mentions it overlaps:
   double dates (``9 (22) января 1905 года``, ``9/22 января``, ``23 февраля (8 марта)
   1917 г.``, ``31 декабря 1904 (13 января 1905) г.``: one day, Old Style first),
   Roman-numeral months (``23. XII. 22 г.``, ``25.XII``), a two-digit year with a year
   word (``24 декабря 22 г.``), the chancery ``генваря 5 дня 1813 года``, fixed church
   feasts (``на Покров 1812 года``), regnal years (``в пятый год царствования Екатерины
   II``) and the world era (``в 7208 году от сотворения
   мира``, ``в лето 7208``);
2. **markers** after a date: ``ст. ст.``, ``по старому стилю`` (Julian), ``н. ст.``,
   ``по новому стилю`` (Gregorian);
3. **years from context**: a date without a year takes the year of the nearest
   preceding dated expression within ``PASSAGE_CHARS`` (else the document's own date),
   flagged ``inferred="year"``; a two-digit year takes the century of the nearest
   preceding four-digit year or the document's date (else the 20th), ``inferred="century"``;
4. **the default calendar** for unmarked days and months before the switch of 1918
   (``Meta.calendar``; ``auto``: Julian in a pre-1918 document, as written otherwise).

``DateValue.edtf`` is always Gregorian (what timelines use); ``calendar`` and ``original``
keep what the source wrote. Conversion is done by ``convertdate``. See docs/dates.md.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from letopis.doc import DateValue, Document, Token
from letopis.extract.grammars.dates import ABBREVIATED_MONTHS, MONTHS, OLD_MONTH_STEMS, roman

PASSAGE_CHARS = 2000
WORLD_ERA_OFFSET = 5508          # 1 September 5508 BC (Julian) begins the Byzantine era
SWITCH = (1918, 2, 1)            # Julian 1 February 1918 was Gregorian 14 February
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR_WORD = r"(?:года|году|год|г(?=\.|\b))"
_ROMAN = r"[IVXІХ]{1,4}"
_B = r"(?<![\w.])"   # a form starts at a word edge
_E = r"(?![\w])"

_ORD = r"(?:-?(?:го|е|ое))?"   # 9-го, 22-е: ordinal days of chancery and newspapers
# the New Style half marked inside its parentheses: ``28 февраля (12 марта н. ст.)``
_NEW_INSIDE = r"\s*,?\s*(?:по\s+)?(?:н\.\s*ст\.?|нов\.\s*ст\.?|новому\s+стилю|н\.\s*стиля)"
DOUBLE_DAY = re.compile(
    rf"{_B}(?P<d1>\d{{1,2}}){_ORD}\s*(?:\(\s*(?P<d2>\d{{1,2}}){_ORD}\s*\)"
    rf"|/(?P<d3>\d{{1,2}}){_ORD})\s+"
    rf"(?P<m>{_MONTH}){_E}(?:\s+(?P<y>\d{{4}})(?:\s+{_YEAR_WORD})?)?",
    re.IGNORECASE,
)
DOUBLE_DAY_MONTH = re.compile(
    rf"{_B}(?P<d1>\d{{1,2}}){_ORD}\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>\d{{4}})"
    rf"(?:\s+{_YEAR_WORD}\.?)?)?"
    rf"\s*\(\s*(?P<d2>\d{{1,2}}){_ORD}\s+(?P<m2>{_MONTH})(?:\s+(?P<y2>\d{{4}})"
    rf"(?:\s+{_YEAR_WORD}\.?)?)?(?:{_NEW_INSIDE})?\s*\)(?:\s+(?P<y>\d{{4}})(?:\s+{_YEAR_WORD})?"
    rf"|\s+{_YEAR_WORD})?",
    re.IGNORECASE,
)
ROMAN_MONTH = re.compile(
    rf"{_B}(?P<d>\d{{1,2}})\s*[./]\s*(?P<m>{_ROMAN})\s*[./-]?\s*(?:(?P<y4>\d{{4}})(?!\d)"
    rf"(?:\s*{_YEAR_WORD})?|(?P<y>\d{{2}})(?!\d)\s*{_YEAR_WORD})"
    rf"|{_B}(?P<cd>\d{{1,2}})[./](?P<cm>{_ROMAN})(?:[./-](?P<cy>\d{{2}}|\d{{4}}))?(?![\w])",
)
SHORT_YEAR = re.compile(
    rf"{_B}(?:(?P<d>\d{{1,2}})\s+)?(?P<m>{_MONTH})\s+(?P<y>\d{{2}})\s*(?:г(?=\.|\b)|года|году)",
    re.IGNORECASE,
)
# What every SHORT_YEAR match holds, cheap to look for first (most texts have none).
SHORT_YEAR_HINT = re.compile(r"(?<!\d)\d{2}\s*(?:г(?=\.|\b)|года|году)", re.IGNORECASE)
# Chancery style: ``генваря 5 дня 1813 года``, ``5-го дня марта 1801 года``.
DAY_WORD = re.compile(
    rf"{_B}(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:-?го)?\s+(?:дня|числа)"
    rf"|(?P<d2>\d{{1,2}})(?:-?го)?\s+(?:дня|числа)\s+(?P<m2>{_MONTH}))"
    rf"(?:\s+(?P<y>\d{{4}})(?:\s+{_YEAR_WORD})?)?",
    re.IGNORECASE,
)
# A diary's or a chronicle's heading, the year first: ``1825 года декабря 14``, ``1812 г.
# генваря 5-го``
YEAR_FIRST = re.compile(
    rf"{_B}(?P<y>\d{{4}})\s+(?:года|г\.)\s+(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:-?го)?"
    rf"(?:\s+(?:дня|числа))?(?![\d.,]\d)",
    re.IGNORECASE,
)
# What every DAY_WORD match holds, cheap to look for first.
DAY_WORD_HINT = re.compile(r"\d(?:-?го)?\s+(?:дня|числа)", re.IGNORECASE)
# Fixed feasts of the Russian church calendar (Julian): the day of each (month, day).
FEASTS: dict[str, tuple[int, int]] = {
    **dict.fromkeys(("Рождество Христово", "Рождества Христова", "Рождеству Христову",
                     "Рождестве Христовом"), (12, 25)),
    **dict.fromkeys(("Крещение", "Крещения", "Крещенью", "Крещению", "Крещенье"), (1, 6)),
    **dict.fromkeys(("Сретение", "Сретения", "Сретенье", "Сретенью"), (2, 2)),
    **dict.fromkeys(("Благовещение", "Благовещения", "Благовещенье", "Благовещенью"),
                    (3, 25)),
    **dict.fromkeys(("Петров день", "Петрова дня", "Петров дня", "Петрову дню"), (6, 29)),
    **dict.fromkeys(("Ильин день", "Ильина дня", "Ильину дню"), (7, 20)),
    **dict.fromkeys(("Преображение", "Преображения", "Преображенье"), (8, 6)),
    **dict.fromkeys(("Успение", "Успения", "Успенье", "Успенью"), (8, 15)),
    **dict.fromkeys(("Покров", "Покрова", "Покрову"), (10, 1)),
}
FEAST = re.compile(
    rf"{_B}(?i:на|в|во)\s+(?P<f>"
    + "|".join(sorted(FEASTS, key=len, reverse=True))
    + rf"){_E}(?:\s+(?P<y>\d{{4}})(?:\s+{_YEAR_WORD})?)?",
)
# Regnal years: accession days (Julian) of the Russian monarchs from Peter I, by the
# genitive the text names them with (``царствования Екатерины II``).
ACCESSIONS: dict[tuple[str, str], tuple[int, int, int]] = {
    **dict.fromkeys((("Петра", "I"), ("Петра", "Великого"), ("Петра", "Первого")),
                    (1682, 4, 27)),
    ("Екатерины", "I"): (1725, 1, 28), ("Петра", "II"): (1727, 5, 6),
    ("Анны", "Иоанновны"): (1730, 1, 19), ("Елизаветы", "Петровны"): (1741, 11, 25),
    **dict.fromkeys((("Екатерины", "II"), ("Екатерины", "Второй"), ("Екатерины", "Великой")),
                    (1762, 6, 28)),
    **dict.fromkeys((("Павла", "I"), ("Павла", "Петровича")), (1796, 11, 6)),
    **dict.fromkeys((("Александра", "I"), ("Александра", "Павловича")), (1801, 3, 12)),
    **dict.fromkeys((("Николая", "I"), ("Николая", "Павловича")), (1825, 11, 19)),
    **dict.fromkeys((("Александра", "II"), ("Александра", "Николаевича")), (1855, 2, 18)),
    **dict.fromkeys((("Александра", "III"), ("Александра", "Александровича")), (1881, 3, 1)),
    **dict.fromkeys((("Николая", "II"), ("Николая", "Александровича")), (1894, 10, 20)),
}
_ORDINAL_WORDS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10,
}
REGNAL = re.compile(
    r"(?<![\w.])(?i:в|на)\s+(?:(?P<d>\d{1,2})-?[ймг]\w{0,2}|(?P<w>(?i:"
    + "|".join(_ORDINAL_WORDS) + r")\w{0,3}))\s+(?i:год|году)\s+"
    r"(?i:царствования|правления)\s+(?:(?i:императора|императрицы|государя|государыни)\s+)?"
    r"(?P<who>[А-ЯЁ][а-яё]+)\s+(?P<which>[IVХІ]{1,3}(?![\w])|[А-ЯЁ][а-яё]+)",
)
WORLD_ERA = re.compile(
    rf"{_B}(?:(?:(?:в|к|с|до)\s+)?(?:(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\s+)?(?P<y>\d{{4}})"
    rf"\s*(?:{_YEAR_WORD}\.?\s*)?от\s+(?:сотворения|создания|начала)\s+мира"
    rf"|(?:в\s+)?лет[оа]\s+(?P<y2>\d{{4}})(?!\s*(?:{_YEAR_WORD}\.?\s*)?,?\s+(?:{_MONTH})\s)"
    # a year of the world era needs no cue: no year of ours is 5600-7600 (``в прошлом 7190
    # году``, ``7208 г.``)
    rf"|(?P<y3>[5-7]\d{{3}})\s*{_YEAR_WORD}\.?(?!\s*,?\s*(?:{_MONTH})\s))",
    re.IGNORECASE,
)
OLD_STYLE = re.compile(
    r"\s*[(,]?\s*(?:по\s+)?(?:ст(?:\.|арого)\s*ст(?:\.|иля)|старому\s+стилю|ст\.\s*стиля)",
    re.IGNORECASE,
)
NEW_STYLE = re.compile(
    r"\s*[(,]?\s*(?:по\s+)?(?:н(?:\.|ового)\s*ст(?:\.|иля)|новому\s+стилю|н\.\s*стиля)",
    re.IGNORECASE,
)
MARKER_GAP = 3
_FULL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass
class Found:
    """A located historical date: interval, Gregorian EDTF and what the source wrote."""

    start: int
    end: int
    edtf: str
    calendar: str | None = None
    original: str | None = None
    inferred: str | None = None


def _month(word: str) -> int:
    return MONTHS[word.lower().replace("ё", "е")]


def _day(year: int | None, month: int, day: int) -> str:
    return f"{'XXXX' if year is None else f'{year:04d}'}-{month:02d}-{day:02d}"


def to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """The Gregorian day of a Julian date (``convertdate``)."""
    from convertdate import julian

    y, m, d = julian.to_gregorian(year, month, day)
    return int(y), int(m), int(d)


def _valid(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _double(start: int, end: int, d1: int, m1: int, d2: int, m2: int,
            y1: int | None, y2: int | None) -> Found | None:
    """One day written in both styles: Old Style ``d1 m1 y1``, New Style ``d2 m2 y2``.

    The New Style half is the value (``edtf``); when its year is not written it is the Old
    Style year, or the next one across New Year (``20 декабря 1904 (2 января)``). A pair
    the calendars cannot relate (the halves 10 to 13 days apart, two days of slack for a
    misprint) is no double date.
    """
    if not (_valid(m1, d1) and _valid(m2, d2)):
        return None
    if y2 is None and y1 is not None:
        y2 = y1 + 1 if m2 < m1 else y1
    if y1 is None and y2 is not None:
        y1 = y2 - 1 if m2 < m1 else y2
    if y1 is not None and y2 is not None:
        try:
            stated = datetime.date(y2, m2, d2)
            computed = datetime.date(*to_gregorian(y1, m1, d1))
        except ValueError:
            return None
        if abs((stated - computed).days) > 2:
            return None
    elif not 8 <= ((m2 - m1) % 12) * 30 + d2 - d1 <= 15:
        return None
    return Found(start, end, _day(y2, m2, d2), "julian", _day(y1, m1, d1))


def _doubles(text: str) -> list[Found]:
    found = []
    for match in DOUBLE_DAY_MONTH.finditer(text):
        year = _int(match.group("y"))
        item = _double(match.start(), _trim(text, match), int(match.group("d1")),
                       _month(match.group("m1")), int(match.group("d2")),
                       _month(match.group("m2")), _int(match.group("y1")) or year,
                       _int(match.group("y2")))
        if item is not None:
            found.append(item)
    for match in DOUBLE_DAY.finditer(text):
        d1, d2 = int(match.group("d1")), int(match.group("d2") or match.group("d3"))
        month = _month(match.group("m"))
        item = _double(match.start(), _trim(text, match), d1, month, d2, month,
                       _int(match.group("y")), None)
        if item is not None:
            found.append(item)
    return found


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)


def _trim(text: str, match: re.Match[str]) -> int:
    """The end of a match without a trailing period (``г.``: NEREL leaves it out)."""
    end = match.end()
    while end > match.start() and text[end - 1] in ". ":
        end -= 1
    return end


def _romans(text: str) -> list[Found]:
    found = []
    for match in ROMAN_MONTH.finditer(text):
        month = roman(match.group("m") or match.group("cm"))
        day = int(match.group("d") or match.group("cd"))
        if month is None or not _valid(month, day):
            continue
        year_text = match.group("y4") or match.group("y") or match.group("cy")
        if match.group("cd") and not year_text and "/" in match.group():
            continue  # 1/I: a section number; a yearless compact date is written 25.XII
        item = Found(match.start(), _trim(text, match), _day(None, month, day))
        if year_text and len(year_text) == 4:
            item.edtf = _day(int(year_text), month, day)
        elif year_text:
            item.original = f"{year_text}-{month:02d}-{day:02d}"  # the century is inferred
            item.inferred = "century"
        found.append(item)
    for match in SHORT_YEAR.finditer(text) if SHORT_YEAR_HINT.search(text) else ():
        month = _month(match.group("m"))
        short_day = _int(match.group("d"))
        value = f"XXXX-{month:02d}" + ("" if short_day is None else f"-{short_day:02d}")
        if short_day is not None and not _valid(month, short_day):
            continue
        original = f"{match.group('y')}-{month:02d}" + (
            "" if short_day is None else f"-{short_day:02d}")
        found.append(Found(match.start(), _trim(text, match), value, None, original, "century"))
    return found


# Day, month and a two-digit year in figures, the habit of Soviet staff documents and
# forms (``14.10.41``): the month in two figures, nothing numeric or dotted around.
COMPACT_SHORT = re.compile(r"(?<![\d.,/])(\d{1,2})\.(0[1-9]|1[0-2])\.(\d{2})(?!\d)(?!\.\w)")


def _compact(text: str) -> list[Found]:
    """``14.10.41``: a day, with its century inferred like every two-digit year."""
    found = []
    for match in COMPACT_SHORT.finditer(text) if "." in text else ():
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
        if _valid(month, day):
            found.append(Found(match.start(), match.end(), _day(None, month, day), None,
                               f"{year}-{month:02d}-{day:02d}", "century"))
    return found


# The Muscovite chancery's order, year first and the day with ``в ... день``: ``1721 году
# октября в 22 день``, ``лета 7225 году марта в 3 день``, ``генварь в 15 день``, ``лета
# 1698 месяца маия в 12 день``.
MUSCOVITE = re.compile(
    rf"{_B}(?:(?:(?:в\s+)?лет[оа]\s+)?(?P<y>\d{{4}})(?:\s*{_YEAR_WORD}\.?)?,?\s+)?"
    rf"(?:месяца\s+)?(?P<m>{_MONTH})\s+(?:в\s+)?(?P<d>\d{{1,2}})(?:-?го)?\s+(?:день|дня|числа)"
    rf"(?![\w])",
    re.IGNORECASE,
)


def _muscovite(text: str) -> list[Found]:
    """``1721 году октября в 22 день``: a day; a year of the world era (``лета 7225 году
    марта в 3 день``) converted as ``_world_era`` does; no year, one inferred later."""
    found = []
    for match in MUSCOVITE.finditer(text) if " день" in text or " дня" in text else ():
        month, day, year = _month(match.group("m")), int(match.group("d")), _int(match.group("y"))
        if not _valid(month, day):
            continue
        if year is not None and 5600 <= year <= 7600:
            try:
                value = _day(*to_gregorian(year - WORLD_ERA_OFFSET - (1 if month >= 9 else 0),
                                           month, day))
            except ValueError:
                continue
            found.append(Found(match.start(), _trim(text, match), value, "byzantine",
                               f"{year}-{month:02d}-{day:02d}"))
        elif year is None or 1000 <= year <= 2100:
            found.append(Found(match.start(), _trim(text, match), _day(year, month, day)))
    return found


def _chancery(text: str) -> list[Found]:
    found = []
    for match in YEAR_FIRST.finditer(text):
        month, day = _month(match.group("m")), int(match.group("d"))
        if _valid(month, day):
            found.append(Found(match.start(), _trim(text, match),
                               _day(_int(match.group("y")), month, day)))
    for match in DAY_WORD.finditer(text) if DAY_WORD_HINT.search(text) else ():
        month = _month(match.group("m1") or match.group("m2"))
        day = int(match.group("d1") or match.group("d2"))
        if _valid(month, day):
            found.append(Found(match.start(), _trim(text, match),
                               _day(_int(match.group("y")), month, day)))
    return found


def _feasts(text: str) -> list[Found]:
    """``на Покров 1812 года``, ``в Успение``: the feast's day in the church's (Julian)
    calendar. Only after на/в (a point in time); the feast's name must be capitalized."""
    found = []
    for match in FEAST.finditer(text):
        month, day = FEASTS[match.group("f")]
        year = _int(match.group("y"))
        item = Found(match.start(), _trim(text, match), _day(year, month, day), "julian",
                     _day(year, month, day))
        if year is not None:
            item.edtf = _day(*to_gregorian(year, month, day))
        found.append(item)
    return found


def _regnal(text: str) -> list[Found]:
    """``в пятый год царствования Екатерины II``: the reign's fifth year, a Julian interval
    from the accession's anniversary; the calendar writes its Gregorian days."""
    found = []
    for match in REGNAL.finditer(text):
        which = match.group("which").translate(_ROMAN_LATIN)
        accession = ACCESSIONS.get((match.group("who"), which))
        word = (match.group("w") or "").lower()
        number = int(match.group("d")) if match.group("d") else next(
            (n for stem, n in _ORDINAL_WORDS.items() if word.startswith(stem)), 0)
        if accession is None or not 1 <= number <= 60:
            continue
        year, month, day = accession
        first = datetime.date(year + number - 1, month, day)
        last = datetime.date(year + number, month, day) - datetime.timedelta(days=1)
        original = f"{first.isoformat()}/{last.isoformat()}"
        edtf = f"{_day(*to_gregorian(first.year, first.month, first.day))}/" \
               f"{_day(*to_gregorian(last.year, last.month, last.day))}"
        found.append(Found(match.start(), match.end(), edtf, "julian", original))
    return found


_ROMAN_LATIN = str.maketrans({"Х": "X", "І": "I"})


def _world_era(text: str) -> list[Found]:
    found = []
    for match in WORLD_ERA.finditer(text):
        era = int(match.group("y") or match.group("y2") or match.group("y3"))
        if not 5600 <= era <= 7600:
            continue
        month_word, day = match.group("m"), _int(match.group("d"))
        if month_word is None:
            first = era - WORLD_ERA_OFFSET - 1
            value = f"{first:04d}/{first + 1:04d}"  # the era's year began on 1 September
        else:
            month = _month(month_word)
            year = era - WORLD_ERA_OFFSET - (1 if month >= 9 else 0)
            if day is None or not _valid(month, day):
                continue
            try:
                value = _day(*to_gregorian(year, month, day))
            except ValueError:
                continue
        original = str(era) if month_word is None else f"{era}-{_month(month_word):02d}-{day:02d}"
        found.append(Found(match.start(), _trim(text, match), value, "byzantine", original))
    return found


def find_forms(text: str) -> list[Found]:
    """Every historical date form in ``text``, earlier and longer first, none overlapping
    (fresh copies: two stages ask for the same document's forms, the scan runs once)."""
    return [replace(f) for f in _forms(text)]


@lru_cache(maxsize=4)
def _forms(text: str) -> tuple[Found, ...]:
    candidates = sorted(_doubles(text) + _world_era(text) + _romans(text) + _chancery(text)
                        + _feasts(text) + _regnal(text) + _compact(text) + _muscovite(text),
                        key=lambda f: (f.start, -f.end))
    kept: list[Found] = []
    for item in candidates:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return tuple(kept)


def tag_historical_dates(doc: Document) -> Document:
    """Read historical date forms, style markers, implied years and the source calendar.

    Reads: text, mentions (DATE), dates, meta (date, orthography, calendar).
    Writes: mentions (DATE: added, or replaced where a historical form covers them), dates
    (``edtf`` Gregorian; ``calendar``, ``original``, ``inferred``).
    """
    if not doc.text:
        return doc
    _add_forms(doc)
    _apply_markers(doc)
    opened = _open_yearless(doc)
    _infer_years(doc)
    _close_open(doc, opened)
    _default_calendar(doc)
    return doc


OPEN_YEARLESS = re.compile(
    rf"(?P<p>с|со|после|до|по|к|ко)\s+(?:(?P<d>\d{{1,2}}){_ORD}\s+)?(?P<m>{_MONTH})",
    re.IGNORECASE,
)
FROM_WORDS = frozenset({"с", "со", "после"})


def _open_yearless(doc: Document) -> dict[str, str]:
    """``к 10 января``, ``с марта``: an open interval the grammar leaves without a value
    (its year is unknown) gets a provisional ``XXXX`` point; mention id -> ``from``/``to``."""
    valued = {d.mention for d in doc.dates}
    opened: dict[str, str] = {}
    for m in doc.mentions:
        if m.label != "DATE" or m.id in valued:
            continue
        match = OPEN_YEARLESS.fullmatch(m.text)
        if match is None:
            continue
        month, day = _month(match.group("m")), _int(match.group("d"))
        if day is not None and not _valid(month, day):
            continue
        value = f"XXXX-{month:02d}" + ("" if day is None else f"-{day:02d}")
        doc.dates.append(DateValue(m.id, value))
        opened[m.id] = "from" if match.group("p").lower() in FROM_WORDS else "to"
    return opened


def _close_open(doc: Document, opened: dict[str, str]) -> None:
    """Write the open intervals whose year was inferred; drop those still without one."""
    if not opened:
        return
    kept = []
    for date in doc.dates:
        side = opened.get(date.mention)
        if side is None:
            kept.append(date)
        elif not date.edtf.startswith("XXXX"):
            date.edtf = f"{date.edtf}/.." if side == "from" else f"../{date.edtf}"
            if date.original:
                date.original = (f"{date.original}/.." if side == "from"
                                 else f"../{date.original}")
            kept.append(date)
    doc.dates = kept


INSIDE_LABELS = frozenset({"NUMBER", "ORDINAL", "AGE"})


SHORT_MONTH = re.compile(r"(?<![^\W\d_])(?:" + "|".join(ABBREVIATED_MONTHS) + r")\.",
                         re.IGNORECASE)


def drop_numbers_in_dates(doc: Document) -> Document:
    """Drop the NUMBER and ORDINAL mentions the NER model puts inside a historical date
    form (the ``9`` and ``22`` of ``9 (22) января``, the ``I`` of ``4. I. 23 г.``), a
    date with a month cut short (the ``18`` of ``18 окт. 1866 г``) or named the old way
    (the ``1`` and ``1812 года`` of ``1 Генваря 1812 года``, the ``Третьего`` of ``Третьего
    дня``, the day before yesterday).

    Reads: text, mentions. Writes: mentions (NUMBER, ORDINAL, AGE inside such a DATE).
    """
    forms = [(m.start, m.end) for m in doc.mentions if m.label == "DATE"]
    if not forms or not any(m.label in INSIDE_LABELS for m in doc.mentions):
        return doc
    historical = {(f.start, f.end) for f in find_forms(doc.text)} & set(forms)
    historical |= {(m.start, m.end) for m in doc.mentions
                   if m.label == "DATE" and (SHORT_MONTH.search(m.text) or _old_month(m.text)
                                             or m.text.lower().startswith("третьего дня"))}
    if historical:
        doc.mentions = [m for m in doc.mentions if not (
            m.label in INSIDE_LABELS
            and any(s <= m.start and m.end <= e for s, e in historical))]
    return doc


# A DATE the NER model gives to a bare Roman numeral, a preposition allowed before it
# (``на XX`` of ``на XX съезде``): NEREL writes such a numeral as an ORDINAL, and a
# Roman numeral is a date only with a time word (``в XX веке``), which the dates stage reads.
BARE_ROMAN = re.compile(r"(?:(?:в|во|на|к|ко|с|со|до|по|от|за)\s+)?([IVXLCDMІХ]{1,7})",
                        re.IGNORECASE)


# A name the NER model gives to a bare Roman numeral, a volume's ``Т.`` allowed before it
# (``Т. XIII. — Отд. V.``, a journal's volume and section): no one is named by a numeral
VOLUME_ROMAN = re.compile(r"(?:[ТT]\.\s*)?([IVXІХ]{1,7})")
NAMED_NUMERALS = frozenset({"PERSON", "PRODUCT", "WORK_OF_ART"})


def roman_ordinals(doc: Document) -> Document:
    """Make a DATE mention that is only a Roman numeral (with a preposition before it) and
    that no stage gave a date value an ORDINAL over the numeral: ``XX`` of ``на XX
    съезде``, ``XIX`` of ``к XIX конференции``; and a PERSON, PRODUCT or WORK_OF_ART that
    is only a well-formed one of I, V and X (``XIII`` or ``T. XIII`` of a journal's
    volume; not the nerve agent ``VX``).

    Reads: text, mentions, dates. Writes: mentions (such DATE mentions' span and label).
    """
    dated = {d.mention for d in doc.dates}
    taken = {(m.start, m.end, m.label) for m in doc.mentions}
    kept = []
    for m in doc.mentions:
        match = (BARE_ROMAN.fullmatch(m.text) if m.label == "DATE"
                 else VOLUME_ROMAN.fullmatch(m.text) if m.label in NAMED_NUMERALS else None)
        if (match is None or m.id in dated or not match.group(1).isupper()
                or m.label != "DATE" and roman(match.group(1)) is None):  # ``VX`` is a gas
            kept.append(m)
            continue
        start, end = m.start + match.start(1), m.start + match.end(1)
        if (start, end, "ORDINAL") not in taken:
            taken.add((start, end, "ORDINAL"))
            kept.append(replace(m, start=start, end=end, text=doc.text[start:end],
                                label="ORDINAL"))
    doc.mentions = kept
    return doc


# Personal pronouns, which never open a date: ``к ним летом`` is ``летом``. Possessive
# ``его``, ``её``, ``их`` are left out (``в его годы``).
PRONOUNS = frozenset({
    "я", "ты", "он", "она", "оно", "мы", "вы", "они", "меня", "мне", "мной", "мною",
    "тебя", "тебе", "тобой", "тобою", "нас", "нам", "нами", "вас", "вам", "вами", "ему",
    "ей", "ею", "им", "ими", "него", "нему", "ним", "нём", "нем", "неё", "нее", "ней",
    "нею", "них", "ними", "себя", "себе", "собой", "собою",
})


def drop_pronouns(doc: Document) -> Document:
    """Take a personal pronoun off the start of a DATE or TIME mention (``ним летом`` ->
    ``летом``, ``нему весной`` -> ``весной``); the mention keeps its id and date value.

    Reads: text, mentions. Writes: mentions (such mentions' span).
    """
    taken = {(m.start, m.end, m.label) for m in doc.mentions}
    kept = []
    for m in doc.mentions:
        first, _, rest = m.text.partition(" ")
        if m.label in ("DATE", "TIME") and rest.strip() and first.lower() in PRONOUNS:
            start = m.start + m.text.index(rest.strip()[0], len(first))
            if (start, m.end, m.label) not in taken:  # else the date is there already
                taken.add((start, m.end, m.label))
                m = replace(m, start=start, text=doc.text[start:m.end])
        kept.append(m)
    doc.mentions = kept
    return doc


_BARE_YEAR_WORD = re.compile(
    r"(?:(?:в|во|с|со|до|к|ко|по|от|за|на|около|после|перед|через|из|у|под)\s+)?"
    r"(?:г|гг)\.?", re.IGNORECASE)


# a number after ``№`` is an item's number (``школы № 5 г. Ленинграда``), never a year
_NUMBERED = re.compile(r"№\s*\d+\s*г\b")


# the words before a number of years in the genitive that make it a length of time, not
# an age: ``около двадцати лет``, ``более пяти лет``, ``в течение трёх лет``
SPAN_WORDS = frozenset({"около", "более", "менее", "больше", "меньше", "свыше", "порядка",
                        "течение", "продолжение", "протяжении", "срок", "срока", "сроком",
                        "каких-нибудь", "каких-то", "целых", "всех", "последних", "первых",
                        "после", "до", "от", "с", "со", "за", "из", "без", "для", "у",
                        "лишь", "только", "почти", "несколько"})


def _genitive_number(token: Token) -> bool:
    """A numeral word that can be in the genitive (``сорока``, ``пяти``, old ``осьми``)."""
    from letopis.morph import parse

    word = token.text.lower()
    if word.startswith("осьм"):  # ``осьми``, ``осьмнадцати``: the old ``восьми``
        return word.endswith("и")
    return any("NUMR" in p.tag and "gent" in p.tag for p in parse(word))


def genitive_ages(doc: Document) -> Document:
    """An age written as the genitive of a number of years with nothing before it that
    makes it a length of time (``умер сорока пяти лет``, ``сын его Иван осьми лет``,
    ``жене его двадцати двух лет``: the registers' and the novels' way) is an AGE, not
    a DATE; ``около двадцати лет``, ``в течение трёх лет`` stay.

    Reads: tokens, mentions, dates. Writes: mentions (AGE added, a DATE or NUMBER over its
    words dropped), dates.
    """
    tokens = doc.tokens
    ages = []
    for k, token in enumerate(tokens):
        if token.text.lower() != "лет":
            continue
        i = k
        while i > 0 and _genitive_number(tokens[i - 1]):
            i -= 1
        if i == k or (i > 0 and not _age_holder(tokens[i - 1])):
            continue
        following = tokens[k + 1].tag or "" if k + 1 < len(tokens) else ""
        if "NOUN" in following and "gent" in following:
            continue  # ``пяти лет разлуки``, ``двадцати лет службы``: a length of something
        ages.append((tokens[i].start, token.end))
    if not ages:
        return doc
    gone = {m.id for m in doc.mentions if m.label in ("DATE", "NUMBER") and any(
        a <= m.start and m.end <= b or (m.label == "DATE" and m.start < b and a < m.end)
        for a, b in ages)}
    doc.drop_mentions(gone)
    for start, end in ages:
        doc.add_mention(start, end, "AGE")
    return doc


# ``в 13 лет``, ``в двадцать два года``: the age at which something happened
AGE_AT = re.compile(r"[Вв][ \u00a0]+((?:\d{1,3}|[а-яё]+(?:[ \u00a0]+[а-яё]+)?)"
                    r"[ \u00a0]+(?:лет|года?))")


def ages_at(doc: Document) -> Document:
    """A DATE that is ``в`` and a number of years (``В 13 лет Месси уехал``, ``умер в 24
    года``) is the age at which it happened: an AGE over the number and its word, as NEREL
    train marks it (13 of 15); not ``раз в 2 года``, a frequency, nor a number that is no
    numeral (``в эти годы``).

    Reads: text, tokens, mentions, dates. Writes: mentions, dates.
    """
    found = []
    for m in doc.mentions:
        match = AGE_AT.fullmatch(m.text) if m.label == "DATE" else None
        before = doc.text[max(0, m.start - 12):m.start].lower().split()[-1:]
        if match is None or (before and before[0].startswith(SPAN_BEFORE)):
            continue
        number = match.group(1).split()[0]
        if number.isdigit() or _numeral(number):
            found.append((m, m.start + match.start(1), m.start + match.end(1)))
    if not found:
        return doc
    inner = {(start, end) for _, start, end in found}
    gone = {m.id for m, _, _ in found} | {  # the model's DATE over the number too
        m.id for m in doc.mentions if m.label == "DATE" and (m.start, m.end) in inner}
    doc.drop_mentions(gone)
    for start, end in inner:
        doc.add_mention(start, end, "AGE")
    return doc


# the words that make ``в N лет`` a span or a frequency: ``раз в 2 года``, ``на срок в
# пять лет``, ``период в десять лет``
SPAN_BEFORE = ("раз", "срок", "период", "интервал", "промежут", "стаж", "возраст")


def _numeral(word: str) -> bool:
    from letopis.morph import parse

    return any("NUMR" in p.tag for p in parse(word.lower()))


def _age_holder(token: Token) -> bool:
    """Whether a number of years after ``token`` is someone's age: after a person's noun,
    name or pronoun (``сын его Иван``, ``жене его``), a verb (``умер``), a comma or
    ``возрасте``; not after a preposition, an adjective, another noun (``по прошествии``,
    ``ближайших``) or ``SPAN_WORDS``."""
    tag = token.tag or ""
    if token.text.lower() in SPAN_WORDS:
        return False
    if token.text in (",", "—") or token.lemma == "возраст" or "NPRO" in tag:
        return True
    if "VERB" in tag or "PRTS" in tag:
        return True
    return "NOUN" in tag and ("anim" in tag or "Name" in tag or "Surn" in tag)


def drop_bare_year_words(doc: Document) -> Document:
    """Drop a DATE or TIME that is only the abbreviated year word, a preposition allowed
    before it (``в г`` of ``в г. Рославль``: the NER model read ``город`` as ``год``); no
    number, no value (``через год`` stays: NEREL marks it); and one that is an item's
    number and ``г.`` of the town after it (``№ 5 г`` of ``школы № 5 г. Ленинграда``).

    Reads: mentions, dates. Writes: mentions, dates.
    """
    gone = {m.id for m in doc.mentions
            if m.label in ("DATE", "TIME") and (_BARE_YEAR_WORD.fullmatch(m.text)
                                                or _NUMBERED.match(m.text))}
    doc.drop_mentions(gone)
    return doc


# An archival reference: fond, inventory, file and sheets (``ф. 130, оп. 2, д. 45, л.
# 12–14``, ``Ф. 17. Оп. 3. Д. 1000. Л. 5 об.``): two parts at least, one a fond or an
# inventory. Its numbers are no dates, counts nor ordinals.
_ARCHIVAL_PART = (r"(?:ф|фонд|оп|опись|д|дело|ед\.\s*хр|л|лл|листы?|св|связка)\.?\s*"
                  r"\d+[а-яё]?(?:\s*[-–—]\s*\d+[а-яё]?)?(?:\s*об\.?)?")
ARCHIVAL = re.compile(
    rf"(?<![\w.])(?=(?:ф|фонд|оп|опись)\.?\s*\d)(?:{_ARCHIVAL_PART})"
    rf"(?:[.,;]?\s+{_ARCHIVAL_PART})+(?!\w)",
    re.IGNORECASE)


# Pages of a bibliographic reference, with the abbreviation's period: ``С. 12–14``.
PAGES = re.compile(r"(?:[Сс]|[Сс]тр)\.\s*\d+(?:\s*[-–—]\s*\d+)?")


def archival_references(text: str) -> list[tuple[int, int]]:
    """The spans of the archival references in ``text`` (``ARCHIVAL``)."""
    low = text.lower()
    if not any(cue in low for cue in ("ф.", "ф ", "фонд", "оп.", "оп ", "опись")):
        return []  # the quick test: no fond, no inventory
    return [match.span() for match in ARCHIVAL.finditer(text)]


def drop_in_references(doc: Document) -> Document:
    """Drop the mentions inside an archival reference (``archival_references``): the
    NER model reads its numbers as dates, counts or ordinals (``л. 12–14`` a DATE) and
    ``Оп`` as an organization; the archive before it (``ГАРФ``) stays. A DATE that is a
    page reference of a bibliography (``С. 12–14``, ``стр. 45``: ``PAGES``) goes too.

    Reads: text, mentions, dates. Writes: mentions, dates.
    """
    spans = archival_references(doc.text)
    pages = {m.id for m in doc.mentions if m.label == "DATE" and PAGES.fullmatch(m.text)}
    if not spans and not pages:
        return doc
    gone = pages | {m.id for m in doc.mentions
                    if any(start <= m.start and m.end <= end for start, end in spans)}
    doc.drop_mentions(gone)
    return doc


def date_numbers(doc: Document) -> Document:
    """The ``date_numbers`` stage: ``drop_numbers_in_dates``, ``roman_ordinals``,
    ``drop_pronouns``, ``drop_bare_year_words``, ``drop_in_references``, ``lifespans``,
    ``genitive_ages``, ``ages_at``, then ``letopis.extract.money.tag_money`` (sums in rubles and
    kopecks).

    Reads: text, mentions, dates. Writes: mentions, dates.
    """
    from letopis.extract.money import tag_money

    doc = drop_pronouns(roman_ordinals(drop_numbers_in_dates(doc)))
    doc = genitive_ages(lifespans(drop_in_references(drop_bare_year_words(doc))))
    doc = ages_at(doc)
    return tag_money(doc)


# A person's years in parentheses right after the name: ``Погодин (1800—1875)``,
# ``Иоганна Вильгельма (1658-1716)``, ``(1799—1837 гг.)``.
LIFESPAN = re.compile(r"\(\s*(\d{3,4})\s*[-‐‑‒–—―−]\s*(\d{3,4})(?:\s*гг?\.?)?\s*\)")
MAX_LIFE = 110


def lifespans(doc: Document) -> Document:
    """A person's years in parentheses after the name are two DATE mentions, the year of
    birth and the year of death (NEREL's way, with ``DATE_OF_BIRTH`` and
    ``DATE_OF_DEATH`` from the relation stage), not one interval: a DATE over either year
    or both goes, and each year gets its mention and value. The years must be in order
    and at most ``MAX_LIFE`` apart; a term of office after a post (``Министр (2001—2003)``)
    follows no PERSON and stays as it is.

    Reads: text, mentions, dates. Writes: mentions (DATE), dates.
    """
    if "(" not in doc.text:
        return doc
    ends = {m.end for m in doc.mentions if m.label == "PERSON"}
    found = []
    for match in LIFESPAN.finditer(doc.text):
        head = doc.text[:match.start()].rstrip(" \u00a0")
        born, died = int(match.group(1)), int(match.group(2))
        if len(head) in ends and born < died <= born + MAX_LIFE:
            found.append(match)
    if not found:
        return doc
    spans = [(m.start(1), m.end(2)) for m in found]
    gone = {m.id for m in doc.mentions if m.label == "DATE" and any(
        m.start < end and start < m.end for start, end in spans)}
    doc.drop_mentions(gone)
    for match in found:
        for k in (1, 2):
            mention = doc.add_mention(match.start(k), match.end(k), "DATE")
            doc.dates.append(DateValue(mention.id, match.group(k).zfill(4)))
    return doc


def _add_forms(doc: Document) -> None:
    forms = find_forms(doc.text)  # ordered and disjoint
    if not forms:
        return
    starts = [f.start for f in forms]

    def overlaps(start: int, end: int) -> bool:
        k = bisect.bisect_left(starts, end)  # the last form starting before ``end`` ...
        return k > 0 and forms[k - 1].end > start  # ... overlaps if any does

    gone = {m.id for m in doc.mentions if m.label == "DATE" and overlaps(m.start, m.end)}
    doc.drop_mentions(gone)
    for item in forms:
        mention = doc.add_mention(item.start, item.end, "DATE")
        doc.dates.append(DateValue(mention.id, item.edtf, item.calendar, item.original,
                                   item.inferred))


def _apply_markers(doc: Document) -> None:
    """``14 декабря 1825 г. по ст. ст.`` is Julian; ``(н. ст.)`` is Gregorian as written."""
    ends = {m.id: m.end for m in doc.mentions if m.label == "DATE"}
    for date in doc.dates:
        if date.calendar is not None or date.mention not in ends:
            continue
        at = ends[date.mention]
        while at < len(doc.text) and at - ends[date.mention] < MARKER_GAP and doc.text[at] in ". ":
            at += 1
        if OLD_STYLE.match(doc.text, at):
            if date.inferred == "century":
                date.calendar = "julian"  # converted once its century is known
            elif date.edtf.startswith("XXXX"):
                date.calendar, date.original = "julian", date.edtf  # converted with its year
            else:
                _to_julian(date, explicit=True)
        elif NEW_STYLE.match(doc.text, at):
            date.calendar = "gregorian"
            if date.inferred != "century":  # a two-digit year keeps its digits to be read
                date.original = date.edtf


def _ordered(doc: Document) -> list[tuple[int, DateValue]]:
    starts = {m.id: m.start for m in doc.mentions}
    return sorted(((starts[d.mention], d) for d in doc.dates if d.mention in starts),
                  key=lambda pair: pair[0])


def _source_year(date: DateValue) -> tuple[int, int | None] | None:
    """(year, month) the source wrote for a dated value (its last point), else None."""
    value = date.original if date.calendar in ("julian", "gregorian") and date.original \
        else date.edtf
    last = value.split("/")[-1].rstrip("~?")
    match = _FULL.match(last)
    if match is None:
        return None
    return int(match.group(1)), _int(match.group(2))


def _meta_year(doc: Document) -> int | None:
    match = re.match(r"(\d{4})", doc.meta.date or "")
    return int(match.group(1)) if match else None


def _infer_years(doc: Document) -> None:
    """Fill ``XXXX`` (and two-digit years) from the nearest preceding dated expression."""
    anchor: tuple[int, int, int | None] | None = None  # (position, year, month)
    for position, date in _ordered(doc):
        if date.inferred == "century" and date.original:
            _infer_century(date, anchor[1] if anchor else _meta_year(doc))
        if date.edtf.startswith("XXXX"):
            _infer_year(doc, date, position, anchor)
        known = _source_year(date)
        if known is not None:
            anchor = (position, known[0], known[1])


def _infer_century(date: DateValue, reference: int | None) -> None:
    """``22 г.`` -> the year ending in 22 nearest to ``reference`` (else 1922)."""
    digits = (date.original or "")[:2]
    short = int(digits) if digits.isdigit() else 0
    reference = reference or 1950
    base = reference - reference % 100
    year = min((base - 100 + short, base + short, base + 100 + short),
               key=lambda y: abs(y - reference))
    date.original = None
    date.edtf = f"{year:04d}{date.edtf[4:]}"
    if date.calendar == "julian":  # ``23. XII. 22 г. ст. ст.``: Old Style, now with a year
        date.calendar = None
        _to_julian(date, explicit=True)
    elif date.calendar == "gregorian":  # ``(н. ст.)``: as written
        date.original = date.edtf


def _infer_year(doc: Document, date: DateValue, position: int,
                anchor: tuple[int, int, int | None] | None) -> None:
    year: int | None = None
    month_match = re.match(r"XXXX-(\d{2})", date.original or date.edtf)
    month = int(month_match.group(1)) if month_match else None
    if anchor is not None and position - anchor[0] <= PASSAGE_CHARS:
        year = anchor[1]
        if month is not None and anchor[2] is not None and anchor[2] - month >= 6:
            year += 1  # 30 декабря 1904 ... 9 января: the next year
    else:
        year = _meta_year(doc)
    if year is None:
        return
    if date.calendar == "julian" and date.original:
        date.original = f"{year:04d}{date.original[4:]}"
        parts = date.original.split("-")
        if len(parts) == 3:
            date.edtf = _day(*to_gregorian(year, int(parts[1]), int(parts[2])))
        else:
            date.edtf = f"{year:04d}{date.edtf[4:]}"
    else:
        date.edtf = f"{year:04d}{date.edtf[4:]}"
    date.inferred = date.inferred or "year"


def _julian_default(doc: Document) -> bool:
    """Whether unmarked dates are Old Style: ``Meta.calendar``; else (auto) a pre-1918
    document (old orthography, or dated before 1918), a text that writes double dates
    Old Style first (its unmarked days are Old Style too), one that counts years from
    the creation of the world (``В лето 7120 ... 26 октября``: Muscovite writing) or
    names a month the old way (``1 Генваря 1812 года``, ``маия в 12 день``)."""
    if doc.meta.calendar is not None:
        return doc.meta.calendar == "julian"
    year = _meta_year(doc)
    if doc.meta.orthography == "prereform" or (year is not None and year < SWITCH[0]):
        return True
    if any((d.calendar == "julian" and d.original and d.original != d.edtf)
           or d.calendar == "byzantine" for d in doc.dates):
        return True
    dated = {d.mention for d in doc.dates}
    return any(_old_month(m.text) for m in doc.mentions if m.id in dated)


def _old_month(text: str) -> bool:
    """Whether a date's text names its month the way only writing before 1918 does
    (``1 Генваря 1812 года``, ``маия в 12 день``)."""
    return any(w.startswith(OLD_MONTH_STEMS) and w in MONTHS
               for w in re.findall(r"[^\W\d_]+", text.lower()))


def _default_calendar(doc: Document) -> None:
    if not _julian_default(doc):
        return
    for date in doc.dates:
        if date.calendar is None:
            _to_julian(date)


def _to_julian(date: DateValue, explicit: bool = False) -> None:
    """Read a value written in the Julian calendar: ``edtf`` becomes Gregorian.

    Values the calendars write alike (a year, a date after the switch) change only when
    the source said Old Style (``explicit``)."""
    converted = [_point_to_gregorian(point) for point in date.edtf.split("/")]
    if any(point is None for point in converted):
        return
    ends = [p for p in converted if p is not None]
    value = ends[0] if len(ends) == 1 else f"{ends[0].split('/')[0]}/{ends[-1].split('/')[-1]}"
    if value == date.edtf and not explicit:
        return
    date.calendar, date.original, date.edtf = "julian", date.edtf, value


def _point_to_gregorian(point: str) -> str | None:
    """One EDTF point read as Julian: a day converts, a month becomes the interval of its
    Gregorian days; a year or anything coarser is kept (None: not a Julian date)."""
    mark = point[-1] if point[-1:] in "~?" else ""
    match = _FULL.match(point.rstrip("~?"))
    if match is None:
        return point if point == ".." else None
    year, month, day = int(match.group(1)), _int(match.group(2)), _int(match.group(3))
    if (year, month or 1, day or 1) >= SWITCH:
        return point
    if month is None:
        return point
    try:
        if day is not None:
            return _day(*to_gregorian(year, month, day)) + mark
        last = 31 if month in (1, 3, 5, 7, 8, 10, 12) else 30 if month != 2 else (
            29 if year % 4 == 0 else 28)
        first_day = _day(*to_gregorian(year, month, 1))
        last_day = _day(*to_gregorian(year, month, last))
    except ValueError:
        return None
    return f"{first_day}{mark}/{last_day}{mark}"
