"""The data model: a Document owns the untouched text and every annotation on it.

All offsets are half-open code-point offsets into ``Document.text``. Exported objects
(mentions, entities, dates, quotes, claims, relations) round-trip through the JSON
contract ``letopis.document/1`` exactly; working layers (sentences, tokens) are
derived by the pipeline and are not part of the contract.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from letopis.errors import SchemaError, SpanError

SCHEMA = "letopis.document/1"

# NEREL v1.1 entity types (annotation.conf).
LABELS: tuple[str, ...] = (
    "AGE", "AWARD", "CITY", "COUNTRY", "CRIME", "DATE", "DISEASE", "DISTRICT", "EVENT",
    "FACILITY", "FAMILY", "IDEOLOGY", "LANGUAGE", "LAW", "LOCATION", "MONEY", "NATIONALITY",
    "NUMBER", "ORDINAL", "ORGANIZATION", "PENALTY", "PERCENT", "PERSON", "PRODUCT",
    "PROFESSION", "RELIGION", "STATE_OR_PROVINCE", "TIME", "WORK_OF_ART",
)

# NEREL v1.1 relation types (annotation.conf).
RELATION_TYPES: tuple[str, ...] = (
    "ABBREVIATION", "KNOWS", "AGE_IS", "AGE_DIED_AT", "ALTERNATIVE_NAME", "AWARDED_WITH",
    "PLACE_OF_BIRTH", "CAUSE_OF_DEATH", "DATE_DEFUNCT_IN", "DATE_FOUNDED_IN", "DATE_OF_BIRTH",
    "DATE_OF_CREATION", "DATE_OF_DEATH", "POINT_IN_TIME", "PLACE_OF_DEATH", "FOUNDED_BY",
    "HEADQUARTERED_IN", "IDEOLOGY_OF", "LOCATED_IN", "SPOUSE", "MEDICAL_CONDITION",
    "MEMBER_OF", "ORGANIZES", "ORIGINS_FROM", "OWNER_OF", "PARENT_OF", "PLACE_RESIDES_IN",
    "PRICE_OF", "PRODUCES", "RELATIVE", "RELIGION_OF", "SCHOOLS_ATTENDED", "SIBLING",
    "SUBEVENT_OF", "SUBORDINATE_OF", "TAKES_PLACE_IN", "WORKPLACE", "WORKS_AS", "START_TIME",
    "END_TIME", "CONVICTED_OF", "PENALIZED_AS", "PART_OF", "HAS_CAUSE", "AGENT",
    "PARTICIPANT_IN", "INANIMATE_INVOLVED", "EXPENDITURE", "INCOME",
)

# Relation types that hold both ways: stored once, in whichever argument order the
# model found them; readers treat head and tail alike.
SYMMETRIC_RELATIONS: frozenset[str] = frozenset(
    {"SPOUSE", "SIBLING", "KNOWS", "RELATIVE", "ALTERNATIVE_NAME"}
)

# The place types of NEREL: what PER/LOC/ORG scoring calls LOC, TEI a placeName.
PLACE_LABELS: frozenset[str] = frozenset(
    {"LOCATION", "COUNTRY", "CITY", "STATE_OR_PROVINCE", "DISTRICT"}
)

QUOTE_KINDS: tuple[str, ...] = ("quotation", "title", "term")


def text_id(text: str) -> str:
    """The document id: sha256 of the text (lone surrogates escaped, never dropped)."""
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


@dataclass
class Cue:
    """The verb or phrase that introduces speech: a bare interval."""

    start: int
    end: int


@dataclass(slots=True)
class Mention:
    """A located name, date or other typed expression; ``entity`` is its cluster id."""

    id: str
    start: int
    end: int
    text: str
    label: str
    entity: str | None = None


@dataclass
class Entity:
    """A cluster of mentions that refer to one thing.

    ``wikidata`` (``Q<n>``), ``geonames`` (a GeoNames id, as a string) and ``coords``
    (``[lat, lon]``) are set by the linking stage when the knowledge base knows the thing
    (docs/linking.md); None otherwise.
    """

    id: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    wikidata: str | None = None
    geonames: str | None = None
    coords: list[float] | None = None


CALENDARS: tuple[str, ...] = ("julian", "gregorian", "byzantine")
INFERRED: tuple[str, ...] = ("year", "century")
ORTHOGRAPHIES: tuple[str, ...] = ("prereform", "modern")


@dataclass
class DateValue:
    """The EDTF value of a DATE mention (Gregorian, what timelines use).

    ``calendar`` names the calendar the source wrote the date in when it is not simply the
    Gregorian one of a modern text (``julian``, ``gregorian`` for a stated New Style,
    ``byzantine`` for the world era), ``original`` the value as written in that calendar;
    ``inferred`` says which part the text did not state (``year`` taken from context,
    ``century`` of a two-digit year). See docs/dates.md.
    """

    mention: str
    edtf: str
    calendar: str | None = None
    original: str | None = None
    inferred: str | None = None


@dataclass
class Meta:
    """What is known about the document itself (provenance): all optional.

    ``date`` is EDTF; ``orthography`` is ``prereform`` or ``modern`` (detected or given);
    ``calendar`` the calendar the document's unmarked dates are in (None: decided per
    date, docs/dates.md).
    """

    title: str | None = None
    author: str | None = None
    date: str | None = None
    archive: str | None = None
    language: str | None = None
    orthography: str | None = None
    calendar: str | None = None

    def to_dict(self) -> dict[str, str]:
        """The set fields only (the JSON ``meta`` object)."""
        return {k: v for k, v in vars(self).items() if v is not None}

    def empty(self) -> bool:
        """True when nothing is known."""
        return not self.to_dict()


@dataclass
class Phrase:
    """An unnamed speaker or holder: the noun phrase itself (``один из рабочих``)."""

    start: int
    end: int
    text: str


@dataclass
class Quote:
    """A quoted stretch: someone's words, a title or a term held at a distance.

    ``start``/``end`` cover the quoted content without the quote marks.
    """

    id: str
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    cue: Cue | None = None
    speaker_span: Phrase | None = None


@dataclass
class Claim:
    """Reported content with its holder and the source the holder cites."""

    id: str
    start: int
    end: int
    text: str
    holder: str | None = None
    source: str | None = None
    cue: Cue | None = None
    holder_span: Phrase | None = None


@dataclass
class Relation:
    """A typed link between two mentions; ``start``/``end`` cover the evidence.

    ``head``/``tail`` are mention ids in NEREL's argument order; the evidence is the
    stretch of text covering both mentions. ``score`` is the model's confidence (0-1;
    1.0 for a relation given by hand or read from a file written before it existed).
    Symmetric types (``SYMMETRIC_RELATIONS``) are stored once.
    """

    id: str
    type: str
    head: str
    tail: str
    start: int
    end: int
    score: float = 1.0


@dataclass(slots=True)
class Sentence:
    """A sentence interval (working layer, not exported)."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Token:
    """A token with its morphology (working layer, not exported).

    ``tag`` is the pymorphy OpenCorpora tag of the best parse, ``lemma`` its normal form.
    """

    start: int
    end: int
    text: str
    lemma: str = ""
    pos: str | None = None
    tag: str = ""


