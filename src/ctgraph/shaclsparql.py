"""SHACL validation compiled to SPARQL and run on Oxigraph, with pySHACL's report.

pySHACL (see :mod:`ctgraph.validate`) is the reference, but it checks one focus
node at a time in Python and, for SPARQL-based constraints, runs one query per
focus node: past some 100,000 triples it takes minutes. This module reads the
shapes once (:func:`compile_shapes`) and checks each constraint of each shape
for all its focus nodes at once: the focus nodes are a SPARQL pattern built
from the targets, and every constraint component is one query returning the
violating focus nodes and values, run on an Oxigraph store. Only what SPARQL
cannot say the way pySHACL does is decided in Python, on the distinct values
a query returns (``sh:pattern`` with Python's ``re``, ill-typed literals as
rdflib parses them, the orderings of ``sh:minInclusive`` and ``sh:lessThan``),
and the logical and shape-based components (``sh:or``, ``sh:not``,
``sh:node``, qualified counts ...) combine the sets of non-conforming nodes
of their member shapes, each checked for all value nodes at once.

The report is pySHACL's, result for result: the same focus nodes, paths,
values, source shapes, components, severities and messages (the shape's
``sh:message``, or pySHACL's own default text), ``sh:detail`` under
``sh:node`` results, and ``sh:conforms`` as pySHACL decides it with warnings
and infos allowed. :func:`report_results` turns a report into a multiset of
comparable result tuples. What the compiler cannot check exactly as pySHACL
does raises :class:`UnsupportedShapeError`, naming every such feature, so
that the caller validates with pySHACL instead; no constraint is skipped.

A SPARQL-based constraint (``sh:sparql``) runs once, with the focus nodes'
pattern put at the start of its WHERE group where pySHACL pre-binds
``$this`` for one focus node at a time; queries for which the two could
differ (aggregates, LIMIT, sub-SELECTs without ``$this``, ``$this`` in a
FILTER of a group that does not bind it ...) are refused. A
``FILTER NOT EXISTS`` of triple patterns only, in the outermost group and
sharing a variable every solution binds, runs as the equivalent ``MINUS``:
Oxigraph evaluates the former once per solution (quadratic on the entity
provenance constraint), the latter as one anti-join.

Known differences, from the store and its SPARQL engine rather than from the
checks: Oxigraph keeps numbers and booleans in canonical form
(``"01"^^xsd:integer`` is ``"1"``, and two values that differ only so are
one), language tags in lower case, and a literal typed ``xsd:string`` as a
simple literal, so data written in those forms is reported in Oxigraph's;
and Oxigraph answers the queries of ``sh:sparql`` constraints by SPARQL 1.1
where rdflib, which pySHACL uses, departs from it (rdflib orders a string
against a number where SPARQL raises a type error, so ``FILTER (?v > 100)``
keeps ``"old"`` under rdflib only).
"""

from __future__ import annotations

import itertools
import logging
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD, NamespaceManager
from rdflib.term import Node, Variable

from .errors import CtgraphError

if TYPE_CHECKING:
    import pyoxigraph

    from .engine import OxigraphEngine

__all__ = [
    "CompiledShapes",
    "ResultTuple",
    "UnsupportedShapeError",
    "compile_shapes",
    "report_results",
    "reports_equal",
    "validate_sparql",
]


class UnsupportedShapeError(CtgraphError):
    """The shapes use a feature that the SPARQL validator cannot check as pySHACL does.

    ``features`` names each one (with the shape it was found on); validate
    with pySHACL instead.
    """

    def __init__(self, features: Sequence[str]) -> None:
        self.features = tuple(dict.fromkeys(features))
        super().__init__("the SPARQL validator does not support: " + "; ".join(self.features))


# Vocabulary ---------------------------------------------------------------------------

_COMPONENT = {
    name: SH[name + "ConstraintComponent"]
    for name in [
        "Class",
        "Datatype",
        "NodeKind",
        "MinCount",
        "MaxCount",
        "MinExclusive",
        "MinInclusive",
        "MaxExclusive",
        "MaxInclusive",
        "Not",
        "And",
        "Or",
        "Xone",
        "MinLength",
        "MaxLength",
        "Pattern",
        "LanguageIn",
        "UniqueLang",
        "Equals",
        "Disjoint",
        "LessThan",
        "LessThanOrEquals",
        "Node",
        "Property",
        "QualifiedMinCount",
        "QualifiedMaxCount",
        "Closed",
        "HasValue",
        "In",
        "SPARQL",
    ]
}

#: Predicates of a shape that state no constraint of their own.
_NON_CONSTRAINT = {
    RDF.type,
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.path,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.deactivated,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.flags,
    SH.ignoredProperties,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.declare,
    SH.prefixes,
}

#: SHACL Advanced Features and extensions pySHACL runs in advanced mode: never compiled.
_ADVANCED_PREDICATES = (
    SH.rule,
    SH.target,
    SH.expression,
    SH.js,
    SH.jsFunctionName,
    SH.jsLibrary,
    SH.entailment,
    SH.shapesGraph,
    SH.parameter,
)
_ADVANCED_TYPES = (
    SH.SPARQLRule,
    SH.TripleRule,
    SH.JSRule,
    SH.SPARQLFunction,
    SH.JSFunction,
    SH.Function,
    SH.SPARQLTarget,
    SH.SPARQLTargetType,
    SH.JSTarget,
    SH.JSTargetType,
    SH.TargetType,
    SH.SPARQLAskValidator,
    SH.SPARQLSelectValidator,
    SH.JSValidator,
)

_VALUE_VAR = "value"
_THIS_VAR = "this"

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS_OF = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_XSD_STRING = f"<{XSD.string}>"


def _term(node: Node, where: str, problems: list[str]) -> str:
    """Return ``node`` in SPARQL syntax; a blank node of the shapes graph cannot be written."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    problems.append(f"a blank node as the value of {where}")
    return "[]"


# Shapes as the compiler sees them ------------------------------------------------------


@dataclass(eq=False)
class _Path:
    """A ``sh:path``: its node in the shapes graph and its SPARQL property path."""

    node: Node
    sparql: str


@dataclass(eq=False)
class _Shape:
    """A node or property shape of the shapes graph, with its compiled constraints."""

    node: Node
    path: _Path | None
    severity: Node
    messages: tuple[Literal, ...]
    deactivated: bool
    components: list[_Component] = field(default_factory=list)
    source: _Source | None = None

    @property
    def label(self) -> str:
        return str(self.node) if isinstance(self.node, URIRef) else f"[] ({self.node})"


@dataclass(eq=False)
class _Result:
    """One validation result, before it becomes triples of the report.

    A default message is only written when the result is reported: the
    member shapes of sh:or and the like make many results nobody reads.
    """

    focus: Node
    shape: _Shape
    component: URIRef
    messages: tuple[Literal, ...] | Callable[[], tuple[Literal, ...]]
    value: Node | None = None
    path: Node | None = None
    source_constraint: Node | None = None
    details: tuple[_Result, ...] = ()

    def texts(self) -> tuple[Literal, ...]:
        """The sh:resultMessage values."""
        if callable(self.messages):
            self.messages = self.messages()
        return self.messages


@dataclass
class _Part:
    """What one constraint component found: results by focus node, and the nodes it fails."""

    results: list[tuple[Node, _Result]] = field(default_factory=list)
    failing: set[Node] = field(default_factory=set)

    def add(self, focus: Node, result: _Result) -> None:
        self.results.append((focus, result))
        self.failing.add(focus)


@dataclass
class _Outcome:
    """A shape checked on a set of focus nodes.

    ``results`` holds, for each focus node, every result its validation made
    (nested ones included, as pySHACL reports them); ``failing`` the focus
    nodes that do not conform, as pySHACL decides with the allowed severities.
    """

    results: dict[Node, list[_Result]] = field(default_factory=dict)
    failing: set[Node] = field(default_factory=set)


# Focus node sources --------------------------------------------------------------------


class _Source:
    """A set of focus nodes, written as a SPARQL pattern that binds one variable."""

    def pattern(self, var: str, run: _Run) -> str:
        raise NotImplementedError


class _Targets(_Source):
    """The focus nodes a shape's own targets select (pySHACL's ``focus_nodes``)."""

    def __init__(self, parts: Sequence[str]) -> None:
        self.parts = list(parts)

    def pattern(self, var: str, run: _Run) -> str:
        branches = " UNION ".join(
            "{ " + part.replace("?FOCUS", "?" + var) + " }" for part in self.parts
        )
        return f"{{ SELECT DISTINCT ?{var} WHERE {{ {branches} }} }}"


class _ValuesOf(_Source):
    """The distinct values, along a path, of another source's focus nodes."""

    def __init__(self, parent: _Source, path: _Path) -> None:
        self.parent = parent
        self.path = path

    def pattern(self, var: str, run: _Run) -> str:
        inner = run.fresh()
        return (
            f"{{ SELECT DISTINCT ?{var} WHERE {{ {self.parent.pattern(inner, run)} "
            f"?{inner} {self.path.sparql} ?{var} }} }}"
        )


def _value_source(shape: _Shape, source: _Source) -> _Source:
    """The value nodes of ``shape`` for the focus nodes of ``source``, as a source."""
    return source if shape.path is None else _ValuesOf(source, shape.path)


# Constraint components -----------------------------------------------------------------


class _Component:
    """One constraint component of a shape, checked for all focus nodes at once."""

    uri: URIRef = URIRef("urn:unknown")

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        raise NotImplementedError

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        raise NotImplementedError

    def result(
        self,
        run: _Run,
        shape: _Shape,
        focus: Node,
        value: Node | None = None,
        component: URIRef | None = None,
        details: tuple[_Result, ...] = (),
        path: Node | None = None,
    ) -> _Result:
        messages: tuple[Literal, ...] | Callable[[], tuple[Literal, ...]] = shape.messages
        if not messages:

            def messages() -> tuple[Literal, ...]:
                return (Literal(self.default_message(run, shape, focus, value)),)

        return _Result(
            focus=focus,
            shape=shape,
            component=component or self.uri,
            messages=messages,
            value=value,
            path=path if path is not None else (shape.path.node if shape.path else None),
            details=details,
        )


class _PairFilter(_Component):
    """A component whose violations a SPARQL filter on each (focus, value) pair finds."""

    def __init__(self, uri: URIRef, condition: str, message: Callable[..., str]) -> None:
        self.uri = uri
        self.condition = condition
        self.message = message

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        query = (
            f"SELECT ?this ?value WHERE {{ {run.pairs(shape, source)} FILTER ({self.condition}) }}"
        )
        for focus, value in run.rows(query):
            assert focus is not None
            part.add(focus, self.result(run, shape, focus, value))
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        return self.message(run, shape, focus, value)


