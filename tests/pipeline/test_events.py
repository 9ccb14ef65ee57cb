"""Events: PLOVER category, mode, status and roles from the parse."""

from __future__ import annotations

import pytest
import yaml

from eventwire import Pipeline, ontology
from eventwire.pipeline.events import DATA, load_lexicon
from eventwire.records import Article, Event


@pytest.fixture(scope="module")
def pipeline(rules_pipeline: Pipeline) -> Pipeline:
    """These tests hold the rules to what they decide: the rules-only pipeline. The
    learned layer's say is tested in test_learned.py and measured on the frozen test."""
    return rules_pipeline


def events(pipeline: Pipeline, text: str, published: str | None = "2024-04-10") -> list[Event]:
    return pipeline.annotate(Article.make(text, published=published))._.events


def only(pipeline: Pipeline, text: str, published: str | None = "2024-04-10") -> Event:
    found = events(pipeline, text, published)
    assert len(found) == 1, [(e.event, e.event_text) for e in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "category", "mode"),
    [
        ("Thousands of teachers marched through the capital on Monday.", "PROTEST", "demo"),
        ("Police arrested twelve activists outside the parliament.", "COERCE", "arrest"),
        ("Ghana sent aid to flood victims in Togo.", "AID", None),
        ("Egypt condemned the bombing of the hospital.", "ACCUSE", "disapprove"),
        ("Iran rejected the proposal on Tuesday.", "REJECT", None),
        ("Rebels shelled the town overnight.", "ASSAULT", "heavy-weapons"),
        ("The army deployed troops along the northern border.", "MOBILIZE", "troops"),
        # CAMEO 057 "sign formal agreement" is SUPPORT in the CAMEO-to-PLOVER table
        ("The two governments signed an agreement on water sharing.", "SUPPORT", None),
        ("The two governments agreed to share water from the river.", "AGREE", None),
        ("Chile expelled three Russian diplomats.", "SANCTION", "expel"),
        ("The militia released the aid workers on Sunday.", "RETREAT", "release"),
    ],
)
def test_category_and_mode(pipeline: Pipeline, text: str, category: str, mode: str | None) -> None:
    event = only(pipeline, text)
    assert (event.event, event.mode) == (category, mode)
    coding = ontology.code(category, mode)
    assert (event.quad, event.score, event.cameo) == (coding.quad, coding.score, coding.cameo)


def test_actor_and_recipient_from_subject_and_object(pipeline: Pipeline) -> None:
    event = only(pipeline, "Kenyan police arrested two Somali nationals in Nairobi.")
    assert [(a.country, a.sector) for a in event.actor] == [("KEN", "COP")]
    assert [a.country for a in event.recipient] == ["SOM"]


def test_passive_agent_acts_and_subject_receives(pipeline: Pipeline) -> None:
    event = only(pipeline, "Five soldiers were killed by Houthi gunmen near the port.")
    assert event.event == "ASSAULT"
    assert [(a.text, a.country, a.sector) for a in event.actor] == [("Houthi gunmen", "YEM", "REB")]
    assert [a.sector for a in event.recipient] == ["MIL"]


def test_compound_actors_are_one_event(pipeline: Pipeline) -> None:
    event = only(pipeline, "France and Germany agreed to share intelligence.")
    assert event.event == "AGREE"
    assert [a.country for a in event.actor] == ["FRA", "DEU"]


def test_instrument_noun_subject_merges_and_gives_mode(pipeline: Pipeline) -> None:
    event = only(pipeline, "Russian missiles struck a power station, killing three workers.")
    assert (event.event, event.mode) == ("ASSAULT", "heavy-weapons")
    assert [a.country for a in event.actor] == ["RUS"]
    assert event.dead is not None and event.dead.value == 3
    assert event.acled is not None and event.acled.sub_event_type == (
        "Shelling/artillery/missile attack"
    )


