"""Figures stage: value forms, hedges, categories, who, sources, dates, non-figures,
and the counts handed to the events stage. All sentences are invented for these tests."""

from __future__ import annotations

import pytest

from eventwire.pipeline import figures as figures_module
from eventwire.pipeline import temporal
from eventwire.pipeline.figures import load_lexicon, magnitudes
from eventwire.records import Article, Figure, Magnitude, When


@pytest.fixture
def find(pipeline):
    def run(text: str) -> list[Figure]:
        return pipeline.annotate(Article.make(text, published="2025-03-05"))._.figures

    return run


def only(figures: list[Figure]) -> Figure:
    assert len(figures) == 1, figures
    return figures[0]


# -- values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Shelling of the port town killed 1,450 people last winter.", 1450),
        ("Forty villagers were killed when the dam burst under fire.", 40),
        ("Twenty-three sailors were wounded in the torpedo strike.", 23),
        ("Guards detained a dozen smugglers at the crossing.", 12),
        ("The war has displaced 3.4 million people across the region.", 3_400_000),
        ("Police arrested two hundred and fifty dock workers on Tuesday.", 250),
        ("The storm forced 800000 residents to flee inland.", 800_000),
    ],
)
def test_value_forms(find, text, value):
    assert only(find(text)).value == value


def test_vague_plurals_are_kept_as_lower_bounds(find):
    figure = only(find("Hundreds of families fled the valley after the raid."))
    assert (figure.value, figure.qualifier, figure.category) == (200, "at least", "displaced")
    figure = only(find("Tens of thousands of residents were evacuated before the offensive."))
    assert (figure.value, figure.qualifier, figure.who) == (20_000, "at least", "residents")
    figure = only(find("The mortar barrage left dozens injured."))
    assert (figure.value, figure.qualifier, figure.category) == (24, "at least", "injured")


def test_range_gives_its_lower_end(find):
    figure = only(find("Between 30 and 35 miners were killed when the tunnel was bombed."))
    assert (figure.value, figure.qualifier) == (30, "at least")


def test_change_gives_the_new_number(find):
    figure = only(find("The death toll from the ferry sinking climbed from 12 to 18 people."))
    assert (figure.value, figure.category) == (18, "killed")


# -- qualifiers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hedge", "qualifier"),
    [
        ("At least", "at least"),
        ("More than", "more than"),
        ("Over", "more than"),
        ("Around", "about"),
        ("About", "about"),
        ("Some", "about"),
        ("Nearly", "nearly"),
        ("Almost", "nearly"),
        ("Up to", "up to"),
    ],
)
def test_qualifiers_are_normalized(find, hedge, qualifier):
    figure = only(find(f"{hedge} 70 protesters were arrested in the capital on Friday."))
    assert (figure.value, figure.qualifier, figure.category) == (70, qualifier, "arrested")


def test_unhedged_number_has_no_qualifier(find):
    assert only(find("Police arrested 70 protesters in the capital.")).qualifier is None


def test_hedge_on_the_counted_noun(find):
    text = "Nearly the whole population of 1.8 million has been displaced by the fighting."
    figure = only(find(text))
    assert (figure.value, figure.qualifier, figure.category) == (1_800_000, "nearly", "displaced")


# -- categories ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "category"),
    [
        ("Drone strikes killed 31 fighters near the airfield.", 31, "killed"),
        ("Rebels stormed the garrison, killing about 90 soldiers.", 90, "killed"),
        ("Eight hikers died in the avalanche that followed the blast.", 8, "killed"),
        ("The car bomb left 15 dead outside the ministry.", 15, "killed"),
        ("Nineteen people were reported killed in the clashes.", 19, "killed"),
        ("The bodies of 26 migrants were recovered from the lorry.", 26, "killed"),
        ("The death toll from the bombing rose to 64 on Wednesday.", 64, "killed"),
        ("The blast wounded 47 commuters at the station.", 47, "injured"),
        ("A dozen wounded soldiers were flown to the capital.", 12, "injured"),
        ("Seven fishermen remain missing after the navy opened fire.", 7, "missing"),
        ("The militia is holding 33 hostages in the old fort.", 33, "hostages"),
        ("Bandits kidnapped 18 pupils from the boarding school.", 18, "abducted"),
        ("Security forces detained 120 students after the march.", 120, "arrested"),
        ("About 6,000 villagers have fled across the river.", 6000, "displaced"),
        ("Aid agencies are feeding 9,500 displaced families in the camps.", 9500, "displaced"),
        ("Nearly 40,000 residents were forced to flee the shelling.", 40_000, "displaced"),
        ("The navy evacuated 2,300 foreign nationals from the harbour.", 2300, "evacuated"),
        ("The junta freed 41 political prisoners on Sunday.", 41, "released"),
        ("The drought has affected 1.5 million herders in the north.", 1_500_000, "affected"),
    ],
)
def test_categories_from_the_parse(find, text, value, category):
    figure = only(find(text))
    assert (figure.value, figure.category) == (value, category)


