"""Fetching: URLs and RSS/Atom feeds become articles, through one kind of HTTP client.

This module does the network part only: it downloads a body, decides from its content
type what it is, and hands it to read.py's HTML and text readers, so a page reads the
same whether it came from disk or from the web. The decisions users rely on (content
types, charsets, limits, dates, skips) are listed with the others in read.py's docstring.

Nothing here raises for a bad input: every reader yields `Article`s and `Skipped`s.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import importlib.metadata
import io
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import httpx

from .errors import Errors, ReadError
from .read import (
    BYTES_PER_CHAR,
    Item,
    ReadOptions,
    Skipped,
    article_from_html,
    article_from_text,
)
from .records import Article

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
FEED_MAX_BYTES = 32 * 1024 * 1024
"""Largest feed read: a feed lists articles, often with their full text, but is not one."""
MAX_REDIRECTS = 10
PROJECT_URL = "https://github.com/eventwire/eventwire"

HTML, TEXT, FEED = "html", "text", "feed"
"""What a downloaded body is, as its content type says."""


@dataclass(frozen=True, slots=True)
class Page:
    """A downloaded body and what the server said about it.

    url: the address after redirects. content_type: the header as sent (feedparser
    reads the charset from it). charset: the charset it declares, if any."""

    url: str
    kind: str
    content_type: str
    charset: str | None
    body: bytes


# -- entry points -------------------------------------------------------------------------


def read_url(
    url: str, options: ReadOptions | None = None, client: httpx.Client | None = None
) -> Iterator[Item]:
    """The article at a URL, or every article of the feed served there."""
    options = options or ReadOptions()
    with _client(client, options) as http:
        try:
            page = fetch(http, url, options)
        except ReadError as err:
            yield Skipped(url, str(err))
            return
        if page.kind == FEED:
            yield from read_feed_data(page.body, url, options, http, page.url, page.content_type)
            return
        try:
            yield page_article(page, url, options)
        except ReadError as err:
            yield Skipped(url, str(err))


def read_feed(
    url: str, options: ReadOptions | None = None, client: httpx.Client | None = None
) -> Iterator[Item]:
    """Every article of the RSS/Atom feed at a URL, whatever content type it is served as
    (`--feed`): some servers call their feeds text/plain or application/octet-stream."""
    options = options or ReadOptions()
    with _client(client, options) as http:
        try:
            page = fetch(http, url, options, kind=FEED)
        except ReadError as err:
            yield Skipped(url, str(err))
            return
        yield from read_feed_data(page.body, url, options, http, page.url, page.content_type)


def read_feed_file(
    path: Path, options: ReadOptions | None = None, client: httpx.Client | None = None
) -> Iterator[Item]:
    """Every article of a feed saved as a file; its items' links are still fetched."""
    options = options or ReadOptions()
    where = str(path)
    try:
        if path.stat().st_size > FEED_MAX_BYTES:
            yield Skipped(where, _too_large(FEED, where, FEED_MAX_BYTES, options))
            return
        data = path.read_bytes()
    except OSError as err:
        yield Skipped(where, Errors.E020.format(where=where, reason=err.strerror or str(err)))
        return
    with _client(client, options) as http:
        yield from read_feed_data(data, where, options, http)


def read_feed_data(
    data: bytes,
    where: str,
    options: ReadOptions,
    client: httpx.Client,
    base_url: str | None = None,
    content_type: str | None = None,
) -> Iterator[Item]:
    """The articles of a feed's bytes, fetching each item's link with `client`.

    `base_url` (where the feed came from) resolves relative item links."""
    headers = {"content-location": base_url or "", "content-type": content_type or ""}
    # A stream, never bytes or str: feedparser opens a str that looks like a URL or a
    # file name itself, and we want no reads we did not decide on.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.entries:
        if parsed.bozo or not parsed.version:
            reason = str(parsed.get("bozo_exception") or "no RSS or Atom elements found")
            yield Skipped(where, Errors.E045.format(where=where, reason=reason))
        else:
            yield Skipped(where, Errors.E011.format(where=where))
        return
    for number, entry in enumerate(parsed.entries, 1):
        yield _read_entry(entry, f"{where} item {number}", options, client, base_url)


def _read_entry(
    entry: dict,
    where: str,
    options: ReadOptions,
    client: httpx.Client,
    base_url: str | None = None,
) -> Item:
    """The article a feed item links to, dated and titled by the item when the page is not.

    `where` names the item in a skip when it has no link; otherwise the link does."""
    link = (entry.get("link") or "").strip()
    if not link:
        return Skipped(where, Errors.E046.format(where=where))
    if base_url:
        link = urljoin(base_url, link)
    item_options = replace(options, published=_entry_date(entry) or options.published)
    try:
        article = page_article(fetch(client, link, item_options), link, item_options)
    except ReadError as err:
        return Skipped(link, str(err))
    title = (entry.get("title") or "").strip()
    if article.title is None and title:
        article = article.model_copy(update={"title": title})
    return article


# -- HTTP ---------------------------------------------------------------------------------


def make_client(options: ReadOptions) -> httpx.Client:
    """The one place HTTP clients are made: timeout, redirects and User-Agent."""
    return httpx.Client(
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": user_agent()},
    )


