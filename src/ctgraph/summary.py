"""What to draw of a graph too large to draw whole, and what the drawing leaves out.

A spring layout costs time quadratic in the number of nodes, placing labels
apart costs time quadratic in the number of labels, and a picture of
thousands of nodes is a hairball no analyst can read. So the diagrams of
:mod:`ctgraph.draw` and the page of :mod:`ctgraph.html` draw a graph whole only
up to a limit, and above it a summary: the part of the graph selected here,
with a caption that says what was left out.

The summary of a network is its *backbone*: the most linked node, then, one
at a time, the most linked node linked to those already taken, until the
limits on nodes or edges are reached (see :func:`summarise`). The dataclasses
tell callers, such as the command line, what a diagram shows and what it
leaves out; their ``caption`` is the sentence the diagrams print.

Nothing here imports matplotlib; networkx is imported inside the functions.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Container, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InputError

__all__ = [
    "HTML_MAX_EDGES",
    "HTML_MAX_NODES",
    "MAX_EDGES",
    "MAX_MATRIX_COLUMNS",
    "MAX_MATRIX_ROWS",
    "MAX_NODES",
    "MAX_TIMELINE_EVENTS",
    "MAX_TIMELINE_ROWS",
    "TIMELINE_LINE_EVENTS",
    "MatrixSummary",
    "Summary",
    "TimelineSummary",
    "backbone",
    "check_limits",
    "count",
    "ego_summary",
    "summarise",
]

#: The networkx graph summarised (``networkx.MultiDiGraph``); networkx ships no types.
Graph = Any

#: The most nodes a network diagram draws; above it, :func:`summarise` picks which.
#: About forty labelled nodes fill a 15 x 11 inch figure, and drawing them takes
#: one to three seconds (bench/render_scale.py); the seed graph (36 nodes) is drawn whole.
MAX_NODES = 40

#: The most edges a network diagram draws. Each is an arrow and, for a role, a
#: label placed clear of the others; past about a hundred and fifty the picture
#: is a tangle and saving it takes seconds more. The seed graph has 63.
MAX_EDGES = 150


#: The most lines (series, or events outside a series) a timeline draws, and the most
#: events. Each event is a mark and a label; 100 of them draw and save in two to
#: four seconds (bench/render_scale.py), and 40 lines make a figure 27 inches high.
MAX_TIMELINE_ROWS = 40
MAX_TIMELINE_EVENTS = 100
#: In a summarised timeline, the most events one line keeps (its latest): the
#: labels of more crowd each other, and one long series would take every place.
TIMELINE_LINE_EVENTS = 10

#: The most actors (rows) and frameworks, organisations and events (columns) a
#: role matrix draws. A cell is about an inch and a half wide and three quarters
#: of an inch high: 30 x 15 cells make a figure 24 x 25 inches, drawn and saved
#: in about four seconds (40 x 20: six seconds).
MAX_MATRIX_ROWS = 30
MAX_MATRIX_COLUMNS = 15

#: The most nodes and edges the interactive HTML page lays out and embeds. The
#: page can hold more than a picture (its reader zooms, filters and hovers), and
#: its layout of 300 nodes takes about two seconds; a browser stays quick with
#: a few thousand SVG elements.
HTML_MAX_NODES = 300
HTML_MAX_EDGES = 1500


def check_limits(minimum: Mapping[str, int] | None = None, **limits: int) -> None:
    """Raise :class:`~ctgraph.errors.InputError` for a limit below 1 (or its ``minimum``).

    The limits come from the caller by name (``max_nodes=0``), and so does the message.
    """
    for name, value in limits.items():
        least = (minimum or {}).get(name, 1)
        if value < least:
            raise InputError(f"{name} must be at least {least}, not {value}")


def count(number: int, noun: str, plural: str = "") -> str:
    """``number`` with thousands separators and ``noun``, plural unless it is one."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


