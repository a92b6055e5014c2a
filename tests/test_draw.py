"""Tests of ctgraph.draw: the artists each diagram draws, and deterministic saving.

The diagrams are checked through their artists (markers, texts, legends,
patches, found by the gids the drawing gives them), never by pixels. The graph
drawn is a small one built here by hand to the projection contract, modelled on
the seed press release.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot, so that the tests never need a display

import matplotlib.dates
import matplotlib.image
import matplotlib.pyplot as plt
import networkx as nx
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Text

from ctgraph import InputError, load_graph
from ctgraph.draw import (
    DASH,
    NODE_STYLES,
    Period,
    draw_ego,
    draw_network,
    draw_role_matrix,
    draw_timeline,
    node_key,
    parse_period,
    render_all,
    role_cells,
    role_summary,
    save_figure,
    timeline_summary,
)
from ctgraph.projection import project
from ctgraph.summary import ego_summary, summarise
from large_graphs import synthetic_projection

CT = "https://w3id.org/ctgraph/id/"
DOC = "ct:pr-2024-09-26"
AS_OF = "2024-09-26"


def _node(g: Any, local: str, node_type: str, label: str, short: str = "", **event: Any) -> str:
    iri = CT + local
    g.add_node(
        iri,
        iri=iri,
        id=f"ct:{local}",
        label=label,
        short=short or label,
        type=node_type,
        classes=[],
        sources=[f"{DOC}#p4"],
    )
    if node_type == "event":
        g.nodes[iri].update(
            {
                "start": event.get("start", ""),
                "end": event.get("end", ""),
                "status": event.get("status", ""),
                "series": CT + event["series"] if event.get("series") else "",
                "ordinal": event.get("ordinal", 0),
            }
        )
    return iri


def _edge(
    g: Any,
    u: str,
    v: str,
    kind: str,
    role: str = "",
    *,
    former: bool = False,
    inferred: bool = False,
) -> None:
    label = f"{role} (former)" if former else role or kind
    g.add_edge(
        CT + u,
        CT + v,
        key=f"{kind}:ct:{u}->ct:{v}",
        kind=kind,
        label=label,
        role=f"ct:role-{role.replace(' ', '-')}" if role else "",
        role_label=role,
        start="",
        end=AS_OF if former else "",
        status="former" if former else "current",
        former=former,
        sources=[f"{DOC}#p7"],
        inferred=inferred,
        relationship="",
    )


def seed_like_graph() -> Any:
    """A small graph in the projection's form, after the Morocco-UNOCT press release."""
    g = nx.MultiDiGraph(
        title="Morocco and UNOCT",
        as_of=AS_OF,
        documents=["Joint press release: First High-Level Strategic Dialogue (26 September 2024)"],
        sources=[CT + "pr-2024-09-26"],
    )
    _node(g, "morocco", "state", "Kingdom of Morocco", "Kingdom of Morocco")
    _node(g, "unoct", "un-entity", "United Nations Office of Counter-Terrorism", "UNOCT")
    _node(g, "gctf", "framework", "Global Counter-Terrorism Forum", "GCTF")
    _node(g, "gof-ct", "framework", "Group of Friends of Counter-Terrorism")
    _node(g, "aasp", "framework", "African Atlantic States Process", "AASP")
    _node(g, "rabat-office", "unit", "UNOCT Programme Office for Counter-Terrorism and Training")
    _node(g, "nasser-bourita", "person", "Nasser Bourita")
    _node(g, "rabat", "place", "Rabat")
    _node(g, "fes", "place", "Fes")
    _node(g, "new-york", "place", "New York")
    _node(g, "marrakech-platform", "series", "Marrakech Platform")
    _node(g, "dialogue", "series", "Morocco-UNOCT High-Level Strategic Dialogue")
    _node(
        g,
        "marrakech-platform-3",
        "event",
        "Third High-Level Meeting of Heads of Counter-Terrorism and Security Agencies in Africa",
        start="2024-06-04",
        end="2024-06-05",
        status="held",
        series="marrakech-platform",
        ordinal=3,
    )
    _node(
        g,
        "dialogue-1",
        "event",
        "First High-Level Strategic Dialogue",
        start=AS_OF,
        end=AS_OF,
        status="held",
        series="dialogue",
        ordinal=1,
    )
    _node(
        g,
        "dialogue-2",
        "event",
        "2nd High-Level Strategic Dialogue",
        start="2025-09",
        status="planned",
        series="dialogue",
        ordinal=2,
    )
    _node(g, "unga-week-2024", "event", "General Assembly High-Level Week (September 2024)",
          start="2024-09", status="held")  # fmt: skip
    _node(g, "inauguration", "event", "Inauguration of the UNOCT Programme Office in Rabat",
          start="2021", status="held")  # fmt: skip
    _node(g, "forum-2024", "event", "Annual Forum of Beneficiaries of Technical Assistance",
          start="2024-11-19", end="2024-11-20", status="planned")  # fmt: skip

    _edge(g, "morocco", "gctf", "co-chaired", "co-chair", former=True)
    _edge(g, "morocco", "gof-ct", "chaired", "chair")
    _edge(g, "morocco", "aasp", "initiated", "initiator")
    _edge(g, "nasser-bourita", "dialogue-1", "co-chaired", "co-chair")
    _edge(g, "morocco", "unoct", "supports")
    _edge(g, "morocco", "rabat-office", "supports")
    _edge(g, "rabat-office", "unoct", "unit-of")
    _edge(g, "rabat-office", "rabat", "based-in")
    _edge(g, "morocco", "dialogue-1", "participated", "participant")
    _edge(g, "unoct", "dialogue-1", "participated", "participant")
    _edge(g, "nasser-bourita", "dialogue-1", "participated", "participant")
    _edge(g, "dialogue-1", "dialogue", "in-series")
    _edge(g, "dialogue-2", "dialogue", "in-series")
    _edge(g, "marrakech-platform-3", "marrakech-platform", "in-series")
    _edge(g, "dialogue-1", "unga-week-2024", "on-the-margins-of")
    _edge(g, "dialogue-1", "new-york", "held-in")
    _edge(g, "marrakech-platform-3", "fes", "held-in")
    _edge(g, "forum-2024", "rabat", "held-in")
    _edge(g, "inauguration", "rabat-office", "concerns")
    _edge(g, "fes", "morocco", "located-in", inferred=True)
    _edge(g, "rabat", "morocco", "located-in", inferred=True)
    return g


