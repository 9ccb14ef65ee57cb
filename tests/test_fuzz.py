"""Fuzzing: no input may break a reader, the pipeline or `eventwire extract`.

Hypothesis draws hostile inputs (arbitrary bytes and Unicode, lone surrogates in JSON
escapes, control characters and NUL, very long tokens and emoji runs, JSON nested
100,000 deep, 400-digit integers, numbers in every script, RTL marks, byte-order marks)
and each target's property checks the invariants the rest of eventwire relies on:

- readers never raise; every item is an `Article` or a `Skipped` with a one-line coded
  message (`[E0..] where: ...`; never E025, which means a reader's own bug); every
  Article's text, id, title, url and source encode as UTF-8; skips and articles name
  the right `file:line`; a record that is well formed comes out as its article.
- the pipeline never raises; every article gives a Document or a Failed, in order; a
  Document's JSON is strict JSON valid against schema/document.schema.json, every span
  lies within the text (and a field that quotes the text is the text at its span),
  every count is an int in [0, 10**9].
- `extract` exits 0 or 1 without a traceback and prints one JSON line per good record.

This module holds the strategies, the invariants and one property per target (each
returns what came out so that a runner can count it). The tests below run them at CI
size (well under a minute in all); scripts/fuzz.py imports `TARGETS` and runs the same
properties for 10,000+ cases each before a release.
"""

from __future__ import annotations

import base64
import codecs
import csv
import datetime as dt
import io
import json
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import jsonschema
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from eventwire import Pipeline
from eventwire.cli import extract as extract_module
from eventwire.cli.app import app
from eventwire.core import Failed
from eventwire.errors import ReadError
from eventwire.read import (
    ReadOptions,
    Skipped,
    article_from_html,
    read_csv_stream,
    read_jsonl_file,
    read_jsonl_stream,
    read_path,
    read_stdin,
)
from eventwire.records import Article, Document, text_id

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
MAX_COUNT = 10**9
"""The largest count of people the output may carry (figures.MAX_COUNT, stated again
here so that a change there has to be a decision here)."""
READ_OPTIONS = ReadOptions()
JSONL_NAME = "fuzz.jsonl"
CSV_NAME = "fuzz.csv"
STDIN_NAME = "<stdin>"
SURROGATE = re.compile("[\ud800-\udfff]")
CODED = re.compile(r"\[(E0\d\d)\] ")

# -- strategies: pieces of hostile text -------------------------------------------------

NEWS_WORDS = (
    "Israel", "Gaza", "Hamas", "Ukraine", "Russia", "Kyiv", "Sudan", "the United Nations",
    "police", "protesters", "soldiers", "rebels", "civilians", "hostages", "the army",
    "the foreign minister", "President Biden", "Netanyahu", "officials", "militants",
    "killed", "wounded", "injured", "arrested", "kidnapped", "abducted", "displaced",
    "attacked", "struck", "met", "said", "told", "accused", "will meet", "did not",
    "could", "if", "threatened to", "agreed to", "refused to", "urged", "at least",
    "more than", "about", "nearly", "up to", "people", "children", "a dozen", "dozens of",
    "hundreds", "tens of thousands", "on Sunday", "last week", "the next day",
    "in northern Gaza", "in Kabul", "yesterday", "on 7 October 2023", "March 3",
    "according to", "the death toll", "rose from", "to", "and", "of", "the", "a", "an",
)  # fmt: skip
"""Words the stages look for, so that fuzzed text reaches their code, not just the tokenizer."""

SCRIPT_ZEROS = {
    "ASCII": 0x30,
    "Arabic-Indic": 0x660,
    "Extended Arabic-Indic": 0x6F0,
    "Devanagari": 0x966,
    "Bengali": 0x9E6,
    "Thai": 0xE50,
    "Tibetan": 0xF20,
    "Myanmar": 0x1040,
    "Full-width": 0xFF10,
    "Mathematical bold": 0x1D7CE,
}
"""The zero of some scripts' decimal digits (each script's 0-9 are consecutive)."""
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ODD_NUMBERS = (
    "inf", "Infinity", "-inf", "NaN", "1e309", "1e-9", "0", "-5", "0.5", "½", "Ⅻ", "三十",
    "1_000", "0x1F", "1,00,000", "1,000,000,000,001", "9" * 400, "1" + "0" * 29,
    "2.3 million", "1.5 billion", "tens of thousands", "twenty-five", "two hundred and fifty",
    "a dozen", "hundreds of thousands", "40 to 50", "between 3 and 4", "zero", "none",
    "999,999,999", "1,000,000,000", "1,000,000,001", "1 billion", "1.1 billion", "one billion",
)  # fmt: skip
"""Numbers that once broke, or could break, a parser of counts."""
EMOJI = ("😀", "🔥", "🇺🇦", "🇮🇱", "👨‍👩‍👧‍👦", "🏳️‍🌈", "💥", "✊🏽", "\u200d", "\ufe0f")
FORMAT_MARKS = (
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2067", "\u2069",
    "\ufeff", "\u200b", "\u00ad", "\u2028", "\u2029", "\u00a0", "\u3000",
)  # fmt: skip
"""RTL and LTR marks and overrides, BOM, zero-width and soft characters, odd spaces."""
CONTROLS = ("\x00", "\x01", "\x07", "\x08", "\x1b", "\x7f", "\x85", "\t", "\r", "\x0b", "\x0c")
PUNCTUATION = tuple(".,;:!?\"'()[]{}-–—…«»“”‘’/\\|*&%$#@^~`<>") + ("...", "--", "'s", '"')
SEPARATORS = (" ", " ", " ", "", "\n", "\n\n", "\r\n", "\t", ", ", ". ", '" ')


