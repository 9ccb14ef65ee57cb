"""Senses: the learned model picks among the senses data/senses.yaml lists."""

from __future__ import annotations

import pytest

from eventwire import Pipeline
from eventwire.pipeline import senses
from eventwire.records import Article


@pytest.fixture(scope="module")
def pipeline(rules_pipeline: Pipeline) -> Pipeline:
    """The sense model is part of the rules: tested on the rules-only pipeline."""
    return rules_pipeline


def categories(pipeline: Pipeline, text: str) -> list[tuple[str, str | None]]:
    return [(e.event, e.mode) for e in pipeline.annotate(Article.make(text))._.events]


def test_the_shipped_model_knows_every_listed_sense() -> None:
    model = senses.load()
    assert model is not None
    listed = {category for options in model.senses.values() for category in options}
    assert listed <= set(model.classes)
    assert model.coef.shape == (len(model.classes), model.buckets)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The air force carried out a strike on a fuel depot near Idlib.", ("ASSAULT", None)),
        ("Port workers went on a strike on Monday over unpaid wages.", ("PROTEST", "strike")),
        ("Egypt protested the shelling of its embassy.", ("ACCUSE", "disapprove")),
        ("Students protested in the capital against the new fees.", ("PROTEST", "demo")),
        ("Troops marched into the province at dawn.", ("MOBILIZE", "troops")),
        (
            "Thousands of pensioners marched through the capital for higher payments.",
            ("PROTEST", "demo"),
        ),
        ("Police blocked the road to the opposition party's office.", ("COERCE", "restrict")),
        ("Hundreds of farmers blocked the motorway with tractors.", ("PROTEST", "obstruct")),
    ],
)
def test_the_sentence_decides_the_sense(
    pipeline: Pipeline, text: str, expected: tuple[str, str | None]
) -> None:
    assert categories(pipeline, text) == [expected]


def test_without_the_model_the_lexicon_default_stands(pipeline: Pipeline) -> None:
    coder = pipeline.nlp.get_pipe("eventwire_events")
    model, coder.senses = coder.senses, None
    try:
        assert categories(pipeline, "Egypt protested the shelling of its embassy.") == [
            ("PROTEST", "demo")
        ]
    finally:
        coder.senses = model


def test_only_a_listed_word_is_decided(pipeline: Pipeline) -> None:
    model = senses.load()
    assert model is not None
    doc = pipeline.annotate(Article.make("Iran rejected the proposal."))
    assert model.choose("VERB", "reject", next(iter(doc.sents)), []) is None
    sense = model.choose("VERB", "protest", next(iter(doc.sents)), [])
    assert sense is not None and sense[0] in ("PROTEST", "ACCUSE")
