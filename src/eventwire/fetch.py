"""Fetching: URLs and RSS/Atom feeds become articles, through one kind of HTTP client.

This module does the network part only: it downloads a body, decides from its content
type what it is, and hands it to read.py's HTML and text readers, so a page reads the
same whether it came from disk or from the web. The decisions users rely on (content
types, charsets, limits, dates, skips) are listed with the others in read.py's docstring.

Nothing here raises for a bad input: every reader yields `Article`s and `Skipped`s.

eventwire fetches URLs that other people chose (feed items, redirects, corpora of
links), so every fetch goes through a `Fetcher` that applies a `UrlPolicy`
(`urls.py`) whose defaults are the safe ones:

- Only http and https (E071). Only public addresses (E070): the host is resolved and
  *every* address it resolves to is checked, on every redirect hop (redirects are
  followed here, not by httpx, so that each hop is checked), for every feed item and
  for robots.txt. The connection then goes to the address that was checked (httpcore
  network backend below), with the URL's own Host header and TLS server name, so a
  name that resolves differently a moment later (DNS rebinding) cannot reach anything
  else. `UrlPolicy(allow_private=True)` (--allow-private-urls) turns this off. Proxies
  from the environment are not used: a proxy resolves names itself, out of our sight.
- One total deadline per URL (E072), a few times the per-wait timeout: httpx's
  timeouts bound each wait, so a server that sends one byte a second, or headers that
  never end, would otherwise hold a run forever. Every socket read and write is given
  no more than what is left of the deadline, and the body loop checks it too.
- robots.txt is obeyed (E073) unless `ignore_robots` (--ignore-robots), read once per
  origin per `Fetcher` with protego. A missing one (4xx) allows everything, and so does
  one that cannot be had (5xx, no answer, refused): see `Fetcher._read_robots`.
- 429 and 503 answers and connection resets are retried (tenacity), after the
  Retry-After the server asks for, else a jittered exponential backoff: at most
  `max_attempts` tries, no wait above `max_retry_wait`, nothing past the deadline.
  The same host is asked at most once every `per_host_delay` seconds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import importlib.metadata
import io
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import httpcore
import httpx
import tenacity
from protego import Protego

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
from .urls import (
    ALLOWED_SCHEMES,
    DEFAULT_PORTS,
    AddressCheck,
    IPAddress,
    UrlPolicy,
    default_check,
    host_refusal,
    resolve,
)

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

DEFAULT_POLICY = UrlPolicy()
"""The policy of a reader given none: public addresses only, robots.txt obeyed."""
ROBOTS_AGENT = "eventwire"
"""The product token robots.txt rules are matched against (`User-agent: eventwire`)."""
ROBOTS_MAX_BYTES = 512 * 1024
"""robots.txt is read up to this size and the rest ignored (RFC 9309 asks for 500 KiB)."""
ROBOTS_MAX_REDIRECTS = 5
"""As RFC 9309 asks: at least five redirects followed for robots.txt."""
RETRY_STATUSES = frozenset({429, 503})
"""Answers that say "later", not "no": Too Many Requests, Service Unavailable."""
RETRY_ERRORS = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
"""A connection reset or closed before the answer: a busy server, worth another try.
Not a refused connection or a timeout: trying again would only double the wait."""
BACKOFF_INITIAL = 0.5
"""Seconds before the first retry when the server names no Retry-After, doubling after."""
LATE = 0.05
"""Seconds of slack when telling whether a timeout was the deadline's."""

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
    url: str,
    options: ReadOptions | None = None,
    fetcher: Fetcher | None = None,
    *,
    policy: UrlPolicy | None = None,
) -> Iterator[Item]:
    """The article at a URL, or every article of the feed served there.

    `fetcher` (shared, left open) carries its own policy; else one is made with
    `policy` (by default `DEFAULT_POLICY`) and closed when the reader ends."""
    options = options or ReadOptions()
    with _fetcher(fetcher, policy) as http:
        try:
            page = http.fetch(url, options)
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
    url: str,
    options: ReadOptions | None = None,
    fetcher: Fetcher | None = None,
    *,
    policy: UrlPolicy | None = None,
) -> Iterator[Item]:
    """Every article of the RSS/Atom feed at a URL, whatever content type it is served as
    (`--feed`): some servers call their feeds text/plain or application/octet-stream."""
    options = options or ReadOptions()
    with _fetcher(fetcher, policy) as http:
        try:
            page = http.fetch(url, options, kind=FEED)
        except ReadError as err:
            yield Skipped(url, str(err))
            return
        yield from read_feed_data(page.body, url, options, http, page.url, page.content_type)


