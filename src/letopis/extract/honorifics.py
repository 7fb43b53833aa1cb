"""Honorifics and forms of address before a name: kept out of PERSON mentions, and taken
as evidence that the capitalized words after them name a person.

``тов. Петров``, ``т. Петров`` (lower-case ``т.``: an upper-case ``Т.`` is an initial),
``г-н Иванов``, ``гр. Толстой``, ``кн. Волконский``, ``товарищ``, ``господин``, ``граф``,
``князь``, ``барон`` ... The honorific never becomes part of the name (``тов. Петров`` is
``Петров``, not ``Т. Петров``).
"""

from __future__ import annotations

import bisect

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
    exactly over the name becomes PERSON). One pass over the tokens; the mention list is
    rebuilt once.
    """
    tokens = doc.tokens
    by_start: dict[int, list[Mention]] = {}
    places: dict[tuple[int, int], list[Mention]] = {}
    for m in doc.mentions:
        if m.label == "PERSON":
            by_start.setdefault(m.start, []).append(m)
        elif m.label in PLACE_LABELS:
            places.setdefault((m.start, m.end), []).append(m)
    covered = _Cover(doc.mentions)
    gone: set[str] = set()
    added: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        size = _honorific_at(tokens, i)
        end_tok = _name_after(tokens, i + size) if size and i + size < len(tokens) else i
        if end_tok <= i + size:
            i += 1
            continue
        start, end = tokens[i + size].start, tokens[end_tok - 1].end
        for person in by_start.get(tokens[i].start, []):  # ``Тов. Сидоров`` -> ``Сидоров``
            if person.end > start:
                gone.add(person.id)
                added.append((start, person.end))
        for place in places.get((start, end), []):  # ``князя Вяземского`` is a person
            gone.add(place.id)
            added.append((start, end))
        if not covered.contains(start, end):
            added.append((start, end))
        i = end_tok
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
    for start, end in added:
        doc.add_mention(start, end, "PERSON")
    return doc


class _Cover:
    """Does a name, place or organization mention contain ``[start, end)``? O(log n)."""

    def __init__(self, mentions: list[Mention]) -> None:
        spans = sorted((m.start, m.end) for m in mentions if m.label in COVERING)
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []
        for _, e in spans:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def contains(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self.starts, start)
        return k > 0 and self.reach[k - 1] >= end


COVERING = frozenset({"PERSON", "ORGANIZATION", "LOCATION", "CITY", "COUNTRY"})


NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "ADVB", "NPRO", "INTJ", "PRED", "COMP"})
VERBAL_POS = frozenset({"VERB", "INFN", "GRND", "PRTS"})
# Lower-case name particles stay in a name (``де Линь``, ``фон Визин``).
PARTICLES = frozenset({"де", "дю", "ди", "да", "дель", "делла", "фон", "ван", "ла", "ле",
                       "ибн", "аль", "эль", "бен"})


def _common_word(word: str, old: bool, nouns: bool = True) -> bool:
    """A dictionary word with no name reading: a function word (``Чрез``, ``После``), or,
    in a pre-1918 document (``old``), also a verb form, a short adjective or a pronoun
    adjective (``Велел``, ``Надобно``, ``Сим``) and, with ``nouns``, an inanimate common
    noun (``Художества``; a title such as ``Государь`` names a person and stays)."""
    from letopis.models import morph_analyzer

    if word.lower() in PARTICLES:
        return False
    parses = parse(word)
    if not parses or not morph_analyzer().word_is_known(word.lower()):
        return False
    tag = parses[0].tag
    named = any(NAME_GRAMMEMES & set(p.tag.grammemes) for p in parses)
    if NAME_GRAMMEMES & set(tag.grammemes) or (named and not old):
        return False  # a modern text: any name reading saves the word
    if tag.POS in FUNCTION_POS:
        return True
    if not old:
        return False
    if tag.POS in VERBAL_POS or tag.POS == "ADJS" or (tag.POS == "ADJF" and "Apro" in tag):
        return True  # an old text: the likeliest reading decides (``Тем``, ``Сим``, ``Надобно``)
    return nouns and not named and tag.POS == "NOUN" and all(
        "inan" in p.tag for p in parses if p.tag.POS == "NOUN")


def _all_common(word: str, old: bool, nouns: bool = True) -> bool:
    """Every hyphen-separated part of ``word`` is a common word (``Къ-этому``)."""
    parts = word.split("-")
    return word.replace("-", "").isalpha() and all(
        part and _common_word(part, old, nouns) for part in parts)


def drop_common_words(doc: Document) -> Document:
    """Drop one-word PERSON mentions that are common words, and, in a pre-1918 document,
    the common words leading a longer one.

    Any text: capitalized function words (``Чрезъ``, ``Послѣ`` at a sentence start). A
    pre-1918 document, which capitalizes freely and comes with OCR joins, also: verb forms
    and pronoun adjectives (``Велѣлъ Грейгъ`` -> ``Грейгъ``, ``Между-тѣмъ Потемкинъ`` ->
    ``Потемкинъ``, ``Примѣтивъ``), inanimate common nouns alone (``Художества``). A
    hyphenated word counts when every part does (``Къ-этому``).

    Reads: mentions, tokens, meta.orthography. Writes: mentions (PERSON).
    """
    old = doc.meta.orthography == "prereform"
    starts = [t.start for t in doc.tokens]
    gone: set[str] = set()
    trimmed: list[tuple[int, int]] = []
    for m in doc.mentions:
        if m.label != "PERSON":
            continue
        if _all_common(m.text, old):
            gone.add(m.id)
            continue
        if not old:
            continue
        lo, hi = bisect.bisect_left(starts, m.start), bisect.bisect_left(starts, m.end)
        words = [t for t in doc.tokens[lo:hi] if t.text.replace("-", "").isalpha()]
        k = 0
        while k < len(words) - 1 and _all_common(words[k].text, old, nouns=False):
            k += 1
        if k:
            gone.add(m.id)
            trimmed.append((words[k].start, m.end))
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
        for start, end in trimmed:
            doc.add_mention(start, end, "PERSON")
    return doc
