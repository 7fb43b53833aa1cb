"""DATE mentions and their EDTF values (Library of Congress Extended Date/Time Format).

The grammar (``letopis.extract.grammars.dates``) finds date expressions over a symbol
string; this module turns each match into parts (a point each: day, month, year, season,
decade or century, with an optional ``начало``/``середина``/``конец``/half modifier),
resolves the parts of a range against each other (``с 5 по 21 августа 1956 года``), applies
the preposition (``с`` opens an interval, ``до`` closes one, ``около`` approximates) and
writes the EDTF string. See docs/dates.md for the table of expressions and values.

Span convention (NEREL): the mention covers the governing preposition and the year word,
``в июне 1956 года``, ``с 1938 года``; the period of ``г.``/``гг.``/``в.`` is left out,
as NEREL does. A well-formed expression naming an impossible day (``31 февраля``) is a
DATE mention without a value. Relative expressions (``вчера``, ``в прошлом году``,
``в понедельник``) are DATE mentions without a value too.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass

from letopis.doc import DateValue, Document
from letopis.extract.grammars.dates import EXPR, Atom, scan, symbols
from letopis.morph import parse

FROM_PREPS = frozenset("sa")         # с, после: the interval starts there
TO_PREPS = frozenset("ukb")          # до, к, по: the interval ends there
APPROX_PREPS = frozenset("xz")       # примерно, около
BARE_YEAR_PREPS = frozenset("vsoukbam")
PREFIX_SYMS = frozenset("vsoukbnazmxtL")
CORE_SYMS = frozenset("DdeEYyMQR")
LINK_SYMS = frozenset("-bui")
ORDINALS = {"F": 1, "G": 2, "T": 3, "V": 4}
SUB_YEAR_BASE = {"K": 32, "U": 39}    # EDTF level 2: 33-36 quarters, 40-41 semesters
PROPER = frozenset(("Name", "Surn", "Patr", "Geox", "Orgn", "Trad"))
COUNTED_POS = frozenset(("NOUN", "ADJF", "PRTF"))
OBLIQUE = frozenset(("datv", "ablt", "loct", "loc2"))

# (first, last) of a modified unit; None is the last day of the month.
MONTH_PARTS = {"B": (1, 10), "S": (11, 20), "C": (21, None), "F": (1, 15), "G": (16, None)}
YEAR_PARTS = {"B": (1, 3), "S": (5, 8), "C": (10, 12), "F": (1, 6), "G": (7, 12)}
DECADE_PARTS = {"B": (0, 3), "S": (4, 6), "C": (7, 9), "F": (0, 4), "G": (5, 9)}
CENTURY_PARTS = {"B": (0, 20), "S": (40, 60), "C": (80, 99), "F": (0, 49), "G": (50, 99),
                 "1": (0, 24), "2": (25, 49), "3": (50, 74), "4": (75, 99),  # quarters
                 "t1": (0, 33), "t2": (34, 66), "t3": (67, 99)}  # thirds
APPROX_MODS = frozenset("BSC")       # начало, середина, конец are approximate; halves are not
SUB_YEAR = re.compile(r"\d{4}-(?:2[1-4]|3[3-9]|4[01])")

RELATIVE = re.compile(
    r"(?<![^\W\d_])(?:"
    r"вчера|позавчера|намедни"
    r"|третьего\s+дня(?!\s+(?:месяц|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр"
    r"|октябр|ноябр|декабр))"  # ``третьего дня``: the day before yesterday
    r"|(?:в|во)\s+(?:этом|прошлом|позапрошлом|следующем|будущем|текущем|нынешнем|том\s+же)"
    r"\s+(?:году|месяце|веке|столетии)"
    r"|на\s+(?:этой|прошлой|позапрошлой|следующей|будущей|текущей)\s+неделе"
    r"|(?:в|во)\s+(?:понедельник|вторник|четверг|пятницу|субботу|воскресенье)"
    r"|\d{1,2}-?(?:го)?\s+числа(?:\s+(?:сего|этого|текущего|прошлого|будущего|минувшего"
    r"|истекшего)\s+месяца)?"
    r")(?![^\W\d_])",
    re.IGNORECASE,
)


class NoValue(ValueError):
    """No EDTF value can be written: an impossible day (31 февраля), a range that runs
    backwards, or a season of an unnamed year (``осенью прошлого года``)."""


@dataclass
class Part:
    """One point of a date expression, before it is written as EDTF."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    decade: int | None = None
    century: int | None = None
    season: int | None = None
    group: int | None = None
    mod: str | None = None
    short: int | None = None
    bare: bool = False
    two_digit: bool = False

    def empty(self) -> bool:
        """True when the part names nothing at all."""
        return all(v is None for v in (self.day, self.month, self.year, self.decade,
                                       self.century, self.season))


