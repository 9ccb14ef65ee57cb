"""Candidate triggers from PETRARCH2's verb dictionary (data/petrarch_verbs.yaml)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from eventwire import ontology
from eventwire.pipeline.candidates import VerbCandidate, load_verb_candidates


def senses(lemma: str, words: set[str] | None = None) -> set[tuple[str | None, str | None]]:
    """(category, mode) of every sense of the lemma's phrases that `words` fill (the
    bare verb's alone when no words are given)."""
    found = set()
    for candidate in load_verb_candidates().get(lemma, ()):
        bare = not candidate.words
        if bare if words is None else (not bare and candidate.matches(words)):
            found |= {(s.event, s.mode) for s in candidate.senses}
    return found


def test_the_converted_file_loads() -> None:
    candidates = load_verb_candidates()
    assert len(candidates) > 1000
    assert load_verb_candidates() is candidates  # read once
    everything = [c for found in candidates.values() for c in found]
    assert all(isinstance(c, VerbCandidate) and c.senses for c in everything)
    events = {s.event for c in everything for s in c.senses}
    assert events - {None} <= set(ontology.CATEGORIES)


@pytest.mark.parametrize(
    ("lemma", "expected"),
    [
        ("kill", ("ASSAULT", None)),
        ("arrest", ("COERCE", "arrest")),
        ("visit", ("CONSULT", "visit")),
        ("accuse", ("ACCUSE", "disapprove")),
        ("deport", ("COERCE", "deport")),
        ("threaten", ("THREATEN", None)),
    ],
)
def test_unmistakable_verbs(lemma: str, expected: tuple[str, str | None]) -> None:
    assert expected in senses(lemma)


def test_patterns_reduce_to_a_verb_and_its_words() -> None:
    assert ("ASSAULT", "firearms") in senses("open", {"fire"})
    assert ("ASSAULT", "abduct") in senses("take", {"prisoner"})  # &HOSTAGE's members
    take_hostage = next(c for c in load_verb_candidates()["take"] if c.phrase == "take &hostage")
    assert take_hostage.matches({"hostage", "aid", "worker"})
    assert not take_hostage.matches({"part"})
    assert senses("kill", {"in", "accident"}) == {(None, None)}  # PETRARCH: no event


RULE_STAGES = ("actors", "temporal", "place", "figures", "quotes", "events", "senses")


@pytest.mark.parametrize("stage", RULE_STAGES)
def test_no_rule_stage_reads_the_candidates(stage: str) -> None:
    """Candidates, not rules: the learned layer decides which fire, and no rule stage
    may change behaviour because of them."""
    text = (Path(str(files("eventwire"))) / "pipeline" / f"{stage}.py").read_text(encoding="utf-8")
    uses = ("petrarch_verbs", "load_verb_candidates", ".candidates import", "import candidates")
    assert not any(use in text for use in uses)
