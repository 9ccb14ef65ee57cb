"""`eventwire link`, `eventwire split` and `eventwire stories`: the incidents that many
articles report, linked (eventwire.stories), corrected by hand, and listed."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import EventwireError
from ..store import Store
from ..stories import link, parse_mention, read_stories, split, story_mentions_of
from .extract import PROG
from .options import DbOption, SinceOption, UntilOption, date_option

PIPE_WIDTH = 200


def fail(err: EventwireError) -> None:
    sys.stderr.write(f"{PROG}: {err}\n")
    raise typer.Exit(1)


def link_cli(
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    new_only: Annotated[
        bool,
        typer.Option(
            "--new-only",
            help="Only link the mentions not in a story yet (what ingest does); by "
            "default the range's mentions are linked again from scratch.",
        ),
    ] = False,
) -> None:
    """Link the stored event mentions into stories: one incident, all its reports.

    Re-links the whole store, or the events dated within --since/--until. Mentions a
    split pinned keep their stories."""
    since_date, until_date = date_option(since, "--since"), date_option(until, "--until")
    try:
        with Store.open(db, create=False) as store:
            result = link(store, since_date, until_date, relink=not new_only)
    except EventwireError as err:
        fail(err)
    sys.stderr.write(
        f"{PROG}: {result.linked:,} mentions linked: {result.new_stories:,} stories started, "
        f"{result.joined:,} joined a story\n"
    )


def split_cli(
    story: Annotated[str, typer.Argument(metavar="STORY", help="The story's id (st-...).")],
    mentions: Annotated[
        list[str],
        typer.Argument(
            metavar="ARTICLE:EVENT...",
            help="The mentions to move into a new story of their own.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
) -> None:
    """Split a wrong merge: move mentions out of a story into a new one.

    Both stories' mentions are pinned, so `eventwire link` never merges them again."""
    try:
        keys = [parse_mention(value) for value in mentions]
        with Store.open(db, create=False) as store:
            new_id = split(store, story, keys)
    except EventwireError as err:
        fail(err)
    sys.stdout.write(f"{new_id}\n")


def stories_cli(
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    category: Annotated[
        str | None, typer.Option("--type", metavar="CATEGORY", help="PLOVER category.")
    ] = None,
    min_mentions: Annotated[
        int, typer.Option("--min-mentions", min=1, metavar="N", help="Stories of N+ reports.")
    ] = 1,
    story_id: Annotated[
        str | None,
        typer.Option("--id", metavar="STORY", help="One story with all its mentions."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON, with every mention.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, metavar="N")] = None,
) -> None:
    """List stories (incidents across articles), newest first: merged date, place and
    counts, number of reports and sources, first and last report."""
    since_date, until_date = date_option(since, "--since"), date_option(until, "--until")
    try:
        with Store.open(db, readonly=True) as store:
            rows = read_stories(
                store,
                since_date,
                until_date,
                category.upper() if category else None,
                min_mentions,
                None if story_id else limit,
            )
            if story_id:
                rows = [row for row in rows if row["id"] == story_id]
            mentions = (
                story_mentions_of(store, [r["id"] for r in rows]) if (as_json or story_id) else {}
            )
    except EventwireError as err:
        fail(err)
    if as_json:
        for row in rows:
            row["reports"] = mentions.get(row["id"], [])
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        return
    console = Console()
    if not console.is_terminal:
        console = Console(width=PIPE_WIDTH)
    table = Table(title=f"{len(rows)} stories")
    for heading in ("story", "date", "event", "place", "dead", "reports", "sources", "first",
                    "last"):  # fmt: skip
        table.add_column(heading, overflow="fold")
    for row in rows:
        dead = row["counts"].get("dead")
        dead_text = "" if dead is None else str(dead["value"])
        if dead and dead["min"] != dead["max"]:
            dead_text += f" ({dead['min']}-{dead['max']})"
        table.add_row(
            row["id"],
            row["date_value"] or "",
            row["event"],
            row["location_name"] or row["location_country"] or "",
            dead_text,
            str(row["mentions"]),
            str(row["sources"]),
            row["first_report"] or "",
            row["last_report"] or "",
        )
    console.print(table)
    for row in rows if story_id else []:
        for m in mentions.get(row["id"], []):
            console.print(
                f"  {m['article_id']}:{m['event_id']}  {m['published'] or ''}  "
                f"{m['source'] or ''}  {m['sentence']}"
            )
