"""Placeholder: replaced by the real extractor."""

from letopis.doc import Document


def tag_events(doc: Document) -> Document:
    """Not implemented yet."""
    return doc
