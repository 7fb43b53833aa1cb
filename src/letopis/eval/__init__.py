"""Measuring instruments: NEREL and factRuEval-2016 scorers (see docs/evaluation.md)."""

from letopis.eval.data import dataset_dir, split_dir
from letopis.eval.score import Counts, Scores, score_docs

__all__ = ["Counts", "Scores", "dataset_dir", "score_docs", "split_dir"]
