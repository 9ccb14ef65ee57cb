"""Figure series: the same count reported again and again, as it changes over time.

"At least 60 killed in Gaza" on Monday, "the toll rose to 72" on Tuesday: figures of
one category about one subject in one place form a series over report dates. The
subject is the figure's `who` ("Palestinians", normalized); the place is that of the
event reported in the same sentence (its own, else its story's merged place), else of
the nearest event of the article that has one. Each point keeps its outlet,
the source it attributes the figure to, its qualifier and its sentence. A later report
by the same source (else the same outlet) supersedes its earlier values: `latest` keeps
one value per source, and the series' latest value is the most recent of those.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, inspect, null, or_, select

from .store import Store, articles, events, figures, stories, story_mentions
from .stories import sentence_around

POINT_COLUMNS = (
    "series_id",
    "category",
    "subject",
    "place",
    "published",
    "value",
    "qualifier",
    "source",
    "outlet",
    "superseded",
    "article_id",
    "sentence",
)
"""One row per point in CSV and Parquet."""


def subject_key(who: str | None) -> str:
    """'the Palestinians' and 'Palestinians' are one subject."""
    if not who:
        return ""
    words = re.sub(r"[^\w\s-]", "", who.casefold()).split()
    while words and words[0] in ("the", "a", "an", "some", "about", "least"):
        words = words[1:]
    return " ".join(words)


def series_id(category: str, subject: str, place: str) -> str:
    key = f"{category}\x00{subject}\x00{place}".encode()
    return "fs-" + hashlib.sha1(key).hexdigest()[:12]


def figure_points(
    store: Store,
    category: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Every stored figure as a point: its report date, value, qualifier, source,
    outlet, sentence, and the place of an event in the same sentence."""
    query = (
        select(
            figures,
            articles.c.published,
            articles.c.source.label("outlet"),
            articles.c.text.label("article_text"),
        )
        .join(articles, articles.c.id == figures.c.article_id)
        .order_by(
            articles.c.published.asc().nulls_last(), figures.c.article_id, figures.c.position
        )  # fmt: skip
    )
    if category is not None:
        query = query.where(figures.c.category == category)
    if since is not None:
        query = query.where(articles.c.published >= since)
    if until is not None:
        query = query.where(articles.c.published <= until)
    place_query = (
        select(
            events.c.article_id,
            events.c.sentence,
            events.c.location_name,
            events.c.location_text,
            stories.c.location_name.label("story_place"),
        )
        .outerjoin(
            story_mentions,
            and_(
                story_mentions.c.article_id == events.c.article_id,
                story_mentions.c.event_id == events.c.event_id,
            ),
        )
        .outerjoin(stories, stories.c.id == story_mentions.c.story_id)
        .where(
            or_(
                events.c.location_name.is_not(None),
                events.c.location_text.is_not(None),
                stories.c.location_name.is_not(None),
            )
        )
    )
    points = []
    with store.reading() as conn:
        if not inspect(conn).has_table(stories.name):  # a store of schema 2, read-only
            place_query = select(
                events.c.article_id,
                events.c.sentence,
                events.c.location_name,
                events.c.location_text,
                null().label("story_place"),
            ).where(or_(events.c.location_name.is_not(None), events.c.location_text.is_not(None)))
        places: dict[str, list[tuple[int, str]]] = {}
        for row in conn.execute(place_query):
            name = row.location_name or row.location_text or row.story_place
            places.setdefault(row.article_id, []).append((row.sentence, name))
        for row in conn.execute(query).mappings():
            subject = subject_key(row["who"])
            place = nearest_place(places.get(row["article_id"], []), row["sentence"])
            points.append(
                {
                    "series_id": series_id(row["category"], subject, place.casefold()),
                    "category": row["category"],
                    "subject": subject,
                    "place": place,
                    "published": row["published"],
                    "value": row["value"],
                    "qualifier": row["qualifier"],
                    "source": row["source"],
                    "outlet": row["outlet"],
                    "superseded": False,
                    "article_id": row["article_id"],
                    "sentence": sentence_around(
                        row["article_text"], row["span_start"], row["span_end"]
                    ),
                }
            )
    return points


def nearest_place(places: list[tuple[int, str]], sentence: int) -> str:
    """The place of an event in the figure's sentence, else in the nearest sentence
    before it, else after it; "" when the article places no event."""
    before = [(n, name) for n, name in places if n <= sentence]
    if before:
        return max(before, key=lambda item: item[0])[1]
    return min(places, key=lambda item: item[0])[1] if places else ""


def build_series(points: Iterable[dict[str, Any]], min_points: int = 1) -> list[dict[str, Any]]:
    """Points grouped into series, each point in report order, superseded points
    marked, and the latest value per source."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for point in points:
        grouped.setdefault(point["series_id"], []).append(point)
    result = []
    for sid, members in grouped.items():
        if len(members) < min_points:
            continue
        members.sort(key=lambda p: (p["published"] or dt.date.max, p["article_id"]))
        latest: dict[str, dict[str, Any]] = {}
        for point in members:
            who = (point["source"] or point["outlet"] or point["article_id"]).casefold()
            if who in latest:
                latest[who]["superseded"] = True
            latest[who] = point
        newest = max(latest.values(), key=lambda p: (p["published"] or dt.date.min, p["value"]))
        first = members[0]
        result.append(
            {
                "series_id": sid,
                "category": first["category"],
                "subject": first["subject"],
                "place": first["place"],
                "points": members,
                "latest": {
                    p["source"] or p["outlet"] or p["article_id"]: p["value"]
                    for p in latest.values()
                },  # fmt: skip
                "latest_value": newest["value"],
                "first_report": first["published"],
                "last_report": members[-1]["published"],
            }
        )
    result.sort(key=lambda s: (-len(s["points"]), s["category"], s["subject"], s["place"]))
    return result


def select_series(
    series: list[dict[str, Any]], subject: str | None = None, place: str | None = None
) -> list[dict[str, Any]]:
    """Series whose subject / place contain these words (case-insensitive)."""
    found = series
    if subject:
        found = [s for s in found if subject.casefold() in s["subject"]]
    if place:
        found = [s for s in found if place.casefold() in s["place"].casefold()]
    return found
