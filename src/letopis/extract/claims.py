"""Claims: reported content with the entity that holds it and the source it cites.

Patterns (general syntax, see docs/quotes.md):

* ``X утверждает/считает/писал, что …``: content = the that-clause to the sentence end,
  holder = the verb's subject (a pronoun is resolved by salience; for an infinitive,
  ``позволило противникам утверждать, что``, a dative controller that is no entity
  gives no holder).
* ``В нём утверждалось, что …`` (impersonal verb): holder = the document named after
  ``в`` when it resolves to an entity, else null.
* ``по словам / по мнению X, …`` (holder X) and ``по данным / согласно Y`` (source Y):
  content = the rest of the sentence (phrase first), the part before it (phrase last),
  or the whole sentence (phrase in the middle).
* ``как пишет X, …``: holder X, content as for ``по словам``.
* ``Так / Это / Об этом утверждает X``: content = the previous sentence.
* ``ссылаясь на Y`` / ``со ссылкой на Y`` anywhere in the claim's sentence: source Y.

A that-clause that is one quotation (``Он считал, что «…»``) is a claim too; its content
is then the quotation's content, the same interval as the Quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from letopis.doc import Claim, Cue, Document, Phrase
from letopis.extract.cues import (
    CITING,
    HOLDER_NOUNS,
    IMPERSONAL_VERBS,
    SOURCE_NOUNS,
    SOURCE_PREPS,
    SUBORDINATORS,
    Subject,
    TokenView,
    find_subject,
    is_belief,
    is_claim_verb,
    is_speech_verb,
    noun_phrase_end,
)
from letopis.extract.quotes import holder_after
from letopis.morph import parse

COMPLEMENTIZERS = frozenset({"что", "будто"})
# Verbs of demand take ``, чтобы …`` as their content (``мы требуем, чтобы …``).
DEMAND_VERBS = frozenset({"требовать", "потребовать", "настаивать", "предлагать", "предложить"})
# ... and a demanded thing as their object: ``мы требуем созыва собрания`` (the rest of the
# sentence is the content).
DEMAND_OBJECT_VERBS = frozenset({"требовать", "потребовать"})
ANAPHORS = frozenset({"так", "это", "этот", "то", "такой"})
LEADERS = frozenset({"но", "а", "и", "однако", "впрочем", "же", "ведь"})
FINAL = frozenset({".", "!", "?", "…", "...", ";"})
EDGE = frozenset({",", "—", "–", ":", ";", "-"})
DOCUMENT_LABELS = ("LAW", "WORK_OF_ART", "ORGANIZATION", "PERSON")
REACH = 10


@dataclass(frozen=True, slots=True)
class _Found:
    a: int  # first content token
    b: int  # one past the last content token
    holder: str | None
    source: str | None
    cue: tuple[int, int]
    phrase: tuple[int, int] | None = None  # an unnamed holder's noun phrase (tokens)


def tag_claims(doc: Document) -> Document:
    """Find reported content with its holder, source and cue.

    Reads: text, tokens, sentences, mentions with their entities. Writes: claims.
    """
    from letopis.resolve.salience import shared_view

    view, pronouns = shared_view(doc, keep=False)
    found: list[_Found] = []
    for s, (lo, hi) in enumerate(view.sent_range):
        found.extend(_sentence_claims(view, s, lo, hi, pronouns))
    doc.claims = []
    seen: set[tuple[int, int, int]] = set()
    for item in sorted(found, key=lambda f: (f.a, f.b)):
        claim = _claim(view, item, len(doc.claims) + 1)
        key = (claim.start, claim.end, claim.cue.start if claim.cue else -1)
        if claim.start < claim.end and key not in seen:
            seen.add(key)
            doc.claims.append(claim)
    return doc


def _claim(view: TokenView, f: _Found, n: int) -> Claim:
    start, end = _unwrap(view, view.tokens[f.a].start, view.tokens[f.b - 1].end)
    cue = Cue(view.tokens[f.cue[0]].start, view.tokens[f.cue[1]].end)
    phrase = None
    if f.phrase is not None and f.holder is None:
        a, b = view.tokens[f.phrase[0]].start, view.tokens[f.phrase[1] - 1].end
        phrase = Phrase(a, b, view.doc.text[a:b])
    return Claim(f"c{n}", start, end, view.doc.text[start:end], f.holder, f.source, cue, phrase)


def _unwrap(view: TokenView, start: int, end: int) -> tuple[int, int]:
    """Content that is exactly one quoted span becomes that span's content."""
    for span in view.spans:
        if span.open_start == start and span.close_end == end:
            return span.start, span.end
    return start, end


