"""Named entities: letopis's own nested NEREL model (the pipeline's), or slovnet's news NER.

``tag_model_ner`` adds the spans of the shipped model (``letopis.exec.ner``, all 29 NEREL
types) without overriding what earlier stages found; ``one_label_per_span`` settles the
spans that later rule stages label a second time (see docs/ner-model.md for the dev
measurements behind these choices).

``tag_ner`` (slovnet, PER/LOC/ORG mapped to NEREL labels) is kept as an alternative: LOC
is refined to COUNTRY, CITY or STATE_OR_PROVINCE when the geographic gazetteer
(``letopis.extract.geo``) knows the name; otherwise it stays LOCATION.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from letopis.doc import Document, Mention, Token
from letopis.models import slovnet_ner

SLOVNET_TO_NEREL = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION"}
BATCH = 8
NO_NESTING = frozenset({"PERSON"})  # labels whose model spans may not nest in one another


def tag_ner(doc: Document) -> Document:
    """Add PERSON, ORGANIZATION and place mentions found by slovnet.

    Reads: text, sentences, tokens (lemmas for the place refinement). Writes: mentions.
    """
    from letopis.extract.geo import place_label

    sentences = [s for s in doc.sentences if s.text.strip()]
    if not sentences:
        return doc
    tagger = slovnet_ner()
    markups = tagger.map([s.text for s in sentences])
    for sent, markup in zip(sentences, markups, strict=True):
        for span in markup.spans:
            label = SLOVNET_TO_NEREL.get(span.type)
            start, end = _trim(doc.text, sent.start + span.start, sent.start + span.stop)
            if label is None or start >= end:
                continue
            if label == "LOCATION":
                label = place_label(doc, start, end)
            doc.add_mention(start, end, label)
    return doc


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace and quote marks from an interval."""
    strip = " \t\r\n\u00a0«»\"“”„"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def tag_model_ner(doc: Document, model: str = "fast") -> Document:
    """Add the mentions of letopis's own nested NEREL model (all 29 types).

    Keeps the answer of the stages that ran before it: a model span that another mention
    already covers exactly (whatever its label) is not added, and a model DATE that
    overlaps a DATE of the dates stage is dropped, so the rule span keeps its EDTF value.
    Of two nested PERSON spans (a name inside a name, rare in NEREL) only the more
    probable stays. A span that ends in a party's initials keeps the faction mark glued
    after them (``party_marks``: ``ВКП(б)``, ``КП(б)У``); a span across a line break is cut
    to one line (``one_line``).

    ``model``: a registered NER model (``letopis.exec.ner.MODELS``: ``fast``, the default,
    or ``accurate``).

    Reads: tokens (tags when the morph stage has run), sentences, mentions.
    Writes: mentions.
    """
    spans = party_marks(doc.text, model_spans(doc, model))
    predicted = {(start, end) for start, end, _, _ in spans}
    found = [cut for span in spans if (cut := one_line(doc.text, span)) is not None
             and (cut == span or cut[:2] not in predicted)]
    taken = {(m.start, m.end) for m in doc.mentions}
    dates = [(m.start, m.end) for m in doc.mentions if m.label == "DATE"]
    for start, end, label, _ in found:
        if (start, end) in taken or (label == "DATE" and _overlaps(dates, start, end)):
            continue
        doc.add_mention(start, end, label)
        taken.add((start, end))
    return doc


_LINE_BREAK = re.compile(r"(?<!-)[ \t]*\r?\n\s*")


def one_line(text: str, span: tuple[int, int, str, float],
             ) -> tuple[int, int, str, float] | None:
    """A model span cut to one line: NEREL has no mention across a line break (a word
    broken with a hyphen aside), and lines without a period run into one sentence in
    telegrams, lists and headings (``СТАЛИНУ⏎ДОКЛАДЫВАЮ``). The first line's part is
    kept when it opens with a capital (its label, the span's, was read from its start);
    None otherwise."""
    start, end, label, prob = span
    breaks = list(_LINE_BREAK.finditer(text, start, end))
    if not breaks:
        return span
    part = text[start:breaks[0].start()]
    return (start, breaks[0].start(), label, prob) if part[:1].isupper() else None


# A faction mark glued to a party's initials: ``ВКП(б)``, ``РКП(б)``, ``РСДРП(м)``,
# ``КП(б)У`` (the tokenizer cuts them at the parenthesis).
PARTY_MARK = re.compile(r"(?<=[А-ЯЁ]{2})\((?:б|м|б-ков|большевиков|меньшевиков)\)"
                        r"(?:[А-ЯЁ]{1,2}(?![\w-]))?")


def party_marks(text: str, spans: list[tuple[int, int, str, float]],
                ) -> list[tuple[int, int, str, float]]:
    """``spans`` with each one that ends right before a faction mark (``PARTY_MARK``)
    extended over it: ``ВКП`` -> ``ВКП(б)``, ``члена ВКП`` -> ``члена ВКП(б)``."""
    if "(" not in text:
        return spans
    ends = {m.start(): m.end() for m in PARTY_MARK.finditer(text)}
    if not ends:
        return spans
    return [(start, ends.get(end, end), label, p) for start, end, label, p in spans]


