"""``letopis kb import``: Wikidata JSON dumps (plain, .gz, .bz2) and CSV, written here;
bad rows counted, never fatal; the user's items reach the linker; a 10 MB dump generated
at test time imports in bounded memory."""

import bz2
import gzip
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from letopis.cli.main import app
from letopis.doc import Document, Entity, Mention, check_spans
from letopis.kb.authority import SHIPPED, KnowledgeBase
from letopis.kb.importer import import_file
from letopis.resolve.linking import link_entities


def entity(qid: str, label: str | None, p31: str, aliases=(), desc=None, coords=None,
           geonames=None) -> dict:
    claims = {"P31": [{"mainsnak": {"datavalue": {"value": {"id": p31}}}}]}
    if coords:
        claims["P625"] = [{"mainsnak": {"datavalue": {"value": {
            "latitude": coords[0], "longitude": coords[1]}}}}]
    if geonames:
        claims["P1566"] = [{"mainsnak": {"datavalue": {"value": geonames}}}]
    out = {"id": qid, "type": "item", "claims": claims,
           "labels": {"ru": {"language": "ru", "value": label}} if label else {},
           "aliases": {"ru": [{"language": "ru", "value": a} for a in aliases]}}
    if desc:
        out["descriptions"] = {"ru": {"language": "ru", "value": desc}}
    return out


ROWS = [
    entity("Q90001", "Пётр Зорин", "Q5", ["П. И. Зорин"], "советский инженер"),
    entity("Q90002", "Кострома", "Q515", desc="город", coords=(57.77, 40.93),
           geonames="543460"),
    entity("Q90003", None, "Q5"),  # no Russian name
    entity("Q90004", "Синий", "Q1084"),  # a class that maps to nothing
]


def dump_text(rows: list[dict], bad: int = 0) -> str:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows] + ["{not json"] * bad
    return "[\n" + ",\n".join(lines) + "\n]\n"


@pytest.mark.parametrize("suffix", [".json", ".json.gz", ".json.bz2"])
def test_dump_formats(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"dump{suffix}"
    data = dump_text(ROWS, bad=2).encode("utf-8")
    opener = {".json": open, ".json.gz": gzip.open, ".json.bz2": bz2.open}[suffix]
    with opener(path, "wb") as handle:
        handle.write(data)
    stats = import_file(path, tmp_path / "kb.sqlite")
    assert (stats.read, stats.kept, stats.no_russian, stats.other_type, stats.bad) == (
        6, 2, 1, 1, 2)
    kb = KnowledgeBase([tmp_path / "kb.sqlite"])
    city = kb.lookup("Q90002")
    assert city and city.type == "CITY" and city.coords == (57.77, 40.93)
    assert city.geonames == "543460" and kb.lookup("543460") == city
    person = kb.lookup("Q90001")
    assert person and person.description == "советский инженер"
    assert person.aliases == ("П. И. Зорин",)


def test_csv_with_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text(textwrap.dedent("""\
        qid,label,aliases,type,description
        Q90011,Анна Зорина,А. Зорина|Зорина Анна,PERSON,учительница
        http://www.wikidata.org/entity/Q90012,Крестовый завод,,Q4830453,
        Q90013,Луна,,Q2537,
        not-a-qid,Что-то,,PERSON,
        Q90014,Smith,,PERSON,
        Q90015,Обь,,river,,extra cell
        """), encoding="utf-8")
    stats = import_file(path, tmp_path / "kb.sqlite")
    assert (stats.read, stats.kept, stats.other_type, stats.no_russian, stats.bad) == (
        6, 2, 1, 1, 2)
    kb = KnowledgeBase([tmp_path / "kb.sqlite"])
    assert kb.lookup("Q90012").type == "ORGANIZATION"
    assert kb.lookup("Q90011").name == "Анна Зорина"


def test_imported_person_is_linked_and_user_base_comes_first(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(dump_text(ROWS), encoding="utf-8")
    import_file(path, tmp_path / "user.sqlite")
    kb = KnowledgeBase([tmp_path / "user.sqlite", SHIPPED])
    doc = Document(text="П. И. Зорин приехал.")
    doc.mentions.append(Mention("m1", 0, 11, "П. И. Зорин", "PERSON", "e1"))
    doc.entities.append(Entity("e1", "PERSON", "П. И. Зорин", mentions=["m1"]))
    link_entities(doc, kb)
    check_spans(doc)
    assert doc.entities[0].wikidata == "Q90001"


def test_cli_reports_counts_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(dump_text(ROWS, bad=1), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["kb", "import", str(path), "--kb", str(tmp_path / "k.db")])
    assert result.exit_code == 0, result.output
    assert "2 items imported of 5 read" in result.output and "bad rows: 1" in result.output
    missing = runner.invoke(app, ["kb", "import", str(tmp_path / "none.json"),
                                  "--kb", str(tmp_path / "k.db")])
    assert missing.exit_code == 1
    lines = missing.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("letopis: error: ")
    bad_csv = tmp_path / "x.csv"
    bad_csv.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["kb", "import", str(bad_csv), "--kb", str(tmp_path / "k.db")])
    assert result.exit_code == 1 and "header" in result.output


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_ten_megabyte_dump_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.json.gz"
    first = ["Иван", "Пётр", "Сергей", "Анна", "Мария", "Олег", "Глеб", "Вера"]
    last = ["Зорин", "Котов", "Лесков", "Мухин", "Рябов", "Титов", "Шилов", "Юдин"]
    size = 0
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("[\n")
        n = 0
        while size < 10_000_000:
            name = f"{first[n % 8]} {last[(n // 8) % 8]}"
            row = entity(f"Q{8_000_000 + n}", name, "Q5" if n % 3 else "Q515",
                         [f"{name[0]}. {last[(n // 8) % 8]}"], "пример " * 40)
            line = json.dumps(row, ensure_ascii=False) + ",\n"
            handle.write(line)
            size += len(line.encode("utf-8"))
            n += 1
        handle.write("{}\n]\n")
    # VmHWM: this process's own peak (ru_maxrss would count the forking pytest's memory)
    code = ("import re, sys; from pathlib import Path; "
            "from letopis.kb.importer import import_file; "
            "s = import_file(Path(sys.argv[1]), Path(sys.argv[2])); "
            "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()); "
            "print(s.kept, s.bad, hwm.group(1))")
    out = subprocess.run([sys.executable, "-c", code, str(path), str(tmp_path / "k.db")],
                         capture_output=True, text=True, timeout=600, check=True)
    kept, bad, rss_kb = map(int, out.stdout.split())
    assert kept == n and bad == 1
    print(f"10 MB dump: {n} entities, peak RSS {rss_kb / 1024:.0f} MB")
    assert rss_kb < 300 * 1024, f"peak RSS {rss_kb / 1024:.0f} MB"
