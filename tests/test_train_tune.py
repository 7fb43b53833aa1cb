"""Fine-tuned e5 layers under the span NER: torch/NumPy parity, training, the pack."""

from __future__ import annotations

import numpy as np
import pytest

from letopis.errors import ModelError
from letopis.exec.context import context_features
from letopis.exec.e5 import PREFIX, E5Context, encoder, tuned_encoder, tuned_id
from letopis.exec.ner import NumpyNer, make_batch
from letopis.exec.pack import Pack, load_pack

torch = pytest.importorskip("torch")

from letopis.train.data import CLASSES  # noqa: E402
from letopis.train.loop import Options, train  # noqa: E402
from letopis.train.model import DEFAULTS, export_arrays  # noqa: E402
from letopis.train.tune import (  # noqa: E402
    TunedSpanNer,
    collate_pieces,
    export_tuned,
    parse_tune,
    piece_inputs,
    tuned_lr,
)
from test_train_ner import CHARS, FIXTURE, embedder  # noqa: E402

SENTS = [["Пленум", "ЦК", "КПСС", "собрался", "в", "Москве", "."], ["Съезд"],
         ["Гельсингфорс", "—", "столица", "Великого", "княжества", "Финляндского", "."]]


def tiny_hyper(first: int, last: int) -> dict:
    hidden = encoder().config.hidden
    return dict(DEFAULTS, span_hidden=9, char_dim=5, char_filters=4, shape_dim=3,
                max_width=5, channels=10, dilations=[1, 2], context=f"{PREFIX}0-{last}",
                context_dim=(last + 1) * hidden, mix=[0, last + 1, hidden],
                tune=[first, last], tune_dropout=0.1)


def test_tuned_layers_agree_between_torch_and_numpy():
    torch.manual_seed(11)
    hyper = tiny_hyper(10, 12)
    model = TunedSpanNer(8, len(CHARS) + 4, len(CLASSES), hyper).eval()
    with torch.no_grad():  # move the tuned layers away from the package's
        for p in model.tuned.parameters():
            p.add_(0.02 * torch.randn_like(p))
        model.mix.normal_()
    arrays = {**export_arrays(model), **export_tuned(model)}
    hyper["context"] = tuned_id(arrays, 10, 12)
    meta = {"name": "tiny", "version": "0", "labels": list(CLASSES), "hyper": hyper,
            "vectors": {"id": "table", "dim": 8}}
    numpy_model = NumpyNer(Pack(meta, arrays, CHARS), embedder())
    assert isinstance(numpy_model.context, E5Context)
    assert numpy_model.context.id.startswith(f"{PREFIX}0-12+tuned:")
    # every stage asking for these features by id gets the same object (one encoder pass)
    assert context_features(numpy_model.context.id) is numpy_model.context
    assert NumpyNer(Pack(meta, arrays, CHARS), embedder()).context is numpy_model.context
    batch = make_batch(SENTS, numpy_model.embedder, numpy_model.chars,
                       context=numpy_model.context)
    ours = numpy_model.span_scores(batch)
    # the torch model reads float16 weights back exactly as the pack gives them
    with torch.no_grad():
        for k, layer in enumerate(model.tuned):
            for name in ("qkv", "ao", "fi", "fo"):
                lin = getattr(layer, name)
                lin.weight.copy_(torch.from_numpy(arrays[f"tune{k}_{name}_w"].astype(np.float32).T))
                lin.bias.copy_(torch.from_numpy(arrays[f"tune{k}_{name}_b"].astype(np.float32)))
            for name in ("aln", "oln"):
                norm = getattr(layer, name)
                norm.weight.copy_(torch.from_numpy(arrays[f"tune{k}_{name}_w"].astype(np.float32)))
                norm.bias.copy_(torch.from_numpy(arrays[f"tune{k}_{name}_b"].astype(np.float32)))
    t = int(batch.lengths.max())
    pieces = collate_pieces(piece_inputs(SENTS, 10, dtype=np.float32), t)
    inputs = {"vectors": torch.from_numpy(batch.vectors), "shapes": torch.from_numpy(batch.shapes),
              "chars": torch.from_numpy(batch.chars),
              "char_lengths": torch.from_numpy(batch.char_lengths),
              "morph": torch.from_numpy(batch.morph), "lengths": torch.from_numpy(batch.lengths),
              **pieces}
    with torch.no_grad():
        theirs = model(inputs).numpy()
    ends = np.arange(ours.shape[1])[:, None] + np.arange(5)[None, :] + 1
    valid = ends[None] <= batch.lengths[:, None, None]
    assert np.abs(ours - theirs)[valid].max() < 2e-3


