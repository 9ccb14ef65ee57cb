"""STUB (quotes stage): to be implemented. Sets: quotes."""

from spacy.language import Language
from spacy.tokens import Doc


class QuoteFinder:
    def __init__(self, nlp: Language, name: str, **config: object) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = []
        return doc
