"""Award sheets, interrogation protocols, parish registers, letters and newspapers of the
Empire: names written surname first without a comma, units numbered without a suffix,
estates of the realm, headings in capitals. The texts are our own."""

from __future__ import annotations

import pytest

from analysis_views import analyzed, facts, names, spans


@pytest.mark.parametrize("text, person", [
    ("1. Фамилия, имя и отчество: Ковалев Петр Никифорович.\n2. Звание: лейтенант.",
     "Ковалев Петр Никифорович"),
    ("Представляю к награде Ковалева Петра Никифоровича.", "Ковалева Петра Никифоровича"),
    ("Допросил обвиняемого Зайцева Михаила Ивановича, 1889 года рождения.",
     "Зайцева Михаила Ивановича"),
])
def test_a_surname_before_the_first_name_and_patronymic_is_one_person(text, person):
    doc = analyzed(text)
    assert spans(doc, "PERSON") == [person]


@pytest.mark.parametrize("text, given", [
    ("В Москве Петр Никифорович встретил Ивана.", "Петр Никифорович"),  # no surname
    ("Письмо Петрову Иван Сидорович отослал вчера.", "Иван Сидорович"),  # another case
])
def test_no_surname_before_a_name_in_another_case_or_no_surname_at_all(text, given):
    persons = spans(analyzed(text), "PERSON")
    assert given in persons
    assert not any(p.endswith(given) and p != given for p in persons)


@pytest.mark.parametrize("text, units", [
    ("Командир роты 175 гвардейского стрелкового полка 58 гвардейской стрелковой дивизии.",
     ["175 гвардейского стрелкового полка", "58 гвардейской стрелковой дивизии"]),
    ("Командир 175 гв. сп гвардии подполковник Сорокин.", ["175 гв. сп"]),
])
def test_units_numbered_without_an_ordinal_ending(text, units):
    doc = analyzed(text)
    assert [u for u in units if u in spans(doc, "ORGANIZATION")] == units
    inside = [m for m in doc.mentions if m.label not in ("ORGANIZATION", "NUMBER", "PROFESSION")
              and any(u in m.text or m.text in u for u in units)]
    assert inside == []  # no place over ``гвардейского``


@pytest.mark.parametrize("text", [
    "В бой вступили 3 стрелковых полка и 2 танковые бригады.",
    "На станции стояли 2 пустых вагона.",
])
def test_a_count_of_units_names_no_unit(text):
    assert not [m for m in analyzed(text).mentions if m.label == "ORGANIZATION"]


REGISTER = ("1873 года марта 14 дня родился, 16 крещен Иоанн. Восприемники: крестьянин села "
            "Покровского Василий Андреев Кузнецов и крестьянская девица Анна Петрова.\n"
            "1873 года апреля 2 дня умерла солдатская вдова Аграфена Степанова, 67 лет. "
            "Погребена на приходском кладбище.")


def test_a_parish_register():
    doc = analyzed(REGISTER)
    persons = spans(doc, "PERSON")
    assert "Василий Андреев Кузнецов" in persons and "Аграфена Степанова" in persons
    # the village's name does not run into the godfather's, the estates name no people,
    # a participle opening a sentence is no place
    assert not [m.text for m in doc.mentions if "Покровского Василий" in m.text
                or m.text in ("крестьянская", "солдатская", "Погребена")]


def test_a_heading_of_an_adjective_and_a_noun_names_nothing():
    doc = analyzed("НАГРАДНОЙ ЛИСТ\n\nФамилия, имя и отчество: Ковалев Петр Никифорович.")
    assert [(m.text, m.label) for m in doc.mentions] == [
        ("Ковалев Петр Никифорович", "PERSON")]


@pytest.mark.parametrize("text, person, place", [
    ("Зайцев Михаил Иванович, 1889 г. р., уроженец г. Пскова, русский, бухгалтер.",
     "Зайцев Михаил Иванович", "Пскова"),
    ("Иванов Петр Сергеевич, 1899 г.р., уроженец с. Ивановка Тамбовской обл., колхозник.",
     "Иванов Петр Сергеевич", "Ивановка"),
    ("Допросил Зайцева Михаила Ивановича, 1889 года рождения, уроженца г. Пскова.",
     "Зайцева Михаила Ивановича", "Пскова"),
])
def test_a_native_after_a_year_of_birth_in_apposition(text, person, place):
    assert ("PLACE_OF_BIRTH", person, place) in facts(analyzed(text))


