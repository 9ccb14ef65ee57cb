"""Which URLs eventwire may fetch: the policy object and the address rules behind it.

Why this exists: eventwire fetches URLs it did not choose. A feed lists item links, a
page redirects wherever it likes, and a corpus of URLs may come from anyone. Left alone,
an HTTP client will happily fetch `http://127.0.0.1:8080/admin`, a router's page on
192.168.1.1 or a cloud machine's credentials at 169.254.169.254 and store the answer as
an "article" (server-side request forgery). So by default only public addresses are
fetched, and the check is made on the *addresses* a name resolves to, never on how the
URL spells its host: `localhost`, `2130706433`, `0177.0.0.1`, `127.1`, `[::1]` and
`[::ffff:127.0.0.1]` all reach the same loopback interface, and a list of bad spellings
is never complete. `socket.getaddrinfo` turns every spelling into the addresses the
system would connect to, and `ipaddress` classifies them.

This module is the stdlib-only half (cheap to import, e.g. by `read.ReadOptions`):
`UrlPolicy`, the classification of one address, and name resolution. `fetch.py` applies
them to every connection it opens (each redirect hop, every feed item, robots.txt) and
connects to the very address that was checked, so a name that resolves differently a
moment later (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass

from .errors import Errors, SettingsError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})
"""Everything else (file:, ftp:, gopher:, data:, ...) reads what a news reader never should."""
DEFAULT_PORTS = {"http": 80, "https": 443}

DEADLINE_FACTOR = 4
"""The default total deadline of a URL, in multiples of the per-wait timeout (--timeout)."""
MAX_DEFAULT_DEADLINE = 120.0
"""...but no longer than this by default: a page that needs two minutes is not coming."""

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, ...
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
    )
)
"""Cloud metadata services: they hand out credentials to whoever asks from the machine.
All are non-public anyway; named so that a refusal says what was at stake."""
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata.goog", "metadata"})
"""Names of metadata services, refused without a DNS look-up (they may not resolve
outside a cloud, and must not be tried inside one)."""
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
"""Carrier-grade NAT (RFC 6598): neither private nor global to `ipaddress`."""
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")
"""Local-use NAT64 (RFC 8215): a site's own translator, never a public server."""
WELL_KNOWN_NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
"""Deprecated IPv4-compatible IPv6 (::a.b.c.d); `::` and `::1` are not IPv4 inside."""

AddressCheck = Callable[[IPAddress, int], "str | None"]
"""(address, port) -> why it is refused, or None when it may be connected to."""


@dataclass(frozen=True, slots=True)
class UrlPolicy:
    """How eventwire treats the URLs it fetches. The defaults are the safe ones.

    allow_private: also fetch from loopback, private, link-local, metadata and other
        non-public addresses (--allow-private-urls): for an intranet or a local server.
    ignore_robots: fetch pages that the site's robots.txt disallows (--ignore-robots).
    deadline: seconds one URL may take in all (robots.txt, connecting, redirects,
        retries, headers, body). None: `DEADLINE_FACTOR` x the per-wait timeout, at
        most `MAX_DEFAULT_DEADLINE` s, never below the timeout itself.
    per_host_delay: least seconds between two requests to the same host (politeness).
    max_attempts: tries of one request answered 429/503 or cut off by a reset.
    max_retry_wait: longest wait before a retry; a server asking for longer is not
        retried (it said it will not serve us soon).
    """

    allow_private: bool = False
    ignore_robots: bool = False
    deadline: float | None = None
    per_host_delay: float = 1.0
    max_attempts: int = 3
    max_retry_wait: float = 30.0

    def __post_init__(self) -> None:
        checks = (
            ("deadline", self.deadline is None or self.deadline > 0, "must be above 0"),
            ("per_host_delay", self.per_host_delay >= 0, "must be 0 or more"),
            ("max_attempts", self.max_attempts >= 1, "must be 1 or more"),
            ("max_retry_wait", self.max_retry_wait >= 0, "must be 0 or more"),
        )
        for key, ok, reason in checks:
            if not ok:
                raise SettingsError(Errors.E003.format(key=key, reason=reason))

    def total_deadline(self, timeout: float) -> float:
        """The seconds a URL may take in all, given the per-wait `timeout`."""
        if self.deadline is not None:
            return self.deadline
        return max(timeout, min(DEADLINE_FACTOR * timeout, MAX_DEFAULT_DEADLINE))


def address_refusal(ip: IPAddress) -> str | None:
    """Why a connection to `ip` is refused by default (a short kind, e.g. "loopback"),
    or None for a public address.

    An IPv6 address that carries an IPv4 address (IPv4-mapped ::ffff:a.b.c.d,
    IPv4-compatible ::a.b.c.d, 6to4 2002::/16, NAT64 64:ff9b::/96) is judged by the IPv4
    address inside: that is where the packets end up."""
    if ip in METADATA_ADDRESSES:
        return "cloud metadata"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            kind = address_refusal(inner)
            return f"{kind}, {inner} inside IPv6" if kind else None
        if ip in LOCAL_NAT64:
            return "local-use NAT64"
    for kind, refused in _KINDS:
        if refused(ip):
            return kind
    return None if ip.is_global else "not globally routable"


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if it is one of the forms that do."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in WELL_KNOWN_NAT64 or (ip in IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def host_refusal(host: str) -> str | None:
    """Why a host *name* is refused before any look-up, or None: `localhost` and its
    subdomains are loopback by definition (RFC 6761), whatever a resolver says, and
    metadata services are refused by name."""
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return "loopback"
    if name in METADATA_HOSTS:
        return "cloud metadata"
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to for a TCP connection, in the resolver's order,
    without repeats. Any spelling the system accepts (names, dotted, decimal, octal or
    short IPv4, IPv6) comes back as the addresses a connection would really use.
    Raises OSError (socket.gaierror) when the name does not resolve."""
    addresses: list[IPAddress] = []
    for family, _type, _proto, _name, sockaddr in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    ):
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        ip = ipaddress.ip_address(sockaddr[0])
        if ip not in addresses:
            addresses.append(ip)
    return addresses


def default_check(ip: IPAddress, port: int) -> str | None:
    """The default `AddressCheck`: public addresses only, on any port."""
    return address_refusal(ip)


_KINDS: tuple[tuple[str, Callable[[IPAddress], bool]], ...] = (
    ("unspecified", lambda ip: ip.is_unspecified),
    ("loopback", lambda ip: ip.is_loopback),
    ("link-local", lambda ip: ip.is_link_local),
    ("multicast", lambda ip: ip.is_multicast),
    ("shared address space", lambda ip: ip in SHARED_ADDRESS_SPACE),
    ("reserved", lambda ip: ip.is_reserved),
    ("private", lambda ip: ip.is_private),
)
"""In order: the first that applies names the refusal (127.0.0.1 is private as well,
but "loopback" says more)."""
