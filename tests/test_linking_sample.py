"""The acceptance sample (skipped without ../shared/data): the names the shipped knowledge
base holds are linked, and every person linked gets the right Q-id."""

from pathlib import Path

import pytest

import letopis
from letopis.doc import check_spans
from letopis.kb.authority import SHIPPED

SAMPLE = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "samples"
          / "khrushchev-1956-secret-speech.ru.txt")
# What the knowledge base holds for the sample's names (NEREL train's own links).
EXPECTED = {"Сталин": "Q855", "Молотов": "Q132899", "КПСС": "Q79854", "СССР": "Q15180",
            "США": "Q30", "Польша": "Q36"}


@pytest.mark.skipif(not SAMPLE.is_file() or not SHIPPED.is_file(),
                    reason="the acceptance sample or the knowledge base is absent")
def test_sample_links() -> None:
    doc = letopis.analyze(SAMPLE.read_text(encoding="utf-8"))
    check_spans(doc)
    linked = {e.name: e.wikidata for e in doc.entities if e.wikidata}
    for name, qid in EXPECTED.items():
        assert linked.get(name) == qid, name
    persons = {e.name: e.wikidata for e in doc.entities if e.label == "PERSON" and e.wikidata}
    assert persons == {"Сталин": "Q855", "Молотов": "Q132899"}
