"""Drawing the projected cooperation graph: network, ego network, timeline and role matrix.

Every drawing function takes the networkx graph made by
:func:`ctgraph.projection.project`, draws on the ``ax`` it is given (or on a
new figure of a fixed size) and returns the figure. Building the graph is not
done here. matplotlib and networkx are imported inside the functions, so that
importing ctgraph stays fast; new figures are made without pyplot, on an Agg
canvas, so drawing is headless and leaves pyplot's figures and backend alone.

A graph too large to draw whole in a few seconds, or to read, is summarised
(see :mod:`ctgraph.summary`, :func:`timeline_summary` and :func:`role_summary`),
and the diagram's title says what it leaves out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import math
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .export import write_atomic
from .summary import (
    MAX_EDGES,
    MAX_MATRIX_COLUMNS,
    MAX_MATRIX_ROWS,
    MAX_NODES,
    MAX_TIMELINE_EVENTS,
    MAX_TIMELINE_ROWS,
    TIMELINE_LINE_EVENTS,
    MatrixSummary,
    TimelineSummary,
    check_limits,
    ego_summary,
    summarise,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation

__all__ = [
    "EDGE_FAMILIES",
    "FIGURE_FORMATS",
    "MAX_SOURCES_NAMED",
    "NODE_STYLES",
    "OKABE_ITO",
    "ROLE_KINDS",
    "EdgeFamily",
    "NodeStyle",
    "Period",
    "draw_ego",
    "draw_network",
    "draw_role_matrix",
    "draw_timeline",
    "node_key",
    "parse_period",
    "render_all",
    "role_cells",
    "role_summary",
    "save_figure",
    "timeline_summary",
]

#: The networkx graph the functions draw (``networkx.MultiDiGraph``); networkx ships no types.
Graph = Any

# The Okabe-Ito palette, told apart by the common forms of colour blindness.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#999999"
LIGHT_GREY = "#DDDDDD"
WHITE = "#FFFFFF"

#: The palette by name, in the published order.
OKABE_ITO: dict[str, str] = {
    "black": BLACK,
    "orange": ORANGE,
    "sky blue": SKY_BLUE,
    "bluish green": BLUISH_GREEN,
    "yellow": YELLOW,
    "blue": BLUE,
    "vermillion": VERMILLION,
    "reddish purple": REDDISH_PURPLE,
}

#: The spring layout's ideal edge length, times 1/sqrt(number of nodes); networkx's
#: default is 1. Longer springs leave the seed's hub (Morocco) a little more room.
SPRING_LENGTH = 2.0

#: Fixed sizes, so that every rendering of the same graph looks the same.
DPI = 150
PAD_INCHES = 0.25
FONT_SIZE = 9
SMALL_FONT_SIZE = 8
TITLE_FONT_SIZE = 11


@dataclass(frozen=True)
class NodeStyle:
    """How a node type is drawn: fill colour, marker and legend text."""

    colour: str
    marker: str
    legend: str


#: Node types (the projection's NODE_TYPES) in legend order. Colour and marker
#: both vary, so a type is told apart without colour too.
NODE_STYLES: dict[str, NodeStyle] = {
    "state": NodeStyle(BLUE, "o", "state"),
    "organisation": NodeStyle(BLUE, "s", "organisation"),
    "un-entity": NodeStyle(SKY_BLUE, "s", "UN entity"),
    "unit": NodeStyle(SKY_BLUE, "p", "unit (office, centre, board)"),
    "framework": NodeStyle(BLUISH_GREEN, "h", "framework"),
    "programme": NodeStyle(YELLOW, "P", "programme"),
    "series": NodeStyle(ORANGE, "8", "event series"),
    "event": NodeStyle(ORANGE, "D", "event"),
    "person": NodeStyle(REDDISH_PURPLE, "^", "person"),
    "post": NodeStyle(REDDISH_PURPLE, "v", "post"),
    "place": NodeStyle(GREY, "o", "place"),
    "document": NodeStyle(WHITE, "s", "document"),
}
_OTHER_NODE = NodeStyle(LIGHT_GREY, "o", "other")


@dataclass(frozen=True)
class EdgeFamily:
    """Edge kinds drawn alike: colour, line width and legend text."""

    name: str
    colour: str
    width: float
    kinds: tuple[str, ...]


#: Edge kinds (the projection's EDGE_KINDS) grouped into families, one colour each.
EDGE_FAMILIES: tuple[EdgeFamily, ...] = (
    EdgeFamily("roles", VERMILLION, 2.2, ("member-of", "chaired", "co-chaired", "initiated")),
    EdgeFamily(
        "cooperation",
        BLUISH_GREEN,
        1.8,
        ("supports", "partner", "committed", "runs", "delivered-through"),
    ),
    EdgeFamily(
        "events",
        ORANGE,
        1.4,
        (
            "participated",
            "in-series",
            "on-the-margins-of",
            "held-in",
            "concerns",
            "organised-by",
            "discussed",
            "about",
        ),
    ),
    EdgeFamily("people and posts", REDDISH_PURPLE, 1.4, ("holds-post", "post-in")),
    EdgeFamily(
        "structure and place",
        GREY,
        1.2,
        ("unit-of", "based-in", "located-in", "affiliated-with", "serves"),
    ),
)
_OTHER_EDGES = EdgeFamily("other", BLACK, 1.0, ())

#: The edge kinds that give a role in a framework or organisation: the role matrix's cells.
ROLE_KINDS: tuple[str, ...] = ("member-of", "chaired", "co-chaired", "initiated")
_ROLE_OF_KIND = {
    "member-of": "member",
    "chaired": "chair",
    "co-chaired": "co-chair",
    "initiated": "initiator",
}

#: Role colours in the matrix; roles not listed take the spare colours in turn.
ROLE_COLOURS: dict[str, str] = {
    "chair": VERMILLION,
    "co-chair": ORANGE,
    "member": SKY_BLUE,
    "active member": BLUE,
    "initiator": BLUISH_GREEN,
    "launch leader": REDDISH_PURPLE,
    "leading role in launching": REDDISH_PURPLE,
}
_SPARE_ROLE_COLOURS = (YELLOW, GREY, BLACK)

#: Figure formats by file ending, with the metadata that would make output vary.
FIGURE_FORMATS: dict[str, tuple[str, dict[str, None]]] = {
    ".png": ("png", {"Software": None}),
    ".svg": ("svg", {"Date": None}),
    ".pdf": ("pdf", {"CreationDate": None}),
}

# Status colours in the timeline: filled for held, hollow for planned, both
# with their own colour so they differ in grey print as in colour.
_STATUS_STYLE = {
    "held": (BLUE, True, "held"),
    "planned": (VERMILLION, False, "planned"),
    "": (GREY, False, "status unknown"),
}


# ---------------------------------------------------------------------------
# Figures and text


def _figure_and_axes(
    ax: Axes | None, size: tuple[float, float], **margins: float
) -> tuple[Figure, Axes]:
    """Return ``ax`` and its figure, or a new figure of ``size`` inches on an Agg canvas.

    ``margins`` (left, right, bottom, top, as fractions of the figure) place
    the axes of a new figure.
    """
    if ax is not None:
        figure = ax.get_figure(root=True)
        if figure is None:
            raise InputError("the axes given to draw on belong to no figure")
        return figure, ax
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=DPI)
    FigureCanvasAgg(figure)
    if margins:
        figure.subplots_adjust(**margins)
    return figure, figure.add_subplot()


#: The dash between the ends of a date range.
DASH = "\u2013"


def _wrap(text: str, width: int, lines: int = 3) -> str:
    """Wrap ``text`` to ``width`` characters on at most ``lines`` lines."""
    wrapped = textwrap.wrap(
        text,
        width,
        max_lines=lines,
        placeholder=" \u2026",
        break_on_hyphens=False,
        break_long_words=False,
    )
    return "\n".join(wrapped) or text


def _node_text(g: Graph, node: str, attribute: str = "short") -> str:
    """A node's short label (or ``attribute``); for a node not in ``g``, its IRI's last part."""
    if node not in g:
        return node.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " ")
    data = g.nodes[node]
    return str(data.get(attribute) or data.get("label") or data.get("id") or node)


#: The most source documents a title names; the rest are counted.
MAX_SOURCES_NAMED = 5


def _title(g: Graph, what: str, note: str = "") -> str:
    """The title of a diagram: what it shows, of which graph, as of when, from which sources.

    ``what`` empty stands for the whole graph: the graph's own title heads it.
    ``note``, when given, says what the diagram leaves out (a summary's
    caption); it comes after the date, before the sources.
    """
    title = str(g.graph.get("title") or "")
    as_of = str(g.graph.get("as_of") or "")
    when = f"as of {as_of}" if as_of else "as of each source's date"
    head = what or title or "Cooperation network"
    scope = f"{title}, {when}" if what and title else when
    documents = [str(d) for d in g.graph.get("documents") or []]
    sources = "; ".join(documents[:MAX_SOURCES_NAMED]) if documents else "no source named"
    if len(documents) > MAX_SOURCES_NAMED:
        sources += f" and {len(documents) - MAX_SOURCES_NAMED:,} more"
    lines = [
        *textwrap.wrap(head, 100),
        scope,
        *textwrap.wrap(note, 110),
        *textwrap.wrap(f"Sources: {sources}", 110),
    ]
    return "\n".join(lines)


def _set_title(ax: Axes, g: Graph, what: str, note: str = "") -> None:
    ax.set_title(_title(g, what, note), fontsize=TITLE_FONT_SIZE, loc="left", pad=12)


def _empty(ax: Axes, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=FONT_SIZE, transform=ax.transAxes)


def _tint(colour: str, amount: float) -> tuple[float, float, float]:
    """Mix ``colour`` with white: ``amount`` 1 is the colour, 0 is white."""
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(colour)
    return (1 - amount * (1 - red), 1 - amount * (1 - green), 1 - amount * (1 - blue))


def node_key(g: Graph, node: str) -> str:
    """Return the key of ``node`` in ``g``, given as a key (full IRI) or a prefixed name.

    Raises:
        InputError: no node of ``g`` has that key or prefixed name.
    """
    if node in g:
        return node
    matches = sorted(str(key) for key, data in g.nodes(data=True) if data.get("id") == node)
    if not matches:
        raise InputError(f"no node {node!r} in the graph")
    return matches[0]


# ---------------------------------------------------------------------------
# The network


def _family(kind: str) -> EdgeFamily:
    for family in EDGE_FAMILIES:
        if kind in family.kinds:
            return family
    return _OTHER_EDGES


def _node_style(node_type: str) -> NodeStyle:
    return NODE_STYLES.get(node_type, _OTHER_NODE)


def _simple_graph(g: Graph, nodes: Iterable[str]) -> Any:
    """An undirected simple graph of ``nodes`` and the links among them, built in sorted order.

    Layouts depend on the order nodes and edges were added; sorting makes the
    picture independent of the order the projection added them in.
    """
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

    keep = set(nodes)
    simple = nx.Graph()
    simple.add_nodes_from(sorted(keep))
    pairs = {tuple(sorted((u, v))) for u, v in g.edges() if u != v and u in keep and v in keep}
    simple.add_edges_from(sorted(pairs))
    return simple


def _fit(
    positions: Mapping[str, Any], box: tuple[float, float, float, float]
) -> dict[str, tuple[float, float]]:
    """Scale ``positions`` to fill ``box`` (x0, y0, x1, y1); a lone node goes to its middle."""
    x0, y0, x1, y1 = box
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]

    def scale(value: float, low: float, high: float, start: float, stop: float) -> float:
        return (
            (start + stop) / 2
            if high == low
            else start + (value - low) / (high - low) * (stop - start)
        )

    return {
        n: (
            scale(float(p[0]), min(xs), max(xs), x0, x1),
            scale(float(p[1]), min(ys), max(ys), y0, y1),
        )
        for n, p in positions.items()
    }


def _layout(g: Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Place the nodes in [-1, 1] x [-1, 1]: the largest connected part above, the rest below.

    Each connected part gets its own seeded spring layout. A spring layout of
    the whole graph would push parts that are not linked to each other (a
    lone press contact, say) to the edges and crush the main part in the
    middle; here the main part fills the top, the others share a strip at the
    bottom, side by side, each as wide as its share of their nodes.
    """
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

    simple = _simple_graph(g, g.nodes)
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    if not parts:
        return {}

    def spring(part: set[str]) -> Mapping[str, Any]:
        if len(part) == 1:
            return {next(iter(part)): (0.0, 0.0)}
        k = SPRING_LENGTH / len(part) ** 0.5
        layout = nx.spring_layout(_simple_graph(g, part), k=k, iterations=300, seed=seed)
        return dict(layout)

    main, rest = parts[0], parts[1:]
    if not rest:
        return _fit(spring(main), (-1.0, -1.0, 1.0, 1.0))
    # A strip one row high for lone nodes and pairs, higher for larger parts.
    strip = min(0.6, 0.08 * max(len(part) for part in rest) ** 0.5 + 0.04)
    positions = _fit(spring(main), (-1.0, -1.0 + strip + 0.25, 1.0, 1.0))
    total = sum(len(part) for part in rest)
    left = -1.0
    for part in rest:
        width = 2.0 * len(part) / total
        inner = 0.3 * width / len(part)  # keep a margin on each side of the part
        box = (left + inner, -1.0, left + width - inner, -1.0 + strip)
        positions.update(_fit(spring(part), box))
        left += width
    return positions


