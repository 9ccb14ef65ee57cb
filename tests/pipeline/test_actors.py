"""Actors: phrases from the parse resolved through the knowledge base, in time."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire import Pipeline
from eventwire.errors import SettingsError
from eventwire.knowledge import load_actors_file
from eventwire.pipeline.actors import ActorResolver
from eventwire.records import Actor, Article

KB = Path(__file__).parents[1] / "fixtures" / "kb"


def actors(pipeline: Pipeline, text: str, published: str | None = "2024-04-10") -> list[Actor]:
    return pipeline.annotate(Article.make(text, published=published))._.actors


def find(found: list[Actor], text: str) -> Actor:
    return next(a for a in found if a.text == text)


def test_country_adjective_and_role_noun(pipeline: Pipeline) -> None:
    found = actors(pipeline, "Turkish troops shelled a village near the border.")
    troops = find(found, "Turkish troops")
    assert (troops.country, troops.sector, troops.name) == ("TUR", "MIL", None)


def test_named_actor_from_the_knowledge_base(pipeline: Pipeline) -> None:
    found = actors(pipeline, "Hezbollah fired rockets at a military base.")
    assert (find(found, "Hezbollah").country, find(found, "Hezbollah").sector) == ("LBN", "REB")


def test_seat_of_government_stands_for_the_government(pipeline: Pipeline) -> None:
    found = actors(pipeline, "The Kremlin rejected the proposal on Friday.")
    assert (find(found, "Kremlin").country, find(found, "Kremlin").sector) == ("RUS", "GOV")


def test_country_from_a_linking_phrase(pipeline: Pipeline) -> None:
    found = actors(pipeline, "A senior adviser to Erdogan met the delegation in Ankara.")
    adviser = find(found, "senior adviser")
    assert (adviser.country, adviser.sector) == ("TUR", "GOV")


def test_country_from_a_locative_phrase(pipeline: Pipeline) -> None:
    found = actors(pipeline, "Security forces in Kenya detained the organisers.")
    forces = find(found, "Security forces")
    assert forces.country == "KEN"


def test_apposition_shares_name_country_and_sector(pipeline: Pipeline) -> None:
    text = "Putin's spokesman, Oleg Dorin, denied the report."
    found = actors(pipeline, text)
    spokesman = find(found, "Putin's spokesman")
    assert (spokesman.name, spokesman.country, spokesman.sector) == ("Oleg Dorin", "RUS", "GOV")
    assert find(found, "Oleg Dorin").country == "RUS"


def test_roles_depend_on_the_article_date(pipeline: Pipeline) -> None:
    text = "Trump criticised the trade deal."
    in_office = find(actors(pipeline, text, "2019-05-01"), "Trump")
    out_of_office = find(actors(pipeline, text, "2022-05-01"), "Trump")
    assert (in_office.name, in_office.sector) == ("Donald Trump", "GOV")
    assert (out_of_office.country, out_of_office.sector) == ("USA", "OPP")


def test_title_refers_to_its_holder_named_in_the_article(pipeline: Pipeline) -> None:
    text = "Joe Biden spoke to reporters. Later the President flew to Ohio."
    president = find(actors(pipeline, text, "2023-02-01"), "President")
    assert (president.name, president.country) == ("Joe Biden", "USA")


def test_reported_pronoun_is_its_reporter(pipeline: Pipeline) -> None:
    found = actors(pipeline, "Norway said it would send observers to the region.")
    it = next(a for a in found if a.text == "it")
    assert (it.name, it.country) == ("Norway", "NOR")


def test_unknown_actor_keeps_its_text_without_a_guess(pipeline: Pipeline) -> None:
    found = actors(pipeline, "Villagers blocked the road to the mine.")
    villagers = find(found, "Villagers")
    assert villagers.country is None and villagers.sector == "CVL"


def test_entities_list_each_actor_once_with_every_mention(pipeline: Pipeline) -> None:
    text = "Olga Petrenko, a lawyer, filed the appeal. Petrenko said the court erred."
    doc = pipeline.annotate(Article.make(text))
    petrenko = [e for e in doc._.entities if e.name == "Olga Petrenko"]
    assert len(petrenko) == 1 and len(petrenko[0].mentions) == 2
    assert all(text[s:e].endswith("Petrenko") for s, e in petrenko[0].mentions)


def test_user_actors_file_adds_entries(pipeline: Pipeline) -> None:
    resolver = ActorResolver(
        pipeline.nlp, "eventwire_actors", actors_file=str(KB / "extra_actors.yaml")
    )
    doc = pipeline.annotate(Article.make("Vashchuk accused the NVF of burning two farms."))
    doc = resolver(doc)
    assert (find(doc._.actors, "Vashchuk").name, find(doc._.actors, "Vashchuk").country) == (
        "Lena Vashchuk",
        "MDA",
    )
    assert find(doc._.actors, "NVF").sector == "REB"


def test_bad_actors_file_is_a_named_error(tmp_path: Path) -> None:
    bad = tmp_path / "actors.yaml"
    bad.write_text("- aliases: [nobody]\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="name"):
        load_actors_file(bad)
    bad.write_text("just: a mapping\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not a list"):
        load_actors_file(bad)


def test_the_same_surname_is_a_different_person_in_another_decade(pipeline: Pipeline) -> None:
    early = find(
        actors(pipeline, "President Bush met the Kuwaiti emir.", "1990-11-02"), "President Bush"
    )
    late = find(
        actors(pipeline, "President Bush met the Kuwaiti emir.", "2005-11-02"), "President Bush"
    )
    assert early.country == late.country == "USA" and early.sector == "GOV"
    assert late.name == "George W. Bush"


def test_stance_prefix_is_not_a_country(pipeline: Pipeline) -> None:
    found = actors(pipeline, "A pro-Russian militia seized the airport.")
    assert find(found, "pro-Russian militia").country is None


def test_a_people_named_with_another_country_lives_there(pipeline: Pipeline) -> None:
    found = actors(pipeline, "Bosnian Serbs blocked the road to the town.")
    assert (find(found, "Bosnian Serbs").country, find(found, "Bosnian Serbs").sector) == (
        "BIH",
        "CVL",
    )


@pytest.mark.parametrize(
    ("published", "country", "sector"),
    [("2003-05-01", "SDN", "REB"), ("2008-05-01", "SDN", "GOV"), ("2014-05-01", "SSD", "GOV")],
)
def test_a_movement_that_became_a_government(
    pipeline: Pipeline, published: str, country: str, sector: str
) -> None:
    found = actors(pipeline, "The SPLM rejected the proposal.", published)
    assert (find(found, "SPLM").country, find(found, "SPLM").sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "published", "name"),
    [
        ("The U.S. president criticised the trade deal.", "2019-05-01", "Donald Trump"),
        ("The U.S. president criticised the trade deal.", "2022-05-01", "Joe Biden"),
        ("Russia's foreign minister arrived in Ankara.", "2020-05-01", "Sergei Lavrov"),
        ("Russia's president arrived in Beijing.", "2010-05-01", "Dmitry Medvedev"),
        ("Britain's prime minister flew to Kyiv.", "2023-02-01", "Rishi Sunak"),
    ],
)
def test_a_title_with_its_country_is_its_holder_on_the_article_date(
    pipeline: Pipeline, text: str, published: str, name: str
) -> None:
    assert actors(pipeline, text, published)[0].name == name


def test_a_title_without_a_country_or_a_date_names_no_one(pipeline: Pipeline) -> None:
    assert (
        actors(pipeline, "The president criticised the trade deal.", "2019-05-01")[0].name is None
    )
    assert actors(pipeline, "The U.S. president criticised the deal.", None)[0].name is None


def test_the_leader_is_the_head_the_article_names(pipeline: Pipeline) -> None:
    text = "Netanyahu landed in Washington. The Israeli leader met senators."
    found = actors(pipeline, text, "2025-07-01")
    assert find(found, "Israeli leader").name == "Benjamin Netanyahu"
    plural = actors(pipeline, "Israeli leaders met in Jerusalem.", "2025-07-01")
    assert find(plural, "Israeli leaders").name is None


def test_an_ethnic_group_belongs_where_it_lives(pipeline: Pipeline) -> None:
    found = actors(pipeline, "Ethnic Albanians in Macedonia have sworn to fight.")
    assert find(found, "Ethnic Albanians").country == "MKD"
    nationals = actors(pipeline, "Albanians protested in Tirana.")
    assert find(nationals, "Albanians").country == "ALB"


@pytest.mark.parametrize(
    ("text", "written", "country"),
    [
        ("Tanznia closed its border crossings on Friday.", "Tanznia", "TZA"),
        ("Phillipine marines landed on the island.", "Phillipine marines", "PHL"),
    ],
)
def test_a_misspelt_country_word_still_names_its_country(
    pipeline: Pipeline, text: str, written: str, country: str
) -> None:
    assert find(actors(pipeline, text), written).country == country


def test_a_person_named_like_a_country_is_not_one(pipeline: Pipeline) -> None:
    found = actors(pipeline, "Senator Jordan Kenyon criticized the budget.")
    assert all(a.country is None for a in found)


def test_a_transnational_armed_group_has_the_manuals_code(pipeline: Pipeline) -> None:
    found = actors(pipeline, "Islamic State fighters attacked a checkpoint.")
    assert find(found, "Islamic State fighters").country == "IMG"


def test_a_holder_named_only_by_title_is_an_entity(pipeline: Pipeline) -> None:
    text = "The Chinese premier visited Nairobi on Monday."
    doc = pipeline.annotate(Article.make(text, published="2019-05-01"))
    entity = next(e for e in doc._.entities if e.name == "Li Keqiang")
    assert (entity.country, entity.type, entity.mentions) == ("CHN", "PERSON", [(4, 19)])


def test_a_modifier_adds_a_second_sector(pipeline: Pipeline) -> None:
    found = actors(pipeline, "The Kenyan health ministry said 12 people had died.")
    ministry = find(found, "Kenyan health ministry")
    assert (ministry.country, ministry.sector, ministry.sectors) == ("KEN", "GOV", ["GOV", "MED"])


def test_a_modifier_word_heads_no_actor(pipeline: Pipeline) -> None:
    found = actors(pipeline, "The health of the displaced worsened over the winter.")
    assert all(a.text != "health" for a in found)


def test_lower_cased_text_finds_names_blind_to_case(pipeline: Pipeline) -> None:
    found = actors(pipeline, "france and germany condemned the sudanese army on sunday.")
    assert [(a.text, a.country) for a in found if a.country] == [
        ("france", "FRA"),
        ("germany", "DEU"),
        ("sudanese army", "SDN"),
    ]


def test_mixed_case_text_keeps_case_sensitive_names(pipeline: Pipeline) -> None:
    # "turkey" in lower case inside ordinary text is the bird, not Turkey
    found = actors(pipeline, "The French minister carved the turkey at the dinner.")
    assert [a.country for a in found if a.country] == ["FRA"]
