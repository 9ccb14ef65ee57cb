"""A small program written against eventwire's public API, as a user would write one.

Not a test module: CI type-checks it with `mypy --strict` against the installed wheel
(`.ci/run`, `make typecheck`), so the package's hints (py.typed) stay usable by the
people who embed it, and tests/test_packaging.py runs `summarize` on real output.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator

import eventwire
from eventwire import Document, Options, Pipeline
from eventwire.errors import EventwireError
from eventwire.records import Actor, Event

Row = tuple[str, str, str, str | None, float]
"""article id, event id, PLOVER category, date, conflict-cooperation score"""


def names(actors: Iterable[Actor]) -> list[str]:
    """Each actor's canonical name, else its text."""
    return [actor.name or actor.text for actor in actors]


def rows(documents: Iterable[Document]) -> Iterator[Row]:
    """One row per event of every document."""
    for doc in documents:
        for event in doc.events:
            day = event.date.value if event.date is not None else None
            yield doc.id, event.id, event.event, day, event.score


def deadliest(doc: Document) -> Event | None:
    """The event with the highest death toll, if any reports one."""
    counted = [e for e in doc.events if e.dead is not None]
    return max(counted, key=lambda e: e.dead.value if e.dead else 0, default=None)


def summarize(doc: Document) -> str:
    """One line about a document: events, categories, who acted."""
    kinds = sorted({event.event for event in doc.events})
    actors = sorted({name for event in doc.events for name in names(event.actor)})
    return f"{doc.id}: {len(doc.events)} events {kinds} by {actors}"


def main(argv: list[str]) -> int:
    text = " ".join(argv) or "Rebels shelled the town of Homs on Monday, killing 12 people."
    pipeline: Pipeline = eventwire.load(Options(learned=False))
    try:
        doc = pipeline.extract(text, published=dt.date(2025, 3, 5), id="client-1")
    except EventwireError as err:
        print(err, file=sys.stderr)
        return 1
    print(summarize(doc))
    for row in rows([doc]):
        print(*row, sep="\t")
    worst = deadliest(doc)
    if worst is not None and worst.dead is not None:
        print(f"deadliest: {worst.event} ({worst.dead.value} dead)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
