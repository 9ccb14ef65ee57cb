"""Readers: every input becomes an Article or a Skipped naming where and why, lazily.

No spaCy here: reading is tested on its own, fast."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
import resource
from pathlib import Path

import pytest
from reading import assert_skipped, only

from eventwire.errors import ReadError
from eventwire.inputs import read_inputs
from eventwire.read import (
    ReadOptions,
    Skipped,
    parse_date,
    parse_published,
    read_jsonl_stream,
    read_path,
    read_stdin,
)
from eventwire.records import Article, text_id

FIXTURES = Path(__file__).parent / "fixtures" / "read"
STORY = "Election officials in Marrowby counted ballots through the night on Sunday.\n"


def read_all(path: Path, **options) -> list[Article | Skipped]:
    return list(read_path(path, ReadOptions(**options)))


# -- plain text ---------------------------------------------------------------------------


def test_text_file_is_one_article_with_hash_id_and_path_as_source() -> None:
    path = FIXTURES / "article.txt"
    article = only(read_all(path))
    assert isinstance(article, Article)
    assert article.text == path.read_text(encoding="utf-8")
    assert article.id == text_id(article.text)
    assert article.source == str(path)
    assert article.title is None and article.url is None and article.published is None


def test_default_published_applies_to_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    article = only(read_all(path, published=dt.date(2024, 6, 2)))
    assert article.published == dt.date(2024, 6, 2)


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + STORY.encode("utf-8"),
        codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"),
    ],
    ids=["utf-8-bom", "utf-16-le", "utf-16-be"],
)
def test_byte_order_marks_are_honoured_and_dropped(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(data)
    assert only(read_all(path)).text == STORY


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "LOUD.TXT"
    path.write_text(STORY, encoding="utf-8")
    assert isinstance(only(read_all(path)), Article)


# -- bad files ----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert_skipped(only(read_all(path)), "E010", str(path))


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "], ids=["empty", "whitespace"])
@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl"])
def test_empty_file(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    assert_skipped(only(read_all(path)), "E011", str(path))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50 + b"a few words",
    ],
    ids=["nul-bytes", "control-characters"],
)
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_binary_junk(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(data)
    assert_skipped(only(read_all(path)), "E012", str(path))


def test_undecodable_bytes_are_rejected_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Talks resumed in Genève on Monday.".encode("cp1252"))
    skipped = assert_skipped(only(read_all(path)), "E013", str(path))
    assert "UTF-8" in skipped.message and "0xe8" in skipped.message


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7 whatever")
    skipped = assert_skipped(only(read_all(path)), "E019", str(path))
    assert "'.pdf'" in skipped.message


def test_text_above_max_chars(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 40, encoding="utf-8")  # 200 chars, under 4 x 150 bytes
    skipped = assert_skipped(only(read_all(path, max_chars=150)), "E014", str(path))
    assert "200 characters" in skipped.message and "150" in skipped.message


def test_file_too_big_to_read_is_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("x" * 1001, encoding="utf-8")
    skipped = assert_skipped(only(read_all(path, max_chars=250)), "E021", str(path))
    assert "1,001 bytes" in skipped.message


# -- HTML ---------------------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    path = FIXTURES / "page.html"
    article = only(read_all(path, published=dt.date(2030, 1, 1)))
    assert isinstance(article, Article)
    assert "Dock workers in the port of Velmora walked off the job" in article.text
    assert "run short within a week" in article.text
    for boilerplate in ("Subscribe", "Sport", "Most read", "recipes", "Cookie", "rights reserved"):
        assert boilerplate not in article.text
    assert article.title == "Ferry strike halts island trade"
    assert article.url == "https://ledger.example.org/2024/03/ferry-strike"
    assert article.source == "The Coastal Ledger"
    assert article.published == dt.date(2024, 3, 14)  # the page's own date beats the default
    assert article.id == text_id(article.text)


def test_html_without_metadata_falls_back_to_path_and_default_date(tmp_path: Path) -> None:
    path = tmp_path / "bare.htm"
    paragraphs = "".join(f"<p>{STORY.strip()} Paragraph {i} adds detail.</p>" for i in range(3))
    path.write_text(f"<html><body><article>{paragraphs}</article></body></html>")
    article = only(read_all(path, published=dt.date(2024, 6, 2)))
    assert article.source == str(path)
    assert article.published == dt.date(2024, 6, 2)
    assert "Marrowby" in article.text


def test_html_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    html = (
        '<html><head><meta charset="windows-1252"><title>Talks</title></head><body><article>'
        "<p>Negotiators met in Genève on Monday and agreed to meet again next week.</p>"
        "<p>The mediators said the talks in Genève had been constructive.</p>"
        "</article></body></html>"
    )
    path.write_bytes(html.encode("cp1252"))
    assert "Genève" in only(read_all(path)).text


def test_html_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "shell.html"
    path.write_text("<html><head><title>x</title></head><body><script>1</script></body></html>")
    assert_skipped(only(read_all(path)), "E017", str(path))


# -- JSONL --------------------------------------------------------------------------------


def test_jsonl_records_with_their_metadata() -> None:
    path = FIXTURES / "articles.jsonl"
    first, second, third = read_all(path, published=dt.date(2024, 2, 12))
    assert [a.id for a in (first, second, third)] == ["harbor-01", "harbor-02", "harbor-03"]
    assert first.title == "Fuel seized in Saldune"
    assert first.url == "https://news.example.net/harbor-01"
    assert first.source == "Example Wire"
    assert first.published == dt.date(2024, 2, 9)
    assert second.source is None  # a record without a source has none, not the file name
    assert second.published == dt.date(2024, 2, 12)  # the default fills the gap
    assert third.published == dt.date(2024, 2, 14)  # date part of an ISO timestamp


def test_jsonl_bad_lines_are_skipped_with_their_line_number() -> None:
    path = FIXTURES / "mixed.jsonl"
    items = read_all(path)
    assert [a.id for a in items if isinstance(a, Article)] == ["mix-01", "mix-03", "mix-06"]
    skips = {item.where: item for item in items if isinstance(item, Skipped)}
    assert_skipped(skips[f"{path}:2"], "E015", f"{path}:2")
    assert_skipped(skips[f"{path}:4"], "E016", f"{path}:4")
    bad_date = assert_skipped(skips[f"{path}:5"], "E018", f"{path}:5")
    assert "'last Thursday'" in bad_date.message
    assert len(skips) == 3


def jsonl(tmp_path: Path, *lines: str | bytes) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join((x if isinstance(x, bytes) else x.encode()) + b"\n" for x in lines))
    return path


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        ('["a list"]', "E015", "expected an object"),
        ('{"text": 42}', "E022", "'text'"),
        ('{"text": "ok", "title": ["x"]}', "E022", "'title'"),
        ('{"text": "ok", "id": 1.5}', "E022", "'id'"),
        ('{"text": "   "}', "E011", "empty"),
        ('{"text": "ok", "published": "2024-02-30"}', "E018", "2024-02-30"),
        (b'{"text": "caf\xe9"}', "E013", "UTF-8"),
    ],
)
def test_jsonl_bad_records(tmp_path: Path, line: str | bytes, code: str, words: str) -> None:
    good = json.dumps({"id": "good", "text": STORY})
    path = jsonl(tmp_path, good, line, good)
    items = read_all(path)
    assert [type(i) for i in items] == [Article, Skipped, Article]
    assert words in assert_skipped(items[1], code, f"{path}:2").message


def test_jsonl_integer_id_and_blank_lines_and_bom(tmp_path: Path) -> None:
    record = json.dumps({"id": 7, "text": STORY}).encode()
    path = jsonl(tmp_path, codecs.BOM_UTF8 + record, "", "   ", record)
    assert [a.id for a in read_all(path)] == ["7", "7"]


def test_jsonl_of_blank_lines_only_is_empty(tmp_path: Path) -> None:
    path = jsonl(tmp_path, "", "  ")
    assert_skipped(only(read_all(path)), "E011", str(path))


def test_jsonl_record_above_max_chars(tmp_path: Path) -> None:
    path = jsonl(tmp_path, json.dumps({"text": "y" * 500}), json.dumps({"text": STORY}))
    items = read_all(path, max_chars=300)
    assert_skipped(items[0], "E014", f"{path}:1")
    assert isinstance(items[1], Article)


def test_jsonl_line_too_long_to_hold_is_skipped_and_the_next_line_read(tmp_path: Path) -> None:
    huge = json.dumps({"text": "z" * 200_000})
    path = jsonl(tmp_path, huge, json.dumps({"id": "after", "text": STORY}))
    items = read_all(path, max_chars=1_000)  # line limit: 12 x 1,000 + 65,536 bytes
    assert_skipped(items[0], "E021", f"{path}:1")
    assert items[1].id == "after"


class CountingStream(io.BytesIO):
    """Counts readline() calls, to prove a reader pulls one line at a time."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.lines_read = 0

    def readline(self, size: int | None = -1) -> bytes:
        self.lines_read += 1
        return super().readline(size)


