"""The projection to networkx, checked node by node and edge by edge on the seed press release.

The expected nodes and edges are read off
data/press-release-2024-09-26-morocco-unoct.ttl; the comments give the
paragraph (pN) that states each group.
"""

from __future__ import annotations

import datetime
from typing import Any

import networkx as nx
import pytest
from rdflib import URIRef

from ctgraph import InputError, LoadedGraph, load_graph
from ctgraph.paths import default_data
from ctgraph.projection import EDGE_KINDS, NODE_TYPES, Interval, node_type, project

from conftest import FIXTURES

CT = "https://w3id.org/ctgraph/id/"
SEED = URIRef(CT + "pr-2024-09-26")
DOC2 = URIRef("http://example.org/id/doc2")
SECOND_SOURCE = FIXTURES / "projection-second-source.ttl"

Edge = tuple[str, str, str, str]


@pytest.fixture(scope="session")
def seed() -> LoadedGraph:
    """The project's ontology and seed data, loaded once."""
    return load_graph()


@pytest.fixture(scope="session")
def two_sources() -> LoadedGraph:
    """The seed data and a second, made-up source document (tests/fixtures)."""
    return load_graph(data=[default_data(), SECOND_SOURCE])


def node_set(graph: nx.MultiDiGraph) -> set[tuple[str, str]]:
    return {(data["id"], data["type"]) for _, data in graph.nodes(data=True)}


def edge_set(graph: nx.MultiDiGraph) -> set[Edge]:
    return {
        (graph.nodes[u]["id"], graph.nodes[v]["id"], data["kind"], data["label"])
        for u, v, data in graph.edges(data=True)
    }


SEED_NODES: set[tuple[str, str]] = {
    # Actors (p1, p4, p7, p8, p13)
    ("ct:morocco", "state"),  # a ctg:State and a ctg:Country: the state wins
    ("ct:unoct", "un-entity"),
    ("ct:unga", "un-entity"),
    ("ct:uncct", "unit"),
    ("ct:uncct-advisory-board", "unit"),
    ("ct:unoct-rabat-programme-office", "unit"),
    # Frameworks (p6, p7, p9, p10, p11)
    ("ct:gctf", "framework"),
    ("ct:un-global-ct-compact", "framework"),
    ("ct:compact-gctf-partnership", "framework"),
    ("ct:morocco-unoct-partnership", "framework"),
    ("ct:group-of-friends-of-counter-terrorism", "framework"),
    ("ct:group-of-friends-of-victims-of-terrorism", "framework"),
    ("ct:aasp", "framework"),
    ("ct:marrakech-platform", "framework"),  # a platform and an event series
    ("ct:abuja-process", "framework"),
    # Programmes (p8)
    ("ct:global-fusion-cells-programme", "programme"),
    ("ct:ct-investigation-programme", "programme"),
    # People (p4, p6, p15)
    ("ct:nasser-bourita", "person"),
    ("ct:vladimir-voronkov", "person"),
    ("ct:mohammed-vi", "person"),
    ("ct:laurence-gerard", "person"),
    # Event series and events (p3, p4, p8, p9, p10, p12, p13)
    ("ct:morocco-unoct-strategic-dialogue", "series"),
    ("ct:annual-forum-of-beneficiaries", "series"),
    ("ct:morocco-unoct-strategic-dialogue-1", "event"),
    ("ct:morocco-unoct-strategic-dialogue-2", "event"),
    ("ct:unga-high-level-week-2024", "event"),
    ("ct:unga-80-high-level-week", "event"),
    ("ct:marrakech-platform-3", "event"),
    ("ct:atlantic-coast-maritime-security-conference-2024", "event"),
    ("ct:annual-forum-of-beneficiaries-2024", "event"),
    ("ct:rabat-programme-office-inauguration", "event"),
    # Places (p4, p5, p7, p10)
    ("ct:new-york", "place"),
    ("ct:rabat", "place"),
    ("ct:fes", "place"),
    ("ct:united-states", "place"),
    ("ct:africa", "place"),
}


DIALOGUE_1 = "ct:morocco-unoct-strategic-dialogue-1"
DIALOGUE_2 = "ct:morocco-unoct-strategic-dialogue-2"
DIALOGUES = "ct:morocco-unoct-strategic-dialogue"
FORUM_2024 = "ct:annual-forum-of-beneficiaries-2024"
OFFICE = "ct:unoct-rabat-programme-office"
INSTITUTIONALIZE = "institutionalize as a regular cooperation mechanism"
THROUGH_OFFICE = "supports (through Rabat Programme Office)"

