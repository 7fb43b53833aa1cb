"""Identity across the corpus: which corpus entity a document entity joins (docs/store.md).

Every corpus entity has *keys* in ``entity_keys``: ``Q:<Q-id>``, ``G:<GeoNames id>``,
``N:<label family>:<folded name>``, for other names ``L:<label family>:<lemmas>`` and,
for persons, ``S:<folded surname>``. A document
entity joins, in this order, the entity holding its Q-id, else its GeoNames id, else its
name (within the label family, no link contradicting), else, for a person, the one person
with its surname whose names do not contradict it (initials against full names); else it
starts a new corpus entity. A key pointing to ``DELETED`` was deleted by curation: the
document entity joins nothing.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from letopis.doc import Entity
from letopis.resolve.cluster import link_family
from letopis.resolve.names import fold
from letopis.store.lemmas import iter_words, lemma_of, normal

DELETED = "-"
PATRONYMIC = re.compile(r"(?:вич|вна|ична|инична)$")
# pinned bits: the name, the links set by curation (not changed by later documents)
PIN_NAME, PIN_LINK = 1, 2


@dataclass(frozen=True)
class Parts:
    """A folded person name: surname, first name, patronymic, initials (letters)."""

    surname: str | None
    first: str | None
    patronymic: str | None
    initials: tuple[str, ...]

    @property
    def first_initial(self) -> str | None:
        """The first letter of the first name, or the first initial."""
        return self.first[0] if self.first else (self.initials[0] if self.initials else None)

    @property
    def patronymic_initial(self) -> str | None:
        """The first letter of the patronymic, or the initial standing for it."""
        if self.patronymic:
            return self.patronymic[0]
        index = 0 if self.first else 1
        return self.initials[index] if len(self.initials) > index else None


def person_parts(name: str) -> Parts:
    """The parts of a canonical person name (``Никита Сергеевич Хрущёв``, ``Н. С. Хрущёв``)."""
    tokens = fold(name).split()
    initials = tuple(t[0] for t in tokens if t.endswith("."))
    words = [t for t in tokens if not t.endswith(".")]
    if not words:
        return Parts(None, None, None, initials)
    surname = None if PATRONYMIC.search(words[-1]) and len(words) > 1 else words[-1]
    given = words[:-1] if surname else words
    first = given[0] if given and not (initials and tokens[0].endswith(".")) else None
    rest = given[1:] if first else given
    return Parts(surname, first, rest[0] if rest else None, initials)


def contradicts(a: Parts, b: Parts) -> bool:
    """Whether two names cannot be one person (surname, first name, patronymic, initials)."""
    pairs = ((a.surname, b.surname), (a.first, b.first), (a.patronymic, b.patronymic),
             (a.first_initial, b.first_initial), (a.patronymic_initial, b.patronymic_initial))
    return any(x and y and x != y for x, y in pairs)


def name_key(label: str, name: str) -> str:
    """The name key of a label and name: ``N:<family>:<folded name>`` (``link_family``)."""
    return f"N:{link_family(label)}:{fold(name)}"


def lemma_key(label: str, name: str) -> str:
    """The lemma key of a name that is not a person's: ``L:<family>:<lemmas>``, so that
    ``Российской Федерации`` meets ``Российская Федерация`` and ``российские`` meets
    ``российский``."""
    lemmas = " ".join(lemma_of(w.lower()) for _, _, w in iter_words(name))
    return f"L:{link_family(label)}:{lemmas}"


# Words naming the kind of a polity or settlement before its proper name (``Республика
# Башкортостан``, ``город Москва``, ``штат Калифорния``): the place is its name alone.
# Natural features stay out (``река Москва`` is not the city), and so does a name that
# is an adjective (``Тверская губерния`` is not ``Тверской уезд``).
PLACE_KINDS = frozenset({
    "республика", "город", "г", "штат", "провинция", "королевство", "княжество", "эмират",
    "султанат", "префектура", "герцогство", "графство", "кантон", "муниципалитет",
    "село", "деревня", "станица", "посёлок", "поселок", "аул", "хутор", "местечко",
    "слобода", "государство"})
ADJECTIVE = re.compile(r"(?:[сц]кий|[сц]кой|ный|ной|ий|ый|ой|ая|ое|ые|ие)$")


def place_core_key(label: str, name: str) -> str | None:
    """The lemma key of a place name without the word for its kind (``Республика
    Башкортостан`` -> ``L:PLACE:башкортостан``), or None where nothing is left out or
    what is left has an adjective (``Алтайский край``, ``Чеченская Республика``)."""
    if link_family(label) != "PLACE":
        return None
    lemmas = [lemma_of(w.lower()) for _, _, w in iter_words(name)]
    core = [w for w in lemmas if fold(w) not in PLACE_KINDS]
    if not core or len(core) == len(lemmas) or any(ADJECTIVE.search(w) for w in core):
        return None
    return f"L:PLACE:{' '.join(core)}"


def name_keys(label: str, name: str) -> list[str]:
    """The keys a name gives: its name key, and for a name that is not a person's its
    lemma key and a place's ``place_core_key``."""
    keys = [name_key(label, name)]
    if label != "PERSON":
        keys.append(lemma_key(label, name))
        core = place_core_key(label, name)
        if core is not None:
            keys.append(core)
    return keys


