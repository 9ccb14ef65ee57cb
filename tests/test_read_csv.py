"""CSV corpora: one article per row, columns by name, skips naming `file:line`."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from reading import assert_skipped, only

from eventwire.inputs import read_inputs
from eventwire.read import ReadOptions, Skipped, read_csv_stream, read_path
from eventwire.records import Article, text_id

FIXTURES = Path(__file__).parent / "fixtures" / "read"
STORY = "Volunteers in Harnley filled sandbags through the night as the river crept up."


def read_all(path: Path, **options) -> list[Article | Skipped]:
    return list(read_path(path, ReadOptions(**options)))


def write_csv(tmp_path: Path, rows: list[list[str]], name: str = "in.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_rows_with_default_columns() -> None:
    path = FIXTURES / "articles.csv"
    first, second, third = read_all(path, published=dt.date(2025, 4, 3))
    assert [a.id for a in (first, second, third)] == ["dam-01", "dam-02", "dam-03"]
    assert first.title == "Reservoir levels fall at Kessan dam"
    assert first.url == "https://news.example.net/dam-01"
    assert first.source == "Valley Post"
    assert first.published == dt.date(2025, 4, 2)
    assert first.text.startswith("Engineers at the Kessan dam opened the lower sluices")
    # Quoted multi-line text keeps its line breaks; empty cells are None, not "".
    assert second.text == (
        "Farmers from three villages near Kessan blocked the dam road on Thursday.\n\n"
        "They demanded that the irrigation quotas announced in March be withdrawn."
    )
    assert second.title == "Farmers protest water quotas"
    assert second.url is None and second.source is None
    assert second.published == dt.date(2025, 4, 3)  # the default fills the gap
    assert third.published == dt.date(2025, 4, 5)  # date part of an ISO timestamp
    assert third.text.endswith('review the quotas "within a month".')


def test_custom_column_names(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        [
            ["body", "pubdate", "headline", "link", "outlet", "key"],
            [STORY, "2025-03-01", "Sandbags in Harnley", "https://x.example/1", "Wire", "h-1"],
        ],
    )
    options = {
        "text_column": "body",
        "date_column": "pubdate",
        "title_column": "headline",
        "url_column": "link",
        "source_column": "outlet",
        "id_column": "key",
    }
    article = only(read_all(path, **options))
    assert article.id == "h-1"
    assert article.text == STORY
    assert article.published == dt.date(2025, 3, 1)
    assert article.title == "Sandbags in Harnley"
    assert article.url == "https://x.example/1"
    assert article.source == "Wire"


def test_only_the_text_column_is_needed_and_the_id_is_a_hash(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["text"], [STORY]])
    article = only(read_all(path))
    assert article.id == text_id(STORY)
    assert article.title is None and article.published is None and article.source is None


def test_byte_order_mark_is_dropped_from_the_header(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + f"text,id\r\n{STORY},b-1\r\n".encode())
    article = only(read_all(path))
    assert (article.id, article.text) == ("b-1", STORY)


def test_header_names_are_trimmed(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [[" id ", " text"], ["t-1", STORY]])
    assert only(read_all(path)).id == "t-1"


def test_missing_text_value_is_skipped_and_the_rest_go_on(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["id", "text"], ["a", STORY], ["b", "   "], ["c"], ["d", STORY]])
    items = read_all(path)
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "d"]
    skipped = assert_skipped(items[1], "E048", f"{path}:3")
    assert "'text'" in skipped.message
    assert_skipped(items[2], "E048", f"{path}:4")


def test_bad_date_names_the_line_of_the_row_start(tmp_path: Path) -> None:
    multi_line = "First paragraph.\n\nSecond paragraph."
    path = write_csv(
        tmp_path,
        [["id", "published", "text"], ["a", "", multi_line], ["b", "last Friday", STORY]],
    )
    first, second = read_all(path)
    assert first.text == multi_line
    skipped = assert_skipped(second, "E018", f"{path}:5")  # row a spans lines 2-4
    assert "'last Friday'" in skipped.message


def test_header_without_the_text_column_is_one_skip(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["id", "body"], ["a", STORY], ["b", STORY]])
    skipped = assert_skipped(only(read_all(path)), "E047", str(path))
    assert "'text'" in skipped.message and "'body'" in skipped.message


@pytest.mark.parametrize("content", ["", "\n\n", "text,id\n", "text\n\n,\n"])
def test_no_rows_is_empty(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    assert_skipped(only(read_all(path)), "E011", str(path))


def test_blank_rows_are_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text(f"\nid,text\n\na,{STORY}\n\n\nb,{STORY}\n", encoding="utf-8")
    assert [a.id for a in read_all(path)] == ["a", "b"]


def test_undecodable_bytes_spoil_their_row_only(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes(
        b"id,text,notes\n"
        + b"a,Talks resumed in Gen\xe8ve on Monday.,\n"
        + f"b,{STORY},\n".encode()
        + f"c,{STORY},caf\xe9 \n".encode("cp1252")  # in a column nobody reads
    )
    bad, good, unread = read_all(path)
    skipped = assert_skipped(bad, "E013", f"{path}:2")
    assert "0xe8" in skipped.message and "'text'" in skipped.message
    assert (good.id, unread.id) == ("b", "c")


def test_article_above_max_chars(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["id", "text"], ["long", "word " * 40], ["short", "Brief."]])
    long, short = read_all(path, max_chars=150)
    assert_skipped(long, "E014", f"{path}:2")
    assert short.id == "short"


def test_fields_larger_than_the_csv_default_limit(tmp_path: Path) -> None:
    text = "Quay. " * 30_000  # 180,000 characters, above csv's default of 131,072
    path = write_csv(tmp_path, [["text"], [text]])
    assert only(read_all(path, max_chars=1_000_000)).text == text


def test_line_too_long_to_hold_ends_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["id", "text"], ["huge", "z" * 200_000], ["after", STORY]])
    skipped = assert_skipped(only(read_all(path, max_chars=1_000)), "E021", f"{path}:2")
    assert "200,0" in skipped.message  # the byte count of the line


def test_text_after_a_closing_quote_ends_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sloppy.csv"
    path.write_text(f'id,text\na,{STORY}\nb,"quoted" tail\nc,{STORY}\n', encoding="utf-8")
    first, broken = read_all(path)
    assert first.id == "a"
    skipped = assert_skipped(broken, "E049", f"{path}:3")
    assert "the rest of the file is skipped" in skipped.message


def test_quote_left_open_is_not_folded_into_one_article(tmp_path: Path) -> None:
    path = tmp_path / "open.csv"
    path.write_text(f'id,text\na,"{STORY}\nb,{STORY}\nc,{STORY}\n', encoding="utf-8")
    skipped = assert_skipped(only(read_all(path)), "E049", f"{path}:2")  # where it opened
    assert "unexpected end of data" in skipped.message


class CountingStream(io.BytesIO):
    """Counts readline() calls, to prove a reader pulls one record at a time."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.lines_read = 0

    def readline(self, size: int | None = -1) -> bytes:
        self.lines_read += 1
        return super().readline(size)


def test_csv_is_read_lazily() -> None:
    rows = "".join(f"{i},Story number {i}.\n" for i in range(1000))
    stream = CountingStream(f"id,text\n{rows}".encode())
    items = read_csv_stream(stream, "big.csv", ReadOptions())
    assert next(items).id == "0"
    assert next(items).id == "1"
    assert stream.lines_read <= 4


def test_directories_and_read_inputs_include_csv(tmp_path: Path) -> None:
    write_csv(tmp_path, [["id", "text"], ["row-1", STORY]], name="corpus.csv")
    (tmp_path / "note.txt").write_text("A note about the Harnley floods.", encoding="utf-8")
    assert [a.id for a in read_all(tmp_path)][0] == "row-1"
    assert [a.id for a in read_inputs([str(tmp_path / "corpus.csv")])] == ["row-1"]
