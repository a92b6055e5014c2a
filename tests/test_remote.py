"""Remote SPARQL stores: the seed pushed into a real Oxigraph server gives every catalogue
query the rows of the embedded engines; broken and slow servers give one-line errors.

One Oxigraph server (read-write, ``--union-default-graph``) serves the module; tests
that write something else start their own. A scripted HTTP server plays the servers that
misbehave: answers cut short, errors, redirects, silence.
"""

from __future__ import annotations

import re
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD
from rdflib.term import Node

from ctgraph import Catalog, InputError, LoadedGraph, QueryError, load_graph, run_query
from ctgraph.engine import OxigraphEngine, RdflibEngine
from ctgraph.export import serialize
from ctgraph.load import SourceFile
from ctgraph.lookup import LABEL_PROPERTIES
from ctgraph.paths import default_data
from ctgraph.remote import PushSummary, RemoteEngine, inline_bindings, push, sparql_term
from servers import OxigraphServer, Reply, ScriptedServer, free_port
from test_engine import RUNS

from conftest import FIXTURES, GRAPH, ONTOLOGY

CT = "https://w3id.org/ctgraph/id/"
GRAPHS = "https://w3id.org/ctgraph/graph/"
SECOND_SOURCE = FIXTURES / "projection-second-source.ttl"
COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _counts(engine: RemoteEngine) -> dict[str, int]:
    """Triples per named graph, as the server counts them."""
    return {str(g): int(str(n)) for g, n in engine.query(COUNTS).rows}


def _trig_counts(loaded: LoadedGraph) -> dict[str, int]:
    """Triples per named graph of the TriG export, read back by rdflib."""
    dataset = Dataset()
    dataset.parse(data=serialize(loaded, "trig"), format="trig")
    return {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}


@pytest.fixture(scope="module")
def seed() -> LoadedGraph:
    """The ontology and data/, as ctgraph loads them by default; tests must not change it."""
    return load_graph()


@pytest.fixture(scope="module")
def embedded(seed: LoadedGraph) -> RdflibEngine:
    return RdflibEngine(seed)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph")) as running:
        yield running


@pytest.fixture(scope="module")
def pushed(server: OxigraphServer, seed: LoadedGraph) -> PushSummary:
    return push(seed, server.store_url)


