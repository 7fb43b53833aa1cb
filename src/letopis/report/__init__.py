"""The self-contained offline HTML report: ``documents_to_html(docs) -> str``."""

from letopis.report.html import documents_to_html

__all__ = ["documents_to_html"]
