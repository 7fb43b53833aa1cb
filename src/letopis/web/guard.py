"""ASGI guard in front of the web app: request limits, read-only methods, headers.

Runs before routing, so a refused request never reaches an endpoint and its body is
never read: a ``Content-Length`` over the limit is answered 413 at once; a body sent
without a length (chunked) is counted as it is received and cut off at the limit. Only
GET and HEAD are served (anything else: 405); HEAD is answered as GET without the body.
A query string over ``MAX_QUERY_STRING`` bytes is answered 414, one with more than
``MAX_PARAMS`` parameters 400. A path with a trailing slash is redirected (307) to the
path without it, by a relative ``Location`` (never built from the Host header).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 1 << 20  # 1 MiB
MAX_QUERY_STRING = 16 << 10  # bytes of the query string, percent-encoded
MAX_REQUEST_HEAD = 1 << 20  # what uvicorn buffers of a request head (letopis serve)
MAX_PARAMS = 64  # query parameters, repeated ones counted each time
READ_METHODS = ("GET", "HEAD")

# No inline script, nothing from another origin; inline style attributes are allowed
# (the highlighted text sets label colours with CSS variables).
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class BodyTooLarge(Exception):
    """A streamed request body went over the limit."""


class Guard:
    """Wrap an ASGI app with the body limit, the method check and security headers."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.isdigit():
                await _refuse(send, 400, "invalid Content-Length")
                return
            if int(length) > self.max_body:
                await _refuse(send, 413, f"request body over {self.max_body} bytes")
                return
        if scope["method"] not in READ_METHODS:
            await _refuse(send, 405, "the API is read-only: only GET and HEAD",
                          [(b"allow", b"GET, HEAD")])
            return
        query = bytes(scope.get("query_string", b""))
        if len(query) > MAX_QUERY_STRING:
            await _refuse(send, 414, f"query string over {MAX_QUERY_STRING} bytes")
            return
        params = query.count(b"&") + 1 if query else 0
        if params > MAX_PARAMS:
            await _refuse(send, 400, f"too many query parameters: {params} (at most {MAX_PARAMS})")
            return
        if scope["path"] != "/" and scope["path"].endswith("/"):
            location = without_slash(scope) + (b"?" + query if query else b"")
            await _refuse(send, 307, "moved", [(b"location", location)])
            return
        await self._serve(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        head = scope["method"] == "HEAD"
        if head:
            scope = dict(scope, method="GET")
        started = False
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise BodyTooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message, headers=[*message.get("headers", []), *HEADERS])
            elif head and message["type"] == "http.response.body":
                message = dict(message, body=b"")
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except BodyTooLarge:
            if not started:
                await _refuse(send, 413, f"request body over {self.max_body} bytes")


def without_slash(scope: Scope) -> bytes:
    """The request's path, as sent, without trailing slashes: an absolute path on this
    server (one leading slash, backslashes escaped), so a redirect cannot leave it."""
    raw = scope.get("raw_path") or quote(scope["path"]).encode("ascii")
    path = bytes(raw).split(b"?", 1)[0].strip(b"/").replace(b"\\", b"%5C")
    return b"/" + path


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1").strip())
    return None


async def _refuse(
    send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"), *HEADERS, *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
