"""`eventwire ingest`, `events` and `export` end to end: real pipeline, real SQLite file.

The store itself is tested against SQLite and PostgreSQL in tests/test_store.py; here
the commands are held to what a user sees: the summary, skips with reasons, exit codes,
idempotence, and a run killed with SIGKILL that completes when run again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from eventwire import Pipeline
from eventwire.cli import ingest as ingest_module
from eventwire.cli.app import app

pytest_plugins = ["postgres"]

EXAMPLES = Path(__file__).parents[2] / "examples"
TOWNS = ("Gao", "Kidal", "Mopti", "Timbuktu", "Segou", "Sikasso", "Kayes", "Menaka")


@pytest.fixture
def runner(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Commands run in-process with the session's pipeline (loaded once)."""
    monkeypatch.setattr(ingest_module, "build_pipeline", lambda options: pipeline)
    return CliRunner()


def story(n: int) -> dict:
    """An invented short article, different for every n."""
    town = TOWNS[n % len(TOWNS)]
    text = (
        f"Gunmen attacked a checkpoint near {town} on Monday, killing {n + 3} soldiers, "
        f"the Malian army said. Officials in Bamako said talks with community leaders in "
        f"{town} would resume next week. Residents said {n + 10} families had fled."
    )
    return {"id": f"story-{n}", "text": text, "published": "2025-02-12", "title": f"Story {n}"}


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("articles", "events", "figures")}  # fmt: skip


def test_ingest_stores_and_a_second_run_stores_nothing_twice(runner, tmp_path):
    db = tmp_path / "events.db"
    first = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert first.exit_code == 0, first.output
    stored = counts(db)
    assert stored["articles"] == 3 and stored["events"] > 10
    assert "stored articles" in first.output
    again = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "skipped: duplicate" in again.output
    assert counts(db) == stored


def test_events_command_filters_what_is_stored(runner, tmp_path):
    db = tmp_path / "events.db"
    runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "json"])
    rows = json.loads(result.stdout)
    assert {r["article_id"] for r in rows} == {
        "white-house-meeting",
        "kyiv-drones",
        "darfur-shelling",
    }
    assaults = json.loads(
        runner.invoke(
            app, ["events", "--db", str(db), "--type", "assault", "--format", "json"]
        ).stdout
    )
    assert assaults and {r["event"] for r in assaults} == {"ASSAULT"}
    ukraine = json.loads(
        runner.invoke(app, ["events", "--db", str(db), "--country", "UKR", "-f", "json"]).stdout
    )
    assert ukraine and {r["article_id"] for r in ukraine} == {"kyiv-drones"}
    old = json.loads(
        runner.invoke(
            app, ["events", "--db", str(db), "--until", "2024-01-01", "-f", "json"]
        ).stdout
    )
    assert old and all(r["date"] < "2024-01-01" for r in old)  # the 7 October 2023 attack
    table = runner.invoke(app, ["events", "--db", str(db)])
    assert table.exit_code == 0 and "ASSAULT" in table.stdout


def test_bad_inputs_are_skipped_with_reasons_and_the_rest_is_stored(runner, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(
        corpus / "mixed.jsonl",
        [
            story(1),
            '{"id": "broken", "text": ',
            {"id": "french", "text": "Le gouvernement a annoncé mardi que les négociations "
             "avec les rebelles reprendraient la semaine prochaine à Genève, selon un "
             "communiqué publié par le ministère après une longue réunion du conseil."},
            story(2),
        ],
    )  # fmt: skip
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "junk.txt").write_bytes(bytes(range(256)) * 8)
    db = tmp_path / "events.db"
    result = runner.invoke(
        app,
        ["ingest", str(corpus), "http://127.0.0.1:9/nothing", "--db", str(db), "--timeout", "2"],
    )
    assert result.exit_code == 1
    out = result.output
    assert "mixed.jsonl:2" in out and "skipped: malformed" in out
    assert "skipped: not English" in out and "skipped: empty" in out
    assert "skipped: unreadable" in out and "127.0.0.1:9" in out
    assert counts(db)["articles"] == 2


def test_an_unusable_store_is_a_clear_error(runner, tmp_path):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(not_a_db)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "[E05" in result.output
    assert not_a_db.read_text(encoding="utf-8").startswith("these are my notes")


def test_export_parquet_is_read_back_by_pandas(runner, tmp_path):
    db = tmp_path / "events.db"
    runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db)])
    out = tmp_path / "events.parquet"
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out)
    assert len(frame) == counts(db)["events"]
    assert set(frame["article_id"]) == {"white-house-meeting", "kyiv-drones", "darfur-shelling"}


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database: a SQLite file, or a fresh database on the suite's server."""
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    return request.getfixturevalue("postgres").new_database("ingest")


def test_a_killed_ingest_completes_when_run_again(tmp_path, db_url):
    """SIGKILL mid-run, for real, in a subprocess: whole batches only, then every
    article exactly once after the second run."""
    total = 48
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [story(n) for n in range(total)])
    command = [sys.executable, "-c", "from eventwire.cli.app import main; main()", "ingest",
               str(corpus), "--db", db_url, "--commit-every", "4",
               "--batch-size", "4"]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _stored(db_url) < 8:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    partial = _stored(db_url)
    assert 8 <= partial < total, "the kill should land mid-run"
    _assert_consistent(db_url)
    finished = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert _stored(db_url) == total
    _assert_consistent(db_url)
    assert "skipped: duplicate" in finished.stderr


def _engine(db_url: str) -> sa.Engine:
    if db_url.startswith("postgresql://"):
        return sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    return sa.create_engine(f"sqlite:///{db_url}")


def _stored(db_url: str) -> int:
    if "://" not in db_url and not Path(db_url).exists():
        return 0
    engine = _engine(db_url)
    try:
        with engine.connect() as con:
            return con.execute(sa.text("select count(*) from articles")).scalar_one()
    except sa.exc.DBAPIError:
        return 0  # the schema is not there yet, or the file is being created
    finally:
        engine.dispose()


def _assert_consistent(db_url: str) -> None:
    """Every stored article has all of its events, and nothing belongs to no article."""
    engine = _engine(db_url)
    with engine.connect() as con:
        documents = con.execute(sa.text("select id, document from articles")).fetchall()
        for article_id, document in documents:
            expected = len(json.loads(document)["events"])
            found = con.execute(
                sa.text("select count(*) from events where article_id = :id"), {"id": article_id}
            ).scalar_one()
            assert found == expected, article_id
        orphans = con.execute(
            sa.text("select count(*) from events where article_id not in (select id from articles)")
        ).scalar_one()
        assert orphans == 0
    engine.dispose()


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--since", "last spring"],
        ["events", "--type", "SKIRMISH"],
        ["export", "--format", "xlsx"],
        ["export", "--format", "parquet"],
        ["export", "--until", "2025-13-45"],
    ],
)
def test_query_and_export_usage_errors_exit_2(runner, tmp_path, args):
    db = tmp_path / "events.db"
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not db.exists()  # nothing was opened, let alone created


@pytest.mark.parametrize("command", ["events", "export"])
def test_reading_a_store_that_does_not_exist_is_a_clear_error(runner, tmp_path, command):
    db = tmp_path / "nowhere.db"
    result = runner.invoke(app, [command, "--db", str(db)])
    assert result.exit_code == 1
    assert "[E055]" in result.output and "Traceback" not in result.output
    assert not db.exists()
