"""Loading RDF files and folders: order, de-duplication, bases, prefixes, errors, inference."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from ctgraph import InputError, LoadedGraph, load_graph, load_shapes
from ctgraph.load import expand_paths, parse_file
from ctgraph.paths import (
    default_data,
    default_ontology,
    default_queries,
    default_shapes,
    project_root,
    source_iri,
)

from conftest import EXTRA, FIXTURES, GRAPH, ONTOLOGY, SHAPES

EX = "http://example.org/id/"


def test_files_are_loaded_in_the_given_order(loaded: LoadedGraph) -> None:
    assert loaded.files == (ONTOLOGY, GRAPH, EXTRA)
    assert len(loaded.graph) == 58
    assert sum(len(s.graph) for s in loaded.sources) == 58


def test_each_source_keeps_its_own_triples(loaded: LoadedGraph) -> None:
    extra = loaded.sources[2]
    assert extra.iri == URIRef("https://w3id.org/ctgraph/graph/tests/fixtures/extra.ttl")
    assert set(extra.graph) == {
        (URIRef(EX + "poseidonis"), URIRef("http://example.org/geo/population"), Literal(12000))
    }


def test_prefixes_are_the_fixed_table_plus_those_files_declare(loaded: LoadedGraph) -> None:
    bound = {str(p): str(n) for p, n in loaded.graph.namespaces()}
    assert bound["ctg"] == "https://w3id.org/ctgraph/ontology#"
    assert bound["ct"] == "https://w3id.org/ctgraph/id/"
    assert bound["ex"] == EX
    assert bound["geo"] == "http://example.org/geo/"
    assert not [p for p in bound if p.startswith("ns")]


def test_a_file_named_twice_is_read_once() -> None:
    loaded = load_graph(ontology=[], data=[GRAPH, str(GRAPH), FIXTURES / "." / "graph.ttl"])
    assert loaded.files == (GRAPH,)


def test_a_folder_is_read_recursively_in_sorted_order_without_hidden_files() -> None:
    folder = FIXTURES / "folder"
    assert [p.relative_to(folder).as_posix() for p in expand_paths([folder])] == [
        "b.ttl",
        "c.jsonld",
        "sub/a.nt",
    ]
    loaded = load_graph(ontology=[], data=[folder])
    values = sorted(str(o) for o in loaded.graph.objects(None, URIRef(EX + "p")))
    assert values == ["from b.ttl", "from c.jsonld", "from sub/a.nt"]


def test_relative_iris_resolve_against_the_document_iri_not_a_file(tmp_path: Path) -> None:
    path = tmp_path / "relative.ttl"
    path.write_text('<#thing> <#says> "hello" .\n', encoding="utf-8")
    graph = parse_file(path).graph
    subjects = {str(s) for s in graph.subjects()}
    assert subjects == {"https://w3id.org/ctgraph/graph/relative.ttl#thing"}
    assert not any("file:" in str(t) for triple in graph for t in triple)


def test_source_iri_is_relative_to_the_repository() -> None:
    assert source_iri(GRAPH) == "https://w3id.org/ctgraph/graph/tests/fixtures/graph.ttl"


def test_trig_files_are_merged_into_the_union(tmp_path: Path) -> None:
    path = tmp_path / "quads.trig"
    path.write_text(
        "@prefix ex: <http://example.org/id/> .\n"
        "ex:g1 { ex:a ex:p ex:b . }\n"
        "ex:g2 { ex:a ex:p ex:c . }\n",
        encoding="utf-8",
    )
    graph = parse_file(path).graph
    assert len(graph) == 2


def test_a_syntax_error_names_the_file_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        load_graph(ontology=[], data=[FIXTURES / "bad-syntax.ttl"])
    error = caught.value
    assert error.path == FIXTURES / "bad-syntax.ttl"
    assert error.line == 4
    assert error.column is not None
    assert str(error).startswith(f"{_shown(error.path)}:4:{error.column}: bad turtle syntax")
    assert "\n" not in str(error)


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def test_an_ntriples_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.nt"
    path.write_text(
        "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
        "<http://example.org/a> <http://example.org/b> .\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert caught.value.line == 2


def test_a_json_ld_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonld"
    path.write_text('{\n  "@id": "http://example.org/a",\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert caught.value.line == 3


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("missing.ttl", "no such file or folder", id="missing"),
        pytest.param("folder/README.txt", "unknown RDF file type", id="not-rdf"),
    ],
)
def test_unusable_paths_are_input_errors(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_graph(ontology=[], data=[FIXTURES / name])


def test_unknown_inference_is_refused() -> None:
    with pytest.raises(InputError, match="unknown inference"):
        load_graph(ontology=[ONTOLOGY], data=[], inference="magic")  # type: ignore[arg-type]


def test_rdfs_inference_adds_superclass_types() -> None:
    plain = load_graph(ontology=[ONTOLOGY], data=[GRAPH])
    inferred = load_graph(ontology=[ONTOLOGY], data=[GRAPH], inference="rdfs")
    actor = (URIRef(EX + "atlantis"), RDF.type, URIRef(EX + "Actor"))
    assert actor not in plain.graph
    assert actor in inferred.graph
    assert len(inferred.sources[1].graph) == len(plain.sources[1].graph)


def test_load_shapes_reads_the_given_files() -> None:
    shapes = load_shapes([SHAPES])
    assert (URIRef(EX + "CityShape"), RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")) in (
        shapes
    )


def test_default_folders_are_in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CTGRAPH_DATA", raising=False)  # conftest points it at the seed
    root = project_root()
    assert (root / "pyproject.toml").is_file()
    assert (root / "src" / "ctgraph" / "cli.py").is_file()
    assert default_ontology()[0] == root / "ontology" / "ctgraph.ttl"
    assert default_data() == root / "data"
    assert default_shapes() == root / "ontology" / "shapes"
    assert default_queries() == root / "queries"
    monkeypatch.setenv("CTGRAPH_DATA", str(root / "elsewhere"))
    assert default_data() == root / "elsewhere"


def test_the_root_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CTGRAPH_ROOT", str(tmp_path))
    monkeypatch.delenv("CTGRAPH_DATA", raising=False)
    assert project_root() == tmp_path.resolve()
    assert default_data() == tmp_path.resolve() / "data"
