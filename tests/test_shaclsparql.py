"""Tests of the SPARQL validator (ctgraph.shaclsparql) against pySHACL, the reference.

Every report is compared with pySHACL's, run with the options of
ctgraph.validate.validate, as a multiset of result tuples (focus node, path,
value, source shape, component, severity, messages, source constraint,
details): on the seed, on every shape fixture of tests/shapes/, on
synthetic data from bench/synthetic.py, and on a small graph that breaks the
components the project's shapes do not use, whose results carry pySHACL's
default messages.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from ctgraph.engine import OxigraphEngine, oxigraph_available
from ctgraph.shaclsparql import (
    CompiledShapes,
    UnsupportedShapeError,
    compile_shapes,
    report_results,
    reports_equal,
    validate_sparql,
)
from ctgraph.validate import sparql_parsed_once

# The fixtures are read as tests/test_shapes.py reads them.
from test_shapes import (
    IMPORTS,
    INVALID,
    ONTOLOGY,
    SHAPE_FILES,
    VALID,
    VOCABULARIES,
    _parse,
    _union,
    fixture_data,
)

pytestmark = pytest.mark.skipif(not oxigraph_available(), reason="needs pyoxigraph")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [*VALID, *INVALID]


def pyshacl_report(data: Graph, shapes: Graph) -> Graph:
    """pySHACL's report, with the options ctgraph.validate.validate gives it."""
    import pyshacl

    with sparql_parsed_once():
        _, report, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            allow_infos=True,
            do_owl_imports=False,
            inplace=False,
        )
    assert isinstance(report, Graph)
    return report


def assert_same_report(expected: Graph, actual: Graph) -> None:
    want, got = report_results(expected), report_results(actual)
    missing = "\n".join(f"  only pySHACL: {r}" for r in (want - got).elements())
    extra = "\n".join(f"  only SPARQL:  {r}" for r in (got - want).elements())
    assert want == got, f"reports differ:\n{missing}\n{extra}"
    conforms = (set(expected.objects(None, SH.conforms)), set(actual.objects(None, SH.conforms)))
    assert conforms[0] == conforms[1]
    assert reports_equal(expected, actual)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _union(*(_parse(path) for path in SHAPE_FILES))


@pytest.fixture(scope="module")
def compiled(shapes: Graph) -> CompiledShapes:
    return compile_shapes(shapes)


def test_the_project_shapes_compile(compiled: CompiledShapes) -> None:
    assert compiled.shape_count > 100


def test_seed_report_is_pyshacls(shapes: Graph, compiled: CompiledShapes) -> None:
    from ctgraph.load import load_graph

    data = load_graph().graph
    assert_same_report(pyshacl_report(data, shapes), compiled.validate(data))


def _fixture_data(path: Path) -> Graph:
    """A fixture with what tests/test_shapes.py validates it with."""
    support = _union(_parse(IMPORTS), _parse(VOCABULARIES))
    return fixture_data(path, support, _parse(ONTOLOGY))


@pytest.mark.parametrize("path", FIXTURES, ids=[f"{p.parent.name}/{p.stem}" for p in FIXTURES])
def test_fixture_report_is_pyshacls(path: Path, shapes: Graph, compiled: CompiledShapes) -> None:
    data = _fixture_data(path)
    assert_same_report(pyshacl_report(data, shapes), compiled.validate(data))


