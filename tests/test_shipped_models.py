"""The shipped encoder and heads reproduce, on a clean install, what they scored on a
slice of the frozen test when they were trained (scripts/frozen_slice.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "frozen_slice.json").read_text())
TOLERANCE = 0.02
"""onnxruntime on another CPU may round a little differently; more is a real change."""


def test_the_shipped_models_reproduce_the_frozen_slice(pipeline) -> None:
    spec = importlib.util.spec_from_file_location(
        "frozen_slice", ROOT / "scripts" / "frozen_slice.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.measure(pipeline)
    for name, expected in EXPECTED["figures"].items():
        assert figures[name] == pytest.approx(expected, abs=TOLERANCE), name
