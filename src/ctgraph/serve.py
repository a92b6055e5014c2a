"""Serving the graph as a read-only SPARQL 1.1 endpoint with a query page: ``ctgraph serve``.

The SPARQL server is Oxigraph's own (``oxigraph serve-read-only``, from the
``oxigraph`` PyPI package), bound to 127.0.0.1 on a free port that only this
module talks to. In front of it runs a small gateway (the standard library's
``http.server``) that clients use, because Oxigraph's read-only mode still
calls any URL a query names in SERVICE, returns as many rows as a query makes,
and on a timeout answers ``200 OK`` with a body cut off mid-way. The gateway:

- forwards the query page at ``/`` and the files it loads, unchanged, and
  answers 404 for every other path, 403 for ``/update`` and ``/store``;
- reads queries as the SPARQL 1.1 Protocol says (``GET ?query=``, ``POST`` of a
  form or of ``application/sparql-query``), answering each protocol error with
  its 4xx status and a one-line ``text/plain`` reason;
- refuses updates and any query that names SERVICE (403), checks the syntax
  (400), and forwards only what passed;
- reads the whole answer from Oxigraph in a format it parses completely (SPARQL
  JSON, N-Triples), so that a cut-off answer is an error (504), never a short
  ``200``; more rows than the limit is an error too (422), never a truncated
  table;
- writes the answer in the format the client's ``Accept`` asks for, with the
  project's own writers (:mod:`ctgraph.results`, :mod:`ctgraph.export`).

Use :func:`serve` to load the graph and serve it, or :class:`Server` to serve a
store made by :func:`prepare_store` (or by ``--store`` of the other commands).
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import http.server
import ipaddress
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import pyoxigraph
from rdflib import Graph
from rdflib.term import Node

from .catalog import (
    SERVICE_REFUSED,
    Query,
    QueryKind,
    QueryResult,
    blank_opaque,
    check_confined,
    parse_query,
    query_form,
)
from .catalog import query_prefixes as declared_prefixes
from .engine import from_oxigraph, open_engine
from .errors import CtgraphError, ExportError, InputError, QueryError
from .export import EXPORT_FORMATS, serialize
from .load import Inference
from .prefixes import PREFIXES, bind_prefixes
from .results import format_csv, format_json, format_tsv, format_xml

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT_S",
    "RefusedQueryError",
    "Server",
    "check_query",
    "is_loopback",
    "negotiate",
    "oxigraph_server",
    "prepare_store",
    "serve",
]

#: Where the endpoint listens unless told otherwise: this machine only.
DEFAULT_HOST = "127.0.0.1"
#: Oxigraph's own default port.
DEFAULT_PORT = 7878
#: Seconds a query may run (Oxigraph's ``--timeout-s``, whole seconds).
DEFAULT_TIMEOUT_S = 30
#: Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) an answer may hold.
DEFAULT_MAX_ROWS = 10_000

# The paths of Oxigraph's query page: the page and the three files it loads.
_PAGE_PATHS = frozenset({"/", "/yasgui.min.css", "/yasgui.min.js", "/logo.svg"})
# The query page sends queries to /sparql; /query is the protocol's usual name.
_QUERY_PATHS = frozenset({"/query", "/sparql"})
_WRITE_PATHS = frozenset({"/update", "/store"})

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_MAX_REQUEST_BYTES = 1 << 20  # a query of a megabyte is plenty
_MAX_ANSWER_BYTES = 256 << 20  # what the gateway reads from Oxigraph for one answer
_START_SECONDS = 30.0
_STOP_SECONDS = 10.0
_GRACE_SECONDS = 2.0  # the gateway waits this much longer than Oxigraph's time limit
_UPDATE_FORMS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


class RefusedQueryError(QueryError):
    """The endpoint will not run a query: it names SERVICE, or it is an update.

    ``status`` is the HTTP status the endpoint answers with.
    """

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status


_SERVICE_REFUSED = (
    "SERVICE is not allowed: this endpoint answers from its own graph and calls no other endpoint"
)
_UPDATE_REFUSED = "SPARQL Update is not allowed: this endpoint is read-only"


# Checking a query --------------------------------------------------------------------


def check_query(text: str) -> Query:
    """Return ``text`` parsed, if the endpoint may run it; nothing is run.

    A query may not name SERVICE, checked as every command checks it
    (:func:`ctgraph.catalog.check_confined` on Oxigraph's reading, which
    fails closed); FROM and FROM NAMED are let through, since the server
    reads them as graphs of its own store and fetches nothing.

    Raises:
        RefusedQueryError: the query names SERVICE, or is an update (status 403).
        QueryError: the text is empty or not a valid SPARQL query (status 400).
    """
    if not blank_opaque(text).strip():  # rdflib would read it as an empty update
        raise QueryError("the query is empty")
    found = query_form(text)
    if found is not None and found[0] in _UPDATE_FORMS:
        raise RefusedQueryError(_UPDATE_REFUSED)
    try:
        check_confined(text, engine="oxigraph", allow_from=True)
    except QueryError as exc:
        if exc.message == SERVICE_REFUSED:
            raise RefusedQueryError(_SERVICE_REFUSED) from None
        raise
    try:
        return parse_query(text)
    except QueryError as exc:
        if exc.message.startswith("SPARQL Update"):  # an update query_form did not see
            raise RefusedQueryError(_UPDATE_REFUSED) from None
        raise


def _with_prefixes(text: str) -> str:
    """Return ``text`` with the project's prefixes it does not declare declared before it.

    The other commands know the prefix table without declarations; so does
    the endpoint.
    """
    declared = declared_prefixes(text)
    lines = [f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared]
    return "".join(lines) + text


# Content negotiation -------------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    """A format the endpoint writes: its media type, other names for it, its writer."""

    media_type: str
    aliases: tuple[str, ...]
    write: Callable[[QueryResult], bytes]


def _graph_writer(name: str) -> Callable[[QueryResult], bytes]:
    def write(result: QueryResult) -> bytes:
        assert result.graph is not None
        return serialize(result.graph, name)

    return write


def _text_writer(writer: Callable[[QueryResult], str]) -> Callable[[QueryResult], bytes]:
    return lambda result: writer(result).encode("utf-8")


_JSON = _Format("application/sparql-results+json", ("application/json",), _text_writer(format_json))
_XML = _Format(
    "application/sparql-results+xml", ("application/xml", "text/xml"), _text_writer(format_xml)
)
_CSV = _Format("text/csv", (), _text_writer(format_csv))
_TSV = _Format("text/tab-separated-values", (), _text_writer(format_tsv))
#: By kind of query, the formats offered, the default first.
_OFFERS: dict[QueryKind, tuple[_Format, ...]] = {
    "select": (_JSON, _XML, _CSV, _TSV),
    "ask": (_JSON, _XML),  # CSV and TSV have no form for a boolean
    "construct": tuple(
        _Format(EXPORT_FORMATS[name].media_type, aliases, _graph_writer(name))
        for name, aliases in (
            ("turtle", ("application/x-turtle",)),
            ("nt", ()),
            ("xml", ()),
            ("json-ld", ()),
        )
    ),
}
_OFFERS["describe"] = _OFFERS["construct"]


def _accepted(accept: str | None) -> list[tuple[str, float]]:
    """Return the media ranges of an ``Accept`` header with their quality; ``*/*`` if none."""
    ranges: list[tuple[str, float]] = []
    for part in (accept or "").split(","):
        media, *params = (field.strip() for field in part.split(";"))
        if media.count("/") != 1:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges or [("*/*", 1.0)]


