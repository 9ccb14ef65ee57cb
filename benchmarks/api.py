"""The REST API's speed on a store of 200,000 events: p95 of the filtered event list and
of the aggregates, on SQLite and (when its binaries are installed) PostgreSQL, and the
first paint of the pages in headless Chromium (when installed).

The store is synthetic and written straight into the tables (no pipeline: that would
take hours), with the distributions a conflict monitor sees: a few countries and
categories dominate, dates spread over three years, two participants per event, a
third of the events placed (on 200 places, each with its gazetteer coordinates). Each
request is timed through the whole app in-process (FastAPI routing, validation, the
query, JSON), `REPEAT` times after one warm-up: wall-clock milliseconds and, for
SQLite, the CPU milliseconds of this process (what the request costs on an idle
machine: the wall clock counts the waits for a busy CPU too). The first paint is the
browser's `first-contentful-paint` entry (Performance API) of each page loaded from
a real uvicorn server; "charts drawn" is when the overview's timeline and map say
they are ready.

    python benchmarks/api.py [--events N] [--repeat N] [--no-postgres] [--no-browser]
                             [--db PATH]   # keep (or reuse) the SQLite store there

Targets (issue 16): p95 under 150 ms on SQLite and under 100 ms on PostgreSQL; first
paint under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import insert

from eventwire.ontology import CATEGORIES, code
from eventwire.store import (
    Store,
    articles,
    count_stored_events,
    event_actors,
    events,
    participant_columns,
)
from eventwire.web import create_app

EVENTS_PER_ARTICLE = 10
START = dt.date(2023, 1, 1)
DAYS = 3 * 365
COUNTRIES = ["UKR", "RUS", "ISR", "PSE", "SDN", "USA", "SYR", "YEM", "COD", "MMR", "AFG", "IRN"]
SECTORS = ["GOV", "MIL", "REB", "CVL", "COP", None]
SOURCES = ["wire-a", "wire-b", "daily-c", "radio-d", "blog-e"]
TOWNS = [
    ("Kharkiv", "UKR", 49.98, 36.25), ("Gaza City", "PSE", 31.5, 34.47),
    ("El Fasher", "SDN", 13.63, 25.35), ("Aleppo", "SYR", 36.2, 37.16),
    ("Goma", "COD", -1.68, 29.22), ("Sanaa", "YEM", 15.35, 44.21),
    ("Kyiv", "UKR", 50.45, 30.52), ("Khartoum", "SDN", 15.5, 32.56),
]  # fmt: skip


def gazetteer(seed: int = 16, per_town: int = 25) -> list[tuple[str, str, float, float]]:
    """200 places with fixed coordinates: each town and places around it. A store's
    coordinates come from the gazetteer, so every event at a place has the same ones."""
    rng = random.Random(seed)
    places = []
    for name, country, lat, lon in TOWNS:
        places.append((name, country, lat, lon))
        for n in range(1, per_town):
            dlat, dlon = rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)
            places.append((f"{name} area {n}", country, round(lat + dlat, 4), round(lon + dlon, 4)))
    return places


PLACES = gazetteer()
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
            place = weighted(rng, PLACES, 0.9) if rng.random() < 0.35 else None
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
                    "location_lat": place[2] if place else None,
                    "location_lon": place[3] if place else None,
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
            parties = []
            for role in ("actor", "recipient"):
                name = weighted(rng, NAMES, 1.1)
                parties.append(
                    {
                        "article_id": article_id, "event_id": event_id, "role": role,
                        "position": 0, "text": name.lower(), "name": name,
                        "country": weighted(rng, COUNTRIES), "sector": rng.choice(SECTORS),
                        "sectors": "[]", "span_start": 0, "span_end": 5, "basis": "text",
                    }
                )  # fmt: skip
            # the search columns Store.add writes (store.participant_columns)
            event_rows[-1].update(
                participant_columns((p["text"], p["name"], p["country"]) for p in parties)
            )
            actor_rows += parties
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
        count_stored_events(conn)  # what Store.add keeps as it stores articles
    with Store.open(url) as store, store.writing() as conn:
        conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - began


def flush(conn, batch: dict[str, list[dict]]) -> None:
    for table in (articles, events, event_actors):
        if batch[table.name]:
            conn.execute(insert(table), batch[table.name])
            batch[table.name] = []


def percentiles(times: list[float]) -> tuple[float, float]:
    """(median, p95) of the samples: the nearest rank, no interpolation."""
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def measure(url: str, repeat: int) -> dict[str, tuple[float, float, float, float]]:
    """(median, p95) wall milliseconds and (median, p95) CPU milliseconds of this
    process, of each query through the read-only app."""
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
            wall, cpu = [], []
            for _ in range(repeat):
                began, used = time.perf_counter(), time.process_time()
                answer = client.get(path)
                wall.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - used) * 1000)
                assert answer.status_code == 200
            figures[label] = (*percentiles(wall), *percentiles(cpu))
    return figures


def report(backend: str, total: int, seconds: float, figures: dict, target: float) -> bool:
    """Print the table; whether every API query's wall p95 is under the target."""
    print(
        f"\n{backend}: {total:,} events, built in {seconds:.1f} s; target p95 < {target:g} ms",
        flush=True,
    )
    print(f"{'query':40} {'median':>8} {'p95':>8} {'cpu med':>8} {'cpu p95':>8}", flush=True)
    ok = True
    for label, (median, p95, cpu_median, cpu_p95) in figures.items():
        flag = "" if p95 < target else "  over"
        ok &= p95 < target or label.endswith("(HTML)")
        print(
            f"{label:40} {median:8.1f} {p95:8.1f} {cpu_median:8.1f} {cpu_p95:8.1f}{flag}",
            flush=True,
        )
    return ok


