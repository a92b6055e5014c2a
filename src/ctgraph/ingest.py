"""Ingesting documents: candidate facts as RDF, compared with the graph, for review.

:func:`ingest` reads documents (:mod:`ctgraph.documents`), finds what they
state (:mod:`ctgraph.extract`) and returns :class:`Candidates`: an RDF graph
in the project's ontology that a curator reviews before ``ctgraph accept``
merges it into ``data/``. Every candidate carries its provenance the way the
data does (``ctg:statedIn`` a paragraph of the document, reified statements
for facts about entities), plus ``ctg:evidence``, the character span it was
read from (a ``ctg:TextSpan`` with ``oa:start`` and ``oa:end``, offsets in
the paragraph's text), and ``ctg:confidence``, a number from 0 to 1 that says
how sure the rule that read it is.

Each candidate is compared with the graph: it is *new*, it *repeats* what
the graph already says (the same triple, or a relationship with the same
class and key values, which then gets this document as a second source), or
it *contradicts* it (another value of a property that has one value, such
as a date or a place).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .documents import Document, read_document
from .errors import InputError
from .extract import (
    RELATIONSHIP_KEYS,
    Evidence,
    Extraction,
    Relation,
    RelationKey,
    extract,
    known_from_graph,
    local,
    relation_values,
    slug,
)
from .gazetteer import Gazetteer, add_countries
from .namespaces import CT, CTG, OA, ORG, SCHEMA, TIME
from .prefixes import PREFIXES, bind_prefixes, shorten
from .provenance import add_statement

__all__ = [
    "Candidates",
    "Finding",
    "Status",
    "ingest",
]

Status = TypingLiteral["new", "repeats", "contradicts"]

#: Properties that have one value: another value from another source is a conflict.
SINGLE_VALUED: frozenset[URIRef] = frozenset(
    {
        SCHEMA.startDate,
        SCHEMA.endDate,
        SCHEMA.location,
        CTG.basedIn,
        CTG.ordinal,
        CTG.onTheMarginsOf,
        TIME.inXSDDate,
        CTG.notBefore,
        CTG.notAfter,
    }
)

_RELATION_PREFIX = {
    CTG.EventRole: "er",
    CTG.Membership: "m",
    CTG.Support: "s",
    CTG.Commitment: "c",
    CTG.PostHolding: "ph",
}


@dataclass(frozen=True)
class Finding:
    """One candidate and how it compares with the graph."""

    status: Status
    kind: str  # "node", "fact", "relation" or "alias"
    text: str  # a readable line
    paragraph: int
    confidence: float
    previous: tuple[str, ...] = ()  # for a contradiction: the graph's value and its sources


@dataclass
class Candidates:
    """What ``ctgraph ingest`` proposes: an RDF graph and the findings it summarises."""

    graph: Graph
    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def count(self, status: Status, kind: str | None = None) -> int:
        return sum(
            1 for f in self.findings if f.status == status and (kind is None or f.kind == kind)
        )


# Building the RDF --------------------------------------------------------------------


def _document_node(document: Document) -> URIRef:
    return CT[slug(document.path.stem, 80)]


def _paragraph_node(document: Document, number: int) -> URIRef:
    return CT[f"{local(_document_node(document))}-p{number:02d}"]


def _span_node(document: Document, evidence: Evidence) -> tuple[URIRef, int, int]:
    paragraph = document.paragraphs[evidence.paragraph - 1]
    start = max(0, evidence.start - paragraph.start)
    end = min(len(paragraph.text), evidence.end - paragraph.start)
    node = CT[f"{local(_paragraph_node(document, evidence.paragraph))}-c{start}-{end}"]
    return node, start, end


def _document_type(document: Document) -> URIRef:
    head = " ".join(p.text for p in document.paragraphs[:3]).casefold()
    if "joint press release" in head:
        return CT["doctype-joint-press-release"]
    if "press release" in head or "communiqué" in head:
        return CT["doctype-press-release"]
    if "fact sheet" in head:
        return CT["doctype-fact-sheet"]
    return CT["doctype-web-page"]


class _Builder:
    def __init__(self, graph: Graph, gazetteer: Gazetteer) -> None:
        self.known = graph
        self.gazetteer = gazetteer
        self.out = Graph()
        bind_prefixes(self.out, PREFIXES)
        self.findings: list[Finding] = []
        self._relations = _relation_index(graph)

    def label(self, node: Node) -> str:
        if isinstance(node, Literal):
            return str(node)
        entry = self.gazetteer.entry(node) if isinstance(node, URIRef) else None
        if entry is not None:
            return entry.label
        for value in self.out.objects(node, RDFS.label):
            return str(value)
        return local(node) if isinstance(node, URIRef) else str(node)

    def document(self, document: Document) -> None:
        g = self.out
        node = _document_node(document)
        lang = document.language
        title = document.title or document.path.stem
        heading = Evidence(1, 0, 0)
        # A title the text's header says was made up from the page's address.
        made_up = re.search(
            r"\s*\(title inferred from (?:the )?address\)\s*\Z", title, re.IGNORECASE
        )
        if made_up:
            title = title[: made_up.start()]
        g.add((node, RDF.type, CTG.SourceDocument))
        g.add((node, RDFS.label, Literal(title, lang=lang)))
        g.add((node, CTG.statedIn, _paragraph_node(document, 1)))
        self._statement(
            node,
            DCTERMS.title,
            Literal(title, lang=lang),
            document,
            heading,
            1.0,
            note="The title was inferred from the page's address, as the text's header says."
            if made_up
            else None,
        )
        kind = _document_type(document)
        self._statement(
            node,
            CTG.documentType,
            kind,
            document,
            heading,
            1.0,
            note="The kind of document, read from its first paragraphs"
            if kind != CT["doctype-web-page"]
            else "The text does not say what kind of document it is: a web page is assumed.",
        )
        if document.source:
            self._statement(
                node,
                DCTERMS.source,
                URIRef(document.source),
                document,
                heading,
                1.0,
                note="The address the text was taken from (its SOURCE line or the page's address).",
            )
        if document.issued is not None:
            issued = Literal(document.issued.isoformat(), datatype=XSD.date)
            self._statement(
                node,
                DCTERMS.issued,
                issued,
                document,
                heading,
                1.0,
                note=document.issued_note
                if document.issued_note and "dateline" not in document.issued_note
                else None,
            )
        if document.place:
            places = [e for e in self.gazetteer.lookup(document.place) if "place" in e.kinds]
            if places:
                self._statement(node, CTG.placeOfIssue, places[0].node, document, heading, 1.0)
        for paragraph in document.paragraphs:
            p = _paragraph_node(document, paragraph.number)
            g.add((p, RDF.type, CTG.Paragraph))
            g.add((p, DCTERMS.isPartOf, node))
            g.add((p, CTG.paragraphNumber, Literal(paragraph.number)))
            g.add((p, RDFS.label, Literal(f"paragraph {paragraph.number}", lang="en")))

    def evidence(
        self, subject: Node, document: Document, evidence: Evidence, confidence: float | None
    ) -> None:
        g = self.out
        span, start, end = _span_node(document, evidence)
        g.add((subject, CTG.evidence, span))
        g.add((span, RDF.type, CTG.TextSpan))
        g.add((span, DCTERMS.isPartOf, _paragraph_node(document, evidence.paragraph)))
        g.add((span, OA.start, Literal(start)))
        g.add((span, OA.end, Literal(end)))
        if confidence is not None:
            g.add((subject, CTG.confidence, Literal(f"{confidence:.2f}", datatype=XSD.decimal)))

    def _statement(
        self,
        s: URIRef,
        p: URIRef,
        o: Node,
        document: Document,
        evidence: Evidence,
        confidence: float,
        note: str | None = None,
    ) -> None:
        self.out.add((s, p, o))
        paragraph = _paragraph_node(document, evidence.paragraph)
        statement = add_statement(self.out, s, p, o, paragraph, note)
        if evidence.end > evidence.start:
            self.evidence(statement, document, evidence, confidence)

    def extraction(self, found: Extraction) -> None:
        document = found.document
        g = self.out
        lang = document.language
        for node, new in sorted(found.new_nodes.items()):
            for cls in new.classes:
                g.add((node, RDF.type, cls))
            if CTG.Person in new.classes:
                g.add((node, RDF.type, CTG.Person))
            g.add((node, RDFS.label, Literal(new.label, lang=lang)))
            for alt in new.alt_labels:
                g.add((node, SKOS.altLabel, Literal(alt, lang=lang)))
            g.add((node, CTG.statedIn, _paragraph_node(document, new.evidence.paragraph)))
            self.evidence(node, document, new.evidence, new.confidence)
            self.findings.append(
                Finding(
                    "new",
                    "node",
                    f"{_short(node)} a {', '.join(_short(c) for c in new.classes)}: {new.label!r}",
                    new.evidence.paragraph,
                    new.confidence,
                )
            )
        for paragraph, node in sorted(set(found.mentions)):
            g.add((node, CTG.statedIn, _paragraph_node(document, paragraph)))
        for node, cls, evidence in sorted(set(found.types)):
            if (node, RDF.type, cls) not in self.known and (node, RDF.type, cls) not in g:
                g.add((node, RDF.type, cls))
                self.findings.append(
                    Finding(
                        "new", "fact", f"{_short(node)} a {_short(cls)}", evidence.paragraph, 0.8
                    )
                )
        for node, alias, evidence in found.aliases:
            value = Literal(alias, lang=lang)
            status: Status = "repeats" if (node, SKOS.altLabel, value) in self.known else "new"
            self._statement(node, SKOS.altLabel, value, document, evidence, 0.8)
            self.findings.append(
                Finding(
                    status,
                    "alias",
                    f"{_short(node)} is also named {alias!r}",
                    evidence.paragraph,
                    0.8,
                )
            )
        seen: set[tuple[Node, Node, Node]] = set()
        for fact in found.facts:
            triple = (fact.subject, fact.predicate, fact.object)
            if triple in seen:
                continue
            seen.add(triple)
            finer = self._more_precise(fact.subject, fact.predicate, fact.object)
            if finer is not None:
                # "2024" where the graph says "2024-06-04": the document agrees, less precisely.
                self.findings.append(
                    Finding(
                        "repeats",
                        "fact",
                        f"{_short(fact.subject)} {_short(fact.predicate)} "
                        f"{_short(fact.object)} (the graph has {_short(finer)})",
                        fact.evidence.paragraph,
                        fact.confidence,
                    )
                )
                continue
            self._statement(
                fact.subject,
                fact.predicate,
                fact.object,
                document,
                fact.evidence,
                fact.confidence,
                fact.note,
            )
            self.findings.append(
                self._compare_fact(
                    fact.subject,
                    fact.predicate,
                    fact.object,
                    fact.evidence.paragraph,
                    fact.confidence,
                )
            )
        done: set[URIRef] = set()
        for relation in found.relations:
            node, status = self._relation_node(relation)
            if node in done:
                # The same relationship read again: more bounds and sources, one finding.
                self._relation(node, relation, document, again=True)
                continue
            done.add(node)
            self._relation(node, relation, document)
            values = ", ".join(f"{_short(p)} {_short(o)}" for p, o in relation.values)
            self.findings.append(
                Finding(
                    status,
                    "relation",
                    f"{_short(relation.cls)} {relation.label!r} ({values})",
                    relation.evidence.paragraph,
                    relation.confidence,
                )
            )

    def _more_precise(self, s: URIRef, p: URIRef, o: Node) -> Node | None:
        """A date of the graph that ``o`` is a less precise form of ("2024" of "2024-06-04")."""
        if p not in (SCHEMA.startDate, SCHEMA.endDate) or not isinstance(o, Literal):
            return None
        for value in sorted(self.known.objects(s, p), key=str):
            if str(value) != str(o) and str(value).startswith(str(o)):
                return value
        return None

    def _compare_fact(
        self, s: URIRef, p: URIRef, o: Node, paragraph: int, confidence: float
    ) -> Finding:
        text = f"{_short(s)} {_short(p)} {_short(o)}"
        if (s, p, o) in self.known:
            return Finding("repeats", "fact", text, paragraph, confidence)
        if p in SINGLE_VALUED:
            # A more precise date within the graph's ("2025-09-25" in "2025-09") refines it.
            others = [
                v
                for v in self.known.objects(s, p)
                if v != o and not (isinstance(v, Literal) and str(o).startswith(str(v)))
            ]
            if others:
                previous = tuple(
                    f"{_short(v)} ({', '.join(_sources(self.known, s, p, v)) or 'no source'})"
                    for v in others
                )
                return Finding("contradicts", "fact", text, paragraph, confidence, previous)
        return Finding("new", "fact", text, paragraph, confidence)

    def _relation_node(self, relation: Relation) -> tuple[URIRef, Status]:
        key = (relation.cls, relation.values)
        existing = self._relations.get(key)
        if existing is not None:
            return existing, "repeats"
        parts = [_RELATION_PREFIX.get(relation.cls, "r")]
        for _, value in relation.values:
            if isinstance(value, URIRef):
                parts.append(local(value).removeprefix("role-").removeprefix("commitment-"))
        name = "-".join(parts)
        if len(name) > 90:
            digest = hashlib.sha256(name.encode()).hexdigest()[:8]
            name = f"{name[:80].rsplit('-', 1)[0]}-{digest}"
        return CT[name], "new"

    def _relation(
        self, node: URIRef, relation: Relation, document: Document, *, again: bool = False
    ) -> None:
        g = self.out
        g.add((node, RDF.type, relation.cls))
        if not again and not any(self.known.objects(node, RDFS.label)):
            g.add((node, RDFS.label, Literal(relation.label, lang="en")))
        for p, o in relation.values:
            g.add((node, p, o))
        post = dict(relation.values).get(CTG.post)
        if relation.cls == CTG.PostHolding and post is not None:
            for q, o in ((ORG.organization, ORG.postIn), (ORG.role, ORG.role)):
                for value in self.known.objects(post, o):
                    g.add((node, q, value))
        g.add((node, CTG.statedIn, _paragraph_node(document, relation.evidence.paragraph)))
        self.evidence(node, document, relation.evidence, None if again else relation.confidence)
        if relation.begin is None and relation.end is None:
            return
        interval = CT[f"{local(node)}-interval"]
        g.add((node, ORG.memberDuring, interval))
        g.add((interval, RDF.type, TIME.ProperInterval))
        for bound, link, suffix in (
            (relation.begin, TIME.hasBeginning, "begin"),
            (relation.end, TIME.hasEnd, "end"),
        ):
            if bound is None:
                continue
            instant = CT[f"{local(node)}-{suffix}"]
            if any(v != bound.value for v in self.known.objects(instant, bound.predicate)):
                continue  # the graph bounds this end already: one bound of a kind per instant
            g.add((interval, link, instant))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, bound.predicate, bound.value))
            if bound.note and not any(self.known.objects(instant, CTG.inferenceNote)):
                g.add((instant, CTG.inferred, Literal(True)))
                g.add((instant, CTG.inferenceNote, Literal(bound.note, lang="en")))


def _relation_index(graph: Graph) -> dict[tuple[URIRef, RelationKey], URIRef]:
    """Relationship nodes of ``graph`` by class and key values, as :class:`Relation` keys them."""
    index: dict[tuple[URIRef, RelationKey], URIRef] = {}
    for cls in RELATIONSHIP_KEYS:
        for node in sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)):
            index.setdefault((cls, relation_values(graph, node, cls)), node)
    return index


def _sources(graph: Graph, s: Node, p: Node, o: Node) -> list[str]:
    """The paragraphs that state a triple in ``graph``, as short names."""
    found: set[str] = set()
    for statement in graph.subjects(RDF.subject, s):
        if (statement, RDF.predicate, p) in graph and (statement, RDF.object, o) in graph:
            found.update(_short(q) for q in graph.objects(statement, CTG.statedIn))
    return sorted(found)


def _short(node: Node) -> str:
    """A node as the summary shows it: a prefixed name, or a literal in quotes."""
    return f'"{node}"' if isinstance(node, Literal) else shorten(node, PREFIXES)


def ingest(
    documents: Iterable[Document | Path | str],
    graph: Graph,
    *,
    gazetteer: Gazetteer | None = None,
    issued: datetime.date | None = None,
    progress: Callable[[Path], None] | None = None,
) -> Candidates:
    """Read ``documents`` and return their candidate facts, compared with ``graph``.

    Args:
        documents: Documents, or paths of plain-text or HTML files.
        graph: The graph the candidates are for: its names resolve actors,
            and its facts decide what is new, repeated or contradicted.
        gazetteer: The names to find; by default those of ``graph``.
        issued: The date of documents that do not give theirs.
        progress: Called with each path before it is read.

    Raises:
        InputError: a document cannot be read, or states nothing ctgraph
            recognises (no candidate at all): nothing is returned for any.
    """
    names = (gazetteer if gazetteer is not None else Gazetteer.from_graph(graph)).copy()
    countries: set[URIRef] = set()
    states: set[URIRef] = set()
    for language in ("en", "fr"):
        added, upgraded = add_countries(names, str(CT), language)
        countries |= added
        states |= upgraded
    known = known_from_graph(graph)
    builder = _Builder(graph, names)
    read: list[Document] = []
    for item in documents:
        if isinstance(item, Document):
            document = item
        else:
            if progress is not None:
                progress(Path(item))
            document = read_document(item, issued=issued)
        found = extract(document, names, known, countries, states)
        if not (found.new_nodes or found.facts or found.relations or found.aliases):
            raise InputError(
                "no recognisable facts: no known actor, date or relationship was found",
                document.path,
            )
        builder.document(document)
        builder.extraction(found)
        read.append(document)
    return Candidates(builder.out, read, builder.findings)


def summary_lines(candidates: Candidates, *, limit: int = 10) -> list[str]:
    """Return the readable summary ``ctgraph ingest`` prints."""
    lines: list[str] = []
    for document in candidates.documents:
        issued = document.issued.isoformat() if document.issued else "undated"
        lines.append(
            f"{document.path.name}: {len(document.paragraphs)} paragraphs, {issued}, "
            f"{document.language}"
        )
    counts: Counter[tuple[str, str]] = Counter((f.status, f.kind) for f in candidates.findings)
    lines.append(
        "new nodes: {}; new facts: {}; repeated facts: {}; contradicted: {}".format(
            counts[("new", "node")],
            sum(n for (status, kind), n in counts.items() if status == "new" and kind != "node"),
            sum(n for (status, _), n in counts.items() if status == "repeats"),
            sum(n for (status, _), n in counts.items() if status == "contradicts"),
        )
    )
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in candidates.findings:
        title = {
            "new": "New",
            "repeats": "Repeats the graph",
            "contradicts": "Contradicts the graph",
        }[finding.status]
        groups[title if finding.kind != "node" or finding.status != "new" else "New nodes"].append(
            finding
        )
    for title in ("New nodes", "New", "Contradicts the graph", "Repeats the graph"):
        found = groups.get(title, [])
        if not found:
            continue
        lines.append(f"{title} ({len(found)}):")
        shown = sorted(found, key=lambda f: (-f.confidence, f.paragraph, f.text))
        for finding in shown if title == "Contradicts the graph" else shown[:limit]:
            lines.append(f"  p{finding.paragraph} [{finding.confidence:.2f}] {finding.text}")
            for previous in finding.previous:
                lines.append(f"      the graph says {previous}")
        if title != "Contradicts the graph" and len(found) > limit:
            lines.append(f"  ... and {len(found) - limit} more")
    return lines


def write_candidates(candidates: Candidates, destination: Path) -> int:
    """Write the candidates as Turtle to ``destination`` (atomically); return the triple count."""
    from .export import serialize, write_atomic

    write_atomic(destination, serialize(candidates.graph, "turtle"))
    return len(candidates.graph)