def _quality(media_type: str, ranges: Sequence[tuple[str, float]]) -> float:
    """The quality the most specific matching range gives ``media_type`` (0 if none)."""
    kind = media_type.split("/")[0]
    best = (-1, 0.0)
    for media, quality in ranges:
        rank = 2 if media == media_type else 1 if media == f"{kind}/*" else 0
        if (media == "*/*" or rank) and rank > best[0]:
            best = (rank, quality)
    return best[1]


def negotiate(kind: QueryKind, accept: str | None) -> _Format | None:
    """Return the format to answer a ``kind`` query in, or ``None`` if none is acceptable.

    The highest quality wins; between equals, the endpoint's order (SPARQL
    JSON, XML, CSV, TSV; Turtle, N-Triples, RDF/XML, JSON-LD). Another name
    of a format (``application/json``) counts only when named exactly.
    """
    ranges = _accepted(accept)
    best: _Format | None = None
    best_quality = 0.0
    for fmt in _OFFERS[kind]:
        named = [q for media, q in ranges if media in fmt.aliases]
        quality = max([_quality(fmt.media_type, ranges), *named])
        if quality > best_quality:
            best, best_quality = fmt, quality
    return best


# Reading Oxigraph's answer -------------------------------------------------------------


class _GatewayError(Exception):
    """An answer the gateway sends instead of the result: a status and a one-line reason."""

    def __init__(self, status: int, reason: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = " ".join(reason.split())
        self.headers = dict(headers or {})


class _LateError(Exception):
    """The answer did not arrive within the gateway's deadline."""


class _Watched:
    """A binary stream over an upstream answer, with a deadline and a size cap.

    It keeps the last bytes read, for the reason Oxigraph appends to an
    answer it cut off.
    """

    def __init__(self, stream: BinaryIO, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline
        self.size = 0
        self.tail = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if time.monotonic() > self._deadline:
            raise _LateError()
        data = self._stream.read(size if size is not None and size >= 0 else 1 << 16)
        self.size += len(data)
        if self.size > _MAX_ANSWER_BYTES:
            raise _GatewayError(
                422, f"the answer is larger than {_MAX_ANSWER_BYTES >> 20} MiB; ask for less"
            )
        self.tail = (self.tail + data)[-512:]
        return data

    def finish(self) -> None:
        """Read to the end of the answer, which must hold nothing more than white space.

        Raises:
            SyntaxError: something follows the parsed document.
            http.client.IncompleteRead: the answer is shorter than announced.
        """
        while data := self.read():
            if data.strip():
                raise SyntaxError("text after the end of the answer")
        missing = getattr(self._stream, "length", None)  # http.client does not raise for it
        if missing:
            raise http.client.IncompleteRead(b"", missing)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@dataclass(frozen=True)
class _Limits:
    """What the gateway needs to know of the server it guards."""

    upstream_port: int
    timeout_s: int
    max_rows: int

    @property
    def deadline_seconds(self) -> float:
        return self.timeout_s + _GRACE_SECONDS

    def timed_out(self) -> _GatewayError:
        return _GatewayError(504, f"the query exceeded the time limit of {self.timeout_s} s")

    def too_many(self, what: str) -> _GatewayError:
        return _GatewayError(
            422,
            f"the answer has more than {self.max_rows} {what}, the limit of this endpoint; "
            f"ask for fewer (LIMIT {self.max_rows})",
        )


def _rows(
    answer: pyoxigraph.QuerySolutions, limits: _Limits, deadline: float
) -> tuple[tuple[str, ...], tuple[tuple[Node | None, ...], ...]]:
    names = tuple(v.value for v in answer.variables)
    seen: dict[Any, Node | None] = {}
    rows: list[tuple[Node | None, ...]] = []
    for solution in answer:
        if len(rows) >= limits.max_rows:
            raise limits.too_many("rows")
        if time.monotonic() > deadline:
            raise _LateError()
        row = []
        for index in range(len(names)):
            term = solution[index]
            if term not in seen:
                seen[term] = from_oxigraph(term)
            row.append(seen[term])
        rows.append(tuple(row))
    return names, tuple(rows)


def _graph(
    stream: _Watched, limits: _Limits, deadline: float, prefixes: Mapping[str, str]
) -> Graph:
    """Read an N-Triples answer into a graph; its distinct triples count against the limit."""
    seen: dict[Any, Node | None] = {}
    graph = Graph(bind_namespaces="none")
    for triple in pyoxigraph.parse(cast(IO[bytes], stream), pyoxigraph.RdfFormat.N_TRIPLES):
        if time.monotonic() > deadline:
            raise _LateError()
        terms = []
        for term in (triple.subject, triple.predicate, triple.object):
            if term not in seen:
                seen[term] = from_oxigraph(term)
            terms.append(cast(Node, seen[term]))
        graph.add((terms[0], terms[1], terms[2]))
        if len(graph) > limits.max_rows:
            raise limits.too_many("triples")
    bind_prefixes(graph, prefixes)
    return graph


def _forget(error: BaseException) -> None:
    """Clear the frames of ``error`` and of the errors behind it, in this thread.

    pyoxigraph's result iterators may only be dropped by the thread that made
    them; a frame kept alive by an error would be collected in any thread.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__


def _ask_oxigraph(
    limits: _Limits,
    query: Query,
    default_graphs: Sequence[str],
    named_graphs: Sequence[str],
) -> QueryResult:
    """Run ``query`` on the upstream server and read its whole answer.

    Args:
        limits: The upstream's port, the time limit and the row limit.
        query: A query that :func:`check_query` passed.
        default_graphs: ``default-graph-uri`` values, forwarded.
        named_graphs: ``named-graph-uri`` values, forwarded.

    Raises:
        _GatewayError: the answer is an error, too large, cut off or late.
    """
    try:
        return _read_answer(limits, query, default_graphs, named_graphs)
    except BaseException as error:
        _forget(error)
        raise


def _read_answer(
    limits: _Limits,
    query: Query,
    default_graphs: Sequence[str],
    named_graphs: Sequence[str],
) -> QueryResult:
    graph_form = query.kind in ("construct", "describe")
    fields = [("query", _with_prefixes(query.text))]
    fields += [("default-graph-uri", iri) for iri in default_graphs]
    fields += [("named-graph-uri", iri) for iri in named_graphs]
    accept = "application/n-triples" if graph_form else "application/sparql-results+json"
    deadline = time.monotonic() + limits.deadline_seconds
    connection = http.client.HTTPConnection(
        "127.0.0.1", limits.upstream_port, timeout=limits.deadline_seconds
    )
    try:
        try:
            connection.request(
                "POST",
                "/query",
                body=urllib.parse.urlencode(fields).encode("ascii"),
                headers={"Content-Type": _FORM, "Accept": accept},
            )
            response = connection.getresponse()
        except TimeoutError:
            raise limits.timed_out() from None
        except (OSError, http.client.HTTPException) as exc:
            raise _GatewayError(502, f"the SPARQL server is not answering ({exc})") from None
        if response.status != 200:
            detail = response.read(1 << 16).decode("utf-8", "replace").strip()
            if "cancelled" in detail or time.monotonic() > deadline - _GRACE_SECONDS:
                raise limits.timed_out()
            first = detail.splitlines()[0] if detail else response.reason
            status = response.status if 400 <= response.status < 500 else 502
            raise _GatewayError(status, f"the SPARQL server refused the query: {first}")
        stream = _Watched(cast(BinaryIO, response), deadline)
        try:
            if graph_form:
                table = {**PREFIXES, **declared_prefixes(query.text)}
                graph = _graph(stream, limits, deadline, table)
                stream.finish()
                return QueryResult(kind=query.kind, graph=graph, prefixes=table)
            answer = pyoxigraph.parse_query_results(
                cast(IO[bytes], stream), pyoxigraph.QueryResultsFormat.JSON
            )
            if isinstance(answer, pyoxigraph.QueryBoolean):
                stream.finish()
                return QueryResult(kind="ask", boolean=bool(answer), prefixes=PREFIXES)
            names, rows = _rows(answer, limits, deadline)
            stream.finish()
            return QueryResult(kind="select", vars=names, rows=rows, prefixes=PREFIXES)
        except (_LateError, TimeoutError):
            raise limits.timed_out() from None
        except (SyntaxError, ValueError, OSError, http.client.HTTPException) as exc:
            # Oxigraph ends an answer it cancelled with a sentence, after whatever it had sent.
            if b"cancelled" in stream.tail or time.monotonic() > deadline - _GRACE_SECONDS:
                raise limits.timed_out() from None
            raise _GatewayError(502, f"the SPARQL server sent a broken answer ({exc})") from None
        except TypeError as exc:  # an RDF-star term, which rdflib lacks
            raise _GatewayError(
                502, f"the answer holds a term ctgraph cannot write ({exc})"
            ) from None
    finally:
        connection.close()


# The gateway ---------------------------------------------------------------------------


class _GatewayServer(http.server.ThreadingHTTPServer):
    """The listening socket and its settings, shared by the request handlers."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], limits: _Limits, log: IO[str] | None) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.limits = limits
        self.log = log
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.pages_lock = threading.Lock()
        super().__init__(address, _Gateway)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is no error of the server's: say nothing."""


class _Gateway(http.server.BaseHTTPRequestHandler):
    """Answers one connection's requests: the query page, queries, and refusals."""

    server: _GatewayServer
    protocol_version = "HTTP/1.1"
    server_version = "ctgraph"

    # Dispatch -------------------------------------------------------------------------

    def _route(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        try:
            if path in _QUERY_PATHS:
                self._query()
            elif path in _WRITE_PATHS:
                self._drain()
                raise _GatewayError(403, f"{path} is not available: this endpoint is read-only")
            elif path in _PAGE_PATHS:
                if self.command != "GET":
                    self._drain()
                    raise _GatewayError(
                        405, f"{self.command} is not allowed here", {"Allow": "GET"}
                    )
                self._page(path)
            else:
                self._drain()
                raise _GatewayError(404, f"no such page: {path}; queries go to /query")
        except _GatewayError as failure:
            self._fail(failure)
        except Exception as error:  # a fault of the gateway's: say so, and keep serving
            _forget(error)
            self.log_error("%s", f"{type(error).__name__}: {error}")
            self.close_connection = True
            self._fail(_GatewayError(500, f"the gateway failed: {type(error).__name__}: {error}"))

    def _fail(self, failure: _GatewayError) -> None:
        body = (failure.reason + "\n").encode("utf-8")
        self._send(failure.status, "text/plain; charset=utf-8", body, failure.headers)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _route  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        """Write one line a request to the server's log, if it has one."""
        if self.server.log is not None:
            self.server.log.write(f"{self.address_string()} {format % args}\n")
            self.server.log.flush()

    def _send(
        self, status: int, content_type: str, body: bytes, headers: Mapping[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # Reading requests ------------------------------------------------------------------

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise _GatewayError(411, "send the request body with a Content-Length")
        try:
            size = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            raise _GatewayError(400, "bad Content-Length") from None
        if size > _MAX_REQUEST_BYTES:
            self.close_connection = True
            raise _GatewayError(413, f"the request is larger than {_MAX_REQUEST_BYTES >> 10} KiB")
        return self.rfile.read(size) if size > 0 else b""

    def _drain(self) -> None:
        """Read a request body that will not be used, so the connection stays in step."""
        self._body()

    # The query page --------------------------------------------------------------------

    def _page(self, path: str) -> None:
        with self.server.pages_lock:
            cached = self.server.pages.get(path)
        if cached is None:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.server.limits.upstream_port, timeout=10
            )
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                content_type = response.getheader("Content-Type") or "application/octet-stream"
            except (OSError, http.client.HTTPException) as exc:
                raise _GatewayError(502, f"the SPARQL server is not answering ({exc})") from None
            finally:
                connection.close()
            if response.status != 200:
                raise _GatewayError(502, f"the SPARQL server answered {response.status} for {path}")
            cached = (content_type, body)
            with self.server.pages_lock:
                self.server.pages[path] = cached
        self._send(200, cached[0], cached[1])

    # Queries ---------------------------------------------------------------------------

    def _parameters(self) -> tuple[dict[str, list[str]], str | None]:
        """Return the protocol parameters and, for a direct POST, the query in the body."""
        body = self._body()  # read first: the connection stays in step whatever follows
        params = _parse_form(urllib.parse.urlsplit(self.path).query, "the URL's query string")
        if self.command == "GET":
            return params, None
        content_type = self.headers.get("Content-Type")
        if content_type is None:
            raise _GatewayError(415, f"say what the body is: Content-Type {_FORM} or {_DIRECT}")
        media, _, rest = content_type.partition(";")
        media = media.strip().lower()
        charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", rest, re.IGNORECASE)
        if charset and charset.group(1).lower() not in ("utf-8", "utf8", "us-ascii"):
            raise _GatewayError(415, f"the body must be UTF-8, not {charset.group(1)}")
        if media == _FORM:
            try:
                text = body.decode("ascii")
            except UnicodeDecodeError:
                raise _GatewayError(400, "a form body must be URL-encoded ASCII") from None
            for name, values in _parse_form(text, "the form").items():
                params.setdefault(name, []).extend(values)
            return params, None
        if media == _DIRECT:
            try:
                return params, body.decode("utf-8")
            except UnicodeDecodeError:
                raise _GatewayError(400, "the query is not UTF-8 text") from None
        if media == _UPDATE:
            raise _GatewayError(403, _UPDATE_REFUSED)
        raise _GatewayError(
            415, f"a query is sent as {_FORM} or {_DIRECT}, not {media or 'nothing'}"
        )

    def _query(self) -> None:
        if self.command not in ("GET", "POST"):
            self._drain()
            raise _GatewayError(
                405,
                f"{self.command} is not allowed: query with GET or POST",
                {"Allow": "GET, POST"},
            )
        params, direct = self._parameters()
        if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
            raise _GatewayError(403, _UPDATE_REFUSED)
        texts = params.get("query", []) + ([direct] if direct is not None else [])
        if not texts:
            raise _GatewayError(400, "no query: give one in the query parameter")
        if len(texts) > 1:
            raise _GatewayError(400, "more than one query: give exactly one")
        try:
            query = check_query(texts[0])
        except RefusedQueryError as exc:
            raise _GatewayError(exc.status, str(exc)) from None
        except CtgraphError as exc:
            raise _GatewayError(400, str(exc)) from None
        fmt = negotiate(query.kind, self.headers.get("Accept"))
        if fmt is None:
            offered = ", ".join(f.media_type for f in _OFFERS[query.kind])
            raise _GatewayError(
                406, f"a {query.kind.upper()} answer is written as one of {offered}"
            )
        result = _ask_oxigraph(
            self.server.limits,
            query,
            params.get("default-graph-uri", []),
            params.get("named-graph-uri", []),
        )
        try:
            body = fmt.write(result)
        except (ExportError, InputError) as exc:
            raise _GatewayError(
                406, f"the answer cannot be written as {fmt.media_type}: {exc}"
            ) from None
        self._send(200, f"{fmt.media_type}; charset=utf-8", body, {"Vary": "Accept"})


def _parse_form(text: str, where: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(
            text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=100
        )
    except UnicodeDecodeError:
        raise _GatewayError(400, f"{where} is not UTF-8 once decoded") from None
    except ValueError as exc:
        raise _GatewayError(400, f"{where} cannot be read ({exc})") from None


# Starting and stopping ----------------------------------------------------------------


def oxigraph_server() -> Path:
    """Return the Oxigraph server binary: beside this Python first, then on PATH.

    Raises:
        InputError: it is not installed.
    """
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if found is None:
        raise InputError(
            "ctgraph serve needs the Oxigraph server: pip install 'ctgraph[server]' (or oxigraph)"
        )
    return Path(found)


def is_loopback(host: str) -> bool:
    """True if ``host`` is ``localhost`` or a loopback address: reachable from this machine only.

    Other names are not resolved, so they count as remote.
    """
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _check_settings(
    host: str, port: int, timeout_s: int, max_rows: int, allow_remote: bool
) -> None:
    """Raise :class:`InputError` for a setting out of range, or a remote host not allowed."""
    if not is_loopback(host) and not allow_remote:
        raise InputError(
            f"refusing to listen on {host}, which other machines can reach; "
            "allow it with allow_remote (--allow-remote)"
        )
    if not 0 <= port <= 65535:
        raise InputError(f"the port must be between 0 and 65535, not {port}")
    if isinstance(timeout_s, bool) or not isinstance(timeout_s, int) or timeout_s < 1:
        raise InputError(
            f"the time limit must be a whole number of seconds, 1 or more, not {timeout_s!r}"
        )
    if max_rows < 1:
        raise InputError(f"the row limit must be 1 or more, not {max_rows}")


def _database(store: Path) -> Path:
    """Return the Oxigraph database inside a store folder that :func:`prepare_store` filled.

    Raises:
        InputError: the folder is no complete store.
    """
    database = store / "oxigraph"
    if not (store / "manifest.json").is_file() or not database.is_dir():
        raise InputError(
            "not a ctgraph store (no manifest.json): fill it with --store first", store
        )
    return database


def prepare_store(
    folder: Path | str,
    ontology: Sequence[Path | str] | None = None,
    data: Sequence[Path | str] | None = None,
    *,
    inference: Inference = "none",
) -> Path:
    """Fill the Oxigraph store in ``folder`` with the graph, and close it; return the folder.

    The store is the one :func:`ctgraph.engine.open_engine` keeps: reused while
    the files are unchanged, reloaded when they changed. It is closed before
    this returns, so that the server can open it.

    Raises:
        InputError: a file is missing or not valid RDF, or the folder cannot be used.
    """
    engine = open_engine(ontology, data, engine="oxigraph", store=folder, inference=inference)
    engine.close()
    return Path(folder)


class Server:
    """The read-only SPARQL endpoint: Oxigraph behind the guarding gateway.

    Nothing runs until :meth:`start` (or ``with``); :meth:`stop` ends both the
    gateway and Oxigraph. Use :attr:`url` for the query page and
    :attr:`query_url` for queries.

    Args:
        store: A store folder filled by :func:`prepare_store` (or ``--store``).
        host: Where the gateway listens; a loopback address unless ``allow_remote``.
        port: The gateway's port; 0 picks a free one.
        timeout_s: Seconds a query may run, whole and at least 1.
        max_rows: Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) an answer may hold.
        allow_remote: Allow ``host`` to be reachable from other machines.
        log: Where to write one line a request; nothing is written by default.

    Raises:
        InputError: a setting is out of range, ``host`` is not loopback without
            ``allow_remote``, or ``store`` is no store.
    """

    def __init__(
        self,
        store: Path | str,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        timeout_s: int = DEFAULT_TIMEOUT_S,
        max_rows: int = DEFAULT_MAX_ROWS,
        allow_remote: bool = False,
        log: IO[str] | None = None,
    ) -> None:
        _check_settings(host, port, timeout_s, max_rows, allow_remote)
        self.store = Path(store)
        self.database = _database(self.store)
        self.host = host
        self.port = port
        self.timeout_s = timeout_s
        self.max_rows = max_rows
        self._log = log
        self._temp: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._upstream_port = 0
        self._gateway: _GatewayServer | None = None
        self._thread: threading.Thread | None = None
        #: Folders removed when the server stops (:func:`serve`'s temporary store).
        self.owned: list[Path] = []

    # Properties --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The query page, ``http://HOST:PORT/``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint, ``http://HOST:PORT/query``."""
        return self.url + "query"

    @property
    def upstream_url(self) -> str:
        """Oxigraph's own address, on 127.0.0.1: for diagnostics; clients use :attr:`url`."""
        return f"http://127.0.0.1:{self._upstream_port}"

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._gateway is not None

    @property
    def process_id(self) -> int | None:
        """The Oxigraph server's process id while it runs."""
        return self._process.pid if self._process is not None else None

    # Starting ----------------------------------------------------------------------------

    def start(self) -> Server:
        """Start Oxigraph, wait until it answers, then open the gateway; return ``self``.

        Raises:
            InputError: the Oxigraph binary is missing, it failed to start, or
                the gateway cannot listen on ``host:port``.
        """
        if self.running:
            return self
        binary = oxigraph_server()
        self._temp = Path(tempfile.mkdtemp(prefix="ctgraph-serve-"))
        atexit.register(self.stop)
        try:
            for attempt in range(3):  # the free port may be taken before Oxigraph binds it
                if self._start_upstream(binary) or attempt == 2:
                    break
            self._check_upstream()
            limits = _Limits(self._upstream_port, self.timeout_s, self.max_rows)
            try:
                self._gateway = _GatewayServer((self.host, self.port), limits, self._log)
            except OSError as exc:
                raise InputError(
                    f"cannot listen on {self.host}:{self.port} ({exc.strerror or exc})"
                ) from None
            self.port = int(self._gateway.server_address[1])
            self._thread = threading.Thread(
                target=self._gateway.serve_forever, name="ctgraph-serve", daemon=True
            )
            self._thread.start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_upstream(self, binary: Path) -> bool:
        """Start Oxigraph on a free port; False if it exited because the port was taken."""
        assert self._temp is not None
        self._upstream_port = _free_port()
        command = [
            str(binary),
            "serve-read-only",
            "--location",
            str(self.database),
            "--bind",
            f"127.0.0.1:{self._upstream_port}",
            "--timeout-s",
            str(self.timeout_s),
        ]
        log = (self._temp / "oxigraph.log").open("wb")  # a file: a full pipe would stall it
        with log:
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + _START_SECONDS
        while True:
            if self._process.poll() is not None:
                said = self._upstream_log()
                if "in use" in said.lower():
                    self._process = None
                    return False
                raise InputError(f"the Oxigraph server stopped at once: {said}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection("127.0.0.1", self._upstream_port, timeout=1)
                try:
                    connection.request("GET", "/query?query=ASK%7B%7D")
                    if connection.getresponse().status == 200:
                        return True
                finally:
                    connection.close()
            if time.monotonic() > deadline:
                raise InputError(
                    f"the Oxigraph server did not answer within {_START_SECONDS:.0f} s"
                )
            time.sleep(0.05)

    def _check_upstream(self) -> None:
        if self._process is None or self._process.poll() is not None:
            raise InputError(f"the Oxigraph server is not running: {self._upstream_log()}")

    def _upstream_log(self) -> str:
        if self._temp is None:
            return ""
        try:
            text = (self._temp / "oxigraph.log").read_text("utf-8", "replace")
        except OSError:
            return ""
        lines = [line for line in text.splitlines() if line.strip()]
        return lines[-1].strip() if lines else "it said nothing"

    # Stopping ----------------------------------------------------------------------------

    def stop(self) -> None:
        """Close the gateway, end Oxigraph (terminate, then kill) and remove the temporary files.

        Safe to call more than once.
        """
        gateway, self._gateway = self._gateway, None
        if gateway is not None:
            gateway.shutdown()
            gateway.server_close()
        if self._thread is not None:
            self._thread.join(timeout=_STOP_SECONDS)
            self._thread = None
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for folder in ([self._temp] if self._temp is not None else []) + self.owned:
            shutil.rmtree(folder, ignore_errors=True)
        self._temp = None
        self.owned = []
        atexit.unregister(self.stop)

    def serve_forever(self) -> None:
        """Serve until Ctrl-C (or SIGTERM, when called in the main thread), then stop.

        Raises:
            InputError: the Oxigraph server stopped by itself.
        """
        self.start()
        stopping = threading.Event()
        previous: Any = None
        in_main = threading.current_thread() is threading.main_thread()
        if in_main:
            previous = signal.signal(signal.SIGTERM, lambda *_: stopping.set())
        try:
            while not stopping.wait(0.5):
                self._check_upstream()
        except KeyboardInterrupt:
            pass
        finally:
            if in_main:
                signal.signal(signal.SIGTERM, previous)
            self.stop()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(
    ontology: Sequence[Path | str] | None = None,
    data: Sequence[Path | str] | None = None,
    *,
    store: Path | str | None = None,
    inference: Inference = "none",
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout_s: int = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
    allow_remote: bool = False,
    log: IO[str] | None = None,
) -> Server:
    """Load the graph into a store and serve it; return the running :class:`Server`.

    Use it as ``with serve() as server: ...``, or call :meth:`Server.serve_forever`.

    Args:
        ontology: Ontology files or folders; by default the project's.
        data: Data files or folders; by default ``data/``.
        store: A store folder to fill (and reuse while the files are
            unchanged); by default a temporary one, removed when the server stops.
        inference: ``rdfs`` or ``owlrl`` serve the entailed triples too.
        host, port, timeout_s, max_rows, allow_remote, log: As for :class:`Server`.

    Raises:
        InputError: as :class:`Server` and :func:`prepare_store` raise it.
    """
    _check_settings(host, port, timeout_s, max_rows, allow_remote)  # before any loading
    temporary = None if store is not None else Path(tempfile.mkdtemp(prefix="ctgraph-store-"))
    try:
        folder = store if store is not None else cast(Path, temporary) / "store"
        prepare_store(folder, ontology, data, inference=inference)
        server = Server(
            folder,
            host=host,
            port=port,
            timeout_s=timeout_s,
            max_rows=max_rows,
            allow_remote=allow_remote,
            log=log,
        )
    except BaseException:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise
    if temporary is not None:
        server.owned.append(temporary)
    return server.start()
