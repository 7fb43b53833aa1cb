"""Titled documents and works: a mention over the content of each title quote.

A quoted title introduced by a noun that names a kind of thing (``постановление «…»``,
``речь под названием «…»``, ``журнала «…»``) becomes a mention over the title without
its marks: LAW for acts (постановление, закон, указ, декрет, кодекс, резолюция, ...),
WORK_OF_ART for books, speeches, articles, films, songs ..., ORGANIZATION for
periodicals, publishers and broadcasters (NEREL annotates media names as ORGANIZATION).
Where NER already put an ORGANIZATION mention on the same interval, an ORGANIZATION
title adds nothing, and a LAW or WORK_OF_ART title replaces it (the noun is the stronger
evidence) unless another annotation already refers to it.
"""

from __future__ import annotations

from letopis.doc import Document
from letopis.extract.cues import TITLE_NOUNS, TokenView
from letopis.extract.quotes import classify_all


def tag_works(doc: Document) -> Document:
    """Add LAW / WORK_OF_ART / ORGANIZATION mentions over quoted titles.

    Reads: text, tokens (lemmas, tags), sentences, mentions. Writes: mentions.
    """
    view = TokenView(doc)
    for span, kind in zip(view.spans, classify_all(view), strict=True):
        if kind.kind != "title" or kind.noun is None:
            continue
        label = TITLE_NOUNS.get(view.lemma(kind.noun))
        if label is None:
            continue
        if label != "ORGANIZATION":
            _drop_organization(doc, span.start, span.end)
        doc.add_mention(span.start, span.end, label)
    return doc


def _drop_organization(doc: Document, start: int, end: int) -> None:
    """Remove an unreferenced ORGANIZATION mention over exactly ``[start, end)``."""
    used = {r.head for r in doc.relations} | {r.tail for r in doc.relations}
    used |= {d.mention for d in doc.dates}
    doc.mentions = [m for m in doc.mentions if not (
        m.start == start and m.end == end and m.label == "ORGANIZATION" and m.id not in used)]
