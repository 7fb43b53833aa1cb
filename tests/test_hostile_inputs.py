"""The hostile-input suite: every kind in ``hostile_inputs.CASES`` through the real
commands, as subprocesses, with the exit code, the error lines, time, peak RSS, the
offset invariant and the store's wholeness asserted.

To stay quick, the light kinds share one ``letopis ingest`` run (all of them) and one
``letopis analyze`` run (the .txt ones); each heavy kind (floods, a huge line) gets a
``letopis analyze`` run of its own, so its time and peak RSS are its own.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from hostile_inputs import CASES, OK, Case, build_all
from letopis.doc import Document, check_spans
from letopis.read.walk import display_name
from letopis.store import Store
from test_faults import check_whole

BATCH_SECONDS = 120  # one run over every light kind
HEAVY_SECONDS = 60  # one heavy kind alone (about 3-6 s on a loaded 2-core machine)
RSS_MIB = 900  # peak RSS of any run (the quote flood alone reached 2.4 GB before)
LIGHT = [c for c in CASES if not c.heavy]
HEAVY = [c for c in CASES if c.heavy]


@dataclass
class Run:
    """A finished command: exit code, output, wall seconds, its own peak RSS (MiB)."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    rss_mib: float

    def errors(self) -> list[str]:
        """The error lines on standard error."""
        return [x for x in self.stderr.splitlines() if x.startswith("letopis: error: ")]


# Runs ``python -m ARGS`` in a fresh child and writes that child's peak RSS (KiB) to the
# file named first. A child forked straight from pytest would count pytest's own memory
# (Linux carries the parent's high-water mark into a forked child's ru_maxrss); forked
# from this small shim, it counts its own.
SHIM = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(args: list[str], folder: Path, timeout: float) -> Run:
    """Run ``python -m <args>``; its exit code, output, time and own peak RSS."""
    out, err, rss = folder / "stdout", folder / "stderr", folder / "rss"
    env = {k: v for k, v in os.environ.items() if k != "LETOPIS_PROGRESS"}
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", SHIM, str(rss), *args],
                                   stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                                   env=env, start_new_session=True)
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise AssertionError(f"{args} ran past {timeout} s") from None
        seconds = time.perf_counter() - started
    run = Run(code, out.read_text("utf-8"), err.read_text("utf-8"), seconds,
              int(rss.read_text()) / 1024)
    assert "Traceback" not in run.stderr, run.stderr
    assert all(line.startswith("letopis: ") for line in run.stderr.splitlines()), run.stderr
    assert run.rss_mib < RSS_MIB, f"{args}: peak RSS {run.rss_mib:.0f} MiB"
    return run


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "inputs"
    build_all(folder)
    return folder


@pytest.fixture(scope="module")
def ingested(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    """One ``letopis ingest`` over every light kind (the heavy ones moved aside)."""
    work = tmp_path_factory.mktemp("ingest")
    light = work / "light"
    light.mkdir()
    for case in LIGHT:
        for path in inputs.iterdir():
            if path.name == case.name or (case.kind == "symlink loop"
                                          and path.name.startswith("loop-")):
                target = light / path.name
                if path.is_symlink():
                    os.symlink(os.readlink(path), target)
                else:
                    os.link(path, target)
    db = work / "store.db"
    run = run_measured(["letopis.cli.ingest", str(light), "--db", str(db)], work, BATCH_SECONDS)
    return run, db


@pytest.fixture(scope="module")
def analyzed(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, dict]:
    """One ``letopis analyze`` of every light .txt kind, JSON Lines out."""
    work = tmp_path_factory.mktemp("analyze")
    out = work / "out.jsonl"
    paths = [str(inputs / c.name) for c in LIGHT if c.analyze]
    run = run_measured(["letopis.cli.main", "analyze", *paths, "-f", "jsonl", "-o", str(out)],
                       work, BATCH_SECONDS)
    docs = {}
    for line in out.read_text("utf-8").splitlines():
        doc = Document.from_dict(json.loads(line))
        docs[doc.source] = doc
    return run, docs


def _error_line(run: Run, name: str) -> list[str]:
    """The error lines about ``name`` (matched on the part after its last line break,
    since terminal escapes before it may be dropped from the line)."""
    tail = re.escape(display_name(name).rsplit("\n", 1)[-1])
    pattern = re.compile(rf"(?:^letopis: error: |/|\\n){tail}: ")
    return [x for x in run.errors() if pattern.search(x)]


def _check_outcome(case: Case, lines: list[str], doc: Document | None) -> None:
    if case.expect == OK:
        assert lines == [], lines
        assert doc is not None, f"{case.kind}: not in the output"
        check_spans(doc)
        if case.text is not None:
            assert doc.text == case.text
    else:
        assert len(lines) == 1, lines
        assert case.expect in lines[0]
        assert doc is None, f"{case.kind}: stored although it failed"


def test_ingest_run_is_bounded_and_the_store_whole(ingested: tuple[Run, Path]) -> None:
    run, db = ingested
    assert run.code == 2  # some inputs fail, the others are stored
    failing = sum(1 for c in LIGHT if c.expect != OK) + 1  # loop-b.txt fails too
    assert len(run.errors()) == failing
    stored = check_whole(db)
    # The empty and the BOM-only file are one text: the second is "already stored".
    assert stored == sum(1 for c in LIGHT if c.expect == OK) - 1


def test_analyze_run_is_bounded(analyzed: tuple[Run, dict]) -> None:
    run, docs = analyzed
    assert run.code == 2
    assert len(docs) == sum(1 for c in LIGHT if c.analyze and c.expect == OK)


@pytest.mark.parametrize("case", LIGHT, ids=[c.kind for c in LIGHT])
def test_ingest(case: Case, ingested: tuple[Run, Path]) -> None:
    run, db = ingested
    with Store.open(db, readonly=True) as store:
        _, items = store.documents(limit=500)
        found = [store.document(i.id) for i in items
                 if (i.source or "").endswith(display_name(case.name))]
    assert len(found) <= 1
    lines = _error_line(run, case.name)
    if case.text == "" and not found:  # an empty text already stored from another file
        assert lines == [] and "1 already stored" in run.stderr
        return
    _check_outcome(case, lines, found[0] if found else None)


@pytest.mark.parametrize("case", [c for c in LIGHT if c.analyze],
                         ids=[c.kind for c in LIGHT if c.analyze])
def test_analyze(case: Case, inputs: Path, analyzed: tuple[Run, dict]) -> None:
    run, docs = analyzed
    doc = docs.get(str(inputs / case.name))
    _check_outcome(case, _error_line(run, case.name), doc)


@pytest.mark.parametrize("case", HEAVY, ids=[c.kind for c in HEAVY])
def test_heavy_input_alone(case: Case, inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    run = run_measured(["letopis.cli.main", "analyze", str(inputs / case.name), "-f", "json",
                        "-o", str(out)], tmp_path, HEAVY_SECONDS)
    assert run.code == 0 and run.errors() == []
    doc = Document.from_dict(json.loads(out.read_text("utf-8")))
    check_spans(doc)
    assert len(doc.text) == len((inputs / case.name).read_text("utf-8"))
