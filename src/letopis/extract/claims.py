"""Placeholder: replaced by the real extractor."""

from letopis.doc import Document


def tag_claims(doc: Document) -> Document:
    """Not implemented yet."""
    return doc
