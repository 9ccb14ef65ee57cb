"""The store, against both backends: a SQLite file and a real PostgreSQL server that the
session starts itself (tests/postgres.py). Documents are built by hand from invented
stories, so every stored value is known."""

from __future__ import annotations

import datetime as dt
import os
import pwd
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from sqlalchemy import event, inspect

from eventwire import store as store_module
from eventwire.records import (
    Acled,
    Actor,
    Article,
    Document,
    Entity,
    Event,
    Figure,
    Magnitude,
    Place,
    Quote,
    Speaker,
    When,
)
from eventwire.store import SCHEMA_VERSION, Store, StoreError, day_range, meta

pytest_plugins = ["postgres"]

TABLES = {"meta", "articles", "events", "event_actors", "figures", "quotes", "entities", "failures"}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A new, empty database: a plain SQLite path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def store(url: str):
    with Store.open(url) as opened:
        yield opened


# invented stories


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def actor(text: str, words: str, country: str | None, sector: str | None, **more) -> Actor:
    return Actor(text=words, country=country, sector=sector, span=span(text, words), **more)


def coded(text: str, event_id: str, category: str, words: str, **fields) -> Event:
    defaults = {"quad": "MATERIAL CONFLICT", "score": -8.0, "sentence": 0, "confidence": 0.8}
    return Event(
        id=event_id,
        event=category,
        event_text=words,
        span=span(text, words),
        **(defaults | fields),
    )


def river_attack() -> tuple[Article, Document]:
    text = (
        "Fighters of the Northern Valleys Front attacked a police post in Soroca on Sunday, "
        "killing at least three officers. Students and teachers marched in Chisinau in "
        'February. "We will not be intimidated," the interior minister said.'
    )
    published = dt.date(2025, 3, 10)
    assault = coded(
        text,
        "river-e1",
        "ASSAULT",
        "attacked",
        mode="firearms",
        context=["security"],
        actor=[
            actor(text, "Fighters of the Northern Valleys Front", "MDA", "REB", sectors=["REB"])
        ],
        recipient=[actor(text, "a police post", "MDA", "COP")],
        date=When(
            text="on Sunday", value="2025-03-09", precision="day", span=span(text, "on Sunday")
        ),
        location=Place(
            text="Soroca",
            name="Soroca",
            country="MDA",
            admin1="Soroca",
            lat=48.156,
            lon=28.297,
            precision="town",
            span=span(text, "Soroca"),
        ),
        dead=Magnitude(value=3, qualifier="at least"),
        cameo="190",
        acled=Acled(event_type="Battles", sub_event_type="Armed clash"),
    )
    march = coded(
        text,
        "river-e2",
        "PROTEST",
        "marched",
        mode="demonstrate",
        quad="VERBAL CONFLICT",
        score=-3.5,
        sentence=1,
        actor=[actor(text, "Students", "MDA", "EDU"), actor(text, "teachers", None, "EDU")],
        date=When(text="in February", value="2025-02", precision="month"),
        cameo="141",
    )
    document = Document(
        id="river",
        title="Police post attacked in Soroca",
        url="https://news.example/river",
        source="Example Wire",
        published=published,
        events=[assault, march],
        figures=[
            Figure(
                value=3,
                qualifier="at least",
                category="killed",
                who="officers",
                date=When(text="on Sunday", value="2025-03-09", precision="day"),
                span=span(text, "at least three officers"),
                sentence=0,
            )
        ],
        quotes=[
            Quote(
                text="We will not be intimidated,",
                speaker=Speaker(text="the interior minister", country="MDA", sector="GOV"),
                span=span(text, "We will not be intimidated,"),
                sentence=2,
            )
        ],
        entities=[
            Entity(
                text="Northern Valleys Front",
                name="Northern Valleys Front",
                type="ORG",
                country="MDA",
                sector="REB",
                sectors=["REB"],
                mentions=[span(text, "Northern Valleys Front")],
            )
        ],
    )
    return Article(id="river", text=text, published=published, title=document.title), document


