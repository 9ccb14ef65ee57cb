"""Exports: a stream of Documents written in the file formats the field uses.

Every writer takes the documents one at a time and writes as it goes, so a corpus of
any size exports in constant memory; only parquet holds rows back, `BATCH_SIZE` events
at a time, because parquet is written in row groups.

- `jsonl`: one Document a line (`Document.to_json()`): the output contract, nothing lost.
- `csv`: one row per event in the flat `COLUMNS`, for spreadsheets, R and pandas.
- `parquet`: the same columns with Arrow types (`SCHEMA`), for pandas, DuckDB, Spark.
- `plover`: one PLOVER JSON record per event per line, in the manual's field names.
- `acled`: ACLED-style CSV (`ACLED_COLUMNS`), one row per event ACLED would record.

Flat columns (csv, parquet). Lists are ";"-joined: `context`, and for actor and
recipient one item per actor in the event's order, so the n-th country belongs to the
n-th actor; an actor without a country leaves its place empty ("USA;" = the second
actor's country is unknown), and a cell with no value at all is null (empty in CSV).
`event` is eventwire's category (the act, with `status`); `plover` gives PLOVER's coding
of intentions. `date` is the first day of the event's date (a month or a year value
starts its period: `date_precision` says how much of it is meant) and `date_end` the last
day of the range's end. `location` is the gazetteer's name, else the words of the text.
CSV writes booleans as true/false, dates as YYYY-MM-DD and "\\n" line ends; text cells
are always quoted and numbers never are. CSV is for spreadsheets too, so a text cell
that a spreadsheet would run as a formula (one beginning with = + - @, tab or carriage
return) starts with a single quote (`neutralize_formula`, OWASP's rule); `raw=True`
(`--raw-csv`) writes every cell as it is, for programs that read the CSV. Parquet and
the JSON formats are never changed.

PLOVER (PLOVER_MANUAL.tex, chapter "Data Fields"; one JSON object a line, as it
suggests). Manual field <- eventwire field:
  id <- event.id
  date <- event date (its first day, YYYY-MM-DD), else the article's publication date
  enddate <- the last day of the date range's end, when the date is a range
  actor, recipient <- lists of entity objects {code <- country, sector <- sector,
      entity_text <- text, identifier_text <- name}
  event <- [ontology.plover_category(event, status)]: "will withdraw" is AGREE
  mode <- [mode] when the category is the act's own; [] when PLOVER's coding changed it
      (the act's mode does not belong to AGREE, THREATEN or REJECT)
  context <- context; event_text <- [event_text]
  quad_code <- 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
      4 material conflict, of the PLOVER category
  event_scale <- score (the PLOVER category's own score when the coding changed it)
  event_loc <- the location object {extracted_place <- text, resolved_place <- name,
      lat, lon, city <- name for a town, province <- admin1, country <- country name,
      country_code <- country, resolution <- 4 town, 3 other region ("near Kharkiv",
      "northern Gaza"), 2 first-level division (name = admin1), 1 country}; null if none
  size <- the size object {dead, injured, arrested} (values); null when no count
  text_info <- {sequence <- sentence, start, end <- span}
  cite_info <- {citation <- article id, title, url, publication <- source,
      coder <- "eventwire <version>"}
  eventwire <- not the manual's: {event, mode (the act as eventwire codes it), status,
      historical, confidence, cameo, acled_event_type, acled_sub_event_type,
      date_precision, date_basis, geo_precision, dead_qualifier, injured_qualifier,
      abducted}

ACLED: only events that took place (status "occurred") and have an ACLED coding are
written; the others are left out, since ACLED records no intentions and eventwire gives
no ACLED type to them. `event_date` is the event date's first day, else the publication
date; `time_precision` is 1 for a day, 2 for a week or a range within a week (and for a
date taken from the publication date), 3 for a month, a year or a longer range.
`geo_precision` is 1 for a town, 2 for our other regions ("near Kharkiv", "northern
Kyiv": part of a region or near a town; curated wide regions such as "Donbas" get 2 as
well, since a Place does not say how wide it is), 3 for a first-level division (name =
admin1) or a country. `inter1` and
`inter2` map the first actor's primary sector to ACLED's actor codes: 1 state forces
(GOV MIL COP SPY JUD LEG), 2 rebels (REB), 3 political militias (PRM, and UAF: ACLED
codes unidentified armed groups as militias), and for unarmed sectors 6 protesters in
protests, 5 rioters in riots, else 7 civilians; other sectors leave it empty. `notes` is
the event's words: a Document does not keep the article's text, so the sentence is not
available here. Actors are named by their resolved name, else their words; further
actors go to `assoc_actor_*`, "; "-joined as ACLED does.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache, partial
from importlib.resources import files
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

import pyarrow as pa
import pyarrow.parquet as pq
import pycountry

from . import __version__
from .errors import Errors, EventwireError, SettingsError
from .gazetteer import read_places_file
from .ontology import code, plover_category
from .records import Actor, Document, Event, Magnitude, Place, When, first_day, last_day

FORMATS = ("jsonl", "csv", "parquet", "plover", "acled")
BATCH_SIZE = 10_000
"""Events per parquet row group: large enough for fast scans, small enough for memory."""

Destination = str | os.PathLike[str] | BinaryIO | TextIO

SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("published", pa.date32()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("event_id", pa.string()),
        ("event", pa.string()),
        ("mode", pa.string()),
        ("context", pa.string()),
        ("quad", pa.string()),
        ("score", pa.float64()),
        ("status", pa.string()),
        ("historical", pa.bool_()),
        ("actor", pa.string()),
        ("actor_country", pa.string()),
        ("actor_sector", pa.string()),
        ("recipient", pa.string()),
        ("recipient_country", pa.string()),
        ("recipient_sector", pa.string()),
        ("event_text", pa.string()),
        ("span_start", pa.int64()),
        ("span_end", pa.int64()),
        ("sentence", pa.int64()),
        ("date", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        ("date_basis", pa.string()),
        ("location", pa.string()),
        ("location_country", pa.string()),
        ("admin1", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geo_precision", pa.string()),
        ("dead", pa.int64()),
        ("dead_qualifier", pa.string()),
        ("injured", pa.int64()),
        ("injured_qualifier", pa.string()),
        ("arrested", pa.int64()),
        ("abducted", pa.int64()),
        ("cameo", pa.string()),
        ("acled_event_type", pa.string()),
        ("acled_sub_event_type", pa.string()),
        ("confidence", pa.float64()),
    ]
)
"""The per-event columns of csv and parquet, with their Arrow types."""
COLUMNS = tuple(SCHEMA.names)

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "country",
    "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities",
)  # fmt: skip

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

STATE_SECTORS = {"GOV", "MIL", "COP", "SPY", "JUD", "LEG"}
MILITIA_SECTORS = {"PRM", "UAF"}
UNARMED_SECTORS = {
    "CVL", "OPP", "LAB", "AGR", "EDU", "SOC", "REL", "MED", "JRN", "REF", "BUS", "NGO",
    "ELI", "PTY",
}  # fmt: skip


FORMULA_TRIGGERS = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A decimal number in ASCII digits and nothing else ("-9.5", "+3", "-1e5"): a spreadsheet
reads it as that number, so it is no formula even when it begins with + or -."""