@dataclass(frozen=True)
class Summary:
    """The part of a network a diagram draws, and how much of the whole that is.

    Attributes:
        graph: the graph to draw: ``g`` itself when nothing is left out, else
            the subgraph of the nodes kept, with the edges among them (all of
            them, unless the nodes that must be kept bring more than the
            limit: see :func:`summarise`).
        shown_nodes: the number of nodes drawn.
        total_nodes: the number of nodes of the whole graph.
        shown_edges: the number of edges drawn.
        total_edges: the number of edges of the whole graph.
        method: how the nodes drawn were chosen; "all" when nothing is left out.
    """

    graph: Graph
    shown_nodes: int
    total_nodes: int
    shown_edges: int
    total_edges: int
    method: str

    @property
    def complete(self) -> bool:
        """Whether the whole graph is drawn."""
        return self.shown_nodes == self.total_nodes and self.shown_edges == self.total_edges

    @property
    def caption(self) -> str:
        """What the drawing leaves out, as one sentence; empty when it leaves out nothing.

        For example "Showing 40 of 12,345 nodes (the most linked, grown along
        links from the most linked); 98,667 of 98,765 edges not drawn."
        """
        if self.complete:
            return ""
        hidden = self.total_edges - self.shown_edges
        return (
            f"Showing {self.shown_nodes:,} of {count(self.total_nodes, 'node')} ({self.method}); "
            f"{hidden:,} of {count(self.total_edges, 'edge')} not drawn."
        )


@dataclass(frozen=True)
class TimelineSummary:
    """The lines and events of a timeline drawn, and how many there are in all.

    A line is an event series, or a dated event outside any series.

    Attributes:
        rows: the keys of the lines drawn (a series, or a lone event); when summarised,
            in the order chosen, the line with the latest event first.
        events: the keys of the dated events drawn.
        total_rows: the number of lines of the whole timeline.
        total_events: the number of dated events in the graph.
        method: how the lines drawn were chosen; "all" when nothing is left out.
    """

    rows: tuple[str, ...]
    events: tuple[str, ...]
    total_rows: int
    total_events: int
    method: str

    @property
    def shown_events(self) -> int:
        """The number of dated events drawn."""
        return len(self.events)

    @property
    def complete(self) -> bool:
        """Whether every dated event is drawn."""
        return len(self.rows) == self.total_rows and self.shown_events == self.total_events

    @property
    def caption(self) -> str:
        """What the timeline leaves out, as one sentence; empty when it leaves out nothing."""
        if self.complete:
            return ""
        hidden = self.total_events - self.shown_events
        return (
            f"Showing {len(self.rows):,} of {count(self.total_rows, 'line')} "
            f"(a series, or an event outside any series; {self.method}); "
            f"{hidden:,} of {count(self.total_events, 'dated event')} not drawn."
        )


