"""The REST API under /api/v1: thin routes over `queries`, read-only.

Parameters are validated before any query runs (FastAPI), with limits on every list
(`MAX_PAGE`, `MAX_DOWNLOAD`) and on every text (length, no NUL bytes), and reach the
database only as bound parameters."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Connection

from ..export import neutralize_formula
from ..ontology import CATEGORIES
from ..store import Store
from . import queries
from .problems import ProblemError, responses
from .queries import EventFilters
from .schemas import (
    ActorRow,
    AggregateRow,
    ArticleDetail,
    ArticlePage,
    DyadRow,
    EntityRow,
    EventDetail,
    EventPage,
    FigureKey,
    FigurePoint,
    Overview,
    PlaceRow,
)

PREFIX = "/api/v1"
DEFAULT_PAGE = 50
MAX_PAGE = 500
"""Most rows one page of a list may ask for."""
MAX_DOWNLOAD = 100_000
"""Most events one download may hold: a bigger export is `eventwire export`'s job."""
TEXT = r"^[^\x00]*$"
"""Free text parameters: any characters but NUL (PostgreSQL refuses it in a string)."""

Category = Literal[CATEGORIES]  # type: ignore[valid-type]
Status = Literal["occurred", "future", "hypothetical", "negated"]
Interval = Literal["day", "week", "month"]
Group = Literal["event", "country", "quad", "status", "none"]

router = APIRouter(prefix=PREFIX, responses=responses(400, 503))


def reading(request: Request) -> AbstractContextManager[Connection]:
    """A read connection to the app's store, for one request."""
    store: Store = request.app.state.store
    return store.reading()


LONGITUDE = r"[-+]?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[0-9]{1,2})(?:\.[0-9]+)?)"
LATITUDE = r"[-+]?(?:90(?:\.0+)?|[0-8]?[0-9](?:\.[0-9]+)?)"
BBOX = rf"^{LONGITUDE},{LATITUDE},{LONGITUDE},{LATITUDE}$"
"""west,south,east,north in degrees: the pattern admits valid boxes only."""


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """The box's corners; south and north in either order. West above east is a box
    across the antimeridian."""
    if value is None:
        return None
    west, south, east, north = (float(part) for part in value.split(","))
    return west, min(south, north), east, max(south, north)


def event_filters(
    since: Annotated[dt.date | None, Query(description="Events dated on or after this day")] = None,
    until: Annotated[
        dt.date | None, Query(description="Events dated on or before this day")
    ] = None,
    type: Annotated[Category | None, Query(description="PLOVER category")] = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{3}$", description="An actor's or recipient's country (ISO3)"),
    ] = None,
    actor: Annotated[
        str | None,
        Query(max_length=200, pattern=TEXT, description="Words of an actor or recipient"),
    ] = None,
    location_country: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{3}$", description="Where it happened (ISO3)")
    ] = None,
    source: Annotated[
        str | None, Query(max_length=200, pattern=TEXT, description="The article's source")
    ] = None,
    status: Annotated[Status | None, Query()] = None,
    acled: Annotated[
        str | None, Query(max_length=100, pattern=TEXT, description="ACLED event type")
    ] = None,
    article: Annotated[
        str | None, Query(max_length=200, pattern=TEXT, description="One article's id")
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            max_length=200,
            pattern=BBOX,
            description="west,south,east,north in degrees (where the event happened)",
        ),
    ] = None,
) -> EventFilters:
    """The filters of every event list, from the query string (shared by the pages)."""
    return EventFilters(
        since=since,
        until=until,
        type=type,
        country=country.upper() if country else None,
        actor=actor or None,
        location_country=location_country.upper() if location_country else None,
        source=source,
        status=status,
        acled=acled,
        article=article,
        bbox=parse_bbox(bbox),
    )


