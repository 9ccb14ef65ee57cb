"""`eventwire evaluate GOLD.jsonl`: run the pipeline over gold sentences and print the scores.

The scoring lives in `eventwire.evaluate` (pure functions); this module only reads the
file, runs the pipeline, and prints a Rich table or JSON. Metric definitions are printed
under the table (and included in the JSON), so a number is never shown without what it
means.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..core import Pipeline
from ..corpus import DEFINITIONS as CORPUS_DEFINITIONS
from ..corpus import is_corpus_line, read_records
from ..corpus import score as score_corpus
from ..errors import EventwireError
from ..evaluate import DEFINITIONS, Gold, Ratio, Report, read_gold, score
from ..places_eval import DEFINITIONS as PLACES_DEFINITIONS
from ..places_eval import read_places_gold
from ..places_eval import score as score_places
from ..records import Article, Document
from ..settings import Options
from .options import FastOption

CONFUSION_ROWS = 20
"""The table shows the most frequent mismatches only; JSON has them all."""


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"


def evaluate_cli(
    gold: Annotated[
        list[Path],
        typer.Argument(
            help="Gold JSONL: PLOVER gold records (one coded sentence per line), or files "
            "of eventwire's corpus format (training/corpus/schema.json), scored as one set."
        ),
    ],
    format: Annotated[
        OutputFormat, typer.Option("--format", help="table (Rich) or json (for scripts).")
    ] = OutputFormat.table,
    model: Annotated[
        str | None, typer.Option("--model", help="spaCy model package to run.")
    ] = None,
    fast: FastOption = False,
    places: Annotated[
        bool,
        typer.Option(
            "--places",
            help="Score the places layer against geoparsing gold (text + toponym spans "
            "with lat/lon): acc@161 km, share found, mean km, AUC.",
        ),
    ] = False,
) -> None:
    """Score extraction against gold records (type, countries, ACLED, confusion)."""
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    if places:
        evaluate_places(gold, model, format, errors, learned=not fast)
        return
    if is_corpus_file(gold[0]):
        evaluate_corpus(gold, model, format, errors, learned=not fast)
        return
    if len(gold) > 1:
        errors.print("PLOVER gold records: give one file", markup=False)
        raise typer.Exit(2)
    try:
        records, problems = read_gold(gold[0])
        for problem in problems:
            errors.print(problem, markup=False)
        pipeline = load_pipeline(model, learned=not fast)
        report = score(zip(records, run_pipeline(pipeline, records), strict=True))
    except EventwireError as exc:
        errors.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    if format is OutputFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        print_report(report, output_console())


def is_corpus_file(path: Path) -> bool:
    """Whether the file holds corpus records, judged by its first non-blank line."""
    try:
        with open(path, encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
    except OSError:
        return False  # read_gold reports it
    return is_corpus_line(first)


def evaluate_corpus(
    paths: list[Path], model: str | None, format: OutputFormat, errors: Console, learned: bool
) -> None:
    try:
        records = list(read_records(paths))
        articles = (Article.make(r.text, id=r.id) for r in records)
        docs = load_pipeline(model, learned).extract_many(articles)
        report = score_corpus(zip(records, docs, strict=True))
    except EventwireError as exc:
        errors.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    if format is OutputFormat.json:
        typer.echo(json.dumps(report, indent=2))
    else:
        print_corpus_report(report, output_console())


def evaluate_places(
    paths: list[Path], model: str | None, format: OutputFormat, errors: Console, learned: bool
) -> None:
    """`--places`: run the pipeline over the gold articles and score `Document.places`."""
    try:
        gold = [article for path in paths for article in read_places_gold(path)]
        articles = (Article.make(g.text, id=g.id, published=g.published) for g in gold)
        docs = load_pipeline(model, learned).extract_many(articles)
        report = score_places((g, d.places) for g, d in zip(gold, docs, strict=True))
    except EventwireError as exc:
        errors.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    result = {"articles": len(gold), **report.to_dict()}
    if format is OutputFormat.json:
        typer.echo(json.dumps(result, indent=2))
        return
    console = output_console()
    table = Table(title=f"Places ({len(gold)} articles, {report.total} gold toponyms)")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("acc@161", f"{report.acc161:.1%}")
    table.add_row("found", f"{report.found:.1%}")
    table.add_row("mean km", f"{report.mean_km:.0f}")
    table.add_row("AUC", f"{report.auc:.3f}")
    console.print(table)
    for name, meaning in PLACES_DEFINITIONS.items():
        console.print(f"{name}: {meaning}", markup=False)


def print_corpus_report(report: dict, console: Console) -> None:
    table = Table(title=f"Corpus records ({report['records']})")
    for name in ("metric", "value", "counts"):
        table.add_column(name, justify="left" if name == "metric" else "right")
    for name, key in (("event detection", "event_detection"), ("category (micro)",
                      "category_micro"), ("ACLED sub-type (micro)", "acled_micro")):  # fmt: skip
        prf = report[key]
        table.add_row(
            f"{name} P / R / F1",
            f"{prf['precision']:.1%} / {prf['recall']:.1%} / {prf['f1']:.1%}",
            f"tp {prf['tp']} fp {prf['fp']} fn {prf['fn']}",
        )
    table.add_row("category macro F1", f"{report['category_macro_f1']:.1%}", "")
    table.add_row("ACLED weighted F1", f"{report['acled_weighted_f1']:.1%}", "")
    table.add_row("ACLED macro F1", f"{report['acled_macro_f1']:.1%}", "")
    for name in ("mode_accuracy", "actor_country_accuracy", "recipient_country_accuracy",
                 "fully_right"):  # fmt: skip
        ratio = report[name]
        table.add_row(name.replace("_", " "), f"{ratio['value']:.1%}",
                      f"{ratio['correct']}/{ratio['total']}")  # fmt: skip
    spurious = report["spurious_per_empty_record"]
    table.add_row("spurious events per event-free record", f"{spurious['value']:.3f}",
                  f"{spurious['events']}/{spurious['records']}")  # fmt: skip
    console.print(table)
    for title, key in (("Per category", "per_category"), ("Per ACLED sub-type", "per_acled")):
        per = Table(title=title)
        for name in ("label", "P", "R", "F1", "tp", "fp", "fn"):
            per.add_column(name, justify="left" if name == "label" else "right")
        for label, prf in report[key].items():
            per.add_row(label, *(f"{prf[k]:.1%}" for k in ("precision", "recall", "f1")),
                        *(str(prf[k]) for k in ("tp", "fp", "fn")))  # fmt: skip
        console.print(per)
    confusion = Table(title="Confusion (gold -> predicted categories of a record)")
    for name in ("gold", "predicted", "count"):
        confusion.add_column(name, justify="right" if name == "count" else "left")
    for gold, predicted, count in report["confusion"][:CONFUSION_ROWS]:
        confusion.add_row(gold, predicted, str(count))
    console.print(confusion)
    console.print("[bold]Definitions[/bold]")
    for name, text in CORPUS_DEFINITIONS.items():
        console.print(f"  {name}: {text}", markup=False)


def load_pipeline(model: str | None, learned: bool = True) -> Pipeline:
    """The pipeline to score; a seam so tests can hand in the session's loaded one."""
    return Pipeline(Options(model=model, learned=learned))