def test_light_verb_carries_the_noun_event(pipeline: Pipeline) -> None:
    event = only(pipeline, "Al-Shabaab launched an attack on an army base in Somalia.")
    assert (event.event, event.event_text) == ("ASSAULT", "launched attack")
    assert [a.name for a in event.actor] == ["al-Shabaab"]
    assert [a.sector for a in event.recipient] == ["MIL"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Japan will host talks with South Korea next month.", "future"),
        ("The delegations are set to meet in Geneva.", "future"),
        ("The rebels did not attack the convoy.", "negated"),
        ("Officials said the army could strike the camps.", "hypothetical"),
        ("Sudanese forces attacked the camp on Friday.", "occurred"),
    ],
)
def test_status(pipeline: Pipeline, text: str, status: str) -> None:
    assert events(pipeline, text)[0].status == status


def test_controlling_verb_is_the_event(pipeline: Pipeline) -> None:
    threat = only(pipeline, "The junta threatened to expel the French ambassador.")
    assert threat.event == "THREATEN"
    refusal = only(pipeline, "Serbia refused to attend the talks in Brussels.")
    assert refusal.event == "REJECT"


def test_request_recipient_from_the_demanded_clause(pipeline: Pipeline) -> None:
    event = only(pipeline, "China demanded that Japan withdraw its coast guard vessels.")
    assert event.event == "REQUEST"
    assert [a.country for a in event.recipient] == ["JPN"]


def test_commands_inside_quotes_are_not_events(pipeline: Pipeline) -> None:
    found = events(pipeline, 'The minister wrote: "Sign the deal now."')
    assert [e.event for e in found] == []


def test_historical_flag_from_the_event_date(pipeline: Pipeline) -> None:
    text = "Rebels attacked the garrison on March 3, 2021. Troops attacked the rebels on Monday."
    old, new = events(pipeline, text, published="2024-04-10")
    assert old.historical is True and old.date is not None and old.date.value == "2021-03-03"
    assert new.historical is False and new.date is not None and new.date.value == "2024-04-08"


def test_event_points_at_its_words(pipeline: Pipeline) -> None:
    text = "Protesters blocked the highway to the airport."
    event = only(pipeline, text)
    assert text[event.span[0] : event.span[1]] == "blocked"
    assert event.sentence == 0 and 0 < event.confidence <= 1


def test_lexicon_modes_exist_in_the_ontology() -> None:
    raw = yaml.safe_load((DATA / "events.yaml").read_text(encoding="utf-8"))
    for category in ontology.CATEGORIES:
        for kind in ("verbs", "nouns"):
            for key, mode in (raw[category].get(kind) or {}).items():
                assert mode is None or mode in ontology.modes(category), (category, key, mode)
    assert load_lexicon().verbs  # and no key is listed twice (load_lexicon raises)


def test_statement_that_another_must_act_is_a_request(pipeline: Pipeline) -> None:
    event = only(pipeline, "Brazil said Paraguay must reopen the border crossing.")
    assert (event.event, event.event_text) == ("REQUEST", "said must")
    assert [a.country for a in event.actor] == ["BRA"]
    assert [a.country for a in event.recipient] == ["PRY"]


def test_light_verb_through_a_measure(pipeline: Pipeline) -> None:
    event = only(pipeline, "Japan will provide 300 tons of aid to Myanmar.")
    assert (event.event, event.status) == ("AID", "future")
    assert [a.country for a in event.recipient] == ["MMR"]


def test_lemma_exceptions_reach_the_coder(pipeline: Pipeline) -> None:
    event = only(pipeline, "Nurses staged a hunger strike outside the ministry.")
    assert (event.event, event.mode) == ("PROTEST", "hunger")
    doc = pipeline.annotate(Article.make("Workers staged a walkout."))
    assert [t.lemma_ for t in doc if t.text == "staged"] == ["stage"]


def test_one_attack_told_in_two_clauses_is_one_event(pipeline: Pipeline) -> None:
    event = only(pipeline, "Gunmen killed four villagers and wounded nine in Zamfara.")
    assert event.event == "ASSAULT"
    assert event.dead is not None and event.dead.value == 4
    assert event.injured is not None and event.injured.value == 9


def test_what_protesters_demand_is_the_protest(pipeline: Pipeline) -> None:
    event = only(pipeline, "Farmers blocked the motorway demanding lower fuel taxes.")
    assert (event.event, event.mode) == ("PROTEST", "obstruct")