class _ValueTest(_Component):
    """A component decided on each value node in Python, as pySHACL decides it.

    A value for which the SPARQL condition ``always`` holds fails anyway; the
    distinct values that meet ``candidates`` are tested once each with
    ``ok``, and the (focus, value) pairs of those that fail fetched after.
    """

    def __init__(
        self,
        uri: URIRef,
        always: str | None,
        candidates: str,
        ok: Callable[[Node], bool],
        message: Callable[..., str],
    ) -> None:
        self.uri = uri
        self.always = always
        self.candidates = candidates
        self.ok = ok
        self.message = message

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        pairs = run.pairs(shape, source)
        if self.always:
            query = f"SELECT ?this ?value WHERE {{ {pairs} FILTER ({self.always}) }}"
            for focus, value in run.rows(query):
                assert focus is not None
                part.add(focus, self.result(run, shape, focus, value))
        distinct = f"SELECT DISTINCT ?value WHERE {{ {pairs} FILTER ({self.candidates}) }}"
        with _quiet_rdflib():
            bad = {
                value for (value,) in run.rows(distinct) if value is not None and not self.ok(value)
            }
        if bad:
            query = f"SELECT ?this ?value WHERE {{ {pairs} FILTER ({self.candidates}) }}"
            for focus, value in run.rows(query):
                if value in bad:
                    assert focus is not None
                    part.add(focus, self.result(run, shape, focus, value))
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        return self.message(run, shape, focus, value)


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """Silence rdflib while it parses ill-typed literals again: it complained when loading them."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


class _Counted(_Component):
    """``sh:minCount`` or ``sh:maxCount``: the number of distinct value nodes of each focus node."""

    def __init__(self, uri: URIRef, count: int, minimum: bool) -> None:
        self.uri = uri
        self.count = count
        self.minimum = minimum

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        assert shape.path is not None
        src = source.pattern(_THIS_VAR, run)
        step = f"?this {shape.path.sparql} ?value"
        if self.minimum and self.count == 0:
            return part
        if self.minimum and self.count == 1:
            query = f"SELECT ?this WHERE {{ {src} FILTER NOT EXISTS {{ {step} }} }}"
        elif self.minimum:
            query = (
                f"SELECT ?this WHERE {{ {src} OPTIONAL {{ {step} }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {self.count})"
            )
        else:
            query = (
                f"SELECT ?this WHERE {{ {src} {step} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {self.count})"
            )
        for (focus,) in run.rows(query):
            assert focus is not None
            part.add(focus, self.result(run, shape, focus))
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        assert shape.path is not None
        word = "Less" if self.minimum else "More"
        return (
            f"{word} than {self.count} values on "
            f"{run.strings.data(focus)}->{run.strings.shapes(shape.path.node)}"
        )


class _UniqueLang(_Component):
    """``sh:uniqueLang true``: one result per focus node and language used twice."""

    uri = _COMPONENT["UniqueLang"]

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        query = (
            f"SELECT ?this ?lang WHERE {{ {run.pairs(shape, source)} "
            'FILTER (isLiteral(?value) && LANG(?value) != "") '
            "BIND (LCASE(LANG(?value)) AS ?lang) } "
            "GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?value) > 1)"
        )
        for focus, _lang in run.rows(query):
            assert focus is not None
            part.add(focus, self.result(run, shape, focus))
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        return "More than one String shares the same Language"


class _HasValue(_Component):
    """``sh:hasValue``: one result per focus node without the value, for each value asked."""

    uri = _COMPONENT["HasValue"]

    def __init__(self, values: list[Node], terms: list[str]) -> None:
        self.values = values
        self.terms = terms

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        src = source.pattern(_THIS_VAR, run)
        for term in self.terms:
            if shape.path is None:
                query = f"SELECT ?this WHERE {{ {src} FILTER (!sameTerm(?this, {term})) }}"
            else:
                step = f"?this {shape.path.sparql} {term}"
                query = f"SELECT ?this WHERE {{ {src} FILTER NOT EXISTS {{ {step} }} }}"
            for (focus,) in run.rows(query):
                assert focus is not None
                part.add(focus, self.result(run, shape, focus))
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        listed = [run.strings.shapes(v) for v in _as_set(self.values)]
        if shape.path is not None:
            return (
                f"Node {run.strings.data(focus)}->{run.strings.shapes(shape.path.node)} "
                f"does not contain a value in the set: {listed}"
            )
        return f"Node {run.strings.data(focus)} value is not a in the set of values: {listed}"


def _as_set(nodes: Iterable[Node]) -> set[Node]:
    """A set built as pySHACL builds it, so that it iterates in the same order in messages."""
    result: set[Node] = set()
    for node in nodes:
        result.add(node)
    return result


class _Closed(_Component):
    """``sh:closed true``: one result per triple of a value node with a predicate not allowed."""

    uri = _COMPONENT["Closed"]

    def __init__(self, allowed: set[Node]) -> None:
        self.allowed = allowed

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        query = f"SELECT ?this ?p ?o WHERE {{ {run.pairs(shape, source)} ?value ?p ?o }}"
        for focus, predicate, obj in run.rows(query):
            assert focus is not None and predicate is not None and obj is not None
            if predicate in self.allowed or (predicate == RDF.type and obj == RDFS.Resource):
                continue
            part.add(focus, self.result(run, shape, focus, obj, path=predicate))
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        assert value is not None
        node, other = run.strings.data(focus), run.strings.data(value)
        return f"Node {node} is closed. It cannot have value: {other}"


class _PropertyPair(_Component):
    """``sh:equals``, ``sh:disjoint``, ``sh:lessThan`` and ``sh:lessThanOrEquals``."""

    def __init__(self, name: str, predicates: list[URIRef]) -> None:
        self.name = name
        self.uri = _COMPONENT[name]
        self.predicates = predicates

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        pairs = run.pairs(shape, source)
        for predicate in self.predicates:
            other = f"<{predicate}>"
            if self.name == "Equals":
                src = source.pattern(_THIS_VAR, run)
                step = "?this " + (shape.path.sparql if shape.path else "") + " ?value"
                if shape.path is None:
                    step = "FILTER (sameTerm(?this, ?value))"
                query = (
                    f"SELECT ?this ?value WHERE {{ {{ {pairs} "
                    f"FILTER NOT EXISTS {{ ?this {other} ?value }} }} "
                    f"UNION {{ {src} ?this {other} ?value FILTER NOT EXISTS {{ {step} }} }} }}"
                )
                rows = [(f, v) for f, v in run.rows(query)]
            elif self.name == "Disjoint":
                rows = list(
                    (f, v)
                    for f, v in run.rows(
                        f"SELECT ?this ?value WHERE {{ {pairs} ?this {other} ?value }}"
                    )
                )
            else:
                rows = []
                query = f"SELECT ?this ?value ?other WHERE {{ {pairs} ?this {other} ?other }}"
                strict = self.name == "LessThan"
                for focus, value, compared in run.rows(query):
                    assert value is not None and compared is not None
                    if not _in_order(value, compared, strict):
                        rows.append((focus, value))
            for focus, value in rows:
                assert focus is not None
                part.add(focus, self.result(run, shape, focus, value))
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        sign = {"Equals": "!=", "Disjoint": "==", "LessThan": "<=", "LessThanOrEquals": "<"}[
            self.name
        ]
        predicates = _as_set(self.predicates)
        if len(predicates) < 2:
            named = run.strings.shapes(next(iter(predicates)))
        else:
            named = ", ".join(run.strings.shapes(p) for p in predicates)
        assert value is not None
        return f"Value of {run.strings.data(focus)}->{named} {sign} {run.strings.data(value)}"


def _comparable(node: Node) -> tuple[bool, Any]:
    """A value node as pySHACL compares it in sh:lessThan: strings as Python strings."""
    if isinstance(node, BNode):
        raise UnsupportedShapeError(["sh:lessThan or sh:lessThanOrEquals on a blank node"])
    if isinstance(node, URIRef):
        return True, str(node)
    if isinstance(node, Literal) and isinstance(node.value, str):
        return True, node.value
    return False, node


def _in_order(value: Node, compared: Node, strict: bool) -> bool:
    value_is_string, left = _comparable(value)
    compared_is_string, right = _comparable(compared)
    if value_is_string != compared_is_string:
        return False
    with _quiet_rdflib():
        return bool(left < right) if strict else bool(left <= right)


def _compare_literals(value: Literal, bound: Literal) -> int:
    """Order two literals as pySHACL does for sh:minInclusive and its siblings.

    Raises:
        TypeError: the two cannot be compared.
    """
    if value.eq(bound):
        return 0
    if value.value.__class__ in (datetime, time):
        if value.value == bound.value:
            return 0
        if value.value > bound.value:
            return 1
    elif value > bound:
        return 1
    return -1


def _range_test(bound: Literal, accept: Callable[[int], bool]) -> Callable[[Node], bool]:
    bound_is_string = isinstance(bound.value, str)

    def ok(value: Node) -> bool:
        if not isinstance(value, Literal):
            return False
        if isinstance(value.value, str) != bound_is_string:
            return False
        try:
            return accept(_compare_literals(value, bound))
        except (TypeError, NotImplementedError):
            return False

    return ok


def _datatype_test(datatype: URIRef) -> Callable[[Node], bool]:
    """Whether a literal of ``datatype`` is well-formed and of the Python type pySHACL expects."""
    kinds: dict[URIRef, type | tuple[type, ...]] = {
        XSD.string: (str, bytes),
        RDF.langString: (str, bytes),
        XSD.integer: int,
        XSD.float: float,
        XSD.decimal: Decimal,
        XSD.boolean: bool,
        XSD.date: date,
        XSD.time: time,
        XSD.dateTime: datetime,
    }

    def ok(value: Node) -> bool:
        assert isinstance(value, Literal)
        literal = Literal(str(value), datatype=datatype)
        if getattr(literal, "ill_typed", None) is True:
            return False
        kind = kinds.get(datatype)
        return kind is None or isinstance(literal.value, kind)

    return ok


def _pattern_test(regex: re.Pattern[str]) -> Callable[[Node], bool]:
    def ok(value: Node) -> bool:
        if (
            isinstance(value, Literal)
            and value.value is not None
            and value.datatype
            in (
                None,
                RDF.langString,
                XSD.string,
            )
        ):
            text = str(value.value)
        else:
            text = str(value)
        return bool(regex.match(text) or regex.search(text))

    return ok


# Shape-based and logical components ----------------------------------------------------


class _Logical(_Component):
    """``sh:not``, ``sh:and``, ``sh:or`` or ``sh:xone``: each value node against member shapes."""

    def __init__(self, name: str, groups: list[list[_Shape]], parameters: list[Node]) -> None:
        self.name = name
        self.uri = _COMPONENT[name]
        self.groups = groups
        self.parameters = parameters

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        values = run.value_source(shape, source)
        for members in self.groups:
            failing = [run.evaluate(member, values).failing for member in members]
            for focus, value in run.pair_rows(shape, source):
                conforming = sum(1 for fails in failing if value not in fails)
                if self.name == "Not":
                    broken = conforming > 0
                elif self.name == "And":
                    broken = conforming < len(members)
                elif self.name == "Or":
                    broken = conforming == 0
                else:
                    broken = conforming != 1
                if broken:
                    part.add(focus, self.result(run, shape, focus, value))
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        assert value is not None
        node = run.strings.data(value)
        sg = run.strings.shapes
        if self.name == "Not":
            if len(self.parameters) == 1:
                return f"Node {node} must not conform to shape {sg(self.parameters[0])}"
            listed = " , ".join(sg(n) for n in self.parameters)
            return f"Node {node} must not conform to any shapes in {listed}"
        items = run.strings.list_items
        if len(self.parameters) < 2:
            listed = " , ".join(sg(n) for n in items(self.parameters[0]))
        else:
            listed = " and ".join(
                "(" + " , ".join(sg(n) for n in items(p)) + ")" for p in self.parameters
            )
        wording = {
            "And": "must conform to all shapes in",
            "Or": "must conform to one or more shapes in",
            "Xone": "must conform to exactly one shape in",
        }[self.name]
        return f"Node {node} {wording} {listed}"


class _NodeComponent(_Component):
    """``sh:node``: a result, with the nested results as details, per value that has results."""

    uri = _COMPONENT["Node"]

    def __init__(self, shapes: list[_Shape]) -> None:
        self.shapes = shapes

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        values = run.value_source(shape, source)
        for node_shape in self.shapes:
            outcome = run.evaluate(node_shape, values)
            if not outcome.results:
                continue
            for focus, value in run.pair_rows(shape, source):
                nested = outcome.results.get(value)
                if nested:
                    part.add(focus, self.result(run, shape, focus, value, details=tuple(nested)))
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        if len(self.shapes) < 2:
            text = f"Value does not conform to Shape {run.strings.shapes(self.shapes[0].node)}."
        else:
            rules = "', '".join(run.strings.shapes(s.node) for s in self.shapes)
            text = f"Value must conform to every Shape in ('{rules}')."
        return text + " See details for more information."


class _PropertyComponent(_Component):
    """``sh:property``: the results of each property shape, for each value node."""

    uri = _COMPONENT["Property"]

    def __init__(self, shapes: list[_Shape]) -> None:
        self.shapes = shapes

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        values = run.value_source(shape, source)
        for property_shape in self.shapes:
            outcome = run.evaluate(property_shape, values)
            if not outcome.results and not outcome.failing:
                continue
            if shape.path is None:
                for focus, results in outcome.results.items():
                    part.results.extend((focus, r) for r in results)
                part.failing |= outcome.failing
                continue
            for focus, value in run.pair_rows(shape, source):
                part.results.extend((focus, r) for r in outcome.results.get(value, ()))
                if value in outcome.failing:
                    part.failing.add(focus)
        return part


class _Qualified(_Component):
    """``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` and/or ``sh:qualifiedMaxCount``."""

    uri = _COMPONENT["QualifiedMaxCount"]

    def __init__(
        self,
        shapes: list[_Shape],
        siblings: dict[int, list[_Shape]],
        minimum: int | None,
        maximum: int | None,
    ) -> None:
        self.shapes = shapes
        self.siblings = siblings
        self.minimum = minimum
        self.maximum = maximum

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        values = run.value_source(shape, source)
        pairs = run.pair_rows(shape, source)
        foci = run.focus_nodes(source) if self.minimum is not None else []
        for index, value_shape in enumerate(self.shapes):
            failing = run.evaluate(value_shape, values).failing
            siblings = [run.evaluate(s, values).failing for s in self.siblings.get(index, [])]
            counts: Counter[Node] = Counter()
            for focus, value in pairs:
                if value in failing or any(value not in fails for fails in siblings):
                    continue
                counts[focus] += 1
            seen = {focus for focus, _ in pairs} | set(foci)
            for focus in seen:
                if self.maximum is not None and counts[focus] > self.maximum:
                    part.add(
                        focus,
                        self.result(run, shape, focus, component=_COMPONENT["QualifiedMaxCount"]),
                    )
                if self.minimum is not None and counts[focus] < self.minimum:
                    part.add(
                        focus,
                        self.result(run, shape, focus, component=_COMPONENT["QualifiedMinCount"]),
                    )
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        listed = ",".join(run.strings.shapes(s.node) for s in _as_set_shapes(self.shapes))
        counts = ""
        if self.minimum is not None:
            counts += f" MinCount {self.minimum}"
        if self.maximum is not None:
            counts += f" MaxCount {self.maximum}"
        if len(self.shapes) > 1:
            return f"Focus node does not conform to shapes{counts}: ({listed})"
        return f"Focus node does not conform to shape{counts}: {listed}"


def _as_set_shapes(shapes: list[_Shape]) -> list[_Shape]:
    by_node = {s.node: s for s in shapes}
    return [by_node[n] for n in _as_set(by_node)]


# SPARQL-based constraints --------------------------------------------------------------

#: How pySHACL recognises the variables it pre-binds or substitutes in sh:select.
_BIND_THIS = re.compile(r"([\s{}()])[$?]this", re.M)
_BIND_PATH = re.compile(r"([\s{}()])[$?]PATH", re.M)
_BIND_OTHER = re.compile(r"([\s{}()])[$?](currentShape|shapesGraph)", re.M)
_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<iri><[^<>"{}|^`\\\s]*>)
    |(?P<word>[A-Za-z_][A-Za-z0-9_-]*)
    |(?P<other>.)""",
    re.X | re.S,
)


@dataclass(frozen=True)
class _Select:
    """The text of a sh:select rewritten to run once for all focus nodes.

    ``head`` and ``tail`` surround the place where the focus pattern goes:
    the start of the outermost WHERE group, so that every part of the query
    sees ``?this`` bound as pySHACL's pre-binding does.
    """

    head: str
    tail: str
    prefixes: str
    projected: tuple[str, ...]
    projects_this: bool

    def text(self, focus: str) -> str:
        return f"{self.prefixes}\n{self.head} {focus} {self.tail}"


class _Sparql(_Component):
    """One sh:sparql constraint (SHACL-SPARQL), run as one query over all focus nodes."""

    uri = _COMPONENT["SPARQL"]

    def __init__(self, node: Node, select: _Select, messages: tuple[Literal, ...]) -> None:
        self.node = node
        self.select = select
        self.constraint_messages = messages

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        names = (_THIS_VAR, *(v for v in self.select.projected if v != _THIS_VAR))
        rows = run.rows(self.select.text(source.pattern(_THIS_VAR, run)), names, sparql=True)
        seen: dict[Node, list[Any]] = {}
        for row in rows:
            focus = row[0]
            assert focus is not None
            bound = {name: term for name, term in zip(names, row, strict=True) if term is not None}
            if not self.select.projects_this:
                bound.pop(_THIS_VAR, None)
            earlier = seen.setdefault(focus, [])
            failure = bound.pop("failure", None)
            if failure is not None:
                if True in earlier:
                    continue
                earlier.append(True)
                value = focus if shape.path is None else None
                part.add(focus, self._result(run, shape, focus, value, None, bound))
                continue
            path = bound.pop("path", None)
            value = bound.pop(_VALUE_VAR, None)
            this = bound.pop(_THIS_VAR, None)
            if path is None and value is None and this is None:
                continue
            key = (this, path, value, bound)
            if key in earlier:
                continue
            earlier.append(key)
            if value is None and shape.path is None:
                value = focus
            names_bound: dict[str, Node] = dict(bound)
            for name, term in ((_THIS_VAR, this), ("path", path), (_VALUE_VAR, value)):
                if term is not None:
                    names_bound[name] = term
            part.add(focus, self._result(run, shape, this or focus, value, path, names_bound))
        return part

    def _result(
        self,
        run: _Run,
        shape: _Shape,
        focus: Node,
        value: Node | None,
        path: Node | None,
        bound: Mapping[str, Node],
    ) -> _Result:
        messages: list[Literal] = []
        for message in self.constraint_messages:
            if message not in shape.messages:
                messages.append(Literal(_fill(str(message.value), bound)))
        messages.extend(Literal(_fill(str(m.value), bound)) for m in shape.messages)
        return _Result(
            focus=focus,
            shape=shape,
            component=self.uri,
            messages=tuple(messages),
            value=value,
            path=path if path is not None else (shape.path.node if shape.path else None),
            source_constraint=self.node,
        )


def _fill(message: str, bound: Mapping[str, Node]) -> str:
    """Put the bound values into ``{?name}`` and ``{$name}``, as pySHACL does (with re.sub)."""
    for name, term in bound.items():
        message = re.sub(f"{{[?$]{name}}}", str(term), message)
    return message


def _scan_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (kind, start, end) of the tokens of SPARQL ``text`` that matter here."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        yield kind, match.start(), match.end()


def _split_select(text: str) -> tuple[str, str, int] | None:
    """Split a SELECT query at the opening brace of its WHERE group.

    Returns the text up to and including that brace, the rest, and where the
    projection starts (after SELECT and DISTINCT or REDUCED); None when the
    query has no WHERE keyword before its first brace.
    """
    after_select = -1
    where_seen = False
    for kind, start, end in _scan_words(text):
        token = text[start:end]
        if kind == "word":
            upper = token.upper()
            if upper == "SELECT" and after_select < 0:
                after_select = end
            elif upper in ("DISTINCT", "REDUCED") and after_select >= 0 and not where_seen:
                if not text[after_select:start].strip():
                    after_select = end
            elif upper == "WHERE" and after_select >= 0:
                where_seen = True
        elif kind == "other" and token == "{":
            if not where_seen or after_select < 0:
                return None
            return text[:end], text[end:], after_select
    return None


def _algebra_problems(node: Any, problems: list[str], top: bool = True) -> set[Variable]:
    """Check the rdflib algebra of a rewritten sh:select; return the variables it surely binds."""
    name = getattr(node, "name", None)
    if name is None:
        return set()
    if name == "SelectQuery":
        return _algebra_problems(node.p, problems)
    if name == "BGP":
        return {
            t for triple in node.triples for t in (triple[0], triple[2]) if isinstance(t, Variable)
        }
    if name == "Join":
        return _algebra_problems(node.p1, problems, False) | _algebra_problems(
            node.p2, problems, False
        )
    if name == "LeftJoin":
        left = _algebra_problems(node.p1, problems, False)
        right = _algebra_problems(node.p2, problems, False)
        _expression_problems(node.get("expr"), left | right, problems)
        return left
    if name == "Union":
        return _algebra_problems(node.p1, problems, False) & _algebra_problems(
            node.p2, problems, False
        )
    if name == "Filter":
        bound = _algebra_problems(node.p, problems, top)
        _expression_problems(node.expr, bound, problems)
        return bound
    if name == "Extend":
        bound = _algebra_problems(node.p, problems, top)
        _expression_problems(node.expr, bound, problems)
        return bound | {node.var}
    if name == "Project":
        bound = _algebra_problems(node.p, problems, False)
        variables = set(node.PV)
        if not top and Variable(_THIS_VAR) not in variables:
            problems.append("a sub-SELECT that does not select $this")
        return bound & variables
    if name in ("Distinct", "Reduced", "OrderBy", "ToMultiSet", "Graph"):
        return _algebra_problems(node.p, problems, top)
    refused = {
        "Group": "GROUP BY or aggregates",
        "AggregateJoin": "GROUP BY or aggregates",
        "Slice": "LIMIT or OFFSET",
        "Minus": "MINUS",
        "ServiceGraphPattern": "SERVICE",
        "values": "VALUES",
    }
    problems.append(f"{refused.get(name, name)} in sh:select")
    return set()


def _expression_problems(expr: Any, bound: set[Variable], problems: list[str]) -> None:
    """$this inside a FILTER or BIND must be bound where the expression is evaluated."""
    if expr is None:
        return
    if _mentions_this(expr) and Variable(_THIS_VAR) not in bound:
        problems.append("$this used in an expression of a group that does not bind it")


def _mentions_this(expr: Any) -> bool:
    if isinstance(expr, Variable):
        return str(expr) == _THIS_VAR
    name = getattr(expr, "name", None)
    if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
        return False  # evaluated with the solution's bindings, as pySHACL's pre-binding
    if isinstance(expr, Mapping):
        return any(_mentions_this(v) for k, v in expr.items() if not str(k).startswith("_"))
    if isinstance(expr, (list, tuple)):
        return any(_mentions_this(v) for v in expr)
    return False


def _declared_prefixes(graph: Graph, constraint: Node, problems: list[str]) -> dict[str, str]:
    """The prefixes pySHACL gives a sh:select: rdf, rdfs, owl, and those sh:prefixes declares."""
    prefixes = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    named = list(graph.objects(constraint, SH.prefixes))
    if not named:
        return prefixes
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    graph_declares = set(graph.objects(graph.identifier, SH.declare)) if graph.identifier else set()
    every = set(graph_declares)
    for ontology in ontologies:
        every |= set(graph.objects(ontology, SH.declare))
    for value in named:
        own = set(graph.objects(value, SH.declare))
        declares = own | graph_declares if own and value in ontologies else every | own
        for declare in declares:
            prefix = list(graph.objects(declare, SH.prefix))
            namespace = list(graph.objects(declare, SH.namespace))
            if len(prefix) != 1 or len(namespace) != 1 or not isinstance(prefix[0], Literal):
                problems.append("a malformed sh:declare")
                continue
            prefixes[str(prefix[0].value)] = str(cast(Literal, namespace[0]).value)
    return prefixes


def _compile_select(
    graph: Graph, shape: Node, path: _Path | None, constraint: Node, text: str, problems: list[str]
) -> _Select | None:
    """Rewrite a sh:select so that one run checks all focus nodes, or say why it cannot be."""
    where = f"the sh:select of {shape}"
    local: list[str] = []
    if not _BIND_THIS.search(text):
        local.append("a sh:select without $this")
    if _BIND_OTHER.search(text):
        local.append("$currentShape or $shapesGraph in sh:select")
    if _BIND_PATH.search(text):
        if path is None:
            local.append("$PATH in the sh:select of a node shape")
        else:
            text = _BIND_PATH.sub(lambda m: m.group(1) + path.sparql, text)
    if re.search(r"\bSELECT\s+(DISTINCT\s+|REDUCED\s+)?\*", text, re.I):
        local.append("SELECT * in sh:select")
    split = _split_select(text)
    if split is None:
        local.append("a sh:select without WHERE before its first brace")
    prefixes = _declared_prefixes(graph, constraint, problems)
    if local or split is None:
        problems.extend(f"{p} ({where})" for p in local)
        return None
    head, tail, projection = split
    probe_head = head[:projection] + " ?this " + head[projection:]
    probe = f"{probe_head} {{ SELECT ?this WHERE {{ ?this ?ctgp ?ctgo }} }} {tail}"
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        original = translateQuery(parseQuery(text), None, prefixes)
        algebra = translateQuery(parseQuery(probe), None, prefixes)
    except Exception as exc:  # rdflib reports parse problems as many kinds of exception
        if "Unknown namespace prefix" in str(exc):
            # pySHACL would take it from the data graph's prefixes, unknown here
            problems.append(f"a sh:select with a prefix it does not declare ({where}: {exc})")
        else:
            problems.append(f"a sh:select rdflib cannot read ({where}: {exc})")
        return None
    local = []
    _algebra_problems(algebra.algebra, local)
    projected = tuple(str(v) for v in original.algebra.PV)
    if local:
        problems.extend(f"{p} ({where})" for p in dict.fromkeys(local))
        return None
    projects_this = _THIS_VAR in projected
    if not projects_this:
        head = probe_head
    tail = _not_exists_to_minus(tail, _group_bound(algebra.algebra) | {Variable(_THIS_VAR)})
    return _Select(
        head=head,
        tail=tail,
        prefixes="\n".join(f"PREFIX {p}: <{ns}>" for p, ns in prefixes.items()),
        projected=projected,
        projects_this=projects_this,
    )


_PATTERN_WORDS = {"FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "BIND", "VALUES", "SERVICE"}
_PATTERN_WORDS |= {"SELECT", "EXISTS", "NOT", "IN"}


def _group_bound(algebra: Any) -> set[Variable]:
    """The variables every solution of the outermost WHERE group binds (before its filters)."""
    node = algebra
    while getattr(node, "name", None) in (
        "SelectQuery",
        "Distinct",
        "Reduced",
        "Project",
        "OrderBy",
    ):
        node = node.p
    while getattr(node, "name", None) == "Filter":
        node = node.p
    return _algebra_problems(node, [], top=False)


def _not_exists_to_minus(tail: str, bound: set[Variable]) -> str:
    """Turn each ``FILTER NOT EXISTS { triples }`` of the outermost group into ``MINUS``.

    Oxigraph evaluates a NOT EXISTS once per solution, and does not always
    start from its most selective triple: on large graphs that is quadratic,
    where MINUS is one anti-join. The two agree when the block is triple
    patterns only and shares a variable that every solution of the group
    binds (a FILTER applies to the whole group, so the MINUS goes at its
    end). Any other NOT EXISTS is left as it is.
    """
    tokens = [
        (kind, start, end)
        for kind, start, end in _scan_words(tail)
        if kind != "comment" and not tail[start:end].isspace()
    ]
    depth = 0
    blocks: list[tuple[int, int, str]] = []
    close = -1
    index = 0
    while index < len(tokens):
        kind, start, end = tokens[index]
        text = tail[start:end]
        if kind == "other" and text == "{":
            depth += 1
        elif kind == "other" and text == "}":
            if depth == 0:
                close = start
                break
            depth -= 1
        elif depth == 0 and kind == "word" and text.upper() == "FILTER":
            words = [tail[s:e].upper() for _k, s, e in tokens[index + 1 : index + 4]]
            if words[:3] == ["NOT", "EXISTS", "{"]:
                inner_start = tokens[index + 3][2]
                position = index + 4
                simple = True
                while position < len(tokens):
                    k, s, e = tokens[position]
                    word = tail[s:e]
                    if k == "other" and word == "}":
                        break
                    if (k == "other" and word == "{") or (
                        k == "word" and word.upper() in _PATTERN_WORDS
                    ):
                        simple = False
                    position += 1
                if position >= len(tokens):
                    break
                inner = tail[inner_start : tokens[position][1]]
                names = _block_variables(inner)
                if simple and names & {str(v) for v in bound}:
                    blocks.append((start, tokens[position][2], inner))
                index = position + 1
                continue
        index += 1
    if close < 0 or not blocks:
        return tail
    pieces = []
    last = 0
    for start, end, _inner in blocks:
        pieces.append(tail[last:start])
        last = end
    pieces.append(tail[last:close])
    pieces.extend(f" MINUS {{ {inner} }}" for _start, _end, inner in blocks)
    pieces.append(tail[close:])
    return "".join(pieces)


def _block_variables(text: str) -> set[str]:
    """The variables of a block of triple patterns (outside strings and IRIs)."""
    names: set[str] = set()
    tokens = list(_scan_words(text))
    for (kind, start, end), (next_kind, next_start, next_end) in itertools.pairwise(tokens):
        if (
            kind == "other"
            and text[start:end] in "?$"
            and next_start == end
            and next_kind == "word"
        ):
            names.add(text[next_start:next_end])
    return names


# The compiler --------------------------------------------------------------------------


def _items(graph: Graph, node: Node) -> list[Node]:
    try:
        return list(graph.items(node))
    except (ValueError, TypeError):
        return []


class _Compiler:
    """Reads the shapes graph as pySHACL does and builds the checks, or lists what it cannot."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.problems: list[str] = []
        self.shapes: dict[Node, _Shape] = {}

    def problem(self, text: str, shape: Node | None = None) -> None:
        where = (
            ""
            if shape is None
            else f" (shape {self.shapes[shape].label if shape in self.shapes else shape})"
        )
        self.problems.append(text + where)

    def compile(self) -> CompiledShapes:
        self.advanced_features()
        kinds = self.discover()
        for node, path in kinds.items():
            self.shapes[node] = self.shape(node, path)
        for shape in self.shapes.values():
            self.targets(shape)
            self.components(shape)
        self.recursion()
        if self.problems:
            raise UnsupportedShapeError(self.problems)
        return CompiledShapes(self.graph, list(self.shapes.values()))

    # What is refused outright ------------------------------------------------------

    def advanced_features(self) -> None:
        g = self.graph
        for predicate in _ADVANCED_PREDICATES:
            if (None, predicate, None) in g:
                self.problem(
                    f"{g.namespace_manager.normalizeUri(predicate)} (SHACL-AF or SHACL-JS)"
                )
        for kind in _ADVANCED_TYPES:
            if (None, RDF.type, kind) in g:
                self.problem(f"instances of {g.namespace_manager.normalizeUri(kind)} (SHACL-AF)")
        components = set(g.subjects(RDF.type, SH.ConstraintComponent))
        for subclass in g.subjects(RDFS.subClassOf, SH.ConstraintComponent):
            components |= set(g.subjects(RDF.type, subclass))
        for component in components:
            if not str(component).startswith(str(SH)):
                self.problem(f"the custom constraint component {component}")

    # Which nodes are shapes ---------------------------------------------------------

    def discover(self) -> dict[Node, Node | None]:
        """Map each shape to its sh:path (None for node shapes), as pySHACL finds them."""
        g = self.graph
        found: dict[Node, Node | None] = {}
        node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
        property_shapes = set(g.subjects(RDF.type, SH.PropertyShape))
        for node in node_shapes:
            if (node, SH.path, None) in g:
                self.problem("a sh:NodeShape with a sh:path", node)
            found[node] = None
        for node in property_shapes:
            paths = list(g.objects(node, SH.path))
            if node in node_shapes or len(paths) != 1:
                self.problem("a sh:PropertyShape without exactly one sh:path", node)
                continue
            found[node] = paths[0]
        implied: set[Node] = set()
        for predicate in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf):
            implied |= set(g.subjects(predicate, None))
        implied |= set(g.subjects(SH.property, None)) | set(g.subjects(SH.node, None))
        for predicate in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
            implied |= set(g.objects(None, predicate))
        for predicate in (SH["and"], SH["or"], SH.xone):
            for listed in g.objects(None, predicate):
                members = _items(g, listed)
                if not members:
                    self.problem(
                        f"an empty or malformed {g.namespace_manager.normalizeUri(predicate)} list"
                    )
                implied |= set(members)
        for node in implied:
            if node in found or node in node_shapes or node in property_shapes:
                continue
            paths = list(g.objects(node, SH.path))
            if len(paths) > 1:
                self.problem("a shape with more than one sh:path", node)
                continue
            found[node] = paths[0] if paths else None
        return found

    def shape(self, node: Node, path_node: Node | None) -> _Shape:
        g = self.graph
        severities = list(g.objects(node, SH.severity))
        if len(severities) > 1:
            self.problem("more than one sh:severity", node)
        deactivated = list(g.objects(node, SH.deactivated))
        if len(deactivated) > 1 or (deactivated and not isinstance(deactivated[0], Literal)):
            self.problem("a malformed sh:deactivated", node)
        messages = tuple(m for m in set(g.objects(node, SH.message)) if isinstance(m, Literal))
        if len(messages) != len(set(g.objects(node, SH.message))):
            self.problem("a sh:message that is not a literal", node)
        path = None
        if path_node is not None:
            path = _Path(path_node, self.path(path_node, node))
        return _Shape(
            node=node,
            path=path,
            severity=severities[0] if severities else SH.Violation,
            messages=messages,
            deactivated=bool(
                deactivated and isinstance(deactivated[0], Literal) and deactivated[0].value
            ),
        )

    def path(self, node: Node, shape: Node, depth: int = 0) -> str:
        """The SPARQL property path of a SHACL path (those pySHACL follows as SPARQL does)."""
        g = self.graph
        if isinstance(node, URIRef):
            return f"<{node}>"
        if not isinstance(node, BNode) or depth > 10:
            self.problem("a malformed sh:path", shape)
            return "<urn:unsupported>"
        if (node, RDF.first, None) in g:
            steps = _items(g, node)
            if len(steps) < 2:
                self.problem("a sequence path of fewer than two steps", shape)
            return "(" + " / ".join(self.path(s, shape, depth + 1) for s in steps) + ")"
        inverse = list(g.objects(node, SH.inversePath))
        if inverse:
            if not isinstance(inverse[0], URIRef):
                self.problem("sh:inversePath of a path that is not an IRI", shape)
            return f"^<{inverse[0]}>"
        alternatives = list(g.objects(node, SH.alternativePath))
        if alternatives:
            choices = _items(g, alternatives[0])
            if len(choices) < 2:
                self.problem("an alternative path of fewer than two choices", shape)
            return "(" + " | ".join(self.path(c, shape, depth + 1) for c in choices) + ")"
        for predicate, suffix in (
            (SH.zeroOrMorePath, "*"),
            (SH.oneOrMorePath, "+"),
            (SH.zeroOrOnePath, "?"),
        ):
            inner = list(g.objects(node, predicate))
            if inner:
                return f"({self.path(inner[0], shape, depth + 1)}){suffix}"
        self.problem("an unknown kind of sh:path", shape)
        return "<urn:unsupported>"

    # Targets -------------------------------------------------------------------------

    def targets(self, shape: _Shape) -> None:
        g = self.graph
        node = shape.node
        parts: list[str] = []
        for target in g.objects(node, SH.targetNode):
            parts.append(f"VALUES ?FOCUS {{ {_term(target, 'sh:targetNode', self.problems)} }}")
        classes = list(g.objects(node, SH.targetClass))
        class_kinds = {RDFS.Class, OWL.Class, *g.subjects(RDFS.subClassOf, RDFS.Class)}
        if any(kind in class_kinds for kind in g.objects(node, RDF.type)):
            classes.append(node)
        for cls in dict.fromkeys(classes):
            term = _term(cls, "sh:targetClass", self.problems)
            parts.append(f"?FOCUS {_RDF_TYPE}/{_SUBCLASS_OF}* {term}")
        for predicate in g.objects(node, SH.targetSubjectsOf):
            parts.append(f"?FOCUS {_term(predicate, 'sh:targetSubjectsOf', self.problems)} []")
        for predicate in g.objects(node, SH.targetObjectsOf):
            parts.append(f"[] {_term(predicate, 'sh:targetObjectsOf', self.problems)} ?FOCUS")
        if parts:
            shape.source = _Targets(parts)

    # Constraint components -------------------------------------------------------------

    def components(self, shape: _Shape) -> None:
        g = self.graph
        node = shape.node
        values: dict[Node, list[Node]] = {}
        for predicate in dict.fromkeys(g.predicates(node)):
            values[predicate] = list(g.objects(node, predicate))
        for predicate in values:
            if predicate in _NON_CONSTRAINT or not str(predicate).startswith(str(SH)):
                continue
            name = str(predicate)[len(str(SH)) :]
            build = getattr(self, f"build_{name}", None)
            if build is None:
                if name in (
                    "qualifiedMinCount",
                    "qualifiedMaxCount",
                    "qualifiedValueShapesDisjoint",
                ):
                    continue
                continue  # pySHACL ignores what is no parameter of a component it knows
            component = build(shape, values[predicate], values)
            if component is not None:
                shape.components.append(component)
        if (SH.qualifiedMinCount in values or SH.qualifiedMaxCount in values) and (
            SH.qualifiedValueShape not in values
        ):
            self.problem(
                "sh:qualifiedMinCount or sh:qualifiedMaxCount without sh:qualifiedValueShape", node
            )
        if SH.ignoredProperties in values and SH.closed not in values:
            self.problem("sh:ignoredProperties without sh:closed", node)

    def one(self, shape: _Shape, name: str, values: list[Node]) -> Node | None:
        if len(values) != 1:
            self.problem(f"more than one sh:{name}", shape.node)
            return None
        return values[0]

    def need_path(self, shape: _Shape, name: str) -> bool:
        if shape.path is None:
            self.problem(f"sh:{name} on a node shape", shape.node)
            return False
        return True

    def integer(self, shape: _Shape, name: str, values: list[Node]) -> int | None:
        value = self.one(shape, name, values)
        if value is None:
            return None
        if not (isinstance(value, Literal) and isinstance(value.value, int)) or value.value < 0:
            self.problem(f"sh:{name} that is not a non-negative integer", shape.node)
            return None
        return int(value.value)

    def build_class(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        terms = [_term(v, "sh:class", self.problems) for v in values]
        return _ClassComponent(values, terms)

    def build_datatype(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        datatype = self.one(shape, "datatype", values)
        if not isinstance(datatype, URIRef):
            self.problem("a sh:datatype that is not one IRI", shape.node)
            return None
        if datatype == RDFS.Datatype:
            self.problem("sh:datatype rdfs:Datatype (Oxigraph does not tell plain from xsd:string)")
            return None

        def message(run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
            return f"Value is not Literal with datatype {run.strings.shapes(datatype)}"

        uri = _COMPONENT["Datatype"]
        if datatype == RDFS.Literal:
            return _PairFilter(uri, "!isLiteral(?value)", message)
        if datatype == RDF.langString:
            return _PairFilter(uri, '!(isLiteral(?value) && LANG(?value) != "")', message)
        if datatype == XSD.string:
            return _PairFilter(
                uri, f"!(isLiteral(?value) && DATATYPE(?value) = {_XSD_STRING})", message
            )
        term = f"<{datatype}>"
        return _ValueTest(
            uri,
            f"!(isLiteral(?value) && DATATYPE(?value) = {term})",
            f"isLiteral(?value) && DATATYPE(?value) = {term}",
            _datatype_test(datatype),
            message,
        )

    def build_nodeKind(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802 (SHACL's name)
        kind = self.one(shape, "nodeKind", values)
        tests = {
            SH.IRI: "isIRI(?value)",
            SH.BlankNode: "isBlank(?value)",
            SH.Literal: "isLiteral(?value)",
            SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
            SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
            SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
        }
        if kind not in tests:
            self.problem("an unknown sh:nodeKind", shape.node)
            return None
        assert kind is not None

        def message(run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
            return f"Value is not of Node Kind {run.strings.shapes(kind)}"

        return _PairFilter(_COMPONENT["NodeKind"], f"!{tests[cast(URIRef, kind)]}", message)

    def build_minCount(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        count = self.count(shape, "minCount", values)
        return None if count is None else _Counted(_COMPONENT["MinCount"], count, minimum=True)

    def build_maxCount(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        count = self.count(shape, "maxCount", values)
        return None if count is None else _Counted(_COMPONENT["MaxCount"], count, minimum=False)

    def count(self, shape: _Shape, name: str, values: list[Node]) -> int | None:
        if not self.need_path(shape, name):
            return None
        value = self.one(shape, name, values)
        if not (
            isinstance(value, Literal)
            and value.datatype == XSD.integer
            and isinstance(value.value, int)
        ):
            self.problem(f"sh:{name} that is not an xsd:integer", shape.node)
            return None
        if value.value < 0:
            self.problem(f"a negative sh:{name}", shape.node)
            return None
        return int(value.value)

    def range(
        self, shape: _Shape, name: str, values: list[Node], accept: Callable[[int], bool], sign: str
    ) -> _Component | None:
        bounds: list[Literal] = []
        for value in values:
            if not isinstance(value, Literal):
                self.problem(f"a sh:{name} that is not a literal", shape.node)
                return None
            bounds.append(value)

        def message(run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
            if len(bounds) < 2:
                return f"Value is not {sign} {run.strings.shapes(bounds[0])}"
            listed = ", ".join(run.strings.shapes(b) for b in bounds)
            return f"Value is not {sign} in ({listed})"

        uri = _COMPONENT[name[0].upper() + name[1:]]
        tests = [_range_test(b, accept) for b in bounds]
        return _Multi(
            [_ValueTest(uri, "!isLiteral(?value)", "isLiteral(?value)", t, message) for t in tests]
        )

    def build_minExclusive(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        return self.range(shape, "minExclusive", values, lambda c: c > 0, ">")

    def build_minInclusive(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        return self.range(shape, "minInclusive", values, lambda c: c >= 0, ">=")

    def build_maxExclusive(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        return self.range(shape, "maxExclusive", values, lambda c: c < 0, "<")

    def build_maxInclusive(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        return self.range(shape, "maxInclusive", values, lambda c: c <= 0, "<=")

    def length(self, shape: _Shape, name: str, values: list[Node]) -> _Component | None:
        limit = self.integer(shape, name, values)
        if limit is None:
            return None
        rule = values[0]
        minimum = name == "minLength"
        if minimum and limit == 0:
            return _Multi([])
        sign = "<" if minimum else ">"

        def message(run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
            return f"String length not {'>=' if minimum else '<='} {run.strings.data(rule)}"

        condition = f"isBlank(?value) || STRLEN(STR(?value)) {sign} {limit}"
        return _PairFilter(_COMPONENT[name[0].upper() + name[1:]], condition, message)

    def build_minLength(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        return self.length(shape, "minLength", values)

    def build_maxLength(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        return self.length(shape, "maxLength", values)

    def build_pattern(
        self, shape: _Shape, values: list[Node], every: dict[Node, list[Node]]
    ) -> _Component | None:
        patterns = [v for v in values if isinstance(v, Literal)]
        if len(patterns) != len(values):
            self.problem("a sh:pattern that is not a literal", shape.node)
            return None
        flags_given = every.get(SH.flags, [])
        if len(set(flags_given)) > 1:
            self.problem("more than one sh:flags", shape.node)
            return None
        re_flags = 0
        if flags_given:
            text = str(cast(Literal, flags_given[0]).value).lower()
            re_flags |= re.I if "i" in text else 0
            re_flags |= re.M if "m" in text else 0
        tests = []
        for pattern in patterns:
            source = (
                str(pattern.value)
                if pattern.value is not None and len(pattern.value) > 1
                else str(pattern)
            )
            try:
                regex = re.compile(source, re_flags)
            except re.error:
                self.problem("a sh:pattern Python cannot compile", shape.node)
                return None
            tests.append(_pattern_test(regex))

        def message(run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
            if len(patterns) < 2:
                return f"Value does not match pattern '{patterns[0].value}'"
            rules = "', '".join(str(p.value) for p in patterns)
            return f"Value does not match every pattern in ('{rules}')"

        uri = _COMPONENT["Pattern"]
        return _Multi(
            [_ValueTest(uri, "isBlank(?value)", "!isBlank(?value)", t, message) for t in tests]
        )

    def build_languageIn(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        listed = self.one(shape, "languageIn", values)
        if listed is None:
            return None
        languages = []
        for item in _items(self.graph, listed):
            if not isinstance(item, Literal) or not isinstance(item.value, str):
                self.problem("a sh:languageIn member that is not a string", shape.node)
                return None
            languages.append(str(item.value).lower())
        if "*" in languages:
            condition = '!(isLiteral(?value) && LANG(?value) != "")'
        else:
            options = ", ".join(Literal(lang).n3() for lang in dict.fromkeys(languages)) or '""'
            condition = (
                '!(isLiteral(?value) && LANG(?value) != "" && '
                f"(LCASE(LANG(?value)) IN ({options}) || "
                f'LCASE(STRBEFORE(CONCAT(LANG(?value), "-"), "-")) IN ({options})))'
            )

        def message(run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
            return f"String language is not in {run.strings.shapes(listed)}"

        return _PairFilter(_COMPONENT["LanguageIn"], condition, message)

    def build_uniqueLang(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        flag = self.one(shape, "uniqueLang", values)
        if not self.need_path(shape, "uniqueLang"):
            return None
        if not (isinstance(flag, Literal) and isinstance(flag.value, bool)):
            self.problem("a sh:uniqueLang that is not a boolean", shape.node)
            return None
        return _UniqueLang() if flag.value else None

    def pair(
        self, shape: _Shape, name: str, values: list[Node], needs_path: bool
    ) -> _Component | None:
        predicates = [v for v in values if isinstance(v, URIRef)]
        if len(predicates) != len(values):
            self.problem(f"a sh:{name} that is not an IRI", shape.node)
            return None
        if needs_path and not self.need_path(shape, name):
            return None
        return _PropertyPair(name[0].upper() + name[1:], predicates)

    def build_equals(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        return self.pair(shape, "equals", values, False)

    def build_disjoint(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        return self.pair(shape, "disjoint", values, False)

    def build_lessThan(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        return self.pair(shape, "lessThan", values, True)

    def build_lessThanOrEquals(  # noqa: N802 (SHACL's name)
        self, shape: _Shape, values: list[Node], _all: Any
    ) -> _Component | None:
        return self.pair(shape, "lessThanOrEquals", values, True)

    def member(self, shape: _Shape, node: Node, name: str) -> _Shape | None:
        found = self.shapes.get(node)
        if found is None:
            self.problem(f"a {name} that names no shape", shape.node)
        return found

    def logical(self, shape: _Shape, name: str, values: list[Node]) -> _Component | None:
        groups: list[list[_Shape]] = []
        for value in values:
            if name == "Not":
                members = [value]
            elif name == "Xone":
                members = _items(self.graph, value)
            else:
                members = list(_as_set(_items(self.graph, value)))
            found = [self.member(shape, m, f"sh:{name.lower()}") for m in members]
            groups.append([m for m in found if m is not None])
        return _Logical(name, groups, values)

    def build_not(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        return self.logical(shape, "Not", values)

    def build_and(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        return self.logical(shape, "And", values)

    def build_or(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        return self.logical(shape, "Or", values)

    def build_xone(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        return self.logical(shape, "Xone", values)

    def build_node(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        found = [self.member(shape, v, "sh:node") for v in values]
        shapes = [s for s in found if s is not None]
        for node_shape in shapes:
            if node_shape.path is not None:
                self.problem("sh:node naming a property shape", shape.node)
        return _NodeComponent(shapes)

    def build_property(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        found = [self.member(shape, v, "sh:property") for v in values]
        shapes = [s for s in found if s is not None]
        for property_shape in shapes:
            if property_shape.path is None:
                self.problem("sh:property naming a shape without sh:path", shape.node)
        return _PropertyComponent(shapes)

    def build_qualifiedValueShape(  # noqa: N802
        self, shape: _Shape, values: list[Node], every: dict[Node, list[Node]]
    ) -> _Component | None:
        if shape.path is None:
            return None  # pySHACL ignores it on a node shape, with a warning
        bounds: list[int | None] = []
        for name in ("qualifiedMinCount", "qualifiedMaxCount"):
            given = set(every.get(SH[name], []))
            if len(given) > 1:
                self.problem(f"more than one sh:{name}", shape.node)
                return None
            value = next(iter(given)) if given else None
            if value is not None and not (
                isinstance(value, Literal) and isinstance(value.value, int)
            ):
                self.problem(f"a sh:{name} that is not an integer", shape.node)
                return None
            bounds.append(None if not isinstance(value, Literal) else int(value.value))
        if bounds == [None, None]:
            self.problem("sh:qualifiedValueShape without a qualified count", shape.node)
            return None
        disjoint = any(
            isinstance(d, Literal) and isinstance(d.value, bool) and d.value
            for d in every.get(SH.qualifiedValueShapesDisjoint, [])
        )
        value_shapes = [v for v in _as_set(values)]
        shapes = [
            s for s in (self.member(shape, v, "sh:qualifiedValueShape") for v in value_shapes) if s
        ]
        siblings: dict[int, list[_Shape]] = {}
        if disjoint:
            g = self.graph
            for index, value_shape in enumerate(shapes):
                found: set[Node] = set()
                for parent in g.subjects(SH.property, shape.node):
                    for sibling_owner in g.objects(parent, SH.property):
                        for sibling in g.objects(sibling_owner, SH.qualifiedValueShape):
                            if sibling != value_shape.node:
                                found.add(sibling)
                siblings[index] = [s for s in (self.shapes.get(n) for n in found) if s is not None]
        return _Qualified(shapes, siblings, bounds[0], bounds[1])

    def build_closed(
        self, shape: _Shape, values: list[Node], every: dict[Node, list[Node]]
    ) -> _Component | None:
        flag = self.one(shape, "closed", values)
        if not isinstance(flag, Literal):
            self.problem("a sh:closed that is not a boolean", shape.node)
            return None
        if not flag.value:
            return None
        allowed: set[Node] = set()
        for listed in every.get(SH.ignoredProperties, []):
            allowed |= set(_items(self.graph, listed))
        for node in every.get(SH.property, []):
            property_shape = self.shapes.get(node)
            if property_shape is None or property_shape.path is None:
                self.problem("sh:closed with a sh:property that is no property shape", shape.node)
                continue
            allowed.add(property_shape.path.node)
        return _Closed(allowed)

    def build_hasValue(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:  # noqa: N802
        terms = [_term(v, "sh:hasValue", self.problems) for v in _as_set(values)]
        return _HasValue(values, terms)

    def build_in(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        listed = self.one(shape, "in", values)
        if listed is None:
            return None
        members = _items(self.graph, listed)
        terms = [_term(m, "sh:in", self.problems) for m in members]
        condition = " || ".join(f"sameTerm(?value, {t})" for t in terms) or "false"

        def message(run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
            listed_text = [run.strings.shapes(m) for m in _as_set(members)]
            assert value is not None
            return f"Value {run.strings.data(value)} not in list {listed_text}"

        return _PairFilter(_COMPONENT["In"], f"!({condition})", message)

    def build_sparql(self, shape: _Shape, values: list[Node], _all: Any) -> _Component | None:
        g = self.graph
        checks: list[_Component] = []
        for constraint in set(values):
            selects = list(g.objects(constraint, SH.select))
            if len(selects) != 1 or not isinstance(selects[0], Literal):
                self.problem("a sh:sparql constraint without exactly one sh:select", shape.node)
                continue
            deactivated = [
                d for d in g.objects(constraint, SH.deactivated) if isinstance(d, Literal)
            ]
            if deactivated and bool(deactivated[0].value):
                continue
            messages = tuple(
                m for m in set(g.objects(constraint, SH.message)) if isinstance(m, Literal)
            )
            select = _compile_select(
                g, shape.node, shape.path, constraint, str(selects[0]), self.problems
            )
            if select is not None:
                checks.append(_Sparql(constraint, select, messages))
        return _Multi(checks)

    # Recursion -----------------------------------------------------------------------

    def recursion(self) -> None:
        """pySHACL cuts recursive shapes short with a warning; the compiler refuses them."""

        def refers(shape: _Shape) -> Iterator[_Shape]:
            for component in shape.components:
                yield from _referenced(component)

        state: dict[int, int] = {}

        def visit(shape: _Shape) -> bool:
            mark = state.get(id(shape), 0)
            if mark == 1:
                return True
            if mark == 2:
                return False
            state[id(shape)] = 1
            cyclic = any(visit(other) for other in refers(shape))
            state[id(shape)] = 2
            return cyclic

        for shape in self.shapes.values():
            if visit(shape):
                self.problem("recursive shapes", shape.node)
                return


def _referenced(component: _Component) -> Iterator[_Shape]:
    if isinstance(component, _Multi):
        for part in component.parts:
            yield from _referenced(part)
    elif isinstance(component, _Logical):
        for group in component.groups:
            yield from group
    elif isinstance(component, (_NodeComponent, _PropertyComponent)):
        yield from component.shapes
    elif isinstance(component, _Qualified):
        yield from component.shapes
        for siblings in component.siblings.values():
            yield from siblings


class _Multi(_Component):
    """Several checks of one parameter (several patterns, bounds or SPARQL constraints)."""

    def __init__(self, parts: list[_Component]) -> None:
        self.parts = parts

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        for check in self.parts:
            found = check.run(run, shape, source)
            part.results.extend(found.results)
            part.failing |= found.failing
        return part


class _ClassComponent(_Component):
    """``sh:class``: each value node is an instance of the class, following rdfs:subClassOf."""

    uri = _COMPONENT["Class"]

    def __init__(self, classes: list[Node], terms: list[str]) -> None:
        self.classes = classes
        self.terms = terms

    def run(self, run: _Run, shape: _Shape, source: _Source) -> _Part:
        part = _Part()
        pairs = run.pairs(shape, source)
        for term in self.terms:
            query = (
                f"SELECT ?this ?value WHERE {{ {pairs} FILTER (isLiteral(?value) || "
                f"NOT EXISTS {{ ?value {_RDF_TYPE}/{_SUBCLASS_OF}* {term} }}) }}"
            )
            for focus, value in run.rows(query):
                assert focus is not None
                part.add(focus, self.result(run, shape, focus, value))
        return part

    def default_message(self, run: _Run, shape: _Shape, focus: Node, value: Node | None) -> str:
        if len(self.classes) < 2:
            return f"Value does not have class {run.strings.shapes(self.classes[0])}"
        listed = ", ".join(run.strings.shapes(c) for c in self.classes)
        return f"Value class is not in classes ({listed})"


# Reading terms back: pySHACL's text for nodes, and copies of blank nodes ------------------


class _Access:
    """Triples around a node, from the shapes graph or from the data store."""

    def predicates(self, node: Node) -> list[Node]:
        raise NotImplementedError

    def objects(self, node: Node, predicate: Node) -> list[Node]:
        raise NotImplementedError

    def items(self, node: Node) -> list[Node]:
        found: list[Node] = []
        seen: set[Node] = set()
        while node != RDF.nil and node not in seen:
            seen.add(node)
            first = self.objects(node, RDF.first)
            if not first:
                break
            found.append(first[0])
            rest = self.objects(node, RDF.rest)
            if not rest:
                break
            node = rest[0]
        return found


class _GraphAccess(_Access):
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def predicates(self, node: Node) -> list[Node]:
        return list(self.graph.predicates(cast(Any, node)))

    def objects(self, node: Node, predicate: Node) -> list[Node]:
        return list(self.graph.objects(cast(Any, node), cast(Any, predicate)))

    def items(self, node: Node) -> list[Node]:
        return _items(self.graph, node)


class _StoreAccess(_Access):
    def __init__(self, run: _Run) -> None:
        self.run = run

    def _quads(self, node: Node, predicate: Node | None) -> list[Any]:
        from .engine import to_oxigraph

        ox = self.run.ox
        if isinstance(node, Literal):
            return []
        subject = to_oxigraph(node)
        return list(
            self.run.store.quads_for_pattern(
                subject,
                None if predicate is None else to_oxigraph(predicate),
                None,
                ox.DefaultGraph(),
            )
        )

    def predicates(self, node: Node) -> list[Node]:
        return [cast(Node, self.run.term(q.predicate)) for q in self._quads(node, None)]

    def objects(self, node: Node, predicate: Node) -> list[Node]:
        return [cast(Node, self.run.term(q.object)) for q in self._quads(node, predicate)]


def _stringify(access: _Access, node: Node, names: NamespaceManager, depth: int = 0) -> str:
    """A node as pySHACL writes it into its default messages."""
    if isinstance(node, Literal):
        value = None if node.value is None else str(node.value)
        lexical = str(node)
        if value is not None and value.find(" object at 0x") > 0:
            value = value[: value.find(" object at 0x")]
        text = (
            f'"{lexical}" = {value}' if value is not None and value != lexical else f'"{lexical}"'
        )
        if node.language:
            text += f", lang={node.language}"
        if node.datatype:
            text += f", datatype={_stringify(access, node.datatype, names)}"
        return f"Literal({text})"
    if isinstance(node, BNode):
        return _stringify_blank(access, node, names, depth + 1)
    if isinstance(node, URIRef):
        try:
            return node.n3(namespace_manager=names)
        except Exception:  # rdflib refuses some IRIs as prefixed names
            return str(node)
    return str(node)


def _stringify_blank(access: _Access, node: BNode, names: NamespaceManager, depth: int) -> str:
    if depth >= 12:
        return "<http://recursion.too.deep>"
    predicates = access.predicates(node)
    if not predicates:
        return "[ ]"
    if RDF.first in predicates:
        return (
            "( "
            + " ".join(_stringify(access, i, names, depth + 1) for i in access.items(node))
            + " )"
        )
    by_predicate: dict[str, str] = {}
    for predicate in predicates:
        objects = access.objects(node, predicate)
        if not objects:
            continue
        texts = sorted(_stringify(access, o, names, depth + 1) for o in objects)
        by_predicate[cast(URIRef, predicate).n3(namespace_manager=names)] = ", ".join(texts)
    if len(by_predicate) > 1:
        body = " ; ".join(f"{p} {o}" for p, o in sorted(by_predicate.items()))
    else:
        body = " ".join(next(iter(by_predicate.items())))
    return f"[ {body} ]"


class _Strings:
    """Nodes of the shapes graph and of the data as pySHACL's messages write them."""

    def __init__(self, shapes: Graph, data_prefixes: Mapping[str, str], data: _Access) -> None:
        self._shapes = _GraphAccess(shapes)
        self._shape_names = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
        for prefix, namespace in shapes.namespaces():
            self._shape_names.bind(prefix, namespace, override=True, replace=True)
        self._shape_names.bind("sh", SH, override=False, replace=False)
        # pySHACL validates a copy of the data graph: rdflib's core prefixes, then the graph's.
        self._data_names = Graph(bind_namespaces="core").namespace_manager
        for prefix, namespace_text in data_prefixes.items():
            self._data_names.bind(prefix, URIRef(namespace_text), override=True, replace=True)
        self._data_names.bind("sh", SH, override=False, replace=False)
        self._data = data

    def shapes(self, node: Node) -> str:
        return _stringify(self._shapes, node, self._shape_names)

    def data(self, node: Node) -> str:
        return _stringify(self._data, node, self._data_names)

    def list_items(self, node: Node) -> list[Node]:
        return self._shapes.items(node)


def _copy_blank(access: _Access, node: Node, target: Graph, keep: bool, depth: int) -> Node:
    """Copy a blank node's description into the report, as pySHACL's clone does (10 levels)."""
    copy: Node = (
        (BNode(str(node)) if keep else BNode()) if isinstance(node, BNode) else URIRef(str(node))
    )
    if depth >= 10:
        return copy
    predicates = set(access.predicates(node))
    if not predicates:
        return copy
    if RDF.first in predicates:
        collection = Collection(target, cast(Any, copy))
        for item in access.items(node):
            collection.append(_copy_node(access, item, target, depth + 1))
        return copy
    for predicate in predicates:
        for obj in access.objects(node, predicate):
            target.add((copy, predicate, _copy_node(access, obj, target, depth + 1)))
    return copy


def _copy_node(access: _Access, node: Node, target: Graph, depth: int) -> Node:
    if isinstance(node, Literal):
        return Literal(str(node), node.language, node.datatype)
    if isinstance(node, BNode):
        return _copy_blank(access, node, target, keep=False, depth=depth + 1)
    return URIRef(str(node))


# Running -----------------------------------------------------------------------------


class _Run:
    """One validation: the store, the converted terms, and what was already checked."""

    def __init__(
        self, store: Any, prefixes: Mapping[str, str], shapes: Graph, allowed: set[Node]
    ) -> None:
        from .engine import _pyoxigraph

        self.ox = _pyoxigraph()
        self.store = store
        self.prefixes = dict(prefixes)
        self.allowed = allowed
        self.strings = _Strings(shapes, prefixes, _StoreAccess(self))
        self.queries = 0
        self._counter = 0
        self._terms: dict[Any, Node | None] = {}
        self._outcomes: dict[tuple[_Shape, _Source], _Outcome] = {}
        self._pairs: dict[tuple[_Shape, _Source], list[tuple[Node, Node]]] = {}
        self._values: dict[tuple[_Source, _Path], _Source] = {}

    def fresh(self) -> str:
        self._counter += 1
        return f"ctgv{self._counter}"

    def term(self, term: Any) -> Node | None:
        from .engine import from_oxigraph

        found = self._terms.get(term)
        if found is None and term is not None:
            found = self._terms[term] = from_oxigraph(term)
        return found

    def rows(
        self, query: str, names: Sequence[str] | None = None, *, sparql: bool = False
    ) -> list[tuple[Node | None, ...]]:
        """Run a SELECT on the store and return its rows as rdflib terms (None where unbound)."""
        from .errors import QueryError

        self.queries += 1
        try:
            answer = self.store.query(query, prefixes=self.prefixes if sparql else None)
            variables = [v.value for v in answer.variables]
            if names is None:
                indices = list(range(len(variables)))
            else:
                indices = [variables.index(name) for name in names]
            term = self.term
            return [tuple(term(solution[i]) for i in indices) for solution in answer]
        except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"SPARQL validation query failed: {exc}\n{query}") from None

    def pairs(self, shape: _Shape, source: _Source) -> str:
        """A pattern binding ?this to the focus nodes of ``source``, ?value to their values."""
        src = source.pattern(_THIS_VAR, self)
        if shape.path is None:
            return f"{{ SELECT DISTINCT ?this ?value WHERE {{ {src} BIND (?this AS ?value) }} }}"
        return (
            f"{{ SELECT DISTINCT ?this ?value WHERE {{ {src} ?this {shape.path.sparql} ?value }} }}"
        )

    def pair_rows(self, shape: _Shape, source: _Source) -> list[tuple[Node, Node]]:
        key = (shape, source)
        if key not in self._pairs:
            rows = self.rows(f"SELECT ?this ?value WHERE {{ {self.pairs(shape, source)} }}")
            self._pairs[key] = [(cast(Node, f), cast(Node, v)) for f, v in rows]
        return self._pairs[key]

    def focus_nodes(self, source: _Source) -> list[Node]:
        return [
            cast(Node, f)
            for (f,) in self.rows(f"SELECT ?this WHERE {{ {source.pattern(_THIS_VAR, self)} }}")
        ]

    def value_source(self, shape: _Shape, source: _Source) -> _Source:
        if shape.path is None:
            return source
        key = (source, shape.path)
        if key not in self._values:
            self._values[key] = _ValuesOf(source, shape.path)
        return self._values[key]

    def evaluate(self, shape: _Shape, source: _Source) -> _Outcome:
        """Check ``shape`` on every focus node of ``source`` (once per shape and source)."""
        key = (shape, source)
        if key in self._outcomes:
            return self._outcomes[key]
        outcome = _Outcome()
        if not shape.deactivated:
            failing: set[Node] = set()
            for component in shape.components:
                part = component.run(self, shape, source)
                for focus, result in part.results:
                    outcome.results.setdefault(focus, []).append(result)
                failing |= part.failing
            if shape.severity not in self.allowed:
                outcome.failing = failing
        self._outcomes[key] = outcome
        return outcome


def _open(data: Any) -> tuple[Any, dict[str, str]]:
    """The pyoxigraph store to query, and the prefixes of the data."""
    if isinstance(data, Graph):
        from .engine import _pyoxigraph, to_oxigraph

        ox = _pyoxigraph()
        store = ox.Store()
        batch = []
        for s, p, o in data:
            if isinstance(s, (URIRef, BNode)) and isinstance(p, URIRef):
                batch.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)))
            if len(batch) >= 100_000:
                store.bulk_extend(batch)
                batch = []
        store.bulk_extend(batch)
        return store, {str(p): str(n) for p, n in data.namespaces()}
    if hasattr(data, "store") and hasattr(data, "prefixes"):
        return data.store, dict(data.prefixes)
    return data, {}


class CompiledShapes:
    """Shapes compiled for :meth:`validate`; see :func:`compile_shapes`."""

    def __init__(self, graph: Graph, shapes: list[_Shape]) -> None:
        self.graph = graph
        self._shapes = shapes

    @property
    def shape_count(self) -> int:
        """How many shapes (node and property shapes, named or blank) were compiled."""
        return len(self._shapes)

    def validate(
        self,
        data: OxigraphEngine | pyoxigraph.Store | Graph,
        *,
        prefixes: Mapping[str, str] | None = None,
        allow_warnings: bool = True,
        allow_infos: bool = True,
    ) -> Graph:
        """Validate ``data`` and return pySHACL's report graph.

        Args:
            data: An Oxigraph engine, a pyoxigraph store (its default graph is
                validated), or an rdflib graph (copied into a store first).
            prefixes: The data's prefix table, for pySHACL's default messages
                (which write nodes with the data graph's prefixes) and as
                default prefixes of SPARQL constraints; by default the
                engine's or the graph's, none for a bare store.
            allow_warnings: As pySHACL's option: warnings do not fail.
            allow_infos: As pySHACL's option: infos do not fail.

        Raises:
            QueryError: a query fails on the store.
            UnsupportedShapeError: a comparison pySHACL cannot make either
                (sh:lessThan on a blank node) turned up in the data.
        """
        store, found = _open(data)
        allowed: set[Node] = set()
        if allow_infos or allow_warnings:
            allowed.add(SH.Info)
        if allow_warnings:
            allowed.add(SH.Warning)
        run = _Run(store, found if prefixes is None else prefixes, self.graph, allowed)
        results: list[_Result] = []
        conforms = True
        for shape in self._shapes:
            if shape.source is None or shape.deactivated:
                continue
            outcome = run.evaluate(shape, shape.source)
            for found_results in outcome.results.values():
                results.extend(found_results)
            conforms = conforms and not outcome.failing
        self.queries = run.queries
        return _report(self.graph, results, conforms, run)

    queries: int = 0
    """How many SPARQL queries the last :meth:`validate` ran."""


def _report(shapes: Graph, results: list[_Result], conforms: bool, run: _Run) -> Graph:
    """The report graph, with the triples pySHACL writes for each result."""
    report = Graph(bind_namespaces="core")
    for prefix, namespace in shapes.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(conforms)))
    sources = {"shapes": _GraphAccess(shapes), "data": _StoreAccess(run)}
    copies: dict[tuple[str, str], Node] = {}

    def placed(where: str, term: Node) -> Node:
        if isinstance(term, Literal):
            return term
        key = (where, str(term))
        if key not in copies:
            if isinstance(term, BNode):
                copies[key] = _copy_blank(sources[where], term, report, keep=True, depth=0)
            else:
                copies[key] = URIRef(str(term))
        return copies[key]

    def add(result: _Result) -> BNode:
        entry = BNode()
        report.add((entry, RDF.type, SH.ValidationResult))
        report.add((entry, SH.sourceConstraintComponent, placed("shapes", result.component)))
        report.add((entry, SH.sourceShape, placed("shapes", result.shape.node)))
        report.add((entry, SH.resultSeverity, result.shape.severity))
        report.add((entry, SH.focusNode, placed("data", result.focus)))
        if result.value is not None:
            report.add((entry, SH.value, placed("data", result.value)))
        if result.path is not None:
            report.add((entry, SH.resultPath, placed("shapes", result.path)))
        if result.source_constraint is not None:
            report.add((entry, SH.sourceConstraint, placed("shapes", result.source_constraint)))
        for message in result.texts():
            report.add((entry, SH.resultMessage, message))
        for detail in result.details:
            report.add((entry, SH.detail, add(detail)))
        return entry

    for result in results:
        report.add((node, SH.result, add(result)))
    return report


# Public entry points -----------------------------------------------------------------


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Read the SHACL shapes and compile each constraint to SPARQL.

    Raises:
        UnsupportedShapeError: the shapes use features the compiler cannot
            check exactly as pySHACL does (SHACL-AF rules, targets and
            functions, custom components, recursive shapes, some paths and
            SPARQL constraints ...); every one found is listed.
    """
    return _Compiler(shapes).compile()


def validate_sparql(
    data: OxigraphEngine | pyoxigraph.Store | Graph,
    shapes: Graph,
    *,
    prefixes: Mapping[str, str] | None = None,
    allow_warnings: bool = True,
    allow_infos: bool = True,
) -> Graph:
    """Validate ``data`` against ``shapes`` with SPARQL on Oxigraph; return pySHACL's report.

    The options are those :func:`ctgraph.validate.validate` gives pySHACL
    (no inference: apply it to the data first; warnings and infos allowed).
    See :meth:`CompiledShapes.validate` for the arguments.

    Raises:
        UnsupportedShapeError: the shapes need pySHACL.
        QueryError: a query fails on the store.
    """
    return compile_shapes(shapes).validate(
        data, prefixes=prefixes, allow_warnings=allow_warnings, allow_infos=allow_infos
    )


#: A validation result as :func:`report_results` gives it: focus node, result path,
#: value, source shape, component, severity, messages, source constraint, and the
#: multiset of its sh:detail results (as (result, count) pairs). Compared
#: structurally, a blank node is a ("blank", description) tuple instead.
ResultTuple = tuple[
    Node | None,
    Node | None,
    Node | None,
    Node | None,
    Node | None,
    Node | None,
    frozenset[Node],
    Node | None,
    frozenset[tuple[Any, int]],
]


def _blank_key(report: Graph, node: Node, depth: int = 0) -> Any:
    """A blank node of a report as what the report says of it, recursively (12 levels)."""
    if not isinstance(node, BNode):
        return node
    if depth > 12:
        return ("blank",)
    described = Counter(
        (p, _blank_key(report, o, depth + 1)) for p, o in report.predicate_objects(node)
    )
    return ("blank", frozenset(described.items()))


def _result_tuple(report: Graph, node: Node, structural: bool) -> ResultTuple:
    details = Counter(
        _result_tuple(report, d, structural) for d in report.objects(cast(Any, node), SH.detail)
    )

    def value(predicate: URIRef) -> Any:
        found = report.value(cast(Any, node), predicate)
        return _blank_key(report, found) if structural and found is not None else found

    return (
        value(SH.focusNode),
        value(SH.resultPath),
        value(SH.value),
        value(SH.sourceShape),
        value(SH.sourceConstraintComponent),
        value(SH.resultSeverity),
        frozenset(report.objects(cast(Any, node), SH.resultMessage)),
        value(SH.sourceConstraint),
        frozenset(details.items()),
    )


def report_results(report: Graph, *, structural: bool = False) -> Counter[ResultTuple]:
    """The results of a report as a multiset of comparable tuples (see :data:`ResultTuple`).

    Blank nodes compare by their labels: pySHACL and :func:`validate_sparql`
    both keep the labels of the shapes graph and of the data in the report.
    With ``structural``, a blank node stands instead for what the report says
    of it (both copy the description of each blank focus node, value, shape
    and path into the report), so that reports of two parses compare.
    """
    found: Counter[ResultTuple] = Counter()
    for node in report.subjects(RDF.type, SH.ValidationReport):
        for result in report.objects(node, SH.result):
            found[_result_tuple(report, result, structural)] += 1
    return found


def reports_equal(first: Graph, second: Graph, *, structural: bool = False) -> bool:
    """True if two reports agree on sh:conforms and on their results, as multisets.

    ``structural`` compares blank nodes by their descriptions (see :func:`report_results`).
    """

    def conforms(report: Graph) -> set[Node]:
        return set(report.objects(None, SH.conforms))

    if conforms(first) != conforms(second):
        return False
    return report_results(first, structural=structural) == report_results(
        second, structural=structural
    )
