"""Provenance: which document and paragraph states each fact of the graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, SKOS
from rdflib.term import Node

from .namespaces import CTG, ORG, TIME

IDENTITY_PREDICATES: frozenset[URIRef] = frozenset(
    {
        RDF.type,
        RDFS.label,
        SKOS.altLabel,
        SKOS.prefLabel,
        FOAF.name,
        CTG.statedIn,
        CTG.inferred,
        CTG.inferenceNote,
        CTG.evidence,
        CTG.confidence,
    }
)
"""Predicates whose triples are traced through the subject's own ctg:statedIn:
the types and names of an entity come from the paragraphs that name it, and
the span a fact was read from (and its confidence) from the paragraphs that state it."""

_VOCABULARY_TYPES = frozenset(
    {
        SKOS.Concept,
        SKOS.ConceptScheme,
        ORG.Role,
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.Ontology,
    }
)


@dataclass(frozen=True, order=True)
class Source:
    """A paragraph of a source document that states a fact."""

    document: URIRef
    paragraph: URIRef
    number: int | None
    inferred: bool = False


def add_statement(
    graph: Graph, s: Node, p: Node, o: Node, paragraph: Node | None, note: str | None = None
) -> BNode:
    """Add the reified statement of (s, p, o) stated in ``paragraph`` to ``graph``; return it.

    With ``note`` the statement is marked inferred (``ctg:inferred true``) and
    says how in ``ctg:inferenceNote``. The triple itself is not added.
    """
    statement = BNode()
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, s))
    graph.add((statement, RDF.predicate, p))
    graph.add((statement, RDF.object, o))
    if paragraph is not None:
        graph.add((statement, CTG.statedIn, paragraph))
    if note:
        graph.add((statement, CTG.inferred, Literal(True)))
        graph.add((statement, CTG.inferenceNote, Literal(note, lang="en")))
    return statement


def _sources_of_paragraph(graph: Graph, paragraph: Node, inferred: bool) -> set[Source]:
    """The paragraph as a source, once per document it is part of."""
    if not isinstance(paragraph, URIRef):
        return set()
    number = graph.value(paragraph, CTG.paragraphNumber)
    return {
        Source(document, paragraph, int(number) if isinstance(number, Literal) else None, inferred)
        for document in graph.objects(paragraph, DCTERMS.isPartOf)
        if isinstance(document, URIRef)
    }


def _paragraph_sources(graph: Graph, node: Node, inferred: bool) -> set[Source]:
    sources: set[Source] = set()
    for paragraph in graph.objects(node, CTG.statedIn):
        sources |= _sources_of_paragraph(graph, paragraph, inferred)
    return sources


def _is_inferred(graph: Graph, node: Node) -> bool:
    return (node, CTG.inferred, Literal(True)) in graph


def _relationship_owners(graph: Graph, node: Node) -> Iterator[Node]:
    """Relationship nodes that own an interval or an instant."""
    if (node, RDF.type, TIME.Instant) in graph:
        for interval in graph.subjects(TIME.hasBeginning, node):
            yield from graph.subjects(ORG.memberDuring, interval)
        for interval in graph.subjects(TIME.hasEnd, node):
            yield from graph.subjects(ORG.memberDuring, interval)
    else:
        yield from graph.subjects(ORG.memberDuring, node)


def _relationship_types(graph: Graph) -> frozenset[Node]:
    subclasses = graph.transitive_subjects(RDFS.subClassOf, CTG.Relationship)
    return frozenset(t for t in subclasses if t is not None)


def is_relationship(graph: Graph, node: Node, types: frozenset[Node] | None = None) -> bool:
    """True when *node* is a qualified relationship (membership, support ...).

    ``types`` are the relationship classes when the caller has them already.
    """
    known = _relationship_types(graph) if types is None else types
    return any(t in known for t in graph.objects(node, RDF.type))


def is_vocabulary(graph: Graph, node: Node) -> bool:
    """True for terms of the ontology and of the SKOS vocabularies, which are not facts."""
    return any(t in _VOCABULARY_TYPES for t in graph.objects(node, RDF.type))


def sources_of(
    graph: Graph,
    subject: Node,
    predicate: Node,
    obj: Node,
    *,
    relationship_types: frozenset[Node] | None = None,
) -> set[Source]:
    """Return the paragraphs that state the triple (subject, predicate, obj).

    A triple is traced through, in order: a reified ``rdf:Statement`` of it
    with ``ctg:statedIn``; the subject's own ``ctg:statedIn`` when the subject
    is a relationship node or the predicate gives its type or name; the
    relationship that owns the subject when it is an interval or an instant;
    and, for a paragraph, the document it is part of. Inferred statements and
    nodes give sources with ``inferred=True``.
    """
    sources: set[Source] = set()
    for statement in graph.subjects(RDF.subject, subject):
        if (statement, RDF.predicate, predicate) in graph and (
            statement,
            RDF.object,
            obj,
        ) in graph:
            sources |= _paragraph_sources(graph, statement, _is_inferred(graph, statement))
    if sources:
        return sources
    if (subject, RDF.type, CTG.Paragraph) in graph:
        return _sources_of_paragraph(graph, subject, False)
    if (subject, RDF.type, CTG.TextSpan) in graph:  # a run of characters of its paragraph
        for paragraph in graph.objects(subject, DCTERMS.isPartOf):
            sources |= _sources_of_paragraph(graph, paragraph, False)
        return sources
    if (subject, RDF.type, RDF.Statement) in graph:
        return _paragraph_sources(graph, subject, _is_inferred(graph, subject))
    inferred = _is_inferred(graph, subject)
    for owner in _relationship_owners(graph, subject):
        sources |= _paragraph_sources(graph, owner, inferred or _is_inferred(graph, owner))
    if sources:
        return sources
    if predicate in IDENTITY_PREDICATES or is_relationship(graph, subject, relationship_types):
        return _paragraph_sources(graph, subject, inferred)
    return sources


def untraced(
    graph: Graph, triples: Iterable[tuple[Node, Node, Node]] | None = None
) -> list[tuple[Node, Node, Node]]:
    """Return the triples of *graph* (or of *triples*) that no paragraph states.

    Terms of the ontology and of the SKOS vocabularies are not facts and are
    left out, as are the triples of a document's own description that are
    reified (they are traced like any other fact).
    """
    types = _relationship_types(graph)
    missing: list[tuple[Node, Node, Node]] = []
    for s, p, o in graph if triples is None else triples:
        if is_vocabulary(graph, s) or (isinstance(s, BNode) and _is_shape_structure(graph, s)):
            continue
        if not sources_of(graph, s, p, o, relationship_types=types):
            missing.append((s, p, o))
    return sorted(missing)


def facts_by_document(
    graph: Graph, triples: Iterable[tuple[Node, Node, Node]] | None = None
) -> dict[URIRef, set[tuple[Node, Node, Node]]]:
    """Group the triples of *graph* (or *triples*) by the documents that state them.

    A triple stated by two documents is in both groups; a triple no document
    states (ontology, vocabularies) is in none.
    """
    types = _relationship_types(graph)
    groups: dict[URIRef, set[tuple[Node, Node, Node]]] = {}
    for s, p, o in graph if triples is None else triples:
        for source in sources_of(graph, s, p, o, relationship_types=types):
            groups.setdefault(source.document, set()).add((s, p, o))
    return groups


def _is_shape_structure(graph: Graph, node: BNode) -> bool:
    # RDF lists and other anonymous structure of the ontology, not facts.
    return (node, RDF.first, None) in graph or (None, OWL.unionOf, node) in graph
