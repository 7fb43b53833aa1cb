"""The relation model's pieces: schema, candidates, features, pack kind, torch/NumPy parity."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from letopis.doc import LABELS, RELATION_TYPES, Document
from letopis.errors import ModelError
from letopis.exec.ner import NumpyNer, default_model
from letopis.exec.pack import Pack, load_pack, save_pack
from letopis.exec.relations import (
    KIND,
    MentionRef,
    NumpyRelations,
    allowed_table,
    candidates,
    positions,
    span_means,
)

CONF = """[entities]

PERSON
CITY
DATE

[relations]

SPOUSE\tArg1:PERSON, Arg2:PERSON
PLACE_RESIDES_IN\tArg1:PERSON, Arg2:CITY
ALTERNATIVE_NAME\tArg1:<ENTITY>, Arg2:<ENTITY>
"""


def ref(sentence: int, first: int, last: int, label: str) -> MentionRef:
    return MentionRef(sentence, first, last, label, first * 10, last * 10 + 5)


def test_read_schema_and_allowed_table(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from letopis.train.relations import read_schema

    conf = tmp_path / "annotation.conf"
    conf.write_text(CONF, encoding="utf-8")
    schema = read_schema(conf)
    assert schema["SPOUSE"] == [["PERSON"], ["PERSON"]]
    assert schema["ALTERNATIVE_NAME"] == [[], []]
    table = allowed_table(schema, LABELS, RELATION_TYPES)
    person, city = LABELS.index("PERSON"), LABELS.index("CITY")
    spouse = RELATION_TYPES.index("SPOUSE") + 1
    resides = RELATION_TYPES.index("PLACE_RESIDES_IN") + 1
    assert table[person, person, spouse] and not table[person, city, spouse]
    assert table[person, city, resides] and not table[city, person, resides]
    assert table[:, :, 0].all()  # "no relation" is always allowed
    alt = RELATION_TYPES.index("ALTERNATIVE_NAME") + 1
    assert table[:, :, alt].all()


def test_candidates_follow_types_and_sentence_window() -> None:
    schema = {"PLACE_RESIDES_IN": [["PERSON"], ["CITY"]]}
    table = allowed_table(schema, LABELS, RELATION_TYPES)
    index = {label: i for i, label in enumerate(LABELS)}
    mentions = [ref(0, 0, 1, "PERSON"), ref(0, 4, 4, "CITY"), ref(1, 8, 8, "CITY"),
                ref(2, 12, 12, "CITY"), ref(0, 6, 6, "DATE")]
    cands = candidates(mentions, table, index)
    pairs = set(zip(cands.head.tolist(), cands.tail.tolist(), strict=True))
    # person -> city in the same or the next sentence; never two sentences away,
    # never city -> person (the schema's direction), never a DATE
    assert pairs == {(0, 1), (0, 2)}
    k = list(zip(cands.head.tolist(), cands.tail.tolist(), strict=True)).index((0, 1))
    assert (cands.gap_from[k], cands.gap_to[k]) == (2, 4)


def pair_features(mentions: list[MentionRef]) -> dict[tuple[int, int], tuple[int, int, int]]:
    """(head, tail) -> (distance bucket, nesting code, intervening code) of every pair
    (ALTERNATIVE_NAME admits any two labels)."""
    table = allowed_table({"ALTERNATIVE_NAME": [[], []]}, LABELS, RELATION_TYPES)
    cands = candidates(mentions, table, {label: i for i, label in enumerate(LABELS)})
    return {(int(h), int(t)): (int(d), int(n), int(i)) for h, t, d, n, i in zip(
        cands.head, cands.tail, cands.dist, cands.nest, cands.inter, strict=True)}


def test_distance_nesting_and_intervening_codes() -> None:
    outer = MentionRef(0, 0, 3, "PROFESSION", 0, 30)
    inner = MentionRef(0, 2, 3, "COUNTRY", 20, 30)
    person = MentionRef(0, 5, 6, "PERSON", 50, 65)
    other = MentionRef(0, 8, 8, "PERSON", 80, 85)
    city = MentionRef(0, 10, 10, "CITY", 100, 105)
    next_city = MentionRef(1, 12, 12, "CITY", 120, 125)
    f = pair_features([outer, inner, person, other, city, next_city])
    assert f[(0, 1)][1] == 2 and f[(1, 0)][1] == 1  # tail inside head / head inside tail
    assert f[(0, 1)][0] == 0  # overlapping: distance bucket 0
    assert f[(2, 4)][0] != f[(4, 2)][0]  # the order is part of the distance feature
    assert f[(2, 4)][1] == 0 and f[(2, 5)][1] != f[(5, 2)][1]  # next sentence, either side
    assert f[(2, 4)][2] == 3  # one other PERSON between the person and the city
    assert f[(3, 4)][2] == 0


def test_positions_and_span_means() -> None:
    rows, cols, b, t = positions(np.array([0, 0, 0, 3, 3]))
    assert rows.tolist() == [0, 0, 0, 1, 1] and cols.tolist() == [0, 1, 2, 0, 1]
    assert (b, t) == (2, 3)
    s = np.arange(10, dtype=np.float32).reshape(5, 2)
    means = span_means(s, np.array([0, 2, 3]), np.array([2, 5, 3]))
    assert np.allclose(means, [[1, 2], [6, 7], [0, 0]])


def test_token_states_reuse_the_ner_run() -> None:
    model = default_model()
    sents = [["Пётр", "Столыпин", "родился", "в", "Дрездене", "."], ["Он", "умер", "."]]
    fresh = NumpyNer(model.pack, model.embedder)
    direct = fresh.token_states(sents)
    fresh.predict_tokens(sents)
    remembered = fresh.token_states(sents)
    assert [s.shape for s in direct] == [(6, fresh.state_dim), (3, fresh.state_dim)]
    for a, b in zip(direct, remembered, strict=True):
        assert np.allclose(a, b, atol=1e-5)


def test_doc_states_join_several_contexts_and_parse_the_tree() -> None:
    """``DocStates`` puts each context of a ``|``-joined id beside the NER states (slovnet's
    parts one layer each) and, with ``tree``, each token's head in its own sentence."""
    from letopis.exec.context import slovnet_context
    from letopis.exec.ner import PACK_NAME
    from letopis.extract.relations import DocStates
    from letopis.morph import tag_morph
    from letopis.segment import segment

    doc = tag_morph(segment(Document("Пётр Столыпин родился в Дрездене. Он умер в Киеве.")))
    plain = DocStates(doc, PACK_NAME)
    joined = DocStates(doc, PACK_NAME, context="slovnet_news_v1:ner|slovnet_news_v1:syntax",
                       tree=True)
    extra = slovnet_context("slovnet_news_v1:ner").dim + slovnet_context(
        "slovnet_news_v1:syntax").dim
    assert joined.h.shape == (plain.h.shape[0], plain.h.shape[1] + extra)
    assert np.array_equal(joined.h[:, :plain.h.shape[1]], plain.h)
    inner = joined.heads >= 0
    assert (joined.sentence[joined.heads[inner]] == joined.sentence[inner]).all()
    assert (~inner).sum() >= 2  # a root per sentence at least


