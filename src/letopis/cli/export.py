"""``letopis export --db letopis.db --format FMT -o OUT``: export a whole corpus store.

Mount with ``app.add_typer(export_app)`` (the command is ``export``); also runs alone as
``python -m letopis.cli.export``. The store is opened read-only. Exit codes: 0 written;
1 the output cannot be written; 2 a missing store or an unknown format.
"""

from __future__ import annotations

from pathlib import Path

import typer

from letopis.errors import LetopisError
from letopis.export.corpus import CORPUS_FORMATS, export_store
from letopis.read.batch import one_line

EXIT_OUTPUT = 1
EXIT_USAGE = 2

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command("export")
def export_command(
    db: Path = typer.Option(..., "--db", help="The SQLite corpus store (read-only)."),
    fmt: str = typer.Option(
        ..., "--format", "-f", help=f"One of {', '.join(CORPUS_FORMATS)}.",
    ),
    out: Path = typer.Option(
        ..., "--output", "-o",
        help="Output file (tei, jsonld, gexf, graphml) or directory (csv, brat).",
    ),
) -> None:
    """Export every document of a corpus store in one format."""
    if fmt not in CORPUS_FORMATS:
        _error(f"unknown format {fmt!r}; choose one of {', '.join(CORPUS_FORMATS)}")
        raise typer.Exit(EXIT_USAGE)
    if not db.is_file():
        _error(f"{db}: no such store")
        raise typer.Exit(EXIT_USAGE)
    try:
        written = export_store(db, fmt, out)
    except LetopisError as error:
        _error(str(error))
        raise typer.Exit(EXIT_OUTPUT) from None
    except Exception as error:  # one line, never a traceback
        _error(f"cannot export {fmt}: {type(error).__name__}: {error}")
        raise typer.Exit(EXIT_OUTPUT) from None
    typer.echo(f"letopis: {fmt}: {len(written)} file(s) written to {out}", err=True)


def _error(message: str) -> None:
    typer.echo(f"letopis: error: {one_line(message)}", err=True)


if __name__ == "__main__":
    app()
