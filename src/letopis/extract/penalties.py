"""Sentences of courts and tribunals: penalties and the articles they were passed under.

Court files of the Empire, the protocols of the troikas and the memorial books of the
repressed write a sentence as a term and a kind of punishment (``к 10 годам лишения
свободы``, ``на 8 лет ИТЛ``, ``к 5 годам ссылки``), or a punishment alone (``к ВМН``,
``к расстрелу``, ``к высшей мере наказания``), under an article of a code (``по ст. 58-10
УК РСФСР``). NEREL marks the term with the punishment one PENALTY, with the term a DATE
and the punishment a PENALTY nested in it (``семи годам лишения свободы``: DATE ``семи
годам``, PENALTY ``лишения свободы``; ``до трёх лет заключения``), and an article with its
code one LAW (``ст. 214 УК РФ``, the code, its country and the article's number nested;
``ч. 2 ст. 214 УК РФ`` and ``ст. 214 УК РФ`` each a LAW, one inside the other).
The NER model, trained on news, reads ``ИТЛ`` and ``ВМН`` as organizations and ``8 лет``
as an age.

A term and a punishment of ``PUNISHMENTS`` right after it make a PENALTY anywhere; a
punishment alone only after ``к`` in a sentence that passes sentence (``SENTENCING``:
``приговорить``, ``осудить`` ...), where ``расстрел`` is no event. An article is ``ст.`` or
``статья`` (or a part, a point) and its number, on to the end of the LAW mention (a code,
a law) right after it.
"""

from __future__ import annotations

import re

from letopis.doc import Document
from letopis.extract.gazetteer import sentence_spans

NUMBER_WORDS = (r"(?:\d+(?:[,.]\d+)?|одн\w*|один|дв\w+|тр[её]\w*|четыр\w+|пят\w+|шест\w+"
                r"|сем\w+|вос[ье]м\w*|девят\w+|десят\w+|пятнадцат\w+|двадцат\w+"
                r"|полутора|полтора)")
UNITS = r"(?:год\w*|лет|месяц\w*)"
# the punishments a term is given in (hand-written, general knowledge: the codes of the
# Empire, the RSFSR and the Russian Federation)
PUNISHMENTS = (
    r"(?:лишени[еяюи]\w* свободы|тюремн\w+ заключени\w+|тюрьм\w+|заключени\w+"
    r"(?: в крепости| в исправительно-трудов\w+ лагер\w+| в ИТЛ"
    # a contract's or a marriage's conclusion is none: ``через 5 лет заключения брака``
    r"|(?!\s+(?:договор|брак|сделк|контракт|соглашени|мир|перемири|союз)))"
    r"|ИТЛ|исправительно-трудов\w+ лагер\w+|лагер\w+|концлагер\w+|ссылк\w+|высылк\w+"
    r"|каторжн\w+ работ\w*|каторг\w+|исправительн\w+ работ\w*|ограничени\w+ свободы"
    r"|принудительн\w+ работ\w*|арестантск\w+ рот\w*|колони\w+(?: (?:общего|строгого"
    r"|особого) режима)?|поселени\w+|крепост\w+)")
TERM = re.compile(rf"(?<![\w-])(?P<term>(?:до\s+)?{NUMBER_WORDS}\s+{UNITS})\s+"
                  rf"(?P<kind>{PUNISHMENTS})(?![\w-])")
# a punishment alone, after ``к``
ALONE = re.compile(
    r"(?<![\w-])к\s+(?P<kind>ВМН|расстрелу|высшей мере (?:наказания|социальной защиты)"
    r"(?: [-—–] расстрелу)?|смертной казни|повешению|бессрочной каторге|каторге"
    r"|каторжным работам|ссылке|пожизненному заключению|пожизненной ссылке)(?![\w-])")
SENTENCING = frozenset({"приговорить", "осудить", "присудить", "приговор", "осуждение",
                        "приговорённый", "осуждённый", "наказание"})
# a level of a code or a law and its number: ``пункту 6``, ``ч. 2``, ``статьи 58-10``,
# ``ст. 128.1``, ``п. 4.1.7``; a chain of them is one reference, its levels nested in it
ARTICLE_LEVEL = (r"(?:[Пп]одпункт\w*|[Пп]ункт\w*|пп?\.|[Чч]аст(?:ь|и|ью|ям|ями|ях)|ч\."
                 r"|[Сс]тать(?:я|и|е|ю|ей|ёй|ям|ями|ях)|ст\.|[Аа]бзац\w*)")
ARTICLE_NUMBER = r"(?:№\s*)?\d+(?:[.-]\d+)*[а-я]?(?![\w-]|[.,]\d)"
_STEP = rf"{ARTICLE_LEVEL}\s*{ARTICLE_NUMBER}"
ARTICLE_STEP = re.compile(rf"(?<![\w.-]){_STEP}")
ARTICLE_CHAIN = re.compile(rf"(?<![\w.-]){_STEP}(?:\s+{_STEP})*")
NOT_BEFORE_CHAIN = re.compile(r"(?:\d|(?<![\w-])т\.)\s*$")
LISTED_NUMBER = re.compile(r"\s*(?:,|и|или)\s+(?:№\s*)?\d")
# what a penalty's parts may have been read as: they go
REPLACED = frozenset({"ORGANIZATION", "EVENT", "AGE", "NUMBER", "DATE", "PENALTY"})


