"""The HTML page: self-contained, embeds the graph exactly, byte-stable, and runs in Chromium."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import networkx as nx
import pytest

from ctgraph import ExportError
from ctgraph.html import EDGE_COLOURS, NODE_STYLES, OKABE_ITO, render_html, write_html

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "html_screenshot.py"

# The node types and edge kinds of the projection contract (issue 4).
NODE_TYPES = (
    "state", "un-entity", "unit", "framework", "programme", "person", "event", "series",
    "place", "post", "document", "organisation",
)  # fmt: skip
EDGE_KINDS = (
    "member-of", "co-chaired", "chaired", "participated", "unit-of", "supports", "initiated",
    "partner", "on-the-margins-of", "in-series", "held-in", "holds-post", "post-in", "runs",
    "delivered-through", "based-in", "committed", "concerns", "located-in", "organised-by",
    "affiliated-with", "serves", "discussed", "about",
)  # fmt: skip

CT = "https://w3id.org/ctgraph/id/"
DOC = "ct:pr-2024-09-26"


def _node(
    local: str, label: str, type_: str, classes: list[str], paragraphs: list[int], short: str = ""
) -> tuple[str, dict[str, Any]]:
    return CT + local, {
        "iri": CT + local,
        "id": f"ct:{local}",
        "label": label,
        "short": short or label,
        "type": type_,
        "classes": sorted(classes),
        "sources": sorted(f"{DOC}#p{p}" for p in paragraphs),
    }


def _event(
    local: str,
    label: str,
    classes: list[str],
    paragraphs: list[int],
    *,
    start: str,
    end: str,
    status: str,
    series: str,
    ordinal: int,
) -> tuple[str, dict[str, Any]]:
    key, attributes = _node(local, label, "event", classes, paragraphs)
    attributes.update(start=start, end=end, status=status, series=series, ordinal=ordinal)
    return key, attributes


def _edge(
    graph: nx.MultiDiGraph,
    u: str,
    v: str,
    kind: str,
    label: str,
    paragraphs: list[int],
    *,
    relationship: str = "",
    role: str = "",
    start: str = "",
    end: str = "",
    status: str = "",
    inferred: bool = False,
) -> None:
    key = relationship or f"{kind}:ct:{u}->ct:{v}"
    graph.add_edge(
        CT + u,
        CT + v,
        key=key,
        kind=kind,
        label=label,
        role=f"ct:role-{role}" if role else "",
        role_label=role,
        start=start,
        end=end,
        status=status,
        former=status == "former",
        sources=sorted(f"{DOC}#p{p}" for p in paragraphs),
        inferred=inferred,
        relationship=CT + relationship.removeprefix("ct:") if relationship else "",
    )


def seed_like_graph() -> nx.MultiDiGraph:
    """A small graph that follows the projection contract, modelled on the seed press release."""
    g = nx.MultiDiGraph(
        title="Counter-terrorism cooperation: Morocco and UNOCT",
        as_of="",
        documents=[
            "Joint press release: First High-Level Strategic Dialogue between the Kingdom of "
            "Morocco and UNOCT (26 September 2024)"
        ],
        sources=[CT + "pr-2024-09-26"],
    )
    nodes = [
        _node("morocco", "Kingdom of Morocco", "state", ["ctg:Country", "ctg:State"], [1, 7]),
        _node(
            "unoct",
            "United Nations Office of Counter-Terrorism",
            "un-entity",
            ["ctg:UNEntity"],
            [1],
            "UNOCT",
        ),
        _node(
            "unoct-rabat-programme-office",
            "UNOCT Programme Office for Counter-Terrorism and Training in Africa",
            "unit",
            ["ctg:Office"],
            [7, 8],
        ),
        _node("gctf", "Global Counter-Terrorism Forum", "framework", ["ctg:Forum"], [7], "GCTF"),
        _node(
            "group-of-friends-of-counter-terrorism",
            "Group of Friends of Counter-Terrorism",
            "framework",
            ["ctg:GroupOfFriends"],
            [7],
        ),
        _node(
            "global-fusion-cells-programme",
            "UNOCT Global Fusion Cells Programme",
            "programme",
            ["ctg:Programme"],
            [8],
        ),
        _node("nasser-bourita", "Nasser Bourita", "person", ["ctg:Person"], [4]),
        _node(
            "post-morocco-foreign-minister",
            "Minister of Foreign Affairs, African Cooperation and Moroccan Expatriates",
            "post",
            ["ctg:Post"],
            [4],
        ),
        _node(
            "morocco-unoct-strategic-dialogue",
            "High-Level Strategic Dialogue between the Kingdom of Morocco and UNOCT",
            "series",
            ["ctg:EventSeries"],
            [3, 13],
        ),
        _event(
            "morocco-unoct-strategic-dialogue-1",
            "First High-Level Strategic Dialogue between the Kingdom of Morocco and UNOCT",
            ["ctg:Dialogue"],
            [1, 4],
            start="2024-09-26",
            end="2024-09-26",
            status="held",
            series=CT + "morocco-unoct-strategic-dialogue",
            ordinal=1,
        ),
        _event(
            "morocco-unoct-strategic-dialogue-2",
            "2nd High-Level Strategic Dialogue between the Kingdom of Morocco and UNOCT",
            ["ctg:Dialogue"],
            [13],
            start="2025-09",
            end="",
            status="planned",
            series=CT + "morocco-unoct-strategic-dialogue",
            ordinal=2,
        ),
        _event(
            "unga-high-level-week-2024",
            "General Assembly High-Level Week (September 2024)",
            ["ctg:HighLevelWeek"],
            [4],
            start="2024-09",
            end="",
            status="held",
            series="",
            ordinal=0,
        ),
        _node("new-york", "New York", "place", ["ctg:City"], [4]),
        _node("rabat", "Rabat", "place", ["ctg:City"], [7]),
        _node(
            "pr-2024-09-26",
            "Joint press release: First High-Level Strategic Dialogue (26 September 2024)",
            "document",
            ["ctg:SourceDocument"],
            [1, 2],
        ),
    ]
    g.add_nodes_from(nodes)
    _edge(g, "morocco", "gctf", "co-chaired", "co-chair (former)", [7],
          relationship="ct:m-morocco-gctf-co-chair", role="co-chair", end="2024-09-26",
          status="former", inferred=True)  # fmt: skip
    _edge(g, "morocco", "group-of-friends-of-counter-terrorism", "chaired", "chair", [7],
          relationship="ct:m-morocco-gof-ct-chair", role="chair", start="2024-09-26",
          end="2024-09-26", status="current", inferred=True)  # fmt: skip
    _edge(g, "morocco", "unoct", "supports", "supports", [7],
          relationship="ct:s-morocco-unoct")  # fmt: skip
    _edge(g, "morocco", "unoct", "partner", "partner", [6],
          relationship="ct:morocco-unoct-partnership")  # fmt: skip
    _edge(g, "morocco", "global-fusion-cells-programme", "supports",
          "supports (through Rabat Programme Office)", [8],
          relationship="ct:s-morocco-global-fusion-cells-programme")  # fmt: skip
    _edge(g, "global-fusion-cells-programme", "unoct-rabat-programme-office",
          "delivered-through", "delivered through", [8])  # fmt: skip
    _edge(g, "unoct", "global-fusion-cells-programme", "runs", "runs", [8])
    _edge(g, "unoct-rabat-programme-office", "unoct", "unit-of", "unit of", [7, 8])
    _edge(g, "unoct-rabat-programme-office", "rabat", "based-in", "based in", [8])
    _edge(g, "rabat", "morocco", "located-in", "located in", [7])
    _edge(g, "nasser-bourita", "post-morocco-foreign-minister", "holds-post", "holds post", [4],
          relationship="ct:ph-bourita-foreign-minister", role="foreign-minister",
          start="2024-09-26", end="2024-09-26", status="current", inferred=True)  # fmt: skip
    _edge(g, "post-morocco-foreign-minister", "morocco", "post-in", "post in", [4])
    _edge(g, "nasser-bourita", "morocco-unoct-strategic-dialogue-1", "co-chaired", "co-chair", [4],
          relationship="ct:er-dialogue-1-bourita-co-chair", role="co-chair")  # fmt: skip
    _edge(g, "morocco", "morocco-unoct-strategic-dialogue-1", "participated", "participant", [4],
          relationship="ct:er-dialogue-1-morocco", role="participant")  # fmt: skip
    _edge(g, "unoct", "morocco-unoct-strategic-dialogue-1", "participated", "participant", [4],
          relationship="ct:er-dialogue-1-unoct", role="participant")  # fmt: skip
    for ordinal, paragraphs in ((1, [3, 13]), (2, [13])):
        _edge(g, f"morocco-unoct-strategic-dialogue-{ordinal}", "morocco-unoct-strategic-dialogue",
              "in-series", "in series", paragraphs)  # fmt: skip
    _edge(g, "morocco-unoct-strategic-dialogue-1", "unga-high-level-week-2024",
          "on-the-margins-of", "on the margins of", [4])  # fmt: skip
    _edge(g, "morocco-unoct-strategic-dialogue-1", "new-york", "held-in", "held in", [4],
          inferred=True)  # fmt: skip
    _edge(g, "morocco", "morocco-unoct-strategic-dialogue", "committed",
          "committed: convene annually", [13],
          relationship="ct:c-convene-strategic-dialogue-annually")  # fmt: skip
    return g


class _Page(HTMLParser):
    """Collects what a self-containment check needs from an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in {"script", "style"}:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack:
            self.text.append(data)
        elif self.stack[-1][0] == "style":
            self.styles.append(data)
        else:
            self.scripts.append((self.stack[-1][1], data))


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def _embedded(page: str) -> dict[str, Any]:
    scripts = [text for attrs, text in _parse(page).scripts if attrs.get("id") == "ctgraph-data"]
    assert len(scripts) == 1
    assert scripts[0].count("</") == 0
    data: dict[str, Any] = json.loads(scripts[0])
    return data


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return seed_like_graph()


