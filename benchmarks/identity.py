"""Corpus identity against NEREL's gold Wikidata links, and the writer's cost per document.

The documents of the given NEREL splits are analyzed with the default pipeline and
written into a fresh store (``Store.add``, timed: the writer's milliseconds per document,
analysis excluded). Each gold ``N`` line with a Q-id names its ``T`` entity; a gold entity
whose span is exactly a stored mention's span gives that mention's corpus entity. Then:

- **entities per thing**: for every Q-id whose matched mentions lie in two or more
  documents, the number of distinct corpus entities they belong to; the mean (1.0 is
  perfect: one real thing, one corpus entity);
- **mixed entities**: of the corpus entities with two or more matched gold-linked mentions
  (the fewest that can mix), the share whose matched mentions carry two or more different
  Q-ids; beside it the share among all corpus entities with a matched gold link, how many
  mixed entities were mixed in one document already (the document's clustering), and how
  many hold a span text that NEREL itself links to two Q-ids within the measured splits
  (gold variance such as ``президент`` -> Q30461 or Q140686, and namesakes).

The issue's acceptance figure is on NEREL dev + test (``--split dev test``). Merge rules are
developed on train and dev only (``--split train --limit 200``); the test split measures.
``--cache DIR`` keeps the analyzed documents (JSON lines per split) so that a rerun only
rewrites the store.

    python benchmarks/identity.py [--split dev test] [--limit N] [--cache DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import log, machine, pin_threads, write_json  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "nerel"


def analyzed(split: str, folder: Path, limit: int | None, cache: Path | None) -> list[Any]:
    """(gold BratDoc, analyzed Document) pairs of one split, from the cache if it holds them."""
    from letopis.doc import Document
    from letopis.eval.nerel import read_split
    from letopis.pipeline import analyze

    golds = read_split(folder / split, limit)
    path = None if cache is None else cache / f"{split}-{limit or 'all'}.jsonl"
    if path is not None and path.is_file():
        docs = [Document.from_dict(json.loads(line)) for line in path.open(encoding="utf-8")]
        if [d.id for d in docs] == [Document(g.text).id for g in golds]:
            return list(zip(golds, docs, strict=True))
    docs = []
    for i, gold in enumerate(golds, 1):
        doc = analyze(gold.text, gold.name)
        doc.tokens, doc.sentences = [], []
        docs.append(doc)
        if i % 25 == 0:
            log(f"{split}: {i}/{len(golds)} analyzed")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            for doc in docs:
                handle.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
    return list(zip(golds, docs, strict=True))


def write_store(db: Path, pairs: list[Any]) -> float:
    """Write every document into a fresh store at ``db``; writer milliseconds per document."""
    from letopis.store import Store
    from letopis.store.prepare import prepare

    prepared = [prepare(doc) for _, doc in pairs]
    with Store.open(db) as store:
        started = time.perf_counter()
        for item in prepared:
            store.add(item)
        seconds = time.perf_counter() - started
    return 1000 * seconds / max(len(prepared), 1)


def gold_pairs(db: Path, pairs: list[Any]) -> list[tuple[str, str, str]]:
    """(document id, Q-id, corpus entity) for every gold link whose span is a stored mention."""
    return [found[:3] for found in gold_mentions(db, pairs)]


def gold_mentions(db: Path, pairs: list[Any]) -> list[tuple[str, str, str, str, str]]:
    """(document id, Q-id, corpus entity, document entity, lower-cased span text) for every
    gold link whose span is a stored mention."""
    from letopis.store import Store

    found = []
    with Store.open(db, readonly=True) as store:
        for gold, doc in pairs:
            local_of = {m.id: m.entity or "" for m in doc.mentions}
            spans = {(s, e): (cid, local_of.get(mid, "")) for s, e, cid, mid in store.conn.execute(
                'SELECT m.start, m."end", m.entity, m.local_id FROM mentions m'
                " JOIN documents d ON d.num = m.doc WHERE d.id = ? AND m.entity IS NOT NULL",
                (doc.id,))}
            for target, qid in gold.links.items():
                ent = gold.entities.get(target)
                if ent is None or qid == "NULL" or (ent.start, ent.end) not in spans:
                    continue
                cid, local = spans[(ent.start, ent.end)]
                found.append((doc.id, qid, cid, local, gold.text[ent.start:ent.end].lower()))
    return found


def identity_figures(found: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Entities per real thing (seen in 2+ documents) and the share of mixed entities."""
    docs_of: dict[str, set[str]] = defaultdict(set)
    entities_of: dict[str, set[str]] = defaultdict(set)
    things_of: dict[str, set[str]] = defaultdict(set)
    mentions_of: Counter[str] = Counter()
    for doc, qid, cid in found:
        docs_of[qid].add(doc)
        entities_of[qid].add(cid)
        things_of[cid].add(qid)
        mentions_of[cid] += 1
    spread = [len(entities_of[q]) for q in docs_of if len(docs_of[q]) >= 2]
    linked = [cid for cid, n in mentions_of.items() if n >= 2]
    mixed = sum(len(things_of[cid]) >= 2 for cid in linked)
    return {
        "matched_gold_links": len(found),
        "things_in_2plus_docs": len(spread),
        "entities_per_thing": round(sum(spread) / len(spread), 3) if spread else None,
        "entities_with_gold_link": len(things_of),
        "entities_with_2plus_gold_links": len(linked),
        "mixed_entities": mixed,
        "mixed_share": round(mixed / len(linked), 4) if linked else None,
    }


