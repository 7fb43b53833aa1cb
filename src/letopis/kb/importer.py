"""``letopis kb import FILE``: a user's own knowledge into the user knowledge base.

FILE is a Wikidata JSON dump (the standard array with one entity per line; ``.json``,
``.json.gz``, ``.json.bz2``; read as a stream, so memory stays bounded whatever its size)
or a CSV with the header ``qid,label,aliases,type,description`` (what a SPARQL query
exports; aliases separated by ``|``; ``type`` a NEREL label, a Wikidata class Q-id or its
English name). Optional CSV columns ``geonames``, ``lat``, ``lon``. An item is kept when it
has a Russian label or alias and one of its classes (P31) maps to a NEREL label
(``TYPES``); a row that cannot be read is counted and reported, never fatal.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from letopis.kb.authority import KbError, connect
from letopis.kb.keys import lemma_key, person_keys

# Wikidata class (P31 value) -> NEREL label. Written down in docs/linking.md.
TYPES: dict[str, str] = {
    "Q5": "PERSON",  # human
    "Q515": "CITY", "Q1549591": "CITY", "Q1637706": "CITY", "Q3957": "CITY",  # city, town
    "Q486972": "CITY", "Q532": "CITY", "Q7930989": "CITY",  # settlement, village
    "Q6256": "COUNTRY", "Q3624078": "COUNTRY", "Q3024240": "COUNTRY",  # (former) country
    "Q7275": "COUNTRY", "Q1763527": "COUNTRY",  # state, constituent country
    "Q10864048": "STATE_OR_PROVINCE", "Q35657": "STATE_OR_PROVINCE",  # admin division
    "Q107390": "STATE_OR_PROVINCE", "Q835714": "STATE_OR_PROVINCE",  # federated state
    "Q831740": "STATE_OR_PROVINCE", "Q86622": "STATE_OR_PROVINCE",  # krai, guberniya
    "Q82794": "LOCATION", "Q1620908": "LOCATION", "Q4022": "LOCATION",  # region, river
    "Q23397": "LOCATION", "Q8502": "LOCATION", "Q23442": "LOCATION",  # lake, mountain
    "Q165": "LOCATION", "Q5107": "LOCATION",  # sea, continent
    "Q43229": "ORGANIZATION", "Q7278": "ORGANIZATION", "Q4830453": "ORGANIZATION",
    "Q2659904": "ORGANIZATION", "Q327333": "ORGANIZATION", "Q7210356": "ORGANIZATION",
    "Q783794": "ORGANIZATION", "Q484652": "ORGANIZATION", "Q3918": "ORGANIZATION",
    "Q11032": "ORGANIZATION", "Q15911314": "ORGANIZATION",  # newspaper, association
    "Q41176": "FACILITY", "Q13226383": "FACILITY",  # building, facility
    "Q178561": "EVENT", "Q198": "EVENT", "Q1190554": "EVENT",  # battle, war, occurrence
    "Q7725634": "WORK_OF_ART", "Q571": "WORK_OF_ART", "Q11424": "WORK_OF_ART",
    "Q618779": "AWARD", "Q7748": "LAW", "Q820655": "LAW", "Q9174": "RELIGION",
    "Q34770": "LANGUAGE", "Q28640": "PROFESSION", "Q12737077": "PROFESSION",
    "Q41710": "NATIONALITY",  # ethnic group
}
NAMED_TYPES = {"human": "PERSON", "city": "CITY", "town": "CITY", "village": "CITY",
               "country": "COUNTRY", "organization": "ORGANIZATION",
               "political party": "ORGANIZATION", "state": "COUNTRY"}
QID_RE = re.compile(r"^Q[1-9]\d*$")
BATCH = 2000


class KbImportError(KbError):
    """A file that cannot be imported at all (unreadable, or of no known format)."""


@dataclass
class Entry:
    """One item to import."""

    qid: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    geonames: str | None = None
    coords: tuple[float, float] | None = None


@dataclass
class ImportStats:
    """What an import read, kept and left out."""

    read: int = 0
    kept: int = 0
    no_russian: int = 0
    other_type: int = 0
    bad: int = 0

    def summary(self) -> str:
        """One line for the user."""
        return (f"{self.kept} items imported of {self.read} read; left out: "
                f"{self.no_russian} without a Russian name, {self.other_type} of other "
                f"types; bad rows: {self.bad}")


def nerel_type(value: str) -> str | None:
    """A NEREL label for a type cell: a NEREL label, a class Q-id or its English name."""
    from letopis.doc import LABELS

    value = value.strip()
    if value.upper() in LABELS:
        return value.upper()
    return TYPES.get(value) or NAMED_TYPES.get(value.lower())


def open_text(path: Path) -> IO[str]:
    """The file as UTF-8 text, decompressed by its suffix (``.gz``, ``.bz2``)."""
    try:
        if path.suffix == ".gz":
            return gzip.open(path, "rt", encoding="utf-8", errors="replace")
        if path.suffix == ".bz2":
            return bz2.open(path, "rt", encoding="utf-8", errors="replace")
        return open(path, encoding="utf-8", errors="replace", newline="")
    except OSError as error:
        raise KbImportError(f"cannot read {path}: {error.strerror or error}") from None


def is_csv(path: Path) -> bool:
    """CSV by suffix (``.csv``, ``.csv.gz``, ``.csv.bz2``), else a Wikidata dump."""
    return ".csv" in path.suffixes


def read_dump(handle: IO[str], stats: ImportStats) -> Iterator[Entry]:
    """Entries of a Wikidata JSON dump, one line at a time."""
    for line in handle:
        line = line.strip().rstrip(",")
        if line in ("", "[", "]"):
            continue
        stats.read += 1
        try:
            entity = json.loads(line)
            entry = _from_entity(entity, stats)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            stats.bad += 1
            continue
        if entry is not None:
            yield entry


def _from_entity(entity: dict[str, Any], stats: ImportStats) -> Entry | None:
    qid = entity["id"]
    if not isinstance(qid, str) or not QID_RE.match(qid):
        raise ValueError(qid)
    claims = entity.get("claims") or {}
    types = [TYPES.get(_value(c)) for c in claims.get("P31", [])]
    label = ((entity.get("labels") or {}).get("ru") or {}).get("value")
    aliases = [a["value"] for a in (entity.get("aliases") or {}).get("ru", [])]
    if not label and not aliases:
        stats.no_russian += 1
        return None
    found = next((t for t in types if t), None)
    if found is None:
        stats.other_type += 1
        return None
    desc = ((entity.get("descriptions") or {}).get("ru") or {}).get("value")
    coords = _coords(claims.get("P625", []))
    geonames = next((v for v in map(_value, claims.get("P1566", [])) if v), None)
    return Entry(qid, label or aliases[0], found, [a for a in aliases if a != label], desc,
                 geonames if isinstance(geonames, str) and geonames.isdigit() else None, coords)


def _value(claim: dict[str, Any]) -> Any:
    value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value")
    return value.get("id") if isinstance(value, dict) and "id" in value else value


def _coords(claims: list[dict[str, Any]]) -> tuple[float, float] | None:
    for claim in claims:
        value = _value(claim)
        if isinstance(value, dict) and "latitude" in value:
            return float(value["latitude"]), float(value["longitude"])
    return None


def read_csv(handle: IO[str], stats: ImportStats) -> Iterator[Entry]:
    """Entries of a ``qid,label,aliases,type,description`` CSV."""
    reader = csv.DictReader(handle)
    if not reader.fieldnames or not {"qid", "label", "type"} <= set(reader.fieldnames):
        raise KbImportError("a CSV needs the header qid,label,aliases,type,description")
    for row in reader:
        stats.read += 1
        try:
            entry = _from_row(row, stats)
        except (ValueError, TypeError, AttributeError):
            stats.bad += 1
            continue
        if entry is not None:
            yield entry


def _from_row(row: dict[str, Any], stats: ImportStats) -> Entry | None:
    qid = (row.get("qid") or "").strip().rsplit("/", 1)[-1]
    if not QID_RE.match(qid) or None in row:  # None: more cells than the header
        raise ValueError(qid)
    label = (row.get("label") or "").strip()
    aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
    if not re.search("[А-Яа-яЁё]", " ".join([label, *aliases])):
        stats.no_russian += 1
        return None
    found = nerel_type(row.get("type") or "")
    if found is None:
        stats.other_type += 1
        return None
    lat, lon = (row.get("lat") or "").strip(), (row.get("lon") or "").strip()
    gid = (row.get("geonames") or "").strip()
    return Entry(qid, label or aliases[0], found, aliases,
                 (row.get("description") or "").strip() or None,
                 gid if gid.isdigit() else None,
                 (float(lat), float(lon)) if lat and lon else None)


def write_entries(con: sqlite3.Connection, entries: Iterator[Entry], stats: ImportStats) -> None:
    """Insert entries in batches (one transaction each); a re-import replaces an item."""
    batch: list[Entry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) >= BATCH:
            _write(con, batch, stats)
            batch = []
    _write(con, batch, stats)


def _write(con: sqlite3.Connection, batch: list[Entry], stats: ImportStats) -> None:
    with con:
        for e in batch:
            lat, lon = e.coords if e.coords else (None, None)
            con.execute("DELETE FROM names WHERE item = ?", (e.qid,))
            con.execute("INSERT OR REPLACE INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (e.qid, e.qid, e.geonames, e.label, e.type, e.description, lat, lon,
                         None, None, json.dumps(e.aliases[:20], ensure_ascii=False),
                         "user"))
            con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?,?)",
                            [(k, e.qid, e.type, kind, 1 if kind == "name" else 0)
                             for k, kind in _keys(e)])
            stats.kept += 1


def _keys(entry: Entry) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name in [entry.label, *entry.aliases]:
        keys = person_keys(name) if entry.type == "PERSON" else [(lemma_key(name), "name")]
        out += [(k, kind) for k, kind in keys if k]
    return out


def import_file(path: Path, kb: Path) -> ImportStats:
    """Import ``path`` into the knowledge base file ``kb`` (made if absent)."""
    stats = ImportStats()
    if not path.is_file():
        raise KbImportError(f"no such file: {path}")
    con = connect(kb, write=True)
    try:
        con.execute("CREATE INDEX IF NOT EXISTS names_item ON names (item)")
        with open_text(path) as handle:
            reader = read_csv if is_csv(path) else read_dump
            write_entries(con, reader(handle, stats), stats)
    except (OSError, EOFError, io.UnsupportedOperation) as error:
        raise KbImportError(f"cannot read {path}: {error}") from None
    except sqlite3.Error as error:
        raise KbError(f"cannot write knowledge base {kb}: {error}") from None
    finally:
        con.close()
    return stats
