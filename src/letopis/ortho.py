"""Pre-1918 orthography: detection, a modern-spelling shadow text and its offset map.

The shadow also joins words a line break split after a hyphen (``Алек-\nсандръ``) and
gives Latin look-alike letters inside Cyrillic words their Cyrillic twin (``Mосква`` with a
Latin M, an OCR habit), in any orthography (``broken_word``, ``fold_lookalikes``).

A text in the old orthography (ѣ, і, ѳ, ѵ, word-final ъ, -аго/-яго, -ыя/-ія, prefixes in
з- before a voiceless consonant) is analyzed through a *shadow*: the same text with every
word respelled in the modern orthography, and a map from each shadow character back to
the characters of the original it came from. Two pipeline stages use it: ``modernize``
swaps the document for its shadow, every later stage works on modern spelling, and
``restore`` maps every span back into the untouched original. A span whose characters
have no counterpart in the original is dropped: an offset is never guessed.

Words are respelled by the ``prereform2modern`` dictionary (Cyrillic і given to it as the
Latin i it expects); an adjective ending it leaves old (its known error: ``синія``) is
settled by pymorphy3: the modern ending the dictionary knows wins. See docs/names.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from letopis.doc import (
    Claim,
    Cue,
    Document,
    Entity,
    Mention,
    Phrase,
    Quote,
    Relation,
    Sentence,
    Token,
)

OLD_LETTERS = frozenset("ѣѢіІѳѲѵѴ")
# Combining marks inside words: stress marks of dictionaries, textbooks and verse
# (``Дюма́``, ``сло́во``) and the decomposed й and ё of NFD text (``и`` + U+0306).
MARKS = "\u0300\u0301\u0306\u0308"
_LETTER = rf"(?:[^\W\d_]|[{MARKS}])"
_WORD = re.compile(rf"[^\W\d_]{_LETTER}*(?:-[^\W\d_]{_LETTER}*)*")
_HAS_MARK = re.compile(rf"[^\W\d_][{MARKS}]")
_STRESS = str.maketrans("", "", "\u0300\u0301")


def has_marks(text: str) -> bool:
    """Whether ``text`` holds a combining mark right after a letter (``unmarked``)."""
    return any(mark in text for mark in MARKS) and bool(_HAS_MARK.search(text))


def unmarked(word: str) -> str:
    """``word`` with its decomposed й and ё composed and its stress marks dropped
    (``Дюма́`` -> ``Дюма``); the word itself when it holds no combining mark."""
    if not _HAS_MARK.search(word):
        return word
    return unicodedata.normalize("NFC", word).translate(_STRESS)
_HARD_SIGN_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]ъ(?![^\W\d_])", re.IGNORECASE)
_OLD_ENDING = re.compile(r"(?:[аяыі]го|[ыі]я|[ыи]я)$", re.IGNORECASE)
# Endings the dictionary may leave in old spelling, and their modern candidates.
_ENDING_FIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ия", ("ие",)), ("ыя", ("ые",)), ("яго", ("его",)), ("аго", ("ого", "его")),
)
_TO_LATIN_I = str.maketrans({"і": "i", "І": "I"})
# Old spellings of words that are not orthography rules (the old month name).
_VARIANTS: tuple[tuple[str, str], ...] = (("генвар", "январ"),)
_AFTER = str.maketrans({"ѵ": "и", "Ѵ": "И", "i": "и", "I": "И"})
MIN_MARKERS = 3
MIN_RATE = 0.02


def count_markers(text: str) -> tuple[int, int]:
    """(old-orthography markers, words): letters ѣ і ѳ ѵ and a hard sign ending a word."""
    letters = sum(1 for ch in text if ch in OLD_LETTERS)
    return letters + len(_HARD_SIGN_END.findall(text)), len(_WORD.findall(text))


@lru_cache(maxsize=2)  # ``analyze`` asks, then ``modernize`` asks again of the same text
def detect_orthography(text: str) -> str:
    """``prereform`` when the old letters or final hard signs are frequent, else ``modern``.

    At least three markers and one per fifty words: a modern text quoting one old word
    (``«Отечественныя записки»``) stays modern.
    """
    markers, words = count_markers(text)
    if markers >= MIN_MARKERS and markers >= MIN_RATE * max(words, 1):
        return "prereform"
    return "modern"


_ROMAN = re.compile(r"[IVXLІХ]+")
MAX_WORD = 40  # longer "words" (OCR runs, floods) get letter-for-letter respelling only
_LETTERS = str.maketrans({"ѣ": "е", "Ѣ": "Е", "і": "и", "І": "И", "ѳ": "ф", "Ѳ": "Ф",
                          "ѵ": "и", "Ѵ": "И"})


@lru_cache(maxsize=200_000)
def modern_word(word: str) -> str:
    """``word`` in the modern orthography (unchanged when it is already modern).

    A word over ``MAX_WORD`` characters only has its old letters replaced one for one, so
    a flood of letters costs linear time."""
    if len(word) > MAX_WORD:
        return word.translate(_LETTERS)
    if _ROMAN.fullmatch(word):
        return word  # ``Александра І``, ``ХІХ вѣкъ``: a Roman numeral in Cyrillic letters
    from prereform2modern.transliterator import Transliterator

    latin = [ch for ch in word if "a" <= ch.lower() <= "z"]
    if latin and (len(latin) == len(word.replace("-", "")) or set(latin) - {"i", "I"}):
        return word  # a Latin-script word (or a Latin Roman numeral) is not respelled
    new = Transliterator.transliterate(word.translate(_TO_LATIN_I), print_log=False)
    new = new.translate(_AFTER)
    if len(new.replace(" ", "")) < len(word.replace(" ", "").replace("-", "")) // 2 or " " in new:
        return word.translate(_LETTERS)
    return _variant(_settle_ending(new))


def _variant(word: str) -> str:
    """``генваря`` -> ``января`` (letter case kept)."""
    low = word.lower()
    for old, new in _VARIANTS:
        if low.startswith(old):
            head = new.capitalize() if word[:1].isupper() else new
            head = new.upper() if word.isupper() else head
            return head + word[len(old):]
    return word


def _settle_ending(word: str) -> str:
    """An old adjective ending the dictionary kept (``синия``): the modern one pymorphy knows."""
    if not _OLD_ENDING.search(word.lower()):
        return word
    from letopis.models import morph_analyzer

    morph = morph_analyzer()
    if morph.word_is_known(word.lower()):
        return word
    for old, news in _ENDING_FIXES:
        if word.lower().endswith(old):
            for new in news:
                candidate = word[: -len(old)] + _same_case(new, word[-len(old):])
                if morph.word_is_known(candidate.lower()):
                    return candidate
    return word


def _same_case(new: str, old: str) -> str:
    return new.upper() if old.isupper() else new


@dataclass
class Shadow:
    """A respelled text and, per shadow character, the original interval it came from."""

    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The original interval of shadow ``[start, end)``; None when it has none."""
        if not 0 <= start < end <= len(self.text):
            return None
        first, last = self.starts[start], self.ends[end - 1]
        return (first, last) if first < last else None


