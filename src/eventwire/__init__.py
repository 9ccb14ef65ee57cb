"""eventwire: news articles in, verifiable PLOVER event data out.

>>> import eventwire
>>> doc = eventwire.extract("Rebels shelled the town on Monday.", published="2025-03-05")
>>> [e.event for e in doc.events]
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .core import Pipeline
from .records import Article, Document
from .settings import Options

__all__ = ["Article", "Document", "Options", "Pipeline", "extract", "load"]
__version__ = "0.1.0"


@lru_cache(maxsize=1)
def load(options: Options | None = None) -> Pipeline:
    """The shared Pipeline for these options, loaded once per process."""
    return Pipeline(options)


def extract(text: str, published: dt.date | str | None = None, **meta: object) -> Document:
    """Extract one article with the default pipeline."""
    return load().extract(text, published=published, **meta)
