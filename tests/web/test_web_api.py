"""The REST API over a store of the examples/ articles, extracted by the real pipeline:
on SQLite, and the same queries on a real PostgreSQL server (tests/postgres.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import inspect, select

from eventwire.store import SEARCH_COLUMNS, Store, count_stored_events, event_counts, events, meta
from eventwire.web import create_app

pytest_plugins = ["postgres"]

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api(request, examples_db, example_pairs) -> Iterator[TestClient]:
    """The read-only app over the examples, on each backend."""
    if request.param == "sqlite":
        url = str(examples_db)
    else:
        url = request.getfixturevalue("postgres").new_database("web")
        with Store.open(url) as store:
            store.add(example_pairs)
    with (
        Store.open(url, readonly=True) as store,
        TestClient(create_app(store), raise_server_exceptions=False) as client,
    ):
        yield client


def all_events(api: TestClient, **params) -> list[dict]:
    """Every page of /events, following the cursors."""
    items, cursor = [], None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        answer = api.get("/api/v1/events", params=query)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def stored_events(example_pairs) -> list[tuple[str, str]]:
    return [(doc.id, event.id) for _, doc in example_pairs for event in doc.events]


def test_pages_of_events_cover_every_event_once_newest_first(api, example_pairs):
    expected = stored_events(example_pairs)
    paged = all_events(api, limit=3)
    keys = [(e["article_id"], e["event_id"]) for e in paged]
    assert sorted(keys) == sorted(expected)
    assert len(set(keys)) == len(keys)
    days = [e["date_from"] for e in paged]
    assert days == sorted(days, reverse=True)
    oldest_first = all_events(api, limit=4, sort="date")
    assert [e["date_from"] for e in oldest_first] == sorted(days)


def test_filters_narrow_the_list(api, example_pairs):
    documents = [doc for _, doc in example_pairs]
    assault = all_events(api, type="ASSAULT")
    assert assault and {e["event"] for e in assault} == {"ASSAULT"}
    assert len(assault) == sum(e.event == "ASSAULT" for d in documents for e in d.events)

    ukraine = all_events(api, country="ukr")
    assert ukraine
    for event in ukraine:
        countries = {p["country"] for p in event["actor"] + event["recipient"]}
        assert "UKR" in countries

    zelensky = all_events(api, actor="zelensky")
    assert zelensky and all(
        any("Zelensky" in (p["name"] or p["text"]) for p in e["actor"] + e["recipient"])
        for e in zelensky
    )

    gaza_box = all_events(api, bbox="34.0,31.0,35.0,32.0")
    assert gaza_box
    for event in gaza_box:
        assert 34.0 <= event["location"]["lon"] <= 35.0 and 31.0 <= event["location"]["lat"] <= 32

    future = all_events(api, status="future")
    assert future and {e["status"] for e in future} == {"future"}

    july = all_events(api, since="2025-07-01", until="2025-07-31")
    assert july and all(
        e["date_to"] >= "2025-07-01" and e["date_from"] <= "2025-07-31" for e in july
    )

    assert all_events(api, source="no such outlet") == []
    assert {e["source"] for e in all_events(api, source="example")} == {"example"}
    acled_type = next(e.acled.event_type for d in documents for e in d.events if e.acled)
    typed = all_events(api, acled=acled_type)
    assert typed and {e["acled"]["event_type"] for e in typed} == {acled_type}
    one = all_events(api, article="kyiv-drones")
    assert one and {e["article_id"] for e in one} == {"kyiv-drones"}


def test_aggregates_count_every_dated_event_by_period(api, example_pairs):
    total = len(stored_events(example_pairs))
    for interval in ("day", "week", "month"):
        rows = api.get("/api/v1/aggregates", params={"interval": interval}).json()
        assert sum(r["count"] for r in rows) == total
        for row in rows:
            day = dt.date.fromisoformat(row["period"])
            if interval == "week":
                assert day.weekday() == 0
            if interval == "month":
                assert day.day == 1
    by_country = api.get("/api/v1/aggregates", params={"by": "country", "type": "ASSAULT"}).json()
    assert {"PSE", "ISR", "UKR", "SDN"} <= {r["key"] for r in by_country}
    by_quad = api.get("/api/v1/aggregates", params={"by": "quad", "interval": "month"}).json()
    assert {r["key"] for r in by_quad} <= {
        "verbal cooperation",
        "material cooperation",
        "verbal conflict",
        "material conflict",
    }


def test_one_event_has_its_evidence(api, example_pairs):
    _, doc = next((a, d) for a, d in example_pairs if d.id == "kyiv-drones")
    event = doc.events[0]
    answer = api.get(f"/api/v1/events/{doc.id}/{event.id}")
    assert answer.status_code == 200
    record = answer.json()
    text = record["article"]["text"]
    assert record["event"]["id"] == event.id
    trigger = next(s for s in record["spans"] if s["role"] == "trigger")
    assert (trigger["start"], trigger["end"]) == tuple(event.span)
    for actor in event.actor:
        assert any(
            s["role"] == "actor" and (s["start"], s["end"]) == tuple(actor.span)
            for s in record["spans"]
        )
    sentence = record["sentence"]
    assert sentence["start"] <= event.span[0] < event.span[1] <= sentence["end"]
    assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    assert "\n" not in sentence["text"].strip()
    assert len(record["other_events"]) == len(doc.events) - 1


def test_unknown_event_and_article_are_problems(api):
    for path in ("/api/v1/events/nope/nope-e1", "/api/v1/articles/nope"):
        answer = api.get(path)
        assert answer.status_code == 404
        assert answer.headers["content-type"] == PROBLEM
        assert answer.json()["status"] == 404


def test_articles_with_their_layers(api, example_pairs):
    listed = api.get("/api/v1/articles", params={"limit": 2}).json()
    assert len(listed["items"]) == 2 and listed["next_cursor"]
    rest = api.get("/api/v1/articles", params={"cursor": listed["next_cursor"]}).json()
    ids = {a["id"] for a in listed["items"] + rest["items"]}
    assert ids == {doc.id for _, doc in example_pairs}
    article, doc = example_pairs[0]
    record = api.get(f"/api/v1/articles/{doc.id}").json()
    assert record["text"] == article.text
    assert record["document"] == doc.to_dict()


def test_actors_dyads_places_figures(api, example_pairs):
    actors = api.get("/api/v1/actors", params={"limit": 100}).json()
    zelensky = next(a for a in actors if a["name"] == "Volodymyr Zelensky")
    expected = sum(
        1
        for _, d in example_pairs
        for e in d.events
        for a in e.actor + e.recipient
        if a.name == "Volodymyr Zelensky"
    )
    assert zelensky["events"] == expected and zelensky["country"] == "UKR"
    assert zelensky["as_actor"] + zelensky["as_recipient"] == expected

    dyads = api.get("/api/v1/dyads", params={"level": "actor", "limit": 200}).json()
    assert dyads and all(d["events"] >= 1 for d in dyads)
    assert sum(d["conflict"] for d in dyads) <= sum(d["events"] for d in dyads)

    places = api.get("/api/v1/places").json()
    located = [e for _, d in example_pairs for e in d.events if e.location and e.location.lat]
    assert sum(p["count"] for p in places) == len(located)

    keys = api.get("/api/v1/figures").json()
    assert sum(k["figures"] for k in keys) == sum(len(d.figures) for _, d in example_pairs)
    killed = api.get("/api/v1/figures/series", params={"category": "killed"}).json()
    assert killed and {p["category"] for p in killed} == {"killed"}
    assert all(p["article_id"] and p["span"][0] < p["span"][1] for p in killed)

    entities = api.get("/api/v1/entities").json()
    assert entities and entities[0]["articles"] >= entities[-1]["articles"]


def test_downloads_hold_the_filtered_list(api, example_pairs):
    total = len(stored_events(example_pairs))
    answer = api.get("/api/v1/events.csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == total and rows[0]["event"]

    assault = json.loads(api.get("/api/v1/events.json", params={"type": "ASSAULT"}).text)
    assert assault and {e["event"] for e in assault} == {"ASSAULT"}

    geo = api.get("/api/v1/events.geojson").json()
    assert geo["type"] == "FeatureCollection"
    located = [e for _, d in example_pairs for e in d.events if e.location and e.location.lat]
    assert len(geo["features"]) == len(located)
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    limited = list(csv.DictReader(io.StringIO(api.get("/api/v1/events.csv?limit=2").text)))
    assert len(limited) == 2


@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/v1/events?type=FIGHT", 422),
        ("/api/v1/events?limit=501", 422),
        ("/api/v1/events?limit=0", 422),
        ("/api/v1/events?since=2025-13-01", 422),
        ("/api/v1/events?country=Ukraine", 422),
        ("/api/v1/events?bbox=1,2,3", 422),
        ("/api/v1/events?bbox=0,95,10,70", 422),
        ("/api/v1/events?bbox=0,1e2,10,70", 422),
        ("/api/v1/events?cursor=bm90IGEgY3Vyc29y", 400),
        ("/api/v1/events?cursor=WyJ4IiwiYSIsMV0", 400),
        ("/api/v1/events?cursor=W251bGwsMSwxXQ", 400),
        ("/api/v1/nothing", 404),
    ],
)
def test_bad_requests_are_problems_without_traces(client, path, status):
    answer = client.get(path)
    assert answer.status_code == status
    assert answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    assert problem["status"] == status and problem["title"]
    assert "Traceback" not in answer.text and 'File "' not in answer.text


def test_cors_closed_and_pages_locked_to_their_origin(client):
    answer = client.get("/api/v1/overview", headers={"Origin": "https://evil.example"})
    assert answer.status_code == 200
    assert "access-control-allow-origin" not in answer.headers
    preflight = client.options(
        "/api/v1/events",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"


def test_read_only_by_default_and_bodies_limited(client):
    answer = client.post("/api/v1/ingest/text", json={"text": "Rebels shelled the town."})
    assert answer.status_code in (404, 405)
    assert answer.headers["content-type"] == PROBLEM
    big = client.post(
        "/api/v1/events", content=b"x" * 2_100_000, headers={"content-type": "text/plain"}
    )
    assert big.status_code == 413 and big.json()["status"] == 413


def test_openapi_documents_the_api(client):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/events",
        "/api/v1/events/{article_id}/{event_id}",
        "/api/v1/events.csv",
        "/api/v1/events.geojson",
        "/api/v1/aggregates",
        "/api/v1/actors",
        "/api/v1/dyads",
        "/api/v1/places",
        "/api/v1/figures/series",
        "/api/v1/articles/{article_id}",
    ):
        assert path in paths
    assert not any(p.startswith("/api/v1/ingest") for p in paths)  # not served read-only
    problem = paths["/api/v1/events"]["get"]["responses"]["422"]["content"]
    assert PROBLEM in problem
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/" in docs.text
    assert "cdn" not in docs.text.lower()


def test_pages_render_the_store(client, example_pairs):
    overview = client.get("/")
    assert overview.status_code == 200
    assert 'id="timeline"' in overview.text and 'id="map"' in overview.text
    listed = client.get("/events", params={"type": "ASSAULT"})
    assault = sum(e.event == "ASSAULT" for _, d in example_pairs for e in d.events)
    assert listed.text.count('class="event-row"') == assault
    assert "/api/v1/events.csv?type=ASSAULT" in listed.text
    _, doc = example_pairs[0]
    event = doc.events[0]
    evidence = client.get(f"/events/{doc.id}/{event.id}")
    assert evidence.status_code == 200
    assert "hl-trigger" in evidence.text and "hl-actor" in evidence.text
    for path in ("/actors", "/figures", f"/articles/{doc.id}"):
        assert client.get(path).status_code == 200
    missing = client.get("/events/nope/nope", headers={"accept": "text/html"})
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]


def test_article_text_is_escaped_in_pages(writable_db, pipeline):
    """A title or text with markup shows as text, never runs."""
    from eventwire.records import Article

    text = "Rebels shelled the <script>alert(1)</script> town of Kadugli on Monday, officials said."
    article = Article.make(text, title="<b>bold</b>", published="2025-03-03")
    document = pipeline.extract(article.text, published="2025-03-03", title="<b>bold</b>")
    document = document.model_copy(update={"id": article.id})
    with Store.open(str(writable_db)) as store:
        store.add([(article, document)])
    with (
        Store.open(str(writable_db), readonly=True) as store,
        TestClient(create_app(store)) as client,
    ):
        page = client.get(f"/articles/{article.id}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page


# speed (docs/web.md, Speed): the search columns of schema 4, the two-step keyset, the
# daily counts summed into weeks and months


V4_INDEXES = (
    "ix_events_places",
    "ix_events_date_to",
    "ix_event_actors_names",
    "ix_events_acled",
    "ix_articles_source",
)


def as_version_3(path) -> None:
    """Take a store back to schema version 3: no search columns, no version 4 indexes."""
    with Store.open(str(path)) as store, store.writing() as conn:
        for index in V4_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX {index}")
        for column in SEARCH_COLUMNS:
            conn.exec_driver_sql(f"ALTER TABLE events DROP COLUMN {column}")
        conn.exec_driver_sql("DROP TABLE event_counts")
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value="3"))


def search_columns(path) -> dict[tuple, tuple]:
    with Store.open(str(path), readonly=True) as store, store.reading() as conn:
        query = select(
            events.c.article_id, events.c.event_id, *(events.c[c] for c in SEARCH_COLUMNS)
        )
        return {tuple(row[:2]): tuple(row[2:]) for row in conn.execute(query)}


def daily_counts(path) -> list[tuple]:
    with Store.open(str(path), readonly=True) as store, store.reading() as conn:
        rows = conn.execute(select(event_counts)).all()
    return sorted((*row[:-1], round(row[-1], 6)) for row in rows)


def test_daily_counts_kept_at_ingest_are_the_stored_events_counted(writable_db, example_pairs):
    """Store.add's increments equal a recount of every stored event: each dated event
    once under "" and once under each of its participants' countries."""
    kept = daily_counts(writable_db)
    with Store.open(str(writable_db)) as store, store.writing() as conn:
        count_stored_events(conn)
    assert daily_counts(writable_db) == kept
    dated = [e for _, d in example_pairs for e in d.events]  # the examples are all dated
    assert sum(row[7] for row in kept if row[0] == "") == len(dated)
    ukraine = sum(1 for e in dated if "UKR" in {a.country for a in e.actor + e.recipient})
    assert ukraine and sum(row[7] for row in kept if row[0] == "UKR") == ukraine


