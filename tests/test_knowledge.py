"""The packaged knowledge base: every entry well formed, every name meaning one thing."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pycountry
import pytest
import yaml

from eventwire import Pipeline, knowledge

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


def role_problems(entries, sectors: set[str]) -> list[tuple]:
    """What is wrong with the entries' dated roles: unknown countries or sectors, an end
    before its start, roles out of order."""
    problems = []
    for entry in entries:
        for role in entry.roles:
            if role.country and not (
                role.country in NON_STATE or pycountry.countries.get(alpha_3=role.country)
            ):
                problems.append((entry.name, "country", role.country))
            if role.sector and role.sector not in sectors:
                problems.append((entry.name, "sector", role.sector))
            if role.start and role.end and role.start >= role.end:
                problems.append((entry.name, "dates", role.start, role.end))
        starts = [r.start for r in entry.roles if r.start]
        if starts != sorted(starts):
            problems.append((entry.name, "roles out of order"))
    return problems


def test_roles_are_well_formed() -> None:
    entries = [knowledge._entry(raw, "test") for raw in packaged()]
    assert role_problems(entries, SECTORS) == []


# --- the PETRARCH2 layer (data/petrarch_actors.yaml, scripts/convert_petrarch.py) --------

PETRARCH_SECTORS = SECTORS | {"ELI", "LAB", "AGR", "CRM", "PRM"}
"""PLOVER sectors the converted CAMEO agent codes give: the packaged ones and ELI
(elites, former officials), LAB, AGR, CRM, PRM."""


def petrarch_lines() -> list[str]:
    return knowledge._petrarch_lines()[0]


def test_petrarch_actors_load_in_the_actors_format() -> None:
    lines = petrarch_lines()
    assert len(lines) > 20_000
    entries = [knowledge._entry(json.loads(line), "petrarch") for line in lines]
    assert {e.type for e in entries} == {"PERSON", "ORG"}
    assert role_problems(entries, PETRARCH_SECTORS) == []


def test_petrarch_actors_file_is_yaml_too() -> None:
    """JSON under YAML comments: a YAML reader gets the same entries (checked on the
    head of the file; the whole takes a YAML parser seconds)."""
    path = knowledge.DATA / knowledge.PETRARCH_FILE
    head = path.read_text(encoding="utf-8").split("\n[\n", 1)[0]
    lines = petrarch_lines()[:300]
    text = head + "\n[\n" + ",\n".join(lines) + "\n]\n"
    assert yaml.safe_load(text) == [json.loads(line) for line in lines]


@pytest.mark.parametrize(
    ("name", "when", "country", "sector"),
    [
        # Phoenix.Countries: [DZAELI 550101-000101] [DZAGOV >990427] [DZAELI]
        ("Abdelaziz Bouteflika", "1995-06-01", "DZA", "ELI"),
        ("Abdelaziz Bouteflika", "2005-06-01", "DZA", "GOV"),
        # [KAZELI 580101-...] [KAZGOV >900424] [KAZELI]
        ("Nursultan Nazarbayev", "1985-06-01", "KAZ", "ELI"),
        ("Nursultan Nazarbayev", "2005-06-01", "KAZ", "GOV"),
        # Phoenix.MilNonState: ABU_NIDAL_ORGANIZATION [IMGMUSALQ]
        ("Abu Nidal Organization", "2005-06-01", "IMG", "REB"),
        # Phoenix.International: LOCKHEED_MARTIN_ [MNCUSA]
        ("Lockheed Martin", "2005-06-01", "USA", "BUS"),
        # Phoenix.International: HANS_BLIX_ [IGOUNOIAE 811201-971130]
        ("Hans Blix", "1990-06-01", "IGO", "UNO"),
    ],
)
def test_petrarch_actors_resolve_in_time(name: str, when: str, country: str, sector: str) -> None:
    entry = knowledge.load().lookup(name)
    assert isinstance(entry, knowledge.Entry)
    role = entry.role(dt.date.fromisoformat(when))
    assert (role.country, role.sector) == (country, sector)


def test_petrarch_layer_is_looked_up_not_matched() -> None:
    """Its names stay out of `terms` (the actor stage's PhraseMatcher would take seconds
    and tens of MB to build with them): the stage asks `lookup` about NER's names."""
    kb = knowledge.load()
    assert "Abdelaziz Bouteflika" not in kb.terms
    assert kb.lookup("Abdelaziz Bouteflika") is kb.lookup("Abdelaziz Bouteflika")


def test_packaged_actor_wins_over_petrarch() -> None:
    """PETRARCH has Karzai as elite before 2000 and in office to 2015; leaders.yaml
    (newer, kept by hand) has him president 2001-2014, with the title, and wins. Other
    PETRARCH spellings of a packaged actor point to the packaged entry."""
    kb = knowledge.load()
    karzai = kb.lookup("Hamid Karzai")
    assert karzai is kb.terms["Hamid Karzai"]
    assert karzai.roles[0].titles == ("president",)
    assert karzai.role(dt.date(2017, 1, 1)).sector == "GOV"  # PETRARCH would say ELI
    assert kb.lookup("Husni Mubarak") is kb.terms["Hosni Mubarak"]


def test_users_actors_file_wins_over_petrarch(tmp_path: Path) -> None:
    users = tmp_path / "actors.yaml"
    users.write_text(
        "- {name: Abdelaziz Bouteflika, type: PERSON, country: DZA, sector: OPP}\n",
        encoding="utf-8",
    )
    entry = knowledge.load(str(users)).lookup("Abdelaziz Bouteflika")
    assert entry.role(dt.date(2005, 6, 1)).sector == "OPP"


def test_articles_resolve_petrarch_actors_by_date(pipeline: Pipeline) -> None:
    text = "Abdelaziz Bouteflika met Nursultan Nazarbayev in Algiers."
    for published, sector in (("1995-06-01", "ELI"), ("2005-06-01", "GOV")):
        doc = pipeline.extract(text, published=published)
        found = {e.name: (e.type, e.country, e.sector) for e in doc.entities}
        assert found["Abdelaziz Bouteflika"] == ("PERSON", "DZA", sector)
