"""The records of local life: zemstvo minutes, kolkhoz meetings, letters from the front,
parish chronicles (texts written for these tests)."""

from __future__ import annotations

from analysis_views import analyzed, spans
from letopis.doc import Document
from letopis.extract.professions import drop_things
from letopis.extract.relations import _one_form
from letopis.morph import tag_morph
from letopis.segment import segment


def test_a_place_after_iz_pod_or_bliz_is_no_person():
    doc = analyzed("Вернулись из-под Козельска, а стояли близ Ливен.")
    places = spans(doc, "CITY")
    assert "Козельска" in places and "Ливен" in places
    assert not {"Козельска", "Ливен"} & set(spans(doc, "PERSON"))


def test_a_person_after_bliz_stays_a_person():
    doc = analyzed("На совещании он сидел близ Петрова и молчал.")
    assert "Петрова" in spans(doc, "PERSON")


def test_the_adjectives_of_zemstvo_and_church_bodies_name_no_place():
    doc = analyzed("Уездное земское собрание поручило управе донести губернскому земскому "
                   "собранию, а смету передать в епархиальный училищный совет.")
    for label in ("CITY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION", "LANGUAGE"):
        assert not {"земскому", "епархиальный"} & set(spans(doc, label))


def test_a_name_in_religion_after_a_post_the_model_ended_before_it():
    doc = analyzed("Придел освящен митрополитом Новгородским Гавриилом в 1790 году.")
    assert "Гавриилом" in spans(doc, "PERSON")
    assert "митрополитом Новгородским" in spans(doc, "PROFESSION")


def test_a_thing_is_no_profession():
    doc = tag_morph(segment(Document("Бригада получила три комбайна и одного механика.")))
    for word in ("комбайна", "механика"):
        start = doc.text.index(word)
        doc.add_mention(start, start + len(word), "PROFESSION")
    assert spans(drop_things(doc), "PROFESSION") == ["механика"]


def test_one_name_in_two_cases_is_one_form():
    doc = tag_morph(segment(Document("Выборы прошли спокойно. После выборов Грибоедова и "
                                     "Грибоедов встретились.")))
    ments = []
    for word in ("Выборы", "выборов", "Грибоедова", "Грибоедов "):
        start = doc.text.index(word)
        ments.append(doc.add_mention(start, start + len(word.strip()), "EVENT"))
    assert _one_form(doc, ments[0], ments[1])
    assert _one_form(doc, ments[2], ments[3])
    assert not _one_form(doc, ments[0], ments[2])


def test_two_organizations_joined_by_i_are_two():
    doc = analyzed("Он окончил Харьковский университет и Киевский университет.")
    orgs = spans(doc, "ORGANIZATION")
    assert "Харьковский университет и Киевский университет" not in orgs
    assert "Харьковский университет" in orgs and "Киевский университет" in orgs


def test_an_institution_named_by_an_abbreviated_city():
    doc = analyzed("При С.-Петербургском университете учреждена кафедра истории.")
    assert "С.-Петербургском университете" in spans(doc, "ORGANIZATION")


def test_an_institution_whose_name_goes_on_is_left_to_the_model():
    from letopis.extract.bodies import _place_institutions

    doc = tag_morph(segment(Document("Он служил в Казанском театре драмы и в Казанском "
                                     "театре.")))
    for start in (doc.text.index("Казанском"), doc.text.rindex("Казанском")):
        doc.add_mention(start, start + len("Казанском"), "CITY")
    _place_institutions(doc)
    assert spans(doc, "ORGANIZATION") == ["Казанском театре"]


def test_a_place_after_a_wound_and_pri_but_not_a_ruler():
    doc = analyzed("Поручик Лихачев был тяжело ранен при Бородине. Деда арестовали и он "
                   "погиб при Сталине.")
    assert "Бородине" in spans(doc, "CITY")
    assert "Сталине" in spans(doc, "PERSON")


def test_a_surname_after_a_patronymic_is_no_town():
    doc = analyzed("Умер персональный пенсионер союзного значения Григорий Иванович "
                   "Петровский.")
    assert "Григорий Иванович Петровский" in spans(doc, "PERSON")
    assert "Петровский" not in spans(doc, "CITY")


