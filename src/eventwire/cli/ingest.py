"""`eventwire ingest`: sources in, every article's layers stored, once.

The run is one stream: readers yield articles lazily; articles already in the store
(or seen earlier in the run) are counted as duplicates and never extracted again;
the rest go through the pipeline (`nlp.pipe`, worker processes with --workers) and
are committed a batch at a time, each batch in one transaction. A run killed at any
point leaves whole articles only, and the same command run again picks up where it
stopped: what was committed is a duplicate, the rest is extracted.

One article never stops the run: an exception while reading, extracting or storing it
makes it a coded skip (file:line, id, the exception in one line; the traceback with
--debug), and the store remembers it in its `failures` table, so the next run skips it
(E081) instead of failing on the same poison record forever; --retry-failed tries again.

Exit status: 0 when every input was read (duplicates are no failure); 1 when anything
was skipped for another reason, when nothing could be read, or when the store failed;
2 for usage errors.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import stat
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
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
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from .. import logs
from ..core import Failed
from ..errors import Errors, EventwireError, SettingsError, one_line
from ..inputs import read_inputs
from ..language import looks_english
from ..read import (
    CSV_SUFFIXES,
    FEED_SUFFIXES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    ReadOptions,
    Skipped,
)
from ..records import Article, Document
from ..settings import Options
from ..store import Store, StoreError, database_url, describe
from .extract import DEFAULTS, PROG, build_pipeline
from .options import (
    ActorsOption,
    AllowPrivateOption,
    DayfirstOption,
    DbOption,
    DebugOption,
    FastOption,
    IgnoreRobotsOption,
    MaxCharsOption,
    ModelOption,
    date_option,
    reading_options,
    setup_logging,
)

log = logging.getLogger(__name__)

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
    "E024": "unreadable",
    "E070": "refused URL",
    "E071": "refused URL",
    "E072": "unreachable",
    "E073": "disallowed by robots.txt",
    "E025": "malformed",
    "E080": "failed",
    "E081": "failed earlier",
    "E082": "failed",
}
"""Skip reasons by error code, for the summary; codes not listed count under their code."""
RECORD_BYTES = 4_000
"""About how many bytes one JSONL or CSV record of a news article takes, for the ETA."""
COUNT_CHUNK = 1 << 20
"""Bytes read at a time when counting a JSONL file's lines."""


