"""Reference works, service records and Soviet paperwork: headwords written surname first,
abbreviations that cut sentences, abbreviated months, birth and death cues, orders and
medals, double surnames, party and district abbreviations. The texts are our own."""

from __future__ import annotations

import pytest

from analysis_views import analyzed, facts, spans
from letopis.doc import Document
from letopis.extract.awards import award_spans
from letopis.segment import continues, segment

ENTRY = ("Муравьев, Николай Николаевич, генерал от инфантерии, род. 14 июля 1794 г. в "
         "Петербурге, ум. 18 окт. 1866 г. в Москве. Участвовал в сражениях под Лейпцигом.")


def test_abbreviations_before_what_they_qualify_end_no_sentence():
    doc = segment(Document(ENTRY))
    assert [s.text for s in doc.sentences] == [ENTRY[:ENTRY.index(" Участвовал")],
                                                "Участвовал в сражениях под Лейпцигом."]
    assert continues("Приказ от 3 февр.", "1921 г. подписан.")
    assert continues("в с. Кудрешки Горбатовского у.", "Нижегородской губ., казнен")
    assert not continues("Он родился в Тамбовской губ.", "Отец его был дьячком.")
    assert not continues("Служил в 1811 г.", "Потом вышел в отставку.")


def test_a_blank_line_after_a_period_ends_a_sentence():
    text = "получил орден св. Георгия 2-й ст.\n\nБестужев-Рюмин, Михаил Павлович, подпоручик."
    doc = segment(Document(text))
    assert [s.text for s in doc.sentences] == [
        "получил орден св. Георгия 2-й ст.", "Бестужев-Рюмин, Михаил Павлович, подпоручик."]
    heading = "Заголовок без точки\n\nПервая фраза статьи."
    assert len(segment(Document(heading)).sentences) == 1  # razdel's, as the NER learnt


@pytest.mark.parametrize("text, date, edtf", [
    ("Он ум. 18 окт. 1866 г. в Москве.", "18 окт. 1866 г", "1866-10-18"),
    ("Приказ от 3 февр. 1921 г. подписан.", "от 3 февр. 1921 г", "1921-02-03"),
    ("Служил с 1 сент. по 15 дек. 1915 г. в полку.", "с 1 сент. по 15 дек. 1915 г",
     "1915-09-01/1915-12-15"),
])
def test_months_cut_short_with_a_period(text, date, edtf):
    doc = analyzed(text)
    assert spans(doc, "DATE") == [date]
    assert [d.edtf for d in doc.dates] == [edtf]
    assert not spans(doc, "NUMBER")  # the day is no number of its own


def test_an_abbreviated_word_without_its_period_is_no_month():
    doc = analyzed("Окт и дек были его прозвищами.")
    assert not spans(doc, "DATE")


def test_a_headword_written_surname_first_is_one_person():
    doc = analyzed(ENTRY)
    assert spans(doc, "PERSON")[0] == "Муравьев, Николай Николаевич"
    person = next(e for e in doc.entities if e.label == "PERSON")
    assert person.name == "Николай Николаевич Муравьев"
    doc = analyzed("Погодин, М. П. История в лицах о царе Борисе.")
    assert spans(doc, "PERSON")[0] == "Погодин, М. П."


@pytest.mark.parametrize("text, persons", [
    ("Вчера пришли Пушкин, Лев Сергеевич и Вяземский.", ["Пушкин", "Лев Сергеевич"]),
    ("Здравствуйте, Иван Петрович! Пишу вам.", ["Иван Петрович"]),
])
def test_a_comma_after_a_word_inside_a_sentence_or_a_greeting_is_no_headword(text, persons):
    assert spans(analyzed(text), "PERSON")[:2] == persons


def test_births_and_deaths_of_a_reference_entry():
    found = facts(analyzed(ENTRY))
    person = "Муравьев, Николай Николаевич"
    assert {("DATE_OF_BIRTH", person, "14 июля 1794 г"),
            ("PLACE_OF_BIRTH", person, "Петербурге"),
            ("DATE_OF_DEATH", person, "18 окт. 1866 г"),
            ("PLACE_OF_DEATH", person, "Москве")} <= found


def test_a_birth_in_a_village_named_after_its_abbreviation():
    doc = analyzed("Бестужев-Рюмин, Михаил Павлович, подпоручик, один из руководителей "
                   "Южного общества, род. 23 мая 1801 г. в с. Кудрешки Горбатовского у. "
                   "Нижегородской губ.")
    person = "Бестужев-Рюмин, Михаил Павлович"
    assert {("DATE_OF_BIRTH", person, "23 мая 1801 г"),
            ("PLACE_OF_BIRTH", person, "Кудрешки")} <= facts(doc)


