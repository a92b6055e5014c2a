"""ctgraph.serve: the read-only SPARQL endpoint, with a real Oxigraph server behind it.

One endpoint serves the project's graph to most tests (module fixture); the
time limit, stopping and the temporary store start short-lived ones of their
own. Status codes follow the W3C SPARQL 1.1 Protocol tests where they name one.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ctgraph import Catalog, InputError, QueryError, run_query, sorted_rows
from ctgraph.catalog import QueryResult
from ctgraph.engine import Engine, from_oxigraph, open_engine
from ctgraph.serve import (
    RefusedQueryError,
    Server,
    _ask_oxigraph,
    _GatewayError,
    _Limits,
    check_query,
    is_loopback,
    negotiate,
    prepare_store,
    serve,
)
from servers import Reply, ScriptedServer, require_oxigraph

from conftest import GRAPH, ONTOLOGY

MAX_ROWS = 100
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
JSON = "application/sparql-results+json"
#: The catalogue queries compared with the embedded engine: no parameter defaults, under MAX_ROWS.
COMPARED = ("actor-network", "partnerships", "places", "planned-events", "topics")
#: Long enough to pass any time limit of a few seconds: a count over three copies of the graph.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def call(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
) -> Answer:
    """Send one request; an error status is an answer too."""
    request = urllib.request.Request(url, data=body, headers=dict(headers or {}), method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Answer(response.status, _lower(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, _lower(error.headers), error.read())


def _lower(headers: object) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}  # type: ignore[attr-defined]


def get(server: Server, query: str, accept: str | None = None, **params: str) -> Answer:
    fields = {"query": query, **{k.replace("_", "-"): v for k, v in params.items()}}
    url = server.query_url + "?" + urllib.parse.urlencode(fields)
    return call(url, headers={"Accept": accept} if accept else None)


def post(server: Server, query: str, accept: str | None = None) -> Answer:
    headers = {"Content-Type": DIRECT, **({"Accept": accept} if accept else {})}
    return call(server.query_url, method="POST", body=query.encode("utf-8"), headers=headers)


def rows_of(answer: Answer) -> tuple[tuple[Node | None, ...], ...]:
    """The rows of a SPARQL JSON answer as rdflib terms, blank nodes made one placeholder."""
    assert answer.status == 200, answer.text
    parsed = ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    width = len(parsed.variables)
    return sorted_rows(
        tuple(tuple(_plain(from_oxigraph(s[i])) for i in range(width)) for s in parsed)
    )


def _plain(term: Node | None) -> Node | None:
    return BNode("b") if isinstance(term, BNode) else term


def engine_rows(result: QueryResult) -> tuple[tuple[Node | None, ...], ...]:
    return sorted_rows(tuple(tuple(_plain(t) for t in row) for row in result.rows))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's graph in a store folder, as ``--store`` fills it."""
    require_oxigraph()
    return prepare_store(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[Server]:
    with Server(store, port=0, timeout_s=20, max_rows=MAX_ROWS) as running:
        yield running


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    embedded = open_engine(engine="oxigraph")
    yield embedded
    embedded.close()


class Listener:
    """A plain TCP server on a free loopback port that records every connection made to it."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.05)
        self.port = int(self._socket.getsockname()[1])
        self.connections = 0
        self._open = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while self._open:
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._open = False
        self._thread.join(timeout=5)
        self._socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


# Answers --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", COMPARED)
def test_catalogue_queries_give_the_rows_of_the_embedded_engine(
    server: Server, engine: Engine, name: str
) -> None:
    query = Catalog().get(name)
    expected = run_query(engine, query)
    assert expected.rows and len(expected.rows) <= MAX_ROWS
    assert rows_of(post(server, query.text)) == engine_rows(expected)


def test_get_form_and_direct_post_give_the_same_rows(server: Server) -> None:
    text = Catalog().get("partnerships").text
    form = urllib.parse.urlencode({"query": text}).encode("ascii")
    by_form = call(server.query_url, method="POST", body=form, headers={"Content-Type": FORM})
    assert rows_of(get(server, text)) == rows_of(by_form) == rows_of(post(server, text))


def test_the_project_prefixes_need_no_declaration(server: Server, engine: Engine) -> None:
    text = "SELECT ?paragraph WHERE { ?paragraph a ctg:Paragraph }"
    assert rows_of(get(server, text)) == engine_rows(engine.query(text)) != ()


def test_ask_construct_and_describe(server: Server, engine: Engine) -> None:
    for text, expected_answer in (("ASK { ?s a owl:Class }", True), ("ASK { ?s a ?s }", False)):
        assert engine.query(text).boolean is expected_answer
        assert json.loads(post(server, text).body) == {"head": {}, "boolean": expected_answer}
    text = "CONSTRUCT { ?paragraph a ctg:Paragraph } WHERE { ?paragraph a ctg:Paragraph }"
    answer = post(server, text)
    assert answer.status == 200 and answer.content_type == "text/turtle"
    expected = engine.query(text).graph
    assert expected is not None and len(expected) > 0
    assert set(Graph().parse(data=answer.text, format="turtle")) == set(expected)
    unit = next(iter(expected.subjects()))
    answer = post(server, f"DESCRIBE <{unit}>", accept="application/n-triples")
    assert answer.content_type == "application/n-triples"
    assert (unit, None, None) in Graph().parse(data=answer.text, format="nt")


def test_the_dataset_parameters_are_forwarded(server: Server) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(str(rows_of(get(server, count))[0][0])) > 0
    elsewhere = get(server, count, default_graph_uri="http://example.org/no-such-graph")
    assert rows_of(elsewhere) == ((Literal(0),),)


# Content negotiation --------------------------------------------------------------------

ROWS = "SELECT ?class ?label WHERE { ?class a owl:Class ; rdfs:label ?label } ORDER BY ?class"
GRAPH_QUERY = "CONSTRUCT WHERE { ?class a owl:Class ; rdfs:label ?label }"


@pytest.mark.parametrize(
    ("accept", "media_type", "results_format"),
    [
        (None, JSON, ox.QueryResultsFormat.JSON),
        ("*/*", JSON, ox.QueryResultsFormat.JSON),
        ("application/json", JSON, ox.QueryResultsFormat.JSON),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            ox.QueryResultsFormat.XML,
        ),
        ("text/csv", "text/csv", None),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        (
            "text/csv;q=0.5, text/tab-separated-values",
            "text/tab-separated-values",
            ox.QueryResultsFormat.TSV,
        ),
        ("text/*, */*;q=0.1", "text/csv", None),
    ],
)
def test_rows_come_in_the_accepted_format(
    server: Server,
    accept: str | None,
    media_type: str,
    results_format: ox.QueryResultsFormat | None,
) -> None:
    """Each answer is read back: pyoxigraph has no CSV reader, so CSV is read as plain CSV."""
    answer = get(server, ROWS, accept)
    assert answer.status == 200 and answer.content_type == media_type
    assert answer.headers["vary"] == "Accept"
    expected = len(rows_of(get(server, ROWS)))
    if results_format is None:
        table = list(csv.reader(io.StringIO(answer.text, newline="")))
        assert table[0] == ["class", "label"] and len(table) - 1 == expected > 0
        return
    parsed = ox.parse_query_results(answer.body, results_format)
    assert isinstance(parsed, ox.QuerySolutions)
    assert len(list(parsed)) == expected > 0


@pytest.mark.parametrize(
    ("accept", "media_type", "rdf_format"),
    [
        (None, "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        # What the W3C test query_content_type_construct sends.
        ("application/rdf+xml, application/rdf+json, text/turtle", "text/turtle", "turtle"),
    ],
)
def test_graphs_come_in_the_accepted_format(
    server: Server, engine: Engine, accept: str | None, media_type: str, rdf_format: str
) -> None:
    answer = post(server, GRAPH_QUERY, accept)
    assert answer.status == 200 and answer.content_type == media_type
    expected = engine.query(GRAPH_QUERY).graph
    assert expected is not None and 0 < len(expected) <= MAX_ROWS
    assert set(Graph().parse(data=answer.body, format=rdf_format)) == set(expected)


@pytest.mark.parametrize(
    ("text", "accept"),
    [
        (ROWS, "image/png"),
        (ROWS, "text/turtle"),
        ("ASK {}", "text/csv"),  # CSV has no form for a boolean
        ("CONSTRUCT WHERE { ?s ?p ?o }", JSON),
        (ROWS, f"{JSON};q=0"),
    ],
)
def test_nothing_acceptable_is_406(server: Server, text: str, accept: str) -> None:
    answer = get(server, text, accept)
    assert answer.status == 406
    assert answer.content_type == "text/plain"


def test_negotiation_prefers_quality_then_the_endpoint_order() -> None:
    assert negotiate("select", None) is negotiate("select", "*/*")
    fmt = negotiate("select", "text/csv;q=0.9, application/sparql-results+xml")
    assert fmt is not None and fmt.media_type == "application/sparql-results+xml"
    fmt = negotiate("select", "text/tab-separated-values, text/csv")
    assert fmt is not None and fmt.media_type == "text/csv"
    fmt = negotiate("construct", "text/*;q=0.1, application/*")
    assert fmt is not None and fmt.media_type == "application/n-triples"
    assert negotiate("ask", "text/tab-separated-values") is None


# The query page -------------------------------------------------------------------------


def test_the_query_page_and_its_files_are_served(server: Server) -> None:
    page = call(server.url)
    assert page.status == 200 and page.content_type == "text/html"
    assert "yasgui" in page.text and '"/sparql"' in page.text
    for path, media_type in (
        ("yasgui.min.js", "application/javascript"),
        ("yasgui.min.css", "text/css"),
        ("logo.svg", "image/svg+xml"),
    ):
        asset = call(server.url + path)
        assert asset.status == 200 and asset.content_type == media_type and asset.body


def test_what_the_query_page_posts_is_answered(server: Server) -> None:
    """YASGUI posts a form to /sparql, with its own Accept headers for rows and for graphs."""
    form = urllib.parse.urlencode({"query": ROWS}).encode("ascii")
    headers = {"Content-Type": FORM, "Accept": f"{JSON},*/*;q=0.9"}
    answer = call(server.url + "sparql", method="POST", body=form, headers=headers)
    assert answer.status == 200 and answer.content_type == JSON
    assert rows_of(answer) == rows_of(get(server, ROWS))
    form = urllib.parse.urlencode({"query": GRAPH_QUERY}).encode("ascii")
    headers = {"Content-Type": FORM, "Accept": "text/turtle,*/*;q=0.9"}
    answer = call(server.url + "sparql", method="POST", body=form, headers=headers)
    assert answer.status == 200 and answer.content_type == "text/turtle"


@pytest.mark.parametrize("path", ["favicon.ico", "index.html", "query/", "static/../update"])
def test_other_paths_are_404(server: Server, path: str) -> None:
    answer = call(server.url + path)
    assert answer.status == 404
    assert answer.content_type == "text/plain"


def test_the_page_is_get_only(server: Server) -> None:
    answer = call(server.url, method="POST", body=b"x", headers={"Content-Type": FORM})
    assert answer.status == 405 and answer.headers["allow"] == "GET"


# Protocol errors ------------------------------------------------------------------------


def bare_post(server: Server, body: bytes) -> Answer:
    """POST ``body`` to the query endpoint with no Content-Type (urllib would add one)."""
    connection = http.client.HTTPConnection("127.0.0.1", port_of(server))
    try:
        connection.request("POST", "/query", body=body)
        response = connection.getresponse()
        return Answer(response.status, _lower(response.headers), response.read())
    finally:
        connection.close()


def port_of(server: Server) -> int:
    return int(urllib.parse.urlsplit(server.url).port or 0)


def protocol_request(server: Server, case: str) -> Answer:
    """The requests of the W3C protocol tests' negative cases, and a few more."""
    q = server.query_url
    ask = urllib.parse.quote("ASK {}")
    if case == "bad_query_method":
        return call(f"{q}?query={ask}", method="PUT", body=b"")
    if case == "bad_query_method_delete":
        return call(f"{q}?query={ask}", method="DELETE")
    if case == "bad_multiple_queries":
        return call(f"{q}?query={ask}&query={urllib.parse.quote('SELECT * {}')}")
    if case == "bad_multiple_queries_post":
        body = f"query={ask}".encode()
        return call(f"{q}?query={ask}", method="POST", body=body, headers={"Content-Type": FORM})
    if case == "bad_query_wrong_media_type":
        return call(q, method="POST", body=b"ASK {}", headers={"Content-Type": "text/plain"})
    if case == "bad_query_missing_form_type":
        return bare_post(server, f"query={ask}".encode())
    if case == "bad_query_missing_direct_type":
        return bare_post(server, b"ASK {}")
    if case == "bad_query_non_utf8":
        headers = {"Content-Type": f"{DIRECT}; charset=UTF-16"}
        return call(q, method="POST", body="ASK {}".encode("utf-16"), headers=headers)
    if case == "bad_query_bytes_not_utf8":
        return call(
            q, method="POST", body=b'ASK { ?s ?p "\xff" }', headers={"Content-Type": DIRECT}
        )
    if case == "bad_query_form_not_utf8":
        return call(f"{q}?query=ASK%20%7B%7D%FF")
    if case == "bad_query_syntax":
        return call(f"{q}?query={urllib.parse.quote('ASK {')}")
    if case == "no_query":
        return call(q)
    if case == "empty_query":
        return call(f"{q}?query=")
    if case == "comment_query":
        return call(f"{q}?query={urllib.parse.quote('# nothing but a comment')}")
    if case == "bad_update_get":
        return call(f"{q}?update={urllib.parse.quote('CLEAR ALL')}")
    if case == "update_in_query":
        return call(f"{q}?query={urllib.parse.quote('CLEAR ALL')}")
    if case == "update_post_form":
        body = f"update={urllib.parse.quote('CLEAR ALL')}".encode()
        return call(q, method="POST", body=body, headers={"Content-Type": FORM})
    if case == "update_post_direct":
        headers = {"Content-Type": "application/sparql-update"}
        return call(q, method="POST", body=b"CLEAR ALL", headers=headers)
    if case == "update_endpoint":
        headers = {"Content-Type": "application/sparql-update"}
        return call(server.url + "update", method="POST", body=b"CLEAR ALL", headers=headers)
    if case == "update_endpoint_get":
        return call(server.url + f"update?update={urllib.parse.quote('CLEAR ALL')}")
    if case == "graph_store_put":
        body = b"<http://a> <http://b> <http://c> ."
        headers = {"Content-Type": "application/n-triples"}
        return call(server.url + "store?default", method="PUT", body=body, headers=headers)
    if case == "graph_store_get":
        return call(server.url + "store?default")
    raise AssertionError(case)


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("bad_query_method", 405),
        ("bad_query_method_delete", 405),
        ("bad_multiple_queries", 400),
        ("bad_multiple_queries_post", 400),
        ("bad_query_wrong_media_type", 415),
        ("bad_query_missing_form_type", 415),
        ("bad_query_missing_direct_type", 415),
        ("bad_query_non_utf8", 415),
        ("bad_query_bytes_not_utf8", 400),
        ("bad_query_form_not_utf8", 400),
        ("bad_query_syntax", 400),
        ("no_query", 400),
        ("empty_query", 400),
        ("comment_query", 400),
        ("bad_update_get", 403),
        ("update_in_query", 403),
        ("update_post_form", 403),
        ("update_post_direct", 403),
        ("update_endpoint", 403),
        ("update_endpoint_get", 403),
        ("graph_store_put", 403),
        ("graph_store_get", 403),
    ],
)
def test_protocol_errors_have_their_status(server: Server, case: str, status: int) -> None:
    answer = protocol_request(server, case)
    assert answer.status == status, answer.body
    assert answer.content_type == "text/plain"
    assert answer.text.endswith("\n") and answer.text.count("\n") == 1  # one line
    if status == 405:
        assert answer.headers["allow"] == "GET, POST"


