"""Event records an analyst can count (issue 13, items 1-8): the structure of a story
(headlines, datelines, page furniture), running totals as figures, counts on the act
that caused them, one incident one record, recipients that are actors, sectors from
roles, negation that is not about the event, and actors named only by a role.

Every article here is written for these tests; each family has several wordings."""

from __future__ import annotations

import pytest

from eventwire import Pipeline
from eventwire.pipeline.annotate import load_layout, read_layout
from eventwire.records import Document, Event

PUBLISHED = "2025-07-03"


def read(pipeline: Pipeline, text: str) -> Document:
    return pipeline.extract(text, published=PUBLISHED)


def of_type(document: Document, category: str) -> list[Event]:
    return [e for e in document.events if e.event == category]


def role_texts(event: Event) -> list[str]:
    return [a.text for a in (*event.actor, *event.recipient)]


# -- 1. headlines, datelines, bylines, captions ---------------------------------------


@pytest.mark.parametrize(
    ("text", "lead_words"),
    [
        (
            "Drone strike kills six near Kramatorsk\n"
            "Russian drones struck a bus depot in Kramatorsk on Tuesday, killing six workers.",
            "Russian drones",
        ),
        (
            "Army shells rebel-held villages in Rakhine\n"
            "Myanmar's military shelled two villages in Rakhine state on Friday, "
            "killing nine people, residents said.",
            "military",
        ),
        (
            "Bandits kill 11 in Zamfara raid\n"
            "Gunmen stormed a farming village in Zamfara on Sunday night, killing "
            "eleven residents, a local official said.",
            "Gunmen",
        ),
    ],
)
def test_a_headline_is_its_own_line_and_tells_the_lead_again(
    rules_pipeline: Pipeline, text: str, lead_words: str
) -> None:
    document = read(rules_pipeline, text)
    assaults = of_type(document, "ASSAULT")
    assert len(assaults) == 1, "the headline retells the lead's incident: one record"
    (attack,) = assaults
    assert all("\n" not in t for t in role_texts(attack))
    assert any(lead_words in a.text for a in attack.actor)
    assert attack.dead is not None
    headline_end = text.index("\n")
    assert attack.span[0] > headline_end


@pytest.mark.parametrize(
    ("text", "place", "agency"),
    [
        (
            "KHARTOUM (Reuters) - Sudan's army shelled a market in Omdurman on Monday, "
            "killing eight people.",
            "KHARTOUM",
            "Reuters",
        ),
        ("NEW DELHI: Police detained 23 farmers outside parliament on Monday.", "NEW DELHI", None),
        (
            "Gaza City, July 3 (AFP) - Israeli jets bombed a house in Deir al-Balah, "
            "killing four people, medics said.",
            "Gaza City",
            "AFP",
        ),
        (
            "BAMAKO, Mali (AP) — Malian soldiers arrested two journalists on Thursday.",
            "BAMAKO",
            "AP",
        ),
    ],
)
def test_a_dateline_is_no_actor_and_is_kept_on_the_doc(
    rules_pipeline: Pipeline, text: str, place: str, agency: str | None
) -> None:
    doc = rules_pipeline.annotate(text)
    line = doc._.dateline
    assert line is not None
    assert text[slice(*line["place"])] == place
    assert (text[slice(*line["agency"])] if "agency" in line else None) == agency
    event = next(e for e in doc._.events if e.event in ("ASSAULT", "COERCE"))
    end = line["span"][1]
    assert all(a.span[0] >= end for a in (*event.actor, *event.recipient))
    assert [s.start_char for s in doc.sents][1] == end


def test_the_dateline_place_is_the_default_location(rules_pipeline: Pipeline) -> None:
    document = read(
        rules_pipeline, "NAIROBI, Kenya (Reuters) - Police arrested 40 protesters on Tuesday."
    )
    (arrest,) = of_type(document, "COERCE")
    assert arrest.location is not None and arrest.location.country == "KEN"
    assert arrest.arrested is not None and arrest.arrested.value == 40


@pytest.mark.parametrize(
    "text",
    [
        "Israel - Hamas talks stall in Cairo as mediators push for a deal.",
        "Turkey: a timeline of the crisis",
    ],
)
def test_a_dash_or_colon_alone_is_no_dateline(rules_pipeline: Pipeline, text: str) -> None:
    assert rules_pipeline.annotate(text)._.dateline is None


