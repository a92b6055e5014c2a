"""The projected network: GraphML and GEXF files, centrality, communities and paths."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any
from xml.etree import ElementTree

import networkx as nx
from rdflib import Graph

from .errors import ExportError, InputError
from .export import write_atomic
from .lookup import resolve_node
from .prefixes import prefix_table, shorten
from .results import text_table

__all__ = [
    "NETWORK_FORMATS",
    "Analysis",
    "Link",
    "NodeScore",
    "Path",
    "Step",
    "analyze",
    "flat_attributes",
    "format_analysis",
    "format_paths",
    "gexf_edge_ids",
    "network_bytes",
    "paths",
    "resolve",
    "simple_view",
    "write_network",
]

#: The file formats of :func:`write_network`.
NETWORK_FORMATS: tuple[str, ...] = ("graphml", "gexf")

#: Lists are written as their items joined by this separator (GraphML has no list type).
LIST_SEPARATOR = "; "

_GEXF_NS = "http://www.gexf.net/1.2draft"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def _flat(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float | str):
        return value
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        items = value if isinstance(value, list | tuple) else sorted(value, key=str)
        return LIST_SEPARATOR.join(str(item) for item in items)
    return str(value)


def flat_attributes(attributes: Mapping[str, Any]) -> dict[str, str | int | float | bool]:
    """Return ``attributes`` as written to a file: lists joined with "; ", keys sorted.

    Strings, numbers and booleans are kept; None becomes "".
    """
    return {name: _flat(attributes[name]) for name in sorted(attributes)}


def _flat_graph(nxgraph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with flat attributes, nodes and edges in sorted order."""
    flat = nx.MultiDiGraph()
    flat.graph.update(flat_attributes(nxgraph.graph))
    for node in sorted(nxgraph.nodes):
        flat.add_node(node, **flat_attributes(nxgraph.nodes[node]))
    for u, v, key, data in sorted(nxgraph.edges(keys=True, data=True), key=_edge_order):
        flat.add_edge(u, v, key=key, **flat_attributes(data))
    return flat


def _edge_order(edge: tuple[Any, ...]) -> tuple[str, str, str]:
    return (str(edge[0]), str(edge[1]), str(edge[2]))


