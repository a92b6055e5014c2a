"""Query engines behind one interface: rdflib (pure Python) or Oxigraph (pyoxigraph, in Rust).

Both engines load the same files into one union graph and answer SPARQL with
the same :class:`~ctgraph.catalog.QueryResult` of rdflib terms, so callers,
formatters and tests never see which engine answered. Oxigraph parses and
queries much faster on large graphs; pySHACL, the projection and the
deterministic writers read rdflib graphs, which :meth:`Engine.to_rdflib`
gives. ``pyoxigraph`` is imported only when an Oxigraph engine is opened.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import importlib.util
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, cast, get_args
from typing import Literal as TypingLiteral
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.query import ResultRow
from rdflib.term import Node

from .catalog import QueryKind, QueryResult, blank_opaque, query_form
from .errors import InputError, QueryError
from .load import (
    CHECKED_DATATYPES,
    RDF_SUFFIXES,
    Inference,
    LoadedGraph,
    SourceFile,
    TermChecker,
    apply_inference,
    check_inference,
    declared_prefixes,
    default_inputs,
    expand_paths,
    load_files,
    open_source,
    parse_file,
    utf8_error,
    valid_iri,
    wrong_format,
)
from .lookup import LABEL_PROPERTIES
from .paths import GRAPH_BASE, PARSE_HOST, source_iri
from .prefixes import PREFIXES, bind_prefixes, merge_prefixes, prefix_table

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "ENGINE_CHOICES",
    "Engine",
    "EngineChoice",
    "EngineName",
    "OxigraphEngine",
    "RdflibEngine",
    "as_engine",
    "choose_engine",
    "from_oxigraph",
    "open_engine",
    "oxigraph_available",
    "to_oxigraph",
]

#: The engines' names; ``remote`` is :class:`ctgraph.remote.RemoteEngine`, a SPARQL endpoint.
EngineName = TypingLiteral["rdflib", "oxigraph", "remote"]
#: What :func:`open_engine` accepts: an engine, or ``auto`` to pick by input size.
EngineChoice = TypingLiteral["rdflib", "oxigraph", "auto"]
ENGINE_CHOICES: tuple[str, ...] = get_args(EngineChoice)


_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = str(RDF.langString)

#: File endings Oxigraph parses itself; JSON-LD and RDF/XML go through rdflib's
#: parsers (context handling and XML literals as rdflib does them).
_OXIGRAPH_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG"}
_BATCH = 100_000  # quads handed to Oxigraph at once: few large writes are fastest
_QUAD_FILE_FORMATS = {"N_QUADS", "TRIG"}
_WHITESPACE = re.compile(rb"[\x00-\x20>]")
#: A relative IRI as Turtle and TriG write it (no scheme; escapes and all).
_RELATIVE_IRIREF = re.compile(
    rb"<(?![A-Za-z][A-Za-z0-9+.\-]*:)(?:[^<>\"{}|^`\\\x00-\x20]|\\[uU])*>"
)
_KINDS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}


class Engine(Protocol):
    """A loaded graph that answers SPARQL, whatever stores it.

    Every engine holds the union of what it loaded, in its default graph (a
    triple stated by two files is there once), and answers queries over it.
    """

    @property
    def name(self) -> EngineName:
        """``rdflib``, ``oxigraph`` or ``remote``."""
        ...

    @property
    def prefixes(self) -> Mapping[str, str]:
        """The prefix table: the fixed one plus those the files declare."""
        ...

    @property
    def files(self) -> tuple[Path, ...]:
        """The files loaded, in load order."""
        ...

    @property
    def inference(self) -> Inference:
        """The inference applied (see :meth:`infer`)."""
        ...

    def load(self, paths: Iterable[Path | str]) -> None:
        """Add the RDF files under ``paths``, folders recursively; files loaded already are skipped.

        Raises:
            InputError: a file is missing or is not valid RDF.
        """
        ...

    def add_graph(self, graph: Graph, name: str = "memory") -> None:
        """Add the triples of ``graph`` as if read from a file called ``name``."""
        ...

    def infer(self, inference: Inference) -> None:
        """Add the triples entailed under ``inference`` (with owlrl) to what is loaded."""
        ...

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        kind: QueryKind | None = None,
    ) -> QueryResult:
        """Run SPARQL ``text`` with ``bindings`` (variable name to term) given to its variables.

        The prefix table is known to the query. A SELECT must project every
        bound variable (Oxigraph binds by substitution, which requires it).

        Raises:
            QueryError: the query is invalid or fails to run.
        """
        ...

    def triple_count(self) -> int:
        """Return the number of triples loaded (and inferred)."""
        ...

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        """Iterate over every triple as rdflib terms, without building an rdflib graph."""
        ...

    def label_graph(self) -> Graph:
        """Return an rdflib graph with at least the label triples, to resolve names.

        It holds every triple whose predicate is one of
        :data:`ctgraph.lookup.LABEL_PROPERTIES`, with the prefix table bound.
        """
        ...

    def to_rdflib(self) -> Graph:
        """Return the whole graph as an rdflib graph, with the prefix table bound.

        The same graph is returned until the engine changes; do not modify it.
        """
        ...

    def to_loaded(self) -> LoadedGraph:
        """Return the graph and each file's own triples, as :func:`ctgraph.load_graph` does."""
        ...

    def close(self) -> None:
        """Release the store; the engine must not be used afterwards."""
        ...


