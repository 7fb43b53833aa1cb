"""``/map``: the places of the corpus, of a document (``?document=``) or around an entity
(``?entity=``), drawn offline (``letopis.web.geomap``), with their table; ``/map.geojson``
gives the same places as a GeoJSON download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse, JSONResponse

from letopis.store.browse import entity_info
from letopis.store.core import Store
from letopis.web import geomap
from letopis.web.deps import blank, get_store
from letopis.web.render import page

router = APIRouter(include_in_schema=False)

StoreDep = Annotated[Store, Depends(get_store)]


def scope_places(store: Store, document: str | None,
                 entity: str | None) -> tuple[str, str | None, list[geomap.Place]]:
    """(scope kind, its title, the places) of the asked scope."""
    document, entity = blank(document), blank(entity)
    if document and entity:
        raise HTTPException(400, "a map shows a document or an entity, not both")
    if document:
        doc = store.document(document)
        title = (doc.meta.title if doc.meta else None) or doc.source or doc.id
        return "document", title, geomap.document_places(store.conn, doc.id)
    if entity:
        info = entity_info(store.conn, entity)
        return "entity", info.name, geomap.neighbourhood_places(store.conn, info.id)
    return "corpus", None, geomap.corpus_places(store.conn)


@router.get("/map")
def map_page(store: StoreDep, document: str | None = None,
             entity: str | None = None) -> HTMLResponse:
    """A map of the scope's linked places and the table of them."""
    kind, title, places = scope_places(store, document, entity)
    params = {"document": blank(document), "entity": blank(entity)}
    return HTMLResponse(page("map.html", kind=kind, title=title, places=places,
                             svg=geomap.draw(places), outlines=geomap.outlines() is not None,
                             params=params))


@router.get("/map.geojson")
def map_geojson(store: StoreDep, document: str | None = None,
                entity: str | None = None) -> JSONResponse:
    """The same places as a GeoJSON FeatureCollection (lon, lat order)."""
    _, _, places = scope_places(store, document, entity)
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                 "properties": {"id": p.id, "name": p.name, "label": p.label,
                                "mentions": p.weight, "geonames": p.geonames,
                                "wikidata": p.wikidata}} for p in places]
    return JSONResponse({"type": "FeatureCollection", "features": features},
                        media_type="application/geo+json",
                        headers={"content-disposition": 'attachment; filename="places.geojson"'})
