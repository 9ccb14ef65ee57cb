"""Fit the places layer's candidate ranker and write src/eventwire/data/toponym_ranker.json.

Examples are derived from invented gold articles (default: training/places/train/
train.jsonl, written for the purpose; dev.jsonl is kept apart to measure the result, and
the frozen test set is never read). The pipeline finds the toponyms of each article and
lists every candidate place of each mention with its signals (`toponyms.rank`, context
read with the hand-set `WEIGHTS`). A mention gives examples where some candidates lie
within 161 km of the gold point and some do not: every (right, wrong) pair becomes the
difference of their signal vectors, labelled 1, and its mirror, labelled 0, each mention
weighing the same whatever its number of pairs. A logistic regression without intercept
on those differences is a linear ranker (a RankNet with one layer). A few hundred
examples cannot weigh a rare signal ("X, Y" patterns) on their own, so the hand-set
score is one more feature: the model learns how far to trust it (`a`) and corrections to
it (`delta`, shrunk towards 0 by the L2 penalty), and the shipped weights are
`a * WEIGHTS + delta`. They replace `WEIGHTS` at run time, so no scikit-learn is needed
to run eventwire. Deterministic: the same articles give the same file.

Run: `.venv/bin/python scripts/train_toponym_ranker.py [GOLD.jsonl ...]` (needs
scikit-learn, in the `train` extra); then measure with
`eventwire evaluate --places training/places/train/dev.jsonl`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from eventwire.core import Pipeline
from eventwire.gazetteer import haversine_km
from eventwire.pipeline import toponyms
from eventwire.places_eval import ACC_KM, read_places_gold
from eventwire.records import Article
from eventwire.settings import Options

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = [ROOT / "training" / "places" / "train" / "train.jsonl"]
OUT = ROOT / "src" / "eventwire" / "data" / "toponym_ranker.json"
C = 1.0
"""Inverse strength of the L2 penalty: with a few hundred pairs, keeps rare signals from
taking extreme weights."""


def examples(paths: list[Path]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, int]:
    """(feature names, X, y, sample weights, mentions used) from the gold articles."""
    gold = [article for path in paths for article in read_places_gold(path)]
    pipe = Pipeline(Options(learned=False))
    nlp = pipe.nlp
    before = nlp.pipe_names[: nlp.pipe_names.index("eventwire_toponyms")]
    component = dict(nlp.pipeline)["eventwire_toponyms"]
    names = sorted(toponyms.WEIGHTS)
    rows: list[np.ndarray] = []
    weights: list[float] = []
    used = 0
    with nlp.select_pipes(enable=before):
        for article in gold:
            doc = nlp(pipe._make_doc(Article.make(article.text, published=article.published)))
            mentions = toponyms.find_mentions(doc, component.gazetteer, component.words)
            candidates, _ = toponyms.rank(doc, mentions, component.gazetteer, toponyms.WEIGHTS)
            for mention, found in zip(mentions, candidates, strict=True):
                start, end = (
                    doc[mention.start].idx,
                    doc[mention.end - 1].idx + len(doc[mention.end - 1]),
                )
                target = next(
                    (t for t in article.toponyms if t.start < end and start < t.end), None
                )
                if target is None or len(found) < 2:
                    continue
                right = [c for c in found if _km(c, target) <= ACC_KM]
                wrong = [c for c in found if _km(c, target) > ACC_KM]
                if not right or not wrong:
                    continue
                used += 1
                for r in right:
                    for w in wrong:
                        rows.append(_vector(r, names) - _vector(w, names))
                        weights.append(1.0 / (len(right) * len(wrong)))
    x = np.array(rows)
    hand = np.array([toponyms.WEIGHTS[n] for n in names])
    x = np.hstack([x @ hand[:, None], x])  # the hand-set score, then the signals
    y = np.r_[np.ones(len(x)), np.zeros(len(x))]
    return names, np.vstack([x, -x]), y, np.r_[weights, weights], used


def _km(cand: toponyms.Candidate, target) -> float:
    place = cand.place
    if place.lat is None or place.lon is None:
        return float("inf")
    return haversine_km(place.lat, place.lon, target.lat, target.lon)


def _vector(cand: toponyms.Candidate, names: list[str]) -> np.ndarray:
    return np.array([cand.signals.get(n, 0.0) for n in names], dtype=np.float64)


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="*", type=Path, default=DEFAULT_GOLD)
    args = parser.parse_args()
    names, x, y, sample_weight, used = examples(args.gold)
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=5000)
    model.fit(x, y, sample_weight=sample_weight * used * 2 / sample_weight.sum())
    trust, delta = float(model.coef_[0][0]), model.coef_[0][1:]
    learned = trust * np.array([toponyms.WEIGHTS[n] for n in names]) + delta
    weights = {n: round(float(w), 4) for n, w in zip(names, learned, strict=True)}
    pairs = len(y) // 2
    accuracy = float(np.mean((x[:pairs, 1:] @ learned) > 0)) if pairs else 0.0
    OUT.write_text(
        json.dumps(
            {
                "weights": weights,
                "trained_on": [str(p.relative_to(ROOT)) for p in args.gold],
                "mentions": used,
                "pairs": pairs,
                "pair_accuracy": round(accuracy, 4),
                "trust_in_hand_weights": round(trust, 4),
                "method": "logistic regression (L2, C=1) on signal differences of "
                "(right, wrong) candidate pairs, right = within 161 km of gold; the hand "
                "score is a feature: weights = trust * hand + delta",
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {used} mentions, {pairs} pairs, pair accuracy {accuracy:.3f}")
    for n in names:
        print(f"  {n:16} hand {toponyms.WEIGHTS[n]:6.2f}  learned {weights[n]:7.3f}")


if __name__ == "__main__":
    main()