def test_jsonl_is_read_lazily() -> None:
    lines = (json.dumps({"id": str(i), "text": f"Story number {i}."}) for i in range(1000))
    stream = CountingStream("\n".join(lines).encode())
    items = read_jsonl_stream(stream, "big.jsonl", ReadOptions())
    assert next(items).id == "0"
    assert next(items).id == "1"
    assert stream.lines_read == 2


# -- stdin, directories, several inputs ---------------------------------------------------


def test_stdin_jsonl_is_detected_after_blank_lines() -> None:
    data = b"\n  \n" + json.dumps({"id": "s1", "text": STORY}).encode() + b"\n{bad\n"
    items = list(read_stdin(io.BytesIO(data)))
    assert items[0].id == "s1"
    assert_skipped(items[1], "E015", "<stdin>:4")


def test_stdin_text_is_one_article() -> None:
    data = b"\n" + STORY.encode() + b"Second line {with a brace}.\n"
    article = only(list(read_stdin(io.BytesIO(data), ReadOptions(published=dt.date(2024, 1, 5)))))
    assert article.text == "\n" + STORY + "Second line {with a brace}.\n"
    assert article.source is None
    assert article.published == dt.date(2024, 1, 5)


@pytest.mark.parametrize("data", [b"", b"\n \n"])
def test_empty_stdin(data: bytes) -> None:
    assert_skipped(only(list(read_stdin(io.BytesIO(data)))), "E011", "<stdin>")


