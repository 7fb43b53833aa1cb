"""Errors of the corpus store."""

from __future__ import annotations

from letopis.errors import LetopisError


class StoreError(LetopisError):
    """The store cannot be opened, read or written (wrong schema version, read-only...)."""


class NotFoundError(StoreError):
    """No document or entity with the asked id."""


class SearchError(StoreError):
    """A search query is malformed; the message says what is wrong, in one line."""
