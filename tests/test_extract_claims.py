"""Claims: reported content with holder, source and cue, on the team's own sentences."""


from letopis.doc import Document
from quote_builders import build


def name(doc: Document, entity_id: str | None) -> str | None:
    if entity_id is None:
        return None
    return doc.mention(doc.entity(entity_id).mentions[0]).text


def summary(doc: Document) -> list[tuple[str | None, str | None, str, str]]:
    """(holder, source, cue text, content) of every claim."""
    return [(name(doc, c.holder), name(doc, c.source), doc.text[c.cue.start:c.cue.end], c.text)
            for c in doc.claims]


def test_that_clause_with_a_named_holder():
    doc = build("Историк Зимин утверждает, что реформа провалилась из-за спешки.",
                persons=("Зимин",))
    assert summary(doc) == [("Зимин", None, "утверждает", "реформа провалилась из-за спешки")]
    assert doc.claims[0].id == "c1"


def test_that_clause_with_a_pronoun_holder():
    doc = build("Доцент Лапина долго молчала. Потом она написала, что выборы были честными.",
                persons=("Лапина",))
    assert summary(doc) == [("Лапина", None, "написала", "выборы были честными")]


def test_holder_and_source_before_the_verb():
    doc = build("Зимин, ссылаясь на Серова, заявил, что архив сгорел в 1941 году.",
                persons=("Зимин", "Серова"))
    assert summary(doc) == [("Зимин", "Серова", "заявил", "архив сгорел в 1941 году")]


def test_by_the_words_of_at_the_start():
    doc = build("По словам Гусева, реформа провалилась.", persons=("Гусева",))
    assert summary(doc) == [("Гусева", None, "По словам", "реформа провалилась")]


def test_by_the_words_of_with_an_apposition():
    doc = build("По мнению Гусева, бывшего министра финансов, крупнейшего знатока бюджета, "
                "реформа провалилась.",
                persons=("Гусева",))
    assert summary(doc) == [("Гусева", None, "По мнению", "реформа провалилась")]


def test_by_the_words_of_a_relative_named_after_a_possessive():
    doc = build("По словам его жены Анны Зиминой, он уехал утром.", persons=("Анны Зиминой",))
    assert summary(doc) == [("Анны Зиминой", None, "По словам", "он уехал утром")]


def test_by_the_words_of_at_the_end():
    doc = build("Реформа провалилась, по словам Гусева.", persons=("Гусева",))
    assert summary(doc) == [("Гусева", None, "по словам", "Реформа провалилась")]


def test_by_his_words():
    doc = build("Гусев вернулся из поездки. По его словам, завод стоит.", persons=("Гусев",))
    assert summary(doc) == [("Гусев", None, "По его словам", "завод стоит")]


def test_a_bare_modifier_is_no_attribution():
    doc = build("Он стал чемпионом по версии Всемирного союза бокса.",
                orgs=("Всемирного союза бокса",))
    assert doc.claims == []


def test_relative_according_to_which_is_no_claim():
    doc = build("Приняли закон, согласно которому архивы открыты.")
    assert doc.claims == []


def test_source_by_citing():
    doc = build("Зимин, цитируя Серова, написал, что склад сгорел.", persons=("Зимин", "Серова"))
    assert summary(doc) == [("Зимин", "Серова", "написал", "склад сгорел")]


def test_as_writes():
    doc = build("Как пишет Зимин, известный историк, крестьяне не верили обещаниям.",
                persons=("Зимин",))
    assert summary(doc) == [("Зимин", None, "пишет", "крестьяне не верили обещаниям")]


def test_according_to_a_source():
    doc = build("Урожай вырос вдвое, согласно отчёту Наркомзема.", orgs=("Наркомзема",))
    assert summary(doc) == [(None, "Наркомзема", "согласно", "Урожай вырос вдвое")]
    doc = build("По данным Госплана, выпуск стали упал.", orgs=("Госплана",))
    assert summary(doc) == [(None, "Госплана", "По данным", "выпуск стали упал")]


def test_pointing_back_with_an_apposition_and_a_source():
    doc = build("Реформа провалилась из-за спешки. Так утверждает, например, В. П. Зимин, "
                "автор книги «Годы перемен», ныне профессор университета, ссылаясь на "
                "А. А. Серова, бывшего наркома.", persons=("В. П. Зимин", "А. А. Серова"))
    assert summary(doc) == [("В. П. Зимин", "А. А. Серова", "утверждает",
                             "Реформа провалилась из-за спешки")]


def test_about_this_writes():
    doc = build("Склады были пусты. Об этом сообщил Гусев.", persons=("Гусев",))
    assert summary(doc) == [("Гусев", None, "сообщил", "Склады были пусты")]


def test_impersonal_verb_in_a_document():
    doc = build("Вышло постановление «О мерах против засухи». В нём утверждалось, что "
                "урожай спасён.")
    (claim,) = doc.claims
    assert name(doc, claim.holder) == "О мерах против засухи"
    assert claim.text == "урожай спасён" and claim.source is None


def test_impersonal_verb_without_a_document():
    doc = build("В газетах утверждалось, что урожай спасён.")
    assert summary(doc) == [(None, None, "утверждалось", "урожай спасён")]


def test_infinitive_with_a_dative_that_is_no_entity():
    doc = build("Ошибка Зимина позволила критикам утверждать, что отчёт подделан.",
                persons=("Зимина",))
    assert summary(doc) == [(None, None, "утверждать", "отчёт подделан")]


def test_quotation_in_a_that_clause_is_also_a_claim():
    doc = build("Зимин считал, что «без архивов история немеет».", persons=("Зимин",))
    (quote,) = doc.quotes
    (claim,) = doc.claims
    assert quote.kind == "quotation" and quote.speaker == claim.holder
    assert (claim.start, claim.end) == (quote.start, quote.end)


def test_relative_what_is_no_claim():
    doc = build("Зимин сказал то, что думал.", persons=("Зимин",))
    assert doc.claims == []


def test_direct_speech_is_a_quote_not_a_claim():
    doc = build("«Архив сгорел», — сказал Зимин.", persons=("Зимин",))
    assert doc.claims == [] and len(doc.quotes) == 1


def test_a_newspaper_named_in_quotes_after_the_verb_holds_the_claim():
    doc = build("Как сообщает «Северная пчела», в Москве открылась выставка.",
                orgs=("Северная пчела",))
    assert summary(doc) == [("Северная пчела", None, "сообщает",
                             "в Москве открылась выставка")]
    doc = build("Как пишут «Ведомости», сделка сорвалась.", orgs=("Ведомости",))
    assert summary(doc) == [("Ведомости", None, "пишут", "сделка сорвалась")]
