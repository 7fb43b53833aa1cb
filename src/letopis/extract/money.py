"""Sums of money written with the ruble's and kopeck's abbreviations.

Paperwork, price lists, accounts and police reports write sums as ``3 руб. 40 коп.``,
``100 руб. серебром``, ``15 коп.``; the NER model, trained on news (``500 млн рублей``),
reads them as a NUMBER (``3 руб``) or not at all. NEREL marks a sum with its currency
word as MONEY, the abbreviation's period included (``500 млрд руб.``). Here a number with
``руб.``/``рубль``/``коп.``/``копейка`` after it (and the kopecks after the rubles, and
``серебром``/``ассигнациями``/``золотом``) is one MONEY mention, unless a MONEY mention
already overlaps it (the model's ``около 200 млн руб`` stays, its abbreviation's period
added); NUMBER mentions inside it go.

Accounts, wills, petitions and novels also write sums in words and in the old coins:
``двести рублей``, ``пять копеек``, ``три алтына``, ``десять червонцев``, ``полтора рубля
серебром``, ``3 алтына 2 деньги``, ``сто гульденов``. A number (digits or numeral words)
followed by a coin's word (``COINS``, by lemma), then optionally a second number and coin
and a metal or paper word, is one MONEY too (``_sums_in_words``).
"""

from __future__ import annotations

import re

from letopis.doc import Document, Token
from letopis.extract.gazetteer import sentence_spans, word_set

_SPACE = "[ \u00a0]"
_NUMBER = rf"\d+(?:{_SPACE}\d{{3}})*(?:[.,]\d+)?(?:{_SPACE}*(?:тыс|млн|млрд)\.?)?"
_RUBLE = r"руб(?:\.|л(?:ь|я|ей|ю|ем|ями|ях)\b)"
_KOPECK = r"коп(?:\.|е(?:йка|йки|ек|йку|йкой|йками)\b)"
MONEY = re.compile(
    rf"(?<![\w.,]){_NUMBER}{_SPACE}*(?:{_RUBLE}(?:{_SPACE}*\d{{1,2}}{_SPACE}*{_KOPECK})?|{_KOPECK})"
    rf"(?:{_SPACE}+(?:серебром|ассигнациями|золотом)\b)?",
    re.IGNORECASE,
)


# coins and currencies by lemma, old Russian ones first (not ``фунт`` nor ``марка``, which
# weigh and stamp as often; ``деньга`` is the half-kopeck and the lemma of ``деньги``)
COINS = word_set("""
    рубль копейка алтын грош деньга денга полушка гривна гривенник полтина полтинник
    червонец империал полуимпериал ефимок талер дукат гульден флорин франк пиастр цехин
    луидор соверен шиллинг пенни доллар евро
""")
# what a sum may end with: the metal or paper it was paid in
METALS = frozenset({"серебром", "ассигнациями", "золотом", "медью", "серебра", "золота",
                    "ассигнаций", "меди"})
NUMERALS = word_set("""
    один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать
    тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать
    двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто сто
    двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот тысяча миллион
    миллиард полтора полтораста осьмнадцать осьмьдесят осемьсот
""")
DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
SCALES = frozenset({"тыс", "млн", "млрд"})


def tag_money(doc: Document) -> Document:
    """Add a MONEY mention over each sum in rubles and kopecks that no MONEY mention
    overlaps yet; NUMBER mentions inside it go.

    Reads: text, mentions. Writes: mentions (MONEY added or given the period of ``руб.``,
    NUMBER dropped).
    """
    if "руб" in doc.text or "коп" in doc.text:
        _sums_with_abbreviations(doc)
    return _sums_in_words(doc)


def _sums_with_abbreviations(doc: Document) -> Document:
    """``MONEY`` over the sums of digits and ``руб.``/``коп.`` (and the model's sum
    given its abbreviation's period)."""
    text = doc.text
    short = [m for m in doc.mentions  # the model's ``200 млн руб``: NEREL keeps the period
             if m.label == "MONEY" and m.text.endswith(("руб", "коп"))
             and text[m.end:m.end + 1] == "."]
    if short:
        doc.mentions = [m for m in doc.mentions if m not in short]
        for m in short:
            doc.add_mention(m.start, m.end + 1, "MONEY")
    sums = [m.span() for m in MONEY.finditer(text)]
    return _add_sums(doc, sums)


def _number_word(token: Token) -> bool:
    """Digits, a numeral word or a scale's abbreviation (``тыс``)."""
    word = token.text.lower()
    return bool(DIGITS.fullmatch(word)) or (token.lemma or word) in NUMERALS or word in SCALES


def _number_end(tokens: list[Token], i: int, end: int) -> int:
    """One past the number's last token from token ``i`` (digits, numeral words, ``тыс.``),
    or ``i`` where none starts there."""
    j = i
    while j < end:
        word = tokens[j].text.lower()
        if not _number_word(tokens[j]) and not (
                word == "." and j > i and tokens[j - 1].text.lower() in SCALES):
            break
        j += 1
    return j


def _sums_in_words(doc: Document) -> Document:
    """``MONEY`` over a number followed by a coin's word (``три алтына``, ``двести
    рублей``, ``3 алтына 2 деньги``, ``полтора рубля серебром``) where no MONEY overlaps
    it; NUMBER mentions inside it go."""
    tokens = doc.tokens
    coins = [j for j, t in enumerate(tokens) if t.lemma in COINS]
    if not coins:
        return doc
    sums: list[tuple[int, int]] = []
    taken = -1  # the last token of the sum found before
    for first, last in sentence_spans(doc):
        for j in (j for j in coins if first < j < last and j > taken):
            i, lower = j, max(first, taken + 1)
            while i > lower and (_number_word(tokens[i - 1]) or (
                    tokens[i - 1].text == "." and i - 2 >= lower
                    and tokens[i - 2].text.lower() in SCALES)):
                i -= 1  # back over the number before the coin (``200 тыс. долларов``)
            if i == j:
                continue
            end = j + 1
            k = _number_end(tokens, end, last)  # ``3 алтына 2 деньги``
            if k > end and k < last and (tokens[k].lemma or "") in COINS:
                end = k + 1
            if end < last and tokens[end].text.lower() in METALS:
                end += 1
            sums.append((tokens[i].start, tokens[end - 1].end))
            taken = end - 1
    return _add_sums(doc, sums)


def _add_sums(doc: Document, sums: list[tuple[int, int]]) -> Document:
    """``MONEY`` over each sum no MONEY overlaps yet; NUMBER mentions inside it go."""
    money = [(m.start, m.end) for m in doc.mentions if m.label == "MONEY"]
    sums = [(a, b) for a, b in sums if not any(s < b and a < e for s, e in money)]
    if not sums:
        return doc
    doc.mentions = [m for m in doc.mentions if not (
        m.label == "NUMBER" and any(a <= m.start and m.end <= b for a, b in sums))]
    for start, end in sums:
        doc.add_mention(start, end, "MONEY")
    return doc
