"""Historical dates: double dates, style markers, the world era, Roman-numeral months,
two-digit years, years from context and the default calendar (our own sentences)."""

from __future__ import annotations

import pytest

import letopis
from letopis.doc import Document, Meta, check_spans
from letopis.extract.calendars import find_forms, tag_historical_dates, to_gregorian
from letopis.extract.dates import tag_dates


def dated(text: str, meta: Meta | None = None) -> Document:
    """The dates and calendars stages only (no model): fast and exact."""
    doc = Document(text, meta=meta or Meta())
    doc = tag_historical_dates(tag_dates(doc))
    check_spans(doc)
    return doc


def values(doc: Document) -> dict[str, tuple]:
    return {doc.mention(d.mention).text: (d.edtf, d.calendar, d.original, d.inferred)
            for d in doc.dates}


def test_conversion_goes_through_convertdate():
    assert to_gregorian(1905, 1, 9) == (1905, 1, 22)
    assert to_gregorian(1812, 8, 26) == (1812, 9, 7)
    assert to_gregorian(1700, 2, 28) == (1700, 3, 10)


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Сход собрался 1 (14) февраля 1861 года.", "1 (14) февраля 1861 года",
     ("1861-02-14", "julian", "1861-02-01", None)),
    ("Указ подписан 19/31 августа 1880 г.", "19/31 августа 1880 г",
     ("1880-08-31", "julian", "1880-08-19", None)),
    ("Съезд открылся 30 июля (12 августа) 1903 г. в Брюсселе.", "30 июля (12 августа) 1903 г",
     ("1903-08-12", "julian", "1903-07-30", None)),
    ("Письмо отправлено 20 декабря 1904 (2 января 1905) г. из Порт-Артура.",
     "20 декабря 1904 (2 января 1905) г", ("1905-01-02", "julian", "1904-12-20", None)),
    ("Это было 25 декабря (6 января) 1811 года.", "25 декабря (6 января) 1811 года",
     ("1812-01-06", "julian", "1811-12-25", None)),
    # the New Style half marked inside its parentheses
    ("Полк выступил 3 марта 1877 (15 марта н. ст.) г. к границе.",
     "3 марта 1877 (15 марта н. ст.) г", ("1877-03-15", "julian", "1877-03-03", None)),
    ("Пароход пришёл 30 июня (12 июля по новому стилю) 1869 года.",
     "30 июня (12 июля по новому стилю) 1869 года", ("1869-07-12", "julian", "1869-06-30", None)),
])
def test_double_dates(text, span, value):
    assert values(dated(text)) == {span: value}


def test_yearless_double_date_marked_new_style_inside():
    doc = dated("Письмо от 2 апреля 1854 года. Князь отбыл 28 февраля (12 марта н. ст.) в Кутаис.")
    assert values(doc)["28 февраля (12 марта н. ст.)"] == (
        "1854-03-12", "julian", "1854-02-28", "year")


def test_double_date_without_year_takes_the_passage_year():
    doc = dated("Манифест 1861 года. Его объявили 5 (17) марта в церквах.")
    assert values(doc)["5 (17) марта"] == ("1861-03-17", "julian", "1861-03-05", "year")


def test_numbers_in_parentheses_are_not_a_double_date():
    assert find_forms("В списке 12 (15) фамилий и 4 (5) адреса.") == []
    assert find_forms("Было 10 (11) мая — нет, 10 (30) мая.") == []


@pytest.mark.parametrize(("text", "value"), [
    ("Восстание 14 декабря 1825 г. по ст. ст. подавлено.",
     ("1825-12-26", "julian", "1825-12-14", None)),
    ("Восстание 14 декабря 1825 года (ст. ст.) подавлено.",
     ("1825-12-26", "julian", "1825-12-14", None)),
    ("Отречение 15 марта 1917 г. (н. ст.) стало известно.",
     ("1917-03-15", "gregorian", "1917-03-15", None)),
    ("Приказ от 10 января 1918 года по старому стилю.",
     ("1918-01-23", "julian", "1918-01-10", None)),
])
def test_style_markers(text, value):
    [got] = values(dated(text)).values()
    assert got == value


