"""Sentence and token segmentation with razdel."""

from __future__ import annotations

from razdel import sentenize

from letopis.doc import Document, Sentence, Token
from letopis.segment.tokens import token_spans

# A sentence of more tokens is cut into pieces of at most this many (NEREL's longest
# sentence has 242): the NER model's memory and time grow with a sentence's length, and
# a flood of punctuation (2 M brackets, 5 MB of «) is otherwise one sentence.
MAX_SENTENCE_TOKENS = 256


def segment(doc: Document) -> Document:
    """Split the text into sentences and tokens (razdel's, see ``segment.tokens``); a
    sentence over ``MAX_SENTENCE_TOKENS`` tokens becomes several, cut between tokens.

    Reads: text. Writes: sentences, tokens (offsets into the untouched text).
    """
    text = doc.text
    doc.sentences = []
    doc.tokens = []
    for sent in sentenize(text):
        offset = sent.start
        spans = [(offset + start, offset + end) for start, end in token_spans(sent.text)]
        doc.tokens.extend(Token(start, end, text[start:end]) for start, end in spans)
        for lo in range(0, max(len(spans), 1), MAX_SENTENCE_TOKENS):
            start = spans[lo][0] if lo else sent.start
            hi = lo + MAX_SENTENCE_TOKENS
            end = spans[hi][0] if hi < len(spans) else sent.stop
            doc.sentences.append(Sentence(start, end, text[start:end]))
    return doc
