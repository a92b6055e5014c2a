"""Describing a node: resolving its name, its facts and records, each with its source."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from ctgraph import InputError, LoadedGraph, describe, format_description

EX = "http://example.org/id/"
DOC, P1, P2 = URIRef(EX + "doc"), URIRef(EX + "doc-p1"), URIRef(EX + "doc-p2")


@pytest.mark.parametrize(
    "name",
    ["ex:atlantis", "<http://example.org/id/atlantis>", "Republic of Atlantis", "atlantis", "atl"],
)
def test_names_resolve(loaded: LoadedGraph, name: str) -> None:
    assert describe(loaded.graph, name).node == URIRef(EX + "atlantis")


def test_an_ambiguous_name_lists_the_candidates(loaded: LoadedGraph) -> None:
    with pytest.raises(
        InputError, match=r"'mu' names 2 nodes: ex:lemuria \(Lemuria\); ex:mu-island \(Mu\)"
    ):
        describe(loaded.graph, "mu")


def test_an_unknown_name_suggests_close_ones(loaded: LoadedGraph) -> None:
    with pytest.raises(InputError, match=r"close matches: Republic of Atlantis \(ex:atlantis\)"):
        describe(loaded.graph, "atlantys")


def test_an_iri_the_graph_does_not_mention(loaded: LoadedGraph) -> None:
    with pytest.raises(InputError, match="says nothing about"):
        describe(loaded.graph, "ex:nowhere")


def test_facts_and_records_carry_their_sources(loaded: LoadedGraph) -> None:
    description = describe(loaded.graph, "atlantis")
    assert [s.paragraph for s in description.sources] == [P1]
    (capital,) = description.facts
    assert capital.predicate == URIRef(EX + "capital")
    assert [(s.document, s.paragraph) for s in capital.sources] == [(DOC, P1)]
    (membership,) = description.records
    assert membership.node == URIRef(EX + "m1")
    assert membership.via == (URIRef("http://www.w3.org/ns/org#member"),)
    assert [s.paragraph for s in membership.sources] == [P2]
    assert all(f.sources == membership.sources for f in membership.facts)


def test_text(loaded: LoadedGraph) -> None:
    description = describe(loaded.graph, "Atlantis")
    assert format_description(description, loaded.graph) == (
        "Republic of Atlantis (ex:atlantis)\n"
        "  types: ex:State (state)\n"
        '  rdfs:label: "Republic of Atlantis"@en\n'
        '  skos:altLabel: "ATL"\n'
        '  skos:altLabel: "Atlantis"@en\n'
        "  named in: ex:doc paragraph 1\n"
        "\n"
        "Facts\n"
        "  it ex:capital ex:poseidonis (Poseidonis)  [source: ex:doc paragraph 1]\n"
        "\n"
        "Records\n"
        "  ex:m1 a ex:Membership, via org:member  [source: ex:doc paragraph 2]\n"
        '    ex:startDate "2020-01-01"^^xsd:date\n'
        "    org:member it\n"
        "    org:organization ex:forum (Global Forum)\n"
        "    org:role ex:role-chair (chair)\n"
        "\n"
        "Documents\n"
        "  ex:doc  Test press release\n"
    )


def test_blank_nodes_pointing_to_a_node_are_records(loaded: LoadedGraph) -> None:
    description = describe(loaded.graph, "Poseidonis")
    (address,) = description.records
    assert address.via == (URIRef(EX + "city"),)
    assert "  [] , via ex:city" not in format_description(description, loaded.graph)
    assert "  [], via ex:city\n" in format_description(description, loaded.graph)
