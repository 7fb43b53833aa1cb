"""Reading files and walking directories."""

import os
from pathlib import Path

import pytest

from letopis.errors import ReadError
from letopis.read import iter_paths, read_path

TEXT = "Летом 1957 года пленум ЦК заслушал доклад о положении в партии.\n"


def test_read_path_source_is_the_path_as_given(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_bytes(TEXT.encode("cp1251"))
    monkeypatch.chdir(tmp_path)
    doc = read_path("a.txt")
    assert doc.text == TEXT
    assert doc.source == "a.txt"
    assert read_path(Path("a.txt")).source == "a.txt"


def test_any_extension_when_given_explicitly(tmp_path):
    path = tmp_path / "notes.dat"
    path.write_text(TEXT, encoding="utf-8")
    assert read_path(path).text == TEXT


@pytest.mark.parametrize("make, reason", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a directory"),
])
def test_unreadable_paths(tmp_path, make, reason):
    path = make(tmp_path)
    with pytest.raises(ReadError) as info:
        read_path(path)
    assert str(info.value) == f"{path}: {reason}"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="permissions do not bind root")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(ReadError, match="permission denied"):
            read_path(path)
    finally:
        path.chmod(0o644)


def test_binary_file(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    with pytest.raises(ReadError, match="PDF"):
        read_path(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    doc = read_path(path)
    assert doc.text == ""
    assert doc.source == str(path)


def test_iter_paths_walks_sorted_text_files_only(tmp_path):
    for name in ["b.txt", "a.md", "sub/c.text", "sub/deeper/d.TXT", "image.png", "data.json",
                 ".hidden.txt", ".git/e.txt", "sub/a2.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT, encoding="utf-8")
    explicit = tmp_path / "data.json"
    found = list(iter_paths([tmp_path, explicit, "missing.txt"]))
    rel = [os.path.relpath(p, tmp_path) for p in found[:-2]]
    assert rel == ["a.md", "b.txt", os.path.join("sub", "a2.txt"), os.path.join("sub", "c.text"),
                   os.path.join("sub", "deeper", "d.TXT")]
    assert found[-2:] == [str(explicit), "missing.txt"]
    assert all(isinstance(p, str) for p in found)


def test_permission_denied_reported(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(TEXT, encoding="utf-8")

    def locked(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("letopis.read.walk.os.open", locked)
    with pytest.raises(ReadError) as info:
        read_path(path)
    assert str(info.value) == f"{path}: permission denied"
