"""NumPy inference of the span-based nested NER model (no torch at run time).

Model: token = [word vector (frozen navec); shape embedding; char CNN (width 3, max
pooled)] -> BiLSTM layers -> every span of up to ``max_width`` tokens scored as
``relu(A h_start + B h_end + E[width] + b) @ W + c`` over the labels (index 0 = O).
Decoding keeps the spans whose best class is not O and drops, greedily by probability,
spans that cross (overlap without nesting) a better one. Nesting is allowed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import cast

import numpy as np
from razdel import sentenize, tokenize

from letopis.doc import Document, Token
from letopis.errors import ModelError
from letopis.exec.context import Context, context_features
from letopis.exec.features import (
    CHAR_RESERVED,
    Embedder,
    char_ids,
    char_table,
    morph_ids,
    navec_embedder,
    ragged_positions,
    shape_ids,
    split_tokens,
    word_tags,
)
from letopis.exec.pack import Pack, load_pack
from letopis.exec.rowcache import RowCache

PACK_NAME = "letopis_ner_nerel_v1.tar"
BATCH = 64
PROJ_CACHE = 20_000  # (word, tag) pairs whose projected input is remembered
MEMO = 4096  # sentences whose token states are kept for other stages (relations)


@dataclass
class Batch:
    """Padded features of B sentences of at most T tokens (N tokens in all)."""

    lengths: np.ndarray  # B
    vectors: np.ndarray  # B x T x D word vectors
    shapes: np.ndarray  # B x T
    chars: np.ndarray  # B x T x L char ids
    char_lengths: np.ndarray  # B x T characters per token (0 for padding)
    morph: np.ndarray  # B x T x 4 morphology ids (0 for padding)
    rows: np.ndarray  # N: sentence of each token
    cols: np.ndarray  # N: position of each token in its sentence
    flat_chars: np.ndarray  # N x L
    flat_char_lengths: np.ndarray  # N
    context: np.ndarray | None = None  # N x K contextual features (``letopis.exec.context``)


def make_batch(
    sents: Sequence[Sequence[str]], embedder: Embedder, chars: dict[str, int],
    tags: Sequence[Sequence[str]] | None = None, morph: bool = True,
    table: np.ndarray | None = None, context: Context | None = None,
) -> Batch:
    """Features of the sentences (lists of token texts), padded to the longest.

    ``tags`` are the tokens' pymorphy tags where known (else they are looked up, unless
    ``morph`` is false: then the morphology ids stay 0). ``table``: ``char_table(chars)``.
    ``context``: where given, its features of every token.
    """
    lengths = np.array([len(s) for s in sents], dtype=np.int64)
    b, t = len(sents), int(lengths.max(initial=1))
    flat = [w for s in sents for w in s]
    rows, cols = ragged_positions(lengths)
    cids, clens = char_ids(flat, chars, table)
    vectors = np.zeros((b, t, embedder.dim), dtype=np.float32)
    shapes = np.zeros((b, t), dtype=np.int64)
    chars_ = np.zeros((b, t, cids.shape[1]), dtype=np.int64)
    char_lengths = np.zeros((b, t), dtype=np.int64)
    morph_ = np.zeros((b, t, 4), dtype=np.int64)
    if flat:
        vectors[rows, cols] = embedder.vectors(embedder.ids(flat))
        shapes[rows, cols] = shape_ids(flat)
        chars_[rows, cols] = cids
        char_lengths[rows, cols] = clens
        if tags is not None:
            morph_[rows, cols] = morph_ids([g for s in tags for g in s])
        elif morph:
            morph_[rows, cols] = morph_ids(word_tags(flat))
    ctx = context.states(sents) if context is not None else None
    return Batch(lengths, vectors, shapes, chars_, char_lengths, morph_, rows, cols, cids, clens,
                 ctx)


def _lstm_step(gates_x: np.ndarray, h: np.ndarray, c: np.ndarray, whh: np.ndarray) -> None:
    """One LSTM step of both directions, in place: ``h`` and ``c`` (2 x B x H) are
    overwritten; gates (i, f, o, g) are ``gates_x`` (2 x B x 4H) + ``h @ whh``."""
    hidden = whh.shape[1]
    g = np.matmul(h, whh)
    g += gates_x
    sig = g[..., :3 * hidden]  # the sigmoid, as 0.5 * (tanh(0.5 x) + 1), in place
    sig *= 0.5
    np.tanh(sig, out=sig)
    sig += 1.0
    sig *= 0.5
    cell = g[..., 3 * hidden:]
    np.tanh(cell, out=cell)
    cell *= sig[..., :hidden]
    c *= sig[..., hidden:2 * hidden]
    c += cell
    np.tanh(c, out=h)
    h *= sig[..., 2 * hidden:]


def _gate_order(hidden: int) -> np.ndarray:
    # torch's gate order (i, f, g, o) -> (i, f, o, g): one sigmoid over the first 3H
    h = hidden
    return np.concatenate([np.arange(2 * h), np.arange(3 * h, 4 * h), np.arange(2 * h, 3 * h)])


@dataclass
class Spans:
    """The valid spans of a batch, flat: sentence, first token, width - 1 and logits N x C."""

    rows: np.ndarray
    starts: np.ndarray
    widths: np.ndarray
    logits: np.ndarray


def conv_matrix(w: np.ndarray) -> np.ndarray:
    """torch Conv1d weight C_out x C_in x 3 -> (3 C_in) x C_out, tap-major."""
    return np.ascontiguousarray(w.transpose(2, 1, 0).reshape(-1, w.shape[0]))


def residual_convs(
    proj: np.ndarray, rows: np.ndarray, cols: np.ndarray, b: int, t: int,
    layers: Sequence[tuple[int, np.ndarray, np.ndarray]],
) -> np.ndarray:
    """Residual width-3 dilated convs with relu (``h += relu(conv(h))``) over N x C token
    states laid out as B sentences of <= T (``rows``, ``cols``), zero-padded apart.
    ``layers``: (dilation, ``conv_matrix`` weight, bias) in order."""
    pad = max(d for d, _, _ in layers)
    n, c = proj.shape
    stride = t + 2 * pad
    grid = np.zeros((b * stride, c), dtype=np.float32)
    at = rows * stride + cols + pad
    grid[at] = proj
    taps = np.empty((n, 3 * c), dtype=np.float32)
    h = proj
    for d, weight, bias in layers:
        taps[:, :c] = grid[at - d]
        taps[:, c:2 * c] = h
        taps[:, 2 * c:] = grid[at + d]
        y = taps @ weight
        y += bias
        h = h + np.maximum(y, 0, out=y)
        grid[at] = h
    return h


class SpanDecoder:
    """Decoding shared by the NER models: span logits -> nested character spans.

    A subclass gives ``labels``, ``pieces`` (whether tokens are split at inner dashes) and
    ``sentence_logits``.
    """

    labels: list[str]
    pieces: bool = False

    def sentence_logits(
        self, sents: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None,
    ) -> Spans:
        """Span logits (``Spans``) of token lists, none empty."""
        raise NotImplementedError

    # -- decoding -----------------------------------------------------------
    def predict_tokens(
        self, sents: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None = None,
    ) -> list[list[tuple[int, int, str, float]]]:
        """Per sentence: (first token, last token + 1, label, probability), nested allowed.

        ``tags``: the tokens' pymorphy tags where known (looked up otherwise).
        """
        out: list[list[tuple[int, int, str, float]]] = [[] for _ in sents]
        order = sorted(range(len(sents)), key=lambda i: len(sents[i]))
        for pos in range(0, len(order), BATCH):
            idx = [i for i in order[pos:pos + BATCH] if sents[i]]
            if not idx:
                continue
            spans = decode_spans(
                self.sentence_logits([sents[i] for i in idx],
                             None if tags is None else [tags[i] for i in idx]),
                len(idx), self.labels)
            for i, found in zip(idx, spans, strict=True):
                out[i] = found
        return out

    def predict_spans(
        self, text: str, sentences: Sequence[Sequence[tuple[int, int]]],
        tags: Sequence[Sequence[str]] | None = None,
    ) -> list[list[tuple[int, int, str, float]]]:
        """Per sentence of token (start, end) spans in ``text``: the predicted (start, end,
        label, probability) character spans. ``tags``: the tokens' pymorphy tags where
        known. A pack trained on pieces (``pieces`` in its hyper-parameters) sees each
        token split at its inner dashes, so a span may start or end inside a token."""
        units: list[list[tuple[int, int]]] = []
        unit_tags: list[list[str]] = []
        for k, spans in enumerate(sentences):
            given = tags[k] if tags is not None else None
            if self.pieces:
                split, known = split_tokens(text, spans, given)
            else:
                split = list(spans)
                known = list(given) if given is not None else [None] * len(split)
            units.append(split)
            unit_tags.append([g if g is not None else word_tags([text[a:b]])[0]
                              for (a, b), g in zip(split, known, strict=True)])
        words = [[text[a:b] for a, b in sent] for sent in units]
        found = self.predict_tokens(words, unit_tags)
        return [[(sent[i][0], sent[j - 1][1], label, p) for i, j, label, p in spans]
                for sent, spans in zip(units, found, strict=True)]

    def predict_text(self, text: str) -> list[tuple[int, int, str, float]]:
        """(start, end, label, probability) character spans, segmented as the pipeline does."""
        sentences = []
        for sent in sentenize(text):
            sentences.append([(sent.start + t.start, sent.start + t.stop)
                              for t in tokenize(sent.text)])
        return [span for spans in self.predict_spans(text, sentences) for span in spans]

    def tag(self, doc: Document) -> Document:
        """Add the predicted mentions to a segmented document.

        Reads: sentences, tokens (and their tags when the morph stage has run).
        Writes: mentions.
        """
        groups: list[list[Token]] = []
        pos = 0
        for sent in doc.sentences:
            group = []
            while pos < len(doc.tokens) and doc.tokens[pos].end <= sent.end:
                if doc.tokens[pos].start >= sent.start:
                    group.append(doc.tokens[pos])
                pos += 1
            groups.append(group)
        tagged = all(t.tag for t in doc.tokens)
        tags = [[t.tag for t in g] for g in groups] if tagged else None
        spans = [[(t.start, t.end) for t in g] for g in groups]
        for found in self.predict_spans(doc.text, spans, tags):
            for start, end, label, _ in found:
                doc.add_mention(start, end, label)
        return doc

class NumpyNer(SpanDecoder):
    """The span NER model over plain NumPy float32 arrays."""

    def __init__(self, pack: Pack, embedder: Embedder | None = None,
                 context: Context | None = None) -> None:
        self.pack = pack
        self.labels = pack.labels
        hyper = pack.hyper
        self.max_width = int(hyper["max_width"])
        self.layers = int(hyper["layers"])
        self.pieces = bool(hyper.get("pieces", 0))  # tokens split at inner dashes
        self.a = {k: v.astype(np.float32) for k, v in pack.arrays.items()}
        self.uses_morph = "morph_emb" in self.a
        self.chars = {ch: i + CHAR_RESERVED for i, ch in enumerate(pack.chars)}
        self._char_table = char_table(self.chars)
        want = pack.meta["vectors"]
        if embedder is None:
            embedder = navec_embedder()
        if embedder.id != want["id"] or embedder.dim != int(want["dim"]):
            raise ModelError(
                f"model {pack.meta['name']} expects vectors {want['id']} ({want['dim']}d), "
                f"got {embedder.id} ({embedder.dim}d)"
            )
        self.embedder = embedder
        self.context = self._context(hyper, context)
        mix = hyper.get("mix")
        self.mix = (int(mix[0]), int(mix[1]), int(mix[2])) if mix else None
        # the context's width once the mix has folded its layers into one
        self.context_dim = (self.context.dim if self.context else 0) - (
            (self.mix[1] - 1) * self.mix[2] if self.mix else 0)
        conv = self.a["char_conv_w"]  # F x dc x 3
        # tap k's term of every character: 3 x chars x F
        self._taps = np.ascontiguousarray(
            np.einsum("cd,fdk->kcf", self.a["char_emb"], conv), dtype=np.float32)
        self.cnn = hyper.get("encoder", "lstm") == "cnn"
        if self.cnn:
            self.dilations = [int(d) for d in hyper["dilations"]]
            self._convs = [self._conv_matrix(k) for k in range(len(self.dilations))]
        else:
            self._lstm = [self._stack_layer(layer) for layer in range(self.layers)]
        self._out_t = self.a["out_w"].T.copy()
        self._out_b = self.a["out_b"].copy()
        self.o_bias = float(pack.meta.get("o_bias", 0.0))
        self._out_b[0] += self.o_bias
        width = 0
        if self.cnn:  # the projection's columns: the token's own inputs, then its context
            proj_w = self.a["enc_proj_w"]
            width = proj_w.shape[0]
            own = proj_w.shape[1] - (self.context_dim if self.context else 0)
            self._own_t = np.ascontiguousarray(proj_w[:, :own].T)
            self._context_t = np.ascontiguousarray(proj_w[:, own:].T)
        self._proj = RowCache(width, PROJ_CACHE)  # the CNN encoder's projected inputs
        self._memo: dict[tuple[str, ...], np.ndarray] = {}  # sentence -> token states

    @property
    def state_dim(self) -> int:
        """The width of the encoder's token states (``token_states``)."""
        if self.cnn:
            return int(self.a["enc_proj_b"].shape[0])
        return 2 * int(self.pack.hyper["hidden"])

    def _context(self, hyper: dict, given: Context | None) -> Context | None:
        """The contextual features the pack was trained with (None if it has none)."""
        want = hyper.get("context")
        if not want:
            return None
        if given is not None:
            context = given
        elif hyper.get("tune"):  # e5 with fine-tuned upper layers, kept in the pack
            from letopis.exec.e5 import tuned_context

            first, last = (int(x) for x in hyper["tune"])
            context = tuned_context(self.a, first, last)
        else:
            context = context_features(str(want))
        if context.id != want or context.dim != int(hyper["context_dim"]):
            raise ModelError(f"model {self.pack.meta['name']} expects context features "
                             f"{want} ({hyper['context_dim']}d), got {context.id} "
                             f"({context.dim}d)")
        return context

    def mixed(self, context: np.ndarray) -> np.ndarray:
        """The context with its ``mix`` columns (layers x width) replaced by their learned
        weighted sum (as ``SpanNer.mixed``)."""
        if self.mix is None:
            return context
        start, layers, width = self.mix
        end = start + layers * width
        stack = context[:, start:end].reshape(-1, layers, width)
        mixed = np.einsum("nlw,l->nw", stack, self.a["mix_w"])
        return np.concatenate([context[:, :start], mixed, context[:, end:]], axis=1)

    def _stack_layer(self, layer: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(2 x in x 4H, 2 x H x 4H, 2 x 1 x 4H): both directions, gates reordered."""
        a = self.a
        order = _gate_order(a[f"lstm{layer}f_whh"].shape[1])
        wih = np.stack([a[f"lstm{layer}{d}_wih"][order].T for d in "fb"])
        whh = np.stack([a[f"lstm{layer}{d}_whh"][order].T for d in "fb"])
        bias = np.stack([a[f"lstm{layer}{d}_b"][order][None, :] for d in "fb"])
        return np.ascontiguousarray(wih), np.ascontiguousarray(whh), bias

    def _conv_matrix(self, k: int) -> np.ndarray:
        """torch Conv1d weight C_out x C_in x 3 -> (3 C_in) x C_out, tap-major."""
        return conv_matrix(self.a[f"conv{k}_w"])

    # -- encoder ------------------------------------------------------------
    def char_features(self, chars: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Max-pooled width-3 char CNN: N x L ids -> N x F.

        Each tap's contribution is looked up in a per-character table (char embedding times
        that tap's weights) and only the real windows of each token are scored.
        """
        n = chars.shape[0]
        if n == 0:
            return np.zeros((0, self._taps.shape[2]), dtype=np.float32)
        counts = np.maximum(lengths, 1)
        offsets = np.cumsum(counts) - counts
        rows, cols = ragged_positions(counts)
        taps = self._taps
        conv = taps[0][chars[rows, cols]]
        conv += taps[1][chars[rows, cols + 1]]
        conv += taps[2][chars[rows, cols + 2]]
        return np.maximum.reduceat(conv, offsets, axis=0) + self.a["char_conv_b"]

    def _bilstm(self, x: np.ndarray, batch: Batch, layer: int) -> np.ndarray:
        """One BiLSTM layer over flat tokens N x D -> N x 2H, both directions in one loop.

        The input projection runs on the real tokens only; the recurrence on T x B (the
        sentences longest first, so that each step runs on the prefix of those still
        going), the backward direction reading each sentence reversed within its length.
        """
        wih, whh, bias = self._lstm[layer]
        b, t = batch.shapes.shape
        hidden = whh.shape[1]
        rank = np.empty(b, dtype=np.int64)
        rank[np.argsort(-batch.lengths, kind="stable")] = np.arange(b)
        rows = rank[batch.rows]
        rcols = batch.lengths[batch.rows] - 1 - batch.cols
        active = (batch.lengths[None, :] > np.arange(t)[:, None]).sum(axis=1).tolist()
        gates_x = np.zeros((2, t, b, 4 * hidden), dtype=np.float32)
        gates_x[0, batch.cols, rows] = x @ wih[0] + bias[0]
        gates_x[1, rcols, rows] = x @ wih[1] + bias[1]
        h = np.zeros((2, b, hidden), dtype=np.float32)
        c = np.zeros((2, b, hidden), dtype=np.float32)
        out = np.empty((2, t, b, hidden), dtype=np.float32)
        for step, n in enumerate(active):
            _lstm_step(gates_x[:, step, :n], h[:, :n], c[:, :n], whh)
            out[:, step, :n] = h[:, :n]
        return np.concatenate([out[0, batch.cols, rows], out[1, rcols, rows]], axis=-1)

    def encode(self, batch: Batch) -> np.ndarray:
        """Token states N x 2H of the batch's tokens, sentence by sentence."""
        rows, cols = batch.rows, batch.cols
        parts = [batch.vectors[rows, cols], self.a["shape_emb"][batch.shapes[rows, cols]],
                 self.char_features(batch.flat_chars, batch.flat_char_lengths)]
        if self.uses_morph:
            parts.append(self.a["morph_emb"][batch.morph[rows, cols]].sum(axis=1))
        if self.context is not None:
            assert batch.context is not None, "make the batch with the model's context"
            parts.append(self.mixed(batch.context))
        x = np.concatenate(parts, axis=-1).astype(np.float32)
        if self.cnn:
            return self._cnn(x, batch)
        for layer in range(self.layers):
            x = self._bilstm(x, batch, layer)
        return x

    def _cnn(self, x: np.ndarray, batch: Batch) -> np.ndarray:
        """Projection and residual dilated convs; sentences padded apart with zeros."""
        b, t = batch.shapes.shape
        return self._convolve(self._project(x), batch.rows, batch.cols, b, t)

    def _project(self, x: np.ndarray) -> np.ndarray:
        """Token inputs N x D -> relu projection N x C."""
        return np.maximum(x @ self.a["enc_proj_w"].T + self.a["enc_proj_b"], 0)

    def _convolve(
        self, proj: np.ndarray, rows: np.ndarray, cols: np.ndarray, b: int, t: int,
    ) -> np.ndarray:
        """The residual dilated convs over projected tokens laid out as B sentences of <= T."""
        layers = [(d, self._convs[k], self.a[f"conv{k}_b"]) for k, d in enumerate(self.dilations)]
        return residual_convs(proj, rows, cols, b, t, layers)

    def flat_spans(self, batch: Batch) -> Spans:
        """Logits of every span of up to ``max_width`` tokens inside its sentence."""
        return self._span_logits(self.encode(batch), batch.lengths)

    def _span_logits(self, h: np.ndarray, lengths: np.ndarray) -> Spans:
        """Span logits from the token states N x H of sentences of ``lengths`` tokens."""
        start = h @ self.a["span_start_w"].T + self.a["span_start_b"]  # N x M
        end = h @ self.a["span_end_w"].T
        last = np.arange(int(lengths.max(initial=0)))[:, None] + np.arange(self.max_width)[None, :]
        rows, starts, widths = np.nonzero(last[None] < lengths[:, None, None])
        first = (np.cumsum(lengths) - lengths)[rows] + starts  # flat index
        hid = np.take(start, first, axis=0)
        hid += np.take(end, first + widths, axis=0)
        hid += np.take(self.a["span_width"], widths, axis=0)
        if "span_pool_w" in self.a:
            hid += self._pooled(h, first, widths)
        np.maximum(hid, 0, out=hid)
        logits = hid @ self._out_t
        logits += self._out_b
        if "biaf_u" in self.a:
            logits += self._biaffine(h, first, widths)
        return Spans(rows, starts, widths, logits)

    def _biaffine(self, h: np.ndarray, first: np.ndarray, widths: np.ndarray) -> np.ndarray:
        """The biaffine term of each span (flat first token, width - 1) -> spans x C.

        ``[s_i; 1]^T U_c [e_j; 1]`` is computed for every start and the ``max_width`` ends
        after it in one batched product, then the valid spans are picked.
        """
        a, w = self.a, self.max_width
        n = h.shape[0]
        s = np.ones((n, a["biaf_u"].shape[1]), dtype=np.float32)
        s[:, :-1] = np.maximum(h @ a["biaf_start_w"].T + a["biaf_start_b"], 0)
        e = np.zeros((n + w - 1, s.shape[1]), dtype=np.float32)
        e[:n, :-1] = np.maximum(h @ a["biaf_end_w"].T + a["biaf_end_b"], 0)
        e[:n, -1] = 1.0
        su = np.einsum("nd,cde->nce", s, a["biaf_u"], optimize=True)  # N x C x D+1
        windows = np.lib.stride_tricks.sliding_window_view(e, w, axis=0)[:n]  # N x D+1 x W
        return np.matmul(su, windows)[first, :, widths]

    def _pooled(self, h: np.ndarray, first: np.ndarray, widths: np.ndarray) -> np.ndarray:
        """The projected mean of each span's token states (flat spans, as the torch twin)."""
        pool = h @ self.a["span_pool_w"].T  # N x M
        sums = np.zeros((pool.shape[0] + 1, pool.shape[1]), dtype=np.float64)
        np.cumsum(pool, axis=0, out=sums[1:])
        mean = (sums[first + widths + 1] - sums[first]) / (widths + 1)[:, None]
        return mean.astype(np.float32)

    def span_scores(self, batch: Batch) -> np.ndarray:
        """Logits B x T x W x C (0 past a sentence's end); [b, i, w] spans tokens i..i+w."""
        spans = self.flat_spans(batch)
        b, t = batch.shapes.shape
        out = np.zeros((b, t, self.max_width, len(self.labels)), dtype=np.float32)
        out[spans.rows, spans.starts, spans.widths] = spans.logits
        return out

    def sentence_logits(
        self, sents: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None,
    ) -> Spans:
        """Span logits (as ``flat_spans``) of token lists, none empty; the CNN encoder reuses
        its cached projections."""
        if not self.cnn:
            return self.flat_spans(make_batch(sents, self.embedder, self.chars, tags,
                                              morph=self.uses_morph, table=self._char_table,
                                              context=self.context))
        lengths = np.array([len(s) for s in sents], dtype=np.int64)
        h = self._cnn_states(sents, tags, lengths)
        self._remember(sents, h, lengths)
        return self._span_logits(h, lengths)

    def _cnn_states(self, sents: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None,
                    lengths: np.ndarray) -> np.ndarray:
        """The CNN encoder's token states N x C, reusing the cached projections."""
        rows, cols = ragged_positions(lengths)
        words = [w for s in sents for w in s]
        flat_tags = [g for s in tags for g in s] if tags is not None else None
        pre = self._projected(words, flat_tags)
        if self.context is not None:
            pre += self.mixed(self.context.states(sents)) @ self._context_t
        proj = np.maximum(pre, 0, out=pre)
        return self._convolve(proj, rows, cols, len(sents), int(lengths.max()))

    def _remember(self, sents: Sequence[Sequence[str]], h: np.ndarray,
                  lengths: np.ndarray) -> list[np.ndarray]:
        """Keep each sentence's token states for ``token_states`` (the last document's;
        never more than ``MEMO`` sentences); returns them, one array per sentence."""
        if len(self._memo) + len(sents) > MEMO:
            self._memo = {}
        parts = np.split(h, np.cumsum(lengths)[:-1])
        for sent, part in zip(sents, parts, strict=True):
            self._memo[tuple(sent)] = part
        return parts

    def predict_tokens(
        self, sents: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None = None,
    ) -> list[list[tuple[int, int, str, float]]]:
        """As ``SpanDecoder.predict_tokens``; the token states are remembered until the
        next call (``token_states`` reuses them)."""
        self._memo = {}
        return super().predict_tokens(sents, tags)

    def token_states(
        self, sents: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None = None,
    ) -> list[np.ndarray]:
        """The encoder's token states (len x C) of each sentence (token lists, none empty):
        those of the last ``predict_tokens`` call where it saw the sentence, computed
        otherwise. Other stages (relations) read the NER's states through this."""
        out: list[np.ndarray | None] = [self._memo.get(tuple(s)) for s in sents]
        missing = [i for i, found in enumerate(out) if found is None]
        for pos in range(0, len(missing), BATCH):
            idx = missing[pos:pos + BATCH]
            part = [sents[i] for i in idx]
            part_tags = None if tags is None else [tags[i] for i in idx]
            lengths = np.array([len(s) for s in part], dtype=np.int64)
            if self.cnn:
                h = self._cnn_states(part, part_tags, lengths)
            else:
                h = self.encode(make_batch(part, self.embedder, self.chars, part_tags,
                                           morph=self.uses_morph, table=self._char_table,
                                           context=self.context))
            for i, rows in zip(idx, self._remember(part, h, lengths), strict=True):
                out[i] = rows
        return [found for found in out if found is not None]

    def _projected(self, words: Sequence[str], tags: Sequence[str] | None) -> np.ndarray:
        """Projections N x C (before the relu) of the tokens' own inputs, computed once per
        (word, tag) pair."""
        keys = list(zip(words, tags if tags is not None else [None] * len(words), strict=True))

        def compute(missing: list[Hashable]) -> np.ndarray:
            pairs = cast(list[tuple[str, str | None]], missing)
            return self._project_words([k[0] for k in pairs],
                                       None if tags is None else [str(k[1]) for k in pairs])

        return self._proj.gather(keys, compute)

    def _project_words(self, words: list[str], tags: list[str] | None) -> np.ndarray:
        """Token inputs of the words (as ``encode`` builds them, without context), projected
        (before the relu)."""
        cids, clens = char_ids(words, self.chars, self._char_table)
        parts = [self.embedder.vectors(self.embedder.ids(words)),
                 self.a["shape_emb"][shape_ids(words)], self.char_features(cids, clens)]
        if self.uses_morph:
            parts.append(self.a["morph_emb"][morph_ids(
                tags if tags is not None else word_tags(words))].sum(axis=1))
        x = np.concatenate(parts, axis=-1).astype(np.float32)
        if len(words) == 1:  # a one-row product takes another BLAS path
            x = np.repeat(x, 2, axis=0)
        return (x @ self._own_t + self.a["enc_proj_b"])[:len(words)]


def _crosses(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]


def decode_spans(spans: Spans, count: int, labels: Sequence[str],
                 ) -> list[list[tuple[int, int, str, float]]]:
    """Non-O spans per sentence, crossing spans removed greedily by probability."""
    logits = spans.logits
    best = logits.argmax(axis=-1)
    keep = np.nonzero(best != 0)[0]
    top = logits[keep, best[keep]]
    probs = 1.0 / np.exp(logits[keep] - top[:, None]).sum(axis=-1)
    by_row: list[list[tuple[float, int, int, str]]] = [[] for _ in range(count)]
    for n, k in enumerate(keep.tolist()):
        i = int(spans.starts[k])
        by_row[int(spans.rows[k])].append(
            (float(probs[n]), i, i + int(spans.widths[k]) + 1, labels[best[k]]))
    out = []
    for cands in by_row:
        cands.sort(key=lambda c: -c[0])
        chosen: list[tuple[int, int, str, float]] = []
        for p, i, j, label in cands:
            if not any(_crosses((i, j), (c[0], c[1])) for c in chosen):
                chosen.append((i, j, label, p))
        chosen.sort(key=lambda c: (c[0], -c[1]))
        out.append(chosen)
    return out


def decode(
    scores: np.ndarray, lengths: np.ndarray, labels: Sequence[str],
) -> list[list[tuple[int, int, str, float]]]:
    """``decode_spans`` over padded B x T x W x C logits (spans past the end ignored)."""
    t, w = scores.shape[1], scores.shape[2]
    last = np.arange(t)[:, None] + np.arange(w)[None, :]
    rows, starts, widths = np.nonzero(last[None] < np.asarray(lengths)[:, None, None])
    spans = Spans(rows, starts, widths, scores[rows, starts, widths])
    return decode_spans(spans, len(lengths), labels)


class EnsembleNer(SpanDecoder):
    """Several packs over one label set as one model: their span logits are averaged."""

    def __init__(self, members: Sequence[NumpyNer]) -> None:
        if not members:
            raise ModelError("an ensemble needs at least one model pack")
        first = members[0]
        for other in members[1:]:
            if (other.labels, other.max_width, other.pieces) != (
                    first.labels, first.max_width, first.pieces):
                raise ModelError(f"model {other.pack.meta['name']} cannot join an ensemble "
                                 f"with {first.pack.meta['name']}: labels, widths or "
                                 "tokenization differ")
        self.members = list(members)
        self.labels = first.labels
        self.max_width = first.max_width
        self.pieces = first.pieces

    def sentence_logits(
        self, sents: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None,
    ) -> Spans:
        """The mean of the members' span logits (the spans are the same for all)."""
        spans = [m.sentence_logits(sents, tags) for m in self.members]
        mean = spans[0].logits.copy()
        for other in spans[1:]:
            mean += other.logits
        mean /= len(spans)
        return Spans(spans[0].rows, spans[0].starts, spans[0].widths, mean)


# The registered NER models: name -> the packs (in resources/models) whose mean it is.
MODELS: dict[str, tuple[str, ...]] = {
    "fast": (PACK_NAME,),
    # a head over multilingual-e5-small (letopis.exec.e5) with its layers 5-8 fine-tuned,
    # and the two of "balanced": the most accurate, the slowest (the encoder runs on every
    # sentence)
    "accurate": ("letopis_ner_nerel_e5tuned_v1_cnn.tar",
                 "letopis_ner_nerel_accurate_v1_lstm.tar",
                 "letopis_ner_nerel_accurate_v1_cnn.tar"),
    # a BiLSTM and a CNN over slovnet's news encoder states: about ten times the accurate
    # model's speed, between it and the default in accuracy
    "balanced": ("letopis_ner_nerel_accurate_v1_lstm.tar",
                 "letopis_ner_nerel_accurate_v1_cnn.tar"),
}


def check_model(name: str) -> None:
    """ModelError unless ``name`` is a registered NER model (``MODELS``)."""
    if name not in MODELS:
        raise ModelError(f"unknown NER model {name!r}: choose one of {', '.join(MODELS)}")


def pack_path(name: str = PACK_NAME) -> Path:
    """Where a shipped pack (the default NEREL pack unless named) lives in the package."""
    return Path(str(resources.files("letopis") / "resources" / "models" / name))


TUNED_MARK = "e5tuned"  # in the file name of a shipped pack with fine-tuned e5 layers


def load_tuned_packs() -> None:
    """Load the shipped NER packs with fine-tuned e5 layers (``TUNED_MARK`` in their file
    names), which makes their contexts known to ``letopis.exec.e5.e5_context``."""
    for name in sorted({p for packs in MODELS.values() for p in packs if TUNED_MARK in p}):
        ner_pack_model(name)


@cache
def default_model() -> NumpyNer:
    """The shipped NEREL model over navec, loaded once (ModelError if absent)."""
    return NumpyNer(load_pack(pack_path()))


@cache
def ner_pack_model(name: str) -> NumpyNer:
    """One shipped NER pack by file name, loaded once (the default pack is
    ``default_model()``, the same object)."""
    if name == PACK_NAME:
        return default_model()
    return NumpyNer(load_pack(pack_path(name)))


@cache
def ner_model(name: str = "fast") -> SpanDecoder:
    """A registered NER model (``MODELS``), loaded once: ``fast`` is ``default_model()``,
    ``accurate`` and ``balanced`` the means of larger packs (slower; docs/ner-model.md),
    each pack the one object of ``ner_pack_model`` (shared by the models and stages that
    use it: its arrays are held once)."""
    check_model(name)
    if name == "fast":
        return default_model()
    return EnsembleNer([ner_pack_model(p) for p in MODELS[name]])
