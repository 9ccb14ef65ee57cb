"""Readers: turn files, directories, stdin, URLs and feeds into `records.Article`s, lazily.

Layers, one direction: this module reads bytes and text (files, directories, stdin,
JSONL, CSV, HTML) and imports nothing that fetches; fetch.py downloads URLs and feeds
and reads what it gets with this module's readers; inputs.py dispatches command-line
inputs (`read_inputs`) to one or the other.

Every reader is a generator that yields, in input order, either an `Article` or a
`Skipped` record naming the input (`file` or `file:line`) and a coded message from
`errors.Errors`. A bad input never stops a run: the caller reports the skip and goes
on with the next article. Nothing is read before it is needed, JSONL and CSV files are
read a record at a time and feed items fetched one by one, so a 100,000-article corpus
never sits in memory.

Decisions, so that users can rely on them:

- Inputs by suffix (case-insensitive): `.txt` is one article; `.html`/`.htm` is one
  article whose main text and metadata (title, date, url, site name) trafilatura
  extracts, dropping navigation and boilerplate; `.jsonl` is one article per line,
  `{"id", "text", "published"?, "title"?, "url"?, "source"?}`, other keys ignored.
  `.csv` is one article per row (below); `.rss`/`.atom`/`.xml` is a feed (below).
  Any other suffix is skipped (E019) rather than guessed at: a PDF or a spreadsheet
  read as text would yield nonsense events without a word of warning. Pipe such a
  file through stdin (`cat notes.md | eventwire extract -`) to read it as text.
- A directory stands for the .txt, .html/.htm, .jsonl and .csv files under it,
  recursively, sorted by path; hidden files and files of other types inside it are
  passed over silently. Feed files are not picked up from directories: reading one
  fetches every page it links to, which nobody should trigger by accident.
- `-` is stdin: JSONL when its first non-blank character is `{`, else one text article.
- CSV: the first non-blank row is the header; each later row is one article, with the
  text, id, date, title, url and source in the columns `ReadOptions` names (`text`,
  `id`, `published`, `title`, `url`, `source` by default; names are matched exactly
  after trimming spaces; other columns are ignored). Only the text column must exist:
  a header without it skips the file once (E047). Rows are read as they stream, one
  record at a time, and skips name `file:line` of the row's first line (a quoted field
  may span lines). A row with an empty text cell is skipped (E048), a bad date as in
  JSONL (E018), bytes that are not UTF-8 (E013); blank rows are passed over. A quoting
  error (text after a closing quote, a quote still open at the end of the file) ends
  the file (E049): where a row ends depends on the quotes before it, so nothing after
  a broken one can be trusted, and a lenient parser would quietly fold every later
  row into one field. So does a line too long to hold (E021). Reading raises (never
  lowers) the process-wide `csv.field_size_limit` so that a field of `max_chars` fits.
- URLs (`http://`, `https://`) are fetched by `fetch.py` (httpx, following redirects,
  `timeout` seconds for each connect and each read and a total deadline for the whole
  URL, a User-Agent naming eventwire and its version). Only public addresses are
  fetched, checked after DNS and at every redirect (E070; `--allow-private-urls` lifts
  it), only http and https (E071), robots.txt is obeyed (E073; `--ignore-robots`),
  429 and 503 are retried as Retry-After asks, and requests to one host are spaced
  (`urls.UrlPolicy`; the rules in `fetch.py`'s docstring). What the server says the
  body is decides how it is read: HTML as an HTML file, text/plain as one text
  article, RSS/Atom/XML as a feed; anything else is
  skipped (E044) without downloading it. The charset the server declares is used when
  the body is not valid UTF-8 (servers that default to ISO-8859-1 mislabel many UTF-8
  pages, and UTF-8 hardly ever decodes by accident). `url` is the address after
  redirects (where the text really came from, not the canonical link the page claims);
  `source` is the site name the page declares, else the host. Failures are skips:
  HTTP 4xx/5xx (E040, with the status), no answer in time (E041), no connection
  (E042), any other transport failure (E043), a URL that took longer than its total
  deadline (E072: a slow sender cannot hold a run).
- Feeds (RSS or Atom, parsed by feedparser): a URL when `ReadOptions.feed` is set
  (`--feed`, whatever the server calls its content) or when the server serves an
  RSS/Atom/XML type, or a local `.rss`/`.atom`/`.xml` file. Every item's link is
  fetched and read as a URL; the item's date (published, else updated, in the feed's
  own time zone) is the publication date when the page states none, and the item's
  title stands in when the page has none. A feed that cannot be parsed, or parses to
  no items and no feed at all, is one skip (E045); an item without a link (E046) or
  whose page fails is one skip, and the other items go on. A feed of no items is E011.
- Encoding: UTF-8, with or without a byte-order mark; UTF-16/32 only with a BOM. Bytes
  that are not valid UTF-8 are skipped with E013 naming the offending offset. We do not
  guess: charset detection on a short news text mistakes Windows-1252 for -1250 and
  turns "Genève" into "Genčve" without a trace, and a mangled name is a wrong actor
  or place. Convert legacy files first (`iconv -f WINDOWS-1252 -t UTF-8`). HTML is the
  exception that proves the rule: a page that *declares* its charset is decoded with it.
- Binary content (a NUL byte, or more than 10% control characters) is skipped (E012).
- `source` is where the article came from, as precisely as the input says: the JSONL
  record's own `source`, else the site name an HTML page declares, else the path of the
  file as given on the command line (for .txt and .html), else the host of a URL, else
  null (stdin text, JSONL and CSV records without one). The path keeps a hashed id
  traceable back to its file.
- `published`: the article's own date (JSONL or CSV field, HTML metadata) wins, then a
  feed item's date; the default given by the caller (`--published`) applies to articles
  without one. A JSONL or CSV date may be written as feeds and archives write them
  (`parse_published`): ISO 8601 dates and timestamps with or without a zone
  ("2025-07-01T10:00:00+02:00"), RFC 2822 ("Tue, 01 Jul 2025 10:00:00 GMT"), "July 1,
  2025", "1 July 2025", GDELT's 20250701 and 20250701103000, and Unix times in seconds or
  milliseconds (1751364000, also as a JSON number). A timestamp's date is the one it
  states, in its own zone; a Unix time's is the UTC date. A day and a month that could be
  either ("03/04/2025") are month first unless `ReadOptions.dayfirst` (`--dayfirst`) says
  day first; a year first ("2025/03/04") is always year, month, day. Anything else, a
  date with no day ("July 2025"), and 0, false or "" skip the record (E018).
- `id`: the JSONL record's `id` (a string or an integer) or the CSV row's, else a hash
  of the text (`records.text_id`), so the same story read twice gets the same id.
- Size: an article longer than `max_chars` is skipped (E014). A file, stdin text,
  JSONL or CSV line, or downloaded page whose byte size alone proves it too long is
  skipped before it is read into memory (E021); a download is cut off as soon as it
  passes the limit, whatever the server announced. A feed is a list, not an article:
  it may be up to `fetch.FEED_MAX_BYTES`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import json
import logging
import re
import stat
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import Errors, ReadError, one_line
from .records import Article
from .settings import Options
from .urls import UrlPolicy

log = logging.getLogger(__name__)

STDIN = "-"
STDIN_NAME = "<stdin>"
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
CSV_SUFFIXES = frozenset({".csv"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
"""What a directory expands to: every readable file type but feeds (see above)."""
URL_SCHEMES = ("http://", "https://")
DEFAULT_TIMEOUT = 20.0
"""Seconds to wait for a connection, and for each read of a response."""
CSV_FIELD_LIMIT_MAX = 2**31 - 1
"""csv.field_size_limit takes a C long, 32 bits on some platforms."""

BYTES_PER_CHAR = 4
"""UTF-8 needs at most 4 bytes a character: more bytes than 4 x max_chars cannot fit."""
JSON_BYTES_PER_CHAR = 12
"""A JSON string spends at most 12 bytes a character (a surrogate pair as two \\uXXXX)."""
JSON_LINE_SLACK = 65_536
"""Room on a JSONL line for the id, title, url and the other small fields."""
CONTROL_RATIO = 0.10
"""Above this share of control characters a text is binary junk, not an article."""
SNIFF_CHARS = 65_536
"""How much of a text the binary check looks at: enough to judge, cheap on big files."""
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""UTF-32 first: its little-endian BOM starts with UTF-16's."""
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEAR_FIRST_RE = re.compile(r"\d{4}\s*[-/.]")
GDELT_FORMATS = {8: "%Y%m%d", 14: "%Y%m%d%H%M%S"}
PARSE_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))
"""Two defaults that differ in year, month and day: a text missing any of them parses
to two different dates."""
MIN_YEAR, MAX_YEAR = 1900, 2100
"""Dates read from numbers or words outside these years are stray numbers, not dates
(an ISO 8601 date is taken as written)."""
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
ERROR_CODE_RE = re.compile(r"\[(E\d{3})\]")
UNDECODABLE_RE = re.compile("[\udc80-\udcff]")
SURROGATE_RE = re.compile("[\ud800-\udfff]")
"""Bytes that were not UTF-8, as decoding with errors="surrogateescape" leaves them."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input (a file, or one line of one) that could not become an article.

    `message` is the full coded message (`[E015] data.jsonl:3: malformed JSON (...)`).
    """

    where: str
    message: str

    @property
    def code(self) -> str | None:
        """The error code, e.g. "E015", so callers can count or filter skips."""
        match = ERROR_CODE_RE.search(self.message)
        return match.group(1) if match else None


