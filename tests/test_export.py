"""Export: round trips by isomorphism, byte-identical output across hash seeds, atomic writes."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ctgraph import EXPORT_FORMATS, ExportError, InputError, LoadedGraph, export, load_graph
from ctgraph.export import INFERRED_GRAPH, context_document, serialize
from ctgraph.paths import project_root

from conftest import EXTRA, GRAPH, ONTOLOGY

PARSERS = {
    "turtle": "turtle",
    "json-ld": "json-ld",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "xml": "xml",
}
TRIPLE_FORMATS = [name for name, spec in EXPORT_FORMATS.items() if not spec.quads]
QUAD_FORMATS = [name for name, spec in EXPORT_FORMATS.items() if spec.quads]


def _read_dataset(data: bytes, fmt: str) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=data, format=PARSERS[fmt])
    return dataset


def test_every_format_has_a_parser_here() -> None:
    assert sorted(EXPORT_FORMATS) == sorted(PARSERS)


@pytest.mark.parametrize("fmt", TRIPLE_FORMATS)
def test_triple_formats_round_trip(loaded: LoadedGraph, fmt: str) -> None:
    back = Graph().parse(data=serialize(loaded, fmt), format=PARSERS[fmt])
    assert isomorphic(back, loaded.graph)


@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_quad_formats_put_each_source_document_in_its_own_graph(
    loaded: LoadedGraph, fmt: str
) -> None:
    dataset = _read_dataset(serialize(loaded, fmt), fmt)
    named = {g.identifier: g for g in dataset.graphs() if len(g)}
    graph_file, extra_file = (source.iri for source in loaded.sources[1:])
    ex = "http://example.org/id/"
    document = URIRef(ex + "doc")
    assert set(named) == {loaded.sources[0].iri, graph_file, extra_file, document}
    # Stated in a paragraph of the document: in the document's graph only.
    chair = (URIRef(ex + "m1"), URIRef("http://www.w3.org/ns/org#role"), URIRef(ex + "role-chair"))
    assert chair in named[document]
    assert chair not in named[graph_file]
    # Stated by no document: in the graph of its file.
    population = (
        URIRef(ex + "poseidonis"),
        URIRef("http://example.org/geo/population"),
        Literal(12000),
    )
    assert population in named[extra_file]
    assert population not in named[document]
    assert (URIRef(ex + "role-chair"), RDFS.label, Literal("chair", lang="en")) in named[graph_file]
    union = Graph()
    for graph in named.values():
        union += graph
    assert isomorphic(union, loaded.graph)


def test_inferred_triples_get_a_graph_of_their_own() -> None:
    inferred = load_graph(ontology=[ONTOLOGY], data=[GRAPH], inference="rdfs")
    dataset = _read_dataset(serialize(inferred, "trig"), "trig")
    extra = dataset.graph(INFERRED_GRAPH)
    atlantis_is_an_actor = (
        URIRef("http://example.org/id/atlantis"),
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        URIRef("http://example.org/id/Actor"),
    )
    assert atlantis_is_an_actor in extra


def test_a_plain_graph_goes_to_the_default_graph(loaded: LoadedGraph) -> None:
    dataset = _read_dataset(serialize(loaded.graph, "nq"), "nq")
    assert [g.identifier for g in dataset.graphs() if len(g)] == [dataset.default_graph.identifier]
    assert isomorphic(dataset.default_graph, loaded.graph)


def test_turtle_declares_only_the_prefixes_it_uses(loaded: LoadedGraph) -> None:
    text = serialize(loaded, "turtle").decode("utf-8")
    prefixes = [line.split()[1] for line in text.splitlines() if line.startswith("@prefix")]
    assert prefixes == [
        "ctg:",
        "dcterms:",
        "ex:",
        "geo:",
        "org:",
        "owl:",
        "rdf:",
        "rdfs:",
        "skos:",
        "xsd:",
    ]
    assert "ns1:" not in text


def test_turtle_sorts_subjects_and_puts_rdf_type_first(loaded: LoadedGraph) -> None:
    text = serialize(loaded, "turtle").decode("utf-8")
    block = text[text.index("ex:atlantis\n") :].split("\n\n")[0]
    assert block == (
        "ex:atlantis\n"
        "    a ex:State ;\n"
        "    ex:capital ex:poseidonis ;\n"
        '    rdfs:label "Republic of Atlantis"@en ;\n'
        '    skos:altLabel "ATL", "Atlantis"@en ;\n'
        "    ctg:statedIn ex:doc-p1 ."
    )
    subjects = [line for line in text.splitlines() if line and not line.startswith((" ", "@"))]
    assert subjects[:3] == ["ex:Actor", "ex:City", "ex:Forum"]
    assert re.fullmatch(r"_:b\d+", subjects[-1])


def test_ntriples_lines_are_sorted(loaded: LoadedGraph) -> None:
    lines = serialize(loaded, "nt").decode("utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(loaded.graph)


def test_json_ld_embeds_the_prefixes_it_uses(loaded: LoadedGraph) -> None:
    document = json.loads(serialize(loaded, "json-ld"))
    assert document["@context"]["ex"] == "http://example.org/id/"
    assert "ct" not in document["@context"]
    atlantis = next(n for n in document["@graph"] if n["@id"] == "ex:atlantis")
    assert atlantis["@type"] == ["ex:State"]
    assert atlantis["rdfs:label"] == [{"@value": "Republic of Atlantis", "@language": "en"}]


def test_the_published_context_is_generated_from_the_prefix_table() -> None:
    published = project_root() / "ontology" / "context.jsonld"
    assert published.read_text(encoding="utf-8") == context_document(), (
        "regenerate with: python -c 'from ctgraph.export import write_context; write_context()'"
    )


SCRIPT = """
import sys
from ctgraph import load_graph
from ctgraph.export import EXPORT_FORMATS, serialize
loaded = load_graph(ontology=[sys.argv[1]], data=sys.argv[2:])
for name in sorted(EXPORT_FORMATS):
    sys.stdout.buffer.write(name.encode() + b"\\n" + serialize(loaded, name))