FILTERS = [
    {"country": "UKR"},
    {"country": "usa"},
    {"actor": "zelensky"},
    {"actor": "ZELENSKY"},
    {"actor": "volodymyr z"},
    {"actor": "y\nv"},  # spans two participants' words: matches none
    {"actor": "%"},
    {"type": "ASSAULT", "country": "PSE"},
    {"source": "example", "country": "ISR"},
    {"source": "elsewhere"},
]


def test_an_older_store_reads_read_only_and_migrates_to_the_same_answers(
    examples_db, writable_db, example_pairs
):
    """A schema 3 store served read-only filters through event_actors and counts the
    events themselves; migrated, it has the search columns and the daily counts that
    Store.add writes, and both answer every filter alike."""
    expected = search_columns(examples_db)
    assert any(value[0] and " UKR " in value[0] for value in expected.values())
    as_version_3(writable_db)
    answers = []
    for readonly in (True, False):  # read as version 3, then migrated on a write open
        with (
            Store.open(str(writable_db), readonly=readonly) as store,
            TestClient(create_app(store)) as client,
        ):
            answers.append(
                [
                    sorted((e["article_id"], e["event_id"]) for e in all_events(client, **f))
                    for f in FILTERS
                ]
                + [client.get("/api/v1/aggregates", params={"country": "UKR"}).json()]
                + [client.get("/api/v1/actors", params={"country": "UKR"}).json()]
            )
    assert answers[0] == answers[1]
    assert answers[0][0] and answers[0][2] and not answers[0][5]
    assert answers[0][2] == answers[0][3]  # case does not matter
    assert search_columns(writable_db) == expected
    assert daily_counts(writable_db) == daily_counts(examples_db)
    with Store.open(str(writable_db), readonly=True) as store:
        indexes = {i["name"] for t in ("events", "event_actors", "articles")
                   for i in inspect(store.engine).get_indexes(t)}  # fmt: skip
    assert set(V4_INDEXES) <= indexes