SEED_EDGES: set[Edge] = {
    # Memberships (p7, p9): the role gives the kind; "former Co-Chair" ended by the release.
    ("ct:morocco", "ct:gctf", "co-chaired", "co-chair (former)"),
    ("ct:morocco", "ct:compact-gctf-partnership", "initiated", "leading role in launching"),
    ("ct:morocco", "ct:group-of-friends-of-counter-terrorism", "chaired", "chair"),
    ("ct:morocco", "ct:group-of-friends-of-victims-of-terrorism", "member-of", "active member"),
    ("ct:morocco", "ct:uncct-advisory-board", "member-of", "member"),
    ("ct:morocco", "ct:aasp", "initiated", "initiator"),
    # Post holdings (p4, p6): person -> organisation, labelled with the post.
    (
        "ct:nasser-bourita",
        "ct:morocco",
        "holds-post",
        "Minister of Foreign Affairs, African Cooperation and Moroccan Expatriates",
    ),
    (
        "ct:vladimir-voronkov",
        "ct:unoct",
        "holds-post",
        "Under-Secretary-General of the United Nations Office of Counter-Terrorism",
    ),
    ("ct:mohammed-vi", "ct:morocco", "holds-post", "King of Morocco"),
    # Support (p7, p8)
    ("ct:morocco", "ct:unoct", "supports", "supports"),
    ("ct:morocco", OFFICE, "supports", "supports"),
    ("ct:morocco", "ct:global-fusion-cells-programme", "supports", THROUGH_OFFICE),
    ("ct:morocco", "ct:ct-investigation-programme", "supports", THROUGH_OFFICE),
    # Roles at the First Dialogue (p4, p6, p7)
    ("ct:morocco", DIALOGUE_1, "participated", "participant"),
    ("ct:unoct", DIALOGUE_1, "participated", "participant"),
    ("ct:nasser-bourita", DIALOGUE_1, "participated", "participant"),
    ("ct:vladimir-voronkov", DIALOGUE_1, "participated", "participant"),
    ("ct:nasser-bourita", DIALOGUE_1, "co-chaired", "co-chair"),
    ("ct:vladimir-voronkov", DIALOGUE_1, "co-chaired", "co-chair"),
    # Commitments made at the First Dialogue (p9, p11, p12, p13): each party ->
    # what it concerns, and the Dialogue -> what it concerns.
    ("ct:morocco", "ct:aasp", "committed", "broaden collaboration"),
    ("ct:morocco", FORUM_2024, "committed", "work together"),
    ("ct:unoct", FORUM_2024, "committed", "work together"),
    ("ct:morocco", DIALOGUES, "committed", INSTITUTIONALIZE),
    ("ct:unoct", DIALOGUES, "committed", INSTITUTIONALIZE),
    ("ct:morocco", DIALOGUES, "committed", "convene annually"),
    ("ct:unoct", DIALOGUES, "committed", "convene annually"),
    (DIALOGUE_1, "ct:aasp", "concerns", "broaden collaboration"),
    (DIALOGUE_1, "ct:marrakech-platform", "concerns", "explore collaboration"),
    (DIALOGUE_1, "ct:abuja-process", "concerns", "explore collaboration"),
    (DIALOGUE_1, FORUM_2024, "concerns", "work together"),
    (DIALOGUE_1, DIALOGUES, "concerns", INSTITUTIONALIZE),
    (DIALOGUE_1, DIALOGUES, "concerns", "convene annually"),
    # Units (p7)
    ("ct:uncct-advisory-board", "ct:uncct", "unit-of", "unit of"),
    (OFFICE, "ct:unoct", "unit-of", "unit of"),
    # Partnerships -> partners (p6, p7)
    ("ct:compact-gctf-partnership", "ct:gctf", "partner", "partner"),
    ("ct:compact-gctf-partnership", "ct:un-global-ct-compact", "partner", "partner"),
    ("ct:morocco-unoct-partnership", "ct:morocco", "partner", "partner"),
    ("ct:morocco-unoct-partnership", "ct:unoct", "partner", "partner"),
    # Events: margins, series, places (p3, p4, p8, p10, p12, p13)
    (DIALOGUE_1, "ct:unga-high-level-week-2024", "on-the-margins-of", "on the margins of"),
    (DIALOGUE_2, "ct:unga-80-high-level-week", "on-the-margins-of", "on the margins of"),
    (DIALOGUE_1, DIALOGUES, "in-series", "in series"),
    (DIALOGUE_2, DIALOGUES, "in-series", "in series"),
    ("ct:marrakech-platform-3", "ct:marrakech-platform", "in-series", "in series"),
    (FORUM_2024, "ct:annual-forum-of-beneficiaries", "in-series", "in series"),
    (DIALOGUE_1, "ct:new-york", "held-in", "held in"),
    ("ct:unga-high-level-week-2024", "ct:new-york", "held-in", "held in"),
    ("ct:marrakech-platform-3", "ct:fes", "held-in", "held in"),
    (FORUM_2024, "ct:rabat", "held-in", "held in"),
    ("ct:rabat-programme-office-inauguration", "ct:rabat", "held-in", "held in"),
    # The office and the programmes (p7, p8): "runs" turns ctg:runBy around.
    (OFFICE, "ct:rabat", "based-in", "based in"),
    ("ct:unoct", "ct:global-fusion-cells-programme", "runs", "runs"),
    ("ct:global-fusion-cells-programme", OFFICE, "delivered-through", "delivered through"),
    ("ct:ct-investigation-programme", OFFICE, "delivered-through", "delivered through"),
    # Geography (inferred, p4, p7, p10)
    ("ct:new-york", "ct:united-states", "located-in", "located in"),
    ("ct:rabat", "ct:morocco", "located-in", "located in"),
    ("ct:fes", "ct:morocco", "located-in", "located in"),
    # Who organises, serves, is affiliated, and what was discussed (p4, p7, p8, p9, p10, p13, p15)
    ("ct:unga-high-level-week-2024", "ct:unga", "organised-by", "organised by"),
    ("ct:unga-80-high-level-week", "ct:unga", "organised-by", "organised by"),
    (OFFICE, "ct:africa", "serves", "serves"),
    ("ct:marrakech-platform", "ct:africa", "serves", "serves"),
    ("ct:laurence-gerard", "ct:unoct", "affiliated-with", "affiliated with"),
    (DIALOGUE_1, "ct:atlantic-coast-maritime-security-conference-2024", "discussed", "discussed"),
    ("ct:rabat-programme-office-inauguration", OFFICE, "about", "about"),
}


