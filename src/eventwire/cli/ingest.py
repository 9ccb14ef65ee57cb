"""`eventwire ingest`: sources in, every article's layers stored, once.

The run is one stream: readers yield articles lazily; articles already in the store
(or seen earlier in the run) are counted as duplicates and never extracted again;
the rest go through the pipeline (`nlp.pipe`, worker processes with --workers) and
are committed a batch at a time, each batch in one transaction. A run killed at any
point leaves whole articles only, and the same command run again picks up where it
stopped: what was committed is a duplicate, the rest is extracted.

Exit status: 0 when every input was read (duplicates are no failure); 1 when anything
was skipped for another reason, when nothing could be read, or when the store failed;
2 for usage errors.
"""

from __future__ import annotations

import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from ..errors import EventwireError, SettingsError
from ..language import looks_english
from ..read import ReadOptions, Skipped, read_inputs
from ..records import Article, Document
from ..settings import Options
from ..store import Store
from .extract import DEFAULTS, PROG, build_pipeline
from .options import (
    ActorsOption,
    DbOption,
    MaxCharsOption,
    ModelOption,
    date_option,
    reading_options,
)

COMMIT_EVERY = 64
"""Articles per transaction: small enough that a killed run loses little work, large
enough that commits do not show in the throughput."""
LOOKUP_EVERY = 256
"""Article ids asked of the store at a time, to learn which are already stored."""
REASONS = {
    "E010": "not found",
    "E040": "unreachable",
    "E041": "unreachable",
    "E042": "unreachable",
    "E043": "unreachable",
    "E044": "unsupported type",
    "E045": "broken feed",
    "E046": "malformed",
    "E047": "malformed",
    "E048": "empty",
    "E049": "malformed",
    "E011": "empty",
    "E012": "unreadable",
    "E013": "unreadable",
    "E020": "unreadable",
    "E014": "too large",
    "E021": "too large",
    "E015": "malformed",
    "E016": "malformed",
    "E018": "malformed",
    "E022": "malformed",
    "E019": "unsupported type",
}
"""Skip reasons by error code, for the summary; codes not listed count under their code."""


@dataclass
class Tally:
    """What the run read, skipped (by reason) and stored."""

    stream: TextIO
    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    stored: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str, message: str | None = None) -> None:
        self.skipped[reason] += 1
        if message is not None:
            self.stream.write(f"{PROG}: skipped {message}\n")

    @property
    def failed(self) -> int:
        return sum(n for reason, n in self.skipped.items() if reason != "duplicate")


def ingest_cli(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="SOURCE",
            help="Files (.txt, .html, .jsonl, .csv; .rss/.atom/.xml feeds), directories, "
            "URLs (an RSS/Atom feed's items are all fetched), or - for stdin.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="YYYY-MM-DD",
            help="Publication date of articles that carry none of their own.",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, metavar="N", help="Worker processes for spaCy.")
    ] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, metavar="N", help="Articles per nlp.pipe batch.")
    ] = DEFAULTS.batch_size,
    commit_every: Annotated[
        int,
        typer.Option("--commit-every", min=1, metavar="N", help="Articles stored per transaction."),
    ] = COMMIT_EVERY,
    text_col: Annotated[
        str, typer.Option("--text-col", metavar="NAME", help="CSV column holding the text.")
    ] = "text",
    date_col: Annotated[
        str,
        typer.Option("--date-col", metavar="NAME", help="CSV column holding the publication date."),
    ] = "published",
    id_col: Annotated[
        str, typer.Option("--id-col", metavar="NAME", help="CSV column holding the article id.")
    ] = "id",
    title_col: Annotated[
        str, typer.Option("--title-col", metavar="NAME", help="CSV column holding the title.")
    ] = "title",
    url_col: Annotated[
        str, typer.Option("--url-col", metavar="NAME", help="CSV column holding the URL.")
    ] = "url",
    source_col: Annotated[
        str, typer.Option("--source-col", metavar="NAME", help="CSV column holding the source.")
    ] = "source",
    feed: Annotated[
        bool,
        typer.Option("--feed", help="Read every URL as an RSS/Atom feed and fetch its items."),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, metavar="SECONDS", help="HTTP timeout for URLs."),
    ] = 20.0,
    max_chars: MaxCharsOption = DEFAULTS.max_chars,
    model: ModelOption = None,
    actors: ActorsOption = None,
) -> None:
    """Extract articles into the store (SQLite by default), each article once.

    Safe to run again on the same sources, or after an interrupted run: stored
    articles are skipped as duplicates. Ends with a summary of what was read, skipped
    (with reasons) and stored.
    """
    published_date = date_option(published, "--published")
    try:
        options = Options(
            model=model,
            max_chars=max_chars,
            batch_size=batch_size,
            n_process=workers,
            actors_file=str(actors) if actors else None,
        )
    except SettingsError as err:
        raise typer.BadParameter(str(err)) from None
    reading = reading_options(
        published_date,
        max_chars,
        timeout,
        feed,
        text_col=text_col,
        date_col=date_col,
        id_col=id_col,
        title_col=title_col,
        url_col=url_col,
        source_col=source_col,
    )
    tally = Tally(sys.stderr)
    try:
        with Store.open(db) as store:
            run(store, sources, reading, options, tally, commit_every)
    except EventwireError as err:
        tally.stream.write(f"{PROG}: {err}\n")
        summarize(tally)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        tally.stream.write(f"{PROG}: interrupted; what was committed stays stored\n")
        summarize(tally)
        raise typer.Exit(130) from None
    summarize(tally)
    raise typer.Exit(1 if tally.failed or not tally.read else 0)