def test_a_surname_the_model_left_after_a_patronymic():
    doc = analyzed("Грамота дана Алексею Михайловичу Ртищеву в 1656 году.")
    assert "Алексею Михайловичу Ртищеву" in spans(doc, "PERSON")


def test_a_sovereigns_title_and_land_after_her_name_are_her_title():
    doc = analyzed("Всепресветлейшая Державнейшая Великая Государыня Императрица Анна "
                   "Иоанновна, Самодержица Всероссийская, Государыня Всемилостивейшая!")
    assert "Самодержица Всероссийская" in spans(doc, "PROFESSION")
    assert "Самодержица Всероссийская" not in spans(doc, "PERSON")


def test_the_fifths_of_novgorod_are_lands():
    doc = analyzed("Писцовая книга Шелонской пятины составлена в 1498 году.")
    assert "Шелонской пятины" in spans(doc, "STATE_OR_PROVINCE")


def test_an_institution_named_after_a_saint_takes_the_saint():
    doc = analyzed("Он окончил курс Университета св. Владимира в Киеве в 1851 году.")
    assert "Университета св. Владимира" in spans(doc, "ORGANIZATION")
    assert "Владимира" in spans(doc, "PERSON")


def test_a_title_before_a_name_is_no_person():
    doc = analyzed("Подлинный указ подписал Сенатор Граф Петр Шереметев.")
    assert "Граф" in spans(doc, "PROFESSION")
    assert "Граф" not in spans(doc, "PERSON")


def test_a_surname_that_is_also_a_town_writes_speaks_and_is_written_about():
    doc = analyzed("Жуковский писал Тургеневу: «Мы потеряли друга». Вяземский писал "
                   "Тургеневу о Жуковском. Потом оба поехали в Жуковский.")
    persons = spans(doc, "PERSON")
    assert persons.count("Жуковский") == 1 and "Жуковском" in persons
    assert spans(doc, "CITY") == ["Жуковский"]  # the last, after ``в``
    quote = doc.quotes[0]
    speaker = {e.id: e.name for e in doc.entities}[quote.speaker]
    assert speaker == "Жуковский"


def test_a_capital_in_the_news_stays_a_place_and_a_factory_is_named_after_a_person():
    doc = analyzed("Вашингтон заявил протест. В Калинине открыт завод имени Калинина.")
    assert "Вашингтон" not in spans(doc, "PERSON")
    assert "Калинине" in spans(doc, "CITY")
    assert "Калинина" in spans(doc, "PERSON")


def test_the_institutions_of_muscovy_and_the_empire():
    doc = analyzed("Грамоту прислали из Посольского приказа. Затем дело передали в Третье "
                   "отделение Собственной Его Императорского Величества канцелярии, а в 1917 "
                   "году Временное правительство его закрыло.")
    orgs = spans(doc, "ORGANIZATION")
    assert "Посольского приказа" in orgs and "Временное правительство" in orgs
    assert ("Третье отделение Собственной Его Императорского Величества канцелярии"
            in orgs)
    assert "Посольского" not in spans(doc, "CITY")


def test_a_body_the_news_names_inside_a_longer_name_keeps_it():
    doc = analyzed("Сенат США одобрил закон.")
    assert "Сенат США" in spans(doc, "ORGANIZATION")


def test_a_red_army_staff_title_before_a_surname():
    doc = analyzed("Командарм 2 Миронов. Наштарм Никитин.")
    assert "Наштарм" in spans(doc, "PROFESSION")
    assert "Никитин" in spans(doc, "PERSON")


def test_a_memorial_book_entry():
    doc = analyzed("Сидорова Анна Петровна, 1901 г. р., учительница школы № 7 г. Орла. "
                   "Осуждена тройкой УНКВД по Орловской обл. 2.10.1937 к ВМН.")
    assert "тройкой УНКВД по Орловской обл" in spans(doc, "ORGANIZATION")
    assert not [d for d in spans(doc, "DATE") if d.startswith("№")]


