"""Paired CPU time of two letopis source trees (e.g. a commit and its parent) on unseen texts.

Each round runs one fresh process per tree, alternating: import letopis from that tree
(``PYTHONPATH``), load the models, warm every cache on ``--warm`` NEREL train texts, then
time one pass over the NEREL test texts in CPU seconds (``time.process_time``). One
BLAS/OpenMP thread. Prints each pass and, at the end, JSON with the medians, their ratio,
and the median (and range) of the per-round ratios, the paired figure.

    git worktree add /some/where/old COMMIT
    python benchmarks/paired.py --old /some/where/old/src --new src [--rounds 3]
                                [--model fast] [--warm 200] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import log, median, write_json  # noqa: E402

CHILD = r'''
import glob, json, sys, time
import letopis
data, model, warm = sys.argv[1], sys.argv[2], int(sys.argv[3])
def texts(split, n=None):
    paths = sorted(glob.glob(f"{data}/nerel/{split}/*.txt"))[:n]
    return [open(p, encoding="utf-8").read() for p in paths]
test = texts("test")
letopis.analyze("Вчера Иван Петров приехал в Москву.", ner_model=model)
for text in texts("train", warm):
    letopis.analyze(text, ner_model=model)
started = time.process_time()
for text in test:
    letopis.analyze(text, ner_model=model)
print(json.dumps({"cpu_s": time.process_time() - started, "docs": len(test),
                  "module": letopis.__file__}))
'''


def one_pass(src: str, data: str, model: str, warm: int) -> dict:
    """One fresh process importing letopis from ``src``."""
    env = dict(os.environ, PYTHONPATH=str(Path(src).resolve()), OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", CHILD, data, model, str(warm)],
                         capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", required=True, help="the first tree's src folder")
    parser.add_argument("--new", required=True, help="the second tree's src folder")
    parser.add_argument("--data", default=os.environ.get("LETOPIS_DATA", "../shared/data"))
    parser.add_argument("--model", default="fast")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    data = str(Path(args.data).resolve())
    passes: dict[str, list[float]] = {"old": [], "new": []}
    for round_ in range(args.rounds):
        for side in ("old", "new") if round_ % 2 == 0 else ("new", "old"):
            result = one_pass(getattr(args, side), data, args.model, args.warm)
            passes[side].append(result["cpu_s"])
            log(f"round {round_ + 1}: {side} {result['cpu_s']:.2f} CPU s for "
                f"{result['docs']} documents")
    summary = {"model": args.model, "passes": passes,
               "old_median_s": median(passes["old"]), "new_median_s": median(passes["new"]),
               "new_over_old": median(passes["new"]) / median(passes["old"])}
    # the paired statistic: each round's ratio (its two passes ran back to back)
    ratios = [n / o for n, o in zip(passes["new"], passes["old"], strict=True)]
    summary.update(round_ratios=ratios, median_round_ratio=median(ratios),
                   round_ratio_range=[min(ratios), max(ratios)])
    print(json.dumps(summary))
    write_json(summary, args.json)


if __name__ == "__main__":
    main()
