"""Measuring ingestion: precision and recall of candidate facts against a hand-built graph.

A fact is counted once whatever its provenance:

- a fact about an entity: its triple (subject, predicate, object), read from
  the reified statements (``rdf:Statement``) of either graph;
- a relationship: its class and key values (:data:`ctgraph.extract.RELATIONSHIP_KEYS`), such
  as a ``ctg:EventRole`` with its event, agent and role, whatever its IRI.

A candidate fact is right when the reference has it. The candidates' source
document is read as the reference's (``same_as``), since the two name it
differently. Types, labels and names, provenance (paragraphs, spans) and the
confidence are not facts here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from .extract import RELATIONSHIP_KEYS, relation_key, relation_values

__all__ = ["Score", "facts_of", "score"]

Fact = tuple[Node | str, ...]


def facts_of(graph: Graph, same_as: Mapping[Node, Node] | None = None) -> set[Fact]:
    """Return the facts of ``graph``: entity triples and relationship keys.

    Nodes are renamed by ``same_as`` first.
    """
    rename = dict(same_as or {})

    def named(node: Node | None) -> Node:
        assert node is not None
        return rename.get(node, node)

    found: set[Fact] = set()
    for statement in graph.subjects(RDF.type, RDF.Statement):
        s = graph.value(statement, RDF.subject)
        p = graph.value(statement, RDF.predicate)
        o = graph.value(statement, RDF.object)
        if s is not None and p is not None and o is not None:
            found.add(("fact", named(s), p, named(o)))
    for cls in RELATIONSHIP_KEYS:
        for node in set(graph.subjects(RDF.type, cls)):
            key = relation_key((p, named(o)) for p, o in relation_values(graph, node, cls))
            found.add(("relationship", cls, *(item for pair in key for item in pair)))
    return found


@dataclass(frozen=True)
class Score:
    """Precision and recall, with the facts behind them."""

    right: frozenset[Fact]
    wrong: frozenset[Fact]  # proposed, not in the reference
    missed: frozenset[Fact]  # in the reference, not proposed

    @property
    def precision(self) -> float:
        proposed = len(self.right) + len(self.wrong)
        return len(self.right) / proposed if proposed else 0.0

    @property
    def recall(self) -> float:
        expected = len(self.right) + len(self.missed)
        return len(self.right) / expected if expected else 0.0


def score(candidates: Graph, reference: Graph, same_as: Mapping[Node, Node] | None = None) -> Score:
    """Return the precision and recall of ``candidates`` against ``reference``."""
    proposed = facts_of(candidates, same_as)
    expected = facts_of(reference)
    return Score(
        frozenset(proposed & expected),
        frozenset(proposed - expected),
        frozenset(expected - proposed),
    )
