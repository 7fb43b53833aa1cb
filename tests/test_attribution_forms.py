"""Issue 16: reported speech the way Russian writes it, on the team's own sentences.

Typewriter typography, unquoted speech, names behind titles, unnamed speakers
(``speaker_span``/``holder_span``) and quotations interrupted by the author's words; every
document passes the offset invariant (``check_spans``).
"""

import pytest

import letopis
from letopis.doc import Document, check_spans


def analyze(text: str) -> Document:
    doc = letopis.analyze(text)
    check_spans(doc)
    return doc


def who(doc: Document, entity: str | None) -> str | None:
    if entity is None:
        return None
    return doc.mention(doc.entity(entity).mentions[0]).text


def reports(doc: Document) -> list[tuple[str, str | None, str | None, str | None]]:
    """(content, cue text, named speaker, unnamed speaker) of quotations and claims."""
    out = []
    for q in doc.quotes:
        if q.kind == "quotation":
            out.append((q.text, doc.text[q.cue.start:q.cue.end] if q.cue else None,
                        who(doc, q.speaker), q.speaker_span.text if q.speaker_span else None))
    for c in doc.claims:
        out.append((c.text, doc.text[c.cue.start:c.cue.end] if c.cue else None,
                    who(doc, c.holder), c.holder_span.text if c.holder_span else None))
    return out


@pytest.mark.parametrize("text", [
    '"Мы не отступим", - сказал Петров.',
    '"Мы не отступим" - сказал Петров.',
    "<<Мы не отступим>>, - сказал Петров.",
    "«Мы не отступим», — сказал Петров.",
])
def test_typewriter_and_typographic_marks_alike(text):
    assert reports(analyze(text)) == [("Мы не отступим", "сказал", "Петров", None)]


def test_no_space_after_the_colon():
    doc = analyze('Мать говорила:"Береги себя".')
    assert reports(doc) == [("Береги себя", "говорила", None, "Мать")]


def test_inverted_unquoted_speech_with_a_titled_speaker():
    doc = analyze("Реформа провалится, сказал журналистам министр финансов Иван Петров.")
    assert reports(doc) == [("Реформа провалится", "сказал", "Иван Петров", None)]


def test_parenthetical_cue_with_an_unnamed_holder():
    doc = analyze("Эта мера, считают экономисты, себя не оправдает.")
    assert reports(doc) == [("Эта мера, считают экономисты, себя не оправдает", "считают",
                             None, "экономисты")]


def test_colon_speech_without_quote_marks():
    doc = analyze("Петров предупредил коллег: реформа провалится.")
    assert reports(doc) == [("реформа провалится", "предупредил", "Петров", None)]


@pytest.mark.parametrize("text", [
    "Петров заявил вчера «Известиям», что уйдёт в отставку.",
    'Петров заявил вчера "Известиям", что уйдёт в отставку.',
])
def test_quoted_addressee_between_the_verb_and_that(text):
    assert reports(analyze(text)) == [("уйдёт в отставку", "заявил", "Петров", None)]


@pytest.mark.parametrize(("text", "cue"), [
    ("«Завод работает в три смены», — рассказывает «Известиям» директор завода Иван Антонов.",
     "рассказывает"),
    ("«Завод работает в три смены», — объясняет первый проректор университета Иван Антонов.",
     "объясняет"),
])
def test_the_name_behind_a_title_is_the_speaker(text, cue):
    assert reports(analyze(text)) == [("Завод работает в три смены", cue, "Иван Антонов", None)]


@pytest.mark.parametrize(("text", "phrase"), [
    ("Один из рабочих сказал: «Завод закроют».", "Один из рабочих"),
    ("Представитель министерства заявил, что проверка продолжается.",
     "Представитель министерства"),
    ("Эксперты полагают, что кризис затянется.", "Эксперты"),
    ("По словам очевидцев, взрыв был слышен за километр.", "очевидцев"),
    ("Старый солдат сказал: «Такого я не видел никогда».", "Старый солдат"),
    ("«Закон писали в спешке», — заметил один из депутатов.", "один из депутатов"),
])
def test_unnamed_speakers_are_the_noun_phrase(text, phrase):
    (report,) = reports(analyze(text))
    assert report[2] is None and report[3] == phrase


