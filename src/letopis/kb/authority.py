"""The offline knowledge base: Wikidata and GeoNames items, their Russian names and priors.

Two SQLite files, read lazily and only read: the shipped one
(``letopis/resources/kb/kb.sqlite``, made by ``python -m letopis.kb.build``) and the
user's (made by ``letopis kb import``; ``$LETOPIS_KB``, else ``letopis-kb.sqlite`` in the
user data folder). The user's items come first. ``lookup("Q159")`` or
``lookup("524901")`` gives a ``Record`` (label, description, type, coords, aliases);
``candidates(key)`` the items a name key may mean, with their link counts. See
docs/linking.md.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from letopis.errors import LetopisError

ENV = "LETOPIS_KB"
SHIPPED = Path(__file__).resolve().parents[1] / "resources" / "kb" / "kb.sqlite"

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,          -- 'Q159' or 'gn:524901' for a place with no Q-id
    wikidata TEXT, geonames TEXT, name TEXT, type TEXT, description TEXT,
    lat REAL, lon REAL, country TEXT, population INTEGER, aliases TEXT, source TEXT
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT, item TEXT, type TEXT, kind TEXT, count INTEGER,
    PRIMARY KEY (key, item, type, kind)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS nil (key TEXT, type TEXT, count INTEGER,
    PRIMARY KEY (key, type)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE INDEX IF NOT EXISTS items_wikidata ON items (wikidata);
CREATE INDEX IF NOT EXISTS items_geonames ON items (geonames);
"""


class KbError(LetopisError):
    """A knowledge base file cannot be opened, read or written."""


@dataclass(frozen=True)
class Record:
    """One item: a Wikidata Q-id and/or a GeoNames id, its Russian name and facts."""

    id: str
    wikidata: str | None
    geonames: str | None
    name: str
    type: str
    description: str | None = None
    coords: tuple[float, float] | None = None
    country: str | None = None
    population: int | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""

    def urls(self) -> dict[str, str]:
        """The item's pages: ``wikidata`` and ``geonames`` where known."""
        out = {}
        if self.wikidata:
            out["wikidata"] = f"https://www.wikidata.org/wiki/{self.wikidata}"
        if self.geonames:
            out["geonames"] = f"https://www.geonames.org/{self.geonames}"
        return out


@dataclass(frozen=True)
class Candidate:
    """A name key's reading: the item, the label it was seen with, how, how often."""

    item: str
    type: str
    kind: str  # 'name', 'initials' or 'surname'
    count: int


