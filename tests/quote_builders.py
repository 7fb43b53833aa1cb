"""Shared builders for the quote, work and claim tests: stages around hand-made mentions."""

import re

from letopis.doc import Document, Entity, check_spans
from letopis.extract.claims import tag_claims
from letopis.extract.quotes import tag_quotes
from letopis.extract.works import tag_works
from letopis.morph import parse, tag_morph
from letopis.segment import segment

ENTITY_LABELS = ("PERSON", "ORGANIZATION", "LAW", "WORK_OF_ART")


def assign_entities(doc: Document) -> Document:
    """Stand-in for clustering: one entity per surname lemma (persons) or per text."""
    groups: dict[tuple[str, str], Entity] = {}
    for m in doc.mentions:
        if m.entity is not None or m.label not in ENTITY_LABELS:
            continue
        key = m.text.lower()
        if m.label == "PERSON":
            last = m.text.replace(".", " ").split()[-1]
            parses = parse(last)
            name = next((p for p in parses if "Surn" in p.tag or "Name" in p.tag), parses[0])
            key = name.normal_form
        entity = groups.get((m.label, key))
        if entity is None:
            entity = Entity(f"e{len(doc.entities) + 1}", m.label, m.text)
            doc.entities.append(entity)
            groups[(m.label, key)] = entity
        entity.mentions.append(m.id)
        m.entity = entity.id
    return doc


def build(text: str, persons: tuple[str, ...] = (), orgs: tuple[str, ...] = ()) -> Document:
    """segment -> morph -> hand-made mentions -> works -> entities -> quotes -> claims."""
    doc = tag_morph(segment(Document(text)))
    for label, names in (("PERSON", persons), ("ORGANIZATION", orgs)):
        for name in names:
            for hit in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                doc.add_mention(hit.start(), hit.end(), label)
    doc = tag_claims(tag_quotes(assign_entities(tag_works(doc))))
    check_spans(doc)
    return doc
