"""Geoparsing evaluation: how many of the gold toponyms the places layer puts on the map,
and how far from where they are.

Gold format (JSON Lines, one article a line; training/places/BRIEF.md):
`{"id", "text", "published"?, "toponyms": [{"start", "end", "text", "lat", "lon",
"geonameid"?, ...}]}`.

A gold toponym is *found* when a predicted place overlaps its characters and has
coordinates; its error is the great-circle distance between the two points. Scores,
as the geoparsing literature computes them (Gritta et al. 2018, "What's missing in
geographical parsing?"; Mordecai3 reports acc@161):

- acc@161: share of *all* gold toponyms found within 161 km (100 miles); a toponym not
  found counts as wrong;
- found: share of gold toponyms found at all;
- mean km: mean error over the found toponyms;
- AUC: area under the curve of the sorted, log-scaled errors of the found toponyms,
  `ln(1 + error) / ln(20039)` (20,039 km is the largest distance on Earth), normalized to
  0-1; 0 is perfect, lower is better.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Errors, EventwireError
from .gazetteer import haversine_km
from .records import Place

ACC_KM = 161.0
MAX_KM = 20039.0

DEFINITIONS = {
    "acc@161": "gold toponyms resolved within 161 km / all gold toponyms",
    "found": "gold toponyms overlapped by a predicted place with coordinates / all",
    "mean km": "mean great-circle error of the found toponyms",
    "AUC": "area under the sorted ln(1+km)/ln(20039) error curve of the found toponyms "
    "(0 best, 1 worst)",
}


class PlacesGoldError(EventwireError):
    """A places gold file that cannot be read."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    published: str | None
    toponyms: tuple[GoldToponym, ...]


@dataclass(slots=True)
class PlacesReport:
    total: int = 0
    errors: list[float] = field(default_factory=list)
    """Error in km of every found toponym."""

    @property
    def found(self) -> float:
        return len(self.errors) / self.total if self.total else 0.0

    @property
    def acc161(self) -> float:
        return sum(e <= ACC_KM for e in self.errors) / self.total if self.total else 0.0

    @property
    def mean_km(self) -> float:
        return sum(self.errors) / len(self.errors) if self.errors else 0.0

    @property
    def auc(self) -> float:
        return auc(self.errors)

    def to_dict(self) -> dict:
        return {
            "toponyms": self.total,
            "acc@161": round(self.acc161, 4),
            "found": round(self.found, 4),
            "mean_km": round(self.mean_km, 1),
            "auc": round(self.auc, 4),
            "definitions": DEFINITIONS,
        }


def auc(errors: Sequence[float]) -> float:
    """Gritta et al.'s AUC: trapezoid area under the sorted log errors, over its maximum."""
    if not errors:
        return 0.0
    scaled = sorted(math.log(1 + e) / math.log(MAX_KM) for e in errors)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in zip(scaled, scaled[1:], strict=False))
    return area / (len(scaled) - 1)


def read_places_gold(path: Path) -> list[GoldArticle]:
    """Articles with their gold toponyms; a bad line raises PlacesGoldError naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise PlacesGoldError(Errors.E130.format(where=path, reason=err.strerror)) from None
    articles = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
            text = obj["text"]
            toponyms = tuple(
                GoldToponym(
                    int(t["start"]), int(t["end"]), t["text"], float(t["lat"]), float(t["lon"])
                )
                for t in obj["toponyms"]
            )
        except (ValueError, KeyError, TypeError) as err:
            raise PlacesGoldError(Errors.E131.format(where=where, reason=repr(err))) from None
        for t in toponyms:
            if text[t.start : t.end] != t.text:
                raise PlacesGoldError(
                    Errors.E132.format(where=where, start=t.start, end=t.end, text=t.text)
                )
        articles.append(
            GoldArticle(str(obj.get("id", number)), text, obj.get("published"), toponyms)
        )
    return articles


def score_article(
    gold: Iterable[GoldToponym], predicted: Sequence[Place], report: PlacesReport
) -> None:
    """Add one article's toponyms to the report."""
    located = [p for p in predicted if p.lat is not None and p.lon is not None]
    for t in gold:
        report.total += 1
        overlapping = [p for p in located if p.span[0] < t.end and t.start < p.span[1]]
        if not overlapping:
            continue
        best = max(overlapping, key=lambda p: min(p.span[1], t.end) - max(p.span[0], t.start))
        report.errors.append(haversine_km(t.lat, t.lon, best.lat, best.lon))  # type: ignore[arg-type]


def score(pairs: Iterable[tuple[GoldArticle, Sequence[Place]]]) -> PlacesReport:
    report = PlacesReport()
    for gold, predicted in pairs:
        score_article(gold.toponyms, predicted, report)
    return report
