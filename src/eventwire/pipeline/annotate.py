"""Annotate: load the spaCy model that gives sentences, tokens, the parse and NER."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

from ..errors import Errors, ModelError
from ..settings import DEFAULT_MODELS


def load_model(name: str | None = None, max_chars: int = 1_000_000) -> Language:
    """Load the named spaCy package, or the first of DEFAULT_MODELS that is installed."""
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        if importlib.util.find_spec(candidate) is not None:
            nlp = spacy.load(candidate)
            nlp.max_length = max(max_chars, nlp.max_length)
            return nlp
    if name:
        raise ModelError(Errors.E002.format(name=name))
    raise ModelError(Errors.E001.format(names=", ".join(names)))
