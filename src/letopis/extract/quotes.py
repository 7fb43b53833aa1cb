"""Quotations, titles and terms, with the speaker of each quotation.

Every balanced quoted span (``letopis.extract.quotemarks``) becomes a Quote whose
``start``/``end`` cover the content without the marks. Its kind comes from general
features: a title noun before it (``постановление «…»``, ``речь под названием «…»``)
makes a title; a cue (``сказал: «…»``, ``считал, что «…»``, ``«…», — заявил X``), a
leading ellipsis, length or sentence punctuation inside make a quotation; a short phrase
held at a distance (``якобы за «…»``, ``так называемой «…»``) is a term. Quotations get a
speaker: the entity of the subject of the cue verb (a pronoun subject is resolved by
salience). See docs/quotes.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from letopis.doc import Cue, Document, Phrase, Quote
from letopis.extract.cues import (
    FINITE,
    HOLDER_NOUNS,
    IMPERSONAL_VERBS,
    NAME_NOUNS,
    NAMING_VERBS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    TERM_MARKERS,
    TITLE_LINKS,
    TITLE_NOUNS,
    Subject,
    TokenView,
    find_subject,
    is_speech_verb,
)
from letopis.extract.quotemarks import QuotedSpan

LONG_WORDS = 8
SHORT_WORDS = 5
TERM_MAX_WORDS = 6
ELLIPSIS = ("...", "…")
SENTENCE_END = frozenset(".!?…")
GAP_TOKENS = 4
DASHES = frozenset({"—", "–", "-"})


@dataclass(frozen=True, slots=True)
class Kind:
    """A span's kind and, for titles, the token of the noun that names what it is."""

    kind: str
    noun: int | None = None


def tag_quotes(doc: Document) -> Document:
    """Classify every quoted span and attribute quotations to speakers.

    Reads: text, tokens (lemmas, tags), sentences, mentions with their entities.
    Writes: quotes.
    """
    from letopis.resolve.salience import shared_view

    view, pronouns = shared_view(doc)
    kinds = classify_all(view)
    doc.quotes = []
    for span, kind in zip(view.spans, kinds, strict=True):
        speaker, cue, phrase = (None, None, None)
        parts = [(span.start, span.end)]
        if kind.kind == "quotation":
            speaker, cue, phrase = attribute_full(view, span, pronouns)
            parts = _split_parts(view, span)
        for start, end in parts:
            quote_id = f"q{len(doc.quotes) + 1}"
            doc.quotes.append(Quote(quote_id, start, end, doc.text[start:end], kind.kind,
                                    speaker, cue, _phrase(view, phrase)))
    return doc


def _phrase(view: TokenView, phrase: tuple[int, int] | None) -> Phrase | None:
    """The unnamed speaker's noun phrase (token range) as a located Phrase."""
    if phrase is None:
        return None
    start, end = view.tokens[phrase[0]].start, view.tokens[phrase[1] - 1].end
    return Phrase(start, end, view.doc.text[start:end])


def _split_parts(view: TokenView, span: QuotedSpan) -> list[tuple[int, int]]:
    """``«A, — сказал X, — B»``: the quotation's parts around the author's words."""
    inside = _cue_inside(view, span)
    if inside is None:
        return [(span.start, span.end)]
    _, lo, hi = inside
    sep = lo - 2  # the comma (or ! ? …) before the first dash
    first_end = view.tokens[sep].start if view.tokens[sep].text == "," else (
        view.tokens[sep].end)
    second = view.tokens[hi + 1].start if hi + 1 < len(view.tokens) else span.end
    parts = [(span.start, first_end), (second, span.end)]
    return [(a, b) for a, b in parts if a < b] or [(span.start, span.end)]


# -- kinds -----------------------------------------------------------------

def classify_all(view: TokenView) -> list[Kind]:
    """The kind of every span in ``view.spans`` (in that order)."""
    kinds: list[Kind] = []
    by_close: dict[int, Kind] = {}
    for span in view.spans:
        kind = classify(view, span, by_close)
        kinds.append(kind)
        by_close[span.close_start] = kind
    return kinds


