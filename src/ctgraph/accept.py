"""Accepting reviewed candidates into the project's data.

``ctgraph ingest`` writes candidates to a file of their own; a curator reviews
and edits that file; :func:`accept` then merges it into ``data/``, as a new
file named after the document, so that each document's facts stay in one
file and can be replaced as a whole. Nothing else writes to ``data/``.

Merging keeps the graph free of duplicates:

- a proposed node whose name the graph already has (a label or alternative
  label, compared as :mod:`ctgraph.gazetteer` compares names) and whose kind
  agrees becomes that node everywhere in the candidates;
- a relationship the graph already has kept its node when it was proposed
  (:mod:`ctgraph.ingest`), so the accepted file adds this document as a
  second source of the same node;
- a fact the graph already states is one triple: the accepted file adds a
  reified statement naming this document's paragraph beside the other's;
- an event the graph has as planned, which the new document reports as held
  on other dates, is marked rescheduled (``ct:status-rescheduled``) and keeps
  the planned date as ``schema:previousStartDate``, so it stays one event.

``ctg:confidence`` is dropped: an accepted fact has been reviewed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from .errors import InputError
from .export import serialize, write_atomic
from .gazetteer import Gazetteer, kinds_of_types
from .load import LoadedGraph, parse_file
from .namespaces import CT, CTG, SCHEMA
from .prefixes import PREFIXES, bind_prefixes
from .provenance import add_statement

if TYPE_CHECKING:
    from .catalog import Query
    from .validate import ValidationResult

__all__ = ["Accepted", "NotAcceptedError", "accept", "merge_candidates"]


class NotAcceptedError(Exception):
    """The merged graph would not conform to the shapes; nothing was written."""

    def __init__(self, result: ValidationResult) -> None:
        super().__init__("the merged graph does not conform to the shapes")
        self.result = result


@dataclass(frozen=True)
class Accepted:
    """What :func:`accept` wrote."""

    path: Path
    triples: int
    documents: tuple[URIRef, ...]
    merged_nodes: tuple[tuple[URIRef, URIRef], ...]  # (proposed, existing)
    rescheduled: tuple[URIRef, ...]
    second_sources: int  # relationship nodes and facts the graph had, now with this source too
    fulfilled: tuple[tuple[URIRef, URIRef], ...] = ()  # (commitment, event)


def _documents(candidates: Graph) -> list[URIRef]:
    return sorted(
        s for s in candidates.subjects(RDF.type, CTG.SourceDocument) if isinstance(s, URIRef)
    )


def _proposed_nodes(candidates: Graph, graph: Graph) -> list[URIRef]:
    """Nodes the candidates name and type that the graph does not have."""
    return sorted(
        s
        for s in set(candidates.subjects(RDFS.label, None))
        if isinstance(s, URIRef)
        and (s, RDF.type, None) in candidates
        and (s, RDF.type, None) not in graph
        and (s, RDF.type, CTG.SourceDocument) not in candidates
        and (s, RDF.type, CTG.Paragraph) not in candidates
    )


def merge_candidates(candidates: Graph, graph: Graph) -> tuple[Graph, Accepted]:
    """Return the triples to add to the data for ``candidates``, merged with ``graph``.

    ``graph`` is the project's graph (ontology and data). The result's
    :class:`Accepted` has no path yet.
    """
    names = Gazetteer.from_graph(graph)
    mapping: dict[URIRef, URIRef] = {}
    both = graph | candidates  # the classes of the ontology and of the candidates
    for node in _proposed_nodes(candidates, graph):
        kinds = set(
            kinds_of_types(
                both,
                [t for t in candidates.objects(node, RDF.type) if isinstance(t, URIRef)],
            )
        )
        for label in candidates.objects(node, RDFS.label):
            found = [e for e in names.lookup(str(label)) if kinds & set(e.kinds) or not kinds]
            if found:
                mapping[node] = found[0].node
                break

    def mapped(term: Node) -> Node:
        return mapping.get(term, term) if isinstance(term, URIRef) else term

    out = Graph()
    bind_prefixes(out, PREFIXES)
    for s, p, o in candidates:
        if p == CTG.confidence:
            continue
        s2, o2 = mapped(s), mapped(o)
        if s in mapping and p in (RDF.type, RDFS.label):
            # The existing node keeps its own types and label; the proposed
            # label becomes another name of it.
            if (
                p == RDFS.label
                and (s2, RDFS.label, o) not in graph
                and (s2, SKOS.altLabel, o) not in graph
            ):
                out.add((s2, SKOS.altLabel, o))
            continue
        out.add((s2, p, o2))
    second = sum(
        1
        for s in set(out.subjects(CTG.statedIn, None))
        if (s, RDF.type, None) in graph
        and isinstance(s, URIRef)
        and (s, RDF.type, CTG.SourceDocument) not in out
    )
    second += sum(
        1
        for statement in out.subjects(RDF.type, RDF.Statement)
        if (
            out.value(statement, RDF.subject),
            out.value(statement, RDF.predicate),
            out.value(statement, RDF.object),
        )
        in graph
    )
    rescheduled = _reschedule(out, graph)
    fulfilled = _fulfil(out, graph)
    accepted = Accepted(
        Path(),
        len(out),
        tuple(_documents(candidates)),
        tuple(sorted(mapping.items())),
        tuple(rescheduled),
        second,
        tuple(fulfilled),
    )
    return out, accepted


def _reschedule(out: Graph, graph: Graph) -> list[URIRef]:
    """Mark events the graph has as planned and ``out`` reports held on another date."""
    done: list[URIRef] = []
    held = CT["status-held"]
    planned = CT["status-planned"]
    for event in sorted({s for s in out.subjects(CTG.eventStatus, held) if isinstance(s, URIRef)}):
        if (event, CTG.eventStatus, planned) not in graph:
            continue
        new_dates = set(out.objects(event, SCHEMA.startDate))
        # Dates within the planned ones ("2025-09-25" in "2025-09") are no rescheduling.
        old_dates = [
            d
            for d in graph.objects(event, SCHEMA.startDate)
            if not any(str(n).startswith(str(d)) or str(d).startswith(str(n)) for n in new_dates)
        ]
        if not new_dates or not old_dates:
            continue
        paragraphs = sorted(
            str(p)
            for day in new_dates
            for statement in _statements_of(out, event, SCHEMA.startDate, day)
            for p in out.objects(statement, CTG.statedIn)
        )
        paragraph = URIRef(paragraphs[0]) if paragraphs else None
        for old in sorted(old_dates, key=str):
            out.add((event, SCHEMA.previousStartDate, old))
            add_statement(
                out,
                event,
                SCHEMA.previousStartDate,
                old,
                paragraph,
                f"Planned for {old} by an earlier source; this document reports it held on "
                f"{', '.join(sorted(str(d) for d in new_dates))}.",
            )
        out.add((event, CTG.eventStatus, CT["status-rescheduled"]))
        add_statement(
            out,
            event,
            CTG.eventStatus,
            CT["status-rescheduled"],
            paragraph,
            "Held on other dates than an earlier source planned.",
        )
        done.append(event)
    return done


#: Commitments fulfilled by the next edition of the series they concern.
_BY_NEXT_EDITION = (CT["commitment-convene-annually"], CT["commitment-institutionalize"])


def _fulfil(out: Graph, graph: Graph) -> list[tuple[URIRef, URIRef]]:
    """Link commitments to the events that fulfil them, where ``out`` reports those held.

    A commitment that concerns an event is fulfilled by that event, held; one
    to convene a series again or to institutionalise it, by the first edition
    held after the event it was made at. The link is inferred, stated in the
    paragraph that reports the event held.
    """
    merged = graph + out
    held = CT["status-held"]
    done: list[tuple[URIRef, URIRef]] = []
    for commitment in sorted(
        (c for c in set(merged.subjects(RDF.type, CTG.Commitment)) if isinstance(c, URIRef)),
        key=str,
    ):
        if (commitment, CTG.fulfilledBy, None) in merged:
            continue
        made_at = merged.value(commitment, CTG.madeAt)
        made_on = min((str(d) for d in merged.objects(made_at, SCHEMA.startDate)), default="")
        kinds = set(merged.objects(commitment, CTG.commitmentKind))
        candidates: list[tuple[str, URIRef]] = []
        for concerned in merged.objects(commitment, CTG.concerns):
            if not isinstance(concerned, URIRef):
                continue
            if (concerned, CTG.eventStatus, held) in merged and (
                concerned,
                RDF.type,
                CTG.EventSeries,
            ) not in merged:
                candidates.append(
                    (
                        min(map(str, merged.objects(concerned, SCHEMA.startDate)), default=""),
                        concerned,
                    )
                )
            if kinds & set(_BY_NEXT_EDITION):
                for edition in merged.subjects(CTG.inSeries, concerned):
                    if not isinstance(edition, URIRef) or edition == made_at:
                        continue
                    if (edition, CTG.eventStatus, held) not in merged:
                        continue
                    start = min(
                        (str(d) for d in merged.objects(edition, SCHEMA.startDate)), default=""
                    )
                    if start and start > made_on:
                        candidates.append((start, edition))
        if not candidates:
            continue
        _, event = min(candidates)
        paragraphs = sorted(
            str(p)
            for statement in _statements_of(merged, event, CTG.eventStatus, held)
            for p in merged.objects(statement, CTG.statedIn)
        )
        if not paragraphs or not any((URIRef(p), None, None) in out for p in paragraphs):
            continue  # only what this document reports
        out.add((commitment, CTG.fulfilledBy, event))
        add_statement(
            out,
            commitment,
            CTG.fulfilledBy,
            event,
            URIRef(paragraphs[0]),
            "The event the commitment concerns, or the next edition of its series, was held.",
        )
        done.append((commitment, event))
    return done


def _statements_of(graph: Graph, s: Node, p: Node, o: Node) -> list[Node]:
    """The reified statements of the triple (s, p, o) in ``graph``."""
    return [
        statement
        for statement in graph.subjects(RDF.subject, s)
        if (statement, RDF.predicate, p) in graph and (statement, RDF.object, o) in graph
    ]


def accept(
    candidates_path: Path | str,
    graph: Graph,
    data_folder: Path,
    *,
    into: Path | None = None,
    replace: bool = False,
    shapes: Graph | LoadedGraph | None = None,
    checks: Sequence[Query] = (),
) -> Accepted:
    """Merge a reviewed candidates file into ``data_folder`` as a file of its own.

    Args:
        candidates_path: The file ``ctgraph ingest`` wrote, reviewed.
        graph: The project's graph as it is (ontology and data).
        data_folder: Where the accepted file goes (``data/``).
        into: The file to write; by default ``data_folder`` / the candidates
            file's name.
        replace: Replace ``into`` if it exists (a document accepted again).
        shapes: SHACL shapes the merged graph must conform to.
        checks: Check queries that must return no rows on it (with ``shapes``).

    Raises:
        InputError: the file is not valid RDF, holds no source document, a
            document is already in the graph from another file, or ``into``
            exists and ``replace`` is not set. Nothing is written then.
        NotAcceptedError: the merged graph would not conform to ``shapes``.
    """
    path = Path(candidates_path)
    candidates = parse_file(path).graph
    documents = _documents(candidates)
    if not documents:
        raise InputError("holds no ctg:SourceDocument: not a file of ctgraph ingest", path)
    target = into if into is not None else data_folder / path.name
    if target.exists() and not replace:
        raise InputError(f"{target} exists: give --replace to accept this document again", path)
    if target.exists():
        previous = parse_file(target).graph
        for triple in previous:
            graph.remove(triple)
    for document in documents:
        if (document, RDF.type, CTG.SourceDocument) in graph:
            raise InputError(
                f"{document} is already in the data: accept a document once "
                "(give --replace with its file to accept it again)",
                path,
            )
    out, accepted = merge_candidates(candidates, graph)
    if shapes is not None:
        from .validate import validate

        result = validate(graph + out, shapes, checks=checks)
        if not result.conforms:
            raise NotAcceptedError(result)
    write_atomic(target, serialize(out, "turtle"))
    return dataclasses.replace(accepted, path=target)
