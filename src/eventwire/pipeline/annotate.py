"""Annotate: load the spaCy model that gives sentences, tokens, the parse and NER."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import Errors, ModelError
from ..settings import DEFAULT_MODELS
from . import extensions  # noqa: F401  (declares the ._ layers)


def load_model(name: str | None = None, max_chars: int = 100_000) -> Language:
    """Load the named spaCy package, or the first of DEFAULT_MODELS that is installed."""
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        if importlib.util.find_spec(candidate) is not None:
            nlp = spacy.load(candidate)
            nlp.max_length = max(max_chars, nlp.max_length)
            nlp.tokenizer = LinearTokenizer(nlp.tokenizer)
            add_lemma_exceptions(nlp)
            if "parser" in nlp.pipe_names:
                nlp.add_pipe("eventwire_layout", before="parser")
            return nlp
    if name:
        raise ModelError(Errors.E002.format(name=name))
    raise ModelError(Errors.E001.format(names=", ".join(names)))


TAGS = {"verb": "^VB", "noun": "^NN", "adj": "^JJ"}


def add_lemma_exceptions(nlp: Language) -> None:
    """Teach the pipeline the lemmas in data/lemma_exceptions.yaml through its
    attribute ruler: the rule lemmatizer, which runs later, keeps a lemma already set,
    so every stage sees "stage" for "staged"."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    path = files("eventwire") / "data" / "lemma_exceptions.yaml"
    for pos, forms in yaml.safe_load(path.read_text(encoding="utf-8")).items():
        for form, lemma in forms.items():
            pattern = [{"LOWER": form, "TAG": {"REGEX": TAGS[pos]}}]
            ruler.add([pattern], {"LEMMA": lemma})


LONG_RUN = 64
"""Characters without a space beyond which a run is cut into pieces of this length
instead of going through spaCy's tokenizer, whose prefix and suffix rules take time
quadratic in a token's length (a run of 8,000 emoji: 13 s; base64 blobs, URLs of
tracking junk). No word of news is this long."""
LONG_RUN_RE = re.compile(rf"\S{{{LONG_RUN},}}")


