"""Check the factRuEval scorer against the published figures: score Natasha's own NER.

The published slovnet figures (PER 0.959, LOC 0.915, ORG 0.825) were computed by natasha's
naeval over devset and testset together, per (token, type). Running the same model
(Natasha ``Segmenter`` + ``NewsNERTagger``) through ``letopis.eval.factru`` on the same
documents should give the same numbers if our scorer measures the same thing.

    python benchmarks/calibrate_factru.py [--data DIR] [--json OUT]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import data_json_args, write_json  # noqa: E402

NATASHA_TO_NEREL = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}


def natasha_analyze() -> Callable[[str], Any]:
    """A text -> letopis Document function backed by Natasha's NER alone."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    from letopis.doc import Document

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())

    def analyze(text: str) -> Document:
        ndoc = Doc(text)
        ndoc.segment(segmenter)
        ndoc.tag_ner(tagger)
        doc = Document(text)
        for span in ndoc.spans:
            doc.add_mention(span.start, span.stop, NATASHA_TO_NEREL[span.type])
        return doc

    return analyze


def main(argv: list[str] | None = None) -> None:
    """Score Natasha's NER on factRuEval devset + testset and print the table."""
    args = data_json_args(__doc__, argv)
    from letopis.eval import factru
    from letopis.eval.data import split_dir
    from letopis.eval.report import factru_markdown

    docs = factru.read_split([split_dir("factru", s, args.data) for s in ("dev", "test")])
    result = factru.evaluate(docs, "all (Natasha NER)", analyze=natasha_analyze())
    sys.stdout.write(factru_markdown(result))
    write_json({**result.to_dict(), "system": "natasha NewsNERTagger"}, args.json)


if __name__ == "__main__":
    main()
