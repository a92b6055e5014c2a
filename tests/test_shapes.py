"""Tests of the SHACL shapes in ontology/shapes/, against the fixtures in tests/shapes/.

Each fixture in tests/shapes/valid/ must conform with no result of any severity;
each fixture in tests/shapes/invalid/ must break exactly the one constraint its
header comment names. A fixture is validated together with the ontology, the
restated imports and the vocabularies, but not with the seed data, so that
fixtures do not depend on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from ctgraph.namespaces import CT, CTG, CTGSH
from ctgraph.validate import validate as ctgraph_validate

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "ctgraph.ttl"
IMPORTS = ROOT / "ontology" / "imports.ttl"
SHAPE_FILES = sorted((ROOT / "ontology" / "shapes").glob("*.ttl"))
DATA_FILES = sorted((ROOT / "data").glob("*.ttl"))
VOCABULARIES = ROOT / "data" / "vocabularies.ttl"
FIXTURES = Path(__file__).resolve().parent / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))

HEADER_PREFIXES = {"ctgsh": CTGSH, "sh": SH}

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# The parameters of the SHACL core constraint components: a shape that has one
# of them states a constraint of its own, and must say what is wrong in a message.
CONSTRAINT_PARAMETERS = (
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minCount,
    SH.maxCount,
    SH.minExclusive,
    SH.minInclusive,
    SH.maxExclusive,
    SH.maxInclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.languageIn,
    SH.uniqueLang,
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH["not"],
    SH["and"],
    SH["or"],
    SH.xone,
    SH.node,
    SH.qualifiedValueShape,
    SH.closed,
    SH.hasValue,
    SH["in"],
)


@dataclass(frozen=True)
class Header:
    """What the opening comment lines of a fixture say about it.

    ``# shape:`` names the node shape under test (both kinds); an invalid
    fixture adds ``# component:`` (the one constraint component every result
    must come from), optionally ``# severity:`` (default sh:Violation) and
    ``# breaks:``; a valid one adds ``# shows:``. ``# without: ontology``
    leaves ontology/ctgraph.ttl out of the data graph, and ``# xfail:`` marks a
    valid fixture that a known shape problem rejects.
    """

    shape: URIRef
    component: URIRef | None
    severity: URIRef
    text: str
    without_ontology: bool
    xfail: str | None


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult of a report."""

    focus: Node
    source_shape: Node
    source_constraint: Node | None
    component: Node
    severity: Node
    messages: tuple[str, ...]
    shape_name: str

    def __str__(self) -> str:
        return (
            f"{_short(self.component)} from {self.shape_name!r} "
            f"on {_short(self.focus)}: {' / '.join(self.messages)}"
        )


def _short(node: Node) -> str:
    text = str(node)
    for prefix, namespace in HEADER_PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return text


