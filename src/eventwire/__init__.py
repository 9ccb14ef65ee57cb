"""eventwire: news articles in, verifiable PLOVER event data out.

>>> import eventwire
>>> doc = eventwire.extract("Rebels shelled the town on Monday.", published="2025-03-05")
>>> [e.event for e in doc.events]
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from .records import Article, Document
from .settings import Options

if TYPE_CHECKING:
    from .core import Pipeline

__all__ = ["Article", "Document", "Options", "Pipeline", "extract", "load"]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """`eventwire.Pipeline` on first use: it imports spaCy (a second and a half), which
    the web view, `--version` and code that only reads records never need."""
    if name == "Pipeline":
        from .core import Pipeline

        return Pipeline
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")


@lru_cache(maxsize=1)
def load(options: Options | None = None) -> Pipeline:
    """The shared Pipeline for these options, loaded once per process."""
    from .core import Pipeline

    return Pipeline(options)


def extract(text: str, published: dt.date | str | None = None, **meta: object) -> Document:
    """Extract one article with the default pipeline."""
    return load().extract(text, published=published, **meta)
