"""``letopis serve [--db letopis.db] [--host 127.0.0.1] [--port 8000] [--workers N]``: the
web app.

Mount with ``app.add_typer(serve_app)`` (the command is ``serve``). Serves
``letopis.web.app.create_app`` with uvicorn over a read-only connection; binds the
loopback address unless told otherwise. Exit code 2: the store is missing or unusable.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer

from letopis.errors import LetopisError
from letopis.web.guard import MAX_REQUEST_HEAD

EXIT_STORE = 2

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command("serve")
def serve_command(
    db: Path = typer.Option(Path("letopis.db"), "--db", help="The SQLite store to serve."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    workers: int = typer.Option(
        0, "--workers", min=0, max=64,
        help="Worker processes (0: one per CPU core this process may use, at most 8)."),
    cache_mb: int = typer.Option(
        64, "--cache-mb", min=0, max=4096,
        help="Memory per worker for answers asked again, until the store changes (0: none)."),
) -> None:
    """Browse and query a corpus store in the browser (read-only)."""
    if not db.is_file():
        typer.echo(f"letopis: error: {db}: no such store", err=True)
        raise typer.Exit(EXIT_STORE)
    from letopis.web.app import SERVE_CACHE, SERVE_DB, SERVE_SHARED, create_app

    try:
        web = create_app(db, cache_mb=cache_mb)
    except LetopisError as error:
        typer.echo(f"letopis: error: {error}", err=True)
        raise typer.Exit(EXIT_STORE) from None
    import uvicorn

    # uvicorn reads a request head of up to MAX_REQUEST_HEAD bytes whole, so that the guard
    # answers an over-long query string 414; a server that hung up in mid-request would
    # reset the connection and the client would never see the answer.
    options = {"host": host, "port": port, "log_level": "info",
               "h11_max_incomplete_event_size": MAX_REQUEST_HEAD}
    count = workers or default_workers()
    if count == 1:
        uvicorn.run(web, **options)  # type: ignore[arg-type]
        return
    os.environ[SERVE_DB] = str(db.resolve())
    os.environ[SERVE_CACHE] = str(cache_mb)
    with tempfile.TemporaryDirectory(prefix="letopis-serve-") as folder:
        if cache_mb:
            os.environ[SERVE_SHARED] = os.path.join(folder, "answers.db")
        uvicorn.run("letopis.web.app:app_from_env", factory=True, workers=count,
                    **options)  # type: ignore[arg-type]


def default_workers() -> int:
    """One worker per CPU core this process may run on, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(8, cores))


if __name__ == "__main__":
    app()
