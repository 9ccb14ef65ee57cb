"""The spaCy-native component: `nlp.add_pipe("eventwire")` on a plain `spacy.load`
pipeline gives what `Pipeline` gives; a stage added without its inputs is an error.
Articles are invented for these tests."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.util import raise_error

from eventwire import Pipeline
from eventwire.core import to_document
from eventwire.errors import InputError, PipelineOrderError
from eventwire.pipeline import factories
from eventwire.pipeline.events import EventCoder
from eventwire.records import text_id
from eventwire.settings import DEFAULT_MODELS

ROOT = Path(__file__).resolve().parents[2]
MODEL = next((m for m in DEFAULT_MODELS if importlib.util.find_spec(m)), DEFAULT_MODELS[0])

ARTICLE = (
    "Drone strikes hit fuel depots near Kharkiv\n"
    "KYIV (Reuters) - Russian drones struck two fuel depots near Kharkiv on Sunday, "
    "killing at least 3 workers and wounding 11, the regional governor said.\n"
    '"They are trying to leave the city without fuel before winter," the governor told '
    "reporters. Ukraine's foreign minister will meet his Polish counterpart in Warsaw "
    "next week."
)
PUBLISHED = "2025-10-07"  # a Tuesday: "Sunday" is 2025-10-05, "next week" 2025-10-13


@pytest.fixture(scope="module")
def plain() -> Language:
    """A plain spaCy pipeline, as a user loads it, with one `add_pipe("eventwire")`."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("eventwire")
    return nlp


def published_doc(nlp: Language, text: str, published: str | None):
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def test_one_add_pipe_adds_every_stage_after_the_parse(plain: Language) -> None:
    assert plain.pipe_names[-1] == "eventwire"
    # the layout stage goes before the parser, as in Pipeline: headlines end sentences
    assert plain.pipe_names.index("eventwire_layout") < plain.pipe_names.index("parser")
    component = plain.get_pipe("eventwire")
    assert [name for name, _ in component.stages] == list(factories.STAGES)
    assert plain.config["components"]["eventwire"]["historical_days"] == 30


def test_nlp_gives_events_with_actors_dates_places_figures_and_quotes(plain: Language) -> None:
    doc = published_doc(plain, ARTICLE, PUBLISHED)
    strike = next(e for e in doc._.events if e.event == "ASSAULT")
    assert [a.country for a in strike.actor] == ["RUS"]
    assert strike.date is not None and strike.date.value == "2025-10-05"
    assert strike.location is not None and strike.location.name == "Kharkiv"
    assert strike.dead is not None and (strike.dead.value, strike.dead.qualifier) == (3, "at least")
    meeting = next(e for e in doc._.events if e.event == "CONSULT")
    assert meeting.status == "future" and meeting.date is not None
    assert meeting.date.value == "2025-10-13" and meeting.date.precision == "week"
    assert {(f.value, f.category) for f in doc._.figures} >= {(3, "killed"), (11, "injured")}
    [quote] = doc._.quotes
    assert quote.text == "They are trying to leave the city without fuel before winter"
    assert quote.speaker is not None and quote.speaker.text == "governor"


def test_the_component_gives_what_the_pipeline_gives(plain: Language, pipeline: Pipeline) -> None:
    """Same stages, same config, same reading of the text: the same Document, ids and
    all (both hash the text for the article id)."""
    doc = published_doc(plain, ARTICLE, PUBLISHED)
    assert to_document(doc) == pipeline.extract(ARTICLE, published=PUBLISHED)
    assert doc._.dateline is not None and ARTICLE[slice(*doc._.dateline["span"])].startswith("KYIV")


def test_relative_dates_resolve_against_doc_published(plain: Language) -> None:
    text = "Police arrested 12 protesters in Lagos on Friday."
    dated = published_doc(plain, text, "2025-07-01")
    undated = published_doc(plain, text, None)
    assert [d.value for d in dated._.dates] == ["2025-06-27"]
    assert [d.value for d in undated._.dates] == [None]
    assert dated._.article.published.isoformat() == "2025-07-01"


def test_nlp_pipe_as_tuples_takes_id_and_published_from_the_context(plain: Language) -> None:
    texts = [
        (
            "Police arrested 12 protesters in Lagos on Friday.",
            {"id": "ng-1", "published": "1 July 2025"},
        ),
        ("Rebels shelled the town of Gao on Monday.", {"id": 7, "published": "2025-03-05"}),
        ("Rebels shelled the town of Gao on Monday.", "a context of the user's own"),
    ]
    results = list(plain.pipe(texts, as_tuples=True))
    assert [ctx for _, ctx in results] == [ctx for _, ctx in texts]  # contexts come back
    (lagos, _), (gao, _), (plain_gao, _) = results
    assert lagos._.events and all(e.id.startswith("ng-1-e") for e in lagos._.events)
    assert {e.date.value for e in lagos._.events if e.date} == {"2025-06-27"}
    assert [(e.id, e.date and e.date.value) for e in gao._.events] == [("7-e1", "2025-03-03")]
    assert plain_gao._.article.published is None  # a context that is no dict is the user's


