"""The HTML report in Russian first (issue 18, item 6), English on request."""

from __future__ import annotations

import letopis
from letopis.doc import check_spans
from letopis.report.html import documents_to_html
from letopis.report.names import count, language

TEXT = ("В 1956 году Н. С. Хрущёв выступил на XX съезде КПСС. Он сказал: «Культ личности "
        "чужд марксизму». Газета «Правда» сообщила об этом.")


def test_report_is_russian_by_default_and_english_on_request() -> None:
    doc = letopis.analyze(TEXT)
    check_spans(doc)
    page = documents_to_html([doc])
    assert '<html lang="ru">' in page
    for word in ("Хронология", "Сущности", "Цитаты", "Утверждения", "персона", "цитата",
                 "говорящий"):
        assert word in page, word
    assert ">PERSON<" not in page and "<h3>Quotations" not in page
    with language("en"):
        english = documents_to_html([doc])
    assert '<html lang="en">' in english and "<h3>Quotations</h3>" in english
    assert "PERSON" in english and "Хронология" not in english


def test_russian_plurals() -> None:
    assert [count(n, "mention", "mentions") for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "1 упоминание", "2 упоминания", "5 упоминаний", "11 упоминаний", "21 упоминание",
        "22 упоминания", "112 упоминаний"]
    with language("en"):
        assert count(1, "mention", "mentions") == "1 mention"
        assert count(2, "mention", "mentions") == "2 mentions"