def mixed_causes(found: list[tuple[str, str, str, str, str]]) -> dict[str, Any]:
    """Where the mixed entities come from: a document entity that already mixes (the
    clustering of one document), a span text NEREL itself links to two Q-ids within the
    measured splits (gold variance, or namesakes), and the share among all linked entities."""
    things_of: dict[str, set[str]] = defaultdict(set)
    local_things: dict[tuple[str, str], set[str]] = defaultdict(set)
    forms_of: dict[str, set[str]] = defaultdict(set)
    qids_of_form: dict[str, set[str]] = defaultdict(set)
    for doc, qid, cid, local, form in found:
        things_of[cid].add(qid)
        local_things[(doc, local)].add(qid)
        forms_of[cid].add(form)
        qids_of_form[form].add(qid)
    mixed = {cid for cid, qids in things_of.items() if len(qids) >= 2}
    inside = {cid for doc, qid, cid, local, form in found if len(local_things[(doc, local)]) >= 2}
    variant = {cid for cid in mixed if any(len(qids_of_form[f]) >= 2 for f in forms_of[cid])}
    return {
        "mixed_share_all_linked": round(len(mixed) / len(things_of), 4) if things_of else None,
        "mixed_inside_documents": len(mixed & inside),
        "mixed_with_gold_variant_form": len(variant),
        "gold_variant_forms": sum(len(qids) >= 2 for qids in qids_of_form.values()),
    }


def markdown(runs: dict[str, dict[str, Any]]) -> str:
    """A table of identity runs (name -> figures) for BENCHMARKS.md."""
    lines = ["| documents | gold links matched | things in 2+ docs | corpus entities per thing"
             " | mixed entities (of those with 2+ gold links) | of all linked | mixed in one"
             " document already | mixed with a form NEREL links to two Q-ids | writer ms/doc |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, d in runs.items():
        share = "n/a" if d.get("mixed_share") is None else f"{100 * d['mixed_share']:.1f}%"
        linked = d.get("mixed_share_all_linked")
        lines.append(f"| {name} ({d['docs']}) | {d['matched_gold_links']} |"
                     f" {d['things_in_2plus_docs']} | {d['entities_per_thing']} |"
                     f" {d['mixed_entities']} of {d['entities_with_2plus_gold_links']} ({share})"
                     f" | {'n/a' if linked is None else f'{100 * linked:.1f}%'}"
                     f" | {d.get('mixed_inside_documents', 'n/a')}"
                     f" | {d.get('mixed_with_gold_variant_form', 'n/a')}"
                     f" | {d['writer_ms_per_doc']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Parse the arguments, analyze, write, measure, print and save the figures."""
    pin_threads()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", nargs="+", default=["dev", "test"])
    parser.add_argument("--limit", type=int, default=None, help="first N documents per split")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    if not (args.data / args.split[0]).is_dir():
        log(f"identity: no NEREL data at {args.data}; skipped")
        return
    pairs = [p for split in args.split
             for p in analyzed(split, args.data, args.limit, args.cache)]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "identity.db"
        ms = write_store(db, pairs)
        found = gold_mentions(db, pairs)
        figures = {**identity_figures([f[:3] for f in found]), **mixed_causes(found)}
    result = {"splits": args.split, "limit": args.limit, "docs": len(pairs),
              "writer_ms_per_doc": round(ms, 2), **figures, "machine": machine()}
    print(json.dumps(result, ensure_ascii=False))
    write_json(result, args.json)


if __name__ == "__main__":
    main()