def test_relation_pack_kind_is_checked(tmp_path: Path) -> None:
    pack = Pack({"name": "r", "version": "1", "labels": ["O"], "hyper": {}}, {})
    path = tmp_path / "r.tar"
    save_pack(pack, path, kind=KIND)
    assert load_pack(path, kind=KIND).meta["kind"] == KIND
    with pytest.raises(ModelError, match="not a letopis.ner.span"):
        load_pack(path)


@pytest.mark.parametrize(("far", "words", "tree"),
                         [(0, 0, 0), (1, 0, 0), (1, 1, 0), (1, 1, 1), (1, 1, 2)])
def test_torch_and_numpy_agree(tmp_path: Path, far: int, words: int, tree: int) -> None:
    """A model trained one epoch on a few NEREL-like documents gives the same logits in
    torch and in NumPy (with and without the far pairs: Павел Громов ... Громов; with and
    without the tokens' word vectors beside the NER states, as the shipped fast pack;
    with and without the dependency paths between the mentions, and with each token
    reading its dependency neighbours, ``tree`` 2)."""
    torch = pytest.importorskip("torch")
    from letopis.eval.nerel import parse_ann
    from letopis.exec.ner import PACK_NAME
    from letopis.exec.syntax import syntax_parser
    from letopis.extract.relations import DocStates
    from letopis.morph import tag_morph
    from letopis.segment import segment
    from letopis.train.relations import (
        _docs_batch,
        build_model,
        export_pack,
        pair_mask,
        prepare,
    )

    text = ("Инженер Павел Громов работал в Москве. Его жена Анна жила в Твери.\n"
            "Позже Громов переехал в Казань.")
    names = [("PERSON", "Павел Громов"), ("CITY", "Москве"), ("PERSON", "Анна"),
             ("CITY", "Твери"), ("PERSON", "Громов переехал"), ("CITY", "Казань")]
    lines = []
    for k, (label, name) in enumerate(names, 1):
        start = text.index(name)
        end = start + len(name.split()[0]) if label == "PERSON" and k == 5 else start + len(name)
        lines.append(f"T{k}\t{label} {start} {end}\t{text[start:end]}")
    lines += ["R1\tSPOUSE Arg1:T3 Arg2:T1", "R2\tPLACE_RESIDES_IN Arg1:T3 Arg2:T4"]
    bdoc = parse_ann("\n".join(lines), "x")
    bdoc.text = text
    schema = {"SPOUSE": [["PERSON"], ["PERSON"]], "PLACE_RESIDES_IN": [["PERSON"], ["CITY"]]}
    data = prepare([bdoc], PACK_NAME, schema, log=lambda s: None, far=bool(far),
                   words=bool(words), tree=bool(tree))
    assert int(data.far.sum()) == 2 * far  # both orders of the two forms of Громов
    hyper = {"hidden": 16, "label_dim": 4, "dropout": 0.0, "lr": 0.01, "docs": 1, "dim": 8,
             "dilations": [2, 4], "far": far, "bilinear": 4 * far, "words": words,
             "tree": int(tree > 0), "tree_rels": len(syntax_parser().rels), "hop": int(tree > 1)}
    torch.manual_seed(0)
    model = build_model(hyper, data.h.shape[1])
    if far:
        torch.nn.init.normal_(model.far_emb)  # not zero, so that it is tested
    if tree:
        torch.nn.init.normal_(model.path_none)
        assert (data.lca >= 0).any() and (data.pnodes >= 0).any()
    model.eval()
    inputs, pair = _docs_batch(data, np.array([0]))
    with torch.no_grad():
        expected = model(*inputs).numpy()
    path = tmp_path / "rel.tar"
    export_pack(model.state_dict(), schema, hyper, PACK_NAME, 0.5, (0.0, 0.0, 0.0), path)
    numpy_model = NumpyRelations(load_pack(path, kind=KIND))
    states = DocStates(tag_morph(segment(Document(text))), PACK_NAME, words=numpy_model.words,
                       tree=numpy_model.tree)
    assert states.h.shape[1] == data.h.shape[1]
    refs = [states.locate(e.start, e.end, e.label) for e in bdoc.entities.values()]
    assert all(r is not None for r in refs)
    cands = candidates(refs, numpy_model.allowed, numpy_model.label_index,  # type: ignore[arg-type]
                       far=numpy_model.far)
    got = numpy_model.logits(states.h, states.sentence, refs, cands,  # type: ignore[arg-type]
                             (states.heads, states.rels))
    mask = pair_mask(data, numpy_model.allowed)[pair]
    assert got.shape == expected.shape
    # float16 weights in the pack: agreement to about three decimals
    assert np.allclose(got[mask], expected[mask], atol=2e-2)


