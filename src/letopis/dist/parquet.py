"""Parquet output: workers write partitioned tables themselves; ``load`` builds a store.

Layout of ``DIR`` (the schema is in docs/store.md, "Parquet output"):

    DIR/letopis-parquet.json          {"format": "letopis.parquet/1", "tables": [...]}
    DIR/<table>/part-<key>.parquet    one file per table per batch, for every table

``<key>`` depends only on the texts of the batch. A worker writes a batch's seven files
under temporary names and renames each into place, ``documents`` last: a batch is
complete exactly when its ``documents`` part exists. A rerun of the same batch (its worker
died) replaces the files with the same content. Parts of other tables without a
``documents`` part (a worker killed between renames) are ignored by ``load`` and removed
when the next run starts; readers that glob ``DIR/<table>/*.parquet`` during a run may
see them.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from letopis.doc import Document, Relation, document_to_dict
from letopis.errors import LetopisError
from letopis.read.batch import one_line
from letopis.store.core import Store
from letopis.store.edtf import finite_span, stored_years
from letopis.store.errors import StorageError
from letopis.store.executor import WorkerError
from letopis.store.ingest import (
    ADDED,
    FAILED,
    SKIPPED,
    Failure,
    Job,
    Report,
    Summary,
    _store,
)
from letopis.store.prepare import Prepared
from letopis.store.write import entity_id

FORMAT = "letopis.parquet/1"
MARKER = "letopis-parquet.json"
TABLES = ("mentions", "entities", "dates", "quotes", "claims", "relations", "documents")
PART_PREFIX = "part-"
PART_SUFFIX = ".parquet"

Packed = dict[str, Any]


class ParquetError(LetopisError):
    """The folder is not a letopis Parquet output, or cannot be written."""


def _columns(name: str) -> list[tuple[str, str]]:
    """(column, type) of a table; types are ``str``, ``int``, ``float``, ``bool``, ``list``."""
    span = [("start", "int"), ("end", "int"), ("text", "str")]
    tables: dict[str, list[tuple[str, str]]] = {
        "documents": [("id", "str"), ("source", "str"), ("text", "str"), ("chars", "int"),
                      ("n_mentions", "int"), ("date_lo", "int"), ("date_hi", "int"),
                      ("lemmas", "str"), ("data", "str")],
        "mentions": [("doc", "str"), ("id", "str"), *span, ("label", "str"),
                     ("entity", "str"), ("entity_id", "str"), ("near_date", "str")],
        "entities": [("doc", "str"), ("id", "str"), ("label", "str"), ("name", "str"),
                     ("entity_id", "str"), ("aliases", "list"), ("mentions", "list"),
                     ("n_mentions", "int"), ("wikidata", "str")],
        "dates": [("doc", "str"), ("mention", "str"), ("edtf", "str"), ("lo", "int"),
                  ("hi", "int"), ("calendar", "str"), ("original", "str"),
                  ("inferred", "str")],
        "quotes": [("doc", "str"), ("id", "str"), *span, ("kind", "str"), ("speaker", "str"),
                   ("speaker_entity", "str"), ("cue_start", "int"), ("cue_end", "int")],
        "claims": [("doc", "str"), ("id", "str"), *span, ("holder", "str"),
                   ("source", "str"), ("holder_entity", "str"), ("source_entity", "str"),
                   ("cue_start", "int"), ("cue_end", "int")],
        "relations": [("doc", "str"), *relation_columns(), *RELATION_SIDES],
    }
    return tables[name]


# Derived relation columns: the corpus entity of each side's mention (null outside one).
RELATION_SIDES = [("head_entity", "str"), ("tail_entity", "str")]


def relation_columns() -> list[tuple[str, str]]:
    """The fields of ``letopis.doc.Relation``, whatever they are now, as columns.

    Field types map to Parquet types (``int``, ``float``, ``bool``, ``str``, optional or
    not); a field of another type is written as its JSON text.
    """
    columns = []
    for f in dataclasses.fields(Relation):
        kind = str(f.type).replace(" ", "").replace("|None", "").replace("None|", "")
        columns.append((f.name, kind if kind in ("int", "float", "bool", "str") else "json"))
    derived = {name for name, _ in RELATION_SIDES}
    return [c for c in columns if c[0] not in derived]


def schema(name: str) -> Any:
    """The pyarrow schema of a table."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "bool": pa.bool_(), "list": pa.list_(pa.string()), "json": pa.string()}
    return pa.schema([(column, types[kind]) for column, kind in _columns(name)])


