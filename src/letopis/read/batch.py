"""Read and analyze many inputs, one outcome each: a document or a one-line error.

This is the work behind ``letopis analyze``: a file that cannot be read or analyzed
becomes an error outcome and the run goes on with the next one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from letopis.doc import Document, Meta
from letopis.errors import LetopisError, ReadError
from letopis.read import read_bytes

STDIN = "-"
STDIN_SOURCE = "<stdin>"

Analyzer = Callable[..., Document]  # (text, source) and, when metadata is known, meta=


@dataclass
class Outcome:
    """What became of one input: its analyzed document, or an error line."""

    source: str
    doc: Document | None = None
    error: str | None = None  # one line, starting with the input's name


def one_line(message: str) -> str:
    """``message`` with line breaks and lone surrogates escaped: one printable line."""
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")
    return message.replace("\r", "\\r").replace("\n", "\\n")


def load_input(name: str, stdin: BinaryIO | None = None, encoding: str | None = None) -> Document:
    """Read one input: a file path, or ``-`` for ``stdin`` (bytes, same decoding).

    A file goes through the reader its suffix names, as in ``letopis ingest``
    (``letopis.read.formats``: the visible text of HTML, DOCX, PDF and TEI), and keeps
    the metadata it carries (``letopis.read.meta``)."""
    if name != STDIN:
        from letopis.read.formats import read_document
        from letopis.read.meta import read_meta

        doc = read_document(name, encoding)
        doc.meta = read_meta(name)
        return doc
    if stdin is None:
        raise ReadError(f"{STDIN_SOURCE}: no standard input")
    return read_bytes(stdin.read(), STDIN_SOURCE, encoding)


def expand_inputs(names: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """(input, None) per file to read, or (directory, error) for a directory without text."""
    for name in names:
        if name != STDIN and os.path.isdir(name):
            from letopis.read.formats import INPUT_SUFFIXES, iter_input_paths

            found = list(iter_input_paths([name]))
            if not found:
                kinds = ", ".join(INPUT_SUFFIXES)
                yield name, f"{name}: directory holds no files to read ({kinds})"
            for path in found:
                yield path, None
        else:
            yield name, None


def analyze_inputs(
    names: Iterable[str], *, stdin: BinaryIO | None = None, encoding: str | None = None,
    analyze: Analyzer | None = None, meta: Meta | None = None,
) -> Iterator[Outcome]:
    """Read and analyze each input in turn (directories walked, ``-`` is ``stdin``).

    Every failure (unreadable or binary file, an error inside the pipeline) becomes an
    Outcome with a one-line ``error``; nothing is raised for a single bad input.
    """
    run = analyze or _default_analyzer()
    for name, problem in expand_inputs(names):
        if problem is not None:
            yield Outcome(name, error=one_line(problem))
            continue
        yield analyze_one(name, run, stdin, encoding, meta)


def analyze_one(
    name: str, analyze: Analyzer, stdin: BinaryIO | None = None, encoding: str | None = None,
    meta: Meta | None = None,
) -> Outcome:
    """Read and analyze one input; any failure becomes the outcome's error line.

    ``meta`` (from the command line) overrides, field by field, what the file says."""
    source = STDIN_SOURCE if name == STDIN else name
    return _guarded(source, lambda: run_with_meta(
        analyze, load_input(name, stdin, encoding), meta))


def run_with_meta(analyze: Analyzer, doc: Document, meta: Meta | None = None) -> Document:
    """``analyze(text, source)``, with ``meta=`` when the document or ``meta`` holds some."""
    from letopis.read.meta import merge_meta

    merged = merge_meta(doc.meta, meta)
    if merged.empty():
        return analyze(doc.text, doc.source)
    return analyze(doc.text, doc.source, meta=merged)


def analyze_document(
    doc: Document, analyze: Analyzer | None = None, meta: Meta | None = None,
) -> Outcome:
    """Analyze an already read document (the bundled sample, for instance)."""
    run = analyze or _default_analyzer()
    return _guarded(doc.source or "<text>", lambda: run_with_meta(run, doc, meta))


def _guarded(source: str, work: Callable[[], Document]) -> Outcome:
    """Run ``work``; any exception becomes a one-line error naming ``source``."""
    try:
        return Outcome(source, work())
    except ReadError as error:
        message = str(error)
    except LetopisError as error:
        message = f"{source}: {error}"
    except OSError as error:
        message = f"{source}: {error.strerror or error}"
    except Exception as error:  # one bad input must not end the run
        message = f"{source}: internal error: {type(error).__name__}: {error}"
    return Outcome(source, error=one_line(message))


def _default_analyzer() -> Analyzer:
    """``letopis.pipeline.analyze``, looked up at call time."""
    from letopis import pipeline

    return pipeline.analyze