def test_the_seed_projects_to_exactly_these_nodes(seed: LoadedGraph) -> None:
    graph = project(seed.graph)
    assert node_set(graph) == SEED_NODES
    assert graph.number_of_nodes() == 36


def test_the_seed_projects_to_exactly_these_edges(seed: LoadedGraph) -> None:
    graph = project(seed.graph)
    assert edge_set(graph) == SEED_EDGES
    assert graph.number_of_edges() == len(SEED_EDGES) == 63


def test_a_loaded_graph_projects_like_its_graph(seed: LoadedGraph) -> None:
    assert edge_set(project(seed)) == SEED_EDGES


def test_the_lists_match_the_contract() -> None:
    assert NODE_TYPES == (
        "state", "un-entity", "unit", "framework", "programme", "person", "event",
        "series", "place", "post", "document", "organisation",
    )  # fmt: skip
    assert EDGE_KINDS == (
        "member-of", "co-chaired", "chaired", "participated", "unit-of", "supports",
        "initiated", "partner", "on-the-margins-of", "in-series", "held-in", "holds-post",
        "post-in", "runs", "delivered-through", "based-in", "committed", "concerns", "located-in",
        "organised-by", "affiliated-with", "serves", "discussed", "about",
    )  # fmt: skip


def test_graph_attributes(seed: LoadedGraph) -> None:
    assert project(seed.graph).graph == {
        "title": "Counter-terrorism cooperation network",
        "as_of": "",
        "documents": [
            "Joint press release: First High-Level Strategic Dialogue between the Kingdom of "
            "Morocco and UNOCT (26 September 2024)"
        ],
        "sources": [str(SEED)],
    }


