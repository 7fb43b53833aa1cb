"""Fixed predictions for the evaluator fixtures, so expected scores can be computed by hand."""

from __future__ import annotations

from pathlib import Path

from letopis.doc import Document, Entity, Relation, check_spans

FIXTURES = Path(__file__).parent / "fixtures"

# text start -> [(start, end, label)]
MENTIONS: dict[str, list[tuple[int, int, str]]] = {
    # NEREL a: profession with a nested country, person, city under the wrong label,
    # and a partial overlap ("Лавров" inside "Сергей Лавров") that must not count.
    "Министр иностранных": [
        (0, 30, "PROFESSION"), (24, 30, "COUNTRY"), (31, 44, "PERSON"),
        (38, 44, "PERSON"), (54, 59, "LOCATION"),
    ],
    # NEREL b: organization with a nested country, «Правда» with its quotes (partial),
    # the hull of the discontinuous date; the second date is missed.
    "Совет министров": [
        (0, 20, "ORGANIZATION"), (16, 20, "COUNTRY"), (43, 51, "ORGANIZATION"),
        (67, 78, "DATE"),
    ],
    # factRuEval book_1: person, city, «Открытие» with quotes, a longer place, a profession.
    "Мэр Москвы": [
        (0, 3, "PROFESSION"), (4, 10, "CITY"), (11, 22, "PERSON"),
        (55, 65, "ORGANIZATION"), (69, 85, "LOCATION"),
    ],
    # factRuEval book_2: bank with a nested country, a span not on token bounds.
    "Банк России": [(0, 11, "ORGANIZATION"), (5, 11, "COUNTRY"), (20, 25, "ORGANIZATION")],
}


def fake_analyze(text: str) -> Document:
    """A Document with the fixed mentions (and, for NEREL a and b, relations and links)."""
    doc = Document(text)
    for key, items in MENTIONS.items():
        if text.startswith(key):
            for start, end, label in items:
                doc.add_mention(start, end, label)
    by_span = {(m.start, m.end): m for m in doc.mentions}
    if (31, 44) in by_span:  # NEREL a
        person, short, job = by_span[31, 44], by_span[38, 44], by_span[0, 30]
        doc.relations.append(Relation("r1", "WORKS_AS", person.id, job.id, 0, 44))
        doc.relations.append(Relation("r2", "WORKS_AS", short.id, job.id, 0, 44))
        _link(doc, person, "e1", "Q101")
    if (0, 20) in by_span:  # NEREL b: a wrong link
        _link(doc, by_span[0, 20], "e1", "Q999")
    check_spans(doc)
    return doc


def _link(doc: Document, mention, entity_id: str, qid: str) -> None:
    mention.entity = entity_id
    doc.entities.append(Entity(entity_id, mention.label, mention.text, [], [mention.id], qid))