PAGES = {
    "overview": "/",
    "events table": "/events",
    "events table, ASSAULT in UKR": "/events?type=ASSAULT&country=UKR",
    "actors": "/actors",
    "figures": "/figures",
}
CHARTS_READY = (
    "document.getElementById('timeline').dataset.ready"
    " && document.getElementById('map').dataset.ready"
)
PAINT = (
    "const paint = performance.getEntriesByType('paint')"
    ".find((entry) => entry.name === 'first-contentful-paint');"
    "return paint ? paint.startTime : null;"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(store: Store) -> tuple[uvicorn.Server, threading.Thread, str]:
    """A real uvicorn server over the store, in a thread of this process."""
    port = free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/overview", timeout=5).status_code == 200:
                return server, thread, base
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def browser():
    """Headless Debian Chromium through Selenium, as tests/web/test_web_browser.py."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,1000", "--no-first-run", "--disable-extensions",
        "--disable-background-networking",
    ):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    return driver


def paints(url: str, repeat: int) -> dict[str, tuple[float, float]] | None:
    """(median, max) first-contentful-paint milliseconds of each page, and of the
    overview's charts being drawn; None without Chromium."""
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        return None
    if not shutil.which("chromedriver"):
        return None
    figures: dict[str, tuple[float, float]] = {}
    with Store.open(url, readonly=True) as store:
        server, thread, base = serve(store)
        driver = browser()
        try:
            driver.get(base + "/")  # warm-up: the browser's cache of the static files
            timings: dict[str, list[float]] = {label: [] for label in PAGES}
            timings["overview: charts drawn"] = []
            for _ in range(repeat):
                for label, path in PAGES.items():
                    began = time.perf_counter()
                    driver.get(base + path)
                    painted = driver.execute_script(PAINT)
                    deadline = time.monotonic() + 30
                    while painted is None and time.monotonic() < deadline:
                        time.sleep(0.05)  # loaded, not painted yet
                        painted = driver.execute_script(PAINT)
                    timings[label].append(float(painted) if painted is not None else float("nan"))
                    if path == "/":
                        while not driver.execute_script(f"return {CHARTS_READY};"):
                            time.sleep(0.02)
                        drawn = (time.perf_counter() - began) * 1000
                        timings["overview: charts drawn"].append(drawn)
            for label, values in timings.items():
                figures[label] = (statistics.median(values), max(values))
        finally:
            driver.quit()
            server.should_exit = True
            thread.join(timeout=10)
    return figures


def report_paints(backend: str, figures: dict[str, tuple[float, float]] | None) -> bool:
    if figures is None:
        print(f"\n{backend}: first paint not measured (no chromium/chromedriver)")
        return True
    print(f"\n{backend}: pages in headless Chromium, ms; target first paint < 1000 ms")
    print(f"{'page':40} {'median':>8} {'max':>8}", flush=True)
    ok = True
    for label, (median, most) in figures.items():
        over = not label.endswith("drawn") and median >= 1000
        ok &= not over
        print(f"{label:40} {median:8.1f} {most:8.1f}{'  over' if over else ''}", flush=True)
    return ok


def machine_check() -> str:
    """How busy the machine is: a fixed loop's CPU and wall time (about 0.12 s each on
    an idle modern core), so that the figures below can be read against it."""
    used, began = time.process_time(), time.perf_counter()
    sum(range(10**7))
    cpu, wall = time.process_time() - used, time.perf_counter() - began
    return f"machine check: sum(range(10**7)) took {cpu:.2f} s CPU, {wall:.2f} s wall"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--db", help="the SQLite store: built there if missing, else reused")
    args = parser.parse_args()
    ok = True
    print(machine_check(), flush=True)
    with tempfile.TemporaryDirectory(prefix="eventwire-api-bench-") as scratch:
        path = args.db or str(Path(scratch) / "bench.db")
        seconds = build(path, args.events) if not Path(path).exists() else 0.0
        with Store.open(path, readonly=True) as store:
            total = store.counts()["events"]
        ok &= report("SQLite", total, seconds, measure(path, args.repeat), 150)
        if not args.no_browser:
            ok &= report_paints("SQLite", paints(path, max(3, args.repeat // 4)))
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
                print(machine_check(), flush=True)
                ok &= report("PostgreSQL", args.events, seconds, measure(url, args.repeat), 100)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