def oxigraph_available() -> bool:
    """True if pyoxigraph is installed (without importing it)."""
    return importlib.util.find_spec("pyoxigraph") is not None


def _pyoxigraph() -> Any:
    try:
        import pyoxigraph
    except ImportError:
        raise InputError("the oxigraph engine needs pyoxigraph (pip install pyoxigraph)") from None
    # Store.query takes default prefixes from 0.5 on.
    version = tuple(int(n) for n in re.findall(r"\d+", pyoxigraph.__version__)[:2])
    if version < (0, 5):
        raise InputError(
            f"the oxigraph engine needs pyoxigraph 0.5 or newer, not {pyoxigraph.__version__}"
        )
    return pyoxigraph


# Terms ----------------------------------------------------------------------------


def from_oxigraph(term: Any) -> Node | None:
    """Return the rdflib term for a pyoxigraph term (``None`` stays ``None``).

    Simple literals are ``xsd:string`` literals in pyoxigraph (RDF 1.1) and
    untyped in rdflib; they come back untyped, as rdflib's parser makes them.

    Raises:
        TypeError: the term is an RDF-star triple term, which rdflib lacks.
    """
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return URIRef(term.value)
    if kind == "Literal":
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if kind == "BlankNode":
        return BNode(term.value)
    raise TypeError(f"no rdflib term for {term!r}")


def to_oxigraph(term: Node) -> Any:
    """Return the pyoxigraph term for an rdflib IRI, blank node or literal.

    Raises:
        TypeError: ``term`` is not one of those (a variable, a graph).
    """
    ox = _pyoxigraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        try:
            return ox.BlankNode(str(term))
        except ValueError:  # an id that is no valid blank node label: a stable stand-in
            return ox.BlankNode(hashlib.sha256(str(term).encode("utf-8")).hexdigest()[:32])
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) not in (_XSD_STRING, _RDF_LANG_STRING):
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _triple_term_error(path: Path) -> InputError:
    """RDF 1.2 triple terms, which Oxigraph reads and rdflib (used by every command) cannot."""
    line = None
    with contextlib.suppress(OSError, UnicodeDecodeError):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "<<" in text or "{|" in text:
                line = number
                break
    return InputError(
        "RDF 1.2 triple terms and annotations (<< >>, {| |}) are not supported", path, line
    )


class _UnreadableValues(logging.Filter):
    """Drops rdflib's warning about a literal whose value Python cannot hold.

    Oxigraph accepts every valid XSD value, such as the date 44 BC
    ("-0044-03-15"), which Python's datetime cannot represent; rdflib then
    logs a traceback when the term is made, though the literal itself is
    kept, as written, and read correctly. Ill-typed literals never get here:
    they are refused when files are loaded.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_UnreadableValues())


class _FromOxigraph:
    """Converts pyoxigraph terms, remembering each (graphs repeat their terms a lot)."""

    def __init__(self) -> None:
        self._seen: dict[Any, Node | None] = {}

    def __call__(self, term: Any) -> Node | None:
        found = self._seen.get(term)
        if found is None and term is not None:
            found = self._seen[term] = from_oxigraph(term)
        return found


def _triples_kind(text: str) -> QueryKind:
    # Only called when a caller did not say: the first of the two keywords
    # outside IRIs, strings and comments decides.
    bare = re.sub(r"<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*", " ", text)
    match = re.search(r"\b(CONSTRUCT|DESCRIBE)\b", bare, re.IGNORECASE)
    return "describe" if match and match.group(1).upper() == "DESCRIBE" else "construct"


def _widened_projection(
    text: str, bindings: Mapping[str, Node]
) -> tuple[str, tuple[str, ...]] | None:
    """Return ``text`` with the bound variables missing from its SELECT clause added to it.

    Oxigraph substitutes a bound variable only if the query projects it. A
    substituted variable is one value in every row, so projecting it changes
    neither the rows nor their number, and the caller drops the column again.
    ``None`` when the query is no SELECT or projects every bound variable.
    """
    found = query_form(text)
    if found is None or found[0] != "SELECT":
        return None
    start = found[1] + len("SELECT")
    blanked = blank_opaque(text)
    clause = re.match(r"\s*(?:(?:DISTINCT|REDUCED)\b)?", blanked[start:], re.IGNORECASE)
    at = start + (clause.end() if clause else 0)
    end = re.search(r"\bWHERE\b|\{|\bFROM\b", blanked[at:], re.IGNORECASE)
    projected = set(re.findall(r"[?$](\w+)", blanked[at : at + end.start()] if end else ""))
    if "*" in (blanked[at : at + end.start()] if end else ""):
        return None
    missing = tuple(name for name in bindings if name not in projected)
    if not missing:
        return None
    added = "".join(f" ?{name}" for name in missing)
    return f"{text[:at]}{added} {text[at:]}", missing


def _graph_result(
    kind: QueryKind, triples: Iterable[tuple[Node, Node, Node]], prefixes: Mapping[str, str]
) -> QueryResult:
    out = Graph(bind_namespaces="none")
    for triple in triples:
        out.add(triple)
    for prefix, namespace in prefixes.items():
        out.bind(prefix, URIRef(namespace))
    return QueryResult(kind=kind, graph=out, prefixes=prefixes)


def _memory_iri(name: str) -> URIRef:
    return URIRef(GRAPH_BASE + quote(name, safe="/-._~"))


def _is_rdf(triple: tuple[Node, Node, Node]) -> bool:
    """False for a generalised triple, such as owlrl's ``"x" rdf:type rdfs:Resource``."""
    s, p, _ = triple
    return isinstance(s, (URIRef, BNode)) and isinstance(p, URIRef)


