"""Deterministic writers of Turtle, TriG, N-Triples, N-Quads, JSON-LD and RDF/XML."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .errors import ExportError
from .prefixes import split_iri
from .terms import escape_iri, escape_string, nt_term, term_key

__all__ = [
    "Quad",
    "Triple",
    "jsonld_context",
    "turtle_term",
    "write_jsonld",
    "write_nquads",
    "write_ntriples",
    "write_rdfxml",
    "write_trig",
    "write_turtle",
]

Triple = tuple[Node, Node, Node]
#: A triple and the named graph it is in (``None``: the default graph).
Quad = tuple[Node, Node, Node, URIRef | None]

_INTEGER_RE = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL_RE = re.compile(r"[+-]?[0-9]*\.[0-9]+\Z")
_DOUBLE_RE = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+\Z")
_BARE_LITERALS = {
    XSD.integer: _INTEGER_RE,
    XSD.decimal: _DECIMAL_RE,
    XSD.double: _DOUBLE_RE,
}


#: Blank nodes are nested in ``[ ]`` at most this deep; deeper ones are written as
#: blocks of their own, so that writing (and reading back) needs no deep recursion.
_MAX_NESTING = 40


def _predicate_key(predicate: Node) -> tuple[int, str]:
    return (0 if predicate == RDF.type else 1, str(predicate))


class _Names:
    """Spells IRIs with the prefix table, remembering which prefixes were used."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(prefixes)
        self.used: set[str] = set()
        # Graphs repeat their IRIs many times: each is spelt once.
        self._spelt: dict[URIRef, tuple[str, str | None]] = {}

    def iri(self, iri: URIRef) -> str:
        found = self._spelt.get(iri)
        if found is None:
            parts = split_iri(str(iri), self.prefixes)
            if parts is None:
                found = (f"<{escape_iri(str(iri))}>", None)
            else:
                found = (f"{parts[0]}:{parts[1]}", parts[0])
            self._spelt[iri] = found
        if found[1] is not None:
            self.used.add(found[1])
        return found[0]

    def literal(self, literal: Literal) -> str:
        lexical = str(literal)
        if literal.language:
            return f'"{escape_string(lexical)}"@{literal.language}'
        datatype = literal.datatype
        if datatype is None or datatype == XSD.string:
            return f'"{escape_string(lexical)}"'
        pattern = _BARE_LITERALS.get(datatype)
        if pattern is not None and pattern.match(lexical):
            return lexical
        if datatype == XSD.boolean and lexical in ("true", "false"):
            return lexical
        return f'"{escape_string(lexical)}"^^{self.iri(datatype)}'

    def header(self) -> list[str]:
        return [f"@prefix {p}: <{escape_iri(self.prefixes[p])}> ." for p in sorted(self.used)]


def turtle_term(term: Node, prefixes: Mapping[str, str]) -> str:
    """Spell one term as Turtle would, with prefixed names where a prefix fits."""
    names = _Names(prefixes)
    if isinstance(term, URIRef):
        return names.iri(term)
    if isinstance(term, Literal):
        return names.literal(term)
    return f"_:{term}"


