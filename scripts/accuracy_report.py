"""Write docs/accuracy.md from `eventwire evaluate --format json`, so the recorded
figures are the tool's own output, with the date and commit they were measured at.

    eventwire evaluate ../shared/data/plover_gsr_dev.jsonl --format json \\
        | python scripts/accuracy_report.py > docs/accuracy.md
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

NOTES = Path(__file__).with_name("accuracy_notes.md")


def pct(ratio: dict) -> str:
    if not ratio["total"]:
        return "-"
    return f"{100 * ratio['value']:.1f}% ({ratio['correct']}/{ratio['total']})"


def prf(scores: dict) -> str:
    return " / ".join(f"{100 * scores[k]:.1f}%" for k in ("precision", "recall", "f1"))


def main() -> None:
    report = json.load(sys.stdin)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    overall = report["overall"]
    lines = [
        "# Accuracy",
        "",
        f"Measured on {dt.date.today().isoformat()} at commit `{commit}` with",
        "`eventwire evaluate ../shared/data/plover_gsr_dev.jsonl` (164 English sentences",
        "hand-coded in PLOVER: the development half of the PLOVER gold-standard records,",
        "CC BY-SA 4.0, relabelled to PLOVER 2.0). Regenerate with the command in",
        "`scripts/accuracy_report.py`.",
        "",
        "## Overall",
        "",
        "| metric | value |",
        "| --- | --- |",
    ]
    labels = {
        "top_type_accuracy": "top event type accuracy",
        "actor_country_accuracy": "actor country accuracy",
        "recipient_country_accuracy": "recipient country accuracy",
        "fully_right": "fully right (type, actor and recipient countries)",
        "mode_accuracy": "mode accuracy (type right, gold mode set)",
        "no_event": "sentences with no event found",
    }
    lines += [f"| {label} | {pct(overall[key])} |" for key, label in labels.items()]
    extra = overall["extra_events_per_sentence"]
    lines.append(
        f"| extra events per sentence | {extra['value']:.2f} "
        f"({extra['events']}/{extra['sentences']}) |"
    )
    micro, macro = overall["micro"], overall["macro"]
    lines += [
        f"| micro precision / recall / F1 | {prf(micro)} "
        f"(tp {micro['tp']}, fp {micro['fp']}, fn {micro['fn']}) |",
        f"| macro precision / recall / F1 | {prf(macro)} ({macro['categories']} categories) |",
        "",
        "## Per category",
        "",
        "| category | gold | P / R / F1 | top type | actor country | recipient country |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, c in report["categories"].items():
        lines.append(
            f"| {name} | {c['sentences']} | {prf(c)} | {pct(c['top_type_accuracy'])} "
            f"| {pct(c['actor_country_accuracy'])} | {pct(c['recipient_country_accuracy'])} |"
        )
    lines += ["", "## Most frequent confusions", "", "| gold | predicted top | count |"]
    lines += ["| --- | --- | --- |"]
    lines += [
        f"| {r['gold']} | {r['predicted']} | {r['count']} |" for r in report["confusion"][:12]
    ]
    lines += ["", "## Definitions", ""]
    lines += [f"- **{key}**: {text}" for key, text in report["definitions"].items()]
    if NOTES.exists():
        lines += ["", NOTES.read_text(encoding="utf-8").rstrip()]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
