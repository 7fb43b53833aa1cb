"""Quote marks, quote kinds and speakers, on the team's own sentences."""


import pytest

import letopis
from letopis.doc import Document, check_spans
from letopis.extract.quotemarks import quoted_spans
from quote_builders import build


def speaker_name(doc: Document, quote) -> str | None:
    if quote.speaker is None:
        return None
    entity = doc.entity(quote.speaker)
    return doc.mention(entity.mentions[0]).text


def contents(text: str) -> list[str]:
    """Span contents from quoted_spans, checked against the Quotes of a full stage run."""
    found = [text[s.start:s.end] for s in quoted_spans(text)]
    assert [q.text for q in build(text).quotes] == found  # build() runs check_spans
    return found


# -- quote marks -----------------------------------------------------------

@pytest.mark.parametrize("text, inner", [
    ("Он ответил «никогда» и вышел.", "никогда"),
    ("Он ответил “никогда” и вышел.", "никогда"),
    ("Он ответил „никогда“ и вышел.", "никогда"),
    ("Он ответил ‚никогда‘ и вышел.", "никогда"),
    ('Он ответил "никогда" и вышел.', "никогда"),
])
def test_each_quote_style(text, inner):
    assert contents(text) == [inner]


def test_marks_are_outside_the_content():
    text = "Было сказано: « с пробелами »."
    (span,) = quoted_spans(text)
    assert text[span.open_start:span.open_end] == "«"
    assert text[span.close_start:span.close_end] == "»"
    assert text[span.start:span.end] == "с пробелами"


def test_nested_quotes():
    text = "Она прочла: «В повести „Зимний сад“ и в очерке «Берег» много света»."
    spans = quoted_spans(text)
    assert [text[s.start:s.end] for s in spans] == [
        "В повести „Зимний сад“ и в очерке «Берег» много света", "Зимний сад", "Берег"]
    assert [s.depth for s in spans] == [0, 1, 1]


def test_nested_straight_quotes():
    assert contents('Лектор сказал: "в журнале "Вестник" это было".') == [
        'в журнале "Вестник" это было', "Вестник"]


def test_unclosed_quote_gives_no_span():
    assert contents("Он крикнул «стой и побежал за ними.") == []
    text = "Записка обрывалась на слове «завтра.\nВ другом письме стояло «приеду»."
    assert contents(text) == ["приеду"]


def test_apostrophe_is_not_a_quote():
    assert contents("Пьеса О’Нила шла в театре ‘Глобус’ весь сезон.") == ["Глобус"]


def test_dialogue_dash():
    text = ("— Завтра будет поздно, — сказал Петров. — Идите сейчас.\n"
            "— Кто там? — спросила Анна.\n"
            "— первый пункт плана;\n")
    spans = quoted_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["Завтра будет поздно", "Идите сейчас.",
                                                    "Кто там?"]
    assert text[spans[0].close_start:spans[0].close_end] == ", — "


# -- kinds -----------------------------------------------------------------

def kinds(doc: Document) -> dict[str, str]:
    return {q.text: q.kind for q in doc.quotes}


def test_titles_by_noun_in_any_case():
    doc = build("Газета «Северный рассвет» напечатала закон «Об охране лесов», а в журнале "
                "«Природа» вышла статья под названием «Лес и люди». Фильм по роману "
                "«Тихая заводь» сняли быстро.")
    assert kinds(doc) == {"Северный рассвет": "title", "Об охране лесов": "title",
                          "Природа": "title", "Лес и люди": "title", "Тихая заводь": "title"}


def test_coordinated_titles():
    doc = build("Об этом писали газеты «Заря» и «Восход».")
    assert kinds(doc) == {"Заря": "title", "Восход": "title"}


def test_terms():
    doc = build("Его уволили якобы за «вредительство». Началась так называемая «оттепель». "
                "Этот период позже назвали «застоем», а реформу — «перестройкой сверху».")
    assert set(kinds(doc).values()) == {"term"}
    assert all(q.speaker is None and q.cue is None for q in doc.quotes)