def _scan(stream: IO[bytes], turtle: bool) -> tuple[bool, bool]:
    """Read ``stream`` through once, in blocks, and rewind it.

    Returns whether it is all UTF-8 (Oxigraph does not look at the bytes of
    comments, rdflib does: both engines refuse such a file) and, for Turtle
    and TriG, whether it may hold a relative IRI. ``<x>`` in a string or a
    comment counts too: such a file is only parsed the slower way. An IRI is
    never cut by a block's end: the tail from its ``<`` is kept for the next.
    """
    start = stream.tell()
    decoder = codecs.getincrementaldecoder("utf-8")()
    relative = False
    tail = b""
    try:
        while block := stream.read(1 << 22):
            decoder.decode(block)
            if turtle and not relative:
                data = tail + block
                relative = _RELATIVE_IRIREF.search(data) is not None
                cut = data.rfind(b"<")
                tail = data[cut:] if cut >= 0 and not _WHITESPACE.search(data, cut + 1) else b""
                relative |= len(tail) > 1 << 20  # no IRI is that long: let the parser say
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False, relative
    finally:
        stream.seek(start)
    return True, relative


def _line_of(path: Path, number: int) -> str:
    """Line ``number`` of ``path`` as text (empty past the end), reading up to it only."""
    with open_source(path) as stream:
        for current, raw in enumerate(stream, start=1):
            if current == number:
                return raw.decode("utf-8", errors="replace")
    return ""


def _syntax_error(checker: TermChecker, exc: SyntaxError) -> InputError:
    """The error for Oxigraph's syntax error ``exc`` in ``checker``'s file.

    Where the same fault has a message of the rdflib engine (unknown prefix,
    invalid IRI, relative IRI in N-Triples, bytes that are not UTF-8, another
    format), the message is that one.
    """
    path, name = checker.path, checker.fmt
    message = re.sub(r"^Parser error at line \d+[^:]*:\s*", "", str(exc.msg))
    line, column = exc.lineno or None, exc.offset or None
    if message.startswith("Invalid UTF-8"):
        return utf8_error(path)
    if line is not None and line <= 3:  # a file of another format fails at once
        with open_source(path) as stream:
            head = stream.read(4096).decode("utf-8", errors="replace")
        if wrong := wrong_format(path, name, head):
            return wrong
    if message == "No scheme found in an absolute IRI" and name in ("nt", "nquads"):
        relative = checker.relative_error()  # where it is written, if it can be found
        return relative if relative.line else InputError(relative.message, path, line, column)
    if unbound := re.fullmatch(r"The prefix (\S*) has not been declared", message):
        message = f"unknown prefix {unbound.group(1)}"
    elif line is not None and column is not None and message.startswith("Invalid"):
        written = re.match(r"<([^<>\n]*)>", _line_of(path, line)[column - 1 :])
        if written is not None:
            problem = valid_iri(written.group(1)) or message[0].lower() + message[1:]
            return InputError(f"invalid IRI <{written.group(1)}>: {problem}", path, line, column)
    return InputError(f"bad {name} syntax: {message}", path, line, column)


# rdflib ---------------------------------------------------------------------------


