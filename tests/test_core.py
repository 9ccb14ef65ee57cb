"""The Pipeline: one model, batches in order, processes, settings."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from spacy.util import minibatch

from eventwire import Document, Options, Pipeline, extract
from eventwire.core import batches
from eventwire.errors import ExtractionError, ModelError, SettingsError
from eventwire.pipeline.events import EventCoder
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


# -- one article never costs another ----------------------------------------------------

POISON = "POISON"


def poisoned_call(original):
    def call(self, doc):
        if POISON in doc.text:
            raise ValueError("poisoned article")
        return original(self, doc)

    return call


@pytest.fixture
def poisoned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The events stage raises on any article that says POISON."""
    monkeypatch.setattr(EventCoder, "__call__", poisoned_call(EventCoder.__call__))


def kinds(results: list) -> list[str]:
    return [type(r).__name__ for r in results]


def test_a_failing_article_becomes_failed_and_the_others_come_out(pipeline, poisoned) -> None:
    articles = [Article.make(t, id=f"a{i}") for i, t in enumerate(TEXTS)]
    articles.insert(1, Article.make(f"{POISON} Troops shelled the port.", id="bad", where="x:2"))
    results = list(pipeline.process(articles))
    assert kinds(results) == ["Document", "Failed", "Document", "Document"]
    assert [r.id for r in results if isinstance(r, Document)] == ["a0", "a1", "a2"]
    assert results[1].message == (
        "[E080] x:2 (id bad): extraction failed (ValueError: poisoned article)"
    )
    with pytest.raises(ExtractionError, match=r"\[E080\]"):
        list(pipeline.extract_many(articles))


def test_a_batch_that_fails_whole_is_run_again_one_by_one(
    pipeline, poisoned, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batched components (spaCy's parser, NER) fail a whole batch and end the stream: the
    batch's innocent articles still come out, and later batches are still processed."""

    def pipe(self, docs, batch_size: int = 128):
        for batch in minibatch(docs, batch_size):
            if any(POISON in doc.text for doc in batch):
                raise ValueError("a batch with poison in it")
            yield from (self(doc) for doc in batch)

    monkeypatch.setattr(EventCoder, "pipe", pipe, raising=False)
    monkeypatch.setattr(pipeline, "options", Options(batch_size=3))
    texts = [f"Gunmen attacked a checkpoint near Gao on day {n}." for n in range(9)]
    texts[4] = f"{POISON} " + texts[4]
    results = list(pipeline.process(texts))
    assert kinds(results) == ["Document"] * 4 + ["Failed"] + ["Document"] * 4
    assert all(r.events for r in results if isinstance(r, Document))


def test_text_the_tokenizer_cannot_take_fails_alone(pipeline) -> None:
    """A lone surrogate (readers replace them; the Python API may pass one) cannot be
    hashed by spaCy's string store."""
    results = list(pipeline.process([TEXTS[0], "Police \ud800 arrested 4 men.", TEXTS[1]]))
    assert kinds(results) == ["Document", "Failed", "Document"]
    assert "UnicodeEncodeError" in results[1].message


def test_an_input_that_is_no_text_fails_alone(pipeline) -> None:
    results = list(pipeline.process([TEXTS[0], 42, TEXTS[1]]))  # type: ignore[list-item]
    assert kinds(results) == ["Document", "Failed", "Document"]
    assert results[1].message.startswith("[E080] #1 (id #1): extraction failed (TypeError")


def test_batches_are_bounded_in_documents_and_characters() -> None:
    lengths = [10, 10, 10, 90, 10, 200, 5]
    docs = [SimpleNamespace(text="x" * n) for n in lengths]
    sizes = [[len(d.text) for d in b] for b in batches(iter(docs), size=3, chars=100)]
    assert sizes == [[10, 10, 10], [90, 10], [200], [5]]
