"""slovnet's news NER encoder re-implemented with per-word caching: same states as slovnet."""

from __future__ import annotations

import numpy as np

from letopis.exec.context import Part, SlovnetContext, slovnet_context
from letopis.models import slovnet_ner

SENTS = [["Пленум", "ЦК", "КПСС", "собрался", "в", "Москве", "."], ["Съезд"],
         ["Владимир", "Путин", "встретился", "с", "Ангелой", "Меркель", "в", "Берлине", "."]]


def slovnet_states(sents: list[list[str]]) -> np.ndarray:
    """slovnet's own forward pass, one sentence at a time: encoder states + tag scores."""
    tagger = slovnet_ner()
    model, encoder = tagger.infer.model, tagger.infer.encoder
    out = []
    for sent in sents:
        inputs = encoder.input([encoder.item(sent)])
        states = model.encoder(model.emb(inputs.word_id, inputs.shape_id), inputs.pad_mask)
        out.append(np.concatenate([states[0], model.head.proj(states)[0]], axis=-1))
    return np.concatenate(out)


def test_states_match_slovnet_sentence_by_sentence():
    context = slovnet_context()
    ours = context.states(SENTS)
    assert ours.shape == (sum(map(len, SENTS)), context.dim)
    assert np.abs(ours - slovnet_states(SENTS)).max() < 1e-3


def test_cached_words_give_the_same_states_and_empty_input_is_empty():
    context = SlovnetContext([Part("ner", slovnet_ner())])
    first = context.states(SENTS)
    again = context.states(list(reversed(SENTS)))
    sizes = [len(s) for s in reversed(SENTS)]
    parts = np.split(again, np.cumsum(sizes)[:-1])
    assert np.allclose(np.concatenate(list(reversed(parts))), first, atol=1e-5)
    assert context.states([]).shape == (0, context.dim)
    assert context.states([[]]).shape == (0, context.dim)


def test_part_states_reuse_a_joined_contexts_last_answer():
    """The syntax part's states come from what the ``ner+syntax`` context has computed for
    the same sentences (the balanced NER's, in any batches), equal to the part's own;
    other sentences get the part's own."""
    from letopis.exec.context import part_states

    joined = slovnet_context("slovnet_news_v1:ner+syntax")
    both = np.concatenate([joined.states(SENTS[:2]), joined.states(SENTS[2:])])
    syntax = slovnet_context("slovnet_news_v1:syntax")
    shared = part_states("syntax", SENTS)
    assert syntax.remembered(SENTS) is None  # not computed by the part's own context
    assert np.array_equal(shared, both[:, joined.parts[0].dim:])
    assert np.allclose(shared, syntax.states(SENTS), atol=1e-5)
    other = [["Москва", "."]]
    assert np.allclose(part_states("syntax", other),
                       slovnet_context("slovnet_news_v1:syntax").states(other))
