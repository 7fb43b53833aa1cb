"""Orders and medals: one AWARD mention over an order's or a medal's whole name.

Service records, obituaries and reference works list decorations by a fixed pattern: the
word ``орден`` (or ``медаль``), the order's name and its class: ``орден св. Анны 2-й ст.``,
``орденом Святого Владимира 3-й степени с бантом``, ``орден Белого Орла``, ``орденом
Ленина``, ``орден Отечественной войны I степени``, ``медалью «За отвагу»``. The NER model
knows the modern orders of its news texts and reads the rest piecemeal (``Анны`` a person,
``Белого Орла`` an organization). NEREL marks the whole, the case form of ``орден`` and the
class included (``орденом Отечества III степени``, ``Орденом Святого Андрея
Первозванного``), and keeps a person named by the order as a PERSON inside it, the class
as an ORDINAL and a quoted name as an AWARD; so here an ORGANIZATION inside the new span
goes (``Белого Орла``), as does an ORGANIZATION or AWARD crossing it; the rest stays.

The name after the word is one of: a quoted title with its class after it (NEREL leaves
the word out then: ``орденом «За заслуги перед Отечеством» IV степени`` is an AWARD from
the opening quote; a quoted name without a class is the title stage's); ``св.``/``Святого``
and one or two capitalized words (the saint); one to three capitalized words, an adjective
among them taking one lower-case noun after it (``Отечественной войны``, ``Дружбы
народов``). Then the class: a number or Roman numeral with ``степени``/``ст.``/``класса``,
or an ordinal word with ``степени``, and ``с мечами``/``с бантом``. A medal takes a
quoted name only (``медаль Олимпийских игр`` names the games). Name and word are on one
line.
"""

from __future__ import annotations

import re

from letopis.doc import Document, Mention, Token

AWARD_WORDS = frozenset({"орден", "медаль"})
SAINT = frozenset({"св", "свв", "святой", "святого", "святая", "святых", "святому"})
CLASS_WORDS = frozenset({"степени", "степень", "ст", "класса", "кл"})
ORDINAL_WORDS = frozenset({"первой", "второй", "третьей", "четвёртой", "четвертой"})
EXTRAS = frozenset({"мечами", "бантом", "мечами и бантом", "бриллиантами", "алмазами"})
DROPPED = frozenset({"ORGANIZATION", "AWARD"})
NUMBER = re.compile(r"(?:\d{1,2}(?:-[а-яё]{1,3})?|[IVX]{1,4})\Z")
ROMAN = re.compile(r"[IVXІХ]{1,4}\Z")
QUOTES = frozenset({"«", '"', "„", "“"})
MAX_NAME = 3


def tag_awards(doc: Document) -> Document:
    """Add an AWARD mention over each order or medal named after ``орден``/``медаль``.

    Reads: text, tokens (lemma, pos), mentions. Writes: mentions (AWARD added;
    ORGANIZATION and AWARD inside or across it dropped).
    """
    if not any(t.lemma in AWARD_WORDS for t in doc.tokens):
        return doc
    spans = award_spans(doc.text, doc.tokens)
    if not spans:
        return doc
    doc.mentions = [m for m in doc.mentions if not _replaced(m, spans)]
    for start, end, _ in spans:
        doc.add_mention(start, end, "AWARD")
    return doc


def award_spans(text: str, tokens: list[Token]) -> list[tuple[int, int, bool]]:
    """(start, end, quoted) of the orders and medals named in ``tokens`` of ``text``."""
    spans = []
    for i, token in enumerate(tokens):
        if token.lemma not in AWARD_WORDS or not token.text.isalpha():
            continue
        last = _name_end(tokens, i + 1, token.lemma == "медаль")
        if last is None or "\n" in text[token.end:tokens[last].start]:
            continue
        quoted = tokens[i + 1].text in QUOTES
        end = _class_end(tokens, last)
        if quoted and end == last:
            continue  # a quoted name alone: the title stage's AWARD over it stays
        start = tokens[i + 1].start if quoted else token.start
        spans.append((start, tokens[end].end, quoted))
    return spans


