"""Many inputs, one outcome each (the work behind ``letopis analyze``)."""

import io

from letopis.doc import Document
from letopis.read.batch import analyze_document, analyze_inputs, one_line
from letopis.sample import SAMPLE_NAME, sample_bytes, sample_document, sample_text

TEXT = "Зимой 1979 года в Кабул вошли советские войска.\n"


def fake(text, source=None):
    if "сломай" in text:
        raise RuntimeError("stage failed")
    return Document(text, source)


def test_outcomes_in_order_with_errors_in_place(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("сломай", encoding="utf-8")
    outcomes = list(analyze_inputs([str(good), str(tmp_path / "gone.txt"), str(bad)],
                                   analyze=fake))
    assert [o.source for o in outcomes] == [str(good), str(tmp_path / "gone.txt"), str(bad)]
    assert outcomes[0].doc.text == TEXT and outcomes[0].error is None
    assert outcomes[1].doc is None and outcomes[1].error.endswith("no such file")
    assert outcomes[2].error == f"{bad}: internal error: RuntimeError: stage failed"


def test_stdin_dash():
    [outcome] = analyze_inputs(["-"], stdin=io.BytesIO(TEXT.encode("koi8_r")), analyze=fake)
    assert outcome.doc.text == TEXT
    assert outcome.doc.source == "<stdin>"
    [missing] = analyze_inputs(["-"], analyze=fake)
    assert missing.error == "<stdin>: no standard input"


def test_one_line_escapes_breaks_and_surrogates():
    assert one_line("a\nb\rc\udcff") == "a\\nb\\rc\\udcff"


def test_analyze_document_never_raises():
    outcome = analyze_document(Document("сломай"), analyze=fake)
    assert outcome.error == "<text>: internal error: RuntimeError: stage failed"


def test_bundled_sample():
    text = sample_text()
    assert sample_bytes().decode("utf-8") == text
    assert 400 <= len(text.split()) <= 700
    doc = sample_document()
    assert doc.source == SAMPLE_NAME
    assert doc.text == text
    for needle in ("Л. И. Брежнев", "ЦК КПСС", "XIV съезд КПЧ", "21 августа 1968 года",
                   "с 1953 года", "1950-е годы", "Он заявил, что «", "По словам", "ссылаясь на",
                   "статью «", "«нормализация»"):
        assert needle in text, needle