def in_script(number: int, zero: int) -> str:
    """`number` written with the digits of the script whose zero is `zero`."""
    return "".join(chr(zero + int(d)) for d in str(number))


counts = st.integers(min_value=0, max_value=10**12)
numbers_in_every_script = st.one_of(
    counts.map(str),
    counts.map("{:,}".format),
    st.builds(in_script, counts, st.sampled_from(sorted(SCRIPT_ZEROS.values()))),
    st.text(st.characters(categories=["Nd"]), min_size=1, max_size=12),  # scripts mixed
    st.text(st.sampled_from(SUPERSCRIPT_DIGITS + CIRCLED_NUMBERS), min_size=1, max_size=4),
    st.text(st.characters(categories=["No", "Nl"]), min_size=1, max_size=4),
    st.integers(min_value=10**15, max_value=10**400).map(str),
    st.floats().map(repr),
    st.sampled_from(ODD_NUMBERS),
)
"""Numbers as news text may write them, in any script, and numbers no count can be."""
any_character = st.characters(exclude_categories=["Cs"])
"""Any code point but a surrogate (`st.characters()` alone draws those too)."""
emoji_runs = st.builds(
    str.__mul__,
    st.lists(st.sampled_from(EMOJI), min_size=1, max_size=6).map("".join),
    st.integers(min_value=1, max_value=400),
)
"""Emoji with skin tones, flags and ZWJ families, run together without a space."""
long_tokens = st.one_of(
    st.builds(str.__mul__, any_character, st.integers(min_value=100, max_value=2_000)),
    st.builds(
        lambda chunk, times: base64.b64encode(chunk * times).decode(),
        st.binary(min_size=3, max_size=48),
        st.integers(min_value=10, max_value=100),
    ),
)
"""Space-free runs: one character repeated, base64 blobs. (Built from a few draws: drawn
character by character, long texts would cost Hypothesis more than the checks do.)"""
any_text = st.text(any_character, max_size=40)
"""Arbitrary Unicode without surrogates."""
lone_surrogates = st.characters(categories=["Cs"])


SUBJECTS = (
    "Israeli forces", "Police", "Hamas", "Russian troops", "The foreign minister",
    "Protesters", "Gunmen", "The United Nations", "Sudan's army", "Rebels", "Officials",
)  # fmt: skip
VERBS = (
    "killed", "wounded", "arrested", "abducted", "displaced", "detained", "freed",
    "said they had killed", "will meet", "did not arrest", "threatened to kill",
)  # fmt: skip
HEDGES = ("", "at least", "more than", "about", "nearly", "up to", "some", "between 3 and")
COUNTED = ("people", "civilians", "protesters", "soldiers", "children", "hostages", "")
SETTINGS = (
    "in northern Gaza on Sunday", "in Kabul last week", "near Kharkiv on 3 March 2024",
    "the next day", "", "in Khartoum, according to the health ministry", "on Monday",
    "next year", "a decade ago", "two days later", "over the weekend", "in the 1990s",
    "between 2001 and 2003", "from March 3 to February 2", "on 29 February", "last July",
    "on 31 February 2023", "on 12/31/9999", "on 1 January 10000", "in recent weeks",
)  # fmt: skip
"""Places and times, among them dates that do not exist or lie at the calendar's ends:
with a publication date of 0001-01-01 or 9999-12-31, "next year" has no answer."""
QUOTES = ('"We will not surrender," the minister said.', "“Enough,” Netanyahu told reporters.")
news_sentences = st.one_of(
    st.builds(
        "{} {} {} {} {} {}.".format,
        st.sampled_from(SUBJECTS),
        st.sampled_from(VERBS),
        st.sampled_from(HEDGES),
        numbers_in_every_script,
        st.sampled_from(COUNTED),
        st.sampled_from(SETTINGS),
    ),
    st.builds(
        "The death toll rose to {} {}, {} said.".format,
        numbers_in_every_script,
        st.sampled_from(SETTINGS),
        st.sampled_from(SUBJECTS),
    ),
    st.sampled_from(QUOTES),
)
"""Sentences the stages read as events, figures and quotes, with a fuzzed number in them."""


