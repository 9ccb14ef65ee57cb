"""Scoring extracted events against gold PLOVER records, one sentence per record.

Why it exists: every change to a pipeline stage should be measured the same way, on
the same gold data, with numbers a newcomer can recompute by hand. Reading gold lines
and scoring are pure functions over `(Gold, Document)` pairs, so they are tested
without loading a model; `eventwire evaluate` only runs the pipeline and prints.

Definitions (also printed by `eventwire evaluate`, and in its JSON under "definitions"):

- top type: the event category of the sentence's highest-confidence event; on a tie,
  the first such event in output order; None when the system found no event. Every
  predicted category is taken in PLOVER's coding of intentions
  (`ontology.plover_category`): a future or hypothetical cooperative event counts as
  AGREE, a future or hypothetical material-conflict event as THREATEN, a negated
  cooperative event as REJECT, since the gold records code announced intentions.
- top type accuracy: share of sentences whose top type equals the gold event (a gold
  record without an event is right when the system finds none).
- type precision / recall / F1, per category C: each sentence has a predicted set (the
  distinct categories of all its events) and a gold set ({gold event}, or empty).
  TP = sentences with C in both; FP = C predicted, not gold; FN = C gold, not predicted.
  P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2PR/(P+R).
- micro P/R/F1: the same formulas over TP, FP and FN summed across all categories, so
  frequent categories weigh more and spurious categories that gold never has still cost
  precision.
- macro P/R/F1: the unweighted means of the per-category P, R and F1 over the categories
  present in the gold set (macro F1 is the mean of the F1s, not the F1 of the means).
- actor / recipient country accuracy: over every gold actor (recipient) that has a
  country, the share whose country is among the countries of the predicted top event's
  actors (recipients). No top event means wrong. Codes are compared upper-cased, with
  legacy CAMEO codes mapped to ISO (ITL -> ITA, JAP -> JPN, ...: COUNTRY_ALIASES).
- fully right: share of sentences with the top type right and every gold actor and
  recipient country found as above (trivially true for the countries when gold has none).
- mode accuracy: over sentences with the top type right and a gold mode, the share
  whose top event has that mode.
- no event: share of sentences where the system finds no event at all.
- extra events per sentence: the events found beyond each sentence's gold count (one,
  or none when gold has no event), summed over sentences and divided by their number.
- confusion: (gold event, predicted top type) pairs where the two differ, with counts,
  most frequent first; "NONE" stands for no event.
- A ratio whose denominator is 0 is 0.0 (scikit-learn's zero_division=0); every ratio
  is reported with its counts so such cases are visible.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Errors, ReadError
from .ontology import CATEGORIES, plover_category
from .records import Actor, Document, Event

PLOVER_CATEGORIES = CATEGORIES
"""The 16 PLOVER 2.0 categories, in the manual's order (cooperation to conflict)."""

NO_EVENT = "NONE"
"""Label of 'no event' in the confusion list."""