def test_a_condition_is_not_an_event(pipeline: Pipeline) -> None:
    event = only(pipeline, "The union threatened to strike unless the government agrees.")
    assert event.event == "THREATEN"


@pytest.mark.parametrize(
    ("text", "category", "mode"),
    [
        ("The foreign ministers of Peru and Chile met in Lima on Friday.", "CONSULT", None),
        ("The Kenyan president telephoned his Ugandan counterpart.", "CONSULT", "phone"),
        ("Senegal praised the new constitution.", "SUPPORT", None),
        ("The government lifted the curfew in the northern province.", "CONCEDE", None),
        ("Colombia extradited two cartel leaders to Mexico.", "COOPERATE", None),
        ("Rebel commanders threatened the aid convoys.", "THREATEN", None),
        ("Tunisia urged both sides to respect the truce.", "REQUEST", None),
        ("Government warplanes bombed rebel positions near the river.", "ASSAULT", "aerial"),
        ("Soldiers shot two protesters near the stadium.", "ASSAULT", "firearms"),
        ("Gunmen kidnapped a priest in the south of the country.", "ASSAULT", "abduct"),
        ("Militants detonated a roadside bomb near the convoy.", "ASSAULT", "explosives"),
        ("Security forces fired tear gas at the crowd.", "ASSAULT", "crowd-control"),
        ("The army announced a ceasefire in the eastern region.", "RETREAT", "ceasefire"),
        ("Russian troops withdrew from the city on Tuesday.", "RETREAT", "withdraw"),
        ("The court convicted the opposition leader of fraud.", "SANCTION", "convict"),
        ("Workers went on strike at the port on Monday.", "PROTEST", "strike"),
        ("Hundreds of youths rioted in the old town after the verdict.", "PROTEST", "riot"),
        ("Militiamen set fire to houses in the village.", "ASSAULT", "destroy"),
        ("The authorities deported forty migrants to Niger.", "COERCE", "deport"),
        ("Jordan sent food and blankets to the camps near the border.", "AID", None),
        ("Army helicopters evacuated the injured from the besieged town.", "AID", None),
        ("Brazil and Cuba restored diplomatic ties after a decade.", "SUPPORT", None),
        ("The two agencies shared information about the smuggling networks.", "COOPERATE", None),
        ("The court cancelled restrictions on opposition newspapers.", "CONCEDE", None),
        ("Opposition papers violated the ban on reporting the trial.", "REJECT", None),
        ("The agency dispatched inspectors to the enrichment plant.", "ACCUSE", "investigate"),
        ("The junta forced the aid agencies out of the country.", "SANCTION", "expel"),
        ("Qatar launched a mediation effort between Sudan and Chad.", "CONSULT", "third-party"),
        ("Government forces engaged in ethnic cleansing in the north.", "ASSAULT", None),
        ("The governor ordered patrols along the border.", "MOBILIZE", None),
        ("Envoys returned to Geneva for talk on the dispute.", "CONSULT", None),
        ("Armenia received observers from the European Union.", "RETREAT", "access"),
        ("Serb forces were engaged in ethnic cleansing in the valley.", "ASSAULT", None),
        ("Swiss doctors handed over 700 kg of medicine to the clinic.", "AID", None),
        ("The minister said Laos is committed to opening its borders.", "AGREE", None),
    ],
)
def test_more_categories_and_modes(
    pipeline: Pipeline, text: str, category: str, mode: str | None
) -> None:
    event = events(pipeline, text)[0]
    assert (event.event, event.mode) == (category, mode)


@pytest.mark.parametrize(
    "text",
    [
        "The situation remains complex, and it is unclear whether the plan will work.",
        "Analysts say the economy has struggled for years.",
        "Inflation rose to 12 percent in March, the central bank said.",
        "It was the deadliest day in the country's history.",
        "The region has a population of about 4 million people.",
        "The conflict has its roots in a decades-old dispute over land.",
        "Officials are still assessing the damage to the port.",
        "Critics of the government have long argued for reform.",
    ],
)
def test_commentary_statistics_and_background_are_not_events(pipeline: Pipeline, text: str) -> None:
    assert events(pipeline, text) == []


