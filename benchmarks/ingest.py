"""What the store costs: ingest into SQLite and PostgreSQL against extract-only.

    python benchmarks/ingest.py [--articles 200] [--words 500] [--no-postgres]

Why: storing every layer of every article (rows for events, actors, figures, quotes,
entities, and the document itself) must not slow a corpus run noticeably. The target:
ingest keeps at least 85% of extract-only throughput (the store costs at most 15%).

All runs are in one process, read the same generated JSONL corpus and share one
loaded, warmed-up pipeline: extract-only (read, extract, Documents serialized to JSON,
as `eventwire extract` does), then the ingest command's own `run` into a fresh SQLite
file, then into a fresh database on a throwaway PostgreSQL server started from the
machine's binaries (skipped when there are none, or with --no-postgres). Each is timed
twice, alternating, and the best run counts. The exit status is 0
regardless: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from texts import articles as generate_articles  # noqa: E402

import eventwire  # noqa: E402
from eventwire import Article, Options  # noqa: E402
from eventwire.cli.ingest import Tally, run  # noqa: E402
from eventwire.inputs import read_inputs  # noqa: E402
from eventwire.read import ReadOptions  # noqa: E402
from eventwire.store import Store  # noqa: E402

TARGET = 0.85
PUBLISHED = dt.date(2025, 3, 5)
READING = ReadOptions(published=PUBLISHED)
OPTIONS = Options()
"""The pipeline both sides use: `eventwire.load` caches it, and the ingest command's
`build_pipeline` loads through it, so it is loaded once."""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    return parser.parse_args(argv)


def extract_only(corpus: Path) -> None:
    """What `eventwire extract --format jsonl` does: read, extract, serialize."""
    articles = (a for a in read_inputs([corpus], READING) if isinstance(a, Article))
    for document in eventwire.load(OPTIONS).extract_many(articles):
        document.to_json()


def ingest(corpus: Path, url: str) -> None:
    """What `eventwire ingest` does, through its own `run`, into an empty store."""
    with Store.open(url) as store, open(os.devnull, "w") as quiet:
        run(store, [str(corpus)], READING, OPTIONS, Tally(quiet))


def timed(job: Callable[[], None]) -> float:
    start = time.perf_counter()
    job()
    return time.perf_counter() - start


@contextlib.contextmanager
def postgres_databases(args: argparse.Namespace) -> Iterator[Callable[[], str] | None]:
    """A maker of empty databases on a throwaway server started from the machine's
    PostgreSQL binaries with the test suite's code (tests/postgres.py), else None."""
    if args.no_postgres:
        yield None
        return
    from postgres import find_bindir, running_server  # tests/postgres.py

    bindir = find_bindir()
    if bindir is None:
        yield None
        return
    with running_server(bindir) as server:
        yield lambda: server.new_database("bench")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    texts = list(generate_articles(args.articles, args.words, seed=13))
    with tempfile.TemporaryDirectory() as tmp, postgres_databases(args) as new_pg:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for n, text in enumerate(texts):
                out.write(json.dumps({"id": f"bench-{n}", "text": text}) + "\n")
        list(eventwire.load(OPTIONS).extract_many(texts[:8]))  # load and warm up once
        jobs: dict[str, Callable[[int], Callable[[], None]]] = {
            "extract only": lambda n: lambda: extract_only(corpus),
            "ingest SQLite": lambda n: lambda: ingest(corpus, str(Path(tmp) / f"bench{n}.db")),
        }
        if new_pg is not None:
            jobs["ingest PostgreSQL"] = lambda n: lambda: ingest(corpus, new_pg())
        best: dict[str, float] = {}
        for n in range(2):
            for name, make in jobs.items():
                seconds = timed(make(n))
                best[name] = min(best.get(name, seconds), seconds)
                print(f"  {name:<18} {seconds:7.2f} s")
    print(f"{len(texts)} articles, best of two runs each")
    base = len(texts) / best["extract only"]
    for name, seconds in best.items():
        rate = len(texts) / seconds
        line = f"{name:<18} {rate:7.2f} articles/s"
        if name != "extract only":
            ratio = rate / base
            verdict = "holds" if ratio >= TARGET else "MISSED"
            line += f"  ratio {ratio:.2f} (target >= {TARGET}: {verdict})"
        print(line)
    if "ingest PostgreSQL" not in best:
        print("PostgreSQL: not measured (no server given and none could be started)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
