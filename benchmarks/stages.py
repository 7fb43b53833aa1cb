"""Per-stage cost of the letopis pipeline: milliseconds per document for every stage.

Each text runs through ``letopis.pipeline.default_pipeline()`` stage by stage and the
time of every stage is summed over the texts. Models and lexicons are loaded on a short
sentence first; then one warm-up pass (caches fill; reported as "first pass"), then
``--passes`` timed passes; the figures are the medians of the timed passes, in ms per
document. The timed passes see the same texts again, so caches keyed by word or name
hit more often than on unseen texts; ``--warm-train N`` first runs N NEREL train texts,
so that the first pass shows unseen texts with caches as warm as a long run's.
BLAS/OpenMP threads are pinned to 1.

``--profile`` runs one more pass under cProfile and prints the hottest functions of the
stages named there (comma-separated, or ``all``).

    python benchmarks/stages.py [--data DIR] [--passes 3] [--limit N] [--warm-train N]
                                [--profile dates,quotes] [--json OUT]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import log, machine, median, pin_threads, write_json  # noqa: E402

LOAD_TEXT = "Вчера Иван Петров приехал в Москву и сказал: «Всё хорошо»."


def load_texts(data: str | None, limit: int | None) -> tuple[list[str], str]:
    """NEREL dev texts (or our own paragraphs) and a word for which they are."""
    from texts import generated_docs, nerel_dev_texts

    texts = nerel_dev_texts(data)
    name = "nerel-dev"
    if texts is None:
        texts, name = generated_docs(), "paragraphs"
    return (texts[:limit] if limit else texts), name


def train_texts(data: str | None, count: int) -> list[str]:
    """The first ``count`` NEREL train texts (none when the data is absent)."""
    from letopis.errors import DataError
    from letopis.eval.data import split_dir

    try:
        folder = split_dir("nerel", "train", data)
    except DataError:
        return []
    paths = sorted(folder.glob("*.txt"))[:count]
    return [path.read_text(encoding="utf-8") for path in paths]


def stage_pass(stages: list[tuple[str, Any]], texts: list[str]) -> dict[str, float]:
    """Seconds spent in each stage over one pass through ``texts``."""
    from letopis.doc import Document

    spent = dict.fromkeys((name for name, _ in stages), 0.0)
    clock = time.perf_counter
    for text in texts:
        doc = Document(text)
        for name, stage in stages:
            started = clock()
            doc = stage(doc)
            spent[name] += clock() - started
    return spent


def profile_pass(stages: list[tuple[str, Any]], texts: list[str], wanted: set[str]) -> None:
    """One pass with cProfile switched on inside the wanted stages; print the top."""
    import cProfile
    import pstats

    from letopis.doc import Document

    profiler = cProfile.Profile()
    for text in texts:
        doc = Document(text)
        for name, stage in stages:
            if name in wanted or "all" in wanted:
                profiler.enable()
                doc = stage(doc)
                profiler.disable()
            else:
                doc = stage(doc)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(25)


def report(per_stage: dict[str, list[float]], count: int) -> dict[str, float]:
    """Print ms/doc per stage (median of passes) and return them."""
    ms = {name: median(values) * 1000 / count for name, values in per_stage.items()}
    total = sum(ms.values())
    width = max(len(name) for name in ms)
    for name, value in ms.items():
        print(f"{name:<{width}}  {value:7.3f} ms/doc  {100 * value / total:5.1f} %")
    print(f"{'total':<{width}}  {total:7.3f} ms/doc  ({1000 / total:.1f} docs/s)")
    print(f"{'non-ner':<{width}}  {total - ms.get('ner', 0.0):7.3f} ms/doc")
    return ms


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="the data folder (default: LETOPIS_DATA or ../shared/data)")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--limit", type=int, help="use only the first N texts")
    parser.add_argument("--profile", help="stages to profile after timing (or 'all')")
    parser.add_argument("--warm-train", type=int, default=0, metavar="N",
                        help="first run N NEREL train texts, so that the first pass shows "
                             "unseen texts with warm caches")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args(argv)

    pin_threads()
    from letopis.pipeline import default_pipeline

    texts, name = load_texts(args.data, args.limit)
    stages = default_pipeline().stages
    stage_pass(stages, [LOAD_TEXT])  # models and lexicons load here, not in the first pass
    if args.warm_train:
        warm = train_texts(args.data, args.warm_train)
        log(f"warming the caches on {len(warm)} NEREL train texts")
        stage_pass(stages, warm)
    log(f"{len(texts)} texts ({name}); warm-up pass")
    first = stage_pass(stages, texts)
    per_stage: dict[str, list[float]] = {stage: [] for stage, _ in stages}
    for i in range(args.passes):
        log(f"pass {i + 1}/{args.passes}")
        for stage, seconds in stage_pass(stages, texts).items():
            per_stage[stage].append(seconds)
    print("first pass (caches cold):")
    cold = report({stage: [seconds] for stage, seconds in first.items()}, len(texts))
    print(f"median of {args.passes} passes after it:")
    ms = report(per_stage, len(texts))
    write_json({"texts": name, "documents": len(texts), "machine": machine(),
                "ms_per_doc": ms, "first_pass_ms_per_doc": cold, "passes": per_stage},
               args.json)
    if args.profile:
        profile_pass(stages, texts, set(args.profile.split(",")))


if __name__ == "__main__":
    main()
