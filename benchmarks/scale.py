"""Scale-out: the same corpus ingested on 1 and on 2 (or more) local Dask workers.

    python benchmarks/scale.py [--articles 200] [--words 500] [--workers 1,2] [--fast]

Why: Dask is worth its machinery only if N workers do close to N times the work of
one. The target (issue 17): scaling efficiency >= 0.85 from 1 to 2 workers on a
2-core machine, and under 1 GB of memory per worker.

Each run starts a LocalCluster of N single-threaded worker processes, loads the
pipeline on every worker (the worker plugin) and warms it up on a few articles; then
only the ingest itself is timed: the driver cutting the generated JSONL corpus into
partitions (the same partitions for every N), the workers reading, extracting and
writing a Parquet lake (`ingest --out`). Efficiency is rate(N) / (N x rate(1)). Memory
is each worker process's peak resident set. The lakes of all runs are then compared:
the same articles with the same documents. The exit status is 0 regardless: this is a
measurement, not a test (the machine may be shared; say so with the figures).

Where a run loses time, per worker (Dask's task stream and the worker processes' CPU
clocks): `busy`, the share of the wall time a worker spent inside tasks (the rest is
start-up, scheduling and the tail, when one worker has finished and the other has not);
`cpu`, CPU seconds the worker process got per second it was busy (below 1: other
processes on the same cores took the rest); `overhead`, the share of task time outside
the pipeline's compute (transfer, deserialization, as Dask measures them). The work
efficiency, CPU seconds per article of one worker over those of N, is the scaling
Dask and the partitioning allow whatever share of the cores a shared machine gives.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import psutil
from distributed import Client, get_task_stream

sys.path.insert(0, str(Path(__file__).resolve().parent))

from texts import articles as generate_articles  # noqa: E402

from eventwire import Options  # noqa: E402
from eventwire.cli.ingest import Tally  # noqa: E402
from eventwire.lake import dataset  # noqa: E402
from eventwire.read import ReadOptions  # noqa: E402
from eventwire.scale import PipelinePlugin, Target, ingest_on_cluster  # noqa: E402
from eventwire.scale.cluster import dask_client  # noqa: E402

TARGET = 0.85
MEMORY_LIMIT = 1024**3
PARTITIONS = 16
"""Partitions of the corpus for every run (--partitions): enough that 4 workers share
them evenly."""


class Quiet:
    """No progress bar: the benchmark prints its own lines."""

    def __init__(self, total: int | None) -> None:
        pass

    def __enter__(self) -> Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def advance(self, n: int) -> None:
        pass

    def describe(self, what: str) -> None:
        pass


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--fast", action="store_true", help="rules only (no learned layer)")
    parser.add_argument("--partitions", type=int, default=PARTITIONS)
    return parser.parse_args(argv)


def write_corpus(path: Path, n: int, words: int) -> int:
    """A JSONL corpus of generated articles over twelve months; returns its size."""
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(generate_articles(n, words, seed=13)):
            published = dt.date(2025, 1 + i % 12, 1 + i % 28).isoformat()
            out.write(json.dumps({"id": f"bench-{i}", "text": text, "published": published}))
            out.write("\n")
    return path.stat().st_size


def worker_memory(client: Client) -> list[int]:
    """Each worker process's peak resident set in bytes (Linux counts ru_maxrss in KB)."""
    peak = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    return list(peak.values())


def worker_cpu(client: Client) -> dict[str, float]:
    """CPU seconds (user + system) each worker process has used so far."""
    return client.run(lambda: sum(psutil.Process(os.getpid()).cpu_times()[:2]))


def profile(stream: list[dict], cpu: dict[str, float], seconds: float) -> list[dict]:
    """Per worker: busy share of the wall time, CPU per busy second, task overhead."""
    found = []
    for worker in sorted(cpu):
        tasks = [t for t in stream if t["worker"] == worker]
        spans = [s for t in tasks for s in t["startstops"]]
        compute = sum(s["stop"] - s["start"] for s in spans if s["action"] == "compute")
        other = sum(s["stop"] - s["start"] for s in spans if s["action"] != "compute")
        found.append(
            {
                "tasks": len(tasks),
                "busy": compute / seconds,
                "cpu": cpu[worker] / compute if compute else 0.0,
                "overhead": other / (compute + other) if compute else 0.0,
            }
        )
    return found


