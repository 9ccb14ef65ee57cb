"""The store: where extracted articles live, SQLite by default, PostgreSQL when shared.

One `MetaData` below is the schema, written with SQLAlchemy Core tables so it reads as
SQL and runs unchanged on both backends. Decisions, so that users can rely on them:

- `articles.document` holds the whole `Document` as JSON text: exports rebuild Documents
  from it exactly, whatever the flat tables leave out (sectors, country spans, date
  text). The flat tables (`events`, `event_actors`, `figures`, `quotes`, `entities`)
  exist for queries and for SQL users.
- An event's place has no table of its own: `Place` is folded into the event's
  `location_*` columns, because an event has at most one location and a separate table
  would only add a join to every query.
- An event's date is kept as written (`date_value`, `date_end`: YYYY-MM-DD, YYYY-MM or
  YYYY) and as the first and last day it covers (`date_from`, `date_to`), falling back
  to the publication date when the event has none: date filters compare whole days,
  so "2025-07" is inside a query for 2025-07-10..2025-07-20.
- Child rows carry `position`, their index in the Document, so queries keep document
  order.
- `add()` writes a whole batch in one transaction and skips articles whose id is
  already stored (INSERT ... ON CONFLICT DO NOTHING RETURNING id: SQLite 3.35 or later),
  so an article is stored once even when two runs race, and a crash never leaves half
  an article behind. Child rows are written only for the articles actually inserted.
- SQLite runs in WAL mode (readers never block the writer), with a busy timeout and
  foreign keys on. Writes take the write lock when they begin (BEGIN IMMEDIATE): a
  deferred transaction that upgrades from read to write can fail at once with "database
  is locked", whatever the timeout.
- `meta.schema_version` says which schema a database holds. An older one is migrated on
  open; a newer one is an error (E056) rather than a guess.
- Database failures a user can act on (locked, read-only, disk full, not a database,
  server unreachable) become `StoreError` with a coded message from `errors.Errors`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import sqlalchemy.exc
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    event,
    exists,
    func,
    insert,
    inspect,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import URL, make_url

from .errors import Errors, EventwireError
from .extras import MissingExtraError, require
from .records import (
    Actor,
    Article,
    Document,
    Entity,
    Event,
    Figure,
    Quote,
    When,
    first_day,
    last_day,
)

if TYPE_CHECKING:
    import psycopg

DEFAULT_PATH = "eventwire.db"
"""The SQLite file used when no database is given, in the working directory."""

SCHEMA_VERSION = 4
"""Raise with every schema change, and add the step to `MIGRATIONS`."""

TIMEOUT = 10.0
"""Seconds to wait for a locked SQLite database or a PostgreSQL connection."""

CHUNK = 500
"""Ids per `IN (...)` query: below SQLite's and PostgreSQL's parameter limits."""


class StoreError(EventwireError, RuntimeError):
    """The database cannot be opened, read or written; the message says why."""


metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String, primary_key=True),
    Column("title", Text),
    Column("url", Text),
    Column("source", Text),
    Column("published", Date),
    Column("text", Text, nullable=False),
    Column("document", Text, nullable=False),  # the whole Document as JSON
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_published", "published"),
)

events = Table(
    "events",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String, nullable=False),
    Column("position", Integer, nullable=False),
    Column("event", String, nullable=False),
    Column("mode", String),
    Column("context", Text, nullable=False),  # JSON list
    Column("quad", String, nullable=False),
    Column("score", Float, nullable=False),
    Column("status", String, nullable=False),
    Column("historical", Boolean, nullable=False),
    Column("event_text", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("date_text", Text),
    Column("date_value", String),
    Column("date_end", String),
    Column("date_precision", String),
    Column("date_basis", String),
    Column("date_from", Date),  # first day the date covers, else the publication date
    Column("date_to", Date),  # last day it covers, else the publication date
    Column("location_text", Text),
    Column("location_name", Text),
    Column("location_country", String),
    Column("location_admin1", Text),
    Column("location_lat", Float),
    Column("location_lon", Float),
    Column("location_precision", String),
    Column("dead", Integer),
    Column("dead_qualifier", String),
    Column("injured", Integer),
    Column("injured_qualifier", String),
    Column("arrested", Integer),
    Column("arrested_qualifier", String),
    Column("abducted", Integer),
    Column("abducted_qualifier", String),
    Column("cameo", String),
    Column("acled_event_type", Text),
    Column("acled_sub_event_type", Text),
    Column("confidence", Float, nullable=False),
    # what the web view filters on without reading event_actors (participant_columns)
    Column("participant_countries", String),  # " RUS UKR ": each country once, spaced
    Column("participant_words", Text),  # every text and name, lowercased, one per line
    PrimaryKeyConstraint("article_id", "event_id"),  # also the index by article
    Index("ix_events_date_from", "date_from"),
    Index("ix_events_event", "event"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("article_id", String, nullable=False),
    Column("event_id", String, nullable=False),
    Column("role", String, nullable=False),  # 'actor' | 'recipient'
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("name", Text),
    Column("country", String),
    Column("sector", String),
    Column("sectors", Text, nullable=False),  # JSON list
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("basis", String, nullable=False),
    PrimaryKeyConstraint("article_id", "event_id", "role", "position"),
    ForeignKeyConstraint(
        ["article_id", "event_id"],
        ["events.article_id", "events.event_id"],
        ondelete="CASCADE",
    ),
    Index("ix_event_actors_country", "country", "role"),
)

figures = Table(
    "figures",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("value", Integer, nullable=False),
    Column("qualifier", String),
    Column("category", String, nullable=False),
    Column("who", Text),
    Column("source", Text),
    Column("date_value", String),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("sentence", Integer, nullable=False),
    PrimaryKeyConstraint("article_id", "position"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker_text", Text),
    Column("speaker_name", Text),
    Column("speaker_country", String),
    Column("speaker_sector", String),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("sentence", Integer, nullable=False),
    PrimaryKeyConstraint("article_id", "position"),
)

entities = Table(
    "entities",
    metadata,
    Column("article_id", String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("type", String, nullable=False),
    Column("country", String),
    Column("sector", String),
    Column("sectors", Text, nullable=False),  # JSON list
    Column("mentions", Text, nullable=False),  # JSON list of [start, end]
    PrimaryKeyConstraint("article_id", "position"),
)

DATA_TABLES = (articles, events, event_actors, figures, quotes, entities)
"""Parents before children: the order rows are written in."""

failures = Table(
    "failures",
    metadata,
    Column("article_id", String, primary_key=True),
    Column("location", Text),  # where it was read: file:line or URL
    Column("reason", Text, nullable=False),  # the coded one-line message
    Column("failed_at", DateTime(timezone=True), nullable=False),
)
"""Articles the pipeline or the store failed on: a re-run skips them (E081) instead of
failing on the same poison record forever, unless asked to retry them."""

stories = Table(
    "stories",
    metadata,
    Column("id", String, primary_key=True),
    Column("event", String, nullable=False),
    Column("date_value", String),  # the most precise date of its mentions
    Column("date_precision", String),
    Column("date_from", Date),
    Column("date_to", Date),
    Column("location_name", Text),  # the most precise place of its mentions
    Column("location_country", String),
    Column("location_lat", Float),
    Column("location_lon", Float),
    Column("location_precision", String),
    Column("dead", Integer),  # reconciled: the highest credible report
    Column("injured", Integer),
    Column("arrested", Integer),
    Column("abducted", Integer),
    Column("counts", Text, nullable=False),  # JSON: per kind, range and each report's figure
    Column("mentions", Integer, nullable=False),
    Column("sources", Integer, nullable=False),  # distinct outlets
    Column("first_report", Date),
    Column("last_report", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_stories_date_from", "date_from"),
    Index("ix_stories_event", "event"),
)
"""One incident across articles (eventwire.stories): merged fields of its mentions."""

story_mentions = Table(
    "story_mentions",
    metadata,
    Column("article_id", String, nullable=False),
    Column("event_id", String, nullable=False),
    Column("story_id", String, ForeignKey("stories.id"), nullable=False),
    Column("score", Float),  # the link score that joined it; None for a story's first
    Column("pinned", Boolean, nullable=False),  # set by a split: re-linking leaves it
    Column("sentence_text", Text, nullable=False),  # the sentence reporting the event
    PrimaryKeyConstraint("article_id", "event_id"),
    ForeignKeyConstraint(
        ["article_id", "event_id"],
        ["events.article_id", "events.event_id"],
        ondelete="CASCADE",
    ),
    Index("ix_story_mentions_story", "story_id"),
)
"""Which story each event mention belongs to."""

articles_ingested_at = Index("ix_articles_ingested_at", articles.c.ingested_at)
"""`ingest` links the articles it stored, found by when they were stored."""

events_event_date = Index("ix_events_event_date", events.c.event, events.c.date_from)
"""The web view's and `events --type`'s commonest filter, a category over a date range
(docs/web.md: 666 -> 103 ms on 200,000 events)."""

SEARCH_COLUMNS = ("participant_countries", "participant_words")
"""Columns of `events` added at schema version 4; a store opened read-only at an older
version lacks them, so readers select `listed_columns()` rather than the whole table."""

events_places = Index(
    "ix_events_places",
    events.c.location_lat,
    events.c.location_lon,
    events.c.location_name,
    events.c.location_text,
    events.c.location_country,
    events.c.location_precision,
    events.c.event,
    events.c.date_from,
    events.c.date_to,
    sqlite_where=events.c.location_lat.is_not(None),
    postgresql_where=events.c.location_lat.is_not(None),
)
"""Covers the map's points (places x category) over the placed events only."""