def test_a_syntax_error_says_where(server: Server) -> None:
    answer = get(server, "SELECT * WHERE {\n  ?s ?p\n}")
    assert answer.status == 400
    assert answer.text.startswith("line 2, column 3: bad SPARQL")


def test_the_connection_stays_usable_after_an_error(server: Server) -> None:
    """Keep-alive: a refused request's body is read, so the next request on the socket works."""
    connection = http.client.HTTPConnection("127.0.0.1", port_of(server))
    try:
        connection.request("POST", "/query", body=b"ASK {}", headers={"Content-Type": "text/plain"})
        first = connection.getresponse()
        first.read()
        connection.request("POST", "/query", body=b"ASK {}", headers={"Content-Type": DIRECT})
        second = connection.getresponse()
        assert (first.status, second.status) == (415, 200)
        assert json.loads(second.read())["boolean"] is True
    finally:
        connection.close()


# SERVICE and updates --------------------------------------------------------------------

#: Queries whose SERVICE a lexer alone misreads (Oxigraph parses each with SERVICE live),
#: with the plain ones; ``{url}`` is the listener's.
REACHING_OUT = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { service silent <{url}> { ?s ?p ?o } }",
    "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    "CONSTRUCT WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { {} .SERVICE <{url}> { ?s ?p ?o } }",
    "ASK { {} .SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 1SERVICE <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p falseSERVICE <{url}> { ?a ?b ?c } }",
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:.SERVICE <{url}> { ?a ?b ?c } }",
    "PREFIX ex: <http://e/> SELECT * WHERE { {} BIND(ex:a\\' AS ?x) SERVICE <{url}> { ?a ?b ?c }"
    " BIND('x' AS ?z) }",
    "PREFIX ex: <http://e/> SELECT * WHERE { {} BIND(ex:a\\# AS ?x) SERVICE <{url}> { ?a ?b ?c } }",
    'SELECT * WHERE { {} FILTER(1<2)#> """\n SERVICE <{url}> { ?a ?b ?c }\n # """\n}',
    "SELECT * WHERE { ?a <http://x/\u00a0#> ?c . SERVICE <{url}> { ?x ?y ?z } }",
]


