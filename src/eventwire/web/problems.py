"""Errors as RFC 9457 problem details: one JSON shape for every failure, and never a
stack trace. The handlers are installed by the app factory; `PROBLEM_RESPONSES` is
what the OpenAPI schema documents for every operation."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import EventwireError
from ..store import StoreError
from .queries import QueryError
from .schemas import Problem

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
CODE_RE = re.compile(r"^\[(E\d{3})\]")


class ProblemError(Exception):
    """Raised by routes for an answer that is not a success."""

    def __init__(
        self,
        status: int,
        detail: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.headers = headers
        self.status = status
        self.detail = detail
        self.code = code
        self.extra = extra


def problem(
    status: int,
    detail: str | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
        **extra,
    }
    if detail and extra.get("code") is None:
        match = CODE_RE.match(detail)
        if match:
            body["code"] = match.group(1)
    return JSONResponse(
        {k: v for k, v in body.items() if v is not None},
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


PageRenderer = Callable[[Request, int, str | None], Response]


def install(app: FastAPI, page: PageRenderer | None = None) -> None:
    """The exception handlers that turn every failure into a problem; outside the API,
    a browser asking for HTML gets `page`'s rendering of it instead."""

    def answer(request: Request, status: int, detail: str | None, **extra: Any) -> Response:
        wants_html = "text/html" in request.headers.get("accept", "")
        if page is not None and wants_html and not request.url.path.startswith("/api/"):
            return page(request, status, detail)
        headers = extra.pop("headers", None)
        return problem(status, detail, request.url.path, headers, **extra)

    @app.exception_handler(ProblemError)
    async def on_problem(request: Request, exc: ProblemError) -> JSONResponse:
        return answer(
            request, exc.status, exc.detail, headers=exc.headers, code=exc.code, **exc.extra
        )

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else None
        return answer(request, exc.status_code, detail, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"location": ".".join(str(p) for p in error.get("loc", ())), "message": error["msg"]}
            for error in exc.errors()
        ]
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors)[:500]
        return answer(request, 422, detail, errors=errors)

    @app.exception_handler(QueryError)
    async def on_query(request: Request, exc: QueryError) -> JSONResponse:
        return answer(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def on_store(request: Request, exc: StoreError) -> JSONResponse:
        log.warning("store error on %s: %s", request.url.path, exc)
        return answer(request, 503, str(exc))

    @app.exception_handler(EventwireError)
    async def on_eventwire(request: Request, exc: EventwireError) -> JSONResponse:
        return answer(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s", request.url.path, exc_info=exc)
        return answer(request, 500, "internal error; the server log has the details")


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problems an operation may answer."""
    return {
        status: {
            "model": Problem,
            "description": HTTPStatus(status).phrase,
            "content": {MEDIA_TYPE: {}},
        }
        for status in statuses
    }


def fix_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    """FastAPI documents validation errors as its own application/json shape; ours are
    problems. Every operation's 422 (and every problem response) says so."""
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            answers = operation.get("responses", {})
            if "parameters" in operation or "requestBody" in operation:
                answers["422"] = {"description": "Invalid parameters", "content": {}}
            for status, answer in answers.items():
                if status.startswith(("4", "5")):
                    answer["content"] = {MEDIA_TYPE: {"schema": problem_ref}}
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema
