"""Honorifics and forms of address before a name: kept out of PERSON mentions, and taken
as evidence that the capitalized words after them name a person.

``тов. Петров``, ``т. Петров`` (lower-case ``т.``: an upper-case ``Т.`` is an initial),
``г-н Иванов``, ``гр. Толстой``, ``кн. Волконский``, ``товарищ``, ``господин``, ``граф``,
``князь``, ``барон`` ... The honorific never becomes part of the name (``тов. Петров`` is
``Петров``, not ``Т. Петров``).
"""

from __future__ import annotations

import bisect
import re

from letopis.doc import PLACE_LABELS, Document, Mention, Token
from letopis.extract.gazetteer import caps_line, lemma_of, opens_sentence
from letopis.extract.geo import likely_adjective, town_after
from letopis.extract.kinship import KIN
from letopis.morph import known_parses, parse, share_case, word_cases
from letopis.resolve.names import PERSON_GRAMMEMES

# Abbreviations (written with a period) and full words, lower case; ё folded to е.
ABBREVIATIONS = frozenset((
    "тов", "т", "г", "гр", "кн", "ген", "бар", "св", "гг", "тт", "проф", "акад", "доц", "инж",
    "свящ", "прот", "архиеп",
))
# the foreign forms of address translated novels and dispatches keep
FOREIGN_ADDRESS = frozenset((
    "мисс", "миссис", "мистер", "мистера", "мистеру", "мистером", "мистере", "сэр", "сэра",
    "сэру", "сэром", "мадам", "мадемуазель", "месье", "мсье", "фрау", "фрейлейн",
    "синьор", "синьора", "синьору", "синьором", "синьорина",
))
WORDS = frozenset((
    "товарищ", "товарища", "товарищу", "товарищем", "товарище", "товарищи", "товарищей",
    "господин", "господина", "господину", "господином", "господине", "госпожа", "госпожи",
    "госпоже", "госпожу", "гражданин", "гражданина", "гражданину", "гражданка",
    "граф", "графа", "графу", "графом", "графе", "графиня", "графини", "графине", "графиню",
    "князь", "князя", "князю", "князем", "князе", "княгиня", "княгини", "княгине", "княгиню",
    "княжна", "княжны", "барон", "барона", "барону", "бароном", "баронесса", "баронессы",
    "г-н", "г-на", "г-ну", "г-ном", "г-жа", "г-жи", "г-же", "гр-н", "гр-на", "гр-ка",
)) | FOREIGN_ADDRESS

MAX_NAME_WORDS = 4
# the forms of ``гражданин``: the word after them may be the country (``гражданин Украины``)
CITIZEN = frozenset(("гражданин", "гражданина", "гражданину", "гражданином", "гражданка",
                     "гражданки", "гражданке", "гражданку", "гр-н", "гр-на", "гр-ка", "гр"))


def _honorific_at(tokens: list[Token], i: int, old: bool = False) -> int:
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
        if word == "г" and town_after(tokens, i, old):
            return 0  # ``в г. Рославль``: ``город``
        return 2
    return 0


def _capitalized(token: Token) -> bool:
    return token.text[:1].isupper() and token.text.replace("-", "").isalpha()


def _name_after(text: str, tokens: list[Token], j: int) -> int:
    """The end token index of a name starting at ``j``: initials (``Л. Н.``), then one or
    two capitalized words (``Толстой``, ``Иван Петров``), three where a patronymic is among
    the last two (``Крылова Степана Игнатьевича``), all on one line and each able to stand
    in the case of the one before (``г. Козлова Петром Фоминым``: ``Козлова`` alone);
    ``j`` when there is none."""
    end = j
    while (end + 1 < len(tokens) and len(tokens[end].text) == 1 and _capitalized(tokens[end])
           and tokens[end + 1].text == "."):
        end += 2
    full = 0
    while end < len(tokens) and (full < 2 or full == 2 and _patronymic_among(
            tokens[end - 1:end + 1])) and len(tokens[end].text) > 1 and _capitalized(
            tokens[end]) and not (full and ("\n" in text[tokens[end - 1].end:tokens[end].start]
                                            or not _share_case(tokens[end - 1], tokens[end]))):
        end += 1
        full += 1
    if full == 1 and end == j + 1 and _attribute(tokens, j):
        return j  # ``господину Тверскому гражданскому губернатору``: no name
    return end if full else j


def _country_after(tokens: list[Token], i: int, size: int) -> bool:
    """Whether the word after an honorific at ``i`` is a place, not a name: after a
    citizen's honorific a geographic name in the genitive (``гражданин РФ``, ``гражданка
    Беларуси``); after any, a geographic name in the genitive that cannot stand in the
    honorific's case (``2-й граф Ливерпуля``), as a name after a title always can (``граф
    Орлов``)."""
    j = i + size
    if j >= len(tokens):
        return False
    word = tokens[j].text
    parses = parse(word if word.isupper() else word.lower())
    if not parses or "Geox" not in parses[0].tag.grammemes:
        return False
    title = tokens[i].text.lower().replace("ё", "е")
    if not any({"Geox", "gent"} <= p.tag.grammemes for p in parses):
        return False  # ``господина Лилле``: no place's genitive, a name
    if title in CITIZEN:
        return True
    cases = {p.tag.case for p in parse(title) if "anim" in p.tag.grammemes}
    return bool(cases) and not cases & {p.tag.case for p in parses}


def _share_case(a: Token, b: Token) -> bool:
    """Whether two words of a name can stand in one case (``morph.share_case``)."""
    return share_case(a.text, b.text)


