"""The query catalogue: headers, parameters bound as terms, kinds of query, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ctgraph import (
    Catalog,
    LoadedGraph,
    Param,
    ParameterError,
    QueryError,
    UnknownQueryError,
    load_query,
    parse_query,
    run_query,
    sorted_rows,
)
from ctgraph.catalog import open_query

from conftest import QUERIES

EX = "http://example.org/id/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
ATLANTIS, LEMURIA, FORUM = URIRef(EX + "atlantis"), URIRef(EX + "lemuria"), URIRef(EX + "forum")
CHAIR, MEMBER = URIRef(EX + "role-chair"), URIRef(EX + "role-member")


def _date(text: str) -> Literal:
    return Literal(text, datatype=XSD_DATE)


def test_names_are_file_stems_and_checks_are_apart(catalog: Catalog) -> None:
    assert catalog.names() == ("checks/unsourced-cities", "forum-graph", "has-role", "members")
    assert catalog.names(checks=False) == ("forum-graph", "has-role", "members")
    assert [q.name for q in catalog.checks()] == ["checks/unsourced-cities"]
    assert catalog.get("checks/unsourced-cities").is_check
    assert "members" in catalog and "members.rq" in catalog and "nothing" not in catalog
    assert len(catalog) == 4


def test_a_query_carries_its_header(catalog: Catalog) -> None:
    query = catalog.get("members")
    assert query.title == "Members of an organisation"
    assert (
        query.question == "Which actors belong to an organisation, in which role, and since when?"
    )
    assert query.kind == "select"
    assert query.path == QUERIES / "members.rq"
    assert query.params == (
        Param("org", "iri", None, "The organisation; every organisation when not given."),
        Param("since", "date", "2000-01-01", "Only memberships that began on or after this day."),
    )


def test_other_header_lines_are_kept(catalog: Catalog) -> None:
    check = catalog.get("checks/unsourced-cities")
    assert check.meta == (
        (
            "description",
            "Every entity must be traced to a paragraph; a city without one cannot be checked.",
        ),
    )


def test_an_unknown_name_suggests_close_ones(catalog: Catalog) -> None:
    with pytest.raises(UnknownQueryError) as caught:
        catalog.get("member")
    assert caught.value.suggestions == ("members",)
    assert "did you mean members?" in str(caught.value)


def test_kinds(catalog: Catalog) -> None:
    kinds = {q.name: q.kind for q in catalog}
    assert kinds == {
        "forum-graph": "construct",
        "has-role": "ask",
        "members": "select",
        "checks/unsourced-cities": "select",
    }
    assert parse_query("DESCRIBE <http://example.org/id/atlantis>").kind == "describe"


def test_select_rows_in_projection_order(loaded: LoadedGraph, catalog: Catalog) -> None:
    result = run_query(loaded.graph, catalog.get("members"))
    assert result.vars == ("member", "memberLabel", "role", "start", "org")
    assert result.rows == (
        (ATLANTIS, Literal("Republic of Atlantis", lang="en"), CHAIR, _date("2020-01-01"), FORUM),
        (LEMURIA, None, MEMBER, _date("2023-05-01"), FORUM),
    )


def test_a_date_parameter_overrides_its_default(loaded: LoadedGraph, catalog: Catalog) -> None:
    result = run_query(loaded.graph, catalog.get("members"), {"since": "2021-01-01"})
    assert [row[0] for row in result.rows] == [LEMURIA]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("ex:forum", id="prefixed-name"),
        pytest.param("<http://example.org/id/forum>", id="bracketed-iri"),
        pytest.param("http://example.org/id/forum", id="bare-iri"),
        pytest.param("Global Forum", id="label"),
        pytest.param("gf", id="alt-label-any-case"),
    ],
)
def test_iri_parameters_accept_many_spellings(
    loaded: LoadedGraph, catalog: Catalog, value: str
) -> None:
    result = run_query(loaded.graph, catalog.get("members"), {"org": value})
    assert [row[0] for row in result.rows] == [ATLANTIS, LEMURIA]


def test_an_iri_nothing_mentions_gives_no_rows(loaded: LoadedGraph, catalog: Catalog) -> None:
    assert run_query(loaded.graph, catalog.get("members"), {"org": "ex:nowhere"}).rows == ()


def test_an_ambiguous_label_lists_the_candidates(loaded: LoadedGraph, catalog: Catalog) -> None:
    with pytest.raises(
        ParameterError, match=r"names 2 nodes: ex:lemuria \(Lemuria\); ex:mu-island"
    ):
        run_query(loaded.graph, catalog.get("members"), {"org": "MU"})


def test_an_unknown_label_suggests_close_ones(loaded: LoadedGraph, catalog: Catalog) -> None:
    with pytest.raises(ParameterError, match=r"close matches: Global Forum \(ex:forum\)"):
        run_query(loaded.graph, catalog.get("members"), {"org": "global forun"})


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param({"since": "2024-02-30"}, "is not a date", id="impossible-date"),
        pytest.param({"since": "26/09/2024"}, "is not a date", id="wrong-date-form"),
        pytest.param(
            {"until": "2024-01-01"},
            r"no parameter 'until' \(parameters: org, since\)",
            id="unknown",
        ),
    ],
)
def test_bad_parameters(
    loaded: LoadedGraph, catalog: Catalog, params: dict[str, str], message: str
) -> None:
    with pytest.raises(ParameterError, match=message):
        run_query(loaded.graph, catalog.get("members"), params)


def test_parameter_text_is_never_pasted_into_the_query(loaded: LoadedGraph) -> None:
    query = parse_query(
        "# param: name string A label.\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?s WHERE { ?s rdfs:label ?name }\n"
    )
    attack = '" } UNION { ?s ?p ?o } #'
    assert run_query(loaded.graph, query, {"name": attack}).rows == ()
    found = run_query(loaded.graph, query, {"name": "Poseidonis"})
    assert found.rows == ()  # the label is tagged @en; a plain string is another term
    tagged = parse_query("SELECT ?s WHERE { ?s ?p ?name }\n# param: name string x\n")
    assert tagged.params == ()  # header lines come first, or they are plain comments


@pytest.mark.parametrize(
    ("type_", "text", "term"),
    [
        pytest.param("integer", "+42", Literal(42), id="integer"),
        pytest.param("boolean", "TRUE", Literal(True), id="boolean"),
        pytest.param("string", "  spaced ", Literal("  spaced "), id="string-kept-as-is"),
        pytest.param("date", "2024-09-26", Literal("2024-09-26", datatype=XSD_DATE), id="date"),
    ],
)
def test_values_become_typed_terms(type_: str, text: str, term: Literal) -> None:
    from ctgraph.catalog import convert_value

    assert convert_value(Param("x", type_, None, ""), text) == term  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("type_", "text"),
    [("integer", "4.2"), ("boolean", "maybe"), ("iri", "no-prefix-here")],
)
def test_values_of_the_wrong_form_are_refused(type_: str, text: str) -> None:
    from ctgraph.catalog import convert_value

    with pytest.raises(ParameterError):
        convert_value(Param("x", type_, None, ""), text)  # type: ignore[arg-type]


def test_ask(loaded: LoadedGraph, catalog: Catalog) -> None:
    query = catalog.get("has-role")
    assert run_query(loaded.graph, query, {"role": "ex:role-chair"}).boolean is True
    assert run_query(loaded.graph, query, {"role": "ex:role-judge"}).boolean is False
    # Without a default, the parameter stays unbound: any role will do.
    assert run_query(loaded.graph, query).boolean is True


def test_construct(loaded: LoadedGraph, catalog: Catalog) -> None:
    result = run_query(loaded.graph, catalog.get("forum-graph"))
    expected = Graph()
    has_member = URIRef("http://www.w3.org/ns/org#hasMember")
    expected.add((FORUM, has_member, ATLANTIS))
    expected.add((FORUM, has_member, LEMURIA))
    assert result.graph is not None
    assert isomorphic(result.graph, expected)


def test_a_check_returns_the_offending_rows(loaded: LoadedGraph, catalog: Catalog) -> None:
    result = run_query(loaded.graph, catalog.get("checks/unsourced-cities"))
    assert result.rows == ((URIRef(EX + "poseidonis"),),)


def test_text_queries_use_the_graph_prefixes(loaded: LoadedGraph) -> None:
    result = run_query(loaded.graph, "SELECT ?b ?a WHERE { ?a ex:capital ?b }")
    assert result.vars == ("b", "a")
    assert result.rows == ((URIRef(EX + "poseidonis"), ATLANTIS),)


def test_sorted_rows_is_a_total_order() -> None:
    rows = ((Literal("b"),), (None,), (URIRef(EX + "z"),), (Literal("a"),))
    assert sorted_rows(rows) == ((URIRef(EX + "z"),), (Literal("a"),), (Literal("b"),), (None,))


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <http://example.org/g>",
        "CREATE GRAPH <http://example.org/g>",
        "ADD DEFAULT TO <http://example.org/g>",
        "MOVE DEFAULT TO <http://example.org/g>",
        "COPY DEFAULT TO <http://example.org/g>",
    ],
    ids=lambda text: text.split()[0].lower(),
)
def test_updates_are_refused(loaded: LoadedGraph, text: str) -> None:
    size = len(loaded.graph)
    with pytest.raises(QueryError, match="SPARQL Update is not allowed"):
        run_query(loaded.graph, text)
    assert len(loaded.graph) == size


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # keywords as prefix names, variables and in strings and comments do not count
        ("PREFIX drop: <http://x/>\nSELECT ?with WHERE { ?with drop:a 'DELETE' }", "select"),
        ('# ASK\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p """INSERT\n""" }', "construct"),
        ("PREFIX ex: <http://example.org/> DESCRIBE ex:a", "describe"),
        ("ask { ?s ?p ?o } LIMIT 1", "ask"),
        # a query that names a SERVICE is checked by rdflib's parser, never run
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "select"),
        # the default prefix table is known
        ("SELECT ?x WHERE { ?x a ctg:Forum }", "select"),
    ],
)
def test_query_kind_is_read_past_prologue_strings_and_comments(text: str, kind: str) -> None:
    assert parse_query(text).kind == kind


def test_a_bad_ask_reports_its_position() -> None:
    with pytest.raises(QueryError, match=r"line 2, column \d+: bad SPARQL"):
        parse_query("ASK {\n  ?s ?p }")


HEADER = "# title: T\n# question: Q?\n"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        pytest.param(
            "# question: Q?\nSELECT ?s WHERE { ?s ?p ?o }",
            "missing '# title:'",
            None,
            id="no-title",
        ),
        pytest.param(
            "# title: T\nSELECT ?s WHERE { ?s ?p ?o }",
            "missing '# question:'",
            None,
            id="no-question",
        ),
        pytest.param(
            HEADER + "# param: s uri The subject.\nSELECT ?s WHERE { ?s ?p ?o }",
            "unknown type 'uri'",
            3,
            id="bad-type",
        ),
        pytest.param(
            HEADER + "# param: x iri Nothing.\nSELECT ?s WHERE { ?s ?p ?o }",
            r"\?x is not in the query",
            3,
            id="undeclared-variable",
        ),
        pytest.param(
            HEADER + "# param: o date=2024-13-01 When.\nSELECT ?s WHERE { ?s ?p ?o }",
            "bad default",
            3,
            id="bad-default",
        ),
        pytest.param(
            HEADER + "# param: o iri A.\n# param: o iri B.\nSELECT ?s WHERE { ?s ?p ?o }",
            "declared twice",
            4,
            id="duplicate",
        ),
        pytest.param(
            HEADER + "# param: o\nSELECT ?s WHERE { ?s ?p ?o }", "NAME TYPE", 3, id="short-param"
        ),
        pytest.param(HEADER + "SELECT ?s WHERE {\n  ?s ?p\n}", "bad SPARQL", 4, id="syntax"),
    ],
)
def test_malformed_query_files_name_file_and_line(
    tmp_path: Path, text: str, message: str, line: int | None
) -> None:
    path = tmp_path / "broken.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=message) as caught:
        load_query(path)
    assert caught.value.path == path
    if line is not None:
        assert caught.value.line == line


def test_one_broken_query_does_not_break_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.rq").write_text(HEADER + "ASK { ?s ?p ?o }", encoding="utf-8")
    (tmp_path / "bad.rq").write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    catalog = Catalog(tmp_path)
    assert catalog.get("good").kind == "ask"
    with pytest.raises(QueryError):
        catalog.get("bad")


def test_header_values_continue_on_following_comment_lines(tmp_path: Path) -> None:
    path = tmp_path / "long.rq"
    path.write_text(
        "# title: A long\n#   title\n# question: Why?\n#\n# Free text.\n# ctg:statedIn, more.\n"
        "ASK {}\n",
        encoding="utf-8",
    )
    query = load_query(path)
    assert query.title == "A long title"
    assert query.meta == (("description", "Free text. ctg:statedIn, more."),)


def test_a_query_file_outside_the_catalogue_needs_no_header(tmp_path: Path) -> None:
    path = tmp_path / "adhoc.rq"
    path.write_text("SELECT ?s WHERE { ?s ?p ?o }", encoding="utf-8")
    query = open_query(str(path))
    assert (query.name, query.title, query.kind) == ("adhoc", "", "select")


def test_a_missing_catalogue_folder_is_an_input_error(tmp_path: Path) -> None:
    from ctgraph import InputError

    with pytest.raises(InputError, match="no such query folder"):
        Catalog(tmp_path / "nothing")
