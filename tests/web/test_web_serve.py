"""`eventwire serve` on the command line, and ingest over HTTP (allowed only with
--allow-ingest and a bearer token; URLs through the same SSRF guard as `ingest`)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire.cli.app import app
from eventwire.store import Store
from eventwire.web import create_app

TOKEN = "a-test-token-of-32-characters!!!"
runner = CliRunner()


def test_get_answers_one_request(examples_db):
    result = runner.invoke(app, ["serve", "--db", str(examples_db), "--get", "/api/v1/overview"])
    assert result.exit_code == 0, result.output
    overview = json.loads(result.stdout)
    assert overview["counts"]["articles"] == 3 and overview["counts"]["events"] > 0
    missing = runner.invoke(app, ["serve", "--db", str(examples_db), "--get", "/api/v1/nope"])
    assert missing.exit_code == 1


def test_bad_setups_are_one_coded_line(tmp_path, examples_db):
    absent = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert absent.exit_code == 1
    assert "[E055]" in absent.stderr and len(absent.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "none.db").exists()  # read-only serving never creates a store
    tokenless = runner.invoke(app, ["serve", "--db", str(examples_db), "--allow-ingest"])
    assert tokenless.exit_code == 1 and "[E110]" in tokenless.stderr
    short = runner.invoke(
        app, ["serve", "--db", str(examples_db), "--allow-ingest", "--token", "short"]
    )
    assert short.exit_code == 1 and "[E110]" in short.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = runner.invoke(app, ["serve", "--db", str(examples_db), "--port", str(port)])
    assert busy.exit_code == 1 and "[E111]" in busy.stderr
    assert "Traceback" not in busy.stderr + absent.stderr + tokenless.stderr


def test_serve_starts_a_server(examples_db):
    """The real command in its own process: it answers over HTTP and stops on a signal."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "eventwire", "serve", "--db", str(examples_db)]
    server = subprocess.Popen(
        [*command, "--port", str(port)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        answer = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/overview", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None and answer.status_code == 200, server.poll()
        assert answer.json()["counts"]["events"] > 0
        assert "server" not in answer.headers  # no server banner
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture
def ingest_client(writable_db, pipeline):
    with Store.open(str(writable_db)) as store:
        app_ = create_app(store, ingest_token=TOKEN, pipeline=lambda: pipeline)
        with TestClient(app_, raise_server_exceptions=False) as client:
            yield client


def test_ingest_needs_the_token(ingest_client):
    body = {"text": "Rebels shelled the town of Kadugli on Monday, officials said."}
    assert ingest_client.post("/api/v1/ingest/text", json=body).status_code == 401
    wrong = ingest_client.post(
        "/api/v1/ingest/text", json=body, headers={"Authorization": "Bearer " + "x" * 32}
    )
    assert wrong.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
    assert wrong.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "url, code",
    [
        ("http://127.0.0.1:9/admin", "E070"),
        ("http://localhost/", "E070"),
        ("http://169.254.169.254/latest/meta-data/", "E070"),
        ("http://[::1]/", "E070"),
        ("http://10.0.0.1/", "E070"),
        ("http://2130706433/", "E070"),
        ("file:///etc/passwd", "E071"),
        ("gopher://example.org/", "E071"),
    ],
)
def test_url_ingest_refuses_private_addresses(ingest_client, url, code):
    answer = ingest_client.post(
        "/api/v1/ingest/url", json={"url": url}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == code


def test_ingest_text_stores_it_once(ingest_client):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    body = {
        "text": "Sudanese army aircraft bombed a market in Kadugli on Monday, killing 12 "
        "civilians, local officials said.",
        "published": "2025-03-04",
        "title": "Market bombed",
        "id": "posted-1",
    }
    first = ingest_client.post("/api/v1/ingest/text", json=body, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["stored"] == ["posted-1"]
    again = ingest_client.post("/api/v1/ingest/text", json=body, headers=headers).json()
    assert again["stored"] == [] and again["duplicates"] == ["posted-1"]
    events = ingest_client.get("/api/v1/events", params={"article": "posted-1"}).json()
    assert events["items"] and events["items"][0]["published"] == "2025-03-04"
    bad_date = ingest_client.post(
        "/api/v1/ingest/text", json={**body, "published": "yesterday"}, headers=headers
    )
    assert bad_date.status_code == 422
