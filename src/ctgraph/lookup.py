"""Resolving what a user types (an IRI, a prefixed name or a label) to a graph node."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS
from rdflib.term import Node

from .errors import CtgraphError, InputError
from .prefixes import prefix_table, shorten

__all__ = ["LABEL_PROPERTIES", "label_of", "labels_index", "resolve_node"]

#: Properties whose values name a node, best first for display.
LABEL_PROPERTIES: tuple[URIRef, ...] = (
    SKOS.prefLabel,
    RDFS.label,
    FOAF.name,
    DCTERMS.title,
    SKOS.altLabel,
)

_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_PREFIXED_RE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)?:([^\s<>\"{}|^`\\]*)\Z")
_ABSOLUTE_SCHEMES = {"urn", "mailto", "tag", "doi", "file", "data"}


def label_of(graph: Graph, node: Node, prefixes: Mapping[str, str] | None = None) -> str:
    """Return the best human label of ``node``: English or untagged first.

    Falls back to the node's prefixed name (or ``<iri>``) when it has no label.
    """
    for prop in LABEL_PROPERTIES:
        values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]
        if values:
            preferred = [
                v for v in values if v.language in (None, "en") or str(v.language).startswith("en-")
            ]
            return min(str(v) for v in (preferred or values))
    return shorten(node, prefixes if prefixes is not None else prefix_table(graph))


def labels_index(graph: Graph) -> dict[str, set[URIRef]]:
    """Map each case-folded label, alternative label, name or title to its nodes."""
    index: dict[str, set[URIRef]] = {}
    for prop in LABEL_PROPERTIES:
        for subject, value in graph.subject_objects(prop):
            if isinstance(subject, URIRef) and isinstance(value, Literal):
                index.setdefault(str(value).casefold().strip(), set()).add(subject)
    return index


def resolve_node(
    graph: Graph,
    text: str,
    *,
    prefixes: Mapping[str, str] | None = None,
    use_labels: bool = True,
    error: type[CtgraphError] = InputError,
) -> URIRef:
    """Resolve ``text`` to an IRI.

    Accepted, in this order: ``<iri>``; a prefixed name whose prefix is in
    ``prefixes`` or bound in ``graph``; an absolute IRI (``http://...``,
    ``urn:...``); and, with ``use_labels``, a label, alternative label (e.g. an
    acronym), name or title matching exactly but for case.

    Raises:
        error: the text is empty, matches several nodes (the candidates are
            listed) or none (close labels are suggested).
    """
    value = text.strip()
    if not value:
        raise error("empty name or IRI")
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    table = dict(prefix_table(graph))
    if prefixes:
        table.update(prefixes)
    match = _PREFIXED_RE.match(value)
    if match and "://" not in value:
        prefix = match.group(1) or ""
        if prefix in table:
            return URIRef(table[prefix] + match.group(2))
    scheme = _SCHEME_RE.match(value)
    if scheme and ("://" in value or scheme.group(0)[:-1].lower() in _ABSOLUTE_SCHEMES):
        return URIRef(value)
    if not use_labels:
        raise error(f"{value!r} is not an IRI or a prefixed name with a known prefix")
    index = labels_index(graph)
    found = index.get(value.casefold())
    if found and len(found) == 1:
        return next(iter(found))
    if found:
        candidates = sorted(found)
        listed = "; ".join(f"{shorten(c, table)} ({label_of(graph, c, table)})" for c in candidates)
        raise error(f"{value!r} names {len(candidates)} nodes: {listed}")
    close = difflib.get_close_matches(value.casefold(), list(index), n=5, cutoff=0.6)
    message = f"nothing is named {value!r}"
    if close:
        shown = [
            f"{label_of(graph, node, table)} ({shorten(node, table)})"
            for key in close
            for node in sorted(index[key])
        ]
        message += "; close matches: " + ", ".join(dict.fromkeys(shown))
    raise error(message)
