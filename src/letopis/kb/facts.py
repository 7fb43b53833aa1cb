"""Facts and events: one derived view of ``Document.relations`` for every reader.

``doc_facts(doc)`` makes each relation a ``Fact``: its two sides resolved to entities
(canonical name, label) or, for a mention outside any entity (a date, a profession),
to the mention itself; the Russian name of its type; the evidence span with a short
snippet; and the EDTF values of a DATE side. ``facts(doc)`` groups them by subject
entity (a symmetric relation under both of its sides); ``events(doc)`` gives each EVENT
its dates, places, participants and parts. The HTML report, the web app, the store and
the exports all read relations through these three functions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from letopis.doc import SYMMETRIC_RELATIONS, Document, Entity, Mention, Relation

# What the other side is to the subject, in Russian: (head's view, tail's view).
RELATION_NAMES: dict[str, tuple[str, str]] = {
    "ABBREVIATION": ("сокращение", "полная форма"),
    "KNOWS": ("знакомый", "знакомый"),
    "AGE_IS": ("возраст", "возраст у"),
    "AGE_DIED_AT": ("возраст смерти", "возраст смерти у"),
    "ALTERNATIVE_NAME": ("другое название", "другое название"),
    "AWARDED_WITH": ("награда", "награждённый"),
    "PLACE_OF_BIRTH": ("место рождения", "уроженец"),
    "CAUSE_OF_DEATH": ("причина смерти", "причина смерти у"),
    "DATE_DEFUNCT_IN": ("дата прекращения", "прекратил существование"),
    "DATE_FOUNDED_IN": ("дата основания", "основан"),
    "DATE_OF_BIRTH": ("дата рождения", "родился"),
    "DATE_OF_CREATION": ("дата создания", "создан"),
    "DATE_OF_DEATH": ("дата смерти", "умер"),
    "POINT_IN_TIME": ("дата", "датирует"),
    "PLACE_OF_DEATH": ("место смерти", "умер здесь"),
    "FOUNDED_BY": ("основатель", "основал"),
    "HEADQUARTERED_IN": ("местонахождение", "здесь находится"),
    "IDEOLOGY_OF": ("идеология", "сторонник"),
    "LOCATED_IN": ("находится в", "здесь находится"),
    "SPOUSE": ("супруг(а)", "супруг(а)"),
    "MEDICAL_CONDITION": ("болезнь", "болел"),
    "MEMBER_OF": ("состоит в", "член"),
    "ORGANIZES": ("организовал", "организатор"),
    "ORIGINS_FROM": ("происхождение", "выходец"),
    "OWNER_OF": ("владеет", "владелец"),
    "PARENT_OF": ("ребёнок", "родитель"),
    "PLACE_RESIDES_IN": ("место жительства", "житель"),
    "PRICE_OF": ("цена", "цена чего"),
    "PRODUCES": ("производит", "производитель"),
    "RELATIVE": ("родственник", "родственник"),
    "RELIGION_OF": ("религия", "последователь"),
    "SCHOOLS_ATTENDED": ("место учёбы", "учился здесь"),
    "SIBLING": ("брат или сестра", "брат или сестра"),
    "SUBEVENT_OF": ("часть события", "включает событие"),
    "SUBORDINATE_OF": ("начальник", "подчинённый"),
    "TAKES_PLACE_IN": ("место", "место события"),
    "WORKPLACE": ("место работы", "работник"),
    "WORKS_AS": ("должность", "кто занимает"),
    "START_TIME": ("начало", "началось"),
    "END_TIME": ("конец", "закончилось"),
    "CONVICTED_OF": ("осуждён за", "осуждённый"),
    "PENALIZED_AS": ("наказание", "наказанный"),
    "PART_OF": ("входит в", "включает"),
    "HAS_CAUSE": ("причина", "следствие"),
    "AGENT": ("действовал в", "действующее лицо"),
    "PARTICIPANT_IN": ("участвовал в", "участник"),
    "INANIMATE_INVOLVED": ("задействован в", "задействовано"),
    "EXPENDITURE": ("расход", "расход у"),
    "INCOME": ("доход", "доход у"),
}

DATE_ROLES = ("POINT_IN_TIME", "START_TIME", "END_TIME")
PLACE_ROLES = ("TAKES_PLACE_IN",)
PARTICIPANT_ROLES = ("PARTICIPANT_IN", "AGENT", "ORGANIZES")
PART_ROLES = ("SUBEVENT_OF",)
DATE_LABELS = frozenset({"DATE", "TIME"})
SNIPPET = 240
_YEAR = re.compile(r"^-?\d{4}")


def relation_name(rtype: str, inverse: bool = False) -> str:
    """The Russian name of a relation type from its head's (or, ``inverse``, tail's) side."""
    names = RELATION_NAMES.get(rtype)
    if names is None:
        return rtype
    return names[1] if inverse else names[0]


@dataclass(frozen=True)
class Party:
    """One side of a relation: the mention and what it refers to.

    ``entity`` is the local entity id (None for a mention outside any entity); ``name`` the
    entity's canonical name, else the mention's text on one line.
    """

    mention: str
    entity: str | None
    name: str
    label: str
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        """What groups facts: the entity id, else the label and the name."""
        return self.entity if self.entity is not None else f"{self.label}:{self.name}"


@dataclass(frozen=True)
class Fact:
    """A relation read from one side: ``subject`` <name> ``other``.

    ``inverse``: the subject is the relation's tail. ``edtf``: the EDTF values of the
    dates that overlap ``other`` when it is a DATE or TIME mention.
    """

    relation: str
    type: str
    subject: Party
    other: Party
    start: int
    end: int
    snippet: str
    score: float = 1.0
    inverse: bool = False
    edtf: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The Russian name of the type, from the subject's side."""
        return relation_name(self.type, self.inverse)

    @property
    def symmetric(self) -> bool:
        """Whether the type holds both ways (stored once)."""
        return self.type in SYMMETRIC_RELATIONS


