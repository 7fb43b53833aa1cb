"""The corpus entity network as GEXF or GraphML (networkx), for Gephi (docs/export.md).

Nodes are corpus entities (``label`` = the name Gephi shows, ``type`` = the NEREL label,
``name``, ``mentions``, ``documents``, ``wikidata``); an undirected edge joins two
entities named in one document, ``weight`` = the number of documents they share.
"""

from __future__ import annotations

import io
from collections import Counter
from itertools import combinations

import networkx as nx

from letopis.doc import Document
from letopis.export import ExportError, xml_safe
from letopis.export.corpus import corpus_entities, corpus_ids

NETWORK_FORMATS = ("gexf", "graphml")


# A network past this many edges is refused (an ExportError) before it is built: memory
# grows with the edges, and one document naming n entities alone gives n(n-1)/2 of them.
MAX_EDGES = 2_000_000


def entity_graph(docs: list[Document], max_edges: int = MAX_EDGES) -> nx.Graph:
    """Undirected co-occurrence graph of corpus entities (weights = shared documents).

    Every string attribute passes through ``xml_safe``, so the GEXF and GraphML writers
    never meet a character XML cannot hold. ExportError past ``max_edges`` edges.
    """
    graph = nx.Graph()
    for entity in corpus_entities(docs).values():
        graph.add_node(
            entity.id, label=xml_safe(entity.name), name=xml_safe(entity.name),
            type=xml_safe(entity.label), mentions=entity.mentions,
            documents=len(entity.documents), wikidata=xml_safe(entity.wikidata or ""),
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
    graph.add_edges_from((a, b, {"weight": n}) for (a, b), n in weights.items())
    return graph


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