Filters = Annotated[EventFilters, Depends(event_filters)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Rows per page, at most {MAX_PAGE}")]
Cursor = Annotated[
    str | None,
    Query(max_length=500, pattern=r"^[A-Za-z0-9_-]*$", description="From the previous page"),
]


@router.get("/overview", response_model=Overview, summary="What the store holds")
def get_overview(request: Request) -> dict[str, Any]:
    with reading(request) as conn:
        return queries.overview(conn)


@router.get("/events", response_model=EventPage, responses=responses(422))
def list_events(
    request: Request,
    filters: Filters,
    limit: Limit = DEFAULT_PAGE,
    cursor: Cursor = None,
    sort: Annotated[Literal["-date", "date"], Query(description="By event date")] = "-date",
) -> dict[str, Any]:
    """Stored events, newest first (or oldest with `sort=date`), filtered, a page at a time."""
    with reading(request) as conn:
        items, next_cursor = queries.event_page(conn, filters, limit, cursor, sort == "-date")
    return {"items": items, "next_cursor": next_cursor, "limit": limit}


DOWNLOAD_LIMIT = Annotated[
    int, Query(ge=1, le=MAX_DOWNLOAD, description=f"At most {MAX_DOWNLOAD} events")
]

FLAT_COLUMNS = (
    "article_id", "event_id", "date", "date_from", "date_to", "published", "event", "mode",
    "status", "historical", "quad", "score", "actor", "actor_country", "recipient",
    "recipient_country", "location", "location_country", "lat", "lon", "location_precision",
    "dead", "injured", "arrested", "abducted", "cameo", "acled_event_type",
    "acled_sub_event_type", "event_text", "confidence", "source", "title", "url",
)  # fmt: skip
"""Columns of the CSV download and of GeoJSON properties: one flat row per event."""


def flat(item: dict[str, Any]) -> dict[str, Any]:
    """An event item as one flat row (lists joined with "; ")."""
    location = item["location"] or {}
    acled = item["acled"] or {}

    def joined(role: str, key: str) -> str | None:
        values = [p[key] or "" for p in item[role]]
        return "; ".join(values) if any(values) else None

    row = dict(item)
    row.update(
        actor=joined("actor", "text"),
        actor_country=joined("actor", "country"),
        recipient=joined("recipient", "text"),
        recipient_country=joined("recipient", "country"),
        location=location.get("name") or location.get("text"),
        location_country=location.get("country"),
        lat=location.get("lat"),
        lon=location.get("lon"),
        location_precision=location.get("precision"),
        acled_event_type=acled.get("event_type"),
        acled_sub_event_type=acled.get("sub_event_type"),
    )
    return {column: row[column] for column in FLAT_COLUMNS}


def download(
    request: Request, filters: EventFilters, limit: int, media_type: str, name: str,
    render: Callable[[Iterator[dict[str, Any]]], Iterator[str]],
) -> StreamingResponse:  # fmt: skip
    """A streamed download of the filtered events, read on one connection as it is sent."""
    store: Store = request.app.state.store

    def body() -> Iterator[str]:
        with store.reading() as conn:
            yield from render(queries.event_stream(conn, filters, limit))

    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(body(), media_type=media_type, headers=headers)


@router.get(
    "/events.csv",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, **responses(422)},
)
def download_csv(
    request: Request,
    filters: Filters,
    limit: DOWNLOAD_LIMIT = MAX_DOWNLOAD,
    raw: Annotated[bool, Query(description="Cells as stored (no spreadsheet guard)")] = False,
) -> StreamingResponse:
    """The filtered events as CSV, one flat row each. Cells a spreadsheet would run as a
    formula start with ' unless `raw`."""

    def render(items: Iterator[dict[str, Any]]) -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(FLAT_COLUMNS)
        for n, item in enumerate(items, 1):
            values = flat(item).values()
            writer.writerow(values if raw else [neutralize_formula(v) for v in values])
            if n % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return download(request, filters, limit, "text/csv; charset=utf-8", "events.csv", render)


@router.get(
    "/events.json",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {
                "application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/EventItem"}}
                }
            }
        },
        **responses(422),
    },
)
def download_json(
    request: Request, filters: Filters, limit: DOWNLOAD_LIMIT = MAX_DOWNLOAD
) -> StreamingResponse:
    """The filtered events as one JSON array of event items."""

    def render(items: Iterator[dict[str, Any]]) -> Iterator[str]:
        yield "["
        for n, item in enumerate(items):
            yield ("," if n else "") + json.dumps(item, ensure_ascii=False)
        yield "]\n"

    return download(request, filters, limit, "application/json", "events.json", render)


@router.get(
    "/events.geojson",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/geo+json": {"schema": {"type": "object"}}}},
        **responses(422),
    },
)
def download_geojson(
    request: Request, filters: Filters, limit: DOWNLOAD_LIMIT = MAX_DOWNLOAD
) -> StreamingResponse:
    """The filtered events that have coordinates, as a GeoJSON FeatureCollection."""

    def render(items: Iterator[dict[str, Any]]) -> Iterator[str]:
        yield '{"type":"FeatureCollection","features":['
        first = True
        for item in items:
            location = item["location"]
            if not location or location["lat"] is None or location["lon"] is None:
                continue
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [location["lon"], location["lat"]]},
                "properties": flat(item),
            }
            yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
            first = False
        yield "]}\n"

    return download(request, filters, limit, "application/geo+json", "events.geojson", render)