class _TurtleBody:
    """Writes the statements of one graph; blank nodes used once are nested."""

    def __init__(self, triples: Iterable[Triple], names: _Names) -> None:
        self.names = names
        self.by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        object_uses: Counter[Node] = Counter()
        for s, p, o in set(triples):
            self.by_subject[s][p].append(o)
            if isinstance(o, BNode):
                object_uses[o] += 1
        for predicates in self.by_subject.values():
            for objects in predicates.values():
                objects.sort(key=term_key)
        # Nest a blank node where it is the object of exactly one triple and is
        # reached from a written subject (so cycles of blank nodes still appear).
        candidates = {b for b, n in object_uses.items() if n == 1}
        self.nested: set[Node] = set()
        top = sorted((s for s in self.by_subject if s not in candidates), key=term_key)
        self._top_set: set[Node] = set(top)
        for subject in top:
            self._reach(subject, candidates)
        leftover = sorted(
            (b for b in candidates if b in self.by_subject and b not in self.nested), key=term_key
        )
        self.top: list[Node] = list(top)
        while leftover:
            first = leftover[0]
            self.top.append(first)
            self._top_set.add(first)
            self._reach(first, candidates)
            leftover = [b for b in leftover if b not in self.nested and b != first]
        self.top.sort(key=term_key)
        #: Blank nodes nested too deep to write in place, written as blocks after.
        self.deferred: list[Node] = []

    def _reach(self, start: Node, candidates: set[Node]) -> None:
        stack = [start]
        while stack:
            node = stack.pop()
            for objects in self.by_subject.get(node, {}).values():
                for o in objects:
                    if o in candidates and o not in self.nested and o not in self._top_set:
                        self.nested.add(o)
                        stack.append(o)

    def _list_items(self, node: Node) -> list[Node] | None:
        """Return the members of a well-formed nested RDF list starting at ``node``."""
        items: list[Node] = []
        seen: set[Node] = set()
        while node != RDF.nil:
            if not isinstance(node, BNode) or node in seen or node not in self.nested:
                return None
            seen.add(node)
            predicates = self.by_subject.get(node, {})
            if set(predicates) != {RDF.first, RDF.rest}:
                return None
            first, rest = predicates[RDF.first], predicates[RDF.rest]
            if len(first) != 1 or len(rest) != 1:
                return None
            items.append(first[0])
            node = rest[0]
        return items

    def term(self, node: Node, indent: str) -> str:
        if isinstance(node, URIRef):
            return self.names.iri(node)
        if isinstance(node, Literal):
            return self.names.literal(node)
        if isinstance(node, BNode):
            if node not in self.nested:
                return f"_:{node}"
            if len(indent) >= 4 * _MAX_NESTING:  # deeper: a block of its own, after this one
                self.deferred.append(node)
                return f"_:{node}"
            items = self._list_items(node)
            if items is not None:
                return (
                    "( " + " ".join(self.term(i, indent) for i in items) + " )" if items else "()"
                )
            predicates = self.by_subject.get(node)
            if not predicates:
                return "[]"
            inner = indent + "    "
            return "[\n" + self._predicates(node, inner) + "\n" + indent + "]"
        raise ExportError(f"not an RDF term: {node!r}")

    def _predicates(self, subject: Node, indent: str) -> str:
        lines = []
        predicates = self.by_subject[subject]
        for predicate in sorted(predicates, key=_predicate_key):
            verb = "a" if predicate == RDF.type else self.term(predicate, indent)
            objects = ", ".join(self.term(o, indent) for o in predicates[predicate])
            lines.append(f"{indent}{verb} {objects}")
        return " ;\n".join(lines)

    def statements(self, indent: str = "") -> list[str]:
        blocks = []
        pending = list(self.top)
        while pending:
            for subject in pending:
                head = f"_:{subject}" if isinstance(subject, BNode) else self.term(subject, indent)
                body = self._predicates(subject, indent + "    ")
                blocks.append(f"{indent}{head}\n{body} .")
            pending, self.deferred = self.deferred, []
        return blocks