def document_rows(item: Prepared) -> dict[str, list[dict[str, Any]]]:
    """The rows of one document in every table (UnicodeEncodeError for text that UTF-8
    cannot hold, such as lone surrogates)."""
    doc = item.doc
    data = document_to_dict(doc)
    text = json.dumps(data, ensure_ascii=False)
    text.encode("utf-8")
    num = doc.id
    corpus = {e["id"]: entity_id(e["label"], e["name"]) for e in data["entities"]}
    counts: dict[str, int] = {}
    for m in data["mentions"]:
        if m["entity"] is not None:
            counts[m["entity"]] = counts.get(m["entity"], 0) + 1
    first, last = finite_span([d["edtf"] for d in data["dates"]])
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["documents"].append({
        "id": doc.id, "source": doc.source, "text": doc.text, "chars": len(doc.text),
        "n_mentions": len(data["mentions"]), "date_lo": first,
        "date_hi": last, "lemmas": item.lemmas,
        "data": text,
    })
    for m in data["mentions"]:
        rows["mentions"].append({**_pick(m, "id", "start", "end", "text", "label", "entity"),
                                 "doc": num, "entity_id": corpus.get(m["entity"] or ""),
                                 "near_date": item.near_dates.get(m["id"])})
    for e in data["entities"]:
        rows["entities"].append({**_pick(e, "id", "label", "name", "wikidata"), "doc": num,
                                 "entity_id": corpus[e["id"]],
                                 "aliases": list(e.get("aliases") or []),
                                 "mentions": list(e.get("mentions") or []),
                                 "n_mentions": counts.get(e["id"], 0)})
    for d in data["dates"]:
        lo, hi = stored_years(d["edtf"]) or (None, None)
        rows["dates"].append({**_pick(d, "mention", "edtf", "calendar", "original"),
                              "inferred": _text(d.get("inferred")), "doc": num,
                              "lo": lo, "hi": hi})
    for q in data["quotes"]:
        rows["quotes"].append({**_pick(q, "id", "start", "end", "text", "kind", "speaker"),
                               "doc": num, "speaker_entity": corpus.get(q["speaker"] or ""),
                               **_cue(q.get("cue"))})
    for c in data["claims"]:
        rows["claims"].append({**_pick(c, "id", "start", "end", "text", "holder", "source"),
                               "doc": num, "holder_entity": corpus.get(c["holder"] or ""),
                               "source_entity": corpus.get(c["source"] or ""),
                               **_cue(c.get("cue"))})
    kinds = dict(relation_columns())
    entity_of = {m["id"]: corpus.get(m["entity"] or "") for m in data["mentions"]}
    for r in data.get("relations", []):
        row: dict[str, Any] = {"doc": num}
        for column, kind in kinds.items():
            value = r.get(column)
            row[column] = json.dumps(value, ensure_ascii=False) if kind == "json" else value
        row["head_entity"] = entity_of.get(r.get("head") or "")
        row["tail_entity"] = entity_of.get(r.get("tail") or "")
        rows["relations"].append(row)
    return rows


def _pick(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: data.get(k) for k in keys}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _cue(cue: dict[str, int] | None) -> dict[str, int | None]:
    return {"cue_start": None if cue is None else cue["start"],
            "cue_end": None if cue is None else cue["end"]}


def part_path(root: str | os.PathLike[str], table: str, key: str) -> Path:
    """Where the part ``key`` of ``table`` lives."""
    return Path(root) / table / f"{PART_PREFIX}{key}{PART_SUFFIX}"


