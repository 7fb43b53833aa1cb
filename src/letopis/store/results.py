"""Plain result records of store queries (JSON-friendly via ``dataclasses.asdict``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DocumentInfo:
    """One stored document, without its text."""

    id: str
    source: str | None
    added: str
    chars: int
    mentions: int
    date_lo: int | None = None
    date_hi: int | None = None
    title: str | None = None  # meta.title of the stored document, when known


@dataclass
class EntityInfo:
    """A corpus entity: every mention with the same label and canonical name."""

    id: str
    label: str
    name: str
    documents: int
    mentions: int


@dataclass
class MentionInContext:
    """One mention of a corpus entity with the text around it.

    ``date`` is the EDTF of the nearest date in the mention's sentence, if any.
    """

    doc: str
    source: str | None
    mention: str
    start: int
    end: int
    text: str
    before: str
    after: str
    date: str | None = None


@dataclass
class EntityView(EntityInfo):
    """A corpus entity with one page of its mentions in context."""

    aliases: list[str] = field(default_factory=list)
    contexts: list[MentionInContext] = field(default_factory=list)


@dataclass
class Cooccurrence:
    """An entity mentioned in the same documents as another one."""

    entity: EntityInfo
    documents: int


@dataclass
class DatedMention:
    """A mention of an entity dated by the nearest date of its sentence."""

    doc: str
    mention: str
    start: int
    end: int
    text: str
    edtf: str
    lo: int | None  # None: open start (``../1953``)
    hi: int | None  # None: open end (``1938/..``)


@dataclass
class SearchHit:
    """A document matching a search; ``highlights`` are offsets inside ``snippet``.

    ``snippet_start`` is the offset of the snippet in the document text.
    """

    id: str
    source: str | None
    snippet: str
    snippet_start: int
    highlights: list[tuple[int, int]] = field(default_factory=list)
    date_lo: int | None = None
    date_hi: int | None = None


@dataclass
class RelationSide:
    """One side of an aggregated relation: a corpus entity, or a mention outside any
    entity (``entity`` None; ``key`` is then ``LABEL:name``)."""

    key: str
    entity: str | None
    name: str
    label: str


@dataclass
class Evidence:
    """One passage stating a relation: the document, the relation's local id (the page's
    anchor ``#r<n>``), the evidence span with its text (cut past
    ``letopis.store.relations.EVIDENCE_CHARS``) and the spans of its two mentions."""

    doc: str
    source: str | None
    relation: str
    start: int
    end: int
    text: str
    score: float
    head: tuple[int, int] = (0, 0)  # the head mention's span, document offsets
    tail: tuple[int, int] = (0, 0)


@dataclass
class RelationGroup:
    """Every relation of one type between one pair, across documents.

    ``name`` is the type's Russian name (``letopis.kb.facts``); ``edtf`` the distinct
    EDTF values of a date tail; ``evidence`` the first passages, in document order.
    """

    type: str
    name: str
    head: RelationSide
    tail: RelationSide
    documents: int
    relations: int
    score: float
    symmetric: bool = False
    edtf: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
