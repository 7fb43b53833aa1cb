"""Titles of documents and works become LAW / WORK_OF_ART / ORGANIZATION mentions."""


from analysis_views import analyzed, spans
from letopis.doc import Document
from quote_builders import build


def labelled(doc: Document) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in doc.mentions}


def test_law_in_any_case():
    doc = build("Текст постановления «О печати» обсуждали неделю, а указом «О земле» "
                "отменили прежний порядок. Затем вышел декрет № 12 «О суде».")
    assert {("О печати", "LAW"), ("О земле", "LAW"), ("О суде", "LAW")} <= labelled(doc)


def test_work_of_art_after_a_title_link():
    doc = build("Его речь под названием «Уроки прошлого» напечатали, как и роман «Степь».")
    assert {("Уроки прошлого", "WORK_OF_ART"), ("Степь", "WORK_OF_ART")} <= labelled(doc)


def test_title_after_a_participle_of_naming():
    doc = build("Он закончил доклад, названный «Уроки войны», к утру.")
    assert ("Уроки войны", "WORK_OF_ART") in labelled(doc)


def test_title_after_an_author_in_the_genitive():
    doc = build("Вышла книга Зимина «Годы перемен».", persons=("Зимина",))
    assert ("Годы перемен", "WORK_OF_ART") in labelled(doc)


def test_periodicals_are_organizations_without_duplicates():
    doc = build("Отрывки печатал журнал «Огонёк» и газета «Гудок».", orgs=("Огонёк",))
    assert {("Огонёк", "ORGANIZATION"), ("Гудок", "ORGANIZATION")} <= labelled(doc)
    assert sum(1 for m in doc.mentions if m.text == "Огонёк") == 1


def test_a_wrong_organization_on_a_work_is_replaced():
    doc = build("В прокат вышел фильм «Северный ветер».", orgs=("Северный ветер",))
    assert [(m.text, m.label) for m in doc.mentions] == [("Северный ветер", "WORK_OF_ART")]


def test_other_names_and_terms_add_no_mention():
    doc = build("Ресторан «Рассвет» перевыполнил план, что сочли «чудом».")
    assert {q.text: q.kind for q in doc.quotes} == {"Рассвет": "title", "чудом": "term"}
    assert doc.mentions == []


def test_a_farm_s_name_is_an_organization():
    doc = build("Колхоз «Рассвет» перевыполнил план, что сочли «чудом».")
    assert [(m.text, m.label) for m in doc.mentions] == [("Рассвет", "ORGANIZATION")]


def test_a_building_named_after_a_country_is_a_facility():
    doc = analyzed("Делегаты жили в гостинице «Украина», а заседали в кинотеатре «Россия» "
                   "у станции метро «Киевская».")
    facilities = spans(doc, "FACILITY")
    assert {"Украина", "Россия", "Киевская"} <= set(facilities)
    assert not spans(doc, "COUNTRY")
    assert not any(e.wikidata == "Q212" for e in doc.entities)  # not the country Украина


def test_the_names_of_a_list_in_quotes_share_the_first_ones_label():
    doc = analyzed("Фильм покажут в кинотеатрах «Звезда», «Космос» и «Юность»; на выборы "
                   "шли партии «Яблоко», «Родина» и «Гражданская сила».")
    assert {"Звезда", "Космос", "Юность"} <= set(spans(doc, "FACILITY"))
    assert {"Яблоко", "Родина", "Гражданская сила"} <= set(spans(doc, "ORGANIZATION"))


def test_a_mention_running_from_one_quoted_name_into_the_next_is_split():
    from letopis.extract.works import tag_works
    from letopis.morph import tag_morph
    from letopis.segment import segment

    text = "Заводы «Уральская сталь», «Оскольский комбинат» и матч «Спартак» — «Зенит»."
    doc = tag_morph(segment(Document(text)))
    start = text.index("Уральская")
    doc.add_mention(start, text.index("» и"), "ORGANIZATION")
    match = text.index("матч")
    doc.add_mention(match, text.rindex("»") + 1, "EVENT")
    found = labelled(tag_works(doc))
    assert {("Уральская сталь", "ORGANIZATION"), ("Оскольский комбинат", "ORGANIZATION"),
            ("матч «Спартак» — «Зенит»", "EVENT")} <= found
    assert not any("», «" in t for t, _ in found)


def test_a_title_after_an_acts_date_is_the_acts():
    doc = analyzed("Постановление бюро обкома ВКП(б) от 5 марта 1930 г. «О ликвидации "
                   "кулачества как класса» разослали. Письмо от 5 мая 1930 г. «Дорогой друг» "
                   "пришло.")
    assert "О ликвидации кулачества как класса" in spans(doc, "LAW")
    assert "Дорогой друг" not in spans(doc, "LAW")


def test_a_date_with_no_value_inside_a_works_title_is_no_date():
    doc = analyzed("Панфилов снял фильм «Один день Ивана Денисовича» в 2021 году.")
    assert "Один день Ивана Денисовича" in spans(doc, "WORK_OF_ART")
    assert spans(doc, "DATE") == ["в 2021 году"]
