"""PER/LOC/ORG side by side: letopis and Natasha's NER in one run, on the same test data.

Both systems analyze the NEREL v1.1 test texts and the factRuEval-2016 testset in this one
process; the same scorers score both:

- NEREL test, coarse types (PER = PERSON; LOC = the location family; ORG =
  ORGANIZATION), exact match, nested included (``letopis.eval.nerel``'s ``coarse``);
  Natasha's PER/LOC/ORG map to PERSON/LOCATION/ORGANIZATION;
- factRuEval testset, token and span F1 (``letopis.eval.factru``; letopis's mentions go
  through ``nerel_to_factru``). The testset only: letopis's model has seen the devset's
  PER/LOC/ORG names in training.

    python benchmarks/peers.py [--data DIR] [--json OUT]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calibrate_factru import natasha_analyze  # noqa: E402
from common import data_json_args, log, write_json  # noqa: E402

TYPES = ("PER", "LOC", "ORG")
SYSTEMS = ("letopis", "accurate", "natasha")  # accurate: letopis with --ner-model accurate


def f1s(scores: dict[str, Any]) -> dict[str, float | None]:
    """F1 per coarse type from a Scores.to_dict()."""
    return {k: scores["labels"].get(k, {}).get("f1") for k in TYPES}


def measure(data: str | None) -> dict[str, Any]:
    """Both systems on NEREL test (coarse) and factRuEval testset (token, span)."""
    import letopis
    from letopis.eval import factru, nerel
    from letopis.eval.data import split_dir

    runs = {"letopis": letopis.analyze, "natasha": natasha_analyze(),
            "accurate": lambda text: letopis.analyze(text, ner_model="accurate")}
    nerel_docs = nerel.read_split(split_dir("nerel", "test", data))
    factru_docs = factru.read_split([split_dir("factru", "test", data)])
    out: dict[str, Any] = {"nerel_docs": len(nerel_docs), "factru_docs": len(factru_docs)}
    for name in SYSTEMS:
        log(f"{name}: NEREL test")
        n = nerel.evaluate(nerel_docs, "test", analyze=runs[name])
        log(f"{name}: factRuEval testset")
        fr = factru.evaluate(factru_docs, "test", analyze=runs[name])
        out[name] = {"nerel_coarse": f1s(n.coarse.to_dict()),
                     "factru_token": f1s(fr.token.to_dict()),
                     "factru_span": f1s(fr.span.to_dict())}
    return out


def markdown(data: dict[str, Any]) -> str:
    """One row per (data, type): both F1s and whether letopis's is at least Natasha's."""
    rows = [("NEREL test, coarse, exact", "nerel_coarse"),
            ("factRuEval testset, token", "factru_token"),
            ("factRuEval testset, span", "factru_span")]
    lines = [f"NEREL test: {data['nerel_docs']} documents; factRuEval testset: "
             f"{data['factru_docs']} documents.", "",
             "| data | type | letopis F1 | accurate F1 | Natasha F1 | letopis >= Natasha "
             "| accurate >= Natasha |",
             "|---|---|---:|---:|---:|---|---|"]

    def cell(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    def at_least(value: float | None, theirs: float | None) -> str:
        if value is None or theirs is None:
            return "n/a"
        return "yes" if value >= theirs else "no"

    for title, key in rows:
        for t in TYPES:
            theirs = data["natasha"][key][t]
            ours = data["letopis"][key][t]
            accurate = data.get("accurate", {}).get(key, {}).get(t)
            lines.append(f"| {title} | {t} | {cell(ours)} | {cell(accurate)} | {cell(theirs)} "
                         f"| {at_least(ours, theirs)} | {at_least(accurate, theirs)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Measure, print the table, write the JSON."""
    args = data_json_args(__doc__, argv)
    data = measure(args.data)
    sys.stdout.write(markdown(data))
    write_json(data, args.json)


if __name__ == "__main__":
    main()