Item = Article | Skipped
"""What a reader yields."""


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What every reader needs to know.

    published: the publication date of articles that carry none of their own.
    max_chars: longest article accepted (settings.Options.max_chars).
    timeout: seconds to wait for a connection and for each read of a URL (--timeout).
    feed: read every URL input as an RSS/Atom feed, whatever its content type (--feed).
    text_column ... source_column: the CSV columns of each field (--text-col, ...).
    dayfirst: read an ambiguous numeric date ("03/04/2025") day first (--dayfirst); the
        default is month first.
    url_policy: which URLs may be fetched and how (`urls.UrlPolicy`: private addresses,
        robots.txt, deadline, retries); None is the safe default.
    """

    published: dt.date | None = None
    max_chars: int = Options().max_chars
    timeout: float = DEFAULT_TIMEOUT
    feed: bool = False
    text_column: str = "text"
    id_column: str = "id"
    date_column: str = "published"
    title_column: str = "title"
    url_column: str = "url"
    source_column: str = "source"
    url_policy: UrlPolicy | None = None
    dayfirst: bool = False


# -- entry points -------------------------------------------------------------------------


def is_url(spec: str | Path) -> bool:
    """Whether an input is a web address; a Path never is (it would have lost a slash)."""
    return isinstance(spec, str) and spec.lower().startswith(URL_SCHEMES)


def read_path(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    """Articles and skips for one path: a file by its suffix, or a directory's files.
    A feed file is one skip (E027): its items are web pages, which `inputs.read_path`
    fetches (fetch.py sits above this module and reads what it downloads with it)."""
    options = options or ReadOptions()
    where = str(path)
    if path.is_dir():
        yield from _read_directory(path, options)
        return
    if not path.exists():
        yield _skip(Errors.E010, where)
        return
    if not path.is_file():
        # A FIFO would block, /dev/zero or /dev/urandom never end, a socket cannot be read.
        yield _skip(Errors.E024, where, kind=_file_kind(path))
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path, options)
    elif suffix in HTML_SUFFIXES:
        yield _guard(read_html_file, path, options)
    elif suffix in TEXT_SUFFIXES:
        yield _guard(read_text_file, path, options)
    elif suffix in CSV_SUFFIXES:
        yield from read_csv_file(path, options)
    elif suffix in FEED_SUFFIXES:
        yield _skip(Errors.E027, where)
    else:
        yield _skip(Errors.E019, where, suffix=path.suffix or "(none)")


def read_text_file(path: Path, options: ReadOptions | None = None) -> Article:
    """One plain-text article; raises ReadError when the file cannot be one."""
    options = options or ReadOptions()
    where = str(path)
    data = _read_bytes(path, where, BYTES_PER_CHAR * options.max_chars, options.max_chars)
    return article_from_text(data, where, options, source=where)


def read_html_file(path: Path, options: ReadOptions | None = None) -> Article:
    """One article from an HTML page: its main text and metadata, via trafilatura."""
    options = options or ReadOptions()
    where = str(path)
    # Markup is a large share of a page: allow more bytes than for plain text.
    data = _read_bytes(path, where, 2 * BYTES_PER_CHAR * options.max_chars, options.max_chars)
    return article_from_html(data, where, options, default_source=where)


def read_jsonl_file(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    """One item per non-blank line of a JSONL file, read a line at a time."""
    yield from _read_records(path, read_jsonl_stream, options or ReadOptions())


def read_csv_file(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    """One item per data row of a CSV file, read a record at a time."""
    yield from _read_records(path, read_csv_stream, options or ReadOptions())


def _read_records(
    path: Path, reader: Callable[[BinaryIO, str, ReadOptions], Iterator[Item]], options: ReadOptions
) -> Iterator[Item]:
    """A file of records streamed through `reader`; a file that cannot be opened is one skip."""
    where = str(path)
    try:
        handle = path.open("rb")
    except OSError as err:
        yield _skip(Errors.E020, where, reason=err.strerror or str(err))
        return
    with handle:
        yield from reader(handle, where, options)


def read_stdin(stream: BinaryIO, options: ReadOptions | None = None) -> Iterator[Item]:
    """Stdin is JSONL when its first non-blank character is `{`, else one text article."""
    options = options or ReadOptions()
    line_limit = _jsonl_line_limit(options)
    held: list[bytes] = []
    for line in iter(lambda: stream.readline(line_limit), b""):
        held.append(line)
        first = _strip_bom(line).lstrip()
        if first:
            break
    else:
        yield _skip(Errors.E011, STDIN_NAME)
        return
    if first.startswith(b"{"):
        yield from read_jsonl_stream(_Chained(held, stream), STDIN_NAME, options)
        return
    limit = BYTES_PER_CHAR * options.max_chars
    data = b"".join(held) + stream.read(max(limit + 1 - sum(map(len, held)), 0))
    if len(data) > limit:
        size = f"more than {limit:,}"
        yield _skip(Errors.E021, STDIN_NAME, size=size, limit=options.max_chars)
        return
    yield _safely(STDIN_NAME, article_from_text, data, STDIN_NAME, options)


def read_jsonl_stream(stream: BinaryIO, where: str, options: ReadOptions) -> Iterator[Item]:
    """Items for the lines of an open binary stream of JSONL; `where` names it in skips."""
    seen = False
    for lineno, line in _lines(stream, _jsonl_line_limit(options)):
        here = f"{where}:{lineno}"
        if isinstance(line, int):
            yield _skip(Errors.E021, here, size=f"{line:,}", limit=options.max_chars)
            seen = True
            continue
        if lineno == 1:
            line = _strip_bom(line)
        if not line.strip():
            continue
        seen = True
        yield _safely(here, _article_from_line, line, here, options)
    if not seen:
        yield _skip(Errors.E011, where)


def read_csv_stream(stream: BinaryIO, where: str, options: ReadOptions) -> Iterator[Item]:
    """Items for the rows of an open binary stream of CSV with a header row."""
    _raise_csv_field_limit(options)
    records = _csv_records(stream, where, options)
    header = next(records, None)
    if header is None or isinstance(header, Skipped):
        yield header or _skip(Errors.E011, where)
        return
    columns = _csv_columns(header[1])
    if options.text_column not in columns:
        names = ", ".join(repr(name) for name in list(columns)[:20])
        yield _skip(Errors.E047, where, column=options.text_column, columns=names)
        return
    seen = False
    for record in records:
        seen = True
        if isinstance(record, Skipped):
            yield record
            continue
        here = f"{where}:{record[0]}"
        yield _safely(here, article_from_row, record[1], columns, here, options)
    if not seen:
        yield _skip(Errors.E011, where)


# -- turning content into articles --------------------------------------------------------


def decode_text(data: bytes, where: str) -> str:
    """The text of a file's bytes: UTF-8 (BOM or not), or UTF-16/32 with a BOM.

    Raises ReadError for binary content (E012) and for anything else (E013)."""
    encoding = "utf-8"
    for bom, name in BOMS:
        if data.startswith(bom):
            encoding = name
            break
    if encoding not in ("utf-16", "utf-32") and b"\x00" in data[: 4 * SNIFF_CHARS]:
        raise ReadError(Errors.E012.format(where=where))
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise ReadError(Errors.E013.format(where=where, encoding=_decode_problem(err))) from None
    if _looks_binary(text):
        raise ReadError(Errors.E012.format(where=where))
    return text


def article_from_text(data: bytes, where: str, options: ReadOptions, **meta: object) -> Article:
    """One plain-text article from its bytes; raises ReadError when they cannot be one."""
    return _article(decode_text(data, where), where, options, **meta)


def article_from_html(
    data: bytes,
    where: str,
    options: ReadOptions,
    default_source: str | None = None,
    url: str | None = None,
) -> Article:
    """The main text of an HTML page, its title, date, url and site name.

    `url`, the address the page was fetched from, beats the one the page declares:
    it is where the text really came from. It is not handed to trafilatura, which
    would make a site name of it (port and all) and read dates into its path: a page
    reads the same from the web as from disk."""
    import trafilatura  # imported here: ~0.3 s that text and JSONL runs need not pay

    if not data.strip():
        raise ReadError(Errors.E011.format(where=where))
    html = _decode_html(data, where)
    try:
        found = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            # Only dates the page states (meta tags, structured data), no guessing
            # from the text, where a copyright year would pass for a date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # trafilatura/lxml raise many types on broken markup
        raise ReadError(Errors.E020.format(where=where, reason=f"HTML: {err}")) from None
    text = (found.text or "").strip() if found is not None else ""
    if not text:
        raise ReadError(Errors.E017.format(where=where))
    published = _lenient_date(found.date) or options.published
    return _article(
        text,
        where,
        options,
        published=published,
        title=found.title or None,
        url=url or found.url or None,
        source=found.sitename or default_source,
    )


def parse_record(line: bytes, where: str) -> dict:
    """The JSON object on one JSONL line; raises ReadError naming what is wrong."""
    try:
        record = json.loads(line.decode("utf-8"))
    except RecursionError:
        reason = "nested too deep"
        raise ReadError(Errors.E015.format(where=where, reason=reason)) from None
    except UnicodeDecodeError as err:
        raise ReadError(Errors.E013.format(where=where, encoding=_decode_problem(err))) from None
    except json.JSONDecodeError as err:
        # json's messages may end in a dangling "at" ("Invalid control character at").
        reason = f"{err.msg.removesuffix(' at')} at column {err.colno}"
        raise ReadError(Errors.E015.format(where=where, reason=reason)) from None
    except ValueError as err:  # an integer of more than 4,300 digits
        raise ReadError(Errors.E015.format(where=where, reason=str(err).split(";")[0])) from None
    if not isinstance(record, dict):
        reason = f"expected an object, got {type(record).__name__}"
        raise ReadError(Errors.E015.format(where=where, reason=reason))
    return record


def _article_from_line(line: bytes, where: str, options: ReadOptions) -> Article:
    return article_from_record(parse_record(line, where), where, options)


def article_from_record(record: dict, where: str, options: ReadOptions) -> Article:
    """An article from one JSONL record; raises ReadError for a record that is not one."""
    text = record.get("text")
    if text is None:
        raise ReadError(Errors.E016.format(where=where))
    if not isinstance(text, str):
        raise ReadError(Errors.E022.format(where=where, field="text", kind="a string"))
    meta: dict[str, object] = {}
    for field in ("title", "url", "source"):
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            raise ReadError(Errors.E022.format(where=where, field=field, kind="a string"))
        meta[field] = value or None
    record_id = record.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, str | int | None):
        raise ReadError(Errors.E022.format(where=where, field="id", kind="a string or an integer"))
    published = record.get("published")  # absent or null: no date; 0, false or "" are errors
    meta["published"] = (
        options.published
        if published is None
        else parse_published(published, where, dayfirst=options.dayfirst)
    )
    return _article(text, where, options, id=None if record_id is None else str(record_id), **meta)


def article_from_row(
    row: list[str], columns: dict[str, int], where: str, options: ReadOptions
) -> Article:
    """An article from one CSV row; `columns` maps header names to positions."""

    def cell(name: str) -> str:
        """The row's value in a column ("" when it has none), if it decoded: a bad byte
        in a column nobody reads spoils nothing."""
        index = columns.get(name)
        value = row[index] if index is not None and index < len(row) else ""
        if bad := UNDECODABLE_RE.search(value):
            byte = ord(bad.group()) - 0xDC00
            encoding = f"not valid UTF-8: byte 0x{byte:02x} in column {name!r}"
            raise ReadError(Errors.E013.format(where=where, encoding=encoding))
        return value

    text = cell(options.text_column)
    if not text.strip():
        raise ReadError(Errors.E048.format(where=where, column=options.text_column))
    published = cell(options.date_column).strip()
    return _article(
        text,
        where,
        options,
        id=cell(options.id_column).strip() or None,
        title=cell(options.title_column).strip() or None,
        url=cell(options.url_column).strip() or None,
        source=cell(options.source_column).strip() or None,
        published=(
            parse_published(published, where, dayfirst=options.dayfirst)
            if published
            else options.published
        ),
    )


def parse_date(value: object, where: str) -> dt.date:
    """A date from `YYYY-MM-DD` or an ISO 8601 timestamp; else ReadError (E018). The
    strict form, for dates a user types as options (`--published`, `--since`)."""
    if isinstance(value, str) and DATE_RE.match(value):
        try:
            if len(value) == 10:
                return dt.date.fromisoformat(value)
            return dt.datetime.fromisoformat(value).date()
        except ValueError:
            pass
    raise ReadError(Errors.E018.format(where=where, value=value))


def parse_published(value: object, where: str, dayfirst: bool = False) -> dt.date:
    """A publication date in any of the forms feeds and archives use (module docstring);
    else ReadError (E018). python-dateutil reads the written forms, with a check that the
    text gave a year, a month and a day: dateutil fills what is missing from a default,
    so a text is parsed against two defaults and must give the same date from both."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ReadError(Errors.E018_FORMS.format(where=where, value=value))
    text = str(value).strip()
    if DATE_RE.match(text):  # ISO 8601 as written, whatever the year (as before)
        try:
            return dt.datetime.fromisoformat(text).date()
        except ValueError:
            pass
    day = _numeric_date(text) if text.isdigit() else _written_date(text, dayfirst)
    if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ReadError(Errors.E018_FORMS.format(where=where, value=value))
    return day


