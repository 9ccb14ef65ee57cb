"""URL safety, deadlines, robots.txt, retries and pacing, against real HTTP servers.

Every server runs on 127.0.0.1 in a thread, and loopback is exactly what eventwire
refuses by default. So tests that need a server to count as a public site say so with
`Fetcher(address_check=...)`: the default check, except that 127.0.0.1 *on that one
server's port* passes. Everything else runs as in production (name resolution, the
connection to the checked address, redirects, robots.txt), and any other loopback port,
such as a second "secret" server's, stays refused.

`connections` (autouse) records every TCP connection eventwire opens and fails a test
that tries one beyond loopback: the refusal tests must refuse *before* connecting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from reading import assert_skipped, only

from eventwire.errors import SettingsError
from eventwire.fetch import Fetcher, read_feed_file, read_url, retry_after
from eventwire.inputs import read_inputs
from eventwire.read import ReadOptions, Skipped
from eventwire.records import Article
from eventwire.urls import (
    AddressCheck,
    IPAddress,
    UrlPolicy,
    address_refusal,
    default_check,
    host_refusal,
)

WIRE_TEXT = "Flood barriers were raised along the Ostra river late on Friday as the water rose.\n"
SECRET = "the admin password is hunter2\n"
LOCALHOST = ipaddress.ip_address("127.0.0.1")

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Hit:
    path: str
    host: str
    at: float


@dataclass
class Server:
    """A threaded HTTP server on 127.0.0.1: `routes` answer by path, `hits` is what it
    was asked, in order."""

    routes: dict[str, Route]
    hits: list[Hit] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]


@pytest.fixture
def serve() -> Iterator[Callable[[dict[str, Route]], Server]]:
    started: list[ThreadingHTTPServer] = []

    def start(routes: dict[str, Route]) -> Server:
        server = Server(routes)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                host = self.headers.get("Host", "")
                server.hits.append(Hit(self.path, host, time.monotonic()))
                route = server.routes.get(self.path)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if route is None:
                        send(self, 404, "not here\n")
                    else:
                        route(self)

            def log_message(self, *args: object) -> None:
                """Quiet."""

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
        started.append(httpd)
        server.port = httpd.server_address[1]
        return server

    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connection opened (httpcore connects with socket.create_connection);
    any but one to a loopback address fails the test instead of leaving the machine."""
    opened: list[tuple[str, int]] = []
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        host, port = address[0], address[1]
        assert ipaddress.ip_address(host).is_loopback, f"tried to connect to {host}"
        opened.append((host, port))
        return real(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", guarded)
    return opened


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: str = "",
    content_type: str = "text/plain; charset=utf-8",
    **headers: str,
) -> None:
    data = body.encode("utf-8")
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def text(body: str = WIRE_TEXT) -> Route:
    return lambda h: send(h, 200, body)


def redirect(location: str) -> Route:
    return lambda h: send(h, 302, Location=location)


def public_port(port: int) -> AddressCheck:
    """The default address check, but 127.0.0.1 on `port` counts as a public site."""

    def check(ip: IPAddress, p: int) -> str | None:
        return None if ip == LOCALHOST and p == port else default_check(ip, p)

    return check


def fetcher(server: Server, **policy: object) -> Fetcher:
    """A fetcher to which `server` is a public site; no politeness delay unless asked."""
    policy = {"per_host_delay": 0, **policy}
    return Fetcher(UrlPolicy(**policy), address_check=public_port(server.port))  # type: ignore[arg-type]


def get(url: str, http: Fetcher | None = None, **options: object) -> list[Article | Skipped]:
    return list(read_url(url, ReadOptions(**options), http))  # type: ignore[arg-type]


@pytest.fixture
def secret(serve: Callable[[dict[str, Route]], Server]) -> Server:
    """A server on loopback that must never be asked anything: the SSRF target."""
    return serve({"/secret": text(SECRET), "/": text(SECRET)})


