"""eventwire on Dask, for notebooks and for `eventwire ingest --cluster`.

    >>> from distributed import Client
    >>> import eventwire.dask as ewd
    >>> client = Client("tcp://scheduler:8786")          # or Client() for a local one
    >>> docs = ewd.extract_bag(["news/2024/", "big.jsonl"])  # a dask Bag of output records
    >>> docs.filter(lambda d: d["events"]).count().compute()
    >>> frame = ewd.map_partitions(df, text="body")     # a dask DataFrame of text rows in,
    >>> frame.events.sum().compute()                     # the lake's article rows out

Each worker process loads the pipeline once (`eventwire.load` keeps it; the ingest
driver installs `PipelinePlugin` so that it loads as the worker starts) and runs the
same `Pipeline.process` as the command line. Use workers with one thread each
(`LocalCluster(threads_per_worker=1)`, `dask worker --nthreads 1`): a spaCy pipeline is
not shared across threads, and one process per core is what scales.

An article the pipeline fails on is logged (E080) and left out of the results, as in
`eventwire extract`; `eventwire ingest` also remembers it in the store.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

try:
    import dask.bag as db
    from distributed import get_client
except ImportError as err:  # the `dask` extra is optional
    from .errors import Errors

    raise ImportError(Errors.E104) from err

from . import lake, load
from .core import Failed
from .errors import ReadError
from .language import looks_english
from .read import ReadOptions, Skipped, article_from_record
from .records import Article, Document
from .scale import (
    Partition,
    PipelinePlugin,
    Target,
    ingest_on_cluster,
    ingest_partition,
    make_partitions,
    read_partition,
)
from .settings import Options

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

__all__ = [
    "Partition",
    "PipelinePlugin",
    "Target",
    "extract_bag",
    "extract_records",
    "ingest_on_cluster",
    "ingest_partition",
    "make_partitions",
    "map_partitions",
    "read_partition",
]

log = logging.getLogger(__name__)

FIELDS = ("id", "text", "published", "title", "url", "source")
"""The article fields a record or a data frame row may carry (DESIGN.md's JSONL input)."""
DEFAULT_THREADS = 8
"""Worker threads assumed for partition sizes when no Dask client is running."""


def extract_bag(
    bag_or_paths: db.Bag | str | Sequence[str],
    options: Options | None = None,
    reading: ReadOptions | None = None,
    partition_size: int | None = None,
) -> db.Bag:
    """A dask Bag of output records (`Document.to_dict()`, the contract of DESIGN.md).

    `bag_or_paths` is a Bag of texts, of JSONL-style records (`{"id", "text",
    "published"?, ...}`) or of `Article`s; or paths as `eventwire ingest` takes them
    (files, directories, URLs), partitioned as the ingest driver does."""
    options = options or Options()
    reading = reading or ReadOptions(max_chars=options.max_chars)
    if isinstance(bag_or_paths, db.Bag):
        return bag_or_paths.map_partitions(_extract_items, options, reading)
    paths = [bag_or_paths] if isinstance(bag_or_paths, str) else [str(p) for p in bag_or_paths]
    size = partition_size or _auto_size(paths)
    partitions = make_partitions(paths, reading, size)
    bag = db.from_sequence(partitions, npartitions=max(1, len(partitions)))
    return bag.map_partitions(_extract_partitions, options, reading)


def extract_records(
    records: Iterable[str | dict | Article], options: Options, reading: ReadOptions
) -> Iterator[tuple[Article, Document]]:
    """(Article, Document) for every record the pipeline could extract, in order; a
    record that is no article, or that fails, is logged and left out."""
    yield from _extract(_articles(records, reading), options)


def map_partitions(
    frame: dd.DataFrame,
    text: str = "text",
    id: str | None = "id",
    published: str | None = "published",
    title: str | None = "title",
    url: str | None = "url",
    source: str | None = "source",
    rows: Literal["articles", "events"] = "articles",
    options: Options | None = None,
    reading: ReadOptions | None = None,
) -> dd.DataFrame:
    """A dask DataFrame of the lake's rows (`lake.ARTICLE_SCHEMA`, one row per article,
    the Document as JSON in `document`; or with rows="events", `export.SCHEMA`, one row
    per event) for a dask DataFrame with a text column. Column names default to the
    JSONL field names; a column that is absent (or named None) is not read."""
    options = options or Options()
    reading = reading or ReadOptions(max_chars=options.max_chars)
    names = {"text": text, "id": id, "published": published, "title": title,
             "url": url, "source": source}  # fmt: skip
    columns = {field: name for field, name in names.items() if name and name in frame.columns}
    if "text" not in columns:
        raise ValueError(f"no text column {text!r} in {list(frame.columns)}")
    meta = _frame([], rows)
    return frame.map_partitions(_extract_frame, columns, rows, options, reading, meta=meta)


# -- run on the workers -------------------------------------------------------------------


def _extract_items(items: Iterable[Any], options: Options, reading: ReadOptions) -> list[dict]:
    return [document.to_dict() for _, document in extract_records(items, options, reading)]


def _extract_partitions(
    partitions: Iterable[Partition], options: Options, reading: ReadOptions
) -> list[dict]:
    found: list[dict] = []
    for partition in partitions:
        items = read_partition(partition, reading)
        found += [document.to_dict() for _, document in extract_records(items, options, reading)]
    return found


def _extract_frame(
    part: pd.DataFrame,
    columns: dict[str, str],
    rows: str,
    options: Options,
    reading: ReadOptions,
) -> pd.DataFrame:
    records = (
        {field: _cell(row[name]) for field, name in columns.items()}
        for row in part.to_dict("records")
    )
    return _frame(list(extract_records(records, options, reading)), rows)


def _frame(pairs: list[tuple[Article, Document]], rows: str) -> pd.DataFrame:
    if rows == "events":
        return lake.event_table(d for _, d in pairs).to_pandas()
    return lake.article_table(pairs).to_pandas()


def _cell(value: object) -> object:
    """A data frame cell as a JSONL field: missing values are None, dates ISO strings."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):  # pandas' Timestamp too
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if type(value).__name__ == "NAType":
        return None
    return value


def _articles(
    records: Iterable[str | dict | Article | Skipped], reading: ReadOptions
) -> Iterator[Article]:
    """Articles of the records, as `eventwire ingest` keeps them: a record that is no
    article, and a text that is not English, are logged and left out."""
    for n, record in enumerate(records):
        where = f"record {n}"
        if isinstance(record, Skipped):
            log.warning("%s", record.message)
            continue
        try:
            if isinstance(record, Article):
                article = record
            elif isinstance(record, str):
                article = article_from_record({"text": record}, where, reading)
            else:
                article = article_from_record(dict(record), where, reading)
        except ReadError as err:
            log.warning("%s", err)
            continue
        if not looks_english(article.text):
            log.warning("%s: not English text, skipped", article.where or article.id)
            continue
        yield article


def _extract(articles: Iterable[Article], options: Options) -> Iterator[tuple[Article, Document]]:
    pipeline = load(options)
    held: list[Article] = []

    def remembered() -> Iterator[Article]:
        for article in articles:
            held.append(article)
            yield article

    for result in pipeline.process(remembered()):
        article = held.pop(0)
        if isinstance(result, Failed):
            log.warning("%s", result.message)
            continue
        yield article, result


def _auto_size(paths: list[str]) -> int:
    from .scale.partitions import auto_size

    try:
        threads = sum(get_client().nthreads().values())
    except ValueError:  # no client: the bag may run on the threaded scheduler
        threads = DEFAULT_THREADS
    return auto_size(paths, threads)
