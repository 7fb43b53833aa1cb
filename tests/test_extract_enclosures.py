"""geo.Enclosures answers "is [start, end) inside one of the intervals?" as a scan would."""

from hypothesis import given, settings
from hypothesis import strategies as st

from letopis.extract.geo import Enclosures

interval = st.tuples(st.integers(0, 30), st.integers(1, 8)).map(lambda p: (p[0], p[0] + p[1]))
spans = st.lists(interval, max_size=8)


def test_nested_and_disjoint():
    index = Enclosures([(10, 20), (0, 5), (12, 14)])
    assert index.encloses(0, 5) and index.encloses(11, 20) and index.encloses(12, 13)
    assert not index.encloses(4, 6) and not index.encloses(19, 21) and not index.encloses(25, 26)
    assert not Enclosures([]).encloses(0, 1)


@settings(max_examples=300, deadline=None)
@given(spans, st.integers(0, 35), st.integers(1, 6))
def test_same_answer_as_a_scan(intervals, start, length):
    end = start + length
    expected = any(s <= start and end <= e for s, e in intervals)
    assert Enclosures(intervals).encloses(start, end) == expected