def _marker_size(degree: int, centre: bool) -> float:
    """Marker area in points², growing with the number of links."""
    size = min(180.0 + 70.0 * degree, 1100.0)
    return size * 1.6 if centre else size


def _edge_label(data: Mapping[str, Any]) -> str:
    """The text drawn on a role edge, e.g. "co-chair (former)"; empty for other kinds."""
    if data.get("kind") not in ROLE_KINDS:
        return ""
    return _role_text(data)


def _role_text(data: Mapping[str, Any]) -> str:
    role = str(data.get("role_label") or _ROLE_OF_KIND.get(str(data.get("kind")), ""))
    role = role or str(data.get("label") or data.get("kind") or "")
    if data.get("former") and "former" not in role:
        role += " (former)"
    return role


def _rad(u: str, v: str, index: int, count: int) -> float:
    """Curvature of the ``index``-th of ``count`` edges between one pair of nodes.

    Parallel edges fan out; the sign is taken from the pair's sorted order so
    that edges in both directions fan out on the same sides.
    """
    if count == 1:
        return 0.0
    rad = 0.22 * (index - (count - 1) / 2)
    return rad if u < v else -rad


#: A box on the canvas, in pixels: [x0, y0, x1, y1].
Box = list[float]


def _separate(
    boxes: Sequence[Box],
    movable: Sequence[bool],
    bounds: tuple[float, float, float, float] | None = None,
    *,
    margin: float = 3.0,
    rounds: int = 300,
) -> list[tuple[float, float]]:
    """Move boxes apart until no two overlap; return how far each moved, in pixels.

    A plain, deterministic relaxation: each round, every overlapping pair is
    pushed apart along the axis where they overlap least, half each way (all
    the way for the one that moves when the other is fixed). Movable boxes
    are kept inside ``bounds``. Stops after ``rounds`` rounds even if some
    overlap remains (a graph too dense for its figure).
    """
    current = [list(box) for box in boxes]
    moves = [[0.0, 0.0] for _ in boxes]

    def shift(i: int, dx: float, dy: float) -> None:
        current[i][0] += dx
        current[i][2] += dx
        current[i][1] += dy
        current[i][3] += dy
        moves[i][0] += dx
        moves[i][1] += dy

    for _ in range(rounds):
        moved = False
        for i in range(len(current)):
            for j in range(i + 1, len(current)):
                if not (movable[i] or movable[j]):
                    continue
                a, b = current[i], current[j]
                overlap_x = min(a[2], b[2]) - max(a[0], b[0]) + margin
                overlap_y = min(a[3], b[3]) - max(a[1], b[1]) + margin
                if overlap_x <= 0 or overlap_y <= 0:
                    continue
                moved = True
                share_i = 0.5 if movable[i] and movable[j] else 1.0 if movable[i] else 0.0
                share_j = 1.0 - share_i
                if overlap_y <= overlap_x:
                    # Ties go by index, so that boxes on the same spot still part.
                    sign = 1.0 if (a[1] + a[3], -i) >= (b[1] + b[3], -j) else -1.0
                    shift(i, 0, sign * overlap_y * share_i)
                    shift(j, 0, -sign * overlap_y * share_j)
                else:
                    sign = 1.0 if (a[0] + a[2], -i) >= (b[0] + b[2], -j) else -1.0
                    shift(i, sign * overlap_x * share_i, 0)
                    shift(j, -sign * overlap_x * share_j, 0)
        if bounds is not None:
            x0, y0, x1, y1 = bounds
            for i, box in enumerate(current):
                if movable[i]:
                    shift(i, max(0.0, x0 - box[0]) - max(0.0, box[2] - x1), 0)
                    shift(i, 0, max(0.0, y0 - box[1]) - max(0.0, box[3] - y1))
        if not moved:
            break
    return [(dx, dy) for dx, dy in moves]


