"""`eventwire ingest`, `events` and `export` end to end: real pipeline, real SQLite file.

The store itself is tested against SQLite and PostgreSQL in tests/test_store.py; here
the commands are held to what a user sees: the summary, skips with reasons, exit codes,
idempotence, and a run killed with SIGKILL that completes when run again."""

from __future__ import annotations

import io
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

from eventwire import Article, Pipeline
from eventwire.cli import ingest as ingest_module
from eventwire.cli.app import app
from eventwire.pipeline.events import EventCoder
from eventwire.store import Store

pytest_plugins = ["postgres"]

EXAMPLES = Path(__file__).parents[2] / "examples"
TOWNS = ("Gao", "Kidal", "Mopti", "Timbuktu", "Segou", "Sikasso", "Kayes", "Menaka")


@pytest.fixture
def runner(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Commands run in-process with the session's pipeline (loaded once)."""
    monkeypatch.setattr(ingest_module, "build_pipeline", lambda options: pipeline)
    runner = CliRunner()
    runner.pipeline = pipeline
    return runner


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


# -- a poison record never stops a corpus (issue 11) ------------------------------------

POISON = "POISON"


@pytest.fixture
def poisoned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The events stage raises on any article that says POISON, as a bug would."""
    original = EventCoder.__call__

    def call(self, doc):
        if POISON in doc.text:
            raise RuntimeError("a bug met this article")
        return original(self, doc)

    monkeypatch.setattr(EventCoder, "__call__", call)


def poisoned_corpus(tmp_path: Path) -> Path:
    bad = story(3) | {"id": "story-bad", "text": f"{POISON}: " + story(3)["text"]}
    return write_jsonl(tmp_path / "news.jsonl", [story(1), story(2), bad, story(4)])


def test_a_poison_record_is_skipped_remembered_and_retried_on_request(
    runner, tmp_path, monkeypatch, poisoned
):
    corpus, db = poisoned_corpus(tmp_path), tmp_path / "events.db"
    first = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert first.exit_code == 1
    assert f"[E080] {corpus}:3 (id story-bad): extraction failed (RuntimeError" in first.output
    assert "Traceback" not in first.output and "skipped: failed" in first.output
    assert counts(db)["articles"] == 3

    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert again.exit_code == 1  # the corpus is still not whole, and the user is told
    assert f"[E081] {corpus}:3 (id story-bad): failed in an earlier run" in again.output
    assert "skipped: duplicate" in again.output and counts(db)["articles"] == 3

    monkeypatch.undo()  # the bug is fixed; the session's pipeline is needed again
    monkeypatch.setattr(ingest_module, "build_pipeline", lambda options: runner.pipeline)
    fixed = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--retry-failed"])
    assert fixed.exit_code == 0, fixed.output
    assert counts(db)["articles"] == 4
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from failures").fetchone()[0] == 0


def test_debug_shows_the_traceback_of_a_failed_article(runner, tmp_path, poisoned):
    corpus, db = poisoned_corpus(tmp_path), tmp_path / "events.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--debug"])
    assert "Traceback" in result.output and "a bug met this article" in result.output


def test_the_summary_counts_only_what_this_run_inserted(pipeline, tmp_path):
    """Two runs racing on one corpus: the article the other run stored first is a
    duplicate in this run's summary, and its events are not claimed."""
    articles = [Article.make(story(n)["text"], id=f"s{n}") for n in range(3)]
    pairs = list(zip(articles, pipeline.extract_many(articles), strict=True))
    with Store.open(str(tmp_path / "events.db")) as store:
        store.add(pairs[1:2])  # the other run
        tally = ingest_module.Tally(io.StringIO())
        ingest_module.commit(store, pairs, tally)
    assert tally.stored["articles"] == 2 and tally.skipped["duplicate"] == 1
    assert tally.stored["events"] == len(pairs[0][1].events) + len(pairs[2][1].events)


def test_the_progress_estimate_reads_no_file(tmp_path):
    """A FIFO, an unreadable file or a 1 GB line must not stall or swell the start."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.mkfifo(corpus / "pipe.jsonl")  # opening it would block forever
    (corpus / "big.jsonl").write_bytes(b"x" * 400_000)  # no newline at all
    (corpus / "one.txt").write_text("Troops withdrew.")
    (corpus / "dangling.csv").symlink_to(tmp_path / "missing.csv")
    assert ingest_module.estimate([str(corpus)]) == 400_000 // ingest_module.RECORD_BYTES + 1
