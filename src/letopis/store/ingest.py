"""Ingest files into a store: read and hash here, analyze in an executor, write here.

Files whose text is already stored (same sha256) are skipped before analysis. This
process, the only writer, writes the documents that arrive together (one, or the chunk
a worker process sends back) in one transaction, each under its own savepoint, so a run
killed at any moment leaves whole documents only and a re-run completes the corpus.
Only regular files are read (FIFOs and devices are failures); a source name that is not
UTF-8 is stored with its odd bytes as ``\\xNN`` (``letopis.read.walk.display_name``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from letopis.doc import Document, Meta
from letopis.errors import LetopisError
from letopis.read.batch import one_line
from letopis.read.formats import iter_input_paths, read_document
from letopis.read.meta import merge_meta, read_meta, relative_source
from letopis.read.walk import check_file, display_name
from letopis.store.core import Store
from letopis.store.errors import StorageError
from letopis.store.executor import SerialExecutor, WorkerError
from letopis.store.prepare import Prepared, prepare

ADDED, SKIPPED, FAILED = "added", "skipped", "failed"


@dataclass(frozen=True)
class Job:
    """One read document waiting for analysis."""

    source: str
    text: str
    meta: Meta | None = None  # what the file says of itself (a TEI header, DOCX properties)
    name: str | None = None  # the stored name: never an absolute path (None: ``source``)


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
    stopped: str | None = None  # why the run stopped early (the store failed), one line


Report = Callable[[str, str, str | None], None]  # (outcome, source, error line or None)
# (files, the paths given, known(id), skip(source), fail(failure), run meta) -> Jobs
JobReader = Callable[
    [list[str], list[str], Callable[[str], bool], Callable[[str], None],
     Callable[[Failure], None], Meta | None],
    Iterator[Job],
]


def analyze_job(job: Job) -> Prepared | Failure:
    """Analyze and prepare one document (runs in a worker); any error becomes a Failure."""
    try:
        from letopis.pipeline import analyze

        name = job.name or job.source
        if job.meta is None or job.meta.empty():
            doc = analyze(job.text, name)
        else:
            doc = analyze(job.text, name, meta=job.meta)
        prepared = prepare(doc)
        slim(prepared.doc)
        return prepared
    except Exception as error:  # one bad document must not end the run
        kind = "" if isinstance(error, LetopisError) else f"{type(error).__name__}: "
        return Failure(job.source, one_line(f"{job.source}: {kind}{error}"))


def slim(doc: Document) -> None:
    """Drop what the writer does not read (working layers, the mention index, canonical
    names): not stored, not worth pickling back from a worker."""
    doc.tokens, doc.sentences, doc.normals, doc._persons = [], [], {}, None
    doc._index, doc._indexed = {}, -1  # rebuilt by add_mention when needed


def preload_models() -> None:
    """Load the default pipeline's models and lexicons (before worker processes fork)."""
    from letopis.pipeline import analyze

    analyze("Вчера Иван Петров приехал в Москву и встретился с министром 5 мая 1956 года.")


def ingest(
    store: Store, paths: Iterable[str | os.PathLike[str]],
    executor: SerialExecutor | None = None, report: Report | None = None,
    analyze: Callable[[Job], Prepared | Failure] = analyze_job,
    roots: Iterable[str | os.PathLike[str]] | None = None, meta: Meta | None = None,
    read: JobReader | None = None,
) -> Summary:
    """Add every file under ``paths`` to ``store``; ``report`` hears of each file.

    A file that cannot be read, analyzed or stored is a Failure and the run goes on; when
    the store itself fails (disk full, I/O error) or workers keep dying, the run stops
    and ``Summary.stopped`` says why. Either way every stored document is whole.
    Documents are stored under names that hold no absolute path: relative to the working
    directory, or to the folder of ``roots`` (the paths the user gave) they came from.
    ``meta`` (orthography, calendar for the whole run) wins over what a file says.
    ``read`` turns the paths into Jobs (default ``read_jobs``; the Dask engine's reader
    also takes JSON Lines).
    """
    summary = Summary()
    tell: Report = report or (lambda outcome, source, message: None)

    def fail(failure: Failure) -> None:
        summary.failures.append(failure)
        tell(FAILED, failure.source, failure.message)

    files = [os.fspath(p) for p in paths]
    given = files if roots is None else [os.fspath(p) for p in roots]

    def skip(source: str) -> None:
        summary.skipped += 1
        tell(SKIPPED, source, None)

    jobs = (read or read_jobs)(files, given, store.has, skip, fail, meta)
    try:
        for batch in _batches(executor or SerialExecutor(), analyze, jobs):
            for failure in (r for r in batch if isinstance(r, Failure)):
                fail(failure)
            _store_all(store, [r for r in batch if not isinstance(r, Failure)], summary,
                       tell, fail)
    except (StorageError, WorkerError) as error:
        summary.stopped = one_line(str(error))
    return summary


