"""Sentence and token segmentation with razdel."""

from __future__ import annotations

from razdel import sentenize

from letopis.doc import Document, Sentence, Token
from letopis.segment.tokens import token_spans


def segment(doc: Document) -> Document:
    """Split the text into sentences and tokens (razdel's, see ``segment.tokens``).

    Reads: text. Writes: sentences, tokens (offsets into the untouched text).
    """
    text = doc.text
    doc.sentences = []
    doc.tokens = []
    for sent in sentenize(text):
        doc.sentences.append(Sentence(sent.start, sent.stop, sent.text))
        offset = sent.start
        doc.tokens.extend(
            Token(offset + start, offset + end, text[offset + start:offset + end])
            for start, end in token_spans(sent.text)
        )
    return doc
