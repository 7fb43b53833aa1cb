"""Corpus export speed: every format of ``letopis export`` on one large synthetic document.

The document is generated (no models, no data sets): sentences of Russian-looking words,
nearly every word a mention (persons, organizations, cities, dates with EDTF values,
nested mentions), a quotation per sentence and a claim every other one, a paragraph
break every few sentences. It is exported in each corpus format at a fraction of the
full size and at the full size (default 2.9 M characters and 300 K annotations, the
size the hardening issue names), each format in a fresh process: seconds, output size,
peak RSS, and the growth exponent between the two sizes (1 = linear).

    python benchmarks/export_speed.py [--chars N] [--annotations N] [--small F] [--json OUT]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, peak_rss_mb, run_child, write_json  # noqa: E402

FORMATS = ("tei", "jsonld", "gexf", "graphml", "csv", "brat")
FULL_CHARS = 2_900_000
FULL_ANNOTATIONS = 300_000
SMALL = 0.25
ENTITIES = 1000  # distinct entities: the network has up to ENTITIES^2 / 2 edges
TIMEOUT = 1800.0

NAMES = ("Иван", "Пётр", "Мария", "Анна", "Сергей", "Ольга", "Никита", "Вера")
SYLLABLES = ("ка", "ло", "ми", "ре", "ту", "вин", "шев", "да", "со", "не", "пи", "гу")
CITIES = ("Москва", "Прага", "Киев", "Минск", "Рига", "Казань", "Тверь", "Орёл")
ORGS = ("ЦК КПСС", "Госплан", "Совнарком", "Политбюро", "Наркомат")
FILLER = ("сказал", "встретил", "писал", "ответил", "заявил", "считал")


def surname(i: int) -> str:
    """One of 1,728 generated surnames."""
    n = len(SYLLABLES)
    return (SYLLABLES[i % n] + SYLLABLES[i // n % n] + SYLLABLES[i // n // n % n]).title() + "ов"


def person(i: int, persons: int) -> str:
    """The name of person ``i`` of a pool of ``persons``."""
    j = i % persons
    return f"{NAMES[j % len(NAMES)]} {surname(j // len(NAMES))}"


def synthetic_document(chars: int, annotations: int, entities: int = ENTITIES) -> Any:
    """A Document of about ``chars`` characters carrying about ``annotations`` annotations
    and about ``entities`` distinct entities."""
    from letopis.doc import Claim, DateValue, Document, Entity, Mention, Quote

    per_char = annotations / chars
    parts: list[str] = []
    mentions: list[Mention] = []
    quotes: list[Quote] = []
    claims: list[Claim] = []
    persons = max(1, entities - len(CITIES) - len(ORGS))
    found: dict[tuple[str, str], Entity] = {}
    dates: list[DateValue] = []
    pos = 0
    sentence = 0

    def put(text: str) -> tuple[int, int]:
        nonlocal pos
        parts.append(text)
        start = pos
        pos += len(text)
        return start, pos

    def mention(text: str, label: str, name: str | None = None) -> Mention:
        start, end = put(text)
        m = Mention(f"m{len(mentions) + 1}", start, end, text, label)
        if name is not None:
            key = (label, name)
            entity = found.setdefault(key, Entity(f"e{len(found) + 1}", label, name))
            entity.mentions.append(m.id)
            if text not in entity.aliases:
                entity.aliases.append(text)
            m.entity = entity.id
        mentions.append(m)
        return m

    while pos < chars:
        k = sentence
        # Words per sentence (about one annotation each) steered to the wanted density.
        ahead = len(mentions) + len(quotes) + len(claims) > per_char * pos
        words = 40 if ahead else 4
        quote_start = 0
        for w in range(words):
            if w == words // 2:
                put(": «")
                quote_start = pos
            elif w:
                put(" ")
            kind = (k + w) % 5
            if kind == 0:
                name = person(k * 7 + w, persons)
                outer = mention(name, "PERSON", name)
                first = name.split()[0]
                mentions.append(Mention(f"m{len(mentions) + 1}", outer.start,
                                        outer.start + len(first), first, "PERSON"))
            elif kind == 1:
                city = CITIES[(k + w) % len(CITIES)]
                mention(city, "CITY", city)
            elif kind == 2:
                year = 1900 + (k + w) % 100
                m = mention(f"{year} года", "DATE")
                dates.append(DateValue(m.id, str(year)))
            elif kind == 3:
                org = ORGS[(k + w) % len(ORGS)]
                mention(org, "ORGANIZATION", org)
            else:
                put(FILLER[(k + w) % len(FILLER)])
        end = pos
        speaker = found.get(("PERSON", person(k * 7, persons)))
        quotes.append(Quote(f"q{len(quotes) + 1}", quote_start, end, "", "quotation",
                            speaker.id if speaker else None))
        if k % 2 == 0:
            claims.append(Claim(f"c{len(claims) + 1}", quote_start, end, "", None, None))
        put("».\n" if k % 8 == 7 else "». ")
        sentence += 1
    text = "".join(parts)
    for item in (*quotes, *claims):
        item.text = text[item.start:item.end]
    doc = Document(text, "synthetic.txt")
    doc.mentions, doc.quotes, doc.claims = mentions, quotes, claims
    doc.entities, doc.dates = list(found.values()), dates
    return doc


def count(doc: Any) -> int:
    """Annotations written by the exports: mentions, quotations and claims."""
    return len(doc.mentions) + len(doc.quotes) + len(doc.claims)


def child(fmt: str, chars: int, annotations: int, entities: int) -> dict[str, Any]:
    """Build the document, export it in ``fmt`` into a temporary folder, time the export."""
    from letopis.doc import check_spans
    from letopis.export.corpus import export_documents

    doc = synthetic_document(chars, annotations, entities)
    check_spans(doc)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"out.{fmt}"
        started = time.perf_counter()
        paths = export_documents([doc], fmt, out)
        seconds = time.perf_counter() - started
        size = sum(f.stat().st_size for p in paths
                   for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    return {"format": fmt, "chars": len(doc.text), "annotations": count(doc),
            "entities": len(doc.entities),
            "seconds": seconds, "output_bytes": size, "peak_rss_mb": peak_rss_mb()}


def run(chars: int, annotations: int, entities: int, small: float,
        formats: tuple[str, ...]) -> dict[str, Any]:
    """Every format at the small and the full size, each in a fresh process."""
    rows = []
    for fmt in formats:
        pair = []
        for scale in (small, 1.0):
            args = [__file__, "--child", fmt, "--chars", str(int(chars * scale)),
                    "--annotations", str(int(annotations * scale)),
                    "--entities", str(entities)]
            result, _ = run_child(args, timeout=TIMEOUT)
            pair.append(result)
            print(f"{fmt:8} {result['chars']:>9} chars {result['annotations']:>7} annotations "
                  f"{result['seconds']:7.2f} s", file=sys.stderr, flush=True)
        low, high = pair
        growth = (math.log(high["seconds"] / low["seconds"])
                  / math.log(high["annotations"] / low["annotations"])
                  if low["seconds"] > 0 and high["seconds"] > 0 else None)
        rows.append({**high, "small": low, "growth": growth})
    return {"machine": machine(), "chars": chars, "annotations": annotations,
            "entities": entities, "small": small, "rows": rows}


def markdown(data: dict[str, Any]) -> str:
    """The export table of BENCHMARKS.md."""
    small = data["rows"][0]["small"] if data["rows"] else None
    lines = [
        "One generated document exported alone (`letopis.export.corpus.export_documents`), "
        "each format in a fresh process; the growth exponent compares the full size with "
        + (f"{small['chars']:,} characters and {small['annotations']:,} annotations "
           if small else "a smaller size ")
        + f"(1 = linear). The entity network's size is set by the {data.get('entities', '')} "
        "distinct entities, not by the annotations, so its cost hardly grows. The acceptance "
        "limit for JSON-LD at full size is 60 s.", "",
        "| format | characters | annotations | seconds | seconds at the smaller size "
        "| growth exponent | output MB | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in data["rows"]:
        growth = "" if row["growth"] is None else f"{row['growth']:.2f}"
        lines.append(f"| {row['format']} | {row['chars']:,} | {row['annotations']:,} "
                     f"| {row['seconds']:.2f} | {row['small']['seconds']:.2f} | {growth} "
                     f"| {row['output_bytes'] / 1e6:.1f} | {row['peak_rss_mb']:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark (or, with ``--child``, one export) and print or write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=FULL_CHARS)
    parser.add_argument("--annotations", type=int, default=FULL_ANNOTATIONS)
    parser.add_argument("--entities", type=int, default=ENTITIES)
    parser.add_argument("--small", type=float, default=SMALL, help="fraction for the growth")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        import json

        print(json.dumps(child(args.child, args.chars, args.annotations, args.entities)))
        return
    data = run(args.chars, args.annotations, args.entities, args.small,
               tuple(args.formats.split(",")))
    write_json(data, args.json)
    print(markdown(data))


if __name__ == "__main__":
    main()
