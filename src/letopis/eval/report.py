"""Markdown tables and JSON for the evaluation results, with the published anchors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from letopis.eval.factru import FactruResult
from letopis.eval.nerel import NerelResult
from letopis.eval.score import COARSE_TYPES, Counts, Scores

# Published figures the results are set beside (F1).
FACTRU_ANCHORS: dict[str, dict[str, float]] = {
    "slovnet": {"PER": 0.959, "LOC": 0.915, "ORG": 0.825},
    "DeepPavlov BERT": {"PER": 0.971, "LOC": 0.928, "ORG": 0.825},
}
NEREL_NER_ANCHORS: dict[str, float] = {
    "Biaffine + fastText": 0.796, "SpERT + RuBERT": 0.825, "MRC": 0.850,
}
NEREL_RELATION_ANCHORS: dict[str, float] = {"OpenNRE + RuBERT (in-sentence)": 0.849}

HEADER = "| {} | support | predicted | correct | P | R | F1 |\n|---|---:|---:|---:|---:|---:|---:|"


def fmt(value: float | None) -> str:
    """A ratio with three decimals, or n/a."""
    return "n/a" if value is None else f"{value:.3f}"


def row(name: str, c: Counts) -> str:
    """One table row of counts and ratios."""
    return (f"| {name} | {c.gold} | {c.pred} | {c.tp} | {fmt(c.precision)} "
            f"| {fmt(c.recall)} | {fmt(c.f1)} |")


def scores_table(title: str, scores: Scores, names: list[str] | None = None) -> str:
    """Per-label rows (``names`` or all seen labels) and the micro row."""
    names = sorted(scores.labels) if names is None else names
    lines = [HEADER.format(title)]
    lines += [row(n, scores.labels.get(n, Counts())) for n in names]
    lines.append(row("**micro**", scores.micro))
    return "\n".join(lines)


def nerel_markdown(result: NerelResult) -> str:
    """The NEREL report: entities, coarse types, relations, linking and notes."""
    rel_names = sorted(n for n, c in result.relations.labels.items() if c.pred)
    linking = fmt(result.link_accuracy)
    if result.link_accuracy is None:
        linking += " (the pipeline links no entity to Wikidata yet)"
    parts = [
        f"## NEREL {result.split}: {result.docs} documents",
        "### Entities: exact (start, end, label), nested included",
        scores_table("label", result.entities),
        "### Coarse PER / LOC / ORG",
        "PER = PERSON; ORG = ORGANIZATION; LOC = LOCATION, COUNTRY, CITY, "
        "STATE_OR_PROVINCE, DISTRICT; other labels left out.",
        scores_table("type", result.coarse, list(COARSE_TYPES)),
        "### Relations: exact (head span, tail span, type)",
        "End to end: the pipeline's own mentions. Symmetric types (SPOUSE, SIBLING, KNOWS, "
        "RELATIVE, ALTERNATIVE_NAME) are scored in either order. Per-type rows only for "
        "types the pipeline predicts.",
        scores_table("relation", result.relations, rel_names),
        "### Relations with gold mentions given",
        "Every candidate pair of the gold mentions is classified (pairs with no relation "
        "included), so a wrong type or a relation where there is none costs precision.",
        scores_table("relation", result.relations_gold,
                     sorted(n for n, c in result.relations_gold.labels.items() if c.gold)),
        "### Entity linking",
        f"Recall over {result.link_total} gold links to a Wikidata id (the span's entity "
        f"has that Q-id): {linking}. Precision over the {result.link_given} Q-ids put on "
        f"those spans: {fmt(result.link_precision)}. Gold links to nothing (NULL): "
        f"{result.link_nil_spans}, of which given a Q-id: {result.link_nil_given}.",
        "### Notes",
        f"- discontinuous gold entities scored as their hull: {result.discontinuous}\n"
        f"- duplicate gold entities counted once: {result.duplicates}\n"
        f"- malformed annotation lines left out: {result.skipped_lines}",
    ]
    return "\n\n".join(parts) + "\n"


def factru_markdown(result: FactruResult) -> str:
    """The factRuEval report: span and token F1 beside the published token F1."""
    names = list(FACTRU_ANCHORS)
    lines = [
        "| type | span P | span R | span F1 | token P | token R | token F1 | "
        + " | ".join(f"{n} (published)" for n in names) + " |",
        "|---|" + "---:|" * (6 + len(names)),
    ]
    for kind in COARSE_TYPES:
        s = result.span.labels.get(kind, Counts())
        t = result.token.labels.get(kind, Counts())
        cells = [fmt(x) for x in (s.precision, s.recall, s.f1, t.precision, t.recall, t.f1)]
        cells += [fmt(FACTRU_ANCHORS[n][kind]) for n in names]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    parts = [
        f"## factRuEval-2016 {result.split}: {result.docs} documents",
        "\n".join(lines),
        "span = exact (start, end, type) match; token = (razdel token, type) match, the "
        "measure of the published figures, which naeval computed over devset and testset "
        "together. See docs/evaluation.md.",
    ]
    return "\n\n".join(parts) + "\n"


def write_json(data: dict[str, Any], path: str | Path) -> None:
    """Write ``data`` as indented UTF-8 JSON."""
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
