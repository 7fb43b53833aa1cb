"""Soviet bodies written as one compound word: ``Губоно``, ``Губпрофсовет``, ``Райисполком``.

Soviet paperwork names its institutions by compounds of a level (``губ``, ``окр``,
``уезд``, ``рай``, ``гор``, ``обл``, ``край``) and a kind of body (``исполком``,
``ком``, ``совет``, ``профсовет``, ``оно``, ``здрав``, ``финотдел``, ``чека``, ``суд``
...). Written with a capital they look like surnames to the NER model (``Губпрофсовету``
read as a person). A capitalized word made of a level and a kind is an ORGANIZATION: a
PERSON or place mention over it goes (``Поручить Губпрофсовету`` read as a name), and
the ORGANIZATION is added. Lower-case compounds (``губисполкома`` in ``председатель
губисполкома``) are left to the model and the profession stage.
"""

from __future__ import annotations

import re
from functools import cache

from letopis.doc import PLACE_LABELS, Document, Token

# ``вол`` (волостной) is left out: ``Волком`` is the surname Волк's instrumental
LEVELS = ("губ", "окр", "уезд", "рай", "гор", "обл", "край")
KINDS = ("исполком", "профсовет", "совнархоз", "наробраз", "финотдел", "земотдел",
         "политпросвет", "продком", "комхоз", "военкомат", "потребсоюз", "статбюро",
         "собес", "совет", "ком", "оно", "здрав", "отдел", "суд", "чека", "чк", "прокуратур",
         "милици", "плана", "трест", "союз")
COMPOUND = re.compile(
    rf"(?<![\w-])(?:{'|'.join(LEVELS)})(?:{'|'.join(KINDS)})[а-яё]{{0,4}}(?![\w-])",
    re.IGNORECASE)
RELABELLED = frozenset({"PERSON", *PLACE_LABELS})

# The bodies of 1917-1922 written as one word: revolutionary councils and committees,
# people's commissariats, fronts (``Реввоенсовет``, ``Военревком``, ``Наркомпрос``,
# ``Южфронт``); ``Нарком`` alone is a post (ranks.tsv), so a commissariat needs its branch
REVOLUTIONARY = re.compile(
    r"(?<![\w-])(?:Реввоенсовет|Реввоентрибунал|Военревком|Ревком|Совнарком|Наркомат"
    r"|Нарком(?:воен|прос|зем|юст|фин|индел|прод|здрав|труд|нац|путь|внудел|торг"
    r"|почтель)|(?:Юж|Юз|Зап|Вост|Восто|Сев|Кав|Турк|Сиб)фронт)(?:а|у|ом|е|ы|ов)?(?![\w-])")


# The councils of 1905-1991, named by whom their deputies stand for: ``Совет рабочих и
# солдатских депутатов``, ``Совета рабочих, крестьянских и красноармейских депутатов``,
# ``Совет народных депутатов``, ``Совета депутатов трудящихся``.
_DEPUTIES_OF = (r"(?:рабочих|солдатских|крестьянских|казачьих|красноармейских|матросских"
                r"|батрацких|народных|трудящихся)")
COUNCIL = re.compile(
    rf"(?<![\w-])(?:[А-ЯЁ][а-яё]+(?:ого|ой|ий|ый|ая|ом)\s+)?[Сс]овет(?:а|у|ом|е|ы|ов)?\s+"
    rf"(?:{_DEPUTIES_OF}(?:,\s*|\s+и\s+|\s+))*депутатов(?:\s+трудящихся)?(?![\w-])")


# The councils of commissars and ministers, with the state after them: ``Совет Народных
# Комиссаров Союза ССР``, ``Совета министров СССР``, ``Совет Труда и Обороны``.
COUNCIL_OF = re.compile(
    r"(?<![\w-])[Сс]овет(?:а|у|ом|е)?\s+(?:[Нн]ародных\s+[Кк]омиссаров|[Мм]инистров"
    r"|[Тт]руда\s+и\s+[Оо]бороны)"
    r"(?:\s+(?:Союза\s+ССР|Союза\s+Советских\s+Социалистических\s+Республик|СССР|РСФСР"
    r"|[А-ЯЁ]{1,3}ССР))?(?![\w(-])")