def _renderer(figure: Figure) -> Any:
    """The renderer text sizes are measured with, or None when the canvas has none."""
    get_renderer = getattr(figure.canvas, "get_renderer", None)
    return get_renderer() if get_renderer is not None else None


def _draw_graph(g: Graph, ax: Axes, seed: int, centre: str | None) -> None:
    """Draw nodes, edges, labels and legends of ``g`` on ``ax``.

    Nodes are first placed by :func:`_layout`, then moved apart on the
    canvas so that no node and its label overlap another's; edge labels are
    then moved off the nodes and each other.
    """
    from matplotlib.patches import FancyArrowPatch

    figure = ax.get_figure(root=True)
    ax.set_xlim(-1.1, 1.1)
    ax.set_ylim(-1.12, 1.08)
    ax.set_axis_off()
    nodes = sorted(g.nodes)
    positions = _layout(g, seed)
    sizes = {n: _marker_size(int(g.degree(n)), n == centre) for n in nodes}
    radius = {n: sizes[n] ** 0.5 / 2 for n in nodes}  # in points

    labels: dict[str, Annotation] = {}
    for node in nodes:
        label = ax.annotate(
            _wrap(_node_text(g, node), 24, 4),
            positions[node],
            xytext=(0, -(radius[node] + 2)),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=10 if node == centre else FONT_SIZE,
            fontweight="bold" if node == centre else "normal",
            bbox={"boxstyle": "square,pad=0.05", "facecolor": WHITE, "alpha": 0.8, "lw": 0},
            zorder=5,
        )
        label.set_gid(f"label:{node}")
        labels[node] = label

    renderer = _renderer(figure) if figure is not None else None
    if renderer is not None and figure is not None:
        to_pixels = figure.dpi / 72.0
        boxes: list[Box] = []
        for node in nodes:
            x, y = ax.transData.transform(positions[node])
            extent = labels[node].get_window_extent(renderer)
            r = radius[node] * to_pixels
            half = max(r, extent.width / 2)
            boxes.append([x - half, y - r - 2 * to_pixels - extent.height, x + half, y + r])
        frame = ax.get_window_extent(renderer)
        moves = _separate(boxes, [True] * len(nodes), (frame.x0, frame.y0, frame.x1, frame.y1))
        back = ax.transData.inverted()
        for node, (dx, dy) in zip(nodes, moves, strict=True):
            x, y = ax.transData.transform(positions[node])
            new_x, new_y = back.transform((x + dx, y + dy))
            positions[node] = (float(new_x), float(new_y))
            labels[node].xy = positions[node]
        obstacles = [
            [box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy]
            for box, (dx, dy) in zip(boxes, moves, strict=True)
        ]
    else:
        obstacles = []

    # Nodes: one scatter per type, in legend order, so the legend handles match.
    by_type: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        by_type[str(g.nodes[node].get("type", ""))].append(node)
    type_order = [t for t in NODE_STYLES if t in by_type] + sorted(
        t for t in by_type if t not in NODE_STYLES
    )
    for node_type in type_order:
        style = _node_style(node_type)
        members = by_type[node_type]
        collection = ax.scatter(
            [positions[n][0] for n in members],
            [positions[n][1] for n in members],
            s=[sizes[n] for n in members],
            c=style.colour,
            marker=style.marker,
            edgecolors=[BLACK] * len(members),
            linewidths=[2.6 if n == centre else 0.8 for n in members],
            zorder=3,
        )
        collection.set_gid(f"nodes:{node_type}")

    # Edges: arrows, parallel ones curved apart; former roles dashed, inferred dotted.
    edges = sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    pairs: dict[tuple[str, str], list[tuple[str, str, Any, Mapping[str, Any]]]] = defaultdict(list)
    for u, v, key, data in edges:
        pairs[(min(u, v), max(u, v))].append((u, v, key, data))
    edge_labels: list[tuple[str, list[tuple[float, float]]]] = []
    kinds: set[str] = set()
    former_drawn = inferred_drawn = False
    for group in pairs.values():
        for index, (u, v, key, data) in enumerate(group):
            kind = str(data.get("kind", ""))
            kinds.add(kind)
            family = _family(kind)
            former = bool(data.get("former"))
            inferred = bool(data.get("inferred")) and not former
            former_drawn |= former
            inferred_drawn |= inferred
            rad = _rad(u, v, index, len(group))
            arrow = FancyArrowPatch(
                positions[u],
                positions[v],
                arrowstyle="-|>",
                mutation_scale=11,
                connectionstyle=f"arc3,rad={rad}",
                color=family.colour,
                linewidth=family.width,
                linestyle="--" if former else ":" if inferred else "-",
                shrinkA=radius[u] + 1,
                shrinkB=radius[v] + 2,
                zorder=2,
            )
            arrow.set_gid(f"edge:{key}")
            ax.add_patch(arrow)
            text = _edge_label(data)
            if text:
                edge_labels.append(
                    (_wrap(text, 18, 2), _arc_points(ax, positions[u], positions[v], rad))
                )

    # Edge labels go on their edge where there is room, else nearby with a leader line.
    taken = list(obstacles)
    points = 72.0 / figure.dpi if figure is not None else 1.0
    for text, curve in edge_labels:
        middle = tuple(ax.transData.inverted().transform(curve[0]))
        label = _edge_annotation(ax, text, middle, (0.0, 0.0), leader=False)
        if renderer is None:
            continue
        extent = label.get_window_extent(renderer)
        candidates = _candidates(curve)
        index = _free_spot(extent.width, extent.height, candidates, taken)
        x, y = candidates[index]
        taken.append(
            [
                x - extent.width / 2,
                y - extent.height / 2,
                x + extent.width / 2,
                y + extent.height / 2,
            ]
        )
        offset = ((x - curve[0][0]) * points, (y - curve[0][1]) * points)
        if index >= len(curve):  # off the edge: draw it again, with a line to the edge
            label.remove()
            _edge_annotation(ax, text, middle, offset, leader=True)
        else:
            label.xyann = offset

    _network_legends(ax, g, type_order, kinds, former_drawn, inferred_drawn, centre)


