"""Paths to inputs: directories walked for text files; files checked, then read safely.

Only regular files are read: a FIFO, socket or device (``/dev/zero``) is refused with a
one-line ReadError, before it is opened; no file over ``MAX_FILE_BYTES`` is read, and no
more than that is ever read. ``display_name`` makes any path (a cp1251 file name too)
safe to store and print.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from letopis.errors import ReadError

# Suffixes picked up inside directories (compared case-insensitively).
TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".text")
# The most bytes read from one input file.
MAX_FILE_BYTES = 100 * 2**20


def iter_paths(
    paths: Iterable[str | os.PathLike[str]], suffixes: tuple[str, ...] = TEXT_SUFFIXES
) -> Iterator[str]:
    """Each path as a string; a directory is replaced by its text files.

    Directories are walked recursively in sorted order and yield only files whose
    suffix is in ``suffixes`` (default ``TEXT_SUFFIXES``); hidden files and directories
    (a leading dot) are skipped. A directory that cannot be listed is yielded itself, so
    that reading it reports the problem instead of losing its files silently. Anything
    else is yielded as given, whatever its extension and whether or not it exists.
    """
    for path in paths:
        name = os.fspath(path)
        if os.path.isdir(name):
            yield from _walk(name, suffixes)
        else:
            yield name


def _walk(root: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    found: list[tuple[tuple[str, ...], str]] = []
    unlisted: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=unlisted.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or not name.lower().endswith(suffixes):
                continue
            path = os.path.join(folder, name)
            found.append((Path(os.path.relpath(path, root)).parts, path))
    for error in unlisted:
        path = os.fspath(error.filename or root)
        found.append((Path(os.path.relpath(path, root)).parts, path))
    for _, path in sorted(found):
        yield path


def display_name(path: str) -> str:
    r"""``path`` as text that can be stored and printed anywhere.

    A file name that is not UTF-8 (a cp1251 name from an old archive) reaches Python
    with its bytes as lone surrogates, which neither SQLite nor a UTF-8 terminal accept;
    those bytes are written ``\xNN`` (``\xcf\xe8\xf1\xfc\xec\xee.txt``). A UTF-8 path
    is returned unchanged.
    """
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def file_problem(info: os.stat_result, limit: int = MAX_FILE_BYTES) -> str | None:
    """Why a file with this ``stat`` is not read as an input (not a regular file, over
    ``limit`` bytes), or None."""
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        return "is a directory"
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "a special file")
        return f"not a regular file ({kind}); not read"
    if info.st_size > limit:
        return f"file too large: {_mib(info.st_size)} (the input limit is {_mib(limit)})"
    return None


def check_file(path: str, limit: int = MAX_FILE_BYTES) -> None:
    """ReadError unless ``path`` is a regular file of at most ``limit`` bytes (stat only)."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise _os_error(path, error) from None
    if stat.S_ISDIR(info.st_mode) and not os.access(path, os.R_OK | os.X_OK):
        raise ReadError(f"{display_name(path)}: directory cannot be read: permission denied")
    problem = file_problem(info, limit)
    if problem is not None:
        raise ReadError(f"{display_name(path)}: {problem}")


def read_file(path: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; else ReadError.

    FIFOs, sockets and devices are refused before they are opened; the file is then
    opened without blocking (a FIFO swapped in meanwhile cannot stall the run), checked
    again on the open handle, and at most ``limit + 1`` bytes are read (a file that grew
    past the limit is refused, not truncated).
    """
    check_file(path, limit)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise _os_error(path, error) from None
    with os.fdopen(fd, "rb") as handle:
        problem = file_problem(os.fstat(fd), limit)
        if problem is not None:
            raise ReadError(f"{display_name(path)}: {problem}")
        if _NONBLOCK:
            os.set_blocking(fd, True)
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise _os_error(path, error) from None
    if len(data) > limit:
        raise ReadError(f"{display_name(path)}: file too large: over the input limit of "
                        f"{_mib(limit)}")
    return data


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
)


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB" if size % 2**20 else f"{size // 2**20} MiB"


def _os_error(path: str, error: OSError) -> ReadError:
    name = display_name(path)
    if isinstance(error, FileNotFoundError):
        return ReadError(f"{name}: no such file")
    if isinstance(error, PermissionError):
        return ReadError(f"{name}: permission denied")
    return ReadError(f"{name}: {error.strerror or error}")