@pytest.mark.parametrize("source, kept", [("example", True), ("elsewhere", False)])
def test_the_source_filter_on_every_route(api, example_pairs, source, kept):
    total = len(stored_events(example_pairs)) if kept else 0
    params = {"source": source}
    assert len(all_events(api, **params)) == total
    rows = list(csv.DictReader(io.StringIO(api.get("/api/v1/events.csv", params=params).text)))
    assert len(rows) == total
    counts = api.get("/api/v1/aggregates", params=params).json()
    assert sum(r["count"] for r in counts) == total
    for path in ("/api/v1/places", "/api/v1/actors", "/api/v1/dyads"):
        answer = api.get(path, params=params)
        assert answer.status_code == 200 and bool(answer.json()) == kept, path


def test_undated_events_page_after_the_dated_ones_in_either_order(writable_db, example_pairs):
    with Store.open(str(writable_db)) as store, store.writing() as conn:
        conn.execute(
            events.update().where(events.c.position % 3 == 0).values(date_from=None, date_to=None)
        )
    with (
        Store.open(str(writable_db), readonly=True) as store,
        TestClient(create_app(store)) as client,
    ):
        for sort, descending in (("-date", True), ("date", False)):
            paged = all_events(client, limit=2, sort=sort)
            keys = [(e["article_id"], e["event_id"]) for e in paged]
            assert sorted(keys) == sorted(stored_events(example_pairs))
            assert len(set(keys)) == len(keys)
            dated = [e for e in paged if e["date_from"]]
            undated = paged[len(dated) :]
            assert dated and undated and not any(e["date_from"] for e in undated)
            order = [(e["date_from"], e["article_id"]) for e in dated]
            assert order == sorted(order, reverse=descending)
            ids = [e["article_id"] for e in undated]
            assert ids == sorted(ids, reverse=descending)


