"""Quotes: direct quotations and who said them.

Quotation marks are paired on the characters, one paragraph at a time, so that a stray
straight quote cannot swallow the rest of an article; a quote left open at the end of a
paragraph counts only when the next paragraph reopens it (the newswire convention for
quotes that run over several paragraphs). The speaker comes from the parse: the subject
of the speech verb (speech.yaml) that governs the quoted words ("..., the general
said"; "Trump posted ..., writing: ..."), borrowed from the verb it hangs on when it
has none ("She acknowledged ..., calling the images ..."), else "according to X".
A pronoun points back to the previous named speaker in the text, and a quote that is
a sentence of its own with nothing to attribute it keeps the previous quote's speaker.
The actor layer then names the speaker (country, sector).

Conventions: `text` and `span` cover the quoted words without the quotation marks and
without a trailing comma that belongs to the surrounding sentence ('"heartbreaking,"'
-> 'heartbreaking'); final '.', '?' and '!' stay. Straight single quotes are never
read as quotation marks (they are apostrophes far more often); curly single quotes are,
outside double quotes. Quotes nested inside another quote are part of it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from ..records import Quote, Speaker
from .actors import actor_at
from .spans import noun_phrase, sentence_number, sentence_of, to_span

DATA_FILE = files("eventwire") / "data" / "speech.yaml"

MARKS = re.compile('["“”«»„‘’\n]')
DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
REOPEN = '"“«„'
TRAILING = " \t\r\n,;"
"""Stripped from the end of a quote: the comma before a closing mark ends the clause
around the quote, not the quote."""
LIFT_DEPS = {"advcl", "conj", "xcomp", "pcomp", "prep", "acl", "ccomp", "relcl"}
"""A speech verb without a subject borrows the subject of the verb it hangs on by these."""
MAX_STEPS = 8


@dataclass(frozen=True, slots=True)
class SpeechLexicon:
    verbs: frozenset[str]
    forms: frozenset[str]
    passive: frozenset[str]
    pronouns: frozenset[str]
    prepositions: tuple[tuple[str, ...], ...]

    def is_speech(self, token: Token) -> bool:
        return token.lemma_.lower() in self.verbs or token.lower_ in self.forms


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> SpeechLexicon:
    """Read speech.yaml (or a user's copy) once per process."""
    text = Path(path).read_text("utf-8") if path else DATA_FILE.read_text("utf-8")
    data = yaml.safe_load(text)
    return SpeechLexicon(
        verbs=frozenset(data["verbs"]),
        forms=frozenset(data["forms"]),
        passive=frozenset(data["passive"]),
        pronouns=frozenset(data["pronouns"]),
        prepositions=tuple(tuple(p.split()) for p in data["prepositions"]),
    )


class QuoteFinder:
    """spaCy component: sets doc._.quotes, in text order."""

    def __init__(self, nlp: Language, name: str, speech_file: str | None = None) -> None:
        self.name = name
        self.lex = load_lexicon(speech_file)
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add(
            "SPEECH",
            [
                [{"LEMMA": {"IN": sorted(self.lex.verbs)}}],
                [{"LOWER": {"IN": sorted(self.lex.forms)}}],
            ],
        )
        self.matcher.add("SOURCE", [[{"LOWER": p[0]}] for p in self.lex.prepositions])

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # joins every token: build it once per document
        spans = quote_spans(text)
        doc._.quotes = Attribution(doc, text, self).quotes(spans) if spans else []
        return doc


class Attribution:
    """Speakers for the quotes of one document."""

    def __init__(self, doc: Doc, text: str, finder: QuoteFinder) -> None:
        self.doc = doc
        self.text = text
        self.lex = finder.lex
        self.matcher = finder.matcher

    def quotes(self, spans: list[Quoted]) -> list[Quote]:
        quotes: list[Quote] = []
        previous: Speaker | None = None
        for quoted in spans:
            tokens = to_span(self.doc, (quoted.start, quoted.end))
            if tokens is None or not len(tokens):
                continue
            speaker = self.speaker(tokens)
            if speaker is None and previous is not None and stands_alone(tokens):
                speaker = previous
            previous = speaker or previous
            quotes.append(
                Quote(
                    text=self.text[quoted.start : quoted.end],
                    speaker=speaker,
                    span=(quoted.start, quoted.end),
                    sentence=sentence_number(tokens[0]),
                )
            )
        return _carry_back(quotes, spans)

    def speaker(self, quote: Span) -> Speaker | None:
        """Who says the quoted words: the governing speech verb's subject, else the
        source of 'according to' in the quote's sentences."""
        verb = self.governing_verb(quote)
        subject = speech_subject(verb, self.lex) if verb is not None else None
        if subject is None:
            subject = self.preposition_source(quote)
        return self.make_speaker(subject) if subject is not None else None

    def governing_verb(self, quote: Span) -> Token | None:
        """The speech verb above the quoted words; a colon right before the quote
        ('writing: "..."'); or a speech verb in the quote's sentences around it."""
        inside = range(quote.start, quote.end)
        for token in quote:
            if token.head.i not in inside and not token.is_punct:
                verb = self._speech_ancestor(token.head)
                if verb is not None:
                    return verb
        colon = _colon_before(quote)
        if colon is not None:
            verb = self._speech_ancestor(colon.head)
            if verb is not None:
                return verb
        return self._speech_nearby(quote)

    def _speech_ancestor(self, token: Token) -> Token | None:
        current = token
        for _ in range(MAX_STEPS):
            if self.lex.is_speech(current):
                return current
            if current.head.i == current.i:
                return None
            current = current.head
        return None

    def _speech_nearby(self, quote: Span) -> Token | None:
        """A speech verb outside the quote in its sentences, nearest first: for parses
        that hang 'he said' under the quoted clause instead of above it. Only a
        sentence root or a verb hanging on the quote qualifies; a speech verb deep in
        some other clause is not about these words."""
        doc = self.doc
        first, last = sentence_of(quote[0]), sentence_of(quote[-1])
        candidates = [
            *(t for t in doc[quote.end : last.end] if self._attributes(t, quote)),
            *(t for t in reversed(doc[first.start : quote.start]) if self._attributes(t, quote)),
        ]
        return candidates[0] if candidates else None

    def _attributes(self, token: Token, quote: Span) -> bool:
        if not self.lex.is_speech(token):
            return False
        return token.dep_ == "ROOT" or quote.start <= token.head.i < quote.end

    def preposition_source(self, quote: Span) -> Token | None:
        """'according to X' in the quote's sentences, outside the quote."""
        doc = self.doc
        sents = doc[sentence_of(quote[0]).start : sentence_of(quote[-1]).end]
        for token in sents:
            if quote.start <= token.i < quote.end:
                continue
            source = _preposition_object(token, self.lex)
            if source is not None:
                return source
        return None

    def make_speaker(self, subject: Token) -> Speaker:
        """A Speaker from a subject: a pronoun points back to the previous named
        speaker; a title with a name in apposition is the name."""
        if subject.lower_ in self.lex.pronouns:
            return self.pronoun_speaker(subject)
        head = _named_apposition(subject)
        text = noun_phrase(head).text
        actor = actor_at(self.doc._.actors or [], head)
        if actor is None:
            return Speaker(text=text, name=text)
        return Speaker(
            text=text, name=actor.name or text, country=actor.country, sector=actor.sector
        )

    def pronoun_speaker(self, pronoun: Token) -> Speaker:
        """The previous named speaker, unless the actor layer resolved the pronoun to
        someone else (its coreference outranks this first approximation)."""
        antecedent = self.antecedent(pronoun.idx)
        actor = actor_at(self.doc._.actors or [], pronoun)
        if (
            actor is not None
            and actor.name
            and (antecedent is None or antecedent.name != actor.name)
        ):
            return Speaker(
                text=pronoun.text, name=actor.name, country=actor.country, sector=actor.sector
            )
        return antecedent or Speaker(text=pronoun.text)

    def antecedent(self, position: int) -> Speaker | None:
        starts = [start for start, _ in self.named_speakers]
        index = bisect_left(starts, position)
        return self.named_speakers[index - 1][1] if index else None

    @cached_property
    def named_speakers(self) -> list[tuple[int, Speaker]]:
        """Every named subject of a speech verb and every 'according to' source in the
        document, in text order: the candidates a pronoun can point back to."""
        found: list[tuple[int, Speaker]] = []
        for _, start, _ in self.matcher(self.doc):
            token = self.doc[start]
            subject = speech_subject(token, self.lex) if self.lex.is_speech(token) else None
            subject = subject if subject is not None else _preposition_object(token, self.lex)
            if subject is not None and subject.lower_ not in self.lex.pronouns:
                found.append((subject.idx, self.make_speaker(subject)))
        return sorted(found, key=lambda item: item[0])


def speech_subject(verb: Token, lex: SpeechLexicon) -> Token | None:
    """The subject of a speech verb, or of the verb it hangs on ('posted ..., writing:')."""
    current = verb
    for _ in range(MAX_STEPS):
        for child in current.children:
            if child.dep_ == "nsubj" or (
                child.dep_ == "nsubjpass" and current.lemma_.lower() in lex.passive
            ):
                if child.tag_ in ("WP", "WDT") and current.dep_ == "relcl":
                    return current.head
                return child
        if current.dep_ not in LIFT_DEPS or current.head.i == current.i:
            return None
        if current.dep_ == "xcomp":
            # 'urged the minister to say': the object of the governing verb speaks.
            obj = next((c for c in current.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        current = current.head
    return None


def _preposition_object(token: Token, lex: SpeechLexicon) -> Token | None:
    for words in lex.prepositions:
        if token.lower_ != words[0]:
            continue
        tail = token.doc[token.i + 1 : token.i + len(words)]
        if tuple(t.lower_ for t in tail) != words[1:]:
            continue
        last = tail[-1] if len(tail) else token
        return next((c for c in last.children if c.dep_ == "pobj"), None)
    return None


def _colon_before(quote: Span) -> Token | None:
    doc = quote.doc
    i = quote.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space):
        i -= 1
    return doc[i] if i >= 0 and doc[i].text == ":" else None


def _named_apposition(subject: Token) -> Token:
    """'Trump's spokesperson, Karoline Leavitt, confirmed': the name, not the title."""
    if subject.pos_ == "PROPN":
        return subject
    for child in subject.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    return subject


def _carry_back(quotes: list[Quote], spans: list[Quoted]) -> list[Quote]:
    """A quote running over several paragraphs is attributed once, often at its end
    ('..., she said'): earlier paragraphs of it take that speaker."""
    runs_on = {q.start for q in spans if q.runs_on}
    following: Speaker | None = None
    for quote in reversed(quotes):
        if quote.span[0] in runs_on and quote.speaker is None:
            quote.speaker = following
        following = quote.speaker
    return quotes


def stands_alone(quote: Span) -> bool:
    """Is the quote a sentence (or sentences) of its own, nothing around it but
    punctuation?"""
    doc = quote.doc
    sents = doc[sentence_of(quote[0]).start : sentence_of(quote[-1]).end]
    return all(t.is_punct or t.is_space or quote.start <= t.i < quote.end for t in sents)


# -- quotation marks -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quoted:
    """Character offsets of quoted words; `runs_on` when the next paragraph continues it."""

    start: int
    end: int
    runs_on: bool = False


def quote_spans(text: str) -> list[Quoted]:
    """The quoted words of a text, marks excluded, trimmed (see module doc)."""
    spans = []
    for quoted in _paired(text):
        start, end = _trim(text, quoted.start, quoted.end)
        if start < end:
            spans.append(Quoted(start, end, quoted.runs_on))
    return spans


def _paired(text: str) -> list[Quoted]:
    pairs: list[Quoted] = []
    opened: int | None = None
    single = False
    for match in MARKS.finditer(text):
        mark, at = match.group(), match.start()
        if mark == "\n":
            if opened is not None and not single and _reopens(text, at):
                pairs.append(Quoted(opened, at, runs_on=True))
            opened = None
        elif opened is None:
            if mark in DOUBLE_OPEN or mark == '"':
                opened, single = at + 1, False
            elif mark == SINGLE_OPEN and _opens_single(text, at):
                opened, single = at + 1, True
        elif single:
            if mark == SINGLE_CLOSE and _closes_single(text, at):
                pairs.append(Quoted(opened, at))
                opened = None
            elif mark in DOUBLE_OPEN or mark == '"':
                opened, single = at + 1, False
        elif mark in DOUBLE_CLOSE or mark == '"':
            pairs.append(Quoted(opened, at))
            opened = None
        elif mark in DOUBLE_OPEN:
            opened = at + 1
    return pairs


def _reopens(text: str, newline: int) -> bool:
    """Does the next paragraph open with a quotation mark (a quote running on)?"""
    rest = text[newline:].lstrip()
    return bool(rest) and rest[0] in REOPEN


def _opens_single(text: str, at: int) -> bool:
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-") and not after.isspace()


def _closes_single(text: str, at: int) -> bool:
    after = text[at + 1] if at + 1 < len(text) else " "
    return not text[at - 1].isspace() and not after.isalnum()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    return start, end
