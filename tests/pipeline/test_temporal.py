"""The time stage: expressions found, resolved against publication and the text's own
clock, and the date an event gets. Every article here is published on Wednesday
2025-03-05, so "Friday" in a past clause is 2025-02-28 and in a future one 2025-03-07."""

from __future__ import annotations

import pytest

from eventwire.pipeline.temporal import Grammar, event_date, load_time_words
from eventwire.records import Article, When

PUBLISHED = "2025-03-05"


def annotate(pipeline, text: str, published: str | None = PUBLISHED):
    return pipeline.annotate(Article.make(text, published=published))


def dates(pipeline, text: str, published: str | None = PUBLISHED) -> dict[str, When]:
    return {when.text: when for when in annotate(pipeline, text, published)._.dates}


def token(doc, word: str):
    return next(t for t in doc if t.text == word)


# --- tense picks the occurrence -----------------------------------------------------------


def test_weekday_in_past_clause_is_the_last_one(pipeline):
    found = dates(pipeline, "Rebels shelled the port on Friday.")
    assert found["Friday"].value == "2025-02-28"
    assert found["Friday"].precision == "day"
    assert found["Friday"].basis == "text"


def test_weekday_in_future_clause_is_the_coming_one(pipeline):
    found = dates(pipeline, "The envoy will visit the capital on Friday.")
    assert found["Friday"].value == "2025-03-07"


def test_weekday_after_expected_to_is_future(pipeline):
    found = dates(pipeline, "The ministers are expected to sign the accord on Saturday.")
    assert found["Saturday"].value == "2025-03-08"


def test_month_day_without_year_follows_tense(pipeline):
    future = dates(pipeline, "The president will receive the delegation on April 2.")
    past = dates(pipeline, "The delegations met in Geneva on April 2.")
    assert future["April 2"].value == "2025-04-02"
    assert past["April 2"].value == "2024-04-02"


def test_month_without_day_has_month_precision(pipeline):
    found = dates(pipeline, "The port was closed in November.")
    assert (found["November"].value, found["November"].precision) == ("2024-11", "month")


# --- deictic words count from publication -------------------------------------------------


def test_today_yesterday_tomorrow(pipeline):
    found = dates(
        pipeline, "The truce collapsed yesterday. Talks resume tomorrow. Aid arrives today."
    )
    assert found["yesterday"].value == "2025-03-04"
    assert found["tomorrow"].value == "2025-03-06"
    assert found["today"].value == "2025-03-05"


def test_weeks_are_monday_to_sunday(pipeline):
    found = dates(pipeline, "Aid deliveries fell last week but recovered this week.")
    assert (found["last week"].value, found["last week"].end) == ("2025-02-24", "2025-03-02")
    assert (found["this week"].value, found["this week"].end) == ("2025-03-03", "2025-03-09")
    assert found["this week"].precision == "week"


def test_months_and_years_relative_to_publication(pipeline):
    found = dates(
        pipeline, "Prices rose earlier this month, fell last year and may fall again next month."
    )
    assert (found["earlier this month"].value, found["earlier this month"].precision) == (
        "2025-03",
        "month",
    )
    assert (found["last year"].value, found["last year"].precision) == ("2024", "year")
    assert found["next month"].value == "2025-04"


def test_counted_back_from_publication(pipeline):
    found = dates(pipeline, "Three days ago the border closed. Over the past two weeks 40 died.")
    assert found["Three days ago"].value == "2025-03-02"
    recent = found["the past two weeks"]
    assert (recent.value, recent.end, recent.precision) == ("2025-02-19", "2025-03-05", "day")


def test_weekend_follows_tense(pipeline):
    past = dates(pipeline, "Fighting eased over the weekend.")
    future = dates(pipeline, "Negotiators will meet over the weekend.")
    assert (past["the weekend"].value, past["the weekend"].end) == ("2025-03-01", "2025-03-02")
    assert future["the weekend"].value == "2025-03-08"


# --- anaphoric words count from the text's last date --------------------------------------


def test_next_day_counts_from_the_last_date_in_the_text(pipeline):
    text = (
        "Militants ambushed a convoy on Sunday. The next day, the army shelled their camp. "
        "Two days later, both sides accepted a truce."
    )
    found = dates(pipeline, text)
    assert found["Sunday"].value == "2025-03-02"
    assert found["The next day"].value == "2025-03-03"
    assert found["Two days later"].value == "2025-03-05"


def test_following_day_after_an_old_date_is_not_read_from_publication(pipeline):
    found = dates(pipeline, "On 2 March 2024 the army shelled the town. The following day it left.")
    assert found["2 March 2024"].value == "2024-03-02"
    assert found["The following day"].value == "2024-03-03"


def test_since_then_runs_from_the_last_date_to_publication(pipeline):
    found = dates(pipeline, "The siege began in June 2022. Since then, 900 people have died.")
    since = found["Since then"]
    assert (since.value, since.precision, since.end) == ("2022-06", "month", PUBLISHED)


def test_a_day_after_an_event_is_not_guessed(pipeline):
    assert dates(pipeline, "A day after the election, protesters filled the square.") == {}


# --- written dates, ranges and starts -----------------------------------------------------


def test_explicit_dates_and_years(pipeline):
    text = "The treaty was signed on November 12, 2019 and revised in 2021, as in the 1990s."
    found = dates(pipeline, text)
    assert (found["November 12, 2019"].value, found["November 12, 2019"].precision) == (
        "2019-11-12",
        "day",
    )
    assert (found["2021"].value, found["2021"].precision) == ("2021", "year")
    assert (found["the 1990s"].value, found["the 1990s"].end) == ("1990", "1999")


