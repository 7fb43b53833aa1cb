"""The corpus entity network as GEXF or GraphML (networkx), for Gephi (docs/export.md).

Nodes are corpus entities (``label`` = the name Gephi shows, ``type`` = the NEREL label,
``name``, ``mentions``, ``documents``, ``wikidata``). Two kinds of edge, told apart by
``kind``: ``co-mention`` joins two entities named in one document (``weight`` = the
documents they share); ``relation`` is one relation type between two entities
(``relation`` = the NEREL type, ``label`` its Russian name, ``head`` the entity it goes
from, ``weight`` = the documents stating it, ``relations`` how many times, ``score`` the
highest). The graph is a multigraph: a pair may have a co-mention edge and relation
edges side by side.
"""

from __future__ import annotations

import io
from collections import Counter
from itertools import combinations

import networkx as nx

from letopis.doc import Document
from letopis.export import ExportError, xml_safe
from letopis.export.corpus import CorpusEntity, corpus_entities, corpus_ids
from letopis.kb.facts import doc_facts, relation_name

CO_MENTION, RELATION = "co-mention", "relation"

NETWORK_FORMATS = ("gexf", "graphml")


# A network past this many edges is refused (an ExportError) before it is built: memory
# grows with the edges, and one document naming n entities alone gives n(n-1)/2 of them.
MAX_EDGES = 2_000_000


def _coords(entity: CorpusEntity) -> dict[str, float]:
    """``lat`` and ``lon`` node attributes of a linked place (none otherwise)."""
    if not entity.coords or len(entity.coords) != 2:
        return {}
    return {"lat": float(entity.coords[0]), "lon": float(entity.coords[1])}


def entity_graph(docs: list[Document], max_edges: int = MAX_EDGES) -> nx.MultiGraph:
    """Co-mention and relation edges between corpus entities (see the module docstring).

    Every string attribute passes through ``xml_safe``, so the GEXF and GraphML writers
    never meet a character XML cannot hold. ExportError past ``max_edges`` co-mention
    edges.
    """
    graph = nx.MultiGraph()
    for entity in corpus_entities(docs).values():
        graph.add_node(
            entity.id, label=xml_safe(entity.name), name=xml_safe(entity.name),
            type=xml_safe(entity.label), mentions=entity.mentions,
            documents=len(entity.documents), wikidata=xml_safe(entity.wikidata or ""),
            geonames=xml_safe(entity.geonames or ""), **_coords(entity),
        )
    weights: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        present = sorted(set(corpus_ids(doc).values()))
        for pair in combinations(present, 2):
            weights[pair] += 1
            if len(weights) > max_edges:
                raise ExportError(
                    f"the entity network has more than {max_edges:,} edges (entities named "
                    f"together in one document); a network this large is not written")
    # a co-mention edge carries only what it has (kind, weight): the relation attributes
    # written empty on each of them made the files four to five times larger
    graph.add_edges_from((a, b, CO_MENTION, {"kind": CO_MENTION, "weight": n})
                         for (a, b), n in weights.items())
    _add_relations(graph, docs)
    return graph


RelationKey = tuple[str, str, str]  # (type, head corpus id, tail corpus id)


def _relation_edges(docs: list[Document]) -> dict[RelationKey, tuple[set[str], int, float]]:
    """(documents, relations, best score) per relation type and pair of corpus entities.

    Relations with a side outside any entity (a date, a profession) have no edge; a
    symmetric type joins its pair in one order whatever the text's.
    """
    found: dict[RelationKey, tuple[set[str], int, float]] = {}
    for doc in docs:
        local = corpus_ids(doc)
        for fact in doc_facts(doc):
            head, tail = local.get(fact.subject.entity or ""), local.get(fact.other.entity or "")
            if head is None or tail is None:
                continue
            if fact.symmetric:
                head, tail = sorted((head, tail))
            seen, n, best = found.get((fact.type, head, tail), (set(), 0, 0.0))
            found[(fact.type, head, tail)] = (seen | {doc.id}, n + 1, max(best, fact.score))
    return found


def _add_relations(graph: nx.MultiGraph, docs: list[Document]) -> None:
    for (rtype, head, tail), (seen, n, best) in _relation_edges(docs).items():
        graph.add_edge(head, tail, key=f"{rtype}:{head}", kind=RELATION,
                       label=xml_safe(relation_name(rtype)), weight=len(seen),
                       relation=rtype, head=head, relations=n, score=float(best))


def network_to_string(docs: list[Document], fmt: str) -> str:
    """The entity graph as GEXF 1.2 or GraphML text (never a character XML cannot hold)."""
    graph = entity_graph(docs)
    buffer = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(graph, buffer, encoding="utf-8", version="1.2draft")
    elif fmt == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8")
    else:
        raise ExportError(f"unknown network format {fmt!r}; choose gexf or graphml")
    return buffer.getvalue().decode("utf-8")