class RdflibEngine:
    """rdflib's in-memory graph and its SPARQL engine: pure Python, no extra dependency."""

    def __init__(self, source: Graph | LoadedGraph | None = None) -> None:
        """Start empty, or wrap a graph or a loaded graph (shared, not copied)."""
        self._sources: list[SourceFile] = []
        self._inference: Inference = "none"
        if isinstance(source, LoadedGraph):
            self._graph = source.graph
            self._sources = list(source.sources)
            self._inference = source.inference
        elif source is not None:
            self._graph = source
        else:
            self._graph = Graph(bind_namespaces="none")
            bind_prefixes(self._graph, PREFIXES)

    def __enter__(self) -> RdflibEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def name(self) -> EngineName:
        return "rdflib"

    @property
    def prefixes(self) -> Mapping[str, str]:
        return prefix_table(self._graph)

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(source.path for source in self._sources)

    @property
    def inference(self) -> Inference:
        return self._inference

    def _add(self, sources: Sequence[SourceFile]) -> None:
        for source in sources:
            self._graph += source.graph
        self._sources.extend(sources)
        bind_prefixes(self._graph, merge_prefixes(PREFIXES, declared_prefixes(self._sources)))

    def load(self, paths: Iterable[Path | str]) -> None:
        seen = {source.path.resolve() for source in self._sources}
        parsed = []
        for path in expand_paths(paths):
            if path.resolve() not in seen:
                seen.add(path.resolve())
                parsed.append(parse_file(path))
        self._add(parsed)

    def add_graph(self, graph: Graph, name: str = "memory") -> None:
        self._add([SourceFile(path=Path(name), iri=_memory_iri(name), graph=graph)])

    def infer(self, inference: Inference) -> None:
        apply_inference(self._graph, check_inference(inference))
        if inference != "none":
            self._inference = inference

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        kind: QueryKind | None = None,
    ) -> QueryResult:
        table = self.prefixes
        try:
            result = self._graph.query(text, initBindings=cast(Mapping[str, Any], bindings or {}))
            kind = kind or cast(QueryKind, _KINDS[str(result.type)])
            if kind == "ask":
                return QueryResult(kind="ask", boolean=bool(result.askAnswer), prefixes=table)
            if kind in ("construct", "describe"):
                triples = result.graph if result.graph is not None else ()
                return _graph_result(kind, cast(Iterable[Any], triples), table)
            variables = tuple(str(v) for v in (result.vars or []))
            # Each row is a ResultRow: its values in projection order, None where unbound.
            rows = tuple(tuple(cast(ResultRow, row)) for row in result)
        except Exception as exc:  # rdflib reports evaluation problems as plain exceptions
            raise QueryError(str(exc)) from None
        return QueryResult(kind="select", vars=variables, rows=rows, prefixes=table)

    def triple_count(self) -> int:
        return len(self._graph)

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self._graph)

    def label_graph(self) -> Graph:
        return self._graph

    def to_rdflib(self) -> Graph:
        return self._graph

    def to_loaded(self) -> LoadedGraph:
        return LoadedGraph(
            graph=self._graph, sources=tuple(self._sources), inference=self._inference
        )

    def close(self) -> None:
        """Nothing to release: the graph lives as long as it is referenced."""


# Oxigraph -------------------------------------------------------------------------


