"""The torch twin of ``letopis.exec.ner.NumpyNer`` (training only) and its export."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from letopis.exec.features import MORPH_SIZE, SHAPES

DEFAULTS: dict[str, Any] = {
    "max_width": 12, "layers": 2, "hidden": 128, "shape_dim": 16, "char_dim": 32,
    "char_filters": 64, "span_hidden": 192, "dropout": 0.3, "morph_dim": 16,
    "encoder": "cnn", "channels": 256, "dilations": [1, 2, 4], "span_pool": 0,
    "biaffine": 0, "pieces": 0,
}


class SpanNer(nn.Module):
    """Word vectors + shape + char CNN -> BiLSTM or CNN -> span scores B x T x W x C.

    The CNN encoder: a linear projection to ``channels``, then one residual width-3 conv
    per dilation (``x + relu(conv(x))``), padding kept at zero.
    """

    def __init__(self, vec_dim: int, n_chars: int, n_labels: int, hyper: dict[str, Any]):
        super().__init__()
        self.hyper = dict(hyper)
        h = hyper
        self.shape_emb = nn.Embedding(len(SHAPES), h["shape_dim"], padding_idx=0)
        self.char_emb = nn.Embedding(n_chars, h["char_dim"], padding_idx=0)
        self.char_conv = nn.Conv1d(h["char_dim"], h["char_filters"], 3)
        # a learned scalar mix of encoder layers inside the context (``mix``: start column,
        # layers, width): softmax weights times a scale, as ELMo's
        mix = h.get("mix")
        self.mix = nn.Parameter(torch.zeros(int(mix[1]))) if mix else None
        self.mix_scale = nn.Parameter(torch.ones(1)) if mix else None
        mixed_away = (int(mix[1]) - 1) * int(mix[2]) if mix else 0
        in_dim = (vec_dim + h["shape_dim"] + h["char_filters"] + h.get("morph_dim", 0)
                  + h.get("context_dim", 0) - mixed_away)
        self.morph_emb = (nn.Embedding(MORPH_SIZE, h["morph_dim"])
                          if h.get("morph_dim", 0) else None)
        self.cnn = h.get("encoder", "lstm") == "cnn"
        if self.cnn:
            out_dim = h["channels"]
            self.proj = nn.Linear(in_dim, out_dim)
            self.convs = nn.ModuleList(nn.Conv1d(out_dim, out_dim, 3, padding=d, dilation=d)
                                       for d in h["dilations"])
        else:
            out_dim = 2 * h["hidden"]
            self.lstm = nn.LSTM(in_dim, h["hidden"], num_layers=h["layers"], bidirectional=True,
                                batch_first=True,
                                dropout=h["dropout"] if h["layers"] > 1 else 0.0)
        self.span_start = nn.Linear(out_dim, h["span_hidden"])
        self.span_end = nn.Linear(out_dim, h["span_hidden"], bias=False)
        self.span_width = nn.Embedding(h["max_width"], h["span_hidden"])
        # the mean of the span's token states, projected (``span_pool``: on when 1)
        self.span_pool = (nn.Linear(out_dim, h["span_hidden"], bias=False)
                          if h.get("span_pool", 0) else None)
        self.out = nn.Linear(h["span_hidden"], n_labels)
        self.drop = nn.Dropout(h["dropout"])
        # a biaffine term per class over start and end states (``biaffine``: its width)
        dim = h.get("biaffine", 0)
        self.biaf_start = nn.Linear(out_dim, dim) if dim else None
        self.biaf_end = nn.Linear(out_dim, dim) if dim else None
        self.biaf = nn.Parameter(torch.zeros(n_labels, dim + 1, dim + 1)) if dim else None

    def char_features(self, chars: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """B x T x L ids -> B x T x F max-pooled conv features."""
        b, t, length = chars.shape
        emb = self.char_emb(chars.reshape(b * t, length)).transpose(1, 2)  # N x dc x L
        conv = self.char_conv(emb)  # N x F x L-2
        valid = torch.arange(conv.shape[2])[None, :] < lengths.reshape(-1, 1).clamp(min=1)
        conv = conv.masked_fill(~valid[:, None, :], float("-inf"))
        return conv.max(dim=2).values.reshape(b, t, -1)

    def mixed(self, context: torch.Tensor) -> torch.Tensor:
        """The context with its ``mix`` columns (layers x width) replaced by their mix."""
        if self.mix is None or self.mix_scale is None:
            return context
        start, layers, width = (int(v) for v in self.hyper["mix"])
        end = start + layers * width
        stack = context[..., start:end].reshape(context.shape[:-1] + (layers, width))
        weights = torch.softmax(self.mix, dim=0) * self.mix_scale
        mixed = (stack * weights[:, None]).sum(dim=-2)
        return torch.cat([context[..., :start], mixed, context[..., end:]], dim=-1)

    def encode(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        """Token states B x T x 2H."""
        parts = [batch["vectors"], self.shape_emb(batch["shapes"]),
                 self.char_features(batch["chars"], batch["char_lengths"])]
        if self.morph_emb is not None:
            parts.append(self.morph_emb(batch["morph"]).sum(dim=2))
        if self.hyper.get("context_dim", 0):
            parts.append(self.mixed(batch["context"]))
        x = torch.cat(parts, dim=-1)
        x = self.drop(x)
        t = x.shape[1]
        if self.cnn:
            return self.drop(self._cnn(x, batch["lengths"]))
        packed = pack_padded_sequence(x, batch["lengths"].cpu(), batch_first=True,
                                      enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=t)
        return self.drop(out)

    def _cnn(self, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        mask = (torch.arange(x.shape[1])[None, :] < lengths[:, None]).to(x.dtype)[..., None]
        x = torch.relu(self.proj(x)) * mask
        for conv in self.convs:
            y = torch.relu(conv(x.transpose(1, 2)).transpose(1, 2))
            x = (x + self.drop(y)) * mask
        return x

    def forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        """Span logits B x T x W x C (spans past a sentence's end are garbage)."""
        h = self.encode(batch)
        b, t, _ = h.shape
        w = self.hyper["max_width"]
        start = self.span_start(h)
        end = self.span_end(h)
        end = torch.cat([end, end.new_zeros(b, w - 1, end.shape[2])], dim=1)
        ends = end.unfold(1, t, 1).permute(0, 3, 1, 2)  # B x T x W x M
        hid = start[:, :, None, :] + ends + self.span_width.weight[None, None]
        if self.span_pool is not None:
            hid = hid + self._pooled(self.span_pool(h), w)
        logits = self.out(self.drop(torch.relu(hid)))
        if self.biaf is not None:
            logits = logits + self._biaffine(h, w)
        return logits

    def _biaffine(self, h: torch.Tensor, w: int) -> torch.Tensor:
        """B x T x W x C: ``[s_i; 1]^T U_c [e_j; 1]`` for span i..j = i + k, where s and e
        are relu projections of the start and end token states."""
        assert self.biaf_start is not None and self.biaf_end is not None
        assert self.biaf is not None
        b, t, _ = h.shape
        one = h.new_ones(b, t, 1)
        s = torch.cat([self.drop(torch.relu(self.biaf_start(h))), one], dim=-1)
        e = torch.cat([self.drop(torch.relu(self.biaf_end(h))), one], dim=-1)
        e = torch.cat([e, e.new_zeros(b, w - 1, e.shape[2])], dim=1)
        ends = e.unfold(1, t, 1).permute(0, 3, 2, 1)  # B x T x D+1 x W
        su = torch.einsum("btd,cde->btce", s, self.biaf)  # B x T x C x D+1
        return torch.matmul(su, ends).permute(0, 1, 3, 2)  # B x T x W x C

    @staticmethod
    def _pooled(p: torch.Tensor, w: int) -> torch.Tensor:
        """B x T x M -> B x T x W x M: the mean of p over tokens i..i+k for span [i, k]."""
        b, t, m = p.shape
        cs = torch.cat([p.new_zeros(b, 1, m), p.cumsum(dim=1)], dim=1)  # B x T+1 x M
        after = torch.cat([cs[:, 1:], cs[:, -1:].expand(b, w - 1, m)], dim=1)
        sums = after.unfold(1, t, 1).permute(0, 3, 1, 2) - cs[:, :t, None, :]
        return sums / torch.arange(1, w + 1, dtype=p.dtype)[None, None, :, None]


def export_arrays(model: SpanNer) -> dict[str, np.ndarray]:
    """The weights under the names ``NumpyNer`` reads (float32)."""
    def arr(t: Any) -> np.ndarray:
        return t.detach().cpu().numpy().astype(np.float32)

    out = {
        "shape_emb": arr(model.shape_emb.weight),
        "char_emb": arr(model.char_emb.weight),
        "char_conv_w": arr(model.char_conv.weight),
        "char_conv_b": arr(model.char_conv.bias),
        "span_start_w": arr(model.span_start.weight),
        "span_start_b": arr(model.span_start.bias),
        "span_end_w": arr(model.span_end.weight),
        "span_width": arr(model.span_width.weight),
        "out_w": arr(model.out.weight),
        "out_b": arr(model.out.bias),
    }
    if model.mix is not None and model.mix_scale is not None:
        out["mix_w"] = arr(torch.softmax(model.mix, dim=0) * model.mix_scale)
    if model.span_pool is not None:
        out["span_pool_w"] = arr(model.span_pool.weight)
    if model.biaf is not None:
        assert model.biaf_start is not None and model.biaf_end is not None
        out["biaf_start_w"] = arr(model.biaf_start.weight)
        out["biaf_start_b"] = arr(model.biaf_start.bias)
        out["biaf_end_w"] = arr(model.biaf_end.weight)
        out["biaf_end_b"] = arr(model.biaf_end.bias)
        out["biaf_u"] = arr(model.biaf)
    if model.morph_emb is not None:
        out["morph_emb"] = arr(model.morph_emb.weight)
    if model.cnn:
        out["enc_proj_w"] = arr(model.proj.weight)
        out["enc_proj_b"] = arr(model.proj.bias)
        for k, conv in enumerate(model.convs):
            out[f"conv{k}_w"] = arr(conv.weight)
            out[f"conv{k}_b"] = arr(conv.bias)
        return out
    lstm = model.lstm
    for layer in range(lstm.num_layers):
        for tag, suffix in (("f", ""), ("b", "_reverse")):
            get = lambda name: getattr(lstm, f"{name}_l{layer}{suffix}")  # noqa: E731, B023
            out[f"lstm{layer}{tag}_wih"] = arr(get("weight_ih"))
            out[f"lstm{layer}{tag}_whh"] = arr(get("weight_hh"))
            out[f"lstm{layer}{tag}_b"] = arr(get("bias_ih") + get("bias_hh"))
    return out