def _sentence_claims(
    view: TokenView, s: int, lo: int, hi: int, pronouns: dict[int, str]
) -> list[_Found]:
    out: list[_Found] = []
    end = _content_end(view, lo, hi)
    for i in range(lo, hi):
        if view.quoted(i):
            continue
        item = None
        if is_claim_verb(view, i):
            item = _verb_claim(view, s, i, lo, end, pronouns) or _hearsay(view, i, lo, end)
        if item is None and is_speech_verb(view, i):
            item = _colon_claim(view, i, lo, end, pronouns) or _inverted(
                view, i, lo, end, pronouns)
        elif item is None and is_belief(view, i):
            item = _inverted(view, i, lo, end, pronouns)
        if item is not None:
            pass
        elif view.low(i) == "по" or view.lemma(i) in SOURCE_PREPS:
            item = _phrase_claim(view, i, lo, end, pronouns)
        if item is not None:
            out.append(item)
    return out


def _content_end(view: TokenView, lo: int, hi: int) -> int:
    """One past the last token of a sentence that is not final punctuation."""
    while hi > lo and view.tokens[hi - 1].text in FINAL:
        hi -= 1
    return hi


def _trim(view: TokenView, a: int, b: int) -> tuple[int, int]:
    while a < b and view.tokens[a].text in EDGE:
        a += 1
    while b > a and view.tokens[b - 1].text in EDGE:
        b -= 1
    return a, b


# -- verbs -----------------------------------------------------------------

def _verb_claim(
    view: TokenView, s: int, v: int, lo: int, end: int, pronouns: dict[int, str]
) -> _Found | None:
    clause = _that_clause(view, v, end)
    if clause is not None:
        holder = _verb_holder(view, v, lo, clause - 1, pronouns)
        found = _found(view, clause, end, holder, _source(view, lo, end), (v, v))
        return _with_phrase(view, found, v, lo, clause - 1)
    if _as_clause(view, v, lo):
        return _as_claim(view, v, lo, end, pronouns)
    if view.lemma(v) in DEMAND_OBJECT_VERBS and view.tokens[v].pos == "VERB" and (
            v + 1 < end and view.tokens[v + 1].text not in EDGE | FINAL):
        holder = _verb_holder(view, v, lo, v, pronouns)
        return _found(view, v + 1, end, holder, _source(view, lo, end), (v, v))
    if s > 0 and _anaphoric(view, v, lo):
        plo, phi = view.sent_range[s - 1]
        holder = _entity(find_subject(view, v, lo, end), pronouns)
        return _found(view, plo, _content_end(view, plo, phi), holder, _source(view, lo, end),
                      (v, v))
    return None


def _with_phrase(view: TokenView, found: _Found | None, v: int, lo: int, hi: int) -> _Found | None:
    """Add the unnamed holder (``эксперты полагают``) when no entity holds the claim."""
    if found is None or found.holder is not None:
        return found
    if view.tokens[v].pos not in ("VERB", "GRND") and not is_belief(view, v):
        return found
    subject = find_subject(view, v, lo, hi)
    if subject is None or subject.phrase is None:
        return found
    return _Found(found.a, found.b, None, found.source, found.cue, subject.phrase)


PREDICATES = frozenset({"VERB", "PRTS", "ADJS", "INFN", "PRED"})
COLON_GAP = 4


def _colon_claim(
    view: TokenView, v: int, lo: int, end: int, pronouns: dict[int, str]
) -> _Found | None:
    """``Петров предупредил коллег: реформа провалится``: unquoted speech after a colon."""
    if view.tokens[v].pos != "VERB":
        return None
    colon = next((j for j in range(v + 1, min(end, v + COLON_GAP + 1))
                  if view.tokens[j].text in FINAL | EDGE), None)
    if colon is None or view.tokens[colon].text != ":" or colon + 1 >= end:
        return None
    body = range(colon + 1, end)
    if any(view.quoted(j) for j in body) or view.tokens[colon + 1].text in EDGE:
        return None
    if not any(view.tokens[j].pos in PREDICATES for j in body):
        return None
    k = v - 1
    while k >= lo and view.tokens[k].text not in EDGE:
        if view.lemma(k) in SUBORDINATORS:
            return None  # "дело не в том, что они кричат: …": the verb is subordinate
        k -= 1
    if not all(_addressee(view, v, j) for j in range(v + 1, colon)):
        return None  # "делится на дистрикты:", "писал образа святых:": no speech follows
    subject = find_subject(view, v, lo, colon)
    found = _found(view, colon + 1, end, _entity(subject, pronouns), _source(view, lo, end),
                   (v, v))
    return _with_phrase(view, found, v, lo, colon)


