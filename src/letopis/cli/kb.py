"""``letopis kb import FILE [--kb PATH]``: add a Wikidata dump or a CSV to the user
knowledge base the linker reads beside the shipped one (docs/linking.md).

Exit codes: 0 imported (bad rows are counted and reported, never fatal); 1 the file or
the knowledge base cannot be used.
"""

from __future__ import annotations

from pathlib import Path

import typer

from letopis.errors import LetopisError

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False,
                  help="The offline knowledge base (Wikidata, GeoNames).",
                  no_args_is_help=True)


@app.command("import")
def import_command(
    path: Path = typer.Argument(..., metavar="FILE",
                                help="A Wikidata JSON dump (.json, .gz, .bz2) or a CSV "
                                "qid,label,aliases,type,description."),
    kb: Path | None = typer.Option(
        None, "--kb", help="The user knowledge base to write (default: $LETOPIS_KB, else "
        "letopis-kb.sqlite in the user data folder)."),
) -> None:
    """Import items with Russian names and NEREL-mappable types into the user knowledge base."""
    from letopis.kb.authority import user_path
    from letopis.kb.importer import import_file

    target = kb or user_path()
    try:
        stats = import_file(path, target)
    except LetopisError as error:
        typer.echo(f"letopis: error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{stats.summary()}; written to {target}", err=True)
