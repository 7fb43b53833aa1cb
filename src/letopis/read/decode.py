"""Bytes to text: byte order marks, UTF-8, then the likeliest Cyrillic code page.

The decoded text is returned exactly as the bytes say: newlines are not normalised and
nothing is stripped but a leading byte order mark.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from letopis.errors import ReadError
from letopis.read.score import best_decoding
from letopis.read.sniff import SAMPLE, binary_kind, sniff_utf16, sniff_utf32, split_bom

# charset-normalizer is asked only about non-Cyrillic data with this many high bytes.
MIN_HIGH = 8
# Text with more than this share of U+FFFD after decoding is treated as binary.
MAX_REPLACED = 0.25


@dataclass(frozen=True)
class Decoded:
    """A decoded text and the codec that produced it."""

    text: str
    encoding: str
    replaced: int = 0  # number of undecodable sequences turned into U+FFFD


def decode_bytes(data: bytes, source: str = "<bytes>", encoding: str | None = None) -> Decoded:
    """Decode ``data`` (see the module docstring); ReadError if it is not text.

    ``encoding`` forces a codec (undecodable bytes are replaced); ``source`` names the
    data in error messages.
    """
    decoded = _detect(data, source) if encoding is None else _forced(data, source, encoding)
    if decoded.text and decoded.text.count("\ufffd") > MAX_REPLACED * len(decoded.text):
        raise ReadError(f"{source}: not a text file: mostly undecodable bytes")
    return decoded


def _detect(data: bytes, source: str) -> Decoded:
    if not data:
        return Decoded("", "utf-8")
    codec, body = split_bom(data)
    if codec is None:
        codec = sniff_utf32(data) or sniff_utf16(data)
    if codec is not None:
        return _decode(body, codec)
    kind = binary_kind(data)
    if kind is not None:
        raise ReadError(f"{source}: not a text file: looks like {kind}")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _mostly_utf8(data) or _single_byte(data)


def _forced(data: bytes, source: str, encoding: str) -> Decoded:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise ReadError(f"{source}: unknown encoding {encoding!r}") from None
    wide = codec.startswith(("utf-16", "utf-32"))
    kind = None if wide else binary_kind(data)
    if kind is not None:
        raise ReadError(f"{source}: not a text file: looks like {kind}")
    decoded = _decode(data, codec)
    if decoded.text.startswith("\ufeff"):
        return Decoded(decoded.text[1:], codec, decoded.replaced)
    return decoded


def _decode(data: bytes, codec: str) -> Decoded:
    """Strict decoding, or decoding with replacement characters if that fails."""
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError:
        text = data.decode(codec, "replace")
        return Decoded(text, codec, max(1, text.count("\ufffd")))


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few broken sequences (at most one per four good non-ASCII chars)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if good >= 4 * bad:
        return Decoded(text, "utf-8", bad)
    return None


def _single_byte(data: bytes) -> Decoded:
    """The likeliest Cyrillic code page; charset-normalizer if none looks Russian."""
    sample = data[:SAMPLE]
    _, score = best_decoding(sample)
    high = len(sample) - len(sample.decode("ascii", "ignore"))
    if not score.cyrillic and high >= MIN_HIGH:
        other = _charset_normalizer(data)
        if other is not None:
            return other
    return _decode(data, score.encoding)


def _charset_normalizer(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        return None
    decoded = _decode(data, match.encoding)
    if decoded.text.startswith("\ufeff"):
        return Decoded(decoded.text[1:], decoded.encoding, decoded.replaced)
    return decoded