def test_no_native_of_another_case():
    doc = analyzed("Письмо Зайцеву Михаилу Ивановичу, уроженец г. Пскова прочитал вслух.")
    assert not [f for f in facts(doc) if f[0] == "PLACE_OF_BIRTH"
                and f[1] == "Зайцеву Михаилу Ивановичу"]


def test_an_entry_with_the_given_names_in_brackets_and_a_death_opening_a_sentence():
    doc = analyzed("Карамзин (Николай Михайлович) — писатель и историк, род. 1 декабря 1766 г."
                   " в с. Михайловке Бузулукского уезда. С 1803 г. — историограф. Ум. 22 мая"
                   " 1826 г. в Петербурге.")
    assert {("DATE_OF_BIRTH", "Карамзин", "1 декабря 1766 г"),
            ("PLACE_OF_BIRTH", "Карамзин", "Михайловке"),
            ("DATE_OF_DEATH", "Карамзин", "22 мая 1826 г"),
            ("PLACE_OF_DEATH", "Карамзин", "Петербурге")} <= facts(doc)


def test_a_death_cue_opening_a_sentence_of_a_story_has_no_headword():
    doc = analyzed("Вчера Петров приехал в город. Ум. 22 мая 1826 г. в Петербурге.")
    assert not [f for f in facts(doc) if f[0].endswith("_OF_DEATH")]


@pytest.mark.parametrize("text, name", [
    ("В 1929 году в селе был организован колхоз «Путь Ильича».", "Путь Ильича"),
    ("Он работал бухгалтером на заводе «Красный треугольник».", "Красный треугольник"),
    ("В селе действовала артель «Красный пахарь».", "Красный пахарь"),
    ("Он читал лекции от общества «Знание».", "Знание"),
])
def test_a_name_in_quotes_after_a_works_a_farm_or_a_society_is_an_organization(text, name):
    doc = analyzed(text)
    assert [m.label for m in doc.mentions if m.text == name] == ["ORGANIZATION"]


def test_words_in_quotes_after_an_organization_noun_are_no_name():
    doc = analyzed("Представитель группы «Очевидно, это работа вражеских спецслужб» не назвал.")
    assert not [m for m in doc.mentions if m.label == "ORGANIZATION" and "," in m.text]


@pytest.mark.parametrize("text, church", [
    ("При Панине была построена каменная Покровская церковь.", "Покровская церковь"),
    ("В Успенском соборе венчались цари.", "Успенском соборе"),
    ("Спасо-Преображенский собор стоит на площади.", "Спасо-Преображенский собор"),
])
def test_a_church_named_by_its_dedication_is_a_facility(text, church):
    doc = analyzed(text)
    assert [m.label for m in doc.mentions if m.text == church] == ["FACILITY"]
    inside = [m for m in doc.mentions if m.text != church and m.text in church]
    assert [m.label for m in inside if m.label != "PERSON"] == []


def test_a_denomination_is_no_building():
    doc = analyzed("Он посетил Болгарскую православную церковь.")
    assert not [m for m in doc.mentions if m.label == "FACILITY"]


def test_a_dateline_in_capitals_names_the_city_the_ordinary_way():
    doc = analyzed("ВѢНА, 5 марта. Австрійскій посолъ въ Бѣлградѣ вызванъ въ Вѣну для доклада"
                   " графу Берхтольду. Въ СССР и США этого не знали.")
    found = names(doc)
    assert found["ВѢНА"] == "Вена" and found["Вѣну"] == "Вена"
    assert found["СССР"] == "СССР" and found["США"] == "США"  # acronyms stay


@pytest.mark.parametrize("text, mention, name", [
    ("Посол вызван для доклада графу Берхтольду.", "Берхтольду", "Берхтольд"),
    ("Меня представили генералу Клингенбергу.", "Клингенбергу", "Клингенберг"),
    ("Письмо для господина Лилле.", "Лилле", "Лилле"),  # no reading in the genitive
    ("Награду получил митрополит Варнава.", "Варнава", "Варнава"),
    ("Назначил министром Петрова.", "Петрова", "Петров"),  # no apposition
])
def test_a_name_after_a_title_or_rank_stands_in_its_case(text, mention, name):
    assert names(analyzed(text))[mention] == name