def classify(view: TokenView, span: QuotedSpan, previous: dict[int, Kind] | None = None) -> Kind:
    """The kind of one span; ``previous`` maps close-mark offsets of earlier spans to kinds."""
    if span.style == "—":
        return Kind("quotation")
    before = view.token_index(span.open_start) - 1
    noun = title_noun(view, before)
    if noun is not None:
        return Kind("title", noun)
    shared = _coordinated_title(view, before, previous or {})
    if shared is not None:
        return shared
    text = view.doc.text[span.start:span.end]
    words = _word_count(view, span)
    if _term_marked(view, before) and words <= TERM_MAX_WORDS:
        return Kind("term")
    if text.startswith(ELLIPSIS) or _cued(view, span, before):
        return Kind("quotation")
    if words >= LONG_WORDS or _has_sentence_inside(text):
        return Kind("quotation")
    if _capitalized(text):
        return Kind("title")
    if words >= SHORT_WORDS and _cue_in_clause(view, before):
        return Kind("quotation")
    return Kind("term")


def title_noun(view: TokenView, i: int) -> int | None:
    """The title noun ending right before a quote (index of the noun token) or None.

    Accepts ``журнал «…»``, ``речь под названием «…»``, ``доклад, озаглавленный «…»``,
    ``роман, названный «…»`` and a short genitive or number between noun and title
    (``книга Иванова «…»``, ``указ № 12 «…»``).
    """
    if i < 0:
        return None
    link = view.lemma(i) in TITLE_LINKS
    if link or (view.lemma(i) in NAMING_VERBS and view.tokens[i].pos == "PRTF"):
        k = i - 1
        while k >= 0 and (view.tokens[k].pos == "PREP" or view.tokens[k].text == ","):
            k -= 1
        if k >= 0 and (view.lemma(k) in TITLE_NOUNS or view.lemma(k) in NAME_NOUNS):
            return k
        return i if link else None
    for k in range(i, max(-1, i - GAP_TOKENS - 1), -1):
        lemma = view.lemma(k)
        if lemma in TITLE_NOUNS or lemma in NAME_NOUNS:
            return k
        if not _genitive_filler(view, k):
            return None
    return None


def _genitive_filler(view: TokenView, k: int) -> bool:
    tok = view.tokens[k]
    return ("gent" in tok.tag and tok.pos in ("NOUN", "ADJF")) or k in view.mention_at or (
        tok.text == "." or (len(tok.text) == 1 and tok.text.isupper())
        or tok.text == "№" or (tok.text[:1].isdigit() and len(tok.text) <= 12))  # "№ 12-3"


def _coordinated_title(view: TokenView, i: int, previous: dict[int, Kind]) -> Kind | None:
    """``газеты «А» и «Б»``: a span right after a title, joined by и/или/comma, is a title."""
    if i < 1 or view.low(i) not in {"и", "или", ","}:
        return None
    kind = previous.get(view.tokens[i - 1].start)
    return kind if kind is not None and kind.kind == "title" else None


def _term_marked(view: TokenView, i: int) -> bool:
    """``так называемой «…»``, ``якобы за «…»``, ``т. н. «…»``, ``называли его «…»``."""
    for k in range(i, max(-1, i - 3), -1):
        lemma = view.lemma(k)
        if lemma in TERM_MARKERS or lemma in NAMING_VERBS:
            return True
        if lemma == "н" and k + 1 <= i and view.low(k + 1) == ".":
            return True
        if not view.tokens[k].text.isalpha() and view.tokens[k].text != ".":
            return False
    return False


def _word_count(view: TokenView, span: QuotedSpan) -> int:
    lo, hi = view.token_range(span.start, span.end)
    return sum(1 for t in view.tokens[lo:hi] if any(c.isalnum() for c in t.text))


def _has_sentence_inside(text: str) -> bool:
    """Sentence punctuation inside (". А", "! Б") or a closing ! / ?."""
    body = text.rstrip()
    if body.endswith(("!", "?")):
        return True
    for k, c in enumerate(body[:-1]):
        if c in SENTENCE_END and body[k + 1] == " " and body[k + 2:k + 3].isupper():
            return True
    return False