def tag_penalties(doc: Document) -> Document:
    """Add the PENALTY mentions of sentences and the LAW mentions of articles.

    Reads: text, tokens (lemmas), sentences, mentions (LAW). Writes: mentions (PENALTY,
    DATE, LAW added; organizations, events, ages and numbers over their parts dropped).
    """
    found: list[tuple[int, int, str]] = []  # (start, end, label), outer spans first
    for match in TERM.finditer(doc.text):
        found.append((match.start(), match.end(), "PENALTY"))
        found.append((match.start("term"), match.end("term"), "DATE"))
        found.append((match.start("kind"), match.end("kind"), "PENALTY"))
    alone = list(ALONE.finditer(doc.text))
    if alone:
        sentencing = _sentencing_sentences(doc)
        for match in alone:
            if any(a <= match.start() < b for a, b in sentencing):
                found.append((match.start("kind"), match.end("kind"), "PENALTY"))
    found += _articles(doc)
    if not found:
        return doc
    spans = {(start, end) for start, end, _ in found}
    keys = set(found)
    gone = {m.id for m in doc.mentions if m.label in REPLACED
            and (m.start, m.end, m.label) not in keys
            and any(_crosses(m.start, m.end, s, e) for s, e in spans)}
    doc.drop_mentions(gone)
    for start, end, label in found:
        doc.add_mention(start, end, label)
    return doc


def _crosses(start: int, end: int, a: int, b: int) -> bool:
    """Whether ``[start, end)`` overlaps ``[a, b)`` as another reading of it (the same span,
    or inside it, or crossing it), not as a span around it."""
    return start < b and a < end and not (start <= a and b <= end and (start, end) != (a, b))


def _sentencing_sentences(doc: Document) -> list[tuple[int, int]]:
    """The character spans of the sentences with a word of ``SENTENCING``."""
    out = []
    for first, last in sentence_spans(doc):
        tokens = doc.tokens[first:last]
        if tokens and any((t.lemma or "").replace("ё", "е") in _FOLDED for t in tokens):
            out.append((tokens[0].start, tokens[-1].end))
    return out


_FOLDED = frozenset(w.replace("ё", "е") for w in SENTENCING)


def _articles(doc: Document) -> list[tuple[int, int, str]]:
    """The LAW mentions of a reference to an article (``ARTICLE_CHAIN``): from each of its
    levels to its end, on to the end of the LAW mention right after it and of a title in
    quotes after that (``ст. 58-10 УК РСФСР``; ``пункту 6 части 2 статьи 104`` gives that,
    ``части 2 статьи 104`` and ``статьи 104``; ``ч. 8 ст. 20.2 КоАП``; ``части 2 статьи 214
    «Вандализм»``), as NEREL nests them. Not after a number or ``т.`` (``в 10 ч. 30 мин.``,
    ``и т. п. 7 сентября``), nor before another number (``статьям 205 и 209``)."""
    laws: dict[int, int] = {}
    for m in doc.mentions:
        if m.label == "LAW":
            laws[m.start] = max(laws.get(m.start, 0), m.end)  # ``УК РСФСР``, not ``УК``
    found = []
    text = doc.text
    for chain in ARTICLE_CHAIN.finditer(text):
        if (NOT_BEFORE_CHAIN.search(text[max(0, chain.start() - 3):chain.start()])
                or LISTED_NUMBER.match(text, chain.end())):
            continue
        end = laws.get(_next_word(text, chain.end()), chain.end())
        end = _quoted_end(text, end) or end
        found += [(chain.start() + step.start(), end, "LAW")
                  for step in ARTICLE_STEP.finditer(chain.group(0))]
    return found


def _next_word(text: str, end: int) -> int:
    """Where the next word starts after ``end`` (past spaces on the same line)."""
    while end < len(text) and text[end] in " \u00a0":
        end += 1
    return end


def _quoted_end(text: str, end: int) -> int | None:
    """The end of a title in «» right after ``end`` (past spaces), or None."""
    start = _next_word(text, end)
    if not text.startswith("«", start):
        return None
    close = text.find("»", start, start + 200)
    return close + 1 if close > 0 and "\n" not in text[start:close] else None


TERM_NORMAL = re.compile(r"(?P<number>\d+)\s+(?P<unit>год\w*|лет|месяц\w*)\s+(?P<rest>.+)", re.S)


def penalty_normal(text: str) -> str | None:
    """The canonical form of a term in digits and its punishment: the unit in the form
    the number takes (``10 годам лишения свободы`` -> ``10 лет лишения свободы``, ``8
    годам ИТЛ`` -> ``8 лет ИТЛ``, ``3 месяцам тюрьмы`` -> ``3 месяца тюрьмы``); the
    punishment after a term is a genitive and stays. None for other penalties."""
    match = TERM_NORMAL.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    number = int(match.group("number"))
    year = match.group("unit").startswith(("год", "лет"))
    if number % 10 == 1 and number % 100 != 11:
        unit = "год" if year else "месяц"
    elif number % 10 in (2, 3, 4) and number % 100 not in (12, 13, 14):
        unit = "года" if year else "месяца"
    else:
        unit = "лет" if year else "месяцев"
    return f"{number} {unit} {match.group('rest')}"
