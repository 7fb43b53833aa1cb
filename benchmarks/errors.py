"""Where the pipeline's NEREL errors are: by label, by kind, and seen or unseen in train.

Every gold entity the pipeline misses and every span it predicts wrongly (exact match
over start, end and label, as ``letopis eval nerel`` scores) is put in one kind:

- ``type``: the same characters are a gold (or predicted) span with another label;
- ``overlap``: it shares characters with a span of the other side that differs in its
  boundaries (a wrong boundary, or a nested span missed or added);
- ``none``: it overlaps nothing on the other side.

and, by its text (lower case, spaces collapsed), ``seen`` when NEREL train has that
string as an entity of the same label, ``other`` when train has it with another label
only, ``unseen`` otherwise. Development split only (dev by default); never the test.

    python benchmarks/errors.py [--data DIR] [--split dev] [--json OUT]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import log, pin_threads, write_json  # noqa: E402

Item = tuple[int, int, str]


def key(text: str) -> str:
    """The lexicon key of an entity's text."""
    return " ".join(text.lower().split())


def kind(item: Item, other: set[Item]) -> str:
    """``type``, ``overlap`` or ``none`` (see the module docstring)."""
    start, end, _ = item
    if any((s, e) == (start, end) for s, e, _ in other):
        return "type"
    return "overlap" if any(s < end and start < e for s, e, _ in other) else "none"


def known(text: str, label: str, lexicon: dict[str, Counter[str]]) -> str:
    """``seen``, ``other`` or ``unseen`` (see the module docstring)."""
    labels = lexicon.get(key(text))
    if not labels:
        return "unseen"
    return "seen" if labels[label] else "other"


def analyse(data: str | None, split: str) -> dict[str, Any]:
    """Error counts of the whole pipeline on a NEREL development split."""
    import letopis
    from letopis.eval.data import split_dir
    from letopis.eval.nerel import gold_entities, pred_entities, read_split

    lexicon: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in read_split(split_dir("nerel", "train", data)):
        for start, end, label in gold_entities(doc)[0]:
            lexicon[key(doc.text[start:end])][label] += 1
    missed: Counter[tuple[str, str, str]] = Counter()
    spurious: Counter[tuple[str, str, str]] = Counter()
    gold_count: Counter[str] = Counter()
    for doc in read_split(split_dir("nerel", split, data)):
        gold = gold_entities(doc)[0]
        pred = pred_entities(letopis.analyze(doc.text))
        gold_count.update(label for _, _, label in gold)
        for item in gold - pred:
            text = doc.text[item[0]:item[1]]
            missed[(item[2], kind(item, pred), known(text, item[2], lexicon))] += 1
        for item in pred - gold:
            text = doc.text[item[0]:item[1]]
            spurious[(item[2], kind(item, gold), known(text, item[2], lexicon))] += 1
    return {"split": split, "gold": dict(gold_count),
            "missed": [[*k, n] for k, n in sorted(missed.items())],
            "spurious": [[*k, n] for k, n in sorted(spurious.items())]}


def table(result: dict[str, Any]) -> str:
    """A Markdown table: per label, missed and spurious by kind, and the unseen share."""
    rows = ["| label | gold | missed: none / overlap / type | spurious: none / overlap / type |",
            "|---|---:|---:|---:|"]
    kinds = ("none", "overlap", "type")

    def by(side: str, label: str) -> list[int]:
        return [sum(n for lab, k, _, n in result[side] if lab == label and k == want)
                for want in kinds]

    for label, count in sorted(result["gold"].items(), key=lambda item: -item[1]):
        miss, spur = by("missed", label), by("spurious", label)
        rows.append(f"| {label} | {count} | {' / '.join(map(str, miss))} | "
                    f"{' / '.join(map(str, spur))} |")
    lines = ["\n".join(rows), ""]
    for side in ("missed", "spurious"):
        total = Counter[str]()
        for _, _, seen, n in result[side]:
            total[seen] += n
        parts = ", ".join(f"{k} {v}" for k, v in sorted(total.items()))
        lines.append(f"{side}: {sum(total.values())} ({parts})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print the error table of a NEREL development split; optionally write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data folder (default: LETOPIS_DATA or ../shared/data)")
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--json", help="write the counts here")
    args = parser.parse_args(argv)
    pin_threads()
    log(f"analysing NEREL {args.split} with the whole pipeline")
    result = analyse(args.data, args.split)
    print(table(result))
    write_json(result, args.json)


if __name__ == "__main__":
    main()
