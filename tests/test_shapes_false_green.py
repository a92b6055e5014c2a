"""Shapes that would give a false "conforms" are refused, by both validators.

pySHACL says "conforms" when no shape reaches a node of the data (a target
class misspelt) and when a constraint is misspelt (``sh:minCont`` is no
constraint, so nothing is checked), and it stopped with a raw ``re.error``
on a ``sh:pattern`` that is not a regular expression. Each case is an
:class:`InputError` with one exact message, from ``validator="pyshacl"``
and ``validator="sparql"`` alike, and on the command line.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, SH

from ctgraph import InputError, LoadedGraph, load_shapes, validate
from ctgraph.cli import main
from ctgraph.engine import Engine, open_engine
from ctgraph.load import load_files
from ctgraph.validate import SHACL_TERMS, Validator, check_shapes
from test_serve import Listener

PREFIXES = """\
@prefix ex: <http://example.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""

DATA = (
    PREFIXES
    + """\
ex:Capital rdfs:subClassOf ex:City .
ex:rabat a ex:Capital ; ex:code "RBA" .
ex:tangier a ex:City ; ex:code "TNG" .
"""
)

VALIDATORS: tuple[Validator, ...] = ("pyshacl", "sparql")
NO_NODE = "the shapes reached no node of the data: check their targets"
BAD_GROUP = (
    "shape ex:CityShape (property ex:code): sh:pattern '(' is not a valid regular "
    "expression: missing ), unterminated subpattern at position 0"
)


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "cities.ttl"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.close()


@pytest.fixture(scope="module")
def engine(data_file: Path) -> Engine:
    return open_engine(ontology=[], data=[data_file], engine="oxigraph")


def shapes_file(folder: Path, body: str, name: str = "shapes.ttl") -> Path:
    path = folder / name
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


def refusal(engine: Engine, shapes: Graph | LoadedGraph, validator: Validator) -> str:
    with pytest.raises(InputError) as caught:
        validate(engine, shapes, validator=validator)
    return str(caught.value)


# Misspelt terms of the SHACL namespace ------------------------------------------------

MISSPELT = """\
# sh:minCont in a comment is not where the error is
ex:CityShape a sh:NodeShape ;
    sh:targetClass ex:City ;
    sh:property [
        sh:path ex:code ;
        sh:minCont 1 ;
    ] .
"""


@pytest.mark.parametrize("validator", VALIDATORS)
def test_a_misspelt_constraint_names_file_line_and_the_term_meant(
    engine: Engine, tmp_path: Path, validator: Validator
) -> None:
    path = shapes_file(tmp_path, MISSPELT)
    message = refusal(engine, load_files([path]), validator)
    assert message == (
        f"{path}:9:9: sh:minCont is not a term of the SHACL vocabulary; did you mean sh:minCount?"
    )


@pytest.mark.parametrize("validator", VALIDATORS)
def test_a_misspelt_term_in_a_plain_graph_has_no_place(
    engine: Engine, tmp_path: Path, validator: Validator
) -> None:
    graph = load_shapes([shapes_file(tmp_path, MISSPELT)])
    assert refusal(engine, graph, validator) == (
        "sh:minCont is not a term of the SHACL vocabulary; did you mean sh:minCount?"
    )


def test_a_misspelt_value_and_a_term_like_none(engine: Engine, tmp_path: Path) -> None:
    path = shapes_file(
        tmp_path,
        """\
ex:CityShape a sh:NodeShape ;
    sh:targetClass ex:City ;
    sh:nodeKind sh:IRi ;
    sh:frobnicate true .
""",
    )
    assert refusal(engine, load_files([path]), "pyshacl") == (
        f"{path}:6:17: sh:IRi is not a term of the SHACL vocabulary; did you mean sh:IRI? "
        "(and 1 more: sh:frobnicate)"
    )