COUNTRY_ALIASES = {"ITL": "ITA", "JAP": "JPN", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS"}
"""Legacy CAMEO country codes found in older gold data, mapped to ISO 3166 alpha-3."""

DEFINITIONS: dict[str, str] = {
    "top_type": "category of the highest-confidence event of the sentence (first on a tie); "
    "none if no event; categories in PLOVER's coding of intentions: future or hypothetical "
    "cooperation counts as AGREE, future or hypothetical material conflict as THREATEN, "
    "negated cooperation as REJECT",
    "top_type_accuracy": "share of sentences whose top type equals the gold event "
    "(no gold event is right when none is predicted)",
    "precision_recall_f1": "per category C over sentences: TP = C predicted and gold, "
    "FP = C predicted not gold, FN = C gold not predicted (predicted = set of all event "
    "types of the sentence)",
    "micro": "P/R/F1 from TP, FP, FN summed over all categories",
    "macro": "unweighted mean of per-category P, R, F1 over the categories in the gold set",
    "actor_country_accuracy": "over gold actors with a country: share whose country is "
    "among the predicted top event's actor countries",
    "recipient_country_accuracy": "over gold recipients with a country: share whose "
    "country is among the predicted top event's recipient countries",
    "fully_right": "share of sentences with top type, all actor countries and all "
    "recipient countries right",
    "mode_accuracy": "over sentences with the top type right and a gold mode: share "
    "whose top event has that mode",
    "no_event": "share of sentences where the system finds no event",
    "extra_events_per_sentence": "events found beyond the gold count of each sentence "
    "(one, or none), summed and divided by the number of sentences",
    "confusion": "gold -> predicted top type where they differ, most frequent first; "
    "NONE = no event",
    "zero_division": "a ratio with denominator 0 is 0.0; counts are reported alongside",
}


# --------------------------------------------------------------------------- gold records


@dataclass(frozen=True, slots=True)
class GoldActor:
    """One coded actor of a gold record; only the country is scored."""

    text: str
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold sentence: the text to run and the coding to compare with."""

    text: str
    event: str | None
    mode: str | None = None
    actor: tuple[GoldActor, ...] = ()
    recipient: tuple[GoldActor, ...] = ()
    id: str | None = None
    published: dt.date | None = None


def parse_gold(line: str, where: str) -> Gold:
    """One JSONL line as a Gold record; raises ReadError naming `where` when unusable."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ReadError(Errors.E015.format(where=where, reason=exc.msg)) from None
    if not isinstance(obj, dict):
        raise ReadError(Errors.E015.format(where=where, reason="not a JSON object"))
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ReadError(Errors.E016.format(where=where))
    return Gold(
        text=text,
        event=_gold_event(obj.get("event"), where),
        mode=_optional_str(obj, "mode", where),
        actor=_gold_actors(obj, "actor", where),
        recipient=_gold_actors(obj, "recipient", where),
        id=_optional_str(obj, "id", where),
        published=_gold_date(obj.get("published"), where),
    )


def parse_gold_lines(lines: Iterable[str], source: str) -> tuple[list[Gold], list[str]]:
    """Gold records from JSONL lines, and one message per malformed line (skipped).

    Blank lines are ignored; messages name `source:line` so a user can fix the file.
    """
    records: list[Gold] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append(parse_gold(line, f"{source}:{number}"))
        except ReadError as exc:
            problems.append(str(exc))
    return records, problems


def read_gold(path: Path) -> tuple[list[Gold], list[str]]:
    """The gold records of a file and the messages for skipped lines.

    Raises ReadError when the file is missing or unreadable, or has no usable record:
    scoring nothing would print misleading zeros.
    """
    if not path.is_file():
        raise ReadError(Errors.E010.format(where=path))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(Errors.E020.format(where=path, reason=exc)) from None
    records, problems = parse_gold_lines(text.splitlines(), str(path))
    if not records:
        raise ReadError(Errors.E030.format(where=path))
    return records, problems


def _gold_event(value: object, where: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ReadError(Errors.E031.format(where=where, field="event", reason="is not a string"))
    category = value.strip().upper()
    if category not in PLOVER_CATEGORIES:
        raise ReadError(Errors.E032.format(where=where, value=value))
    return category


def _optional_str(obj: dict, key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ReadError(Errors.E031.format(where=where, field=key, reason="is not a string"))
    return value


def _gold_actors(obj: dict, key: str, where: str) -> tuple[GoldActor, ...]:
    value = obj.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(a, dict) for a in value):
        raise ReadError(
            Errors.E031.format(where=where, field=key, reason="is not a list of objects")
        )
    return tuple(_gold_actor(a, key, where) for a in value)


def _gold_actor(obj: dict, key: str, where: str) -> GoldActor:
    for name in ("text", "country", "sector"):
        if obj.get(name) is not None and not isinstance(obj[name], str):
            raise ReadError(
                Errors.E031.format(where=where, field=f"{key}.{name}", reason="is not a string")
            )
    return GoldActor(
        text=obj.get("text") or "",
        country=normalize_country(obj.get("country")),
        sector=obj.get("sector") or None,
    )


def _gold_date(value: object, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ReadError(Errors.E018.format(where=where, value=value)) from None


def normalize_country(code: str | None) -> str | None:
    """Upper-cased ISO code, legacy CAMEO codes mapped; None for empty."""
    if not code or not code.strip():
        return None
    code = code.strip().upper()
    return COUNTRY_ALIASES.get(code, code)


# --------------------------------------------------------------------------- ratios


@dataclass(frozen=True, slots=True)
class Ratio:
    """correct / total, kept as counts so a reader sees how much a figure rests on."""

    correct: int
    total: int

    @property
    def value(self) -> float:
        return _div(self.correct, self.total)

    def to_dict(self) -> dict:
        return {"value": round(self.value, 4), "correct": self.correct, "total": self.total}


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return _div(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _div(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _div(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean; 0.0 when both are 0."""
    return _div(2 * precision * recall, precision + recall)


# --------------------------------------------------------------------------- one sentence


def top_event(doc: Document) -> Event | None:
    """The highest-confidence event; `max` keeps the first on a tie."""
    return max(doc.events, key=lambda e: e.confidence) if doc.events else None


def predicted_types(doc: Document) -> frozenset[str]:
    """The distinct categories of all events of the sentence."""
    return frozenset(plover_category(e.event, e.status) for e in doc.events)


def country_hits(gold: Sequence[GoldActor], predicted: Sequence[Actor]) -> Ratio:
    """How many gold actors with a country have it among the predicted actors' countries."""
    wanted = [c for c in (normalize_country(a.country) for a in gold) if c]
    found = {normalize_country(a.country) for a in predicted} - {None}
    return Ratio(sum(c in found for c in wanted), len(wanted))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the system got right on one sentence: the unit every metric sums over."""

    gold: str | None
    top: str | None
    types: frozenset[str]
    actor: Ratio
    recipient: Ratio
    mode: Ratio
    extra: int = 0
    """Events found beyond the gold count (one, or none) of the sentence."""

    @property
    def type_right(self) -> bool:
        return self.top == self.gold

    @property
    def fully_right(self) -> bool:
        countries_right = (
            self.actor.correct == self.actor.total
            and self.recipient.correct == self.recipient.total
        )
        return self.type_right and countries_right


def outcome(gold: Gold, doc: Document) -> Outcome:
    """Compare one gold sentence with the Document the system produced for it."""
    top = top_event(doc)
    top_type = plover_category(top.event, top.status) if top else None
    mode_scored = gold.mode is not None and top_type == gold.event
    mode_right = mode_scored and top is not None and top.mode == gold.mode
    return Outcome(
        gold=gold.event,
        top=top_type,
        types=predicted_types(doc),
        actor=country_hits(gold.actor, top.actor if top else []),
        recipient=country_hits(gold.recipient, top.recipient if top else []),
        mode=Ratio(int(mode_right), int(mode_scored)),
        extra=max(0, len(doc.events) - (1 if gold.event else 0)),
    )


# --------------------------------------------------------------------------- aggregates


@dataclass(frozen=True, slots=True)
class SliceScores:
    """The accuracy-style metrics over a set of sentences (all, or one gold category)."""

    sentences: int
    top_type: Ratio
    actor_country: Ratio
    recipient_country: Ratio
    fully_right: Ratio
    mode: Ratio
    no_event: Ratio
    extra_events: int = 0

    @property
    def extra_per_sentence(self) -> float:
        return _div(self.extra_events, self.sentences)

    def to_dict(self) -> dict:
        return {
            "sentences": self.sentences,
            "top_type_accuracy": self.top_type.to_dict(),
            "actor_country_accuracy": self.actor_country.to_dict(),
            "recipient_country_accuracy": self.recipient_country.to_dict(),
            "fully_right": self.fully_right.to_dict(),
            "mode_accuracy": self.mode.to_dict(),
            "no_event": self.no_event.to_dict(),
            "extra_events_per_sentence": {
                "value": round(self.extra_per_sentence, 4),
                "events": self.extra_events,
                "sentences": self.sentences,
            },
        }


def slice_scores(outcomes: Sequence[Outcome]) -> SliceScores:
    """Sum the per-sentence outcomes into ratios."""
    n = len(outcomes)
    return SliceScores(
        sentences=n,
        top_type=Ratio(sum(o.type_right for o in outcomes), n),
        actor_country=_sum_ratios(o.actor for o in outcomes),
        recipient_country=_sum_ratios(o.recipient for o in outcomes),
        fully_right=Ratio(sum(o.fully_right for o in outcomes), n),
        mode=_sum_ratios(o.mode for o in outcomes),
        no_event=Ratio(sum(not o.types for o in outcomes), n),
        extra_events=sum(o.extra for o in outcomes),
    )


def _sum_ratios(ratios: Iterable[Ratio]) -> Ratio:
    pairs = [(r.correct, r.total) for r in ratios]
    return Ratio(sum(c for c, _ in pairs), sum(t for _, t in pairs))


def type_prf(outcomes: Iterable[Outcome], category: str) -> PRF:
    """TP/FP/FN of one category over sentences (predicted set vs gold type)."""
    tp = fp = fn = 0
    for o in outcomes:
        predicted, gold = category in o.types, category == o.gold
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    return PRF(tp, fp, fn)


@dataclass(frozen=True, slots=True)
class Macro:
    """Unweighted means over the gold categories."""

    precision: float
    recall: float
    f1: float
    categories: int

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "categories": self.categories,
        }


def macro(per_category: dict[str, PRF], gold_categories: Iterable[str]) -> Macro:
    """Mean per-category P, R and F1 over the categories that occur in gold."""
    scores = [per_category[c] for c in gold_categories]
    k = len(scores)
    return Macro(
        precision=_div(sum(s.precision for s in scores), k),
        recall=_div(sum(s.recall for s in scores), k),
        f1=_div(sum(s.f1 for s in scores), k),
        categories=k,
    )


def confusion(outcomes: Iterable[Outcome]) -> list[tuple[str, str, int]]:
    """(gold, predicted top, count) for every mismatch, most frequent first, then by name."""
    counts = Counter((o.gold or NO_EVENT, o.top or NO_EVENT) for o in outcomes if not o.type_right)
    return sorted(((g, p, n) for (g, p), n in counts.items()), key=lambda t: (-t[2], t[0], t[1]))


@dataclass(frozen=True, slots=True)
class CategoryScores:
    """One category: its type P/R/F1 over all sentences, and accuracies over its gold ones."""

    category: str
    prf: PRF
    scores: SliceScores

    def to_dict(self) -> dict:
        return {**self.prf.to_dict(), **self.scores.to_dict()}


@dataclass(frozen=True, slots=True)
class Report:
    """Everything `eventwire evaluate` prints."""

    overall: SliceScores
    micro: PRF
    macro: Macro
    categories: list[CategoryScores] = field(default_factory=list)
    confusion: list[tuple[str, str, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "sentences": self.overall.sentences,
            "overall": {
                **self.overall.to_dict(),
                "micro": self.micro.to_dict(),
                "macro": self.macro.to_dict(),
            },
            "categories": {c.category: c.to_dict() for c in self.categories},
            "confusion": [{"gold": g, "predicted": p, "count": n} for g, p, n in self.confusion],
            "definitions": DEFINITIONS,
        }


def category_order(categories: Iterable[str]) -> list[str]:
    """PLOVER's order (cooperation to conflict), any unknown ones after, alphabetically."""
    known = [c for c in PLOVER_CATEGORIES if c in set(categories)]
    return known + sorted(set(categories) - set(PLOVER_CATEGORIES))


def score(pairs: Iterable[tuple[Gold, Document]]) -> Report:
    """Score (gold, predicted Document) pairs, one per gold sentence."""
    outcomes = [outcome(gold, doc) for gold, doc in pairs]
    gold_categories = {o.gold for o in outcomes if o.gold}
    seen = gold_categories | {t for o in outcomes for t in o.types}
    per_category = {c: type_prf(outcomes, c) for c in category_order(seen)}
    categories = [
        CategoryScores(c, prf, slice_scores([o for o in outcomes if o.gold == c]))
        for c, prf in per_category.items()
    ]
    return Report(
        overall=slice_scores(outcomes),
        micro=sum(per_category.values(), PRF()),
        macro=macro(per_category, category_order(gold_categories)),
        categories=categories,
        confusion=confusion(outcomes),
    )