"""


def _export_with_seed(seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    args = [sys.executable, "-c", SCRIPT, str(ONTOLOGY), str(GRAPH), str(EXTRA)]
    return subprocess.run(args, env=env, check=True, capture_output=True).stdout


def test_output_is_byte_identical_across_hash_seeds() -> None:
    first, second = _export_with_seed("1"), _export_with_seed("2")
    assert b"_:b0" in first  # the blank nodes were relabelled, not left random
    assert first == second


def _relabelled(graph: Graph, seed: int) -> Graph:
    """The same graph with its blank nodes given other random ids."""
    rng = random.Random(seed)
    names: dict[BNode, BNode] = {}

    def rename(term: object) -> object:
        if isinstance(term, BNode):
            return names.setdefault(term, BNode(f"n{rng.getrandbits(64):x}"))
        return term

    out = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    triples = sorted(graph, key=str)
    rng.shuffle(triples)
    for triple in triples:
        out.add(tuple(rename(t) for t in triple))  # type: ignore[arg-type]
    return out


EX = "http://example.org/"


def _ex(name: str) -> URIRef:
    return URIRef(EX + name)


@pytest.mark.parametrize(
    "shape",
    [
        # reified statements: each blank node told apart by its named neighbours
        "statements",
        # two identical statements: interchangeable twins, either order writes the same
        "twins",
        # a cycle of two blank nodes that colour refinement cannot tell apart
        "cycle",
        # a chain of blank nodes, told apart only after several rounds
        "chain",
    ],
)
def test_blank_node_labels_depend_on_the_triples_only(shape: str) -> None:
    graph = Graph(bind_namespaces="none")
    graph.bind("ex", EX)
    p, q = _ex("p"), _ex("q")
    if shape == "statements":
        for i in range(20):
            node = BNode()
            graph.add((node, p, _ex(f"s{i % 7}")))
            graph.add((node, q, Literal(i)))
    elif shape == "twins":
        for _ in range(2):
            node = BNode()
            graph.add((node, p, _ex("a")))
            graph.add((node, q, Literal("same")))
        graph.add((BNode(), p, _ex("b")))
    elif shape == "cycle":
        a, b = BNode(), BNode()
        graph.add((a, p, b))
        graph.add((b, p, a))
        graph.add((_ex("x"), q, a))
        graph.add((_ex("x"), q, b))
    else:
        nodes = [BNode() for _ in range(6)]
        for first, second in itertools.pairwise(nodes):
            graph.add((first, p, second))
        graph.add((nodes[0], q, _ex("start")))
    expected = serialize(graph, "turtle")
    for seed in range(5):
        assert serialize(_relabelled(graph, seed), "turtle") == expected
    assert isomorphic(Graph().parse(data=expected, format="turtle"), graph)


def test_export_writes_the_file_atomically(loaded: LoadedGraph, tmp_path: Path) -> None:
    destination = tmp_path / "graph.ttl"
    assert export(loaded, "turtle", destination) is None
    assert destination.read_bytes() == serialize(loaded, "turtle")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_export_without_destination_returns_bytes(loaded: LoadedGraph) -> None:
    assert export(loaded, "nt") == serialize(loaded, "nt")


def _unwritable_in_xml() -> Graph:
    graph = Graph()
    graph.add((URIRef("http://example.org/a"), URIRef("http://example.org/p/"), Literal("x")))
    return graph


def test_a_failed_serialisation_leaves_the_destination_untouched(tmp_path: Path) -> None:
    destination = tmp_path / "graph.rdf"
    destination.write_bytes(b"old content")
    with pytest.raises(ExportError, match="cannot write the predicate"):
        export(_unwritable_in_xml(), "xml", destination)
    assert destination.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.rdf"]


def test_a_failed_write_removes_its_temporary_file(
    loaded: LoadedGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    destination = tmp_path / "graph.ttl"
    destination.write_bytes(b"old content")

    def refuse(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="No space left on device"):
        export(loaded, "turtle", destination)
    assert destination.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_an_existing_file_keeps_its_permissions(loaded: LoadedGraph, tmp_path: Path) -> None:
    destination = tmp_path / "graph.nt"
    destination.write_bytes(b"")
    destination.chmod(0o640)
    export(loaded, "nt", destination)
    assert destination.stat().st_mode & 0o777 == 0o640


def test_unknown_format_and_missing_folder(loaded: LoadedGraph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format"):
        serialize(loaded, "rdfa")
    with pytest.raises(InputError, match="no such folder"):
        export(loaded, "turtle", tmp_path / "missing" / "graph.ttl")
