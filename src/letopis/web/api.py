"""The read-only JSON API under ``/api`` (documented by FastAPI's OpenAPI schema)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from letopis.store.core import Store
from letopis.web import queries
from letopis.web.deps import Limit, Offset, blank, get_store, relation_type, year

router = APIRouter(prefix="/api", tags=["api"])

StoreDep = Annotated[Store, Depends(get_store)]


class JSON(JSONResponse):
    """UTF-8 JSON; falls back to ASCII escapes if a text holds a lone surrogate."""

    def render(self, content: Any) -> bytes:
        try:
            return json.dumps(content, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(content).encode("ascii")


def _page(total: int, items: list[Any], limit: int, offset: int) -> JSON:
    return JSON({"total": total, "limit": limit, "offset": offset,
                 "items": [asdict(item) for item in items]})


@router.get("/documents")
def list_documents(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> JSON:
    """Stored documents, oldest first: ``{"total", "items": [{"id", "source", ...}]}``."""
    total, items = store.documents(limit, offset)
    return _page(total, items, limit, offset)


@router.get("/documents/{doc_id}")
def get_document(doc_id: str, store: StoreDep) -> JSON:
    """One stored document as a ``letopis.document/1`` object (404 if absent)."""
    return JSON(store.document_dict(doc_id))


@router.get("/entities")
def list_entities(
    store: StoreDep, name: str | None = None, label: str | None = None,
    limit: Limit = 50, offset: Offset = 0,
) -> JSON:
    """Corpus entities, most documents first; ``name`` matches a part of the name."""
    total, items = store.entities(blank(name), blank(label), limit, offset)
    return _page(total, items, limit, offset)


@router.get("/entities/{entity_id}")
def get_entity(
    entity_id: str, store: StoreDep, limit: Limit = 50, offset: Offset = 0,
) -> JSON:
    """An entity: counts, aliases, a page of mentions in context, co-mentioned and dated."""
    view = asdict(store.entity(entity_id, limit, offset))
    view["cooccurring"] = [asdict(c) for c in store.cooccurring(entity_id)]
    view["dated"] = [asdict(d) for d in store.dated_mentions(entity_id)]
    return JSON(view)


@router.get("/search")
def search(
    store: StoreDep, q: str | None = None,
    entity: Annotated[list[str] | None, Query(description="Entity ids (all must occur).")]
    = None,
    label: str | None = None,
    date_from: Annotated[str | None, Query(alias="from", description="Year.")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="Year.")] = None,
    limit: Limit = 20, offset: Offset = 0,
) -> JSON:
    """Documents matching a query (see docs/store.md) and filters; 400 if malformed."""
    entities = [x for x in (blank(v) for v in entity or []) if x]
    total, items = store.search(
        blank(q), entities, blank(label), year(date_from, "from"), year(date_to, "to"),
        limit, offset,
    )
    return _page(total, items, limit, offset)


@router.get("/relations")
def list_relations(
    store: StoreDep,
    type: Annotated[str | None, Query(description="A NEREL relation type.")] = None,
    entity: Annotated[str | None, Query(description="A corpus entity id (either side).")]
    = None,
    limit: Limit = 50, offset: Offset = 0,
) -> JSON:
    """Relations aggregated per type and pair across documents, most documents first,
    each with ``evidence`` passages (document, relation id, span, text)."""
    total, items = store.relations(relation_type(type), blank(entity), limit, offset)
    return _page(total, items, limit, offset)


@router.get("/quotes")
def list_quotes(
    store: StoreDep, entity: str | None = None, limit: Limit = 50, offset: Offset = 0,
) -> JSON:
    """Quotations with their speaker; ``entity``: only those it spoke."""
    total, items = queries.quotations(store.conn, blank(entity), limit, offset)
    return _page(total, items, limit, offset)


@router.get("/claims")
def list_claims(
    store: StoreDep, entity: str | None = None, limit: Limit = 50, offset: Offset = 0,
) -> JSON:
    """Claims with holder and source; ``entity``: only those it holds or is cited for."""
    total, items = queries.claims(store.conn, blank(entity), limit, offset)
    return _page(total, items, limit, offset)
