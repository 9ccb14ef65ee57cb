"""`eventwire export`: the stored data in the formats the field reads."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import export
from ..errors import EventwireError
from ..store import Store
from .extract import PROG
from .options import DbOption, SinceOption, UntilOption, date_option
from .output import RawCsvOption

FORMAT_HELP = (
    "jsonl: one document per line (the output contract). csv: one row per event. "
    "parquet: the same rows, typed (needs -o). plover: PLOVER/POLECAT JSON per event. "
    "acled: ACLED-style CSV rows for events with an ACLED coding."
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
) -> None:
    """Write every stored article (or those published in a date range) to one file.

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
            documents = store.documents(since=since_date, until=until_date)
            destination = output if output is not None else sys.stdout
            count = export.write(documents, fmt, destination, raw_csv=raw_csv)
    except EventwireError as err:
        sys.stderr.write(f"{PROG}: {err}\n")
        raise typer.Exit(1) from None
    if output is not None:
        sys.stderr.write(f"{PROG}: {count:,} records written to {output}\n")
