"""Scale-out on Dask: a real LocalCluster (2 worker processes, 1 thread each), the real
PostgreSQL server of the suite (tests/postgres.py), a real Parquet lake.

The cluster ingest is held to the single-process ingest of the same corpus, table by
table and row by row; workers are killed and partitions made to raise for real (fault
hooks installed in the worker processes with `client.run`). One cluster serves the
module: each worker loads the rules-only pipeline (`--fast`) once."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from pathlib import Path

import cloudpickle
import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
import sqlalchemy as sa
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from eventwire import Options, Pipeline
from eventwire.cli import ingest as ingest_module
from eventwire.cli.app import app
from eventwire.lake import dataset, manifests
from eventwire.read import ReadOptions, Skipped, read_inputs
from eventwire.scale import make_partitions, read_partition

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


@pytest.fixture(scope="module")
def client() -> Client:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as opened,
    ):
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
    result = CliRunner().invoke(
        app,
        [
            "ingest",
            *args,
            "--fast",
            "--cluster",
            client.scheduler.address,
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
    assert set(client.run(os.getpid).values()) != pids  # a worker process was replaced
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