def _capitalized(text: str) -> bool:
    first = next((c for c in text if c.isalpha()), "")
    return first.isupper()


def _cued(view: TokenView, span: QuotedSpan, before: int) -> bool:
    """Is the span introduced as someone's words (colon, что, по словам, author's words)?"""
    if _cue_after(view, span) or _cue_inside(view, span) or _holder_phrase(view, before):
        return True
    if _as_phrase(view, before) is not None:
        return True
    if before < 0:
        return False
    if view.lemma(before) in SPEECH_NOUNS:
        return True
    if view.tokens[before].text == ":":
        return _verb_before(view, before, 10) is not None or _speech_noun_before(view, before)
    return view.low(before) == "что" and _verb_before(view, before, 6) is not None


def _speech_noun_before(view: TokenView, i: int) -> bool:
    """``Его девиз был прост: «…»``: a speech noun in the clause before a colon."""
    lo = view.sent_range[view.sent[i]][0]
    return any(view.lemma(k) in SPEECH_NOUNS for k in range(max(lo, i - 8), i))


def _cue_in_clause(view: TokenView, before: int) -> bool:
    """A speech verb earlier in the same clause (no punctuation between)."""
    for k in range(before, max(-1, before - 8), -1):
        if not view.tokens[k].text.isalnum() and view.tokens[k].text not in "-":
            return False
        if is_speech_verb(view, k):
            return True
    return False


# -- speakers --------------------------------------------------------------

def attribute(
    view: TokenView, span: QuotedSpan, pronouns: dict[int, str]
) -> tuple[str | None, Cue | None]:
    """(speaker entity id, cue) of a quotation; either may be None."""
    speaker, cue, _ = attribute_full(view, span, pronouns)
    return speaker, cue


def attribute_full(
    view: TokenView, span: QuotedSpan, pronouns: dict[int, str]
) -> tuple[str | None, Cue | None, tuple[int, int] | None]:
    """(speaker entity id, cue, unnamed speaker's token range) of a quotation."""
    after = _cue_after(view, span) or _cue_inside(view, span)
    if after is not None:
        verb, lo, hi = after
        if _impersonal(view, verb):
            return None, _cue(view, verb, verb), None
        return _with_phrase(view, find_subject(view, verb, lo, hi), pronouns,
                            _cue(view, verb, verb))
    speaker, cue = _attribute_before(view, span, pronouns)
    if speaker is None and cue is not None and not _impersonal(view, view.token_index(cue.start)):
        verb = view.token_index(cue.start)
        if is_speech_verb(view, verb):
            lo = _clause_floor(view, verb)
            subject = find_subject(view, verb, lo, view.token_index(span.open_start))
            return _with_phrase(view, subject, pronouns, cue)
    return speaker, cue, None


def _with_phrase(
    view: TokenView, subject: Subject | None, pronouns: dict[int, str], cue: Cue
) -> tuple[str | None, Cue | None, tuple[int, int] | None]:
    speaker = _speaker(view, subject, pronouns)
    phrase = subject.phrase if subject is not None and speaker is None else None
    return speaker, cue, phrase


def _attribute_before(
    view: TokenView, span: QuotedSpan, pronouns: dict[int, str]
) -> tuple[str | None, Cue | None]:
    """(speaker, cue) from a cue before the quotation (or a signature after it)."""
    verb: int | None
    before = view.token_index(span.open_start) - 1
    if span.style == "—":
        return _dialogue_continuation(view, span, before, pronouns)
    as_verb = _as_phrase(view, before)
    if as_verb is not None:
        verb, first = as_verb
        subject = find_subject(view, verb, first + 1, before + 1)
        return _speaker(view, subject, pronouns), _cue(view, verb, verb)
    phrase = _holder_phrase(view, before)
    if phrase is not None:
        first, last, holder = phrase
        return _speaker(view, holder, pronouns), _cue(view, first, last)
    signed = _signature(view, span)
    if signed is not None:
        return _speaker(view, signed, pronouns), None
    verb = _cue_before(view, before)
    if verb is None:
        return None, None
    if _impersonal(view, verb):
        return None, _cue(view, verb, verb)
    lo = _clause_floor(view, verb)
    subject = find_subject(view, verb, lo, before + 1 if before >= 0 else verb + 1)
    return _speaker(view, subject, pronouns), _cue(view, verb, verb)


