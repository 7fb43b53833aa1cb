"""The linking stage on a small knowledge base written here: candidates by name keys,
type filter, priors, the NIL threshold, initials against full names, bare surnames."""

from pathlib import Path

import pytest

import letopis
from letopis.doc import Document, Entity, Mention, check_spans
from letopis.kb.authority import KnowledgeBase, connect
from letopis.kb.keys import lemma_key, person_keys, surface_key
from letopis.resolve.linking import Params, compatible, link_entities

ITEMS = [
    # id, wikidata, geonames, name, type, lat, lon, population
    ("Q1", "Q1", None, "Никита Сергеевич Хрущёв", "PERSON", None, None, None),
    ("Q2", "Q2", None, "Александр Иванович Петров", "PERSON", None, None, None),
    ("Q3", "Q3", "100", "Прага", "CITY", 50.08, 14.42, 1_165_581),
    ("Q4", "Q4", None, "Прага", "ORGANIZATION", None, None, None),
    ("Q5", "Q5", None, "Варшава", "CITY", None, None, None),
    ("Q6", "Q6", None, "Василий Петров", "PERSON", None, None, None),
    ("Q7", "Q7", None, "Елизавета II", "PERSON", None, None, None),
    ("Q8", "Q8", None, "Пик, Цвика", "PERSON", None, None, None),
    ("Q9", "Q9", None, "Морозов", "PERSON", None, None, None),
    ("gn:200", None, "200", "Брно", "CITY", 49.2, 16.6, 380_000),
    ("gn:201", None, "201", "Брно", "CITY", 49.0, 16.0, 900),
]
NAMES = [  # key source, item, type, count
    ("Хрущёв", "Q1", "PERSON", 5),
    ("Прагу", "Q3", "CITY", 8),
    ("Праги", "Q4", "ORGANIZATION", 3),
    ("Варшава", "Q5", "CITY", 1),
    ("Елизавета", "Q7", "PERSON", 4),
    ("Пика", "Q8", "PERSON", 2),
    ("И. Морозов", "Q9", "PERSON", 2),
]


def write_kb(path: Path) -> KnowledgeBase:
    con = connect(path, write=True)
    with con:
        for item, qid, gid, name, type_, lat, lon, pop in ITEMS:
            con.execute("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (item, qid, gid, name, type_, "описание", lat, lon, None, pop, "[]",
                         "test"))
            keys = person_keys(name) if type_ == "PERSON" else [(lemma_key(name), "name")]
            for key, kind in keys:
                con.execute("INSERT OR IGNORE INTO names VALUES (?,?,?,?,0)",
                            (key, item, type_, kind))
        for text, item, type_, count in NAMES:
            con.execute("INSERT OR REPLACE INTO names VALUES (?,?,?,'name',?)",
                        (lemma_key(text), item, type_, count))
        con.execute("INSERT INTO nil VALUES (?,?,?)", (lemma_key("Варшава"), "CITY", 9))
    con.close()
    return KnowledgeBase([path])


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    return write_kb(tmp_path / "kb.sqlite")


def kb_with_towns(tmp_path: Path, *towns: tuple[str, str, int, float, float]) -> KnowledgeBase:
    """The test base and GeoNames-only towns (id, name, population, lat, lon), each known
    by its name's key."""
    path = tmp_path / "kb.sqlite"
    write_kb(path).close()
    con = connect(path, write=True)
    with con:
        for gid, name, pop, lat, lon in towns:
            con.execute("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (f"gn:{gid}", None, gid, name, "CITY", "описание", lat, lon, None, pop,
                         "[]", "test"))
            con.execute("INSERT OR IGNORE INTO names VALUES (?,?,?,?,0)",
                        (lemma_key(name), f"gn:{gid}", "CITY", "name"))
    con.close()
    return KnowledgeBase([path])


def doc_of(text: str, *spans: tuple[str, str, str]) -> Document:
    """A document with one mention and entity per (surface, label, canonical name)."""
    doc = Document(text=text)
    for i, (surface, label, name) in enumerate(spans, 1):
        start = text.index(surface)
        doc.mentions.append(Mention(f"m{i}", start, start + len(surface), surface, label,
                                    f"e{i}"))
        doc.entities.append(Entity(f"e{i}", label, name, mentions=[f"m{i}"]))
    check_spans(doc)
    return doc


