"""Contextual token features from slovnet's news models, run in NumPy over their arrays.

slovnet's news NER (``slovnet_ner_news_v1``, trained on the Nerus news corpus for
PER/LOC/ORG) and its morphology tagger and syntax parser (same corpus), all shipped in the
``natasha`` package, share one design: navec + word shape -> three width-3 conv layers,
each ReLU then batch norm. Each gives every token a 64-value state; the NER also gives 8
tag scores. letopis's NER can take them as frozen input features (pack hyper
``context``: the names of the parts, e.g. ``slovnet_news_v1:ner+syntax``).

The encoders are re-implemented here on slovnet's arrays so that the first layer, which
depends on a word alone, is computed once per word and cached: each tap of the first
conv is a per-word row, and a token's first-layer output is the sum of its left
neighbour's, its own and its right neighbour's tap rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from letopis.exec.features import ragged_positions
from letopis.exec.rowcache import RowCache

PREFIX = "slovnet_news_v1:"
PARTS = ("ner", "syntax", "morph")
WORD_CACHE = 20_000
MEMO = 512  # sentences whose features a context keeps for ``part_states``


class Part:
    """One slovnet encoder: its arrays and vocabularies."""

    def __init__(self, name: str, tagger: Any) -> None:
        infer = tagger.infer
        model = infer.model
        self.name = name
        self.words = infer.encoder.words_vocab
        self.shapes = infer.encoder.shapes_vocab
        self.navec = model.emb.word
        self.shape_emb = model.emb.shape.weight.array.astype(np.float32)
        layers = model.encoder.layers
        first = layers[0].conv.weight.array.astype(np.float32)  # F x D x 3
        self.first = np.ascontiguousarray(first.transpose(1, 2, 0).reshape(first.shape[1], -1))
        self.width = int(first.shape[0])
        self.convs = [_tap_major(layer.conv.weight.array) for layer in layers[1:]]
        self.biases = [layer.conv.bias.array.astype(np.float32) for layer in layers]
        self.norms = [_norm(layer.norm) for layer in layers]
        proj = getattr(model.head, "proj", None) if name == "ner" else None
        self.proj = (None if proj is None else
                     (proj.weight.array.astype(np.float32), proj.bias.array.astype(np.float32)))
        self.dim = int(layers[-1].conv.weight.array.shape[0]
                       + (self.proj[0].shape[1] if self.proj is not None else 0))

    def taps(self, words: list[str]) -> np.ndarray:
        """The first conv's three taps of each word: N x 3F (tap-major)."""
        ids = np.array([self.words.encode(w.lower()) for w in words], dtype=np.int64)
        shapes = np.array([self.shapes.encode(_shape(w)) for w in words], dtype=np.int64)
        x = np.concatenate([self.navec(ids), self.shape_emb[shapes]], axis=-1)
        return x.astype(np.float32) @ self.first

    def encode(self, taps: np.ndarray, at: np.ndarray, size: int) -> np.ndarray:
        """States N x dim from the tokens' tap rows; ``at``: grid rows, zero-padded apart."""
        f = self.width
        grid = np.zeros((size, f), dtype=np.float32)
        grid[at] = taps[:, :f]
        h = taps[:, f:2 * f] + grid[at - 1]
        grid[at] = taps[:, 2 * f:]
        h += grid[at + 1]
        h = self._finish(h, 0)
        for k, weight in enumerate(self.convs, 1):
            grid = np.zeros((size, h.shape[1]), dtype=np.float32)
            grid[at] = h
            window = np.concatenate([grid[at - 1], h, grid[at + 1]], axis=1)
            h = self._finish(window @ weight, k)
        if self.proj is None:
            return h
        return np.concatenate([h, h @ self.proj[0] + self.proj[1]], axis=1)

    def _finish(self, h: np.ndarray, k: int) -> np.ndarray:
        """Bias, ReLU and batch norm of layer ``k``."""
        h += self.biases[k]
        np.maximum(h, 0, out=h)
        scale, shift = self.norms[k]
        h *= scale
        h += shift
        return h