def _graphml(nxgraph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(_flat_graph(nxgraph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _gexf_type(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _gexf_value(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _gexf_attributes(
    parent: ElementTree.Element, scope: str, rows: Iterable[Mapping[str, str | int | float | bool]]
) -> dict[str, str]:
    """Declare the attributes of ``scope`` (node or edge); return their ids by name."""
    types: dict[str, str] = {}
    for row in rows:
        for name, value in row.items():
            found = _gexf_type(value)
            if types.setdefault(name, found) != found:
                raise ExportError(f"{scope} attribute {name!r} has values of several types")
    element = ElementTree.SubElement(parent, "attributes", {"class": scope, "mode": "static"})
    ids: dict[str, str] = {}
    for number, name in enumerate(sorted(types)):
        ids[name] = str(number)
        ElementTree.SubElement(
            element, "attribute", {"id": str(number), "title": name, "type": types[name]}
        )
    return ids


def _gexf_values(
    parent: ElementTree.Element, row: Mapping[str, str | int | float | bool], ids: Mapping[str, str]
) -> None:
    values = ElementTree.SubElement(parent, "attvalues")
    for name in sorted(row):
        ElementTree.SubElement(
            values, "attvalue", {"for": ids[name], "value": _gexf_value(row[name])}
        )


def gexf_edge_ids(nxgraph: nx.MultiDiGraph) -> dict[tuple[str, str, str], str]:
    """The GEXF id of each edge: its key, or ``KEY (U->V)`` for a key that several edges share.

    GEXF edge ids are unique in the file; a commitment of two parties gives
    two edges with the commitment's key, told apart by their ends
    (prefixed names where the nodes have an ``id`` attribute).
    """
    edges = sorted(((str(u), str(v), str(k)) for u, v, k in nxgraph.edges(keys=True)))
    uses: dict[str, int] = {}
    for _, _, key in edges:
        uses[key] = uses.get(key, 0) + 1

    def name(node: str) -> str:
        return str(nxgraph.nodes[node].get("id", node))

    return {(u, v, k): k if uses[k] == 1 else f"{k} ({name(u)}->{name(v)})" for u, v, k in edges}


def _gexf(nxgraph: nx.MultiDiGraph) -> bytes:
    root = ElementTree.Element(
        "gexf",
        {
            "xmlns": _GEXF_NS,
            "xmlns:xsi": _XSI_NS,
            "xsi:schemaLocation": f"{_GEXF_NS} {_GEXF_NS}/gexf.xsd",
            "version": "1.2",
        },
    )
    graph_attributes = flat_attributes(nxgraph.graph)
    meta = ElementTree.SubElement(root, "meta")
    ElementTree.SubElement(meta, "creator").text = "ctgraph"
    description = [str(graph_attributes.get("title", ""))]
    for name in ("as_of", "sources"):
        if graph_attributes.get(name):
            description.append(f"{name}: {graph_attributes[name]}")
    ElementTree.SubElement(meta, "description").text = "\n".join(
        part for part in description if part
    )
    graph = ElementTree.SubElement(
        root,
        "graph",
        {
            "defaultedgetype": "directed" if nxgraph.is_directed() else "undirected",
            "mode": "static",
        },
    )
    node_rows = {node: flat_attributes(nxgraph.nodes[node]) for node in sorted(nxgraph.nodes)}
    for row in node_rows.values():
        row.pop("label", None)
    edge_list = sorted(nxgraph.edges(keys=True, data=True), key=_edge_order)
    edge_rows = [flat_attributes(data) for _, _, _, data in edge_list]
    for row in edge_rows:
        row.pop("label", None)
    node_ids = _gexf_attributes(graph, "node", node_rows.values())
    edge_ids = _gexf_attributes(graph, "edge", edge_rows)
    nodes = ElementTree.SubElement(graph, "nodes")
    for node, row in node_rows.items():
        label = str(nxgraph.nodes[node].get("label", node))
        element = ElementTree.SubElement(nodes, "node", {"id": str(node), "label": label})
        _gexf_values(element, row, node_ids)
    edges = ElementTree.SubElement(graph, "edges")
    ids = gexf_edge_ids(nxgraph)
    for (u, v, key, data), row in zip(edge_list, edge_rows, strict=True):
        attributes = {"id": ids[(str(u), str(v), str(key))], "source": str(u), "target": str(v)}
        if "label" in data:
            attributes["label"] = str(data["label"])
        element = ElementTree.SubElement(edges, "edge", attributes)
        _gexf_values(element, row, edge_ids)
    ElementTree.indent(root, space="  ")
    buffer = io.BytesIO()
    ElementTree.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


def network_bytes(nxgraph: nx.MultiDiGraph, fmt: str) -> bytes:
    """Return the network as a GraphML or GEXF file; the same network gives the same bytes.

    Every node and edge attribute is written, lists joined with "; ". In
    GraphML the graph's own attributes (title, as_of, documents, sources)
    are graph data and edge ids are the edge keys. In GEXF (1.2, static)
    nodes and edges carry their ``label`` as the element's label, the
    graph's title, date and sources are in the meta description, and edge
    ids are given by :func:`gexf_edge_ids`.

    Raises:
        InputError: unknown format.
        ExportError: an attribute has values of several types (GEXF).
    """
    if fmt == "graphml":
        return _graphml(nxgraph)
    if fmt == "gexf":
        return _gexf(nxgraph)
    raise InputError(
        f"unknown network format {fmt!r} (expected one of {', '.join(NETWORK_FORMATS)})"
    )


def write_network(nxgraph: nx.MultiDiGraph, fmt: str, destination: FilePath | str) -> None:
    """Write the network to ``destination`` in ``fmt`` ("graphml" or "gexf"), atomically.

    GraphML opens in Gephi, Cytoscape and yEd; GEXF in Gephi. See
    :func:`network_bytes` for what is written.

    Raises:
        InputError: unknown format, or the destination folder is missing.
        ExportError: the file cannot be written.
    """
    data = network_bytes(nxgraph, fmt)
    try:
        write_atomic(FilePath(destination), data)
    except OSError as exc:
        raise ExportError(f"cannot write file ({exc.strerror or exc})", destination) from None


# Analysis


def simple_view(nxgraph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of the network: one link per pair of linked nodes, no loops."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nxgraph.nodes))
    simple.add_edges_from(
        sorted({tuple(sorted((str(u), str(v)))) for u, v in nxgraph.edges() if u != v})
    )
    return simple


@dataclass(frozen=True)
class NodeScore:
    """The place of one node in the network.

    ``degree`` counts its neighbours; ``degree_centrality`` divides it by the
    number of other nodes; ``betweenness`` is the normalised share of
    shortest paths between other nodes that pass through it; ``community``
    is the index of its community in :attr:`Analysis.communities`.
    """

    node: str
    id: str
    label: str
    short: str
    type: str
    degree: int
    degree_centrality: float
    betweenness: float
    community: int


@dataclass(frozen=True)
class Analysis:
    """Centrality, communities and brokers of a network (see :func:`analyze`)."""

    nodes: int
    edges: int
    links: int
    components: int
    scores: tuple[NodeScore, ...]
    communities: tuple[tuple[str, ...], ...]
    brokers: tuple[str, ...]

    def score(self, node: str) -> NodeScore:
        """The score of one node, by key."""
        for score in self.scores:
            if score.node == node:
                return score
        raise KeyError(node)

    def by_degree(self) -> tuple[NodeScore, ...]:
        """Scores by degree centrality, highest first, then by node."""
        return tuple(sorted(self.scores, key=lambda s: (-s.degree_centrality, s.node)))

    def by_betweenness(self) -> tuple[NodeScore, ...]:
        """Scores by betweenness centrality, highest first, then by node."""
        return tuple(sorted(self.scores, key=lambda s: (-s.betweenness, s.node)))


def analyze(nxgraph: nx.MultiDiGraph) -> Analysis:
    """Compute degree and betweenness centrality, communities and brokers.

    All are computed on the undirected simple view (:func:`simple_view`).
    Communities are found by greedy modularity maximisation (deterministic
    for a graph built in sorted order); they are listed largest first, then
    by their first member, members sorted. Brokers are the nodes with a
    betweenness above zero whose neighbours are in more than one community,
    highest betweenness first.
    """
    simple = simple_view(nxgraph)
    if simple.number_of_nodes() == 0:
        return Analysis(0, 0, 0, 0, (), (), ())
    degree = nx.degree_centrality(simple)
    betweenness = nx.betweenness_centrality(simple, normalized=True)
    found = nx.community.greedy_modularity_communities(simple)
    communities = tuple(
        sorted((tuple(sorted(str(n) for n in c)) for c in found), key=lambda c: (-len(c), c))
    )
    community_of = {node: index for index, members in enumerate(communities) for node in members}
    scores = tuple(
        NodeScore(
            node=node,
            id=str(nxgraph.nodes[node].get("id", node)),
            label=str(nxgraph.nodes[node].get("label", node)),
            short=str(nxgraph.nodes[node].get("short", nxgraph.nodes[node].get("label", node))),
            type=str(nxgraph.nodes[node].get("type", "")),
            degree=int(simple.degree(node)),
            degree_centrality=float(degree[node]),
            betweenness=float(betweenness[node]),
            community=community_of[node],
        )
        for node in sorted(simple.nodes)
    )
    brokers = tuple(
        s.node
        for s in sorted(scores, key=lambda s: (-s.betweenness, s.node))
        if s.betweenness > 0 and len({community_of[n] for n in simple.neighbors(s.node)}) > 1
    )
    return Analysis(
        nodes=nxgraph.number_of_nodes(),
        edges=nxgraph.number_of_edges(),
        links=simple.number_of_edges(),
        components=nx.number_connected_components(simple),
        scores=scores,
        communities=communities,
        brokers=brokers,
    )


def _name(score: NodeScore) -> str:
    return f"{score.short} ({score.id})"


def format_analysis(analysis: Analysis, top: int = 10) -> str:
    """Write an analysis as text tables: the ``top`` nodes by each centrality, then communities
    and brokers."""
    lines = [
        f"{analysis.nodes} nodes, {analysis.edges} edges ({analysis.links} linked pairs), "
        f"{analysis.components} connected components, {len(analysis.communities)} communities",
        "",
        "Degree centrality",
        text_table(
            ["rank", "node", "type", "degree", "centrality"],
            [
                [str(rank), _name(s), s.type, str(s.degree), f"{s.degree_centrality:.3f}"]
                for rank, s in enumerate(analysis.by_degree()[:top], start=1)
            ],
        ),
        "Betweenness centrality",
        text_table(
            ["rank", "node", "type", "betweenness"],
            [
                [str(rank), _name(s), s.type, f"{s.betweenness:.3f}"]
                for rank, s in enumerate(analysis.by_betweenness()[:top], start=1)
            ],
        ),
        "Communities",
        text_table(
            ["community", "size", "members"],
            [
                [
                    str(index + 1),
                    str(len(members)),
                    ", ".join(analysis.score(m).id for m in members),
                ]
                for index, members in enumerate(analysis.communities)
            ],
        ),
        "Brokers",
    ]
    brokers = [analysis.score(b) for b in analysis.brokers[:top]]
    if brokers:
        lines.append(
            text_table(
                ["node", "type", "betweenness", "community"],
                [[_name(s), s.type, f"{s.betweenness:.3f}", str(s.community + 1)] for s in brokers],
            )
        )
    else:
        lines.append("(none)\n")
    return "\n".join(lines)


# Paths


@dataclass(frozen=True)
class Link:
    """One edge of the network between two consecutive nodes of a path.

    ``forward`` is true when the edge points in the direction of travel.
    """

    kind: str
    label: str
    forward: bool
    key: str
    sources: tuple[str, ...]
    relationship: str


@dataclass(frozen=True)
class Step:
    """Two consecutive nodes of a path and every edge between them."""

    source: str
    target: str
    source_label: str
    target_label: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Path:
    """A chain of nodes from one node to another, with the edges of each step."""

    nodes: tuple[str, ...]
    steps: tuple[Step, ...]


def _sources(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(s for s in value.split(LIST_SEPARATOR) if s)
    return tuple(str(s) for s in value or ())


def _links(nxgraph: nx.MultiDiGraph, u: str, v: str) -> tuple[Link, ...]:
    found: list[Link] = []
    for a, b, forward in ((u, v, True), (v, u, False)):
        for key, data in (nxgraph.get_edge_data(a, b) or {}).items():
            found.append(
                Link(
                    kind=str(data.get("kind", "")),
                    label=str(data.get("label", "")),
                    forward=forward,
                    key=str(key),
                    sources=_sources(data.get("sources")),
                    relationship=str(data.get("relationship", "")),
                )
            )
    return tuple(
        sorted(found, key=lambda link: (not link.forward, link.kind, link.label, link.key))
    )


def paths(nxgraph: nx.MultiDiGraph, a: str, b: str, limit: int = 5) -> list[Path]:
    """Return up to ``limit`` shortest chains of nodes connecting ``a`` to ``b``.

    Chains are found in the undirected view, so an edge may be walked
    against its direction (its :class:`Link` says so). Each step lists
    every edge between its two nodes. Chains are sorted by the keys of
    their nodes. Returns an empty list when no chain connects the nodes.

    Raises:
        InputError: a node is not in the network, or ``limit`` is below 1.
    """
    for node in (a, b):
        if node not in nxgraph:
            raise InputError(f"{node} is not a node of the network")
    if limit < 1:
        raise InputError(f"the number of paths must be at least 1 (got {limit})")
    if a == b:
        return []
    simple = simple_view(nxgraph)
    chains: list[list[str]] = []
    try:
        for chain in nx.all_shortest_paths(simple, a, b):
            chains.append([str(n) for n in chain])
            if len(chains) >= max(limit, 1000):
                break
    except nx.NetworkXNoPath:
        return []
    found: list[Path] = []
    for chain in sorted(chains)[:limit]:
        steps = tuple(
            Step(
                source=u,
                target=v,
                source_label=str(nxgraph.nodes[u].get("label", u)),
                target_label=str(nxgraph.nodes[v].get("label", v)),
                links=_links(nxgraph, u, v),
            )
            for u, v in itertools.pairwise(chain)
        )
        found.append(Path(nodes=tuple(chain), steps=steps))
    return found


def _cite(sources: Iterable[str]) -> str:
    """``[ct:doc p4, p6; ct:other p2]`` from ``DOC#pN`` sources."""
    by_document: dict[str, list[str]] = {}
    for source in sources:
        document, _, paragraph = source.rpartition("#")
        by_document.setdefault(document or source, [])
        if paragraph and paragraph not in by_document[document or source]:
            by_document[document or source].append(paragraph)

    def order(paragraph: str) -> tuple[int, int, str]:
        digits = paragraph[1:] if paragraph.startswith("p") else ""
        return (0, int(digits), "") if digits.isdigit() else (1, 0, paragraph)

    parts = [
        f"{document} {', '.join(sorted(paragraphs, key=order))}".rstrip()
        for document, paragraphs in sorted(by_document.items())
    ]
    return f"[{'; '.join(parts)}]" if parts else ""


def _arrow(links: Sequence[Link]) -> str:
    forward = [link.label for link in links if link.forward]
    backward = [link.label for link in links if not link.forward]
    parts = []
    if forward:
        parts.append(f"—[{'; '.join(forward)}]→")
    if backward:
        parts.append(f"←[{'; '.join(backward)}]—")
    return " / ".join(parts)


def format_paths(found: Sequence[Path]) -> str:
    """Write paths as text, one line per step, for instance::

        Kingdom of Morocco —[co-chair (former)]→ Global Counter-Terrorism Forum
        [ct:pr-2024-09-26 p7]

    (on one line).
    An edge walked against its direction is drawn ``←[label]—``; the
    paragraphs that state the step's edges close the line.
    """
    if not found:
        return "no path\n"
    lines: list[str] = []
    for number, path in enumerate(found, start=1):
        if lines:
            lines.append("")
        count = len(path.steps)
        lines.append(f"Path {number} of {len(found)} ({count} step{'s' if count != 1 else ''})")
        for step in path.steps:
            cite = _cite(s for link in step.links for s in link.sources)
            line = f"  {step.source_label} {_arrow(step.links)} {step.target_label}"
            lines.append(f"{line}  {cite}" if cite else line)
    return "\n".join(lines) + "\n"


def resolve(graph: Graph, nxgraph: nx.MultiDiGraph, text: str) -> str:
    """Return the network node that ``text`` names: a label, an acronym, a prefixed name or an IRI.

    Names are resolved in the RDF graph by :func:`ctgraph.lookup.resolve_node`.

    Raises:
        InputError: the name matches no node, or several, or a node the
            network does not have.
    """
    node = str(resolve_node(graph, text))
    if node not in nxgraph:
        shown = shorten(resolve_node(graph, text), prefix_table(graph))
        raise InputError(f"{text!r} ({shown}) is not a node of the network")
    return node
