"""Annotate: load the spaCy model that gives sentences, tokens, the parse and NER."""

from __future__ import annotations

import importlib.util
from importlib.resources import files

import spacy
import yaml
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
            add_lemma_exceptions(nlp)
            return nlp
    if name:
        raise ModelError(Errors.E002.format(name=name))
    raise ModelError(Errors.E001.format(names=", ".join(names)))


TAGS = {"verb": "^VB", "noun": "^NN", "adj": "^JJ"}


def add_lemma_exceptions(nlp: Language) -> None:
    """Teach the pipeline the lemmas in data/lemma_exceptions.yaml through its
    attribute ruler: the rule lemmatizer, which runs later, keeps a lemma already set,
    so every stage sees "stage" for "staged"."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    path = files("eventwire") / "data" / "lemma_exceptions.yaml"
    for pos, forms in yaml.safe_load(path.read_text(encoding="utf-8")).items():
        for form, lemma in forms.items():
            pattern = [{"LOWER": form, "TAG": {"REGEX": TAGS[pos]}}]
            ruler.add([pattern], {"LEMMA": lemma})
