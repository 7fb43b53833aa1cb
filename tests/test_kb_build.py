"""The knowledge base builder on a NEREL-like fixture written here: links become names
with counts, NULL links counter-evidence, person names their initials forms, and a
GeoNames place joins the Q-id of the same name only when it is the most populous bearer."""

from collections import Counter
from pathlib import Path

import pytest

from letopis.kb.authority import KnowledgeBase
from letopis.kb.build import Builder, Item, add_nerel, join, write
from letopis.kb.keys import lemma_key

TEXT = "Никита Хрущёв приехал в Тверь. Хрущёва встретили в Твери. Тверь ждала."
ANN = """T1\tPERSON 0 13\tНикита Хрущёв
T2\tCITY 24 29\tТверь
T3\tPERSON 31 38\tХрущёва
T4\tCITY 51 56\tТвери
T5\tCITY 58 63\tТверь
N1\tReference T1 Wikidata:Q90100\tНикита Сергеевич Хрущёв
N2\tReference T2 Wikidata:Q90200\tТверь
N3\tReference T3 Wikidata:Q90100\tНикита Сергеевич Хрущёв
N4\tReference T4 Wikidata:Q90200\tТверь
N5\tReference T5 Wikidata:NULL\t
"""


@pytest.fixture
def train(tmp_path: Path) -> Path:
    folder = tmp_path / "train"
    folder.mkdir()
    (folder / "001.txt").write_text(TEXT, encoding="utf-8")
    (folder / "001.ann").write_text(ANN, encoding="utf-8")
    return folder


def place(item_id: str, name: str, population: int) -> Item:
    return Item(item_id, geonames=item_id[3:], names=Counter({name: 2}),
                types=Counter({"CITY": 1}), lat=56.86, lon=35.9, country="RU",
                population=population, source="geonames", kind="city")


def test_nerel_links_names_counts_and_nil(train: Path, tmp_path: Path) -> None:
    b = Builder()
    assert add_nerel(b, train) == 1
    assert b.names[(lemma_key("Твери"), "Q90200", "CITY", "name")] == 2
    assert b.nil[(lemma_key("Тверь"), "CITY")] == 1
    assert (("н с хрущев", "Q90100", "PERSON", "initials")) in b.names
    for p in (place("gn:1", "Тверь", 400_000), place("gn:2", "Тверь", 3_000)):
        b.items[p.id] = p
        b.add_name(lemma_key("Тверь"), p.id, "CITY", "name", 0)
    assert join(b) == 1
    write(b, tmp_path / "kb.sqlite", {"sources": "fixture"})
    kb = KnowledgeBase([tmp_path / "kb.sqlite"])
    tver = kb.lookup("Q90200")
    assert tver is not None and tver.geonames == "1" and tver.coords == (56.86, 35.9)
    assert kb.lookup("2").wikidata is None  # the small namesake stays a place of its own
    assert kb.nil(lemma_key("Тверь")) == {"CITY": 1}
    assert kb.record("Q90100").name == "Никита Сергеевич Хрущёв"


def test_a_small_place_never_takes_a_q_id(train: Path) -> None:
    b = Builder()
    add_nerel(b, train)
    b.items["gn:3"] = place("gn:3", "Тверь", 3_000)
    b.add_name(lemma_key("Тверь"), "gn:3", "CITY", "name", 0)
    assert join(b) == 0


def test_pycountry_names_when_installed() -> None:
    pytest.importorskip("pycountry")
    from letopis.kb.build import _pycountry_names, historic_names

    assert "Польша" in _pycountry_names("PL")
    assert "Союз Советских Социалистических Республик" in historic_names()


def test_prefetched_lookups_answer_as_single_ones(train: Path, tmp_path: Path) -> None:
    b = Builder()
    add_nerel(b, train)
    write(b, tmp_path / "kb.sqlite", {"sources": "fixture"})
    keys = [lemma_key("Твери"), lemma_key("Тверь"), "н с хрущев", "хрущев", "нет такого"]
    single = KnowledgeBase([tmp_path / "kb.sqlite"])
    batched = KnowledgeBase([tmp_path / "kb.sqlite"])
    batched.prefetch(keys * 2)
    batched.close()  # answered from memory now: no file needed
    for key in keys:
        assert batched.candidates(key) == single.candidates(key)
        assert batched.nil(key) == single.nil(key)
    assert batched.nil(lemma_key("Тверь")) == {"CITY": 1}
    assert batched.candidates("нет такого") == ()


def test_lemma_keys_read_words_in_their_letter_case_to_the_same_key() -> None:
    assert lemma_key("Министерства Иностранных Дел") == "министерство иностранный дело"
    assert lemma_key("ХРУЩЁВА") == lemma_key("хрущева") == lemma_key("Хрущёва")
    assert lemma_key("Н. С. Хрущёв") == "н с хрущев"
