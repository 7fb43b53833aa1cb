"""Sums of money written with the ruble's and kopeck's abbreviations.

Paperwork, price lists, accounts and police reports write sums as ``3 руб. 40 коп.``,
``100 руб. серебром``, ``15 коп.``; the NER model, trained on news (``500 млн рублей``),
reads them as a NUMBER (``3 руб``) or not at all. NEREL marks a sum with its currency
word as MONEY, the abbreviation's period included (``500 млрд руб.``). Here a number with
``руб.``/``рубль``/``коп.``/``копейка`` after it (and the kopecks after the rubles, and
``серебром``/``ассигнациями``/``золотом``) is one MONEY mention, unless a MONEY mention
already overlaps it (the model's ``около 200 млн руб`` stays, its abbreviation's period
added); NUMBER mentions inside it go.
"""

from __future__ import annotations

import re

from letopis.doc import Document

_SPACE = "[ \u00a0]"
_NUMBER = rf"\d+(?:{_SPACE}\d{{3}})*(?:[.,]\d+)?(?:{_SPACE}*(?:тыс|млн|млрд)\.?)?"
_RUBLE = r"руб(?:\.|л(?:ь|я|ей|ю|ем|ями|ях)\b)"
_KOPECK = r"коп(?:\.|е(?:йка|йки|ек|йку|йкой|йками)\b)"
MONEY = re.compile(
    rf"(?<![\w.,]){_NUMBER}{_SPACE}*(?:{_RUBLE}(?:{_SPACE}*\d{{1,2}}{_SPACE}*{_KOPECK})?|{_KOPECK})"
    rf"(?:{_SPACE}+(?:серебром|ассигнациями|золотом)\b)?",
    re.IGNORECASE,
)


def tag_money(doc: Document) -> Document:
    """Add a MONEY mention over each sum in rubles and kopecks that no MONEY mention
    overlaps yet; NUMBER mentions inside it go.

    Reads: text, mentions. Writes: mentions (MONEY added or given the period of ``руб.``,
    NUMBER dropped).
    """
    if "руб" not in doc.text and "коп" not in doc.text:
        return doc
    text = doc.text
    short = [m for m in doc.mentions  # the model's ``200 млн руб``: NEREL keeps the period
             if m.label == "MONEY" and m.text.endswith(("руб", "коп"))
             and text[m.end:m.end + 1] == "."]
    if short:
        doc.mentions = [m for m in doc.mentions if m not in short]
        for m in short:
            doc.add_mention(m.start, m.end + 1, "MONEY")
    sums = [m.span() for m in MONEY.finditer(text)]
    money = [(m.start, m.end) for m in doc.mentions if m.label == "MONEY"]
    sums = [(a, b) for a, b in sums if not any(s < b and a < e for s, e in money)]
    if not sums:
        return doc
    doc.mentions = [m for m in doc.mentions if not (
        m.label == "NUMBER" and any(a <= m.start and m.end <= b for a, b in sums))]
    for start, end in sums:
        doc.add_mention(start, end, "MONEY")
    return doc