def user_agent() -> str:
    """`eventwire/<version> (+<project url>)`, so site owners can tell who is reading."""
    import eventwire  # the package is loaded by the time anything is fetched

    version = getattr(eventwire, "__version__", None) or importlib.metadata.version("eventwire")
    return f"eventwire/{version} (+{PROJECT_URL})"


def fetch(client: httpx.Client, url: str, options: ReadOptions, kind: str | None = None) -> Page:
    """Download a URL as a page of `kind` (by default, what its content type says).

    Raises ReadError naming `url`: E040-E044 for what went wrong on the way, E021 or
    E045 for a body above the size limit, which is refused before it is all read."""
    try:
        with client.stream("GET", url) as response:
            if not response.is_success:
                reason = response.reason_phrase or "no reason given"
                status = response.status_code
                raise ReadError(Errors.E040.format(where=url, status=status, reason=reason))
            content_type = response.headers.get("content-type", "")
            kind = kind or _kind(content_type)
            if kind is None:
                media_type = _media_type(content_type)
                expected = "HTML, plain text or an RSS/Atom feed"
                raise ReadError(Errors.E044.format(where=url, kind=media_type, expected=expected))
            limit = _byte_limit(kind, options)
            body = _body(response, limit)
            if body is None:
                raise ReadError(_too_large(kind, url, limit, options))
            return Page(str(response.url), kind, content_type, response.charset_encoding, body)
    except httpx.TimeoutException:
        raise ReadError(Errors.E041.format(where=url, timeout=options.timeout)) from None
    except httpx.ConnectError as err:
        raise ReadError(Errors.E042.format(where=url, reason=_reason(err))) from None
    except httpx.TooManyRedirects:
        reason = f"more than {MAX_REDIRECTS} redirects"
        raise ReadError(Errors.E043.format(where=url, reason=reason)) from None
    except (httpx.HTTPError, httpx.InvalidURL) as err:
        raise ReadError(Errors.E043.format(where=url, reason=_reason(err))) from None


def page_article(page: Page, where: str, options: ReadOptions) -> Article:
    """The article of a downloaded HTML or text page; raises ReadError when it is none."""
    host = httpx.URL(page.url).host or None
    data = _as_utf8(page.body, page.charset)
    if page.kind == HTML:
        return article_from_html(data, where, options, default_source=host, url=page.url)
    if page.kind == TEXT:
        return article_from_text(data, where, options, url=page.url, source=host)
    # A feed where an article was expected: a feed item that links to a feed. Not
    # followed: feeds that link to each other would never end.
    expected = "HTML or plain text (a feed item must link to a page)"
    media_type = _media_type(page.content_type)
    raise ReadError(Errors.E044.format(where=where, kind=media_type, expected=expected))


def _entry_date(entry: dict) -> dt.date | None:
    """A feed item's date, published else updated, in the time zone the feed gives it:
    feedparser's own parsed dates are in UTC, which moves a late-evening story to the
    next day."""
    for key in ("published", "updated"):
        value = entry.get(key)
        date = _feed_date(value) if isinstance(value, str) else None
        if date is None and entry.get(f"{key}_parsed"):
            date = dt.date(*entry[f"{key}_parsed"][:3])
        if date is not None:
            return date
    return None


# -- helpers ------------------------------------------------------------------------------


def _client(client: httpx.Client | None, options: ReadOptions) -> AbstractContextManager:
    """The caller's client, left open, or a new one closed when the reader ends."""
    return nullcontext(client) if client is not None else make_client(options)


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower() or "(none)"


def _kind(content_type: str) -> str | None:
    media_type = _media_type(content_type)
    if media_type in HTML_TYPES:
        return HTML
    if media_type in TEXT_TYPES:
        return TEXT
    if media_type in FEED_TYPES:
        return FEED
    return None


def _byte_limit(kind: str, options: ReadOptions) -> int:
    """The bytes a body of this kind may have: as for files (markup is a large share of
    an HTML page, so it gets twice the room of text); a feed is not one article."""
    if kind == FEED:
        return FEED_MAX_BYTES
    if kind == HTML:
        return 2 * BYTES_PER_CHAR * options.max_chars
    return BYTES_PER_CHAR * options.max_chars


def _body(response: httpx.Response, limit: int) -> bytes | None:
    """The (decompressed) body, or None as soon as it is known to pass `limit` bytes."""
    declared = response.headers.get("content-length", "")
    encoded = "content-encoding" in response.headers  # then the length is the compressed one
    if declared.isdigit() and not encoded and int(declared) > limit:
        return None
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def _too_large(kind: str, where: str, limit: int, options: ReadOptions) -> str:
    if kind == FEED:
        return Errors.E045.format(where=where, reason=f"more than {limit:,} bytes")
    return Errors.E021.format(where=where, size=f"more than {limit:,}", limit=options.max_chars)


def _as_utf8(data: bytes, charset: str | None) -> bytes:
    """Bytes read.py's decoders take: as they are when valid UTF-8 (or undecodable with
    the declared charset too, for read.py to report), else re-encoded from the charset
    the server declares."""
    if not charset:
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data


def _feed_date(value: str) -> dt.date | None:
    """The date part of an ISO 8601 (Atom) or RFC 822 (RSS) timestamp, or None."""
    try:
        return dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _reason(err: Exception) -> str:
    return str(err) or type(err).__name__