@pytest.mark.parametrize("text, person", [
    ("Воспитывался в Москве в пансионе проф. Шадена.", "Шадена"),
    ("Лекцию читал акад. Павлов.", "Павлов"),
    ("Службу совершал свящ. Михаил Успенский.", "Михаил Успенский"),
])
def test_a_name_after_an_abbreviated_post_is_a_person(text, person):
    assert spans(analyzed(text), "PERSON") == [person]


def test_a_nationality_among_a_person_s_particulars():
    doc = analyzed("Смирнов Андрей Васильевич, 1895 г. р., русский, б/п, счетовод артели.")
    assert [m.label for m in doc.mentions if m.text == "русский"] == ["NATIONALITY"]
    doc = analyzed("Он знал языки: французский, русский, английский.")
    assert "NATIONALITY" not in [m.label for m in doc.mentions if m.text == "русский"]


@pytest.mark.parametrize("text, name", [
    ("С космодрома стартовал космический корабль «Восток» с человеком на борту.", "Восток"),
    ("На пароходе «Святитель Николай» он плыл до Красноярска.", "Святитель Николай"),
])
def test_a_ship_s_name_in_quotes_is_a_product(text, name):
    assert [m.label for m in analyzed(text).mentions if m.text == name] == ["PRODUCT"]


def test_a_kinship_noun_before_a_surname_keeps_the_two_persons_apart():
    persons = spans(analyzed("Пришла вдова Ельцина Наина Иосифовна."), "PERSON")
    assert "Ельцина Наина Иосифовна" not in persons and "Наина Иосифовна" in persons


def test_a_unit_named_by_a_capital_starts_at_it():
    doc = analyzed("Лидер французского крайне правого Национального фронта Марин Ле Пен.")
    assert spans(doc, "ORGANIZATION") == ["Национального фронта"]


def test_a_name_broken_at_a_line_end_is_joined_though_no_dictionary_knows_it():
    doc = analyzed("Въ 1812 году графъ Рос-\nтопчинъ велѣлъ вывезти изъ города пожар-\n"
                   "ныя трубы, а Наполеонъ вступилъ въ Мос-\nкву.")
    assert names(doc)["Рос-\nтопчинъ"] == "Ростопчин"


def test_an_initial_recognized_as_its_latin_look_alike_is_cyrillic_in_the_name():
    doc = analyzed("Председательствовал кн. Г. E. Львов, секретарем избран Н. И. Астров.")
    assert names(doc)["Г. E. Львов"] == "Г. Е. Львов"  # the mention keeps the Latin E


def test_a_son_of_a_post_held_abroad_and_a_marriage_past_the_apposition():
    doc = analyzed("Граф Михаил Семенович Воронцов, сын русского посла в Лондоне Семена "
                   "Романовича Воронцова, женился на графине Елизавете Ксаверьевне Браницкой.")
    found = facts(doc)
    assert ("PARENT_OF", "Семена Романовича Воронцова", "Михаил Семенович Воронцов") in found
    assert ("SPOUSE", "Михаил Семенович Воронцов",
            "Елизавете Ксаверьевне Браницкой") in found
    assert not [f for f in found if f[0] == "SPOUSE" and "Семена" in f[1] + f[2]]
    assert [m.label for m in doc.mentions if m.text == "графине"] == ["PROFESSION"]


def test_a_name_in_quotes_after_its_noun_keeps_its_nominative():
    doc = analyzed("В 1925 году он стал редактором газеты «Известия». Он читал газету «Правду».")
    found = names(doc)
    assert found["Известия"] == "Известия" and found["Правду"] == "Правда"


@pytest.mark.parametrize("text, date, edtf", [
    ("В 20-х годах XIX столетия генерал-губернатором был граф Воронцов.",
     "В 20-х годах XIX столетия", "182X"),
    ("В 80-е годы XVIII века было основано много городов.", "В 80-е годы XVIII века", "178X"),
    ("В 90-х годах он уехал.", "В 90-х годах", "199X"),
])
def test_a_decade_of_a_named_century(text, date, edtf):
    doc = analyzed(text)
    values = {m.text: [d.edtf for d in doc.dates if d.mention == m.id] for m in doc.mentions}
    assert values[date] == [edtf]


