"""Sentence and token segmentation with razdel."""

from __future__ import annotations

import re
from collections.abc import Iterator

from razdel import sentenize

from letopis.doc import Document, Sentence, Token
from letopis.segment.tokens import token_spans

# A sentence of more tokens is cut into pieces of at most this many (NEREL's longest
# sentence has 242): the NER model's memory and time grow with a sentence's length, and
# a flood of punctuation (2 M brackets, 5 MB of «) is otherwise one sentence.
MAX_SENTENCE_TOKENS = 256

# Abbreviations of reference works and paperwork that stand before what they qualify, so
# their period never ends a sentence, though razdel ends one there before a digit or a
# capital: ``род. 14 июля``, ``ум. 18 окт. 1866 г.``, ``от 3 февр. 1921 г.``.
BEFORE_ABBREVIATIONS = frozenset({
    "род", "ум", "сконч", "скон", "янв", "февр", "фев", "апр", "авг", "сент", "сен", "окт",
    "нояб", "ноя", "дек",
})
# Of those, the ones that are words too and may end a sentence (``Это был древний род.``):
# they go on only before a date's digits (``род. 14 июля``, ``ум. 1866 г.``).
WORD_ABBREVIATIONS = frozenset({"род", "ум"})
# Units written short after their adjective (``Горбатовского у. Нижегородской губ.``):
# a sentence goes on after one when the next begins with another such unit.
UNIT_ABBREVIATIONS = frozenset({"у", "губ", "обл", "окр", "вол", "пров"})
_PARAGRAPH = re.compile(r"[^\S\n]*\n[^\S\n]*\n\s*")
_LAST_ABBREVIATION = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,6})\.\Z")
_UNIT_NEXT = re.compile(r"[А-ЯЁ][а-яё]+(?:ой|ого|ом|ая|ий|ый|ое|ск\w*)\s+(?:"
                        + "|".join(sorted(UNIT_ABBREVIATIONS)) + r")\.")


def segment(doc: Document) -> Document:
    """Split the text into sentences and tokens (razdel's, see ``segment.tokens``); a
    sentence over ``MAX_SENTENCE_TOKENS`` tokens becomes several, cut between tokens.

    Reads: text. Writes: sentences, tokens (offsets into the untouched text).
    """
    text = doc.text
    doc.sentences = []
    doc.tokens = []
    for sent in _sentences(text):
        offset = sent.start
        spans = [(offset + start, offset + end) for start, end in token_spans(sent.text)]
        doc.tokens.extend(Token(start, end, text[start:end]) for start, end in spans)
        for lo in range(0, max(len(spans), 1), MAX_SENTENCE_TOKENS):
            start = spans[lo][0] if lo else sent.start
            hi = lo + MAX_SENTENCE_TOKENS
            end = spans[hi][0] if hi < len(spans) else sent.stop
            doc.sentences.append(Sentence(start, end, text[start:end]))
    return doc


class _Span:
    __slots__ = ("start", "stop", "text")

    def __init__(self, start: int, stop: int, text: str) -> None:
        self.start, self.stop, self.text = start, stop, text


def _sentences(text: str) -> Iterator[_Span]:
    """razdel's sentences, cut at blank lines after a period (a paragraph ends a
    sentence, even after an abbreviation: ``2-й ст.`` then a blank line; a heading without
    a period stays with what follows, as razdel and the NER model's training have it), two
    joined where razdel ends one at an
    abbreviation that does not end sentences (``continues``)."""
    held: _Span | None = None
    for sent in _paragraph_cut(text):
        if held is not None and continues(held.text, sent.text) and not _PARAGRAPH.search(
                text, held.stop, sent.start):
            held = _Span(held.start, sent.stop, text[held.start:sent.stop])
            continue
        if held is not None:
            yield held
        held = sent
    if held is not None:
        yield held


def _paragraph_cut(text: str) -> Iterator[_Span]:
    """razdel's sentences, each cut at the blank lines inside it that follow a sentence's
    end mark."""
    for sent in sentenize(text):
        start = sent.start
        if "\n" in sent.text:
            for gap in _PARAGRAPH.finditer(text, sent.start, sent.stop):
                if text[gap.start() - 1] not in ".!?…":
                    continue  # a heading without a period: razdel's one sentence stays
                if gap.start() > start:
                    yield _Span(start, gap.start(), text[start:gap.start()])
                start = gap.end()
        if start < sent.stop:
            yield _Span(start, sent.stop, text[start:sent.stop])


def continues(before: str, after: str) -> bool:
    """Whether the sentence ``after`` goes on the one ``before``: ``before`` ends in a
    ``BEFORE_ABBREVIATIONS`` word and its period (``окт.``; ``род.`` and ``ум.`` only
    before a digit: they are words too), or in a unit's
    (``у.``) with ``after`` opening on another unit (``Нижегородской губ.``) or in lower
    case."""
    if not before.endswith("."):
        return False
    found = _LAST_ABBREVIATION.search(before[-9:])
    if found is None:
        return False
    word = found.group(1).lower()
    if word in WORD_ABBREVIATIONS:  # ``род``, ``ум`` are words too (``древний род.``)
        return after[:1].isdigit()
    if word in BEFORE_ABBREVIATIONS:
        return True
    return word in UNIT_ABBREVIATIONS and (after[:1].islower() or bool(_UNIT_NEXT.match(after)))
