"""eventwire: news articles in, verifiable PLOVER event data out.

>>> import eventwire
>>> doc = eventwire.extract("Rebels shelled the town on Monday.", published="2025-03-05")
>>> [e.event for e in doc.events]

Errors raised on purpose are `EventwireError`s with a one-line coded message:
`InputError` for an input that is not an article (a bad `published`, a dict without
"text"), `ExtractionError` when the pipeline fails on one.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import EventwireError, ExtractionError, InputError
from .records import Article, Document
from .settings import Options

if TYPE_CHECKING:
    from .core import Failed, Pipeline

__all__ = [
    "Article",
    "Document",
    "EventwireError",
    "ExtractionError",
    "Failed",
    "InputError",
    "Options",
    "Pipeline",
    "extract",
    "load",
]
__version__ = "0.1.0"

if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all attribute

    def __getattr__(name: str) -> object:
        """`eventwire.Pipeline` (and `Failed`) on first use: they import spaCy (a second
        and a half), which the web view, `--version` and code that only reads records
        never need."""
        if name in ("Pipeline", "Failed"):
            from . import core

            return getattr(core, name)
        raise AttributeError(f"module 'eventwire' has no attribute {name!r}")


@lru_cache(maxsize=1)
def load(options: Options | None = None) -> Pipeline:
    """The shared Pipeline for these options, loaded once per process."""
    from .core import Pipeline

    return Pipeline(options)


def extract(
    text: str,
    published: dt.date | str | None = None,
    *,
    id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
) -> Document:
    """Extract one article with the default pipeline (`Pipeline.extract`). Raises
    InputError for a bad `published` or field, ExtractionError if the pipeline fails."""
    return load().extract(text, published, id=id, title=title, url=url, source=source)
