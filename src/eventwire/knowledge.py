"""The actor knowledge base: countries and their words, named actors, role nouns.

Loaded once per process from the package data files (and an optional user file),
so that every lookup during extraction is a dict access or a PhraseMatcher hit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import pycountry
import yaml

from .errors import Errors, SettingsError

DATA = files("eventwire") / "data"
ACTOR_FILES = ("actors.yaml", "leaders.yaml")
"""Named actors shipped with eventwire: groups, organizations and people in the news
(actors.yaml); heads of state and government and ministers, with dated offices
(leaders.yaml)."""
KINDS = {"names": "name", "adjectives": "adjective", "people": "people", "seats": "seat"}


@dataclass(frozen=True, slots=True)
class Role:
    """What an actor was between two dates: country, sector and the titles it held."""

    country: str | None
    sector: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    titles: tuple[str, ...] = ()

    def holds(self, when: dt.date | None) -> bool:
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One named actor, a country or a seat of government."""

    name: str
    type: str  # PERSON | ORG | GPE
    roles: tuple[Role, ...]
    aliases: tuple[str, ...] = ()

    def role(self, when: dt.date | None) -> Role:
        """The role valid at `when`; the latest one when none is (or no date is known)."""
        for role in self.roles:
            if role.holds(when):
                return role
        if when is not None:
            earlier = [r for r in self.roles if r.start is None or r.start <= when]
            if earlier:
                return earlier[-1]
        return self.roles[-1]


@dataclass(frozen=True, slots=True)
class CountryWord:
    """A word that points at a country: its name, an adjective, its people, or a seat."""

    country: str
    kind: str  # name | adjective | people | seat
    entry: Entry


@dataclass
class KnowledgeBase:
    """Every term eventwire can resolve, keyed by the exact text articles use."""

    terms: dict[str, Entry | CountryWord] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    modifier_sectors: dict[str, str] = field(default_factory=dict)
    """Words that add a sector to the phrase they modify ("health" ministry -> MED)."""
    countries: dict[str, Entry] = field(default_factory=dict)
    titles: dict[str, list[Entry]] = field(default_factory=dict)

    def add_entry(self, entry: Entry) -> None:
        for alias in (entry.name, *entry.aliases):
            self.terms[alias] = entry
        for role in entry.roles:
            for title in role.titles:
                holders = self.titles.setdefault(title, [])
                if entry not in holders:
                    holders.append(entry)


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _entry(raw: dict, where: str) -> Entry:
    if not isinstance(raw, dict) or not raw.get("name"):
        raise SettingsError(Errors.E003.format(key=where, reason="each actor needs a 'name'"))
    roles = tuple(
        Role(
            country=r.get("country", raw.get("country")),
            sector=r.get("sector", raw.get("sector")),
            start=_date(r.get("start")),
            end=_date(r.get("end")),
            titles=tuple(r.get("titles", ())),
        )
        for r in raw.get("roles") or [{}]
    )
    return Entry(
        name=raw["name"],
        type=raw.get("type", "ORG"),
        roles=roles,
        aliases=tuple(raw.get("aliases") or ()),
    )


def _load_yaml(path: Path | object) -> object:
    """libyaml's loader where it is built: leaders.yaml takes 2 s in pure Python."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def _country_entries() -> dict[str, Entry]:
    """One entry per country from pycountry, named by its common name."""
    entries = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        entries[c.alpha_3] = Entry(name=name, type="GPE", roles=(Role(c.alpha_3, None),))
    entries["KOS"] = Entry(name="Kosovo", type="GPE", roles=(Role("KOS", None),))
    entries["PSE"] = Entry(name="Palestine", type="GPE", roles=(Role("PSE", None),))
    return entries


def load_actors_file(path: str | Path) -> list[Entry]:
    """Read a user actors file (same format as data/actors.yaml)."""
    path = Path(path)
    try:
        raw = _load_yaml(path)
    except (OSError, yaml.YAMLError) as err:
        raise SettingsError(Errors.E003.format(key="actors_file", reason=f"{path}: {err}")) from err
    if not isinstance(raw, list):
        raise SettingsError(Errors.E003.format(key="actors_file", reason=f"{path}: not a list"))
    return [_entry(item, f"actors_file {path}") for item in raw]


@lru_cache(maxsize=8)
def load(actors_file: str | None = None) -> KnowledgeBase:
    """The knowledge base: packaged data, then the user's file on top."""
    kb = KnowledgeBase(countries=_country_entries())
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", c.name)}:
            if "," not in name:  # "Korea, Republic of" is no way to write a name in prose
                kb.terms[name] = CountryWord(c.alpha_3, "name", kb.countries[c.alpha_3])
    for alpha3, words in _load_yaml(DATA / "country_words.yaml").items():
        entry = kb.countries[alpha3]
        for key, kind in KINDS.items():
            for word in words.get(key, ()):
                kb.terms[word] = CountryWord(alpha3, kind, entry)
        for adjective in words.get("adjectives", ()):
            if adjective.endswith(("an", "i")) and f"{adjective}s" not in kb.terms:
                kb.terms[f"{adjective}s"] = CountryWord(alpha3, "people", entry)  # Kenyans
    sectors = _load_yaml(DATA / "sectors.yaml")
    kb.modifier_sectors = {str(k).lower(): v for k, v in sectors.pop("modifiers", {}).items()}
    for sector, words in sectors.items():
        for word in words:
            kb.sectors[str(word).lower()] = sector
    entries = [
        _entry(raw, name)
        for name in ACTOR_FILES
        if (DATA / name).is_file()
        for raw in _load_yaml(DATA / name)
    ]
    if actors_file:
        entries += load_actors_file(actors_file)
    for entry in entries:
        kb.add_entry(entry)
    return kb
