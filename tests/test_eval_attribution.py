"""The attribution set and its scorer: markup, matching rules, the CLI, the set's size."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letopis.cli.eval import app
from letopis.doc import Claim, Cue, Document, Mention, Phrase, Quote
from letopis.errors import DataError
from letopis.eval import attribution as ev

SET = Path(__file__).parent / "fixtures" / "attribution" / "sentences.tsv"


def test_markup_is_removed_and_offsets_point_into_the_plain_text():
    item = ev.parse_line("unquoted\t{c:Эта мера, {v:считают} {u:экономисты}, плоха}.", 1)
    assert item.text == "Эта мера, считают экономисты, плоха."
    (report,) = item.reports
    assert [item.text[a:b] for a, b in report.parts] == ["Эта мера, считают экономисты, плоха"]
    assert report.cue is not None and item.text[slice(*report.cue)] == "считают"
    assert report.speaker is not None and item.text[slice(*report.speaker)] == "экономисты"
    assert report.named is False


@pytest.mark.parametrize("line", ["no tab here", "x\t{c:open", "x\tclose}", "x\t{v:cue} only"])
def test_broken_lines_raise_data_error(line):
    with pytest.raises(DataError):
        ev.parse_line(line, 3)


def _doc(text, quotes=(), claims=(), mentions=()):
    doc = Document(text=text)
    doc.quotes, doc.claims, doc.mentions = list(quotes), list(claims), list(mentions)
    return doc


def test_scoring_counts_content_cue_named_and_precision():
    item = ev.parse_line("t\t«{c:Мы пришли}», — {v:сказал} {s:Петров}.", 1)
    text = item.text
    p, v = text.index("Петров"), text.index("сказал")
    m = Mention("m1", p, p + 6, "Петров", "PERSON", entity="e1")
    good = Quote("q1", 1, 10, "Мы пришли", "quotation", "e1", Cue(v, v + 6))
    tally = ev.score_item(item, ev.emitted(_doc(text, [good], mentions=[m])))
    assert (tally.content, tally.cue_ok, tally.named_ok, tally.correct) == (1, 1, 1, 1)
    stray = Claim("c1", p, p + 6, "Петров", None, None, None)
    tally = ev.score_item(item, ev.emitted(_doc(text, [good], [stray], [m])))
    assert (tally.emitted, tally.correct) == (2, 1)


def test_unnamed_speaker_needs_a_span_and_no_named_entity():
    item = ev.parse_line("t\t{u:Эксперты} {v:полагают}, что {c:кризис затянется}.", 1)
    text = item.text
    c, v = text.index("кризис"), text.index("полагают")
    claim = Claim("c1", c, c + 16, text[c:c + 16], None, None, Cue(v, v + 8),
                  holder_span=Phrase(0, 8, "Эксперты"))
    tally = ev.score_item(item, ev.emitted(_doc(item.text, claims=[claim])))
    assert (tally.content, tally.cue_ok, tally.unnamed, tally.unnamed_ok) == (1, 1, 1, 1)


def test_the_set_is_large_enough_and_covers_every_family():
    items = ev.read_set(SET)
    assert len(items) >= 200
    families = {i.family for i in items}
    assert {"typewriter", "unquoted", "titled", "unnamed", "interrupted", "kinds",
            "negative"} <= families
    assert sum(1 for i in items if not i.reports) >= 30


def test_cli_scores_a_set_and_fails_cleanly_on_a_missing_one(tmp_path):
    small = tmp_path / "set.txt"
    small.write_text("classic\t{s:Петров} {v:сказал}: «{c:Мы не отступим}».\n"
                     "negative\tРоман «Война и мир» вышел в 1869 году.\n", encoding="utf-8")
    out = tmp_path / "a.json"
    res = CliRunner().invoke(app, ["attribution", "--data", str(small), "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "| all | 2 |" in res.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["overall"]["content"] == 1.0
    res = CliRunner().invoke(app, ["attribution", "--data", str(tmp_path / "none.txt")])
    assert res.exit_code == 2
    assert "error: attribution set not found" in res.output


def test_benchmark_report_has_an_attribution_section(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import make_report

    assert "No attribution results" in "\n".join(make_report.attribution_section(tmp_path))
    item = ev.parse_line("classic\t{s:Петров} {v:сказал}: «{c:Мы не отступим}».", 1)
    result = ev.evaluate([item], analyze=lambda text: _doc(text))
    (tmp_path / "attribution.json").write_text(json.dumps(result), encoding="utf-8")
    section = "\n".join(make_report.attribution_section(tmp_path))
    assert "## Attribution (who said it)" in section and "| all | 1 | 0.000 |" in section
