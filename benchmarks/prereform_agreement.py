"""Persons and places on pre-1918 text against its modern transliteration.

Usage: python benchmarks/prereform_agreement.py STEM [STEM ...]
Each STEM names a pair STEM.pre.txt (old orthography) and STEM.modern.txt. Prints the
entity and mention agreement (docs/names.md) and what only one side found; with a
STEM.expected.json holding gold_persons and gold_places (every person and place, our own
annotation), also how many of those each side finds (agreement is not accuracy).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import letopis
from letopis.doc import check_spans
from letopis.eval.spelling import against_gold, agreement


def main(stems: list[str]) -> int:
    if not stems:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for stem in stems:
        old_text = Path(f"{stem}.pre.txt").read_text(encoding="utf-8")
        modern_text = Path(f"{stem}.modern.txt").read_text(encoding="utf-8")
        old = letopis.analyze(old_text)
        modern = letopis.analyze(modern_text)
        check_spans(old)
        assert old.text == old_text
        result = agreement(old, modern)
        print(f"{Path(stem).name}: orthography {old.meta.orthography}; persons and places "
              f"agree {result.entities:.3f} (entities), {result.mentions:.3f} (mentions); "
              f"only old: {result.only_old}; only modern: {result.only_modern}")
        gold_path = Path(f"{stem}.expected.json")
        gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
        if "gold_places" in gold:
            for side, doc in (("old", old), ("modern", modern)):
                correct, found, total = against_gold(doc, gold["gold_persons"],
                                                     gold["gold_places"])
                print(f"  {side} spelling against our annotation: {correct} of {total} "
                      f"persons and places found, {found - correct} wrong of {found}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
