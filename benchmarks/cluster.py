"""Ingest on more cores: serial, a process pool, Dask, and the SQLite writer's own ceiling.

The same ``--n`` documents (the first of NEREL train, in sorted order; without NEREL,
generated paragraphs) are written to a folder and ingested by ``letopis ingest DIR --db
NEW.db`` in a fresh process and store per run:

    serial            (one process)
    --workers 2       (the process pool)
    --dask local:1    (a LocalCluster of one worker process, one thread)
    --dask local:2    (two worker processes)
    --dask local:2 --out parquet DIR   (the workers write Parquet; no SQLite writer)

Wall time from spawn to exit (imports, model loading and cluster start included);
documents/s = documents / wall time; a run on one file with the same options measures
the start-up, and ``steady docs/s`` = (n - 1) / (wall - start-up). BLAS/OpenMP threads
are pinned to 1 in every process.

Writer ceiling: the serial run's documents, read back from its store with their lemmas
and date links (analysis already done, not timed), are written into a fresh store by
``Store.add`` alone (one transaction per document, as ``letopis ingest`` does), and once
more with the client's unpacking of a worker's result (``letopis.dist.worker.unpack``,
the ``letopis.document/1`` dict back to a Document) before each write: the most
documents per second one client can store however many workers analyze.

The Parquet output is read back with DuckDB (pyarrow without it) and its row counts
compared with the serial store's. The load average is recorded at the start and end.

    python benchmarks/cluster.py [--n 500] [--data DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import log, machine, pin_threads, write_json  # noqa: E402
from ingest_speed import SUMMARY, speed_table, with_rates  # noqa: E402

RUNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("serial", ()),
    ("--workers 2", ("--workers", "2")),
    ("--dask local:1", ("--dask", "local:1")),
    ("--dask local:2", ("--dask", "local:2")),
    ("--dask local:2 --out parquet", ("--dask", "local:2", "--out", "parquet")),
)
PARQUET_TABLES = ("documents", "mentions", "entities", "dates", "quotes", "claims",
                  "relations")


def texts(n: int, data: str | None) -> tuple[str, list[str]]:
    """(where they come from, ``n`` distinct texts)."""
    from texts import generated_docs, nerel_texts

    found = nerel_texts("train", data, n)
    if found and len(found) >= n:
        return f"the first {n} NEREL v1.1 train documents", found[:n]
    docs = [f"{text}\n({i})\n" for i, text in enumerate(generated_docs(n))]
    return f"{n} generated documents (benchmarks/texts.py, numbered)", docs


def write_folder(folder: Path, docs: list[str]) -> None:
    folder.mkdir(parents=True)
    for i, text in enumerate(docs):
        (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")


def run_ingest(folder: Path, work: Path, name: str, options: tuple[str, ...]) -> dict[str, Any]:
    """``letopis ingest FOLDER`` with ``options`` in a fresh process: seconds, counts."""
    tag = name.replace(" ", "").replace("-", "").replace(":", "")
    target = (["--db", str(work / f"{tag}-{folder.name}.db")] if "--out" not in options
              else [str(work / f"{tag}-{folder.name}")])  # --out parquet takes the folder
    args = [sys.executable, "-m", "letopis.cli.ingest", str(folder), *options, *target]
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, timeout=3600,
                          env=dict(os.environ))
    seconds = time.perf_counter() - started
    found = SUMMARY.search(proc.stderr)
    if proc.returncode not in (0, 2) or found is None:
        raise RuntimeError(f"{name} failed ({proc.returncode}): {proc.stderr[-1500:]}")
    added, skipped, failed = map(int, found.groups())
    return {"name": name, "seconds": round(seconds, 2), "added": added, "skipped": skipped,
            "failed": failed, "output": target[-1]}


def speed(folder: Path, work: Path) -> list[dict[str, Any]]:
    """Each run on the folder, and on its first file alone for the start-up."""
    one = work / "one"
    write_folder(one, [next(folder.iterdir()).read_text(encoding="utf-8")])
    rows = []
    for name, options in RUNS:
        log(f"cluster: {name}")
        start = run_ingest(one, work, name, options)
        rows.append(with_rates(run_ingest(folder, work, name, options), start))
    return rows


def stored_items(db: Path) -> list[Any]:
    """The documents of a store as the writer takes them (Prepared), in insertion order."""
    from letopis.store.core import Store
    from letopis.store.prepare import Prepared

    items = []
    with Store.open(db, readonly=True) as store:
        conn = store.conn
        rows = conn.execute("SELECT d.num, d.id, f.lemmas FROM documents d"
                            " JOIN doc_fts f ON f.rowid = d.num ORDER BY d.num").fetchall()
        for num, doc_id, lemmas in rows:
            near = dict(conn.execute("SELECT local_id, near_date FROM mentions WHERE doc = ?"
                                     " AND near_date IS NOT NULL", (num,)).fetchall())
            items.append(Prepared(store.document(doc_id), lemmas, near))
    return items


def writer_ceiling(db: Path, work: Path) -> dict[str, Any]:
    """Documents/s of ``Store.add`` alone, and with the client's unpacking before it."""
    from letopis.dist.worker import pack, unpack
    from letopis.store.core import Store

    items = stored_items(db)
    packed = [pack(item) for item in items]
    out: dict[str, Any] = {"documents": len(items)}
    for name, prepare in (("store", None), ("unpack_and_store", unpack)):
        with Store.open(work / f"writer-{name}.db") as store:
            cpu, started = time.process_time(), time.perf_counter()
            for item, data in zip(items, packed, strict=True):
                store.add(item if prepare is None else prepare(data))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        out[name] = {"seconds": round(seconds, 3), "cpu_s": round(cpu, 3),
                     "docs_per_s": round(len(items) / seconds, 1),
                     "ms_per_doc": round(1000 * seconds / len(items), 2)}
        log(f"cluster: writer ({name}): {out[name]['docs_per_s']} docs/s")
    return out


