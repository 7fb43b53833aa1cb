"""The corpus store: one SQLite file of analyzed documents, entities and search."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from types import TracebackType

from letopis.doc import Document
from letopis.store import browse, relations
from letopis.store.connect import connect, transaction
from letopis.store.errors import StoreError, storage_error, storage_reason
from letopis.store.identity import CorpusLink, document_links
from letopis.store.prepare import Prepared, prepare
from letopis.store.results import (
    Cooccurrence,
    DatedMention,
    DocumentInfo,
    EntityInfo,
    EntityView,
    RelationGroup,
    SearchHit,
)
from letopis.store.search import Filters, search
from letopis.store.write import insert_document


class Store:
    """A letopis corpus in SQLite (WAL). Use ``Store.open``; one writer at a time."""

    def __init__(self, conn: sqlite3.Connection, path: str, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly

    @classmethod
    def open(cls, path: str | os.PathLike[str], readonly: bool = False) -> Store:
        """Open (or create, unless ``readonly``) the store at ``path``."""
        return cls(connect(path, readonly), os.fspath(path), readonly)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing -------------------------------------------------------------
    def add(self, item: Document | Prepared) -> bool:
        """Store an analyzed document in one transaction; False if its id is stored.

        StorageError (stop writing) if the file or the disk failed; StoreError if only
        this document cannot be stored. Either way nothing of it is left behind.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: store is open read-only")
        prepared = item if isinstance(item, Prepared) else prepare(item)
        try:
            with transaction(self.conn):
                return insert_document(self.conn, prepared)
        except sqlite3.Error as error:
            if storage_reason(error) is not None:
                raise storage_error(self.path, "write", error) from None
            raise StoreError(f"{_name(prepared)}: cannot store: {error}") from None
        except (UnicodeEncodeError, OverflowError) as error:
            raise StoreError(f"{_name(prepared)}: cannot store: {error}") from None

    def add_many(self, items: Sequence[Prepared]) -> list[bool | StoreError]:
        """Store analyzed documents in one transaction, each under its own savepoint:
        per item True (added), False (its id is stored) or the StoreError of a document
        that cannot be stored (nothing of it is left behind; the others are stored).

        StorageError if the file or the disk failed: then none of them is stored.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: store is open read-only")
        try:
            with transaction(self.conn):
                return [self._add_saved(item) for item in items]
        except sqlite3.Error as error:
            raise storage_error(self.path, "write", error) from None

    def _add_saved(self, item: Prepared) -> bool | StoreError:
        """Insert one document under a savepoint (inside a transaction); an error that
        only concerns it is rolled back to the savepoint and returned."""
        self.conn.execute("SAVEPOINT document")
        try:
            added = insert_document(self.conn, item)
        except sqlite3.Error as error:
            if storage_reason(error) is not None or not self.conn.in_transaction:
                raise storage_error(self.path, "write", error) from None
            self._undo_savepoint()
            return StoreError(f"{_name(item)}: cannot store: {error}")
        except (UnicodeEncodeError, OverflowError) as error:
            self._undo_savepoint()
            return StoreError(f"{_name(item)}: cannot store: {error}")
        self.conn.execute("RELEASE document")
        return added

    def _undo_savepoint(self) -> None:
        self.conn.execute("ROLLBACK TO document")
        self.conn.execute("RELEASE document")

    # -- reading -------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        """Whether a document with this id (sha256 of its text) is stored."""
        try:
            row = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        except sqlite3.Error as error:
            raise storage_error(self.path, "read", error) from None
        return row is not None

    def documents(self, limit: int = 50, offset: int = 0) -> tuple[int, list[DocumentInfo]]:
        """(total, one page of documents, oldest first)."""
        return browse.list_documents(self.conn, limit, offset)

    def document(self, doc_id: str) -> Document:
        """The stored document (``letopis.document/1``); NotFoundError if absent."""
        return Document.from_dict(self.document_dict(doc_id))

    def document_dict(self, doc_id: str) -> dict[str, object]:
        """The stored ``letopis.document/1`` object, as JSON types."""
        data: dict[str, object] = json.loads(browse.document_json(self.conn, doc_id))
        return data

    def entity_links(self, doc_id: str) -> dict[str, CorpusLink]:
        """Local entity id -> its corpus entity, name and links, for a stored document
        (entities deleted by curation are absent)."""
        return document_links(self.conn, doc_id)

    def entities(
        self, name: str | None = None, label: str | None = None, limit: int = 50, offset: int = 0,
    ) -> tuple[int, list[EntityInfo]]:
        """(total, a page of corpus entities); ``name`` matches a part of the name."""
        return browse.list_entities(self.conn, name, label, limit, offset)

    def entity(
        self, entity_id: str, limit: int = 50, offset: int = 0, window: int = 80,
    ) -> EntityView:
        """A corpus entity with a page of its mentions, ``window`` chars around each."""
        return browse.entity_view(self.conn, entity_id, limit, offset, window)

    def cooccurring(self, entity_id: str, limit: int = 50) -> list[Cooccurrence]:
        """Entities that share documents with ``entity_id``, most shared first."""
        return browse.cooccurring(self.conn, entity_id, limit)

    def shared_documents(self, ids: list[str]) -> dict[tuple[str, str], int]:
        """Shared-document counts of every pair of ``ids`` (keys ordered first < second)."""
        return browse.shared_documents(self.conn, ids)

    def dated_mentions(self, entity_id: str, limit: int = 500) -> list[DatedMention]:
        """The entity's mentions dated by a date in their sentence, earliest first."""
        return browse.dated_mentions(self.conn, entity_id, limit)

    def relations(
        self, type: str | None = None, entity: str | None = None, limit: int = 50,
        offset: int = 0, passages: int = 3,
    ) -> tuple[int, list[RelationGroup]]:
        """(total, a page of relation groups): one per type and pair of sides across
        documents, most documents first, each with up to ``passages`` evidence passages.

        ``type`` keeps one NEREL type; ``entity`` (a corpus entity id) keeps the groups
        where it is either side.
        """
        return relations.relation_groups(self.conn, type, entity, limit, offset, passages)

    def relation_types(self) -> list[tuple[str, int]]:
        """The relation types in the corpus with their counts, most frequent first."""
        return relations.relation_types(self.conn)

    def search(
        self, q: str | None = None, entity: str | Sequence[str] | None = None,
        label: str | None = None, date_from: int | None = None, date_to: int | None = None,
        limit: int = 20, offset: int = 0,
    ) -> tuple[int, list[SearchHit]]:
        """(total, a page of documents matching ``q`` and every filter).

        ``q`` uses the syntax of ``letopis.store.query`` (None or blank: filters only);
        ``entity`` is one corpus entity id or several (all must occur); ``label`` asks
        for a mention of that label; ``date_from``/``date_to`` (years) ask for a date
        whose range overlaps them. SearchError on a malformed query.
        """
        entities = [entity] if isinstance(entity, str) else list(entity or ())
        return search(self.conn, q, Filters(entities, label, date_from, date_to), limit, offset)


def _name(item: Prepared) -> str:
    return item.doc.source or item.doc.id
