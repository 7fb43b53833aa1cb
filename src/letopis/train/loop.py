"""Training: NEREL train -> SpanNer, epoch selected on dev micro-F1, exported as a pack."""

from __future__ import annotations

import copy
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

from letopis.doc import PLACE_LABELS
from letopis.errors import ModelError
from letopis.eval.score import Scores
from letopis.exec.features import (
    CHAR_RESERVED,
    Embedder,
    char_ids,
    morph_ids,
    shape_ids,
    word_tags,
)
from letopis.exec.ner import NumpyNer, decode
from letopis.exec.pack import Pack, save_pack
from letopis.train.augment import mention_pool, replace_mentions
from letopis.train.data import (
    CLASSES,
    Corpus,
    Sentence,
    load_corpus,
    load_factru,
    load_unlabelled,
)
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
    factru: Path | None = None  # a factRuEval folder whose PER/LOC/ORG names add signal
    factru_docs: int | None = None  # only the first N factRuEval documents (held-out checks)
    average: int = 0  # also try the mean of the last N epochs' weights (kept if better on dev)
    word_dropout: float = 0.0  # chance that a training token's word vector is navec's <unk>
    replace: float = 0.0  # chance that an isolated gold span is swapped (``augment``), per epoch
    teachers: list[Path] = field(default_factory=list)  # packs whose mean the model also learns
    distill: float = 1.0  # weight of the teachers' soft targets in the loss
    cache: Path | None = None  # a folder for computed context features (``add_context``)
    unlabelled: Path | None = None  # raw text the teachers label (needs ``teachers``)
    unlabelled_words: int = 500_000  # tokens of it to use
    mix: bool = False  # learn a scalar mix of the e5 context's layers instead of all of them
    tune: tuple[int, int] | None = None  # e5 layers first+1..last trained (``letopis.train.tune``)
    tune_lr: float = 5e-5  # the tuned layers' learning rate
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
    context: np.ndarray | None = None  # T x K frozen contextual features
    soft: np.ndarray | None = None  # T x W x C teachers' class probabilities (float16)
    tune: Any = None  # ``letopis.train.tune.PieceInputs`` when e5 layers are tuned


def char_vocab(sents: Sequence[Sentence], min_count: int) -> list[str]:
    """Characters seen at least ``min_count`` times, most frequent first."""
    counts = Counter(ch for s in sents for w in s.words for ch in w)
    return [ch for ch, n in counts.most_common() if n >= min_count]


class WordTable:
    """The word vectors of the words in the corpora, gathered once from the embedder."""

    def __init__(self, embedder: Embedder, corpora: Sequence[Corpus]) -> None:
        words = sorted({w for c in corpora for s in c.sentences for w in s.words})
        rows = np.append(embedder.ids(words), embedder.unk)
        unique, local = np.unique(rows, return_inverse=True)
        self.index = dict(zip(words, local[:-1].tolist(), strict=True))
        self.unk = int(local[-1])  # the local row of the unknown word
        self.matrix = torch.from_numpy(np.ascontiguousarray(embedder.vectors(unique)))


# Targets beyond the classes, for partial (factRuEval) sentences: sets of allowed classes.
ANY_LOC = len(CLASSES)  # a LOC name: any class of the location family
NO_NAME = len(CLASSES) + 1  # not a PER/LOC/ORG name: O or any other type
PARTIAL_TARGET = {"PER": CLASSES.index("PERSON"), "ORG": CLASSES.index("ORGANIZATION"),
                  "LOC": ANY_LOC}


def allowed_table() -> torch.Tensor:
    """(classes + 2) x classes: the classes each target allows (one for a plain class)."""
    table = torch.eye(len(CLASSES), dtype=torch.bool)
    family = torch.zeros(len(CLASSES), dtype=torch.bool)
    family[[CLASSES.index(c) for c in sorted(PLACE_LABELS)]] = True
    named = family.clone()
    named[[CLASSES.index("PERSON"), CLASSES.index("ORGANIZATION")]] = True
    return torch.cat([table, family[None], ~named[None]])


