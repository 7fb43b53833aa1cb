"""The README's examples run as written, and every doc it lists exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_listed_docs_exist():
    for path in re.findall(r"`((?:docs/[\w.]+)|BENCHMARKS\.md)`", README):
        assert (ROOT / path).exists(), path


def test_make_targets_named_in_readme_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"`make ([\w-]+)`", README)):
        assert re.search(rf"^{re.escape(target)}:", makefile, flags=re.M), target
