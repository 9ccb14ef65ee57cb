"""`eventwire serve`: the web view and REST API over a store, with uvicorn.

Read-only unless --allow-ingest (which needs a token: --token or EVENTWIRE_TOKEN).
Binds 127.0.0.1 by default; --get PATH answers one request in-process and exits,
1 when the answer is not a success (for scripts and CI, as datasette's serve --get)."""

from __future__ import annotations

import logging
import socket
import sys
from typing import Annotated

import typer

from .. import logs
from ..errors import Errors, EventwireError
from ..store import Store
from .options import DbOption

log = logging.getLogger(__name__)


def serve_cli(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
    allow_ingest: Annotated[
        bool,
        typer.Option(
            "--allow-ingest",
            help="Open the store for writing and accept POST /api/v1/ingest/text and /url "
            "from clients that send the token.",
        ),
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="EVENTWIRE_TOKEN",
            metavar="TOKEN",
            help="Bearer token for the ingest endpoints (at least 16 characters).",
            show_envvar=True,
        ),
    ] = None,
    tiles: Annotated[
        bool,
        typer.Option(
            "--tiles",
            help="Offer OpenStreetMap web tiles on the map (fetched by the browser; "
            "the bundled world outlines work offline).",
        ),
    ] = False,
    get: Annotated[
        str | None,
        typer.Option("--get", metavar="PATH", help="Print the answer to one GET of PATH and exit."),
    ] = None,
) -> None:
    """Serve the store as a web view (timeline, map, actors, figures, events with their
    evidence) and a REST API under /api/v1 (OpenAPI at /openapi.json, docs at /docs)."""
    if allow_ingest and (not token or len(token) < 16):
        fail(Errors.E110)
    try:
        store = Store.open(db, readonly=not allow_ingest, create=allow_ingest)
    except EventwireError as err:
        fail(str(err))
    from ..web import create_app

    app = create_app(store, ingest_token=token if allow_ingest else None, tiles=tiles)
    try:
        if get is not None:
            raise typer.Exit(answer_one(app, get))
        check_port(host, port)
        import uvicorn

        logs.note(
            f"serving {store.where} {'(ingest allowed)' if allow_ingest else '(read-only)'}"
            f" on http://{host if ':' not in host else f'[{host}]'}:{port}/"
        )
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    finally:
        store.close()


def answer_one(app, path: str) -> int:
    """GET `path` in-process; print the body; 0 for a success, else 1."""
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get(path)
    sys.stdout.write(answer.text)
    if not answer.text.endswith("\n"):
        sys.stdout.write("\n")
    return 0 if answer.is_success else 1


def check_port(host: str, port: int) -> None:
    """Fail with a coded message when the address cannot be listened on, before uvicorn
    would print a traceback-like log about it."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as err:
        fail(Errors.E111.format(host=host, port=port, reason=err.strerror or err))
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as err:
            fail(Errors.E111.format(host=host, port=port, reason=err.strerror or err))


def fail(message: str) -> None:
    logs.echo(message, level=logging.ERROR)
    raise typer.Exit(1)
