"""Ingest files into a store: read and hash here, analyze in an executor, write here.

Files whose text is already stored (same sha256) are skipped before analysis. Each
document is written in its own transaction by this process, the only writer, so a run
killed at any moment leaves whole documents only and a re-run completes the corpus.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from letopis.errors import LetopisError
from letopis.read.batch import one_line
from letopis.read.formats import iter_input_paths, read_document
from letopis.store.core import Store
from letopis.store.executor import SerialExecutor
from letopis.store.prepare import Prepared, prepare

ADDED, SKIPPED, FAILED = "added", "skipped", "failed"


@dataclass(frozen=True)
class Job:
    """One read document waiting for analysis."""

    source: str
    text: str


@dataclass(frozen=True)
class Failure:
    """A file that could not be read, analyzed or stored: one line, path first."""

    source: str
    message: str


@dataclass
class Summary:
    """Counts of one ingest run and the failure lines."""

    added: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)


Report = Callable[[str, str, str | None], None]  # (outcome, source, error line or None)


def analyze_job(job: Job) -> Prepared | Failure:
    """Analyze and prepare one document (runs in a worker); any error becomes a Failure."""
    try:
        from letopis.pipeline import analyze

        doc = analyze(job.text, job.source)
        doc.tokens, doc.sentences = [], []  # working layers: not stored, not worth pickling
        return prepare(doc)
    except Exception as error:  # one bad document must not end the run
        kind = "" if isinstance(error, LetopisError) else f"{type(error).__name__}: "
        return Failure(job.source, one_line(f"{job.source}: {kind}{error}"))


def ingest(
    store: Store, paths: Iterable[str | os.PathLike[str]],
    executor: SerialExecutor | None = None, report: Report | None = None,
    analyze: Callable[[Job], Prepared | Failure] = analyze_job,
) -> Summary:
    """Add every file under ``paths`` to ``store``; ``report`` hears of each file."""
    summary = Summary()
    tell: Report = report or (lambda outcome, source, message: None)

    def fail(failure: Failure) -> None:
        summary.failures.append(failure)
        tell(FAILED, failure.source, failure.message)

    def jobs() -> Iterator[Job]:
        seen: set[str] = set()
        for path in iter_input_paths(paths):
            try:
                doc = read_document(path)
            except LetopisError as error:
                fail(Failure(path, one_line(str(error))))
                continue
            if doc.id in seen or store.has(doc.id):
                summary.skipped += 1
                tell(SKIPPED, path, None)
                continue
            seen.add(doc.id)
            yield Job(path, doc.text)

    for result in (executor or SerialExecutor()).map_unordered(analyze, jobs()):
        if isinstance(result, Failure):
            fail(result)
            continue
        _store(store, result, summary, tell, fail)
    return summary


def _store(
    store: Store, item: Prepared, summary: Summary, tell: Report,
    fail: Callable[[Failure], None],
) -> None:
    source = item.doc.source or item.doc.id
    try:
        added = store.add(item)
    except LetopisError as error:
        fail(Failure(source, one_line(str(error))))
        return
    summary.added += added
    summary.skipped += not added
    tell(ADDED if added else SKIPPED, source, None)
