"""Churches named by their dedication: ``Покровская церковь``, ``Успенский собор``,
``Спасо-Преображенский собор``.

Local histories, parish registers and consistory records name a church by the feast or
the saint it is dedicated to, an adjective before ``церковь``, ``собор``, ``храм`` or
``часовня``. NEREL marks such buildings FACILITY (``Исаакиевский собор`` 4 of 4, ``храма
Всех Святых``), a denomination ORGANIZATION (``Русской православной церкви``,
``Болгарскую церковь``); the NER model, trained on news, reads the dedication as a town
(``Покровская`` as a CITY) or the whole as an organization. A capitalized adjective of a
dedication (``DEDICATIONS``, the feasts of the Lord and the Mother of God and the saints
most churches bear) right before the church's word makes a FACILITY over both; mentions
inside it and of another label over it go, but a saint's PERSON inside stays (NEREL nests
it: ``Исаакиевский`` of ``Исаакиевский собор``).
"""

from __future__ import annotations

import re

from letopis.doc import Document, Token

CHURCH_WORDS = frozenset({"церковь", "собор", "храм", "часовня"})
# the adjectives of dedications, lemmas (a compound is read by its last part:
# ``Спасо-Преображенский``, ``Михайло-Архангельский``)
DEDICATIONS = frozenset({
    "покровский", "успенский", "троицкий", "никольский", "воскресенский", "преображенский",
    "благовещенский", "введенский", "богоявленский", "рождественский", "вознесенский",
    "спасский", "сретенский", "знаменский", "ильинский", "михайловский", "архангельский",
    "петропавловский", "георгиевский", "исаакиевский", "владимирский", "казанский",
    "смоленский", "тихвинский", "иверский", "борисоглебский", "дмитриевский",
    "крестовоздвиженский", "воздвиженский", "флоровский", "фроловский", "никитский",
    "пятницкий", "варваринский", "екатерининский", "предтеченский", "богородицкий",
    "всехсвятский", "сергиевский", "трехсвятительский", "трёхсвятительский",
    "александро-невский", "невский", "лазаревский", "николаевский", "афанасьевский",
    "козьмодемьянский", "космодамианский", "параскевинский",
    "феодоровский", "федоровский", "иоанно-богословский", "богословский", "троице-сергиевский",
    "софийский",
})
# labels that go inside or over the church's name; a PERSON only over all of it, since
# NEREL nests the saint (``Исаакиевский`` of ``Исаакиевский собор`` is a PERSON)
REPLACED = frozenset({"ORGANIZATION", "CITY", "LOCATION", "DISTRICT", "STATE_OR_PROVINCE",
                      "COUNTRY", "NATIONALITY", "EVENT"})


def tag_churches(doc: Document) -> Document:
    """Add a FACILITY over each church named by its dedication.

    Reads: text, tokens (lemmas, tags), mentions. Writes: mentions (FACILITY added; places,
    organizations and events inside it dropped, and a PERSON over exactly it; an
    organization or building named after a saint extended over the saint's name,
    ``named_after_saints``).
    """
    if "св" in doc.text:
        named_after_saints(doc)
    spans = church_spans(doc.tokens)
    if not spans:
        return doc
    doc.mentions = [m for m in doc.mentions if not any(
        start <= m.start and m.end <= end and (
            m.label in REPLACED or m.label == "PERSON" and (m.start, m.end) == (start, end))
        for start, end in spans)]
    for start, end in spans:
        doc.add_mention(start, end, "FACILITY")
    return doc


# ``св.`` and a saint's name after an institution's or a building's mention, which the
# model ended before the name or at the abbreviation (``Университета св`` of ``Университета
# св. Владимира``); the saint may be a pair (``свв. Кирилла и Мефодия``)
SAINT_AFTER = re.compile(r"(?:[ \u00a0]+св|[ \u00a0]+свв|)\.[ \u00a0]*[А-ЯЁ][а-яё]+"
                         r"(?:[ \u00a0]+и[ \u00a0]+[А-ЯЁ][а-яё]+)?")
NAMED_LABELS = frozenset({"ORGANIZATION", "FACILITY"})
_SAINT_NAME = re.compile(r"[А-ЯЁ][а-яё]+")


def named_after_saints(doc: Document) -> None:
    """An organization or building named after a saint takes the saint into its mention
    (``Университета св. Владимира``, ``Храм свв. Кирилла и Мефодия``); the saint is a
    PERSON inside it, as NEREL nests it."""
    text = doc.text
    longer = []
    for m in doc.mentions:
        if m.label not in NAMED_LABELS:
            continue
        own = m.text.endswith((" св", " свв"))
        match = SAINT_AFTER.match(text, m.end)
        if match is None or (own != (match.group()[:1] == ".")):
            continue
        longer.append((m, match.end()))
    if not longer:
        return
    gone = {id(m) for m, _ in longer}
    doc.mentions = [m for m in doc.mentions if id(m) not in gone]
    taken = {m.start for m in doc.mentions}
    for m, end in longer:
        doc.add_mention(m.start, end, m.label)
        for name in _SAINT_NAME.finditer(text, m.end, end):
            if name.start() not in taken:
                doc.add_mention(name.start(), name.end(), "PERSON")


def church_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """The spans of a dedication's adjective and the church word right after it."""
    spans = []
    for i in range(1, len(tokens)):
        word, adjective = tokens[i], tokens[i - 1]
        if word.lemma not in CHURCH_WORDS or "plur" in (word.tag or ""):
            continue
        if adjective.text[:1].isupper() and _dedication(adjective) and (
                word.start - adjective.end == 1):
            spans.append((adjective.start, word.end))
    return spans


def _dedication(token: Token) -> bool:
    """Whether the adjective ``token`` names a dedication (by its last part)."""
    if token.pos != "ADJF" and "-" not in token.text:
        return False
    lemma = token.lemma or token.text.lower()
    return lemma in DEDICATIONS or lemma.split("-")[-1] in DEDICATIONS