def test_bylines_captions_and_page_debris_report_no_events(rules_pipeline: Pipeline) -> None:
    text = (
        "Rebels overrun army post in north\n"
        "By Amina Diallo and Tom Becker\n"
        "GAO, Mali (Reuters) - Rebel fighters attacked an army post near Gao on Sunday.\n"
        "Advertisement\n"
        "FILE PHOTO: Soldiers patrol after militants attacked a checkpoint in Gao, "
        "Mali, May 2, 2024. REUTERS/Staff\n"
        "Related: Protesters march in Bamako\n"
        "The army said it had sent reinforcements."
    )
    doc = rules_pipeline.annotate(text)
    furniture = [text[s:e] for s, e in doc._.furniture]
    assert any(f.startswith("By Amina") for f in furniture)
    assert "Advertisement" in furniture
    assert any(f.startswith("FILE PHOTO") for f in furniture)
    caption = text.index("FILE PHOTO")
    related = text.index("Related:")
    for event in doc._.events:
        assert not caption <= event.span[0] < text.index("The army said")
        assert not related <= event.span[0] < related + 40
    assert any(e.event == "ASSAULT" and "attacked" in e.event_text for e in doc._.events)


def test_hard_wrapped_prose_is_not_cut_at_its_line_breaks() -> None:
    text = (
        "The foreign ministers of the two countries met in Geneva on Monday and\n"
        "agreed to resume negotiations over the disputed border region next month,\n"
        "officials from both delegations told reporters after the meeting ended late\n"
        "in the evening at the lakeside hotel where the talks were held this week.\n"
    )
    _, furniture, breaks = read_layout(text, load_layout())
    assert breaks == [] and furniture == []


# -- 2. running totals are figures -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "start"),
    [
        (
            "Since the fighting began in April 2023, at least 28,000 people have been "
            "killed in Sudan, the UN said.",
            28000,
            "2023-04",
        ),
        (
            "More than 1,400 civilians have been killed since January 2024, according to "
            "the monitoring group.",
            1400,
            "2024-01",
        ),
        (
            "The conflict has killed more than 9,000 people in Ethiopia's Amhara region so "
            "far, aid agencies estimate.",
            9000,
            None,
        ),
    ],
)
def test_a_running_total_is_a_figure_not_an_attack(
    rules_pipeline: Pipeline, text: str, value: int, start: str | None
) -> None:
    document = read(rules_pipeline, text)
    assert not any(e.dead is not None and e.dead.value == value for e in document.events)
    assert not of_type(document, "ASSAULT")
    figure = next(f for f in document.figures if f.value == value)
    assert figure.cumulative and figure.category == "killed"
    if start is not None:
        assert figure.date is not None and figure.date.value == start
        assert figure.date.end == PUBLISHED


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed four villagers in Plateau on Monday, bringing the death toll from "
        "the week's raids to 61.",
        "An airstrike killed four people in Idlib on Monday; the death toll from the "
        "offensive has risen to 61.",
    ],
)
def test_an_incident_keeps_its_own_count_beside_a_total(
    rules_pipeline: Pipeline, text: str
) -> None:
    document = read(rules_pipeline, text)
    counted = [e for e in document.events if e.dead is not None]
    assert [e.dead.value for e in counted] == [4]
    total = next(f for f in document.figures if f.value == 61)
    assert total.cumulative


# -- 3. counts on the act that caused them ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "category", "value"),
    [
        ("The opposition accused the army of killing 35 civilians in Tigray.", "ASSAULT", None),
        (
            "Officials from both countries met in Doha on Sunday, a day after an "
            "airstrike killed 30 people in Rafah.",
            "ASSAULT",
            30,
        ),
        (
            "Ministers called for calm on Friday after soldiers fired on a crowd in "
            "Conakry, killing nine people.",
            "ASSAULT",
            9,
        ),
    ],
)
def test_counts_stay_with_the_act_not_the_statement_or_meeting(
    rules_pipeline: Pipeline, text: str, category: str, value: int | None
) -> None:
    document = read(rules_pipeline, text)
    for event in document.events:
        if event.event in ("ACCUSE", "CONSULT", "REQUEST", "AGREE"):
            assert event.dead is None, event.event
    if value is not None:
        assert any(
            e.dead is not None and e.dead.value == value for e in of_type(document, category)
        )