def test_stdin_text_too_big() -> None:
    items = list(read_stdin(io.BytesIO(b"word " * 100), ReadOptions(max_chars=50)))
    assert_skipped(only(items), "E021", "<stdin>")


def test_directory_expands_to_its_supported_files_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second story about Orlen.")
    (tmp_path / "a.txt").write_text("First story about Orlen.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden story.")
    items = read_all(tmp_path)
    assert [a.text for a in items] == ["First story about Orlen.", "Second story about Orlen."]


def test_empty_directory(tmp_path: Path) -> None:
    assert_skipped(only(read_all(tmp_path)), "E011", str(tmp_path))


def test_read_inputs_keeps_input_order_across_kinds(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    stdin = io.BytesIO(b"Text from a pipe.")
    inputs = [FIXTURES / "articles.jsonl", missing, "-", FIXTURES / "article.txt"]
    items = list(read_inputs(inputs, stdin=stdin))
    kinds = [i.id if isinstance(i, Article) else i.code for i in items]
    assert kinds[:4] == ["harbor-01", "harbor-02", "harbor-03", "E010"]
    assert items[4].text == "Text from a pipe."
    assert items[5].source == str(FIXTURES / "article.txt")


# -- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-01", dt.date(2025, 7, 1)),
        ("2025-07-01T23:10:00Z", dt.date(2025, 7, 1)),
        ("2025-07-01 08:00:00+02:00", dt.date(2025, 7, 1)),
    ],
)
def test_parse_date(value: str, expected: dt.date) -> None:
    assert parse_date(value, "x") == expected


