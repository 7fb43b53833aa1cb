"""What the writer needs besides the document: its lemma text and dated mentions.

``prepare`` is pure and picklable, so it runs in the analysis workers and the single
writer only inserts rows.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from letopis.doc import Document
from letopis.store.edtf import edtf_years
from letopis.store.lemmas import lemma_text


@dataclass
class Prepared:
    """A document ready to store: lemmas for FTS5, mention id -> nearest date mention and
    entity id -> its identity keys (``letopis.store.identity``; computed here so that the
    single writer only looks them up)."""

    doc: Document
    lemmas: str
    near_dates: dict[str, str] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)


def prepare(doc: Document) -> Prepared:
    """Lemmatize ``doc`` and link each entity mention to a date of its sentence."""
    from letopis.store.identity import entity_keys

    return Prepared(doc, lemma_text(doc.text), near_dates(doc),
                    {e.id: entity_keys(e) for e in doc.entities})


def sentence_starts(text: str) -> list[int]:
    """Start offsets of the sentences of ``text`` (razdel)."""
    from razdel import sentenize

    return [s.start for s in sentenize(text)]


def near_dates(doc: Document) -> dict[str, str]:
    """Entity mention id -> the closest DATE mention with a year in the same sentence."""
    dated = {d.mention: d.edtf for d in doc.dates if edtf_years(d.edtf) is not None}
    if not dated:
        return {}
    starts = sentence_starts(doc.text)
    by_sentence: dict[int, list[tuple[int, str]]] = {}
    for m in doc.mentions:
        if m.id in dated:
            by_sentence.setdefault(_index(starts, m.start), []).append((m.start, m.id))
    links = {}
    for m in doc.mentions:
        if m.entity is None or m.id in dated:
            continue
        found = by_sentence.get(_index(starts, m.start))
        if found:
            links[m.id] = min(found, key=lambda item: abs(item[0] - m.start))[1]
    return links


def _index(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1
