"""Validating the graph against the SHACL shapes with pySHACL, and writing the report."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from .errors import InputError
from .load import LoadedGraph, SourceFile
from .lookup import label_of
from .prefixes import prefix_table, shorten
from .terms import nt_term, term_key

if TYPE_CHECKING:
    from .catalog import Query
    from .engine import Engine

__all__ = [
    "VALIDATION_FORMATS",
    "VALIDATORS",
    "ValidationIssue",
    "ValidationResult",
    "Validator",
    "check_shapes",
    "format_validation",
    "reaches_data",
    "sparql_parsed_once",
    "validate",
]

VALIDATION_FORMATS: tuple[str, ...] = ("text", "turtle", "json")
#: What :func:`validate` checks the shapes with (see its ``validator`` argument).
Validator = TypingLiteral["auto", "pyshacl", "sparql"]
VALIDATORS: tuple[str, ...] = get_args(Validator)
_SEVERITY_RANK = {"Violation": 0, "Warning": 1, "Info": 2}
_SHAPE_MARKERS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path)


@dataclass(frozen=True)
class ValidationIssue:
    """One SHACL validation result, with what a curator needs to find and fix it."""

    focus: Node
    focus_label: str
    severity: str
    message: str
    path: str | None
    value: Node | None
    source_shape: Node | None
    shape_name: str | None
    component: Node | None


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of :func:`validate`.

    ``conforms`` is True when no result has severity ``sh:Violation``:
    warnings and infos are reported but do not fail.
    """

    conforms: bool
    report_graph: Graph
    text: str
    results: tuple[ValidationIssue, ...]

    def count(self, severity: str) -> int:
        """Return the number of issues of ``severity`` (Violation, Warning, Info)."""
        return sum(1 for issue in self.results if issue.severity == severity)


def has_shapes(shapes: Graph) -> bool:
    """True if ``shapes`` declares at least one SHACL shape."""
    kinds = (SH.NodeShape, SH.PropertyShape)
    if any((None, RDF.type, kind) in shapes for kind in kinds):
        return True
    return any((None, marker, None) in shapes for marker in _SHAPE_MARKERS)


_SH = str(SH)
#: The local names of the SHACL namespace: rdflib's closed SH namespace (SHACL
#: and SHACL-AF), plus sh:SHACLFunction, which pySHACL also reads.
SHACL_TERMS: frozenset[str] = frozenset(
    {*SH.__annotations__, *getattr(SH, "_extras", ()), "SHACLFunction"}
)
_LOCAL_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


def _shacl_spelling(local: str) -> str:
    return f"sh:{local}" if _LOCAL_NAME_RE.match(local) else f"<{_SH}{local}>"