@pytest.mark.parametrize("value", ["01/07/2025", "2025-7-1", "2025-13-01", "tomorrow", 20250701])
def test_parse_date_rejects(value: object) -> None:
    with pytest.raises(ReadError, match=r"\[E018\] x: bad publication date"):
        parse_date(value, "x")


# Publication dates as feeds and archives write them: each form, several instances.
PUBLISHED_FORMS = [
    # ISO 8601 with time and zone: the date as stated, in its own zone
    ("2024-11-05T23:45:00-08:00", dt.date(2024, 11, 5)),
    ("2024-11-05T07:15:00Z", dt.date(2024, 11, 5)),
    ("2024-11-05 07:15:00.123456+05:30", dt.date(2024, 11, 5)),
    # RFC 2822, as RSS writes it
    ("Wed, 05 Nov 2025 23:10:00 GMT", dt.date(2025, 11, 5)),
    ("Mon, 3 Feb 2025 06:00:00 +0100", dt.date(2025, 2, 3)),
    ("Sat, 29 Feb 2020 12:00:00 -0500", dt.date(2020, 2, 29)),
    # written out
    ("November 5, 2025", dt.date(2025, 11, 5)),
    ("Feb 3, 2025", dt.date(2025, 2, 3)),
    ("5 November 2025", dt.date(2025, 11, 5)),
    ("3rd February 2025", dt.date(2025, 2, 3)),
    ("Tuesday, 18 March 2025 14:02 EAT", dt.date(2025, 3, 18)),
    ("2025/02/03", dt.date(2025, 2, 3)),
    # GDELT's SQLDATE and DATEADDED, as text or JSON numbers
    ("20251105", dt.date(2025, 11, 5)),
    (20250203, dt.date(2025, 2, 3)),
    ("20251105231500", dt.date(2025, 11, 5)),
    (20200229000000, dt.date(2020, 2, 29)),
    # Unix times: seconds and milliseconds, the UTC date
    (1762387200, dt.date(2025, 11, 6)),
    ("1738540800", dt.date(2025, 2, 3)),
    (1738540800000, dt.date(2025, 2, 3)),
]


@pytest.mark.parametrize(("value", "expected"), PUBLISHED_FORMS)
def test_parse_published_reads_feed_and_archive_forms(value: object, expected: dt.date) -> None:
    assert parse_published(value, "x") == expected


@pytest.mark.parametrize(
    ("value", "month_first", "day_first"),
    [
        ("03/04/2025", dt.date(2025, 3, 4), dt.date(2025, 4, 3)),
        ("11-12-2024", dt.date(2024, 11, 12), dt.date(2024, 12, 11)),
        ("1.2.2025", dt.date(2025, 1, 2), dt.date(2025, 2, 1)),
        ("25/12/2024", None, dt.date(2024, 12, 25)),  # no 25th month: day first either way
        ("2025/03/04", dt.date(2025, 3, 4), dt.date(2025, 3, 4)),  # year first: never flipped
        ("2025-03-04", dt.date(2025, 3, 4), dt.date(2025, 3, 4)),
    ],
)
def test_ambiguous_day_and_month_follow_dayfirst(
    value: str, month_first: dt.date | None, day_first: dt.date
) -> None:
    assert parse_published(value, "x", dayfirst=True) == day_first
    assert parse_published(value, "x") == (month_first or day_first)


@pytest.mark.parametrize(
    "value",
    [
        "", "   ", "0", 0, False, True, None, 1.5, [], "-1", "tomorrow", "soon after dawn",
        "July 2025", "2025", "Tuesday", "10:30", "32 July 2025", "2025-02-30", "20251305",
        "99999999", "123", "2025-07-01 and then some", "Wed, 05 Nov 2025 25:99:00 GMT",
    ],
)  # fmt: skip
def test_parse_published_rejects_what_is_no_whole_date(value: object) -> None:
    with pytest.raises(ReadError, match=r"^\[E018\] x: bad publication date .*expected a date"):
        parse_published(value, "x")


