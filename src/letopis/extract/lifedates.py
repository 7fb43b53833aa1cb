"""Births and deaths: DATE_OF_BIRTH, PLACE_OF_BIRTH, DATE_OF_DEATH, PLACE_OF_DEATH,
AGE_DIED_AT and CAUSE_OF_DEATH read from a person, the verb right after it and the date
and place that follow (or, verb first, the person right after the verb and what comes
before it in the sentence).

``Павел Громов родился 8 марта 1856 года в Твери``: the person is the subject just
before a birth verb (``родиться``) or a death verb (``умереть``, ``скончаться``,
``погибнуть``, and the executions of the lists of the repressed: ``расстрелян``,
``казнён``), with at most ``MAX_BEFORE`` words between and no other mention; then the
first DATE and the first place introduced by ``в``/``во`` (a place nested in another
mention, such as ``России`` in ``премьер-министр России``, does not count) among the next
``MAX_AFTER`` words of the sentence, before any other person. The date must have a number
(``через несколько дней`` is none); a person in the genitive is no subject (``у Стэна Ли
умерла жена``). The relation model learns these types from
few NEREL examples (15 DATE_OF_BIRTH, 22 DATE_OF_DEATH on dev); these words are how
biographies say it. Reference works write the verbs short (``род.``, ``ум.``, ``сконч.``)
after the headword and its titles (``Муравьев, Николай Николаевич, генерал от инфантерии,
род. 14 июля 1794 г. в Петербурге``): where no person stands right before the cue, the
person opening the sentence is the subject if no other person comes between. A person's
years in parentheses (``Погодин (1800—1875)``) are the years of birth and death; given
names in brackets after the headword are the headword's (``Карамзин (Николай
Михайлович) — ...``), and a short cue opening a sentence without a person belongs to the
paragraph's headword (``Ум. 22 мая 1826 г.``). Each relation gets ``RULE_SCORE``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from letopis.doc import PLACE_LABELS, Document, Mention, Token
from letopis.extract.aliases import in_brackets_after
from letopis.extract.calendars import LIFESPAN
from letopis.extract.gazetteer import opens_sentence
from letopis.extract.kinship import RULE_SCORE, genitive, words_between
from letopis.morph import share_case

__all__ = ["RULE_SCORE", "life_events"]

BIRTH = frozenset({"родиться", "рождаться"})
DEATH = frozenset({"умереть", "скончаться", "погибнуть", "расстрелять", "казнить"})
MAX_BEFORE = 2  # words between the person and the verb (``Громов, 1856 г. р., родился``)
MAX_APPOSITION = 6  # words between the commas of an apposition (``, дочь Ивана Белова,``)
MAX_AFTER = 10  # words after the verb where the date and the place are looked for
# between two commas before the verb, words that make it a clause, not an apposition
CLAUSE_WORDS = frozenset({"и", "а", "но", "когда", "который", "которая", "где", "что", "как"})
FAR_KINDS = frozenset({"CAUSE", "AGE"})  # read to the sentence's end after a death verb
DIGIT = re.compile(r"\d")  # a date with a number (``через несколько дней`` is none)
# the cues of reference works, written short with a period: ``род. 14 июля 1794 г.``
SHORT_CUES = {"род": "BIRTH", "ум": "DEATH", "сконч": "DEATH", "скон": "DEATH"}
NATIVE = frozenset({"уроженец", "уроженка"})  # ``уроженец Риги``: born there
SETTLEMENT_FORMS = frozenset({"селе", "деревне", "городе", "посёлке", "поселке", "слободе",
                              "станице", "местечке", "хуторе"})
# what may stand between a death verb and the person after it
BEFORE_SUBJECT = frozenset({"PROFESSION", "DATE", "AGE"})
MAX_NATIVE = 4  # words after ``уроженец`` where the place is looked for
# what follows a reference entry's headword: ``Карамзин, ...``, ``Карамзин (...)``,
# ``Карамзин — ...``
HEADWORD_END = re.compile(r"[ \u00a0]?[,(—–-]")
# a year of birth in apposition: ``1889 г. р.``, ``1899 г.р.``, ``1889 года рождения``
BORN_YEAR = re.compile(r"\b\d{4}\s?(?:г\.\s?р\.?|года рождения)$")


def life_events(doc: Document, mentions: Sequence[Mention],
                ) -> list[tuple[str, Mention, Mention]]:
    """(type, person, date or place) of the births and deaths ``doc`` (segmented and
    tagged) states about its person ``mentions``."""
    if not doc.sentences:
        return []
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    ends = [s.end for s in doc.sentences]
    found: list[tuple[str, Mention, Mention]] = []
    for k, token in enumerate(doc.tokens):
        kind = _cue(doc, k)
        if not kind:
            continue
        sentence = min(bisect.bisect_right(ends, token.start), len(ends) - 1)
        start = doc.sentences[sentence].start
        person = (_bracketed(doc, ordered, start, k) or _subject(doc, ordered, token.start)
                  or _headword(doc, ordered, start, token.start)
                  or _entry_subject(doc, ordered, k))
        if person is not None and not genitive(person):  # ``у Стэна Ли умерла жена``
            end = min(doc.tokens[min(k + MAX_AFTER, len(doc.tokens) - 1)].end, ends[sentence])
            facts = _date_and_place(doc, ordered, token.end, end)
            if kind == "DEATH":  # ``от тифа`` is a cause however far in the sentence
                kinds = {what for what, _ in facts}
                facts += [(what, m) for what, m in _date_and_place(
                    doc, ordered, token.end, ends[sentence]) if what in FAR_KINDS - kinds]
        else:  # ``в 1837 году в Петербурге скончался поэт Пушкин``
            person = _subject_after(doc, ordered, token.end, ends[sentence])
            if person is None:
                continue
            start = doc.sentences[sentence].start
            facts = _date_and_place(doc, ordered, start, token.start, persons_end=False)
            kinds = {what for what, _ in facts}  # then what stands between verb and person
            facts += [(what, m) for what, m in _date_and_place(
                doc, ordered, token.end, person.start, persons_end=False) if what not in kinds]
        for what, m in facts:
            if what in ("DATE", "PLACE"):
                found.append((f"{what}_OF_{kind}", person, m))
            elif kind == "DEATH":  # ``на 75-м году жизни``, ``от рака``
                found.append(("AGE_DIED_AT" if what == "AGE" else "CAUSE_OF_DEATH", person, m))
    return found + natives(doc, ordered) + lifespan_dates(doc, ordered)


def _cue(doc: Document, k: int) -> str:
    """``BIRTH`` or ``DEATH`` for a birth or death verb at token ``k`` (singular: ``Мехсуд,
    погибли ...`` says others died) or its abbreviation with the period (``род.``,
    ``ум.``, ``сконч.``), else ""."""
    token = doc.tokens[k]
    if token.lemma in BIRTH or token.lemma in DEATH:
        if "plur" in token.tag:
            return ""
        return "BIRTH" if token.lemma in BIRTH else "DEATH"
    kind = SHORT_CUES.get(token.text.lower(), "")
    if kind and k + 1 < len(doc.tokens) and doc.tokens[k + 1].text == "." and (
            doc.tokens[k + 1].start == token.end):
        return kind
    return ""


def _bracketed(doc: Document, ordered: list[Mention], start: int, k: int) -> Mention | None:
    """For a short cue inside brackets (``Антониу Гутерреш (порт. António Guterres; род. 30
    апреля 1949 в Лиссабоне)``), the PERSON right before the opening bracket."""
    token = doc.tokens[k]
    if token.text.lower() not in SHORT_CUES:
        return None
    opening = doc.text.rfind("(", start, token.start)
    if opening < 0 or ")" in doc.text[opening:token.start]:
        return None
    end = len(doc.text[:opening].rstrip(" \u00a0"))
    person = next((m for m in ordered if m.end == end and m.label == "PERSON"), None)
    return None if person is None or genitive(person) else person


def _headword(doc: Document, ordered: list[Mention], start: int, cue: int) -> Mention | None:
    """The PERSON that opens the sentence starting at ``start`` (the headword of a
    reference entry: ``Муравьев, Николай Николаевич, генерал ..., род. ...``) when no
    other PERSON and no verb (another clause: ``Путин заявил, что тот умер``; an earlier
    cue such as ``род.`` does not count) stands between it and the cue at ``cue``."""
    persons = [m for m in ordered if start <= m.start < cue and m.label == "PERSON"]
    if not persons or persons[0].start != start or genitive(persons[0]):
        return None
    first = persons[0]
    given = in_brackets_after(doc.text, first, persons)  # ``Карамзин (Николай ...)``
    if any(m.start >= first.end and m is not given for m in persons):
        return None
    between = words_between(doc, first.end, cue)
    return None if any(t.pos in ("VERB", "INFN") and t.text.lower() not in SHORT_CUES
                       for t in between) else first


def _entry_subject(doc: Document, ordered: list[Mention], k: int) -> Mention | None:
    """For a cue opening a sentence with no person of its own (``Ум. 22 мая 1826 г. в
    Петербурге.`` inside an entry, ``Погиб 12.03.1942.`` in a list of the fallen), the
    headword opening the paragraph: a PERSON at its start followed by a comma, a bracket
    or a dash."""
    token = doc.tokens[k]
    if not token.text[:1].isupper() or not opens_sentence(doc.text, doc.tokens, k):
        return None
    start = doc.text.rfind("\n", 0, token.start) + 1
    while start < token.start and doc.text[start] in " \u00a0\t":
        start += 1
    first = next((m for m in ordered if m.start >= start), None)
    if first is None or first.start != start or first.label != "PERSON" or genitive(first):
        return None
    return first if HEADWORD_END.match(doc.text, first.end) else None


def lifespan_dates(doc: Document, ordered: list[Mention]) -> list[tuple[str, Mention, Mention]]:
    """DATE_OF_BIRTH and DATE_OF_DEATH from a person's years in parentheses right after
    the name (``Погодин (1800—1875)``: the two DATE mentions of
    ``letopis.extract.calendars.lifespans``)."""
    if "(" not in doc.text:
        return []
    persons = {m.end: m for m in ordered if m.label == "PERSON"}
    dates = [m for m in ordered if m.label == "DATE"]
    found = []
    for match in LIFESPAN.finditer(doc.text):
        person = persons.get(len(doc.text[:match.start()].rstrip(" \u00a0")))
        born = next((m for m in dates if (m.start, m.end) == match.span(1)), None)
        died = next((m for m in dates if (m.start, m.end) == match.span(2)), None)
        if person is not None and born is not None and died is not None:
            found += [("DATE_OF_BIRTH", person, born), ("DATE_OF_DEATH", person, died)]
    return found


def natives(doc: Document, ordered: list[Mention]) -> list[tuple[str, Mention, Mention]]:
    """PLACE_OF_BIRTH from ``уроженец``/``уроженка`` and the place after it (within
    ``MAX_NATIVE`` words, the first place name): the person is the one the word stands in
    apposition to (``Я. Х. Петерс, уроженец Курляндской губернии``), else the person
    right after the place (``уроженец Дагестана Расул Мирзаев``)."""
    found = []
    for token in doc.tokens:
        if token.lemma not in NATIVE or "plur" in token.tag:
            continue
        limit = _word_end(doc, token.end, MAX_NATIVE)
        place = next((m for m in ordered if token.end <= m.start < limit
                      and m.label in PLACE_LABELS and m.text[:1].isupper()), None)
        if place is None or any(m.label == "PERSON" and token.end <= m.start < place.start
                                for m in ordered):
            continue
        person = _apposed(doc, ordered, token) or _right_after(doc, ordered, place)
        if person is not None:
            found.append(("PLACE_OF_BIRTH", person, place))
    return found


def _word_end(doc: Document, start: int, words: int) -> int:
    """The end of the ``words``-th word after ``start`` (the text's end if fewer)."""
    after = words_between(doc, start, len(doc.text))
    return after[min(words, len(after)) - 1].end if after else start


def _apposed(doc: Document, ordered: list[Mention], cue: Token) -> Mention | None:
    """The PERSON right before ``, `` or `` — `` that precedes the word ``cue``, in its
    case (``допросил Зайцева Михаила Ивановича, уроженца г. Пскова``); a year of birth
    between commas may stand between (``Зайцев Михаил Иванович, 1889 г. р., уроженец г.
    Пскова``, the order of registers and lists of the repressed)."""
    head = doc.text[:cue.start].rstrip()
    for _ in range(2):
        if not head.endswith((",", "—", "–")):
            return None
        head = head[:-1].rstrip()
        year = BORN_YEAR.search(head)
        if year is None:
            person = next((m for m in reversed(ordered) if m.end == len(head)
                           and m.label == "PERSON"), None)
            if person is None or not share_case(cue.text, person.text.split()[-1]):
                return None
            return person
        head = head[:year.start()].rstrip()
    return None


def _right_after(doc: Document, ordered: list[Mention], place: Mention) -> Mention | None:
    """The PERSON starting right after ``place``, other places allowed between
    (``уроженка поселка Светлый Яр Волгоградской области Юлия Зарипова``)."""
    end = place.end
    for m in ordered:
        if m.start < end:
            continue
        if words_between(doc, end, m.start):
            return None
        if m.label == "PERSON":
            return m
        if m.label not in PLACE_LABELS:
            return None
        end = m.end
    return None


def _subject(doc: Document, ordered: list[Mention], verb: int) -> Mention | None:
    """The PERSON right before the verb at ``verb``, if nothing else stands between; past
    an apposition between commas (``Анна Белова, дочь Ивана Белова, скончалась``) the
    person before it."""
    before = [m for m in ordered if m.end <= verb]
    if not before:
        return None
    last = max(before, key=lambda m: (m.end, m.end - m.start))
    opening = _apposition(doc, verb)
    if opening == -1:  # ``Анна, когда уехал Иван, скончалась``
        return None
    if opening is not None and (last.label != "PERSON" or genitive(last)):
        return _subject(doc, ordered, opening) if last.start > opening else None
    if last.label != "PERSON":
        return None
    return last if len(words_between(doc, last.end, verb)) <= MAX_BEFORE else None


def _apposition(doc: Document, verb: int) -> int | None:
    """The opening comma of ``, words ,`` right before the verb at ``verb`` (at most
    ``MAX_APPOSITION`` words between the commas), else None; -1 for a clause there (a
    verb or a conjunction between the commas: its person is no subject)."""
    line_start = doc.text.rfind("\n", 0, verb) + 1
    head = doc.text[line_start:verb].rstrip()
    if not head.endswith(","):
        return None
    opening = head.rfind(",", 0, len(head) - 1)
    if opening < 0:
        return None
    opening += line_start
    closing = line_start + len(head) - 1
    if any(c in doc.text[opening:closing] for c in ".!?;"):
        return None  # not within one sentence
    inside = words_between(doc, opening + 1, closing)
    if any(t.pos in ("VERB", "INFN") or t.text in CLAUSE_WORDS for t in inside):
        return -1
    return opening if inside and len(inside) <= MAX_APPOSITION else None


def _subject_after(doc: Document, ordered: list[Mention], verb_end: int,
                   sentence_end: int) -> Mention | None:
    """The PERSON right after a verb ending at ``verb_end``, only titles (PROFESSION
    mentions), dates, ages and places and at most ``MAX_BEFORE`` + 1 other words, no verb,
    between (``скончался актёр театра и кино Алексей Жарков``, ``Скончался 3 мая 1910 г.
    на 67-м году жизни действительный статский советник Николай Петрович Огарев``), in
    the verb's sentence and on its line."""
    after = [m for m in ordered if verb_end <= m.start and m.end <= sentence_end]
    person = next((m for m in after if m.label == "PERSON"), None)
    if person is not None and "\n" in doc.text[verb_end:person.start]:
        return None  # a heading's verb and the caption under it
    if person is None or any(m.label not in BEFORE_SUBJECT and m.label not in PLACE_LABELS
                             and m.start < person.start for m in after):
        return None
    titles = [(m.start, m.end) for m in after if m.start < person.start]
    words = words_between(doc, verb_end, person.start, titles)
    if any(t.pos in ("VERB", "INFN") for t in words):
        return None
    return person if len(words) <= MAX_BEFORE + 1 and not genitive(person) else None


def _date_and_place(doc: Document, ordered: list[Mention], start: int, end: int,
                    persons_end: bool = True) -> list[tuple[str, Mention]]:
    """The first DATE and the first place after ``in`` within ``[start, end)``, before
    any person (with ``persons_end``; else none may stand there); nested mentions
    skipped."""
    out: list[tuple[str, Mention]] = []
    kinds: set[str] = set()
    outer_end = start
    for m in ordered:
        if m.start < start or m.start >= end:
            continue
        if m.label == "PERSON":
            if persons_end:
                break
            return []
        nested = m.end <= outer_end
        outer_end = max(outer_end, m.end)
        if nested:
            continue
        if m.label == "DATE" and DIGIT.search(m.text):
            kind = "DATE"
        elif m.label == "AGE":
            kind = "AGE"
        elif m.label == "DISEASE" and _after(doc, m, ("от",)):
            kind = "CAUSE"
        elif m.label in PLACE_LABELS and m.text[:1].isupper() and _after_in(doc, m):
            kind = "PLACE"  # a name (``в японской семье`` is no place of birth)
        else:
            continue
        if kind not in kinds:
            kinds.add(kind)
            out.append((kind, m))
    return out


def _after_in(doc: Document, mention: Mention) -> bool:
    """Whether ``в``/``во`` stands before the place, a settlement's word or abbreviation
    allowed between (``в с. Кудрешки``, ``в селе Кудрешки``, ``в г. Орле``)."""
    from letopis.extract.geo import settlement_table

    words, abbreviations = settlement_table()
    before = doc.text[max(0, mention.start - 24):mention.start].split()
    if len(before) >= 2 and (before[-1].rstrip(".") in abbreviations
                             or before[-1].rstrip(".") == "г"
                             or before[-1].lower() in SETTLEMENT_FORMS):
        before.pop()
    return bool(before) and before[-1].lower() in ("в", "во")


def _after(doc: Document, mention: Mention, words: tuple[str, ...]) -> bool:
    """Whether the word before the mention is one of ``words``."""
    before = doc.text[max(0, mention.start - 4):mention.start].split()
    return bool(before) and before[-1].lower() in words