def _dialogue_continuation(
    view: TokenView, span: QuotedSpan, before: int, pronouns: dict[int, str]
) -> tuple[str | None, Cue | None]:
    """``— …, — сказал он. — Ещё …``: speech resumed after author's words on the same line."""
    line_start = view.doc.text.rfind("\n", 0, span.open_start) + 1
    lo = before
    while lo >= 0 and view.tokens[lo].start >= line_start and view.tokens[lo].text not in "—–":
        lo -= 1
    lo += 1
    if lo > before or lo == 0 or view.tokens[lo - 1].start < line_start:
        return None, None
    for k in range(lo, min(before + 1, lo + GAP_TOKENS)):
        if is_speech_verb(view, k) and view.tokens[k].pos in FINITE:
            return _speaker(view, find_subject(view, k, lo, before + 1), pronouns), _cue(
                view, k, k)
    return None, None


def _impersonal(view: TokenView, verb: int) -> bool:
    """``говорится``, ``сказано``: the words belong to a document, not to a subject."""
    return view.lemma(verb) in IMPERSONAL_VERBS or view.tokens[verb].pos == "PRTS"


def _speaker(view: TokenView, subject: Subject | None, pronouns: dict[int, str]) -> str | None:
    if subject is None:
        return None
    if subject.mention is not None:
        return subject.mention.entity
    return pronouns.get(subject.token)


def _cue(view: TokenView, first: int, last: int) -> Cue:
    return Cue(view.tokens[first].start, view.tokens[last].end)


def _cue_after(view: TokenView, span: QuotedSpan) -> tuple[int, int, int] | None:
    """(verb, lo, hi) of author's words after the span: ``«…», — сказал он`` (or
    ``«…», сказал он`` without the dash)."""
    i = view.token_index(span.close_end)
    n = len(view.tokens)
    reach = GAP_TOKENS
    if span.style != "—":
        j = i
        while j < n and view.tokens[j].text in {",", "!", "?", "…", "..."}:
            j += 1
        if j < n and view.tokens[j].text in DASHES:
            i = j + 1
        elif i < n and view.tokens[i].text == ",":
            i, reach = i + 1, 1
        else:
            return None
    lo, hi = i, i
    while hi < n and hi - lo < 12 and view.tokens[hi].text not in {".", "!", "?", ":", "—", "–",
                                                                  "-", "«", ";"}:
        hi += 1
        if hi < n and view.tokens[hi].text == "«" and any(
                view.tokens[k].text == "»" for k in range(hi + 1, min(n, hi + 5))):
            hi += 1  # "рассказывает «Известиям» директор …": a short quoted name, pass it
    for k in range(lo, min(hi, lo + reach)):
        if is_speech_verb(view, k) and view.tokens[k].pos in FINITE:
            return k, lo, hi
    return None


SIGNATURE = re.compile(r"[.!?…]*[ \t\u00a0]*\n[ \t\u00a0]*[—–][ \t\u00a0]*")


def _signature(view: TokenView, span: QuotedSpan) -> Subject | None:
    """``«…».`` then a new line ``— Имя Фамилия, должность``: the person signs the quote."""
    hit = SIGNATURE.match(view.doc.text, span.close_end)
    if hit is None:
        return None
    k = view.token_index(hit.end())
    m = view.mention_at.get(k)
    if m is None or m.label != "PERSON" or view.tokens[k].start != m.start:
        return None
    return Subject(view.head(m), m)