def test_an_interrupted_quotation_comes_in_two_parts():
    doc = analyze("«Мы пришли, — говорит Сидоров, — и увидели пустые полки».")
    assert reports(doc) == [("Мы пришли", "говорит", "Сидоров", None),
                            ("и увидели пустые полки", "говорит", "Сидоров", None)]
    doc = analyze("«Денег нет, — признал Кудрин. — Но мы что-нибудь придумаем».")
    assert [r[0] for r in reports(doc)] == ["Денег нет", "Но мы что-нибудь придумаем"]


def test_as_he_says_introduces_a_quotation():
    doc = analyze("Петров повторяет одно и то же. Как он говорит, «лучше поздно, чем никогда».")
    (quote,) = doc.quotes
    assert quote.kind == "quotation" and who(doc, quote.speaker) == "Петров"


@pytest.mark.parametrize("text", [
    "Анна Белова поделилась впечатлениями: «Город очень красивый».",
    "Крылов возразил: «Это не так».",
])
def test_less_common_speech_verbs_are_cues(text):
    (report,) = reports(analyze(text))
    assert report[1] in {"поделилась", "возразил"}


@pytest.mark.parametrize("text", [
    "Каждый округ делится на участки: в нашем их было шесть.",
    "Кузнец писал часто иконы: их и теперь можно увидеть в церкви.",
    "Дело не в том, что птицы кричат: они всегда кричат весной.",
    "Нельзя было понять, шутит он или говорит серьёзно.",
    "Он работал в газете «Правда» до войны.",
])
def test_no_report_where_nobody_reports(text):
    assert reports(analyze(text)) == []


def test_unnamed_speakers_are_shown_and_exported():
    from letopis.export.text import document_to_text_summary as document_to_text
    from letopis.report.html import document_section

    doc = analyze("Один из рабочих сказал: «Завод закроют». "
                  "Эксперты полагают, что кризис затянется.")
    assert "speaker: [Один из рабочих]" in document_to_text(doc)
    assert "holder: [Эксперты]" in document_to_text(doc)
    assert "говорящий: <i>Один из рабочих</i>" in document_section(doc, "doc")  # Russian first
    data = doc.to_dict()
    assert data["quotes"][0]["speaker_span"]["text"] == "Один из рабочих"
    assert data["claims"][0]["holder_span"]["text"] == "Эксперты"
    assert "holder_span" not in analyze("Петров заявил, что уйдёт.").to_dict()["claims"][0]


def test_belief_adjectives_hold_a_claim():
    assert reports(analyze("Волков уверен, что проект окупится.")) == [
        ("проект окупится", "уверен", "Волков", None)]


def test_unnamed_speakers_in_the_csv_tables(tmp_path):
    import csv

    from letopis.export.csvout import write_csv_dir

    doc = analyze("Эксперты полагают, что кризис затянется.")
    write_csv_dir([doc], tmp_path)
    with (tmp_path / "claims.csv").open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert (row["holder"], row["holder_span_text"]) == ("", "Эксперты")
    assert doc.text[int(row["holder_span_start"]):int(row["holder_span_end"])] == "Эксперты"


@pytest.mark.parametrize(("text", "expected"), [
    ("Зимой цены не упадут, уверены аналитики.",
     [("Зимой цены не упадут", "уверены", None, "аналитики")]),
    ("Синоптики обещают, что морозы продлятся до марта.",
     [("морозы продлятся до марта", "обещают", None, "Синоптики")]),
    ("«Дорогу достроят», — пообещал губернатор области Юрий Ковалёв.",
     [("Дорогу достроят", "пообещал", "Юрий Ковалёв", None)]),
    ("Он шёл медленно (заметьте, дождь уже кончился) и молчал.", []),
])
def test_beliefs_promises_and_imperatives(text, expected):
    assert reports(analyze(text)) == expected
