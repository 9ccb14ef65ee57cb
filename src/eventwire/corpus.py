"""The written corpus (training/corpus/): reading its records and scoring a pipeline on them.

A corpus record is one sentence or short snippet with every event it reports (format:
training/corpus/schema.json), so unlike the PLOVER gold records (evaluate.py: one event
per sentence) it can hold none, one or several events, their status, ACLED sub-type,
roles and counts. Scoring is a pure function over (record, Document) pairs.

Definitions (also printed by `eventwire evaluate`):

- event detection, per record: positive when it has at least one gold event (any
  status), predicted positive when the pipeline finds at least one; P/R/F1 over records.
- (record, category): each record has a gold set and a predicted set of categories,
  both in PLOVER's coding of intentions (`ontology.plover_category`: a future or
  hypothetical cooperative act is AGREE, a future material-conflict act THREATEN, a
  negated cooperative act REJECT). The corpus's writers coded "will meet" both as
  CONSULT/future and as AGREE/future, as the brief and the manual each say; in this
  view the two agree. TP, FP, FN summed over records and categories give micro
  P/R/F1; macro F1 is the mean of the per-category F1s over the categories in gold.
- ACLED sub-type: the same over (record, sub-type) pairs, from occurred events only;
  weighted F1 averages the per-sub-type F1s weighted by their gold support (as
  scikit-learn's average="weighted"), macro F1 is their unweighted mean.
- mode accuracy: over gold events with a mode whose category was predicted in the
  record, the share for which a predicted event of that category has that mode.
- actor (recipient) country accuracy: over gold actors (recipients) with a country,
  the share found among the countries of the predicted events of the same category in
  the record (none predicted: wrong).
- fully right: records whose predicted category set equals the gold set and whose gold
  actor and recipient countries are all found as above.
- spurious events per event-free record: events predicted in records with no gold
  event, divided by the number of such records.
- confusion: (gold categories, predicted categories) of the records where they differ.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Errors, ReadError
from .evaluate import PRF, Ratio, _div, normalize_country
from .ontology import plover_category
from .records import Document, Event

NO_EVENT = "NONE"

DEFINITIONS: dict[str, str] = {
    "event_detection": "per record: gold positive if it has any gold event, predicted "
    "positive if any event is found; P/R/F1 over records",
    "category": "(record, category) pairs: micro P/R/F1 over all; macro F1 = mean of "
    "per-category F1 over categories in gold; categories in PLOVER's coding of intentions "
    "(future or hypothetical cooperation is AGREE, future material conflict THREATEN, "
    "negated cooperation REJECT), for gold and predicted alike",
    "acled": "(record, ACLED sub-type) pairs from occurred events; weighted F1 = per-type "
    "F1 weighted by gold support; macro F1 = unweighted mean",
    "mode_accuracy": "gold events with a mode whose category was predicted: a predicted "
    "event of that category has the mode",
    "country_accuracy": "gold actors (recipients) with a country found among the countries "
    "of predicted events of the same category in the record",
    "fully_right": "predicted category set equals gold, and every gold country found",
    "spurious_per_empty": "events predicted in records with no gold event / such records",
}


@dataclass(frozen=True, slots=True)
class GoldEvent:
    category: str
    mode: str | None
    status: str
    acled: str | None
    actor_countries: tuple[str, ...]
    recipient_countries: tuple[str, ...]

    @property
    def plover(self) -> str:
        return plover_category(self.category, self.status)


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    text: str
    style: str
    events: tuple[GoldEvent, ...]

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(e.plover for e in self.events)

    @property
    def acled(self) -> frozenset[str]:
        return frozenset(e.acled for e in self.events if e.acled and e.status == "occurred")


def is_corpus_line(line: str) -> bool:
    """Whether a JSONL line is a corpus record (an `events` list) rather than a PLOVER
    gold record (one `event`)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return False
    return isinstance(obj, dict) and isinstance(obj.get("events"), list)


def read_records(paths: Iterable[Path]) -> Iterator[Record]:
    """Every record of the given corpus files, in order; a malformed line is a ReadError
    naming file:line (the corpus is ours: it must be valid, see scripts/corpus.py)."""
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield parse_record(line, f"{path}:{number}")


def parse_record(line: str, where: str) -> Record:
    try:
        obj = json.loads(line)
        events = tuple(
            GoldEvent(
                category=e["event"],
                mode=e.get("mode"),
                status=e.get("status", "occurred"),
                acled=e.get("acled"),
                actor_countries=_countries(e.get("actor", [])),
                recipient_countries=_countries(e.get("recipient", [])),
            )
            for e in obj["events"]
        )
        return Record(obj["id"], obj["text"], obj.get("style", "body"), events)
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise ReadError(Errors.E031.format(where=where, field="events", reason=str(err))) from None