def _patronymic_among(tokens: list[Token]) -> bool:
    """Whether one of these words reads as a patronymic: a third word then completes the
    name (``тов. Крылова Степана Игнатьевича``, ``тов. Степана Игнатьевича Крылова``)."""
    return any("Patr" in p.tag for t in tokens for p in parse(t.text.lower()))


def _attribute(tokens: list[Token], i: int) -> bool:
    """Whether the capitalized word at ``i`` is an adjective that agrees with the
    lower-case adjective or noun after it (``Тверскому гражданскому``)."""
    if i + 1 >= len(tokens) or not tokens[i + 1].text[:1].islower():
        return False
    own = parse(tokens[i].text.lower())
    if not own or own[0].tag.POS != "ADJF":
        return False
    case = own[0].tag.case
    return any(p.tag.POS in ("ADJF", "NOUN") and p.tag.case == case
               for p in parse(tokens[i + 1].text)[:3])


def tag_honorifics(doc: Document) -> Document:
    """Trim honorifics off PERSON mentions and mark names after an honorific as PERSON.

    Reads: tokens, mentions, meta.orthography. Writes: mentions (PERSON: trimmed or added;
    a place mention exactly over the name becomes PERSON). One pass over the tokens; the
    mention list is rebuilt once.
    """
    tokens = doc.tokens
    old = doc.meta.orthography == "prereform"
    by_start: dict[int, list[Mention]] = {}
    places: dict[tuple[int, int], list[Mention]] = {}
    others: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if m.label == "PERSON":
            by_start.setdefault(m.start, []).append(m)
        elif m.label in PLACE_LABELS:
            places.setdefault((m.start, m.end), []).append(m)
        elif m.label in ("EVENT", "ORGANIZATION", "FACILITY", "WORK_OF_ART"):
            others.setdefault(m.start, []).append(m)
    covered = _Cover(doc.mentions)
    gone: set[str] = set()
    added: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        size = _honorific_at(tokens, i, old)
        if size and not _foreign_fits(tokens, i, size):
            size = 0  # ``Мисс Россия``, ``Мисс Вселенная``: a contest, no one addressed
        if size and _country_after(tokens, i, size):
            size = 0  # ``гражданин Украины``: the country of a citizen, no name
        end_tok = _name_after(doc.text, tokens, i + size) if size and i + size < len(tokens) else i
        if end_tok <= i + size:
            if size and i + size < len(tokens) and _attribute(tokens, i + size):
                word = tokens[i + size]  # ``г. Тамбовскому полицеймейстеру``: nobody
                gone.update(p.id for p in by_start.get(word.start, []) if p.end == word.end)
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
        for other in others.get(tokens[i].start, []):  # ``Миссъ Меггсъ`` read as an event
            if other.end == end:
                gone.add(other.id)
        if not covered.contains(start, end):
            added.append((start, end))
            # a part of the name the model read alone (``Степана Игнатьевича``) goes
            gone.update(p.id for ps in by_start.values() for p in ps
                        if start <= p.start and p.end <= end and (p.start, p.end) != (start, end))
        i = end_tok
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
    for start, end in added:
        doc.add_mention(start, end, "PERSON")
    return particle_surnames(old_style_names(
        abbreviated_first_names(surname_first(inverted_names(postposed_initials(doc))))))


def inverted_names(doc: Document) -> Document:
    """Headwords of reference works, indexes, registers and lists: a surname, a comma,
    then the first name and patronymic or the initials (``Муравьев, Николай
    Николаевич``, ``Бестужев-Рюмин, Михаил Павлович``, ``Погодин, М. П.``) at the start of
    a line or sentence are one PERSON over all of it; a PERSON over a part goes. In
    running text a comma after a surname more often starts a list (``Пушкин, Лев
    Сергеевич и ...``), so the start of a line or sentence is required, and the first
    word must be able to be a name (not ``Здравствуйте, Иван Петрович``).

    Reads: tokens, mentions. Writes: mentions (PERSON).
    """
    if ", " not in doc.text:
        return doc
    tokens = doc.tokens
    spans = []
    for i in range(len(tokens) - 3):
        if tokens[i + 1].text != "," or not opens_sentence(doc.text, tokens, i):
            continue
        end = _given_names_after(tokens, i + 2)
        if end is not None and _surname_shape(tokens[i]) and may_be_name(tokens[i].text):
            spans.append((tokens[i].start, tokens[end].end))
    inside = {(m.start, m.end) for m in doc.mentions if m.label == "PERSON"}
    return _add_persons(doc, [s for s in spans if s not in inside])


# First names cut short in signatures, bibliographies and the press (``Вл. Соловьев``,
# ``Ал. Блок``, ``Дм. Мережковский``); hand-written, general knowledge. ``Ст.`` (статья),
# ``Гр.`` and ``Кн.`` (титулы), ``Св.`` (святой) are left out.
FIRST_NAME_ABBREVIATIONS = frozenset({
    "Ал", "Алекс", "Алекс-др", "Ан", "Анат", "Андр", "Арк", "Бор", "Вал", "Вас", "Вик",
    "Вл", "Влад", "Вс", "Вяч", "Георг", "Григ", "Дм", "Евг", "Ек", "Екат", "Ел", "Елиз",
    "Ив", "Игн", "Ил", "Иос", "Конст", "Леон", "Макс", "Мар", "Мих", "Ник", "Никол", "Ол",
    "Пав", "Пет", "Сем", "Серг", "Степ", "Тат", "Тим", "Фед", "Фил", "Юр", "Як",
})


