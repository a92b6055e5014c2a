"""Every fact of data/ can be traced to its document and paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ctgraph.namespaces import CT, CTG, ORG, SCHEMA, TIME
from ctgraph.provenance import Source, sources_of, untraced

ROOT = Path(__file__).resolve().parent.parent
DOC = CT["pr-2024-09-26"]


def _paragraph(number: int, inferred: bool = False) -> Source:
    return Source(DOC, CT[f"pr-2024-09-26-p{number:02d}"], number, inferred)


def _load(*, data: Graph) -> Graph:
    graph = Graph()
    for name in ("ontology/ctgraph.ttl", "ontology/imports.ttl", "data/vocabularies.ttl"):
        graph.parse(ROOT / name)
    graph += data
    return graph


@pytest.fixture(scope="module")
def seed() -> Graph:
    return Graph().parse(ROOT / "data/press-release-2024-09-26-morocco-unoct.ttl")


@pytest.fixture(scope="module")
def graph(seed: Graph) -> Graph:
    return _load(data=seed)


def test_no_fact_of_the_data_lacks_a_source(graph: Graph, seed: Graph) -> None:
    assert len(seed) > 900
    assert untraced(graph, seed) == []


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in (ROOT / "data").glob("*.ttl") if p.name != "vocabularies.ttl"),
)
def test_no_fact_of_any_source_file_lacks_a_source(name: str) -> None:
    # Each source's file, in the graph of every file (its nodes may come from others).
    data = Graph().parse(ROOT / "data" / name)
    everything = _load(data=data)
    for path in sorted((ROOT / "data").glob("*.ttl")):
        if path.name not in (name, "vocabularies.ttl"):
            everything.parse(path)
    assert len(data) > 50
    assert untraced(everything, data) == []


def test_vocabularies_are_not_facts() -> None:
    vocabularies = Graph().parse(ROOT / "data/vocabularies.ttl")
    graph = _load(data=Graph())
    assert untraced(graph, vocabularies) == []


def test_a_fact_without_its_statement_is_reported(seed: Graph) -> None:
    broken = Graph()
    for triple in seed:
        broken.add(triple)
    fact = (CT["marrakech-platform-3"], SCHEMA.location, CT.fes)
    statement = next(
        s
        for s in broken.subjects(RDF.subject, fact[0])
        if (s, RDF.predicate, fact[1]) in broken and (s, RDF.object, fact[2]) in broken
    )
    broken.remove((statement, None, None))
    assert untraced(_load(data=broken), broken) == [fact]


def test_a_relationship_without_a_paragraph_is_reported(seed: Graph) -> None:
    broken = Graph()
    for triple in seed:
        broken.add(triple)
    node = CT["s-morocco-unoct"]
    broken.remove((node, CTG.statedIn, None))
    assert untraced(_load(data=broken), broken) == sorted(broken.triples((node, None, None)))


@pytest.mark.parametrize(
    ("triple", "expected"),
    [
        pytest.param(
            (CT["er-dialogue-1-bourita-co-chair"], CTG.role, CT["role-co-chair"]),
            {_paragraph(4)},
            id="co-chair-of-the-dialogue",
        ),
        pytest.param(
            (CT["m-morocco-gctf-co-chair"], ORG.organization, CT.gctf),
            {_paragraph(7)},
            id="former-gctf-co-chair",
        ),
        pytest.param(
            (
                CT["m-morocco-gctf-co-chair-end"],
                CTG.notAfter,
                Literal("2024-09-26", datatype=XSD.date),
            ),
            {_paragraph(7, inferred=True)},
            id="end-of-co-chairmanship-is-inferred",
        ),
        pytest.param(
            (CT["morocco-unoct-strategic-dialogue-1"], SCHEMA.location, CT["new-york"]),
            {_paragraph(4, inferred=True)},
            id="place-of-the-dialogue-is-inferred",
        ),
        pytest.param(
            (CT["morocco-unoct-strategic-dialogue-1"], CTG.ordinal, Literal(1)),
            {_paragraph(1), _paragraph(4)},
            id="first-dialogue-two-paragraphs",
        ),
        pytest.param(
            (CT["unoct-rabat-programme-office"], CTG.basedIn, CT.rabat),
            {_paragraph(7), _paragraph(8)},
            id="office-based-in-rabat",
        ),
        pytest.param(
            (
                CT["s-morocco-global-fusion-cells-programme"],
                CTG.through,
                CT["unoct-rabat-programme-office"],
            ),
            {_paragraph(8)},
            id="support-through-office",
        ),
        pytest.param(
            (CT["laurence-gerard"], SCHEMA.email, Literal("gerardl@un.org")),
            {_paragraph(15)},
            id="press-contact-email",
        ),
        pytest.param(
            (CT["pr-2024-09-26-p10"], DCTERMS.isPartOf, DOC),
            {_paragraph(10)},
            id="paragraph-of-the-document",
        ),
        pytest.param(
            (CT.uncct, RDFS.label, Literal("United Nations Counter-Terrorism Centre", lang="en")),
            {_paragraph(7)},
            id="label-from-the-naming-paragraph",
        ),
        pytest.param(
            (CT["ph-bourita-foreign-minister-interval"], RDF.type, TIME.ProperInterval),
            {_paragraph(4)},
            id="interval-through-its-post-holding",
        ),
        pytest.param(
            (CT["morocco-unoct-strategic-dialogue-2"], SCHEMA.location, CT["new-york"]),
            set(),
            id="unstated-fact-has-no-source",
        ),
    ],
)
def test_sources_of_known_facts(
    graph: Graph, triple: tuple[URIRef, URIRef, URIRef | Literal], expected: set[Source]
) -> None:
    assert sources_of(graph, *triple) == expected
