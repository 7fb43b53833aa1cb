"""The ``eval`` sub-app: tables on stdout, JSON on request, progress on stderr, clear errors."""

import json

import pytest
from typer.testing import CliRunner

import letopis
from eval_fakes import FIXTURES, fake_analyze
from letopis.cli.eval import app


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setattr(letopis, "analyze", fake_analyze)
    return CliRunner()


def test_nerel_table_and_json(runner, tmp_path):
    out = tmp_path / "nerel.json"
    res = runner.invoke(app, ["nerel", "--data", str(FIXTURES), "--split", "dev",
                              "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "## NEREL dev: 2 documents" in res.stdout
    assert "| **micro** | 9 | 9 | 6 | 0.667 | 0.667 | 0.667 |" in res.stdout
    assert "[2/2] b" in res.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["entities"]["micro"]["tp"] == 6
    assert data["linking"]["accuracy"] == 0.5


def test_nerel_limit(runner):
    res = runner.invoke(app, ["nerel", "--data", str(FIXTURES), "--limit", "1"])
    assert res.exit_code == 0, res.output
    assert "## NEREL dev: 1 documents" in res.stdout


def test_factru_splits(runner):
    res = runner.invoke(app, ["factru", "--data", str(FIXTURES), "--split", "all"])
    assert res.exit_code == 0, res.output
    assert "factRuEval-2016 all: 2 documents" in res.stdout
    res = runner.invoke(app, ["factru", "--data", str(FIXTURES), "--split", "test"])
    assert "factRuEval-2016 test: 1 documents" in res.stdout


def test_missing_data_is_a_clear_error(runner, tmp_path):
    res = runner.invoke(app, ["nerel", "--data", str(tmp_path)])
    assert res.exit_code == 2
    assert "error: nerel data not found" in res.stderr


def test_nerel_save_pred(runner, tmp_path):
    res = runner.invoke(app, ["nerel", "--data", str(FIXTURES), "--save-pred",
                              str(tmp_path / "pred")])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "pred").iterdir()) == ["a.ann", "b.ann"]
    assert "T3\tPERSON 31 44\tСергей Лавров" in (tmp_path / "pred" / "a.ann").read_text(
        encoding="utf-8")


def test_an_unknown_ner_model_is_a_clear_error(runner):
    res = runner.invoke(app, ["nerel", "--data", str(FIXTURES), "--ner-model", "bogus"])
    assert res.exit_code == 2
    assert "unknown NER model" in res.stderr


def test_the_ner_model_reaches_the_pipeline(runner, monkeypatch):
    seen = []

    def analyze(text, source=None, ner_model="fast"):
        seen.append(ner_model)
        return fake_analyze(text)

    monkeypatch.setattr(letopis, "analyze", analyze)
    res = runner.invoke(app, ["factru", "--data", str(FIXTURES), "--split", "test",
                              "--ner-model", "accurate"])
    assert res.exit_code == 0, res.output
    assert seen and set(seen) == {"accurate"}