def _countries(actors: list[dict]) -> tuple[str, ...]:
    found = (normalize_country(a.get("country")) for a in actors)
    return tuple(c for c in found if c)


# --------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    """Counts accumulated over records; the report's figures are ratios of these."""

    records: int = 0
    detection: PRF = field(default_factory=PRF)
    categories: dict[str, PRF] = field(default_factory=dict)
    acled: dict[str, PRF] = field(default_factory=dict)
    mode: Ratio = Ratio(0, 0)
    actor_country: Ratio = Ratio(0, 0)
    recipient_country: Ratio = Ratio(0, 0)
    fully_right: Ratio = Ratio(0, 0)
    empty_records: int = 0
    spurious_events: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, record: Record, doc: Document) -> None:
        self.records += 1
        predicted = frozenset(plover_category(e.event, e.status) for e in doc.events)
        gold = record.categories
        self.detection += PRF(
            tp=int(bool(gold) and bool(predicted)),
            fp=int(not gold and bool(predicted)),
            fn=int(bool(gold) and not predicted),
        )
        _add_sets(self.categories, gold, predicted)
        occurred = frozenset(
            e.acled.sub_event_type for e in doc.events if e.acled and e.status == "occurred"
        )
        _add_sets(self.acled, record.acled, occurred)
        by_category: dict[str, list[Event]] = {}
        for event in doc.events:
            by_category.setdefault(plover_category(event.event, event.status), []).append(event)
        countries_right = True
        for gold_event in record.events:
            matched = by_category.get(gold_event.plover, [])
            if gold_event.mode and matched:
                hit = any(e.mode == gold_event.mode for e in matched)
                self.mode = _plus(self.mode, hit)
            actors = {normalize_country(a.country) for e in matched for a in e.actor}
            recipients = {normalize_country(a.country) for e in matched for a in e.recipient}
            for country in gold_event.actor_countries:
                self.actor_country = _plus(self.actor_country, country in actors)
                countries_right &= country in actors
            for country in gold_event.recipient_countries:
                self.recipient_country = _plus(self.recipient_country, country in recipients)
                countries_right &= country in recipients
        self.fully_right = _plus(self.fully_right, predicted == gold and countries_right)
        if not record.events:
            self.empty_records += 1
            self.spurious_events += len(doc.events)
        if predicted != gold:
            self.confusion[(_label(gold), _label(predicted))] += 1

    def report(self) -> dict:
        """Every figure with its counts, and the definitions, as plain JSON."""
        categories = sorted(self.categories)
        gold_categories = [c for c in categories if self.categories[c].tp + self.categories[c].fn]
        micro = sum(self.categories.values(), PRF())
        acled_gold = {k: v.tp + v.fn for k, v in self.acled.items() if v.tp + v.fn}
        support = sum(acled_gold.values())
        return {
            "records": self.records,
            "event_detection": self.detection.to_dict(),
            "category_micro": micro.to_dict(),
            "category_macro_f1": round(
                _div(sum(self.categories[c].f1 for c in gold_categories), len(gold_categories)),
                4,
            ),
            "acled_weighted_f1": round(
                _div(sum(self.acled[k].f1 * n for k, n in acled_gold.items()), support), 4
            ),
            "acled_macro_f1": round(
                _div(sum(self.acled[k].f1 for k in acled_gold), len(acled_gold)), 4
            ),
            "acled_micro": sum(self.acled.values(), PRF()).to_dict(),
            "mode_accuracy": self.mode.to_dict(),
            "actor_country_accuracy": self.actor_country.to_dict(),
            "recipient_country_accuracy": self.recipient_country.to_dict(),
            "fully_right": self.fully_right.to_dict(),
            "spurious_per_empty_record": {
                "value": round(_div(self.spurious_events, self.empty_records), 4),
                "events": self.spurious_events,
                "records": self.empty_records,
            },
            "per_category": {c: self.categories[c].to_dict() for c in categories},
            "per_acled": {k: self.acled[k].to_dict() for k in sorted(self.acled)},
            "confusion": [
                [gold, predicted, n] for (gold, predicted), n in self.confusion.most_common()
            ],
            "definitions": DEFINITIONS,
        }


def score(pairs: Iterable[tuple[Record, Document]]) -> dict:
    tally = Tally()
    for record, doc in pairs:
        tally.add(record, doc)
    return tally.report()


def _add_sets(table: dict[str, PRF], gold: frozenset[str], predicted: frozenset[str]) -> None:
    for label in gold | predicted:
        table[label] = table.get(label, PRF()) + PRF(
            tp=int(label in gold and label in predicted),
            fp=int(label in predicted and label not in gold),
            fn=int(label in gold and label not in predicted),
        )


def _plus(ratio: Ratio, hit: bool) -> Ratio:
    return Ratio(ratio.correct + int(hit), ratio.total + 1)


def _label(categories: frozenset[str]) -> str:
    return "+".join(sorted(categories)) or NO_EVENT