def test_tuned_e5_layers_agree_in_torch_and_numpy(tmp_path: Path) -> None:
    """A model that trains e5's layer 2 over the states after layer 1 (``tune`` [1, 2])
    gives the same logits in torch and in NumPy, where its pack's layer becomes a context
    that loading the pack makes known."""
    torch = pytest.importorskip("torch")
    from letopis.eval.nerel import parse_ann
    from letopis.exec.ner import PACK_NAME
    from letopis.extract.relations import DocStates
    from letopis.morph import tag_morph
    from letopis.segment import segment
    from letopis.train.relations import (
        _docs_batch,
        _forward,
        build_model,
        export_pack,
        pair_mask,
        prepare,
        with_pieces,
    )

    text = "Инженер Павел Громов работал в Москве. Его жена Анна жила в Твери."
    names = [("PERSON", "Павел Громов"), ("CITY", "Москве"), ("PERSON", "Анна"),
             ("CITY", "Твери")]
    lines = [f"T{k}\t{label} {text.index(name)} {text.index(name) + len(name)}\t{name}"
             for k, (label, name) in enumerate(names, 1)]
    bdoc = parse_ann("\n".join([*lines, "R1\tSPOUSE Arg1:T3 Arg2:T1"]), "x")
    bdoc.text = text
    schema = {"SPOUSE": [["PERSON"], ["PERSON"]], "PLACE_RESIDES_IN": [["PERSON"], ["CITY"]]}
    data = with_pieces(prepare([bdoc], PACK_NAME, schema, log=lambda s: None), 1, None,
                       log=lambda s: None)
    assert len(data.pieces) == len(data.sents) == 2
    hyper = {"hidden": 16, "label_dim": 4, "dropout": 0.0, "lr": 0.01, "docs": 1, "dim": 8,
             "dilations": [2], "tune": [1, 2], "tune_dropout": 0.0}
    torch.manual_seed(0)
    model = build_model(hyper, data.h.shape[1])
    model.eval()
    inputs, pair = _docs_batch(data, np.array([0]))
    with torch.no_grad():
        expected = _forward(model, inputs).numpy()
    path = tmp_path / "rel.tar"
    export_pack(model.state_dict(), schema, hyper, PACK_NAME, 0.5, (0.0, 0.0, 0.0), path)
    numpy_model = NumpyRelations(load_pack(path, kind=KIND))
    assert numpy_model.context and "+tuned:" in numpy_model.context
    assert numpy_model.context_layers == [2]
    states = DocStates(tag_morph(segment(Document(text))), PACK_NAME,
                       context=numpy_model.context, layers=numpy_model.context_layers)
    assert states.h.shape[1] == data.h.shape[1] + 384
    refs = [states.locate(e.start, e.end, e.label) for e in bdoc.entities.values()]
    cands = candidates(refs, numpy_model.allowed, numpy_model.label_index)  # type: ignore[arg-type]
    got = numpy_model.logits(states.h, states.sentence, refs, cands)  # type: ignore[arg-type]
    mask = pair_mask(data, numpy_model.allowed)[pair]
    assert np.allclose(got[mask], expected[mask], atol=2e-2)