@dataclass
class Expression:
    """A parsed match: prefix symbols, parts and the link between them (at atom ``link_at``)."""

    prefix: str
    parts: list[Part]
    link: str | None
    link_at: int
    year_word: bool
    century_word: bool


def tag_dates(doc: Document) -> Document:
    """Add DATE mentions with EDTF values for the date expressions in the text.

    Reads: text. Writes: mentions (DATE), dates.
    """
    if not doc.text:
        return doc
    atoms = scan(doc.text)
    _mark_numbers(atoms)
    starts: list[int] = []
    ends: list[int] = []
    found = [found for match in EXPR.finditer(symbols(atoms))
             for found in _match_values(atoms[match.start():match.end()])]
    for start, end, value in decades_of_centuries(doc.text, found):
        _add(doc, start, end, value)
        starts.append(start)
        ends.append(end)
    for match in RELATIVE.finditer(doc.text):
        before = bisect.bisect_left(starts, match.end()) - 1
        if before < 0 or ends[before] <= match.start():
            _add(doc, match.start(), match.end(), None)
    return doc


_TWO_DIGIT_DECADE = re.compile(r"(?<!\d)([1-9])0-(?:х|е|ые|ых|ым|ыми)\b")
_CENTURY_VALUE = re.compile(r"(\d\d)XX")


def decades_of_centuries(text: str, found: list[tuple[int, int, str | None]],
                         ) -> list[tuple[int, int, str | None]]:
    """Join a two-digit decade and the century right after it into one date (``в 20-х
    годах XIX столетия`` is 182X, not 192X and 18XX); the rest as found."""
    out: list[tuple[int, int, str | None]] = []
    for start, end, value in found:
        if out and value is not None and _CENTURY_VALUE.fullmatch(value):
            first, last, decade = out[-1]
            tens = _TWO_DIGIT_DECADE.search(text, first, last)
            if (decade is not None and tens is not None and not text[last:start].strip()
                    and re.fullmatch(r"\d\d\dX", decade)):
                out[-1] = (first, end, f"{value[:2]}{tens.group(1)}X")
                continue
        out.append((start, end, value))
    return out


def _add(doc: Document, start: int, end: int, value: str | None) -> None:
    """Add the mention and its value (once, even when the stage runs twice)."""
    count = len(doc.mentions)
    mention = doc.add_mention(start, end, "DATE")
    if value is None:
        return
    if len(doc.mentions) > count or not any(d.mention == mention.id for d in doc.dates):
        doc.dates.append(DateValue(mention.id, value))


def _mark_numbers(atoms: list[Atom]) -> None:
    """Turn ``Y`` atoms that cannot be years into plain numbers (``N``).

    A number that counts the noun after it (``1956 человек``) is no year, nor is a number
    outside 1000..2100 without a year word after it (``5 мая 300 вышли``).
    """
    for index, this in enumerate(atoms):
        if this.sym != "Y":
            continue
        after = atoms[index + 1] if index + 1 < len(atoms) else None
        if after is not None and after.sym == "g":
            continue
        if not 1000 <= (this.value or 0) <= 2100 or (
                after is not None and after.sym == "_" and after.text[:1].isalpha()
                and _counted(after.text)):
            this.sym = "N"


def _counted(word: str) -> bool:
    """Whether ``word`` can be a noun or adjective counted by a number before it.

    Numbers govern the genitive (``1956 человек``, ``около 1500 делегатов``) or agree in an
    oblique plural case (``в 1500 городах``); a nominative or accusative plural
    (``в 1956 советские войска``) and pronouns (``все``) do not count.
    """
    parses = parse(word)
    if not parses or PROPER & set(parses[0].tag.grammemes):
        return False
    for item in parses:
        grammemes = item.tag.grammemes
        if item.tag.POS not in COUNTED_POS or "Apro" in grammemes:
            continue
        if "gent" in grammemes or ("plur" in grammemes and OBLIQUE & grammemes):
            return True
    return False


Found = tuple[int, int, str | None]


def _match_values(atoms: list[Atom]) -> list[Found]:
    """(start, end, EDTF or None) for each date in a grammar match; empty when it is no date.

    ``в 1993 и 2003 годах`` gives two dates, as NEREL annotates it; a range gives one.
    """
    atoms = _trim(atoms)
    expression = _parse(atoms) if atoms else None
    if expression is None or not _accepted(expression):
        return []
    if expression.link == "i" and "m" not in expression.prefix:
        found = []
        pieces = (_trim(atoms[:expression.link_at]), atoms[expression.link_at + 1:])
        for piece, part in zip(pieces, expression.parts, strict=True):
            single = Expression(expression.prefix, [part], None, 0, expression.year_word,
                                expression.century_word)
            found.append((piece[0].start, piece[-1].end, _safe_edtf(single)))
        return found
    return [(atoms[0].start, atoms[-1].end, _safe_edtf(expression))]


