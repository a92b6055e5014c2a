"""No network and no file but the graph: queries naming SERVICE or FROM are refused before they run.

A plain TCP listener on a free loopback port records every connection made to
it (:class:`test_serve.Listener`). Each query names it, on the rdflib and
Oxigraph engines and on a remote endpoint (an Oxigraph server, which would call
out too), and each test asserts the exact error and that no connection was
made. The controls show that the engines alone do call it, that rdflib alone
reads a file named in FROM, and that ``allow_service`` lets SERVICE through.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal

from ctgraph import LoadedGraph, QueryError, load_query, run_query
from ctgraph.catalog import FROM_REFUSED, SERVICE_REFUSED, check_confined, mask_keyword
from ctgraph.engine import Engine, OxigraphEngine, RdflibEngine
from ctgraph.remote import RemoteEngine
from servers import OxigraphServer
from test_serve import Listener

from conftest import GRAPH, ONTOLOGY

UPDATE_REFUSED = "SPARQL Update is not allowed; ctgraph only reads"
ENGINES = ("rdflib", "oxigraph", "remote")


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


def connections(listener: Listener) -> int:
    """The connections made so far, once the listener had time to accept any in flight."""
    time.sleep(0.1)
    return listener.connections


@pytest.fixture(scope="module")
def rdflib_engine(loaded: LoadedGraph) -> RdflibEngine:
    return RdflibEngine(loaded)


@pytest.fixture(scope="module")
def oxigraph_engine() -> Iterator[OxigraphEngine]:
    engine = OxigraphEngine()
    engine.load([ONTOLOGY, GRAPH])
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def remote_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteEngine]:
    """An empty Oxigraph server: it would call any SERVICE it is sent."""
    with OxigraphServer(tmp_path_factory.mktemp("endpoint")) as server:
        yield RemoteEngine(server.query_url, timeout=20)


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Engine:
    found: Engine = request.getfixturevalue(f"{request.param}_engine")
    return found


def refusal(engine: Engine, text: str, *, allow_service: bool = False) -> str:
    """The one-line error ``run_query`` raises for ``text``."""
    with pytest.raises(QueryError) as caught:
        run_query(engine, text, allow_service=allow_service)
    message = str(caught.value)
    assert "\n" not in message
    return message


# Refused on every engine --------------------------------------------------------------

#: Queries naming ``{url}``, the listener, and the error every engine gives.
REFUSED = {
    "service": ("SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }", SERVICE_REFUSED),
    "service-silent": ("select * where { service silent <{url}> { ?s ?p ?o } }", SERVICE_REFUSED),
    "service-ask": ("ASK { SERVICE <{url}> { ?s ?p ?o } }", SERVICE_REFUSED),
    "service-variable": (
        "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        SERVICE_REFUSED,
    ),
    "service-in-exists": (
        "SELECT * WHERE { FILTER EXISTS { SERVICE <{url}> {} } }",
        SERVICE_REFUSED,
    ),
    "service-in-subquery": (
        "SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}> {} } } }",
        SERVICE_REFUSED,
    ),
    # the lexer is misled (a dot before the keyword, escapes in names, a "<" that compares)
    "service-after-dot": ("SELECT * WHERE { {} .SERVICE <{url}> { ?s ?p ?o } }", SERVICE_REFUSED),
    "service-after-dot-ask": ("ASK { {} .SERVICE <{url}> { ?s ?p ?o } }", SERVICE_REFUSED),
    "service-after-name-dot": (
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:.SERVICE <{url}> { ?a ?b ?c } }",
        SERVICE_REFUSED,
    ),
    "service-after-escaped-quote": (
        "PREFIX ex: <http://e/> SELECT * WHERE { {} BIND(ex:a\\' AS ?x) "
        "SERVICE <{url}> { ?a ?b ?c } BIND('x' AS ?z) }",
        SERVICE_REFUSED,
    ),
    "service-after-comparison": (
        'SELECT * WHERE { {} FILTER(1<2)#> """\n SERVICE <{url}> { ?a ?b ?c }\n # """\n}',
        SERVICE_REFUSED,
    ),
    # rdflib reads a long s as an S, and a dotless i as an I
    "service-long-s": ("SELECT * WHERE { \u017fERVICE <{url}> { ?s ?p ?o } }", SERVICE_REFUSED),
    "service-dotless-i": ("SELECT * WHERE { SERV\u0131CE <{url}> { ?s ?p ?o } }", SERVICE_REFUSED),
    "from": ("SELECT * FROM <{url}> WHERE { ?s ?p ?o }", FROM_REFUSED),
    "from-named": ("SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?s ?p ?o } }", FROM_REFUSED),
    "from-ask": ("ASK FROM <{url}> { ?s ?p ?o }", FROM_REFUSED),
    "from-construct": (
        "CONSTRUCT { ?s ?p ?o } FROM NAMED <{url}> WHERE { ?s ?p ?o }",
        FROM_REFUSED,
    ),
    "from-describe": ("DESCRIBE ?s FROM <{url}> WHERE { ?s ?p ?o }", FROM_REFUSED),
    "from-service": (
        "SELECT * FROM <{url}> WHERE { SERVICE <{url}> { ?s ?p ?o } }",
        SERVICE_REFUSED,
    ),
    "load": ("LOAD <{url}>", UPDATE_REFUSED),
    "load-silent": ("LOAD SILENT <{url}> INTO GRAPH <http://e/g>", UPDATE_REFUSED),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_query_that_reaches_out_is_refused_and_calls_nothing(
    engine: Engine, listener: Listener, case: str
) -> None:
    template, message = REFUSED[case]
    text = template.replace("{url}", f"http://127.0.0.1:{listener.port}/sparql")
    assert refusal(engine, text) == message
    assert connections(listener) == 0


