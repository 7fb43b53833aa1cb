"""TokenView's per-token indexes agree with their plain definitions."""

from hypothesis import given, settings
from hypothesis import strategies as st

from letopis.doc import Document
from letopis.extract.cues import TokenView
from letopis.segment import segment

PIECES = [" ", " ", "\n", "\n\n", "«", "»", "„", "“", '"', "(", ")", ".", ",", "!", "—",
          "Он", "сказал", "что", "Иван", "Петров", "книга", "мир", "А", "Б"]


def view_of(text: str) -> TokenView:
    return TokenView(segment(Document(text)))


def plain_sentence(view: TokenView, i: int) -> int:
    sents = view.doc.sentences
    start = view.tokens[i].start
    return next((k for k, s in enumerate(sents) if s.end > start), len(sents) - 1)


def plain_container(view: TokenView, i: int) -> int:
    start = view.tokens[i].start
    covering = [k for k, sp in enumerate(view.spans) if sp.start <= start < sp.end]
    return max(covering, key=lambda k: (view.spans[k].start, -view.spans[k].end), default=-1)


def plain_bracketed(view: TokenView, i: int) -> bool:
    lo = min(j for j in range(len(view.tokens)) if view.sent[j] == view.sent[i])
    depth = 0
    for j in range(lo, i + 1):
        if view.tokens[j].text == ")":
            depth = max(0, depth - 1)
        if j == i:
            return depth > 0
        if view.tokens[j].text == "(":
            depth += 1
    return False


def check(view: TokenView) -> None:
    n = len(view.tokens)
    assert view.sent == [plain_sentence(view, i) for i in range(n)]
    for k, (lo, hi) in enumerate(view.sent_range):
        members = [i for i in range(n) if view.sent[i] == k]
        assert (lo, hi) == ((members[0], members[-1] + 1) if members else (0, 0))
    assert view.container == [plain_container(view, i) for i in range(n)]
    assert view.paren == [plain_bracketed(view, i) for i in range(n)]


def test_nested_quotes_and_brackets():
    view = view_of("Он сказал: «Мир (и «книга») — всё». (Иван (Петров)) ушёл.\n\nА «Б».")
    check(view)
    assert any(view.paren) and any(c != -1 for c in view.container)


def test_empty_text():
    view = view_of("")
    check(view)
    assert view.sent == [] and view.container == []
    assert view.sent_range == [(0, 0)] * len(view.doc.sentences)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_indexes_match_definitions(text):
    check(view_of(text))
