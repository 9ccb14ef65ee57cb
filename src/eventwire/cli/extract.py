"""`eventwire extract`: articles in, one Document per article out.

The run is one stream: readers yield articles lazily, the pipeline extracts them in
batches, a writer prints each document as it comes. A bad input is reported on stderr
in one line and skipped; the good ones of the same run still come out.

Exit status: 0 when every input was read; 1 when anything was skipped (the rest is
still written), when nothing could be read, or when eventwire itself fails (no model);
2 for usage errors (Typer's own, and a bad --published or -o). The model is loaded only
once the first article has been read, so a run whose inputs are all bad ends at once.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from .. import logs
from ..core import Failed
from ..errors import Errors, EventwireError, SettingsError
from ..inputs import read_inputs
from ..language import detect, looks_english
from ..read import DEFAULT_TIMEOUT, Skipped
from ..records import Article
from ..settings import Options
from .options import (
    ActorsOption,
    AllowPrivateOption,
    DayfirstOption,
    DebugOption,
    FastOption,
    IgnoreRobotsOption,
    MaxCharsOption,
    ModelOption,
    date_option,
    reading_options,
    setup_logging,
)
from .output import Format, make_writer

if TYPE_CHECKING:
    from ..core import Pipeline

log = logging.getLogger(__name__)
DEFAULTS = Options()
PROG = "eventwire"

FORMAT_HELP = (
    "table: a readable view per article (plain text when written to a file). "
    "json: one indented object for a single article, a JSON array for several. "
    "jsonl: one object per line, streamed in input order (best for big runs)."
)


def build_pipeline(options: Options) -> Pipeline:
    """The run's Pipeline, shared per process through `eventwire.load`.

    A module-level function so tests (and embedding code) can hand in a loaded one."""
    from .. import load

    return load(options)


@dataclass
class Report:
    """Counts what was read and skipped, and tells the user about each skip at once."""

    stream: TextIO
    read: int = 0
    skipped: int = 0

    def articles(self, items: Iterable[Article | Skipped]) -> Iterator[Article]:
        """The articles of a stream of items; each skip is reported as it passes."""
        for item in items:
            if isinstance(item, Skipped):
                self.skipped += 1
                self.say(f"skipped {item.message}")
            elif not looks_english(item.text):  # as `ingest` does
                self.skipped += 1
                language = (detect(item.text) or ("?", 0.0))[0]
                where = item.where or item.id
                self.say(f"skipped {Errors.E026.format(where=where, language=language)}")
            else:
                self.read += 1
                yield item

    def fail(self, failed: Failed) -> None:
        """An article the pipeline failed on: one line, the traceback only with --debug."""
        self.read -= 1
        self.skipped += 1
        log.debug("%s", failed.message, exc_info=failed.error)
        self.say(f"skipped {failed.message}")

    def say(self, message: str) -> None:
        logs.echo(message, self.stream)

    def summary(self) -> None:
        """One closing line, only when something went wrong: silence means success."""
        if self.skipped or not self.read:
            noun = "article" if self.read == 1 else "articles"
            self.say(f"{self.read} {noun} read, {self.skipped} skipped")

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped or not self.read else 0


def extract_cli(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help=(
                "Files (.txt, .html/.htm, .jsonl, .csv), directories of them, URLs, or - "
                "for stdin (JSONL if it starts with '{', else one text article)."
            ),
            show_default=False,
        ),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="YYYY-MM-DD",
            help="Publication date of articles that carry none of their own; relative "
            "dates ('on Sunday') are resolved against it.",
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help=FORMAT_HELP, case_sensitive=False)
    ] = Format.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", dir_okay=False, help="Write here instead of stdout."
        ),
    ] = None,
    max_chars: MaxCharsOption = DEFAULTS.max_chars,
    model: ModelOption = None,
    actors: ActorsOption = None,
    allow_private_urls: AllowPrivateOption = False,
    ignore_robots: IgnoreRobotsOption = False,
    dayfirst: DayfirstOption = False,
    fast: FastOption = False,
    debug: DebugOption = False,
) -> None:
    """Extract events, figures and quotes from news articles.

    Bad inputs are skipped with a one-line message on stderr; the others are still
    extracted. Exit status: 0 all read, 1 something skipped or failed, 2 usage error.
    """
    setup_logging(debug)
    published_date = date_option(published, "--published")
    _check_output(output)
    try:
        options = Options(
            model=model,
            max_chars=max_chars,
            actors_file=str(actors) if actors else None,
            learned=not fast,
        )
    except SettingsError as err:
        raise typer.BadParameter(str(err)) from None
    report = Report(sys.stderr)
    reading = reading_options(
        published_date,
        max_chars,
        DEFAULT_TIMEOUT,
        False,
        allow_private_urls,
        ignore_robots,
        dayfirst,
    )
    items = read_inputs(paths, reading)
    try:
        code = _run(report, report.articles(items), options, output_format, output)
    except EventwireError as err:
        report.say(str(err))
        code = 1
    except KeyboardInterrupt:
        report.say("interrupted")
        code = 130
    except BrokenPipeError:
        _silence_stdout()
        code = 1
    raise typer.Exit(code)


def _run(
    report: Report,
    articles: Iterator[Article],
    options: Options,
    fmt: Format,
    output: Path | None,
) -> int:
    """Extract and write every article; returns the exit status."""
    first = next(articles, None)
    if first is None:
        report.summary()
        return report.exit_code
    pipeline = build_pipeline(options)
    with _open_output(output) as stream:
        writer = make_writer(fmt, stream, to_file=output is not None)
        for result in pipeline.process(chain([first], articles)):
            if isinstance(result, Failed):
                report.fail(result)
            else:
                writer.write(result)
        writer.close()
    report.summary()
    return report.exit_code


def _check_output(output: Path | None) -> None:
    if output is not None and not output.parent.is_dir():
        raise typer.BadParameter(
            f"directory '{output.parent}' does not exist", param_hint="'--output' / '-o'"
        )


@contextmanager
def _open_output(output: Path | None) -> Iterator[TextIO]:
    """stdout, or the file -o names, opened only now so a failed run does not clobber it."""
    if output is None:
        yield sys.stdout
        return
    try:
        handle = output.open("w", encoding="utf-8", newline="\n")
    except OSError as err:
        raise EventwireError(
            Errors.E023.format(where=output, reason=err.strerror or str(err))
        ) from None
    with handle:
        yield handle


def _silence_stdout() -> None:
    """After `| head` closed the pipe, point stdout at devnull so Python's final flush
    does not print a traceback (the recipe in the `signal` module's docs)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
