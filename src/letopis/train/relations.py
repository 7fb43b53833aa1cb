"""Training the relation model (``letopis.exec.relations``) on NEREL with PyTorch.

The NER pack's token states are computed once with NumPy (the pack is frozen); the
candidate pairs of the gold mentions (the argument types of ``annotation.conf``) carry
their features; a small torch twin of ``NumpyRelations.logits`` is trained with cross
entropy, the epoch and the probability threshold are chosen on NEREL dev by micro-F1
over the candidate pairs of gold mentions, and the weights go into a versioned pack.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from letopis.doc import LABELS, RELATION_TYPES, SYMMETRIC_RELATIONS, Document
from letopis.eval.nerel import BratDoc, canonical, gold_relations
from letopis.exec.pack import Pack, save_pack
from letopis.exec.relations import (
    DIST_BUCKETS,
    INTER_CODES,
    KIND,
    NEST_CODES,
    MentionRef,
    allowed_table,
    candidates,
    cross_table,
    functional_flags,
    functional_keep,
    nest_rows,
)
from letopis.exec.syntax import PATH_CODES, syntax_parser, tree_paths
from letopis.extract.relations import DocStates

Log = Callable[[str], None]


def read_schema(conf: Path) -> dict[str, list[list[str]]]:
    """Relation type -> [head labels, tail labels] from a brat ``annotation.conf``
    (``<ENTITY>``, any label, becomes an empty list)."""
    schema: dict[str, list[list[str]]] = {}
    section = ""
    for line in conf.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
            continue
        if section != "[relations]" or not line or line.startswith("#"):
            continue
        name, _, args = line.partition("\t")
        roles = []
        for arg in args.split(","):
            _, _, types = arg.strip().partition(":")
            roles.append([] if types == "<ENTITY>" else types.split("|"))
        if len(roles) == 2:
            schema[name.strip()] = roles
    return schema


@dataclass
class PairData:
    """Token states, mentions and candidate pairs of a set of documents; indices are
    global (tokens, sentences and mentions numbered across the documents)."""

    h: np.ndarray  # N x C float16 NER token states
    sentence: np.ndarray  # N sentence number (global, non-decreasing)
    first: np.ndarray  # M first token
    last: np.ndarray  # M last token
    labels: np.ndarray  # M label index
    head: np.ndarray  # P mention
    tail: np.ndarray  # P mention
    dist: np.ndarray  # P
    nest: np.ndarray  # P
    inter: np.ndarray  # P
    alias: np.ndarray  # P
    far: np.ndarray  # P (1: a ``far_aliases`` pair)
    gap_from: np.ndarray  # P token
    gap_to: np.ndarray  # P token
    target: np.ndarray  # P relation index (0: none)
    doc: np.ndarray  # P document
    bounds: np.ndarray  # D x 3: each document's first token, first mention, first pair
    gold: list[set[tuple[tuple[int, int], tuple[int, int], str]]]  # per document
    spans: list[list[tuple[int, int]]]  # per document: the mentions' spans
    missed: int = 0  # gold relations with no candidate pair
    # dependency paths (``letopis.exec.syntax.tree_paths``; empty without ``tree``)
    theads: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # N token
    lca: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # P token
    pcode: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # P
    pnodes: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int64))  # P x K
    pedges: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int64))  # P x K
    # the words of each sentence (in the tokens' order), and with ``tune`` their e5 inputs
    # (``letopis.train.tune.PieceInputs``, one per sentence; filled by ``fit``)
    sents: list[list[str]] = field(default_factory=list)
    pieces: list[Any] = field(default_factory=list)
    sent_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # sorted ids


ARRAYS = ("h", "sentence", "first", "last", "labels", "head", "tail", "dist", "nest", "inter",
          "alias", "far", "gap_from", "gap_to", "target", "doc", "bounds", "theads", "lca",
          "pcode", "pnodes", "pedges")
# the fields with one row per candidate pair
PAIR_FIELDS = ("head", "tail", "dist", "nest", "inter", "alias", "far", "gap_from", "gap_to",
               "target", "doc", "lca", "pcode", "pnodes", "pedges")


def _gold_refs(doc: BratDoc, states: DocStates, extra: Sequence[tuple[int, int, str]] = (),
               ) -> tuple[list[MentionRef], dict[str, int]]:
    """The gold mentions' refs (then those of ``extra`` spans that are not gold) and each
    gold entity id's index among them."""
    refs: list[MentionRef] = []
    index: dict[tuple[int, int, str], int] = {}
    by_id: dict[str, int] = {}
    for ent in doc.entities.values():
        key = (ent.start, ent.end, ent.label)
        if key not in index:
            ref = states.locate(ent.start, ent.end, ent.label)
            if ref is None:
                continue
            index[key] = len(refs)
            refs.append(ref)
        by_id[ent.id] = index[key]
    for key in extra:
        if key not in index and key[2] in LABELS:
            ref = states.locate(*key)
            if ref is not None:
                index[key] = len(refs)
                refs.append(ref)
    return refs, by_id


