"""PROFESSION mentions: lexicon matches and their complements (own sentences)."""

from __future__ import annotations

from letopis.doc import Document, check_spans
from letopis.extract.professions import lexicon, tag_professions
from letopis.morph import tag_morph
from letopis.segment import segment


def prepared(text: str, names: dict[str, str] | None = None) -> Document:
    """Segmented, lemmatised document with the given names marked (text -> label)."""
    doc = tag_morph(segment(Document(text)))
    for name, label in (names or {}).items():
        start = text.index(name)
        doc.add_mention(start, start + len(name), label)
    return doc


def professions(doc: Document) -> list[str]:
    return [m.text for m in doc.mentions if m.label == "PROFESSION"]


def test_editor_of_a_journal_with_org_nested():
    text = "Статью написал бывший главный редактор журнала «Коммунист» Иван Петров."
    doc = tag_professions(prepared(text, {"Коммунист": "ORGANIZATION", "Иван Петров": "PERSON"}))
    check_spans(doc)
    found = professions(doc)
    assert "главный редактор журнала «Коммунист" in found
    assert "главный редактор" in found
    assert not any("Петров" in p for p in found)


def test_minister_with_genitive_complement_and_country():
    text = "Вчера министр иностранных дел Франции прилетел в Рим."
    doc = tag_professions(prepared(text, {"Франции": "COUNTRY", "Рим": "CITY"}))
    check_spans(doc)
    found = professions(doc)
    assert "министр иностранных дел Франции" in found
    assert "министр иностранных дел" in found


def test_secretary_general_of_adjacent_organisations():
    text = "Генеральный секретарь ЦК КПСС выступил с докладом."
    doc = tag_professions(prepared(text, {"ЦК": "ORGANIZATION", "КПСС": "ORGANIZATION"}))
    check_spans(doc)
    assert "Генеральный секретарь ЦК КПСС" in professions(doc)


def test_bare_position_and_person_left_out():
    text = "На встречу пришли президент Иван Сидоров и известная актриса."
    doc = tag_professions(prepared(text, {"Иван Сидоров": "PERSON"}))
    check_spans(doc)
    assert professions(doc) == ["президент", "актриса"]


def test_ex_prefix_is_left_out():
    doc = tag_professions(prepared("Экс-президент уехал на дачу."))
    check_spans(doc)
    assert professions(doc) == ["президент"]


def test_no_complement_across_a_preposition():
    doc = tag_professions(prepared("Адвокат в суде молчал."))
    check_spans(doc)
    assert professions(doc) == ["Адвокат"]


def test_lexicon_filters_ambiguous_words():
    keys = lexicon()
    assert "президент" in keys
    assert "главный редактор" in keys
    assert "член" not in keys  # mostly unannotated in train


def persons(doc: Document) -> list[str]:
    return [m.text for m in doc.mentions if m.label == "PERSON"]


def test_historical_ranks_train_never_saw():
    text = "Коллежский асессор Ковалёв и городничий уездного города встретили поручика."
    doc = tag_professions(prepared(text, {"Ковалёв": "PERSON"}))
    check_spans(doc)
    found = professions(doc)
    assert "Коллежский асессор" in found
    assert any(p.startswith("городничий") for p in found)
    assert "поручика" in found


def test_a_rank_read_into_a_person_at_a_sentence_start_is_split_off():
    text = "Поручик Лермонтов был переведён на Кавказ."
    doc = tag_professions(prepared(text, {"Поручик Лермонтов": "PERSON"}))
    check_spans(doc)
    assert persons(doc) == ["Лермонтов"]
    assert "Поручик" in professions(doc)


def test_a_person_inside_a_rank_is_dropped():
    text = "Статский советник Пётр Лаврентьев служил в Твери."
    doc = tag_professions(prepared(text, {"Статский": "PERSON", "Пётр Лаврентьев": "PERSON"}))
    check_spans(doc)
    assert persons(doc) == ["Пётр Лаврентьев"]
    assert "Статский советник" in professions(doc)


def test_a_capitalized_title_inside_a_sentence_may_be_the_name():
    text = "Вчера в Москве видели Эмира Кустурицу."
    doc = tag_professions(prepared(text, {"Эмира Кустурицу": "PERSON"}))
    assert persons(doc) == ["Эмира Кустурицу"]


