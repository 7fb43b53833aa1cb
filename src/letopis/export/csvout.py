"""CSV tables of a corpus: a directory of seven UTF-8 files with a header row.

``documents.csv``, ``mentions.csv``, ``entities.csv`` (corpus entities), ``dates.csv``,
``quotes.csv``, ``claims.csv``, ``relations.csv``; columns in ``TABLES`` and
docs/export.md. Entity columns hold corpus entity ids (``E…``); the relations table
also names both sides and the type in Russian (``letopis.kb.facts``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from letopis.doc import Cue, Document, Phrase
from letopis.export import ExportError, printable
from letopis.export.corpus import corpus_entities, corpus_ids
from letopis.kb.facts import Party, doc_facts
from letopis.store.edtf import stored_years

Row = list[object]

TABLES: dict[str, list[str]] = {
    "documents": ["doc", "source", "chars", "mentions", "entities", "dates", "quotes",
                  "claims", "relations"],
    "mentions": ["doc", "mention", "start", "end", "label", "text", "entity"],
    "entities": ["entity", "label", "name", "wikidata", "documents", "mentions", "aliases",
                 "geonames", "lat", "lon"],
    "dates": ["doc", "mention", "start", "end", "text", "edtf", "year_lo", "year_hi"],
    "quotes": ["doc", "quote", "start", "end", "kind", "text", "speaker", "cue_start",
               "cue_end", "speaker_span_start", "speaker_span_end", "speaker_span_text"],
    "claims": ["doc", "claim", "start", "end", "text", "holder", "source", "cue_start",
               "cue_end", "holder_span_start", "holder_span_end", "holder_span_text"],
    "relations": ["doc", "relation", "type", "name", "head", "head_entity", "head_name",
                  "head_label", "tail", "tail_entity", "tail_name", "tail_label", "start",
                  "end", "evidence", "score", "edtf"],
}


def _cue(cue: Cue | None) -> Row:
    return ["", ""] if cue is None else [cue.start, cue.end]


def _phrase(phrase: Phrase | None) -> Row:
    """An unnamed speaker's or holder's phrase: start, end, text (empty cells if none)."""
    return ["", "", ""] if phrase is None else [phrase.start, phrase.end,
                                                printable(phrase.text)]


def _documents(docs: list[Document]) -> Iterator[Row]:
    for d in docs:
        yield [d.id, printable(d.source or ""), len(d.text), len(d.mentions), len(d.entities),
               len(d.dates), len(d.quotes), len(d.claims), len(d.relations)]


def _mentions(docs: list[Document]) -> Iterator[Row]:
    for d in docs:
        local = corpus_ids(d)
        for m in d.mentions:
            yield [d.id, m.id, m.start, m.end, m.label, printable(m.text),
                   local.get(m.entity or "", "")]


def _entities(docs: list[Document]) -> Iterator[Row]:
    for e in corpus_entities(docs).values():
        lat, lon = e.coords if e.coords and len(e.coords) == 2 else ("", "")
        yield [e.id, e.label, printable(e.name), e.wikidata or "", len(e.documents),
               e.mentions, printable(" | ".join(e.aliases)), e.geonames or "", lat, lon]


def _dates(docs: list[Document]) -> Iterator[Row]:
    for d in docs:
        spans = {m.id: m for m in d.mentions}
        for v in d.dates:
            m = spans.get(v.mention)
            lo, hi = stored_years(v.edtf) or (None, None)  # an open end: empty, no sentinel
            where = [m.start, m.end, printable(m.text)] if m else ["", "", ""]
            yield [d.id, v.mention, *where, printable(v.edtf), "" if lo is None else lo,
                   "" if hi is None else hi]


def _quotes(docs: list[Document]) -> Iterator[Row]:
    for d in docs:
        local = corpus_ids(d)
        for q in d.quotes:
            yield [d.id, q.id, q.start, q.end, q.kind, printable(q.text),
                   local.get(q.speaker or "", ""), *_cue(q.cue), *_phrase(q.speaker_span)]


def _claims(docs: list[Document]) -> Iterator[Row]:
    for d in docs:
        local = corpus_ids(d)
        for c in d.claims:
            yield [d.id, c.id, c.start, c.end, printable(c.text), local.get(c.holder or "", ""),
                   local.get(c.source or "", ""), *_cue(c.cue), *_phrase(c.holder_span)]


def _side(party: Party, local: dict[str, str]) -> Row:
    """A relation's side: mention id, corpus entity id (empty if none), name, label."""
    return [party.mention, local.get(party.entity or "", ""), printable(party.name),
            party.label]


def _relations(docs: list[Document]) -> Iterator[Row]:
    for d in docs:
        local = corpus_ids(d)
        for f in doc_facts(d):
            yield [d.id, f.relation, f.type, f.name, *_side(f.subject, local),
                   *_side(f.other, local), f.start, f.end, printable(d.text[f.start:f.end]),
                   f.score, " ".join(f.edtf)]


_ROWS = {"documents": _documents, "mentions": _mentions, "entities": _entities,
         "dates": _dates, "quotes": _quotes, "claims": _claims, "relations": _relations}


def write_csv_dir(docs: list[Document], out_dir: str | Path) -> list[Path]:
    """Write the seven tables into ``out_dir`` (created); the paths written."""
    out = Path(out_dir)
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, header in TABLES.items():
            path = out / f"{name}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(_ROWS[name](docs))
            written.append(path)
    except OSError as error:
        raise ExportError(f"cannot write CSV files to {out}: {error.strerror or error}") from None
    return written
