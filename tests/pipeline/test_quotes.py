"""Quotes stage: quotation forms, span convention, speakers from the parse, pronouns,
'according to', standalone quotes and the actor lookup. All sentences are invented."""

from __future__ import annotations

import pytest

from eventwire.pipeline.quotes import actor_at, quote_spans
from eventwire.records import Actor, Article, Quote


@pytest.fixture
def find(pipeline):
    def run(text: str) -> list[Quote]:
        return pipeline.annotate(Article.make(text, published="2025-03-05"))._.quotes

    return run


def speakers(quotes: list[Quote]) -> list[str | None]:
    return [q.speaker.text if q.speaker else None for q in quotes]


# -- quotation marks ---------------------------------------------------------------------


def test_curly_quote_with_speaker_after(find):
    text = "“The bridge will reopen within a week,” the transport minister said."
    (quote,) = find(text)
    assert quote.text == "The bridge will reopen within a week"
    assert text[quote.span[0] : quote.span[1]] == quote.text
    assert quote.speaker.text == "transport minister"
    assert quote.sentence == 0


def test_straight_quote_with_inverted_speech_verb(find):
    (quote,) = find('"We were never consulted," said Tomas Herrera, a fisherman from the bay.')
    assert quote.text == "We were never consulted"
    assert quote.speaker.text == "Tomas Herrera"


def test_quote_spanning_sentences(find):
    text = 'The envoy said: "The window is closing. We need an answer by Friday."'
    (quote,) = find(text)
    assert quote.text == "The window is closing. We need an answer by Friday."
    assert quote.speaker.text == "envoy"


def test_colon_introduced_quote_after_participle(find):
    text = (
        "Later, Senator Ruth Okafor posted a short video from the border, adding: "
        "“Open the crossings and let the trucks through.”"
    )
    (quote,) = find(text)
    assert quote.text == "Open the crossings and let the trucks through."
    assert quote.speaker.text == "Senator Ruth Okafor"


def test_short_quoted_phrase(find):
    text = "The foreign minister described the proposal as “a trap” and left the room."
    (quote,) = find(text)
    assert quote.text == "a trap"
    assert quote.speaker.text == "foreign minister"


def test_trailing_comma_belongs_to_the_sentence(find):
    text = "The mayor called the damage “staggering,” and asked for army engineers."
    (quote,) = find(text)
    assert quote.text == "staggering"
    assert text[quote.span[0] : quote.span[1]] == "staggering"


def test_sentence_index(find):
    text = 'Rain fell all night. The river rose fast. "We lost everything," a farmer said.'
    (quote,) = find(text)
    assert quote.sentence == 2


def test_no_quotes(find):
    assert find("The talks ended without an agreement, officials said.") == []


# -- speakers ----------------------------------------------------------------------------


def test_pronoun_points_back_to_the_previous_named_speaker(find):
    text = (
        "Governor Lena Marsh said the levees had held. "
        "She toured the shelters on Monday, calling the volunteers “extraordinary.”"
    )
    (quote,) = find(text)
    assert quote.text == "extraordinary."
    assert quote.speaker.text == "Governor Lena Marsh"


def test_speaker_inside_a_reported_clause(find):
    text = "Okafor said the coalition would do “everything necessary” to protect the corridor."
    (quote,) = find(text)
    assert quote.speaker.text == "Okafor"


def test_according_to(find):
    text = "According to a senior negotiator, the draft is “close to dead.”"
    (quote,) = find(text)
    assert quote.speaker.text == "senior negotiator"


def test_standalone_quote_keeps_the_previous_speaker(find):
    text = '"We will not retreat," the colonel said. "Our positions are secure."'
    quotes = find(text)
    assert [q.text for q in quotes] == ["We will not retreat", "Our positions are secure."]
    assert speakers(quotes) == ["colonel", "colonel"]


def test_scare_quote_without_speaker(find):
    (quote,) = find("The so-called “green zone” stayed closed to traffic on Monday.")
    assert quote.text == "green zone"
    assert quote.speaker is None


def test_title_with_name_in_apposition_gives_the_name(find):
    text = "The ministry's spokeswoman, Dana Quill, told reporters: “No decision has been made.”"
    (quote,) = find(text)
    assert quote.speaker.text == "Dana Quill"


def test_quote_running_over_paragraphs_is_attributed_at_its_end(find):
    text = (
        'Commander Idris Bello inspected the wall. "We have repaired the breach. '
        "The guns are quiet.\n"
        '"We expect the convoy by morning," he said.'
    )
    quotes = find(text)
    assert [q.text for q in quotes] == [
        "We have repaired the breach. The guns are quiet.",
        "We expect the convoy by morning",
    ]
    assert quotes[0].speaker == quotes[1].speaker
    assert quotes[1].speaker is not None


def test_speaker_named_by_the_actor_layer(find):
    (quote,) = find("“Europe must stand together,” Macron said on Tuesday.")
    assert quote.speaker.text == "Macron"
    assert quote.speaker.name == "Emmanuel Macron"
    assert quote.speaker.country == "FRA"


def test_unknown_speaker_keeps_text_as_name(find):
    (quote,) = find("“We counted every house,” said Ilse Varga, a local volunteer.")
    assert quote.speaker.name == quote.speaker.text == "Ilse Varga"


def test_actor_lookup_uses_the_actor_layer(pipeline):
    """Set the actor layer by hand and rerun only this stage: the lookup overlaps the
    speaker's head token with actor spans."""
    text = "“The border stays closed,” the commander said."
    doc = pipeline.annotate(Article.make(text))
    start = text.index("commander")
    doc._.actors = [
        Actor(
            text="commander",
            name="Gen. Ada Park",
            country="XKX",
            sector="MIL",
            span=(start, start + len("commander")),
        )
    ]
    doc = pipeline.nlp.get_pipe("eventwire_quotes")(doc)
    (quote,) = doc._.quotes
    assert (quote.speaker.text, quote.speaker.name) == ("commander", "Gen. Ada Park")
    assert (quote.speaker.country, quote.speaker.sector) == ("XKX", "MIL")
    assert actor_at(doc._.actors, doc[0]) is None


# -- pairing marks (no parse needed) -----------------------------------------------------


def spans_text(text: str) -> list[str]:
    return [text[q.start : q.end] for q in quote_spans(text)]


def test_apostrophes_are_not_quotes():
    assert spans_text("The soldiers’ families said it’s the rebels’ fault.") == []
    assert spans_text("It's the farmers' land, they said.") == []


def test_curly_single_quotes():
    assert spans_text("‘We have nothing left,’ one farmer told the radio.") == [
        "We have nothing left"
    ]


def test_nested_quotes_stay_inside():
    text = "“He told us ‘leave now’ and we left,” she said."
    assert spans_text(text) == ["He told us ‘leave now’ and we left"]


def test_unclosed_quote_does_not_swallow_the_next_paragraph():
    text = 'He said "the road is open.\nTraffic resumed on Monday. "Good," a driver said.'
    assert spans_text(text) == ["Good"]


def test_run_on_quote_is_marked():
    text = '"First part.\n"Second part," she said.'
    found = quote_spans(text)
    assert [(text[q.start : q.end], q.runs_on) for q in found] == [
        ("First part.", True),
        ("Second part", False),
    ]
