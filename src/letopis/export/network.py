"""The corpus entity network as GEXF or GraphML (networkx), for Gephi (docs/export.md).

Nodes are corpus entities (``label`` = the name Gephi shows, ``type`` = the NEREL label,
``name``, ``mentions``, ``documents``, ``wikidata``); an undirected edge joins two
entities named in one document, ``weight`` = the number of documents they share.
"""

from __future__ import annotations

import io
from itertools import combinations

import networkx as nx

from letopis.doc import Document
from letopis.export import ExportError, printable
from letopis.export.corpus import corpus_entities, corpus_ids

NETWORK_FORMATS = ("gexf", "graphml")


def entity_graph(docs: list[Document]) -> nx.Graph:
    """Undirected co-occurrence graph of corpus entities (weights = shared documents)."""
    graph = nx.Graph()
    for entity in corpus_entities(docs).values():
        graph.add_node(
            entity.id, label=printable(entity.name), name=printable(entity.name),
            type=entity.label, mentions=entity.mentions, documents=len(entity.documents),
            wikidata=entity.wikidata or "",
        )
    for doc in docs:
        present = sorted(set(corpus_ids(doc).values()))
        for a, b in combinations(present, 2):
            if graph.has_edge(a, b):
                graph[a][b]["weight"] += 1
            else:
                graph.add_edge(a, b, weight=1)
    return graph


def network_to_string(docs: list[Document], fmt: str) -> str:
    """The entity graph as GEXF 1.2 or GraphML text."""
    graph = entity_graph(docs)
    buffer = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(graph, buffer, encoding="utf-8", version="1.2draft")
    elif fmt == "graphml":
        nx.write_graphml(graph, buffer, encoding="utf-8")
    else:
        raise ExportError(f"unknown network format {fmt!r}; choose gexf or graphml")
    return buffer.getvalue().decode("utf-8")
