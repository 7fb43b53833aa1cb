"""Service records and campaign histories: military actions named by the place they took
or the land they went to, battles named by where they were fought. The texts are our
own."""

from __future__ import annotations

from analysis_views import analyzed, spans


def test_campaigns_sieges_and_battles_are_events():
    doc = analyzed("Участвовал в Хивинском походе 1873 года, в обороне Севастополя и в "
                   "сражении при Шипке. Штурм Измаила начался утром. Битва под Полтавой "
                   "решила исход войны.")
    events = spans(doc, "EVENT")
    for event in ("Хивинском походе", "обороне Севастополя", "сражении при Шипке",
                  "Штурм Измаила", "Битва под Полтавой"):
        assert event in events
    assert "Измаила" in spans(doc, "CITY")  # a first name too, but a fortress stormed


def test_defence_and_sieges_of_countries_or_ministries_are_no_events():
    doc = analyzed("Министерство обороны России сообщило. Армия обороны Израиля "
                   "атаковала. Встреча Измаила Петровича с женой.")
    assert not [e for e in spans(doc, "EVENT") if "оборон" in e]
    assert "Измаила Петровича" in spans(doc, "PERSON")


def test_a_revolution_named_by_its_ordinal_and_a_month_is_no_place():
    doc = analyzed("Первая русская революция 1905–1907 гг. охватила всю страну. В 1905 г. "
                   "в Москве вспыхнуло Декабрьское вооруженное восстание.")
    events = spans(doc, "EVENT")
    assert "Первая русская революция" in events
    assert "Декабрьское вооруженное восстание" in events
    assert "Декабрьское" not in [m.text for m in doc.mentions if m.label == "CITY"]
