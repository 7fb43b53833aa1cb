"""The ``letopis.document/1`` JSON contract: writing, reading and schema validation.

Output is UTF-8 friendly (``ensure_ascii=False``) unless the text holds lone surrogates
that UTF-8 cannot encode; then that output falls back to ``\\uXXXX`` escapes, which
read back to the very same string.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from letopis.doc import Document, dict_to_document, document_to_dict
from letopis.errors import LetopisError, SchemaError

SCHEMA_RESOURCE = "document.schema.json"


def _dumps(obj: Any, indent: int | None) -> str:
    """JSON text of ``obj``; ASCII escapes only when the text cannot be UTF-8 encoded."""
    separators = (",", ": ") if indent is not None else (",", ":")
    out = json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:
        out = json.dumps(obj, ensure_ascii=True, indent=indent, separators=separators)
    return out


def document_to_json(doc: Document, indent: int | None = 2) -> str:
    """One document as a ``letopis.document/1`` JSON object (no trailing newline)."""
    return _dumps(document_to_dict(doc), indent)


def documents_to_json(docs: list[Document]) -> str:
    """One object for one document, an array for any other number (indent 2)."""
    if len(docs) == 1:
        return document_to_json(docs[0])
    return _dumps([document_to_dict(d) for d in docs], 2)


def documents_to_jsonl(docs: list[Document]) -> str:
    """One compact JSON object per line, each line ending with a newline."""
    return "".join(document_to_json(d, indent=None) + "\n" for d in docs)


def _loads(s: str) -> Any:
    try:
        return json.loads(s)
    except json.JSONDecodeError as error:
        raise SchemaError(f"not valid JSON: {error}") from None


def json_to_document(s: str) -> Document:
    """A ``letopis.document/1`` JSON object -> Document (SchemaError if it is not one)."""
    return dict_to_document(_loads(s))


def json_to_documents(s: str) -> list[Document]:
    """Documents from a JSON object, a JSON array of objects or JSON Lines."""
    stripped = s.strip()
    if not stripped:
        return []
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError:
        lines = [line for line in stripped.splitlines() if line.strip()]
        return [json_to_document(line) for line in lines]
    if isinstance(data, list):
        return [dict_to_document(item) for item in data]
    return [dict_to_document(data)]


@cache
def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``letopis.document/1``."""
    path = resources.files("letopis").joinpath("resources", SCHEMA_RESOURCE)
    return json.loads(path.read_text(encoding="utf-8"))


def validate(obj: dict[str, Any] | Document) -> None:
    """Check ``obj`` against the JSON Schema; SchemaError naming the first problem.

    Needs the ``jsonschema`` package (a dev dependency). The schema checks shape and
    vocabulary only; ``letopis.doc.check_spans`` checks offsets and references.
    """
    try:
        import jsonschema
    except ImportError:
        raise LetopisError("validation needs the jsonschema package (pip install jsonschema)") \
            from None
    if isinstance(obj, Document):
        obj = document_to_dict(obj)
    validator = jsonschema.Draft202012Validator(load_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(obj))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        message = error.message if len(error.message) <= 200 else error.message[:200] + "…"
        raise SchemaError(f"not a valid letopis.document/1 object at {where}: {message}")
