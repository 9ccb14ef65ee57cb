"""Scoring against gold records: exact numbers on hand-built Documents, then the CLI.

The scenario below is small enough to recompute every figure by hand; each expected
number carries the arithmetic in a comment so a failing test says what was meant.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import evaluate as evaluate_cli_module
from eventwire.cli.app import app
from eventwire.errors import ReadError
from eventwire.evaluate import (
    PRF,
    Gold,
    GoldActor,
    Ratio,
    country_hits,
    outcome,
    parse_gold_lines,
    read_gold,
    score,
    slice_scores,
    top_event,
)
from eventwire.records import Actor, Document, Event

FIXTURES = Path(__file__).parent / "fixtures"
GOLD_SMALL = FIXTURES / "gold_small.jsonl"


# --------------------------------------------------------------------------- builders


def actors(*countries: str) -> list[Actor]:
    return [Actor(text=c, country=c, span=(0, 1)) for c in countries]


def event(
    category: str,
    confidence: float,
    actor: tuple[str, ...] = (),
    recipient: tuple[str, ...] = (),
    mode: str | None = None,
) -> Event:
    return Event(
        id=f"{category}-{confidence}",
        event=category,
        mode=mode,
        quad="material conflict",
        score=0.0,
        actor=actors(*actor),
        recipient=actors(*recipient),
        event_text="x",
        span=(0, 1),
        sentence=0,
        confidence=confidence,
    )


def doc(*events: Event) -> Document:
    return Document(id="d", events=list(events))


def gold(
    category: str | None,
    actor: tuple[str, ...] = (),
    recipient: tuple[str, ...] = (),
    mode: str | None = None,
) -> Gold:
    return Gold(
        text="t",
        event=category,
        mode=mode,
        actor=tuple(GoldActor(text=c, country=c) for c in actor),
        recipient=tuple(GoldActor(text=c, country=c) for c in recipient),
    )


def scenario() -> list[tuple[Gold, Document]]:
    """Seven sentences; see the module docstring of eventwire.evaluate for definitions."""
    return [
        # S1: top ASSAULT right, extra PROTEST predicted, countries and mode right.
        (
            gold("ASSAULT", ("MLI",), ("MLI",), mode="aerial"),
            doc(
                event("ASSAULT", 0.9, ("MLI",), ("MLI",), mode="aerial"),
                event("PROTEST", 0.4),
            ),
        ),
        # S2: AGREE predicted but CONSULT is top; top has one of two gold actor countries.
        (
            gold("AGREE", ("KEN", "TZA")),
            doc(event("CONSULT", 0.8, ("KEN",)), event("AGREE", 0.5, ("KEN", "TZA"))),
        ),
        # S3: PROTEST missed entirely.
        (gold("PROTEST", ("CHL",), ("CHL",)), doc()),
        # S4: no event in gold, none predicted: right.
        (gold(None), doc()),
        # S5: legacy gold code ITL matches predicted "ita"; wrong mode.
        (gold("ASSAULT", ("ITL",), mode="firearms"), doc(event("ASSAULT", 0.7, ("ita",)))),
        # S6: spurious ACCUSE on a sentence without an event.
        (gold(None), doc(event("ACCUSE", 0.6))),
        # S7: PROTEST missed again, no gold countries.
        (gold("PROTEST"), doc()),
    ]


# --------------------------------------------------------------------------- pure scoring


def test_overall_accuracies() -> None:
    o = score(scenario()).overall
    assert o.sentences == 7
    assert (o.top_type.correct, o.top_type.total) == (3, 7)  # S1, S4, S5
    assert (o.actor_country.correct, o.actor_country.total) == (3, 5)  # S1 1/1 S2 1/2 S3 0/1 S5 1/1
    assert (o.recipient_country.correct, o.recipient_country.total) == (1, 2)  # S1 1/1, S3 0/1
    assert (o.fully_right.correct, o.fully_right.total) == (3, 7)  # S1, S4, S5
    assert (o.mode.correct, o.mode.total) == (1, 2)  # S1 right, S5 wrong
    assert (o.no_event.correct, o.no_event.total) == (3, 7)  # S3, S4, S7
    assert o.top_type.value == pytest.approx(3 / 7)
    assert o.actor_country.value == pytest.approx(0.6)


def test_per_category_prf() -> None:
    cats = {c.category: c for c in score(scenario()).categories}
    assert list(cats) == ["AGREE", "CONSULT", "ACCUSE", "PROTEST", "ASSAULT"]  # PLOVER order
    assert cats["ASSAULT"].prf == PRF(tp=2, fp=0, fn=0)
    assert cats["AGREE"].prf == PRF(tp=1, fp=0, fn=0)  # predicted set counts, not only top
    assert cats["PROTEST"].prf == PRF(tp=0, fp=1, fn=2)  # FP S1, FN S3 and S7
    assert cats["CONSULT"].prf == PRF(tp=0, fp=1, fn=0)
    assert cats["ACCUSE"].prf == PRF(tp=0, fp=1, fn=0)
    assert cats["CONSULT"].prf.recall == 0.0  # 0/0 -> 0.0
    assert cats["CONSULT"].scores.sentences == 0


def test_per_category_accuracies() -> None:
    cats = {c.category: c.scores for c in score(scenario()).categories}
    protest = cats["PROTEST"]
    assert protest.sentences == 2
    assert (protest.top_type.correct, protest.no_event.correct) == (0, 2)
    assert (protest.actor_country.correct, protest.actor_country.total) == (0, 1)
    assault = cats["ASSAULT"]
    assert (assault.top_type.correct, assault.top_type.total) == (2, 2)
    assert (assault.actor_country.correct, assault.actor_country.total) == (2, 2)
    assert (assault.mode.correct, assault.mode.total) == (1, 2)


def test_micro_and_macro() -> None:
    report = score(scenario())
    # micro: TP 2+1 = 3, FP 1+1+1 = 3, FN 2
    assert report.micro == PRF(tp=3, fp=3, fn=2)
    assert report.micro.precision == pytest.approx(0.5)
    assert report.micro.recall == pytest.approx(0.6)
    assert report.micro.f1 == pytest.approx(2 * 0.5 * 0.6 / 1.1)
    # macro over the gold categories AGREE, PROTEST, ASSAULT: (1 + 0 + 1) / 3
    assert report.macro.categories == 3
    assert report.macro.precision == pytest.approx(2 / 3)
    assert report.macro.recall == pytest.approx(2 / 3)
    assert report.macro.f1 == pytest.approx(2 / 3)


def test_macro_f1_is_mean_of_f1s() -> None:
    # A: P 1/2, R 1 -> F1 2/3. B: missed -> 0. Mean F1 1/3, not F1 of mean P, R.
    pairs = [
        (gold("ASSAULT"), doc(event("ASSAULT", 0.9))),
        (gold("AGREE"), doc(event("ASSAULT", 0.9))),
    ]
    report = score(pairs)
    assert report.macro.precision == pytest.approx((0.5 + 0.0) / 2)
    assert report.macro.recall == pytest.approx((1.0 + 0.0) / 2)
    assert report.macro.f1 == pytest.approx((2 / 3 + 0.0) / 2)


def test_confusion_most_frequent_first() -> None:
    assert score(scenario()).confusion == [
        ("PROTEST", "NONE", 2),
        ("AGREE", "CONSULT", 1),
        ("NONE", "ACCUSE", 1),
    ]


def test_top_event_is_highest_confidence_first_on_tie() -> None:
    assert top_event(doc()) is None
    assert top_event(doc(event("AID", 0.2), event("ASSAULT", 0.9))).event == "ASSAULT"
    assert top_event(doc(event("AID", 0.5), event("ASSAULT", 0.5))).event == "AID"


def test_country_hits_ignores_gold_without_country() -> None:
    gold_actors = [GoldActor("a", "USA"), GoldActor("b", None), GoldActor("c", "JAP")]
    assert country_hits(gold_actors, actors("JPN")) == Ratio(1, 2)
    assert country_hits([], actors("USA")) == Ratio(0, 0)


def test_report_json_round_trip() -> None:
    data = json.loads(json.dumps(score(scenario()).to_dict()))
    assert data["sentences"] == 7
    assert data["overall"]["micro"]["precision"] == 0.5
    assert data["overall"]["top_type_accuracy"] == {"value": 0.4286, "correct": 3, "total": 7}
    assert data["categories"]["ASSAULT"]["f1"] == 1.0
    assert data["confusion"][0] == {"gold": "PROTEST", "predicted": "NONE", "count": 2}
    assert "micro" in data["definitions"]


# --------------------------------------------------------------------------- gold parsing


def test_parse_gold_lines_skips_malformed_with_location() -> None:
    lines = [
        json.dumps({"text": "A.", "event": "assault", "actor": [{"text": "x", "country": "itl"}]}),
        "",
        "{not json",
        json.dumps({"event": "AGREE"}),
        json.dumps({"text": "B.", "event": "DEMAND"}),
        json.dumps({"text": "C.", "event": "AGREE", "actor": "USA"}),
        json.dumps({"text": "D.", "event": "", "published": "yesterday"}),
        json.dumps({"text": "E.", "event": "", "published": "2025-03-05", "mode": ""}),
    ]
    records, problems = parse_gold_lines(lines, "g.jsonl")
    assert [r.text for r in records] == ["A.", "E."]
    assert records[0].event == "ASSAULT"
    assert records[0].actor[0].country == "ITA"
    assert records[1].event is None and records[1].mode is None
    assert str(records[1].published) == "2025-03-05"
    assert [p.split(":")[0] + ":" + p.split(":")[1] for p in problems] == [
        "[E015] g.jsonl:3",
        "[E016] g.jsonl:4",
        "[E032] g.jsonl:5",
        "[E031] g.jsonl:6",
        "[E018] g.jsonl:7",
    ]
    assert all("\n" not in p for p in problems)


def test_read_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"E010"):
        read_gold(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"E030"):
        read_gold(bad)


def test_gold_small_fixture_is_valid() -> None:
    records, problems = read_gold(GOLD_SMALL)
    assert problems == []
    assert 8 <= len(records) <= 12
    assert any(r.event is None for r in records)


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, pipeline) -> CliRunner:
    """A runner whose `evaluate` reuses the session's pipeline instead of loading another."""
    monkeypatch.setattr(evaluate_cli_module, "load_pipeline", lambda *args, **kwargs: pipeline)
    return CliRunner()


