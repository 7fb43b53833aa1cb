"""The interface language: Russian first, English on request (Babel catalogs, Jinja2 i18n).

Templates are written with English message ids (``{{ _("Entities") }}``); the Russian
catalog ``locale/ru/LC_MESSAGES/messages.po`` is read with Babel and compiled in memory
once. The language of a request comes from ``?lang=ru|en`` (which also sets a cookie so
that it sticks), else the ``lang`` cookie, else Russian. ``Language`` is the ASGI
middleware that sets it for the request's context.
"""

from __future__ import annotations

import gettext
from collections.abc import Awaitable, Callable, MutableMapping
from contextvars import ContextVar
from functools import cache
from http.cookies import SimpleCookie
from importlib.resources import files
from io import BytesIO
from typing import Any
from urllib.parse import parse_qsl, urlencode

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGS = ("ru", "en")
DEFAULT = "ru"
COOKIE_AGE = 365 * 24 * 3600

_lang: ContextVar[str] = ContextVar("letopis_lang", default=DEFAULT)
_here: ContextVar[tuple[str, str]] = ContextVar("letopis_here", default=("/", ""))

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The translations of ``lang`` (English: the message ids themselves)."""
    if lang == "en":
        return gettext.NullTranslations()
    po = files("letopis.web") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        messages = read_po(handle, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def current() -> str:
    """The language of the request being served."""
    return _lang.get()


def use(lang: str) -> None:
    """Set the language of the current context (tests, the report)."""
    _lang.set(lang if lang in LANGS else DEFAULT)


def gettext_(message: str) -> str:
    """``message`` in the current language."""
    return catalog(_lang.get()).gettext(message)


def ngettext_(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    return catalog(_lang.get()).ngettext(singular, plural, n)


def switch_url(lang: str) -> str:
    """The current page's address with ``lang`` set (the other parameters kept)."""
    path, query = _here.get()
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=False) if k != "lang"]
    return f"{path}?{urlencode([*pairs, ('lang', lang)])}"


def _chosen(scope: Scope) -> tuple[str, bool]:
    """(language, asked in the query string) for a request."""
    query = scope.get("query_string", b"").decode("latin-1")
    asked = next((v for k, v in parse_qsl(query) if k == "lang"), None)
    if asked in LANGS:
        return str(asked), True
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            morsel = SimpleCookie(value.decode("latin-1")).get("lang")
            if morsel is not None and morsel.value in LANGS:
                return morsel.value, False
    return DEFAULT, False


class Language:
    """ASGI middleware: the request's language into the context; ``?lang=`` sets a cookie."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request in its language."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang, asked = _chosen(scope)
        token = _lang.set(lang)
        here = _here.set((scope.get("path", "/"), scope.get("query_string", b"").decode("latin-1")))

        async def remember(message: Message) -> None:
            if asked and message["type"] == "http.response.start":
                cookie = f"lang={lang}; Path=/; Max-Age={COOKIE_AGE}; SameSite=Lax"
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
            await send(message)

        try:
            await self.app(scope, receive, remember)
        finally:
            _here.reset(here)
            _lang.reset(token)


# Messages named in code rather than in a template: table and facet headings, filter
# names and values, corpus counts (``letopis.web.catalog``, ``queries.counts``).
CODE_MESSAGES = ("name", "label", "years", "decade", "kind", "speaker", "doc", "holder",
                 "cited", "some", "none", "any", "documents", "entities", "mentions",
                 "quotations", "claims", "relations", "type", "entity", "head_label",
                 "tail_label")


def template_messages() -> set[str]:
    """Every message id the templates and the tables use (for the catalog and its test)."""
    from letopis.web.catalog import TABLES

    found = set(CODE_MESSAGES)
    folder = files("letopis.web") / "templates"
    for item in folder.iterdir():
        if item.name.endswith(".html"):
            with item.open("rb") as handle:
                found.update(_extract(handle))
    for table in TABLES.values():
        found.update(c.title for c in table.columns)
        found.update(f.title for f in table.facets)
    return found


def _extract(handle: Any) -> set[str]:
    """The message ids of one template (Jinja2's Babel extractor)."""
    from jinja2.ext import babel_extract

    options = {"extensions": "jinja2.ext.i18n"}
    return {str(m[2]) for m in babel_extract(handle, ("_", "gettext", "ngettext"), [], options)
            if isinstance(m[2], str)}
