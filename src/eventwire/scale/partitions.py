"""Partitions: the inputs of one `eventwire ingest` cut into pieces a Dask task can read.

A partition is read by a worker exactly as the single-process run reads the same
input, through `read.py`'s own readers, so both paths give the same articles, ids and
skips (`file:line` included). Decisions:

- A JSONL or CSV file larger than the partition size is cut into byte ranges that end
  on record boundaries: for JSONL every line end, for CSV the end of a record as
  Python's csv reader (strict, as `read.py` reads it) sees it, so a quoted text with
  line breaks is never cut. The cutting pass reads the file once, sequentially, on the
  driver (about a second per GB), which also counts lines so that a worker can name a
  record by its line in the whole file. A CSV range is read with the file's header
  replayed before it. A CSV file whose header lacks the text column, or that has a
  quoting error before its first cut, is one partition: it skips as a whole, as it does
  in one process.
- Every other input (text and HTML files, small JSONL/CSV files, feed files, URLs) is
  read whole by `inputs.read_inputs`; small files are grouped up to the partition size, a
  URL (a page or a whole feed) is a partition of its own. A directory stands for its
  files, listed as `read.py` lists them (sorted, recursive, hidden ones passed over).
- stdin cannot be split: it exists only on the driver (E101).
- A partition's `name` is a hash of what it covers, the same in every run over the same
  files, so a re-run can tell the partitions it has written (the Parquet lake's
  manifests) from those it has not.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ..errors import Errors, EventwireError, ReadError
from ..inputs import read_inputs
from ..read import (
    CSV_SUFFIXES,
    FEED_SUFFIXES,
    JSONL_SUFFIXES,
    STDIN,
    SUPPORTED_SUFFIXES,
    Item,
    ReadOptions,
    Skipped,
    is_url,
    read_csv_stream,
    read_jsonl_stream,
)
from ..records import Article
from ..urls import UrlPolicy

MIN_SIZE = 4 * 1024
MAX_SIZE = 32 * 1024 * 1024
"""Bounds of the automatic partition size in bytes: a 32 MB range (about 8,000 news
articles) is read into a worker's memory at once and takes a worker half an hour."""
PER_WORKER = 4
"""Partitions per worker thread at least, so that a slow partition does not leave the
other workers idle at the end of a run."""
READ_CHUNK = 1024 * 1024
"""Bytes read at a time by the cutting pass (a longer line is read in several)."""
STAND_IN = b"(a feed item, fetched by its own task)"
"""The text `ItemNoter` answers a feed item's link with."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed, as the feed gives it: the link of its article, and the date
    (ISO) and title the item carries, for a page that has none of its own."""

    link: str
    published: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Partition:
    """What one task reads: whole inputs (`sources`), a byte range of one JSONL/CSV file,
    or one feed item (`item`).

    For a range: `path`, `start` and `end` (bytes), `line` (the number of its first line
    in the file) and, for CSV, `header` (bytes of the header at the file's start) and
    `header_lines` (lines it spans)."""

    sources: tuple[str, ...] = ()
    path: str | None = None
    start: int = 0
    end: int = 0
    line: int = 1
    header: int = 0
    header_lines: int = 0
    item: FeedItem | None = None

    @property
    def name(self) -> str:
        """A stable name, `part-` and 16 hex digits of a hash of what the partition covers."""
        key = json.dumps(asdict(self), sort_keys=True).encode()
        return "part-" + hashlib.sha1(key).hexdigest()[:16]

    @property
    def label(self) -> str:
        """How messages name it: `file` or `file:line+` for a range, else its first input."""
        if self.item is not None:
            return self.item.link
        if self.path is not None:
            return f"{self.path}:{self.line}+"
        more = f" (+{len(self.sources) - 1} more)" if len(self.sources) > 1 else ""
        return f"{self.sources[0]}{more}" if self.sources else "(nothing)"


