"""The bundled sample text: an original Russian passage on the 1968 Prague Spring."""

from __future__ import annotations

from importlib import resources

from letopis.doc import Document

SAMPLE_NAME = "sample.ru.txt"


def sample_bytes() -> bytes:
    """The sample file's bytes (UTF-8)."""
    return resources.files("letopis").joinpath("resources", SAMPLE_NAME).read_bytes()


def sample_text() -> str:
    """The sample text, decoded."""
    return sample_bytes().decode("utf-8")


def sample_document() -> Document:
    """An unanalysed Document of the sample, its source named ``sample.ru.txt``."""
    return Document(sample_text(), SAMPLE_NAME)