event_actors_names = Index(
    "ix_event_actors_names",
    event_actors.c.name,
    event_actors.c.text,
    event_actors.c.country,
    event_actors.c.sector,
    event_actors.c.role,
)
"""Covers the top actors list: counted in this index's order, no table rows."""

events_date_to = Index("ix_events_date_to", events.c.date_to)
"""The `since` filter (an event's last day) and the overview's last date."""

events_acled = Index("ix_events_acled", events.c.acled_event_type)
articles_source = Index("ix_articles_source", articles.c.source, articles.c.id)
"""The source filter and the filter form's choices of sources and ACLED types."""


event_counts = Table(
    "event_counts",
    metadata,
    Column("country", String, nullable=False),  # "": every event; else a participant's
    Column("day", Date, nullable=False),  # the events' date_from
    Column("event", String, nullable=False),
    Column("quad", String, nullable=False),
    Column("status", String, nullable=False),
    Column("location_country", String, nullable=False),  # "": not placed
    Column("day_to", Date, nullable=False),  # the events' date_to
    Column("count", Integer, nullable=False),
    Column("score", Float, nullable=False),  # the sum of the events' scores
    PrimaryKeyConstraint("country", "day", "event", "quad", "status", "location_country", "day_to"),
    sqlite_with_rowid=False,  # the rows are the primary key's index: read in its order
)
"""Dated events counted by day, category, quad class, status and place's country:
each event once under country "", and once more under each country among its actors
and recipients. Kept by `Store.add` in the same transaction as the events, so the
timeline and the charts sum a few rows per day instead of counting every event
(web/queries.py `aggregate`; docs/web.md, Speed)."""

