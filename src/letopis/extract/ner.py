"""Named entities with slovnet's news NER (PER/LOC/ORG), mapped to NEREL labels.

LOC is refined to COUNTRY, CITY or STATE_OR_PROVINCE when the geographic gazetteer
(``letopis.extract.geo``) knows the name; otherwise it stays LOCATION.
"""

from __future__ import annotations

from letopis.doc import Document
from letopis.models import slovnet_ner

SLOVNET_TO_NEREL = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION"}
BATCH = 8


def tag_ner(doc: Document) -> Document:
    """Add PERSON, ORGANIZATION and place mentions found by slovnet.

    Reads: text, sentences, tokens (lemmas for the place refinement). Writes: mentions.
    """
    from letopis.extract.geo import place_label

    sentences = [s for s in doc.sentences if s.text.strip()]
    if not sentences:
        return doc
    tagger = slovnet_ner()
    markups = tagger.map([s.text for s in sentences])
    for sent, markup in zip(sentences, markups, strict=True):
        for span in markup.spans:
            label = SLOVNET_TO_NEREL.get(span.type)
            start, end = _trim(doc.text, sent.start + span.start, sent.start + span.stop)
            if label is None or start >= end:
                continue
            if label == "LOCATION":
                label = place_label(doc, start, end)
            doc.add_mention(start, end, label)
    return doc


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace and quote marks from an interval."""
    strip = " \t\r\n\u00a0«»\"“”„"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end
