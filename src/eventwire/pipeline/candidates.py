"""Candidate event triggers from PETRARCH2's verb dictionary, for the learned layer.

`data/petrarch_verbs.yaml` (converted by scripts/convert_petrarch.py from PETRARCH2's
CAMEO.2.0.txt, MIT, Open Event Data Alliance) lists some 1,400 verb lemmas and 6,800
verb phrases ("open fire", "take &hostage", "kill in accident") with the CAMEO codes
the dictionary gives them and their PLOVER category and mode. That is far more than
data/events.yaml, and far less precise: the patterns were written for PETRARCH's parser
and fire on senses a sentence does not have. So no rule reads them. They are here for
the learned layer (issue 12, section 3), which can ask which categories the dictionary
offers for a clause's verb and the words around it, and decide itself which fire.

    candidates = load_verb_candidates()
    for candidate in candidates.get("take", ()):
        if candidate.matches({"hostage", "two", "aid", "worker"}):
            ...  # candidate.senses[0].event == "ASSAULT", .mode == "abduct"
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from ..knowledge import load_json_yaml

DATA = files("eventwire") / "data"
VERBS_FILE = "petrarch_verbs.yaml"


@dataclass(frozen=True, slots=True)
class Sense:
    """One reading the dictionary gives a verb phrase."""

    cameo: str | None
    """CAMEO code; None where PETRARCH codes the pattern as no event ('kill in accident')."""
    event: str | None
    """PLOVER category; None for no event and for CAMEO 01 and 02 (statements, appeals),
    which PLOVER dropped."""
    mode: str | None
    reverse: bool
    """The code is for the target acting on the source ('receive death threat')."""
    sources: tuple[str, ...]
    """The dictionary block and pattern(s) the sense comes from."""


@dataclass(frozen=True, slots=True)
class VerbCandidate:
    """A verb lemma and the words a pattern needs around it, with the senses it gives."""

    phrase: str
    """As the file keys it: 'open fire', 'take &hostage', 'wire tap'."""
    lemma: str
    words: tuple[frozenset[str], ...]
    """Each word the phrase needs besides the verb, as the set of forms that fill its
    place: {'fire'}, or a synonym set's members {'hostage', 'prisoner', 'captive'}.
    A form may be several words ('cease fire')."""
    senses: tuple[Sense, ...]

    def matches(self, words: Iterable[str]) -> bool:
        """Whether `words` (lower-case lemmas of the clause) fill every place."""
        have = set(words)
        return all(any(set(form.split()) <= have for form in options) for options in self.words)


def _candidate(phrase: str, raw: dict, synsets: dict[str, list[str]]) -> VerbCandidate:
    lemma = raw["lemma"]
    tokens = phrase.split()
    at = tokens.index(lemma) if lemma in tokens else 0
    words = tuple(
        frozenset(synsets.get(token[1:], [token])) if token.startswith("&") else frozenset([token])
        for k, token in enumerate(tokens)
        if k != at
    )
    senses = tuple(
        Sense(
            cameo=None if s.get("cameo") is None else str(s["cameo"]),
            event=s.get("event"),
            mode=s.get("mode"),
            reverse=bool(s.get("reverse", False)),
            sources=tuple(s.get("from") or ()),
        )
        for s in raw["senses"]
    )
    return VerbCandidate(phrase, lemma, words, senses)


@lru_cache(maxsize=4)
def load_verb_candidates(path: str | Path | None = None) -> dict[str, tuple[VerbCandidate, ...]]:
    """Verb lemma -> its candidate phrases, the bare verb first. Read once per path
    (JSON under YAML comments: a tenth of a second, where a YAML parser takes
    seconds)."""
    source = Path(path) if path is not None else DATA / VERBS_FILE
    raw = load_json_yaml(source)
    synsets = {name: list(words) for name, words in (raw.get("synsets") or {}).items()}
    by_lemma: dict[str, list[VerbCandidate]] = {}
    for phrase, entry in (raw.get("verbs") or {}).items():
        candidate = _candidate(str(phrase), entry, synsets)
        by_lemma.setdefault(candidate.lemma, []).append(candidate)
    return {
        lemma: tuple(sorted(found, key=lambda c: (len(c.words), c.phrase)))
        for lemma, found in sorted(by_lemma.items())
    }