class Stderr:
    """sys.stderr as it is at each write: while a progress bar is live, Rich has put a
    proxy there that prints above the bar instead of through it."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def isatty(self) -> bool:
        return sys.stderr.isatty()


@dataclass
class Tally:
    """What the run read, skipped (by reason) and stored, and how many input items it
    is done with (`done`: stored, failed or skipped), which drives the progress bar."""

    stream: TextIO
    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    stored: Counter[str] = field(default_factory=Counter)
    done: int = 0
    on_advance: Callable[[int], None] | None = None

    def skip(self, reason: str, message: str | None = None) -> None:
        self.skipped[reason] += 1
        if message is not None:
            logs.echo(f"skipped {message}", self.stream)

    def advance(self, n: int = 1) -> None:
        """`n` more input items are finished with."""
        self.done += n
        if self.on_advance is not None:
            self.on_advance(n)

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
    allow_private_urls: AllowPrivateOption = False,
    ignore_robots: IgnoreRobotsOption = False,
    dayfirst: DayfirstOption = False,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed",
            help="Try again the articles that failed in earlier runs (by default they "
            "are skipped).",
        ),
    ] = False,
    fast: FastOption = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            metavar="URL",
            help="Run on the Dask cluster of this scheduler (tcp://host:8786); needs "
            "--db postgresql://... or --out.",
        ),
    ] = None,
    dask_workers: Annotated[
        int | None,
        typer.Option(
            "--dask-workers",
            min=1,
            metavar="N",
            help="Run on a local Dask cluster of N worker processes.",
        ),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Write a Parquet lake here (a path or s3://... URI), hive-partitioned by "
            "publication month, instead of the store; runs on Dask.",
        ),
    ] = None,
    partition_size: Annotated[
        int | None,
        typer.Option(
            "--partition-size",
            min=1,
            metavar="BYTES",
            help="Bytes of input per Dask partition (default: 4 per worker, 4 KB-32 MB).",
        ),
    ] = None,
    no_link: Annotated[
        bool,
        typer.Option("--no-link", help="Do not link the new events into stories (eventwire link)."),
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Extract articles into the store (SQLite by default), each article once.

    Safe to run again on the same sources, or after an interrupted run: stored
    articles are skipped as duplicates. Ends with a summary of what was read, skipped
    (with reasons) and stored.
    """
    setup_logging(debug)
    published_date = date_option(published, "--published")
    try:
        options = Options(
            model=model,
            max_chars=max_chars,
            batch_size=batch_size,
            n_process=workers,
            actors_file=str(actors) if actors else None,
            learned=not fast,
        )
    except SettingsError as err:
        raise typer.BadParameter(str(err)) from None
    reading = reading_options(
        published_date,
        max_chars,
        timeout,
        feed,
        allow_private_urls,
        ignore_robots,
        dayfirst,
        text_col=text_col,
        date_col=date_col,
        id_col=id_col,
        title_col=title_col,
        url_col=url_col,
        source_col=source_col,
    )
    tally = Tally(Stderr())  # type: ignore[arg-type]
    scaled = cluster is not None or dask_workers is not None or out is not None
    if scaled:
        check_cluster_flags(sources, db, cluster, dask_workers, out)
    try:
        if scaled:
            started = dt.datetime.now(dt.UTC)
            run_on_dask(sources, reading, options, tally, db, cluster, dask_workers, out,
                        partition_size, commit_every, retry_failed)  # fmt: skip
            if out is None and not no_link:  # as below, once every partition is stored
                with Store.open(db) as store:
                    link_new(store, started, tally)
        else:
            with Store.open(db) as store:
                started = dt.datetime.now(dt.UTC)
                run(store, sources, reading, options, tally, commit_every, retry_failed)
                if not no_link:
                    link_new(store, started, tally)
    except EventwireError as err:
        logs.echo(str(err), tally.stream, logging.ERROR)
        summarize(tally)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        logs.echo("interrupted; what was committed stays stored", tally.stream, logging.ERROR)
        summarize(tally)
        raise typer.Exit(130) from None
    summarize(tally)
    raise typer.Exit(1 if tally.failed or not tally.read else 0)


def link_new(store: Store, started: dt.datetime, tally: Tally) -> None:
    """Link the events of the articles this run stored into stories (eventwire.stories)."""
    from ..stories import link

    result = link(store, ingested_since=started)
    tally.stored["mentions linked"] += result.linked
    tally.stored["stories started"] += result.new_stories


def check_cluster_flags(
    sources: list[str],
    db: str | None,
    cluster: str | None,
    dask_workers: int | None,
    out: str | None,
) -> None:
    """Usage errors of a Dask run (exit 2), before a cluster starts: one scheduler at a
    time, no stdin (only the driver has it), and no SQLite store, which takes one
    writer, where many workers would write."""
    message = None
    if "-" in sources:
        message = Errors.E101
    elif cluster is not None and dask_workers is not None:
        message = Errors.E105.format(flags="--cluster and --dask-workers")
    elif out is None:
        try:
            url = database_url(db)
        except StoreError as err:
            message = str(err)
        else:
            if url.get_backend_name() == "sqlite":
                message = Errors.E100.format(where=describe(url))
    if message:
        sys.stderr.write(f"{PROG}: {message}\n")
        raise typer.Exit(2)


def run_on_dask(
    sources: list[str],
    reading: ReadOptions,
    options: Options,
    tally: Tally,
    db: str | None,
    cluster: str | None,
    dask_workers: int | None,
    out: str | None,
    partition_size: int | None,
    commit_every: int,
    retry_failed: bool,
) -> None:
    """The same ingest on Dask (eventwire.scale): into the PostgreSQL store, or a lake."""
    try:
        from ..scale import Target, ingest_on_cluster
    except ImportError:
        raise EventwireError(Errors.E104) from None
    target = Target(db=None if out else db, out=out, commit_every=commit_every,
                    retry_failed=retry_failed)  # fmt: skip
    workers = dask_workers if cluster is None else None
    ingest_on_cluster(sources, reading, options, tally, target, cluster, workers, partition_size)


def run(
    store: Store,
    sources: list[str],
    reading: ReadOptions,
    options: Options,
    tally: Tally,
    commit_every: int = COMMIT_EVERY,
    retry_failed: bool = False,
) -> None:
    """Read, drop what is stored, extract the rest and commit it batch by batch."""
    items = read_inputs(sources, reading)
    store_items(
        store,
        items,
        options,
        tally,
        commit_every,
        retry_failed,
        lambda: Bar(estimate(sources), sources),
    )


