"""PLOVER quad classes, scores, CAMEO roots and ACLED types."""

from __future__ import annotations

from eventwire import ontology


def test_every_category_has_a_quad_score_and_cameo() -> None:
    quads = {"verbal cooperation", "material cooperation", "verbal conflict", "material conflict"}
    for category in ontology.CATEGORIES:
        coding = ontology.code(category, None)
        assert coding.quad in quads and -10 <= coding.score <= 10 and coding.cameo


def test_mode_scores_and_cameo_codes_from_the_manual() -> None:
    assert ontology.code("ASSAULT", "aerial").score == -9.5
    assert ontology.code("CONSULT", "visit").cameo == "042"
    assert ontology.code("COERCE", "arrest").cameo == "173"
    assert ontology.code("AID", None).quad == "material cooperation"


def test_acled_types_follow_mode_and_actors() -> None:
    strike = ontology.acled("ASSAULT", "aerial", ["MIL"], ["CVL"])
    assert strike is not None and strike.sub_event_type == "Air/drone strike"
    clash = ontology.acled("ASSAULT", "firearms", ["REB"], ["MIL"])
    assert clash is not None and (clash.event_type, clash.sub_event_type) == (
        "Battles",
        "Armed clash",
    )
    attack = ontology.acled("ASSAULT", "firearms", ["REB"], ["CVL"])
    assert attack is not None and attack.event_type == "Violence against civilians"
    assert ontology.acled("CONSULT", None, ["GOV"], ["GOV"]) is None


def test_plover_view_of_intentions() -> None:
    assert ontology.plover_category("RETREAT", "future") == "AGREE"
    assert ontology.plover_category("CONSULT", "hypothetical") == "AGREE"
    assert ontology.plover_category("ASSAULT", "future") == "THREATEN"
    assert ontology.plover_category("AGREE", "negated") == "REJECT"
    assert ontology.plover_category("ASSAULT", "occurred") == "ASSAULT"
    assert ontology.plover_category("REQUEST", "future") == "REQUEST"


def test_acled_types_that_need_the_trigger_words() -> None:
    taken = ontology.acled("COERCE", "seize", ["REB"], [], frozenset({"capture"}))
    assert taken is not None and taken.sub_event_type == "Non-state actor overtakes territory"
    retaken = ontology.acled("COERCE", "seize", ["MIL"], [], frozenset({"retake"}))
    assert retaken is not None and retaken.sub_event_type == "Government regains territory"
    grenade = ontology.acled("ASSAULT", "explosives", ["REB"], ["CVL"], frozenset({"grenade"}))
    assert grenade is not None and grenade.sub_event_type == "Grenade"
    seized = ontology.acled("COERCE", "seize", ["COP"], [], frozenset({"confiscate"}))
    assert seized is not None and seized.sub_event_type == "Looting/property destruction"