@pytest.mark.parametrize("template", REACHING_OUT)
def test_service_is_refused_before_anything_is_called(
    server: Server, listener: Listener, template: str
) -> None:
    text = template.replace("{url}", f"http://127.0.0.1:{listener.port}/sparql")
    answer = post(server, text)
    assert answer.status in (400, 403), answer.text  # 400: a query only Oxigraph would read
    assert answer.text.count("\n") == 1
    if "SERVICE" in answer.text:
        assert answer.status == 403
    time.sleep(0.1)
    assert listener.connections == 0


def test_oxigraph_alone_would_call_the_service(server: Server, listener: Listener) -> None:
    """The control for the test above: the listener does see a call when nothing guards."""
    text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"
    call(server.upstream_url + "/query?" + urllib.parse.urlencode({"query": text}))
    deadline = time.monotonic() + 10
    while listener.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener.connections > 0


def test_from_and_dataset_iris_are_not_fetched(server: Server, listener: Listener) -> None:
    """Oxigraph reads FROM and the dataset parameters as names of its own graphs, never URLs."""
    url = f"http://127.0.0.1:{listener.port}/data.ttl"
    text = f"SELECT * FROM <{url}> FROM NAMED <{url}> WHERE {{ ?s ?p ?o }}"
    assert rows_of(get(server, text)) == ()
    plain = "SELECT * WHERE { ?s ?p ?o }"
    assert rows_of(get(server, plain, default_graph_uri=url, named_graph_uri=url)) == ()
    time.sleep(0.1)
    assert listener.connections == 0


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { ?a ?b ?c }" }',
        "SELECT * WHERE { ?s ?p '''\nSERVICE <http://127.0.0.1:9/> {}\n''' }",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:has-service|ex:a.service ?o }",
        "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:x ?o }",
        "SELECT ?service WHERE { ?service ?p <http://example.org/SERVICE> }",
        "# SERVICE in a comment\nSELECT * WHERE { ?s ?p ?o } LIMIT 1",
    ],
)
def test_service_that_is_no_keyword_is_allowed(server: Server, text: str) -> None:
    assert check_query(text).kind == "select"
    assert get(server, text).status == 200


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <http://a>",
        "CREATE GRAPH <http://a>",
        "ADD DEFAULT TO <http://a>",
        "MOVE DEFAULT TO <http://a>",
        "COPY DEFAULT TO <http://a>",
        "WITH <http://a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://e/> INSERT { ?s ex:p ?service } WHERE { ?s ?p ?service }",
    ],
)
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(RefusedQueryError, match="read-only") as caught:
        check_query(text)
    assert caught.value.status == 403


