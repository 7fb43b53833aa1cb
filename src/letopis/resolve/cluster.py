"""Placeholder."""

from letopis.doc import Document


def cluster_entities(doc: Document) -> Document:
    """Not implemented yet."""
    return doc