class ParquetSink:
    """Writes batches into ``root`` (runs on the workers; picklable: only a path)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = os.path.abspath(os.fspath(root))

    def write(self, key: str, results: Sequence[Prepared | Failure]) -> list[Packed]:
        """Write the batch ``key``; one record per document for the client."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        from letopis.dist.worker import pack

        tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        records: list[Packed] = []
        for result in results:
            if isinstance(result, Failure):
                records.append(pack(result))
                continue
            source = result.doc.source or result.doc.id
            try:
                rows = document_rows(result)
            except (UnicodeEncodeError, ValueError, TypeError) as error:
                records.append(pack(Failure(source, one_line(
                    f"{source}: cannot write Parquet: {error}"))))
                continue
            for name, found in rows.items():
                tables[name].extend(found)
            records.append({"written": result.doc.id, "source": source})
        for name in TABLES:  # documents last: its part says the batch is whole
            target = part_path(self.root, name, key)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            pq.write_table(pa.Table.from_pylist(tables[name], schema=schema(name)), temporary)
            os.replace(temporary, target)
        return records

    def recover(self, key: str) -> list[Any] | None:
        """The Written records of batch ``key`` if it was written whole, else None."""
        import pyarrow.parquet as pq

        from letopis.dist.cluster import Written

        path = part_path(self.root, "documents", key)
        if not path.is_file():
            return None
        table = pq.read_table(path, columns=["id", "source"]).to_pylist()
        return [Written(row["source"] or row["id"], row["id"]) for row in table]


def prepare_output(root: str | os.PathLike[str]) -> None:
    """Create (or check) an output folder and remove what unfinished batches left."""
    folder = Path(root)
    marker = folder / MARKER
    try:
        if marker.is_file():
            _check_marker(folder)
        else:
            if folder.is_dir() and any(folder.iterdir()):
                raise ParquetError(f"{root}: not empty and not a letopis Parquet output "
                                   f"(no {MARKER})")
            folder.mkdir(parents=True, exist_ok=True)
            marker.write_text(json.dumps({"format": FORMAT, "tables": sorted(TABLES)}) + "\n",
                              encoding="utf-8")
        for name in TABLES:
            (folder / name).mkdir(exist_ok=True)
    except OSError as error:
        raise ParquetError(f"{root}: cannot write: {error.strerror or error}") from None
    remove_unfinished(folder)


def _check_marker(folder: Path) -> None:
    try:
        found = json.loads((folder / MARKER).read_text(encoding="utf-8")).get("format")
    except (OSError, ValueError, AttributeError):
        found = None
    if found != FORMAT:
        raise ParquetError(f"{folder}: not a {FORMAT} output (its {MARKER} says {found!r})")


def _keys(folder: Path, table: str) -> dict[str, Path]:
    found = {}
    for path in (folder / table).glob(f"{PART_PREFIX}*{PART_SUFFIX}"):
        found[path.name[len(PART_PREFIX):-len(PART_SUFFIX)]] = path
    return found


def remove_unfinished(folder: Path) -> None:
    """Delete temporary files and parts of batches whose ``documents`` part is missing."""
    whole = set(_keys(folder, "documents"))
    for name in TABLES:
        for path in (folder / name).glob(".*.tmp"):
            path.unlink(missing_ok=True)
        for key, path in _keys(folder, name).items():
            if key not in whole:
                path.unlink(missing_ok=True)


def stored_ids(root: str | os.PathLike[str]) -> set[str]:
    """The ids of the documents already in the output."""
    import pyarrow.parquet as pq

    ids: set[str] = set()
    for path in _keys(Path(root), "documents").values():
        ids.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
    return ids


def document_count(root: str | os.PathLike[str]) -> int:
    """How many documents a Parquet output holds (ParquetError if it is not one)."""
    import pyarrow.parquet as pq

    folder = Path(root)
    if not (folder / MARKER).is_file():
        raise ParquetError(f"{root}: not a letopis Parquet output (no {MARKER})")
    _check_marker(folder)
    return sum(pq.ParquetFile(p).metadata.num_rows for p in _keys(folder, "documents").values())


