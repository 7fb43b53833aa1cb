"""Cue-verb lexicon and the token-level helpers shared by quotes, claims and salience.

The lexicons are general Russian vocabulary (lemmas, ``ё`` written as ``е``): verbs of
speaking and asserting, nouns that name documents and works, attribution phrases.
``TokenView`` indexes a document once (sentence of each token, the quoted span around
each token, the PERSON/ORGANIZATION mention over each token) and ``find_subject`` finds
the nominative subject of a verb in its clause.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from letopis.doc import Document, Mention, Token
from letopis.extract.quotemarks import QuotedSpan, quoted_spans
from letopis.morph import parse


@lru_cache(maxsize=100_000)
def norm(word: str) -> str:
    """Lowercase with ``ё`` folded to ``е`` (lexicon keys are written this way; cached)."""
    return word.lower().replace("ё", "е")


def _words(text: str) -> frozenset[str]:
    return frozenset(norm(w) for w in text.split())


# Verbs that introduce someone's words (direct or indirect speech, writing, calls).
SPEECH_VERBS = _words("""
    сказать говорить заявить заявлять писать написать утверждать считать полагать думать
    призывать призвать отмечать отметить подчеркнуть подчеркивать добавить добавлять признать
    признавать вспоминать вспомнить объявить объявлять сообщить сообщать ответить отвечать
    спросить спрашивать воскликнуть восклицать произнести произносить провозгласить
    провозглашать заметить замечать указать указывать пояснить пояснять объяснить объяснять
    рассказать рассказывать повторить повторять настаивать настоять возразить возражать
    предупредить предупреждать пообещать обещать потребовать требовать уверять заверить
    заверять констатировать признаться признаваться сформулировать формулировать
    выразиться выражаться доложить докладывать высказаться высказываться
    подытожить резюмировать убеждать убедить доказывать доказать подтвердить подтверждать
    опровергать опровергнуть отрицать предложить предлагать жаловаться пожаловаться
    сетовать твердить записать записывать продиктовать диктовать телеграфировать
    гласить говориться утверждаться сообщаться указываться отмечаться подчеркиваться
    писаться заявляться излагать изложить уточнить уточнять парировать шутить пошутить
    обратиться обращаться крикнуть кричать прошептать шептать вздохнуть
    напомнить напоминать поделиться делиться усмехнуться возмутиться возмущаться
    приказать приказывать прокомментировать комментировать доносить донести
    закричать вскричать прокричать проговорить промолвить молвить вымолвить пробормотать
    бормотать прибавить продолжать подхватить перебить отозваться заключить сказывать
""")

# Verbs whose that-clause is a claim (an assertion or a belief held by someone).
CLAIM_VERBS = _words("""
    обвинять обвинить упрекать упрекнуть уличать уличить требовать потребовать обещать
    пообещать
    сказать говорить заявить заявлять писать написать утверждать считать полагать думать
    отмечать отметить подчеркнуть подчеркивать признать признавать вспоминать объявить
    объявлять сообщить сообщать указать указывать пояснить пояснять объяснить объяснять
    рассказать рассказывать настаивать уверять заверить заверять констатировать доказывать
    доказать подтвердить подтверждать отрицать предполагать предположить полагать
    добавить добавлять возразить возражать намекать намекнуть предупредить предупреждать
    говориться утверждаться сообщаться указываться отмечаться подчеркиваться писаться
    заявляться гласить уточнить уточнять
    напомнить напоминать жаловаться пожаловаться признаться признаваться доносить донести
    доложить докладывать ожидать заметить замечать
""")

# Short adjectives of belief: ``X уверен / убеждён, что …`` (the holder is X).
BELIEF_ADJECTIVES = _words("уверенный убежденный")
BELIEF_PARTICIPLES = _words("уверить убедить")

# Impersonal and passive forms: the holder is a document ("в нём утверждалось").
IMPERSONAL_VERBS = _words("""
    говориться утверждаться сообщаться указываться отмечаться подчеркиваться писаться
    заявляться гласить
