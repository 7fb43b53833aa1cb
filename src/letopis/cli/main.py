"""The ``letopis`` command line: a thin layer over ``letopis.read`` and ``letopis.export``.

Exit codes: 0 success; 1 the output could not be rendered or written; 2 a usage error,
or some input could not be read or analyzed (the others are still processed and output).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

import typer

from letopis import __version__
from letopis.cli.options import Calendar, Orthography
from letopis.doc import Document, Meta
from letopis.errors import LetopisError
from letopis.read.batch import (
    Analyzer,
    Outcome,
    analyze_document,
    analyze_inputs,
    expand_inputs,
    one_line,
)

EXIT_OUTPUT = 1
EXIT_INPUT = 2

app = typer.Typer(
    name="letopis",
    help="Source-grounded extraction from Russian historical text.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    """Output formats (see ``letopis.export.render``)."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    html = "html"
    brat = "brat"



def _version(value: bool) -> None:
    if value:
        typer.echo(f"letopis {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit.",
    ),
) -> None:
    """Source-grounded extraction from Russian historical text."""


@app.command()
def analyze(
    paths: list[str] | None = typer.Argument(
        None, metavar="PATH",
        help="Files (text, .html, .docx, .pdf, TEI .xml: read as ingest reads them), "
        "directories (walked for all of these) or - for standard input. None: the bundled "
        "sample text.",
    ),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    out: Path | None = typer.Option(
        None, "--output", "-o",
        help="Write to this file (UTF-8) instead of standard output (- is standard "
        "output); a directory for brat output of several documents.",
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", "-e", help="Decode inputs with this codec instead of detecting it.",
    ),
    ner_model: str = typer.Option(
        "fast", "--ner-model",
        help="The NER model: fast (the default); accurate (multilingual-e5-small under four "
        "heads: about 2.8 points of NEREL dev F1 more, a few documents per second); balanced "
        "(about 1.8 points more, a fifth of the default's speed).",
    ),
    title: str | None = typer.Option(None, "--title", help="The document's title."),
    author: str | None = typer.Option(
        None, "--author", help="The document's author: first-person claims are theirs.",
    ),
    date: str | None = typer.Option(
        None, "--date", help="The document's date (YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY): "
        "the year of dates that give none.",
    ),
    archive: str | None = typer.Option(
        None, "--archive", help="Archive reference (fond, opis, delo, list).",
    ),
    orthography: Orthography = typer.Option(
        Orthography.auto, "--orthography",
        help="prereform: analyze through modern spelling; modern; auto: detect per document.",
    ),
    calendar: Calendar = typer.Option(
        Calendar.auto, "--calendar",
        help="Calendar of unmarked dates before 1918: julian, gregorian, or auto (Julian in "
        "pre-1918 documents).",
    ),
) -> None:
    """Extract entities, dates, quotations and claims and print or write them."""
    if out is not None and str(out) == "-":
        out = None
    try:
        analyzer = _analyzer(ner_model)
        meta = _meta(title, author, date, archive, orthography.value, calendar.value)
    except LetopisError as error:
        _error(str(error))
        raise typer.Exit(EXIT_INPUT) from None
    outcomes = list(_outcomes(paths or [], encoding, analyzer, meta))
    for outcome in outcomes:
        if outcome.error is not None:
            _error(outcome.error)
    docs = [o.doc for o in outcomes if o.doc is not None]
    failed = any(o.error is not None for o in outcomes)
    code = _emit(docs, fmt.value, out) if docs else 0
    raise typer.Exit(code or (EXIT_INPUT if failed else 0))


def _analyzer(ner_model: str) -> Analyzer | None:
    """``letopis.analyze`` with the named NER model (None, the readers' default, for
    ``fast``); ModelError for an unknown name."""
    from letopis import pipeline

    pipeline.default_pipeline(ner_model)
    if ner_model == "fast":
        return None

    def run(text: str, source: str | None, meta: Meta | None = None) -> Document:
        return pipeline.analyze(text, source, ner_model, meta)

    return run


def _meta(title: str | None, author: str | None, date: str | None, archive: str | None,
          orthography: str, calendar: str) -> Meta | None:
    """The command line's document metadata (None when it gives none); MetaError for a
    date that is not one."""
    from letopis.read.meta import meta_date

    meta = Meta(
        title=title, author=author, date=None if date is None else meta_date(date),
        archive=archive, orthography=None if orthography == "auto" else orthography,
        calendar=None if calendar == "auto" else calendar,
    )
    return None if meta.empty() else meta


def _outcomes(paths: list[str], encoding: str | None,
              analyzer: Analyzer | None, meta: Meta | None = None) -> list[Outcome]:
    if not paths:
        from letopis.sample import sample_document

        return [analyze_document(sample_document(), analyzer, meta)]
    stdin = getattr(sys.stdin, "buffer", None)
    names = [name for name, _ in expand_inputs(paths)]
    found = analyze_inputs(names, stdin=stdin, encoding=encoding, analyze=analyzer, meta=meta)
    if len(names) < 2:
        return list(found)
    return _with_progress(found, len(names))


def _with_progress(found: Iterable[Outcome], total: int) -> list[Outcome]:
    """The outcomes, with a progress bar on standard error when it is a terminal (or
    LETOPIS_PROGRESS is set), like ``letopis ingest``."""
    from rich.console import Console

    from letopis.cli.ingest import _progress

    out = []
    with _progress(Console(stderr=True)) as progress:
        task = progress.add_task("analyze", total=total)
        for outcome in found:
            out.append(outcome)
            progress.advance(task)
    return out


def _emit(docs: list[Document], fmt: str, out: Path | None) -> int:
    """Render and write ``docs``; the exit code (0, or EXIT_OUTPUT/EXIT_INPUT on failure)."""
    from letopis.export import render
    from letopis.export.brat import write_brat_dir

    try:
        if fmt == "brat" and (len(docs) > 1 or (out is not None and out.is_dir())):
            if out is None:
                _error("brat output of several documents needs -o DIRECTORY")
                return EXIT_INPUT
            write_brat_dir(docs, out)
            return 0
        text = render(docs, fmt)
        if out is None:
            _write_stdout(text)
        else:
            out.write_text(text, encoding="utf-8", errors="replace", newline="")
    except OSError as error:
        _error(f"{out}: {error.strerror or error}")
        return EXIT_OUTPUT
    except LetopisError as error:
        _error(str(error))
        return EXIT_OUTPUT
    except Exception as error:  # one line, never a traceback
        _error(f"cannot write {fmt} output: {type(error).__name__}: {error}")
        return EXIT_OUTPUT
    return 0


def _write_stdout(text: str) -> None:
    """Write UTF-8 to standard output whatever the locale."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8", "replace"))
        buffer.flush()


def _error(message: str) -> None:
    typer.echo(f"letopis: error: {one_line(message)}", err=True)


def _mount_subcommands() -> None:
    from letopis.cli.curate import app as curate_app
    from letopis.cli.eval import app as eval_app
    from letopis.cli.export import app as export_app
    from letopis.cli.ingest import app as ingest_app
    from letopis.cli.kb import app as kb_app
    from letopis.cli.serve import app as serve_app
    from letopis.cli.store import app as store_app
    from letopis.cli.train import app as train_app

    app.add_typer(eval_app, name="eval")
    app.add_typer(ingest_app)
    app.add_typer(serve_app)
    app.add_typer(export_app)
    app.add_typer(store_app, name="store")
    app.add_typer(kb_app, name="kb")
    app.add_typer(train_app, name="train")
    app.add_typer(curate_app, name="curate")


_mount_subcommands()


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
