"""Time stage: find time expressions and resolve them to calendar values (`doc._.dates`).

Relative words have two different anchors. Deictic ones ("on Sunday", "last week",
"July 7") are read against the publication date, and the clause's tense picks between
the past and the coming occurrence ("posted on Sunday" vs "will host on Sunday").
Anaphoric ones ("the next day", "two days later", "since then") are read against the
date the text itself last established, because stories move their own clock
("On Sunday ... The next day ..."); before the text sets any date, that is the
publication date.

Not every DATE entity is a date. Ages ("60 years old"), durations ("for three days")
and vague spans ("recent weeks", "a critical time") have no calendar value, so they are
left out of the layer instead of being listed with an empty value: every When in
`doc._.dates` is a point or a period. `value` is None only when the expression needs an
anchor the article lacks (a relative expression and no publication date).

Conventions: week precision values are the Monday of the week, `end` its Sunday; ranges
carry `end`; "since X" is the open range from X (`value`) to publication (`end`, when
known); "the past two weeks" is a range that ends on the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
import yaml
from spacy.attrs import LOWER, SHAPE
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..records import When
from .spans import cached, char_span, sentence_of

Unit = Literal["day", "week", "month", "year"]
Tense = Literal["past", "future"]

RANK: dict[str, int] = {"day": 0, "week": 1, "month": 2, "year": 3}
VERBS = frozenset({"VERB", "AUX"})
UNITS = ("day", "week", "month", "year")
DAY_SUFFIX = r"(?:st|nd|rd|th)?"
# Dependencies that open a new clause: a date below one belongs to that clause's event.
CLAUSE_BREAKS = frozenset({"relcl", "ccomp", "parataxis", "acl", "appos"})


# --- cue words ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeWords:
    """The cue words of data/time_words.yaml, so a user can extend them without code."""

    months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: dict[str, int]
    day_parts: frozenset[str]
    numbers: dict[str, int]
    deictic: dict[str, int]
    anaphoric: dict[str, int]
    later: frozenset[str]
    earlier: frozenset[str]
    ago: frozenset[str]
    range_openers: frozenset[str]
    range_connectors: frozenset[str]
    strip_prepositions: frozenset[str]
    future_auxiliaries: frozenset[str]
    past_auxiliaries: frozenset[str]
    future_lemmas: frozenset[str]


@cache
def load_time_words(path: str | None = None) -> TimeWords:
    """Read the cue words once per process; None reads the packaged file."""
    if path is None:
        text = resources.files("eventwire").joinpath("data", "time_words.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    raw = yaml.safe_load(text)
    values: dict[str, object] = {}
    for name, kind in TimeWords.__annotations__.items():
        entry = raw[name]
        if kind.startswith("dict"):
            values[name] = {str(k).lower(): int(v) for k, v in entry.items()}
        else:
            values[name] = frozenset(str(word).lower() for word in entry)
    return TimeWords(**values)  # type: ignore[arg-type]


# --- what the words say, before resolution ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Absolute:
    """A calendar date as written: "October 7, 2023", "March 2020", "2023"."""

    year: int
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True, slots=True)
class Partial:
    """A month (and day) without a year: the year comes from tense and publication.
    `shift` is -1/0/1 for "last/this/next July", None when only tense decides."""

    month: int
    day: int | None = None
    shift: int | None = None


@dataclass(frozen=True, slots=True)
class Weekday:
    """A weekday ("Sunday", "last Sunday"): which one comes from tense and publication."""

    weekday: int
    shift: int | None = None


@dataclass(frozen=True, slots=True)
class Deictic:
    """Counted from publication: today (day, 0), last week (week, -1), 3 days ago (day, -3)."""

    unit: Unit
    offset: int


@dataclass(frozen=True, slots=True)
class Weekend:
    """Saturday to Sunday: "this weekend" (0), "last weekend" (-1); "the weekend" (None)
    is the last one in past clauses, the coming one in future ones."""

    shift: int | None


@dataclass(frozen=True, slots=True)
class Recent:
    """A period up to publication, `count` units long: "the past two weeks"."""

    unit: Unit
    count: int


@dataclass(frozen=True, slots=True)
class Anaphoric:
    """Counted from the date the text last set: "the next day" (day, 1); "since then"
    has no unit and is that date itself."""

    unit: Unit | None
    offset: int


Point = Absolute | Partial | Weekday | Deictic | Weekend | Recent | Anaphoric


@dataclass(frozen=True, slots=True)
class Expression:
    """One time expression: a point, or a range when `end` is set; `since` marks an open
    range that runs from `start` to publication."""

    start: Point
    end: Point | None = None
    since: bool = False

    @property
    def needs_tense(self) -> bool:
        return isinstance(self.start, Partial | Weekday | Weekend)


# --- grammar: text of one candidate -> Expression --------------------------------------


def alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first so "sept" wins over "sep"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def normalize(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s+", " ", text).strip(" ,;:!?")
    return re.sub(r"\s*'s$", "", text)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], Point | None]]


class Grammar:
    """Reads the text of one candidate into an Expression, or None when the words are not
    a calendar point (ages, durations, vague spans). Results are cached by text: news
    repeats the same few expressions endlessly."""

    def __init__(self, words: TimeWords) -> None:
        self.words = words
        self.rules = self._rules()
        w = words
        self.lead = re.compile(
            rf"^(?:(?:{alternation(w.strip_prepositions)})\s+)+"
            r"|^(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+"
            r"|^(?:the\s+)?(?:early|mid|late)[\s-]+"
        )
        self.weekday_prefix = re.compile(
            rf"^(?:(?:{alternation(w.deictic)})\s+)?(?:{alternation(w.weekdays)}),?\s+"
            rf"(?=(?:{alternation(w.months)}|\d|the\s+\d))"
        )
        self.day_part = re.compile(rf"^(.+?)\s+(?:{alternation(w.day_parts)})$")
        self.since = re.compile(r"^since\s+(.+)$")
        self.decade = re.compile(r"^(?:the\s+)?(\d{3}0)'?s$")
        connectors = alternation(w.range_connectors - {"-", "–", "—"})
        openers = alternation(w.range_openers)
        self.range_words = re.compile(
            rf"^(?:(?P<open>{openers})\s+)?(?P<left>.+?)\s+"
            rf"(?P<conj>{connectors})\s+(?P<right>.+)$"
        )
        self.range_dash = re.compile(
            rf"^(?:(?:{openers})\s+)?(?P<left>.+?)\s*[-–—]\s*(?P<right>.+)$"
        )
        self.trailing_year = re.compile(r"^(?P<rest>.+?)\s*,?\s+(?P<y>\d{4})$")
        self.bare_day = re.compile(rf"^(\d{{1,2}}){DAY_SUFFIX}$")
        self._cache: dict[str, Expression | None] = {}

    def parse(self, text: str) -> Expression | None:
        key = normalize(text)
        if key not in self._cache:
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = self._parse(key)
        return self._cache[key]

    def _parse(self, text: str) -> Expression | None:
        text = self.strip(text)
        if match := self.since.match(text):
            rest = self.strip(match.group(1))
            if rest == "then":
                return Expression(Anaphoric(None, 0), since=True)
            expr = self.point(rest)
            return Expression(expr, since=True) if expr else None
        if point := self.point(text):
            return Expression(point)
        if match := self.decade.match(text):
            year = int(match.group(1))
            return Expression(Absolute(year), Absolute(year + 9))
        return self.range(text)

    def strip(self, text: str) -> str:
        """Drop what does not change the value: "in", "early", "the end of"."""
        previous = None
        while previous != text:
            previous, text = text, self.lead.sub("", text, count=1)
        return text

    def point(self, text: str) -> Point | None:
        for pattern, build in self.rules:
            if match := pattern.match(text):
                return build(match)
        if match := self.day_part.match(text):
            found = self.point(match.group(1))
            return found if isinstance(found, Weekday | Partial | Absolute | Deictic) else None
        if match := self.weekday_prefix.match(text):
            found = self.point(text[match.end() :])
            return found if isinstance(found, Partial | Absolute) else None
        return None

    def range(self, text: str) -> Expression | None:
        """Two dates joined: "between January 4 and February 7", "July 4-6, 2024"."""
        sides = self.sides(text)
        if sides is None and (match := self.trailing_year.match(text)):
            # "july 4-6, 2024": the year belongs to both ends, not to the "6"
            year = int(match["y"])
            sides = self.sides(match["rest"])
            if sides is not None:
                sides = (with_year(sides[0], year), with_year(sides[1], year))
        if sides is None:
            return None
        left, right = borrow(*sides)
        if left is None or right is None:
            return None
        return Expression(left, right)

    def sides(self, text: str) -> tuple[Point | int, Point | int] | None:
        match = self.range_words.match(text) or self.range_dash.match(text)
        if match is None:
            return None
        left, right = self.side(match["left"]), self.side(match["right"])
        if left is None or right is None:
            return None
        if (
            match.groupdict().get("conj") == "and"
            and not match["open"]
            and not isinstance(right, int)
        ):
            return None  # "X and Y" is a range only after "between", or as "April 21 and 22"
        return left, right

    def side(self, text: str) -> Point | int | None:
        """One end of a range; a bare day number ("6" in "July 4-6") borrows the rest."""
        text = self.strip(text)
        if match := self.bare_day.match(text):
            return int(match.group(1))
        return self.point(text)

    def _rules(self) -> list[Rule]:
        w = self.words
        month = rf"(?P<m>{alternation(w.months)})\.?"
        day = rf"(?P<d>\d{{1,2}}){DAY_SUFFIX}"
        year = r"(?P<y>\d{4})"
        deictic = alternation(w.deictic)
        count = rf"(?P<n>\d+|{alternation(w.numbers)})"
        unit = r"(?P<u>day|week|month|year)"
        parts = alternation(w.day_parts)
        later = alternation(w.later | w.earlier)
        unit_or_weekend = r"(?P<u>day|week|weekend|month|year)"
        unit_or_part = rf"(?P<u>day|week|month|year|{parts})"
        rules: list[tuple[str, Callable[[re.Match[str]], Point | None]]] = [
            (r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$", self.numeric_date),
            (r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})$", self.slashed_date),
            (rf"^{month}\s+{day}(?:\s*,?\s*{year})?$", self.written_date),
            (rf"^(?:the\s+)?{day}\s+(?:of\s+)?{month}(?:\s*,?\s*{year})?$", self.written_date),
            (rf"^{month}\s*,?\s+(?:of\s+)?{year}$", self.written_date),
            (rf"^(?:(?P<s>{deictic})\s+)?{month}$", self.written_date),
            (r"^(?:the\s+year\s+)?(?P<y>\d{4})$", self.written_date),
            (rf"^(?P<r>{alternation(w.relative_days)})$", self.relative_day),
            (r"^last\s+night$", lambda m: Deictic("day", -1)),
            (r"^(?:the\s+)?weekend$", lambda m: Weekend(None)),
            (rf"^this\s+(?:{parts})$", lambda m: Deictic("day", 0)),
            (rf"^(?:(?P<s>{deictic})\s+)?(?P<w>{alternation(w.weekdays)})$", self.weekday),
            (
                rf"^(?:(?:earlier|later)\s+)?(?P<s>{deictic}|past)\s+{unit_or_weekend}$",
                self.deictic_unit,
            ),
            (rf"^{count}\s+{unit}s?\s+(?:{alternation(w.ago)})$", self.ago),
            (
                rf"^(?:the\s+)?(?P<a>{alternation(w.anaphoric)})\s+{unit_or_part}$",
                self.anaphoric,
            ),
            (
                rf"^(?:(?:later|earlier)\s+)?(?:on\s+)?that\s+{unit_or_part}$",
                lambda m: Anaphoric(as_unit(m["u"]), 0),
            ),
            (rf"^(?:the\s+)?(?:day|{parts})\s+(?P<r>before|after)$", self.day_before_after),
            (rf"^{count}\s+{unit}s?\s+(?P<r>{later})$", self.later),
            (rf"^(?:the\s+)?(?:past|last)\s+{count}\s+{unit}s$", self.recent),
        ]
        return [(re.compile(pattern), build) for pattern, build in rules]

    # builders: one per rule, each turns a match into a Point

    def numeric_date(self, m: re.Match[str]) -> Point | None:
        return (
            Absolute(int(m["y"]), int(m["m"]), int(m["d"])) if plausible_year(int(m["y"])) else None
        )

    def slashed_date(self, m: re.Match[str]) -> Point | None:
        """Month first, as in US copy, unless the first number cannot be a month."""
        a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
        month, day = (b, a) if a > 12 else (a, b)
        if year < 100:
            year += 2000 if year < 70 else 1900
        return Absolute(year, month, day) if month <= 12 and plausible_year(year) else None

    def written_date(self, m: re.Match[str]) -> Point | None:
        groups = m.groupdict()
        month = self.words.months[groups["m"]] if groups.get("m") else None
        day = int(groups["d"]) if groups.get("d") else None
        if day is not None and not 1 <= day <= 31:
            return None
        if groups.get("y"):
            year = int(groups["y"])
            return Absolute(year, month, day) if plausible_year(year) else None
        shift = self.words.deictic[groups["s"]] if groups.get("s") else None
        return Partial(month, day, shift) if month else None

    def relative_day(self, m: re.Match[str]) -> Point:
        return Deictic("day", self.words.relative_days[m["r"]])

    def weekday(self, m: re.Match[str]) -> Point:
        shift = self.words.deictic[m["s"]] if m["s"] else None
        return Weekday(self.words.weekdays[m["w"]], shift)

    def deictic_unit(self, m: re.Match[str]) -> Point:
        if m["s"] == "past":
            return Recent(as_unit(m["u"]), 1)
        shift = self.words.deictic[m["s"]]
        return Weekend(shift) if m["u"] == "weekend" else Deictic(as_unit(m["u"]), shift)

    def ago(self, m: re.Match[str]) -> Point | None:
        n = self.count(m["n"])
        return Deictic(as_unit(m["u"]), -n) if n else None

    def anaphoric(self, m: re.Match[str]) -> Point:
        return Anaphoric(as_unit(m["u"]), self.words.anaphoric[m["a"]])

    def day_before_after(self, m: re.Match[str]) -> Point:
        return Anaphoric("day", 1 if m["r"] == "after" else -1)

    def later(self, m: re.Match[str]) -> Point | None:
        n = self.count(m["n"])
        sign = 1 if m["r"] in self.words.later else -1
        return Anaphoric(as_unit(m["u"]), sign * n) if n else None

    def recent(self, m: re.Match[str]) -> Point | None:
        n = self.count(m["n"])
        return Recent(as_unit(m["u"]), n) if n else None

    def count(self, word: str) -> int | None:
        return int(word) if word.isdigit() else self.words.numbers.get(word)


def with_year(side: Point | int | None, year: int) -> Point | int | None:
    if isinstance(side, Partial) and side.shift is None and plausible_year(year):
        return Absolute(year, side.month, side.day)
    return side


def as_unit(word: str) -> Unit:
    """Day parts count as days: "the next morning" is the next day."""
    return word if word in UNITS else "day"  # type: ignore[return-value]


def plausible_year(year: int) -> bool:
    """Four digits that are a year in news, not a count ("1200 troops" is rarely DATE)."""
    return 1800 <= year <= 2199


def borrow(
    left: Point | int | None, right: Point | int | None
) -> tuple[Point | None, Point | None]:
    """Let each end of a range fill in what the writer left out: "July 4-6" (month),
    "January 4 and February 7, 2024" (year), "December 28 to January 3, 2024"."""
    if isinstance(left, int) and isinstance(right, Absolute | Partial) and right.day:
        left = replace(right, day=left)
    if isinstance(right, int) and isinstance(left, Absolute | Partial) and left.day:
        right = replace(left, day=right)
    if (
        isinstance(left, Partial)
        and left.shift is None
        and isinstance(right, Absolute)
        and right.month
    ):
        left = Absolute(right.year - (left.month > right.month), left.month, left.day)
    if (
        isinstance(right, Partial)
        and right.shift is None
        and isinstance(left, Absolute)
        and left.month
    ):
        right = Absolute(left.year + (right.month < left.month), right.month, right.day)
    if isinstance(left, int) or isinstance(right, int):
        return None, None
    return left, right


# --- resolution: Expression + publication date + discourse -> Period ---------------------


@dataclass(frozen=True, slots=True)
class Period:
    """A resolved value: a start at some precision and, for ranges, an end."""

    start: dt.date
    precision: Unit
    end: dt.date | None = None
    end_precision: Unit | None = None


@dataclass
class Clock:
    """What relative words are read against: the publication date and the last date the
    text set (the publication date until it sets one)."""

    published: dt.date | None
    last: Period | None = None

    def __post_init__(self) -> None:
        if self.published and self.last is None:
            self.last = Period(self.published, "day")


def resolve(expr: Expression, clock: Clock, tense: Tense | None) -> Period | None:
    start = resolve_point(expr.start, clock, tense, clock.published)
    if start is not None and expr.since:
        # "since then" after a range starts where that range starts
        end = clock.published
        return Period(start.start, start.precision, end, "day" if end else None)
    if expr.end is None or start is None:
        return start
    # "January 4 to February 7": the end is the first February 7 after the start
    end_ref = start.start if isinstance(expr.end, Partial | Weekday) else clock.published
    end = resolve_point(expr.end, clock, "future", end_ref)
    if end is None:
        return None
    return Period(
        start.start, start.precision, end.end or end.start, end.end_precision or end.precision
    )


def resolve_point(
    point: Point, clock: Clock, tense: Tense | None, ref: dt.date | None
) -> Period | None:
    """`ref` is the date tense counts from: publication, or the start of a range."""
    try:
        match point:
            case Absolute():
                return absolute(point)
            case Anaphoric():
                return anaphoric(point, clock)
        if ref is None:
            return None
        match point:
            case Partial():
                return partial(point, ref, tense)
            case Weekday():
                return weekday(point, ref, tense)
            case Deictic(unit=unit, offset=offset):
                return unit_period(shift(ref, unit, offset), unit)
            case Weekend():
                return weekend(point, ref, tense)
            case Recent(unit=unit, count=n):
                precision: Unit = "day" if unit == "week" else unit
                return Period(shift(ref, unit, -n), precision, ref, precision)
    except (ValueError, OverflowError):  # "February 30", dates past year 9999
        return None
    return None


def weekend(point: Weekend, ref: dt.date, tense: Tense | None) -> Period:
    weeks = point.shift
    if weeks is None:  # "over the weekend": news mostly reports the one just gone
        on_weekend = ref.weekday() >= 5
        weeks = (1 if ref.weekday() == 6 else 0) if tense == "future" else (0 if on_weekend else -1)
    saturday = monday(ref) + dt.timedelta(days=5 + 7 * weeks)
    return Period(saturday, "day", saturday + dt.timedelta(days=1), "day")


def absolute(point: Absolute) -> Period:
    if point.month is None:
        return Period(dt.date(point.year, 1, 1), "year")
    if point.day is None:
        return Period(dt.date(point.year, point.month, 1), "month")
    return Period(dt.date(point.year, point.month, point.day), "day")


def partial(point: Partial, ref: dt.date, tense: Tense | None) -> Period | None:
    """The year of "July 7": the past one for past clauses, the coming one for future
    ones, else the nearest; "last/next July" skip the current one."""
    years = (ref.year - 1, ref.year, ref.year + 1)
    if point.day is None:
        key = ref.year * 12 + ref.month
        options = [
            (y * 12 + point.month, Period(dt.date(y, point.month, 1), "month")) for y in years
        ]
    else:
        key = ref.toordinal()
        options = []
        for y in years:
            try:
                date = dt.date(y, point.month, point.day)
            except ValueError:  # February 29 outside leap years
                continue
            options.append((date.toordinal(), Period(date, "day")))
    return choose(options, key, point.shift, tense, this_year=ref.year)


def choose(
    options: list[tuple[int, Period]],
    key: int,
    shift: int | None,
    tense: Tense | None,
    this_year: int,
) -> Period | None:
    """Pick among the candidate years, each keyed by an ordinal comparable with `key`
    (the reference day or month): an explicit "last/this/next" wins over tense."""
    if shift == 0:
        picked = [p for _, p in options if p.start.year == this_year]
    elif shift == -1 or (shift is None and tense == "past"):
        strict = shift == -1
        picked = [p for o, p in reversed(options) if o < key or (o == key and not strict)]
    elif shift == 1 or tense == "future":
        strict = shift == 1
        picked = [p for o, p in options if o > key or (o == key and not strict)]
    else:
        picked = [min(options, key=lambda item: abs(item[0] - key))[1]] if options else []
    return picked[0] if picked else None


def weekday(point: Weekday, ref: dt.date, tense: Tense | None) -> Period:
    """Which Sunday: the last one for past clauses, the coming one for future ones, else
    whichever is nearer (news mostly reports the past, so ties go back)."""
    back = (ref.weekday() - point.weekday) % 7
    ahead = (point.weekday - ref.weekday()) % 7
    if point.shift == -1:
        days = -(back or 7)
    elif point.shift == 1:
        days = ahead or 7
    elif tense == "past":
        days = -back
    elif tense == "future":
        days = ahead
    else:
        days = -back if back <= ahead else ahead
    return Period(ref + dt.timedelta(days=days), "day")


def anaphoric(point: Anaphoric, clock: Clock) -> Period | None:
    """Counted from the last date; when that is coarser than the unit ("later that day"
    after "this week"), the last date is all we know, so it is the answer."""
    anchor = clock.last
    if anchor is None:
        return None
    if point.unit is None or RANK[anchor.precision] > RANK[point.unit]:
        return anchor
    base = anchor.start
    if (
        point.offset > 0
        and anchor.end
        and anchor.precision == "day"
        and anchor.end_precision == "day"
    ):
        base = anchor.end  # "from Monday to Wednesday ... the next day" is Thursday
    return unit_period(shift(base, point.unit, point.offset), point.unit)


def monday(date: dt.date) -> dt.date:
    return date - dt.timedelta(days=date.weekday())


def shift(date: dt.date, unit: Unit, n: int) -> dt.date:
    if unit == "day":
        return date + dt.timedelta(days=n)
    if unit == "week":
        return date + dt.timedelta(weeks=n)
    if unit == "month":
        months = date.year * 12 + date.month - 1 + n
        return dt.date(months // 12, months % 12 + 1, 1)
    return dt.date(date.year + n, 1, 1)


def unit_period(date: dt.date, unit: Unit) -> Period:
    """The whole day, week, month or year containing `date`."""
    if unit == "week":
        start = monday(date)
        return Period(start, "week", start + dt.timedelta(days=6), "week")
    if unit == "month":
        return Period(date.replace(day=1), "month")
    if unit == "year":
        return Period(dt.date(date.year, 1, 1), "year")
    return Period(date, "day")


def formatted(date: dt.date, precision: Unit) -> str:
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def to_when(span: Span, period: Period | None) -> When:
    if period is None:
        return When(text=span.text, span=char_span(span))
    end = formatted(period.end, period.end_precision or period.precision) if period.end else None
    return When(
        text=span.text,
        span=char_span(span),
        value=formatted(period.start, period.precision),
        end=end,
        precision=period.precision,
        basis="text",
    )


# --- syntax: which verb a date hangs from, and that verb's tense -------------------------


def host(span: Span, stop: Token | None = None) -> Token | None:
    """The verb (or `stop`) an expression hangs from: the first one above it, outside it."""
    token = span.root
    while token.head.i != token.i:
        token = token.head
        if span.start <= token.i < span.end:
            continue
        if token.pos_ in VERBS or (stop is not None and token.i == stop.i):
            return token
    return None


def verb_tense(verb: Token, words: TimeWords, depth: int = 0) -> Tense | None:
    """Past, future, or None for the present, which leaves the choice to nearness."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxiliaries}
    if lowers & words.future_auxiliaries:
        return "future"
    if (
        verb.tag_ == "VBD"
        or lowers & words.past_auxiliaries
        or any(a.tag_ == "VBD" for a in auxiliaries)
    ):
        return "past"
    if depth < 3 and verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        head = verb.head
        if "to" in lowers and (
            head.lemma_ in words.future_lemmas or head.lower_ in words.future_auxiliaries
        ):
            return "future"  # "is expected to meet", "is going to withdraw"
        return verb_tense(head, words, depth + 1)
    return None


