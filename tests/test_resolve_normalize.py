"""Normalization of names to the nominative: persons (with gender), organizations, places."""

import pytest

import letopis
from letopis.doc import Document, check_spans
from letopis.morph import parse, tag_morph
from letopis.resolve.names import (
    PersonName,
    match_case,
    nominative_form,
    person_candidates,
    surname_rule_readings,
    word_readings,
)
from letopis.resolve.normalize import normalize_names, normalize_phrase, unquote
from letopis.segment import segment


def build(text: str, *spans: tuple[str, str]) -> Document:
    """A segmented, tagged document with the given (surface, label) mentions, normalized.

    A surface given as ``"word@2"`` is its second occurrence.
    """
    doc = tag_morph(segment(Document(text)))
    for surface, label in spans:
        word, _, nth = surface.partition("@")
        start = -1
        for _ in range(int(nth or 1)):
            start = text.index(word, start + 1)
        doc.add_mention(start, start + len(word), label)
    normalize_names(doc)
    check_spans(doc)
    return doc


def normals(doc: Document) -> list[str]:
    return [doc.normals[m.id] for m in doc.mentions]


# -- persons ---------------------------------------------------------------

def test_initials_and_genitive_after_preposition():
    doc = build("Историки часто ссылаются на Д. Т. Шепилова.", ("Д. Т. Шепилова", "PERSON"))
    assert normals(doc) == ["Д. Т. Шепилов"]


def test_initials_and_instrumental():
    doc = build("Записка была подготовлена П. Н. Поспеловым.", ("П. Н. Поспеловым", "PERSON"))
    assert normals(doc) == ["П. Н. Поспелов"]


def test_initials_after_surname_are_moved_forward():
    doc = build("Подпись поставил Хрущёв Н. С. в тот же день.", ("Хрущёв Н. С.", "PERSON"))
    assert normals(doc) == ["Н. С. Хрущёв"]


def test_genitive_surname_is_masculine_when_the_nominative_is_in_the_text():
    doc = build("Хрущёв выступил первым. Сторонники Хрущёва молчали.",
                ("Хрущёв", "PERSON"), ("Хрущёва", "PERSON"))
    assert normals(doc) == ["Хрущёв", "Хрущёв"]


def test_feminine_oblique_forms():
    doc = build("Письмо Фурцевой прочитали вслух. Потом Фурцеву вызвали в Кремль.",
                ("Фурцевой", "PERSON"), ("Фурцеву", "PERSON"))
    assert normals(doc) == ["Фурцева", "Фурцева"]


def test_first_name_decides_the_gender():
    doc = build("Речь Екатерины Фурцевой слушали в тишине. Пришли Ивана Петрова "
                "проводить, а Анна Петрова осталась дома.",
                ("Екатерины Фурцевой", "PERSON"), ("Ивана Петрова", "PERSON"),
                ("Анна Петрова", "PERSON"))
    assert normals(doc) == ["Екатерина Фурцева", "Иван Петров", "Анна Петрова"]


def test_full_name_in_the_dative():
    doc = build("Телеграмму отправили Никите Сергеевичу Хрущёву утром.",
                ("Никите Сергеевичу Хрущёву", "PERSON"))
    assert normals(doc) == ["Никита Сергеевич Хрущёв"]


def test_a_declinable_name_outweighs_its_indeclinable_namesake():
    # ``Анне`` is also the French name, indeclinable: six cases, but one reading
    doc = build("Пенсию назначили Анне Беловой, а Марии Петровой отказали.",
                ("Анне Беловой", "PERSON"), ("Марии Петровой", "PERSON"))
    assert normals(doc) == ["Анна Белова", "Мария Петрова"]


def test_feminine_verb_makes_the_surname_feminine():
    doc = build("Шепилова заявила, что не подпишет письмо.", ("Шепилова", "PERSON"))
    assert normals(doc) == ["Шепилова"]


def test_verb_opening_the_clause_before_the_name():
    doc = build("— Я не согласна, — сказала Жукова.", ("Жукова", "PERSON"))
    assert normals(doc) == ["Жукова"]