class OxigraphEngine:
    """Oxigraph's store and SPARQL engine, through pyoxigraph: in memory, or on disk.

    Turtle, N-Triples, N-Quads and TriG are parsed by Oxigraph; JSON-LD and
    RDF/XML by rdflib. Named graphs of quad files are merged into the union,
    as rdflib's loader does. Parameters are bound by substitution (SEP-0007):
    a SELECT must project every parameter it binds.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        """Open an empty store in memory, or the Oxigraph database in folder ``path``.

        Most callers want :func:`open_engine`, which also keeps a store on disk
        in step with the files.

        Raises:
            InputError: pyoxigraph is missing, or the database cannot be opened.
        """
        ox = _pyoxigraph()
        self._ox = ox
        self._store: Any
        try:
            if path is None:
                self._store = ox.Store()
            else:
                self._store = ox.Store(str(path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
            raise InputError(f"cannot open the Oxigraph store ({exc})", path) from None
        #: True when :func:`open_engine` found the store up to date and did not reload it.
        self.reused = False
        self._files: list[Path] = []
        self._seen: set[Path] = set()
        # Distinct (prefix, namespace) pairs the files declare, in order: a pair
        # declared again changes nothing, and many files repeat the same ones.
        self._declared: dict[tuple[str, str], None] = {}
        self._prefixes: dict[str, str] | None = None
        self._memory: list[SourceFile] = []
        self._inference: Inference = "none"
        self._graph: Graph | None = None
        self._labels: Graph | None = None
        self._on_change: list[Any] = []

    def __enter__(self) -> OxigraphEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def name(self) -> EngineName:
        return "oxigraph"

    @property
    def store(self) -> pyoxigraph.Store:
        """The pyoxigraph store, for what this interface does not offer."""
        return cast("pyoxigraph.Store", self._store)

    @property
    def prefixes(self) -> Mapping[str, str]:
        if self._prefixes is None:
            self._prefixes = merge_prefixes(PREFIXES, self._declared)
        return self._prefixes

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(self._files)

    @property
    def inference(self) -> Inference:
        return self._inference

    def _changed(self) -> None:
        self._graph = None
        self._labels = None
        for callback in self._on_change:
            callback()

    def _declare(self, pairs: Iterable[tuple[str, str]]) -> None:
        for pair in sorted(pairs):
            self._declared.setdefault(pair)
        self._prefixes = None

    def _parse_into(self, path: Path, batch: list[Any], pending: list[Path]) -> None:
        """Append the checked triples of ``path`` to ``batch``, as quads of the default graph.

        Turtle, N-Triples, N-Quads and TriG are streamed from the file: a full
        batch is written on the way (with the ``pending`` files before it), so
        memory holds one batch whatever the file's size. The file is read
        through once first, to check that it is UTF-8 and to see whether it
        may hold relative IRIs. If so, it is parsed against the stand-in base
        and each IRI is checked and resolved (see
        :class:`~ctgraph.paths.DocumentBase`); otherwise it is parsed without
        a base, which makes a relative IRI an error. Each literal of a checked
        XSD type is checked as it comes. JSON-LD and RDF/XML go through
        :func:`~ctgraph.load.parse_file`.
        """
        ox = self._ox
        fmt = _OXIGRAPH_FORMATS.get(path.suffix.lower())
        if fmt is None:  # JSON-LD, RDF/XML: rdflib's parsers and the same checks
            source = parse_file(path)
            batch.extend(self._quads_of(source.graph))
            self._declare((str(p), str(n)) for p, n in source.graph.namespaces())
            return
        checker = TermChecker(path, RDF_SUFFIXES[path.suffix.lower()])
        literal_type, triple_type = ox.Literal, ox.Triple
        checks = {ox.NamedNode(iri): (iri, check) for iri, check in CHECKED_DATATYPES.items()}
        with open_source(path) as stream:
            utf8, relative = _scan(stream, turtle=fmt in ("TURTLE", "TRIG"))
            if not utf8:
                raise utf8_error(path)
            parser = ox.parse(
                input=stream,
                format=getattr(ox.RdfFormat, fmt),
                base_iri=checker.base.parse_iri if relative else None,
                rename_blank_nodes=True,  # blank nodes of two files never merge
            )
            rebuild = relative or fmt in _QUAD_FILE_FORMATS  # named graphs join the union
            try:
                for quad in parser:  # the loop runs for every triple: keep it lean
                    term = quad.object
                    if type(term) is literal_type:
                        check = checks.get(term.datatype)
                        if check is not None and not check[1](term.value):
                            checker.literal(term.value, check[0])  # white space, or an error
                    elif type(term) is triple_type or type(quad.subject) is triple_type:
                        raise _triple_term_error(path)
                    if rebuild:
                        quad = self._rebuilt(quad, checker if relative else None)
                    batch.append(quad)
                    if len(batch) >= _BATCH:
                        self._flush(batch, pending)
                prefixes = checker.namespaces(parser.prefixes.items())
            except SyntaxError as exc:
                raise _syntax_error(checker, exc) from None
            except OSError as exc:
                raise InputError(f"cannot read file ({exc.strerror or exc})", path) from None
        self._declare(prefixes)

    def _rebuilt(self, quad: Any, checker: TermChecker | None) -> Any:
        """``quad`` in the default graph, its relative IRIs resolved if ``checker`` is given."""
        terms = [quad.subject, quad.predicate, quad.object]
        if checker is not None:
            ox = self._ox
            for i, term in enumerate(terms):
                if type(term) is ox.NamedNode and term.value.startswith(PARSE_HOST):
                    terms[i] = ox.NamedNode(checker.iri(term.value))
                elif type(term) is ox.Literal and term.datatype.value.startswith(PARSE_HOST):
                    datatype = ox.NamedNode(checker.iri(term.datatype.value))
                    terms[i] = ox.Literal(term.value, datatype=datatype)
        return self._ox.Quad(*terms)

    def _flush(self, batch: list[Any], pending: list[Path]) -> None:
        """Write ``batch`` to the store; the ``pending`` files are then loaded."""
        self._store.bulk_extend(batch)
        batch.clear()
        self._files.extend(pending)
        self._seen.update(p.resolve() for p in pending)
        pending.clear()

    def _extend(self, quads: Iterable[Any]) -> None:
        batch: list[Any] = []
        for quad in quads:
            batch.append(quad)
            if len(batch) >= _BATCH:
                self._store.bulk_extend(batch)
                batch = []
        if batch:
            self._store.bulk_extend(batch)

    def load(self, paths: Iterable[Path | str]) -> None:
        """Add the RDF files under ``paths``; a file already loaded is skipped.

        Files are parsed into batches of about 100,000 triples, each written
        at once (few large writes are fastest, on disk above all), so memory
        holds one batch however large the files.

        Raises:
            InputError: a file is missing or is not valid RDF (see
                :mod:`ctgraph.load` for the checks). Files before it in
                ``paths`` may have been added, and the start of a bad file
                larger than a batch: discard the engine (:func:`open_engine`
                does, and empties a persistent store).
        """
        files = [p for p in expand_paths(paths) if p.resolve() not in self._seen]
        if not files:
            return
        self._changed()
        batch: list[Any] = []
        pending: list[Path] = []
        for path in files:
            self._parse_into(path, batch, pending)
            pending.append(path)
        self._flush(batch, pending)

    def _quads_of(self, graph: Graph) -> Iterator[Any]:
        quad = self._ox.Quad
        for triple in graph:
            if _is_rdf(triple):
                yield quad(*(to_oxigraph(t) for t in triple))

    def add_graph(self, graph: Graph, name: str = "memory") -> None:
        """Add the triples of ``graph``; generalised ones are left out (see :meth:`infer`)."""
        self._changed()
        self._extend(self._quads_of(graph))
        self._declare((str(p), str(n)) for p, n in graph.namespaces())
        self._memory.append(SourceFile(path=Path(name), iri=_memory_iri(name), graph=graph))

    def infer(self, inference: Inference) -> None:
        """Add the entailments of ``inference``, computed by owlrl on an rdflib copy.

        owlrl also adds generalised triples, which are not RDF and which
        Oxigraph cannot hold (a literal as subject: ``"Rabat"@en rdf:type
        rdfs:Resource``, ``"GF" owl:sameAs "GF"``): they are left out, so the
        rdflib engine counts more triples under inference. No query of the
        catalogue matches them.
        """
        if check_inference(inference) == "none":
            return
        graph = self.to_rdflib()
        apply_inference(graph, inference)
        self._changed()
        self._extend(self._quads_of(graph))
        self._inference = inference

    def query(
        self,
        text: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        kind: QueryKind | None = None,
    ) -> QueryResult:
        try:
            return self._query(text, bindings or {}, kind, ())
        except QueryError as exc:
            widened = _widened_projection(text, bindings or {})
            if "SELECT projection" not in str(exc) or widened is None:
                raise
            refused = exc
        # A parameter that is not a column: bind it as a hidden column, then drop it.
        try:
            return self._query(widened[0], bindings or {}, kind, widened[1])
        except QueryError:  # e.g. an aggregate, which cannot project it: say why
            raise refused from None

    def _query(
        self,
        text: str,
        bindings: Mapping[str, Node],
        kind: QueryKind | None,
        hidden: tuple[str, ...],
    ) -> QueryResult:
        ox = self._ox
        table = self.prefixes
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        convert = _FromOxigraph()
        try:
            answer = self._store.query(
                text, prefixes=dict(table), substitutions=substitutions or None
            )
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult(kind="ask", boolean=bool(answer), prefixes=table)
            if isinstance(answer, ox.QueryTriples):
                triples = (
                    cast(tuple[Node, Node, Node], tuple(convert(t) for t in triple))
                    for triple in answer
                )
                return _graph_result(kind or _triples_kind(text), triples, table)
            names = [v.value for v in answer.variables]
            keep = [i for i, name in enumerate(names) if name not in hidden]
            variables = tuple(names[i] for i in keep)
            rows = tuple(tuple(convert(solution[i]) for i in keep) for solution in answer)
        except RuntimeError as exc:
            if "SELECT projection" in str(exc):
                raise QueryError(
                    f"{exc}: Oxigraph binds a parameter by substitution, which needs the "
                    "parameter among the SELECT variables (or use the rdflib engine)"
                ) from None
            raise QueryError(str(exc)) from None
        except (SyntaxError, OSError, ValueError, TypeError) as exc:
            raise QueryError(str(exc)) from None
        return QueryResult(kind="select", vars=variables, rows=rows, prefixes=table)

    def triple_count(self) -> int:
        return len(self._store)

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        if self._graph is not None:
            yield from self._graph
            return
        convert = _FromOxigraph()
        for quad in self._store.quads_for_pattern(None, None, None, self._ox.DefaultGraph()):
            yield cast(
                tuple[Node, Node, Node],
                (convert(quad.subject), convert(quad.predicate), convert(quad.object)),
            )

    def label_graph(self) -> Graph:
        if self._graph is not None:
            return self._graph
        if self._labels is None:
            ox = self._ox
            convert = _FromOxigraph()
            labels = Graph(bind_namespaces="none")
            for prop in LABEL_PROPERTIES:
                pattern = self._store.quads_for_pattern(
                    None, ox.NamedNode(str(prop)), None, ox.DefaultGraph()
                )
                for quad in pattern:
                    labels.add((convert(quad.subject), prop, convert(quad.object)))  # type: ignore[arg-type]
            bind_prefixes(labels, self.prefixes)
            self._labels = labels
        return self._labels

    def to_rdflib(self) -> Graph:
        if self._graph is None:
            ox = self._ox
            convert = _FromOxigraph()
            graph = Graph(bind_namespaces="none")
            add = graph.add
            for quad in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
                add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))  # type: ignore[arg-type]
            bind_prefixes(graph, self.prefixes)
            self._graph = graph
        return self._graph

    def to_loaded(self) -> LoadedGraph:
        """Return the graph and each file's own triples, parsed again by rdflib.

        Blank nodes get new identities in every parse, so each file's triples
        can only be matched with a union parsed alongside them: the files are
        read again (as :func:`ctgraph.load_graph` would), and the graphs added
        with :meth:`add_graph` joined to them. What only TriG and N-Quads
        export need.
        """
        loaded = load_files(self._files, inference="none")
        engine = RdflibEngine(loaded)
        for source in self._memory:
            engine.add_graph(source.graph, str(source.path))
        engine.infer(self._inference)
        return engine.to_loaded()

    def close(self) -> None:
        """Write what is pending to disk and release the store."""
        store = getattr(self, "_store", None)
        if store is not None:
            with contextlib.suppress(OSError):
                store.flush()
        self._store = None
        self._graph = None
        self._labels = None
        self._on_change = []


# A store on disk, kept in step with the files -----------------------------------------

STORE_FORMAT = 1
"""Version of the store folder's layout; a store of another version is rebuilt."""

