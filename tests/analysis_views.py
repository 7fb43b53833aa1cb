"""Shared views of a whole analysis for the tests of historical sources: the document with
its spans checked, the mentions of a label, the facts and the entities' names."""

import letopis
from letopis.doc import Document, check_spans


def analyzed(text: str) -> Document:
    """``letopis.analyze`` with every span checked against the text."""
    doc = letopis.analyze(text)
    check_spans(doc)
    return doc


def spans(doc: Document, label: str) -> list[str]:
    """The texts of the mentions of ``label``, in order."""
    return [m.text for m in doc.mentions if m.label == label]


def facts(doc: Document) -> set[tuple[str, str, str]]:
    """(type, head text, tail text) of every relation."""
    text = {m.id: m.text for m in doc.mentions}
    return {(r.type, text[r.head], text[r.tail]) for r in doc.relations}


def names(doc: Document) -> dict[str, str]:
    """Mention text -> the name of its entity."""
    entity = {e.id: e.name for e in doc.entities}
    return {m.text: entity[m.entity] for m in doc.mentions if m.entity}