def test_world_era():
    doc = dated("Указ дан в 7208 году от сотворения мира. Грамота писана в лето 7190.")
    got = values(doc)
    assert got["в 7208 году от сотворения мира"] == ("1699/1700", "byzantine", "7208", None)
    assert got["в лето 7190"] == ("1681/1682", "byzantine", "7190", None)


def test_world_era_with_a_day():
    doc = dated("Писано 5 марта 7208 года от сотворения мира.")
    [(edtf, calendar, original, _)] = values(doc).values()
    assert (edtf, calendar, original) == ("1700-03-16", "byzantine", "7208-03-05")


@pytest.mark.parametrize(("text", "span", "edtf", "inferred"), [
    ("Протокол от 23. XII. 22 г. утверждён.", "23. XII. 22 г", "1922-12-23", "century"),
    ("Записка от 7.XI.1927 г. получена.", "7.XI.1927 г", "1927-11-07", None),
    ("Сдано 3. IV. 1924 года.", "3. IV. 1924 года", "1924-04-03", None),
    ("Подписано 24 декабря 22 г.", "24 декабря 22 г", "1922-12-24", "century"),
])
def test_paperwork_forms(text, span, edtf, inferred):
    doc = dated(text)
    got = values(doc)
    assert got[span][0] == edtf and got[span][3] == inferred


def test_roman_month_without_year_takes_the_passage_year():
    doc = dated("Пленум 1923 года назначен на 25.XII, отчёт к нему готов.")
    assert values(doc)["25.XII"] == ("1923-12-25", None, None, "year")


def test_list_numbers_are_not_roman_dates():
    assert find_forms("Раздел 1. I. Общие положения. Пункт 2. II. Права. Глава 1/I.") == []


@pytest.mark.parametrize(("text", "span", "edtf"), [
    ("Протокол заседания 23/XII-22 г. утверждён.", "23/XII-22 г", "1922-12-23"),
    ("Получено 22/XII 1922 г. в губкоме.", "22/XII 1922 г", "1922-12-22"),
    ("Войска стреляли 9-го (22-го) января 1905 г. у дворца.", "9-го (22-го) января 1905 г",
     "1905-01-22"),
    ("Сего 1812 года месяца Іюля 4 дня получено письмо.", "1812 года месяца Іюля 4 дня",
     "1812-07-04"),
])
def test_more_paperwork_forms(text, span, edtf):
    assert values(dated(text, Meta(calendar="gregorian" if "(" not in text else None)))[
        span][0] == edtf


def test_old_style_marker_on_a_yearless_date_waits_for_its_year():
    doc = dated("В 1905 году 12 октября ст. ст. началась забастовка.")
    assert values(doc)["12 октября"] == ("1905-10-25", "julian", "1905-10-12", "year")


def test_two_digit_year_follows_the_document_date():
    doc = dated("Отпечатано 5 мая 05 г.", Meta(date="1905"))
    assert values(doc)["5 мая 05 г"][0] == "1905-05-18"  # a pre-1918 document: Julian
    doc = dated("Отпечатано 5 мая 05 г.", Meta(date="2005", calendar="gregorian"))
    assert values(doc)["5 мая 05 г"][0] == "2005-05-05"


def test_year_from_context_rolls_over_new_year():
    doc = dated("30 декабря 1916 года полк выступил. 3 января полк прибыл.",
                Meta(calendar="gregorian"))
    assert values(doc)["3 января"] == ("1917-01-03", None, None, "year")


def test_year_from_the_document_date_when_the_passage_has_none():
    doc = dated("Собрание назначено на 12 мая.", Meta(date="1922-04-30"))
    assert values(doc)["на 12 мая"] == ("1922-05-12", None, None, "year")


