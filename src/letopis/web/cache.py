"""A response cache for the read-only app: a page or JSON answer asked again is sent from
memory until the store changes.

Frequent entities are the expensive pages (their co-mention network, timeline and
contexts read tens of thousands of rows) and the ones asked most, so each worker process
keeps the last answers it gave (``ResponseCache``, an ASGI middleware): keyed by path, query
string and interface language, bounded by total bytes (least recently used out first), and
valid only while the store's files are unchanged (the size and modification time of the
database and its write-ahead log: a new ingest, a curation or a re-analysis changes them,
and the next request starts afresh). Only GET answers with status 200, no ``set-cookie``
and no attachment are kept; static files have their own cache headers; HEAD is answered
from what GET stored. A hit carries ``x-letopis-cache: hit``.

With several worker processes (``letopis serve --workers N``) the workers also share what
they computed through a small SQLite file in a temporary folder of the server's own
(``shared``): a page one worker built is not built again by another. Its rows carry the
store version they were made for; rows of another version are never served.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import CookieError, SimpleCookie
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BYTES = 64 * 1024 * 1024  # per worker process
MAX_ENTRY = 4 * 1024 * 1024  # an answer larger than this is not kept
SKIP = ("/static/", "/docs")
TRIM_EVERY = 32  # shared answers stored between two checks of the file's size

Entry = tuple[int, list[tuple[bytes, bytes]], bytes]
Key = tuple[str, bytes, str]


def store_version(path: str) -> tuple[int, ...]:
    """What changes whenever the store is written: size and mtime of the file and its WAL."""
    out: list[int] = []
    for name in (path, path + "-wal"):
        try:
            info = os.stat(name)
        except OSError:
            out += [-1, -1]
            continue
        out += [info.st_size, info.st_mtime_ns]
    return tuple(out)


def language(scope: Scope) -> str:
    """The interface language the request asks for (``?lang=`` else the cookie)."""
    query = scope.get("query_string", b"").decode("latin-1")
    for part in query.split("&"):
        if part.startswith("lang="):
            return part[5:]
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar = SimpleCookie(value.decode("latin-1"))
            except CookieError:
                return ""
            if "lang" in jar:
                return jar["lang"].value
    return ""


class ResponseCache:
    """ASGI middleware: answers repeated GETs from memory while the store is unchanged."""

    def __init__(self, app: App, db_path: str, max_bytes: int = MAX_BYTES,
                 shared: str | None = None) -> None:
        self.app = app
        self.db_path = db_path
        self.max_bytes = max_bytes
        self.entries: OrderedDict[Key, tuple[Entry, int]] = OrderedDict()
        self.bytes = 0
        self.version = store_version(db_path)
        self.hits = self.misses = 0
        self.shared = SharedCache(shared, max_bytes) if shared else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] not in ("GET", "HEAD")
                or scope["path"].startswith(SKIP)):
            await self.app(scope, receive, send)
            return
        self._check_version()
        key = (scope["path"], scope.get("query_string", b""), language(scope))
        found = self.entries.get(key)
        if found is None and self.shared is not None:
            entry = self.shared.get(key, self.version)
            if entry is not None:
                self._store(key, entry, share=False)
                found = self.entries.get(key)
        if found is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            await self._replay(found[0], scope["method"] == "HEAD", send)
            return
        self.misses += 1
        if scope["method"] == "HEAD":
            await self.app(scope, receive, send)
            return
        await self._fill(key, scope, receive, send)

    def _check_version(self) -> None:
        version = store_version(self.db_path)
        if version != self.version:
            self.entries.clear()
            self.bytes = 0
            self.version = version

    async def _replay(self, entry: Entry, head: bool, send: Send) -> None:
        status, headers, body = entry
        await send({"type": "http.response.start", "status": status,
                    "headers": [*headers, (b"x-letopis-cache", b"hit")]})
        await send({"type": "http.response.body", "body": b"" if head else body})

    async def _fill(self, key: Key, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app, pass its answer on, and keep a copy when it may be kept."""
        start: Message = {}
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
                names = {name.lower() for name, _ in message.get("headers", [])}
                value = dict(message.get("headers", [])).get(b"content-disposition", b"")
                keep = (message["status"] == 200 and b"set-cookie" not in names
                        and b"attachment" not in value.lower())
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                keep = sum(map(len, chunks)) <= MAX_ENTRY
            await send(message)

        await self.app(scope, receive, capture)
        if keep and start:
            self._store(key, (start["status"], list(start.get("headers", [])),
                              b"".join(chunks)))

    def _store(self, key: Key, entry: Entry, share: bool = True) -> None:
        if share and self.shared is not None:
            self.shared.put(key, self.version, entry)
        size = len(entry[2]) + sum(len(a) + len(b) for a, b in entry[1]) + len(key[1]) + 256
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old[1]
        self.entries[key] = (entry, size)
        self.bytes += size
        while self.bytes > self.max_bytes and self.entries:
            _, (_, dropped) = self.entries.popitem(last=False)
            self.bytes -= dropped


class SharedCache:
    """Answers shared between worker processes: one SQLite file, rows tagged with the store
    version they belong to, the oldest deleted beyond ``max_bytes``. Any SQLite error (a
    busy or vanished file) is a miss, never a failed request."""

    def __init__(self, path: str, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.puts = 0
        self.conn: sqlite3.Connection | None = None
        try:
            self.conn = sqlite3.connect(path, timeout=0.2, isolation_level=None,
                                        check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=OFF")
            self.conn.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, "
                              "version TEXT, status INTEGER, headers TEXT, body BLOB)")
        except sqlite3.Error:
            self.conn = None

    @staticmethod
    def _key(key: Key) -> str:
        return json.dumps([key[0], key[1].decode("latin-1"), key[2]])

    def get(self, key: Key, version: tuple[int, ...]) -> Entry | None:
        """The stored answer for this store version, or None."""
        if self.conn is None:
            return None
        try:
            row = self.conn.execute(
                "SELECT status, headers, body FROM answers WHERE key = ? AND version = ?",
                (self._key(key), repr(version))).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        headers = [(a.encode("latin-1"), b.encode("latin-1")) for a, b in json.loads(row[1])]
        return int(row[0]), headers, bytes(row[2])

    def put(self, key: Key, version: tuple[int, ...], entry: Entry) -> None:
        """Keep an answer (best effort) and trim the file to its budget."""
        if self.conn is None:
            return
        status, headers, body = entry
        text = json.dumps([(a.decode("latin-1"), b.decode("latin-1")) for a, b in headers])
        try:
            self.conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                              (self._key(key), repr(version), status, text, body))
            self.puts += 1
            if self.puts % TRIM_EVERY:
                return
            total = self.conn.execute("SELECT SUM(LENGTH(body)) FROM answers").fetchone()[0]
            if total and total > self.max_bytes:
                self.conn.execute("DELETE FROM answers WHERE rowid IN (SELECT rowid FROM "
                                  "answers ORDER BY rowid LIMIT (SELECT COUNT(*) / 4 + 1 "
                                  "FROM answers))")
        except sqlite3.Error:
            return
