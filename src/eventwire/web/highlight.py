"""An article's text cut into segments by the spans to highlight, for the evidence page.

Spans may nest or overlap (an actor's words inside the trigger's clause, a country
inside an actor's phrase): the text is cut at every span boundary, and each segment
carries every span that covers it. The template escapes the text; nothing here builds
HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PRIORITY = ("actor", "recipient", "place", "date", "count", "trigger")
"""The role a segment that several spans cover stands for first: the most specific
(an actor's words inside a long trigger are the actor's). The page shows them all."""


@dataclass(slots=True)
class Segment:
    text: str
    start: int
    roles: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def role(self) -> str | None:
        """The segment's main role (see PRIORITY), or None for plain text."""
        for role in PRIORITY:
            if role in self.roles:
                return role
        return self.roles[0] if self.roles else None


def segments(text: str, spans: list[dict[str, Any]]) -> list[Segment]:
    """`text` as consecutive segments; spans outside the text are clipped or ignored."""
    size = len(text)
    valid = [
        (max(0, s["start"]), min(size, s["end"]), s["role"], s.get("label", ""))
        for s in spans
        if s["start"] < s["end"] and s["start"] < size and s["end"] > 0
    ]
    cuts = sorted({0, size, *(a for a, *_ in valid), *(b for _, b, *_ in valid)})
    parts: list[Segment] = []
    for begin, end in zip(cuts, cuts[1:], strict=False):
        covering = [(role, label) for a, b, role, label in valid if a <= begin and end <= b]
        parts.append(
            Segment(
                text=text[begin:end],
                start=begin,
                roles=list(dict.fromkeys(role for role, _ in covering)),
                labels=list(dict.fromkeys(f"{role}: {label}" for role, label in covering)),
            )
        )
    return parts
