"""The document model: typed records that serialize exactly to the output contract.

Every pipeline stage produces these records; `Document.to_json()` is the contract
printed by `eventwire extract`. Field names are part of the public contract
(DESIGN.md): fields may be added, never renamed. `schema/document.schema.json` is
generated from these classes (`python -m eventwire.records > schema/...`) and a
test fails when the two drift.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
"""Character offsets [start, end) into the article text as read."""

Status = Literal["occurred", "future", "hypothetical", "negated"]
Precision = Literal["day", "week", "month", "year"]


class Record(BaseModel):
    """Base for all records: strict field names, no silent extras."""

    model_config = ConfigDict(extra="forbid", frozen=False)


class Actor(Record):
    """One actor mention as coded for an event: the words and what they resolve to."""

    text: str
    name: str | None = None
    country: str | None = Field(None, description="ISO 3166 alpha-3 (PLOVER exceptions allowed)")
    sector: str | None = Field(None, description="PLOVER sector code, e.g. GOV, MIL, REB, CVL")
    sectors: list[str] = Field(
        default_factory=list,
        description="every sector the phrase names, `sector` first: 'the health ministry' "
        "is GOV and MED",
    )
    span: Span
    basis: Literal["text", "context"] = Field(
        "text",
        description="'context' when the phrase names no country and the country comes "
        "from the rest of the sentence (where the event happened, the one country the "
        "sentence names, or the first country named in the event's clause) or, for a "
        "phrase that names only a role ('the rebels'), from the earlier mention it refers to",
    )
    country_span: Span | None = Field(
        None, description="For basis 'context': the words the country was taken from"
    )
    stands_for: Literal["government", "people"] | None = Field(
        None,
        description="set when the phrase is a place name that stands for an actor: its "
        "government ('Kyiv said', 'Israel struck') or its people ('strikes on Gaza')",
    )


class When(Record):
    """A time expression resolved against the publication date."""

    text: str
    value: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    end: str | None = Field(None, description="End of a range, same formats as value")
    precision: Precision | None = None
    basis: Literal["text", "published"] = Field(
        "text", description="'published' when the value falls back to the publication date"
    )
    span: Span | None = None


class Place(Record):
    """A toponym resolved against the offline gazetteer: an event's location, or one
    mention of the document's `places` layer (which also sets the GeoNames fields)."""

    text: str
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: (
        Literal["country", "admin1", "admin2", "region", "town", "neighbourhood", "feature"] | None
    ) = None
    span: Span
    geonameid: int | None = Field(None, description="GeoNames id, where the place has one")
    feature_code: str | None = Field(
        None, description="GeoNames feature code: PCLI, ADM1, ADM2, PPLC, PPL, RGN, ..."
    )
    admin2: str | None = Field(None, description="second-level division name")
    kind: Literal["name", "adjective"] = Field(
        "name", description="'adjective' for a demonym standing for a place ('Turkish troops')"
    )
    score: float | None = Field(None, description="0-1: how sure the resolution is")
    basis: (
        Literal[
            "unique name",
            "curated",
            "article context",
            "population",
            "dateline",
            "nearby places",
            "actor country",
            "pattern",
        ]
        | None
    ) = Field(None, description="what chose this place among the candidates of its name")


class Magnitude(Record):
    """A count on an event (dead, injured, ...) with its hedge."""

    value: int
    qualifier: str | None = None


class Acled(Record):
    event_type: str
    sub_event_type: str


class Event(Record):
    """One PLOVER event: who did what to whom, when, where, how many."""

    id: str
    event: str
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    quad: str
    score: float
    status: Status = "occurred"
    historical: bool = False
    actor: list[Actor] = Field(default_factory=list)
    recipient: list[Actor] = Field(default_factory=list)
    event_text: str
    span: Span
    sentence: int
    date: When | None = None
    location: Place | None = None
    dead: Magnitude | None = None
    injured: Magnitude | None = None
    arrested: Magnitude | None = None
    abducted: Magnitude | None = None
    cameo: str | None = None
    acled: Acled | None = None
    confidence: float = Field(ge=0.0, le=1.0)


class Figure(Record):
    """A reported number of people or things, with its hedge and who reported it."""

    value: int
    qualifier: str | None = None
    category: str
    who: str | None = None
    source: str | None = None
    date: When | None = None
    cumulative: bool = Field(
        False,
        description="a running total over a period ('since the war began, 56,000 have "
        "been killed', 'the death toll rose to 300'), not the count of one incident: "
        "`date` is then the period (value its start where the text gives one, else the "
        "date the total was reached; end its end, the publication date when the text "
        "gives none), and no event carries the number",
    )
    span: Span
    sentence: int


class Speaker(Record):
    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None


class Quote(Record):
    text: str
    speaker: Speaker | None = None
    span: Span
    sentence: int


class Entity(Record):
    """A resolved actor of the document, listed once with every mention."""

    text: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    sectors: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)


class Article(Record):
    """The input of the pipeline: the text as read and its metadata."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    where: str | None = Field(
        None,
        exclude=True,
        description="Where the article was read (file:line, URL), for messages; not output",
    )

    @classmethod
    def make(cls, text: str, id: str | None = None, **meta: object) -> Article:
        """Build an article; without an id, the id is a hash of the normalized text so
        the same story read twice gets the same id."""
        return cls(id=id or text_id(text), text=text, **meta)


class Document(Record):
    """The output of the pipeline for one article: every layer, ready to serialize."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    events: list[Event] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(
        default_factory=list, description="every toponym mention of the article, resolved"
    )

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def text_id(text: str) -> str:
    """Stable id: whitespace and case do not make a story new."""
    normalized = re.sub(r"\s+", " ", text).strip().lower()
    # surrogatepass: a lone surrogate must not make hashing fail; the pipeline reports it
    return hashlib.sha1(normalized.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def json_schema() -> dict:
    """The JSON Schema of one line of `eventwire extract --format jsonl`."""
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/eventwire/eventwire/schema/document.schema.json"
    return schema


if __name__ == "__main__":
    print(json.dumps(json_schema(), indent=2))


def first_day(value: str | None) -> dt.date | None:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD value (a month or a year starts the
    period it names); None for no value or one that is not a date."""
    if not value:
        return None
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts[:3]]
        return dt.date(*numbers, *[1] * (3 - len(numbers)))
    except (ValueError, TypeError):
        return None


def last_day(value: str | None) -> dt.date | None:
    """The last day of a YYYY, YYYY-MM or YYYY-MM-DD value: the end of a range that
    ends "in May" is May 31, so the range covers the whole month."""
    start = first_day(value)
    if start is None or value is None:
        return None
    parts = value.count("-") + 1
    if parts == 1:
        return dt.date(start.year, 12, 31)
    if parts == 2:
        return dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start