def linked(doc: Document, kb: KnowledgeBase) -> list[str | None]:
    link_entities(doc, kb)
    check_spans(doc)
    return [e.wikidata or (e.geonames and "gn" + e.geonames) for e in doc.entities]


def test_keys_fold_case_yo_and_inflection() -> None:
    assert surface_key("«Н. С. Хрущёв»") == "н с хрущев"
    assert lemma_key("Министерства иностранных дел") == "министерство иностранный дело"
    assert ("н с хрущев", "initials") in person_keys("Никита Сергеевич Хрущёв")


def test_type_filter_and_prior(kb: KnowledgeBase) -> None:
    doc = doc_of("Он приехал в Прагу, где работала Прага.",
                 ("Прагу", "CITY", "Прага"), ("Прага", "ORGANIZATION", "Прага"))
    assert linked(doc, kb) == ["Q3", "Q4"]
    city = doc.entities[0]
    assert city.geonames == "100" and city.coords == [50.08, 14.42]


def test_initials_and_full_name_meet(kb: KnowledgeBase) -> None:
    doc = doc_of("Н. С. Хрущёв выступил. Никита Сергеевич Хрущёв ушёл.",
                 ("Н. С. Хрущёв", "PERSON", "Н. С. Хрущёв"),
                 ("Никита Сергеевич Хрущёв", "PERSON", "Никита Сергеевич Хрущёв"))
    assert linked(doc, kb) == ["Q1", "Q1"]


def test_conflicting_initial_is_not_linked(kb: KnowledgeBase) -> None:
    doc = doc_of("В. С. Хрущёв ответил.", ("В. С. Хрущёв", "PERSON", "В. С. Хрущёв"))
    assert linked(doc, kb) == [None]


def test_a_person_whose_surname_ends_no_name_of_the_item_is_not_linked(
        kb: KnowledgeBase) -> None:
    # "Елизавета" alone may be the queen; a woman with another surname is not
    doc = doc_of("Елизавета Петровна Глинка приехала. Елизавета ждала.",
                 ("Елизавета Петровна Глинка", "PERSON", "Елизавета Петровна Глинка"))
    doc.entities[0].aliases = ["Елизавета"]
    assert linked(doc, kb) == [None]
    doc = doc_of("Елизавета II приехала.", ("Елизавета", "PERSON", "Елизавета"))
    assert linked(doc, kb) == ["Q7"]


def test_a_different_patronymic_is_not_linked(kb: KnowledgeBase) -> None:
    doc = doc_of("Никита Петрович Хрущёв ответил.",
                 ("Никита Петрович Хрущёв", "PERSON", "Никита Петрович Хрущёв"))
    assert linked(doc, kb) == [None]


def test_surname_first_names_of_the_base_are_read_in_order(kb: KnowledgeBase) -> None:
    # "Пик, Цвика" is Цвика Пик: Жерар Пик has another first name
    doc = doc_of("Жерар Пик забил.", ("Жерар Пик", "PERSON", "Жерар Пик"))
    assert linked(doc, kb) == [None]
    doc = doc_of("Цвика Пик спел.", ("Цвика Пик", "PERSON", "Цвика Пик"))
    assert linked(doc, kb) == ["Q8"]


def test_a_person_reached_by_surname_alone_needs_a_known_initial(kb: KnowledgeBase) -> None:
    # the base knows Морозов only as "И. Морозов": Павел Морозов is not him
    doc = doc_of("Павел Морозов пришёл.", ("Павел Морозов", "PERSON", "Павел Морозов"))
    assert linked(doc, kb) == [None]
    doc = doc_of("Иван Морозов пришёл.", ("Иван Морозов", "PERSON", "Иван Морозов"))
    assert linked(doc, kb) == ["Q9"]


def test_bare_surname_only_when_unambiguous(kb: KnowledgeBase) -> None:
    # two persons named Петров in the knowledge base: a bare surname stays unlinked
    doc = doc_of("Петров промолчал.", ("Петров", "PERSON", "Петров"))
    assert linked(doc, kb) == [None]
    doc = doc_of("А. Петров промолчал.", ("А. Петров", "PERSON", "А. Петров"))
    assert linked(doc, kb) == ["Q2"]


