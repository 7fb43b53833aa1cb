"""Escaping and span markup: wrap code-point intervals of a text in balanced elements."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from letopis.doc import Mention
from letopis.export import printable

# Rank of same-interval spans: lower opens first, i.e. is outermost.
RANK_EVIDENCE, RANK_CLAIM, RANK_QUOTE, RANK_CUE, RANK_MENTION = -1, 0, 1, 2, 3


def e(value: object) -> str:
    """HTML-escape any document string for text or a quoted attribute."""
    return html.escape(printable(str(value)), quote=True).replace("/", "&#47;")


@dataclass(frozen=True)
class Span:
    """An element to wrap around ``text[start:end]``."""

    start: int
    end: int
    rank: int
    tag: str
    attrs: tuple[tuple[str, str], ...]

    def open(self, cont: bool = False) -> str:
        """The opening tag; a continuation piece gets the extra class ``cont`` and no
        ``id`` (an anchor names the first piece only)."""
        parts = []
        for name, value in self.attrs:
            if cont and name == "id":
                continue
            if cont and name == "class":
                value = f"{value} cont"
            parts.append(f' {name}="{e(value)}"')
        return f"<{self.tag}{''.join(parts)}>"


def render_spans(text: str, spans: Iterable[Span]) -> str:
    """Escaped ``text`` with every span wrapped; crossing spans are split, never broken.

    Spans outside the text or empty are ignored. At each boundary the spans that end
    are closed together with everything opened inside them; those that go on are
    reopened as continuation pieces.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    starts: dict[int, list[Span]] = defaultdict(list)
    for span in valid:
        starts[span.start].append(span)
    points = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out: list[str] = []
    stack: list[Span] = []
    pos = 0
    for point in points:
        if point > pos:
            out.append(e(text[pos:point]))
            pos = point
        cut = next((i for i, s in enumerate(stack) if s.end == point), len(stack))
        closed = stack[cut:]
        out.extend(f"</{s.tag}>" for s in reversed(closed))
        del stack[cut:]
        going_on = [(s, True) for s in closed if s.end > point]
        opening = going_on + [(s, False) for s in starts.get(point, [])]
        for span, cont in sorted(opening, key=lambda pair: (-pair[0].end, pair[0].rank)):
            out.append(span.open(cont))
            stack.append(span)
    return "".join(out)


def join_ids(mentions: Iterable[Mention]) -> str:
    """Mention ids as one space-separated attribute value."""
    return " ".join(m.id for m in mentions)