def model_spans(doc: Document, model: str = "fast") -> list[tuple[int, int, str, float]]:
    """The (start, end, label, probability) spans of the registered NER ``model`` over a
    segmented document.

    Within a sentence, of two nested spans sharing a label in ``NO_NESTING`` only the more
    probable is returned. A sentence without a letter or a digit (a row of dashes, a flood
    of quote marks or brackets) names nothing and is not given to the model.
    """
    from letopis.exec.ner import ner_model

    groups = sentence_groups(doc)
    spans = [[(t.start, t.end) for t in g] for g in groups]
    tags = [[t.tag for t in g] for g in groups] if all(t.tag for t in doc.tokens) else None
    out = []
    for found in ner_model(model).predict_spans(doc.text, spans, tags):
        out += _unnest(found, NO_NESTING)
    return out


def sentence_groups(doc: Document) -> list[list[Token]]:
    """The tokens the NER model reads, per sentence: none for a sentence without a letter
    or a digit. The relation stage reads the same groups (and so the same token states)."""
    groups: list[list[Token]] = [[] for _ in doc.sentences]
    starts = [s.start for s in doc.sentences]
    wordy = [_has_word(s.text) for s in doc.sentences]
    for token in doc.tokens:
        k = bisect_right(starts, token.start) - 1
        if k >= 0 and wordy[k] and token.end <= doc.sentences[k].end:
            groups[k].append(token)
    return groups


def model_ner_stage(model: str = "fast") -> Callable[[Document], Document]:
    """The ``ner`` stage with the registered NER ``model`` (``tag_model_ner``)."""
    if model == "fast":
        return tag_model_ner

    def stage(doc: Document) -> Document:
        return tag_model_ner(doc, model)

    stage.__doc__ = tag_model_ner.__doc__
    return stage


_WORD = re.compile(r"[^\W_]")


def _has_word(text: str) -> bool:
    """Does ``text`` hold a letter or a digit?"""
    return _WORD.search(text) is not None


def _unnest(
    spans: list[tuple[int, int, str, float]], labels: frozenset[str],
) -> list[tuple[int, int, str, float]]:
    """Drop the less probable of two nested spans that share a label in ``labels``."""
    drop = set()
    held = [s for s in spans if s[2] in labels]
    for a in held:
        for b in held:
            if a[2] == b[2] and a[:2] != b[:2] and b[0] <= a[0] and a[1] <= b[1]:
                drop.add(a if a[3] < b[3] else b)
    return [s for s in spans if s not in drop]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when one of ``spans`` shares a character with ``[start, end)``."""
    return any(s < end and start < e for s, e in spans)


def one_label_per_span(doc: Document) -> Document:
    """Keep only the first mention added over each span (the model's, or the dates stage's).

    The rule stages that run after the model (events, works, professions) may label a span
    the model already labelled; the earlier answer stands. Dates of a dropped mention go too.
    An ORGANIZATION or a PERSON inside a PERSON goes too: a person's name holds none
    (NEREL train has no ORGANIZATION so placed and 18 of 7,777 persons; the model reads an
    organization in the surname of a heading in capitals, ``КНЯЗЯ ЮРІЯ ВЛАДИМІРОВИЧА
    ДОЛГОРУКОВА``, a person in ``Невский`` of ``Александр Ярославич Невский``), and an
    ORGANIZATION that is two organizations, each a mention, joined by ``и``
    (``_two_organizations``). A language read in a list of a person's particulars is a
    nationality (``listed_nationalities``).
    Reads: mentions, dates. Writes: mentions (labels), dates.
    """
    listed_nationalities(doc)
    seen: set[tuple[int, int]] = set()
    persons = [(m.start, m.end) for m in doc.mentions if m.label == "PERSON"]
    orgs = {(m.start, m.end) for m in doc.mentions if m.label == "ORGANIZATION"}
    kept = []
    for m in doc.mentions:
        if m.label in ("ORGANIZATION", "PERSON") and (any(
                s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in persons)
                or _two_organizations(m, orgs)):
            continue
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            kept.append(m)
    if len(kept) < len(doc.mentions):
        ids = {m.id for m in kept}
        doc.mentions = kept
        doc.dates = [d for d in doc.dates if d.mention in ids]
    return doc


def _two_organizations(m: Mention, orgs: set[tuple[int, int]]) -> bool:
    """Whether an ORGANIZATION mention is two organizations joined by ``и``, each a mention
    of its own (``Казанский университет и Дерптский университет``): NEREL train's 67
    organizations with ``и`` inside are each one name (``Министерство экономического
    развития и торговли``), none of them two."""
    k = m.text.find(" и ")
    while k > 0:
        if ((m.start, m.start + k) in orgs and (m.start + k + 3, m.end) in orgs):
            return True
        k = m.text.find(" и ", k + 1)
    return False


NEAR = 30  # characters around a listed nationality where another language makes a list


def listed_nationalities(doc: Document) -> None:
    """A LANGUAGE mention of one adjective standing alone between commas (or a comma and
    the sentence's end) is a NATIONALITY: registers, questionnaires and lists of the
    repressed list a person's particulars so (``1895 г. р., русский, б/п, счетовод``); a
    language is named with its noun (``русский язык``) or after a preposition (``на
    русском``). NEREL train has no LANGUAGE so set off."""
    languages = [m for m in doc.mentions if m.label == "LANGUAGE"]
    for m in languages:
        if " " in m.text or not m.text[:1].islower():
            continue
        before = doc.text[:m.start].rstrip()
        after = doc.text[m.end:m.end + 1]
        if not (before.endswith(",") and after in (",", ";", ".")):
            continue
        # a list of languages (``русский, английский``) stays
        if not any(o is not m and abs(o.start - m.start) <= NEAR for o in languages):
            m.label = "NATIONALITY"