def test_nil_evidence_wins(kb: KnowledgeBase) -> None:
    # NEREL-like evidence: "Варшава" linked once, annotated as no link nine times
    doc = doc_of("В Варшаве шёл дождь.", ("Варшаве", "CITY", "Варшава"))
    assert linked(doc, kb) == [None]
    doc = doc_of("В Варшаве шёл дождь.", ("Варшаве", "CITY", "Варшава"))
    link_entities(doc, kb, Params(threshold=0.05))
    assert doc.entities[0].wikidata == "Q5"


def test_place_without_counts_goes_to_the_far_most_populous(kb: KnowledgeBase) -> None:
    doc = doc_of("Он жил в Брно.", ("Брно", "CITY", "Брно"))
    assert linked(doc, kb) == ["gn200"]
    assert doc.entities[0].wikidata is None and doc.entities[0].coords == [49.2, 16.6]


def test_unknown_name_and_non_name_labels_stay_unlinked(kb: KnowledgeBase) -> None:
    doc = doc_of("Прага, 1968 год, Зорин.", ("Зорин", "PERSON", "Зорин"),
                 ("1968 год", "DATE", "1968 год"))
    assert linked(doc, kb) == [None, None]


def test_no_knowledge_base_changes_nothing(tmp_path: Path) -> None:
    doc = doc_of("Он приехал в Прагу.", ("Прагу", "CITY", "Прага"))
    assert linked(doc, KnowledgeBase([tmp_path / "absent.sqlite"])) == [None]


def test_pipeline_links_with_the_shipped_base(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    from letopis.kb.authority import SHIPPED

    if not SHIPPED.is_file():
        pytest.skip("the shipped knowledge base is not built")
    doc = letopis.analyze("В 1956 году в Москве собрался съезд. Москва ждала.")
    check_spans(doc)
    moscow = [e for e in doc.entities if e.name == "Москва"]
    assert moscow and moscow[0].wikidata == "Q649" and moscow[0].geonames == "524901"
    assert moscow[0].coords is not None and 55 < moscow[0].coords[0] < 56


def test_html_report_shows_the_ids_as_text() -> None:
    from letopis.report.html import documents_to_html

    doc = doc_of("Совещание прошло в Праге.", ("Праге", "CITY", "Прага"))
    doc.entities[0].wikidata, doc.entities[0].geonames = "Q1085", "3067696"
    doc.entities[0].coords = [50.08804, 14.42076]
    page = documents_to_html([doc])
    assert "Q1085 · GeoNames 3067696 · 50.088, 14.421" in page


def test_knowledge_base_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from letopis.kb import authority

    kb = authority.default_kb()
    monkeypatch.setattr(authority, "MEMORY", 5)
    for n in range(20):
        kb.candidates(f"нет-такого-ключа-{n}")
        kb.nil(f"нет-такого-ключа-{n}")
    assert len(kb._cands) + len(kb._nil) <= 6
    assert kb.candidates("нет-такого-ключа-3") == ()


def test_organizations_and_products_are_one_family_places_another():
    assert compatible("ORGANIZATION", "PRODUCT") and compatible("PRODUCT", "ORGANIZATION")
    assert compatible("CITY", "STATE_OR_PROVINCE")
    assert not compatible("ORGANIZATION", "PERSON")
    assert not compatible("NATIONALITY", "COUNTRY")


def test_a_one_word_name_two_persons_bear_is_not_linked(tmp_path: Path):
    path = tmp_path / "kb.sqlite"
    write_kb(path).close()
    con = connect(path, write=True)
    with con:  # NEREL-like evidence: a bare «Петрова» linked three times to one of them
        con.execute("INSERT OR REPLACE INTO names VALUES (?,?,?,'name',?)",
                    (lemma_key("Петрова"), "Q2", "PERSON", 3))
    con.close()
    kb = KnowledgeBase([path])
    bare = doc_of("Петров выступил.", ("Петров", "PERSON", "Петров"))
    assert linked(bare, kb) == [None]  # Александр Иванович or Василий: no guess
    full = doc_of("Александр Петров выступил.",
                  ("Александр Петров", "PERSON", "Александр Петров"))
    assert linked(full, kb) == ["Q2"]
    alone = doc_of("Хрущёв выступил.", ("Хрущёв", "PERSON", "Хрущёв"))
    assert linked(alone, kb) == ["Q1"]  # one person so called: linked


def test_a_bare_first_name_is_linked_only_on_counted_evidence(tmp_path: Path):
    path = tmp_path / "kb.sqlite"
    write_kb(path).close()
    con = connect(path, write=True)
    with con:  # an item whose only name is a first name, never linked in the data
        con.execute("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    ("Q10", "Q10", None, "Николай", "PERSON", "описание", None, None, None,
                     None, "[]", "test"))
        for key, kind in person_keys("Николай"):
            con.execute("INSERT OR IGNORE INTO names VALUES (?,?,?,?,0)",
                        (key, "Q10", "PERSON", kind))
    con.close()
    kb = KnowledgeBase([path])
    bare = doc_of("Николай вернулся.", ("Николай", "PERSON", "Николай"))
    assert linked(bare, kb) == [None]  # which Николай: no guess
    counted = doc_of("Елизавета вернулась.", ("Елизавета", "PERSON", "Елизавета"))
    assert linked(counted, kb) == ["Q7"]  # the data links this very form to the item


