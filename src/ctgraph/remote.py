"""Remote SPARQL stores: query one as an engine, and push the graph into one.

:class:`RemoteEngine` answers the :class:`~ctgraph.engine.Engine` interface
from a SPARQL 1.1 query endpoint (Oxigraph, Apache Jena Fuseki, GraphDB,
Virtuoso, Amazon Neptune, QLever ...), speaking only the SPARQL 1.1 Protocol:
each query is an HTTP POST of ``application/sparql-query``, answered in the
SPARQL JSON results format (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE),
and comes back as the same :class:`~ctgraph.catalog.QueryResult` of rdflib
terms the embedded engines give.

:func:`push` writes the graph to a SPARQL 1.1 Graph Store Protocol endpoint,
one named graph per source document (as the TriG export names them), each
replacing what the graph held. Nothing is written to the default graph, so
queries see the data only where the server's default graph is the union of
its named graphs: Oxigraph ``--union-default-graph``, Fuseki with
``tdb2:unionDefaultGraph true``, and by default GraphDB, Virtuoso, Neptune and
QLever. Where that union keeps a triple once per graph that holds it (Oxigraph
does), a fact that two documents state matches twice in a query without
DISTINCT: :attr:`PushSummary.shared` counts such triples.

Only the URLs given are contacted: proxies set in the environment are not
used and redirects are not followed (a redirect is an error naming its
target). Every request has a timeout; an answer that is cut short, malformed
or of the wrong kind is an error, never a partial result.
"""

from __future__ import annotations

import base64
import html
import http.client
import json
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .catalog import QueryKind, QueryResult, query_prefixes
from .engine import Engine, EngineName, _FromOxigraph, _graph_result, _pyoxigraph
from .errors import CtgraphError, InputError, QueryError
from .export import serialize
from .load import Inference, LoadedGraph, SourceFile, check_inference
from .lookup import LABEL_PROPERTIES
from .paths import GRAPH_BASE
from .prefixes import PREFIXES, bind_prefixes, merge_prefixes

__all__ = [
    "DEFAULT_TIMEOUT",
    "PushSummary",
    "PushedGraph",
    "RemoteEngine",
    "inline_bindings",
    "push",
    "sparql_term",
]

#: Seconds a request may take, from sending it to the last byte of the answer.
DEFAULT_TIMEOUT = 60.0

_USER_AGENT = "ctgraph"
_CHUNK = 1 << 16
_ERROR_BYTES = 1 << 16  # of an error page, enough for its first line
_DETAIL_CHARS = 200
_SELECT_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8"
_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = str(RDF.langString)


# HTTP ------------------------------------------------------------------------------


def _check_url(url: str, what: str) -> str:
    """Return ``url`` if it is an http or https URL with a host.

    Raises:
        InputError: it is not (a ``file:`` URL would read local files).
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"the {what} must be an http:// or https:// URL, not {url!r}")
    try:
        parts.port  # noqa: B018 (urllib checks the port when asked for it)
    except ValueError:
        raise InputError(f"the {what} URL has a bad port: {url!r}") from None
    return url


def _shown(url: str) -> str:
    """``url`` for messages: without user name, password, query string or fragment."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Turns every redirect into an HTTPError: only the given URL is ever contacted."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# No ProxyHandler from the environment, no redirects followed.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def _first_line(body: bytes, content_type: str) -> str:
    """The server's first line of error text, from plain text, JSON or HTML."""
    text = body.decode("utf-8", "replace")
    if "json" in content_type:
        try:
            document = json.loads(text)
        except ValueError:
            document = None
        if isinstance(document, dict):
            for key in ("message", "exception", "error", "detail"):
                if isinstance(document.get(key), str):
                    text = document[key]
                    break
    elif "html" in content_type or text.lstrip().startswith("<"):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", "\n", text)
        text = html.unescape(re.sub(r"<[^>]*>", "\n", text))
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= _DETAIL_CHARS else line[: _DETAIL_CHARS - 3] + "..."
    return ""


