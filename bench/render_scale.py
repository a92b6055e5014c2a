"""Time every diagram of ctgraph render on synthetic projections of growing size.

Usage: python bench/render_scale.py [--sizes 100,1000,5000,20000] [--edges-per-node 4]
       [--data DIR] [--calibrate]

For each size, a graph shaped like the projection (:func:`synthetic_projection`:
the node types, edge kinds and attributes that ctgraph.projection.project
gives, with hubs) is built in memory, and each diagram is drawn and saved as
PNG as ``ctgraph render`` does: network, ego (of the most linked state, one
link out), timeline, matrix, and the HTML page. The table gives the seconds
each took and the caption saying what the summary left out. --data DIR adds a
row for the projection of the Turtle files in DIR (bench/synthetic.py writes
such files). --calibrate times the network, timeline and matrix at several
limits, which is how the limits in ctgraph.summary were chosen.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import networkx as nx

from ctgraph import draw, html, summary

CT = "https://w3id.org/ctgraph/id/"

#: Shares of the node types, after the synthetic data of bench/synthetic.py
#: projected (events the most, then frameworks and people, few states).
TYPE_SHARES = (
    ("event", 0.44),
    ("framework", 0.16),
    ("person", 0.16),
    ("place", 0.11),
    ("series", 0.06),
    ("organisation", 0.03),
    ("state", 0.02),
    ("un-entity", 0.01),
    ("programme", 0.01),
)
#: The edge kinds between node types, by (subject type, object type).
KINDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("state", "framework"): ("member-of", "chaired", "co-chaired", "initiated", "supports"),
    ("state", "organisation"): ("member-of", "supports"),
    ("state", "programme"): ("committed", "supports"),
    ("state", "state"): ("partner",),
    ("un-entity", "programme"): ("runs",),
    ("person", "event"): ("participated", "co-chaired"),
    ("state", "event"): ("participated",),
    ("event", "series"): ("in-series",),
    ("event", "place"): ("held-in",),
    ("event", "event"): ("on-the-margins-of",),
    ("event", "framework"): ("concerns",),
    ("place", "state"): ("located-in",),
    ("person", "state"): ("serves",),
}
ROLES = {"member-of": "member", "chaired": "chair", "co-chaired": "co-chair"}
ROLES["initiated"] = "initiator"


def _add_node(g: Any, local: str, node_type: str, label: str, rng: random.Random) -> str:
    iri = CT + local
    g.add_node(
        iri,
        iri=iri,
        id=f"ct:{local}",
        label=label,
        short=label,
        type=node_type,
        classes=[],
        sources=[f"ct:doc-{rng.randrange(50):02d}#p{rng.randrange(1, 15)}"],
    )
    if node_type == "event":
        year, month, day = rng.randrange(2000, 2027), rng.randrange(1, 13), rng.randrange(1, 29)
        precision = rng.random()
        start = (
            f"{year}-{month:02d}-{day:02d}"
            if precision < 0.7
            else f"{year}-{month:02d}"
            if precision < 0.9
            else str(year)
        )
        g.nodes[iri].update(
            start=start,
            end="",
            status="planned" if year >= 2026 else "held",
            series="",
            ordinal=0,
        )
    return iri


def synthetic_projection(nodes: int, edges: int | None = None, seed: int = 1) -> Any:
    """A networkx graph of ``nodes`` nodes and ``edges`` edges (4 per node by default).

    Its nodes and edges carry the attributes of ctgraph.projection.project.
    Edge ends are drawn with a heavy tail, so some nodes are hubs as in real
    cooperation data. The same arguments give the same graph.
    """
    rng = random.Random(seed)
    wanted = 4 * nodes if edges is None else edges
    g = nx.MultiDiGraph(
        title="Synthetic cooperation network",
        as_of="2025-06-30",
        documents=[f"Synthetic press release {i}" for i in range(50)],
        sources=[f"{CT}doc-{i:02d}" for i in range(50)],
    )
    counts = {t: max(1, round(share * nodes)) for t, share in TYPE_SHARES[1:]}
    counts[TYPE_SHARES[0][0]] = max(1, nodes - sum(counts.values()))
    by_type = {
        t: [_add_node(g, f"syn-{t}-{i}", t, f"{t.title()} {i}", rng) for i in range(counts[t])]
        for t, _ in TYPE_SHARES
    }
    pairs = list(KINDS)

    def pick(members: list[str]) -> str:
        # A long tail: low indices are picked far more often (hubs).
        return members[int(len(members) * rng.random() ** 2)]

    made = attempts = 0
    while made < wanted and attempts < 20 * wanted:
        attempts += 1
        subject_type, object_type = pairs[attempts % len(pairs)]
        u = pick(by_type[subject_type]) if rng.random() < 0.6 else rng.choice(by_type[subject_type])
        v = pick(by_type[object_type])
        if object_type == "series":  # an event is in one series at most
            v = g.nodes[u]["series"] or v
        kind = rng.choice(KINDS[(subject_type, object_type)])
        key = f"{kind}:{g.nodes[u]['id']}->{g.nodes[v]['id']}"
        if u == v or g.has_edge(u, v, key):  # as in the projection: one edge per kind and pair
            continue
        if object_type == "series":
            g.nodes[u]["series"] = v
        role = ROLES.get(kind, "")
        former = bool(role) and rng.random() < 0.15
        g.add_edge(
            u,
            v,
            key=key,
            kind=kind,
            label=f"{role} (former)" if former else role or kind,
            role=f"ct:role-{role}" if role else "",
            role_label=role,
            start="",
            end="2024-01-01" if former else "",
            status="former" if former else "current",
            former=former,
            sources=[f"ct:doc-{rng.randrange(50):02d}#p{rng.randrange(1, 15)}"],
            inferred=kind == "located-in",
            relationship="",
        )
        made += 1
    return g


def _synthetic(size: int, edges_per_node: float) -> Any:
    return synthetic_projection(size, round(edges_per_node * size))


def _projected(folder: Path) -> Any:
    from ctgraph import load_graph
    from ctgraph.projection import project

    return project(load_graph(data=sorted(folder.glob("*.ttl"))))


def _most_linked_state(g: Any) -> str:
    states = [n for n, t in g.nodes(data="type") if t == "state"]
    return str(min(states, key=lambda n: (-g.degree(n), n)))


def _time(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def _diagrams(g: Any, folder: Path) -> dict[str, tuple[Callable[[], object], Callable[[], str]]]:
    """Each diagram as ``ctgraph render`` makes it, and the caption of its summary."""
    centre = _most_linked_state(g)
    return {
        "network": (
            lambda: draw.save_figure(draw.draw_network(g), folder / "network.png"),
            lambda: summary.summarise(g).caption,
        ),
        "ego": (
            lambda: draw.save_figure(draw.draw_ego(g, centre), folder / "ego.png"),
            lambda: summary.ego_summary(g, centre).caption,
        ),
        "timeline": (
            lambda: draw.save_figure(draw.draw_timeline(g), folder / "timeline.png"),
            lambda: draw.timeline_summary(g).caption,
        ),
        "matrix": (
            lambda: draw.save_figure(draw.draw_role_matrix(g), folder / "matrix.png"),
            lambda: draw.role_summary(g).caption,
        ),
        "html": (
            lambda: html.write_html(g, folder / "network.html"),
            lambda: (
                summary.summarise(
                    g, summary.HTML_MAX_NODES, max_edges=summary.HTML_MAX_EDGES
                ).caption
            ),
        ),
    }


def _table(rows: list[tuple[str, int, int, dict[str, float]]], names: list[str]) -> str:
    head = "| graph | nodes | edges | " + " | ".join(f"{n} (s)" for n in names) + " |"
    lines = [head, "|" + " --- |" * (3 + len(names))]
    for label, nodes, edges, seconds in rows:
        cells = " | ".join(f"{seconds[n]:.2f}" for n in names)
        lines.append(f"| {label} | {nodes:,} | {edges:,} | {cells} |")
    return "\n".join(lines)


def _saved(figure: Any, folder: Path) -> float:
    """Seconds to save ``figure`` as PNG, as ``ctgraph render`` does."""
    start = time.perf_counter()
    draw.save_figure(figure, folder / "calibrate.png")
    return time.perf_counter() - start


def _calibrate(g: Any, folder: Path) -> None:
    """Seconds to draw and save each diagram at several limits, on ``g``."""
    print(f"\nCalibration on {g.number_of_nodes():,} nodes (draw and save as PNG):")
    for max_nodes, max_edges in ((20, 75), (40, 150), (60, 225), (80, 300), (120, 450)):
        start = time.perf_counter()
        figure = draw.draw_network(g, max_nodes=max_nodes, max_edges=max_edges)
        seconds = time.perf_counter() - start + _saved(figure, folder)
        shown = summary.summarise(g, max_nodes, max_edges=max_edges)
        print(
            f"network max_nodes={max_nodes} max_edges={max_edges}: {seconds:.2f} s "
            f"({shown.shown_nodes} nodes, {shown.shown_edges} edges)"
        )
    for rows, events in ((20, 50), (40, 100), (40, 150), (60, 250)):
        start = time.perf_counter()
        figure = draw.draw_timeline(g, max_rows=rows, max_events=events)
        seconds = time.perf_counter() - start + _saved(figure, folder)
        print(f"timeline max_rows={rows} max_events={events}: {seconds:.2f} s")
    for rows, columns in ((20, 10), (30, 15), (40, 20), (60, 30)):
        start = time.perf_counter()
        figure = draw.draw_role_matrix(g, max_rows=rows, max_columns=columns)
        seconds = time.perf_counter() - start + _saved(figure, folder)
        print(f"matrix max_rows={rows} max_columns={columns}: {seconds:.2f} s")
    for max_nodes in (100, 300, 500, 1000):
        start = time.perf_counter()
        html.render_html(g, max_nodes=max_nodes, max_edges=5 * max_nodes)
        seconds = time.perf_counter() - start
        print(f"html max_nodes={max_nodes} max_edges={5 * max_nodes}: {seconds:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000,20000", help="node counts")
    parser.add_argument("--edges-per-node", type=float, default=4.0)
    parser.add_argument("--data", type=Path, help="also project the Turtle files in DIR")
    parser.add_argument("--calibrate", action="store_true", help="time several limits too")
    args = parser.parse_args(argv)

    sizes = [int(size) for size in args.sizes.split(",")]
    graphs: list[tuple[str, Callable[[], Any]]] = [
        (f"synthetic {size:,}", partial(_synthetic, size, args.edges_per_node)) for size in sizes
    ]
    if args.data is not None:
        graphs.append((f"projected {args.data.name}", partial(_projected, args.data)))
    rows: list[tuple[str, int, int, dict[str, float]]] = []
    names: list[str] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        # Import matplotlib's modules and load its fonts before timing anything.
        for step, _ in _diagrams(synthetic_projection(30), folder).values():
            step()
        last: Any = None
        for label, build in graphs:
            g = build()
            last = g
            seconds: dict[str, float] = {}
            for name, (step, caption) in _diagrams(g, folder).items():
                seconds[name] = _time(step)
                print(f"{label}, {name}: {seconds[name]:.2f} s. {caption()}", file=sys.stderr)
            names = list(seconds)
            rows.append((label, g.number_of_nodes(), g.number_of_edges(), seconds))
        print(_table(rows, names))
        if args.calibrate and last is not None:
            _calibrate(last, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