@pytest.fixture(scope="module")
def remote(server: OxigraphServer, pushed: PushSummary) -> RemoteEngine:
    return RemoteEngine(server.query_url)


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A server of its own, for a test that writes other data."""
    with OxigraphServer(tmp_path / "oxigraph") as running:
        yield running


@pytest.fixture(scope="module")
def scripted() -> Iterator[ScriptedServer]:
    with ScriptedServer() as running:
        yield running


@pytest.fixture
def fake(scripted: ScriptedServer) -> ScriptedServer:
    """The scripted server, answering 200 with nothing until a test says otherwise."""
    scripted.reply = Reply()
    scripted.received.clear()
    return scripted


@pytest.fixture(scope="module")
def catalogue() -> Catalog:
    return Catalog()


# Pushing ------------------------------------------------------------------------------


def test_push_writes_one_graph_per_document(
    pushed: PushSummary, remote: RemoteEngine, seed: LoadedGraph, server: OxigraphServer
) -> None:
    written = {str(g.iri): g.triples for g in pushed.graphs}
    assert written == {
        GRAPHS + "data/vocabularies.ttl": 194,
        GRAPHS + "ontology/ctgraph.ttl": 403,
        GRAPHS + "ontology/imports.ttl": 32,
        CT + "pr-2024-09-26": 973,
    }
    assert written == _trig_counts(seed), "the graphs of the TriG export"
    assert _counts(remote) == written, "what the server holds"
    assert pushed.triples == len(seed.graph) == 1602
    assert pushed.shared == 0
    assert pushed.endpoint == server.store_url
    assert [str(g.iri) for g in pushed.graphs] == sorted(written)


def test_push_writes_nothing_to_the_default_graph(
    pushed: PushSummary, server: OxigraphServer
) -> None:
    request = urllib.request.Request(
        server.store_url + "?default", headers={"Accept": "application/n-triples"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.read().strip() == b""


def test_pushing_again_duplicates_nothing(
    pushed: PushSummary, remote: RemoteEngine, server: OxigraphServer, seed: LoadedGraph
) -> None:
    again = push(seed, server.store_url)
    assert again == pushed
    assert _counts(remote) == {str(g.iri): g.triples for g in pushed.graphs}
    # Blank nodes come fresh with every write: appending would have added them again.
    assert remote.triple_count() == 1602


def test_push_replaces_what_a_graph_held(scratch: OxigraphServer, tmp_path: Path) -> None:
    data = tmp_path / "graph.ttl"
    text = GRAPH.read_text(encoding="utf-8")
    data.write_text(text, encoding="utf-8")
    first = push(load_graph(ontology=[], data=[data]), scratch.store_url)
    data.write_text(text + '\n<http://example.org/id/atlantis> <http://example.org/p> "x" .\n')
    second = push(load_graph(ontology=[], data=[data]), scratch.store_url)
    assert second.triples == first.triples + 1
    data.write_text(text, encoding="utf-8")
    third = push(load_graph(ontology=[], data=[data]), scratch.store_url)
    assert third == first
    remote = RemoteEngine(scratch.query_url)
    assert _counts(remote) == {str(g.iri): g.triples for g in first.graphs}


def test_a_fact_two_documents_state_is_in_both_graphs(scratch: OxigraphServer) -> None:
    loaded = load_graph(data=[default_data(), SECOND_SOURCE])
    summary = push(loaded, scratch.store_url)
    assert summary.shared == 1  # Rabat is in Morocco, say the seed and the second source
    remote = RemoteEngine(scratch.query_url)
    text = "SELECT ?o WHERE { ct:rabat schema:containedInPlace ?o }"
    # Oxigraph's union default graph keeps the triple once per graph; DISTINCT merges them.
    assert len(remote.query(text).rows) == 2
    assert len(remote.query(text.replace("SELECT", "SELECT DISTINCT")).rows) == 1
    assert remote.triple_count() == len(loaded.graph)


def test_a_blank_node_in_two_graphs_is_refused(fake: ScriptedServer) -> None:
    shared = BNode()
    one, two = Graph(), Graph()
    one.add((URIRef("http://example.org/a"), RDFS.seeAlso, shared))
    two.add((shared, RDFS.label, Literal("shared")))
    loaded = LoadedGraph(
        graph=one + two,
        sources=(
            SourceFile(Path("one.ttl"), URIRef(GRAPHS + "one.ttl"), one),
            SourceFile(Path("two.ttl"), URIRef(GRAPHS + "two.ttl"), two),
        ),
    )
    with pytest.raises(InputError) as caught:
        push(loaded, fake.url + "/store")
    assert str(caught.value) == (
        f"a blank node is in two graphs, <{GRAPHS}one.ttl> and <{GRAPHS}two.ttl>: each graph "
        "is sent on its own and would get its own copy; give the node an IRI"
    )
    assert fake.received == [], "nothing was sent"


def test_push_puts_turtle_to_each_graph(fake: ScriptedServer) -> None:
    fake.reply = Reply(status=204)
    loaded = load_graph(ontology=[ONTOLOGY], data=[GRAPH])
    summary = push(loaded, fake.url + "/store?access-token=secret", headers={"X-Test": "1"})
    assert len(fake.received) == len(summary.graphs) == 3
    for request, graph in zip(fake.received, summary.graphs, strict=True):
        assert request.method == "PUT"
        assert request.path == "/store?" + urllib.parse.urlencode(
            {"access-token": "secret", "graph": str(graph.iri)}
        )
        assert request.headers["content-type"] == "text/turtle; charset=utf-8"
        assert request.headers["x-test"] == "1"
        assert len(Graph().parse(data=request.body, format="turtle")) == graph.triples
    assert summary.endpoint == fake.url + "/store", "no secrets in what is shown"


def test_push_errors_say_how_far_it_got(fake: ScriptedServer) -> None:
    loaded = load_graph(ontology=[ONTOLOGY], data=[GRAPH])
    fake.reply = Reply(status=500, body=b"disk full\nat write_graph()\n")
    with pytest.raises(InputError) as caught:
        push(loaded, fake.url + "/store")
    assert str(caught.value) == (
        f"graph store {fake.url}/store: HTTP 500 Internal Server Error: disk full "
        "(0 of 3 graphs written)"
    )
    with pytest.raises(InputError) as caught:
        push(loaded, f"http://127.0.0.1:{free_port()}/store")
    assert str(caught.value).endswith(
        "/store: connection refused (is the server running?) (0 of 3 graphs written)"
    )
    with pytest.raises(InputError, match=r"^the graph store must be an http"):
        push(loaded, "file:///tmp/store")


def test_push_to_a_read_only_server_is_refused(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "db"))
    store.flush()
    del store
    with OxigraphServer(tmp_path / "db", read_only=True) as read_only:
        with pytest.raises(InputError) as caught:
            push(load_graph(ontology=[ONTOLOGY], data=[GRAPH]), read_only.store_url)
        assert str(caught.value) == (
            f"graph store {read_only.store_url}: HTTP 403 Forbidden: The server is read-only "
            "(0 of 3 graphs written)"
        )


def test_a_store_copies_into_another(remote: RemoteEngine, scratch: OxigraphServer) -> None:
    summary = push(remote, scratch.store_url)
    assert _counts(RemoteEngine(scratch.query_url)) == _counts(remote)
    assert summary.triples == 1602


# The catalogue, remote and embedded ---------------------------------------------------


@pytest.mark.parametrize(("name", "params"), RUNS)
def test_remote_gives_the_rows_of_rdflib(
    embedded: RdflibEngine,
    remote: RemoteEngine,
    catalogue: Catalog,
    name: str,
    params: Mapping[str, str],
) -> None:
    query = catalogue.get(name)
    here, there = run_query(embedded, query, params), run_query(remote, query, params)
    assert there.kind == here.kind
    assert there.vars == here.vars
    # Ordered lists: every query has a total ORDER BY.
    assert list(there.rows) == list(here.rows)


def test_the_runs_cover_every_query(catalogue: Catalog) -> None:
    assert {p.values[0] for p in RUNS} == set(catalogue.names())


def test_the_engine_holds_the_seed(remote: RemoteEngine, embedded: RdflibEngine) -> None:
    assert (remote.name, remote.files, remote.inference) == ("remote", (), "none")
    assert remote.triple_count() == embedded.triple_count() == 1602
    assert isomorphic(remote.to_rdflib(), embedded.to_rdflib())
    assert remote.to_rdflib() is remote.to_rdflib(), "fetched once"
    labels = RemoteEngine(remote.endpoint).label_graph()
    expected = {t for p in LABEL_PROPERTIES for t in embedded.to_rdflib().triples((None, p, None))}
    assert set(labels) == expected
    assert dict(remote.prefixes)["ctg"] == "https://w3id.org/ctgraph/ontology#"


def test_to_loaded_gives_the_trig_export(remote: RemoteEngine, seed: LoadedGraph) -> None:
    loaded = remote.to_loaded()
    assert [str(s.path) for s in loaded.sources] == [
        "data/vocabularies.ttl",
        "ontology/ctgraph.ttl",
        "ontology/imports.ttl",
        "w3id.org/ctgraph/id/pr-2024-09-26",
    ]
    assert serialize(loaded, "trig") == serialize(seed, "trig")


def test_ask_construct_and_describe(remote: RemoteEngine, embedded: RdflibEngine) -> None:
    ask = "ASK { ?g a ctg:GroupOfFriends }"
    assert remote.query(ask).boolean is embedded.query(ask).boolean is True
    assert remote.query("ASK { ?g a ctg:Nothing }").boolean is False
    construct = "CONSTRUCT { ?g rdfs:label ?l } WHERE { ?g a ctg:GroupOfFriends ; rdfs:label ?l }"
    there, here = remote.query(construct), embedded.query(construct)
    assert there.kind == "construct" and there.graph is not None and here.graph is not None
    assert len(there.graph) == 2 and isomorphic(there.graph, here.graph)
    described = remote.query("DESCRIBE ct:morocco")
    assert described.kind == "describe" and described.graph is not None
    assert (URIRef(CT + "morocco"), RDFS.label, Literal("Kingdom of Morocco", lang="en")) in (
        described.graph
    )


def test_the_query_declares_what_it_needs(remote: RemoteEngine) -> None:
    own = "PREFIX ct: <http://example.org/other/>\nSELECT (ct:a AS ?a) WHERE {}"
    assert remote.query(own).rows == ((URIRef("http://example.org/other/a"),),)
    with_more = RemoteEngine(remote.endpoint, prefixes={"mine": "http://example.org/mine/"})
    assert with_more.query("SELECT (mine:a AS ?a) WHERE {}").rows == (
        (URIRef("http://example.org/mine/a"),),
    )


def test_a_server_error_keeps_the_line_numbers(remote: RemoteEngine) -> None:
    # The prefixes go on the query's first line: the server's line numbers are the query's.
    with pytest.raises(QueryError) as caught:
        remote.query("# a comment\nSELECT ?x\nWHERE {\n  ?x ?y\n}")
    assert re.fullmatch(
        rf"{re.escape(_where(remote))}: HTTP 400 Bad Request: error at 5:2: expected .+",
        str(caught.value),
    )


def _where(remote: RemoteEngine) -> str:
    return f"SPARQL endpoint {remote.endpoint}"


# Bindings -----------------------------------------------------------------------------

TERMS = [
    pytest.param(URIRef("https://w3id.org/ctgraph/id/morocco"), id="iri"),
    pytest.param(URIRef("http://example.org/é?q=1#frag"), id="iri-unicode-query"),
    pytest.param(Literal("plain"), id="simple"),
    pytest.param(Literal('quote " and \\ backslash'), id="escapes"),
    pytest.param(Literal("two\nlines\r\nand\ttab"), id="line-breaks"),
    pytest.param(Literal('"""} } ; DROP ALL ; SELECT * {'), id="injection"),
    pytest.param(Literal('ends with a quote"'), id="trailing-quote"),
    pytest.param(Literal("\\u0022 stays six characters"), id="u-escape-text"),
    pytest.param(Literal("Maroc", lang="fr"), id="language"),
    pytest.param(Literal("Marruecos", lang="es-419"), id="language-region"),
    pytest.param(Literal("2019-06-01", datatype=XSD.date), id="date"),
    pytest.param(Literal(42), id="integer"),
    pytest.param(Literal(False), id="boolean"),
    pytest.param(Literal("odd", datatype=URIRef("http://example.org/type")), id="own-datatype"),
]


