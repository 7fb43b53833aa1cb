"""Dependency trees in NumPy (``letopis.exec.syntax``) and the mention pairs' paths."""

from __future__ import annotations

import numpy as np

from letopis.exec.context import context_features
from letopis.exec.syntax import (
    CONTEXT_ID,
    CROSS,
    NO_PATH,
    PATH_NODES,
    acyclic,
    depths,
    syntax_parser,
    tree_paths,
)

SENTENCES = [
    "Поэтому семья решила купить дом с тремя комнатами .",
    "В 1911 году инженер Павел Громов переехал из Твери в Казань .",
    "Министр иностранных дел Франции встретился с послом Японии в Париже .",
    "Жена купца , Анна Петровна , держала лавку на Никольской улице .",
    "Его арестовали 3 мая и приговорили к пяти годам ссылки .",
]


def test_numpy_decoding_matches_natashas_parser() -> None:
    """Heads and relations decoded from the context states are natasha's own."""
    from letopis.exec.context import _tagger

    parser = syntax_parser()
    features = context_features(CONTEXT_ID)
    markups = list(_tagger("syntax").map([s.split() for s in SENTENCES]))
    for sentence, markup in zip(SENTENCES, markups, strict=True):
        words = sentence.split()
        heads, rels = parser.parse(features.states([words]), np.zeros(len(words), np.int64))
        assert heads.tolist() == [int(t.head_id) - 1 for t in markup.tokens]
        assert [parser.rels[r] for r in rels] == [t.rel for t in markup.tokens]


def test_flat_heads_point_into_their_own_sentence() -> None:
    parser = syntax_parser()
    sents = [s.split() for s in SENTENCES[:3]]
    sentence = np.repeat(np.arange(3), [len(s) for s in sents])
    heads, _ = parser.parse(context_features(CONTEXT_ID).states(sents), sentence)
    roots = np.flatnonzero(heads < 0)
    assert len(roots) >= 3
    inner = heads >= 0
    assert (sentence[heads[inner]] == sentence[inner]).all()


def test_cycles_are_cut_and_depths_counted() -> None:
    heads = np.array([1, -1, 1, 2])  # 0 -> 1 (root) <- 2 <- 3
    assert acyclic(heads).tolist() == heads.tolist()
    assert depths(heads).tolist() == [1, 0, 1, 2]
    cyc = acyclic(np.array([1, 0, 1, -1, 3]))  # 0 <-> 1 <- 2; 3 (root) <- 4
    assert (cyc[[0, 1]] == -1).sum() == 1  # one of the two is a root now
    assert cyc[2:].tolist() == [1, -1, 3]
    assert depths(cyc).max() <= 2


def test_tree_paths_of_mentions() -> None:
    """семья(1) -> решила(2, root) <- купить(3) <- дом(4) <- комнатами(7), with a second
    sentence: the path's top, the tokens inside it, its relations and the codes of other
    pairs."""
    #                 0  1   2  3  4  5  6  7  8 | 9  10
    heads = np.array([2, 2, -1, 2, 3, 7, 7, 4, 2, 10, -1])
    rels = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2])
    sentence = np.array([0] * 9 + [1] * 2)
    first = np.array([1, 4, 6, 9])  # семья, дом, тремя комнатами, a mention in sentence 1
    last = np.array([1, 4, 7, 9])
    head = np.array([0, 1, 0, 2, 0, 1])
    tail = np.array([1, 0, 2, 2, 3, 2])
    paths = tree_paths(heads, rels, sentence, first, last, head, tail, n_rels=10)
    assert paths.lca.tolist() == [2, 2, 2, 7, -1, 4]
    # семья -> дом: up 1 edge (nsubj, id 1), down 2 (xcomp 3 and obj 4, + 10)
    assert paths.nodes[0][paths.nodes[0] >= 0].tolist() == [3]
    assert sorted(paths.edges[0][paths.edges[0] >= 0].tolist()) == [1, 13, 14]
    assert paths.code[0] == 3 * 3 + 0  # three edges, neither end above the other
    assert paths.code[1] == 3 * 3 + 0
    # the root of "тремя комнатами" is комнатами (7), below дом (4) below купить (3)
    assert sorted(paths.nodes[2][paths.nodes[2] >= 0].tolist()) == [3, 4]
    assert paths.code[3] == 1  # a mention with itself: no edge, head above tail
    assert paths.code[4] == CROSS
    assert paths.code[5] == 3 * 1 + 1  # дом is комнатами's head: one edge, head above
    assert (paths.nodes[5] < 0).all() and paths.edges[5][0] == 7 + 10
    assert paths.nodes.shape[1] == PATH_NODES
    assert CROSS < NO_PATH


def test_roots_without_a_common_ancestor_have_no_path() -> None:
    heads = np.array([-1, 0, -1, 2])  # two roots in one sentence
    paths = tree_paths(heads, np.zeros(4, np.int64), np.zeros(4, np.int64), np.array([1, 3]),
                       np.array([1, 3]), np.array([0]), np.array([1]), n_rels=2)
    assert paths.code.tolist() == [NO_PATH] and paths.lca.tolist() == [-1]