def store_items(
    store: Store,
    items: Iterable[Article | Skipped],
    options: Options,
    tally: Tally,
    commit_every: int = COMMIT_EVERY,
    retry_failed: bool = False,
    progress: Callable[[], Bar | nullcontext] = nullcontext,
) -> None:
    """`run` for items already read: what a Dask worker does with its partition (no
    progress bar there; the driver's bar counts finished partitions)."""
    fresh = new_articles(store, checked(items, tally), tally, retry_failed)
    with progress() as bar:
        if bar:
            tally.on_advance = bar.advance
        try:
            first = next(fresh, None)
            if first is None:
                return
            log.info("loading the pipeline")
            if bar:
                bar.describe("loading model")
            pipeline = build_pipeline(options)
            if bar:
                bar.restart("ingesting")
            pending: deque[Article] = deque()
            batch: list[tuple[Article, Document]] = []
            for result in pipeline.process(remember(chain([first], fresh), pending)):
                article = pending.popleft()
                if isinstance(result, Failed):
                    fail(store, article, result.message, result.error, tally)
                else:
                    batch.append((article, result))
                tally.advance()
                if len(batch) >= commit_every:
                    commit(store, batch, tally)
                    batch = []
            if batch:
                commit(store, batch, tally)
        finally:
            tally.on_advance = None


def checked(items: Iterable[Article | Skipped], tally: Tally) -> Iterator[Article]:
    """Articles of the stream; skips and non-English texts are counted and reported."""
    for item in items:
        if isinstance(item, Skipped):
            tally.skip(REASONS.get(item.code or "", item.code or "other"), item.message)
            tally.advance()
        elif not looks_english(item.text):
            tally.skip("not English", f"{item.id}: not English text")
            tally.advance()
        else:
            tally.read += 1
            yield item


def new_articles(
    store: Store, articles: Iterator[Article], tally: Tally, retry_failed: bool = False
) -> Iterator[Article]:
    """The articles neither stored before nor seen earlier in this run, nor (unless
    retried) failed in an earlier run."""
    seen: set[str] = set()
    while chunk := list(islice(articles, LOOKUP_EVERY)):
        known = store.known(a.id for a in chunk)
        failed = set() if retry_failed else store.failed(a.id for a in chunk)
        for article in chunk:
            if article.id in known or article.id in seen:
                tally.skip("duplicate")
                tally.advance()
            elif article.id in failed:
                where = article.where or article.id
                tally.skip("failed earlier", Errors.E081.format(where=where, id=article.id))
                tally.advance()
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
    """Store a batch in one transaction; when the database refuses one article's rows,
    store the batch's articles one by one so only that one fails. Counts only what
    this run's own transactions inserted."""
    try:
        added = store.add(batch)
    except StoreError:
        raise  # the database itself (locked, full, read-only): the run must stop
    except Exception:
        added = []
        for article, document in batch:
            try:
                added += store.add([(article, document)])
            except StoreError:
                raise
            except Exception as err:
                where = article.where or article.id
                message = Errors.E082.format(where=where, id=article.id, reason=one_line(err))
                fail(store, article, message, err, tally)
                batch = [pair for pair in batch if pair[0] is not article]
    inserted = set(added)
    log.debug("committed %d articles, %d new", len(batch), len(inserted))
    tally.stored["articles"] += len(inserted)
    tally.skipped["duplicate"] += len(batch) - len(inserted)  # stored meanwhile by another run
    for _, document in batch:
        if document.id in inserted:
            tally.stored["events"] += len(document.events)
            tally.stored["figures"] += len(document.figures)
            tally.stored["quotes"] += len(document.quotes)


def fail(store: Store, article: Article, message: str, error: BaseException, tally: Tally) -> None:
    """Report an article that failed and remember it in the store."""
    log.debug("%s", message, exc_info=error)
    tally.skip(REASONS["E080"], message)
    store.fail(article.id, article.where, message)