def _network_legends(
    ax: Axes,
    g: Graph,
    type_order: Sequence[str],
    kinds: set[str],
    former: bool,
    inferred: bool,
    centre: str | None,
) -> None:
    """The node-type legend (top right) and the edge-kind legend (bottom right)."""
    from matplotlib.lines import Line2D

    node_handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=_node_style(t).marker,
            markersize=9,
            markerfacecolor=_node_style(t).colour,
            markeredgecolor=BLACK,
            label=_node_style(t).legend if t in NODE_STYLES else t or "other",
        )
        for t in type_order
    ]
    if centre is not None:
        node_handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=11,
                markerfacecolor=WHITE,
                markeredgecolor=BLACK,
                markeredgewidth=2.6,
                label=f"centre: {_wrap(_node_text(g, centre), 24, 2)}",
            )
        )
    node_legend = ax.legend(
        handles=node_handles,
        title="Node types\n(size: number of links)",
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=FONT_SIZE,
        title_fontsize=FONT_SIZE,
        frameon=False,
    )
    node_legend.set_gid("legend:nodes")
    ax.add_artist(node_legend)

    known = {k for family in EDGE_FAMILIES for k in family.kinds}
    edge_handles = []
    for family in (*EDGE_FAMILIES, _OTHER_EDGES):
        present = [k for k in family.kinds if k in kinds]
        if family is _OTHER_EDGES:
            present = sorted(k for k in kinds if k not in known)
        if present:
            text = _wrap(f"{family.name}: " + ", ".join(present), 34, 4)
            edge_handles.append(
                Line2D([], [], color=family.colour, linewidth=family.width, label=text)
            )
    if former:
        edge_handles.append(Line2D([], [], color=BLACK, linestyle="--", label="former role"))
    if inferred:
        edge_handles.append(
            Line2D([], [], color=BLACK, linestyle=":", label="inferred, not stated")
        )
    if edge_handles:
        edge_legend = ax.legend(
            handles=edge_handles,
            title="Edge kinds",
            loc="lower left",
            bbox_to_anchor=(1.0, 0.0),
            fontsize=FONT_SIZE,
            title_fontsize=FONT_SIZE,
            frameon=False,
        )
        edge_legend.set_gid("legend:edges")


def _edge_annotation(
    ax: Axes, text: str, xy: Sequence[float], offset: tuple[float, float], *, leader: bool
) -> Annotation:
    """An edge's role label at ``offset`` points from ``xy``; with ``leader``, a line to ``xy``."""
    label = ax.annotate(
        text,
        (float(xy[0]), float(xy[1])),
        xytext=offset,
        textcoords="offset points",
        ha="center",
        va="center",
        fontsize=SMALL_FONT_SIZE,
        fontstyle="italic",
        color=VERMILLION,
        bbox={"boxstyle": "round,pad=0.15", "facecolor": WHITE, "lw": 0},
        arrowprops={"arrowstyle": "-", "color": VERMILLION, "lw": 0.7, "shrinkA": 0, "shrinkB": 0}
        if leader
        else None,
        zorder=4,
    )
    label.set_gid("edge-label")
    return label


def _arc_points(
    ax: Axes, start: tuple[float, float], end: tuple[float, float], rad: float
) -> list[tuple[float, float]]:
    """Points along an ``arc3`` curve from ``start`` to ``end``, in pixels, middle first.

    matplotlib bends arcs in display space, so the points are found there:
    the curve is a quadratic Bézier whose control point lies ``rad`` times
    the chord's length off the chord's middle. The points go out from the
    middle towards both ends, where a label can sit when the middle is taken.
    """
    (x1, y1), (x2, y2) = ax.transData.transform([start, end])
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    points = []
    for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82):
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
        points.append((a * x1 + b * cx + c * x2, a * y1 + b * cy + c * y2))
    return points