def _name_end(tokens: list[Token], j: int, medal: bool) -> int | None:
    """The last token of the order's name starting at ``j`` (see the module), else None;
    a ``medal`` takes a quoted name only (``медаль Олимпийских игр`` is no medal's name)."""
    if j >= len(tokens):
        return None
    if tokens[j].text in QUOTES:
        return _closing_quote(tokens, j)
    if medal:
        return None
    k = j
    if tokens[k].text.lower() in SAINT:
        k += 2 if k + 1 < len(tokens) and tokens[k + 1].text == "." else 1
        if k >= len(tokens) or not _capital(tokens[k]):
            return None
        if k + 1 < len(tokens) and _capital(tokens[k + 1]):
            return k + 1  # ``Святого Андрея Первозванного``
        return k
    if tokens[k].lemma in AWARD_WORDS:
        return None
    end = None
    while k < len(tokens) and k - j < MAX_NAME and _capital(tokens[k]):
        end = k
        k += 1
    if end is None:
        return None
    nxt = end + 1
    if (nxt < len(tokens) and tokens[end].pos == "ADJF" and tokens[nxt].text.isalpha()
            and tokens[nxt].text.islower() and tokens[nxt].pos == "NOUN"):
        return nxt  # ``Отечественной войны``, ``Почётного легиона``
    if (nxt < len(tokens) and tokens[end].pos == "NOUN" and tokens[nxt].text == "народов"):
        return nxt  # ``Дружбы народов``
    return end


def _closing_quote(tokens: list[Token], j: int) -> int | None:
    """The closing quote of the title opened at ``j`` (within 12 tokens), else None."""
    for k in range(j + 1, min(j + 13, len(tokens))):
        if tokens[k].text in ("»", '"', "“", "”"):
            return k if k > j + 1 else None
        if tokens[k].text in (".", "!", "?", ";"):
            return None
    return None


def _class_end(tokens: list[Token], last: int) -> int:
    """``last``, or the last token of the class and the extras after it (``2-й ст.``,
    ``III степени``, ``первой степени``, ``с мечами``)."""
    k = last + 1
    if k + 1 < len(tokens) and (NUMBER.match(tokens[k].text)
                                or tokens[k].text.lower() in ORDINAL_WORDS):
        word = tokens[k + 1].text.lower()
        if word in CLASS_WORDS:
            last = k + 1
            if word in ("ст", "кл") and k + 2 < len(tokens) and tokens[k + 2].text == ".":
                last = k + 2
            k = last + 1
    if k + 1 < len(tokens) and tokens[k].text == "с":
        words = [t.text for t in tokens[k + 1:k + 4]]
        for size in (3, 1):
            if " ".join(words[:size]) in EXTRAS:
                return k + size
    return last


def _capital(token: Token) -> bool:
    """A capitalized word, not a Roman numeral (``III`` of ``III степени`` is the class)."""
    text = token.text
    return text[:1].isupper() and text.replace("-", "").isalpha() and not ROMAN.match(text)


def _replaced(mention: Mention, spans: list[tuple[int, int, bool]]) -> bool:
    """Whether an ORGANIZATION mention lies inside one of ``spans`` named without quotes
    (the order's name read as an organization: ``Белого Орла``), or an ORGANIZATION or
    AWARD mention crosses one. An AWARD inside stays (NEREL nests the quoted name:
    ``«За заслуги перед Отечеством» IV степени`` holds ``За заслуги перед Отечеством``),
    as does what a quoted name holds and a mention containing the span."""
    if mention.label not in DROPPED:
        return False
    for start, end, quoted in spans:
        if not (mention.start < end and start < mention.end):
            continue
        inside = start <= mention.start and mention.end <= end
        around = mention.start <= start and end <= mention.end
        if (inside and mention.label == "ORGANIZATION" and not quoted) or not (
                inside or around):
            return True
    return False
