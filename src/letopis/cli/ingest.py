"""``letopis ingest PATH... [--db letopis.db] [--workers N]``: build a corpus store.

Mount with ``app.add_typer(ingest_app)`` (the command is ``ingest``); also runs alone
as ``python -m letopis.cli.ingest``. Exit codes: 0 all files stored or already there;
1 the store cannot be opened or written (read-only, disk full: the run stops, what was
stored stays whole); 2 some file could not be read or analyzed (the others are stored).
"""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from letopis.cli.options import Calendar, Orthography
from letopis.doc import Meta
from letopis.errors import LetopisError
from letopis.read.batch import one_line
from letopis.read.formats import INPUT_SUFFIXES, iter_input_paths
from letopis.store.core import Store
from letopis.store.executor import make_executor
from letopis.store.ingest import FAILED, Summary, ingest

EXIT_STORE = 1
EXIT_INPUT = 2


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
        help=f"Files or directories (walked for {', '.join(INPUT_SUFFIXES)}).",
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
) -> None:
    """Analyze files and add them to a corpus store (stored texts are skipped)."""
    console = Console(stderr=True)
    try:
        store = Store.open(db)
    except LetopisError as error:
        _error(console, str(error))
        raise typer.Exit(EXIT_STORE) from None
    files = list(iter_input_paths(paths))
    with store, make_executor(workers) as executor, _progress(console) as progress:
        task = progress.add_task("ingest", total=len(files))

        def report(outcome: str, source: str, message: str | None) -> None:
            if outcome == FAILED and message is not None:
                progress.console.print(
                    f"letopis: error: {message}", markup=False, highlight=False, soft_wrap=True,
                )
            progress.advance(task)

        try:
            summary = ingest(store, files, executor, report, roots=paths,
                             meta=run_meta(orthography.value, calendar.value))
        except Exception as error:  # a bug must still end in one line, not a traceback
            _error(console, f"internal error: {type(error).__name__}: {error}")
            raise typer.Exit(EXIT_STORE) from None
    restarts = getattr(executor, "restarts", 0)
    if restarts:
        _note(console, f"worker processes died {restarts} time(s); the documents they held"
                       " were analyzed again one at a time")
    if summary.stopped is not None:
        _error(console, f"{summary.stopped}; stopped")
    _summary(console, summary)
    if summary.stopped is not None:
        raise typer.Exit(EXIT_STORE)
    raise typer.Exit(EXIT_INPUT if summary.failures else 0)


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