def test_group_drawn_from_a_quantity_acts(pipeline: Pipeline) -> None:
    event = only(pipeline, "Thousands of Kenyans marched through Nairobi on Saturday.")
    assert [a.country for a in event.actor] == ["KEN"]


def test_only_object_control_verbs_hand_their_object_down(pipeline: Pipeline) -> None:
    urged = only(pipeline, "Qatar urged Israel to allow more aid trucks into Gaza.")
    assert (urged.event, [a.country for a in urged.actor]) == ("REQUEST", ["QAT"])
    assert [a.country for a in urged.recipient] == ["ISR"]


def test_recipient_from_inside_a_non_actor_object(pipeline: Pipeline) -> None:
    event = only(pipeline, "Estonia rejected a proposal by Belarus for joint patrols.")
    assert event.event == "REJECT"
    assert [a.country for a in event.recipient] == ["BLR"]
    event = only(pipeline, "Ghana welcomed Nigeria's decision to reopen the border.")
    assert event.event == "SUPPORT"
    assert [a.country for a in event.recipient] == ["NGA"]


def test_participles_modifying_nouns_are_not_events(pipeline: Pipeline) -> None:
    event = only(pipeline, "Prosecutors investigated alleged abuses by prison guards.")
    assert (event.event, event.mode) == ("ACCUSE", "investigate")


def test_threat_with_purpose_and_condition_is_one_event(pipeline: Pipeline) -> None:
    event = only(
        pipeline, "Iran threatened to launch an offensive unless Iraq accepted the ceasefire."
    )
    assert event.event == "THREATEN"
    event = only(pipeline, "The rebels vowed to fight until they control the valley.")
    assert event.event == "THREATEN"


def test_territory_taken_by_rebels(pipeline: Pipeline) -> None:
    event = only(pipeline, "Rebels captured the town of Bunia on Sunday.")
    assert (event.event, event.mode) == ("COERCE", "seize")
    assert event.acled is not None
    assert event.acled.sub_event_type == "Non-state actor overtakes territory"


def test_conjoined_adjectives_are_two_actors(pipeline: Pipeline) -> None:
    event = only(pipeline, "Senior Polish and Czech officials agreed to build a new railway.")
    assert event.event == "AGREE"
    assert [a.country for a in event.actor] == ["POL", "CZE"]


def test_clause_on_an_object_takes_the_verb_subject(pipeline: Pipeline) -> None:
    event = only(pipeline, "The Kurdish party issued a statement demanding that Turkey free him.")
    assert event.event == "REQUEST"
    assert [a.text for a in event.actor] == ["Kurdish party"]
    assert [a.country for a in event.recipient] == ["TUR"]


def test_measures_on_a_place_reach_its_people(pipeline: Pipeline) -> None:
    event = only(pipeline, "Turkish authorities imposed a curfew in the town of Cizre.")
    assert (event.event, event.mode) == ("COERCE", "curfew")
    assert [(a.text, a.country) for a in event.recipient] == [("Cizre", "TUR")]


def test_threat_recipient_inside_the_threatened_act(pipeline: Pipeline) -> None:
    event = only(pipeline, "Armenia threatened to cut trade links with Georgia.")
    assert event.event == "THREATEN"
    assert [a.country for a in event.recipient] == ["GEO"]


def test_counts_belong_to_the_nearest_event(pipeline: Pipeline) -> None:
    """Hostages taken in the attack's own participle are that incident's: one record
    with its dead and its abducted (issue 13); an abduction told alone is its own."""
    found = events(
        pipeline, "Gunmen attacked the village, killing 12 people and abducting 30 women."
    )
    (attack,) = [e for e in found if e.event == "ASSAULT"]
    assert attack.mode != "abduct"
    assert attack.dead is not None and attack.dead.value == 12
    assert attack.abducted is not None and attack.abducted.value == 30
    (abduction,) = events(pipeline, "Gunmen abducted 30 women from the village.")
    assert abduction.mode == "abduct" and abduction.abducted.value == 30


def test_never_negates(pipeline: Pipeline) -> None:
    assert events(pipeline, "The army never attacked the camp.")[0].status == "negated"


