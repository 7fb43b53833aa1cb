"""The document's author as the holder of first-person claims and quotations.

A memoir, a letter or a party document speaks in the first person: ``я думаю, что …``,
``мы требуем, чтобы …``. When the document's author is known (``Meta.author``: a TEI
header, DOCX/PDF properties or ``--author``), such a claim or quotation with no holder is
the author's. The author is the PERSON entity whose name shares the author's surname,
or a new entity with no mentions (the author is known from the metadata, not the text).
"""

from __future__ import annotations

import bisect

from letopis.doc import Cue, Document, Entity, next_id

FIRST_PERSON = frozenset({"я", "мы"})
REACH = 4
STOPS = frozenset({".", "!", "?", ";", ":", "—", "«", "»"})


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е").strip(".,")


def author_entity(doc: Document) -> str | None:
    """The author's entity id (created when the text never names them); None without one."""
    author = (doc.meta.author or "").strip()
    if not author:
        return None
    words = {_fold(w) for w in author.split() if len(w.strip(".,")) > 2}
    for entity in doc.entities:
        if entity.label == "PERSON" and words & {_fold(w) for w in entity.name.split()}:
            return entity.id
    entity = Entity(next_id("e", doc.entities), "PERSON", author)
    doc.entities.append(entity)
    return entity.id


def _first_person(doc: Document, cue: Cue | None, starts: list[int]) -> bool:
    """The cue verb speaks in the first person: its form (``думаю``, ``требуем``) or
    ``я``/``мы`` within a few words before it in the same clause."""
    if cue is None:
        return False
    i = bisect.bisect_left(starts, cue.start)
    if i >= len(doc.tokens):
        return False
    if "1per" in doc.tokens[i].tag:
        return True
    for k in range(i - 1, max(-1, i - 1 - REACH), -1):
        text = doc.tokens[k].text
        if text in STOPS:
            return False
        if text.lower() in FIRST_PERSON:
            return True
    return False


def tag_authorship(doc: Document) -> Document:
    """Give first-person claims and quotations without a holder to the document's author.

    Reads: meta.author, tokens, claims, quotes, entities. Writes: claims (holder), quotes
    (speaker), entities (the author's, when the text never names them).
    """
    if not doc.meta.author or not doc.tokens:
        return doc
    starts = [t.start for t in doc.tokens]
    claims = [c for c in doc.claims if c.holder is None and _first_person(doc, c.cue, starts)]
    quotes = [q for q in doc.quotes if q.kind == "quotation" and q.speaker is None
              and _first_person(doc, q.cue, starts)]
    if not claims and not quotes:
        return doc
    author = author_entity(doc)
    for claim in claims:
        claim.holder = author
    for quote in quotes:
        quote.speaker = author
    return doc
