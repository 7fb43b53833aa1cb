"""Shared resources, each loaded once and lazily on first use."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def navec() -> Any:
    """The navec news embeddings shipped in the ``natasha`` package."""
    from natasha import NewsEmbedding

    return NewsEmbedding()


@cache
def slovnet_ner() -> Any:
    """slovnet's news NER (PER/LOC/ORG), as shipped in the ``natasha`` package."""
    from natasha import NewsNERTagger

    return NewsNERTagger(navec())


@cache
def morph_analyzer() -> Any:
    """The pymorphy3 analyzer with the Russian OpenCorpora dictionaries."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()
