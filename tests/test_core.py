"""The Pipeline: one model, batches in order, processes, settings."""

from __future__ import annotations

import pytest

from eventwire import Options, Pipeline, extract
from eventwire.errors import ModelError, SettingsError
from eventwire.records import Article

TEXTS = [
    "Rebels ambushed a police patrol near Gao on Monday, killing four officers.",
    "The foreign ministers of Peru and Chile will meet in Lima next week.",
    "Farmers blocked the main highway to protest fuel prices.",
]


def test_extract_many_keeps_input_order_and_ids(pipeline: Pipeline) -> None:
    articles = [Article.make(t, id=f"a{i}", published="2024-06-12") for i, t in enumerate(TEXTS)]
    docs = list(pipeline.extract_many(articles))
    assert [d.id for d in docs] == ["a0", "a1", "a2"]
    assert [d.events[0].event for d in docs] == ["ASSAULT", "CONSULT", "PROTEST"]


def test_extract_many_is_lazy(pipeline: Pipeline) -> None:
    def endless():
        while True:
            yield TEXTS[0]

    stream = pipeline.extract_many(endless())
    assert next(stream).events and next(stream).events


def test_worker_processes_give_the_same_documents(pipeline: Pipeline) -> None:
    parallel = Pipeline(Options(n_process=2, batch_size=1))
    articles = [Article.make(t, published="2024-06-12") for t in TEXTS]
    assert list(parallel.extract_many(articles)) == list(pipeline.extract_many(articles))


def test_module_level_extract_and_text_ids() -> None:
    first = extract(TEXTS[2], published="2024-06-12")
    again = extract("  " + TEXTS[2].upper() + "\n")
    assert first.id == again.id  # the id hashes normalized text
    assert first.published is not None and again.published is None


def test_options_are_validated() -> None:
    with pytest.raises(SettingsError, match="batch_size"):
        Options(batch_size=0)
    with pytest.raises(SettingsError, match="model"):
        Options(model="  ")


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="not installed"):
        Pipeline(Options(model="no_such_model_package"))