def _trim(atoms: list[Atom]) -> list[Atom]:
    """Drop trailing punctuation (the period of ``г.`` stays outside, as in NEREL)."""
    end = len(atoms)
    while end and atoms[end - 1].sym in ".,-":
        end -= 1
    return atoms[:end]


def _safe_edtf(expression: Expression) -> str | None:
    try:
        return _edtf(expression)
    except NoValue:
        return None


def _parse(atoms: list[Atom]) -> Expression | None:
    """Split the atoms into prefix, parts and link, filling each part's fields."""
    prefix, parts, link, link_at = "", [Part()], None, 0
    year_word = century_word = False
    started = False
    for index, atom in enumerate(atoms):
        sym, part = atom.sym, parts[-1]
        following = atoms[index + 1].sym if index + 1 < len(atoms) else ""
        if not started and sym in PREFIX_SYMS:
            prefix += sym
        elif started and sym in LINK_SYMS and link is None and following:
            link, link_at = sym, index
            parts.append(Part())
        elif sym == "g":
            year_word = True
        elif sym == "c" or (sym == "v" and started):
            century_word = True
        elif sym in "BCS" or (sym in "FG" and following == "H"):
            part.mod = sym
        elif sym in ORDINALS and following == "J":  # ``в последней четверти XIX века``
            part.mod = str(ORDINALS[sym])
        elif sym in ORDINALS and following == "P":  # ``в первой трети XIX века``
            part.mod = f"t{min(ORDINALS[sym], 3)}"  # ``последней трети``: the third
        elif sym in SUB_YEAR_BASE and index and atoms[index - 1].sym in ORDINALS:
            part.group = SUB_YEAR_BASE[sym] + ORDINALS[atoms[index - 1].sym]
        elif sym in CORE_SYMS:
            started = True
            if not _fill(part, atom, following):
                return None
    return Expression(prefix, parts, link, link_at, year_word, century_word)


def _fill(part: Part, atom: Atom, following: str) -> bool:
    """Put one core atom into ``part``; False when the atom cannot be a date piece."""
    sym, value = atom.sym, atom.value
    if sym == "D":
        return _fill_numeric(part, atom.text)
    if value is None:
        return False
    if sym in "de" and following == "M":
        part.day = value
    elif sym == "e":
        part.decade = 200 if value == 0 else 190 + value // 10
        part.two_digit = True
    elif sym == "d":
        part.short = value
    elif sym == "E":
        part.decade = value // 10
    elif sym in "Yy":
        if sym == "y" and value < 1000:
            return False  # на 102-м году жизни: an age, not a year
        part.year = value
        part.bare = part.month is None and part.season is None
    elif sym == "M":
        part.month = value
    elif sym == "Q":
        part.season = value
    elif sym == "R":
        part.century = value
    return True


