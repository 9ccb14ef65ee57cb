"""The Pipeline: one model, batches in order, processes, settings."""

from __future__ import annotations

import datetime as dt
import inspect
import typing
from types import SimpleNamespace

import pytest
from pydantic import ValidationError
from spacy.util import minibatch

import eventwire
from eventwire import Document, Options, Pipeline, extract
from eventwire.core import Failed, batches
from eventwire.errors import (
    EventwireError,
    ExtractionError,
    InputError,
    ModelError,
    ReadError,
    SettingsError,
)
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
    assert results[1].message.startswith("[E090] input #1: not an article (int); pass a text")


def test_batches_are_bounded_in_documents_and_characters() -> None:
    lengths = [10, 10, 10, 90, 10, 200, 5]
    docs = [SimpleNamespace(text="x" * n) for n in lengths]
    sizes = [[len(d.text) for d in b] for b in batches(iter(docs), size=3, chars=100)]
    assert sizes == [[10, 10, 10], [90, 10], [200], [5]]


# -- dicts in the JSONL shape, and one exception for bad input ---------------------------

RECORDS = [
    {
        "id": "r1",
        "title": "Ambush near Gao",
        "text": "Rebels ambushed a police patrol near Gao on Monday, killing four officers.",
        "published": "Wed, 12 Jun 2024 08:00:00 GMT",
        "url": "https://news.example/r1",
        "source": "Example News",
        "lang": "en",  # other keys are ignored, as in a .jsonl file
    },
    {"id": 2, "text": TEXTS[1], "published": dt.date(2024, 6, 12)},
]


def test_extract_many_takes_dicts_in_the_jsonl_shape(pipeline: Pipeline) -> None:
    article = Article.make(TEXTS[2], id="a3", published="2024-06-12")
    docs = list(pipeline.extract_many([*RECORDS, article, TEXTS[2]]))
    first = docs[0]
    assert (first.id, first.title, first.url, first.source) == (
        "r1",
        "Ambush near Gao",
        "https://news.example/r1",
        "Example News",
    )
    assert first.published == dt.date(2024, 6, 12)
    ambush = first.events[0]
    assert (ambush.id, ambush.event) == ("r1-e1", "ASSAULT")
    assert ambush.date is not None and ambush.date.value == "2024-06-10"  # Monday, anchored
    assert [d.id for d in docs[1:3]] == ["2", "a3"]
    assert [e.id for e in docs[1].events] == ["2-e1"]
    assert docs[3].published is None and docs[3].events[0].event == "PROTEST"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            {"id": "b", "text": TEXTS[0], "published": "next Tuesday"},
            r"\[E018\] input #1 \(id b\): bad publication date 'next Tuesday'",
        ),
        (
            {"id": "b", "text": TEXTS[0], "published": ""},
            r"\[E018\] input #1 \(id b\): bad publication date ''",
        ),
        ({"id": "b", "body": TEXTS[0]}, r"\[E016\] input #1 \(id b\): record has no 'text' field"),
        ({"text": "  "}, r"\[E011\] input #1: empty"),
        ({"text": TEXTS[0], "title": 7}, r"\[E022\] input #1: field 'title' must be a string"),
        (("a tuple",), r"\[E090\] input #1: not an article \(tuple\)"),
    ],
)
def test_a_bad_input_is_one_coded_input_error(pipeline: Pipeline, record, message) -> None:
    stream = pipeline.extract_many([TEXTS[1], record, TEXTS[2]])
    assert next(stream).events  # what came before the bad item comes out
    with pytest.raises(InputError, match=f"^{message}") as raised:
        next(stream)
    assert "\n" not in str(raised.value)
    assert isinstance(raised.value, EventwireError) and isinstance(raised.value, ReadError)
    assert not isinstance(raised.value, ValidationError)


def test_process_reports_a_bad_input_and_goes_on(pipeline: Pipeline) -> None:
    bad = {"id": "b", "text": TEXTS[0], "published": "2024-13-45"}
    results = list(pipeline.process([RECORDS[0], bad, TEXTS[1]]))
    assert kinds(results) == ["Document", "Failed", "Document"]
    failed = results[1]
    assert isinstance(failed, Failed) and failed.article.id == "b"
    assert failed.message.startswith("[E018] input #1 (id b): bad publication date '2024-13-45'")


def test_extract_validates_its_arguments(pipeline: Pipeline) -> None:
    with pytest.raises(InputError, match=r"^\[E018\] article: bad publication date 'yesterday'"):
        pipeline.extract(TEXTS[0], published="yesterday")
    with pytest.raises(InputError, match=r"^\[E091\] article a1: field 'title' input should be"):
        pipeline.extract(TEXTS[0], id="a1", title=5)  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"^\[E090\] article: not an article \(bytes\)"):
        pipeline.extract(b"Troops shelled the port.")  # type: ignore[arg-type]
    moment = dt.datetime(2024, 6, 12, 23, 30, tzinfo=dt.UTC)
    doc = pipeline.extract(TEXTS[0], published=moment, id="a1", source="Wire")
    assert (doc.id, doc.published, doc.source) == ("a1", dt.date(2024, 6, 12), "Wire")
    assert doc.events[0].id == "a1-e1"
    assert pipeline.extract(TEXTS[0], published="12 June 2024").published == dt.date(2024, 6, 12)


def test_module_extract_raises_the_same_error() -> None:
    with pytest.raises(InputError, match=r"^\[E018\]"):
        extract(TEXTS[0], published="2024-02-30")


def test_event_ids_are_unique_across_articles_and_stable(pipeline: Pipeline) -> None:
    """Event ids start with the article id (given, else a hash of the text): two
    stories never share one, and the same story read again keeps its ids, so the
    store's insert-or-skip sees it as already stored."""
    first, second, again = pipeline.extract_many([TEXTS[0], TEXTS[2], TEXTS[0]])
    assert first.events[0].id == f"{first.id}-e1" and first.id != second.id
    assert {e.id for e in first.events}.isdisjoint(e.id for e in second.events)
    assert [e.id for e in again.events] == [e.id for e in first.events]


PUBLIC = [
    eventwire.extract,
    eventwire.load,
    Pipeline.__init__,
    Pipeline.extract,
    Pipeline.extract_many,
    Pipeline.process,
    Pipeline.annotate,
    Pipeline.annotate_many,
]


@pytest.mark.parametrize("function", PUBLIC, ids=lambda f: f.__qualname__)
def test_the_public_api_is_fully_annotated(function) -> None:
    """Every parameter and the return of the public API has a type that resolves (a
    typed client's mypy sees precise types, not Any)."""
    names_for_checkers = {"Pipeline": Pipeline}  # imported under TYPE_CHECKING
    hints = typing.get_type_hints(
        getattr(function, "__wrapped__", function), localns=names_for_checkers
    )
    names = [n for n in inspect.signature(function).parameters if n != "self"]
    assert set(names) | {"return"} <= set(hints)
    assert all(hint is not typing.Any for hint in hints.values())


def test_the_package_exports_what_its_all_names() -> None:
    for name in eventwire.__all__:
        assert getattr(eventwire, name) is not None
    assert eventwire.Pipeline is Pipeline and eventwire.Failed is Failed
    assert eventwire.InputError is InputError
    with pytest.raises(AttributeError, match="no attribute 'Pipelines'"):
        eventwire.Pipelines  # noqa: B018