def test_record_dates_in_feed_forms_and_dayfirst(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "r1", "text": STORY, "published": "Thu, 06 Mar 2025 08:30:00 GMT"}),
        json.dumps({"id": "r2", "text": STORY, "published": 1741250000}),
        json.dumps({"id": "r3", "text": STORY, "published": "06/03/2025"}),
        json.dumps({"id": "r4", "text": STORY, "published": "the sixth"}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dates = [getattr(i, "published", None) for i in read_all(path, dayfirst=True)]
    assert dates == [dt.date(2025, 3, 6)] * 3 + [None]
    assert read_all(path)[2].published == dt.date(2025, 6, 3)  # month first by default
    assert_skipped(read_all(path)[3], "E018", f"{path}:4")
    csv_path = tmp_path / "archive.csv"
    csv_path.write_text('text,published\n"A story.","March 6, 2025"\n"B.",20250306\n')
    assert [a.published for a in read_all(csv_path)] == [dt.date(2025, 3, 6)] * 2


# -- hostile records (issue 11's audit): each a skip or a clean article, never a crash ------


def jsonl_items(tmp_path: Path, lines: list[str]) -> list[Article | Skipped]:
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_all(path)


def test_json_nested_beyond_python_is_one_skip_and_the_rest_is_read(tmp_path: Path) -> None:
    deep = '{"id": "deep", "text": ' + "[" * 50_000 + "]" * 50_000 + "}"
    good = json.dumps({"id": "good", "text": STORY})
    items = jsonl_items(tmp_path, [good, deep, good.replace("good", "also")])
    assert [getattr(i, "id", None) for i in items] == ["good", None, "also"]
    skip = assert_skipped(items[1], "E015", f"{tmp_path / 'hostile.jsonl'}:2")
    assert "nested too deep" in skip.message


def test_a_number_too_long_for_python_is_malformed_json(tmp_path: Path) -> None:
    huge = '{"id": 1' + "0" * 5_000 + ', "text": "Troops crossed the river."}'
    items = jsonl_items(tmp_path, [huge, json.dumps({"id": 7, "text": STORY})])
    assert_skipped(items[0], "E015", f"{tmp_path / 'hostile.jsonl'}:1")
    assert items[1].id == "7"


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    record = '{"id": "s\\ud800", "title": "T\\udfff", "text": "Police \\ud83d arrested 4 men."}'
    article = only(jsonl_items(tmp_path, [record]))
    assert article.text == "Police \ufffd arrested 4 men."  # one for one: spans still count
    assert (article.id, article.title) == ("s\ufffd", "T\ufffd")
    article.text.encode("utf-8")  # what the tokenizer, hash and database need


@pytest.mark.parametrize("value", ["0", "false", '""', "[]"])
def test_a_falsy_publication_date_is_an_error_not_no_date(tmp_path: Path, value: str) -> None:
    record = '{"id": "x", "text": "Troops crossed the river.", "published": ' + value + "}"
    where = f"{tmp_path / 'hostile.jsonl'}:1"
    assert_skipped(only(jsonl_items(tmp_path, [record])), "E018", where)


def test_null_publication_date_is_no_date(tmp_path: Path) -> None:
    record = '{"id": "x", "text": "Troops crossed the river.", "published": null}'
    assert only(jsonl_items(tmp_path, [record])).published is None


def test_fifos_and_devices_are_refused_unread(tmp_path: Path) -> None:
    """A FIFO would block the run, /dev/zero and /dev/urandom would never end."""
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    noise = tmp_path / "noise.txt"
    noise.symlink_to("/dev/urandom")
    for path, kind in ((fifo, "FIFO"), (zero, "character device"), (noise, "character device")):
        skip = assert_skipped(only(read_all(path)), "E024", str(path))
        assert kind in skip.message


def test_a_line_longer_than_the_limit_is_skipped_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("w") as handle:
        handle.write('{"id": "big", "text": "' + "x" * 3_000_000 + '"}\n')
        handle.write(json.dumps({"id": "small", "text": STORY}) + "\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items = read_all(path, max_chars=1_000)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert_skipped(items[0], "E021", f"{tmp_path / 'long.jsonl'}:1")
    assert items[1].id == "small"
    assert grown_kb < 2_000  # the 3 MB line never sat in memory whole
