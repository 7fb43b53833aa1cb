"""Server-rendered HTML pages (Jinja2, autoescape on)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from letopis.store.core import Store
from letopis.store.errors import NotFoundError
from letopis.store.results import EntityInfo, SearchHit
from letopis.web import graphics, kbinfo, network, queries
from letopis.web.deps import Limit, Offset, blank, get_store, relation_type, year
from letopis.web.facts import fact_rows, passages
from letopis.web.render import (
    context_markup,
    document_markup,
    page,
    snippet_markup,
    static_files,
)

router = APIRouter(include_in_schema=False)

StoreDep = Annotated[Store, Depends(get_store)]


def html(template: str, **context: object) -> HTMLResponse:
    """A rendered template as an HTML response."""
    return HTMLResponse(page(template, **context))


@router.get("/")
def overview(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
    """Corpus counts, a page of documents and the top entities of the main labels."""
    total, docs = store.documents(limit, offset)
    top = [(label, n, store.entities(label=label, limit=10)[1])
           for label, n in queries.labels(store.conn, 6)]
    return html("index.html", counts=queries.counts(store.conn), total=total, docs=docs,
                top=top, limit=limit, offset=offset, params={"limit": limit})


@router.get("/documents/{doc_id}")
def document(doc_id: str, store: StoreDep) -> HTMLResponse:
    """One document with its mentions, quotations and claims highlighted."""
    doc = store.document(doc_id)
    ids = queries.corpus_ids(store.conn, doc_id)
    entities = [(ent, ids[ent.id]) for ent in doc.entities if ent.id in ids]
    return html("document.html", doc=doc, body=document_markup(doc), entities=entities)


@router.get("/entities/{entity_id}")
def entity(
    entity_id: str, store: StoreDep, limit: Limit = 50, offset: Offset = 0,
    ntype: str | None = None, nmax: Annotated[int, Query(ge=1, le=network.MAX_SHOWN)] = 12,
) -> HTMLResponse:
    """An entity: its mentions in context, its network (neighbours by association,
    ``ntype`` keeps one label, ``nmax`` how many are drawn), dated mentions."""
    view = store.entity(entity_id, limit, offset)
    net, kinds = entity_network(store, view, blank(ntype), nmax)
    line = graphics.timeline(store.dated_mentions(entity_id, 500))
    undated = queries.undated_values(store.conn, entity_id)
    contexts = [(c, context_markup(c.before, c.text, c.after)) for c in view.contexts]
    ftotal, groups = store.relations(entity=entity_id, limit=FACTS_SHOWN)
    return html("entity.html", view=view, net=net, kinds=kinds, ntype=blank(ntype),
                nmax=nmax, line=line,
                kb=kbinfo.authority(store.conn, entity_id), undated=undated,
                contexts=contexts,
                facts=fact_rows(groups, entity_id), ftotal=ftotal, limit=limit,
                offset=offset, total=view.mentions, params={"limit": limit})


FACTS_SHOWN = 30


def entity_network(store: Store, view: EntityInfo, ntype: str | None,
                   shown: int) -> tuple[network.Drawing, list[tuple[str, int]]]:
    """The drawing of an entity's neighbours (of label ``ntype``) and the labels found
    among all its neighbours, with counts (the type filter's choices)."""
    found = network.neighbours(store.conn, view.id)
    kinds: dict[str, int] = {}
    for nb in found:
        kinds[nb.entity.label] = kinds.get(nb.entity.label, 0) + 1
    if ntype:
        found = [nb for nb in found if nb.entity.label == ntype]
    ids = [view.id, *(nb.entity.id for nb in found[:shown])]
    drawing = network.layout(view, found, shown, network.relation_links(store.conn, ids))
    return drawing, sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))


@router.get("/relations")
def relations(
    store: StoreDep, type: str | None = None, entity: str | None = None,
    limit: Limit = 50, offset: Offset = 0,
) -> HTMLResponse:
    """Relations across the corpus, one row per type and pair, filtered by type and
    entity, each with its evidence passages linked to the exact place in the text."""
    rtype, entity = relation_type(type), blank(entity)
    total, groups = store.relations(rtype, entity, limit, offset)
    rows = [(g, passages(g)) for g in groups]
    who = _entity_name(store, entity) if entity else None
    return html("relations.html", total=total, rows=rows, type=rtype, entity=entity,
                who=who, types=store.relation_types(), limit=limit, offset=offset,
                params={"type": rtype, "entity": entity, "limit": limit})


def _entity_name(store: Store, entity_id: str) -> str:
    try:
        return store.entity(entity_id, limit=1).name
    except NotFoundError:
        return entity_id


@router.get("/search")
def search(
    store: StoreDep, q: str | None = None, entity: str | None = None,
    label: str | None = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    limit: Limit = 20, offset: Offset = 0,
) -> HTMLResponse:
    """The search form and, when anything was asked, a page of hits."""
    q, entity, label = blank(q), blank(entity), blank(label)
    params: dict[str, object] = {"q": q, "entity": entity, "label": label,
                                 "from": blank(date_from), "to": blank(date_to), "limit": limit}
    asked = any(params[k] for k in ("q", "entity", "label", "from", "to"))
    total, hits = 0, list[SearchHit]()
    if asked:
        total, hits = store.search(q, entity, label, year(date_from, "from"),
                                   year(date_to, "to"), limit, offset)
    rows = [(hit, snippet_markup(hit.snippet, hit.highlights)) for hit in hits]
    return html("search.html", params=params, asked=asked, total=total, rows=rows,
                labels=queries.labels(store.conn, 40), limit=limit, offset=offset)


@router.get("/static/{name}")
def static(name: str) -> Response:
    """One of the app's own CSS/JS files (looked up by name in memory, never on disk)."""
    found = static_files().get(name)
    if found is None:
        raise NotFoundError(f"no static file {name!r}")
    media, text = found
    return Response(text, media_type=media, headers={"cache-control": "max-age=3600"})