def clause_tense(span: Span, words: TimeWords) -> Tense | None:
    verb = host(span)
    return verb_tense(verb, words) if verb is not None else None


# --- finding candidates ----------------------------------------------------------------


def time_patterns(w: TimeWords) -> list[list[dict]]:
    """Token patterns for what spaCy's DATE entities miss or mis-span ("the day after",
    "Sunday" tagged as a person, "July 4-6")."""
    month_words = sorted(w.months) + [m + "." for m in w.months]
    month = {"LOWER": {"IN": month_words}, "IS_TITLE": True}
    # shapes, not regexes: the matcher tests these on every token
    day = {"SHAPE": {"IN": ["d", "dd", "dxx", "ddxx"]}}
    year = {"SHAPE": "dddd"}
    comma = {"TEXT": ","}
    dash = {"TEXT": {"IN": ["-", "–", "—"]}}
    # no "since" here: "since March" would tie with, and shadow, the entity "March 2020"
    lead = {"LOWER": {"IN": ["in", "until", "by", "during", "early", "late", "mid"]}}
    slashed = [f"{a}/{b}/{c}" for a in ("d", "dd") for b in ("d", "dd") for c in ("dd", "dddd")]
    numeric = {"SHAPE": {"IN": [*slashed, "dddd-dd-dd"]}}
    deictic = {"LOWER": {"IN": sorted(w.deictic)}}
    weekday = {"LOWER": {"IN": sorted(w.weekdays)}, "IS_TITLE": True}
    part = {"LOWER": {"IN": sorted(w.day_parts)}}
    units = {"LOWER": {"IN": [*UNITS, *(u + "s" for u in UNITS)]}}
    unit_or_part = {"LOWER": {"IN": [*UNITS, *w.day_parts]}}
    numbers = [{"LOWER": {"IN": sorted(w.numbers)}}, {"LIKE_NUM": True}]
    relative_after = {"LOWER": {"IN": sorted(w.later | w.earlier | w.ago)}}
    the = {"LOWER": "the"}
    # optional parts rather than one pattern per variant: the matcher's cost grows with
    # the number of patterns it tries at every token
    maybe_comma, maybe_year = {**comma, "OP": "?"}, {**year, "OP": "?"}
    patterns = [
        [month, day, maybe_comma, maybe_year],
        [month, day, dash, day, maybe_comma, maybe_year],
        [day, month, maybe_year],
        [day, {"LOWER": "of"}, month],
        [month, maybe_comma, year],
        [lead, month],
        [deictic, month],
        [lead, year],
        [weekday],
        [deictic, weekday],
        [weekday, part],
        [{"LOWER": {"IN": sorted(w.relative_days)}}],
        [{"LOWER": {"IN": sorted(w.relative_days)}}, part],
        [{"LOWER": {"IN": ["last", "this"]}}, part],
        [
            {"LOWER": {"IN": [*w.deictic, "past"]}},
            {"LOWER": {"IN": ["week", "weekend", "month", "year"]}},
        ],
        [
            {"LOWER": {"IN": ["earlier", "later"]}},
            deictic,
            {"LOWER": {"IN": ["week", "month", "year"]}},
        ],
        [the, {"LOWER": {"IN": sorted(w.anaphoric)}}, unit_or_part],
        [the, {"LOWER": {"IN": ["day", *w.day_parts]}}, {"LOWER": {"IN": ["before", "after"]}}],
        [{"LOWER": "that"}, unit_or_part],
        [{"LOWER": {"IN": ["later", "earlier"]}}, {"LOWER": "that"}, unit_or_part],
        [{"LOWER": "since"}, {"LOWER": "then"}],
        [the, {"LOWER": "weekend"}],
        [numeric],
    ]
    for number in numbers:
        patterns.append([number, units, relative_after])
        patterns.append([the, {"LOWER": {"IN": ["past", "last"]}}, number, units])
    return patterns