class SlovnetContext:
    """Per-token features of one or more slovnet news encoders, concatenated."""

    def __init__(self, parts: Sequence[Part]) -> None:
        self.parts = list(parts)
        self.id = PREFIX + "+".join(p.name for p in self.parts)
        self.dim = sum(p.dim for p in self.parts)
        self._splits = np.cumsum([3 * p.width for p in self.parts])[:-1]
        self._cache = RowCache(sum(3 * p.width for p in self.parts), WORD_CACHE)
        self._last: tuple[tuple[tuple[str, ...], ...], np.ndarray] | None = None
        # the rows of the sentences of recent calls, for other stages (``part_states``)
        self._memo: dict[tuple[str, ...], np.ndarray] = {}

    def states(self, sents: Sequence[Sequence[str]]) -> np.ndarray:
        """Features N x dim of the sentences' tokens, flat in order. The last call's answer
        is remembered, so models of an ensemble that share these features compute them
        once per document."""
        key = tuple(tuple(s) for s in sents)
        last = self._last  # read once: another thread may replace it
        if last is not None and last[0] == key:
            return last[1]
        out = self._states(sents)
        self._last = (key, out)
        if len(self._memo) + len(key) > MEMO:
            self._memo = {}
        pos = 0
        for sent in key:
            self._memo[sent] = out[pos:pos + len(sent)]
            pos += len(sent)
        return out

    def remembered(self, sents: Sequence[Sequence[str]]) -> np.ndarray | None:
        """The features of the sentences when recent calls have computed every one of
        them (None otherwise)."""
        rows = [self._memo.get(tuple(s)) for s in sents]
        if not rows or any(r is None for r in rows):
            return None
        return np.concatenate(rows)  # type: ignore[arg-type]

    def _states(self, sents: Sequence[Sequence[str]]) -> np.ndarray:
        lengths = np.array([len(s) for s in sents], dtype=np.int64)
        words = [w for s in sents for w in s]
        if not words:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows, cols = ragged_positions(lengths)
        taps = self._cache.gather(words, lambda missing: self._taps([str(w) for w in missing]))
        stride = int(lengths.max()) + 2
        at = rows * stride + cols + 1
        size = len(sents) * stride
        outs = [p.encode(t, at, size)
                for p, t in zip(self.parts, np.split(taps, self._splits, axis=1), strict=True)]
        return outs[0] if len(outs) == 1 else np.concatenate(outs, axis=1)

    def _taps(self, words: list[str]) -> np.ndarray:
        return np.concatenate([p.taps(words) for p in self.parts], axis=1)


def _tap_major(weight: np.ndarray) -> np.ndarray:
    """Conv weight F x C x 3 -> (3 C) x F, tap-major (left, centre, right)."""
    w = weight.astype(np.float32)
    return np.ascontiguousarray(w.transpose(2, 1, 0).reshape(-1, w.shape[0]))


def _norm(norm: Any) -> tuple[np.ndarray, np.ndarray]:
    """Batch norm as ``x * scale + shift``."""
    scale = norm.weight.array / norm.std.array
    shift = norm.bias.array - norm.mean.array * scale
    return scale.astype(np.float32), shift.astype(np.float32)


@lru_cache(maxsize=50_000)
def _shape(word: str) -> str:
    from slovnet.shape import word_shape

    return str(word_shape(word))


class Context(Protocol):
    """Frozen per-token features: an ``id`` (what packs record), a width ``dim`` and
    ``states(sentences) -> N x dim`` over the sentences' tokens, flat in order."""

    id: str
    dim: int

    def states(self, sents: Sequence[Sequence[str]]) -> np.ndarray: ...


JOIN = "|"  # joins the ids of feature sets used side by side


