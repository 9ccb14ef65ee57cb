"""`eventwire extract` end to end through Typer's CliRunner.

These tests hold the command to reading, structure, ids, messages and exit codes, not
to which events come out (the stages have their own tests). Most run against a stand-in
pipeline that turns each Article into an empty Document, lazily, as `Pipeline` does:
fast, and not at the mercy of a stage's bug. The tests marked "real pipeline" hand the
command the session's spaCy Pipeline (loaded once) to check the wiring end to end."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import Pipeline
from eventwire.cli import extract as extract_module
from eventwire.cli.app import app
from eventwire.cli.output import JsonWriter, render_document
from eventwire.records import (
    Actor,
    Article,
    Document,
    Event,
    Figure,
    Magnitude,
    Place,
    Quote,
    Speaker,
    When,
    text_id,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "read"
ARTICLE_TXT = FIXTURES / "article.txt"
PAGE_HTML = FIXTURES / "page.html"
ARTICLES_JSONL = FIXTURES / "articles.jsonl"
MIXED_JSONL = FIXTURES / "mixed.jsonl"
GOOD_ID = text_id(ARTICLE_TXT.read_text(encoding="utf-8"))
DOCUMENT_KEYS = {"id", "title", "url", "source", "published", "events", "figures", "quotes"}


class StandIn:
    """Pipeline's interface without spaCy: one empty Document per Article, lazily."""

    def process(self, articles: Iterable[Article]) -> Iterator[Document]:
        for a in articles:
            yield Document(
                id=a.id, title=a.title, url=a.url, source=a.source, published=a.published
            )


@pytest.fixture(autouse=True)
def loaded(monkeypatch: pytest.MonkeyPatch) -> list:
    """Hand the stand-in to the command; the list records the Options it was built with."""
    asked: list = []

    def build(options):
        asked.append(options)
        return StandIn()

    monkeypatch.setattr(extract_module, "build_pipeline", build)
    return asked


@pytest.fixture
def real(monkeypatch: pytest.MonkeyPatch, pipeline: Pipeline, loaded: list) -> list:
    """Hand the command the session's real Pipeline instead of the stand-in."""

    def build(options):
        loaded.append(options)
        return pipeline

    monkeypatch.setattr(extract_module, "build_pipeline", build)
    return loaded


