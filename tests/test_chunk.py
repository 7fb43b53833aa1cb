"""Long texts are analyzed piece by piece and merged back into whole-text offsets."""

from letopis.chunk import analyze_chunked, chunk_bounds
from letopis.doc import Document, Entity, check_spans


def test_bounds_cover_the_text_without_gaps():
    text = ("Абзац номер один.\n" * 50) + ("слово " * 300)
    bounds = chunk_bounds(text, 200)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    assert all(0 < end - start <= 200 for start, end in bounds)
    assert all(text[end - 1] in "\n " for _, end in bounds[:-1])


def test_bounds_cut_hard_when_there_is_no_space():
    assert chunk_bounds("я" * 450, 200) == [(0, 200), (200, 400), (400, 450)]


def fake_pipeline(doc: Document) -> Document:
    """Tags every 'Ленин' as a PERSON entity named 'Ленин'."""
    start = doc.text.find("Ленин")
    mids = []
    while start >= 0:
        mids.append(doc.add_mention(start, start + 5, "PERSON").id)
        start = doc.text.find("Ленин", start + 1)
    if mids:
        doc.entities.append(Entity("e1", "PERSON", "Ленин", [], mids))
        for mention in doc.mentions:
            mention.entity = "e1"
    return doc


def test_pieces_merge_into_whole_text_offsets_and_one_entity():
    text = "Ленин говорил.\n" * 40
    doc = analyze_chunked(text, "src", fake_pipeline, size=100)
    check_spans(doc)
    assert doc.source == "src" and len(doc.mentions) == 40
    assert len(doc.entities) == 1 and len(doc.entities[0].mentions) == 40
    assert len({m.id for m in doc.mentions}) == 40


def test_short_text_is_one_pass():
    doc = analyze_chunked("Ленин.", None, fake_pipeline, size=100)
    assert [m.text for m in doc.mentions] == ["Ленин"]
