"""Crimes named by a charge: what someone is accused, suspected or convicted of.

Court files, protocols of the troikas, memorial books of the repressed and the chronicle of
the courts in newspapers name the offence right after the word of the charge and its
preposition: ``обвиняется в контрреволюционной агитации``, ``по подозрению в шпионаже``,
``признан виновным в растрате``, ``осужден за антисоветскую агитацию``, ``судим за
конокрадство``. NEREL marks the offence a CRIME (``обвиняют в мошенничестве``, ``осуждён
за шпионаж``); the model, trained on news, knows the offences of its news (``убийство``,
``коррупция``) and not those of other times (``вредительство``, ``конокрадство``).

After a charge word (``CHARGE_IN`` with ``в``, ``CHARGE_FOR`` with ``за``) the noun
phrase in the preposition's case (adjectives, the noun, up to two genitive groups after it:
``растрате казенных денег``) is a CRIME, and so is each phrase joined to it by ``и`` or a
comma in the same case (``в контрреволюционной агитации и вредительстве``). Nothing is
added where a mention already starts at or covers the phrase's first word (the model's
own CRIME, or an EVENT: ``подозреваемые в убийстве Кима`` is one murder), nor over the
words of a clause or a frame (``в том, что``, ``в адрес``, ``в рамках дела``) or an
animate noun.
"""

from __future__ import annotations

from letopis.doc import PLACE_LABELS, Document, Token
from letopis.extract.gazetteer import can_be, opens_sentence, sentence_spans

# charge words before ``в`` (lemma prefixes: ``обвиняется``, ``обвинение``, ``подозреваемый``,
# ``виновным``, ``уличён``) and before ``за`` (``осуждён``, ``судим``, ``арестован``)
CHARGE_IN = ("обвин", "подозр", "заподозр", "виновн", "улич", "изоблич")
CHARGE_FOR = ("осудить", "осуждать", "осуждённый", "осужденный", "судить", "судимый",
              "арестовать", "арестованный", "приговорить", "приговорённый", "приговоренный",
              "казнить", "расстрелять", "сослать", "выслать", "наказать", "посадить")
# heads that name no offence: a clause, a frame, the act in general
FRAME_HEADS = frozenset({
    "тот", "то", "это", "адрес", "рамка", "отношение", "соответствие", "связь", "ход",
    "течение", "результат", "суд", "год", "время", "период", "совершение", "случай",
    "число", "дело", "часть", "статья", "пункт", "порядок", "итог", "присутствие",
})
# adjectives that count or weigh the offences rather than name them (``многочисленных
# домогательствах``): the phrase starts after them
WEIGHING = frozenset({"многочисленный", "масштабный", "различный", "разный", "подобный",
                      "новый", "другой", "очередной", "дальнейший", "всякий", "любой"})
CASES = {"в": "loct", "за": "accs"}
# heads that name an offence only with what they act on (``подготовке взрывов``,
# ``нарушении правил``, ``уклонении от уплаты``)
BARE_HEADS = frozenset({"подготовка", "нарушение", "уклонение", "попытка", "организация"})
# mentions a genitive group does not run into (``в шпионаже власти Соединённого Королевства``
# обвинили: the authorities are the accusers)
NAME_LABELS = frozenset({"PERSON", "ORGANIZATION", "FACILITY", "NATIONALITY", *PLACE_LABELS})
# prepositions that carry an offence's phrase on (``в сексе с несовершеннолетней``,
# ``в нападении на отель``, ``в причастности к ...``); ``в`` more often opens a frame
# (``в шпионаже в пользу Японии``)
GOING_ON = frozenset({"с", "со", "к", "ко", "на", "от", "над", "против", "для", "ради"})
# offences of taking part, whose ``в`` and what was joined belong to them (``в участии в
# массовых беспорядках``, ``в участии в контрреволюционной организации``)
PART_HEADS = frozenset({"участие", "соучастие", "пособничество"})
MAX_GROUPS = 2  # genitive groups after the head


def tag_crimes(doc: Document) -> Document:
    """Add a CRIME mention over each offence named after a charge word.

    Reads: text, tokens (lemma, pos, tag), sentences, mentions. Writes: mentions (CRIME).
    """
    if not any(t.lemma.startswith(CHARGE_IN) or t.lemma in CHARGE_FOR for t in doc.tokens):
        return doc
    taken = [(m.start, m.end, m.label) for m in doc.mentions]
    found = []
    for first, last in sentence_spans(doc):
        tokens = doc.tokens[first:last]
        for i, token in enumerate(tokens[:-2]):
            prep = tokens[i + 1].text.lower()
            if not _charge(token, prep):
                continue
            for a, b in _phrases(doc, tokens, i + 2, prep, first):
                start, end = tokens[a].start, tokens[b - 1].end
                if not any(_blocks(s, e, label, start, end) for s, e, label in taken):
                    found.append((start, end))
    for start, end in found:
        doc.add_mention(start, end, "CRIME")
    return doc