@pytest.fixture
def graph() -> Any:
    return seed_like_graph()


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _axes(figure: Figure) -> Any:
    (ax,) = figure.axes
    return ax


def _by_gid(artists: Any, prefix: str) -> dict[str, Any]:
    return {
        a.get_gid()[len(prefix) :]: a
        for a in artists
        if isinstance(a.get_gid(), str) and a.get_gid().startswith(prefix)
    }


def _legend_texts(ax: Any, gid: str) -> list[str]:
    (legend,) = [c for c in ax.get_children() if isinstance(c, Legend) and c.get_gid() == gid]
    return [t.get_text() for t in legend.get_texts()]


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------
# The network


def test_network_draws_one_marker_per_node(graph: Any) -> None:
    ax = _axes(draw_network(graph))
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in collections) == graph.number_of_nodes()


def test_network_labels_every_node_with_its_short_label(graph: Any) -> None:
    labels = _by_gid(_axes(draw_network(graph)).texts, "label:")
    assert sorted(labels) == sorted(graph.nodes)
    for node, text in labels.items():
        shown, short = _one_line(text.get_text()), graph.nodes[node]["short"]
        # Long labels are cut after three lines, with an ellipsis.
        assert shown == short or (shown.endswith(" \u2026") and short.startswith(shown[:-2]))
    assert labels[CT + "marrakech-platform-3"].get_text().endswith("\u2026")


def test_network_draws_one_arrow_per_edge_former_dashed_inferred_dotted(graph: Any) -> None:
    arrows = _by_gid(_axes(draw_network(graph)).patches, "edge:")
    assert sorted(arrows) == sorted(str(k) for _, _, k in graph.edges(keys=True))
    assert all(isinstance(a, FancyArrowPatch) for a in arrows.values())
    assert arrows["co-chaired:ct:morocco->ct:gctf"].get_linestyle() == "--"
    assert arrows["located-in:ct:fes->ct:morocco"].get_linestyle() == ":"
    assert arrows["chaired:ct:morocco->ct:gof-ct"].get_linestyle() == "-"


