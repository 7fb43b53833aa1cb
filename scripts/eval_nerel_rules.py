"""Exact-match precision/recall/F1 of the rule extractors on a NEREL split.

Usage (from the repository root):

    .venv/bin/python scripts/eval_nerel_rules.py --data ../shared/data/nerel/dev

Runs the letopis pipeline (as ``letopis.analyze`` does; by default only its stages up to
``professions``, the last that adds these labels, so unrelated later stages cannot
interfere; ``--upto all`` runs all of them) on every ``.txt`` of the folder and compares
the mentions of each label with the brat ``.ann`` T-lines (a discontinuous gold span counts by its
outer interval, so it can never be matched exactly). Use dev to choose thresholds; the
test split is for the final measurement only (``--final``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from letopis.chunk import analyze_chunked
from letopis.pipeline import Pipeline, default_pipeline

LABELS = ("EVENT", "PROFESSION", "COUNTRY", "CITY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION")


def gold_spans(path: Path) -> set[tuple[str, int, int]]:
    """(label, start, end) of the T-lines of a brat file."""
    spans = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if not line.startswith("T") or len(fields) < 2:
            continue
        label, *offsets = fields[1].replace(";", " ").split(" ")
        spans.add((label, int(offsets[0]), int(offsets[-1])))
    return spans


def pipeline_upto(name: str) -> Pipeline:
    """The default pipeline cut after the stage ``name`` (``all``: the whole of it)."""
    full = default_pipeline()
    if name == "all":
        return full
    if name not in full.names:
        raise SystemExit(f"no stage {name!r}; stages: {', '.join(full.names)}")
    return Pipeline(full.stages[: full.names.index(name) + 1])


def evaluate(folder: Path, labels: tuple[str, ...], upto: str) -> dict[str, Counter[str]]:
    """Per label: counts of tp, fp, fn over the folder."""
    pipeline = pipeline_upto(upto)
    scores: dict[str, Counter[str]] = {label: Counter() for label in labels}
    for txt in sorted(folder.glob("*.txt")):
        gold = gold_spans(txt.with_suffix(".ann"))
        doc = analyze_chunked(txt.read_text(encoding="utf-8"), None, pipeline)
        found = {(m.label, m.start, m.end) for m in doc.mentions}
        for label in labels:
            g = {s for s in gold if s[0] == label}
            p = {s for s in found if s[0] == label}
            scores[label].update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
    return scores


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="NEREL split folder")
    parser.add_argument("--labels", nargs="+", default=list(LABELS))
    parser.add_argument("--upto", default="professions", help="last stage to run, or all")
    parser.add_argument("--final", action="store_true", help="allow the test split")
    args = parser.parse_args(argv)
    if args.data.name == "test" and not args.final:
        print("the test split is for the final measurement: add --final", file=sys.stderr)
        return 2
    for label, c in evaluate(args.data, tuple(args.labels), args.upto).items():
        p = c["tp"] / max(1, c["tp"] + c["fp"])
        r = c["tp"] / max(1, c["tp"] + c["fn"])
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{label:18} P={p:.3f} R={r:.3f} F1={f:.3f}  "
              f"tp={c['tp']} fp={c['fp']} fn={c['fn']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