@pytest.fixture(scope="module")
def page(graph: nx.MultiDiGraph) -> str:
    return render_html(graph)


def _projection_module() -> ModuleType | None:
    try:
        from ctgraph import projection
    except ImportError:
        return None
    return projection if hasattr(projection, "project") else None


@pytest.fixture(scope="module")
def seed_projection() -> nx.MultiDiGraph:
    projection = _projection_module()
    if projection is None:
        pytest.skip("ctgraph.projection.project is not written yet (issue 4, part A)")
    import ctgraph

    result: nx.MultiDiGraph = projection.project(ctgraph.load_graph().graph)
    return result


def test_the_fixture_follows_the_contract(graph: nx.MultiDiGraph) -> None:
    assert set(graph.graph) == {"title", "as_of", "documents", "sources"}
    for _, attributes in graph.nodes(data=True):
        assert attributes["type"] in NODE_TYPES
        assert {"iri", "id", "label", "short", "type", "classes", "sources"} <= set(attributes)
    for *_, attributes in graph.edges(keys=True, data=True):
        assert attributes["kind"] in EDGE_KINDS
        assert None not in attributes.values()


def test_every_type_and_kind_of_the_contract_has_a_colour_from_the_palette() -> None:
    palette = set(OKABE_ITO.values()) | {"#FFFFFF", "#333333"}
    assert set(NODE_STYLES) == set(NODE_TYPES)
    assert set(EDGE_COLOURS) == set(EDGE_KINDS)
    assert {c for style in NODE_STYLES.values() for c in style.values()} <= palette
    assert set(EDGE_COLOURS.values()) <= set(OKABE_ITO.values())
    # No two types look the same.
    assert len({(s["fill"], s["stroke"]) for s in NODE_STYLES.values()}) == len(NODE_STYLES)


