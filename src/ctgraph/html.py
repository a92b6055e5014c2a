"""One self-contained, offline HTML page to explore a projected graph: inline SVG, CSS, script."""

from __future__ import annotations

import html
import importlib.util
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ExportError
from .export import write_atomic
from .summary import HTML_MAX_EDGES, HTML_MAX_NODES, summarise

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EDGE_COLOURS",
    "LABEL_CHARS",
    "NODE_STYLES",
    "OKABE_ITO",
    "SOURCES_LISTED",
    "VIEW_HEIGHT",
    "VIEW_WIDTH",
    "display_label",
    "graph_data",
    "layout",
    "node_radius",
    "render_html",
    "write_html",
]

#: The colour-blind-safe palette of Okabe and Ito ("Color Universal Design", 2008).
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}

_WHITE = "#FFFFFF"

#: How each node type of the projection is drawn: fill and stroke colour. The
#: palette has eight colours for twelve types, so four types are drawn as
#: rings (white fill, thick coloured stroke) rather than as filled discs.
NODE_STYLES: dict[str, dict[str, str]] = {
    "state": {"fill": OKABE_ITO["orange"], "stroke": "#333333"},
    "un-entity": {"fill": OKABE_ITO["blue"], "stroke": "#333333"},
    "unit": {"fill": OKABE_ITO["sky blue"], "stroke": "#333333"},
    "framework": {"fill": OKABE_ITO["bluish green"], "stroke": "#333333"},
    "programme": {"fill": OKABE_ITO["reddish purple"], "stroke": "#333333"},
    "person": {"fill": OKABE_ITO["vermillion"], "stroke": "#333333"},
    "event": {"fill": OKABE_ITO["yellow"], "stroke": "#333333"},
    "place": {"fill": OKABE_ITO["black"], "stroke": "#333333"},
    "series": {"fill": _WHITE, "stroke": OKABE_ITO["black"]},
    "post": {"fill": _WHITE, "stroke": OKABE_ITO["vermillion"]},
    "document": {"fill": _WHITE, "stroke": OKABE_ITO["reddish purple"]},
    "organisation": {"fill": _WHITE, "stroke": OKABE_ITO["blue"]},
}
_FALLBACK_NODE = {"fill": "#BBBBBB", "stroke": "#333333"}

#: The line colour of each edge kind. Kinds of one family share a colour
#: (seven colours for nineteen kinds; yellow is too faint for a thin line).
EDGE_COLOURS: dict[str, str] = {
    # roles in frameworks
    "member-of": OKABE_ITO["orange"],
    "co-chaired": OKABE_ITO["orange"],
    "chaired": OKABE_ITO["orange"],
    "initiated": OKABE_ITO["orange"],
    # people and their posts
    "holds-post": OKABE_ITO["vermillion"],
    "post-in": OKABE_ITO["vermillion"],
    # events
    "participated": OKABE_ITO["reddish purple"],
    "on-the-margins-of": OKABE_ITO["reddish purple"],
    "in-series": OKABE_ITO["reddish purple"],
    "organised-by": OKABE_ITO["reddish purple"],
    "discussed": OKABE_ITO["reddish purple"],
    "about": OKABE_ITO["reddish purple"],
    # places
    "held-in": OKABE_ITO["black"],
    "based-in": OKABE_ITO["black"],
    "located-in": OKABE_ITO["black"],
    "serves": OKABE_ITO["black"],
    # structure and delivery
    "unit-of": OKABE_ITO["blue"],
    "runs": OKABE_ITO["blue"],
    "delivered-through": OKABE_ITO["blue"],
    "affiliated-with": OKABE_ITO["blue"],
    # support and partnership
    "supports": OKABE_ITO["bluish green"],
    "partner": OKABE_ITO["bluish green"],
    # commitments
    "committed": OKABE_ITO["sky blue"],
    "concerns": OKABE_ITO["sky blue"],
}
_FALLBACK_EDGE = "#777777"

#: The SVG viewport the embedded positions are scaled to.
VIEW_WIDTH = 1000
VIEW_HEIGHT = 720
# Room left around the drawing; on the right, room for a label.
_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_Y = 30.0, 200.0, 30.0
#: Labels longer than this many characters are cut short in the drawing.
LABEL_CHARS = 30
# Estimated extent of an 11-unit label: width of a character, half the height.
_CHAR_WIDTH, _HALF_LINE = 6.3, 8.0
# Lone nodes: the horizontal and vertical room each gets in the bottom strip.
_LONE_SPACING, _LONE_ROW = 230.0, 30.0
# networkx lays out graphs of this many nodes or more with scipy's sparse arrays.
_SPARSE_FROM = 500

#: A rectangle of the viewport: left, top, right, bottom.
Box = tuple[float, float, float, float]


def _key_text(key: Any) -> str:
    return key if isinstance(key, str) else str(key)


def node_radius(degree: int) -> float:
    """The radius of a node with ``degree`` edges: more relations, larger disc."""
    return round(6 + min(8.0, 1.6 * math.sqrt(degree)), 1)


def display_label(attributes: Mapping[str, Any], key: str) -> str:
    """The label drawn beside a node: ``short``, else ``label``, else the key, cut short."""
    text = str(attributes.get("short") or attributes.get("label") or key)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "\u2026"


