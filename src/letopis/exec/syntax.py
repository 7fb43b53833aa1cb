"""Dependency trees from slovnet's news syntax parser, decoded in NumPy.

The parser shipped in the ``natasha`` package (``slovnet_syntax_news_v1``) encodes each
token with the same CNN as ``letopis.exec.context``'s ``syntax`` part; a biaffine head
scorer over ``[root; tokens]`` then picks each token's head (the argmax, as slovnet
decodes: no tree constraint), and a biaffine relation scorer over the token and its head
picks the dependency relation (Universal Dependencies labels). This module runs the two
scorers over the context's states, so the relation model reads the tree from the states
it has computed anyway.

    parse = syntax_parser()
    heads, rels = parse.parse(states, sentence)   # flat tokens; heads: -1 for the root
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from letopis.exec.context import PREFIX

CONTEXT_ID = PREFIX + "syntax"


def _ff(ff: Any) -> tuple[np.ndarray, np.ndarray]:
    """A slovnet ``FF`` (linear then ReLU) as (weight in x out, bias)."""
    return ff.proj.weight.array.astype(np.float32), ff.proj.bias.array.astype(np.float32)


def _relu_ff(x: np.ndarray, ff: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    y = x @ ff[0]
    y += ff[1]
    np.maximum(y, 0, out=y)
    return y


class SyntaxParser:
    """The head and relation scorers of slovnet's syntax model over its encoder states."""

    def __init__(self, model: Any, rels: list[str]) -> None:
        head, rel = model.head, model.rel
        self.head_root = head.root.array.astype(np.float32)
        self.head_h, self.head_t = _ff(head.head), _ff(head.tail)
        self.head_k = head.kernel.array.astype(np.float32)
        self.rel_root = rel.root.array.astype(np.float32)
        self.rel_h, self.rel_t = _ff(rel.head), _ff(rel.tail)
        self.rel_k = rel.kernel.array.astype(np.float32)  # hidden x (rels * hidden)
        self.rels = rels

    def parse_sentence(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Heads (0: the root, k: the k-th token, 1-based) and relation ids of one
        sentence's n x 64 encoder states."""
        full = np.concatenate([self.head_root[None], x], axis=0)
        heads_in = _relu_ff(full, self.head_h) @ self.head_k
        scores = heads_in[1:] @ _relu_ff(full, self.head_t).T  # n x (n + 1)
        heads = scores.argmax(axis=1)
        full = np.concatenate([self.rel_root[None], x], axis=0)
        n = len(x)
        h = _relu_ff(full[heads], self.rel_h)  # n x hidden, each token's head
        t = _relu_ff(x, self.rel_t)  # n x hidden
        rel = np.matmul((h @ self.rel_k).reshape(n, -1, t.shape[1]), t[:, :, None])[:, :, 0]
        return heads.astype(np.int64), rel.argmax(axis=1).astype(np.int64)

    def parse(self, states: np.ndarray, sentence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Flat heads (a token's head as a flat index, -1 for the root) and relation ids
        of tokens whose sentence numbers (non-decreasing) are ``sentence``."""
        n = len(sentence)
        heads = np.full(n, -1, dtype=np.int64)
        rels = np.zeros(n, dtype=np.int64)
        if not n:
            return heads, rels
        change = np.flatnonzero(np.diff(sentence)) + 1
        for a, b in zip(np.concatenate([[0], change]), np.concatenate([change, [n]]),
                        strict=True):
            h, r = self.parse_sentence(states[a:b])
            heads[a:b] = np.where(h > 0, h - 1 + a, -1)
            rels[a:b] = r
        return heads, rels


@cache
def syntax_parser() -> SyntaxParser:
    """slovnet's news syntax parser's scorers (loaded once)."""
    from letopis.exec.context import _tagger

    tagger = _tagger("syntax")
    vocab = tagger.infer.decoder.rels_vocab
    return SyntaxParser(tagger.infer.model, [vocab.decode(k) for k in range(len(vocab.items))])


# Path features of mention pairs (``tree_paths``): a code for the path's length and
# direction, up to ``PATH_NODES`` tokens strictly inside it and up to ``PATH_EDGES``
# dependency relations along it.
PATH_NODES = 6
PATH_EDGES = 8
MAX_PATH = 7  # path lengths (in edges) from here up share a code
CROSS = 3 * (MAX_PATH + 1)  # the code of a pair in two sentences
NO_PATH = CROSS + 1  # ... and of a pair whose roots share no ancestor
PATH_CODES = NO_PATH + 1


@dataclass
class TreePaths:
    """The dependency path between the syntactic roots of two mentions, per pair."""

    lca: np.ndarray  # P lowest common ancestor (flat token), -1 where none
    code: np.ndarray  # P length bucket x direction, or CROSS / NO_PATH
    nodes: np.ndarray  # P x PATH_NODES flat tokens strictly inside the path, -1 padding
    edges: np.ndarray  # P x PATH_EDGES relation ids (+ rels on the tail's side), -1 padding


def acyclic(heads: np.ndarray, longest: int | None = None) -> np.ndarray:
    """The flat heads with every cycle broken (slovnet's argmax decoding does not forbid
    one): a token on a cycle becomes a root. ``longest``: the longest sentence's length
    (a chain without a cycle is shorter)."""
    heads = heads.copy()
    n = len(heads)
    while True:
        at = np.arange(n)
        for _ in range(n if longest is None else longest + 1):
            live = at >= 0
            if not live.any():
                return heads
            at[live] = heads[at[live]]
        if not (at >= 0).any():
            return heads
        heads[at[at >= 0].min()] = -1  # a still-running chain ends on a cycle: cut it


def depths(heads: np.ndarray) -> np.ndarray:
    """Edges from each token up to its root, over acyclic flat heads."""
    depth = np.zeros(len(heads), dtype=np.int64)
    at = heads.copy()
    while (live := at >= 0).any():
        depth += live
        at[live] = heads[at[live]]
    return depth


def tree_paths(heads: np.ndarray, rels: np.ndarray, sentence: np.ndarray, first: np.ndarray,
               last: np.ndarray, head: np.ndarray, tail: np.ndarray, n_rels: int) -> TreePaths:
    """The path features of the pairs (``head``, ``tail``: mention indices) of mentions
    spanning flat tokens ``first``..``last``, over the flat dependency tree ``heads``
    (-1: the root) and ``rels`` of tokens in sentences ``sentence``. A mention's root is
    its token nearest the sentence's root (the first of those). The path climbs from both
    roots to the lowest common ancestor; its inside tokens (neither root nor the
    ancestor, which has its own field) and its edges' relations (the tail's side shifted by
    ``n_rels``) are kept in the order climbed, up to ``PATH_NODES`` and ``PATH_EDGES``."""
    p = len(head)
    out = TreePaths(np.full(p, -1, np.int64), np.full(p, CROSS, np.int64),
                    np.full((p, PATH_NODES), -1, np.int64), np.full((p, PATH_EDGES), -1, np.int64))
    if not p or not len(heads):
        return out
    heads = acyclic(heads, int(np.bincount(sentence - sentence[0]).max()))
    depth = depths(heads)
    roots = np.array([f + int(np.argmin(depth[f:la + 1])) if sentence[la] == sentence[f]
                      else f for f, la in zip(first.tolist(), last.tolist(), strict=True)],
                     dtype=np.int64)
    pairs = np.flatnonzero(sentence[roots[head]] == sentence[roots[tail]])
    a, b = roots[head[pairs]], roots[tail[pairs]]
    u, v = a.copy(), b.copy()
    nodes = np.full((len(pairs), PATH_NODES + 1), -1, np.int64)  # a spare column for overflow
    edges = np.full((len(pairs), PATH_EDGES + 1), -1, np.int64)
    n_nodes = np.zeros(len(pairs), np.int64)
    n_edges = np.zeros(len(pairs), np.int64)

    def climb(side: np.ndarray, at: np.ndarray, shift: int) -> None:
        """One step up for the pairs ``side`` from tokens ``at[side]``, noting the edge
        and the token reached."""
        cur = at[side]
        edges[side, np.minimum(n_edges[side], PATH_EDGES)] = rels[cur] + shift
        n_edges[side] += 1
        at[side] = heads[cur]
        inner = side[at[side] >= 0]
        nodes[inner, np.minimum(n_nodes[inner], PATH_NODES)] = at[inner]
        n_nodes[inner] += 1

    while (up := np.flatnonzero((u >= 0) & (v >= 0) & (u != v))).size:
        du, dv = depth[u[up]], depth[v[up]]
        climb(up[du >= dv], u, 0)
        climb(up[dv >= du], v, n_rels)
    found = (u >= 0) & (u == v)
    # inside: strictly between the two roots, the common ancestor apart (it has its own
    # feature; the climbs that reached it noted it)
    ends = np.stack([a, b, np.where(found, u, -1)], axis=1)
    nodes = np.where((nodes[:, :, None] == ends[:, None, :]).any(axis=2), -1, nodes)
    nodes = _compact(nodes)[:, :PATH_NODES]
    length = n_edges
    direction = np.where(u == a, 1, np.where(u == b, 2, 0))
    out.lca[pairs] = np.where(found, u, -1)
    out.code[pairs] = np.where(found, 3 * np.minimum(length, MAX_PATH) + direction, NO_PATH)
    out.nodes[pairs] = np.where(found[:, None], nodes, -1)
    out.edges[pairs] = np.where(found[:, None], edges[:, :PATH_EDGES], -1)
    return out


def _compact(x: np.ndarray) -> np.ndarray:
    """Each row's non-negative values first, in order, then -1."""
    order = np.argsort(x < 0, axis=1, kind="stable")
    return np.take_along_axis(x, order, axis=1)
