"""The places layer (`doc._.toponyms`, Document.places): finding and resolving every
toponym of an article, on invented sentences."""

from __future__ import annotations

import pytest

from eventwire.gazetteer import haversine_km


def places(pipeline, text: str, published: str | None = None) -> dict:
    doc = pipeline.extract(text, published=published)
    return {p.text: p for p in doc.places}


def near(place, lat: float, lon: float, km: float = 161) -> bool:
    return place.lat is not None and haversine_km(place.lat, place.lon, lat, lon) <= km


def test_dateline_and_region_disambiguate_tripoli(pipeline) -> None:
    found = places(pipeline, "TRIPOLI, Lebanon (Reuters) - Clashes erupted near Zgharta on Monday.")
    tripoli = found["TRIPOLI"]
    assert tripoli.country == "LBN" and near(tripoli, 34.44, 35.85)
    assert tripoli.basis == "pattern" and tripoli.geonameid == 266826
    assert found["Zgharta"].country == "LBN"


def test_capital_by_default(pipeline) -> None:
    tripoli = places(pipeline, "Armed groups clashed in Tripoli overnight.")["Tripoli"]
    assert tripoli.country == "LBY" and tripoli.feature_code == "PPLC"
    assert tripoli.basis == "population" and 0 < tripoli.score <= 1


def test_article_context_picks_the_reading(pipeline) -> None:
    text = (
        "Tripoli's port reopened on Tuesday after Lebanese troops deployed along the "
        "northern coast near Batroun. In Beirut, ministers met."
    )
    found = places(pipeline, text)
    assert found["Tripoli"].country == "LBN"
    assert found["Lebanese"].kind == "adjective" and found["Lebanese"].country == "LBN"


def test_fields_of_a_town(pipeline) -> None:
    text = "Officials in San Jose, California, approved the budget."
    san_jose = places(pipeline, text)["San Jose"]
    assert (san_jose.country, san_jose.admin1, san_jose.admin2) == (
        "USA",
        "California",
        "Santa Clara County",
    )
    assert san_jose.precision == "town" and san_jose.feature_code == "PPL"
    assert near(san_jose, 37.34, -121.89, 20)


def test_demonyms_locate(pipeline) -> None:
    found = places(pipeline, "Turkish troops shelled villages near the Syrian border.")
    assert found["Turkish"].country == "TUR" and found["Turkish"].precision == "country"
    assert found["Syrian"].country == "SYR" and found["Syrian"].kind == "adjective"


def test_us_state_next_to_its_towns(pipeline) -> None:
    text = (
        "Voters in Savannah and Macon lined up for the Georgia runoff, officials in Atlanta said."
    )
    found = places(pipeline, text)
    assert found["Georgia"].country == "USA" and found["Georgia"].feature_code == "ADM1"
    assert near(found["Macon"], 32.84, -83.63)


@pytest.mark.parametrize("word", ["Reading", "Of", "Split", "Nice"])
def test_common_words_need_evidence(pipeline, word: str) -> None:
    found = places(pipeline, f"{word} the statement aloud, the minister smiled.")
    assert word not in found


def test_common_word_place_with_evidence(pipeline) -> None:
    found = places(pipeline, "Students marched through Split and Zagreb on Friday.")
    assert found["Split"].country == "HRV"
    found = places(pipeline, "The council of Mobile, Alabama voted on Tuesday.")
    assert found["Mobile"].country == "USA" and found["Mobile"].admin1 == "Alabama"


def test_names_the_ner_misses(pipeline) -> None:
    # small towns after a locative preposition or a place noun, whatever the NER says
    text = "Floods cut off the town of Hola after the river burst its banks near Bura."
    found = places(pipeline, text)
    assert found["Hola"].country == "KEN" and found["Hola"].basis in (
        "unique name",
        "nearby places",
    )
    assert "Bura" in found


def test_division_noun_prefers_the_division(pipeline) -> None:
    found = places(pipeline, "Landslides hit Badakhshan province on Sunday.")
    assert found["Badakhshan"].feature_code == "ADM1" and found["Badakhshan"].country == "AFG"


def test_person_name_is_not_a_place(pipeline) -> None:
    found = places(pipeline, "George Washington's letters were sold at auction.")
    assert "Washington" not in found and "George Washington" not in found


