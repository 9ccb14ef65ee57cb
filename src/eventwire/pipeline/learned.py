"""The learned layer: what each sentence reports, scored by heads trained on our corpus.

The lexicon and the parse propose events; on news they have not seen they propose too
many in sentences that report none (commentary, tolls, background) and miss wordings
no entry foresaw. This stage encodes each sentence (pipeline/encoder.py) and scores it
with three linear heads trained on the written corpus together with the encoder
(scripts/finetune_encoder.py, data/learned.npz): the probability that it reports an
event, per PLOVER category, and per ACLED sub-type. The event and category
probabilities are averaged with those of a bag-of-n-grams classifier trained on the
same corpus (scripts/train_textcat.py, data/textcat): the two err on different
sentences, and the bag costs a tenth of the encoder. The events stage then keeps the
parse in charge of who, whom, when, where and how many, and uses the scores to:

- drop the candidate events of a sentence the heads say reports none (event probability
  below `drop`), and a candidate whose category the heads find all but impossible there
  (that category's probability below `gate`);
- add an event of each category the heads are sure the sentence reports (probability
  at or above `add`) that no kept candidate has: the sentence's main verb is its
  trigger, and the parse finds its roles;
- choose the ACLED sub-type of an event that occurred, among the sub-types its
  category was seen with in training (where none is likelier, the rules' coding stays).

Only sentences that could report an event are encoded: those with a word the event
lexicon (data/events.yaml) or PETRARCH2's verb dictionary (data/petrarch_verbs.yaml)
offers as a trigger. The encoder costs as much as the parse a sentence, and a sentence
with no such word ("The statement gave no details.") has nothing for the heads to
keep, drop or add; its row is None and the rules' decisions stand there.

Scores live on `doc._.sentence_scores` as plain lists (one per sentence: the event
probability, then one per category, then one per ACLED label; None for a sentence not
encoded), so they cross worker processes like the other layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np
from spacy.attrs import LEMMA
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from .. import ontology
from ..records import Event
from .encoder import shared

NONE = "NONE"
STRATEGIC = "Strategic developments"
"""The ACLED event type whose sub-types the heads may take away (choose_acled)."""


@dataclass(frozen=True)
class Heads:
    """The trained heads and the thresholds the events stage applies."""

    event_w: np.ndarray
    event_b: float
    categories: list[str]
    category_w: np.ndarray
    category_b: np.ndarray
    acled_labels: list[str]
    acled_w: np.ndarray
    acled_b: np.ndarray
    compatible: np.ndarray
    drop: float
    gate: float
    add: float
    blend: float
    """Weight of the bag of n-grams (data/textcat) in the event and category
    probabilities; the heads have the rest (scripts/train_textcat.py chose it)."""
    skip: float
    """A sentence whose bag-of-n-grams event probability is below this is not encoded."""

    def score(self, vectors: np.ndarray, bag: np.ndarray | None = None) -> np.ndarray:
        """Rows of [p(event), p(category)..., p(ACLED label)...] for sentence vectors;
        `bag`: the bag of n-grams' [p(event), p(category)...] of the same sentences."""
        event = _sigmoid(vectors @ self.event_w + self.event_b)[:, None]
        categories = _sigmoid(vectors @ self.category_w.T + self.category_b)
        if bag is not None and self.blend:
            event = (1 - self.blend) * event + self.blend * bag[:, :1]
            categories = (1 - self.blend) * categories + self.blend * bag[:, 1:]
        logits = vectors @ self.acled_w.T + self.acled_b
        logits -= logits.max(axis=1, keepdims=True)
        acled = np.exp(logits)
        acled /= acled.sum(axis=1, keepdims=True)
        return np.hstack([event, categories, acled])


@cache
def load_heads(path: str | None = None) -> Heads:
    source = Path(path) if path else Path(str(files("eventwire") / "data" / "learned.npz"))
    with np.load(source) as data:
        return Heads(
            event_w=data["event_w"],
            event_b=float(data["event_b"]),
            categories=data["category_labels"].tolist(),
            category_w=data["category_w"],
            category_b=data["category_b"],
            acled_labels=data["acled_labels"].tolist(),
            acled_w=data["acled_w"],
            acled_b=data["acled_b"],
            compatible=data["compatible"],
            drop=float(data["drop"]),
            gate=float(data["gate"]),
            add=float(data["add"]),
            blend=float(data["blend"]) if "blend" in data else 0.0,
            skip=float(data["skip"]) if "skip" in data else 0.0,
        )


EVENT = "EVENT"
"""The bag of n-grams' label for "reports an event"; its others are the categories."""


@cache
def load_bag() -> Language:
    """The bag-of-n-grams text classifier (spaCy textcat_multilabel, data/textcat)."""
    import spacy

    return spacy.load(Path(str(files("eventwire") / "data" / "textcat")))