# A word broken at a line end: a hyphen, then spaces with at most one line break, then
# the rest of the word in lower case (``Алек-\nсандръ``; OCR layers that lost the line
# break keep a space: ``Алек- сандръ``).
_GAP = r"-(?:[ \t]+|[ \t]*\r?\n[ \t]*)"
_BREAK_GAP = re.compile(_GAP)
_HAS_BREAK = re.compile(rf"[^\W\d_]{_GAP}[^\W\d_]")


def _same(word: str) -> str:
    return word


def _known(word: str) -> bool:
    from letopis.models import morph_analyzer

    return bool(morph_analyzer().word_is_known(word.lower()))


def broken_word(left: str, right: str, respell: Callable[[str], str] = modern_word,
                ) -> str | None:
    """The word ``left`` and ``right`` make when a line break split it after a hyphen,
    respelled, or None when they are two words: the two joined (``Алек`` + ``сандръ`` ->
    ``Александр``) when the dictionary knows the result, else joined by the hyphen when it
    knows that (``какой-нибудь``, ``обер-офицерам``), else joined when ``left`` is
    capitalized and the dictionary knows no ``right`` alone (a name it lacks: ``Рос`` +
    ``топчинъ`` -> ``Ростопчин``); ``right`` must start in lower case."""
    if not right[:1].islower():
        return None
    for joined in (left + right, f"{left}-{right}"):
        new = respell(joined)
        if _known(new):
            return new
    if left[:1].isupper() and left[1:].islower() and not _known(respell(right)):
        return respell(left + right)  # a name the dictionary lacks: ``Рос-`` + ``топчинъ``
    return None


# Letter-spaced words (``разрядка``, the emphasis of old and Soviet print, which OCR reads
# as single letters: ``Г е н е р а л``): three letters or more, each alone, one space apart.
_SPACED = re.compile(r"(?<![\w.])(?:[^\W\d_] ){2,}[^\W\d_](?![\w.])")
MIN_SPACED_NAME = 5  # letters of a spaced word the dictionary lacks that may be a name


def spaced_words(text: str, respell: Callable[[str], str] = _same,
                 ) -> list[tuple[int, int, str]]:
    """(start, end, word) of the letter-spaced words of ``text``: a run of single letters
    joined when the dictionary knows the word or it reads as a name (a capital, then
    lower case, ``MIN_SPACED_NAME`` letters at least: ``П у ш к и н``). A run that is no
    such word is cut before its capitals (``Г е н е р а л К у т у з о в``: two words whose
    gap OCR narrowed), a lower-case start and a one-letter word at a part's end being
    words of their own (``и П у ш к и н``, ``П у ш к и н и Л е р м о н т о в``); letters
    that make no word stay as they are (``и в с``)."""
    found = []
    for match in _SPACED.finditer(text):
        letters = match.group().replace(" ", "")
        if _spaced_word(letters, respell) or (_capitals(letters)
                                               and _known(respell(letters.lower()))):
            found.append((match.start(), match.end(), _spaced_case(letters, respell)))
            continue
        cuts = [0, *[k for k, ch in enumerate(letters) if ch.isupper() and k], len(letters)]
        for a, b in zip(cuts[:-1], cuts[1:], strict=True):
            part = letters[a:b]
            if (not _known(respell(part)) and part[-1:] in ONE_LETTER_WORDS
                    and (b < len(letters) or _known(respell(part[:-1])))
                    and _spaced_word(part[:-1], respell)):
                b -= 1  # ``Пушкин`` + ``и`` (before another word, or a word it makes)
                part = letters[a:b]
            if part[:1].isupper() and _spaced_word(part, respell):
                found.append((match.start() + 2 * a, match.start() + 2 * b - 1,
                              respell(part)))
    return found


