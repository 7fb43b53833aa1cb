"""Entity linking on NEREL: recall, precision, NIL handling, the stage's cost, a threshold grid.

    python benchmarks/linking.py [--split dev] [--data DIR] [--cache DIR] [--grid] [--json OUT]

Runs the default pipeline on the split's texts (or reads the analyses kept in --cache),
then re-runs only the linking stage: cold (a fresh knowledge base handle, empty caches) and
warm, in milliseconds per document; with --grid, the (threshold, least count) grid the
stage's defaults were chosen from (on dev only: dev selects, test measures).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from letopis.doc import Document
from letopis.eval.data import split_dir
from letopis.eval.nerel import BratDoc, NerelResult, _score_links, read_split
from letopis.export.jsonout import document_to_json, json_to_document
from letopis.kb.authority import SHIPPED, KnowledgeBase, user_path
from letopis.resolve.linking import Params, link_entities

GRID = [(t, c) for t in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95) for c in (1, 2, 3, 5)]


def analyses(docs: list[BratDoc], cache: Path | None) -> list[Document]:
    """The pipeline's documents (from the cache when present)."""
    from letopis import analyze


    out = []
    for doc in docs:
        path = cache / f"{doc.name}.json" if cache else None
        if path is not None and path.is_file():
            out.append(json_to_document(path.read_text(encoding="utf-8")))
            continue
        pred = analyze(doc.text)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(document_to_json(pred), encoding="utf-8")
        out.append(pred)
    return out


def relink(preds: list[Document], kb: KnowledgeBase, params: Params) -> float:
    """Clear the links and link again; seconds taken."""
    for pred in preds:
        for e in pred.entities:
            e.wikidata = e.geonames = None
            e.coords = None
    start = time.perf_counter()
    for pred in preds:
        link_entities(pred, kb, params)
    return time.perf_counter() - start


def score(golds: list[BratDoc], preds: list[Document]) -> dict[str, Any]:
    """The linking part of the NEREL result."""
    result = NerelResult("")
    for gold, pred in zip(golds, preds, strict=True):
        _score_links(result, gold, pred)
    return result.to_dict()["linking"]


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--data")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    golds = read_split(split_dir("nerel", args.split, args.data))
    preds = analyses(golds, args.cache)
    paths = [user_path(), SHIPPED]
    cold = relink(preds, KnowledgeBase(paths), Params())
    kb = KnowledgeBase(paths)
    relink(preds, kb, Params())
    warm = relink(preds, kb, Params())
    out: dict[str, Any] = {
        "split": args.split, "docs": len(golds),
        "stage_ms_per_doc": {"cold": 1000 * cold / len(golds), "warm": 1000 * warm / len(golds)},
        "linking": score(golds, preds),
    }
    if args.grid:
        out["grid"] = []
        for threshold, least in GRID:
            relink(preds, kb, Params(threshold, least))
            out["grid"].append({"threshold": threshold, "min_count": least,
                                **score(golds, preds)})
    text = json.dumps(out, ensure_ascii=False, indent=1)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