COUNT_KEYS = ("country", "day", "event", "quad", "status", "location_country", "day_to")


def add_event_counts(conn: Connection, rows: Iterable[Any]) -> None:
    """Add events (rows or mappings of the `events` table, with the search columns) to
    `event_counts`, in key order (two writers on PostgreSQL lock rows in one order)."""
    sums: dict[tuple, list] = {}
    for row in rows:
        if row["date_from"] is None:
            continue  # the aggregates leave undated events out
        countries = (row["participant_countries"] or "").split()
        for country in ("", *countries):
            key = (
                country, row["date_from"], row["event"], row["quad"], row["status"],
                row["location_country"] or "", row["date_to"] or row["date_from"],
            )  # fmt: skip
            counted = sums.setdefault(key, [0, 0.0])
            counted[0] += 1
            counted[1] += row["score"]
    if not sums:
        return
    dialect = postgresql_dialect if conn.dialect.name == "postgresql" else sqlite_dialect
    statement = dialect.insert(event_counts)
    statement = statement.on_conflict_do_update(
        index_elements=list(COUNT_KEYS),
        set_={
            "count": event_counts.c.count + statement.excluded.count,
            "score": event_counts.c.score + statement.excluded.score,
        },
    )
    values = [
        {**dict(zip(COUNT_KEYS, key, strict=True)), "count": count, "score": score}
        for key, (count, score) in sorted(sums.items())
    ]
    for start in range(0, len(values), 5_000):
        conn.execute(statement, values[start : start + 5_000])


def count_stored_events(conn: Connection) -> None:
    """Fill `event_counts` from every stored event (a migration; a bulk load that wrote
    the events table directly, as benchmarks/api.py does)."""
    conn.execute(event_counts.delete())
    columns = [
        events.c[name]
        for name in ("date_from", "date_to", "event", "quad", "status", "location_country")
    ]
    query = select(*columns, events.c.score, events.c.participant_countries).where(
        events.c.date_from.is_not(None)
    )
    add_event_counts(conn, conn.execute(query).mappings())