_MANIFEST = "manifest.json"
_DATABASE = "oxigraph"


def _digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def _file_entry(path: Path, digest: str | None = None) -> dict[str, Any]:
    stat = path.stat()
    return {
        "path": str(path.resolve()),
        "iri": source_iri(path),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": digest if digest is not None else _digest(path),
    }


def _manifest_matches(
    manifest: Mapping[str, Any], files: Sequence[Path], inference: Inference, version: str
) -> list[dict[str, Any]] | None:
    """Return the manifest's file entries brought up to date, or None if the files changed.

    Files are compared by path, IRI, size and modification time; a file whose
    time changed but whose SHA-256 did not (a checkout, a ``touch``) still matches.
    """
    entries = manifest.get("files")
    if (
        manifest.get("format") != STORE_FORMAT
        or manifest.get("pyoxigraph") != version
        or manifest.get("inference") != inference
        or not isinstance(entries, list)
        or len(entries) != len(files)
    ):
        return None
    current = []
    for path, entry in zip(files, entries, strict=True):
        if not isinstance(entry, dict):
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        same_place = entry.get("path") == str(path.resolve()) and entry.get("iri") == source_iri(
            path
        )
        if not same_place or entry.get("size") != stat.st_size:
            return None
        if entry.get("mtime_ns") != stat.st_mtime_ns:
            if entry.get("sha256") != _digest(path):
                return None
            entry = {**entry, "mtime_ns": stat.st_mtime_ns}
        current.append(entry)
    return current