def entity_keys(entity: Entity) -> list[str]:
    """Every key of a document entity, strongest first."""
    keys = []
    if getattr(entity, "wikidata", None):
        keys.append(f"Q:{entity.wikidata}")
    if getattr(entity, "geonames", None):
        keys.append(f"G:{entity.geonames}")
    keys += name_keys(entity.label, entity.name)
    if entity.label == "PERSON":
        surname = person_parts(entity.name).surname
        if surname:
            keys.append(f"S:{surname}")
    return keys


def _holders(conn: sqlite3.Connection, key: str) -> list[tuple[str, str | None, str | None,
                                                                 int]]:
    """(id, wikidata, geonames, pinned) of the entities holding ``key``, most documents
    first; the DELETED mark as an id with no links."""
    rows = conn.execute(
        "SELECT k.entity, e.wikidata, e.geonames, coalesce(e.pinned, 0) FROM entity_keys k"
        " LEFT JOIN entities e ON e.id = k.entity WHERE k.key = ?"
        " ORDER BY k.entity = ? DESC, e.n_docs DESC, k.entity", (key, DELETED))
    return list(rows)


def _fits(entity: Entity, wikidata: str | None, geonames: str | None, pinned: int) -> bool:
    """Whether a corpus entity's links allow ``entity`` to join it."""
    mine_q, mine_g = getattr(entity, "wikidata", None), getattr(entity, "geonames", None)
    if mine_q and (wikidata or pinned & PIN_LINK) and wikidata != mine_q:
        return False
    return not (mine_g and geonames and geonames != mine_g)


def find_entity(conn: sqlite3.Connection, entity: Entity, keys: list[str]) -> str | None:
    """The corpus entity ``entity`` (with its ``keys``) joins (DELETED if curation deleted
    it), or None."""
    for key in keys:
        if key[0] == "S":
            return _by_surname(conn, entity, key)
        holders = _holders(conn, key)
        if holders and holders[0][0] == DELETED:
            return DELETED
        if key[0] in "QG" and holders:
            return holders[0][0]
        fitting = [h[0] for h in holders if _fits(entity, *h[1:])]
        if fitting:
            return fitting[0]
    return None


def _by_surname(conn: sqlite3.Connection, entity: Entity, key: str) -> str | None:
    """The one person with this surname whose names do not contradict ``entity``'s."""
    mine = person_parts(entity.name)
    fitting = []
    for cid, wikidata, geonames, pinned in _holders(conn, key):
        if cid == DELETED or not _fits(entity, wikidata, geonames, pinned):
            continue
        names = [person_parts(k.split(":", 2)[2]) for (k,) in conn.execute(
            "SELECT key FROM entity_keys WHERE entity = ? AND key LIKE 'N:PERSON:%'", (cid,))]
        if not any(contradicts(mine, other) for other in names):
            fitting.append((cid, any(n.first_initial for n in names)))
    if len(fitting) > 1 and mine.first_initial:  # prefer the one naming a given name
        fitting = [f for f in fitting if f[1]] or fitting
    return fitting[0][0] if len(fitting) == 1 else None


