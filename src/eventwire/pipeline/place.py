"""STUB (place stage): to be implemented. Sets: places."""

from spacy.language import Language
from spacy.tokens import Doc


class PlaceResolver:
    def __init__(self, nlp: Language, name: str, **config: object) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = []
        return doc