def _write_manifest(folder: Path, document: Mapping[str, Any]) -> None:
    from .export import write_atomic

    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_atomic(folder / _MANIFEST, text.encode("utf-8"))


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        document = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _open_store(folder: Path, inputs: Sequence[Path | str], inference: Inference) -> OxigraphEngine:
    """Open the store in ``folder``, reloading it from ``inputs`` when they changed."""
    if folder.exists() and not folder.is_dir():
        raise InputError("a store is a folder, not a file", folder)
    if (
        folder.is_dir()
        and any(folder.iterdir())
        and not ((folder / _MANIFEST).exists() or (folder / _DATABASE).exists())
    ):
        raise InputError("not a ctgraph store: the folder holds other files", folder)
    files = expand_paths(inputs)
    ox = _pyoxigraph()
    version = str(getattr(ox, "__version__", ""))
    manifest = _read_manifest(folder)
    entries = None
    if manifest is not None and (folder / _DATABASE).is_dir():
        entries = _manifest_matches(manifest, files, inference, version)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        engine = OxigraphEngine(folder / _DATABASE)
    except InputError as exc:
        # RocksDB lets one process at a time open a database; reading it while
        # another process writes is not safe, so there is no read-only fallback.
        if "lock" in exc.message.lower():
            raise InputError(
                "the store is in use by another process or engine; close that first", folder
            ) from None
        raise
    if entries is not None and manifest is not None:
        engine._files = list(files)
        engine._seen = {p.resolve() for p in files}
        engine._declared = dict.fromkeys((str(p), str(n)) for p, n in manifest.get("declared", []))
        engine._inference = inference
        engine.reused = True
        if entries != manifest["files"]:
            _write_manifest(folder, {**manifest, "files": entries})
    else:
        (folder / _MANIFEST).unlink(missing_ok=True)  # a load cut short leaves no manifest
        engine._store.clear()
        digests = {p: _digest(p) for p in files}  # before loading: a file edited meanwhile reloads
        try:
            engine.load(files)
            engine.infer(inference)
        except BaseException:
            # Nothing half-loaded stays: the store is emptied, and let go for the next open.
            engine._store.clear()
            engine.close()
            raise
        engine._store.flush()
        _write_manifest(
            folder,
            {
                "format": STORE_FORMAT,
                "pyoxigraph": version,
                "inference": inference,
                "triples": engine.triple_count(),
                "declared": list(engine._declared),
                "files": [_file_entry(p, digests[p]) for p in files],
            },
        )
        engine.reused = False
    # Loading more into the store makes it differ from the manifest's files.
    engine._on_change.append(lambda: (folder / _MANIFEST).unlink(missing_ok=True))
    return engine