class ExportError(EventwireError, OSError):
    """The destination cannot be written; the message says which and why."""


# --- the dispatcher ----------------------------------------------------------------


def write(
    documents: Iterable[Document], fmt: str, out: Destination, *, raw_csv: bool = False
) -> int:
    """Write the documents in a format to a path or an open stream, and return the number
    of records written: documents for jsonl, events for the others (for acled, the
    events it records). A stream is left open; a path is created or replaced.
    `raw_csv` writes csv and acled cells unchanged (see `neutralize_formula`); the
    other formats hold no spreadsheet cells and ignore it."""
    writer = _writer(fmt)
    if fmt in ("csv", "acled"):
        writer = partial(writer, raw=raw_csv)
    binary = fmt == "parquet"
    if isinstance(out, str | os.PathLike):
        destination = _open_path(Path(out), binary)
    else:
        destination = _adapt_stream(out, binary)
    with destination as stream:
        return writer(documents, stream)


def _writer(fmt: str) -> Callable[[Iterable[Document], Any], int]:
    writers: dict[str, Callable[[Iterable[Document], Any], int]] = {
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
    """The `COLUMNS` with the Arrow types of `SCHEMA`, one row group per `batch_size`
    events; with no event, a valid file with the schema and no rows."""
    count = 0
    with pq.ParquetWriter(stream, SCHEMA) as writer:
        for batch in _batches(event_rows(documents), batch_size):
            writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
            count += len(batch)
    return count


def write_plover(documents: Iterable[Document], stream: TextIO) -> int:
    """One PLOVER record (`plover_record`) per event, a JSON object a line."""
    count = 0
    for doc in documents:
        for event in doc.events:
            stream.write(json.dumps(plover_record(doc, event), ensure_ascii=False) + "\n")
            count += 1
    return count


def write_acled(documents: Iterable[Document], stream: TextIO, raw: bool = False) -> int:
    """ACLED-style rows (`acled_row`) for the events ACLED would record; the header
    alone when there is none. Formulas are neutralized unless `raw` (`write_csv_rows`)."""
    rows = (
        [row[name] for name in ACLED_COLUMNS]
        for doc in documents
        for event in doc.events
        if (row := acled_row(doc, event)) is not None
    )
    return write_csv_rows(stream, ACLED_COLUMNS, rows, raw=raw)


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


# --- dates -----------------------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- PLOVER ------------------------------------------------------------------------


def plover_record(doc: Document, event: Event) -> dict[str, object]:
    """One event as a PLOVER JSON record; the mapping is in the module docstring."""
    category = plover_category(event.event, event.status)
    recoded = category != event.event
    when = event.date or When(text="")
    return {
        "id": event.id,
        "date": _iso(first_day(when.value) or doc.published),
        "enddate": _iso(last_day(when.end)),
        "actor": [_plover_entity(a) for a in event.actor],
        "recipient": [_plover_entity(r) for r in event.recipient],
        "event": [category],
        "mode": [event.mode] if event.mode and not recoded else [],
        "context": list(event.context),
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
            "publication": doc.source,
            "coder": f"eventwire {__version__}",
        },
        "eventwire": _plover_extras(doc, event),
    }


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
    return {
        "extracted_place": place.text,
        "resolved_place": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "city": place.name if place.precision == "town" else None,
        "province": place.admin1,
        "country": country_name(place.country) if place.country else None,
        "country_code": place.country,
        "resolution": RESOLUTION.get(_extent(place) or ""),
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


def acled_row(doc: Document, event: Event) -> dict[str, object] | None:
    """One event as an ACLED-style row, or None for an event ACLED would not record
    (not one that took place, or without an ACLED coding)."""
    if event.acled is None or event.status != "occurred":
        return None
    day, time_precision = acled_date(event.date, doc.published)
    place = event.location or Place(text="", span=(0, 0))
    actor1, assoc1 = _acled_actors(event.actor)
    actor2, assoc2 = _acled_actors(event.recipient)
    return {
        "event_id_cnty": event.id,
        "event_date": day,
        "year": day.year if day else None,
        "time_precision": time_precision,
        "event_type": event.acled.event_type,
        "sub_event_type": event.acled.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": acled_inter(event.actor, event.acled.event_type),
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": acled_inter(event.recipient, event.acled.event_type),
        "country": country_name(place.country) if place.country else None,
        "admin1": place.admin1,
        "location": place.name or place.text or None,
        "latitude": place.lat,
        "longitude": place.lon,
        "geo_precision": acled_geo_precision(event.location),
        "source": doc.source,
        "notes": event.event_text,
        "fatalities": _value(event.dead) or 0,
    }


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


def acled_inter(actors: list[Actor], event_type: str) -> int | None:
    """ACLED's actor type code of the first actor, from its primary sector (the mapping
    is in the module docstring); None when no sector maps."""
    sector = actors[0].sector if actors else None
    if sector in STATE_SECTORS:
        return 1
    if sector == "REB":
        return 2
    if sector in MILITIA_SECTORS:
        return 3
    if sector in UNARMED_SECTORS:
        return {"Protests": 6, "Riots": 5}.get(event_type, 7)
    return None


def _acled_actors(actors: list[Actor]) -> tuple[str | None, str | None]:
    """The first actor, and the others "; "-joined as ACLED's assoc_actor columns are."""
    names = [a.name or a.text for a in actors]
    if not names:
        return None, None
    return names[0], "; ".join(names[1:]) or None


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