ONE_LETTER_WORDS = frozenset("иавскоуя")


def _capitals(letters: str) -> bool:
    """Whether a spaced word is set in capitals (one lower-case letter allowed: OCR reads
    the old ``Ѣ`` as ``ѣ`` in ``Д Е Н ѣ``)."""
    return len(letters) > 1 and sum(ch.islower() for ch in letters) <= 1 and letters[0].isupper()


def _spaced_case(letters: str, respell: Callable[[str], str]) -> str:
    """A spaced word respelled, in the case running text gives it when it was set in
    capitals (``Ф Е В Р А Л Я`` -> ``февраля``, ``Т О Л С Т О Й`` -> ``Толстой``)."""
    word = respell(letters)
    return _case_of(word.upper(), "") if _capitals(letters) else word


def _spaced_word(letters: str, respell: Callable[[str], str]) -> bool:
    return _known(respell(letters)) and len(letters) > 2 or (
        len(letters) >= MIN_SPACED_NAME and letters[0].isupper() and letters[1:].islower())


def _units(text: str, respell: Callable[[str], str]) -> list[tuple[int, int, str]]:
    """(start, end, shadow text) of every word of ``text``, a word broken at a line end
    (``broken_word``) being one unit over its two parts and the break between them, a
    letter-spaced word one unit over its letters (``spaced_words``)."""
    units = _word_units(text, respell)
    spaced = spaced_words(text, respell) if _SPACED.search(text) else []
    if not spaced:
        return units
    inside = [(start, end) for start, end, _ in spaced]
    units = [u for u in units if not any(a <= u[0] < b for a, b in inside)]
    return sorted(units + spaced)


def _word_units(text: str, respell: Callable[[str], str]) -> list[tuple[int, int, str]]:
    """``_units`` but for letter-spaced words."""
    units: list[tuple[int, int, str]] = []
    joined: str | None = None  # the original letters of the last unit, if it was joined
    old = respell is modern_word or respell is _modern_folded  # a pre-1918 text
    for match in _WORD.finditer(text):
        word = match.group()
        if units and _BREAK_GAP.fullmatch(text, units[-1][1], match.start()):
            start, end, _ = units[-1]
            left = joined or text[start:end]
            new = broken_word(left, word, respell)
            if new is not None:
                joined = left + word
                units[-1] = (start, match.end(), new)
                continue
        joined = None
        if len(word) == 1 and lone_latin(text, match.start()):
            units.append((match.start(), match.end(), word.translate(_LOOKALIKES)))
            continue
        word = unmarked(word)
        units.append((match.start(), match.end(), joined_hyphen(word, respell)
                      or (hyphenated_name(word, respell) if old else None)
                      or respell(word)))
    return units


# A hyphen inside a word: the old spelling of adverbs (``на-примѣръ``, ``по-этому``,
# ``сей-часъ``) or a line-end hyphen kept when OCR joined the lines (``Шве-цію``).
_INNER_HYPHEN = re.compile(r"(?<![\w-])[^\W\d_]{2,}-[^\W\d_]+(?![\w-])")


@lru_cache(maxsize=50_000)
def joined_hyphen(word: str, respell: Callable[[str], str] = modern_word) -> str | None:
    """``word`` joined at its one inner hyphen and respelled, when the dictionary knows the
    joined word and not the hyphenated one (``на-примѣръ`` -> ``например``, ``Шве-цію``
    -> ``Швецию``); None otherwise (``северо-западный``, ``кто-нибудь``, ``Муравьёв-Апостол``).
    The left part has two letters at least and the right one starts in lower case
    (``г-мъ``, ``І-й`` and ``Я-съ`` stay)."""
    left, hyphen, right = word.partition("-")
    if (not hyphen or "-" in right or len(left) < 2 or not right[:1].islower()
            or not left.isalpha() or not right.isalpha()):
        return None
    if _known(respell(word)):
        return None
    new = respell(left + right)
    return new if _known(new) else None


def has_inner_hyphens(text: str) -> bool:
    """Whether ``text`` holds a word that ``joined_hyphen`` joins (modern spelling)."""
    return any(joined_hyphen(m.group(), _same) for m in _INNER_HYPHEN.finditer(text))