SHARING = frozenset({"поделиться", "делиться"})


def _addressee(view: TokenView, v: int, j: int) -> bool:
    """May token j stand between a speech verb and its colon (``предупредил коллег:``,
    ``ответил коротко:``, ``поделилась впечатлениями:``)? Adverbs and persons may."""
    tok = view.tokens[j]
    if tok.pos == "ADVB" or j in view.mention_at:
        return True
    if tok.pos in ("NOUN", "NPRO") and ("datv" in tok.tag or "anim" in tok.tag):
        return True
    return tok.pos == "NOUN" and "ablt" in tok.tag and view.lemma(v) in SHARING


def _inverted(
    view: TokenView, v: int, lo: int, end: int, pronouns: dict[int, str]
) -> _Found | None:
    """``Реформа провалится, сказал министр``; ``Эта мера, считают эксперты, плоха``: the
    speech verb after the content, its subject after it (the content is the part before
    the comma, or the whole sentence when the phrase sits inside it)."""
    tag = view.tokens[v].tag
    if (view.tokens[v].pos != "VERB" and not is_belief(view, v)) or any(
            g in tag for g in ("1per", "2per", "impr")):
        return None
    comma = v - 1
    dashed = comma > lo and view.tokens[comma].text in {"—", "–", "-"}
    if dashed:
        comma -= 1
    if comma <= lo or view.tokens[comma].text != ",":
        return None
    first = lo
    while first < comma and view.low(first) in LEADERS:
        first += 1
    left = range(first, comma)
    if not left or any(view.quoted(j) or view.tokens[j].text in {":", ";"} for j in left):
        return None
    subject = find_subject(view, v, v, end)
    if subject is None:
        return None
    holder = _entity(subject, pronouns)
    if holder is None and subject.phrase is None:
        return None
    after = next((j for j in range(v + 1, end) if view.tokens[j].text == ","), None)
    if any(view.tokens[j].pos in PREDICATES for j in range(v + 1, after or end)):
        return None  # "понять, шутит он или говорит серьёзно": coordinated verbs, no report
    b = comma if after is None or dashed else end  # ", — сказал X, улыбаясь": author's words
    if not any(view.tokens[j].pos in PREDICATES for j in range(first, b) if j != v):
        return None
    found = _found(view, first, b, holder, _source(view, lo, end), (v, v))
    if found is None or holder is not None:
        return found
    return _Found(found.a, found.b, None, found.source, found.cue, subject.phrase)


def _found(
    view: TokenView, a: int, b: int, holder: str | None, source: str | None,
    cue: tuple[int, int],
) -> _Found | None:
    a, b = _trim(view, a, b)
    return _Found(a, b, holder, source, cue) if a < b else None


def _that_clause(view: TokenView, v: int, end: int) -> int | None:
    """First token of ``, что …`` governed by the verb at v, or None."""
    for j in range(v + 1, min(end, v + REACH)):
        tok = view.tokens[j]
        if view.quoted(j) and _short_quote(view, j):
            continue  # "заявил «Известиям», что": a quoted name between the verb and что
        if tok.text in FINAL or tok.text == ":" or view.quoted(j):
            return None
        if view.tokens[j - 1].text == "," and (view.low(j) in COMPLEMENTIZERS or (
                view.low(j) == "чтобы" and view.lemma(v) in DEMAND_VERBS)):
            if _relative_to(view, j):
                return None
            return j + 1
        if tok.pos == "VERB" and j > v + 1:
            return None
    return None


def _short_quote(view: TokenView, j: int) -> bool:
    """Is token j inside a quoted span of at most three tokens (a name, not speech)?"""
    span = view.spans[view.container[j]]
    lo, hi = view.token_range(span.start, span.end)
    return hi - lo <= 3 and view.doc.text[span.start:span.start + 1].isupper()


def _relative_to(view: TokenView, j: int) -> bool:
    """``сказал то, что думал``: a bare ``то`` before the comma makes ``что`` relative."""
    k = j - 2
    return k >= 1 and view.low(k) == "то" and view.tokens[k - 1].pos != "PREP"


def _verb_holder(
    view: TokenView, v: int, lo: int, hi: int, pronouns: dict[int, str]
) -> str | None:
    if view.lemma(v) in IMPERSONAL_VERBS or (view.tokens[v].pos == "PRTS"
                                             and not is_belief(view, v)):
        return _document_holder(view, v, lo, pronouns)
    if view.tokens[v].pos == "INFN":
        controller = _dative_controller(view, v, lo)
        if controller is not None:
            return _entity(controller, pronouns) if isinstance(controller, Subject) else None
    return _entity(find_subject(view, v, lo, hi), pronouns)


