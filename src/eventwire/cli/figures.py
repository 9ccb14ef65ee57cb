"""`eventwire figures`: the stored figures, or with --series the same count over time."""

from __future__ import annotations

import json
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from .. import logs
from ..errors import Errors, EventwireError
from ..export import write_csv_rows
from ..extras import require
from ..series import POINT_COLUMNS, build_series, figure_points, select_series
from ..store import Store
from .extract import PROG
from .options import DbOption, date_option
from .output import RawCsvOption
from .tables import Column, cell, console_for, print_rows, row_table, shown, widen


class FiguresFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


def figures_cli(
    series: Annotated[
        bool, typer.Option("--series", help="Group into series: one count over report dates.")
    ] = False,
    category: Annotated[
        str | None,
        typer.Option("--category", metavar="NAME", help="killed, injured, displaced, ..."),
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", metavar="TEXT", help="Subject containing this.")
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", metavar="TEXT", help="Place containing this.")
    ] = None,
    min_points: Annotated[
        int, typer.Option("--min-points", min=1, metavar="N", help="Series of N+ reports.")
    ] = 1,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="YYYY-MM-DD", help="Reports published on or after."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="YYYY-MM-DD", help="Reports published on or before."),
    ] = None,
    output_format: Annotated[
        FiguresFormat, typer.Option("--format", "-f", case_sensitive=False)
    ] = FiguresFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", dir_okay=False, help="Default: stdout."),
    ] = None,
    db: DbOption = None,
    raw_csv: RawCsvOption = False,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="Table: every column at full width (long lines)."),
    ] = False,
    show_evidence: Annotated[
        bool,
        typer.Option("--evidence", help="Table: under each figure, the sentence reporting it."),
    ] = False,
) -> None:
    """Figures reported in the stored articles (killed, injured, displaced, ...), each
    with its source, qualifier and sentence. With --series, the same category, subject
    and place across reports: a later figure from the same source supersedes its
    earlier one in `latest`. csv and parquet write one row per point."""
    if output_format is FiguresFormat.parquet and output is None:
        raise typer.BadParameter("parquet is binary: give a file with -o", param_hint="'-o'")
    since_date, until_date = date_option(since, "--since"), date_option(until, "--until")
    try:
        with Store.open(db, readonly=True) as store:
            points = figure_points(store, category, since_date, until_date)
    except EventwireError as err:
        logs.echo(str(err), level=logging.ERROR)
        raise typer.Exit(1) from None
    found = select_series(build_series(points, min_points if series else 1), subject, place)
    rows = [point for s in found for point in s["points"]]
    try:
        write(found, rows, series, output_format, output, raw_csv, wide, show_evidence)
    except EventwireError as err:  # E140: parquet without the `parquet` extra
        sys.stderr.write(f"{PROG}: {err}\n")
        raise typer.Exit(1) from None
    except OSError as err:
        logs.echo(Errors.E060.format(where=output, reason=err), level=logging.ERROR)
        raise typer.Exit(1) from None


def write(
    found: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    series: bool,
    fmt: FiguresFormat,
    output: Path | None,
    raw_csv: bool,
    wide: bool = False,
    show_evidence: bool = False,
) -> None:
    if fmt is FiguresFormat.parquet:
        pa = require("pyarrow", "Parquet output")
        pq = require("pyarrow.parquet", "Parquet output")
        table = pa.Table.from_pylist([{k: r[k] for k in POINT_COLUMNS} for r in rows])
        if not rows:
            table = pa.table({k: pa.array([], pa.string()) for k in POINT_COLUMNS})
        pq.write_table(table, output)
        return
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt is FiguresFormat.csv:
            values = ([r[k] for k in POINT_COLUMNS] for r in rows)
            write_csv_rows(stream, POINT_COLUMNS, values, raw=raw_csv)
        elif fmt is FiguresFormat.json:
            json.dump(found if series else rows, stream, ensure_ascii=False, indent=2,
                      default=str)  # fmt: skip
            stream.write("\n")
        else:
            print_table(found, rows, series, console_for(stream), wide or output is not None,
                        show_evidence)  # fmt: skip
    finally:
        if output:
            stream.close()


SERIES_COLUMNS = (
    Column("category", "category", "code"),
    Column("subject", "subject"),
    Column("place", "place"),
    Column("reports", "reports", "number"),
    Column("latest", "latest", "number"),
    Column("by_source", "by source", compact=False),
    Column("first", "first", "date", compact=False),
    Column("last", "last report", "date"),
    Column("trail", "over time"),
)
POINT_TABLE_COLUMNS = (
    Column("published", "published", "date"),
    Column("category", "category", "code"),
    Column("value", "value", "number"),
    Column("qualifier", "qualifier", "code", compact=False),
    Column("subject", "subject"),
    Column("place", "place"),
    Column("source", "source"),
    Column("outlet", "outlet", compact=False),
    Column("sentence", "sentence", compact=False),
)
"""The tables' columns; --wide adds the others (`tables.Column`)."""


def print_table(
    found: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    series: bool,
    console: Console,
    wide: bool,
    show_evidence: bool,
) -> None:
    """The series or the points as a table that fits the console unless `wide` (a file
    given with -o is always wide); with `show_evidence`, each point's sentence under it."""
    columns = shown(SERIES_COLUMNS if series else POINT_TABLE_COLUMNS, wide)
    values = [series_row(s) for s in found] if series else [point_row(r) for r in rows]
    cells = [[cell(value[column.key]) for column in columns] for value in values]
    table = row_table(columns, cells, None if wide else console.width)
    if wide:
        widen(console, table)
    notes = None
    if show_evidence and not series:
        notes = [Text(cell(r["sentence"]), style="dim") for r in rows]
    title = f"{len(found)} series" if series else f"{len(rows)} figures"
    print_rows(console, title, table, notes)


def series_row(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "category": s["category"],
        "subject": s["subject"],
        "place": s["place"],
        "reports": len(s["points"]),
        "latest": f"{s['latest_value']:,}",
        "by_source": "; ".join(f"{k}: {v:,}" for k, v in s["latest"].items()),
        "first": s["first_report"],
        "last": s["last_report"],
        "trail": " -> ".join(f"{p['value']:,}" for p in s["points"]),
    }


def point_row(r: dict[str, Any]) -> dict[str, Any]:
    return r | {"value": f"{r['value']:,}"}