def test_no_year_from_a_count_or_a_page():
    doc = dated("В 1500 городах прошли собрания. Стр. 1920. В апреле начался сев.")
    assert values(doc)["В апреле"] == ("XXXX-04", None, None, None)


def test_far_dates_lend_no_year():
    filler = "Текст без дат. " * 200
    doc = dated(f"Это было 5 мая 1920 года. {filler} В июне начался сев.")
    assert values(doc)["В июне"][0] == "XXXX-06"


@pytest.mark.parametrize(("calendar", "orthography", "expected"), [
    (None, None, ("1825-12-14", None, None, None)),              # a modern text: as written
    (None, "prereform", ("1825-12-26", "julian", "1825-12-14", None)),
    ("julian", None, ("1825-12-26", "julian", "1825-12-14", None)),
    ("gregorian", "prereform", ("1825-12-14", None, None, None)),
])
def test_default_calendar(calendar, orthography, expected):
    doc = dated("Восстание 14 декабря 1825 года.", Meta(calendar=calendar,
                                                       orthography=orthography))
    assert values(doc)["14 декабря 1825 года"] == expected


def test_julian_month_becomes_its_gregorian_days():
    doc = dated("В феврале 1917 года начались волнения.", Meta(calendar="julian"))
    assert values(doc)["В феврале 1917 года"][:3] == (
        "1917-02-14/1917-03-13", "julian", "1917-02")


def test_dates_after_the_switch_stay():
    doc = dated("Декрет 14 февраля 1918 года вступил в силу.", Meta(calendar="julian"))
    assert values(doc)["14 февраля 1918 года"] == ("1918-02-14", None, None, None)


def test_unmarked_days_of_a_text_with_double_dates_are_old_style():
    doc = dated("Забастовка началась 3 (16) января 1905 года, а 7 января встали все заводы.")
    assert values(doc)["7 января"] == ("1905-01-20", "julian", "1905-01-07", "year")


def test_unmarked_days_of_a_text_counting_from_the_creation_are_old_style():
    doc = dated("В лето 7150 пришли послы, а 5 марта 1642 года отпущены.")
    assert values(doc)["5 марта 1642 года"] == ("1642-03-15", "julian", "1642-03-05", None)


def test_a_month_named_the_old_way_makes_the_days_old_style():
    doc = dated("Генваря 3 дня 1801 года выехали, а 9 марта прибыли.")
    assert values(doc)["9 марта"][:3] == ("1801-03-21", "julian", "1801-03-09")
    doc = dated("Дано лета 1701 месяца маия в 20 день.")
    assert values(doc)["лета 1701 месяца маия в 20 день"][:3] == (
        "1701-05-31", "julian", "1701-05-20")


def test_a_diary_heading_with_the_year_first_is_one_date():
    doc = dated("1825 года декабря 14. Бунт на площади. 1812 г. генваря 5-го дня выехали.")
    found = values(doc)
    # the old month name elsewhere makes the document's days old style
    assert found["1825 года декабря 14"][:3] == ("1825-12-26", "julian", "1825-12-14")
    assert found["1812 г. генваря 5-го дня"][:3] == ("1812-01-17", "julian", "1812-01-05")


def test_pipeline_keeps_no_numbers_inside_an_old_date():
    doc = letopis.analyze("3 Генваря 1813 года был бал в собрании.")
    check_spans(doc)
    assert [m.label for m in doc.mentions if m.text[:1].isdigit()] == ["DATE"]


def test_a_journals_volume_numeral_is_no_name():
    doc = letopis.analyze("Т. XXIV. — Отд. VI. Смесь. Нервно-паралитический газ VX опасен.")
    check_spans(doc)
    assert not [m for m in doc.mentions if m.text.endswith("XXIV") and m.label != "ORDINAL"]
    from letopis.extract.calendars import roman_ordinals

    doc = Document("Т. XXIV и газ VX.")
    doc.add_mention(0, 7, "PERSON")
    doc.add_mention(doc.text.index("VX"), doc.text.index("VX") + 2, "PRODUCT")
    assert [(m.text, m.label) for m in roman_ordinals(doc).mentions] == [
        ("XXIV", "ORDINAL"), ("VX", "PRODUCT")]