def test_institutions_named_after_someone():
    doc = analyzed("Он работал в колхозе им. Калинина Ряжского района, а учился в "
                   "Ленинградском техникуме имени Максима Горького.")
    orgs = spans(doc, "ORGANIZATION")
    assert "колхозе им. Калинина" in orgs
    assert any(o.endswith("техникуме имени Максима Горького") for o in orgs)
    persons = spans(doc, "PERSON")
    assert "Калинина" in persons and "Максима Горького" in persons


def test_a_chronicles_princes_and_cathedrals():
    doc = analyzed("В лето 6750 князь Александр Ярославич Невский разбил немцев. Ярослав "
                   "Мудрый заложил в Киеве Софийский собор.")
    assert "Невский" not in spans(doc, "PERSON")
    assert "Софийский собор" in spans(doc, "FACILITY")
    assert "Софийский" not in spans(doc, "CITY")


def test_a_story_told_in_the_present_is_no_event():
    from letopis.extract.events import _drop_unreal_verbs

    doc = tag_morph(segment(Document("Он встречает её и хочет расстаться, потом уехал.")))
    for word in ("встречает", "расстаться", "уехал"):
        start = doc.text.index(word)
        doc.add_mention(start, start + len(word), "EVENT")
    assert spans(_drop_unreal_verbs(doc), "EVENT") == ["уехал"]


def test_a_dialogue_and_a_report_name_who_spoke():
    doc = analyzed("— Стой, стой! — закричал Максим Максимыч.\n\nКак доносил губернатор "
                   "Ростопчин, в городе было спокойно.")
    names = {e.id: e.name for e in doc.entities}
    assert names[doc.quotes[0].speaker] == "Максим Максимыч"
    assert "Ростопчин" in spans(doc, "PERSON")
    assert [names.get(c.holder) for c in doc.claims] == ["Ростопчин"]


def test_a_first_name_alone_is_linked_to_no_namesake():
    doc = analyzed("Митрополит Платон освятил храм, а Сократа и Платона читали в семинарии.")
    assert [e.wikidata for e in doc.entities if e.name == "Платон"] == [None]


def test_a_surname_in_a_list_of_persons_and_after_a_governors_post():
    doc = analyzed("Вечером у Карамзиных встретил Вяземского и Александра Тургенева. "
                   "Пишут, что губернатор Загряжский уволен. Он жил в Ревеле и Юрьеве.")
    persons = spans(doc, "PERSON")
    assert "Вяземского" in persons and "Загряжский" in persons
    assert "Юрьеве" in spans(doc, "CITY")


def test_a_work_named_after_its_hero_in_quotes():
    doc = analyzed("Вечером говорили о его «Борисе Годунове» и читали «Евгения Онегина».")
    works = spans(doc, "WORK_OF_ART")
    assert "Борисе Годунове" in works and "Евгения Онегина" in works
    assert not {"Борисе Годунове", "Евгения Онегина"} & set(spans(doc, "PERSON"))


def test_the_old_masculine_surname_in_skoi():
    doc = analyzed("Послан на Вологду воевода князь Иван Андреевич Хованской, а о княгине "
                   "Марье Хованской писали после.")
    names = {e.name for e in doc.entities if e.label == "PERSON"}
    assert "Иван Андреевич Хованской" in names and "Марья Хованская" in names


def test_a_muscovite_patronymic_in_the_dative():
    doc = analyzed("Царю государю и великому князю Михаилу Федоровичю всеа Русии бьет челом "
                   "холоп твой Ивашко Петров сын Сабуров.")
    assert "Михаил Федорович" in {e.name for e in doc.entities if e.label == "PERSON"}


def test_an_age_in_the_genitive_is_an_age_and_a_length_of_time_stays_a_date():
    doc = analyzed("Крестьянка Марфа Ильина, сорока трех лет, показала, что сын ее Петр "
                   "осьми лет умер. Муж ее служил около двадцати лет. В 13 лет он уехал в "
                   "Петербург, в двадцать два года женился. Указ дан на срок в пять лет.")
    ages = spans(doc, "AGE")
    assert "сорока трех лет" in ages and "осьми лет" in ages
    assert "13 лет" in ages and "двадцать два года" in ages  # the age it happened at
    assert "двадцати лет" not in ages and "пять лет" not in ages
    assert not {"двадцать два года", "В 13 лет"} & set(spans(doc, "DATE"))
    assert not any(d.mention in {m.id for m in doc.mentions if m.label == "AGE"}
                   for d in doc.dates)


