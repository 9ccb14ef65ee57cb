"""`eventwire export`: the stored data in the formats the field reads."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from .. import export, logs
from ..errors import EventwireError
from ..store import Store, articles
from .options import DbOption, SinceOption, UntilOption, date_option
from .output import RawCsvOption

FORMAT_HELP = (
    "jsonl: one document per line (the output contract). csv: one row per event. "
    "parquet: the same rows, typed (needs -o). plover: PLOVER/POLECAT JSON per event. "
    "acled: ACLED's 31 columns, one row per incident that occurred and has an ACLED coding. "
    "csv and acled written to a file get a CSVW types file beside it (FILE-metadata.json)."
)


def export_cli(
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="|".join(export.FORMATS), help=FORMAT_HELP)
    ] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", dir_okay=False, help="Default: stdout."),
    ] = None,
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    raw_csv: RawCsvOption = False,
    by_published: Annotated[
        bool,
        typer.Option(
            "--by-published",
            help="--since/--until select articles by their publication date, with all "
            "their events, instead of events by their own date.",
        ),
    ] = False,
) -> None:
    """Write the stored events (those dated in a range with --since/--until) to one file.

    An event's date is the one the text gives, else its article's publication date, as
    for `eventwire events`; jsonl writes each article with its events in the range.
    csv and acled cells a spreadsheet would run as formulas start with ' unless --raw-csv."""
    fmt = output_format.lower()
    if fmt not in export.FORMATS:
        raise typer.BadParameter(
            f"unknown format {output_format!r}; one of {', '.join(export.FORMATS)}",
            param_hint="'--format'",
        )
    if fmt == "parquet" and output is None:
        raise typer.BadParameter("parquet is binary: give a file with -o", param_hint="'-o'")
    since_date, until_date = date_option(since, "--since"), date_option(until, "--until")
    try:
        with Store.open(db, readonly=True) as store:
            if by_published:
                documents = store.documents(since=since_date, until=until_date)
            else:
                documents = export.within(store.documents(), since_date, until_date)
            destination = output if output is not None else sys.stdout
            texts = article_texts(store) if fmt == "acled" else None
            count = export.write(documents, fmt, destination, raw_csv=raw_csv, texts=texts)
    except EventwireError as err:
        logs.echo(str(err), level=logging.ERROR)
        raise typer.Exit(1) from None
    if output is not None:
        types = export.csv_metadata_path(output) if fmt in ("csv", "acled") else None
        where = f"{output} (column types in {types})" if types else f"{output}"
        logs.note(f"{count:,} records written to {where}")


def article_texts(store: Store) -> Callable[[str], str | None]:
    """An article's stored text by id, for ACLED's notes (the sentence of each event)."""

    def text(article_id: str) -> str | None:
        query = select(articles.c.text).where(articles.c.id == article_id)
        with store.reading() as conn:
            return conn.execute(query).scalar_one_or_none()

    return text