def read_jobs(
    files: list[str], given: list[str], known: Callable[[str], bool],
    skip: Callable[[str], None], fail: Callable[[Failure], None], meta: Meta | None,
) -> Iterator[Job]:
    """Read every file under ``files`` into a Job, lazily; ``known(id)`` texts are skipped.

    A file that cannot be read goes to ``fail``; a text already stored (``known``) or
    already seen in this run goes to ``skip`` (its display name). ``given`` are the paths
    the user gave, for the stored names.
    """
    seen: set[str] = set()
    for path in iter_input_paths(files):
        source = display_name(path)
        try:
            check_file(path)
            doc = read_document(path)
        except LetopisError as error:
            fail(Failure(source, _message(path, source, error)))
            continue
        if doc.id in seen or known(doc.id):
            skip(source)
            continue
        seen.add(doc.id)
        yield Job(source, doc.text, merge_meta(read_meta(path), meta),
                  display_name(relative_source(path, given)))


def lost_job(job: Job) -> Failure:
    """The Failure of a document whose worker process died analyzing it, even alone."""
    return Failure(job.source, one_line(
        f"{job.source}: the worker process analyzing it died (killed, out of memory?)"))


def _message(path: str, source: str, error: LetopisError) -> str:
    """The error's one line, naming the file as ``source`` (the storable name)."""
    text = str(error)
    if path != source and text.startswith(path):
        text = source + text[len(path):]
    return one_line(text)


def _batches(
    executor: SerialExecutor, analyze: Callable[[Job], Prepared | Failure],
    jobs: Iterator[Job],
) -> Iterator[list[Prepared | Failure]]:
    """The results in the lists they arrive in (``map_batches``), else one by one."""
    batches = getattr(executor, "map_batches", None)
    if batches is not None:
        return batches(analyze, jobs, lost=lost_job)
    return ([result] for result in executor.map_unordered(analyze, jobs, lost=lost_job))


def _store_all(
    store: Store, items: list[Prepared], summary: Summary, tell: Report,
    fail: Callable[[Failure], None],
) -> None:
    """Write the documents that arrived together in one transaction (one alone: its own)."""
    if len(items) <= 1:
        for item in items:
            _store(store, item, summary, tell, fail)
        return
    try:
        outcomes = store.add_many(items)
    except StorageError:
        raise
    except LetopisError:  # the batch could not be written together: each on its own
        for item in items:
            _store(store, item, summary, tell, fail)
        return
    for item, outcome in zip(items, outcomes, strict=True):
        source = item.doc.source or item.doc.id
        if isinstance(outcome, LetopisError):
            fail(Failure(source, one_line(str(outcome))))
            continue
        summary.added += outcome
        summary.skipped += not outcome
        tell(ADDED if outcome else SKIPPED, source, None)


def _store(
    store: Store, item: Prepared, summary: Summary, tell: Report,
    fail: Callable[[Failure], None],
) -> None:
    """Write one document; a StorageError (the store failed) goes up to stop the run."""
    source = item.doc.source or item.doc.id
    try:
        added = store.add(item)
    except StorageError:
        raise
    except LetopisError as error:
        fail(Failure(source, one_line(str(error))))
        return
    summary.added += added
    summary.skipped += not added
    tell(ADDED if added else SKIPPED, source, None)