@lru_cache(maxsize=50_000)
def hyphenated_name(word: str, respell: Callable[[str], str] = modern_word) -> str | None:
    """A two-word place name the old way wrote with a hyphen, an adjective and a place's
    noun in one case (``Нижняго-Новгорода`` -> ``Нижнего Новгорода``; not the inn
    ``Черный-Левъ`` of a novel, whose noun names no place),
    respelled with a space; None otherwise (``Ростов-на-Дону``, ``Петропавловск-
    Камчатский``, ``Римский-Корсаков``: a noun first). Read in pre-1918 texts only: a
    modern one writes names so (``Рус-Рейтинг``)."""
    from letopis.morph import parse

    left, hyphen, right = word.partition("-")
    if (not hyphen or "-" in right or not left[:1].isupper() or not right[:1].isupper()
            or not left.isalpha() or not right.isalpha()):
        return None
    new_left, new_right = respell(left), respell(right)
    adjective = {p.tag.case for p in parse(new_left.lower())
                 if p.is_known and p.tag.POS == "ADJF" and "Surn" not in p.tag}
    noun = {p.tag.case for p in parse(new_right.lower())
            if p.is_known and p.tag.POS == "NOUN" and "Geox" in p.tag}
    if not adjective & noun or _known(new_left + "-" + new_right):
        return None
    return f"{new_left} {new_right}"


# OCR and old typesetting put Latin letters that look Cyrillic inside Cyrillic words
# (``Mосква`` with a Latin M): the shadow gives them back their Cyrillic letter.
# Latin letters, and the Greek ones OCR of mixed fonts also puts there (``Фунκа`` with a
# Greek kappa), and their Cyrillic twins
_LOOKALIKES = str.maketrans("AaBCcEeHKMOoPpTXxYyΑΒΕΗΚΜΟΡΤΧακορτχ",
                            "АаВСсЕеНКМОоРрТХхУуАВЕНКМОРТХакортх")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁѣѢіІѳѲѵѴ]")
_LATIN_LEFT = re.compile(r"[A-HJ-Za-hj-z]")  # a Latin letter no Cyrillic one looks like
_HAS_MIXED = re.compile(r"[а-яёА-ЯЁ][A-Za-zΑ-ω]|[A-Za-zΑ-ω][а-яёА-ЯЁ]")


# Latin letters OCR reads for Cyrillic ones that look alike in italics or worn type only
# (``rоду`` for ``году``, ``nо`` for ``по``, ``uз`` for ``из``, ``mам`` for ``там``): swapped
# only where the word they make is in the dictionary
_OCR_SWAPS = str.maketrans("rnum", "гпит")
# a one-letter Latin word with a Cyrillic twin between Cyrillic words or digits (``B 1905
# году``, ``поехал C ним``): the preposition or conjunction OCR read in Latin
_LONE_LATIN = re.compile(r"[ABCEKMHOPTXaceopxy]")
_CYRILLIC_WORD_END = re.compile(r"(?:^|[а-яёА-ЯЁѣѢіІ,.;:!?—-])[ \t]*$")
_CYRILLIC_WORD_START = re.compile(r"[ \t]+[а-яёА-ЯЁѣѢіІ0-9]")


ROMAN_LETTERS = frozenset("XCM")
_NAME_BEFORE = re.compile(r"[А-ЯЁ][а-яёѣі]+[ \t]+$")


def _after_name(text: str, i: int) -> bool:
    """Whether a capitalized word stands right before position ``i``."""
    return bool(_NAME_BEFORE.search(text, max(0, i - 30), i))


def lone_latin(text: str, i: int) -> bool:
    """Whether the one-letter word at ``i`` is a Latin look-alike standing among Cyrillic
    words: a Cyrillic word (or the start of a line) before it, a Cyrillic word or a number
    after it (``B 1905 году``; ``витамин C`` at a sentence's end and ``класса A,`` stay)."""
    if not _LONE_LATIN.fullmatch(text, i, i + 1):
        return False
    line_start = text.rfind("\n", 0, i) + 1
    before = text[max(line_start, i - 3):i]
    if text[i] in ROMAN_LETTERS and _after_name(text, i):
        return False  # ``Пий X``, ``Людовик XVI``'s neighbours: a ruler's number
    return bool((i - line_start <= 3 and not text[line_start:i].strip()
                 or _CYRILLIC_WORD_END.search(before) and before.strip())
                and _CYRILLIC_WORD_START.match(text, i + 1))


def fold_lookalikes(word: str) -> str:
    """``word`` with the Latin look-alikes of its Cyrillic parts made Cyrillic (``Mосква``
    -> ``Москва``, ``Tу-154`` -> ``Ту-154``), one letter for one. A hyphen-separated part
    is folded only when it holds a Cyrillic letter and every Latin letter in it has a
    Cyrillic twin (Latin ``i`` stays: the old ``і`` of pre-1918 texts, ``modern_word``'s
    business); ``CD-диск`` and ``iPhone`` stay as they are."""
    if not _HAS_MIXED.search(word):
        return word
    parts = word.split("-")
    for k, part in enumerate(parts):
        if _CYRILLIC.search(part):
            folded = part.translate(_LOOKALIKES)
            if not _LATIN_LEFT.search(folded):
                parts[k] = folded
            else:
                swapped = folded.translate(_OCR_SWAPS)
                if not _LATIN_LEFT.search(swapped) and (
                        _known(swapped) or _known(modern_word(swapped))):
                    parts[k] = swapped
    return "-".join(parts)