def layout(g: nx.MultiDiGraph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Return a position in the SVG viewport for each node, keyed by its key as text.

    Each connected component is laid out by networkx's spring layout with the
    fixed seed, on the undirected simple graph with nodes and edges in sorted
    order, so positions depend on the graph's content only, never on insertion
    order. Components share the viewport in proportion to their size (a
    spring layout of the whole graph would fling lone nodes to the edges and
    crush the rest); lone nodes line up along the bottom. Then nodes whose
    labels would overlap are pushed apart vertically. Coordinates are rounded
    to a tenth of a unit, so they print the same everywhere.

    Without scipy, a component of 500 nodes or more is put on a circle
    instead: networkx needs scipy to lay out graphs that large.
    """
    import networkx as nx

    keys = sorted(_key_text(n) for n in g.nodes)
    simple = nx.Graph()
    simple.add_nodes_from(keys)
    pairs = {tuple(sorted((_key_text(u), _key_text(v)))) for u, v in g.edges() if u != v}
    simple.add_edges_from(sorted(pairs))
    components = sorted(
        (sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0])
    )
    groups = [c for c in components if len(c) > 1]
    lone = [c[0] for c in components if len(c) == 1]

    positions: dict[str, tuple[float, float]] = {}
    top, bottom = _MARGIN_Y, VIEW_HEIGHT - _MARGIN_Y
    if lone:
        per_row = int((VIEW_WIDTH - _MARGIN_LEFT - _MARGIN_RIGHT) // _LONE_SPACING) + 1
        rows = -(-len(lone) // per_row)
        row = min(_LONE_ROW, (bottom - top) * (0.4 if groups else 1.0) / rows)
        strip = rows * row
        first = (bottom - strip if groups else (top + bottom - strip) / 2) + row / 2
        for i, key in enumerate(lone):
            line, column = divmod(i, per_row)
            positions[key] = (
                round(_MARGIN_LEFT + column * _LONE_SPACING, 1),
                round(first + line * row, 1),
            )
        bottom -= strip + _MARGIN_Y
    extents = _extents(g)
    box = (_MARGIN_LEFT, top, VIEW_WIDTH - 10.0, bottom)
    for component, (x0, y0, x1, y1) in _split(groups, box):
        raw = _spring(simple.subgraph(component), seed)
        xs = [float(raw[k][0]) for k in component]
        ys = [float(raw[k][1]) for k in component]
        # Labels run to the right of their node: narrow the spread of the nodes
        # until every label ends inside the box (but keep a third of it at least).
        fractions = [_scale(x, min(xs), max(xs), 0.0, 1.0, None) for x in xs]
        spread = max(
            (x1 - x0) / 3,
            min(
                [x1 - x0]
                + [
                    (x1 - x0 - extents[k][1]) / f
                    for k, f in zip(component, fractions, strict=True)
                    if f > 0
                ]
            ),
        )
        placed = {
            key: (round(x0 + f * spread, 1), _scale(y, min(ys), max(ys), y0, y1))
            for key, f, y in zip(component, fractions, ys, strict=True)
        }
        positions.update(_separate(placed, extents, (y0, y1)))
    return positions


def _spring(component: nx.Graph, seed: int) -> Mapping[str, Any]:
    """Spring layout of a connected graph; a circle when it is too large to do without scipy."""
    import networkx as nx

    size = component.number_of_nodes()
    if size >= _SPARSE_FROM and importlib.util.find_spec("scipy") is None:
        return nx.circular_layout(component)  # type: ignore[no-any-return]
    return nx.spring_layout(  # type: ignore[no-any-return]
        component,
        seed=seed,
        iterations=300 if size <= 200 else 100,  # each costs time quadratic in the size
        k=1.6 / math.sqrt(size),
    )


def _extents(g: nx.MultiDiGraph) -> dict[str, tuple[float, float, float]]:
    """How far each node and its label reach: to the left, to the right, up and down."""
    found = {}
    for node, attributes in g.nodes(data=True):
        key = _key_text(node)
        radius = node_radius(g.degree(node))
        width = radius + 3 + _CHAR_WIDTH * len(display_label(attributes, key))
        found[key] = (radius, width, max(radius, _HALF_LINE))
    return found


def _separate(
    positions: dict[str, tuple[float, float]],
    extents: Mapping[str, tuple[float, float, float]],
    span: tuple[float, float],
    rounds: int = 60,
) -> dict[str, tuple[float, float]]:
    """Push apart, vertically, nodes whose labels overlap; a fixed number of rounds at most.

    Nodes only move up or down, so the order by left edge found once holds,
    and a sweep over it finds the overlapping pairs without trying them all.
    """
    where = {k: list(v) for k, v in positions.items()}
    order = sorted(where, key=lambda k: (where[k][0] - extents[k][0], k))
    low, high = span
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(order):
            a_right = where[a][0] + extents[a][1]
            for b in order[i + 1 :]:
                if where[b][0] - extents[b][0] >= a_right:
                    break
                dy = where[b][1] - where[a][1]
                overlap = extents[a][2] + extents[b][2] - abs(dy)
                if overlap <= 0:
                    continue
                push = overlap / 2 + 0.5
                sign = 1.0 if dy > 0 or (dy == 0 and a < b) else -1.0
                where[a][1] = min(high, max(low, where[a][1] - sign * push))
                where[b][1] = min(high, max(low, where[b][1] + sign * push))
                moved = True
        if not moved:
            break
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in where.items()}


def _scale(
    value: float, low: float, high: float, start: float, stop: float, digits: int | None = 1
) -> float:
    """Map ``value`` from [low, high] to [start, stop]; the middle when low equals high."""
    if high - low < 1e-12:
        result = (start + stop) / 2
    else:
        result = start + (value - low) / (high - low) * (stop - start)
    return result if digits is None else round(result, digits)


def _split(groups: list[list[str]], box: Box) -> list[tuple[list[str], Box]]:
    """Share ``box`` among ``groups`` in proportion to their sizes (a balanced treemap).

    The groups are halved by size, the box is cut across its longer side in
    the same proportion, and each half is shared out again.
    """
    if not groups:
        return []
    if len(groups) == 1:
        return [(groups[0], box)]
    total = sum(len(c) for c in groups)
    cut, running = 1, len(groups[0])
    while cut < len(groups) - 1 and running + len(groups[cut]) <= total / 2:
        running += len(groups[cut])
        cut += 1
    share = running / total
    x0, y0, x1, y1 = box
    gap = min(_MARGIN_Y, max(x1 - x0, y1 - y0) / 20)
    if x1 - x0 >= y1 - y0:
        middle = x0 + (x1 - x0) * share
        first, second = (x0, y0, middle - gap / 2, y1), (middle + gap / 2, y0, x1, y1)
    else:
        middle = y0 + (y1 - y0) * share
        first, second = (x0, y0, x1, middle - gap / 2), (x0, middle + gap / 2, x1, y1)
    return _split(groups[:cut], first) + _split(groups[cut:], second)


def graph_data(g: nx.MultiDiGraph, *, seed: int = 7) -> dict[str, Any]:
    """Return what the page embeds: graph attributes, nodes and edges, in sorted order.

    Each node is ``{"key", "position": [x, y], "radius", "text", "attributes"}``
    (``text`` the label drawn beside it) and each edge ``{"source", "target",
    "key", "attributes"}``, with the attributes exactly as the networkx graph
    holds them.
    """
    positions = layout(g, seed=seed)
    nodes = [
        {
            "key": _key_text(n),
            "position": list(positions[_key_text(n)]),
            "radius": node_radius(g.degree(n)),
            "text": display_label(attributes, _key_text(n)),
            "attributes": dict(attributes),
        }
        for n, attributes in sorted(g.nodes(data=True), key=lambda item: _key_text(item[0]))
    ]
    edges = [
        {
            "source": _key_text(u),
            "target": _key_text(v),
            "key": k,
            "attributes": dict(attributes),
        }
        for u, v, k, attributes in sorted(
            g.edges(keys=True, data=True),
            key=lambda item: (_key_text(item[0]), _key_text(item[1]), _key_text(item[2])),
        )
    ]
    return {"graph": dict(g.graph), "nodes": nodes, "edges": edges}


def _script_json(value: object) -> str:
    """JSON safe to put inside a ``<script>`` element: it can never close it."""
    try:
        text = json.dumps(
            value, sort_keys=True, ensure_ascii=True, allow_nan=False, separators=(",", ":")
        )
    except (TypeError, ValueError) as error:
        raise ExportError(f"the graph cannot be embedded as JSON: {error}") from error
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _style_data() -> dict[str, Any]:
    return {
        "types": NODE_STYLES,
        "typeOrder": list(NODE_STYLES),
        "fallbackType": _FALLBACK_NODE,
        "kinds": EDGE_COLOURS,
        "kindOrder": list(EDGE_COLOURS),
        "fallbackKind": _FALLBACK_EDGE,
    }


def _text_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if str(v)]
    return []


#: The most source documents the header lists; the rest are counted.
SOURCES_LISTED = 5


def _header(meta: Mapping[str, Any], title: str, nodes: int, edges: int, note: str = "") -> str:
    as_of = str(meta.get("as_of") or "")
    when = f"As of {as_of}" if as_of else "As of the date of each source"
    size = f"{nodes} node{'s' if nodes != 1 else ''}, {edges} relation{'s' if edges != 1 else ''}"
    documents = _text_list(meta.get("documents"))
    lines = [
        "<header>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="meta">{html.escape(when)} · {html.escape(size)}</p>',
    ]
    if note:
        lines.append(f'<p class="meta" id="summary">{html.escape(note)}</p>')
    if documents:
        items = "".join(f"<li>{html.escape(d)}</li>" for d in documents[:SOURCES_LISTED])
        if len(documents) > SOURCES_LISTED:
            items += f"<li>and {len(documents) - SOURCES_LISTED:,} more</li>"
        label = "Source document" if len(documents) == 1 else "Source documents"
        lines.append(f'<div class="sources"><span>{label}:</span><ul>{items}</ul></div>')
    lines.append("</header>")
    return "\n".join(lines)


_LEGEND = """<section id="legend" aria-labelledby="legend-title">
<h2 id="legend-title">Legend</h2>
<ul class="legend">
<li><svg width="44" height="12" aria-hidden="true"><line x1="2" y1="6" x2="34" y2="6" \
stroke="#444" stroke-width="2"/><path d="M42,6 L33,2 L33,10 Z" fill="#444"/></svg> \
a relation, from subject to object (colour: its kind)</li>
<li><svg width="44" height="12" aria-hidden="true"><line x1="2" y1="6" x2="42" y2="6" \
stroke="#444" stroke-width="2" stroke-dasharray="6 4"/></svg> a former role or relation</li>
<li><span class="swatch" style="background:#E69F00"></span> a filled disc: its colour \
gives the node type</li>
<li><span class="swatch ring" style="border-color:#000000"></span> a ring: the four types \
beyond the eight colours</li>
<li>Larger nodes have more relations.</li>
</ul>
<p class="help">Hover over or click a node or a relation for its details and sources. \
Drag nodes to move them. Keyboard: Tab to a node, Enter to show it, arrow keys to move it, \
Escape to clear.</p>
</section>"""


def render_html(
    g: nx.MultiDiGraph,
    *,
    title: str | None = None,
    seed: int = 7,
    max_nodes: int = HTML_MAX_NODES,
    max_edges: int | None = HTML_MAX_EDGES,
    keep: Iterable[str] = (),
) -> str:
    """Return one self-contained HTML page that draws ``g`` and lets the reader explore it.

    The page needs no network: its script and styles are inline and the graph
    is embedded as JSON (``<script type="application/json" id="ctgraph-data">``),
    with node positions computed here (see :func:`layout`), so the same graph
    gives the same text.

    A graph of more than ``max_nodes`` nodes or ``max_edges`` edges is
    summarised (see :func:`ctgraph.summary.summarise`): the page lays out and
    embeds its backbone only, so that it is made in seconds and stays quick in
    a browser, and its header says how many nodes and edges are left out.

    Args:
        g: A graph of :func:`ctgraph.projection.project`.
        title: The page title; by default the graph's ``title`` attribute.
        seed: The seed of the spring layout.
        max_nodes: The most nodes to embed.
        max_edges: The most edges to embed; None for no limit.
        keep: Nodes a summary keeps whatever the limits (an ego network's centre).

    Raises:
        ExportError: an attribute of the graph is not JSON-serialisable.
        InputError: ``max_nodes`` is less than 1 or ``max_edges`` less than 0.
    """
    summary = summarise(g, max_nodes, max_edges=max_edges, keep=keep)
    data = graph_data(summary.graph, seed=seed)
    page_title = title if title is not None else str(g.graph.get("title") or "ctgraph")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="ctgraph">',
        f"<title>{html.escape(page_title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        _header(g.graph, page_title, len(data["nodes"]), len(data["edges"]), summary.caption),
        "<main>",
        f'<svg id="canvas" viewBox="0 0 {VIEW_WIDTH} {VIEW_HEIGHT}" role="group" '
        f'aria-label="{html.escape(page_title)}: graph drawing">'
        '<g id="edges"></g><g id="nodes"></g></svg>',
        '<aside id="panel" aria-label="Filters and details">',
        '<section id="filters" aria-labelledby="filters-title">',
        '<h2 id="filters-title">Show</h2>',
        '<fieldset id="type-filter"><legend>Node types</legend></fieldset>',
        '<fieldset id="kind-filter"><legend>Relation kinds</legend></fieldset>',
        '<div class="view"><label><input type="checkbox" id="show-labels"> '
        "all relation labels</label> "
        '<button type="button" id="reset-layout">Reset layout</button></div>',
        '<p id="status" aria-live="polite"></p>',
        "</section>",
        '<section id="details" aria-live="polite" aria-labelledby="details-title">',
        '<h2 id="details-title">Details</h2>',
        '<p class="muted">Hover over or select a node or a relation.</p>',
        "</section>",
        _LEGEND,
        "</aside>",
        "</main>",
        "<noscript><p>This page draws the graph with JavaScript. Its data is embedded "
        "in this file as JSON, in the script element ctgraph-data.</p></noscript>",
        f'<script type="application/json" id="ctgraph-data">{_script_json(data)}</script>',
        f'<script type="application/json" id="ctgraph-style">{_script_json(_style_data())}'
        "</script>",
        f"<script>{_JS}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def write_html(
    g: nx.MultiDiGraph,
    path: Path | str,
    *,
    title: str | None = None,
    seed: int = 7,
    max_nodes: int = HTML_MAX_NODES,
    max_edges: int | None = HTML_MAX_EDGES,
    keep: Iterable[str] = (),
) -> None:
    """Write :func:`render_html` of ``g`` to ``path`` in UTF-8, atomically."""
    page = render_html(
        g, title=title, seed=seed, max_nodes=max_nodes, max_edges=max_edges, keep=keep
    )
    write_atomic(Path(path), page.encode("utf-8"))


_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{display:flex;flex-direction:column;font:14px/1.4 system-ui,-apple-system,"Segoe UI",\
Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1a1a;background:#fff}
header{padding:8px 16px 6px;border-bottom:1px solid #d0d0d0}
h1{font-size:19px;margin:0}
h2{font-size:15px;margin:12px 0 6px}
h3{font-size:13px;margin:10px 0 4px}
.meta{margin:2px 0;color:#444}
.sources{display:flex;gap:6px;color:#444;font-size:13px}
.sources ul{margin:0;padding:0;list-style:none}
main{flex:1;display:grid;grid-template-columns:minmax(0,1fr) 400px;min-height:0}
#canvas{display:block;width:100%;height:100%;background:#fafafa;touch-action:none;\
user-select:none;-webkit-user-select:none}
#panel{border-left:1px solid #d0d0d0;overflow:auto;padding:0 14px 14px}
fieldset{border:1px solid #d0d0d0;border-radius:4px;margin:0 0 8px;padding:4px 8px 6px}
legend{font-weight:600;font-size:13px;padding:0 4px}
fieldset{display:grid;grid-template-columns:1fr 1fr;gap:1px 8px}
fieldset label{display:flex;align-items:center;gap:5px;min-width:0;font-size:12.5px;\
white-space:nowrap}
fieldset label .name{overflow:hidden;text-overflow:ellipsis}
fieldset legend,fieldset>p{grid-column:1/-1}
.count{color:#666;font-size:11.5px}
.view{display:flex;justify-content:space-between;align-items:center;font-size:13px}
#status{color:#555;font-size:12px;margin:4px 0 0}
.swatch{display:inline-block;flex:none;width:12px;height:12px;border-radius:50%;\
border:1px solid #333;vertical-align:-1px}
.swatch.ring{background:#fff;border-width:3px}
.swatch.line{width:18px;height:0;border:0;border-top:3px solid;border-radius:0}
.legend{margin:0;padding:0;list-style:none;font-size:13px}
.legend li{margin:3px 0}
.legend svg{vertical-align:middle}
.help,.muted{color:#555;font-size:13px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:4px 0;font-size:13px}
dt{color:#555}
dd{margin:0;overflow-wrap:anywhere}
#details ul{margin:2px 0;padding-left:18px;font-size:13px}
#details li{margin:2px 0}
.roles .linkish{display:block}
.roles .note{display:block;color:#555;font-size:12px}
.linkish{font:inherit;color:#0050a0;background:none;border:0;padding:0;cursor:pointer;\
text-align:left;text-decoration:underline}
.linkish:focus-visible,button:focus-visible,input:focus-visible{outline:2px solid #0050a0;\
outline-offset:2px}
.node{cursor:grab}
.node.dragging{cursor:grabbing}
.node:focus{outline:none}
.node text{font-size:11px;fill:#111;paint-order:stroke;stroke:#fafafa;stroke-width:3px;\
stroke-linejoin:round;pointer-events:none}
.node .halo{fill:none;stroke:#000;stroke-width:2;opacity:0}
.node:focus-visible .halo,.node.selected .halo{opacity:1}
.node.hl .halo{opacity:.5}
.edge .line{fill:none;stroke-width:1.6}
.edge.former .line{stroke-dasharray:6 4}
.edge .hit{fill:none;stroke:transparent;stroke-width:10;cursor:pointer}
.edge text{display:none;font-size:10px;fill:#111;paint-order:stroke;stroke:#fafafa;\
stroke-width:3px;stroke-linejoin:round;pointer-events:none}
.edge.hover text,.edge.selected text,#canvas.labels .edge text{display:inline}
.edge.hover .line,.edge.selected .line{stroke-width:3}
#canvas.dim .node:not(.hl),#canvas.dim .edge:not(.hl){opacity:.18}
.hidden{display:none}
@media (max-width:800px){main{grid-template-columns:1fr;grid-template-rows:60vh auto}\
#panel{border-left:0;border-top:1px solid #d0d0d0}}
"""

_JS = r"""
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("ctgraph-data").textContent);
  const style = JSON.parse(document.getElementById("ctgraph-style").textContent);
  const svg = document.getElementById("canvas");
  const NS = svg.namespaceURI;
  const edgeLayer = document.getElementById("edges");
  const nodeLayer = document.getElementById("nodes");
  const details = document.getElementById("details");
  const placeholder = Array.from(details.childNodes, (child) => child.cloneNode(true));
  const view = svg.viewBox.baseVal;
  const HEAD = 8;
  const HALF_HEAD = 3.5;
  const STEP = 10;

  // Small DOM helpers: text always goes in through textContent, never as markup.
  function svgElement(tag, attributes) {
    const element = document.createElementNS(NS, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      element.setAttribute(name, String(value));
    }
    return element;
  }
  function element(tag, attributes, ...children) {
    const result = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "text") result.textContent = value;
      else result.setAttribute(name, String(value));
    }
    for (const child of children) if (child !== null && child !== undefined) result.append(child);
    return result;
  }
  const round = (value) => Math.round(value * 10) / 10;
  const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
  const text = (value) => (value === null || value === undefined ? "" : String(value));
  function shorten(value, size) {
    return value.length > size ? value.slice(0, size - 1).trimEnd() + "\u2026" : value;
  }
  function unit(x, y) {
    const length = Math.hypot(x, y);
    return length < 1e-9 ? [1, 0] : [x / length, y / length];
  }
  const typeStyle = (type) => style.types[type] || style.fallbackType;
  const kindColour = (kind) => style.kinds[kind] || style.fallbackKind;
  function ordered(values, order) {
    const present = new Set(values);
    const known = order.filter((value) => present.has(value));
    const rest = Array.from(present).filter((value) => !order.includes(value)).sort();
    return known.concat(rest);
  }

  // The model: nodes with their positions, edges with their endpoints.
  const nodes = data.nodes.map((n) => ({
    key: n.key, a: n.attributes, x: n.position[0], y: n.position[1], r: n.radius,
    caption: n.text, x0: n.position[0], y0: n.position[1], edges: [], visible: true,
  }));
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const edges = data.edges
    .filter((e) => byKey.has(e.source) && byKey.has(e.target))
    .map((e) => ({
      source: byKey.get(e.source), target: byKey.get(e.target), key: e.key, a: e.attributes,
      visible: true,
    }));
  for (const e of edges) {
    e.source.edges.push(e);
    if (e.target !== e.source) e.target.edges.push(e);
  }
  const nameOf = (n) => text(n.a.short || n.a.label || n.key);
  const labelOf = (n) => text(n.a.label || n.a.short || n.key);
  const edgeName = (e) => text(e.a.label || e.a.role_label || e.a.kind || "relation");

  // Edges between the same two nodes are bent apart, each by its own offset.
  const pairs = new Map();
  for (const e of edges) {
    const forward = e.source.key <= e.target.key;
    e.p = forward ? e.source : e.target;
    e.q = forward ? e.target : e.source;
    const pair = e.p.key + "\u0000" + e.q.key;
    if (!pairs.has(pair)) pairs.set(pair, []);
    pairs.get(pair).push(e);
  }
  for (const group of pairs.values()) {
    group.forEach((e, i) => {
      e.offset = (i - (group.length - 1) / 2) * 16;
      e.loop = i;
    });
  }

  // Drawing.
  for (const e of edges) {
    const colour = kindColour(e.a.kind);
    e.g = svgElement("g", {
      class: "edge" + (e.a.former ? " former" : ""), "data-kind": text(e.a.kind),
      "data-source": e.source.key, "data-target": e.target.key,
    });
    const title = svgElement("title");
    title.textContent = `${labelOf(e.source)} \u2192 ${labelOf(e.target)}: ${edgeName(e)}`;
    e.line = svgElement("path", { class: "line", stroke: colour });
    e.head = svgElement("path", { class: "head", fill: colour });
    e.hit = svgElement("path", { class: "hit" });
    e.label = svgElement("text", { "text-anchor": "middle" });
    e.label.textContent = shorten(edgeName(e), 48);
    e.g.append(title, e.line, e.head, e.hit, e.label);
    edgeLayer.append(e.g);
    e.g.addEventListener("pointerenter", () => {
      e.g.classList.add("hover");
      setPreview({ edge: e });
    });
    e.g.addEventListener("pointerleave", () => {
      e.g.classList.remove("hover");
      setPreview(null);
    });
    e.g.addEventListener("click", (event) => { event.stopPropagation(); pin({ edge: e }); });
  }
  for (const n of nodes) {
    const look = typeStyle(n.a.type);
    const ring = look.fill.toUpperCase() === "#FFFFFF";
    n.g = svgElement("g", {
      class: "node", tabindex: 0, role: "button", "data-key": n.key, "data-type": text(n.a.type),
      "aria-label": `${labelOf(n)}, ${text(n.a.type) || "node"}`,
    });
    const title = svgElement("title");
    title.textContent = `${labelOf(n)} (${text(n.a.type)})`;
    const halo = svgElement("path", {
      class: "halo",
      d: `M${-n.r - 4},0 a${n.r + 4},${n.r + 4} 0 1,0 ${2 * n.r + 8},0 ` +
        `a${n.r + 4},${n.r + 4} 0 1,0 ${-2 * n.r - 8},0`,
    });
    const circle = svgElement("circle", {
      r: n.r, fill: look.fill, stroke: look.stroke, "stroke-width": ring ? 3 : 1,
    });
    const label = svgElement("text", { x: round(n.r + 3), y: 4 });
    label.textContent = n.caption;
    n.g.append(title, halo, circle, label);
    nodeLayer.append(n.g);
    wireNode(n);
  }
  if (!nodes.length) {
    const empty = svgElement("text", {
      x: view.width / 2, y: view.height / 2, "text-anchor": "middle",
    });
    empty.textContent = "The graph is empty.";
    svg.append(empty);
  }

  function placeEdge(e) {
    const s = e.source;
    const t = e.target;
    if (s === t) {
      const h = 20 + e.loop * 8;
      const x = s.x;
      const y = s.y - s.r;
      const d = `M${round(x - 4)},${round(y)} C${round(x - h)},${round(y - 2 * h)} ` +
        `${round(x + h)},${round(y - 2 * h)} ${round(x + 4)},${round(y)}`;
      e.line.setAttribute("d", d);
      e.hit.setAttribute("d", d);
      e.head.setAttribute("d", "");
      e.label.setAttribute("x", round(x));
      e.label.setAttribute("y", round(y - 1.6 * h));
      return;
    }
    const [px, py] = unit(e.q.x - e.p.x, e.q.y - e.p.y);
    const cx = (s.x + t.x) / 2 - py * 2 * e.offset;
    const cy = (s.y + t.y) / 2 + px * 2 * e.offset;
    const [ux, uy] = unit(cx - s.x, cy - s.y);
    const [vx, vy] = unit(t.x - cx, t.y - cy);
    const sx = s.x + ux * s.r;
    const sy = s.y + uy * s.r;
    const tx = t.x - vx * (t.r + 1.5);
    const ty = t.y - vy * (t.r + 1.5);
    const bx = tx - vx * HEAD;
    const by = ty - vy * HEAD;
    const curve = (x, y) =>
      `M${round(sx)},${round(sy)} Q${round(cx)},${round(cy)} ${round(x)},${round(y)}`;
    e.line.setAttribute("d", curve(bx + vx * 2, by + vy * 2));
    e.hit.setAttribute("d", curve(tx, ty));
    const wing = (side) =>
      `${round(bx - side * vy * HALF_HEAD)},${round(by + side * vx * HALF_HEAD)}`;
    e.head.setAttribute("d", `M${round(tx)},${round(ty)} L${wing(1)} L${wing(-1)} Z`);
    e.label.setAttribute("x", round(0.25 * s.x + 0.5 * cx + 0.25 * t.x));
    e.label.setAttribute("y", round(0.25 * s.y + 0.5 * cy + 0.25 * t.y - 4));
  }
  function placeNode(n) {
    n.g.setAttribute("transform", `translate(${round(n.x)},${round(n.y)})`);
    for (const e of n.edges) placeEdge(e);
  }
  function moveNode(n, x, y) {
    n.x = clamp(x, view.x, view.x + view.width);
    n.y = clamp(y, view.y, view.y + view.height);
    placeNode(n);
  }
  nodes.forEach(placeNode);

  // Pointer and keyboard on nodes: drag to move, click or Enter to select.
  function svgPoint(event) {
    const matrix = svg.getScreenCTM();
    if (!matrix) return { x: 0, y: 0 };
    return new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
  }
  let drag = null;
  function wireNode(n) {
    const g = n.g;
    g.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      const at = svgPoint(event);
      drag = {
        node: n, pointer: event.pointerId, dx: n.x - at.x, dy: n.y - at.y, x: at.x, y: at.y,
        moved: false,
      };
      try {
        g.setPointerCapture(event.pointerId);
      } catch (error) {
        // A pointer that is no longer active cannot be captured; the drag still works.
      }
      g.classList.add("dragging");
      event.preventDefault();
    });
    g.addEventListener("pointermove", (event) => {
      if (!drag || drag.node !== n || drag.pointer !== event.pointerId) return;
      const at = svgPoint(event);
      if (!drag.moved && Math.hypot(at.x - drag.x, at.y - drag.y) < 3) return;
      drag.moved = true;
      moveNode(n, at.x + drag.dx, at.y + drag.dy);
    });
    const release = (event, cancelled) => {
      if (!drag || drag.node !== n || drag.pointer !== event.pointerId) return;
      const moved = drag.moved;
      drag = null;
      g.classList.remove("dragging");
      if (!cancelled && !moved) {
        g.focus({ preventScroll: true });
        pin({ node: n });
      }
    };
    g.addEventListener("pointerup", (event) => release(event, false));
    g.addEventListener("pointercancel", (event) => release(event, true));
    g.addEventListener("click", (event) => event.stopPropagation());
    g.addEventListener("pointerenter", () => setPreview({ node: n }));
    g.addEventListener("pointerleave", () => { if (!drag) setPreview(null); });
    g.addEventListener("focus", () => setPreview({ node: n }));
    g.addEventListener("blur", () => setPreview(null));
    g.addEventListener("keydown", (event) => {
      const step = event.shiftKey ? 2 : STEP;
      const moves = {
        ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step],
      };
      if (event.key === "Enter" || event.key === " ") {
        pin({ node: n });
      } else if (event.key in moves) {
        const [dx, dy] = moves[event.key];
        moveNode(n, n.x + dx, n.y + dy);
      } else {
        return;
      }
      event.preventDefault();
    });
  }
  svg.addEventListener("click", (event) => {
    if (event.target === svg) pin(null);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") pin(null);
  });

  // What the details panel shows: the hovered item, else the selected one.
  let pinned = null;
  let preview = null;
  function pin(item) {
    pinned = item;
    preview = null;
    refresh();
  }
  function setPreview(item) {
    preview = item;
    refresh();
  }
  function same(a, b) {
    return Boolean(a && b && a.node === b.node && a.edge === b.edge);
  }
  function refresh() {
    const item = preview || pinned;
    for (const n of nodes) {
      n.g.classList.remove("hl");
      n.g.classList.toggle("selected", Boolean(pinned && pinned.node === n));
    }
    for (const e of edges) {
      e.g.classList.remove("hl");
      e.g.classList.toggle("selected", Boolean(pinned && pinned.edge === e));
    }
    svg.classList.toggle("dim", Boolean(item));
    if (item && item.node) {
      item.node.g.classList.add("hl");
      for (const e of item.node.edges) {
        e.g.classList.add("hl");
        e.source.g.classList.add("hl");
        e.target.g.classList.add("hl");
      }
    } else if (item && item.edge) {
      item.edge.g.classList.add("hl");
      item.edge.source.g.classList.add("hl");
      item.edge.target.g.classList.add("hl");
    }
    if (!item) details.replaceChildren(...placeholder.map((child) => child.cloneNode(true)));
    else details.replaceChildren(...(item.node ? nodeDetails(item.node) : edgeDetails(item.edge)));
    if (same(item, pinned) && pinned) details.dataset.pinned = "true";
    else delete details.dataset.pinned;
  }

  function facts(rows) {
    const list = element("dl");
    for (const [name, value] of rows) {
      const empty = value === null || value === undefined || value === "" ||
        (Array.isArray(value) && !value.length);
      if (empty) continue;
      list.append(element("dt", { text: name }));
      list.append(value instanceof Node ? element("dd", {}, value) :
        element("dd", { text: Array.isArray(value) ? value.join(", ") : text(value) }));
    }
    return list;
  }
  function nodeButton(n) {
    const button = element("button", { type: "button", class: "linkish", text: nameOf(n) });
    button.addEventListener("click", () => {
      pin({ node: n });
      n.g.focus({ preventScroll: true });
    });
    return button;
  }
  function edgeButton(e, caption) {
    const button = element("button", { type: "button", class: "linkish", text: caption });
    button.addEventListener("click", () => pin({ edge: e }));
    return button;
  }
  function dates(a) {
    if (!a.start && !a.end) return "";
    return `${a.start || "?"} \u2013 ${a.end || "?"}`;
  }
  function sources(list) {
    if (!list || !list.length) {
      return [element("p", { class: "muted", text: "No source recorded." })];
    }
    const items = list.map((source) => {
      const match = /^(.*)#p(\d+)$/.exec(text(source));
      return element("li", { text: match ? `${match[1]}, paragraph ${match[2]}` : text(source) });
    });
    return [element("ul", { class: "source-list" }, ...items)];
  }
  const heading = (caption) => element("h2", { id: "details-title", text: caption });
  function nodeDetails(n) {
    const a = n.a;
    const out = [heading(labelOf(n))];
    const rows = [
      ["Short label", a.short], ["Type", a.type], ["Name", a.id], ["IRI", a.iri || n.key],
      ["Classes", a.classes],
    ];
    if (a.type === "event" || "status" in a || "start" in a) {
      const series = a.series ? byKey.get(a.series) : undefined;
      rows.push(["Start", a.start], ["End", a.end], ["Status", a.status],
        ["Series", series ? nodeButton(series) : a.series], ["Ordinal", a.ordinal || ""]);
    }
    out.push(facts(rows));
    out.push(element("h3", { text: `Roles and relations (${n.edges.length})` }));
    if (!n.edges.length) out.push(element("p", { class: "muted", text: "None." }));
    else {
      const items = n.edges.map((e) => {
        const outgoing = e.source === n;
        const other = outgoing ? e.target : e.source;
        const caption = outgoing
          ? `${edgeName(e)} \u2192 ${nameOf(other)}`
          : `${nameOf(other)} \u2192 ${edgeName(e)}`;
        const notes = [
          e.a.role_label ? `role: ${e.a.role_label}` : "", dates(e.a), e.a.status || "",
          e.a.inferred ? "inferred" : "",
        ].filter(Boolean);
        const item = element("li", {}, edgeButton(e, caption));
        if (!e.visible) notes.push("hidden by a filter");
        if (notes.length) item.append(element("span", { class: "note", text: notes.join("; ") }));
        return item;
      });
      out.push(element("ul", { class: "roles" }, ...items));
    }
    out.push(element("h3", { text: "Sources" }), ...sources(a.sources));
    return out;
  }
  function edgeDetails(e) {
    const a = e.a;
    const out = [heading(edgeName(e))];
    out.push(facts([
      ["From", nodeButton(e.source)], ["To", nodeButton(e.target)], ["Kind", a.kind],
      ["Role", a.role_label ? `${a.role_label}${a.role ? ` (${a.role})` : ""}` : a.role],
      ["Start", a.start], ["End", a.end], ["Status", a.status],
      ["Former", a.former ? "yes" : ""], ["Inferred", a.inferred ? "yes" : ""],
      ["Relationship", a.relationship], ["Key", text(e.key)],
    ]));
    out.push(element("h3", { text: "Sources" }), ...sources(a.sources));
    return out;
  }

  // Filters: hiding a node type hides its nodes and every edge that touches them.
  const hiddenTypes = new Set();
  const hiddenKinds = new Set();
  const status = document.getElementById("status");
  function applyFilters() {
    for (const n of nodes) {
      n.visible = !hiddenTypes.has(text(n.a.type));
      n.g.classList.toggle("hidden", !n.visible);
    }
    for (const e of edges) {
      e.visible = !hiddenKinds.has(text(e.a.kind)) && e.source.visible && e.target.visible;
      e.g.classList.toggle("hidden", !e.visible);
    }
    const shownNodes = nodes.filter((n) => n.visible).length;
    const shownEdges = edges.filter((e) => e.visible).length;
    status.textContent = `Showing ${shownNodes} of ${nodes.length} nodes and ` +
      `${shownEdges} of ${edges.length} relations.`;
    const gone = pinned && ((pinned.node && !pinned.node.visible) ||
      (pinned.edge && !pinned.edge.visible));
    if (gone) pin(null);
    else refresh();
  }
  function filter(fieldsetId, values, counts, hidden, swatchFor) {
    const fieldset = document.getElementById(fieldsetId);
    for (const value of values) {
      const box = element("input", { type: "checkbox", value });
      box.checked = true;
      box.addEventListener("change", () => {
        if (box.checked) hidden.delete(value);
        else hidden.add(value);
        applyFilters();
      });
      const label = element("label", { title: value }, box, swatchFor(value),
        element("span", { class: "name", text: value || "(none)" }),
        element("span", { class: "count", text: `(${counts.get(value) || 0})` }));
      fieldset.append(label);
    }
    if (!values.length) fieldset.append(element("p", { class: "muted", text: "None." }));
  }
  function tally(values) {
    const counts = new Map();
    for (const value of values) counts.set(value, (counts.get(value) || 0) + 1);
    return counts;
  }
  const types = nodes.map((n) => text(n.a.type));
  filter("type-filter", ordered(types, style.typeOrder), tally(types), hiddenTypes, (type) => {
    const look = typeStyle(type);
    const ring = look.fill.toUpperCase() === "#FFFFFF";
    const swatch = element("span", { class: ring ? "swatch ring" : "swatch" });
    swatch.style.background = look.fill;
    swatch.style.borderColor = ring ? look.stroke : "#333";
    return swatch;
  });
  const kinds = edges.map((e) => text(e.a.kind));
  filter("kind-filter", ordered(kinds, style.kindOrder), tally(kinds), hiddenKinds, (kind) => {
    const swatch = element("span", { class: "swatch line" });
    swatch.style.borderTopColor = kindColour(kind);
    return swatch;
  });

  document.getElementById("show-labels").addEventListener("change", (event) => {
    svg.classList.toggle("labels", event.target.checked);
  });
  document.getElementById("reset-layout").addEventListener("click", () => {
    for (const n of nodes) { n.x = n.x0; n.y = n.y0; }
    nodes.forEach(placeNode);
  });
  applyFilters();
  document.documentElement.dataset.ready = "true";
})();
"""