def _numeric_date(digits: str) -> dt.date | None:
    """GDELT's YYYYMMDD and YYYYMMDDhhmmss, and Unix times (10 digits of seconds, 13 of
    milliseconds), by their length; None for other numbers ("0", "2025")."""
    try:
        if len(digits) in (8, 14):
            return dt.datetime.strptime(digits, GDELT_FORMATS[len(digits)]).date()
        if len(digits) in (10, 13):
            seconds = int(digits) / (1000 if len(digits) == 13 else 1)
            return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        return None
    return None


def _written_date(text: str, dayfirst: bool) -> dt.date | None:
    """RFC 2822, then dateutil (ISO 8601 was tried first: exact, and never day first)."""
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    from dateutil import parser  # imported here: most inputs are ISO dates

    yearfirst = bool(YEAR_FIRST_RE.match(text))
    dates = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a zone name dateutil does not know: the date stands
        for default in PARSE_DEFAULTS:
            try:
                parsed = parser.parse(
                    text, default=default, dayfirst=dayfirst and not yearfirst, yearfirst=yearfirst
                )
            except (ValueError, OverflowError, TypeError):
                return None
            dates.append(parsed.date())
    return dates[0] if dates[0] == dates[1] else None


# -- helpers ------------------------------------------------------------------------------