def predicted_mentions(docs: Sequence[BratDoc], log: Log = print,
                       ) -> list[list[tuple[int, int, str]]]:
    """The default pipeline's mentions of each document, as (start, end, label)."""
    from letopis.pipeline import analyze

    out = []
    for k, bdoc in enumerate(docs, 1):
        out.append([(m.start, m.end, m.label) for m in analyze(bdoc.text).mentions])
        if k % 100 == 0:
            log(f"  {k}/{len(docs)} documents analyzed")
    return out


def _targets(doc: BratDoc, by_id: dict[str, int]) -> dict[tuple[int, int], int]:
    """(head, tail) mention indices -> relation index; symmetric types both ways."""
    tindex = {t: k for k, t in enumerate(RELATION_TYPES, 1)}
    targets: dict[tuple[int, int], int] = {}
    for r in doc.relations:
        if r.head in by_id and r.tail in by_id and r.type in tindex:
            i, j = by_id[r.head], by_id[r.tail]
            targets[(i, j)] = tindex[r.type]
            if r.type in SYMMETRIC_RELATIONS:
                targets.setdefault((j, i), tindex[r.type])
    return targets


def prepare(docs: Sequence[BratDoc], ner_pack: str, schema: dict[str, list[list[str]]],
            log: Log = print, words: bool = False, context: str | None = None,
            layers: Sequence[int] = (), far: bool = False,
            extra: Sequence[Sequence[tuple[int, int, str]]] | None = None,
            tree: bool = False) -> PairData:
    """Segment, tag and encode each document; its gold mentions' candidate pairs.
    ``words``, ``context``, ``layers``: what ``DocStates`` adds to the NER states;
    ``tree``: the pairs' dependency paths (``tree_paths``) too;
    ``far``: the ``far_aliases`` pairs too; ``extra``: per document, more mention spans
    (start, end, label) paired beside the gold ones (their pairs are negatives unless
    both spans are gold)."""
    from letopis.morph import tag_morph
    from letopis.segment import segment

    lindex = {label: i for i, label in enumerate(LABELS)}
    allowed = allowed_table(schema, LABELS, RELATION_TYPES)
    parts: dict[str, list[Any]] = {k: [] for k in ARRAYS}
    golds, spans, missed = [], [], 0
    sents: list[list[str]] = []
    base = np.zeros(4, dtype=np.int64)  # tokens, sentences, mentions, pairs so far
    started = time.perf_counter()
    for d, bdoc in enumerate(docs):
        states = DocStates(tag_morph(segment(Document(bdoc.text))), ner_pack, words,
                           context, layers, tree)
        refs, by_id = _gold_refs(bdoc, states, extra[d] if extra is not None else ())
        cands = candidates(refs, allowed, lindex, far=far)
        targets = _targets(bdoc, by_id)
        keys = list(zip(cands.head.tolist(), cands.tail.tolist(), strict=True))
        present = set(keys)
        missed += sum(1 for (i, j) in targets if (i, j) not in present and (j, i) not in present)
        ntok, nsent, nment, _ = base
        parts["bounds"].append(base[[0, 2, 3]][None].copy())
        parts["h"].append(states.h.astype(np.float16))
        parts["sentence"].append(states.sentence + nsent)
        parts["first"].append(np.array([r.first for r in refs], dtype=np.int64) + ntok)
        parts["last"].append(np.array([r.last for r in refs], dtype=np.int64) + ntok)
        parts["labels"].append(np.array([lindex[r.label] for r in refs], dtype=np.int64))
        parts["head"].append(cands.head + nment)
        parts["tail"].append(cands.tail + nment)
        parts["dist"].append(cands.dist)
        parts["nest"].append(cands.nest)
        parts["inter"].append(cands.inter)
        parts["alias"].append(cands.alias)
        parts["far"].append(cands.far)
        parts["gap_from"].append(cands.gap_from + ntok)
        parts["gap_to"].append(cands.gap_to + ntok)
        parts["target"].append(np.array([targets.get(k, 0) for k in keys], dtype=np.int64))
        parts["doc"].append(np.full(len(keys), d, dtype=np.int64))
        if tree:
            paths = tree_paths(states.heads, states.rels, states.sentence,
                               np.array([r.first for r in refs], dtype=np.int64),
                               np.array([r.last for r in refs], dtype=np.int64),
                               cands.head, cands.tail, len(syntax_parser().rels))
            parts["theads"].append(np.where(states.heads >= 0, states.heads + ntok, -1))
            parts["lca"].append(np.where(paths.lca >= 0, paths.lca + ntok, -1))
            parts["pcode"].append(paths.code)
            parts["pnodes"].append(np.where(paths.nodes >= 0, paths.nodes + ntok, -1))
            parts["pedges"].append(paths.edges)
        golds.append(gold_relations(bdoc)[0])
        sents += states.sents
        spans.append([(r.start, r.end) for r in refs])
        base += [len(states.h), int(states.sentence.max(initial=-1)) + 1, len(refs), len(keys)]
        if (d + 1) % 100 == 0:
            log(f"  {d + 1}/{len(docs)} documents ({time.perf_counter() - started:.0f} s)")
    arrays: dict[str, Any] = {k: np.concatenate(v) for k, v in parts.items() if v}
    return PairData(**arrays, gold=golds, spans=spans, missed=missed, sents=sents)


