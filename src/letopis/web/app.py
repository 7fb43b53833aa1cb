"""``create_app(db_path)``: the FastAPI app of ``letopis serve`` over a read-only store.

Each request opens its own read-only connection (``mode=ro``, ``PRAGMA query_only``),
so no sqlite3 object is shared between threads or requests. Only GET and HEAD are
served; request bodies are limited (``letopis.web.guard``). Store errors become 404
(unknown id), 400 (malformed search) or 503, as JSON under ``/api`` and as a page
elsewhere.
"""

from __future__ import annotations

import os

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from letopis import __version__
from letopis.store.connect import connect
from letopis.store.errors import NotFoundError, SearchError, StoreError
from letopis.web import api, apidocs, listing, maps, pages
from letopis.web.cache import ResponseCache
from letopis.web.guard import MAX_BODY, Guard
from letopis.web.i18n import Language
from letopis.web.render import page


def create_app(db_path: str | os.PathLike[str], max_body: int = MAX_BODY,
               cache_mb: int = 64, shared_cache: str | None = None) -> FastAPI:
    """The web app over the store at ``db_path`` (checked now: StoreError if unusable);
    ``cache_mb``: memory for repeated answers (``letopis.web.cache``; 0: none);
    ``shared_cache``: a file through which worker processes share them."""
    path = os.fspath(db_path)
    connect(path, readonly=True).close()
    app = FastAPI(
        title="letopis", version=__version__,
        description="Read-only access to a letopis corpus store.",
        openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
    )
    app.state.db_path = path
    app.router.redirect_slashes = False  # the guard redirects, by a relative Location
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(maps.router)  # before listing: /map.geojson is no table download
    app.include_router(listing.router)
    app.include_router(apidocs.router)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    if cache_mb > 0:  # innermost: the guard refuses and the language cookie is set outside it
        app.add_middleware(ResponseCache, db_path=path, max_bytes=cache_mb * 1024 * 1024,
                           shared=shared_cache)
    app.add_middleware(Language)
    app.add_middleware(Guard, max_body=max_body)
    return app


SERVE_DB = "LETOPIS_SERVE_DB"  # letopis serve --workers N: the store each worker serves
SERVE_CACHE = "LETOPIS_SERVE_CACHE_MB"
SERVE_SHARED = "LETOPIS_SERVE_SHARED"  # the workers' shared answer file


def app_from_env() -> FastAPI:
    """The app of one ``letopis serve`` worker process (uvicorn's factory)."""
    return create_app(os.environ[SERVE_DB], cache_mb=int(os.environ.get(SERVE_CACHE, "64")),
                      shared_cache=os.environ.get(SERVE_SHARED))


def _status(error: StoreError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, SearchError):
        return 400
    return 503


def _answer(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    return HTMLResponse(page("error.html", status=status, message=message),
                        status_code=status)


async def _store_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StoreError)
    return _answer(request, _status(error), str(error))


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return _answer(request, error.status_code, str(error.detail))


async def _invalid(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in item.get('loc', ())[1:])}: {item.get('msg', '')}"
        for item in error.errors()
    )
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": problems}, status_code=422)
    return _answer(request, 400, problems)
