"""Train the learned layer's heads on the written corpus: training/corpus/train/ only.

Each corpus record (a sentence or short snippet) is encoded once by the shipped
encoder (pipeline/encoder.py); three linear heads are fitted on the embeddings with
scikit-learn and saved as plain arrays in src/eventwire/data/learned.npz, which the
pipeline reads with numpy (no scikit-learn at run time):

- event: does the sentence report an event (any status)?
- category: one-vs-rest, one probability per PLOVER category;
- acled: which ACLED sub-type (or NONE) the sentence's occurred events have, over
  records with one sub-type at most; `compatible` records which sub-types each
  category was seen with, so a sub-type is only ever chosen for a category it fits.

The regularisation strength of each head is chosen by 5-fold cross-validation on the
training split, and so are the three thresholds the events stage applies (`drop`: a
sentence whose event probability is below it loses its candidates; `gate`: a candidate
whose category's probability is below it goes; `add`: a category at or above it that
no candidate has is added): out-of-fold probabilities are combined with the rules-only
pipeline's events on each training record; among the triples within 0.005 of the best
(record, category) F1, the one that drops least wins (lowest `drop`, then `gate`):
deletions learned on our corpus transfer worst to real news, which the corpus imitates
but is not (on the shared dev set, where every sentence reports an event, the stricter
`drop` of 0.4 lost a fifth of the events), and the F1 they buy on the corpus is small.
The frozen test split (training/corpus/test/) is never read here.
Deterministic (lbfgs, fixed folds); a few minutes on 2 cores, most of it encoding and
the rules-only pipeline (both cached in ~/.cache/eventwire).

    pip install -e '.[train]' && python scripts/train_learned.py
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT / "training" / "corpus" / "train"
OUT = ROOT / "src" / "eventwire" / "data" / "learned.npz"
CACHE = Path.home() / ".cache" / "eventwire" / "embeddings.npz"
GRID = (1.0, 4.0, 16.0)
NONE = "NONE"
MIN_PAIRS = 2
"""A sub-type is compatible with a category once seen with it this many times."""


def main() -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from eventwire.ontology import CATEGORIES

    started = time.monotonic()
    records = training_records()
    texts = [r["text"] for r in records]
    X = embeddings(texts)
    print(f"{len(records)} training records encoded ({time.monotonic() - started:.0f} s)")

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)

    def fit(y: np.ndarray, label: str) -> tuple[LogisticRegression, np.ndarray]:
        """The head with the best cross-validated macro F1 over GRID, refitted on all,
        and its out-of-fold probabilities (of the positive class, for binary heads)."""
        best = None
        for c in GRID:
            model = LogisticRegression(C=c, max_iter=2000)
            proba = cross_val_predict(model, X_fit, y, cv=folds, method="predict_proba")
            guess = np.unique(y)[proba.argmax(axis=1)]
            score = macro_f1(y, guess)
            if best is None or score > best[0]:
                best = (score, c, proba)
        print(f"  {label}: C={best[1]}, cross-validated macro F1 {best[0]:.3f}")
        head = LogisticRegression(C=best[1], max_iter=2000).fit(X_fit, y)
        return head, best[2][:, -1]

    X_fit = X
    has_event = np.array([bool(r["events"]) for r in records], dtype=int)
    event_head, event_oof = fit(has_event, "event")

    category_w, category_b, category_oof = [], [], []
    for category in CATEGORIES:
        y = np.array([any(e["event"] == category for e in r["events"]) for r in records], int)
        head, oof = fit(y, category)
        category_w.append(head.coef_[0])
        category_b.append(head.intercept_[0])
        category_oof.append(oof)
    drop, gate, add, _ = thresholds(records, event_oof, np.array(category_oof).T, CATEGORIES)

    labels, keep = [], []
    for i, r in enumerate(records):
        kinds = {e.get("acled") for e in r["events"] if e.get("status") == "occurred"}
        kinds.discard(None)
        if r["events"] and len(kinds) <= 1:
            labels.append(kinds.pop() if kinds else NONE)
            keep.append(i)
    X_fit = X[keep]
    acled_head, _ = fit(np.array(labels), "acled")
    acled_labels = [str(c) for c in acled_head.classes_]

    pairs: dict[tuple[str, str], int] = {}
    for r in records:
        for e in r["events"]:
            if e.get("acled") and e.get("status") == "occurred":
                pairs[(e["event"], e["acled"])] = pairs.get((e["event"], e["acled"]), 0) + 1
    compatible = np.array(
        [
            [
                label == NONE or pairs.get((category, label), 0) >= MIN_PAIRS
                for label in acled_labels
            ]
            for category in CATEGORIES
        ]
    )

    np.savez_compressed(
        OUT,
        event_w=event_head.coef_[0].astype(np.float32),
        event_b=np.float32(event_head.intercept_[0]),
        category_labels=np.array(CATEGORIES),
        category_w=np.array(category_w, dtype=np.float32),
        category_b=np.array(category_b, dtype=np.float32),
        acled_labels=np.array(acled_labels),
        acled_w=acled_head.coef_.astype(np.float32),
        acled_b=acled_head.intercept_.astype(np.float32),
        compatible=compatible,
        drop=np.float32(drop),
        gate=np.float32(gate),
        add=np.float32(add),
        trained_on=np.array(f"{len(records)} records of training/corpus/train"),
    )
    print(f"wrote {OUT} in {time.monotonic() - started:.0f} s")
    return 0


HELD_OUT = 10
"""One record in HELD_OUT (by id hash) chooses the thresholds instead of being fitted
(scripts/finetune_encoder.py, scripts/train_textcat.py)."""


def held_out(record_id: str) -> bool:
    return int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % HELD_OUT == 0


def training_records() -> list[dict]:
    """Every record of training/corpus/train/ (never the frozen test), in file order."""
    return [
        json.loads(line)
        for path in sorted(TRAIN.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


SPURIOUS = 0.04
"""Most categories per event-free record the thresholds may leave: the issue's 0.05
spurious events per event-free sentence, less the margin by which counting categories
here understates counting events (a sentence may hold two of one category)."""


def thresholds(
    records: list[dict], event_p: np.ndarray, category_p: np.ndarray, categories: list[str]
) -> tuple[float, float, float, float]:
    """(drop, gate, add, F1): the thresholds maximising the (record, category) micro F1
    on the training records, from out-of-fold probabilities and the rules-only
    pipeline's categories, as the events stage applies them (EventCoder.revise), and
    that F1; among those that leave at most SPURIOUS categories per event-free record."""
    rules = rules_only_categories([r["text"] for r in records])
    gold = [{e["event"] for e in r["events"]} for r in records]
    empty = [i for i, g in enumerate(gold) if not g]
    results = []
    for drop in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5):
        for gate in (0.0, 0.02, 0.05, 0.1, 0.2):
            for add in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01):
                guess = []
                for i, found in enumerate(rules):
                    if event_p[i] < drop:
                        guess.append(set())
                        continue
                    p = dict(zip(categories, category_p[i], strict=True))
                    kept = {c for c in found if p[c] >= gate}
                    guess.append(kept | {c for c in categories if p[c] >= add})
                spurious = sum(len(guess[i]) for i in empty) / max(len(empty), 1)
                results.append((thresholds_f1(gold, guess), drop, gate, add, spurious))
    results = [r for r in results if r[4] <= SPURIOUS] or results
    top = max(r[0] for r in results)
    best = min((r for r in results if r[0] >= top - 0.005), key=lambda r: (r[1], r[2], -r[0]))
    baseline = thresholds_f1(gold, rules)
    print(f"  thresholds: drop {best[1]}, gate {best[2]}, add {best[3]}: (record, category) "
          f"F1 on training records {best[0]:.3f} out of fold, {best[4]:.3f} events per "
          f"event-free record (rules alone {baseline:.3f})")  # fmt: skip
    return best[1], best[2], best[3], best[0]


def thresholds_f1(gold: list[set[str]], guess: list[set[str]]) -> float:
    tp = sum(len(g & p) for g, p in zip(gold, guess, strict=True))
    wrong = sum(len(g ^ p) for g, p in zip(gold, guess, strict=True))
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def rules_only_categories(texts: list[str]) -> list[set[str]]:
    """The categories the rules-only pipeline finds in each text, cached by text (delete
    ~/.cache/eventwire/rules.json after changing the rules)."""
    from eventwire import Options, Pipeline

    path = CACHE.parent / "rules.json"
    cached = json.loads(path.read_text()) if path.exists() else {}
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    missing = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in cached]
    if missing:
        pipeline = Pipeline(Options(learned=False))
        for (key, _), doc in zip(
            missing, pipeline.extract_many(t for _, t in missing), strict=True
        ):
            cached[key] = sorted({e.event for e in doc.events})
        path.write_text(json.dumps(cached))
    return [set(cached[k]) for k in keys]


def embeddings(texts: list[str]) -> np.ndarray:
    """Encode with the shipped encoder, cached by text so a retraining re-encodes nothing."""
    from eventwire.pipeline.encoder import shared

    cached: dict[str, np.ndarray] = {}
    if CACHE.exists():
        with np.load(CACHE) as data:
            cached = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cached}.items())
    if missing:
        vectors = shared().encode([t for _, t in missing])
        cached.update(zip([k for k, _ in missing], vectors, strict=True))
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.savez(CACHE, keys=np.array(list(cached)), vectors=np.array(list(cached.values())))
    return np.array([cached[k] for k in keys], dtype=np.float32)


def macro_f1(y: np.ndarray, guess: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, guess, average="macro"))


if __name__ == "__main__":
    sys.exit(main())
