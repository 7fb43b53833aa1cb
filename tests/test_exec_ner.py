"""NumPy NER inference: packs, protocol checks, decoding and no torch at run time."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile

import numpy as np
import pytest

from letopis.doc import LABELS, Document, check_spans
from letopis.errors import ModelError
from letopis.exec.features import (
    MORPH_SIZE,
    TableEmbedder,
    char_ids,
    morph_ids,
    pieces,
    shape,
    split_tokens,
)
from letopis.exec.ner import NumpyNer, decode
from letopis.exec.pack import Pack, load_pack, save_pack
from letopis.morph import tag_morph
from letopis.segment import segment

CLASSES = ["O", *LABELS]
CHARS = list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ.,")
HYPER = {"max_width": 4, "layers": 2, "hidden": 5, "shape_dim": 3, "char_dim": 4,
         "char_filters": 6, "span_hidden": 7, "dropout": 0.0, "morph_dim": 2}
WORDS = ["<unk>", "в", "москве", "съезд", "партии", "открылся"]


def tiny_arrays(seed: int = 0, dim: int = 8) -> dict[str, np.ndarray]:
    """Random weights of the right shapes for HYPER."""
    rng = np.random.default_rng(seed)
    h, m, c = HYPER["hidden"], HYPER["span_hidden"], len(CLASSES)

    def r(*shape: int) -> np.ndarray:
        return rng.normal(scale=0.5, size=shape).astype(np.float32)

    arrays = {
        "shape_emb": r(14, HYPER["shape_dim"]), "char_emb": r(len(CHARS) + 4, HYPER["char_dim"]),
        "char_conv_w": r(HYPER["char_filters"], HYPER["char_dim"], 3),
        "char_conv_b": r(HYPER["char_filters"]),
        "span_start_w": r(m, 2 * h), "span_start_b": r(m), "span_end_w": r(m, 2 * h),
        "span_width": r(HYPER["max_width"], m), "out_w": r(c, m), "out_b": r(c),
    }
    arrays["out_b"][0] = -2.0  # make some spans non-O
    arrays["morph_emb"] = r(MORPH_SIZE, HYPER["morph_dim"])
    size = dim + HYPER["shape_dim"] + HYPER["char_filters"] + HYPER["morph_dim"]
    for layer in range(HYPER["layers"]):
        for tag in "fb":
            arrays[f"lstm{layer}{tag}_wih"] = r(4 * h, size)
            arrays[f"lstm{layer}{tag}_whh"] = r(4 * h, h)
            arrays[f"lstm{layer}{tag}_b"] = r(4 * h)
        size = 2 * h
    return arrays


def tiny_pack() -> Pack:
    meta = {"name": "tiny", "version": "0", "labels": CLASSES, "hyper": HYPER,
            "vectors": {"id": "table", "dim": 8}}
    return Pack(meta, tiny_arrays(), CHARS)


def embedder() -> TableEmbedder:
    table = np.random.default_rng(1).normal(size=(len(WORDS), 8)).astype(np.float32)
    return TableEmbedder(WORDS, table)


def test_pack_round_trip(tmp_path):
    path = tmp_path / "tiny.tar"
    size = save_pack(tiny_pack(), path)
    assert size == path.stat().st_size
    back = load_pack(path)
    assert back.meta["protocol"] == 1
    assert back.labels == CLASSES
    assert back.chars == CHARS
    for name, value in tiny_arrays().items():
        np.testing.assert_array_equal(back.arrays[name], value)


def _rewrite_meta(src, dst, change):
    with tarfile.open(src) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    meta = json.loads(members["meta.json"])
    change(meta)
    members["meta.json"] = json.dumps(meta).encode()
    with tarfile.open(dst, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def test_protocol_mismatch_is_a_model_error(tmp_path):
    good, bad = tmp_path / "good.tar", tmp_path / "bad.tar"
    save_pack(tiny_pack(), good)
    _rewrite_meta(good, bad, lambda meta: meta.update(protocol=99))
    with pytest.raises(ModelError, match="protocol 99"):
        load_pack(bad)


def test_missing_and_corrupt_packs(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_pack(tmp_path / "nothing.tar")
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all")
    with pytest.raises(ModelError):
        load_pack(junk)


def test_wrong_vectors_are_refused():
    pack = tiny_pack()
    pack.meta["vectors"] = {"id": "navec-other", "dim": 8}
    with pytest.raises(ModelError, match="expects vectors"):
        NumpyNer(pack, embedder())


def test_shapes_and_chars():
    assert shape("Москва") == "cyr_title"
    assert shape("КПСС") == "cyr_upper"
    assert shape("1956") == "digit"
    assert shape("«") == "punct"
    assert shape("iPhone") == "lat_mixed"
    ids, lengths = char_ids(["ЦК", "длиннющееслововсемислов"], {"Ц": 4})
    assert lengths.tolist() == [2, 20]
    assert ids[0, :4].tolist() == [2, 4, 1, 3]


def test_morph_ids_read_pymorphy_tags():
    ids = morph_ids(["NOUN,anim,masc,Sgtm,Surn sing,nomn", "PNCT", ""])
    assert ids.shape == (3, 4)
    assert ids[0].tolist() != ids[1].tolist()
    assert ids[2].tolist() == [0, 23, 34, 37]  # every slot "none"


def test_decode_drops_crossing_spans_and_keeps_nested():
    scores = np.zeros((1, 4, 3, 3), dtype=np.float32)
    scores[0, 0, 1, 1] = 9.0  # tokens 0..1, label A
    scores[0, 1, 1, 2] = 5.0  # tokens 1..2 crosses 0..1: dropped
    scores[0, 1, 0, 2] = 6.0  # token 1 nested in 0..1: kept
    scores[0, 3, 2, 1] = 9.0  # past the end: ignored
    found = decode(scores, np.array([4]), ["O", "A", "B"])
    assert [(i, j, lab) for i, j, lab, _ in found[0]] == [(0, 2, "A"), (1, 2, "B")]


def test_tiny_model_spans_are_valid():
    model = NumpyNer(tiny_pack(), embedder())
    text = "Съезд партии открылся в Москве.\n\nВторой абзац без имён, но с точкой."
    spans = model.predict_text(text)
    assert spans
    doc = segment(Document(text))
    model.tag(doc)  # tags looked up
    tagged = tag_morph(segment(Document(text)))
    model.tag(tagged)  # tags from the morph stage: the same spans
    assert [(m.start, m.end, m.label) for m in tagged.mentions] == [
        (m.start, m.end, m.label) for m in doc.mentions]
    assert {(m.start, m.end, m.label) for m in doc.mentions} == {
        (s, e, lab) for s, e, lab, _ in spans}
    check_spans(doc)
    for s, e, label, p in spans:
        assert label in LABELS and 0 < p <= 1 and text[s:e].strip() == text[s:e]


def test_the_packs_o_bias_raises_the_o_logit():
    text = "Съезд партии открылся в Москве."
    assert NumpyNer(tiny_pack(), embedder()).predict_text(text)
    biased = tiny_pack()
    biased.meta["o_bias"] = 100.0
    assert NumpyNer(biased, embedder()).predict_text(text) == []


def test_a_full_input_cache_never_loses_rows(monkeypatch):
    """Emptying the shipped model's per-word cache while a call still needs cached rows
    changes no prediction."""
    from letopis.exec.ner import default_model

    model = default_model()
    texts = ["Съезд партии открылся в Москве, и делегаты слушали доклад.",
             "Делегаты из Киева слушали доклад в Москве.",
             "Второй день съезда прошёл в Кремле, делегаты спорили."]
    model._proj.clear()
    expected = [model.predict_text(t) for t in texts]
    monkeypatch.setattr(model._proj, "capacity", 12)
    model._proj.clear()
    try:
        for _ in range(2):  # shared words are cache hits while new words overflow it
            for text, want in zip(texts, expected, strict=True):
                got = model.predict_text(text)
                assert [g[:3] for g in got] == [w[:3] for w in want]
                assert np.allclose([g[3] for g in got], [w[3] for w in want], atol=1e-5)
    finally:
        model._proj.clear()


def test_inference_never_imports_torch(tmp_path):
    path = tmp_path / "tiny.tar"
    save_pack(tiny_pack(), path)
    code = (
        "import sys, numpy as np, letopis\n"
        "from letopis.exec.features import TableEmbedder\n"
        "from letopis.exec.ner import NumpyNer\n"
        "from letopis.exec.pack import load_pack\n"
        f"emb = TableEmbedder(['<unk>'], np.ones((1, 8), np.float32))\n"
        f"m = NumpyNer(load_pack({str(path)!r}), emb)\n"
        "m.predict_text('Съезд партии открылся в Москве.')\n"
        "letopis.analyze('Иван Петров приехал в Москву.')\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("name", "check"), [
    ("fast", "assert model is default_model()\n"),
    ("accurate", "assert isinstance(model, EnsembleNer) and len(model.members) == 3\n"
                 "from letopis.exec.e5 import E5Context\n"
                 "tuned = [m for m in model.members if isinstance(m.context, E5Context)]\n"
                 "assert len(tuned) == 1 and '+tuned:' in tuned[0].context.id\n"),
    ("balanced", "assert isinstance(model, EnsembleNer) and len(model.members) == 2\n"),
])
def test_shipped_models_load_once_and_tag_without_torch(name, check):
    code = (
        "import sys\n"
        "from letopis.doc import Document, check_spans\n"
        "from letopis.exec.ner import EnsembleNer, default_model, ner_model\n"
        "from letopis.morph import tag_morph\n"
        "from letopis.segment import segment\n"
        f"model = ner_model({name!r})\n"
        f"assert model is ner_model({name!r})\n"
        + check +
        "text = 'В 1961 году Юрий Гагарин облетел Землю, а ЦК КПСС поздравил его.'\n"
        "doc = model.tag(tag_morph(segment(Document(text))))\n"
        "check_spans(doc)\n"
        "found = {(m.text, m.label) for m in doc.mentions}\n"
        "assert ('Юрий Гагарин', 'PERSON') in found, found\n"
        "assert 'torch' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("word", "expected"), [
    ("экс-мэр", ["экс", "-", "мэр"]),
    ("1999—2001", ["1999", "—", "2001"]),
    ("Ростов-на-Дону", ["Ростов", "-", "на", "-", "Дону"]),
    ("слово", ["слово"]),
    ("-", ["-"]),
    ("—", ["—"]),
    ("-19", ["-19"]),  # a dash at the edge stays
    ("а--б", ["а--б"]),  # so do doubled dashes
])
def test_pieces_split_tokens_at_inner_dashes(word, expected):
    assert [word[a:b] for a, b in pieces(word)] == expected


def test_split_tokens_keeps_whole_tokens_tags_and_tags_the_pieces():
    text = "Экс-мэр Москвы"
    spans, tags = split_tokens(text, [(0, 7), (8, 14)], ["TAG-A", "TAG-B"])
    assert [text[a:b] for a, b in spans] == ["Экс", "-", "мэр", "Москвы"]
    assert tags[3] == "TAG-B"
    assert tags[2] is not None and tags[2].startswith("NOUN")
    assert split_tokens(text, [(8, 14)])[1] == [None]


def test_a_pieces_model_finds_spans_inside_hyphenated_tokens():
    pack = tiny_pack()
    pack.meta["hyper"] = dict(HYPER, pieces=1)
    model = NumpyNer(pack, embedder())
    assert model.pieces and not NumpyNer(tiny_pack(), embedder()).pieces
    text = "Экс-мэр Москвы и вице-премьер партии открылся в Санкт-Петербурге."
    doc = tag_morph(segment(Document(text)))
    model.tag(doc)
    check_spans(doc)
    bounds = {m.start for m in doc.mentions} | {m.end for m in doc.mentions}
    inner = {text.index("мэр"), text.index("-мэр"), text.index("премьер"), text.index("-Пет")}
    assert bounds & inner  # some span starts or ends inside a hyphenated token
    spans = model.predict_text(text)
    assert {(m.start, m.end, m.label) for m in doc.mentions} == {(s, e, lab)
                                                                 for s, e, lab, _ in spans}


def test_an_ensemble_decodes_the_mean_of_its_members_logits():
    from letopis.exec.ner import EnsembleNer

    other = Pack(tiny_pack().meta, tiny_arrays(seed=1), CHARS)  # other weights, same labels
    first, second = NumpyNer(tiny_pack(), embedder()), NumpyNer(other, embedder())
    ensemble = EnsembleNer([first, second])
    sents = [["Съезд", "партии", "открылся", "в", "Москве", "."], ["Москве"]]
    mean = (first.sentence_logits(sents, None).logits
            + second.sentence_logits(sents, None).logits) / 2
    assert np.allclose(ensemble.sentence_logits(sents, None).logits, mean, atol=1e-6)
    text = "Съезд партии открылся в Москве."
    doc = tag_morph(segment(Document(text)))
    ensemble.tag(doc)
    check_spans(doc)
    assert {(m.start, m.end, m.label) for m in doc.mentions} == {
        (s, e, lab) for s, e, lab, _ in ensemble.predict_text(text)}


def test_an_ensemble_refuses_members_that_do_not_match():
    from letopis.exec.ner import EnsembleNer

    other = tiny_pack()
    other.meta["hyper"] = dict(HYPER, max_width=3)
    with pytest.raises(ModelError, match="cannot join"):
        EnsembleNer([NumpyNer(tiny_pack(), embedder()), NumpyNer(other, embedder())])
    with pytest.raises(ModelError):
        EnsembleNer([])


def test_registered_models_and_an_unknown_name():
    from letopis.exec.ner import MODELS, default_model, ner_model, pack_path

    assert ner_model("fast") is default_model()
    assert all(pack_path(name).is_file() for packs in MODELS.values() for name in packs)
    with pytest.raises(ModelError, match="unknown NER model"):
        ner_model("bogus")
