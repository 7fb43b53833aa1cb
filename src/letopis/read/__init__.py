"""Reading text files: encoding detection, binary refusal, directory walking.

``read_path`` and ``read_bytes`` return a Document whose text is exactly the decoded
file (a leading byte order mark removed, nothing else changed); ``iter_paths`` expands
directories. Everything that cannot be read raises ``letopis.errors.ReadError`` whose
one-line message starts with the path.
"""

from __future__ import annotations

import os

from letopis.doc import Document
from letopis.read.decode import Decoded, decode_bytes
from letopis.read.walk import MAX_FILE_BYTES, TEXT_SUFFIXES, iter_paths, read_file

__all__ = [
    "MAX_FILE_BYTES", "TEXT_SUFFIXES", "Decoded", "decode_bytes", "iter_paths", "read_bytes",
    "read_path",
]


def read_bytes(data: bytes, source: str, encoding: str | None = None) -> Document:
    """A Document of ``data`` decoded (detected, or as ``encoding``); ``source`` names it."""
    return Document(decode_bytes(data, source, encoding).text, source)


def read_path(path: str | os.PathLike[str], encoding: str | None = None) -> Document:
    """Read a file into a Document whose ``source`` is the path as given."""
    source = os.fspath(path)
    return read_bytes(load_bytes(source), source, encoding)


def load_bytes(path: str) -> bytes:
    """The bytes of a regular file (at most ``MAX_FILE_BYTES``); ReadError (one line,
    starting with the path) if it is missing, unreadable, special or too large."""
    return read_file(path)
