"""``/docs``: the interactive OpenAPI page, offline.

Swagger UI's front end (5.x, which reads FastAPI's OpenAPI 3.1) comes from the
``fastapi-offline`` package (PyPI, MIT; Swagger UI itself Apache-2.0) installed with
letopis: its two files are read once from the package and served from memory under
``/docs/assets/``; nothing is fetched from a CDN. The page's own start-up
script (``static/apidocs.js``) points it at ``/api/openapi.json``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from letopis.store.errors import NotFoundError
from letopis.web.render import page, static_files

router = APIRouter(include_in_schema=False)

ASSETS = {"swagger-ui.css": "text/css; charset=utf-8",
          "swagger-ui-bundle.js": "text/javascript; charset=utf-8"}


@cache
def asset(name: str) -> bytes:
    """One of Swagger UI's files from the installed ``fastapi-offline`` package."""
    return (files("fastapi_offline") / "static" / name).read_bytes()


@router.get("/docs")
def docs() -> HTMLResponse:
    """The interactive API page (Swagger UI over ``/api/openapi.json``)."""
    return HTMLResponse(page("apidocs.html"))


@router.get("/docs/assets/{name}")
def docs_asset(name: str) -> Response:
    """Swagger UI's stylesheet and script, or the page's start-up script."""
    if name == "apidocs.js":
        media, text = static_files()["apidocs.js"]
        return Response(text, media_type=media)
    if name not in ASSETS:
        raise NotFoundError(f"no asset {name!r}")
    return Response(asset(name), media_type=ASSETS[name],
                    headers={"cache-control": "max-age=86400"})