def encode(sent: Sentence, table: WordTable, chars: dict[str, int], width: int) -> Encoded:
    """Arrays of one sentence; gold -100 marks spans past the end (and, in a partial
    sentence, spans whose class its annotation cannot tell)."""
    n = len(sent.words)
    cids, clens = char_ids(sent.words, chars)
    gold = np.zeros((n, width), dtype=np.int64)
    ends = np.arange(n)[:, None] + np.arange(width)[None, :] + 1
    tags = word_tags(sent.words)
    if sent.partial:
        _partial_targets(gold, sent, tags)
    if sent.unlabelled:
        gold[:] = -100
    gold[ends > n] = -100
    for i, j, label in sent.spans:
        gold[i, j - i - 1] = PARTIAL_TARGET[label] if sent.partial else CLASSES.index(label)
    words = np.array([table.index[w] for w in sent.words], dtype=np.int64)
    morph = morph_ids(tags)
    return Encoded(words, shape_ids(sent.words), cids, clens, morph, gold)


def _partial_targets(gold: np.ndarray, sent: Sentence, tags: Sequence[str]) -> None:
    """Spans of a factRuEval sentence outside its names: NO_NAME where the conventions
    agree, -100 where NEREL's differ (``letopis.eval.factru.nerel_to_factru``): spans
    overlapping a marked name (NEREL nests and extends names: ``Конгресса США``), spans
    starting with a lower-case word (NEREL's ``российского``, ``правительство``) and
    single adjectives (``Русские``)."""
    n, width = gold.shape
    gold[:] = NO_NAME
    for i in range(n):
        if sent.words[i][:1].islower():
            gold[i] = -100
        elif tags[i].startswith("ADJF"):
            gold[i, 0] = -100
    for a, b, _ in sent.spans:
        for i in range(max(0, a - width + 1), b):
            gold[i, max(0, a - i):] = -100  # spans i..i+w with i + w >= a overlap a..b-1


def add_context(items: list[Encoded], sents: Sequence[Sequence[str]], name: str,
                cache: Path | None = None) -> None:
    """Attach the frozen contextual features (``letopis.exec.context``) to each sentence.

    ``cache``: a folder where the features of these sentences are kept (float16, keyed by
    the feature id and the sentences), so that later runs need not recompute them.
    """
    states = _cached_states(sents, name, cache)
    cuts = np.cumsum([len(s) for s in sents])[:-1]
    for item, part in zip(items, np.split(states, cuts), strict=True):
        item.context = part


def _cache_path(sents: Sequence[Sequence[str]], name: str, cache: Path) -> Path:
    """Where ``add_context`` keeps the features ``name`` of these sentences."""
    return cache / f"context-{_sentences_key([name.encode('utf-8')], sents)}.npy"


def _sentences_key(head: Sequence[bytes], sents: Sequence[Sequence[str]]) -> str:
    """A short hash of ``head`` (what made the data) and the sentences' tokens."""
    import hashlib

    key = hashlib.sha1()
    for part in head:
        key.update(part)
    for words in sents:
        key.update("\x1f".join(words).encode("utf-8") + b"\x1e")
    return key.hexdigest()[:20]


def _cached_states(sents: Sequence[Sequence[str]], name: str, cache: Path | None) -> np.ndarray:
    """The features N x K of every token (float16), each part of a joined id (``a|b``) from
    ``cache`` when computed before."""
    from letopis.exec.context import JOIN, context_features

    out = []
    for part in name.split(JOIN):
        path = _cache_path(sents, part, cache) if cache is not None else None
        if path is not None and path.is_file():
            out.append(np.load(path))
            continue
        context = context_features(part)
        chunks = [context.states(sents[pos:pos + 256]).astype(np.float16)
                  for pos in range(0, len(sents), 256)]
        states = np.concatenate(chunks) if chunks else np.zeros((0, context.dim), np.float16)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, states)
        out.append(states)
    return out[0] if len(out) == 1 else np.concatenate(out, axis=1)


