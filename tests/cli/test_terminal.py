"""What a reader sees in a terminal: tables that fit 80 columns without splitting a
date, --wide and --evidence, the global -v/-q/--log-file flags, and the ingest progress
bar (per article, silent in a pipe). Stores are real SQLite files built from hand-made
documents; the ingest runs use the session's real pipeline."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from eventwire import Pipeline, logs
from eventwire.cli import ingest as ingest_module
from eventwire.cli.app import app
from eventwire.cli.events import QueryFormat, write_rows
from eventwire.cli.output import render_document
from eventwire.cli.tables import Column, evidence, fit
from eventwire.records import Actor, Article, Document, Event, Figure, Place, When
from eventwire.store import Store

REPORT = (
    "Harbour Vale, 3 May - Fighters of the Northern Coastal Liberation Brigade shelled "
    "the fishing quarter of Harbour Vale overnight, killing eleven people.\n\nThe "
    "provincial governor of the Eastern Littoral Province said talks with the brigade "
    "would resume on 10 May. Dockworkers protested in the capital on Friday."
)
DATES = ("2025-05-02", "2025-05-10", "2025-05-03", "2025-04-30")
"""Every date the table must show whole: three event dates and the publication date."""
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ANSI = "\x1b["


def event(id: str, words: str, category: str, when: str, **fields: object) -> Event:
    start = REPORT.index(words)
    return Event(
        id=id,
        event=category,
        quad="material conflict",
        score=-9.0,
        confidence=0.7,
        event_text=words,
        span=(start, start + len(words)),
        sentence=fields.pop("sentence", 0),
        date=When(text=when, value=when, precision="day"),
        **fields,
    )


def brigade(text: str = "Fighters of the Northern Coastal Liberation Brigade") -> list[Actor]:
    return [Actor(text=text, country="XKV", sector="REB", span=(21, 21 + len(text)))]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """One article (published 2025-05-03) with a shelling, planned talks and a protest."""
    shelled = event(
        "hv-e1",
        "shelled",
        "ASSAULT",
        "2025-05-02",
        mode="heavy-weapons",
        actor=brigade(),
        recipient=[Actor(text="residents of the fishing quarter", country="XKV", span=(0, 1))],
        location=Place(text="Harbour Vale", name="Harbour Vale", country="XKV", span=(0, 12)),
        dead={"value": 11, "qualifier": None},
    )
    talks = event(
        "hv-e2",
        "talks",
        "CONSULT",
        "2025-05-10",
        status="future",
        sentence=1,
        actor=[
            Actor(
                text="The provincial governor of the Eastern Littoral Province",
                country="XKV",
                sector="GOV",
                span=(0, 1),
            )
        ],
        recipient=brigade("the brigade"),
    )
    protest = event("hv-e3", "protested", "PROTEST", "2025-04-30", sentence=2)
    figure = Figure(
        value=11,
        category="killed",
        who="people",
        source="the provincial governor of the Eastern Littoral Province",
        span=(REPORT.index("eleven"), REPORT.index("eleven") + 6),
        sentence=0,
    )
    document = Document(
        id="harbour-vale",
        published=dt.date(2025, 5, 3),
        source="Littoral Wire",
        events=[shelled, talks, protest],
        figures=[figure],
    )
    path = tmp_path / "store.db"
    with Store.open(str(path)) as store:
        store.add([(Article(id=document.id, text=REPORT), document)])
    return str(path)


def run(*args: str, columns: int = 80) -> object:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


def assert_fits(text: str, width: int = 80) -> None:
    lines = text.splitlines()
    assert lines and max(len(line) for line in lines) <= width, text


def assert_dates_whole(text: str, dates: tuple[str, ...] = DATES) -> None:
    """Each date appears whole, and nothing that starts like a date is cut short
    (`2025-0…`) or split over lines (`2025-0` then `5-02`)."""
    found = set(ISO_DATE.findall(text))
    for date in dates:
        assert date in found, (date, text)
    for token in re.findall(r"(?<![\w-])\d{4}-[\d-]*", text):
        assert ISO_DATE.fullmatch(token), (token, text)
    assert not re.search(r"^\s*\d{0,2}-\d{2}\b", text, re.M), text


# -- tables --------------------------------------------------------------------------------


def test_events_table_fits_80_columns_and_keeps_dates_whole(db: str) -> None:
    result = run("events", "--db", db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert_fits(out)
    assert_dates_whole(out, DATES[:2] + DATES[3:])
    assert "Fighters of" in out and "\u2026" in out  # the long actor is cut, not wrapped
    assert "Northern Coastal Liberation Brigade" not in out
    assert len([line for line in out.splitlines() if ISO_DATE.search(line)]) == 3  # a row a line
    assert "future" in out and "occurred" not in out  # only the unusual status shows
    assert ANSI not in out


@pytest.mark.parametrize("columns", [60, 40])
def test_narrow_terminals_drop_columns_before_cutting_a_date(db: str, columns: int) -> None:
    out = run("events", "--db", db, columns=columns).stdout
    assert_fits(out, columns)
    assert_dates_whole(out, ("2025-05-02", "2025-05-10", "2025-04-30"))


def test_wide_shows_every_column_in_full(db: str) -> None:
    out = run("events", "--db", db, "--wide").stdout
    for heading in ("published", "mode", "actor ctry", "recip ctry", "words", "article"):
        assert heading in out
    assert "Fighters of the Northern Coastal Liberation Brigade" in out
    assert "heavy-weapons" in out and "harbour-vale" in out and "occurred" in out
    assert max(len(line) for line in out.splitlines()) > 80
    assert_dates_whole(out)


def test_evidence_prints_each_sentence_with_the_trigger_marked(db: str) -> None:
    out = run("events", "--db", db, "--evidence").stdout
    assert_fits(out)
    lines = out.splitlines()
    shelling = next(i for i, line in enumerate(lines) if line.startswith("2025-05-02"))
    evidence_text = " ".join(line.strip() for line in lines[shelling + 1 : shelling + 4])
    assert "Liberation Brigade [[shelled]] the fishing quarter" in evidence_text
    assert lines[shelling + 1].startswith("    ")  # under its row, indented
    talks = next(i for i, line in enumerate(lines) if line.startswith("2025-05-10"))
    talks_text = " ".join(line.strip() for line in lines[talks + 1 : talks + 3])
    assert "Province said [[talks]] with the brigade would resume on 10 May." in talks_text
    assert "Dockworkers [[protested]] in the capital on Friday." in out


def test_evidence_in_a_terminal_is_bold_and_underlined(db: str) -> None:
    with Store.open(db, readonly=True) as store:
        rows = store.events()
        from eventwire.cli.events import evidence_of

        notes = evidence_of(store, rows, styled=True)
    console = Console(file=io.StringIO(), width=80, force_terminal=True, color_system="standard")
    write_rows(rows, QueryFormat.table, notes=notes, console=console)
    out = console.file.getvalue()
    assert "\x1b[1;4mshelled\x1b[0m" in out and "[[" not in out


def test_evidence_marks_the_span_in_its_own_sentence() -> None:
    text = "First one.  Troops\nwithdrew from the town.  Then rain."
    start = text.index("withdrew")
    plain = evidence(text, start, start + len("withdrew"), styled=False)
    assert plain.plain == "Troops [[withdrew]] from the town."
    styled = evidence(text, start, start + len("withdrew"), styled=True)
    assert styled.plain == "Troops withdrew from the town."
    assert [str(span.style) for span in styled.spans] == ["bold underline"]


def test_fit_cuts_the_longest_text_first_and_never_a_date() -> None:
    columns = [Column("d", "date", "date"), Column("a", "actor"), Column("p", "place")]
    widths = fit(columns, [10, 50, 12], 40)
    assert widths[0] == 10 and widths[2] == 12 and sum(widths) + 4 <= 40
    assert fit(columns, [10, 50, 12], 16) == [10, 4, 0]  # place dropped, date whole


def test_figures_tables_fit_and_wide_adds_the_sentence(db: str) -> None:
    for args in (["figures"], ["figures", "--series"]):
        out = run(*args, "--db", db).stdout
        assert_fits(out)
        assert_dates_whole(out, ("2025-05-03",))
        assert "Harbour Vale" in out
    assert "the provincial governor of \u2026" in run("figures", "--db", db).stdout  # cut
    wide = run("figures", "--db", db, "--wide").stdout
    assert "killing eleven people" in wide and "Littoral Wire" in wide
    evidence_out = run("figures", "--db", db, "--evidence").stdout
    assert_fits(evidence_out)
    assert "    Harbour Vale, 3 May - Fighters" in evidence_out


def test_extract_table_never_splits_a_date_range() -> None:
    when = When(text="this week", value="2025-06-30", end="2025-07-06", precision="week")
    talks = event("hv-e2", "talks", "CONSULT", "2025-05-10", actor=brigade())
    document = Document(id="x", events=[talks.model_copy(update={"date": when})])
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(render_document(document))
    out = console.file.getvalue()
    assert_fits(out)
    assert "2025-06-30.." in out and "2025-07-06" in out


def test_json_and_csv_are_unchanged_by_the_table_flags(db: str) -> None:
    rows = json.loads(run("events", "--db", db, "-f", "json", "--wide").stdout)
    assert len(rows) == 3
    assert "Fighters of the Northern Coastal Liberation Brigade" in {r["actor"] for r in rows}


# -- logging -------------------------------------------------------------------------------


def test_verbose_logs_info_and_log_file_keeps_timestamped_lines(db: str, tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    quiet = run("events", "--db", db)
    assert "INFO" not in quiet.stderr
    result = run("-v", "--log-file", str(log), "events", "--db", db)
    assert result.exit_code == 0
    assert "INFO eventwire.cli.events: 3 events from" in result.stderr
    missing = run("--log-file", str(log), "events", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 1 and missing.stderr.count("\n") == 1
    lines = log.read_text(encoding="utf-8").splitlines()
    stamp = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} "
    assert re.match(stamp + r"INFO eventwire\.cli\.events: 3 events from", lines[0])
    assert re.match(stamp + r"ERROR eventwire: \[E0\d\d\] ", lines[-1]), lines
    assert ANSI not in log.read_text(encoding="utf-8")


def test_quiet_keeps_errors_and_drops_notes(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    loud = run("export", "--db", db, "-f", "jsonl", "-o", str(out))
    assert "records written" in loud.stderr
    quiet = run("-q", "export", "--db", db, "-f", "jsonl", "-o", str(out))
    assert quiet.exit_code == 0 and quiet.stderr == ""
    failed = run("-q", "events", "--db", str(tmp_path / "none.db"))
    assert failed.exit_code == 1 and failed.stderr.startswith("eventwire: [E0")


def test_logging_flags_usage_errors(tmp_path: Path) -> None:
    both = run("-q", "-v", "events")
    assert both.exit_code == 2 and "cannot be combined" in both.output
    nowhere = run("--log-file", str(tmp_path / "no" / "dir.log"), "events")
    assert nowhere.exit_code == 1 and "Traceback" not in nowhere.output
    assert nowhere.stderr.startswith("eventwire: [E150] cannot write the log file")


# -- ingest progress -----------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    lines = [
        json.dumps(
            {
                "id": f"p{n}",
                "published": "2025-05-03",
                "text": f"Militiamen shelled the port of Harbour Vale on Friday, killing {n + 2} "
                "people, the provincial governor said.",
            }
        )
        for n in range(5)
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines[:3]) + "\n\n" + "\n".join(lines[3:]) + "\n")
    return path


def test_ingest_in_a_pipe_writes_no_escape_codes(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path
) -> None:
    monkeypatch.setattr(ingest_module, "build_pipeline", lambda options: pipeline)
    db = str(tmp_path / "p.db")
    result = run("ingest", str(corpus), str(tmp_path / "missing.txt"), "--db", db)
    assert result.exit_code == 1  # the missing file
    assert re.search(r"stored articles\s+5\b", result.stderr), result.stderr
    assert ANSI not in result.output and "\r" not in result.output
    assert "ingesting" not in result.output  # no bar at all
    quiet = run("-q", "ingest", str(corpus), "--db", db)
    assert quiet.exit_code == 0 and quiet.output == ""  # all duplicates, and no summary


def test_the_bar_advances_per_article_before_any_commit(
    pipeline: Pipeline, corpus: Path, tmp_path: Path
) -> None:
    """commit_every is larger than the corpus: the only commit is at the end, and the
    bar still moves an article at a time, with a rate, against the counted total."""
    logs.configure()  # as the command does: not quiet (an earlier test may have run -q)
    seen: list[tuple[float, int]] = []
    terminal = Console(file=io.StringIO(), force_terminal=True, width=120)

    class Watched(ingest_module.Bar):
        def advance(self, n: int) -> None:
            super().advance(n)
            seen.append((self.completed, stored()))

    def stored() -> int:
        return store.counts()["articles"]

    def bar() -> ingest_module.Bar:
        watched = Watched(ingest_module.estimate([str(corpus)]), console=terminal)
        watched.set_total(ingest_module.count_records([str(corpus)]))
        return watched

    items = ingest_module.read_inputs([str(corpus)], ingest_module.ReadOptions())
    tally = ingest_module.Tally(io.StringIO())
    with Store.open(str(tmp_path / "b.db")) as store:
        ingest_module.store_items(
            store, items, pipeline.options, tally, commit_every=100, progress=bar
        )
        assert stored() == 5
    assert [completed for completed, _ in seen] == [1, 2, 3, 4, 5]
    assert all(count == 0 for _, count in seen)  # every step came before the commit
    screen = terminal.file.getvalue()
    assert "5/5" in screen and "articles/s" in screen


def test_count_records_counts_what_the_readers_yield(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("One article.")
    (folder / "b.html").write_text("<p>Another.</p>")
    (folder / ".hidden.txt").write_text("Not read.")
    (folder / "notes.md").write_text("Not read either.")
    (folder / "wire.csv").write_text('id,text\n1,"two\n\nparagraphs"\n2,one\n', encoding="utf-8")
    os.mkfifo(folder / "pipe.jsonl")  # opening it would block forever
    assert ingest_module.count_records([str(corpus)]) == 5  # the blank line is no record
    assert ingest_module.count_records([str(folder)]) == 1 + 1 + 2  # no FIFO, hidden, .md
    assert ingest_module.count_records([str(corpus), "https://example.org/feed"]) is None
    big = tmp_path / "one-line.jsonl"
    big.write_bytes(b"x" * (3 * ingest_module.COUNT_CHUNK + 5))  # one line, no newline
    assert ingest_module.count_records([str(big)]) == 1