# -- 4. one incident, one record ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "Gunmen opened fire on a minibus in Balochistan on Sunday, killing two "
            "passengers and wounding several others.",
            {"dead": 2, "injured": 3},
        ),
        (
            "Militants stormed a police post in Khyber on Friday, killing three officers "
            "and taking two others hostage.",
            {"dead": 3, "abducted": 2},
        ),
        (
            "Armed men attacked a wedding party in Ituri, killing 14 guests, wounding 20 "
            "and abducting 8 women.",
            {"dead": 14, "injured": 20, "abducted": 8},
        ),
    ],
)
def test_one_attack_told_in_participles_is_one_record(
    rules_pipeline: Pipeline, text: str, counts: dict[str, int]
) -> None:
    document = read(rules_pipeline, text)
    (attack,) = of_type(document, "ASSAULT")
    for name, value in counts.items():
        assert getattr(attack, name) is not None and getattr(attack, name).value == value


def test_separate_acts_with_their_own_subjects_stay_apart(rules_pipeline: Pipeline) -> None:
    document = read(
        rules_pipeline,
        "Police opened fire on protesters in Lagos, killing two, and soldiers arrested "
        "40 people in Abuja.",
    )
    attack = next(e for e in document.events if e.event == "ASSAULT")
    arrest = next(e for e in document.events if e.event == "COERCE")
    assert attack.dead.value == 2 and attack.arrested is None
    assert arrest.arrested.value == 40 and arrest.dead is None


# -- 5. recipients are actors, places are locations -----------------------------------


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("Suspected jihadists attacked a market in central Mali, killing 20 people.", "MLI", "CVL"),
        ("Unknown assailants set fire to a bus near Kandahar, killing six.", "AFG", "CVL"),
        (
            "A suicide bomber struck a mosque in northern Nigeria during Friday prayers.",
            "NGA",
            "REL",
        ),
    ],
)
def test_an_attacked_site_is_its_people_and_the_place_is_the_location(
    rules_pipeline: Pipeline, text: str, country: str, sector: str
) -> None:
    document = read(rules_pipeline, text)
    attack = of_type(document, "ASSAULT")[0]
    assert [(r.country, r.sector) for r in attack.recipient] == [(country, sector)]
    assert attack.recipient[0].stands_for is None
    assert attack.location is None or attack.location.country == country


@pytest.mark.parametrize(
    ("text", "role", "marked"),
    [
        ("Israeli jets carried out strikes on Gaza overnight.", "recipient", "people"),
        ("Kyiv accused Moscow of sabotaging the talks.", "actor", "government"),
        ("Iran condemned the sanctions imposed by Washington.", "actor", "government"),
    ],
)
def test_a_place_standing_for_an_actor_is_marked(
    rules_pipeline: Pipeline, text: str, role: str, marked: str
) -> None:
    event = read(rules_pipeline, text).events[0]
    assert getattr(event, role)[0].stands_for == marked


def test_named_actors_are_not_marked_as_places(rules_pipeline: Pipeline) -> None:
    event = read(rules_pipeline, "Israeli soldiers arrested 12 Palestinians in Jenin.").events[0]
    assert all(a.stands_for is None for a in (*event.actor, *event.recipient))


# -- 6. sectors from roles --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "sector"),
    [
        ("Police officers detained the suspect in Lahore.", "Police officers", "COP"),
        ("Two constables arrested the smugglers near the border.", "Two constables", "COP"),
        ("Security personnel detained 30 protesters in Srinagar.", "Security personnel", "COP"),
        ("Gunmen shot dead a teacher in Kaduna.", "Gunmen", "UAF"),
        ("Unknown assailants killed a village chief in Ituri.", "Unknown assailants", "UAF"),
        ("Armed men abducted 12 students in Katsina.", "Armed men", "UAF"),
        ("Bandits abducted 40 passengers in Niger state.", "Bandits", "CRM"),
        ("Rebel fighters seized the town of Bunia.", "Rebel fighters", "REB"),
    ],
)
def test_sectors_come_from_the_role(
    rules_pipeline: Pipeline, text: str, phrase: str, sector: str
) -> None:
    event = read(rules_pipeline, text).events[0]
    actor = next(a for a in event.actor if a.text in phrase)
    assert actor.sector == sector
    assert actor.sector != "CVL"