#: Keywords that only rdflib reads, written with ``\\u`` escapes: rdflib's engine (and a
#: remote one) refuse them, Oxigraph's reads no keyword and reports a syntax error.
ESCAPED = {
    "service": (
        "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
        SERVICE_REFUSED,
        "line 1, column 26: bad SPARQL: expected OPTIONAL",
    ),
    "from": (
        "SELECT * \\u0046ROM <{url}> WHERE { ?s ?p ?o }",
        FROM_REFUSED,
        "line 1, column 16: bad SPARQL: expected DISTINCT",
    ),
}


@pytest.mark.parametrize("case", ESCAPED)
def test_keywords_written_with_escapes_are_refused_as_each_engine_reads_them(
    engine: Engine, listener: Listener, case: str
) -> None:
    template, refused, oxigraph_error = ESCAPED[case]
    text = template.replace("{url}", f"http://127.0.0.1:{listener.port}/")
    assert refusal(engine, text) == (oxigraph_error if engine.name == "oxigraph" else refused)
    assert connections(listener) == 0


#: Queries a lexer reading only SERVICE would miss, which neither parser reads as written:
#: refused as bad SPARQL (rdflib's message), before Oxigraph could read them its own way.
UNREADABLE = {
    "construct-where-service": (
        "CONSTRUCT WHERE { SERVICE <{url}> { ?s ?p ?o } }",
        "line 1, column 19: bad SPARQL: Expected ConstructQuery",
    ),
    "number-then-service": (
        "SELECT * WHERE { ?s ?p 1SERVICE <{url}> { ?a ?b ?c } }",
        "line 1, column 25: bad SPARQL: Expected SelectQuery",
    ),
    "false-then-service": (
        "SELECT * WHERE { ?s ?p falseSERVICE <{url}> { ?a ?b ?c } }",
        "line 1, column 18: bad SPARQL: Expected SelectQuery",
    ),
    "escaped-hash-then-service": (
        "PREFIX ex: <http://e/> SELECT * WHERE { {} BIND(ex:a\\# AS ?x) "
        "SERVICE <{url}> { ?a ?b ?c } }",
        "line 1, column 63: bad SPARQL: Expected SelectQuery",
    ),
    "no-break-space-iri-then-service": (
        "SELECT * WHERE { ?a <http://x/\u00a0#> ?c . SERVICE <{url}> { ?x ?y ?z } }",
        "line 1, column 40: bad SPARQL: Expected SelectQuery",
    ),
}


@pytest.mark.parametrize("case", UNREADABLE)
def test_queries_only_oxigraph_would_read_with_service_are_refused(
    engine: Engine, listener: Listener, case: str
) -> None:
    template, message = UNREADABLE[case]
    text = template.replace("{url}", f"http://127.0.0.1:{listener.port}/")
    assert refusal(engine, text) == message
    assert connections(listener) == 0


def test_the_refusal_names_the_query_file(oxigraph_engine: OxigraphEngine, tmp_path: Path) -> None:
    path = tmp_path / "reach.rq"
    path.write_text("SELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n}\n")
    with pytest.raises(QueryError) as caught:
        run_query(oxigraph_engine, load_query(path, require_header=False))
    assert caught.value.path == path
    assert caught.value.message == SERVICE_REFUSED


# What stays allowed -------------------------------------------------------------------

#: Queries with the letters of SERVICE or FROM, or a backslash, that name neither.
ALLOWED = {
    "in-a-string": 'SELECT ?s WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> FROM <x>" }',
    "in-a-long-string": "SELECT ?s WHERE { ?s ?p '''\nSERVICE <http://127.0.0.1:9/> {}\n''' }",
    "in-names": "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:SERVICE|ex:from|ex:a.service ?o }",
    "as-prefixes": "PREFIX service: <http://e/> PREFIX from: <http://f/> "
    "SELECT * WHERE { ?s service:x from:y }",
    "as-variables": "SELECT ?service ?from WHERE { ?service ?from <http://e/SERVICE> }",
    "in-comments": "# SERVICE <x>, rows FROM the graph\nSELECT * WHERE { ?s ?p ?o } LIMIT 0",
    "escape-in-a-string": 'SELECT * WHERE { ?s ?p "\\u0053ERVICE" }',
}