def _synthetic() -> Any:
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "bench" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synthetic", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """About 5,000 triples from bench/synthetic.py, with the ontology and vocabularies."""
    folder = tmp_path_factory.mktemp("synthetic")
    _synthetic().write(folder, 5000, 1)
    from ctgraph.load import load_graph

    return load_graph(data=[ROOT / "data" / "vocabularies.ttl", folder]).graph


def test_synthetic_report_is_pyshacls(
    synthetic: Graph, shapes: Graph, compiled: CompiledShapes
) -> None:
    expected = pyshacl_report(synthetic, shapes)
    assert sum(report_results(expected).values()) > 0, "the synthetic data should have defects"
    assert_same_report(expected, compiled.validate(synthetic))


def test_an_oxigraph_engine_gives_the_same_report(
    synthetic: Graph, shapes: Graph, compiled: CompiledShapes
) -> None:
    engine = OxigraphEngine()
    try:
        engine.add_graph(synthetic)  # blank nodes keep their labels: results compare
        report = compiled.validate(engine, prefixes=dict(synthetic.namespaces()))
        assert_same_report(pyshacl_report(synthetic, shapes), report)
        store_report = validate_sparql(engine.store, shapes, prefixes=dict(synthetic.namespaces()))
        assert report_results(store_report) == report_results(report)
    finally:
        engine.close()


# Components the project's shapes do not use, with pySHACL's default messages -------------

PREFIXES = """\
@prefix ex: <http://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

EXTRA_SHAPES = (
    PREFIXES
    + """
ex:PersonShape a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:property [ sh:path ex:name ; sh:minLength 2 ; sh:maxLength 5 ;
                  sh:pattern "^[a-z]+$" ; sh:flags "i" ] ,
        [ sh:path ex:nick ; sh:equals ex:alias ] ,
        [ sh:path ex:nick ; sh:disjoint ex:name ] ,
        [ sh:path ex:start ; sh:lessThan ex:end ] ,
        [ sh:path ex:age ; sh:datatype xsd:integer ; sh:minExclusive 0 ; sh:maxInclusive 150 ] ,
        [ sh:path ex:colour ; sh:in ( ex:red ex:green "blue" ) ] ,
        [ sh:path ex:knows ; sh:class ex:Person ; sh:nodeKind sh:IRI ] ,
        [ sh:path ( ex:knows ex:name ) ; sh:minCount 1 ] ,
        [ sh:path [ sh:alternativePath ( ex:nick ex:alias ) ] ; sh:maxCount 1 ] ,
        [ sh:path [ sh:zeroOrMorePath ex:knows ] ; sh:maxCount 2 ] ,
        [ sh:path ex:label ; sh:languageIn ( "en" "fr" ) ; sh:uniqueLang true ] ,
        [ sh:path ex:born ; sh:datatype xsd:date ; sh:maxExclusive "2020-01-01"^^xsd:date ] ;
    sh:xone ( [ sh:path ex:a ; sh:minCount 1 ] [ sh:path ex:b ; sh:minCount 1 ] ) ;
    sh:and ( [ sh:path ex:name ; sh:minCount 1 ] [ sh:path ex:age ; sh:minCount 1 ] ) .

ex:ClosedShape a sh:NodeShape ;
    sh:targetClass ex:Closed ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path ex:name ] .

ex:ValueShape a sh:NodeShape ;
    sh:targetNode ex:alice , ex:nobody ;
    sh:hasValue ex:bob ;
    sh:not [ sh:class ex:Person ] ;
    sh:or ( [ sh:nodeKind sh:Literal ] [ sh:class ex:Robot ] ) .

ex:QualifiedShape a sh:NodeShape ;
    sh:targetSubjectsOf ex:knows ;
    sh:property [ sh:path ex:knows ;
                  sh:qualifiedValueShape [ sh:class ex:Person ] ;
                  sh:qualifiedMinCount 2 ; sh:qualifiedMaxCount 3 ] .

ex:KnownShape a sh:NodeShape ;
    sh:targetObjectsOf ex:knows ;
    sh:severity sh:Info ;
    sh:nodeKind sh:IRI ;
    sh:node [ sh:property [ sh:path ex:name ; sh:minCount 1 ] ] .

ex:AgeShape a sh:PropertyShape ;
    sh:targetClass ex:Person ;
    sh:path ex:age ;
    sh:severity sh:Warning ;
    sh:sparql [
        sh:select '''SELECT $this ?value WHERE { $this $PATH ?value .
            FILTER (isNumeric(?value) && ?value > 100) }''' ;
        sh:message "too old: {?value} for {$this}"@en ] .
"""
)

