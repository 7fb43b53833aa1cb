"""In-document clustering of name mentions into entities."""

import letopis
from letopis.doc import Document, check_spans
from letopis.morph import tag_morph
from letopis.resolve.cluster import cluster_entities, initials_of
from letopis.resolve.normalize import normalize_names
from letopis.segment import segment


def build(text: str, *spans: tuple[str, str], normalize: bool = True) -> Document:
    """A tagged document with (surface, label) mentions, normalized and clustered.

    A surface given as ``"word@2"`` is its second occurrence.
    """
    doc = tag_morph(segment(Document(text)))
    for surface, label in spans:
        word, _, nth = surface.partition("@")
        start = -1
        for _ in range(int(nth or 1)):
            start = text.index(word, start + 1)
        doc.add_mention(start, start + len(word), label)
    if normalize:
        normalize_names(doc)
    cluster_entities(doc)
    check_spans(doc)
    return doc


def entity_of(doc: Document, surface: str, nth: int = 1):
    found = [m for m in doc.mentions if m.text == surface][nth - 1]
    return doc.entity(found.entity)


KHRUSHCHEV = ("Н. С. Хрущёв выступил первым. Доклад Хрущёва длился четыре часа. "
              "Никита Сергеевич говорил без бумажки. Позже речь Никиты Хрущёва издали. "
              "Хрущёв остался доволен.")


def test_all_forms_of_one_person_are_one_entity():
    doc = build(KHRUSHCHEV, ("Н. С. Хрущёв", "PERSON"), ("Хрущёва", "PERSON"),
                ("Никита Сергеевич", "PERSON"), ("Никиты Хрущёва", "PERSON"),
                ("Хрущёв@3", "PERSON"))
    assert len(doc.entities) == 1
    entity = doc.entities[0]
    assert entity.id == "e1" and entity.label == "PERSON"
    assert entity.name == "Никита Сергеевич Хрущёв"
    assert entity.mentions == [m.id for m in doc.mentions]
    assert all(m.entity == "e1" for m in doc.mentions)
    assert "Н. С. Хрущёв" in entity.aliases and "Хрущёва" in entity.aliases


def test_conflicting_initials_are_two_people():
    doc = build("А. Громыко встретился с Л. Громыко. Потом Громыко уехал.",
                ("А. Громыко", "PERSON"), ("Л. Громыко", "PERSON"), ("Громыко@3", "PERSON"))
    first, second, bare = doc.mentions
    assert first.entity != second.entity
    assert bare.entity == second.entity  # the most recent compatible one
    assert doc.entity(first.entity).name == "А. Громыко"


def test_bare_surname_before_any_full_name_joins_the_next_one():
    doc = build("Громыко молчал. Л. Громыко ответил, а А. Громыко возразил.",
                ("Громыко", "PERSON"), ("Л. Громыко", "PERSON"), ("А. Громыко", "PERSON"))
    bare, lev, andrei = doc.mentions
    assert bare.entity == lev.entity != andrei.entity


def test_conflicting_first_names_are_two_people():
    doc = build("Иван Петров и Пётр Петров спорили. Петров победил.",
                ("Иван Петров", "PERSON"), ("Пётр Петров", "PERSON"), ("Петров@3", "PERSON"))
    ivan, petr, bare = doc.mentions
    assert ivan.entity != petr.entity and bare.entity == petr.entity


def test_a_declined_consonant_final_surname_is_no_woman():
    # Russian declines a surname in a consonant for men only: «Мандельштама» is Осип
    text = ("Осип Мандельштам писал стихи. Надежда Мандельштам сберегла их. "
            "Стихи Мандельштама она знала наизусть.")
    doc = build(text, ("Осип Мандельштам", "PERSON"), ("Надежда Мандельштам", "PERSON"),
                ("Мандельштама", "PERSON"))
    osip, nadezhda, bare = doc.mentions
    assert bare.entity == osip.entity != nadezhda.entity


def test_the_verb_picks_between_two_persons_of_one_surname():
    # ``Мандельштам`` undeclined is either; the past-tense verb after it says which
    text = ("Осип Мандельштам писал стихи. Надежда Мандельштам сберегла их. "
            "В тридцатых годах Мандельштам уехал в Воронеж, а Мандельштам осталась.")
    doc = build(text, ("Осип Мандельштам", "PERSON"), ("Надежда Мандельштам", "PERSON"),
                ("Мандельштам@3", "PERSON"), ("Мандельштам@4", "PERSON"))
    osip, nadezhda, he, she = doc.mentions
    assert he.entity == osip.entity and she.entity == nadezhda.entity


def test_initial_matches_the_full_first_name():
    doc = build("Иван Петров приехал. И. Петров выступил.",
                ("Иван Петров", "PERSON"), ("И. Петров", "PERSON"))
    assert len(doc.entities) == 1 and doc.entities[0].name == "Иван Петров"


def test_first_name_alone_joins_only_when_unambiguous():
    doc = build("Андрей Белов и Андрей Чернов вошли. Андрей сел.",
                ("Андрей Белов", "PERSON"), ("Андрей Чернов", "PERSON"), ("Андрей@3", "PERSON"))
    assert len({m.entity for m in doc.mentions}) == 3
    doc = build("Андрей Белов и Сергей Чернов вошли. Андрей сел.",
                ("Андрей Белов", "PERSON"), ("Сергей Чернов", "PERSON"), ("Андрей@2", "PERSON"))
    belov, _, andrei = doc.mentions
    assert andrei.entity == belov.entity


def test_a_first_name_used_as_a_surname():
    doc = build("Премьер Борис Джонсон уехал. Джонсон вернулся в среду, а Бориса встретили.",
                ("Борис Джонсон", "PERSON"), ("Джонсон@2", "PERSON"), ("Бориса", "PERSON"))
    assert len(doc.entities) == 1 and doc.entities[0].name == "Борис Джонсон"