def user_path() -> Path:
    """The user knowledge base: ``$LETOPIS_KB``, else the user data folder's file."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "letopis" / "letopis-kb.sqlite"


def connect(path: Path, write: bool = False) -> sqlite3.Connection:
    """Open a knowledge base file (read-only unless ``write``); KbError if it cannot be."""
    try:
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(path)
            con.executescript(SCHEMA_SQL)
            return con
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                              check_same_thread=False)
        con.execute("SELECT 1 FROM items LIMIT 1")
        return con
    except (sqlite3.Error, OSError) as error:
        raise KbError(f"cannot open knowledge base {path}: {error}") from None


MEMORY = 200_000  # remembered lookups (keys, records) before they are forgotten
PREFETCH = 500  # keys per query of ``KnowledgeBase.prefetch`` (SQLite allows 32,766)


class KnowledgeBase:
    """The knowledge bases in order of precedence (the user's first), opened lazily."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = [p for p in paths if p.is_file()]
        self._cons: list[sqlite3.Connection] | None = None
        self._records: dict[str, Record | None] = {}
        self._cands: dict[str, tuple[Candidate, ...]] = {}
        self._nil: dict[str, dict[str, int]] = {}

    @property
    def cons(self) -> list[sqlite3.Connection]:
        """The open connections (opened on first use)."""
        if self._cons is None:
            self._cons = [connect(p) for p in self.paths]
        return self._cons

    def _bound(self) -> None:
        """Forget the remembered answers once they are many (a long corpus run meets
        ever new names; memory stays bounded)."""
        if len(self._cands) + len(self._nil) + len(self._records) > MEMORY:
            self._cands.clear()
            self._nil.clear()
            self._records.clear()

    def record(self, item: str) -> Record | None:
        """The item with this internal id (``Q159``, ``gn:524901``), the first base's."""
        if item not in self._records:
            self._bound()
            self._records[item] = self._find("id = ?", item)
        return self._records[item]

    def lookup(self, ident: str | None) -> Record | None:
        """The item with this Q-id or GeoNames id (digits, or ``gn:``-prefixed)."""
        ident = (ident or "").strip()
        if ident[:1] in "Qq" and ident[1:].isdigit():
            return self._find("wikidata = ?", "Q" + ident[1:])
        gid = ident.removeprefix("gn:")
        return self._find("geonames = ?", gid) if gid.isdigit() else None

    def _find(self, where: str, value: str) -> Record | None:
        for con in self.cons:
            row = con.execute(
                "SELECT id, wikidata, geonames, name, type, description, lat, lon, country,"
                f" population, aliases, source FROM items WHERE {where} LIMIT 1", (value,)
            ).fetchone()
            if row is not None:
                return _record(row)
        return None

    def candidates(self, key: str) -> tuple[Candidate, ...]:
        """Every item ``key`` names in any base (a user's item shadows the same id)."""
        if key not in self._cands:
            self.prefetch([key])
        return self._cands[key]

    def nil(self, key: str) -> dict[str, int]:
        """Label -> how often a mention with this key was annotated as linking to nothing."""
        if key not in self._nil:
            self.prefetch([key])
        return self._nil[key]

    def prefetch(self, keys: Iterable[str]) -> None:
        """Look up the candidates and NULL counts of many keys at once (a document's):
        one query per base and table for each 500 keys not remembered yet, instead of two
        per key; ``candidates`` and ``nil`` then answer from memory. The first base's
        candidate wins for the same (item, type, kind); NULL counts add up over bases."""
        todo = list(dict.fromkeys(k for k in keys if k not in self._cands or k not in self._nil))
        if not todo:
            return
        self._bound()
        cands: dict[str, dict[tuple[str, str, str], Candidate]] = {k: {} for k in todo}
        nil: dict[str, dict[str, int]] = {k: {} for k in todo}
        for at in range(0, len(todo), PREFETCH):
            chunk = todo[at:at + PREFETCH]
            marks = ",".join("?" * len(chunk))
            for con in self.cons:
                for key, item, type_, kind, count in con.execute(
                        "SELECT key, item, type, kind, count FROM names"
                        f" WHERE key IN ({marks}) ORDER BY key, item, type, kind", chunk):
                    cands[key].setdefault((item, type_, kind),
                                          Candidate(item, type_, kind, count))
                for key, type_, count in con.execute(
                        f"SELECT key, type, count FROM nil WHERE key IN ({marks})"
                        " ORDER BY key, type", chunk):
                    nil[key][type_] = nil[key].get(type_, 0) + count
        for key in todo:
            self._cands.setdefault(key, tuple(cands[key].values()))
            self._nil.setdefault(key, nil[key])

    def close(self) -> None:
        """Close the open files."""
        for con in self._cons or []:
            con.close()
        self._cons = None


def _record(row: tuple) -> Record:
    (item, qid, gid, name, type_, desc, lat, lon, country, pop, aliases, source) = row
    coords = (lat, lon) if lat is not None and lon is not None else None
    return Record(item, qid, gid, name, type_, desc, coords, country, pop,
                  tuple(json.loads(aliases or "[]")), source or "")


@cache
def default_kb() -> KnowledgeBase:
    """The user's knowledge base (when there is one) before the shipped one (cached)."""
    return KnowledgeBase([user_path(), SHIPPED])


def lookup(ident: str | None) -> Record | None:
    """A Q-id or GeoNames id's record in the default knowledge base, or None."""
    return default_kb().lookup(ident)