def test_governing_verb_beats_the_counted_noun(find):
    """The noun says hostages, but the event is their release."""
    assert only(find("The gunmen released 14 hostages at dawn.")).category == "released"
    assert only(find("The gunmen seized 14 hostages at dawn.")).category == "hostages"


def test_active_subject_is_the_doer_not_the_count(find):
    figure = only(find("Four gunmen killed two guards at the depot."))
    assert (figure.value, figure.who) == (2, "guards")


def test_two_counts_in_one_sentence(find):
    found = find("The explosion killed 12 workers and injured 30 others at the refinery.")
    assert [(f.value, f.category) for f in found] == [(12, "killed"), (30, "injured")]


# -- who and source ------------------------------------------------------------------------


def test_who_is_the_counted_noun(find):
    assert only(find("Airstrikes killed 17 civilians in the suburbs.")).who == "civilians"
    assert only(find("Gunmen abducted 9 aid workers on the road.")).who == "aid workers"
    assert only(find("The shelling killed at least 11 in the square.")).who is None


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Over 300 marchers were detained, according to the national rights commission.",
            "national rights commission",
        ),
        ("At least 14 villagers were killed overnight, the army said.", "army"),
        ("Officials told reporters that 52 prisoners had been released.", "Officials"),
        ("Police said they had arrested 35 people after the riot.", "Police"),
        ("The interior ministry reported 27 deaths in the floods.", "interior ministry"),
        ("Mortar fire killed 6 people near the bakery.", None),
    ],
)
def test_sources(find, text, source):
    assert only(find(text)).source == source


# -- span, sentence, date ------------------------------------------------------------------


def test_span_covers_hedge_and_number(find):
    text = "The ceasefire collapsed. By nightfall at least 23 people had been killed."
    figure = only(find(text))
    assert text[figure.span[0] : figure.span[1]] == "at least 23"
    assert figure.sentence == 1


def test_span_of_a_scaled_number(find):
    text = "Officials said 2.6 million people were displaced."
    figure = only(find(text))
    assert text[figure.span[0] : figure.span[1]] == "2.6 million"


def test_date_from_the_time_layer_is_kept_when_in_the_clause(find, monkeypatch):
    text = "On Sunday, rockets killed 13 farmers. Talks resumed later."
    start = text.index("Sunday")
    when = When(text="Sunday", value="2025-03-02", precision="day", span=(start, start + 6))
    monkeypatch.setattr(temporal, "event_date", lambda doc, token: when, raising=False)
    assert only(find(text)).date == when


def test_the_publication_date_does_not_date_a_figure(pipeline):
    doc = pipeline.annotate(Article.make("Rockets killed 13 farmers.", published="2025-03-05"))
    assert only(doc._.figures).date is None


def test_a_date_narration_carries_over_dates_the_figure(pipeline):
    text = "The raid began on Sunday. Gunmen killed 13 farmers and burned their homes."
    doc = pipeline.annotate(Article.make(text, published="2025-03-05"))
    assert only(doc._.figures).date.value == "2025-03-02"
    doc = pipeline.annotate(Article.make(text.replace(". ", ".\n\n"), published="2025-03-05"))
    assert only(doc._.figures).date is None  # a new paragraph starts its own time


