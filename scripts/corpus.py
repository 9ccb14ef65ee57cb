"""Check and summarise the written training corpus (training/corpus/).

The corpus is JSON Lines, one record per sentence or short snippet, in the format of
training/corpus/schema.json. Roles, triggers, dates and places are written as strings
that occur in the text, because writers cannot count characters reliably; `spans()`
turns them into character offsets. Run from the project root:

    python scripts/corpus.py check training/corpus/train/wire.jsonl  # errors, counts
    python scripts/corpus.py overlap                 # test vs train near-duplicates
    python scripts/corpus.py dedupe                  # drop those training records

`check` exits 1 when a record is invalid. `overlap` exits 1 when a test record has a
token Jaccard above 0.8 with any training record (the frozen test must be unseen);
`dedupe` removes such training records (never test ones: the test is frozen).
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "training" / "corpus"
ROLE_FIELDS = ("actor", "recipient")
TOKEN = re.compile(r"\w+")


def records(paths: Iterable[Path]) -> Iterator[tuple[str, dict]]:
    """Yield (where, record) for every line of the given files; where is file:line."""
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield f"{path}:{number}", json.loads(line)


def split_files(split: str) -> list[Path]:
    """The JSONL files of one split ("train" or "test")."""
    return sorted((CORPUS / split).glob("*.jsonl"))


def find(text: str, needle: str, nth: int = 1) -> tuple[int, int] | None:
    """Span of the nth occurrence of needle in text, or None."""
    start = -1
    for _ in range(nth):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return start, start + len(needle)


def spans(record: dict) -> dict:
    """The record with a `span` beside every string field (trigger, roles, date, place)."""
    text = record["text"]
    out = dict(record, events=[])
    for event in record["events"]:
        event = dict(event, span=find(text, event["trigger"], event.get("nth", 1)))
        for role in ROLE_FIELDS:
            event[role] = [
                dict(a, span=find(text, a["text"], a.get("nth", 1))) for a in event.get(role, [])
            ]
        for field in ("date", "place"):
            if field in event:
                event[f"{field}_span"] = find(text, event[field])
        out["events"].append(event)
    return out


def problems(record: dict, validator, modes: dict[str, list[str]]) -> list[str]:
    """What is wrong with one record: schema errors, strings not in the text, bad modes."""
    found = [error.message for error in validator.iter_errors(record)]
    if found:
        return found
    text = record["text"]
    for event in record["events"]:
        if find(text, event["trigger"], event.get("nth", 1)) is None:
            found.append(f"trigger {event['trigger']!r} not in text")
        for role in ROLE_FIELDS:
            for actor in event.get(role, []):
                if find(text, actor["text"], actor.get("nth", 1)) is None:
                    found.append(f"{role} {actor['text']!r} not in text")
        for field in ("date", "place"):
            if field in event and event[field] not in text:
                found.append(f"{field} {event[field]!r} not in text")
        mode = event.get("mode")
        if mode is not None and mode not in modes[event["event"]]:
            found.append(f"mode {mode!r} is not a mode of {event['event']}")
    return found


def summary(items: list[dict]) -> dict[str, Counter]:
    """Counts an author needs to meet a brief's quotas."""
    counts: dict[str, Counter] = {
        "style": Counter(),
        "event": Counter(),
        "mode": Counter(),
        "acled": Counter(),
    }
    for record in items:
        counts["style"][record["style"]] += 1
        for event in record["events"]:
            counts["event"][event["event"]] += 1
            counts["mode"][f"{event['event']}/{event.get('mode')}"] += 1
            if event.get("acled"):
                counts["acled"][event["acled"]] += 1
    return counts


def tokens(text: str) -> frozenset[str]:
    return frozenset(TOKEN.findall(text.lower()))


def near_duplicates(
    queries: list[str], corpus: list[str], threshold: float = 0.8
) -> list[tuple[int, int, float]]:
    """Pairs (query index, corpus index, Jaccard) above threshold, by prefix filtering.

    Two token sets with Jaccard >= t share a token among the first |x| - ceil(t|x|) + 1
    of each set ordered rarest first, so only those prefixes are indexed.
    """
    corpus_sets = [tokens(t) for t in corpus]
    query_sets = [tokens(t) for t in queries]
    frequency = Counter(tok for s in corpus_sets + query_sets for tok in s)

    def prefix(s: frozenset[str]) -> list[str]:
        ordered = sorted(s, key=lambda tok: (frequency[tok], tok))
        return ordered[: len(s) - math.ceil(threshold * len(s)) + 1]

    index: dict[str, list[int]] = {}
    for i, s in enumerate(corpus_sets):
        for tok in prefix(s):
            index.setdefault(tok, []).append(i)
    pairs = []
    for q, s in enumerate(query_sets):
        seen = {i for tok in prefix(s) for i in index.get(tok, ())}
        for i in seen:
            other = corpus_sets[i]
            jaccard = len(s & other) / len(s | other) if s | other else 1.0
            if jaccard > threshold:
                pairs.append((q, i, jaccard))
    return pairs


def main(argv: list[str]) -> int:
    import jsonschema

    if argv[:1] == ["dedupe"]:
        test = [r["text"] for _, r in records(split_files("test"))]
        for path in split_files("train"):
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
            texts = [json.loads(line)["text"] for line in lines]
            near = {i for _, i, _ in near_duplicates(test, texts)}
            kept = [line for i, line in enumerate(lines) if i not in near]
            path.write_text("\n".join(kept) + "\n", encoding="utf-8")
            print(f"{path.name}: {len(near)} removed, {len(kept)} kept")
        return 0
    if argv[:1] == ["overlap"]:
        test = [r["text"] for _, r in records(split_files("test"))]
        train = [r["text"] for _, r in records(split_files("train"))]
        pairs = near_duplicates(test, train)
        for q, i, jaccard in pairs:
            print(f"{jaccard:.2f}  test: {test[q]}\n       train: {train[i]}")
        sizes = f"{len(test)} test records, {len(train)} training records"
        print(f"{sizes}, {len(pairs)} near-duplicates")
        return 1 if pairs else 0
    if argv[:1] != ["check"] or len(argv) < 2:
        print(__doc__)
        return 2
    schema = json.loads((CORPUS / "schema.json").read_text())
    modes = json.loads((CORPUS / "modes.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    good, bad, ids = [], 0, Counter()
    for where, record in records(Path(p) for p in argv[1:]):
        ids[record.get("id")] += 1
        found = problems(record, validator, modes)
        if found:
            bad += 1
            print(f"{where}: " + "; ".join(found))
        else:
            good.append(record)
    for dup in [i for i, n in ids.items() if n > 1]:
        bad += 1
        print(f"duplicate id {dup}")
    texts = [r["text"] for r in good]
    inner = [(q, i, j) for q, i, j in near_duplicates(texts, texts) if q < i]
    for q, i, jaccard in inner:
        print(f"near-duplicate ({jaccard:.2f}): {texts[q]!r} ~ {texts[i]!r}")
    counts = summary(good)
    empty = sum(1 for r in good if not r["events"])
    print(f"\n{len(good)} valid records, {bad} invalid, {len(inner)} near-duplicate pairs")
    print(f"no event: {empty} ({empty / max(len(good), 1):.0%})")
    for name, counter in counts.items():
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