def test_node_attributes(seed: LoadedGraph) -> None:
    graph = project(seed.graph)
    assert graph.nodes[CT + "morocco"] == {
        "iri": CT + "morocco",
        "id": "ct:morocco",
        "label": "Kingdom of Morocco",
        "short": "Kingdom of Morocco",  # "Morocco" is not an acronym
        "type": "state",
        "classes": ["ctg:Country", "ctg:State"],
        "sources": ["ct:pr-2024-09-26#p1", "ct:pr-2024-09-26#p7"],
    }
    assert graph.nodes[CT + "unoct"]["short"] == "UNOCT"
    assert graph.nodes[CT + "morocco-unoct-strategic-dialogue-1"] == {
        "iri": CT + "morocco-unoct-strategic-dialogue-1",
        "id": DIALOGUE_1,
        "label": "First High-Level Strategic Dialogue between the Kingdom of Morocco and UNOCT",
        "short": "First High-Level Strategic Dialogue between the Kingdom of Morocco and UNOCT",
        "type": "event",
        "classes": ["ctg:Dialogue"],
        "sources": ["ct:pr-2024-09-26#p1", "ct:pr-2024-09-26#p4"],
        "start": "2024-09-26",
        "end": "2024-09-26",
        "status": "held",
        "series": CT + "morocco-unoct-strategic-dialogue",
        "ordinal": 1,
    }
    week = graph.nodes[CT + "unga-80-high-level-week"]
    assert (week["start"], week["end"], week["status"], week["series"], week["ordinal"]) == (
        "2025-09",
        "",
        "planned",
        "",
        80,
    )


def edge(graph: nx.MultiDiGraph, u: str, v: str, key: str) -> dict[str, Any]:
    data: dict[str, Any] = graph.edges[CT + u, CT + v, key]
    return data


def test_a_former_membership_edge(seed: LoadedGraph) -> None:
    graph = project(seed.graph)
    assert edge(graph, "morocco", "gctf", "ct:m-morocco-gctf-co-chair") == {
        "kind": "co-chaired",
        "label": "co-chair (former)",
        "role": "ct:role-co-chair",
        "role_label": "co-chair",
        "start": "",
        "end": "[..2024-09-26]",  # ended no later than the release
        "status": "former",
        "former": True,
        "sources": ["ct:pr-2024-09-26#p7"],
        "inferred": False,
        "relationship": CT + "m-morocco-gctf-co-chair",
    }


def test_a_current_post_holding_edge(seed: LoadedGraph) -> None:
    graph = project(seed.graph)
    assert edge(graph, "nasser-bourita", "morocco", "ct:ph-bourita-foreign-minister") == {
        "kind": "holds-post",
        "label": "Minister of Foreign Affairs, African Cooperation and Moroccan Expatriates",
        "role": "ct:role-foreign-minister",
        "role_label": "minister of foreign affairs",
        "start": "[..2024-09-26]",
        "end": "[2024-09-26..]",  # present tense: still held on the day of the release
        "status": "current",
        "former": False,
        "sources": ["ct:pr-2024-09-26#p4"],
        "inferred": False,
        "relationship": CT + "ph-bourita-foreign-minister",
    }


def test_support_event_role_commitment_and_plain_edges(seed: LoadedGraph) -> None:
    graph = project(seed.graph)
    plain = {
        "role": "",
        "role_label": "",
        "start": "",
        "end": "",
        "status": "",
        "former": False,
        "inferred": False,
    }
    support = "ct:s-morocco-global-fusion-cells-programme"
    assert edge(graph, "morocco", "global-fusion-cells-programme", support) == {
        **plain,
        "kind": "supports",
        "label": THROUGH_OFFICE,
        "sources": ["ct:pr-2024-09-26#p8"],
        "relationship": CT + "s-morocco-global-fusion-cells-programme",
    }
    role = "ct:er-dialogue-1-voronkov-co-chair"
    assert edge(graph, "vladimir-voronkov", "morocco-unoct-strategic-dialogue-1", role) == {
        **plain,
        "kind": "co-chaired",
        "label": "co-chair",
        "role": "ct:role-co-chair",
        "role_label": "co-chair",
        "start": "2024-09-26",  # the dates of the event
        "end": "2024-09-26",
        "sources": ["ct:pr-2024-09-26#p4"],
        "relationship": CT + "er-dialogue-1-voronkov-co-chair",
    }
    commitment = "ct:c-convene-strategic-dialogue-annually"
    expected = {
        **plain,
        "label": "convene annually",
        "start": "2024-09-26",  # made at the First Dialogue
        "sources": ["ct:pr-2024-09-26#p13"],
        "relationship": CT + "c-convene-strategic-dialogue-annually",
    }
    for party in ("morocco", "unoct"):
        found = edge(graph, party, "morocco-unoct-strategic-dialogue", commitment)
        assert found == {**expected, "kind": "committed"}
    made_at = edge(
        graph, "morocco-unoct-strategic-dialogue-1", "morocco-unoct-strategic-dialogue", commitment
    )
    assert made_at == {**expected, "kind": "concerns"}
    assert edge(
        graph,
        "unoct",
        "global-fusion-cells-programme",
        "runs:ct:unoct->ct:global-fusion-cells-programme",
    ) == {
        **plain,
        "kind": "runs",
        "label": "runs",
        "sources": ["ct:pr-2024-09-26#p8"],
        "relationship": "",
    }
    key = "in-series:ct:morocco-unoct-strategic-dialogue-1->ct:morocco-unoct-strategic-dialogue"
    assert edge(
        graph, "morocco-unoct-strategic-dialogue-1", "morocco-unoct-strategic-dialogue", key
    )["sources"] == ["ct:pr-2024-09-26#p3", "ct:pr-2024-09-26#p13"]  # by paragraph number
    geography = edge(graph, "rabat", "morocco", "located-in:ct:rabat->ct:morocco")
    assert (geography["inferred"], geography["sources"]) == (True, ["ct:pr-2024-09-26#p7"])


