"""``letopis analyze``: formats, stdin, directories, encodings and bad inputs."""

import json

import pytest
from typer.testing import CliRunner

import letopis
from letopis.cli.main import app
from letopis.doc import Document, check_spans

FIRST = (
    "В марте 1985 года пленум ЦК КПСС избрал М. С. Горбачёва генеральным секретарём. "
    "Он заявил, что «перемены давно назрели».\n"
)
SECOND = "Осенью 1962 года Н. С. Хрущёв и Дж. Кеннеди обменивались письмами через посольства.\n"
THIRD = "В Женеве переговоры шли медленно, и делегации часто откладывали заседания.\n"


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args, stdin=None):
    return runner.invoke(app, ["analyze", *map(str, args)], input=stdin)


def docs_of(stdout: str) -> list[Document]:
    docs = [Document.from_dict(json.loads(line)) for line in stdout.splitlines() if line.strip()]
    for doc in docs:
        check_spans(doc)
    return docs


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


@pytest.fixture
def texts(tmp_path):
    paths = []
    for name, text in (("first.txt", FIRST), ("second.txt", SECOND)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"letopis {letopis.__version__}"


def test_no_path_analyzes_the_bundled_sample(runner):
    result = run(runner, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    [doc] = docs_of(result.stdout)
    assert doc.source == "sample.ru.txt"
    assert len(doc.text.split()) > 400
    assert doc.mentions


def test_default_format_is_a_text_summary(runner, texts):
    result = run(runner, texts[0])
    assert result.exit_code == 0, result.output
    assert str(texts[0]) in result.stdout
    assert not result.stdout.lstrip().startswith(("{", "["))


def test_json_one_object_for_one_document(runner, texts):
    result = run(runner, texts[0], "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "letopis.document/1"
    doc = Document.from_dict(data)
    check_spans(doc)
    assert doc.text == FIRST
    assert doc.source == str(texts[0])


def test_json_array_for_several(runner, texts):
    result = run(runner, *texts, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["source"] for d in data] == [str(p) for p in texts]


def test_jsonl_one_line_per_document_with_its_source(runner, texts):
    result = run(runner, *texts, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["source"] for line in lines] == [str(p) for p in texts]


def test_html_is_one_page(runner, texts):
    result = run(runner, *texts, "-f", "html")
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().lower().startswith("<!doctype html")
    assert result.stdout.count("</html>") == 1


def test_brat_one_document_is_its_ann(runner, texts):
    result = run(runner, texts[0], "-f", "brat")
    assert result.exit_code == 0, result.output
    for line in result.stdout.splitlines():
        assert line[0] in "TRAN#*", line
    assert result.stdout.startswith("T")


def test_brat_several_documents_into_a_directory(runner, texts, tmp_path):
    out = tmp_path / "brat"
    result = run(runner, *texts, "-f", "brat", "-o", out)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert {"first.txt", "first.ann", "second.txt", "second.ann"} <= set(names)
    assert (out / "first.txt").read_text(encoding="utf-8") == FIRST


def test_brat_several_documents_needs_a_directory(runner, texts):
    result = run(runner, *texts, "-f", "brat")
    assert result.exit_code == 2
    assert error_lines(result)[0].startswith("letopis: error:")


def test_output_file_is_utf8(runner, texts, tmp_path):
    out = tmp_path / "out.json"
    result = run(runner, texts[0], "-f", "json", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == FIRST


def test_unwritable_output(runner, texts, tmp_path):
    result = run(runner, texts[0], "-o", tmp_path / "no" / "such" / "dir" / "out.txt")
    assert result.exit_code == 1
    assert len(error_lines(result)) == 1
    assert "Traceback" not in result.output


def test_stdin_bytes_are_decoded_like_files(runner):
    result = run(runner, "-", "-f", "jsonl", stdin=SECOND.encode("cp1251"))
    assert result.exit_code == 0, result.output
    [doc] = docs_of(result.stdout)
    assert doc.text == SECOND
    assert doc.source == "<stdin>"


def test_directory_is_walked(runner, tmp_path):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_text(SECOND, encoding="utf-8")
    (folder / "a.md").write_text("# Заметка\n\n" + FIRST, encoding="utf-8")
    (folder / "sub" / "c.txt").write_text(THIRD, encoding="utf-8")
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run(runner, folder, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    sources = [d.source for d in docs_of(result.stdout)]
    assert sources == [str(folder / "a.md"), str(folder / "b.txt"), str(folder / "sub" / "c.txt")]


def test_empty_directory_is_an_error(runner, tmp_path):
    result = run(runner, tmp_path)
    assert result.exit_code == 2
    assert error_lines(result) == [
        f"letopis: error: {tmp_path}: directory holds no files to read"
        " (.txt, .md, .text, .html, .htm, .xhtml, .docx, .pdf, .xml)"
    ]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-16", "utf-8-sig"])
def test_legacy_and_bom_encodings(runner, tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(SECOND.encode(encoding))
    result = run(runner, path, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    [doc] = docs_of(result.stdout)
    assert doc.text == SECOND


def test_forced_encoding_option(runner, tmp_path):
    path = tmp_path / "koi.txt"
    path.write_bytes(THIRD.encode("koi8_r"))
    result = run(runner, path, "--encoding", "koi8-r", "-f", "jsonl")
    assert docs_of(result.stdout)[0].text == THIRD


def test_binary_among_good_files(runner, texts, tmp_path):
    binary = tmp_path / "scan.bin"
    binary.write_bytes(b"%PDF-1.5\n" + bytes(range(256)) * 8)
    result = run(runner, texts[0], binary, texts[1], "-f", "jsonl")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = error_lines(result)
    assert len(lines) == 1
    assert lines[0].startswith(f"letopis: error: {binary}: not a text file")
    assert [d.source for d in docs_of(result.stdout)] == [str(texts[0]), str(texts[1])]


def test_missing_file_and_directory_given_as_file(runner, texts, tmp_path):
    missing = tmp_path / "nope.txt"
    result = run(runner, missing, texts[0], "-f", "jsonl")
    assert result.exit_code == 2
    assert error_lines(result) == [f"letopis: error: {missing}: no such file"]
    assert len(docs_of(result.stdout)) == 1


def test_only_bad_inputs(runner, tmp_path):
    result = run(runner, tmp_path / "a.txt", tmp_path / "b.txt")
    assert result.exit_code == 2
    assert len(error_lines(result)) == 2
    assert result.stdout == ""


def test_empty_file_is_an_empty_document(runner, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run(runner, path, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    [doc] = docs_of(result.stdout)
    assert doc.text == ""
    assert doc.mentions == []


def test_pipeline_failure_is_one_line(runner, texts, monkeypatch):
    real = letopis.pipeline.analyze

    def fragile(text, source=None):
        if "Хрущёв" in text:
            raise ValueError("boom\nsecond line")
        return real(text, source)

    monkeypatch.setattr(letopis.pipeline, "analyze", fragile)
    result = run(runner, *texts, "-f", "jsonl")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert error_lines(result) == [
        f"letopis: error: {texts[1]}: internal error: ValueError: boom\\nsecond line"
    ]
    assert [d.source for d in docs_of(result.stdout)] == [str(texts[0])]


def test_bad_format_is_a_usage_error(runner, texts):
    result = run(runner, texts[0], "-f", "pdf")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_dash_output_is_stdout(runner, texts):
    result = run(runner, texts[0], "-f", "jsonl", "-o", "-")
    assert result.exit_code == 0, result.output
    assert [d.source for d in docs_of(result.stdout)] == [str(texts[0])]


def test_the_accurate_ner_model_and_an_unknown_one(runner, texts):
    result = run(runner, texts[1], "-f", "jsonl", "--ner-model", "accurate")
    assert result.exit_code == 0, result.output
    (doc,) = docs_of(result.stdout)
    assert ("Н. С. Хрущёв", "PERSON") in {(m.text, m.label) for m in doc.mentions}
    result = run(runner, texts[1], "--ner-model", "bogus")
    assert result.exit_code == 2
    (line,) = error_lines(result)
    assert "unknown NER model 'bogus'" in line and result.stdout == ""
