"""Prefix tables for output, built on the fixed table of ctgraph.namespaces, and IRI shortening."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import CTG, PREFIXES

__all__ = [
    "PREFIXES",
    "STATED_IN",
    "bind_prefixes",
    "prefix_table",
    "shorten",
    "split_iri",
]

#: ``ctg:statedIn``: links a fact-bearing node to the paragraph that states it.
#: Paragraphs are ``dcterms:isPartOf`` their document.
STATED_IN: URIRef = CTG.statedIn

# A conservative subset of Turtle's PN_PREFIX and PN_LOCAL: what matches is
# valid in Turtle, TriG, SPARQL and as a JSON-LD compact IRI.
_PREFIX_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_LOCAL_RE = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?\Z")


def merge_prefixes(base: Mapping[str, str], extra: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Add ``extra`` (prefix, namespace) pairs to ``base`` without clashes.

    A pair is dropped when its prefix is taken, when its namespace already has
    a prefix, or when the prefix is not a plain name (e.g. rdflib's ``ns1``
    inventions are kept out by callers that never bind them).
    """
    table = dict(base)
    namespaces = set(table.values())
    for prefix, namespace in extra:
        if not _PREFIX_RE.match(prefix) or prefix in table or namespace in namespaces:
            continue
        table[prefix] = namespace
        namespaces.add(namespace)
    return table


def bind_prefixes(graph: Graph, table: Mapping[str, str]) -> None:
    """Bind every prefix of ``table`` in ``graph``, replacing clashing bindings."""
    for prefix, namespace in sorted(table.items()):
        graph.bind(prefix, URIRef(namespace), override=True, replace=True)


def prefix_table(graph: Graph) -> dict[str, str]:
    """Return the graph's prefix bindings usable for output, sorted by prefix.

    Empty and malformed prefixes are left out; when two prefixes share a
    namespace the first in alphabetical order wins.
    """
    table: dict[str, str] = {}
    seen: set[str] = set()
    for prefix, namespace in sorted((str(p), str(n)) for p, n in graph.namespaces()):
        if _PREFIX_RE.match(prefix) and namespace and namespace not in seen:
            table[prefix] = namespace
            seen.add(namespace)
    return table


def split_iri(iri: str, table: Mapping[str, str]) -> tuple[str, str] | None:
    """Return ``(prefix, local)`` for the longest namespace of ``table`` that fits."""
    best: tuple[str, str] | None = None
    best_len = -1
    for prefix, namespace in table.items():
        if len(namespace) > best_len and iri.startswith(namespace):
            local = iri[len(namespace) :]
            if _LOCAL_RE.match(local):
                best = (prefix, local)
                best_len = len(namespace)
    return best


def shorten(term: Node | None, table: Mapping[str, str]) -> str:
    """Return a short, human-readable form of ``term`` for tables and reports.

    IRIs become prefixed names where a prefix fits, else ``<iri>``; literals
    give their lexical form; blank nodes ``_:id``; ``None`` the empty string.
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        parts = split_iri(str(term), table)
        return f"{parts[0]}:{parts[1]}" if parts else f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return str(term)
    return str(term)
