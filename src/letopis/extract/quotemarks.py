"""Balanced quote pairs and dialogue-dash speech, found in one left-to-right pass.

``quoted_spans(text)`` pairs «…», “…”, „…“ (and „…”), ‚…‘, ‘…’ and straight "…" marks
with a stack, so nesting (``«… „…“ …»``, ``«… «…» …»``) comes out right. Straight
quotes are paired by context: a mark after a space or an opening bracket, followed by a
non-space, opens; one after a non-space, followed by a space or punctuation, closes. A
mark with no partner gives no span. Openers left open at a paragraph break are dropped
(single line breaks count as paragraph breaks unless the text is hard-wrapped), unless
the next paragraph opens with the same mark: the Russian convention for a quotation that
runs over several paragraphs (each opens with «, only the last closes with »).

A paragraph that starts with a dash (``— Текст, — сказал он. — Ещё.``) is direct speech
(unless the line before ends with a closing quote: ``— Имя, должность`` then signs it):
the speech runs up to ``, — `` (or ``! — ``, ``? — ``, ``… — ``) that opens the author's
words, or to the line end; after the author's words ``. — ``, ``: — `` or ``, — ``
resumes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "«„‚“‘\""
CLOSE_FOR = {"«": "»", "„": "“”", "‚": "‘’", "“": "”", "‘": "’", "\"": "\"", "”": "”"}
MARKS = re.compile(r"<<|>>|[«»„“”‚‘’\"\n]")
# Typewriter guillemets: ``<<…>>`` pair like «…» (the stack holds "<" for ``<<``).
TYPED = {"<<": "<", ">>": "»"}
OPEN_BEFORE = " \t\r\n\u00a0([{«„“‚‘—–-/:"
CLOSE_AFTER = " \t\r\n\u00a0.,;:!?)]}»“”’—–-…/\""
DASH_LINE = re.compile(r"[ \t\u00a0]*[—–][ \t\u00a0]+")
# A dash between speech and author's words: ", — ", "! — ", "? — ", "… — ".
SPEECH_END = re.compile(r"(?:,|(?<=[!?….]))[ \t\u00a0]+[—–][ \t\u00a0]+")
# A dash that takes speech back up after the author's words: ". — ", ": — ", ", — ".
SPEECH_RESUME = re.compile(r"[.:,][ \t\u00a0]+[—–][ \t\u00a0]+")
# A line that ends with a closing quote: a dash line after it signs the quote.
AFTER_QUOTE = re.compile(r"[»“”\"][.!?…]*\s*$")
WRAP_WIDTH = 120


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """One quoted stretch.

    ``start``/``end`` bound the content without marks or surrounding spaces; ``open_*`` and
    ``close_*`` bound the marks (for dialogue speech the opening dash and the ``, —``
    separator, or an empty interval at the line end). ``style`` is the opening mark
    (``"—"`` for dialogue); ``depth`` counts the quote pairs around this one.
    """

    open_start: int
    open_end: int
    start: int
    end: int
    close_start: int
    close_end: int
    style: str
    depth: int = 0


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Every balanced quote pair and dialogue speech span in ``text``, ordered by start."""
    spans = _paired(text, _wrapped(text)) + _dialogue(text)
    spans.sort(key=lambda s: (s.open_start, -s.close_end))
    return spans


def _wrapped(text: str) -> bool:
    """True when the text looks hard-wrapped (short lines): only blank lines end paragraphs."""
    lines = text.split("\n")
    return len(lines) > 3 and max(len(line) for line in lines) <= WRAP_WIDTH


# At most this many marks stay open at once; a further opener forgets the oldest. Real
# texts nest quotes three deep at most; a flood of «««…»»» would otherwise nest as deep
# as it is long, and every span inside every other costs time and memory squared.
MAX_OPEN = 16


class _Stack:
    """Open marks with a count per mark, so 'is there an open «?' costs O(1)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, int]] = []
        self.count: dict[str, int] = {}

    def push(self, mark: str, pos: int) -> None:
        if len(self.items) >= MAX_OPEN:
            oldest, _ = self.items.pop(0)
            self.count[oldest] -= 1
        self.items.append((mark, pos))
        self.count[mark] = self.count.get(mark, 0) + 1

    def top(self) -> str | None:
        return self.items[-1][0] if self.items else None

    def has(self, marks: str) -> bool:
        return any(self.count.get(m, 0) for m in marks)

    def pop_to(self, marks: str) -> tuple[str, int]:
        """Pop down to the nearest opener in ``marks`` (openers above it stay unclosed)."""
        while True:
            mark, pos = self.items.pop()
            self.count[mark] -= 1
            if mark in marks:
                return mark, pos

    def clear(self) -> None:
        self.items.clear()
        self.count.clear()


def _opening(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in OPEN_BEFORE and not after.isspace()


def _closing(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and after in CLOSE_AFTER


def _paragraph_break(text: str, i: int, wrapped: bool) -> bool:
    if not wrapped:
        return True
    j = i + 1
    while j < len(text) and text[j] in " \t\r\u00a0":
        j += 1
    return j >= len(text) or text[j] == "\n"


CONTINUED = "«„“"


def _continuation(text: str, i: int, stack: _Stack) -> int | None:
    """A quotation that runs over paragraphs (each opening with «, only the last closing):
    the position of the next paragraph's opening mark when it repeats the one still open."""
    top = stack.top()
    if top is None or top not in CONTINUED:
        return None
    j = i
    while j < len(text) and text[j].isspace():
        j += 1
    return j if j < len(text) and text[j] == top else None