# Choosing and opening ---------------------------------------------------------------


def choose_engine(engine: EngineChoice = "auto", store: Path | str | None = None) -> EngineName:
    """Return the engine :func:`open_engine` uses.

    ``auto`` is Oxigraph whenever pyoxigraph is installed, and rdflib
    otherwise. Oxigraph was measured faster at every size, the seed included
    (best of three runs of the command line): a catalogue query takes 0.48 s
    end to end against 1.53 s on rdflib, export 0.70 against 0.81 s, validate
    4.0 against 4.7 s; at 100,000 triples loading takes 1.7 s against 25.9 s
    (``bench/RESULTS.md``).

    Raises:
        InputError: ``engine`` is unknown, or a store is asked of rdflib.
    """
    if engine not in ENGINE_CHOICES:
        raise InputError(f"unknown engine {engine!r} (expected one of {', '.join(ENGINE_CHOICES)})")
    if engine == "rdflib":
        if store is not None:
            raise InputError("a persistent store needs the oxigraph engine")
        return "rdflib"
    if engine == "oxigraph" or oxigraph_available():
        return "oxigraph"
    if store is not None:
        raise InputError("a persistent store needs pyoxigraph, which is not installed")
    return "rdflib"


def open_engine(
    ontology: Sequence[Path | str] | None = None,
    data: Sequence[Path | str] | None = None,
    *,
    engine: EngineChoice = "auto",
    store: Path | str | None = None,
    inference: Inference = "none",
) -> Engine:
    """Load the ontology and the instance data into an engine.

    Args:
        ontology: Ontology files or folders; by default the project's (see
            :func:`ctgraph.load_graph`).
        data: Data files or folders; by default ``data/``.
        engine: ``rdflib``, ``oxigraph``, or ``auto`` (the default: Oxigraph
            when pyoxigraph is installed, see :func:`choose_engine`).
        store: A folder for a persistent Oxigraph store. The first run loads
            the files into it and writes a manifest of their paths, sizes,
            times and SHA-256; later runs reuse the store while the files are
            unchanged, and reload it when they changed. A store already open
            in another process is opened read-only if it is up to date.
        inference: ``rdfs`` or ``owlrl`` add the entailed triples (with owlrl).

    Raises:
        InputError: a file is missing or not valid RDF, pyoxigraph is missing,
            or the store folder cannot be used.
    """
    check_inference(inference)
    inputs = default_inputs(ontology, data)
    if choose_engine(engine, store) == "rdflib":
        return RdflibEngine(load_files(inputs, inference=inference))
    if store is not None:
        return _open_store(Path(store), inputs, inference)
    oxigraph = OxigraphEngine()
    oxigraph.load(inputs)
    oxigraph.infer(inference)
    return oxigraph


def as_engine(source: Graph | LoadedGraph | Engine) -> Engine:
    """Return ``source`` as an engine: a graph or loaded graph is wrapped in rdflib's.

    Raises:
        TypeError: ``source`` is none of these.
    """
    if isinstance(source, (Graph, LoadedGraph)):
        return RdflibEngine(source)
    if not all(hasattr(source, attr) for attr in ("query", "label_graph", "prefixes")):
        raise TypeError(f"not a graph or an engine: {source!r}")
    return source
