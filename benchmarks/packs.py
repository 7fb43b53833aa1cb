"""Compare NER packs inside the whole pipeline: NEREL dev scores and pipeline speed.

Each PACK is a model pack file, or ``shipped`` for the package's own. ``--dev`` scores
the pipeline with that pack as its NER on NEREL dev (``letopis eval nerel`` with the pack
swapped in); several packs joined by ``+`` are one model whose span logits are the mean of
theirs (a seed ensemble). ``--speed`` runs the throughput benchmark's letopis side
(``benchmarks/throughput.py``: fresh process, caches warmed on NEREL train texts, one
unseen pass over NEREL test texts, then a second pass) once per pack per round, rounds
alternating. BLAS/OpenMP threads are pinned to 1.

    python benchmarks/packs.py --dev shipped PACK PACK_A+PACK_B
    python benchmarks/packs.py --speed --rounds 2 shipped PACK
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import log, median, pin_threads, run_child  # noqa: E402

import letopis.exec.ner as ner  # noqa: E402
from letopis.exec.ner import EnsembleNer, NumpyNer  # noqa: E402
from letopis.exec.pack import load_pack  # noqa: E402


def use_pack(spec: str) -> None:
    """Make ``spec`` the pipeline's NER model in this process."""
    if spec == "shipped":
        return
    members = [NumpyNer(load_pack(Path(p))) for p in spec.split("+")]
    model = members[0] if len(members) == 1 else EnsembleNer(members)
    ner.ner_model = lambda name="fast": model  # type: ignore[assignment]


def dev_scores(spec: str, data: str | None) -> dict[str, Any]:
    """Pipeline scores on NEREL dev with ``spec`` as the NER."""
    from letopis.eval.data import split_dir
    from letopis.eval.nerel import evaluate, read_split

    use_pack(spec)
    result = evaluate(read_split(split_dir("nerel", "dev", data)), "dev")
    micro = result.entities.micro
    return {"pack": spec, "precision": micro.precision, "recall": micro.recall, "f1": micro.f1,
            "coarse": {k: v.f1 for k, v in sorted(result.coarse.labels.items())}}


def child_speed(spec: str, texts_path: str, warm_path: str) -> None:
    """In a fresh process: load, warm, time an unseen and a repeated pass; print JSON."""
    import letopis

    use_pack(spec)
    letopis.analyze("Вчера Иван Петров приехал в Москву.")
    for text in json.loads(Path(warm_path).read_text(encoding="utf-8")):
        letopis.analyze(text)
    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))
    out = {}
    for name in ("unseen", "again"):
        started = time.perf_counter()
        for text in texts:
            letopis.analyze(text)
        out[f"{name}_docs_per_s"] = len(texts) / (time.perf_counter() - started)
    print(json.dumps(out))


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and print one JSON line per pack."""
    pin_threads()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("packs", nargs="*", help="pack files, 'shipped', or A+B (mean)")
    parser.add_argument("--data", help="data folder (default: LETOPIS_DATA or ../shared/data)")
    parser.add_argument("--dev", action="store_true", help="score on NEREL dev")
    parser.add_argument("--speed", action="store_true", help="time the pipeline")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--texts", help=argparse.SUPPRESS)
    parser.add_argument("--warm-texts", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_speed(args.child, args.texts, args.warm_texts)
        return
    if args.dev:
        for spec in args.packs:
            print(json.dumps(dev_scores(spec, args.data)), flush=True)
    if args.speed:
        speed(args.packs, args.data, args.rounds, args.warm)


def speed(packs: list[str], data: str | None, rounds: int, warm: int) -> None:
    """Alternating fresh-process passes; medians per pack."""
    from texts import speed_texts

    _, texts, warm_texts = speed_texts(data, warm)
    runs: dict[str, list[dict[str, float]]] = {p: [] for p in packs}
    with tempfile.TemporaryDirectory() as tmp:
        texts_path, warm_path = Path(tmp) / "texts.json", Path(tmp) / "warm.json"
        texts_path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        warm_path.write_text(json.dumps(warm_texts, ensure_ascii=False), encoding="utf-8")
        for index in range(rounds):
            for spec in packs:
                got, _ = run_child([__file__, "--child", spec, "--texts", str(texts_path),
                                    "--warm-texts", str(warm_path)])
                runs[spec].append(got)
                log(f"round {index + 1}: {spec} {got}")
    for spec, got in runs.items():
        print(json.dumps({"pack": spec, "runs": got,
                          "unseen_docs_per_s": median([g["unseen_docs_per_s"] for g in got]),
                          "again_docs_per_s": median([g["again_docs_per_s"] for g in got])}))


if __name__ == "__main__":
    main()