def period_of(day: str, interval: str) -> str:
    date = dt.date.fromisoformat(day)
    if interval == "week":
        date -= dt.timedelta(days=date.weekday())
    if interval == "month":
        date = date.replace(day=1)
    return date.isoformat()


def group_of(event: dict, by: str) -> str | None:
    if by == "country":
        return (event["location"] or {}).get("country")
    return "all" if by == "none" else event[by]


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_aggregates_are_the_events_counted(api, interval):
    """Every (period, group) count and mean score equals a count of the listed events."""
    listed = all_events(api, limit=500)
    for by, params in (("event", {}), ("country", {"type": "ASSAULT"}), ("quad", {}),
                       ("status", {"country": "UKR"}), ("none", {})):  # fmt: skip
        kept = all_events(api, limit=500, **params) if params else listed
        expected: dict[tuple, list] = {}
        for event in kept:
            key = (period_of(event["date_from"], interval), group_of(event, by))
            expected.setdefault(key, []).append(event["score"])
        query = {"interval": interval, "by": by, **params}
        rows = api.get("/api/v1/aggregates", params=query).json()
        got = {(r["period"], r["key"]): (r["count"], r["score"]) for r in rows}
        assert got == {
            key: (len(scores), round(sum(scores) / len(scores), 3))
            for key, scores in expected.items()
        }
        periods = [r["period"] for r in rows]
        assert periods == sorted(periods)