def teacher_targets(items: list[Encoded], sents: Sequence[Sequence[str]],
                    teachers: Sequence[Path], embedder: Embedder,
                    log: Callable[[str], None], cache: Path | None = None,
                    known: Sequence[Sequence[Sequence[str]]] | None = None) -> None:
    """Attach the teachers' mean span probabilities (float16, T x W x C) to each sentence.

    Each teacher is a pack run by ``NumpyNer`` as at inference (its O offset included);
    their logits are averaged, then turned into probabilities. ``cache``: a folder where
    the probabilities are kept, keyed by the teachers' bytes and the sentences; ``known``:
    groups of the sentences whose e5 features it holds already (``add_context``).
    """
    width = items[0].gold.shape[1]
    key = _sentences_key([Path(path).read_bytes() for path in teachers], sents)
    where = cache / f"teacher-{key}.npy" if cache is not None else None
    if where is not None and where.is_file():
        flat = np.load(where)
        log(f"teachers' targets from {where.name}")
    else:
        flat = _teacher_probs(sents, teachers, embedder, width, log, known, cache)
        if where is not None:
            where.parent.mkdir(parents=True, exist_ok=True)
            np.save(where, flat)
    cuts = np.cumsum([len(s) for s in sents])[:-1]
    for item, probs in zip(items, np.split(flat, cuts), strict=True):
        item.soft = probs


def _teacher_e5(models: Sequence[NumpyNer]) -> list[Any]:
    """The e5 feature sets (``letopis.exec.e5.E5Context``) the teachers read."""
    from letopis.exec.context import JOIN
    from letopis.exec.e5 import PREFIX, e5_context

    ids = {p for m in models if m.context is not None for p in m.context.id.split(JOIN)
           if p.startswith(PREFIX)}
    return [e5_context(name) for name in sorted(ids)]


def _teacher_probs(sents: Sequence[Sequence[str]], teachers: Sequence[Path],
                   embedder: Embedder, width: int, log: Callable[[str], None],
                   known: Sequence[Sequence[Sequence[str]]] | None = None,
                   cache: Path | None = None) -> np.ndarray:
    """The teachers' mean span probabilities, all tokens flat: N x W x C float16.

    ``known``: groups of sentences whose e5 features ``cache`` may hold already: they are
    preloaded (``E5Context.preload``) and forgotten once the teachers are done."""
    from letopis.exec.ner import EnsembleNer
    from letopis.exec.pack import load_pack

    models = [NumpyNer(load_pack(path), embedder) for path in teachers]
    for path, model in zip(teachers, models, strict=True):
        if model.labels != list(CLASSES):
            raise ModelError(f"teacher {path.name}: its labels are not NEREL's")
    e5_sets = _teacher_e5(models)
    for group in known or []:
        for context in e5_sets:
            if cache is not None and _cache_path(group, context.id, cache).is_file():
                context.preload(group, _cached_states(group, context.id, cache))
    mean_of = EnsembleNer(models)  # the mean of the teachers' span logits
    starts = np.cumsum([0] + [len(s) for s in sents])
    out = np.zeros((int(starts[-1]), width, len(CLASSES)), np.float16)
    for pos in range(0, len(sents), 256):
        idx = [i for i in range(pos, min(pos + 256, len(sents))) if sents[i]]
        if not idx:
            continue
        spans = mean_of.sentence_logits([sents[i] for i in idx], None)
        mean = spans.logits - spans.logits.max(axis=-1, keepdims=True)
        probs = np.exp(mean)
        probs /= probs.sum(axis=-1, keepdims=True)
        rows = starts[np.array(idx)][spans.rows] + spans.starts
        out[rows, spans.widths] = probs.astype(np.float16)
        if pos and pos % 5120 == 0:
            log(f"labelled {pos} of {len(sents)} sentences")
    for model in models:
        log(f"teacher {model.pack.meta['name']} {model.pack.meta['version']}: done")
    for context in e5_sets:
        context.forget()
    return out


