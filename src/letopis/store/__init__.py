"""The corpus store: analyzed documents, cross-document entities and search in SQLite.

See docs/store.md. ``Store.open(path)`` creates or opens a store; ``store.add(doc)``
writes a document and all its rows in one transaction and skips a stored one.
"""

from letopis.store.core import Store
from letopis.store.edtf import edtf_years
from letopis.store.errors import NotFoundError, SearchError, StoreError
from letopis.store.prepare import Prepared, prepare
from letopis.store.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION", "NotFoundError", "Prepared", "SearchError", "Store", "StoreError",
    "edtf_years", "prepare",
]
