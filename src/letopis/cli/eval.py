"""``letopis eval``: score the pipeline on NEREL, factRuEval-2016 and the attribution set.

Mounted into the main CLI with ``app.add_typer(eval_app, name="eval")``; also runs on its
own as ``python -m letopis.cli.eval``.
"""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from letopis.errors import LetopisError

app = typer.Typer(help="Score the pipeline on NEREL, factRuEval-2016 and the attribution set.",
                  no_args_is_help=True)

DATA_HELP = "Data folder (the one holding nerel/ and factrueval/, or the data set itself)."
NER_HELP = ("The pipeline's NER model: fast (the default), accurate (slowest) or balanced "
            "(between the two).")


def _analyzer(ner_model: str) -> Any:
    """``letopis.analyze`` with the named NER model, looked up at call time (None, the
    scorers' default, for ``fast``); ModelError for an unknown name."""
    import letopis
    from letopis.pipeline import default_pipeline

    default_pipeline(ner_model)  # checks the name before any document is read
    if ner_model == "fast":
        return None
    return lambda text: letopis.analyze(text, ner_model=ner_model)


class NerelSplit(StrEnum):
    """NEREL splits."""

    train = "train"
    dev = "dev"
    test = "test"


class FactruSplit(StrEnum):
    """factRuEval-2016 sets; ``all`` is devset and testset together."""

    dev = "dev"
    test = "test"
    all = "all"


def _progress(total: int) -> Any:
    started = time.perf_counter()

    def report(index: int, doc: Any) -> None:
        spent = time.perf_counter() - started
        typer.echo(f"[{index}/{total}] {doc.name} ({spent:.0f}s)", err=True)

    return report


def _fail(error: LetopisError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(2)


@app.command()
def nerel(
    data: Path | None = typer.Option(None, "--data", help=DATA_HELP),
    split: NerelSplit = typer.Option(NerelSplit.dev, "--split", help="Which split to score."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the scores as JSON."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Score only the first N docs."),
    save_pred: Path | None = typer.Option(
        None, "--save-pred", help="Also write each prediction to this folder as brat .ann."),
    ner_model: str = typer.Option("fast", "--ner-model", help=NER_HELP),
) -> None:
    """Entity, coarse PER/LOC/ORG, relation and linking scores on NEREL v1.1."""
    from letopis.eval import nerel as ev
    from letopis.eval.data import split_dir
    from letopis.eval.report import nerel_markdown, write_json

    try:
        docs = ev.read_split(split_dir("nerel", split.value, data), limit)
        if save_pred is not None:
            save_pred.mkdir(parents=True, exist_ok=True)
        result = ev.evaluate(docs, split.value, analyze=_analyzer(ner_model),
                             progress=_progress(len(docs)), save_dir=save_pred,
                             ner_model=ner_model)
    except LetopisError as error:
        raise _fail(error) from None
    sys.stdout.write(nerel_markdown(result))
    if json_out is not None:
        write_json(result.to_dict(), json_out)


@app.command()
def factru(
    data: Path | None = typer.Option(None, "--data", help=DATA_HELP),
    split: FactruSplit = typer.Option(FactruSplit.test, "--split", help="Which set to score."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the scores as JSON."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Score only the first N docs."),
    ner_model: str = typer.Option("fast", "--ner-model", help=NER_HELP),
) -> None:
    """PER/LOC/ORG scores on factRuEval-2016, beside the published figures."""
    from letopis.eval import factru as ev
    from letopis.eval.data import split_dir
    from letopis.eval.report import factru_markdown, write_json

    names = ["dev", "test"] if split is FactruSplit.all else [split.value]
    try:
        docs = ev.read_split([split_dir("factru", n, data) for n in names], limit)
        result = ev.evaluate(docs, split.value, analyze=_analyzer(ner_model),
                             progress=_progress(len(docs)))
    except LetopisError as error:
        raise _fail(error) from None
    sys.stdout.write(factru_markdown(result))
    if json_out is not None:
        write_json(result.to_dict(), json_out)


@app.command()
def attribution(
    data: Path | None = typer.Option(
        None, "--data", help="The set file (default: tests/fixtures/attribution/sentences.tsv)."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the scores as JSON."),
    misses: bool = typer.Option(False, "--misses", help="Also list the lines with a miss."),
    ner_model: str = typer.Option("fast", "--ner-model", help=NER_HELP),
) -> None:
    """Reported speech on the team's attribution set: content, cue, speaker, precision."""
    from letopis.eval import attribution as ev
    from letopis.eval.report import write_json

    try:
        items = ev.read_set(data)
        result = ev.evaluate(items, analyze=_analyzer(ner_model))
    except LetopisError as error:
        raise _fail(error) from None
    sys.stdout.write(ev.markdown(result))
    if misses:
        for miss in result["misses"]:
            sys.stdout.write(f"{miss['line']}\t{miss['family']}\t{miss['text']}\n")
    if json_out is not None:
        write_json(result, json_out)


if __name__ == "__main__":
    app()
