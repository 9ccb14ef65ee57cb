"""Stories: the event mentions of many articles that report one incident, linked.

Thirty outlets report one airstrike; each article's events are *mentions*, and the
incident they share is a *story* (tables `stories` and `story_mentions` of the store).
ACLED's coders merge reports by hand and keep every source; this module does it
automatically and incrementally:

- **Blocking**: a mention is compared only with stories of its category group (ASSAULT
  and COERCE together: outlets code one killing either way) that share a country (the
  place's, an actor's or a recipient's) and a day within the date tolerance, so the
  cost grows with the day's volume, not the store's.
- **Scoring**: `pair_features` describes a pair (same day, same spot, shared actors and
  recipients, ACLED sub-type and mode, counts that agree or rise, the text similarity
  of the two sentences, ...) or returns None for a contradiction (dates or towns too
  far apart, different countries; limits set by hand in `data/stories.yaml`).
  `pair_score` turns the features into a probability with a logistic regression
  fitted on training/stories/train by scripts/train_story_scorer.py (weights in
  `data/story_scorer.json`; scikit-learn only at training time).
- **Clustering**: greedy and incremental. Mentions are taken in publication order;
  each joins the best-scoring story above the fitted threshold (its score against a
  story is the mean of its pair probabilities with the story's latest members, and any
  contradiction with a member vetoes the story), or starts a new one. Stories never
  merge afterwards, so what is linked stays linked when new articles arrive, and a
  split sticks.
- **Merged fields**: a story takes its mentions' most precise date and place, and per
  count the highest report (the range and every report's figure are kept in `counts`).

Only events that occurred (status "occurred") are linked; future, hypothetical and
negated events are not incidents. `link()` works through the store in date chunks
(`CHUNK_MENTIONS` mentions at a time plus the already linked mentions around them), so
memory stays bounded whatever the store's size.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from rapidfuzz import fuzz
from sqlalchemy import Connection, and_, bindparam, func, insert, inspect, select, update

from .errors import Errors, EventwireError
from .gazetteer import haversine_km
from .store import (
    CHUNK,
    Store,
    articles,
    chunks,
    event_actors,
    events,
    stories,
    story_mentions,
)

KINDS = ("dead", "injured", "arrested", "abducted")
"""The counts an event carries and a story reconciles."""
CHUNK_MENTIONS = 5_000
"""Unlinked mentions linked per transaction; with their neighbours, what sits in memory."""
SENTENCE_CHARS = 600
"""At most this many characters of a mention's sentence are kept."""
PRECISION_RANK = {"town": 0, "region": 1, "country": 2}


class StoryError(EventwireError, ValueError):
    """A story command cannot be done (unknown story or mention); the message says why."""


