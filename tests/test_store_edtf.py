"""EDTF values to year ranges for date filters."""

from __future__ import annotations

import pytest

from letopis.store.edtf import OPEN_HI, OPEN_LO, edtf_years


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