def parquet_check(folder: Path, db: Path) -> dict[str, Any]:
    """Rows per Parquet table (DuckDB, else pyarrow) against the serial store's."""
    from letopis.dist.parquet import store_counts
    from letopis.store.core import Store

    with Store.open(db, readonly=True) as store:
        expected = store_counts(store)
    try:
        import duckdb

        reader = "DuckDB"
        with duckdb.connect() as con:
            found = {name: int(con.execute(
                f"SELECT count(*) FROM read_parquet('{folder / name}/*.parquet')").fetchone()[0])
                for name in PARQUET_TABLES}
    except ImportError:
        import pyarrow.dataset as ds

        reader = "pyarrow"
        found = {name: ds.dataset(folder / name, format="parquet").count_rows()
                 for name in PARQUET_TABLES}
    return {"reader": reader, "parquet": found, "store": expected, "ok": found == expected}


def markdown(data: dict[str, Any]) -> str:
    """The speed table, the writer ceiling, the Parquet check."""
    lines = [f"`letopis ingest DIR` with each engine, a fresh process and store per run, on "
             f"{data['texts']} ({data['chars']} characters); load average "
             f"{_load(data['load_start'])} at the start, {_load(data['load_end'])} at the end. "
             "Wall time includes start-up (imports, models, worker processes or cluster); "
             "steady = without the start-up of a one-file run.", ""]
    lines += speed_table(data["speed"], "engine", lambda r: f"`{r['name']}`")
    ratio = data.get("local2_over_local1")
    if ratio is not None:
        lines += ["", f"`--dask local:2` / `--dask local:1` (steady docs/s): {ratio:.2f}."]
    w = data["writer"]
    lines += ["", f"SQLite writer ceiling (analysis done; {w['documents']} documents, one "
              f"transaction each): {w['store']['docs_per_s']:.0f} docs/s "
              f"({w['store']['ms_per_doc']:.2f} ms each); with the client's unpacking of "
              f"each worker result: {w['unpack_and_store']['docs_per_s']:.0f} docs/s "
              f"({w['unpack_and_store']['ms_per_doc']:.2f} ms)."]
    p = data.get("parquet_check")
    if p:
        verdict = "same counts" if p["ok"] else "COUNTS DIFFER"
        cells = ", ".join(f"{k} {v}" for k, v in p["parquet"].items())
        lines += ["", f"Parquet output read back with {p['reader']} ({verdict} as the serial "
                  f"store): {cells}."]
    return "\n".join(lines) + "\n"


def _load(values: list[float] | None) -> str:
    return "?" if not values else ", ".join(f"{x:.2f}" for x in values)


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    pin_threads()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="documents (default 500)")
    parser.add_argument("--data", help="data folder (default: LETOPIS_DATA or ../shared/data)")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args(argv)
    if args.n < 2:
        parser.error("--n must be at least 2")
    source, docs = texts(args.n, args.data)
    result: dict[str, Any] = {"machine": machine(), "texts": source, "n": args.n,
                              "chars": sum(map(len, docs)),
                              "load_start": list(os.getloadavg())}
    with tempfile.TemporaryDirectory(prefix="letopis-cluster-") as tmp:
        work = Path(tmp)
        folder = work / "docs"
        write_folder(folder, docs)
        result["speed"] = speed(folder, work)
        by_name = {r["name"]: r for r in result["speed"]}
        one, two = by_name["--dask local:1"], by_name["--dask local:2"]
        if one["steady_docs_per_s"] and two["steady_docs_per_s"]:
            result["local2_over_local1"] = round(
                two["steady_docs_per_s"] / one["steady_docs_per_s"], 3)
        serial_db = Path(by_name["serial"]["output"])
        result["writer"] = writer_ceiling(serial_db, work)
        result["parquet_check"] = parquet_check(
            Path(by_name["--dask local:2 --out parquet"]["output"]), serial_db)
    for row in result["speed"]:
        row.pop("output")
    result["load_end"] = list(os.getloadavg())
    write_json(result, args.json)
    print(markdown(result), end="")


if __name__ == "__main__":
    main()

