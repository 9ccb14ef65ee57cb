"""Tables of stored rows (`events`, `figures`) that fit the terminal, one line a row.

The default view is compact: the columns a reader scans (the `compact` ones) in the
terminal's width (80 columns in a pipe, or what COLUMNS says). Dates and short codes
are never cut (`2025-07-01` stays whole); free text is cut with an ellipsis, the longest
first, so every row stays on one line. `--wide` shows every column at its full width,
however long the lines get (for `less -S`, or a file).

`evidence` is the sentence behind a row with the trigger words marked: bold and
underlined in a terminal, `[[between brackets]]` in plain text, so a pipe or a test
still sees which words were coded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.segment import Segments
from rich.table import Table
from rich.text import Text

from ..stories import SENTENCE_END

Kind = Literal["text", "code", "date", "number"]

MIN_TEXT = 4
"""Narrowest a text column is cut to: three characters and the ellipsis."""
EVIDENCE_INDENT = 4
EVIDENCE_CHARS = 600
"""Longest sentence shown as evidence; a longer one is cut around the trigger."""
MARK = ("[[", "]]")
"""The trigger's brackets where no terminal shows bold."""


@dataclass(frozen=True)
class Column:
    """A column of a row table: `key` of the row, its heading, and how it may shrink:
    `text` is cut with an ellipsis, `code`, `date` and `number` never (numbers right
    aligned). Columns with `compact=False` show only with --wide."""

    key: str
    heading: str
    kind: Kind = "text"
    compact: bool = True


def console_for(stream: TextIO | None = None) -> Console:
    """A console on `stream` (stdout by default): the terminal's width, else COLUMNS,
    else 80; colour and styles only in a terminal."""
    return Console(file=stream, soft_wrap=False)


def cell(value: object) -> str:
    """A value as one line of text: None is empty, whitespace runs are one space."""
    return "" if value is None else " ".join(str(value).split())


def shown(columns: Sequence[Column], wide: bool) -> list[Column]:
    return [column for column in columns if wide or column.compact]


def row_table(
    columns: Sequence[Column], cells: Sequence[Sequence[str]], width: int | None
) -> Table:
    """A one-line-a-row table of `cells` (strings, in `columns` order) no wider than
    `width` (None: every column at full width)."""
    natural = [
        max([cell_len(column.heading), *(cell_len(row[i]) for row in cells)])
        for i, column in enumerate(columns)
    ]
    widths = natural if width is None else fit(columns, natural, width)
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        header_style="bold",
    )
    kept = [i for i, size in enumerate(widths) if size]
    for column, size in zip(columns, widths, strict=True):
        if not size:
            continue
        table.add_column(
            column.heading,
            width=size,
            no_wrap=True,
            overflow="ellipsis",
            justify="right" if column.kind == "number" else "left",
        )
    for row in cells:
        table.add_row(*(Text(row[i]) for i in kept))
    return table


def fit(columns: Sequence[Column], natural: list[int], width: int) -> list[int]:
    """Column widths within `width`: dates, codes and numbers keep their full width;
    text columns share the rest, the longest cut first (so a short place name is not
    cut to make room for a long actor name). When even that cannot fit (a very narrow
    terminal), the rightmost columns are left out (width 0) until it does."""
    count = len(columns)
    while count > 1 and least(columns[:count], natural) > width:
        count -= 1
    kept = columns[:count]
    room = width - gaps(count)
    texts = [i for i, column in enumerate(kept) if column.kind == "text"]
    room -= sum(natural[i] for i in range(count) if i not in texts)
    widths = natural[:count] + [0] * (len(columns) - count)
    if sum(natural[i] for i in texts) <= room:
        return widths
    cap = max(natural[i] for i in texts)
    while cap > MIN_TEXT and sum(min(natural[i], cap) for i in texts) > room:
        cap -= 1
    for i in texts:
        widths[i] = min(natural[i], cap)
    return widths


def least(columns: Sequence[Column], natural: list[int]) -> int:
    """The narrowest the columns can be: text cut to MIN_TEXT, the others whole."""
    return gaps(len(columns)) + sum(
        min(n, MIN_TEXT) if column.kind == "text" else n
        for column, n in zip(columns, natural, strict=False)
    )


def widen(console: Console, table: Table) -> None:
    """Make `console` as wide as `table` needs (for --wide), never narrower."""
    unlimited = console.options.update_width(100_000)
    console.width = max(console.width, console.measure(table, options=unlimited).maximum)


def gaps(count: int) -> int:
    """Columns taken between `count` columns (a space of padding and the separator)."""
    return 2 * (count - 1) if count else 0


def print_rows(
    console: Console,
    title: str,
    table: Table,
    notes: Sequence[RenderableType | None] | None = None,
) -> None:
    """The title, then the table; with `notes`, each row's note (its evidence) printed
    under the row, indented. Every row is one line (`row_table`), so the table's lines
    after the header and its rule are its rows in order."""
    console.print(Text(title, style="bold"))
    if notes is None:
        console.print(table)
        return
    lines = console.render_lines(table, pad=False, new_lines=True)
    head = len(lines) - len(notes)
    for line in lines[:head]:
        console.print(Segments(line), end="")
    for line, note in zip(lines[head:], notes, strict=True):
        console.print(Segments(line), end="")
        if note is not None:
            console.print(Padding(note, (0, 0, 0, EVIDENCE_INDENT)))


def evidence(text: str, start: int, end: int, styled: bool) -> Text:
    """The sentence of `text` holding [start, end) with those characters marked: bold
    and underlined when `styled` (a terminal), else between [[ and ]]. Line breaks
    and runs of spaces are one space; a very long sentence is cut around the mark."""
    begin = 0
    for match in SENTENCE_END.finditer(text, max(0, start - EVIDENCE_CHARS), start):
        begin = match.end()
    after = SENTENCE_END.search(text, end)
    stop = after.start() if after else len(text)
    before = spaced(text[begin:start]).lstrip()
    words = spaced(text[start:end])
    rest = spaced(text[end:stop]).rstrip()
    keep = max(0, (EVIDENCE_CHARS - len(words)) // 2)
    if len(before) > keep:
        before = "\u2026" + before[len(before) - keep :]
    if len(rest) > keep:
        rest = rest[:keep] + "\u2026"
    sentence = Text(before)
    if styled:
        sentence.append(words, style="bold underline")
    else:
        sentence.append(f"{MARK[0]}{words}{MARK[1]}")
    sentence.append(rest)
    return sentence


def spaced(text: str) -> str:
    """Line breaks and runs of whitespace as one space, the ends kept."""
    return re.sub(r"\s+", " ", text)