def test_pipeline_keeps_no_numbers_inside_a_double_date():
    doc = letopis.analyze("9 (22) января 1905 года рабочие пошли к Зимнему дворцу.")
    check_spans(doc)
    assert not any(m.label in ("NUMBER", "ORDINAL") for m in doc.mentions)


@pytest.mark.parametrize(("text", "span", "edtf"), [
    ("Пленум 4 января 1923 года. Отчёт представить к 10 января.", "к 10 января",
     "../1923-01-10"),
    ("Забастовка 1921 года шла с марта.", "с марта", "1921-03/.."),
])
def test_open_intervals_take_the_passage_year(text, span, edtf):
    doc = dated(text, Meta(calendar="gregorian"))
    assert values(doc)[span] == (edtf, None, None, "year")


def test_open_interval_without_a_year_has_no_value():
    doc = dated("Отчёт представить к 10 января.")
    assert [m.text for m in doc.mentions] == ["к 10 января"] and doc.dates == []


def test_open_interval_in_old_style():
    doc = dated("Манифест 1905 года. Забастовка шла до 17 октября.", Meta(calendar="julian"))
    assert values(doc)["до 17 октября"] == ("../1905-10-30", "julian", "../1905-10-17", "year")


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Полк выступил на Покров 1812 года.", "на Покров 1812 года",
     ("1812-10-13", "julian", "1812-10-01", None)),
    ("На Крещение 1905 года войска вышли на лёд.", "На Крещение 1905 года",
     ("1905-01-19", "julian", "1905-01-06", None)),
    ("Манифест 1905 года. В Успение народ собрался у собора.", "В Успение",
     ("1905-08-28", "julian", "1905-08-15", "year")),
    ("Свадьбу сыграли на Рождество Христово.", "на Рождество Христово",
     ("XXXX-12-25", "julian", "XXXX-12-25", None)),
])
def test_church_feasts(text, span, value):
    assert values(dated(text))[span] == value


def test_feast_words_without_a_preposition_or_capital_are_no_dates():
    assert find_forms("Покров и Успение — праздники. Таинство на крещение младенца.") == []


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Указ издан в пятый год царствования Екатерины II.",
     "в пятый год царствования Екатерины II",
     ("1766-07-09/1767-07-08", "julian", "1766-06-28/1767-06-27", None)),
    ("На 3-м году царствования императора Павла I вышел манифест.",
     "На 3-м году царствования императора Павла I",
     ("1798-11-17/1799-11-16", "julian", "1798-11-06/1799-11-05", None)),
])
def test_regnal_years(text, span, value):
    assert values(dated(text))[span] == value


def test_reigns_not_in_the_table_are_no_dates():
    assert find_forms("В первый год правления Ивана IV и в год царствования Петра.") == []


def test_regnal_year_in_old_spelling():
    doc = letopis.analyze("Въ первый годъ царствованія Императора Александра І "
                          "учреждены министерства.")
    check_spans(doc)
    [date] = doc.dates
    assert doc.mention(date.mention).text.endswith("Александра І")
    assert date.original == "1801-03-12/1802-03-11"


def _with_date(text: str, span: str) -> Document:
    """A document whose only mention is a DATE over ``span`` (as the NER model gives it)."""
    doc = Document(text)
    start = text.index(span)
    doc.add_mention(start, start + len(span), "DATE")
    return doc


@pytest.mark.parametrize(("text", "span", "numeral"), [
    ("Хрущёв выступил на XX съезде партии.", "на XX", "XX"),
    ("Делегаты готовились к XIX конференции.", "к XIX", "XIX"),
    ("Решения XXII съезда опубликованы.", "XXII", "XXII"),
])
def test_a_bare_roman_numeral_dated_by_the_model_is_an_ordinal(text, span, numeral):
    from letopis.extract.calendars import date_numbers

    doc = date_numbers(_with_date(text, span))
    check_spans(doc)
    assert [(m.text, m.label) for m in doc.mentions] == [(numeral, "ORDINAL")]