def test_nodes_and_edges_are_inserted_in_sorted_order(seed: LoadedGraph) -> None:
    graph = project(seed.graph)
    assert list(graph.nodes) == sorted(graph.nodes)
    keys = list(graph.edges(keys=True))
    assert keys == sorted(keys)
    again = project(seed.graph)
    assert list(again.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(graph.edges(keys=True, data=True))


# Filters


def test_kinds_keep_those_edges_and_their_ends(seed: LoadedGraph) -> None:
    graph = project(seed.graph, kinds=["co-chaired", "chaired"])
    assert edge_set(graph) == {
        ("ct:morocco", "ct:gctf", "co-chaired", "co-chair (former)"),
        ("ct:morocco", "ct:group-of-friends-of-counter-terrorism", "chaired", "chair"),
        ("ct:nasser-bourita", DIALOGUE_1, "co-chaired", "co-chair"),
        ("ct:vladimir-voronkov", DIALOGUE_1, "co-chaired", "co-chair"),
    }
    assert node_set(graph) == {
        ("ct:morocco", "state"),
        ("ct:gctf", "framework"),
        ("ct:group-of-friends-of-counter-terrorism", "framework"),
        ("ct:nasser-bourita", "person"),
        ("ct:vladimir-voronkov", "person"),
        (DIALOGUE_1, "event"),
    }


def test_node_types_keep_isolated_nodes_when_no_edge_filter_applies(seed: LoadedGraph) -> None:
    graph = project(seed.graph, node_types=["person"])
    assert node_set(graph) == {
        ("ct:nasser-bourita", "person"),
        ("ct:vladimir-voronkov", "person"),
        ("ct:mohammed-vi", "person"),
        ("ct:laurence-gerard", "person"),
    }
    assert graph.number_of_edges() == 0


def test_node_types_keep_the_edges_between_those_nodes(seed: LoadedGraph) -> None:
    graph = project(seed.graph, node_types=["state", "framework"])
    assert node_set(graph) == {n for n in SEED_NODES if n[1] in ("state", "framework")}
    assert len(node_set(graph)) == 10
    assert edge_set(graph) == {
        ("ct:morocco", "ct:gctf", "co-chaired", "co-chair (former)"),
        ("ct:morocco", "ct:compact-gctf-partnership", "initiated", "leading role in launching"),
        ("ct:morocco", "ct:group-of-friends-of-counter-terrorism", "chaired", "chair"),
        ("ct:morocco", "ct:group-of-friends-of-victims-of-terrorism", "member-of", "active member"),
        ("ct:morocco", "ct:aasp", "initiated", "initiator"),
        ("ct:morocco", "ct:aasp", "committed", "broaden collaboration"),
        ("ct:compact-gctf-partnership", "ct:gctf", "partner", "partner"),
        ("ct:compact-gctf-partnership", "ct:un-global-ct-compact", "partner", "partner"),
        ("ct:morocco-unoct-partnership", "ct:morocco", "partner", "partner"),
    }


def test_a_document_filter_keeps_what_the_document_states(seed: LoadedGraph) -> None:
    graph = project(seed.graph, documents=[SEED])
    assert edge_set(graph) == SEED_EDGES
    assert node_set(graph) == SEED_NODES


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"kinds": ["chaired", "hosted"]}, "unknown edge kind hosted"),
        ({"node_types": ["country"]}, "unknown node type country"),
        ({"documents": [URIRef(CT + "morocco")]}, "no source document"),
    ],
    ids=["kind", "node-type", "document"],
)
def test_unknown_filter_values_are_refused(
    seed: LoadedGraph, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        project(seed.graph, **options)


# as_of: what held on a date

#: Dropped as of the day of the release: the former co-chairmanship (its end
#: is no later than that day), and what touches the events that had not
#: started (the 2nd Dialogue, the 80th Week, the Forum of November 2024).
DROPPED_2024_09_26: set[Edge] = {
    ("ct:morocco", "ct:gctf", "co-chaired", "co-chair (former)"),
    (DIALOGUE_2, DIALOGUES, "in-series", "in series"),
    (DIALOGUE_2, "ct:unga-80-high-level-week", "on-the-margins-of", "on the margins of"),
    (FORUM_2024, "ct:annual-forum-of-beneficiaries", "in-series", "in series"),
    (FORUM_2024, "ct:rabat", "held-in", "held in"),
    ("ct:morocco", FORUM_2024, "committed", "work together"),
    ("ct:unoct", FORUM_2024, "committed", "work together"),
    (DIALOGUE_1, FORUM_2024, "concerns", "work together"),
    ("ct:unga-80-high-level-week", "ct:unga", "organised-by", "organised by"),
    (DIALOGUE_1, "ct:atlantic-coast-maritime-security-conference-2024", "discussed", "discussed"),
}


def test_as_of_the_day_of_the_release(seed: LoadedGraph) -> None:
    graph = project(seed.graph, as_of=datetime.date(2024, 9, 26))
    assert edge_set(graph) == SEED_EDGES - DROPPED_2024_09_26
    assert graph.number_of_edges() == 53
    assert {n for n, _ in SEED_NODES} - {n for n, _ in node_set(graph)} == {
        "ct:atlantic-coast-maritime-security-conference-2024",  # 3-4 December 2024
        DIALOGUE_2,
        "ct:unga-80-high-level-week",
        FORUM_2024,
        "ct:annual-forum-of-beneficiaries",  # its only edge came from the 2024 Forum
    }
    assert graph.graph["as_of"] == "2024-09-26"
    assert graph.graph["title"] == "Counter-terrorism cooperation network as of 2024-09-26"
    statuses = {data["status"] for _, _, data in graph.edges(data=True) if data["start"][:1] == "["}
    assert statuses == {"current"}


def test_as_of_before_the_release(seed: LoadedGraph) -> None:
    # Only the Inauguration (2021) had started; no role with an interval is
    # known to hold (the bounds come from a release of 2024); facts without
    # time of their own stay.
    graph = project(seed.graph, as_of=datetime.date(2023, 1, 1))
    assert edge_set(graph) == {
        ("ct:morocco", "ct:compact-gctf-partnership", "initiated", "leading role in launching"),
        ("ct:morocco", "ct:aasp", "initiated", "initiator"),
        ("ct:morocco", "ct:unoct", "supports", "supports"),
        ("ct:morocco", OFFICE, "supports", "supports"),
        ("ct:morocco", "ct:global-fusion-cells-programme", "supports", THROUGH_OFFICE),
        ("ct:morocco", "ct:ct-investigation-programme", "supports", THROUGH_OFFICE),
        ("ct:uncct-advisory-board", "ct:uncct", "unit-of", "unit of"),
        (OFFICE, "ct:unoct", "unit-of", "unit of"),
        ("ct:compact-gctf-partnership", "ct:gctf", "partner", "partner"),
        ("ct:compact-gctf-partnership", "ct:un-global-ct-compact", "partner", "partner"),
        ("ct:morocco-unoct-partnership", "ct:morocco", "partner", "partner"),
        ("ct:morocco-unoct-partnership", "ct:unoct", "partner", "partner"),
        ("ct:rabat-programme-office-inauguration", "ct:rabat", "held-in", "held in"),
        (OFFICE, "ct:rabat", "based-in", "based in"),
        ("ct:unoct", "ct:global-fusion-cells-programme", "runs", "runs"),
        ("ct:global-fusion-cells-programme", OFFICE, "delivered-through", "delivered through"),
        ("ct:ct-investigation-programme", OFFICE, "delivered-through", "delivered through"),
        ("ct:new-york", "ct:united-states", "located-in", "located in"),
        ("ct:rabat", "ct:morocco", "located-in", "located in"),
        ("ct:fes", "ct:morocco", "located-in", "located in"),
        (OFFICE, "ct:africa", "serves", "serves"),
        ("ct:marrakech-platform", "ct:africa", "serves", "serves"),
        ("ct:laurence-gerard", "ct:unoct", "affiliated-with", "affiliated with"),
        ("ct:rabat-programme-office-inauguration", OFFICE, "about", "about"),
    }
    assert {n for n, _ in node_set(graph)} == {
        "ct:africa",
        "ct:laurence-gerard",
        "ct:marrakech-platform",
        "ct:morocco",
        "ct:unoct",
        "ct:uncct",
        "ct:uncct-advisory-board",
        OFFICE,
        "ct:gctf",
        "ct:un-global-ct-compact",
        "ct:compact-gctf-partnership",
        "ct:morocco-unoct-partnership",
        "ct:aasp",
        "ct:global-fusion-cells-programme",
        "ct:ct-investigation-programme",
        "ct:rabat-programme-office-inauguration",
        "ct:rabat",
        "ct:fes",
        "ct:new-york",
        "ct:united-states",
    }


def test_as_of_after_the_release(seed: LoadedGraph) -> None:
    # Eight months on: the roles stated in the present tense were last
    # attested on the day of the release, so they are no longer known to
    # hold; the former co-chairmanship stays former; the 2nd Dialogue and
    # the 80th Week (September 2025) had not started.
    graph = project(seed.graph, as_of=datetime.date(2025, 6, 1))
    dropped = {
        ("ct:morocco", "ct:gctf", "co-chaired", "co-chair (former)"),
        ("ct:morocco", "ct:group-of-friends-of-counter-terrorism", "chaired", "chair"),
        ("ct:morocco", "ct:group-of-friends-of-victims-of-terrorism", "member-of", "active member"),
        ("ct:morocco", "ct:uncct-advisory-board", "member-of", "member"),
        *(e for e in SEED_EDGES if e[2] == "holds-post"),
        (DIALOGUE_2, DIALOGUES, "in-series", "in series"),
        (DIALOGUE_2, "ct:unga-80-high-level-week", "on-the-margins-of", "on the margins of"),
        ("ct:unga-80-high-level-week", "ct:unga", "organised-by", "organised by"),
    }
    assert len(dropped) == 10
    assert edge_set(graph) == SEED_EDGES - dropped
    assert {n for n, _ in SEED_NODES} - {n for n, _ in node_set(graph)} == {
        DIALOGUE_2,
        "ct:unga-80-high-level-week",
        "ct:group-of-friends-of-counter-terrorism",
        "ct:group-of-friends-of-victims-of-terrorism",
        "ct:mohammed-vi",
    }


# A second source document


def test_a_second_source_adds_its_facts(two_sources: LoadedGraph) -> None:
    graph = project(two_sources.graph)
    assert edge_set(graph) - SEED_EDGES == {
        ("ct:morocco", "ct:gctf", "member-of", "founding member"),
        ("ex:post-gctf-unit-head", "ct:gctf", "post-in", "post in"),  # a post no one holds
    }
    assert ("ex:post-gctf-unit-head", "post") in node_set(graph)
    founder = graph.edges[CT + "morocco", CT + "gctf", "ex:m-morocco-gctf-founder"]
    assert (founder["start"], founder["end"], founder["status"]) == (
        "2011-09-22",
        "[2025-01-15..]",
        "current",  # on the day its source was issued
    )
    rabat = graph.edges[CT + "rabat", CT + "morocco", "located-in:ct:rabat->ct:morocco"]
    assert rabat["sources"] == ["ct:pr-2024-09-26#p7", "ex:doc2#p2"]
    assert rabat["inferred"] is False  # the second source states it
    assert graph.graph["sources"] == [str(DOC2), str(SEED)]


def test_documents_keep_only_the_facts_they_state(two_sources: LoadedGraph) -> None:
    graph = project(two_sources.graph, documents=[DOC2])
    assert edge_set(graph) == {
        ("ct:morocco", "ct:gctf", "member-of", "founding member"),
        ("ex:post-gctf-unit-head", "ct:gctf", "post-in", "post in"),
        ("ct:rabat", "ct:morocco", "located-in", "located in"),
    }
    assert node_set(graph) == {
        ("ct:morocco", "state"),
        ("ct:gctf", "framework"),
        ("ct:rabat", "place"),
        ("ex:post-gctf-unit-head", "post"),
    }
    rabat = graph.edges[CT + "rabat", CT + "morocco", "located-in:ct:rabat->ct:morocco"]
    assert rabat["sources"] == ["ex:doc2#p2"]
    assert graph.nodes[CT + "morocco"]["sources"] == []  # the second source does not name it
    assert graph.graph["documents"] == ["Second test source (15 January 2025)"]
    assert graph.graph["sources"] == [str(DOC2)]
    seed_only = project(two_sources.graph, documents=[SEED])
    assert edge_set(seed_only) == SEED_EDGES


@pytest.mark.parametrize(
    ("day", "kept"),
    [("2010-01-01", False), ("2011-09-22", True), ("2025-01-15", True), ("2025-01-16", False)],
    ids=["not-yet", "first-day", "last-attested", "after"],
)
def test_an_exact_beginning_as_of(two_sources: LoadedGraph, day: str, kept: bool) -> None:
    graph = project(two_sources.graph, as_of=datetime.date.fromisoformat(day))
    founder = (CT + "morocco", CT + "gctf", "ex:m-morocco-gctf-founder")
    assert graph.has_edge(*founder) is kept


# The status rule, as in queries/roles-as-of.rq


@pytest.mark.parametrize(
    ("interval", "day", "status"),
    [
        (Interval(end_not_after="2024-09-26"), "2024-09-26", "former"),
        (Interval(end_not_after="2024-09-26"), "2024-09-25", "unknown"),
        (
            Interval(begin_not_after="2024-09-26", end_not_before="2024-09-26"),
            "2024-09-26",
            "current",
        ),
        (
            Interval(begin_not_after="2024-09-26", end_not_before="2024-09-26"),
            "2024-09-27",
            "unknown",
        ),
        (
            Interval(begin_not_after="2024-09-26", end_not_before="2024-09-26"),
            "2024-09-25",
            "unknown",
        ),
        (Interval(begin="2011-09-22", end="2020-01-01"), "2019-12-31", "current"),
        (Interval(begin="2011-09-22", end="2020-01-01"), "2020-01-01", "former"),
        (Interval(begin="2011-09-22"), "2011-09-21", "not yet"),
        (Interval(begin="2011-09-22"), "2015-01-01", "unknown"),
        (Interval(begin_not_before="2012-01-01"), "2011-12-31", "not yet"),
        # An exact beginning decides alone, whatever the bounds say.
        (Interval(begin="2011-09-22", begin_not_before="2013-01-01"), "2012-01-01", "unknown"),
        # A month or a year as a bound: the end "no later than September
        # 2024" is known to be past only from its last day.
        (Interval(end_not_after="2024-09"), "2024-09-29", "unknown"),
        (Interval(end_not_after="2024-09"), "2024-09-30", "former"),
        (Interval(begin_not_after="2020", end_not_before="2024"), "2024-01-01", "current"),
    ],
)
def test_interval_status(interval: Interval, day: str, status: str) -> None:
    assert interval.status(datetime.date.fromisoformat(day)) == status


@pytest.mark.parametrize(
    ("interval", "start", "end"),
    [
        (Interval(), "", ""),
        (Interval(begin="2011-09-22"), "2011-09-22", ""),
        (
            Interval(begin_not_after="2024-09-26", end_not_before="2024-09-26"),
            "[..2024-09-26]",
            "[2024-09-26..]",
        ),
        (
            Interval(end_not_before="2020-01-01", end_not_after="2021-01-01"),
            "",
            "[2020-01-01..2021-01-01]",
        ),
    ],
)
def test_interval_text(interval: Interval, start: str, end: str) -> None:
    assert (interval.start_text, interval.end_text) == (start, end)


def test_node_type_prefers_the_more_specific_type(seed: LoadedGraph) -> None:
    assert node_type(seed.graph, URIRef(CT + "morocco")) == "state"
    assert node_type(seed.graph, URIRef(CT + "marrakech-platform")) == "framework"
    assert node_type(seed.graph, URIRef(CT + "uncct")) == "unit"
    assert node_type(seed.graph, URIRef(CT + "role-chair")) is None
