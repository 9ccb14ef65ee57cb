"""Read queries of the web view and API over the store's tables (SQLAlchemy Core).

Every value a user sends reaches the database as a bound parameter: filters are built
with column expressions, never by formatting SQL. The same statements run on SQLite
and PostgreSQL; where the two spell a function differently (truncating a date to its
week or month), `period_expression` picks the dialect's words.

Decisions the API documents:
- An event's date is `date_from`: the first day its date covers, else the article's
  publication date (store.py). Date filters keep events whose [date_from, date_to]
  overlaps [since, until], as `eventwire events` does.
- `country` matches any actor's or recipient's country (as `eventwire events
  --country`); `location_country` is where the event took place; aggregates by country
  count where events took place.
- Lists are paged with an opaque cursor (keyset pagination on the sort key, then
  article id and position), so a page costs the same at any depth and rows added
  meanwhile neither repeat nor vanish. Events without a date sort last either way.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    and_,
    case,
    exists,
    func,
    inspect,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.sql import ColumnElement, Select

from ..records import Document, Event
from ..store import (
    CHUNK,
    PARTICIPANT_SEPARATOR,
    SEARCH_COLUMNS,
    articles,
    chunks,
    entities,
    event_actors,
    event_counts,
    events,
    figures,
    has_participant,
    listed_columns,
    read_participants,
)

INTERVALS = ("day", "week", "month")
GROUPS = ("event", "country", "quad", "status", "none")
ACTOR_LEVELS = ("actor", "country")


class QueryError(ValueError):
    """A request the store cannot answer as asked (a bad cursor); the message says why."""


@dataclass(frozen=True, slots=True)
class EventFilters:
    """The filters of an event list: those of `eventwire events` and more.

    bbox is (west, south, east, north) in degrees; west > east crosses the antimeridian."""

    since: dt.date | None = None
    until: dt.date | None = None
    type: str | None = None
    country: str | None = None
    actor: str | None = None
    location_country: str | None = None
    source: str | None = None
    status: str | None = None
    acled: str | None = None
    article: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def as_params(self) -> dict[str, str]:
        """The filters as URL query parameters (for links that keep them)."""
        params: dict[str, str] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is None:
                continue
            if field.name == "bbox":
                value = ",".join(f"{v:g}" for v in value)
            params[field.name] = str(value)
        return params


def searchable(conn: Connection) -> bool:
    """Whether the store has the participant search columns (schema 4): a store opened
    read-only at an older version is filtered through event_actors instead (slower).
    Asked once per database connection."""
    known = conn.info.get("eventwire_searchable")
    if known is None:
        names = {column["name"] for column in inspect(conn).get_columns(events.name)}
        known = conn.info["eventwire_searchable"] = set(SEARCH_COLUMNS) <= names
    return known


def filtered(query: Select, f: EventFilters, conn: Connection) -> Select:
    """`query` (over `events`) narrowed by the filters. On a schema 4 store the
    participant filters read the event's own search columns rather than event_actors,
    so that no filter needs another table row by row (docs/web.md, Speed)."""
    search = searchable(conn)
    conditions: list[ColumnElement[bool]] = []
    if f.since is not None:
        conditions.append(events.c.date_to >= f.since)
    if f.until is not None:
        conditions.append(events.c.date_from <= f.until)
    if f.type is not None:
        conditions.append(events.c.event == f.type)
    if f.status is not None:
        conditions.append(events.c.status == f.status)
    if f.acled is not None:
        conditions.append(events.c.acled_event_type == f.acled)
    if f.location_country is not None:
        conditions.append(events.c.location_country == f.location_country)
    if f.article is not None:
        conditions.append(events.c.article_id == f.article)
    if f.source is not None:
        # EXISTS, not a join or IN: the database keeps walking events in date order
        # and looks each article up, rather than reading the source's articles first
        # and sorting all their events
        # (over an alias: a download's query joins `articles` itself)
        outlet = articles.alias("outlet")
        conditions.append(
            exists().where(outlet.c.id == events.c.article_id, outlet.c.source == f.source)
        )
    if f.country is not None and search:
        conditions.append(events.c.participant_countries.contains(f" {f.country} "))
    elif f.country is not None:
        conditions.append(has_participant(event_actors.c.country == f.country))
    if f.actor and search and PARTICIPANT_SEPARATOR not in f.actor:
        # a substring of one line: one actor's text or name, as the slow path matches
        words = f.actor.lower()
        conditions.append(events.c.participant_words.contains(words, autoescape=True))
    elif f.actor:
        words = f.actor.lower()
        conditions.append(
            has_participant(
                or_(
                    func.lower(event_actors.c.text).contains(words, autoescape=True),
                    func.lower(event_actors.c.name).contains(words, autoescape=True),
                )
            )
        )
    if f.bbox is not None:
        west, south, east, north = f.bbox
        # `+ 0` keeps SQLite off the places index for a box: a map's box holds many
        # events, and walking the date index until a page is full beats sorting them.
        # Not on PostgreSQL: its planner weighs the box by its statistics, which an
        # expression would hide (it then read the whole table: 385 ms)
        latitude, longitude = events.c.location_lat, events.c.location_lon
        if conn.dialect.name == "sqlite":
            latitude, longitude = latitude + 0, longitude + 0
        conditions.append(latitude.between(south, north))
        if west <= east:
            conditions.append(longitude.between(west, east))
        else:
            conditions.append(or_(longitude >= west, longitude <= east))
    return query.where(*conditions) if conditions else query


# cursors


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """The key a cursor carries; QueryError for anything this module did not write."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise QueryError("malformed cursor") from None
    if not isinstance(values, list) or len(values) != size:
        raise QueryError("malformed cursor")
    return values


