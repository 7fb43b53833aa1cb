"""Fine-tuning the upper layers of multilingual-e5-small under the span classifier.

The frozen route (``--context e5:0-12 --mix``) reads all 13 layers as fixed features. Here
layers ``first + 1 .. last`` are trained with the NER head (``--tune FIRST-LAST``, e.g.
``4-8``): the states after layer ``first`` are computed once in NumPy and kept (the
sentence's pieces, ``<s>`` and ``</s>`` included), the tuned layers run in torch over
them, and each token gets the mean of its pieces' states per layer, as
``letopis.exec.e5.E5Context`` gives it. The context the head mixes is layers ``0 ..
last``: ``0 .. first`` frozen, the rest tuned. Layers above ``last`` are not run at all, so
the tuned model's encoder is cheaper than the frozen 12 layers.

The pack keeps the tuned layers (``tune{k}_<name>`` arrays, the names of
``letopis.exec.e5.Weights.layers``); ``letopis.exec.e5.tuned_encoder`` puts them in place
of the package's layers at inference.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from letopis.exec.e5 import WINDOW, Encoder, encoder, sentence_pieces
from letopis.train.model import SpanNer


def parse_tune(spec: str) -> tuple[int, int]:
    """``4-8`` -> (4, 8): layers 5..8 tuned over the frozen states after layer 4."""
    from letopis.errors import ModelError

    try:
        a, b = (int(x) for x in spec.split("-"))
    except ValueError:
        raise ModelError(f"bad --tune {spec!r}: expected FIRST-LAST, e.g. 4-8") from None
    if not 0 <= a < b <= 12:
        raise ModelError(f"bad --tune {spec!r}: need 0 <= FIRST < LAST <= 12")
    return a, b


class PieceInputs:
    """What the tuned layers need of one sentence: the frozen token features of layers
    ``0..first`` (T x (first + 1) H), the states after layer ``first`` of its pieces with
    ``<s>``/``</s>`` (P x H, first ``WINDOW`` content pieces) and the tokens' averaging
    matrix over them (T x P)."""

    __slots__ = ("frozen", "pieces", "assign")

    def __init__(self, frozen: np.ndarray, pieces: np.ndarray, assign: np.ndarray) -> None:
        self.frozen = frozen
        self.pieces = pieces
        self.assign = assign


def piece_inputs(sents: Sequence[Sequence[str]], first: int, enc: Encoder | None = None,
                 dtype: Any = np.float16) -> list[PieceInputs]:
    """``PieceInputs`` of each sentence (states as ``dtype``). A sentence of more than ``WINDOW``
    pieces keeps its first ``WINDOW`` for the tuned layers (its later tokens get zeros
    there); at inference ``E5Context`` runs such sentences in overlapping windows."""
    enc = enc or encoder()
    layers = list(range(first + 1))
    out: list[PieceInputs] = []
    for pos in range(0, len(sents), 64):
        chunk = sents[pos:pos + 64]
        ids, maps = [], []
        for words in chunk:
            piece_ids, m = sentence_pieces(enc.tok, words, WINDOW)
            ids.append(piece_ids)
            maps.append(m)
        for states, m in zip(enc.forward(ids, layers), maps, strict=True):
            content = states[1:-1]  # P x (first + 1) x H
            frozen = np.einsum("tp,plh->tlh", m, content).reshape(m.shape[0], -1)
            full = np.zeros((m.shape[0], m.shape[1] + 2), np.float32)
            full[:, 1:-1] = m
            out.append(PieceInputs(frozen.astype(dtype), states[:, first].astype(dtype), full))
    return out


def cached_piece_inputs(sents: Sequence[Sequence[str]], first: int, cache: Path | None,
                        log: Callable[[str], None] = print) -> list[PieceInputs]:
    """``piece_inputs``, kept in ``cache`` (one ``.npz`` per sentence set and layer)."""
    from letopis.train.loop import _sentences_key

    path = None
    if cache is not None:
        path = cache / f"pieces-{_sentences_key([f'e5tune{first}'.encode()], sents)}.npz"
        if path.is_file():
            data = np.load(path)
            return _split_inputs(data, [len(s) for s in sents])
    log(f"e5 layers 0-{first} over {len(sents)} sentences ...")
    items = piece_inputs(sents, first)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, frozen=np.concatenate([i.frozen for i in items]),
                 pieces=np.concatenate([i.pieces for i in items]),
                 npieces=np.array([len(i.pieces) for i in items]),
                 assign=np.concatenate([i.assign.reshape(-1) for i in items]))
    return items


def _split_inputs(data: Any, lengths: Sequence[int]) -> list[PieceInputs]:
    frozen = np.split(data["frozen"], np.cumsum(lengths)[:-1])
    npieces = data["npieces"]
    pieces = np.split(data["pieces"], np.cumsum(npieces)[:-1])
    sizes = [t * p for t, p in zip(lengths, npieces, strict=True)]
    assign = np.split(data["assign"], np.cumsum(sizes)[:-1])
    return [PieceInputs(f, p, a.reshape(t, n))
            for f, p, a, t, n in zip(frozen, pieces, assign, lengths, npieces, strict=True)]


def collate_pieces(inputs: Sequence[PieceInputs], t: int) -> dict[str, torch.Tensor]:
    """Padded batch tensors: ``context`` B x T x (first + 1) H, ``pieces`` B x P x H,
    ``piece_mask`` B x P, ``assign`` B x T x P."""
    b = len(inputs)
    p = max(len(i.pieces) for i in inputs)
    hidden = inputs[0].pieces.shape[1]
    frozen = np.zeros((b, t, inputs[0].frozen.shape[1]), np.float32)
    pieces = np.zeros((b, p, hidden), np.float32)
    mask = np.zeros((b, p), bool)
    assign = np.zeros((b, t, p), np.float32)
    for k, i in enumerate(inputs):
        n, m = i.assign.shape
        frozen[k, :n] = i.frozen
        pieces[k, :m] = i.pieces
        mask[k, :m] = True
        assign[k, :n, :m] = i.assign
    return {"context": torch.from_numpy(frozen), "pieces": torch.from_numpy(pieces),
            "piece_mask": torch.from_numpy(mask), "assign": torch.from_numpy(assign)}


class E5Layer(nn.Module):
    """One post-norm transformer layer as ``letopis.exec.e5.Encoder._layer`` computes it
    (fused QKV, GELU in its tanh form), with dropout for training."""

    def __init__(self, hidden: int, heads: int, ff: int, eps: float, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.ao = nn.Linear(hidden, hidden)
        self.aln = nn.LayerNorm(hidden, eps=eps)
        self.fi = nn.Linear(hidden, ff)
        self.fo = nn.Linear(ff, hidden)
        self.oln = nn.LayerNorm(hidden, eps=eps)
        self.drop = nn.Dropout(dropout)
        self.p = dropout

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """B x P x H -> B x P x H; ``mask`` B x P marks real pieces."""
        b, p, h = x.shape
        d = h // self.heads
        q, k, v = self.qkv(x).reshape(b, p, 3, self.heads, d).permute(2, 0, 3, 1, 4)
        ctx = nn.functional.scaled_dot_product_attention(
            q, k, v, attn_mask=mask[:, None, None, :],
            dropout_p=self.p if self.training else 0.0)
        y = self.ao(ctx.transpose(1, 2).reshape(b, p, h))
        x = self.aln(x + self.drop(y))
        y = self.fo(nn.functional.gelu(self.fi(x), approximate="tanh"))
        return self.oln(x + self.drop(y))

    def load(self, p: dict[str, np.ndarray]) -> None:
        """Take the weights of one ``letopis.exec.e5.Weights.layers`` entry."""
        with torch.no_grad():
            for name, key in (("qkv", "qkv"), ("ao", "ao"), ("fi", "fi"), ("fo", "fo")):
                lin = getattr(self, name)
                lin.weight.copy_(torch.from_numpy(np.array(p[f"{key}_w"].T)))
                lin.bias.copy_(torch.from_numpy(np.array(p[f"{key}_b"])))
            for name in ("aln", "oln"):
                norm = getattr(self, name)
                norm.weight.copy_(torch.from_numpy(np.array(p[f"{name}_w"])))
                norm.bias.copy_(torch.from_numpy(np.array(p[f"{name}_b"])))

    def export(self) -> dict[str, np.ndarray]:
        """The weights under ``Weights.layers``'s names (``x @ w`` orientation, float32)."""
        def arr(t: torch.Tensor) -> np.ndarray:
            return t.detach().cpu().numpy().astype(np.float32)

        out = {}
        for name in ("qkv", "ao", "fi", "fo"):
            lin = getattr(self, name)
            out[f"{name}_w"] = np.ascontiguousarray(arr(lin.weight).T)
            out[f"{name}_b"] = arr(lin.bias)
        for name in ("aln", "oln"):
            norm = getattr(self, name)
            out[f"{name}_w"], out[f"{name}_b"] = arr(norm.weight), arr(norm.bias)
        return out


