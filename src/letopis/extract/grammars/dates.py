"""The date grammar: a scanner that reduces text to one-letter symbols, and a pattern over them.

``scan`` cuts the text into atoms (numbers, words, punctuation). Each atom gets a one-letter
symbol from a small lexicon (prepositions, months, seasons, year and century words,
``начало``/``конец``/``середина``...). ``EXPR`` is an ordinary regular expression over the
string of symbols; a match is a run of atoms that forms a date expression. Interpreting a
match as EDTF is the job of ``letopis.extract.dates``.

Symbols::

    prepositions   v в/во  s с/со  o от  u до  n на/за  k к/ко  b по  a после  z около
                   m между  t течение/протяжении
    approximation  x примерно/приблизительно/ориентировочно/ок.
    modifiers      B начало  C конец  S середина  H половина  J четверть  P треть (of a
                   century)
    ordinals       F первый  G второй  T третий  V четвёртый, последняя (any gender and
                   case; also ``1-й`` ... ``4-й`` before a part: ``во 2-й половине``)
    sub-years      K квартал  U полугодие
    words          M month (``окт.`` with its period too)  Q season
                   W weekday (or вчера/сегодня/завтра before a date)
                   g год/г./гг.  c век/вв./столетие  r рождения  i и
                   L этого/прошлого/текущего... (a year named relative to now)
    numbers        d 1-2 digits (day)  Y 3-4 digits (year)  y year with an ordinal ending
                   (1956-м)  E decade (1950-е, 1950-х)  e two-digit decade (90-х)
                   D 30.06.1956, 30/06/1956 or 1956-06-30  R Roman numeral I..XXI  N other number
    punctuation    - dash  , comma  . period  | paragraph break  _ any other word or sign
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MONTH_STEMS: tuple[tuple[str, int, str], ...] = (
    ("январ", 1, "soft"), ("феврал", 2, "soft"), ("март", 3, "hard"), ("апрел", 4, "soft"),
    ("ма", 5, "may"), ("июн", 6, "soft"), ("июл", 7, "soft"), ("август", 8, "hard"),
    ("сентябр", 9, "soft"), ("октябр", 10, "soft"), ("ноябр", 11, "soft"),
    ("декабр", 12, "soft"),
    # old spellings, also read in texts too short to be detected as pre-1918
    ("генвар", 1, "soft"), ("апрѣл", 4, "soft"), ("іюн", 6, "soft"), ("іюл", 7, "soft"),
    # the Muscovite and Petrine chancery's (``маия в 12 день``, ``сентемврия``)
    ("маи", 5, "may"), ("июни", 6, "may"), ("июли", 7, "may"), ("сентември", 9, "may"),
    ("октоври", 10, "may"), ("ноември", 11, "may"), ("декември", 12, "may"),
)
# the stems above that only writing before 1918 uses (``Генваря``, ``маия``): a text that
# dates by them counts its days in the Julian calendar
OLD_MONTH_STEMS = ("генвар", "апрѣл", "іюн", "іюл", "маи", "июни", "июли", "сентември",
                   "октоври", "ноември", "декември")
_ENDINGS = {
    "soft": ("ь", "я", "е", "ю", "ем", "ём"),
    "hard": ("", "а", "е", "у", "ом"),
    "may": ("й", "я", "е", "ю", "ем"),
}
MONTHS: dict[str, int] = {
    stem + ending: number
    for stem, number, kind in MONTH_STEMS
    for ending in _ENDINGS[kind]
}
# Month names cut short with a period, the habit of reference works, registers and
# paperwork (``ум. 18 окт. 1866 г.``, ``от 3 февр. 1921 г.``): a month only with the
# period right after it, which then belongs to the month's atom.
ABBREVIATED_MONTHS: dict[str, int] = {
    "янв": 1, "февр": 2, "фев": 2, "апр": 4, "авг": 8, "сент": 9, "сен": 9, "окт": 10,
    "нояб": 11, "ноя": 11, "дек": 12, "іюн": 6, "іюл": 7,
}

# EDTF season codes: 21 spring, 22 summer, 23 autumn, 24 winter.
SEASONS: dict[str, int] = {
    **dict.fromkeys(("весна", "весны", "весне", "весну", "весной", "весною"), 21),
    **dict.fromkeys(("лето", "лета", "лету", "летом"), 22),
    **dict.fromkeys(("осень", "осени", "осенью"), 23),
    **dict.fromkeys(("зима", "зимы", "зиме", "зиму", "зимой", "зимою"), 24),
}

_WORDS: dict[str, tuple[str, ...]] = {
    "v": ("в", "во"), "s": ("с", "со", "c"), "o": ("от",), "u": ("до",), "n": ("на", "за"),
    "k": ("к", "ко"), "b": ("по",), "a": ("после",), "z": ("около",), "m": ("между",),
    "t": ("течение", "протяжении"),
    "x": ("примерно", "приблизительно", "ориентировочно", "ок"),
    "B": ("начало", "начала", "начале", "началу", "началом"),
    "C": ("конец", "конца", "конце", "концу", "концом",
          "исход", "исхода", "исходе", "исходу"),  # ``в исходе 1799 года``, the old way
    "S": ("середина", "середины", "середине", "середину", "серединой"),
    "H": ("половина", "половины", "половине", "половину", "половиной"),
    "F": ("первый", "первого", "первому", "первом", "первое", "первая", "первой", "первую"),
    "G": ("второй", "второго", "второму", "втором", "второе", "вторая", "вторую"),
    "T": ("третий", "третьего", "третьему", "третьем", "третье", "третья", "третьей",
          "третью"),
    "V": ("четвертый", "четвертого", "четвертому", "четвертом", "четвертое", "четвертая",
          "четвертой", "четвертую", "последней", "последняя", "последнюю"),
    "J": ("четверть", "четверти", "четвертью"),  # of a century: ``в первой четверти XX века``
    "P": ("треть", "трети", "третью"),  # of a century: ``в первой трети XIX века``
    "K": ("квартал", "квартала", "квартале", "кварталу", "кварталом"),
    "U": ("полугодие", "полугодия", "полугодии", "полугодию", "полугодием"),
    "W": ("понедельник", "вторник", "среда", "среду", "четверг", "пятница", "пятницу",
          "суббота", "субботу", "воскресенье", "сегодня", "вчера", "завтра"),
    "g": ("год", "года", "году", "годом", "годы", "годов", "годах", "годам", "годами",
          "г", "гг"),
    "c": ("век", "века", "веке", "веку", "веком", "веков", "веках", "векам", "вв",
          "столетие", "столетия", "столетии", "столетию"),
    "r": ("рождения",),
    "L": ("этого", "прошлого", "позапрошлого", "нынешнего", "текущего", "следующего",
          "будущего", "минувшего", "сего", "этом", "прошлом", "нынешнем", "текущем",
          "минувшем", "следующем", "будущем"),
    "i": ("и",),
}
WORDS: dict[str, str] = {word: sym for sym, words in _WORDS.items() for word in words}
PLURAL_YEAR_WORDS = frozenset(("годы", "годов", "годах", "годам", "годами", "гг"))

DECADE_ENDINGS = frozenset(("е", "х", "ые", "ых", "ым", "ыми"))
ORDINAL_ENDINGS = frozenset(("й", "м", "го", "му", "ом", "ый", "ого", "ому"))

_TOKEN = re.compile(
    r"""
      (?P<date>(?<![\w/.-])(?:\d{1,2}(?P<sep>[./])\d{1,2}(?P=sep)\d{4}|\d{4}-\d{2}-\d{2})(?![\w/-]|\.\d))
    | (?P<decimal>\d+(?:[.,]\d+)+)
    | (?P<num>\d+)(?:-(?P<suffix>[а-яё]{1,3})(?![^\W\d_]))?
    | (?P<word>[^\W\d_]+)
    | (?P<sign>\S)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_ROMAN = re.compile(r"(?=[IVX])(X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_LOOKALIKES = str.maketrans({"Х": "X", "І": "I"})
_DASHES = frozenset("-‐‑‒–—―−")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")


@dataclass(slots=True)
class Atom:
    """One scanned piece of text with its grammar symbol and, for numbers and names, a value."""

    sym: str
    start: int
    end: int
    text: str
    value: int | None = None


def roman(text: str) -> int | None:
    """The value of an upper-case Roman numeral (Cyrillic Х and І allowed), else None."""
    latin = text.translate(_ROMAN_LOOKALIKES)
    match = _ROMAN.fullmatch(latin)
    if match is None:
        return None
    tens, ones = match.groups()
    table = {"": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7,
             "VIII": 8, "IX": 9}
    return 10 * len(tens) + table[ones]


def _number_symbol(digits: str, suffix: str | None) -> str:
    """The symbol of a number written with ``digits`` and an optional ``-suffix``."""
    size = len(digits)
    if suffix is None:
        return "d" if size <= 2 else "Y" if size <= 4 else "N"
    suffix = suffix.lower()
    if suffix in DECADE_ENDINGS and digits.endswith("0") and size in (2, 4):
        return "e" if size == 2 else "E"
    if suffix in DECADE_ENDINGS | ORDINAL_ENDINGS:
        return "d" if size <= 2 else "y" if size <= 4 else "N"
    return "N"


def _word_atom(text: str, start: int, end: int) -> Atom:
    """Classify a word: lexicon symbol, month, season, Roman numeral or ``_``."""
    sym, value = word_symbol(text)
    return Atom(sym, start, end, text, value)


@lru_cache(maxsize=100_000)
def word_symbol(text: str) -> tuple[str, int | None]:
    """The symbol of a word and its value (month, season, century), cached."""
    low = text.lower().replace("ё", "е")
    if low in MONTHS:
        return "M", MONTHS[low]
    if low in SEASONS:
        return "Q", SEASONS[low]
    if low in WORDS:
        return WORDS[low], None
    century = roman(text)
    if century is not None and 1 <= century <= 21:
        return "R", century
    return "_", None


def _atom(match: re.Match[str]) -> Atom:
    start, end, text = match.start(), match.end(), match.group()
    if match.group("word"):  # the alternatives exclude each other; words come most often
        return _word_atom(text, start, end)
    if match.group("date"):
        return Atom("D", start, end, text)
    digits = match.group("num")
    if digits:
        sym = _number_symbol(digits, match.group("suffix"))
        return Atom(sym, start, end, text, int(digits) if len(digits) <= 4 else None)
    if match.group("sign"):
        if text in _DASHES:
            return Atom("-", start, end, text)
        return Atom(text if text in ",." else "_", start, end, text)
    return Atom("N", start, end, text)


def scan(text: str) -> list[Atom]:
    """Cut ``text`` into atoms; a blank line between two atoms becomes a ``|`` atom."""
    atoms: list[Atom] = []
    skip = -1
    for match in _TOKEN.finditer(text):
        if match.start() == skip:  # the period of an abbreviated month, taken already
            continue
        atom = _atom(match)
        if atom.sym == "_" and text[atom.end:atom.end + 1] == ".":
            month = ABBREVIATED_MONTHS.get(atom.text.lower())
            if month is not None:
                atom = Atom("M", atom.start, atom.end + 1, text[atom.start:atom.end + 1], month)
                skip = atom.end - 1
        if atoms:
            previous = atoms[-1]
            if _paragraph_between(text, previous.end, atom.start):
                atoms.append(Atom("|", previous.end, atom.start, ""))
            elif (atom.sym in "dYy" and previous.end == atom.start
                  and previous.text[-1:].isalpha()):
                atom.sym = "N"  # glued to a word: a code or a model name, not a date
        atoms.append(atom)
    _decades_by_year_word(atoms)
    _ordinals_in_digits(atoms)
    return atoms


# an ordinal in digits before a part of a period: ``во 2-й половине``, ``в 1-й трети``
DIGIT_ORDINALS = {1: "F", 2: "G", 3: "T", 4: "V"}


def _ordinals_in_digits(atoms: list[Atom]) -> None:
    """``1-й`` ... ``4-й`` right before a half, a quarter, a third or a semester is the
    ordinal word (``2-й половине XIX в.`` as ``второй половине``)."""
    for this, after in zip(atoms, atoms[1:], strict=False):
        if (this.sym == "d" and "-" in this.text and this.value in DIGIT_ORDINALS
                and after.sym in "HJPKU"):
            this.sym = DIGIT_ORDINALS[this.value]


def _paragraph_between(text: str, start: int, end: int) -> bool:
    """A blank line in ``text[start:end]`` (it takes two line breaks at least)."""
    return text.count("\n", start, end) >= 2 and _PARAGRAPH.search(text, start, end) is not None


def _decades_by_year_word(atoms: list[Atom]) -> None:
    """``к 1950-м годам``: an ordinal ending before a plural year word marks a decade."""
    for this, after in zip(atoms, atoms[1:], strict=False):
        if (this.sym == "y" and this.text[:4].endswith("0")
                and after.text.lower() in PLURAL_YEAR_WORDS):
            this.sym = "E"


_PREPOSITION = r"(?:vt|nt|[vsoukbazmn])"
_PREFIX = rf"(?:x\.?{_PREPOSITION}?|{_PREPOSITION})?"
_WEEKDAY = r"(?:v?W[,-]?(?=[de]M))?"
_MOD = r"(?:[BCS]|[FG]H|[FGTV][JP](?=R))"
_YEAR = r"(?:[Yy](?:gr?)?)"
_POINT = (
    rf"(?:D|[de]M(?:{_YEAR}|Lg)?|(?:[FGTV]K|[FG]U){_YEAR}"
    rf"|{_MOD}?(?:M(?:{_YEAR}|Lg)?|Q(?:{_YEAR}|Lg)|L?{_YEAR}|[Ee]g?|R(?:c|v(?=\.))))"
)
_FIRST = rf"(?:{_POINT}|(?:[de]|{_MOD}?R)(?=[-bui]))"
_TAIL = rf"(?:\.?[-bu](?:{_POINT}|dg)|(?<![gc.])i{_POINT})"

EXPR = re.compile(rf"{_PREFIX}{_WEEKDAY}{_FIRST}{_TAIL}?")
"""A date expression over the symbol string: prefix, optional weekday, a point, a range tail."""


def symbols(atoms: list[Atom]) -> str:
    """The symbol string of ``atoms`` (one character per atom)."""
    return "".join(atom.sym for atom in atoms)