@pytest.mark.parametrize("term", TERMS)
def test_bound_terms_arrive_unchanged(remote: RemoteEngine, term: Node) -> None:
    rows = remote.query("SELECT ?v WHERE { }", {"v": term}).rows
    assert rows == ((term,),)
    assert OxigraphEngine().query("SELECT ?v WHERE { }", {"v": term}).rows == rows


@pytest.mark.parametrize(
    ("term", "message"),
    [
        pytest.param(
            URIRef("http://x/> } ; DROP ALL ; <y"),
            "parameter ?v: 'http://x/> } ; DROP ALL ; <y' is not an IRI SPARQL can write",
            id="iri",
        ),
        pytest.param(
            Literal("x", datatype=URIRef("http://x/> } DROP ALL")),
            "parameter ?v: 'http://x/> } DROP ALL' is not an IRI SPARQL can write",
            id="datatype",
        ),
        pytest.param(
            BNode("b0"),
            "parameter ?v: a blank node cannot be sent: its label means nothing to the server",
            id="blank-node",
        ),
    ],
)
def test_terms_that_cannot_be_written_are_refused(term: Node, message: str) -> None:
    never_contacted = RemoteEngine(f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(QueryError) as caught:
        never_contacted.query("SELECT ?v WHERE { }", {"v": term})
    assert str(caught.value) == message


BINDING_QUERIES = [
    pytest.param(
        "SELECT ?x ?s WHERE { { ?s rdfs:label ?l FILTER(STR(?l) = STR(?x)) } "
        "UNION { ?s a ctg:Nothing } } ORDER BY ?s",
        id="filter-in-a-union",
    ),
    pytest.param(
        "SELECT ?x ?s WHERE { ?s rdfs:label ?l MINUS { ?s rdfs:label ?x } } ORDER BY ?s LIMIT 3",
        id="minus",
    ),
    pytest.param(
        "SELECT ?x ?s WHERE { ?s rdfs:label ?l BIND(?l AS ?x) } ORDER BY ?s", id="bind-as"
    ),
    pytest.param(
        "SELECT ?x ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?x } } }",
        id="sub-select",
    ),
    pytest.param("SELECT * WHERE { ?s rdfs:label ?x }", id="select-star"),
]


@pytest.mark.parametrize("text", BINDING_QUERIES)
def test_bindings_act_as_oxigraph_substitutes_them(
    remote: RemoteEngine, embedded: RdflibEngine, text: str
) -> None:
    x = Literal("Kingdom of Morocco", lang="en")
    oxigraph = OxigraphEngine(None)
    oxigraph.add_graph(embedded.to_rdflib())
    expected = oxigraph.query(text, {"x": x})
    there = remote.query(text, {"x": x})
    assert there.vars == expected.vars
    assert sorted(map(str, there.rows)) == sorted(map(str, expected.rows))


def test_how_bindings_are_written_into_the_query() -> None:
    text = (
        "SELECT ?a (COUNT(?b) AS ?n)\n"
        'WHERE { ?a ?p "?a" ; <http://x/?a> $a . # ?a\n'
        "  VALUES ?a { 1 } BIND(2 AS ?a) { SELECT ?a WHERE { ?a ?q ?b } } }\n"
        "GROUP BY ?a ORDER BY ?a"
    )
    assert inline_bindings(text, {"a": URIRef("http://e/1")}) == (
        "SELECT ?a (COUNT(?b) AS ?n)\n"
        "WHERE { VALUES (?a) { (<http://e/1>) } {"
        ' <http://e/1> ?p "?a" ; <http://x/?a> <http://e/1> . # ?a\n'
        "  VALUES ?a { 1 } BIND(2 AS ?a) { SELECT ?a WHERE { ?a ?q ?b } } } }\n"
        "GROUP BY ?a ORDER BY ?a"
    )
    construct = "CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }"
    assert inline_bindings(construct, {"?a": URIRef("http://e/1")}) == (
        "CONSTRUCT { ?a ?p ?o } WHERE { VALUES (?a) { (<http://e/1>) } { <http://e/1> ?p ?o } }"
    )
    assert inline_bindings(construct, {}) == construct
    with pytest.raises(QueryError, match=r"^parameters need CONSTRUCT's long form"):
        inline_bindings("CONSTRUCT WHERE { ?a ?p ?o }", {"a": URIRef("http://e/1")})
    with pytest.raises(QueryError, match=r"^parameters need a WHERE clause"):
        inline_bindings("DESCRIBE ?a", {"a": URIRef("http://e/1")})
    assert sparql_term(Literal('a\\b"c\nd')) == '"a\\\\b\\"c\\nd"'


# The engine is read-only --------------------------------------------------------------


def test_loading_into_a_remote_engine_is_refused(remote: RemoteEngine) -> None:
    advice = "load the files into it with ctgraph push"
    with pytest.raises(InputError) as caught:
        remote.load([GRAPH])
    assert (
        str(caught.value) == f"a remote SPARQL store is read-only here: cannot load files; {advice}"
    )
    with pytest.raises(InputError, match=r"^a remote SPARQL store is read-only here: cannot add a"):
        remote.add_graph(Graph())
    with pytest.raises(InputError, match=r"read-only here: cannot add owlrl inference; load"):
        remote.infer("owlrl")
    remote.infer("none")


def test_only_http_urls_and_positive_timeouts() -> None:
    with pytest.raises(InputError) as caught:
        RemoteEngine("file:///etc/passwd")
    assert str(caught.value) == (
        "the SPARQL endpoint must be an http:// or https:// URL, not 'file:///etc/passwd'"
    )
    with pytest.raises(InputError, match=r"^a timeout must be more than 0 seconds, not 0"):
        RemoteEngine("http://127.0.0.1/query", timeout=0)


# Servers that misbehave ---------------------------------------------------------------

JSON = {"Content-Type": "application/sparql-results+json"}
NTRIPLES = {"Content-Type": "application/n-triples"}
HTML = {"Content-Type": "text/html"}
ANSWER = (
    b'{"head":{"vars":["s"]},"results":{"bindings":['
    b'{"s":{"type":"uri","value":"http://example.org/a"}},'
    b'{"s":{"type":"uri","value":"http://example.org/b"}}]}}'
)
TRIPLES = b"<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n" * 2


def _engine(fake: ScriptedServer, timeout: float = 5.0) -> RemoteEngine:
    return RemoteEngine(fake.url + "/query", timeout=timeout)


def _error(fake: ScriptedServer, text: str = "SELECT ?s WHERE { ?s ?p ?o }") -> str:
    with pytest.raises(QueryError) as caught:
        _engine(fake).query(text)
    return str(caught.value)


def test_a_complete_answer_is_read(fake: ScriptedServer) -> None:
    fake.reply = Reply(body=ANSWER, headers=JSON)
    rows = _engine(fake).query("SELECT ?s WHERE { ?s ?p ?o }").rows
    assert rows == ((URIRef("http://example.org/a"),), (URIRef("http://example.org/b"),))
    (request,) = fake.received
    assert (request.method, request.path) == ("POST", "/query")
    assert request.headers["content-type"] == "application/sparql-query"
    assert request.headers["accept"].startswith("application/sparql-results+json")
    sent = request.body.decode("utf-8")
    assert sent.startswith("PREFIX ct: <https://w3id.org/ctgraph/id/> PREFIX ctg:")
    assert sent.endswith(" SELECT ?s WHERE { ?s ?p ?o }") and "\n" not in sent


def test_truncated_json_is_an_error(fake: ScriptedServer) -> None:
    fake.reply = Reply(body=ANSWER[:-30], headers=JSON)
    message = _error(fake)
    assert message.startswith(
        f"SPARQL endpoint {fake.url}/query: malformed or truncated results (Parser error at"
    )
    fake.reply = Reply(body=ANSWER[:-1], headers=JSON)  # all rows there, but not the end
    assert _error(fake).startswith(f"SPARQL endpoint {fake.url}/query: malformed or truncated")
    fake.reply = Reply(body=b'{"head":{"vars":["s"]}}', headers=JSON)
    assert _error(fake) == (
        f"SPARQL endpoint {fake.url}/query: malformed or truncated results "
        "(SPARQL JSON results must contain a 'boolean' or a 'results' key)"
    )


def test_an_answer_shorter_than_announced_is_an_error(fake: ScriptedServer) -> None:
    fake.reply = Reply(body=ANSWER[:50], headers=JSON, length=len(ANSWER))
    assert _error(fake) == (
        f"SPARQL endpoint {fake.url}/query: the answer was cut off before its end"
    )


def test_truncated_ntriples_are_an_error(fake: ScriptedServer) -> None:
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    fake.reply = Reply(body=TRIPLES, headers=NTRIPLES)
    result = _engine(fake).query(construct)
    assert result.graph is not None and len(result.graph) == 1
    fake.reply = Reply(body=TRIPLES[:-1], headers=NTRIPLES)
    assert _error(fake, construct) == (
        f"SPARQL endpoint {fake.url}/query: truncated N-Triples: the last line does not end"
    )
    fake.reply = Reply(body=TRIPLES + b'<http://example.org/a> <http://example.org/p> "cut\n')
    assert _error(fake, construct).startswith(
        f"SPARQL endpoint {fake.url}/query: malformed or truncated N-Triples (Parser error"
    )


def test_an_answer_of_another_kind_is_an_error(fake: ScriptedServer) -> None:
    fake.reply = Reply(body=b"<html><body>Login</body></html>", headers=HTML)
    assert _error(fake) == (
        f"SPARQL endpoint {fake.url}/query: answered text/html, not SPARQL query results"
    )


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        pytest.param(
            Reply(status=500, body=b"\n  Internal error:   the store is locked\nat line 2\n"),
            "HTTP 500 Internal Server Error: Internal error: the store is locked",
            id="text",
        ),
        pytest.param(
            Reply(
                status=400,
                body=b'{"exception": "Invalid SPARQL query: token recognition error", "q": ""}',
                headers={"Content-Type": "application/json"},
            ),
            "HTTP 400 Bad Request: Invalid SPARQL query: token recognition error",
            id="json",
        ),
        pytest.param(
            Reply(
                status=503, body=b"<html><head><title>x</title></head><h1>Closed</h1>", headers=HTML
            ),
            "HTTP 503 Service Unavailable: Closed",
            id="html",
        ),
        pytest.param(
            Reply(status=500, body=b"x" * 500),
            "HTTP 500 Internal Server Error: " + "x" * 197 + "...",
            id="long",
        ),
        pytest.param(Reply(status=502), "HTTP 502 Bad Gateway", id="no-text"),
    ],
)
def test_http_errors_give_the_servers_first_line(
    fake: ScriptedServer, reply: Reply, expected: str
) -> None:
    fake.reply = reply
    assert _error(fake) == f"SPARQL endpoint {fake.url}/query: {expected}"


