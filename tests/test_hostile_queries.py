"""Hostile or broken queries on every engine: one-line errors, nothing run that should not be.

Syntax errors give a line and a column, whichever parser finds them; unknown
names and parameters of the wrong form are refused with the names that exist;
parameter text is bound as one RDF term and comes back unchanged, never read
as SPARQL; updates are refused and the graph stays as it was; a query runs
under a time limit (in a worker process, killed at the limit) and a row limit.
The engines hold the project's seed: rdflib, Oxigraph in memory and on disk,
and a remote endpoint (an Oxigraph server the seed is pushed to).
"""

from __future__ import annotations

import math
import multiprocessing
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Literal
from rdflib.term import Node

from ctgraph import (
    Catalog,
    InputError,
    LoadedGraph,
    ParameterError,
    QueryError,
    UnknownQueryError,
    load_graph,
    load_query,
    parse_query,
    run_query,
    sandbox,
)
from ctgraph.catalog import QueryResult, oxigraph_syntax_error
from ctgraph.engine import Engine, RdflibEngine, open_engine
from ctgraph.remote import RemoteEngine, push
from ctgraph.sandbox import LimitError
from servers import OxigraphServer, Reply, ScriptedServer

UPDATE_REFUSED = "SPARQL Update is not allowed; ctgraph only reads"
ENGINES = ("rdflib", "oxigraph", "remote")
#: Three copies of the seed joined: some 3.7 billion rows, never finished.
CARTESIAN = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Every pair of nodes joined by a path of any length, twice over: never finished either.
PATHS = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x:none>|!<urn:x:none>)* ?b . "
    "?c (<urn:x:none>|!<urn:x:none>)* ?d }"
)
ECHO = "# param: v string Any text.\nSELECT ?v WHERE { }"


@pytest.fixture(scope="module")
def seed() -> LoadedGraph:
    """The ontology and data/, as ctgraph loads them by default; tests must not change it."""
    return load_graph()


@pytest.fixture(scope="module")
def rdflib_engine(seed: LoadedGraph) -> RdflibEngine:
    return RdflibEngine(seed)


@pytest.fixture(scope="module")
def oxigraph_engine() -> Iterator[Engine]:
    engine = open_engine(engine="oxigraph")
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def store_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The seed in an Oxigraph store on disk (RocksDB, with its own threads)."""
    engine = open_engine(engine="oxigraph", store=tmp_path_factory.mktemp("store"))
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def remote_engine(
    tmp_path_factory: pytest.TempPathFactory, seed: LoadedGraph
) -> Iterator[RemoteEngine]:
    with OxigraphServer(tmp_path_factory.mktemp("endpoint")) as server:
        push(seed, server.store_url)
        yield RemoteEngine(server.query_url, timeout=20)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Engine:
    found: Engine = request.getfixturevalue(f"{request.param}_engine")
    return found


def error_of(engine: Engine, query: str, params: dict[str, str] | None = None) -> str:
    """The one-line error ``run_query`` raises."""
    with pytest.raises(QueryError) as caught:
        run_query(engine, query, params)
    message = str(caught.value)
    assert "\n" not in message
    return message


# Syntax errors: a line and a column -----------------------------------------------------

#: Errors both parsers see: rdflib's message and position, before any engine runs.
BOTH_PARSERS = {
    "filter": (
        "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o > )\n}",
        "line 3, column 3: bad SPARQL: Expected SelectQuery",
    ),
    "ask": ("ASK {\n  ?s ?p }", "line 2, column 3: bad SPARQL: Expected AskQuery"),
    "negative-limit": (
        "SELECT * WHERE { ?s ?p ?o } LIMIT -1",
        "line 1, column 29: bad SPARQL: Expected end of text",
    ),
    "two-operations": (
        "SELECT * WHERE { ?s ?p ?o } ;\nDROP ALL",
        "line 1, column 29: bad SPARQL: Expected end of text",
    ),
    "empty": ("", "the query is empty"),
    "only-a-comment": ("  # SELECT * WHERE { ?s ?p ?o }\n", "the query is empty"),
}


@pytest.mark.parametrize("case", BOTH_PARSERS)
def test_a_syntax_error_gives_its_line_and_column_on_every_engine(
    engine: Engine, case: str
) -> None:
    text, message = BOTH_PARSERS[case]
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert str(caught.value) == message
    assert error_of(engine, text) == message


#: Queries rdflib reads and Oxigraph refuses: Oxigraph's "error at LINE:COLUMN" is kept.
OXIGRAPH_ONLY = {
    "unbound-in-aggregate": (
        "SELECT (COUNT(*) AS ?n) ?s WHERE {\n  ?s ?p ?o\n}",
        "line 3, column 2: bad SPARQL: The SELECT contains a variable that is unbound",
    ),
    "select-star-group-by": (
        "SELECT * WHERE { ?s ?p ?o }\nGROUP BY ?s",
        "line 2, column 12: bad SPARQL: SELECT * is not authorized with GROUP BY",
    ),
    "unknown-prefix": ("ASK { ?s nope:p ?o }", "line 1, column 16: bad SPARQL: Prefix not found"),
    "values-arity": (
        "SELECT * WHERE { VALUES (?a ?b) { (1) } }",
        "line 1, column 42: bad SPARQL: expected UNDEF",
    ),
}


@pytest.mark.parametrize("case", OXIGRAPH_ONLY)
def test_oxigraph_syntax_errors_keep_their_line_and_column(
    oxigraph_engine: Engine, store_engine: Engine, case: str
) -> None:
    text, message = OXIGRAPH_ONLY[case]
    assert parse_query(text).kind in ("select", "ask")  # rdflib reads it
    assert error_of(oxigraph_engine, text) == message
    assert error_of(store_engine, text) == message


def test_rdflib_runs_what_oxigraph_refuses(rdflib_engine: RdflibEngine) -> None:
    assert len(run_query(rdflib_engine, OXIGRAPH_ONLY["unbound-in-aggregate"][0]).rows) == 1
    assert error_of(rdflib_engine, OXIGRAPH_ONLY["unknown-prefix"][0]) == (
        "query '-' failed: Unknown namespace prefix : nope"
    )


def test_a_deeply_nested_query_that_rdflib_cannot_check_is_refused(
    rdflib_engine: RdflibEngine, oxigraph_engine: Engine, remote_engine: RemoteEngine
) -> None:
    """Sixty nested groups are deeper than rdflib's parser recurses: Oxigraph's engine runs it."""
    text = "# rows from a deep nest\nSELECT * WHERE " + "{ " * 60 + "?s ?p ?o" + " }" * 60
    refused = "the query is too deeply nested for rdflib's parser to check"
    assert error_of(rdflib_engine, text) == refused
    assert error_of(remote_engine, text) == refused
    assert len(run_query(oxigraph_engine, text + " LIMIT 2").rows) == 2


def test_an_oxigraph_error_in_a_query_file_names_file_line_and_column(
    oxigraph_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "prefix.rq"
    path.write_text("# An undeclared prefix.\nSELECT ?s\nWHERE { ?s nope:p ?o }\n")
    with pytest.raises(QueryError) as caught:
        run_query(oxigraph_engine, load_query(path, require_header=False))
    error = caught.value
    assert (error.path, error.line, error.column) == (path, 3, 18)  # just after nope:p
    assert error.message == "bad SPARQL: Prefix not found"


def test_an_ask_with_the_letters_of_service_keeps_oxigraph_s_column(
    oxigraph_engine: Engine,
) -> None:
    """The check parses an ASK as a SELECT, five characters longer: columns are given back."""
    plain = error_of(oxigraph_engine, "ASK { ?s nope:p <http://e/x> }")
    assert error_of(oxigraph_engine, "ASK { ?s nope:p <http://e/service> }") == plain


@pytest.mark.parametrize(
    ("message", "line", "column", "text"),
    [
        ("error at 1:20: expected OPTIONAL", 1, 20, "bad SPARQL: expected OPTIONAL"),
        (
            "error at 12:3: expected one of Prefix not found, ['%'], ['-' | '0' ..= '9']",
            12,
            3,
            "bad SPARQL: Prefix not found",
        ),
        (
            'error at 1:40: expected one of "$", "(", IF, SELECT * is not authorized with '
            "GROUP BY, TZ, [_]",
            1,
            40,
            "bad SPARQL: SELECT * is not authorized with GROUP BY",
        ),
    ],
)
def test_oxigraph_syntax_error_reads_the_position(
    message: str, line: int, column: int, text: str
) -> None:
    error = oxigraph_syntax_error(message)
    assert error is not None
    assert (error.line, error.column, error.message) == (line, column, text)


def test_other_messages_are_no_oxigraph_syntax_error() -> None:
    assert oxigraph_syntax_error("Unknown namespace prefix : nope") is None


# Names and parameters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "rolse-as-of",
            "no query named 'rolse-as-of' in the catalogue; did you mean roles-as-of, "
            "co-chairs-as-of, commitments-as-of?",
        ),
        (
            "checks/unsourced",
            "no query named 'checks/unsourced' in the catalogue; did you mean "
            "checks/unsourced-entity-fact, checks/unsourced-relationship, "
            "checks/unsourced-reified-statement?",
        ),
        ("zzz", "no query named 'zzz' in the catalogue"),
        ("../../etc/passwd", "no query named '../../etc/passwd' in the catalogue"),
    ],
)
def test_an_unknown_name_is_answered_with_the_closest(name: str, message: str) -> None:
    with pytest.raises(UnknownQueryError) as caught:
        Catalog().get(name)
    assert str(caught.value) == message


BOOLEAN = "# param: flag boolean A flag.\nSELECT ?flag WHERE { }"

#: (query, parameters, the error): a catalogue name, or SPARQL text.
WRONG_PARAMETERS = {
    "impossible-date": (
        "roles-as-of",
        {"as_of": "2024-13-01"},
        "parameter as_of: '2024-13-01' is not a date (YYYY-MM-DD)",
    ),
    "date-with-sparql": (
        "roles-as-of",
        {"as_of": '2024-01-01"^^<x> } #'},
        "parameter as_of: '2024-01-01\"^^<x> } #' is not a date (YYYY-MM-DD)",
    ),
    "integer-with-sparql": (
        "paragraph-facts",
        {"paragraphNumber": "3 } UNION { ?s ?p ?o }"},
        "parameter paragraphNumber: '3 } UNION { ?s ?p ?o }' is not an integer",
    ),
    "boolean": (
        BOOLEAN,
        {"flag": "maybe"},
        "parameter flag: 'maybe' is not a boolean (true or false)",
    ),
    "iri-with-sparql": (
        "roles-as-of",
        {"actor": "<http://x> } UNION { ?s ?p ?o"},
        "parameter actor: '<http://x> } UNION { ?s ?p ?o' is not a valid IRI",
    ),
    "bare-iri-with-sparql": (
        "roles-as-of",
        {"actor": "http://x> } UNION { ?s ?p ?o <http://y"},
        "parameter actor: 'http://x> } UNION { ?s ?p ?o <http://y' is not a valid IRI",
    ),
    "iri-with-a-space": (
        "roles-as-of",
        {"actor": "<http://x/a b>"},
        "parameter actor: '<http://x/a b>' is not a valid IRI",
    ),
    "lone-surrogate": (
        "roles-as-of",
        {"actor": "\udcff"},
        "parameter actor: '\\udcff' is not text (it cannot be UTF-8)",
    ),
    "unknown-label": (
        "roles-as-of",
        {"actor": "Marocco"},
        "nothing is named 'Marocco'; close matches: Kingdom of Morocco (ct:morocco)",
    ),
    "unknown-parameter": (
        "roles-as-of",
        {"nope": "1"},
        "query 'roles-as-of' has no parameter 'nope' (parameters: actor, as_of)",
    ),
}


@pytest.mark.parametrize("case", WRONG_PARAMETERS)
def test_a_parameter_of_the_wrong_form_is_refused(engine: Engine, case: str) -> None:
    spec, params, message = WRONG_PARAMETERS[case]
    query = parse_query(spec) if "\n" in spec else Catalog().get(spec)
    with pytest.raises(ParameterError) as caught:
        run_query(engine, query, params)
    assert str(caught.value) == message


#: Parameter text that would change the query if it were pasted into it.
INJECTIONS = [
    'x" } ; DROP ALL ; #',
    "x' } UNION { ?s ?p ?o } #",
    '"""\n} ; CLEAR ALL ; #',
    '\\" } #',
    "<http://x> } UNION { ?s ?p ?o",
    "?s ?p ?o",
    "SERVICE <http://127.0.0.1:9/> { }",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_parameter_text_is_bound_as_one_term_and_comes_back_unchanged(
    engine: Engine, value: str
) -> None:
    before = engine.triple_count()
    assert run_query(engine, ECHO, {"v": value}).rows == ((Literal(value),),)
    labelled = "# param: v string A label.\nSELECT ?s ?v WHERE { ?s rdfs:label ?v }"
    assert run_query(engine, labelled, {"v": value}).rows == ()
    assert engine.triple_count() == before