@cache
def weights() -> dict[str, Any]:
    """The linker's weights and limits (data/stories.yaml)."""
    text = (files("eventwire") / "data" / "stories.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


# mentions


@dataclass(slots=True)
class Mention:
    """What the linker knows of one event mention."""

    article_id: str
    event_id: str
    category: str
    published: dt.date | None = None
    source: str | None = None
    position: int = 0
    mode: str | None = None
    sub_type: str | None = None
    date_value: str | None = None
    date_precision: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    dated: bool = False  # the text gives a date (else the publication date stands in)
    place_name: str | None = None
    place_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_precision: str | None = None
    actor_names: frozenset[str] = frozenset()
    actor_countries: frozenset[str] = frozenset()
    recipient_names: frozenset[str] = frozenset()
    recipient_countries: frozenset[str] = frozenset()
    recipient_words: frozenset[str] = frozenset()  # what was hit: "a market", "a clinic"
    counts: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    sentence: str = ""
    content: str = ""  # the sentence's content words, sorted, for text similarity
    story_id: str | None = None
    pinned: bool = False
    score: float | None = None
    _days: tuple[int, int] | None | bool = False  # days(), computed once
    _words: frozenset[str] | None = None
    _names: frozenset[str] | None = None
    _distinct: frozenset[str] | None = None
    _char_grams: frozenset[str] | None = None
    _update: bool | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.article_id, self.event_id

    def days(self) -> tuple[int, int] | None:
        """The first and last day (ordinals) the incident may have happened on; None
        when undated and unpublished (a date vaguer than `max_span_days` counts as none)."""
        if self._days is False:
            self._days = self.compute_days()
        return self._days

    def words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset(self.content.split())
        return self._words

    def names(self) -> frozenset[str]:
        """The sentence's capitalized words after its first (names of places, people,
        groups), lower-cased, to find in the other sentence's words."""
        if self._names is None:
            tokens = re.findall(r"[A-Za-z][A-Za-z0-9'-]*", self.sentence)[1:]
            stop, generic = stopwords(), generic_words()
            self._names = frozenset(
                t.lower()
                for t in tokens
                if t[0].isupper() and t.lower() not in stop and t.lower() not in generic
            )
        return self._names

    def distinct(self) -> frozenset[str]:
        """Content words that tell one incident from another: not numbers, not the words
        every report of violence uses (`generic_words` in data/stories.yaml)."""
        if self._distinct is None:
            generic = generic_words()
            self._distinct = frozenset(
                w for w in self.words() if w not in generic and not w.isdigit()
            )
        return self._distinct

    def char_grams(self) -> frozenset[str]:
        """Character trigrams of the content words: "Kharkiv" and "Kharkiv's", "shelled"
        and "shelling" share most of theirs."""
        if self._char_grams is None:
            self._char_grams = frozenset(
                padded[i : i + 3]
                for padded in (f" {word} " for word in self.content.split())
                for i in range(len(padded) - 2)
            )
        return self._char_grams

    @property
    def is_update(self) -> bool:
        """The sentence reports a revised toll ("the death toll rose to 19"): its date
        may be the day of the update, not of the incident."""
        if self._update is None:
            self._update = UPDATE_CUES.search(self.sentence) is not None
        return self._update

    def compute_days(self) -> tuple[int, int] | None:
        w = weights()["date"]
        if self.dated and self.date_from and self.date_to:
            first, last = self.date_from.toordinal(), self.date_to.toordinal()
            if last - first + 1 <= w["max_span_days"]:
                return first, last
            self.dated = False  # "in March": linked as if undated, by its publication
        if self.published:
            last = self.published.toordinal()
            return last - w["published_lookback"], last
        return None

    def countries(self) -> set[str]:
        found = {self.place_country} if self.place_country else set()
        return found | self.actor_countries | self.recipient_countries

    def block_keys(self) -> list[tuple[str, str]]:
        """Where a story with this mention is indexed: under each of its countries,
        under "" when it has none, and under "*" (every story of the category)."""
        countries = sorted(self.countries()) or [""]
        group = category_group(self.category)
        return [(group, country) for country in countries] + [(group, "*")]

    def lookup_keys(self) -> list[tuple[str, str]]:
        """Where to look for its story: its countries' stories and those without a
        country; a mention without a country looks at every story of its category."""
        countries = sorted(self.countries())
        group = category_group(self.category)
        if not countries:
            return [(group, "*")]
        return [(group, country) for country in countries] + [(group, "")]


UPDATE_CUES = re.compile(
    r"\b(toll|risen|rose|rises|climbed|climbs|increased|updated|later died|died of)\b", re.I
)


@cache
def category_group(category: str) -> str:
    """The category a mention is blocked under: an attack one outlet codes ASSAULT and
    another COERCE (an abduction, a killing by police) may be one incident."""
    return weights()["category_groups"].get(category, category)


@cache
def generic_words() -> frozenset[str]:
    return frozenset(weights()["generic_words"])


@cache
def stopwords() -> frozenset[str]:
    return frozenset(weights()["stopwords"])


def content_words(sentence: str) -> str:
    stop = stopwords()
    words = {w for w in re.findall(r"[a-z0-9]+", sentence.lower()) if w not in stop}
    return " ".join(sorted(words))


SENTENCE_END = re.compile(
    r"(?<=[.!?])"
    # not after an abbreviation: "on Jan. 18", "Gen. Smith", "the U.S. embassy"
    r"(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Gen|Col|Sgt|Gov|Rev|Mrs|Sen|Rep)\.)"
    r"(?<!\bSept\.)(?<!\b(?:Mr|Dr|St|Lt|No|Ms|Jr)\.)(?<!\b[A-Z]\.)"
    r"[\"'”’)\]]*\s+(?=[\"“'‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*•])"
)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` holding the span [start, end): from the last sentence end
    before it to the first after it, cut to SENTENCE_CHARS."""
    begin = 0
    for match in SENTENCE_END.finditer(text, max(0, start - SENTENCE_CHARS), start):
        begin = match.end()
    after = SENTENCE_END.search(text, end)
    stop = after.start() if after else len(text)
    return " ".join(text[begin:stop].split())[:SENTENCE_CHARS]


# scoring


def distance_km(a: Mention, b: Mention) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]


@cache
def scorer() -> dict[str, Any]:
    """The fitted pairwise scorer (data/story_scorer.json, written by
    scripts/train_story_scorer.py): a logistic regression's feature weights and bias,
    and the probability a mention must exceed to join a story."""
    text = (files("eventwire") / "data" / "story_scorer.json").read_text(encoding="utf-8")
    return json.loads(text)


FEATURES = (
    "category_other",
    "date_after_report", "date_same_day", "date_overlap", "date_gap_1", "date_gap_2",
    "date_undated", "date_gap_update",
    "place_same_spot", "place_within", "place_within_coarse", "place_beyond_coarse",
    "place_named", "place_unknown",
    "actor_same_name", "actor_same_country", "actor_other_country",
    "recipient_same_name", "recipient_same_country", "recipient_other_country",
    "sub_type_same", "sub_type_other", "mode_other",
    "count_equal", "count_rise", "count_later_lower", "count_same_day_differ",
    "text_words", "text_cosine", "text_chars", "text_fuzz", "text_distinct", "distinct_none",
    "names_shared", "names_disjoint", "names_unmatched", "target_same", "target_other",
    "same_source", "same_article",
)  # fmt: skip
"""The pairwise features, in the order of the fitted weights."""


def overlap_feature(prefix, names_a, names_b, countries_a, countries_b, found) -> None:
    if names_a & names_b:
        found[f"{prefix}_same_name"] = 1.0
    elif countries_a & countries_b:
        found[f"{prefix}_same_country"] = 1.0
    elif countries_a and countries_b:
        found[f"{prefix}_other_country"] = 1.0


def pair_features(a: Mention, b: Mention) -> dict[str, float] | None:
    """What speaks for and against two mentions reporting one incident, as features
    (absent = 0) for the fitted scorer; None when they contradict each other outright
    (another category, dates or towns too far apart, places in different countries,
    an incident dated after a report of it was published)."""
    w = weights()
    if category_group(a.category) != category_group(b.category):
        return None
    days_a, days_b = a.days(), b.days()
    if days_a is None or days_b is None:
        return None
    found: dict[str, float] = {}
    if a.category != b.category:
        found["category_other"] = 1.0  # an attack one outlet calls an abduction
    # date
    d = w["date"]
    gap = max(days_a[0], days_b[0]) - min(days_a[1], days_b[1])  # > 0: days apart
    if gap > d["tolerance_days"] and not (
        gap <= d["update_tolerance_days"] and (a.is_update or b.is_update)
    ):
        return None
    for report, other in ((a, days_b), (b, days_a)):
        if report.published and other[0] > report.published.toordinal() + 1:
            found["date_after_report"] = 1.0  # a report before the incident, or a misread date
    if not (a.dated and b.dated):
        found["date_undated"] = 1.0
    if gap == 1:
        found["date_gap_1"] = 1.0
    elif gap >= 2:
        found["date_gap_2"] = 1.0
    elif a.dated and b.dated and days_a[0] == days_a[1] and days_b[0] == days_b[1]:
        found["date_same_day"] = 1.0
    elif a.dated and b.dated:
        found["date_overlap"] = 1.0
    if gap > 0 and (a.is_update or b.is_update):
        found["date_gap_update"] = 1.0  # "Friday's toll rose, officials said on Sunday"
    # place
    p = w["place"]
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return None
    same_name = bool(a.place_name and a.place_name.casefold() == (b.place_name or "").casefold())
    km = 0.0 if same_name else distance_km(a, b)
    if km is None:
        found["place_named" if names_place(a, b) or names_place(b, a) else "place_unknown"] = 1.0
    else:
        coarser = max(
            PRECISION_RANK.get(a.place_precision or "country", 2),
            PRECISION_RANK.get(b.place_precision or "country", 2),
        )
        both_towns = coarser == 0
        limit = p["limit_km"][("town", "region", "country")[coarser]]
        if km > limit:
            if both_towns:
                return None
            found["place_beyond_coarse"] = 1.0
        elif both_towns and km <= p["same_spot_km"]:
            found["place_same_spot"] = 1.0
        else:
            found["place_within" if both_towns else "place_within_coarse"] = 1.0
    # who
    overlap_feature("actor", a.actor_names, b.actor_names, a.actor_countries,
                    b.actor_countries, found)  # fmt: skip
    overlap_feature("recipient", a.recipient_names, b.recipient_names, a.recipient_countries,
                    b.recipient_countries, found)  # fmt: skip
    # what
    if a.sub_type and b.sub_type:
        found["sub_type_same" if a.sub_type == b.sub_type else "sub_type_other"] = 1.0
    if a.mode and b.mode and a.mode != b.mode:
        found["mode_other"] = 1.0
    # how many
    for kind in KINDS:
        if kind in a.counts and kind in b.counts:
            va, vb = a.counts[kind][0], b.counts[kind][0]
            if va == vb:
                found["count_equal"] = 1.0
            elif a.published and b.published and a.published == b.published:
                found["count_same_day_differ"] = 1.0
            elif a.published and b.published:
                earlier, later = (va, vb) if a.published < b.published else (vb, va)
                found["count_later_lower" if later < earlier else "count_rise"] = 1.0
    # words
    if a.content and b.content:
        found["text_words"] = word_overlap(a, b)
        found["text_cosine"] = cosine(a.words(), b.words())
        found["text_chars"] = cosine(a.char_grams(), b.char_grams())
        found["text_fuzz"] = fuzz.token_set_ratio(a.content, b.content) / 100.0
    distinct_a, distinct_b = a.distinct(), b.distinct()
    if distinct_a and distinct_b:
        found["text_distinct"] = len(distinct_a & distinct_b) / min(
            len(distinct_a), len(distinct_b)
        )
    else:
        found["distinct_none"] = 1.0
    names_a, names_b, words_a, words_b = a.names(), b.names(), a.words(), b.words()
    shared = (names_a & words_b) | (names_b & words_a)
    if shared:
        found["names_shared"] = min(len(shared), 3) / 3
    elif names_a and names_b:
        found["names_disjoint"] = 1.0
    if names_a and names_b:
        found["names_unmatched"] = max(
            len(names_a - words_b) / len(names_a), len(names_b - words_a) / len(names_b)
        )
    if a.recipient_words and b.recipient_words:
        same_target = bool(a.recipient_words & b.recipient_words)
        found["target_same" if same_target else "target_other"] = 1.0
    if a.source and a.source == b.source:
        found["same_source"] = 1.0
    if a.article_id == b.article_id:
        found["same_article"] = 1.0
    return found


def pair_score(a: Mention, b: Mention, model: dict[str, Any] | None = None) -> float | None:
    """The fitted scorer's probability that two mentions report one incident, or None
    when they contradict each other (`pair_features`)."""
    found = pair_features(a, b)
    if found is None:
        return None
    model = model or scorer()
    z = model["bias"] + sum(model["weights"].get(k, 0.0) * v for k, v in found.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def names_place(a: Mention, b: Mention) -> bool:
    """`a` has a place whose name `b`'s sentence says (a later report may leave the
    place off the event but name it in the sentence)."""
    if not a.place_name or len(a.place_name) < 3:
        return False
    pattern = r"\b" + re.escape(a.place_name.casefold()) + r"\b"
    return re.search(pattern, b.sentence.casefold()) is not None


def word_overlap(a: Mention, b: Mention) -> float:
    """The share of the shorter sentence's content words the other has."""
    words_a, words_b = a.words(), b.words()
    return len(words_a & words_b) / min(len(words_a), len(words_b))


def cosine(u: frozenset[str], v: frozenset[str]) -> float:
    """Cosine of two binary vectors (sets of words or trigrams)."""
    if not u or not v:
        return 0.0
    return len(u & v) / math.sqrt(len(u) * len(v))


def story_score(
    mention: Mention, members: Sequence[Mention], model: dict[str, Any] | None = None
) -> float | None:
    """How well the mention fits the story: its pair scores with the story's latest
    members combined by the fitted linkage (their mean, or the best); None when it
    contradicts any of them."""
    model = model or scorer()
    scores = []
    for member in members[-weights()["members_scored"] :]:
        score = pair_score(mention, member, model)
        if score is None:
            return None
        scores.append(score)
    if not scores:
        return None
    if model.get("linkage") == "mean":
        return sum(scores) / len(scores)
    return max(scores)


# clustering


def story_id_for(mention: Mention, salt: str = "") -> str:
    """A story's id from its first mention: stable across re-links of the same data."""
    key = f"{salt}{mention.article_id}\x00{mention.event_id}".encode("utf-8", "surrogatepass")
    return "st-" + hashlib.sha1(key).hexdigest()[:16]


class Linker:
    """Stories held in memory with a blocking index; `link` places one new mention.
    `model` overrides the shipped scorer (its training tries candidates)."""

    def __init__(self, model: dict[str, Any] | None = None) -> None:
        self.model = model or scorer()
        self.members: dict[str, list[Mention]] = {}
        self.index: dict[tuple[str, str], dict[int, set[str]]] = {}

    def add(self, mention: Mention, story_id: str) -> None:
        mention.story_id = story_id
        self.members.setdefault(story_id, []).append(mention)
        days = mention.days()
        if days is None:
            return
        w = weights()["date"]
        wider = w["update_tolerance_days"] - w["tolerance_days"] if mention.is_update else 0
        for key in mention.block_keys():
            by_day = self.index.setdefault(key, {})
            for day in range(days[0] - wider, days[1] + wider + 1):
                by_day.setdefault(day, set()).add(story_id)

    def candidates(self, mention: Mention) -> set[str]:
        days = mention.days()
        if days is None:
            return set()
        w = weights()["date"]
        reach = w["update_tolerance_days"] if mention.is_update else w["tolerance_days"]
        found: set[str] = set()
        for key in mention.lookup_keys():
            by_day = self.index.get(key)
            if by_day:
                for day in range(days[0] - reach, days[1] + reach + 1):
                    found |= by_day.get(day, set())
        return found

    def link(self, mention: Mention) -> str:
        """Join the best story above the threshold, or start one; returns its id."""
        best_id, best_score = None, self.model["threshold"]
        for story_id in sorted(self.candidates(mention)):
            score = story_score(mention, self.members[story_id], self.model)
            if score is not None and score > best_score:
                best_id, best_score = story_id, score
        if best_id is None:
            best_id = story_id_for(mention)
            while best_id in self.members:  # the same seed after a split
                best_id = story_id_for(mention, salt=best_id)
            mention.score = None
        else:
            mention.score = round(best_score, 4)
        self.add(mention, best_id)
        return best_id


def cluster(
    mentions: Iterable[Mention], model: dict[str, Any] | None = None
) -> dict[tuple[str, str], str]:
    """Link mentions among themselves (no store): mention key -> story id."""
    linker = Linker(model)
    return {m.key: linker.link(m) for m in sorted(mentions, key=order)}


def order(mention: Mention) -> tuple:
    """Publication order: early reports first, as they arrive."""
    published = mention.published or dt.date.max
    return published, mention.article_id, mention.position


# merged fields


def summary(members: Sequence[Mention]) -> dict[str, Any]:
    """The story row: the most common category, the most precise date and place, each
    count reconciled (the highest report, with the range and every report's figure)."""
    members = sorted(members, key=order)  # ties go to the earliest report, every time
    category = Counter(m.category for m in members).most_common(1)[0][0]
    row: dict[str, Any] = {"event": category}
    dated = [m for m in members if m.dated and m.date_from and m.date_to]
    if dated:
        span = min((m.date_to - m.date_from).days for m in dated)
        precise = [m for m in dated if (m.date_to - m.date_from).days == span]
        best = Counter((m.date_value, m.date_from, m.date_to, m.date_precision) for m in precise)
        value, first, last, precision = best.most_common(1)[0][0]
    else:
        published = min((m.published for m in members if m.published), default=None)
        value = published.isoformat() if published else None
        first = last = published
        precision = None
    row |= {"date_value": value, "date_precision": precision, "date_from": first, "date_to": last}
    placed = [m for m in members if m.place_name or m.place_country]
    place = None
    if placed:
        rank = min(PRECISION_RANK.get(m.place_precision or "country", 2) for m in placed)
        precise = [
            m for m in placed if PRECISION_RANK.get(m.place_precision or "country", 2) == rank
        ]
        names = Counter(m.place_name for m in precise).most_common(1)[0][0]
        place = next(m for m in precise if m.place_name == names)
    row |= {
        "location_name": place.place_name if place else None,
        "location_country": place.place_country if place else None,
        "location_lat": place.lat if place else None,
        "location_lon": place.lon if place else None,
        "location_precision": place.place_precision if place else None,
    }
    counts: dict[str, Any] = {}
    for kind in KINDS:
        reports = [
            {
                "article_id": m.article_id,
                "event_id": m.event_id,
                "source": m.source,
                "published": m.published.isoformat() if m.published else None,
                "value": m.counts[kind][0],
                "qualifier": m.counts[kind][1],
            }
            for m in members
            if kind in m.counts
        ]
        values = [r["value"] for r in reports]
        row[kind] = max(values) if values else None
        if reports:
            counts[kind] = {"value": max(values), "min": min(values), "max": max(values),
                            "reports": reports}  # fmt: skip
    published = [m.published for m in members if m.published]
    row |= {
        "counts": json.dumps(counts, ensure_ascii=False),
        "mentions": len(members),
        "sources": len({m.source or m.article_id for m in members}),
        "first_report": min(published, default=None),
        "last_report": max(published, default=None),
    }
    return row


# the store


@dataclass
class LinkResult:
    """What one `link` run did."""

    linked: int = 0
    new_stories: int = 0
    joined: int = 0
    unlinked: int = 0  # mentions removed from their stories to be linked again


def occurred_in(since: dt.date | None, until: dt.date | None):
    """Events that occurred, dated (else published) within [since, until]."""
    condition = events.c.status == "occurred"
    if since is not None:
        condition = and_(condition, events.c.date_to >= since)
    if until is not None:
        condition = and_(condition, events.c.date_from <= until)
    return condition


def mention_query(with_text: bool = False):
    columns = [
        events,
        articles.c.published,
        articles.c.source,
        story_mentions.c.story_id,
        story_mentions.c.pinned,
        story_mentions.c.score.label("link_score"),
        story_mentions.c.sentence_text,
    ]
    if with_text:
        columns.append(articles.c.text.label("article_text"))
    return (
        select(*columns)
        .join(articles, articles.c.id == events.c.article_id)
        .outerjoin(
            story_mentions,
            and_(
                story_mentions.c.article_id == events.c.article_id,
                story_mentions.c.event_id == events.c.event_id,
            ),
        )
    )


def read_mentions(conn: Connection, query) -> list[Mention]:
    """Mentions from a `mention_query`, with their actors and recipients."""
    rows = conn.execute(query).all()
    people: dict[tuple, list] = {}
    keys = sorted({row.article_id for row in rows})
    for chunk in chunks(keys, CHUNK):
        actor_rows = conn.execute(
            select(
                event_actors.c.article_id,
                event_actors.c.event_id,
                event_actors.c.role,
                event_actors.c.name,
                event_actors.c.text,
                event_actors.c.country,
            ).where(event_actors.c.article_id.in_(chunk))
        )
        for a in actor_rows.mappings():
            people.setdefault((a["article_id"], a["event_id"], a["role"]), []).append(a)
    return [mention_from(row, people) for row in rows]


def mention_from(row: Any, people: dict[tuple, list]) -> Mention:
    def names(role: str) -> frozenset[str]:
        """Resolved names only: two reports' "gunmen" need not be the same gunmen."""
        found = people.get((row.article_id, row.event_id, role), [])
        return frozenset(a["name"].casefold() for a in found if a["name"])

    def countries(role: str) -> frozenset[str]:
        found = people.get((row.article_id, row.event_id, role), [])
        return frozenset(a["country"] for a in found if a["country"])

    m = row._mapping
    sentence = row.sentence_text
    if sentence is None:
        text = getattr(row, "article_text", None) or ""
        sentence = sentence_around(text, row.span_start, row.span_end) or row.event_text
    dated = row.date_value is not None and row.date_basis != "published"
    return Mention(
        article_id=row.article_id,
        event_id=row.event_id,
        category=row.event,
        published=row.published,
        source=row.source,
        position=row.position,
        mode=row.mode,
        sub_type=row.acled_sub_event_type,
        date_value=row.date_value,
        date_precision=row.date_precision,
        date_from=row.date_from,
        date_to=row.date_to,
        dated=dated,
        place_name=row.location_name or row.location_text,
        place_country=row.location_country,
        lat=row.location_lat,
        lon=row.location_lon,
        place_precision=row.location_precision,
        actor_names=names("actor"),
        actor_countries=countries("actor"),
        recipient_names=names("recipient"),
        recipient_countries=countries("recipient"),
        recipient_words=target_words(people.get((row.article_id, row.event_id, "recipient"), [])),
        counts={k: (m[k], m[f"{k}_qualifier"]) for k in KINDS if m[k] is not None},
        sentence=sentence,
        content=content_words(sentence),
        story_id=row.story_id,
        pinned=bool(row.pinned),
        score=row.link_score,
    )


def target_words(recipients: list) -> frozenset[str]:
    """The distinct words of the recipients' texts ("a market" -> market): what the
    attack hit, which tells two strikes in one town apart."""
    generic, stop = generic_words(), stopwords()
    return frozenset(
        w
        for r in recipients
        for w in re.findall(r"[a-z]+", (r["text"] or "").lower())
        if w not in generic and w not in stop
    )


def link(
    store: Store,
    since: dt.date | None = None,
    until: dt.date | None = None,
    relink: bool = False,
    ingested_since: dt.datetime | None = None,
) -> LinkResult:
    """Link the store's unlinked mentions (dated within [since, until]) into stories,
    next to the stories already there. With `relink`, the range's mentions first leave
    their stories, except those a split pinned, and are linked again. With
    `ingested_since`, only the mentions of articles stored since then (what `ingest`
    just added: the cost is that of the new articles, not of the store)."""
    result = LinkResult()
    if relink:
        result.unlinked = unlink(store, since, until)
    condition = unlinked_condition(since, until)
    if ingested_since is not None:
        recent = select(articles.c.id).where(articles.c.ingested_at >= ingested_since)
        condition = and_(condition, events.c.article_id.in_(recent))
    for first, last in plan(store, condition):
        linked = link_days(store, first, last, condition)
        result.linked += linked[0]
        result.new_stories += linked[1]
    result.joined = result.linked - result.new_stories
    return result


def unlinked_condition(since: dt.date | None, until: dt.date | None):
    return and_(occurred_in(since, until), story_mentions.c.story_id.is_(None))


def plan(store: Store, condition) -> list[tuple]:
    """Date chunks of about CHUNK_MENTIONS unlinked mentions each, in date order."""
    query = (
        select(events.c.date_from, func.count())
        .select_from(events)
        .outerjoin(
            story_mentions,
            and_(
                story_mentions.c.article_id == events.c.article_id,
                story_mentions.c.event_id == events.c.event_id,
            ),
        )
        .where(condition)
        .group_by(events.c.date_from)
        .order_by(events.c.date_from.asc().nulls_first())
    )
    with store.reading() as conn:
        per_day = conn.execute(query).all()
    spans: list[tuple] = []
    start, size = None, 0
    for day, n in per_day:
        if day is None:
            spans.append((None, None))
            continue
        if start is None:
            start = day
        size += n
        if size >= CHUNK_MENTIONS:
            spans.append((start, day))
            start, size = None, 0
    if start is not None:
        spans.append((start, per_day[-1][0]))
    return spans


def link_days(
    store: Store, first: dt.date | None, last: dt.date | None, condition
) -> tuple[int, int]:
    """Link the unlinked mentions (meeting `condition`) dated from `first` to `last`
    (None, None: the undated) in one transaction; returns (mentions linked, stories
    started)."""
    w = weights()["date"]
    with store.writing() as conn:
        if first is None:
            day_condition = events.c.date_from.is_(None)
        else:
            day_condition = and_(events.c.date_from >= first, events.c.date_from <= last)
        fresh = read_mentions(
            conn,
            mention_query(with_text=True).where(condition, day_condition),
        )
        if not fresh:
            return 0, 0
        linker = Linker()
        if first is not None:
            reach = dt.timedelta(days=w["max_span_days"] + w["update_tolerance_days"] + 1)
            around = mention_query().where(
                story_mentions.c.story_id.is_not(None),
                events.c.date_to >= first - reach,
                events.c.date_from <= last + reach,
            )
            for mention in sorted(read_mentions(conn, around), key=order):
                linker.add(mention, mention.story_id)
        existing = set(linker.members)
        for mention in sorted(fresh, key=order):
            linker.link(mention)
        started = {m.story_id for m in fresh} - existing
        taken = set()  # a new id already stored for a story outside the window read
        for chunk in chunks(sorted(started), CHUNK):
            taken.update(conn.scalars(select(stories.c.id).where(stories.c.id.in_(chunk))))
        for old_id in taken:
            new_id = old_id
            while new_id in taken or new_id in started:
                new_id = "st-" + hashlib.sha1(new_id.encode()).hexdigest()[:16]
            for mention in linker.members[old_id]:
                mention.story_id = new_id
            started = started - {old_id} | {new_id}
        by_story: dict[str, list[Mention]] = {}
        for mention in fresh:
            by_story.setdefault(mention.story_id, []).append(mention)
        now = dt.datetime.now(dt.UTC)
        new_rows = [
            {"id": sid, **summary(by_story[sid]), "updated_at": now} for sid in sorted(started)
        ]
        for chunk_rows in batches(new_rows, CHUNK):
            conn.execute(insert(stories), chunk_rows)
        mention_rows = [
            {
                "article_id": m.article_id,
                "event_id": m.event_id,
                "story_id": m.story_id,
                "score": m.score,
                "pinned": False,
                "sentence_text": m.sentence,
            }
            for m in fresh
        ]
        for chunk_rows in batches(mention_rows, CHUNK):
            conn.execute(insert(story_mentions), chunk_rows)
        refresh(conn, set(by_story) - started, now)
    return len(fresh), len(started)


def batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def refresh(conn: Connection, story_ids: set[str], now: dt.datetime | None = None) -> None:
    """Recompute the merged fields of these stories from all their mentions; a story
    left without mentions is deleted."""
    now = now or dt.datetime.now(dt.UTC)
    for chunk in chunks(sorted(story_ids), CHUNK):
        members: dict[str, list[Mention]] = {sid: [] for sid in chunk}
        for mention in read_mentions(
            conn, mention_query().where(story_mentions.c.story_id.in_(chunk))
        ):
            members[mention.story_id].append(mention)
        empty = [sid for sid, found in members.items() if not found]
        if empty:
            conn.execute(stories.delete().where(stories.c.id.in_(empty)))
        rows = [
            {"sid": sid, **summary(found), "updated_at": now}
            for sid, found in members.items()
            if found
        ]
        if rows:
            conn.execute(
                update(stories).where(stories.c.id == bindparam("sid")),
                rows,
            )


def unlink(store: Store, since: dt.date | None, until: dt.date | None) -> int:
    """Take the range's unpinned mentions out of their stories; returns how many."""
    with store.writing() as conn:
        query = (
            select(
                story_mentions.c.article_id, story_mentions.c.event_id, story_mentions.c.story_id
            )
            .join(
                events,
                and_(
                    story_mentions.c.article_id == events.c.article_id,
                    story_mentions.c.event_id == events.c.event_id,
                ),
            )
            .where(occurred_in(since, until), story_mentions.c.pinned.is_(False))
        )
        rows = conn.execute(query).all()
        touched = {row.story_id for row in rows}
        for chunk in batches([{"a": r.article_id, "e": r.event_id} for r in rows], CHUNK):
            conn.execute(
                story_mentions.delete().where(
                    story_mentions.c.article_id == bindparam("a"),
                    story_mentions.c.event_id == bindparam("e"),
                ),
                chunk,
            )
        refresh(conn, touched)
    return len(rows)


def split(store: Store, story_id: str, mention_keys: Sequence[tuple[str, str]]) -> str:
    """Move the named mentions (article id, event id) out of a story into a new one.
    Every mention of both is pinned, so re-linking never puts them back together.
    Returns the new story's id."""
    keys = list(dict.fromkeys(mention_keys))
    with store.writing() as conn:
        found = read_mentions(conn, mention_query().where(story_mentions.c.story_id == story_id))
        if not found:
            raise StoryError(Errors.E120.format(story=story_id))
        present = {m.key for m in found}
        missing = [f"{a}:{e}" for a, e in keys if (a, e) not in present]
        if missing:
            raise StoryError(Errors.E121.format(story=story_id, mentions=", ".join(missing)))
        if len(keys) == len(found):
            raise StoryError(Errors.E122.format(story=story_id))
        moving = [m for m in found if m.key in set(keys)]
        salt = "split:" + "|".join(f"{a}:{e}" for a, e in sorted(keys))
        seed = sorted(moving, key=order)[0]
        new_id = story_id_for(seed, salt=salt)
        while conn.scalar(select(stories.c.id).where(stories.c.id == new_id)) is not None:
            new_id = story_id_for(seed, salt=new_id)  # split the same way before
        now = dt.datetime.now(dt.UTC)
        conn.execute(insert(stories), {"id": new_id, **summary(moving), "updated_at": now})
        conn.execute(
            update(story_mentions).where(story_mentions.c.story_id == story_id).values(pinned=True)
        )
        conn.execute(
            update(story_mentions)
            .where(
                story_mentions.c.article_id == bindparam("a"),
                story_mentions.c.event_id == bindparam("e"),
            )
            .values(story_id=new_id, score=None),
            [{"a": a, "e": e} for a, e in keys],
        )
        refresh(conn, {story_id, new_id}, now)
    return new_id


# reading


def read_stories(
    store: Store,
    since: dt.date | None = None,
    until: dt.date | None = None,
    category: str | None = None,
    min_mentions: int = 1,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored stories, newest first, with their merged fields (counts as a dict)."""
    query = select(stories).order_by(stories.c.date_from.desc().nulls_last(), stories.c.id)
    if since is not None:
        query = query.where(stories.c.date_to >= since)
    if until is not None:
        query = query.where(stories.c.date_from <= until)
    if category is not None:
        query = query.where(stories.c.event == category)
    if min_mentions > 1:
        query = query.where(stories.c.mentions >= min_mentions)
    if limit is not None:
        query = query.limit(limit)
    with store.reading() as conn:
        if not inspect(conn).has_table(stories.name):  # a store of schema 2, read-only
            return []
        rows = conn.execute(query).mappings().all()
    return [story_dict(row) for row in rows]


def story_dict(row: Any) -> dict[str, Any]:
    found = dict(row)
    found["counts"] = json.loads(found["counts"])
    for key in ("date_from", "date_to", "first_report", "last_report"):
        if found[key] is not None:
            found[key] = found[key].isoformat()
    found.pop("updated_at", None)
    return found


def story_mentions_of(store: Store, story_ids: Iterable[str]) -> dict[str, list[dict]]:
    """Every mention of these stories: article, source, url, published, sentence, span,
    the event's own date, place and counts, in publication order."""
    found: dict[str, list[dict]] = {}
    query_columns = (
        story_mentions.c.story_id,
        story_mentions.c.article_id,
        story_mentions.c.event_id,
        story_mentions.c.score,
        story_mentions.c.pinned,
        story_mentions.c.sentence_text,
        articles.c.source,
        articles.c.url,
        articles.c.published,
        events.c.event,
        events.c.event_text,
        events.c.span_start,
        events.c.span_end,
        events.c.date_value,
        events.c.location_name,
        *(events.c[k] for k in KINDS),
    )
    with store.reading() as conn:
        for chunk in chunks(sorted(set(story_ids)), CHUNK):
            query = (
                select(*query_columns)
                .join(articles, articles.c.id == story_mentions.c.article_id)
                .join(
                    events,
                    and_(
                        events.c.article_id == story_mentions.c.article_id,
                        events.c.event_id == story_mentions.c.event_id,
                    ),
                )
                .where(story_mentions.c.story_id.in_(chunk))
                .order_by(
                    articles.c.published.asc().nulls_last(),
                    story_mentions.c.article_id,
                    events.c.position,
                )
            )
            for row in conn.execute(query).mappings():
                item = dict(row)
                item["published"] = row["published"].isoformat() if row["published"] else None
                item["span"] = [item.pop("span_start"), item.pop("span_end")]
                item["sentence"] = item.pop("sentence_text")
                found.setdefault(item.pop("story_id"), []).append(item)
    return found


def story_of(store: Store, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The story id of each linked mention among `keys`."""
    found: dict[tuple[str, str], str] = {}
    wanted = set(keys)
    articles_wanted = sorted({a for a, _ in wanted})
    with store.reading() as conn:
        for chunk in chunks(articles_wanted, CHUNK):
            query = select(
                story_mentions.c.article_id, story_mentions.c.event_id, story_mentions.c.story_id
            ).where(story_mentions.c.article_id.in_(chunk))
            for a, e, s in conn.execute(query):
                if (a, e) in wanted:
                    found[(a, e)] = s
    return found


def parse_mention(value: str) -> tuple[str, str]:
    """ARTICLE:EVENT as typed on the command line (the article id may hold colons)."""
    article_id, sep, event_id = value.rpartition(":")
    if not sep or not article_id or not event_id:
        raise StoryError(Errors.E123.format(value=value))
    return article_id, event_id
