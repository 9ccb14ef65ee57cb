"""What a Dask worker does: load the pipeline once, then ingest partition after partition.

A worker runs the single-process ingest's own code on its partition: `read_partition`
reads it with `read.py`'s readers, `cli.ingest.store_items` drops what the store holds,
extracts the rest through `Pipeline.process` (`nlp.pipe`) and commits it a batch at a
time with insert-or-skip, exactly as `eventwire ingest` without a cluster does. So a
partition run twice (a retry after a worker died, a re-run after a crash) stores
nothing twice and extracts only what is missing.

For a lake (`--out`), the partition's Documents are written by `lake.write_partition`
once the whole partition is extracted.

A URL or feed file's task that finds a feed stores nothing itself: it sends the feed's
items back as partitions of their own (`Outcome.more`), which the driver submits.
"""

from __future__ import annotations

import io
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from distributed.diagnostics.plugin import WorkerPlugin

from .. import load
from ..cli import ingest
from ..core import Failed
from ..errors import Errors, one_line
from ..lake import Failure, write_partition
from ..read import ReadOptions, Skipped
from ..records import Article, Document
from ..settings import Options
from ..store import Store
from .partitions import Partition, read_partition, split_feed, splits

log = logging.getLogger(__name__)

WORKER_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "RAYON_NUM_THREADS": "1",
}
"""One thread per worker process for every library that would start a pool of its own
(BLAS under numpy and thinc, the tokenizers' Rayon pool): the worker processes, one per
core, are the parallelism, and two pools on one core only take turns. Set for the
workers eventwire starts (LocalCluster), and by the plugin where not set already."""


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline when a worker starts (or joins, or is restarted after a crash),
    so that no task pays for it; `eventwire.load` keeps it for the worker's life."""

    name = "eventwire-pipeline"

    def __init__(self, options: Options) -> None:
        self.options = options

    def setup(self, worker: object) -> None:
        for name, value in WORKER_ENV.items():  # before the pools start (see WORKER_ENV)
            os.environ.setdefault(name, value)
        load(self.options)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a partition's output goes: a store URL (PostgreSQL), or a lake (`out`)."""

    db: str | None = None
    out: str | None = None
    commit_every: int = ingest.COMMIT_EVERY
    retry_failed: bool = False


@dataclass
class Outcome:
    """What one partition did, sent back to the driver for its summary."""

    partition: str
    read: int = 0
    done: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    stored: dict[str, int] = field(default_factory=dict)
    messages: str = ""
    more: list[Partition] = field(default_factory=list)
    """The partitions of a feed's items, for the driver to submit (`split_feed`)."""


@lru_cache(maxsize=4)
def worker_store(url: str) -> Store:
    """One open store (its connection pool) per worker process and database."""
    return Store.open(url)


def ingest_partition(
    partition: Partition, reading: ReadOptions, options: Options, target: Target
) -> Outcome:
    """Read, extract and store one partition; the Dask task."""
    tally = ingest.Tally(io.StringIO())
    more: list[Partition] = []
    items: Iterable[Article | Skipped]
    if splits(partition):
        items, more = split_feed(partition, reading)
    else:
        items = read_partition(partition, reading)
    if target.out is not None and more:
        for _ in ingest.checked(items, tally):  # a feed's own skips; no manifest: a re-run
            pass  # splits the feed again and runs the items the lake lacks
    elif target.out is not None:
        to_lake(partition, items, options, target, tally)
    else:
        store = worker_store(target.db or "")
        ingest.store_items(store, items, options, tally, target.commit_every, target.retry_failed)
    return Outcome(
        partition=partition.name,
        more=more,
        read=tally.read,
        done=tally.done,
        skipped=dict(tally.skipped),
        stored=dict(tally.stored),
        messages=tally.stream.getvalue(),
    )


def to_lake(
    partition: Partition,
    items: Iterable[Article | Skipped],
    options: Options,
    target: Target,
    tally: ingest.Tally,
) -> None:
    """Extract a partition and write it to the lake, each id once within the partition."""
    seen: set[str] = set()

    def fresh() -> Iterator[Article]:
        for article in ingest.checked(items, tally):
            if article.id in seen:
                tally.skip("duplicate")
                continue
            seen.add(article.id)
            yield article

    pending: deque[Article] = deque()
    pairs: list[tuple[Article, Document]] = []
    failures: list[Failure] = []
    for result in load(options).process(ingest.remember(fresh(), pending)):
        article = pending.popleft()
        if isinstance(result, Failed):
            log.debug("%s", result.message, exc_info=result.error)
            tally.skip(ingest.REASONS["E080"], result.message)
            failures.append(Failure(article.id, article.where, result.message))
            continue
        pairs.append((article, result))
    about = {"label": partition.label, "sources": list(partition.sources)}
    manifest = write_partition(target.out or "", partition.name, pairs, failures, about)
    tally.stored["articles"] += manifest["articles"]
    for kind in ("events", "figures", "quotes"):
        tally.stored[kind] += manifest[kind]


def partition_failed(partition: Partition, tries: int, error: BaseException) -> str:
    """The coded one-line message for a partition Dask gave up on."""
    return Errors.E103.format(where=partition.label, tries=tries, reason=one_line(error))
