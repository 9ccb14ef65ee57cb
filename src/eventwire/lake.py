"""The Parquet lake: a cluster's output as a partitioned Parquet dataset (`ingest --out DIR`).

A lake is for corpora too large for one database: every Dask partition writes its own
files and nobody coordinates writers. Layout, hive-partitioned by publication month so
that DuckDB, Spark, pandas and pyarrow prune by date:

    DIR/articles/published_month=2025-03/part-<hash>.parquet   one row per article
    DIR/events/published_month=2025-03/part-<hash>.parquet     one row per event
    DIR/_manifests/part-<hash>.json                            the partition is complete

- `articles` (`ARTICLE_SCHEMA`) keeps the whole Document as JSON in `document` (the
  output contract: events, figures, quotes, entities; nothing lost) beside the text and
  the metadata; `events` has export.py's flat per-event columns (`export.SCHEMA`), the
  same as `eventwire export --format parquet`. Undated articles go to pyarrow's null
  partition, `published_month=__HIVE_DEFAULT_PARTITION__`.
- One file per partition and month, named after the partition (`Partition.name`, a hash
  of what it read), written under a temporary name and renamed: a retried partition
  (a worker killed, a task that raised) overwrites its own files, so every article is
  in the lake once; a reader never sees half a file.
- The manifest is written last. A partition with a manifest is complete; a re-run skips
  it and does only the rest. The manifest lists the articles that failed (id, where,
  message): `--retry-failed` runs their partitions again.
- Duplicate ids in *different* partitions are not coordinated (each partition drops
  its own duplicates and nothing more): deduplicate by `id` when reading a corpus that
  repeats stories across files, or use the PostgreSQL store, which keeps each id once.
- `DIR` may be a local path or a URI pyarrow's file systems open (`s3://bucket/lake`,
  `gs://...`, `hdfs://...`), so that workers on many machines write to one place.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Errors, EventwireError
from .extras import missing

try:
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq
except ImportError as err:  # the `parquet` extra (also in `dask`) is optional
    raise missing("pyarrow", "The Parquet lake") from err

from .export import SCHEMA as EVENT_SCHEMA
from .export import event_rows
from .records import Article, Document

NULL_MONTH = "__HIVE_DEFAULT_PARTITION__"
"""pyarrow's (and Hive's) directory name for a null partition value: undated articles."""
MANIFESTS = "_manifests"
"""Underscore-prefixed: pyarrow, DuckDB and Spark pass it over when reading the lake."""

ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("published", pa.date32()),
        ("text", pa.string()),
        ("events", pa.int32()),
        ("figures", pa.int32()),
        ("quotes", pa.int32()),
        ("document", pa.string()),
    ]
)
"""One row per article; `document` is `Document.to_json()`."""
TABLES = {"articles": ARTICLE_SCHEMA, "events": EVENT_SCHEMA}


class LakeError(EventwireError, OSError):
    """The lake cannot be written or read; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Failure:
    """An article of the partition that the pipeline failed on."""

    id: str
    where: str | None
    message: str


def open_lake(root: str) -> tuple[pafs.FileSystem, str]:
    """The file system and base path of a lake: a local path, or a URI pyarrow opens."""
    try:
        if "://" in root:
            return pafs.FileSystem.from_uri(root)
        return pafs.LocalFileSystem(), str(Path(root).expanduser().resolve())
    except Exception as err:
        raise LakeError(Errors.E106.format(where=root, reason=err)) from None


def month(document: Document) -> str:
    """The hive partition value of a document: YYYY-MM, or the null partition."""
    return document.published.strftime("%Y-%m") if document.published else NULL_MONTH


def article_row(article: Article, document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "url": document.url,
        "source": document.source,
        "published": document.published,
        "text": article.text,
        "events": len(document.events),
        "figures": len(document.figures),
        "quotes": len(document.quotes),
        "document": document.to_json(),
    }


