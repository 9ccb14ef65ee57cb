"""Command-line inputs to articles: paths, directories, `-` (stdin), URLs and feeds.

The top of the reading layers, which import in one direction only:

    inputs.py   which reader an input goes to
    fetch.py    URLs and feeds: downloads, then reads what it got with read.py's readers
    read.py     bytes and text: files, directories, stdin, JSONL, CSV, HTML

The rules for each kind of input are in read.py's docstring (files, stdin, dates,
sizes) and fetch.py's (addresses, robots.txt, retries, deadlines).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from . import read
from .read import FEED_SUFFIXES, STDIN, STDIN_NAME, Item, ReadOptions, is_url, unexpected


def read_inputs(
    inputs: Iterable[str | Path], options: ReadOptions | None = None, stdin: BinaryIO | None = None
) -> Iterator[Item]:
    """Articles and skips for command-line inputs, in input order: paths, directories,
    `-` (stdin), URLs (as feeds with `options.feed`)."""
    options = options or ReadOptions()
    for spec in inputs:
        if str(spec) == STDIN:
            if stdin is None:
                stdin = sys.stdin.buffer
            reader = read.read_stdin(stdin, options)
        elif is_url(spec):
            reader = read_url(str(spec), options)
        else:
            reader = read_path(Path(spec), options)
        try:
            yield from reader
        except Exception as err:
            # A reader's own bug, not the input's: the rest of this input is lost, the
            # other inputs are still read.
            where = STDIN_NAME if str(spec) == STDIN else str(spec)
            yield unexpected(where, err)


def read_path(path: Path, options: ReadOptions | None = None) -> Iterator[Item]:
    """Articles and skips for one path: a feed file (`.rss`, `.atom`, `.xml`) has its
    items fetched; any other file or a directory is read by `read.read_path`."""
    options = options or ReadOptions()
    if path.suffix.lower() in FEED_SUFFIXES and path.is_file():
        from .fetch import read_feed_file  # httpx and feedparser: only when needed

        yield from read_feed_file(path, options, policy=options.url_policy)
    else:
        yield from read.read_path(path, options)


def read_url(url: str, options: ReadOptions) -> Iterator[Item]:
    """One URL: a page, or with `options.feed` a feed whose items are fetched."""
    # Imported here: httpx and feedparser take time that file runs need not pay.
    from .fetch import read_feed
    from .fetch import read_url as fetch_url

    reader = read_feed if options.feed else fetch_url
    yield from reader(url, options, policy=options.url_policy)