@dataclass
class Subject:
    """An entity (or a mention outside any entity) and the facts it is the subject of."""

    party: Party
    mentions: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass
class EventRecord:
    """An EVENT with its dates, places, participants (and organizers) and parts.

    Every list holds facts whose subject is the event; ``parts`` holds both what the
    event is part of and the events that are part of it (``inverse``).
    """

    party: Party
    mentions: list[str] = field(default_factory=list)
    dates: list[Fact] = field(default_factory=list)
    places: list[Fact] = field(default_factory=list)
    participants: list[Fact] = field(default_factory=list)
    parts: list[Fact] = field(default_factory=list)

    @property
    def edtf(self) -> list[str]:
        """Every EDTF value of its dates, in order."""
        return [value for fact in self.dates for value in fact.edtf]


class _Index:
    """Mentions, entities and dated spans of one document, looked up by id."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.mentions: dict[str, Mention] = {m.id: m for m in doc.mentions}
        self.entities: dict[str, Entity] = {e.id: e for e in doc.entities}
        # dated spans (start, end, order in doc.dates, EDTF) by start, for overlap lookups
        self.dated: list[tuple[int, int, int, str]] = sorted(
            (m.start, m.end, k, d.edtf) for k, d in enumerate(doc.dates)
            if (m := self.mentions.get(d.mention)) is not None
        )
        self._starts = [s for s, _, _, _ in self.dated]
        self._longest = max((e - s for s, e, _, _ in self.dated), default=0)

    def party(self, mention_id: str) -> Party | None:
        """The side a mention id stands for; None when the id is unknown."""
        m = self.mentions.get(mention_id)
        if m is None:
            return None
        ent = self.entities.get(m.entity) if m.entity is not None else None
        name = ent.name if ent is not None else " ".join(m.text.split())
        label = ent.label if ent is not None else m.label
        return Party(m.id, ent.id if ent else None, name, label, m.start, m.end, m.text)

    def edtf(self, party: Party) -> tuple[str, ...]:
        """EDTF values of the dates overlapping a DATE/TIME party (none otherwise)."""
        if party.label not in DATE_LABELS:
            return ()
        lo = bisect_left(self._starts, party.start - self._longest)
        hi = bisect_left(self._starts, party.end)
        found = sorted((k, v) for s, e, k, v in self.dated[lo:hi] if party.start < e)
        return tuple(dict.fromkeys(v for _, v in found))


def snippet(text: str, start: int, end: int, width: int = SNIPPET) -> str:
    """``text[start:end]`` on one line; past ``width`` its beginning and end around "…"."""
    flat = " ".join(text[max(0, start):max(start, end)].split())
    if len(flat) <= width:
        return flat
    half = (width - 3) // 2
    return f"{flat[:half].rstrip()} … {flat[-half:].lstrip()}"


def _fact(index: _Index, rel: Relation) -> Fact | None:
    """``rel`` from its head's side; None when a mention id is unknown. Evidence outside
    the text (or empty) falls back to the stretch covering both mentions."""
    head, tail = index.party(rel.head), index.party(rel.tail)
    if head is None or tail is None:
        return None
    start, end = rel.start, rel.end
    if not 0 <= start < end <= len(index.doc.text):
        start, end = min(head.start, tail.start), max(head.end, tail.end)
    return Fact(rel.id, rel.type, head, tail, start, end,
                snippet(index.doc.text, start, end), rel.score, False, index.edtf(tail))


def flipped(fact: Fact, index: _Index | None = None) -> Fact:
    """The same relation read from its other side (``inverse`` toggled)."""
    edtf = index.edtf(fact.subject) if index is not None else ()
    return replace(fact, subject=fact.other, other=fact.subject, inverse=not fact.inverse,
                   edtf=edtf)


def doc_facts(doc: Document) -> list[Fact]:
    """Every relation of ``doc`` as a Fact from its head's side, in the document's order.

    A relation naming an unknown mention is left out (``check_spans`` reports those).
    """
    index = _Index(doc)
    return [f for f in (_fact(index, r) for r in doc.relations) if f is not None]


def _subject_mentions(doc: Document, party: Party) -> list[str]:
    """The mention ids of a party's entity (the party's own mention when it has none)."""
    if party.entity is None:
        return [party.mention]
    return [m.id for m in doc.mentions if m.entity == party.entity] or [party.mention]


def facts(doc: Document) -> list[Subject]:
    """Facts grouped by subject (the head; a symmetric relation under both sides). A
    relation between two mentions of one entity (two forms of its name) is left out.

    Subjects come in the order of their first fact's evidence, facts in text order.
    """
    index = _Index(doc)
    groups: dict[str, Subject] = {}
    for fact in doc_facts(doc):
        if fact.subject.key == fact.other.key:  # a thing and itself: no fact to a reader
            continue
        views = [fact, flipped(fact, index)] if fact.symmetric else [fact]
        for view in views:
            group = groups.get(view.subject.key)
            if group is None:
                group = Subject(view.subject, _subject_mentions(doc, view.subject))
                groups[view.subject.key] = group
            group.facts.append(view)
    for group in groups.values():
        group.facts.sort(key=lambda f: (f.start, f.end, f.relation))
    return sorted(groups.values(), key=lambda g: (g.facts[0].start, g.party.name))


def _event_side(fact: Fact) -> list[tuple[str, Fact]]:
    """(role list name, fact seen from the event) for each EVENT side of ``fact``."""
    head, tail = fact.subject.label == "EVENT", fact.other.label == "EVENT"
    if fact.type in DATE_ROLES and head:
        return [("dates", fact)]
    if fact.type in PLACE_ROLES and head:
        return [("places", fact)]
    if fact.type in PARTICIPANT_ROLES and tail:
        return [("participants", flipped(fact))]
    if fact.type in PART_ROLES:
        return ([("parts", fact)] if head else []) + ([("parts", flipped(fact))] if tail else [])
    return []


def _year(values: Iterable[str]) -> int:
    """The earliest four-digit year among EDTF values (a large number when none)."""
    years = [int(m.group()) for v in values if (m := _YEAR.match(v))]
    return min(years, default=10**6)


def events(doc: Document) -> list[EventRecord]:
    """Every EVENT entity (and EVENT mention outside any entity) as a record.

    Ordered by the earliest year among its dates (undated events last), then by their
    first mention.
    """
    index = _Index(doc)
    records: dict[str, EventRecord] = {}
    for m in doc.mentions:
        party = index.party(m.id)
        if party is not None and party.label == "EVENT" and party.key not in records:
            records[party.key] = EventRecord(party, _subject_mentions(doc, party))
    for fact in doc_facts(doc):
        for role, view in _event_side(fact):
            record = records.get(view.subject.key)
            if record is None:
                record = EventRecord(view.subject, _subject_mentions(doc, view.subject))
                records[view.subject.key] = record
            getattr(record, role).append(view)
    order = {key: i for i, key in enumerate(records)}
    return sorted(records.values(), key=lambda r: (_year(r.edtf), order[r.party.key]))