def cue_hashes(vocab: Vocab, w: TimeWords) -> np.ndarray:
    """Hashes of the words (lower case) and shapes of which every pattern of
    `time_patterns` needs at least one: a stretch of text without any cannot match."""
    words = [*w.months, *(m + "." for m in w.months), *w.weekdays, *w.relative_days]
    words += [*w.day_parts, *UNITS, *(u + "s" for u in UNITS), "weekend", "since"]
    shapes = ["dddd", "dddd-dd-dd"]
    shapes += [f"{a}/{b}/{c}" for a in ("d", "dd") for b in ("d", "dd") for c in ("dd", "dddd")]
    return np.array([vocab.strings.add(x) for x in (*words, *shapes)], dtype=np.uint64)


def counts_from_event(span: Span) -> bool:
    """True for "a day after the vote": that counts from the vote, which has no date we know; only a
    bare "a day after" / "the day before" counts from the text's last date."""
    last = span[-1]
    return last.lower_ in ("after", "before") and any(c.dep_ == "pobj" for c in last.children)


class TimeResolver:
    """The `eventwire_time` component: sets `doc._.dates`, sorted by position."""

    def __init__(self, nlp: Language, name: str, time_words: str | None = None) -> None:
        self.name = name
        self.words = load_time_words(time_words)
        self.grammar = Grammar(self.words)
        patterns = time_patterns(self.words)
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("TIME", patterns)
        self.reach = max(len(p) for p in patterns) - 1
        """A match holds a cue word, so it lies within this many tokens of one."""
        self.cues = cue_hashes(nlp.vocab, self.words)

    def __call__(self, doc: Doc) -> Doc:
        article = doc._.article
        clock = Clock(article.published if article is not None else None)
        dates = []
        for span, expr in self.find(doc):
            tense = clause_tense(span, self.words) if expr.needs_tense else None
            period = resolve(expr, clock, tense)
            if period is not None:
                # "since X" moves the story to X, not to the open range after it
                clock.last = Period(period.start, period.precision) if expr.since else period
            dates.append(to_when(span, period))
        doc._.dates = dates
        return doc

    def cued_windows(self, doc: Doc) -> list[Span]:
        """The stretches worth running the matcher on: the tokens around each cue word
        (found on the doc's hash arrays), within its sentence. The matcher tests its
        patterns at every token it is given, so it is given as few as can match."""
        if not len(doc):
            return []
        table = doc.to_array([LOWER, SHAPE])
        windows: list[list[int]] = []
        for i in np.flatnonzero(np.isin(table, self.cues).any(axis=1)).tolist():
            sentence = sentence_of(doc[i])
            start = max(sentence.start, i - self.reach)
            end = min(sentence.end, i + self.reach + 1)
            if windows and start < windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        return [doc[start:end] for start, end in windows]

    def find(self, doc: Doc) -> list[tuple[Span, Expression]]:
        """Candidates from spaCy's DATE entities and our patterns, longest first; a
        candidate whose words do not parse gives way to shorter ones inside it."""
        spans = [ent for ent in doc.ents if ent.label_ == "DATE"]
        for window in self.cued_windows(doc):
            offset = window.start
            spans += [doc[offset + s : offset + e] for _, s, e in self.matcher(window)]
        trimmed = [self.trim(span) for span in spans]
        trimmed = sorted((s for s in trimmed if len(s)), key=lambda s: (-len(s), s.start))
        taken = [False] * len(doc)
        chosen: list[tuple[Span, Expression]] = []
        for span in trimmed:
            if any(taken[span.start : span.end]):
                continue
            expr = self.grammar.parse(span.text)
            if expr is None or counts_from_event(span):
                continue
            taken[span.start : span.end] = [True] * len(span)
            chosen.append((span, expr))
        chosen.sort(key=lambda item: item[0].start)
        return self.join(doc, chosen)

    def trim(self, span: Span) -> Span:
        """Leading prepositions and trailing punctuation are not part of the expression."""
        start, end = span.start, span.end
        while start < end and span.doc[start].lower_ in self.words.strip_prepositions:
            start += 1
        while end > start and span.doc[end - 1].is_punct:
            end -= 1
        return span.doc[start:end]

    def join(
        self, doc: Doc, chosen: list[tuple[Span, Expression]]
    ) -> list[tuple[Span, Expression]]:
        """Join neighbours into ranges ("between X and Y") and take in a "since" before one."""
        joined: list[tuple[Span, Expression]] = []
        i = 0
        while i < len(chosen):
            span, expr = chosen[i]
            if i + 1 < len(chosen) and (merged := self.range_span(doc, span, chosen[i + 1][0])):
                parsed = self.grammar.parse(merged.text)
                if parsed is not None and parsed.end is not None:
                    joined.append((merged, parsed))
                    i += 2
                    continue
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            if before == "since" and not expr.since and expr.end is None:
                span, expr = doc[span.start - 1 : span.end], replace(expr, since=True)
            elif expr.end is not None and before in self.words.range_openers:
                span = doc[span.start - 1 : span.end]
            joined.append((span, expr))
            i += 1
        return joined

    def range_span(self, doc: Doc, left: Span, right: Span) -> Span | None:
        gap = doc[left.end : right.start]
        if len(gap) != 1 or gap[0].lower_ not in self.words.range_connectors:
            return None
        start = left.start
        if start > 0 and doc[start - 1].lower_ in self.words.range_openers:
            start -= 1
        return doc[start : right.end]