class JoinedContext:
    """Several feature sets side by side; ``id``: their ids joined by ``|``."""

    def __init__(self, parts: Sequence[Context]) -> None:
        self.parts = list(parts)
        self.id = JOIN.join(p.id for p in self.parts)
        self.dim = sum(p.dim for p in self.parts)

    def states(self, sents: Sequence[Sequence[str]]) -> np.ndarray:
        """The parts' features, concatenated per token."""
        return np.concatenate([p.states(sents) for p in self.parts], axis=1)


def context_features(name: str) -> Context:
    """The features named ``name``: slovnet's (``slovnet_news_v1:ner+syntax``),
    e5's (``e5_small_q4:0-12``, ``letopis.exec.e5``) or several joined by ``|``."""
    from letopis.exec.e5 import PREFIX as E5_PREFIX
    from letopis.exec.e5 import e5_context

    def one(part: str) -> Context:
        return e5_context(part) if part.startswith(E5_PREFIX) else slovnet_context(part)

    names = name.split(JOIN)
    return one(names[0]) if len(names) == 1 else JoinedContext([one(n) for n in names])


def mix_columns(context: Context) -> tuple[int, int, int] | None:
    """Where the layers of the first multi-layer e5 part sit in ``context``'s features:
    (start column, layers, width), or None when it has none."""
    from letopis.exec.e5 import E5Context

    start = 0
    parts = context.parts if isinstance(context, JoinedContext) else [context]
    for part in parts:
        if isinstance(part, E5Context) and len(part.layers) > 1:
            return start, len(part.layers), part.enc.config.hidden
        start += part.dim
    return None


def context_id(spec: str) -> str:
    """The full id of features given on the command line (``ner+syntax``, ``e5:0-12``,
    several joined by ``|``), checked by loading them (ModelError if unknown)."""
    from letopis.exec.e5 import PREFIX as E5_PREFIX

    names = []
    for part in spec.split(JOIN):
        if part.startswith("e5:"):
            names.append(E5_PREFIX + part[3:])
        elif part.startswith((E5_PREFIX, PREFIX)):
            names.append(part)
        else:
            names.append(PREFIX + part)
    return context_features(JOIN.join(names)).id


def slovnet_context(context_id: str = PREFIX + "ner") -> SlovnetContext:
    """The context features named by ``context_id`` (each set loaded once)."""
    return _context(context_id)


@lru_cache(maxsize=4)
def _context(context_id: str) -> SlovnetContext:
    from letopis.errors import ModelError

    names = context_id[len(PREFIX):].split("+") if context_id.startswith(PREFIX) else []
    if not names or any(n not in PARTS for n in names):
        raise ModelError(f"unknown context features {context_id!r}")
    context = SlovnetContext([Part(n, _tagger(n)) for n in names])
    _LOADED[context_id] = context
    return context


_LOADED: dict[str, SlovnetContext] = {}  # the contexts built, by id, for ``part_states``


def part_states(name: str, sents: Sequence[Sequence[str]]) -> np.ndarray:
    """The features of slovnet's part ``name`` (``syntax``...) of the sentences' tokens:
    the columns of what a loaded context has computed for the same sentences (the
    balanced NER's ``ner+syntax`` has, a moment before), else the part's own."""
    for context in list(_LOADED.values()):
        names = [part.name for part in context.parts]
        if name not in names:
            continue
        rows = context.remembered(sents)
        if rows is not None:
            start = sum(part.dim for part in context.parts[:names.index(name)])
            return rows[:, start:start + context.parts[names.index(name)].dim]
    return slovnet_context(PREFIX + name).states(sents)


def _tagger(name: str) -> Any:
    from letopis.models import navec, slovnet_ner

    if name == "ner":
        return slovnet_ner()
    from natasha import NewsMorphTagger, NewsSyntaxParser

    return (NewsSyntaxParser if name == "syntax" else NewsMorphTagger)(navec())
