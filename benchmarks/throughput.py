"""Throughput, cold start and peak memory: the whole letopis pipeline (with its default and
with its accurate NER model) beside Natasha's NER.

Natasha's side is ``Segmenter`` + ``NewsNERTagger`` (the slovnet news NER), run as
``Doc(text).segment(...)`` then ``.tag_ner(...)``.

- Throughput: NEREL test texts, each timed pass in a fresh process per side: import,
  load the models on a short sentence, warm every cache on ``--warm`` NEREL train texts
  (letopis keeps per-word caches; Natasha gets the same warm-up), then time one pass over
  the test texts, which that process has never seen ("unseen": the headline figure, a
  long corpus run's steady state), then a second pass over the same texts ("again":
  caches hot, an upper bound). Each pass is timed in CPU seconds of the process
  (``time.process_time``) and in wall seconds. The sides are paired per round and the
  order alternates between rounds (letopis, accurate, Natasha; then Natasha, accurate,
  letopis; ...). The headline ratio is the median of the per-round CPU-time ratios
  (Natasha's CPU seconds over letopis's, so above 1 means letopis is faster) with their
  range; the medians of wall-clock docs/s are kept beside it (all times in the JSON).
- Cold start: a fresh Python process per side times import, model load and the first
  result (the first text), in ``--cold`` paired rounds whose order alternates like the
  throughput's; the ratio is the median of the per-round ratios (letopis's seconds over
  Natasha's, so below 1 means letopis starts faster) with their range, beside each side's
  median and the process wall time from spawn to exit.
- Peak RSS: one more fresh process per side loads, analyzes every text once and reports
  its peak resident set size.

BLAS/OpenMP threads are pinned to 1 here and in the children.

    python benchmarks/throughput.py [--data DIR] [--passes 3] [--cold 5] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    log,
    machine,
    median,
    peak_rss_mb,
    pin_threads,
    run_child,
    write_json,
)

SIDES = ("letopis", "accurate", "natasha")
NAMES = {"letopis": "letopis (whole pipeline)",
         "accurate": "letopis, accurate NER (`--ner-model accurate`)",
         "natasha": "Natasha NER"}
LOAD_TEXT = "Вчера Иван Петров приехал в Москву."


def load_side(side: str) -> Callable[[str], Any]:
    """Import and load one side; return its text -> result function."""
    if side in ("letopis", "accurate"):
        import letopis

        model = "fast" if side == "letopis" else "accurate"
        return lambda text: letopis.analyze(text, ner_model=model)
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter = Segmenter()
    tagger = NewsNERTagger(NewsEmbedding())

    def run(text: str) -> Any:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        return doc

    return run


def timed_pass(run: Callable[[str], Any], texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds to process every text once."""
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        run(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def child(side: str, texts_path: str, full: bool, warm_path: str | None = None) -> None:
    """In a fresh process: time import + load + first result; optionally a full pass.

    With ``warm_path``: load, warm on those texts, then time an unseen and a repeated pass.
    """
    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
    if warm_path is not None:
        run = load_side(side)
        run(LOAD_TEXT)
        timed_pass(run, json.loads(Path(warm_path).read_text(encoding="utf-8")))
        unseen, unseen_cpu = timed_pass(run, texts)
        again, again_cpu = timed_pass(run, texts)
        print(json.dumps({"unseen_s": unseen, "unseen_cpu_s": unseen_cpu,
                          "again_s": again, "again_cpu_s": again_cpu}))
        return
    t0 = time.perf_counter()
    if side in ("letopis", "accurate"):
        import letopis  # noqa: F401
    else:
        import natasha  # noqa: F401
    t1 = time.perf_counter()
    run = load_side(side)
    run(texts[0])
    t2 = time.perf_counter()
    out = {"import_s": t1 - t0, "load_first_s": t2 - t1, "cold_s": t2 - t0,
           "rss_first_mb": peak_rss_mb()}
    if full:
        out["full_pass_s"] = timed_pass(run, texts)[0]
        out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


def throughput(texts_path: str, warm_path: str, count: int, chars: int,
               passes: int) -> dict[str, Any]:
    """Paired fresh-process rounds, order alternating: warm, then unseen and again."""
    result: dict[str, Any] = {side: {"passes": []} for side in SIDES}
    for index in range(passes):
        for side in SIDES if index % 2 == 0 else tuple(reversed(SIDES)):
            data, _ = run_child([__file__, "--child", side, "--texts", texts_path,
                                 "--warm-texts", warm_path])
            result[side]["passes"].append(data)
            log(f"round {index + 1}/{passes}: {side} unseen {data['unseen_cpu_s']:.2f} CPU s "
                f"({data['unseen_s']:.2f} wall), again {data['again_cpu_s']:.2f} CPU s")
    for side in SIDES:
        unseen = median([p["unseen_s"] for p in result[side]["passes"]])
        again = median([p["again_s"] for p in result[side]["passes"]])
        cpu = median([p["unseen_cpu_s"] for p in result[side]["passes"]])
        result[side].update(median_s=unseen, docs_per_s=count / unseen, chars_per_s=chars / unseen,
                            again_s=again, again_docs_per_s=count / again,
                            median_cpu_s=cpu, cpu_docs_per_s=count / cpu)
    return result


def round_ratios(t: dict[str, Any], side: str, key: str = "unseen_cpu_s") -> dict[str, Any]:
    """Per-round ratios of Natasha's time over ``side``'s: their median and range."""
    pairs = zip(t[side]["passes"], t["natasha"]["passes"], strict=True)
    return spread([n[key] / s[key] for s, n in pairs])


def cold_starts(texts_path: str, runs: int) -> dict[str, Any]:
    """Cold start in paired rounds (a fresh process per side, order alternating), then
    peak RSS of a full pass per side."""
    runs_of: dict[str, list[tuple[dict[str, Any], float]]] = {side: [] for side in SIDES}
    for index in range(runs):
        for side in SIDES if index % 2 == 0 else tuple(reversed(SIDES)):
            data, wall = run_child([__file__, "--child", side, "--texts", texts_path])
            runs_of[side].append((data, wall))
            log(f"cold start {index + 1}/{runs}: {side} {data['cold_s']:.2f} s")
    out: dict[str, Any] = {}
    for side in SIDES:
        colds = [data for data, _ in runs_of[side]]
        full, _ = run_child([__file__, "--child", side, "--texts", texts_path, "--full"])
        log(f"peak RSS: {side} {full['peak_rss_mb']:.0f} MiB")
        out[side] = {
            "cold_s": median([c["cold_s"] for c in colds]),
            "import_s": median([c["import_s"] for c in colds]),
            "load_first_s": median([c["load_first_s"] for c in colds]),
            "process_wall_s": median([wall for _, wall in runs_of[side]]),
            "runs": colds,
            "rss_first_mb": full["rss_first_mb"],
            "peak_rss_mb": full["peak_rss_mb"],
        }
    return out


def cold_ratios(c: dict[str, Any], side: str) -> dict[str, Any]:
    """Per-round ratios of ``side``'s cold start over Natasha's: median and range."""
    pairs = zip(c[side]["runs"], c["natasha"]["runs"], strict=True)
    return spread([s["cold_s"] / n["cold_s"] for s, n in pairs])


def spread(each: list[float]) -> dict[str, Any]:
    """Per-round ratios: their median and range, and the rounds themselves."""
    return {"median": median(each), "min": min(each), "max": max(each), "rounds": each}


def ratios(t: dict[str, Any], c: dict[str, Any], side: str) -> dict[str, Any]:
    """``side``'s figures over Natasha's."""
    return {
        "paired_cpu": round_ratios(t, side),
        "paired_cpu_again": round_ratios(t, side, "again_cpu_s"),
        "throughput": t[side]["docs_per_s"] / t["natasha"]["docs_per_s"],
        "throughput_again": t[side]["again_docs_per_s"] / t["natasha"]["again_docs_per_s"],
        "cold_start": (cold := cold_ratios(c, side))["median"],
        "cold_start_rounds": cold,
        "peak_rss": c[side]["peak_rss_mb"] / c["natasha"]["peak_rss_mb"],
    }


def markdown(data: dict[str, Any]) -> str:
    """The throughput table and the letopis/Natasha ratio."""
    t, c = data["throughput"], data["cold"]
    lines = [
        f"Texts: {data['texts']['source']}, {data['texts']['docs']} documents, "
        f"{data['texts']['chars']} characters.",
        "",
        f"Caches warmed on {data['texts']['warm_docs']} other texts (NEREL train) first.",
        "",
        "| | docs/CPU s unseen | docs/s unseen (wall) | chars/s unseen | docs/s again "
        "| cold start s | process wall s | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for side in (s for s in SIDES if s in t and s in c):
        name = NAMES[side]
        lines.append(
            f"| {name} | {t[side]['cpu_docs_per_s']:.1f} | {t[side]['docs_per_s']:.1f} "
            f"| {t[side]['chars_per_s']:.0f} "
            f"| {t[side]['again_docs_per_s']:.1f} | {c[side]['cold_s']:.2f} "
            f"| {c[side]['process_wall_s']:.2f} | {c[side]['peak_rss_mb']:.0f} |")
    r = data["ratio"]
    lines += ["", f"Ratios letopis/Natasha: {paired(r)}; "
              f"wall-clock docs/s on unseen texts {r['throughput']:.3f} (again: "
              f"{r['throughput_again']:.3f}), {cold(r)}, "
              f"peak RSS {r['peak_rss']:.2f}."]
    if "accurate" in r:
        a = r["accurate"]
        lines += ["", f"With the accurate NER: {paired(a)}; wall-clock docs/s on unseen texts "
                  f"{a['throughput']:.3f} of Natasha's (again: {a['throughput_again']:.3f}), "
                  f"{cold(a)}, peak RSS {a['peak_rss']:.2f}."]
    return "\n".join(lines) + "\n"


def cold(r: dict[str, Any]) -> str:
    """The cold-start ratio in words, with its rounds' range (old JSON: the ratio alone)."""
    p = r.get("cold_start_rounds")
    if not p:
        return f"cold start {r['cold_start']:.2f}"
    return (f"cold start {r['cold_start']:.2f} (median of {len(p['rounds'])} paired rounds, "
            f"range {p['min']:.2f}-{p['max']:.2f})")


def paired(r: dict[str, Any]) -> str:
    """The paired CPU-time ratio on unseen texts, in words (old JSON: absent)."""
    p = r.get("paired_cpu")
    if not p:
        return "paired CPU-time ratio not measured"
    return (f"speed on unseen texts, CPU time, median of {len(p['rounds'])} per-round ratios "
            f"**{p['median']:.3f}** (range {p['min']:.3f}-{p['max']:.3f}; again: "
            f"{r['paired_cpu_again']['median']:.3f})")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, measure, print the table and write the JSON."""
    pin_threads()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="data folder (default: LETOPIS_DATA or ../shared/data)")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--warm", type=int, default=200,
                        help="NEREL train texts that warm the caches before a timed pass")
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--limit", type=int, help="use only the first N texts")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--child", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument("--texts", help=argparse.SUPPRESS)
    parser.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--warm-texts", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.texts, args.full, args.warm_texts)
        return
    from texts import speed_texts

    source, texts, warm = speed_texts(args.data, args.warm)
    texts = texts[: args.limit] if args.limit else texts
    chars = sum(map(len, texts))
    with tempfile.TemporaryDirectory() as tmp:
        texts_path = str(Path(tmp) / "texts.json")
        warm_path = str(Path(tmp) / "warm.json")
        Path(texts_path).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        Path(warm_path).write_text(json.dumps(warm, ensure_ascii=False), encoding="utf-8")
        cold = cold_starts(texts_path, max(1, args.cold))
        passes = max(3, args.passes)
        tput = throughput(texts_path, warm_path, len(texts), chars, passes)
    data = {
        "machine": machine(),
        "texts": {"source": source, "docs": len(texts), "chars": chars,
                  "warm_docs": len(warm)},
        "passes": passes,
        "cold": cold,
        "throughput": tput,
    }
    data["ratio"] = ratios(data["throughput"], data["cold"], "letopis")
    data["ratio"]["accurate"] = ratios(data["throughput"], data["cold"], "accurate")
    sys.stdout.write(markdown(data))
    write_json(data, args.json)


if __name__ == "__main__":
    main()
