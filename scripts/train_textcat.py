"""Candidate (c) of the learned layer's comparison: spaCy's own text classifier.

Trains spaCy's `textcat_multilabel` on the written corpus (training/corpus/train/,
the same tenth held out as scripts/finetune_encoder.py) with one label for "reports an
event" and one per PLOVER category, and prints its held-out figures and its speed, so
docs/accuracy.md can compare it with (a) frozen MiniLM + linear heads and (b) MiniLM
fine-tuned. Two architectures: `bow` (spaCy's bag of n-grams, its fastest) and
`ensemble` (bag of n-grams plus a small CNN over spaCy's hashed token features, the
default of `spacy init config`). Nothing here ships; the comparison decides what does.

    python scripts/train_textcat.py --arch bow
"""

from __future__ import annotations

import argparse
import random
import sys
import time

import numpy as np
import spacy
from finetune_encoder import held_out
from spacy.training import Example
from spacy.util import minibatch
from train_learned import training_records

EVENT = "EVENT"
TOK2VEC = {
    "@architectures": "spacy.Tok2Vec.v2",
    "embed": {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": 64,
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
        "rows": [5000, 1000, 2500, 2500],
        "include_static_vectors": False,
    },
    "encode": {
        "@architectures": "spacy.MaxoutWindowEncoder.v2",
        "width": 64,
        "depth": 2,
        "window_size": 1,
        "maxout_pieces": 3,
    },
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", choices=("bow", "ensemble"), default="bow")
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()

    from eventwire.ontology import CATEGORIES

    random.seed(0)
    spacy.util.fix_random_seed(0)
    records = training_records()
    held = [r for r in records if held_out(r["id"])]
    fitted = [r for r in records if not held_out(r["id"])]
    bow = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 262144,
    }
    model = (
        bow
        if args.arch == "bow"
        else {"@architectures": "spacy.TextCatEnsemble.v2", "tok2vec": TOK2VEC, "linear_model": bow}
    )
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": model})
    labels = [EVENT, *CATEGORIES]
    for label in labels:
        textcat.add_label(label)

    def example(record: dict) -> Example:
        found = {e["event"] for e in record["events"]}
        cats = {label: float(label in found) for label in CATEGORIES}
        cats[EVENT] = float(bool(record["events"]))
        return Example.from_dict(nlp.make_doc(record["text"]), {"cats": cats})

    train = [example(r) for r in fitted]
    started = time.monotonic()
    optimizer = nlp.initialize(lambda: train)
    for epoch in range(args.epochs):
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=32):
            nlp.update(batch, sgd=optimizer, losses=losses)
        print(f"  epoch {epoch + 1}: loss {losses['textcat_multilabel']:.2f}", flush=True)
    trained = time.monotonic() - started

    started = time.monotonic()
    scores = [doc.cats for doc in nlp.pipe(r["text"] for r in held)]
    per_sentence = (time.monotonic() - started) / len(held)
    gold_event = np.array([bool(r["events"]) for r in held])
    guess = np.array([s[EVENT] >= 0.5 for s in scores])
    tp = int((guess & gold_event).sum())
    event_f1 = 2 * tp / max(int(guess.sum()) + int(gold_event.sum()), 1)
    gold = [{e["event"] for e in r["events"]} for r in held]
    found = [{c for c in CATEGORIES if s[c] >= 0.5} for s in scores]
    tp = sum(len(g & f) for g, f in zip(gold, found, strict=True))
    wrong = sum(len(g ^ f) for g, f in zip(gold, found, strict=True))
    print(
        f"textcat {args.arch}: held-out ({len(held)} records): event F1 {event_f1:.3f}; "
        f"(record, category) F1 at 0.5 {2 * tp / max(2 * tp + wrong, 1):.3f}; "
        f"{per_sentence * 1000:.2f} ms per sentence; trained in {trained:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
