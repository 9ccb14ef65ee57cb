"""`eventwire` command: wires one module per command into a Typer app."""

from __future__ import annotations

import typer

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
) -> None:
    """News articles in, verifiable PLOVER event data out."""


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
