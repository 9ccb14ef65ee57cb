"""STUB (temporal stage): to be implemented. Sets: dates."""

from spacy.language import Language
from spacy.tokens import Doc


class TimeResolver:
    def __init__(self, nlp: Language, name: str, **config: object) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = []
        return doc