def test_check_query_reports_syntax_as_a_query_error() -> None:
    with pytest.raises(QueryError, match="bad SPARQL") as caught:
        check_query("SELECT ?service WHERE { ?service ?p }")
    assert not isinstance(caught.value, RefusedQueryError)


# Limits ---------------------------------------------------------------------------------


def test_more_rows_than_the_limit_is_an_error(server: Server) -> None:
    answer = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert answer.status == 422
    assert f"more than {MAX_ROWS} rows" in answer.text
    # A catalogue query over the limit, and a cross product that would stream for long.
    assert post(server, Catalog().get("paragraph-facts").text).status == 422
    started = time.monotonic()
    assert get(server, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }").status == 422
    assert time.monotonic() - started < 5


def test_more_triples_than_the_limit_is_an_error(server: Server) -> None:
    answer = post(server, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert answer.status == 422
    assert f"more than {MAX_ROWS} triples" in answer.text
    exactly = post(server, f"CONSTRUCT WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert exactly.status == 200


def test_the_limit_itself_is_allowed(server: Server) -> None:
    answer = get(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert len(rows_of(answer)) == MAX_ROWS


def test_the_time_limit_is_an_error_and_stop_leaves_nothing(store: Path) -> None:
    running = Server(store, port=0, timeout_s=1, max_rows=MAX_ROWS).start()
    pid = running.process_id
    assert pid is not None
    port = port_of(running)
    try:
        started = time.monotonic()
        answer = get(running, SLOW)
        elapsed = time.monotonic() - started
        assert answer.status == 504, answer.text
        assert answer.text == "the query exceeded the time limit of 1 s\n"
        assert elapsed < 1 + 3
        assert get(running, "ASK {}").status == 200  # the server is still there
    finally:
        running.stop()
    running.stop()  # twice is harmless
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    assert not running.running


def test_a_temporary_store_is_removed(tmp_path: Path) -> None:
    with serve([ONTOLOGY], [GRAPH], port=0, timeout_s=5) as running:
        assert running.owned and all(folder.is_dir() for folder in running.owned)
        folders = list(running.owned)
        expected = open_engine([ONTOLOGY], [GRAPH], engine="oxigraph")
        try:
            text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50"
            count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
            assert rows_of(get(running, count)) == engine_rows(expected.query(count))
            assert len(rows_of(get(running, text))) == min(50, expected.triple_count())
        finally:
            expected.close()
    assert not any(folder.exists() for folder in folders)


# Cut-off answers, with a scripted upstream -----------------------------------------------


@pytest.fixture(scope="module")
def scripted() -> Iterator[ScriptedServer]:
    with ScriptedServer() as running:
        yield running


def _through(
    scripted: ScriptedServer, reply: Reply, text: str = "SELECT * WHERE { ?s ?p ?o }"
) -> None:
    scripted.reply = reply
    port = int(scripted.url.rsplit(":", 1)[1])
    _ask_oxigraph(_Limits(port, timeout_s=1, max_rows=MAX_ROWS), check_query(text), [], [])


HEAD = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://a"}}'


@pytest.mark.parametrize(
    ("reply", "status", "message"),
    [
        (Reply(body=HEAD + b"The SPARQL operation has been cancelled"), 504, "time limit of 1 s"),
        (Reply(body=HEAD), 502, "broken answer"),
        (Reply(body=HEAD + b"]}}", length=len(HEAD) + 100), 502, "broken answer"),
        (Reply(body=b"", delay=1.2), 504, "time limit of 1 s"),
        (Reply(status=500, body=b"The SPARQL operation has been cancelled"), 504, "time limit"),
        (Reply(status=500, body=b"disk on fire"), 502, "disk on fire"),
        (Reply(status=400, body=b"error at 1:2: nope"), 400, "nope"),
    ],
)
def test_a_cut_off_answer_is_never_a_result(
    scripted: ScriptedServer, reply: Reply, status: int, message: str
) -> None:
    with pytest.raises(_GatewayError) as caught:
        _through(scripted, reply)
    assert caught.value.status == status
    assert message in caught.value.reason


def test_a_complete_answer_is_read(scripted: ScriptedServer) -> None:
    scripted.reply = Reply(body=HEAD + b"]}}")
    port = int(scripted.url.rsplit(":", 1)[1])
    result = _ask_oxigraph(
        _Limits(port, timeout_s=1, max_rows=MAX_ROWS), check_query("SELECT ?s {}"), [], []
    )
    assert result.rows == ((URIRef("http://a"),),)
    received = scripted.received[-1]
    assert received.headers["accept"] == JSON
    form = urllib.parse.parse_qs(received.body.decode("ascii"))
    assert form["query"][0].endswith("SELECT ?s {}") and "PREFIX ctg:" in form["query"][0]


# Settings -------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1", "example.org", ""])
def test_a_remote_host_needs_allow_remote(store: Path, host: str) -> None:
    with pytest.raises(InputError, match="allow_remote"):
        Server(store, host=host)
    with pytest.raises(InputError, match="allow_remote"):
        serve(host=host)  # refused before anything is loaded
    assert not Server(store, host=host, allow_remote=True).running  # allowed, not started


def test_loopback_hosts() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.1", "my-host", ""))


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"port": 70000}, "port"),
        ({"timeout_s": 0}, "time limit"),
        ({"timeout_s": 1.5}, "time limit"),
        ({"max_rows": 0}, "row limit"),
    ],
)
def test_settings_out_of_range_are_refused(
    store: Path, settings: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        Server(store, **settings)  # type: ignore[arg-type]


def test_a_folder_that_is_no_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a ctgraph store"):
        Server(tmp_path)


def test_a_taken_port_is_an_input_error(server: Server, store: Path) -> None:
    port = port_of(server)
    with pytest.raises(InputError, match="cannot listen"):
        Server(store, port=port).start()