def _fill_numeric(part: Part, text: str) -> bool:
    """``30.06.1956`` or ``1956-06-30``; False when the month or day is out of range."""
    if "." in text or "/" in text:
        day, month, year = (int(x) for x in re.split(r"[./]", text))
    else:
        year, month, day = (int(x) for x in text.split("-"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    part.day, part.month, part.year = day, month, year
    return True


def _accepted(expr: Expression) -> bool:
    """Reject matches that are numbers, not dates: bare years need a preposition, etc."""
    _resolve(expr)
    if any(p.empty() for p in expr.parts):
        return False
    for part in expr.parts:
        if part.day is not None and not 1 <= part.day <= 31:
            return False
        if part.century is not None and not expr.century_word:
            return False
        if part.year is not None and part.year < 100:
            return False
        if part.group is not None and (part.year is None or part.group > 41):
            return False
    if not expr.year_word:
        if any(p.year is not None and not 1000 <= p.year <= 2100 for p in expr.parts):
            return False  # в лето 6496 (a year of the world era), 5 мая 300 ...
        bare = any(p.bare and p.day is None for p in expr.parts)
        if bare and not set(expr.prefix) & BARE_YEAR_PREPS:
            return False
        if not expr.prefix and any(p.two_digit and p.mod is None for p in expr.parts):
            return False  # "90-х" alone: a year word, a preposition or a modifier is needed
        if not expr.prefix and _month_only(expr):
            return False  # "Май" alone
    return True


def _month_only(expr: Expression) -> bool:
    """Every part is a month name without a day, a year or a modifier."""
    return all(p.month is not None and p.day is None and p.year is None and p.mod is None
               for p in expr.parts)


def _resolve(expr: Expression) -> None:
    """Share the missing pieces of a range: ``с 5 по 21 августа``, ``1938–53 гг.``."""
    parts = expr.parts
    if len(parts) == 2:
        first, last = parts
        if last.short is not None and first.year is not None and first.month is None:
            last.year = _expand_year(first.year, last.short)
            last.short = None
            last.bare = False
        if first.short is not None and last.day is not None:
            first.day, first.short = first.short, None
        if first.day is not None and first.month is None:
            first.month = last.month
        if first.month is not None and first.year is None:
            first.year = last.year
    for part in parts:
        if part.short is not None:
            part.short = None  # a lone small number that no rule explained


def _expand_year(full: int, tail: int) -> int:
    """1938 and 53 -> 1953 (the century of ``full``, rolling over if needed)."""
    year = full - full % 100 + tail
    return year + 100 if year < full else year


def _edtf(expr: Expression) -> str:
    """The EDTF string of a resolved expression (raises NoValue)."""
    spans = [_part_span(p) for p in expr.parts]
    prefix = set(expr.prefix)
    if len(spans) == 1:
        value, lo, hi = spans[0]
        if prefix & (FROM_PREPS | TO_PREPS) and value.startswith("XXXX"):
            raise NoValue("EDTF has no open interval from a date of an unspecified year")
        if prefix & FROM_PREPS:
            value = f"{lo}/.."
        elif prefix & TO_PREPS:
            value = f"../{hi}"
    else:
        (_, lo, _), (_, _, hi) = spans
        _check_order(lo, hi)
        value = f"{lo}/{hi}"
    if prefix & APPROX_PREPS:
        value = _approximate(value)
    return value


def _part_span(part: Part) -> tuple[str, str, str]:
    """(value, first point, last point) of one part as EDTF strings."""
    year = "XXXX" if part.year is None else f"{part.year:04d}"
    if part.month is not None and part.day is not None:
        _check_day(part.year, part.month, part.day)
        value = f"{year}-{part.month:02d}-{part.day:02d}"
    elif part.month is not None:
        value = f"{year}-{part.month:02d}"
        if part.mod and part.year is not None:
            first, last = MONTH_PARTS[part.mod]
            last = last or calendar.monthrange(part.year, part.month)[1]
            return _modified(f"{value}-{first:02d}", f"{value}-{last:02d}", part.mod)
    elif part.season is not None or part.group is not None:
        if part.year is None:
            raise NoValue("EDTF has no season of an unspecified year")
        value = f"{year}-{part.season or part.group}"
    elif part.year is not None:
        value = year
        if part.mod:
            first, last = YEAR_PARTS[part.mod]
            return _modified(f"{year}-{first:02d}", f"{year}-{last:02d}", part.mod)
    elif part.decade is not None:
        stem = f"{part.decade:03d}"
        if part.mod:
            first, last = DECADE_PARTS[part.mod]
            return _modified(f"{stem}{first}", f"{stem}{last}", part.mod)
        return f"{stem}X", f"{stem}0", f"{stem}9"
    else:
        assert part.century is not None
        stem = f"{part.century - 1:02d}"
        if part.mod:
            first, last = CENTURY_PARTS[part.mod]
            return _modified(f"{stem}{first:02d}", f"{stem}{last:02d}", part.mod)
        return f"{stem}XX", f"{stem}00", f"{stem}99"
    return value, value, value


def _modified(first: str, last: str, mod: str) -> tuple[str, str, str]:
    """An interval for ``начало``/``середина``/``конец`` (approximate) or a half (exact)."""
    mark = "~" if mod in APPROX_MODS else ""
    first, last = first + mark, last + mark
    return f"{first}/{last}", first, last


def _check_day(year: int | None, month: int, day: int) -> None:
    days = calendar.monthrange(2000 if year is None else year, month)[1]
    if not 1 <= day <= days:
        raise NoValue(f"{day:02d}.{month:02d}.{year}")


def _check_order(lo: str, hi: str) -> None:
    """An interval must not run backwards (only checked when both ends are fully known)."""
    if "X" in lo or "X" in hi:
        return
    key_lo = tuple(int(x) for x in lo.rstrip("~").split("-"))
    key_hi = tuple(int(x) for x in hi.rstrip("~").split("-"))
    if key_lo[: len(key_hi)] > key_hi[: len(key_lo)]:
        raise NoValue(f"{lo}/{hi}")


def _approximate(value: str) -> str:
    """Mark every known point of ``value`` as approximate (``~``)."""
    if "/" in value:
        return "/".join(_approximate(x) for x in value.split("/"))
    if value == ".." or value.endswith("~") or SUB_YEAR.fullmatch(value):
        return value  # a season or a quarter is already a span; EDTF has no ~ for it
    return value + "~"
