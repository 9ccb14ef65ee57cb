"""Output writers for `eventwire extract`: one Document at a time, never the whole run.

- `jsonl`: one compact JSON object a line, flushed per article, in input order: the
  format for pipelines (`| jq`, pandas `read_json(lines=True)`), streamable at any size.
- `json`: indented; one object when the run yields one article, else a JSON array.
  The array is streamed (an item is written as soon as it is extracted), so only the
  first document is held back, to learn whether a second one follows.
- `table`: a Rich view for reading in a terminal, one block per article; plain text
  without ANSI codes when written to a file or a pipe.

Every writer has `write(doc)` and `close()`; `close()` finishes the format (the closing
bracket of the array) and must run once at the end.

`RawCsvOption` is the `--raw-csv` flag of `export` and `events`, declared here once so
both commands' help reads the same.
"""

from __future__ import annotations

import textwrap
from enum import StrEnum
from typing import Annotated, Protocol, TextIO

import typer
from rich import box
from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..records import Actor, Document, Event, Magnitude, Place, When

FILE_WIDTH = 120
"""Columns of a table written to a file: wide enough for the events table to stay legible."""
JSON_INDENT = 2
DATE_RANGE_WIDTH = len("2025-06-30..")
"""Narrowest the events table's date column gets: a whole date and the range dots."""

RawCsvOption = Annotated[
    bool,
    typer.Option(
        "--raw-csv",
        help="Write CSV cells exactly as stored. By default a text cell beginning with "
        "= + - @, tab or carriage return gets a leading ' so a spreadsheet shows it as "
        "text instead of running it as a formula; use this for programs that read the CSV.",
    ),
]
"""`--raw-csv`: CSV cells unchanged (see `eventwire.export.neutralize_formula`)."""