# what every name of ``REVOLUTIONARY`` holds: the quick test before the expression
REVOLUTIONARY_CUES = ("Рев", "рев", "Нарком", "Совнарком", "фронт")
# The camps of the Gulag, named as one word in ``-лаг`` (``Карлаг``, ``Севвостлаг``,
# ``Белбалтлаг``) and the Gulag itself; a dictionary word (``флаг``, ``архипелаг``) is none
CAMP = re.compile(r"(?<![\w-])(?:[А-ЯЁ][а-яё]{2,}лаг(?:а|у|ом|е|и|ов)?|ГУЛАГ\w{0,2}|ГУЛаг\w{0,2})"
                  r"(?![\w-])")
# The extrajudicial bodies of 1918-1953 with the organ they sat at: ``Особое совещание при
# НКВД СССР``, ``Тройка при УНКВД по Ленинградской области``, ``Двойка``
EXTRAJUDICIAL = re.compile(r"(?<![\w-])(?:[Оо]соб\w+\s+[Сс]овещани\w+\s+при\s+"
                           r"|(?:[Тт]ройк\w+|[Дд]войк\w+)\s+(?:при\s+)?)")
# the organ's region after it (``УНКВД по Тамбовской обл.``), one name with it
_BY_REGION = re.compile(r"\s+по\s+")


def tag_bodies(doc: Document) -> Document:
    """Make each capitalized Soviet compound body (``Губоно``, ``Райисполкома``), each
    council of deputies (``Совет рабочих и солдатских депутатов``, ``COUNCIL``) and each
    council of commissars or ministers (``Совет Народных Комиссаров Союза ССР``,
    ``COUNCIL_OF``), each school, academy or theatre named by its place's adjective
    (``при С.-Петербургском университете``, ``_place_institutions``) and each
    institution of ``historical_bodies.tsv`` (``Посольский приказ``, ``historical_bodies``)
    an ORGANIZATION.

    Reads: text, mentions. Writes: mentions (PERSON or place over a compound dropped, a
    PROFESSION crossing a council's name dropped; ORGANIZATION added).
    """
    found = [m.span() for m in COMPOUND.finditer(doc.text) if m.group()[:1].isupper()]
    if any(cue in doc.text for cue in REVOLUTIONARY_CUES):
        found += [m.span() for m in REVOLUTIONARY.finditer(doc.text)]
    if "лаг" in doc.text or "ГУЛ" in doc.text:
        found += _camps(doc.text)
    _extrajudicial(doc)
    _place_institutions(doc)
    _places_of_confinement(doc)
    historical_bodies(doc)
    named_after(doc)
    if "депутатов" in doc.text or "овет" in doc.text:
        councils = [m.span() for m in COUNCIL.finditer(doc.text)]
        councils += [m.span() for m in COUNCIL_OF.finditer(doc.text)]
        doc.mentions = [m for m in doc.mentions if not (m.label == "PROFESSION" and any(
            a < m.end and m.start < b and not (m.start <= a and b <= m.end)
            and not (a <= m.start and m.end <= b and m.text == "депутатов")
            for a, b in councils))]
        for start, end in councils:
            doc.add_mention(start, end, "ORGANIZATION")
    if not found:
        return doc
    found += _of_whom(doc.text, found)
    rest = [(b + 1, m.end) for m in doc.mentions if m.label == "PERSON"
            for a, b in found if a == m.start and b < m.end and doc.text[b:b + 1] == " "
            and doc.text[b + 1:m.end].isalpha() and doc.text[b + 1:b + 2].isupper()]
    doc.mentions = [m for m in doc.mentions if not (m.label in RELABELLED and any(
        m.start <= a and b <= m.end for a, b in found))]
    for start, end in found:
        doc.add_mention(start, end, "ORGANIZATION")
    for start, end in rest:  # ``члену Реввоенсовета Минину``: the body, then the person
        if not any(a <= start and end <= b for a, b in found):
            doc.add_mention(start, end, "PERSON")
    return doc


HISTORICAL = "historical_bodies.tsv"  # hand-written: prikazes, colleges, the Empire's bodies
MAX_BODY_WORDS = 9
# mentions inside an institution's name that belong to the name, not beside it: ``Сенат``
# of ``Правительствующий Сенат``, the town read in ``Посольский``, ``Третье`` of ``Третье
# отделение``
INSIDE_BODIES = frozenset({"ORGANIZATION", "NATIONALITY", "ORDINAL", *PLACE_LABELS})


