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
