"""The driver of `eventwire ingest --cluster URL | --dask-workers N`: partitions out,
outcomes back.

The driver cuts the inputs into partitions (`partitions.py`), connects to a scheduler
(or starts a LocalCluster of N single-threaded worker processes), prints the dashboard
link, installs the pipeline on every worker (`PipelinePlugin`), submits one task per
partition and, as partitions finish, feeds the progress bar and the run's summary.

Faults, and why nothing is lost or stored twice:
- a task that raises is retried (`RETRIES` times) by Dask; a worker that dies (killed,
  out of memory) has its tasks moved to another worker by the scheduler, up to
  `distributed.scheduler.allowed-failures` times (3 by default);
- a retried partition re-reads its input and stores only what is missing: the store
  skips the ids it holds (insert-or-skip, each batch one transaction), the lake
  rewrites the partition's own files;
- a partition that still fails is one coded skip (E103) and the run goes on; the next
  run of the same command completes it, since the store (or the lake's manifests)
  says what is done.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from distributed import Client, LocalCluster, as_completed

from ..cli.extract import PROG
from ..cli.ingest import Bar, Tally, estimate
from ..errors import Errors, EventwireError, one_line
from ..lake import manifests
from ..read import ReadOptions
from ..settings import Options
from ..store import Store
from .partitions import Partition, auto_size, make_partitions
from .work import Outcome, PipelinePlugin, Target, ingest_partition, partition_failed

log = logging.getLogger(__name__)

RETRIES = 2
"""Extra tries for a partition whose task raised (a worker's death is counted apart)."""
CONNECT_TIMEOUT = "30s"


@contextmanager
def dask_client(address: str | None, workers: int | None) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a new LocalCluster of `workers`
    processes with one thread each (spaCy is not made for threads sharing a pipeline)."""
    if address is not None:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as err:  # unreachable, or no address
            raise EventwireError(
                Errors.E102.format(address=address, reason=one_line(err))
            ) from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def ingest_on_cluster(
    sources: list[str],
    reading: ReadOptions,
    options: Options,
    tally: Tally,
    target: Target,
    address: str | None = None,
    workers: int | None = None,
    partition_size: int | None = None,
    client: Client | None = None,
    progress: Callable[[int | None], Bar] = Bar,
) -> None:
    """Ingest the sources on a cluster into `target`; skips and counts go to `tally`.

    `client` (an open one, e.g. a notebook's) wins over `address` and `workers`."""
    options = dataclasses.replace(options, n_process=1)  # each worker is one process
    if target.out is None:
        with Store.open(target.db):  # created once here, not raced by the workers
            pass
    if client is not None:
        run_partitions(client, sources, reading, options, tally, target, partition_size, progress)
        return
    with dask_client(address, workers) as opened:
        run_partitions(opened, sources, reading, options, tally, target, partition_size, progress)


def run_partitions(
    client: Client,
    sources: list[str],
    reading: ReadOptions,
    options: Options,
    tally: Tally,
    target: Target,
    partition_size: int | None,
    progress: Callable[[int | None], Bar],
) -> None:
    stream = tally.stream
    stream.write(f"{PROG}: Dask dashboard: {client.dashboard_link}\n")
    threads = sum(client.nthreads().values()) or 1
    size = partition_size or auto_size(sources, threads)
    partitions = make_partitions(sources, reading, size)
    if target.out is not None:
        partitions = unwritten(partitions, target, stream)
    if not partitions:
        return
    stream.write(f"{PROG}: {len(partitions)} partitions on {threads} Dask workers\n")
    stream.flush()
    client.register_plugin(PipelinePlugin(options), name=PipelinePlugin.name)
    futures = client.map(
        ingest_partition,
        partitions,
        reading=reading,
        options=options,
        target=target,
        key=[f"eventwire-ingest-{p.name}" for p in partitions],
        retries=RETRIES,
        pure=False,
    )
    by_key = {future.key: partition for future, partition in zip(futures, partitions, strict=True)}
    with progress(estimate(sources)) as bar:
        for future in as_completed(futures):
            partition = by_key[future.key]
            try:
                outcome: Outcome = future.result()
            except Exception as err:
                tally.skip("partition failed", partition_failed(partition, RETRIES + 1, err))
                continue
            merge(tally, outcome)
            bar.advance(outcome.read + sum(outcome.skipped.values()))


def unwritten(partitions: list[Partition], target: Target, stream: TextIO) -> list[Partition]:
    """The partitions the lake holds no manifest of (and, with --retry-failed, those whose
    manifest lists failures); the others are counted as done earlier."""
    done = manifests(target.out or "")
    left = []
    for partition in partitions:
        manifest = done.get(partition.name)
        if manifest is None or (target.retry_failed and manifest["failed"]):
            left.append(partition)
    if skipped := len(partitions) - len(left):
        stream.write(f"{PROG}: {skipped} of {len(partitions)} partitions are in the lake already\n")
    return left


def merge(tally: Tally, outcome: Outcome) -> None:
    """Add a partition's counts and skip messages to the run's."""
    tally.read += outcome.read
    tally.skipped.update(outcome.skipped)
    tally.stored.update(outcome.stored)
    if outcome.messages:
        tally.stream.write(outcome.messages)