@cache
def body_keys() -> frozenset[str]:
    """The lemma keys of ``HISTORICAL`` (``посольский приказ``)."""
    from letopis.extract.gazetteer import phrase_lemmas, read_rows

    return frozenset(phrase_lemmas(row[0]) for row in read_rows(HISTORICAL))


@cache
def body_starts() -> dict[str, int]:
    from letopis.extract.gazetteer import key_starts

    return key_starts(body_keys())


def historical_bodies(doc: Document) -> None:
    """An ORGANIZATION over each institution of Muscovy, the Empire or the revolution that
    ``historical_bodies.tsv`` names (``Посольский приказ``, ``Временное правительство``,
    ``Третье отделение Собственной Его Императорского Величества канцелярии``), its first
    word capitalized, where no longer mention covers it (the model's ``Сенат США`` keeps
    its own); mentions of organizations, places, peoples and ordinals inside it go (the
    ``Сенат`` of ``Правительствующий Сенат``, the town read in ``Земский собор``), also
    where the model read the whole name itself."""
    from letopis.extract.gazetteer import longest_matches, sentence_spans

    keys = body_keys()
    found = []
    for first, last in sentence_spans(doc):
        tokens = doc.tokens[first:last]
        lemmas = [t.lemma for t in tokens]
        for a, b in longest_matches(lemmas, keys, MAX_BODY_WORDS, body_starts()):
            if tokens[a].text[:1].isupper():
                found.append((tokens[a].start, tokens[b - 1].end))
    covered = [(m.start, m.end) for m in doc.mentions if m.label != "PERSON"]
    found = [(s, e) for s, e in found if not any(
        a <= s and e <= b and (a, b) != (s, e) for a, b in covered)]  # ``Сенат`` of ``Сенат США``
    if not found:
        return
    doc.mentions = [m for m in doc.mentions if not (m.label in INSIDE_BODIES and any(
        s <= m.start and m.end <= e and (m.start, m.end) != (s, e) for s, e in found))]
    for start, end in found:
        doc.add_mention(start, end, "ORGANIZATION")


# Institutions named after someone, the Soviet way (``колхоз им. Сталина``, ``завода имени
# Кирова``, ``библиотеки им. В. И. Ленина``): the word of the institution, ``им.`` or
# ``имени``, and the name (initials allowed), general knowledge
NAMED_NOUNS = frozenset({
    "колхоз", "совхоз", "артель", "коммуна", "сельхозартель", "завод", "фабрика",
    "комбинат", "шахта", "рудник", "трест", "школа", "училище", "институт", "университет",
    "академия", "библиотека", "театр", "музей", "больница", "клуб", "техникум", "лицей",
    "гимназия", "полк", "дивизия", "бригада", "корпус", "флотилия",
})
NAMED_AFTER = re.compile(r"[ \u00a0]+(?:им\.|имени)[ \u00a0]+((?:[А-ЯЁ]\.[ \u00a0]*){0,2}"
                         r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:[ \u00a0]+[А-ЯЁ][а-яё]+)?)")


def named_after(doc: Document) -> None:
    """An ORGANIZATION over an institution named after someone (``колхозе им. Сталина``,
    ``завод имени Кирова``), the name a PERSON inside it; the model's mentions over the
    name of another label (a town read in ``Кирова``) go, and an organization that stops
    inside the name gives way."""
    if "им" not in doc.text:
        return
    found = []
    for token in doc.tokens:
        if token.lemma not in NAMED_NOUNS or not token.text[:1].islower():
            continue
        match = NAMED_AFTER.match(doc.text, token.end)
        if match is not None:
            end = _name_end(doc, match.group(1), match.start(1))
            # the model's organization up to the noun begins the name (``Екатеринбургского
            # художественного училища`` + ``им. Шадра``)
            begin = min((m.start for m in doc.mentions if m.label == "ORGANIZATION"
                         and m.end == token.end and m.start <= token.start), default=token.start)
            found.append((begin, end, match.start(1), end))
    organizations = [(m.start, m.end) for m in doc.mentions
                     if m.label in ("ORGANIZATION", "FACILITY")]
    found = [f for f in found if not any(  # ``МГУ имени Ломоносова``: the model's own name
        s <= f[0] and f[1] <= e for s, e in organizations)]
    if not found:
        return
    doc.mentions = [m for m in doc.mentions if not any(
        (m.label != "PERSON" and a <= m.start and m.end <= b and (m.start, m.end) != (a, b))
        or (m.label == "ORGANIZATION" and m.start <= a < m.end < b)
        for _, _, a, b in found) and not (m.label == "ORGANIZATION" and any(
            s <= m.start < e < m.end or m.start < s < m.end < e for s, e, _, _ in found))]
    for start, end, name_start, name_end in found:
        doc.add_mention(start, end, "ORGANIZATION")
        doc.add_mention(name_start, name_end, "PERSON")


