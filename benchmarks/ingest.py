"""What the store costs: ingest into SQLite and PostgreSQL against extract-only.

    python benchmarks/ingest.py [--articles 200] [--words 500] [--postgres URL]

Why: storing every layer of every article (rows for events, actors, figures, quotes,
entities, and the document itself) must not slow a corpus run noticeably. The target:
ingest keeps at least 85% of extract-only throughput (the store costs at most 15%).

All runs are in one process on the same generated texts, with the pipeline loaded
once and warmed up: extract-only (Documents serialized to JSON, as `eventwire extract`
does), then ingest into a fresh SQLite file, then (when a PostgreSQL server is given
with --postgres, or one can be started from the machine's binaries) into PostgreSQL.
Each is timed twice, alternating, and the best run counts. The exit status is 0
regardless: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from texts import articles as generate_articles  # noqa: E402

from eventwire import Article, Options, Pipeline  # noqa: E402
from eventwire.cli.ingest import COMMIT_EVERY  # noqa: E402
from eventwire.store import Store  # noqa: E402

TARGET = 0.85
PUBLISHED = dt.date(2025, 3, 5)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--postgres", default=None, help="postgresql:// URL of a test database")
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    return parser.parse_args(argv)


def extract_only(pipeline: Pipeline, articles: list[Article]) -> None:
    for document in pipeline.extract_many(articles):
        document.to_json()


def ingest(pipeline: Pipeline, articles: list[Article], url: str) -> None:
    """What `eventwire ingest` does per batch: extract, then commit every COMMIT_EVERY."""
    with Store.open(url) as store:
        batch = []
        for article, document in zip(articles, pipeline.extract_many(articles), strict=True):
            batch.append((article, document))
            if len(batch) >= COMMIT_EVERY:
                store.add(batch)
                batch = []
        if batch:
            store.add(batch)


def timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


@contextlib.contextmanager
def postgres_url(args: argparse.Namespace) -> Iterator[str | None]:
    """The given URL, else a throwaway server started from the machine's PostgreSQL
    binaries with the test suite's code (tests/postgres.py), else None."""
    if args.no_postgres:
        yield None
    elif args.postgres:
        yield args.postgres
    else:
        from postgres import find_bindir, running_server  # tests/postgres.py

        bindir = find_bindir()
        if bindir is None:
            yield None
            return
        with running_server(bindir) as server:
            yield server.new_database("bench")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    texts = list(generate_articles(args.articles, args.words, seed=13))
    articles = [Article.make(t, published=PUBLISHED) for t in texts]
    pipeline = Pipeline(Options())
    extract_only(pipeline, articles[:8])  # warm-up
    with tempfile.TemporaryDirectory() as tmp, postgres_url(args) as pg:
        targets: dict[str, Callable[[int], Callable[[], None]]] = {
            "extract only": lambda n: lambda: extract_only(pipeline, articles),
            "ingest SQLite": lambda n: (
                lambda: ingest(pipeline, articles, str(Path(tmp) / f"bench{n}.db"))
            ),
        }
        if pg is not None:
            targets["ingest PostgreSQL"] = lambda n: (
                lambda: ingest(
                    pipeline, [a.model_copy(update={"id": f"{a.id}-{n}"}) for a in articles], pg
                )
            )
        best: dict[str, float] = {}
        for n in range(2):
            for name, make in targets.items():
                seconds = timed(make(n))
                best[name] = min(best.get(name, seconds), seconds)
                print(f"  {name:<18} {seconds:7.2f} s")
    print(f"{len(articles)} articles, best of two runs each")
    base = len(articles) / best["extract only"]
    for name, seconds in best.items():
        rate = len(articles) / seconds
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