# -- addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback, 127.0.0.1 inside IPv6"),
        ("::127.0.0.1", "loopback, 127.0.0.1 inside IPv6"),  # IPv4-compatible
        ("2002:7f00:1::", "loopback, 127.0.0.1 inside IPv6"),  # 6to4
        ("64:ff9b::7f00:1", "loopback, 127.0.0.1 inside IPv6"),  # NAT64
        ("::ffff:10.0.0.1", "private, 10.0.0.1 inside IPv6"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"),
        ("100.64.0.1", "shared address space"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("64:ff9b:1::a00:1", "local-use NAT64"),
        ("192.0.2.10", "private"),  # documentation
        ("2001:db8::1", "private"),  # documentation
    ],
)
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize(
    "address",
    ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:808:808::"],
)
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("localhost", "loopback"),
        ("LocalHost.", "loopback"),
        ("api.localhost", "loopback"),
        ("metadata.google.internal", "cloud metadata"),
        ("metadata.google.internal.", "cloud metadata"),
        ("news.example.org", None),
    ],
)
def test_host_names_refused_before_any_lookup(host: str, kind: str | None) -> None:
    assert host_refusal(host) == kind


@pytest.mark.parametrize(
    ("url", "shown", "kind"),
    [
        ("http://127.0.0.1/", "127.0.0.1", "loopback"),
        ("http://localhost/admin", "localhost", "loopback"),
        ("http://LOCALHOST./admin", "localhost", "loopback"),
        ("http://[::1]/", "::1", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1", "loopback, 127.0.0.1 inside IPv6"),
        ("http://[::ffff:7f00:1]/", "::ffff:7f00:1", "loopback, 127.0.0.1 inside IPv6"),
        ("http://2130706433/", "127.0.0.1 of 2130706433", "loopback"),
        ("http://0177.0.0.1/", "127.0.0.1 of 0177.0.0.1", "loopback"),
        ("http://127.1/", "127.0.0.1 of 127.1", "loopback"),
        ("http://0x7f.1/", "127.0.0.1 of 0x7f.1", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254", "cloud metadata"),
        ("http://metadata.google.internal/computeMetadata/v1/", "metadata", "cloud metadata"),
        ("http://[fd00:ec2::254]/latest/", "fd00:ec2::254", "cloud metadata"),
        ("https://0.0.0.0:8443/", "0.0.0.0", "unspecified"),
        ("http://10.0.0.1/", "10.0.0.1", "private"),
        ("http://192.168.1.1/", "192.168.1.1", "private"),
        ("http://100.64.0.1/", "100.64.0.1", "shared address space"),
        ("http://[fe80::1]/", "fe80::1", "link-local"),
    ],
)
def test_default_policy_refuses_before_connecting(
    url: str, shown: str, kind: str, connections: list[tuple[str, int]]
) -> None:
    skipped = assert_skipped(only(get(url)), "E070", url)
    assert f"refused address {shown}" in skipped.message
    assert f"({kind})" in skipped.message
    assert skipped.message.endswith("(use --allow-private-urls to allow)")
    assert connections == []


def test_refused_server_is_never_asked(secret: Server, connections: list) -> None:
    url = f"{secret.base}/secret"
    assert_skipped(only(get(url)), "E070", url)
    assert secret.hits == [] and connections == []


def test_read_inputs_refuses_loopback_by_default(secret: Server) -> None:
    """The path the command line takes (read.py passes no policy): safe by default."""
    url = f"{secret.base}/secret"
    assert_skipped(only(list(read_inputs([url]))), "E070", url)
    assert secret.hits == []


def test_allow_private_fetches_loopback_by_name(secret: Server) -> None:
    url = f"http://localhost:{secret.port}/secret"
    article = only(list(read_url(url, policy=UrlPolicy(allow_private=True, per_host_delay=0))))
    assert isinstance(article, Article)
    assert article.text == SECRET


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("file:///etc/passwd", "file"),
        ("FILE:///etc/hostname", "file"),
        ("ftp://ftp.example.org/pub/notes.txt", "ftp"),
        ("gopher://gopher.example.org/0/news", "gopher"),
        ("data:text/plain,Troops%20crossed%20the%20border", "data"),
        ("dict://127.0.0.1:11211/stats", "dict"),
    ],
)
def test_only_http_and_https(url: str, scheme: str, connections: list) -> None:
    # allow_private too: the scheme rule holds whatever the address policy
    for policy in (UrlPolicy(), UrlPolicy(allow_private=True)):
        skipped = assert_skipped(only(list(read_url(url, policy=policy))), "E071", url)
        assert f"scheme '{scheme}'" in skipped.message
    assert connections == []


# -- redirects and feeds ------------------------------------------------------------------


