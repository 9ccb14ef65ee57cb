"""STUB (actors stage): to be implemented. Sets: actors entities."""

from spacy.language import Language
from spacy.tokens import Doc


class ActorResolver:
    def __init__(self, nlp: Language, name: str, **config: object) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = []
        doc._.entities = []
        return doc
