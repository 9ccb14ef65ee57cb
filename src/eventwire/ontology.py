"""The PLOVER 2.0 ontology and its translations: quad class, score, CAMEO, ACLED.

Facts from the PLOVER manual live in data/plover.yaml and data/acled.yaml; this
module only looks them up, so one coding (category, mode, actors) yields all three
codings the users of GDELT, ICEWS and ACLED expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

from .records import Acled

DATA = files("eventwire") / "data"
CATEGORIES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
ARMED_SECTORS = {"MIL", "REB", "COP", "UAF", "SPY"}


@dataclass(frozen=True, slots=True)
class Coding:
    quad: str
    score: float
    cameo: str


@lru_cache(maxsize=1)
def _plover() -> dict:
    table = yaml.safe_load((DATA / "plover.yaml").read_text(encoding="utf-8"))
    missing = set(CATEGORIES) - set(table)
    if missing:
        raise ValueError(f"data/plover.yaml lacks categories: {sorted(missing)}")
    return table


@lru_cache(maxsize=1)
def _acled_rules() -> dict[str, list[dict]]:
    """The rules of data/acled.yaml by PLOVER category, in file order."""
    by_category: dict[str, list[dict]] = {}
    for rule in yaml.safe_load((DATA / "acled.yaml").read_text(encoding="utf-8")):
        by_category.setdefault(rule["event"], []).append(rule)
    return by_category


def modes(category: str) -> set[str]:
    """The modes the manual's score table lists for a category."""
    return set(_plover()[category].get("modes", {}))


@lru_cache(maxsize=512)
def code(category: str, mode: str | None) -> Coding:
    """Quad class, conflict-cooperation score and CAMEO code of a category and mode
    (cached: every event asks, and Coding is immutable)."""
    info = _plover()[category]
    score = info.get("modes", {}).get(mode, info["score"])
    cameo = info.get("cameo_modes", {}).get(mode, info["cameo"])
    return Coding(quad=info["quad"], score=float(score), cameo=str(cameo))


def _armed(sectors: list[str | None]) -> str:
    return "armed" if any(s in ARMED_SECTORS for s in sectors) else "unarmed"


def acled(
    category: str,
    mode: str | None,
    actor_sectors: list[str | None],
    recipient_sectors: list[str | None],
    words: frozenset[str] = frozenset(),
) -> Acled | None:
    """ACLED event type and sub-event type, by the first rule in data/acled.yaml that
    fits; `words` are the lemmas of the event's trigger words."""
    facts = {"actor": _armed(actor_sectors), "recipient": _armed(recipient_sectors)}
    for rule in _acled_rules().get(category, ()):
        if "modes" in rule and mode not in rule["modes"]:
            continue
        if "words" in rule and not words & set(rule["words"]):
            continue
        if "actor_sectors" in rule and not set(actor_sectors) & set(rule["actor_sectors"]):
            continue
        if any(rule[key] != facts[key] for key in ("actor", "recipient") if key in rule):
            continue
        event_type, sub_event_type = rule["acled"]
        return Acled(event_type=event_type, sub_event_type=sub_event_type)
    return None


def plover_category(category: str, status: str) -> str:
    """The category PLOVER's coders give an event, which codes announced intentions
    rather than the act: "will withdraw" is AGREE (intent to cooperate), "would
    blockade" is THREATEN, "will not accept" is REJECT. eventwire keeps the act and
    its status; this is the view for comparing with PLOVER-coded data and exports."""
    quad = code(category, None).quad
    if status in ("future", "hypothetical"):
        if quad.endswith("cooperation"):
            return "AGREE"
        if quad == "material conflict":
            return "THREATEN"
    if status == "negated" and quad.endswith("cooperation"):
        return "REJECT"
    return category


@lru_cache(maxsize=1)
def _acled_types() -> dict[str, str]:
    """ACLED sub-event type -> event type (data/acled_types.yaml)."""
    table = yaml.safe_load((DATA / "acled_types.yaml").read_text(encoding="utf-8"))
    return {sub: kind for kind, subs in table.items() for sub in subs}


def acled_from_sub_type(sub_event_type: str) -> Acled:
    """The ACLED coding of a sub-event type, with the event type it belongs to."""
    return Acled(event_type=_acled_types()[sub_event_type], sub_event_type=sub_event_type)
