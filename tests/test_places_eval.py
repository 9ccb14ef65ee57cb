"""Geoparsing scores (eventwire.places_eval) on hand-built cases, then the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import evaluate as evaluate_cli_module
from eventwire.cli.app import app
from eventwire.places_eval import (
    MAX_KM,
    GoldToponym,
    PlacesGoldError,
    PlacesReport,
    auc,
    read_places_gold,
    score_article,
)
from eventwire.records import Place

TEXT = "Clashes in Tripoli and Benghazi; calm in Misrata."
GOLD = [
    GoldToponym(11, 18, "Tripoli", 32.89, 13.19),
    GoldToponym(23, 31, "Benghazi", 32.12, 20.07),
    GoldToponym(41, 48, "Misrata", 32.38, 15.09),
]


def test_scores_by_hand() -> None:
    predicted = [
        Place(text="Tripoli", span=(11, 18), lat=32.89, lon=13.19),  # 0 km
        Place(text="Benghazi", span=(23, 31), lat=34.44, lon=35.85),  # Lebanon: far
        Place(text="Misrata", span=(41, 48)),  # no coordinates: not found
    ]
    report = PlacesReport()
    score_article(GOLD, predicted, report)
    assert report.total == 3 and len(report.errors) == 2
    assert report.found == pytest.approx(2 / 3)
    assert report.acc161 == pytest.approx(1 / 3)  # a miss counts against acc@161
    assert report.errors[0] == pytest.approx(0, abs=0.01)
    assert 1400 < report.errors[1] < 1600
    assert report.mean_km == pytest.approx(sum(report.errors) / 2)


def test_overlap_is_enough() -> None:
    report = PlacesReport()
    score_article(GOLD[:1], [Place(text="in Tripoli", span=(8, 18), lat=32.9, lon=13.2)], report)
    assert report.acc161 == 1.0


def test_auc() -> None:
    assert auc([]) == 0.0
    assert auc([0, 0, 0]) == 0.0
    assert auc([MAX_KM, MAX_KM]) == pytest.approx(1.0, rel=1e-4)
    # trapezoids over the sorted, scaled errors [0, x]: (0 + x) / 2
    x = math.log(1 + 100) / math.log(MAX_KM)
    assert auc([100, 0]) == pytest.approx(x / 2)


def write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_bad_span_is_named(tmp_path: Path) -> None:
    row = {"id": "a", "text": TEXT, "toponyms": [{"start": 0, "end": 7, "text": "Tripoli",
                                                   "lat": 1, "lon": 2}]}  # fmt: skip
    with pytest.raises(PlacesGoldError, match=r"\[E132\] .*gold.jsonl:1"):
        read_places_gold(write(tmp_path, [row]))


def test_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline) -> None:
    monkeypatch.setattr(evaluate_cli_module, "load_pipeline", lambda *a, **k: pipeline)
    toponyms = [{"start": t.start, "end": t.end, "text": t.text, "lat": t.lat, "lon": t.lon}
                for t in GOLD]  # fmt: skip
    path = write(tmp_path, [{"id": "a", "text": TEXT, "toponyms": toponyms}])
    result = CliRunner().invoke(app, ["evaluate", "--places", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["toponyms"] == 3 and report["found"] == 1.0 and report["acc@161"] == 1.0
    table = CliRunner().invoke(app, ["evaluate", "--places", str(path)])
    assert "acc@161" in table.output and "100.0%" in table.output


def test_cli_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--places", str(path)])
    assert result.exit_code == 1
    assert "[E131]" in result.output and "Traceback" not in result.output