""")

# "по словам X", "по мнению X": X holds the content.
HOLDER_NOUNS = _words("""
    слово мнение утверждение выражение признание свидетельство версия оценка убеждение
    заявление замечание воспоминание подсчет
""")

# "по данным Y", "согласно Y": Y is the source the content comes from.
SOURCE_NOUNS = _words("данные сведение информация сообщение")
SOURCE_PREPS = _words("согласно")
CITING = _words("ссылаться ссылка цитировать процитировать")

# Nouns that name a titled thing; the value is the NEREL label of the title mention.
TITLE_NOUNS: dict[str, str] = {
    **{w: "LAW" for w in _words("""
        постановление закон указ декрет кодекс резолюция конституция декларация договор
        пакт конвенция приказ распоряжение директива устав хартия законопроект
    """)},
    **{w: "WORK_OF_ART" for w in _words("""
        книга роман повесть рассказ статья очерк эссе доклад речь выступление лекция поэма
        стихотворение песня фильм кинофильм спектакль пьеса опера балет симфония сериал
        мультфильм альбом сборник монография трактат брошюра памфлет мемуары сочинение
        произведение картина передача телепередача программа шоу сказка баллада оратория
        учебник трилогия повествование поэмка рукопись тезисы фельетон репортаж
    """)},
    **{w: "ORGANIZATION" for w in _words("""
        газета журнал еженедельник ежемесячник альманах издательство телеканал
        радиостанция агентство информагентство телекомпания радио
    """)},
}

# Of ``NAME_NOUNS``, vessels and machines: NEREL marks the name in quotes after one a
# PRODUCT (``корабль «…»`` 6 of 7, ``теплоход`` 4 of 4, ``самолёт`` 4 of 4)
PRODUCT_NOUNS = _words("""
    корабль пароход крейсер линкор ледокол теплоход броненосец фрегат корвет эсминец
    миноносец канонерка шхуна яхта подлодка самолёт самолет дирижабль автомобиль
    бронепоезд бронеавтомобиль броневик паровоз танк клипер бриг
    барк галера транспорт
""")

# Other nouns whose quoted complement is a proper name (kind "title", no mention added).
NAME_NOUNS = _words("""
    компания фирма завод фабрика колхоз совхоз общество партия движение объединение
    организация союз клуб команда группа театр кинотеатр музей гостиница ресторан корабль
    крейсер пароход линкор ледокол теплоход самолет танк операция план проект премия орден
    медаль конкурс фестиваль выставка станция лагерь комбинат трест концерн банк холдинг
    марка сорт кафе магазин центр фонд ансамбль хор оркестр кружок общество товарищество
    артель предприятие институт лаборатория бюро фракция блок платформа объединение дом
    отель метро аэропорт вокзал больница клиника санаторий
""") | PRODUCT_NOUNS  # and every vessel and machine


# Of ``NAME_NOUNS``, the organizations: NEREL train marks the name in quotes after one an
# ORGANIZATION (``компания «…»`` 11 of 11, ``партия`` 29 of 29, ``группа`` 22 of 22,
# ``завод`` 3 of 3; not ``театр``, 3 of 5, nor the buildings and ships)
ORGANIZATION_NOUNS = _words("""
    компания фирма завод фабрика колхоз совхоз общество партия движение объединение
    организация союз клуб группа комбинат трест концерн банк холдинг фонд товарищество
    артель предприятие фракция кооператив синдикат картель корпорация
""")

# Of ``NAME_NOUNS``, buildings: NEREL train marks the name in quotes after one a FACILITY
# (``метро «…»`` 10 of 10, ``стадион`` 6 of 7, ``отель`` 3 of 3, ``больница``, ``клиника``)
FACILITY_NOUNS = _words("""
    гостиница отель кинотеатр стадион метро аэропорт вокзал больница клиника санаторий
""")

# Nouns that present the quoted words as someone's words.
SPEECH_NOUNS = _words("""
    лозунг девиз призыв фраза высказывание формулировка цитата реплика клятва возглас
    крик тост афоризм изречение
