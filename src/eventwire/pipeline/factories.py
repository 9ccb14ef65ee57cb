"""Every eventwire spaCy component, registered by name in one place.

The same factories are published through the `spacy_factories` entry point, so they
work in any spaCy pipeline once eventwire is installed. `nlp.add_pipe("eventwire")`
adds them all, in order, as one component (`Eventwire`): what a plain
`spacy.load("en_core_web_sm")` needs to give events with their actors, dates, places,
figures and quotes. Each stage can also be added on its own (`eventwire_actors`, ...);
`STAGES` is the order they must run in, each requiring what the ones before it assign,
and a stage added where a layer it reads is not set raises PipelineOrderError (E092)
naming the stage that sets it, instead of giving empty layers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch, raise_error

from ..errors import Errors, PipelineOrderError
from ..settings import Options
from . import extensions  # noqa: F401  (declares the ._ layers)
from .actors import ActorResolver
from .annotate import LinearTokenizer, add_lemma_exceptions
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
DEFAULTS = Options()
SPACY_PROVIDERS = {
    "doc.ents": "an entity recognizer ('ner')",
    "token.dep": "a parser ('parser')",
    "doc.sents": "a parser ('parser')",
    "token.tag": "a tagger ('tagger')",
}
"""Who sets the spaCy annotations the stages read, for E092 and E093."""


class Stage(Protocol):
    def __call__(self, doc: Doc) -> Doc: ...


ErrorHandler = Callable[[str, Any, list[Doc], Exception], Any]
"""spaCy's error handler: (component name, component, docs, exception)."""


def stage_configs(
    learned: bool = DEFAULTS.learned,
    historical_days: int = DEFAULTS.historical_days,
    actors_file: str | None = DEFAULTS.actors_file,
) -> dict[str, dict[str, object]]:
    """The stages to run, in order, with their configs: what `core.Pipeline` adds one by
    one and the `eventwire` component runs as one, so both give the same Documents.
    Without `learned` (rules-only, `--fast`) the learned stage is left out."""
    configs: dict[str, dict[str, object]] = {
        stage: {} for stage in STAGES if learned or stage != "eventwire_learned"
    }
    configs["eventwire_actors"] = {"actors_file": actors_file}
    configs["eventwire_events"] = {"historical_days": historical_days, "actors_file": actors_file}
    return configs


def check_inputs(nlp: Language, stage: str) -> None:
    """PipelineOrderError (E092) when `stage` reads a layer or annotation that no
    component already in `nlp` sets (spaCy's `requires`/`assigns` metadata): a stage
    added alone would otherwise run and leave its layer empty without a word."""
    assigned = {attr for pipe in nlp.pipe_names for attr in nlp.get_pipe_meta(pipe).assigns}
    missing = [attr for attr in Language.get_factory_meta(stage).requires if attr not in assigned]
    if missing:
        providers = ", ".join(dict.fromkeys(provider(attr) for attr in missing))
        ours = any(attr.startswith("doc._.") for attr in missing)
        message = Errors.E092 if ours else Errors.E093
        raise PipelineOrderError(
            message.format(stage=stage, needs=", ".join(missing), providers=providers)
        )


def provider(attr: str) -> str:
    """The eventwire stage, or spaCy component, that sets `attr`."""
    for stage in STAGES:
        if attr in Language.get_factory_meta(stage).assigns:
            return f"'{stage}'"
    return SPACY_PROVIDERS.get(attr, f"a component that sets {attr}")


@Language.factory(
    "eventwire_actors",
    assigns=["doc._.actors", "doc._.entities"],
    requires=["doc.ents", "token.dep"],
    default_config={"actors_file": None},
)
def make_actors(nlp: Language, name: str, actors_file: str | None) -> ActorResolver:
    check_inputs(nlp, "eventwire_actors")
    return ActorResolver(nlp, name, actors_file=actors_file)


@Language.factory(
    "eventwire_time",
    assigns=["doc._.dates"],
    requires=["doc.ents", "token.tag"],
    default_config={"time_words": None},
)
def make_time(nlp: Language, name: str, time_words: str | None) -> TimeResolver:
    check_inputs(nlp, "eventwire_time")
    return TimeResolver(nlp, name, time_words=time_words)


@Language.factory(
    "eventwire_places",
    assigns=["doc._.places"],
    requires=["doc.ents", "doc._.actors", "doc._.toponyms"],
    default_config={"places_file": None},
)
def make_places(nlp: Language, name: str, places_file: str | None) -> PlaceResolver:
    check_inputs(nlp, "eventwire_places")
    return PlaceResolver(nlp, name, places_file=places_file)


@Language.factory(
    "eventwire_toponyms",
    assigns=["doc._.toponyms"],
    requires=["doc.ents", "token.dep", "doc._.actors"],
    default_config={"places_file": None},
)
def make_toponyms(nlp: Language, name: str, places_file: str | None) -> ToponymResolver:
    check_inputs(nlp, "eventwire_toponyms")
    return ToponymResolver(nlp, name, places_file=places_file)


@Language.factory(
    "eventwire_figures",
    assigns=["doc._.figures"],
    requires=["token.dep", "doc._.actors", "doc._.dates"],
    default_config={"figures_file": None},
)
def make_figures(nlp: Language, name: str, figures_file: str | None) -> FigureFinder:
    check_inputs(nlp, "eventwire_figures")
    return FigureFinder(nlp, name, figures_file=figures_file)


