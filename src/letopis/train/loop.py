"""Training: NEREL train -> SpanNer, epoch selected on dev micro-F1, exported as a pack."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from letopis.eval.score import Scores
from letopis.exec.features import (
    CHAR_RESERVED,
    Embedder,
    char_ids,
    morph_ids,
    shape_ids,
    word_tags,
)
from letopis.exec.ner import decode
from letopis.exec.pack import Pack, save_pack
from letopis.train.data import CLASSES, Corpus, Sentence, load_corpus
from letopis.train.model import DEFAULTS, SpanNer, export_arrays

MODEL_NAME = "letopis_ner_nerel"
MODEL_VERSION = "1"


@dataclass
class Options:
    """Training settings."""

    epochs: int = 25
    seed: int = 13
    batch: int = 32
    lr: float = 2e-3
    none_weight: float = 0.5
    threads: int = 2
    min_char_count: int = 2
    limit: int | None = None  # documents per split (tests)
    hyper: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))


@dataclass
class Encoded:
    """A sentence as arrays: local word rows, shapes, chars, gold label grid T x W."""

    words: np.ndarray
    shapes: np.ndarray
    chars: np.ndarray
    char_lengths: np.ndarray
    morph: np.ndarray
    gold: np.ndarray


def char_vocab(sents: Sequence[Sentence], min_count: int) -> list[str]:
    """Characters seen at least ``min_count`` times, most frequent first."""
    counts = Counter(ch for s in sents for w in s.words for ch in w)
    return [ch for ch, n in counts.most_common() if n >= min_count]


class WordTable:
    """The word vectors of the words in the corpora, gathered once from the embedder."""

    def __init__(self, embedder: Embedder, corpora: Sequence[Corpus]) -> None:
        words = sorted({w for c in corpora for s in c.sentences for w in s.words})
        rows = embedder.ids(words)
        unique, local = np.unique(rows, return_inverse=True)
        self.index = dict(zip(words, local.tolist(), strict=True))
        self.matrix = torch.from_numpy(np.ascontiguousarray(embedder.vectors(unique)))


def encode(sent: Sentence, table: WordTable, chars: dict[str, int], width: int) -> Encoded:
    """Arrays of one sentence; gold -100 marks spans past the end."""
    n = len(sent.words)
    cids, clens = char_ids(sent.words, chars)
    gold = np.zeros((n, width), dtype=np.int64)
    ends = np.arange(n)[:, None] + np.arange(width)[None, :] + 1
    gold[ends > n] = -100
    for i, j, label in sent.spans:
        gold[i, j - i - 1] = CLASSES.index(label)
    words = np.array([table.index[w] for w in sent.words], dtype=np.int64)
    morph = morph_ids(word_tags(sent.words))
    return Encoded(words, shape_ids(sent.words), cids, clens, morph, gold)


def collate(items: Sequence[Encoded], matrix: torch.Tensor) -> dict[str, torch.Tensor]:
    """Pad a list of encoded sentences into a batch of tensors."""
    b = len(items)
    t = max(len(e.words) for e in items)
    length = max(e.chars.shape[1] for e in items)
    width = items[0].gold.shape[1]
    words = np.zeros((b, t), np.int64)
    shapes = np.zeros((b, t), np.int64)
    chars = np.zeros((b, t, length), np.int64)
    clens = np.zeros((b, t), np.int64)
    gold = np.full((b, t, width), -100, np.int64)
    morph = np.zeros((b, t, items[0].morph.shape[1]), np.int64)
    for k, e in enumerate(items):
        n = len(e.words)
        morph[k, :n] = e.morph
        words[k, :n], shapes[k, :n], clens[k, :n] = e.words, e.shapes, e.char_lengths
        chars[k, :n, :e.chars.shape[1]] = e.chars
        gold[k, :n] = e.gold
    return {"vectors": matrix[torch.from_numpy(words)], "shapes": torch.from_numpy(shapes),
            "chars": torch.from_numpy(chars), "char_lengths": torch.from_numpy(clens),
            "lengths": torch.tensor([len(e.words) for e in items]),
            "morph": torch.from_numpy(morph), "gold": torch.from_numpy(gold)}


def batches(items: list[Encoded], size: int, rng: random.Random | None) -> list[list[int]]:
    """Index batches of similar lengths (shuffled when ``rng`` is given)."""
    order = sorted(range(len(items)), key=lambda i: len(items[i].words))
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(groups)
    return groups


def evaluate_dev(model: SpanNer, items: list[Encoded], corpus: Corpus,
                 matrix: torch.Tensor) -> Scores:
    """Exact-match scores of the model's char spans against the full dev gold."""
    model.eval()
    pred: list[set[tuple[int, int, str]]] = [set() for _ in corpus.gold]
    with torch.no_grad():
        for group in batches(items, 64, None):
            batch = collate([items[i] for i in group], matrix)
            scores = model(batch).numpy()
            for i, spans in zip(group, decode(scores, batch["lengths"].numpy(), CLASSES),
                                strict=True):
                sent = corpus.sentences[i]
                for a, b, label, _ in spans:
                    pred[sent.doc].add((sent.offsets[a][0], sent.offsets[b - 1][1], label))
    scores_ = Scores()
    for gold, found in zip(corpus.gold, pred, strict=True):
        scores_.add_doc(gold, found, lambda item: item[-1])
    return scores_


