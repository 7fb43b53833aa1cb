"""brat standoff output: .ann parses back to the same spans, files and names."""

from __future__ import annotations

import pytest

import letopis
from letopis.doc import Document, Relation, check_spans
from letopis.export import ExportError, render
from letopis.export.brat import (
    QUOTE_TYPE,
    annotation_conf,
    brat_names,
    document_to_ann,
    fragments,
    write_brat_dir,
)

try:
    from test_export_json import build_document
except ImportError:  # tests collected as a package
    from tests.test_export_json import build_document


def parse_ann(ann: str, text: str) -> dict[str, dict]:
    """A tiny brat reader: T, R and AnnotatorNotes lines, checked against ``text``."""
    found: dict[str, dict] = {}
    for line in ann.splitlines():
        key, body = line.split("\t", 1)
        if key.startswith("T"):
            head, words = body.split("\t", 1)
            kind, offsets = head.split(" ", 1)
            pieces = [tuple(map(int, part.split())) for part in offsets.split(";")]
            assert words == " ".join(text[s:e] for s, e in pieces)
            found[key] = {"type": kind, "pieces": pieces}
        elif key.startswith("R"):
            kind, arg1, arg2 = body.split(" ")
            found[key] = {"type": kind, "args": (arg1[len("Arg1:"):], arg2[len("Arg2:"):])}
        elif key.startswith("#"):
            head, note = body.split("\t")
            target = head.split(" ")[1]
            found[target]["note"] = note
        else:
            raise AssertionError(f"unexpected line {line!r}")
    return found


def covered(pieces: list[tuple[int, int]]) -> tuple[int, int]:
    return pieces[0][0], pieces[-1][1]


def test_mentions_parse_back_to_the_same_spans():
    doc = build_document()
    ann = document_to_ann(doc)
    parsed = parse_ann(ann, doc.text)
    spans = [(v["type"], covered(v["pieces"])) for k, v in parsed.items() if k.startswith("T")]
    for m in doc.mentions:
        assert (m.label, (m.start, m.end)) in spans
    for q in doc.quotes:
        assert (QUOTE_TYPE, (q.start, q.end)) in spans
    assert all("\n" not in line for line in ann.splitlines())


def test_multiline_mention_becomes_a_discontinuous_span():
    doc = build_document()
    date = next(m for m in doc.mentions if "\n" in m.text)
    parsed = parse_ann(document_to_ann(doc), doc.text)
    entry = next(v for v in parsed.values()
                 if v.get("type") == "DATE" and covered(v["pieces"]) == (date.start, date.end))
    assert len(entry["pieces"]) == 2
    newline = doc.text.index("\n", date.start)
    assert entry["pieces"] == [(date.start, newline), (newline + 1, date.end)]
    assert entry["note"] == "edtf 1917-22"


def test_fragments_split_at_every_kind_of_line_break():
    text = "Тула\r\nОрёл\u2028Курск\n\nБрянск"
    assert fragments(text, 0, len(text)) == [(0, 4), (6, 10), (11, 16), (18, 24)]
    assert fragments("\n\n", 0, 2) == []


def test_relations_and_notes_point_at_the_right_annotations():
    doc = build_document()
    parsed = parse_ann(document_to_ann(doc), doc.text)
    by_span = {covered(v["pieces"]): k for k, v in parsed.items()
               if k.startswith("T") and v["type"] != QUOTE_TYPE and v["type"] != "CLAIM"}
    relations = [v for k, v in parsed.items() if k.startswith("R")]
    assert len(relations) == len(doc.relations)
    for rel, entry in zip(doc.relations, relations, strict=True):
        head, tail = doc.mention(rel.head), doc.mention(rel.tail)
        assert entry["type"] == rel.type
        assert entry["args"] == (by_span[(head.start, head.end)], by_span[(tail.start, tail.end)])
    kerensky = next(m for m in doc.mentions if m.text == "Керенский")
    assert parsed[by_span[(kerensky.start, kerensky.end)]]["note"] == \
        "entity e3: Александр Керенский"
    claim = next(v for v in parsed.values() if v.get("type") == "CLAIM")
    assert claim["note"] == "c1; holder e4: Павел Милюков; source e5: Речь"


def test_render_brat_needs_exactly_one_document():
    doc = build_document()
    assert render([doc], "brat") == document_to_ann(doc)
    with pytest.raises(ExportError, match="write_brat_dir"):
        render([doc, doc], "brat")
    with pytest.raises(ExportError):
        render([], "brat")


def test_write_brat_dir_writes_pairs_with_unique_names(tmp_path):
    docs = [build_document(source="dir/letter.txt"), build_document(source="other/letter.txt"),
            Document("Смоленск и Вязьма"), Document("Ока", source="../notes.v2.md")]
    written = write_brat_dir(docs, tmp_path / "brat")
    names = sorted(p.name for p in written)
    assert "letter.txt" in names and "letter-2.ann" in names
    assert f"{docs[2].id[:12]}.txt" in names and "notes.v2.ann" in names
    assert "annotation.conf" in names
    text = (tmp_path / "brat" / "letter.txt").read_bytes().decode("utf-8")
    assert text == docs[0].text
    ann = (tmp_path / "brat" / "letter.ann").read_text(encoding="utf-8")
    parse_ann(ann, text)
    assert brat_names(docs) == ["letter", "letter-2", docs[2].id[:12], "notes.v2"]


def test_annotation_conf_declares_every_type():
    conf = annotation_conf()
    for name in ("PERSON", "WORK_OF_ART", "QUOTE", "CLAIM"):
        assert f"\n{name}\n" in conf
    assert "MEMBER_OF\tArg1:<ENTITY>, Arg2:<ENTITY>" in conf


def test_surrogates_and_tabs_stay_on_their_line():
    text = "Имя\t\ud800 Ярослав"
    doc = Document(text)
    doc.add_mention(0, len(text), "PERSON")
    doc.relations = [Relation("r1", "ALTERNATIVE_NAME", "m1", "m1", 0, 3)]
    check_spans(doc)
    ann = document_to_ann(doc)
    ann.encode("utf-8")
    assert ann.count("\n") == 3  # the T line, the R line and the relation's note
    assert ann.splitlines()[2] == "#1\tAnnotatorNotes R1\tr1 score 1; evidence [0:3]"


def test_brat_of_analyzed_text(tmp_path):
    text = ("Екатерина Вторая переписывалась с Вольтером.\nВ 1773 году началось восстание "
            "Пугачёва на Урале.")
    doc = letopis.analyze(text, "ekaterina.txt")
    check_spans(doc)
    parsed = parse_ann(document_to_ann(doc), doc.text)
    spans = {(v["type"], covered(v["pieces"])) for k, v in parsed.items() if k.startswith("T")}
    assert {(m.label, (m.start, m.end)) for m in doc.mentions} <= spans
    write_brat_dir([doc], tmp_path)
    assert (tmp_path / "ekaterina.txt").read_text(encoding="utf-8") == text