@Language.factory(
    "eventwire_quotes",
    assigns=["doc._.quotes"],
    requires=["token.dep", "doc._.actors"],
    default_config={"speech_file": None},
)
def make_quotes(nlp: Language, name: str, speech_file: str | None) -> QuoteFinder:
    check_inputs(nlp, "eventwire_quotes")
    return QuoteFinder(nlp, name, speech_file=speech_file)


@Language.factory(
    "eventwire_learned",
    assigns=["doc._.sentence_scores"],
    requires=["doc.sents"],
    default_config={"heads_file": None},
)
def make_learned(nlp: Language, name: str, heads_file: str | None) -> SentenceScorer:
    check_inputs(nlp, "eventwire_learned")
    return SentenceScorer(nlp, name, heads_file=heads_file)


@Language.factory(
    "eventwire_events",
    assigns=["doc._.events"],
    requires=["token.dep", "doc._.actors", "doc._.dates", "doc._.places", "doc._.figures"],
    default_config={"historical_days": DEFAULTS.historical_days, "actors_file": None},
)
def make_events(
    nlp: Language, name: str, historical_days: int, actors_file: str | None
) -> EventCoder:
    check_inputs(nlp, "eventwire_events")
    return EventCoder(nlp, name, historical_days=historical_days, actors_file=actors_file)


COMPONENTS = {
    "eventwire_actors": ActorResolver,
    "eventwire_time": TimeResolver,
    "eventwire_toponyms": ToponymResolver,
    "eventwire_places": PlaceResolver,
    "eventwire_figures": FigureFinder,
    "eventwire_quotes": QuoteFinder,
    "eventwire_learned": SentenceScorer,
    "eventwire_events": EventCoder,
}
"""The class behind each stage's factory: the `eventwire` component builds its stages
with them, each with its factory's default config, since its stages are not (and need
not be) in `nlp`'s pipeline for `check_inputs` to find."""


class Eventwire:
    """Every eventwire stage as one spaCy component, run in `STAGES` order:
    `nlp.add_pipe("eventwire")` after a trained English pipeline's parser and NER.

    Adding it also makes the pipeline read text as `core.Pipeline`'s does
    (`read_like_eventwire`), so both give the same layers for the same text. The article
    (`doc._.article`) is made from the Doc unless set: give the date as
    `doc._.published` or in the context of `nlp.pipe(..., as_tuples=True)`
    (`{"id": ..., "published": ...}`), see extensions.py."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        learned: bool = DEFAULTS.learned,
        historical_days: int = DEFAULTS.historical_days,
        actors_file: str | None = DEFAULTS.actors_file,
    ) -> None:
        self.name = name
        self.error_handler: ErrorHandler = raise_error
        self.stages: list[tuple[str, Stage]] = []
        for stage, config in stage_configs(learned, historical_days, actors_file).items():
            defaults = Language.get_factory_meta(stage).default_config or {}
            component = COMPONENTS[stage](nlp, stage, **{**defaults, **config})
            self.stages.append((stage, component))

    def __call__(self, doc: Doc) -> Doc:
        for _, stage in self.stages:
            doc = stage(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Docs through every stage, a batch at a time: a stage that works on batches
        (the learned layer encodes a batch's sentences at once) gets the whole batch.
        A batch in which a stage raises goes to the error handler (spaCy's, set with
        `set_error_handler`; by default it raises) and the stream goes on."""
        for batch in minibatch(docs, batch_size):
            try:
                done = self.run(batch, batch_size)
            except Exception as err:
                self.error_handler(self.name, self, batch, err)
                continue
            yield from done

    def run(self, batch: list[Doc], batch_size: int) -> list[Doc]:
        """One batch through every stage, in order."""
        stream: Iterable[Doc] = batch
        for _, stage in self.stages:
            batched = getattr(stage, "pipe", None)
            stream = batched(stream, batch_size=batch_size) if batched else map(stage, stream)
        return list(stream)

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        """spaCy's protocol for a component's error handler, which gets the failing
        batch (`nlp.set_error_handler` sets it on every component that allows it)."""
        self.error_handler = error_handler

    def get_error_handler(self) -> ErrorHandler:
        """What `nlp(doc)` calls the handler of when `__call__` raises."""
        return self.error_handler


@Language.factory(
    "eventwire",
    assigns=sorted({attr for stage in STAGES for attr in Language.get_factory_meta(stage).assigns}),
    requires=sorted(
        {
            attr
            for stage in STAGES
            for attr in Language.get_factory_meta(stage).requires
            if not attr.startswith("doc._.")
        }
    ),
    default_config={
        "learned": DEFAULTS.learned,
        "historical_days": DEFAULTS.historical_days,
        "actors_file": DEFAULTS.actors_file,
    },
)
def make_eventwire(
    nlp: Language, name: str, learned: bool, historical_days: int, actors_file: str | None
) -> Eventwire:
    check_inputs(nlp, "eventwire")
    read_like_eventwire(nlp)
    return Eventwire(nlp, name, learned, historical_days, actors_file)


def read_like_eventwire(nlp: Language) -> None:
    """What `annotate.load_model` does to the model, for a pipeline loaded elsewhere:
    the linear-time tokenizer, the lemma exceptions, and the layout component before
    the parser (headlines, datelines and bylines end sentences). Idempotent: a pipeline
    that has the layout component (loaded by eventwire, or saved with `eventwire` in
    it) already has the lemma exceptions."""
    if not isinstance(nlp.tokenizer, LinearTokenizer):
        nlp.tokenizer = LinearTokenizer(nlp.tokenizer)
    if "eventwire_layout" in nlp.component_names or "parser" not in nlp.pipe_names:
        return
    add_lemma_exceptions(nlp)
    nlp.add_pipe("eventwire_layout", before="parser")
