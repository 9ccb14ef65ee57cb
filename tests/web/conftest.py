"""Fixtures of the web tests: the repository's examples/ run through the real pipeline
once per session, stored in a SQLite file (and, for the tests that ask, PostgreSQL),
and an app or a real uvicorn server over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.core import Failed
from eventwire.inputs import read_inputs
from eventwire.records import Article, Document
from eventwire.store import Store
from eventwire.web import create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def example_pairs(pipeline) -> list[tuple[Article, Document]]:
    """(article, document) for every article of examples/, extracted once."""
    articles = [item for item in read_inputs([EXAMPLES]) if isinstance(item, Article)]
    assert len(articles) >= 3
    documents = list(pipeline.process(articles))
    assert not any(isinstance(d, Failed) for d in documents)
    return list(zip(articles, documents, strict=True))


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory, example_pairs) -> Path:
    """A SQLite store of the examples; tests that write use a copy (`writable_db`)."""
    path = tmp_path_factory.mktemp("web") / "examples.db"
    with Store.open(str(path)) as store:
        assert len(store.add(example_pairs)) == len(example_pairs)
    return path


@pytest.fixture
def writable_db(examples_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.db"
    shutil.copy(examples_db, copy)
    return copy


@pytest.fixture(scope="session")
def readonly_store(examples_db: Path) -> Iterator[Store]:
    with Store.open(str(examples_db), readonly=True) as store:
        yield store


@pytest.fixture(scope="session")
def client(readonly_store: Store) -> Iterator[TestClient]:
    """The app as `eventwire serve` makes it by default: read-only, no ingest."""
    with TestClient(create_app(readonly_store), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """Where browser screenshots are kept (printed in the test log)."""
    return tmp_path_factory.mktemp("web-artifacts")