def test_redirect_to_loopback_is_refused(serve, secret: Server) -> None:
    site = serve(
        {
            "/moved": redirect("/news"),
            "/news": text(),
            "/to-ip": redirect(f"http://127.0.0.1:{secret.port}/secret"),
            "/to-name": redirect(f"http://localhost:{secret.port}/secret"),
            "/to-v6": redirect(f"http://[::1]:{secret.port}/secret"),
            "/to-mapped": redirect(f"http://[::ffff:127.0.0.1]:{secret.port}/secret"),
            "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
            "/to-file": redirect("file:///etc/passwd"),
            "/twice": redirect("/to-ip"),
        }
    )
    with fetcher(site) as http:
        moved = only(get(f"{site.base}/moved", http))  # an allowed redirect still works
        assert isinstance(moved, Article) and moved.url == f"{site.base}/news"
        for path in ("/to-ip", "/to-name", "/to-v6", "/to-mapped", "/to-metadata", "/twice"):
            url = f"{site.base}{path}"
            skipped = assert_skipped(only(get(url, http)), "E070", url)
            assert "(redirect to http" in skipped.message
        url = f"{site.base}/to-file"
        assert_skipped(only(get(url, http)), "E071", url)
    assert secret.hits == []


def rss(*links: str) -> Route:
    items = "".join(
        f"<item><title>Item {n}</title><link>{link}</link></item>" for n, link in enumerate(links)
    )
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<link>http://news.example/</link><description>d</description>{items}</channel></rss>"""
    return lambda h: send(h, 200, feed, "application/rss+xml")


def test_feed_items_linking_to_private_addresses_are_refused(serve, secret: Server) -> None:
    inside = f"http://127.0.0.1:{secret.port}/secret"
    by_name = f"http://localhost:{secret.port}/secret"
    site = serve(
        {
            "/news": text(),
            "/feed.rss": rss(
                "/news", inside, by_name, "http://169.254.169.254/", "file:///etc/passwd"
            ),
        }
    )
    with fetcher(site) as http:
        news, ip, name, metadata, local_file = get(f"{site.base}/feed.rss", http)
    assert isinstance(news, Article) and news.text == WIRE_TEXT
    assert_skipped(ip, "E070", inside)
    assert_skipped(name, "E070", by_name)
    assert_skipped(metadata, "E070", "http://169.254.169.254/")
    assert local_file.code == "E071"  # feedparser writes it file://etc/passwd
    assert secret.hits == []


def test_saved_feed_file_items_follow_the_same_rule(tmp_path: Path, secret: Server) -> None:
    link = f"http://127.0.0.1:{secret.port}/secret"
    path = tmp_path / "saved.rss"
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>{link}</link>'
        f"<description>d</description><item><title>x</title><link>{link}</link></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    assert_skipped(only(list(read_feed_file(path))), "E070", link)
    assert secret.hits == []