def _closest_term(local: str) -> str | None:
    """The SHACL term spelt most like ``local`` (case aside), if one is close."""
    by_folded = {name.casefold(): name for name in sorted(SHACL_TERMS) if "-" not in name}
    close = difflib.get_close_matches(local.casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[close[0]] if close else None


def _in_comment(before: str) -> bool:
    """True if the text ``before`` a match on its line opens a comment (Turtle, TriG)."""
    hash_at = re.search(r"(?:^|\s)#", before)
    return hash_at is not None and not re.search(r"[\"'<]", before[: hash_at.start()])


def _term_position(source: SourceFile, iri: str) -> tuple[int, int] | None:
    """Line and column of the first mention of ``iri`` in the text of ``source``."""
    try:
        text = source.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    local = iri[len(_SH) :]
    spellings = [re.escape(f"<{iri}>"), re.escape(f'"{iri}"')]  # Turtle, JSON-LD, RDF/XML
    for prefix, namespace in source.graph.namespaces():
        if str(namespace) == _SH:
            spellings.append(re.escape(f"{prefix}:{local}") if prefix else re.escape(f":{local}"))
    pattern = re.compile(rf"(?<![\w.:-])(?:{'|'.join(spellings)})(?![\w-]|\.[\w-])")
    for number, line in enumerate(text.splitlines(), start=1):
        for match in pattern.finditer(line):
            if not _in_comment(line[: match.start()]):
                return number, match.start() + 1
    return None


def _unknown_terms(shapes: Graph) -> list[str]:
    found: set[str] = set()
    for triple in shapes:
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(_SH):
                local = str(term)[len(_SH) :]
                if local and local not in SHACL_TERMS:
                    found.add(str(term))
    return sorted(found)


def _check_vocabulary(shapes: Graph, sources: Sequence[SourceFile]) -> None:
    """Refuse IRIs in the SHACL namespace that are no SHACL term (see :func:`check_shapes`)."""
    unknown = _unknown_terms(shapes)
    if not unknown:
        return
    located: list[tuple[int, int, int, str, SourceFile | None]] = []
    for iri in unknown:
        place: tuple[int, int, int, str, SourceFile | None] = (len(sources), 0, 0, iri, None)
        term = URIRef(iri)
        for index, source in enumerate(sources):
            if any(term in triple for triple in source.graph):
                position = _term_position(source, iri)
                line, column = position if position is not None else (0, 0)
                place = (index, line, column, iri, source)
                break
        located.append(place)
    located.sort(key=lambda item: item[:4])
    _, line, column, iri, where = located[0]
    local = iri[len(_SH) :]
    message = f"{_shacl_spelling(local)} is not a term of the SHACL vocabulary"
    closest = _closest_term(local)
    if closest is not None:
        message += f"; did you mean {_shacl_spelling(closest)}?"
    others = [_shacl_spelling(item[3][len(_SH) :]) for item in located[1:]]
    if others:
        message += f" (and {len(others)} more: {', '.join(others)})"
    if where is None:
        raise InputError(message)
    raise InputError(message, where.path, line or None, column or None)


def _shape_label(shapes: Graph, shape: Node, table: Mapping[str, str], depth: int = 0) -> str:
    """Name a shape for an error message: its IRI, or where a blank node shape sits."""
    if isinstance(shape, URIRef):
        return shorten(shape, table)
    path = _path_text(shapes, shapes, shapes.value(shape, SH.path), table)
    parent = shapes.value(None, SH.property, shape)
    name = shapes.value(shape, SH.name)
    if parent is not None and depth < 8:
        owner = _shape_label(shapes, parent, table, depth + 1)
        return f"{owner} (property {path})" if path else owner
    if isinstance(name, Literal):
        return repr(str(name))
    return f"[] (property {path})" if path else "[]"


def _check_patterns(shapes: Graph) -> None:
    """Refuse a sh:pattern that Python's ``re`` (pySHACL's, and the SPARQL validator's) rejects."""
    table = prefix_table(shapes)
    found = sorted(shapes.subject_objects(SH.pattern), key=lambda pair: term_key(pair[0]))
    for shape, pattern in found:
        label = _shape_label(shapes, shape, table)
        if not isinstance(pattern, Literal):
            raise InputError(f"shape {label}: sh:pattern {shorten(pattern, table)} is no string")
        flags = 0
        given = shapes.value(shape, SH.flags)
        if given is not None:  # the flags pySHACL reads
            text = str(given).lower()
            flags = (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
        try:
            re.compile(str(pattern), flags)
        except (re.error, OverflowError, RecursionError) as exc:
            raise InputError(
                f"shape {label}: sh:pattern {str(pattern)!r} is not a valid regular "
                f"expression: {exc}"
            ) from None


def check_shapes(shapes: Graph | LoadedGraph) -> Graph:
    """Refuse shapes that would validate nothing while saying "conforms"; return their graph.

    pySHACL says "conforms" when the shapes graph holds no shape, when a
    constraint is misspelt (``sh:minCont`` is no constraint, so nothing is
    checked), and it stops with a raw exception on a ``sh:pattern`` that is
    not a regular expression. Every IRI in the SHACL namespace must be a
    term of :data:`SHACL_TERMS`; the error names the first unknown one, the
    closest known term, and, when ``shapes`` is a loaded graph, the file
    and line that spell it.

    Raises:
        InputError: no shape, an unknown term of the SHACL namespace, or a
            ``sh:pattern`` that is not a valid regular expression.
    """
    sources: Sequence[SourceFile] = ()
    if isinstance(shapes, LoadedGraph):
        sources = shapes.sources
        shapes = shapes.graph
    if not has_shapes(shapes):
        raise InputError("no SHACL shapes loaded")
    _check_vocabulary(shapes, sources)
    _check_patterns(shapes)
    return shapes


def _deactivated(shapes: Graph, shape: Node) -> bool:
    return any(
        isinstance(value, Literal) and value.value is True
        for value in shapes.objects(shape, SH.deactivated)
    )


def reaches_data(engine: Engine, shapes: Graph) -> bool:
    """True if some shape has a focus node in the data of ``engine``.

    One SPARQL ASK per kind of target: instances of the target classes (and
    of the classes that are shapes) or of their subclasses, and triples
    with the predicates of ``sh:targetSubjectsOf`` and ``sh:targetObjectsOf``.
    A ``sh:targetNode`` is a focus node whether or not the data mentions it,
    and a SHACL-AF ``sh:target`` is taken to reach the data without being run.
    Deactivated shapes reach nothing.
    """
    classes: set[Node] = set()
    predicates: set[Node] = set()
    class_types = {RDFS.Class, OWL.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    for shape in set(shapes.subjects()):
        if _deactivated(shapes, shape):
            continue
        if (shape, SH.targetNode, None) in shapes or (shape, SH.target, None) in shapes:
            return True
        classes.update(shapes.objects(shape, SH.targetClass))
        if isinstance(shape, URIRef) and any(
            kind in class_types for kind in shapes.objects(shape, RDF.type)
        ):
            classes.add(shape)
        for predicate in (SH.targetSubjectsOf, SH.targetObjectsOf):
            predicates.update(shapes.objects(shape, predicate))
    named_classes = sorted((c for c in classes if isinstance(c, URIRef)), key=term_key)
    named_predicates = sorted((p for p in predicates if isinstance(p, URIRef)), key=term_key)
    # A union of patterns with the IRIs written in: rdflib joins VALUES only
    # after matching the pattern, over the whole graph.
    if named_classes:
        text = _union_ask(f"?node a/<{RDFS.subClassOf}>* {{}}", named_classes)
        if engine.query(text, kind="ask").boolean:
            return True
    if named_predicates:
        text = _union_ask("?s {} ?o", named_predicates)
        if engine.query(text, kind="ask").boolean:
            return True
    return False


def _union_ask(pattern: str, terms: Sequence[Node]) -> str:
    """An ASK for ``pattern`` with any of ``terms`` put in place of ``{}``."""
    groups = " UNION ".join("{ " + pattern.format(nt_term(term)) + " }" for term in terms)
    return f"ASK {{ {groups} }}"


def _path_text(
    report: Graph, shapes: Graph, path: Node | None, table: Mapping[str, str]
) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return shorten(path, table)
    for graph in (report, shapes):
        inverse = graph.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + (_path_text(report, shapes, inverse, table) or "?")
    return "(complex path)"


def _issues(report: Graph, data: Graph, shapes: Graph) -> tuple[ValidationIssue, ...]:
    table = {**prefix_table(shapes), **prefix_table(data)}
    issues = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        severity_node = report.value(result, SH.resultSeverity)
        severity = (
            str(severity_node).rsplit("#", 1)[-1] if severity_node is not None else "Violation"
        )
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        name = (shapes.value(shape, SH.name) or report.value(shape, SH.name)) if shape else None
        if not messages and shape is not None:
            messages = sorted(str(m) for m in shapes.objects(shape, SH.message))
        message = " / ".join(messages) or (shorten(component, table) if component else "")
        issues.append(
            ValidationIssue(
                focus=focus if focus is not None else BNode("unknown"),
                focus_label=label_of(data, focus, table) if focus is not None else "",
                severity=severity,
                message=message,
                path=_path_text(report, shapes, report.value(result, SH.resultPath), table),
                value=report.value(result, SH.value),
                source_shape=shape,
                shape_name=str(name) if isinstance(name, Literal) else None,
                component=component,
            )
        )
    issues.sort(
        key=lambda i: (
            i.focus_label.casefold(),
            term_key(i.focus),
            _SEVERITY_RANK.get(i.severity, 3),
            i.message,
            i.path or "",
            term_key(i.value),
        )
    )
    return tuple(issues)


@contextmanager
def sparql_parsed_once() -> Iterator[None]:
    """Parse the text of each SPARQL query once while the block runs.

    pySHACL hands rdflib the text of a SPARQL-based constraint once per focus
    node, and rdflib parses it every time: on the seed graph that parsing is
    about two thirds of the validation time. Inside this block, rdflib's
    SPARQL processor keeps each parsed and translated query by its text and
    namespaces; a prepared query evaluates exactly as its text does. The
    processor is restored on exit. Not thread-safe.
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    original = SPARQLProcessor.query
    prepared: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}

    def query(
        self: SPARQLProcessor,
        query_object: Any,
        initBindings: Mapping[str, Any] | None = None,  # noqa: N803 (rdflib's names)
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Any:
        if isinstance(query_object, str) and base is None:
            namespaces = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            key = (query_object, namespaces)
            if key not in prepared:
                prepared[key] = translateQuery(parseQuery(query_object), None, dict(initNs or {}))
            query_object = prepared[key]
        return original(self, query_object, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        SPARQLProcessor.query = original  # type: ignore[method-assign]


def validate(
    data_graph: Graph | LoadedGraph | Engine,
    shapes_graph: Graph | LoadedGraph | None = None,
    *,
    ontology_graph: Graph | None = None,
    inference: str = "none",
    checks: Sequence[Query] = (),
    validator: Validator = "auto",
) -> ValidationResult:
    """Validate ``data_graph`` against SHACL shapes, and run the check queries.

    pySHACL is the reference: it runs with SHACL-AF (SPARQL-based
    constraints) on, warnings allowed and no ``owl:imports`` followed, so
    nothing is fetched. Shapes that would give a false "conforms" are
    refused first (see :func:`check_shapes`), and so is a validation whose
    shapes reach no node of the data (see :func:`reaches_data`; not checked
    with ``ontology_graph`` or inference, which can add focus nodes). On
    the Oxigraph engine the shapes are compiled to SPARQL instead
    (:mod:`ctgraph.shaclsparql`), which gives pySHACL's report (tested on
    the seed, every shape fixture and synthetic graphs) many times faster;
    shapes it cannot check exactly as pySHACL does fall back to pySHACL.

    Args:
        data_graph: The graph to validate (usually ontology plus data), as a
            graph, a loaded graph or an engine (the check queries run on
            the engine).
        shapes_graph: The shapes; by default those under ``ontology/shapes/``.
            A loaded graph (:func:`ctgraph.load.load_files`) lets errors
            name the file and line of a misspelt term.
        ontology_graph: Extra triples mixed into the data graph for validation.
        inference: ``none``, ``rdfs``, ``owlrl`` or ``both``, done by pySHACL
            on a copy of the data graph.
        checks: Queries that must return no rows (the catalogue's
            ``checks/``); each row they return is added to the report as a
            violation whose focus node is the row's first value.
        validator: ``pyshacl``, ``sparql`` (fails on shapes it cannot
            check), or ``auto``: SPARQL on the Oxigraph engine without
            ``ontology_graph`` or inference, pySHACL otherwise.

    Raises:
        InputError: the shapes graph declares no shape, spells a term of the
            SHACL namespace that SHACL lacks, holds a ``sh:pattern`` that is
            no regular expression, or cannot be used by pySHACL; the shapes
            reach no node of the data; or ``validator`` is unknown or cannot
            be used with these options.
    """
    if validator not in VALIDATORS:
        raise InputError(
            f"unknown validator {validator!r} (expected one of {', '.join(VALIDATORS)})"
        )
    if shapes_graph is None:
        from .load import load_files
        from .paths import default_shapes

        shapes_graph = load_files([default_shapes()])
    shapes_graph = check_shapes(shapes_graph)
    from .engine import as_engine

    engine = as_engine(data_graph)
    plain = ontology_graph is None and inference == "none"
    if validator == "sparql" and not plain:
        raise InputError("the SPARQL validator takes no ontology graph and no inference")
    if plain and not reaches_data(engine, shapes_graph):
        raise InputError("the shapes reached no node of the data: check their targets")
    report: Graph | None = None
    if validator == "sparql" or (validator == "auto" and plain and engine.name == "oxigraph"):
        report = _sparql_report(engine, shapes_graph, fall_back=validator == "auto")
    if report is None:
        report = _pyshacl_report(engine.to_rdflib(), shapes_graph, ontology_graph, inference)
    for prefix, namespace in {**dict(engine.prefixes), **prefix_table(shapes_graph)}.items():
        report.bind(prefix, URIRef(namespace), override=True, replace=True)
    _add_check_results(report, engine, checks)
    issues = _issues(report, engine.label_graph(), shapes_graph)
    conforms = not any(i.severity == "Violation" for i in issues)
    table = prefix_table(report)
    result = ValidationResult(conforms=conforms, report_graph=report, text="", results=issues)
    return ValidationResult(
        conforms=conforms,
        report_graph=report,
        text=_text(result, table),
        results=issues,
    )


def _sparql_report(engine: Engine, shapes: Graph, *, fall_back: bool) -> Graph | None:
    """The report of :func:`ctgraph.shaclsparql.validate_sparql`; None to fall back."""
    from .shaclsparql import UnsupportedShapeError, validate_sparql

    data: Any = engine if engine.name == "oxigraph" else engine.to_rdflib()
    try:
        return validate_sparql(data, shapes, prefixes=engine.prefixes)
    except UnsupportedShapeError:
        if fall_back:
            return None
        raise


def _pyshacl_report(
    data: Graph, shapes: Graph, ontology_graph: Graph | None, inference: str
) -> Graph:
    import pyshacl  # heavy: imported only when validating
    from pyshacl.errors import ReportableRuntimeError

    try:
        with sparql_parsed_once():
            _, report, _ = pyshacl.validate(
                data,
                shacl_graph=shapes,
                ont_graph=ontology_graph,
                inference=inference,
                advanced=True,
                allow_warnings=True,
                allow_infos=True,
                do_owl_imports=False,
                inplace=False,
            )
    except ReportableRuntimeError as exc:  # a shape pySHACL cannot load, or a failure
        raise InputError(f"pySHACL cannot validate with these shapes: {exc.message}") from None
    if not isinstance(report, Graph):
        raise InputError("pySHACL returned no report graph")
    return report


CHECKS_BASE = "https://w3id.org/ctgraph/queries/"
"""Check queries appear in a report as source shapes under this namespace."""


def _add_check_results(report: Graph, data: Engine, checks: Sequence[Query]) -> None:
    """Run each check and add one sh:ValidationResult per row it returns."""
    from .catalog import run_query

    node = report.value(None, RDF.type, SH.ValidationReport)
    if node is None:
        return
    table = dict(data.prefixes)
    for check in checks:
        result = run_query(data, check)
        if not result.rows:
            continue
        source = URIRef(CHECKS_BASE + check.name)
        report.add((source, SH.name, Literal(f"check {check.name}")))
        for row in result.rows:
            values = ", ".join(
                f"{var}={shorten(value, table)}"
                for var, value in zip(result.vars[1:], row[1:], strict=True)
                if value is not None
            )
            issue = BNode()
            report.add((node, SH.result, issue))
            report.add((issue, RDF.type, SH.ValidationResult))
            report.add((issue, SH.focusNode, row[0] if row[0] is not None else source))
            report.add((issue, SH.resultSeverity, SH.Violation))
            report.add((issue, SH.sourceShape, source))
            report.add((issue, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            text = check.title + (f" ({values})" if values else "")
            report.add((issue, SH.resultMessage, Literal(text)))
        report.set((node, SH.conforms, Literal(False)))


def _shape_text(issue: ValidationIssue, table: Mapping[str, str]) -> str:
    if issue.shape_name:
        return f"[shape {issue.shape_name}]"
    if isinstance(issue.source_shape, URIRef):
        return f"[shape {shorten(issue.source_shape, table)}]"
    if issue.component is not None:
        return f"[{shorten(issue.component, table)}]"
    return ""


def _text(result: ValidationResult, table: Mapping[str, str]) -> str:
    lines: list[str] = []
    current: Node | None = None
    for issue in result.results:
        if issue.focus != current:
            current = issue.focus
            focus = "[]" if isinstance(issue.focus, BNode) else shorten(issue.focus, table)
            same = issue.focus_label in (focus, "")
            lines.append(focus if same else f"{issue.focus_label} ({focus})")
        detail = []
        if issue.path:
            detail.append(f"path {issue.path}")
        if issue.value is not None:
            detail.append(f"value {shorten(issue.value, table)}")
        extra = f" ({', '.join(detail)})" if detail else ""
        lines.append(
            f"  {issue.severity}: {issue.message}{extra} {_shape_text(issue, table)}".rstrip()
        )
    counts = ", ".join(
        f"{result.count(s)} {s.lower()}{'s' if result.count(s) != 1 else ''}"
        for s in ("Violation", "Warning", "Info")
    )
    verdict = "conforms" if result.conforms else "does not conform"
    lines.append(f"{verdict}: {counts}")
    return "\n".join(lines) + "\n"


def format_validation(result: ValidationResult, fmt: str = "text") -> str:
    """Write a validation result as text, the Turtle report graph, or a JSON list of issues."""
    if fmt == "text":
        return result.text
    if fmt == "turtle":
        from .export import serialize

        return serialize(result.report_graph, "turtle").decode("utf-8")
    if fmt == "json":
        table = prefix_table(result.report_graph)
        issues = [
            {
                "focus": str(i.focus),
                "focus_label": i.focus_label,
                "severity": i.severity,
                "message": i.message,
                "path": i.path,
                "value": None if i.value is None else shorten(i.value, table),
                # A blank node shape has a new id in every run: its name and path say which.
                "shape": str(i.source_shape) if isinstance(i.source_shape, URIRef) else None,
                "shape_name": i.shape_name,
                "component": None if i.component is None else shorten(i.component, table),
            }
            for i in result.results
        ]
        return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
    raise InputError(
        f"unknown validation format {fmt!r} (expected one of {', '.join(VALIDATION_FORMATS)})"
    )
