"""``letopis store load DIR --db X.db``: build a SQLite store from Parquet output.

DIR is what ``letopis ingest ... --out parquet DIR`` wrote (``letopis.dist.parquet``).
Each document goes through the store's own write path (``Store.add``: one transaction
per document, stored texts skipped), so a killed load resumes on re-run. Exit codes as
``letopis ingest``: 0 all stored or already there; 1 the store or DIR cannot be used;
2 some document could not be stored.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from letopis.cli.ingest import EXIT_STORE, _error, _finish, _open_store, _run
from letopis.errors import LetopisError
from letopis.store.executor import SerialExecutor

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False,
                  help="Corpus store utilities.", no_args_is_help=True)


@app.command("load")
def load_command(
    folder: Path = typer.Argument(..., metavar="DIR", help="A --out parquet folder."),
    db: Path = typer.Option(Path("letopis.db"), "--db", help="The SQLite store to fill."),
) -> None:
    """Add the documents of a Parquet output to a store (stored texts are skipped)."""
    from letopis.dist.parquet import ParquetError, document_count, load

    console = Console(stderr=True)
    try:
        total = document_count(folder)
    except ParquetError as error:
        _error(console, str(error))
        raise typer.Exit(EXIT_STORE) from None
    store = _open_store(console, db)
    with store:
        try:
            summary = _run(console, SerialExecutor(), total,
                           lambda report: load(folder, store, report))
        except LetopisError as error:
            _error(console, str(error))
            raise typer.Exit(EXIT_STORE) from None
    _finish(console, summary, SerialExecutor())


if __name__ == "__main__":
    app()
