"""Annotate: the model as loaded, and its tokenizer's handling of hostile text."""

from __future__ import annotations

import pytest

from eventwire.pipeline.annotate import LONG_RUN, LinearTokenizer


@pytest.mark.parametrize(
    "text",
    [
        "Protesters marched in Nairobi. " + "\U0001f600" * 8_000 + " Police arrested 3 people.",
        "x" * LONG_RUN,
        " " + "y" * 200 + "  \n z " + "\U0001f525" * 70,
        "a b\n\n" + "\u00e9" * 65 + "\t q",
        "Data: " + "QUJD" * 5_000 + "\nTroops withdrew from Kidal on Monday.",
    ],
)
def test_long_runs_are_cut_and_the_text_is_kept_exactly(nlp, text: str) -> None:
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert max(len(token) for token in doc) <= max(LONG_RUN, 30)


def test_a_run_of_emoji_costs_tokens_in_proportion_to_its_length(nlp) -> None:
    """spaCy's own tokenizer splits such a run one character at a time, in quadratic
    time (8,000 emoji took 13 s); cut into pieces it is a few hundred tokens."""
    run = "\U0001f600" * 8_000
    doc = nlp.make_doc(f"Troops withdrew. {run} Police arrested 3 people.")
    assert len(doc) < 8_000 // LONG_RUN + 20
    assert [t.text for t in doc[-5:]] == ["Police", "arrested", "3", "people", "."]


def test_ordinary_text_is_tokenized_as_spacy_does(nlp) -> None:
    assert isinstance(nlp.tokenizer, LinearTokenizer)
    text = "Israeli warplanes struck Gaza City on Sunday, killing 12 (officials said)."
    assert [t.text for t in nlp.make_doc(text)] == [t.text for t in nlp.tokenizer.tokenizer(text)]


def test_the_whole_pipeline_reads_an_emoji_flood(pipeline) -> None:
    text = "Police arrested 3 protesters in Nairobi. " + "\U0001f600" * 8_000
    document = pipeline.extract(text)
    arrest = next(e for e in document.events if e.event == "COERCE")
    assert arrest.arrested is not None and arrest.arrested.value == 3