def roles(event: Event) -> tuple[list[tuple[str | None, str]], list[tuple[str | None, str]]]:
    return (
        [(a.country, a.basis) for a in event.actor],
        [(a.country, a.basis) for a in event.recipient],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the recipient's own phrase names the country further in
        (
            "Ghana sent food to families fleeing the floods in Togo.",
            ([("GHA", "text")], [("TGO", "context")]),
        ),
        # no coded recipient: the first country the clause names is the target
        (
            "Iran threatened to leave the talks if the United States imposes new tariffs.",
            ([("IRN", "text")], [("USA", "context")]),
        ),
        # a place the gazetteer names outranks the seat of government inside it
        (
            "Israel threatened to ban rallies in East Jerusalem.",
            ([("ISR", "text")], [("PSE", "context")]),
        ),
        # an unknown official belongs to the one country the sentence names
        (
            "Judge Maria Lopez opened an investigation into four Peruvian ministers.",
            ([("PER", "context")], [("PER", "text")]),
        ),
        # ... or to the country where the event happened
        (
            "Protesters blocked the main roads of Nairobi on Monday.",
            ([("KEN", "context")], [("KEN", "text")]),
        ),
        # ... also when that place, for want of another, is what the act is aimed at
        (
            "Thousands of people blocked streets in Lagos on Monday.",
            ([("NGA", "context")], [("NGA", "context")]),
        ),
    ],
)
def test_countries_from_context(pipeline: Pipeline, text: str, expected: tuple) -> None:
    assert roles(only(pipeline, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the place attacked is the target's, not the attackers'
        "Gunmen stormed southern Israel at dawn.",
        # nobody's country holds the world's leaders
        "World leaders called for a ceasefire in Gaza.",
    ],
)
def test_no_country_where_context_misleads(pipeline: Pipeline, text: str) -> None:
    assert [a.country for a in only(pipeline, text).actor] == [None]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a relative clause describes a participant of the main event
        ("Egypt condemned the militia, which had shelled two villages in the south.", "ACCUSE"),
        # ... and so does a participle on a noun
        ("Police dispersed a rally organized by students in the capital.", "COERCE"),
        # everything inside what a demand says is its content
        ("Turkey said Greece must free the fishermen who were arrested last week.", "REQUEST"),
        # the charge is not an event
        ("Police arrested a journalist for cooperating with the rebels.", "COERCE"),
        # what is called off is not a second event
        ("The teachers' union called off its strike on Friday.", "CONCEDE"),
    ],
)
def test_one_event_where_the_rest_is_background(
    pipeline: Pipeline, text: str, category: str
) -> None:
    assert only(pipeline, text).event == category


def test_a_relative_clause_alone_in_its_sentence_is_kept(pipeline: Pipeline) -> None:
    event = only(pipeline, "Mourners buried the soldiers who were killed in the ambush.")
    assert event.event == "ASSAULT"


def test_a_context_country_points_at_its_words(pipeline: Pipeline) -> None:
    text = "Judge Maria Lopez opened an investigation into four Peruvian ministers."
    (judge,) = only(pipeline, text).actor
    assert judge.basis == "context" and judge.country_span is not None
    assert text[judge.country_span[0] : judge.country_span[1]] == "Peruvian ministers"


def test_an_act_announced_unless_the_other_side_acts_is_a_threat(pipeline: Pipeline) -> None:
    text = "Kenya said it will withdraw its troops from Somalia unless the government pays them."
    assert [(e.event, e.status) for e in events(pipeline, text)] == [("THREATEN", "future")]
    plain = "Kenya said it will withdraw its troops from Somalia."
    assert [(e.event, e.status) for e in events(pipeline, plain)] == [("RETREAT", "future")]


def test_a_sentence_parsed_as_a_noun_keeps_its_predicate(pipeline: Pipeline) -> None:
    # the small model parses "called" as a participle on the root noun "newspaper"
    event = only(pipeline, "An official Egyptian newspaper called Monday on Arabs to unite.")
    assert (event.event, [a.country for a in event.actor]) == ("REQUEST", ["EGY"])


def test_a_stative_passive_acts_through_its_subject(pipeline: Pipeline) -> None:
    event = only(pipeline, "The minister said Laos is committed to opening its borders.")
    assert [a.country for a in event.actor] == ["LAO"]


