"""Fuzz eventwire before a release: the properties of tests/test_fuzz.py, run far longer.

    python scripts/fuzz.py [--cases 10000] [--targets jsonl,csv,...] [--seed N]

CI runs each property on a few dozen to a few hundred inputs; this runs every target
on `--cases` inputs (10,000 by default) with the same strategies and invariants,
imported from tests/test_fuzz.py so that the two can never drift apart. Targets: the
readers (jsonl, csv, stdin, text, html), the pipeline, and `eventwire extract`.

It prints, per target: the cases run, what came out (articles, Documents, exit codes),
skips by error code, Failed by exception type, and each invariant violation with the
minimal example Hypothesis shrank it to; then the elapsed time. Exit status 1 on any
violation. Hypothesis keeps failing examples in .hypothesis/ and tries them first on
the next run, so a bug found once is checked again until it is fixed.

Record the figures of the release run in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import seed as with_seed  # noqa: E402
from test_fuzz import TARGETS, CliRun, Target  # noqa: E402

from eventwire import Pipeline  # noqa: E402
from eventwire.core import Failed  # noqa: E402
from eventwire.read import Skipped  # noqa: E402
from eventwire.records import Article, Document  # noqa: E402

DEFAULT_CASES = 10_000
PROGRESS_EVERY = 1_000
EXAMPLE_CHARS = 2_000
"""How much of a minimal example's repr to print: nested JSON can be half a megabyte."""


@dataclass
class Tally:
    """What one target's cases gave. A case that fails is replayed while Hypothesis
    shrinks it, so after a violation `cases` counts those replays too."""

    cases: int = 0
    out: Counter[str] = field(default_factory=Counter)
    skips: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    violation: str | None = None
    example: str | None = None
    seconds: float = 0.0

    def count(self, outcome: object) -> None:
        """Count a property's return value: reader items, pipeline results or a CLI run."""
        if isinstance(outcome, CliRun):
            self.out[f"exit {outcome.exit_code}"] += 1
            self.out["documents"] += outcome.documents
            self.skips.update(outcome.skip_codes)
            return
        for item in outcome:
            if isinstance(item, Skipped):
                self.skips[item.code or "uncoded"] += 1
            elif isinstance(item, Failed):
                self.failed[type(item.error).__name__] += 1
            elif isinstance(item, Document):
                self.out["documents"] += 1
                self.out["events"] += len(item.events)
                self.out["figures"] += len(item.figures)
                self.out["quotes"] += len(item.quotes)
            elif isinstance(item, Article):
                self.out["articles"] += 1


def run_target(
    name: str, target: Target, cases: int, pipeline: Pipeline | None, seed: int | None
) -> Tally:
    """Run one target's property on `cases` drawn inputs, counting what comes out."""
    tally = Tally()
    failures: list[tuple[object, BaseException]] = []
    started = time.perf_counter()

    def fuzz(case: object) -> None:
        tally.cases += 1
        if tally.cases % PROGRESS_EVERY == 0:
            seconds = time.perf_counter() - started
            print(f"  {name}: {tally.cases:,} cases, {seconds:,.0f} s", file=sys.stderr)
        try:
            outcome = target.check(pipeline, case) if target.pipeline else target.check(case)
        except BaseException as err:
            failures.append((case, err))  # the last one is the minimal example, replayed
            raise
        tally.count(outcome)

    # Named per target: Hypothesis files the failing examples it keeps under the test's
    # name, and each target's must be replayed into its own strategy.
    fuzz.__name__ = fuzz.__qualname__ = f"fuzz_{name}"
    fuzz = given(target.strategy)(fuzz)
    fuzz = settings(
        max_examples=cases,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )(fuzz)
    if seed is not None:
        fuzz = with_seed(seed)(fuzz)
    try:
        fuzz()
    except Exception as err:
        case, error = failures[-1] if failures else (None, err)
        tally.violation = " ".join(f"{type(error).__name__}: {error}".split())[:1_000]
        if isinstance(err, ExceptionGroup):  # the minimal example of the last one shown
            tally.violation += f" (one of {len(err.exceptions)} distinct failures)"
        text = repr(case)
        more = len(text) - EXAMPLE_CHARS
        tally.example = text[:EXAMPLE_CHARS] + (
            f" ... ({more:,} more characters)" if more > 0 else ""
        )
    tally.seconds = time.perf_counter() - started
    return tally


def counter_line(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {n:,}" for key, n in sorted(counter.items())) or "none"


def report(name: str, tally: Tally) -> None:
    print(f"{name}: {tally.cases:,} cases in {tally.seconds:,.1f} s")
    print(f"  out          {counter_line(tally.out)}")
    print(f"  skips        {counter_line(tally.skips)}")
    print(f"  failed       {counter_line(tally.failed)}")
    if tally.violation is None:
        print("  violations   none")
    else:
        print(f"  VIOLATION    {tally.violation}")
        print(f"  minimal example: {tally.example}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cases", type=int, default=DEFAULT_CASES, help="cases per target (default 10,000)"
    )
    parser.add_argument(
        "--targets",
        default=",".join(TARGETS),
        help=f"comma-separated, from: {', '.join(TARGETS)} (default: all)",
    )
    parser.add_argument("--seed", type=int, help="Hypothesis seed, to repeat a run exactly")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    unknown = [n for n in names if n not in TARGETS]
    if unknown or args.cases < 1:
        parser.error(f"unknown targets {unknown}" if unknown else "--cases must be positive")

    started = time.perf_counter()
    pipeline = Pipeline() if any(TARGETS[n].pipeline for n in names) else None
    print(f"eventwire fuzz: {args.cases:,} cases per target, targets {', '.join(names)}")
    violations = 0
    total = 0
    for name in names:
        tally = run_target(name, TARGETS[name], args.cases, pipeline, args.seed)
        report(name, tally)
        violations += tally.violation is not None
        total += tally.cases
    elapsed = time.perf_counter() - started
    print(
        f"total: {total:,} cases, {violations} target(s) with violations, "
        f"{elapsed:,.1f} s elapsed (model load included)"
    )
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
