"""segment.tokens gives razdel's tokens exactly; segment keeps every span on the text."""

from hypothesis import given, settings
from hypothesis import strategies as st
from razdel import tokenize

from letopis.doc import Document, check_spans
from letopis.segment import segment
from letopis.segment.tokens import token_spans

# Our own sentences, chosen for the boundaries razdel's rules decide: hyphens and dashes,
# decimal numbers and fractions, repeated punctuation, smileys, mixed scripts.
SENTENCES = [
    "Кто-то сказал, что в 1956-м году цена выросла на 3,5% — до 1/2 прежней.",
    "«Что?!» — воскликнул он... И ушёл :) ,а потом вернулся ;-)",
    "Компания Yahoo! купила что_то за $1.5 млн (см. стр. 12-14) --- так писали.",
    "Δσ-функция и mβж: T-34, ИЛ-2, Ту-154 и т.д.",
    "Слово -тире и тире- ниже: a -b, c- d, e - f, 5--6, ***.",
    "",
    "   ",
    "\n\n",
]

PIECES = ["-", "—", "–", "_", ".", ",", "/", "\\", "!", "?", "…", ":", ")", "(", ";", "*",
          "«", "»", '"', " ", "\n", "1", "23", "ab", "cd", "слово", "Δ", "σ", "yahoo", "%"]


def razdel_spans(text):
    return [(t.start, t.stop) for t in tokenize(text)]


def test_sentences_match_razdel():
    for text in SENTENCES:
        assert token_spans(text) == razdel_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_glued_pieces_match_razdel(text):
    assert token_spans(text) == razdel_spans(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_matches_razdel(text):
    assert token_spans(text) == razdel_spans(text)


def test_segment_spans_hold():
    doc = segment(Document("Он пришёл в 10.30. «Кто-то здесь?» — спросил он.\n\nДа."))
    check_spans(doc)
    assert [t.text for t in doc.tokens][:6] == ["Он", "пришёл", "в", "10.30", ".", "«"]
    assert len(doc.sentences) == 3
