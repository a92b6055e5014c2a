"""GraphML and GEXF files of the projection, its analysis and the paths between two nodes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ctgraph import ExportError, InputError, LoadedGraph, load_graph
from ctgraph.network import (
    LIST_SEPARATOR,
    analyze,
    flat_attributes,
    format_analysis,
    format_paths,
    gexf_edge_ids,
    network_bytes,
    paths,
    resolve,
    write_network,
)
from ctgraph.projection import project

CT = "https://w3id.org/ctgraph/id/"
MOROCCO, GCTF, DIALOGUE_1 = CT + "morocco", CT + "gctf", CT + "morocco-unoct-strategic-dialogue-1"
DIALOGUE_1_LABEL = "First High-Level Strategic Dialogue between the Kingdom of Morocco and UNOCT"


@pytest.fixture(scope="session")
def seed() -> LoadedGraph:
    return load_graph()


@pytest.fixture(scope="session")
def network(seed: LoadedGraph) -> nx.MultiDiGraph:
    """The projection of the seed; tests must not change it."""
    result: nx.MultiDiGraph = project(seed.graph)
    return result


#: The Morocco-GCTF membership edge as written to a file: lists joined.
CO_CHAIR_FLAT: dict[str, Any] = {
    "end": "[..2024-09-26]",
    "former": True,
    "inferred": False,
    "kind": "co-chaired",
    "label": "co-chair (former)",
    "relationship": CT + "m-morocco-gctf-co-chair",
    "role": "ct:role-co-chair",
    "role_label": "co-chair",
    "sources": "ct:pr-2024-09-26#p7",
    "start": "",
    "status": "former",
}

#: The First Dialogue as written to a file.
DIALOGUE_1_FLAT: dict[str, Any] = {
    "classes": "ctg:Dialogue",
    "end": "2024-09-26",
    "id": "ct:morocco-unoct-strategic-dialogue-1",
    "iri": DIALOGUE_1,
    "label": DIALOGUE_1_LABEL,
    "ordinal": 1,
    "series": CT + "morocco-unoct-strategic-dialogue",
    "short": DIALOGUE_1_LABEL,
    "sources": "ct:pr-2024-09-26#p1; ct:pr-2024-09-26#p4",
    "start": "2024-09-26",
    "status": "held",
    "type": "event",
}


def test_flat_attributes_join_lists() -> None:
    assert LIST_SEPARATOR == "; "
    assert flat_attributes({"b": ["x", "y"], "a": 1, "c": True, "d": None, "e": []}) == {
        "a": 1,
        "b": "x; y",
        "c": True,
        "d": "",
        "e": "",
    }


def test_graphml_reads_back_with_every_attribute(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    target = tmp_path / "seed.graphml"
    write_network(network, "graphml", target)
    back = nx.read_graphml(target, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert back.nodes[DIALOGUE_1] == DIALOGUE_1_FLAT
    assert back.edges[MOROCCO, GCTF, "ct:m-morocco-gctf-co-chair"] == CO_CHAIR_FLAT
    assert {n: dict(d) for n, d in back.nodes(data=True)} == {
        n: flat_attributes(d) for n, d in network.nodes(data=True)
    }
    assert {(u, v, k): dict(d) for u, v, k, d in back.edges(keys=True, data=True)} == {
        (u, v, k): flat_attributes(d) for u, v, k, d in network.edges(keys=True, data=True)
    }
    graph_data = {k: v for k, v in back.graph.items() if k not in ("node_default", "edge_default")}
    assert graph_data == {
        "title": "Counter-terrorism cooperation network",
        "as_of": "",
        "documents": "Joint press release: First High-Level Strategic Dialogue between the "
        "Kingdom of Morocco and UNOCT (26 September 2024)",
        "sources": CT + "pr-2024-09-26",
    }


def test_gexf_reads_back_with_every_attribute(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    target = tmp_path / "seed.gexf"
    write_network(network, "gexf", target)
    back = nx.read_gexf(target)
    assert isinstance(back, nx.MultiDiGraph)
    assert back.nodes[DIALOGUE_1] == DIALOGUE_1_FLAT
    # networkx's reader adds the GEXF edge id to the edge's attributes.
    co_chair = back.edges[MOROCCO, GCTF, "ct:m-morocco-gctf-co-chair"]
    assert co_chair == {**CO_CHAIR_FLAT, "id": "ct:m-morocco-gctf-co-chair"}
    assert {n: dict(d) for n, d in back.nodes(data=True)} == {
        n: flat_attributes(d) for n, d in network.nodes(data=True)
    }
    ids = gexf_edge_ids(network)
    assert {(u, v, k): dict(d) for u, v, k, d in back.edges(keys=True, data=True)} == {
        (u, v, ids[(u, v, k)]): {**flat_attributes(d), "id": ids[(u, v, k)]}
        for u, v, k, d in network.edges(keys=True, data=True)
    }


def test_gexf_edge_ids_are_unique(network: nx.MultiDiGraph) -> None:
    ids = gexf_edge_ids(network)
    assert len(set(ids.values())) == network.number_of_edges() == 63
    # A commitment of two parties gives two edges with one key; the ends tell them apart.
    key = "ct:c-convene-strategic-dialogue-annually"
    assert ids[(MOROCCO, CT + "morocco-unoct-strategic-dialogue", key)] == (
        f"{key} (ct:morocco->ct:morocco-unoct-strategic-dialogue)"
    )
    assert ids[(MOROCCO, GCTF, "ct:m-morocco-gctf-co-chair")] == "ct:m-morocco-gctf-co-chair"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_writing_twice_gives_the_same_bytes(
    seed: LoadedGraph, network: nx.MultiDiGraph, tmp_path: Path, fmt: str
) -> None:
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    write_network(network, fmt, first)
    write_network(project(seed.graph), fmt, second)
    assert first.read_bytes() == second.read_bytes() == network_bytes(network, fmt)


_WRITE = """
import sys
from ctgraph import load_graph
from ctgraph.network import write_network
from ctgraph.projection import project
write_network(project(load_graph().graph), sys.argv[1], sys.argv[2])
"""


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_bytes_do_not_depend_on_hash_seeds(tmp_path: Path, fmt: str) -> None:
    outputs = []
    for seed_value in ("1", "2"):
        target = tmp_path / f"{seed_value}.{fmt}"
        env = {**os.environ, "PYTHONHASHSEED": seed_value}
        subprocess.run([sys.executable, "-c", _WRITE, fmt, str(target)], check=True, env=env)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_unknown_format_and_missing_folder(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown network format 'dot'"):
        write_network(network, "dot", tmp_path / "x.dot")
    with pytest.raises(InputError, match="no such folder"):
        write_network(network, "graphml", tmp_path / "missing" / "x.graphml")
    assert not (tmp_path / "x.dot").exists()


def test_a_failed_write_leaves_the_file_unchanged(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    target = tmp_path / "x.gexf"
    target.write_bytes(b"old")
    broken = nx.MultiDiGraph(network)
    broken.nodes[MOROCCO]["ordinal"] = "first"  # an integer elsewhere: GEXF needs one type
    with pytest.raises(ExportError, match="several types"):
        write_network(broken, "gexf", target)
    assert target.read_bytes() == b"old"


# Analysis


def test_top_nodes_by_degree(network: nx.MultiDiGraph) -> None:
    # Degrees in the undirected simple view, over the 35 other nodes.
    # Morocco: 6 frameworks and bodies it belongs to, its partnership with
    # UNOCT, UNOCT, the office and 2 programmes it supports, the Dialogue,
    # the Forum and the Dialogue series it committed to, Bourita and
    # Mohammed VI, Rabat and Fes.
    top = analyze(network).by_degree()[:3]
    assert [(s.id, s.degree) for s in top] == [
        ("ct:morocco", 18),
        ("ct:morocco-unoct-strategic-dialogue-1", 12),
        ("ct:unoct", 9),
    ]
    assert [s.degree_centrality for s in top] == pytest.approx([18 / 35, 12 / 35, 9 / 35])


def test_top_nodes_by_betweenness(network: nx.MultiDiGraph) -> None:
    # Normalised over the 35 * 34 / 2 = 595 pairs of other nodes; the sums of
    # shortest-path shares are those networkx computes on the seed network.
    analysis = analyze(network)
    top = analysis.by_betweenness()[:3]
    assert [s.id for s in top] == [
        "ct:morocco",
        "ct:morocco-unoct-strategic-dialogue-1",
        "ct:unoct",
    ]
    assert [s.betweenness for s in top] == pytest.approx(
        [(6963 / 20) / 595, (6847 / 30) / 595, (2203 / 30) / 595]
    )
    assert analysis.brokers[:3] == tuple(s.node for s in top)


def test_communities_and_summary(network: nx.MultiDiGraph) -> None:
    analysis = analyze(network)
    assert (analysis.nodes, analysis.edges, analysis.links, analysis.components) == (36, 63, 56, 1)
    members = {n for community in analysis.communities for n in community}
    assert members == set(network.nodes)
    assert sorted(len(c) for c in analysis.communities) == [4, 5, 6, 9, 12]
    assert analysis.score(MOROCCO).community == 1
    assert analysis == analyze(project(load_graph().graph))  # deterministic


def test_format_analysis(network: nx.MultiDiGraph) -> None:
    text = format_analysis(analyze(network), top=3)
    assert text.startswith(
        "36 nodes, 63 edges (56 linked pairs), 1 connected components, 5 communities\n"
    )
    degree_rows = text.split("Degree centrality\n")[1].split("\n\n")[0].splitlines()[2:]
    assert [row.split()[:3] for row in degree_rows] == [
        ["1", "Kingdom", "of"],
        ["2", "First", "High-Level"],
        ["3", "UNOCT", "(ct:unoct)"],
    ]
    assert "0.514" in degree_rows[0]
    assert "Betweenness centrality\n" in text and "Communities\n" in text
    assert "Brokers\n" in text


def test_an_empty_network_analyses() -> None:
    analysis = analyze(nx.MultiDiGraph())
    assert analysis.scores == () and analysis.communities == ()
    assert "0 nodes" in format_analysis(analysis)


# Paths


def test_morocco_to_the_gctf(seed: LoadedGraph, network: nx.MultiDiGraph) -> None:
    found = paths(
        network, resolve(seed.graph, network, "Morocco"), resolve(seed.graph, network, "GCTF")
    )
    assert len(found) == 1
    assert found[0].nodes == (MOROCCO, GCTF)
    (step,) = found[0].steps
    assert [(link.kind, link.label, link.forward, link.sources) for link in step.links] == [
        ("co-chaired", "co-chair (former)", True, ("ct:pr-2024-09-26#p7",))
    ]
    assert format_paths(found) == (
        "Path 1 of 1 (1 step)\n"
        "  Kingdom of Morocco —[co-chair (former)]→ Global Counter-Terrorism Forum"
        "  [ct:pr-2024-09-26 p7]\n"
    )


def test_bourita_to_voronkov(seed: LoadedGraph, network: nx.MultiDiGraph) -> None:
    bourita = resolve(seed.graph, network, "Nasser Bourita")
    voronkov = resolve(seed.graph, network, "ct:vladimir-voronkov")
    found = paths(network, bourita, voronkov)
    assert [p.nodes for p in found] == [(bourita, DIALOGUE_1, voronkov)]
    first, second = found[0].steps
    assert [(link.kind, link.forward) for link in first.links] == [
        ("co-chaired", True),
        ("participated", True),
    ]
    # Voronkov's edges point at the Dialogue: walked against their direction.
    assert [(link.kind, link.forward) for link in second.links] == [
        ("co-chaired", False),
        ("participated", False),
    ]
    assert format_paths(found) == (
        "Path 1 of 1 (2 steps)\n"
        f"  Nasser Bourita —[co-chair; participant]→ {DIALOGUE_1_LABEL}"
        "  [ct:pr-2024-09-26 p4, p6]\n"
        f"  {DIALOGUE_1_LABEL} ←[co-chair; participant]— Vladimir Voronkov"
        "  [ct:pr-2024-09-26 p4, p7]\n"
    )


def test_several_shortest_paths_are_sorted_and_limited(network: nx.MultiDiGraph) -> None:
    # The GCTF and the Rabat office have one neighbour in common, Morocco.
    office = CT + "unoct-rabat-programme-office"
    assert [p.nodes for p in paths(network, GCTF, office)] == [(GCTF, MOROCCO, office)]
    # Bourita reaches UNOCT through Morocco (which supports UNOCT) and through
    # the First Dialogue (where both took part).
    bourita, unoct = CT + "nasser-bourita", CT + "unoct"
    both = paths(network, bourita, unoct)
    assert [p.nodes for p in both] == [(bourita, MOROCCO, unoct), (bourita, DIALOGUE_1, unoct)]
    assert [p.nodes for p in paths(network, bourita, unoct, limit=1)] == [both[0].nodes]


def test_no_path_and_bad_arguments(seed: LoadedGraph, network: nx.MultiDiGraph) -> None:
    places = project(seed.graph, kinds=["located-in"])
    assert paths(places, CT + "fes", CT + "new-york") == []
    assert format_paths([]) == "no path\n"
    with pytest.raises(InputError, match="is not a node of the network"):
        paths(network, CT + "nowhere", MOROCCO)
    with pytest.raises(InputError, match="at least 1"):
        paths(network, GCTF, MOROCCO, limit=0)
    with pytest.raises(InputError, match=r"'chair' \(ct:role-chair\) is not a node of the network"):
        resolve(seed.graph, network, "chair")
    with pytest.raises(InputError, match="nothing is named"):
        resolve(seed.graph, network, "Atlantis")
