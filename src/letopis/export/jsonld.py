"""W3C Web Annotation (JSON-LD) output: one AnnotationCollection (docs/export.md).

Every mention, quotation, claim and relation is an Annotation whose target is the document
(``urn:letopis:doc:<sha256>``) with a TextPositionSelector (code points, as the
specification counts them and as letopis offsets are) and a TextQuoteSelector
(``exact``, ``prefix``, ``suffix``). Identifiers are URNs; the only URLs written are the
Web Annotation context and Wikidata entity URIs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from letopis.doc import Document
from letopis.export import printable
from letopis.export.corpus import CorpusEntity, corpus_entities, corpus_ids
from letopis.kb.facts import Fact, Party, doc_facts

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# the Web Annotation context, and owl:sameAs for an entity's Wikidata and GeoNames URIs
CONTEXT: list[Any] = [ANNO_CONTEXT, {
    "sameAs": {"@id": "http://www.w3.org/2002/07/owl#sameAs", "@type": "@id"}}]
CONTEXT_SIZE = 32


def doc_urn(doc: Document) -> str:
    """The document's URN (its id is the sha256 of its text)."""
    return f"urn:letopis:doc:{doc.id}"


def entity_urn(entity_id: str) -> str:
    """A corpus entity's URN."""
    return f"urn:letopis:entity:{entity_id}"


def target(doc: Document, start: int, end: int, text: str | None = None) -> dict[str, Any]:
    """A SpecificResource on ``doc`` selecting ``[start, end)`` by position and quote.

    ``text``: ``printable(doc.text)`` when the caller has it already (it costs a pass over
    the whole text, so a caller with many annotations computes it once).
    """
    if text is None:
        text = printable(doc.text)
    return {
        "type": "SpecificResource",
        "source": doc_urn(doc),
        "selector": [
            {"type": "TextPositionSelector", "start": start, "end": end},
            {"type": "TextQuoteSelector", "exact": text[start:end],
             "prefix": text[max(0, start - CONTEXT_SIZE):start],
             "suffix": text[end:end + CONTEXT_SIZE]},
        ],
    }


def _tag(value: str, purpose: str = "tagging") -> dict[str, str]:
    return {"type": "TextualBody", "value": value, "format": "text/plain", "purpose": purpose}


def _identify(cid: str, entities: dict[str, CorpusEntity], purpose: str) -> list[dict[str, Any]]:
    """SpecificResource bodies naming a corpus entity (and its Wikidata item)."""
    entity = entities.get(cid)
    name = printable(entity.name) if entity else cid
    uris = entity.uris() if entity else []
    first: dict[str, Any] = {"type": "SpecificResource", "source": entity_urn(cid),
                             "purpose": purpose, "label": name}
    if uris:
        first["sameAs"] = uris
    bodies: list[dict[str, Any]] = [first]
    bodies += [{"type": "SpecificResource", "source": uri, "purpose": purpose} for uri in uris]
    return bodies


def _annotation(doc: Document, text: str, item_id: str, motivation: str,
                bodies: list[dict[str, Any]], start: int, end: int) -> dict[str, Any]:
    return {"id": f"{doc_urn(doc)}#{item_id}", "type": "Annotation", "motivation": motivation,
            "body": bodies, "target": target(doc, start, end, text)}


def _side(doc: Document, role: str, party: Party, local: dict[str, str],
          entities: dict[str, CorpusEntity]) -> list[dict[str, Any]]:
    """A relation's side: its corpus entity (and Wikidata item), else the mention's
    annotation; ``label`` says which side (``head: Name``, ``tail: Name``)."""
    cid = local.get(party.entity or "")
    if cid is None:
        return [{"type": "SpecificResource", "source": f"{doc_urn(doc)}#{party.mention}",
                 "purpose": "linking", "label": f"{role}: {printable(party.name)}"}]
    bodies = _identify(cid, entities, "linking")
    bodies[0]["label"] = f"{role}: {bodies[0]['label']}"
    return bodies


def _relation_bodies(doc: Document, fact: Fact, local: dict[str, str],
                     entities: dict[str, CorpusEntity]) -> list[dict[str, Any]]:
    """The type (``classifying``), a Russian reading (``describing``), the score
    (``assessing``) and the two sides (``linking``) of one relation."""
    reading = f"{fact.subject.name} — {fact.name} — {fact.other.name}"
    return [_tag(fact.type, "classifying"), _tag(printable(reading), "describing"),
            _tag(f"score {fact.score:.3g}", "assessing"),
            *_side(doc, "head", fact.subject, local, entities),
            *_side(doc, "tail", fact.other, local, entities)]