def test_the_contract_lists_here_match_the_projection() -> None:
    projection = _projection_module()
    if projection is None:
        pytest.skip("ctgraph.projection.project is not written yet (issue 4, part A)")
    assert tuple(projection.NODE_TYPES) == NODE_TYPES
    assert tuple(projection.EDGE_KINDS) == EDGE_KINDS


def _assert_self_contained(page: str) -> None:
    parsed = _parse(page)
    for tag, attrs in parsed.tags:
        assert tag != "link", "a <link> loads a resource"
        assert tag not in {"iframe", "object", "embed", "img", "base"}, tag
        for name, value in attrs.items():
            if name in {"src", "href", "xlink:href", "action", "srcset", "poster", "data"}:
                assert value is not None
                assert value.startswith(("#", "data:")), f"<{tag} {name}={value!r}>"
            assert not (value or "").lower().startswith("javascript:"), (tag, name)
    for attrs, text in parsed.scripts:
        if attrs.get("type") == "application/json" and attrs.get("id") == "ctgraph-data":
            continue  # the graph's IRIs are data
        assert "src" not in attrs
        for forbidden in (
            "http://",
            "https://",
            "fetch(",
            "XMLHttpRequest",
            "import(",
            "WebSocket",
        ):
            assert forbidden not in text, f"script mentions {forbidden}"
    for text in parsed.styles:
        for forbidden in ("http://", "https://", "@import", "url(", "@font-face"):
            assert forbidden not in text.lower(), f"style mentions {forbidden}"
    for tag, attrs in parsed.tags:
        assert "url(" not in (attrs.get("style") or ""), tag


