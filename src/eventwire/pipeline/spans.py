"""Small helpers every stage uses to point records back at the text."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token


def char_span(span: Span | Token) -> tuple[int, int]:
    """Character offsets [start, end) of a span or token in the article text."""
    if isinstance(span, Token):
        return (span.idx, span.idx + len(span))
    return (span.start_char, span.end_char)


def sentence_number(token: Token) -> int:
    """0-based index of the token's sentence in its document."""
    doc = token.doc
    starts = doc.user_data.get("eventwire.sentence_starts")
    if starts is None:
        starts = [s.start for s in doc.sents]
        doc.user_data["eventwire.sentence_starts"] = starts
    return bisect_right(starts, token.i) - 1


def to_span(doc: Doc, offsets: tuple[int, int]) -> Span | None:
    """The token span covering character offsets, expanded to whole tokens."""
    return doc.char_span(offsets[0], offsets[1], alignment_mode="expand")