def train(data: Path, out: Path, embedder: Embedder, options: Options,
          log: Callable[[str], None] = print) -> dict[str, Any]:
    """Train on ``data/train``, select the epoch on ``data/dev``, write the pack to ``out``."""
    torch.manual_seed(options.seed)
    random.seed(options.seed)
    np.random.seed(options.seed)
    torch.set_num_threads(options.threads)
    width = options.hyper["max_width"]
    started = time.time()
    train_c = load_corpus(data / "train", width, options.limit)
    dev_c = load_corpus(data / "dev", width, options.limit)
    log(f"train: {len(train_c.sentences)} sentences, {dict(train_c.stats)}")
    log(f"dev: {len(dev_c.sentences)} sentences, {dict(dev_c.stats)}")
    chars = char_vocab(train_c.sentences, options.min_char_count)
    char_index = {ch: i + CHAR_RESERVED for i, ch in enumerate(chars)}
    table = WordTable(embedder, [train_c, dev_c])
    train_items = [encode(s, table, char_index, width) for s in train_c.sentences]
    dev_items = [encode(s, table, char_index, width) for s in dev_c.sentences]
    model = SpanNer(embedder.dim, len(chars) + CHAR_RESERVED, len(CLASSES), options.hyper)
    optim = torch.optim.Adam(model.parameters(), lr=options.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda e: max(0.1, 1.0 - e / max(1, options.epochs)))
    weight = torch.ones(len(CLASSES))
    weight[0] = options.none_weight
    loss_fn = nn.CrossEntropyLoss(weight=weight, ignore_index=-100)
    rng = random.Random(options.seed)
    best: dict[str, Any] = {"f1": -1.0}
    history = []
    for epoch in range(1, options.epochs + 1):
        model.train()
        tick, total = time.time(), 0.0
        for group in batches(train_items, options.batch, rng):
            batch = collate([train_items[i] for i in group], table.matrix)
            logits = model(batch)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), batch["gold"].reshape(-1))
            optim.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optim.step()
            total += float(loss.detach()) * len(group)
        sched.step()
        scores = evaluate_dev(model, dev_items, dev_c, table.matrix)
        f1 = scores.micro.f1 or 0.0
        history.append({"epoch": epoch, "loss": total / len(train_items), "dev_f1": f1,
                        "seconds": time.time() - tick})
        log(f"epoch {epoch}: loss {total / len(train_items):.4f} dev micro-F1 {f1:.4f} "
            f"P {scores.micro.precision or 0:.4f} R {scores.micro.recall or 0:.4f} "
            f"({time.time() - tick:.0f}s)")
        if f1 > best["f1"]:
            best = {"f1": f1, "epoch": epoch, "arrays": export_arrays(model),
                    "scores": scores.micro.to_dict()}
    meta = {"name": MODEL_NAME, "version": MODEL_VERSION, "labels": list(CLASSES),
            "hyper": options.hyper,
            "vectors": {"id": embedder.id, "dim": embedder.dim},
            "training": {"seed": options.seed, "epochs": options.epochs,
                         "best_epoch": best["epoch"], "dev_micro": best["scores"],
                         "history": history, "seconds": round(time.time() - started),
                         "data_stats": dict(train_c.stats)}}
    size = save_pack(Pack(meta, best["arrays"], chars), out)
    log(f"best epoch {best['epoch']} dev micro-F1 {best['f1']:.4f}; pack {out} {size} bytes")
    return meta