def test_an_old_city_name_reaches_the_city_through_its_latin_names(tmp_path: Path):
    from letopis.kb.keys import cyrillic_skeleton, latin_skeleton

    assert cyrillic_skeleton("Гельсингфорс") == latin_skeleton("Helsingfors")
    assert cyrillic_skeleton("Кёнигсберг") == latin_skeleton("Königsberg")
    assert cyrillic_skeleton("Балкан") != latin_skeleton("Bolzano")  # vowels count
    assert cyrillic_skeleton("Рим") == "" and cyrillic_skeleton("Нью Йорк") == ""
    path = tmp_path / "kb.sqlite"
    write_kb(path).close()
    con = connect(path, write=True)
    with con:
        con.execute("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    ("gn:300", None, "300", "Тбилиси", "CITY", "", 41.7, 44.8, "GE",
                     1_049_498, "[]", "test"))
        con.execute("INSERT INTO names VALUES (?,?,?,'script',0)",
                    (latin_skeleton("Tiflis"), "gn:300", "CITY"))
        for item in ("gn:301", "gn:302"):  # one spelling, two cities: no guess
            con.execute("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (item, None, item[3:], "Город", "CITY", "", 0, 0, "XX", 500_000,
                         "[]", "test"))
            con.execute("INSERT INTO names VALUES (?,?,?,'script',0)",
                        (latin_skeleton("Dancig"), item, "CITY"))
    con.close()
    kb = KnowledgeBase([path])
    city = doc_of("Он жил в Тифлисе.", ("Тифлисе", "CITY", "Тифлис"))
    assert linked(city, kb) == ["gn300"]
    region = doc_of("Он жил в Тифлисе.", ("Тифлисе", "LOCATION", "Тифлис"))
    assert linked(region, kb) == [None]  # cities only
    twice = doc_of("Он жил в Данциге.", ("Данциге", "CITY", "Данциг"))
    assert linked(twice, kb) == [None]


def test_a_lower_case_place_word_that_is_no_adjective_is_not_linked(tmp_path: Path) -> None:
    """``брно`` written small is taken for a common word the NER model called a place; an
    adjective written small (``пражские``) is no such word."""
    kb = write_kb(tmp_path / "kb.sqlite")
    doc = doc_of("Он ехал через брно.", ("брно", "CITY", "брно"))
    assert linked(doc, kb) == [None]
    doc = doc_of("Он ехал через Брно.", ("Брно", "CITY", "Брно"))
    assert linked(doc, kb) == ["gn200"]
    from letopis.resolve.linking import common_place_word

    adjective = Entity("e1", "CITY", "пражский", mentions=["m1"])
    assert not common_place_word(adjective, ["пражские"])
    assert common_place_word(Entity("e2", "CITY", "сваты"), ["сваты"])
    assert not common_place_word(Entity("e3", "PROFESSION", "сваты"), ["сваты"])


def test_a_one_word_name_needs_two_counted_links(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    write_kb(path).close()
    con = connect(path, write=True)
    with con:  # one article linked its bare «Гагарина» to an item, once
        con.execute("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    ("Q11", "Q11", None, "Гагарина", "PERSON", "описание", None, None, None,
                     None, "[]", "test"))
        con.execute("INSERT OR REPLACE INTO names VALUES (?,?,?,'name',?)",
                    (lemma_key("Гагарина"), "Q11", "PERSON", 1))
    con.close()
    kb = KnowledgeBase([path])
    once = doc_of("Гагарин улыбнулся.", ("Гагарин", "PERSON", "Гагарин"))
    assert linked(once, kb) == [None]  # one mention of one article says little of this one
    twice = doc_of("Елизавета вернулась.", ("Елизавета", "PERSON", "Елизавета"))
    assert linked(twice, kb) == ["Q7"]  # four counted links: linked