@dataclass
class Document:
    """The untouched text, its id and every annotation on it."""

    text: str
    source: str | None = None
    id: str = ""
    meta: Meta = field(default_factory=Meta)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list, compare=False, repr=False)
    tokens: list[Token] = field(default_factory=list, compare=False, repr=False)
    normals: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # A shadow document (modern spelling) keeps (original document, offset map) here.
    origin: Any = field(default=None, compare=False, repr=False)
    _index: dict[tuple[int, int, str], Mention] = field(
        default_factory=dict, compare=False, repr=False
    )
    _indexed: int = field(default=-1, compare=False, repr=False)
    _last_id: int = field(default=0, compare=False, repr=False)
    # (the mentions it was read from, the names read): ``resolve_persons``'s answer,
    # kept for the clustering stage right after the normalizing one
    _persons: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = text_id(self.text)

    # -- views -------------------------------------------------------------
    def mention(self, mention_id: str) -> Mention:
        """The mention with this id (KeyError if absent)."""
        for item in self.mentions:
            if item.id == mention_id:
                return item
        raise KeyError(mention_id)

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id (KeyError if absent)."""
        for item in self.entities:
            if item.id == entity_id:
                return item
        raise KeyError(entity_id)

    def add_mention(self, start: int, end: int, label: str) -> Mention:
        """Add a mention over ``text[start:end]`` with a fresh id and return it.

        If a mention with the same interval and label exists, it is returned instead.
        Amortized O(1): an index is kept and rebuilt when ``mentions`` was changed directly.
        """
        if not 0 <= start < end <= len(self.text):
            raise SpanError(f"mention [{start}, {end}) outside a text of {len(self.text)}")
        if self._indexed != len(self.mentions):
            self._reindex()
        key = (start, end, label)
        found = self._index.get(key)
        if found is not None:
            return found
        self._last_id += 1
        mention = Mention(f"m{self._last_id}", start, end, self.text[start:end], label)
        self.mentions.append(mention)
        self._index[key] = mention
        self._indexed = len(self.mentions)
        return mention

    def _reindex(self) -> None:
        self._index = {(m.start, m.end, m.label): m for m in self.mentions}
        self._last_id = int(next_id("m", self.mentions)[1:]) - 1
        self._indexed = len(self.mentions)

    def drop_mentions(self, ids: Collection[str]) -> None:
        """Remove the mentions with these ids and the date values they carried."""
        if ids:
            self.mentions = [m for m in self.mentions if m.id not in ids]
            self.dates = [d for d in self.dates if d.mention not in ids]

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """Tokens that lie inside ``[start, end)``."""
        return [t for t in self.tokens if t.start >= start and t.end <= end]

    def sort_mentions(self) -> None:
        """Order mentions by start, longer first (ids are kept)."""
        self.mentions.sort(key=lambda m: (m.start, -m.end, m.label))

    # -- JSON contract -----------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The ``letopis.document/1`` object."""
        return document_to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from a ``letopis.document/1`` object."""
        return dict_to_document(data)


def next_id(prefix: str, items: Iterable[Any]) -> str:
    """The next free id ``<prefix><n>`` after those used in ``items``."""
    used = 0
    for item in items:
        tail = item.id[len(prefix):]
        if item.id.startswith(prefix) and tail.isdigit():
            used = max(used, int(tail))
    return f"{prefix}{used + 1}"


def iter_spans(doc: Document) -> Iterator[tuple[str, int, int, str | None]]:
    """Every located object: (what, start, end, claimed text or None)."""
    for m in doc.mentions:
        yield f"mention {m.id}", m.start, m.end, m.text
    for q in doc.quotes:
        yield f"quote {q.id}", q.start, q.end, q.text
        if q.cue is not None:
            yield f"quote {q.id} cue", q.cue.start, q.cue.end, None
        if q.speaker_span is not None:
            sp = q.speaker_span
            yield f"quote {q.id} speaker_span", sp.start, sp.end, sp.text
    for c in doc.claims:
        yield f"claim {c.id}", c.start, c.end, c.text
        if c.cue is not None:
            yield f"claim {c.id} cue", c.cue.start, c.cue.end, None
        if c.holder_span is not None:
            hs = c.holder_span
            yield f"claim {c.id} holder_span", hs.start, hs.end, hs.text
    for r in doc.relations:
        yield f"relation {r.id}", r.start, r.end, None
    for s in doc.sentences:
        yield "sentence", s.start, s.end, s.text
    for t in doc.tokens:
        yield "token", t.start, t.end, t.text


def check_spans(doc: Document) -> None:
    """Assert the offset invariant ``text[start:end] == span.text`` for every span.

    Also checks bounds and that every reference (entity, mention, speaker) resolves.
    Raises SpanError on the first violation.
    """
    n = len(doc.text)
    for what, start, end, text in iter_spans(doc):
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= n):
            raise SpanError(f"{what}: [{start}, {end}) outside a text of {n}")
        if text is not None and doc.text[start:end] != text:
            raise SpanError(f"{what}: text[{start}:{end}]={doc.text[start:end]!r} != {text!r}")
    mention_ids = {m.id for m in doc.mentions}
    entity_ids = {e.id for e in doc.entities}
    for m in doc.mentions:
        if m.label not in LABELS:
            raise SpanError(f"mention {m.id}: unknown label {m.label!r}")
        if m.entity is not None and m.entity not in entity_ids:
            raise SpanError(f"mention {m.id}: unknown entity {m.entity!r}")
    for e in doc.entities:
        for mid in e.mentions:
            if mid not in mention_ids:
                raise SpanError(f"entity {e.id}: unknown mention {mid!r}")
    for d in doc.dates:
        if d.mention not in mention_ids:
            raise SpanError(f"date: unknown mention {d.mention!r}")
    for q in doc.quotes:
        if q.kind not in QUOTE_KINDS:
            raise SpanError(f"quote {q.id}: unknown kind {q.kind!r}")
        if q.speaker is not None and q.speaker not in entity_ids:
            raise SpanError(f"quote {q.id}: unknown speaker {q.speaker!r}")
    for c in doc.claims:
        for ref in (c.holder, c.source):
            if ref is not None and ref not in entity_ids:
                raise SpanError(f"claim {c.id}: unknown entity {ref!r}")
    for r in doc.relations:
        if r.head not in mention_ids or r.tail not in mention_ids:
            raise SpanError(f"relation {r.id}: unknown mention")
        if r.type not in RELATION_TYPES:
            raise SpanError(f"relation {r.id}: unknown type {r.type!r}")
        if not 0.0 <= r.score <= 1.0:  # NaN fails too
            raise SpanError(f"relation {r.id}: score {r.score!r} outside 0..1")


# -- JSON converters -------------------------------------------------------

def _cue_to_dict(cue: Cue | None) -> dict[str, int] | None:
    return None if cue is None else {"start": cue.start, "end": cue.end}


def _dict_to_cue(data: dict[str, int] | None) -> Cue | None:
    return None if data is None else Cue(data["start"], data["end"])


def _phrase_field(key: str, phrase: Phrase | None) -> dict[str, Any]:
    """``{key: {start, end, text}}`` when the phrase is set, else nothing (additive field)."""
    if phrase is None:
        return {}
    return {key: {"start": phrase.start, "end": phrase.end, "text": phrase.text}}


def _dict_to_phrase(data: dict[str, Any] | None) -> Phrase | None:
    return None if data is None else Phrase(data["start"], data["end"], data["text"])


def document_to_dict(doc: Document) -> dict[str, Any]:
    """Document -> ``letopis.document/1`` object (plain JSON types only)."""
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "id": doc.id,
        "source": doc.source,
        "text": doc.text,
        "mentions": [
            {"id": m.id, "start": m.start, "end": m.end, "text": m.text,
             "label": m.label, "entity": m.entity}
            for m in doc.mentions
        ],
        "entities": [_entity_to_dict(e) for e in doc.entities],
        "dates": [_date_to_dict(d) for d in doc.dates],
        "quotes": [
            {"id": q.id, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
             "speaker": q.speaker, "cue": _cue_to_dict(q.cue),
             **_phrase_field("speaker_span", q.speaker_span)}
            for q in doc.quotes
        ],
        "claims": [
            {"id": c.id, "start": c.start, "end": c.end, "text": c.text, "holder": c.holder,
             "source": c.source, "cue": _cue_to_dict(c.cue),
             **_phrase_field("holder_span", c.holder_span)}
            for c in doc.claims
        ],
        "relations": [
            {"id": r.id, "type": r.type, "head": r.head, "tail": r.tail,
             "start": r.start, "end": r.end, "score": r.score}
            for r in doc.relations
        ],
    }
    if not doc.meta.empty():
        data["meta"] = doc.meta.to_dict()
    return data


def _entity_to_dict(entity: Entity) -> dict[str, Any]:
    """An entity object: ``geonames`` and ``coords`` only when set (additive fields)."""
    data: dict[str, Any] = {
        "id": entity.id, "label": entity.label, "name": entity.name,
        "aliases": list(entity.aliases), "mentions": list(entity.mentions),
        "wikidata": entity.wikidata,
    }
    if entity.geonames is not None:
        data["geonames"] = entity.geonames
    if entity.coords is not None:
        data["coords"] = list(entity.coords)
    return data


def _date_to_dict(date: DateValue) -> dict[str, str]:
    """A date object: the optional fields only when set (additive to the contract)."""
    data = {"mention": date.mention, "edtf": date.edtf}
    for key in ("calendar", "original", "inferred"):
        value = getattr(date, key)
        if value is not None:
            data[key] = value
    return data


def dict_to_document(data: dict[str, Any]) -> Document:
    """``letopis.document/1`` object -> Document; SchemaError on a foreign schema."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise SchemaError(f"not a {SCHEMA} object")
    try:
        doc = Document(text=data["text"], source=data.get("source"), id=data.get("id", ""),
                       meta=Meta(**data.get("meta", {})))
        doc.mentions = [Mention(**m) for m in data.get("mentions", [])]
        doc.entities = [Entity(**e) for e in data.get("entities", [])]
        doc.dates = [DateValue(**d) for d in data.get("dates", [])]
        doc.quotes = [
            Quote(**{**q, "cue": _dict_to_cue(q.get("cue")),
                     "speaker_span": _dict_to_phrase(q.get("speaker_span"))})
            for q in data.get("quotes", [])
        ]
        doc.claims = [
            Claim(**{**c, "cue": _dict_to_cue(c.get("cue")),
                     "holder_span": _dict_to_phrase(c.get("holder_span"))})
            for c in data.get("claims", [])
        ]
        doc.relations = [Relation(**r) for r in data.get("relations", [])]
    except (KeyError, TypeError) as error:
        raise SchemaError(f"malformed {SCHEMA} object: {error}") from None
    return doc
