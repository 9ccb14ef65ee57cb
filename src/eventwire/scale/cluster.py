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
  says what is done;
- a scheduler that restarts (or a broken connection to it) loses every task of the
  run: Dask keeps no durable task state, and its workers close with it. The driver
  knows which partitions had finished (their outcomes came back), waits for the
  scheduler to be back at the same address with a worker (`RECONNECT_WAIT`; the
  client reconnects, or a new one is opened), installs the plugin again and submits
  the unfinished partitions, which store only what is missing. After `RESTARTS`
  losses, or a scheduler that does not come back, the run stops with E107 and the
  same command run again completes it. An interrupted partition's articles that were
  committed before the loss count as duplicates in the summary, not as stored.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TextIO

from distributed import Client, Future, LocalCluster, as_completed
from distributed.client import CancelledError

from .. import logs
from ..cli.ingest import Bar, Tally, estimate
from ..errors import Errors, EventwireError, one_line
from ..lake import manifests
from ..read import ReadOptions
from ..settings import Options
from ..store import Store
from .partitions import Partition, auto_size, make_partitions
from .work import (
    WORKER_ENV,
    Outcome,
    PipelinePlugin,
    Target,
    ingest_partition,
    partition_failed,
)

log = logging.getLogger(__name__)

RETRIES = 2
"""Extra tries for a partition whose task raised (a worker's death is counted apart)."""
CONNECT_TIMEOUT = "30s"
RESTARTS = 3
"""Scheduler losses a run survives; each time the unfinished partitions are submitted again."""
RECONNECT_WAIT = 120.0
"""Seconds to wait for a lost scheduler to be back with a worker: a restart by hand, by
Kubernetes or by a batch system takes tens of seconds."""
POLL = 0.2
DASK_LOGGERS = ("distributed", "distributed.client")
"""The loggers Dask gives handlers of their own (dask's logging config)."""


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
            env=WORKER_ENV,
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
    with quiet_dask_logs():
        if client is not None:
            run_partitions(
                client, sources, reading, options, tally, target, partition_size, progress
            )
            return
        with dask_client(address, workers) as opened:
            run_partitions(
                opened, sources, reading, options, tally, target, partition_size, progress
            )