def test_a_regnal_name_ends_at_its_numeral():
    assert spans(analyzed("При Николае I край пережил эпидемию холеры."), "PERSON") == [
        "Николае I"]


@pytest.mark.parametrize("text, person", [
    ("Жму Вашу руку. Ваш Вл. Немирович-Данченко.", "Вл. Немирович-Данченко"),
    ("Статьи Дм. Мережковского вышли в 1900 г.", "Дм. Мережковского"),
    ("Письмо подписал Вл. И. Немирович-Данченко.", "Вл. И. Немирович-Данченко"),
])
def test_a_first_name_cut_short_opens_a_name(text, person):
    assert person in spans(analyzed(text), "PERSON")


def test_an_abbreviation_that_is_no_first_name_opens_none():
    assert spans(analyzed("Ст. 58 УК РСФСР. См. Приложение."), "PERSON") == []


DECREE = ("ПОСТАНОВЛЕНИЕ СНК СССР И ЦК ВКП(б)\nот 16 мая 1934 г.\n\n"
          "Совет Народных Комиссаров Союза ССР и Центральный Комитет ВКП(б) отмечают, что"
          " преподавание истории поставлено неудовлетворительно.\n\n"
          "Председатель Совета Народных Комиссаров Союза ССР В. Молотов.")


def test_a_soviet_decree():
    doc = analyzed(DECREE)
    orgs = spans(doc, "ORGANIZATION")
    assert "СНК СССР" in orgs and "Совет Народных Комиссаров Союза ССР" in orgs
    assert not [m for m in doc.mentions if m.text.startswith("ПОСТАНОВЛЕНИЕ")]
    assert ("WORKS_AS", "В. Молотов", "Председатель Совета Народных Комиссаров Союза ССР"
            ) in facts(doc)


def test_a_court_file_names_a_peasant_the_old_way():
    doc = analyzed("Дело о крестьянине Тамбовской губернии Моршанского уезда села Ракши Иване"
                   " Петрове Сидорове, обвиняемом в краже лошади у мещанина Ивана Кузьмина.")
    assert "Иване Петрове Сидорове" in spans(doc, "PERSON")
    assert names(doc)["Иване Петрове Сидорове"] == "Иван Петров Сидоров"
    assert ("WORKS_AS", "Ивана Кузьмина", "мещанина") in facts(doc)


def test_a_merchant_of_a_guild_is_a_profession():
    doc = analyzed("Московский купец Савва Васильевич Морозов в 1797 году основал мастерскую.")
    assert ("WORKS_AS", "Савва Васильевич Морозов", "купец") in facts(doc)


@pytest.mark.parametrize("text, name", [
    ("Река Ока впадает в Волгу у Нижнего Новгорода.", "Ока"),
    ("Он жил на берегу оз. Ильмень и переправился через р. Волхов.", "Волхов"),
    ("На реке Калке в 1223 году русские князья были разбиты.", "Калке"),
])
def test_the_name_after_a_river_or_a_lake_is_a_location(text, name):
    doc = analyzed(text)
    assert [m.label for m in doc.mentions if m.text.endswith(name)] == ["LOCATION"]


def test_roubles_written_short_name_no_river():
    assert not [m for m in analyzed("Цена 5 р. Иванову не подошла.").mentions
                if m.label == "LOCATION"]


def test_speech_resumed_after_the_author_s_words_and_a_post_as_its_speaker():
    text = "— Ваше превосходительство, — сказал адъютант Кутузову, — неприятель отступает."
    doc = analyzed(text)
    assert [q.text for q in doc.quotes] == ["Ваше превосходительство", "неприятель отступает."]
    assert {text[q.speaker_span.start:q.speaker_span.end] for q in doc.quotes
            if q.speaker_span} == {"адъютант"}
    assert all(q.speaker is None for q in doc.quotes)  # not Кутузов, the one spoken to


