"""The REST API's speed on a store of 200,000 events: p95 of the filtered event list and
of the aggregates, on SQLite and (when its binaries are installed) PostgreSQL.

The store is synthetic and written straight into the tables (no pipeline: that would
take hours), with the distributions a conflict monitor sees: a few countries and
categories dominate, dates spread over three years, two participants per event, a
third of the events placed. Each request is timed through the whole app in-process
(FastAPI routing, validation, the query, JSON), `REPEAT` times after one warm-up.

    python benchmarks/api.py [--events N] [--repeat N] [--no-postgres]

Targets (issue 16): p95 under 150 ms on SQLite and under 100 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert

from eventwire.ontology import CATEGORIES, code
from eventwire.store import Store, articles, event_actors, events
from eventwire.web import create_app

EVENTS_PER_ARTICLE = 10
START = dt.date(2023, 1, 1)
DAYS = 3 * 365
COUNTRIES = ["UKR", "RUS", "ISR", "PSE", "SDN", "USA", "SYR", "YEM", "COD", "MMR", "AFG", "IRN"]
SECTORS = ["GOV", "MIL", "REB", "CVL", "COP", None]
SOURCES = ["wire-a", "wire-b", "daily-c", "radio-d", "blog-e"]
PLACES = [
    ("Kharkiv", "UKR", 49.98, 36.25), ("Gaza City", "PSE", 31.5, 34.47),
    ("El Fasher", "SDN", 13.63, 25.35), ("Aleppo", "SYR", 36.2, 37.16),
    ("Goma", "COD", -1.68, 29.22), ("Sanaa", "YEM", 15.35, 44.21),
    ("Kyiv", "UKR", 50.45, 30.52), ("Khartoum", "SDN", 15.5, 32.56),
]  # fmt: skip
NAMES = [f"Actor {n}" for n in range(400)]
REPEAT = 20

QUERIES = {
    "events: newest page": "/api/v1/events?limit=50",
    "events: category": "/api/v1/events?type=ASSAULT&limit=50",
    "events: country + month": "/api/v1/events?country=UKR&since=2024-06-01&until=2024-06-30",
    "events: bbox": "/api/v1/events?bbox=30,45,40,52&limit=50",
    "events: actor words": "/api/v1/events?actor=actor%2017&limit=50",
    "events: status + acled": "/api/v1/events?status=occurred&acled=Battles&limit=50",
    "events: source": "/api/v1/events?source=wire-b&limit=50",
    "aggregates: day x category": "/api/v1/aggregates?interval=day&by=event",
    "aggregates: week x country, ASSAULT": (
        "/api/v1/aggregates?interval=week&by=country&type=ASSAULT"
    ),
    "aggregates: month x quad, UKR": "/api/v1/aggregates?interval=month&by=quad&country=UKR",
    "aggregates: day, one quarter": "/api/v1/aggregates?since=2024-01-01&until=2024-03-31",
    "places (map)": "/api/v1/places",
    "actors": "/api/v1/actors?limit=50",
}


def weighted(rng: random.Random, values: list, skew: float = 1.3):
    """A value drawn with Zipf-like weights: the first few dominate."""
    weights = [1 / (n + 1) ** skew for n in range(len(values))]
    return rng.choices(values, weights)[0]


def rows(total: int, seed: int = 16) -> Iterator[tuple[dict, list[dict], list[dict]]]:
    """(article row, its event rows, their actor rows), article after article."""
    rng = random.Random(seed)
    categories = list(CATEGORIES)
    rng.shuffle(categories)
    categories.remove("ASSAULT")
    categories.insert(0, "ASSAULT")
    document = json.dumps({"id": "", "events": [], "figures": [], "quotes": [], "entities": []})
    now = dt.datetime.now(dt.UTC)
    for a in range(total // EVENTS_PER_ARTICLE):
        article_id = f"a{a:07d}"
        published = START + dt.timedelta(days=rng.randrange(DAYS))
        article = {
            "id": article_id, "title": f"Story {a}", "url": None,
            "source": weighted(rng, SOURCES, 0.8), "published": published,
            "text": "x" * 200, "document": document.replace('""', f'"{article_id}"', 1),
            "ingested_at": now,
        }  # fmt: skip
        event_rows, actor_rows = [], []
        for position in range(EVENTS_PER_ARTICLE):
            category = weighted(rng, categories)
            coding = code(category, None)
            day = published - dt.timedelta(days=rng.randrange(3))
            place = rng.choice(PLACES) if rng.random() < 0.35 else None
            event_id = f"{article_id}-e{position + 1}"
            assault = category == "ASSAULT"
            event_rows.append(
                {
                    "article_id": article_id, "event_id": event_id, "position": position,
                    "event": category, "mode": None, "context": "[]", "quad": coding.quad,
                    "score": coding.score,
                    "status": weighted(rng, ["occurred", "future", "negated", "hypothetical"], 2),
                    "historical": False, "event_text": "struck", "span_start": 10,
                    "span_end": 16, "sentence": 0, "date_text": None,
                    "date_value": day.isoformat(), "date_end": None, "date_precision": "day",
                    "date_basis": "text", "date_from": day, "date_to": day,
                    "location_text": place[0] if place else None,
                    "location_name": place[0] if place else None,
                    "location_country": place[1] if place else None, "location_admin1": None,
                    "location_lat": place[2] + rng.uniform(-0.2, 0.2) if place else None,
                    "location_lon": place[3] + rng.uniform(-0.2, 0.2) if place else None,
                    "location_precision": "town" if place else None,
                    "dead": rng.randrange(50) if assault else None, "dead_qualifier": None,
                    "injured": None, "injured_qualifier": None, "arrested": None,
                    "arrested_qualifier": None, "abducted": None, "abducted_qualifier": None,
                    "cameo": coding.cameo,
                    "acled_event_type": rng.choice(["Battles", "Explosions/Remote violence"])
                    if assault else None,
                    "acled_sub_event_type": "Armed clash" if assault else None,
                    "confidence": 0.8,
                }
            )  # fmt: skip
            for role in ("actor", "recipient"):
                name = weighted(rng, NAMES, 1.1)
                actor_rows.append(
                    {
                        "article_id": article_id, "event_id": event_id, "role": role,
                        "position": 0, "text": name.lower(), "name": name,
                        "country": weighted(rng, COUNTRIES), "sector": rng.choice(SECTORS),
                        "sectors": "[]", "span_start": 0, "span_end": 5, "basis": "text",
                    }
                )  # fmt: skip
        yield article, event_rows, actor_rows


def build(url: str, total: int) -> float:
    """Write the synthetic store; the seconds it took."""
    began = time.perf_counter()
    with Store.open(url) as store, store.writing() as conn:
        batch: dict[str, list[dict]] = {"articles": [], "events": [], "event_actors": []}
        for article, event_rows, actor_rows in rows(total):
            batch["articles"].append(article)
            batch["events"] += event_rows
            batch["event_actors"] += actor_rows
            if len(batch["events"]) >= 20_000:
                flush(conn, batch)
        flush(conn, batch)
    with Store.open(url) as store, store.writing() as conn:
        conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - began


def flush(conn, batch: dict[str, list[dict]]) -> None:
    for table in (articles, events, event_actors):
        if batch[table.name]:
            conn.execute(insert(table), batch[table.name])
            batch[table.name] = []


def measure(url: str, repeat: int) -> dict[str, tuple[float, float]]:
    """(median, p95) milliseconds of each query through the read-only app."""
    figures = {}
    with Store.open(url, readonly=True) as store, TestClient(create_app(store)) as client:
        # the page cursor of the second page, for a deep-page query
        first = client.get("/api/v1/events?type=ASSAULT&limit=50").json()
        queries = {
            **QUERIES,
            "events: next page (cursor)": "/api/v1/events?type=ASSAULT&limit=50&cursor="
            + first["next_cursor"],
            "overview page (HTML)": "/",
        }
        for label, path in queries.items():
            answer = client.get(path)
            assert answer.status_code == 200, (path, answer.text[:300])
            times = []
            for _ in range(repeat):
                began = time.perf_counter()
                answer = client.get(path)
                times.append((time.perf_counter() - began) * 1000)
                assert answer.status_code == 200
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            figures[label] = (statistics.median(times), p95)
    return figures


def report(backend: str, total: int, seconds: float, figures: dict, target: float) -> bool:
    print(
        f"\n{backend}: {total:,} events, built in {seconds:.1f} s; target p95 < {target:g} ms",
        flush=True,
    )
    print(f"{'query':40} {'median ms':>10} {'p95 ms':>8}", flush=True)
    ok = True
    for label, (median, p95) in figures.items():
        flag = "" if p95 < target else "  over"
        ok &= p95 < target or label.endswith("(HTML)")
        print(f"{label:40} {median:10.1f} {p95:8.1f}{flag}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="eventwire-api-bench-") as scratch:
        path = str(Path(scratch) / "bench.db")
        seconds = build(path, args.events)
        ok &= report("SQLite", args.events, seconds, measure(path, args.repeat), 150)
    if not args.no_postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from postgres import find_bindir, running_server

        bindir = find_bindir()
        if bindir is None:
            print("\nPostgreSQL: no server binaries found, skipped")
        else:
            with running_server(bindir) as server:
                url = server.new_database("bench")
                seconds = build(url, args.events)
                ok &= report("PostgreSQL", args.events, seconds, measure(url, args.repeat), 100)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
