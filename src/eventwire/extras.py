"""Optional dependencies: the packages an extra brings, imported only where used.

The core install (`pip install eventwire`) is what the pipeline and the SQLite store
need. PostgreSQL (`psycopg`) and Parquet (`pyarrow`) come with extras, so a feature that
needs one imports it through `require`: a user without it gets one coded line that says
which extra to install, not a ModuleNotFoundError from deep inside.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import Errors, EventwireError

EXTRAS = {"psycopg": "postgres", "pyarrow": "parquet"}
"""Top-level module -> the extra that installs it (pyproject.toml's optional-dependencies)."""


class MissingExtraError(EventwireError, ImportError):
    """An optional package is not installed; the message names the extra to install.
    An ImportError too, so code that already treats a missing import as "extra not
    installed" keeps working."""


def missing(module: str, feature: str) -> MissingExtraError:
    """The coded error for a feature whose optional package is not installed."""
    top = module.partition(".")[0]
    extra = EXTRAS.get(top, top)
    return MissingExtraError(Errors.E140.format(feature=feature, package=top, extra=extra))


def require(module: str, feature: str) -> ModuleType:
    """The module, imported; `MissingExtraError` (E140) when its extra is not installed."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise missing(module, feature) from None
