"""A total order on RDF terms, and their N-Triples spelling."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = ["escape_iri", "escape_string", "nt_term", "term_key"]


def term_key(term: Node | None) -> tuple[int, str, str, str]:
    """Sort key: IRIs, then blank nodes, then literals, then unbound; each by text.

    Literals compare by lexical form, then datatype, then language tag, so
    the order never depends on Python's hashing or on rdflib's value parsing.
    """
    if term is None:
        return (3, "", "", "")
    if isinstance(term, Literal):
        return (2, str(term), str(term.datatype or ""), term.language or "")
    rank = 0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 4
    return (rank, str(term), "", "")


_STRING_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def escape_string(text: str) -> str:
    """Escape ``text`` for a double-quoted N-Triples, Turtle or SPARQL string."""
    out: list[str] = []
    for char in text:
        if char in _STRING_ESCAPES:
            out.append(_STRING_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return "".join(out)


_IRI_FORBIDDEN = set('<>"{}|^`\\ ')


def escape_iri(iri: str) -> str:
    """Escape the characters an IRI reference may not hold between ``<`` and ``>``."""
    out: list[str] = []
    for char in iri:
        # Unicode white space is allowed in an IRI, but rdflib's line parsers take it
        # for a separator: it is escaped too (every reader decodes \u escapes).
        if char in _IRI_FORBIDDEN or ord(char) <= 0x20 or char.isspace():
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return "".join(out)


def nt_term(term: Node, bnode_label: str | None = None) -> str:
    """Spell ``term`` as in N-Triples (UTF-8, not ASCII-escaped).

    Args:
        term: An IRI, blank node or literal.
        bnode_label: The label to write for a blank node instead of its id.
    """
    if isinstance(term, URIRef):
        return f"<{escape_iri(str(term))}>"
    if isinstance(term, BNode):
        return f"_:{bnode_label if bnode_label is not None else term}"
    if isinstance(term, Literal):
        text = f'"{escape_string(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{escape_iri(str(term.datatype))}>"
        return text
    raise TypeError(f"not an RDF term: {term!r}")
