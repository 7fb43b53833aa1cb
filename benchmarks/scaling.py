"""How the cost of one document grows with its length: 1 K to 10 M characters.

Each size runs in a fresh process (for a clean peak RSS): the child loads the pipeline,
warms it on a short text, builds the document (NEREL dev texts, else our own paragraphs,
repeated and joined by blank lines, cut to exactly the size) and analyzes it once; sizes
up to 100 K characters are analyzed three times and the median kept, then once more
with each pipeline stage timed (letopis cuts texts into pieces of 100 K characters, so
the breakdown of larger sizes would repeat the 100 K one). Reported per size:
seconds, characters per second, peak RSS, RSS added by the analysis, and the growth
exponent ``log(t2/t1) / log(n2/n1)`` against the previous size (1 = linear).

A size that runs past ``--timeout`` seconds is reported as such; larger sizes are then
not run. A size whose process fails is reported with the error's last line. Sizes are
in characters (code points), 1 K = 1,000.

    python benchmarks/scaling.py [--data DIR] [--sizes 1e3,1e4,...] [--timeout 600] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
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

SIZES = (1_000, 10_000, 100_000, 1_000_000, 10_000_000)
REPEAT_UP_TO = 100_000
WARMUP = "Вчера Иван Петров приехал в Москву."


def label(chars: int) -> str:
    """1000 -> "1 K", 10_000_000 -> "10 M"."""
    if chars >= 1_000_000:
        return f"{chars // 1_000_000} M"
    return f"{chars // 1_000} K" if chars >= 1_000 else str(chars)


def child(chars: int, data: str | None) -> None:
    """In a fresh process: analyze one document of ``chars`` characters and report."""
    from texts import bench_texts, text_of_size

    import letopis

    letopis.analyze(WARMUP)
    _, pool = bench_texts(data)
    text = text_of_size(chars, pool)
    before = peak_rss_mb()
    times, mentions = [], 0
    for _ in range(3 if chars <= REPEAT_UP_TO else 1):
        started = time.perf_counter()
        doc = letopis.analyze(text)
        times.append(time.perf_counter() - started)
        mentions = len(doc.mentions)
        del doc
    out = {"chars": chars, "seconds": median(times), "runs_s": times,
           "rss_before_mb": before, "peak_rss_mb": peak_rss_mb(), "mentions": mentions}
    if chars <= REPEAT_UP_TO:
        out["stages_s"] = stage_times(text)
    print(json.dumps(out))


def stage_times(text: str) -> dict[str, float]:
    """Seconds per pipeline stage for one more analysis of ``text`` (same chunking)."""
    from letopis.chunk import analyze_chunked
    from letopis.pipeline import default_pipeline

    spent = {name: 0.0 for name in default_pipeline().names}

    def timed(doc: Any) -> Any:
        for name, stage in default_pipeline().stages:
            started = time.perf_counter()
            doc = stage(doc)
            spent[name] += time.perf_counter() - started
        return doc

    analyze_chunked(text, None, timed)
    return spent


def measure(sizes: list[int], data: str | None, timeout: float) -> list[dict[str, Any]]:
    """Run every size in its own process; stop after the first timeout."""
    rows: list[dict[str, Any]] = []
    for chars in sizes:
        args = [__file__, "--child", str(chars)] + (["--data", data] if data else [])
        log(f"scaling: {label(chars)} characters")
        try:
            row, wall = run_child(args, timeout)
        except TimeoutError:
            rows.append({"chars": chars, "timed_out_after_s": timeout})
            log(f"scaling: {label(chars)} ran past {timeout:.0f} s")
            rows += [{"chars": c, "not_run": True} for c in sizes[sizes.index(chars) + 1:]]
            break
        except RuntimeError as error:
            rows.append({"chars": chars, "error": str(error).strip().splitlines()[-1]})
            log(f"scaling: {label(chars)} failed: {rows[-1]['error']}")
            continue
        row["process_wall_s"] = wall
        row["chars_per_s"] = chars / row["seconds"] if row["seconds"] else None
        previous = rows[-1] if rows else None
        if previous and previous.get("seconds"):
            row["exponent"] = (math.log(row["seconds"] / previous["seconds"])
                               / math.log(chars / previous["chars"]))
        rows.append(row)
        log(f"scaling: {label(chars)} {row['seconds']:.2f} s, {row['peak_rss_mb']:.0f} MiB")
    return rows


def stage_markdown(rows: list[dict[str, Any]]) -> str:
    """Seconds per stage for the sizes that have a breakdown, with the last exponent."""
    rows = [r for r in rows if r.get("stages_s")]
    if len(rows) < 2:
        return ""
    first, last = rows[-2], rows[-1]
    lines = ["| stage | " + " | ".join(label(r["chars"]) for r in rows)
             + f" | exponent {label(first['chars'])} to {label(last['chars'])} |",
             "|---|" + "---:|" * (len(rows) + 1)]
    for name in rows[-1]["stages_s"]:
        cells = [f"{r['stages_s'].get(name, 0.0):.3f}" for r in rows]
        a, b = first["stages_s"].get(name, 0.0), last["stages_s"].get(name, 0.0)
        exp = (f"{math.log(b / a) / math.log(last['chars'] / first['chars']):.2f}"
               if a > 0.001 and b > 0 else "")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {exp} |")
    return "\n".join(lines) + "\n"


def markdown(rows: list[dict[str, Any]]) -> str:
    """The scaling table."""
    lines = [
        "| size (chars) | seconds | chars/s | growth exponent | peak RSS MiB "
        "| RSS added MiB | mentions |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        name = label(r["chars"])
        if "timed_out_after_s" in r:
            lines.append(f"| {name} | > {r['timed_out_after_s']:.0f} (timed out) "
                         "| | | | | |")
        elif "error" in r:
            lines.append(f"| {name} | failed: {r['error'][:120]} | | | | | |")
        elif r.get("not_run"):
            lines.append(f"| {name} | not run (a smaller size timed out) | | | | | |")
        else:
            exp = f"{r['exponent']:.2f}" if "exponent" in r else ""
            lines.append(
                f"| {name} | {r['seconds']:.3f} | {r['chars_per_s']:.0f} | {exp} "
                f"| {r['peak_rss_mb']:.0f} | {r['peak_rss_mb'] - r['rss_before_mb']:.0f} "
                f"| {r['mentions']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, measure, print the table and write the JSON."""
    pin_threads()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="data folder (default: LETOPIS_DATA or ../shared/data)")
    parser.add_argument("--sizes", help="comma-separated sizes in characters")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per size")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.data)
        return
    sizes = [int(float(s)) for s in args.sizes.split(",")] if args.sizes else list(SIZES)
    from texts import bench_texts

    source, _ = bench_texts(args.data)
    rows = measure(sizes, args.data, args.timeout)
    data = {"machine": machine(), "texts": source, "timeout_s": args.timeout, "sizes": rows}
    sys.stdout.write(f"Texts: {source}, repeated to each size.\n\n" + markdown(rows))
    if stage_markdown(rows):
        sys.stdout.write("\nSeconds per stage (one extra run):\n\n" + stage_markdown(rows))
    write_json(data, args.json)


if __name__ == "__main__":
    main()
