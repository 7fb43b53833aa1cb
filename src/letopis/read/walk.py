"""Expand command-line paths: directories are walked for text files."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

# Suffixes picked up inside directories (compared case-insensitively).
TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".text")


def iter_paths(
    paths: Iterable[str | os.PathLike[str]], suffixes: tuple[str, ...] = TEXT_SUFFIXES
) -> Iterator[str]:
    """Each path as a string; a directory is replaced by its text files.

    Directories are walked recursively in sorted order and yield only files whose
    suffix is in ``suffixes`` (default ``TEXT_SUFFIXES``); hidden files and directories
    (a leading dot) are skipped. Anything else is yielded as given, whatever its
    extension and whether or not it exists, so that reading it reports the problem.
    """
    for path in paths:
        name = os.fspath(path)
        if os.path.isdir(name):
            yield from _walk(name, suffixes)
        else:
            yield name


def _walk(root: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    found: list[tuple[tuple[str, ...], str]] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or not name.lower().endswith(suffixes):
                continue
            path = os.path.join(folder, name)
            found.append((Path(os.path.relpath(path, root)).parts, path))
    for _, path in sorted(found):
        yield path
