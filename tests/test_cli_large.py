"""A 10 MB input through ``letopis analyze`` in a subprocess: it finishes in bounded memory."""

import json
import resource
import subprocess
import sys
import time

import pytest

from letopis.doc import Document, check_spans
from letopis.sample import sample_text

TARGET_BYTES = 10 * 1024 * 1024
PEAK_LIMIT = {"fast": 1024 ** 3, "accurate": 1536 * 1024 ** 2}  # the accurate NER's encoder


def big_text(target: int = TARGET_BYTES) -> str:
    """Paragraphs of the bundled sample in rotating order, with chapter headings."""
    paragraphs = [p for p in sample_text().split("\n\n") if p.strip()]
    parts: list[str] = []
    size, chapter = 0, 0
    while size < target:
        chapter += 1
        shift = chapter % len(paragraphs)
        block = f"Глава {chapter}.\n\n" + "\n\n".join(paragraphs[shift:] + paragraphs[:shift])
        parts.append(block)
        size += len(block.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


@pytest.mark.slow
@pytest.mark.parametrize("model", ["fast", "accurate"])
def test_ten_megabytes_in_bounded_memory(tmp_path, model):
    text = big_text()
    source = tmp_path / "big.txt"
    source.write_text(text, encoding="utf-8", newline="")
    out = tmp_path / "big.jsonl"
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "letopis.cli.main", "analyze", str(source),
         "--format", "jsonl", "-o", str(out), "--ner-model", model],
        capture_output=True, text=True, timeout=4 * 3600,
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    print(f"\n10 MB run ({model}): {len(text)} chars, {elapsed:.0f} s, "
          f"peak RSS {peak / 2**20:.0f} MiB")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert peak < PEAK_LIMIT[model]
    [line] = out.read_text(encoding="utf-8").splitlines()
    doc = Document.from_dict(json.loads(line))
    assert doc.text == text
    assert doc.source == str(source)
    check_spans(doc)
    assert len(doc.mentions) > 1000