def test_the_fallen_of_a_memorial_book_and_an_obituary():
    doc = analyzed("Петров Иван Сергеевич, 1912 г. р., уроженец с. Кузьминки Рязанской обл., "
                   "рядовой. Погиб 12.03.1942. Похоронен в д. Ивановка Смоленской обл.")
    assert ("DATE_OF_DEATH", "Петров Иван Сергеевич", "12.03.1942") in facts(doc)
    doc = analyzed("Скончался 3 мая 1910 г. на 67-м году жизни действительный статский "
                   "советник Николай Петрович Огарев, о чем извещают жена и дети покойного.")
    assert {("DATE_OF_DEATH", "Николай Петрович Огарев", "3 мая 1910 г"),
            ("AGE_DIED_AT", "Николай Петрович Огарев", "на 67-м году")} <= facts(doc)


def test_a_death_verb_reaches_no_person_of_the_next_sentence():
    doc = analyzed("Его брат, генерал, умер в 2014 году. Ван Цзюнь много времени проводил в "
                   "Гонконге.")
    assert not [f for f in facts(doc) if f[0] == "DATE_OF_DEATH"]


@pytest.mark.parametrize("text, rank, person", [
    ("Сидоров Павел Андреевич, мл. лейтенант, командир взвода.", "мл. лейтенант",
     "Сидоров Павел Андреевич"),
    ("Рядовой Петров погиб под Ржевом.", "Рядовой", "Петров"),
    ("Гвардии рядовой Кузнецов ранен.", "Гвардии рядовой", "Кузнецов"),
])
def test_soviet_ranks_with_their_abbreviations(text, rank, person):
    doc = analyzed(text)
    assert ("WORKS_AS", person, rank) in facts(doc)


def test_an_act_of_the_court():
    doc = analyzed("Государь Император Всемилостивейше соизволил пожаловать орден коллежскому "
                   "советнику Ивану Петровичу Сидорову. Высочайшим указом 1 января 1900 г. "
                   "Петр Николаевич Дурново назначен товарищем министра внутренних дел.")
    assert "Всемилостивейше" not in spans(doc, "PERSON")
    assert ("WORKS_AS", "Петр Николаевич Дурново", "товарищем министра внутренних дел"
            ) in facts(doc)


@pytest.mark.parametrize("text, mention, name", [
    ("Сочинение И. И. Голикова. Том XIV.", "И. И. Голикова", "И. И. Голиков"),
    ("Стадион имени Н. П. Старостина открыт.", "Н. П. Старостина", "Н. П. Старостин"),
    ("Жена Петрова пришла домой.", "Петрова", "Петрова"),  # a kin noun: her own name
    ("Журналист Иванова сказала правду.", "Иванова", "Иванова"),  # a post: apposition
])
def test_a_surname_after_a_common_noun_says_whose(text, mention, name):
    assert names(analyzed(text))[mention] == name


@pytest.mark.parametrize("text, person", [
    ("Генерал-губернатор граф Петр Алексеевич фон дер Пален был в заговоре.",
     "Петр Алексеевич фон дер Пален"),
    ("Барон Андрей Евгеньевич Розен командовал полком.", "Андрей Евгеньевич Розен"),
    ("Работы Иоганна ван дер Ваальса известны.", "Иоганна ван дер Ваальса"),
])
def test_titled_names_with_particles_and_surnames_after_the_patronymic(text, person):
    assert person in spans(analyzed(text), "PERSON")


def test_a_heading_word_is_no_event_and_a_rank_adjective_before_a_noun_no_rank():
    doc = analyzed("ПРОТОКОЛ ДОПРОСА\n\n1937 года, августа 12 дня, я допросил обвиняемого.")
    assert not [m for m in doc.mentions if m.label == "EVENT"]
    doc = analyzed("Каждый рядовой солдат получал два шиллинга. Рядовой Петров погиб.")
    assert [m.text for m in doc.mentions if m.text.lower() == "рядовой"] == ["Рядовой"]


@pytest.mark.parametrize("text, date, edtf", [
    ("Письмо от 3-го числа сего месяца получил.", "3-го числа сего месяца", None),
    ("В исходе 1799 года он вернулся.", "В исходе 1799 года", "1799-10~/1799-12~"),
])
def test_dates_of_letters_and_the_old_way(text, date, edtf):
    doc = analyzed(text)
    values = {m.text: [d.edtf for d in doc.dates if d.mention == m.id] for m in doc.mentions}
    assert values[date] == ([edtf] if edtf else [])


