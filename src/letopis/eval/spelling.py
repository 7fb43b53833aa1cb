"""Agreement between a pre-1918 text and its modern-spelling transliteration.

The persons and places found in the old spelling should be the ones found in the modern
one: ``entity_keys`` reduces a document to (family, folded name) pairs (places are one
family, ё = е, lower case) and ``agreement`` compares two documents: the pairs both share
over the pairs either has (1.0: the same persons and places), per mention as well.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from letopis.doc import PLACE_LABELS, Document


def _family(label: str) -> str | None:
    if label == "PERSON":
        return "PERSON"
    return "PLACE" if label in PLACE_LABELS else None


def _fold(name: str) -> str:
    return name.lower().replace("ё", "е")


def entity_keys(doc: Document) -> set[tuple[str, str]]:
    """(PERSON or PLACE, folded canonical name) of every person and place entity."""
    keys = set()
    for entity in doc.entities:
        family = _family(entity.label)
        if family is not None:
            keys.add((family, _fold(entity.name)))
    return keys


def mention_keys(doc: Document) -> Counter[tuple[str, str]]:
    """The same pairs per mention (a multiset: how often each is named)."""
    names = {e.id: _fold(e.name) for e in doc.entities}
    keys: Counter[tuple[str, str]] = Counter()
    for m in doc.mentions:
        family = _family(m.label)
        if family is not None and m.entity in names:
            keys[(family, names[m.entity])] += 1
    return keys


@dataclass
class Agreement:
    """Shared over either, for entities and for mentions, and what differs."""

    entities: float
    mentions: float
    only_old: list[tuple[str, str]]
    only_modern: list[tuple[str, str]]


def agreement(old: Document, modern: Document) -> Agreement:
    """How far the persons and places of ``old`` and ``modern`` agree (Jaccard)."""
    a, b = entity_keys(old), entity_keys(modern)
    ma, mb = mention_keys(old), mention_keys(modern)
    either = len(a | b)
    mentions = sum((ma | mb).values())
    return Agreement(
        entities=len(a & b) / either if either else 1.0,
        mentions=sum((ma & mb).values()) / mentions if mentions else 1.0,
        only_old=sorted(a - b), only_modern=sorted(b - a),
    )


def against_gold(doc: Document, persons: list[str], places: list[str]) -> tuple[int, int, int]:
    """(correct, found, gold) for the person and place entities of ``doc`` against an
    annotation of every person and place (names folded like ``entity_keys``)."""
    gold = {("PERSON", _fold(n)) for n in persons} | {("PLACE", _fold(n)) for n in places}
    found = entity_keys(doc)
    return len(found & gold), len(found), len(gold)
