"""`eventwire export --since/--until` from a real SQLite store: events by their own date,
as `eventwire events` filters them, or articles by publication date with --by-published;
ACLED's notes are the stored article's sentences."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli.app import app
from eventwire.records import Acled, Actor, Article, Document, Event, Place, When
from eventwire.store import Store

REPORT = (
    "Port Alder, 14 August - Militiamen burned a customs post at the Alder crossing in "
    "the early hours of Thursday. Last March the same group had looted a depot in the "
    "town, residents recalled. Dockworkers will strike next week."
)


def event(id: str, words: str, when: When | None, **fields: object) -> Event:
    start = REPORT.index(words)
    return Event(
        id=id,
        event=fields.pop("category", "ASSAULT"),
        quad="material conflict",
        score=-8.0,
        confidence=0.6,
        actor=[Actor(text="Militiamen", country="GNB", sector="PRM", span=(24, 34))],
        event_text=words,
        span=(start, start + len(words)),
        sentence=fields.pop("sentence", 0),
        date=when,
        location=Place(text="Port Alder", name="Port Alder", country="GNB", span=(0, 10)),
        acled=Acled(
            event_type="Strategic developments", sub_event_type="Looting/property destruction"
        ),
        **fields,
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    """One article published 2025-08-15: an act of August 14, one of March 2025, one
    planned for the week after publication; and an older article with an undated act."""
    burned = event("port-e1", "burned", When(text="Thursday", value="2025-08-14", precision="day"))
    looted = event(
        "port-e2",
        "looted",
        When(text="Last March", value="2025-03", precision="month"),
        sentence=1,
        historical=True,
    )
    strike = event(
        "port-e3",
        "will strike",
        When(text="next week", value="2025-08-18", end="2025-08-24", precision="week"),
        sentence=2,
        category="PROTEST",
        status="future",
    )
    report = Document(id="port", published=dt.date(2025, 8, 15), events=[burned, looted, strike])
    old = Document(
        id="old",
        published=dt.date(2025, 3, 20),
        events=[event("old-e1", "burned", None)],
    )
    path = tmp_path / "store.db"
    with Store.open(str(path)) as store:
        store.add([(Article(id=d.id, text=REPORT), d) for d in (report, old)])
    return str(path)


def run(db: str, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--db", db])
    assert result.exit_code == 0, result.output
    return result.stdout


def exported_ids(db: str, *flags: str) -> list[str]:
    rows = csv.DictReader(io.StringIO(run(db, "export", "-f", "csv", *flags)))
    return sorted(row["event_id"] for row in rows)


def listed_ids(db: str, *flags: str) -> list[str]:
    """The events `eventwire events` lists, by their ids (known by article and words)."""
    ids = {("port", "burned"): "port-e1", ("port", "looted"): "port-e2"}
    ids |= {("port", "will strike"): "port-e3", ("old", "burned"): "old-e1"}
    rows = json.loads(run(db, "events", "-f", "json", *flags))
    return sorted(ids[row["article_id"], row["event_text"]] for row in rows)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (("--since", "2025-08-01"), ["port-e1", "port-e3"]),
        (("--until", "2025-03-31"), ["old-e1", "port-e2"]),
        (("--since", "2025-03-15", "--until", "2025-03-25"), ["old-e1", "port-e2"]),
        (("--since", "2025-08-20"), ["port-e3"]),  # a week that overlaps the range
        ((), ["old-e1", "port-e1", "port-e2", "port-e3"]),
    ],
)
def test_export_filters_by_the_events_date_as_events_does(
    db: str, flags: tuple[str, ...], expected: list[str]
) -> None:
    assert exported_ids(db, *flags) == expected
    assert listed_ids(db, *flags) == expected


def test_by_published_selects_whole_articles(db: str) -> None:
    ids = exported_ids(db, "--since", "2025-08-01", "--by-published")
    assert ids == ["port-e1", "port-e2", "port-e3"]
    assert exported_ids(db, "--until", "2025-04-01", "--by-published") == ["old-e1"]


def test_jsonl_keeps_the_article_with_its_events_in_range(db: str) -> None:
    lines = run(db, "export", "-f", "jsonl", "--until", "2025-03-31").splitlines()
    kept = {doc["id"]: [e["id"] for e in doc["events"]] for doc in map(json.loads, lines)}
    assert kept == {"old": ["old-e1"], "port": ["port-e2"]}


def test_acled_notes_are_the_stored_sentences(db: str, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    result = CliRunner().invoke(app, ["export", "--db", db, "-f", "acled", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = {row["event_date"]: row for row in csv.DictReader(out.open(encoding="utf-8"))}
    # the future strike is left out; the others occurred
    assert sorted(rows) == ["2025-03-01", "2025-03-20", "2025-08-14"]
    assert rows["2025-08-14"]["notes"] == (
        "Port Alder, 14 August - Militiamen burned a customs post at the Alder crossing in "
        "the early hours of Thursday."
    )
    assert rows["2025-03-01"]["notes"] == (
        "Last March the same group had looted a depot in the town, residents recalled."
    )
    assert rows["2025-03-01"]["time_precision"] == "3"
    assert Path(f"{out}-metadata.json").is_file()


def test_help_says_what_the_dates_filter() -> None:
    result = CliRunner().invoke(app, ["export", "--help"])
    assert "--by-published" in result.stdout and "Events dated on or after" in result.stdout