def article_table(pairs: Sequence[tuple[Article, Document]]) -> pa.Table:
    return pa.Table.from_pylist([article_row(a, d) for a, d in pairs], schema=ARTICLE_SCHEMA)


def event_table(documents: Iterable[Document]) -> pa.Table:
    return pa.Table.from_pylist(list(event_rows(documents)), schema=EVENT_SCHEMA)


def write_partition(
    root: str,
    name: str,
    pairs: Sequence[tuple[Article, Document]],
    failures: Sequence[Failure] = (),
    about: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write one partition's articles and events, one file per month each, then its
    manifest; returns the manifest. Safe to repeat: the same files are replaced."""
    fs, base = open_lake(root)
    by_month: dict[str, list[tuple[Article, Document]]] = {}
    for article, document in pairs:
        by_month.setdefault(month(document), []).append((article, document))
    files: list[str] = []
    try:
        for value, group in sorted(by_month.items()):
            tables = {
                "articles": article_table(group),
                "events": event_table(d for _, d in group),
            }
            for table_name, table in tables.items():
                if table.num_rows == 0 and table_name == "events":
                    continue
                relative = f"{table_name}/published_month={value}/{name}.parquet"
                _write_atomically(fs, f"{base}/{relative}", table)
                files.append(relative)
        manifest = {
            "partition": name,
            "about": about or {},
            "articles": len(pairs),
            "events": sum(len(d.events) for _, d in pairs),
            "figures": sum(len(d.figures) for _, d in pairs),
            "quotes": sum(len(d.quotes) for _, d in pairs),
            "files": files,
            "failed": [{"id": f.id, "where": f.where, "message": f.message} for f in failures],
        }
        path = f"{base}/{MANIFESTS}/{name}.json"
        fs.create_dir(f"{base}/{MANIFESTS}", recursive=True)
        temporary = hidden(path)
        with fs.open_output_stream(temporary) as out:
            out.write(json.dumps(manifest, indent=1).encode())
        fs.move(temporary, path)
    except OSError as err:
        raise LakeError(Errors.E106.format(where=root, reason=err)) from None
    return manifest


def _write_atomically(fs: pafs.FileSystem, path: str, table: pa.Table) -> None:
    """Write under a temporary name beside the target, then rename over it."""
    fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
    temporary = hidden(path)
    with fs.open_output_stream(temporary) as out:
        pq.write_table(table, out)
    fs.move(temporary, path)


def hidden(path: str) -> str:
    """A temporary name beside `path` that readers of the lake pass over (a leading dot),
    left behind only by a killed worker."""
    folder, name = path.rsplit("/", 1)
    return f"{folder}/.{name}.{uuid.uuid4().hex}.tmp"


def manifests(root: str) -> dict[str, dict[str, Any]]:
    """The manifests of the partitions already written, by partition name."""
    fs, base = open_lake(root)
    selector = pafs.FileSelector(f"{base}/{MANIFESTS}", allow_not_found=True)
    found: dict[str, dict[str, Any]] = {}
    try:
        for info in fs.get_file_info(selector):
            if info.type == pafs.FileType.File and info.path.endswith(".json"):
                with fs.open_input_stream(info.path) as handle:
                    manifest = json.loads(handle.read())
                found[manifest["partition"]] = manifest
    except (OSError, ValueError, KeyError) as err:
        raise LakeError(Errors.E106.format(where=root, reason=err)) from None
    return found


def dataset(root: str, table: str = "articles") -> ds.Dataset:
    """The lake's `articles` or `events` as a pyarrow dataset, `published_month` included
    (a string column: YYYY-MM, null for undated articles)."""
    fs, base = open_lake(root)
    partitioning = ds.partitioning(pa.schema([("published_month", pa.string())]), flavor="hive")
    return ds.dataset(
        f"{base}/{table}",
        filesystem=fs,
        format="parquet",
        schema=TABLES[table].append(pa.field("published_month", pa.string())),
        partitioning=partitioning,
        exclude_invalid_files=False,
        ignore_prefixes=[".", "_"],
    )
