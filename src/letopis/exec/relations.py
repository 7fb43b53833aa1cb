"""The relation model over plain NumPy: typed links between two mentions.

Every ordered pair of mentions in the same sentence or in neighbouring ones whose labels
some relation type admits (the argument types of NEREL's ``annotation.conf``, kept in the
pack) is a candidate; packs with ``far`` also pair, further apart, two forms of one name
(``far_aliases``). The pair is scored from the NER encoder's token states (the fast
NER pack's CNN, ``NumpyNer.token_states``, so the default pipeline computes them once):

- the relation model's own encoder over them: a projection and residual dilated convs
  (a wider context than the NER's);
- each mention: its first, last and mean state, and its label;
- the stretch between the two mentions: its mean, first and last state (a learned
  vector where the mentions touch, nest or sit in different sentences);
- their distance in tokens (signed, bucketed), sentence distance and nesting;
- in packs with ``tree`` (``letopis.exec.syntax``): the dependency path between the two
  mentions' roots (the mean state inside it, its top's state, its length and direction,
  the relations along it); with ``hop``, each token's state also reads its dependency
  head's and children's before the convolutions.

A hidden layer over the sum of their projections (and, in packs with ``bilinear``, a
low-rank product of the head's and the tail's) gives logits over ``O`` and the relation
types; types the arguments do not admit are masked. A pair gets its best type when that
type's probability passes the pack's threshold (chosen on NEREL dev); for the pack's
``functional`` types a mention then keeps only its best partner (``functional_keep``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import numpy as np

from letopis.errors import ModelError
from letopis.exec.ner import conv_matrix, residual_convs
from letopis.exec.pack import Pack, load_pack

if TYPE_CHECKING:
    from letopis.exec.syntax import TreePaths

PACK_NAME = "letopis_relations_nerel_v3.tar"
E5_PACK_NAME = "letopis_relations_nerel_e5tuned_v3.tar"
# also reads slovnet's syntax states and the dependency paths (``tree``, ``hop``)
SYNTAX_PACK_NAME = "letopis_relations_nerel_syntax_v4.tar"
KIND = "letopis.relations.pair"
MAX_SENTENCE_GAP = 1  # candidates: same sentence or the next one
DIST_EDGES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)


@dataclass(frozen=True, slots=True)
class MentionRef:
    """A mention as the relation model sees it: sentence, token range (global token
    indices, ``last`` inclusive), label, character span and text."""

    sentence: int
    first: int
    last: int
    label: str
    start: int
    end: int
    text: str = ""


@dataclass
class Candidates:
    """Ordered candidate pairs of mentions with their integer features."""

    head: np.ndarray  # P mention index
    tail: np.ndarray  # P mention index
    dist: np.ndarray  # P distance bucket
    nest: np.ndarray  # P nesting / sentence code
    gap_from: np.ndarray  # P first token between the two (global), gap_to: one past it
    gap_to: np.ndarray
    inter: np.ndarray  # P ``intervening`` code
    alias: np.ndarray  # P ``alias_codes`` code
    far: np.ndarray  # P 1 for a ``far_aliases`` pair (beyond ``MAX_SENTENCE_GAP``), else 0


def allowed_table(schema: dict[str, list[list[str]]], labels: Sequence[str],
                  types: Sequence[str]) -> np.ndarray:
    """L x L x (1 + R) booleans: may a relation type (column 0: ``O``, always) join a head
    of label i and a tail of label j. ``schema``: type -> [head labels, tail labels], an
    empty list meaning any label; a type the schema lacks joins nothing."""
    index = {label: i for i, label in enumerate(labels)}
    table = np.zeros((len(labels), len(labels), len(types) + 1), dtype=bool)
    table[:, :, 0] = True
    for k, rtype in enumerate(types, 1):
        if rtype not in schema:
            continue
        heads, tails = schema[rtype]
        hs = [index[x] for x in heads if x in index] if heads else list(range(len(labels)))
        ts = [index[x] for x in tails if x in index] if tails else list(range(len(labels)))
        table[np.ix_(hs, ts, [k])] = True
    return table


DIST_BUCKETS = 2 * (len(DIST_EDGES) + 2)
NEST_CODES = 4 + 2 * MAX_SENTENCE_GAP
INTER_CODES = 9
ALIAS_CODES = 3
_WORD = re.compile(r"\w+")
BLOCK = 64  # head mentions per block of the pair matrix


@dataclass
class MentionArrays:
    """The mentions' fields as arrays (index: position in the given list)."""

    sentence: np.ndarray
    first: np.ndarray
    last: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray

    @classmethod
    def of(cls, mentions: Sequence[MentionRef], label_index: dict[str, int]) -> MentionArrays:
        """Arrays of ``mentions`` (labels as indices, -1 for a label the model lacks)."""
        cols = [[m.sentence, m.first, m.last, m.start, m.end, label_index.get(m.label, -1)]
                for m in mentions]
        table = np.array(cols, dtype=np.int64).reshape(-1, 6)
        return cls(*table.T)