def query_plans(store: Store, paths: list[str]) -> dict[str, list[str]]:
    """The SQLite query plan of every SELECT the app runs for each path, joined."""
    seen: list[tuple] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    plans = {}
    with TestClient(create_app(store)) as client:
        sqlalchemy_event.listen(store.engine, "before_cursor_execute", record)
        try:
            for path in paths:
                seen.clear()
                assert client.get(path).status_code == 200
                plans[path] = list(seen)
        finally:
            sqlalchemy_event.remove(store.engine, "before_cursor_execute", record)
    explained = {}
    with store.engine.connect() as conn:
        for path, statements in plans.items():
            explained[path] = [
                " | ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + s, p))
                for s, p in statements
            ]
    return explained


def test_lists_and_counts_read_indexes_not_every_row(readonly_store):
    """The plans the speed depends on (SQLite): a page walks an index in date order
    without the articles; counts read the covering indexes, never the table."""
    plans = query_plans(
        readonly_store,
        [
            "/api/v1/events?type=ASSAULT&limit=5",
            "/api/v1/events?limit=5&source=x",
            "/api/v1/aggregates?interval=week&by=quad&country=UKR",
            "/api/v1/places",
            "/api/v1/actors",
        ],
    )
    for path in ("/api/v1/events?type=ASSAULT&limit=5", "/api/v1/events?limit=5&source=x"):
        page = plans[path][0]
        assert "SCAN articles" not in page and "SCAN outlet" not in page, page
        assert "TEMP B-TREE FOR ORDER BY" not in page, page
    (counts,) = plans["/api/v1/aggregates?interval=week&by=quad&country=UKR"]
    assert "SEARCH event_counts USING PRIMARY KEY (country=?)" in counts, counts
    (points,) = plans["/api/v1/places"]
    assert "COVERING INDEX ix_events_places" in points, points
    (actors,) = plans["/api/v1/actors"]
    assert "COVERING INDEX ix_event_actors_names" in actors, actors