def test_a_clause_between_the_first_person_and_the_cue_names_no_subject():
    doc = analyzed("Министр опроверг слухи и заявил, что тот ум. от сердечного приступа.")
    assert not {f for f in facts(doc) if f[0].endswith("_OF_DEATH")}


def test_years_in_brackets_after_a_name_are_birth_and_death():
    doc = analyzed("Погодин, Михаил Петрович (1800—1875), историк и издатель.")
    assert spans(doc, "DATE") == ["1800", "1875"]
    assert {d.edtf for d in doc.dates} == {"1800", "1875"}
    person = "Погодин, Михаил Петрович"
    assert {("DATE_OF_BIRTH", person, "1800"), ("DATE_OF_DEATH", person, "1875")} <= facts(doc)


def test_a_term_of_office_after_a_post_stays_one_date():
    doc = analyzed("Он был министром внутренних дел (2001—2003) и депутатом.")
    assert "2001—2003" in spans(doc, "DATE")


@pytest.mark.parametrize("text, award", [
    ("За отличие награжден орденом св. Анны 2-й ст., а потом повышен.",
     "орденом св. Анны 2-й ст."),
    ("Получил орден Святого Владимира 3-й степени с бантом.",
     "орден Святого Владимира 3-й степени с бантом"),
    ("Ему пожалован орден Белого Орла.", "орден Белого Орла"),
    ("Награжден орденом Отечественной войны I степени.",
     "орденом Отечественной войны I степени"),
    ("Награжден орденом «За заслуги перед Отечеством» IV степени.",
     "«За заслуги перед Отечеством» IV степени"),
])
def test_orders_are_one_award(text, award):
    doc = analyzed(text)
    assert award in spans(doc, "AWARD")
    assert not [m for m in doc.mentions if m.label == "ORGANIZATION"
                and award.find(m.text) >= 0 and "«" not in award]


def test_a_person_the_order_is_named_after_is_nobody_awarded():
    doc = analyzed("Генерал Петров награжден орденом Ленина и орденом Красного Знамени.")
    assert "орденом Ленина" in spans(doc, "AWARD")
    assert not {f for f in facts(doc) if f[0] == "AWARDED_WITH" and f[1] == "Ленина"}


@pytest.mark.parametrize("text", [
    "Он завоевал медаль Олимпийских игр.",  # a medal takes a quoted name only
    "Орден был основан в 1769 году.",
    "Награжден орденом Дружбы\nПрезидент России поздравил его.",  # not across a line
])
def test_no_award_without_a_name_on_its_line(text):
    from letopis.morph import tag_morph

    doc = tag_morph(segment(Document(text)))
    assert all("\n" not in text[a:b] for a, b, _ in award_spans(text, doc.tokens))
    assert not [s for s in award_spans(text, doc.tokens) if text[s[0]:s[1]].startswith("медаль")]


@pytest.mark.parametrize("text, name", [
    ("Сын надворного советника Павла Николаевича Бестужева-Рюмина.",
     "Павел Николаевич Бестужев-Рюмин"),
    ("Встреча с Петром Семеновым-Тян-Шанским.", "Петр Семенов-Тян-Шанский"),
    ("Приехала Анна Бестужева-Рюмина.", "Анна Бестужева-Рюмина"),
    ("Беседа с Римским-Корсаковым.", "Римский-Корсаков"),
])
def test_double_surnames_decline_in_every_part(text, name):
    doc = analyzed(text)
    assert [e.name for e in doc.entities if e.label == "PERSON"] == [name]


def test_soviet_paperwork_abbreviations():
    doc = analyzed("Характеристика на члена ВКП(б) с 1925 г. тов. Крылова Степана "
                   "Игнатьевича, уроженца д. Малые Горки Вяземского р-на Западной обл.")
    assert "ВКП(б)" in spans(doc, "ORGANIZATION")
    assert "члена ВКП(б)" in spans(doc, "PROFESSION")
    assert spans(doc, "PERSON") == ["Крылова Степана Игнатьевича"]
    assert "Вяземского р-на" in spans(doc, "DISTRICT")
    assert {e.name for e in doc.entities if e.label == "DISTRICT"} == {"Вяземский район"}


def test_a_settlement_word_opening_a_sentence_names_a_village():
    doc = analyzed("25 августа 1812 года. Деревня Татаринова.")
    assert spans(doc, "CITY") == ["Татаринова"] and not spans(doc, "PERSON")