def add_search_columns(conn: Connection) -> None:
    """Schema 3 -> 4: the participant columns, filled from event_actors; the indexes
    of the web view's map, actors and filter choices; the daily counts."""
    present = {column["name"] for column in inspect(conn).get_columns(events.name)}
    for name in SEARCH_COLUMNS:
        if name in present:  # as `checkfirst`: a step run twice changes nothing
            continue
        kind = events.c[name].type.compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE events ADD COLUMN {name} {kind}")
    query = select(
        event_actors.c.article_id,
        event_actors.c.event_id,
        event_actors.c.text,
        event_actors.c.name,
        event_actors.c.country,
    ).order_by(event_actors.c.article_id, event_actors.c.event_id)
    update = (
        events.update()
        .where(events.c.article_id == bindparam("key_article"))
        .where(events.c.event_id == bindparam("key_event"))
        .values(participant_countries=bindparam("countries"), participant_words=bindparam("words"))
    )
    rows = conn.execution_options(yield_per=5_000).execute(query)  # streamed: reads
    batch: list[dict] = []  # event_actors while writing events
    for (article_id, event_id), group in itertools.groupby(rows, key=lambda r: r[:2]):
        columns = participant_columns((r.text, r.name, r.country) for r in group)
        batch.append(
            {
                "key_article": article_id,
                "key_event": event_id,
                "countries": columns["participant_countries"],
                "words": columns["participant_words"],
            }
        )
        if len(batch) >= 5_000:
            conn.execute(update, batch)
            batch = []
    if batch:
        conn.execute(update, batch)
    new_indexes = (events_places, event_actors_names, events_date_to, events_acled, articles_source)
    for index in new_indexes:
        index.create(conn, checkfirst=True)
    event_counts.create(conn, checkfirst=True)
    count_stored_events(conn)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: lambda conn: failures.create(conn),
    2: lambda conn: (
        stories.create(conn, checkfirst=True),
        story_mentions.create(conn, checkfirst=True),
        articles_ingested_at.create(conn, checkfirst=True),
        events_event_date.create(conn, checkfirst=True),
    ),
    3: add_search_columns,
}
"""Schema version -> what brings a database of that version to the next one."""


