"""Honorifics and forms of address before a name: kept out of PERSON mentions, and taken
as evidence that the capitalized words after them name a person.

``тов. Петров``, ``т. Петров`` (lower-case ``т.``: an upper-case ``Т.`` is an initial),
``г-н Иванов``, ``гр. Толстой``, ``кн. Волконский``, ``товарищ``, ``господин``, ``граф``,
``князь``, ``барон`` ... The honorific never becomes part of the name (``тов. Петров`` is
``Петров``, not ``Т. Петров``).
"""

from __future__ import annotations

from letopis.doc import PLACE_LABELS, Document, Mention, Token
from letopis.morph import parse

# Abbreviations (written with a period) and full words, lower case; ё folded to е.
ABBREVIATIONS = frozenset((
    "тов", "т", "г", "гр", "кн", "ген", "бар", "св", "гг", "тт",
))
WORDS = frozenset((
    "товарищ", "товарища", "товарищу", "товарищем", "товарище", "товарищи", "товарищей",
    "господин", "господина", "господину", "господином", "господине", "госпожа", "госпожи",
    "госпоже", "госпожу", "гражданин", "гражданина", "гражданину", "гражданка",
    "граф", "графа", "графу", "графом", "графе", "графиня", "графини", "графине", "графиню",
    "князь", "князя", "князю", "князем", "князе", "княгиня", "княгини", "княгине", "княгиню",
    "княжна", "княжны", "барон", "барона", "барону", "бароном", "баронесса", "баронессы",
    "г-н", "г-на", "г-ну", "г-ном", "г-жа", "г-жи", "г-же", "гр-н", "гр-на", "гр-ка",
))
MAX_NAME_WORDS = 4


def _honorific_at(tokens: list[Token], i: int) -> int:
    """The number of tokens of an honorific starting at token ``i`` (0 when none).

    ``г.``/``гг.`` after a number is the year word, not ``господин``."""
    word = tokens[i].text.replace("ё", "е").replace("Ё", "Е")
    low = word.lower()
    if low in WORDS:
        return 1
    if (low in ABBREVIATIONS and i + 1 < len(tokens) and tokens[i + 1].text == "."
            and tokens[i + 1].start == tokens[i].end):
        if low == "т" and word == "Т":
            return 0  # an initial, not an honorific
        if low in ("г", "гг") and i and tokens[i - 1].text[-1:].isdigit():
            return 0
        return 2
    return 0


def _capitalized(token: Token) -> bool:
    return token.text[:1].isupper() and token.text.replace("-", "").isalpha()


def _name_after(tokens: list[Token], j: int) -> int:
    """The end token index of a name starting at ``j``: initials (``Л. Н.``), then one or
    two capitalized words (``Толстой``, ``Иван Петров``); ``j`` when there is none."""
    end = j
    while (end + 1 < len(tokens) and len(tokens[end].text) == 1 and _capitalized(tokens[end])
           and tokens[end + 1].text == "."):
        end += 2
    full = 0
    while end < len(tokens) and full < 2 and len(tokens[end].text) > 1 and _capitalized(
            tokens[end]):
        end += 1
        full += 1
    return end if full else j


def tag_honorifics(doc: Document) -> Document:
    """Trim honorifics off PERSON mentions and mark names after an honorific as PERSON.

    Reads: tokens, mentions. Writes: mentions (PERSON: trimmed or added; a place mention
    exactly over the name becomes PERSON).
    """
    tokens = doc.tokens
    person = {(m.start, m.end): m for m in doc.mentions if m.label == "PERSON"}
    covered = sorted((m.start, m.end) for m in doc.mentions
                     if m.label in ("PERSON", "ORGANIZATION", "LOCATION", "CITY", "COUNTRY"))
    i = 0
    while i < len(tokens):
        size = _honorific_at(tokens, i)
        if not size or i + size >= len(tokens):
            i += 1
            continue
        start_tok = i + size
        end_tok = _name_after(tokens, start_tok)
        if end_tok > start_tok:
            start, end = tokens[start_tok].start, tokens[end_tok - 1].end
            _trim_person(doc, person, tokens[i].start, start)
            _relabel_places(doc, start, end)
            if not any(s <= start and end <= e for s, e in covered):
                doc.add_mention(start, end, "PERSON")
        i = end_tok if end_tok > start_tok else i + 1
    return doc


def _relabel_places(doc: Document, start: int, end: int) -> None:
    """``князя Вяземского`` read as a place: after an honorific the name is a person."""
    for mention in list(doc.mentions):
        if mention.start == start and mention.end == end and mention.label in PLACE_LABELS:
            doc.mentions.remove(mention)
            doc.add_mention(start, end, "PERSON")


def _trim_person(doc: Document, person: dict[tuple[int, int], Mention], honorific: int,
                 name: int) -> None:
    """A PERSON mention that starts at the honorific now starts at the name."""
    for (start, end), mention in list(person.items()):
        if start == honorific and end > name:
            doc.mentions.remove(mention)
            del person[(start, end)]
            doc.add_mention(name, end, "PERSON")


NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "ADVB", "NPRO", "INTJ", "PRED", "COMP"})


def _common_word(word: str, nouns: bool) -> bool:
    """A dictionary word with no name reading: a function word (``Чрез``, ``После``), or,
    with ``nouns``, an inanimate common noun (``Художества``, ``Счастие``; a title such as
    ``Государь`` names a person and stays)."""
    from letopis.models import morph_analyzer

    parses = parse(word)
    if not parses or any(NAME_GRAMMEMES & set(p.tag.grammemes) for p in parses):
        return False
    if not morph_analyzer().word_is_known(word.lower()):
        return False
    pos = parses[0].tag.POS
    return pos in FUNCTION_POS or (nouns and pos == "NOUN" and all(
        "inan" in p.tag for p in parses if p.tag.POS == "NOUN"))


def drop_common_words(doc: Document) -> Document:
    """Drop one-word PERSON mentions that are common words: capitalized function words in
    any text (``Чрезъ``, ``Послѣ`` at a sentence start), and capitalized inanimate common
    nouns in a pre-1918 document, which capitalizes them freely (``Художества``); a
    hyphenated word counts when every part does (``Къ-этому``, OCR).

    Reads: mentions, meta.orthography. Writes: mentions (PERSON).
    """
    nouns = doc.meta.orthography == "prereform"
    doc.mentions = [m for m in doc.mentions if not (
        m.label == "PERSON" and m.text.replace("-", "").isalpha()
        and all(part and _common_word(part, nouns) for part in m.text.split("-")))]
    return doc
