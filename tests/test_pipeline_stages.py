"""The pipeline: plain callables in the documented order, each stating what it reads and writes."""

import letopis
from letopis.doc import check_spans
from letopis.pipeline import default_pipeline


def test_stage_order():
    assert default_pipeline().names == [
        "modernize", "segment", "morph", "dates", "calendars", "ner", "date_numbers",
        "honorifics", "common_words", "archives", "places", "nature", "events", "works",
        "awards",
        "penalties", "crimes", "diseases", "units", "bodies", "churches", "professions",
        "one_label", "normalize", "cluster", "link", "quotes", "claims", "authorship",
        "relations", "restore", "finish",
    ]


def test_every_stage_documents_what_it_reads_and_writes():
    for name, stage in default_pipeline().stages:
        doc = stage.__doc__ or ""
        assert "Reads:" in doc and "Writes" in doc, name


def test_analyze_returns_a_checked_document():
    doc = letopis.analyze("Историк Е. В. Тарле родился в 1874 году в Киеве.", source="t")
    check_spans(doc)
    assert doc.source == "t"
    assert doc.sentences and doc.tokens


def test_empty_text_is_an_empty_document():
    doc = letopis.analyze("")
    check_spans(doc)
    assert doc.to_dict()["mentions"] == [] and doc.text == ""


def test_models_load_once():
    from letopis import models

    assert models.slovnet_ner() is models.slovnet_ner()
    assert models.morph_analyzer() is models.morph_analyzer()


def test_the_accurate_ner_model_is_the_same_stage_list_with_another_model():
    import pytest

    from letopis.errors import ModelError

    accurate = default_pipeline("accurate")
    assert accurate.names == default_pipeline().names
    assert accurate is default_pipeline("accurate")
    text = "Историк Е. В. Тарле родился в 1874 году в Киеве."
    doc = letopis.analyze(text, source="t", ner_model="accurate")
    check_spans(doc)
    assert ("Киеве", "CITY") in {(m.text, m.label) for m in doc.mentions}
    with pytest.raises(ModelError, match="unknown NER model"):
        letopis.analyze(text, ner_model="bogus")
