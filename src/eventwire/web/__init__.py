"""The web view and REST API over the store (`eventwire serve`): FastAPI, read-only by
default. `create_app(store)` builds the application; queries.py holds the SQL."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
