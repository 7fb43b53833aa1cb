"""Training code: torch/NumPy parity, brat alignment, a 1-epoch run on a tiny fixture."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from letopis.doc import PLACE_LABELS
from letopis.errors import ModelError
from letopis.exec.context import slovnet_context
from letopis.exec.features import TableEmbedder
from letopis.exec.ner import NumpyNer, make_batch
from letopis.exec.pack import Pack, load_pack

torch = pytest.importorskip("torch")

from letopis.train.data import CLASSES, Sentence, load_corpus, load_factru  # noqa: E402
from letopis.train.loop import (  # noqa: E402
    ANY_LOC,
    NO_NAME,
    Options,
    WordTable,
    allowed_table,
    encode,
    span_loss,
    train,
)
from letopis.train.model import DEFAULTS, SpanNer, export_arrays  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "ner"
WORDS = ["<unk>", "пленум", "цк", "кпсс", "в", "москве", "съезд", "."]
CHARS = list("абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ.")


def embedder(dim: int = 8) -> TableEmbedder:
    rng = np.random.default_rng(3)
    return TableEmbedder(WORDS, rng.normal(size=(len(WORDS), dim)).astype(np.float32))


def torch_batch(batch, context_dim: int) -> dict:
    """The torch twin's inputs for a NumPy batch (context padded to B x T x K, zeros when
    the batch has none)."""
    padded = np.zeros(batch.shapes.shape + (context_dim,), dtype=np.float32)
    if batch.context is not None:
        padded[batch.rows, batch.cols] = batch.context
    return {"vectors": torch.from_numpy(batch.vectors),
            "shapes": torch.from_numpy(batch.shapes),
            "chars": torch.from_numpy(batch.chars),
            "char_lengths": torch.from_numpy(batch.char_lengths),
            "morph": torch.from_numpy(batch.morph),
            "lengths": torch.from_numpy(batch.lengths),
            "context": torch.from_numpy(padded)}


@pytest.mark.parametrize(("encoder", "pool", "context", "biaffine"),
                         [("lstm", 0, False, 0), ("cnn", 0, False, 0), ("cnn", 1, False, 0),
                          ("cnn", 1, True, 0), ("lstm", 0, True, 0), ("cnn", 0, False, 3),
                          ("lstm", 1, True, 4)])
def test_torch_and_numpy_agree_on_a_fixed_batch(encoder, pool, context, biaffine):
    torch.manual_seed(7)
    hyper = dict(DEFAULTS, hidden=6, span_hidden=9, char_dim=5, char_filters=4,
                 shape_dim=3, max_width=5, encoder=encoder, channels=10, dilations=[1, 2],
                 span_pool=pool, biaffine=biaffine)
    if context:
        hyper.update(context=slovnet_context().id, context_dim=slovnet_context().dim)
    model = SpanNer(8, len(CHARS) + 4, len(CLASSES), hyper).eval()
    if model.biaf is not None:  # trained weights are not zero: make the term count
        with torch.no_grad():
            model.biaf.normal_()
    meta = {"name": "tiny", "version": "0", "labels": list(CLASSES), "hyper": hyper,
            "vectors": {"id": "table", "dim": 8}}
    numpy_model = NumpyNer(Pack(meta, export_arrays(model), CHARS), embedder())
    sents = [["Пленум", "ЦК", "КПСС", "собрался", "в", "Москве", "."],
             ["Съезд"], ["XX", "съезд", "КПСС", "1956", "—", "Длиннющееслововсемисловпредлинное"]]
    batch = make_batch(sents, numpy_model.embedder, numpy_model.chars,
                       context=numpy_model.context)
    ours = numpy_model.span_scores(batch)
    with torch.no_grad():
        theirs = model(torch_batch(batch, slovnet_context().dim)).numpy()
    if context:  # the CNN's cached path (``predict_tokens``) gives the same logits
        assert numpy_model.context is not None
        flat = numpy_model.sentence_logits(sents, None)
        assert np.abs(flat.logits - ours[flat.rows, flat.starts, flat.widths]).max() < 1e-4
    ends = np.arange(ours.shape[1])[:, None] + np.arange(5)[None, :] + 1
    valid = ends[None] <= batch.lengths[:, None, None]
    assert np.abs(ours - theirs)[valid].max() < 1e-4


class LayeredContext:
    """A stand-in for e5 features: 3 'layers' of 4 values per token, from the word."""

    id = "test_layers_v1"
    dim = 12

    def states(self, sents):
        rng = [np.random.default_rng(sum(map(ord, w))) for s in sents for w in s]
        return np.array([r.normal(size=12) for r in rng], dtype=np.float32).reshape(-1, 12)


@pytest.mark.parametrize("encoder", ["cnn", "lstm"])
def test_learned_layer_mix_agrees_between_torch_and_numpy(encoder):
    torch.manual_seed(5)
    context = LayeredContext()
    hyper = dict(DEFAULTS, hidden=6, span_hidden=9, char_dim=5, char_filters=4, shape_dim=3,
                 max_width=4, encoder=encoder, channels=10, dilations=[1],
                 context=context.id, context_dim=context.dim, mix=[0, 3, 4])
    model = SpanNer(8, len(CHARS) + 4, len(CLASSES), hyper).eval()
    with torch.no_grad():
        model.mix.normal_()
        model.mix_scale.fill_(1.7)
    arrays = export_arrays(model)
    assert arrays["mix_w"].shape == (3,)
    meta = {"name": "tiny", "version": "0", "labels": list(CLASSES), "hyper": hyper,
            "vectors": {"id": "table", "dim": 8}}
    numpy_model = NumpyNer(Pack(meta, arrays, CHARS), embedder(), context=context)
    sents = [["Пленум", "ЦК", "КПСС", "собрался", "в", "Москве", "."], ["Съезд", "КПСС"]]
    batch = make_batch(sents, numpy_model.embedder, numpy_model.chars, context=context)
    ours = numpy_model.span_scores(batch)
    with torch.no_grad():
        theirs = model(torch_batch(batch, context.dim)).numpy()
    ends = np.arange(ours.shape[1])[:, None] + np.arange(4)[None, :] + 1
    valid = ends[None] <= batch.lengths[:, None, None]
    assert np.abs(ours - theirs)[valid].max() < 1e-4
    flat = numpy_model.sentence_logits(sents, None)
    assert np.abs(flat.logits - ours[flat.rows, flat.starts, flat.widths]).max() < 1e-4


def test_brat_spans_align_to_tokens():
    corpus = load_corpus(FIXTURE / "train", max_width=12)
    spans = {(tuple(s.words[i:j]), label) for s in corpus.sentences for i, j, label in s.spans}
    assert (("ЦК", "КПСС"), "ORGANIZATION") in spans
    assert (("КПСС",), "ORGANIZATION") in spans
    assert (("Пленум", "ЦК", "КПСС"), "EVENT") in spans
    assert corpus.stats["discontinuous (skipped)"] == 1
    assert corpus.stats["used"] == corpus.stats["entities"] - 1


def test_one_epoch_trains_and_writes_a_loadable_pack(tmp_path):
    out = tmp_path / "tiny.tar"
    hyper = dict(DEFAULTS, hidden=8, span_hidden=8, char_dim=4, char_filters=4, shape_dim=2)
    options = Options(epochs=1, threads=1, min_char_count=1, hyper=hyper)
    meta = train(FIXTURE, out, embedder(), options, log=lambda s: None)
    assert meta["training"]["best_epoch"] == 1
    assert meta["o_bias"] in (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
    pack = load_pack(out)
    assert pack.labels == list(CLASSES)
    model = NumpyNer(pack, embedder())
    for start, end, label, _ in model.predict_text("Пленум ЦК КПСС собрался в Москве."):
        assert 0 <= start < end and label in CLASSES[1:]


def test_two_epochs_with_factru_names_and_weight_averaging(tmp_path):
    hyper = dict(DEFAULTS, hidden=8, span_hidden=8, char_dim=4, char_filters=4, shape_dim=2)
    options = Options(epochs=2, threads=1, min_char_count=1, hyper=hyper,
                      factru=FACTRU / "devset", average=2)
    lines: list[str] = []
    meta = train(FIXTURE, tmp_path / "tiny.tar", embedder(), options, log=lines.append)
    assert meta["training"]["factru"] is True
    assert any(line.startswith("mean of the last 2 epochs") for line in lines)
    assert meta["training"]["best_epoch"] in (1, 2, "mean of 1-2")
    assert load_pack(tmp_path / "tiny.tar").labels == list(CLASSES)


FACTRU = Path(__file__).parent / "fixtures" / "factrueval"


def test_factru_names_become_partial_sentences():
    corpus = load_factru(FACTRU / "devset", max_width=12)
    assert all(s.partial for s in corpus.sentences)
    names = {(" ".join(s.words[i:j]), kind) for s in corpus.sentences for i, j, kind in s.spans}
    assert names == {("Москвы", "LOC"), ("Юрий Лужков", "PER"), ("Открытие", "ORG"),
                     ("Тверской", "LOC")}


def test_partial_targets_leave_conventions_that_differ_unknown():
    words = ["Русские", "послы", "и", "Иван", "Петров", "в", "Москве", "."]
    sent = Sentence(0, words, [(0, 1)] * len(words), [(3, 5, "PER"), (6, 7, "LOC")],
                    partial=True)
    table = WordTable(TableEmbedder(["<unk>"], np.zeros((1, 4), np.float32)), [])
    table.index = {w: 0 for w in words}
    gold = encode(sent, table, {}, 4).gold
    assert gold[3, 1] == CLASSES.index("PERSON")  # Иван Петров
    assert gold[6, 0] == ANY_LOC  # Москве: any class of the location family
    assert gold[0, 0] == -100  # a single adjective: NEREL marks «Русские» COUNTRY
    assert gold[0, 1] == NO_NAME  # «Русские послы» is no name in either
    assert (gold[1] == -100).all() and (gold[5] == -100).all()  # lower-case starts
    assert gold[3, 0] == -100 and gold[4, 0] == -100  # inside the name
    assert gold[4, 2] == -100  # «Петров в Москве» overlaps both names
    assert gold[7, 0] == NO_NAME and (gold[7, 1:] == -100).all()  # «.», then past the end


def test_span_loss_is_cross_entropy_and_sums_allowed_classes():
    torch.manual_seed(0)
    c = len(CLASSES)
    logits = torch.randn(2, 3, 2, c)
    gold = torch.tensor([[[0, 5], [-100, 3], [0, -100]], [[1, 0], [2, 0], [0, -100]]])
    weight = torch.ones(c)
    weight[0] = 0.5
    allowed = allowed_table()
    plain = torch.nn.functional.cross_entropy(logits.reshape(-1, c), gold.reshape(-1),
                                              weight=weight, ignore_index=-100)
    assert torch.allclose(span_loss(logits, gold, weight, allowed), plain)
    gold[1, 2, 0], gold[0, 1, 0] = ANY_LOC, NO_NAME
    probs = torch.softmax(logits, dim=-1)
    family = [CLASSES.index(x) for x in sorted(PLACE_LABELS)]
    named = family + [CLASSES.index("PERSON"), CLASSES.index("ORGANIZATION")]
    terms, weights = [], []
    for idx in zip(*torch.nonzero(gold != -100, as_tuple=True), strict=True):
        g, p = int(gold[idx]), probs[idx]
        if g == ANY_LOC:
            terms.append(-torch.log(p[family].sum()))
            weights.append(1.0)
        elif g == NO_NAME:
            others = [k for k in range(c) if k not in named]
            terms.append(-0.5 * torch.log(p[others].sum()))
            weights.append(0.5)
        else:
            terms.append(-float(weight[g]) * torch.log(p[g]))
            weights.append(float(weight[g]))
    expected = torch.stack(terms).sum() / sum(weights)
    assert torch.allclose(span_loss(logits, gold, weight, allowed), expected, atol=1e-6)


def test_one_epoch_with_context_features_and_span_pooling(tmp_path):
    out = tmp_path / "context.tar"
    hyper = dict(DEFAULTS, span_hidden=8, char_dim=4, char_filters=4, shape_dim=2,
                 channels=8, span_pool=1, context=slovnet_context().id)
    options = Options(epochs=1, threads=1, min_char_count=1, hyper=hyper)
    meta = train(FIXTURE, out, embedder(), options, log=lambda s: None)
    assert meta["hyper"]["context_dim"] == slovnet_context().dim
    assert meta["training"]["threads"] == 1
    pack = load_pack(out)
    assert "span_pool_w" in pack.arrays
    model = NumpyNer(pack, embedder())
    assert model.context is slovnet_context()
    text = "Пленум ЦК КПСС собрался в Москве."
    for start, end, label, _ in model.predict_text(text):
        assert 0 <= start < end <= len(text) and label in CLASSES[1:]


def test_a_pack_asking_for_unknown_context_features_is_a_model_error():
    from letopis.errors import ModelError

    hyper = dict(DEFAULTS, span_hidden=8, char_dim=4, char_filters=4, shape_dim=2, channels=8)
    model = SpanNer(8, len(CHARS) + 4, len(CLASSES), hyper)
    for context, dim in (("slovnet_news_v1:nope", 72), (slovnet_context().id, 99)):
        meta = {"name": "tiny", "version": "0", "labels": list(CLASSES),
                "hyper": dict(hyper, context=context, context_dim=dim),
                "vectors": {"id": "table", "dim": 8}}
        with pytest.raises(ModelError, match="context features"):
            NumpyNer(Pack(meta, export_arrays(model), CHARS), embedder())


def test_cli_rejects_bad_context_and_dilations(tmp_path):
    from typer.testing import CliRunner

    from letopis.cli.train import app

    runner = CliRunner()
    for args, message in ((["--context", "nope"], "unknown context features"),
                          (["--dilations", "1,x"], "--dilations")):
        res = runner.invoke(app, ["ner", "--data", str(FIXTURE), "--out",
                                  str(tmp_path / "x.tar"), *args])
        assert res.exit_code == 2
        assert message in res.output
        assert "Traceback" not in res.output
        assert not (tmp_path / "x.tar").exists()


def test_a_student_learns_from_teacher_packs(tmp_path):
    hyper = dict(DEFAULTS, span_hidden=8, char_dim=4, char_filters=4, shape_dim=2, channels=8)
    teacher = tmp_path / "teacher.tar"
    train(FIXTURE, teacher, embedder(), Options(epochs=1, threads=1, min_char_count=1,
                                                 hyper=dict(hyper)), log=lambda s: None)
    lines: list[str] = []
    options = Options(epochs=1, threads=1, min_char_count=1, hyper=dict(hyper), seed=5,
                      teachers=[teacher, teacher], distill=2.0)
    meta = train(FIXTURE, tmp_path / "student.tar", embedder(), options, log=lines.append)
    assert sum("teacher" in line for line in lines) == 2
    assert [t["file"] for t in meta["training"]["teachers"]] == ["teacher.tar"] * 2
    assert meta["training"]["distill"] == 2.0
    assert NumpyNer(load_pack(tmp_path / "student.tar"), embedder()).labels == list(CLASSES)


def test_raw_text_labelled_by_a_cached_teacher_trains_a_student(tmp_path):
    hyper = dict(DEFAULTS, span_hidden=8, char_dim=4, char_filters=4, shape_dim=2, channels=8)
    teacher = tmp_path / "teacher.tar"
    train(FIXTURE, teacher, embedder(), Options(epochs=1, threads=1, min_char_count=1,
                                                 hyper=dict(hyper)), log=lambda s: None)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Пленум ЦК КПСС собрался в Москве.\nСъезд открылся утром. "
                               "Делегаты пришли.\nкоротко\n", encoding="utf-8")
    runs = []
    for _ in range(2):
        lines: list[str] = []
        options = Options(epochs=1, threads=1, min_char_count=1, hyper=dict(hyper),
                          teachers=[teacher], unlabelled=raw, unlabelled_words=100,
                          cache=tmp_path / "cache")
        train(FIXTURE, tmp_path / "student.tar", embedder(), options, log=lines.append)
        runs.append(lines)
    assert any(line.startswith("raw text: 3 sentences") for line in runs[0])
    assert any(line.startswith("teacher ") for line in runs[0])
    assert any(line.startswith("teachers' targets from") for line in runs[1])
    assert len(list((tmp_path / "cache").glob("teacher-*.npy"))) == 1
    with pytest.raises(ModelError):
        train(FIXTURE, tmp_path / "x.tar", embedder(),
              Options(epochs=1, threads=1, hyper=dict(hyper), unlabelled=raw), log=print)


def test_a_batch_of_raw_text_alone_has_zero_gold_loss():
    gold = torch.full((1, 2, 2), -100)
    logits = torch.randn(1, 2, 2, len(CLASSES), requires_grad=True)
    loss = span_loss(logits, gold, torch.ones(len(CLASSES)), allowed_table())
    assert float(loss) == 0.0
    loss.backward()


def test_soft_loss_is_the_cross_entropy_over_spans_inside_the_sentence():
    from letopis.train.loop import soft_loss

    logits = torch.randn(1, 2, 2, 3)
    soft = torch.zeros(1, 2, 2, 3)
    soft[0, 0, 0] = torch.tensor([0.2, 0.3, 0.5])
    soft[0, 1, 0] = torch.tensor([1.0, 0.0, 0.0])
    logp = torch.log_softmax(logits, dim=-1)
    expected = -((soft[0, 0, 0] * logp[0, 0, 0]).sum() + logp[0, 1, 0, 0]) / 2
    assert torch.allclose(soft_loss(logits, soft), expected)


def test_one_epoch_with_pieces_and_a_biaffine_term(tmp_path):
    out = tmp_path / "pieces.tar"
    hyper = dict(DEFAULTS, span_hidden=8, char_dim=4, char_filters=4, shape_dim=2,
                 channels=8, biaffine=5, pieces=1)
    options = Options(epochs=1, threads=1, min_char_count=1, hyper=hyper)
    meta = train(FIXTURE, out, embedder(), options, log=lambda s: None)
    assert meta["hyper"]["pieces"] == 1 and meta["hyper"]["biaffine"] == 5
    pack = load_pack(out)
    assert pack.arrays["biaf_u"].shape == (len(CLASSES), 6, 6)
    model = NumpyNer(pack, embedder())
    assert model.pieces
    text = "Экс-мэр Москвы собрался в Санкт-Петербурге."
    for start, end, label, _ in model.predict_text(text):
        assert 0 <= start < end <= len(text) and label in CLASSES[1:]


def test_pieces_reach_entities_inside_hyphenated_tokens(tmp_path):
    folder = tmp_path / "train"
    folder.mkdir()
    text = "Экс-мэр Москвы приехал."
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "a.ann").write_text("T1\tPROFESSION 4 7\tмэр\nT2\tCITY 8 14\tМосквы\n",
                                  encoding="utf-8")
    whole = load_corpus(folder, max_width=12)
    split = load_corpus(folder, max_width=12, pieces=True)
    assert whole.stats["not on token boundaries (skipped)"] == 1
    assert split.stats["used"] == 2
    sent = split.sentences[0]
    assert [sent.words[i:j] for i, j, _ in sent.spans] == [["мэр"], ["Москвы"]]
    assert all(text[a:b] == w for (a, b), w in zip(sent.offsets, sent.words, strict=True))


def test_word_dropout_swaps_word_vectors_for_the_unknown_word():
    from letopis.train.loop import collate

    corpus = load_corpus(FIXTURE / "train", max_width=12)
    table = WordTable(embedder(), [corpus])
    chars = {ch: i + 4 for i, ch in enumerate(CHARS)}
    items = [encode(s, table, chars, 12) for s in corpus.sentences[:3]]
    unk = table.matrix[table.unk]
    plain = collate(items, table.matrix)
    kept = collate(items, table.matrix, (0.0, table.unk, np.random.default_rng(0)))
    assert torch.equal(plain["vectors"], kept["vectors"])
    dropped = collate(items, table.matrix, (1.0, table.unk, np.random.default_rng(0)))
    assert torch.equal(dropped["vectors"], unk.expand_as(dropped["vectors"]))
    assert torch.equal(dropped["chars"], plain["chars"])  # the characters stay
    some = collate(items, table.matrix, (0.5, table.unk, np.random.default_rng(0)))
    swapped = (some["vectors"] != plain["vectors"]).any(dim=-1)
    assert 0 < int(swapped.sum()) < swapped.numel()


@pytest.mark.parametrize(("option", "value"),
                         [("--word-dropout", "1.5"), ("--biaffine", "-1"), ("--replace", "2")])
def test_cli_rejects_a_bad_word_dropout_or_biaffine_width(tmp_path, option, value):
    from typer.testing import CliRunner

    from letopis.cli.train import app

    result = CliRunner().invoke(app, ["ner", "--data", str(tmp_path), "--out",
                                      str(tmp_path / "x.tar"), option, value])
    assert result.exit_code == 2
    assert option in result.output


def test_two_epochs_with_mention_replacement(tmp_path):
    hyper = dict(DEFAULTS, span_hidden=8, char_dim=4, char_filters=4, shape_dim=2, channels=8)
    options = Options(epochs=2, threads=1, min_char_count=1, hyper=hyper, replace=0.5)
    meta = train(FIXTURE, tmp_path / "tiny.tar", embedder(), options, log=lambda s: None)
    assert meta["training"]["replace"] == 0.5
    assert load_pack(tmp_path / "tiny.tar").labels == list(CLASSES)