def cursor_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise QueryError("malformed cursor") from None


def keyset_rows(
    conn: Connection,
    query: Select,
    date_column: Any,
    tie_columns: list[Any],
    descending: bool,
    cursor: str | None,
    limit: int,
) -> list[Any]:
    """Up to `limit` rows of `query` ordered by a nullable date (nulls last), then the
    tie columns, all in one direction; after the cursor's row when one is given.

    Dated and undated rows are read by two queries, each a plain range over the
    date's index: the dated ones after the cursor's (date, ties) as one row-value
    comparison, then, once they run out, the undated ones after its ties. One query
    with `date IS NULL OR ...` would make the database read every row and sort
    (2.7 s for a second page of 200,000 events)."""
    order = (lambda c: c.desc()) if descending else (lambda c: c.asc())
    day: dt.date | None = None
    ties: list[Any] = []
    undated_only = False
    if cursor is not None:
        values = decode_cursor(cursor, 1 + len(tie_columns))
        day, ties = cursor_date(values[0]), values[1:]
        for value, column in zip(ties, tie_columns, strict=True):
            if type(value) is not column.type.python_type:  # bool is no int here
                raise QueryError("malformed cursor")
        undated_only = day is None
    rows: list[Any] = []
    if not undated_only:
        dated = query.where(date_column.is_not(None))
        if day is not None:
            key = tuple_(date_column, *tie_columns)
            after = (day, *ties)
            dated = dated.where(key < after if descending else key > after)
        dated = dated.order_by(order(date_column), *(order(c) for c in tie_columns))
        rows = list(conn.execute(dated.limit(limit)).mappings())
    if len(rows) < limit:
        undated = query.where(date_column.is_(None))
        if undated_only:
            tie = tuple_(*tie_columns)
            undated = undated.where(tie < tuple(ties) if descending else tie > tuple(ties))
        undated = undated.order_by(*(order(c) for c in tie_columns))
        rows += conn.execute(undated.limit(limit - len(rows))).mappings()
    return rows


# events