def test_unknown_single_word_joins_a_unique_first_name():
    doc = build("Лорен Бэкли приехала. Лорен осталась.", ("Лорен Бэкли", "PERSON"),
                ("Лорен@2", "PERSON"))
    assert len(doc.entities) == 1


def test_first_name_does_not_join_a_bare_surname():
    doc = build("Белов вошёл. Андрей сел.", ("Белов", "PERSON"), ("Андрей", "PERSON"))
    assert len(doc.entities) == 2


def test_masculine_and_feminine_surnames_are_different_people():
    doc = build("Нина Хрущёва встретила гостей, а Хрущёв опоздал.",
                ("Нина Хрущёва", "PERSON"), ("Хрущёв", "PERSON"))
    assert len(doc.entities) == 2
    assert [e.name for e in doc.entities] == ["Нина Хрущёва", "Хрущёв"]


def test_organizations_and_places_by_normalized_name():
    doc = build("Делегаты Российской компартии поехали в Москву. Российская компартия "
                "провела съезд в Москве, и в Москве было шумно.",
                ("Российской компартии", "ORGANIZATION"), ("Москву", "CITY"),
                ("Российская компартия", "ORGANIZATION"), ("Москве", "CITY"),
                ("Москве@2", "LOCATION"))
    assert [(e.label, e.name, len(e.mentions)) for e in doc.entities] == [
        ("ORGANIZATION", "Российская компартия", 2), ("CITY", "Москва", 3)]
    assert doc.entities[1].aliases == ["Москву", "Москве"]


def test_abbreviation_joins_its_expansion():
    doc = build("Комитет государственной безопасности расширил штат. Сотрудники КГБ молчали.",
                ("Комитет государственной безопасности", "ORGANIZATION"),
                ("КГБ", "ORGANIZATION"))
    assert len(doc.entities) == 1
    assert doc.entities[0].name == "Комитет государственной безопасности"
    assert doc.entities[0].aliases == ["КГБ"]


def test_abbreviation_without_expansion_stays_alone():
    doc = build("Сотрудники КГБ и НКВД молчали.", ("КГБ", "ORGANIZATION"),
                ("НКВД", "ORGANIZATION"))
    assert [e.name for e in doc.entities] == ["КГБ", "НКВД"]


def test_nested_mentions_are_separate_entities():
    doc = build("Решение ЦК КПСС поддержали члены КПСС.", ("ЦК КПСС", "ORGANIZATION"),
                ("КПСС@1", "ORGANIZATION"), ("КПСС@2", "ORGANIZATION"))
    assert [e.name for e in doc.entities] == ["ЦК КПСС", "КПСС"]
    assert len(doc.entities[1].mentions) == 2


def test_entities_are_numbered_in_order_of_first_mention():
    doc = build("В Киеве Петров встретил Сидорова. Петров уехал в Киев.",
                ("Сидорова", "PERSON"), ("Петров", "PERSON"), ("Киеве", "CITY"),
                ("Петров@2", "PERSON"), ("Киев@2", "CITY"))
    assert [(e.id, e.name) for e in doc.entities] == [
        ("e1", "Киев"), ("e2", "Петров"), ("e3", "Сидоров")]


def test_dates_are_not_clustered_and_labels_follow_the_majority():
    doc = build("В 1956 году Польша и Польшу и Польше.", ("В 1956 году", "DATE"),
                ("Польша", "COUNTRY"), ("Польшу", "LOCATION"), ("Польше", "COUNTRY"))
    date = doc.mentions[0]
    assert date.entity is None
    assert [(e.label, e.name) for e in doc.entities] == [("COUNTRY", "Польша")]


def test_clustering_fills_missing_normal_forms():
    doc = build("Письмо Фурцевой пришло.", ("Фурцевой", "PERSON"), normalize=False)
    assert doc.entities[0].name == "Фурцева"


def test_analyze_clusters_persons():
    doc = letopis.analyze("Сторонники Хрущёва собрались в Москве. Хрущёв выступил перед ними, "
                          "а затем Никита Сергеевич Хрущёв уехал в Киев.")
    check_spans(doc)
    persons = [e for e in doc.entities if e.label == "PERSON"]
    assert len(persons) == 1 and persons[0].name == "Никита Сергеевич Хрущёв"
    assert len(persons[0].mentions) == 3


def test_initials_of():
    assert "кгб" in initials_of("Комитет государственной безопасности")
    assert "мид" in initials_of("Министерство иностранных дел")
    assert initials_of("Москва") == set()


def test_a_surname_shaped_like_a_patronymic():
    doc = build("Граф М. А. Милорадович подъехал к каре. Милорадович скончался вечером.",
                ("М. А. Милорадович", "PERSON"), ("Милорадович@2", "PERSON"))
    assert len(doc.entities) == 1
    assert doc.entities[0].name == "М. А. Милорадович"
    doc = build("Иван Петрович вошёл. Петрович сел.", ("Иван Петрович", "PERSON"),
                ("Петрович@2", "PERSON"))
    assert len(doc.entities) == 1 and doc.entities[0].name == "Иван Петрович"


def test_one_word_read_as_a_first_name_and_as_a_surname_names_the_person_once():
    doc = build("Император Акихито отрекся. Трон займет сын Акихито Нарухито. Акихито уехал.",
                ("Акихито", "PERSON"), ("Акихито Нарухито", "PERSON"), ("Акихито@3", "PERSON"))
    names = {e.name for e in doc.entities}
    assert "Акихито" in names
    assert not any(n in names for n in ("Акихито Акихито", "А. Акихито"))
