"""Derived knowledge views over a Document: facts (relations made readable) and events.

``letopis.kb.facts`` is the one view the HTML report, the web app, the store and the
exports read relations through.
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
