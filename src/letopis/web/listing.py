"""The table pages (``/documents``, ``/entities``, ``/quotes``, ``/claims``) and their
downloads (``/quotes.csv``, ``/quotes.json``, ...) of the same filtered view."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from letopis.store.core import Store
from letopis.store.errors import NotFoundError
from letopis.web import queries
from letopis.web.catalog import TABLES
from letopis.web.deps import Limit, Offset, get_store
from letopis.web.render import page
from letopis.web.tables import Table, download, view

router = APIRouter(include_in_schema=False)

StoreDep = Annotated[Store, Depends(get_store)]
FORMATS = ("csv", "json")


def _table(name: str) -> Table:
    table = TABLES.get(name)
    if table is None:
        raise NotFoundError(f"no table {name!r}")
    return table


def table_page(request: Request, store: Store, name: str, **context: object) -> HTMLResponse:
    """The page of table ``name`` under the request's filters."""
    found = view(store.conn, _table(name), request.query_params)
    return HTMLResponse(page("table.html", view=found, name=name,
                             titles=queries.titles(store.conn, found), **context))


def _route(name: str, doc: str) -> None:
    """Route ``/{name}`` to the page of table ``name`` (``limit`` and ``offset`` checked
    like every page's)."""
    def show(request: Request, store: StoreDep, limit: Limit = 50,
             offset: Offset = 0) -> HTMLResponse:
        return table_page(request, store, name)

    show.__doc__ = doc
    show.__name__ = name
    path = TABLES[name].path or f"/{name}"
    router.add_api_route(path, show, methods=["GET"], response_class=HTMLResponse)


for _name, _doc in (
    ("documents", "Documents, sortable, faceted by decade, filtered by years (1950-1960)."),
    ("entities", "Corpus entities, faceted by label, filtered by part of the name."),
    ("quotes", "Quotations: by default real quotations with a speaker; titles and terms a "
               "facet away (?kind=title, ?kind=any)."),
    ("claims", "Claims with their holder and the source they cite."),
    ("relations", "Every relation, one per row (the grouped view is /relations)."),
):
    _route(_name, _doc)


@router.get("/{name}.{fmt}")
def export(name: str, fmt: str, request: Request, store: StoreDep) -> Response:
    """The filtered view of a table as CSV or JSON (the page's filters and sort)."""
    if fmt not in FORMATS:
        raise NotFoundError(f"no format {fmt!r} (csv or json)")
    media, body = download(store.conn, _table(name), request.query_params, fmt)
    headers = {"content-disposition": f'attachment; filename="{name}.{fmt}"'}
    return Response(body, media_type=media, headers=headers)