# --- for the events stage ----------------------------------------------------------------


def event_date(doc: Doc, trigger: Token) -> When | None:
    """The date of the event `trigger` names.

    In order: a date attached to the trigger itself ("killed ... on Monday", "The next
    day, X killed"); one below it in the same clause ("attacked, killing 5 on Saturday");
    one attached to a verb that governs it ("On Sunday, X posted ..., urging"), nearest
    first. Dates in other branches of the sentence belong to other events and are not
    used. A past-tense sentence with no date at all continues the one before it in the
    same paragraph ("The war began on October 7, 2023. Fighters stormed ..."). Failing
    those, the publication date with `basis="published"` and empty text, or None without
    one. The result is a copy, free to change.
    """
    sent = sentence_of(trigger)
    in_sentence = dated_spans(doc, sent.start, sent.end)
    best = min(
        ((key, when) for when, span in in_sentence if (key := attachment(span, trigger))),
        key=lambda item: item[0],
        default=None,
    )
    if best is not None:
        return best[1].model_copy()
    article = doc._.article
    published = article.published if article is not None else None
    if not in_sentence and (carried := carried_over(doc, trigger, published)):
        return carried.model_copy()
    if published is not None:
        return When(text="", value=published.isoformat(), precision="day", basis="published")
    return None


