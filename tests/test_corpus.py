"""The written corpus: its records are valid, the frozen test is unseen, and scoring
a pipeline on corpus records counts what it says it counts (no model needed)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import jsonschema
import pytest

from eventwire.corpus import is_corpus_line, parse_record, score
from eventwire.records import Actor, Document, Event

Acled = Event.model_fields["acled"].annotation.__args__[0]


def record(text: str, *events: dict, id: str = "r") -> str:
    return json.dumps({"id": id, "text": text, "style": "body", "events": list(events)})


def gold(category: str, **fields) -> dict:
    return {"trigger": "x", "event": category, "status": "occurred"} | fields


def predicted(category: str, mode=None, actors=(), recipients=(), acled=None, status="occurred"):
    def people(countries):
        return [Actor(text="they", country=c, span=(0, 4)) for c in countries]

    return Event(
        id="e", event=category, mode=mode, quad="material conflict", score=-9, status=status,
        actor=people(actors), recipient=people(recipients), event_text="x", span=(0, 1),
        sentence=0, confidence=0.9,
        acled=Acled(event_type="Battles", sub_event_type=acled) if acled else None,
    )  # fmt: skip


def doc(*events: Event) -> Document:
    return Document(id="r", events=list(events))


def test_corpus_lines_are_told_from_plover_gold_lines() -> None:
    assert is_corpus_line(record("Calm returned."))
    assert not is_corpus_line(json.dumps({"text": "x", "event": "ASSAULT"}))


def test_scores_count_records_categories_sub_types_and_countries() -> None:
    clash = parse_record(
        record(
            "Troops clashed with rebels; police arrested 4.",
            gold(
                "ASSAULT",
                mode="firearms",
                acled="Armed clash",
                actor=[{"text": "Troops", "country": "MLI"}],
                recipient=[{"text": "rebels", "country": "MLI"}],
            ),
            gold("COERCE", mode="arrest", acled="Arrests"),
        ),  # fmt: skip
        "test:1",
    )
    calm = parse_record(record("Calm returned to the town."), "test:2")
    pairs = [
        (clash, doc(predicted("ASSAULT", "firearms", ["MLI"], ["NER"], acled="Armed clash"))),
        (calm, doc(predicted("PROTEST"), predicted("SANCTION"))),
    ]
    report = score(pairs)
    detection = report["event_detection"]
    assert (detection["tp"], detection["fp"], detection["fn"]) == (1, 1, 0)
    micro = report["category_micro"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (1, 2, 1)
    assert report["per_acled"]["Armed clash"]["f1"] == 1.0
    assert report["per_acled"]["Arrests"]["fn"] == 1
    assert report["acled_weighted_f1"] == 0.5  # (1.0 x 1 + 0.0 x 1) / 2
    assert report["mode_accuracy"]["correct"] == 1 and report["mode_accuracy"]["total"] == 1
    assert report["actor_country_accuracy"]["value"] == 1.0
    assert report["recipient_country_accuracy"]["value"] == 0.0  # NER is not MLI
    assert report["fully_right"]["correct"] == 0
    assert report["spurious_per_empty_record"]["value"] == 2.0
    assert ["ASSAULT+COERCE", "ASSAULT", 1] in report["confusion"]


def test_acled_sub_types_count_only_occurred_events() -> None:
    planned = parse_record(record("They will shell it.", gold("ASSAULT", status="future")), "t")
    report = score([(planned, doc(predicted("ASSAULT", acled="Armed clash", status="future")))])
    assert report["per_acled"] == {}


@pytest.mark.parametrize("line", ["{", '{"id": "x", "events": [{"event": "ASSAULT"}]}'])
def test_a_broken_corpus_record_is_a_clear_error(line: str) -> None:
    with pytest.raises(ValueError, match=r"\[E031\] f:3"):
        parse_record(line, "f:3")


# -- the corpus files themselves ----------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
CHECKER = ROOT / "scripts" / "corpus.py"


@pytest.fixture(scope="module")
def checker():
    """scripts/corpus.py, the writers' checker, as a module."""
    spec = importlib.util.spec_from_file_location("corpus_checker", CHECKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_corpus_record_is_valid(checker) -> None:
    schema = json.loads((checker.CORPUS / "schema.json").read_text())
    modes = json.loads((checker.CORPUS / "modes.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    files = checker.split_files("train") + checker.split_files("test")
    seen: set[str] = set()
    count = 0
    for where, item in checker.records(files):
        assert checker.problems(item, validator, modes) == [], where
        assert item["id"] not in seen, where
        seen.add(item["id"])
        count += 1
    assert count >= 12_000 + 2_500


def test_no_test_record_nearly_duplicates_a_training_record(checker) -> None:
    """The frozen test measures news the models never saw: token Jaccard at most 0.8."""
    test = [r["text"] for _, r in checker.records(checker.split_files("test"))]
    train = [r["text"] for _, r in checker.records(checker.split_files("train"))]
    assert len(test) >= 2_500
    assert checker.near_duplicates(test, train) == []


def test_near_duplicates_are_found(checker) -> None:
    pairs = checker.near_duplicates(
        ["Police arrested 12 protesters in Lagos on Monday."],
        ["Calm returned.", "police arrested 12 protesters in Lagos on Monday"],
    )
    assert [(q, i) for q, i, _ in pairs] == [(0, 1)]
