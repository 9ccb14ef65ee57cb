"""Fit the story linker's pairwise scorer on the linking TRAINING set (issue 15).

    python scripts/train_story_scorer.py training/stories/train/t*_articles.jsonl \\
        [--cache /tmp/story-train] [--dev training/stories/train/t1_articles.jsonl]

Each `*_articles.jsonl` (with its `*_incidents.jsonl`, format training/stories/BRIEF.md)
is ingested by the full pipeline into a store (kept in `--cache`, so a second run skips
the pipeline). Then:

1. **Error analysis**: how many gold mentions have a stored event at all (pipeline
   recall), and why same-incident pairs never reach the scorer (another category,
   dates or towns too far apart, no shared country to block on).
2. **Pairs**: every two gold mentions that pass the linker's blocking and vetoes, with
   `eventwire.stories.pair_features` and whether they report one incident.
3. **Fit**: a logistic regression (scikit-learn, here only; the shipped scorer is the
   weights, applied by eventwire.stories without scikit-learn).
4. **Clustering choice**: the regularization, the linkage (a story's score for a new
   mention: its best or mean pair probability) and the join threshold that give the best
   mean of pairwise and B-cubed F1 when the training stores are linked from scratch.
   `--dev` files are left out of the fit and the choice and only reported, to see
   how the choice carries to text not written by the generator.

Writes src/eventwire/data/story_scorer.json. Never run on training/stories/test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np
from evaluate_stories import align, linking_scores, load
from sklearn.linear_model import LogisticRegression

from eventwire.store import Store, events
from eventwire.stories import (
    FEATURES,
    Mention,
    cluster,
    mention_query,
    pair_features,
    read_mentions,
    weights,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "eventwire" / "data" / "story_scorer.json"
THRESHOLDS = [round(float(t), 2) for t in np.arange(0.2, 0.91, 0.05)]
CS = [0.3, 1.0, 3.0]


def store_for(path: Path, cache: Path) -> Path:
    """The store holding `path`'s articles, ingested (without linking) if not there yet."""
    db = cache / f"{path.stem}.db"
    if not db.exists():
        command = [sys.executable, "-m", "eventwire", "ingest", str(path), "--db", str(db),
                   "--no-link"]  # fmt: skip
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return db


class Gold:
    """One training file: its stored mentions and which gold mention each one is."""

    def __init__(self, path: Path, cache: Path) -> None:
        self.name = path.stem
        arts, incidents = load([path])
        with Store.open(str(store_for(path, cache))) as store:
            self.aligned = align(store, arts, incidents)
            with store.reading() as conn:
                query = mention_query(with_text=True).where(events.c.status == "occurred")
                self.mentions = read_mentions(conn, query)
        self.by_key = {m.key: m for m in self.mentions}
        self.incident = {v: k[1] for k, v in self.aligned.items() if v}

    def pairs(self) -> tuple[list[list[float]], list[int], Counter]:
        """Features and labels of the gold pairs that reach the scorer; why the
        same-incident pairs that do not, fail."""
        xs, ys, lost = [], [], Counter()
        keys = sorted(self.incident)
        for ka, kb in combinations(keys, 2):
            a, b = self.by_key[ka], self.by_key[kb]
            same = self.incident[ka] == self.incident[kb]
            found = pair_features(a, b)
            reason = None
            if found is None:
                reason = why_apart(a, b)
            elif not blocked_together(a, b):
                reason = "no shared country"
            if reason:
                if same:
                    lost[reason] += 1
                continue
            xs.append([found.get(name, 0.0) for name in FEATURES])
            ys.append(int(same))
        return xs, ys, lost

    def evaluate(self, model: dict) -> dict:
        links = cluster(self.mentions, model)
        return linking_scores(self.aligned, links)


def blocked_together(a: Mention, b: Mention) -> bool:
    """The linker's blocking lets `a` find a story holding `b` (and the other way)."""
    return bool(set(a.lookup_keys()) & set(b.block_keys())) or bool(
        set(b.lookup_keys()) & set(a.block_keys())
    )


def why_apart(a: Mention, b: Mention) -> str:
    """Which veto of `pair_features` keeps two mentions apart."""
    if a.category != b.category:
        return f"category {'/'.join(sorted({a.category, b.category}))}"
    if a.days() is None or b.days() is None:
        return "date too vague"
    gap = max(a.days()[0], b.days()[0]) - min(a.days()[1], b.days()[1])
    limits = weights()["date"]
    update = a.is_update or b.is_update
    if gap > limits["update_tolerance_days" if update else "tolerance_days"]:
        return "dates too far apart"
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return "place countries differ"
    return "towns too far apart"