def test_training_command_writes_a_loadable_pack(tmp_path: Path) -> None:
    """``letopis train relations`` on a two-document NEREL-shaped folder: a pack that loads
    and finds relations."""
    pytest.importorskip("torch")
    from typer.testing import CliRunner

    from letopis.cli.train import app

    text = "Министр финансов Сергей Витте работал в Петербурге. Его жена Матильда жила там же."
    spans = [("PROFESSION", "Министр финансов"), ("PERSON", "Сергей Витте"),
             ("CITY", "Петербурге"), ("PERSON", "Матильда")]
    lines = []
    for k, (label, name) in enumerate(spans, 1):
        start = text.index(name)
        lines.append(f"T{k}\t{label} {start} {start + len(name)}\t{name}")
    lines += ["R1\tWORKS_AS Arg1:T2 Arg2:T1", "R2\tSPOUSE Arg1:T4 Arg2:T2",
              "R3\tPLACE_RESIDES_IN Arg1:T2 Arg2:T3"]
    for split in ("train", "dev"):
        folder = tmp_path / "nerel" / split
        folder.mkdir(parents=True)
        (folder / "a.txt").write_text(text, encoding="utf-8")
        (folder / "a.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    conf = ("[relations]\n\nWORKS_AS\tArg1:PERSON, Arg2:PROFESSION\n"
            "SPOUSE\tArg1:PERSON, Arg2:PERSON\nPLACE_RESIDES_IN\tArg1:PERSON, Arg2:CITY\n")
    (tmp_path / "nerel" / "annotation.conf").write_text(conf, encoding="utf-8")
    out = tmp_path / "rel.tar"
    result = CliRunner().invoke(app, ["relations", "--data", str(tmp_path), "--out", str(out),
                                      "--epochs", "2", "--threads", "1", "--dim", "16",
                                      "--hidden", "16", "--lr", "0.01"])
    assert result.exit_code == 0, result.output
    model = NumpyRelations(load_pack(out, kind=KIND))
    assert model.pack.meta["schema"]["SPOUSE"] == [["PERSON"], ["PERSON"]]
    assert 0.0 < model.threshold < 1.0
    # the pack as a teacher of a second model (knowledge distillation on the train pairs)
    student = tmp_path / "student.tar"
    result = CliRunner().invoke(app, ["relations", "--data", str(tmp_path), "--out",
                                      str(student), "--epochs", "1", "--threads", "1",
                                      "--dim", "16", "--hidden", "16", "--teacher", str(out),
                                      "--distill", "0.5"])
    assert result.exit_code == 0, result.output
    assert "train pairs scored" in result.output
    hyper = load_pack(student, kind=KIND).hyper
    assert hyper["teacher"] == "rel.tar" and hyper["distill"] == 0.5


