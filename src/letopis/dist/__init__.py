"""Ingest on a Dask cluster, and Parquet output for corpora beyond one SQLite writer.

``cluster``: ``DaskExecutor`` (``--dask local[:N]`` or ``tcp://HOST:PORT``), the
client side; ``worker``: the worker plugin, the batch task and the per-document time
limit; ``inputs``: files and JSON Lines records as Jobs; ``parquet``: the tables the
workers write (``--out parquet DIR``) and ``load``, which builds a SQLite store from
them. See docs/scaling.md and docs/store.md.
"""