def bag_scores(texts: list[str], categories: list[str]) -> np.ndarray:
    """Rows of the bag of n-grams' [p(event), p(category)...], categories in the
    heads' order: it tokenizes on its own (a blank English pipeline), about 1 ms a
    sentence."""
    docs = load_bag().pipe(texts, batch_size=256)
    rows = [[doc.cats[EVENT], *(doc.cats[c] for c in categories)] for doc in docs]
    return np.array(rows, dtype=np.float32).reshape(len(texts), 1 + len(categories))


class SentenceScorer:
    """spaCy component: sets doc._.sentence_scores, encoding the sentences of a whole
    batch of docs at once (the encoder is faster on many sentences than on few)."""

    def __init__(self, nlp: Language, name: str, heads_file: str | None = None) -> None:
        from .candidates import load_verb_candidates
        from .events import load_lexicon  # the events stage imports this module

        self.name = name
        self.heads = load_heads(heads_file)
        self.encoder = shared()
        lex = load_lexicon()
        words = lex.verb_heads | lex.light_verbs | lex.noun_heads
        words |= {
            lemma
            for lemma, phrases in load_verb_candidates().items()
            if any(not p.words and any(s.event for s in p.senses) for p in phrases)
        }
        self.trigger_hashes = np.array(sorted(nlp.vocab.strings.add(w) for w in words), np.uint64)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 32):
        for batch in minibatch(docs, batch_size):
            chosen = [self.worth_encoding(doc) for doc in batch]
            flat = [s.text.strip() for doc_sentences in chosen for s in doc_sentences if s]
            scores = iter(self.rows(flat).round(4).tolist())
            for doc, doc_sentences in zip(batch, chosen, strict=True):
                doc._.sentence_scores = [next(scores) if s else None for s in doc_sentences]
            yield from batch

    def rows(self, texts: list[str]) -> np.ndarray:
        """The sentences' scores: the heads' blended with the bag of n-grams'. A
        sentence the bag is sure reports no event (p below `skip`, itself below `drop`)
        is not encoded: it keeps the bag's scores alone, so the events stage drops its
        candidates as it would have, and its ACLED columns stay 0 (no event of it is
        kept to need one). The encoder is the layer's cost; the bag's is a tenth."""
        heads = self.heads
        if not heads.blend:
            return heads.score(self.encoder.encode(texts))
        bag = bag_scores(texts, heads.categories)
        width = 1 + len(heads.categories) + len(heads.acled_labels)
        rows = np.zeros((len(texts), width), dtype=np.float32)
        rows[:, : bag.shape[1]] = bag
        encode = bag[:, 0] >= heads.skip
        if encode.any():
            chosen = [text for text, wanted in zip(texts, encode, strict=True) if wanted]
            rows[encode] = heads.score(self.encoder.encode(chosen), bag[encode])
        return rows

    def worth_encoding(self, doc: Doc) -> list[Span | None]:
        """Each sentence of the doc, or None where no word could trigger an event (found
        on the doc's lemma array, as the events stage finds its candidates)."""
        if not len(doc):
            return []
        hits = np.isin(doc.to_array(LEMMA), self.trigger_hashes)
        return [s if hits[s.start : s.end].any() else None for s in doc.sents]


# -- what the events stage asks -----------------------------------------------------------


def category_p(heads: Heads, row: list[float], category: str) -> float:
    return row[1 + heads.categories.index(category)]


def sure_categories(heads: Heads, row: list[float]) -> list[str]:
    """The categories the heads are sure a sentence reports, likeliest first."""
    found = [(p, c) for c, p in zip(heads.categories, row[1:], strict=False) if p >= heads.add]
    return [c for _, c in sorted(found, reverse=True)]


def main_verb(sentence: Span, reporting: frozenset[str] = frozenset()) -> Token | None:
    """The sentence's root when it is a verb, else its first verb: the word an added
    event hangs on, so the parse can find its roles. A `reporting` verb ("..., his
    office said") gives way to the verb of the clause it reports."""
    verb = sentence.root if sentence.root.pos_ == "VERB" else None
    verb = verb or next((t for t in sentence if t.pos_ == "VERB"), None)
    while verb is not None and verb.lemma_.lower() in reporting:
        told = [c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
        if not told:
            break
        verb = told[0]
    return verb


def choose_acled(heads: Heads, event: Event, row: list[float]) -> None:
    """Set an occurred event's ACLED coding to the likeliest sub-type its category was
    seen with in training. Where the heads find none likelier, the rules' coding
    (data/acled.yaml, precise where it speaks: an arrest is Arrests) stands, except a
    strategic development: ACLED codes those (an agreement, a base set up, a group's
    change) only where they bear on the conflict, which the words of the act do not
    tell and the heads, trained on the corpus's choices, do. Other events keep the
    rules' coding too."""
    if event.status != "occurred" or event.event not in heads.categories:
        return
    allowed = heads.compatible[heads.categories.index(event.event)]
    offset = 1 + len(heads.categories)
    probabilities = np.where(allowed, row[offset : offset + len(heads.acled_labels)], -1.0)
    label = heads.acled_labels[int(np.argmax(probabilities))]
    if label != NONE:
        event.acled = ontology.acled_from_sub_type(label)
    elif event.acled is not None and event.acled.event_type == STRATEGIC:
        event.acled = None


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))