def test_a_village_in_ovka_is_a_place_and_a_persons_village_names_no_place():
    doc = analyzed("Корпус удерживал Салтановку, казаки заняли Михайловку. Турбин ночевал "
                   "в Морозовке, деревне Анны Федоровны.")
    towns = spans(doc, "CITY")
    assert {"Салтановку", "Михайловку", "Морозовке"} <= set(towns)
    assert "Анны" not in towns and "Анны Федоровны" in spans(doc, "PERSON")


def test_the_land_of_a_sovereigns_style_is_a_country():
    doc = analyzed("Великому государю царю и великому князю Михаилу Федоровичу всея Русии "
                   "бьет челом холоп твой. Самодержец всея Великия и Малыя и Белыя России.")
    countries = spans(doc, "COUNTRY")
    assert "Русии" in countries and "Великия и Малыя и Белыя России" in countries
    assert not {"Русии", "Великия", "Малыя", "Белыя России"} & set(spans(doc, "PERSON"))
    assert "Михаилу Федоровичу" in spans(doc, "PERSON")


def test_estates_of_the_revision_lists_and_the_old_day_before_yesterday():
    doc = analyzed("Третьего дня за помещиком Ивановым числилось 120 душ. Государственный "
                   "крестьянин Фома Ильин и середняк Петров подали прошение.")
    posts = spans(doc, "PROFESSION")
    assert {"помещиком", "Государственный крестьянин", "середняк"} <= set(posts)
    assert "Третьего дня" in spans(doc, "DATE") and not spans(doc, "ORDINAL")


def test_the_bodies_of_a_province_are_organizations():
    doc = analyzed("Вятская губернская земская управа открыла училище. Тамбовское губернское "
                   "правление донесло, что Орловская духовная консистория молчит.")
    bodies = spans(doc, "ORGANIZATION")
    assert {"Вятская губернская земская управа", "Тамбовское губернское правление",
            "Орловская духовная консистория"} <= set(bodies)


def test_prisons_and_mines_named_by_an_adjective_are_facilities():
    doc = analyzed("Лунин умер в Акатуйской тюрьме, брата держали в Бутырской тюрьме, "
                   "а товарищей сослали в Нерчинские рудники.")
    assert {"Акатуйской тюрьме", "Бутырской тюрьме", "Нерчинские рудники"} <= set(
        spans(doc, "FACILITY"))
    assert "Акатуйской" not in spans(doc, "CITY")


def test_a_village_before_its_districts_adjective_ends_there():
    doc = analyzed("Похоронен в д. Никольское Волоколамского р-на Московской обл.")
    assert "Никольское" in spans(doc, "CITY")
    assert "Волоколамского р-на" in spans(doc, "DISTRICT")
    assert not any("Никольское Волоколамского" in s for s in spans(doc, "CITY"))


def test_a_foreign_unit_named_after_its_word_is_a_province():
    doc = analyzed("Министр финансов немецкой земли Гессен покончил с собой. Он жил в "
                   "графстве Эссекс. Он вернулся на земли Израиля. На земле Иван нашел монету.")
    provinces = spans(doc, "STATE_OR_PROVINCE")
    assert "Гессен" in provinces and "Эссекс" in provinces
    assert "Израиля" not in provinces and "Иван" in spans(doc, "PERSON")
    doc = analyzed("Она жила в районе Статен-Айленд, а он в районе Москвы.")
    assert spans(doc, "DISTRICT") == ["Статен-Айленд"]


def test_a_peoples_member_named_by_a_noun_is_a_nationality():
    doc = analyzed("Клуб готов приобрести армянина. Он потомок голландского еврея. "
                   "Татарин пришел в острог.")
    assert {"армянина", "еврея", "Татарин"} <= set(spans(doc, "NATIONALITY"))
    assert "Татарин" not in spans(doc, "PERSON")
