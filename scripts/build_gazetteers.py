"""Rebuild the gazetteer files in src/letopis/resources/gazetteers from NEREL train.

Usage (from the repository root):

    .venv/bin/python scripts/build_gazetteers.py --data ../shared/data/nerel/train

Only the train split may be given: dev and test stay for measurement. The files hold
lemma sequences and counts taken from the annotations, never the texts:

- places.tsv: lemma key of every COUNTRY/CITY/STATE_OR_PROVINCE/DISTRICT/LOCATION name
  with how often it was annotated with each of those labels and how often its lemma
  sequence occurs in the train texts;
- professions.tsv, events.tsv: lemma key of annotated PROFESSION / EVENT phrases (and of
  their part before a nested name) with how often the lemma sequence occurs in the train
  texts, how often a mention of the label covers exactly those tokens, and how often one
  starts there (exact or longer).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from letopis.doc import Document, Token
from letopis.extract.gazetteer import GAZETTEER_DIR, is_word, tokens_key
from letopis.morph import tag_morph
from letopis.segment import segment

PLACE_LABELS = ("COUNTRY", "CITY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION")
PHRASE_LABELS = {"PROFESSION": "professions.tsv", "EVENT": "events.tsv"}
MAX_TOKENS = 8
# A phrase cut before a nested name loses these trailing function words.
TRAILING = {"PREP", "CONJ", "PRCL"}

Ann = tuple[str, int, int]


def read_brat(path: Path) -> list[Ann]:
    """Continuous T-lines of a brat .ann file as (label, start, end)."""
    anns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        fields = line.split("\t")
        if len(fields) < 2 or ";" in fields[1]:
            continue
        label, start, end = fields[1].split(" ")
        anns.append((label, int(start), int(end)))
    return anns


def aligned(tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """Token interval exactly covering ``[start, end)`` (None if boundaries cut a token)."""
    first = next((i for i, t in enumerate(tokens) if t.start == start), None)
    last = next((i for i, t in enumerate(tokens) if t.end == end), None)
    if first is None or last is None or last < first:
        return None
    return first, last + 1


def core_end(tokens: list[Token], first: int, last: int, inner: list[tuple[int, int]]) -> int:
    """End of the phrase part before its first nested name, trailing function words cut."""
    cut = min((a for a, _ in inner if a > first), default=last)
    while cut > first and (tokens[cut - 1].pos in TRAILING or not is_word(tokens[cut - 1].text)):
        cut -= 1
    return cut


class Builder:
    """Accumulates counts over the documents of the train split."""

    def __init__(self) -> None:
        self.places: dict[str, Counter[str]] = defaultdict(Counter)
        self.keys: dict[str, set[str]] = {label: set() for label in PHRASE_LABELS}
        self.docs: list[tuple[list[Token], dict[str, set[tuple[int, int]]]]] = []

    def add(self, text: str, anns: list[Ann]) -> None:
        """Take the names of one document."""
        tokens = tag_morph(segment(Document(text))).tokens
        spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for label, start, end in anns:
            interval = aligned(tokens, start, end)
            if interval is not None:
                spans[label].add(interval)
        for label in PLACE_LABELS:
            for a, b in spans[label]:
                key = tokens_key(tokens[a:b], words_only=True)
                if key:
                    self.places[key][label] += 1
        others = [iv for label, ivs in spans.items() if label not in PHRASE_LABELS for iv in ivs]
        for label in PHRASE_LABELS:
            for a, b in spans[label]:
                inner = [(x, y) for x, y in others if a <= x and y <= b and (x, y) != (a, b)]
                for end in {b, core_end(tokens, a, b, inner)}:
                    if a < end and end - a <= MAX_TOKENS:
                        self.keys[label].add(tokens_key(tokens[a:end]))
        self.docs.append((tokens, spans))

    def occurrences(self, keys: set[str]) -> Counter[str]:
        """How often each key's lemma sequence occurs in the train texts (words only)."""
        counts: Counter[str] = Counter()
        for tokens, _spans in self.docs:
            lemmas = [t.lemma for t in tokens if is_word(t.text)]
            for i in range(len(lemmas)):
                for n in range(1, min(MAX_TOKENS, len(lemmas) - i) + 1):
                    key = " ".join(lemmas[i:i + n])
                    if key in keys:
                        counts[key] += 1
        return counts

    def phrase_counts(self, label: str) -> dict[str, list[int]]:
        """key -> [occurrences, exact mentions, mentions starting there]."""
        keys = self.keys[label]
        counts: dict[str, list[int]] = {key: [0, 0, 0] for key in keys}
        for tokens, spans in self.docs:
            lemmas = [t.lemma for t in tokens]
            starts = {a for a, _ in spans[label]}
            for i in range(len(lemmas)):
                for n in range(1, min(MAX_TOKENS, len(lemmas) - i) + 1):
                    key = " ".join(lemmas[i:i + n])
                    if key not in counts:
                        continue
                    row = counts[key]
                    row[0] += 1
                    row[1] += (i, i + n) in spans[label]
                    row[2] += i in starts and any(a == i and b >= i + n for a, b in spans[label])
        return counts


def header(kind: str, columns: str, data: Path) -> str:
    """The comment header recording source and command."""
    return (
        f"# letopis gazetteer: {kind}\n"
        f"# source: NEREL v1.1 train annotations ({data.name}/*.ann), lemma keys only\n"
        "# built by: .venv/bin/python scripts/build_gazetteers.py "
        f"--data ../shared/data/nerel/{data.name}\n"
        f"# columns: {columns}\n"
    )


def write(builder: Builder, out: Path, data: Path) -> None:
    """Write places.tsv and the phrase files."""
    out.mkdir(parents=True, exist_ok=True)
    occurrences = builder.occurrences(set(builder.places))
    rows = [
        "\t".join([key, *(str(c[label]) for label in PLACE_LABELS), str(occurrences[key])])
        for key, c in sorted(builder.places.items())
    ]
    text = header("place names", "key " + " ".join(PLACE_LABELS) + " occurrences", data)
    (out / "places.tsv").write_text(text + "\n".join(rows) + "\n", encoding="utf-8")
    for label, name in PHRASE_LABELS.items():
        counts = builder.phrase_counts(label)
        rows = [
            f"{key}\t{occ}\t{exact}\t{start}"
            for key, (occ, exact, start) in sorted(counts.items())
            if start > 0
        ]
        text = header(f"{label} phrases", "key occurrences exact starts", data)
        (out / name).write_text(text + "\n".join(rows) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="NEREL train folder")
    parser.add_argument("--out", type=Path, default=GAZETTEER_DIR)
    args = parser.parse_args(argv)
    if args.data.name != "train":
        print("only the NEREL train split may be used", file=sys.stderr)
        return 2
    builder = Builder()
    for ann in sorted(args.data.glob("*.ann")):
        builder.add(ann.with_suffix(".txt").read_text(encoding="utf-8"), read_brat(ann))
    write(builder, args.out, args.data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
