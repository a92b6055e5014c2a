"""Validating the graph against the SHACL shapes with pySHACL, and writing the report."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import InputError

if TYPE_CHECKING:
    from .catalog import Query
    from .engine import Engine
    from .load import LoadedGraph
from .lookup import label_of
from .prefixes import prefix_table, shorten
from .terms import term_key

__all__ = [
    "VALIDATION_FORMATS",
    "VALIDATORS",
    "ValidationIssue",
    "ValidationResult",
    "Validator",
    "format_validation",
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
    shapes_graph: Graph | None = None,
    *,
    ontology_graph: Graph | None = None,
    inference: str = "none",
    checks: Sequence[Query] = (),
    validator: Validator = "auto",
) -> ValidationResult:
    """Validate ``data_graph`` against SHACL shapes, and run the check queries.

    pySHACL is the reference: it runs with SHACL-AF (SPARQL-based
    constraints) on, warnings allowed and no ``owl:imports`` followed, so
    nothing is fetched. On the Oxigraph engine the shapes are compiled to
    SPARQL instead (:mod:`ctgraph.shaclsparql`), which gives pySHACL's report
    (tested on the seed, every shape fixture and synthetic graphs) many times
    faster; shapes it cannot check exactly as pySHACL does fall back to
    pySHACL.

    Args:
        data_graph: The graph to validate (usually ontology plus data), as a
            graph, a loaded graph or an engine (the check queries run on
            the engine).
        shapes_graph: The shapes; by default those under ``ontology/shapes/``.
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
        InputError: the shapes graph declares no shape, or ``validator`` is
            unknown or cannot be used with these options.
    """
    if validator not in VALIDATORS:
        raise InputError(
            f"unknown validator {validator!r} (expected one of {', '.join(VALIDATORS)})"
        )
    if shapes_graph is None:
        from .load import load_shapes

        shapes_graph = load_shapes()
    if not has_shapes(shapes_graph):
        raise InputError("no SHACL shapes loaded")
    from .engine import as_engine

    engine = as_engine(data_graph)
    plain = ontology_graph is None and inference == "none"
    if validator == "sparql" and not plain:
        raise InputError("the SPARQL validator takes no ontology graph and no inference")
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