def test_quotations():
    doc = build("Петров заявил: «Нет». Он писал, что «наука не терпит суеты». "
                "«Все на выборы!» — призвал Сидоров. Записка начиналась словами "
                "«...и потому прошу считать меня виновным во всём случившемся с обозом».",
                persons=("Петров", "Сидоров"))
    assert kinds(doc) == {"Нет": "quotation", "наука не терпит суеты": "quotation",
                          "Все на выборы!": "quotation",
                          "...и потому прошу считать меня виновным во всём случившемся с "
                          "обозом": "quotation"}


def test_quote_text_is_the_content_without_marks():
    doc = build("Её ответ «не сегодня» всех удивил.")
    (quote,) = doc.quotes
    assert quote.id == "q1"
    assert doc.text[quote.start - 1] == "«" and doc.text[quote.end] == "»"
    assert quote.text == "не сегодня"


# -- speakers --------------------------------------------------------------

def test_speaker_named_before_the_cue():
    doc = build("Профессор Кузнецов заявил: «Архив будет открыт для всех исследователей».",
                persons=("Кузнецов",))
    (quote,) = doc.quotes
    assert quote.kind == "quotation" and speaker_name(doc, quote) == "Кузнецов"
    assert doc.text[quote.cue.start:quote.cue.end] == "заявил"


def test_speaker_named_after_the_quote():
    doc = build("«Архив откроют в мае», — сообщила Анна Орлова журналистам.",
                persons=("Анна Орлова",))
    (quote,) = doc.quotes
    assert speaker_name(doc, quote) == "Анна Орлова"
    assert doc.text[quote.cue.start:quote.cue.end] == "сообщила"


def test_speaker_after_a_comma_without_a_dash():
    doc = build("«Работы хватит на всех», сказал Карпов.", persons=("Карпов",))
    (quote,) = doc.quotes
    assert speaker_name(doc, quote) == "Карпов"


def test_signature_line_after_a_quote():
    text = ("В пресс-службе ответили так:\n«Проверка нарушений не выявила. Рейд завершён».\n"
            "— Ольга Зуева, пресс-секретарь управления")
    doc = build(text, persons=("Ольга Зуева",))
    (quote,) = doc.quotes
    assert quote.text.startswith("Проверка") and speaker_name(doc, quote) == "Ольга Зуева"


def test_impersonal_cue_has_no_speaker():
    doc = build("В письме Карпова говорится: «Прошу принять меня на работу в архив».",
                persons=("Карпова",))
    (quote,) = doc.quotes
    assert quote.kind == "quotation" and quote.speaker is None
    assert doc.text[quote.cue.start:quote.cue.end] == "говорится"


def test_speaker_of_a_woman_by_verb_agreement():
    doc = build("Семёнов молчал. «Я против», — сказала Орлова.", persons=("Семёнов", "Орлова"))
    (quote,) = doc.quotes
    assert speaker_name(doc, quote) == "Орлова"


def test_speaker_of_dialogue():
    doc = build("— Завтра будет поздно, — сказал Петров. — Идите сейчас.\n— Кто там?",
                persons=("Петров",))
    first, second, third = doc.quotes
    assert first.text == "Завтра будет поздно" and speaker_name(doc, first) == "Петров"
    assert second.text == "Идите сейчас." and speaker_name(doc, second) == "Петров"
    assert third.text == "Кто там?" and third.kind == "quotation" and third.speaker is None


def test_speaker_named_inside_the_marks():
    doc = build("«Я не уверен, — сказал Карпов, — что архив уцелел».", persons=("Карпов",))
    first, second = doc.quotes  # two parts around the author's words, one speaker
    assert (first.text, second.text) == ("Я не уверен", "что архив уцелел")
    for quote in (first, second):
        assert quote.kind == "quotation" and speaker_name(doc, quote) == "Карпов"
        assert quote.cue is not None and doc.text[quote.cue.start:quote.cue.end] == "сказал"


