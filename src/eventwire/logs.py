"""Logging for the `eventwire` command: stdlib `logging`, shown through Rich in a terminal.

Library modules log with `logging.getLogger(__name__)` and configure nothing; the
command configures the `eventwire` logger once per run (`configure`) from its global
flags: warnings by default, `-v` adds INFO, `-vv` DEBUG, `-q` errors only, and
`--log-file` copies the run into a plain-text file with timestamps. Handlers go on the
package's own logger, never the root, so an embedding program's logging is left alone.

Coded one-line messages (a skipped article, a refused store) are not log records: they
are what a command answers, printed on stderr as `eventwire: [E015] ...` whatever the
verbosity. `echo` prints one and copies it into the log file; `note` does the same for
a status line (`16 records written`) that `-q` silences.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.logging import RichHandler

from .errors import Errors, EventwireError

PROG = "eventwire"
HANDLER = "eventwire-cli"
"""Name of the handlers `configure` adds, so a second run in one process replaces them."""
PLAIN_FORMAT = f"{PROG}: %(levelname)s %(name)s: %(message)s"
"""A log line on stderr when stderr is not a terminal: one line, no escape codes."""
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ECHOED = "eventwire_echoed"
"""Attribute of a record that `echo` already printed: only the log file takes it."""

_quiet = False
_console: Console | None = None


def level_for(verbose: int, quiet: bool) -> int:
    """The console's level: errors only, warnings (default), INFO, then DEBUG."""
    if quiet:
        return logging.ERROR
    return (logging.WARNING, logging.INFO)[verbose] if verbose < 2 else logging.DEBUG


def configure(verbose: int = 0, quiet: bool = False, log_file: Path | None = None) -> None:
    """Point the `eventwire` logger at stderr (Rich in a terminal, plain lines in a pipe)
    and, with `log_file`, at that file (INFO and up, DEBUG with -vv, whatever -q says).

    Replaces the handlers of an earlier call: tests run many commands in one process."""
    global _quiet, _console
    _quiet = quiet
    _console = Console(stderr=True)
    logger = logging.getLogger(PROG)
    for handler in [h for h in logger.handlers if (h.get_name() or "").startswith(HANDLER)]:
        logger.removeHandler(handler)
        handler.close()
    console = console_handler()
    console.setLevel(level_for(verbose, quiet))
    console.addFilter(lambda record: not getattr(record, ECHOED, False))
    logger.addHandler(console)
    if log_file is not None:
        logger.addHandler(file_handler(log_file, min(logging.INFO, level_for(verbose, False))))
    logger.setLevel(min(h.level for h in logger.handlers if h.level) or logging.WARNING)
    logger.propagate = False


def stderr_console() -> Console:
    """The run's one console on stderr. Rich's handler and the ingest progress bar
    share it: a log record printed while the bar is live then goes above the bar."""
    global _console
    if _console is None:
        _console = Console(stderr=True)
    return _console


def console_handler() -> logging.Handler:
    """Rich's handler when stderr is a terminal (levels in colour, tracebacks readable);
    else one plain line a record, so pipes and CI logs get no escape codes."""
    console = stderr_console()
    if console.is_terminal:
        handler: logging.Handler = RichHandler(
            console=console,
            show_time=False,
            show_path=False,
            markup=False,
            rich_tracebacks=True,
        )
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    else:
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter(PLAIN_FORMAT))
    handler.set_name(HANDLER)
    return handler


class StderrHandler(logging.StreamHandler):
    """Writes to sys.stderr as it is at each record, not as it was when configured: a
    test runner or a live progress bar may have put another stream there since."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def file_handler(path: Path, level: int) -> logging.Handler:
    """Appends to `path`: a file that cannot be opened is a coded error before any work."""
    try:
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as err:
        raise EventwireError(
            Errors.E150.format(where=path, reason=err.strerror or str(err))
        ) from None
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    handler.setLevel(level)
    handler.set_name(f"{HANDLER}-file")
    return handler


def debug_on_console() -> None:
    """`--debug` of extract and ingest: DEBUG records (tracebacks of failed articles)
    on stderr too, whatever -v said."""
    logger = logging.getLogger(PROG)
    if not any(h.get_name() == HANDLER for h in logger.handlers):
        configure()
    for handler in logger.handlers:
        if handler.get_name() == HANDLER:
            handler.setLevel(logging.DEBUG)
    logger.setLevel(logging.DEBUG)


def is_quiet() -> bool:
    """Whether -q asked for errors only: progress bars and summaries stay silent."""
    return _quiet


def echo(message: str, stream: TextIO | None = None, level: int = logging.WARNING) -> None:
    """Print a coded one-line message as `eventwire: message` on `stream` (stderr at
    the time of the call, so a live progress bar moves it above itself) and copy it
    into the log file."""
    target = stream if stream is not None else sys.stderr
    target.write(f"{PROG}: {message}\n")
    target.flush()
    logging.getLogger(PROG).log(level, "%s", message, extra={ECHOED: True})


def note(message: str, stream: TextIO | None = None) -> None:
    """A status line (`16 records written to out.csv`) on stderr unless -q; into the
    log file always."""
    if _quiet:
        logging.getLogger(PROG).info("%s", message, extra={ECHOED: True})
    else:
        echo(message, stream, logging.INFO)
