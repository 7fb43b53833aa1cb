"""Gazetteers: lemma-sequence keys, lazily loaded tables and longest-match lookup.

A key is the space-joined pymorphy3 lemmas (best parse, lower case) of the tokens of a
name, exactly as ``letopis.morph.tag_morph`` assigns them, so that a table built from
annotated names matches the tokens of any analysed document. The data files live in
``letopis/resources/gazetteers`` (see docs/gazetteers.md for how they are built).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from razdel import tokenize

from letopis.doc import Document, Token
from letopis.errors import LetopisError

PREFIX_LETTERS = 2  # ``FormTable`` declines the names sharing a looked-up word's first letters
V = TypeVar("V")
GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "resources" / "gazetteers"


class GazetteerError(LetopisError):
    """A gazetteer file is missing or malformed."""


def lemma_of(word: str) -> str:
    """The lemma ``tag_morph`` gives ``word``: best pymorphy3 parse, else the lower case."""
    from letopis.morph import best

    return best(word)[0]


@lru_cache(maxsize=100_000)
def phrase_words(phrase: str) -> list[str]:
    """The token texts of a gazetteer's phrase as the pipeline splits it, punctuation kept
    (``мл. лейтенант`` -> ``мл``, ``.``, ``лейтенант``)."""
    from letopis.segment.tokens import token_spans

    return [phrase[a:b] for a, b in token_spans(phrase)]


def phrase_lemmas(phrase: str) -> str:
    """The key of a hand-written gazetteer's phrase: its tokens' lemmas (``Посольский
    приказ`` -> ``посольский приказ``), matched against ``Token.lemma`` sequences."""
    return " ".join(lemma_of(word) for word in phrase_words(phrase))


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a hand-written list in the code."""
    return frozenset(text.split())


def is_word(text: str) -> bool:
    """True when the token has a letter or a digit (not bare punctuation; cached)."""
    return any(ch.isalnum() for ch in text)


def phrase_key(text: str) -> str:
    """The key of a free-standing name: razdel tokens, punctuation dropped, lemmatised."""
    return " ".join(lemma_of(t.text) for t in tokenize(text) if is_word(t.text))


def tokens_key(tokens: Sequence[Token], words_only: bool = False) -> str:
    """The key of a token sequence (optionally without punctuation tokens)."""
    return " ".join(t.lemma for t in tokens if not words_only or is_word(t.text))