def _paired(text: str, wrapped: bool) -> list[QuotedSpan]:
    stack = _Stack()
    spans: list[QuotedSpan] = []
    skip = -1
    for match in MARKS.finditer(text):
        i, c = match.start(), TYPED.get(match.group(), match.group())
        if i == skip:
            continue  # the repeated « of a quotation's next paragraph
        if c == "\n":
            if _paragraph_break(text, i, wrapped):
                again = _continuation(text, i, stack)
                if again is None:
                    stack.clear()
                else:
                    skip = again
            continue
        closes = _closable(text, i, c, stack)
        if closes:
            mark, pos = stack.pop_to(closes)
            span = _span(text, pos, i, mark, len(stack.items), len(match.group()))
            if span is not None:
                spans.append(span)
        elif _opens(text, i, c):
            stack.push(c, pos=i)
    return spans


def _closable(text: str, i: int, c: str, stack: _Stack) -> str:
    """The openers that mark ``c`` at ``i`` closes here ('' if it does not close)."""
    top = stack.top()
    if c == "»":
        return "«<" if stack.has("«<") else ""
    if c == "“":
        if top == "„" or (top == "“" and _closing(text, i)):
            return top
        return ""
    if c == "”":
        if stack.has("„“”") and (top in ("„", "“", "”") or _closing(text, i)):
            return "„“”"
        return ""
    if c == "‘":
        return "‚" if top == "‚" else ""
    if c == "’":
        return "‚‘" if top in ("‚", "‘") and _closing(text, i) else ""
    if c == "\"" and stack.has("\"") and _closing(text, i):
        return "\"" if top == "\"" or not _opening(text, i) else ""
    return ""


def _opens(text: str, i: int, c: str) -> bool:
    if c in "«„‚<":
        return True
    if c in "“‘\"”":
        return _opening(text, i)
    return False


def _span(
    text: str, open_at: int, close_at: int, mark: str, depth: int, close_width: int = 1
) -> QuotedSpan | None:
    width = 2 if mark == "<" else 1
    start, end = _strip(text, open_at + width, close_at)
    if start >= end:
        return None
    style = "«" if mark == "<" else mark
    return QuotedSpan(open_at, open_at + width, start, end, close_at, close_at + close_width,
                      style, depth)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _dialogue(text: str) -> list[QuotedSpan]:
    spans: list[QuotedSpan] = []
    pos = 0
    previous = ""
    for line in text.split("\n"):
        head = DASH_LINE.match(line)
        if head and _speech_like(line[head.end():]) and not AFTER_QUOTE.search(previous):
            dash = pos + len(head.group().rstrip(" \t\u00a0")) - 1
            spans.extend(_dialogue_line(text, pos + len(line), pos + head.end(), dash))
        if line.strip():
            previous = line
        pos += len(line) + 1
    return spans


def _speech_like(rest: str) -> bool:
    """Speech opens with a capital or an ellipsis; a list item (lowercase, ';') does not."""
    rest = rest.rstrip()
    return bool(rest) and (rest[0].isupper() or rest[0] in ".…") and not rest.endswith(";")


def _dialogue_line(text: str, line_end: int, speech_start: int, dash: int) -> list[QuotedSpan]:
    """Speech segments of one dialogue line: speech, author's words, speech, ..."""
    spans: list[QuotedSpan] = []
    open_start, start = dash, speech_start
    while start < line_end:
        stop = SPEECH_END.search(text, start, line_end)
        close_start = stop.start() if stop else line_end
        close_end = stop.end() if stop else line_end
        s, e = _strip(text, start, close_start)
        if s < e:
            spans.append(QuotedSpan(open_start, open_start + 1, s, e, close_start, close_end,
                                    "—", 0))
        if stop is None:
            break
        resume = SPEECH_RESUME.search(text, close_end, line_end)
        if resume is None:
            break
        open_start = resume.end() - 1
        while text[open_start] not in "—–":
            open_start -= 1
        start = resume.end()
    return spans
