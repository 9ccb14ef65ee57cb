"""Scale-out of `eventwire ingest` on Dask distributed (the `dask` extra).

- `partitions.py`: inputs cut into partitions (JSONL/CSV byte ranges on record
  boundaries, files grouped, a URL or feed each) and read as one process reads them;
- `work.py`: what a worker does (the pipeline loaded once by a worker plugin, a
  partition read, extracted and stored with the single-process ingest's own code);
- `cluster.py`: the driver (client or LocalCluster, dashboard link, retries, progress).

The notebook API is `eventwire.dask`, which re-exports what is public here.
"""

from __future__ import annotations

from .cluster import ingest_on_cluster
from .partitions import Partition, auto_size, make_partitions, read_partition
from .work import PipelinePlugin, Target, ingest_partition

__all__ = [
    "Partition",
    "PipelinePlugin",
    "Target",
    "auto_size",
    "ingest_on_cluster",
    "ingest_partition",
    "make_partitions",
    "read_partition",
]
