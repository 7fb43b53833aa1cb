"""razdel's tokenizer without its per-boundary overhead: the same tokens, found faster.

razdel cuts a text into atoms (a run of Cyrillic letters, of Latin letters, of digits,
one punctuation mark or one other character) and then decides at every boundary between
two atoms whether they join into one token. Its rules are only consulted where nothing
separates the two atoms (``segment`` in ``razdel.segmenters.tokenize``): atoms with
whitespace between them always stay apart. Here the atoms come from razdel's own
pattern, and only at the boundaries with nothing between them is razdel's own rule set
asked, with the atoms its rules look at (two on each side) and the same token-so-far,
so the tokens are razdel's exactly; the rest of the boundaries cost nothing.
"""

from __future__ import annotations

from razdel.segmenters.tokenize import ATOM, Atom, TokenSplit
from razdel.segmenters.tokenize import tokenize as razdel_tokenize

WINDOW = 2  # atoms on each side of a boundary that razdel's token rules look at


def token_spans(text: str) -> list[tuple[int, int]]:
    """razdel's tokens of ``text`` as half-open (start, end) offsets, in order."""
    atoms = _Atoms(text)
    spans: list[tuple[int, int]] = []
    for i, match in enumerate(atoms.matches):
        start, end = match.span()
        if spans and spans[-1][1] == start and atoms.joins(i, spans[-1][0]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


class _Atoms:
    """razdel's atoms of one text; the Atom records are made only where a rule needs them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.matches = list(ATOM.finditer(text))
        self.made: dict[int, Atom] = {}

    def atom(self, i: int) -> Atom:
        found = self.made.get(i)
        if found is None:
            match = self.matches[i]
            found = Atom(match.start(), match.end(), match.lastgroup, match.group(0))
            self.made[i] = found
        return found

    def joins(self, i: int, token_start: int) -> bool:
        """razdel's verdict on the touching atoms ``i - 1`` and ``i`` (True: one token)."""
        left = [self.atom(k) for k in range(max(0, i - WINDOW), i)]
        right = [self.atom(k) for k in range(i, min(len(self.matches), i + WINDOW))]
        split = TokenSplit(left, "", right)
        split.buffer = self.text[token_start:self.matches[i - 1].end()]
        return bool(razdel_tokenize.join(split))