def _candidates(curve: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Where an edge label may go: along its edge, then in widening rings round its middle."""
    x, y = curve[0]
    rings = [
        (x + r * math.cos(2 * math.pi * k / 16), y + r * math.sin(2 * math.pi * k / 16))
        for r in range(10, 250, 10)
        for k in range(16)
    ]
    return [*curve, *rings]


def _free_spot(
    width: float, height: float, candidates: Sequence[tuple[float, float]], taken: Sequence[Box]
) -> int:
    """The index of the first candidate centre where a box overlaps nothing taken.

    Falls back on the first candidate when every one is taken.
    """
    margin = 2.0
    for index, (x, y) in enumerate(candidates):
        x0, y0 = x - width / 2 - margin, y - height / 2 - margin
        x1, y1 = x + width / 2 + margin, y + height / 2 + margin
        if all(x1 <= b[0] or b[2] <= x0 or y1 <= b[1] or b[3] <= y0 for b in taken):
            return index
    return 0


#: Room for the legends on the right of a network, little margin elsewhere.
_NETWORK_MARGINS = {"left": 0.02, "right": 0.78, "bottom": 0.02, "top": 0.9}


def draw_network(
    g: Graph,
    ax: Axes | None = None,
    *,
    seed: int = 7,
    max_nodes: int = MAX_NODES,
    max_edges: int | None = MAX_EDGES,
) -> Figure:
    """Draw the cooperation network; above ``max_nodes`` nodes or ``max_edges`` edges, its backbone.

    Nodes are coloured and shaped by type and sized by their number of links;
    edges are coloured by family of kind, former roles dashed and inferred
    links dotted, role edges labelled. Labels are moved apart so none overlaps.

    A graph too large to draw whole in a few seconds, or to read, is summarised
    (see :func:`ctgraph.summary.summarise`): the most linked nodes, grown along
    links, with every edge among them; the title then says how many nodes and
    edges are left out. :func:`ctgraph.summary.summarise` with the same limits
    tells a caller the same.

    Args:
        g: a graph made by :func:`ctgraph.projection.project`.
        ax: the axes to draw on; a new 15 x 11 inch figure when None.
        seed: the seed of the spring layout; the same seed gives the same picture.
        max_nodes: the most nodes to draw.
        max_edges: the most edges to draw; None for no limit.

    Returns:
        The figure drawn on.

    Raises:
        InputError: ``max_nodes`` is less than 1 or ``max_edges`` less than 0.
    """
    figure, ax = _figure_and_axes(ax, (15.0, 11.0), **_NETWORK_MARGINS)
    summary = summarise(g, max_nodes, max_edges=max_edges)
    _set_title(ax, g, "", summary.caption)
    if g.number_of_nodes() == 0:
        _empty(ax, "no nodes to draw")
        return figure
    _draw_graph(summary.graph, ax, seed, None)
    return figure


def draw_ego(
    g: Graph,
    center: str,
    radius: int = 1,
    ax: Axes | None = None,
    *,
    seed: int = 7,
    max_nodes: int = MAX_NODES,
    max_edges: int | None = MAX_EDGES,
) -> Figure:
    """Draw the nodes within ``radius`` links of ``center``, whatever the links' direction.

    A neighbourhood too large to draw whole is summarised as
    :func:`draw_network` summarises a graph, from the centre outwards (see
    :func:`ctgraph.summary.ego_summary`): the centre is always drawn.

    Args:
        g: a graph made by :func:`ctgraph.projection.project`.
        center: the centre node, by key (full IRI) or prefixed name ("ct:morocco").
        radius: how many links away from the centre to go.
        ax: the axes to draw on; a new 13 x 10 inch figure when None.
        seed: the seed of the spring layout.
        max_nodes: the most nodes to draw, the centre included.
        max_edges: the most edges to draw; None for no limit.

    Returns:
        The figure drawn on.

    Raises:
        InputError: the centre is not in the graph, or a limit is too low.
    """
    key = node_key(g, center)
    summary = ego_summary(g, key, radius, max_nodes, max_edges=max_edges)
    figure, ax = _figure_and_axes(ax, (13.0, 10.0), **_NETWORK_MARGINS)
    links = "link" if radius == 1 else "links"
    what = f"Within {radius} {links} of {_node_text(g, key, 'label')}"
    _set_title(ax, g, what, summary.caption)
    _draw_graph(summary.graph, ax, seed, key)
    return figure


# ---------------------------------------------------------------------------
# The timeline


@dataclass(frozen=True)
class Period:
    """The days a date as written in the data can stand for, and how precise it is."""

    first: dt.date
    last: dt.date
    precision: str  # "day", "month" or "year"


def parse_period(text: str) -> Period | None:
    """Read "2024-06-04", "2025-09" or "2021" as the days it covers; None if unreadable."""
    parts = text.strip().split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(parts) == 3:
            day = dt.date(*numbers)
            return Period(day, day, "day")
        if len(parts) == 2:
            year, month = numbers
            last = calendar.monthrange(year, month)[1]
            return Period(dt.date(year, month, 1), dt.date(year, month, last), "month")
        if len(parts) == 1 and len(parts[0]) == 4:
            return Period(dt.date(numbers[0], 1, 1), dt.date(numbers[0], 12, 31), "year")
    except ValueError:
        return None
    return None


def _event_period(data: Mapping[str, Any]) -> Period | None:
    start = parse_period(str(data.get("start") or ""))
    if start is None:
        return None
    end = parse_period(str(data.get("end") or "")) or start
    order = ("day", "month", "year")
    precision = max(start.precision, end.precision, key=order.index)
    return Period(start.first, max(start.last, end.last), precision)


def _ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


# English month names, whatever the locale, so labels do not vary by machine.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _period_text(period: Period) -> str:
    """A period as a reader writes it: "2021", "Sep 2025", "4\u20135 Jun 2024"."""
    first, last = period.first, period.last

    def month(day: dt.date) -> str:
        return _MONTHS[day.month - 1]

    if period.precision == "year":
        return str(first.year) if first.year == last.year else f"{first.year}{DASH}{last.year}"
    if period.precision == "month":
        if (first.year, first.month) == (last.year, last.month):
            return f"{month(first)} {first.year}"
        return f"{month(first)} {first.year}{DASH}{month(last)} {last.year}"
    if first == last:
        return f"{first.day} {month(first)} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{DASH}{last.day} {month(first)} {first.year}"
    if first.year == last.year:
        return f"{first.day} {month(first)}{DASH}{last.day} {month(last)} {last.year}"
    return f"{first.day} {month(first)} {first.year}{DASH}{last.day} {month(last)} {last.year}"


def _places(g: Graph, event: str) -> list[str]:
    edges = g.out_edges(event, data=True)
    return sorted(_node_text(g, v) for _, v, data in edges if data.get("kind") == "held-in")


def _day_number(day: dt.date) -> float:
    """matplotlib's number for the start of ``day`` on a date axis."""
    from matplotlib.dates import date2num

    return float(date2num(day))  # type: ignore[no-untyped-call, unused-ignore]


#: Half the height of an event's bar, in rows.
_BAR_HALF_HEIGHT = 0.2


#: A dated event: its key, its period and its attributes.
_Event = tuple[str, Period, Mapping[str, Any]]


def _timeline_lines(g: Graph) -> tuple[dict[str, list[_Event]], list[str]]:
    """The dated events by line (a series' key, or a lone event's own), and the undated events.

    Events are in key order, in their line and among the undated.
    """
    lines: dict[str, list[_Event]] = defaultdict(list)
    undated: list[str] = []
    for node, data in sorted(g.nodes(data=True), key=lambda item: item[0]):
        if data.get("type") != "event":
            continue
        period = _event_period(data)
        if period is None:
            undated.append(node)
        else:
            lines[str(data.get("series") or "") or node].append((node, period, data))
    return dict(lines), undated


#: How :func:`timeline_summary` chooses lines, as the caption says it.
TIMELINE_METHOD = "those with the latest events, at most {} events each"


def _choose_lines(
    lines: Mapping[str, Sequence[_Event]], max_rows: int, max_events: int
) -> TimelineSummary:
    check_limits(max_rows=max_rows, max_events=max_events)
    total_rows, total_events = len(lines), sum(len(line) for line in lines.values())
    if total_rows <= max_rows and total_events <= max_events:
        every = tuple(e[0] for line in lines.values() for e in line)
        return TimelineSummary(tuple(lines), every, total_rows, total_events, "all")
    per_line = max(1, min(TIMELINE_LINE_EVENTS, max_events))
    latest = {
        key: sorted(line, key=lambda e: (-e[1].last.toordinal(), e[0]))[:per_line]
        for key, line in lines.items()
    }
    ranked = sorted(lines, key=lambda k: (-latest[k][0][1].last.toordinal(), -len(lines[k]), k))
    rows: list[str] = []
    events: list[str] = []
    for key in ranked[:max_rows]:
        if len(events) + len(latest[key]) > max_events:
            break
        rows.append(key)
        events.extend(e[0] for e in latest[key])
    method = TIMELINE_METHOD.format(per_line)
    return TimelineSummary(tuple(rows), tuple(events), total_rows, total_events, method)


def timeline_summary(
    g: Graph, max_rows: int = MAX_TIMELINE_ROWS, max_events: int = MAX_TIMELINE_EVENTS
) -> TimelineSummary:
    """Which lines and events :func:`draw_timeline` draws, and how many it leaves out.

    A timeline is drawn whole up to ``max_rows`` lines (a series, or an event
    outside any series) and ``max_events`` dated events. Above that, each line
    keeps its latest :data:`~ctgraph.summary.TIMELINE_LINE_EVENTS` events, and
    the lines are taken in order of their latest event, latest first (then
    the line with more events, then the smaller key), while both limits hold.
    A timeline is read for what happened last and what is planned next; a
    series keeps its recent history, and no one long series crowds out the rest.

    Raises:
        InputError: a limit is less than 1.
    """
    return _choose_lines(_timeline_lines(g)[0], max_rows, max_events)


def draw_timeline(
    g: Graph,
    ax: Axes | None = None,
    *,
    max_rows: int = MAX_TIMELINE_ROWS,
    max_events: int = MAX_TIMELINE_EVENTS,
) -> Figure:
    """Draw the dated events on a date axis, one line per series or lone event.

    Events dated to the day are points; events known only to the month or
    year are hatched bars over the whole month or year. Held events are
    filled, planned ones hollow. A dotted connector joins an event to the one
    it was held on the margins of; a dashed line marks the graph's as-of date.
    Above ``max_rows`` lines or ``max_events`` events, only the lines with the
    latest events are drawn, each with its latest few events (see
    :func:`timeline_summary`), and the title says how many lines and events
    are left out.

    Args:
        g: a graph made by :func:`ctgraph.projection.project`.
        ax: the axes to draw on; a new figure 13 inches wide when None.
        max_rows: the most lines to draw.
        max_events: the most events to draw.

    Returns:
        The figure drawn on.

    Raises:
        InputError: a limit is less than 1.
    """
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    every_line, undated = _timeline_lines(g)
    summary = _choose_lines(every_line, max_rows, max_events)
    drawn = set(summary.events)
    # One line per series, one per event outside a series; lines in order of their first date.
    lines = {key: [e for e in every_line[key] if e[0] in drawn] for key in summary.rows}
    events = [e for line in lines.values() for e in line]
    order = sorted(lines, key=lambda k: (min(e[1].first for e in lines[k]), k))
    figure, ax = _figure_and_axes(ax, (13.0, max(4.0, 1.9 + 0.62 * len(order))))
    _set_title(ax, g, "Events", summary.caption)
    if not events:
        _empty(ax, "no dated events")
        return figure

    row_of = {key: row for row, key in enumerate(order)}
    where: dict[str, tuple[float, float, float, float]] = {}  # event: x, row, first, end
    statuses: set[str] = set()
    imprecise = False
    for key in order:
        row = row_of[key]
        for node, period, data in lines[key]:
            status = str(data.get("status") or "")
            status = status if status in _STATUS_STYLE else ""
            statuses.add(status)
            colour, filled, _ = _STATUS_STYLE[status]
            first = _day_number(period.first)
            end = _day_number(period.last + dt.timedelta(days=1))
            middle = (first + end) / 2
            if period.precision == "day":
                artist: Any = ax.scatter(
                    [middle],
                    [row],
                    s=90,
                    marker="o",
                    facecolors=[colour if filled else WHITE],
                    edgecolors=[colour],
                    linewidths=[1.8],
                    zorder=3,
                )
            else:
                imprecise = True
                artist = Rectangle(
                    (first, row - _BAR_HALF_HEIGHT),
                    end - first,
                    2 * _BAR_HALF_HEIGHT,
                    facecolor=_tint(colour, 0.45) if filled else WHITE,
                    edgecolor=colour,
                    hatch="///",
                    linewidth=1.4,
                    zorder=2,
                )
                ax.add_patch(artist)
            artist.set_gid(f"event:{node}")
            where[node] = (middle, row, first, end)
            ordinal = int(data.get("ordinal") or 0)
            parts = [_ordinal(ordinal)] if ordinal and data.get("series") else []
            parts.append(_period_text(period))
            parts.extend(_places(g, node))
            # Above the bar or point (the rows run downwards), clear of it.
            top = row - _BAR_HALF_HEIGHT if period.precision != "day" else row
            ax.annotate(
                ", ".join(parts),
                (middle, top),
                xytext=(0, 4 if period.precision != "day" else 8),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=SMALL_FONT_SIZE,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": WHITE, "alpha": 0.85, "lw": 0},
                zorder=4,
            ).set_gid(f"event-label:{node}")

    margins = False
    margin_edges = (
        edge
        for u in sorted(where)
        for edge in sorted(g.out_edges(u, data=True), key=lambda e: e[1])
    )
    for u, v, data in margin_edges:
        if data.get("kind") != "on-the-margins-of" or v not in where:
            continue
        x, row_u, _, _ = where[u]
        _, row_v, first_v, end_v = where[v]
        x = min(max(x, first_v), end_v)
        (connector,) = ax.plot(
            [x, x], [row_u, row_v], color=BLACK, linestyle=":", linewidth=1.2, zorder=1
        )
        connector.set_gid(f"margins:{u}->{v}")
        margins = True

    as_of = str(g.graph.get("as_of") or "")
    as_of_period = parse_period(as_of)
    if as_of_period is not None:
        ax.axvline(
            _day_number(as_of_period.first), color=GREY, linestyle="--", linewidth=1, zorder=0
        )

    labels = []
    for key in order:
        is_series = lines[key][0][0] != key
        text = _node_text(g, key)
        labels.append(_wrap(f"{text} (series)" if is_series else text, 34))
    ax.set_yticks(range(len(order)), labels, fontsize=FONT_SIZE)
    ax.set_ylim(len(order) - 0.4, -0.7)
    firsts = [w[2] for w in where.values()]
    ends = [w[3] for w in where.values()]
    if as_of_period is not None:  # keep the as-of line in view
        firsts.append(_day_number(as_of_period.first))
        ends.append(_day_number(as_of_period.first))
    span = max(ends) - min(firsts)
    ax.set_xlim(min(firsts) - 0.06 * span - 20, max(ends) + 0.06 * span + 20)
    locator = AutoDateLocator(minticks=5, maxticks=12)  # type: ignore[no-untyped-call, unused-ignore]
    formatter = ConciseDateFormatter(locator)  # type: ignore[no-untyped-call, unused-ignore]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    ax.tick_params(axis="x", labelsize=FONT_SIZE)
    ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    handles: list[Any] = []
    for status in ("held", "planned", ""):
        if status in statuses:
            colour, filled, text = _STATUS_STYLE[status]
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markersize=9,
                    markerfacecolor=colour if filled else WHITE,
                    markeredgecolor=colour,
                    markeredgewidth=1.8,
                    label=text,
                )
            )
    if imprecise:
        handles.append(
            Patch(
                facecolor=WHITE,
                edgecolor=BLACK,
                hatch="///",
                label="date known only to the month or year",
            )
        )
    if margins:
        handles.append(Line2D([], [], color=BLACK, linestyle=":", label="on the margins of"))
    if as_of_period is not None:
        handles.append(Line2D([], [], color=GREY, linestyle="--", label=f"as of {as_of}"))
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=FONT_SIZE,
        frameon=False,
    )
    legend.set_gid("legend:timeline")
    if undated:
        # Say what is missing, so that an empty stretch is not read as no events.
        names = "; ".join(sorted(_node_text(g, n) for n in undated))
        ax.annotate(
            _wrap(f"Not shown, no date known: {names}", 150, 3),
            (0, 0),
            xycoords="axes fraction",
            xytext=(0, -32),
            textcoords="offset points",
            va="top",
            fontsize=SMALL_FONT_SIZE,
        ).set_gid("undated")
    return figure


