"""STUB (figures stage): to be implemented. Sets: figures."""

from spacy.language import Language
from spacy.tokens import Doc


class FigureFinder:
    def __init__(self, nlp: Language, name: str, **config: object) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.figures = []
        return doc