def event_page(
    conn: Connection,
    f: EventFilters,
    limit: int,
    cursor: str | None = None,
    descending: bool = True,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of events (rows for the API) and the cursor of the next page, if any.

    The page is read from `events` alone, so the database walks the date index and
    stops at the page's end; its articles and participants are then read by id (a join
    in the same query let SQLite start from the articles and sort them all)."""
    query = filtered(select(*listed_columns()), f, conn)
    rows = keyset_rows(
        conn,
        query,
        events.c.date_from,
        [events.c.article_id, events.c.position],
        descending,
        cursor,
        limit + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    participants = read_event_participants(conn, [(r["article_id"], r["event_id"]) for r in rows])
    about = read_articles(conn, {row["article_id"] for row in rows})
    items = [event_item({**row, **about[row["article_id"]]}, participants) for row in rows]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        date = last["date_from"]
        next_cursor = encode_cursor(
            [date.isoformat() if date else None, last["article_id"], last["position"]]
        )
    return items, next_cursor


def event_stream(conn: Connection, f: EventFilters, limit: int) -> Iterator[dict[str, Any]]:
    """Up to `limit` filtered events, newest first, streamed in chunks (downloads)."""
    query = filtered(
        select(
            *listed_columns(),
            articles.c.published,
            articles.c.title,
            articles.c.source,
            articles.c.url,
        )
        .join(articles, articles.c.id == events.c.article_id)
        .order_by(events.c.date_from.desc().nulls_last(), events.c.article_id, events.c.position),
        f,
        conn,
    ).limit(limit)
    result = conn.execution_options(yield_per=CHUNK).execute(query).mappings()
    for rows in result.partitions():
        participants = read_event_participants(
            conn, [(r["article_id"], r["event_id"]) for r in rows]
        )
        for row in rows:
            yield event_item(row, participants)


def read_articles(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    """What an event item shows of its article (published, title, source, url), by id."""
    found: dict[str, dict[str, Any]] = {}
    columns = (articles.c.id, articles.c.published, articles.c.title, articles.c.source)
    for chunk in chunks(sorted(ids), CHUNK):
        query = select(*columns, articles.c.url).where(articles.c.id.in_(chunk))
        for row in conn.execute(query).mappings():
            found[row["id"]] = {key: row[key] for key in ("published", "title", "source", "url")}
    return found


def read_event_participants(conn: Connection, keys: list[tuple[str, str]]) -> dict[tuple, list]:
    """Actors and recipients of these events, by (article, event, role), in order."""
    if not keys:
        return {}
    found: dict[tuple, list] = {}
    article_ids = sorted({article for article, _ in keys})
    wanted = set(keys)
    if len(article_ids) <= CHUNK:
        for key, rows in read_participants(conn, set(article_ids)).items():
            if key[:2] in wanted:
                found[key] = rows
        return found
    for chunk in chunks(article_ids, CHUNK):  # pragma: no cover - pages are smaller
        found.update(read_event_participants(conn, [k for k in keys if k[0] in chunk]))
    return found


def participant(row: Any) -> dict[str, Any]:
    return {
        "text": row["text"],
        "name": row["name"],
        "country": row["country"],
        "sector": row["sector"],
    }


def event_item(row: Any, participants: dict[tuple, list]) -> dict[str, Any]:
    """An event as the API lists it: its coding, who, where, how many, and its article."""
    key = (row["article_id"], row["event_id"])
    published = row["published"]
    location = None
    if row["location_text"] is not None:
        location = {
            "text": row["location_text"],
            "name": row["location_name"],
            "country": row["location_country"],
            "admin1": row["location_admin1"],
            "lat": row["location_lat"],
            "lon": row["location_lon"],
            "precision": row["location_precision"],
        }
    acled = None
    if row["acled_event_type"]:
        acled = {
            "event_type": row["acled_event_type"],
            "sub_event_type": row["acled_sub_event_type"],
        }
    date_from, date_to = row["date_from"], row["date_to"]
    return {
        "article_id": row["article_id"],
        "event_id": row["event_id"],
        "event": row["event"],
        "mode": row["mode"],
        "status": row["status"],
        "historical": bool(row["historical"]),
        "quad": row["quad"],
        "score": row["score"],
        "date": row["date_value"] or (published.isoformat() if published else None),
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "date_precision": row["date_precision"],
        "published": published.isoformat() if published else None,
        "title": row["title"],
        "source": row["source"],
        "url": row["url"],
        "actor": [participant(a) for a in participants.get((*key, "actor"), [])],
        "recipient": [participant(r) for r in participants.get((*key, "recipient"), [])],
        "location": location,
        "dead": row["dead"],
        "injured": row["injured"],
        "arrested": row["arrested"],
        "abducted": row["abducted"],
        "cameo": row["cameo"],
        "acled": acled,
        "event_text": row["event_text"],
        "confidence": row["confidence"],
    }


# one article, one event


def article_record(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """An article's metadata, text and every layer (the stored Document); None if absent."""
    row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    document = Document.model_validate_json(row["document"])
    return {
        "id": row["id"],
        "title": row["title"],
        "url": row["url"],
        "source": row["source"],
        "published": row["published"].isoformat() if row["published"] else None,
        "text": row["text"],
        "document": document,
    }


SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+|\n+")
"""Where a sentence ends, for showing the one an event is in. The store keeps each
event's sentence number but not the sentence bounds (spaCy's), so the page finds the
sentence around the trigger by punctuation: right for news prose, approximate after
abbreviations ("U.S. forces")."""


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The [start, end) of the sentence holding the span [start, end)."""
    begin = 0
    for match in SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    following = SENTENCE_END.search(text, end)
    finish = following.start() + 1 if following and text[following.start()] != "\n" else None
    if following and finish is None:
        finish = following.start()
    return begin, finish if finish is not None else len(text)


def evidence_spans(event: Event, document: Document) -> list[dict[str, Any]]:
    """Every span that supports a field of the event, labelled by the field: what the
    evidence page highlights. Counts have no span of their own; the figures reported in
    the event's sentence stand for them."""
    spans: list[dict[str, Any]] = [
        {"role": "trigger", "start": event.span[0], "end": event.span[1], "label": event.event}
    ]
    for role, actors in (("actor", event.actor), ("recipient", event.recipient)):
        for actor in actors:
            label = " ".join(
                v for v in (actor.name or actor.text, actor.country, actor.sector) if v
            )
            spans.append(
                {"role": role, "start": actor.span[0], "end": actor.span[1], "label": label}
            )
            if actor.country_span is not None:
                spans.append(
                    {
                        "role": f"{role}-country",
                        "start": actor.country_span[0],
                        "end": actor.country_span[1],
                        "label": actor.country or "",
                    }
                )
    if event.date is not None and event.date.span is not None:
        label = event.date.value or event.date.text
        spans.append(
            {"role": "date", "start": event.date.span[0], "end": event.date.span[1], "label": label}
        )
    if event.location is not None:
        place = event.location
        label = " ".join(v for v in (place.name or place.text, place.country) if v)
        spans.append(
            {"role": "place", "start": place.span[0], "end": place.span[1], "label": label}
        )
    for figure in document.figures:
        if figure.sentence == event.sentence:
            label = f"{figure.value} {figure.category}"
            spans.append(
                {"role": "count", "start": figure.span[0], "end": figure.span[1], "label": label}
            )
    return spans


def event_record(conn: Connection, article_id: str, event_id: str) -> dict[str, Any] | None:
    """One event with its article, sentence, evidence spans and the article's other
    events; None when either is not stored."""
    article = article_record(conn, article_id)
    if article is None:
        return None
    document: Document = article["document"]
    event = next((e for e in document.events if e.id == event_id), None)
    if event is None:
        return None
    text = article["text"]
    begin, finish = sentence_bounds(text, *event.span)
    return {
        "article": {k: v for k, v in article.items() if k not in ("document",)},
        "event": event.model_dump(mode="json"),
        "sentence": {
            "index": event.sentence,
            "start": begin,
            "end": finish,
            "text": text[begin:finish],
        },
        "spans": evidence_spans(event, document),
        "figures": [
            figure.model_dump(mode="json")
            for figure in document.figures
            if figure.sentence == event.sentence
        ],
        "other_events": [
            {"event_id": e.id, "event": e.event, "status": e.status, "event_text": e.event_text}
            for e in document.events
            if e.id != event_id
        ],
    }


# article lists