# ---------------------------------------------------------------------------
# The role matrix


def role_cells(g: Graph) -> dict[tuple[str, str], list[tuple[str, str, bool]]]:
    """The roles each actor holds in each framework or organisation.

    Returns:
        For each (actor, organisation) pair with a role edge (see
        :data:`ROLE_KINDS`), its roles as (cell text, role, former), sorted.
    """
    cells: dict[tuple[str, str], set[tuple[str, str, bool]]] = defaultdict(set)
    for u, v, data in g.edges(data=True):
        if data.get("kind") in ROLE_KINDS:
            role = str(data.get("role_label") or _ROLE_OF_KIND[str(data["kind"])])
            cells[(u, v)].add((_role_text(data), role, bool(data.get("former"))))
    return {pair: sorted(roles) for pair, roles in sorted(cells.items())}


def _role_colours(roles: Iterable[str]) -> dict[str, str]:
    colours: dict[str, str] = {}
    spare = 0
    for role in sorted(set(roles)):
        if role in ROLE_COLOURS:
            colours[role] = ROLE_COLOURS[role]
        else:
            colours[role] = _SPARE_ROLE_COLOURS[spare % len(_SPARE_ROLE_COLOURS)]
            spare += 1
    return colours


def _type_rank(g: Graph, node: str) -> tuple[int, str]:
    types = list(NODE_STYLES)
    node_type = str(g.nodes[node].get("type", "")) if node in g else ""
    rank = types.index(node_type) if node_type in types else len(types)
    return rank, _node_text(g, node).casefold()


