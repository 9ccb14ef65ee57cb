"""Stories: event mentions of many articles linked into incidents (eventwire.stories),
on real stores (a SQLite file and the PostgreSQL server tests/postgres.py starts), with
invented reports whose right grouping is known."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow.parquet as pq
import pytest
from sqlalchemy import inspect, select
from typer.testing import CliRunner

from eventwire.cli.app import app
from eventwire.records import Acled, Actor, Article, Document, Event, Figure, Magnitude, Place, When
from eventwire.store import SCHEMA_VERSION, Store, meta, stories, story_mentions
from eventwire.stories import (
    FEATURES,
    Mention,
    StoryError,
    cluster,
    content_words,
    link,
    pair_features,
    pair_score,
    read_stories,
    scorer,
    sentence_around,
    split,
    story_mentions_of,
)

pytest_plugins = ["postgres"]

TOWNS = {
    "Soroca": ("MDA", 48.156, 28.297),
    "Otaci": ("MDA", 48.430, 27.793),  # about 48 km from Soroca
    "Balti": ("MDA", 47.762, 27.929),
}


def report(
    article_id: str,
    source: str,
    published: str,
    sentence: str,
    *,
    category: str = "ASSAULT",
    day: str | None = None,
    town: str | None = None,
    dead: int | None = None,
    actor: str = "MDA",
    sub_type: str = "Armed clash",
    status: str = "occurred",
    extra: str = "",
    figure: int | None = None,
) -> tuple[Article, Document]:
    """One article whose first sentence reports one event."""
    text = sentence + (" " + extra if extra else "")
    trigger = sentence.split()[2]
    start = text.index(trigger)
    place = None
    if town:
        country, lat, lon = TOWNS[town]
        at = text.index(town) if town in text else 0
        place = Place(text=town, name=town, country=country, lat=lat, lon=lon,
                      precision="town", span=(at, at + len(town)))  # fmt: skip
    event = Event(
        id=f"{article_id}-e1",
        event=category,
        quad="MATERIAL CONFLICT",
        score=-8.0,
        status=status,
        actor=[Actor(text="Gunmen", country=actor, sector="REB", span=(0, 6))],
        event_text=trigger,
        span=(start, start + len(trigger)),
        sentence=0,
        date=When(text="on that day", value=day, precision="day") if day else None,
        location=place,
        dead=Magnitude(value=dead, qualifier="at least") if dead is not None else None,
        acled=Acled(event_type="Battles", sub_event_type=sub_type) if sub_type else None,
        confidence=0.9,
    )
    figures = []
    if figure is not None:
        words = f"{figure} people"
        at = text.index(words)
        figures = [Figure(value=figure, category="killed", who="people", source=source,
                          span=(at, at + len(words)), sentence=0)]  # fmt: skip
    pub = dt.date.fromisoformat(published)
    document = Document(id=article_id, source=source, published=pub, url=f"https://x.example/{article_id}",
                        events=[event], figures=figures)  # fmt: skip
    return Article(id=article_id, text=text, published=pub, source=source), document


def soroca_reports() -> list[tuple[Article, Document]]:
    """One attack told three times with a rising toll, and three near misses."""
    return [
        report("a1", "Wire", "2025-03-09", "Gunmen in Soroca attacked a police post on Sunday, "
               "killing 3 people.", day="2025-03-09", town="Soroca", dead=3, figure=3),
        report("a2", "Daily", "2025-03-10", "The toll from gunmen attacking a police post in "
               "Soroca rose to 5 people.", day="2025-03-09", town="Soroca", dead=5, figure=5),
        report("a3", "Radio", "2025-03-10", "soroca: police post attacked by gunmen, 5 people "
               "dead.", town="Soroca", dead=5),
        # the same place two days later
        report("b1", "Wire", "2025-03-11", "Gunmen in Soroca attacked a market on Tuesday, "
               "killing one trader.", day="2025-03-11", town="Soroca", dead=1),
        # the same day in a town 48 km away
        report("c1", "Daily", "2025-03-09", "Gunmen in Otaci attacked a border checkpoint on "
               "Sunday, wounding two guards.", day="2025-03-09", town="Otaci"),
        # a protest the same day and place: another category
        report("d1", "Radio", "2025-03-09", "Residents of Soroca protested on Sunday against "
               "the attack.", category="PROTEST", day="2025-03-09", town="Soroca",
               sub_type="Peaceful protest"),
    ]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "stories.db")
    return request.getfixturevalue("postgres").new_database()


def grouping(store: Store) -> set[frozenset[str]]:
    """The stories as sets of article ids."""
    with store.reading() as conn:
        rows = conn.execute(select(story_mentions.c.story_id, story_mentions.c.article_id)).all()
    groups: dict[str, set[str]] = {}
    for story_id, article_id in rows:
        groups.setdefault(story_id, set()).add(article_id)
    return {frozenset(g) for g in groups.values()}


EXPECTED = {
    frozenset({"a1", "a2", "a3"}),
    frozenset({"b1"}),
    frozenset({"c1"}),
    frozenset({"d1"}),
}


# scoring, without a store


SOROCA = "Gunmen attacked a police post in Soroca on Sunday, killing three officers."


def mention(article_id: str, sentence: str = SOROCA, **fields) -> Mention:
    base = dict(category="ASSAULT", published=dt.date(2025, 3, 9), date_value="2025-03-09",
                date_precision="day", date_from=dt.date(2025, 3, 9), date_to=dt.date(2025, 3, 9),
                dated=True, place_name="Soroca", place_country="MDA", lat=48.156, lon=28.297,
                place_precision="town", actor_countries=frozenset({"MDA"}),
                source=f"outlet-{article_id}", sentence=sentence,
                content=content_words(sentence))  # fmt: skip
    return Mention(article_id=article_id, event_id="e1", **(base | fields))


def test_pair_score_links_one_incident_and_vetoes_contradictions() -> None:
    one = mention("a")
    same = mention("b", "The toll from Sunday's attack by gunmen on a Soroca police post rose "
                   "to five.", published=dt.date(2025, 3, 10))  # fmt: skip
    assert pair_score(one, same) > scorer()["threshold"]
    later = dt.date(2025, 3, 12)
    assert pair_score(one, mention("c", date_value="2025-03-12", date_from=later,
                                   date_to=later)) is None  # fmt: skip
    assert pair_score(one, mention("d", place_name="Otaci", lat=48.43, lon=27.793)) is None
    assert pair_score(one, mention("e", category="PROTEST")) is None
    assert pair_score(one, mention("f", place_country="ROU", place_name="Iasi")) is None


def test_evidence_against_one_incident_lowers_the_score() -> None:
    """A later report with fewer dead is less likely the same incident than a rising
    toll; two days apart is another incident, unless the later one revises a toll (its
    date may be the day the toll was given)."""
    one = mention("a", counts={"dead": (3, None)})
    rising = mention("b", published=dt.date(2025, 3, 10), counts={"dead": (5, None)})
    falling = mention("c", published=dt.date(2025, 3, 10), counts={"dead": (1, None)})
    assert pair_score(one, falling) < pair_score(one, rising)
    assert scorer()["threshold"] < pair_score(one, rising)
    two_days = dt.date(2025, 3, 11)
    later = dict(date_value="2025-03-11", date_from=two_days, date_to=two_days,
                 published=two_days)  # fmt: skip
    other = mention("d", "Gunmen attacked a market in Soroca on Tuesday, killing a trader.",
                    **later)  # fmt: skip
    assert pair_score(one, other) is None
    update = mention("e", "The toll from the attack on the Soroca police post rose to five, "
                     "officials said on Tuesday.", **later)  # fmt: skip
    assert pair_score(one, update) is not None


def test_attacks_coded_assault_and_coerce_are_compared() -> None:
    """Outlets code one killing as ASSAULT or COERCE: the pair is scored, not vetoed, and
    the difference is a feature; a protest is never compared with an attack."""
    found = pair_features(mention("a"), mention("b", category="COERCE"))
    assert found is not None and found["category_other"] == 1.0
    assert pair_features(mention("a"), mention("c", category="PROTEST")) is None


def test_a_vague_date_falls_back_to_the_publication_date() -> None:
    """ "In March" is no day to compare, but the report still links by when it appeared."""
    vague = mention("v", date_value="2025-03", date_precision="month",
                    date_from=dt.date(2025, 3, 1), date_to=dt.date(2025, 3, 31))  # fmt: skip
    assert vague.days() == (dt.date(2025, 3, 6).toordinal(), dt.date(2025, 3, 9).toordinal())
    assert not vague.dated


def test_the_shipped_scorer_matches_the_features() -> None:
    """data/story_scorer.json is written by scripts/train_story_scorer.py for the features
    of this version: a weight per feature, a probability threshold."""
    model = scorer()
    assert model["features"] == list(FEATURES)
    assert set(model["weights"]) == set(FEATURES)
    assert 0.0 < model["threshold"] < 1.0 and model["linkage"] in ("max", "mean")


def test_cluster_groups_in_memory_without_a_store() -> None:
    found = cluster([mention("a"),
                     mention("b", "Three police officers were killed when gunmen attacked "
                             "their post in Soroca on Sunday."),
                     mention("c", place_name="Otaci", lat=48.43, lon=27.793)])  # fmt: skip
    assert found[("a", "e1")] == found[("b", "e1")] != found[("c", "e1")]


def test_sentence_around_finds_the_reporting_sentence() -> None:
    text = "First one. Gunmen attacked a post in Soroca. Last one."
    start = text.index("attacked")
    assert sentence_around(text, start, start + 8) == "Gunmen attacked a post in Soroca."
    text = "First one. Gunmen attacked a U.S. post on Jan. 5 in Soroca. Last one."
    start = text.index("attacked")
    assert sentence_around(text, start, start + 8) == (
        "Gunmen attacked a U.S. post on Jan. 5 in Soroca."
    )


# the store


def test_link_groups_reports_and_keeps_near_misses_apart(url: str) -> None:
    with Store.open(url) as store:
        store.add(soroca_reports())
        result = link(store)
        assert (result.linked, result.new_stories) == (6, 4)
        assert grouping(store) == EXPECTED
        assert link(store).linked == 0  # nothing new
        merged = [s for s in read_stories(store) if s["mentions"] == 3][0]
        assert merged["dead"] == 5  # the highest credible report
        assert merged["counts"]["dead"]["min"] == 3
        assert {r["article_id"]: r["value"] for r in merged["counts"]["dead"]["reports"]} == {
            "a1": 3, "a2": 5, "a3": 5
        }  # fmt: skip
        assert merged["date_value"] == "2025-03-09"  # a3 gives no date: the others'
        assert (merged["sources"], merged["first_report"], merged["last_report"]) == (
            3, "2025-03-09", "2025-03-10"
        )  # fmt: skip
        assert merged["location_name"] == "Soroca"
        reports = story_mentions_of(store, [merged["id"]])[merged["id"]]
        assert [r["article_id"] for r in reports] == ["a1", "a2", "a3"]
        first = reports[0]
        assert first["url"] == "https://x.example/a1" and first["source"] == "Wire"
        assert first["sentence"].startswith("Gunmen in Soroca attacked")


def test_new_articles_join_existing_stories_incrementally(url: str) -> None:
    reports = soroca_reports()
    with Store.open(url) as store:
        store.add(reports[:2] + reports[3:])
        link(store)
        before = {s["id"]: s["mentions"] for s in read_stories(store)}
        ingested = dt.datetime.now(dt.UTC)
        store.add([reports[2]])
        result = link(store, ingested_since=ingested)
        assert (result.linked, result.new_stories) == (1, 0)
        after = {s["id"]: s["mentions"] for s in read_stories(store)}
        assert set(after) == set(before)  # the same stories, one grown
        assert sorted(after.values()) == sorted(before.values())[:-1] + [3]
        assert grouping(store) == EXPECTED


def test_a_split_sticks_when_the_store_is_linked_again(url: str) -> None:
    with Store.open(url) as store:
        store.add(soroca_reports())
        link(store)
        story_id = next(s["id"] for s in read_stories(store) if s["mentions"] == 3)
        new_id = split(store, story_id, [("a3", "a3-e1")])
        assert grouping(store) == EXPECTED - {frozenset({"a1", "a2", "a3"})} | {
            frozenset({"a1", "a2"}), frozenset({"a3"})
        }  # fmt: skip
        link(store, relink=True)
        with_a3 = next(g for g in grouping(store) if "a3" in g)
        assert not with_a3 & {"a1", "a2"} and frozenset({"a1", "a2"}) in grouping(store)
        ids = {s["id"] for s in read_stories(store)}
        assert {story_id, new_id} <= ids
        with pytest.raises(StoryError, match=r"\[E121\]"):
            split(store, story_id, [("b1", "b1-e1")])
        with pytest.raises(StoryError, match=r"\[E120\]"):
            split(store, "st-nothing", [("a1", "a1-e1")])
        everything = story_mentions_of(store, [new_id])[new_id]
        with pytest.raises(StoryError, match=r"\[E122\]"):
            split(store, new_id, [(m["article_id"], m["event_id"]) for m in everything])


def test_relinking_a_date_range_rebuilds_the_same_stories(tmp_path) -> None:
    with Store.open(str(tmp_path / "s.db")) as store:
        store.add(soroca_reports())
        link(store)
        first = {s["id"] for s in read_stories(store)}
        result = link(store, since=dt.date(2025, 3, 9), until=dt.date(2025, 3, 9), relink=True)
        assert result.unlinked == result.linked == 4  # a3 (published Mar 10), b1 left alone
        assert {s["id"] for s in read_stories(store)} == first
        assert grouping(store) == EXPECTED


def test_only_events_that_occurred_are_linked(tmp_path) -> None:
    with Store.open(str(tmp_path / "s.db")) as store:
        store.add([report("f1", "Wire", "2025-03-09", "Gunmen in Soroca will attack the "
                          "post.", town="Soroca", status="future")])  # fmt: skip
        assert link(store).linked == 0


def test_a_version_2_store_is_migrated(tmp_path) -> None:
    path = str(tmp_path / "old.db")
    with Store.open(path) as store:
        store.add(soroca_reports())
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE story_mentions")
            conn.exec_driver_sql("DROP TABLE stories")
            conn.exec_driver_sql("DROP INDEX ix_articles_ingested_at")
            conn.execute(meta.update().values(value="2"))
    with Store.open(path) as store:
        names = set(inspect(store.engine).get_table_names())
        assert {stories.name, story_mentions.name} <= names
        with store.reading() as conn:
            assert conn.scalar(select(meta.c.value)) == str(SCHEMA_VERSION)
        assert link(store).linked == 6
        assert grouping(store) == EXPECTED


# the commands


def test_link_split_and_stories_commands(tmp_path) -> None:
    db = str(tmp_path / "s.db")
    with Store.open(db) as store:
        store.add(soroca_reports())
    runner = CliRunner()
    result = runner.invoke(app, ["link", "--db", db])
    assert result.exit_code == 0, result.output
    assert "6 mentions linked: 4 stories started" in result.stderr
    listed = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)
    story = next(s for s in listed if s["mentions"] == 3)
    assert [r["article_id"] for r in story["reports"]] == ["a1", "a2", "a3"]
    table = runner.invoke(app, ["stories", "--db", db, "--id", story["id"]]).stdout
    assert "5 (3-5)" in table and "a2:a2-e1" in table
    bad = runner.invoke(app, ["split", story["id"], "a9:e9", "--db", db])
    assert bad.exit_code == 1 and "[E121]" in bad.stderr and "Traceback" not in bad.output
    worse = runner.invoke(app, ["split", story["id"], "nocolon", "--db", db])
    assert worse.exit_code == 1 and "[E123]" in worse.stderr
    done = runner.invoke(app, ["split", story["id"], "a1:a1-e1", "--db", db])
    assert done.exit_code == 0 and done.stdout.startswith("st-")
    runner.invoke(app, ["link", "--db", db])
    listed = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)
    assert sorted(s["mentions"] for s in listed) == [1, 1, 1, 1, 2]
    missing = runner.invoke(app, ["link", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "[E055]" in missing.stderr


def test_figures_series_csv_and_parquet(tmp_path) -> None:
    db = str(tmp_path / "s.db")
    with Store.open(db) as store:
        store.add(soroca_reports())
        link(store)
    runner = CliRunner()
    table = runner.invoke(app, ["figures", "--series", "--db", db])
    assert table.exit_code == 0, table.output
    assert "3 -> 5" in table.stdout and "Soroca" in table.stdout
    listed = json.loads(
        runner.invoke(app, ["figures", "--series", "--db", db, "-f", "json"]).stdout
    )
    assert len(listed) == 1 and listed[0]["latest_value"] == 5
    assert listed[0]["latest"] == {"Wire": 3, "Daily": 5}
    out = tmp_path / "series.parquet"
    result = runner.invoke(app, ["figures", "--series", "--db", db, "-f", "parquet", "-o",
                                 str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out).to_pylist()
    assert [r["value"] for r in rows] == [3, 5] and rows[0]["place"] == "Soroca"
    csv_text = runner.invoke(app, ["figures", "--db", db, "-f", "csv"]).stdout
    assert csv_text.splitlines()[0].startswith("series_id,category,subject,place")