def envoy_visit() -> tuple[Article, Document]:
    text = "Lena Vashchuk will meet the Romanian envoy in Iasi next week."
    published = dt.date(2025, 4, 2)
    meeting = coded(
        text,
        "envoy-e1",
        "CONSULT",
        "will meet",
        mode="meet",
        quad="VERBAL COOPERATION",
        score=1.0,
        status="future",
        actor=[actor(text, "Lena Vashchuk", "MDA", "GOV", name="Lena Vashchuk")],
        recipient=[actor(text, "the Romanian envoy", "ROU", "GOV")],
        location=Place(
            text="Iasi", name="Iasi", country="ROU", precision="town", span=span(text, "Iasi")
        ),
    )
    document = Document(id="envoy", published=published, events=[meeting])
    return Article(id="envoy", text=text, published=published), document


def undated_note() -> tuple[Article, Document]:
    text = "Villagers blocked the road to the quarry, a local radio station reported."
    blockade = coded(
        text,
        "note-e1",
        "PROTEST",
        "blocked",
        mode="obstruct",
        score=-5.0,
        actor=[actor(text, "Villagers", None, "CVL")],
        historical=True,
    )
    document = Document(id="note", source="radio", events=[blockade])
    return Article(id="note", text=text, source="radio"), document


def batch() -> list[tuple[Article, Document]]:
    return [river_attack(), envoy_visit(), undated_note()]


# schema and writing


def test_open_creates_the_schema_once(url: str) -> None:
    with Store.open(url) as store:
        names = set(inspect(store.engine).get_table_names())
        assert names >= TABLES
        with store.engine.connect() as conn:
            version = conn.scalar(meta.select().with_only_columns(meta.c.value))
            assert version == str(SCHEMA_VERSION)
        assert set(store.counts().values()) == {0}
    with Store.open(url) as store, store.engine.connect() as conn:  # opening again
        assert len(conn.execute(meta.select()).all()) == 1


def test_the_same_batch_twice_is_stored_once(store: Store) -> None:
    assert len(store.add(batch())) == 3
    first = store.counts()
    assert store.add(batch()) == []
    assert store.counts() == first
    river, envoy = river_attack(), envoy_visit()
    assert store.add([river, envoy, river]) == []


def test_a_duplicate_inside_one_batch_is_stored_once(store: Store) -> None:
    assert store.add([envoy_visit(), envoy_visit()]) == [envoy_visit()[1].id]
    assert store.counts()["events"] == 1


def test_known_says_which_ids_are_stored(store: Store) -> None:
    assert store.known(["river", "envoy"]) == set()
    store.add([river_attack()])
    assert store.known(iter(["river", "envoy", "river"])) == {"river"}
    assert store.known([]) == set()


def test_counts_rows_per_table(store: Store) -> None:
    store.add(batch())
    assert store.counts() == {
        "articles": 3,
        "events": 4,
        "event_actors": 7,
        "figures": 1,
        "quotes": 1,
        "entities": 1,
    }


def test_documents_come_back_exactly(store: Store) -> None:
    added = [document for _, document in batch()]
    store.add(batch())
    by_id = {document.id: document for document in added}
    assert list(store.documents()) == [by_id["river"], by_id["envoy"], by_id["note"]]
    april = list(store.documents(since=dt.date(2025, 4, 1), until=dt.date(2025, 4, 30)))
    assert april == [by_id["envoy"]]
    assert [d.id for d in store.documents(until=dt.date(2025, 3, 10))] == ["river"]


def test_a_batch_that_fails_midway_leaves_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add([undated_note()])
    before = store.counts()
    real_child_rows = store_module.child_rows
    calls = []

    def second_fails(document: Document) -> dict:
        calls.append(document.id)
        if len(calls) == 2:
            raise RuntimeError("disk pulled out")
        return real_child_rows(document)

    monkeypatch.setattr(store_module, "child_rows", second_fails)
    with pytest.raises(RuntimeError, match="disk pulled out"):
        store.add([river_attack(), envoy_visit()])
    assert calls == ["river", "envoy"]  # the first article was written before the failure
    assert store.counts() == before
    assert store.known(["river", "envoy"]) == set()