def opens_sentence(text: str, tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` starts the text, a line or a sentence (it follows ``.``, ``!``,
    ``?`` or ``…``): where a capital says nothing of a name."""
    return i == 0 or tokens[i - 1].text in (".", "!", "?", "…") or "\n" in text[
        tokens[i - 1].end:tokens[i].start]


def span_tokens(doc: Document, start: int, end: int) -> list[Token]:
    """The tokens inside ``[start, end)`` (tokens are ordered by offset)."""
    i = bisect_left(doc.tokens, start, key=lambda t: t.start)
    out = []
    while i < len(doc.tokens) and doc.tokens[i].end <= end:
        out.append(doc.tokens[i])
        i += 1
    return out


def token_index(doc: Document, start: int) -> int | None:
    """The index of the token that starts at ``start`` (None if none does)."""
    i = bisect_left(doc.tokens, start, key=lambda t: t.start)
    if i < len(doc.tokens) and doc.tokens[i].start == start:
        return i
    return None


def read_rows(name: str) -> Iterator[list[str]]:
    """The tab-separated rows of a gazetteer file, comment lines (``#``) skipped."""
    path = GAZETTEER_DIR / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise GazetteerError(f"cannot read gazetteer {name}: {error.strerror}") from None
    for line in lines:
        if line and not line.startswith("#"):
            yield line.split("\t")


@cache
def count_table(name: str) -> dict[str, tuple[int, ...]]:
    """A ``key<TAB>n1<TAB>n2...`` file as key -> counts (loaded once)."""
    table: dict[str, tuple[int, ...]] = {}
    for row in read_rows(name):
        try:
            table[row[0]] = tuple(int(x) for x in row[1:])
        except ValueError:
            raise GazetteerError(f"{name}: bad counts in row {row!r}") from None
    return table


def fold_form(word: str) -> str:
    """A word case-folded, ё as е (the keys of ``FormTable``)."""
    return word.casefold().replace("ё", "е")


class FormTable(Generic[V]):
    """Folded word form (``fold_form``) -> value for a list of names, each name declined
    only when a word with its first letters is looked up (most documents need few of
    them, so a fresh process does not decline them all before its first result). Equal to
    declining every name in order with ``setdefault``: the forms of a name share its first
    ``PREFIX_LETTERS`` letters (a form that does not is kept in ``strays``, never
    matched; the tests keep it empty)."""

    def __init__(self, names: Iterable[tuple[str, V]],
                 declined: Callable[[str], Iterable[str]]) -> None:
        self._declined = declined
        self._waiting: dict[str, list[tuple[str, V]]] = {}
        for name, value in names:
            self._waiting.setdefault(fold_form(name)[:PREFIX_LETTERS], []).append((name, value))
        self._forms: dict[str, V] = {}
        self.strays: list[str] = []

    def _decline(self, prefix: str) -> None:
        for name, value in self._waiting.pop(prefix, ()):
            for form in self._declined(name):
                key = fold_form(form)
                if key[:PREFIX_LETTERS] != prefix:
                    self.strays.append(form)
                else:
                    self._forms.setdefault(key, value)

    def get(self, key: str, default: V | None = None) -> V | None:
        """The value of a folded form, or ``default``."""
        if key[:PREFIX_LETTERS] in self._waiting:
            self._decline(key[:PREFIX_LETTERS])
        return self._forms.get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __getitem__(self, key: str) -> V:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def items(self) -> Iterable[tuple[str, V]]:
        """Every form and its value (declines every name)."""
        for prefix in list(self._waiting):
            self._decline(prefix)
        return self._forms.items()


def key_starts(keys: Iterable[str]) -> dict[str, int]:
    """First word of each key -> the most words a key with that first word has."""
    starts: dict[str, int] = {}
    for key in keys:
        words = key.split(" ")
        starts[words[0]] = max(starts.get(words[0], 0), len(words))
    return starts


def longest_matches(
    lemmas: Sequence[str], keys: Container[str], max_len: int,
    starts: Mapping[str, int] | None = None,
) -> list[tuple[int, int]]:
    """Non-overlapping longest matches of ``keys`` over ``lemmas``, left to right.

    ``starts`` (``key_starts(keys)``) lets positions whose lemma begins no key be skipped
    and bounds the lengths tried. Returns half-open token index intervals.
    """
    found: list[tuple[int, int]] = []
    free, n = 0, len(lemmas)  # positions before ``free`` lie inside a match
    for i, longest in _possible_starts(lemmas, max_len, starts):
        if i < free:
            continue
        for length in range(min(longest, n - i), 0, -1):
            if " ".join(lemmas[i:i + length]) in keys:
                found.append((i, i + length))
                free = i + length
                break
    return found


def _possible_starts(
    lemmas: Sequence[str], max_len: int, starts: Mapping[str, int] | None
) -> list[tuple[int, int]]:
    """(position, most words a match there can have) where a key may start.

    A lemma with a space in it may start a key in the middle of its first word, so it
    is always tried in full.
    """
    if starts is None:
        return [(i, max_len) for i in range(len(lemmas))]
    return [(i, max_len if " " in lemma else min(max_len, starts[lemma]))
            for i, lemma in enumerate(lemmas) if lemma in starts or " " in lemma]


def sentence_spans(doc: Document) -> list[tuple[int, int]]:
    """Each sentence as a half-open interval of token indices."""
    spans = []
    for sent in doc.sentences:
        first = bisect_left(doc.tokens, sent.start, key=lambda t: t.start)
        last = bisect_left(doc.tokens, sent.end, key=lambda t: t.start)
        if first < last:
            spans.append((first, last))
    return spans


@lru_cache(maxsize=200_000)
def parse_tags(word: str) -> tuple[frozenset[str], ...]:
    """The grammemes of every pymorphy3 parse of ``word`` (most probable first)."""
    from letopis.morph import parse

    return tuple(frozenset(p.tag.grammemes) for p in parse(word))


def can_be(word: str, *grammemes: str) -> bool:
    """True when some parse of ``word`` carries all of ``grammemes``."""
    wanted = set(grammemes)
    return any(wanted <= tags for tags in parse_tags(word))



def caps_line(text: str, start: int, end: int | None = None) -> bool:
    """Whether the line holding ``text[start:end]`` is written in capitals (a heading:
    ``ПРОТОКОЛ ДОПРОСА``); a party's mark such as ``(б)`` does not count as lower case."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start if end is None else end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    from letopis.ortho import has_lower_case

    return any(c.isupper() for c in line) and not has_lower_case(line)