@pytest.mark.parametrize("text", ["Это было в XX веке.", "Храм построен в XII в."])
def test_a_roman_century_stays_a_date(text):
    doc = tag_historical_dates(tag_dates(letopis.pipeline.Pipeline(
        [("segment", letopis.segment.segment)])(Document(text))))
    from letopis.extract.calendars import date_numbers

    doc = date_numbers(doc)
    check_spans(doc)
    assert [m.label for m in doc.mentions] == ["DATE"] and doc.dates


def test_a_lower_case_word_is_no_roman_numeral():
    from letopis.extract.calendars import date_numbers

    doc = date_numbers(_with_date("Пришли во дни мира.", "во дни"))
    assert [m.label for m in doc.mentions] == ["DATE"]


@pytest.mark.parametrize(("text", "span", "kept"), [
    ("Николай приехал к ним летом.", "ним летом", "летом"),
    ("Брат пришёл к нему весной 1850 года.", "нему весной 1850 года", "весной 1850 года"),
    ("В его годы так не живут.", "В его годы", "В его годы"),  # possessive: stays
])
def test_a_personal_pronoun_does_not_open_a_date(text, span, kept):
    from letopis.extract.calendars import date_numbers

    doc = date_numbers(_with_date(text, span))
    check_spans(doc)
    assert [(m.text, m.label) for m in doc.mentions] == [(kept, "DATE")]


@pytest.mark.parametrize(("text", "reference"), [
    ("Архив: ГАРФ, ф. 130, оп. 2, д. 45, л. 12–14. Подлинник.", "ф. 130, оп. 2, д. 45, л. 12–14"),
    ("РГАСПИ. Ф. 17. Оп. 3. Д. 1000. Л. 5 об. Копия.", "Ф. 17. Оп. 3. Д. 1000. Л. 5 об."),
    ("ЦГИА СПб., ф. 1410, оп. 1, д. 1877а, лл. 3-4.", "ф. 1410, оп. 1, д. 1877а, лл. 3-4"),
    ("В 1905 г. было 12 д. 5 л.", None),  # no fond nor inventory
])
def test_archival_references(text, reference):
    from letopis.extract.calendars import archival_references

    found = [text[a:b] for a, b in archival_references(text)]
    assert found == ([reference] if reference else [])


def test_numbers_inside_an_archival_reference_are_no_dates():
    from letopis.extract.calendars import drop_in_references

    text = "ГАРФ, ф. 130, оп. 2, д. 45, л. 12–14. Подписано 3 марта 1919 г."
    doc = Document(text)
    for span, label in (("ГАРФ", "ORGANIZATION"), ("130", "NUMBER"), ("12–14", "DATE"),
                        ("3 марта 1919 г", "DATE")):
        start = text.index(span)
        doc.add_mention(start, start + len(span), label)
    drop_in_references(doc)
    check_spans(doc)
    assert [m.text for m in doc.mentions] == ["ГАРФ", "3 марта 1919 г"]


def test_an_old_style_marker_after_a_two_digit_year_converts_once_the_century_is_known():
    doc = letopis.analyze("В 1905 году. 23. XII. 05 г. по ст. ст.",
                          meta=Meta(orthography="prereform"))
    check_spans(doc)
    values = {(d.edtf, d.calendar, d.original) for d in doc.dates}
    assert ("1906-01-05", "julian", "1905-12-23") in values
    doc = letopis.analyze("23. XII. 22 г.ст. ст.", meta=Meta(orthography="prereform"))
    check_spans(doc)  # found by hypothesis: the century could not be read back (ValueError)
    doc = letopis.analyze("14.10.41 н. ст.", meta=Meta(orthography="prereform"))
    check_spans(doc)
    assert [(d.edtf, d.calendar) for d in doc.dates] == [("1941-10-14", "gregorian")]