def test_a_batch_the_database_rejects_leaves_nothing(store: Store) -> None:
    """A real failure inside the database: two events of one article share an id."""
    article, document = envoy_visit()
    broken = document.model_copy(update={"events": document.events * 2})
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        store.add([river_attack(), (article, broken)])
    assert store.known(["river", "envoy"]) == set()
    assert set(store.counts().values()) == {0}
    assert store.add([river_attack(), envoy_visit()]) == ["river", "envoy"]  # still usable


def test_two_writers_racing_store_each_article_once(url: str) -> None:
    """Two connections add the same batch at the same moment."""
    results: list[int] = []
    start = threading.Barrier(2)

    def add() -> None:
        with Store.open(url) as store:
            start.wait()
            results.append(len(store.add(batch())))

    Store.open(url).close()  # the schema exists before the race
    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 3]
    with Store.open(url) as store:
        assert store.counts()["articles"] == 3
        assert store.counts()["events"] == 4


# queries


def test_events_are_flat_rows_newest_first(store: Store) -> None:
    store.add(batch())
    rows = store.events()
    assert [row["event"] for row in rows] == ["CONSULT", "ASSAULT", "PROTEST", "PROTEST"]
    consult, assault, march, blockade = rows
    assert assault == {
        "article_id": "river",
        "published": "2025-03-10",
        "date": "2025-03-09",
        "event": "ASSAULT",
        "mode": "firearms",
        "status": "occurred",
        "actor": "Fighters of the Northern Valleys Front",
        "actor_country": "MDA",
        "recipient": "a police post",
        "recipient_country": "MDA",
        "location": "Soroca",
        "dead": 3,
        "event_text": "attacked",
    }
    assert march["actor"] == "Students, teachers" and march["actor_country"] == "MDA"
    assert march["recipient"] is None and march["date"] == "2025-02"
    assert consult["date"] == "2025-04-02"  # no date of its own: the publication date
    assert blockade["published"] is None and blockade["date"] is None


def test_events_filter_by_date_range(store: Store) -> None:
    store.add(batch())

    def ids(**filters) -> list[str]:
        return [row["event_text"] for row in store.events(**filters)]

    assert ids(since=dt.date(2025, 3, 1)) == ["will meet", "attacked"]
    assert ids(until=dt.date(2025, 3, 9)) == ["attacked", "marched"]
    # "in February" covers the whole month
    assert ids(since=dt.date(2025, 2, 20), until=dt.date(2025, 2, 21)) == ["marched"]
    assert ids(since=dt.date(2025, 4, 2), until=dt.date(2025, 4, 2)) == ["will meet"]
    assert ids(since=dt.date(2026, 1, 1)) == []


def test_events_filter_by_category_country_and_actor(store: Store) -> None:
    store.add(batch())

    def texts(**filters) -> list[str]:
        return [row["event_text"] for row in store.events(**filters)]

    assert texts(type="PROTEST") == ["marched", "blocked"]
    assert texts(country="ROU") == ["will meet"]  # the recipient's country
    assert texts(country="MDA") == ["will meet", "attacked", "marched"]
    assert texts(actor_text="valleys") == ["attacked"]
    assert texts(actor_text="ROMANIAN") == ["will meet"]  # recipients count, any case
    assert texts(actor_text="100%") == []  # LIKE wildcards are plain characters
    assert texts(type="PROTEST", country="MDA") == ["marched"]
    assert texts(limit=2) == ["will meet", "attacked"]


# errors


def test_a_newer_schema_is_refused(url: str) -> None:
    with Store.open(url) as store, store.engine.begin() as conn:
        conn.execute(meta.update().values(value=str(SCHEMA_VERSION + 1)))
    with pytest.raises(StoreError, match=rf"\[E056\].*version {SCHEMA_VERSION + 1} is newer"):
        Store.open(url)


