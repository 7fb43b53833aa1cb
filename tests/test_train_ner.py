"""Training code: torch/NumPy parity, brat alignment, a 1-epoch run on a tiny fixture."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from letopis.exec.features import TableEmbedder
from letopis.exec.ner import NumpyNer, make_batch
from letopis.exec.pack import Pack, load_pack

torch = pytest.importorskip("torch")

from letopis.train.data import CLASSES, load_corpus  # noqa: E402
from letopis.train.loop import Options, train  # noqa: E402
from letopis.train.model import DEFAULTS, SpanNer, export_arrays  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "ner"
WORDS = ["<unk>", "пленум", "цк", "кпсс", "в", "москве", "съезд", "."]
CHARS = list("абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ.")


def embedder(dim: int = 8) -> TableEmbedder:
    rng = np.random.default_rng(3)
    return TableEmbedder(WORDS, rng.normal(size=(len(WORDS), dim)).astype(np.float32))


@pytest.mark.parametrize("encoder", ["lstm", "cnn"])
def test_torch_and_numpy_agree_on_a_fixed_batch(encoder):
    torch.manual_seed(7)
    hyper = dict(DEFAULTS, hidden=6, span_hidden=9, char_dim=5, char_filters=4,
                 shape_dim=3, max_width=5, encoder=encoder, channels=10, dilations=[1, 2])
    model = SpanNer(8, len(CHARS) + 4, len(CLASSES), hyper).eval()
    meta = {"name": "tiny", "version": "0", "labels": list(CLASSES), "hyper": hyper,
            "vectors": {"id": "table", "dim": 8}}
    numpy_model = NumpyNer(Pack(meta, export_arrays(model), CHARS), embedder())
    sents = [["Пленум", "ЦК", "КПСС", "собрался", "в", "Москве", "."],
             ["Съезд"], ["XX", "съезд", "КПСС", "1956", "—", "Длиннющееслововсемисловпредлинное"]]
    batch = make_batch(sents, numpy_model.embedder, numpy_model.chars)
    ours = numpy_model.span_scores(batch)
    tensors = {"vectors": torch.from_numpy(batch.vectors),
               "shapes": torch.from_numpy(batch.shapes),
               "chars": torch.from_numpy(batch.chars),
               "char_lengths": torch.from_numpy(batch.char_lengths),
               "morph": torch.from_numpy(batch.morph),
               "lengths": torch.from_numpy(batch.lengths)}
    with torch.no_grad():
        theirs = model(tensors).numpy()
    ends = np.arange(ours.shape[1])[:, None] + np.arange(5)[None, :] + 1
    valid = ends[None] <= batch.lengths[:, None, None]
    assert np.abs(ours - theirs)[valid].max() < 1e-4


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
    pack = load_pack(out)
    assert pack.labels == list(CLASSES)
    model = NumpyNer(pack, embedder())
    for start, end, label, _ in model.predict_text("Пленум ЦК КПСС собрался в Москве."):
        assert 0 <= start < end and label in CLASSES[1:]