def test_the_page_references_nothing_outside_itself(page: str) -> None:
    _assert_self_contained(page)


def test_the_page_embeds_every_node_and_edge_exactly(graph: nx.MultiDiGraph, page: str) -> None:
    data = _embedded(page)
    assert data["graph"] == graph.graph
    assert {n["key"]: n["attributes"] for n in data["nodes"]} == dict(graph.nodes(data=True))
    assert len(data["nodes"]) == graph.number_of_nodes()
    edges = {(e["source"], e["target"], e["key"]): e["attributes"] for e in data["edges"]}
    assert edges == {(u, v, k): a for u, v, k, a in graph.edges(keys=True, data=True)}
    assert len(data["edges"]) == graph.number_of_edges()


def test_positions_lie_in_the_viewport_and_apart(page: str) -> None:
    data = _embedded(page)
    box = re.search(r'<svg id="canvas" viewBox="0 0 (\d+) (\d+)"', page)
    assert box is not None
    width, height = int(box[1]), int(box[2])
    positions = [tuple(n["position"]) for n in data["nodes"]]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in positions)
    assert len(set(positions)) == len(positions)


def _bare(g: nx.MultiDiGraph, key: str) -> None:
    g.add_node(key, iri=key, id=key, label=f"A node called {key}", short=key, type="state",
               classes=[], sources=[])  # fmt: skip


@pytest.mark.parametrize(
    ("pairs", "lone"), [(0, 1), (0, 300), (1, 0), (40, 0), (25, 60)], ids=lambda n: str(n)
)
def test_many_components_and_lone_nodes_stay_in_the_viewport(pairs: int, lone: int) -> None:
    from ctgraph.html import VIEW_HEIGHT, VIEW_WIDTH, layout

    g = nx.MultiDiGraph()
    for i in range(pairs):
        _bare(g, f"a{i:03}")
        _bare(g, f"b{i:03}")
        g.add_edge(f"a{i:03}", f"b{i:03}", key="k", kind="partner")
    for i in range(lone):
        _bare(g, f"c{i:03}")
    positions = layout(g)
    assert len(positions) == g.number_of_nodes()
    for x, y in positions.values():
        assert 0 <= x <= VIEW_WIDTH and 0 <= y <= VIEW_HEIGHT


def test_the_same_graph_gives_the_same_bytes(graph: nx.MultiDiGraph, page: str) -> None:
    again = nx.MultiDiGraph(**graph.graph)
    # Insertion order must not matter either.
    again.add_nodes_from(reversed(list(graph.nodes(data=True))))
    again.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    assert render_html(graph) == page
    assert render_html(again) == page
    assert render_html(graph, seed=8) != page


def test_the_same_bytes_under_another_hash_seed(tmp_path: Path, page: str) -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_html; "
        "from ctgraph.html import render_html; "
        "sys.stdout.write(render_html(test_html.seed_like_graph()))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(Path(__file__).parent)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {page}


def test_title_and_sources_are_shown_and_escaped(graph: nx.MultiDiGraph) -> None:
    page = render_html(graph, title='Morocco & UNOCT <"cooperation">')
    assert "<title>Morocco &amp; UNOCT &lt;&quot;cooperation&quot;&gt;</title>" in page
    assert "<h1>Morocco &amp; UNOCT &lt;&quot;cooperation&quot;&gt;</h1>" in page
    assert "First High-Level Strategic Dialogue between the Kingdom of Morocco" in page
    assert "As of the date of each source" in page
    assert f"<title>{graph.graph['title']}</title>" in render_html(graph)


def test_the_as_of_date_is_shown(graph: nx.MultiDiGraph) -> None:
    dated = graph.copy()
    dated.graph["as_of"] = "2024-09-26"
    assert "As of 2024-09-26" in render_html(dated)


