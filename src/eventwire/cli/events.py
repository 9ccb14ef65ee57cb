"""`eventwire events`: what the store holds, filtered, as a table, CSV or JSON."""

from __future__ import annotations

import json
import logging
import sys
from collections import deque
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text
from sqlalchemy import select

from .. import logs
from ..errors import EventwireError
from ..export import write_csv_rows
from ..ontology import CATEGORIES
from ..store import (
    CHUNK,
    Store,
    articles,
    chunks,
    events,
    flat_event,
    listed_columns,
    read_participants,
)
from .options import DbOption, SinceOption, UntilOption, date_option
from .output import RawCsvOption
from .tables import Column, cell, console_for, evidence, print_rows, row_table, shown, widen

log = logging.getLogger(__name__)

COLUMNS = (
    Column("published", "published", "date", compact=False),
    Column("date", "date", "date"),
    Column("event", "event", "code"),
    Column("mode", "mode", "code", compact=False),
    Column("status", "status", "code"),
    Column("actor", "actor"),
    Column("actor_country", "actor ctry", "code", compact=False),
    Column("recipient", "recipient"),
    Column("recipient_country", "recip ctry", "code", compact=False),
    Column("location", "location"),
    Column("dead", "dead", "number"),
    Column("event_text", "words", compact=False),
    Column("article_id", "article", compact=False),
)
"""Row keys of `Store.events` in the table, with their headings; the compact view (the
default) leaves out the publication date, mode, countries, trigger words and article
id, which --wide adds, and shows a status only when it is not `occurred`."""


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def events_cli(
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: Annotated[
        str | None,
        typer.Option("--type", metavar="CATEGORY", help="PLOVER category, e.g. ASSAULT."),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option("--country", metavar="ISO3", help="Actor or recipient country, e.g. UKR."),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", metavar="TEXT", help="Actor or recipient words containing this."),
    ] = None,
    output_format: Annotated[
        QueryFormat, typer.Option("--format", "-f", case_sensitive=False)
    ] = QueryFormat.table,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, metavar="N", help="At most N events.")
    ] = None,
    raw_csv: RawCsvOption = False,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="Table: every column at full width (long lines)."),
    ] = False,
    show_evidence: Annotated[
        bool,
        typer.Option(
            "--evidence",
            help="Table: under each event, its sentence with the trigger words marked "
            "(bold in a terminal, [[like this]] in a pipe).",
        ),
    ] = False,
) -> None:
    """List stored events, newest first, filtered by date, category, country or actor.

    The table fits the terminal (--wide for every column); with --format csv, cells a
    spreadsheet would run as formulas start with ' unless --raw-csv."""
    since_date, until_date = date_option(since, "--since"), date_option(until, "--until")
    category = event_type.upper() if event_type else None
    if category is not None and category not in CATEGORIES:
        raise typer.BadParameter(
            f"unknown category {event_type!r}; one of {', '.join(CATEGORIES)}",
            param_hint="'--type'",
        )
    console = console_for()
    try:
        with Store.open(db, readonly=True) as store:
            rows = store.events(
                since=since_date,
                until=until_date,
                type=category,
                country=country.upper() if country else None,
                actor_text=actor,
                limit=limit,
            )
            log.info("%d events from %s", len(rows), store.where)
            notes = None
            if show_evidence and output_format is QueryFormat.table:
                notes = evidence_of(store, rows, styled=console.is_terminal)
    except EventwireError as err:
        logs.echo(str(err), level=logging.ERROR)
        raise typer.Exit(1) from None
    write_rows(rows, output_format, raw_csv=raw_csv, wide=wide, notes=notes, console=console)


def write_rows(
    rows: list[dict],
    fmt: QueryFormat,
    raw_csv: bool = False,
    wide: bool = False,
    notes: list[Text | None] | None = None,
    console: Console | None = None,
) -> None:
    """The rows on stdout. CSV goes through the exports' one CSV writer
    (`export.write_csv_rows`), so it is neutralized for spreadsheets the same way
    unless `raw_csv`; JSON and the table show the values as stored."""
    if fmt is QueryFormat.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif fmt is QueryFormat.csv:
        header = list(rows[0]) if rows else [column.key for column in COLUMNS]
        values = ([row[k] for k in header] for row in rows)
        write_csv_rows(sys.stdout, header, values, raw=raw_csv)
    else:
        console = console or console_for()
        columns = shown(COLUMNS, wide)
        cells = [[table_cell(row, column.key, wide) for column in columns] for row in rows]
        table = row_table(columns, cells, None if wide else console.width)
        if wide:
            widen(console, table)
        print_rows(console, f"{len(rows)} events", table, notes)


def table_cell(row: dict, key: str, wide: bool) -> str:
    """A row's value as the table shows it: the compact view leaves `occurred`, the
    status of most events, blank so the others stand out."""
    if key == "status" and not wide and row[key] == "occurred":
        return ""
    return cell(row.get(key))


def evidence_of(store: Store, rows: list[dict], styled: bool) -> list[Text | None]:
    """Each row's sentence with its trigger marked (`tables.evidence`), from the stored
    article text and the event's span.

    `Store.events` rows carry no event id, so the articles' events are read again and
    flattened by the same function (`store.flat_event`); a row takes the span of the
    first not yet taken event that flattens to it, in document order, which is the
    order the store lists equal rows in."""
    ids = sorted({row["article_id"] for row in rows})
    texts: dict[str, str] = {}
    spans: dict[tuple, deque[tuple[str, int, int]]] = {}
    with store.reading() as conn:
        for chunk in chunks(ids, CHUNK):
            query = select(articles.c.id, articles.c.text).where(articles.c.id.in_(chunk))
            texts.update((found.id, found.text) for found in conn.execute(query))
            participants = read_participants(conn, set(chunk))
            query = (
                select(*listed_columns(), articles.c.published)
                .join(articles, articles.c.id == events.c.article_id)
                .where(events.c.article_id.in_(chunk))
                .order_by(events.c.article_id, events.c.position)
            )
            for stored in conn.execute(query).mappings():
                key = tuple(flat_event(stored, participants).items())
                spans.setdefault(key, deque()).append(
                    (stored["article_id"], stored["span_start"], stored["span_end"])
                )
    notes: list[Text | None] = []
    for row in rows:
        found = spans.get(tuple(row.items()))
        if not found:
            notes.append(None)
            continue
        article_id, start, end = found.popleft()
        notes.append(evidence(texts[article_id], start, end, styled))
    return notes