def read_feed_file(
    path: Path,
    options: ReadOptions | None = None,
    fetcher: Fetcher | None = None,
    *,
    policy: UrlPolicy | None = None,
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
    with _fetcher(fetcher, policy) as http:
        yield from read_feed_data(data, where, options, http)


def read_feed_data(
    data: bytes,
    where: str,
    options: ReadOptions,
    fetcher: Fetcher,
    base_url: str | None = None,
    content_type: str | None = None,
) -> Iterator[Item]:
    """The articles of a feed's bytes, fetching each item's link with `fetcher`.

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
        yield _read_entry(entry, f"{where} item {number}", options, fetcher, base_url)


def _read_entry(
    entry: dict,
    where: str,
    options: ReadOptions,
    fetcher: Fetcher,
    base_url: str | None = None,
) -> Item:
    """The article a feed item links to, dated and titled by the item when the page is not.

    `where` names the item in a skip when it has no link; otherwise the link does. The
    link is fetched like any URL: a feed cannot point eventwire at a private address."""
    link = (entry.get("link") or "").strip()
    if not link:
        return Skipped(where, Errors.E046.format(where=where))
    if base_url:
        link = urljoin(base_url, link)
    item_options = replace(options, published=_entry_date(entry) or options.published)
    try:
        article = page_article(fetcher.fetch(link, item_options), link, item_options)
    except ReadError as err:
        return Skipped(link, str(err))
    title = (entry.get("title") or "").strip()
    if article.title is None and title:
        article = article.model_copy(update={"title": title})
    return article


# -- HTTP ---------------------------------------------------------------------------------


class Fetcher:
    """The one place eventwire's HTTP happens: one client, one policy, and what a run
    learns about hosts (their robots.txt, when each was last asked).

    Share one across the URLs of a run so that robots.txt is read once per origin and
    the per-host delay holds between them; close it when done (or use `with`). Not for
    use by two threads at once.

    address_check: which resolved addresses may be connected to, by default
    `urls.default_check` (public ones only); ignored under `allow_private`. A seam for
    tests, whose servers all live on loopback: everything else (resolution, the
    connection to the checked address, redirects, robots.txt) runs as in production.
    """

    def __init__(
        self, policy: UrlPolicy | None = None, *, address_check: AddressCheck | None = None
    ) -> None:
        self.policy = policy if policy is not None else DEFAULT_POLICY
        self._check = None if self.policy.allow_private else address_check or default_check
        self._deadline: _Deadline | None = None
        self._robots: dict[tuple[str, str, int], Protego | None] = {}
        self._last_request: dict[str, float] = {}
        backend = _CheckedBackend(self._addresses, self._remaining)
        self._client = httpx.Client(
            transport=_CheckedTransport(backend),
            headers={"User-Agent": user_agent()},
            follow_redirects=False,  # followed in `_fetch`, each hop checked
            trust_env=False,  # no proxies: a proxy would resolve names beyond our check
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, options: ReadOptions, kind: str | None = None) -> Page:
        """Download a URL as a page of `kind` (by default, what its content type says).

        Raises ReadError naming `url`: E040-E044 for what went wrong on the way, E021 or
        E045 for a body above the size limit, which is refused before it is all read,
        E070-E073 for what the policy refuses (address, scheme, deadline, robots.txt)."""
        deadline = _Deadline(self.policy.total_deadline(options.timeout))
        try:
            return self._fetch(url, options, kind, deadline)
        except _Refused as err:
            raise ReadError(
                Errors.E070.format(where=url, address=err.address, kind=err.kind)
            ) from None
        except _DeadlinePassed:
            raise ReadError(Errors.E072.format(where=url, deadline=deadline.seconds)) from None
        except httpx.TimeoutException:
            if deadline.remaining() < LATE:
                raise ReadError(Errors.E072.format(where=url, deadline=deadline.seconds)) from None
            raise ReadError(Errors.E041.format(where=url, timeout=options.timeout)) from None
        except httpx.ConnectError as err:
            raise ReadError(Errors.E042.format(where=url, reason=_reason(err))) from None
        except OSError as err:  # the name did not resolve in the early check
            reason = f"cannot resolve host: {_reason(err)}"
            raise ReadError(Errors.E042.format(where=url, reason=reason)) from None
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            raise ReadError(Errors.E043.format(where=url, reason=_reason(err))) from None
        finally:
            self._deadline = None

    def _fetch(self, url: str, options: ReadOptions, kind: str | None, deadline: _Deadline) -> Page:
        hop = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                target = self._vet(hop, url)
            except _Refused as err:
                if hop != url:
                    err.address += f" (redirect to {hop})"
                raise
            if not self.policy.ignore_robots:
                robots = self._disallowing_robots(target, options, deadline)
                if robots is not None:
                    raise ReadError(Errors.E073.format(where=url, robots=robots))
            with contextlib.closing(self._send_with_retries(target, options, deadline)) as response:
                if response.has_redirect_location:
                    hop = urljoin(str(response.url), response.headers["location"])
                    continue
                return _page(response, url, options, kind, deadline)
        reason = f"more than {MAX_REDIRECTS} redirects"
        raise ReadError(Errors.E043.format(where=url, reason=reason))

    def _vet(self, hop: str, where: str) -> httpx.URL:
        """One hop's URL once its scheme and its host's addresses pass; raises ReadError
        (E071), _Refused, OSError (no such host) or httpx.InvalidURL.

        The connection checks again (the backend): checking here first names the real
        reason before robots.txt or a retry is tried, and refuses by address even the
        spellings httpx will not parse (`http://0177.0.0.1/`, octal for 127.0.0.1)."""
        scheme = urlsplit(hop).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise ReadError(Errors.E071.format(where=where, scheme=scheme or "(none)"))
        try:
            target = httpx.URL(hop)
        except httpx.InvalidURL:
            with contextlib.suppress(ValueError, OSError):  # then httpx's reason stands
                parts = urlsplit(hop)
                if parts.hostname:
                    self._addresses(parts.hostname, parts.port or DEFAULT_PORTS[scheme])
            raise
        if not target.host:
            raise httpx.InvalidURL(f"no host in {hop!r}")
        if self._check is not None:
            self._addresses(target.host, target.port or DEFAULT_PORTS[scheme])
        return target

    def _addresses(self, host: str, port: int) -> list[IPAddress]:
        """Every address of `host`, once all of them may be connected to; _Refused names
        the first that may not (a name with one private address among public ones is
        refused: which one a connection gets is not ours to choose)."""
        if self._check is not None and (kind := host_refusal(host)):
            raise _Refused(host, kind)
        addresses = resolve(host, port)
        if self._check is not None:
            for ip in addresses:
                if kind := self._check(ip, port):
                    raise _Refused(host if _same_address(ip, host) else f"{ip} of {host}", kind)
        return addresses

    def _remaining(self) -> float | None:
        """Seconds left of the current download's deadline, None between downloads."""
        return None if self._deadline is None else self._deadline.remaining()

    # -- robots.txt

    def _disallowing_robots(
        self, target: httpx.URL, options: ReadOptions, deadline: _Deadline
    ) -> str | None:
        """The robots.txt URL that disallows `target`, or None when it may be fetched."""
        origin = (target.scheme, target.host, target.port or DEFAULT_PORTS[target.scheme])
        robots_url = f"{target.scheme}://{target.netloc.decode('ascii')}/robots.txt"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(robots_url, options, deadline)
        rules = self._robots[origin]
        if rules is None or rules.can_fetch(str(target), ROBOTS_AGENT):
            return None
        return robots_url

    def _read_robots(
        self, robots_url: str, options: ReadOptions, deadline: _Deadline
    ) -> Protego | None:
        """An origin's robots.txt rules, or None: nothing to obey.

        Fetched like a page (checked addresses, pacing, the page's deadline and at most
        one --timeout of it), once, at most `ROBOTS_MAX_BYTES`. Missing (4xx) means no
        rules, as RFC 9309 says. Unreachable (5xx, no answer, a refused redirect) means
        no rules too, where RFC 9309 tells crawlers to assume the worst: eventwire is not
        a crawler but reads the pages its user named, and a site's broken robots.txt
        should not make its articles unreadable; a disallow that can be read is obeyed.
        """
        limit = deadline.sooner(options.timeout)
        hop = robots_url
        try:
            for _ in range(ROBOTS_MAX_REDIRECTS + 1):
                target = self._vet(hop, robots_url)
                with contextlib.closing(self._send(target, options, limit)) as response:
                    if response.has_redirect_location:
                        hop = urljoin(str(response.url), response.headers["location"])
                        continue
                    if not response.is_success:
                        return None
                    body = _body(response, ROBOTS_MAX_BYTES, limit, truncate=True) or b""
                    return Protego.parse(body.decode("utf-8", errors="replace"))
        except (ReadError, _Refused, _DeadlinePassed, OSError, httpx.HTTPError, ValueError):
            return None
        return None

    # -- requests

    def _send_with_retries(
        self, target: httpx.URL, options: ReadOptions, deadline: _Deadline
    ) -> httpx.Response:
        """`_send`, tried again when the server is busy (429, 503) or the connection is
        reset: after the Retry-After the server asks for, else a jittered exponential
        backoff. At most `max_attempts` tries; a wait above `max_retry_wait` or past the
        deadline is not waited: the last answer stands (E040 with its status)."""
        policy = self.policy
        backoff = tenacity.wait_exponential_jitter(
            multiplier=BACKOFF_INITIAL, max=policy.max_retry_wait, jitter=BACKOFF_INITIAL
        )

        def wait(state: tenacity.RetryCallState) -> float:
            outcome = state.outcome
            if outcome is not None and not outcome.failed:
                asked = retry_after(outcome.result().headers.get("retry-after"))
                if asked is not None:
                    return asked
            return backoff(state)

        def too_long(state: tenacity.RetryCallState) -> bool:
            upcoming = state.upcoming_sleep
            return upcoming > policy.max_retry_wait or upcoming >= deadline.remaining()

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(RETRY_ERRORS) | tenacity.retry_if_result(_busy),
            wait=wait,
            stop=tenacity.stop_any(tenacity.stop_after_attempt(policy.max_attempts), too_long),
            before_sleep=_close_answer,
            retry_error_callback=_last_outcome,
        )
        return retrying(self._send, target, options, deadline)

    def _send(self, target: httpx.URL, options: ReadOptions, deadline: _Deadline) -> httpx.Response:
        """One GET, paced, its headers read; the caller reads (and closes) the body, the
        deadline still running: every socket wait is cut to what is left of it."""
        self._pace(target.host, deadline)
        remaining = deadline.remaining()
        if remaining <= 0:
            raise _DeadlinePassed
        self._deadline = deadline
        request = self._client.build_request("GET", target, timeout=min(options.timeout, remaining))
        return self._client.send(request, stream=True)

    def _pace(self, host: str, deadline: _Deadline) -> None:
        """Wait until `per_host_delay` has passed since the last request to `host`."""
        last = self._last_request.get(host)
        if last is not None and self.policy.per_host_delay > 0:
            wait = min(last + self.policy.per_host_delay - time.monotonic(), deadline.remaining())
            if wait > 0:
                time.sleep(wait)
        self._last_request[host] = time.monotonic()


