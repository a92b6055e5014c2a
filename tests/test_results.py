"""Query results written as a table and in the W3C CSV, TSV, JSON and XML result formats."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import BNode, Literal, URIRef

from ctgraph import Catalog, InputError, LoadedGraph, QueryResult, format_result, run_query

EX = "http://example.org/id/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
SR = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def members(loaded: LoadedGraph, catalog: Catalog) -> QueryResult:
    return run_query(loaded.graph, catalog.get("members"))


def test_table(members: QueryResult) -> None:
    assert format_result(members) == (
        "member       memberLabel           role            start       org\n"
        "-----------  --------------------  --------------  ----------  --------\n"
        "ex:atlantis  Republic of Atlantis  ex:role-chair   2020-01-01  ex:forum\n"
        "ex:lemuria                         ex:role-member  2023-05-01  ex:forum\n"
    )


def test_csv_reads_back(members: QueryResult) -> None:
    text = format_result(members, "csv")
    assert text.count("\r\n") == 3
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [
        ["member", "memberLabel", "role", "start", "org"],
        [EX + "atlantis", "Republic of Atlantis", EX + "role-chair", "2020-01-01", EX + "forum"],
        [EX + "lemuria", "", EX + "role-member", "2023-05-01", EX + "forum"],
    ]


def test_tsv_writes_terms_in_sparql_syntax(members: QueryResult) -> None:
    assert format_result(members, "tsv").splitlines() == [
        "?member\t?memberLabel\t?role\t?start\t?org",
        f'<{EX}atlantis>\t"Republic of Atlantis"@en\t<{EX}role-chair>\t'
        f'"2020-01-01"^^<{XSD_DATE}>\t<{EX}forum>',
        f'<{EX}lemuria>\t\t<{EX}role-member>\t"2023-05-01"^^<{XSD_DATE}>\t<{EX}forum>',
    ]


def test_json_reads_back(members: QueryResult) -> None:
    document = json.loads(format_result(members, "json"))
    assert document["head"] == {"vars": ["member", "memberLabel", "role", "start", "org"]}
    first, second = document["results"]["bindings"]
    assert first["memberLabel"] == {
        "type": "literal",
        "value": "Republic of Atlantis",
        "xml:lang": "en",
    }
    assert first["start"] == {"type": "literal", "value": "2020-01-01", "datatype": XSD_DATE}
    assert second["member"] == {"type": "uri", "value": EX + "lemuria"}
    assert "memberLabel" not in second  # unbound


def test_xml_reads_back(members: QueryResult) -> None:
    root = ET.fromstring(format_result(members, "xml"))
    assert root.tag == SR + "sparql"
    names = [v.get("name") for v in root.iter(SR + "variable")]
    assert names == ["member", "memberLabel", "role", "start", "org"]
    results = root.findall(f"{SR}results/{SR}result")
    assert len(results) == 2
    label = results[0].find(f"{SR}binding[@name='memberLabel']/{SR}literal")
    assert label is not None
    assert label.text == "Republic of Atlantis"
    assert label.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    start = results[1].find(f"{SR}binding[@name='start']/{SR}literal")
    assert start is not None and start.get("datatype") == XSD_DATE
    assert results[1].find(f"{SR}binding[@name='memberLabel']") is None


def test_ask_results() -> None:
    result = QueryResult(kind="ask", boolean=True)
    assert format_result(result) == "true\n"
    assert json.loads(format_result(result, "json")) == {"head": {}, "boolean": True}
    root = ET.fromstring(format_result(result, "xml"))
    assert root.findtext(SR + "boolean") == "true"
    with pytest.raises(InputError, match="no form for an ASK answer"):
        format_result(result, "csv")


def test_blank_nodes_get_short_labels_in_order_of_appearance() -> None:
    a, b = BNode(), BNode()
    result = QueryResult(kind="select", vars=("x", "y"), rows=((b, a), (a, None)))
    assert format_result(result, "csv").splitlines() == ["x,y", "_:b0,_:b1", "_:b1,"]
    bindings = json.loads(format_result(result, "json"))["results"]["bindings"]
    assert bindings[1] == {"x": {"type": "bnode", "value": "b1"}}


def test_cells_stay_on_one_line() -> None:
    result = QueryResult(kind="select", vars=("x",), rows=((Literal("two\nlines"),),))
    assert format_result(result).splitlines()[2] == "two\\nlines"


def test_graph_results_are_written_as_rdf(loaded: LoadedGraph, catalog: Catalog) -> None:
    result = run_query(loaded.graph, catalog.get("forum-graph"))
    assert format_result(result) == (
        "@prefix ex: <http://example.org/id/> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "\n"
        "ex:forum\n"
        "    org:hasMember ex:atlantis, ex:lemuria .\n"
    )
    with pytest.raises(InputError, match="is a graph"):
        format_result(result, "csv")


def test_unknown_row_format(members: QueryResult) -> None:
    with pytest.raises(InputError):
        format_result(members, "turtle")


def test_iris_without_a_prefix_are_written_in_full() -> None:
    result = QueryResult(kind="select", vars=("x",), rows=((URIRef("urn:x:1"),),), prefixes={})
    assert format_result(result).splitlines()[2] == "<urn:x:1>"