def test_subordinate_clause_subject_is_skipped():
    doc = build("Карпов напомнил, что Зуев «работал день и ночь», и добавил, что «без него "
                "мы бы не справились с этим делом никогда».", persons=("Карпов", "Зуев"))
    term, quotation = doc.quotes
    assert term.kind == "term" and quotation.kind == "quotation"
    assert speaker_name(doc, quotation) == "Карпов"


def test_inanimate_subject_blocks_a_farther_name():
    doc = build("Доклад Карпова обсуждали долго. Об этом сообщила пресс-служба "
                "министерства: «Обсуждение заняло три дня».", persons=("Карпова",))
    (quote,) = doc.quotes
    assert quote.speaker is None


def test_colon_without_a_cue_keeps_a_title():
    doc = build("Он играл в спектаклях: «Чайка», «Лес» и «Гроза».")
    assert {q.kind for q in doc.quotes} == {"title"}


def test_speaker_via_coordinated_verb():
    doc = build("Воронцов вернулся в столицу и призывал коллег не бояться «говорить правду о "
                "прошлом, даже когда она неудобна и горька для всех нас».",
                persons=("Воронцов",))
    (quote,) = doc.quotes
    assert quote.kind == "quotation" and speaker_name(doc, quote) == "Воронцов"
    assert doc.text[quote.cue.start:quote.cue.end] == "призывал"


def test_speaker_via_pronoun_past_a_genitive_name():
    doc = build("Историк Белов долго изучал губернские архивы. После смерти Громова он "
                "возглавил институт. Он считал, что «без открытых архивов нет истории».",
                persons=("Белов", "Громова"))
    (quote,) = doc.quotes
    assert speaker_name(doc, quote) == "Белов"


def test_speaker_via_pronoun_past_a_parenthesized_list():
    doc = build("Министр Лебедев выступил перед директорами заводов (Орлов, Зайцев и "
                "Тихонов). Он сказал: «Планы придётся пересмотреть».",
                persons=("Лебедев", "Орлов", "Зайцев", "Тихонов"))
    (quote,) = doc.quotes
    assert speaker_name(doc, quote) == "Лебедев"


def test_speaker_by_attribution_phrase():
    doc = build("По словам Гусева, «сроки сорваны по вине подрядчика».", persons=("Гусева",))
    (quote,) = doc.quotes
    assert speaker_name(doc, quote) == "Гусева"
    assert doc.text[quote.cue.start:quote.cue.end] == "По словам"


def test_common_noun_subject_blocks_a_farther_name():
    doc = build("Сорокин ушёл в отставку, а его преемник заявил: «Курс останется прежним».",
                persons=("Сорокин",))
    (quote,) = doc.quotes
    assert quote.kind == "quotation" and quote.speaker is None


def test_words_inside_a_quotation_do_not_attribute():
    doc = build("Лосев сказал: «Вчера Зуев писал мне: „Жду ответа“».", persons=("Лосев", "Зуев"))
    outer, inner = doc.quotes
    assert speaker_name(doc, outer) == "Лосев"
    assert speaker_name(doc, inner) == "Зуев"


def test_titles_and_terms_have_no_speaker():
    doc = build("Карпов заявил, что книга «Поздняя осень» — это «пустяк».", persons=("Карпов",))
    assert {q.text: (q.kind, q.speaker) for q in doc.quotes} == {
        "Поздняя осень": ("title", None), "пустяк": ("term", None)}


# -- the whole pipeline ----------------------------------------------------

def test_speakers_through_analyze():
    """Needs the clustering stage (mention.entity) of the full pipeline."""
    doc = letopis.analyze("Академик Сергей Волков выступил на конференции в Казани. Он "
                          "призвал коллег «не бояться архивов и говорить о прошлом честно, "
                          "без умолчаний и без оглядки на начальство». «Мы обязаны это "
                          "сделать», — добавил Волков.")
    check_spans(doc)
    quotations = [q for q in doc.quotes if q.kind == "quotation"]
    assert len(quotations) == 2
    names = {doc.entity(q.speaker).name if q.speaker else None for q in quotations}
    assert len(names) == 1 and "Волков" in next(iter(names))
