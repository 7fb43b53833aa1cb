"""The Dask engine's parts that need no cluster: the time limit, JSON Lines, addresses."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from letopis.dist.cluster import ClusterError, local_workers
from letopis.dist.inputs import count_inputs, read_inputs
from letopis.dist.worker import EXIT_STUCK, load_models, run_batch, unpack
from letopis.store.ingest import Failure, Job, Prepared, analyze_job

pytest.importorskip("distributed")


def spin(job: Job) -> Prepared | Failure:
    """Hang in Python code on a text that says so; analyze any other."""
    if job.text == "hang":
        while True:
            time.sleep(0.001)
    return analyze_job(job)


def test_a_document_past_the_time_limit_fails_and_the_batch_goes_on() -> None:
    load_models("fast")  # what the worker plugin does before the first task
    jobs = [Job("a.txt", "hang"), Job("b.txt", "Иван Петров приехал в Москву.")]
    started = time.monotonic()
    packed = run_batch(spin, jobs, limit=0.5)
    assert time.monotonic() - started < 10
    first, second = (unpack(p) for p in packed)
    assert isinstance(first, Failure)
    assert first.message == ("a.txt: analysis ran past the per-document time limit (0.5 s);"
                             " not stored")
    assert isinstance(second, Prepared) and second.doc.mentions


def test_a_worker_stuck_in_c_code_ends_itself() -> None:
    code = ("import time\n"
            "from letopis.dist.worker import Watchdog\n"
            "from letopis.store.ingest import Job\n"
            "Watchdog(0.3, grace=0.3).run(lambda job: time.sleep(60), Job('x', 'x'))\n")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == EXIT_STUCK, done.stderr
    assert time.monotonic() - started < 30


def test_json_lines_are_documents(tmp_path: Path) -> None:
    data = tmp_path / "records.jsonl"
    lines = [json.dumps({"text": "Первый текст.", "source": "one"}, ensure_ascii=False),
             "", "{not json", json.dumps({"title": "no text"}),
             json.dumps({"text": "Второй текст."}, ensure_ascii=False),
             json.dumps({"text": "Первый текст.", "source": "again"}, ensure_ascii=False)]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text("Второй текст.", encoding="utf-8")
    skipped: list[str] = []
    failed: list[Failure] = []
    jobs = list(read_inputs([str(data), str(plain)], [str(data), str(plain)],
                            lambda doc_id: False, skipped.append, failed.append, None))
    assert [j.text for j in jobs] == ["Первый текст.", "Второй текст."]
    assert jobs[0].name == "one"
    assert jobs[1].name is not None and jobs[1].name.endswith("records.jsonl:5")
    assert [f.source.rsplit(":", 1)[1] for f in failed] == ["3", "4"]
    assert len(skipped) == 2  # the repeated record and the file with the same text
    assert count_inputs([str(data), str(plain)]) == 6


def test_addresses() -> None:
    assert local_workers("local:3") == 3
    assert local_workers("local") is not None and local_workers("local")
    assert local_workers("tcp://127.0.0.1:8786") is None
    for bad in ("local:0", "local:x", "127.0.0.1:8786"):
        with pytest.raises(ClusterError):
            local_workers(bad)


def test_ingest_reads_json_lines_without_dask_too(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from letopis.cli.ingest import app
    from letopis.store import Store

    data = tmp_path / "records.jsonl"
    data.write_text("\n".join(json.dumps({"text": text, "source": f"r{i}"}, ensure_ascii=False)
                              for i, text in enumerate(["Иван Петров приехал в Москву.",
                                                        "Пётр Сидоров уехал в Киев."]))
                    + "\n[1, 2]\n", encoding="utf-8")
    db = tmp_path / "x.db"
    result = CliRunner().invoke(app, [str(data), "--db", str(db)])
    assert result.exit_code == 2
    assert "records.jsonl:3: not an object with a text" in result.stderr
    assert "2 added, 0 already stored, 1 failed" in result.stderr
    with Store.open(db, readonly=True) as store:
        _, docs = store.documents()
        assert sorted(d.source or "" for d in docs) == ["r0", "r1"]


def test_batches_hold_a_bounded_number_of_documents_and_characters() -> None:
    from letopis.dist.cluster import batched

    jobs = [Job(f"{i}", "x" * n) for i, n in enumerate([10, 10, 10, 50, 10, 100, 10])]
    sizes = [[len(j.text) for j in b] for b in batched(jobs, 3, chars=60)]
    assert sizes == [[10, 10, 10], [50, 10], [100], [10]]
    assert [len(b) for b in batched(jobs[:5], 2)] == [2, 2, 1]
