"""Relations on the web pages: facts seen from one entity, passages with marked mentions.

The store aggregates relations per type and pair (``Store.relations``); here a group is
turned round to read from the entity whose page shows it (``letopis.kb.facts`` names
the type from either side) and each evidence passage gets its two mentions marked.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from letopis.kb.facts import relation_name
from letopis.report.markup import Span, render_spans
from letopis.store.results import Evidence, RelationGroup, RelationSide


@dataclass
class FactRow:
    """A relation group read from one entity: <name> ``other``, with its passages."""

    group: RelationGroup
    name: str
    other: RelationSide
    inverse: bool
    passages: list[tuple[Evidence, Markup]]


def passage_markup(passage: Evidence) -> Markup:
    """The evidence text, escaped, with its head and tail mentions marked (where they lie
    inside the text shown)."""
    spans = [Span(a - passage.start, b - passage.start, 0, "mark", (("class", "hit"),))
             for a, b in (passage.head, passage.tail)]
    return Markup(render_spans(passage.text, spans))


def passages(group: RelationGroup) -> list[tuple[Evidence, Markup]]:
    """Each evidence passage of ``group`` with its markup."""
    return [(p, passage_markup(p)) for p in group.evidence]


def fact_rows(groups: list[RelationGroup], entity_id: str) -> list[FactRow]:
    """``groups`` read from ``entity_id``: the other side and the type's name from there."""
    rows = []
    for group in groups:
        inverse = group.head.entity != entity_id
        other = group.head if inverse else group.tail
        name = relation_name(group.type, inverse)
        rows.append(FactRow(group, name, other, inverse and not group.symmetric,
                            passages(group)))
    return rows
