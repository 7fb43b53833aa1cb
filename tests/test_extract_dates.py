"""DATE mentions and EDTF values from letopis.extract.dates."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from letopis.doc import Document, check_spans
from letopis.extract.dates import tag_dates
from letopis.extract.grammars.dates import roman, scan, symbols
from letopis.morph import tag_morph
from letopis.segment import segment


def run(text: str) -> Document:
    """Segment, tag morphology and dates; every span is checked."""
    doc = tag_dates(tag_morph(segment(Document(text))))
    check_spans(doc)
    return doc


def dates(text: str) -> list[tuple[str, str | None]]:
    """(mention text, EDTF or None) for each DATE mention, in text order."""
    doc = run(text)
    values = {d.mention: d.edtf for d in doc.dates}
    mentions = sorted((m for m in doc.mentions if m.label == "DATE"), key=lambda m: m.start)
    return [(m.text, values.get(m.id)) for m in mentions]


# (sentence, the DATE span text, its EDTF value)
CASES = [
    # years
    ("Завод пустили в 1956 году на окраине города.", "в 1956 году", "1956"),
    ("В 1961 г. он переехал в Киев.", "В 1961 г", "1961"),
    ("Отчёт за 1954г. пропал.", "за 1954г", "1954"),
    ("1947 год выдался голодным.", "1947 год", "1947"),
    ("Во 2012 году школу закрыли.", "Во 2012 году", "2012"),
    ("Мост построили в 988 году.", "в 988 году", "0988"),
    ("Это было в 1956-м, незадолго до отставки.", "в 1956-м", "1956"),
    ("Только в 1956 все переменилось.", "в 1956", "1956"),
    ("В 1956 советские войска вошли в город.", "В 1956", "1956"),
    ("К 1960 году план выполнили.", "К 1960 году", "../1960"),
    ("Он родился в текущем 2011 году.", "в текущем 2011 году", "2011"),
    # open intervals
    ("Он работал в институте с 1938 года и не жаловался.", "с 1938 года", "1938/.."),
    ("Архив хранился в подвале до 1953 года.", "до 1953 года", "../1953"),
    ("После 1953 года лагеря опустели.", "После 1953 года", "1953/.."),
    ("Со 1920 г. деревня пустела.", "Со 1920 г", "1920/.."),
    ("Начиная с 1931 года выпуск рос.", "с 1931 года", "1931/.."),
    # months and days
    ("Пленум собрался в июне 1956 года в Кремле.", "в июне 1956 года", "1956-06"),
    ("Письмо отправили в марте 1953 г. из Тбилиси.", "в марте 1953 г", "1953-03"),
    ("Август 1968 года запомнился всем.", "Август 1968 года", "1968-08"),
    ("Приказ подписан 30 июня 1956 г. в Москве.", "30 июня 1956 г", "1956-06-30"),
    ("Указ от 12 апреля 1961 года вышел утром.", "от 12 апреля 1961 года", "1961-04-12"),
    ("Он вернулся 5 августа и сразу уехал.", "5 августа", "XXXX-08-05"),
    ("Заседание назначили на 3-е ноября.", "на 3-е ноября", "XXXX-11-03"),
    ("В сентябре она вернулась.", "В сентябре", "XXXX-09"),
    ("Июль прошлого года был жарким.", "Июль прошлого года", "XXXX-07"),
    ("Утром 5 мая 300 рабочих вышли на площадь.", "5 мая", "XXXX-05-05"),
    ("Утром 5 мая 300 вышли на площадь.", "5 мая", "XXXX-05-05"),
    ("Он приехал в июле прошлого года.", "в июле прошлого года", "XXXX-07"),
    ("Во вторник, 14 марта 1950 года, пришла телеграмма.",
     "Во вторник, 14 марта 1950 года", "1950-03-14"),
    ("Протокол датирован 30.06.1956 и подписан.", "30.06.1956", "1956-06-30"),
    ("Дата на бланке: 01/09/1939.", "01/09/1939", "1939-09-01"),
    ("Запись от 1957-10-04 уцелела.", "от 1957-10-04", "1957-10-04"),
    # seasons and sub-year groupings
    ("Весной 1956 начались реабилитации.", "Весной 1956", "1956-21"),
    ("Летом 1941 года всё рухнуло.", "Летом 1941 года", "1941-22"),
    ("Осенью 1917 г. власть сменилась.", "Осенью 1917 г", "1917-23"),
    ("Зимой 1942 года город голодал.", "Зимой 1942 года", "1942-24"),
    ("В первом квартале 1958 года цены выросли.", "В первом квартале 1958 года", "1958-33"),
    ("Итоги второго полугодия 1959 года слабые.", "второго полугодия 1959 года", "1959-41"),
    # decades and centuries
    ("В 1930-е годы село опустело.", "В 1930-е годы", "193X"),
    ("Он писал стихи в 1950-х годах.", "в 1950-х годах", "195X"),
    ("Мода на джаз пришла в 1920-х.", "в 1920-х", "192X"),
    ("В 90-х годах завод закрыли.", "В 90-х годах", "199X"),
    ("К 1950-м годам деревня опустела.", "К 1950-м годам", "../1959"),
    ("Храм перестроили в XX веке.", "в XX веке", "19XX"),
    ("ХIХ век был веком романа.", "ХIХ век", "18XX"),
    ("Рукопись датируют XVII в. по почерку.", "XVII в", "16XX"),
    # beginning, middle, end, halves
    ("В конце 1950-х начались перемены.", "В конце 1950-х", "1957~/1959~"),
    ("В начале 1960-х он ушёл на пенсию.", "В начале 1960-х", "1960~/1963~"),
    ("В середине 1970-х годов цены выросли.", "В середине 1970-х годов", "1974~/1976~"),
    ("В конце 1956 года пленум собрался снова.", "В конце 1956 года", "1956-10~/1956-12~"),
    ("В первой половине 1956 года шли проверки.", "В первой половине 1956 года",
     "1956-01/1956-06"),
    ("В начале мая 1945 года пал Берлин.", "В начале мая 1945 года", "1945-05-01~/1945-05-10~"),
    ("В конце февраля 1956 года съезд закончился.", "В конце февраля 1956 года",
     "1956-02-21~/1956-02-29~"),
    ("В начале XX века город рос.", "В начале XX века", "1900~/1920~"),
    ("С конца 1950-х он молчал.", "С конца 1950-х", "1957~/.."),
    ("До конца 1950-х он молчал.", "До конца 1950-х", "../1959~"),
    ("В конце мая сад зацвёл.", "В конце мая", "XXXX-05"),
    ("По 1953 год он сидел.", "По 1953 год", "../1953"),
    ("В 00-х годах всё изменилось.", "В 00-х годах", "200X"),
    ("Сегодня, 9 мая 1965 года, парад.", "Сегодня, 9 мая 1965 года", "1965-05-09"),
    ("Иванов, 1931 года рождения, арестован.", "1931 года рождения", "1931"),
    # ranges
    ("С 1938 по 1953 год он руководил наркоматом.", "С 1938 по 1953 год", "1938/1953"),
    ("В 1938–1953 годах архив был закрыт.", "В 1938–1953 годах", "1938/1953"),
    ("С 1941 года по 1945 год шла война.", "С 1941 года по 1945 год", "1941/1945"),
    ("Он служил с 1938 г. по 1953 г. на севере.", "с 1938 г. по 1953 г", "1938/1953"),
    ("Собрание шло с 5 по 21 августа 1956 года.", "с 5 по 21 августа 1956 года",
     "1956-08-05/1956-08-21"),
    ("Раскопки шли 17–28 мая 1962 года.", "17–28 мая 1962 года", "1962-05-17/1962-05-28"),
    ("С марта 1953 по июнь 1956 года шли споры.", "С марта 1953 по июнь 1956 года",
     "1953-03/1956-06"),
    ("В августе-сентябре 1998 г. рубль рухнул.", "В августе-сентябре 1998 г",
     "1998-08/1998-09"),
    ("Стройка шла в 1938–53 гг. без перерыва.", "в 1938–53 гг", "1938/1953"),
    ("Между 1938 и 1953 годами он не писал.", "Между 1938 и 1953 годами", "1938/1953"),
    ("От 1920 до 1925 года он жил в Париже.", "От 1920 до 1925 года", "1920/1925"),
    ("В конце XIX — начале XX века город рос.", "В конце XIX — начале XX века",
     "1880~/1920~"),
    # approximate
    ("Дом построен около 1920 года.", "около 1920 года", "1920~"),
    ("Он уехал примерно в 1920 году.", "примерно в 1920 году", "1920~"),
    ("Здание возвели ок. 1920 г. на месте сада.", "ок. 1920 г", "1920~"),
    ("Рукопись написана приблизительно в 1890-х годах.",
     "приблизительно в 1890-х годах", "189X~"),
]


@pytest.mark.parametrize(("sentence", "span", "edtf"), CASES)
def test_normalization(sentence: str, span: str, edtf: str) -> None:
    assert (span, edtf) in dates(sentence)


@pytest.mark.parametrize("sentence", [
    "В беседах, в которых участвовало 5, 7, 10 человек, говорили открыто.",
    "На митинг пришли 1956 человек.",
    "Штраф составил 2000 рублей.",
    "Съезд собрал около 1500 делегатов.",
    "В 1500 городах открыли школы.",
    "Он прожил 1956 дней в ссылке.",
    "До 1200 человек работали в цеху.",
    "Модель МиГ1956 не летала.",
    "Цена выросла в 1956,5 раза.",
    "Номер 1956 был свободен.",
    "Шёл 1956.",
    "Их было около 1920.",
    "Май выдался холодным.",
    "Об этом говорил Август.",
    "Королева Елизавета II в Лондоне.",
    "XX съезд КПСС собрался.",
    "Он умер на 102-м году жизни.",
    "В лето 6496 князь крестился.",
    "Ссылка https://example.org/2016-06-30/doc открыта.",
    "Он 90-х не помнил.",
])
def test_no_date(sentence: str) -> None:
    assert [d for d in dates(sentence) if d[1] is not None] == []
    assert not any(any(ch.isdigit() for ch in text) for text, _ in dates(sentence))


# The EDTF forms this extractor writes (a subset of EDTF levels 0-2), for a syntax check.
_POINT = (r"(?:\d{4}|\d{3}X|\d{2}XX|XXXX)(?:-(?:0[1-9]|1[0-2]|2[1-4]|3[3-9]|4[01])"
          r"(?:-(?:0[1-9]|[12]\d|3[01]))?)?~?")
EDTF = re.compile(rf"{_POINT}|{_POINT}/{_POINT}|\.\./{_POINT}|{_POINT}/\.\.")


def test_values_are_edtf() -> None:
    for _, _, edtf in CASES:
        assert EDTF.fullmatch(edtf), edtf


def test_open_interval_of_unknown_year_has_no_value() -> None:
    assert dates("Он ждал с мая, а уехал до 5 июня.") == [("с мая", None), ("до 5 июня", None)]


def test_approximate_season_stays_a_season() -> None:
    assert dates("Сад заложили примерно весной 1956 года.") == [
        ("примерно весной 1956 года", "1956-21")]


def test_counts_in_a_list_give_no_date() -> None:
    assert dates("Об этом знали 5, 7, 10 человек из 1956 опрошенных.") == []


def test_invalid_day_is_a_mention_without_value() -> None:
    assert dates("Свадьбу назначили на 31 февраля 1956 года.") == [
        ("на 31 февраля 1956 года", None)]
    assert dates("Указ помечен 29 февраля 1957 г.") == [("29 февраля 1957 г", None)]
    assert dates("Указ помечен 29 февраля 1956 г.") == [("29 февраля 1956 г", "1956-02-29")]
    assert dates("Дата 31.02.1956 неверна.") == [("31.02.1956", None)]


def test_impossible_numbers_are_no_dates() -> None:
    assert dates("Код 45.13.1956 и 45 мая.") == []


def test_backward_range_has_no_value() -> None:
    assert dates("С 1953 по 1938 год.") == [("С 1953 по 1938 год", None)]


def test_season_of_unnamed_year_has_no_value() -> None:
    assert dates("Осенью прошлого года сад пропал.") == [("Осенью прошлого года", None)]


def test_enumerated_years_are_separate_mentions() -> None:
    assert dates("Он выступал в 1956 и 1957 годах.") == [
        ("в 1956", "1956"), ("1957 годах", "1957")]


def test_relative_dates_are_mentions_without_value() -> None:
    found = dates("Вчера пришло письмо, в прошлом году было иначе, а в понедельник был пленум.")
    assert found == [("Вчера", None), ("в прошлом году", None), ("в понедельник", None)]


def test_exact_offsets() -> None:
    text = "Пленум собрался в июне 1956 года, а 30 июня 1956 г. вышло постановление."
    doc = run(text)
    spans = sorted((m.start, m.end) for m in doc.mentions if m.label == "DATE")
    assert spans == [(16, 32), (36, 50)]
    assert text[16:32] == "в июне 1956 года"
    assert text[36:50] == "30 июня 1956 г"  # the period of "г." stays outside, as in NEREL


def test_every_value_belongs_to_a_date_mention() -> None:
    doc = run("В 1956 году, с 1938 года и в XX веке; вчера.")
    labels = {m.id: m.label for m in doc.mentions}
    assert len(doc.dates) == 3
    assert all(labels[d.mention] == "DATE" for d in doc.dates)


def test_running_twice_adds_nothing() -> None:
    doc = run("В 1956 году и с 1938 года.")
    before = (len(doc.mentions), len(doc.dates))
    tag_dates(doc)
    check_spans(doc)
    assert (len(doc.mentions), len(doc.dates)) == before


def test_other_mentions_are_kept() -> None:
    doc = Document("Хрущёв выступил в 1956 году.")
    doc.add_mention(0, 6, "PERSON")
    tag_dates(doc)
    check_spans(doc)
    assert [m.label for m in doc.mentions] == ["PERSON", "DATE"]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "…", "🙂 1956 🙂", "\ud800 в 1956 году",
                                  "9" * 5000 + " году", "в\u00a01956\u00a0году"])
def test_robust_inputs(text: str) -> None:
    doc = tag_dates(Document(text))  # no segmentation: tokens are not needed
    check_spans(doc)


def test_nbsp_and_line_break_inside_a_date() -> None:
    assert dates("в\u00a01956\u00a0году") == [("в\u00a01956\u00a0году", "1956")]
    assert dates("в июне\n1956 года") == [("в июне\n1956 года", "1956-06")]
    # a blank line ends an expression
    assert dates("в июне\n\n1956 года") == [("в июне", "XXXX-06"), ("1956 года", "1956")]


def test_scanner_symbols() -> None:
    assert symbols(scan("с 5 по 21 августа 1956 г.")) == "sdbdMYg."
    assert symbols(scan("в конце 1950-х")) == "vCE"
    assert roman("XIX") == 19
    assert roman("ХХ") == 20  # Cyrillic Х
    assert roman("IIII") is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("в с до по 1956 19 5 мая года г. XX век -–,.\n")),
               max_size=80))
def test_any_text_keeps_the_span_invariant(text: str) -> None:
    doc = tag_dates(Document(text))
    check_spans(doc)
    ids = {m.id for m in doc.mentions}
    assert all(d.mention in ids for d in doc.dates)


def test_thirds_of_a_century_and_ordinals_in_digits():
    from letopis.pipeline import analyze

    doc = analyze("В 1-й трети XX века. Во 2-й половине XIX в. В последней трети XIX "
                  "столетия. В 4-й четверти XIX в.")
    starts = {m.id: m.start for m in doc.mentions}
    assert [d.edtf for d in sorted(doc.dates, key=lambda d: starts[d.mention])] == [
        "1900/1933", "1850/1899", "1867/1899", "1875/1899"]


def test_a_year_of_the_world_era_needs_no_cue():
    from letopis.pipeline import analyze

    doc = analyze("В прошлом 7190 году государь скончался. В 2019 году.")
    assert {(d.edtf, d.calendar, d.original) for d in doc.dates} == {
        ("1681/1682", "byzantine", "7190"), ("2019", None, None)}