@pytest.mark.parametrize("text, unit, name", [
    ("Генерал Горчаков с 27-ю пехотною дивизиею удерживал редут.",
     "27-ю пехотною дивизиею", "27-я пехотная дивизия"),
    ("К полудню к ним присоединился Преображенский полк.", "Преображенский полк",
     "Преображенский полк"),
    ("Он служил в лейб-гвардии Семеновском полку.", "лейб-гвардии Семеновском полку",
     "лейб-гвардии Семеновский полк"),
    ("Подпоручик Полтавского пехотного полка явился.", "Полтавского пехотного полка",
     "Полтавский пехотный полк"),
    ("Войска встретились с частями 1-й армии США.", "1-й армии США", "1-я армия США"),
    ("Генерал Раевский командовал 7-м пехотным корпусом.", "7-м пехотным корпусом",
     "7-й пехотный корпус"),
])
def test_military_units_are_organizations(text, unit, name):
    doc = analyzed(text)
    assert unit in spans(doc, "ORGANIZATION")
    mention = next(m for m in doc.mentions if m.text == unit and m.label == "ORGANIZATION")
    assert next(e.name for e in doc.entities if e.id == mention.entity) == name
    assert not [m for m in doc.mentions if m.label in ("FACILITY", "DISTRICT")
                and mention.start <= m.start and m.end <= mention.end]


@pytest.mark.parametrize("text", [
    "Книга стояла на полке у окна.",
    "Приехавшая кардиологическая бригада увезла больного.",  # a capital opening a sentence
    "Его перевели в палату девятого корпуса больницы.",  # a building, by its number alone
    "Он служил в армии два года.",  # no name: the model decides
])
def test_no_unit_without_a_number_or_a_name(text):
    from letopis.extract.military import unit_spans
    from letopis.morph import tag_morph

    doc = segment(Document(text))
    assert unit_spans(text, tag_morph(doc).tokens) == []


def test_titles_of_the_nobility_stand_beside_the_name():
    doc = analyzed("Приказ Генерал-фельдмаршала князя Кутузова. Советник Путина заявил.")
    assert "князя Кутузова" not in spans(doc, "PROFESSION")
    assert "князя" in spans(doc, "PROFESSION") and "Кутузова" in spans(doc, "PERSON")
    assert "Советник Путина" in spans(doc, "PROFESSION")  # an office takes its holder


def test_a_rank_s_own_adjective_is_no_people():
    doc = analyzed("Великий Князь Николай Павлович вступил на престол 14 декабря.")
    assert not [m for m in doc.mentions if m.text == "Великий"]
    assert not {f for f in facts(doc) if f[0] == "ORIGINS_FROM"}


def test_ranks_in_apposition_both_go_to_the_nominative():
    doc = analyzed("Я видел Государя Императора Александра Павловича.")
    names = {e.name for e in doc.entities if e.label == "PROFESSION"}
    assert "Государь Император" in names


def test_an_adjective_agreeing_with_the_post_after_an_honorific_is_nobody():
    doc = analyzed("Его Высокоблагородию г. Тамбовскому полицеймейстеру пристава рапорт.")
    assert not spans(doc, "PERSON")


def test_name_words_after_an_honorific_share_a_case():
    doc = analyzed("Задержан назвавшийся мещанином г. Козлова Петром Фоминым человек.")
    assert "Петром Фоминым" in spans(doc, "PERSON")
    assert "Козлова Петром" not in spans(doc, "PERSON")


@pytest.mark.parametrize("text, money", [
    ("При обыске у него найдены 3 руб. 40 коп. и часы.", "3 руб. 40 коп."),
    ("Жалованье 100 руб. серебром в год.", "100 руб. серебром"),
    ("Хлеб продавали по 15 коп. за фунт.", "15 коп."),
    ("Выделено около 200 млн руб. на ремонт.", "200 млн руб."),
    ("За корову дано три алтына и полтора рубля серебром.", "полтора рубля серебром"),
    ("По духовной ей отказано десять червонцев.", "десять червонцев"),
    ("С него взыскано 3 алтына 2 деньги.", "3 алтына 2 деньги"),
    ("Купцу уплачено сто гульденов.", "сто гульденов"),
])
def test_sums_in_rubles_kopecks_and_old_coins_are_money(text, money):
    doc = analyzed(text)
    assert any(m.endswith(money) for m in spans(doc, "MONEY"))
    assert not spans(doc, "NUMBER")


