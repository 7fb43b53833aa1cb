"""Whole-corpus export: load a store read-only and write one format (docs/export.md).

Exported from a store, corpus entities are the store's (``letopis.store.identity``,
curation included); documents without a store get one corpus entity per (label,
canonical name), id ``E`` + 16 hex digits (``letopis.store.write.entity_id``).
The format modules (``tei``, ``jsonld``, ``network``, ``csvout``; ``brat`` for brat) take
a list of documents, so they also work without a store.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letopis.doc import Document
from letopis.export import ExportError
from letopis.store.write import entity_id

CORPUS_FORMATS: tuple[str, ...] = ("tei", "jsonld", "gexf", "graphml", "csv", "brat")
WIKIDATA = "http://www.wikidata.org/entity/"
GEONAMES = "https://sws.geonames.org/"
_QID = re.compile(r"^Q[1-9]\d*$")
PAGE = 200


@dataclass
class CorpusEntity:
    """One corpus entity: every document entity with this label and canonical name."""

    id: str
    label: str
    name: str
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    documents: list[str] = field(default_factory=list)
    geonames: str | None = None
    coords: list[float] | None = None

    def uris(self) -> list[str]:
        """The authority URIs of the entity: Wikidata, then GeoNames (well-formed ids)."""
        return [u for u in (wikidata_uri(self.wikidata), geonames_uri(self.geonames)) if u]


def wikidata_uri(qid: str | None) -> str | None:
    """``http://www.wikidata.org/entity/Q…`` for a well-formed QID, else None."""
    if qid is None or not _QID.match(qid.strip()):
        return None
    return WIKIDATA + qid.strip()


def geonames_uri(gid: str | None) -> str | None:
    """``https://sws.geonames.org/<id>/`` for a well-formed GeoNames id, else None."""
    if gid is None or not gid.strip().isdigit() or not gid.strip().isascii():
        return None
    return f"{GEONAMES}{int(gid.strip())}/"


# While a store is exported: document id -> (local entity id -> the store's corpus entity).
_STORE_IDS: ContextVar[dict[str, dict[str, str]] | None] = ContextVar("store_ids", default=None)


def corpus_ids(doc: Document) -> dict[str, str]:
    """Local entity id -> corpus entity id, for one document: the store's identity while a
    store is exported, else one corpus entity per (label, canonical name)."""
    known = _STORE_IDS.get()
    if known is not None and doc.id in known:
        return known[doc.id]
    return {e.id: entity_id(e.label, e.name) for e in doc.entities}


def corpus_entities(docs: list[Document]) -> dict[str, CorpusEntity]:
    """Corpus id -> entity with mention count, aliases (surfaces) and documents, in order."""
    found: dict[str, CorpusEntity] = {}
    for doc in docs:
        local = corpus_ids(doc)
        for e in doc.entities:
            cid = local[e.id]
            item = found.setdefault(cid, CorpusEntity(cid, e.label, e.name))
            if item.wikidata is None and wikidata_uri(e.wikidata):
                item.wikidata = e.wikidata.strip() if e.wikidata else None
            if item.geonames is None and geonames_uri(e.geonames):
                item.geonames, item.coords = e.geonames, e.coords
            if doc.id not in item.documents:
                item.documents.append(doc.id)
        for m in doc.mentions:
            ref = local.get(m.entity or "")
            if ref is not None:
                found[ref].mentions += 1
                if m.text not in found[ref].aliases:
                    found[ref].aliases.append(m.text)
    return found


def iter_store_documents(
    db: str | Path, ids: dict[str, dict[str, str]] | None = None,
) -> Iterator[Document]:
    """Every stored document, oldest first, from a store opened read-only, with the
    store's corpus identity (names and links of corpus entities, curation included; an
    entity deleted by curation left out); ``ids`` collects local -> corpus ids per document."""
    from letopis.store.core import Store

    with Store.open(db, readonly=True) as store:
        offset = 0
        while True:
            _, page = store.documents(limit=PAGE, offset=offset)
            if not page:
                return
            for info in page:
                doc = store.document(info.id)
                links = store.entity_links(info.id)
                _apply_links(doc, links)
                if ids is not None:
                    ids[doc.id] = {local: link.entity for local, link in links.items()}
                yield doc
            offset += len(page)


def _apply_links(doc: Document, links: dict[str, Any]) -> None:
    """Give each entity of ``doc`` its corpus entity's name and links; drop the others."""
    kept = []
    for entity in doc.entities:
        link = links.get(entity.id)
        if link is not None:
            entity.name, entity.wikidata, entity.geonames = (link.name, link.wikidata,
                                                             link.geonames)
            kept.append(entity)
    doc.entities = kept
    for mention in doc.mentions:
        if mention.entity is not None and mention.entity not in links:
            mention.entity = None


def export_documents(docs: list[Document], fmt: str, out: str | Path) -> list[Path]:
    """Write ``docs`` in corpus format ``fmt`` to ``out``; the paths written.

    tei, jsonld, gexf, graphml: one file; csv, brat: a directory (created).
    """
    target = Path(out)
    if fmt not in CORPUS_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(CORPUS_FORMATS)}")
    if fmt == "brat":
        from letopis.export.brat import write_brat_dir

        return write_brat_dir(docs, target)
    if fmt == "csv":
        from letopis.export.csvout import write_csv_dir

        return write_csv_dir(docs, target)
    return [_write_file(target, _render(docs, fmt), fmt)]


def _render(docs: list[Document], fmt: str) -> Iterable[str]:
    if fmt == "tei":
        from letopis.export.tei import documents_to_tei

        return [documents_to_tei(docs)]
    if fmt == "jsonld":
        from letopis.export.jsonld import iter_jsonld

        return iter_jsonld(docs)
    from letopis.export.network import network_to_string

    return [network_to_string(docs, fmt)]


def _write_file(path: Path, chunks: Iterable[str], fmt: str) -> Path:
    """Write ``chunks`` to a temporary file beside ``path``, then move it into place: an
    export that fails half-way leaves no half-written file (nor a damaged older one)."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        if path.parent != Path():
            path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {fmt} to {path}: {error.strerror or error}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def export_store(db: str | Path, fmt: str, out: str | Path) -> list[Path]:
    """Export the whole store at ``db`` (opened read-only) in ``fmt`` to ``out``."""
    if fmt not in CORPUS_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(CORPUS_FORMATS)}")
    ids: dict[str, dict[str, str]] = {}
    docs = list(iter_store_documents(db, ids))
    token = _STORE_IDS.set(ids)
    try:
        return export_documents(docs, fmt, out)
    finally:
        _STORE_IDS.reset(token)