@contextmanager
def quiet_dask_logs() -> Iterator[None]:
    """Dask's own loggers silenced for the run, unless --debug: a lost scheduler makes
    its client log tracebacks on stderr while eventwire says what happened in one line."""
    if logging.getLogger(logs.PROG).isEnabledFor(logging.DEBUG):
        yield
        return
    loggers = [logging.getLogger(name) for name in DASK_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


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
    """Cut the inputs, submit one task per partition and merge outcomes as they finish;
    after a scheduler restart, submit again what had not finished (up to RESTARTS
    times), else stop with E107."""
    stream = tally.stream
    logs.note(f"Dask dashboard: {client.dashboard_link}", stream)
    nthreads = client.nthreads()
    threads = sum(nthreads.values()) or 1
    size = partition_size or auto_size(sources, threads)
    partitions = make_partitions(sources, reading, size)
    if target.out is not None:
        partitions = unwritten(partitions, target, stream)
    if not partitions:
        return
    logs.note(f"{len(partitions)} partitions on {len(nthreads)} Dask workers", stream)
    left = {partition.name: partition for partition in partitions}
    with ExitStack() as opened, progress(estimate(sources)) as bar:
        for attempt in range(RESTARTS + 1):
            if attempt:
                client = reconnected(client, opened, len(left), len(partitions), stream)
            try:
                run_round(client, attempt, left, reading, options, tally, target, bar)
            except LostScheduler as lost:
                reason = str(lost)
                continue
            return
    address = client.scheduler.address
    reason = f"{reason}; it was lost {RESTARTS + 1} times"
    raise EventwireError(
        Errors.E107.format(address=address, reason=reason, left=len(left), total=len(partitions))
    )


class LostScheduler(Exception):
    """The connection to the scheduler broke: the round's futures are gone (Dask keeps no
    durable task state), only what finished before is known."""


def run_round(
    client: Client,
    attempt: int,
    left: dict[str, Partition],
    reading: ReadOptions,
    options: Options,
    tally: Tally,
    target: Target,
    bar: Bar,
) -> None:
    """Submit the partitions of `left`, and merge each outcome (removing its partition
    from `left`) as it comes. Raises LostScheduler when the scheduler goes away."""
    partitions = list(left.values())
    try:
        bar.describe("loading model on the workers")  # each worker's plugin, waited for
        client.register_plugin(PipelinePlugin(options), name=PipelinePlugin.name)
        bar.describe("ingesting")
        futures = submit(client, partitions, attempt, reading, options, target)
    except (OSError, TimeoutError, CancelledError) as err:  # CommClosedError is an OSError
        raise LostScheduler(one_line(err)) from None
    by_key = {future.key: partition for future, partition in zip(futures, partitions, strict=True)}
    lost: BaseException | None = None
    running = as_completed(futures)
    for future in running:
        partition = by_key[future.key]
        try:
            outcome: Outcome = future.result()
        except CancelledError as err:  # the client lost the scheduler: every future is
            lost = err  # cancelled, the finished ones were merged already
            continue
        except Exception as err:
            tally.skip("partition failed", partition_failed(partition, RETRIES + 1, err))
            del left[partition.name]
            continue
        merge(tally, outcome)
        del left[partition.name]
        bar.advance(outcome.done)
        more = outcome.more
        if more and target.out is not None:
            more = unwritten(more, target, tally.stream)
        if outcome.more:
            logs.note(f"{partition.label}: a feed of {len(outcome.more)} items", tally.stream)
        if more and lost is None:  # a feed's items, a partition each
            try:
                added = submit(client, more, attempt, reading, options, target)
            except (OSError, TimeoutError, CancelledError) as err:
                lost = err
            else:
                by_key.update(zip((f.key for f in added), more, strict=True))
                running.update(added)
        left.update((p.name, p) for p in more)
    if lost is not None:
        raise LostScheduler(getattr(lost, "reason", None) or one_line(lost))


def submit(
    client: Client,
    partitions: list[Partition],
    attempt: int,
    reading: ReadOptions,
    options: Options,
    target: Target,
) -> list[Future]:
    """One task per partition, retried RETRIES times when it raises."""
    return client.map(
        ingest_partition,
        partitions,
        reading=reading,
        options=options,
        target=target,
        key=[f"eventwire-ingest-{p.name}-{attempt}" for p in partitions],
        retries=RETRIES,
        pure=False,
    )


def reconnected(client: Client, opened: ExitStack, left: int, total: int, stream: TextIO) -> Client:
    """A client of the scheduler at the same address once it is back with a worker: the
    client's own reconnection, or a new client (kept open in `opened`) when it gave up.
    Raises E107 after RECONNECT_WAIT seconds."""
    address = client.scheduler.address
    logs.echo(
        f"lost the Dask scheduler at {address} with {left} of {total} partitions unfinished;"
        f" waiting up to {RECONNECT_WAIT:.0f} s for it to come back",
        stream,
    )
    deadline = time.monotonic() + RECONNECT_WAIT

    def give_up(reason: str) -> EventwireError:
        return EventwireError(
            Errors.E107.format(address=address, reason=reason, left=left, total=total)
        )

    while client.status != "running":
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise give_up(f"it did not come back within {RECONNECT_WAIT:.0f} s")
        if client.status not in ("closing", "closed"):
            time.sleep(POLL)  # the client is reconnecting by itself
            continue
        try:
            client = opened.enter_context(Client(address, timeout=max(1.0, remaining)))
        except (OSError, TimeoutError, ValueError):
            time.sleep(POLL)
    try:
        client.wait_for_workers(1, timeout=max(1.0, deadline - time.monotonic()))
    except (OSError, TimeoutError):
        raise give_up(f"no worker joined it within {RECONNECT_WAIT:.0f} s") from None
    logs.note(f"the Dask scheduler is back: submitting the {left} unfinished partitions", stream)
    return client


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
        logs.note(f"{skipped} of {len(partitions)} partitions are in the lake already", stream)
    return left


def merge(tally: Tally, outcome: Outcome) -> None:
    """Add a partition's counts and skip messages to the run's."""
    tally.read += outcome.read
    tally.done += outcome.done
    tally.skipped.update(outcome.skipped)
    tally.stored.update(outcome.stored)
    if outcome.messages:
        tally.stream.write(outcome.messages)
        tally.stream.flush()