def test_an_arrest_with_no_agent_is_the_states_where_it_happened(pipeline: Pipeline) -> None:
    text = "A French journalist was arrested in Tunisia on Monday."
    (actor,) = only(pipeline, text).actor
    assert (actor.country, actor.basis, actor.text) == ("TUN", "context", "Tunisia")
    assert only(pipeline, "A journalist was shot in Tunisia on Monday.").actor == []


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("Hezbollah warned it would strike Haifa if the shelling went on.", "Haifa"),
        ("The navy warned residents to stay away from the harbour.", "residents"),
        ("Farmers warned Parliament of fresh blockades if the tax passed.", "Parliament"),
    ],
)
def test_a_warning_of_the_speakers_own_act_is_a_threat(
    pipeline: Pipeline, text: str, recipient: str
) -> None:
    event = only(pipeline, text)
    assert event.event == "THREATEN"
    assert [r.text for r in event.recipient] == [recipient]


@pytest.mark.parametrize(
    "text",
    [
        "Doctors warned that the outbreak would spread within weeks.",
        "The central bank cautioned of slower growth next year.",
    ],
)
def test_a_warning_about_the_world_is_no_event(pipeline: Pipeline, text: str) -> None:
    assert events(pipeline, text) == []


def test_conjoined_objects_of_one_verb_are_one_event(pipeline: Pipeline) -> None:
    event = only(pipeline, "The Red Cross delivered blankets and medicine to the camp.")
    assert event.event == "AID"


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Demonstrators fought with riot police near the ministry.", "Violent demonstration"),
        ("An angry crowd of residents beat two suspected thieves to death.", "Mob violence"),
    ],
)
def test_violence_by_civilians_is_a_riot_in_acled(
    pipeline: Pipeline, text: str, sub_event_type: str
) -> None:
    event = only(pipeline, text)
    assert event.event == "ASSAULT"
    assert event.acled is not None and event.acled.sub_event_type == sub_event_type


def test_an_order_to_another_is_a_request(pipeline: Pipeline) -> None:
    event = only(pipeline, "A Peruvian judge ordered the former minister to testify next week.")
    assert event.event == "REQUEST"
    assert [a.country for a in event.actor] == ["PER"]


def test_a_sentence_parsed_as_one_noun_phrase_keeps_its_actor(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "Nurses from two Danish charities donated and personally delivered $20,000 worth "
        "of medicine to a clinic in Mosul.",
    )
    assert found and found[0].event == "AID"
    assert [a.country for a in found[0].actor] == ["DNK"]


@pytest.mark.parametrize(
    ("text", "category", "status"),
    [
        ("Negotiations between Chad and Niger will resume in June.", "CONSULT", "future"),
        ("Heavy clashes erupted near the airport on Sunday.", "ASSAULT", "occurred"),
        ("A regional summit was held in Accra last week.", "CONSULT", "occurred"),
    ],
)
def test_an_event_noun_that_takes_place_is_an_event(
    pipeline: Pipeline, text: str, category: str, status: str
) -> None:
    event = only(pipeline, text)
    assert (event.event, event.status) == (category, status)


def test_parties_between_are_actor_and_recipient(pipeline: Pipeline) -> None:
    event = only(pipeline, "Fierce clashes between Malian soldiers and jihadists broke out.")
    assert [a.text for a in event.actor] == ["Malian soldiers"]
    assert [a.text for a in event.recipient] == ["jihadists"]


def test_an_event_noun_as_a_topic_is_no_event(pipeline: Pipeline) -> None:
    assert events(pipeline, "The conflict continues to weigh on food prices.") == []


@pytest.mark.parametrize(
    ("text", "category", "actor", "recipient"),
    [
        ("Fresh sanctions were imposed on Belarus by Canada.", "SANCTION", "Canada", "Belarus"),
        ("Medical aid was sent to Tonga by New Zealand.", "AID", "New Zealand", "Tonga"),
    ],
)
def test_an_event_noun_done_in_the_passive_is_an_event(
    pipeline: Pipeline, text: str, category: str, actor: str, recipient: str
) -> None:
    event = only(pipeline, text)
    assert event.event == category
    assert [a.text for a in event.actor] == [actor]
    assert [r.text for r in event.recipient] == [recipient]


