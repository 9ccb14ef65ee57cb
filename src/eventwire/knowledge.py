"""The actor knowledge base: countries and their words, named actors, role nouns.

Loaded once per process from the package data files (and an optional user file),
so that every lookup during extraction is a dict access or a PhraseMatcher hit.
"""

from __future__ import annotations

import datetime as dt
import json
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
PETRARCH_FILE = "petrarch_actors.yaml"
"""Named actors to 2014 converted from PETRARCH2's dictionaries (MIT, Open Event Data
Alliance; scripts/convert_petrarch.py): tens of thousands of people and organisations
with dated offices, which reach back before the hand-kept files. The lowest layer: a
packaged or user entry with one of its names wins."""
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
    lowest: LowestLayer | None = None
    """Named actors no other layer has (PETRARCH2's, to 2014): see `lookup`."""

    def add_entry(self, entry: Entry) -> None:
        for alias in (entry.name, *entry.aliases):
            self.terms[alias] = entry
        for role in entry.roles:
            for title in role.titles:
                holders = self.titles.setdefault(title, [])
                if entry not in holders:
                    holders.append(entry)

    def lookup(self, term: str) -> Entry | CountryWord | None:
        """What a term names: the matched layers first, then the lowest layer."""
        found = self.terms.get(term)
        if found is None and self.lowest is not None:
            found = self.lowest.get(term)
        return found


@dataclass
class LowestLayer:
    """The PETRARCH2 actors, looked up rather than matched: 25,000 entries in the actor
    stage's PhraseMatcher cost 7 s and 90 MB at start-up, so the stage asks this layer
    only about the names NER finds and no other layer knows, and an entry is built from
    its line of the file the first time it is asked for (line: one JSON entry).

    `index` maps each name nothing else claims to its line, or to the packaged or user
    entry it is another spelling of (see `lowest_layer`)."""

    lines: list[str]
    index: dict[str, int | Entry]
    built: dict[int, Entry] = field(default_factory=dict)

    def get(self, term: str) -> Entry | None:
        hit = self.index.get(term)
        if hit is None or isinstance(hit, Entry):
            return hit
        entry = self.built.get(hit)
        if entry is None:
            entry = self.built[hit] = _entry(json.loads(self.lines[hit]), PETRARCH_FILE)
        return entry

    def __len__(self) -> int:
        return len(self.lines)


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


def load_json_yaml(path: Path | object) -> object:
    """A data file written as JSON under YAML comments (JSON is YAML): the json module
    reads petrarch_actors.yaml's 25,000 entries in a fifth of a second, where even
    libyaml's loader takes seconds. Any other YAML goes to the YAML loader."""
    text = path.read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    try:
        return json.loads(body)
    except ValueError:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


NAME_PREFIX, ALIASES_PREFIX = '{"name": ', ', "aliases": '
_decode = json.JSONDecoder().raw_decode


def _names(line: str) -> tuple[str, ...]:
    """The name and aliases of one JSON entry line, read from its start without
    parsing the rest (the roles), as convert_petrarch.py writes them first."""
    if not line.startswith(NAME_PREFIX):
        raw = json.loads(line)
        return (raw["name"], *(raw.get("aliases") or ()))
    name, end = _decode(line, len(NAME_PREFIX))
    if line.startswith(ALIASES_PREFIX, end):
        aliases, _ = _decode(line, end + len(ALIASES_PREFIX))
        return (name, *aliases)
    return (name,)


@lru_cache(maxsize=1)
def _petrarch_lines() -> tuple[list[str], list[tuple[str, ...]]]:
    """The PETRARCH2 file's entries, one JSON object a line, and each entry's names
    (empty when the file is absent). Read once per process; an entry's roles are
    parsed when it is first looked up. A file not written one entry a line (edited by
    hand in YAML) is parsed whole instead."""
    path = DATA / PETRARCH_FILE
    if not path.is_file():
        return [], []
    text = path.read_text(encoding="utf-8")
    lines = [line.rstrip().removesuffix(",") for line in text.splitlines() if line[:1] == "{"]
    if not lines and text.strip():
        lines = [json.dumps(raw, default=str) for raw in load_json_yaml(path)]
    return lines, [_names(line) for line in lines]


def lowest_layer(terms: dict[str, Entry | CountryWord]) -> LowestLayer:
    """The PETRARCH2 layer under `terms` (the packaged and user layers): its names that
    `terms` lacks. An entry whose name, or an alias of more than one word, already
    names an actor there is that actor (newer, kept by hand): its other spellings
    ("Husni Mubarak") point to the existing entry, and its own roles are not used. A
    single-word alias that is taken ("Assad") says too little to tell."""
    lines, names = _petrarch_lines()
    index: dict[str, int | Entry] = {}
    for i, entry_names in enumerate(names):
        owner = next(
            (
                found
                for k, name in enumerate(entry_names)
                if (k == 0 or " " in name) and isinstance(found := terms.get(name), Entry)
            ),
            None,
        )
        for name in entry_names:
            if name not in terms and name not in index:
                index[name] = owner or i
    return LowestLayer(lines, index)


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
    """The knowledge base: packaged data, then the user's file on top; under both, the
    PETRARCH2 actors with the names neither claims (`KnowledgeBase.lookup`)."""
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
    kb.lowest = lowest_layer(kb.terms)
    return kb