def _expand(curie: str, where: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix not in HEADER_PREFIXES or not local:
        raise ValueError(f"{where}: expected ctgsh:... or sh:..., got {curie!r}")
    return HEADER_PREFIXES[prefix][local]


@cache
def read_header(path: Path) -> Header:
    """Read the ``# key: value`` lines that open a fixture."""
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, separator, value = line[2:].partition(": ")
        if not separator or key in fields:
            raise ValueError(f"{path.name}: bad or repeated header line {line!r}")
        fields[key] = value.strip()
    kind = path.parent.name
    expected = {"shape", "component", "breaks"} if kind == "invalid" else {"shape", "shows"}
    allowed = expected | {"without", "xfail", "severity"}
    if not expected <= fields.keys() <= allowed:
        raise ValueError(
            f"{path.name}: header needs {sorted(expected)}, may add {sorted(allowed - expected)}"
        )
    if fields.get("without", "ontology") != "ontology":
        raise ValueError(f"{path.name}: only '# without: ontology' is understood")
    return Header(
        shape=_expand(fields["shape"], path.name),
        component=_expand(fields["component"], path.name) if "component" in fields else None,
        severity=_expand(fields.get("severity", "sh:Violation"), path.name),
        text=fields.get("breaks") or fields["shows"],
        without_ontology="without" in fields,
        xfail=fields.get("xfail"),
    )


@cache
def _parse(path: Path) -> Graph:
    """Parse a file once per session; callers copy the graph, never change it."""
    return Graph().parse(path, format="turtle")


def _union(*graphs: Graph) -> Graph:
    union = Graph()
    for graph in graphs:
        union += graph
    return union


@pytest.fixture(scope="session")
def shapes() -> Graph:
    """Both shapes files, the data shapes and the style shapes."""
    return _union(*(_parse(path) for path in SHAPE_FILES))


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return _parse(ONTOLOGY)


@pytest.fixture(scope="session")
def support() -> Graph:
    """What every fixture is validated with besides the ontology: imports and vocabularies."""
    return _union(_parse(IMPORTS), _parse(VOCABULARIES))


def fixture_data(path: Path, support: Graph, ontology: Graph) -> Graph:
    """The data graph of a fixture: a copy of the support graphs, the ontology and the fixture."""
    graphs = [support] if read_header(path).without_ontology else [support, ontology]
    return _union(*graphs).parse(path, format="turtle")


def validate(data: Graph, shapes: Graph) -> list[Result]:
    """Validate with the project's own validate() and return the results of the report graph."""
    report = ctgraph_validate(data, shapes).report_graph
    return [
        Result(
            focus=report.value(node, SH.focusNode),
            source_shape=report.value(node, SH.sourceShape),
            source_constraint=report.value(node, SH.sourceConstraint),
            component=report.value(node, SH.sourceConstraintComponent),
            severity=report.value(node, SH.resultSeverity),
            messages=tuple(str(message) for message in report.objects(node, SH.resultMessage)),
            shape_name=str(shapes.value(report.value(node, SH.sourceShape), SH.name)),
        )
        for report_node in report.subjects(RDF.type, SH.ValidationReport)
        for node in report.objects(report_node, SH.result)
    ]


def is_node_shape(shapes: Graph, shape: Node) -> bool:
    return (shape, RDF.type, SH.NodeShape) in shapes or any(
        (shape, target, None) in shapes for target in TARGETS
    )


def owners(shapes: Graph, shape: Node) -> set[Node]:
    """The node shapes behind a result's source shape: itself, or those that hold it."""
    if is_node_shape(shapes, shape):
        return {shape}
    return set(shapes.subjects(SH.property, shape))


def targets(shapes: Graph, shape: Node, data: Graph, focus: Node) -> bool:
    """Whether the node shape targets the focus node in the data graph."""
    if (shape, SH.targetNode, focus) in shapes:
        return True
    types = {
        superclass
        for direct in data.objects(focus, RDF.type)
        for superclass in data.transitive_objects(direct, RDFS.subClassOf)
    }
    if types & set(shapes.objects(shape, SH.targetClass)):
        return True
    if any((focus, p, None) in data for p in shapes.objects(shape, SH.targetSubjectsOf)):
        return True
    return any((None, p, focus) in data for p in shapes.objects(shape, SH.targetObjectsOf))


def targeted_node_shapes(shapes: Graph) -> set[Node]:
    return {shape for target in TARGETS for shape in shapes.subjects(target, None)}


def _valid_params() -> Iterator[object]:
    """The valid fixtures, those with an ``# xfail:`` line marked as known failures."""
    for path in VALID:
        lines = path.read_text(encoding="utf-8").splitlines()
        reasons = [line.removeprefix("# xfail: ") for line in lines if line.startswith("# xfail: ")]
        marks = [pytest.mark.xfail(reason=reasons[0], strict=True)] if reasons else []
        yield pytest.param(path, id=path.stem, marks=marks)


@pytest.mark.parametrize("path", INVALID, ids=[path.stem for path in INVALID])
def test_invalid_fixture_breaks_its_constraint(
    path: Path, shapes: Graph, support: Graph, ontology: Graph
) -> None:
    header = read_header(path)
    data = fixture_data(path, support, ontology)
    results = validate(data, shapes)
    listing = "\n".join(f"  {result}" for result in results) or "  (none)"
    assert {result.component for result in results} == {header.component}, (
        f"{path.name} should break only {_short(header.component)} ({header.text});"
        f" results:\n{listing}"
    )
    # Two constraints of one component (say two sh:minCount) are still two constraints.
    constraints = {(result.source_shape, result.source_constraint) for result in results}
    assert len(constraints) == 1, (
        f"{path.name} breaks {len(constraints)} constraints; results:\n{listing}"
    )
    for result in results:
        assert header.shape in owners(shapes, result.source_shape), (
            f"{path.name}: result not from {_short(header.shape)}: {result}"
        )
        assert targets(shapes, header.shape, data, result.focus), (
            f"{path.name}: {_short(header.shape)} does not target the focus node of {result}"
        )
        assert result.severity == header.severity, (
            f"{path.name}: severity {_short(result.severity)}: {result}"
        )
        assert any(message.strip() for message in result.messages), (
            f"{path.name}: result without a message: {result}"
        )
        # The message is the one the shape states, not one made up by pySHACL; a SPARQL
        # constraint's message is a template whose variables must all be filled in.
        if result.source_constraint is None:
            stated = {str(message) for message in shapes.objects(result.source_shape, SH.message)}
            assert set(result.messages) <= stated, f"{path.name}: message not the shape's: {result}"
        else:
            assert not any("{" in message for message in result.messages), (
                f"{path.name}: message template not filled in: {result}"
            )


@pytest.mark.parametrize("path", list(_valid_params()))
def test_valid_fixture_conforms(path: Path, shapes: Graph, support: Graph, ontology: Graph) -> None:
    results = validate(fixture_data(path, support, ontology), shapes)
    assert results == [], f"{path.name} should conform; results:\n" + "\n".join(
        f"  {r}" for r in results
    )


def test_fixture_headers_name_their_shape(shapes: Graph) -> None:
    """Each fixture is named <Class>-<case>.ttl after the node shape its header names."""
    problems = []
    for path in VALID + INVALID:
        header = read_header(path)
        if not is_node_shape(shapes, header.shape):
            problems.append(f"{path.name}: {_short(header.shape)} is not a node shape")
        if f"ctgsh:{path.stem.split('-')[0]}Shape" != _short(header.shape):
            problems.append(
                f"{path.name}: file name does not start with the name of {_short(header.shape)}"
            )
    assert problems == []


def test_every_shape_has_a_name_and_every_constraint_a_message(shapes: Graph) -> None:
    """Node shapes, property shapes and SPARQL constraints have an sh:name; whatever states a
    constraint has its own sh:message, since SHACL does not pass a node shape's message on to
    the results of its property shapes.

    Shapes that only serve as the parameter of another constraint (the members of sh:or, the
    shapes of sh:not, sh:node and sh:qualifiedValueShape) report through that constraint and
    are not checked.
    """

    def has(node: Node, predicate: URIRef) -> bool:
        return any(str(value).strip() for value in shapes.objects(node, predicate))

    def states_constraint(shape: Node) -> bool:
        return any((shape, parameter, None) in shapes for parameter in CONSTRAINT_PARAMETERS)

    problems = []
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape)) | targeted_node_shapes(shapes)
    property_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape))
    for node_shape in sorted(node_shapes):
        property_shapes |= set(shapes.objects(node_shape, SH.property))
        if not has(node_shape, SH.name):
            problems.append(f"{_short(node_shape)} has no sh:name")
        if states_constraint(node_shape) and not has(node_shape, SH.message):
            problems.append(f"{_short(node_shape)} states a constraint but has no sh:message")
        for sparql in shapes.objects(node_shape, SH.sparql):
            for predicate in (SH.name, SH.message):
                if not has(sparql, predicate):
                    problems.append(
                        f"a SPARQL constraint of {_short(node_shape)} has no {_short(predicate)}"
                    )
    for property_shape in property_shapes:
        where = f"property shape {_short(shapes.value(property_shape, SH.path))}"
        where += (
            f" of {', '.join(sorted(_short(owner) for owner in owners(shapes, property_shape)))}"
        )
        if not has(property_shape, SH.name):
            problems.append(f"{where} has no sh:name")
        if not has(property_shape, SH.message):
            problems.append(f"{where} has no sh:message")
    assert sorted(problems) == []