def build_model(hyper: dict[str, Any], state_dim: int) -> Any:
    """The torch twin of ``NumpyRelations``."""
    import torch
    from torch import nn

    width = state_dim
    if hyper.get("tune"):  # the tuned e5 layers' mean joins the states
        from letopis.exec.e5 import encoder

        width += encoder().config.hidden

    class PairModel(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            hid, lab, dim = hyper["hidden"], hyper["label_dim"], hyper["dim"]
            self.dilations = list(hyper["dilations"])
            self.proj = nn.Linear(width, dim)
            self.convs = nn.ModuleList(
                nn.Conv1d(dim, dim, 3, padding=d, dilation=d) for d in self.dilations)
            self.label_emb = nn.Embedding(len(LABELS), lab)
            self.head = nn.Linear(3 * dim + lab, hid, bias=False)
            self.tail = nn.Linear(3 * dim + lab, hid, bias=False)
            self.gap = nn.Linear(3 * dim, hid, bias=False)
            self.gap_empty = nn.Parameter(torch.zeros(hid))
            self.dist_emb = nn.Embedding(DIST_BUCKETS, hid)
            self.inter = bool(hyper.get("inter", 0))
            self.alias = bool(hyper.get("alias", 0))
            self.far = bool(hyper.get("far", 0))
            self.far_emb = nn.Parameter(torch.zeros(hid)) if self.far else None
            self.nest_emb = nn.Embedding(nest_rows(self.inter, self.alias), hid)
            self.hid_b = nn.Parameter(torch.zeros(hid))
            rank = int(hyper.get("bilinear", 0))  # head x tail interaction, low rank
            self.bil_h = nn.Linear(3 * dim + lab, rank, bias=False) if rank else None
            self.bil_t = nn.Linear(3 * dim + lab, rank, bias=False) if rank else None
            self.bil = nn.Linear(rank, hid, bias=False) if rank else None
            self.out = nn.Linear(hid, len(RELATION_TYPES) + 1)
            self.drop = nn.Dropout(float(hyper["dropout"]))
            self.tree = bool(hyper.get("tree", 0))  # dependency paths
            if self.tree:
                self.path = nn.Linear(2 * dim, hid, bias=False)
                self.path_none = nn.Parameter(torch.zeros(hid))
                self.pcode_emb = nn.Embedding(PATH_CODES, hid)
                self.edge_emb = nn.Embedding(2 * int(hyper["tree_rels"]), hid)
            # each token reads its dependency head's and children's states
            self.hop = nn.Linear(dim, dim) if hyper.get("hop", 0) else None
            self.hop_down = nn.Linear(dim, dim, bias=False) if hyper.get("hop", 0) else None
            # e5's layers ``first + 1 .. last`` trained with the model: the mean of their
            # token states joins each token's input (``tune``; ``tuned_layers``)
            self.tuned = nn.ModuleList(tuned_layers(hyper)) if hyper.get("tune") else None

        def encode(self, h: Any, rows: Any, cols: Any, b: int, t: int,
                   theads: Any = None) -> Any:
            x = torch.relu(self.proj(self.drop(h)))
            if self.hop is not None and theads is not None:
                x = x + self.hop_term(x, theads)
            if not self.dilations:
                return x
            grid = x.new_zeros(b, t, x.shape[1])
            grid[rows, cols] = x
            g = grid.transpose(1, 2)
            for conv in self.convs:
                g = g + torch.relu(conv(g))
                g = g * (torch.arange(t)[None, None, :] < self.lengths[:, None, None])
            return g.transpose(1, 2)[rows, cols]

        def forward(self, h: Any, rows: Any, cols: Any, lengths: Any, first: Any, last: Any,
                    labels: Any, head: Any, tail: Any, gap_from: Any, gap_to: Any,
                    dist: Any, nest: Any, inter: Any, alias: Any, far: Any,
                    lca: Any = None, pcode: Any = None, pnodes: Any = None,
                    pedges: Any = None, theads: Any = None, pieces: Any = None) -> Any:
            self.lengths = lengths
            if self.tuned is not None:
                h = torch.cat([h, self.tuned_states(pieces, rows, cols)], dim=1)
            if self.inter:
                nest = nest + NEST_CODES * inter
            if self.alias:
                nest = nest + NEST_CODES * INTER_CODES * alias
            s = self.encode(h, rows, cols, len(lengths), int(lengths.max()), theads)
            sums = torch.cat([s.new_zeros(1, s.shape[1]), torch.cumsum(s, 0)])

            def means(a: Any, b: Any) -> Any:
                width = torch.clamp(b - a, min=1)[:, None]
                return (sums[torch.maximum(a, b)] - sums[a]) / width

            feats = torch.cat([s[first], s[last], means(first, last + 1),
                               self.label_emb(labels)], dim=1)
            feats = self.drop(feats)
            empty = (gap_to <= gap_from)[:, None]
            gap = torch.cat([means(gap_from, gap_to), s[gap_from],
                             s[torch.clamp(gap_to - 1, min=0)]], dim=1)
            gap = self.drop(gap.masked_fill(empty, 0.0))
            z = self.head(feats)[head] + self.tail(feats)[tail] + self.gap(gap)
            if self.bil is not None and self.bil_h is not None and self.bil_t is not None:
                z = z + self.bil(self.bil_h(feats)[head] * self.bil_t(feats)[tail])
            z = z + empty * self.gap_empty + self.dist_emb(dist) + self.nest_emb(nest)
            if self.far_emb is not None:
                z = z + far[:, None].float() * self.far_emb
            if self.tree:
                z = z + self.path_term(s, lca, pcode, pnodes, pedges)
            return self.out(self.drop(torch.relu(z + self.hid_b)))

        def tuned_states(self, pieces: dict[str, Any], rows: Any, cols: Any) -> Any:
            """Each token's mean over the tuned layers of its pieces' states."""
            assert self.tuned is not None
            x, mask, assign = pieces["pieces"], pieces["piece_mask"], pieces["assign"]
            total: Any = 0
            for layer in self.tuned:
                x = layer(x, mask)
                total = total + torch.bmm(assign, x)
            return (total / len(self.tuned))[rows, cols]

        def hop_term(self, x: Any, heads: Any) -> Any:
            """The torch twin of ``letopis.exec.relations.tree_hop``."""
            child = torch.nonzero(heads >= 0).reshape(-1)
            up = torch.zeros_like(x).index_copy(0, child, x[heads[child]])
            down = torch.zeros_like(x).index_add(0, heads[child], x[child])
            count = torch.bincount(heads[child], minlength=len(x)).clamp(min=1)
            assert self.hop is not None and self.hop_down is not None
            return torch.relu(self.hop(up) + self.hop_down(down / count[:, None]))

        def path_term(self, s: Any, lca: Any, pcode: Any, pnodes: Any, pedges: Any) -> Any:
            """The torch twin of ``letopis.exec.relations.path_sum``."""
            valid = (pnodes >= 0).float()
            mean = ((s[pnodes.clamp(min=0)] * valid[..., None]).sum(dim=1)
                    / valid.sum(dim=1).clamp(min=1)[:, None])
            has = (lca >= 0).float()[:, None]
            top = s[lca.clamp(min=0)] * has
            z = self.path(self.drop(torch.cat([mean, top], dim=1)))
            z = z + (1 - has) * self.path_none + self.pcode_emb(pcode)
            edges = (pedges >= 0).float()
            return z + ((self.edge_emb(pedges.clamp(min=0)) * edges[..., None]).sum(dim=1)
                        / edges.sum(dim=1).clamp(min=1)[:, None])

    return PairModel()


def tuned_layers(hyper: dict[str, Any]) -> list[Any]:
    """The e5 layers a ``tune`` model trains (``letopis.train.tune.E5Layer``), starting
    from the fine-tuned layers of the NER pack ``tune_from`` (those of the accurate
    pipeline's NER), else from the package's own."""
    from letopis.exec.e5 import _tuned_layers, encoder
    from letopis.train.tune import E5Layer

    first, last = (int(k) for k in hyper["tune"])
    enc = encoder()
    cfg = enc.config
    start = list(enc.w.layers[first:last])
    if hyper.get("tune_from"):
        from letopis.exec.ner import pack_path
        from letopis.exec.pack import load_pack

        start = _tuned_layers(load_pack(pack_path(hyper["tune_from"])).arrays, first, last,
                              np.float32)
    layers = []
    for weights in start:
        layer = E5Layer(cfg.hidden, cfg.heads, cfg.ff, cfg.eps,
                        float(hyper.get("tune_dropout", 0.1)))
        layer.load(weights)
        layers.append(layer)
    return layers


def _docs_batch(data: PairData, docs: np.ndarray) -> tuple[tuple[Any, ...], np.ndarray]:
    """Torch inputs of the documents ``docs`` (tokens, mentions renumbered locally) and the
    global indices of their pairs; with e5 inputs (``data.pieces``), their batch
    (``collate_pieces``) last, for the ``pieces`` argument."""
    import torch

    from letopis.exec.relations import positions

    n_docs = len(data.bounds)
    ends = np.vstack([data.bounds[1:], [[len(data.h), len(data.first), len(data.head)]]])
    tok = np.concatenate([np.arange(data.bounds[d, 0], ends[d, 0]) for d in docs])
    ment = np.concatenate([np.arange(data.bounds[d, 1], ends[d, 1]) for d in docs])
    pair = np.concatenate([np.arange(data.bounds[d, 2], ends[d, 2]) for d in docs])
    tok_map = np.full(len(data.h) + 1, -1, dtype=np.int64)
    tok_map[tok] = np.arange(len(tok))
    tok_map[len(data.h)] = len(tok)
    ment_map = np.full(len(data.first), -1, dtype=np.int64)
    ment_map[ment] = np.arange(len(ment))
    rows, cols, _, _ = positions(data.sentence[tok])
    lengths = np.bincount(rows)
    del n_docs

    def t(x: np.ndarray) -> Any:
        return torch.from_numpy(np.ascontiguousarray(x))

    gap_from = np.where(data.gap_to[pair] > data.gap_from[pair], tok_map[data.gap_from[pair]], 0)
    gap_to = np.where(data.gap_to[pair] > data.gap_from[pair],
                      tok_map[data.gap_to[pair] - 1] + 1, 0)
    inputs: tuple[Any, ...] = (
        t(data.h[tok].astype(np.float32)), t(rows), t(cols), t(lengths),
        t(tok_map[data.first[ment]]), t(tok_map[data.last[ment]]), t(data.labels[ment]),
        t(ment_map[data.head[pair]]), t(ment_map[data.tail[pair]]), t(gap_from),
        t(gap_to), t(data.dist[pair]), t(data.nest[pair]), t(data.inter[pair]),
        t(data.alias[pair]), t(data.far[pair]))
    if len(data.lca) == len(data.head):  # dependency paths, tokens renumbered locally
        def local(x: np.ndarray) -> np.ndarray:
            return np.where(x >= 0, tok_map[np.maximum(x, 0)], -1)

        inputs += (t(local(data.lca[pair])), t(data.pcode[pair]), t(local(data.pnodes[pair])),
                   t(data.pedges[pair]))
        if len(data.theads) == len(data.h):
            inputs += (t(local(data.theads[tok])),)
    if data.pieces:
        from letopis.train.tune import collate_pieces

        sents = np.searchsorted(data.sent_ids, np.unique(data.sentence[tok]))
        inputs += (collate_pieces([data.pieces[k] for k in sents.tolist()],
                                  int(lengths.max())),)
    return inputs, pair


def _forward(model: Any, inputs: tuple[Any, ...]) -> Any:
    """The model's logits of ``_docs_batch`` inputs (a batch of e5 inputs, last, by name)."""
    if inputs and isinstance(inputs[-1], dict):
        return model(*inputs[:-1], pieces=inputs[-1])
    return model(*inputs)


def predict_probs(model: Any, data: PairData, mask: np.ndarray, docs_per_batch: int = 8,
                  ) -> np.ndarray:
    """P x (1 + R) probabilities of every candidate pair (masked types at zero)."""
    import torch

    model.eval()
    out = np.zeros((len(data.head), len(RELATION_TYPES) + 1), dtype=np.float32)
    with torch.no_grad():
        for pos in range(0, len(data.bounds), docs_per_batch):
            inputs, pair = _docs_batch(data, np.arange(pos, min(pos + docs_per_batch,
                                                                len(data.bounds))))
            if not len(pair):
                continue
            logits = _forward(model, inputs)
            logits[~torch.from_numpy(mask[pair])] = -1e4
            out[pair] = torch.softmax(logits, dim=1).numpy()
    model.train()
    return out


def pair_mask(data: PairData, allowed: np.ndarray) -> np.ndarray:
    """P x (1 + R): the types each pair's labels admit."""
    return allowed[data.labels[data.head], data.labels[data.tail]]


Flags = tuple[np.ndarray, np.ndarray]  # by head, by tail (``functional_keep``)
FUNCTIONAL_LIMITS = (0.05, 0.1)  # the multi-rates tried on dev (besides no decoding)


def functional_types(data: PairData, limit: float) -> dict[str, list[str]]:
    """The asymmetric types whose gold relations in ``data`` give a tail (``tail``) or a
    head (``head``) more than one partner in at most ``limit`` of the cases."""
    related = np.flatnonzero(data.target > 0)
    out: dict[str, list[str]] = {"head": [], "tail": []}
    for k, rtype in enumerate(RELATION_TYPES, 1):
        if rtype in SYMMETRIC_RELATIONS:
            continue
        pairs = related[data.target[related] == k]
        if not len(pairs):
            continue
        for side, own in (("tail", data.tail[pairs]), ("head", data.head[pairs])):
            _, counts = np.unique(own, return_counts=True)
            if (counts > 1).mean() <= limit:
                out[side].append(rtype)
    return out


def flags_of(functional: dict[str, list[str]] | None) -> Flags | None:
    """``functional_keep``'s flags of a ``functional_types`` choice (None: no decoding)."""
    if functional is None:
        return None
    return (functional_flags(functional["head"], RELATION_TYPES),
            functional_flags(functional["tail"], RELATION_TYPES))


def score_pairs(data: PairData, probs: np.ndarray, threshold: float,
                flags: Flags | None = None) -> tuple[float, float, float]:
    """Micro P, R, F1 of the pairs given a type at ``threshold`` (then the functional
    decoding of ``flags``, if any) against the gold sets."""
    best = probs[:, 1:].argmax(axis=1)
    score = probs[np.arange(len(best)), best + 1]
    chosen = np.flatnonzero(score >= threshold)
    if flags is not None:
        chosen = chosen[functional_keep(data.head[chosen], data.tail[chosen], best[chosen],
                                        score[chosen], *flags)]
    pred: list[set[Any]] = [set() for _ in data.gold]
    for k in chosen:
        d = int(data.doc[k])
        spans = data.spans[d]
        head = spans[int(data.head[k] - data.bounds[d, 1])]
        tail = spans[int(data.tail[k] - data.bounds[d, 1])]
        pred[d].add(canonical(head, tail, RELATION_TYPES[best[k]]))
    tp = sum(len(p & g) for p, g in zip(pred, data.gold, strict=True))
    npred = sum(len(p) for p in pred)
    ngold = sum(len(g) for g in data.gold)
    precision = tp / npred if npred else 0.0
    recall = tp / ngold if ngold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(data: PairData, probs: np.ndarray,
                   options: Sequence[dict[str, list[str]] | None] = (None,),
                   ) -> tuple[float, tuple[float, ...], dict[str, list[str]] | None]:
    """The threshold and functional decoding (of ``options``) of the best dev F1 on a
    grid, and its (P, R, F1)."""
    grid = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7]
    scored = [(score_pairs(data, probs, t, flags_of(o)), t, k)
              for k, o in enumerate(options) for t in grid]
    (p, r, f), t, k = max(scored, key=lambda s: s[0][2])
    return t, (p, r, f), options[k]