# -- DNS rebinding ------------------------------------------------------------------------


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, list[str]], list[str]]:
    """Make a made-up name resolve to the given addresses, one per look-up (the last
    repeats); returns the log of look-ups of that name."""

    def install(name: str, answers: list[str]) -> list[str]:
        looked_up: list[str] = []
        real = socket.getaddrinfo

        def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list:
            if host != name:
                return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
            address = answers[min(len(looked_up), len(answers) - 1)]
            looked_up.append(address)
            return real(address, port, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        return looked_up

    return install


def test_connection_goes_to_the_checked_address_with_the_original_host(
    serve, dns, connections: list
) -> None:
    site = serve({"/news": text()})
    looked_up = dns("news.example", ["127.0.0.1"])
    url = f"http://news.example:{site.port}/news"
    with fetcher(site, ignore_robots=True) as http:
        article = only(get(url, http))
    assert isinstance(article, Article) and article.url == url
    assert [hit.host for hit in site.hits] == [f"news.example:{site.port}"]
    assert connections == [("127.0.0.1", site.port)]
    assert looked_up  # resolved by eventwire, not left to the connection


def test_dns_rebinding_is_refused_at_connect_time(serve, dns, connections: list) -> None:
    """The name answers with a public address when first checked, then with loopback:
    the address that would be connected to is the one checked, and it is refused."""
    site = serve({"/news": text()})
    looked_up = dns("rebind.example", ["127.0.0.1", "127.0.0.2"])
    url = f"http://rebind.example:{site.port}/news"
    with fetcher(site, ignore_robots=True) as http:
        skipped = assert_skipped(only(get(url, http)), "E070", url)
    assert "127.0.0.2 of rebind.example (loopback)" in skipped.message
    assert looked_up == ["127.0.0.1", "127.0.0.2"]
    assert connections == [] and site.hits == []


# -- the total deadline -------------------------------------------------------------------


def slow_body(handler: BaseHTTPRequestHandler) -> None:
    """A body of 100 bytes, one every 0.2 s: each read is quick, the whole is not."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", "100")
    handler.end_headers()
    for _ in range(100):
        handler.wfile.write(b"x")
        time.sleep(0.2)


def endless_headers(handler: BaseHTTPRequestHandler) -> None:
    """A status line, then a header line every 0.2 s, for as long as anyone listens."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for n in range(100):
        handler.wfile.write(f"X-Filler-{n}: still coming\r\n".encode())
        time.sleep(0.2)


def silent(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(5)


@pytest.mark.parametrize("path", ["/slow-body", "/endless-headers", "/silent"])
def test_total_deadline_holds(serve, path: str) -> None:
    site = serve({"/slow-body": slow_body, "/endless-headers": endless_headers, "/silent": silent})
    url = f"{site.base}{path}"
    started = time.monotonic()
    with fetcher(site, deadline=1.0, ignore_robots=True) as http:
        skipped = assert_skipped(only(get(url, http, timeout=3)), "E072", url)
    assert 0.9 < time.monotonic() - started < 2.0
    assert "total deadline of 1 s" in skipped.message


def test_default_deadline_is_a_few_timeouts() -> None:
    assert UrlPolicy().total_deadline(20) == 80
    assert UrlPolicy().total_deadline(0.5) == 2
    assert UrlPolicy().total_deadline(60) == 120  # capped
    assert UrlPolicy().total_deadline(300) == 300  # never below one timeout
    assert UrlPolicy(deadline=7).total_deadline(20) == 7


@pytest.mark.parametrize(
    "bad", [{"deadline": 0}, {"per_host_delay": -1}, {"max_attempts": 0}, {"max_retry_wait": -1}]
)
def test_policy_is_validated(bad: dict) -> None:
    with pytest.raises(SettingsError, match=rf"\[E003\] Setting '{next(iter(bad))}'"):
        UrlPolicy(**bad)


# -- retries ------------------------------------------------------------------------------


def busy_then(status: int, retry_after_header: str | None, busy_times: int) -> Route:
    """`status` (with a Retry-After, if given) for the first `busy_times` requests, then text."""
    seen = []

    def route(handler: BaseHTTPRequestHandler) -> None:
        seen.append(1)
        if len(seen) <= busy_times:
            headers = {"Retry_After": retry_after_header} if retry_after_header else {}
            send(handler, status, "busy\n", **headers)
        else:
            send(handler, 200, WIRE_TEXT)

    return route


def test_429_is_retried_after_retry_after(serve) -> None:
    site = serve({"/news": busy_then(429, "1", busy_times=1)})
    with fetcher(site) as http:
        article = only(get(f"{site.base}/news", http))
    assert isinstance(article, Article) and article.text == WIRE_TEXT
    first, second = (hit for hit in site.hits if hit.path == "/news")
    assert 0.95 <= second.at - first.at < 2.5


def test_503_without_retry_after_backs_off(serve) -> None:
    site = serve({"/news": busy_then(503, None, busy_times=1)})
    with fetcher(site, ignore_robots=True) as http:
        article = only(get(f"{site.base}/news", http))
    assert isinstance(article, Article)
    first, second = site.hits
    assert 0.5 <= second.at - first.at < 1.5  # BACKOFF_INITIAL, plus up to as much jitter


def test_retries_stop_after_max_attempts(serve) -> None:
    site = serve({"/news": busy_then(503, "0", busy_times=99)})
    url = f"{site.base}/news"
    with fetcher(site, ignore_robots=True) as http:
        skipped = assert_skipped(only(get(url, http)), "E040", url)
    assert "HTTP error 503" in skipped.message
    assert site.paths() == ["/news"] * 3  # max_attempts


@pytest.mark.parametrize(
    ("policy", "header"),
    [({}, "3600"), ({"deadline": 2.0}, "5"), ({"max_retry_wait": 0.5}, "1")],
    ids=["above max_retry_wait", "past the deadline", "above a lower max_retry_wait"],
)
def test_too_long_a_wait_is_not_waited(serve, policy: dict, header: str) -> None:
    site = serve({"/news": busy_then(429, header, busy_times=99)})
    url = f"{site.base}/news"
    started = time.monotonic()
    with fetcher(site, **policy) as http:
        skipped = assert_skipped(only(get(url, http)), "E040", url)
    assert "HTTP error 429" in skipped.message
    assert site.paths().count("/news") == 1
    assert time.monotonic() - started < 1.0  # not the 1 s, 5 s or hour asked for


def test_connection_reset_is_retried(serve) -> None:
    seen = []

    def reset_once(handler: BaseHTTPRequestHandler) -> None:
        seen.append(1)
        if len(seen) == 1:  # abort: RST instead of an answer
            linger = struct.pack("ii", 1, 0)
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            handler.connection.close()
            handler.close_connection = True
            return
        send(handler, 200, WIRE_TEXT)

    site = serve({"/news": reset_once})
    with fetcher(site) as http:
        article = only(get(f"{site.base}/news", http))
    assert isinstance(article, Article) and article.text == WIRE_TEXT
    assert len(seen) == 2


def test_retry_after_reads_seconds_and_dates() -> None:
    now = dt.datetime(2025, 5, 6, 7, 0, 0, tzinfo=dt.UTC)
    assert retry_after("120", now) == 120
    assert retry_after(" 0 ", now) == 0
    assert retry_after("Tue, 06 May 2025 07:00:30 GMT", now) == 30
    assert retry_after("Tue, 06 May 2025 06:00:00 GMT", now) == 0  # already past
    assert retry_after("soon", now) is None
    assert retry_after("-5", now) is None
    assert retry_after(None, now) is None


# -- pacing -------------------------------------------------------------------------------


def test_requests_to_one_host_are_spaced(serve) -> None:
    site = serve({"/a": text(), "/b": text(), "/c": text()})
    with fetcher(site, per_host_delay=0.3, ignore_robots=True) as http:
        for path in ("/a", "/b", "/c"):
            assert isinstance(only(get(f"{site.base}{path}", http)), Article)
    times = [hit.at for hit in site.hits]
    assert all(later - earlier >= 0.28 for earlier, later in zip(times, times[1:], strict=False))


# -- robots.txt ---------------------------------------------------------------------------

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def test_robots_disallow_is_a_skip_and_robots_is_read_once(serve) -> None:
    site = serve(
        {
            "/robots.txt": text(ROBOTS),
            "/news": text(),
            "/private/memo": text(SECRET),
            "/moved": redirect("/private/memo"),
            "/feed.rss": rss("/news", "/private/memo"),
        }
    )
    with fetcher(site) as http:
        assert isinstance(only(get(f"{site.base}/news", http)), Article)
        url = f"{site.base}/private/memo"
        skipped = assert_skipped(only(get(url, http)), "E073", url)
        assert f"disallowed by {site.base}/robots.txt" in skipped.message
        assert skipped.message.endswith("(use --ignore-robots to fetch anyway)")
        moved = f"{site.base}/moved"
        assert_skipped(only(get(moved, http)), "E073", moved)  # each hop is checked
        news, memo = get(f"{site.base}/feed.rss", http)
        assert isinstance(news, Article)
        assert_skipped(memo, "E073", url)
    assert "/private/memo" not in site.paths()
    assert site.paths().count("/robots.txt") == 1


def test_rules_for_eventwire_itself(serve) -> None:
    site = serve(
        {
            "/robots.txt": text("User-agent: *\nAllow: /\n\nUser-agent: eventwire\nDisallow: /\n"),
            "/news": text(),
        }
    )
    with fetcher(site) as http:
        assert_skipped(only(get(f"{site.base}/news", http)), "E073", f"{site.base}/news")


def test_ignore_robots(serve) -> None:
    site = serve({"/robots.txt": text(ROBOTS), "/private/memo": text(SECRET)})
    with fetcher(site, ignore_robots=True) as http:
        article = only(get(f"{site.base}/private/memo", http))
    assert isinstance(article, Article) and article.text == SECRET
    assert site.paths() == ["/private/memo"]


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_missing_or_broken_robots_allows(serve, status: int) -> None:
    site = serve({"/robots.txt": lambda h: send(h, status, "no\n"), "/news": text()})
    with fetcher(site) as http:
        assert isinstance(only(get(f"{site.base}/news", http)), Article)
    assert site.paths() == ["/robots.txt", "/news"]  # robots.txt is not retried


def test_robots_redirected_to_a_private_address_allows(serve, secret: Server) -> None:
    site = serve(
        {"/robots.txt": redirect(f"http://127.0.0.1:{secret.port}/secret"), "/news": text()}
    )
    with fetcher(site) as http:
        assert isinstance(only(get(f"{site.base}/news", http)), Article)
    assert secret.hits == []