# -- numbers that are not figures ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The two leaders met in Oslo and signed the accord in 2019.",
        "The offensive began on March 14 and the town was shelled on 3 April.",
        "A 27-year-old nurse and a man aged 61 were questioned by police.",
        "The donors pledged $40 million and 12 million euros for reconstruction.",
        "Inflation rose 18 percent and turnout reached 64% in the runoff.",
        "It was the third attack this month and the 12th since the truce.",
        "The convoy left at 6 p.m. and travelled 90 km to the border.",
        "Resolution 2417 was adopted by 13 votes in the council.",
        "The 15 members of the council condemned the killings.",
        "The fighting killed people in 2016 and again in 2021.",
    ],
)
def test_non_figures_yield_nothing(find, text):
    assert find(text) == []


def test_no_numbers_no_figures(find):
    assert find("The minister condemned the attack and called for calm.") == []


# -- magnitudes for the events stage -------------------------------------------------------


def trigger(doc, word: str):
    return next(t for t in doc if t.text == word)


def test_magnitudes_of_a_trigger(pipeline):
    text = "Artillery fire on the market killed at least 19 people and wounded 40 on Sunday."
    doc = pipeline.annotate(Article.make(text))
    assert magnitudes(doc, trigger(doc, "killed")) == {
        "dead": Magnitude(value=19, qualifier="at least")
    }
    assert magnitudes(doc, trigger(doc, "wounded")) == {"injured": Magnitude(value=40)}


def test_magnitudes_stop_at_another_finite_clause(pipeline):
    text = "Soldiers detained 14 activists after a rally where police said 3 were hurt."
    doc = pipeline.annotate(Article.make(text))
    assert magnitudes(doc, trigger(doc, "detained")) == {"arrested": Magnitude(value=14)}


def test_magnitudes_map_hostages_and_abductions(pipeline):
    doc = pipeline.annotate(Article.make("Militants stormed the hotel, taking 37 hostages."))
    assert magnitudes(doc, trigger(doc, "stormed")) == {"abducted": Magnitude(value=37)}
    doc = pipeline.annotate(Article.make("Gunmen abducted 22 passengers from a bus."))
    assert magnitudes(doc, trigger(doc, "abducted")) == {"abducted": Magnitude(value=22)}


def test_magnitudes_through_a_relative_clause_on_the_trigger(pipeline):
    doc = pipeline.annotate(Article.make("The raid, which killed 7 fighters, was condemned."))
    assert magnitudes(doc, trigger(doc, "raid")) == {"dead": Magnitude(value=7)}


def test_magnitudes_ignore_categories_without_an_event_field(pipeline):
    doc = pipeline.annotate(Article.make("The floods displaced 5,000 people."))
    assert magnitudes(doc, trigger(doc, "displaced")) == {}


# -- data -----------------------------------------------------------------------------------


def test_cue_words_come_from_the_data_file():
    lex = load_lexicon()
    categories = set(lex.object_verbs.values()) | set(lex.nouns.values())
    for category in ("killed", "injured", "arrested", "displaced", "evacuated", "released"):
        assert category in categories
    assert lex.qualifiers[("over",)] == "more than"
    assert lex.qualifiers[("almost",)] == "nearly"
    assert lex.qualifiers[("around",)] == "about"
    assert set(figures_module.MAGNITUDE_FIELDS.values()) == {
        "dead",
        "injured",
        "arrested",
        "abducted",
    }


# -- numbers that are not counts (issue 11's audit) --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed ² villagers and wounded ① others near the market.",
        "Rebels killed infinity soldiers in the hills, the commander claimed.",
        "The army arrested " + "9" * 400 + " people in the capital on Friday.",
        "Militants abducted 123456789012345678901234567890 students from a school.",
        "Officials said 20,000,000,000 people were displaced by the fighting.",
    ],
)
def test_what_is_not_a_sane_count_is_no_figure(find, text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Police arrested ١٢ protesters in Cairo on Friday.", 12),  # Arabic-Indic digits
        ("Troops killed ४५ insurgents in the district, the army said.", 45),  # Devanagari
        ("The flooding displaced 999,999,999 people, the agency said.", 999_999_999),
        ("The fighting has displaced 1.25 million people.", 1_250_000),
    ],
)
def test_counts_in_any_decimal_digits_are_read_exactly(find, text: str, value: int) -> None:
    assert only(find(text)).value == value
