"""Third-person pronoun resolution by salience, in the style of Lappin & Leass (1994).

Sentences are read in order. Each PERSON entity carries a salience score: a mention in
the current sentence contributes the sum of its factor weights (recency, subject,
object, head-noun, non-parenthesized, not in a coordinated list); within one sentence an
entity keeps its best contribution; at each sentence boundary all scores are halved. A
pronoun (он/она/они in any case, possessive его/её/их) is resolved to the highest scoring
entity that agrees with it in gender and number, looking only at what came before it,
and the resolved pronoun then adds salience to that entity as a mention would.

Words inside quoted spans belong to another voice: their names and pronouns are neither
counted nor resolved, and a sentence that starts inside a quotation does not halve.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import fields
from functools import lru_cache
from operator import attrgetter
from typing import Any

from letopis.doc import Document, Mention, Sentence, Token
from letopis.extract.cues import TokenView, norm
from letopis.morph import parse

RECENCY = 100
SUBJECT = 80
OBJECT = 50
INDIRECT = 40
HEAD = 80
NON_ADVERBIAL = 50
PARENTHESIZED = -70
LISTED = -40
MIN_SCORE = 25.0

PRONOUNS = {"он": ("masc", "sing"), "она": ("femn", "sing"), "они": (None, "plur")}
POSSESSIVE = {"его": ("masc", "sing"), "ее": ("femn", "sing"), "её": ("femn", "sing"),
              "их": (None, "plur")}
LIST_JOINERS = frozenset({",", "и", "или", "а"})
COMPARATIVE = frozenset({"как", "чем"})
NOMINAL = frozenset({"NOUN", "ADJF", "PRTF", "NUMR", "NPRO"})
PRONOUN_POS = frozenset({"NPRO", "ADJF"})  # parts of speech a pronoun token can have


def resolve_pronoun(doc: Document, token_index: int) -> str | None:
    """The entity id the pronoun at ``doc.tokens[token_index]`` refers to, or None."""
    return resolve_pronouns(doc).get(token_index)


def _getter(cls: type) -> Any:
    """A function giving the tuple of all of ``cls``'s dataclass fields."""
    return attrgetter(*(f.name for f in fields(cls)))


TOKEN_FIELDS, SENTENCE_FIELDS, MENTION_FIELDS = map(_getter, (Token, Sentence, Mention))
_shared: list[Any] = []  # at most one (snapshot, view, pronouns)


def shared_view(doc: Document, keep: bool = True) -> tuple[TokenView, dict[int, str]]:
    """The document's TokenView and resolved pronouns, built once for consecutive stages.

    Quotes and claims both read them: quotes keeps the pair (``keep``), claims takes it
    when it asks about the same document object and nothing the view reads (text, tokens,
    sentences, mentions) has changed since, and forgets it (``keep=False``), so that no
    document outlives its run. Callers must not modify what they get.
    """
    snapshot = _snapshot(doc)
    if _shared and _shared[1].doc is doc and _shared[0] == snapshot:
        view, pronouns = _shared[1], _shared[2]
    else:
        view = TokenView(doc)
        pronouns = resolve_pronouns(doc, view)
    _shared[:] = [snapshot, view, pronouns] if keep else []
    return view, pronouns


def _snapshot(doc: Document) -> tuple[Any, ...]:
    """Every value the TokenView and pronoun resolution read from ``doc``."""
    return (doc.text, list(map(TOKEN_FIELDS, doc.tokens)),
            list(map(SENTENCE_FIELDS, doc.sentences)), list(map(MENTION_FIELDS, doc.mentions)))


def resolve_pronouns(doc: Document, view: TokenView | None = None) -> dict[int, str]:
    """Every resolvable third-person pronoun: token index -> PERSON entity id."""
    view = view or TokenView(doc)
    carried: dict[str, float] = {}
    current: dict[str, float] = {}
    last_seen: dict[str, int] = {}
    resolved: dict[int, str] = {}
    candidates = _candidates(view)
    for s, (lo, hi) in enumerate(view.sent_range):
        if s and not _starts_quoted(view, lo, hi):
            carried = {e: (carried.get(e, 0.0) + current.get(e, 0.0)) / 2
                       for e in set(carried) | set(current)}
            current = {}
        for i in candidates[bisect_left(candidates, lo):bisect_left(candidates, hi)]:
            if view.quoted(i):
                continue
            entity, weight = _referent(view, i, carried, current, resolved, last_seen)
            if entity is not None:
                current[entity] = max(current.get(entity, 0.0), weight)
                last_seen[entity] = i
    return resolved


def _candidates(view: TokenView) -> list[int]:
    """Tokens that may be a referent: under a mention or with a pronoun's part of speech.

    The others never name anyone, so ``_referent`` would pass over them.
    """
    pronoun_like = [i for i, t in enumerate(view.tokens) if t.pos in PRONOUN_POS]
    return sorted(set(pronoun_like) | set(view.mention_at))


