"""Placeholder."""

from letopis.doc import Document


def normalize_names(doc: Document) -> Document:
    """Not implemented yet."""
    return doc
