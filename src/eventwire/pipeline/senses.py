"""Senses: a small learned model picks the category of words the lexicon cannot settle.

"strike" is an ASSAULT in "a strike on the convoy" and a PROTEST in "dock workers
began a strike"; a foreign ministry that "protested" ACCUSEs, students who "protested"
PROTEST. data/senses.yaml lists such words with the senses they may take; the model
(data/senses.npz) scores those senses from the lemmas of the sentence, the trigger word
and the sector of the event's actor. It is a linear model over hashed features, so it
runs as a few array lookups per ambiguous trigger, with numpy alone; only a sense the
data file allows can win. `scripts/train_senses.py` retrains it in seconds on CPU.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np
import yaml
from spacy.strings import get_string_id
from spacy.tokens import Span

from ..records import Actor

DATA = files("eventwire") / "data"
CONTENT_POS = ("NOUN", "VERB", "ADJ", "ADV")
"""Parts of speech whose lemmas are features; names are left out so that the model
learns what was done, not who did it in the training stories."""


@dataclass(frozen=True)
class SenseModel:
    """The listed senses and the trained weights."""

    senses: dict[tuple[str, str], dict[str, str | None]]
    """(part of speech, lemma) -> {category: mode}."""
    classes: tuple[str, ...]
    coef: np.ndarray
    """One row of weights per class, one column per feature bucket."""
    intercept: np.ndarray

    @property
    def buckets(self) -> int:
        return self.coef.shape[1]

    def choose(
        self, pos: str, lemma: str, sentence: Span, actors: Iterable[Actor]
    ) -> tuple[str, str | None] | None:
        """(category, mode) of the word in this sentence; None if it is not listed."""
        senses = self.senses.get((pos, lemma))
        if not senses:
            return None
        columns = feature_ids(sentence, lemma, actors) % np.uint64(self.buckets)
        scores = self.coef[:, columns.astype(np.intp)].sum(axis=1) + self.intercept
        allowed = [i for i, name in enumerate(self.classes) if name in senses]
        if not allowed:
            return None
        best = self.classes[max(allowed, key=lambda i: scores[i])]
        return best, senses[best]


def feature_ids(sentence: Span, lemma: str, actors: Iterable[Actor]) -> np.ndarray:
    """Hashes of the sentence's content lemmas, the trigger word and who acts (spaCy's
    string hashes: stable across runs and machines). A named country with no sector is
    the state itself ("Egypt protested": a diplomatic protest)."""
    ids = [t.lemma for t in sentence if t.pos_ in CONTENT_POS]
    ids.append(get_string_id(f"word={lemma}"))
    roles = [a.sector or ("STATE" if a.name and a.country else None) for a in actors]
    ids += [get_string_id(f"sector={r}") for r in roles if r]
    return np.unique(np.array(ids, dtype=np.uint64))


def load_senses() -> dict[tuple[str, str], dict[str, str | None]]:
    raw = yaml.safe_load((DATA / "senses.yaml").read_text(encoding="utf-8"))
    return {(pos.upper(), lemma): senses for pos, words in raw.items()
            for lemma, senses in words.items()}  # fmt: skip


@lru_cache(maxsize=1)
def load() -> SenseModel | None:
    """The shipped model; None before the first training run, when the lexicon's
    default sense stands."""
    path = DATA / "senses.npz"
    if not path.is_file():
        return None
    with path.open("rb") as f:
        weights = np.load(f)
        classes = tuple(str(c) for c in weights["classes"])
        coef = weights["coef"].astype(np.float32)
        intercept = weights["intercept"].astype(np.float32)
    return SenseModel(load_senses(), classes, coef, intercept)