def _name_end(doc: Document, name: str, start: int) -> int:
    """Where a name after ``им.`` ends: its second word only after a first name and where
    no other mention starts there (``Максима Горького``; not ``Сталина`` + the district's
    ``Кировского района``)."""
    from letopis.morph import parse

    words = name.split()
    if len(words) < 2 or words[-2].endswith("."):
        return start + len(name)
    second = start + name.rindex(words[-1])
    first_end = start + name.index(words[-2]) + len(words[-2])
    if second in {m.start for m in doc.mentions} or not any(
            p.is_known and "Name" in p.tag for p in parse(words[-2])):
        return first_end
    return start + len(name)


# Institutions named by their city's or province's adjective (general knowledge)
INSTITUTIONS = frozenset({
    "университет", "академия", "гимназия", "прогимназия", "семинария", "лицей", "училище",
    "институт", "консерватория", "театр", "музей", "библиотека", "обсерватория",
})
# Bodies of the Empire's provinces and towns, named by the place's adjective and an
# adjective of their level or kind (``Вятская губернская земская управа``, ``Тамбовское
# губернское правление``, ``Орловская духовная консистория``): the noun alone is generic
BODIES = frozenset({
    "управа", "собрание", "правление", "дума", "консистория", "присутствие", "палата",
    "казначейство", "комиссия", "магистрат", "ратуша",
})
# Places of confinement and toil named by an adjective (``Акатуйская тюрьма``, ``Бутырская
# тюрьма``, ``Нерчинские рудники``): a FACILITY, the adjective a place's or not
CONFINEMENT = frozenset({"тюрьма", "острог", "централ", "рудник", "каторга", "тюремный замок"})


def _place_institutions(doc: Document) -> None:
    """Add an ORGANIZATION over a place's adjective (a place mention) and the noun of an
    institution right after it in its case, adjectives allowed between (``при
    С.-Петербургском университете``, ``Тверской духовной семинарии``), where no
    organization or facility covers the noun; the model reads most of them already
    (``Московском университете``), not where the place is abbreviated."""
    from letopis.morph import share_case

    nouns = [i for i, t in enumerate(doc.tokens) if t.lemma in INSTITUTIONS or (
        t.lemma in BODIES and i and doc.tokens[i - 1].pos == "ADJF")]
    if not nouns:
        return
    places = {m.end: m for m in doc.mentions if m.label in PLACE_LABELS}
    named = [m for m in doc.mentions if m.label in ("ORGANIZATION", "FACILITY")]
    tokens = doc.tokens
    for i in nouns:
        noun = tokens[i]
        covering = [m for m in named if m.start <= noun.start < m.end]
        for m in covering:  # ``С.-[Петербургском университете]``: from the place's start
            cut = next((p for p in places.values() if p.start < m.start < p.end), None)
            if cut is not None and m.label == "ORGANIZATION":
                doc.mentions.remove(m)
                doc.add_mention(cut.start, m.end, "ORGANIZATION")
        if covering:
            continue
        j = i - 1
        while j >= 0 and tokens[j].pos == "ADJF" and tokens[j].end not in places:
            j -= 1
        place = places.get(tokens[j].end) if j >= 0 else None
        if (place is not None and " " not in place.text and place.text[:1].isupper()
                and "plur" not in noun.tag and share_case(place.text, noun.text)
                and not _name_goes_on(tokens, i + 1)):
            doc.add_mention(place.start, noun.end, "ORGANIZATION")


