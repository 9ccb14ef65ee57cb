"""Small helpers every stage uses to point records back at the text."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import TypeVar

from spacy.tokens import Doc, Span, Token


def char_span(span: Span | Token) -> tuple[int, int]:
    """Character offsets [start, end) of a span or token in the article text."""
    if isinstance(span, Token):
        return (span.idx, span.idx + len(span))
    return (span.start_char, span.end_char)


T = TypeVar("T")
CACHE_PREFIX = "eventwire.cache."


def cached(doc: Doc, key: str, build: Callable[[Doc], T]) -> T:
    """`build(doc)`, computed once per document: the events stage asks the same
    question of a finished layer for every event of the article."""
    full = CACHE_PREFIX + key
    value = doc.user_data.get(full)
    if value is None:
        value = doc.user_data[full] = build(doc)
    return value


def forget_caches(doc: Doc) -> None:
    """Drop the caches the last stage no longer needs, before the Doc is serialized:
    they hold spaCy objects, which cannot travel between processes."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith(CACHE_PREFIX)]:
        del doc.user_data[key]


def sentence_number(token: Token | Span) -> int:
    """0-based index of the token's (or span's first token's) sentence."""
    i = token.i if isinstance(token, Token) else token.start
    return bisect_right(sentence_starts(token.doc), i) - 1


def sentence_of(token: Token | Span) -> Span:
    """The sentence holding a token (or a span's first token); use instead of `.sent`.
    Each sentence Span is made once per document: every event of a sentence asks."""
    return sentences(token.doc)[sentence_number(token)]


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences, made once per document: `doc.sents` builds them anew on
    every call, a hundredth of a second for a long article, and several stages ask."""
    return cached(doc, "sentences", _sentences)


def sentence_starts(doc: Doc) -> list[int]:
    """Token index of each sentence start, then the doc's length, made once per document."""
    return cached(doc, "sentence_starts", _sentence_starts)


def _sentence_starts(doc: Doc) -> list[int]:
    """Token index of each sentence start, then the doc's length: spaCy's `token.sent`
    walks the document on every call, which is quadratic over a text."""
    return [s.start for s in doc.sents] + [len(doc)]


def _sentences(doc: Doc) -> list[Span]:
    starts = sentence_starts(doc)
    return [doc[a:b] for a, b in zip(starts, starts[1:], strict=False)]


def to_span(doc: Doc, offsets: tuple[int, int]) -> Span | None:
    """The token span covering character offsets, expanded to whole tokens."""
    return doc.char_span(offsets[0], offsets[1], alignment_mode="expand")


PHRASE_DEPS = {"compound", "amod", "nmod", "poss", "flat"}
"""Dependents kept in a source or speaker phrase ("Gaza health ministry", "Israel's army")."""


def compound_phrase(token: Token) -> Span:
    """A noun with its compounds: 'aid workers', 'police officers'."""
    start = token.i
    for child in token.lefts:
        if child.dep_ == "compound":
            start = min(start, child.left_edge.i)
    return token.doc[start : token.i + 1]


def noun_phrase(token: Token) -> Span:
    """A name for a source or speaker: the noun with its compounds, adjectives,
    possessor and 'of' phrase, without the determiner ('the Gaza health ministry' ->
    'Gaza health ministry'; 'the head of the agency')."""
    keep = [token.i]
    for child in token.children:
        if child.dep_ in PHRASE_DEPS or (child.dep_ == "prep" and child.lower_ == "of"):
            keep.extend(t.i for t in child.subtree)
    start, end = min(keep), max(keep) + 1
    doc = token.doc
    while start < token.i and doc[start].pos_ in ("DET", "PUNCT"):
        start += 1
    return doc[start:end]