def test_hostile_text_cannot_leave_the_data_block() -> None:
    hostile = "</script><script>alert(1)</script><!-- \u2028 https://example.org/"
    g = nx.MultiDiGraph(title=hostile, as_of="", documents=[hostile], sources=[])
    g.add_node("x", iri="x", id="x", label=hostile, short=hostile, type="state", classes=[],
               sources=[])  # fmt: skip
    page = render_html(g)
    parsed = _parse(page)
    assert [attrs.get("id") for attrs, _ in parsed.scripts] == [
        "ctgraph-data",
        "ctgraph-style",
        None,
    ]
    assert "</script><script>alert(1)" not in page
    assert _embedded(page)["nodes"][0]["attributes"]["label"] == hostile
    _assert_self_contained(page)


def test_an_attribute_that_is_not_json_fails_clearly() -> None:
    g = nx.MultiDiGraph(title="t")
    g.add_node("x", when=object())
    with pytest.raises(ExportError, match="cannot be embedded as JSON"):
        render_html(g)


def test_an_empty_graph_still_makes_a_page() -> None:
    page = render_html(nx.MultiDiGraph())
    assert _embedded(page) == {"graph": {}, "nodes": [], "edges": []}
    assert "<title>ctgraph</title>" in page


def test_write_html_writes_the_rendered_page(tmp_path: Path, graph: nx.MultiDiGraph) -> None:
    target = tmp_path / "graph.html"
    write_html(graph, target, title="T")
    assert target.read_bytes() == render_html(graph, title="T").encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_the_package_does_not_import_networkx() -> None:
    code = "import sys, ctgraph; print('networkx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


def test_the_seed_projection_embeds_exactly(seed_projection: nx.MultiDiGraph) -> None:
    page = render_html(seed_projection)
    _assert_self_contained(page)
    data = _embedded(page)
    nodes = {n["key"]: n["attributes"] for n in data["nodes"]}
    assert nodes == dict(seed_projection.nodes(data=True))
    edges = {(e["source"], e["target"], e["key"]): e["attributes"] for e in data["edges"]}
    assert edges == {(u, v, k): a for u, v, k, a in seed_projection.edges(keys=True, data=True)}
    assert render_html(seed_projection) == page


# Headless Chromium: the script must run and draw the graph into the DOM.


