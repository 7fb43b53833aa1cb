"""Issue 17 acceptance: our own annotated historical texts, the agreement of a real
pre-1918 passage with its modern transliteration, and the examples of the issue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import letopis
from letopis.doc import PLACE_LABELS, Document, Meta, check_spans
from letopis.eval.spelling import agreement

HERE = Path(__file__).parent / "fixtures" / "historical"
ANNOTATED = sorted(p.name.removesuffix(".expected.json") for p in HERE.glob("*.expected.json"))


def fold(name: str) -> str:
    return name.lower().replace("ё", "е")


def text_of(stem: str) -> str:
    path = HERE / f"{stem}.txt"
    if not path.exists():
        path = HERE / f"{stem}.pre.txt"
    return path.read_text(encoding="utf-8")


def analyzed(stem: str) -> tuple[Document, dict]:
    expected = json.loads((HERE / f"{stem}.expected.json").read_text(encoding="utf-8"))
    text = text_of(stem)
    meta = Meta(**expected["meta"]) if "meta" in expected else None
    doc = letopis.analyze(text, source=f"{stem}.txt", meta=meta)
    assert doc.text == text
    check_spans(doc)
    return doc, expected


def names(doc: Document, labels: set[str]) -> set[str]:
    return {fold(e.name) for e in doc.entities if e.label in labels}


def marked(text: str, spans, meta: Meta | None = None, morph: bool = False) -> Document:
    """``text`` segmented (and morph-tagged with ``morph``), each (name, label) of
    ``spans`` a mention at its first occurrence: the input of one rule stage."""
    from letopis.morph import tag_morph
    from letopis.segment import segment

    doc = segment(Document(text, meta=meta or Meta()))
    if morph:
        doc = tag_morph(doc)
    for name, label in spans:
        start = text.index(name)
        doc.add_mention(start, start + len(name), label)
    return doc


@pytest.mark.parametrize("stem", ANNOTATED)
def test_annotated_text_persons_and_places(stem):
    doc, expected = analyzed(stem)
    persons, places = names(doc, {"PERSON"}), names(doc, set(PLACE_LABELS))
    assert {fold(n) for n in expected.get("persons", [])} <= persons
    assert {fold(n) for n in expected.get("places", [])} <= places
    assert not {fold(n) for n in expected.get("not_persons", [])} & persons


@pytest.mark.parametrize("stem", ANNOTATED)
def test_annotated_text_dates(stem):
    doc, expected = analyzed(stem)
    found = {doc.mention(d.mention).text: d for d in doc.dates}
    for want in expected.get("dates", []):
        got = found.get(want["text"])
        assert got is not None, want["text"]
        for key in ("edtf", "calendar", "original", "inferred"):
            assert getattr(got, key) == want.get(key), (want["text"], key)


@pytest.mark.parametrize("stem", ANNOTATED)
def test_annotated_text_claims(stem):
    doc, expected = analyzed(stem)
    found = {c.text: c for c in doc.claims}
    for want in expected.get("claims", []):
        claim = found.get(want["text"])
        assert claim is not None, want["text"]
        holder = None if claim.holder is None else doc.entity(claim.holder).name
        assert holder == want["holder"], want["text"]


@pytest.mark.parametrize("stem", ["dolgorukov-1841", "torzhok-1840", "silistria-1842"])
def test_prereform_passage_agrees_with_its_transliteration(stem):
    old_text = (HERE / f"{stem}.pre.txt").read_text(encoding="utf-8")
    modern_text = (HERE / f"{stem}.modern.txt").read_text(encoding="utf-8")
    old, modern = letopis.analyze(old_text), letopis.analyze(modern_text)
    assert old.meta.orthography == "prereform" and modern.meta.orthography is None
    assert old.text == old_text
    check_spans(old)
    result = agreement(old, modern)
    assert result.entities == 1.0 and result.mentions == 1.0, (result.only_old,
                                                               result.only_modern)
    # every span is an interval of the untouched original, in the old spelling
    assert any(set(m.text) & set("ъѣіѳѵ") for m in old.mentions)


def test_person_is_one_entity_across_spellings_and_cases():
    doc = letopis.analyze("Кутузовъ прибылъ въ армію. Армія встрѣтила Кутузова съ радостью. "
                          "Государь писалъ Кутузову, и Кутузов отвѣчалъ ему.")
    check_spans(doc)
    persons = [e for e in doc.entities if e.label == "PERSON" and "Кутузов" in e.name]
    assert len(persons) == 1
    assert persons[0].name == "Кутузов"
    assert {"Кутузовъ", "Кутузова", "Кутузову"} <= set(persons[0].aliases)


# -- the examples of issue 17 ---------------------------------------------------

def test_rostopchin_letter():
    doc = letopis.analyze("Графъ Ростопчинъ писалъ Государю: «Москва въ огнѣ».")
    check_spans(doc)
    person = next(m for m in doc.mentions if m.label == "PERSON" and "Ростопч" in m.text)
    assert person.text == "Ростопчинъ"
    assert doc.entity(person.entity).name == "Ростопчин"
    [quote] = doc.quotes
    assert quote.kind == "quotation" and quote.text == "Москва въ огнѣ"
    assert quote.speaker == person.entity
    assert not any(m.label == "ORGANIZATION" for m in doc.mentions)


def test_locative_places_and_capitalized_function_words():
    doc = letopis.analyze("Послѣ сраженія армія стояла въ Смоленскѣ. Чрезъ три дня полки "
                          "пришли къ Москвѣ, а обозы остались въ Калугѣ.")
    check_spans(doc)
    labels = {m.text: m.label for m in doc.mentions}
    assert labels.get("Смоленскѣ") in PLACE_LABELS and labels.get("Москвѣ") in PLACE_LABELS
    assert labels.get("Послѣ") is None and labels.get("Чрезъ") is None


@pytest.mark.parametrize(("text", "span", "edtf", "original"), [
    ("9 (22) января 1905 года рабочие пошли ко дворцу.", "9 (22) января 1905 года",
     "1905-01-22", "1905-01-09"),
    ("8 (20) марта 1917 года был издан приказ.", "8 (20) марта 1917 года",
     "1917-03-20", "1917-03-08"),
    ("23 февраля (8 марта) 1917 г. началась стачка.", "23 февраля (8 марта) 1917 г",
     "1917-03-08", "1917-02-23"),
])
def test_double_dates_are_one_day(text, span, edtf, original):
    doc = letopis.analyze(text)
    check_spans(doc)
    [date] = doc.dates
    assert doc.mention(date.mention).text == span
    assert (date.edtf, date.calendar, date.original) == (edtf, "julian", original)


def test_soviet_paperwork_dates():
    doc = letopis.analyze("Протокол от 23. XII. 22 г. Заседание перенесено на 4. I. 23 г. "
                          "Отпечатано 24 декабря 22 г.")
    check_spans(doc)
    values = {doc.mention(d.mention).text: d.edtf for d in doc.dates}
    assert values == {"23. XII. 22 г": "1922-12-23", "4. I. 23 г": "1923-01-04",
                      "24 декабря 22 г": "1922-12-24"}


def test_yearless_month_takes_the_year_of_the_passage():
    doc = letopis.analyze("30 марта 1968 года он уехал из Праги. В апреле он вернулся.")
    check_spans(doc)
    april = next(d for d in doc.dates if doc.mention(d.mention).text == "В апреле")
    assert (april.edtf, april.inferred) == ("1968-04", "year")


@pytest.mark.parametrize(("text", "content"), [
    ("Мы требуем немедленного созыва съезда.", "немедленного созыва съезда"),
    ("Мы требуем, чтобы съезд был созван.", "съезд был созван"),
])
def test_first_person_demand_is_the_authors(text, content):
    doc = letopis.analyze(text, meta=Meta(author="Н. Петров"))
    check_spans(doc)
    claim = next(c for c in doc.claims if c.text == content)
    assert doc.entity(claim.holder).name == "Н. Петров"


@pytest.mark.parametrize("text", [
    "Я думаю, что война скоро кончится.",
    "Я думаю, что Французы отступятъ въ Смоленскъ, ибо силы ихъ истощены.",  # pre-1918
])
def test_first_person_claim_is_the_authors(text):
    doc = letopis.analyze(text, meta=Meta(author="Н. Петров"))
    check_spans(doc)
    assert (doc.meta.orthography == "prereform") == ("ъ" in text)
    [claim] = doc.claims
    assert doc.entity(claim.holder).name == "Н. Петров"


@pytest.mark.parametrize(("text", "content", "holder"), [
    ("Второй пункт тезисов Петрова утверждает, что профсоюзы должны стать частью "
     "государства.", "профсоюзы должны стать частью государства", "Петров"),
    ("Петров обвиняет Сидорова, будто тот сорвал поставки.", "тот сорвал поставки",
     "Петров"),
    ("Как сообщают все корреспонденты, город оставлен.", "город оставлен", None),
    ("Говорят, штаб переехал в Самару.", "штаб переехал в Самару", None),
])
def test_attribution_forms(text, content, holder):
    doc = letopis.analyze(text)
    check_spans(doc)
    claim = next(c for c in doc.claims if c.text == content)
    assert (None if claim.holder is None else doc.entity(claim.holder).name) == holder


def test_comrade_is_kept_out_of_the_name():
    doc = letopis.analyze("На заседании выступил тов. Петров, затем т. Сидоров.")
    check_spans(doc)
    persons = {e.name for e in doc.entities if e.label == "PERSON"}
    assert {"Петров", "Сидоров"} <= persons
    assert not any(name.startswith("Т.") for name in persons)


def test_quoted_letter_over_several_paragraphs():
    text = ("Петров писал Сидорову:\n\n«Хлеба в уезде нет.\n\n«Подвод тоже нет.\n\n"
            "«Прошу указаний».\n\nОтвета не было.")
    doc = letopis.analyze(text)
    check_spans(doc)
    [quote] = [q for q in doc.quotes if q.kind == "quotation"]
    assert quote.text.startswith("Хлеба в уезде нет.") and quote.text.endswith("Прошу указаний")
    assert doc.entity(quote.speaker).name == "Петров"


def test_common_words_are_not_persons():
    doc = letopis.analyze("Послѣ обѣда Князь уѣхалъ. Чрезъ часъ Художества и Науки "
                          "обсуждались въ собраніи. Къ-этому времени Потемкинъ вернулся.")
    check_spans(doc)
    persons = {m.text for m in doc.mentions if m.label == "PERSON"}
    assert not persons & {"Послѣ", "Чрезъ", "Художества", "Къ-этому"}
    assert "Потемкинъ" in persons


@pytest.mark.parametrize(("orthography", "kept"), [
    ("prereform", {"Фельдмаршал", "Петров"}),
    (None, {"Фельдмаршал", "Художества", "Надобно", "Петров"}),
])
def test_drop_common_words(orthography, kept):
    from letopis.extract.honorifics import drop_common_words

    doc = Document("После Фельдмаршал Художества Надобно Петров",
                   meta=Meta(orthography=orthography))
    for word in ("После", "Фельдмаршал", "Художества", "Надобно", "Петров"):
        start = doc.text.index(word)
        doc.add_mention(start, start + len(word), "PERSON")
    assert {m.text for m in drop_common_words(doc).mentions} == kept


def test_honorifics_stage_is_linear_on_a_flood():
    import time

    from letopis.extract.honorifics import tag_honorifics
    from letopis.segment import segment

    doc = segment(Document("Тов. Сидоров, гр. Толстой и кн. Волконский. " * 3000))
    for start in range(0, len(doc.text), 44):
        doc.add_mention(start, start + 12, "PERSON")  # ``Тов. Сидоров`` with its honorific
    began = time.perf_counter()
    tag_honorifics(doc)
    assert time.perf_counter() - began < 5
    check_spans(doc)
    assert {m.text for m in doc.mentions} == {"Сидоров", "Толстой", "Волконский"}


@pytest.mark.parametrize(("orthography", "kept"), [
    ("prereform", {"Грейг", "Потемкин", "де Линь", "Сидоров"}),
    (None, {"Велел Грейг", "Между-тем Потемкин", "де Линь", "Сидоров"}),
])
def test_common_words_leading_a_name_in_an_old_text(orthography, kept):
    from letopis.extract.honorifics import drop_common_words
    from letopis.segment import segment

    text = "Велел Грейг стрелять. Между-тем Потемкин ждал. Принц де Линь и Сим и Сидоров."
    doc = segment(Document(text, meta=Meta(orthography=orthography)))
    for name in ("Велел Грейг", "Между-тем Потемкин", "де Линь", "Сим", "Сидоров"):
        start = text.index(name)
        doc.add_mention(start, start + len(name), "PERSON")
    drop_common_words(doc)
    check_spans(doc)
    assert {m.text for m in doc.mentions} == kept | ({"Сим"} if orthography is None else set())


def test_timeline_shows_what_the_source_wrote():
    from letopis.report.timeline import timeline_html

    doc = letopis.analyze("9 (22) января 1905 года рабочие шли ко дворцу. В апреле был съезд.")
    html = timeline_html(doc)
    assert "<code>1905-01-22</code>" in html and "Old Style 1905-01-09" in html
    assert "year inferred" in html


def test_surname_first_with_initials_after_is_one_person():
    from letopis.extract.honorifics import tag_honorifics

    text = ("Присутствовали: тт. Сорокин П.И., Ковалёв М. Д., Лапина Е.А. Слушали: "
            "сообщение Петровского Г.И. о хлебозаготовках. Доклад А.И. Егорова принять. "
            "Справку подписал Седых А.")
    doc = marked(text, (("Сорокин", "PERSON"), ("Петровского Г", "ORGANIZATION"),
                        ("Егорова", "PERSON"), ("Седых", "PERSON")), morph=True)
    tag_honorifics(doc)
    check_spans(doc)
    assert {(m.text, m.label) for m in doc.mentions} == {
        ("Сорокин П.И.", "PERSON"), ("Ковалёв М. Д.", "PERSON"), ("Лапина Е.А.", "PERSON"),
        ("Петровского Г.И.", "PERSON"),  # no longer an organization
        ("А.И. Егорова", "PERSON"),  # initials before a person join it
        ("Седых А.", "PERSON"),  # one initial: only after a person already found
    }


def test_initials_before_the_next_name_are_not_postposed():
    from letopis.extract.honorifics import tag_honorifics
    from letopis.morph import tag_morph
    from letopis.segment import segment

    text = "Сообщение А.И. Егорова заслушано. Школа В.В. Смирнова открыта."
    doc = tag_honorifics(tag_morph(segment(Document(text))))
    check_spans(doc)
    assert {m.text for m in doc.mentions} == {"А.И. Егорова", "В.В. Смирнова"}


def test_soviet_protocol_names_in_the_pipeline():
    text = ("Присутствовали: тт. Сорокин П.И., Ковалёв М.Д., Лапина Е.А.\n"
            "Приказ подписал нарком Ворошилов К.Е., копию получил Егоров А.И.")
    doc = letopis.analyze(text)
    check_spans(doc)
    persons = {m.text for m in doc.mentions if m.label == "PERSON"}
    assert {"Сорокин П.И.", "Ковалёв М.Д.", "Лапина Е.А.", "Ворошилов К.Е.",
            "Егоров А.И."} <= persons
    names = {e.name for e in doc.entities if e.label == "PERSON"}
    assert {"К. Е. Ворошилов", "Е. А. Лапина"} <= names


@pytest.mark.parametrize("orthography", ["prereform", None])
def test_hyphenated_adverbs_are_no_persons(orthography):
    from letopis.extract.honorifics import drop_common_words

    text = "По-крайней-мере Эмилия знала. Во-первых, Де-Голль прибыл; За-Ахмед тоже."
    doc = marked(text, [(name, "PERSON") for name in (
        "По-крайней-мере", "Эмилия", "Во-первых", "Де-Голль", "За-Ахмед")],
        Meta(orthography=orthography))
    drop_common_words(doc)
    check_spans(doc)
    assert {m.text for m in doc.mentions} == {"Эмилия", "Де-Голль", "За-Ахмед"}


def test_a_lone_capital_g_before_a_name_is_the_old_honorific():
    from letopis.extract.honorifics import tag_honorifics

    text = "Г. Полевой издаёт журнал, а Г. И. Петровский его читает."
    doc = marked(text, (("Полевой", "PERSON"), ("И. Петровский", "PERSON")), morph=True)
    tag_honorifics(doc)
    check_spans(doc)
    assert {m.text for m in doc.mentions} == {"Полевой", "Г. И. Петровский"}


@pytest.mark.parametrize(("text", "town"), [
    ("Выехать в г. Рославль до 10 апреля.", True),
    ("Из г. Вязьмы прибыл т. Котов.", True),
    ("Заседание состоялось в г. Иванове.", True),  # a surname reading too: в decides
    ("Переехал в г. Великие Луки.", True),
    ("Прибыл из г. Кологрива.", True),
    ("Мы получили письмо от г. Рославль.", True),  # a place and no person reading
    ("Статья г. Полевого вызвала споры.", False),  # the old ``господин``
    ("Письмо к г. Иванову пропало.", False),
    ("Жил у г. Иванова.", False),
])
def test_g_before_a_town_is_gorod(text, town):
    from letopis.extract.geo import town_after
    from letopis.morph import tag_morph
    from letopis.segment import segment

    doc = tag_morph(segment(Document(text)))
    i = next(k for k, t in enumerate(doc.tokens) if t.text == "г")
    assert town_after(doc.tokens, i) is town


def test_towns_after_g_in_the_pipeline():
    text = ("Поручить т. Сорокину выехать в г. Рославль до 10 апреля с.г. "
            "Переехал в г. Нижний Новгород. Статья г. Полевого вызвала споры.")
    doc = letopis.analyze(text)
    check_spans(doc)
    labels = {m.text: m.label for m in doc.mentions}
    assert labels.get("Рославль") == "CITY" and labels.get("Нижний Новгород") == "CITY"
    assert labels.get("Полевого") == "PERSON"
    assert "в г" not in labels  # no DATE over the abbreviation of ``город``


def test_the_bare_year_abbreviation_is_no_date():
    from letopis.extract.calendars import drop_bare_year_words

    text = "Выехать в г. Рославль через год, к 1923 г."
    doc = Document(text)
    for span in ("в г", "через год", "1923 г"):
        start = text.index(span)
        doc.add_mention(start, start + len(span), "DATE")
    drop_bare_year_words(doc)
    assert [m.text for m in doc.mentions] == ["через год", "1923 г"]


def test_settlements_and_units_of_an_address():
    text = ("Крестьяне села Ивановка Кирсановского у. Тамбовской губ. жаловались, "
            "а в д. Петровка и дер. Большие Вязёмы был пожар. Сход Рославльского уезда "
            "решил. Житель одного из сёл Киевской области. В с. Новая Слобода волнения.")
    doc = letopis.analyze(text)
    check_spans(doc)
    labels = {(m.text, m.label) for m in doc.mentions}
    assert {("Ивановка", "CITY"), ("Петровка", "CITY"), ("Большие Вязёмы", "CITY"),
            ("Новая Слобода", "CITY"),
            ("Кирсановского у", "DISTRICT"), ("Тамбовской губ", "STATE_OR_PROVINCE"),
            ("Рославльского уезда", "DISTRICT"),
            ("Киевской области", "STATE_OR_PROVINCE")} <= labels
    assert ("Тамбовской", "CITY") not in labels  # a province's adjective is no place alone
    assert ("Киевской", "CITY") not in labels  # ``сёл``: no village named
    names = {e.name for e in doc.entities}
    assert {"Кирсановский уезд", "Тамбовская губерния"} <= names


@pytest.mark.parametrize(("text", "label", "name"), [
    ("Кирсановского у", "DISTRICT", "Кирсановский уезд"),
    ("Тамбовской губ", "STATE_OR_PROVINCE", "Тамбовская губерния"),
    ("Ивановской вол", "DISTRICT", "Ивановская волость"),
    ("Тамбовской губ", "DISTRICT", ""),  # the label must be the unit's
    ("Тамбовской губернии", "STATE_OR_PROVINCE", ""),  # no abbreviation: normalize_phrase's
])
def test_unit_names_written_with_an_abbreviation(text, label, name):
    from letopis.resolve.normalize import unit_name

    assert unit_name(text, label) == name


def test_two_initials_before_a_surname_the_model_missed():
    from letopis.extract.honorifics import tag_honorifics

    text = ("В 1918 г. Ф. Э. Дзержинский возглавил ВЧК; декрет подписал Д. И. Курским. "
            "Е. И. В. Государь прибыл.")
    # the NER model's fragments
    doc = marked(text, (("Ф. Э", "PERSON"), ("В. Государь", "PERSON")), morph=True)
    tag_honorifics(doc)
    check_spans(doc)
    assert {m.text for m in doc.mentions} == {
        "Ф. Э. Дзержинский", "Д. И. Курским",
        "В. Государь",  # a third initial before: Его Императорского Величества, no name
    }


def test_a_person_after_pod_in_the_instrumental_is_a_place():
    from letopis.extract.geo import located_person

    text = "Я был под Бородином и служил под Суворовым; стояли подо Ржевом."
    doc = Document(text)
    for word, place in (("Бородином", True), ("Суворовым", False), ("Ржевом", True)):
        start = text.index(word)
        assert located_person(doc, start, start + len(word)) is place


def test_adverbs_read_as_names_go():
    from letopis.extract.honorifics import drop_common_words

    # the stage reads the modern shadow of an old text
    text = "Руководитель слишком-часто вдается в политику. Очень-хорошо, Общество согласно."
    doc = marked(text, [(name, "ORGANIZATION") for name in (
        "слишком-часто", "Очень-хорошо", "Общество")], Meta(orthography="prereform"))
    drop_common_words(doc)
    assert [m.text for m in doc.mentions] == ["Общество"]


def test_titles_of_address_name_nobody():
    text = ("Его Превосходительству господину Тверскому гражданскому губернатору. Честь имею "
            "донести Вашему Превосходительству, что Его Императорское Высочество Великий "
            "Князь Константин Павлович прибыл. Граф Толстой приехал.")
    doc = letopis.analyze(text)
    check_spans(doc)
    texts = {m.text for m in doc.mentions}
    assert not texts & {"Превосходительству", "Его Превосходительству", "Императорское",
                        "Высочество"}
    assert not any(m.label == "PERSON" and m.text == "Тверскому" for m in doc.mentions)
    persons = {m.text for m in doc.mentions if m.label == "PERSON"}
    assert {"Константин Павлович", "Толстой"} <= persons


def test_titles_of_address_spans():
    from letopis.extract.honorifics import titles_of_address
    from letopis.morph import tag_morph
    from letopis.segment import segment

    text = "Его Императорскому Величеству и Вашему Сиятельству; Высочество."
    doc = tag_morph(segment(Document(text)))
    assert [text[a:b] for a, b in titles_of_address(doc.tokens)] == [
        "Его Императорскому Величеству", "Вашему Сиятельству", "Высочество"]


def test_g_in_an_old_text_is_mostly_gospodin():
    text = "Она влюбляется въ г. Диккена, секретаря отца своего. Онъ жилъ въ г. Твери."
    doc = letopis.analyze(text)
    check_spans(doc)
    labels = {m.text: m.label for m in doc.mentions}
    assert labels.get("Диккена") == "PERSON" and labels.get("Твери") == "CITY"
