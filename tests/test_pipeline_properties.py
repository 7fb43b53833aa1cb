"""Property test: the whole pipeline on arbitrary text never raises and keeps its spans."""

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import letopis
from letopis.doc import Document, check_spans

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"

PIECES = [
    " ", " ", " ", "\n", "\n\n", "\t", "\u00a0", "\u200b", "\ufeff", "\x00", "\r\n",
    "«", "»", "„", "“", "”", '"', "'", "—", "–", "-", ",", ".", ":", ";", "(", ")", "…",
    "года", "году", "г.", "гг.", "1968", "21", "1950-х", "XXII", "в", "с", "по", "и",
    "января", "марте", "весной", "съезд", "КПСС", "ЦК", "А.", "Н.", "Косыгин", "Брежнева",
    "Прага", "Москве", "заявил", "сказал", "что", "по словам", "ссылаясь на", "как утверждает",
    "статья", "постановление", "Он", "она", "«Правда»", "США", "ООН",
]

piece = st.one_of(
    st.sampled_from(PIECES),
    st.text(alphabet=CYRILLIC, min_size=1, max_size=10),
    st.integers(min_value=0, max_value=3000).map(str),
    st.characters(),
)
cyrillic_heavy = st.lists(piece, max_size=60).map("".join)
any_text = st.text(max_size=200)
odd_chars = st.text(
    st.characters(categories=["Cs", "Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Lu", "Ll", "Pi", "Pf"]),
    max_size=80,
)
# A high surrogate followed by a low one: JSON has no way to keep them two code points
# (docs/schema.md); every other text must cross JSON text unchanged.
PAIRED_HALVES = re.compile("[\ud800-\udbff][\udc00-\udfff]")
texts = st.one_of(cyrillic_heavy, any_text, odd_chars)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_analyze_never_raises_and_spans_hold(text):
    doc = letopis.analyze(text, source="prop.txt")
    assert doc.text == text
    check_spans(doc)
    data = doc.to_dict()
    assert Document.from_dict(data) == doc
    if not PAIRED_HALVES.search(text):  # JSON reads "\ud800\udc00" as one character
        assert Document.from_dict(json.loads(json.dumps(data))) == doc
