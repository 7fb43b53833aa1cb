"""Model packs: one tar with ``meta.json``, ``arrays.npz`` and ``chars.txt``.

``meta.json`` holds the protocol version, the model name and version, the labels, the
hyper-parameters and the id of the word vectors the model expects (those are not in the
pack: navec is plugged in at load time). Loading checks the protocol and raises
ModelError with a one-line message on anything wrong.
"""

from __future__ import annotations

import io
import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from letopis.errors import ModelError

PROTOCOL = 1
KIND = "letopis.ner.span"
MAX_BYTES = 30 * 1024 * 1024


@dataclass
class Pack:
    """What a pack holds: meta data, weight arrays and the character vocabulary."""

    meta: dict[str, Any]
    arrays: dict[str, np.ndarray]
    chars: list[str] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        """Class names; index 0 is the ``O`` (no entity) class."""
        return list(self.meta["labels"])

    @property
    def hyper(self) -> dict[str, Any]:
        """The hyper-parameters the arrays were built with."""
        return dict(self.meta["hyper"])


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def save_pack(pack: Pack, path: str | Path, kind: str = KIND) -> int:
    """Write the pack (a NER pack unless ``kind`` says otherwise); returns its size in
    bytes."""
    meta = {**pack.meta, "protocol": PROTOCOL, "kind": kind}
    buffer = io.BytesIO()
    arrays: dict[str, Any] = {k: np.asarray(v) for k, v in pack.arrays.items()}
    np.savez_compressed(buffer, **arrays)
    path = Path(path)
    with tarfile.open(path, "w") as tar:
        _add(tar, "meta.json", json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
        _add(tar, "arrays.npz", buffer.getvalue())
        _add(tar, "chars.txt", "".join(ch + "\n" for ch in pack.chars).encode("utf-8"))
    return path.stat().st_size


def _member(tar: tarfile.TarFile, name: str, where: str) -> bytes:
    try:
        handle = tar.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise ModelError(f"model pack {where} has no {name}")
    return handle.read()


def _read_chars(data: bytes) -> list[str]:
    # one character per line; the character may itself be a line break
    text = data.decode("utf-8")
    out, i = [], 0
    while i < len(text):
        out.append(text[i])
        i += 2
    return out


def load_pack(path: str | Path, kind: str = KIND) -> Pack:
    """Read and check a pack of ``kind`` (a NER pack unless said); ModelError if missing,
    corrupt, of another protocol or of another kind."""
    where = Path(path).name
    try:
        with tarfile.open(path, "r") as tar:
            meta = json.loads(_member(tar, "meta.json", where).decode("utf-8"))
            raw = _member(tar, "arrays.npz", where)
            chars = _read_chars(_member(tar, "chars.txt", where))
    except FileNotFoundError:
        raise ModelError(f"model pack not found: {where}") from None
    except (tarfile.TarError, OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"model pack {where} is corrupt: {error}") from None
    check_meta(meta, where, kind)
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except (ValueError, OSError) as error:
        raise ModelError(f"model pack {where} has unreadable arrays: {error}") from None
    return Pack(meta, arrays, chars)


def check_meta(meta: Any, where: str, kind: str = KIND) -> None:
    """ModelError unless ``meta`` is a dict of this protocol and kind with the needed keys."""
    if not isinstance(meta, dict):
        raise ModelError(f"model pack {where}: meta.json is not an object")
    if meta.get("protocol") != PROTOCOL:
        raise ModelError(
            f"model pack {where} has protocol {meta.get('protocol')!r}, "
            f"this letopis reads protocol {PROTOCOL}"
        )
    if meta.get("kind") != kind:
        raise ModelError(f"model pack {where} is a {meta.get('kind')!r}, not a {kind}")
    need = ("name", "version", "labels", "hyper") + (("vectors",) if kind == KIND else ())
    missing = [k for k in need if k not in meta]
    if missing:
        raise ModelError(f"model pack {where}: meta.json lacks {', '.join(missing)}")