def fuzzed_text(surrogates: bool, max_pieces: int = 25) -> st.SearchStrategy[str]:
    """Text made of news sentences and words, numbers in every script, emoji runs, long
    tokens, punctuation, marks, control characters and arbitrary Unicode, with
    separators; lone surrogates among them when `surrogates` (only readers get those)."""
    pieces = [
        news_sentences,
        st.sampled_from(NEWS_WORDS),
        numbers_in_every_script,
        emoji_runs,
        long_tokens,
        st.sampled_from(PUNCTUATION),
        st.sampled_from(FORMAT_MARKS),
        st.sampled_from(CONTROLS),
        any_text,
    ]
    if surrogates:
        pieces.append(lone_surrogates)
    parts = st.lists(st.tuples(st.one_of(pieces), st.sampled_from(SEPARATORS)), max_size=max_pieces)
    return parts.map(lambda pairs: "".join(piece + sep for piece, sep in pairs))


article_texts = fuzzed_text(surrogates=False)
"""What the pipeline may be handed: anything a reader lets through (no surrogates)."""
hostile_texts = fuzzed_text(surrogates=True)
"""What a reader may find in a file or a JSON string."""
short_hostile_texts = fuzzed_text(surrogates=True, max_pieces=4)
news_articles = st.lists(
    st.one_of(news_sentences, news_sentences, news_sentences, article_texts), min_size=1, max_size=8
).map(" ".join)
"""Mostly news sentences with fuzzed numbers, with hostile text between them."""


