"""Longest-match lookup: the first-word index changes nothing but the speed."""

from hypothesis import given, settings
from hypothesis import strategies as st

from letopis.extract.gazetteer import key_starts, longest_matches

WORDS = ["а", "б", "в", "а б", "б в", "г"]
lemmas = st.lists(st.sampled_from(WORDS), max_size=12)
keys = st.sets(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join),
               max_size=6)


def test_key_starts():
    assert key_starts(["съезд", "съезд партия", "пленум цк кпсс"]) == {
        "съезд": 2, "пленум": 3}


def test_longest_match_wins_and_matches_do_not_overlap():
    found = longest_matches(["первый", "съезд", "партия", "съезд"],
                            {"съезд", "съезд партия"}, 4, key_starts(["съезд", "съезд партия"]))
    assert found == [(1, 3), (3, 4)]


@settings(max_examples=500, deadline=None)
@given(lemmas, keys, st.integers(min_value=1, max_value=5))
def test_index_gives_the_same_matches(lemma_list, key_set, max_len):
    plain = longest_matches(lemma_list, key_set, max_len)
    assert longest_matches(lemma_list, key_set, max_len, key_starts(key_set)) == plain