def _starts_quoted(view: TokenView, lo: int, hi: int) -> bool:
    return lo < hi and view.quoted(lo)


def _referent(
    view: TokenView, i: int, carried: dict[str, float], current: dict[str, float],
    resolved: dict[int, str], last_seen: dict[str, int],
) -> tuple[str | None, float]:
    """(entity, weight) when token i heads a PERSON mention or is a resolvable pronoun."""
    m = view.mention_at.get(i)
    if m is not None:
        if m.label != "PERSON" or m.entity is None or view.head(m) != i:
            return None, 0.0
        return m.entity, _weight(view, i, view.mention_range[m.id], view.tokens[i].tag)
    features = pronoun_features(view, i)
    if not features:
        return None, 0.0
    entity = _best(view, features, carried, current, last_seen)
    if entity is None:
        return None, 0.0
    resolved[i] = entity
    return entity, _weight(view, i, (i, i + 1), view.tokens[i].tag)


def pronoun_features(view: TokenView, i: int) -> list[tuple[str | None, str]]:
    """The (gender, number) readings of a third-person pronoun token ([] if it is none).

    Every pronoun parse counts, so ``им``/``ним`` (они or он) keep both readings.
    """
    tok = view.tokens[i]
    if tok.pos not in PRONOUN_POS:
        return []
    low = view.low(i)
    if tok.pos == "NPRO" and view.lemma(i) in PRONOUNS:
        return list(_pronoun_readings(tok.text)) or [PRONOUNS[view.lemma(i)]]
    if low in POSSESSIVE and tok.pos in ("NPRO", "ADJF"):
        return [POSSESSIVE[low]]
    return []


@lru_cache(maxsize=10_000)
def _pronoun_readings(word: str) -> tuple[tuple[str | None, str], ...]:
    """The (gender, number) of every third-person pronoun parse of ``word``, sorted."""
    readings = {PRONOUNS[norm(p.normal_form)] for p in parse(word)
                if p.tag.POS == "NPRO" and norm(p.normal_form) in PRONOUNS}
    return tuple(sorted(readings, key=str))


def _best(
    view: TokenView, readings: list[tuple[str | None, str]], carried: dict[str, float],
    current: dict[str, float], last_seen: dict[str, int],
) -> str | None:
    genders = {g for g, number in readings if number == "sing"}
    if not genders:
        return None  # a single person is never 'они'
    best, best_key = None, (MIN_SCORE, -1)
    for entity in set(carried) | set(current):
        g = view.gender(entity)
        if g is not None and g not in genders:
            continue
        score = carried.get(entity, 0.0) + current.get(entity, 0.0)
        if g is None:
            score /= 2
        key = (score, last_seen.get(entity, -1))
        if key > best_key:
            best, best_key = entity, key
    return best


def _weight(view: TokenView, i: int, span: tuple[int, int], tag: str) -> float:
    """The salience a mention (or pronoun) at token i contributes.

    Lappin & Leass factors: recency, subject, direct object, indirect object, head noun
    (not a genitive modifier of another noun), non-adverbial (not inside a prepositional
    phrase); plus penalties for parentheses and for membership in a list of names.
    """
    lo, hi = span
    paren = view.paren[lo]
    compared = lo > 0 and view.low(lo - 1) in COMPARATIVE
    adverbial = _in_prepositional_phrase(view, lo)
    embedded = "gent" in tag and lo > 0 and view.tokens[lo - 1].pos in NOMINAL
    weight = float(RECENCY)
    if not adverbial:
        weight += NON_ADVERBIAL
        if "nomn" in tag and not (paren or compared):
            weight += SUBJECT
        elif "accs" in tag:
            weight += OBJECT
        elif "datv" in tag:
            weight += INDIRECT
    if not embedded:
        weight += HEAD
    if paren:
        weight += PARENTHESIZED
    if _listed(view, lo, hi):
        weight += LISTED
    return weight


def _in_prepositional_phrase(view: TokenView, lo: int) -> bool:
    """Is a preposition the first word left of the noun phrase that ends at token lo?"""
    k = lo - 1
    floor = view.sent_range[view.sent[lo]][0] if lo < len(view.tokens) else 0
    while k >= floor and view.tokens[k].pos in NOMINAL:
        k -= 1
    return k >= floor and view.tokens[k].pos == "PREP"


def _listed(view: TokenView, lo: int, hi: int) -> bool:
    """Is the mention [lo, hi) one member of a coordinated list of names?"""
    before = lo - 1
    if before > 0 and view.low(before) in LIST_JOINERS and before - 1 in view.mention_at:
        return True
    after = hi
    return (after + 1 < len(view.tokens) and view.low(after) in LIST_JOINERS
            and after + 1 in view.mention_at)
