"""Derived knowledge views over a Document: facts (relations made readable) and events.

``letopis.kb.facts`` is the one view the HTML report, the web app, the store and the
exports read relations through. ``letopis.kb.authority`` is the offline knowledge base
(Wikidata and GeoNames items, docs/linking.md): ``lookup("Q159")`` -> ``Record``.
"""

from letopis.kb.facts import (
    RELATION_NAMES,
    EventRecord,
    Fact,
    Party,
    Subject,
    doc_facts,
    events,
    facts,
    relation_name,
)

__all__ = ["RELATION_NAMES", "EventRecord", "Fact", "Party", "Subject", "doc_facts",
           "events", "facts", "relation_name"]