@pytest.mark.parametrize("text, body", [
    ("Поручить Губпрофсовету разработать план.", "Губпрофсовету"),
    ("Доклад Губоно принять к сведению.", "Губоно"),
    ("Горсовет решил открыть школу.", "Горсовет"),
])
def test_soviet_compound_bodies_are_organizations(text, body):
    doc = analyzed(text)
    assert body in spans(doc, "ORGANIZATION") and body not in spans(doc, "PERSON")


@pytest.mark.parametrize("text", ["Горький приехал.", "Райкин выступал.",
                                  "Он шел с Волком по лесу.", "Обломов читал."])
def test_names_that_begin_like_a_body_stay_names(text):
    doc = analyzed(text)
    assert not spans(doc, "ORGANIZATION")


def test_an_initial_after_a_post_is_no_complement():
    doc = analyzed("Председатель губисполкома Г. Зиновьев подписал.")
    assert "Председатель губисполкома" in spans(doc, "PROFESSION")
    assert not [m for m in spans(doc, "PROFESSION") if m.endswith("Г")]


@pytest.mark.parametrize("text, adjective", [
    ("Заседание бюро губернского комитета РКП(б) открыто.", "губернского"),
    ("Дело слушалось в уездном суде.", "уездном"),
    ("Постановление городской думы опубликовано.", "городской"),
])
def test_an_adjective_of_a_kind_of_unit_names_no_place(text, adjective):
    doc = analyzed(text)
    assert not [m for m in doc.mentions if m.text == adjective]


@pytest.mark.parametrize("text, persons", [
    ("Племянница помогла бедному дяде.", []),
    ("Племянница Лёвенхока была предметом разговоров.", ["Лёвенхока"]),
    ("Брат Иван уехал в Москву.", ["Иван"]),
    ("Братья Гримм собрали сказки.", ["Братья Гримм"]),  # a group's name, plural
])
def test_a_kinship_noun_opening_a_person_is_no_name(text, persons):
    assert spans(analyzed(text), "PERSON") == persons


def test_common_words_of_a_heading_in_capitals_are_no_names():
    doc = analyzed("ЗАПИСКИ КНЯЗЯ ЮРІЯ ВЛАДИМІРОВИЧА ДОЛГОРУКОВА.\n\nРАПОРТ\nЧесть имею донести.")
    assert not [m for m in doc.mentions if m.text in ("ЗАПИСКИ", "РАПОРТ")]
    assert not [m for m in doc.mentions if m.label == "ORGANIZATION"]  # none inside a person
    doc = analyzed("ФИФА оштрафовала клуб «Спартак».")
    assert "ФИФА" in spans(doc, "ORGANIZATION")  # a line of news is no heading


@pytest.mark.parametrize("text, city, name", [
    ("Ключевский В. О. Курс русской истории. М.: Мысль, 1987. Ч. 1.", "М", "Москва"),
    ("Карамзин Н. М. История государства Российского. СПб., 1818. Т. 1.", "СПб",
     "Санкт-Петербург"),
    ("Соловьев С. М. История России. Л., 1960. С. 12–14.", "Л", "Ленинград"),
    ("Письмо ваше из С.-Петербурга получил.", "С.-Петербурга", "Санкт-Петербург"),
])
def test_places_of_publication_and_saint_petersburg_written_short(text, city, name):
    doc = analyzed(text)
    mention = next(m for m in doc.mentions if m.text == city)
    assert mention.label == "CITY"
    assert next(e.name for e in doc.entities if e.id == mention.entity) == name
    assert not [m for m in doc.mentions if m.text == "Петербурга"]  # not nested again
    assert not [m for m in doc.mentions if m.label == "DATE" and m.text.startswith("С.")]


def test_a_capital_and_a_period_before_a_name_is_no_place_of_publication():
    doc = analyzed("К. Маркс писал о капитале. С 12 по 14 мая шли дожди.")
    assert not spans(doc, "CITY")
    assert "С 12 по 14 мая" in spans(doc, "DATE")


def test_a_historical_state_of_several_words_is_a_country():
    doc = analyzed("Приказ Народного Комиссара Внутренних Дел Союза ССР. Граждане Союза ССР.")
    assert spans(doc, "COUNTRY") == ["Союза ССР", "Союза ССР"]
    assert "ССР" not in spans(doc, "STATE_OR_PROVINCE")