def test_reading_an_empty_database_is_a_clear_error(url: str) -> None:
    with pytest.raises(StoreError, match=r"\[E055\]"):
        Store.open(url, create=False)
    Store.open(url).close()
    Store.open(url, create=False).close()


def test_a_missing_sqlite_file_is_not_created_for_reading(tmp_path) -> None:
    path = tmp_path / "typo.db"
    with pytest.raises(StoreError, match=r"\[E055\]"):
        Store.open(str(path), create=False)
    assert not path.exists()


def test_a_locked_sqlite_database_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "events.db"
    with Store.open(str(path), timeout=0.2) as store:
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            assert store.known(["river"]) == set()  # WAL: reading still works
            with pytest.raises(StoreError, match=r"\[E050\].*locked.*0\.2s"):
                store.add([river_attack()])
        finally:
            other.close()
        assert store.add([river_attack()]) == ["river"]


def test_a_read_only_sqlite_database_is_a_clear_error(tmp_path) -> None:
    """Opened read-only (mode=ro): as root, chmod would not stop the writes."""
    path = tmp_path / "events.db"
    with Store.open(str(path)) as store:
        store.add([river_attack()])
    with Store.open(f"sqlite:///file:{path}?mode=ro&uri=true") as store:
        assert store.known(["river"]) == {"river"}
        with pytest.raises(StoreError, match=r"\[E051\].*read-only"):
            store.add([envoy_visit()])


def test_a_full_sqlite_database_is_a_clear_error(tmp_path) -> None:
    """The disk is full as SQLite sees it: a page limit the batch cannot fit in."""
    with Store.open(str(tmp_path / "events.db")) as store:
        store.add([undated_note()])

        def limit_pages(dbapi_connection, _record) -> None:
            dbapi_connection.execute("PRAGMA max_page_count = 12")

        event.listen(store.engine, "connect", limit_pages)
        store.engine.dispose()
        big = [
            (Article(id=f"big-{n}", text="x" * 4000), Document(id=f"big-{n}")) for n in range(20)
        ]
        with pytest.raises(StoreError, match=r"\[E052\].*full"):
            store.add(big)
        assert store.known([f"big-{n}" for n in range(20)]) == set()


def test_a_file_that_is_not_a_database_is_left_alone(tmp_path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list: bread, tea\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match=r"\[E053\].*notes\.db.*not a database"):
        Store.open(str(path))
    assert path.read_text(encoding="utf-8").startswith("shopping list")


def test_a_missing_directory_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(StoreError, match=r"\[E057\].*cannot open"):
        Store.open(str(tmp_path / "no" / "such" / "events.db"))


def test_an_unreachable_postgres_server_is_a_clear_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://someone:secret@127.0.0.1:{port}/events"
    with pytest.raises(StoreError, match=r"\[E054\].*cannot connect") as raised:
        Store.open(url, timeout=2)
    assert "secret" not in str(raised.value)


def test_a_refused_postgres_login_is_a_clear_error(postgres) -> None:
    url = f"postgresql://nobody@127.0.0.1:{postgres.port}/eventwire"
    with pytest.raises(StoreError, match=r'\[E054\].*"nobody"'):
        Store.open(url)


def test_unsupported_urls_are_refused() -> None:
    with pytest.raises(StoreError, match=r"\[E058\]"):
        Store.open("mysql://user@localhost/events")


# dates


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2025-03-09", None, ("2025-03-09", "2025-03-09")),
        ("2025-02", None, ("2025-02-01", "2025-02-28")),
        ("2024", None, ("2024-01-01", "2024-12-31")),
        ("2025-03-01", "2025-03-05", ("2025-03-01", "2025-03-05")),
        ("2025-13", None, ("2025-06-30", "2025-06-30")),  # unreadable: the publication date
        (None, None, ("2025-06-30", "2025-06-30")),
    ],
)
def test_an_event_date_covers_whole_days(value, end, expected) -> None:
    published = dt.date(2025, 6, 30)
    when = When(text="then", value=value, end=end)
    first, last = day_range(when, published)
    assert (first.isoformat(), last.isoformat()) == expected