def soft_loss(logits: torch.Tensor, soft: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of the spans' predictions against the teachers' probabilities, over
    the spans inside their sentence (padding and spans past the end have all-zero rows)."""
    valid = soft.sum(dim=-1) > 0.5
    logp = torch.log_softmax(logits, dim=-1)
    return -(soft * logp).sum(dim=-1)[valid].mean()


def span_loss(logits: torch.Tensor, gold: torch.Tensor, weight: torch.Tensor,
              allowed: torch.Tensor) -> torch.Tensor:
    """Weighted cross-entropy over the spans; a set target (``ANY_LOC``, ``NO_NAME``)
    counts the probability of all the classes it allows (weighted as O for NO_NAME).

    Without set targets this is ``nn.CrossEntropyLoss(weight, ignore_index=-100)``.
    """
    flat = logits.reshape(-1, logits.shape[-1])
    target = gold.reshape(-1)
    if not bool((target != -100).any()):  # raw text only: the teachers' targets alone
        return logits.sum() * 0.0
    if not bool((target >= len(CLASSES)).any()):
        return nn.functional.cross_entropy(flat, target, weight=weight, ignore_index=-100)
    keep = target != -100
    flat, target = flat[keep], target[keep]
    logp = torch.log_softmax(flat, dim=-1).masked_fill(~allowed[target], float("-inf"))
    weights = torch.cat([weight, weight.new_tensor([1.0, float(weight[0])])])[target]
    return -(weights * torch.logsumexp(logp, dim=-1)).sum() / weights.sum()


def collate(items: Sequence[Encoded], matrix: torch.Tensor,
            drop: tuple[float, int, np.random.Generator] | None = None,
            ) -> dict[str, torch.Tensor]:
    """Pad a list of encoded sentences into a batch of tensors.

    ``drop``: (chance, unknown row, generator): word dropout, each token's word vector
    replaced by the unknown word's with that chance (training only).
    """
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
    first = items[0].context
    context = np.zeros((b, t, first.shape[1]), np.float32) if first is not None else None
    soft = (np.zeros((b, t) + items[0].soft.shape[1:], np.float32)
            if items[0].soft is not None else None)
    for k, e in enumerate(items):
        n = len(e.words)
        morph[k, :n] = e.morph
        if context is not None and e.context is not None:
            context[k, :n] = e.context
        if soft is not None and e.soft is not None:
            soft[k, :n] = e.soft
        words[k, :n], shapes[k, :n], clens[k, :n] = e.words, e.shapes, e.char_lengths
        chars[k, :n, :e.chars.shape[1]] = e.chars
        gold[k, :n] = e.gold
    if drop is not None and drop[0] > 0:
        chance, unk, gen = drop
        words[gen.random(words.shape) < chance] = unk
    extra = {"context": torch.from_numpy(context)} if context is not None else {}
    if items[0].tune is not None:
        from letopis.train.tune import collate_pieces

        extra.update(collate_pieces([e.tune for e in items], t))
    if soft is not None:
        extra["soft"] = torch.from_numpy(soft)
    return {**extra, "vectors": matrix[torch.from_numpy(words)], "shapes": torch.from_numpy(shapes),
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


BIASES = tuple(round(0.25 * k, 2) for k in range(9))  # O-logit offsets tried on dev


def dev_logits(model: SpanNer, items: list[Encoded],
               matrix: torch.Tensor) -> list[tuple[list[int], np.ndarray, np.ndarray]]:
    """(sentence indices, span logits, lengths) per dev batch, in eval mode."""
    model.eval()
    out = []
    with torch.no_grad():
        for group in batches(items, 64, None):
            batch = collate([items[i] for i in group], matrix)
            out.append((group, model(batch).numpy(), batch["lengths"].numpy()))
    return out


def score_logits(logits: list[tuple[list[int], np.ndarray, np.ndarray]], corpus: Corpus,
                 o_bias: float = 0.0) -> Scores:
    """Exact-match scores of the decoded char spans against the full dev gold.

    ``o_bias`` is added to the O logit before decoding (as ``NumpyNer`` does with the
    pack's ``o_bias``).
    """
    pred: list[set[tuple[int, int, str]]] = [set() for _ in corpus.gold]
    for group, scores, lengths in logits:
        if o_bias:
            scores = scores.copy()
            scores[..., 0] += o_bias
        for i, spans in zip(group, decode(scores, lengths, CLASSES), strict=True):
            sent = corpus.sentences[i]
            for a, b, label, _ in spans:
                pred[sent.doc].add((sent.offsets[a][0], sent.offsets[b - 1][1], label))
    scores_ = Scores()
    for gold, found in zip(corpus.gold, pred, strict=True):
        scores_.add_doc(gold, found, lambda item: item[-1])
    return scores_


def evaluate_dev(model: SpanNer, items: list[Encoded], corpus: Corpus,
                 matrix: torch.Tensor, o_bias: float = 0.0) -> Scores:
    """Exact-match scores of the model's char spans against the full dev gold."""
    return score_logits(dev_logits(model, items, matrix), corpus, o_bias)


def calibrate(model: SpanNer, items: list[Encoded], corpus: Corpus,
              matrix: torch.Tensor) -> tuple[float, Scores]:
    """The O-logit offset in ``BIASES`` with the best dev micro-F1 (the smallest on ties)."""
    logits = dev_logits(model, items, matrix)
    best: tuple[float, Scores] | None = None
    for bias in BIASES:
        scores = score_logits(logits, corpus, bias)
        if best is None or (scores.micro.f1 or 0.0) > (best[1].micro.f1 or 0.0):
            best = (bias, scores)
    assert best is not None
    return best


def _attach_tuned(options: Options, train_items: list[Encoded], train_sents: Sequence[Sentence],
                  dev_items: list[Encoded], dev_sents: Sequence[Sentence],
                  log: Callable[[str], None]) -> None:
    """Give each sentence the inputs of the tuned e5 layers; set the context hyper: e5
    layers 0..last mixed, first+1..last computed (and trained) inside the model."""
    from letopis.exec.e5 import PREFIX, encoder
    from letopis.train.tune import cached_piece_inputs

    assert options.tune is not None
    first, last = options.tune
    for items, sents in ((train_items, train_sents), (dev_items, dev_sents)):
        inputs = cached_piece_inputs([s.words for s in sents], first, options.cache, log)
        for item, given in zip(items, inputs, strict=True):
            item.tune = given
    hidden = encoder().config.hidden
    options.hyper.update(context=f"{PREFIX}0-{last}", context_dim=(last + 1) * hidden,
                         mix=[0, last + 1, hidden], tune=[first, last])
    log(f"e5 layers {first + 1}-{last} tuned over the frozen 0-{first}")


def _model_optim(vec_dim: int, n_chars: int, options: Options) -> tuple[Any, Any, Any]:
    """The model, its optimizer and its per-epoch schedule (the tuned e5 layers, if any,
    with their own learning rate and schedule)."""
    decay = lambda e: max(0.1, 1.0 - e / max(1, options.epochs))  # noqa: E731
    if not options.tune:
        model = SpanNer(vec_dim, n_chars, len(CLASSES), options.hyper)
        optim = torch.optim.Adam(model.parameters(), lr=options.lr)
        return model, optim, torch.optim.lr_scheduler.LambdaLR(optim, decay)
    from letopis.train.tune import TunedSpanNer, tuned_lr

    model = TunedSpanNer(vec_dim, n_chars, len(CLASSES), options.hyper)
    tuned = {id(p) for p in model.tuned.parameters()}
    head = [p for p in model.parameters() if id(p) not in tuned]
    optim = torch.optim.Adam([{"params": head, "lr": options.lr},
                              {"params": list(model.tuned.parameters()), "lr": options.tune_lr}])
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, [decay, lambda e: tuned_lr(e, options.epochs)])
    return model, optim, sched


def _teacher_record(path: Path) -> dict[str, Any]:
    """What identifies a teacher pack: its name, version and training record."""
    from letopis.exec.pack import load_pack

    meta = load_pack(path).meta
    training = meta.get("training", {})
    return {"file": path.name, "name": meta["name"], "version": meta["version"],
            "seed": training.get("seed"), "hyper": meta.get("hyper"),
            "dev_micro_calibrated": training.get("dev_micro_calibrated")}


def snapshot(model: SpanNer, f1: float, epoch: int | str, scores: Scores) -> dict[str, Any]:
    """The best-so-far record: dev F1, which epoch, a copy of the weights, the dev counts."""
    return {"f1": f1, "epoch": epoch, "state": copy.deepcopy(model.state_dict()),
            "scores": scores.micro.to_dict()}


def train(data: Path, out: Path, embedder: Embedder, options: Options,
          log: Callable[[str], None] = print) -> dict[str, Any]:
    """Train on ``data/train``, select the epoch on ``data/dev``, write the pack to ``out``."""
    if options.tune and options.hyper.get("context"):
        raise ModelError("--tune takes the place of --context")
    torch.manual_seed(options.seed)
    random.seed(options.seed)
    np.random.seed(options.seed)
    torch.set_num_threads(options.threads)
    width = options.hyper["max_width"]
    started = time.time()
    pieces = bool(options.hyper.get("pieces", 0))
    train_c = load_corpus(data / "train", width, options.limit, pieces)
    dev_c = load_corpus(data / "dev", width, options.limit, pieces)
    log(f"train: {len(train_c.sentences)} sentences, {dict(train_c.stats)}")
    log(f"dev: {len(dev_c.sentences)} sentences, {dict(dev_c.stats)}")
    chars = char_vocab(train_c.sentences, options.min_char_count)
    char_index = {ch: i + CHAR_RESERVED for i, ch in enumerate(chars)}
    extra = (load_factru(options.factru, width, options.factru_docs or options.limit, pieces)
             if options.factru else None)
    if extra is not None:
        log(f"factRuEval (PER/LOC/ORG only): {len(extra.sentences)} sentences, "
            f"{dict(extra.stats)}")
    raw = None
    if options.unlabelled is not None:
        if not options.teachers:
            raise ModelError("raw text (--unlabelled) needs teachers (--teacher) to label it")
        raw = load_unlabelled(options.unlabelled, options.unlabelled_words, options.seed)
        log(f"raw text: {len(raw.sentences)} sentences, {dict(raw.stats)}")
    extras = [c for c in (extra, raw) if c is not None]
    table = WordTable(embedder, [train_c, dev_c] + extras)
    train_sents = train_c.sentences + [s for c in extras for s in c.sentences]
    train_items = [encode(s, table, char_index, width) for s in train_sents]
    dev_items = [encode(s, table, char_index, width) for s in dev_c.sentences]
    if options.hyper.get("context"):
        name = str(options.hyper["context"])
        add_context(train_items, [s.words for s in train_sents], name, options.cache)
        add_context(dev_items, [s.words for s in dev_c.sentences], name, options.cache)
        options.hyper["context_dim"] = train_items[0].context.shape[1]  # type: ignore[union-attr]
        if options.mix:
            from letopis.exec.context import context_features, mix_columns

            columns = mix_columns(context_features(name))
            if columns is None:
                raise ModelError("--mix needs e5 context features of several layers")
            options.hyper["mix"] = list(columns)
        log(f"context features {options.hyper['context']}: {options.hyper['context_dim']}d")
    if options.tune:
        _attach_tuned(options, train_items, train_sents, dev_items, dev_c.sentences, log)
    if options.teachers:
        labelled = [s.words for c in [train_c] + ([extra] if extra else []) for s in c.sentences]
        teacher_targets(train_items, [s.words for s in train_sents], options.teachers,
                        embedder, log, options.cache, [labelled])
    model, optim, sched = _model_optim(embedder.dim, len(chars) + CHAR_RESERVED, options)
    weight = torch.ones(len(CLASSES))
    weight[0] = options.none_weight
    allowed = allowed_table()
    rng = random.Random(options.seed)
    drop = (options.word_dropout, table.unk, np.random.default_rng(options.seed))
    if options.replace and (options.hyper.get("context") or options.teachers):
        raise ModelError("mention replacement cannot be combined with context features "
                         "or teachers (their inputs are the original sentences)")
    pool = mention_pool(train_c.sentences) if options.replace else {}
    best: dict[str, Any] = {"f1": -1.0}
    history = []
    sums: dict[str, torch.Tensor] | None = None
    for epoch in range(1, options.epochs + 1):
        model.train()
        if options.tune:
            from letopis.train.tune import tuned_lr

            model.tuned.requires_grad_(tuned_lr(epoch - 1, options.epochs) > 0)
        tick, total = time.time(), 0.0
        items = train_items
        if options.replace:
            items = list(train_items)
            for k, sent in enumerate(train_c.sentences):
                new = replace_mentions(sent, pool, rng, options.replace, width)
                if new is not None:
                    items[k] = encode(new, table, char_index, width)
        for group in batches(items, options.batch, rng):
            batch = collate([items[i] for i in group], table.matrix, drop)
            logits = model(batch)
            loss = span_loss(logits, batch["gold"], weight, allowed)
            if "soft" in batch:
                loss = loss + options.distill * soft_loss(logits, batch["soft"])
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
        if options.average and epoch > options.epochs - options.average:
            state = model.state_dict()
            sums = ({k: v.detach().clone() for k, v in state.items()} if sums is None
                    else {k: sums[k] + v for k, v in state.items()})
        if f1 > best["f1"]:
            best = snapshot(model, f1, epoch, scores)
    if sums is not None:
        model.load_state_dict({k: v / options.average for k, v in sums.items()})
        scores = evaluate_dev(model, dev_items, dev_c, table.matrix)
        f1 = scores.micro.f1 or 0.0
        log(f"mean of the last {options.average} epochs: dev micro-F1 {f1:.4f}")
        if f1 > best["f1"]:
            first = options.epochs - options.average + 1
            best = snapshot(model, f1, f"mean of {first}-{options.epochs}", scores)
    model.load_state_dict(best["state"])
    o_bias, calibrated = calibrate(model, dev_items, dev_c, table.matrix)
    log(f"O-logit offset {o_bias}: dev micro-F1 {calibrated.micro.f1 or 0:.4f}")
    meta = {"name": MODEL_NAME, "version": MODEL_VERSION, "labels": list(CLASSES),
            "hyper": options.hyper, "o_bias": o_bias,
            "vectors": {"id": embedder.id, "dim": embedder.dim},
            "training": {"seed": options.seed, "epochs": options.epochs,
                         "threads": options.threads,
                         "word_dropout": options.word_dropout,
                         "replace": options.replace,
                         "teachers": [_teacher_record(p) for p in options.teachers],
                         "distill": options.distill if options.teachers else 0.0,
                         "factru": extra is not None,
                         "best_epoch": best["epoch"], "dev_micro": best["scores"],
                         "dev_micro_calibrated": calibrated.micro.to_dict(),
                         "history": history, "seconds": round(time.time() - started),
                         "data_stats": dict(train_c.stats)}}
    arrays = export_arrays(model)
    if options.tune:
        from letopis.exec.e5 import tuned_id
        from letopis.train.tune import export_tuned

        arrays.update(export_tuned(model))
        options.hyper["context"] = tuned_id(arrays, *options.tune)
    size = save_pack(Pack(meta, arrays, chars), out)
    log(f"best epoch {best['epoch']} dev micro-F1 {best['f1']:.4f}; pack {out} {size} bytes")
    return meta