# Updates ----------------------------------------------------------------------------------

UPDATES = {
    "insert": "INSERT DATA { <http://a> <http://b> <http://c> }",
    "delete": "DELETE WHERE { ?s ?p ?o }",
    "load": "LOAD <http://127.0.0.1:9/data.ttl>",
    "clear": "CLEAR ALL",
    "drop": "DROP DEFAULT",
    "create": "CREATE GRAPH <http://a>",
    "add": "ADD DEFAULT TO <http://a>",
    "move": "MOVE DEFAULT TO <http://a>",
    "copy": "COPY DEFAULT TO <http://a>",
    "with": "WITH <http://a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "after-a-comment": "# SELECT * WHERE { ?s ?p ?o }\nDELETE WHERE { ?s ?p ?o }",
    "lower-case": "prefix ex: <http://e/> delete { ?s ?p ?o } insert { ?s ex:p 1 } "
    "where { ?s ?p ?o }",
}


@pytest.mark.parametrize("case", UPDATES)
def test_an_update_is_refused_and_the_graph_is_unchanged(engine: Engine, case: str) -> None:
    before = engine.triple_count()
    assert error_of(engine, UPDATES[case]) == UPDATE_REFUSED
    assert engine.triple_count() == before


# The time limit ---------------------------------------------------------------------------


