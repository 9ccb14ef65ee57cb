"""`eventwire figures`: the stored figures, or with --series the same count over time."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ..errors import Errors, EventwireError
from ..export import write_csv_rows
from ..series import POINT_COLUMNS, build_series, figure_points, select_series
from ..store import Store
from .extract import PROG
from .options import DbOption, date_option
from .output import RawCsvOption

PIPE_WIDTH = 200


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
        sys.stderr.write(f"{PROG}: {err}\n")
        raise typer.Exit(1) from None
    found = select_series(build_series(points, min_points if series else 1), subject, place)
    rows = [point for s in found for point in s["points"]]
    try:
        write(found, rows, series, output_format, output, raw_csv)
    except OSError as err:
        sys.stderr.write(f"{PROG}: {Errors.E060.format(where=output, reason=err)}\n")
        raise typer.Exit(1) from None


def write(
    found: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    series: bool,
    fmt: FiguresFormat,
    output: Path | None,
    raw_csv: bool,
) -> None:
    if fmt is FiguresFormat.parquet:
        import pyarrow as pa
        import pyarrow.parquet as pq

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
            console = Console(file=stream, width=None if stream.isatty() else PIPE_WIDTH)
            console.print(series_table(found) if series else points_table(rows))
    finally:
        if output:
            stream.close()


def series_table(found: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(found)} series")
    for heading in ("category", "subject", "place", "reports", "latest", "by source", "first",
                    "last", "values over time"):  # fmt: skip
        table.add_column(heading, overflow="fold")
    for s in found:
        trail = " -> ".join(f"{p['value']:,}" for p in s["points"])
        by_source = "; ".join(f"{k}: {v:,}" for k, v in s["latest"].items())
        table.add_row(s["category"], s["subject"], s["place"], str(len(s["points"])),
                      f"{s['latest_value']:,}", by_source, str(s["first_report"] or ""),
                      str(s["last_report"] or ""), trail)  # fmt: skip
    return table


def points_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(rows)} figures")
    for heading in ("published", "category", "value", "qualifier", "subject", "place",
                    "source", "outlet", "sentence"):  # fmt: skip
        table.add_column(heading, overflow="fold")
    for r in rows:
        table.add_row(str(r["published"] or ""), r["category"], f"{r['value']:,}",
                      r["qualifier"] or "", r["subject"], r["place"], r["source"] or "",
                      r["outlet"] or "", r["sentence"])  # fmt: skip
    return table
