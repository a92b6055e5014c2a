"""Precision and recall of candidate facts against a reference graph."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD

from ctgraph.evaluate import facts_of, score
from ctgraph.namespaces import CT, CTG, SCHEMA


def _statement(g: Graph, s: object, p: object, o: object) -> None:
    node = BNode()
    g.add((node, RDF.type, RDF.Statement))
    g.add((node, RDF.subject, s))  # type: ignore[arg-type]
    g.add((node, RDF.predicate, p))  # type: ignore[arg-type]
    g.add((node, RDF.object, o))  # type: ignore[arg-type]


def _role(g: Graph, node: object, agent: object, role: str) -> None:
    g.add((node, RDF.type, CTG.EventRole))  # type: ignore[arg-type]
    g.add((node, CTG.atEvent, CT.meeting))  # type: ignore[arg-type]
    g.add((node, CTG.agent, agent))  # type: ignore[arg-type]
    g.add((node, CTG.role, CT[role]))  # type: ignore[arg-type]


def test_facts_are_triples_and_relationship_keys_whatever_the_iris() -> None:
    reference = Graph()
    _statement(reference, CT.meeting, SCHEMA.location, CT.rabat)
    _statement(reference, CT.meeting, SCHEMA.startDate, Literal("2024-06-04", datatype=XSD.date))
    _role(reference, CT["er-1"], CT.morocco, "role-co-chair")
    _role(reference, CT["er-2"], CT.unoct, "role-co-chair")
    candidates = Graph()
    _statement(candidates, CT.meeting, SCHEMA.location, CT.rabat)
    _statement(candidates, CT.meeting, SCHEMA.location, CT.fes)
    _role(candidates, CT["other-name"], CT.morocco, "role-co-chair")
    result = score(candidates, reference)
    assert len(result.right) == 2 and len(result.wrong) == 1 and len(result.missed) == 2
    assert (result.precision, result.recall) == (2 / 3, 2 / 4)
    assert ("fact", CT.meeting, SCHEMA.location, CT.fes) in result.wrong


def test_same_as_renames_candidate_nodes() -> None:
    reference = Graph()
    _statement(reference, CT["pr-1"], SCHEMA.location, CT.rabat)
    candidates = Graph()
    _statement(candidates, CT["my-doc"], SCHEMA.location, CT.rabat)
    assert score(candidates, reference).recall == 0.0
    assert score(candidates, reference, {CT["my-doc"]: CT["pr-1"]}).recall == 1.0
    assert facts_of(Graph()) == set()