def user_agent() -> str:
    """`eventwire/<version> (+<project url>)`, so site owners can tell who is reading."""
    import eventwire  # the package is loaded by the time anything is fetched

    version = getattr(eventwire, "__version__", None) or importlib.metadata.version("eventwire")
    return f"eventwire/{version} (+{PROJECT_URL})"


def retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """The seconds a Retry-After header asks for (delay-seconds or an HTTP date, RFC
    9110), 0 for a date already past, None when there is none or it cannot be read."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


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


# -- connections: checked addresses, one deadline ----------------------------------------


class _Refused(Exception):
    """A connection the policy forbids: `address` (as the user will recognise it) is of
    `kind` (loopback, private, ...)."""

    def __init__(self, address: str, kind: str) -> None:
        super().__init__(address, kind)
        self.address = address
        self.kind = kind


class _DeadlinePassed(Exception):
    """The total deadline of a download passed (raised from inside httpcore's reads)."""


class _Deadline:
    """The monotonic instant a download must be done by; `seconds` is for messages."""

    __slots__ = ("at", "seconds")

    def __init__(self, seconds: float, at: float | None = None) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds if at is None else at

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def sooner(self, seconds: float) -> _Deadline:
        """This deadline, or `seconds` from now if that comes first."""
        return _Deadline(self.seconds, min(self.at, time.monotonic() + seconds))


def _clamp(timeout: float | None, remaining: float | None) -> float | None:
    """A socket wait no longer than what is left of the deadline (and none once it passed)."""
    if remaining is None:
        return timeout
    if remaining <= 0:
        raise _DeadlinePassed
    return remaining if timeout is None else min(timeout, remaining)


class _CheckedBackend(httpcore.NetworkBackend):
    """httpcore's own sync backend, but a host name is resolved and checked here and the
    connection goes to the checked address: there is no second look-up for DNS
    rebinding to answer differently. The URL's host is still what the server sees (Host
    header) and what TLS verifies (httpcore passes it as server_hostname): only the
    address is pinned. Every stream it opens keeps to the current deadline."""

    def __init__(
        self,
        addresses: Callable[[str, int], list[IPAddress]],
        remaining: Callable[[], float | None],
    ) -> None:
        self._addresses = addresses
        self._remaining = remaining
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: object = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self._addresses(host, port)
        except OSError as err:
            raise httpcore.ConnectError(f"cannot resolve {host}: {_reason(err)}") from err
        error: Exception = httpcore.ConnectError(f"{host} has no address")
        for ip in addresses:  # in the resolver's order, as a plain connect would
            try:
                stream = self._inner.connect_tcp(
                    str(ip),
                    port,
                    timeout=_clamp(timeout, self._remaining()),
                    local_address=local_address,
                    socket_options=socket_options,  # type: ignore[arg-type]
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                error = err
                continue
            return _DeadlineStream(stream, self._remaining)
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: object = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("eventwire connects over TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write waits no longer than the deadline allows:
    what bounds a server that trickles its headers or body a byte at a time."""

    def __init__(self, stream: httpcore.NetworkStream, remaining: Callable[[], float | None]):
        self._stream = stream
        self._remaining = remaining

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _clamp(timeout, self._remaining()))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _clamp(timeout, self._remaining()))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: object, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(
            ssl_context,  # type: ignore[arg-type]
            server_hostname,
            _clamp(timeout, self._remaining()),
        )
        return _DeadlineStream(stream, self._remaining)

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)


class _CheckedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that uses `_CheckedBackend`."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx 0.28 has no public way to hand its pool a network backend, but httpcore's
        # pool takes one: replace the pool httpx made, with httpx's default limits
        # (tests/test_urls.py fails if connections stop going through the backend).
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=backend,
        )


# -- helpers ------------------------------------------------------------------------------


def _fetcher(fetcher: Fetcher | None, policy: UrlPolicy | None) -> AbstractContextManager:
    """The caller's fetcher, left open, or a new one closed when the reader ends."""
    return nullcontext(fetcher) if fetcher is not None else Fetcher(policy)


def _page(
    response: httpx.Response,
    where: str,
    options: ReadOptions,
    kind: str | None,
    deadline: _Deadline,
) -> Page:
    """The page of a final (not redirecting) answer, its body read within the limits."""
    if not response.is_success:
        reason = response.reason_phrase or "no reason given"
        status = response.status_code
        raise ReadError(Errors.E040.format(where=where, status=status, reason=reason))
    content_type = response.headers.get("content-type", "")
    kind = kind or _kind(content_type)
    if kind is None:
        media_type = _media_type(content_type)
        expected = "HTML, plain text or an RSS/Atom feed"
        raise ReadError(Errors.E044.format(where=where, kind=media_type, expected=expected))
    limit = _byte_limit(kind, options)
    body = _body(response, limit, deadline)
    if body is None:
        raise ReadError(_too_large(kind, where, limit, options))
    return Page(str(response.url), kind, content_type, response.charset_encoding, body)


def _busy(response: httpx.Response) -> bool:
    return response.status_code in RETRY_STATUSES


def _close_answer(state: tenacity.RetryCallState) -> None:
    """Before waiting to retry: let go of the busy answer's connection."""
    if state.outcome is not None and not state.outcome.failed:
        state.outcome.result().close()


def _last_outcome(state: tenacity.RetryCallState) -> httpx.Response:
    """When retries are over: the last answer (a 429 or 503), or its error raised."""
    assert state.outcome is not None  # tenacity gives up only after an attempt
    return state.outcome.result()


def _same_address(ip: IPAddress, host: str) -> bool:
    try:
        return ip == type(ip)(host)
    except ValueError:
        return False


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


def _body(
    response: httpx.Response, limit: int, deadline: _Deadline, truncate: bool = False
) -> bytes | None:
    """The (decompressed) body, or None as soon as it is known to pass `limit` bytes
    (with `truncate`, its first `limit` bytes instead). Raises _DeadlinePassed when the
    deadline passes while it streams in."""
    declared = response.headers.get("content-length", "")
    encoded = "content-encoding" in response.headers  # then the length is the compressed one
    if not truncate and declared.isdigit() and not encoded and int(declared) > limit:
        return None
    body = bytearray()
    for chunk in response.iter_bytes():
        if deadline.remaining() <= 0:
            raise _DeadlinePassed
        body += chunk
        if len(body) > limit:
            return bytes(body[:limit]) if truncate else None
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
    if isinstance(err, socket.gaierror) and err.strerror:
        return err.strerror
    return str(err) or type(err).__name__