# failures, migrations, read-only use


def test_failed_articles_are_remembered_until_stored(store: Store) -> None:
    store.fail("river", "news.jsonl:7", "[E080] news.jsonl:7 (id river): extraction failed (X)")
    store.fail("river", "news.jsonl:7", "[E080] again")  # a second failure replaces the first
    assert store.failed(["river", "envoy"]) == {"river"}
    store.add([river_attack()])
    assert store.failed(["river"]) == set()


def test_a_version_1_store_is_migrated(tmp_path) -> None:
    path = str(tmp_path / "old.db")
    with Store.open(path) as store:
        store.add([river_attack()])
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE failures")
            conn.exec_driver_sql("DROP INDEX ix_events_event_date")
            conn.execute(meta.update().values(value="1"))
    with Store.open(path) as store:
        assert "failures" in inspect(store.engine).get_table_names()
        indexes = {i["name"] for i in inspect(store.engine).get_indexes("events")}
        assert "ix_events_event_date" in indexes
        assert store.known(["river"]) == {"river"}
        store.fail("envoy", None, "[E080] x")
        assert store.failed(["envoy"]) == {"envoy"}


def test_a_read_only_store_is_read_without_writing_a_byte(tmp_path) -> None:
    """events, export and the web view open the store read-only: no write gets through."""
    path = tmp_path / "events.db"
    with Store.open(str(path)) as store:
        store.add(batch())
    before = path.read_bytes()
    with Store.open(str(path), readonly=True) as store:
        assert store.counts()["articles"] == 3
        assert len(store.events()) == 4
        assert [d.id for d in store.documents()] == ["river", "envoy", "note"]
        with pytest.raises(StoreError, match=r"\[E051\]"):
            store.add([river_attack()])
    assert path.read_bytes() == before


READ_STORE = """
import sys
from eventwire.store import Store
with Store.open(sys.argv[1], readonly=True) as store:
    print(store.counts()["articles"], len(store.events()), len(list(store.documents())))
"""


def as_reader(command: list[str]) -> subprocess.CompletedProcess:
    """Run a command as a user who cannot write the test's files: ourselves when we are
    not root (root writes anywhere), else `nobody`."""
    if os.geteuid() != 0:
        return subprocess.run(command, capture_output=True, text=True, timeout=120)
    nobody = pwd.getpwnam("nobody")

    def drop() -> None:
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    probe = subprocess.run(
        [sys.executable, "-c", "import eventwire"],
        preexec_fn=drop,
        capture_output=True,
        timeout=120,
    )
    if probe.returncode != 0:
        pytest.skip("the user nobody cannot run this Python (its home is private)")
    return subprocess.run(command, preexec_fn=drop, capture_output=True, text=True, timeout=120)


def test_a_store_in_a_read_only_directory_is_readable() -> None:
    with tempfile.TemporaryDirectory() as top:  # pytest's tmp_path is private to its user
        folder = Path(top) / "archive"
        folder.mkdir()
        path = folder / "events.db"
        with Store.open(str(path)) as store:
            store.add(batch())
        path.chmod(0o444)
        folder.chmod(0o555)
        Path(top).chmod(0o755)
        try:
            result = as_reader([sys.executable, "-c", READ_STORE, str(path)])
        finally:
            folder.chmod(0o755)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["3", "4", "3"]
        assert sorted(p.name for p in folder.iterdir()) == ["events.db"]


def test_a_read_only_postgresql_session_cannot_write(postgres) -> None:
    url = postgres.new_database()
    with Store.open(url) as store:
        store.add([envoy_visit()])
    with Store.open(url, readonly=True) as store:
        assert store.known(["envoy"]) == {"envoy"}
        with pytest.raises(StoreError, match=r"\[E051\]"):
            store.add([river_attack()])
