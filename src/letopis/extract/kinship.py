"""Kinship between two persons of one sentence, read from the words between them.

NEREL train has few kinship relations (244 PARENT_OF, 126 SPOUSE, 98 SIBLING between
persons), too few for the relation model to learn them: on NEREL dev it finds 5 of 48
PARENT_OF, 1 of 34 SPOUSE. Russian says kinship with a small set of words, so these
patterns read it where the words leave no doubt (P1 before P2 in the sentence; K a kin
noun: ``жена``, ``муж``, ``сын``, ``дочь``, ``отец``, ``мать``, ``брат``, ``сестра`` and
their synonyms; the words between may also be ``и``, a possessive and a few adjectives such
as ``старший``):

- ``P1 и его K P2``, ``P1 с женой P2`` (a possessive or ``с``): P2 is P1's K (a bare ``и``
  is not enough: ``сыновья Бруклин, Круз и дочь Харпер`` lists children);
- ``P1, K P2`` (a comma or a dash, then K alone) or ``P1 был K P2`` with P2 in the
  genitive (``Никита, сын Сергея``, ``Шувалов был отцом Андрея``): P1 is P2's K;
- ``K P1 P2`` with P1 in the genitive (``сын Сергея Никита``): P2 is P1's K;
- a marriage verb between them (``P1 женился на P2``, ``вышла замуж за``): spouses.

``PARENT_OF`` has the parent as its head (NEREL's direction); ``SPOUSE`` and ``SIBLING``
are symmetric. Each relation gets ``RULE_SCORE``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from letopis.doc import Document, Mention, Token
from letopis.extract.gazetteer import span_tokens

RULE_SCORE = 0.9
# kin noun lemma -> (type, what the noun says its person is): "child", "parent" or None
KIN: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(("жена", "супруга", "муж", "супруг", "вдова", "вдовец"), ("SPOUSE", None)),
    **dict.fromkeys(("сын", "дочь", "дочка", "сынок"), ("PARENT_OF", "child")),
    **dict.fromkeys(("отец", "мать", "папа", "мама", "батюшка", "матушка"),
                    ("PARENT_OF", "parent")),
    **dict.fromkeys(("брат", "сестра"), ("SIBLING", None)),
}
POSSESSIVE = frozenset({"его", "ее", "её", "их", "свой"})
FILLER = frozenset({
    "и", "а", "также", "вместе", "с", "со", "старший", "младший", "родной", "единственный",
    "покойный", "бывший", "будущий", "первый", "второй", "третий", "законный", "молодой",
    "любимый", "двоюродный", "сводный", "приемный", "приёмный", "гражданский", *POSSESSIVE})
MARRIAGE = frozenset({"жениться", "женатый", "женить", "замуж", "обвенчаться", "венчаться",
                      "развестись", "пожениться"})
MARRIAGE_FILLER = frozenset({"на", "за", "с", "со", "в", "и", "уже", "год", "тайно",
                             "официально", "затем", "потом", "позже", "выйти", "вышла",
                             "быть", "был", "была", "состоять", "брак", "браке", "вторично",
                             "снова", "впервые"})
COPULA = frozenset({"быть", "являться", "приходиться", "стать", "оказаться"})
PUNCT = re.compile(r"^[,—–\-()«»\"]+$")
MAX_GAP = 6  # words between the two persons
POST_ATTRIBUTES = frozenset({"NATIONALITY", "COUNTRY", "CITY", "STATE_OR_PROVINCE",
                             "DISTRICT", "LOCATION", "ORGANIZATION"})
POST_PREPOSITIONS = frozenset({"в", "во", "при", "на"})


def kinship(doc: Document, mentions: Sequence[Mention]) -> list[tuple[str, Mention, Mention]]:
    """(type, head, tail) of the kinship the patterns read between the person
    ``mentions`` of ``doc`` (segmented and tagged)."""
    starts = [s.start for s in doc.sentences]
    titles = [(m.start, m.end) for m in mentions if m.label == "PROFESSION"]
    # what a post between the kin noun and the name may carry (``сын русского посла в
    # Лондоне Семена Воронцова``): its people, places and organizations
    attributes = [(m.start, m.end) for m in mentions if m.label in POST_ATTRIBUTES]
    inside: list[tuple[int, Mention]] = []  # (sentence, person) of the persons in one
    for m in sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.start):
        k = bisect.bisect_right(starts, m.start) - 1
        if k >= 0 and m.end <= doc.sentences[k].end:
            inside.append((k, m))
    found: list[tuple[str, Mention, Mention]] = []
    for (k, a), (j, b) in zip(inside, inside[1:], strict=False):
        if k == j and a.end <= b.start:
            found += _pair(doc, a, b, titles, attributes)
    return found + _married_past_apposition(doc, inside, titles)


def _married_past_apposition(doc: Document, inside: list[tuple[int, Mention]],
                             titles: list[tuple[int, int]],
                             ) -> list[tuple[str, Mention, Mention]]:
    """``P1, сын P3, женился на P2``: a marriage between the first person of a sentence
    and the person after the marriage words, across an apposition between commas that
    names another person (the neighbouring pairs of ``_pair`` never meet them)."""
    found = []
    for n, (k, b) in enumerate(inside):
        earlier = [m for j, m in inside[:n] if j == k]
        if len(earlier) < 2:
            continue
        a = earlier[0]
        clause = doc.text[a.end:b.start]
        if not clause.startswith(",") or clause.count(",") != 2:
            continue
        tail = a.end + clause.rindex(",") + 1  # after the apposition's closing comma
        words = [(t.text.lower().replace("ё", "е"), _lemma(t))
                 for t in words_between(doc, tail, b.start, titles)]
        if words and any(_is(w, MARRIAGE) for w in words) and all(
                _is(w, MARRIAGE | MARRIAGE_FILLER | FILLER) for w in words) and not genitive(a):
            found.append(("SPOUSE", a, b))
    return found


def _pair(doc: Document, a: Mention, b: Mention, titles: list[tuple[int, int]],
          attributes: Sequence[tuple[int, int]] = (),
          ) -> list[tuple[str, Mention, Mention]]:
    """The kinship of two neighbouring persons (``a`` first); the words of a PROFESSION
    between them (``titles``) do not count (``вышла замуж за генерала Керна``), nor, when
    a post stands there, the nationalities, places and organizations around it and the
    prepositions joining them (``attributes``: ``сын русского посла в Лондоне``)."""
    between = span_tokens(doc, a.end, b.start)
    gap = words_between(doc, a.end, b.start, titles)
    if any(a.end <= s and e <= b.start for s, e in titles):
        gap = [t for t in words_between(doc, a.end, b.start, [*titles, *attributes])
               if t.text.lower() not in POST_PREPOSITIONS]
    if len(gap) > MAX_GAP or _same_person(a, b):
        return []
    words = [(t.text.lower().replace("ё", "е"), _lemma(t)) for t in gap]
    kin = [k for k, (_, lemma) in enumerate(words) if lemma in KIN]
    if len(kin) == 1 and all(_is(w, FILLER | COPULA) for k, w in enumerate(words)
                             if k != kin[0]):
        rtype, role = KIN[words[kin[0]][1]]
        if any(_is(w, POSSESSIVE | {"с", "со"}) for w in words):
            return [_relation(rtype, role, of=a, kin=b)]  # ``P1 и его сын P2``: b is a's K
        apposed = bool(between) and between[0].text in ",—–-" and len(words) == 1
        copula = len(words) == 2 and words[0][1] in COPULA and kin[0] == 1
        if (apposed or copula) and "sing" in gap[kin[0]].tag and genitive(b):
            return [_relation(rtype, role, of=b, kin=a)]  # ``P1, сын P2``: a is b's K
        return []
    if not between:  # ``сын Сергея Никита``, nothing between the two names
        before = _word_before(doc, a.start)
        if before is not None and _lemma(before) in KIN and genitive(a):
            rtype, role = KIN[_lemma(before)]  # ``сын Сергея Никита``: b is a's K
            return [_relation(rtype, role, of=a, kin=b)]
    if any(_is(w, MARRIAGE) for w in words) and all(
            _is(w, MARRIAGE | MARRIAGE_FILLER | FILLER) or w[0].isdigit() for w in words
    ) and not genitive(a):  # ``сын Сидора Петрова, женился на ...``: not Сидор's marriage
        return [("SPOUSE", a, b)]
    return []


def words_between(doc: Document, start: int, end: int,
                  skip: Sequence[tuple[int, int]] = ()) -> list[Token]:
    """The tokens inside ``[start, end)`` other than punctuation and those inside one of
    the ``skip`` spans (titles between two names)."""
    return [t for t in span_tokens(doc, start, end) if not PUNCT.match(t.text)
            and not any(s <= t.start and t.end <= e for s, e in skip)]


def _is(word: tuple[str, str], vocabulary: frozenset[str]) -> bool:
    """Whether a (text, lemma) word is in ``vocabulary`` by either."""
    return word[0] in vocabulary or word[1] in vocabulary


def _relation(rtype: str, role: str | None, of: Mention, kin: Mention,
              ) -> tuple[str, Mention, Mention]:
    """The relation saying ``kin`` is ``of``'s relative of ``role``."""
    if role == "child":
        return (rtype, of, kin)
    if role == "parent":
        return (rtype, kin, of)
    return (rtype, of, kin) if of.start < kin.start else (rtype, kin, of)