def test_redirects_are_not_followed(fake: ScriptedServer) -> None:
    fake.reply = Reply(status=301, headers={"Location": "http://elsewhere.example/sparql?k=v"})
    assert _error(fake) == (
        f"SPARQL endpoint {fake.url}/query: HTTP 301 Moved Permanently: "
        "redirects to http://elsewhere.example/sparql; give that URL"
    )
    assert len(fake.received) == 1


def test_no_server_is_a_one_line_error() -> None:
    port = free_port()
    with pytest.raises(QueryError) as caught:
        RemoteEngine(f"http://127.0.0.1:{port}/query").query("ASK {}")
    assert str(caught.value) == (
        f"SPARQL endpoint http://127.0.0.1:{port}/query: connection refused "
        "(is the server running?)"
    )


def test_a_silent_server_times_out(fake: ScriptedServer) -> None:
    fake.reply = Reply(body=ANSWER, headers=JSON, delay=3)
    began = time.monotonic()
    with pytest.raises(QueryError) as caught:
        _engine(fake, timeout=0.3).query("ASK {}")
    assert time.monotonic() - began < 2
    assert str(caught.value) == f"SPARQL endpoint {fake.url}/query: no answer within 0.3 s"


def test_secrets_in_the_url_stay_out_of_messages(fake: ScriptedServer) -> None:
    fake.reply = Reply(status=401, body=b"bad token")
    url = fake.url.replace("http://", "http://user:pass%40word@") + "/query?access-token=secret"
    with pytest.raises(QueryError) as caught:
        RemoteEngine(url).query("ASK {}")
    assert str(caught.value) == (
        f"SPARQL endpoint {fake.url}/query: HTTP 401 Unauthorized: bad token"
    )
    (request,) = fake.received
    assert request.path == "/query?access-token=secret"
    assert request.headers["authorization"] == "Basic dXNlcjpwYXNzQHdvcmQ="  # user:pass@word


def test_proxies_in_the_environment_are_not_used(
    fake: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{free_port()}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    fake.reply = Reply(body=b'{"head":{},"boolean":true}', headers=JSON)
    assert _engine(fake).query("ASK {}").boolean is True


def test_a_read_only_server_answers_queries(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "db"))
    a, p = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p")
    store.add(ox.Quad(a, p, ox.Literal("in a graph"), ox.NamedNode("http://example.org/g")))
    store.flush()
    del store
    with OxigraphServer(tmp_path / "db", read_only=True) as read_only:
        remote = RemoteEngine(read_only.query_url)
        assert remote.query("SELECT ?o WHERE { ?s ?p ?o }").rows == ((Literal("in a graph"),),)
        assert remote.triple_count() == 1
