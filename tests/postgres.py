"""A real, throwaway PostgreSQL server for tests, started once per test session.

Use it as a pytest plugin: put `pytest_plugins = ["postgres"]` in a test module (tests/
is on sys.path) and ask for the `postgres` fixture; `postgres.new_database()` gives the
URL of a fresh, empty database, so tests never see each other's rows:

    def test_something(postgres):
        with Store.open(postgres.new_database()) as store: ...

The server is a new cluster in a temporary directory (initdb, then pg_ctl on a free
port of 127.0.0.1 with its unix socket inside that directory), trusting local logins,
with durability off for speed; it is stopped (`pg_ctl stop -m immediate`) and removed at
the end of the session. Startup takes about two seconds.

The binaries are found with `pg_config --bindir`, else under /usr/lib/postgresql/*/bin.
Without them the tests that need PostgreSQL fail, saying how to install it, unless
EVENTWIRE_SKIP_POSTGRES=1 is set: then they are skipped. PostgreSQL refuses to run as
root, so as root the cluster belongs to the `postgres` system user and its commands run
through `runuser -u postgres --`.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

SKIP_VARIABLE = "EVENTWIRE_SKIP_POSTGRES"
SYSTEM_USER = "postgres"
"""Who runs the server when the tests run as root."""

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql "
    "(`apt-get install postgresql`, as .ci/run does), or set "
    f"{SKIP_VARIABLE}=1 to skip the PostgreSQL tests"
)


def find_bindir() -> Path | None:
    """The directory holding initdb and pg_ctl, newest version first; None if absent."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


def version(bindir: Path) -> int:
    """/usr/lib/postgresql/15/bin -> 15, so that 15 sorts above 9."""
    name = bindir.parent.name
    return int(name) if name.isdigit() else 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """A running cluster; `url` is its `eventwire` database, `new_database()` makes more."""

    def __init__(self, bindir: Path, root: Path) -> None:
        self.bindir = bindir
        self.root = root
        self.data = root / "data"
        self.sockets = root / "sockets"
        self.log = root / "server.log"
        self.port = 0
        self.names = itertools.count(1)

    @property
    def url(self) -> str:
        return self.database_url("eventwire")

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def new_database(self, prefix: str = "test") -> str:
        """Create an empty database and return its URL."""
        name = f"{prefix}_{next(self.names)}"
        with psycopg.connect(self.admin_dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" STRATEGY file_copy')
        return self.database_url(name)

    def admin_dsn(self) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"

    def start(self) -> None:
        self.sockets.mkdir(parents=True)
        if os.geteuid() == 0:
            account = pwd.getpwnam(SYSTEM_USER)
            for path in (self.root, self.sockets):
                os.chown(path, account.pw_uid, account.pw_gid)
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        self.port = free_port()
        options = (
            f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
            "-F -c synchronous_commit=off -c full_page_writes=off"
        )
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                 "-o", options, "start")  # fmt: skip
        with psycopg.connect(self.admin_dsn(), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "eventwire" STRATEGY file_copy')

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def run(self, program: str, *args: str) -> None:
        """Run a PostgreSQL program, as the `postgres` user when we are root."""
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SYSTEM_USER, "--", *command]
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{program} failed ({result.returncode}): {result.stderr.strip()}\n{log}"
            )


@contextmanager
def running_server(bindir: Path) -> Iterator[PostgresServer]:
    """A started server in a new temporary directory; stopped and removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
    server = PostgresServer(bindir, root)
    try:
        server.start()
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole session (started on first use)."""
    if os.environ.get(SKIP_VARIABLE) == "1":
        pytest.skip(f"{SKIP_VARIABLE}=1")
    bindir = find_bindir()
    if bindir is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    if os.geteuid() == 0 and not has_system_user():
        pytest.fail(f"running as root needs a '{SYSTEM_USER}' user to run PostgreSQL as")
    with running_server(bindir) as server:
        yield server


def has_system_user() -> bool:
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        return False
    return True