def auto_size(sources: Iterable[str], threads: int) -> int:
    """Partition size for this many worker threads: at least PER_WORKER partitions each,
    within MIN_SIZE..MAX_SIZE."""
    total = sum(size for _, size in _files(sources))
    return max(MIN_SIZE, min(MAX_SIZE, total // max(1, PER_WORKER * threads)))


def make_partitions(
    sources: Iterable[str], reading: ReadOptions | None = None, size: int = MAX_SIZE
) -> list[Partition]:
    """The partitions of the inputs, in input order. Raises EventwireError for stdin."""
    reading = reading or ReadOptions()
    partitions: list[Partition] = []
    group: list[str] = []
    grouped = 0

    def flush() -> None:
        nonlocal group, grouped
        if group:
            partitions.append(Partition(sources=tuple(group)))
        group, grouped = [], 0

    for source, file_size in _files(sources):
        suffix = Path(source).suffix.lower()
        if file_size > size and suffix in JSONL_SUFFIXES | CSV_SUFFIXES:
            flush()
            if suffix in JSONL_SUFFIXES:
                partitions += jsonl_ranges(Path(source), size)
            else:
                partitions += csv_ranges(Path(source), size, reading)
            continue
        if splits(Partition(sources=(source,))):
            flush()
            partitions.append(Partition(sources=(source,)))
            continue
        if group and grouped + file_size > size:
            flush()
        group.append(source)
        grouped += file_size
    flush()
    return partitions


def _files(sources: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Every input as (spec, bytes): directories expanded as `read.py` expands them;
    URLs, missing paths and empty directories stand for themselves (size 0), so that
    reading them gives the same skip as in one process."""
    for source in sources:
        source = str(source)
        if source == STDIN:
            raise EventwireError(Errors.E101)
        if is_url(source):
            yield source, 0
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUPPORTED_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                yield source, 0
            for file in files:
                yield str(file), file.stat().st_size
            continue
        try:
            yield source, path.stat().st_size if path.is_file() else 0
        except OSError:
            yield source, 0


def jsonl_ranges(path: Path, size: int) -> list[Partition]:
    """Byte ranges of about `size` bytes ending at line ends."""
    partitions: list[Partition] = []
    start = position = 0
    line = lines = 1
    with path.open("rb") as handle:
        while chunk := handle.readline(READ_CHUNK):
            position += len(chunk)
            if not chunk.endswith(b"\n"):
                continue  # the rest of a long line, or the file's last line
            lines += 1
            if position - start >= size:
                partitions.append(Partition(path=str(path), start=start, end=position, line=line))
                start, line = position, lines
    if position > start or not partitions:
        partitions.append(Partition(path=str(path), start=start, end=position, line=line))
    return partitions


def csv_ranges(path: Path, size: int, reading: ReadOptions) -> list[Partition]:
    """Byte ranges of about `size` bytes ending at record ends, each read after the
    header; one whole-file partition when the header cannot be used."""
    whole = [Partition(sources=(str(path),))]
    with path.open("rb") as handle:
        consumed = 0
        first = True

        def lines() -> Iterator[str]:
            nonlocal consumed, first
            for raw in handle:
                consumed += len(raw)
                if first:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                    first = False
                yield raw.decode("utf-8", "surrogateescape")

        reader = csv.reader(lines(), strict=True)
        try:
            header = next((row for row in reader if any(c.strip() for c in row)), None)
        except csv.Error:
            return whole
        if header is None or reading.text_column not in {name.strip() for name in header}:
            return whole
        header_end, header_lines = consumed, reader.line_num
        partitions: list[Partition] = []
        start, line = header_end, header_lines + 1
        try:
            for _ in reader:
                if consumed - start >= size:
                    partitions.append(
                        Partition(
                            path=str(path),
                            start=start,
                            end=consumed,
                            line=line,
                            header=header_end,
                            header_lines=header_lines,
                        )  # fmt: skip
                    )
                    start, line = consumed, reader.line_num + 1
        except csv.Error:
            consumed = path.stat().st_size  # a broken record: the rest is one partition
        end = max(consumed, path.stat().st_size)
    if end > start or not partitions:
        partitions.append(
            Partition(
                path=str(path),
                start=start,
                end=end,
                line=line,
                header=header_end,
                header_lines=header_lines,
            )  # fmt: skip
        )
    return partitions


def splits(partition: Partition) -> bool:
    """Whether a partition is one URL or one feed file: its task may turn out to hold a
    feed, which `split_feed` splits into one partition per item."""
    if partition.path is not None or partition.item is not None or len(partition.sources) != 1:
        return False
    source = partition.sources[0]
    path = Path(source)
    return is_url(source) or (path.suffix.lower() in FEED_SUFFIXES and path.is_file())


def split_feed(
    partition: Partition, reading: ReadOptions | None = None
) -> tuple[list[Item], list[Partition]]:
    """A URL's or feed file's items: its article and skips, and the partitions of its
    feed's items (none unless it is a feed). The URL is fetched once; a feed's item
    pages are left to the tasks of their partitions."""
    from ..fetch import read_feed, read_feed_file, read_url

    reading = reading or ReadOptions()
    source = partition.sources[0]
    if is_url(source):
        noter = ItemNoter(shared_fetcher(reading.url_policy))
        reader = (read_feed if reading.feed else read_url)(source, reading, noter)  # type: ignore[arg-type]
    else:
        noter = ItemNoter(None)
        reader = read_feed_file(Path(source), reading, noter)  # type: ignore[arg-type]
    items: list[Item] = []
    more: list[Partition] = []
    for item in reader:
        if isinstance(item, Article) and item.where in noter.links:
            published = item.published.isoformat() if item.published else None
            feed_item = Partition(
                item=FeedItem(link=item.where, published=published, title=item.title)
            )
            if feed_item not in more:  # an item listed twice is one partition (one task key)
                more.append(feed_item)
        else:
            items.append(item)
    return items, more


class ItemNoter:
    """Stands in for a `fetch.Fetcher` while a feed is split: the feed itself (a URL's
    first fetch) goes to the real fetcher; asked for an item's link, it notes it and
    answers with a stand-in page. So the feed's own rules (relative links resolved, the
    item's date and title, an item without a link skipped) decide the items, as in one
    process, while their pages are fetched later by the tasks of their partitions."""

    def __init__(self, fetcher: object | None) -> None:
        self.fetcher = fetcher
        self.links: set[str] = set()

    def fetch(self, url: str, options: ReadOptions, kind: str | None = None) -> object:
        from ..fetch import TEXT, Page

        if self.fetcher is not None:
            fetcher, self.fetcher = self.fetcher, None
            return fetcher.fetch(url, options, kind)  # type: ignore[attr-defined]
        self.links.add(url)
        return Page(url=url, kind=TEXT, content_type="text/plain", charset="utf-8", body=STAND_IN)


def read_item(item: FeedItem, reading: ReadOptions) -> Item:
    """A feed item's article, as `fetch.py` reads it in one process: the page at its
    link, dated and titled by the item when the page is not."""
    from ..fetch import page_article

    published = dt.date.fromisoformat(item.published) if item.published else None
    options = replace(reading, published=published)
    try:
        page = shared_fetcher(reading.url_policy).fetch(item.link, options)
        article = page_article(page, item.link, options)
    except ReadError as err:
        return Skipped(item.link, str(err))
    if article.title is None and item.title:
        article = article.model_copy(update={"title": item.title})
    return article


_fetchers = threading.local()


def shared_fetcher(policy: UrlPolicy | None) -> object:
    """One `fetch.Fetcher` per worker thread and URL policy, kept for the process's
    life: robots.txt is read once per origin, the per-host delay holds between tasks."""
    from ..fetch import Fetcher

    held = getattr(_fetchers, "by_policy", None)
    if held is None:
        held = _fetchers.by_policy = {}
    if policy not in held:
        held[policy] = Fetcher(policy)
    return held[policy]


def read_partition(partition: Partition, reading: ReadOptions | None = None) -> Iterator[Item]:
    """Articles and skips of one partition, as the single-process run reads them (a
    feed whole, with its items; `split_feed` splits it)."""
    reading = reading or ReadOptions()
    if partition.item is not None:
        yield read_item(partition.item, reading)
        return
    if partition.path is None:
        yield from read_inputs(list(partition.sources), reading)
        return
    path = Path(partition.path)
    try:
        with path.open("rb") as handle:
            head = handle.read(partition.header) if partition.header else b""
            handle.seek(partition.start)
            body = handle.read(partition.end - partition.start)
    except OSError as err:
        yield Skipped(str(path), Errors.E020.format(where=path, reason=err.strerror or str(err)))
        return
    if path.suffix.lower() in CSV_SUFFIXES:
        items = read_csv_stream(io.BytesIO(head + body), str(path), reading)
        shift = partition.line - partition.header_lines - 1
    else:
        items = read_jsonl_stream(io.BytesIO(body), str(path), reading)
        shift = partition.line - 1
    for item in items:
        if isinstance(item, Skipped) and item.where == str(path) and "[E011]" in item.message:
            continue  # a range of blank lines; the file as a whole is not empty
        yield relabel(item, str(path), shift)


def relabel(item: Item, path: str, shift: int) -> Item:
    """The item with its `path:line` moved by `shift` lines: the readers number the
    lines of the range they were given, messages name the line in the whole file."""
    where = item.where or ""
    number = where.removeprefix(f"{path}:")
    if shift == 0 or number == where or not number.isdigit():
        return item
    moved = f"{path}:{int(number) + shift}"
    if isinstance(item, Skipped):
        return Skipped(moved, item.message.replace(where, moved, 1))
    return item.model_copy(update={"where": moved})
