"""The CTG namespace class and the ontology name the same terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL

from ctgraph.namespaces import CTG, PREFIXES

ROOT = Path(__file__).resolve().parent.parent


def _ontology_terms() -> set[str]:
    graph = Graph().parse(ROOT / "ontology/ctgraph.ttl")
    namespace = str(CTG._NS)
    terms = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in graph.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and str(term).startswith(namespace):
                terms.add(str(term)[len(namespace) :])
    return terms


def test_every_attribute_is_an_ontology_term_and_back() -> None:
    attributes = set(CTG.__annotations__)
    assert attributes == _ontology_terms()


def test_a_misspelt_term_raises() -> None:
    with pytest.raises(AttributeError):
        CTG.Stat  # noqa: B018


def test_prefixes_match_the_ontology_header() -> None:
    graph = Graph().parse(ROOT / "ontology/ctgraph.ttl")
    assert dict(graph.namespaces())["ctg"] == URIRef(PREFIXES["ctg"])
