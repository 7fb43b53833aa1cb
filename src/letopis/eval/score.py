"""Exact-match precision, recall and F1 over sets of labelled items.

An item is a tuple whose last element is its label, e.g. ``(start, end, label)``. Gold
and predicted items are compared per document as sets (duplicates count once); counts
are summed over documents, per label and over all labels (micro average).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from letopis.doc import PLACE_LABELS

Item = tuple[Any, ...]

PER, LOC, ORG = "PER", "LOC", "ORG"
COARSE_TYPES: tuple[str, ...] = (PER, LOC, ORG)
# NEREL label -> coarse PER/LOC/ORG; labels not listed are left out of coarse scoring.
COARSE: dict[str, str] = {
    "PERSON": PER,
    "ORGANIZATION": ORG,
    **{label: LOC for label in sorted(PLACE_LABELS)},
}


@dataclass
class Counts:
    """True positives, predictions and gold items of one label (or of all)."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        """Add one document's counts."""
        self.tp += tp
        self.pred += pred
        self.gold += gold

    @property
    def precision(self) -> float | None:
        """tp / pred, None when nothing was predicted."""
        return self.tp / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        """tp / gold, None when there is no gold item."""
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        """2 tp / (pred + gold): the harmonic mean of P and R; None when both are empty."""
        total = self.pred + self.gold
        return 2 * self.tp / total if total else None

    def to_dict(self) -> dict[str, Any]:
        """Counts and the three ratios (None where undefined)."""
        return {"tp": self.tp, "pred": self.pred, "gold": self.gold,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class Scores:
    """Counts per label and their micro sum."""

    labels: dict[str, Counts] = field(default_factory=dict)
    micro: Counts = field(default_factory=Counts)

    def add_doc(self, gold: set[Item], pred: set[Item], label: Callable[[Item], str]) -> None:
        """Compare one document's gold and predicted sets and add the counts."""
        for name in sorted({label(i) for i in gold} | {label(i) for i in pred}):
            g = {i for i in gold if label(i) == name}
            p = {i for i in pred if label(i) == name}
            self.labels.setdefault(name, Counts()).add(len(g & p), len(p), len(g))
        self.micro.add(len(gold & pred), len(pred), len(gold))

    def merge(self, other: Scores) -> None:
        """Add another set of scores (e.g. one document's) to this one."""
        for name, counts in other.labels.items():
            self.labels.setdefault(name, Counts()).add(counts.tp, counts.pred, counts.gold)
        self.micro.add(other.micro.tp, other.micro.pred, other.micro.gold)

    def to_dict(self) -> dict[str, Any]:
        """Per-label and micro counts with their ratios."""
        return {"labels": {k: v.to_dict() for k, v in sorted(self.labels.items())},
                "micro": self.micro.to_dict()}


def last(item: Item) -> str:
    """The label of an item: its last element."""
    return str(item[-1])


def score_docs(pairs: Iterable[tuple[set[Item], set[Item]]]) -> Scores:
    """Exact-match scores over (gold, predicted) item sets, one pair per document."""
    scores = Scores()
    for gold, pred in pairs:
        scores.add_doc(set(gold), set(pred), last)
    return scores


def relabel(items: Iterable[Item], mapping: dict[str, str]) -> set[Item]:
    """Items with their label mapped; items whose label is not in ``mapping`` are dropped."""
    out = set()
    for item in items:
        new = mapping.get(str(item[-1]))
        if new is not None:
            out.add((*item[:-1], new))
    return out


def dedup(items: Iterable[Hashable]) -> tuple[set[Any], int]:
    """The set of items and how many duplicates were dropped."""
    items = list(items)
    unique = set(items)
    return unique, len(items) - len(unique)