class Store:
    """A connection to one database; open with `Store.open()`, use as a context manager."""

    def __init__(self, engine: Engine, where: str, timeout: float, readonly: bool = False) -> None:
        self.engine = engine
        self.where = where
        self.timeout = timeout
        self.readonly = readonly

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        create: bool = True,
        readonly: bool = False,
        timeout: float = TIMEOUT,
    ) -> Store:
        """Open the database at `url` (a file path, `sqlite:///...` or `postgresql://...`;
        None is `eventwire.db` here), creating or migrating the schema. With
        `create=False` a database without the schema is an error (E055), for commands
        that only read: a typo in a path must not create an empty store.

        `readonly=True` (events, export, the web view) never writes, so a store on a
        read-only file, directory or disk can be queried: SQLite opens the file with
        `mode=ro` and leaves its journal mode alone, PostgreSQL sessions are read-only,
        and an older schema is read as it is rather than migrated."""
        engine_url = database_url(url)
        where = describe(engine_url)
        if (not create or readonly) and is_missing_sqlite_file(engine_url):
            raise StoreError(Errors.E055.format(where=where))
        store = cls(make_engine(engine_url, timeout, readonly), where, timeout, readonly)
        try:
            store.ensure_schema(create and not readonly)
        except BaseException:
            store.close()
            raise
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # schema

    def ensure_schema(self, create: bool = True) -> None:
        """Create the tables when missing, migrate an older schema, refuse a newer one.
        Reads first, so opening an up-to-date store never takes the write lock."""
        with self.reading() as conn:
            version = schema_version(conn)
        if version == SCHEMA_VERSION:
            return
        self.check_not_newer(version)
        if version is None and not create:
            raise StoreError(Errors.E055.format(where=self.where))
        if self.readonly:
            return
        with self.writing() as conn:
            if conn.dialect.name == "postgresql":  # two processes opening a new database
                conn.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK)))
            version = schema_version(conn)
            self.check_not_newer(version)
            if version is None:
                metadata.create_all(conn)
                conn.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
                return
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](conn)
            conn.execute(
                meta.update()
                .where(meta.c.key == "schema_version")
                .values(value=str(SCHEMA_VERSION))
            )

    def check_not_newer(self, version: int | None) -> None:
        if version is not None and version > SCHEMA_VERSION:
            message = Errors.E056.format(where=self.where, found=version, supported=SCHEMA_VERSION)
            raise StoreError(message)

    # writing

    def add(self, batch: Sequence[tuple[Article, Document]]) -> list[str]:
        """Store every article of the batch not stored yet, with all its rows, in one
        transaction; returns the ids this transaction inserted (not those another run
        stored first), so a summary counts only its own work. Either the whole batch
        is stored or none of it. A stored article's earlier failure is forgotten."""
        if not batch:
            return []
        now = dt.datetime.now(dt.UTC)
        rows: dict[str, list[dict]] = {table.name: [] for table in DATA_TABLES[1:]}
        added: list[str] = []
        with self.writing() as conn:
            insert_new = insert_ignoring_duplicates(conn)
            for article, document in batch:
                inserted = conn.execute(insert_new, article_row(article, document, now))
                if inserted.first() is None:
                    continue  # stored before, or earlier in this batch
                added.append(document.id)
                for name, table_rows in child_rows(document).items():
                    rows[name].extend(table_rows)
            for table in DATA_TABLES[1:]:
                if rows[table.name]:
                    conn.execute(insert(table), rows[table.name])
            add_event_counts(conn, rows["events"])
            for chunk in chunks(added, CHUNK):
                conn.execute(failures.delete().where(failures.c.article_id.in_(chunk)))
        return added

    def fail(self, article_id: str, location: str | None, reason: str) -> None:
        """Remember that an article failed, so later runs skip it (see `failed`)."""
        row = {
            "article_id": article_id,
            "location": location,
            "reason": reason,
            "failed_at": dt.datetime.now(dt.UTC),
        }
        with self.writing() as conn:
            conn.execute(failures.delete().where(failures.c.article_id == article_id))
            conn.execute(insert(failures), row)

    # reading

    def known(self, ids: Iterable[str]) -> set[str]:
        """The ids among `ids` that are already stored."""
        return self._among(articles.c.id, ids)

    def failed(self, ids: Iterable[str]) -> set[str]:
        """The ids among `ids` that failed in an earlier run and are not stored."""
        return self._among(failures.c.article_id, ids)

    def _among(self, column: Column, ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        with self.reading() as conn:
            for chunk in chunks(sorted(set(ids)), CHUNK):
                found.update(conn.scalars(select(column).where(column.in_(chunk))))
        return found

    def documents(
        self, since: dt.date | None = None, until: dt.date | None = None
    ) -> Iterator[Document]:
        """Stored Documents published in [since, until], streamed in published, id order
        (undated articles last; they match no date range)."""
        query = select(articles.c.document).order_by(
            articles.c.published.asc().nulls_last(), articles.c.id
        )
        if since is not None:
            query = query.where(articles.c.published >= since)
        if until is not None:
            query = query.where(articles.c.published <= until)
        with self.reading() as conn:
            for text in conn.execution_options(yield_per=200).scalars(query):
                yield Document.model_validate_json(text)

    def events(
        self,
        since: dt.date | None = None,
        until: dt.date | None = None,
        type: str | None = None,
        country: str | None = None,
        actor_text: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """One flat row per stored event, newest first, for a table or CSV.

        `since`/`until` keep events whose date (else the article's publication date)
        overlaps the range; `type` is the PLOVER category; `country` matches any actor
        or recipient country; `actor_text` is a case-insensitive substring of any actor's
        or recipient's words or resolved name."""
        query = (
            select(*listed_columns(), articles.c.published)
            .join(articles, articles.c.id == events.c.article_id)
            .order_by(
                events.c.date_from.desc().nulls_last(), events.c.article_id, events.c.position
            )
        )
        if since is not None:
            query = query.where(events.c.date_to >= since)
        if until is not None:
            query = query.where(events.c.date_from <= until)
        if type is not None:
            query = query.where(events.c.event == type)
        if country is not None:
            query = query.where(has_participant(event_actors.c.country == country))
        if actor_text:
            words = actor_text.lower()
            query = query.where(
                has_participant(
                    or_(
                        func.lower(event_actors.c.text).contains(words, autoescape=True),
                        func.lower(event_actors.c.name).contains(words, autoescape=True),
                    )
                )
            )
        if limit is not None:
            query = query.limit(limit)
        with self.reading() as conn:
            rows = conn.execute(query).mappings().all()
            participants = read_participants(conn, {row["article_id"] for row in rows})
        return [flat_event(row, participants) for row in rows]

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self.reading() as conn:
            return {
                table.name: conn.scalar(select(func.count()).select_from(table))
                for table in DATA_TABLES
            }

    # transactions and errors

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.translated(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        with self.translated(), self.engine.connect() as conn:
            conn.execution_options(eventwire_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def translated(self) -> Iterator[None]:
        """Database errors a user can act on become a coded StoreError."""
        try:
            yield
        except (sqlalchemy.exc.DBAPIError, sqlite3.Error, *driver_errors()) as exc:
            error = store_error(exc, self.where, self.timeout)
            if error is None:
                raise
            raise error from exc


SCHEMA_LOCK = 0x6576656E74  # "event": the advisory lock id taken while creating the schema


def schema_version(conn: Connection) -> int | None:
    """The stored schema version; None when the database has no store yet."""
    if not inspect(conn).has_table(meta.name):
        return None
    value = conn.scalar(select(meta.c.value).where(meta.c.key == "schema_version"))
    return None if value is None else int(value)


# connecting


def database_url(url: str | None) -> URL:
    """A SQLAlchemy URL from what the user gave: a path, sqlite:/// or postgresql://."""
    if url is None:
        url = DEFAULT_PATH
    if "://" not in url:
        return URL.create("sqlite", database=str(Path(url).expanduser()))
    try:
        parsed = make_url(url)
    except sqlalchemy.exc.ArgumentError:
        raise StoreError(Errors.E058.format(url=url)) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed
    if backend in ("postgresql", "postgres"):
        postgres_driver()
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not psycopg2
        return parsed
    raise StoreError(Errors.E058.format(url=url))


def postgres_driver() -> ModuleType:
    """psycopg, from the `postgres` extra; a coded StoreError (E140) without it."""
    try:
        return require("psycopg", "A PostgreSQL store")
    except MissingExtraError as err:
        raise StoreError(str(err)) from None


def driver_errors() -> tuple[type[Exception], ...]:
    """psycopg's base error when psycopg is loaded (a PostgreSQL store is open), else
    none: a SQLite-only install never imports it."""
    psycopg = sys.modules.get("psycopg")
    return (psycopg.Error,) if psycopg is not None else ()


def describe(url: URL) -> str:
    """How messages name the database: the file, or the URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    plain = url.set(drivername=url.get_backend_name())  # as the user wrote it
    return plain.render_as_string(hide_password=True)


def is_missing_sqlite_file(url: URL) -> bool:
    """A plain SQLite path that does not exist (SQLite would create it on connect)."""
    if url.get_backend_name() != "sqlite" or url.query.get("uri"):
        return False
    return bool(url.database) and url.database != ":memory:" and not Path(url.database).exists()


def make_engine(url: URL, timeout: float, readonly: bool = False) -> Engine:
    if url.get_backend_name() == "sqlite":
        if readonly and url.database and url.database != ":memory:":
            url = sqlite_readonly_url(url)
        engine = create_engine(url, connect_args={"timeout": timeout})
        event.listen(engine, "connect", configure_sqlite_readonly if readonly else configure_sqlite)
        event.listen(engine, "begin", begin_sqlite)
        return engine
    connect_args: dict[str, Any] = {"connect_timeout": max(1, round(timeout))}
    if readonly:
        connect_args["options"] = "-c default_transaction_read_only=on"
    return create_engine(url, connect_args=connect_args)


def sqlite_readonly_url(url: URL) -> URL:
    """The same file through SQLite's URI form with mode=ro, so nothing can be written.

    A store in WAL mode still needs its -shm index beside it; where the directory
    cannot be written (a read-only directory or disk), SQLite cannot make one and
    refuses (SQLITE_READONLY_DIRECTORY) unless told the file is immutable. Nobody can
    be writing it there, so immutable=1 is then true, and the store reads."""
    if url.query.get("uri"):
        return url.update_query_dict({"mode": "ro"})
    path = Path(url.database).resolve()
    options = "mode=ro" if os.access(path.parent, os.W_OK) else "mode=ro&immutable=1"
    database = f"file:{quote(path.as_posix())}?{options}"
    return URL.create("sqlite", database=database, query={"uri": "true"})


def configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """WAL so readers never block the writer; foreign keys on; and pysqlite's own
    transaction handling off, so that `begin_sqlite` decides how transactions begin."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def configure_sqlite_readonly(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """As configure_sqlite, minus the switch to WAL: it writes to the file."""
    dbapi_connection.isolation_level = None


def begin_sqlite(conn: Connection) -> None:
    """Writes lock at BEGIN, waiting up to the busy timeout; reads do not lock."""
    writing = conn.get_execution_options().get("eventwire_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def store_error(exc: Exception, where: str, timeout: float) -> StoreError | None:
    """The coded error for a database failure a user can act on; None for the rest
    (bugs such as a constraint violation keep their own exception). SQLAlchemy wraps
    the driver's error, except in a few places such as connect-time setup."""
    cause = exc.orig if isinstance(exc, sqlalchemy.exc.DBAPIError) else exc
    if isinstance(cause, sqlite3.Error):
        return sqlite_error(cause, where, timeout)
    if isinstance(cause, driver_errors()):
        return postgres_error(cause, where)
    if isinstance(exc, sqlalchemy.exc.OperationalError):
        return StoreError(Errors.E059.format(where=where, reason=first_line(exc)))
    return None


def sqlite_error(error: sqlite3.Error, where: str, timeout: float) -> StoreError | None:
    """By SQLite's result code, which says more than the message."""
    code = getattr(error, "sqlite_errorname", "") or ""
    reason = first_line(error)
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(Errors.E050.format(where=where, timeout=timeout))
    if code.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH")):
        return StoreError(Errors.E051.format(where=where, reason=reason))
    if code.startswith("SQLITE_FULL"):
        return StoreError(Errors.E052.format(where=where, reason=reason))
    if code.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return StoreError(Errors.E053.format(where=where, reason=reason))
    if code.startswith("SQLITE_CANTOPEN"):
        return StoreError(Errors.E057.format(where=where, reason=reason))
    if isinstance(error, sqlite3.OperationalError):
        return StoreError(Errors.E059.format(where=where, reason=reason))
    return None


POSTGRES_STATES = {
    "53100": "E052",  # disk_full
    "25006": "E051",  # read_only_sql_transaction (a standby)
    "42501": "E051",  # insufficient_privilege
    "28000": "E054",  # invalid_authorization_specification
    "28P01": "E054",  # invalid_password
    "3D000": "E054",  # invalid_catalog_name: no such database
}
"""SQLSTATEs a user can act on -> our code."""


def postgres_error(error: psycopg.Error, where: str) -> StoreError | None:
    import psycopg  # loaded already: only psycopg's own errors come here

    reason = first_line(error)
    code = POSTGRES_STATES.get(error.sqlstate or "")
    if code is None and isinstance(error, psycopg.OperationalError):
        # connection failures carry no SQLSTATE: refused, unreachable, login refused
        code = "E054" if error.sqlstate is None else "E059"
    if code is None:
        return None
    return StoreError(getattr(Errors, code).format(where=where, reason=reason))


def first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


# rows


def insert_ignoring_duplicates(conn: Connection):
    """INSERT into articles that does nothing when the id is stored already, in the
    dialect's own words (both SQLite and PostgreSQL say ON CONFLICT DO NOTHING)."""
    dialect = postgresql_dialect if conn.dialect.name == "postgresql" else sqlite_dialect
    statement = dialect.insert(articles).on_conflict_do_nothing(index_elements=[articles.c.id])
    return statement.returning(articles.c.id)  # a row only when the article was new


def article_row(article: Article, document: Document, now: dt.datetime) -> dict:
    if article.id != document.id:
        raise ValueError(f"article {article.id!r} paired with document {document.id!r}")
    return {
        "id": document.id,
        "title": document.title,
        "url": document.url,
        "source": document.source,
        "published": document.published,
        "text": article.text,
        "document": document.to_json(),
        "ingested_at": now,
    }


def child_rows(document: Document) -> dict[str, list[dict]]:
    """Every row of the flat tables for one document, by table name."""
    article_id = document.id
    actor_rows = [
        actor_row(article_id, event.id, role, position, actor)
        for event in document.events
        for role, actors in (("actor", event.actor), ("recipient", event.recipient))
        for position, actor in enumerate(actors)
    ]
    return {
        "events": [
            event_row(article_id, position, event, document.published)
            for position, event in enumerate(document.events)
        ],
        "event_actors": actor_rows,
        "figures": [figure_row(article_id, n, figure) for n, figure in enumerate(document.figures)],
        "quotes": [quote_row(article_id, n, quote) for n, quote in enumerate(document.quotes)],
        "entities": [
            entity_row(article_id, n, entity) for n, entity in enumerate(document.entities)
        ],
    }


def event_row(article_id: str, position: int, event: Event, published: dt.date | None) -> dict:
    date, place = event.date, event.location
    date_from, date_to = day_range(date, published)
    row = {
        "article_id": article_id,
        "event_id": event.id,
        "position": position,
        "event": event.event,
        "mode": event.mode,
        "context": json.dumps(event.context),
        "quad": event.quad,
        "score": event.score,
        "status": event.status,
        "historical": event.historical,
        "event_text": event.event_text,
        "span_start": event.span[0],
        "span_end": event.span[1],
        "sentence": event.sentence,
        "date_text": date.text if date else None,
        "date_value": date.value if date else None,
        "date_end": date.end if date else None,
        "date_precision": date.precision if date else None,
        "date_basis": date.basis if date else None,
        "date_from": date_from,
        "date_to": date_to,
        "location_text": place.text if place else None,
        "location_name": place.name if place else None,
        "location_country": place.country if place else None,
        "location_admin1": place.admin1 if place else None,
        "location_lat": place.lat if place else None,
        "location_lon": place.lon if place else None,
        "location_precision": place.precision if place else None,
        "cameo": event.cameo,
        "acled_event_type": event.acled.event_type if event.acled else None,
        "acled_sub_event_type": event.acled.sub_event_type if event.acled else None,
        "confidence": event.confidence,
        **participant_columns(
            (actor.text, actor.name, actor.country) for actor in event.actor + event.recipient
        ),
    }
    for kind in ("dead", "injured", "arrested", "abducted"):
        magnitude = getattr(event, kind)
        row[kind] = magnitude.value if magnitude else None
        row[f"{kind}_qualifier"] = magnitude.qualifier if magnitude else None
    return row


PARTICIPANT_SEPARATOR = "\n"


def participant_columns(participants: Iterable[tuple[str, str | None, str | None]]) -> dict:
    """The search columns of an event from its actors' and recipients' (text, name,
    country): the countries as " RUS UKR " (a country filter is LIKE '% UKR %') and
    the words lowercased, one per line (the actor filter is a substring of one of
    them). Kept on the event row so that filtering an event list or counting events by
    country reads no other table; None when the event has no participant."""
    countries: set[str] = set()
    words: dict[str, None] = {}
    for text, name, country in participants:
        if country:
            countries.add(country)
        for value in (text, name):
            if value:
                words[value.lower()] = None
    return {
        "participant_countries": f" {' '.join(sorted(countries))} " if countries else None,
        "participant_words": PARTICIPANT_SEPARATOR.join(words) if words else None,
    }


def listed_columns() -> list[Column]:
    """Every column of `events` but the search columns: what readers select, so that
    a store opened read-only at schema version 3 still reads."""
    return [column for column in events.c if column.name not in SEARCH_COLUMNS]


def actor_row(article_id: str, event_id: str, role: str, position: int, actor: Actor) -> dict:
    return {
        "article_id": article_id,
        "event_id": event_id,
        "role": role,
        "position": position,
        "text": actor.text,
        "name": actor.name,
        "country": actor.country,
        "sector": actor.sector,
        "sectors": json.dumps(actor.sectors),
        "span_start": actor.span[0],
        "span_end": actor.span[1],
        "basis": actor.basis,
    }


def figure_row(article_id: str, position: int, figure: Figure) -> dict:
    return {
        "article_id": article_id,
        "position": position,
        "value": figure.value,
        "qualifier": figure.qualifier,
        "category": figure.category,
        "who": figure.who,
        "source": figure.source,
        "date_value": figure.date.value if figure.date else None,
        "span_start": figure.span[0],
        "span_end": figure.span[1],
        "sentence": figure.sentence,
    }


def quote_row(article_id: str, position: int, quote: Quote) -> dict:
    speaker = quote.speaker
    return {
        "article_id": article_id,
        "position": position,
        "text": quote.text,
        "speaker_text": speaker.text if speaker else None,
        "speaker_name": speaker.name if speaker else None,
        "speaker_country": speaker.country if speaker else None,
        "speaker_sector": speaker.sector if speaker else None,
        "span_start": quote.span[0],
        "span_end": quote.span[1],
        "sentence": quote.sentence,
    }


def entity_row(article_id: str, position: int, entity: Entity) -> dict:
    return {
        "article_id": article_id,
        "position": position,
        "text": entity.text,
        "name": entity.name,
        "type": entity.type,
        "country": entity.country,
        "sector": entity.sector,
        "sectors": json.dumps(entity.sectors),
        "mentions": json.dumps([list(span) for span in entity.mentions]),
    }


def day_range(date: When | None, published: dt.date | None) -> tuple[dt.date | None, ...]:
    """The first and last day a date covers ("2025-07" is July 1 to 31), else the
    publication date: what date filters compare."""
    if date is None or date.value is None:
        return published, published
    first = first_day(date.value)
    last = last_day(date.end or date.value) or last_day(date.value)
    if first is None or last is None:
        return published, published
    return first, max(first, last)


def parse_parts(value: str) -> tuple[int, int | None, int | None] | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as numbers; None for anything else."""
    try:
        numbers = [int(part) for part in value.split("-")]
        if not 1 <= len(numbers) <= 3:
            return None
        year, month, day = (numbers + [None, None])[:3]
        dt.date(year, month or 1, day or 1)  # validates the ranges
    except (ValueError, TypeError):
        return None
    return year, month, day


# queries


def has_participant(condition) -> Any:
    """EXISTS an actor or recipient of the event meeting the condition."""
    return exists().where(
        event_actors.c.article_id == events.c.article_id,
        event_actors.c.event_id == events.c.event_id,
        condition,
    )


def read_participants(conn: Connection, article_ids: set[str]) -> dict[tuple, list]:
    """Actors and recipients of the given articles' events, by (article, event, role),
    in document order."""
    found: dict[tuple, list] = {}
    for chunk in chunks(sorted(article_ids), CHUNK):
        query = (
            select(event_actors)
            .where(event_actors.c.article_id.in_(chunk))
            .order_by(event_actors.c.article_id, event_actors.c.event_id, event_actors.c.position)
        )
        for row in conn.execute(query).mappings():
            key = (row["article_id"], row["event_id"], row["role"])
            found.setdefault(key, []).append(row)
    return found


def flat_event(row: Any, participants: dict[tuple, list]) -> dict[str, Any]:
    """The row of `Store.events`: several actors are joined with ", ", their countries
    too (each country once)."""
    actors = participants.get((row["article_id"], row["event_id"], "actor"), [])
    recipients = participants.get((row["article_id"], row["event_id"], "recipient"), [])
    published = row["published"]
    return {
        "article_id": row["article_id"],
        "published": published.isoformat() if published else None,
        "date": row["date_value"] or (published.isoformat() if published else None),
        "event": row["event"],
        "mode": row["mode"],
        "status": row["status"],
        "actor": joined(a["text"] for a in actors),
        "actor_country": joined(a["country"] for a in actors),
        "recipient": joined(r["text"] for r in recipients),
        "recipient_country": joined(r["country"] for r in recipients),
        "location": row["location_name"] or row["location_text"],
        "dead": row["dead"],
        "event_text": row["event_text"],
    }


def joined(values: Iterable[str | None]) -> str | None:
    """Distinct non-empty values in order, joined with ", "; None when there are none."""
    distinct = list(dict.fromkeys(value for value in values if value))
    return ", ".join(distinct) if distinct else None


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