def train(train: PairData, dev: PairData, schema: dict[str, list[list[str]]],
          hyper: dict[str, Any], epochs: int, seed: int = 1, log: Log = print,
          soft: np.ndarray | None = None,
          ) -> tuple[Any, float, tuple[float, ...], dict[str, list[str]] | None]:
    """Train; returns the state of the best dev epoch, its threshold, dev (P, R, F1) and
    its functional decoding (``functional_types`` of train, or None). ``soft``: a
    teacher's P x (1 + R) probabilities of the train pairs, fitted with the weight
    ``hyper["distill"]`` beside the gold (knowledge distillation)."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    allowed = allowed_table(schema, LABELS, RELATION_TYPES)
    train_mask = pair_mask(train, allowed)
    dev_mask = pair_mask(dev, allowed)
    model = build_model(hyper, train.h.shape[1])
    # the loss weight of "no relation" (below 1: more recall for the rare types)
    weights = torch.ones(len(RELATION_TYPES) + 1)
    weights[0] = float(hyper.get("o_weight", 1.0))
    per = int(hyper["docs"])
    tuned = [p for name, p in model.named_parameters() if name.startswith("tuned.")]
    rest = [p for name, p in model.named_parameters() if not name.startswith("tuned.")]
    rates = [float(hyper["lr"])] + ([float(hyper.get("tune_lr", 1e-4))] if tuned else [])
    groups = [{"params": rest}] + ([{"params": tuned}] if tuned else [])
    opt = torch.optim.AdamW(groups, lr=rates[0], weight_decay=1e-4)
    steps = epochs * (-(-len(train.bounds) // per))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=rates, total_steps=steps)
    options: list[dict[str, list[str]] | None] = [None]
    if hyper.get("functional", 1):
        options += [functional_types(train, limit) for limit in FUNCTIONAL_LIMITS]
    best: tuple[float, Any, float, tuple[float, ...], Any] = (-1.0, None, 0.5, (), None)
    for epoch in range(1, epochs + 1):
        started, total = time.perf_counter(), 0.0
        order = rng.permutation(len(train.bounds))
        for pos in range(0, len(order), per):
            inputs, pair = _docs_batch(train, np.sort(order[pos:pos + per]))
            if not len(pair):
                sched.step()
                continue
            logits = _forward(model, inputs)
            logits = logits.masked_fill(~torch.from_numpy(train_mask[pair]), -1e4)
            loss = torch.nn.functional.cross_entropy(
                logits, torch.from_numpy(train.target[pair]), weight=weights)
            if soft is not None:
                target = torch.from_numpy(soft[pair])
                loss = loss - float(hyper["distill"]) * (
                    target * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach())
        threshold, prf, functional = best_threshold(dev, predict_probs(model, dev, dev_mask),
                                                    options)
        decoding = "" if functional is None else (
            f", {len(functional['head']) + len(functional['tail'])} functional")
        log(f"epoch {epoch}: loss {total / (-(-len(order) // per)):.4f}  dev P {prf[0]:.4f} "
            f"R {prf[1]:.4f} F1 {prf[2]:.4f} at {threshold}{decoding}  "
            f"({time.perf_counter() - started:.0f} s)")
        if prf[2] > best[0]:
            state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            best = (prf[2], state, threshold, prf, functional)
    return best[1], best[2], best[3], best[4]


def state_names(hyper: dict[str, Any]) -> dict[str, str]:
    """The torch state's parameter names -> the pack's array names."""
    return {"proj.weight": "proj_w", "proj.bias": "proj_b",
            **{f"convs.{k}.{w}": f"conv{k}_{w[0]}" for k in range(len(hyper["dilations"]))
               for w in ("weight", "bias")},
            "label_emb.weight": "label_emb", "head.weight": "head_w", "tail.weight": "tail_w",
            "gap.weight": "gap_w", "gap_empty": "gap_empty", "dist_emb.weight": "dist_emb",
            "nest_emb.weight": "nest_emb", "hid_b": "hid_b", "far_emb": "far_emb",
            "bil_h.weight": "bil_h_w", "bil_t.weight": "bil_t_w", "bil.weight": "bil_w",
            "out.weight": "out_w", "out.bias": "out_b", "path.weight": "path_w",
            "path_none": "path_none", "pcode_emb.weight": "pcode_emb",
            "edge_emb.weight": "edge_emb", "hop.weight": "hop_up_w", "hop.bias": "hop_b",
            "hop_down.weight": "hop_down_w"}


def model_of_pack(pack: Pack, state_dim: int) -> Any:
    """The torch twin of a relation pack, its weights loaded (float16 -> float32)."""
    import torch

    model = build_model(pack.hyper, state_dim)
    names = state_names(pack.hyper)
    model.load_state_dict({k: torch.from_numpy(pack.arrays[names[k]].astype(np.float32))
                           for k in model.state_dict()})
    return model


def export_pack(state: dict[str, Any], schema: dict[str, list[list[str]]], hyper: dict[str, Any],
                ner_pack: str, threshold: float, dev: tuple[float, ...], path: Path,
                version: str = "4", cross: list[list[str]] | None = None,
                functional: dict[str, list[str]] | None = None) -> int:
    """Write the NumPy pack of a trained state; returns its size in bytes. With ``tune``,
    the tuned e5 layers go in as ``tune{k}_<name>`` arrays and the pack reads their mean
    as its context (``letopis.exec.e5.tuned_id``), which loading it makes known."""
    names = state_names(hyper)
    arrays = {names[k]: v.numpy().astype(np.float16) for k, v in state.items() if k in names}
    if hyper.get("tune"):
        arrays.update(tuned_arrays(state, hyper))
        from letopis.exec.e5 import tuned_id

        first, last = (int(k) for k in hyper["tune"])
        hyper = {**hyper, "context": tuned_id(arrays, first, last),
                 "context_layers": list(range(first + 1, last + 1))}
    meta = {"name": "letopis_relations_nerel", "version": version,
            "labels": ["O", *RELATION_TYPES], "types": list(RELATION_TYPES),
            "entity_labels": list(LABELS), "schema": schema, "hyper": hyper,
            "ner_pack": ner_pack, "threshold": threshold, "cross_pairs": cross,
            "functional": functional,
            "dev": {"precision": dev[0], "recall": dev[1], "f1": dev[2]},
            "trained": "NEREL v1.1 train, selected on dev (gold mentions)"}
    return save_pack(Pack(meta, arrays), path, kind=KIND)


def tuned_arrays(state: dict[str, Any], hyper: dict[str, Any]) -> dict[str, np.ndarray]:
    """The tuned e5 layers of a trained state as pack arrays (``letopis.train.tune``'s
    names and orientation, float16)."""
    layers = tuned_layers({**hyper, "tune_from": None})
    out = {}
    for k, layer in enumerate(layers):
        layer.load_state_dict({name: value for key, value in state.items()
                               if key.startswith(f"tuned.{k}.")
                               for name in [key[len(f"tuned.{k}."):]]})
        out.update({f"tune{k}_{name}": value.astype(np.float16)
                    for name, value in layer.export().items()})
    return out


def save_data(data: PairData, path: Path) -> None:
    """Cache prepared pair data (NumPy arrays and the JSON gold sets)."""
    arrays = {k: getattr(data, k) for k in ARRAYS}
    np.savez(path.with_suffix(".npz"), **arrays)
    extra = {"gold": [sorted(g) for g in data.gold], "spans": data.spans, "missed": data.missed,
             "sents": data.sents}
    path.with_suffix(".json").write_text(json.dumps(extra), encoding="utf-8")


def load_data(path: Path) -> PairData:
    """Read what ``save_data`` wrote."""
    with np.load(path.with_suffix(".npz")) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays.setdefault("far", np.zeros_like(arrays["alias"]))  # a cache from before ``far``
    extra = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    gold = [{(tuple(h), tuple(t), ty) for h, t, ty in g} for g in extra["gold"]]
    spans = [[tuple(s) for s in doc] for doc in extra["spans"]]
    return PairData(**arrays, gold=gold, spans=spans, missed=extra["missed"],
                    sents=extra.get("sents", []))


def load_split(folder: Path, split: str, hyper: dict[str, Any],
               schema: dict[str, list[list[str]]], limit: int | None, cache: Path | None,
               log: Log) -> PairData:
    """One NEREL split's pairs with the features ``hyper`` asks for, prepared (and kept
    in ``cache``) or read from ``cache``."""
    from letopis.eval.nerel import read_split
    from letopis.exec.ner import PACK_NAME

    words = bool(hyper.get("words", 0))
    context = hyper.get("context")
    layers = list(hyper.get("context_layers", []))
    far = bool(hyper.get("far", 0))
    tree = bool(hyper.get("tree", 0))
    predicted = bool(hyper.get("predicted", 0)) and split == "train"
    key = f"relations_{split}_{limit or 'all'}" + ("_words" if words else "") + (
        "_far" if far else "") + ("_predicted" if predicted else "") + (
        "_tree" if tree else "") + ("_hop" if hyper.get("hop", 0) else "") + (
        f"_{context}_{'-'.join(map(str, layers))}".replace(":", "_").replace("|", "_")
        if context else "")
    if cache is not None and (cache / f"{key}.npz").is_file():
        return load_data(cache / key)
    log(f"preparing NEREL {split}")
    docs = read_split(folder / split, limit)
    extra = predicted_mentions(docs, log) if predicted else None
    data = prepare(docs, PACK_NAME, schema, log, words, context, layers, far, extra, tree)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        save_data(data, cache / key)
    return data


def teacher_probs(teacher: Path, student: PairData, folder: Path,
                  schema: dict[str, list[list[str]]], limit: int | None, cache: Path | None,
                  log: Log) -> np.ndarray:
    """A teacher relation pack's probabilities of the student's train pairs (the
    teacher's own features prepared for the same documents; a pair the teacher does not
    score keeps the gold one-hot)."""
    from letopis.exec.pack import load_pack
    from letopis.exec.relations import KIND as PACK_KIND

    pack = load_pack(teacher, kind=PACK_KIND)
    data = load_split(folder, "train", pack.hyper, schema, limit, cache, log)
    allowed = allowed_table(schema, LABELS, RELATION_TYPES)
    probs = predict_probs(model_of_pack(pack, data.h.shape[1]), data, pair_mask(data, allowed))
    where = {key: k for k, key in enumerate(zip(data.doc.tolist(), data.head.tolist(),
                                                data.tail.tolist(), strict=True))}
    keys = zip(student.doc.tolist(), student.head.tolist(), student.tail.tolist(), strict=True)
    rows = np.array([where.get(key, -1) for key in keys], dtype=np.int64)
    soft = np.eye(len(RELATION_TYPES) + 1, dtype=np.float32)[student.target]
    soft[rows >= 0] = probs[rows[rows >= 0]]
    log(f"teacher {teacher.name}: {int((rows >= 0).sum())} of {len(rows)} train pairs scored")
    return soft


def fit(folder: Path, out: Path, hyper: dict[str, Any], epochs: int, seed: int = 1,
        limit: int | None = None, cache: Path | None = None, log: Log = print,
        teacher: Path | None = None) -> int:
    """Prepare NEREL train and dev (or read them from ``cache``), train, write the pack;
    returns its size in bytes. ``teacher``: a relation pack whose probabilities the
    student also fits (``hyper["distill"]``, their weight)."""
    from letopis.exec.ner import PACK_NAME

    schema = read_schema(folder / "annotation.conf")
    splits = {split: load_split(folder, split, hyper, schema, limit, cache, log)
              for split in ("train", "dev")}
    data = splits["train"]
    log(f"{len(data.head)} candidate pairs, {int((data.target > 0).sum())} related; "
        f"{data.missed} gold relations have no candidate pair")
    if hyper.get("tune"):
        for split in splits:
            splits[split] = with_pieces(splits[split], int(hyper["tune"][0]), cache, log)
        data = splits["train"]
    cross = cross_pairs(data) if hyper.get("cross", 1) else None
    if cross is not None:
        data = keep_pairs(data, cross)
        splits["dev"] = keep_pairs(splits["dev"], cross)
        log(f"{len(cross)} label pairs taken across sentences: {len(data.head)} pairs kept")
    soft = None
    if teacher is not None:
        soft = teacher_probs(teacher, data, folder, schema, limit, cache, log)
        hyper = {**hyper, "teacher": Path(teacher).name}
    state, threshold, dev, functional = train(data, splits["dev"], schema, hyper, epochs, seed,
                                              log, soft)
    size = export_pack(state, schema, hyper, PACK_NAME, threshold, dev, out, cross=cross,
                       functional=functional)
    log(f"wrote {out} ({size} bytes): dev P {dev[0]:.4f} R {dev[1]:.4f} F1 {dev[2]:.4f} "
        f"at threshold {threshold}")
    return size


def with_pieces(data: PairData, first: int, cache: Path | None, log: Log) -> PairData:
    """``data`` with the e5 inputs of its sentences (the states after layer ``first``,
    ``letopis.train.tune.cached_piece_inputs``; the frozen lower layers' token means,
    which the relation model does not read, are let go)."""
    from letopis.train.tune import PieceInputs, cached_piece_inputs

    items = cached_piece_inputs(data.sents, first, cache, log)
    pieces = [PieceInputs(np.zeros((len(i.assign), 0), np.float16), i.pieces, i.assign)
              for i in items]
    return replace(data, pieces=pieces, sent_ids=np.unique(data.sentence))


def cross_pairs(data: PairData, min_count: int = 5, min_rate: float = 0.01,
                ) -> list[list[str]]:
    """The (head label, tail label) pairs worth taking across a sentence boundary: at
    least ``min_count`` related pairs in ``data`` and ``min_rate`` of its candidates."""
    cross = data.nest >= 4  # nest codes 4 and up: different sentences
    codes = data.labels[data.head] * len(LABELS) + data.labels[data.tail]
    total = np.bincount(codes[cross], minlength=len(LABELS) ** 2)
    related = np.bincount(codes[cross & (data.target > 0)], minlength=len(LABELS) ** 2)
    keep = np.flatnonzero((related >= min_count) & (related >= min_rate * np.maximum(total, 1)))
    return [[LABELS[k // len(LABELS)], LABELS[k % len(LABELS)]] for k in keep.tolist()]


def keep_pairs(data: PairData, pairs: list[list[str]]) -> PairData:
    """``data`` with only the same-sentence pairs and the cross-sentence ones of ``pairs``
    (the gold relations stay, so what is dropped counts as missed)."""
    table = cross_table(pairs, LABELS)
    assert table is not None
    keep = (data.nest < 4) | table[data.labels[data.head], data.labels[data.tail]]
    kept = {k: getattr(data, k)[keep] for k in PAIR_FIELDS
            if len(getattr(data, k)) == len(data.head)}
    bounds = data.bounds.copy()
    bounds[:, 2] = np.searchsorted(np.flatnonzero(keep), data.bounds[:, 2])
    return replace(data, **kept, bounds=bounds)
