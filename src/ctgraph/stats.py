"""Counting the graph: triples, instances per class, uses per predicate, facts per document."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from .errors import InputError
from .lookup import label_of
from .prefixes import STATED_IN, prefix_table, shorten
from .provenance import facts_by_document
from .results import text_table
from .terms import term_key

__all__ = ["STATS_FORMATS", "GraphStats", "compute_stats", "format_stats"]

STATS_FORMATS: tuple[str, ...] = ("table", "json")


@dataclass(frozen=True)
class GraphStats:
    """Counts over a graph; each count list is sorted by count, then by term.

    ``documents`` counts, per source document, the facts (triples) that its
    paragraphs state, as :func:`ctgraph.provenance.facts_by_document` traces
    them; a fact stated by two documents counts for each.
    ``sourced_subjects`` counts the subjects with a ``ctg:statedIn``.
    """

    triples: int
    subjects: int
    classes: tuple[tuple[Node, int], ...]
    predicates: tuple[tuple[Node, int], ...]
    documents: tuple[tuple[Node, int], ...]
    sourced_subjects: int


def _ranked(counter: Counter[Node]) -> tuple[tuple[Node, int], ...]:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], term_key(item[0]))))


def compute_stats(graph: Graph) -> GraphStats:
    """Count the triples, subjects, class instances, predicate uses and sourced subjects."""
    classes: Counter[Node] = Counter()
    for _, cls in set(graph.subject_objects(RDF.type)):
        classes[cls] += 1
    predicates: Counter[Node] = Counter(p for _, p, _ in graph)
    per_document = facts_by_document(graph)
    sourced = set(graph.subjects(STATED_IN, None))
    return GraphStats(
        triples=len(graph),
        subjects=len(set(graph.subjects())),
        classes=_ranked(classes),
        predicates=_ranked(predicates),
        documents=_ranked(Counter({d: len(s) for d, s in per_document.items()})),
        sourced_subjects=len(sourced),
    )


def format_stats(
    stats: GraphStats, graph: Graph, fmt: str = "table", prefixes: Mapping[str, str] | None = None
) -> str:
    """Write ``stats`` as text tables or JSON; ``graph`` gives document labels."""
    table = dict(prefixes) if prefixes is not None else prefix_table(graph)
    if fmt == "json":
        document = {
            "triples": stats.triples,
            "subjects": stats.subjects,
            "sourced_subjects": stats.sourced_subjects,
            "classes": [{"class": str(c), "instances": n} for c, n in stats.classes],
            "predicates": [{"predicate": str(p), "triples": n} for p, n in stats.predicates],
            "documents": [
                {"document": str(d), "label": label_of(graph, d, table), "facts": n}
                for d, n in stats.documents
            ],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt != "table":
        raise InputError(
            f"unknown stats format {fmt!r} (expected one of {', '.join(STATS_FORMATS)})"
        )
    parts = [
        text_table(
            ["total", "count"],
            [
                ["triples", str(stats.triples)],
                ["subjects", str(stats.subjects)],
                ["subjects with a source", str(stats.sourced_subjects)],
            ],
        ),
        text_table(["class", "instances"], [[shorten(c, table), str(n)] for c, n in stats.classes]),
        text_table(
            ["predicate", "triples"], [[shorten(p, table), str(n)] for p, n in stats.predicates]
        ),
        text_table(
            ["document", "label", "facts"],
            [[shorten(d, table), label_of(graph, d, table), str(n)] for d, n in stats.documents],
        ),
    ]
    return "\n".join(parts)