""")

# Words that hold the quoted phrase at a distance (scare quotes, names of notions).
TERM_MARKERS = _words("""
    якобы пресловутый называемый термин понятие слово ярлык клеймо эпитет кличка прозвище
    именуемый так-называемый
""")
NAMING_VERBS = _words("называть назвать именовать окрестить прозвать величать обозвать")

# "под названием «…»", "с заглавием «…»", "озаглавленный «…»".
TITLE_LINKS = _words("название заглавие заголовок озаглавить озаглавленный")

SUBORDINATORS = _words("""
    что чтобы который где когда если хотя поскольку потому ибо пока чем куда откуда
    зачем почему будто словно как-будто
""")
CLAUSE_STOPS = frozenset(";:—–")
PERSONAL = {"он": ("masc", "sing"), "она": ("femn", "sing"), "они": (None, "plur")}
FIRST_SECOND = frozenset({"я", "мы", "ты", "вы"})
NAME_GRAMMEMES = ("Surn", "Name", "Patr")
GENDERS = ("masc", "femn")
VERB_VOTE = 3.0  # an agreeing past-tense verb outweighs the dictionary's guess for a name


@dataclass(frozen=True, slots=True)
class Subject:
    """A verb's subject: a mention, or a personal pronoun at ``token``; for an unnamed
    subject (``эксперты``, ``один из рабочих``) ``phrase`` bounds the noun phrase (tokens)."""

    token: int
    mention: Mention | None = None
    phrase: tuple[int, int] | None = None


class TokenView:
    """One document, indexed for clause-level lookups (built once per stage)."""

    def __init__(self, doc: Document, spans: list[QuotedSpan] | None = None) -> None:
        self.doc = doc
        self.tokens: list[Token] = doc.tokens
        self.starts = [t.start for t in doc.tokens]
        self.spans = _quoted_spans(doc.text) if spans is None else spans
        self.sent_range = self._sentence_ranges()
        self.sent = self._sentence_index()
        self.container = self._containers()
        self.span_index = {(sp.open_start, sp.start): k for k, sp in enumerate(self.spans)}
        self.paren = self._parentheses()
        self.mention_at: dict[int, Mention] = {}
        self.mention_range: dict[str, tuple[int, int]] = {}
        self._index_mentions()
        self._gender: dict[str, str | None] = {}
        self._by_entity: dict[str, list[Mention]] | None = None

    # -- indexes -----------------------------------------------------------
    def _sentence_cuts(self) -> list[int]:
        """Token index where each sentence's tokens end (the last one takes all the rest).

        A token belongs to the first sentence that does not end at or before its start.
        """
        if not self.doc.sentences:
            return []
        ends = [s.end for s in self.doc.sentences[:-1]]
        return [bisect_left(self.starts, end) for end in ends] + [len(self.tokens)]

    def _sentence_ranges(self) -> list[tuple[int, int]]:
        """Token indices ``[lo, hi)`` of each sentence; ``(0, 0)`` for one without tokens."""
        ranges, lo = [], 0
        for hi in self._sentence_cuts():
            ranges.append((lo, hi) if hi > lo else (0, 0))
            lo = max(lo, hi)
        return ranges

    def _sentence_index(self) -> list[int]:
        """The sentence of each token."""
        out: list[int] = []
        for k, (lo, hi) in enumerate(self.sent_range):
            out.extend([k] * (hi - lo))
        return out

    def _containers(self) -> list[int]:
        """Index (into ``spans``) of the innermost quoted content around each token, or -1.

        Spans are laid over their tokens outer first (by start, longer first), so each
        token keeps the last span that covers its start.
        """
        order = sorted(range(len(self.spans)), key=lambda k: (self.spans[k].start,
                                                               -self.spans[k].end))
        out = [-1] * len(self.tokens)
        for k in order:
            lo, hi = self.token_range(self.spans[k].start, self.spans[k].end)
            out[lo:hi] = [k] * (hi - lo)
        return out

    def _parentheses(self) -> list[bool]:
        """Is each token inside round brackets opened in its own sentence?"""
        out = [False] * len(self.tokens)
        for lo, hi in self.sent_range:
            texts = [t.text for t in self.tokens[lo:hi]]
            if "(" in texts:
                out[lo:hi] = _bracketed(texts)
        return out

    def _index_mentions(self) -> None:
        for m in sorted(self.doc.mentions, key=lambda m: m.end - m.start):
            if m.label not in ("PERSON", "ORGANIZATION"):
                continue
            lo, hi = self.token_range(m.start, m.end)
            if lo >= hi:
                continue
            self.mention_range[m.id] = (lo, hi)
            for i in range(lo, hi):
                self.mention_at[i] = m  # longer mentions win (sorted by length)

    # -- lookups -----------------------------------------------------------
    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices ``[lo, hi)`` of the tokens inside ``[start, end)``."""
        return bisect_left(self.starts, start), bisect_left(self.starts, end)

    def token_index(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def low(self, i: int) -> str:
        return norm(self.tokens[i].text)

    def lemma(self, i: int) -> str:
        return norm(self.tokens[i].lemma or self.tokens[i].text)

    def quoted(self, i: int) -> bool:
        return self.container[i] != -1

    def head(self, m: Mention) -> int:
        """The token that carries a mention's case: surname of a person, first noun of an org."""
        lo, hi = self.mention_range[m.id]
        if m.label == "PERSON":
            for i in range(hi - 1, lo - 1, -1):
                if _wordlike(self.tokens, i):
                    return i
            return hi - 1
        for i in range(lo, hi):
            if self.tokens[i].pos == "NOUN":
                return i
        return lo

    # -- morphology ----------------------------------------------------------
    def gender(self, entity: str | None, mention: Mention | None = None) -> str | None:
        """'masc' / 'femn' of a person entity (name-token parses and past-verb agreement)."""
        if entity is None:
            return _name_gender(self, [mention]) if mention is not None else None
        if entity not in self._gender:
            mentions = self._entity_mentions().get(entity, [])
            self._gender[entity] = _name_gender(self, mentions)
        return self._gender[entity]

    def _entity_mentions(self) -> dict[str, list[Mention]]:
        """The indexed mentions of each entity, in document order (built on first use)."""
        if self._by_entity is None:
            self._by_entity = {}
            for m in self.doc.mentions:
                if m.entity is not None and m.id in self.mention_range:
                    self._by_entity.setdefault(m.entity, []).append(m)
        return self._by_entity

    def nominative(self, m: Mention) -> bool:
        """Can the mention be in the nominative here (head parses, gender, no preposition)?

        A head that pymorphy does not know as a name (a foreign or rare surname parsed as
        some common noun), an indeclinable one, or one that only reads as a nominative
        passes whatever its gender.
        """
        lo, _ = self.mention_range[m.id]
        if lo > 0 and self.tokens[lo - 1].pos == "PREP":
            return False
        head = self.tokens[self.head(m)]
        if m.label != "PERSON":
            dependent = lo > 0 and self.tokens[lo - 1].pos == "NOUN"  # "полиции РА"
            return not dependent and ("nomn" in head.tag or head.pos is None)
        parses = parse(head.text)
        if not any(g in p.tag for p in parses for g in NAME_GRAMMEMES):
            return True
        if all("nomn" in p.tag for p in parses) or any("Fixd" in p.tag for p in parses):
            return True
        gender = self.gender(m.entity, m)
        return any("nomn" in p.tag and (_gender_fits(p.tag, gender) or not _is_name(p.tag))
                   for p in parses)


def _bracketed(texts: list[str]) -> list[bool]:
    """Is each token of one sentence inside round brackets opened before it?"""
    out, depth = [], 0
    for text in texts:
        if text == ")":
            depth = max(0, depth - 1)
        out.append(depth > 0)
        if text == "(":
            depth += 1
    return out


@lru_cache(maxsize=8)
def _spans_of(text: str) -> tuple[QuotedSpan, ...]:
    """``quoted_spans`` of a text, kept for the stages that read the same document."""
    return tuple(quoted_spans(text))


def _quoted_spans(text: str) -> list[QuotedSpan]:
    return list(_spans_of(text))


def _is_name(tag: Any) -> bool:
    return any(g in tag for g in NAME_GRAMMEMES)


def _gender_fits(tag: Any, gender: str | None) -> bool:
    """Does a pymorphy tag allow this gender (common-gender and genderless tags do)?"""
    own = getattr(tag, "gender", None)
    return gender is None or own is None or "ms-f" in tag or str(own) == gender


def _wordlike(tokens: list[Token], i: int) -> bool:
    """A word of two letters or more that is not an initial (not followed by a dot)."""
    text = tokens[i].text
    initial = i + 1 < len(tokens) and tokens[i + 1].text == "." and len(text) <= 2
    return text.isalpha() and len(text) > 1 and not initial


def _name_gender(view: TokenView, mentions: Sequence[Mention | None]) -> str | None:
    votes = {"masc": 0.0, "femn": 0.0}
    for m in mentions:
        if m is None or m.label != "PERSON" or m.id not in view.mention_range:
            continue
        lo, hi = view.mention_range[m.id]
        for i in range(lo, hi):
            for name_gender, score in _name_votes(view.tokens[i].text):
                votes[name_gender] += score
        for verb in (lo - 1, hi):
            gender = _agreeing_past_verb(view, verb, view.tokens[hi - 1].text)
            if gender in votes:
                votes[gender] += VERB_VOTE
    if votes["masc"] == votes["femn"]:
        return None
    return "masc" if votes["masc"] > votes["femn"] else "femn"


@lru_cache(maxsize=50_000)
def _name_votes(word: str) -> tuple[tuple[str, float], ...]:
    """(gender, score) of each masculine or feminine name parse of ``word``, in order."""
    return tuple((str(p.tag.gender), p.score) for p in parse(word)
                 if any(g in p.tag for g in NAME_GRAMMEMES) and p.tag.gender in GENDERS)


def _agreeing_past_verb(view: TokenView, i: int, name: str) -> str | None:
    """Gender of a past-tense verb at i that the name can be the subject of.

    ``сказала Орлова`` / ``Орлова сказала``: the verb is feminine and ``Орлова`` has a
    feminine nominative reading, so the person is a woman. A name that only reads as a
    nominative, is indeclinable, or is unknown as a name takes the verb's gender.
    """
    if not 0 <= i < len(view.tokens):
        return None
    tag = view.tokens[i].tag
    if view.tokens[i].pos != "VERB" or "past" not in tag or "sing" not in tag:
        return None
    gender = "masc" if "masc" in tag else "femn" if "femn" in tag else None
    if gender is None:
        return None
    parses = parse(name)
    if any("nomn" in p.tag and str(p.tag.gender) == gender for p in parses):
        return gender
    known = any(g in p.tag for p in parses for g in NAME_GRAMMEMES)
    fixed = all("nomn" in p.tag for p in parses) or any("Fixd" in p.tag for p in parses)
    return gender if fixed or not known else None


# -- verbs and agreement -----------------------------------------------------

def is_speech_verb(view: TokenView, i: int) -> bool:
    """A verb form (finite, infinitive, gerund, participle) of a speech verb."""
    return view.tokens[i].pos in VERBAL and view.lemma(i) in SPEECH_VERBS


def is_claim_verb(view: TokenView, i: int) -> bool:
    """A verb form of a claim verb, or a short adjective of belief (``уверен, что``)."""
    return is_belief(view, i) or (view.tokens[i].pos in VERBAL and view.lemma(i) in CLAIM_VERBS)


def is_belief(view: TokenView, i: int) -> bool:
    """``уверен`` / ``уверена`` / ``убеждены``: a short adjective (or the short participle
    the tagger may read instead) that holds a belief; its subject is the holder."""
    pos = view.tokens[i].pos
    return (pos == "ADJS" and view.lemma(i) in BELIEF_ADJECTIVES) or (
        pos == "PRTS" and view.lemma(i) in BELIEF_PARTICIPLES)


VERBAL = frozenset({"VERB", "INFN", "GRND", "PRTS", "PRTF"})
FINITE = frozenset({"VERB", "GRND", "PRTS"})


def verb_features(tag: str) -> tuple[str | None, str | None]:
    """(gender, number) a subject must match for this verb form; (None, None) if any."""
    if not tag.startswith("VERB"):
        return None, None
    if "1per" in tag or "2per" in tag:
        return "first", None
    number = "plur" if "plur" in tag else "sing" if "sing" in tag else None
    if "past" in tag and number == "sing":
        for g in ("masc", "femn", "neut"):
            if g in tag:
                return g, number
    return None, number


def agrees(view: TokenView, verb: int, gender: str | None, number: str | None) -> bool:
    """Does a subject of this gender and number agree with the verb form?"""
    vg, vn = verb_features(view.tokens[verb].tag)
    if vg == "first":
        return False
    if vn is not None and number is not None and vn != number:
        return False
    return not (vg is not None and gender is not None and vg != gender)


def _mention_features(view: TokenView, m: Mention) -> tuple[str | None, str | None]:
    if m.label == "PERSON":
        return view.gender(m.entity, m), "sing"
    tag = view.tokens[view.head(m)].tag
    gender = next((g for g in ("masc", "femn", "neut") if g in tag), None)
    return gender, "plur" if "plur" in tag else "sing"


# -- subjects --------------------------------------------------------------

def find_subject(view: TokenView, verb: int, lo: int, hi: int) -> Subject | None:
    """The nominative subject of ``verb`` within tokens ``[lo, hi)``: left first, then right.

    A nominative common noun that agrees (``преемник заявил``, ``сообщила пресс-служба``)
    or a first/second-person pronoun blocks the search: the subject is then no entity
    and None is returned.
    """
    found, blocked = _left_subject(view, verb, lo)
    if found is not None or blocked:
        return found
    return _right_subject(view, verb, hi)


def _candidate(view: TokenView, verb: int, j: int) -> tuple[Subject | None, bool]:
    """(subject at token j, blocked) for one token."""
    m = view.mention_at.get(j)
    if m is not None:
        if view.nominative(m) and agrees(view, verb, *_mention_features(view, m)):
            return Subject(view.head(m), m), False
        return None, False
    low = view.low(j)
    if low in PERSONAL and view.tokens[j].pos == "NPRO":
        return (Subject(j), False) if agrees(view, verb, *PERSONAL[low]) else (None, False)
    if low in FIRST_SECOND:
        return None, True
    tok = view.tokens[j]
    tag = _after_adjective(view, j) or tok.tag
    if _nominative_noun(tok, tag):
        gender = next((g for g in ("masc", "femn", "neut") if g in tag), None)
        number = "plur" if "plur" in tag else "sing"
        before = view.tokens[j - 1].pos if j > 0 else None
        if agrees(view, verb, gender, number) and before != "PREP":
            return None, True
    return None, False


def _after_adjective(view: TokenView, j: int) -> str | None:
    """``Старый солдат``: the nominative reading of a noun the tagger read in another case,
    when a nominative adjective of the same gender and number stands right before it."""
    tok = view.tokens[j]
    if tok.pos != "NOUN" or "nomn" in tok.tag or j == 0:
        return None
    adj = view.tokens[j - 1]
    if adj.pos not in ("ADJF", "PRTF") or "nomn" not in adj.tag:
        return None
    number = "plur" if "plur" in adj.tag else "sing"
    gender = next((g for g in GENDERS + ("neut",) if g in adj.tag), None)
    for p in parse(tok.text):
        tag = str(p.tag)
        if not (tag.startswith("NOUN") and "nomn" in tag and number in tag):
            continue
        if number == "plur" or gender is None or gender in tag or "ms-f" in tag:
            return tag
    return None


def _nominative_noun(tok: Token, tag: str | None = None) -> bool:
    """A common noun in the nominative: animate, or with no accusative homonym."""
    tag = tok.tag if tag is None else tag
    if tok.pos != "NOUN" or "nomn" not in tag or "Abbr" in tag:
        return False
    if "anim" in tag:
        return True
    return not any("accs" in p.tag for p in parse(tok.text))


def _left_subject(view: TokenView, verb: int, lo: int) -> tuple[Subject | None, bool]:
    box = view.container[verb]
    j = verb - 1
    while j >= lo:
        if view.container[j] != box:
            j -= 1
            continue
        text = view.tokens[j].text
        if text in CLAUSE_STOPS:
            return None, False
        if view.lemma(j) in SUBORDINATORS and j > lo and view.tokens[j - 1].text == ",":
            if view.lemma(j) == "который" and "nomn" in view.tokens[j].tag:
                return _relative_antecedent(view, verb, j - 2)
            return None, False
        found, blocked = _candidate(view, verb, j)
        if blocked and view.mention_at.get(j) is None:
            appositive = _apposition_head(view, verb, j, lo) or _titled(view, j, verb)
            if appositive is not None:
                return appositive, False
        if found is not None:
            boundary = _other_subclause(view, found.token, verb)
            if boundary is None:
                return found, False
            j = boundary - 1  # skip the whole subordinate clause and look further left
            continue
        if blocked:
            return unnamed(view, j), True
        if view.lemma(j) == "один" and j + 2 < verb and view.low(j + 1) == "из":
            return Subject(j, None, (j, noun_phrase_end(view, j + 2, verb))), True
        m = view.mention_at.get(j)
        j = view.mention_range[m.id][0] - 1 if m is not None else j - 1
    return None, False


def _titled(view: TokenView, j: int, verb: int) -> Subject | None:
    """``Газета «Новое время» писала``: a title noun subject stands for the titled name
    right after it (the mention inside the quotes)."""
    if view.lemma(j) not in TITLE_NOUNS:
        return None
    for k in range(j + 1, min(j + 3, verb)):
        m = view.mention_at.get(k)
        if m is not None and m.entity is not None:
            return Subject(view.head(m), m)
    return None


def _relative_antecedent(view: TokenView, verb: int, j: int) -> tuple[Subject | None, bool]:
    """``X, который заявил``: the subject is the mention just before the comma."""
    m = view.mention_at.get(j) if j >= 0 else None
    if m is not None and agrees(view, verb, *_mention_features(view, m)):
        return Subject(view.head(m), m), False
    return None, False


def _apposition_head(view: TokenView, verb: int, j: int, lo: int) -> Subject | None:
    """``X, бывший министр, заявил``: skip a comma-enclosed apposition after a name."""
    k = j
    while k > lo and j - k < 8 and view.tokens[k].text != ",":
        k -= 1
    if k <= lo or view.tokens[k].text != ",":
        return None
    m = view.mention_at.get(k - 1)
    if m is not None and view.nominative(m) and agrees(view, verb, *_mention_features(view, m)):
        return Subject(view.head(m), m)
    return None


def _other_subclause(view: TokenView, j: int, verb: int) -> int | None:
    """Where the subordinate clause holding token j begins, if it ends before the verb.

    ``Когда Сталин умер, об этом сообщил …``, ``X напомнил, что Y …, и добавил``: Y is
    not the subject of the later verb. Returns the index of the boundary before the
    clause (or of its subordinator at the sentence start), else None.
    """
    if not any(view.tokens[k].text == "," for k in range(j + 1, verb)):
        return None
    k = j - 1
    lo = view.sent_range[view.sent[j]][0]
    while k >= lo and view.tokens[k].text not in {",", ";", ":", "(", "—"}:
        k -= 1
    first = k + 1
    while first < j and not view.tokens[first].text.isalpha():
        first += 1
    return max(k, lo) if view.lemma(first) in SUBORDINATORS else None


def _right_subject(view: TokenView, verb: int, hi: int) -> Subject | None:
    box = view.container[verb]
    j, seen = verb + 1, 0
    while j < hi and seen < 14:
        if view.container[j] != box:
            found = _quoted_name(view, verb, j)
            if found is not None:  # ``как сообщает «Северная пчела»``: a paper in quotes
                return found
            j += 1
            continue
        seen += 1
        tok = view.tokens[j]
        if tok.text in ".!?;:—–" or view.lemma(j) in SUBORDINATORS:
            return None
        if tok.pos == "VERB" and j > verb + 1:
            return None
        found, blocked = _candidate(view, verb, j)
        if found is not None:
            return found
        if blocked and not _title_before_name(view, j):
            return unnamed(view, j, hi)
        if view.lemma(j) == "один" and j + 2 < hi and view.low(j + 1) == "из":
            return Subject(j, None, (j, noun_phrase_end(view, j + 2, hi)))
        m = view.mention_at.get(j)
        j = view.mention_range[m.id][1] if m is not None else j + 1
    return None


# the names in quotes that may say something: newspapers, agencies, parties, works
QUOTED_SPEAKERS = frozenset({"ORGANIZATION", "WORK_OF_ART", "PRODUCT"})


def _quoted_name(view: TokenView, verb: int, j: int) -> Subject | None:
    """The subject at token ``j`` when an organization or a work's name fills a quote
    there, right after its opening mark, and agrees with the verb."""
    m = view.mention_at.get(j)
    if m is None or m.label not in QUOTED_SPEAKERS or j == 0:
        return None
    if view.tokens[j - 1].text not in "«„“\"" or view.container[j - 1] != view.container[verb]:
        return None
    found, _ = _candidate(view, verb, j)
    return found


def _title_before_name(view: TokenView, j: int) -> bool:
    """``заявил министр Иванов``, ``директор завода Иван Антонов``: a title noun before a
    person's name that can be nominative (across up to three genitive words) does not
    block; before the dative of the one spoken to it is the subject itself."""
    for k in range(j + 1, min(j + 5, len(view.tokens))):
        nxt = view.mention_at.get(k)
        if nxt is not None and nxt.label == "PERSON":
            # in the title's case; not the one spoken to (``сказал адъютант Кутузову``)
            return view.nominative(nxt)
        if not (nxt is not None or _genitive_word(view.tokens[k])):
            return False
    return False


def _genitive_word(tok: Token) -> bool:
    """A noun or adjective that can be genitive (``области`` read as locative counts)."""
    if tok.pos not in ("NOUN", "ADJF"):
        return False
    return "gent" in tok.tag or any("gent" in p.tag for p in parse(tok.text))


PHRASE_MODIFIERS = frozenset({"ADJF", "PRTF", "NUMR"})


def unnamed(view: TokenView, j: int, hi: int | None = None) -> Subject | None:
    """The noun phrase around a common-noun subject at j (``местные жители``,
    ``представитель министерства``); None for ``я``/``мы``/``ты``/``вы``."""
    if view.tokens[j].pos != "NOUN":
        return None
    lo = view.sent_range[view.sent[j]][0]
    start = j
    while start > lo and view.tokens[start - 1].pos in PHRASE_MODIFIERS and view.quoted(
            start - 1) == view.quoted(j):
        start -= 1
    stop = len(view.tokens) if hi is None else hi
    return Subject(j, None, (start, noun_phrase_end(view, j, stop)))


def noun_phrase_end(view: TokenView, j: int, stop: int) -> int:
    """One past a noun at j and its genitive complements (``жители деревни``), before stop."""
    end = j + 1
    while end < stop and end - j <= 3:
        tok = view.tokens[end]
        if tok.pos in ("NOUN", "ADJF") and "gent" in tok.tag and "nomn" not in tok.tag:
            end += 1
        else:
            break
    return end