def run_pipeline(pipeline: Pipeline, records: Sequence[Gold]) -> Iterator[Document]:
    """One Document per gold sentence, in order; the gold id keeps results traceable."""
    articles = (Article.make(r.text, id=r.id, published=r.published) for r in records)
    return pipeline.extract_many(articles)


def output_console() -> Console:
    """Stdout console; wide enough for the category table when not on a terminal."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = max(console.width, 120)
    return console


# --------------------------------------------------------------------------- rendering


def print_report(report: Report, console: Console) -> None:
    """Overall table, per-category table, confusion list, then the definitions."""
    console.print(overall_table(report))
    console.print(category_table(report))
    console.print(confusion_table(report))
    console.print("[bold]Definitions[/bold]")
    for name, text in DEFINITIONS.items():
        console.print(f"  {name}: {text}", markup=False)


def overall_table(report: Report) -> Table:
    table = Table(title=f"Overall ({report.overall.sentences} sentences)")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("counts", justify="right")
    o = report.overall
    rows = [
        ("top type accuracy", o.top_type),
        ("actor country accuracy", o.actor_country),
        ("recipient country accuracy", o.recipient_country),
        ("fully right", o.fully_right),
        ("mode accuracy", o.mode),
        ("no event", o.no_event),
    ]
    for name, ratio in rows:
        table.add_row(name, _pct(ratio.value), _counts(ratio))
    table.add_row(
        "extra events per sentence",
        f"{o.extra_per_sentence:.2f}",
        f"{o.extra_events}/{o.sentences}",
    )
    micro, macro = report.micro, report.macro
    table.add_row(
        "micro precision / recall / F1",
        f"{_pct(micro.precision)} / {_pct(micro.recall)} / {_pct(micro.f1)}",
        f"tp {micro.tp} fp {micro.fp} fn {micro.fn}",
    )
    table.add_row(
        "macro precision / recall / F1",
        f"{_pct(macro.precision)} / {_pct(macro.recall)} / {_pct(macro.f1)}",
        f"{macro.categories} gold categories",
    )
    return table


def category_table(report: Report) -> Table:
    table = Table(title="Per category (P/R/F1 over all sentences; accuracies over gold ones)")
    for name in ("category", "gold n", "P", "R", "F1", "top acc", "actor ctry", "recip ctry",
                 "fully right", "no event"):  # fmt: skip
        table.add_column(name, justify="left" if name == "category" else "right")
    for c in report.categories:
        s = c.scores
        table.add_row(
            c.category,
            str(s.sentences),
            _pct(c.prf.precision),
            _pct(c.prf.recall),
            _pct(c.prf.f1),
            *map(_pct_or_dash, (s.top_type, s.actor_country, s.recipient_country)),
            *map(_pct_or_dash, (s.fully_right, s.no_event)),
        )
    return table


def confusion_table(report: Report) -> Table:
    shown = report.confusion[:CONFUSION_ROWS]
    more = len(report.confusion) - len(shown)
    caption = f"{more} more pairs in --format json" if more > 0 else None
    table = Table(title="Confusion (gold -> predicted top type)", caption=caption)
    table.add_column("gold")
    table.add_column("predicted")
    table.add_column("count", justify="right")
    for gold, predicted, count in shown:
        table.add_row(gold, predicted, str(count))
    return table


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _pct_or_dash(ratio: Ratio) -> str:
    """A dash where nothing was scored, so 0/0 is not mistaken for 0%."""
    return _pct(ratio.value) if ratio.total else "-"


def _counts(ratio: Ratio) -> str:
    return f"{ratio.correct}/{ratio.total}"
