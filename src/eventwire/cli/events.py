"""`eventwire events`: what the store holds, filtered, as a table, CSV or JSON."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import EventwireError
from ..export import write_csv_rows
from ..ontology import CATEGORIES
from ..store import Store
from .extract import PROG
from .options import DbOption, SinceOption, UntilOption, date_option
from .output import RawCsvOption

COLUMNS = (
    ("published", "published"),
    ("date", "date"),
    ("event", "event"),
    ("mode", "mode"),
    ("status", "status"),
    ("actor", "actor"),
    ("actor_country", "actor ctry"),
    ("recipient", "recipient"),
    ("recipient_country", "recip ctry"),
    ("location", "location"),
    ("dead", "dead"),
    ("event_text", "words"),
    ("article_id", "article"),
)
"""Row keys of `Store.events` shown in the table, with their headings."""
PIPE_WIDTH = 200


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
) -> None:
    """List stored events, newest first, filtered by date, category, country or actor.

    With --format csv, cells a spreadsheet would run as formulas start with ' unless --raw-csv."""
    since_date, until_date = date_option(since, "--since"), date_option(until, "--until")
    category = event_type.upper() if event_type else None
    if category is not None and category not in CATEGORIES:
        raise typer.BadParameter(
            f"unknown category {event_type!r}; one of {', '.join(CATEGORIES)}",
            param_hint="'--type'",
        )
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
    except EventwireError as err:
        sys.stderr.write(f"{PROG}: {err}\n")
        raise typer.Exit(1) from None
    write_rows(rows, output_format, raw_csv=raw_csv)


def write_rows(rows: list[dict], fmt: QueryFormat, raw_csv: bool = False) -> None:
    """The rows on stdout. CSV goes through the exports' one CSV writer
    (`export.write_csv_rows`), so it is neutralized for spreadsheets the same way
    unless `raw_csv`; JSON and the table show the values as stored."""
    if fmt is QueryFormat.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif fmt is QueryFormat.csv:
        header = list(rows[0]) if rows else [k for k, _ in COLUMNS]
        values = ([row[k] for k in header] for row in rows)
        write_csv_rows(sys.stdout, header, values, raw=raw_csv)
    else:
        table = Table(title=f"{len(rows)} events", show_lines=False)
        for _, heading in COLUMNS:
            table.add_column(heading, overflow="fold")
        for row in rows:
            table.add_row(*("" if row.get(k) is None else str(row[k]) for k, _ in COLUMNS))
        console = Console()
        if not console.is_terminal:  # a pipe or a file: wide enough for every column
            console = Console(width=PIPE_WIDTH)
        console.print(table)
