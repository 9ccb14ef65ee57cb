"""URLs and feeds: a real HTTP server on 127.0.0.1, started here, serves every case.

No network beyond this machine and no spaCy: the tests are fast and offline. The server
is on loopback, which eventwire refuses by default, so these tests fetch under
`LOOPBACK`, the opt-out (--allow-private-urls); tests/test_urls.py tests the refusals."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from reading import assert_skipped, only

import eventwire
from eventwire.fetch import UrlPolicy, read_feed, read_url, user_agent
from eventwire.inputs import read_inputs, read_path
from eventwire.read import ReadOptions, Skipped
from eventwire.records import Article, text_id

Reply = tuple[int, dict[str, str], bytes]

LOOPBACK = UrlPolicy(allow_private=True, per_host_delay=0)
"""Our test server's address allowed, and no politeness delay between its requests."""

HARBOUR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour cranes stand idle in Portwick | The Tidewater Gazette</title>
<meta property="og:title" content="Harbour cranes stand idle in Portwick">
<meta property="og:site_name" content="The Tidewater Gazette">
<meta property="article:published_time" content="2025-05-06T07:15:00Z">
</head><body>
<nav><a href="/">Front page</a> <a href="/weather">Weather</a> Sign up for alerts</nav>
<article>
<h1>Harbour cranes stand idle in Portwick</h1>
<p>Crane operators at the container terminal in Portwick stopped work on Monday
morning, leaving three cargo ships waiting at anchor outside the breakwater.</p>
<p>The Portwick Crane Guild said its members would stay out until the port authority
restored the night-shift bonus it cut in March without consulting anyone.</p>
<p>A spokesperson for the port authority said talks with the guild would resume on
Thursday and that perishable cargo would be unloaded by hand in the meantime.</p>
</article>
<footer>Copyright 2025 The Tidewater Gazette. Cookie settings.</footer>
</body></html>
"""

BARE_PAGE = """<html><body><article>
<p>The old swing bridge over the Lenner canal opened to traffic again on Sunday after
eleven weeks of repairs to its rusted turning gear.</p>
<p>Engineers from the county works department said the bridge would still close for
an hour each night while the new bearings settled into place.</p>
<p>Shopkeepers on both banks said trade had fallen by a third while the bridge was shut
and hoped the evening crowds would come back before the summer.</p>
</article></body></html>
"""

WIRE_TEXT = "Flood barriers were raised along the Ostra river late on Friday as the water rose.\n"
LEGACY_TEXT = "Delegates met in Genève on Tuesday to discuss the river treaty.\n"


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Tidewater Gazette: latest</title><link>{base}/</link>
<description>News from the coast</description>
<item><title>Feed title for the cranes</title><link>{base}/news/harbour.html</link>
  <pubDate>Tue, 01 Apr 2025 09:00:00 +0000</pubDate></item>
<item><title>Swing bridge reopens over the Lenner</title><link>{base}/news/bare.html</link>
  <pubDate>Sun, 04 May 2025 23:30:00 -0500</pubDate></item>
<item><title>A story that was taken down</title><link>{base}/gone</link></item>
<item><title>An item without a link</title><description>Nothing to fetch.</description></item>
<item><title>Barriers raised on the Ostra</title><link>/wire.txt</link></item>
</channel></rss>
"""


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Lenner Valley Courier</title><id>urn:example:courier</id>
<updated>2025-05-05T12:00:00Z</updated>
<entry><title>Bridge back in service</title><id>urn:example:courier:1</id>
  <link href="{base}/news/bare.html"/><updated>2025-05-05T08:00:00+02:00</updated></entry>
<entry><title>Server trouble</title><id>urn:example:courier:2</id>
  <link href="{base}/broken"/><updated>2025-05-05T09:00:00Z</updated></entry>
<entry><title>Our other feed</title><id>urn:example:courier:3</id>
  <link href="{base}/feed.rss"/><updated>2025-05-05T10:00:00Z</updated></entry>
