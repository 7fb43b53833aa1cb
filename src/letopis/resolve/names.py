"""Person names: readings of name words, the parts of a name and its canonical form.

A person mention is read word by word. Each word gets *readings*: its role (first
name, patronymic, surname), grammatical gender, case and its nominative form in that
gender. Readings come from pymorphy3's dictionary tags (Name, Patr, Surn) and, for
surnames it does not know, from the regular Russian surname paradigms (-ов/-ев/-ин,
-ский/-цкий, indeclinable -о/-их/-ых) and the declension of foreign names.
``person_candidates`` then combines the words
into whole-name candidates that agree in case and gender (see docs/names.md).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from pymorphy3.units import DictionaryAnalyzer

from letopis.morph import parse

WORD_RE = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
LATIN_RE = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")
INITIAL_RE = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]{0,2}")
NAME_ROLES = {"Name": "first", "Patr": "patronymic", "Surn": "surname"}
PERSON_GRAMMEMES = frozenset(NAME_ROLES)
PARTICLES = frozenset({"де", "фон", "ван", "дер", "ди", "да", "дю", "ла", "ле", "ибн", "бен",
                       "аль", "эль", "оглы", "цу"})
MAX_COMBINATIONS = 4096
OBLIQUE_CASES = 6  # the cases an indeclinable name is listed in, each with the whole score

# Surname paradigms: ending -> cases, for stems in -ов/-ев/-ёв/-ин/-ын and -ск/-цк.
OV_STEMS = ("ов", "ев", "ёв", "ин", "ын")
OV_MASC = {"": ("nomn",), "а": ("gent", "accs"), "у": ("datv",), "ым": ("ablt",),
           "е": ("loct",)}
OV_FEMN = {"а": ("nomn",), "ой": ("gent", "datv", "ablt", "loct"), "у": ("accs",)}
SK_STEMS = ("ск", "цк")
SK_MASC = {"ий": ("nomn",), "ой": ("nomn",), "ого": ("gent", "accs"), "ому": ("datv",),
           "им": ("ablt",), "ом": ("loct",)}
SK_FEMN = {"ая": ("nomn",), "ой": ("gent", "datv", "ablt", "loct"), "ую": ("accs",)}
INDECLINABLE_ENDINGS = ("о", "их", "ых")
ADJECTIVE_ENDINGS = ("ого", "его", "ому", "ему", "ым", "им", "ом", "ем", "ой", "ий", "ый",
                     "ая", "яя", "ую", "юю")
GUESSED_ADJECTIVE = ("ого", "его", "ому", "ему", "ый", "ий", "ая", "яя", "ую", "юю")
VOWELS = "аеёиоуыэюя"
AS_WRITTEN = 0.4
NAME_AS_SURNAME = 0.2
# Oblique endings of names unknown to the dictionary: (ending, cases, nominatives), where a
# nominative is (what the stem must end in, what to add to it).
FOREIGN_PARADIGM = (
    ("а", ("gent", "accs"), (("consonant", ""),)),
    ("у", ("datv",), (("consonant", ""),)),
    ("ом", ("ablt",), (("consonant", ""),)),
    ("е", ("loct",), (("consonant", ""),)),
    ("я", ("gent", "accs"), (("consonant", "ь"), ("vowel", "й"))),
    ("ю", ("datv",), (("consonant", "ь"), ("vowel", "й"))),
    ("ем", ("ablt",), (("consonant", "ь"), ("vowel", "й"))),
    ("ы", ("gent",), (("consonant", "а"),)),
    ("е", ("datv", "loct"), (("consonant", "а"),)),
    ("у", ("accs",), (("consonant", "а"),)),
    ("ой", ("ablt",), (("consonant", "а"),)),
)


@dataclass(frozen=True)
class Reading:
    """One reading of a name word; ``case`` None means any case (indeclinable)."""

    role: str
    gender: str | None
    case: str | None
    nominative: str
    score: float


@dataclass(frozen=True)
class PersonName:
    """The parts of a person name in the nominative, as they will be displayed.

    ``initials`` are the letters of explicit initials (``Д. Т.`` -> ``("Д", "Т")``).
    """

    surname: str | None = None
    first: str | None = None
    patronymic: str | None = None
    initials: tuple[str, ...] = ()
    gender: str | None = None

    @property
    def first_initial(self) -> str | None:
        """The initial of the first name (from the name itself or an explicit initial)."""
        if self.first:
            return self.first[0].upper()
        return self.initials[0][0].upper() if self.initials else None

    @property
    def patronymic_initial(self) -> str | None:
        """The initial of the patronymic, when known."""
        if self.patronymic:
            return self.patronymic[0].upper()
        index = 0 if self.first else 1
        return self.initials[index][0].upper() if len(self.initials) > index else None

    def canonical(self) -> str:
        """``Никита Сергеевич Хрущёв``, ``Д. Т. Шепилов``, ``Хрущёв``: given names first."""
        parts: list[str] = []
        initials = list(self.initials)
        if self.first:
            parts.append(self.first)
        elif initials:
            parts.append(initials.pop(0) + ".")
        if self.patronymic:
            parts.append(self.patronymic)
        parts.extend(letter + "." for letter in initials)
        if self.surname:
            parts.append(self.surname)
        return " ".join(parts)


@dataclass
class Candidate:
    """A whole-name reading of a mention with its prior and the cases it allows."""

    name: PersonName
    score: float
    cases: set[str | None]

    @property
    def can_be_nominative(self) -> bool:
        """True if some reading of the mention is nominative (or indeclinable)."""
        return "nomn" in self.cases or None in self.cases


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """A comparison key: lower case, ё as е, spaces collapsed (cached)."""
    return " ".join(text.lower().replace("ё", "е").split())


@lru_cache(maxsize=50_000)
def match_case(source: str, result: str) -> str:
    """Give ``result`` (a lower-case form) the letter case and ё/е spelling of ``source``.

    Letters are copied from ``source`` while the two agree (ignoring case and ё/е); the
    rest is upper case if ``source`` is all capitals, else lower case. Hyphenated words
    are matched part by part. Cached: the answer depends on the two strings alone.
    """
    source_parts, result_parts = source.split("-"), result.split("-")
    if len(source_parts) > 1 and len(source_parts) == len(result_parts):
        return "-".join(map(match_case, source_parts, result_parts))
    n = 0
    while n < min(len(source), len(result)) and _same_letter(source[n], result[n]):
        n += 1
    rest = result[n:]
    if source.isupper() and len(source) > 1:
        rest = rest.upper()
    elif n == 0 and source[:1].isupper():
        rest = rest[:1].upper() + rest[1:]
    return source[:n] + rest


def _same_letter(a: str, b: str) -> bool:
    """True when two characters agree ignoring case and ё/е."""
    return a == b or fold(a) == fold(b)


def word_readings(word: str) -> list[Reading]:
    """All readings of one capitalized word inside a person name."""
    return list(_word_readings(word))


@lru_cache(maxsize=50_000)
def _word_readings(word: str) -> tuple[Reading, ...]:
    """``word_readings``, cached (the readings depend on the word alone)."""
    return tuple(_read_word(word))


def _read_word(word: str) -> list[Reading]:
    lower = word.lower()
    if lower.endswith("ичю") and len(lower) > 5:
        # Muscovite spelling of a patronymic's dative (``Михаилу Федоровичю``): ``-ичу``
        lower = lower[:-1] + "у"
    if LATIN_RE.fullmatch(word):
        return [Reading("surname", None, None, lower, 1.0)]
    if "-" in word:
        joined = hyphenated_readings(word)
        if joined:
            return joined
    parses = [p for p in parse(lower) if _singular_or_fixed(p)]
    known = [p for p in parses if p.is_known and _name_role(p)]
    if known:
        readings = _from_parses(known, lower)
        if all(r.role in ("first", "patronymic") for r in readings):
            # a first name may be a surname too, and so may a patronymic (Милорадович)
            readings += [Reading("surname", r.gender, r.case, r.nominative,
                                 r.score * NAME_AS_SURNAME) for r in readings]
        if lower.endswith(("ской", "цкой")) and not any(
                r.gender == "masc" and r.case == "nomn" for r in readings):
            # the old masculine ``-ской`` (``Иван Андреевич Хованской``), which the
            # dictionary knows only as the feminine's oblique cases
            readings += [r for r in surname_rule_readings(lower)
                         if r.gender == "masc" and r.case == "nomn"]
        return readings
    rules = surname_rule_readings(lower)
    if rules:
        return rules
    adjectives = [p for p in parses if "ADJF" in p.tag and p.tag.gender in ("masc", "femn")
                  and lower.endswith(ADJECTIVE_ENDINGS if p.is_known else GUESSED_ADJECTIVE)]
    if adjectives:
        return _from_parses(adjectives, lower, role="surname", keep_gender=True)
    if lower.endswith(INDECLINABLE_ENDINGS) and len(lower) > 3:
        return [Reading("surname", None, None, lower, 1.0)]
    nouns = [p for p in parses if "NOUN" in p.tag and p.is_known]
    if nouns:
        return _from_parses(nouns, lower, role="surname")
    return foreign_readings(lower)


def hyphenated_readings(word: str) -> list[Reading]:
    """Readings of a double name, each part declined (``Бестужева-Рюмина`` ->
    ``бестужев-рюмин`` or ``бестужева-рюмина``, ``Семеновым-Тян-Шанским`` ->
    ``семенов-тян-шанский``, ``Жана-Шарля`` -> ``жан-шарль``): one per reading of the last
    part, the other parts in the reading that agrees with it in case and gender, or as
    written where none does (``Тян``). A first name as the first part makes the whole a
    first name (``Жан-Клода``), else it is a surname. Empty unless every part is a
    capitalized word."""
    parts = word.split("-")
    if any(len(part) < 2 or not part[:1].isupper() for part in parts):
        return []
    role = "first" if any(r.role == "first" for r in _word_readings(parts[0])) else "surname"
    found = []
    for last in _word_readings(parts[-1]):
        if last.case is None or last.role == "patronymic":
            continue
        forms = []
        for part in parts[:-1]:
            same = [r for r in _word_readings(part) if r.role != "patronymic"
                    and r.case in (last.case, None)
                    and (last.gender is None or r.gender in (last.gender, None))]
            forms.append(max(same, key=lambda r: r.score).nominative if same else part.lower())
        found.append(Reading(role, last.gender, last.case,
                             "-".join(forms + [last.nominative]), last.score))
    return found


def foreign_readings(lower: str) -> list[Reading]:
    """Readings of a name word nobody knows: as written (a nominative), or an oblique case
    of a consonant-final masculine name (``Гувера`` -> ``Гувер``) or of a name in -а
    (``Бонуры`` -> ``Бонура``)."""
    found: list[tuple[str | None, str]] = []
    for ending, cases, nominatives in FOREIGN_PARADIGM:
        stem = lower[: len(lower) - len(ending)]
        if not lower.endswith(ending) or len(stem) < 2:
            continue
        for kind, suffix in nominatives:
            if _stem_fits(stem, kind):
                found.extend((case, stem + suffix) for case in cases)
    readings = [Reading("surname", None, "nomn", lower, AS_WRITTEN)]
    share = (1.0 - AS_WRITTEN) / len(found) if found else 0.0
    readings += [Reading("surname", None, case, nominative, share)
                 for case, nominative in found if nominative != lower]
    return readings


def _stem_fits(stem: str, kind: str) -> bool:
    last = stem[-1]
    if kind == "vowel":
        return last in "аеоуэюя"
    return last not in VOWELS and last not in "ьъй"


def _singular_or_fixed(p: Any) -> bool:
    tag = p.tag
    return "plur" not in tag or "Fixd" in tag


def _name_role(p: Any) -> str | None:
    tag = p.tag
    for grammeme, role in NAME_ROLES.items():
        if grammeme in tag:
            return role
    return None


def _from_parses(parses: list, lower: str, role: str | None = None,
                 keep_gender: bool = False) -> list[Reading]:
    readings = []
    for p in parses:
        word_role = role or _name_role(p) or "surname"
        fixed = "Fixd" in p.tag
        gender = p.tag.gender if p.tag.gender in ("masc", "femn") else None
        if role == "surname" and _name_role(p) != "surname" and not keep_gender:
            gender = None  # a common noun's gender says nothing of the person
        nominative = lower if fixed else _nominative(p, lower)
        readings.append(Reading(word_role, gender, p.tag.case, nominative, max(p.score, 1e-3)))
    return readings


def _nominative(p: Any, lower: str) -> str:
    return nominative_form(p) or lower


@lru_cache(maxsize=50_000)
def nominative_form(p: Any) -> str | None:
    """The nominative of a pymorphy parse in the same number, gender and degree.

    Among the matching forms of the lexeme the one closest to the word is taken, so that
    ``высшей`` gives ``высшая`` (not ``высочайшая``). A nominative is its own answer,
    without building the lexeme (which for some hyphenated surnames would change the
    word: pymorphy3 gives ``склодовский-кюри`` for ``склодовская-кюри``).
    """
    tag = p.tag
    if tag.case == "nomn":
        return str(p.word)
    number, gender = tag.number, tag.gender
    wanted = ("nomn", number, "Supr" in tag)  # case, number, superlative
    options = [word for word, form in lexeme_forms(p) if form[:3] == wanted
               and (number != "sing" or gender is None or form.gender == gender)]
    if not options:
        inflected = p.inflect({"nomn"})
        return inflected.word if inflected is not None else None
    return max(options, key=lambda word: _shared(word, p.word))


def lexeme_forms(p: Any) -> list[tuple[str, TagFacts]]:
    """The words of ``p``'s lexeme, in pymorphy3's order, each with ``tag_facts``.

    A word found in the dictionary by itself has its paradigm read directly, without
    making a parse object for every form (what ``p.lexeme`` does); the same words and
    tags either way.
    """
    stack = p.methods_stack
    unit = stack[0][0]
    if len(stack) != 1 or not isinstance(unit, DictionaryAnalyzer):
        return [(f.word, tag_facts(f.tag)) for f in p.lexeme]
    _, _, para_id, idx = stack[0]
    dictionary = unit.dict
    stem = dictionary.build_stem(dictionary.paradigms[para_id], idx, p.word)
    return [(prefix + stem + suffix, facts)
            for prefix, facts, suffix in _paradigm_facts(dictionary, para_id)]


@lru_cache(maxsize=10_000)
def _paradigm_facts(dictionary: Any, para_id: int) -> tuple[tuple[str, TagFacts, str], ...]:
    """(prefix, tag facts, suffix) of every form of a dictionary paradigm (cached: words
    share a few thousand paradigms)."""
    return tuple((prefix, tag_facts(tag), suffix)
                 for prefix, tag, suffix in dictionary.build_paradigm_info(para_id))


class TagFacts(NamedTuple):
    """What the name code asks of a pymorphy3 tag, as plain values (reading its grammeme
    descriptors costs a set intersection each time)."""

    case: str | None
    number: str | None
    superlative: bool
    gender: str | None
    pos: str | None
    fixed: bool  # indeclinable (Fixd)
    person: bool  # a first name, surname or patronymic (Name, Surn, Patr)


_facts: dict[str, TagFacts] = {}


def tag_facts(tag: Any) -> TagFacts:
    """The TagFacts of a pymorphy3 tag, remembered per tag string (a few thousand at most:
    the dictionary's tags)."""
    key = str(tag)
    facts = _facts.get(key)
    if facts is None:
        grammemes = tag.grammemes
        facts = _facts[key] = TagFacts(
            _plain(tag.case), _plain(tag.number), "Supr" in grammemes, _plain(tag.gender),
            _plain(tag.POS), "Fixd" in grammemes, bool(PERSON_GRAMMEMES & grammemes))
    return facts


def _plain(grammeme: Any) -> str | None:
    return None if grammeme is None else str(grammeme)


def _shared(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def surname_rule_readings(lower: str) -> list[Reading]:
    """Readings of a surname from the regular paradigms (-ов/-ев/-ин, -ский/-цкий)."""
    found: list[tuple[str, str | None, str | None, str]] = []
    for stems, masc, femn, masc_nom, femn_nom in (
        (OV_STEMS, OV_MASC, OV_FEMN, "", "а"),
        (SK_STEMS, SK_MASC, SK_FEMN, None, "ая"),
    ):
        for gender, table, suffix in (("masc", masc, masc_nom), ("femn", femn, femn_nom)):
            for ending, cases in table.items():
                stem = lower[: len(lower) - len(ending)] if ending else lower
                if not lower.endswith(ending) or len(stem) < 4 or not stem.endswith(stems):
                    continue
                nominative = stem + (suffix if suffix is not None else _sk_masc(ending))
                found.extend(("surname", gender, case, nominative) for case in cases)
    return [Reading(role, g, c, nom, 1.0 / len(found)) for role, g, c, nom in found]


def _sk_masc(ending: str) -> str:
    return "ой" if ending == "ой" else "ий"


@dataclass
class NameWord:
    """A word of a person mention: its surface, readings and attached particles."""

    text: str
    readings: list[Reading]
    prefix: str = ""


def split_person(texts: list[str]) -> tuple[list[str], list[NameWord], list[str]]:
    """Split the token texts of a person mention into initials, name words and the rest.

    Returns (initial letters, words, unparsed lower-case words). Particles such as
    ``де``/``фон`` attach to the following word.
    """
    initials: list[str] = []
    words: list[NameWord] = []
    other: list[str] = []
    prefix = ""
    for i, text in enumerate(texts):
        after = texts[i + 1] if i + 1 < len(texts) else ""
        if INITIAL_RE.fullmatch(text) and after == ".":
            initials.append(text)
        elif text.lower() in PARTICLES and text[:1].islower():
            prefix += text + " "
        elif (WORD_RE.fullmatch(text) or LATIN_RE.fullmatch(text)) and text[:1].isupper():
            words.append(NameWord(text, word_readings(text), prefix))
            prefix = ""
        elif WORD_RE.fullmatch(text):
            other.append(text)
    return initials, words, other


def person_candidates(texts: list[str]) -> list[Candidate]:
    """Whole-name candidates for a person mention, best prior first.

    Word readings are combined so that all words share one case and one gender; the
    candidates are grouped by canonical form (their priors summed).
    """
    initials, words, _ = split_person(texts)
    if not words:
        return [Candidate(PersonName(initials=tuple(initials)), 1.0, {None})]
    combos = _combinations(words, len(initials))
    grouped: dict[str, Candidate] = {}
    for combo, score in sorted(combos, key=lambda item: -item[1]):
        name = _assemble(words, combo, initials)
        key = name.canonical()
        case = next((r.case for r in combo if r.case), None)
        if key not in grouped:
            grouped[key] = Candidate(name, score, {case})
            continue
        grouped[key].score += score
        grouped[key].cases.add(case)
        if grouped[key].name.gender != name.gender:
            grouped[key].name = _with_gender(grouped[key].name, None)
    return sorted(grouped.values(), key=lambda c: -c.score)


def _combinations(words: list[NameWord], initials: int = 0,
                  ) -> list[tuple[tuple[Reading, ...], float]]:
    pools = [w.readings for w in words]
    size = 1
    for pool in pools:
        size *= max(len(pool), 1)
    if size > MAX_COMBINATIONS:
        pools = [sorted(p, key=lambda r: -r.score)[:2] for p in pools]
    good: list[tuple[tuple[Reading, ...], float]] = []
    fallback: list[tuple[tuple[Reading, ...], float]] = []
    for combo in itertools.product(*pools):
        score = _structure(combo, initials) * _declined_together(words, combo)
        for r in combo:
            score *= r.score
        (good if _agrees(combo) else fallback).append((combo, score))
    return good or fallback


def _declined_together(words: list[NameWord], combo: tuple[Reading, ...]) -> float:
    """The weight of a feminine first name read as indeclinable in an oblique case where
    the same word is also an oblique form of a declinable feminine first name, beside a
    feminine surname declined in it: a sixth (one reading, not six cases). Russian
    declines a first name with its declined surname, so ``Анне Беловой`` is Анна Белова,
    not the French Anne (``Алине``, ``Кристиане`` alike). A name with no declinable
    reading (``Джонни Аллена``), beside a surname of unknown gender (``Тони
    Ричардсона``), or masculine (``Абу Умара``, not ``Аба``) keeps its weight."""
    genders = {r.gender for w, r in zip(words, combo, strict=True)
               if r.role == "surname" and r.gender and r.case not in (None, "nomn")
               and r.nominative != w.text.lower()}
    if not genders:
        return 1.0
    weight = 1.0
    for word, r in zip(words, combo, strict=True):
        lower = word.text.lower()
        if (r.role == "first" and r.gender == "femn" and "femn" in genders
                and r.case not in (None, "nomn") and r.nominative == lower
                and any(o.role == "first" and o.gender == r.gender and o.nominative != lower
                        for o in word.readings)):
            weight /= OBLIQUE_CASES
    return weight


def _agrees(combo: tuple[Reading, ...]) -> bool:
    cases = {r.case for r in combo if r.case}
    genders = {r.gender for r in combo if r.gender}
    return len(cases) <= 1 and len(genders) <= 1


def _structure(combo: tuple[Reading, ...], initials: int = 0) -> float:
    """How likely the roles' order is; beside initials (a first name and patronymic) a
    lone patronymic is not (``М. А. Милорадович`` is a surname)."""
    roles = [r.role for r in combo]
    if roles.count("first") > 1 or roles.count("patronymic") > 1:
        return 0.05
    if initials and roles == ["patronymic"]:
        return 0.05
    order = "".join({"first": "F", "patronymic": "P", "surname": "S"}[r] for r in roles)
    if order in ("F", "P", "S", "FP", "FS", "FPS"):
        return 1.0
    return 0.5 if order in ("SF", "SFP") else 0.2


def _assemble(words: list[NameWord], combo: tuple[Reading, ...],
              initials: list[str]) -> PersonName:
    parts: dict[str, str] = {}
    given: list[str] = []
    surnames = [i for i, r in enumerate(combo) if r.role == "surname"]
    last_surname = surnames[-1] if surnames else None
    for i, (word, reading) in enumerate(zip(words, combo, strict=True)):
        shown = word.prefix + match_case(word.text, reading.nominative)
        if reading.role == "first" or (reading.role == "surname" and i != last_surname):
            given.append(shown)
        else:
            parts.setdefault(reading.role, shown)
    gender = next((r.gender for r in combo if r.gender), None)
    return PersonName(parts.get("surname"), " ".join(given) or None, parts.get("patronymic"),
                      tuple(initials), gender)


def _with_gender(name: PersonName, gender: str | None) -> PersonName:
    return PersonName(name.surname, name.first, name.patronymic, name.initials, gender)