def test_a_place_named_by_its_adjective_reaches_the_place(tmp_path: Path) -> None:
    from letopis.resolve.linking import place_nouns

    assert place_nouns("новочеркасский")[:2] == ["Новочеркас", "Новочеркасск"]
    assert "Тверь" in place_nouns("тверской") and "Братск" in place_nouns("брацкий")
    # a town GeoNames knows, and a village named like a family's estate
    kb = kb_with_towns(tmp_path, ("300", "Новочеркасск", 166_974, 47.4, 40.1),
                       ("301", "Строганово", 120, 47.4, 40.1))
    town = doc_of("Командир Новочеркасского полка прибыл.",
                  ("Новочеркасского", "CITY", "Новочеркасский"))
    assert linked(town, kb) == ["gn300"]
    estate = doc_of("Строгановское имение продали.", ("Строгановское", "CITY", "Строгановское"))
    assert linked(estate, kb) == [None]  # 120 inhabitants: no guess


def test_an_adjective_of_a_common_noun_reaches_no_place(tmp_path: Path) -> None:
    """``барский`` comes from ``барин`` (``бар`` is a common noun), not from Баро, a town of
    27,000 in Nigeria; ``городской`` from ``город``."""
    from letopis.resolve.linking import _common_stem, place_nouns

    assert _common_stem(place_nouns("барский")) and _common_stem(place_nouns("городской"))
    assert not _common_stem(place_nouns("пермский"))  # Пермь, beside the word ``перм``
    assert not _common_stem(place_nouns("курский"))  # ``кур`` is a form of ``курица``
    kb = kb_with_towns(tmp_path, ("302", "Баро", 26_821, 8.6, 6.4))
    manor = doc_of("Он пошел к барскому дому.", ("барскому", "COUNTRY", "барский"))
    assert linked(manor, kb) == [None]


def test_an_adjective_inside_a_longer_name_is_no_village_called_so(tmp_path: Path) -> None:
    # a village named by the adjective itself, as GeoNames has many
    kb = kb_with_towns(tmp_path, ("400", "Бородинский", 6447, 54.0, 37.8))
    battle = doc_of("В Бородинском сражении пал генерал.",
                    ("Бородинском", "CITY", "Бородинский"),
                    ("Бородинском сражении", "EVENT", "Бородинское сражение"))
    assert linked(battle, kb)[0] is None
    village = doc_of("Жил в поселке Бородинский.", ("Бородинский", "CITY", "Бородинский"))
    assert linked(village, kb) == ["gn400"]


def test_a_place_called_by_a_common_noun_needs_a_large_town_or_a_nerel_link(
        tmp_path: Path) -> None:
    """``Изумруд``, capitalized at a verse's line, is no village GeoNames calls so; a town
    the dictionary knows as a place is linked as before."""
    from letopis.doc import Entity
    from letopis.resolve.linking import common_noun_name

    assert common_noun_name(Entity("e", "LOCATION", "Изумруд")) == "noun"
    assert common_noun_name(Entity("e", "CITY", "Катя")) == "name"
    assert not common_noun_name(Entity("e", "CITY", "Орёл"))  # a place's reading too
    assert not common_noun_name(Entity("e", "CITY", "Пушкин"))  # a surname's too
    assert not common_noun_name(Entity("e", "PERSON", "Изумруд"))
    kb = kb_with_towns(tmp_path, ("303", "Изумруд", 412, 52.9, 36.1),
                       ("304", "Орёл", 30_000, 52.9, 36.1), ("305", "Катя", 130_254, 52.9, 36.1))
    verse = doc_of("Изумруд — надежды камень.", ("Изумруд", "LOCATION", "Изумруд"))
    assert linked(verse, kb) == [None]
    town = doc_of("Он уехал в Орёл.", ("Орёл", "CITY", "Орёл"))
    assert linked(town, kb) == ["gn304"]
    girl = doc_of("Он ждал Катю.", ("Катю", "CITY", "Катя"))  # a first name: no town at all
    assert linked(girl, kb) == [None]