EXTRA_DATA = (
    PREFIXES
    + """
ex:Student rdfs:subClassOf ex:Person .
ex:alice a ex:Person ; ex:name "Alice1" , "x" ; ex:nick "al" ; ex:alias "ally" ;
    ex:start 5 ; ex:end 3 ; ex:age 200 , "old" ; ex:colour ex:blue , "blue" ;
    ex:knows ex:bob , "carol" , _:dan ; ex:label "A"@en , "B"@en , "C"@de ;
    ex:a 1 ; ex:b 2 ; ex:born "2021-05-05"^^xsd:date , "not a date"^^xsd:date .
ex:bob a ex:Student ; ex:name "bob" ; ex:age 30 ; ex:knows ex:alice ; ex:a 1 .
_:dan a ex:Person ; ex:name "Dan" ; ex:start "a" ; ex:end "b" .
ex:box a ex:Closed ; ex:name "box" ; ex:size 3 ; ex:owner _:dan .
"""
)


def test_other_components_and_default_messages_are_pyshacls() -> None:
    shapes = Graph().parse(data=EXTRA_SHAPES, format="turtle")
    data = Graph().parse(data=EXTRA_DATA, format="turtle")
    expected = pyshacl_report(data, shapes)
    actual = validate_sparql(data, shapes)
    assert_same_report(expected, actual)
    components = {r[4] for r in report_results(actual)}
    assert len(components) >= 20, sorted(map(str, components))


# What falls back to pySHACL ---------------------------------------------------------------


def _unsupported(extra: str) -> UnsupportedShapeError:
    shapes = Graph().parse(data=PREFIXES + extra, format="turtle")
    with pytest.raises(UnsupportedShapeError) as caught:
        compile_shapes(shapes)
    return caught.value


@pytest.mark.parametrize(
    ("turtle", "feature"),
    [
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:rule [ a sh:TripleRule ] .",
            "sh:rule",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:T . "
            "ex:T a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:node ex:S ] .",
            "recursive shapes",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """'
            "SELECT $this (COUNT(?x) AS ?n) WHERE { $this <http://example.org/p> ?x } "
            'GROUP BY $this""" ] .',
            "GROUP BY or aggregates",
        ),
        (
            "ex:S a sh:PropertyShape ; sh:targetClass ex:C ; "
            "sh:path [ sh:inversePath ( ex:p ex:q ) ] ; sh:minCount 1 .",
            "sh:inversePath of a path that is not an IRI",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:target [ a ex:Custom ] .",
            "sh:target",
        ),
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """'
            'SELECT $this WHERE { $this ex:p ?x }""" ] .',
            "a prefix it does not declare",
        ),
    ],
)
def test_unsupported_features_are_named(turtle: str, feature: str) -> None:
    error = _unsupported(turtle)
    assert any(feature in named for named in error.features), error.features
    assert feature in str(error)


def test_every_unsupported_feature_is_listed_at_once() -> None:
    error = _unsupported(
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:rule [ a sh:TripleRule ] ; "
        "sh:datatype rdfs:Datatype ; sh:targetNode [ ex:p 1 ] ."
    )
    assert len(error.features) >= 3, error.features


def test_unsupported_is_a_ctgraph_error() -> None:
    from ctgraph.errors import CtgraphError

    assert issubclass(UnsupportedShapeError, CtgraphError)


def test_value_tests_report_only_failing_values() -> None:
    """A sh:pattern check fetches pairs only for the values that fail."""
    shapes = Graph().parse(
        data=PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
        'sh:property [ sh:path ex:p ; sh:pattern "^a" ] .',
        format="turtle",
    )
    data = Graph().parse(
        data=PREFIXES + 'ex:x a ex:C ; ex:p "apple" , "banana" , [] .', format="turtle"
    )
    report = validate_sparql(data, shapes)
    assert sum(report_results(report).values()) == 2  # "banana" and the blank node
    assert_same_report(pyshacl_report(data, shapes), report)