class TunedSpanNer(SpanNer):
    """``SpanNer`` whose context's upper e5 layers are computed (and trained) in the model:
    hyper ``tune`` = [first, last]."""

    def __init__(self, vec_dim: int, n_chars: int, n_labels: int, hyper: dict[str, Any],
                 enc: Encoder | None = None) -> None:
        super().__init__(vec_dim, n_chars, n_labels, hyper)
        enc = enc or encoder()
        cfg = enc.config
        first, last = (int(x) for x in hyper["tune"])
        layers = [E5Layer(cfg.hidden, cfg.heads, cfg.ff, cfg.eps,
                          float(hyper.get("tune_dropout", 0.1))) for _ in range(first, last)]
        for layer, k in zip(layers, range(first, last), strict=True):
            layer.load(enc.w.layers[k])
        self.tuned = nn.ModuleList(layers)
        self.stack: list[E5Layer] = layers

    def encode(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        """Token states, the tuned layers' token means appended to the frozen context."""
        x, mask, assign = batch["pieces"], batch["piece_mask"], batch["assign"]
        feats = [batch["context"]]
        for layer in self.stack:
            x = layer(x, mask)
            feats.append(torch.bmm(assign, x))
        return super().encode({**batch, "context": torch.cat(feats, dim=-1)})


def export_tuned(model: TunedSpanNer) -> dict[str, np.ndarray]:
    """The tuned layers as pack arrays ``tune{k}_<name>`` (float16: half the size, and the
    package's own weights are 4-bit)."""
    return {f"tune{k}_{name}": value.astype(np.float16) for k, layer in enumerate(model.stack)
            for name, value in layer.export().items()}


def tuned_lr(epoch: int, epochs: int, warm: int = 1) -> float:
    """The tuned layers' learning-rate factor: frozen for ``warm`` epochs (the head learns
    first), then a cosine decay from 1."""
    if epoch < warm:
        return 0.0
    span = max(1, epochs - warm)
    return 0.5 * (1.0 + math.cos(math.pi * (epoch - warm) / span))