def write_turtle(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> bytes:
    """Write Turtle: subjects, predicates (``rdf:type`` first) and objects sorted.

    Only prefixes that are used are declared; IRIs that no prefix fits are
    written in full. Blank nodes keep the labels they have, so label them
    deterministically first.
    """
    names = _Names(prefixes)
    blocks = _TurtleBody(triples, names).statements()
    header = names.header()
    parts = []
    if header:
        parts.append("\n".join(header))
    parts.extend(blocks)
    return ("\n\n".join(parts) + "\n").encode("utf-8") if parts else b""


def write_trig(quads: Iterable[Quad], prefixes: Mapping[str, str]) -> bytes:
    """Write TriG: default-graph triples first, then each named graph by IRI."""
    names = _Names(prefixes)
    graphs: dict[URIRef | None, list[Triple]] = defaultdict(list)
    for s, p, o, g in quads:
        graphs[g].append((s, p, o))
    blocks: list[str] = []
    if None in graphs:
        blocks.extend(_TurtleBody(graphs[None], names).statements())
    for graph in sorted((g for g in graphs if g is not None), key=str):
        body = "\n\n".join(_TurtleBody(graphs[graph], names).statements("    "))
        blocks.append(f"{names.iri(graph)} {{\n{body}\n}}")
    header = names.header()
    parts = (["\n".join(header)] if header else []) + blocks
    return ("\n\n".join(parts) + "\n").encode("utf-8") if parts else b""


def write_ntriples(triples: Iterable[Triple]) -> bytes:
    """Write N-Triples, one line per triple, lines sorted."""
    lines = sorted({f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples})
    return "".join(lines).encode("utf-8")


def write_nquads(quads: Iterable[Quad]) -> bytes:
    """Write N-Quads, one line per quad, lines sorted."""
    lines = set()
    for s, p, o, g in quads:
        graph = f" {nt_term(g)}" if g is not None else ""
        lines.add(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{graph} .\n")
    return "".join(sorted(lines)).encode("utf-8")


def jsonld_context(prefixes: Mapping[str, str]) -> dict[str, object]:
    """Return a JSON-LD ``@context`` value declaring ``prefixes``, sorted."""
    context: dict[str, object] = {}
    for prefix in sorted(prefixes):
        namespace = prefixes[prefix]
        # JSON-LD 1.1 uses a term as a prefix only when its IRI ends with a
        # gen-delim character; otherwise it must say so.
        if namespace and namespace[-1] in ":/?#[]@":
            context[prefix] = namespace
        else:
            context[prefix] = {"@id": namespace, "@prefix": True}
    return context


def write_jsonld(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> bytes:
    """Write flattened JSON-LD with an embedded ``@context`` of the prefixes used.

    Nodes are sorted by ``@id``, properties by IRI, values like Turtle objects.
    Literals keep their lexical form (``@value`` with ``@type`` or
    ``@language``), so nothing is lost to JSON numbers.
    """
    names = _Names(prefixes)

    def compact(iri: Node) -> str:
        if isinstance(iri, BNode):
            return f"_:{iri}"
        spelt = names.iri(URIRef(str(iri)))
        # JSON strings need no IRI escapes: Turtle's \u007C would stay in the IRI.
        return str(iri) if spelt.startswith("<") else spelt

    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in set(triples):
        by_subject[s][p].append(o)
    nodes: list[dict[str, object]] = []
    for subject in sorted(by_subject, key=term_key):
        node: dict[str, object] = {"@id": compact(subject)}
        predicates = by_subject[subject]
        types = sorted(
            (o for o in predicates.get(RDF.type, []) if isinstance(o, URIRef)), key=term_key
        )
        if types:
            node["@type"] = [compact(t) for t in types]
        for predicate in sorted(predicates, key=_predicate_key):
            objects = sorted(predicates[predicate], key=term_key)
            if predicate == RDF.type:
                objects = [o for o in objects if not isinstance(o, URIRef)]
                if not objects:
                    continue
            values: list[object] = []
            for o in objects:
                if isinstance(o, Literal):
                    value: dict[str, str] = {"@value": str(o)}
                    if o.language:
                        value["@language"] = o.language
                    elif o.datatype is not None and o.datatype != XSD.string:
                        value["@type"] = compact(o.datatype)
                    values.append(value)
                else:
                    values.append({"@id": compact(o)})
            node[compact(predicate)] = values
        nodes.append(node)
    context = jsonld_context({p: names.prefixes[p] for p in names.used})
    document = {"@context": context, "@graph": nodes}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


_NCNAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str, what: str) -> str:
    if _XML_INVALID_RE.search(text):
        raise ExportError(f"{what} holds a character XML 1.0 cannot carry: {text[:40]!r}")
    return text


def write_rdfxml(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> bytes:
    """Write RDF/XML: one ``rdf:Description`` per subject, sorted like Turtle.

    Raises:
        ExportError: a predicate cannot be written as an XML qualified name
            (its IRI does not end in an XML name), or a literal holds a
            character XML cannot carry.
    """
    table = dict(prefixes)
    table.setdefault("rdf", str(RDF))
    by_namespace = {ns: p for p, ns in table.items()}
    qnames: dict[Node, str] = {}
    invented: dict[str, str] = {}
    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in set(triples):
        by_subject[s][p].append(o)
    predicates = sorted({p for ps in by_subject.values() for p in ps}, key=_predicate_key)
    for predicate in predicates:
        iri = str(predicate)
        qname = None
        for ns in sorted(by_namespace, key=len, reverse=True):
            if iri.startswith(ns) and _NCNAME_RE.match(iri[len(ns) :]):
                qname = f"{by_namespace[ns]}:{iri[len(ns) :]}"
                break
        if qname is None:
            match = re.search(r"[A-Za-z_][A-Za-z0-9_.-]*\Z", iri)
            if match is None or match.start() == 0:
                raise ExportError(f"cannot write the predicate <{iri}> in RDF/XML (no XML name)")
            invented.setdefault(iri[: match.start()], "")
            qname = iri[: match.start()] + " " + match.group(0)  # resolved below
        qnames[predicate] = qname
    # Namespaces no prefix fits get p0, p1, ... in sorted order; XML needs a prefix.
    taken = set(table)
    counter = 0
    for ns in sorted(invented):
        while f"p{counter}" in taken:
            counter += 1
        invented[ns] = f"p{counter}"
        taken.add(invented[ns])
        table[invented[ns]] = ns
    for predicate, qname in qnames.items():
        if " " in qname:
            ns, local = qname.split(" ", 1)
            qnames[predicate] = f"{invented[ns]}:{local}"
    used = {"rdf"} | {q.split(":", 1)[0] for q in qnames.values()}
    lines = ['<?xml version="1.0" encoding="utf-8"?>']
    declarations = " ".join(f"xmlns:{p}={quoteattr(table[p])}" for p in sorted(used))
    lines.append(f"<rdf:RDF {declarations}>")
    for subject in sorted(by_subject, key=term_key):
        if isinstance(subject, BNode):
            about = f"rdf:nodeID={quoteattr(str(subject))}"
        else:
            about = f"rdf:about={quoteattr(_xml_text(str(subject), 'an IRI'))}"
        lines.append(f"  <rdf:Description {about}>")
        for predicate in sorted(by_subject[subject], key=_predicate_key):
            tag = qnames[predicate]
            for o in sorted(by_subject[subject][predicate], key=term_key):
                if isinstance(o, URIRef):
                    lines.append(
                        f"    <{tag} rdf:resource={quoteattr(_xml_text(str(o), 'an IRI'))}/>"
                    )
                elif isinstance(o, BNode):
                    lines.append(f"    <{tag} rdf:nodeID={quoteattr(str(o))}/>")
                elif isinstance(o, Literal):
                    attribute = ""
                    if o.language:
                        attribute = f" xml:lang={quoteattr(o.language)}"
                    elif o.datatype is not None and o.datatype != XSD.string:
                        attribute = f" rdf:datatype={quoteattr(str(o.datatype))}"
                    text = xml_escape(_xml_text(str(o), "a literal"), {"\r": "&#13;"})
                    lines.append(f"    <{tag}{attribute}>{text}</{tag}>")
        lines.append("  </rdf:Description>")
    lines.append("</rdf:RDF>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def triples_of(quads: Sequence[Quad]) -> list[Triple]:
    """Drop the graph names of ``quads``."""
    return [(s, p, o) for s, p, o, _ in quads]
