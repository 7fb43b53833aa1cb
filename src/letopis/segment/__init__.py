"""Sentence and token segmentation with razdel."""

from __future__ import annotations

from razdel import sentenize, tokenize

from letopis.doc import Document, Sentence, Token


def segment(doc: Document) -> Document:
    """Split the text into sentences and tokens.

    Reads: text. Writes: sentences, tokens (offsets into the untouched text).
    """
    text = doc.text
    doc.sentences = []
    doc.tokens = []
    for sent in sentenize(text):
        doc.sentences.append(Sentence(sent.start, sent.stop, sent.text))
        for tok in tokenize(sent.text):
            start = sent.start + tok.start
            doc.tokens.append(Token(start, start + len(tok.text), tok.text))
    return doc
