"""``letopis curate merge|split|rename|link|unlink|delete|log --db STORE ...``.

Curation of a store's corpus entities (``letopis.store.curate``; docs/store.md,
"Curation"). Each change is recorded in the store's audit table with ``--reason``.
Exit codes: 0 done; 1 the store cannot be opened or written; 2 the arguments are wrong
(an unknown entity, labels that differ without ``--force``...): nothing was changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer

from letopis.errors import LetopisError
from letopis.read.batch import one_line

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="Curate a store's corpus entities (recorded in its audit table).")
EXIT_STORE, EXIT_ARGS = 1, 2
DB = typer.Option(..., "--db", help="The SQLite corpus store.")
REASON = typer.Option(None, "--reason", help="Why (kept in the audit table).")
FORCE = typer.Option(False, "--force", help="Allow different labels or links.")


def _run(db: Path, action: Callable[..., object]) -> object:
    """Open the store at ``db`` (it must exist), run ``action(conn)``; one-line errors."""
    from letopis.store.core import Store
    from letopis.store.curate import CurationError

    if not db.is_file():
        _fail(f"{db}: no such store", EXIT_ARGS)
    try:
        with Store.open(db) as store:
            return action(store.conn)
    except CurationError as error:
        _fail(str(error), EXIT_ARGS)
    except LetopisError as error:
        _fail(str(error), EXIT_STORE)
    return None


def _fail(message: str, code: int) -> None:
    typer.echo(f"letopis: error: {one_line(message)}", err=True)
    raise typer.Exit(code)


@app.command("merge")
def merge_command(
    keep: str = typer.Argument(..., help="The entity to keep."),
    others: list[str] = typer.Argument(..., help="Entities merged into it."),
    db: Path = DB, force: bool = FORCE, reason: str | None = REASON,
) -> None:
    """Merge entities into KEEP (their mentions, documents, keys and links)."""
    from letopis.store.curate import merge

    _run(db, lambda conn: merge(conn, keep, others, force, reason))
    typer.echo(f"merged {', '.join(others)} into {keep}")


@app.command("split")
def split_command(
    entity: str = typer.Argument(..., help="The entity to split."),
    doc: list[str] = typer.Option(..., "--doc", help="A document (id or stored source name)"
                                  " whose mentions move to the new entity; repeatable."),
    name: str | None = typer.Option(None, "--name", help="The new entity's name."),
    db: Path = DB, reason: str | None = REASON,
) -> None:
    """Move ENTITY's mentions in the given documents to a new entity."""
    from letopis.store.curate import split

    new = _run(db, lambda conn: split(conn, entity, doc, name, reason))
    typer.echo(f"split {entity}: new entity {new}")


@app.command("rename")
def rename_command(
    entity: str = typer.Argument(...), name: str = typer.Argument(..., help="The new name."),
    db: Path = DB, reason: str | None = REASON,
) -> None:
    """Rename ENTITY (the name stays when later documents join it)."""
    from letopis.store.curate import rename

    _run(db, lambda conn: rename(conn, entity, name, reason))
    typer.echo(f"renamed {entity}")


@app.command("link")
def link_command(
    entity: str = typer.Argument(...),
    qid: str | None = typer.Argument(None, help="A Wikidata Q-id (Q1234)."),
    geonames: str | None = typer.Option(None, "--geonames", help="A GeoNames id."),
    db: Path = DB, force: bool = FORCE, reason: str | None = REASON,
) -> None:
    """Link ENTITY to a Wikidata Q-id and/or a GeoNames id."""
    from letopis.store.curate import link

    _run(db, lambda conn: link(conn, entity, qid, geonames, force, reason))
    typer.echo(f"linked {entity}")


@app.command("unlink")
def unlink_command(entity: str = typer.Argument(...), db: Path = DB,
                   reason: str | None = REASON) -> None:
    """Remove ENTITY's Q-id and GeoNames id."""
    from letopis.store.curate import unlink

    _run(db, lambda conn: unlink(conn, entity, reason))
    typer.echo(f"unlinked {entity}")


@app.command("delete")
def delete_command(entity: str = typer.Argument(...), db: Path = DB,
                   reason: str | None = REASON) -> None:
    """Delete ENTITY: its mentions (and later documents' ones) belong to no entity."""
    from letopis.store.curate import delete

    _run(db, lambda conn: delete(conn, entity, reason))
    typer.echo(f"deleted {entity}")


@app.command("log")
def log_command(db: Path = DB) -> None:
    """Print the audit table, oldest first, one JSON object per line."""
    from letopis.store.curate import history

    rows = _run(db, history)
    for num, time, operation, arguments, reason in rows or []:  # type: ignore[attr-defined]
        typer.echo(json.dumps({"num": num, "time": time, "operation": operation,
                               "arguments": json.loads(arguments), "reason": reason},
                              ensure_ascii=False))


if __name__ == "__main__":
    app()