@pytest.mark.parametrize(
    ("text", "category", "mode"),
    [
        ("Hackers launched a cyberattack on the Estonian tax office.", "COERCE", "cyber"),
        (
            "The navies of India and Japan held joint drills in the Bay of Bengal.",
            "COOPERATE",
            None,
        ),
        ("The senator lauded Ghana for its peaceful election.", "SUPPORT", None),
        ("Norway transferred 40 tonnes of humanitarian aid to Sudan.", "AID", None),
    ],
)
def test_lexicon_families(pipeline: Pipeline, text: str, category: str, mode: str | None) -> None:
    found = events(pipeline, text)
    assert (category, mode) in [(e.event, e.mode) for e in found], [
        (e.event, e.mode) for e in found
    ]


def test_downgrading_relations_is_a_sanction(pipeline: Pipeline) -> None:
    event = only(pipeline, "Peru downgraded relations with Venezuela on Friday.")
    assert (event.event, event.mode) == ("SANCTION", "withdraw")
    assert [r.text for r in event.recipient] == ["Venezuela"]


def test_a_warning_of_an_act_is_a_threat(pipeline: Pipeline) -> None:
    event = only(pipeline, "Taxi drivers warned of a nationwide strike if fuel prices rose.")
    assert event.event == "THREATEN"


def test_brokering_is_third_party_consultation(pipeline: Pipeline) -> None:
    event = only(pipeline, "Egypt brokered a truce between Israel and Islamic Jihad.")
    assert (event.event, event.mode) == ("CONSULT", "third-party")
    assert [a.text for a in event.actor] == ["Egypt"]
    assert [r.text for r in event.recipient] == ["Israel", "Islamic Jihad"]


@pytest.mark.parametrize(
    ("text", "category", "mode"),
    [
        ("The Chadian president ordered troops to the eastern border.", "MOBILIZE", "troops"),
        ("Peru ordered police to guard the airport.", "MOBILIZE", "police"),
        ("The UN urged Malian troops to protect civilians.", "REQUEST", None),
        ("France urged Israeli forces to show restraint.", "REQUEST", None),
    ],
)
def test_an_order_to_its_own_forces_is_a_deployment(
    pipeline: Pipeline, text: str, category: str, mode: str | None
) -> None:
    event = only(pipeline, text)
    assert (event.event, event.mode) == (category, mode)


@pytest.mark.parametrize(
    ("text", "category", "mode"),
    [
        ("Students took to the streets of Dhaka on Tuesday.", "PROTEST", "demo"),
        ("Nurses walked off the job at three hospitals.", "PROTEST", "strike"),
        ("Militiamen set the market on fire.", "ASSAULT", "destroy"),
    ],
)
def test_protest_and_destruction_phrases(
    pipeline: Pipeline, text: str, category: str, mode: str | None
) -> None:
    event = only(pipeline, text)
    assert (event.event, event.mode) == (category, mode)


def test_rioters_destroying_property_is_a_riot_in_acled(pipeline: Pipeline) -> None:
    event = only(pipeline, "Rioters torched shops in the old town.")
    assert event.acled is not None and event.acled.event_type == "Riots"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # the dateline says where: parties that name no country are that country's
        ("LAHORE, Pakistan (Reuters) - Police detained 30 protesters on Sunday.", "PAK"),
        # no place in the sentence: the one country the article names
        ("Kenya braces for more protests.\nPolice arrested 40 protesters on Tuesday.", "KEN"),
    ],
)
def test_parties_without_a_country_take_the_articles(
    pipeline: Pipeline, text: str, country: str
) -> None:
    event = next(e for e in pipeline.extract(text).events if e.event == "COERCE")
    assert [(a.country, a.basis) for a in event.actor] == [(country, "context")]


def test_no_article_country_when_it_names_several(pipeline: Pipeline) -> None:
    text = "Kenya and Uganda trade accusations.\nPolice arrested 40 protesters on Tuesday."
    event = next(e for e in pipeline.extract(text).events if e.event == "COERCE")
    assert [a.country for a in event.actor] == [None]