def _cue_inside(view: TokenView, span: QuotedSpan) -> tuple[int, int, int] | None:
    """(verb, lo, hi) of author's words inside the marks: ``«…, — сказал он, — …»``."""
    if span.style == "—":
        return None
    box = view.span_index.get((span.open_start, span.start))
    lo, hi = view.token_range(span.start, span.end)
    for k in range(lo + 1, hi - 1):
        if view.tokens[k].text not in DASHES or view.container[k] != box:
            continue
        if view.tokens[k - 1].text not in {",", "!", "?", "…", "..."}:
            continue
        end = k + 1
        while end < hi and end - k < 12 and view.tokens[end].text not in DASHES | {".", "!"}:
            end += 1
        if end + 1 < hi and view.tokens[end].text in {".", "!"} and (
                view.tokens[end + 1].text in DASHES):
            end += 1  # "«A, — сказал X. — B»": the author's words end with a full stop
        if end >= hi or view.tokens[end].text not in DASHES:
            continue
        for v in range(k + 1, min(end, k + 1 + GAP_TOKENS)):
            if is_speech_verb(view, v) and view.tokens[v].pos in FINITE:
                return v, k + 1, end
    return None


def _holder_phrase(view: TokenView, before: int) -> tuple[int, int, Subject | None] | None:
    """``по словам X, «…»``: (first, last token of the cue phrase, holder) before the span."""
    if before < 0 or view.tokens[before].text != ",":
        return None
    lo = view.sent_range[view.sent[before]][0]
    for k in range(before - 1, max(lo, before - 10) - 1, -1):
        if view.low(k) == "по" and k + 1 < before:
            noun = k + 1
            if view.lemma(noun) not in HOLDER_NOUNS and noun + 1 < before:
                noun += 1  # "по его словам"
            if view.lemma(noun) in HOLDER_NOUNS:
                return k, noun, holder_after(view, k, before)
    return None


def _as_phrase(view: TokenView, before: int) -> tuple[int, int] | None:
    """``Как он говорит, «…»``: (speech verb, index of ``как``) right before the span."""
    if before < 1 or view.tokens[before].text != ",":
        return None
    lo = view.sent_range[view.sent[before]][0]
    for k in range(before - 1, max(lo, before - 6) - 1, -1):
        if view.tokens[k].text in {",", ":", ";", "—", "–"}:
            return None
        if view.low(k) != "как":
            continue
        if k > lo and view.tokens[k - 1].text not in {",", "(", "—", "–"}:
            return None
        for v in range(k + 1, before):
            if is_speech_verb(view, v) and view.tokens[v].pos == "VERB":
                return v, k
        return None
    return None


def holder_after(view: TokenView, prep: int, stop: int) -> Subject | None:
    """The person in ``по словам X`` (a mention) or ``по его словам`` (a possessive)."""
    for j in range(prep + 1, stop):
        m = view.mention_at.get(j)
        if m is not None:
            return Subject(view.head(m), m)
    if prep + 1 < stop and view.low(prep + 1) in {"его", "ее", "их"}:
        return Subject(prep + 1)
    return None


def _verb_before(view: TokenView, i: int, reach: int) -> int | None:
    """Nearest speech verb within ``reach`` tokens left of token i (stops at . ; :)."""
    for k in range(i - 1, max(-1, i - reach - 1), -1):
        if view.tokens[k].text in {".", ";", ":", "!", "?"}:
            return None
        if is_speech_verb(view, k):
            return k
    return None


def _cue_before(view: TokenView, before: int) -> int | None:
    """The cue verb before a span: after ``:`` or ``что``, else the nearest finite one."""
    if before < 0:
        return None
    colon = view.tokens[before].text == ":"
    if colon or view.low(before) == "что":
        verb = _verb_before(view, before, 10)
        if verb is not None:
            return verb
    mark = before + 1
    if view.sent[mark] != view.sent[before] and not colon:
        return None
    box = view.container[mark]
    lo = view.sent_range[view.sent[before]][0]
    for k in range(before, lo - 1, -1):
        if view.container[k] == box and view.tokens[k].pos in FINITE and (
                view.lemma(k) in SPEECH_VERBS):
            return k
    return None


def _clause_floor(view: TokenView, verb: int) -> int:
    """Where the subject search may start: the verb's sentence start."""
    return view.sent_range[view.sent[verb]][0]
