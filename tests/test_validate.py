"""Validation with pySHACL: violations fail, warnings do not; the report in three forms."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ctgraph import (
    Catalog,
    InputError,
    LoadedGraph,
    ValidationResult,
    format_validation,
    load_shapes,
    open_engine,
    validate,
)

from conftest import FIXTURES, SHAPES

EX = "http://example.org/id/"
CTG_STATED_IN = URIRef("https://w3id.org/ctgraph/ontology#statedIn")


@pytest.fixture(scope="module")
def result(loaded: LoadedGraph) -> ValidationResult:
    return validate(loaded.graph, load_shapes([SHAPES]))


def test_a_violation_fails_validation(result: ValidationResult) -> None:
    assert result.conforms is False
    assert (result.count("Violation"), result.count("Warning"), result.count("Info")) == (1, 1, 0)


def test_issues_say_what_and_where(result: ValidationResult) -> None:
    warning, violation = result.results
    assert violation.focus == URIRef(EX + "poseidonis")
    assert violation.focus_label == "Poseidonis"
    assert violation.severity == "Violation"
    assert violation.message == "A city must be stated in a paragraph."
    assert violation.path == "ctg:statedIn"
    assert violation.value is None
    assert violation.shape_name == "source of the city"
    assert violation.component == SH.MinCountConstraintComponent
    assert warning.focus == URIRef(EX + "m2")
    assert warning.severity == "Warning"
    assert warning.shape_name == "recent membership"
    assert warning.source_shape == URIRef(EX + "MembershipShape")
    assert warning.component == SH.SPARQLConstraintComponent
    assert warning.value == Literal(
        "2023-05-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")
    )


def test_text_report_groups_issues_by_focus_node(result: ValidationResult) -> None:
    assert format_validation(result) == (
        "ex:m2\n"
        "  Warning: A membership that started after 2022 needs a second source. "
        "(value 2023-05-01) [shape recent membership]\n"
        "Poseidonis (ex:poseidonis)\n"
        "  Violation: A city must be stated in a paragraph. (path ctg:statedIn) "
        "[shape source of the city]\n"
        "does not conform: 1 violation, 1 warning, 0 infos\n"
    )


def test_json_report_is_a_list_of_issues(result: ValidationResult) -> None:
    issues = json.loads(format_validation(result, "json"))
    assert [(i["severity"], i["focus"], i["shape_name"]) for i in issues] == [
        ("Warning", EX + "m2", "recent membership"),
        ("Violation", EX + "poseidonis", "source of the city"),
    ]


def test_turtle_report_is_the_report_graph(result: ValidationResult) -> None:
    report = Graph().parse(data=format_validation(result, "turtle"), format="turtle")
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == 2
    assert (None, SH.conforms, Literal(False)) in report


def test_warnings_alone_do_not_fail(loaded: LoadedGraph) -> None:
    data = Graph()
    data += loaded.graph
    data.add((URIRef(EX + "poseidonis"), CTG_STATED_IN, URIRef(EX + "doc-p1")))
    outcome = validate(data, load_shapes([SHAPES]))
    assert outcome.conforms is True
    assert [i.severity for i in outcome.results] == ["Warning"]
    assert outcome.text.endswith("conforms: 0 violations, 1 warning, 0 infos\n")


def test_conforming_data(loaded: LoadedGraph) -> None:
    outcome = validate(loaded.graph, load_shapes([FIXTURES / "shapes-ok.ttl"]))
    assert outcome.conforms is True
    assert outcome.results == ()
    assert outcome.text == "conforms: 0 violations, 0 warnings, 0 infos\n"


def test_shapes_without_a_shape_are_refused(loaded: LoadedGraph) -> None:
    with pytest.raises(InputError, match="no SHACL shapes loaded"):
        validate(loaded.graph, load_shapes([FIXTURES / "no-shapes.ttl"]))


def test_validation_leaves_the_data_graph_alone(loaded: LoadedGraph) -> None:
    before = len(loaded.graph)
    validate(loaded.graph, load_shapes([SHAPES]))
    assert len(loaded.graph) == before


def test_unknown_report_format(result: ValidationResult) -> None:
    with pytest.raises(InputError):
        format_validation(result, "html")


def test_rows_of_check_queries_are_violations(loaded: LoadedGraph) -> None:
    checks = Catalog(FIXTURES / "queries").checks()
    assert [c.name for c in checks] == ["checks/unsourced-cities"]
    result = validate(loaded.graph, load_shapes([FIXTURES / "shapes-ok.ttl"]), checks=checks)
    assert result.conforms is False
    [issue] = result.results
    assert (issue.focus, issue.severity, issue.message, issue.shape_name) == (
        URIRef(EX + "poseidonis"),
        "Violation",
        "Cities without a source",
        "check checks/unsourced-cities",
    )
    report = result.report_graph
    assert (None, SH.conforms, Literal(False)) in report
    assert (None, SH.focusNode, URIRef(EX + "poseidonis")) in report


def test_checks_that_return_nothing_add_nothing(loaded: LoadedGraph) -> None:
    ok = Graph()
    for triple in loaded.graph:
        ok.add(triple)
    ok.add((URIRef(EX + "poseidonis"), CTG_STATED_IN, URIRef(EX + "doc-p1")))
    checks = Catalog(FIXTURES / "queries").checks()
    result = validate(ok, load_shapes([FIXTURES / "shapes-ok.ttl"]), checks=checks)
    assert (result.conforms, result.results) == (True, ())


# The validators ------------------------------------------------------------------------


def test_the_sparql_validator_takes_no_inference(loaded: LoadedGraph) -> None:
    shapes = load_shapes([SHAPES])
    with pytest.raises(InputError, match="takes no ontology graph and no inference"):
        validate(loaded.graph, shapes, inference="rdfs", validator="sparql")


def test_an_unknown_validator_is_refused(loaded: LoadedGraph) -> None:
    with pytest.raises(InputError, match="unknown validator 'jena'"):
        validate(loaded.graph, load_shapes([SHAPES]), validator="jena")  # type: ignore[arg-type]


def test_auto_falls_back_to_pyshacl_on_shapes_sparql_cannot_check(loaded: LoadedGraph) -> None:
    shapes = load_shapes([SHAPES])
    shapes.parse(
        format="turtle",
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <http://example.org/shapes#Limited> a sh:NodeShape ;
            sh:targetClass <http://example.org/id/State> ;
            # LIMIT: one query for all focus nodes would differ from one per node
            sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o } LIMIT 1" ] .
        """,
    )
    engine = open_engine([FIXTURES / "ontology.ttl"], [FIXTURES / "graph.ttl"], engine="oxigraph")
    from ctgraph.shaclsparql import UnsupportedShapeError

    with pytest.raises(UnsupportedShapeError):
        validate(engine, shapes, validator="sparql")
    expected = validate(engine, shapes, validator="pyshacl")
    found = validate(engine, shapes, validator="auto")
    assert found.results == expected.results
