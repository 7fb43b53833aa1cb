"""NEREL v1.1 (brat standoff) reader and scorer.

Each document is ``<name>.txt`` with ``<name>.ann`` beside it. Lines used:

- ``T<n>\\t<LABEL> <start> <end>[;<start> <end>...]\\t<text>``: an entity. A discontinuous
  entity (several ``start end`` fragments) is scored as its hull: the smallest start and
  the largest end of its fragments (fragments are not always in text order). Such
  entities are counted in the report.
- ``R<n>\\t<TYPE> Arg1:T<i> Arg2:T<j>``: a relation from head ``Arg1`` to tail ``Arg2``.
- ``N<n>\\tReference T<i> Wikidata:<Qid or NULL>\\t<name>``: an entity link.

Other lines are ignored. Texts are read as UTF-8 with newlines untouched, so offsets are
code points of the file as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letopis.doc import SYMMETRIC_RELATIONS, Document
from letopis.errors import DataError
from letopis.eval.score import COARSE, Scores, dedup, relabel, score_docs

Span = tuple[int, int]


@dataclass
class BratEntity:
    """A ``T`` line: label, hull offsets and the original fragments."""

    id: str
    label: str
    start: int
    end: int
    fragments: list[Span]


@dataclass
class BratRelation:
    """An ``R`` line: type, head (Arg1) and tail (Arg2) entity ids."""

    id: str
    type: str
    head: str
    tail: str


@dataclass
class BratDoc:
    """One NEREL document: its text and annotation layers."""

    name: str
    text: str
    entities: dict[str, BratEntity] = field(default_factory=dict)
    relations: list[BratRelation] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # entity id -> Wikidata id or NULL
    skipped: list[str] = field(default_factory=list)  # malformed lines, left out


def parse_fragments(field_: str) -> list[Span]:
    """``"10 20;30 40"`` -> ``[(10, 20), (30, 40)]``."""
    spans = []
    for part in field_.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return spans


def parse_ann(ann: str, name: str = "") -> BratDoc:
    """Parse the text of a ``.ann`` file into a BratDoc without text.

    A malformed line is left out and kept in ``skipped`` (the report counts them).
    """
    doc = BratDoc(name, "")
    for line in ann.splitlines():
        if not line.strip():
            continue
        try:
            _parse_line(doc, line.split("\t"))
        except (ValueError, IndexError):
            doc.skipped.append(line)
    return doc


def _parse_line(doc: BratDoc, cols: list[str]) -> None:
    kind = cols[0][:1]
    if kind == "T":
        label, _, rest = cols[1].partition(" ")
        frags = parse_fragments(rest)
        start, end = min(f[0] for f in frags), max(f[1] for f in frags)
        doc.entities[cols[0]] = BratEntity(cols[0], label, start, end, frags)
    elif kind == "R":
        rtype, arg1, arg2 = cols[1].split()[:3]
        doc.relations.append(BratRelation(cols[0], rtype, _arg(arg1), _arg(arg2)))
    elif kind == "N":
        _, target, ref = cols[1].split()[:3]
        base, sep, qid = ref.partition(":")
        if base != "Wikidata" or not qid:
            raise ValueError(ref)
        doc.links[target] = qid


def _arg(arg: str) -> str:
    role, _, ref = arg.partition(":")
    if not ref:
        raise ValueError(arg)
    return ref


def read_doc(txt: Path) -> BratDoc:
    """Read ``<name>.txt`` and its ``.ann``; DataError if the .ann is missing or bad."""
    ann = txt.with_suffix(".ann")
    if not ann.is_file():
        raise DataError(f"no annotation file beside {txt.name}")
    doc = parse_ann(ann.read_text(encoding="utf-8"), txt.stem)
    with txt.open(encoding="utf-8", newline="") as handle:
        doc.text = handle.read()
    for ent in doc.entities.values():
        if not 0 <= ent.start < ent.end <= len(doc.text):
            raise DataError(f"{txt.stem}: entity {ent.id} [{ent.start}, {ent.end}) outside text")
    return doc


def read_split(folder: Path, limit: int | None = None) -> list[BratDoc]:
    """All documents of a split folder, sorted by name (the first ``limit`` if given)."""
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise DataError(f"no .txt files in {folder}")
    if limit is not None:
        paths = paths[:limit]
    return [read_doc(p) for p in paths]


# -- items -------------------------------------------------------------------

def gold_entities(doc: BratDoc) -> tuple[set[tuple[int, int, str]], int]:
    """The set of (start, end, label) and how many duplicate lines were dropped."""
    return dedup((e.start, e.end, e.label) for e in doc.entities.values())


def canonical(head: Span, tail: Span, rtype: str) -> tuple[Span, Span, str]:
    """A relation as scored: a symmetric type's arguments in text order (NEREL gives
    them in either order; letopis stores them once), other types as they are."""
    if rtype in SYMMETRIC_RELATIONS and tail < head:
        head, tail = tail, head
    return head, tail, rtype


def gold_relations(doc: BratDoc) -> tuple[set[tuple[Span, Span, str]], int]:
    """The set of (head span, tail span, type) and how many relations name no entity."""
    items, missing = set(), 0
    for r in doc.relations:
        head, tail = doc.entities.get(r.head), doc.entities.get(r.tail)
        if head is None or tail is None:
            missing += 1
            continue
        items.add(canonical((head.start, head.end), (tail.start, tail.end), r.type))
    return items, missing


def pred_entities(doc: Document) -> set[tuple[int, int, str]]:
    """The predicted (start, end, label) set of an analyzed document."""
    return {(m.start, m.end, m.label) for m in doc.mentions}


def pred_relations(doc: Document) -> set[tuple[Span, Span, str]]:
    """The predicted (head span, tail span, type) set of an analyzed document."""
    spans = {m.id: (m.start, m.end) for m in doc.mentions}
    return {canonical(spans[r.head], spans[r.tail], r.type) for r in doc.relations
            if r.head in spans and r.tail in spans}


def gold_mention_document(doc: BratDoc) -> Document:
    """The document segmented and tagged, with the gold entities as its mentions (one per
    span and label), normalized and clustered into entities as the pipeline does before
    its relation stage, for scoring the relations with gold mentions given."""
    from letopis.morph import tag_morph
    from letopis.resolve.cluster import cluster_entities
    from letopis.segment import segment

    work = tag_morph(segment(Document(doc.text)))
    for key in sorted({(e.start, e.end, e.label) for e in doc.entities.values()}):
        work.add_mention(*key)
    return cluster_entities(work)


def relations_given_mentions(doc: BratDoc, ner_model: str = "fast",
                             ) -> set[tuple[Span, Span, str]]:
    """The relations the relation model of the pipeline with ``ner_model`` finds between
    the gold mentions."""
    from letopis.extract.relations import tag_relations

    return pred_relations(tag_relations(gold_mention_document(doc), ner_model))


def pred_links(doc: Document) -> dict[Span, set[str]]:
    """Span -> Wikidata ids of the entities its mentions belong to (linked ones only)."""
    qids = {e.id: e.wikidata for e in doc.entities if e.wikidata}
    out: dict[Span, set[str]] = {}
    for m in doc.mentions:
        if m.entity in qids:
            out.setdefault((m.start, m.end), set()).add(qids[m.entity])
    return out


# -- evaluation --------------------------------------------------------------

@dataclass
class NerelResult:
    """Everything ``letopis eval nerel`` reports."""

    split: str
    docs: int = 0
    entities: Scores = field(default_factory=Scores)
    coarse: Scores = field(default_factory=Scores)
    relations: Scores = field(default_factory=Scores)
    relations_gold: Scores = field(default_factory=Scores)  # gold mentions given
    link_correct: int = 0
    link_total: int = 0
    link_predicted: int = 0
    link_given: int = 0  # Q-ids put on the spans of gold links with a Q-id
    link_nil_spans: int = 0  # gold links to nothing (NULL)
    link_nil_given: int = 0  # Q-ids put on those
    discontinuous: int = 0
    duplicates: int = 0
    dangling_relations: int = 0
    skipped_lines: int = 0

    @property
    def link_accuracy(self) -> float | None:
        """Correct / gold links with a Wikidata id (the linking recall); None until the
        pipeline links anything."""
        if not self.link_predicted or not self.link_total:
            return None
        return self.link_correct / self.link_total

    @property
    def link_precision(self) -> float | None:
        """Correct / Q-ids put on the spans of gold links with a Q-id; None if none."""
        return self.link_correct / self.link_given if self.link_given else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "dataset": "nerel", "split": self.split, "docs": self.docs,
            "entities": self.entities.to_dict(), "coarse": self.coarse.to_dict(),
            "relations": self.relations.to_dict(),
            "relations_gold_mentions": self.relations_gold.to_dict(),
            "linking": {"correct": self.link_correct, "total": self.link_total,
                        "predicted_links": self.link_predicted,
                        "given_on_gold": self.link_given,
                        "accuracy": self.link_accuracy, "recall": self.link_accuracy,
                        "precision": self.link_precision,
                        "nil_gold": self.link_nil_spans,
                        "nil_given_qid": self.link_nil_given},
            "notes": {"discontinuous_entities_scored_as_hull": self.discontinuous,
                      "duplicate_gold_entities_dropped": self.duplicates,
                      "relations_with_missing_argument": self.dangling_relations,
                      "malformed_lines_skipped": self.skipped_lines},
        }


def score_doc(result: NerelResult, gold: BratDoc, pred: Document,
              ner_model: str = "fast") -> None:
    """Add one document's comparison to ``result`` (relations with gold mentions by the
    relation model of ``ner_model``)."""
    ents, dups = gold_entities(gold)
    rels, missing = gold_relations(gold)
    pents = pred_entities(pred)
    result.docs += 1
    result.duplicates += dups
    result.dangling_relations += missing
    result.skipped_lines += len(gold.skipped)
    result.discontinuous += sum(len(e.fragments) > 1 for e in gold.entities.values())
    result.entities.merge(score_docs([(ents, pents)]))
    result.coarse.merge(score_docs([(relabel(ents, COARSE), relabel(pents, COARSE))]))
    result.relations.merge(score_docs([(rels, pred_relations(pred))]))
    result.relations_gold.merge(score_docs([(rels, relations_given_mentions(gold, ner_model))]))
    _score_links(result, gold, pred)


def _score_links(result: NerelResult, gold: BratDoc, pred: Document) -> None:
    links = pred_links(pred)
    result.link_predicted += sum(len(v) for v in links.values())
    for target, ref in gold.links.items():
        ent = gold.entities.get(target)
        if ent is None:
            continue
        given = links.get((ent.start, ent.end), set())
        if ref == "NULL":
            result.link_nil_spans += 1
            result.link_nil_given += len(given)
            continue
        result.link_total += 1
        result.link_given += len(given)
        result.link_correct += ref in given


def to_ann(doc: Document) -> str:
    """Predicted mentions and relations as brat ``T`` and ``R`` lines."""
    tids = {m.id: f"T{i}" for i, m in enumerate(doc.mentions, 1)}
    lines = [f"{tids[m.id]}\t{m.label} {m.start} {m.end}\t{m.text}".replace("\n", " ")
             for m in doc.mentions]
    lines += [f"R{i}\t{r.type} Arg1:{tids[r.head]} Arg2:{tids[r.tail]}"
              for i, r in enumerate(doc.relations, 1) if r.head in tids and r.tail in tids]
    return "".join(line + "\n" for line in lines)


def evaluate(
    docs: Iterable[BratDoc], split: str = "",
    analyze: Callable[[str], Document] | None = None,
    progress: Callable[[int, BratDoc], None] | None = None,
    save_dir: Path | None = None, ner_model: str = "fast",
) -> NerelResult:
    """Run ``analyze`` (default: the letopis pipeline) on every doc and score it.

    With ``save_dir``, each prediction is also written there as ``<name>.ann`` (brat).
    ``ner_model``: the NER model ``analyze`` runs with; its relation model also
    classifies the gold mentions' pairs.
    """
    if analyze is None:
        from letopis import analyze as analyze_
        analyze = analyze_
    result = NerelResult(split)
    for index, doc in enumerate(docs, 1):
        if progress is not None:
            progress(index, doc)
        pred = analyze(doc.text)
        if save_dir is not None:
            (save_dir / f"{doc.name}.ann").write_text(to_ann(pred), encoding="utf-8")
        score_doc(result, doc, pred, ner_model)
    return result