def abbreviated_first_names(doc: Document) -> Document:
    """A first name cut short (``FIRST_NAME_ABBREVIATIONS`` and its period), an initial
    allowed after it, and a capitalized word that may be a surname on the same line make
    one PERSON (``Ваш Вл. Немирович-Данченко``, ``Вл. И. Немирович-Данченко``); a PERSON
    the model read over the surname alone grows to it.

    Reads: tokens, mentions. Writes: mentions (PERSON).
    """
    tokens = doc.tokens
    spans = []
    for i in range(len(tokens) - 2):
        if tokens[i].text not in FIRST_NAME_ABBREVIATIONS or tokens[i + 1].text != ".":
            continue
        if tokens[i + 1].start != tokens[i].end:
            continue
        j = i + 2
        if _initial(tokens, j):
            j += 2
        if j >= len(tokens) or "\n" in doc.text[tokens[i].end:tokens[j].start]:
            continue
        word = tokens[j]
        if _surname_shape(word) and may_be_name(word.text):
            spans.append((tokens[i].start, word.end))
    persons = {(m.start, m.end) for m in doc.mentions if m.label == "PERSON"}
    return _add_persons(doc, [s for s in spans if s not in persons])


def particle_surnames(doc: Document) -> Document:
    """A surname with its particles after a person's given names (``граф Петр Алексеевич
    фон дер Пален``, ``Иоганн ван дер Ваальс``): the PERSON the model ended before the
    lower-case particles grows over them and the capitalized surname after them, on one
    line.

    Reads: tokens, mentions. Writes: mentions (PERSON).
    """
    if not any(f" {p} " in doc.text for p in ("фон", "ван", "де", "дер", "ди", "да", "цу")):
        return doc  # the quick test
    tokens = doc.tokens
    starts = [t.start for t in tokens]
    spans = []
    for m in doc.mentions:
        if m.label != "PERSON":
            continue
        k = bisect.bisect_left(starts, m.end)
        j = k
        while j < len(tokens) and tokens[j].text in PARTICLES:
            j += 1
        if j == k or j >= len(tokens) or not _surname_shape(tokens[j]):
            continue
        if "\n" in doc.text[m.end:tokens[j].start] or tokens[k].start != m.end + 1:
            continue
        spans.append((m.start, tokens[j].end))
    persons = {(m.start, m.end) for m in doc.mentions if m.label == "PERSON"}
    return _add_persons(doc, [s for s in spans if s not in persons])


def old_style_names(doc: Document) -> Document:
    """A first name, the father's name in ``-ов``/``-ев``/``-ин`` and the surname (the way
    registers, court files and revision lists name peasants and townsfolk: ``о крестьянине
    Иване Петрове Сидорове``, ``Петр Сидоров Малышев``): three capitalized words on one
    line, the first read as a first name, the other two as surnames, all able to stand in
    one case, make one PERSON; the parts the model read alone go, as does a place over one
    of the words.

    Reads: tokens, mentions. Writes: mentions (PERSON).
    """
    tokens = doc.tokens
    caps = [t.text[:1].isupper() for t in tokens]  # the quick test before ``_capitalized``
    spans = []
    for i in range(len(tokens) - 2):
        if not (caps[i] and caps[i + 1] and caps[i + 2]):
            continue
        first, father, surname = tokens[i:i + 3]
        if not (_capitalized(first) and _capitalized(father) and _capitalized(surname)):
            continue
        if any(b.start - a.end != 1 for a, b in ((first, father), (father, surname))):
            continue  # one space between the words, no line break
        if not (_first_name_reading(first.text) and _surname_reading(father)
                and _surname_reading(surname)):
            continue
        cases = word_cases(first.text) & word_cases(father.text) & word_cases(surname.text)
        if cases:
            spans.append((first.start, surname.end))
    spans.extend(_muscovite_names(tokens, caps))
    if not spans:
        return doc
    persons = {(m.start, m.end) for m in doc.mentions if m.label == "PERSON"}
    doc.mentions = [m for m in doc.mentions if not (m.label in PLACE_LABELS and any(
        s <= m.start and m.end <= e for s, e in spans))]
    return _add_persons(doc, [s for s in spans if s not in persons])


# ``сын``/``дочь`` between the father's name and the surname (``Ивашка Петров сын Кузнецов``)
FILIATION = frozenset({"сын", "дочь"})
FATHER_RE = re.compile(r"[А-ЯЁ][а-яё]+(?:[оеё]в|[иы]н)(?:|а|у|ым|ом|е|ой|ою|ы)")


def _muscovite_names(tokens: list[Token], caps: list[bool]) -> list[tuple[int, int]]:
    """The spans of names in the Muscovite style of petitions, cadastres and revision
    tales: a first name (often the diminutive of a petition: ``Ивашка``, ``Федька``), the
    father's name in ``-ов``/``-ев``/``-ин``, ``сын`` or ``дочь``, and the surname, on one
    line (``Ивашка Петров сын Кузнецов``, ``Ивана Петрова сына Кузнецова``, ``Марья
    Иванова дочь Петрова``)."""
    spans = []
    for i in range(len(tokens) - 3):
        if not (caps[i] and caps[i + 1] and caps[i + 3]):
            continue
        first, father, filiation, surname = tokens[i:i + 4]
        if (filiation.lemma or lemma_of(filiation.text)) not in FILIATION:
            continue
        if any(tokens[n + 1].start - tokens[n].end != 1 for n in range(i, i + 3)):
            continue  # one space between the words, no line break
        if not (first.text.isalpha() and _capitalized(first) and _capitalized(surname)
                and FATHER_RE.fullmatch(father.text) and surname.text.isalpha()):
            continue
        if share_case(father.text, surname.text):
            spans.append((first.start, surname.end))
    return spans