def _dative_controller(view: TokenView, v: int, lo: int) -> Subject | bool | None:
    """``позволило противникам X утверждать``: the dative before an infinitive.

    A Subject when the dative is a mention or a pronoun, True when it is some other noun
    (the holder is then no entity), None when there is no dative controller.
    """
    for k in range(v - 1, max(lo - 1, v - 5), -1):
        tok = view.tokens[k]
        if tok.text in {",", ";", ":"}:
            return None
        if tok.pos in ("NOUN", "NPRO") and "datv" in tok.tag:
            m = view.mention_at.get(k)
            if m is not None:
                return Subject(view.head(m), m)
            return Subject(k) if tok.pos == "NPRO" else True
    return None


def _document_holder(
    view: TokenView, v: int, lo: int, pronouns: dict[int, str]
) -> str | None:
    """``В докладе X говорилось`` / ``В нём утверждалось``: the document, if it resolves."""
    for k in range(v - 1, max(lo - 1, v - 6), -1):
        if view.low(k) not in {"в", "во"}:
            continue
        nxt = k + 1
        if view.tokens[nxt].pos == "NPRO":
            return _recent_document(view, k)
        for j in range(nxt, v):
            m = _any_mention(view, j)
            if m is not None and m.entity is not None:
                return m.entity
        return None
    return None


def _any_mention(view: TokenView, j: int):
    start = view.tokens[j].start
    for m in view.doc.mentions:
        if m.label in DOCUMENT_LABELS and m.start <= start < m.end:
            return m
    return None


def _recent_document(view: TokenView, k: int):
    """The last LAW / WORK_OF_ART mention with an entity in the two sentences before k."""
    s = view.sent[k]
    floor = view.tokens[view.sent_range[max(0, s - 2)][0]].start
    limit = view.tokens[k].start
    documents = [m for m in view.doc.mentions
                 if m.label in ("LAW", "WORK_OF_ART") and floor <= m.start < limit and m.entity]
    return max(documents, key=lambda m: m.start).entity if documents else None


def _as_clause(view: TokenView, v: int, lo: int) -> bool:
    """``как пишет X``: ``как`` (after a comma or at the start) right before the verb."""
    k = v - 1
    while k >= lo and view.tokens[k].pos == "ADVB" and v - k <= 3:
        k -= 1
    if k < lo or view.low(k) != "как":
        return False
    return k == lo or view.tokens[k - 1].text in {",", "(", "—"} or view.low(k - 1) in LEADERS


def _as_claim(
    view: TokenView, v: int, lo: int, end: int, pronouns: dict[int, str]
) -> _Found | None:
    k = v - 1
    while view.low(k) != "как":
        k -= 1
    subject = find_subject(view, v, k, end)
    after = view.mention_range[subject.mention.id][1] if subject and subject.mention else v + 1
    a, b = _around(view, k, _phrase_close(view, after, end, "nomn"), lo, end)
    return _found(view, a, b, _entity(subject, pronouns), _source(view, lo, end), (v, v))


def _anaphoric(view: TokenView, v: int, lo: int) -> bool:
    """``Так утверждает X`` / ``Это подтверждает X`` / ``Об этом пишет X``: points back."""
    words = [k for k in range(lo, v) if view.tokens[k].text.isalpha()]
    if len(words) > 2 or view.tokens[v].pos != "VERB":
        return False
    if not words:
        return False
    first = words[0]
    if first + 1 < v and view.tokens[first + 1].text == ",":
        return False  # "Так, X заявил …" introduces an example, it does not point back
    if view.lemma(first) in ANAPHORS:
        return True
    return view.tokens[first].pos == "PREP" and len(words) == 2 and view.lemma(
        words[1]) in ANAPHORS


def _hearsay(view: TokenView, v: int, lo: int, end: int) -> _Found | None:
    """``Говорят, …`` / ``X, пишут, …``: a plural claim verb with no subject, set off by
    commas, reports what unnamed people say: a claim with no holder."""
    tag = view.tokens[v].tag
    if view.tokens[v].pos != "VERB" or "plur" not in tag or any(
            g in tag for g in ("1per", "2per", "impr")):
        return None  # "(заметьте, …)": an imperative addresses the reader, it reports nothing
    if not _delimited(view, v, v + 1, lo, end):
        return None
    a, b = _around(view, v, v + 1, lo, end)
    return _found(view, a, b, None, _source(view, lo, end), (v, v))


# -- attribution phrases ---------------------------------------------------