def test_preposition_makes_the_surname_masculine():
    doc = build("Письмо от Жукова пришло вчера.", ("Жукова", "PERSON"))
    assert normals(doc) == ["Жуков"]


def test_masculine_verb_rules_out_a_feminine_subject():
    doc = build("Жукова поддержал Смирнов.", ("Жукова", "PERSON"), ("Смирнов", "PERSON"))
    assert normals(doc) == ["Жуков", "Смирнов"]


def test_other_mentions_decide_the_gender_either_way():
    doc = build("Жуков приехал. Жукова встретили на вокзале.",
                ("Жуков", "PERSON"), ("Жукова", "PERSON"))
    assert normals(doc) == ["Жуков", "Жуков"]
    doc = build("Премию вручили Ивановой. Сама Иванова о ней молчит.",
                ("Ивановой", "PERSON"), ("Иванова", "PERSON"))
    assert normals(doc) == ["Иванова", "Иванова"]


def test_other_mentions_outrank_the_context():
    doc = build("Тальников приехал поездом. Тальникова встретила жена.",
                ("Тальников", "PERSON"), ("Тальникова", "PERSON"))
    assert normals(doc) == ["Тальников", "Тальников"]


def test_surnames_unknown_to_the_dictionary_follow_the_paradigm():
    doc = build("Мы долго беседовали с Тальниковым и Брусницкой.",
                ("Тальниковым", "PERSON"), ("Брусницкой", "PERSON"))
    assert normals(doc) == ["Тальников", "Брусницкая"]


def test_masculine_surnames_in_a_and_ya():
    doc = build("Арест Берии готовили тайно. Ягода и Берия были наркомами. Дело Ягоды закрыли.",
                ("Берии", "PERSON"), ("Ягода", "PERSON"), ("Берия", "PERSON"),
                ("Ягоды", "PERSON"))
    assert normals(doc) == ["Берия", "Ягода", "Берия", "Ягода"]


def test_indeclinable_surnames_stay():
    doc = build("Встреча с Громыко и Шевченко прошла спокойно.",
                ("Громыко", "PERSON"), ("Шевченко", "PERSON"))
    assert normals(doc) == ["Громыко", "Шевченко"]


def test_yo_is_kept_only_where_the_source_has_it():
    doc = build("Сторонники Хрущева молчали.", ("Хрущева", "PERSON"))
    assert normals(doc) == ["Хрущев"]
    doc = build("Сторонники Хрущёва молчали.", ("Хрущёва", "PERSON"))
    assert normals(doc) == ["Хрущёв"]


def test_a_name_in_capitals_is_named_the_ordinary_way_acronyms_stay():
    doc = build("ПИСЬМО ХРУЩЁВУ ОТПРАВЛЕНО.", ("ХРУЩЁВУ", "PERSON"))
    assert normals(doc) == ["Хрущёв"]
    doc = build("ПАРИЖ, 5 марта. В СССР и КНДР.", ("ПАРИЖ", "CITY"), ("СССР", "COUNTRY"),
                ("КНДР", "COUNTRY"))
    assert normals(doc) == ["Париж", "СССР", "КНДР"]
    doc = build("Заявление ГАЗПРОМА.", ("ГАЗПРОМА", "ORGANIZATION"))
    assert normals(doc) == ["ГАЗПРОМ"]  # organizations keep their capitals


def test_particles_stay_with_the_surname():
    doc = build("Визит Шарля де Голля готовили месяц.", ("Шарля де Голля", "PERSON"))
    assert normals(doc) == ["Шарль де Голль"]


def test_adjectival_surname_unknown_to_the_dictionary():
    doc = build("Выступление Данилы Поперечного отменили.", ("Данилы Поперечного", "PERSON"))
    assert normals(doc) == ["Данила Поперечный"]


def test_foreign_names():
    doc = build("Премьер встретился с Домиником Раабом, а Франческо Бонура прислал письмо "
                "для Уинстона Черчилля.", ("Домиником Раабом", "PERSON"),
                ("Франческо Бонура", "PERSON"), ("Уинстона Черчилля", "PERSON"))
    assert normals(doc) == ["Доминик Рааб", "Франческо Бонура", "Уинстон Черчилль"]


