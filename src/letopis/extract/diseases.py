"""Diseases named in the text: one DISEASE mention over each name of ``diseases.tsv``.

Parish registers, obituaries, memoirs and reports of epidemics say what people died of
(``умер от чахотки``, ``свирепствовала холера``, ``перенес сыпной тиф``); NEREL's news
rarely names these diseases, so the model does not know them, and reads the newest ones
as an organization or a product (``COVID-19``, ``SARS-CoV-2``). The gazetteer holds the
names (hand-written, general knowledge), matched by their lemmas, longest first; a word
written in lower case there matches only a word in lower case or one opening a sentence
(``Катар`` is no catarrh, which the list leaves out anyway).

A name the model read with another label over exactly the same words becomes a DISEASE;
a DISEASE the model found inside a longer name goes (``инфекции`` of ``коронавирусной
инфекции``); mentions around the name stay (``эпидемия холеры`` keeps its EVENT).
"""

from __future__ import annotations

from functools import cache

from letopis.doc import Document, Token
from letopis.extract.gazetteer import (
    key_starts,
    longest_matches,
    opens_sentence,
    phrase_lemmas,
    phrase_words,
    read_rows,
    sentence_spans,
)

LEXICON = "diseases.tsv"
MAX_TOKENS = 4


def _fold(text: str) -> str:
    return text.replace("ё", "е")


@cache
def disease_keys() -> dict[str, tuple[bool, ...]]:
    """The lemma keys of ``LEXICON`` (ё folded) -> for each word, whether it is written in
    lower case there."""
    keys = {}
    for row in read_rows(LEXICON):
        cases = tuple(word.islower() for word in phrase_words(row[0]))
        keys[_fold(phrase_lemmas(row[0]))] = cases
    return keys


@cache
def disease_starts() -> dict[str, int]:
    """``key_starts`` of the keys (computed once)."""
    return key_starts(disease_keys())


def tag_diseases(doc: Document) -> Document:
    """Add a DISEASE mention over each disease the gazetteer names.

    Reads: text, tokens (lemma), sentences, mentions. Writes: mentions (DISEASE added;
    another label over exactly its words and a DISEASE inside it dropped; ``epidemics``).
    """
    keys = disease_keys()
    found: list[tuple[int, int]] = []
    for first, last in sentence_spans(doc):
        tokens = doc.tokens[first:last]
        lemmas = [_fold(t.lemma) for t in tokens]
        for a, b in longest_matches(lemmas, keys, MAX_TOKENS, disease_starts()):
            key = " ".join(lemmas[a:b])
            if _cased(doc, tokens, first, a, keys[key]):
                found.append((tokens[a].start, tokens[b - 1].end))
    if found:
        spans = set(found)
        doc.mentions = [m for m in doc.mentions
                        if not _replaced(m.start, m.end, m.label, spans)]
        for start, end in found:
            doc.add_mention(start, end, "DISEASE")
    return epidemics(doc)


# an outbreak's nouns: with a disease after them, or alone (``из-за пандемии``), an EVENT
OUTBREAKS = frozenset({"эпидемия", "пандемия", "эпизоотия"})
OUTBREAKS_OF = OUTBREAKS | {"вспышка", "мор"}  # ``вспышка чумы``; not alone (a flash)


def epidemics(doc: Document) -> Document:
    """An epidemic is an EVENT: its noun with the DISEASE right after it (``эпидемии
    холеры``, ``пандемией COVID-19``, ``вспышка чумы``), or ``эпидемия``/``пандемия``
    alone; the disease stays nested, a DISEASE over the whole phrase goes.

    Reads: tokens, mentions. Writes: mentions.
    """
    diseases = {m.start: m.end for m in doc.mentions if m.label == "DISEASE"}
    found = []
    for i, token in enumerate(doc.tokens):
        if token.lemma not in OUTBREAKS_OF:
            continue
        after = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
        if after is not None and after.start in diseases:
            found.append((token.start, diseases[after.start]))
        elif token.lemma in OUTBREAKS:
            found.append((token.start, token.end))
    if not found:
        return doc
    spans = set(found)
    doc.mentions = [m for m in doc.mentions
                    if not ((m.start, m.end) in spans and m.label != "EVENT")]
    for start, end in found:
        doc.add_mention(start, end, "EVENT")
    return doc


def _cased(doc: Document, tokens: list[Token], first: int, a: int,
           lower: tuple[bool, ...]) -> bool:
    """Whether the matched words are written as the gazetteer writes them: a word in lower
    case there is in lower case here, unless it opens the sentence."""
    for k, is_lower in enumerate(lower):
        word = tokens[a + k].text
        if is_lower and not word.islower() and not (
                k == 0 and opens_sentence(doc.text, doc.tokens, first + a)):
            return False
    return True


def _replaced(start: int, end: int, label: str, spans: set[tuple[int, int]]) -> bool:
    """Whether a mention gives way to a disease's name: another label over the same
    words, or a DISEASE strictly inside it."""
    if (start, end) in spans:
        return label != "DISEASE"
    return label == "DISEASE" and any(s <= start and end <= e for s, e in spans)