def test_staff_documents_units_villages_and_dates():
    doc = analyzed("Боевое донесение штаба 16-й армии № 012, 14.10.41. 316-я сд упорно "
                   "обороняет рубеж Осташево, Болычево. 1-й гв. кк сосредоточился. "
                   "Приехал Дурново.")
    assert {"16-й армии", "316-я сд", "1-й гв. кк"} <= set(spans(doc, "ORGANIZATION"))
    assert {"Осташево", "Болычево"} <= set(spans(doc, "CITY"))
    assert "Дурново" in spans(doc, "PERSON")  # a known surname stays
    date = next(m for m in doc.mentions if m.text == "14.10.41")
    assert next(d for d in doc.dates if d.mention == date.id).edtf == "1941-10-14"


@pytest.mark.parametrize("text", ["Версия 1.10.41.2 вышла.", "Файл 19.10.16.webm удален.",
                                  "Счет 3,14.10.41 закрыт.", "Пункт 5.13.41 отменен."])
def test_a_dotted_code_is_no_compact_date(text):
    from letopis.extract.calendars import find_forms

    assert find_forms(text) == []


@pytest.mark.parametrize("text, date, edtf, calendar", [
    ("1721 году октября в 22 день изволил принять титул.", "1721 году октября в 22 день",
     "1721-10-22", None),
    ("Писан в Казани лета 7225 году марта в 3 день.", "лета 7225 году марта в 3 день",
     "1717-03-14", "byzantine"),
])
def test_muscovite_chancery_dates(text, date, edtf, calendar):
    doc = analyzed(text)
    mention = next(m for m in doc.mentions if m.label == "DATE" and m.text == date)
    value = next(d for d in doc.dates if d.mention == mention.id)
    assert (value.edtf, value.calendar) == (edtf, calendar)


def test_muscovite_titles_and_ranks():
    doc = analyzed("Его Царское Величество Петр Алексеевич изволил принять титул "
                   "Императора Всероссийского. Велено стольнику князю Ивану Ромодановскому "
                   "ехать. Подписал дьяк Михайло Волков.")
    assert not [m for m in doc.mentions if "Царское" in m.text]  # a title of address
    assert {"стольнику", "дьяк"} <= set(spans(doc, "PROFESSION"))
    titles = {e.name for e in doc.entities if e.label == "PROFESSION"}
    assert "Император Всероссийский" in titles


def test_two_births_told_by_verbs_are_two_events():
    doc = analyzed("Иван Белов родился в 1801 году в Москве. Его сестра Анна родилась в 1805 "
                   "году в Твери. Выборы прошли в марте, и выборы признали честными.")
    births = [e for e in doc.entities if e.label == "EVENT" and e.name.lower().startswith("род")]
    assert len(births) == len([m for m in doc.mentions
                               if m.label == "EVENT" and m.text.startswith("род")])
    elections = [e for e in doc.entities if e.label == "EVENT" and e.name.lower() == "выборы"]
    assert len(elections) <= 1


@pytest.mark.parametrize("text, council", [
    ("Вечером собрался Совет рабочих и солдатских депутатов.",
     "Совет рабочих и солдатских депутатов"),
    ("Петроградский Совет рабочих депутатов заседал.", "Петроградский Совет рабочих депутатов"),
    ("Председатель Совета депутатов трудящихся подписал.", "Совета депутатов трудящихся"),
])
def test_councils_of_deputies_are_organizations(text, council):
    doc = analyzed(text)
    assert council in spans(doc, "ORGANIZATION")
    assert "солдатских депутатов" not in spans(doc, "PROFESSION")


def test_a_post_takes_the_council_it_heads():
    doc = analyzed("Председатель Совета депутатов трудящихся подписал.")
    assert "Председатель Совета депутатов трудящихся" in spans(doc, "PROFESSION")


def test_a_battle_s_place_after_pri_is_a_place():
    doc = analyzed("Участвовал в сражениях при Бородине. Победа при Полтаве решила исход. "
                   "Реформы при Петре Первом.")
    assert {"Бородине", "Полтаве"} <= set(spans(doc, "CITY"))
    assert "Петре Первом" in spans(doc, "PERSON")
    names = {m.text: e.name for m in doc.mentions for e in doc.entities if m.entity == e.id}
    assert names["Бородине"] == "Бородино"


def test_a_word_like_rod_or_um_may_end_a_sentence():
    text = "Это был древний род. Пётр служил в Москве."
    assert len(segment(Document(text)).sentences) == 2
    assert not continues("У него был острый ум.", "Он понимал всё.")
    assert continues("Муравьев, генерал, род.", "14 июля 1794 г. в Петербурге")