def test_foreign_name_in_a_before_a_feminine_verb():
    doc = build("Потом Ковальска заявила, что уезжает.", ("Ковальска", "PERSON"))
    assert normals(doc) == ["Ковальска"]
    doc = build("Все ждали Ковальска.", ("Ковальска", "PERSON"))
    assert normals(doc) == ["Ковальск"]


def test_superlative_keeps_its_form():
    assert normalize_phrase("Высшей партийной школе") == "Высшая партийная школа"


def test_nominative_words_are_their_own_nominative():
    """pymorphy3's lexeme of this double surname would make its first half masculine."""
    nominative = [p for p in parse("склодовская-кюри") if p.tag.case == "nomn"]
    assert nominative and {nominative_form(p) for p in nominative} == {"склодовская-кюри"}


def test_latin_names_stay_as_written():
    doc = build("Письмо от John Smith пришло.", ("John Smith", "PERSON"))
    assert normals(doc) == ["John Smith"]


# -- other names -----------------------------------------------------------

@pytest.mark.parametrize(("text", "label", "expected"), [
    ("Российской компартии", "ORGANIZATION", "Российская компартия"),
    ("Министерства иностранных дел СССР", "ORGANIZATION", "Министерство иностранных дел СССР"),
    ("ЦК КПСС", "ORGANIZATION", "ЦК КПСС"),
    ("Политбюро", "ORGANIZATION", "Политбюро"),
    ("Народного комиссариата внутренних дел", "ORGANIZATION",
     "Народный комиссариат внутренних дел"),
    ("Польшу", "COUNTRY", "Польша"),
    ("Соединённых Штатов Америки", "COUNTRY", "Соединённые Штаты Америки"),
    ("Нижнем Новгороде", "CITY", "Нижний Новгород"),
    ("Ростове-на-Дону", "CITY", "Ростов-на-Дону"),
    ("Орла", "CITY", "Орёл"),
    ("XX съезде КПСС", "EVENT", "XX съезд КПСС"),
    ("Второй мировой войны", "EVENT", "Вторая мировая война"),
    ("генерального секретаря", "PROFESSION", "генеральный секретарь"),
    ("графу", "PROFESSION", "граф"),  # a person's post: not ``графа``, a column
    ("премьера", "PROFESSION", "премьер"),
    ("политика", "PROFESSION", "политик"),
    ("государственного служащего", "PROFESSION", "государственный служащий"),
    ("газеты «Правда»", "ORGANIZATION", "газета «Правда»"),
    ("«Правды»", "ORGANIZATION", "Правда"),
    ("Комитета государственной безопасности (КГБ)", "ORGANIZATION",
     "Комитет государственной безопасности"),
    ("ВКП(б)", "ORGANIZATION", "ВКП(б)"),
    ("О культе личности и его последствиях", "WORK_OF_ART",
     "О культе личности и его последствиях"),
])
def test_phrases(text, label, expected):
    assert normalize_phrase(text, label) == expected


def test_places_in_context():
    doc = build("Делегация прибыла в Москве утром, а затем выехала через Польшу.",
                ("Москве", "CITY"), ("Польшу", "COUNTRY"))
    assert normals(doc) == ["Москва", "Польша"]


def test_only_names_get_a_normal_form():
    doc = build("В 1956 году в Москве было холодно.", ("В 1956 году", "DATE"), ("Москве", "CITY"))
    date, city = doc.mentions
    assert date.id not in doc.normals and doc.normals[city.id] == "Москва"


def test_analyze_fills_normals():
    doc = letopis.analyze("Сторонники Хрущёва собрались в Москве. Хрущёв выступил перед ними.")
    check_spans(doc)
    found = {m.text: doc.normals[m.id] for m in doc.mentions if m.id in doc.normals}
    assert found.get("Хрущёва") == "Хрущёв"
    assert found.get("Москве") == "Москва"


# -- helpers ---------------------------------------------------------------

def test_match_case():
    assert match_case("Москве", "москва") == "Москва"
    assert match_case("Хрущёва", "хрущёв") == "Хрущёв"
    assert match_case("Хрущева", "хрущёв") == "Хрущев"
    assert match_case("Санкт-Петербурге", "санкт-петербург") == "Санкт-Петербург"
    assert match_case("МОСКВЕ", "москва") == "МОСКВА"


