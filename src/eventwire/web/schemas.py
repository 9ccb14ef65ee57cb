"""Response models of the REST API: what /openapi.json promises, and what schemathesis
checks every answer against. One event of the store's own contract keeps the
`records.Event` model; lists use flatter rows built for tables and charts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ..records import Event, Figure


class Problem(BaseModel):
    """An error as RFC 9457 describes it (application/problem+json)."""

    type: str = Field("about:blank", description="A URI naming the kind of problem")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    code: str | None = Field(None, description="eventwire's error code (E0xx), when one applies")
    errors: list[dict[str, Any]] | None = Field(
        None, description="For invalid parameters: which one and why"
    )


class Participant(BaseModel):
    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None


class Location(BaseModel):
    text: str
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


class AcledCoding(BaseModel):
    event_type: str
    sub_event_type: str


class EventItem(BaseModel):
    article_id: str
    event_id: str
    event: str
    mode: str | None
    status: str
    historical: bool
    quad: str
    score: float
    date: str | None = Field(description="As written (YYYY-MM-DD, YYYY-MM, YYYY), else published")
    date_from: str | None
    date_to: str | None
    date_precision: str | None
    published: str | None
    title: str | None
    source: str | None
    url: str | None
    actor: list[Participant]
    recipient: list[Participant]
    location: Location | None
    dead: int | None
    injured: int | None
    arrested: int | None
    abducted: int | None
    cameo: str | None
    acled: AcledCoding | None
    event_text: str
    confidence: float


class EventPage(BaseModel):
    items: list[EventItem]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )
    limit: int


class ArticleMeta(BaseModel):
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    text: str


class Sentence(BaseModel):
    index: int = Field(description="0-based sentence number in the article")
    start: int
    end: int
    text: str


class EvidenceSpan(BaseModel):
    role: str = Field(description="trigger, actor, recipient, date, place, count, ...")
    start: int
    end: int
    label: str


class OtherEvent(BaseModel):
    event_id: str
    event: str
    status: str
    event_text: str


class EventDetail(BaseModel):
    article: ArticleMeta
    event: Event
    sentence: Sentence
    spans: list[EvidenceSpan]
    figures: list[Figure]
    other_events: list[OtherEvent] = Field(description="The article's other events")


class ArticleItem(BaseModel):
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    events: int


class ArticlePage(BaseModel):
    items: list[ArticleItem]
    next_cursor: str | None
    limit: int


class ArticleDetail(ArticleMeta):
    document: dict[str, Any] = Field(
        description="Every layer of the article: the output contract of `eventwire extract`"
    )


class AggregateRow(BaseModel):
    period: str = Field(description="First day of the period, YYYY-MM-DD")
    key: str | None = Field(description="The group's value (category, country, quad, status)")
    count: int
    score: float | None = Field(description="Mean conflict-cooperation score")


class ActorRow(BaseModel):
    name: str
    country: str | None
    sector: str | None
    events: int
    as_actor: int
    as_recipient: int


class DyadRow(BaseModel):
    actor: str | None
    recipient: str | None
    events: int
    score: float | None
    conflict: int = Field(description="Events with a negative score")


class EntityRow(BaseModel):
    name: str
    type: str
    country: str | None
    articles: int


class PlaceRow(BaseModel):
    name: str | None
    country: str | None
    lat: float
    lon: float
    precision: str | None
    event: str
    count: int


class FigureKey(BaseModel):
    category: str
    who: str | None
    figures: int


class FigurePoint(BaseModel):
    date: str | None
    value: int
    qualifier: str | None
    category: str
    who: str | None
    source: str | None = Field(description="Who the article says reported the figure")
    article_id: str
    title: str | None
    outlet: str | None = Field(description="The article's source")
    published: str | None
    span: list[int]


class Overview(BaseModel):
    counts: dict[str, int]
    first: str | None
    last: str | None


class IngestText(BaseModel):
    text: str = Field(min_length=1, description="The article's text")
    id: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)
    published: str | None = Field(None, description="YYYY-MM-DD")


class IngestUrl(BaseModel):
    url: str = Field(min_length=1, max_length=2000)
    published: str | None = Field(None, description="YYYY-MM-DD, when the page has none")


class IngestResult(BaseModel):
    stored: list[str] = Field(description="Ids of the articles stored now")
    duplicates: list[str] = Field(description="Ids already stored")
    skipped: list[str] = Field(description="Coded messages of what could not be stored")