def dated_spans(doc: Doc, start: int, end: int) -> list[tuple[When, Span]]:
    """The dates of `doc._.dates` within tokens [start, end), with their token spans."""
    return [(when, span) for when, span in cached(doc, "dates", _dated)
            if start <= span.start and span.end <= end]  # fmt: skip


def _dated(doc: Doc) -> list[tuple[When, Span]]:
    spans = [(when, doc.char_span(*when.span, alignment_mode="expand"))
             for when in doc._.dates or [] if when.span]  # fmt: skip
    return [(when, span) for when, span in spans if span is not None]


def carried_over(doc: Doc, trigger: Token, published: dt.date | None) -> When | None:
    """The last date of the previous sentence, for a past-tense sentence of the same
    paragraph: narration keeps its date until it sets a new one. Future dates are not
    carried: a plan does not date what already happened."""
    sent = sentence_of(trigger)
    if sent.start == 0:
        return None
    previous = sentence_of(doc[sent.start - 1])
    if "\n" in doc[previous.end - 1 : sent.start + 1].text:
        return None  # a new paragraph
    dated = [when for when, _ in dated_spans(doc, previous.start, previous.end) if when.value]
    if not dated or (published is not None and dated[-1].value > published.isoformat()):
        return None
    words = load_time_words()
    verb = trigger if trigger.pos_ in VERBS else host(doc[trigger.i : trigger.i + 1])
    tense = verb_tense(verb, words) if verb is not None else None
    if tense is None:
        tense = verb_tense(sent.root, words)
    return dated[-1] if tense == "past" else None


def attachment(span: Span, trigger: Token) -> tuple[int, int, int] | None:
    """How closely a date belongs to the trigger: (kind, distance, position), lower is
    closer, None when it belongs to another event."""
    if span.start <= trigger.i < span.end:
        return None
    governor = host(span, stop=trigger)
    if governor is not None and governor.i == trigger.i:
        return (0, 0, span.start)
    steps = steps_below(span.root, trigger)
    if steps is not None:
        return (1, steps, span.start)
    verb = host(span)
    if verb is not None and verb.is_ancestor(trigger):
        return (2, steps_below(trigger, verb, clause_breaks=False) or 0, span.start)
    if span.start - sentence_of(trigger).start <= 1:
        return (3, 0, span.start)  # fronted ("The next day, ..."), whatever the parse says
    return None


def steps_below(token: Token, top: Token, clause_breaks: bool = True) -> int | None:
    """Steps up from `token` to `top`, or None when `top` is not above it (or, with
    `clause_breaks`, only across the start of another clause)."""
    steps = 0
    while token.i != top.i:
        if clause_breaks and token.dep_ in CLAUSE_BREAKS:
            return None
        if token.head.i == token.i:
            return None
        token = token.head
        steps += 1
    return steps