def test_unknown_place_keeps_text(pipeline) -> None:
    found = places(pipeline, "Aid reached the Qwzxplace camp in Sudan on Monday.")
    assert found["Sudan"].country == "SDN"
    assert all(p.lat is None for t, p in found.items() if "Qwzxplace" in t)


def test_spans_point_into_the_text(pipeline) -> None:
    text = "NAIROBI, Dec 1 (Reuters) - Kenyan police fired tear gas in Eldoret and Nakuru."
    for place in pipeline.extract(text).places:
        assert text[place.span[0] : place.span[1]] == place.text


def test_lowercase_text(pipeline) -> None:
    text = (
        "peshawar: gunmen attacked a police checkpost in bannu on tuesday night, killing "
        "three policemen, officials in khyber pakhtunkhwa said. traders in parts of the "
        "city said the afghan border had been closed."
    )
    found = places(pipeline, text)
    assert near(found["peshawar"], 34.01, 71.58) and found["peshawar"].country == "PAK"
    assert near(found["bannu"], 32.99, 70.60)
    assert found["khyber pakhtunkhwa"].country == "PAK"
    assert found["afghan"].country == "AFG" and found["afghan"].kind == "adjective"
    assert "parts" not in found and "city" not in found  # ordinary words stay words


def test_situation_report_headings(pipeline) -> None:
    text = (
        "UKRAINE - DAILY UPDATE\n"
        "- Zaporizhzhia: two killed in a missile strike on an industrial site.\n"
        "- Huliaipole: heavy shelling reported along the front line.\n"
    )
    found = places(pipeline, text)
    assert near(found["Zaporizhzhia"], 47.84, 35.14)
    assert near(found["Huliaipole"], 47.66, 36.26)


def test_state_abbreviation_after_a_comma(pipeline) -> None:
    found = places(pipeline, "SPRINGFIELD, Mo. - Commissioners approved a new jail on Monday.")
    assert found["Mo."].name == "Missouri" and found["Mo."].feature_code == "ADM1"
    assert found["SPRINGFIELD"].admin1 == "Missouri"


def test_demonym_inside_a_longer_name(pipeline) -> None:
    found = places(pipeline, "Police imposed a curfew in Spanish Town and near Kingston, Jamaica.")
    assert found["Spanish Town"].country == "JAM"
    found = places(pipeline, "British Columbia's wildfire service ordered evacuations.")
    assert found["British Columbia"].country == "CAN"


def test_coordinated_demonyms(pipeline) -> None:
    found = places(pipeline, "Kyrgyz and Tajik border guards exchanged fire near Batken.")
    assert found["Kyrgyz"].country == "KGZ" and found["Tajik"].country == "TJK"


def test_hyphens_and_possessives_inside_names(pipeline) -> None:
    text = (
        "Gangs burned homes in Croix-des-Bouquets. Refugees in Cox's Bazar waited. "
        "Floods hit KwaZulu-Natal."
    )
    found = places(pipeline, text)
    assert found["Croix-des-Bouquets"].country == "HTI"
    assert found["Cox's Bazar"].country == "BGD"
    assert found["KwaZulu-Natal"].country == "ZAF"


def test_capital_the_ner_calls_a_person(pipeline) -> None:
    found = places(pipeline, "Kurdish officials said. Ankara said it had struck militants.")
    assert found["Ankara"].country == "TUR"


def test_unknown_name_placed_by_its_neighbour(pipeline) -> None:
    text = "Police in Hyderabad arrested 14 people after clashes near the Charminar on Sunday."
    found = places(pipeline, text)
    charminar = found["Charminar"]
    assert charminar.basis == "nearby places" and charminar.precision == "region"
    assert charminar.geonameid is None and charminar.score < 0.5
    assert (charminar.lat, charminar.lon) == (found["Hyderabad"].lat, found["Hyderabad"].lon)


def test_learned_weights_are_shipped() -> None:
    from eventwire.pipeline import toponyms

    weights = toponyms.ranker_weights()
    assert set(weights) == set(toponyms.WEIGHTS)
    assert weights != toponyms.WEIGHTS  # the file's, not the hand-set defaults
    assert weights["pattern"] > weights["population"] > 0
