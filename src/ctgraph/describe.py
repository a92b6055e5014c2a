"""Describing one node: its labels, types, facts and the records about it, with their sources."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from .errors import InputError
from .lookup import LABEL_PROPERTIES, label_of, resolve_node
from .namespaces import CTG
from .prefixes import STATED_IN, prefix_table, shorten
from .provenance import Source, is_relationship, sources_of
from .terms import term_key
from .writers import turtle_term

__all__ = ["Description", "Fact", "Record", "describe", "format_description"]


@dataclass(frozen=True)
class Fact:
    """One triple, with the paragraphs that state it (see :func:`ctgraph.provenance.sources_of`)."""

    subject: Node
    predicate: URIRef
    object: Node
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Record:
    """A node that points to the described node and stands for a relation.

    Memberships, roles held at an event, support given: such nodes carry
    their own ``ctg:statedIn``, and their facts are listed in full.
    """

    node: Node
    types: tuple[Node, ...]
    via: tuple[URIRef, ...]
    facts: tuple[Fact, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Description:
    """Everything the graph says about one node.

    ``sources`` are the paragraphs that name the node. ``facts`` are the
    triples with the node as subject (other than its labels and types) and
    the triples of other entities pointing to it; ``records`` are the
    relationship nodes pointing to it (see :class:`Record`).
    """

    node: URIRef
    label: str
    labels: tuple[tuple[URIRef, Literal], ...]
    types: tuple[Node, ...]
    sources: tuple[Source, ...]
    facts: tuple[Fact, ...]
    records: tuple[Record, ...]


def _sorted_sources(sources: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(sorted(set(sources)))


def _own_sources(graph: Graph, node: Node) -> tuple[Source, ...]:
    """The paragraphs a node is ``ctg:statedIn``, with their documents."""
    found = []
    inferred = (node, CTG.inferred, Literal(True)) in graph
    for paragraph in graph.objects(node, STATED_IN):
        number = graph.value(paragraph, CTG.paragraphNumber)
        for document in graph.objects(paragraph, DCTERMS.isPartOf):
            if isinstance(paragraph, URIRef) and isinstance(document, URIRef):
                count = int(number) if isinstance(number, Literal) else None
                found.append(Source(document, paragraph, count, inferred))
    return _sorted_sources(found)


def _fact(graph: Graph, s: Node, p: Node, o: Node) -> Fact:
    return Fact(s, p, o, _sorted_sources(sources_of(graph, s, p, o)))  # type: ignore[arg-type]


def _has_label(graph: Graph, node: Node) -> bool:
    return any(
        isinstance(value, Literal)
        for prop in LABEL_PROPERTIES
        for value in graph.objects(node, prop)
    )


def _is_statement(graph: Graph, node: Node) -> bool:
    return (node, RDF.type, RDF.Statement) in graph


def _is_record(graph: Graph, subject: Node, predicate: Node, node: Node) -> bool:
    """True when ``subject`` stands for a relation rather than being an entity.

    Relationship nodes of the ontology are records; so are nodes that carry
    their own source for an unreified link, and blank or unlabelled nodes.
    """
    if isinstance(subject, BNode) or is_relationship(graph, subject):
        return True
    reified = any(
        (statement, RDF.predicate, predicate) in graph and (statement, RDF.object, node) in graph
        for statement in graph.subjects(RDF.subject, subject)
    )
    if reified:
        return False
    return (subject, STATED_IN, None) in graph or not _has_label(graph, subject)


def _fact_key(fact: Fact) -> tuple[object, ...]:
    return (str(fact.predicate), term_key(fact.subject), term_key(fact.object))


def describe(graph: Graph, name_or_iri: str) -> Description:
    """Describe the node named by ``name_or_iri``.

    Args:
        graph: The graph to look in.
        name_or_iri: An IRI, ``<IRI>``, prefixed name, or a label, alternative
            label (e.g. an acronym), name or title, matched regardless of case.

    Raises:
        InputError: the name matches several nodes or none (close matches
            are suggested), or the graph says nothing about the node.
    """
    node = resolve_node(graph, name_or_iri)
    if (node, None, None) not in graph and (None, None, node) not in graph:
        raise InputError(f"the graph says nothing about {name_or_iri!r} (<{node}>)")
    label_properties = set(LABEL_PROPERTIES)
    labels = sorted(
        (
            (p, o)
            for p, o in graph.predicate_objects(node)
            if p in label_properties and isinstance(o, Literal)
        ),
        key=lambda po: (LABEL_PROPERTIES.index(po[0]), term_key(po[1])),
    )
    facts = [
        _fact(graph, node, p, o)
        for p, o in graph.predicate_objects(node)
        if p not in label_properties and p not in (RDF.type, STATED_IN)
    ]
    via: dict[Node, list[URIRef]] = {}
    for s, p in graph.subject_predicates(node):
        if p == RDF.type or _is_statement(graph, s):
            continue
        if _is_record(graph, s, p, node):
            via.setdefault(s, []).append(p)  # type: ignore[arg-type]
        else:
            facts.append(_fact(graph, s, p, node))
    records = [
        Record(
            node=record,
            types=tuple(sorted(graph.objects(record, RDF.type), key=term_key)),
            via=tuple(sorted(predicates, key=str)),
            facts=tuple(
                sorted(
                    (
                        _fact(graph, record, p, o)
                        for p, o in graph.predicate_objects(record)
                        if p not in label_properties and p not in (RDF.type, STATED_IN)
                    ),
                    key=_fact_key,
                )
            ),
            sources=_own_sources(graph, record),
        )
        for record, predicates in via.items()
    ]
    records.sort(key=lambda r: (term_key(r.types[0] if r.types else None), term_key(r.node)))
    return Description(
        node=node,
        label=label_of(graph, node),
        labels=tuple(labels),  # type: ignore[arg-type]
        types=tuple(sorted(graph.objects(node, RDF.type), key=term_key)),
        sources=_own_sources(graph, node),
        facts=tuple(sorted(facts, key=_fact_key)),
        records=tuple(records),
    )


def _name(graph: Graph, node: Node, table: Mapping[str, str]) -> str:
    """A node as its prefixed name, followed by its label when it has one."""
    if isinstance(node, BNode):
        return "[]"  # blank node ids are random; they mean nothing to a reader
    spelt = turtle_term(node, table)
    if isinstance(node, URIRef) and _has_label(graph, node):
        return f"{spelt} ({label_of(graph, node, table)})"
    return spelt


def _source_list(graph: Graph, sources: tuple[Source, ...], table: Mapping[str, str]) -> str:
    shown = []
    for source in sources:
        if source.number is not None:
            paragraph = f"paragraph {source.number}"
        else:
            paragraph = label_of(graph, source.paragraph, table)
        text = f"{shorten(source.document, table)} {paragraph}"
        shown.append(text + " (inferred)" if source.inferred else text)
    return "; ".join(shown)


def _cite(graph: Graph, sources: tuple[Source, ...], table: Mapping[str, str]) -> str:
    return f"  [source: {_source_list(graph, sources, table)}]" if sources else ""


def _documents(description: Description) -> list[URIRef]:
    groups = [description.sources, *(f.sources for f in description.facts)]
    for record in description.records:
        groups.append(record.sources)
        groups.extend(f.sources for f in record.facts)
    return sorted({s.document for sources in groups for s in sources}, key=str)


def format_description(
    description: Description, graph: Graph, prefixes: Mapping[str, str] | None = None
) -> str:
    """Write a description as indented text.

    Each fact ends with ``[source: DOCUMENT paragraph N]`` where the graph
    gives one; a record's facts are stated where the record is unless their
    line says otherwise. The documents cited are listed last, with titles.
    """
    table = dict(prefixes) if prefixes is not None else prefix_table(graph)
    node = description.node
    lines = [f"{description.label} ({shorten(node, table)})"]
    if description.types:
        lines.append("  types: " + ", ".join(_name(graph, t, table) for t in description.types))
    for prop, value in description.labels:
        lines.append(f"  {shorten(prop, table)}: {turtle_term(value, table)}")
    if description.sources:
        lines.append(f"  named in: {_source_list(graph, description.sources, table)}")
    if description.facts:
        lines.extend(["", "Facts"])
        for fact in description.facts:
            subject = "it" if fact.subject == node else _name(graph, fact.subject, table)
            obj = "it" if fact.object == node else _name(graph, fact.object, table)
            predicate = shorten(fact.predicate, table)
            lines.append(f"  {subject} {predicate} {obj}{_cite(graph, fact.sources, table)}")
    if description.records:
        lines.extend(["", "Records"])
        for record in description.records:
            head = f"  {_name(graph, record.node, table)}"
            if record.types:
                head += " a " + ", ".join(shorten(t, table) for t in record.types)
            via = ", ".join(shorten(p, table) for p in record.via)
            lines.append(f"{head}, via {via}{_cite(graph, record.sources, table)}")
            for fact in record.facts:
                obj = "it" if fact.object == node else _name(graph, fact.object, table)
                cite = "" if fact.sources == record.sources else _cite(graph, fact.sources, table)
                lines.append(f"    {shorten(fact.predicate, table)} {obj}{cite}")
    documents = _documents(description)
    if documents:
        lines.extend(["", "Documents"])
        for document in documents:
            lines.append(f"  {shorten(document, table)}  {label_of(graph, document, table)}")
    return "\n".join(lines) + "\n"