def test_range_between_two_dates(pipeline):
    found = dates(pipeline, "Protests spread between January 4 and February 7.")
    span = found["between January 4 and February 7"]
    assert (span.value, span.end, span.precision) == ("2025-01-04", "2025-02-07", "day")


def test_range_sharing_month_and_year(pipeline):
    found = dates(pipeline, "Fighting raged on July 4-6, 2024, monitors said.")
    assert (found["July 4-6, 2024"].value, found["July 4-6, 2024"].end) == (
        "2024-07-04",
        "2024-07-06",
    )


def test_two_days_of_one_month(pipeline):
    found = dates(pipeline, "Voters went to the polls on April 21 and 22.")
    assert (found["April 21 and 22"].value, found["April 21 and 22"].end) == (
        "2024-04-21",
        "2024-04-22",
    )


def test_two_separate_dates_are_not_a_range(pipeline):
    found = dates(pipeline, "Rebels struck on July 4 and the army withdrew on July 9.")
    assert (found["July 4"].end, found["July 9"].value) == (None, "2024-07-09")


def test_since_gives_the_start_of_an_open_range(pipeline):
    found = dates(pipeline, "The minister has lived abroad since March 2020.")
    since = found["since March 2020"]
    assert (since.value, since.precision, since.end) == ("2020-03", "month", PUBLISHED)
    without = dates(pipeline, "The minister has lived abroad since March 2020.", published=None)
    assert (without["since March 2020"].value, without["since March 2020"].end) == ("2020-03", None)


def test_numeric_dates_month_first_unless_impossible(pipeline):
    found = dates(pipeline, "He was detained on 10/07/2023 and died on 29/01/2024.")
    assert found["10/07/2023"].value == "2023-10-07"
    assert found["29/01/2024"].value == "2024-01-29"


# --- what is not a date -------------------------------------------------------------------


def test_ages_durations_and_vague_spans_are_left_out(pipeline):
    text = (
        "The guard, who is 60 years old, was held for three days in recent weeks. "
        "It was a critical time for the 25-year-old."
    )
    assert dates(pipeline, text) == {}


def test_modal_may_and_the_noun_march_are_not_months(pipeline):
    assert dates(pipeline, "Troops may withdraw after the march.") == {}


@pytest.mark.parametrize(
    "text", ["60 years old", "three days", "recent weeks", "a critical time", "decades", "two"]
)
def test_grammar_rejects_non_dates(text):
    assert Grammar(load_time_words()).parse(text) is None


# --- without a publication date -----------------------------------------------------------


def test_without_publication_relative_words_keep_text_but_no_value(pipeline):
    text = "Militants attacked the base on Sunday. The talks ended on March 30, 2020."
    found = dates(pipeline, text, published=None)
    assert found["Sunday"].value is None and found["Sunday"].precision is None
    assert found["March 30, 2020"].value == "2020-03-30"


def test_without_publication_the_text_can_still_anchor(pipeline):
    text = "On 2 March 2024 the army shelled the town. The next day it withdrew."
    assert dates(pipeline, text, published=None)["The next day"].value == "2024-03-03"


# --- the layer itself ---------------------------------------------------------------------


def test_dates_are_sorted_and_spans_point_at_the_text(pipeline):
    text = "Aid fell last week. Rebels shelled the port on Friday. Talks resume on April 2."
    doc = annotate(pipeline, text)
    spans = [when.span for when in doc._.dates]
    assert spans == sorted(spans)
    assert [doc.text[s:e] for s, e in spans] == [when.text for when in doc._.dates]
    assert [when.text for when in doc._.dates] == ["last week", "Friday", "April 2"]


# --- event_date ---------------------------------------------------------------------------


def test_event_date_from_the_trigger_clause(pipeline):
    doc = annotate(pipeline, "Police detained 12 students on Tuesday near the university.")
    when = event_date(doc, token(doc, "detained"))
    assert (when.text, when.value, when.basis) == ("Tuesday", "2025-03-04", "text")


def test_event_date_from_a_fronted_relative_date(pipeline):
    text = "Militants ambushed a convoy on Sunday. The next day, drones struck a depot."
    doc = annotate(pipeline, text)
    assert event_date(doc, token(doc, "struck")).value == "2025-03-03"
    assert event_date(doc, token(doc, "ambushed")).value == "2025-03-02"


def test_event_date_from_a_governing_clause(pipeline):
    doc = annotate(pipeline, "On Monday, the minister resigned, citing threats.")
    assert event_date(doc, token(doc, "citing")).value == "2025-03-03"


def test_event_date_ignores_dates_of_other_clauses(pipeline):
    doc = annotate(pipeline, "Police, who arrived on Friday, detained three protesters.")
    when = event_date(doc, token(doc, "detained"))
    assert (when.text, when.value, when.basis, when.span) == ("", PUBLISHED, "published", None)


def test_event_date_carries_over_within_a_paragraph(pipeline):
    text = "The offensive began on May 3, 2023. Troops crossed the river, seizing two towns."
    doc = annotate(pipeline, text)
    assert event_date(doc, token(doc, "seizing")).value == "2023-05-03"


def test_event_date_does_not_carry_a_plan_onto_the_past(pipeline):
    text = "The envoy will arrive on Friday. Gunmen attacked a checkpoint."
    doc = annotate(pipeline, text)
    assert event_date(doc, token(doc, "attacked")).basis == "published"


def test_event_date_without_any_date(pipeline):
    doc = annotate(pipeline, "Gunmen attacked a checkpoint.", published=None)
    assert event_date(doc, token(doc, "attacked")) is None


def test_event_date_returns_a_copy(pipeline):
    doc = annotate(pipeline, "Rebels shelled the port on Friday.")
    when = event_date(doc, token(doc, "shelled"))
    when.value = "1999-01-01"
    assert doc._.dates[0].value == "2025-02-28"