def fit(xs: np.ndarray, ys: np.ndarray, c: float) -> dict:
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    model.fit(xs, ys)
    weights_ = {name: round(float(w), 4) for name, w in zip(FEATURES, model.coef_[0], strict=True)}
    return {"bias": round(float(model.intercept_[0]), 4), "weights": weights_}


def mean_f1(result: dict) -> float:
    return (result["pairwise"]["f1"] + result["bcubed"]["f1"]) / 2


def figures(result: dict) -> dict:
    return {
        "pairwise_precision": round(result["pairwise"]["precision"], 3),
        "pairwise_recall": round(result["pairwise"]["recall"], 3),
        "pairwise_f1": round(result["pairwise"]["f1"], 3),
        "bcubed_f1": round(result["bcubed"]["f1"], 3),
    }


def pooled(results: list[dict]) -> dict:
    """Pairwise figures over the pooled pairs, B-cubed averaged by gold mentions."""
    tp = sum(r["pairwise"]["tp"] for r in results)
    fp = sum(r["pairwise"]["fp"] for r in results)
    fn = sum(r["pairwise"]["fn"] for r in results)
    p, r = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
    n = [len(res["system"]) for res in results]
    bp = sum(res["bcubed"]["precision"] * k for res, k in zip(results, n, strict=True)) / sum(n)
    br = sum(res["bcubed"]["recall"] * k for res, k in zip(results, n, strict=True)) / sum(n)
    f = 2 * p * r / (p + r) if p + r else 0.0
    bf = 2 * bp * br / (bp + br) if bp + br else 0.0
    return {"pairwise": {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn},
            "bcubed": {"precision": bp, "recall": br, "f1": bf}, "system": {}}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="+", type=Path, help="training *_articles.jsonl")
    parser.add_argument("--dev", nargs="*", type=Path, default=[], help="report only")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/eventwire-story-train"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if any("test" in p.parts for p in [*args.articles, *args.dev]):
        parser.error("training/stories/test is the frozen test set: never train on it")
    args.cache.mkdir(parents=True, exist_ok=True)
    train = [Gold(p, args.cache) for p in args.articles if p not in args.dev]
    dev = [Gold(p, args.cache) for p in args.dev]
    xs, ys = [], []
    for gold in [*train, *dev]:
        gx, gy, lost = gold.pairs()
        found = sum(1 for v in gold.aligned.values() if v)
        print(f"{gold.name}: {found}/{len(gold.aligned)} gold mentions have a stored event; "
              f"{sum(gy)} same-incident pairs reach the scorer, lost: {dict(lost)}")  # fmt: skip
        if gold in train:
            xs += gx
            ys += gy
    x, y = np.array(xs), np.array(ys)
    print(f"{len(y)} training pairs, {int(y.sum())} same-incident")
    best = None
    for c in CS:
        fitted = fit(x, y, c)
        for linkage in ("max", "mean"):
            for threshold in THRESHOLDS:
                model = {**fitted, "linkage": linkage, "threshold": threshold}
                result = pooled([g.evaluate(model) for g in train])
                key = (round(mean_f1(result), 4), threshold)
                if best is None or key > best[0]:
                    best = (key, model, result)
    _, model, result = best
    print("chosen:", {k: model[k] for k in ("linkage", "threshold")}, "train:", figures(result))
    for gold in dev:
        print(f"dev {gold.name}:", figures(gold.evaluate(model)))
    c_chosen = next(c for c in CS if fit(x, y, c)["weights"] == model["weights"])
    out = {
        "about": "Pairwise scorer of eventwire's story linker: a logistic regression over "
        "eventwire.stories.FEATURES, fitted by scripts/train_story_scorer.py on "
        "training/stories/train (never on training/stories/test).",
        "features": list(FEATURES),
        "bias": model["bias"],
        "weights": model["weights"],
        "linkage": model["linkage"],
        "threshold": model["threshold"],
        "trained": {
            "date": dt.date.today().isoformat(),
            "files": [str(p) for p in args.articles if p not in args.dev],
            "pairs": len(y),
            "positives": int(y.sum()),
            "C": c_chosen,
            "train": figures(result),
        },
    }
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