@pytest.mark.parametrize("engine_name", ["rdflib", "oxigraph", "store"])
@pytest.mark.parametrize("text", [CARTESIAN, PATHS], ids=["cartesian", "paths"])
def test_a_query_past_the_time_limit_is_stopped(
    request: pytest.FixtureRequest, engine_name: str, text: str
) -> None:
    engine: Engine = request.getfixturevalue(f"{engine_name}_engine")
    started = time.monotonic()
    with pytest.raises(LimitError) as caught:
        run_query(engine, text, timeout=1)
    assert time.monotonic() - started < 5
    assert str(caught.value) == "the query ran longer than the time limit of 1 s (--timeout)"
    assert multiprocessing.active_children() == []  # the worker is gone
    assert run_query(engine, "ASK { ?s ?p ?o }", timeout=10).boolean is True


def test_a_late_endpoint_is_stopped_at_the_time_limit() -> None:
    with ScriptedServer() as server:
        server.reply = Reply(delay=5)
        endpoint = RemoteEngine(server.url + "/query", timeout=30)
        started = time.monotonic()
        with pytest.raises(LimitError) as caught:
            run_query(endpoint, "ASK {}", timeout=0.5)
        assert time.monotonic() - started < 3
    assert str(caught.value) == "the query ran longer than the time limit of 0.5 s (--timeout)"


