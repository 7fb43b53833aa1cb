"""Place refinement: a LOC span becomes COUNTRY, CITY, STATE_OR_PROVINCE or DISTRICT.

The label comes from ``places.tsv`` (names annotated in NEREL train, with how often each
label was given; the majority label is kept when it is clear enough) and from the
hand-written ``historical_states.tsv`` (20th-century states that modern news rarely
names). A multi-word name not found there takes the label its generic word implies
(``... области`` -> STATE_OR_PROVINCE), else it stays LOCATION.

``tag_places`` (an optional stage after NER) adds the place names NER leaves out: those
nested in organisation names (``правительство Польши``) and the adjectives NEREL marks
as places (``советских`` -> COUNTRY, ``московских`` -> CITY), when NEREL train
annotates them at most of their occurrences.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from functools import cache
from itertools import accumulate

from letopis.doc import Document
from letopis.extract.gazetteer import (
    count_table,
    is_word,
    key_starts,
    lemma_of,
    longest_matches,
    phrase_key,
    read_rows,
    sentence_spans,
    span_tokens,
    tokens_key,
)

PLACES = "places.tsv"
HISTORICAL = "historical_states.tsv"
# Column order of places.tsv after the key.
PLACE_LABELS = ("COUNTRY", "CITY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION")
MIN_SHARE = 0.6  # the majority label must hold this share of the annotations
MIN_COUNT_AMBIGUOUS = 3  # a name given several labels needs this many annotations
MAX_PLACE_WORDS = 4
MIN_WORD_SHARE = 0.5  # tag_places: share of train occurrences annotated as that place
MIN_HEAD_NAMES = 4  # a generic word (``область``) must occur in this many train names
MIN_HEAD_SHARE = 0.75  # ... and this share of them must carry one label


@cache
def place_table() -> dict[str, str]:
    """Lemma key -> place label, from NEREL train and the historical list (loaded once)."""
    table: dict[str, str] = {}
    for name, label in _historical():
        table[phrase_key(name)] = label
    for key, counts in count_table(PLACES).items():
        majority = _majority(counts)
        if majority is not None:
            table[key] = majority
    return table


def _historical() -> list[tuple[str, str]]:
    rows = []
    for row in read_rows(HISTORICAL):
        if len(row) >= 2 and row[1] in PLACE_LABELS:
            rows.append((row[0], row[1]))
    return rows


def _majority(counts: tuple[int, ...]) -> str | None:
    """The clear majority label of a name's annotation counts, else None."""
    counts = counts[:len(PLACE_LABELS)]
    total = sum(counts)
    best = max(range(len(counts)), key=lambda i: counts[i])
    if total == 0 or counts[best] < MIN_SHARE * total:
        return None
    if counts[best] < total and total < MIN_COUNT_AMBIGUOUS:
        return None
    return PLACE_LABELS[best]


def place_label(doc: Document, start: int, end: int) -> str:
    """The NEREL label of the place name over ``doc.text[start:end]``.

    Uses the tokens' lemmas when the span is tokenised, else lemmatises the text.
    """
    table = place_table()
    tokens = span_tokens(doc, start, end)
    key = tokens_key(tokens, words_only=True) if tokens else phrase_key(doc.text[start:end])
    if key in table:
        return table[key]
    words = [t.text for t in tokens if is_word(t.text)]
    if len(words) == 1:
        for alt in _other_lemmas(words[0]):
            if alt in table:
                return table[alt]
    return _by_head(key.split()) or "LOCATION"


def _by_head(lemmas: list[str]) -> str | None:
    """The label a generic word of a longer name implies (``область`` -> province)."""
    heads = head_table()
    found = [heads[w] for w in lemmas if w in heads] if len(lemmas) > 1 else []
    return max(found)[1] if found else None


@cache
def head_table() -> dict[str, tuple[int, str]]:
    """Generic word -> (names seen, label), learnt from the multi-word names of places.tsv.

    A word qualifies when it is no place name itself, occurs in at least
    ``MIN_HEAD_NAMES`` train names and one label holds ``MIN_HEAD_SHARE`` of them.
    """
    table = place_table()
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for key, counts in count_table(PLACES).items():
        words = key.split()
        label = _majority(counts)
        if len(words) > 1 and label is not None:
            for word in set(words):
                seen[word][label] += 1
    heads = {}
    for word, labels in seen.items():
        label, n = labels.most_common(1)[0]
        total = sum(labels.values())
        if word not in table and total >= MIN_HEAD_NAMES and n >= MIN_HEAD_SHARE * total:
            heads[word] = (total, label)
    return heads


def _other_lemmas(word: str) -> list[str]:
    """Normal forms of the less probable parses of ``word`` (rare names mis-parsed)."""
    from letopis.morph import parse

    best = lemma_of(word)
    return [p.normal_form for p in parse(word) if p.normal_form != best]


@cache
def place_words() -> dict[str, str]:
    """Lemma key -> label of the train names ``tag_places`` may add on its own.

    Kept: COUNTRY, CITY, STATE_OR_PROVINCE, DISTRICT majority labels whose annotations
    make up at least ``MIN_WORD_SHARE`` of the key's occurrences in the train texts.
    """
    words = {}
    for key, counts in count_table(PLACES).items():
        label = _majority(counts)
        annotated = sum(counts[:len(PLACE_LABELS)])
        occurrences = max(counts[len(PLACE_LABELS)], annotated)
        if label not in (None, "LOCATION") and annotated >= MIN_WORD_SHARE * occurrences:
            words[key] = label
    return words


@cache
def place_word_starts() -> dict[str, int]:
    """``key_starts`` of ``place_words`` (computed once)."""
    return key_starts(place_words())


class Enclosures:
    """Intervals, indexed to answer "does one of them enclose [start, end)?" quickly."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))  # farthest end so far

    def encloses(self, start: int, end: int) -> bool:
        """True when some interval has ``s <= start`` and ``end <= e``."""
        k = bisect_right(self.starts, start)
        return k > 0 and self.reach[k - 1] >= end


def tag_places(doc: Document) -> Document:
    """Add place mentions for known place words NER did not mark (nested, adjectives).

    Skips spans that already carry a mention and words inside a person's name.
    Reads: tokens, sentences, mentions. Writes: mentions.
    """
    words = place_words()
    taken = {(m.start, m.end) for m in doc.mentions}
    persons = Enclosures([(m.start, m.end) for m in doc.mentions if m.label == "PERSON"])
    for first, last in sentence_spans(doc):
        tokens = [t for t in doc.tokens[first:last] if is_word(t.text)]
        lemmas = [t.lemma for t in tokens]
        for a, b in longest_matches(lemmas, words, MAX_PLACE_WORDS, place_word_starts()):
            start, end = tokens[a].start, tokens[b - 1].end
            if (start, end) in taken or persons.encloses(start, end):
                continue
            doc.add_mention(start, end, words[" ".join(lemmas[a:b])])
    return doc