def test_a_surname_like_town_in_a_list_of_towns_is_a_town():
    doc = analyzed("Он служил в Гельсингфорсе, потом в Ревеле и Юрьеве, а затем в Тифлисе.")
    assert [m.label for m in doc.mentions if m.text == "Юрьеве"] == ["CITY"]
    doc = analyzed("В Москве, Петров и Иванов встретились.")
    assert [m.label for m in doc.mentions if m.text == "Петров"] == ["PERSON"]


TELEGRAM = ("ТЕЛЕГРАММА\nМОСКВА КРЕМЛЬ ТОВ СТАЛИНУ\nДОКЛАДЫВАЮ ЧТО 5 АВГУСТА 1943 ГОДА ВОЙСКА"
            " БРЯНСКОГО ФРОНТА ОСВОБОДИЛИ ГОРОД ОРЕЛ ТЧК\nКОМАНДУЮЩИЙ ФРОНТОМ ПОПОВ")


def test_a_telegram_in_capitals():
    doc = analyzed(TELEGRAM)
    assert {("СТАЛИНУ", "PERSON"), ("ПОПОВ", "PERSON"), ("ОРЕЛ", "CITY"),
            ("БРЯНСКОГО ФРОНТА", "ORGANIZATION")} <= {(m.text, m.label) for m in doc.mentions}
    assert names(doc)["СТАЛИНУ"] == "Сталин"
    assert not [m for m in doc.mentions if "\n" in m.text]  # no name across a line break


def test_truecasing_keeps_the_length_and_the_acronyms():
    from letopis.ortho import truecase

    line = "ПОСТАНОВЛЕНИЕ ЦК ВКП(б) О РАБОТЕ СРЕДИ КОЛХОЗНИКОВ СССР"
    cased = truecase(line)
    assert len(cased) == len(line) and "ЦК ВКП(б)" in cased and "СССР" in cased
    assert cased.startswith("Постановление") and "колхозников" in cased
    assert truecase("Обычный текст, и в нем СССР.") == "Обычный текст, и в нем СССР."


def test_a_headword_and_its_given_names_in_brackets_are_one_person():
    doc = analyzed("Карамзин (Николай Михайлович) — писатель и историк, род. 1 декабря 1766 г.")
    persons = [m for m in doc.mentions if m.label == "PERSON"]
    assert len({m.entity for m in persons}) == 1
    assert names(doc)["Карамзин"] == "Николай Михайлович Карамзин"


@pytest.mark.parametrize("text, date, edtf", [
    ("В первой четверти XX века город рос.", "В первой четверти XX века", "1900/1924"),
    ("В последней четверти XIX века.", "В последней четверти XIX века", "1875/1899"),
])
def test_a_quarter_of_a_century(text, date, edtf):
    doc = analyzed(text)
    values = {m.text: [d.edtf for d in doc.dates if d.mention == m.id] for m in doc.mentions}
    assert values[date] == [edtf]


def test_a_trading_house_in_quotes_is_a_firm():
    doc = analyzed("В 1860-х годах Торговый дом «Братья Елисеевы» открыл магазины.")
    assert "ORGANIZATION" in [m.label for m in doc.mentions if m.text == "Братья Елисеевы"]
    assert "WORK_OF_ART" not in [m.label for m in doc.mentions]


def test_a_sovereign_s_style_of_lands():
    doc = analyzed("Мы, Николай Второй, Император и Самодержец Всероссийский, Царь Польский, "
                   "Великий Князь Финляндский, и прочая.")
    professions = spans(doc, "PROFESSION")
    assert "Царь Польский" in professions and "Великий Князь Финляндский" in professions
    assert "Финляндский" not in spans(doc, "PERSON")
    doc = analyzed("Князь Вяземский приехал в Москву.")
    assert spans(doc, "PERSON") == ["Вяземский"]  # a prince's surname, no land


def test_the_old_feminine_genitive_of_a_name_s_adjective():
    doc = analyzed("Посланникъ и король Великія Британіи, а также жители Малыя Азіи и Новыя "
                   "Зеландіи прибыли; новыя книги вышли въ свѣтъ. Государь всея Великія и "
                   "Малыя и Бѣлыя Россіи.")
    found = names(doc)
    assert found["Малыя Азіи"] == "Малая Азия" and found["Новыя Зеландіи"] == "Новая Зеландия"
    assert found["Бѣлыя Россіи"] == "Белая Россия"
    assert "Великія" not in found  # the chain's adjectives are no places of their own