def _blocks(s: int, e: int, label: str, start: int, end: int) -> bool:
    """Whether a mention over ``[s, e)`` keeps a CRIME off ``[start, end)``: it covers the
    phrase's first word, unless it is a shorter CRIME from the same word (``шпионаже``
    beside ``шпионаже в пользу Китая``)."""
    return s <= start < e and not (label == "CRIME" and s == start and e < end)


def _charge(token: Token, prep: str) -> bool:
    """Whether ``token`` is a charge word taking ``prep`` before its offence."""
    if prep == "в":
        return token.lemma.startswith(CHARGE_IN)
    return prep == "за" and token.lemma in CHARGE_FOR


def _phrases(doc: Document, tokens: list[Token], i: int, prep: str,
             first: int) -> list[tuple[int, int]]:
    """The offence phrases after ``prep`` from token ``i`` on, joined by ``и`` or commas."""
    out: list[tuple[int, int]] = []
    while True:
        end = _phrase(doc, tokens, i, CASES[prep], first)
        if end is None:
            return out
        out.append((i, end))
        benefit = _in_favour(tokens, end)
        if benefit:  # ``шпионаже в пользу Японии`` as well as ``шпионаже`` (NEREL nests them)
            out.append((i, benefit))
            end = benefit
        if end + 1 < len(tokens) and tokens[end].text in ("и", ","):
            i = end + 1
            if tokens[i].text.lower() == prep and i + 1 < len(tokens):
                i += 1  # ``в шпионаже и в участии в ...``: the preposition repeated
            continue
        return out


def _phrase(doc: Document, tokens: list[Token], i: int, case: str, first: int,
            inner: bool = False) -> int | None:
    """The end (exclusive) of the noun phrase in ``case`` opening at ``i``, or None: also
    None where the phrase goes on past what can be delimited here, in a prepositional
    group or an infinitive (``в сексе с ...``, ``в намерении присоединиться``,
    ``в причастности к ...``), or names a pronoun's class (``такие преступления``)."""
    j = i
    while j < len(tokens) and _is(tokens[j], ("ADJF", "PRTF"), case):
        if "Apro" in tokens[j].tag or tokens[j].lemma in WEIGHING:
            return None
        j += 1
    if j >= len(tokens) or not _is(tokens[j], ("NOUN",), case):
        return None
    head = tokens[j]
    if head.lemma in FRAME_HEADS or (_animate(head) and not inner) or not (
            inner or _lower(doc, tokens, i, first)):
        return None
    end = j + 1
    names = {m.start for m in doc.mentions if m.label in NAME_LABELS}
    for _ in range(MAX_GROUPS):
        k = end
        while k < len(tokens) and _is(tokens[k], ("ADJF", "PRTF"), "gent"):
            k += 1
        if (k < len(tokens) and _is(tokens[k], ("NOUN",), "gent") and len(tokens[k].text) > 3
                and tokens[k].text.islower() and not _animate(tokens[k])
                and tokens[end].start not in names):  # ``власти Соединённого Королевства``
            end = k + 1
        else:
            break
    if end == j + 1 and head.lemma in BARE_HEADS:
        return None  # ``в подготовке ...`` of what the phrase does not say
    if (head.lemma in PART_HEADS and end + 1 < len(tokens)
            and tokens[end].text.lower() == "в"):  # ``в участии в троцкистской организации``
        return _phrase(doc, tokens, end + 1, "loct", first, inner=True)
    if end < len(tokens) and (tokens[end].pos == "INFN"
                              or tokens[end].text.lower() in GOING_ON):
        return None
    return end


def _in_favour(tokens: list[Token], end: int) -> int:
    """The end of ``в пользу`` and whom it names after the phrase ending at ``end`` (a
    capitalized name or a lower-case genitive phrase: ``в пользу иностранной разведки``),
    else 0."""
    if not (end + 2 < len(tokens) and tokens[end].text.lower() == "в"
            and tokens[end + 1].lemma == "польза"):
        return 0
    k = end + 2
    while k < len(tokens) and tokens[k].text[:1].isupper() and tokens[k].text.isalpha():
        k += 1
    if k > end + 2:
        return k
    while k < len(tokens) and _is(tokens[k], ("ADJF", "PRTF"), "gent"):
        k += 1
    return k + 1 if k < len(tokens) and _is(tokens[k], ("NOUN",), "gent") else 0


def _animate(token: Token) -> bool:
    return "anim" in token.tag.replace(" ", ",").split(",")


def _is(token: Token, pos: tuple[str, ...], case: str) -> bool:
    """Whether the token's best reading is of ``pos`` and some reading is in ``case``."""
    return token.pos in pos and token.text.isalpha() and any(
        can_be(token.text, p, case) for p in pos)


def _lower(doc: Document, tokens: list[Token], i: int, first: int) -> bool:
    """Whether the phrase's first word is in lower case (or opens the sentence)."""
    return tokens[i].text.islower() or opens_sentence(doc.text, doc.tokens, first + i)
