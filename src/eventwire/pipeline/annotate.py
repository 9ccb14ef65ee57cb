"""Annotate: load the spaCy model that gives sentences, tokens, the parse and NER."""

from __future__ import annotations

import importlib.util
import re
from importlib.resources import files

import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import Errors, ModelError
from ..settings import DEFAULT_MODELS


def load_model(name: str | None = None, max_chars: int = 100_000) -> Language:
    """Load the named spaCy package, or the first of DEFAULT_MODELS that is installed."""
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        if importlib.util.find_spec(candidate) is not None:
            nlp = spacy.load(candidate)
            nlp.max_length = max(max_chars, nlp.max_length)
            nlp.tokenizer = LinearTokenizer(nlp.tokenizer)
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


LONG_RUN = 64
"""Characters without a space beyond which a run is cut into pieces of this length
instead of going through spaCy's tokenizer, whose prefix and suffix rules take time
quadratic in a token's length (a run of 8,000 emoji: 13 s; base64 blobs, URLs of
tracking junk). No word of news is this long."""
LONG_RUN_RE = re.compile(rf"\S{{{LONG_RUN},}}")


class LinearTokenizer:
    """spaCy's tokenizer, in time linear in the text: long runs without spaces become
    pieces of LONG_RUN characters; everything else is tokenized as spaCy would. The
    Doc's text is the input, character for character, so spans stay true."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if LONG_RUN_RE.search(text) is None:
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for match in LONG_RUN_RE.finditer(text):
            self._add(text[position : match.start()], words, spaces)
            run = match.group()
            for start in range(0, len(run), LONG_RUN):
                words.append(run[start : start + LONG_RUN])
                spaces.append(False)
            position = match.end()
            if text.startswith(" ", position):
                spaces[-1] = True
                position += 1
        self._add(text[position:], words, spaces)
        return Doc(self.tokenizer.vocab, words=words, spaces=spaces)

    def _add(self, segment: str, words: list[str], spaces: list[bool]) -> None:
        if segment:
            for token in self.tokenizer(segment):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))

    def __getattr__(self, name: str):
        # to_bytes, explain, rules...: what spaCy's own tokenizer offers
        if name == "tokenizer":  # not yet set (unpickling)
            raise AttributeError(name)
        return getattr(self.tokenizer, name)
