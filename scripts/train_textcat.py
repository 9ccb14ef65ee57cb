"""Train spaCy's text classifier on the written corpus; with --save, ship it.

Trains spaCy's `textcat_multilabel` on the written corpus (training/corpus/train/,
the same tenth held out as scripts/finetune_encoder.py) with one label for "reports an
event" and one per PLOVER category, and prints its held-out figures and its speed.
Two architectures: `bow` (spaCy's bag of 1-2-grams, its fastest: 1 ms a sentence) and
`ensemble` (bag of n-grams plus a small CNN over spaCy's hashed token features).

The bag of n-grams and the fine-tuned encoder's heads err on different sentences
(on the held-out tenth, (record, category) F1 0.70 and 0.66 alone, 0.73 averaged), so
the learned layer averages the two. `--save` writes the model to
src/eventwire/data/textcat/ and re-chooses, on the held-out tenth, the weight of the
bag of n-grams in that average (`blend`) and the events stage's thresholds (`drop`,
`gate`, `add`, as scripts/train_learned.py explains) for the averaged probabilities,
into src/eventwire/data/learned.npz next to the heads. The frozen test split is never
read. Deterministic (fixed seed); about 10 minutes on 2 cores.

    python scripts/train_textcat.py --arch bow --save
"""

from __future__ import annotations

import argparse
import random
import sys
import time

import numpy as np
import spacy
from spacy.training import Example
from spacy.util import minibatch
from train_learned import OUT, held_out, thresholds, training_records

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
    parser.add_argument("--length", type=int, default=2**17, help="n-gram hash buckets")
    parser.add_argument("--save", action="store_true", help="ship the model (see above)")
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
        "length": args.length,
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
    if args.save:
        save(nlp, held, scores)
    return 0


def save(nlp: spacy.Language, held: list[dict], scores: list[dict[str, float]]) -> None:
    """Write the model, and the blend weight and thresholds chosen on the held-out tenth
    for the average of its probabilities and the heads' (as learned.py computes it)."""
    from eventwire.ontology import CATEGORIES
    from eventwire.pipeline.encoder import shared
    from eventwire.pipeline.learned import load_heads

    nlp.to_disk(OUT.parent / "textcat")
    heads = load_heads(str(OUT))
    rows = heads.score(shared().encode([r["text"] for r in held]))
    columns = [heads.categories.index(c) + 1 for c in CATEGORIES]
    head_event, head_categories = rows[:, 0], rows[:, columns]
    bow_event = np.array([s[EVENT] for s in scores])
    bow_categories = np.array([[s[c] for c in CATEGORIES] for s in scores])
    best = None
    for blend in (0.0, 0.3, 0.5, 0.7):
        event_p = (1 - blend) * head_event + blend * bow_event
        category_p = (1 - blend) * head_categories + blend * bow_categories
        drop, gate, add, f1 = thresholds(held, event_p, category_p, CATEGORIES)
        candidate = (f1, blend, drop, gate, add)
        if best is None or candidate[0] > best[0] + 0.002:
            best = candidate
    _, blend, drop, gate, add = best
    skip = skip_below(bow_event, [bool(r["events"]) for r in held], drop)
    with np.load(OUT) as data:
        arrays = dict(data)
    arrays.update(blend=np.float32(blend), drop=np.float32(drop), gate=np.float32(gate),
                  add=np.float32(add), skip=np.float32(skip))  # fmt: skip
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT.parent / 'textcat'}; blend {blend}, drop {drop}, gate {gate}, add {add}")


MISSED = 0.005
"""Share of the held-out records that report an event which skipping may cost."""


def skip_below(event_p: np.ndarray, reports: list[bool], drop: float) -> float:
    """The highest bag-of-n-grams event probability (at most `drop`) below which a
    sentence is not worth encoding: the records under it that report an event are at
    most MISSED of those that do."""
    reports_ = np.array(reports)
    chosen = 0.0
    for skip in (0.005, 0.01, 0.02, 0.05, 0.1, 0.2):
        missed = float(((event_p < skip) & reports_).sum()) / max(int(reports_.sum()), 1)
        if skip <= drop and missed <= MISSED:
            chosen = skip
            share = float((event_p < skip).mean())
            print(f"  skip {skip}: {share:.1%} of records not encoded, {missed:.2%} missed")
    return chosen


if __name__ == "__main__":
    sys.exit(main())