def has_mixed_words(text: str) -> bool:
    """Whether ``text`` holds a word that ``fold_lookalikes`` changes or a Latin
    look-alike standing alone among Cyrillic words (``lone_latin``)."""
    if _HAS_MIXED.search(text) and any(
            fold_lookalikes(m.group()) != m.group() for m in _WORD.finditer(text)):
        return True
    return any(lone_latin(text, m.start()) for m in _LONE_ALONE.finditer(text))


_LONE_ALONE = re.compile(r"(?<![\w.])[ABCEKMHOPTXaceopxy](?![\w.])")


def _modern_folded(word: str) -> str:
    return modern_word(fold_lookalikes(word))


def has_broken_words(text: str) -> bool:
    """Whether ``text`` holds a word broken at a line end that the dictionary joins."""
    return bool(_HAS_BREAK.search(text)) and build_shadow(text, _same).text != text


def build_shadow(text: str, respell: Callable[[str], str] = modern_word) -> Shadow:
    """Respell every word of ``text`` and join the words a line break split
    (``broken_word``); characters between words are copied one to one. ``respell``:
    ``modern_word`` for a pre-1918 text, the identity for a modern one."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    units = _units(text, respell)
    if respell is modern_word or respell is _modern_folded:
        units = _genitive_adjectives(text, units)
    for begin, end, new in units:
        for i in range(done, begin):
            parts.append(text[i])
            starts.append(i)
            ends.append(i + 1)
        parts.append(new)
        _align(text[begin:end], new, begin, starts, ends)
        done = end
    for i in range(done, len(text)):
        parts.append(text[i])
        starts.append(i)
        ends.append(i + 1)
    return Shadow("".join(parts), starts, ends)


_OLD_ADJECTIVE_END = ("ыя", "ія", "ИЯ", "ЫЯ", "ІЯ")


def _genitive_adjectives(text: str, units: list[tuple[int, int, str]],
                         ) -> list[tuple[int, int, str]]:
    """The old adjective ending ``-ыя``/``-ія`` is a plural (``новыя книги``, the new
    books) or a feminine genitive (``Великія Британіи``, ``Малыя Азіи``, ``всея Великія и
    Малыя и Бѣлыя Россіи``): the dictionary respells it as the plural; in a name (the
    adjective and the noun capitalized) where the noun it goes with (past ``и`` and other
    such adjectives) can only be a feminine singular in the genitive, it becomes the
    genitive (``Великой``, ``Малой``)."""
    out = list(units)
    for i, (begin, end, new) in enumerate(units):
        if (not text[begin:end].endswith(_OLD_ADJECTIVE_END) or not new[:1].isupper()
                or not _adjective(new)):
            continue  # a name's adjective (``Великія``), not ``новыя`` or ``которыя``
        j = i + 1
        while j < len(units) and (units[j][2].lower() == "и" or text[
                units[j][0]:units[j][1]].endswith(_OLD_ADJECTIVE_END) and _adjective(units[j][2])):
            j += 1
        if j < len(units) and units[j][2][:1].isupper() and _feminine_genitive(units[j][2]):
            form = _inflected_genitive(new)
            if form is not None:
                out[i] = (begin, end, form)
    return out


def _adjective(word: str) -> bool:
    """Whether ``word`` reads as a full adjective (``Белые`` too, read first as a noun)."""
    from letopis.morph import parse

    return any(p.tag.POS == "ADJF" for p in parse(word.lower()))


def _feminine_genitive(word: str) -> bool:
    """Whether the dictionary reads ``word`` as a feminine singular genitive and never as a
    plural (``Британии``, ``России``; not ``книги``)."""
    from letopis.morph import parse

    parses = parse(word.lower())
    return any({"gent", "sing", "femn"} <= set(p.tag.grammemes) for p in parses) and not any(
        "plur" in p.tag for p in parses)


def _inflected_genitive(word: str) -> str | None:
    """An adjective's feminine singular genitive, in the word's letter case."""
    from letopis.morph import parse

    for p in parse(word.lower()):
        if p.tag.POS == "ADJF":
            form = p.inflect({"gent", "sing", "femn"})
            if form is not None:
                low = form.word
                return low.capitalize() if word[:1].isupper() else low
    return None


def _align(old: str, new: str, base: int, starts: list[int], ends: list[int]) -> None:
    """Append the original interval of each character of ``new`` (a respelling of ``old``
    at ``base``). Dropped letters (a final ъ) join the character before them."""
    if len(old) == len(new) and not _BREAK_GAP.search(old):
        for i in range(len(new)):
            starts.append(base + i)
            ends.append(base + i + 1)
        return
    first = len(starts)
    pending: int | None = None
    matcher = difflib.SequenceMatcher(None, old.lower(), new.lower(), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            if len(starts) > first:
                ends[-1] = base + i2
            else:
                pending = base + i1
            continue
        for k in range(j2 - j1):
            if tag == "equal":
                lo, hi = base + i1 + k, base + i1 + k + 1
            elif tag == "replace":
                lo, hi = base + i1, base + i2
            else:  # insert: no original character of its own
                lo = hi = base + i1
            if pending is not None:
                lo, pending = pending, None
            starts.append(lo)
            ends.append(hi)


def modernize(doc: Document) -> Document:
    """Swap a pre-1918 document for its modern-spelling shadow, a modern one with words
    broken at line ends (``has_broken_words``), letter-spaced words (``spaced_words``),
    Latin look-alikes inside Cyrillic words (``has_mixed_words``) or combining marks in
    words (stress marks, decomposed й and ё: ``unmarked``) for a shadow that only joins,
    folds and composes them.

    Reads: text, meta.orthography (detected when unset; recorded when ``prereform``).
    Writes: returns a new Document over the shadow text carrying the original and the
    offset map in ``origin`` (any other document is returned unchanged).
    """
    orthography = doc.meta.orthography or detect_orthography(doc.text)
    # same length: offsets into it are offsets into the original
    text = truecase(doc.text, lone=orthography == "prereform")
    mixed = has_mixed_words(text)
    if orthography == "prereform":
        doc.meta.orthography = orthography
        shadow = build_shadow(text, _modern_folded if mixed else modern_word)
    elif (mixed or _HAS_BREAK.search(text) or has_inner_hyphens(text)
          or has_marks(text) or text != doc.text or _SPACED.search(text)):
        # modern spelling: the broken words joined, the Latin look-alikes made Cyrillic,
        # stress marks dropped, lines in capitals in ordinary case
        shadow = build_shadow(text, fold_lookalikes if mixed else _same)
        if shadow.text == doc.text:
            return doc  # nothing the dictionary joins
    else:
        return doc
    work = Document(shadow.text, doc.source, meta=doc.meta)
    work.origin = (doc, shadow)
    return work


# -- lines in capitals (telegrams, typewritten orders, headings) -----------------------

_CAPS_WORD = re.compile(r"[А-ЯЁѢІѲѴ]+(?:-[А-ЯЁѢІѲѴ]+)*")
_PARTY = re.compile(r"\([а-яё]\)")


def has_lower_case(line: str) -> bool:
    """Whether ``line`` holds a lower-case letter, a party's mark such as ``(б)`` aside
    (``ЦК ВКП(б)`` is a line in capitals)."""
    return any(c.islower() for c in _PARTY.sub("", line))
MIN_CAPS_WORDS = 3  # words in capitals that make a line a line in capitals
PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
# a place's name may follow these in any reading (``ГОРОД ОРЕЛ``, ``НА БРЯНСК``)
PLACE_BEFORE = frozenset({"город", "г", "гор", "в", "во", "из", "на", "под", "к", "ко", "у",
                          "около", "близ", "до", "село", "деревня", "станция"})
# telegraph words for punctuation (``ТЧК``, ``ЗПТ``) and titles written short
LOWER_WORDS = frozenset({"тчк", "зпт", "тов", "т", "гр", "кв", "ул", "д", "тт"})


def truecase(text: str, lone: bool = False) -> str:
    """``text`` with its lines in capitals (telegrams, typewritten orders, headings: at
    least ``MIN_CAPS_WORDS`` words, no lower case but a party's mark) in ordinary case,
    letter for letter (the length stays): a word whose likeliest dictionary reading is a
    name or a place, or a place after ``город``/``в``/``на`` ... in any reading, or one
    the dictionary lacks, with a capital (``СТАЛИНУ`` -> ``Сталину``, ``МЕХЛИС`` ->
    ``Мехлис``); an abbreviation as it is (``СССР``, ``ЦК``); any other word in lower
    case, the first of a line or sentence capitalized. In a line of running text, a run
    of ``MIN_CAPS_WORDS`` words in capitals or more is set so (``_truecase_runs``), and
    with ``lone`` (a pre-1918 text, where a word in capitals is emphasis, not an acronym:
    modern news writes ``ФИФА``, ``ТАСС``, ``СИЗО``) a single word too
    (``_lone_capitals``)."""
    if not any(c.isupper() for c in text):
        return text
    lines = text.split("\n")
    changed = False
    for k, line in enumerate(lines):
        words = [w for w in _CAPS_WORD.findall(line) if len(w) >= MIN_LONE_CAPS]
        if not words:
            continue
        if not has_lower_case(line):
            new = _truecase_line(line) if len(words) >= MIN_CAPS_WORDS else line
        else:
            new = _initialled_surnames(_truecase_runs(line))
            new = _lone_capitals(new) if lone else new
        if new != line:
            lines[k] = new
            changed = True
    return "\n".join(lines) if changed else text


# a run of words in capitals inside a line of running text: a heading or a title set in
# capitals that lost its own line (``ВЕЧЕРНІЯ БЕСѢДЫ У БАРОНА К.`` in a journal's list of
# new books), words one from the next apart by spaces and punctuation only
_CAPS_RUN = re.compile(r"(?<!\w)[А-ЯЁѢІѲѴ]{2,}(?:-[А-ЯЁѢІѲѴ]+)*(?:[\s,.;:!?()«»\"—–-]+"
                       r"[А-ЯЁѢІѲѴ]+(?:-[А-ЯЁѢІѲѴ]+)*(?!\w))+(?!\w)")


# a surname in capitals after initials or a comrade's title, the way signatures and
# typewritten orders set it in running text (``Подписал Л. БЕРИЯ``, ``тов. ИВАНОВ``,
# ``А. СТРУГОВЩИКОВЪ``): a surname, never an acronym
_INITIALLED = re.compile(r"(?<![\w.])(?:(?:[А-ЯЁѢІѲ]\.\s?){1,2}|(?:тов|гр)\.\s?)"
                         r"([А-ЯЁѢІѲѴ]{3,}[ъЪ]?(?:-[А-ЯЁѢІѲѴ]{3,}[ъЪ]?)?)(?![\w-])")


def _initialled_surnames(line: str) -> str:
    """``line`` with each surname in capitals after initials or ``тов.``/``гр.``
    (``_INITIALLED``) capitalized the ordinary way, hyphen parts too (``И. И. СЕМЁНОВА``
    -> ``И. И. Семёнова``), letter for letter; an abbreviation stays (``ООН``)."""
    from letopis.morph import parse

    def case(match: re.Match[str]) -> str:
        word = match.group(1)
        if any("Abbr" in p.tag for p in parse(word.lower())):  # ``ООН``, ``ФСБ``
            return match.group()
        new = "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
        return match.group()[:match.start(1) - match.start()] + new

    return _INITIALLED.sub(case, line)


MIN_LONE_CAPS = 2  # letters of a word in capitals worth looking at
_LONE_CAPS = re.compile(r"(?<![\w-])[А-ЯЁѢІѲѴ]{4,}[ъЪ]?(?![\w-])")


def _lone_capitals(line: str) -> str:
    """``line`` with each word set in capitals for emphasis in running text (``Простая
    ФИЛОСОФІЯ!``, ``изчерпанную ПОЭТОМЪ``), four letters or more, in ordinary case where
    the dictionary knows it and it is no abbreviation (``ЦСКА``, ``НАТО`` stay)."""
    from letopis.models import morph_analyzer

    def case(match: re.Match[str]) -> str:
        word = match.group()
        modern = modern_word(word.lower())
        if not morph_analyzer().word_is_known(modern):
            return word
        return _case_of(word.upper(), "")[:len(word)].ljust(len(word))

    return _LONE_CAPS.sub(case, line)


def _truecase_runs(line: str) -> str:
    """``line`` with each run of ``MIN_CAPS_WORDS`` or more words in capitals (of two
    letters or more) in ordinary case, as ``_truecase_line`` would set a whole line; the
    rest of the line as it is."""
    out: list[str] = []
    done = 0
    for run in _CAPS_RUN.finditer(line):
        words = _CAPS_WORD.findall(run.group())
        if len([w for w in words if len(w) > 1]) < MIN_CAPS_WORDS:
            continue
        out.append(line[done:run.start()])
        after = line[run.end():run.end() + 1]  # an initial's period, seen by the casing
        out.append(_truecase_line(run.group() + after)[:len(run.group())])
        done = run.end()
    out.append(line[done:])
    return "".join(out)


def _truecase_line(line: str) -> str:
    out: list[str] = []
    done = 0
    previous = ""
    opens = True  # the next word opens a sentence
    matches = list(_CAPS_WORD.finditer(line))
    for n, match in enumerate(matches):
        gap = line[done:match.start()]
        opens = opens or bool(re.search(r"[.!?]", gap))
        out.append(gap)
        word = match.group()
        following = matches[n + 1].group().lower() if n + 1 < len(matches) else ""
        initial = line[match.end():match.end() + 1] == "."
        new = word if len(word) == 1 and initial else _case_of(word, previous, following)
        if opens and new.islower():
            new = new[:1].upper() + new[1:]
        out.append(new)
        previous = word.lower()
        opens = previous in ("тчк",)
        done = match.end()
    out.append(line[done:])
    return "".join(out)


def _case_of(word: str, previous: str, following: str = "") -> str:
    """One word in capitals in the case it would have in running text (``previous`` and
    ``following``: the words around it, lower-cased)."""
    from letopis.models import morph_analyzer
    from letopis.morph import parse

    low = word.lower()
    if len(word) == 1 or low in LOWER_WORDS:
        return low  # ``И``, ``В`` between words (an initial, with its period, stays)
    modern = modern_word(low)
    parses = parse(modern)
    if not morph_analyzer().word_is_known(modern):
        vowels = sum(c in "аеёиоуыэюяѣі" for c in low)
        return word if len(word) <= 3 or not vowels else _title(low)
    top = set(parses[0].tag.grammemes) if parses else set()
    if "Abbr" in top:
        return word
    if top & PROPER or previous in PLACE_BEFORE and any("Geox" in p.tag for p in parses):
        return _title(low)
    if "ADJF" in top and _unit_word(following):
        return _title(low)  # ``БРЯНСКОГО ФРОНТА``: a unit named by its adjective
    return low


UNIT_WORDS = frozenset({"фронт", "армия", "корпус", "дивизия", "полк", "бригада", "губерния",
                        "область", "уезд", "волость", "район", "край", "округ", "флот"})


def _unit_word(word: str) -> bool:
    from letopis.morph import best

    return bool(word) and best(word)[0] in UNIT_WORDS


def _title(low: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in low.split("-"))


T = TypeVar("T", Mention, Quote, Claim, Relation, Sentence, Token)


def restore(doc: Document) -> Document:
    """Map every span of a shadow document back into the original text.

    Reads: origin, mentions, entities, dates, quotes, claims, relations, sentences, tokens.
    Writes: returns the original Document with the annotations moved onto it; objects
    whose span has no original characters are dropped (with what refers to them);
    entities keep their modern names and normal forms, and their surface forms become
    the original spellings.
    """
    if doc.origin is None:
        return doc
    original, shadow = doc.origin
    text = original.text
    modern_surface = {m.id: m.text for m in doc.mentions}
    mentions = _moved(doc.mentions, shadow, text)
    kept = {m.id for m in mentions}
    by_entity: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.entity is not None:
            by_entity.setdefault(m.entity, []).append(m)
    unnamed = {e.id for e in doc.entities if not e.mentions}  # the author, from the meta
    for entity in doc.entities:
        entity.mentions = [mid for mid in entity.mentions if mid in kept]
        _old_aliases(entity, by_entity.get(entity.id, []), modern_surface, doc.normals)
    original.mentions = mentions
    original.entities = [e for e in doc.entities if e.mentions or e.id in unnamed]
    live = {e.id for e in original.entities}
    for m in mentions:
        if m.entity not in live:
            m.entity = None
    original.dates = [d for d in doc.dates if d.mention in kept]
    original.quotes = _moved(doc.quotes, shadow, text)
    original.claims = _moved(doc.claims, shadow, text)
    for item in (*original.quotes, *original.claims):
        item.cue = _moved_cue(item.cue, shadow)
    for quote in original.quotes:
        quote.speaker_span = _moved_phrase(quote.speaker_span, shadow, text)
    for claim in original.claims:
        claim.holder_span = _moved_phrase(claim.holder_span, shadow, text)
    for quote in original.quotes:
        quote.speaker = quote.speaker if quote.speaker in live else None
    for claim in original.claims:
        claim.holder = claim.holder if claim.holder in live else None
        claim.source = claim.source if claim.source in live else None
    original.relations = [r for r in _moved(doc.relations, shadow, text)
                          if r.head in kept and r.tail in kept]
    original.sentences = _moved(doc.sentences, shadow, text)
    original.tokens = _moved(doc.tokens, shadow, text)
    original.normals = doc.normals
    original.meta = doc.meta
    return original


def _old_aliases(entity: Entity, mentions: list[Mention], modern_surface: dict[str, str],
                 normals: dict[str, str]) -> None:
    """Aliases: the modern normal forms, then the surface forms as the original writes them
    (the shadow's respelled surface forms, found nowhere in the text, are dropped)."""
    normal = {normals[m.id] for m in mentions if m.id in normals}
    respelled = {modern_surface[m.id] for m in mentions if m.id in modern_surface}
    aliases = [a for a in entity.aliases if a in normal or a not in respelled]
    for m in mentions:
        if m.text != entity.name and m.text not in aliases:
            aliases.append(m.text)
    entity.aliases = aliases


def _moved(items: list[T], shadow: Shadow, text: str) -> list[T]:
    """``items`` with their intervals (and texts) mapped into the original."""
    out: list[T] = []
    for item in items:
        span = shadow.span(item.start, item.end)
        if span is None:
            continue
        item.start, item.end = span
        if hasattr(item, "text"):
            item.text = text[span[0]:span[1]]
        out.append(item)
    return out


def _moved_phrase(phrase: Phrase | None, shadow: Shadow, text: str) -> Phrase | None:
    """An unnamed speaker's phrase mapped into the original (None if it cannot be)."""
    if phrase is None:
        return None
    span = shadow.span(phrase.start, phrase.end)
    return None if span is None else Phrase(span[0], span[1], text[span[0]:span[1]])


def _moved_cue(cue: Cue | None, shadow: Shadow) -> Cue | None:
    if cue is None:
        return None
    span = shadow.span(cue.start, cue.end)
    return None if span is None else Cue(*span)