def _phrase_claim(
    view: TokenView, i: int, lo: int, end: int, pronouns: dict[int, str]
) -> _Found | None:
    """``по словам X``, ``по данным Y``, ``согласно Y``."""
    noun: int | None
    if view.lemma(i) in SOURCE_PREPS:
        if i + 1 < end and view.lemma(i + 1) == "который":
            return None  # "закон, согласно которому …": a relative clause, no attribution
        noun, holder_role = i, False
    else:
        noun = i + 1 if i + 1 < end and view.lemma(i + 1) in HOLDER_NOUNS | SOURCE_NOUNS else (
            i + 2 if i + 2 < end and view.lemma(i + 2) in HOLDER_NOUNS else None)
        if noun is None:
            return None
        holder_role = view.lemma(noun) in HOLDER_NOUNS
    close = _phrase_close(view, noun + 1, end)
    if not _delimited(view, i, close, lo, end):
        return None
    phrase = None
    if holder_role:
        subject = holder_after(view, i, close)
        holder, source = _entity(subject, pronouns), None
        if subject is None and noun + 1 < close and view.tokens[noun + 1].pos == "NOUN":
            phrase = (noun + 1, noun_phrase_end(view, noun + 1, close))  # "по словам очевидцев"
    else:
        holder, source = None, _first_entity(view, noun + 1, close)
    a, b = _around(view, i, close, lo, end)
    found = _found(view, a, b, holder, source, (i, noun))
    if found is None or phrase is None:
        return found
    return _Found(found.a, found.b, None, None, found.cue, phrase)


def _delimited(view: TokenView, i: int, close: int, lo: int, end: int) -> bool:
    """Is the phrase set off by commas or the sentence edge (``По версии суда, …``)?

    A bare modifier (``стал чемпионом по версии союза``) is no attribution.
    """
    opened = i == lo or view.tokens[i - 1].text in {",", "(", "—", ":"} or (
        view.low(i - 1) in LEADERS)
    closed = close >= end or view.tokens[close].text == ","
    return opened and closed and not (i == lo and close >= end)


def _phrase_close(view: TokenView, j: int, end: int, case: str = "gent") -> int:
    """Index of the comma closing an attribution phrase, or end.

    Appositions to the name in ``case`` (``по словам X, главы Y, крупнейшего Z, …``;
    ``как пишет X, известный историк, …``) are skipped.
    """
    while j < end and view.tokens[j].text != ",":
        j += 1
    for _ in range(3):
        if j >= end or not _apposition(view, j + 1, end, case):
            break
        j += 1
        while j < end and view.tokens[j].text != ",":
            j += 1
    return j


def _apposition(view: TokenView, j: int, end: int, case: str) -> bool:
    """A comma-enclosed stretch without a verb that starts with a word in ``case``."""
    k = j
    while k < end and view.tokens[k].text != ",":
        if view.tokens[k].pos in ("VERB", "GRND", "PRTS", "INFN"):
            return False
        k += 1
    if not (k < end and j < k and view.tokens[j].pos in ("ADJF", "NOUN", "PRTF")):
        return False
    return any(case in p.tag for p in parse(view.tokens[j].text))


def _around(view: TokenView, p_lo: int, p_close: int, lo: int, end: int) -> tuple[int, int]:
    """Content for a phrase occupying ``[p_lo, p_close)``: after, before or the whole."""
    if all(view.low(k) in LEADERS or not view.tokens[k].text.isalnum()
           for k in range(lo, p_lo)):
        return p_close + 1, end
    if p_close >= end:
        start = lo
        for k in range(lo, p_lo):
            if view.tokens[k].text == ":":
                start = k + 1
        return start, p_lo
    return lo, end


def _first_entity(view: TokenView, j: int, stop: int) -> str | None:
    for k in range(j, stop):
        m = view.mention_at.get(k)
        if m is not None and m.entity is not None:
            return m.entity
    return None


def _source(view: TokenView, lo: int, end: int) -> str | None:
    """``ссылаясь на Y`` / ``со ссылкой на Y`` / ``цитируя Y`` in the sentence: Y."""
    for k in range(lo, end):
        if view.lemma(k) not in CITING:
            continue
        if k + 1 < end and view.low(k + 1) == "на":
            return _first_entity(view, k + 2, min(end, k + 8))
        if view.tokens[k].pos == "GRND" and view.lemma(k) != "ссылаться":
            return _first_entity(view, k + 1, min(end, k + 7))
    return None


def _entity(subject: Subject | None, pronouns: dict[int, str]) -> str | None:
    if subject is None:
        return None
    if subject.mention is not None:
        return subject.mention.entity
    return pronouns.get(subject.token)
