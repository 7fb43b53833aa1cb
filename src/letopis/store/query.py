"""Search queries to FTS5 expressions over lemmas.

Syntax: words (any inflected form; all must occur), ``"a phrase"`` (the lemmas in this
order), ``OR``, ``AND``, ``NOT`` (upper case) and parentheses. A word becomes the OR of
every lemma it may stand for; a phrase takes each word's best lemma (and the name
reading of a word typed in lower case, as alternative phrases).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from letopis.store.errors import SearchError
from letopis.store.lemmas import iter_words, lemma_forms, lemma_of

OPERATORS = ("AND", "OR", "NOT")
MAX_VARIANTS = 16  # phrase variants (names typed in lower case) tried at most
MAX_QUERY_CHARS = 1000  # longer queries are refused before they are parsed
MAX_QUERY_WORDS = 32  # words in a query, phrases included
MAX_DEPTH = 8  # nested parentheses
_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+|"')


@dataclass
class Query:
    """A parsed query: the FTS5 MATCH expression and the lemmas to highlight."""

    expression: str
    lemmas: set[str] = field(default_factory=set)


def _quote(lemma: str) -> str:
    return '"' + lemma.replace('"', '""') + '"'


def shown(text: str, size: int = 60) -> str:
    """A query as quoted in an error message: its repr, cut after ``size`` characters."""
    return repr(text) if len(text) <= size else repr(text[:size]) + "…"


def check_limits(text: str) -> None:
    """SearchError if ``text`` is over the query limits (characters, words, nesting).

    Checked before any word is looked up, so a refused query costs next to nothing.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(
            f"query too long: {len(text)} characters (at most {MAX_QUERY_CHARS})")
    words = sum(1 for _ in iter_words(text))
    if words > MAX_QUERY_WORDS:
        raise SearchError(f"query has too many words: {words} (at most {MAX_QUERY_WORDS})")
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth > MAX_DEPTH:
            raise SearchError(f"query nests parentheses deeper than {MAX_DEPTH}")


def parse_query(text: str) -> Query:
    """Translate a user query; SearchError (one line) if it cannot be or is over the limits
    (``MAX_QUERY_CHARS`` characters, ``MAX_QUERY_WORDS`` words, ``MAX_DEPTH`` parentheses)."""
    check_limits(text)
    parts: list[str] = []
    lemmas: set[str] = set()
    for token in _TOKEN.findall(text):
        if token == '"':
            raise SearchError(f"unbalanced quote in query {shown(text)}")
        if token in ("(", ")") or token in OPERATORS:
            parts.append(token)
        elif token.startswith('"'):
            part = _phrase(token[1:-1], lemmas)
            if part:
                parts.append(part)
        else:
            part = _word(token, lemmas)
            if part:
                parts.append(part)
    if not lemmas:
        raise SearchError(f"no words to search for in query {shown(text)}")
    return Query(_join(parts), lemmas)


def _join(parts: list[str]) -> str:
    """Join with an explicit AND between adjacent operands (FTS5 wants it after a group)."""
    out: list[str] = []
    for part in parts:
        if out and out[-1] not in (*OPERATORS, "(") and part not in (*OPERATORS, ")"):
            out.append("AND")
        out.append(part)
    return " ".join(out)


def _word(token: str, lemmas: set[str]) -> str:
    """One bare token: a single word (its lemma forms) or several (a phrase)."""
    words = [w for _, _, w in iter_words(token)]
    if len(words) > 1:
        return _phrase(token, lemmas)
    if not words:
        return ""
    forms = lemma_forms(words[0])
    lemmas.update(forms)
    if len(forms) == 1:
        return _quote(forms[0])
    return "(" + " OR ".join(_quote(f) for f in forms) + ")"


def _phrase(text: str, lemmas: set[str]) -> str:
    """The words' lemmas in order; a word that may be a name (``шепилова``) gives variants."""
    options = [_phrase_lemmas(w) for _, _, w in iter_words(text)]
    if not options:
        return ""
    variants = [" ".join(v) for v in itertools.islice(itertools.product(*options), MAX_VARIANTS)]
    for option in options:
        lemmas.update(option)
    if len(variants) == 1:
        return _quote(variants[0])
    return "(" + " OR ".join(_quote(v) for v in variants) + ")"


def _phrase_lemmas(word: str) -> tuple[str, ...]:
    """The lemma of a phrase word as typed and, if different, as a capitalised name."""
    typed, named = lemma_of(word), lemma_of(word[:1].upper() + word[1:])
    return (typed,) if typed == named else (typed, named)
