"""A hand-built document with relations of every family (work, membership, location,
time, kinship, crime, event participation) for the tests of the surface of relations:
``letopis.kb``, the report, the store, the web app and the exports.
"""

from __future__ import annotations

from letopis.doc import DateValue, Document, Entity, Mention, Relation, check_spans

TEXT = ("В марте 1921 года в Москве прошёл X съезд РКП(б). Ленин выступил на съезде. "
        "Его жена Крупская работала в Наркомпросе. Троцкий, нарком по военным делам, "
        "был осуждён за измену. Прения о профсоюзах открыли съезд.")

# (surface, occurrence, label, entity id or None)
MENTIONS = [
    ("марте 1921 года", 0, "DATE", None),
    ("Москве", 0, "CITY", "e3"),
    ("X съезд РКП(б)", 0, "EVENT", "e1"),
    ("РКП(б)", 0, "ORGANIZATION", "e2"),
    ("Ленин", 0, "PERSON", "e4"),
    ("съезде", 0, "EVENT", "e1"),
    ("Крупская", 0, "PERSON", "e5"),
    ("Наркомпросе", 0, "ORGANIZATION", "e6"),
    ("Троцкий", 0, "PERSON", "e7"),
    ("нарком по военным делам", 0, "PROFESSION", None),
    ("измену", 0, "CRIME", None),
    ("Прения о профсоюзах", 0, "EVENT", "e8"),
    ("съезд", 2, "EVENT", "e1"),
]

ENTITIES = [
    ("e1", "EVENT", "X съезд РКП(б)"), ("e2", "ORGANIZATION", "РКП(б)"),
    ("e3", "CITY", "Москва"), ("e4", "PERSON", "Ленин"), ("e5", "PERSON", "Крупская"),
    ("e6", "ORGANIZATION", "Наркомпрос"), ("e7", "PERSON", "Троцкий"),
    ("e8", "EVENT", "Прения о профсоюзах"),
]

# (type, head surface, tail surface, score); evidence: the stretch covering both.
RELATIONS = [
    ("POINT_IN_TIME", "X съезд РКП(б)", "марте 1921 года", 0.9),
    ("TAKES_PLACE_IN", "X съезд РКП(б)", "Москве", 0.8),
    ("ORGANIZES", "РКП(б)", "X съезд РКП(б)", 0.7),
    ("PARTICIPANT_IN", "Ленин", "съезде", 0.95),
    ("SPOUSE", "Крупская", "Ленин", 0.6),
    ("WORKPLACE", "Крупская", "Наркомпросе", 0.85),
    ("WORKS_AS", "Троцкий", "нарком по военным делам", 0.99),
    ("CONVICTED_OF", "Троцкий", "измену", 0.5),
    ("SUBEVENT_OF", "Прения о профсоюзах", "съезд#2", 0.75),
    ("MEMBER_OF", "Ленин", "РКП(б)", 0.65),
]


def _at(text: str, surface: str, nth: int) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(surface, pos + 1)
    return pos


def build_relation_document(source: str = "relations.txt", text: str = TEXT) -> Document:
    """The document above (``text`` may carry a prefix before ``TEXT``)."""
    doc = Document(text=text, source=source)
    shift = text.index(TEXT)
    by_surface: dict[str, Mention] = {}
    for i, (surface, nth, label, ent) in enumerate(MENTIONS, 1):
        start = shift + _at(TEXT, surface, nth)
        m = Mention(f"m{i}", start, start + len(surface), surface, label, ent)
        doc.mentions.append(m)
        by_surface[surface if nth == 0 else f"{surface}#{nth}"] = m
    for eid, label, name in ENTITIES:
        ids = [m.id for m in doc.mentions if m.entity == eid]
        surfaces = sorted({m.text for m in doc.mentions if m.entity == eid} - {name})
        doc.entities.append(Entity(eid, label, name, surfaces, ids))
    doc.dates.append(DateValue(by_surface["марте 1921 года"].id, "1921-03"))
    for i, (rtype, head, tail, score) in enumerate(RELATIONS, 1):
        h, t = by_surface[head], by_surface[tail]
        doc.relations.append(Relation(f"r{i}", rtype, h.id, t.id, min(h.start, t.start),
                                      max(h.end, t.end), score))
    doc.sort_mentions()
    check_spans(doc)
    return doc


def tagged_document(text: str, *spans: tuple[str, str]) -> Document:
    """``text`` segmented and tagged, with a mention per (surface, label), each at the
    surface's first occurrence; spans checked (the pattern modules' tests)."""
    from letopis.morph import tag_morph
    from letopis.segment import segment

    doc = tag_morph(segment(Document(text)))
    for surface, label in spans:
        start = text.index(surface)
        doc.add_mention(start, start + len(surface), label)
    check_spans(doc)
    return doc


def rule_triples(found: list[tuple[str, Mention, Mention]]) -> list[tuple[str, str, str]]:
    """(type, head text, tail text) of what a pattern module found."""
    return [(rtype, head.text, tail.text) for rtype, head, tail in found]
