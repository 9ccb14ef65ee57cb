"""Place stage: toponyms resolved against the offline gazetteer, and an event's place.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Token

from eventwire import gazetteer
from eventwire.pipeline.place import PlaceResolver, event_place
from eventwire.records import Article, Place


def annotate(pipeline, text: str) -> Doc:
    return pipeline.annotate(Article.make(text, published="2025-03-05"))


def place(doc: Doc, text: str) -> Place:
    found = [p for p in doc._.places if p.text == text]
    assert found, f"{text!r} not among {[p.text for p in doc._.places]}"
    return found[0]


def word(doc: Doc, text: str) -> Token:
    return next(t for t in doc if t.text == text)


# --- the gazetteer ----------------------------------------------------------------------


def test_gazetteer_is_built_once_per_process():
    assert gazetteer.load() is gazetteer.load()
    assert gazetteer.load_with(None) is gazetteer.load()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("the Gaza Strip", "gaza strip"),
        ("U.S.", "us"),
        ("Ţūlkarm", "tulkarm"),
        ("Deir al-Balah", "deir al balah"),
    ],
)
def test_normalize_ignores_case_accents_dots_and_the(text, key):
    assert gazetteer.normalize(text) == key


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Palestine", "PSE"),
        ("Kosovo", "KOS"),
        ("Britain", "GBR"),
        ("Russia", "RUS"),
        ("DRC", "COD"),
    ],
)
def test_countries_use_plover_alpha3(name, country):
    entry = gazetteer.load().resolve(name)
    assert entry.country == country
    assert entry.precision == "country"
    assert entry.lat is not None and entry.lon is not None


def test_context_picks_among_namesakes_but_not_against_a_capital():
    gaz = gazetteer.load()
    assert gaz.resolve("Tripoli").country == "LBY"
    assert gaz.resolve("Tripoli", {"LBN": 1}).country == "LBN"
    # A US-heavy article does not make Odessa the Texan town.
    assert gaz.resolve("Odessa").country == "UKR"
    assert gaz.resolve("Hyderabad", {"PAK": 2}).country == "PAK"


# --- doc._.places -----------------------------------------------------------------------


def test_curated_region_wins_over_the_ner_span(pipeline):
    doc = annotate(pipeline, "Overnight, Israeli airstrikes on northern Gaza killed 14 people.")
    gaza = place(doc, "northern Gaza")
    assert (gaza.country, gaza.precision) == ("PSE", "region")
    assert gaza.lat == pytest.approx(31.54, abs=0.05)
    assert gaza.lon == pytest.approx(34.50, abs=0.05)
    assert [p.text for p in doc._.places] == ["northern Gaza"]  # "Israeli" is no place


def test_demonyms_are_not_places(pipeline):
    doc = annotate(pipeline, "Israeli and Egyptian negotiators met again on Tuesday.")
    assert doc._.places == []


def test_places_are_in_text_order_and_point_at_their_text(pipeline):
    text = "Envoys left Cairo for Doha, Qatar, while fighting raged in the West Bank and Sudan."
    doc = annotate(pipeline, text)
    starts = [p.span[0] for p in doc._.places]
    assert starts == sorted(starts)
    for p in doc._.places:
        assert text[p.span[0] : p.span[1]] == p.text
    assert place(doc, "West Bank").country == "PSE"
    assert place(doc, "Sudan").precision == "country"
    doha = place(doc, "Doha")
    assert (doha.country, doha.precision) == ("QAT", "town")


def test_washington_is_the_capital(pipeline):
    doc = annotate(pipeline, "A senior aide is already in Washington for talks with senators.")
    washington = place(doc, "Washington")
    assert (washington.country, washington.admin1) == ("USA", "District of Columbia")
    assert washington.precision == "town"
    assert washington.lat == pytest.approx(38.9, abs=0.1)
    assert washington.lon == pytest.approx(-77.04, abs=0.1)


@pytest.mark.parametrize(
    ("text", "seat", "city", "country"),
    [
        ("The envoy met officials in the Kremlin on Friday.", "Kremlin", "Moscow", "RUS"),
        (
            "Protesters gathered outside Downing Street on Saturday.",
            "Downing Street",
            "London",
            "GBR",
        ),
    ],
)
def test_seats_of_government_resolve_to_their_city(pipeline, text, seat, city, country):
    found = place(annotate(pipeline, text), seat)
    assert (found.name, found.country, found.precision) == (city, country, "town")


def test_organizations_named_after_a_seat_are_not_places(pipeline):
    doc = annotate(pipeline, "White House officials said the plan was under review.")
    assert doc._.places == []


@pytest.mark.parametrize(
    ("text", "country", "lat"),
    [
        (
            "Lebanon's army sent reinforcements after clashes in Tripoli left three dead.",
            "LBN",
            34.43,
        ),
        ("Rival militias clashed in Tripoli on Friday, leaving four fighters dead.", "LBY", 32.89),
    ],
)
def test_ambiguous_city_follows_the_article(pipeline, text, country, lat):
    tripoli = place(annotate(pipeline, text), "Tripoli")
    assert tripoli.country == country
    assert tripoli.lat == pytest.approx(lat, abs=0.05)


def test_region_noun_and_nearness_make_a_region(pipeline):
    doc = annotate(pipeline, "Drones struck an oil depot in the Kursk region on Tuesday.")
    kursk = place(doc, "Kursk region")
    assert (kursk.country, kursk.precision) == ("RUS", "region")
    assert kursk.lat == pytest.approx(51.73, abs=0.05)
    doc = annotate(pipeline, "Heavy fighting continued near Pokrovsk as troops dug in.")
    pokrovsk = place(doc, "Pokrovsk")
    assert (pokrovsk.country, pokrovsk.precision) == ("UKR", "region")


def test_place_after_a_preposition_is_found_whatever_the_ner_says(pipeline):
    # The small model tags Kherson as a PERSON here.
    doc = annotate(pipeline, "Artillery fire hit the southern city of Kherson overnight.")
    kherson = place(doc, "Kherson")
    assert (kherson.country, kherson.precision) == ("UKR", "town")
    assert kherson.lon == pytest.approx(32.61, abs=0.05)


def test_unknown_toponym_keeps_its_text(pipeline):
    text = "Police fired tear gas at demonstrators in the town of Qorvath."
    qorvath = place(annotate(pipeline, text), "Qorvath")
    assert qorvath.name is None and qorvath.country is None
    assert qorvath.lat is None and qorvath.precision is None
    assert text[qorvath.span[0] : qorvath.span[1]] == "Qorvath"


def test_places_file_adds_and_overrides(pipeline, nlp, tmp_path):
    user = tmp_path / "places.yaml"
    user.write_text(
        "places:\n"
        "  - {name: Qorvath, country: XQZ, lat: 10.5, lon: 20.25, precision: town}\n"
        "  - {name: Gaza City, aliases: [Gaza], country: PSE, lat: 31.5, lon: 34.47,"
        " precision: town}\n",
        encoding="utf-8",
    )
    resolver = PlaceResolver(nlp, "user_places", places_file=str(user))
    doc = resolver(annotate(pipeline, "Aid reached Qorvath after convoys left Gaza."))
    qorvath = place(doc, "Qorvath")
    assert (qorvath.country, qorvath.lat, qorvath.lon) == ("XQZ", 10.5, 20.25)
    assert place(doc, "Gaza").name == "Gaza City"
    # The packaged gazetteer is untouched.
    assert gazetteer.load().resolve("Gaza").name == "Gaza Strip"


# --- event_place ------------------------------------------------------------------------


def test_event_place_from_the_subjects_prepositional_phrase(pipeline):
    doc = annotate(pipeline, "Overnight, Israeli airstrikes on northern Gaza killed 14 people.")
    found = event_place(doc, word(doc, "killed"))
    assert (found.text, found.country) == ("northern Gaza", "PSE")


def test_event_place_at_a_seat_of_government(pipeline):
    doc = annotate(pipeline, "The president will host the Jordanian king at the White House.")
    found = event_place(doc, word(doc, "host"))
    assert (found.name, found.country, found.precision) == ("Washington, D.C.", "USA", "town")


def test_event_place_of_a_nominal_trigger(pipeline):
    doc = annotate(pipeline, "Clashes in Tripoli left three dead, Libyan officials said.")
    found = event_place(doc, word(doc, "Clashes"))
    assert (found.text, found.country) == ("Tripoli", "LBY")


def test_event_place_shared_with_the_governing_clause(pipeline):
    doc = annotate(pipeline, "Gunmen stormed into Maiduguri, killing 30 people.")
    found = event_place(doc, word(doc, "killing"))
    assert (found.text, found.country) == ("Maiduguri", "NGA")


def test_event_place_nested_in_an_object(pipeline):
    doc = annotate(pipeline, "Gunmen killed five people at a checkpoint outside Kabul.")
    found = event_place(doc, word(doc, "killed"))
    assert (found.text, found.country, found.precision) == ("Kabul", "AFG", "region")


def test_the_actor_is_not_the_place(pipeline):
    doc = annotate(pipeline, "Iran launched drones at dawn.")
    assert event_place(doc, word(doc, "launched")) is None
    doc = annotate(pipeline, "Israel began a military campaign across Gaza.")
    assert event_place(doc, word(doc, "began")).text == "Gaza"


def test_event_place_is_never_borrowed_from_another_sentence(pipeline):
    doc = annotate(pipeline, "Talks were held in Cairo. The ministers signed the deal.")
    assert event_place(doc, word(doc, "held")).text == "Cairo"
    assert event_place(doc, word(doc, "signed")) is None


def test_seed_article(pipeline, shared_dir):
    text = (shared_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    doc = pipeline.annotate(Article.make(text, published="2025-07-01"))
    killed = next(t for t in doc if t.text == "killed" and "airstrikes" in t.sent.text)
    assert event_place(doc, killed).name == "northern Gaza"
    host = next(t for t in doc if t.text == "host")
    assert event_place(doc, host).name == "Washington, D.C."
    assert {p.country for p in doc._.places if p.text == "Washington"} == {"USA"}


@pytest.mark.parametrize(
    ("text", "village", "country"),
    [
        ("Police arrested 12 people in Zurmi on Monday.", "Zurmi", "NGA"),
        ("Gunmen attacked the village of Zurmi on Sunday, killing five people.", "Zurmi", "NGA"),
    ],
)
def test_a_village_only_the_places_layer_knows_locates_the_event(
    rules_pipeline, text, village, country
):
    """Zurmi (a few thousand people) is not among the city gazetteer's towns: the places
    layer's GeoNames index resolves it, and the event's place and its role-only actor's
    country come from there."""
    (event,) = rules_pipeline.extract(text, published="2025-03-02").events
    assert (event.location.name, event.location.country) == (village, country)
    assert [(a.country, a.basis) for a in event.actor] == [(country, "context")]
