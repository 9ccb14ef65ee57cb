"""The pages: server-rendered templates over the same queries as the API.

Filters live in the URL (the query string of every page is the API's), so a view can
be shared as a link. Charts and the map are drawn by static/app.js from the API;
tables and the evidence are rendered here, so they read without JavaScript."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from ..ontology import CATEGORIES
from . import queries
from .api import DEFAULT_PAGE, MAX_PAGE, TEXT, Cursor, Filters, reading
from .highlight import segments
from .problems import ProblemError

router = APIRouter(include_in_schema=False)

templates = Environment(
    loader=PackageLoader("eventwire.web", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("filters", {})
    context.setdefault("stories", False)  # stories (issue 15) will add their page here
    html = templates.get_template(name).render(
        request=request,
        path=request.url.path,
        categories=CATEGORIES,
        query=request.url.query,
        tiles=request.app.state.tiles,
        **context,
    )
    return HTMLResponse(html, status_code=status)


def filter_context(conn, filters: queries.EventFilters) -> dict[str, Any]:
    """What the filter form needs: the current values and the choices."""
    return {
        "filters": filters.as_params(),
        "sources": queries.distinct_values(conn, queries.articles.c.source),
        "acled_types": queries.distinct_values(conn, queries.events.c.acled_event_type),
    }


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, filters: Filters) -> HTMLResponse:
    with reading(request) as conn:
        summary = queries.overview(conn)
        context = filter_context(conn, filters)
    return render(request, "overview.html", summary=summary, **context)


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
    cursor: Cursor = None,
) -> HTMLResponse:
    with reading(request) as conn:
        items, next_cursor = queries.event_page(conn, filters, limit, cursor)
        context = filter_context(conn, filters)
    params = filters.as_params()
    next_link = None
    if next_cursor:
        next_link = "/events?" + urlencode({**params, "limit": limit, "cursor": next_cursor})
    downloads = {
        fmt: f"/api/v1/events.{fmt}?" + urlencode(params) for fmt in ("csv", "json", "geojson")
    }
    return render(
        request, "events.html", items=items, next_link=next_link, downloads=downloads, **context
    )


@router.get("/events/{article_id}/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, article_id: str, event_id: str) -> HTMLResponse:
    with reading(request) as conn:
        record = queries.event_record(conn, article_id, event_id)
    if record is None:
        raise ProblemError(404, f"no event {event_id!r} in article {article_id!r}")
    text = record["article"]["text"]
    return render(
        request,
        "event.html",
        record=record,
        event=record["event"],
        article=record["article"],
        parts=segments(text, record["spans"]),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    with reading(request) as conn:
        record = queries.article_record(conn, article_id)
    if record is None:
        raise ProblemError(404, f"no article {article_id!r}")
    document = record["document"]
    spans = [
        {"role": "trigger", "start": e.span[0], "end": e.span[1], "label": e.event}
        for e in document.events
    ] + [
        {"role": "count", "start": f.span[0], "end": f.span[1], "label": f.category}
        for f in document.figures
    ]
    return render(
        request,
        "article.html",
        article=record,
        document=document,
        parts=segments(record["text"], spans),
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, filters: Filters) -> HTMLResponse:
    with reading(request) as conn:
        actors = queries.top_actors(conn, filters, DEFAULT_PAGE)
        pairs = queries.dyads(conn, filters, DEFAULT_PAGE, "actor")
        countries = queries.dyads(conn, filters, DEFAULT_PAGE, "country")
        context = filter_context(conn, filters)
    return render(
        request, "actors.html", actors=actors, pairs=pairs, countries=countries, **context
    )


@router.get("/figures", response_class=HTMLResponse)
def figures_page(
    request: Request,
    category: Annotated[str | None, Query(max_length=50, pattern=TEXT)] = None,
    who: Annotated[str | None, Query(max_length=200, pattern=TEXT)] = None,
) -> HTMLResponse:
    with reading(request) as conn:
        keys = queries.figure_keys(conn, DEFAULT_PAGE)
        if category is None and keys:
            category, who = keys[0]["category"], keys[0]["who"]
        points = queries.figure_series(conn, category, who, MAX_PAGE) if category else []
    return render(request, "figures.html", keys=keys, category=category, who=who, points=points)