def store_counts(store: Store) -> dict[str, int]:
    """Rows of a SQLite store under the Parquet tables' names (what an output of the same
    documents holds): ``entities`` are document entities (``doc_entities``); relations
    from the ``relations`` table where the store has one, else from the documents."""
    conn = store.conn
    tables = {"documents": "documents", "mentions": "mentions", "entities": "doc_entities",
              "dates": "dates", "quotes": "quotes", "claims": "claims"}
    found = {name: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
             for name, table in tables.items()}
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'relations'").fetchone():
        found["relations"] = int(conn.execute("SELECT count(*) FROM relations").fetchone()[0])
    else:
        found["relations"] = sum(len(json.loads(data).get("relations", []))
                                 for (data,) in conn.execute("SELECT data FROM documents"))
    return found


def ingest_parquet(
    root: str | os.PathLike[str], paths: Iterable[str | os.PathLike[str]], executor: Any,
    report: Report | None = None, roots: Iterable[str | os.PathLike[str]] | None = None,
    meta: Any = None,
    analyze: Callable[[Job], Prepared | Failure] | None = None,
) -> Summary:
    """Analyze every input on ``executor`` (a DaskExecutor) into Parquet under ``root``.

    Documents already in ``root`` (same text) are not sent; a re-run after a kill goes on
    where the last one stopped. The client writes nothing but the marker file.
    """
    from letopis.dist.cluster import Written
    from letopis.dist.inputs import read_inputs
    from letopis.store.ingest import analyze_job

    summary = Summary()
    tell: Report = report or (lambda outcome, source, message: None)

    def fail(failure: Failure) -> None:
        summary.failures.append(failure)
        tell(FAILED, failure.source, failure.message)

    def skip(source: str) -> None:
        summary.skipped += 1
        tell(SKIPPED, source, None)

    prepare_output(root)
    known = stored_ids(root)
    files = [os.fspath(p) for p in paths]
    given = files if roots is None else [os.fspath(p) for p in roots]
    jobs = read_inputs(files, given, known.__contains__, skip, fail, meta)
    try:
        for result in executor.run(analyze or analyze_job, jobs, sink=ParquetSink(root)):
            if isinstance(result, Failure):
                fail(result)
            elif isinstance(result, Written):
                summary.added += 1
                tell(ADDED, result.source, None)
    except WorkerError as error:  # the cluster is gone: what was written stays
        summary.stopped = one_line(str(error))
    return summary


def load(
    root: str | os.PathLike[str], store: Store, report: Report | None = None,
) -> Summary:
    """Add every document of a Parquet output to ``store`` through the store's own write
    path (``Store.add``: one transaction each, stored ids skipped)."""
    import pyarrow.parquet as pq

    folder = Path(root)
    document_count(folder)
    summary = Summary()
    tell: Report = report or (lambda outcome, source, message: None)

    def fail(failure: Failure) -> None:
        summary.failures.append(failure)
        tell(FAILED, failure.source, failure.message)

    try:
        for key, path in sorted(_keys(folder, "documents").items()):
            for item in _prepared(pq.read_table(path).to_pylist(),
                                  part_path(folder, "mentions", key), fail):
                _store(store, item, summary, tell, fail)
    except StorageError as error:
        summary.stopped = one_line(str(error))
    return summary


def _prepared(
    documents: list[dict[str, Any]], mentions: Path, fail: Callable[[Failure], None],
) -> Iterator[Prepared]:
    import pyarrow.parquet as pq

    near: dict[str, dict[str, str]] = {}
    if mentions.is_file():
        for row in pq.read_table(mentions, columns=["doc", "id", "near_date"]).to_pylist():
            if row["near_date"] is not None:
                near.setdefault(row["doc"], {})[row["id"]] = row["near_date"]
    for row in documents:
        source = row["source"] or row["id"]
        try:
            doc = Document.from_dict(json.loads(row["data"]))
        except (ValueError, LetopisError) as error:
            fail(Failure(source, one_line(f"{source}: cannot read its Parquet row: {error}")))
            continue
        yield Prepared(doc, row["lemmas"] or "", near.get(row["id"], {}))
