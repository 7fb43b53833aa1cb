"""Byte-level sniffing: byte order marks, BOM-less UTF-16 and binary data."""

from __future__ import annotations

import codecs

SAMPLE = 65_536

# (BOM, codec); UTF-32 first since its little-endian BOM starts with UTF-16's.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (docx, odt, epub, ...)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\x7fELF", "an ELF executable"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (doc, xls)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "a Mach-O executable"),
    (b"OggS", "an Ogg media file"),
    (b"fLaC", "a FLAC audio file"),
    (b"ID3\x03\x00", "an MP3 audio file"),
    (b"ID3\x04\x00", "an MP3 audio file"),
    (b"\x93NUMPY", "a NumPy array"),
)

# C0 controls other than \t \n \v \f \r and ESC, plus DEL.
_CONTROLS = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}))


def split_bom(data: bytes) -> tuple[str | None, bytes]:
    """The codec named by a leading byte order mark and the data without it."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, data[len(bom):]
    return None, data


def sniff_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for BOM-less UTF-16 Russian or ASCII text, else None.

    In such text nearly every high byte of a code unit is 0x00 (ASCII) or 0x04
    (Cyrillic), while its low bytes vary.
    """
    sample = data[:SAMPLE]
    if len(sample) < 4 or len(sample) % 2:
        return None
    for codec, high, low in (("utf-16-le", sample[1::2], sample[0::2]),
                             ("utf-16-be", sample[0::2], sample[1::2])):
        zero_or_four = sum(1 for b in high if b in (0x00, 0x04))
        if zero_or_four >= 0.9 * len(high) and high.count(0) >= 0.05 * len(high) \
                and low.count(0) <= 0.05 * len(low):
            return codec
    return None


def sniff_utf32(data: bytes) -> str | None:
    """``utf-32-le``/``-be`` for BOM-less UTF-32 Russian or ASCII text, else None.

    In such text every code unit is ``xx 00|04 00 00`` (little-endian) or its mirror.
    """
    sample = data[:SAMPLE - SAMPLE % 4]
    if len(sample) < 8 or len(data) % 4:
        return None
    units = len(sample) // 4
    for codec, zeros, middle, low in (("utf-32-le", (2, 3), 1, 0), ("utf-32-be", (0, 1), 2, 3)):
        if all(not any(sample[z::4]) for z in zeros) and sample[low::4].count(0) <= units // 20 \
                and sum(1 for b in sample[middle::4] if b in (0x00, 0x04)) >= 0.9 * units:
            return codec
    return None


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` looks binary (a short phrase), or None if it may be text."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    sample = data[:SAMPLE]
    if not sample:
        return None
    if sample.count(0) > 0.01 * len(sample) + 1:
        return "binary data (NUL bytes)"
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    if controls > 0.05 * len(sample) + 1:
        return "binary data (control bytes)"
    return None
