"""`eventwire` command: wires one module per command into a Typer app."""

from __future__ import annotations

import typer

from .evaluate import evaluate_cli
from .events import events_cli
from .export import export_cli
from .extract import extract_cli
from .ingest import ingest_cli

app = typer.Typer(
    name="eventwire",
    help="News articles in, verifiable PLOVER event data out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract")(extract_cli)
app.command("ingest")(ingest_cli)
app.command("events")(events_cli)
app.command("export")(export_cli)
app.command("evaluate")(evaluate_cli)


def main() -> None:
    app()