def estimate(sources: list[str]) -> int | None:
    """About how many articles the sources hold, for the ETA, from file sizes alone:
    counting records would read every file before the run starts (a 1 GB line, a FIFO
    or an unreadable file included). A text or HTML file is one article, a JSONL or
    CSV file one per RECORD_BYTES. None for URLs, feeds and stdin."""
    total = 0
    for source in sources:
        if "://" in source or source == "-":
            return None
        path = Path(source)
        try:
            files = path.rglob("*") if path.is_dir() else [path]
            for file in files:
                info = file.stat()
                if not stat.S_ISREG(info.st_mode):
                    continue
                suffix = file.suffix.lower()
                if suffix in JSONL_SUFFIXES | CSV_SUFFIXES:
                    total += max(1, info.st_size // RECORD_BYTES)
                elif suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
                    total += 1
        except OSError:
            continue
    return total or None


def count_records(sources: list[str]) -> int | None:
    """How many input items the sources hold, counted (for the bar's total, in a
    background thread while the run goes on): a JSONL file's non-blank lines, a CSV
    file's records, one per text or HTML file, directories as `read` walks them
    (hidden files left out). None when a source cannot be counted: a URL, stdin, a
    feed. Only regular files are opened: a FIFO would block."""
    total = 0
    for source in sources:
        if "://" in source or source == "-":
            return None
        path = Path(source)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUPPORTED_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.suffix.lower() in FEED_SUFFIXES:
            return None
        else:
            files = [path]
        for file in files:
            total += count_file(file)
    return total


def count_file(path: Path) -> int:
    """Items in one file: records of a JSONL or CSV file, else 1 (a skip is an item too)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return 1
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            return count_lines(path)
        if suffix in CSV_SUFFIXES:
            with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                return max(0, sum(1 for _ in csv.reader(handle)) - 1)
    except (OSError, csv.Error):
        return 1
    return 1


def count_lines(path: Path) -> int:
    """Lines with something on them (as the JSONL reader skips blank ones), read a
    megabyte at a time: a file of one 1 GB line is never held whole."""
    lines = 0
    started = False  # the line being read has a non-blank character
    with path.open("rb") as handle:
        while chunk := handle.read(COUNT_CHUNK):
            *ended, rest = chunk.split(b"\n")
            for line in ended:
                lines += started or bool(line.strip())
                started = False
            started = started or bool(rest.strip())
    return lines + started


class RateColumn(ProgressColumn):
    """Articles per second over the last half minute (Rich's estimate)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} articles/s" if speed else "- articles/s", style="cyan")


class Bar:
    """A Rich progress bar on stderr that advances per article, with articles/s and
    ETA. Its total starts as `estimate`'s guess from file sizes; given `sources`, a
    background thread counts their records and puts the exact total in. Silent when
    stderr is not a terminal or with -q: a pipe or a log gets no escape codes, only the
    summary."""

    def __init__(
        self, total: int | None, sources: list[str] | None = None, console: Console | None = None
    ) -> None:
        console = console or logs.stderr_console()
        self.enabled = console.is_terminal and not logs.is_quiet()
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=not self.enabled,
        )
        self.task = self.progress.add_task("ingesting", total=total)
        self.sources = sources if self.enabled else None

    def advance(self, n: int) -> None:
        self.progress.advance(self.task, n)
        task = self.progress.tasks[0]
        if task.total is not None and task.completed > task.total:
            self.progress.update(self.task, total=task.completed)  # the estimate was low

    def describe(self, what: str) -> None:
        self.progress.update(self.task, description=what)

    def restart(self, what: str) -> None:
        """Start the clock again (the rate and ETA) keeping the count: after the model
        has loaded, so its seconds do not weigh on articles/s."""
        task = self.progress.tasks[0]
        self.progress.reset(
            self.task, total=task.total, completed=int(task.completed), description=what
        )

    def set_total(self, total: int | None) -> None:
        if total is not None:
            completed = self.progress.tasks[0].completed
            self.progress.update(self.task, total=max(total, completed))

    @property
    def completed(self) -> float:
        return self.progress.tasks[0].completed

    def __enter__(self) -> Bar:
        self.progress.start()
        if self.sources:
            sources = self.sources
            threading.Thread(
                target=lambda: self.set_total(count_records(sources)),
                name="eventwire-count",
                daemon=True,
            ).start()
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
    for what in ("mentions linked", "stories started"):
        if what in tally.stored:
            table.add_row(what, f"{tally.stored[what]:,}")
    if logs.is_quiet():
        return
    Console(file=tally.stream, width=80).print(table)
