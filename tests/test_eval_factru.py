"""The factRuEval reader and scorer on two tiny layered documents with hand-computed scores."""

import pytest

from eval_fakes import FIXTURES, fake_analyze
from letopis.doc import Document, Token, check_spans
from letopis.eval.factru import evaluate, flatten, gold_items, nerel_to_factru, read_split
from letopis.eval.report import factru_markdown
from letopis.eval.score import Counts

ROOT = FIXTURES / "factrueval"


def test_gold_selection():
    dev, test = read_split([ROOT / "devset", ROOT / "testset"])
    # Person over its hull; Org by org_name only ("Мэр Москвы" has none); Location and
    # LocOrg by loc_name only (not "площади").
    assert gold_items(dev) == [(4, 10, "LOC"), (11, 22, "PER"), (56, 64, "ORG"),
                               (69, 77, "LOC")]
    # "России" (LocOrg) lies inside "Банк России" (Org) and is dropped: gold is flat.
    assert gold_items(test) == [(0, 11, "ORG"), (36, 45, "ORG")]


def test_flatten_keeps_the_outermost():
    assert flatten([(5, 8, "LOC"), (0, 10, "ORG"), (10, 12, "PER"), (11, 13, "LOC")]) == [
        (0, 10, "ORG"), (10, 12, "PER")]


@pytest.fixture(scope="module")
def result():
    docs = read_split([ROOT / "devset", ROOT / "testset"])
    return evaluate(docs, "all", analyze=fake_analyze)


def test_span_scores(result):
    # predicted PER Юрий Лужков (right); LOC Москвы (CITY, right), Тверской площади (too
    # long); ORG «Открытие» (quotes), Банк России (right); "ставк" is no name (lower
    # case) and is left out; the nested COUNTRY "России" is flattened away; the
    # PROFESSION is not scored.
    s = result.span.labels
    assert s["PER"] == Counts(1, 1, 1)
    assert s["LOC"] == Counts(1, 2, 2)
    assert s["ORG"] == Counts(1, 2, 3)
    assert result.span.micro == Counts(3, 5, 6)


def test_token_scores(result):
    # gold tokens: PER Юрий Лужков (2); LOC Москвы, Тверской (2); ORG Открытие, Банк
    # России, Интерфакс (4). Predicted: PER 2; LOC Москвы, Тверской площади (3);
    # ORG « Открытие » and Банк России (5); "ставк" ends inside a token and is dropped.
    t = result.token.labels
    assert t["PER"] == Counts(2, 2, 2)
    assert t["LOC"] == Counts(2, 3, 2)
    assert t["LOC"].f1 == pytest.approx(0.8)
    assert t["ORG"] == Counts(3, 5, 4)
    assert t["ORG"].f1 == pytest.approx(2 / 3)


def test_report_sets_the_published_figures_beside(result):
    text = factru_markdown(result)
    assert "| PER | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 0.959 | 0.971 |" in text
    assert "| ORG | 0.500 | 0.333 | 0.400 | 0.600 | 0.750 | 0.667 | 0.825 | 0.825 |" in text


def _mention(doc: Document, text: str, label: str, after: int = 0) -> tuple[int, int]:
    start = doc.text.index(text, after)
    doc.add_mention(start, start + len(text), label)
    return start, start + len(text)


def test_nerel_to_factru_keeps_names_only():
    doc = Document("Русские туристы и российского посла встретило правительство США, "
                   "а Конгресс США и Иван Петров промолчали.")
    doc.tokens.append(Token(0, 7, "Русские", "русский", "ADJF", "ADJF,Qual plur,nomn"))
    _mention(doc, "Русские", "COUNTRY")
    _mention(doc, "российского", "COUNTRY")
    _mention(doc, "правительство США", "ORGANIZATION")
    usa = _mention(doc, "США", "COUNTRY")
    congress = _mention(doc, "Конгресс США", "ORGANIZATION")
    usa2 = _mention(doc, "США", "COUNTRY", congress[0])
    person = _mention(doc, "Иван Петров", "PERSON")
    check_spans(doc)
    # the adjectives and the lower-case descriptor go; the names, nested ones too, stay
    assert sorted(nerel_to_factru(doc)) == [
        (*usa, "LOC"), (*congress, "ORG"), (*usa2, "LOC"), (*person, "PER")]
    assert flatten(nerel_to_factru(doc)) == [(*usa, "LOC"), (*congress, "ORG"),
                                             (*person, "PER")]
