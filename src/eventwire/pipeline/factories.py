"""Every eventwire spaCy component, registered by name in one place.

The same factories are published through the `spacy_factories` entry point, so
`nlp.add_pipe("eventwire_actors")` works in any spaCy pipeline once eventwire is
installed. `STAGES` is the order they must run in: each requires what the ones
before it assign.
"""

from __future__ import annotations

from spacy.language import Language

from . import extensions  # noqa: F401  (declares the ._ layers)
from .actors import ActorResolver
from .events import EventCoder
from .figures import FigureFinder
from .learned import SentenceScorer
from .place import PlaceResolver
from .quotes import QuoteFinder
from .temporal import TimeResolver
from .toponyms import ToponymResolver

STAGES = (
    "eventwire_actors",
    "eventwire_time",
    "eventwire_toponyms",
    "eventwire_places",
    "eventwire_figures",
    "eventwire_quotes",
    "eventwire_learned",
    "eventwire_events",
)


@Language.factory(
    "eventwire_actors",
    assigns=["doc._.actors", "doc._.entities"],
    requires=["doc.ents", "token.dep"],
    default_config={"actors_file": None},
)
def make_actors(nlp: Language, name: str, actors_file: str | None) -> ActorResolver:
    return ActorResolver(nlp, name, actors_file=actors_file)


@Language.factory(
    "eventwire_time",
    assigns=["doc._.dates"],
    requires=["doc.ents", "token.tag"],
    default_config={"time_words": None},
)
def make_time(nlp: Language, name: str, time_words: str | None) -> TimeResolver:
    return TimeResolver(nlp, name, time_words=time_words)


@Language.factory(
    "eventwire_places",
    assigns=["doc._.places"],
    requires=["doc.ents", "doc._.actors", "doc._.toponyms"],
    default_config={"places_file": None},
)
def make_places(nlp: Language, name: str, places_file: str | None) -> PlaceResolver:
    return PlaceResolver(nlp, name, places_file=places_file)


@Language.factory(
    "eventwire_toponyms",
    assigns=["doc._.toponyms"],
    requires=["doc.ents", "token.dep", "doc._.actors"],
    default_config={"places_file": None},
)
def make_toponyms(nlp: Language, name: str, places_file: str | None) -> ToponymResolver:
    return ToponymResolver(nlp, name, places_file=places_file)


@Language.factory(
    "eventwire_figures",
    assigns=["doc._.figures"],
    requires=["token.dep", "doc._.actors", "doc._.dates"],
    default_config={"figures_file": None},
)
def make_figures(nlp: Language, name: str, figures_file: str | None) -> FigureFinder:
    return FigureFinder(nlp, name, figures_file=figures_file)


@Language.factory(
    "eventwire_quotes",
    assigns=["doc._.quotes"],
    requires=["token.dep", "doc._.actors"],
    default_config={"speech_file": None},
)
def make_quotes(nlp: Language, name: str, speech_file: str | None) -> QuoteFinder:
    return QuoteFinder(nlp, name, speech_file=speech_file)


@Language.factory(
    "eventwire_learned",
    assigns=["doc._.sentence_scores"],
    requires=["doc.sents"],
    default_config={"heads_file": None},
)
def make_learned(nlp: Language, name: str, heads_file: str | None) -> SentenceScorer:
    return SentenceScorer(nlp, name, heads_file=heads_file)


@Language.factory(
    "eventwire_events",
    assigns=["doc._.events"],
    requires=["token.dep", "doc._.actors", "doc._.dates", "doc._.places", "doc._.figures"],
    default_config={"historical_days": 30, "actors_file": None},
)
def make_events(
    nlp: Language, name: str, historical_days: int, actors_file: str | None
) -> EventCoder:
    return EventCoder(nlp, name, historical_days=historical_days, actors_file=actors_file)
