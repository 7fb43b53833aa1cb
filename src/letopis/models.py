"""Shared resources, each loaded once and lazily on first use."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def navec() -> Any:
    """The navec news embeddings shipped in the ``natasha`` package (mapped, not copied)."""
    from letopis.navec_file import load_navec

    return load_navec()


@cache
def slovnet_ner() -> Any:
    """slovnet's news NER (PER/LOC/ORG), as shipped in the ``natasha`` package."""
    from natasha import NewsNERTagger

    return NewsNERTagger(navec())


@cache
def morph_analyzer() -> Any:
    """The pymorphy3 analyzer with the Russian OpenCorpora dictionaries.

    The dictionaries' path is given, so pymorphy3 does not scan every installed package's
    entry points for them (a third of its load time).
    """
    import pymorphy3
    import pymorphy3_dicts_ru

    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")
