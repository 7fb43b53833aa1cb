"""Archival references: ``ГАРФ. Ф. 102. Оп. 1. Д. 15. Л. 3``, ``РГИА. Ф. 1284. Оп. 241``,
``АВПРИ. Ф. Канцелярия. Оп. 470. Д. 34``.

Historians cite their sources by archive, fond (``Ф.``), inventory (``Оп.``), file (``Д.``)
and sheet (``Л.``). The NER model, trained on news, reads ``Ф.`` as a first name's initial
and makes a person of a fond's name (``Ф. Канцелярия``, ``Ф. Петроградское``). A fond is
named by a number (``Ф. 102``, ``Ф. Р-130``) or by the body whose papers it holds (``Ф.
Петроградское губернское жандармское управление``): where ``Оп.`` and a number or a
letter follow the fond, the persons over the fond's name go, and a name in words
becomes one ORGANIZATION, the body (places nested in it stay). The archives themselves,
cited by their acronyms (``ARCHIVES``: the state archives of the Empire, the USSR and
Russia, ``ГАРФ``, ``РГИА``, ``ЦАМО``, ``ГА РФ``, with a city after them: ``ЦГИА СПб``), are
ORGANIZATIONs wherever they stand; a place inside stays nested (``РФ``).
"""

from __future__ import annotations

import re

from letopis.doc import PLACE_LABELS, Document

# ``Ф.`` (or ``Фонд``), the fond's number or name, a period, then ``Оп.`` and what it holds
FOND_RE = re.compile(r"(?<![\w.])(?:Ф\.|Фонд)[ \u00a0]+(?P<name>[^\n.;]{1,150}?)\.[ \u00a0]*"
                     r"Оп\.[ \u00a0]*[\w-]")
NAMED_RE = re.compile(r"[А-ЯЁ][а-яё]+(?:[ -][А-ЯЁа-яё]+)*")  # a name in words, no digits
# acronyms of archives and their manuscript departments (hand-written, general knowledge)
ARCHIVES = (
    "ГАРФ", "ГА РФ", "РГИА", "РГАДА", "РГВИА", "РГАВМФ", "РГАЭ", "РГАНИ", "РГАСПИ",
    "РГАЛИ", "РГВА", "РГАКФД", "РГАНТД", "РГАФД", "ЦГАЛИ", "ЦГАОР", "ЦГАОР СССР", "ЦГИА",
    "ЦГИАЛ", "ЦГАДА", "ЦГВИА", "ЦГАСА", "ЦГАНХ", "ЦГАВМФ", "ЦПА", "ЦПА ИМЛ", "ЦАМО",
    "ЦАМО РФ", "ЦА ФСБ", "АВПРИ", "АВП РФ", "АВП СССР", "АП РФ", "ЦИАМ", "ЦГАМО", "ЦГА СПб",
    "ЦГИА СПб", "ЦГАИПД СПб", "ОР РНБ", "ОР РГБ", "НИОР РГБ", "ОР ГПБ", "ОПИ ГИМ",
    "ИРЛИ", "РО ИРЛИ", "СПбФ АРАН", "АРАН", "ЦГАНХ СССР", "ЦГИА СССР", "ЦГВИА СССР",
)
ARCHIVE_RE = re.compile(r"(?<![\w-])(?:" + "|".join(
    re.escape(a).replace(r"\ ", r"[ \u00a0]") for a in sorted(ARCHIVES, key=len, reverse=True))
    + r")(?![\w-])")


def tag_archival_references(doc: Document) -> Document:
    """Drop the persons over a fond's reference and make a fond named in words an
    ORGANIZATION.

    Reads: text, mentions. Writes: mentions (PERSON and ORGANIZATION dropped or added).
    """
    _archives(doc)
    if "Оп." not in doc.text:
        return doc  # the quick test: no inventory, no fond
    fonds = [(m.start(), m.start("name"), m.end("name")) for m in FOND_RE.finditer(doc.text)]
    if not fonds:
        return doc
    named = [(start, end) for _, start, end in fonds
             if NAMED_RE.fullmatch(doc.text[start:end])]
    doc.mentions = [m for m in doc.mentions if not any(
        first <= m.start < end and (m.label == "PERSON" or m.label not in PLACE_LABELS
                                    and (start, end) in named)
        for first, start, end in fonds)]
    taken = {(m.start, m.end) for m in doc.mentions}
    for start, end in named:
        if (start, end) not in taken:
            doc.add_mention(start, end, "ORGANIZATION")
    return doc


def _archives(doc: Document) -> None:
    """An ORGANIZATION over each archive's acronym; what crosses it or lies inside it
    goes, except places (``РФ`` of ``ГА РФ``, ``СПб`` of ``ЦГИА СПб``, as NEREL nests
    them)."""
    spans = [(m.start(), m.end()) for m in ARCHIVE_RE.finditer(doc.text)]
    if not spans:
        return
    doc.mentions = [m for m in doc.mentions if not any(
        m.start < end and start < m.end and (m.start, m.end) != (start, end)
        and not (m.label in PLACE_LABELS and start <= m.start and m.end <= end)
        for start, end in spans)]
    for mention in doc.mentions:
        if (mention.start, mention.end) in spans and mention.label in PLACE_LABELS:
            mention.label = "ORGANIZATION"  # ``ГАРФ`` read as a country
    taken = {(m.start, m.end) for m in doc.mentions if m.label == "ORGANIZATION"}
    for start, end in spans:
        if (start, end) not in taken:
            doc.add_mention(start, end, "ORGANIZATION")