def test_cli_table_prints_metric_names(runner: CliRunner) -> None:
    result = runner.invoke(app, ["evaluate", str(GOLD_SMALL)])
    assert result.exit_code == 0, result.output
    for name in ("Overall (12 sentences)", "top type accuracy", "actor country accuracy",
                 "recipient country accuracy", "fully right", "no event", "micro", "macro",
                 "Per category", "Confusion", "Definitions"):  # fmt: skip
        assert name in result.stdout


def test_cli_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["evaluate", str(GOLD_SMALL), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sentences"] == 12
    overall = data["overall"]
    for key in ("top_type_accuracy", "actor_country_accuracy", "recipient_country_accuracy",
                "fully_right", "no_event", "micro", "macro"):  # fmt: skip
        assert key in overall
    assert overall["top_type_accuracy"]["total"] == 12
    assert overall["actor_country_accuracy"]["total"] == 13
    assert isinstance(data["confusion"], list)
    assert set(data["categories"]) >= {"ASSAULT", "AGREE", "PROTEST"}


def test_cli_skips_malformed_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    good = json.dumps({"text": "Rebels attacked the town.", "event": "ASSAULT"})
    path.write_text(good + "\n{broken\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f"{path}:2" in result.stderr
    assert json.loads(result.stdout)["sentences"] == 1


@pytest.mark.parametrize(("content", "code"), [(None, "E010"), ("{broken\n", "E030"), ("", "E030")])
def test_cli_unusable_gold_exits_1(
    runner: CliRunner, tmp_path: Path, content: str | None, code: str
) -> None:
    path = tmp_path / "g.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 1
    assert code in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_cli_unknown_model_exits_1() -> None:
    result = CliRunner().invoke(app, ["evaluate", str(GOLD_SMALL), "--model", "no_such_model"])
    assert result.exit_code == 1
    assert "E002" in result.stderr


def test_cli_on_shared_dev_set(runner: CliRunner, shared_dir: Path) -> None:
    gold_file = shared_dir / "data" / "plover_gsr_dev.jsonl"
    result = runner.invoke(app, ["evaluate", str(gold_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["sentences"] == 164
    assert data["overall"]["top_type_accuracy"]["total"] == 164
    assert data["overall"]["macro"]["categories"] == 16


def test_extra_events_per_sentence() -> None:
    pairs = [
        (gold("ASSAULT"), doc(event("ASSAULT", 0.9), event("COERCE", 0.5), event("AID", 0.4))),
        (gold(None), doc(event("PROTEST", 0.5))),
        (gold("AGREE"), doc()),
    ]
    scores = slice_scores([outcome(g, d) for g, d in pairs])
    assert scores.extra_events == 3  # two beyond the one gold event, one where gold has none
    assert scores.extra_per_sentence == pytest.approx(1.0)