def run(*args: str | Path, input: bytes | str | None = None):
    """Invoke `eventwire extract`; no exception may escape the command (no traceback)."""
    result = CliRunner().invoke(app, ["extract", *map(str, args)], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    return result


def plain(stderr: str) -> str:
    """Typer's boxed usage error as one line of words."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", stderr).split())


def lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def ids(stdout: str) -> list[str]:
    return [doc["id"] for doc in lines(stdout)]


def assert_one_skip(result, code: str, where: str | Path) -> None:
    """Exactly one skip line, naming the input, then the summary line."""
    skips = [line for line in result.stderr.splitlines() if line.startswith("eventwire: skipped")]
    assert skips == [line for line in skips if f"[{code}] {where}: " in line], result.stderr
    assert len(skips) == 1, result.stderr
    assert "1 skipped" in result.stderr


# -- good runs ----------------------------------------------------------------------------


def test_every_kind_of_input_in_input_order(real: list) -> None:
    """Real pipeline."""
    result = run(ARTICLE_TXT, ARTICLES_JSONL, PAGE_HTML, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    docs = lines(result.stdout)
    assert [d["id"] for d in docs[:4]] == [GOOD_ID, "harbor-01", "harbor-02", "harbor-03"]
    assert docs[4]["title"] == "Ferry strike halts island trade"
    assert docs[4]["source"] == "The Coastal Ledger"
    assert docs[0]["source"] == str(ARTICLE_TXT)
    for doc in docs:
        assert doc.keys() >= DOCUMENT_KEYS
    assert len(real) == 1  # one pipeline for the whole run


def test_options_reach_the_pipeline(loaded: list) -> None:
    result = run(ARTICLE_TXT, "--max-chars", "5000", "--model", "my_model", "-f", "jsonl")
    assert result.exit_code == 0
    (options,) = loaded
    assert options.max_chars == 5000 and options.model == "my_model"


def test_published_fills_only_missing_dates() -> None:
    result = run(ARTICLE_TXT, ARTICLES_JSONL, "--published", "2024-02-12", "-f", "jsonl")
    dates = [doc["published"] for doc in lines(result.stdout)]
    assert dates == ["2024-02-12", "2024-02-09", "2024-02-12", "2024-02-14"]


def test_jsonl_streams_each_document_before_the_next_is_extracted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A fake pipeline checks, as it yields each document, that all earlier ones are
    already in the output file and that it was handed a stream, not a list."""
    out = tmp_path / "out.jsonl"

    class Streaming:
        def process(self, articles: Iterable[Article]) -> Iterator[Document]:
            assert not isinstance(articles, list | tuple)
            for n, article in enumerate(articles):
                assert len(out.read_text().splitlines()) == n
                yield Document(id=article.id, source=article.source)

    monkeypatch.setattr(extract_module, "build_pipeline", lambda options: Streaming())
    result = run(ARTICLES_JSONL, MIXED_JSONL, "-f", "jsonl", "-o", out)
    assert ids(out.read_text()) == [
        "harbor-01",
        "harbor-02",
        "harbor-03",
        "mix-01",
        "mix-03",
        "mix-06",
    ]
    assert result.exit_code == 1  # mixed.jsonl has bad lines


def test_stdin_jsonl() -> None:
    data = "\n".join(
        json.dumps({"id": f"in-{i}", "text": f"Story {i} from Korbel."}) for i in range(3)
    )
    result = run("-", "-f", "jsonl", input=data)
    assert result.exit_code == 0
    assert ids(result.stdout) == ["in-0", "in-1", "in-2"]


def test_stdin_text() -> None:
    text = "Firefighters in Lanskoy contained a blaze at a fuel depot on Tuesday.\n"
    result = run("-", "-f", "jsonl", "--published", "2024-04-02", input=text)
    assert result.exit_code == 0
    (doc,) = lines(result.stdout)
    assert doc["id"] == text_id(text)
    assert doc["source"] is None and doc["published"] == "2024-04-02"


def test_stdin_bad_jsonl_line_names_stdin_and_line() -> None:
    data = '{"id": "ok-1", "text": "Story one from Korbel."}\n{"id": \n'
    result = run("-", "-f", "jsonl", input=data)
    assert result.exit_code == 1
    assert ids(result.stdout) == ["ok-1"]
    assert_one_skip(result, "E015", "<stdin>:2")


# -- output formats -----------------------------------------------------------------------


def test_json_single_article_is_an_object() -> None:
    result = run(ARTICLE_TXT, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert isinstance(doc, dict) and doc["id"] == GOOD_ID
    assert result.stdout.startswith("{\n  ")


def test_json_several_articles_are_an_array_in_order() -> None:
    result = run(ARTICLES_JSONL, ARTICLE_TXT, "--format", "json")
    docs = json.loads(result.stdout)
    assert [d["id"] for d in docs] == ["harbor-01", "harbor-02", "harbor-03", GOOD_ID]


@pytest.mark.parametrize("count", [0, 1, 2, 5])
def test_json_writer_is_valid_json_for_any_count(count: int) -> None:
    import io

    stream = io.StringIO()
    writer = JsonWriter(stream)
    for i in range(count):
        writer.write(Document(id=str(i)))
    writer.close()
    value = json.loads(stream.getvalue())
    if count == 1:
        assert value["id"] == "0"
    else:
        assert [d["id"] for d in value] == [str(i) for i in range(count)]


def test_table_is_the_default_and_shows_the_header(real: list) -> None:
    """Real pipeline."""
    result = run(ARTICLES_JSONL)
    assert result.exit_code == 0
    assert "Fuel seized in Saldune" in result.stdout
    assert "harbor-01" in result.stdout and "harbor-03" in result.stdout
    assert "2024-02-09" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no ANSI codes


def test_output_file_gets_plain_text_and_stdout_stays_empty(tmp_path: Path) -> None:
    out = tmp_path / "view.txt"
    result = run(PAGE_HTML, "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "Ferry strike halts island trade" in text and "\x1b[" not in text


def test_output_into_missing_directory_is_a_usage_error(tmp_path: Path, loaded: list) -> None:
    result = run(ARTICLE_TXT, "-o", tmp_path / "no" / "such" / "out.jsonl")
    assert result.exit_code == 2
    assert "'--output' / '-o': directory" in plain(result.stderr)
    assert "does not exist" in plain(result.stderr)
    assert loaded == []


def test_table_renders_every_layer_and_never_reads_markup() -> None:
    """The view of a hand-built document: events, figures and quotes tables, with text
    that looks like Rich markup printed as is."""
    from rich.console import Console

    doc = Document(
        id="doc-1",
        title="Clashes in [red]Tarn[/red]",
        published="2024-05-01",
        events=[
            Event(
                id="e1",
                event="ASSAULT",
                mode="aerial",
                quad="material conflict",
                score=-9.5,
                status="occurred",
                actor=[
                    Actor(
                        text="the air force",
                        name="Air Force",
                        country="TRN",
                        sector="MIL",
                        span=(0, 3),
                    )
                ],
                recipient=[Actor(text="villagers", span=(10, 19))],
                event_text="bombed",
                span=(4, 10),
                sentence=0,
                date=When(text="on Monday", value="2024-04-29", precision="day"),
                location=Place(text="Tarn", name="Tarn", country="TRN", span=(20, 24)),
                dead=Magnitude(value=14, qualifier="at least"),
                injured=Magnitude(value=30),
                confidence=0.8,
            )
        ],
        figures=[
            Figure(
                value=1200,
                qualifier="about",
                category="displaced",
                who="residents",
                source="aid agency",
                span=(30, 40),
                sentence=1,
            )
        ],
        quotes=[
            Quote(
                text="We heard the planes at dawn",
                speaker=Speaker(text="a farmer"),
                span=(50, 80),
                sentence=2,
            )
        ],
    )
    console = Console(width=200, record=True, color_system=None)
    console.print(render_document(doc))
    text = console.export_text()
    assert "Clashes in [red]Tarn[/red]" in text
    for expected in (
        "ASSAULT",
        "aerial",
        "occurred",
        "Air Force (TRN MIL)",
        "villagers",
        "2024-04-29",
        "Tarn (TRN)",
        "at least 14 dead; 30 injured",
        "bombed",
        "1,200",
        "about",
        "displaced",
        "residents",
        "aid agency",
        "a farmer",
        "We heard the planes at dawn",
    ):
        assert expected in text, expected


# -- bad inputs: one test each, with a good article in the same run -----------------------


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    result = run(missing, ARTICLE_TXT, "-f", "jsonl")
    assert result.exit_code == 1
    assert ids(result.stdout) == [GOOD_ID]
    assert_one_skip(result, "E010", missing)


@pytest.mark.parametrize("content", ["", " \n\t \n"], ids=["empty", "whitespace"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(content)
    result = run(ARTICLE_TXT, empty, "-f", "jsonl")
    assert result.exit_code == 1
    assert ids(result.stdout) == [GOOD_ID]
    assert_one_skip(result, "E011", empty)


def test_binary_junk(tmp_path: Path) -> None:
    junk = tmp_path / "photo.txt"
    junk.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8)
    result = run(junk, ARTICLE_TXT, "-f", "jsonl")
    assert result.exit_code == 1
    assert ids(result.stdout) == [GOOD_ID]
    assert_one_skip(result, "E012", junk)


def test_undecodable_bytes(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Ministers met in Zürich on Friday.".encode("latin-1"))
    result = run(legacy, ARTICLE_TXT, "-f", "jsonl")
    assert result.exit_code == 1
    assert ids(result.stdout) == [GOOD_ID]
    assert_one_skip(result, "E013", legacy)
    assert "not valid UTF-8" in result.stderr


def test_malformed_jsonl_line_between_good_lines(tmp_path: Path, real: list) -> None:
    """Real pipeline: a skip inside a batch does not shift the documents after it."""
    path = tmp_path / "data.jsonl"
    path.write_text(
        '{"id": "a", "text": "Story A from Vell."}\n'
        '{"id": "b", "text": "Story B from Vell."}\n'
        '{"id": "c", "text": "Story C, unterminated\n'
        '{"id": "d", "text": "Story D from Vell."}\n'
    )
    result = run(path, "-f", "jsonl")
    assert result.exit_code == 1
    assert ids(result.stdout) == ["a", "b", "d"]
    assert_one_skip(result, "E015", f"{path}:3")
    assert "malformed JSON" in result.stderr


def test_jsonl_record_without_text(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(
        '{"id": "a", "text": "Story A from Vell."}\n{"id": "b", "title": "Only a title"}\n'
    )
    result = run(path, "-f", "jsonl")
    assert result.exit_code == 1
    assert ids(result.stdout) == ["a"]
    assert_one_skip(result, "E016", f"{path}:2")


def test_ten_megabyte_article_in_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w") as handle:
        handle.write(json.dumps({"id": "huge", "text": "Troops moved. " * 750_000}) + "\n")
        handle.write(json.dumps({"id": "small", "text": "Story S from Vell."}) + "\n")
    result = run(path, "-f", "jsonl")
    assert result.exit_code == 1
    assert ids(result.stdout) == ["small"]
    assert_one_skip(result, "E021", f"{path}:1")  # refused before it is decoded
    assert "10,500,027 bytes" in result.stderr and "100,000" in result.stderr


def test_ten_megabyte_text_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Troops moved. " * 750_000)
    result = run(path, ARTICLE_TXT, "-f", "jsonl")
    assert result.exit_code == 1
    assert ids(result.stdout) == [GOOD_ID]
    assert_one_skip(result, "E021", path)
    assert "--max-chars" in result.stderr


def test_max_chars_option_applies_to_reading(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(
        json.dumps({"id": "long", "text": "x " * 100})
        + "\n"
        + json.dumps({"id": "short", "text": "Story S."})
        + "\n"
    )
    result = run(path, "--max-chars", "50", "-f", "jsonl")
    assert ids(result.stdout) == ["short"]
    assert_one_skip(result, "E014", f"{path}:1")


def test_bad_publication_date_in_a_record() -> None:
    result = run(MIXED_JSONL, "-f", "jsonl")
    assert result.exit_code == 1
    assert ids(result.stdout) == ["mix-01", "mix-03", "mix-06"]
    assert f"[E018] {MIXED_JSONL}:5: bad publication date 'last Thursday'" in result.stderr
    assert f"[E015] {MIXED_JSONL}:2:" in result.stderr
    assert f"[E016] {MIXED_JSONL}:4:" in result.stderr
    assert "3 articles read, 3 skipped" in result.stderr


@pytest.mark.parametrize("value", ["2024-02-30", "yesterday", "12/03/2024"])
def test_bad_published_option_is_a_usage_error(value: str, loaded: list) -> None:
    result = run(ARTICLE_TXT, "--published", value)
    assert result.exit_code == 2
    message = f"[E018] --published: bad publication date '{value}', expected YYYY-MM-DD"
    assert message in plain(result.stderr)
    assert result.stdout == "" and loaded == []


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\nRebels held the bridge.")
    result = run(ARTICLE_TXT, path, "-f", "jsonl")
    assert result.exit_code == 1
    assert ids(result.stdout) == [GOOD_ID]
    assert_one_skip(result, "E019", path)
    assert "'.md'" in result.stderr


# -- failing runs -------------------------------------------------------------------------


def test_nothing_readable_exits_1_without_loading_the_model(tmp_path: Path, loaded: list) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run(tmp_path / "missing.jsonl", empty, "-f", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert loaded == []
    assert "0 articles read, 2 skipped" in result.stderr


def test_missing_model_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real build_pipeline, which looks the model up and fails fast
    result = run(ARTICLE_TXT, "--model", "no_such_model_pkg_xyz", "-f", "jsonl")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "eventwire: [E002] The spaCy model 'no_such_model_pkg_xyz' is not installed."
    )


def test_no_path_is_a_usage_error() -> None:
    result = run()
    assert result.exit_code == 2


def test_help_documents_formats_and_exit_status() -> None:
    result = CliRunner().invoke(app, ["extract", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for words in ("--published", "--format", "--max-chars", "--model", "JSON array", "Exit status"):
        assert words in result.stdout, words


# -- the user's actors file ------------------------------------------------------------

KB = Path(__file__).parents[1] / "fixtures" / "kb"


def test_actors_file_reaches_the_pipeline(loaded: list) -> None:
    result = run(ARTICLE_TXT, "--actors", KB / "extra_actors.yaml", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert loaded[0].actors_file == str(KB / "extra_actors.yaml")


def test_missing_actors_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run(ARTICLE_TXT, "--actors", tmp_path / "nowhere.yaml")
    assert result.exit_code == 2
    assert "--actors" in plain(result.stderr)


def test_broken_actors_file_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import eventwire

    monkeypatch.setattr(extract_module, "build_pipeline", eventwire.load)
    broken = tmp_path / "actors.yaml"
    broken.write_text("- name: [unclosed\n", encoding="utf-8")
    result = run(ARTICLE_TXT, "--actors", broken)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if "E003" in line and "actors" in line]
    assert result.stdout == ""