#: How :func:`role_summary` chooses rows and columns, as the caption says it.
MATRIX_METHOD = "those with the most roles"


def _choose_cells(
    cells: Mapping[tuple[str, str], object], max_rows: int, max_columns: int
) -> MatrixSummary:
    check_limits(max_rows=max_rows, max_columns=max_columns)
    per_column: dict[str, int] = defaultdict(int)
    for _, column in cells:
        per_column[column] += 1
    every_row = {row for row, _ in cells}
    if len(every_row) <= max_rows and len(per_column) <= max_columns:
        rows, columns = tuple(sorted(every_row)), tuple(sorted(per_column))
        return MatrixSummary(rows, columns, len(rows), len(columns), len(cells), len(cells), "all")
    ranked = sorted(per_column, key=lambda c: (-per_column[c], c))
    columns = tuple(ranked[:max_columns])
    kept = set(columns)
    per_row: dict[str, int] = defaultdict(int)
    for row, column in cells:
        if column in kept:
            per_row[row] += 1
    rows = tuple(sorted(per_row, key=lambda r: (-per_row[r], r))[:max_rows])
    shown = sum(per_row[r] for r in rows)
    return MatrixSummary(
        rows, columns, len(every_row), len(per_column), shown, len(cells), MATRIX_METHOD
    )


