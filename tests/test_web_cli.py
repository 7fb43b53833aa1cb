"""``letopis serve``: refuses a missing store, binds the loopback address by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from letopis.cli.serve import app  # noqa: E402
from letopis.store.core import Store  # noqa: E402


def test_missing_store_is_one_line_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "no such store" in result.output


def test_not_a_store_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite", encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(bad)])
    assert result.exit_code == 2 and "letopis: error:" in result.output


def test_serves_on_loopback_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.db"
    Store.open(db).close()
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: calls.append(kw))
    result = CliRunner().invoke(app, ["--db", str(db)])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
