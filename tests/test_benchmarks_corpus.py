"""benchmarks/make_corpus.py: reproducible distinct documents, power-law draws, ingest, reuse."""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import make_corpus  # noqa: E402

from letopis.doc import check_spans  # noqa: E402
from letopis.store.core import Store  # noqa: E402


@pytest.fixture(scope="module")
def pool() -> list[str]:
    return make_corpus.sentence_pool(source="own")[1]


def test_same_seed_same_documents(pool: list[str]) -> None:
    first = make_corpus.generate(20, 7, pool)
    assert first == make_corpus.generate(20, 7, pool)
    assert len(set(first)) == 20
    assert make_corpus.generate(5, 7, pool) == first[:5]
    assert make_corpus.generate(20, 8, pool) != first


def test_templates_fill_every_slot(pool: list[str]) -> None:
    texts = make_corpus.generate(30, 3, pool)
    assert all("{" not in t and "}" not in t for t in texts)
    assert all(t.endswith("\n") and len(t) > 100 for t in texts)


def test_draws_follow_a_power_law() -> None:
    draw = make_corpus.zipf(random.Random(1), list(range(100)))
    source = random.Random(2)
    counts = Counter(draw(source) for _ in range(20_000))
    ranked = [n for _, n in counts.most_common()]
    assert ranked[0] > 10 * ranked[len(ranked) // 2]


def test_surnames_decline_by_gender() -> None:
    male = make_corpus.Person("Иван", "Соколов", False)
    female = make_corpus.Person("Анна", "Соколов", True)
    assert make_corpus.surname(male, "ablt") == "Соколовым"
    assert make_corpus.surname(female, "gent") == "Соколовой"
    assert make_corpus.inflect("Казань", "loct", "Geox") == "Казани"


def _build(tmp_path: Path, *extra: str) -> dict[str, object]:
    out = tmp_path / "record.json"
    make_corpus.main(["--n", "20", "--seed", "5", "--pool", "own", "--out",
                      str(tmp_path / "corpus"), "--db", str(tmp_path / "c.db"),
                      "--workers", "1", "--json", str(out), *extra])
    record: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return record


def test_build_ingest_then_reuse(tmp_path: Path) -> None:
    first = _build(tmp_path)
    ingest = first["ingest"]
    assert isinstance(ingest, dict)
    assert ingest["added"] == 20 and ingest["documents"] == 20 and not ingest["reused"]
    assert len(list((tmp_path / "corpus").glob("doc-*.txt"))) == 20
    with Store.open(tmp_path / "c.db", readonly=True) as store:
        _, docs = store.documents(limit=3)
        for info in docs:
            check_spans(store.document(info.id))
    second = _build(tmp_path)
    assert second["corpus"]["digest"] == first["corpus"]["digest"]  # type: ignore[index]
    assert second["ingest"]["reused"] is True  # type: ignore[index]


def test_foreign_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "c.db").write_bytes(b"")
    with pytest.raises(SystemExit, match="not built by make_corpus"):
        _build(tmp_path)
