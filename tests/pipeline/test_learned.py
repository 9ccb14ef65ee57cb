"""The learned layer: the shipped encoder and heads load, score sentences sensibly, and
the events stage uses them (drop, add, ACLED sub-type); rules-only mode skips them.
Sentences are invented for these tests."""

from __future__ import annotations

import numpy as np
import pytest

from eventwire import Options, Pipeline
from eventwire.ontology import acled_from_sub_type
from eventwire.pipeline.encoder import shared
from eventwire.pipeline.learned import bag_scores, choose_acled, load_heads, main_verb
from eventwire.records import Article, Event

ATTACK = "Gunmen stormed a police station in Zamfara on Monday, killing four officers."
COMMENT = "Analysts say the region's economy is unlikely to recover before next year."


def test_the_encoder_gives_unit_vectors_and_similar_sentences_are_close() -> None:
    vectors = shared().encode(
        [ATTACK, "Armed men raided a police post in Katsina, killing three policemen.", COMMENT]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_heads_tell_an_attack_from_commentary() -> None:
    heads = load_heads()
    attack, comment = heads.score(shared().encode([ATTACK, COMMENT]))
    assert attack[0] > 0.8 > 0.2 > comment[0]
    categories = attack[1 : 1 + len(heads.categories)]
    assert heads.categories[int(np.argmax(categories))] == "ASSAULT"
    assert 0.0 <= heads.skip <= heads.drop <= heads.add <= 1.0 and heads.drop > 0.0


def test_the_bag_of_ngrams_tells_an_attack_from_commentary_and_is_blended_in() -> None:
    heads = load_heads()
    bag = bag_scores([ATTACK, COMMENT], heads.categories)
    assert bag.shape == (2, 1 + len(heads.categories))
    assert bag[0, 0] > 0.8 > 0.2 > bag[1, 0]
    assert heads.categories[int(np.argmax(bag[0, 1:]))] == "ASSAULT"
    vectors = shared().encode([ATTACK, COMMENT])
    alone, blended = heads.score(vectors)[:, 0], heads.score(vectors, bag)[:, 0]
    expected = (1 - heads.blend) * alone + heads.blend * bag[:, 0]
    assert 0.0 < heads.blend < 1.0 and np.allclose(blended, expected, atol=1e-5)


def test_sentences_that_could_report_an_event_get_scores_and_rules_only_mode_none(
    pipeline,
) -> None:
    """A sentence with no word the lexicons offer as a trigger is not encoded (None)."""
    doc = pipeline.annotate(Article.make(f"{ATTACK} {COMMENT}"))
    attack, comment = doc._.sentence_scores
    assert attack is not None and attack[0] > 0.8
    assert comment is None
    rules_only = Pipeline(Options(learned=False))
    assert "eventwire_learned" not in rules_only.nlp.pipe_names
    assert rules_only.annotate(Article.make(ATTACK))._.sentence_scores is None


def test_acled_sub_type_is_chosen_among_those_the_category_fits() -> None:
    heads = load_heads()
    row = heads.score(shared().encode([ATTACK]))[0].tolist()
    event = Event(id="e", event="ASSAULT", quad="material conflict", score=-9,
                  status="occurred", event_text="stormed", span=(7, 14), sentence=0,
                  confidence=0.9)  # fmt: skip
    choose_acled(heads, event, row)
    allowed = heads.compatible[heads.categories.index("ASSAULT")]
    assert event.acled is not None
    assert allowed[heads.acled_labels.index(event.acled.sub_event_type)]
    consult = event.model_copy(update={"event": "CONSULT", "acled": None})
    choose_acled(heads, consult, row)
    assert consult.acled is None  # no sub-type fits a consultation


def test_the_heads_take_away_a_strategic_development_but_not_a_violent_sub_type() -> None:
    heads = load_heads()
    row = heads.score(shared().encode([ATTACK]))[0].tolist()
    offset = 1 + len(heads.categories)
    row[offset : offset + len(heads.acled_labels)] = [
        1.0 if label == "NONE" else 0.0 for label in heads.acled_labels
    ]  # the heads are sure no sub-type applies
    agree = Event(id="e", event="AGREE", quad="verbal cooperation", score=3,
                  status="occurred", event_text="agreed", span=(0, 6), sentence=0,
                  confidence=0.9, acled=acled_from_sub_type("Agreement"))  # fmt: skip
    choose_acled(heads, agree, row)
    assert agree.acled is None
    attack = agree.model_copy(
        update={"event": "ASSAULT", "acled": acled_from_sub_type("Armed clash")}
    )
    choose_acled(heads, attack, row)
    assert attack.acled is not None and attack.acled.sub_event_type == "Armed clash"


@pytest.mark.parametrize("text", [COMMENT, "The death toll from the war has passed 40,000."])
def test_sentences_that_report_no_event_get_none(pipeline, text: str) -> None:
    assert pipeline.extract(text).events == []


def test_an_added_event_hangs_on_the_reported_clause_not_on_said(pipeline) -> None:
    doc = pipeline.annotate("Both sides will resume peace talks next month, the ministry said.")
    (sentence,) = doc.sents
    assert main_verb(sentence).text == "said"
    assert main_verb(sentence, frozenset({"say"})).text == "resume"
