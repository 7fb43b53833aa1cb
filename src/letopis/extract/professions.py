"""Placeholder: replaced by the real extractor."""

from letopis.doc import Document


def tag_professions(doc: Document) -> Document:
    """Not implemented yet."""
    return doc