def test_network_labels_role_edges_only(graph: Any) -> None:
    texts = [t.get_text() for t in _axes(draw_network(graph)).texts if t.get_gid() == "edge-label"]
    assert sorted(_one_line(t) for t in texts) == [
        "chair",
        "co-chair",
        "co-chair (former)",
        "initiator",
    ]


def _overlapping_texts(figure: Figure) -> list[tuple[str, str]]:
    """Pairs of texts on the figure's axes whose boxes overlap (leader lines left out)."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = []
    for text in _axes(figure).texts:
        text.get_window_extent(renderer)  # places an annotation's text
        boxes.append((text.get_text(), Text.get_window_extent(text, renderer)))
    return [
        (a_text, b_text)
        for i, (a_text, a) in enumerate(boxes)
        for b_text, b in boxes[i + 1 :]
        if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5
    ]


def test_network_labels_do_not_overlap(graph: Any) -> None:
    assert _overlapping_texts(draw_network(graph)) == []


def test_network_legends_name_the_node_types_and_edge_kinds_drawn(graph: Any) -> None:
    ax = _axes(draw_network(graph))
    types = {data["type"] for _, data in graph.nodes(data=True)}
    assert _legend_texts(ax, "legend:nodes") == [
        style.legend for name, style in NODE_STYLES.items() if name in types
    ]
    edges = " ".join(_one_line(t) for t in _legend_texts(ax, "legend:edges"))
    for _, _, kind in graph.edges(data="kind"):
        assert kind in edges
    assert "former role" in edges
    assert "inferred, not stated" in edges


def test_network_title_names_the_date_and_the_sources(graph: Any) -> None:
    title = _axes(draw_network(graph)).get_title(loc="left")
    assert "Morocco and UNOCT" in title
    assert f"as of {AS_OF}" in title
    assert "Joint press release" in title


def test_network_is_the_same_for_the_same_seed(graph: Any) -> None:
    def positions(seed: int) -> list[Any]:
        ax = _axes(draw_network(graph, seed=seed))
        return [(t.get_gid(), t.xy, t.xyann) for t in ax.texts]

    assert positions(7) == positions(7)
    assert positions(7) != positions(8)


def test_network_draws_on_the_axes_given(graph: Any) -> None:
    figure, ax = plt.subplots()
    assert draw_network(graph, ax) is figure
    assert ax.texts


def test_network_of_an_empty_graph_says_so() -> None:
    ax = _axes(draw_network(nx.MultiDiGraph(title="nothing", as_of="", documents=[])))
    assert [t.get_text() for t in ax.texts] == ["no nodes to draw"]


def test_drawing_opens_no_pyplot_figure(graph: Any) -> None:
    draw_network(graph)
    draw_timeline(graph)
    assert plt.get_fignums() == []


# ---------------------------------------------------------------------------
# The ego network


def test_ego_draws_the_centre_and_its_neighbours(graph: Any) -> None:
    ax = _axes(draw_ego(graph, "ct:morocco"))
    labels = _by_gid(ax.texts, "label:")
    neighbours = set(graph.successors(CT + "morocco")) | set(graph.predecessors(CT + "morocco"))
    assert set(labels) == {CT + "morocco"} | neighbours
    assert labels[CT + "morocco"].get_fontweight() == "bold"
    assert "Kingdom of Morocco" in ax.get_title(loc="left")
    assert any("centre: Kingdom of Morocco" in t for t in _legend_texts(ax, "legend:nodes"))


def test_ego_with_a_larger_radius_reaches_further(graph: Any) -> None:
    one = _by_gid(_axes(draw_ego(graph, CT + "gctf")).texts, "label:")
    two = _by_gid(_axes(draw_ego(graph, CT + "gctf", radius=2)).texts, "label:")
    assert set(one) == {CT + "gctf", CT + "morocco"}
    assert CT + "aasp" in two


def test_ego_of_an_unknown_node_is_an_input_error(graph: Any) -> None:
    with pytest.raises(InputError, match="ct:atlantis"):
        draw_ego(graph, "ct:atlantis")


def test_node_key_accepts_an_iri_or_a_prefixed_name(graph: Any) -> None:
    assert node_key(graph, "ct:unoct") == node_key(graph, CT + "unoct") == CT + "unoct"


# ---------------------------------------------------------------------------
# The timeline

DATED = sorted(
    CT + e
    for e in (
        "marrakech-platform-3",
        "dialogue-1",
        "dialogue-2",
        "unga-week-2024",
        "inauguration",
        "forum-2024",
    )
)


def test_timeline_draws_one_mark_per_dated_event(graph: Any) -> None:
    _node(graph, "undated", "event", "An event with no date", status="held")
    ax = _axes(draw_timeline(graph))
    marks = _by_gid([*ax.collections, *ax.patches], "event:")
    assert sorted(marks) == DATED
    labels = _by_gid(ax.texts, "event-label:")
    assert _one_line(labels[CT + "marrakech-platform-3"].get_text()) == (
        f"3rd, 4{DASH}5 Jun 2024, Fes"
    )
    (undated,) = _by_gid(ax.texts, "undated").values()
    assert undated.get_text() == "Not shown, no date known: An event with no date"


def test_timeline_tells_held_from_planned(graph: Any) -> None:
    marks = _by_gid(_axes(draw_timeline(graph)).collections, "event:")
    held = marks[CT + "dialogue-1"].get_facecolors()[0]
    planned = marks[CT + "forum-2024"].get_facecolors()[0]
    assert tuple(planned) == (1.0, 1.0, 1.0, 1.0)  # hollow
    assert tuple(held) != tuple(planned)


def test_timeline_draws_months_and_years_as_hatched_bars_over_the_whole_period(
    graph: Any,
) -> None:
    bars = _by_gid(_axes(draw_timeline(graph)).patches, "event:")
    assert set(bars) == {CT + "dialogue-2", CT + "unga-week-2024", CT + "inauguration"}
    assert all(isinstance(b, Rectangle) and b.get_hatch() for b in bars.values())
    assert bars[CT + "dialogue-2"].get_width() == 30  # September
    assert bars[CT + "inauguration"].get_width() == 365  # 2021
    planned = bars[CT + "dialogue-2"].get_facecolor()
    held = bars[CT + "unga-week-2024"].get_facecolor()
    assert planned != held


def test_timeline_puts_a_series_on_one_line_named_after_it(graph: Any) -> None:
    ax = _axes(draw_timeline(graph))
    marks = _by_gid([*ax.collections, *ax.patches], "event:")

    def row(event: str) -> float:
        mark = marks[CT + event]
        return float(mark.get_offsets()[0][1]) if isinstance(mark, PathCollection) else (
            mark.get_y() + mark.get_height() / 2
        )  # fmt: skip

    assert row("dialogue-1") == row("dialogue-2")
    assert len({row(e.removeprefix(CT)) for e in DATED}) == 5
    ticks = [_one_line(t.get_text()) for t in ax.get_yticklabels()]
    assert "Morocco-UNOCT High-Level Strategic Dialogue (series)" in ticks
    assert "Marrakech Platform (series)" in ticks
    assert len(ticks) == 5


def test_timeline_joins_an_event_to_the_one_on_whose_margins_it_was_held(graph: Any) -> None:
    ax = _axes(draw_timeline(graph))
    (connector,) = _by_gid(ax.lines, "margins:").values()
    assert connector.get_linestyle() == ":"
    assert _legend_texts(ax, "legend:timeline") == [
        "held",
        "planned",
        "date known only to the month or year",
        "on the margins of",
        f"as of {AS_OF}",
    ]


def test_timeline_keeps_the_as_of_line_in_view(graph: Any) -> None:
    graph.graph["as_of"] = "2026-03-01"
    ax = _axes(draw_timeline(graph))
    assert ax.get_xlim()[1] > matplotlib.dates.date2num(dt.date(2026, 3, 1))


def test_timeline_without_dated_events_says_so() -> None:
    g = nx.MultiDiGraph(title="", as_of="", documents=[])
    assert [t.get_text() for t in _axes(draw_timeline(g)).texts] == ["no dated events"]


def _days(first: str, last: str, precision: str) -> Period:
    return Period(dt.date.fromisoformat(first), dt.date.fromisoformat(last), precision)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024-06-04", _days("2024-06-04", "2024-06-04", "day")),
        ("2025-09", _days("2025-09-01", "2025-09-30", "month")),
        ("2024-02", _days("2024-02-01", "2024-02-29", "month")),
        ("2021", _days("2021-01-01", "2021-12-31", "year")),
        ("", None),
        ("soon", None),
        ("2024-13", None),
    ],
    ids=["day", "month", "leap-month", "year", "empty", "words", "no-such-month"],
)
def test_parse_period(text: str, period: Period | None) -> None:
    assert parse_period(text) == period


# ---------------------------------------------------------------------------
# The role matrix


def test_role_matrix_has_one_cell_text_per_actor_and_organisation(graph: Any) -> None:
    ax = _axes(draw_role_matrix(graph))
    cells = _by_gid(ax.texts, "role-cell:")
    expected = {f"{u}|{v}" for u, v in role_cells(graph)}
    assert (
        set(cells)
        == expected
        == {
            f"{CT}morocco|{CT}gctf",
            f"{CT}morocco|{CT}gof-ct",
            f"{CT}morocco|{CT}aasp",
            f"{CT}nasser-bourita|{CT}dialogue-1",
        }
    )
    assert _one_line(cells[f"{CT}morocco|{CT}gctf"].get_text()) == "co-chair (former)"
    assert _one_line(cells[f"{CT}morocco|{CT}gof-ct"].get_text()) == "chair"
    assert [t for t in cells.values() if "(former)" in t.get_text()] == [
        cells[f"{CT}morocco|{CT}gctf"]
    ]


def test_role_matrix_hatches_former_roles(graph: Any) -> None:
    ax = _axes(draw_role_matrix(graph))
    patches = _by_gid(ax.patches, "role-cell-patch:")
    assert patches[f"{CT}morocco|{CT}gctf"].get_hatch() == "///"
    assert patches[f"{CT}morocco|{CT}gof-ct"].get_hatch() is None
    assert _legend_texts(ax, "legend:roles") == [
        "chair",
        "co-chair",
        "initiator",
        "former role",
    ]
    columns = [_one_line(t.get_text()) for t in ax.get_xticklabels()]
    assert columns == [
        "AASP",
        "GCTF",
        "Group of Friends of Counter-Terrorism",
        "First High-Level Strategic Dialogue",
    ]


def test_role_matrix_without_roles_says_so() -> None:
    g = nx.MultiDiGraph(title="", as_of="", documents=[])
    assert [t.get_text() for t in _axes(draw_role_matrix(g)).texts] == ["no roles to draw"]


# ---------------------------------------------------------------------------
# Every diagram

DIAGRAMS = {
    "network": draw_network,
    "ego": lambda g: draw_ego(g, "ct:morocco"),
    "timeline": draw_timeline,
    "role-matrix": draw_role_matrix,
}


@pytest.mark.parametrize("name", DIAGRAMS)
def test_every_text_is_at_least_8_points(graph: Any, name: str) -> None:
    figure = DIAGRAMS[name](graph)
    texts = [t for t in figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert texts
    assert min(t.get_fontsize() for t in texts) >= 8


@pytest.mark.parametrize("name", DIAGRAMS)
def test_every_diagram_draws_on_the_axes_given(graph: Any, name: str) -> None:
    figure, ax = plt.subplots()
    drawer = DIAGRAMS[name]
    drawn = drawer(graph) if name == "ego" else drawer(graph, ax)
    assert drawn is not None
    if name != "ego":
        assert drawn is figure


# ---------------------------------------------------------------------------
# Saving


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_saved_figure_opens_and_is_the_same_bytes_every_time(
    graph: Any, tmp_path: Path, suffix: str
) -> None:
    figure = draw_role_matrix(graph)
    first, second = tmp_path / f"first{suffix}", tmp_path / f"second{suffix}"
    assert save_figure(figure, first) == first
    save_figure(draw_role_matrix(graph), second)
    data = first.read_bytes()
    if suffix == ".png":
        assert matplotlib.image.imread(first).ndim == 3
    elif suffix == ".svg":
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
    else:
        assert data.startswith(b"%PDF")
    assert data == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name, second.name]


def test_saving_in_an_unknown_format_is_an_input_error(graph: Any, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.gif"):
        save_figure(draw_role_matrix(graph), tmp_path / "roles.gif")


# SVG is the format whose ids (of clip paths, hatches) would vary from run to
# run without a fixed hash salt; the timeline has both.
SAVE_SVG = """
import hashlib, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from test_draw import seed_like_graph
from ctgraph.draw import draw_timeline, save_figure
with tempfile.TemporaryDirectory() as folder:
    path = save_figure(draw_timeline(seed_like_graph()), Path(folder) / "timeline.svg")
    print(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
"""


def test_saved_figures_are_the_same_bytes_across_hash_seeds() -> None:
    tests = str(Path(__file__).resolve().parent)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SAVE_SVG, tests],
            env={**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"},
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in ("1", "2")
    ]
    first, second = (run.communicate(timeout=120)[0] for run in runs)
    assert [run.returncode for run in runs] == [0, 0]
    assert first.startswith("timeline.svg ")
    assert first == second


def test_render_all_writes_the_four_pictures(graph: Any, tmp_path: Path) -> None:
    written = render_all(graph, tmp_path / "docs")
    assert [p.name for p in written] == [
        "network.png",
        "timeline.png",
        "role-matrix.png",
        "ego-morocco.png",
    ]
    for path in written:
        assert matplotlib.image.imread(path).shape[2] in (3, 4)
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in written}
    assert len(digests) == 4


def test_render_all_leaves_out_the_ego_network_without_morocco(graph: Any, tmp_path: Path) -> None:
    graph.remove_node(CT + "morocco")
    assert [p.name for p in render_all(graph, tmp_path)] == [
        "network.png",
        "timeline.png",
        "role-matrix.png",
    ]


def test_importing_draw_imports_neither_matplotlib_nor_networkx() -> None:
    script = (
        "import sys, ctgraph.draw; "
        "print(sorted(m for m in ('matplotlib', 'networkx') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------------------
# The seed: the projection of the project's own data


@pytest.fixture(scope="module")
def seed() -> Any:
    return project(load_graph())


def test_seed_network_marks_and_labels_every_node_without_overlap(seed: Any) -> None:
    figure = draw_network(seed)
    ax = _axes(figure)
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in collections) == seed.number_of_nodes()
    assert sorted(_by_gid(ax.texts, "label:")) == sorted(seed.nodes)
    assert _overlapping_texts(figure) == []


def test_seed_timeline_marks_every_dated_event(seed: Any) -> None:
    dated = sorted(n for n, d in seed.nodes(data=True) if d["type"] == "event" and d["start"])
    ax = _axes(draw_timeline(seed))
    marks = _by_gid([*ax.collections, *ax.patches], "event:")
    assert sorted(marks) == dated
    assert CT + "morocco-unoct-strategic-dialogue-2" in marks


def test_seed_role_matrix_marks_the_gctf_co_chair_as_former(seed: Any) -> None:
    cells = _by_gid(_axes(draw_role_matrix(seed)).texts, "role-cell:")
    assert len(cells) == len(role_cells(seed))
    former = [pair for pair, text in cells.items() if "(former)" in text.get_text()]
    assert former == [f"{CT}morocco|{CT}gctf"]
    assert _one_line(cells[f"{CT}morocco|{CT}gctf"].get_text()) == "co-chair (former)"


def test_seed_ego_network_of_morocco(seed: Any) -> None:
    figure = draw_ego(seed, "ct:morocco")
    labels = _by_gid(_axes(figure).texts, "label:")
    assert CT + "gctf" in labels
    assert labels[CT + "morocco"].get_fontweight() == "bold"
    assert _overlapping_texts(figure) == []


# ---------------------------------------------------------------------------
# Large graphs: summaries that say what they leave out


def _title(figure: Figure) -> str:
    return _one_line(_axes(figure).get_title(loc="left"))


def test_network_above_the_limit_draws_the_backbone_and_says_so(graph: Any) -> None:
    figure = draw_network(graph, max_nodes=5)
    ax = _axes(figure)
    # Morocco (8 links); Dialogue 1 (7); the Rabat office (4); then Rabat
    # ahead of UNOCT (3 each) by key.
    kept = {CT + n for n in ("morocco", "dialogue-1", "rabat-office", "rabat", "unoct")}
    assert set(_by_gid(ax.texts, "label:")) == kept
    collections = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in collections) == 5
    assert len(_by_gid(ax.patches, "edge:")) == 7
    assert summarise(graph, 5).caption == (
        "Showing 5 of 18 nodes (the most linked, grown along links from the most linked); "
        "14 of 21 edges not drawn."
    )
    assert summarise(graph, 5).caption in _title(figure)
    assert "Sources: Joint press release" in _title(figure)


def test_network_within_the_limits_says_nothing_is_left_out(graph: Any) -> None:
    assert "Showing" not in _title(draw_network(graph))
    assert "Showing" in _title(draw_network(graph, max_edges=20))


def test_ego_above_the_limit_keeps_the_centre(graph: Any) -> None:
    figure = draw_ego(graph, "ct:morocco", max_nodes=4)
    labels = _by_gid(_axes(figure).texts, "label:")
    # Morocco, then the Rabat office and UNOCT (3 links each within the
    # neighbourhood), then Dialogue 1 ahead of Rabat (2 each) by key.
    assert set(labels) == {CT + n for n in ("morocco", "rabat-office", "unoct", "dialogue-1")}
    assert labels[CT + "morocco"].get_fontweight() == "bold"
    caption = ego_summary(graph, CT + "morocco", 1, 4).caption
    assert caption.startswith("Showing 4 of 9 nodes (the centre, then the most linked")
    assert caption in _title(figure)


def test_title_names_five_sources_and_counts_the_rest(graph: Any) -> None:
    graph.graph["documents"] = [f"Release {n}" for n in range(1, 8)]
    title = _title(draw_network(graph))
    assert "Sources: Release 1; Release 2; Release 3; Release 4; Release 5 and 2 more" in title


def _events_graph() -> Any:
    """Series a (12 yearly events), series b (2), three lone events and one undated."""
    g = nx.MultiDiGraph(title="Events", as_of="", documents=[])
    _node(g, "a", "series", "Series A")
    _node(g, "b", "series", "Series B")
    for year in range(2010, 2022):
        _node(g, f"a-{year}", "event", f"A {year}", start=f"{year}-06-01", series="a")
    _node(g, "b-1", "event", "B 1", start="2023-03-01", series="b")
    _node(g, "b-2", "event", "B 2", start="2024-05-01", series="b", status="planned")
    _node(g, "lone-1", "event", "Lone 1", start="2025-01-02")
    _node(g, "lone-2", "event", "Lone 2", start="2019-07")
    _node(g, "lone-3", "event", "Lone 3", start="2000")
    _node(g, "undated", "event", "Undated")
    return g


def test_timeline_summary_keeps_the_lines_with_the_latest_events() -> None:
    g = _events_graph()
    summary = timeline_summary(g, max_rows=3)
    assert summary.rows == (CT + "lone-1", CT + "b", CT + "a")
    # Series A keeps its 10 latest events: 2012 to 2021.
    assert sorted(summary.events) == sorted(
        [CT + "lone-1", CT + "b-1", CT + "b-2"] + [f"{CT}a-{y}" for y in range(2012, 2022)]
    )
    assert summary.caption == (
        "Showing 3 of 5 lines (a series, or an event outside any series; those with the "
        "latest events, at most 10 events each); 4 of 17 dated events not drawn."
    )
    assert timeline_summary(g, max_events=12).rows == (CT + "lone-1", CT + "b")
    assert timeline_summary(g).complete


def test_timeline_above_the_limit_draws_the_lines_kept_and_says_so() -> None:
    g = _events_graph()
    figure = draw_timeline(g, max_rows=3)
    ax = _axes(figure)
    marks = _by_gid([*ax.collections, *ax.patches], "event:")
    assert set(marks) == set(timeline_summary(g, max_rows=3).events)
    assert len(ax.get_yticklabels()) == 3
    assert timeline_summary(g, max_rows=3).caption in _title(figure)
    (undated,) = _by_gid(ax.texts, "undated").values()
    assert undated.get_text() == "Not shown, no date known: Undated"


def _roles_graph() -> Any:
    """Four actors with roles in three columns: r1 in all, r2 in c1 and c2, r3 in c1, r4 in c3."""
    g = nx.MultiDiGraph(title="Roles", as_of="", documents=[])
    for actor in ("r1", "r2", "r3", "r4"):
        _node(g, actor, "state", actor.upper())
    for column in ("c1", "c2", "c3"):
        _node(g, column, "framework", column.upper())
    for actor, column in (
        ("r1", "c1"), ("r1", "c2"), ("r1", "c3"), ("r2", "c1"), ("r2", "c2"), ("r3", "c1"),
        ("r4", "c3"),
    ):  # fmt: skip
        _edge(g, actor, column, "member-of", "member")
    return g


def test_role_summary_keeps_the_columns_and_rows_with_the_most_roles() -> None:
    summary = role_summary(_roles_graph(), max_rows=2, max_columns=2)
    assert summary.columns == (CT + "c1", CT + "c2")  # c2 ahead of c3 by key
    assert summary.rows == (CT + "r1", CT + "r2")
    assert summary.caption == (
        "Showing 2 of 4 actors and 2 of 3 frameworks, organisations and events "
        "(those with the most roles); 3 of 7 filled cells not drawn."
    )
    assert role_summary(_roles_graph()).complete


def test_role_matrix_above_the_limit_draws_the_cells_kept_and_says_so() -> None:
    figure = draw_role_matrix(_roles_graph(), max_rows=2, max_columns=2)
    cells = _by_gid(_axes(figure).texts, "role-cell:")
    assert set(cells) == {f"{CT}{r}|{CT}{c}" for r in ("r1", "r2") for c in ("c1", "c2")}
    assert "3 of 7 filled cells not drawn" in _title(figure)


@pytest.fixture(scope="module")
def large() -> Any:
    """5,000 nodes and 20,000 edges shaped like the projection (bench/render_scale.py)."""
    return synthetic_projection(5000, 20000)


@pytest.mark.parametrize("name", DIAGRAMS)
def test_a_5000_node_graph_is_drawn_summarised(large: Any, name: str, tmp_path: Path) -> None:
    if name == "ego":
        centre = min(
            (n for n, t in large.nodes(data="type") if t == "state"),
            key=lambda n: (-large.degree(n), n),
        )
        figure = draw_ego(large, centre)
    else:
        figure = DIAGRAMS[name](large)
    assert "Showing" in _title(figure)
    path = save_figure(figure, tmp_path / f"{name}.png")
    assert matplotlib.image.imread(path).ndim == 3


def test_a_large_network_is_the_same_whatever_the_order_it_was_built_in(large: Any) -> None:
    backwards = nx.MultiDiGraph(**large.graph)
    backwards.add_nodes_from(reversed(list(large.nodes(data=True))))
    backwards.add_edges_from(reversed(list(large.edges(keys=True, data=True))))

    def labels(g: Any) -> list[Any]:
        return sorted((t.get_gid(), t.xy) for t in _axes(draw_network(g)).texts if t.get_gid())

    assert labels(backwards) == labels(large)


def test_timeline_and_matrix_limits_below_one_are_input_errors(graph: Any) -> None:
    with pytest.raises(InputError, match="max_rows must be at least 1, not 0"):
        draw_timeline(graph, max_rows=0)
    with pytest.raises(InputError, match="max_columns must be at least 1, not 0"):
        role_summary(graph, max_columns=0)
