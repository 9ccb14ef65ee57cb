"""The app factory: one FastAPI application over one open store.

What it sets up, and why:
- The store is opened by the caller (`eventwire serve` opens it read-only unless
  ingest is allowed) and shared by every request; each request reads on its own
  connection (`Store.reading`), so a slow query never holds another.
- No CORS middleware: browsers refuse cross-origin reads of the API (closed by
  default). Pages get a Content-Security-Policy allowing this origin only (and the
  tile server, when web tiles are turned on), no framing, no MIME sniffing.
- Request bodies are refused above `MAX_BODY` bytes before they are read (413).
- Every error is an RFC 9457 problem (problems.py); pages render it as HTML.
- Ingest routes exist only when `ingest_token` is given (`--allow-ingest`).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request, Response
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..store import Store
from . import api, pages, problems

if TYPE_CHECKING:  # the pipeline (spaCy) is imported only when ingest is allowed
    from ..core import Pipeline

MAX_BODY = 2_000_000
"""Bytes a request body may have: a long article as JSON, with room to spare."""
TILE_HOST = "https://tile.openstreetmap.org"
"""Where web tiles come from when turned on (`--tiles`); never asked otherwise."""


def create_app(
    store: Store,
    *,
    ingest_token: str | None = None,
    pipeline: Callable[[], Pipeline] | None = None,
    tiles: bool = False,
) -> FastAPI:
    """The web view and API over `store`. With `ingest_token`, POST routes under
    /api/v1/ingest store articles (the store must be writable); `pipeline` makes the
    Pipeline they use (default: `eventwire.load()`, loaded on first use)."""
    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="The events, articles, actors, places and figures of an eventwire store, "
        "each event with the words of its article that support it.",
        docs_url=None,  # served below from vendored assets, not a CDN
        redoc_url=None,
    )
    app.state.store = store
    app.state.tiles = tiles
    problems.install(app, page=error_page)
    app.include_router(api.router)
    if ingest_token:
        from . import ingest

        if pipeline is None:
            from .. import load

            pipeline = load
        app.state.ingestor = ingest.Ingestor(store, pipeline, ingest_token)
        app.include_router(ingest.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("eventwire.web", "static")]), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        return pages.render(request, "docs.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        icon = (files("eventwire.web") / "static" / "favicon.svg").read_bytes()
        return Response(icon, media_type="image/svg+xml")

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = problems.fix_openapi(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(SecurityHeaders, tiles=tiles)
    app.add_middleware(BodyLimit, limit=MAX_BODY)
    return app


def error_page(request: Request, status: int, detail: str | None) -> Response:
    return pages.render(request, "error.html", status=status, code=status, detail=detail)


class BodyLimit:
    """Refuse a request whose body is larger than `limit` bytes (413), by its
    Content-Length, or as it streams in when it has none."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await too_large(scope, receive, send, self.limit)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except BodyTooLarge:
            await too_large(scope, receive, send, self.limit)


class BodyTooLarge(Exception):
    pass


async def too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = problems.problem(413, f"request body above {limit:,} bytes", scope.get("path"))
    await response(scope, receive, send)


class SecurityHeaders:
    """Headers on every answer that keep a page to its own origin."""

    def __init__(self, app: ASGIApp, tiles: bool = False) -> None:
        self.app = app
        images = "'self' data:" + (f" {TILE_HOST}" if tiles else "")
        policy = (
            "default-src 'self'; "
            f"img-src {images}; "
            "style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; "
            "connect-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        )
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.headers]}
            await send(message)

        await self.app(scope, receive, with_headers)