def _first_name_reading(word: str) -> bool:
    """Whether the likeliest reading of ``word`` is a first name."""
    parses = parse(word.lower())
    return bool(parses) and "Name" in parses[0].tag


# the endings of a patronymic in any case (``Никифорович``, ``Ивановича``, ``Петровной``)
PATRONYMIC_END = re.compile(r"(?:вич|вна|ич|чна|шна)[а-я]{0,3}$")


def surname_first(doc: Document) -> Document:
    """Names written surname first without a comma, the order of Soviet paperwork, award
    sheets and registers (``Ковалев Петр Никифорович``, ``допросил Зайцева Михаила
    Ивановича``): a first name and patronymic right after a word that reads as a surname
    (a dictionary surname reading, or a PERSON mention alone over it), on one line and in
    the same case as both, make one PERSON over the three; the parts the model read alone
    go. A word inside a mention of another label (a place, an organization) is no surname,
    nor one after a kinship noun (``вдова Ельцина Наина Иосифовна``).

    Reads: tokens, mentions. Writes: mentions (PERSON).
    """
    tokens = doc.tokens
    persons = {(m.start, m.end) for m in doc.mentions if m.label == "PERSON"}
    others = _Cover([m for m in doc.mentions if m.label != "PERSON"])
    spans = []
    for k in range(2, len(tokens)):
        if not PATRONYMIC_END.search(tokens[k].text):
            continue  # the quick test: most words are no patronymic
        i = k - 2
        word = tokens[i]
        if _given_names_after(tokens, i + 1) != i + 2 or not _surname_shape(word):
            continue
        if any(tokens[n + 1].start - tokens[n].end != 1 for n in (i, i + 1)):
            continue  # one space between the words, no line break
        if not ((word.start, word.end) in persons or _surname_reading(word)):
            continue
        if i and _kin_word(tokens[i - 1]):
            continue  # ``вдова Ельцина Наина Иосифовна``: the husband's genitive, her name
        if word.text.lower() in WORDS or _surname_after(doc.text, tokens, k):
            continue  # ``Барон Андрей Евгеньевич Розен``: a title, the surname after
        if others.contains(word.start, word.end):
            continue
        if _share_case(word, tokens[i + 1]) and _share_case(word, tokens[i + 2]):
            spans.append((word.start, tokens[i + 2].end))
    return _add_persons(doc, [s for s in spans if s not in persons])


def _surname_after(text: str, tokens: list[Token], k: int) -> bool:
    """Whether a capitalized word that may be a surname follows the patronymic at ``k``
    one space apart on its line (``Андрей Евгеньевич Розен``)."""
    if k + 1 >= len(tokens):
        return False
    nxt = tokens[k + 1]
    return (text[tokens[k].end:nxt.start] == " " and _surname_shape(nxt)
            and not _function_word(nxt.text))


def _given_names_after(tokens: list[Token], j: int) -> int | None:
    """The last token of a first name and patronymic (``Николай Николаевич``) or of two
    initials (``М. П.``) starting at token ``j``, else None."""
    if _initials_after(tokens, j - 1) == 2:
        return j + 3
    if j + 1 >= len(tokens) or not (_capitalized(tokens[j]) and _capitalized(tokens[j + 1])):
        return None
    first = parse(tokens[j].text.lower())
    second = parse(tokens[j + 1].text.lower())
    if any("Name" in p.tag for p in first) and any("Patr" in p.tag for p in second):
        return j + 1
    return None


def postposed_initials(doc: Document) -> Document:
    """Names written surname first, initials after (``Ворошилов К.Е.``, ``Лапиной Е. А.``),
    the order of Soviet paperwork, lists and bibliographies: one PERSON over the surname
    and its initials; and initials right before a PERSON that left them out (the first
    ``В.`` of ``В.В. Путина``) join it.

    A capitalized word followed by two initials is a surname when the initials are not
    followed on their line by a word that may be a name (then they open it: ``Сообщение
    А.И. Егорова``; ``Лапина Е.А. Слушали`` is Лапина's) and not preceded by initials of
    its own (``В.И. Ленин А.М. ...``); a PERSON already ending at the word (or a word
    with a surname reading) also takes one initial. Initials join the PERSON after them
    only when its first word may be a name, so the two readings never share initials.
    Mentions of other labels inside or across the new span go (``Петровского Г`` read as
    an organization); a mention containing it stays.

    Reads: tokens, mentions. Writes: mentions (PERSON).
    """
    tokens = doc.tokens
    marks = [i for i, t in enumerate(tokens) if _initial(tokens, i)]
    if not marks:
        return doc
    person_ends: dict[int, int] = {}  # end offset -> start of the PERSON ending there
    spans: list[tuple[int, int]] = []
    taken: set[int] = set()  # token indices of initials given to the surname before them
    covered = {(m.start, m.end) for m in doc.mentions if m.label == "PERSON"}
    for m in doc.mentions:
        if m.label == "PERSON":
            person_ends[m.end] = min(person_ends.get(m.end, m.start), m.start)
            start = _initials_before_mention(doc.text, tokens, m.start)
            if start < m.start:  # ``В.`` of ``В.В. Путина`` left out
                spans.append((start, m.end))
    for i in sorted({mark - 1 for mark in marks if mark > 0}):
        token = tokens[i]
        count = _initials_after(tokens, i)
        if not count or not _surname_shape(token) or _initials_before(tokens, i):
            continue
        after = i + 1 + 2 * count
        if after < len(tokens) and _opens_name(doc.text, tokens[after - 1], tokens[after]):
            continue  # the initials open the next name
        start = person_ends.get(token.end, token.start)
        if count == 1 and token.end not in person_ends and not _surname_reading(token):
            continue
        spans.append((min(start, token.start), tokens[after - 1].end))
        taken.add(i + 1)
    spans += _initials_first(doc, marks, taken, covered)
    return _add_persons(doc, spans)