def _places_of_confinement(doc: Document) -> None:
    """Add a FACILITY over a capitalized adjective (not opening a sentence) and a prison's
    or a mine's noun agreeing with it (``в Акатуйской тюрьме``, ``в Бутырской тюрьме``,
    ``в Нерчинские рудники``) where no organization or facility covers the noun; a place
    mention over the adjective alone goes (``Акатуйской`` read as a town)."""
    from letopis.extract.gazetteer import opens_sentence
    from letopis.morph import share_case

    tokens = doc.tokens
    for i, noun in enumerate(tokens):
        if noun.lemma not in CONFINEMENT or i == 0:
            continue
        adjective = tokens[i - 1]
        if (adjective.pos != "ADJF" or not adjective.text[:1].isupper()
                or opens_sentence(doc.text, tokens, i - 1)
                or not share_case(adjective.text, noun.text)):
            continue
        if any(m.label in ("ORGANIZATION", "FACILITY") and m.start <= noun.start < m.end
               for m in doc.mentions):
            continue
        doc.mentions = [m for m in doc.mentions if not (
            m.label in PLACE_LABELS and (m.start, m.end) == (adjective.start, adjective.end))]
        doc.add_mention(adjective.start, noun.end, "FACILITY")


def _name_goes_on(tokens: list[Token], i: int) -> bool:
    """Whether an institution's name goes on after its noun (``театра драмы``, ``Института
    иностранных языков``, ``им. Шукшина``, ``«Русская песня»``): then its end is not known
    here."""
    if i >= len(tokens):
        return False
    token = tokens[i]
    return (token.text in ("«", "им", "имени", '"') or token.text[:1].isupper()
            or (token.pos in ("NOUN", "ADJF") and "gent" in token.tag))


def _of_whom(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A revolutionary council or committee with the front or the republic it belongs to
    right after it, as one name (``Реввоенсовета Южфронта``, ``Реввоенсовет Республики``)."""
    spans = []
    for a, b in found:
        after = text[b:b + 12]
        if after.startswith(" Республики"):
            spans.append((a, b + len(" Республики")))
        spans += [(a, d) for c, d in found if c == b + 1 and text[b] == " "]
    return spans


def _camps(text: str) -> list[tuple[int, int]]:
    """The spans of the camps named in ``-лаг`` that the dictionary does not know."""
    from letopis.models import morph_analyzer

    known = morph_analyzer().word_is_known
    return [m.span() for m in CAMP.finditer(text)
            if m.group().startswith("ГУЛ") or not known(m.group().lower())]


def _with_region(text: str, end: int, regions: dict[int, int]) -> int:
    """The end of an organ's name with its region after ``по`` (``УНКВД по Тамбовской
    обл.``), else ``end``."""
    match = _BY_REGION.match(text, end)
    return regions.get(match.end(), end) if match else end


def _extrajudicial(doc: Document) -> None:
    """An ORGANIZATION over an extrajudicial body and the organization it sat at, right
    after ``при`` (``Особым совещанием при НКВД СССР``, ``Тройки при УНКВД по
    Ленинградской области``) or, for a troika, right after it (``тройкой УНКВД по
    Тамбовской обл.``), the organ's region after ``по`` included; the model's event over
    ``совещанием`` goes."""
    if " при " not in doc.text and "ройк" not in doc.text and "войк" not in doc.text:
        return
    organizations: dict[int, int] = {}
    for m in doc.mentions:
        if m.label == "ORGANIZATION":
            organizations[m.start] = max(organizations.get(m.start, 0), m.end)
    regions = {m.start: m.end for m in doc.mentions if m.label in PLACE_LABELS}
    found = [(m.start(), m.end(), _with_region(doc.text, organizations[m.end()], regions))
             for m in EXTRAJUDICIAL.finditer(doc.text) if m.end() in organizations]
    if not found:
        return
    # what the model read over the body's own words (``совещанием`` as an event) goes
    doc.mentions = [m for m in doc.mentions if not (
        m.label in ("EVENT", "ORGANIZATION") and any(
            start <= m.start < after and m.end <= end for start, after, end in found))]
    for start, _, end in found:
        doc.add_mention(start, end, "ORGANIZATION")
