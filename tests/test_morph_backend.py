"""pymorphy3 runs on the DAWG C extension (a declared dependency), not the pure-Python reader."""

import pymorphy3.dawg

from letopis.doc import Document, check_spans
from letopis.morph import tag_morph
from letopis.segment import segment


def test_pymorphy_uses_the_c_extension():
    # DAWG2 gives the same parses about three times faster; losing it is a silent slowdown
    assert pymorphy3.dawg.EXTENSION_AVAILABLE


def test_morph_stage_tags_with_it():
    doc = tag_morph(segment(Document("Российские историки спорили о съезде.")))
    check_spans(doc)
    assert [t.lemma for t in doc.tokens][:3] == ["российский", "историк", "спорить"]
    assert doc.tokens[0].tag.startswith("ADJF")


def test_recent_parses_are_bounded_and_shared_by_both_caches(monkeypatch):
    """``best`` and ``parse`` share the last words' parses; the buffer keeps its size."""
    import letopis.morph as morph

    calls: list[str] = []
    analyze = morph._analyze
    monkeypatch.setattr(morph, "_analyze", lambda word: calls.append(word) or analyze(word))
    monkeypatch.setattr(morph, "RECENT_WORDS", 3)
    monkeypatch.setattr(morph, "_recent", morph.OrderedDict())
    word = "съездами"
    morph.best.cache_clear()
    morph.parse.cache_clear()
    lemma = morph.best(word)[0]
    assert morph.parse(word) == tuple(morph.morph_analyzer().parse(word))
    assert calls == [word] and lemma == "съезд"
    for other in ("историки", "спорили", "губерния", "архивы"):
        morph.parse(other)
    assert len(morph._recent) == 3 and word not in morph._recent
    morph.best.cache_clear()
    morph.parse.cache_clear()