def new_entity(conn: sqlite3.Connection, entity: Entity, seed: str) -> str:
    """Create a corpus entity for ``entity``; its id is ``entity_id(label, name)`` unless
    that is taken (then salted with its link or ``seed``)."""
    from letopis.store.write import entity_id

    salts = ["", getattr(entity, "wikidata", None) or getattr(entity, "geonames", None) or seed]
    cid = entity_id(entity.label, entity.name)
    n = 0
    while conn.execute("SELECT 1 FROM entities WHERE id = ?", (cid,)).fetchone():
        n += 1
        salt = salts[min(n, 1)] + ("" if n <= 1 else f"#{n}")
        cid = entity_id(entity.label, f"{entity.name}\x1f{salt}")
    conn.execute(
        "INSERT INTO entities (id, label, name, key, wikidata, geonames) VALUES (?, ?, ?, ?, ?, ?)",
        (cid, entity.label, entity.name, normal(entity.name),
         getattr(entity, "wikidata", None), getattr(entity, "geonames", None)))
    return cid


def join(conn: sqlite3.Connection, cid: str, entity: Entity, keys: list[str]) -> None:
    """Record ``keys`` for ``cid``; fill the links it lacks, a fuller person name."""
    _add_keys(conn, cid, keys)
    row = conn.execute("SELECT name, wikidata, geonames, coalesce(pinned, 0) FROM entities"
                       " WHERE id = ?", (cid,)).fetchone()
    name, wikidata, geonames, pinned = row
    if not pinned & PIN_LINK and (wikidata is None or geonames is None):
        conn.execute("UPDATE entities SET wikidata = coalesce(wikidata, ?),"
                     " geonames = coalesce(geonames, ?) WHERE id = ?",
                     (getattr(entity, "wikidata", None), getattr(entity, "geonames", None),
                      cid))
    if (not pinned & PIN_NAME and entity.label == "PERSON"
            and len(entity.name.split()) > len(name.split())):
        conn.execute("UPDATE entities SET name = ?, key = ? WHERE id = ?",
                     (entity.name, normal(entity.name), cid))


def corpus_entity(
    conn: sqlite3.Connection, entity: Entity, seed: str, keys: list[str] | None = None,
) -> str | None:
    """The corpus entity of a document entity (found or created), None if deleted.

    ``keys``: ``entity_keys(entity)`` if already computed (``Prepared.keys``)."""
    keys = entity_keys(entity) if keys is None else keys
    cid = find_entity(conn, entity, keys)
    if cid == DELETED:
        return None
    if cid is None:
        cid = new_entity(conn, entity, seed)
        _add_keys(conn, cid, keys)
    else:
        join(conn, cid, entity, keys)
    return cid


def _add_keys(conn: sqlite3.Connection, cid: str, keys: list[str]) -> None:
    conn.executemany("INSERT OR IGNORE INTO entity_keys (key, entity) VALUES (?, ?)",
                     [(key, cid) for key in keys])


@dataclass(frozen=True)
class CorpusLink:
    """What the store says of one document entity: its corpus entity, name and links."""

    entity: str
    name: str
    wikidata: str | None
    geonames: str | None


def document_links(conn: sqlite3.Connection, doc_id: str) -> dict[str, CorpusLink]:
    """Local entity id -> its corpus entity for one stored document (an entity deleted by
    curation is absent). A store from before identity has no link columns: None then."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(entities)")}
    links = "e.wikidata, e.geonames" if "wikidata" in columns else "NULL, NULL"
    rows = conn.execute(
        f"SELECT de.local_id, e.id, e.name, {links} FROM doc_entities de"
        " JOIN documents d ON d.num = de.doc JOIN entities e ON e.id = de.entity"
        " WHERE d.id = ?", (doc_id,))
    return {local: CorpusLink(cid, name, q, g) for local, cid, name, q, g in rows}
