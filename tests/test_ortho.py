"""Pre-1918 orthography: detection, respelling, the shadow text's offset map and the
pipeline over it (our own sentences)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import letopis
from letopis.doc import Document, Meta, check_spans
from letopis.ortho import (
    broken_word,
    build_shadow,
    detect_orthography,
    fold_lookalikes,
    has_broken_words,
    has_inner_hyphens,
    has_mixed_words,
    joined_hyphen,
    modern_word,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("Графъ писалъ Государю: «Москва въ огнѣ».", "prereform"),
    ("Въ Россіи міръ и тишина.", "prereform"),
    ("Граф писал Государю: «Москва в огне».", "modern"),
    ("Журнал «Отечественныя записки» выходил с 1839 года в Петербурге, его читали все.",
     "modern"),  # one old word quoted in a modern text
    ("", "modern"),
])
def test_detection(text, expected):
    assert detect_orthography(text) == expected


@pytest.mark.parametrize(("old", "new"), [
    ("Кутузовъ", "Кутузов"), ("Россіи", "России"), ("огнѣ", "огне"), ("Ѳедоръ", "Федор"),
    ("добраго", "доброго"), ("синяго", "синего"), ("новыя", "новые"),
    ("синія", "синие"),          # prereform2modern keeps «синія»: pymorphy settles it
    ("разсказъ", "рассказ"), ("безпокойство", "беспокойство"), ("ея", "её"),
    ("онѣ", "они"), ("какъ-то", "как-то"), ("ГОДЪ", "ГОД"), ("Генваря", "Января"),
    ("мѵро", "миро"), ("Москва", "Москва"), ("XIX", "XIX"), ("London", "London"),
    ("баталiи", "баталии"),      # OCR: a Latin i for і inside a Cyrillic word
    ("І", "І"), ("ХІХ", "ХІХ"),  # Roman numerals in Cyrillic letters stay
])
def test_modern_word(old, new):
    assert modern_word(old) == new


def test_shadow_maps_every_character_back():
    text = "Графъ Ростопчинъ, ѣхавшій изъ Москвы въ 1812 году, писалъ."
    shadow = build_shadow(text)
    assert shadow.text == "Граф Ростопчин, ехавший из Москвы в 1812 году, писал."
    start = shadow.text.index("Ростопчин")
    assert shadow.span(start, start + len("Ростопчин")) == (6, 16)
    assert text[6:16] == "Ростопчинъ"  # the dropped hard sign belongs to the word
    for i in range(len(shadow.text)):
        lo, hi = shadow.span(i, i + 1) or (0, 0)
        assert 0 <= lo < hi <= len(text)
    assert shadow.span(0, len(shadow.text)) == (0, len(text))


def test_forced_orthography_wins_over_detection():
    text = "Графъ Ростопчинъ писалъ Государю."
    doc = letopis.analyze(text, meta=Meta(orthography="modern"))
    assert doc.meta.orthography == "modern"
    check_spans(doc)
    modern = letopis.analyze("Граф Ростопчин писал Государю.", meta=Meta(orthography="prereform"))
    assert modern.meta.orthography == "prereform"
    check_spans(modern)


def test_prereform_document_round_trips_and_keeps_old_spans():
    text = ("Лѣтомъ 1812 года Наполеонъ перешелъ Нѣманъ. Государь Александръ Павловичъ "
            "находился тогда въ Вильнѣ.")
    doc = letopis.analyze(text, source="old.txt")
    check_spans(doc)
    assert doc.text == text and doc.meta.orthography == "prereform"
    assert {"Наполеонъ", "Александръ Павловичъ"} <= {m.text for m in doc.mentions}
    names = {e.name for e in doc.entities}
    assert {"Наполеон", "Александр Павлович"} <= names
    data = doc.to_dict()
    assert data["meta"]["orthography"] == "prereform"
    assert Document.from_dict(json.loads(json.dumps(data))) == doc


def test_long_prereform_text_in_pieces():
    from letopis.chunk import analyze_chunked
    from letopis.pipeline import default_pipeline

    paragraph = "Графъ Ростопчинъ писалъ Государю изъ Москвы о пожарѣ.\n"
    text = paragraph * 40
    doc = analyze_chunked(text, None, default_pipeline(), size=600,
                          meta=Meta(orthography="prereform"))
    check_spans(doc)
    persons = [e for e in doc.entities if e.label == "PERSON" and "Ростопчин" in e.name]
    assert len(persons) == 1 and len(persons[0].mentions) == 40


OLD_PIECES = [
    " ", "\n", "\n\n", "«", "»", "—", ",", ".", "ѣ", "і", "ъ", "Ѳ", "ѵ", "ъ-", "-ъ", "Графъ",
    "Ростопчинъ", "писалъ", "въ", "огнѣ", "Россіи", "синія", "разсказъ", "добраго", "1812",
    "года", "9 (22) января", "ст. ст.", "23. XII. 22 г.", "тов.", "Генваря", "дня",
]
old_texts = st.lists(st.one_of(st.sampled_from(OLD_PIECES), st.characters()), max_size=50).map(
    "".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old_texts)
def test_prereform_analysis_never_raises_and_spans_hold(text):
    doc = letopis.analyze(text, meta=Meta(orthography="prereform"))
    assert doc.text == text
    check_spans(doc)
    assert Document.from_dict(doc.to_dict()) == doc


def test_cli_json_of_a_prereform_file_points_into_the_original(tmp_path):
    from typer.testing import CliRunner

    from letopis.cli.main import app

    text = "Графъ Ростопчинъ писалъ Государю 1 сентября 1812 года: «Москва въ огнѣ».\n"
    path = tmp_path / "old.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0
    doc = Document.from_dict(json.loads(result.stdout))
    assert doc.text == text and doc.meta.orthography == "prereform"
    check_spans(doc)
    assert "Ростопчинъ" in {m.text for m in doc.mentions}
    [date] = doc.dates
    assert (date.edtf, date.calendar, date.original) == ("1812-09-13", "julian", "1812-09-01")


def test_words_broken_at_a_line_end_are_joined_in_the_shadow():
    text = "Императоръ Алек-\nсандръ прибылъ въ Москву; какой-\nнибудь чиновникъ ждалъ."
    shadow = build_shadow(text)
    assert shadow.text == "Император Александр прибыл в Москву; какой-нибудь чиновник ждал."
    start = shadow.text.index("Александр")
    lo, hi = shadow.span(start, start + len("Александр"))
    assert text[lo:hi] == "Алек-\nсандръ"  # the hyphen and the break belong to the word
    assert broken_word("Алек", "сандръ") == "Александр"
    assert broken_word("северо", "и") is None  # a suspended hyphen: two words
    assert broken_word("Новгород", "Северский") is None  # an upper-case part: no break


def test_a_prereform_name_broken_at_a_line_end_is_one_mention():
    text = ("Лѣтомъ 1812 года Государь Алек-\nсандръ Павловичъ находился въ Вильнѣ, "
            "а Наполеонъ перешелъ Нѣманъ.")
    doc = letopis.analyze(text)
    check_spans(doc)
    mention = next(m for m in doc.mentions if m.text.startswith("Алек"))
    assert mention.text == "Алек-\nсандръ Павловичъ" and mention.label == "PERSON"
    assert any(e.name == "Александр Павлович" for e in doc.entities)


def test_a_modern_text_with_broken_words_is_read_through_a_shadow():
    text = "Письмо при-\nшло из Моск-\nвы в четверг. Северо- и юго-западный ветер."
    assert has_broken_words(text) and not has_broken_words("Северо- и юго-западный ветер.")
    doc = letopis.analyze(text)
    check_spans(doc)
    assert doc.text == text and doc.meta.orthography != "prereform"
    assert any(m.text == "Моск-\nвы" and m.label == "CITY" for m in doc.mentions)
    plain = letopis.analyze("Северо- и юго-западный ветер дул над Москвой.")
    check_spans(plain)
    assert plain.origin is None


@pytest.mark.parametrize(("word", "folded"), [
    ("Mоскве", "Москве"),  # a Latin M
    ("Xрущёв", "Хрущёв"),
    ("Tу-154", "Ту-154"),
    ("CD-диск", "CD-диск"),  # a Latin part stays Latin
    ("iPhone", "iPhone"),
    ("MOCKBA", "MOCKBA"),  # no Cyrillic letter: nothing to fold towards
    ("Pоссiя", "Россiя"),  # Latin i is the old і: modern_word's business
])
def test_latin_lookalikes_inside_cyrillic_words(word, folded):
    assert fold_lookalikes(word) == folded
    assert len(fold_lookalikes(word)) == len(word)


def test_a_text_with_latin_lookalikes_is_read_through_a_shadow():
    text = "В 1812 году Haполеон вошёл в Mоскву, а Kутузов отступил к Tарутину."
    assert has_mixed_words(text) and not has_mixed_words("Ракета Falcon-9 и iPhone.")
    doc = letopis.analyze(text)
    check_spans(doc)
    assert doc.text == text
    moscow = next(m for m in doc.mentions if m.text == "Mоскву")
    assert moscow.label == "CITY"
    entity = next(e for e in doc.entities if e.id == moscow.entity)
    assert entity.name == "Москва" and "Mоскву" in entity.aliases


def test_latin_lookalikes_in_a_prereform_text():
    text = "Въ 1812 году Haполеонъ стоялъ въ Mосквѣ, а Кутузовъ отступилъ къ Тарутину."
    doc = letopis.analyze(text)
    check_spans(doc)
    assert doc.meta.orthography == "prereform"
    assert any(m.text == "Mосквѣ" and m.label == "CITY" for m in doc.mentions)


@pytest.mark.parametrize(("word", "joined"), [
    ("на-примѣръ", "например"),  # the old spelling of an adverb
    ("По-этому", "Поэтому"),
    ("Шве-цію", "Швецию"),  # a line-end hyphen kept when OCR joined the lines
    ("северо-западный", None),  # the dictionary knows it hyphenated
    ("Муравьёв-Апостол", None),
    ("г-мъ", None),  # господином: one letter on the left
    ("Я-съ", None),
])
def test_a_hyphen_inside_a_word(word, joined):
    assert joined_hyphen(word) == joined


def test_a_modern_text_with_an_inner_hyphen_is_read_through_a_shadow():
    text = "Он уехал в Шве-цию, а по-этому письмо не дошло."
    assert has_inner_hyphens(text) and not has_inner_hyphens("Кто-нибудь из-за Ростова-на-Дону.")
    doc = letopis.analyze(text)
    check_spans(doc)
    assert doc.text == text
    assert any(m.text == "Шве-цию" and m.label == "COUNTRY" for m in doc.mentions)


def test_stress_marks_and_decomposed_letters_do_not_split_words():
    import unicodedata

    from letopis.ortho import unmarked

    assert unmarked("Дюма́") == "Дюма" and unmarked("сло́во") == "слово"
    assert unmarked(unicodedata.normalize("NFD", "Йорк")) == "Йорк"
    text = "Опыты г. Дюма́ дали новое. " + unicodedata.normalize("NFD", "Артём Ёлкин приехал.")
    doc = letopis.analyze(text)
    check_spans(doc)
    assert doc.text == text
    names = {m.text: e.name for m in doc.mentions for e in doc.entities if m.entity == e.id}
    assert names["Дюма́"] == "Дюма"
    assert names[unicodedata.normalize("NFD", "Артём Ёлкин")] == "Артём Ёлкин"


def test_letter_spaced_words_are_read_as_words():
    from letopis.ortho import spaced_words

    def words(text: str) -> list[str]:
        return [word for _, _, word in spaced_words(text)]

    assert words("Сказал  с л о в о  и ушел.") == ["слово"]
    assert words("Там  Д е р ж а в и н  и  Ж у к о в с к и й  читали.") == [
        "Державин", "Жуковский"]
    assert words("Г у б е р н а т о р М у р а в ь е в прибыл.") == ["Губернатор", "Муравьев"]
    assert words("Б у л г а р и н и П о л е в о й") == ["Булгарин", "Полевой"]
    assert words("и в с е а к у") == []


def test_a_letter_spaced_name_is_a_person_over_its_letters():
    doc = letopis.analyze("Об этом писал  Б е л и н с к и й  в 1847 году.")
    check_spans(doc)
    persons = [(m.text, m.entity) for m in doc.mentions if m.label == "PERSON"]
    assert persons and persons[0][0] == "Б е л и н с к и й"
    names = {e.id: e.name for e in doc.entities}
    assert names[persons[0][1]] == "Белинский"


def test_ocr_letters_of_italics_and_a_lone_latin_letter():
    from letopis.ortho import fold_lookalikes, lone_latin

    assert fold_lookalikes("rоду") == "году"
    assert fold_lookalikes("Фyнκa") == "Функа"  # a Greek kappa among the Latin look-alikes
    assert fold_lookalikes("Ἀθῆναι") == "Ἀθῆναι"  # a Greek word stays
    assert fold_lookalikes("nоезд") == "поезд"
    assert fold_lookalikes("rыбк") == "rыбк"  # no word of the dictionary: left as it is
    text = "B 1912 году он уехал C братом. Витамин C. Класс A, B."
    assert lone_latin(text, 0) and lone_latin(text, text.index("C братом"))
    assert not lone_latin(text, text.index("C."))
    assert not lone_latin(text, text.index("A,"))
    assert not lone_latin("Папа Пий X умер", 9)  # a ruler's number


def test_a_date_read_through_ocr_letters():
    doc = letopis.analyze("B 1912 rоду в Казани открылся университетский музей.")
    check_spans(doc)
    dates = {doc.mention(d.mention).text: d.edtf for d in doc.dates}
    assert dates == {"B 1912 rоду": "1912"}


def test_a_run_of_capitals_inside_running_text_is_read_in_ordinary_case():
    from letopis.ortho import truecase

    line = "Вышли въ свѣтъ 145) ЗАПИСКИ О ПОХОДѢ ВЪ ПЕРСІЮ Г. К. Соч. А. Петрова."
    assert truecase(line) == (
        "Вышли въ свѣтъ 145) Записки о походѣ въ Персію Г. К. Соч. А. Петрова.")
    assert truecase("Матч ЦСКА и СКА прошел в МОСКВЕ.") == "Матч ЦСКА и СКА прошел в МОСКВЕ."


def test_a_word_in_capitals_for_emphasis_only_in_old_spelling():
    from letopis.ortho import truecase

    assert truecase("Это была простая ХИТРОСТЬ.", lone=True) == "Это была простая хитрость."
    assert truecase("Глава ФИФА прибыл.") == "Глава ФИФА прибыл."


def test_an_old_hyphenated_place_name_is_two_words():
    from letopis.ortho import hyphenated_name

    assert hyphenated_name("Нижняго-Новгорода") == "Нижнего Новгорода"
    assert hyphenated_name("Ростов-на-Дону") is None
    assert hyphenated_name("Римскаго-Корсакова") is None
    doc = letopis.analyze("Изъ Нижняго-Новгорода пишутъ, что 15-го іюля открылась ярмарка. "
                          "Купецъ 1-й гильдіи пожертвовалъ 10,000 руб. на богадѣльню.")
    check_spans(doc)
    cities = {m.text: m.entity for m in doc.mentions if m.label == "CITY"}
    assert list(cities) == ["Нижняго-Новгорода"]
    assert {e.id: e.name for e in doc.entities}[cities["Нижняго-Новгорода"]] == (
        "Нижний Новгород")


def test_a_surname_in_capitals_after_initials_is_read_as_a_name():
    """Signatures and typewritten orders set surnames in capitals inside running text."""
    from letopis.ortho import truecase

    assert truecase("Подписал нарком Л. БЕРИЯ.") == "Подписал нарком Л. Берия."
    assert truecase("Доложить тов. ИВАНОВУ и гр. ПЕТРОВОЙ-ВОДКИНОЙ.") == (
        "Доложить тов. Иванову и гр. Петровой-Водкиной.")
    assert truecase("прислалъ А. СТРУГОВЩИКОВЪ.") == "прислалъ А. Струговщиковъ."
    assert truecase("Об этом сказал В. ООН и ТАСС.") == "Об этом сказал В. ООН и ТАСС."
    text = "Назначить И. И. СЕМЁНОВА начальником отдела. Подписал нарком Л. БЕРИЯ."
    doc = letopis.analyze(text)
    check_spans(doc)
    names = {m.text: doc.normals[m.id] for m in doc.mentions if m.label == "PERSON"}
    assert names == {"И. И. СЕМЁНОВА": "И. И. Семёнова", "Л. БЕРИЯ": "Л. Берия"}