def test_every_class_has_a_shape(ontology: Graph, shapes: Graph) -> None:
    classes = {
        cls for cls in ontology.subjects(RDF.type, OWL.Class) if str(cls).startswith(str(CTG))
    }
    assert classes, "no ctg: class found in the ontology"
    assert sorted(classes - set(shapes.objects(None, SH.targetClass))) == []


def test_every_targeted_shape_has_fixtures(shapes: Graph) -> None:
    """Every node shape with a target has a valid and an invalid fixture, and every node shape
    with a SPARQL constraint has an invalid fixture that breaks it."""
    node_shapes = targeted_node_shapes(shapes)
    invalid = {(read_header(path).shape, read_header(path).component) for path in INVALID}
    broken = {shape for shape, _component in invalid}
    shown = {read_header(path).shape for path in VALID}
    with_sparql = set(shapes.subjects(SH.sparql, None))
    sparql_broken = {
        shape for shape, component in invalid if component == SH.SPARQLConstraintComponent
    }
    assert sorted(_short(shape) for shape in node_shapes - broken) == [], (
        "node shapes without an invalid fixture"
    )
    assert sorted(_short(shape) for shape in node_shapes - shown) == [], (
        "node shapes without a valid fixture"
    )
    assert sorted(_short(shape) for shape in with_sparql - sparql_broken) == [], (
        "SPARQL constraints never broken"
    )


def test_seed_data_conforms(shapes: Graph) -> None:
    """The ontology, the imports and every file of data/ conform, with the warnings expected.

    Four reports of the corpus are undated web pages, and one names two GCTF
    meetings without saying whether they were held.
    """
    data = _union(_parse(ONTOLOGY), _parse(IMPORTS), *(_parse(path) for path in DATA_FILES))
    results = validate(data, shapes)
    assert [r for r in results if r.severity != SH.Warning] == []
    assert sorted((r.shape_name, str(r.focus).replace(str(CT), "ct:")) for r in results) == [
        ("date of issue known", "ct:gctf-co-chairs-page"),
        ("date of issue known", "ct:maroc-ma-2021-rabat-office-inauguration"),
        ("date of issue known", "ct:sahara-news-2023-tangier-marrakech-platform"),
        ("date of issue known", "ct:un-global-ct-compact-page"),
        ("status known", "ct:fifteenth-gctf-coordinating-committee-meeting"),
        ("status known", "ct:tenth-ministerial-plenary-meeting"),
    ]