def test_the_time_limit_names_the_query_file(oxigraph_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "slow.rq"
    path.write_text(CARTESIAN + "\n")
    with pytest.raises(LimitError) as caught:
        run_query(oxigraph_engine, load_query(path, require_header=False), timeout=0.5)
    assert caught.value.path == path


# The row limit ----------------------------------------------------------------------------


@pytest.mark.parametrize("timeout", [None, 30], ids=["in-process", "worker"])
def test_more_rows_than_the_limit_is_an_error(engine: Engine, timeout: float | None) -> None:
    with pytest.raises(LimitError) as caught:
        run_query(engine, "SELECT * WHERE { ?s ?p ?o }", max_rows=10, timeout=timeout)
    assert str(caught.value) == "the query returned more than 10 rows (--max-rows); add LIMIT"
    with pytest.raises(LimitError) as caught:
        run_query(engine, "CONSTRUCT WHERE { ?s ?p ?o }", max_rows=10, timeout=timeout)
    assert str(caught.value) == "the query returned more than 10 triples (--max-rows); add LIMIT"
    limited = run_query(engine, "SELECT * WHERE { ?s ?p ?o } LIMIT 10", max_rows=10)
    assert len(limited.rows) == 10


# Answers through the worker ---------------------------------------------------------------


def exact(result: QueryResult) -> object:
    """Everything a result holds, each term with its class, text, datatype and language."""

    def term(node: Node | None) -> object:
        if node is None:
            return None
        datatype, language = getattr(node, "datatype", None), getattr(node, "language", None)
        return (type(node).__name__, str(node), datatype, language)

    triples = sorted((tuple(term(t) for t in triple) for triple in result.graph or ()), key=repr)
    rows = tuple(tuple(term(t) for t in row) for row in result.rows)
    return (result.kind, result.vars, rows, result.boolean, triples, dict(result.prefixes))


#: (query, parameters): rows of IRIs, dates, language-tagged labels, blank nodes, counts.
COMPARED = [
    ("roles-as-of", {"actor": "ct:morocco"}),
    ("paragraph-facts", {}),
    ("events-in-range", {"from": "2024-01-01"}),
    ("SELECT ?b ?p ?o WHERE { ?b ?p ?o FILTER(isBlank(?b)) } ORDER BY ?p ?o", {}),
    ("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p", {}),
    ("ASK { ?s a ctg:Event }", {}),
    ("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }", {}),
    ("DESCRIBE ct:morocco", {}),
]


@pytest.mark.parametrize("engine_name", ["rdflib", "oxigraph", "store"])
def test_the_worker_gives_the_answer_of_the_engine_exactly(
    request: pytest.FixtureRequest, engine_name: str
) -> None:
    engine: Engine = request.getfixturevalue(f"{engine_name}_engine")
    catalog = Catalog()
    # rdflib takes seconds for the larger catalogue queries: the others suffice there
    compared = COMPARED[:1] + COMPARED[3:] if engine_name == "rdflib" else COMPARED
    for spec, params in compared:
        query = catalog.get(spec) if spec in catalog else parse_query(spec)
        direct = run_query(engine, query, params)
        limited = run_query(engine, query, params, timeout=60, max_rows=100_000)
        assert exact(limited) == exact(direct), spec
        assert limited == direct or direct.graph is not None, spec
    blank = run_query(engine, COMPARED[3][0], timeout=60)
    assert any(isinstance(row[0], BNode) for row in blank.rows)


def test_the_engine_s_own_error_comes_back_through_the_worker(
    rdflib_engine: RdflibEngine, oxigraph_engine: Engine
) -> None:
    for engine, text in [
        (rdflib_engine, OXIGRAPH_ONLY["unknown-prefix"][0]),
        (oxigraph_engine, OXIGRAPH_ONLY["select-star-group-by"][0]),
    ]:
        with pytest.raises(QueryError) as direct:
            run_query(engine, text)
        with pytest.raises(QueryError) as limited:
            run_query(engine, text, timeout=30)
        assert str(limited.value) == str(direct.value)
        assert not isinstance(limited.value, LimitError)


# Limits themselves ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"timeout": 0}, "the time limit must be more than 0 seconds, not 0"),
        ({"timeout": -1.5}, "the time limit must be more than 0 seconds, not -1.5"),
        ({"timeout": math.nan}, "the time limit must be more than 0 seconds, not nan"),
        ({"timeout": True}, "the time limit must be more than 0 seconds, not True"),
        ({"max_rows": 0}, "the row limit must be 1 or more, not 0"),
        ({"max_rows": 2.5}, "the row limit must be 1 or more, not 2.5"),
        ({"max_rows": False}, "the row limit must be 1 or more, not False"),
    ],
)
def test_a_limit_out_of_range_is_an_input_error(
    oxigraph_engine: Engine, limits: dict[str, float], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        run_query(oxigraph_engine, "ASK {}", **limits)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_without_fork_the_query_runs_in_process_with_a_warning(
    oxigraph_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "isolation_available", lambda: False)
    message = "the time limit of 30 s cannot be kept on this platform (no fork): the query runs"
    with pytest.warns(RuntimeWarning, match=re.escape(message)):
        result = run_query(oxigraph_engine, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", timeout=30)
    assert len(result.rows) == 3
    with pytest.warns(RuntimeWarning), pytest.raises(LimitError):
        run_query(oxigraph_engine, "SELECT * WHERE { ?s ?p ?o }", timeout=30, max_rows=2)