def test_alias_codes_compare_the_mentions_words() -> None:
    full = MentionRef(0, 0, 1, "PERSON", 0, 21, "Нурсултана Назарбаева")
    short = MentionRef(0, 5, 5, "PERSON", 40, 50, "Назарбаева")
    again = MentionRef(0, 8, 8, "PERSON", 60, 70, "назарбаева")
    other = MentionRef(0, 9, 9, "PERSON", 80, 86, "Токаев")
    city = MentionRef(0, 11, 11, "CITY", 90, 98, "Назарбаев")
    f = pair_features([full, short, again, other, city])
    table = allowed_table({"ALTERNATIVE_NAME": [[], []]}, LABELS, RELATION_TYPES)
    index = {label: i for i, label in enumerate(LABELS)}
    cands = candidates([full, short, again, other, city], table, index)
    alias = {(int(h), int(t)): int(a) for h, t, a in zip(cands.head, cands.tail, cands.alias,
                                                         strict=True)}
    assert alias[(0, 1)] == 1 and alias[(1, 2)] == 2  # a shared stem; the same text
    assert alias[(0, 3)] == 0 and alias[(0, 4)] == 0  # no shared stem; another label
    assert len(f) == len(alias)


def test_cross_table_limits_pairs_across_sentences() -> None:
    from letopis.exec.relations import cross_table

    table = allowed_table({"ALTERNATIVE_NAME": [[], []]}, LABELS, RELATION_TYPES)
    index = {label: i for i, label in enumerate(LABELS)}
    mentions = [ref(0, 0, 0, "PERSON"), ref(0, 2, 2, "CITY"), ref(1, 5, 5, "PERSON"),
                ref(1, 7, 7, "CITY")]
    cross = cross_table([["PERSON", "PERSON"]], LABELS)
    cands = candidates(mentions, table, index, cross)
    pairs = set(zip(cands.head.tolist(), cands.tail.tolist(), strict=True))
    assert (0, 1) in pairs and (2, 3) in pairs  # same sentence: every admitted pair
    assert (0, 2) in pairs  # PERSON -> PERSON is taken across the boundary
    assert (0, 3) not in pairs and (1, 2) not in pairs
    assert cross_table(None, LABELS) is None


def test_far_aliases_join_the_next_form_of_a_name() -> None:
    """Beyond the next sentence, a mention is paired only with the next mention of its
    label that shares a word stem with it, when their texts differ (NEREL's
    ALTERNATIVE_NAME chains); both orders, marked far, within the nesting codes."""
    from letopis.exec.relations import NEST_CODES, cross_table

    forms = [(0, "PERSON", "Михаил Гуцериев"), (1, "CITY", "Москва"),
             (3, "PERSON", "Гуцериева"), (3, "PERSON", "Токаев"),
             (6, "PERSON", "гуцериева"), (8, "CITY", "Москве"), (9, "PERSON", "Саид Гуцериев")]
    mentions = [MentionRef(s, 2 * k, 2 * k, label, 20 * k, 20 * k + len(text), text)
                for k, (s, label, text) in enumerate(forms)]
    table = allowed_table({"ALTERNATIVE_NAME": [[], []]}, LABELS, RELATION_TYPES)
    index = {label: i for i, label in enumerate(LABELS)}
    near = candidates(mentions, table, index)
    cands = candidates(mentions, table, index, far=True)
    assert not near.far.any()
    far = {(int(h), int(t)) for h, t, f in zip(cands.head, cands.tail, cands.far, strict=True)
           if f}
    # Гуцериев -> Гуцериева (the next form); Гуцериева -> гуцериева is the same text;
    # гуцериева -> Саид Гуцериев; Москва -> Москве; nothing for Токаев
    assert far == {(0, 2), (2, 0), (4, 6), (6, 4), (1, 5), (5, 1)}
    assert len(cands.head) == len(near.head) + len(far)
    assert (cands.nest < NEST_CODES).all()
    assert set(cands.alias[cands.far > 0].tolist()) == {1}
    only_people = candidates(mentions, table, index, cross_table([["PERSON", "PERSON"]], LABELS),
                             far=True)
    assert (1, 5) not in set(zip(only_people.head.tolist(), only_people.tail.tolist(),
                                 strict=True))