def cross_table(pairs: Sequence[Sequence[str]] | None, labels: Sequence[str],
                ) -> np.ndarray | None:
    """L x L booleans of the (head label, tail label) pairs a pack takes across a
    sentence boundary (None, all of them, when the pack names none)."""
    if pairs is None:
        return None
    index = {label: i for i, label in enumerate(labels)}
    table = np.zeros((len(labels), len(labels)), dtype=bool)
    for head, tail in pairs:
        if head in index and tail in index:
            table[index[head], index[tail]] = True
    return table


def dist_buckets(m: MentionArrays, h: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Signed token distance between the mentions of each pair, bucketed (0: overlap)."""
    before = m.last[h] < m.first[t]
    overlap = (m.first[h] <= m.last[t]) & (m.first[t] <= m.last[h])
    gap = np.where(before, m.first[t] - m.last[h], m.first[h] - m.last[t])
    bucket = np.searchsorted(DIST_EDGES, gap, side="left") + 1
    bucket = np.where(before, bucket, bucket + len(DIST_EDGES) + 1)
    return np.where(overlap, 0, bucket)


def nest_codes(m: MentionArrays, h: np.ndarray, t: np.ndarray) -> np.ndarray:
    """0 apart in one sentence, 1 head inside tail, 2 tail inside head, 3 crossing;
    in different sentences 3 + the sentence gap, plus ``MAX_SENTENCE_GAP`` when the tail
    comes first."""
    hs, he, ts, te = m.start[h], m.end[h], m.start[t], m.end[t]
    code = np.where((ts <= hs) & (he <= te), 1,
                    np.where((hs <= ts) & (te <= he), 2,
                             np.where((hs < te) & (ts < he), 3, 0)))
    gap = np.abs(m.sentence[h] - m.sentence[t])
    apart = 3 + gap + np.where(m.sentence[t] < m.sentence[h], MAX_SENTENCE_GAP, 0)
    return np.where(gap > 0, apart, code)


def gaps(m: MentionArrays, h: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The tokens strictly between two mentions of one sentence (0, 0 otherwise)."""
    same = m.sentence[h] == m.sentence[t]
    before = same & (m.last[h] < m.first[t])
    after = same & (m.last[t] < m.first[h])
    gap_from = np.where(before, m.last[h] + 1, np.where(after, m.last[t] + 1, 0))
    gap_to = np.where(before, m.first[t], np.where(after, m.first[h], 0))
    return gap_from, gap_to


def intervening(m: MentionArrays, h: np.ndarray, t: np.ndarray, near: np.ndarray,
                ) -> np.ndarray:
    """How many other mentions (of ``near``) of the head's label and of the tail's label
    lie between the two (0, 1, 2 or more each), as one code in 0..8: of several
    candidates, the nearest is likelier the one."""
    lo = np.minimum(m.last[h], m.last[t])[:, None]
    hi = np.maximum(m.first[h], m.first[t])[:, None]
    inside = (lo < m.first[near][None]) & (m.last[near][None] < hi)
    inside &= (near[None] != h[:, None]) & (near[None] != t[:, None])
    labels = m.label[near][None]
    same_head = (inside & (labels == m.label[h][:, None])).sum(axis=1)
    same_tail = (inside & (labels == m.label[t][:, None])).sum(axis=1)
    return 3 * np.minimum(same_head, 2) + np.minimum(same_tail, 2)


@lru_cache(maxsize=20_000)
def _stems(text: str) -> frozenset[str]:
    """The first five letters of each word of four or more, case-folded."""
    return frozenset(w.casefold()[:5] for w in _WORD.findall(text) if len(w) >= 4)


@dataclass(frozen=True)
class AliasTable:
    """What ``alias_codes`` compares, per mention: its case-folded text and label as ids
    (-1 for no text), and which word stems it has (a mention x stem boolean table)."""

    text_id: np.ndarray
    label_id: np.ndarray
    has: np.ndarray

    @classmethod
    def of(cls, mentions: Sequence[MentionRef]) -> AliasTable:
        """The table of ``mentions`` (built once per document)."""
        texts: dict[str, int] = {}
        labels: dict[str, int] = {}
        stems: dict[str, int] = {}
        text_id = np.array([texts.setdefault(m.text.casefold(), len(texts)) if m.text else -1
                            for m in mentions], dtype=np.int64)
        label_id = np.array([labels.setdefault(m.label, len(labels)) for m in mentions],
                            dtype=np.int64)
        cells = [(i, stems.setdefault(stem, len(stems)))
                 for i, m in enumerate(mentions) for stem in _stems(m.text)]
        has = np.zeros((len(mentions), max(len(stems), 1)), dtype=bool)
        if cells:
            rows, cols = zip(*cells, strict=True)
            has[list(rows), list(cols)] = True
        return cls(text_id, label_id, has)


def alias_codes(mentions: Sequence[MentionRef] | AliasTable, h: np.ndarray, t: np.ndarray,
                ) -> np.ndarray:
    """Whether the two mentions name the same thing by their words: 2 the same text
    (case-folded), 1 a shared word stem under one label (Назарбаева, Нурсултана
    Назарбаева; России, Российской Федерации), 0 neither. Mentions without text get 0.
    ``mentions``: the mentions, or their ``AliasTable``."""
    table = mentions if isinstance(mentions, AliasTable) else AliasTable.of(mentions)
    text_id, label_id, has = table.text_id, table.label_id, table.has
    shared = (has[h] & has[t]).any(axis=1) & (label_id[h] == label_id[t])
    same = (text_id[h] >= 0) & (text_id[h] == text_id[t])
    return np.where(same, 2, np.where(shared, 1, 0)).astype(np.int64)


def far_aliases(mentions: Sequence[MentionRef], m: MentionArrays,
                ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of mentions more than ``MAX_SENTENCE_GAP`` sentences apart that may be two
    forms of one name: of one label, sharing a word stem (``alias_codes``), different
    texts, the second the first's next mention of that label sharing a stem with it.
    NEREL's ALTERNATIVE_NAME joins such chains across a text (``Михаил Гуцериев`` ...
    ``Гуцериева``); both orders are returned."""
    later: dict[tuple[int, str], int] = {}  # (label, stem) -> nearest later mention
    order = np.lexsort((m.end, m.start))
    heads, tails = [], []
    for i in order[::-1].tolist():
        if m.label[i] < 0:
            continue
        keys = [(int(m.label[i]), stem) for stem in _stems(mentions[i].text)]
        nxt = [later[k] for k in keys if k in later]
        if nxt:
            j = min(nxt, key=lambda k: (m.start[k], m.end[k]))
            if (m.sentence[j] - m.sentence[i] > MAX_SENTENCE_GAP
                    and mentions[i].text.casefold() != mentions[j].text.casefold()):
                heads += [i, j]
                tails += [j, i]
        for k in keys:
            later[k] = i
    return np.array(heads, dtype=np.int64), np.array(tails, dtype=np.int64)


def _pair_features(mentions: AliasTable, m: MentionArrays, h: np.ndarray,
                   t: np.ndarray, near: np.ndarray, far: int) -> tuple[np.ndarray, ...]:
    """The ``Candidates`` fields of the pairs ``h``, ``t`` (``near``: the mentions that
    ``intervening`` counts). A far pair takes the next-sentence nesting code."""
    nest = nest_codes(m, h, t)
    if far:
        nest = 3 + MAX_SENTENCE_GAP + np.where(m.sentence[t] < m.sentence[h],
                                               MAX_SENTENCE_GAP, 0)
    return (h, t, dist_buckets(m, h, t), nest, *gaps(m, h, t), intervening(m, h, t, near),
            alias_codes(mentions, h, t), np.full(len(h), far, dtype=np.int64))


def candidates(mentions: Sequence[MentionRef], allowed: np.ndarray,
               label_index: dict[str, int], cross: np.ndarray | None = None,
               far: bool = False) -> Candidates:
    """Every ordered pair of distinct spans within ``MAX_SENTENCE_GAP`` sentences whose
    labels admit some relation type (``allowed``: ``allowed_table``), with its features.
    ``cross``: L x L, the label pairs taken across a sentence boundary (all if None).
    ``far``: also the ``far_aliases`` pairs (under the same label filters)."""
    admits = np.asarray(allowed[:, :, 1:].any(axis=2), dtype=bool)
    m = MentionArrays.of(mentions, label_index)
    order = np.flatnonzero(m.label >= 0)
    order = order[np.argsort(m.sentence[order], kind="stable")]
    sents = m.sentence[order]
    table = AliasTable.of(mentions)
    parts: list[tuple[np.ndarray, ...]] = []
    for pos in range(0, len(order), BLOCK):
        heads = order[pos:pos + BLOCK]
        lo = np.searchsorted(sents, m.sentence[heads[0]] - MAX_SENTENCE_GAP, side="left")
        hi = np.searchsorted(sents, m.sentence[heads[-1]] + MAX_SENTENCE_GAP, side="right")
        near = order[lo:hi]
        ok = np.abs(m.sentence[heads][:, None] - m.sentence[near][None]) <= MAX_SENTENCE_GAP
        ok &= ~((m.start[heads][:, None] == m.start[near][None])
                & (m.end[heads][:, None] == m.end[near][None]))
        ok &= admits[m.label[heads][:, None], m.label[near][None]]
        if cross is not None:
            ok &= ((m.sentence[heads][:, None] == m.sentence[near][None])
                   | cross[m.label[heads][:, None], m.label[near][None]])
        hi_, ti_ = np.nonzero(ok)
        parts.append(_pair_features(table, m, heads[hi_], near[ti_], near, 0))
    if far and len(order):
        h, t = far_aliases(mentions, m)
        ok = admits[m.label[h], m.label[t]] if len(h) else np.zeros(0, dtype=bool)
        if cross is not None and len(h):
            ok &= cross[m.label[h], m.label[t]]
        if ok.any():
            parts.append(_pair_features(table, m, h[ok], t[ok], order, 1))
    if not parts:
        return Candidates(*[np.zeros(0, dtype=np.int64) for _ in range(9)])
    return Candidates(*[np.concatenate(c).astype(np.int64) for c in zip(*parts, strict=True)])


def functional_keep(head: np.ndarray, tail: np.ndarray, rtype: np.ndarray, score: np.ndarray,
                    by_head: np.ndarray, by_tail: np.ndarray) -> np.ndarray:
    """Which of the given relations to keep when some types are functional: for a type
    flagged in ``by_tail`` (R booleans, indexed by ``rtype``) a tail mention keeps only
    its best-scoring head (a profession belongs to one person in WORKS_AS); for one
    flagged in ``by_head`` a head keeps only its best tail (an event's one POINT_IN_TIME).
    Ties go to the first given."""
    keep = np.ones(len(head), dtype=bool)
    for side, flags in ((tail, by_tail), (head, by_head)):
        sel = np.flatnonzero(flags[rtype]) if len(rtype) else np.zeros(0, dtype=np.int64)
        if len(sel) < 2:
            continue
        order = sel[np.lexsort((sel, -score[sel], side[sel], rtype[sel]))]
        later = np.zeros(len(order), dtype=bool)
        later[1:] = (side[order][1:] == side[order][:-1]) & (rtype[order][1:] == rtype[order][:-1])
        keep[order[later]] = False
    return keep


def functional_flags(names: Sequence[str], types: Sequence[str]) -> np.ndarray:
    """R booleans: which of ``types`` are among ``names``."""
    chosen = set(names)
    return np.array([t in chosen for t in types], dtype=bool)


def positions(sentence: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Rows, columns, sentence count and longest length of flat tokens whose sentence
    numbers (non-decreasing) are ``sentence``."""
    n = len(sentence)
    if not n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), 0, 1
    change = np.flatnonzero(np.diff(sentence)) + 1
    starts = np.concatenate([[0], change])
    lengths = np.diff(np.concatenate([starts, [n]]))
    rows = np.repeat(np.arange(len(starts)), lengths)
    cols = np.arange(n) - np.repeat(starts, lengths)
    return rows, cols, len(starts), int(lengths.max())


def span_means(s: np.ndarray, first: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """K x D mean of ``s[first:stop]`` for each row (zeros where the range is empty)."""
    sums = np.zeros((s.shape[0] + 1, s.shape[1]), dtype=np.float32)
    np.cumsum(s, axis=0, out=sums[1:])
    out = sums[np.maximum(stop, first)]
    out -= sums[first]
    out /= np.maximum(stop - first, 1)[:, None].astype(np.float32)
    return out


def pair_codes(cands: Candidates, inter: bool, alias: bool) -> np.ndarray:
    """One index per pair into the pack's ``nest_emb``: the nesting code, with the
    ``intervening`` and ``alias_codes`` codes folded in where the pack uses them."""
    code = cands.nest.copy()
    if inter:
        code += NEST_CODES * cands.inter
    if alias:
        code += NEST_CODES * INTER_CODES * cands.alias
    return code


def nest_rows(inter: bool, alias: bool) -> int:
    """How many rows ``nest_emb`` has (``pair_codes``'s range)."""
    return NEST_CODES * INTER_CODES * (ALIAS_CODES if alias else 1) if inter else NEST_CODES


class NumpyRelations:
    """The relation classifier of a pack (``letopis.train.relations`` writes it).

    Over the NER pack's token states: a relu projection and residual dilated convs (the
    relation model's own encoder, wider in context than the NER's); each mention is its
    first, last and mean state and a label vector; the gap between two mentions its mean,
    first and last state; a hidden layer over the pair and the output logits.
    """

    def __init__(self, pack: Pack) -> None:
        if pack.meta.get("kind") != KIND:
            raise ModelError(f"model pack {pack.meta.get('name')} is not a {KIND}")
        self.pack = pack
        self.types: list[str] = list(pack.meta["types"])
        self.labels: list[str] = list(pack.meta["entity_labels"])
        self.label_index = {label: i for i, label in enumerate(self.labels)}
        self.ner_pack: str = str(pack.meta["ner_pack"])
        self.threshold = float(pack.meta.get("threshold", 0.5))
        self.a = a = {k: v.astype(np.float32) for k, v in pack.arrays.items()}
        self.allowed = allowed_table(pack.meta["schema"], self.labels, self.types)
        self.cross = cross_table(pack.meta.get("cross_pairs"), self.labels)
        self.words = bool(pack.hyper.get("words", 0))  # word vectors beside the states
        self.inter = bool(pack.hyper.get("inter", 0))  # nesting codes with ``intervening``
        self.alias = bool(pack.hyper.get("alias", 0))  # ... and with ``alias_codes``
        self.far = bool(pack.hyper.get("far", 0))  # ``far_aliases`` pairs too
        self.tree = bool(pack.hyper.get("tree", 0))  # dependency paths (``tree_paths``)
        self.hop = bool(pack.hyper.get("hop", 0))  # each token reads its head and children
        # types decoded as functional (``functional_keep``); none in a pack without them
        functional = pack.meta.get("functional") or {}
        self.by_head = functional_flags(functional.get("head", []), self.types)
        self.by_tail = functional_flags(functional.get("tail", []), self.types)
        # contextual features beside the states: an id and the layers averaged
        self.context: str | None = pack.hyper.get("context") or None
        if pack.hyper.get("tune"):  # its own fine-tuned e5 layers: make them known
            from letopis.exec.e5 import tuned_context

            first, last = (int(k) for k in pack.hyper["tune"])
            tuned_context(pack.arrays, first, last)
        self.context_layers = [int(k) for k in pack.hyper.get("context_layers", [])]
        dilations = [int(d) for d in pack.hyper["dilations"]]
        self.convs = [(d, conv_matrix(a[f"conv{k}_w"]), a[f"conv{k}_b"])
                      for k, d in enumerate(dilations)]
        # weights transposed once, contiguous: (inputs x outputs)
        self.t = {k: np.ascontiguousarray(a[k].T) for k in ("proj_w", "head_w", "tail_w",
                                                             "out_w", "bil_h_w", "bil_t_w",
                                                             "bil_w", "path_w") if k in a}
        dim = a["proj_w"].shape[0]
        # the gap's mean, first and last state side by side (3 * dim x hidden)
        self.gap_t = np.ascontiguousarray(a["gap_w"][:, :3 * dim].T)

    def encode(self, h: np.ndarray, sentence: np.ndarray,
               heads: np.ndarray | None = None) -> np.ndarray:
        """N x D relation states of the flat NER token states ``h`` (sentence numbers
        ``sentence``; ``heads``: the tokens' flat dependency heads, for a pack with
        ``hop``)."""
        proj = h @ self.t["proj_w"]
        proj += self.a["proj_b"]
        np.maximum(proj, 0, out=proj)
        if self.hop and len(h):
            if heads is None or len(heads) != len(h):
                raise ModelError("this relation pack reads each token's dependency head")
            proj += tree_hop(proj, heads, self.a["hop_up_w"], self.a["hop_down_w"],
                             self.a["hop_b"])
        if not self.convs or not len(h):
            return proj
        rows, cols, b, t = positions(sentence)
        return residual_convs(proj, rows, cols, b, t, self.convs)

    def logits(self, h: np.ndarray, sentence: np.ndarray, mentions: Sequence[MentionRef],
               cands: Candidates, tree: tuple[np.ndarray, np.ndarray] | None = None,
               ) -> np.ndarray:
        """P x (1 + R) masked logits of the candidate pairs; ``tree``: the tokens' flat
        dependency heads and relation ids (a pack with ``tree`` needs them)."""
        a = self.a
        s = self.encode(h, sentence, None if tree is None else tree[0])
        labels = np.array([self.label_index[m.label] for m in mentions], dtype=np.int64)
        first = np.array([m.first for m in mentions], dtype=np.int64)
        last = np.array([m.last for m in mentions], dtype=np.int64)
        feats = np.concatenate([s[first], s[last], span_means(s, first, last + 1),
                                a["label_emb"][labels]], axis=1)
        heads = feats @ self.t["head_w"]
        tails = feats @ self.t["tail_w"]
        z = heads[cands.head]
        z += tails[cands.tail]
        if "bil_w" in self.t:  # the low-rank head x tail interaction
            inter = (feats @ self.t["bil_h_w"])[cands.head]
            inter *= (feats @ self.t["bil_t_w"])[cands.tail]
            z += inter @ self.t["bil_w"]
        # the gap's mean, first and last state, once per distinct gap (the two orders of
        # a pair share theirs) and in one product
        empty = cands.gap_to <= cands.gap_from
        full = np.flatnonzero(~empty)
        if len(full):
            gaps, where = np.unique(cands.gap_from[full] * len(s) + cands.gap_to[full],
                                    return_inverse=True)
            lo, hi = gaps // len(s), gaps % len(s)
            gap = np.concatenate([span_means(s, lo, hi), s[lo], s[hi - 1]], axis=1)
            z[full] += (gap @ self.gap_t)[where.reshape(-1)]
        z[empty] += a["gap_empty"]
        nest = pair_codes(cands, self.inter, self.alias)
        z += a["dist_emb"][cands.dist] + a["nest_emb"][nest] + a["hid_b"]
        if self.far:
            z[cands.far > 0] += a["far_emb"]
        if self.tree:
            if tree is None:
                raise ModelError("this relation pack reads dependency trees: none given")
            z += self.path_term(s, sentence, tree, first, last, cands)
        np.maximum(z, 0, out=z)
        logits = z @ self.t["out_w"]
        logits += a["out_b"]
        mask = self.allowed[labels[cands.head], labels[cands.tail]]
        logits[~mask] = -1e4
        return logits

    def path_term(self, s: np.ndarray, sentence: np.ndarray,
                  tree: tuple[np.ndarray, np.ndarray], first: np.ndarray, last: np.ndarray,
                  cands: Candidates) -> np.ndarray:
        """P x hidden: the pairs' dependency paths (``tree_paths``) projected: the mean
        state of the tokens inside the path and the state of its top (a learned vector
        where there is no path), its length and direction, the mean of its relations'
        vectors."""
        from letopis.exec.syntax import tree_paths

        a = self.a
        heads, rels = tree
        paths = tree_paths(heads, rels, sentence, first, last, cands.head, cands.tail,
                           a["edge_emb"].shape[0] // 2)
        return path_sum(s, paths, self.t["path_w"], a["path_none"], a["pcode_emb"],
                        a["edge_emb"])

    def predict(self, h: np.ndarray, sentence: np.ndarray, mentions: Sequence[MentionRef],
                tree: tuple[np.ndarray, np.ndarray] | None = None,
                ) -> list[tuple[int, int, str, float]]:
        """(head index, tail index, type, probability) of the pairs given a type
        (``tree``: as for ``logits``)."""
        cands = candidates(mentions, self.allowed, self.label_index, self.cross, self.far)
        if not len(cands.head):
            return []
        logits = self.logits(h, sentence, mentions, cands, tree)
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        best = probs[:, 1:].argmax(axis=1)
        score = probs[np.arange(len(best)), best + 1]
        keep = np.flatnonzero(score >= self.threshold)
        keep = keep[functional_keep(cands.head[keep], cands.tail[keep], best[keep], score[keep],
                                    self.by_head, self.by_tail)]
        return [(int(cands.head[k]), int(cands.tail[k]), self.types[best[k]], float(score[k]))
                for k in keep]


def tree_hop(s: np.ndarray, heads: np.ndarray, up_w: np.ndarray, down_w: np.ndarray,
             bias: np.ndarray) -> np.ndarray:
    """N x D: ``relu(s[head] @ up_w.T + mean(s[children]) @ down_w.T + bias)`` per token
    (zeros for a root's head and a leaf's children): one step along the dependency tree."""
    child = np.flatnonzero(heads >= 0)
    up = np.zeros_like(s)
    up[child] = s[heads[child]]
    down = np.zeros_like(s)
    np.add.at(down, heads[child], s[child])
    down /= np.maximum(np.bincount(heads[child], minlength=len(s)), 1)[:, None]
    out = up @ up_w.T
    out += down @ down_w.T
    out += bias
    return np.maximum(out, 0, out=out)


def path_sum(s: np.ndarray, paths: TreePaths, path_t: np.ndarray, none: np.ndarray,
             code_emb: np.ndarray, edge_emb: np.ndarray) -> np.ndarray:
    """P x hidden: ``[mean state inside the path; state of its top] @ path_t`` (``none``
    instead where the path has no top), plus the code's vector and the mean of the
    edges' vectors (``NumpyRelations.path_term``)."""
    p, dim = len(paths.code), s.shape[1]
    padded = np.concatenate([s, np.zeros((1, dim), dtype=np.float32)])  # row -1: padding
    inside = padded[paths.nodes[:, 0]]
    for k in range(1, paths.nodes.shape[1]):
        inside += padded[paths.nodes[:, k]]
    inside /= np.maximum((paths.nodes >= 0).sum(axis=1), 1)[:, None]
    z = inside @ path_t[:dim]
    has = paths.lca >= 0
    z[has] += s[paths.lca[has]] @ path_t[dim:]
    z[~has] += none
    z += code_emb[paths.code]
    # the edges' mean vector: their counts per relation (column -1: padding) @ vectors
    kinds = len(edge_emb)
    cells = np.arange(p)[:, None] * (kinds + 1) + np.where(paths.edges >= 0, paths.edges, kinds)
    counts = np.bincount(cells.ravel(),
                         minlength=p * (kinds + 1)).reshape(p, kinds + 1)[:, :kinds]
    z += (counts / np.maximum(counts.sum(axis=1), 1)[:, None]).astype(np.float32) @ edge_emb
    return z


def pack_path(name: str = PACK_NAME) -> str:
    """Where a shipped relation pack lives in the package."""
    from letopis.exec.ner import pack_path as ner_pack_path

    return str(ner_pack_path(name))



# The relation pack each registered NER model (``letopis.exec.ner.MODELS``) runs with.
MODELS: dict[str, str] = {
    "fast": PACK_NAME,
    # the dependency tree costs about 8 ms per unseen document, a quarter of the fast
    # pipeline: the balanced one, slower anyway, reads it (docs/relations.md)
    "balanced": SYNTAX_PACK_NAME,
    # also reads multilingual-e5-small's states, which the accurate NER has computed
    "accurate": E5_PACK_NAME,
}


@cache
def relation_model(ner_model: str = "fast") -> NumpyRelations:
    """The shipped NEREL relation model that goes with a registered NER model, loaded
    once (ModelError if absent or unknown)."""
    if ner_model not in MODELS:
        raise ModelError(f"no relation model for the NER model {ner_model!r}")
    return NumpyRelations(load_pack(pack_path(MODELS[ner_model]), kind=KIND))
