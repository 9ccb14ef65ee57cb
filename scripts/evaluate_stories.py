"""Score eventwire's story linking against a cross-article gold set (issue 15).

    python scripts/evaluate_stories.py training/stories/test/s1_articles.jsonl \\
        training/stories/test/s2_articles.jsonl

Each `*_articles.jsonl` goes with the `*_incidents.jsonl` beside it (format:
training/stories/BRIEF.md). The articles are ingested by `eventwire ingest` into a
temporary SQLite store (or `--db STORE`, ingested already, to score again without the
pipeline), linked from scratch (`eventwire.stories.link(relink=True)`), and scored:

- A gold mention (an article's sentence reporting an incident) is the stored event
  whose trigger lies in that sentence; with several, the one whose PLOVER category
  fits the incident's (ARREST is COERCE, ABDUCT is ASSAULT), else the first. A gold
  mention with no event there is a singleton: it counts against recall.
- Pairwise precision/recall/F1 over all pairs of gold mentions (same incident vs same
  story); B-cubed precision/recall/F1 per gold mention.
- Per incident: the story holding most of its mentions; its date right when the
  story's date is the incident's day; its count right when the story's reconciled
  count equals the gold one (fatalities, or the `count` the writers noted: wounded,
  arrested/detained, abducted).

The figures are for reporting only: nothing in the linker is fitted on this set.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from itertools import combinations
from pathlib import Path

from sqlalchemy import select

from eventwire.store import Store, events
from eventwire.stories import link, read_stories, story_of

CATEGORY = {"ARREST": "COERCE", "ABDUCT": "ASSAULT"}
COUNT_KIND = {"wounded": "injured", "injured": "injured", "arrested": "arrested",
              "detained": "arrested", "abducted": "abducted", "killed": "dead"}  # fmt: skip


def load(paths: list[Path]) -> tuple[list[dict], dict[str, dict]]:
    arts, incidents = [], {}
    for path in paths:
        arts += [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        twin = path.with_name(path.name.replace("_articles", "_incidents"))
        for line in twin.open(encoding="utf-8"):
            if line.strip():
                incident = json.loads(line)
                incidents[incident["id"]] = incident
    return arts, incidents


def ingest(paths: list[Path], db: str) -> None:
    command = [sys.executable, "-m", "eventwire", "ingest", *map(str, paths), "--db", db]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def align(store: Store, arts: list[dict], incidents: dict) -> dict[tuple, tuple | None]:
    """(article id, incident id) -> the stored event (article id, event id), or None."""
    with store.reading() as conn:
        rows = conn.execute(
            select(
                events.c.article_id,
                events.c.event_id,
                events.c.event,
                events.c.span_start,
                events.c.status,
                events.c.position,
            ).order_by(events.c.article_id, events.c.position)
        ).all()
    by_article: dict[str, list] = {}
    for row in rows:
        by_article.setdefault(row.article_id, []).append(row)
    found: dict[tuple, tuple | None] = {}
    for article in arts:
        for mention in article["mentions"]:
            start, end = mention["start"], mention["start"] + len(mention["sentence"])
            inside = [
                r
                for r in by_article.get(article["id"], [])
                if start <= r.span_start < end and r.status == "occurred"
            ]
            category = incidents[mention["incident"]]["category"]
            wanted = CATEGORY.get(category, category)
            fitting = [r for r in inside if r.event == wanted] or inside
            key = (article["id"], mention["incident"])
            found[key] = (fitting[0].article_id, fitting[0].event_id) if fitting else None
    return found


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def linking_scores(aligned: dict[tuple, tuple | None], story: dict[tuple, str]) -> dict:
    """Pairwise and B-cubed precision/recall/F1 of the gold mentions' grouping (`aligned`:
    (article, incident) -> stored mention or None; `story`: stored mention -> story)."""
    gold = list(aligned)  # (article, incident)
    system = {m: (story.get(aligned[m]) if aligned[m] else None) or ("alone", m) for m in gold}
    tp = fp = fn = 0
    for a, b in combinations(gold, 2):
        same_gold, same_system = a[1] == b[1], system[a] == system[b]
        tp += same_gold and same_system
        fp += same_system and not same_gold
        fn += same_gold and not same_system
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    by_system: dict = {}
    for m in gold:
        by_system.setdefault(system[m], set()).add(m)
    by_gold: dict = {}
    for m in gold:
        by_gold.setdefault(m[1], set()).add(m)
    bp = sum(len(by_system[system[m]] & by_gold[m[1]]) / len(by_system[system[m]]) for m in gold)
    br = sum(len(by_system[system[m]] & by_gold[m[1]]) / len(by_gold[m[1]]) for m in gold)
    bp, br = bp / len(gold), br / len(gold)
    return {
        "system": system,
        "by_gold": by_gold,
        "pairwise": {"precision": precision, "recall": recall, "f1": f1(precision, recall),
                     "tp": tp, "fp": fp, "fn": fn},
        "bcubed": {"precision": bp, "recall": br, "f1": f1(bp, br)},
    }  # fmt: skip


def score(store: Store, arts: list[dict], incidents: dict) -> dict:
    aligned = align(store, arts, incidents)
    gold = list(aligned)
    linking = linking_scores(aligned, story_of(store, [k for k in aligned.values() if k]))
    system, by_gold = linking["system"], linking["by_gold"]
    stories = {s["id"]: s for s in read_stories(store)}
    date_right = count_right = merged = 0
    for incident_id, incident in incidents.items():
        own = [system[m] for m in sorted(by_gold.get(incident_id, ()))]  # ties: first article
        linked = [s for s in own if not isinstance(s, tuple)]
        merged += len(set(own)) == 1 and len(own) > 0
        if not linked:
            continue
        best = stories[Counter(linked).most_common(1)[0][0]]
        date_right += best["date_value"] == incident["date"]
        kind, expected = "dead", incident.get("fatalities") or 0
        noted = incident.get("count")
        if noted and COUNT_KIND.get(noted.get("what")):
            kind, expected = COUNT_KIND[noted["what"]], noted["n"]
        count_right += (best[kind] or 0) == expected
    n = len(incidents)
    return {
        "articles": len(arts),
        "incidents": n,
        "gold_mentions": len(gold),
        "aligned_mentions": sum(1 for v in aligned.values() if v),
        "pairwise": linking["pairwise"],
        "bcubed": linking["bcubed"],
        "incidents_fully_merged": merged / n,
        "incidents_date_right": date_right / n,
        "incidents_count_right": count_right / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="+", type=Path, help="*_articles.jsonl files")
    parser.add_argument("--db", help="a store the articles are ingested in already")
    args = parser.parse_args()
    arts, incidents = load(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = str(Path(tmp) / "stories.db")
            ingest(args.articles, db)
        with Store.open(db) as store:
            link(store, relink=True)
            report = score(store, arts, incidents)
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