@router.get(
    "/events/{article_id}/{event_id}",
    response_model=EventDetail,
    responses=responses(404, 422),
)
def get_event(request: Request, article_id: str, event_id: str) -> dict[str, Any]:
    """One event with its article's text, its sentence, the spans that support each of
    its fields, the figures of its sentence and the article's other events."""
    with reading(request) as conn:
        record = queries.event_record(conn, article_id, event_id)
    if record is None:
        raise ProblemError(404, f"no event {event_id!r} in article {article_id!r}")
    return record


@router.get("/articles", response_model=ArticlePage, responses=responses(422))
def list_articles(
    request: Request,
    limit: Limit = DEFAULT_PAGE,
    cursor: Cursor = None,
    since: Annotated[dt.date | None, Query(description="Published on or after")] = None,
    until: Annotated[dt.date | None, Query(description="Published on or before")] = None,
    source: Annotated[str | None, Query(max_length=200, pattern=TEXT)] = None,
) -> dict[str, Any]:
    """Stored articles, newest first, with how many events each has."""
    with reading(request) as conn:
        items, next_cursor = queries.article_page(conn, limit, cursor, since, until, source)
    return {"items": items, "next_cursor": next_cursor, "limit": limit}


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses=responses(404, 422))
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """An article's text and every layer: events, figures, quotes, entities."""
    with reading(request) as conn:
        record = queries.article_record(conn, article_id)
    if record is None:
        raise ProblemError(404, f"no article {article_id!r}")
    record["document"] = record["document"].to_dict()
    return record


@router.get("/aggregates", response_model=list[AggregateRow], responses=responses(422))
def get_aggregates(
    request: Request,
    filters: Filters,
    interval: Annotated[Interval, Query()] = "day",
    by: Annotated[Group, Query(description="country: where the events happened")] = "event",
) -> list[dict[str, Any]]:
    """Filtered events counted by day, week or month and by category, country, quad
    class or status, with their mean conflict-cooperation score: for charts."""
    with reading(request) as conn:
        return queries.aggregate(conn, filters, interval, by)


@router.get("/actors", response_model=list[ActorRow], responses=responses(422))
def get_actors(request: Request, filters: Filters, limit: Limit = DEFAULT_PAGE) -> list[dict]:
    """Actors and recipients of the filtered events, most active first."""
    with reading(request) as conn:
        return queries.top_actors(conn, filters, limit)


@router.get("/dyads", response_model=list[DyadRow], responses=responses(422))
def get_dyads(
    request: Request,
    filters: Filters,
    limit: Limit = DEFAULT_PAGE,
    level: Annotated[Literal["country", "actor"], Query()] = "country",
) -> list[dict]:
    """Who acts on whom in the filtered events, by country or by actor."""
    with reading(request) as conn:
        return queries.dyads(conn, filters, limit, level)


@router.get("/entities", response_model=list[EntityRow], responses=responses(422))
def get_entities(
    request: Request,
    limit: Limit = DEFAULT_PAGE,
    type: Annotated[str | None, Query(max_length=50, pattern=TEXT)] = None,
) -> list[dict]:
    """Resolved actors of the articles, by how many articles name them."""
    with reading(request) as conn:
        return queries.top_entities(conn, limit, type)


@router.get("/places", response_model=list[PlaceRow], responses=responses(422))
def get_places(
    request: Request,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 5_000,
) -> list[dict]:
    """Where the filtered events happened: one point per place and category, counted."""
    with reading(request) as conn:
        return queries.places(conn, filters, limit)


@router.get("/figures", response_model=list[FigureKey], responses=responses(422))
def get_figure_keys(request: Request, limit: Limit = DEFAULT_PAGE) -> list[dict]:
    """The figure series there are: category and who, by how many figures."""
    with reading(request) as conn:
        return queries.figure_keys(conn, limit)


@router.get("/figures/series", response_model=list[FigurePoint], responses=responses(422))
def get_figure_series(
    request: Request,
    category: Annotated[str | None, Query(max_length=50, pattern=TEXT)] = None,
    who: Annotated[str | None, Query(max_length=200, pattern=TEXT)] = None,
    source: Annotated[
        str | None, Query(max_length=200, pattern=TEXT, description="Words of who reported it")
    ] = None,
    limit: Limit = MAX_PAGE,
) -> list[dict]:
    """Reported figures over time, each point with its article and who reported it."""
    with reading(request) as conn:
        return queries.figure_series(conn, category, who, limit, source)