</feed>
"""


EMPTY_RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title>
<link>http://example.invalid/</link><description>Nothing yet</description></channel></rss>"""


def page(body: str | bytes, content_type: str = "text/html; charset=utf-8") -> Reply:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return 200, {"Content-Type": content_type}, data


def redirect(location: str) -> Reply:
    return 302, {"Location": location}, b""


ROUTES: dict[str, Callable[[BaseHTTPRequestHandler, str], Reply]] = {
    "/news/harbour.html": lambda h, base: page(HARBOUR_PAGE),
    "/news/bare.html": lambda h, base: page(BARE_PAGE),
    "/wire.txt": lambda h, base: page(WIRE_TEXT, "text/plain; charset=utf-8"),
    "/legacy.txt": lambda h, base: page(
        LEGACY_TEXT.encode("cp1252"), "text/plain; charset=windows-1252"
    ),
    "/ua": lambda h, base: page(f"Agent: {h.headers['User-Agent']}\n", "text/plain"),
    "/old-address": lambda h, base: redirect("/news/harbour.html"),
    "/loop": lambda h, base: redirect("/loop"),
    "/broken": lambda h, base: (500, {"Content-Type": "text/plain"}, b"oops"),
    "/slow": lambda h, base: (time.sleep(2), page(WIRE_TEXT, "text/plain"))[1],
    "/logo.png": lambda h, base: page(b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
    "/big.txt": lambda h, base: page("word " * 400, "text/plain"),
    "/feed.rss": lambda h, base: page(rss(base), "application/rss+xml"),
    "/feed.atom": lambda h, base: page(atom(base), "application/atom+xml; charset=utf-8"),
    "/feed-as-text": lambda h, base: page(rss(base), "text/plain"),
    "/broken.rss": lambda h, base: page("this is no feed { at all", "application/rss+xml"),
    "/empty.rss": lambda h, base: page(EMPTY_RSS, "application/rss+xml"),
}
STREAMED = {"/big-stream.txt": b"word " * 400}
"""Sent without a Content-Length: the client learns the size only by reading."""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path in STREAMED:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # HTTP/1.0: the body ends when the connection closes
            self.wfile.write(STREAMED[self.path])
            return
        route = ROUTES.get(self.path)
        if route is None:
            self.send_error(404)
            return
        status, headers, body = route(self, base)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: the tests' output is for failures."""


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def loopback_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """`LOOPBACK` for readers reached through read.py, which passes fetch.py no policy
    of its own: fetch.py's default is what they get."""
    monkeypatch.setattr("eventwire.fetch.DEFAULT_POLICY", LOOPBACK)


def fetch_all(url: str, **options) -> list[Article | Skipped]:
    return list(read_url(url, ReadOptions(**options), policy=LOOPBACK))


# -- pages --------------------------------------------------------------------------------


def test_html_page_main_text_and_metadata(base: str) -> None:
    url = f"{base}/news/harbour.html"
    article = only(fetch_all(url, published=dt.date(2030, 1, 1)))
    assert isinstance(article, Article)
    assert "three cargo ships waiting at anchor" in article.text
    assert "perishable cargo would be unloaded by hand" in article.text
    for boilerplate in ("Front page", "Sign up", "Cookie"):
        assert boilerplate not in article.text
    assert article.title == "Harbour cranes stand idle in Portwick"
    assert article.source == "The Tidewater Gazette"
    assert article.published == dt.date(2025, 5, 6)  # the page's own date beats the default
    assert article.url == url
    assert article.id == text_id(article.text)


def test_html_page_without_metadata_has_the_host_as_source(base: str) -> None:
    url = f"{base}/news/bare.html"
    article = only(fetch_all(url, published=dt.date(2025, 5, 5)))
    assert "rusted turning gear" in article.text
    assert article.title is None
    assert article.source == "127.0.0.1"
    assert article.published == dt.date(2025, 5, 5)
    assert article.url == url


def test_redirect_is_followed_and_the_final_url_kept(base: str) -> None:
    article = only(fetch_all(f"{base}/old-address"))
    assert article.url == f"{base}/news/harbour.html"
    assert article.title == "Harbour cranes stand idle in Portwick"


def test_plain_text_page_is_one_article(base: str) -> None:
    url = f"{base}/wire.txt"
    article = only(fetch_all(url, published=dt.date(2025, 5, 2)))
    assert article.text == WIRE_TEXT
    assert article.id == text_id(WIRE_TEXT)
    assert article.url == url
    assert article.source == "127.0.0.1"
    assert article.title is None
    assert article.published == dt.date(2025, 5, 2)


def test_declared_charset_decodes_a_legacy_text(base: str) -> None:
    assert only(fetch_all(f"{base}/legacy.txt")).text == LEGACY_TEXT


def test_user_agent_names_eventwire_and_its_version(base: str) -> None:
    text = only(fetch_all(f"{base}/ua")).text
    assert text == f"Agent: {user_agent()}\n"
    assert text.startswith(f"Agent: eventwire/{eventwire.__version__} ")


def test_read_inputs_dispatches_urls(base: str, loopback_by_default: None) -> None:
    items = list(read_inputs([f"{base}/wire.txt", f"{base}/gone"]))
    assert items[0].text == WIRE_TEXT
    assert_skipped(items[1], "E040", f"{base}/gone")


# -- failures -----------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "status"), [("/gone", "404"), ("/broken", "500")])
def test_http_errors_name_the_status(base: str, path: str, status: str) -> None:
    url = f"{base}{path}"
    skipped = assert_skipped(only(fetch_all(url)), "E040", url)
    assert f"HTTP error {status}" in skipped.message


def test_slow_server_times_out(base: str) -> None:
    url = f"{base}/slow"
    started = time.monotonic()
    skipped = assert_skipped(only(fetch_all(url, timeout=0.5)), "E041", url)
    assert time.monotonic() - started < 1.8
    assert "0.5 s" in skipped.message


def test_unreachable_host(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/news"
    assert_skipped(only(fetch_all(url, timeout=2)), "E042", url)


def test_redirect_loop(base: str) -> None:
    url = f"{base}/loop"
    skipped = assert_skipped(only(fetch_all(url)), "E043", url)
    assert "redirects" in skipped.message


def test_non_text_content_type(base: str) -> None:
    url = f"{base}/logo.png"
    skipped = assert_skipped(only(fetch_all(url)), "E044", url)
    assert "'image/png'" in skipped.message


@pytest.mark.parametrize("path", ["/big.txt", "/big-stream.txt"], ids=["length", "streamed"])
def test_body_too_large(base: str, path: str) -> None:
    url = f"{base}{path}"  # 2,000 bytes, above 4 x 100 for text
    skipped = assert_skipped(only(fetch_all(url, max_chars=100)), "E021", url)
    assert "more than 400 bytes" in skipped.message


def test_article_too_long_after_download(base: str) -> None:
    url = f"{base}/wire.txt"
    assert_skipped(only(fetch_all(url, max_chars=40)), "E014", url)


# -- feeds --------------------------------------------------------------------------------


def check_rss_items(items: list[Article | Skipped], base: str, feed: str) -> None:
    assert len(items) == 5, items
    cranes, bridge, gone, no_link, wire = items
    # The page states its own title and date: they beat the item's.
    assert cranes.title == "Harbour cranes stand idle in Portwick"
    assert cranes.published == dt.date(2025, 5, 6)
    assert cranes.url == f"{base}/news/harbour.html"
    # A bare page takes the item's title and date, in the feed's own time zone (UTC
    # would say 5 May).
    assert bridge.title == "Swing bridge reopens over the Lenner"
    assert bridge.published == dt.date(2025, 5, 4)
    assert "rusted turning gear" in bridge.text
    assert bridge.source == "127.0.0.1"
    assert_skipped(gone, "E040", f"{base}/gone")
    assert_skipped(no_link, "E046", f"{feed} item 4")
    # A relative link resolves against the feed's address; no date anywhere: the default.
    assert wire.text == WIRE_TEXT
    assert wire.url == f"{base}/wire.txt"
    assert wire.title == "Barriers raised on the Ostra"
    assert wire.published == dt.date(2024, 12, 31)


def test_rss_feed_is_detected_by_content_type(base: str) -> None:
    feed = f"{base}/feed.rss"
    check_rss_items(fetch_all(feed, published=dt.date(2024, 12, 31)), base, feed)


def test_feed_option_reads_a_feed_served_as_text(base: str, loopback_by_default: None) -> None:
    feed = f"{base}/feed-as-text"
    options = ReadOptions(published=dt.date(2024, 12, 31), feed=True)
    check_rss_items(list(read_inputs([feed], options)), base, feed)


def test_without_the_feed_option_a_text_feed_is_text(base: str) -> None:
    article = only(fetch_all(f"{base}/feed-as-text"))
    assert article.text.startswith('<?xml version="1.0"')


def test_atom_feed_uses_updated_dates(base: str) -> None:
    feed = f"{base}/feed.atom"
    bridge, broken, nested = fetch_all(feed)
    assert bridge.title == "Bridge back in service"
    assert bridge.published == dt.date(2025, 5, 5)
    assert bridge.url == f"{base}/news/bare.html"
    skipped = assert_skipped(broken, "E040", f"{base}/broken")
    assert "500" in skipped.message
    skipped = assert_skipped(nested, "E044", f"{base}/feed.rss")  # feeds are not followed
    assert "'application/rss+xml'" in skipped.message


def test_broken_feed_is_one_skip(base: str) -> None:
    feed = f"{base}/broken.rss"
    assert_skipped(only(fetch_all(feed)), "E045", feed)
    page = f"{base}/news/bare.html"  # an HTML page read as a feed (--feed)
    assert_skipped(only(list(read_feed(page, policy=LOOPBACK))), "E045", page)


def test_feed_without_items_is_empty(base: str) -> None:
    feed = f"{base}/empty.rss"
    assert_skipped(only(fetch_all(feed)), "E011", feed)


def test_feed_that_cannot_be_fetched(base: str) -> None:
    gone = f"{base}/gone"
    assert_skipped(only(list(read_feed(gone, policy=LOOPBACK))), "E040", gone)


@pytest.mark.parametrize("suffix", [".rss", ".xml", ".ATOM"])
def test_local_feed_file_fetches_its_items(
    base: str, tmp_path: Path, suffix: str, loopback_by_default: None
) -> None:
    path = tmp_path / f"saved{suffix}"
    path.write_text(atom(base), encoding="utf-8")
    bridge, broken, _ = read_path(path)
    assert bridge.title == "Bridge back in service"
    assert bridge.url == f"{base}/news/bare.html"
    assert_skipped(broken, "E040", f"{base}/broken")


def test_local_feed_file_that_is_broken(tmp_path: Path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text("<notes><note>call the harbour master</note></notes>", encoding="utf-8")
    assert_skipped(only(list(read_path(path))), "E045", str(path))


def test_directories_do_not_pick_up_feed_files(tmp_path: Path) -> None:
    (tmp_path / "saved.rss").write_text(EMPTY_RSS, encoding="utf-8")
    (tmp_path / "story.txt").write_text(WIRE_TEXT, encoding="utf-8")
    assert [a.text for a in read_path(tmp_path)] == [WIRE_TEXT]


def test_feed_above_its_size_limit(base: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("eventwire.fetch.FEED_MAX_BYTES", 100)
    feed = f"{base}/feed.rss"
    skipped = assert_skipped(only(fetch_all(feed)), "E045", feed)
    assert "more than 100 bytes" in skipped.message
    path = tmp_path / "saved.rss"
    path.write_text(rss(base), encoding="utf-8")
    assert_skipped(only(list(read_path(path))), "E045", str(path))