def nonblank(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Texts with at least one news word in them, so they are never blank."""
    return st.builds(lambda a, word, b: a + word + b, texts, st.sampled_from(NEWS_WORDS), texts)


ALLOWED_CONTROLS = "\t\n\r\f\v"


def readable(text: str) -> str:
    """`text` without what a text file may not hold as an article: surrogates, control
    characters other than whitespace, BOMs (a leading one would be read as a mark)."""
    return "".join(
        ch
        for ch in text
        if ch != "\ufeff"
        and (ch in ALLOWED_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs"))
    )


def encodable(text: str) -> str:
    """What readers make of lone surrogates: U+FFFD, one for one."""
    return SURROGATE.sub("\ufffd", text)


def to_bytes(text: str) -> bytes:
    """UTF-8, lone surrogates written as the (invalid) bytes CESU-8 would use."""
    return text.encode("utf-8", "surrogatepass")


# -- strategies: JSON and JSONL ----------------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**18, max_value=10**300),
    st.floats(),
    short_hostile_texts,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(short_hostile_texts, inner, max_size=4)
    ),
    max_leaves=12,
)
dates = st.dates()
iso_dates = st.one_of(
    dates.map(dt.date.isoformat), st.datetimes().map(lambda moment: moment.isoformat())
)
good_records = st.fixed_dictionaries(
    {"text": nonblank(hostile_texts)},
    optional={
        "id": st.one_of(st.none(), short_hostile_texts, st.integers(-(10**30), 10**30)),
        "published": st.one_of(st.none(), iso_dates),
        "title": st.one_of(st.none(), short_hostile_texts),
        "url": st.one_of(st.none(), short_hostile_texts),
        "source": st.one_of(st.none(), short_hostile_texts),
        "extra": json_values,
    },
)
"""JSONL records that must each come out as an article."""
FIELDS = ("id", "text", "published", "title", "url", "source")
any_records = st.dictionaries(
    st.sampled_from(FIELDS) | short_hostile_texts, json_values, max_size=7
)
"""JSON objects with eventwire's field names holding anything (0, false, "", lists...)."""


def nested_json(depth: int, opener: str) -> str:
    closer = {"[": "]", '{"a":': "}"}[opener]
    return opener * depth + "1" + closer * depth


deeply_nested_json = st.builds(
    nested_json, st.integers(min_value=1, max_value=100_000), st.sampled_from(["[", '{"a":'])
)
huge_integer_json = st.builds(
    lambda digits, key: f'{{"{key}": {digits}, "text": "Police said."}}',
    st.integers(min_value=1, max_value=20_000).map(lambda n: "7" * n),
    st.sampled_from(["id", "published", "extra", "text"]),
)
"""More than 4,300 digits is more than Python's int() takes from a string."""
JUNK_JSONL = (
    b"{", b"}", b"[]", b"null", b"{}", b'"text"', b"\xef\xbb\xbf{}", b'{"text": NaN}',
    b'{"text": "a\\ud800b", "id": "\\udfff"}', b'{"text": "\\u0000"}', b'{"text": "x",}',
    b'{"text": "x"} trailing', b'{"text": "caf\xe9"}', b'{"id": 1e400, "text": "x"}',
    b'{"text": "x", "text": 5}', b"\x00\x00", b'{"text": "x", "published": 0}',
    b'{"text": "x", "published": false}', b'{"text": "x", "published": ""}',
    b'{"text": "x", "id": true}', b'{"text": ["x"]}', b"\xff\xfe{\x00}\x00",
)  # fmt: skip
junk_lines = st.one_of(
    st.binary(max_size=200),
    hostile_texts.map(to_bytes),
    deeply_nested_json.map(str.encode),
    huge_integer_json.map(str.encode),
    st.sampled_from(JUNK_JSONL),
    st.builds(lambda obj, cut: json.dumps(obj)[:cut].encode(), json_values, st.integers(0, 50)),
    json_values.map(lambda value: to_bytes(json.dumps(value, ensure_ascii=False))),
    any_records.map(lambda record: to_bytes(json.dumps(record, ensure_ascii=False))),
    any_records.map(lambda record: json.dumps(record).encode()),
)
LINE_BREAKS = (b"\n", b"\r\n", b"\n\n", b"\n \t\n", b"\n\x0c\n", b"\n\r\n")


@dataclass(frozen=True)
class Expected:
    """The article a well-formed record must become."""

    id: str
    text: str
    published: dt.date | None


@dataclass(frozen=True)
class JsonlFile:
    """The bytes of a JSONL file and, by line number, the articles it must give."""

    data: bytes
    good: dict[int, Expected] = field(default_factory=dict)


def expected_from_record(record: dict) -> Expected:
    text = encodable(record["text"])
    record_id = record.get("id")
    published = record.get("published")
    return Expected(
        id=text_id(text) if record_id in (None, "") else encodable(str(record_id)),
        text=text,
        published=None if published is None else dt.date.fromisoformat(published[:10]),
    )


@st.composite
def jsonl_files(draw: st.DrawFn, max_lines: int = 8) -> JsonlFile:
    """A JSONL file of good records, records of any content and junk lines, with
    blank lines, CRLF, and maybe a byte-order mark; or arbitrary bytes."""
    if draw(st.integers(0, 9)) == 0:
        return JsonlFile(draw(st.binary(max_size=2_000)))
    chunks: list[bytes] = []
    good: dict[int, Expected] = {}
    line = 1
    if draw(st.booleans()):
        chunks.append(codecs.BOM_UTF8)
    for _ in range(draw(st.integers(0, max_lines))):
        if draw(st.booleans()):
            record = draw(good_records)
            ascii_only = draw(st.booleans()) or SURROGATE.search(
                json.dumps(record, ensure_ascii=False)
            )
            chunk = json.dumps(record, ensure_ascii=bool(ascii_only)).encode()
            good[line] = expected_from_record(record)
        else:
            chunk = draw(junk_lines)
        chunk += draw(st.sampled_from(LINE_BREAKS))
        chunks.append(chunk)
        line += chunk.count(b"\n")
    if chunks and draw(st.booleans()):  # no newline at the end of the file
        chunks[-1] = chunks[-1].rstrip(b"\n")
    return JsonlFile(b"".join(chunks), good)


# -- strategies: CSV ---------------------------------------------------------------------

CSV_COLUMNS = ("text", "id", "published", "title", "url", "source", "body", "notes", "")
INVALID_DATES = ("yesterday", "0", "2024-02-30", "2024-13-01", "the 1st", "2024", "-1")
csv_cells = st.one_of(
    st.just(""),
    st.sampled_from(["  ", "\t", "\n", "\r\n", '"', '""', ",", "=1+1", "\x00"]),
    article_texts,
    nonblank(article_texts),
    dates.map(dt.date.isoformat),
    st.sampled_from(INVALID_DATES),
)


@dataclass(frozen=True)
class CsvFile:
    """The bytes of a CSV file. Without junk lines, `rows` gives the first line of each
    data row and its cells; `columns` the header's names (first of duplicates wins)."""

    data: bytes
    columns: dict[str, int] | None = None
    rows: dict[int, list[str]] = field(default_factory=dict)


@st.composite
def csv_files(draw: st.DrawFn) -> CsvFile:
    """A CSV file written by csv.writer: a header naming some of the columns eventwire
    reads (maybe padded, duplicated or missing 'text') and rows of hostile cells, longer
    or shorter than the header; sometimes raw junk lines in between, or arbitrary bytes."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return CsvFile(draw(st.binary(max_size=2_000)))
    names = st.sampled_from(CSV_COLUMNS) | short_hostile_texts.map(readable)
    header = draw(st.lists(names, min_size=1, max_size=6))
    header = [f" {name} " if draw(st.booleans()) else name for name in header]
    if draw(st.integers(0, 4)) or not any(name.strip() for name in header):
        header.insert(draw(st.integers(0, len(header))), "text")  # mostly a text column
    rows = draw(st.lists(st.lists(csv_cells, max_size=len(header) + 2), max_size=6))
    junk = draw(
        st.lists(st.tuples(st.integers(0, len(rows)), junk_lines), max_size=1 if kind == 1 else 0)
    )
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    data = out.getvalue().encode()
    if draw(st.booleans()):
        data = codecs.BOM_UTF8 + data
    starts: dict[int, list[str]] = {}
    for index, row in enumerate(rows):
        for at, line in junk:
            if at == index:
                data += line + b"\n"
        starts[data.count(b"\n") + 1] = row
        out = io.StringIO(newline="")
        csv.writer(out).writerow(row)
        data += out.getvalue().encode()
    if junk:
        return CsvFile(data)
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(name.strip(), index)
    return CsvFile(data, columns, starts)


# -- strategies: text files, HTML pages, the pipeline ----------------------------------


@dataclass(frozen=True)
class TextFile:
    """The bytes of a .txt file and, when they encode a readable text, that text."""

    data: bytes
    text: str | None = None


ENCODINGS_WITH_BOM = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le", "utf-32-be")
"""utf-16/utf-32 write a BOM; utf-16-le and utf-32-be get one prepended below."""
BOM_OF = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-32-be": codecs.BOM_UTF32_BE}


@st.composite
def text_files(draw: st.DrawFn) -> TextFile:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return TextFile(draw(st.binary(max_size=2_000)))
    if kind == 1:
        return TextFile(to_bytes(draw(hostile_texts)))
    text = readable(draw(nonblank(hostile_texts)))
    encoding = draw(st.sampled_from(ENCODINGS_WITH_BOM))
    return TextFile(BOM_OF.get(encoding, b"") + text.encode(encoding), text)


CHARSETS = (
    "utf-8",
    "UTF-8",
    "iso-8859-1",
    "windows-1252",
    "shift_jis",
    "koi8-r",
    "utf-16",
    "bogus",
    "",
)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    """An HTML page with fuzzed title, date, site name and paragraphs, in the charset
    it declares (or one it does not), or broken markup, or arbitrary bytes."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.binary(max_size=2_000))
    if kind == 1:
        return to_bytes(draw(hostile_texts))
    charset = draw(st.sampled_from(CHARSETS))
    meta = f'<meta charset="{charset}">' if charset else ""
    title = draw(short_hostile_texts)
    published = draw(st.one_of(iso_dates, short_hostile_texts))
    site = draw(short_hostile_texts)
    paragraphs = draw(st.lists(news_articles | nonblank(hostile_texts), max_size=5))
    tag = draw(st.sampled_from(["p", "div", "article", "script", "li", "td", "pre"]))
    body = "".join(f"<{tag}>{p}</{tag}>" for p in paragraphs)
    page = (
        f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>"
        f'<meta property="article:published_time" content="{published}">'
        f'<meta property="og:site_name" content="{site}"></head>'
        f"<body><article>{body}</article></body></html>"
    )
    if kind == 2:
        page = page[: draw(st.integers(0, len(page)))]  # cut anywhere, tags left open
    try:
        return page.encode(charset or "utf-8", "surrogatepass")
    except (LookupError, UnicodeEncodeError):
        return to_bytes(page)


pipeline_batches = st.lists(
    st.tuples(st.one_of(article_texts, news_articles), st.none() | dates),
    min_size=1,
    max_size=3,
)
"""A few articles at once (text, publication date), as `process` batches them."""
cli_files = jsonl_files(max_lines=4)


# -- invariants --------------------------------------------------------------------------


def assert_encodable(*values: str | None) -> None:
    for value in values:
        if value is not None:
            value.encode("utf-8")  # raises UnicodeEncodeError on a lone surrogate


def check_items(
    items: list[Article | Skipped], name: str, options: ReadOptions = READ_OPTIONS
) -> None:
    """Every item is an encodable article or a one-line coded skip naming `name`."""
    for item in items:
        if isinstance(item, Skipped):
            match = CODED.match(item.message)
            assert match, f"uncoded skip: {item.message!r}"
            assert item.code == match.group(1), item.message
            assert item.code != "E025", f"a reader raised: {item.message!r}"
            assert item.message.startswith(f"[{item.code}] {item.where}: "), item.message
            assert "\n" not in item.message and "\r" not in item.message, item.message
            assert item.where.startswith(name), item
            assert_encodable(item.message)
        else:
            assert isinstance(item, Article), f"{type(item).__name__} is neither: {item!r}"
            assert_encodable(item.text, item.id, item.title, item.url, item.source)
            assert item.id and item.text.strip() and len(item.text) <= options.max_chars
            assert item.where is not None and item.where.startswith(name), item.where


def nonblank_lines(data: bytes) -> list[int]:
    """The numbers of the lines a JSONL reader must report on: lines split at b'\\n'
    only (a lone CR or U+2028 ends no line), the first without its BOM."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if lines:
        lines[0] = lines[0].removeprefix(codecs.BOM_UTF8)
    return [number for number, line in enumerate(lines, 1) if line.strip()]


def check_jsonl_items(items: list[Article | Skipped], case: JsonlFile, name: str) -> None:
    """One item per non-blank line, in order, named `name:line`; good records come out."""
    check_items(items, name)
    expected = [f"{name}:{number}" for number in nonblank_lines(case.data)]
    if not expected:
        assert [(i.where, getattr(i, "code", None)) for i in items] == [(name, "E011")], items
        return
    assert [item.where for item in items] == expected
    by_where = {item.where: item for item in items}
    for number, want in case.good.items():
        got = by_where[f"{name}:{number}"]
        assert isinstance(got, Article), f"line {number} is a good record: {got!r}"
        assert (got.id, got.text, got.published) == (want.id, want.text, want.published)


# -- properties: one per target, each returns what came out ------------------------------


def jsonl_property(case: JsonlFile) -> list[Article | Skipped]:
    items = list(read_jsonl_stream(io.BytesIO(case.data), JSONL_NAME, READ_OPTIONS))
    check_jsonl_items(items, case, JSONL_NAME)
    return items


def stdin_property(case: JsonlFile) -> list[Article | Skipped]:
    """Stdin is JSONL when its first non-blank line starts with `{`, else one article."""
    items = list(read_stdin(io.BytesIO(case.data), READ_OPTIONS))
    lines = [line.removeprefix(codecs.BOM_UTF8).lstrip() for line in case.data.split(b"\n")]
    first = next((line for line in lines if line), b"")
    if first.startswith(b"{"):
        check_jsonl_items(items, case, STDIN_NAME)
    else:
        check_items(items, STDIN_NAME)
        assert [item.where for item in items] == [STDIN_NAME]
    return items


def csv_property(case: CsvFile) -> list[Article | Skipped]:
    items = list(read_csv_stream(io.BytesIO(case.data), CSV_NAME, READ_OPTIONS))
    check_items(items, CSV_NAME)
    numbers = [int(item.where.rpartition(":")[2]) for item in items if item.where != CSV_NAME]
    assert numbers == sorted(set(numbers)), "rows out of order or named twice"
    assert all(1 <= n <= case.data.count(b"\n") + 1 for n in numbers), numbers
    if case.columns is None:
        return items
    rows = {n: row for n, row in case.rows.items() if any(cell.strip() for cell in row)}
    if "text" not in case.columns:
        assert [(i.where, getattr(i, "code", None)) for i in items] == [(CSV_NAME, "E047")]
    elif not rows:
        assert [(i.where, getattr(i, "code", None)) for i in items] == [(CSV_NAME, "E011")]
    else:
        assert [item.where for item in items] == [f"{CSV_NAME}:{n}" for n in rows]
        for item, row in zip(items, rows.values(), strict=True):
            check_csv_row(item, row, case.columns)
    return items


def check_csv_row(item: Article | Skipped, row: list[str], columns: dict[str, int]) -> None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else ""

    text, published = cell("text"), cell("published").strip()
    if not text.strip():
        assert isinstance(item, Skipped) and item.code == "E048", item
    elif published in INVALID_DATES:
        assert isinstance(item, Skipped) and item.code == "E018", item
    elif not published or is_iso_date(published):
        assert isinstance(item, Article), item
        assert item.text == text and item.id == (cell("id").strip() or text_id(text))
    else:  # fuzzed text in the date column: a date or not, but nothing else wrong
        assert isinstance(item, Article) or item.code == "E018", item


def is_iso_date(value: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def read_file(data: bytes, suffix: str) -> tuple[str, list[Article | Skipped]]:
    """What `read_path` makes of a file holding `data`: its name and the items."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"fuzz{suffix}"
        path.write_bytes(data)
        return str(path), list(read_path(path, READ_OPTIONS))


def text_file_property(case: TextFile) -> list[Article | Skipped]:
    name, items = read_file(case.data, ".txt")
    check_items(items, name)
    assert [item.where for item in items] == [name]
    if case.text is not None:
        (article,) = items
        assert isinstance(article, Article), article
        assert article.text == case.text and article.source == name
    return items


def html_property(data: bytes) -> list[Article | Skipped]:
    """An HTML file through `read_path`, and its bytes through `article_from_html`,
    which raises only ReadError with a coded message."""
    name, items = read_file(data, ".html")
    check_items(items, name)
    assert [item.where for item in items] == [name]
    try:
        direct: Article | Skipped = article_from_html(data, "page.html", READ_OPTIONS, url=None)
    except ReadError as err:
        direct = Skipped("page.html", str(err))
    check_items([direct], "page.html")
    assert type(direct) is type(items[0]), (direct, items[0])
    return items


def spans_of(doc: Document) -> Iterator[tuple[str, tuple[int, int]]]:
    """Every span a Document carries, named by where it sits."""
    for n, event in enumerate(doc.events):
        yield f"events[{n}].span", event.span
        for role in ("actor", "recipient"):
            for m, actor in enumerate(getattr(event, role)):
                yield f"events[{n}].{role}[{m}].span", actor.span
                if actor.country_span is not None:
                    yield f"events[{n}].{role}[{m}].country_span", actor.country_span
        if event.date is not None and event.date.span is not None:
            yield f"events[{n}].date.span", event.date.span
        if event.location is not None:
            yield f"events[{n}].location.span", event.location.span
    for n, figure in enumerate(doc.figures):
        yield f"figures[{n}].span", figure.span
        if figure.date is not None and figure.date.span is not None:
            yield f"figures[{n}].date.span", figure.date.span
    for n, quote in enumerate(doc.quotes):
        yield f"quotes[{n}].span", quote.span
    for n, entity in enumerate(doc.entities):
        for m, mention in enumerate(entity.mentions):
            yield f"entities[{n}].mentions[{m}]", mention


def quoted_words(doc: Document) -> Iterator[tuple[str, str, tuple[int, int]]]:
    """Every text field that quotes the article, with its span: the words must be the
    article's own characters there (the output's promise that every field points back
    to the text that supports it)."""
    for n, event in enumerate(doc.events):
        for role in ("actor", "recipient"):
            for m, actor in enumerate(getattr(event, role)):
                yield f"events[{n}].{role}[{m}].text", actor.text, actor.span
        if event.date is not None and event.date.span is not None:
            yield f"events[{n}].date.text", event.date.text, event.date.span
        if event.location is not None:
            yield f"events[{n}].location.text", event.location.text, event.location.span
    for n, quote in enumerate(doc.quotes):
        yield f"quotes[{n}].text", quote.text, quote.span


def counts_of(doc: Document) -> Iterator[tuple[str, object]]:
    for n, event in enumerate(doc.events):
        for name in ("dead", "injured", "arrested", "abducted"):
            magnitude = getattr(event, name)
            if magnitude is not None:
                yield f"events[{n}].{name}", magnitude.value
    for n, figure in enumerate(doc.figures):
        yield f"figures[{n}].value", figure.value


def reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def in_order(words: list[str], text: str) -> bool:
    """Whether the words occur in `text` one after another (anything in between)."""
    position = 0
    for word in words:
        found = text.find(word, position)
        if found < 0:
            return False
        position = found + len(word)
    return True


def check_document(doc: Document, text: str) -> None:
    """Strict JSON valid against the schema, spans within the text and quoting it,
    counts in bounds."""
    VALIDATOR.validate(json.loads(doc.to_json(), parse_constant=reject_constant))
    for name, (start, end) in spans_of(doc):
        assert 0 <= start <= end <= len(text), f"{name} = {(start, end)}, text of {len(text)}"
    for name, words, (start, end) in quoted_words(doc):
        assert words == text[start:end], f"{name} = {words!r}, span holds {text[start:end]!r}"
    for n, event in enumerate(doc.events):
        # The trigger's words, which need not be adjacent ("killed ... and killed"
        # conjoined into one event): the span runs from the first to the last.
        held = text[event.span[0] : event.span[1]]
        words = event.event_text.split(" ")
        assert held.startswith(words[0]) and held.endswith(words[-1]) and in_order(words, held), (
            f"events[{n}].event_text = {event.event_text!r}, span holds {held!r}"
        )
    for name, value in counts_of(doc):
        assert type(value) is int and 0 <= value <= MAX_COUNT, f"{name} = {value!r}"


def pipeline_property(
    pipeline: Pipeline, batch: list[tuple[str, dt.date | None]]
) -> list[Document | Failed]:
    articles = [Article.make(text, published=published) for text, published in batch]
    results = list(pipeline.process(articles))
    assert len(results) == len(articles)
    for article, result in zip(articles, results, strict=True):
        if isinstance(result, Failed):
            assert result.article is article and result.message.startswith("[E080] ")
        else:
            assert isinstance(result, Document), f"{type(result).__name__}: {result!r}"
            assert result.id == article.id
            check_document(result, article.text)
    return results


def is_subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(item in rest for item in short)


@dataclass(frozen=True)
class CliRun:
    """What one `eventwire extract` run gave, for counting."""

    exit_code: int
    documents: int
    skip_codes: tuple[str, ...]
    """The code of each skip line on stderr, E080 for an article the pipeline failed on."""


def cli_property(pipeline: Pipeline, case: JsonlFile) -> CliRun:
    """`eventwire extract FILE --format jsonl` with the session's pipeline."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / JSONL_NAME
        path.write_bytes(case.data)
        articles = [i for i in read_jsonl_file(path, READ_OPTIONS) if isinstance(i, Article)]
        with mock.patch.object(extract_module, "build_pipeline", lambda options: pipeline):
            result = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1), result.exit_code
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    skips = [line for line in result.stderr.split("\n") if line.startswith("eventwire: skipped")]
    assert all(CODED.match(line.removeprefix("eventwire: skipped ")) for line in skips), skips
    failed = sum("[E080]" in line for line in skips)
    lines = result.stdout.split("\n")
    assert lines.pop() == "", "output does not end with a newline"
    documents = [json.loads(line, parse_constant=reject_constant) for line in lines]
    for document in documents:
        VALIDATOR.validate(document)
    assert len(documents) == len(articles) - failed, result.stderr
    assert is_subsequence([d["id"] for d in documents], [a.id for a in articles])
    assert result.exit_code == (1 if skips or not articles else 0), result.stderr
    codes = tuple(CODED.match(line.removeprefix("eventwire: skipped ")).group(1) for line in skips)
    return CliRun(result.exit_code, len(documents), codes)


@dataclass(frozen=True)
class Target:
    """One thing to fuzz: inputs drawn from `strategy`, checked by `check`, which
    returns what came out. `pipeline`: `check` takes the Pipeline first."""

    strategy: st.SearchStrategy
    check: Callable[..., object]
    pipeline: bool = False


TARGETS = {
    "jsonl": Target(jsonl_files(), jsonl_property),
    "csv": Target(csv_files(), csv_property),
    "stdin": Target(jsonl_files() | text_files().map(lambda f: JsonlFile(f.data)), stdin_property),
    "text": Target(text_files(), text_file_property),
    "html": Target(html_pages(), html_property),
    "pipeline": Target(pipeline_batches, pipeline_property, pipeline=True),
    "extract": Target(cli_files, cli_property, pipeline=True),
}
"""Every fuzzed target by name; scripts/fuzz.py runs these."""

# -- the tests: CI size ------------------------------------------------------------------

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
readers = settings(max_examples=100, deadline=None, suppress_health_check=SLOW)


@readers
@given(TARGETS["jsonl"].strategy)
# The audit's findings (issue 11): lone surrogates, JSON 100,000 deep, a 5,000-digit id.
@example(JsonlFile(b'{"id": "\\ud800", "text": "Police \\udfff said."}\n', {}))
@example(JsonlFile(nested_json(100_000, "[").encode()))
@example(JsonlFile(b'{"id": ' + b"9" * 5_000 + b', "text": "Police said."}'))
def test_jsonl_reader(case: JsonlFile) -> None:
    jsonl_property(case)


@readers
@given(TARGETS["csv"].strategy)
def test_csv_reader(case: CsvFile) -> None:
    csv_property(case)


@readers
@given(TARGETS["stdin"].strategy)
def test_stdin_reader(case: JsonlFile) -> None:
    stdin_property(case)


@readers
@given(TARGETS["text"].strategy)
def test_text_file_reader(case: TextFile) -> None:
    text_file_property(case)


@settings(max_examples=50, deadline=None, suppress_health_check=SLOW)
@given(TARGETS["html"].strategy)
def test_html_reader(data: bytes) -> None:
    html_property(data)


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW)
@given(TARGETS["pipeline"].strategy)
# The audit's counts that no parser may take, a 2,000-emoji run dated 9999-12-31,
# and conjoined triggers, whose event_text skips the words between them.
@example(
    [("²① people were killed and ∞ injured; 1e309 arrested, 10" + "0" * 29 + " abducted.", None)]
)
@example([("😀" * 2_000 + " Police arrested ٣٤ protesters.", dt.date(9999, 12, 31))])
@example([("Israeli forces killed 5 people in Gaza and killed 3 soldiers in Rafah.", None)])
def test_pipeline(pipeline: Pipeline, batch: list[tuple[str, dt.date | None]]) -> None:
    pipeline_property(pipeline, batch)


@settings(max_examples=10, deadline=None, suppress_health_check=SLOW)
@given(TARGETS["extract"].strategy)
def test_extract_command(pipeline: Pipeline, case: JsonlFile) -> None:
    cli_property(pipeline, case)
