"""A name and its other form in parentheses right after it: ``X (Y)``.

``Тони Ивоби (Toni Iwobi)``, ``Международный олимпийский комитет (МОК)``. Two mentions of
one label, the second alone inside parentheses that open right after the first: NEREL
train gives such pairs ALTERNATIVE_NAME (all 165 PERSON pairs) or, for an organization
whose second form is an acronym, ABBREVIATION (57 pairs; 41 other organization pairs are
ALTERNATIVE_NAME, 19 have no relation). The first mention is the head, except that an
ABBREVIATION has the full name as its head (``ОПЕК (Организация стран - экспортеров
нефти)``). Each relation gets ``RULE_SCORE``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from letopis.doc import Document, Mention
from letopis.extract.kinship import RULE_SCORE

__all__ = ["RULE_SCORE", "in_brackets_after", "later_forms", "parenthesized"]

OPEN = re.compile(r"\s*\(\s*")
CLOSE = re.compile(r"^\s*\)")
ACRONYM = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ0-9&\-]{1,9}$")
# labels whose pairs are names of one thing (not amounts or dates: ``500 тыс. юаней
# ($76 тыс.)`` is a conversion)
NAMED = frozenset({"PERSON", "ORGANIZATION", "CITY", "COUNTRY", "STATE_OR_PROVINCE",
                   "DISTRICT", "LOCATION", "FACILITY", "EVENT", "PRODUCT", "WORK_OF_ART",
                   "AWARD", "DISEASE"})


def parenthesized(doc: Document, mentions: Sequence[Mention],
                  ) -> list[tuple[str, Mention, Mention]]:
    """(type, name, the form in parentheses) of the ``X (Y)`` pairs among ``mentions``."""
    by_start: dict[int, list[Mention]] = {}
    for m in mentions:
        by_start.setdefault(m.start, []).append(m)
    found = []
    for first in mentions:
        if first.label not in NAMED:
            continue
        opened = OPEN.match(doc.text, first.end, first.end + 4)
        if opened is None:
            continue
        for second in by_start.get(opened.end(), []):
            if second.label == first.label and CLOSE.match(doc.text[second.end:]):
                found.append(_relation(first, second))
    return found


def _acronym(mention: Mention) -> bool:
    """Whether every word of the mention is an acronym (``МОК``, ``ФТС РФ``)."""
    return all(ACRONYM.match(word) for word in mention.text.split())


def _relation(first: Mention, second: Mention) -> tuple[str, Mention, Mention]:
    """ABBREVIATION (the long name as its head) for an organization named in full and by
    its acronym, in either order; else ALTERNATIVE_NAME, the first as its head."""
    if first.label == "ORGANIZATION":
        if _acronym(second) and not _acronym(first) and len(first.text.split()) > 1:
            return ("ABBREVIATION", first, second)
        if _acronym(first) and not _acronym(second) and len(second.text.split()) > 1:
            return ("ABBREVIATION", second, first)  # ``ОПЕК (Организация стран ...)``
    return ("ALTERNATIVE_NAME", first, second)


def in_brackets_after(text: str, first: Mention, mentions: Sequence[Mention],
                      ) -> Mention | None:
    """The one of ``mentions`` that fills the brackets right after ``first`` (a space
    allowed before them: ``Карамзин (Николай Михайлович)``, the way older dictionaries
    give a headword's given names), else None."""
    after = text[first.end:first.end + 2].lstrip(" \u00a0")
    if not after.startswith("("):
        return None
    opening = text.index("(", first.end)
    return next((m for m in mentions if m.start == opening + 1
                 and text[m.end:m.end + 1] == ")"), None)


def later_forms(doc: Document, mentions: Sequence[Mention],
                ) -> list[tuple[str, Mention, Mention]]:
    """ALTERNATIVE_NAME between two mentions of a person (the clustering's entities) in a
    row whose names differ beyond their case (``Михаил Гуцериев`` ... ``Гуцериева``, ``Б.
    Обама`` ... ``Барак Обама``; not ``Борис Джонсон`` ... ``Бориса Джонсона``), as NEREL
    links a person's name to the next other form of it. Only the first such pair of a
    person."""
    by_entity: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.label == "PERSON" and m.entity:
            by_entity.setdefault(m.entity, []).append(m)
    found = []
    for forms in by_entity.values():
        names = [doc.normals.get(m.id, m.text).lower() for m in forms]
        pair = next(((forms[i], forms[i + 1]) for i in range(len(forms) - 1)
                     if forms[i + 1].start >= forms[i].end and names[i] != names[i + 1]), None)
        if pair is not None:
            found.append(("ALTERNATIVE_NAME", *pair))
    return found