class Format(StrEnum):
    """The output formats of `eventwire extract`."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


class Writer(Protocol):
    def write(self, doc: Document) -> None: ...

    def close(self) -> None: ...


def make_writer(fmt: Format, stream: TextIO, to_file: bool = False) -> Writer:
    """The writer for a format; `to_file` makes the table plain and wide."""
    if fmt is Format.jsonl:
        return JsonlWriter(stream)
    if fmt is Format.json:
        return JsonWriter(stream)
    return TableWriter(stream, to_file=to_file)


class JsonlWriter:
    """One line per document, flushed so a consumer downstream sees it at once."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, doc: Document) -> None:
        self.stream.write(doc.to_json() + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class JsonWriter:
    """An indented object for a single document, an indented array for several (or none)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.pending: Document | None = None
        self.count = 0

    def write(self, doc: Document) -> None:
        self.count += 1
        if self.count == 1:
            self.pending = doc
            return
        if self.count == 2 and self.pending is not None:
            self.stream.write("[\n" + self._item(self.pending))
            self.pending = None
        self.stream.write(",\n" + self._item(doc))
        self.stream.flush()

    def close(self) -> None:
        if self.count == 0:
            self.stream.write("[]\n")
        elif self.count == 1 and self.pending is not None:
            self.stream.write(self.pending.to_json(indent=JSON_INDENT) + "\n")
        else:
            self.stream.write("\n]\n")
        self.stream.flush()

    @staticmethod
    def _item(doc: Document) -> str:
        return textwrap.indent(doc.to_json(indent=JSON_INDENT), " " * JSON_INDENT)


class TableWriter:
    """A header, then tables of events, figures and quotes, for each document."""

    def __init__(self, stream: TextIO, to_file: bool = False) -> None:
        if to_file:
            self.console = Console(
                file=stream, width=FILE_WIDTH, force_terminal=False, color_system=None
            )
        else:
            self.console = Console(file=stream)
        self.count = 0

    def write(self, doc: Document) -> None:
        if self.count:
            self.console.print()
        self.count += 1
        self.console.print(render_document(doc))
        self.console.file.flush()

    def close(self) -> None:
        self.console.file.flush()


# -- the table view -----------------------------------------------------------------------


def render_document(doc: Document) -> Group:
    """Everything shown for one document; cells are Text, so no article text is read
    as Rich markup (a title with "[red]" in it prints as is)."""
    return Group(
        Rule(Text(doc.title or "(untitled)", style="bold"), align="left"),
        _header(doc),
        _events_table(doc.events) if doc.events else _none("events"),
        _figures_table(doc) if doc.figures else _none("figures"),
        _quotes_table(doc) if doc.quotes else _none("quotes"),
    )


def _header(doc: Document) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row(Text("id"), Text(doc.id))
    grid.add_row(Text("published"), Text(doc.published.isoformat() if doc.published else "-"))
    for label, value in (("source", doc.source), ("url", doc.url)):
        if value:
            grid.add_row(Text(label), Text(value))
    return grid


def _none(what: str) -> Text:
    return Text(f"No {what} found.", style="dim")


def _table(title: str, *columns: str) -> Table:
    """A titled table; columns named with a leading "=" hold short codes that must not
    wrap ("ASSAUL/T"), the others share what width is left."""
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    for column in columns:
        short = column.startswith("=")
        table.add_column(column.lstrip("="), no_wrap=short, overflow="fold")
    return table


def _events_table(events: list[Event]) -> Table:
    """Five columns so an 80-column terminal stays readable: what (category, mode,
    status and the trigger words), who, to whom, when and where, how many."""
    table = _table(
        f"Events ({len(events)})", "event", "actor", "recipient", "when / where", "dead / injured"
    )
    table.columns[3].min_width = DATE_RANGE_WIDTH  # a date never wraps ("202/5-0/7-01")
    for event in events:
        what = Text(event.event, style="bold")
        what.append(f" {event.mode}" if event.mode else "")
        status = event.status + (", historical" if event.historical else "")
        what.append(f"\n{status}\n", style="dim")
        what.append(f"\u201c{event.event_text}\u201d", style="italic")
        table.add_row(
            what,
            Text(_actors(event.actor)),
            Text(_actors(event.recipient)),
            Text(f"{_when(event.date)}\n{_place(event.location)}"),
            Text(_casualties(event.dead, event.injured)),
        )
    return table


def _figures_table(doc: Document) -> Table:
    table = _table(
        f"Figures ({len(doc.figures)})", "=value", "qualifier", "=category", "who", "source"
    )
    for figure in doc.figures:
        table.add_row(
            Text(f"{figure.value:,}", justify="right"),
            Text(figure.qualifier or "-"),
            Text(figure.category),
            Text(figure.who or "-"),
            Text(figure.source or "-"),
        )
    return table


def _quotes_table(doc: Document) -> Table:
    table = _table(f"Quotes ({len(doc.quotes)})", "speaker", "quote")
    for quote in doc.quotes:
        speaker = quote.speaker
        who = (speaker.name or speaker.text) if speaker else "-"
        table.add_row(Text(who), Text(quote.text))
    return table


def _actors(actors: list[Actor]) -> str:
    """Each actor's name, then country and sector when known: `Hamas (PSE REB); Israel (ISR)`."""
    if not actors:
        return "-"
    return "; ".join(_actor(actor) for actor in actors)


def _actor(actor: Actor) -> str:
    codes = " ".join(code for code in (actor.country, actor.sector) if code)
    name = actor.name or actor.text
    return f"{name} ({codes})" if codes else name


def _when(when: When | None) -> str:
    """The date, and the end of a range on a line of its own: `2025-06-30..` then
    `2025-07-06`, so neither is split however narrow the column."""
    if when is None:
        return "-"
    value = when.value or when.text
    return f"{value}..\n{when.end}" if when.end else value


def _place(place: Place | None) -> str:
    if place is None:
        return "-"
    name = place.name or place.text
    return f"{name} ({place.country})" if place.country else name


def _casualties(dead: Magnitude | None, injured: Magnitude | None) -> str:
    parts = [f"{_magnitude(m)} {label}" for m, label in ((dead, "dead"), (injured, "injured")) if m]
    return "; ".join(parts) or "-"


def _magnitude(magnitude: Magnitude) -> str:
    value = f"{magnitude.value:,}"
    return f"{magnitude.qualifier} {value}" if magnitude.qualifier else value
