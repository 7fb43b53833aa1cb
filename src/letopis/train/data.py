"""NEREL brat documents (and factRuEval's PER/LOC/ORG) -> razdel sentences with gold spans."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from razdel import sentenize, tokenize

from letopis.doc import LABELS
from letopis.eval.nerel import BratDoc, gold_entities, read_split
from letopis.exec.features import split_tokens

NONE = "O"
CLASSES: tuple[str, ...] = (NONE, *LABELS)


@dataclass
class Sentence:
    """One sentence: token texts, their character offsets, gold spans (i, j, label)."""

    doc: int
    words: list[str]
    offsets: list[tuple[int, int]]
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    partial: bool = False  # factRuEval: only PER/LOC/ORG names are marked
    unlabelled: bool = False  # raw text: only a teacher's soft targets train on it


@dataclass
class Corpus:
    """The sentences of a split, the gold character spans per document and alignment stats."""

    sentences: list[Sentence]
    gold: list[set[tuple[int, int, str]]]
    stats: Counter[str] = field(default_factory=Counter)


def split_doc(text: str, index: int, pieces: bool = False) -> list[Sentence]:
    """razdel sentences and tokens, as ``letopis.segment`` makes them; with ``pieces``,
    tokens split at their inner dashes (``letopis.exec.features.pieces``)."""
    out = []
    for sent in sentenize(text):
        spans = [(sent.start + t.start, sent.start + t.stop) for t in tokenize(sent.text)]
        if pieces:
            spans = split_tokens(text, spans)[0]
        out.append(Sentence(index, [text[a:b] for a, b in spans], spans))
    return out


TokenAt = dict[int, tuple[int, int]]


def token_index(sents: list[Sentence]) -> tuple[TokenAt, TokenAt]:
    """Character offset -> (sentence, token) for every token start and every token end."""
    starts: TokenAt = {}
    ends: TokenAt = {}
    for s_index, sent in enumerate(sents):
        for t_index, (start, end) in enumerate(sent.offsets):
            starts[start] = (s_index, t_index)
            ends[end] = (s_index, t_index)
    return starts, ends


def _align(doc: BratDoc, sents: list[Sentence], max_width: int, stats: Counter[str]) -> None:
    starts, ends = token_index(sents)
    seen = set()
    for ent in doc.entities.values():
        stats["entities"] += 1
        if len(ent.fragments) > 1:
            stats["discontinuous (skipped)"] += 1
            continue
        a, b = starts.get(ent.start), ends.get(ent.end)
        if a is None or b is None:
            stats["not on token boundaries (skipped)"] += 1
            continue
        if a[0] != b[0]:
            stats["across sentences (skipped)"] += 1
            continue
        if b[1] - a[1] + 1 > max_width:
            stats[f"wider than {max_width} tokens (skipped)"] += 1
            continue
        key = (a[0], a[1], b[1] + 1)
        if key in seen:
            stats["same span, second label (skipped)"] += 1
            continue
        seen.add(key)
        sents[a[0]].spans.append((a[1], b[1] + 1, ent.label))
        stats["used"] += 1


def load_corpus(folder: str | Path, max_width: int, limit: int | None = None,
                pieces: bool = False) -> Corpus:
    """Read a NEREL split folder into sentences with gold token spans."""
    corpus = Corpus([], [])
    for index, doc in enumerate(read_split(Path(folder), limit)):
        sents = split_doc(doc.text, index, pieces)
        _align(doc, sents, max_width, corpus.stats)
        corpus.sentences.extend(s for s in sents if s.words)
        corpus.gold.append(gold_entities(doc)[0])
    return corpus


def load_factru(folder: str | Path, max_width: int, limit: int | None = None,
                pieces: bool = False) -> Corpus:
    """factRuEval documents as partial sentences: their PER/LOC/ORG names only.

    Gold spans come from ``letopis.eval.factru.gold_items`` (flat names) and are labelled
    PER, LOC or ORG; ``partial`` tells the loss that other spans are only known not to
    be such names (see ``letopis.train.loop.encode``).
    """
    from letopis.eval.factru import gold_items
    from letopis.eval.factru import read_split as read_factru

    corpus = Corpus([], [])
    for index, doc in enumerate(read_factru([Path(folder)], limit)):
        sents = split_doc(doc.text, index, pieces)
        for sent in sents:
            sent.partial = True
        starts, ends = token_index(sents)
        for start, end, kind in gold_items(doc):
            corpus.stats["entities"] += 1
            a, b = starts.get(start), ends.get(end)
            if a is None or b is None or a[0] != b[0] or b[1] - a[1] + 1 > max_width:
                corpus.stats["not aligned or too wide (skipped)"] += 1
                continue
            sents[a[0]].spans.append((a[1], b[1] + 1, kind))
            corpus.stats["used"] += 1
        corpus.sentences.extend(s for s in sents if s.words)
        corpus.gold.append(set())
    return corpus


def load_unlabelled(folder: str | Path, words: int, seed: int = 13,
                    max_tokens: int = 60) -> Corpus:
    """About ``words`` tokens of raw text from the ``.txt`` files under ``folder``: its
    paragraphs shuffled with ``seed``, split into razdel sentences of 3 to ``max_tokens``
    tokens, marked ``unlabelled`` (no gold; a teacher labels them)."""
    import random

    paragraphs: list[str] = []
    for path in sorted(Path(folder).rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        paragraphs.extend(p for p in text.split("\n") if len(p.split()) >= 3)
    random.Random(seed).shuffle(paragraphs)
    corpus = Corpus([], [])
    count = 0
    for index, para in enumerate(paragraphs):
        if count >= words:
            break
        for sent in split_doc(para, index):
            if 3 <= len(sent.words) <= max_tokens:
                sent.unlabelled = True
                corpus.sentences.append(sent)
                count += len(sent.words)
    corpus.stats["tokens"] = count
    corpus.stats["sentences"] = len(corpus.sentences)
    return corpus