def cpu_per_article(result: dict) -> float:
    """CPU seconds the workers spent per stored article (inside tasks and out)."""
    cpu = sum(w["cpu"] * w["busy"] * result["seconds"] for w in result["profile"])
    return cpu / max(1, result["stored"])


def one_run(corpus: Path, workers: int, options: Options, size: int, lake: Path) -> dict:
    with dask_client(None, workers) as client:
        client.register_plugin(PipelinePlugin(options), name=PipelinePlugin.name)
        warm = [f"Rebels shelled the town of Gao on Monday, killing {n} people." for n in range(4)]
        client.run(lambda: list(__import__("eventwire").load(options).extract_many(warm)))
        tally = Tally(io.StringIO())
        cpu_before = worker_cpu(client)
        start = time.perf_counter()
        with get_task_stream(client) as stream:
            ingest_on_cluster(
                [str(corpus)],
                ReadOptions(),
                options,
                tally,
                Target(out=str(lake)),
                client=client,
                partition_size=size,
                progress=Quiet,
            )
        seconds = time.perf_counter() - start
        cpu = {w: t - cpu_before[w] for w, t in worker_cpu(client).items()}
        memory = worker_memory(client)
    return {
        "seconds": seconds,
        "stored": tally.stored["articles"],
        "memory": memory,
        "profile": profile(stream.data, cpu, seconds),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]
    options = Options(learned=not args.fast)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    results: dict[int, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        size = write_corpus(corpus, args.articles, args.words) // args.partitions + 1
        for n in counts:
            result = one_run(corpus, n, options, size, Path(tmp) / f"lake{n}")
            results[n] = result
            rate = result["stored"] / result["seconds"]
            memory = max(result["memory"]) / 1024**2
            print(f"{n} worker(s): {result['stored']} articles in {result['seconds']:.1f} s, "
                  f"{rate:.2f} articles/s, max worker memory {memory:.0f} MB, "
                  f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
            for k, worker in enumerate(result["profile"]):
                print(f"  worker {k}: {worker['tasks']} tasks, busy {worker['busy']:.0%} "
                      f"of the wall time, cpu {worker['cpu']:.2f} s per busy second, "
                      f"overhead {worker['overhead']:.1%}")  # fmt: skip
        lakes = {}
        for n in counts:
            table = dataset(str(Path(tmp) / f"lake{n}")).to_table(columns=["id", "document"])
            lakes[n] = dict(
                zip(table["id"].to_pylist(), table["document"].to_pylist(), strict=True)
            )
    base = results[counts[0]]
    base_rate = base["stored"] / base["seconds"] / counts[0]
    for n in counts[1:]:
        rate = results[n]["stored"] / results[n]["seconds"]
        efficiency = rate / (n * base_rate)
        verdict = "holds" if efficiency >= TARGET else "MISSED"
        print(f"scaling efficiency {counts[0]} -> {n} workers: {efficiency:.2f} "
              f"(target >= {TARGET}: {verdict})")  # fmt: skip
        work = cpu_per_article(base) / cpu_per_article(results[n])
        print(f"  CPU seconds per article, {counts[0]} -> {n} workers: "
              f"{cpu_per_article(base):.2f} -> {cpu_per_article(results[n]):.2f} "
              f"(work efficiency {work:.2f}: what Dask and the partitions cost, whatever "
              f"share of the cores the machine gave)")  # fmt: skip
    worst = max(max(r["memory"]) for r in results.values())
    print(f"memory per worker: at most {worst / 1024**2:.0f} MB "
          f"(target < 1024 MB: {'holds' if worst < MEMORY_LIMIT else 'MISSED'})")  # fmt: skip
    same = all(lake == lakes[counts[0]] for lake in lakes.values())
    print(f"same output in every run: {'yes' if same else 'NO'} ({len(lakes[counts[0]])} articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
