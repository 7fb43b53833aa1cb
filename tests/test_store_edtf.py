"""EDTF values to year ranges for date filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from letopis.doc import DateValue, Document, check_spans
from letopis.store.core import Store
from letopis.store.edtf import OPEN_HI, OPEN_LO, edtf_years, finite_span, stored_years


@pytest.mark.parametrize(("value", "years"), [
    ("1956", (1956, 1956)),
    ("0988", (988, 988)),
    ("1956-06", (1956, 1956)),
    ("1956-06-30", (1956, 1956)),
    ("1956-21", (1956, 1956)),
    ("1958-33", (1958, 1958)),
    ("1959-40", (1959, 1959)),
    ("193X", (1930, 1939)),
    ("19XX", (1900, 1999)),
    ("189X~", (1890, 1899)),
    ("1920~", (1920, 1920)),
    ("1956-03?", (1956, 1956)),
    ("1938/1953", (1938, 1953)),
    ("1956-08-05/1956-08-21", (1956, 1956)),
    ("1880~/1920~", (1880, 1920)),
    ("1957~/1959~", (1957, 1959)),
    ("1938/..", (1938, OPEN_HI)),
    ("../1953", (OPEN_LO, 1953)),
    ("../1959~", (OPEN_LO, 1959)),
    ("-0044", (-44, -44)),
    ("Y-12000", (-12000, -12000)),
    ("XXXX-08-05", None),
    ("XXXX-09", None),
    ("1953/1938", None),
    ("весна", None),
    ("", None),
])
def test_edtf_years(value: str, years: tuple[int, int] | None) -> None:
    assert edtf_years(value) == years


@pytest.mark.parametrize(("value", "stored"), [
    ("1956", (1956, 1956)),
    ("1938/..", (1938, None)),
    ("../1953", (None, 1953)),
    ("../..", None),
    ("XXXX-05", None),
])
def test_stored_years_keep_no_sentinel(value: str, stored: tuple | None) -> None:
    assert stored_years(value) == stored


def test_finite_span() -> None:
    assert finite_span(["../1953", "1938/..", "1960", "XXXX-05"]) == (1938, 1960)
    assert finite_span(["XXXX-05"]) == (None, None)


def open_ended_store(path: Path) -> Store:
    store = Store.open(path)
    doc = Document("С 1938 года он служил в Москве, а в 1956 году вернулся в Киев.")
    first = doc.add_mention(2, 11, "DATE")
    second = doc.add_mention(36, 45, "DATE")
    doc.dates = [DateValue(first.id, "1938/.."), DateValue(second.id, "1956")]
    check_spans(doc)
    assert store.add(doc)
    return store


def test_a_store_keeps_open_ends_as_null(tmp_path: Path) -> None:
    with open_ended_store(tmp_path / "s.db") as store:
        rows = sorted(store.conn.execute("SELECT edtf, lo, hi FROM dates").fetchall())
        span = store.conn.execute("SELECT date_lo, date_hi FROM documents").fetchone()
    assert rows == [("1938/..", 1938, None), ("1956", 1956, 1956)]
    assert span == (1938, 1956)


def test_a_store_written_with_sentinels_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_ended_store(path) as store, store.conn:  # as a store written before
        store.conn.execute("UPDATE dates SET hi = ? WHERE hi IS NULL", (OPEN_HI,))
        store.conn.execute("UPDATE documents SET date_hi = ?", (OPEN_HI,))
        store.conn.execute("DELETE FROM meta WHERE key = 'open_ends'")
    with Store.open(path, readonly=True) as store:  # read-only: left as it is, read right
        assert store.conn.execute("SELECT max(hi) FROM dates").fetchone()[0] == OPEN_HI
    with Store.open(path) as store:
        assert store.conn.execute("SELECT max(hi) FROM dates").fetchone()[0] == 1956
        assert store.conn.execute("SELECT count(*) FROM dates WHERE hi IS NULL"
                                  ).fetchone()[0] == 1
        assert store.conn.execute("SELECT date_lo, date_hi FROM documents").fetchone() == (
            1938, 1956)