def _screenshot_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("html_screenshot", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


headless = _screenshot_module()
CHROMIUM = headless.find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary on PATH (install Debian's chromium, or set CTGRAPH_CHROMIUM)",
)


class _Dom(HTMLParser):
    """Counts what the page's script drew inside the SVG canvas."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.circles = 0
        self.node_groups = 0
        self.edge_groups = 0
        self.ids: set[str] = set()
        self.checkboxes = 0
        self.root: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.root = found
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "input" and found.get("type") == "checkbox":
            self.checkboxes += 1
        if tag == "svg" and found.get("id") == "canvas":
            self.depth = 1
        elif self.depth and tag == "svg":
            self.depth += 1
        elif self.depth:
            classes = (found.get("class") or "").split()
            self.circles += tag == "circle"
            self.node_groups += tag == "g" and "node" in classes
            self.edge_groups += tag == "g" and "edge" in classes

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "svg":
            self.depth -= 1


def _check_in_chromium(g: nx.MultiDiGraph, folder: Path) -> Path:
    page = folder / "page.html"
    write_html(g, page)
    dom = _Dom()
    dom.feed(headless.dump_dom(page, CHROMIUM))
    assert dom.root.get("data-ready") == "true", "the page's script did not finish"
    assert dom.circles == g.number_of_nodes()
    assert dom.node_groups == g.number_of_nodes()
    assert dom.edge_groups == g.number_of_edges()
    assert {"panel", "details", "type-filter", "kind-filter", "legend"} <= dom.ids
    types = {t for _, t in g.nodes(data="type")}
    kinds = {k for *_, k in g.edges(keys=True, data="kind")}
    assert dom.checkboxes == len(types) + len(kinds) + 1  # and "all relation labels"
    png = headless.screenshot(page, folder / "page.png", CHROMIUM)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert png.stat().st_size > 10_000
    return png


@needs_chromium
def test_chromium_draws_the_fixture(tmp_path: Path, graph: nx.MultiDiGraph) -> None:
    _check_in_chromium(graph, tmp_path)


@needs_chromium
def test_chromium_draws_the_seed_projection(
    tmp_path: Path, seed_projection: nx.MultiDiGraph
) -> None:
    _check_in_chromium(seed_projection, tmp_path)


# Run after the page's own script: drives it with synthetic events and records
# what the page shows, so that a DOM dump can be checked (Chromium has no input
# of its own in --dump-dom mode).
_PROBE = """<script>
(() => {
  const results = {};
  const svg = document.getElementById("canvas");
  const heading = () => (document.querySelector("#details h2") || {}).textContent || "";
  const node = svg.querySelector(`g.node[data-key="${KEY}"]`);
  const edgePath = () => svg.querySelector(`g.edge[data-source="${KEY}"] .line`).getAttribute("d");
  node.dispatchEvent(new PointerEvent("pointerenter"));
  results.hover = heading();
  node.dispatchEvent(new PointerEvent("pointerleave"));
  results.left = heading();
  node.focus();
  node.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  results.enter = heading();
  results.pinned = document.getElementById("details").dataset.pinned || "";
  results.sources = Array.from(document.querySelectorAll("#details .source-list li"),
    (li) => li.textContent);
  results.roles = document.querySelectorAll("#details .roles li").length;
  const before = node.getAttribute("transform");
  const edgeBefore = edgePath();
  node.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
  results.keyMoved = before !== node.getAttribute("transform");
  const box = node.querySelector("circle").getBoundingClientRect();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const pointer = (type, dx, dy) => node.dispatchEvent(new PointerEvent(type, {
    pointerId: 7, button: 0, clientX: x + dx, clientY: y + dy, bubbles: true }));
  const beforeDrag = node.getAttribute("transform");
  pointer("pointerdown", 0, 0);
  pointer("pointermove", 40, 30);
  pointer("pointerup", 40, 30);
  results.dragged = beforeDrag !== node.getAttribute("transform");
  results.edgeFollowed = edgeBefore !== edgePath();
  document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
  results.escaped = heading();
  const edge = svg.querySelector("g.edge");
  edge.dispatchEvent(new MouseEvent("click", { bubbles: true }));
  results.edge = heading();
  document.getElementById("reset-layout").click();
  results.reset = node.getAttribute("transform") === before;
  const filter = document.querySelector(`#type-filter input[value="${TYPE}"]`);
  filter.checked = false;
  filter.dispatchEvent(new Event("change"));
  results.hiddenNodes = svg.querySelectorAll("g.node.hidden").length;
  results.hiddenEdges = svg.querySelectorAll("g.edge.hidden").length;
  results.status = document.getElementById("status").textContent;
  document.documentElement.dataset.probe = JSON.stringify(results);
})();
</script>
"""


@needs_chromium
def test_chromium_page_responds_to_pointer_keyboard_and_filters(
    tmp_path: Path, graph: nx.MultiDiGraph
) -> None:
    key = CT + "morocco"
    kind = "state"
    probe = _PROBE.replace("${KEY}", key).replace("${TYPE}", kind)
    page = tmp_path / "probe.html"
    page.write_text(render_html(graph).replace("</body>", probe + "</body>"), encoding="utf-8")
    dom = _Dom()
    dom.feed(headless.dump_dom(page, CHROMIUM))
    assert dom.root.get("data-probe"), "the probe did not run"
    results = json.loads(str(dom.root["data-probe"]))
    label = graph.nodes[key]["label"]
    first_edge = min(graph.edges(keys=True), key=lambda e: (e[0], e[1], str(e[2])))
    hidden = {n for n, t in graph.nodes(data="type") if t == kind}
    assert results["hover"] == label
    assert results["left"] == "Details"
    assert results["enter"] == label
    assert results["pinned"] == "true"
    assert results["sources"] == [
        f"{DOC}, paragraph {p}" for p in (1, 7)
    ]  # sorted as text: "#p1" < "#p7"
    assert results["roles"] == graph.degree(key)
    assert results["keyMoved"] and results["dragged"] and results["edgeFollowed"]
    assert results["escaped"] == "Details"
    assert results["edge"] == graph.edges[first_edge]["label"]
    assert results["reset"]
    assert results["hiddenNodes"] == len(hidden)
    assert results["hiddenEdges"] == sum(1 for u, v in graph.edges() if u in hidden or v in hidden)
    assert results["status"].startswith(f"Showing {graph.number_of_nodes() - len(hidden)} of ")