def _add_persons(doc: Document, spans: list[tuple[int, int]]) -> Document:
    """Add a PERSON over each span; the mentions that overlap one without containing it go."""
    if not spans:
        return doc
    gone = _overlapped(doc.mentions, spans)
    doc.mentions = [m for m in doc.mentions if m.id not in gone]
    for start, end in spans:
        doc.add_mention(start, end, "PERSON")
    return doc


def _initials_first(doc: Document, marks: list[int], taken: set[int],
                    covered: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of two initials and the capitalized word after them on their line (``Ф. Э.
    Дзержинский``, ``Д. И. Курским``) that no PERSON covers: the word may be a name, is
    unknown to the dictionary or is an adjective (surnames in ``-ский`` read as
    adjectives); a noun without a name reading (``И. В. Государь``) is none. Initials
    ``taken`` by the surname before them and a third initial before them are left."""
    tokens = doc.tokens
    spans = []
    for i in marks:  # the first of two initials
        if i + 4 >= len(tokens) or i in taken or _initials_before(tokens, i):
            continue
        if _initials_after(tokens, i - 1) < 2:
            continue
        word = tokens[i + 4]
        if word.start - tokens[i + 3].end > 1 or not _surname_shape(word):
            continue
        if "\n" in doc.text[tokens[i + 3].end:word.start]:
            continue
        if not (_opens_name(doc.text, tokens[i + 3], word) or likely_adjective(word.text)):
            continue
        span = (tokens[i].start, word.end)
        if span not in covered:
            spans.append(span)
    return spans


def _overlapped(mentions: list[Mention], spans: list[tuple[int, int]]) -> set[str]:
    """Ids of the mentions that overlap one of ``spans`` without strictly containing it."""
    ordered = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    longest = max((m.end - m.start for m in ordered), default=0)
    gone = set()
    for start, end in spans:
        for m in ordered[bisect.bisect_left(starts, start - longest):
                         bisect.bisect_left(starts, end)]:
            contains = m.start <= start and end <= m.end and (m.start, m.end) != (start, end)
            if m.end > start and not contains:
                gone.add(m.id)
    return gone


def _initial(tokens: list[Token], i: int) -> bool:
    """Whether tokens ``i`` and ``i + 1`` are an initial: a Cyrillic capital, a period."""
    if i < 0 or i + 1 >= len(tokens):
        return False
    letter, period = tokens[i], tokens[i + 1]
    return (len(letter.text) == 1 and "А" <= letter.text <= "Я" and period.text == "."
            and period.start == letter.end)


def _initials_after(tokens: list[Token], i: int) -> int:
    """How many initials (0, 1 or 2) follow token ``i`` within a space of it."""
    count = 0
    at = i + 1
    while count < 2 and _initial(tokens, at) and tokens[at].start - tokens[at - 1].end <= 1:
        count += 1
        at += 2
    return count


def _initials_before_mention(text: str, tokens: list[Token], start: int) -> int:
    """The start of the initials written right before a PERSON starting at ``start``
    (``start`` itself when there are none): at most two, each within a space; a lone
    ``Г.`` before a name without initials is the honorific (``Г. Полевой``)."""
    j = bisect.bisect_left(tokens, start, key=lambda t: t.start)
    if j < 2 or j >= len(tokens) or tokens[j].start != start:
        return start
    if not _initial(tokens, j) and not _opens_name(text, tokens[j - 1], tokens[j]):
        return start  # initials before a word that is no name are someone else's
    first = j
    count = 0
    room = 1 if _initial(tokens, j) else 2  # a Russian name has two initials at most
    while count < room and _initial(tokens, j - 2) and tokens[j].start - tokens[j - 1].end <= 1:
        j -= 2
        count += 1
    if _initial(tokens, j - 2):
        return start  # a third: ``Е. И. В.`` (Его Императорского Величества), no name
    if count == 1 and tokens[j].text == "Г" and not _initial(tokens, first):
        return start  # ``Г. Полевой``: the old ``господин``, not an initial
    return tokens[j].start


def _initials_before(tokens: list[Token], i: int) -> bool:
    return i >= 2 and _initial(tokens, i - 2)


def _opens_name(text: str, period: Token, word: Token) -> bool:
    """Whether ``word``, right after initials ending in ``period``, is the name they belong
    to: a capitalized word on the same line that may be a name (a name reading or none in
    the dictionary: ``А.И. Егорова``, not ``Е.А. Слушали``)."""
    if len(word.text) < 2 or not _capitalized(word) or "\n" in text[period.end:word.start]:
        return False
    return may_be_name(word.text)


def may_be_name(word: str) -> bool:
    """Whether ``word`` may be a name: a dictionary reading as one, or no reading at all."""
    from letopis.models import morph_analyzer

    low = word.lower()
    return (not morph_analyzer().word_is_known(low)
            or any(NAME_GRAMMEMES & set(p.tag.grammemes) for p in parse(low)))


def _surname_shape(token: Token) -> bool:
    """A capitalized word of letters (a hyphen allowed), not in capitals, not a function
    word."""
    text = token.text
    if len(text) < 2 or not _capitalized(token) or text[1:].upper() == text[1:]:
        return False
    return not any({p.tag.POS} & FUNCTION_POS for p in parse(text.lower())[:1])


def _surname_reading(token: Token) -> bool:
    return any("Surn" in p.tag for p in parse(token.text.lower()))


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
VERBAL_POS = frozenset({"VERB", "INFN", "GRND", "PRTS", "ADJS"})
# Lower-case name particles stay in a name (``де Линь``, ``фон Визин``).
PARTICLES = frozenset({"де", "дю", "ди", "да", "дель", "делла", "фон", "ван", "ла", "ле",
                       "ибн", "аль", "эль", "бен", "дер", "цу", "дем", "тер"})


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
    if tag.POS in VERBAL_POS or (tag.POS == "ADJF" and "Apro" in tag):
        return True  # an old text: the likeliest reading decides (``Тем``, ``Сим``, ``Надобно``)
    return nouns and not named and tag.POS == "NOUN" and all(
        "inan" in p.tag for p in parses if p.tag.POS == "NOUN")


def _all_common(word: str, old: bool, nouns: bool = True) -> bool:
    """Every hyphen-separated part of ``word`` is a common word (``Къ-этому``), or the
    first is a function word and the rest dictionary words without a name reading (the
    adverbs ``По-крайней-мере``, ``Во-первых``)."""
    parts = word.split("-")
    if not word.replace("-", "").isalpha() or not all(parts):
        return False
    if len(parts) > 1 and _function_word(parts[0]) and all(
            not may_be_name(part) for part in parts[1:]):
        return True
    return all(_common_word(part, old, nouns) for part in parts)


def _function_word(word: str) -> bool:
    """A word whose likeliest reading is a function word (``По``, though Poe is a name),
    not a name particle (``Де``)."""
    parses = parse(word.lower())
    return word.lower() not in PARTICLES and bool(parses) and parses[0].tag.POS in FUNCTION_POS


NAMED_LABELS = frozenset({"ORGANIZATION", "FACILITY", *PLACE_LABELS})
VERB_LABELS = NAMED_LABELS | {"PERSON"}  # a verb form opening a sentence names none of them
# Titles of address of the Empire and the Church, with the pronouns before them.
ADDRESS_TITLES = frozenset({
    "превосходительство", "высокопревосходительство", "сиятельство", "светлость",
    "величество", "высочество", "преосвященство", "высокопреосвященство", "благородие",
    "высокоблагородие", "высокородие", "степенство", "святейшество", "преподобие",
    "благословение",
})
ADDRESS_PRONOUNS = frozenset({"его", "ее", "её", "ваш", "их", "твой"})
TITLE_OPENINGS = frozenset(title[:4] for title in ADDRESS_TITLES)  # a cheap test first
TITLE_STEMS = frozenset(title[:6] for title in ADDRESS_TITLES)  # looked for once per text


ADDRESS_ADJECTIVES = frozenset({"императорский", "королевский", "великокняжеский",
                                "светлейший", "высочайший", "царский", "княжеский",
                                "графский"})


def titles_of_address(tokens: list[Token]) -> list[tuple[int, int]]:
    """The spans of the titles of address (``Его Превосходительству``, ``Вашему
    Сиятельству``, ``Его Императорское Высочество``): a title word, the adjectives of
    rank and the pronoun before it."""
    spans: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        low = token.text.lower()
        if low[:4] not in TITLE_OPENINGS or lemma_of(low) not in ADDRESS_TITLES:
            continue
        j = i
        while j > 0 and lemma_of(tokens[j - 1].text.lower()) in ADDRESS_ADJECTIVES:
            j -= 1
        before = tokens[j - 1].text.lower() if j > 0 else ""
        if before in ADDRESS_PRONOUNS or (before and lemma_of(before) in ADDRESS_PRONOUNS):
            j -= 1
        spans.append((tokens[j].start, token.end))
    return spans


def _only_function_words(text: str) -> bool:
    """Whether every word of ``text`` (split at spaces and hyphens) is likeliest an adverb,
    preposition, conjunction, particle or interjection (``слишкомъ-часто``)."""
    if "-" not in text and text[:1].isupper():
        return False  # the quick test: an adverb read as a name is hyphenated or lower-case
    words = text.replace("-", " ").split()
    return bool(words) and all(word.isalpha() and _function_word(word) for word in words)




HEADING_LABELS = frozenset({"ORGANIZATION", "EVENT", "PERSON", "FACILITY", "PRODUCT",
                            "LOCATION"})


def _heading_words(text: str, mention: Mention) -> int:
    """How many characters at the start of ``mention`` are words in capitals, each a
    dictionary word with no reading as a name or an abbreviation, on a line written in
    capitals (a heading: ``ЗАПИСКИ КНЯЗЯ ...``, ``РАПОРТ``, ``НАГРАДНОЙ ЛИСТ``; a party's
    mark such as ``(б)`` does not count as lower case): all of it, a part
    (``ПОСТАНОВЛЕНИЕ`` of ``ПОСТАНОВЛЕНИЕ СНК СССР``) or 0. News writes organizations so
    (``ФИФА``, ``УДАР``), but not on a line of capitals; a heading's capitals say nothing.
    A word that is a name only by a rarer reading counts after an adjective agreeing with
    it (``ЛИСТ`` of ``НАГРАДНОЙ ЛИСТ`` is no Liszt)."""
    if len(mention.text) < 4 or not mention.text.isupper():
        return 0  # the quick test: most mentions are not in capitals
    if not caps_line(text, mention.start, mention.end):
        return 0
    line_start = text.rfind("\n", 0, mention.start) + 1
    before = text[line_start:mention.start].split()
    words = list(re.finditer(r"\S+", mention.text))
    previous = before[-1] if before else ""
    end = 0
    for word in words:
        w = word.group()
        if not (w.isalpha() and w.isupper() and _common_capital(w.lower(), previous.lower())):
            break
        end, previous = word.end(), w
    return end


def _common_capital(low: str, before: str) -> bool:
    """A dictionary word (lower-cased) with no reading as a name or an abbreviation, or
    one that is a name only by a rarer reading after an adjective agreeing with it."""
    from letopis.models import morph_analyzer

    if not morph_analyzer().word_is_known(low):
        return False
    names = NAME_GRAMMEMES | {"Abbr"}
    parses = parse(low)
    if not any(names & set(p.tag.grammemes) for p in parses):
        return True
    return (parses[0].tag.POS == "NOUN" and not names & set(parses[0].tag.grammemes)
            and before.isalpha() and likely_adjective(before) and share_case(before, low))


# the endings of the court style's superlative adverbs (``Всемилостивейше``,
# ``Высочайше``, ``Всеподданнейше``), capitalized in acts and reports: no name ends so
SUPERLATIVE_ADVERBS = ("ейше", "айше")

# lower-case words that end a name: ``Буш-младший``'s kin, written apart
NAME_ENDINGS = frozenset({"младший", "старший"})


# the kinds of papers whose heading follows the sender's name (``от купца Ивана Семенова
# Прошение``): after a name of two words or more they are no part of it
DOCUMENT_NOUNS = frozenset({"прошение", "рапорт", "донесение", "жалоба", "челобитная",
                            "заявление", "объяснение", "показание", "записка", "донос",
                            "представление", "ходатайство", "отношение"})


def _without_trailing_words(text: str) -> int:
    """The length of a person's name without the lower-case dictionary words the model
    read after it (``Николае I край пережил``: ``Николае I``) and a paper's heading after
    a name of two words (``Ивана Семенова Прошение``, ``DOCUMENT_NOUNS``); name
    particles, Arabic articles (``аль-Багдади``) and ``младший`` stay. The whole text when
    nothing goes or nothing capitalized would be left."""
    from letopis.models import morph_analyzer

    words = list(re.finditer(r"\S+", text))
    k = len(words)
    if k > 2 and lemma_of(words[-1].group().lower()) in DOCUMENT_NOUNS:
        k -= 1  # ``Ивана Семенова Прошение``: the heading of a petition after its author
    while k > 1:
        word = words[k - 1].group()
        low = word.lower()
        if not (word.isalpha() and word.islower()) or low in PARTICLES:
            break
        if not morph_analyzer().word_is_known(low) or lemma_of(low) in NAME_ENDINGS:
            break
        k -= 1
    last = words[k - 1].group()
    if k == len(words) or not last[:1].isupper() or (len(last) == 2 and last[1] == "."):
        return len(text)  # nothing goes, or an initial alone would be left (``П. бургъ``)
    return words[k - 1].end()


def _opens(doc: Document, starts: list[int], mention: Mention) -> bool:
    """Whether ``mention`` opens a sentence or a line (``starts``: the token starts)."""
    i = bisect.bisect_left(starts, mention.start)
    return i < len(starts) and starts[i] == mention.start and opens_sentence(
        doc.text, doc.tokens, i)


def _foreign_fits(tokens: list[Token], i: int, size: int) -> bool:
    """After a foreign form of address (``FOREIGN_ADDRESS``) only a word that is no common
    word and no place may be a name: one the dictionary does not know or knows only as a
    name (``Мисс Меггс``, ``Мистер Уиллит``; not ``Мисс Россия``, ``Мисс Мира``)."""
    if tokens[i].text.lower() not in FOREIGN_ADDRESS or i + size >= len(tokens):
        return True
    return all(PERSON_GRAMMEMES & set(p.tag.grammemes)
               for p in known_parses(tokens[i + size].text))


def _plural_noun(word: str) -> bool:
    """A dictionary noun that reads only as a plural and never as a name (``Нэпманы``,
    ``Кулаки``): no one person's name opens with it where it opens a sentence (inside one
    a foreign first name may read so: ``Марен``, ``Салам``); not a kinship noun
    (``Братья Гримм`` is the group's name)."""
    parses = known_parses(word) if word.isalpha() else ()
    return bool(parses) and all(p.tag.POS == "NOUN" and "plur" in p.tag
                                and not NAME_GRAMMEMES & set(p.tag.grammemes)
                                and p.normal_form not in KIN_WORDS for p in parses)


def _after_honorific(tokens: list[Token], starts: list[int], mention: Mention) -> bool:
    """Whether a foreign form of address stands right before ``mention`` (``Мадам
    Сталь``: after it a common word is a name)."""
    i = bisect.bisect_left(starts, mention.start)
    return i > 0 and tokens[i - 1].text.lower() in FOREIGN_ADDRESS


def _verb_form(word: str) -> bool:
    """A dictionary word, not in capitals, every reading of which is a verb form
    (``Погребена``, ``Прибыл`` read as a place at the start of a sentence; not ``МОК``)."""
    parses = known_parses(word) if word.isalpha() and not word.isupper() else ()
    return bool(parses) and all(p.tag.POS in VERBAL_POS for p in parses)


# Nouns of kinship: a PERSON opening with one names the relative by the other person
# (``Племянница Лёвенхока``) or nobody by name (``Племянница помогла дяде``).
KIN_WORDS = frozenset(KIN) | {
    "племянник", "племянница", "дядя", "тётка", "тетка", "тётя", "тетя", "внук", "внучка",
    "дед", "дедушка", "бабушка", "бабка", "тесть", "тёща", "теща", "свёкор", "свекор",
    "свекровь", "зять", "невестка", "сноха", "шурин", "деверь", "золовка", "кузен", "кузина",
    "вдовица",
}


def _kin_word(token: Token) -> bool:
    """A kinship noun in the singular with no reading as a name (``Племянница``; not
    ``Вдовина``, nor the plural of a group's name: ``Братья Гримм``)."""
    if (token.lemma or lemma_of(token.text)) not in KIN_WORDS or "plur" in (token.tag or ""):
        return False
    return not any(NAME_GRAMMEMES & set(p.tag.grammemes) for p in parse(token.text.lower()))


def drop_common_words(doc: Document) -> Document:
    """Drop one-word PERSON mentions that are common words, and, in a pre-1918 document,
    the common words leading a longer one.

    Any text: capitalized function words (``Чрезъ``, ``Послѣ`` at a sentence start), and a
    kinship noun opening a PERSON, which goes (``Племянница``) or leaves the name after it
    (``Племянница Лёвенхока`` -> ``Лёвенхока``, ``Брат Иван`` -> ``Иван``); a common word
    in capitals on a line of capitals (``ЗАПИСКИ``, ``РАПОРТ``: a heading). A
    pre-1918 document, which capitalizes freely and comes with OCR joins, also: verb forms
    and pronoun adjectives (``Велѣлъ Грейгъ`` -> ``Грейгъ``, ``Между-тѣмъ Потемкинъ`` ->
    ``Потемкинъ``, ``Примѣтивъ``), inanimate common nouns alone (``Художества``). A
    hyphenated word counts when every part does (``Къ-этому``). An organization, facility
    or place made of function words and adverbs only goes too (``слишкомъ-часто``), and
    any mention that is a title of address (``Его Превосходительству``).

    Reads: mentions, tokens, meta.orthography. Writes: mentions (PERSON, ORGANIZATION,
    FACILITY, places).
    """
    old = doc.meta.orthography == "prereform"
    starts = [t.start for t in doc.tokens]
    low = doc.text.lower()
    addresses = titles_of_address(doc.tokens) if any(s in low for s in TITLE_STEMS) else []
    gone: set[str] = set()
    kept: list[tuple[int, int, str]] = []  # what stays of a mention cut short, its label
    for m in doc.mentions:
        if (m.label in NAMED_LABELS and _only_function_words(m.text)
                or m.label in VERB_LABELS and m.text.isalpha() and _opens(doc, starts, m)
                and _verb_form(m.text)):
            gone.add(m.id)  # ``слишкомъ-часто`` read as an organization, ``Погребена``,
            continue  # ``Крещен`` as a person
        heading = _heading_words(doc.text, m) if m.label in HEADING_LABELS else 0
        if heading:  # ``ЗАПИСКИ``, ``РАПОРТ`` of a heading in capitals
            gone.add(m.id)
            rest = len(m.text) - len(m.text[heading:].lstrip())
            if rest < len(m.text):  # ``ПОСТАНОВЛЕНИЕ СНК СССР``: ``СНК СССР`` stays
                kept.append((m.start + rest, m.end, m.label))
            continue
        if any(start <= m.start and m.end <= end for start, end in addresses):
            gone.add(m.id)  # ``Его Превосходительству``: whoever is addressed, no name
            continue
        if m.label != "PERSON":
            continue
        if (_all_common(m.text, old) and not _after_honorific(doc.tokens, starts, m)
                or m.text.lower().endswith(SUPERLATIVE_ADVERBS)
                or " " not in m.text and any(c.isdigit() for c in m.text)):
            gone.add(m.id)  # ``Всемилостивейше``: the court style's adverbs; ``Х1V-й``: OCR
            continue
        end = _without_trailing_words(m.text)
        if end < len(m.text):  # ``Николае I край``: the name ends at its numeral
            gone.add(m.id)
            kept.append((m.start, m.start + end, "PERSON"))
            continue
        lo, hi = bisect.bisect_left(starts, m.start), bisect.bisect_left(starts, m.end)
        words = [t for t in doc.tokens[lo:hi] if t.text.replace("-", "").isalpha()]
        if words and _kin_word(words[0]):  # ``Племянница Лёвенхока``: the niece is no name
            gone.add(m.id)
            if len(words) > 1 and words[1].text[:1].isupper():
                kept.append((words[1].start, m.end, "PERSON"))
            continue
        if (len(words) > 1 and _opens(doc, starts, m) and _plural_noun(words[0].text)
                and words[1].text[:1].isupper()):
            gone.add(m.id)  # ``Нэпманы Гуревич``: a class of people, then the name
            kept.append((words[1].start, m.end, "PERSON"))
            continue
        if not old:
            continue
        k = 0
        while k < len(words) - 1 and _all_common(words[k].text, old, nouns=False):
            k += 1
        if k:
            gone.add(m.id)
            kept.append((words[k].start, m.end, "PERSON"))
    if gone:
        doc.mentions = [m for m in doc.mentions if m.id not in gone]
        for start, end, label in kept:
            doc.add_mention(start, end, label)
    return doc
