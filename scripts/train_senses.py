"""Train the sense model (src/eventwire/data/senses.npz): which sense an ambiguous
trigger word takes (data/senses.yaml), from the words of its sentence.

Examples come from two places:
- labelled stories (default: ../shared/data/synthetic_plover_stories.csv.gz, columns
  `text` and `label`): every listed word that eventwire codes as an event in a story's
  first two sentences, labelled with the story's category when that is one of the
  word's senses (other stories say nothing about the word and are skipped);
- our own written sentences (training/senses.jsonl: {"text", "label"}), each with one
  listed word, which cover senses the stories rarely show.

The script prints 5-fold cross-validated accuracy against the lexicon's default sense,
then fits on everything and writes the weights. It needs scikit-learn
(`pip install -e .[train]`); eventwire itself reads the weights with numpy alone.

    python scripts/train_senses.py [--stories PATH] [--examples PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from eventwire import Pipeline
from eventwire.pipeline import senses
from eventwire.pipeline.events import load_lexicon

ROOT = Path(__file__).resolve().parent.parent
BUCKETS = 2**12
"""Hashed feature columns: 4,096 x classes float32 weights stay under 200 kB."""


def examples(pipeline: Pipeline, texts: list[str], labels: list[str]) -> list[tuple]:
    """(features, label, default) for each listed trigger word whose label is one of its
    senses; `default` is the lexicon's category for the word."""
    listed = senses.load_senses()
    lex = load_lexicon()
    found = []
    for doc, label in zip(pipeline.annotate_many(texts), labels, strict=True):
        sentences = list(doc.sents)
        for event in doc._.events:
            words = doc.char_span(*event.span, alignment_mode="expand")
            for token in words or ():
                key = (token.pos_, token.lemma_.lower())
                if key not in listed or label not in listed[key]:
                    continue
                table = lex.verbs if token.pos_ == "VERB" else lex.nouns
                default = table.get(key[1], (None,))[0]
                ids = senses.feature_ids(sentences[event.sentence], key[1], event.actor)
                found.append((ids, label, default))
    return found


def classifier() -> LogisticRegression:
    """Balanced class weights: PROTEST dominates the stories, and the rarer senses are
    the ones the lexicon default already misses."""
    return LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")


def matrix(rows: list[np.ndarray]) -> csr_matrix:
    columns = [np.unique(r % np.uint64(BUCKETS)).astype(np.int64) for r in rows]
    indptr = np.cumsum([0] + [len(c) for c in columns])
    data = np.ones(indptr[-1], dtype=np.float32)
    return csr_matrix((data, np.concatenate(columns), indptr), shape=(len(rows), BUCKETS))


def read_stories(path: Path) -> tuple[list[str], list[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"][:600] for r in rows], [r["label"] for r in rows]


def read_examples(path: Path) -> tuple[list[str], list[str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--stories", type=Path, default=ROOT.parent / "shared/data/synthetic_plover_stories.csv.gz"
    )
    parser.add_argument("--examples", type=Path, default=ROOT / "training/senses.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "src/eventwire/data/senses.npz")
    args = parser.parse_args()

    pipeline = Pipeline()
    texts, labels = read_examples(args.examples)
    if args.stories.exists():
        story_texts, story_labels = read_stories(args.stories)
        texts, labels = texts + story_texts, labels + story_labels
    else:
        print(f"{args.stories} not found: training on {args.examples} alone")
    data = examples(pipeline, texts, labels)
    if len(data) < 10:
        raise SystemExit(f"only {len(data)} examples found; nothing to train on")
    x = matrix([d[0] for d in data])
    y = np.array([d[1] for d in data])
    default = np.array([d[2] for d in data])
    print(f"{len(data)} examples: {dict(Counter(y.tolist()).most_common())}")

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    right = baseline = 0
    for train, test in folds.split(x, y):
        model = classifier().fit(x[train], y[train])
        right += int((model.predict(x[test]) == y[test]).sum())
        baseline += int((default[test] == y[test]).sum())
    print(f"5-fold accuracy: model {right / len(y):.1%}, lexicon default {baseline / len(y):.1%}")

    model = classifier().fit(x, y)
    coef = model.coef_
    if len(model.classes_) == 2:  # scikit-learn keeps one row for two classes
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-model.intercept_[0] / 2, model.intercept_[0] / 2])
    else:
        intercept = model.intercept_
    np.savez_compressed(
        args.out,
        classes=np.array(model.classes_),
        coef=coef.astype(np.float16),
        intercept=intercept.astype(np.float32),
    )
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