def run(
    store: Store,
    sources: list[str],
    reading: ReadOptions,
    options: Options,
    tally: Tally,
    commit_every: int = COMMIT_EVERY,
) -> None:
    """Read, drop what is stored, extract the rest and commit it batch by batch."""
    items = read_inputs(sources, reading)
    fresh = new_articles(store, checked(items, tally), tally)
    first = next(fresh, None)
    if first is None:
        return
    pipeline = build_pipeline(options)
    with Bar(estimate(sources)) as bar:
        pending: deque[Article] = deque()
        batch: list[tuple[Article, Document]] = []
        for document in pipeline.extract_many(remember(chain([first], fresh), pending)):
            batch.append((pending.popleft(), document))
            if len(batch) >= commit_every:
                commit(store, batch, tally)
                bar.advance(len(batch))
                batch = []
        if batch:
            commit(store, batch, tally)
            bar.advance(len(batch))


def checked(items: Iterable[Article | Skipped], tally: Tally) -> Iterator[Article]:
    """Articles of the stream; skips and non-English texts are counted and reported."""
    for item in items:
        if isinstance(item, Skipped):
            tally.skip(REASONS.get(item.code or "", item.code or "other"), item.message)
        elif not looks_english(item.text):
            tally.skip("not English", f"{item.id}: not English text")
        else:
            tally.read += 1
            yield item


def new_articles(store: Store, articles: Iterator[Article], tally: Tally) -> Iterator[Article]:
    """The articles neither stored before nor seen earlier in this run."""
    seen: set[str] = set()
    while chunk := list(islice(articles, LOOKUP_EVERY)):
        known = store.known(a.id for a in chunk)
        for article in chunk:
            if article.id in known or article.id in seen:
                tally.skip("duplicate")
            else:
                seen.add(article.id)
                yield article


def remember(articles: Iterator[Article], pending: deque[Article]) -> Iterator[Article]:
    """Pass articles on, keeping each until its Document comes back: `nlp.pipe` keeps
    input order, so the oldest pending article belongs to the next Document."""
    for article in articles:
        pending.append(article)
        yield article


def commit(store: Store, batch: list[tuple[Article, Document]], tally: Tally) -> None:
    added = store.add(batch)
    tally.stored["articles"] += added
    if added < len(batch):  # stored meanwhile by another run
        tally.skipped["duplicate"] += len(batch) - added
    for _, document in batch:
        tally.stored["events"] += len(document.events)
        tally.stored["figures"] += len(document.figures)
        tally.stored["quotes"] += len(document.quotes)


def estimate(sources: list[str]) -> int | None:
    """How many articles the sources hold, for the ETA, when counting is cheap (files:
    a line a JSONL record, a row a CSV record); None for URLs, feeds and stdin."""
    total = 0
    for source in sources:
        path = Path(source)
        if "://" in source or source == "-" or not path.exists():
            return None
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            suffix = file.suffix.lower()
            if suffix in (".jsonl", ".csv"):
                with file.open("rb") as handle:
                    lines = sum(1 for line in handle if line.strip())
                total += lines - (suffix == ".csv")
            elif suffix in (".txt", ".html", ".htm"):
                total += 1
    return total


class Bar:
    """A Rich progress bar on stderr with articles/s and ETA; silent when stderr is not
    a terminal (logs and pipes get the summary only)."""

    def __init__(self, total: int | None) -> None:
        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=not console.is_terminal,
        )
        self.task = self.progress.add_task("ingest", total=total, rate="")

    def advance(self, n: int) -> None:
        self.progress.advance(self.task, n)
        speed = self.progress.tasks[0].speed
        self.progress.update(self.task, rate=f"{speed:.1f} articles/s" if speed else "")

    def __enter__(self) -> Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def summarize(tally: Tally) -> None:
    """The closing table: read, skipped by reason, stored."""
    table = Table(title="ingest summary", show_header=False, box=None)
    table.add_row("articles read", f"{tally.read:,}")
    for reason, n in sorted(tally.skipped.items()):
        table.add_row(f"skipped: {reason}", f"{n:,}")
    for what in ("articles", "events", "figures", "quotes"):
        table.add_row(f"stored {what}", f"{tally.stored[what]:,}")
    Console(file=tally.stream, width=80).print(table)