def test_surname_paradigm():
    forms = {(r.gender, r.case, r.nominative) for r in surname_rule_readings("тальникову")}
    assert forms == {("masc", "datv", "тальников"), ("femn", "accs", "тальникова")}
    assert word_readings("Кузнецких")[0].case is None  # indeclinable: any case


def test_canonical_forms():
    assert PersonName("Шепилов", initials=("Д", "Т")).canonical() == "Д. Т. Шепилов"
    assert PersonName("Хрущёв", "Никита", "Сергеевич").canonical() == "Никита Сергеевич Хрущёв"
    assert PersonName(None, "Никита").canonical() == "Никита"


def test_candidates_keep_both_genders_of_an_ambiguous_form():
    names = {c.name.canonical(): c.name.gender for c in person_candidates(["Хрущёва"])}
    assert names == {"Хрущёв": "masc", "Хрущёва": "femn"}


def test_unquote():
    assert unquote("«Правда»") == "Правда"
    assert unquote("«Правда") == "Правда"
    assert unquote("газета «Правда»") == "газета «Правда»"


def test_lexeme_forms_are_pymorphys_lexeme():
    """The paradigm read directly gives the words and tags of ``Parse.lexeme``."""
    from letopis.morph import parse
    from letopis.resolve.names import _facts, lexeme_forms, tag_facts

    for word in ("высшей", "министерства", "хрущёва", "склодовская-кюри", "гуверу", "лучших"):
        for p in parse(word):
            assert lexeme_forms(p) == [(f.word, tag_facts(f.tag)) for f in p.lexeme]
    assert tag_facts(parse("лучших")[0].tag)[1:3] == ("plur", True)
    assert len(_facts) < 5000  # one entry per tag string: the dictionary's tags at most


def test_names_listed_after_a_colon_are_nominative_where_the_opener_says_so():
    text = ("Присутствовали: тт. Смирнова, Петров и Кузнецова. Слушали: тов. Иванова о "
            "школах. Председатель: Белова. Среди гостей были коллеги Месси по «Барселоне»: "
            "Луиса Суареса, Неймара и Жерара Пике.")
    doc = letopis.analyze(text)
    check_spans(doc)
    names = {e.name for e in doc.entities if e.label == "PERSON"}
    assert {"Смирнова", "Кузнецова", "Белова"} <= names  # the women of the lists
    assert "Иванов" in names  # «Слушали:» takes him in the accusative
    assert "Неймар" in names  # a list in the genitive (after «Барселоне»:) stays genitive


def test_the_persons_read_once_are_read_again_only_when_the_mentions_change():
    from letopis.resolve.normalize import resolve_persons

    doc = build("Письмо Иванова пришло.", ("Иванова", "PERSON"))
    first = resolve_persons(doc)
    assert resolve_persons(doc) == first and doc._persons is not None
    doc.mentions[0].label = "CITY"  # another reading of the same span: read again
    assert resolve_persons(doc) == {}


def test_an_analyzed_document_pickles_as_workers_send_it():
    import pickle

    doc = letopis.analyze("Письмо Иванова пришло. Графу Берхтольду доложили.")
    assert pickle.loads(pickle.dumps(doc)).to_dict() == doc.to_dict()


@pytest.mark.parametrize("text,name", [
    ("Ф. КОЛОКОЛЬЦОВ", "Ф. Колокольцов"),
    ("САЛТЫКОВ-ЩЕДРИН", "Салтыков-Щедрин"),
    ("НИКОЛАЙ II", "Николай II"),  # a Roman numeral stays
    ("Петров", "Петров"),
])
def test_a_person_written_in_capitals_is_named_the_ordinary_way(text: str, name: str) -> None:
    from letopis.resolve.normalize import ordinary_case

    assert ordinary_case(text) == name
    doc = tag_morph(segment(Document(f"Об этом написал {text}.")))
    start = doc.text.index(text)
    doc.add_mention(start, start + len(text), "PERSON")
    assert normalize_names(doc).normals[doc.mentions[0].id] == name
