"""The HTML page of a large graph: it embeds the backbone only and says what it left out."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import networkx as nx
import pytest

from ctgraph.html import SOURCES_LISTED, render_html
from ctgraph.summary import HTML_MAX_EDGES, HTML_MAX_NODES, summarise
from large_graphs import synthetic_projection

DATA = re.compile(r'<script type="application/json" id="ctgraph-data">(.*?)</script>', re.S)


def _embedded(page: str) -> dict[str, Any]:
    (text,) = DATA.findall(page)
    data: dict[str, Any] = json.loads(text)
    return data


@pytest.fixture(scope="module")
def large() -> Any:
    return synthetic_projection(5000, 20000)


def test_a_large_page_embeds_the_backbone_and_says_what_it_left_out(large: Any) -> None:
    page = render_html(large)
    summary = summarise(large, HTML_MAX_NODES, max_edges=HTML_MAX_EDGES)
    data = _embedded(page)
    assert sorted(n["key"] for n in data["nodes"]) == sorted(summary.graph)
    assert len(data["edges"]) == summary.shown_edges <= HTML_MAX_EDGES
    assert 40 < len(data["nodes"]) <= HTML_MAX_NODES
    assert f'<p class="meta" id="summary">{html.escape(summary.caption)}</p>' in page
    assert summary.caption.startswith(f"Showing {len(data['nodes'])} of 5,000 nodes (")


def test_the_limits_can_be_set(large: Any) -> None:
    data = _embedded(render_html(large, max_nodes=10, max_edges=None))
    assert len(data["nodes"]) == 10


def test_a_small_page_says_nothing_is_left_out() -> None:
    g = nx.MultiDiGraph(title="t", documents=["One release"])
    g.add_edge("a", "b", key="k", kind="supports")
    assert 'id="summary"' not in render_html(g)
    assert 'id="summary"' in render_html(g, max_nodes=1)


def test_the_header_lists_the_first_sources_and_counts_the_rest() -> None:
    g = nx.MultiDiGraph(title="t", documents=[f"Release {n}" for n in range(25)])
    page = render_html(g)
    assert f"<li>Release {SOURCES_LISTED - 1}</li>" in page
    assert f"<li>Release {SOURCES_LISTED}</li>" not in page
    assert f"<li>and {25 - SOURCES_LISTED} more</li>" in page


def test_a_node_to_keep_is_on_the_page_whatever_the_limits(large: Any) -> None:
    quiet = min(large, key=lambda n: (large.degree(n), n))
    keys = {n["key"] for n in _embedded(render_html(large, max_nodes=5, keep=[quiet]))["nodes"]}
    assert quiet in keys
    assert len(keys) == 5