class LinearTokenizer:
    """spaCy's tokenizer, in time linear in the text: long runs without spaces become
    pieces of LONG_RUN characters; everything else is tokenized as spaCy would. The
    Doc's text is the input, character for character, so spans stay true."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if LONG_RUN_RE.search(text) is None:
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for match in LONG_RUN_RE.finditer(text):
            self._add(text[position : match.start()], words, spaces)
            run = match.group()
            for start in range(0, len(run), LONG_RUN):
                words.append(run[start : start + LONG_RUN])
                spaces.append(False)
            position = match.end()
            if text.startswith(" ", position):
                spaces[-1] = True
                position += 1
        self._add(text[position:], words, spaces)
        return Doc(self.tokenizer.vocab, words=words, spaces=spaces)

    def _add(self, segment: str, words: list[str], spaces: list[bool]) -> None:
        if segment:
            for token in self.tokenizer(segment):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))

    def __getattr__(self, name: str):
        # to_bytes, explain, rules...: what spaCy's own tokenizer offers
        if name == "tokenizer":  # not yet set (unpickling)
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


# -- layout: headlines, datelines, bylines, captions -------------------------------------


@dataclass(frozen=True)
class Layout:
    """data/layout.yaml, compiled."""

    agencies: frozenset[str]
    debris: re.Pattern[str]
    caption_openers: tuple[str, ...]
    continuing_words: frozenset[str]


@lru_cache(maxsize=1)
def load_layout() -> Layout:
    raw = yaml.safe_load((files("eventwire") / "data" / "layout.yaml").read_text("utf-8"))
    debris = "|".join(f"(?:{p})" for p in raw["debris"])
    return Layout(
        agencies=frozenset(a.lower() for a in raw["agencies"]),
        debris=re.compile(rf"(?:{debris})", re.IGNORECASE),
        caption_openers=tuple(raw["caption_openers"]),
        continuing_words=frozenset(raw["continuing_words"]),
    )


MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
PLACE_WORD = r"[A-Z][\w.'’-]*"
DATELINE_RE = re.compile(
    rf"(?P<place>{PLACE_WORD}(?: {PLACE_WORD}){{0,3}}?)"
    rf"(?:, (?!{MONTH} )(?P<region>{PLACE_WORD}(?: {PLACE_WORD}){{0,2}}))?"
    rf"(?:,? (?P<date>{MONTH} \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} {MONTH}(?: \d{{4}})?))?"
    r"\s*(?:\((?P<agency>[^()\n]{2,40})\))?"
    r"[ \t]*(?P<dash>--|[-–—:])[ \t]+(?=\S)"
)
"""'KHARTOUM (Reuters) - ', 'NEW DELHI: ', 'Gaza City, July 3 (AFP) - ', 'KYIV, Ukraine
(AP) — ': where a dateline can start a paragraph. What makes it one is judged apart
(`is_dateline`)."""
DATELINE_LINES = 4
"""A dateline opens the story: it is looked for at the start of its first lines only
(after a headline and a byline)."""
END_PUNCT = tuple(".!?:;\"'”’)")
WRAP_WIDTH = 50
"""Lines at least this long that end without punctuation, in numbers, mean the text is
hard-wrapped prose: its single line breaks are not sentence ends."""


def is_dateline(match: re.Match[str], layout: Layout) -> bool:
    """A dateline names a place in capitals ('NEW DELHI:'), or a place with an agency or
    a date ('Gaza City, July 3 (AFP) -'); 'Israel - Hamas talks' is neither."""
    agency = match.group("agency")
    if agency is not None and agency.strip().lower() not in layout.agencies:
        return False
    place = match.group("place")
    capitals = place.isupper() and sum(c.isalpha() for c in place) >= 3
    if match.group("dash") == ":" and agency is None and match.group("date") is None:
        return capitals and (match.group("region") is None or match.group("region").isupper())
    return capitals or agency is not None or match.group("date") is not None


def read_layout(text: str, layout: Layout) -> tuple[dict | None, list[tuple[int, int]], list[int]]:
    """(dateline, furniture, breaks): the dateline of the story (its words, place,
    region, date and agency, as character spans), the lines that are page furniture
    (bylines, captions, "Advertisement"), and the character offsets where a line break
    ends a sentence (a headline has no full stop; a hard-wrapped line is not a sentence)."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    long_lines = [text[s:e].rstrip() for s, e in lines if e - s >= WRAP_WIDTH]
    open_lines = sum(1 for line in long_lines if not line.endswith(END_PUNCT))
    wrapped = open_lines >= 3 and open_lines * 2 >= len(long_lines)
    breaks: list[int] = []
    furniture: list[tuple[int, int]] = []
    for n, (start, end) in enumerate(lines):
        stripped = text[start:end].strip()
        first = start + text[start:end].index(stripped[0])
        if layout.debris.fullmatch(stripped) or stripped.startswith(layout.caption_openers):
            furniture.append((first, first + len(stripped)))
        if n == 0:
            continue
        before = text[lines[n - 1][0] : lines[n - 1][1]].rstrip()
        blank = text[lines[n - 1][1] : start].count("\n") > 1
        continues = (
            before.endswith((",", "-", "–", "—"))
            or before.rsplit(None, 1)[-1].lower().strip(",") in layout.continuing_words
            or stripped[:1].islower()
        )
        if blank or before.endswith(END_PUNCT) or not (wrapped or continues):
            breaks.append(first)
        elif furniture and furniture[-1][0] == first:
            breaks.append(first)  # a byline or a caption starts its own sentence
    for _, end in furniture:  # and the line after it starts anew
        following = next((s for s, _ in lines if s > end), None)
        if following is not None:
            breaks.append(following + len(text[following:]) - len(text[following:].lstrip()))
    dateline = find_dateline(text, lines[:DATELINE_LINES], layout)
    if dateline is not None:
        breaks.append(dateline["span"][1])
    return dateline, furniture, sorted(set(breaks))


def find_dateline(text: str, lines: list[tuple[int, int]], layout: Layout) -> dict | None:
    """The dateline that opens one of the story's first lines, as character spans."""
    for start, end in lines:
        first = start + len(text[start:end]) - len(text[start:end].lstrip())
        match = DATELINE_RE.match(text, first, end)
        if match is not None and is_dateline(match, layout):
            return {
                "text": text[first : match.start("dash")].strip(),
                "span": [first, match.end()],
                **{
                    key: [match.start(key), match.end(key)]
                    for key in ("place", "region", "date", "agency")
                    if match.group(key) is not None
                },
            }
    return None


@Language.component(
    "eventwire_layout",
    assigns=["doc._.dateline", "doc._.furniture", "token.is_sent_start"],
)
def mark_layout(doc: Doc) -> Doc:
    """Before the parser: a line break that ends a headline, a dateline, a byline or a
    caption ends a sentence, so the parser never runs a headline into the lead ("... near
    Khan Younis\\nIsraeli warplanes struck") nor makes a dateline an actor. Only
    sentence starts are set: the parser still splits the prose between them."""
    text = doc.text
    if "\n" not in text and not DATELINE_RE.match(text):
        doc._.dateline, doc._.furniture = None, []
        return doc
    dateline, furniture, breaks = read_layout(text, load_layout())
    doc._.dateline = dateline
    doc._.furniture = [list(span) for span in furniture]
    starts = {t.idx: t.i for t in doc if not t.is_space}
    for offset in breaks:
        i = starts.get(offset)
        if i is not None and i > 0:
            doc[i].is_sent_start = True
    return doc


def in_furniture(doc: Doc, start: int, end: int) -> bool:
    """Whether the text from `start` (to `end`) begins on a line of page furniture."""
    return any(s <= start < e and start < end for s, e in doc._.furniture or ())
