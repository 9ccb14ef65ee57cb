"""`eventwire` command: wires one module per command into a Typer app."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import logs
from ..errors import EventwireError
from .evaluate import evaluate_cli
from .events import events_cli
from .export import export_cli
from .extract import extract_cli
from .figures import figures_cli
from .ingest import ingest_cli
from .link import link_cli, split_cli, stories_cli
from .serve import serve_cli

app = typer.Typer(
    name="eventwire",
    help="News articles in, verifiable PLOVER event data out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"eventwire {version('eventwire')}")
        raise typer.Exit()


@app.callback()
def options(
    _version: bool = typer.Option(
        False, "--version", callback=show_version, is_eager=True, help="Print the version."
    ),
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose", "-v", count=True, help="Say more on stderr: -v notes, -vv debug."
        ),
    ] = 0,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Errors only: no progress bar, notes or summary.")
    ] = False,
    log_file: Annotated[
        Path | None,
        typer.Option(
            "--log-file",
            metavar="PATH",
            dir_okay=False,
            help="Also log to this file (plain text with timestamps; appended).",
        ),
    ] = None,
) -> None:
    """News articles in, verifiable PLOVER event data out."""
    if verbose and quiet:
        raise typer.BadParameter("-q and -v cannot be combined", param_hint="'-q' / '-v'")
    try:
        logs.configure(verbose, quiet, log_file)
    except EventwireError as err:
        sys.stderr.write(f"{logs.PROG}: {err}\n")
        raise typer.Exit(1) from None


app.command("extract")(extract_cli)
app.command("ingest")(ingest_cli)
app.command("events")(events_cli)
app.command("export")(export_cli)
app.command("evaluate")(evaluate_cli)
app.command("serve")(serve_cli)
app.command("link")(link_cli)
app.command("split")(split_cli)
app.command("stories")(stories_cli)
app.command("figures")(figures_cli)


def main() -> None:
    app()