@dataclass(frozen=True)
class MatrixSummary:
    """The rows (actors) and columns (frameworks, organisations, events) of a role matrix drawn.

    Attributes:
        rows: the actors drawn; when summarised, the one with the most roles first.
        columns: the frameworks, organisations and events drawn; when summarised,
            the one with the most actors holding a role first.
        total_rows: the number of actors holding a role.
        total_columns: the number of frameworks, organisations and events with a role held in.
        shown_cells: the number of (actor, column) cells with a role drawn.
        total_cells: the number of (actor, column) pairs with a role.
        method: how the rows and columns were chosen; "all" when nothing is left out.
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    total_rows: int
    total_columns: int
    shown_cells: int
    total_cells: int
    method: str

    @property
    def complete(self) -> bool:
        """Whether every role is drawn."""
        return self.shown_cells == self.total_cells and (
            len(self.rows),
            len(self.columns),
        ) == (self.total_rows, self.total_columns)

    @property
    def caption(self) -> str:
        """What the matrix leaves out, as one sentence; empty when it leaves out nothing."""
        if self.complete:
            return ""
        hidden = self.total_cells - self.shown_cells
        return (
            f"Showing {len(self.rows):,} of {count(self.total_rows, 'actor')} and "
            f"{len(self.columns):,} of {self.total_columns:,} frameworks, organisations "
            f"and events ({self.method}); {hidden:,} of "
            f"{count(self.total_cells, 'filled cell')} not drawn."
        )


def _links(g: Graph, node: str, within: Container[str] | None) -> dict[str, int]:
    """Each neighbour of ``node`` (in ``within``, when given), either way, with its edge count.

    A loop counts once, as the one edge it is.
    """
    found: dict[str, int] = {}
    for other, keyed in g.succ[node].items():
        if within is None or other in within:
            found[other] = len(keyed)
    for other, keyed in g.pred[node].items():
        if other != node and (within is None or other in within):
            found[other] = found.get(other, 0) + len(keyed)
    return found


def backbone(
    g: Graph,
    max_nodes: int,
    max_edges: int | None = None,
    *,
    keep: Iterable[str] = (),
    within: Collection[str] | None = None,
) -> list[str]:
    """The nodes of ``g``'s backbone, in the order they are taken.

    Starts from the nodes of ``keep`` (in the order given) or else from the
    node with the most edges; then, again and again, takes the node with the
    most edges among those linked to a node already taken (either way). When
    no node is linked to those taken (the rest is another connected part), it
    goes on from the node with the most edges left. Ties go to the smaller
    node key, so the same graph always gives the same nodes.

    Stops at ``max_nodes`` nodes, or before the node that would bring the
    edges among the nodes taken past ``max_edges``; the nodes of ``keep`` are
    taken whatever the limits. With ``within``, only those nodes of ``g`` and
    the edges among them count, as if ``g`` were its subgraph of them.

    Runs in time about linear in the number of edges (a heap of candidates),
    so it serves graphs of any size.

    Args:
        g: a ``networkx.MultiDiGraph``, as :func:`ctgraph.projection.project` makes.
    """
    scope = None if within is None else set(within)
    if scope is None:
        degree: dict[str, int] = dict(g.degree())
    else:  # as networkx counts it, a loop twice
        degree = {n: sum(_links(g, n, scope).values()) + len(g.succ[n].get(n, ())) for n in scope}
    ranked = sorted(degree, key=lambda n: (-degree[n], str(n)))
    taken: list[str] = []
    chosen: set[str] = set()
    frontier: list[tuple[int, str, str]] = []
    edges = 0
    next_best = 0

    def cost(node: str, links: Mapping[str, int]) -> int:
        return sum(number for other, number in links.items() if other in chosen or other == node)

    def take(node: str, links: Mapping[str, int]) -> None:
        nonlocal edges
        edges += cost(node, links)
        taken.append(node)
        chosen.add(node)
        for other in links:
            if other not in chosen:
                heapq.heappush(frontier, (-degree[other], str(other), other))

    for node in keep:
        if node not in chosen:
            take(node, _links(g, node, scope))
    while len(taken) < max_nodes:
        while frontier and frontier[0][2] in chosen:
            heapq.heappop(frontier)
        if frontier:
            node = frontier[0][2]
        else:
            while next_best < len(ranked) and ranked[next_best] in chosen:
                next_best += 1
            if next_best == len(ranked):
                break
            node = ranked[next_best]
        links = _links(g, node, scope)
        if max_edges is not None and taken and edges + cost(node, links) > max_edges:
            break
        take(node, links)
    return taken


def _part(g: Graph, nodes: Collection[str], max_edges: int | None) -> Graph:
    """A new graph of ``nodes`` of ``g`` and the edges among them, attributes and all.

    Above ``max_edges`` edges, the first ``max_edges`` in order of their ends
    and keys, loops last.
    """
    keep = set(nodes)
    part = g.__class__()
    part.graph.update(g.graph)
    part.add_nodes_from((n, g.nodes[n]) for n in sorted(keep, key=str))
    edges = [
        (u, v, key, data)
        for u in sorted(keep, key=str)
        for v, keyed in g.succ[u].items()
        if v in keep
        for key, data in keyed.items()
    ]
    if max_edges is not None and len(edges) > max_edges:
        edges.sort(key=lambda e: (e[0] == e[1], str(e[0]), str(e[1]), str(e[2])))
        del edges[max_edges:]
    part.add_edges_from(edges)
    return part


#: How :func:`summarise` chose the nodes, as the caption says it.
BACKBONE_METHOD = "the most linked, grown along links from the most linked"


def summarise(
    g: Graph,
    max_nodes: int = MAX_NODES,
    *,
    max_edges: int | None = MAX_EDGES,
    keep: Iterable[str] = (),
    method: str = "",
    within: Collection[str] | None = None,
) -> Summary:
    """What a diagram of ``g`` draws: all of it when it is small enough, else its backbone.

    ``g`` is drawn whole when it has at most ``max_nodes`` nodes and
    ``max_edges`` edges (None: no limit on edges). Otherwise the nodes drawn
    are those of :func:`backbone`, and the graph drawn is a new graph of those
    nodes with every edge among them. The limit on edges holds even when the
    first node or those of ``keep`` bring more edges (many edges between two
    nodes, or loops): then the first ``max_edges`` edges in order of their
    ends and keys are drawn, loops last.

    Why the backbone: the analyst reading a summary wants the main actors and
    what ties them together, named, in the same picture language as the whole
    graph. The top nodes by degree alone are no good for that: in a graph of
    cooperation they are the states, which are linked to frameworks and
    events, not to each other, so the picture would be forty unconnected
    discs. Grown along links, the backbone takes the frameworks and events
    that join the busiest states too. Nodes merged by type or framework would
    draw the shape of the data but name no one. Degree (the number of edges,
    either way) is cheap at any size and easy to say in a caption.

    Args:
        g: a graph made by :func:`ctgraph.projection.project` (a
            ``networkx.MultiDiGraph``), or a part of one.
        max_nodes: the most nodes to draw.
        max_edges: the most edges to draw; None for no limit.
        keep: nodes kept whatever the limits, taken first (an ego network's centre).
        method: how the caption names the choice; by default that of the backbone.
        within: summarise the subgraph of these nodes of ``g`` (faster than a
            networkx subgraph view of a large graph).

    Returns:
        The graph to draw and what it leaves out of ``g`` (or of the subgraph).

    Raises:
        InputError: ``max_nodes`` is less than 1 or ``max_edges`` less than 0.
    """
    check_limits(max_nodes=max_nodes, max_edges=max_edges or 0, minimum={"max_edges": 0})
    if within is None:
        total_nodes, total_edges = g.number_of_nodes(), g.number_of_edges()
    else:
        scope = set(within)
        total_nodes = len(scope)
        total_edges = sum(len(keyed) for u in scope for v, keyed in g.succ[u].items() if v in scope)
    if total_nodes <= max_nodes and (max_edges is None or total_edges <= max_edges):
        whole = g if within is None else _part(g, within, None)
        return Summary(whole, total_nodes, total_nodes, total_edges, total_edges, "all")
    nodes = backbone(g, max_nodes, max_edges, keep=keep, within=within)
    part = _part(g, nodes, max_edges)
    return Summary(
        part,
        part.number_of_nodes(),
        total_nodes,
        part.number_of_edges(),
        total_edges,
        method or BACKBONE_METHOD,
    )


#: How :func:`ego_summary` chose the nodes, as the caption says it.
EGO_METHOD = "the centre, then the most linked, grown along links from it"


def ego_summary(
    g: Graph,
    center: str,
    radius: int = 1,
    max_nodes: int = MAX_NODES,
    *,
    max_edges: int | None = MAX_EDGES,
) -> Summary:
    """What an ego network of ``center`` draws: its neighbourhood, summarised when too large.

    The neighbourhood is every node within ``radius`` links of ``center``,
    links walked either way, with the edges among them; above the limits it is
    summarised as :func:`summarise` does, from the centre outwards. The
    totals of the summary are those of the neighbourhood.

    Args:
        g: a graph made by :func:`ctgraph.projection.project`.
        center: the key of the centre node, a node of ``g``.
        radius: how many links away from the centre to go.
        max_nodes: the most nodes to draw, the centre included.
        max_edges: the most edges to draw; None for no limit.
    """
    reach = {center}
    ring = [center]
    for _ in range(radius):
        following = []
        for node in ring:
            for other in (*g.succ[node], *g.pred[node]):
                if other not in reach:
                    reach.add(other)
                    following.append(other)
        ring = following
    return summarise(
        g, max_nodes, max_edges=max_edges, keep=[center], method=EGO_METHOD, within=reach
    )