def test_functional_keep_leaves_one_partner_per_mention() -> None:
    """A tail-functional type keeps a tail's best head only; a head-functional type a
    head's best tail only; other types and other mentions are untouched."""
    from letopis.exec.relations import functional_keep

    head = np.array([0, 1, 2, 0, 0, 5, 6])
    tail = np.array([3, 3, 3, 4, 7, 8, 8])
    rtype = np.array([0, 0, 0, 1, 1, 2, 2])
    score = np.array([0.6, 0.9, 0.7, 0.5, 0.8, 0.6, 0.7])
    by_head = np.array([False, True, False])
    by_tail = np.array([True, False, False])
    keep = functional_keep(head, tail, rtype, score, by_head, by_tail)
    # type 0: tail 3 keeps head 1 (0.9); type 1: head 0 keeps tail 7 (0.8); type 2: free
    assert keep.tolist() == [False, True, False, False, True, True, True]
    assert functional_keep(head[:0], tail[:0], rtype[:0], score[:0], by_head, by_tail).size == 0


def test_functional_types_come_from_the_training_pairs() -> None:
    pytest.importorskip("torch")
    from letopis.train.relations import PairData, functional_types

    works_as = RELATION_TYPES.index("WORKS_AS") + 1
    workplace = RELATION_TYPES.index("WORKPLACE") + 1
    spouse = RELATION_TYPES.index("SPOUSE") + 1
    # WORKS_AS: each profession (tail) has one person; WORKPLACE: one organization with
    # two people (a tail with two heads in one case of two); SPOUSE is symmetric
    head = np.array([0, 1, 2, 3, 4, 0, 1])
    tail = np.array([10, 11, 12, 12, 13, 1, 0])
    target = np.array([works_as, works_as, workplace, workplace, workplace, spouse, spouse])
    zeros = np.zeros(len(head), dtype=np.int64)
    data = PairData(h=np.zeros((0, 1)), sentence=zeros[:0], first=zeros[:0], last=zeros[:0],
                    labels=zeros[:0], head=head, tail=tail, dist=zeros, nest=zeros,
                    inter=zeros, alias=zeros, far=zeros, gap_from=zeros, gap_to=zeros,
                    target=target, doc=zeros, bounds=np.zeros((1, 3), dtype=np.int64),
                    gold=[set()], spans=[[]])
    strict = functional_types(data, 0.05)
    assert "WORKS_AS" in strict["tail"] and "WORKS_AS" in strict["head"]
    assert "WORKPLACE" not in strict["tail"] and "WORKPLACE" in strict["head"]
    assert "SPOUSE" not in strict["tail"] + strict["head"]
    assert "WORKPLACE" in functional_types(data, 0.5)["tail"]


def test_prepare_pairs_extra_predicted_mentions_as_negatives() -> None:
    """``prepare(..., extra=...)``: a predicted span that is not gold becomes one more
    mention; its pairs are candidates with no relation, the gold ones keep theirs."""
    pytest.importorskip("torch")
    from letopis.eval.nerel import parse_ann
    from letopis.exec.ner import PACK_NAME
    from letopis.train.relations import prepare

    text = "Инженер Павел Громов и его брат Олег жили в Москве."
    spans = [("PERSON", "Павел Громов"), ("CITY", "Москве")]
    lines = [f"T{k}\t{label} {text.index(s)} {text.index(s) + len(s)}\t{s}"
             for k, (label, s) in enumerate(spans, 1)]
    bdoc = parse_ann("\n".join(lines + ["R1\tPLACE_RESIDES_IN Arg1:T1 Arg2:T2"]), "x")
    bdoc.text = text
    schema = {"PLACE_RESIDES_IN": [["PERSON"], ["CITY"]]}
    oleg = text.index("Олег")
    gold = prepare([bdoc], PACK_NAME, schema, log=lambda s: None)
    both = prepare([bdoc], PACK_NAME, schema, log=lambda s: None,
                   extra=[[(oleg, oleg + 4, "PERSON"), (text.index("Москве"),
                                                         text.index("Москве") + 6, "CITY")]])
    assert len(gold.labels) == 2 and len(both.labels) == 3  # the gold city is not doubled
    assert both.spans[0][2] == (oleg, oleg + 4)
    assert int((both.target > 0).sum()) == int((gold.target > 0).sum()) == 1
    assert len(both.head) == 2 * len(gold.head)  # Олег -> Москве besides Громов -> Москве
    related = both.target > 0
    assert both.head[related].tolist() == [0] and both.tail[related].tolist() == [1]