def role_summary(
    g: Graph, max_rows: int = MAX_MATRIX_ROWS, max_columns: int = MAX_MATRIX_COLUMNS
) -> MatrixSummary:
    """Which actors and columns :func:`draw_role_matrix` draws, and how many it leaves out.

    The matrix is drawn whole up to ``max_rows`` actors and ``max_columns``
    frameworks, organisations and events. Above that, the columns kept are
    those in which the most actors hold a role, and the rows kept are the
    actors with the most roles in those columns (ties to the smaller key): the
    densest part of the matrix, where an analyst compares who holds what.

    Raises:
        InputError: a limit is less than 1.
    """
    return _choose_cells(role_cells(g), max_rows, max_columns)


def draw_role_matrix(
    g: Graph,
    ax: Axes | None = None,
    *,
    max_rows: int = MAX_MATRIX_ROWS,
    max_columns: int = MAX_MATRIX_COLUMNS,
) -> Figure:
    """Draw the roles of actors (rows) in frameworks and organisations (columns).

    Each cell holds the role's name, coloured by role; former roles are
    marked "(former)", lighter and hatched. Above ``max_rows`` actors or
    ``max_columns`` columns, only those with the most roles are drawn (see
    :func:`role_summary`), and the title says how many are left out.

    Args:
        g: a graph made by :func:`ctgraph.projection.project`.
        ax: the axes to draw on; a new figure sized to the matrix when None.
        max_rows: the most actors to draw.
        max_columns: the most frameworks, organisations and events to draw.

    Returns:
        The figure drawn on.

    Raises:
        InputError: a limit is less than 1.
    """
    from matplotlib.patches import Patch, Rectangle

    every_cell = role_cells(g)
    summary = _choose_cells(every_cell, max_rows, max_columns)
    kept_rows, kept_columns = set(summary.rows), set(summary.columns)
    cells = {
        pair: roles
        for pair, roles in every_cell.items()
        if pair[0] in kept_rows and pair[1] in kept_columns
    }
    rows = sorted({u for u, _ in cells}, key=lambda n: _type_rank(g, n))
    columns = sorted({v for _, v in cells}, key=lambda n: _type_rank(g, n))
    width = max(7.0, 3.8 + 1.55 * len(columns))
    figure, ax = _figure_and_axes(ax, (width, max(3.5, 2.4 + 0.75 * len(rows))))
    _set_title(ax, g, "Roles held in frameworks, organisations and events", summary.caption)
    if not cells:
        _empty(ax, "no roles to draw")
        return figure

    colours = _role_colours(role for roles in cells.values() for _, role, _ in roles)
    any_former = False
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            roles = cells.get((row, column), [])
            if not roles:
                ax.add_patch(
                    Rectangle((j, i), 1, 1, facecolor=WHITE, edgecolor=LIGHT_GREY, linewidth=0.8)
                )
                continue
            _, role, former = roles[0]
            colour = colours[role]
            any_former |= any(f for _, _, f in roles)
            cell = Rectangle(
                (j, i),
                1,
                1,
                facecolor=_tint(colour, 0.18 if former else 0.6),
                edgecolor=colour if former else WHITE,
                hatch="///" if former else None,
                linewidth=1.0 if former else 2.0,
            )
            cell.set_gid(f"role-cell-patch:{row}|{column}")
            ax.add_patch(cell)
            ax.text(
                j + 0.5,
                i + 0.5,
                "\n".join(_wrap(t, 14, 2) for t, _, _ in roles),
                ha="center",
                va="center",
                fontsize=FONT_SIZE,
                fontweight="normal" if former else "bold",
                bbox={"boxstyle": "round,pad=0.2", "facecolor": WHITE, "edgecolor": "none"}
                if former
                else None,
            ).set_gid(f"role-cell:{row}|{column}")

    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(rows), 0)
    ax.set_xticks(
        [j + 0.5 for j in range(len(columns))],
        [_wrap(_node_text(g, c), 17, 6) for c in columns],
        fontsize=FONT_SIZE,
    )
    ax.set_yticks(
        [i + 0.5 for i in range(len(rows))],
        [_wrap(_node_text(g, r), 24, 2) for r in rows],
        fontsize=FONT_SIZE,
    )
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_aspect("auto")

    handles: list[Any] = [
        Patch(facecolor=_tint(colours[role], 0.6), edgecolor=WHITE, label=role)
        for role in sorted(colours)
    ]
    if any_former:
        handles.append(
            Patch(facecolor=_tint(GREY, 0.18), edgecolor=GREY, hatch="///", label="former role")
        )
    legend = ax.legend(
        handles=handles,
        title="Role",
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        fontsize=FONT_SIZE,
        title_fontsize=FONT_SIZE,
        frameon=False,
    )
    legend.set_gid("legend:roles")
    return figure


# ---------------------------------------------------------------------------
# Saving


def save_figure(figure: Figure, path: Path | str) -> Path:
    """Save ``figure`` as PNG, SVG or PDF, by the path's ending, the same bytes every time.

    The metadata that would vary (dates, the software version in PNG) is left
    out, SVG ids are salted with a fixed string, and the file is written
    atomically (see :func:`ctgraph.export.write_atomic`).

    Returns:
        The path written.

    Raises:
        InputError: the ending is not .png, .svg or .pdf, or the folder does not exist.
    """
    import matplotlib

    destination = Path(path)
    try:
        fmt, metadata = FIGURE_FORMATS[destination.suffix.lower()]
    except KeyError:
        endings = ", ".join(FIGURE_FORMATS)
        message = f"cannot save a figure as {destination.suffix!r}: use {endings}"
        raise InputError(message, path) from None
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "ctgraph"}):
        figure.savefig(
            buffer,
            format=fmt,
            dpi=DPI,
            bbox_inches="tight",
            pad_inches=PAD_INCHES,
            metadata=metadata,
            facecolor=WHITE,
        )
    write_atomic(destination, buffer.getvalue())
    return destination


#: The node :func:`render_all` draws an ego network of, when the graph has it.
EGO_CENTRE = "ct:morocco"


def render_all(g: Graph, folder: Path | str) -> list[Path]:
    """Draw the four diagrams of ``g`` as PNG files in ``folder`` (made if missing).

    Writes network.png, timeline.png, role-matrix.png and, when the graph has
    ``ct:morocco``, ego-morocco.png.

    Returns:
        The paths written, in that order.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = [
        save_figure(draw_network(g), target / "network.png"),
        save_figure(draw_timeline(g), target / "timeline.png"),
        save_figure(draw_role_matrix(g), target / "role-matrix.png"),
    ]
    try:
        centre = node_key(g, EGO_CENTRE)
    except InputError:
        return written
    written.append(save_figure(draw_ego(g, centre), target / "ego-morocco.png"))
    return written