def _word_before(doc: Document, start: int) -> Token | None:
    """The last token before ``start`` that is not punctuation."""
    k = bisect.bisect_left(doc.tokens, start, key=lambda t: t.start) - 1
    while k >= 0 and PUNCT.match(doc.tokens[k].text):
        k -= 1
    return doc.tokens[k] if k >= 0 else None


def _lemma(token: Token) -> str:
    return (token.lemma or token.text).lower().replace("ё", "е")


NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


def genitive(mention: Mention) -> bool:
    """Whether the mention reads as a genitive: its first word's likeliest reading is one,
    or one of its words has a genitive reading and no nominative one (``Петра``, ``Сергея
    Хрущёва``; not ``Александр``, which may be the plural genitive of ``Александра``)."""
    from letopis.morph import parse

    words = mention.text.split()
    if not words:
        return False
    first = parse(words[0])
    # a name's readings decide for a name (``Зайцев`` is no genitive of ``заяц``)
    named = [p for p in first if NAME_TAGS & set(p.tag.grammemes)] or first
    if named and named[0].tag.case == "gent":
        return True
    for word in words:
        cases = {p.tag.case for p in parse(word)}
        if "gent" in cases and "nomn" not in cases:
            return True
    return False


def _same_person(a: Mention, b: Mention) -> bool:
    """Whether two mentions name one person: the same words up to their endings (first
    four letters: ``Роману Абрамовичу``, ``Роман Абрамович``); a shared surname alone is
    not enough (``Орлов`` and ``Анной Орловой`` are husband and wife)."""
    def stems(m: Mention) -> set[str]:
        return {w[:4] for w in m.text.lower().split()}

    return stems(a) == stems(b)