def relation_annotations(
    doc: Document, entities: dict[str, CorpusEntity], text: str | None = None,
) -> Iterator[dict[str, Any]]:
    """One ``linking`` annotation per relation, targeting its evidence span."""
    text = printable(doc.text) if text is None else text
    local = corpus_ids(doc)
    for fact in doc_facts(doc):
        yield _annotation(doc, text, fact.relation, "linking",
                          _relation_bodies(doc, fact, local, entities), fact.start, fact.end)


def document_annotations(doc: Document, entities: dict[str, CorpusEntity]) -> list[dict[str, Any]]:
    """The annotations of one document: mentions, quotations, claims, then relations."""
    return list(iter_annotations(doc, entities))


def iter_annotations(
    doc: Document, entities: dict[str, CorpusEntity],
) -> Iterator[dict[str, Any]]:
    """``document_annotations`` one at a time (one per mention, quotation, claim and
    relation).

    Linear in the output: the text is made printable once, each annotation slices it.
    """
    text = printable(doc.text)
    local = corpus_ids(doc)
    edtf = {d.mention: d.edtf for d in doc.dates}
    for m in doc.mentions:
        bodies = [_tag(m.label)]
        cid = local.get(m.entity or "")
        if cid is not None:
            bodies += _identify(cid, entities, "identifying")
        if m.id in edtf:
            bodies.append(_tag(f"EDTF {printable(edtf[m.id])}", "describing"))
        motivation = "identifying" if cid is not None else "tagging"
        yield _annotation(doc, text, m.id, motivation, bodies, m.start, m.end)
    for q in doc.quotes:
        bodies = [_tag(q.kind, "classifying")]
        speaker = local.get(q.speaker or "")
        if speaker is not None:
            name = entities[speaker].name if speaker in entities else speaker
            bodies.append(_tag(f"speaker: {printable(name)}", "describing"))
            bodies += _identify(speaker, entities, "linking")
        yield _annotation(doc, text, q.id, "describing", bodies, q.start, q.end)
    for c in doc.claims:
        bodies = [_tag("claim", "classifying")]
        for role, ref in (("holder", c.holder), ("source", c.source)):
            cid = local.get(ref or "")
            if cid is not None:
                name = entities[cid].name if cid in entities else cid
                bodies.append(_tag(f"{role}: {printable(name)}", "commenting"))
                bodies += _identify(cid, entities, "linking")
        yield _annotation(doc, text, c.id, "commenting", bodies, c.start, c.end)
    yield from relation_annotations(doc, entities, text)


def corpus_collection(docs: list[Document]) -> dict[str, Any]:
    """The corpus as one AnnotationCollection with a single AnnotationPage."""
    entities = corpus_entities(docs)
    items = [a for doc in docs for a in document_annotations(doc, entities)]
    return _collection(len(docs), items)


def _collection(n_docs: int, items: list[dict[str, Any]], total: int | None = None,
                ) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "id": "urn:letopis:collection",
        "type": "AnnotationCollection",
        "label": f"letopis annotations of {n_docs} documents",
        "total": len(items) if total is None else total,
        "first": {"id": "urn:letopis:collection:page1", "type": "AnnotationPage",
                  "startIndex": 0, "items": items},
    }


def documents_to_jsonld(docs: list[Document]) -> str:
    """The AnnotationCollection as JSON text (see ``iter_jsonld``)."""
    return "".join(iter_jsonld(docs))


def iter_jsonld(docs: list[Document]) -> Iterator[str]:
    """The AnnotationCollection as JSON text in pieces (UTF-8, not ASCII-escaped): indented
    around one annotation per line, each encoded compactly by json's C encoder as soon as
    it is made (an indented dump of the whole goes through the pure-Python encoder,
    several times slower, and would hold every annotation at once)."""
    entities = corpus_entities(docs)
    total = sum(len(d.mentions) + len(d.quotes) + len(d.claims) + len(doc_facts(d))
                for d in docs)
    head = json.dumps(_collection(len(docs), [], total), ensure_ascii=False, indent=1)
    if not total:
        yield head + "\n"
        return
    before, after = head.rsplit('"items": []', 1)
    yield before + '"items": [\n'
    first = True
    for doc in docs:
        for item in iter_annotations(doc, entities):
            yield ("" if first else ",\n") + json.dumps(item, ensure_ascii=False)
            first = False
    yield f"\n  ]{after}\n"