def test_tuned_encoder_replaces_only_the_named_layers():
    base = encoder()
    arrays = {f"tune{k}_{name}": np.zeros_like(value)
              for k in range(2) for name, value in base.w.layers[k + 3].items()}
    tuned = tuned_encoder(arrays, 3, 5)
    assert tuned.w.layers[3]["qkv_w"].max() == 0.0 and tuned.w.layers[4]["fo_b"].max() == 0.0
    assert tuned.w.layers[2] is base.w.layers[2] and tuned.w.layers[5] is base.w.layers[5]
    assert base.w.layers[3]["qkv_w"].any()  # the package's encoder is untouched
    with pytest.raises(ModelError, match="tuned e5 layer"):
        tuned_encoder({}, 3, 5)


def test_piece_inputs_give_the_frozen_token_features():
    ours = np.concatenate([p.frozen for p in piece_inputs(SENTS, 2, dtype=np.float32)])
    reference = E5Context("0-2").states(SENTS)
    assert ours.shape == reference.shape
    assert np.abs(ours - reference).max() < 1e-4


def test_one_epoch_tunes_the_top_layer_and_writes_a_loadable_pack(tmp_path):
    out = tmp_path / "tuned.tar"
    hyper = dict(DEFAULTS, span_hidden=8, char_dim=4, char_filters=4, shape_dim=2, channels=8)
    options = Options(epochs=2, threads=1, min_char_count=1, hyper=hyper, tune=(11, 12),
                      cache=tmp_path / "cache")
    meta = train(FIXTURE, out, embedder(), options, log=lambda s: None)
    assert meta["hyper"]["tune"] == [11, 12]
    assert meta["hyper"]["context"].startswith(f"{PREFIX}0-12+tuned:")
    pack = load_pack(out)
    assert pack.arrays["tune0_qkv_w"].dtype == np.float16
    # the second epoch trained the layer: it left the package's weights
    assert np.abs(pack.arrays["tune0_qkv_w"].astype(np.float32)
                  - encoder().w.layers[11]["qkv_w"]).max() > 0
    assert list((tmp_path / "cache").glob("pieces-*.npz"))
    model = NumpyNer(pack, embedder())
    text = "Пленум ЦК КПСС собрался в Москве."
    for start, end, label, _ in model.predict_text(text):
        assert 0 <= start < end <= len(text) and label in CLASSES[1:]


def test_unknown_fine_tuned_features_are_a_model_error():
    with pytest.raises(ModelError, match="fine-tuned"):
        context_features(f"{PREFIX}0-8+tuned:000000000000")


def test_a_pack_whose_tuned_layers_changed_is_refused():
    hyper = tiny_hyper(11, 12)
    model = TunedSpanNer(8, len(CHARS) + 4, len(CLASSES), hyper).eval()
    arrays = {**export_arrays(model), **export_tuned(model)}
    hyper["context"] = tuned_id(arrays, 11, 12)
    arrays["tune0_fo_b"] = arrays["tune0_fo_b"] + np.float16(1)
    meta = {"name": "tiny", "version": "0", "labels": list(CLASSES), "hyper": hyper,
            "vectors": {"id": "table", "dim": 8}}
    with pytest.raises(ModelError, match="expects context features"):
        NumpyNer(Pack(meta, arrays, CHARS), embedder())


@pytest.mark.parametrize("spec", ["8", "8-4", "0-13", "a-b"])
def test_a_bad_tune_spec_is_a_model_error(spec):
    with pytest.raises(ModelError, match="--tune"):
        parse_tune(spec)


def test_the_tuned_layers_rest_while_the_head_warms_up():
    assert tuned_lr(0, 5) == 0.0
    assert tuned_lr(1, 5) == pytest.approx(1.0)
    assert 0.0 < tuned_lr(4, 5) < tuned_lr(2, 5) < 1.0


def test_cli_rejects_a_bad_tune_and_tune_with_context(tmp_path):
    from typer.testing import CliRunner

    from letopis.cli.train import app

    runner = CliRunner()
    for args, message in ((["--tune", "8-4"], "--tune"),
                          (["--tune", "4-8", "--context", "ner"], "takes the place of --context")):
        res = runner.invoke(app, ["ner", "--data", str(FIXTURE), "--out",
                                  str(tmp_path / "x.tar"), "--no-factru", *args])
        assert res.exit_code == 2
        assert message in res.output
        assert "Traceback" not in res.output
        assert not (tmp_path / "x.tar").exists()
