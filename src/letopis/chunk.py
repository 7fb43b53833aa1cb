"""Long texts in bounded memory: split at paragraph boundaries, analyze, merge.

A text longer than ``CHUNK_CHARS`` is cut into pieces that end at a line break where
one is near (else at a space), each piece runs through the pipeline on its own, and the
results are shifted back into the offsets of the whole text. Entities of the pieces are
joined on (label, canonical name). Working layers (tokens, sentences) are dropped from
the merged document so memory stays proportional to the annotations, not the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from letopis.doc import Claim, Cue, Document, Entity, Mention, Meta, Phrase, Quote, Relation

CHUNK_CHARS = 100_000


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Half-open piece intervals covering ``text``, each at most ``size`` long."""
    bounds = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut >= 0:
                end = cut + 1
        bounds.append((start, end))
        start = end
    return bounds


def analyze_chunked(
    text: str, source: str | None, pipeline: Callable[[Document], Document],
    size: int = CHUNK_CHARS, meta: Meta | None = None,
) -> Document:
    """Run ``pipeline`` over ``text`` piece by piece and merge the results; every piece
    sees the document's ``meta`` (its date, author, orthography)."""
    meta = meta or Meta()
    if len(text) <= size:
        return pipeline(Document(text, source, meta=replace(meta)))
    whole = Document(text, source, meta=replace(meta))
    by_key: dict[tuple[str, str], Entity] = {}
    for start, end in chunk_bounds(text, size):
        piece = pipeline(Document(text[start:end], meta=replace(meta)))
        merge_piece(whole, piece, start, by_key)
    return whole


def merge_piece(
    whole: Document, piece: Document, offset: int, by_key: dict[tuple[str, str], Entity]
) -> None:
    """Append ``piece``'s annotations to ``whole``, shifted by ``offset``."""
    mids = {m.id: f"m{len(whole.mentions) + i + 1}" for i, m in enumerate(piece.mentions)}
    eids: dict[str, str] = {}
    for e in piece.entities:
        target = by_key.get((e.label, e.name))
        if target is None:
            target = Entity(f"e{len(whole.entities) + 1}", e.label, e.name, wikidata=e.wikidata,
                            geonames=e.geonames, coords=e.coords)
            whole.entities.append(target)
            by_key[(e.label, e.name)] = target
        target.aliases.extend(a for a in e.aliases if a not in target.aliases)
        target.mentions.extend(mids[m] for m in e.mentions)
        eids[e.id] = target.id
    for m in piece.mentions:
        whole.mentions.append(Mention(
            mids[m.id], m.start + offset, m.end + offset, m.text, m.label,
            eids.get(m.entity) if m.entity else None,
        ))
    whole.dates.extend(replace(d, mention=mids[d.mention]) for d in piece.dates)
    qbase, cbase, rbase = len(whole.quotes), len(whole.claims), len(whole.relations)
    for i, q in enumerate(piece.quotes):
        whole.quotes.append(Quote(
            f"q{qbase + i + 1}", q.start + offset, q.end + offset, q.text, q.kind,
            eids.get(q.speaker) if q.speaker else None, _shift(q.cue, offset),
            _shift_phrase(q.speaker_span, offset),
        ))
    for i, c in enumerate(piece.claims):
        whole.claims.append(Claim(
            f"c{cbase + i + 1}", c.start + offset, c.end + offset, c.text,
            eids.get(c.holder) if c.holder else None,
            eids.get(c.source) if c.source else None, _shift(c.cue, offset),
            _shift_phrase(c.holder_span, offset),
        ))
    for i, r in enumerate(piece.relations):
        whole.relations.append(Relation(
            f"r{rbase + i + 1}", r.type, mids[r.head], mids[r.tail],
            r.start + offset, r.end + offset, r.score,
        ))


def _shift_phrase(phrase: Phrase | None, offset: int) -> Phrase | None:
    if phrase is None:
        return None
    return Phrase(phrase.start + offset, phrase.end + offset, phrase.text)


def _shift(cue: Cue | None, offset: int) -> Cue | None:
    return None if cue is None else Cue(cue.start + offset, cue.end + offset)
