"""Scale-out on Dask: a real Dask cluster (a `dask scheduler` process and a `dask worker`
process of 2 worker processes, 1 thread each, on loopback), the real PostgreSQL server of
the suite (tests/postgres.py), a real Parquet lake.

The cluster ingest is held to the single-process ingest of the same corpus, table by
table and row by row; workers are killed, partitions made to raise and the scheduler
killed and restarted for real (fault hooks installed in the worker processes with
`client.run`). One cluster serves the module: each worker loads the rules-only pipeline
(`--fast`) once; the scheduler restart, which takes its workers with it, comes last."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import cloudpickle
import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
import sqlalchemy as sa
from distributed import Client
from typer.testing import CliRunner

from eventwire import Options, Pipeline
from eventwire.cli import ingest as ingest_module
from eventwire.cli.app import app
from eventwire.inputs import read_inputs
from eventwire.lake import dataset, manifests
from eventwire.read import ReadOptions, Skipped
from eventwire.scale import make_partitions, read_partition
from eventwire.scale.partitions import Partition, split_feed
from eventwire.urls import UrlPolicy

pytest_plugins = ["postgres"]
cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the fault hooks, on workers

TOWNS = ("Gao", "Kidal", "Mopti", "Timbuktu", "Segou", "Sikasso", "Kayes", "Menaka")
PART = "700"
"""--partition-size: a few records per partition, so the corpus makes many."""
TABLES = ("articles", "events", "event_actors", "figures", "quotes", "entities", "failures")


def story(n: int) -> dict:
    """An invented article, different for every n, published in one of three months."""
    town = TOWNS[n % len(TOWNS)]
    text = (
        f"Gunmen attacked a checkpoint near {town} on Monday, killing {n + 3} soldiers, "
        f'the Malian army said. "We will not give up {town}," said Colonel Amadou '
        f"Diarra. Residents said {n + 10} families had fled to Bamako."
    )
    return {"id": f"story-{n}", "text": text, "published": f"2025-0{1 + n % 3}-1{n % 9}"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL file (with a broken line, a French story and an id-less record), a CSV
    file whose texts span lines, and a text file."""
    root = tmp_path_factory.mktemp("corpus")
    lines = [json.dumps(story(n)) for n in range(8)]
    lines.insert(3, '{"id": "broken", "text": ')
    lines.insert(6, json.dumps({"id": "french", "text": "Le gouvernement a annoncé mardi "
                 "que les négociations avec les rebelles reprendraient la semaine prochaine "
                 "à Genève, selon un communiqué publié par le ministère."}))  # fmt: skip
    lines.append(json.dumps({"text": story(20)["text"], "published": "2025-04-02"}))
    (root / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "published", "text"])
    for n in range(10, 14):
        record = story(n)
        writer.writerow([record["id"], record["published"], record["text"].replace(". ", ".\n")])
    (root / "wire.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (root / "brief.txt").write_text(story(30)["text"], encoding="utf-8")
    return root


class DaskProcesses:
    """A scheduler and its workers as the `dask` command line starts them on a cluster,
    on a fixed loopback port so that a restarted scheduler is found where it was."""

    def __init__(self, logs: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.logs = logs
        self.processes: list[subprocess.Popen] = []
        self.scheduler = self.start_scheduler()

    def spawn(self, *args: str) -> subprocess.Popen:
        log = (self.logs / f"dask-{len(self.processes)}.log").open("wb")
        dask = Path(sys.executable).with_name("dask")
        process = subprocess.Popen([str(dask), *args], stdout=log, stderr=log)
        self.processes.append(process)
        return process

    def start_scheduler(self) -> subprocess.Popen:
        self.scheduler = self.spawn(
            "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
            "--dashboard-address", "127.0.0.1:0",
        )  # fmt: skip
        return self.scheduler

    def start_workers(self, n: int) -> None:
        self.spawn("worker", self.address, "--nworkers", str(n), "--nthreads", "1",
                   "--no-dashboard", "--death-timeout", "60")  # fmt: skip

    def restart_when_killed(self, workers: int) -> None:
        """Once the scheduler has died: the old workers gone with it, a new scheduler on
        the same port and new workers, as a supervisor (systemd, Kubernetes) would."""
        self.scheduler.wait(timeout=120)
        for process in self.processes:
            process.wait(timeout=60)
        self.start_scheduler()
        self.start_workers(workers)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def dask_processes(tmp_path_factory: pytest.TempPathFactory) -> DaskProcesses:
    processes = DaskProcesses(tmp_path_factory.mktemp("dask"))
    try:
        processes.start_workers(2)
        yield processes
    finally:
        processes.stop()


@pytest.fixture(scope="module")
def client(dask_processes: DaskProcesses) -> Client:
    with Client(dask_processes.address, timeout="60s") as opened:
        opened.wait_for_workers(2, timeout=60)
        yield opened


@pytest.fixture(scope="module")
def reference(postgres, corpus: Path, rules_pipeline: Pipeline) -> dict:
    """The single-process ingest of the corpus: its store's rows, table by table."""
    url = postgres.new_database("single")
    original = ingest_module.build_pipeline
    ingest_module.build_pipeline = lambda options: rules_pipeline
    try:
        result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", url, "--fast"])
    finally:
        ingest_module.build_pipeline = original
    assert result.exit_code == 1, result.output  # the broken line and the French story
    return dump(url)


def cluster_ingest(client: Client, *args: str) -> str:
    return ingest_at(client.scheduler.address, *args)


def ingest_at(address: str, *args: str) -> str:
    result = CliRunner().invoke(
        app,
        [
            "ingest",
            *args,
            "--fast",
            "--cluster",
            address,
            "--partition-size",
            PART,
        ],  # fmt: skip
    )
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    return result.output


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every table but the time stamps, sorted: what two stores must share."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    rows: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for table in TABLES:
            found = conn.execute(sa.text(f"select * from {table}")).mappings().all()
            drop = {"ingested_at", "failed_at"}
            rows[table] = sorted(
                tuple(str(v) for k, v in row.items() if k not in drop) for row in found
            )
    engine.dispose()
    return rows


def summary(output: str, label: str) -> int:
    """A count of the closing summary table ("stored articles   12"); 0 when absent."""
    found = re.search(rf"^\s*{re.escape(label)}\s+([\d,]+)\s*$", output, re.M)
    return int(found.group(1).replace(",", "")) if found else 0


def ids(rows: dict) -> list[str]:
    return sorted(row[0] for row in rows["articles"])


# -- partitions (no cluster) ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["news.jsonl", "wire.csv"])
def test_partitions_read_as_the_whole_file_reads(corpus: Path, name: str):
    """Byte ranges cut on record boundaries (a CSV text spans lines): the same articles
    and skips, with the same file:line, as one reader of the whole file."""
    path = str(corpus / name)
    parts = make_partitions([path], ReadOptions(), size=200)
    assert len(parts) >= 3 and all(p.path == path for p in parts)
    whole = list(read_inputs([path], ReadOptions()))
    pieces = [item for part in parts for item in read_partition(part)]
    assert [key(i) for i in pieces] == [key(i) for i in whole]


def key(item) -> tuple[str, str, str]:
    """Where an item was read, and its id (an article) or its message (a skip)."""
    if isinstance(item, Skipped):
        return "skip", item.where, item.message
    return "article", item.where, item.id


def test_stdin_cannot_be_partitioned(tmp_path: Path):
    result = CliRunner().invoke(app, ["ingest", "-", "--dask-workers", "1", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "[E101]" in result.output
    assert "Traceback" not in result.output


# -- the command ----------------------------------------------------------------------------


def test_a_sqlite_store_with_a_cluster_is_refused(tmp_path: Path, corpus: Path):
    """Refused before any cluster starts (the command returns at once)."""
    runner = CliRunner()
    db = tmp_path / "events.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--dask-workers", "2", "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "[E100]" in result.output
    assert not db.exists()
    both = runner.invoke(
        app, ["ingest", str(corpus), "--dask-workers", "2", "--cluster", "tcp://x:1"]
    )
    assert both.exit_code == 2 and "[E105]" in both.output


def test_the_cluster_stores_what_one_process_stores(client, postgres, corpus, reference):
    url = postgres.new_database("cluster")
    output = cluster_ingest(client, str(corpus), "--db", url)
    assert "Dask dashboard: http://" in output
    assert "on 2 Dask workers" in output
    assert "news.jsonl:4" in output  # the broken line, named by its line in the whole file
    stored = dump(url)
    assert len(stored["articles"]) == 14 and len(stored["events"]) >= 14
    assert stored == reference


class NewsSite(BaseHTTPRequestHandler):
    """A news site on loopback: an RSS feed of four items (three pages and a dead link)
    and a fifth item without a link."""

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.rss":
            items = "".join(
                f"<item><title>Story {n}</title><link>{base}/story-{n}.html</link>"
                f"<pubDate>Mon, 0{n + 1} Sep 2025 10:00:00 +0000</pubDate></item>"
                for n in range(4)
            )
            body = (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                f"<link>{base}/</link><description>News</description>{items}"
                f"<item><title>No link</title></item></channel></rss>"
            )
            self.reply(200, "application/rss+xml", body)
        elif self.path in ("/story-0.html", "/story-1.html", "/story-2.html"):
            text = story(40 + int(self.path[7]))["text"]
            self.reply(200, "text/html; charset=utf-8", f"<html><body><article><p>{text}</p>"
                       "</article></body></html>")  # fmt: skip
        else:
            self.reply(404, "text/plain", "gone")

    def reply(self, status: int, content_type: str, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def feed_url() -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), NewsSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
    server.shutdown()
    server.server_close()


def test_a_feed_is_split_by_item_and_read_as_one_process_reads_it(feed_url: str):
    reading = ReadOptions(url_policy=UrlPolicy(allow_private=True, per_host_delay=0))
    items, more = split_feed(Partition(sources=(feed_url,)), reading)
    assert [p.item.link.rsplit("/", 1)[1] for p in more] == [f"story-{n}.html" for n in range(4)]
    assert [p.item.published for p in more] == [f"2025-09-0{n + 1}" for n in range(4)]
    assert len({p.name for p in more}) == 4
    pieces = items + [item for p in more for item in read_partition(p, reading)]
    whole = list(read_inputs([feed_url], reading))
    assert sorted(map(key, pieces)) == sorted(map(key, whole))
    assert sum(isinstance(i, Skipped) for i in whole) == 2  # the dead link, the link-less item
    page = feed_url.replace("feed.rss", "story-0.html")  # no feed: one article, no split
    items, more = split_feed(Partition(sources=(page,)), reading)
    assert more == [] and [key(i) for i in items] == [key(i) for i in read_inputs([page], reading)]


def test_a_feed_on_the_cluster_is_a_partition_per_item(client, postgres, feed_url, rules_pipeline):
    single = postgres.new_database("feed_single")
    original = ingest_module.build_pipeline
    ingest_module.build_pipeline = lambda options: rules_pipeline
    try:
        CliRunner().invoke(app, ["ingest", feed_url, "--db", single, "--fast",
                                 "--allow-private-urls"])  # fmt: skip
    finally:
        ingest_module.build_pipeline = original
    url = postgres.new_database("feed_cluster")
    output = cluster_ingest(client, feed_url, "--db", url, "--allow-private-urls")
    assert f"{feed_url}: a feed of 4 items" in output
    assert len(dump(url)["articles"]) == 3
    assert dump(url) == dump(single)


def install_faults(markers: str) -> None:
    """In a worker: after a batch is committed, the first time anywhere the worker
    process dies (os._exit), the second time the partition raises."""
    from eventwire.cli import ingest

    real = getattr(ingest.commit, "real", ingest.commit)

    def commit(store, batch, tally):
        real(store, batch, tally)
        for name in ("killed", "raised"):
            try:
                os.close(os.open(Path(markers) / name, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                continue
            if name == "killed":
                os._exit(1)
            raise RuntimeError("injected fault")

    commit.real = real
    ingest.commit = commit


def remove_faults() -> None:
    from eventwire.cli import ingest

    ingest.commit = getattr(ingest.commit, "real", ingest.commit)


def test_a_killed_worker_and_a_raising_partition_lose_nothing(
    client, postgres, corpus, reference, tmp_path
):
    url = postgres.new_database("faults")
    pids = set(client.run(os.getpid).values())
    client.run(install_faults, str(tmp_path))
    try:
        cluster_ingest(client, str(corpus), "--db", url, "--commit-every", "1")
    finally:
        client.run(remove_faults)
    assert (tmp_path / "killed").exists() and (tmp_path / "raised").exists()
    now = client.run(os.getpid, on_error="return").values()  # a new worker may be starting
    assert pids - set(now)  # the killed worker process is gone (its nanny started another)
    assert dump(url) == reference  # every article once, with all its rows

    # a crash that lost the last commits: the re-run extracts only what is missing
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(sa.text("delete from articles where id in ('story-1', 'story-12')"))
    engine.dispose()
    again = cluster_ingest(client, str(corpus), "--db", url)
    assert summary(again, "stored articles") == 2
    assert summary(again, "skipped: duplicate") == 12
    assert dump(url) == reference


def test_the_lake_holds_what_the_store_holds_and_a_rerun_does_the_rest(
    client, corpus, reference, tmp_path
):
    lake = tmp_path / "lake"
    cluster_ingest(client, str(corpus), "--out", str(lake))
    months = {p.name for p in (lake / "articles").iterdir()}
    assert months == {f"published_month=2025-0{m}" for m in (1, 2, 3, 4)} | {
        "published_month=__HIVE_DEFAULT_PARTITION__"  # the text file has no date
    }
    frame = dataset(str(lake)).to_table().to_pandas()
    assert sorted(frame["id"]) == ids(reference)
    assert len(frame) == frame["id"].nunique()
    stored_documents = {row[0]: json.loads(row[6]) for row in reference["articles"]}
    assert {r.id: json.loads(r.document) for r in frame.itertuples()} == stored_documents
    events = dataset(str(lake), "events").to_table()
    assert events.num_rows == len(reference["events"])

    done = manifests(str(lake))
    assert len(done) >= 4
    again = cluster_ingest(client, str(corpus), "--out", str(lake))
    assert f"{len(done)} of {len(done)} partitions are in the lake already" in again
    name, manifest = next(iter(done.items()))
    (lake / "_manifests" / f"{name}.json").unlink()  # a partition the crash left unfinished
    third = cluster_ingest(client, str(corpus), "--out", str(lake))
    assert f"{len(done) - 1} of {len(done)} partitions" in third
    assert summary(third, "stored articles") == manifest["articles"] > 0
    assert sorted(dataset(str(lake)).to_table()["id"].to_pylist()) == ids(reference)


def test_the_python_api_on_bags_paths_and_data_frames(client, corpus, reference):
    import eventwire.dask as ewd

    options = Options(learned=False)
    from_paths = ewd.extract_bag([str(corpus)], options=options).compute()
    assert sorted(d["id"] for d in from_paths) == ids(reference)
    stories = [story(n) for n in range(3)]
    texts = db.from_sequence([s["text"] for s in stories], npartitions=2)
    from_texts = ewd.extract_bag(texts, options=options).compute()
    assert len(from_texts) == 3 and all(d["events"] for d in from_texts)

    frame = dd.from_pandas(pd.DataFrame(stories).rename(columns={"text": "body"}), npartitions=2)
    rows = ewd.map_partitions(frame, text="body", options=options).compute()
    assert sorted(rows["id"]) == ["story-0", "story-1", "story-2"]
    stored = {row[0]: json.loads(row[6]) for row in reference["articles"]}
    for row in rows.itertuples():
        assert json.loads(row.document) == stored[row.id]
    events = ewd.map_partitions(frame, text="body", rows="events", options=options).compute()
    assert set(events["article_id"]) == {"story-0", "story-1", "story-2"}


def install_scheduler_kill(markers: str, pid: int) -> None:
    """In a worker: after the first batch committed anywhere, kill the scheduler."""
    from eventwire.cli import ingest

    real = getattr(ingest.commit, "real", ingest.commit)

    def commit(store, batch, tally):
        real(store, batch, tally)
        try:
            os.close(os.open(Path(markers) / "scheduler", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os.kill(pid, signal.SIGKILL)

    commit.real = real
    ingest.commit = commit


def test_a_scheduler_restart_mid_run_loses_nothing(
    client, dask_processes, postgres, corpus, reference, tmp_path
):
    """The scheduler is killed mid-run (its workers close with it) and a new one starts on
    the same address with a new worker: the run waits, submits the unfinished partitions
    again and completes, every article once. The last test of the module: the cluster
    it leaves has one worker."""
    url = postgres.new_database("restart")
    client.run(install_scheduler_kill, str(tmp_path), dask_processes.scheduler.pid)
    restarter = threading.Thread(target=dask_processes.restart_when_killed, args=(1,))
    restarter.start()
    try:
        output = ingest_at(dask_processes.address, str(corpus), "--db", url, "--commit-every", "1")
    finally:
        restarter.join()
    assert (tmp_path / "scheduler").exists()
    assert "lost the Dask scheduler" in output and "the Dask scheduler is back" in output
    assert summary(output, "articles read") >= 14
    assert dump(url) == reference  # every article once, with all its rows


def test_a_scheduler_that_stays_away_stops_the_run_with_a_coded_message(
    postgres, corpus, tmp_path, monkeypatch
):
    """The scheduler dies once the run's tasks are on it (it has no worker: they wait)
    and none comes back: one line (E107), the summary, exit 1; running the command again
    on a live cluster completes it as after any crash."""
    from eventwire.scale import cluster as cluster_module

    monkeypatch.setattr(cluster_module, "RECONNECT_WAIT", 2.0)
    processes = DaskProcesses(tmp_path)
    url = postgres.new_database("gone")

    def kill_once_submitted() -> None:
        with Client(processes.address, timeout="60s") as watcher:
            while not watcher.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
                threading.Event().wait(0.1)
        processes.scheduler.send_signal(signal.SIGKILL)

    killer = threading.Thread(target=kill_once_submitted)
    killer.start()
    try:
        result = CliRunner().invoke(
            app, ["ingest", str(corpus), "--fast", "--cluster", processes.address,
                  "--partition-size", PART, "--db", url],
        )  # fmt: skip
    finally:
        killer.join()
        processes.stop()
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if "[E107]" in line]
    assert len(lines) == 1 and "run the same command again" in lines[0], result.output
    assert summary(result.output, "stored articles") == 0
