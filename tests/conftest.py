"""Shared fixtures: the pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire import Options, Pipeline

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def rules_pipeline() -> Pipeline:
    """The rules alone, without the learned layer (`--fast`): for tests of what the
    lexicon and the parse decide, which the learned layer may overrule on a sentence."""
    return Pipeline(Options(learned=False))


@pytest.fixture(scope="session")
def nlp(pipeline: Pipeline):
    """The full spaCy pipeline with every eventwire stage."""
    return pipeline.nlp


@pytest.fixture
def shared_dir() -> Path:
    """../shared, or skip: a user's clone has none."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not available")
    return SHARED
