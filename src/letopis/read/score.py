"""Which single-byte Cyrillic code page is a byte string in? A small scorer.

Statistical detectors are unreliable on short Russian texts, so each candidate decoding
is scored on plain facts about Russian prose: the bytes above 0x7F decode to Russian
letters and typographic marks standing where such marks stand (not box drawing, rare
symbols or a dash glued to a word); adjacent letters form frequent Russian bigrams and
the letters have Russian frequencies; words are lower case, capitalised or all caps,
never ``пРИВЕТ`` (cp1251 read as koi8-r and the reverse swap the cases); sentences do
not open in lower case; words do not mix Latin and Cyrillic letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Candidates with a small prior for how common each is; on a tie the earlier one wins.
CANDIDATES: tuple[str, ...] = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")
PRIOR = {"cp1251": 0.0, "koi8_r": -0.01, "cp866": -0.02, "mac_cyrillic": -0.03}

RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
# Typographic marks of Russian text; those that close or stand between words are never
# glued to a following letter, those that open are never glued to a preceding one.
OPENING = frozenset("«„")
CLOSING = frozenset("»—–…№")
NEUTRAL = frozenset("“”\u00a0")
RARE = frozenset("‘’‚•·°\u00ad")
_ASCII_PUNCT = "".join(chr(i) for i in range(0x21, 0x7F) if not chr(i).isalnum())

# Frequent Russian letter bigrams (general knowledge of the language, lower case).
_BIGRAM_LIST = """
ст но то на ен ов ни ра во ко ал пр ро ре ер ос по ел ан не ол от ли ор ка од ва ес
ет ри та ат ог ть ве ла ск го ит ил ем ин ой ле ом де ны ви ий ый ая ие ых ам ак им
ди ль ма ме мо об ру се сл ти тр че чт ся ия ии ую ах ей ел ет ав ад ба бо бы вс да
до ев ег ед ез ек же за зн из ик ис ки ла ло лу ля ми мн нн ну нь ом
он ор ос от ох оч па пе пи пл по ра ре ри ро ру са со сп ст су сь та те ти то тр ту
ты ть уд уж ук ул ум ун ур ус ут уч ци ча че чи ше щи ью юд ют яз ям ят ем ел ую
"""
BIGRAMS = frozenset(_BIGRAM_LIST.split())

# Approximate letter frequencies of Russian prose, per cent (general knowledge).
LETTER_FREQ = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47,
    "р": 4.73, "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81,
    "у": 2.62, "я": 2.01, "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59,
    "ч": 1.44, "й": 1.21, "х": 0.97, "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48,
    "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04, "ё": 0.04,
}


@dataclass(frozen=True)
class Score:
    """How Russian a decoding looks; higher is better."""

    encoding: str
    value: float
    letters: float  # share of high characters that are Russian letters or marks
    latin: float = 0.0  # share of words mixing ASCII Latin and non-ASCII letters

    @property
    def cyrillic(self) -> bool:
        """Whether the decoding looks like Cyrillic text at all."""
        return self.letters >= 0.6 and self.latin < 0.3


def score_text(text: str, encoding: str = "") -> Score:
    """Score one decoded text (only the characters above ASCII and the words matter)."""
    high = [c for c in text if ord(c) > 0x7F]
    if not high:
        return Score(encoding, 0.0, 1.0)
    letters = _good_chars(text) / len(high)
    words = _words(text)
    latin = _share(words, _is_mixed_script)
    value = 3.0 * _bigram_share(words) + _letter_weight(words) - 5.0 * (1.0 - letters)
    value -= 2.0 * _share(words, _is_mixed_case) + 2.0 * latin
    value -= _lower_sentence_starts(text) - PRIOR.get(encoding, 0.0)
    value -= 2.0 * text.count("\ufffd") / len(high)
    return Score(encoding, value, letters, latin)


def best_decoding(data: bytes, candidates: tuple[str, ...] = CANDIDATES) -> tuple[str, Score]:
    """The most Russian-looking decoding of ``data``: (text, its score).

    Undecodable bytes become U+FFFD and count against a candidate.
    """
    best: tuple[Score, str] | None = None
    for encoding in candidates:
        text = data.decode(encoding, "replace")
        score = score_text(text, encoding)
        if best is None or score.value > best[0].value:
            best = (score, text)
    assert best is not None
    return best[1], best[0]


def _good_chars(text: str) -> float:
    """How many characters above ASCII are plausible in Russian text where they stand."""
    good = 0.0
    for i, c in enumerate(text):
        if ord(c) <= 0x7F:
            continue
        if c in RUSSIAN or c in NEUTRAL:
            good += 1
        elif c in CLOSING:
            good += not text[i + 1:i + 2].isalpha()
        elif c in OPENING:
            good += not text[i - 1:i].isalpha() if i else 1
        elif c in RARE:
            good += 0.5
    return good


_SENTENCE_START = re.compile(r"[.!?]\s+([^\x00-\x7f])")


def _lower_sentence_starts(text: str) -> float:
    """Share of sentences opening with a non-ASCII lower-case letter."""
    starts = [m.group(1) for m in _SENTENCE_START.finditer(text)]
    return sum(1 for c in starts if c.islower()) / len(starts) if starts else 0.0


def _words(text: str) -> list[str]:
    """Whitespace-separated tokens with a character above ASCII, ASCII punctuation cut.

    Symbols stay inside a token, so that a mis-decoded letter breaks its bigrams
    instead of leaving a shorter, cleaner word.
    """
    words = []
    for token in text.split():
        word = token.strip(_ASCII_PUNCT)
        if word and not word.isascii():
            words.append(word)
    return words


def _bigram_share(words: list[str]) -> float:
    pairs = hits = 0
    for word in words:
        low = word.lower()
        for a, b in zip(low, low[1:], strict=False):
            pairs += 1
            hits += a + b in BIGRAMS
    return hits / pairs if pairs else 0.0


def _letter_weight(words: list[str]) -> float:
    """Mean letter frequency (per cent, scaled to about 1 for Russian prose)."""
    total = count = 0.0
    for word in words:
        for c in word.lower():
            if c in LETTER_FREQ:
                total += LETTER_FREQ[c]
                count += 1
    return total / count / 6.0 if count else 0.0


def _share(words: list[str], test: Callable[[str], bool]) -> float:
    return sum(1 for w in words if test(w)) / len(words) if words else 0.0


def _is_mixed_case(word: str) -> bool:
    """An upper-case letter right after a lower-case one (``пРИВЕТ``)."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))


def _is_mixed_script(word: str) -> bool:
    """ASCII Latin letters in a word with non-ASCII letters (``Cafй``)."""
    return any(c.isascii() and c.isalpha() for c in word)