def test_a_form_of_address_is_no_sovereign():
    text = ("Милостивый государь Николай Петрович! Вы, милостивая государыня, правы. "
            "Государь прибыл в столицу.")
    doc = tag_professions(prepared(text, {"государь": "PROFESSION",
                                          "государыня": "PROFESSION",
                                          "Государь": "PROFESSION"}))
    check_spans(doc)
    assert professions(doc) == ["Государь"]


def test_a_post_takes_no_genitive_after_a_pronoun_adjective():
    doc = tag_professions(prepared("Суд снял с журналиста всех обвинений, а главы своей "
                                   "администрации он не назначил. Председатель губернской "
                                   "управы уехал."))
    check_spans(doc)
    found = professions(doc)
    assert "журналиста всех обвинений" not in found and "журналиста" in found
    assert not any("своей" in p for p in found)
    assert "Председатель губернской управы" in found


def test_a_premiere_of_a_film_is_an_event_and_a_surname_no_complement():
    text = ("Премьера документального фильма «Ирония» прошла вчера; премьер Италии уехал. "
            "Полковник Квачков готов.")
    doc = tag_professions(prepared(text, {"Премьера": "PROFESSION"}))
    check_spans(doc)
    labels = {(m.text, m.label) for m in doc.mentions}
    assert ("Премьера", "EVENT") in labels
    assert not any(t.startswith("Премьера") and lab == "PROFESSION" for t, lab in labels)
    assert ("премьер Италии", "PROFESSION") in labels
    assert "Полковник Квачков" not in professions(doc) and "Полковник" in professions(doc)


def test_a_capitalized_word_inside_an_awards_name_is_no_post():
    text = "Он награжден орденом Красной Звезды, ему присвоено звание народный артист СССР."
    doc = prepared(text, {"орденом Красной Звезды": "AWARD", "Звезды": "PROFESSION",
                          "народный артист СССР": "AWARD"})
    found = professions(tag_professions(doc))
    assert "Звезды" not in found and "артист" in found


def test_a_rank_written_short_before_a_name_is_a_post_named_in_full():
    import letopis

    doc = letopis.analyze("Подписали ст. сов. Иванов, кол. асс. Сидоров и шт.-кап. Тушин; "
                          "у кн. Голицына был ген. Скобелев. Так было до сих пор. Карл "
                          "приехал позже.")
    check_spans(doc)
    posts = {m.text: doc.normals.get(m.id) for m in doc.mentions if m.label == "PROFESSION"}
    assert posts.get("ст. сов.") == "статский советник"
    assert posts.get("кол. асс.") == "коллежский асессор"
    assert posts.get("шт.-кап.") == "штабс-капитан" and posts.get("кн.") == "князь"
    assert "ген." in posts and "пор." not in posts
    assert not any(m.label == "LAW" for m in doc.mentions)


def test_a_title_ends_before_its_holders_name_but_a_lawyer_keeps_his_client():
    text = "Пришли полки генерала Милорадовича, а адвокат Абрамовича молчал."
    doc = prepared(text, {"генерала Милорадовича": "PROFESSION", "Милорадовича": "PERSON",
                          "адвокат Абрамовича": "PROFESSION", "Абрамовича": "PERSON"})
    found = professions(tag_professions(doc))
    assert "генерала Милорадовича" not in found and "генерала" in found
    assert "адвокат Абрамовича" in found


def test_an_adverb_spelled_with_a_hyphen_is_no_post():
    doc = prepared("С тех-пор он жил один, а вице-президент уехал.",
                   {"тех-пор": "PROFESSION", "вице-президент": "PROFESSION"})
    assert professions(tag_professions(doc)) == ["вице-президент"]


def test_a_post_that_is_part_of_a_hyphenated_word_is_a_post():
    text = ("Врач-реаниматолог уехал, прадеда-генерала помнили, она стала "
            "женщиной-президентом, а художник-постановщик и Петров-Водкин остались.")
    doc = tag_professions(prepared(text, {"Петров-Водкин": "PERSON"}))
    found = professions(doc)
    assert {"Врач", "генерала", "президентом", "художник-постановщик"} <= set(found)
    assert "художник" not in found and not any("Петров" in p for p in found)
