"""``letopis ingest PATH... [--db letopis.db] [--workers N] [--dask ADDRESS]
[--out parquet DIR]``: build a corpus store (or Parquet tables).

Mount with ``app.add_typer(ingest_app)`` (the command is ``ingest``); also runs alone
as ``python -m letopis.cli.ingest``. Exit codes: 0 all files stored or already there;
1 the store cannot be opened or written (read-only, disk full: the run stops, what was
stored stays whole); 2 some file could not be read or analyzed (the others are stored).
The Dask engine and the Parquet output live in ``letopis.dist``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from letopis.cli.options import Calendar, Orthography
from letopis.dist.inputs import count_inputs, read_inputs
from letopis.doc import Meta
from letopis.errors import LetopisError
from letopis.read.batch import one_line
from letopis.read.formats import INPUT_SUFFIXES
from letopis.store.core import Store
from letopis.store.executor import SerialExecutor, make_executor
from letopis.store.ingest import FAILED, Report, Summary, ingest, preload_models

EXIT_STORE = 1
EXIT_INPUT = 2
CHUNK = 4  # documents per worker task (issue 20: fewer messages and wake-ups per document)


def run_meta(orthography: str, calendar: str) -> Meta | None:
    """The settings given for every file of the run (None: auto for both)."""
    meta = Meta(orthography=None if orthography == "auto" else orthography,
                calendar=None if calendar == "auto" else calendar)
    return None if meta.empty() else meta

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command("ingest")
def ingest_command(
    paths: list[str] = typer.Argument(
        ..., metavar="PATH",
        help=f"Files or directories (walked for {', '.join(INPUT_SUFFIXES)}); a .jsonl file "
        "named here holds one document per line ({\"text\": ..., \"source\": ...}).",
    ),
    db: Path = typer.Option(Path("letopis.db"), "--db", help="The SQLite store to fill."),
    workers: int = typer.Option(
        1, "--workers", "-w", min=1, help="Analysis processes (1: analyze in this process).",
    ),
    orthography: Orthography = typer.Option(
        Orthography.auto, "--orthography",
        help="prereform: analyze through modern spelling; modern; auto: detect per document.",
    ),
    calendar: Calendar = typer.Option(
        Calendar.auto, "--calendar",
        help="Calendar of unmarked dates before 1918: julian, gregorian, or auto.",
    ),
    dask: str | None = typer.Option(
        None, "--dask", metavar="ADDRESS",
        help="Analyze on Dask: local[:N] (N worker processes here) or tcp://HOST:PORT "
        "(a running dask scheduler).",
    ),
    out: tuple[str, str] | None = typer.Option(
        None, "--out", metavar="parquet DIR",
        help="Let the Dask workers write Parquet tables into DIR instead of filling --db "
        "(with --dask, else on local:WORKERS).",
    ),
    batch: int = typer.Option(16, "--batch", min=1, help="Documents per Dask task."),
    time_limit: float = typer.Option(
        600.0, "--time-limit", min=1.0,
        help="Seconds one document may take on Dask before it is reported failed.",
    ),
) -> None:
    """Analyze files and add them to a corpus store (stored texts are skipped)."""
    console = Console(stderr=True)
    fmt, folder = out or (None, None)
    if fmt is not None and fmt != "parquet":
        _error(console, f"--out {fmt}: the only output format is parquet")
        raise typer.Exit(EXIT_INPUT)
    meta = run_meta(orthography.value, calendar.value)
    if folder is not None:
        _parquet(console, paths, folder, dask or f"local:{workers}", batch, time_limit, meta)
    store = _open_store(console, db)
    if dask is None:
        executor = make_executor(workers, preload=preload_models, chunk=CHUNK)
    else:
        from letopis.dist.cluster import DaskExecutor

        executor = _dask(console, lambda: DaskExecutor(dask, batch, time_limit), store)
    with store:
        summary = _run(console, executor, count_inputs(list(paths)), lambda report: ingest(
            store, paths, executor, report, roots=paths, meta=meta, read=read_inputs))
    _finish(console, summary, executor)


def _open_store(console: Console, db: Path) -> Store:
    try:
        return Store.open(db)
    except LetopisError as error:
        _error(console, str(error))
        raise typer.Exit(EXIT_STORE) from None


def _dask(console: Console, start: Callable[[], SerialExecutor],
          store: Store | None = None) -> SerialExecutor:
    """Start the Dask executor; a cluster that cannot be reached ends the command (1).

    Dask's own log records (tracebacks of a lost connection) stay off standard error: the
    command reports in one line."""
    _quiet_dask()
    try:
        executor = start()
        _quiet_dask()  # a LocalCluster sets levels of its own
        return executor
    except LetopisError as error:
        if store is not None:
            store.close()
        _error(console, str(error))
        raise typer.Exit(EXIT_STORE) from None


def _quiet_dask() -> None:
    names = [n for n in logging.root.manager.loggerDict if n.startswith("distributed.")]
    for name in ["distributed", *names]:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _run(console: Console, executor: SerialExecutor, total: int,
         work: Callable[[Report], Summary]) -> Summary:
    """Run ``work`` with a progress bar of ``total`` documents; the executor is closed."""
    with executor, _progress(console) as progress:
        task = progress.add_task("ingest", total=total)

        def report(outcome: str, source: str, message: str | None) -> None:
            if outcome == FAILED and message is not None:
                progress.console.print(
                    f"letopis: error: {message}", markup=False, highlight=False, soft_wrap=True,
                )
            progress.advance(task)

        try:
            return work(report)
        except Exception as error:  # a bug must still end in one line, not a traceback
            _error(console, f"internal error: {type(error).__name__}: {error}")
            raise typer.Exit(EXIT_STORE) from None


def _finish(console: Console, summary: Summary, executor: SerialExecutor) -> NoReturn:
    """Notes, the stop line, the summary; then exit with the run's code."""
    restarts = getattr(executor, "restarts", 0)
    if restarts:
        _note(console, f"worker processes died {restarts} time(s); the documents they held"
                       " were analyzed again one at a time")
    splits = getattr(executor, "splits", 0)
    if splits:
        _note(console, f"{splits} batch(es) failed on the cluster (a worker died?); their "
                       "documents were sent again one per task")
    if summary.stopped is not None:
        _error(console, f"{summary.stopped}; stopped")
    _summary(console, summary)
    if summary.stopped is not None:
        raise typer.Exit(EXIT_STORE)
    raise typer.Exit(EXIT_INPUT if summary.failures else 0)