def article_page(
    conn: Connection,
    limit: int,
    cursor: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    source: str | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    counted = (
        select(func.count())
        .select_from(events)
        .where(events.c.article_id == articles.c.id)
        .scalar_subquery()
    )
    query = select(
        articles.c.id,
        articles.c.title,
        articles.c.url,
        articles.c.source,
        articles.c.published,
        counted.label("events"),
    )
    if since is not None:
        query = query.where(articles.c.published >= since)
    if until is not None:
        query = query.where(articles.c.published <= until)
    if source is not None:
        query = query.where(articles.c.source == source)
    rows = keyset_rows(conn, query, articles.c.published, [articles.c.id], True, cursor, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        {
            "id": r["id"],
            "title": r["title"],
            "url": r["url"],
            "source": r["source"],
            "published": r["published"].isoformat() if r["published"] else None,
            "events": r["events"],
        }
        for r in rows
    ]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        published = last["published"]
        next_cursor = encode_cursor([published.isoformat() if published else None, last["id"]])
    return items, next_cursor


# aggregates


def period_start(day: dt.date, interval: str) -> dt.date:
    """The first day of the day, week (Monday) or month `day` is in."""
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


GROUP_COLUMNS = {
    "event": "event",
    "country": "location_country",  # where the events took place
    "quad": "quad",
    "status": "status",
}
"""The column an aggregate groups by (`by`); "none" is one group, "all"."""


COUNTED_FILTERS = frozenset({"since", "until", "type", "status", "location_country", "country"})
"""The filters `event_counts` can answer; any other reads the events."""


def counted(conn: Connection) -> bool:
    """Whether the store keeps `event_counts` (schema 4); asked once per connection."""
    known = conn.info.get("eventwire_counted")
    if known is None:
        known = conn.info["eventwire_counted"] = inspect(conn).has_table(event_counts.name)
    return known


def aggregate(
    conn: Connection, f: EventFilters, interval: str = "day", by: str = "event"
) -> list[dict[str, Any]]:
    """Events counted by period and group, with their mean conflict-cooperation score,
    in period order; events with no date at all are left out.

    The database sums by day and group: the daily counts of `event_counts` when the
    filters are among its columns, else the events themselves (a store opened
    read-only at schema 3; the actor, source, ACLED, bbox and article filters). The
    daily rows come in date order and are summed into weeks or months here, the same
    way on every backend."""
    used = {field.name for field in fields(f) if getattr(f, field.name) is not None}
    if used <= COUNTED_FILTERS and counted(conn):
        daily, day = daily_counts(f, by), event_counts.c.day
    else:
        daily, day = daily_events(f, by, conn), events.c.date_from
    found: list[dict[str, Any]] = []
    current: dt.date | None = None
    sums: dict[str | None, list] = {}
    for date, key, count, total in conn.execute(daily.order_by(day)):  # the index's order
        period = period_start(date, interval)
        if period != current:
            found += period_rows(current, sums)
            current, sums = period, {}
        counted_so_far = sums.setdefault(key or None, [0, 0.0])
        counted_so_far[0] += count
        counted_so_far[1] += total
    return found + period_rows(current, sums)


def period_rows(period: dt.date | None, sums: dict[str | None, list]) -> list[dict[str, Any]]:
    """One period's rows, by group (no group last)."""
    if period is None:
        return []
    day = period.isoformat()
    return [
        {"period": day, "key": key, "count": int(count), "score": round(float(total) / count, 3)}
        for key, (count, total) in sorted(
            sums.items(), key=lambda item: (item[0] is None, item[0] or "")
        )
    ]


def daily_counts(f: EventFilters, by: str) -> Select:
    """(day, group, count, score sum) from `event_counts`: each event once under country
    "" or, with a country filter, under that country."""
    table = event_counts
    key = group_key(table, by)
    query = select(table.c.day, key, func.sum(table.c.count), func.sum(table.c.score))
    query = query.where(table.c.country == (f.country or ""))
    if f.since is not None:
        query = query.where(table.c.day_to >= f.since)
    if f.until is not None:
        query = query.where(table.c.day <= f.until)
    if f.type is not None:
        query = query.where(table.c.event == f.type)
    if f.status is not None:
        query = query.where(table.c.status == f.status)
    if f.location_country is not None:
        query = query.where(table.c.location_country == f.location_country)
    return query.group_by(table.c.day, *([key] if by != "none" else []))


def daily_events(f: EventFilters, by: str, conn: Connection) -> Select:
    """(day, group, count, score sum) counted over the events."""
    key = group_key(events, by)
    query = select(events.c.date_from, key, func.count(), func.sum(events.c.score))
    query = filtered(query.where(events.c.date_from.is_not(None)), f, conn)
    return query.group_by(events.c.date_from, *([key] if by != "none" else []))


def group_key(table: Any, by: str) -> ColumnElement:
    """The grouping column of `by` in the table; "none" is the constant "all" (written
    into the SQL, not bound: PostgreSQL cannot type a bound constant)."""
    if by == "none":
        return literal_column("'all'", String)
    return table.c[GROUP_COLUMNS[by]]


# actors, dyads, entities, places, figures


def event_scope(f: EventFilters, conn: Connection) -> Select:
    """The (article_id, event_id) of the events the filters keep, as a subquery."""
    return filtered(select(events.c.article_id, events.c.event_id), f, conn)


def top_actors(conn: Connection, f: EventFilters, limit: int) -> list[dict[str, Any]]:
    """Actors by the number of events they take part in (as actor or as recipient).

    Counted by the stored (name, text, country, sector) first, in the order of the
    covering index `ix_event_actors_names` (no sort, no table rows), then merged by
    the name shown (the resolved name, else the words)."""
    stored = (
        event_actors.c.name,
        event_actors.c.text,
        event_actors.c.country,
        event_actors.c.sector,
    )
    inner = select(
        *stored,
        func.count().label("events"),
        func.sum(case((event_actors.c.role == "actor", 1), else_=0)).label("as_actor"),
    )
    inner = scoped(inner, f, conn).group_by(*stored).subquery("named")
    name = func.coalesce(inner.c.name, inner.c.text).label("name")
    count = func.sum(inner.c.events).label("events")
    query = (
        select(name, inner.c.country, inner.c.sector, count, func.sum(inner.c.as_actor))
        .group_by(name, inner.c.country, inner.c.sector)
        .order_by(count.desc(), name, inner.c.country)
        .limit(limit)
    )
    return [
        {
            "name": name,
            "country": country,
            "sector": sector,
            "events": int(events),
            "as_actor": int(as_actor or 0),
            "as_recipient": int(events) - int(as_actor or 0),
        }
        for name, country, sector, events, as_actor in conn.execute(query)
    ]


def scoped(query: Select, f: EventFilters, conn: Connection) -> Select:
    """A query over event_actors narrowed to the events the filters keep."""
    if f == EventFilters():
        return query
    scope = event_scope(f, conn).subquery()
    return query.join(
        scope,
        and_(
            scope.c.article_id == event_actors.c.article_id,
            scope.c.event_id == event_actors.c.event_id,
        ),
    )


def dyads(conn: Connection, f: EventFilters, limit: int, level: str = "country") -> list[dict]:
    """Who acts on whom: pairs of (actor, recipient) by the events between them, with
    the mean conflict-cooperation score and how many were conflict (score < 0)."""
    source = event_actors.alias("source")
    target = event_actors.alias("target")
    if level == "country":
        left, right = source.c.country, target.c.country
    else:
        left = func.coalesce(source.c.name, source.c.text)
        right = func.coalesce(target.c.name, target.c.text)
    left, right = left.label("actor"), right.label("recipient")
    query = (
        select(
            left,
            right,
            func.count().label("events"),
            func.avg(events.c.score).label("score"),
            func.sum(case((events.c.score < 0, 1), else_=0)).label("conflict"),
        )
        .select_from(
            source.join(
                target,
                and_(
                    target.c.article_id == source.c.article_id,
                    target.c.event_id == source.c.event_id,
                    target.c.role == "recipient",
                ),
            ).join(
                events,
                and_(
                    events.c.article_id == source.c.article_id,
                    events.c.event_id == source.c.event_id,
                ),
            )
        )
        .where(source.c.role == "actor")
        .group_by(left, right)
    )
    query = filtered(query, f, conn)
    query = query.order_by(func.count().desc(), left, right).limit(limit)
    return [
        {
            "actor": r.actor,
            "recipient": r.recipient,
            "events": r.events,
            "score": round(float(r.score), 3) if r.score is not None else None,
            "conflict": int(r.conflict or 0),
        }
        for r in conn.execute(query)
    ]


def top_entities(conn: Connection, limit: int, type: str | None = None) -> list[dict[str, Any]]:
    """Resolved actors of the documents by the number of articles that name them."""
    query = select(
        entities.c.name,
        entities.c.type,
        entities.c.country,
        func.count().label("articles"),
    ).group_by(entities.c.name, entities.c.type, entities.c.country)
    if type is not None:
        query = query.where(entities.c.type == type)
    query = query.order_by(func.count().desc(), entities.c.name).limit(limit)
    return [dict(r._mapping) for r in conn.execute(query)]


def places(conn: Connection, f: EventFilters, limit: int) -> list[dict[str, Any]]:
    """Places events happened, one point per place and category, with the count: what
    the map draws (and clusters).

    Counted by the stored columns first, over the partial covering index
    `ix_events_places` (placed events only, in its order), then merged where a place
    has no name but the same words."""
    stored = (
        events.c.location_lat,
        events.c.location_lon,
        events.c.location_name,
        events.c.location_text,
        events.c.location_country,
        events.c.location_precision,
        events.c.event,
    )
    points = select(*stored, func.count().label("count")).where(
        events.c.location_lat.is_not(None), events.c.location_lon.is_not(None)
    )
    points = filtered(points, f, conn).group_by(*stored).subquery("points")
    name = func.coalesce(points.c.location_name, points.c.location_text).label("name")
    keys = (
        name,
        points.c.location_country,
        points.c.location_lat,
        points.c.location_lon,
        points.c.location_precision,
        points.c.event,
    )
    count = func.sum(points.c.count).label("count")
    query = select(*keys, count).group_by(*keys).order_by(count.desc(), name).limit(limit)
    return [
        {
            "name": r.name,
            "country": r.location_country,
            "lat": r.location_lat,
            "lon": r.location_lon,
            "precision": r.location_precision,
            "event": r.event,
            "count": int(r.count),
        }
        for r in conn.execute(query)
    ]


def figure_keys(conn: Connection, limit: int) -> list[dict[str, Any]]:
    """The series there are: (category, who) by how many figures each has."""
    query = (
        select(figures.c.category, figures.c.who, func.count().label("figures"))
        .group_by(figures.c.category, figures.c.who)
        .order_by(func.count().desc(), figures.c.category, figures.c.who)
        .limit(limit)
    )
    return [dict(r._mapping) for r in conn.execute(query)]


def figure_series(
    conn: Connection,
    category: str | None,
    who: str | None,
    limit: int,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Reported figures of one category (and group of people), each with the date it
    is for (else its article's publication date) and who reported it: a series over
    time where every point keeps its source."""
    query = select(
        figures, articles.c.published, articles.c.title, articles.c.source.label("outlet")
    ).join(articles, articles.c.id == figures.c.article_id)
    if category is not None:
        query = query.where(figures.c.category == category)
    if who is not None:
        query = query.where(figures.c.who == who)
    if source is not None:
        query = query.where(func.lower(figures.c.source).contains(source.lower(), autoescape=True))
    query = query.order_by(
        articles.c.published.asc().nulls_last(), figures.c.article_id, figures.c.position
    ).limit(limit)
    points = []
    for r in conn.execute(query).mappings():
        published = r["published"]
        points.append(
            {
                "date": r["date_value"] or (published.isoformat() if published else None),
                "value": r["value"],
                "qualifier": r["qualifier"],
                "category": r["category"],
                "who": r["who"],
                "source": r["source"],
                "article_id": r["article_id"],
                "title": r["title"],
                "outlet": r["outlet"],
                "published": published.isoformat() if published else None,
                "span": [r["span_start"], r["span_end"]],
            }
        )
    return points


def overview(conn: Connection) -> dict[str, Any]:
    """Counts and the span of dates: what the overview page opens with."""
    # two queries: each reads one end of an index, where one query reads every row
    first = conn.scalar(select(func.min(events.c.date_from)))
    last = conn.scalar(select(func.max(events.c.date_to)))
    counts = {
        table.name: conn.scalar(select(func.count()).select_from(table))
        for table in (articles, events, figures, entities)
    }
    return {
        "counts": counts,
        "first": first.isoformat() if first else None,
        "last": last.isoformat() if last else None,
    }


def distinct_values(conn: Connection, column: Any, limit: int = 200) -> list[str]:
    """The values a column holds, for the filter form's choices."""
    query = select(column).where(column.is_not(None)).distinct().order_by(column).limit(limit)
    return [value for value in conn.scalars(query)]
