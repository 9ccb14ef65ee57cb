"""The packaged knowledge base: every entry well formed, every name meaning one thing."""

from __future__ import annotations

from collections import Counter

import pycountry
import yaml

from eventwire import knowledge

NON_STATE = {"IGO", "NGO", "IMG", "KOS"}
SECTORS = {
    "GOV",
    "MIL",
    "REB",
    "COP",
    "JUD",
    "LEG",
    "CVL",
    "IGO",
    "UNO",
    "NGO",
    "MED",
    "JRN",
    "OPP",
    "PTY",
    "BUS",
    "EDU",
    "REL",
    "REF",
    "UAF",
    "SPY",
}


def packaged() -> list[dict]:
    return [
        raw
        for name in knowledge.ACTOR_FILES
        if (knowledge.DATA / name).is_file()
        for raw in yaml.safe_load((knowledge.DATA / name).read_text(encoding="utf-8"))
    ]


def test_every_name_and_alias_means_one_actor() -> None:
    counts = Counter(term for raw in packaged() for term in (raw["name"], *raw.get("aliases", [])))
    assert [term for term, n in counts.items() if n > 1] == []


def test_roles_are_well_formed() -> None:
    problems = []
    for raw in packaged():
        entry = knowledge._entry(raw, "test")
        for role in entry.roles:
            if role.country and not (
                role.country in NON_STATE or pycountry.countries.get(alpha_3=role.country)
            ):
                problems.append((entry.name, "country", role.country))
            if role.sector and role.sector not in SECTORS:
                problems.append((entry.name, "sector", role.sector))
            if role.start and role.end and role.start >= role.end:
                problems.append((entry.name, "dates", role.start, role.end))
        starts = [r.start for r in entry.roles if r.start]
        if starts != sorted(starts):
            problems.append((entry.name, "roles out of order"))
    assert problems == []
