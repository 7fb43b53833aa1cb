"""Inputs of a distributed ingest: files as ``letopis ingest`` reads them, and JSON Lines.

A ``.jsonl`` file named on the command line holds one document per line: a JSON object
with ``text`` (a string) and optionally ``source`` (its stored name; default
``FILE:LINE``). Each line is a Job of its own, so a big JSONL file is spread over the
cluster like a folder of files. A line that is not such an object is a failure of that
line only. Other paths are read by ``letopis.store.ingest.read_jobs``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator

from letopis.doc import Meta, text_id
from letopis.read.batch import one_line
from letopis.read.formats import iter_input_paths
from letopis.read.meta import relative_source
from letopis.read.walk import display_name
from letopis.store.ingest import Failure, Job, read_jobs

JSONL_SUFFIX = ".jsonl"


def is_jsonl(path: str) -> bool:
    """Whether ``path`` is a JSON Lines file to read record by record."""
    return path.lower().endswith(JSONL_SUFFIX) and os.path.isfile(path)


def read_inputs(
    files: list[str], given: list[str], known: Callable[[str], bool],
    skip: Callable[[str], None], fail: Callable[[Failure], None], meta: Meta | None,
) -> Iterator[Job]:
    """Jobs of ``files`` (``letopis.store.ingest.JobReader``): JSONL records and files."""
    seen: set[str] = set()

    def fresh(doc_id: str) -> bool:
        return doc_id not in seen and not known(doc_id)

    for path in files:
        if not is_jsonl(path):
            for job in read_jobs([path], given, lambda doc_id: not fresh(doc_id), skip, fail,
                                 meta):
                seen.add(text_id(job.text))
                yield job
            continue
        for job in jsonl_jobs(path, given, fail, meta):
            doc_id = text_id(job.text)
            if not fresh(doc_id):
                skip(job.source)
                continue
            seen.add(doc_id)
            yield job

def jsonl_jobs(
    path: str, given: list[str], fail: Callable[[Failure], None], meta: Meta | None,
) -> Iterator[Job]:
    """One Job per line of a JSON Lines file (blank lines skipped)."""
    name = display_name(relative_source(path, given))
    where = display_name(path)
    try:  # read line by line: no size limit
        handle = open(path, encoding="utf-8", errors="surrogateescape", newline="\n")  # noqa: SIM115
    except OSError as error:
        fail(Failure(where, one_line(f"{where}: {error.strerror or error}")))
        return
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                record = error
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                why = record if isinstance(record, ValueError) else "not an object with a text"
                fail(Failure(f"{where}:{number}", one_line(f"{where}:{number}: {why}")))
                continue
            source = record.get("source")
            stored = source if isinstance(source, str) and source else f"{name}:{number}"
            yield Job(f"{where}:{number}", record["text"], meta, stored)


def count_inputs(paths: list[str]) -> int:
    """How many documents ``read_inputs`` will consider (for a progress bar)."""
    total = 0
    for path in paths:
        if is_jsonl(path):
            try:
                with open(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += sum(1 for _ in iter_input_paths([path]))
    return total
