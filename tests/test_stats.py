"""Counting triples, class instances, predicate uses and sourced subjects per document."""

from __future__ import annotations

import json

from rdflib import URIRef

from ctgraph import LoadedGraph, compute_stats, format_stats

EX = "http://example.org/id/"


def test_counts(loaded: LoadedGraph) -> None:
    stats = compute_stats(loaded.graph)
    assert (stats.triples, stats.subjects, stats.sourced_subjects) == (58, 19, 6)
    # 31 facts: the states, forum, memberships and reified statement of the
    # fixture, less the address and the untyped paragraphs, which no paragraph states.
    assert stats.documents == ((URIRef(EX + "doc"), 31),)
    assert stats.classes[:3] == (
        (URIRef("http://www.w3.org/2002/07/owl#Class"), 5),
        (URIRef(EX + "Membership"), 2),
        (URIRef(EX + "State"), 2),
    )
    assert dict(stats.predicates)[URIRef("https://w3id.org/ctgraph/ontology#statedIn")] == 6


def test_formats(loaded: LoadedGraph) -> None:
    stats = compute_stats(loaded.graph)
    text = format_stats(stats, loaded.graph)
    assert "ex:doc    Test press release  31" in text
    document = json.loads(format_stats(stats, loaded.graph, "json"))
    assert document["documents"] == [
        {"document": EX + "doc", "label": "Test press release", "facts": 31}
    ]
