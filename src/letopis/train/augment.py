"""Mention replacement: training sentences with some names swapped for other names of the
same type, so that the model reads a name's context and shape rather than its words.

Only isolated spans are swapped (a span that overlaps no other gold span of its sentence:
``Москве`` in ``приехал в Москве``, not ``КПСС`` inside ``ЦК КПСС``), for another isolated
span of the same label taken from the training sentences; the spans after it shift.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace

from letopis.train.data import Sentence

Span = tuple[int, int, str]


def isolated_spans(sent: Sentence) -> list[Span]:
    """The gold spans of ``sent`` that share no token with another of its spans."""
    spans = sent.spans
    return [a for a in spans
            if not any(b is not a and b[0] < a[1] and a[0] < b[1] for b in spans)]


def mention_pool(sents: Sequence[Sentence]) -> dict[str, list[tuple[str, ...]]]:
    """The token lists of the isolated spans of full (not partial) sentences, by label,
    each distinct list once, in order of first appearance."""
    pool: dict[str, dict[tuple[str, ...], None]] = {}
    for sent in sents:
        if sent.partial:
            continue
        for i, j, label in isolated_spans(sent):
            pool.setdefault(label, {})[tuple(sent.words[i:j])] = None
    return {label: list(found) for label, found in pool.items()}


def replace_mentions(sent: Sentence, pool: dict[str, list[tuple[str, ...]]],
                     rng: random.Random, chance: float, max_width: int) -> Sentence | None:
    """A copy of ``sent`` with each isolated span swapped, with ``chance``, for a random
    pool mention of its label (None when nothing was swapped). The copy's offsets are
    meaningless (the words are no longer the text's); its spans stay within ``max_width``.
    """
    if sent.partial:
        return None
    swaps = {}
    for span in isolated_spans(sent):
        options = pool.get(span[2], [])
        if options and rng.random() < chance:
            new = options[rng.randrange(len(options))]
            if len(new) <= max_width:
                swaps[span[:2]] = new
    if not swaps:
        return None
    words: list[str] = []
    moved: dict[int, int] = {}  # old token index -> its new index (an end: the next start)
    last = 0
    for (a, b), new in sorted(swaps.items()):
        for i in range(last, a):
            moved[i] = len(words)
            words.append(sent.words[i])
        moved[a] = len(words)
        words.extend(new)
        last = b
    for i in range(last, len(sent.words)):
        moved[i] = len(words)
        words.append(sent.words[i])
    moved[len(sent.words)] = len(words)
    spans = [(moved[a], moved[b], label) for a, b, label in sent.spans]
    return replace(sent, words=words, offsets=[(0, 0)] * len(words), spans=spans)
