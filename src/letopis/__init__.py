"""letopis: source-grounded extraction from Russian historical text."""

from letopis.doc import Document, check_spans
from letopis.errors import LetopisError
from letopis.pipeline import analyze

__version__ = "0.1.0"
__all__ = ["Document", "LetopisError", "analyze", "check_spans", "__version__"]