def _http_error(where: str, error: urllib.error.HTTPError) -> str:
    reason = str(error.reason or "").strip()
    if not reason:
        try:
            reason = HTTPStatus(error.code).phrase
        except ValueError:
            reason = ""
    message = f"{where}: HTTP {error.code} {reason}".rstrip()
    if 300 <= error.code < 400:
        target = error.headers.get("Location") if error.headers else None
        return f"{message}: redirects to {_shown(target) if target else 'nowhere'}; give that URL"
    try:
        body = error.read(_ERROR_BYTES)
    except (OSError, http.client.HTTPException):
        body = b""
    detail = _first_line(body, (error.headers.get("Content-Type") or "").lower())
    return f"{message}: {detail}" if detail else message


def _failure(reason: object, url: str, timeout: float) -> str:
    """Why a connection failed, in a few words."""
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(reason, socket.gaierror):
        return f"unknown host {urllib.parse.urlsplit(url).hostname}"
    if isinstance(reason, ssl.SSLError):
        return f"TLS failed ({reason.reason or reason})"
    if isinstance(reason, OSError):
        return str(reason.strerror or reason)
    return str(reason)


def _credentials(url: str, headers: Mapping[str, str]) -> tuple[str, Mapping[str, str]]:
    """Move a user name and password out of ``url`` into HTTP Basic authorisation.

    urllib would take them for part of the host name. An Authorization
    header given explicitly wins.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, headers
    netloc = parts.netloc.rpartition("@")[2]
    bare = urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    if any(name.lower() == "authorization" for name in headers):
        return bare, headers
    user = urllib.parse.unquote(parts.username)
    password = urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return bare, {**headers, "Authorization": f"Basic {token}"}


class _Answer(NamedTuple):
    body: bytes
    content_type: str | None


def _request(
    url: str,
    *,
    method: str,
    data: bytes,
    headers: Mapping[str, str],
    timeout: float,
    what: str,
    error: type[CtgraphError],
) -> _Answer:
    """Send one request and read the whole answer before ``timeout`` seconds have passed.

    Raises:
        CtgraphError: of class ``error``, one line naming ``what`` and the URL:
            an HTTP status other than 2xx (with the server's first line of
            error text), a redirect, no connection, no complete answer in time,
            an answer cut off before its announced end.
    """
    where = f"{what} {_shown(url)}"
    deadline = time.monotonic() + timeout
    url, headers = _credentials(url, headers)
    try:
        request = urllib.request.Request(
            url, data=data, method=method, headers={"User-Agent": _USER_AGENT, **headers}
        )
        with _OPENER.open(request, timeout=timeout) as response:
            chunks = []
            while chunk := response.read(_CHUNK):
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise TimeoutError
            body = b"".join(chunks)
            # http.client ends a read quietly where the connection closed early.
            announced = response.headers.get("Content-Length")
            if announced and announced.strip().isdigit() and int(announced) != len(body):
                raise http.client.IncompleteRead(body, int(announced) - len(body))
            return _Answer(body, response.headers.get("Content-Type"))
    except urllib.error.HTTPError as exc:
        raise error(_http_error(where, exc)) from None
    except urllib.error.URLError as exc:
        raise error(f"{where}: {_failure(exc.reason, url, timeout)}") from None
    except http.client.IncompleteRead:
        raise error(f"{where}: the answer was cut off before its end") from None
    except http.client.HTTPException as exc:  # no status line, connection dropped
        raise error(f"{where}: no valid HTTP answer ({type(exc).__name__})") from None
    except OSError as exc:  # TimeoutError while reading, a reset connection
        raise error(f"{where}: {_failure(exc, url, timeout)}") from None
    except ValueError as exc:  # a header value with a line break, an unusable URL
        raise error(f"{where}: {exc}") from None


# SPARQL text --------------------------------------------------------------------------

# Enough of SPARQL's lexer to find variables, braces and keywords: strings,
# IRIs and comments are single tokens, so that nothing inside them counts.
_TOKEN_RE = re.compile(
    r"""
      (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<comment>\#[^\r\n]*)
    | (?P<var>[?$]\w+)
    | (?P<name>(?:[^\W\d][\w.-]*)?:(?:[\w.:%-]|\\.)*|[^\W\d]\w*)
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS: dict[str, QueryKind] = {
    "SELECT": "select",
    "ASK": "ask",
    "CONSTRUCT": "construct",
    "DESCRIBE": "describe",
}
_IRI_RE = re.compile(r'[^<>"{}|^`\\\x00-\x20]*\Z')
_LANGUAGE_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*\Z")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class _Token(NamedTuple):
    kind: str
    text: str

    def is_word(self, word: str) -> bool:
        return self.kind == "name" and self.text.upper() == word


def _tokens(text: str) -> list[_Token]:
    return [_Token(cast(str, match.lastgroup), match.group()) for match in _TOKEN_RE.finditer(text)]


def _significant(tokens: list[_Token], index: int, step: int) -> _Token | None:
    """The nearest token from ``index`` on in direction ``step`` that is no space or comment."""
    while 0 <= index < len(tokens):
        if tokens[index].kind not in ("space", "comment"):
            return tokens[index]
        index += step
    return None


def _closing(tokens: list[_Token], start: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``start``."""
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].text == "{":
            depth += 1
        elif tokens[index].text == "}":
            depth -= 1
            if depth == 0:
                return index
    raise QueryError("bad SPARQL: a '{' is never closed")


def _form(tokens: list[_Token]) -> tuple[QueryKind | None, int]:
    for index, token in enumerate(tokens):
        if token.kind == "name" and token.text.upper() in _FORMS:
            return _FORMS[token.text.upper()], index
    return None, -1


def _where_group(tokens: list[_Token]) -> tuple[int, int]:
    """The indices of the braces around the query's WHERE group.

    Raises:
        QueryError: the query has no WHERE group, or only CONSTRUCT's short form.
    """
    form, index = _form(tokens)
    template = form == "construct"
    parentheses = 0
    while 0 <= index < len(tokens):
        text = tokens[index].text
        if text == "(":
            parentheses += 1
        elif text == ")":
            parentheses -= 1
        elif text == "{" and parentheses == 0:
            before = _significant(tokens, index - 1, -1)
            if template and before is not None and before.is_word("WHERE"):
                raise QueryError(
                    "parameters need CONSTRUCT's long form: CONSTRUCT { ... } WHERE { ... }"
                )
            if not template:
                return index, _closing(tokens, index)
            template = False
            index = _closing(tokens, index)
        index += 1
    raise QueryError("parameters need a WHERE clause to be bound in")


def _iri(value: str) -> str:
    if not _IRI_RE.match(value):
        raise ValueError(f"{value!r} is not an IRI SPARQL can write")
    return f"<{value}>"


def sparql_term(term: Node) -> str:
    """Write an rdflib IRI or literal as SPARQL, checking and escaping every part.

    Raises:
        ValueError: ``term`` is a blank node (its label means nothing to a
            remote store), a variable, or an IRI, language tag or datatype
            that SPARQL cannot write.
    """
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            if not _LANGUAGE_RE.match(term.language):
                raise ValueError(f"{term.language!r} is not a language tag")
            return f"{text}@{term.language}"
        datatype = str(term.datatype) if term.datatype is not None else _XSD_STRING
        return text if datatype in (_XSD_STRING, _RDF_LANG_STRING) else f"{text}^^{_iri(datatype)}"
    if isinstance(term, BNode):
        raise ValueError("a blank node cannot be sent: its label means nothing to the server")
    raise ValueError(f"{term!r} is not an IRI or a literal")


def inline_bindings(text: str, bindings: Mapping[str, Node]) -> str:
    """Return SPARQL ``text`` with ``bindings`` (variable name to term) written into it.

    The terms are written by :func:`sparql_term`, never pasted as text. Each
    bound variable is replaced by its term throughout the WHERE clause, except
    inside sub-SELECTs, after ``AS`` and in VALUES headers, and the clause is
    wrapped as ``{ VALUES (?a ...) { (term ...) } { ... } }``, so that the
    variables keep their values in the projection, the ORDER BY and a
    CONSTRUCT template. This is what Oxigraph's substitution does, and what
    rdflib's initial bindings do for queries whose bound variables are
    projected (which :class:`~ctgraph.engine.Engine` requires).

    Raises:
        QueryError: a term cannot be written, or the query has no WHERE
            clause (or only CONSTRUCT's short form) to bind variables in.
    """
    if not bindings:
        return text
    written: dict[str, str] = {}
    for name, term in sorted(bindings.items()):
        variable = name.lstrip("?$")
        try:
            written[variable] = sparql_term(term)
        except ValueError as exc:
            raise QueryError(f"parameter ?{variable}: {exc}") from None
    tokens = _tokens(text)
    start, end = _where_group(tokens)
    body: list[str] = []
    index = start + 1
    while index < end:
        token = tokens[index]
        skip_to = None
        if token.text == "{" and (after := _significant(tokens, index + 1, 1)) is not None:
            if after.is_word("SELECT"):
                skip_to = _closing(tokens, index)  # a sub-SELECT has its own variables
        elif token.is_word("VALUES"):
            block = next((i for i in range(index, end) if tokens[i].text == "{"), None)
            skip_to = _closing(tokens, block) if block is not None else None
        if skip_to is not None:
            body.extend(t.text for t in tokens[index : skip_to + 1])
            index = skip_to + 1
            continue
        before = _significant(tokens, index - 1, -1)
        name = token.text[1:]
        if token.kind == "var" and name in written and not (before and before.is_word("AS")):
            body.append(written[name])
        else:
            body.append(token.text)
        index += 1
    names = " ".join(f"?{name}" for name in written)
    values = f"VALUES ({names}) {{ ({' '.join(written.values())}) }}"
    head = "".join(t.text for t in tokens[: start + 1])
    tail = "".join(t.text for t in tokens[end:])
    return f"{head} {values} {{{''.join(body)}}} {tail}"


def _with_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    """Declare ``prefixes`` the query does not declare, on its first line (keeping line numbers)."""
    declared = query_prefixes(text)
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in sorted(prefixes.items()) if p not in declared]
    return " ".join([*missing, text])


# Answers ------------------------------------------------------------------------------


def _media_type(content_type: str | None, fallback: str) -> str:
    if not content_type:
        return fallback
    return content_type.split(";")[0].strip().lower()


def _solutions(answer: _Answer, where: str, prefixes: Mapping[str, str]) -> QueryResult:
    """Parse a complete SELECT or ASK answer (JSON, XML or TSV results)."""
    ox = _pyoxigraph()
    media_type = _media_type(answer.content_type, "application/sparql-results+json")
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    if fmt is None:
        raise QueryError(f"{where}: answered {media_type}, not SPARQL query results")
    convert = _FromOxigraph()
    # pyoxigraph's results must be dropped on the thread that made them: the
    # error is raised once they are gone, not from within the except clause.
    problem = ""
    try:
        parsed = ox.parse_query_results(answer.body, fmt)
        if isinstance(parsed, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(parsed), prefixes=prefixes)
        variables = tuple(v.value for v in parsed.variables)
        rows = tuple(tuple(convert(term) for term in solution) for solution in parsed)
    except SyntaxError as exc:
        problem = f"malformed or truncated results ({_syntax_message(exc)})"
    except TypeError:
        problem = "the results hold a triple term, which rdflib lacks"
    finally:
        parsed = None
    if problem:
        raise QueryError(f"{where}: {problem}")
    return QueryResult(kind="select", vars=variables, rows=rows, prefixes=prefixes)


def _syntax_message(error: SyntaxError) -> str:
    return " ".join(str(error.msg or error).split())


def _triples(answer: _Answer, where: str) -> list[tuple[Node, Node, Node]]:
    """Parse a complete CONSTRUCT or DESCRIBE answer (N-Triples, Turtle ...)."""
    ox = _pyoxigraph()
    media_type = _media_type(answer.content_type, "application/n-triples")
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise QueryError(f"{where}: answered {media_type}, not RDF")
    body = answer.body
    # A line format cut off between two triples still parses: its last line has no end.
    if (
        fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
        and body.strip()
        and not body.endswith(b"\n")
    ):
        raise QueryError(f"{where}: truncated {fmt.name}: the last line does not end")
    convert = _FromOxigraph()
    problem = ""  # raised once pyoxigraph's parser is gone (see _solutions)
    try:
        return [
            cast(
                tuple[Node, Node, Node],
                (convert(t.subject), convert(t.predicate), convert(t.object)),
            )
            for t in ox.parse(body, fmt)
        ]
    except SyntaxError as exc:
        problem = f"malformed or truncated {fmt.name} ({_syntax_message(exc)})"
    except TypeError:
        problem = "the answer holds a triple term, which rdflib lacks"
    raise QueryError(f"{where}: {problem}")


# The engine ---------------------------------------------------------------------------

_COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
_ALL_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_QUADS_QUERY = (
    "SELECT ?g ?s ?p ?o WHERE { { GRAPH ?g { ?s ?p ?o } } UNION "
    "{ ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } } }"
)
_DEFAULT_GRAPH = URIRef(GRAPH_BASE + "default")


def _labels_query() -> str:
    properties = " ".join(f"<{p}>" for p in LABEL_PROPERTIES)
    return f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {properties} }} ?s ?p ?o }}"


def _source_path(graph: URIRef) -> Path:
    """A file-like name for a graph: the file's own for ctgraph's file graphs, else host/path."""
    if graph.startswith(GRAPH_BASE):
        return Path(urllib.parse.unquote(graph[len(GRAPH_BASE) :]))
    parts = urllib.parse.urlsplit(str(graph))
    return Path(urllib.parse.unquote(parts.netloc + parts.path) or str(graph))


class RemoteEngine:
    """A SPARQL 1.1 query endpoint, as a read-only :class:`~ctgraph.engine.Engine`.

    The store's default graph is what queries see; see the module text for
    the servers whose default graph holds what :func:`push` writes. The
    whole graph (:meth:`to_rdflib`) and the labels (:meth:`label_graph`) are
    fetched when first asked for and kept: open a new engine to see later
    changes to the store.

    Args:
        endpoint: The query endpoint's URL (http or https).
        timeout: Seconds each request may take, answer included.
        prefixes: Prefixes to declare in every query besides the fixed table
            (those the query declares itself win).
        headers: HTTP headers for every request, such as
            ``{"Authorization": "Bearer ..."}``.

    Raises:
        InputError: the URL is not http or https, a timeout is not positive,
            or a prefix's namespace is no IRI.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        prefixes: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.endpoint = _check_url(endpoint, "SPARQL endpoint")
        if not timeout > 0:
            raise InputError(f"a timeout must be more than 0 seconds, not {timeout!r}")
        self.timeout = float(timeout)
        self._prefixes = merge_prefixes(PREFIXES, sorted((prefixes or {}).items()))
        for namespace in self._prefixes.values():
            try:
                _iri(namespace)
            except ValueError as exc:
                raise InputError(f"bad prefix namespace: {exc}") from None
        self._headers = dict(headers or {})
        self._graph: Graph | None = None
        self._labels: Graph | None = None
        self._loaded: LoadedGraph | None = None

    def __enter__(self) -> RemoteEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RemoteEngine({_shown(self.endpoint)!r})"

    @property
    def name(self) -> EngineName:
        return "remote"

    @property
    def prefixes(self) -> Mapping[str, str]:
        return self._prefixes

    @property
    def files(self) -> tuple[Path, ...]:
        """No files: the store holds what was loaded into it."""
        return ()

    @property
    def inference(self) -> Inference:
        """``none``: whatever the server infers is not known here."""
        return "none"

    def _read_only(self, what: str) -> InputError:
        return InputError(
            f"a remote SPARQL store is read-only here: cannot {what}; "
            "load the files into it with ctgraph push"
        )

    def load(self, paths: Iterable[Path | str]) -> None:
        """Refused: the store is loaded with :func:`push`.

        Raises:
            InputError: always.
        """
        raise self._read_only("load files")

    def add_graph(self, graph: Graph, name: str = "memory") -> None:
        """Refused: the store is loaded with :func:`push`.

        Raises:
            InputError: always.
        """
        raise self._read_only("add a graph")

    def infer(self, inference: Inference) -> None:
        """Refused, unless ``inference`` is ``none``: push an inferred graph instead.

        Raises:
            InputError: ``inference`` is ``rdfs`` or ``owlrl``, or unknown.
        """
        if check_inference(inference) != "none":
            raise self._read_only(f"add {inference} inference")

    def _send(self, text: str, accept: str) -> _Answer:
        return _request(
            self.endpoint,
            method="POST",
            data=_with_prefixes(text, self._prefixes).encode("utf-8"),
            headers={
                **self._headers,
                "Content-Type": "application/sparql-query",
                "Accept": accept,
            },
            timeout=self.timeout,
            what="SPARQL endpoint",
            error=QueryError,
        )

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        kind: QueryKind | None = None,
    ) -> QueryResult:
        """Run SPARQL ``text`` on the endpoint, with ``bindings`` written in as terms.

        The prefix table is declared before the query; see
        :func:`inline_bindings` for how bindings are sent. Bound variables
        need not be projected.

        Raises:
            QueryError: the query is not SELECT, ASK, CONSTRUCT or DESCRIBE;
                a binding cannot be sent; the server refuses or fails the
                query; the answer is late, cut off or malformed.
        """
        form = kind or _form(_tokens(text))[0]
        if form is None:
            raise QueryError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
        if bindings:
            text = inline_bindings(text, bindings)
        where = f"SPARQL endpoint {_shown(self.endpoint)}"
        if form in ("select", "ask"):
            return _solutions(self._send(text, _SELECT_ACCEPT), where, self._prefixes)
        triples = _triples(self._send(text, _GRAPH_ACCEPT), where)
        return _graph_result(form, triples, self._prefixes)

    def _construct(self, text: str) -> Graph:
        result = self.query(text, kind="construct")
        assert result.graph is not None
        return result.graph

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        """Iterate over the whole graph, fetched once (see :meth:`to_rdflib`)."""
        return iter(self.to_rdflib())

    def triple_count(self) -> int:
        """Return the number of distinct triples in the store's default graph.

        Raises:
            QueryError: the count cannot be had (see :meth:`query`).
        """
        rows = self.query(_COUNT_QUERY, kind="select").rows
        value = rows[0][0] if len(rows) == 1 and rows[0] else None
        if not isinstance(value, Literal) or not isinstance(value.toPython(), int):
            raise QueryError(f"SPARQL endpoint {_shown(self.endpoint)}: no count in its answer")
        return int(value.toPython())

    def label_graph(self) -> Graph:
        """Return the label triples (the whole graph if fetched already), fetched once."""
        if self._labels is None:
            self._labels = (
                self._graph if self._graph is not None else self._construct(_labels_query())
            )
        return self._labels

    def to_rdflib(self) -> Graph:
        """Return the store's default graph, fetched whole by one CONSTRUCT."""
        if self._graph is None:
            self._graph = self._construct(_ALL_QUERY)
        return self._graph

    def to_loaded(self) -> LoadedGraph:
        """Return the store's graphs as a loaded graph, each named graph a source.

        One SELECT fetches every named graph with its name, and the triples
        of the default graph that no named graph holds (a source named
        ``.../graph/default``), so blank nodes keep one identity across
        graphs. A graph named after a file of the project (as :func:`push`
        names them) gets that file's name as its path.
        """
        if self._loaded is None:
            result = self.query(_QUADS_QUERY, kind="select")
            by_graph: dict[URIRef, Graph] = {}
            union = Graph(bind_namespaces="none")
            for name, s, p, o in result.rows:
                graph = name if isinstance(name, URIRef) else _DEFAULT_GRAPH
                triple = cast(tuple[Node, Node, Node], (s, p, o))
                by_graph.setdefault(graph, Graph(bind_namespaces="none")).add(triple)
                union.add(triple)
            bind_prefixes(union, self._prefixes)
            sources = tuple(
                SourceFile(path=_source_path(iri), iri=iri, graph=by_graph[iri])
                for iri in sorted(by_graph)
            )
            self._loaded = LoadedGraph(graph=union, sources=sources)
        return self._loaded

    def close(self) -> None:
        """Forget what was fetched; no connection stays open between requests."""
        self._graph = None
        self._labels = None
        self._loaded = None


# Pushing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushedGraph:
    """A named graph written by :func:`push`, and how many triples it holds."""

    iri: URIRef
    triples: int


@dataclass(frozen=True)
class PushSummary:
    """What :func:`push` wrote.

    ``shared`` counts the triples written to more than one graph (a fact two
    documents state): a server whose union default graph keeps a triple once
    per graph (Oxigraph) matches them once per graph.
    """

    endpoint: str
    graphs: tuple[PushedGraph, ...]
    shared: int = 0

    @property
    def triples(self) -> int:
        """The number of triples written, a triple in two graphs counted twice."""
        return sum(graph.triples for graph in self.graphs)


def _graph_url(endpoint: str, graph: URIRef) -> str:
    parts = urllib.parse.urlsplit(endpoint)
    query = "&".join(q for q in (parts.query, urllib.parse.urlencode({"graph": str(graph)})) if q)
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _named_graphs(loaded: LoadedGraph) -> dict[URIRef, list[Any]]:
    """Split the graph as the TriG export does: pyoxigraph triples by graph name.

    Raises:
        InputError: a blank node is in two graphs. Each graph is sent as a
            document of its own, whose blank nodes are its own: the node
            would become two.
    """
    ox = _pyoxigraph()
    graphs: dict[URIRef, list[Any]] = {}
    homes: dict[str, URIRef] = {}
    for quad in ox.parse(serialize(loaded, "nq"), ox.RdfFormat.N_QUADS):
        name = URIRef(quad.graph_name.value)
        graphs.setdefault(name, []).append(quad.triple)
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.BlankNode) and homes.setdefault(term.value, name) != name:
                raise InputError(
                    f"a blank node is in two graphs, <{homes[term.value]}> and <{name}>: "
                    "each graph is sent on its own and would get its own copy; "
                    "give the node an IRI"
                )
    return graphs


def push(
    source: LoadedGraph | Engine,
    endpoint: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    headers: Mapping[str, str] | None = None,
) -> PushSummary:
    """Write the graph to a Graph Store Protocol endpoint, one named graph per source document.

    The graphs are those of the TriG export (:func:`ctgraph.export.serialize`):
    each fact in the graph named after the document that states it (in each,
    when two documents state it); the triples no document states in a graph
    named after their file; those only inference added in
    :data:`ctgraph.export.INFERRED_GRAPH`. Each is sent as an HTTP PUT of
    Turtle to ``endpoint?graph=IRI``, which replaces what the graph held, so
    pushing again writes nothing twice. Graphs not in ``source`` are left
    alone, and nothing is written to the default graph.

    Args:
        source: A loaded graph (:func:`ctgraph.load_graph`) or an engine,
            whose :meth:`~ctgraph.engine.Engine.to_loaded` is pushed (a
            remote one copies a store into another).
        endpoint: The Graph Store Protocol URL (http or https).
        timeout: Seconds each request may take.
        headers: HTTP headers for every request (authorisation ...).

    Returns:
        The graphs written, in the order written (by IRI), and their triples.

    Raises:
        InputError: the URL is not http or https; a blank node is in two
            graphs; the server refuses a graph or cannot be reached (the
            message says how many graphs were written before).
    """
    _check_url(endpoint, "graph store")
    if not timeout > 0:
        raise InputError(f"a timeout must be more than 0 seconds, not {timeout!r}")
    ox = _pyoxigraph()
    loaded = source if isinstance(source, LoadedGraph) else source.to_loaded()
    graphs = _named_graphs(loaded)
    copies = Counter(triple for triples in graphs.values() for triple in triples)
    written: list[PushedGraph] = []
    for name in sorted(graphs):
        # N-Triples is Turtle too, and every Graph Store server reads Turtle.
        body = ox.serialize(graphs[name], format=ox.RdfFormat.N_TRIPLES) or b""
        try:
            _request(
                _graph_url(endpoint, name),
                method="PUT",
                data=body,
                headers={**(headers or {}), "Content-Type": "text/turtle; charset=utf-8"},
                timeout=timeout,
                what="graph store",
                error=InputError,
            )
        except InputError as exc:
            raise InputError(
                f"{exc.message} ({len(written)} of {len(graphs)} graphs written)"
            ) from None
        written.append(PushedGraph(iri=name, triples=len(graphs[name])))
    shared = sum(1 for count in copies.values() if count > 1)
    return PushSummary(endpoint=_shown(endpoint), graphs=tuple(written), shared=shared)


if TYPE_CHECKING:

    def _is_an_engine(engine: RemoteEngine) -> Engine:
        return engine  # the type checker checks RemoteEngine against the protocol
