"""Every export read back as users read it: pandas and DuckDB, column by column (names,
order, types, values), against ACLED's and PLOVER's published formats.

The documents are invented incidents written for these tests (no pipeline: the values
are known exactly): a demonstration in Kisumu dispersed by police, with arrests; a
drone strike by a foreign military on a town, killing reporters; one ambush told in two
clauses; announced, negated and long-past acts; an event with no place; CAMEO codes and
an article id that look like numbers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from eventwire import export
from eventwire.records import Acled, Actor, Document, Entity, Event, Magnitude, Place, When

CODED_AT = dt.datetime(2025, 8, 1, 12, 30, tzinfo=dt.UTC)
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
ACLED_INTEGERS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso"}
ACLED_INTEGERS |= {"geo_precision", "fatalities", "timestamp"}

KISUMU = Place(
    text="Kisumu",
    name="Kisumu",
    country="KEN",
    admin1="Kisumu",
    lat=-0.10221,
    lon=34.76171,
    precision="town",
    span=(0, 6),
)
KISUMU_TEXT = (
    "Kisumu teachers rally over pay\n"
    "Hundreds of teachers marched through Kisumu on Tuesday to demand unpaid wages. "
    "Riot police dispersed the marchers with tear gas. Officers detained 17 teachers, "
    "a union official said."
)
STRIKE_TEXT = (
    "A drone fired on a car in Tarvel on Friday, killing three reporters, the press union "
    "said. The army of Norland said it targeted a commander."
)
AMBUSH_TEXT = (
    "Gunmen ambushed a bus near Dorsa on 2 July, killing four passengers and wounding nine others."
)


def at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def event(id: str, category: str, quad: str, score: float, **fields: object) -> Event:
    return Event(id=id, event=category, quad=quad, score=score, confidence=0.7, **fields)


def documents() -> list[Document]:
    march = event(
        "kis-e1",
        "PROTEST",
        "material conflict",
        -4.0,
        mode="demo",
        actor=[Actor(text="teachers", country="KEN", sector="EDU", span=(44, 52))],
        event_text="marched",
        span=at(KISUMU_TEXT, "marched"),
        sentence=1,
        date=When(text="on Tuesday", value="2025-07-01", precision="day"),
        location=KISUMU,
        cameo="14",
        acled=Acled(event_type="Protests", sub_event_type="Peaceful protest"),
    )
    dispersal = event(
        "kis-e2",
        "ASSAULT",
        "material conflict",
        -8.0,
        mode="crowd-control",
        actor=[Actor(text="Riot police", country="KEN", sector="COP", span=(0, 11))],
        recipient=[Actor(text="the marchers", country="KEN", sector="CVL", span=(0, 12))],
        event_text="dispersed",
        span=at(KISUMU_TEXT, "dispersed"),
        sentence=2,
        date=When(text="on Tuesday", value="2025-07-01", precision="day"),
        location=KISUMU,
        cameo="18",
        acled=Acled(event_type="Protests", sub_event_type="Excessive force against protesters"),
    )
    detention = event(
        "kis-e3",
        "COERCE",
        "material conflict",
        -7.0,
        mode="arrest",
        actor=[Actor(text="Officers", country="KEN", sector="COP", span=(0, 8))],
        recipient=[Actor(text="17 teachers", country="KEN", sector="EDU", span=(0, 11))],
        event_text="detained",
        span=at(KISUMU_TEXT, "detained"),
        sentence=3,
        location=KISUMU,
        arrested=Magnitude(value=17),
        cameo="17",
        acled=Acled(event_type="Strategic developments", sub_event_type="Arrests"),
    )
    strike = event(
        "trv-e1",
        "ASSAULT",
        "material conflict",
        -9.5,
        mode="drone",
        actor=[Actor(text="A drone", country="NRL", sector="MIL", span=(0, 7))],
        recipient=[Actor(text="three reporters", country="SDN", sector="JRN", span=(0, 15))],
        event_text="fired on",
        span=at(STRIKE_TEXT, "fired on"),
        sentence=0,
        date=When(text="on Friday", value="2025-07-04", precision="day"),
        location=Place(
            text="Tarvel",
            name="Tarvel",
            country="SDN",
            admin1="Blue Nile",
            lat=11.8,
            lon=34.4,
            precision="town",
            span=(0, 6),
        ),
        dead=Magnitude(value=3),
        cameo="19",
        acled=Acled(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike"),
    )
    ambush_dead = event(
        "amb-e1",
        "ASSAULT",
        "material conflict",
        -9.0,
        mode="firearms",
        actor=[Actor(text="Gunmen", country="MLI", sector="UAF", span=(0, 6))],
        recipient=[Actor(text="passengers", country="MLI", sector="CVL", span=(0, 10))],
        event_text="ambushed",
        span=at(AMBUSH_TEXT, "ambushed"),
        sentence=0,
        date=When(text="on 2 July", value="2025-07-02", precision="day"),
        location=Place(
            text="near Dorsa",
            name="near Dorsa",
            country="MLI",
            admin1="Mopti",
            lat=14.1,
            lon=-4.0,
            precision="region",
            span=(0, 10),
        ),
        dead=Magnitude(value=4),
        cameo="19",
        acled=Acled(event_type="Violence against civilians", sub_event_type="Attack"),
    )
    ambush_wounded = ambush_dead.model_copy(
        update={
            "id": "amb-e2",
            "event_text": "wounding",
            "span": at(AMBUSH_TEXT, "wounding"),
            "dead": None,
            "injured": Magnitude(value=9),
            "location": None,
        }
    )
    return [
        Document(
            id="00123",
            title="Kisumu teachers rally over pay",
            source="Lakeside Herald",
            published=dt.date(2025, 7, 2),
            events=[march, dispersal, detention],
        ),
        Document(
            id="trv",
            source="Wire",
            published=dt.date(2025, 7, 5),
            events=[strike],
            entities=[Entity(text="army of Norland", name="Norland Army", type="ORG")],
        ),
        Document(id="amb", published=dt.date(2025, 7, 3), events=[ambush_dead, ambush_wounded]),
    ]


TEXTS = {"00123": KISUMU_TEXT, "trv": STRIKE_TEXT, "amb": AMBUSH_TEXT}


def write(tmp_path: Path, fmt: str, docs: list[Document] | None = None) -> Path:
    path = tmp_path / f"out.{fmt}"
    docs = documents() if docs is None else docs
    export.write(docs, fmt, path, texts=TEXTS.get, coded_at=CODED_AT)
    return path


# --- ACLED ---------------------------------------------------------------------------


def acled_expected() -> list[dict[str, object]]:
    stamp = int(CODED_AT.timestamp())
    common = {"admin2": None, "admin3": None, "source_scale": None, "timestamp": stamp}
    kenya = {"iso": 404, "region": "Eastern Africa", "country": "Kenya", "admin1": "Kisumu"}
    kenya |= {"location": "Kisumu", "latitude": -0.10221, "longitude": 34.76171}
    kenya |= {"geo_precision": 1, "source": "Lakeside Herald"}
    return [
        common
        | kenya
        | {
            "event_date": dt.date(2025, 7, 1),
            "year": 2025,
            "time_precision": 1,
            "disorder_type": "Demonstrations",
            "event_type": "Protests",
            "sub_event_type": "Peaceful protest",
            "actor1": "Protesters (Kenya)",
            "assoc_actor_1": "Teachers (Kenya)",
            "inter1": 6,
            "actor2": None,
            "assoc_actor_2": None,
            "inter2": None,
            "interaction": 60,
            "civilian_targeting": None,
            "notes": "Hundreds of teachers marched through Kisumu on Tuesday to demand unpaid "
            "wages.",
            "fatalities": 0,
            "tags": "crowd size=no report",
        },
        common
        | kenya
        | {
            "event_date": dt.date(2025, 7, 1),
            "year": 2025,
            "time_precision": 1,
            "disorder_type": "Political violence; Demonstrations",
            "event_type": "Protests",
            "sub_event_type": "Excessive force against protesters",
            "actor1": "Police Forces of Kenya",
            "assoc_actor_1": None,
            "inter1": 1,
            "actor2": "Protesters (Kenya)",
            "assoc_actor_2": None,
            "inter2": 6,
            "interaction": 16,
            "civilian_targeting": None,
            "notes": "Riot police dispersed the marchers with tear gas.",
            "fatalities": 0,
            "tags": "crowd size=no report",
        },
        common
        | kenya
        | {
            "event_date": dt.date(2025, 7, 2),  # no date in the text: published, +-a week
            "year": 2025,
            "time_precision": 2,
            "disorder_type": "Strategic developments",
            "event_type": "Strategic developments",
            "sub_event_type": "Arrests",
            "actor1": "Police Forces of Kenya",
            "assoc_actor_1": None,
            "inter1": 1,
            "actor2": "Civilians (Kenya)",
            "assoc_actor_2": "Teachers (Kenya)",
            "inter2": 7,
            "interaction": 17,
            "civilian_targeting": None,  # no political violence
            "notes": "Officers detained 17 teachers, a union official said.",
            "fatalities": 0,
            "tags": None,
        },
        common
        | {
            "event_date": dt.date(2025, 7, 4),
            "year": 2025,
            "time_precision": 1,
            "disorder_type": "Political violence",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Air/drone strike",
            "actor1": "Military Forces of NRL",  # a foreign force: external (8)
            "assoc_actor_1": None,
            "inter1": 8,
            "actor2": "Civilians (Sudan)",
            "assoc_actor_2": "Journalists (Sudan)",
            "inter2": 7,
            "interaction": 78,
            "civilian_targeting": "Civilian targeting",
            "iso": 729,
            "region": "Northern Africa",
            "country": "Sudan",
            "admin1": "Blue Nile",
            "location": "Tarvel",
            "latitude": 11.8,
            "longitude": 34.4,
            "geo_precision": 1,
            "source": "Wire",
            "notes": "A drone fired on a car in Tarvel on Friday, killing three reporters, the "
            "press union said.",
            "fatalities": 3,
            "tags": None,
        },
        common
        | {  # one ambush, two clauses: one row with its dead
            "event_date": dt.date(2025, 7, 2),
            "year": 2025,
            "time_precision": 1,
            "disorder_type": "Political violence",
            "event_type": "Violence against civilians",
            "sub_event_type": "Attack",
            "actor1": "Unidentified Armed Group (Mali)",
            "assoc_actor_1": None,
            "inter1": 3,
            "actor2": "Civilians (Mali)",
            "assoc_actor_2": None,
            "inter2": 7,
            "interaction": 37,
            "civilian_targeting": "Civilian targeting",
            "iso": 466,
            "region": "Western Africa",
            "country": "Mali",
            "admin1": "Mopti",
            "location": "near Dorsa",
            "latitude": 14.1,
            "longitude": -4.0,
            "geo_precision": 2,
            "source": None,
            "notes": AMBUSH_TEXT,
            "fatalities": 4,
            "tags": None,
        },
    ]


def test_acled_in_pandas_column_by_column(tmp_path: Path) -> None:
    path = write(tmp_path, "acled")
    frame = pd.read_csv(path, **export.csv_dtypes("acled"))
    assert list(frame.columns) == ACLED_COLUMNS
    for column in ACLED_COLUMNS:
        kind = str(frame[column].dtype)
        if column in ACLED_INTEGERS:
            assert kind == "Int64", column
        elif column in ("latitude", "longitude"):
            assert kind == "float64", column
        elif column == "event_date":
            assert kind.startswith("datetime64"), column
        else:
            assert kind == "string", column
    ids = frame.pop("event_id_cnty").tolist()
    assert [i[:3] for i in ids] == ["KEN", "KEN", "KEN", "SDN", "MLI"]
    assert all(i[3:].isdigit() for i in ids) and len(set(ids)) == len(ids)
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        row["event_date"] = row["event_date"].date()
    assert rows == acled_expected()


def test_acled_in_duckdb_column_by_column(tmp_path: Path) -> None:
    path = write(tmp_path, "acled")
    relation = duckdb.sql(f"select * from read_csv('{path}')")
    assert relation.columns == ACLED_COLUMNS
    types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    assert types["event_date"] == "DATE"
    assert all(types[c] == "BIGINT" for c in ACLED_INTEGERS), types
    assert types["latitude"] == types["longitude"] == "DOUBLE"
    assert types["event_id_cnty"] == types["notes"] == types["actor1"] == "VARCHAR"
    rows = [dict(zip(relation.columns, r, strict=True)) for r in relation.fetchall()]
    for row, expected in zip(rows, acled_expected(), strict=True):
        row.pop("event_id_cnty")
        nullable_text = {k: (v if v != "" else None) for k, v in row.items()}
        assert nullable_text == expected


def test_acled_ids_are_stable_and_per_country(tmp_path: Path) -> None:
    first = pd.read_csv(write(tmp_path, "acled"), **export.csv_dtypes("acled"))
    again = export.acled_rows(documents()[2], AMBUSH_TEXT, CODED_AT)
    assert again[0]["event_id_cnty"] == first["event_id_cnty"].iloc[-1]
    assert export.acled_event_id("a", "a-e1", "KOS").startswith("XKX")  # ACLED's Kosovo
    assert export.acled_event_id("a", "a-e1", "UKR") != export.acled_event_id("b", "a-e1", "UKR")


def test_acled_leaves_out_what_it_would_not_record() -> None:
    base = documents()[2].events[0]
    future = base.model_copy(update={"id": "f", "status": "future", "sentence": 1})
    uncoded = base.model_copy(update={"id": "u", "acled": None, "sentence": 2})
    nowhere = base.model_copy(
        update={
            "id": "n",
            "sentence": 3,
            "location": None,
            "recipient": [Actor(text="traders", country="NER", sector="CVL", span=(0, 7))],
        }
    )  # Malian gunmen, Nigerien traders, no place: no one country
    sole_country = nowhere.model_copy(
        update={"id": "s", "sentence": 4, "recipient": [], "dead": None}
    )
    doc = Document(id="x", events=[future, uncoded, nowhere, sole_country])
    rows = export.acled_rows(doc, None, CODED_AT)
    assert len(rows) == 1
    row = rows[0]
    assert (row["country"], row["iso"], row["geo_precision"]) == ("Mali", 466, 3)
    assert row["latitude"] is row["location"] is None
    assert (row["actor2"], row["inter2"], row["interaction"]) == ("Civilians (Mali)", 7, 37)
    assert row["event_date"] == dt.date(2025, 7, 2) and row["notes"] == "ambushed"


@pytest.mark.parametrize(
    ("inter1", "inter2", "interaction"),
    [(1, 7, 17), (7, 1, 17), (2, 1, 12), (6, None, 60), (8, 8, 88), (None, None, None)],
)
def test_acled_interaction(inter1: int | None, inter2: int | None, interaction: int) -> None:
    assert export.acled_interaction(inter1, inter2) == interaction


def test_acled_inter_codes_from_sectors() -> None:
    def inter(sector: str, sub: str = "Attack", role: str = "actor", **kw: str) -> int | None:
        actor = Actor(
            text=kw.get("text", "x"), country=kw.get("country", "NGA"), sector=sector, span=(0, 1)
        )
        return export.acled_inter(actor, sub, role, "NGA")

    assert inter("MIL") == inter("COP") == inter("GOV") == 1
    assert inter("MIL", country="TCD") == 8  # outside its own country
    assert inter("REB") == 2
    assert inter("UAF") == inter("PRM") == 3
    assert inter("UAF", text="ethnic militia") == 4
    assert inter("REB", text="private security contractors") == 8
    assert inter("CVL", "Violent demonstration") == 5
    assert inter("CVL", "Peaceful protest") == 6
    assert inter("CVL", "Excessive force against protesters", "recipient") == 6
    assert inter("JRN", role="recipient") == inter("MED", role="recipient") == 7
    assert inter("GOV", country="IGO") == 8
    assert export.iso_numeric("AFG") == 4 and export.iso_numeric("KOS") == 0


@pytest.mark.parametrize(
    ("actor", "named"),
    [
        (Actor(text="the separatist fighters", country="CMR", sector="REB", span=(0, 1)),
         ("Separatist fighters", None, 2)),
        (Actor(text="Ambazonia Defence Forces", name="Ambazonia Defence Forces",
               country="CMR", sector="REB", span=(0, 1)), ("Ambazonia Defence Forces", None, 2)),
        (Actor(text="unknown gunmen", country="CMR", sector="UAF", span=(0, 1)),
         ("Unidentified Armed Group (Cameroon)", None, 3)),
        (Actor(text="gendarmes", country="CMR", sector="COP", span=(0, 1)),
         ("Police Forces of Cameroon", None, 1)),
        (Actor(text="Paul Biya", name="Paul Biya", country="CMR", sector="GOV", span=(0, 1)),
         ("Government of Cameroon", None, 1)),
        (Actor(text="a nurse", country="CMR", sector="MED", span=(0, 1)),
         ("Civilians (Cameroon)", "Health Workers (Cameroon)", 7)),
    ],
)  # fmt: skip
def test_acled_actor_names(actor: Actor, named: tuple[str, str | None, int]) -> None:
    doc = Document(id="x", entities=[Entity(text="Paul Biya", name="Paul Biya", type="PERSON")])
    assert export.acled_actor([actor], "Armed clash", "actor", "CMR", doc) == named
    assert export.acled_region("PSE") == "Middle East"
    assert export.acled_region("NPL") == "South Asia"


# --- CSV -----------------------------------------------------------------------------


def test_csv_types_travel_beside_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "csv")
    sidecar = json.loads(export.csv_metadata_path(path).read_text())
    assert sidecar["@context"] == "http://www.w3.org/ns/csvw" and sidecar["url"] == path.name
    columns = sidecar["tableSchema"]["columns"]
    assert [c["name"] for c in columns] == list(export.COLUMNS)
    datatypes = {c["name"]: c["datatype"] for c in columns}
    assert datatypes["cameo"] == datatypes["article_id"] == "string"
    assert datatypes["date"] == "date" and datatypes["dead"] == "integer"
    # pandas guesses: codes that look like numbers lose their zeros without the types
    guessed = pd.read_csv(path)
    assert guessed["cameo"].tolist()[:2] == [14, 18]
    frame = pd.read_csv(path, **export.csv_dtypes("csv"))
    assert list(frame.columns) == list(export.COLUMNS)
    assert frame["article_id"].tolist()[:3] == ["00123"] * 3
    assert frame["cameo"].tolist() == ["14", "18", "17", "19", "19", "19"]
    assert str(frame["dead"].dtype) == "Int64" and str(frame["span_start"].dtype) == "Int64"
    assert frame["dead"].tolist()[3:5] == [3, 4] and pd.isna(frame["dead"][0])
    assert str(frame["historical"].dtype) == "boolean"
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["date"].dt.date.tolist()[:2] == [dt.date(2025, 7, 1)] * 2
    assert frame["score"].dtype == "float64" and frame["score"].tolist()[0] == -4.0


def test_csv_in_duckdb_with_the_sidecar_types(tmp_path: Path) -> None:
    path = write(tmp_path, "csv")
    columns = json.loads(export.csv_metadata_path(path).read_text())["tableSchema"]["columns"]
    sql_types = {"string": "VARCHAR", "date": "DATE", "integer": "BIGINT"}
    sql_types |= {"double": "DOUBLE", "boolean": "BOOLEAN"}
    types = {c["name"]: sql_types[c["datatype"]] for c in columns}
    relation = duckdb.sql(f"select * from read_csv('{path}', types={types!r})")
    assert relation.columns == list(export.COLUMNS)
    assert [str(t) for t in relation.types] == list(types.values())
    rows = relation.fetchall()
    assert [r[0] for r in rows[:3]] == ["00123"] * 3
    cameo = relation.columns.index("cameo")
    assert [r[cameo] for r in rows] == ["14", "18", "17", "19", "19", "19"]
    date = relation.columns.index("date")
    assert rows[0][date] == dt.date(2025, 7, 1)


def test_cameo_codes_with_leading_zeros_stay_text(tmp_path: Path) -> None:
    docs = documents()
    docs[0].events[0].cameo = "04"
    docs[0].events[1].cameo = "042"
    path = write(tmp_path, "csv", docs)
    frame = pd.read_csv(path, **export.csv_dtypes("csv"))
    assert frame["cameo"].tolist()[:2] == ["04", "042"]
    assert duckdb.sql(f"select cameo from '{path}' limit 2").fetchall() == [("04",), ("042",)]
    parquet = write(tmp_path, "parquet", docs)
    assert pd.read_parquet(parquet)["cameo"].tolist()[:2] == ["04", "042"]


# --- parquet -------------------------------------------------------------------------


def test_parquet_in_pandas_default_backend(tmp_path: Path) -> None:
    frame = pd.read_parquet(write(tmp_path, "parquet"))
    assert list(frame.columns) == list(export.COLUMNS)
    for field in export.SCHEMA:
        kind = str(frame[field.name].dtype)
        expected = {
            "date32[day]": "date32[day][pyarrow]",
            "int64": "Int64",
            "double": "float64",
            "bool": "bool",
        }.get(str(field.type), "str")
        assert kind == expected, field.name
    assert frame["date"].dt.month.dropna().tolist() == [7] * 5  # kis-e3 has no date
    assert frame["date"].isna().tolist() == [False, False, True, False, False, False]
    assert frame["arrested"].tolist()[2] == 17 and pd.isna(frame["arrested"][0])
    assert frame["article_id"].tolist()[0] == "00123"


def test_parquet_in_duckdb(tmp_path: Path) -> None:
    path = write(tmp_path, "parquet")
    relation = duckdb.sql(f"select * from '{path}'")
    assert relation.columns == list(export.COLUMNS)
    sql = {"date32[day]": "DATE", "int64": "BIGINT", "double": "DOUBLE", "bool": "BOOLEAN"}
    assert [str(t) for t in relation.types] == [
        sql.get(str(f.type), "VARCHAR") for f in export.SCHEMA
    ]
    got = duckdb.sql(f"select event_id, date, dead, injured from '{path}' order by 1").fetchall()
    assert got == [
        ("amb-e1", dt.date(2025, 7, 2), 4, None),
        ("amb-e2", dt.date(2025, 7, 2), None, 9),
        ("kis-e1", dt.date(2025, 7, 1), None, None),
        ("kis-e2", dt.date(2025, 7, 1), None, None),
        ("kis-e3", None, None, None),
        ("trv-e1", dt.date(2025, 7, 4), 3, None),
    ]


# --- PLOVER --------------------------------------------------------------------------


def plover_documents() -> list[Document]:
    """Announced, negated and long-past acts, and a place GeoNames knows."""
    nairobi = Place(
        text="Nairobi",
        name="Nairobi",
        country="KEN",
        lat=-1.28333,
        lon=36.81667,
        precision="town",
        span=(0, 7),
    )
    kenya = Place(text="Kenya", name="Kenya", country="KEN", precision="country", span=(0, 5))
    base = {"event_text": "x", "span": (0, 1), "sentence": 0, "location": nairobi}
    return [
        Document(
            id="p1",
            published=dt.date(2025, 7, 1),
            events=[
                event("p1-e1", "RETREAT", "material cooperation", 7.0, mode="withdraw",
                      status="future", **base),
                event("p1-e2", "CONCEDE", "verbal cooperation", 4.5, status="future", **base),
                event("p1-e3", "ASSAULT", "material conflict", -9.0, status="negated", **base),
                event("p1-e4", "CONSULT", "verbal cooperation", 4.0, status="hypothetical",
                      mode="visit", **base),
                event("p1-e5", "ACCUSE", "verbal conflict", -2.0, status="future", **base),
                event("p1-e6", "ASSAULT", "material conflict", -9.0, historical=True,
                      context=["military"], **base | {"location": kenya}),
            ],
        )
    ]  # fmt: skip


def test_plover_markers_where_the_manual_puts_them(tmp_path: Path) -> None:
    path = write(tmp_path, "plover", plover_documents())
    records = [json.loads(line) for line in path.read_text().splitlines()]
    coded = [(r["event"], r["mode"], r["context"]) for r in records]
    assert coded == [
        (["CONCEDE"], [], []),  # an announced withdrawal (manual, RETREAT notes)
        (["CONCEDE"], [], ["future"]),  # CONCEDE + future stays CONCEDE
        (["ASSAULT"], [], ["negation"]),
        (["AGREE"], [], []),  # hypothetical cooperation: the manual's AGREE
        (["ACCUSE"], [], ["future"]),
        (["ASSAULT"], [], ["military", "historical"]),
    ]
    nairobi, kenya = records[0]["event_loc"], records[5]["event_loc"]
    assert (nairobi["geonameid"], nairobi["feature_class"], nairobi["feature_code"]) == (
        184745,
        "P",
        "PPLC",
    )
    assert (kenya["geonameid"], kenya["feature_code"], kenya["resolution"]) == (192950, "PCLI", 1)
    assert all(r["cite_info"]["language"] == "en" for r in records)
    assert {(r["coded_date"], r["coded_time"]) for r in records} == {("2025-08-01", "12:30:00Z")}


def test_plover_in_pandas_and_duckdb(tmp_path: Path) -> None:
    path = write(tmp_path, "plover")
    frame = pd.read_json(path, lines=True)
    fields = ["id", "has_event", "date", "enddate", "actor", "recipient", "event", "mode"]
    fields += ["context", "quad_code", "event_scale", "event_text", "event_loc", "size"]
    fields += ["text_info", "cite_info", "coder", "coded_date", "coded_time", "eventwire"]
    assert list(frame.columns) == fields
    assert frame["id"].tolist()[:2] == ["kis-e1", "kis-e2"]
    assert frame["quad_code"].tolist() == [4, 4, 4, 4, 4, 4]
    relation = duckdb.sql(
        f"select id, date, event[1], event_loc.country_code, cite_info.language, "
        f"size.dead from read_json('{path}') order by id"
    )
    assert relation.fetchall() == [
        ("amb-e1", dt.date(2025, 7, 2), "ASSAULT", "MLI", "en", 4),
        ("amb-e2", dt.date(2025, 7, 2), "ASSAULT", None, "en", None),
        ("kis-e1", dt.date(2025, 7, 1), "PROTEST", "KEN", "en", None),
        ("kis-e2", dt.date(2025, 7, 1), "ASSAULT", "KEN", "en", None),
        ("kis-e3", dt.date(2025, 7, 2), "COERCE", "KEN", "en", None),
        ("trv-e1", dt.date(2025, 7, 4), "ASSAULT", "SDN", "en", 3),
    ]


# --- the date filter -----------------------------------------------------------------


def test_within_keeps_events_dated_in_the_range() -> None:
    docs = documents()
    kept = list(export.within(docs, dt.date(2025, 7, 2), dt.date(2025, 7, 3)))
    # kis-e3 has no date of its own: its article's publication date (July 2) counts
    assert [[e.id for e in d.events] for d in kept] == [["kis-e3"], ["amb-e1", "amb-e2"]]
    assert list(export.within(docs, dt.date(2025, 8, 1), None)) == []
    assert list(export.within(docs)) == docs