@pytest.mark.parametrize("case", ALLOWED)
def test_service_and_from_that_are_no_keywords_are_allowed(engine: Engine, case: str) -> None:
    result = run_query(engine, ALLOWED[case])
    assert result.kind == "select"


def test_an_escape_in_a_string_is_the_character(engine: Engine) -> None:
    result = run_query(engine, 'SELECT ?x WHERE { BIND("\\u0053ERVICE" AS ?x) }')
    assert result.rows == ((Literal("SERVICE"),),)


@pytest.mark.parametrize(
    ("case", "template"),
    [
        ("graph", "SELECT * WHERE { GRAPH <{url}> { ?s ?p ?o } }"),
        ("describe", "DESCRIBE <{url}>"),
        ("function", "SELECT * WHERE { BIND(<{url}>(1) AS ?x) }"),
        ("iri", "SELECT * WHERE { BIND(IRI('{url}') AS ?x) ?x ?p ?o }"),
    ],
)
def test_naming_an_iri_elsewhere_loads_nothing(
    rdflib_engine: RdflibEngine,
    oxigraph_engine: OxigraphEngine,
    listener: Listener,
    case: str,
    template: str,
) -> None:
    """GRAPH, DESCRIBE, a function or IRI() of the listener: answered or not, never fetched."""
    text = template.replace("{url}", f"http://127.0.0.1:{listener.port}/")
    for engine in (rdflib_engine, oxigraph_engine):
        try:
            run_query(engine, text)
        except QueryError as exc:  # rdflib's GRAPH on a plain graph; an unknown function
            assert "\n" not in str(exc)
    assert connections(listener) == 0


# Controls -----------------------------------------------------------------------------


def test_oxigraph_alone_calls_the_service(listener: Listener) -> None:
    """The listener sees a call when nothing guards: SILENT swallows the failed answer."""
    text = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/> {{ }} }}"
    answer = ox.Store().query(text)
    assert isinstance(answer, ox.QuerySolutions)
    assert len(list(answer)) == 1
    assert connections(listener) > 0


def test_rdflib_alone_reads_a_file_named_in_from(tmp_path: Path) -> None:
    """rdflib loads FROM's IRI into a dataset's default graph: a file as well as a URL."""
    secret = tmp_path / "secret.ttl"
    secret.write_text('<http://e/a> <http://e/b> "not in the graph" .\n')
    text = f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}"
    assert [str(row[0]) for row in Dataset().query(text)] == ["not in the graph"]  # type: ignore[index]
    with pytest.raises(QueryError) as caught:
        run_query(RdflibEngine(Dataset()), text)
    assert caught.value.message == FROM_REFUSED


@pytest.mark.parametrize("engine_name", ["oxigraph", "remote"])
def test_allow_service_lets_the_call_through(
    request: pytest.FixtureRequest, listener: Listener, engine_name: str
) -> None:
    """rdflib skips SERVICE SILENT without a call (its own bug), so it is left out here."""
    engine: Engine = request.getfixturevalue(f"{engine_name}_engine")
    text = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/> {{ }} }}"
    assert refusal(engine, text) == SERVICE_REFUSED
    assert connections(listener) == 0
    assert len(run_query(engine, text, allow_service=True).rows) == 1
    assert connections(listener) > 0


def test_allow_service_still_refuses_from(engine: Engine, listener: Listener) -> None:
    """An ASK, which Oxigraph evaluates as it parses it: the check calls nothing all the same."""
    url = f"http://127.0.0.1:{listener.port}/"
    text = f"ASK FROM <http://e/g> {{ SERVICE SILENT <{url}> {{ }} }}"
    assert refusal(engine, text, allow_service=True) == FROM_REFUSED
    assert connections(listener) == 0


# The check alone ----------------------------------------------------------------------


def test_mask_keyword_keeps_length_and_case() -> None:
    text = "SELECT ?service FROM <http://e/Service> WHERE { SERVICE <x> {} } # from"
    masked = mask_keyword(mask_keyword(text, "SERVICE"), "FROM")
    assert masked == "SELECT ?servicx FROX <http://e/Servicx> WHERE { SERVICX <x> {} } # frox"
    assert len(masked) == len(text)


@pytest.mark.parametrize("engine_name", [*ENGINES, None])
def test_check_confined_runs_nothing(engine_name: str | None) -> None:
    """An ASK naming a SERVICE is never evaluated by the check, whichever readings it makes."""
    started = time.monotonic()
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        check_confined("ASK { {} .SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", engine=engine_name)
    assert time.monotonic() - started < 5


def test_a_query_oxigraph_cannot_read_with_service_letters_gives_its_syntax_error(
    oxigraph_engine: OxigraphEngine, rdflib_engine: RdflibEngine
) -> None:
    """rdflib reads it; Oxigraph's error, away from the masked word, is reported as such."""
    text = "SELECT ?x (1 AS ?x) WHERE { ?x <http://e/service> ?o }"
    assert run_query(rdflib_engine, text).rows == ()
    assert refusal(oxigraph_engine, text) == (
        "line 1, column 55: bad SPARQL: The SELECT overrides an existing variable using an "
        "expression"
    )
