"""Longest-match lookup: the first-word index changes nothing but the speed."""

from hypothesis import given, settings
from hypothesis import strategies as st

from letopis.extract.gazetteer import FormTable, key_starts, longest_matches

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


def _endings(name: str) -> list[str]:
    return [name, name + "а", name + "е", "Х" + name] if name == "Ревел" else [name, name + "у"]


def test_form_table_declines_on_demand_as_if_all_at_once():
    names = [("Ревель", 1), ("Рига", 2), ("Ревел", 3), ("Нарва", 4)]
    table = FormTable(names, _endings)
    assert table.get("ревелю") is None and "ригу" not in table  # not a form of either
    assert table.get("ревела") == 3 and table["ревель"] == 1 and "нарвау" in table
    assert dict(table.items()) == {"ревель": 1, "ревельу": 1, "ревел": 3, "ревела": 3,
                                   "ревеле": 3, "рига": 2, "ригау": 2, "нарва": 4,
                                   "нарвау": 4}
    assert table.strays == ["ХРевел"]  # a form that starts otherwise is never matched


def test_shipped_form_tables_have_no_strays():
    from letopis.extract.geo import former_forms
    from letopis.extract.nature import feature_forms

    for table in (former_forms(), feature_forms()):
        assert len(dict(table.items())) > 400 and table.strays == []
