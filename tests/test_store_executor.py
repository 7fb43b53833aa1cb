"""Executors: serial and process pools give every result, in any order."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from letopis.store.edtf import edtf_years
from letopis.store.executor import (
    THREAD_VARIABLES,
    Chunks,
    ProcessExecutor,
    SerialExecutor,
    can_fork,
    make_executor,
    pin_threads,
)

VALUES = ["1956", "193X", "1938/1953", "XXXX-05", "../1953", "1957-22"]


def test_serial_keeps_order() -> None:
    with SerialExecutor() as executor:
        assert list(executor.map_unordered(edtf_years, VALUES)) == [edtf_years(v) for v in VALUES]


def test_process_pool_gives_every_result() -> None:
    with ProcessExecutor(2) as executor:
        results = list(executor.map_unordered(edtf_years, VALUES * 3))
    expected = [edtf_years(v) for v in VALUES * 3]
    assert sorted(results, key=repr) == sorted(expected, key=repr)


def test_items_are_pulled_lazily() -> None:
    pulled: list[int] = []

    def items() -> Iterator[str]:
        for i in range(100):
            pulled.append(i)
            yield "1956"

    with ProcessExecutor(1) as executor:
        results = executor.map_unordered(edtf_years, items())
        assert next(results) == (1956, 1956)
        assert len(pulled) <= 3


def test_chunks_shrink_to_single_items_at_the_end() -> None:
    feed = Chunks(range(11), 3, ahead=4)
    chunks = []
    while not feed.done:
        chunks.append(feed.next())
    assert chunks == [[0, 1, 2], [3, 4, 5], [6], [7], [8], [9], [10]]
    assert Chunks([], 3).next() == []


def test_chunks_read_only_so_far_ahead() -> None:
    pulled: list[int] = []

    def items() -> Iterator[int]:
        for i in range(100):
            pulled.append(i)
            yield i

    feed = Chunks(items(), 4, ahead=8)
    assert feed.next() == [0, 1, 2, 3]
    assert len(pulled) == 12


def test_chunked_pool_gives_every_result() -> None:
    values = [f"{1900 + i}" for i in range(37)]
    with make_executor(2, chunk=4) as executor:
        assert isinstance(executor, ProcessExecutor) and executor.chunk == 4
        results = list(executor.map_unordered(edtf_years, values))
    assert sorted(results) == [edtf_years(v) for v in values]


def test_make_executor_and_pinning() -> None:
    assert type(make_executor(1)) is SerialExecutor
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    try:
        pin_threads()
        assert all(os.environ[name] == "1" for name in THREAD_VARIABLES)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


LOADED: list[str] = []


def _load() -> None:
    LOADED.append("models")


def _loaded(_: int) -> tuple[int, list[str]]:
    return os.getpid(), list(LOADED)


@pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")
def test_preload_runs_once_here_and_forked_workers_share_it() -> None:
    LOADED.clear()
    with ProcessExecutor(2, preload=_load) as executor:
        assert executor.fork
        results = list(executor.map_unordered(_loaded, range(8)))
    assert LOADED == ["models"]  # loaded once, in this process
    assert all(state == ["models"] for _, state in results)  # the workers have it
    assert os.getpid() not in {pid for pid, _ in results}


def _frozen(_: int) -> int:
    import gc

    return gc.get_freeze_count()


@pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")
def test_what_preload_loads_is_frozen_out_of_the_collector_until_close() -> None:
    import gc

    before = gc.get_freeze_count()
    with ProcessExecutor(2, preload=_load) as executor:
        assert gc.get_freeze_count() > before
        counts = list(executor.map_unordered(_frozen, range(4)))
    assert all(count > 0 for count in counts)  # the forked workers inherit it
    assert gc.get_freeze_count() == 0  # given back on close


def test_a_serial_executor_preloads_and_freezes_too() -> None:
    import gc

    from letopis.store.executor import make_executor

    LOADED.clear()
    with make_executor(1, preload=_load) as executor:
        assert LOADED == ["models"] and gc.get_freeze_count() > 0
        assert list(executor.map_unordered(_frozen, range(2))) == [gc.get_freeze_count()] * 2
    assert gc.get_freeze_count() == 0


def test_without_preload_workers_are_spawned() -> None:
    LOADED.clear()
    with ProcessExecutor(1) as executor:
        assert not executor.fork
        results = list(executor.map_unordered(_loaded, range(2)))
    assert all(state == [] for _, state in results)  # a fresh interpreter
