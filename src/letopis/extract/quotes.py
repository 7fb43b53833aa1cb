"""Placeholder: replaced by the real extractor."""

from letopis.doc import Document


def tag_quotes(doc: Document) -> Document:
    """Not implemented yet."""
    return doc