# -- 7. negation that is not about the event -------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The victim's name was not released.",
        "It was not clear who carried out the attack.",
        "Police did not say whether anyone had been arrested.",
        "It is unclear how many people were killed.",
        "Officials did not disclose the identity of the dead man.",
        "The army released a statement on Monday.",
    ],
)
def test_what_is_not_known_or_not_said_is_no_event(rules_pipeline: Pipeline, sentence: str) -> None:
    text = "Gunmen attacked a police patrol in Zabul on Sunday, killing three officers. " + sentence
    document = read(rules_pipeline, text)
    assert [e.event for e in document.events] == ["ASSAULT"]
    assert document.events[0].status == "occurred"
    assert document.events[0].dead.value == 3


# -- 8. actors named only by a role -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        (
            "M23 fighters advanced towards Uvira last week. On Monday the rebels shelled "
            "the airport.",
            "M23",
            "COD",
        ),
        (
            "Al-Shabaab claimed the bombing in Mogadishu. The militants attacked a base "
            "near Baidoa a day later.",
            "Al-Shabaab",
            "SOM",
        ),
    ],
)
def test_a_role_refers_to_the_group_named_before(
    rules_pipeline: Pipeline, text: str, name: str, country: str
) -> None:
    document = read(rules_pipeline, text)
    last = document.events[-1]
    assert last.event == "ASSAULT"
    (actor,) = last.actor
    assert actor.country == country
    assert actor.basis == "context" and actor.country_span is not None
    assert name in text[slice(*actor.country_span)]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Ethiopia and Eritrea signed a border accord in Riyadh on Sunday. Both sides "
            "agreed to reopen crossings.",
            {"ETH", "ERI"},
        ),
        (
            "Kenya's president met Tanzania's president in Arusha on Friday. The two "
            "leaders agreed to remove trade barriers.",
            {"KEN", "TZA"},
        ),
        (
            "Armenia's foreign minister held talks with Azerbaijan's foreign minister in "
            "Almaty. The two sides agreed to meet again in May.",
            {"ARM", "AZE"},
        ),
    ],
)
def test_both_parties_are_the_parties_told_before(
    rules_pipeline: Pipeline, text: str, pair: set[str]
) -> None:
    document = read(rules_pipeline, text)
    agreement = of_type(document, "AGREE")[-1]
    countries = {a.country for a in (*agreement.actor, *agreement.recipient)}
    assert countries == pair


def test_a_role_with_nothing_to_refer_to_gets_no_guessed_country(
    rules_pipeline: Pipeline,
) -> None:
    document = read(rules_pipeline, "The two sides agreed to a truce on Monday.")
    agreement = of_type(document, "AGREE")[0]
    assert all(a.country is None for a in (*agreement.actor, *agreement.recipient))


# -- counts that add up ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Four policemen and nine attackers were killed when militants raided a post.", "dead", 13),
        ("A car bomb in Mogadishu killed a senior judge and three bodyguards.", "dead", 4),
        ("Soldiers shelled the hamlet, killing a farmer and his two daughters.", "dead", 3),
        ("Police arrested 12 students and detained 30 others in Dhaka.", "arrested", 42),
    ],
)
def test_coordinated_victims_add_up(
    rules_pipeline: Pipeline, text: str, field: str, value: int
) -> None:
    document = read(rules_pipeline, text)
    assert value in [getattr(e, field).value for e in document.events if getattr(e, field)]


@pytest.mark.parametrize(
    "text",
    [
        "The earthquake killed more than 2,100 people in Herat province.",
        "Floods killed at least 40 people in Kinshasa this week.",
        "A stampede at the stadium killed 12 fans.",
    ],
)
def test_deaths_no_one_inflicted_are_no_attack(rules_pipeline: Pipeline, text: str) -> None:
    document = read(rules_pipeline, text)
    assert not of_type(document, "ASSAULT")
    assert any(f.category == "killed" for f in document.figures)
