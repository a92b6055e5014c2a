"""Tests of ctgraph.summary: which nodes a summarised network keeps, and what it says it left out.

The graphs are built here by hand, small enough to work out the backbone on
paper; only the attributes the summary reads (none but the edges) are set.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from ctgraph import InputError, load_graph
from ctgraph.projection import project
from ctgraph.summary import (
    MAX_EDGES,
    MAX_NODES,
    Summary,
    backbone,
    count,
    ego_summary,
    summarise,
)
from large_graphs import synthetic_projection


def _graph(*edges: tuple[str, str]) -> Any:
    g = nx.MultiDiGraph(title="t")
    for u, v in edges:
        g.add_edge(u, v, key=f"link:{u}->{v}", kind="supports")
    return g


@pytest.fixture
def states() -> Any:
    """Three busy states that share no edge; two frameworks and seven events join them.

    Degrees: s1 5, s2 4, s3 4; f1, f2, v1, v2 2; v3 to v7, x, y 1. x and y are
    a part of their own.
    """
    return _graph(
        ("s1", "f1"), ("s1", "f2"), ("s1", "v1"), ("s1", "v2"), ("s1", "v3"),
        ("s2", "f1"), ("s2", "v1"), ("s2", "v2"), ("s2", "v4"),
        ("s3", "f2"), ("s3", "v5"), ("s3", "v6"), ("s3", "v7"),
        ("x", "y"),
    )  # fmt: skip


def test_the_backbone_grows_along_links_from_the_most_linked_node(states: Any) -> None:
    # s1; then the most linked of its neighbours (f1, ahead of f2, v1, v2 by
    # key); then f1's s2; then f2, which brings s3.
    assert backbone(states, 5) == ["s1", "f1", "s2", "f2", "s3"]


def test_the_backbone_is_connected_where_the_top_nodes_by_degree_are_not(states: Any) -> None:
    top = sorted(states, key=lambda n: (-states.degree(n), n))[:3]
    assert top == ["s1", "s2", "s3"]
    assert states.subgraph(top).number_of_edges() == 0
    shown = summarise(states, 3).graph
    assert sorted(shown) == ["f1", "s1", "s2"]
    assert nx.is_weakly_connected(shown)


def test_the_backbone_goes_on_in_the_next_part_when_one_is_done(states: Any) -> None:
    assert backbone(states, 14)[-2:] == ["x", "y"]
    assert backbone(states, 100) == backbone(states, 14)


def test_the_backbone_stops_before_the_node_that_would_pass_the_edge_limit(states: Any) -> None:
    # s1 0 edges, f1 1, s2 2, f2 3; s3 would bring the fourth.
    assert backbone(states, 10, 3) == ["s1", "f1", "s2", "f2"]


def test_nodes_to_keep_come_first(states: Any) -> None:
    assert backbone(states, 3, keep=["v7"]) == ["v7", "s3", "f2"]


def test_summary_caption_says_what_is_left_out(states: Any) -> None:
    summary = summarise(states, 5)
    assert (summary.shown_nodes, summary.total_nodes) == (5, 14)
    assert (summary.shown_edges, summary.total_edges) == (4, 14)
    assert not summary.complete
    assert summary.caption == (
        "Showing 5 of 14 nodes (the most linked, grown along links from the most linked); "
        "10 of 14 edges not drawn."
    )


def test_the_summary_is_a_new_graph_with_the_attributes(states: Any) -> None:
    states.nodes["s1"]["label"] = "State one"
    part = summarise(states, 3).graph
    assert part is not states
    assert part.graph == {"title": "t"}
    assert part.nodes["s1"]["label"] == "State one"
    assert sorted(k for _, _, k in part.edges(keys=True)) == ["link:s1->f1", "link:s2->f1"]


def test_a_graph_within_the_limits_is_drawn_whole(states: Any) -> None:
    summary = summarise(states, 14)
    assert summary == Summary(states, 14, 14, 14, 14, "all")
    assert summary.complete
    assert summary.caption == ""
    assert not summarise(states, 14, max_edges=13).complete


def test_the_edge_limit_holds_even_for_nodes_that_must_be_kept() -> None:
    g = nx.MultiDiGraph()
    for number in range(10):
        g.add_edge("a", "b", key=f"k{number}")
    g.add_edge("a", "a", key="loop")
    summary = summarise(g, 5, max_edges=4, keep=["a", "b"])
    assert sorted(summary.graph) == ["a", "b"]
    assert sorted(k for _, _, k in summary.graph.edges(keys=True)) == ["k0", "k1", "k2", "k3"]
    assert (summary.shown_edges, summary.total_edges) == (4, 11)


def test_ego_summary_keeps_the_centre_and_counts_the_neighbourhood(states: Any) -> None:
    # s2's neighbourhood: s2, f1, v1, v2, v4 and the 4 edges from s2.
    summary = ego_summary(states, "s2", 1, 3)
    assert sorted(summary.graph) == ["f1", "s2", "v1"]
    assert summary.caption == (
        "Showing 3 of 5 nodes (the centre, then the most linked, grown along links from it); "
        "2 of 4 edges not drawn."
    )
    assert ego_summary(states, "v7", 1, 1).graph.nodes.keys() == {"v7"}


def test_ego_summary_of_a_small_neighbourhood_is_whole(states: Any) -> None:
    summary = ego_summary(states, "v7", radius=2)
    assert summary.complete
    assert sorted(summary.graph) == ["f2", "s3", "v5", "v6", "v7"]
    assert sorted(summary.graph.edges()) == [("s3", "f2"), ("s3", "v5"), ("s3", "v6"), ("s3", "v7")]


def test_the_seed_is_drawn_whole() -> None:
    seed = project(load_graph())
    assert seed.number_of_nodes() <= MAX_NODES and seed.number_of_edges() <= MAX_EDGES
    assert summarise(seed).complete


def test_a_large_graph_is_summarised_within_the_limits() -> None:
    g = synthetic_projection(5000, 20000)
    summary = summarise(g)
    assert summary.total_nodes == 5000
    assert summary.total_edges == g.number_of_edges() == 20000
    assert 1 < summary.shown_nodes <= MAX_NODES
    assert summary.shown_edges <= MAX_EDGES
    assert summary.caption.startswith(f"Showing {summary.shown_nodes} of 5,000 nodes (")


def test_the_summary_does_not_depend_on_the_order_nodes_and_edges_were_added() -> None:
    g = synthetic_projection(2000, 8000)
    backwards = nx.MultiDiGraph(**g.graph)
    backwards.add_nodes_from(reversed(list(g.nodes(data=True))))
    backwards.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    assert backbone(backwards, MAX_NODES, MAX_EDGES) == backbone(g, MAX_NODES, MAX_EDGES)


@pytest.mark.parametrize(
    ("number", "text"), [(0, "0 nodes"), (1, "1 node"), (12345, "12,345 nodes")]
)
def test_count(number: int, text: str) -> None:
    assert count(number, "node") == text


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"max_nodes": 0}, "max_nodes must be at least 1, not 0"),
        ({"max_edges": -1}, "max_edges must be at least 0, not -1"),
    ],
)
def test_limits_too_low_are_input_errors(states: Any, limits: dict[str, int], message: str) -> None:
    with pytest.raises(InputError, match=message):
        summarise(states, **limits)
    assert summarise(states, max_edges=0).shown_edges == 0