def _skip(template: str, where: str, **fields: object) -> Skipped:
    return Skipped(where, template.format(where=where, **fields))


def _guard(reader, path: Path, options: ReadOptions) -> Item:
    """Run a one-article reader, turning what it raises into a Skipped."""
    return _safely(str(path), reader, path, options)


def _safely(where: str, make: Callable[..., Article], *args: object) -> Item:
    """The article `make(*args)` returns, or a Skipped: the coded ReadError the reader
    raised, or E025 for any other exception (one record must never end a run)."""
    try:
        return make(*args)
    except ReadError as err:
        return Skipped(where, str(err))
    except Exception as err:
        return unexpected(where, err)


def unexpected(where: str, err: Exception) -> Skipped:
    """E025: a reader's own failure, not the input's, logged with its traceback."""
    log.debug("reading %s failed", where, exc_info=err)
    return _skip(Errors.E025, where, reason=one_line(err))


def _read_directory(directory: Path, options: ReadOptions) -> Iterator[Item]:
    files = sorted(
        p
        for p in directory.rglob("*")
        if p.suffix.lower() in SUPPORTED_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )
    if not files:
        yield _skip(Errors.E011, str(directory))
    for path in files:
        yield from read_path(path, options)


def _read_bytes(path: Path, where: str, max_bytes: int, max_chars: int) -> bytes:
    """A file's bytes, refusing before reading one whose size alone exceeds `max_bytes`."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(Errors.E021.format(where=where, size=f"{size:,}", limit=max_chars))
        return path.read_bytes()
    except OSError as err:
        raise ReadError(Errors.E020.format(where=where, reason=err.strerror or str(err))) from None


def _article(text: str, where: str, options: ReadOptions, **meta: object) -> Article:
    """The checks every article passes, whatever it was read from.

    Lone surrogates (JSON's "\\ud800" escapes decode to them) cannot be encoded, so
    no tokenizer, hash or database could take them: each becomes U+FFFD, one character
    for one, so that spans still count the text as read."""
    if not text.strip():
        raise ReadError(Errors.E011.format(where=where))
    if len(text) > options.max_chars:
        raise ReadError(Errors.E014.format(where=where, size=len(text), limit=options.max_chars))
    meta.setdefault("published", options.published)
    meta = {k: _encodable(v) if isinstance(v, str) else v for k, v in meta.items()}
    return Article.make(_encodable(text), where=where, **meta)


def _encodable(value: str) -> str:
    return SURROGATE_RE.sub("\ufffd", value)


def _decode_html(data: bytes, where: str) -> str:
    """UTF-8, or the charset the page declares in a <meta> tag; binary is refused."""
    try:
        return decode_text(data, where)
    except ReadError as err:
        declared = META_CHARSET_RE.search(data[:4096])
        if declared is None or "[E013]" not in str(err):
            raise
        name = declared.group(1).decode("ascii")
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            encoding = f"declared charset {name!r} does not fit"
            raise ReadError(Errors.E013.format(where=where, encoding=encoding)) from None


def _looks_binary(text: str) -> bool:
    sample = text[:SNIFF_CHARS]
    if not sample:
        return False
    controls = sum(
        1 for ch in sample if ch not in ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return controls / len(sample) > CONTROL_RATIO


def _file_kind(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError:
        return "unknown"
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _decode_problem(err: UnicodeDecodeError) -> str:
    byte = err.object[err.start : err.start + 1].hex()
    return f"not valid {err.encoding.upper()}: byte 0x{byte} at offset {err.start}"


def _lenient_date(value: str | None) -> dt.date | None:
    """An HTML page's metadata date, or None: a page with a bad date is still an article."""
    try:
        return parse_published(value, "") if value else None
    except ReadError:
        return None


def _strip_bom(line: bytes) -> bytes:
    return line[len(codecs.BOM_UTF8) :] if line.startswith(codecs.BOM_UTF8) else line


def _jsonl_line_limit(options: ReadOptions) -> int:
    return JSON_BYTES_PER_CHAR * options.max_chars + JSON_LINE_SLACK


def _csv_line_limit(options: ReadOptions) -> int:
    """Bytes a CSV line (and characters a field) may have: a text of max_chars, the
    other fields and then some, so a text a little too long is E014, not a broken file."""
    return BYTES_PER_CHAR * options.max_chars + JSON_LINE_SLACK


def _raise_csv_field_limit(options: ReadOptions) -> None:
    needed = min(_csv_line_limit(options), CSV_FIELD_LIMIT_MAX)
    if csv.field_size_limit() < needed:
        csv.field_size_limit(needed)


def _csv_lines(stream: BinaryIO, where: str, options: ReadOptions) -> Iterator[str]:
    """The decoded lines of a CSV stream for csv.reader; a line too long to hold raises
    ReadError (E021) after it has been consumed in chunks."""
    for lineno, line in _lines(stream, _csv_line_limit(options)):
        if isinstance(line, int):
            size = f"{line:,}"
            here = f"{where}:{lineno}"
            raise ReadError(Errors.E021.format(where=here, size=size, limit=options.max_chars))
        if lineno == 1:
            line = _strip_bom(line)
        yield line.decode("utf-8", "surrogateescape")


def _csv_records(
    stream: BinaryIO, where: str, options: ReadOptions
) -> Iterator[tuple[int, list[str]] | Skipped]:
    """(first line, cells) of each non-blank CSV record, then a Skipped if the file
    breaks off: a quoting error (E049) or a line too long to hold (E021).

    Lines are decoded one at a time with the bytes that are not UTF-8 kept aside
    (surrogateescape), so a bad byte spoils its own row only, not the parse."""
    # strict: a quote left open would otherwise swallow every later row into one field.
    reader = csv.reader(_csv_lines(stream, where, options), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as err:
            yield _skip(Errors.E049, f"{where}:{start}", reason=str(err))
            return
        except ReadError as err:
            yield Skipped(f"{where}:{reader.line_num + 1}", str(err))
            return
        if row is None:
            return
        if any(cell.strip() for cell in row):
            yield start, row


def _csv_columns(header: list[str]) -> dict[str, int]:
    """Column positions by name, trimmed; the first of duplicate names wins."""
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(name.strip(), index)
    return columns


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | int]]:
    """(line number, line) pairs; a line longer than `limit` bytes comes as its byte
    count instead, consumed in chunks so it never sits in memory whole."""
    lineno = 0
    while True:
        line = stream.readline(limit)
        if not line:
            return
        lineno += 1
        if len(line) < limit or line.endswith(b"\n"):
            yield lineno, line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(limit)
            size += len(line)
        yield lineno, size


class _Chained:
    """A readline()-able stream that first replays lines already read (stdin sniffing)."""

    def __init__(self, held: list[bytes], stream: BinaryIO) -> None:
        self._held = list(held)
        self._stream = stream

    def readline(self, limit: int = -1) -> bytes:
        if self._held:
            return self._held.pop(0)
        return self._stream.readline(limit)