def test_a_full_iri_and_another_prefix_are_found_too(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(
        "@prefix ex: <http://example.org/id/> .\n"
        "@prefix shacl: <http://www.w3.org/ns/shacl#> .\n"
        "ex:CityShape a shacl:NodeShape ; shacl:targetClass ex:City ;\n"
        "    shacl:property [ shacl:path ex:code ;\n"
        "        <http://www.w3.org/ns/shacl#maxcount> 1 ] .\n",
        encoding="utf-8",
    )
    assert refusal(engine, load_files([path]), "sparql") == (
        f"{path}:5:9: sh:maxcount is not a term of the SHACL vocabulary; did you mean sh:maxCount?"
    )


def test_the_error_names_the_file_that_spells_the_term(engine: Engine, tmp_path: Path) -> None:
    good = shapes_file(tmp_path, "ex:S a sh:NodeShape ; sh:targetClass ex:City .\n", "a.ttl")
    bad = shapes_file(tmp_path, MISSPELT.replace("ex:CityShape", "ex:T"), "b.ttl")
    message = refusal(engine, load_files([good, bad]), "pyshacl")
    assert message.startswith(f"{bad}:9:9: sh:minCont is not a term")


def test_the_command_line_message(
    data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shapes = shapes_file(tmp_path, MISSPELT)
    argv = ["validate", "--ontology", str(data_file), "--no-default-data", "--shapes", str(shapes)]
    assert main([*argv, "--validator", "pyshacl"]) == 2
    assert capsys.readouterr().err == (
        f"ctgraph: error: {shapes}:9:9: sh:minCont is not a term of the SHACL vocabulary; "
        "did you mean sh:minCount?\n"
    )


def test_every_rdflib_shacl_term_is_known_and_the_project_shapes_pass() -> None:
    assert {str(term) for term in dir(SH)} <= {str(SH) + name for name in SHACL_TERMS}
    assert {"and", "or", "not", "in", "class", "minCount"} <= SHACL_TERMS
    check_shapes(load_files([Path(__file__).parent.parent / "ontology" / "shapes"]))


# Targets that reach nothing -------------------------------------------------------------


@pytest.mark.parametrize("validator", VALIDATORS)
@pytest.mark.parametrize(
    "body",
    [
        "ex:S a sh:NodeShape ; sh:targetClass ex:Cty ; sh:property [ sh:path ex:code ; "
        "sh:maxCount 1 ] .",
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:cod ; sh:property [ sh:path ex:code ; "
        "sh:maxCount 1 ] .",
        "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:cod ; sh:nodeKind sh:Literal .",
        "ex:S a sh:PropertyShape ; sh:path ex:code ; sh:maxCount 1 .",
        "ex:S a sh:NodeShape ; sh:targetClass ex:City ; sh:deactivated true ; "
        "sh:property [ sh:path ex:code ; sh:maxCount 1 ] .",
    ],
    ids=["class", "subjects-of", "objects-of", "no-target", "deactivated"],
)
def test_shapes_that_reach_no_node_are_refused(
    engine: Engine, tmp_path: Path, validator: Validator, body: str
) -> None:
    shapes = load_files([shapes_file(tmp_path, body + "\n")])
    assert refusal(engine, shapes, validator) == NO_NODE


@pytest.mark.parametrize("validator", VALIDATORS)
@pytest.mark.parametrize(
    ("body", "violations"),
    [
        # ex:rabat is a capital, and capitals are cities: one focus node is enough.
        ("ex:S a sh:NodeShape ; sh:targetClass ex:Nothing, ex:City ; "
         "sh:property [ sh:path ex:code ; sh:maxLength 2 ] .", 2),
        # A target node is a focus node whether or not the data mentions it.
        ("ex:S a sh:NodeShape ; sh:targetNode ex:atlantis ; "
         "sh:property [ sh:path ex:code ; sh:minCount 1 ] .", 1),
        # A shape that is a class targets its instances.
        ("ex:City a sh:NodeShape, rdfs:Class ; sh:property [ sh:path ex:code ; "
         "sh:pattern \"^[A-Z]{2}$\" ] .", 2),
    ],
    ids=["subclass", "target-node", "implicit-class"],
)  # fmt: skip
def test_shapes_that_reach_a_node_validate(
    engine: Engine, tmp_path: Path, validator: Validator, body: str, violations: int
) -> None:
    shapes = load_files([shapes_file(tmp_path, body + "\n")])
    result = validate(engine, shapes, validator=validator)
    assert (result.conforms, result.count("Violation")) == (False, violations)


def test_the_command_line_refuses_shapes_that_reach_nothing(
    data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shapes = shapes_file(tmp_path, "ex:S a sh:NodeShape ; sh:targetClass ex:Cty .\n")
    argv = ["validate", "--ontology", str(data_file), "--no-default-data", "--shapes", str(shapes)]
    assert main(argv) == 2
    assert capsys.readouterr().err == f"ctgraph: error: {NO_NODE}\n"


# Regular expressions Python cannot compile ------------------------------------------------


BAD_GROUP_SHAPES = (
    "ex:CityShape a sh:NodeShape ; sh:targetClass ex:City ;\n"
    '    sh:property [ sh:path ex:code ; sh:pattern "(" ] .\n'
)
# \p{Lu} is an XML Schema (and SPARQL) class that Python's re, used by
# pySHACL and by the SPARQL validator, does not know.
OTHER_DIALECT_SHAPES = (
    "ex:CodeShape a sh:NodeShape ; sh:targetSubjectsOf ex:code ;\n"
    '    sh:name "code shape" ; sh:pattern "^\\\\p{Lu}+$" ; sh:flags "i" .\n'
)
OTHER_DIALECT = (
    "shape ex:CodeShape: sh:pattern '^\\\\p{Lu}+$' is not a valid regular expression: "
    "bad escape \\p at position 1"
)


@pytest.mark.parametrize("validator", VALIDATORS)
@pytest.mark.parametrize(
    ("body", "message"),
    [(BAD_GROUP_SHAPES, BAD_GROUP), (OTHER_DIALECT_SHAPES, OTHER_DIALECT)],
    ids=["unclosed-group", "xsd-class"],
)
def test_a_bad_pattern_names_its_shape(
    engine: Engine, tmp_path: Path, validator: Validator, body: str, message: str
) -> None:
    shapes = load_files([shapes_file(tmp_path, body)])
    assert refusal(engine, shapes, validator) == message


def test_a_bad_pattern_on_the_command_line(
    data_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shapes = shapes_file(tmp_path, BAD_GROUP_SHAPES)
    argv = ["validate", "--ontology", str(data_file), "--no-default-data", "--shapes", str(shapes)]
    for validator in ("auto", "pyshacl", "sparql"):
        assert main([*argv, "--validator", validator]) == 2
        assert capsys.readouterr().err == f"ctgraph: error: {BAD_GROUP}\n"


def test_a_shape_pyshacl_cannot_load_is_an_input_error(engine: Engine, tmp_path: Path) -> None:
    shapes = load_files(
        [
            shapes_file(
                tmp_path,
                "ex:CityShape a sh:NodeShape ; sh:targetClass ex:City ;\n"
                '    sh:property [ sh:path ex:code ; sh:minCount "many" ] .\n',
            )
        ]
    )
    assert refusal(engine, shapes, "pyshacl") == (
        "pySHACL cannot validate with these shapes: MinCountConstraintComponent sh:minCount "
        "must be a literal with datatype xsd:integer."
    )


# owl:imports are not followed ---------------------------------------------------------------


@pytest.mark.parametrize("validator", VALIDATORS)
@pytest.mark.parametrize("engine_name", ["rdflib", "oxigraph"])
def test_owl_imports_in_data_and_shapes_are_not_followed(
    tmp_path: Path, listener: Listener, engine_name: str, validator: Validator
) -> None:
    address = f"http://127.0.0.1:{listener.port}"
    data = tmp_path / "data.ttl"
    data.write_text(DATA + f"<> <{OWL.imports}> <{address}/ontology.ttl> .\n", encoding="utf-8")
    shapes = shapes_file(
        tmp_path,
        f"<> <{OWL.imports}> <{address}/shapes.ttl> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:City ; "
        "sh:property [ sh:path ex:code ; sh:maxCount 1 ] .\n",
    )
    engine = open_engine(ontology=[], data=[data], engine=engine_name)  # type: ignore[arg-type]
    assert validate(engine, load_files([shapes]), validator=validator).conforms is True
    time.sleep(0.1)  # a connection in flight is accepted by then
    assert listener.connections == 0
