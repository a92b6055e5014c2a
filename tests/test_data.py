"""The ontology, shapes and data parse alike with two independent parsers."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

ROOT = Path(__file__).resolve().parent.parent
TURTLE_FILES = sorted(
    [*ROOT.glob("ontology/*.ttl"), *ROOT.glob("ontology/shapes/*.ttl"), *ROOT.glob("data/**/*.ttl")]
)


def _to_rdflib(term: object) -> URIRef | BNode | Literal:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    assert isinstance(term, pyoxigraph.Literal), term
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        # RDF 1.1: a simple literal is an xsd:string; rdflib keeps it untyped.
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def test_there_are_files_to_check() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in TURTLE_FILES}
    assert {
        "ontology/ctgraph.ttl",
        "ontology/imports.ttl",
        "ontology/shapes/ctgraph-shapes.ttl",
        "ontology/shapes/ontology-style-shapes.ttl",
        "data/vocabularies.ttl",
        "data/press-release-2024-09-26-morocco-unoct.ttl",
    } <= names


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_rdflib_and_pyoxigraph_read_the_same_graph(path: Path) -> None:
    by_rdflib = Graph().parse(path, format="turtle")
    by_oxigraph = Graph()
    for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
        by_oxigraph.add(
            (_to_rdflib(triple.subject), _to_rdflib(triple.predicate), _to_rdflib(triple.object))
        )
    assert len(by_rdflib) > 0
    assert isomorphic(by_rdflib, by_oxigraph)
