"""Record what the shipped models score on a small slice of the frozen test, for the
test that checks a clean install reproduces it (tests/test_shipped_models.py).

    python scripts/frozen_slice.py > tests/fixtures/frozen_slice.json

Run after retraining; the slice is the first 150 records of training/corpus/test/t1.jsonl.
"""

from __future__ import annotations

import json
import sys
from itertools import islice
from pathlib import Path

from eventwire import Article, Pipeline
from eventwire.corpus import read_records, score

SLICE = 150
FILE = Path(__file__).resolve().parent.parent / "training" / "corpus" / "test" / "t1.jsonl"
FIGURES = ("event_detection", "category_micro", "acled_micro")


def measure(pipeline: Pipeline) -> dict[str, float]:
    """The slice's F1 figures and spurious rate, rounded to 3 places."""
    records = list(islice(read_records([FILE]), SLICE))
    docs = pipeline.extract_many(Article.make(r.text, id=r.id) for r in records)
    report = score(zip(records, docs, strict=True))
    figures = {name: round(report[name]["f1"], 3) for name in FIGURES}
    figures["spurious_per_empty_record"] = round(report["spurious_per_empty_record"]["value"], 3)
    return figures


if __name__ == "__main__":
    json.dump({"records": SLICE, "figures": measure(Pipeline())}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    sys.exit(0)
