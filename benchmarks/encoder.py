"""Speed of the e5 encoder (``letopis.exec.e5``) on NEREL sentences, one BLAS thread.

CPU time of ``E5Context.states`` (tokenization, the 12 layers, the mean over each token's
pieces) over the sentences of ``--docs`` NEREL dev documents, after a warm-up on other
sentences; pieces per CPU second and documents per CPU second.

    python benchmarks/encoder.py [--data DIR] [--docs 30] [--json OUT]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import log, pin_threads, write_json  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--docs", type=int, default=30)
    parser.add_argument("--layers", default="0-12")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    pin_threads()
    from letopis.eval.data import split_dir
    from letopis.exec.e5 import E5Context, join_tokens
    from letopis.train.data import load_corpus

    corpus = load_corpus(split_dir("nerel", "dev", args.data), 12, args.docs + 5)
    warm = [s.words for s in corpus.sentences if s.doc >= args.docs]
    sents = [s.words for s in corpus.sentences if s.doc < args.docs]
    context = E5Context(args.layers)
    context.states(warm)
    pieces = sum(len(context.enc.tok.encode(join_tokens(s)[0])[0]) for s in sents)
    started = time.process_time()
    context.states(sents)
    seconds = time.process_time() - started
    result = {"docs": args.docs, "sentences": len(sents), "pieces": pieces,
              "cpu_s": seconds, "pieces_per_s": pieces / seconds,
              "docs_per_s": args.docs / seconds, "layers": args.layers}
    log(f"e5 encoder: {pieces} pieces of {args.docs} NEREL dev documents in {seconds:.1f} "
        f"CPU s: {pieces / seconds:.0f} pieces/s, {args.docs / seconds:.2f} docs/s")
    write_json(result, args.json)


if __name__ == "__main__":
    main()