def _parquet(console: Console, paths: list[str], folder: str, address: str, batch: int,
             time_limit: float, meta: Meta | None) -> NoReturn:
    """``--out parquet DIR``: the workers write the tables; the client opens no store."""
    from letopis.dist.cluster import DaskExecutor
    from letopis.dist.parquet import ingest_parquet, prepare_output

    try:
        prepare_output(folder)
    except LetopisError as error:
        _error(console, str(error))
        raise typer.Exit(EXIT_STORE) from None
    executor = _dask(console, lambda: DaskExecutor(address, batch, time_limit))
    summary = _run(console, executor, count_inputs(list(paths)), lambda report: ingest_parquet(
        folder, paths, executor, report, roots=paths, meta=meta))
    _finish(console, summary, executor)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, transient=False,
        disable=not console.is_terminal and not os.environ.get("LETOPIS_PROGRESS"),
    )


def _summary(console: Console, summary: Summary) -> None:
    console.print(
        f"letopis: {summary.added} added, {summary.skipped} already stored, "
        f"{len(summary.failures)} failed", markup=False, highlight=False, soft_wrap=True,
    )


def _note(console: Console, message: str) -> None:
    console.print(f"letopis: note: {message}", markup=False, highlight=False, soft_wrap=True)


def _error(console: Console, message: str) -> None:
    console.print(
        f"letopis: error: {one_line(message)}", markup=False, highlight=False, soft_wrap=True,
    )


if __name__ == "__main__":
    app()