def test_event_ids_differ_between_documents(plain: Language) -> None:
    """Without an id, the article id hashes the text: two stories never share event ids
    (they were `doc-e1` for every document), and the same story keeps its ids."""
    first = plain("Rebels shelled the town of Gao on Monday.")
    second = plain("Soldiers shelled the town of Gao on Monday.")
    again = plain("Rebels shelled the town of Gao on Monday.")
    assert [e.id for e in first._.events] == [f"{text_id(first.text)}-e1"]
    assert {e.id for e in first._.events}.isdisjoint(e.id for e in second._.events)
    assert [e.id for e in again._.events] == [e.id for e in first._.events]


def test_a_bad_published_is_a_coded_error(plain: Language) -> None:
    with pytest.raises(InputError, match=r"^\[E018\] doc._.published: bad publication date 'soon'"):
        published_doc(plain, "Rebels shelled the town of Gao on Monday.", "soon")


def test_a_failing_batch_goes_to_spacys_error_handler(
    plain: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The component takes spaCy's error handler (set on it: `nlp.set_error_handler`
    stops at the small model's parser, which has no room for one): a batch it fails on
    is handed over and the stream goes on; without a handler the error is raised."""
    original = EventCoder.__call__

    def poisoned(self, doc):
        if "POISON" in doc.text:
            raise ValueError("poisoned article")
        return original(self, doc)

    monkeypatch.setattr(EventCoder, "__call__", poisoned)
    texts = ["Rebels shelled Gao.", "POISON Troops shelled the port.", "Police arrested 4 men."]
    failed: list[tuple[str, list[str], str]] = []
    component = plain.get_pipe("eventwire")
    component.set_error_handler(
        lambda name, _, docs, err: failed.append((name, [d.text for d in docs], str(err)))
    )
    try:
        docs = list(plain.pipe(texts, batch_size=1))
    finally:
        component.set_error_handler(raise_error)
    assert [d.text for d in docs] == [texts[0], texts[2]]
    assert failed == [("eventwire", [texts[1]], "poisoned article")]
    with pytest.raises(ValueError, match="poisoned article"):
        plain(texts[1])


def test_a_stage_without_its_inputs_names_the_missing_stage() -> None:
    nlp = spacy.load(MODEL)
    names = list(nlp.pipe_names)
    with pytest.raises(
        PipelineOrderError, match=r"\[E092\].*'eventwire_events' reads doc\._\.actors"
    ) as err:
        nlp.add_pipe("eventwire_events")
    assert (
        "add 'eventwire_actors', 'eventwire_time', 'eventwire_places', 'eventwire_figures'"
        in str(err.value)
    )
    assert nlp.pipe_names == names  # nothing was added
    nlp.add_pipe("eventwire_actors")
    with pytest.raises(
        PipelineOrderError, match=r"reads doc\._\.dates, .*add 'eventwire_time' before"
    ):
        nlp.add_pipe("eventwire_figures")
    nlp.add_pipe("eventwire_time")
    nlp.add_pipe("eventwire_figures")  # now it has what it reads


def test_a_pipeline_without_parser_and_ner_is_refused() -> None:
    with pytest.raises(PipelineOrderError, match=r"\[E093\] .*'eventwire' reads doc\.ents.*parser"):
        spacy.blank("en").add_pipe("eventwire")


def test_every_factory_is_published_as_an_entry_point() -> None:
    """pyproject declares a `spacy_factories` entry point for the component and every
    stage, each naming the function registered under that name."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"][
        "spacy_factories"
    ]
    assert set(declared) == {"eventwire", *factories.STAGES}
    for name, target in declared.items():
        module, function = target.split(":")
        assert module == factories.__name__
        assert Language.get_factory_meta(name).factory == name
        assert callable(getattr(factories, function))


def test_a_fresh_process_finds_the_component_through_the_entry_point() -> None:
    """What an installed eventwire gives plain spaCy: no `import eventwire` needed."""
    code = (
        "import sys, spacy\n"
        "from spacy.language import Language\n"
        "assert 'eventwire' not in sys.modules\n"
        "spacy.blank('en')\n"  # loads the spacy_factories entry points
        "print(Language.has_factory('eventwire'), Language.has_factory('eventwire_events'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT.parent, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]
