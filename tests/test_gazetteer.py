"""The compact GeoNames index of the places layer (data/geonames.npz)."""

from __future__ import annotations

import time
import tracemalloc
from importlib import resources

import pytest

from eventwire import gazetteer
from eventwire.gazetteer import FEATURE_CODES, GeoNames, haversine_km, name_hash, normalize


@pytest.fixture(scope="module")
def geo() -> GeoNames:
    return gazetteer.geonames()


def test_size_and_kinds(geo: GeoNames) -> None:
    # cities500 (~235,000 towns) plus their divisions and the countries
    assert len(geo) > 240_000
    kinds = {FEATURE_CODES[int(f)] for f in set(geo.feature.tolist())}
    assert kinds == set(FEATURE_CODES)


def test_ambiguous_name_has_each_reading(geo: GeoNames) -> None:
    found = {(p.country, p.feature_code) for p in geo.lookup("Tripoli")}
    assert ("LBY", "PPLC") in found and ("LBN", "PPL") in found


def test_lookup_is_accent_and_case_free(geo: GeoNames) -> None:
    assert {p.geonameid for p in geo.lookup("CÓRDOBA")} == {
        p.geonameid for p in geo.lookup("cordoba")
    }
    assert any(p.country == "ESP" for p in geo.lookup("Córdoba"))


def test_alternate_names_are_indexed(geo: GeoNames) -> None:
    # GeoNames' main name is the local spelling; the English one is an alternate
    seville = [p for p in geo.lookup("Seville") if p.country == "ESP"]
    assert seville and seville[0].name == "Sevilla" and not seville[0].main


def test_admin_names_for_small_towns(geo: GeoNames) -> None:
    hola = geo.lookup("Hola")
    kenya = [p for p in hola if p.country == "KEN"]
    assert kenya and kenya[0].admin1 == "Tana River"
    san_jose = next(p for p in geo.lookup("San Jose") if p.country == "USA")
    assert (san_jose.admin1, san_jose.admin2) == ("California", "Santa Clara County")


def test_divisions_are_places(geo: GeoNames) -> None:
    punjab = {p.country for p in geo.lookup("Punjab") if p.feature_code == "ADM1"}
    assert punjab == {"IND", "PAK"}
    texas = geo.lookup("Texas")[0]
    assert texas.feature_code == "ADM1" and texas.precision == "admin1"
    assert haversine_km(texas.lat, texas.lon, 31.25, -99.25) < 300  # GeoNames' point


def test_country_points_are_representative(geo: GeoNames) -> None:
    # the reference point of each country (countryinfo: Kenya 1,38; Sudan 15,30;
    # Russia 60,100), not the middle of its towns, which crowd European Russia
    kenya, sudan = geo.country_place("KEN"), geo.country_place("SDN")
    assert haversine_km(kenya.lat, kenya.lon, 1.0, 38.0) < 50
    assert haversine_km(sudan.lat, sudan.lon, 15.0, 30.0) < 50
    russia = geo.country_place("RUS")
    assert haversine_km(russia.lat, russia.lon, 60.0, 100.0) < 50
    assert geo.country_place("XXX") is None


def test_division_names_without_their_generic_words(geo: GeoNames) -> None:
    # GeoNames' admin names carry "Province of", "Provincia de", "... District"
    cagayan = [p for p in geo.lookup("Cagayan") if p.feature_code == "ADM2"]
    assert cagayan and cagayan[0].country == "PHL" and not cagayan[0].main


def test_unknown_name(geo: GeoNames) -> None:
    assert geo.lookup("Qwzxplace") == [] and not geo.has(normalize("Qwzxplace"))
    assert geo.lookup("") == []


def test_name_hash_is_stable() -> None:
    # the shipped index depends on it: a different hash would silently find nothing
    assert name_hash("tripoli") == 0xE7CBD3D96D8DD576


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    assert abs(haversine_km(0, 0, 0, 1) - 111.19) < 0.1


def test_loads_fast_and_small() -> None:
    """Start-up under 2 s and under 200 MB of memory: a fresh index from the packaged
    file, timed, then measured by tracemalloc (numpy's arrays included; tracing slows
    the load, so the two are separate)."""
    path = resources.files("eventwire").joinpath(gazetteer.GEONAMES_FILE)
    with resources.as_file(path) as real:
        start = time.perf_counter()
        GeoNames(real).lookup("Tripoli")
        seconds = time.perf_counter() - start
        tracemalloc.start()
        try:
            GeoNames(real).lookup("Tripoli")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak / 1e6 < 200
    assert seconds < 4  # about 1 s on an idle machine; the test machine is shared
