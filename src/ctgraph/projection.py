"""The projection of the RDF graph to a networkx graph of actors, frameworks, events and places."""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS
from rdflib.term import Node

from .errors import InputError
from .load import LoadedGraph
from .namespaces import CT, CTG, ORG, SCHEMA, TIME
from .prefixes import prefix_table, shorten
from .provenance import Source, sources_of

__all__ = [
    "EDGE_KINDS",
    "NODE_TYPES",
    "Interval",
    "interval_of",
    "node_type",
    "project",
    "source_text",
]

#: The types of the projection's nodes.
NODE_TYPES: tuple[str, ...] = (
    "state",
    "un-entity",
    "unit",
    "framework",
    "programme",
    "person",
    "event",
    "series",
    "place",
    "post",
    "document",
    "organisation",
)

#: The kinds of the projection's edges.
EDGE_KINDS: tuple[str, ...] = (
    "member-of",
    "co-chaired",
    "chaired",
    "participated",
    "unit-of",
    "supports",
    "initiated",
    "partner",
    "on-the-margins-of",
    "in-series",
    "held-in",
    "holds-post",
    "post-in",
    "runs",
    "delivered-through",
    "based-in",
    "committed",
    "concerns",
    "located-in",
    "organised-by",
    "affiliated-with",
    "serves",
    "discussed",
    "about",
)

PROV_PERSON = URIRef("http://www.w3.org/ns/prov#Person")

# The node type given by each class, checked against a node's classes and
# their superclasses in this order, so that a node of two kinds gets the more
# specific one: Morocco (a state and a country) is a state, the Marrakech
# Platform (a platform and an event series) a framework.
_TYPE_ORDER: tuple[str, ...] = (
    "state",
    "un-entity",
    "unit",
    "framework",
    "programme",
    "person",
    "series",
    "event",
    "place",
    "post",
    "document",
    "organisation",
)
# Subclasses of ctgraph are listed too, so that data loaded without the
# ontology still projects.
_CLASS_TYPES: dict[URIRef, str] = {
    CTG.State: "state",
    CTG.UNEntity: "un-entity",
    CTG.Unit: "unit",
    CTG.Office: "unit",
    CTG.Centre: "unit",
    CTG.AdvisoryBoard: "unit",
    ORG.OrganizationalUnit: "unit",
    CTG.CooperationFramework: "framework",
    CTG.Forum: "framework",
    CTG.Platform: "framework",
    CTG.Process: "framework",
    CTG.GroupOfFriends: "framework",
    CTG.Partnership: "framework",
    CTG.CoordinationFramework: "framework",
    ORG.OrganizationalCollaboration: "framework",
    CTG.Programme: "programme",
    SCHEMA.Project: "programme",
    CTG.Person: "person",
    FOAF.Person: "person",
    SCHEMA.Person: "person",
    PROV_PERSON: "person",
    CTG.EventSeries: "series",
    SCHEMA.EventSeries: "series",
    CTG.Event: "event",
    CTG.Dialogue: "event",
    CTG.HighLevelMeeting: "event",
    CTG.Conference: "event",
    CTG.ForumMeeting: "event",
    CTG.HighLevelWeek: "event",
    CTG.Inauguration: "event",
    SCHEMA.Event: "event",
    CTG.City: "place",
    CTG.Country: "place",
    CTG.Continent: "place",
    SCHEMA.Place: "place",
    CTG.Post: "post",
    ORG.Post: "post",
    CTG.SourceDocument: "document",
    ORG.Organization: "organisation",
    ORG.FormalOrganization: "organisation",
    SCHEMA.Organization: "organisation",
    FOAF.Organization: "organisation",
}

# Node types that are never projected as nodes of their own: documents are
# the sources of facts, posts are carried by the post holdings' edges.
_NOT_ENTITIES = frozenset({"document", "post"})

ROLE_CHAIR = CT["role-chair"]
ROLE_CO_CHAIR = CT["role-co-chair"]
ROLE_INITIATOR = CT["role-initiator"]

# Triples projected as plain edges: predicate -> (kind, label, reversed).
# "runs" reverses ctg:runBy so that the arrow goes from the organisation to
# its programme.
_PLAIN_EDGES: dict[URIRef, tuple[str, str, bool]] = {
    ORG.unitOf: ("unit-of", "unit of", False),
    CTG.partner: ("partner", "partner", False),
    CTG.onTheMarginsOf: ("on-the-margins-of", "on the margins of", False),
    CTG.inSeries: ("in-series", "in series", False),
    SCHEMA.location: ("held-in", "held in", False),
    CTG.basedIn: ("based-in", "based in", False),
    CTG.runBy: ("runs", "runs", True),
    CTG.deliveredThrough: ("delivered-through", "delivered through", False),
    SCHEMA.containedInPlace: ("located-in", "located in", False),
    ORG.postIn: ("post-in", "post in", False),
    SCHEMA.organizer: ("organised-by", "organised by", False),
    SCHEMA.affiliation: ("affiliated-with", "affiliated with", False),
    SCHEMA.areaServed: ("serves", "serves", False),
    CTG.discussed: ("discussed", "discussed", False),
    SCHEMA.about: ("about", "about", False),
}

# The type an endpoint is given when the graph does not type it, by edge kind.
_FALLBACK_TYPES: dict[str, tuple[str, str]] = {
    "held-in": ("event", "place"),
    "based-in": ("unit", "place"),
    "located-in": ("place", "place"),
    "in-series": ("event", "series"),
    "on-the-margins-of": ("event", "event"),
    "participated": ("organisation", "event"),
    "holds-post": ("person", "organisation"),
    "post-in": ("post", "organisation"),
    "runs": ("organisation", "programme"),
    "delivered-through": ("programme", "unit"),
    "unit-of": ("unit", "organisation"),
    "partner": ("framework", "organisation"),
}

_DATE_RE = re.compile(r"(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?")


def _english(values: Iterable[Node]) -> str | None:
    """The least of the English or untagged literals, else of all literals."""
    literals = [v for v in values if isinstance(v, Literal)]
    if not literals:
        return None
    preferred = [
        v for v in literals if v.language in (None, "en") or str(v.language).startswith("en-")
    ]
    return min(str(v) for v in (preferred or literals))


def _label(graph: Graph, node: Node, table: Mapping[str, str]) -> str:
    """rdfs:label, else skos:prefLabel, else the prefixed name."""
    for prop in (RDFS.label, SKOS.prefLabel):
        text = _english(graph.objects(node, prop))
        if text is not None:
            return text
    return shorten(node, table)


def _names(graph: Graph, node: Node) -> list[str]:
    return [
        str(v)
        for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
        for v in graph.objects(node, prop)
        if isinstance(v, Literal)
        and (v.language is None or v.language == "en" or str(v.language).startswith("en-"))
    ]


def _short(graph: Graph, node: Node, label: str) -> str:
    """The acronym among the alternative labels (all capitals, one word), else the label."""
    acronyms = [
        str(v)
        for v in graph.objects(node, SKOS.altLabel)
        if isinstance(v, Literal) and str(v).isupper() and not any(c.isspace() for c in str(v))
    ]
    return min(acronyms, key=lambda a: (len(a), a)) if acronyms else label


def _brief(graph: Graph, node: Node, table: Mapping[str, str]) -> str:
    """The shortest English name of a node (label or alternative label), for edge labels."""
    names = _names(graph, node)
    return min(names, key=lambda n: (len(n), n)) if names else _label(graph, node, table)


def _superclasses(
    graph: Graph, cls: URIRef, cache: dict[URIRef, frozenset[URIRef]]
) -> frozenset[URIRef]:
    found = cache.get(cls)
    if found is None:
        found = frozenset(
            c for c in graph.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef)
        )
        cache[cls] = found
    return found


def node_type(graph: Graph, node: Node) -> str | None:
    """Return the projection type of ``node`` (one of :data:`NODE_TYPES`), or None.

    The type comes from the node's classes and their superclasses; a node of
    several kinds gets the most specific (a state before a place, a
    framework before an event series).
    """
    return _node_type(graph, node, {})


def _node_type(graph: Graph, node: Node, cache: dict[URIRef, frozenset[URIRef]]) -> str | None:
    found: set[str] = set()
    for cls in graph.objects(node, RDF.type):
        if isinstance(cls, URIRef):
            for c in _superclasses(graph, cls, cache):
                if c in _CLASS_TYPES:
                    found.add(_CLASS_TYPES[c])
    return next((t for t in _TYPE_ORDER if t in found), None)


def _first_day(text: str) -> datetime.date | None:
    """The first day of an xsd:date, xsd:gYearMonth or xsd:gYear (``2024-09`` is 1 September)."""
    match = _DATE_RE.match(text)
    if not match:
        return None
    try:
        return datetime.date(
            int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
        )
    except ValueError:
        return None


def _last_day(text: str) -> datetime.date | None:
    """The last day of an xsd:date, xsd:gYearMonth or xsd:gYear (``2024`` is 31 December)."""
    match = _DATE_RE.match(text)
    if not match:
        return None
    year = int(match.group(1))
    try:
        if match.group(3):
            return datetime.date(year, int(match.group(2)), int(match.group(3)))
        if match.group(2):
            month = int(match.group(2))
            following = datetime.date(year + month // 12, month % 12 + 1, 1)
            return following - datetime.timedelta(days=1)
        return datetime.date(year, 12, 31)
    except ValueError:
        return None


def _first_value(graph: Graph, node: Node | None, prop: URIRef) -> str:
    if node is None:
        return ""
    values = sorted(str(v) for v in graph.objects(node, prop) if isinstance(v, Literal))
    return values[0] if values else ""


@dataclass(frozen=True)
class Interval:
    """The time interval of a membership or post holding, as the graph bounds it.

    Each field is the lexical date of the graph, or "" when absent:
    ``begin`` and ``end`` exact (``time:inXSDDate``), ``begin_not_after``,
    ``begin_not_before``, ``end_not_after`` and ``end_not_before`` bounds
    (``ctg:notAfter``, ``ctg:notBefore``). Bounds are inclusive.
    """

    begin: str = ""
    begin_not_after: str = ""
    begin_not_before: str = ""
    end: str = ""
    end_not_after: str = ""
    end_not_before: str = ""

    def status(self, on: datetime.date) -> str:
        """Return "former", "not yet", "current" or "unknown" on the date ``on``.

        The rule of ``queries/roles-as-of.rq``, in this order: former when
        the end is known to be on or before ``on`` (an exact end or a
        not-after bound); not yet when the beginning is known to be after it;
        current when the beginning is known to be on or before it and the
        role known to be held on it (an exact end after it, or a not-before
        bound of the end on or after it); unknown otherwise. An exact date,
        when given, decides alone.
        """
        ended_by = _last_day(self.end or self.end_not_after)
        if ended_by is not None and ended_by <= on:
            return "former"
        if self.begin:
            begin = _first_day(self.begin)
            if begin is not None and begin > on:
                return "not yet"
        elif self.begin_not_before:
            earliest = _first_day(self.begin_not_before)
            if earliest is not None and earliest > on:
                return "not yet"
        begun_by = _last_day(self.begin or self.begin_not_after)
        if self.end:
            end = _first_day(self.end)
            held = end is not None and end > on
        else:
            attested = _first_day(self.end_not_before) if self.end_not_before else None
            held = attested is not None and attested >= on
        if begun_by is not None and begun_by <= on and held:
            return "current"
        return "unknown"

    @property
    def start_text(self) -> str:
        """The beginning as ISO text: exact, or an ISO 8601-2 set of bounds, or ""."""
        return self.begin or _bounds(self.begin_not_before, self.begin_not_after)

    @property
    def end_text(self) -> str:
        """The end as ISO text: exact, or an ISO 8601-2 set of bounds, or ""."""
        return self.end or _bounds(self.end_not_before, self.end_not_after)


def _bounds(not_before: str, not_after: str) -> str:
    if not_before or not_after:
        return f"[{not_before}..{not_after}]"
    return ""


def interval_of(graph: Graph, relationship: Node) -> Interval | None:
    """Return the interval (``org:memberDuring``) of a relationship node, or None."""
    interval = graph.value(relationship, ORG.memberDuring)
    if interval is None:
        return None
    begin = graph.value(interval, TIME.hasBeginning)
    end = graph.value(interval, TIME.hasEnd)
    return Interval(
        begin=_first_value(graph, begin, TIME.inXSDDate),
        begin_not_after=_first_value(graph, begin, CTG.notAfter),
        begin_not_before=_first_value(graph, begin, CTG.notBefore),
        end=_first_value(graph, end, TIME.inXSDDate),
        end_not_after=_first_value(graph, end, CTG.notAfter),
        end_not_before=_first_value(graph, end, CTG.notBefore),
    )


def source_text(source: Source, table: Mapping[str, str]) -> str:
    """A source as ``DOCUMENT#pN`` (``ct:pr-2024-09-26#p4``), or ``DOCUMENT#PARAGRAPH``."""
    document = shorten(source.document, table)
    if source.number is not None:
        return f"{document}#p{source.number}"
    return f"{document}#{shorten(source.paragraph, table)}"


@dataclass(frozen=True)
class _Edge:
    """An edge before filtering, with what the filters need to judge it."""

    u: URIRef
    v: URIRef
    key: str
    kind: str
    label: str
    role: URIRef | None
    relationship: URIRef | None
    sources: frozenset[Source]
    interval: Interval | None = None
    start: str = ""
    end: str = ""
    event: URIRef | None = None  # the event it depends on: held at, made at


def _own_sources(graph: Graph, node: Node) -> frozenset[Source]:
    """The paragraphs that state a node: its own ``ctg:statedIn``, through its types."""
    found: set[Source] = set()
    for cls in graph.objects(node, RDF.type):
        found |= sources_of(graph, node, RDF.type, cls)
    return frozenset(found)


def _uris(graph: Graph, node: Node, prop: URIRef) -> list[URIRef]:
    return sorted(o for o in graph.objects(node, prop) if isinstance(o, URIRef))


def _instances(graph: Graph, cls: URIRef) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))


def _broader(graph: Graph, concept: URIRef) -> set[Node]:
    return {c for c in graph.transitive_objects(concept, SKOS.broader) if c is not None}


def _membership_kind(graph: Graph, role: URIRef | None) -> str:
    if role is None:
        return "member-of"
    ancestors = _broader(graph, role)
    if ROLE_CO_CHAIR in ancestors:
        return "co-chaired"
    if ROLE_CHAIR in ancestors:
        return "chaired"
    if ROLE_INITIATOR in ancestors:
        return "initiated"
    return "member-of"


def _event_role_kind(graph: Graph, role: URIRef | None) -> str:
    ancestors = _broader(graph, role) if role is not None else set()
    if ROLE_CO_CHAIR in ancestors:
        return "co-chaired"
    if ROLE_CHAIR in ancestors:
        return "chaired"
    return "participated"


def _relationship_edges(graph: Graph, table: Mapping[str, str]) -> Iterator[_Edge]:
    """Collapse each membership, post holding, support, event role and commitment."""
    for node in _instances(graph, CTG.Membership):
        role = graph.value(node, ORG.role)
        role_iri = role if isinstance(role, URIRef) else None
        interval = interval_of(graph, node)
        for member in _uris(graph, node, ORG.member):
            for organisation in _uris(graph, node, ORG.organization):
                yield _Edge(
                    member,
                    organisation,
                    shorten(node, table),
                    _membership_kind(graph, role_iri),
                    _label(graph, role_iri, table) if role_iri is not None else "member",
                    role_iri,
                    node,
                    _own_sources(graph, node),
                    interval,
                    interval.start_text if interval else "",
                    interval.end_text if interval else "",
                )
    for node in _instances(graph, CTG.PostHolding):
        role = graph.value(node, ORG.role)
        role_iri = role if isinstance(role, URIRef) else None
        interval = interval_of(graph, node)
        posts = _uris(graph, node, CTG.post)
        post_label = "; ".join(_label(graph, p, table) for p in posts) or "holds post"
        for person in _uris(graph, node, ORG.member):
            for organisation in _uris(graph, node, ORG.organization):
                yield _Edge(
                    person,
                    organisation,
                    shorten(node, table),
                    "holds-post",
                    post_label,
                    role_iri,
                    node,
                    _own_sources(graph, node),
                    interval,
                    interval.start_text if interval else "",
                    interval.end_text if interval else "",
                )
    for node in _instances(graph, CTG.Support):
        through = _uris(graph, node, CTG.through)
        label = "supports"
        if through:
            label += f" (through {', '.join(_brief(graph, t, table) for t in through)})"
        for supporter in _uris(graph, node, CTG.supporter):
            for recipient in _uris(graph, node, CTG.recipient):
                yield _Edge(
                    supporter,
                    recipient,
                    shorten(node, table),
                    "supports",
                    label,
                    None,
                    node,
                    _own_sources(graph, node),
                )
    for node in _instances(graph, CTG.EventRole):
        role = graph.value(node, CTG.role)
        role_iri = role if isinstance(role, URIRef) else None
        kind = _event_role_kind(graph, role_iri)
        for agent in _uris(graph, node, CTG.agent):
            for event in _uris(graph, node, CTG.atEvent):
                yield _Edge(
                    agent,
                    event,
                    shorten(node, table),
                    kind,
                    _label(graph, role_iri, table) if role_iri is not None else "participant",
                    role_iri,
                    node,
                    _own_sources(graph, node),
                    start=_first_value(graph, event, SCHEMA.startDate),
                    end=_first_value(graph, event, SCHEMA.endDate),
                    event=event,
                )
    for node in _instances(graph, CTG.Commitment):
        kinds = _uris(graph, node, CTG.commitmentKind)
        label = "; ".join(_label(graph, k, table) for k in kinds)
        sources = _own_sources(graph, node)
        events = _uris(graph, node, CTG.madeAt)
        first_event = events[0] if events else None
        start = _first_value(graph, first_event, SCHEMA.startDate)
        for concerned in _uris(graph, node, CTG.concerns):
            for party in _uris(graph, node, CTG.committedBy):
                yield _Edge(
                    party,
                    concerned,
                    shorten(node, table),
                    "committed",
                    label or "committed",
                    None,
                    node,
                    sources,
                    start=start,
                    event=first_event,
                )
            for made_at in events:
                yield _Edge(
                    made_at,
                    concerned,
                    shorten(node, table),
                    "concerns",
                    label or "concerns",
                    None,
                    node,
                    sources,
                    start=start,
                    event=made_at,
                )


def _plain_edges(
    graph: Graph, table: Mapping[str, str], types: Mapping[URIRef, str]
) -> Iterator[_Edge]:
    """Project the triples of :data:`_PLAIN_EDGES` (see :func:`project`)."""
    held_posts = {p for p in graph.objects(None, CTG.post) if isinstance(p, URIRef)}
    for predicate, (kind, label, reverse) in _PLAIN_EDGES.items():
        for s, o in sorted(graph.subject_objects(predicate)):
            if not isinstance(s, URIRef) or not isinstance(o, URIRef):
                continue
            if kind == "held-in" and types.get(s) != "event":
                continue  # with RDFS inference, ctg:basedIn also gives schema:location
            if kind == "post-in" and s in held_posts:
                continue  # a held post is the label of its holder's edge
            u, v = (o, s) if reverse else (s, o)
            yield _Edge(
                u,
                v,
                f"{kind}:{shorten(u, table)}->{shorten(v, table)}",
                kind,
                label,
                None,
                None,
                frozenset(sources_of(graph, s, predicate, o)),
            )


def _check(values: Collection[str] | None, known: tuple[str, ...], what: str) -> None:
    if values is None:
        return
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise InputError(
            f"unknown {what} {', '.join(unknown)} (expected some of {', '.join(known)})"
        )


def _issued(graph: Graph, document: URIRef) -> datetime.date | None:
    text = _first_value(graph, document, DCTERMS.issued)
    return _last_day(text) if text else None


def project(
    graph: Graph | LoadedGraph,
    *,
    kinds: Collection[str] | None = None,
    node_types: Collection[str] | None = None,
    documents: Collection[URIRef] | None = None,
    as_of: datetime.date | None = None,
) -> nx.MultiDiGraph:
    """Project the graph to a networkx ``MultiDiGraph`` of entities and their relationships.

    Nodes are the actors, units, frameworks, programmes, people, events,
    event series and places, keyed by IRI; vocabulary, documents,
    paragraphs, intervals, instants and reified statements are left out,
    and a post is a node only when no post holding names it. Each
    membership, post holding, support, event role and commitment becomes
    edges that keep its role, time and sources:

    - membership: member → organisation, kind "co-chaired", "chaired",
      "initiated" (the role or a role it is narrower than, ``skos:broader``)
      or "member-of", labelled with the role ("co-chair (former)");
    - post holding: person → organisation, "holds-post", labelled with the post;
    - support: supporter → recipient, "supports", naming the office it goes through;
    - event role: agent → event, "co-chaired", "chaired" or "participated";
    - commitment: "committed" from each party to each thing it concerns, and
      "concerns" from the event it was made at to each thing it concerns,
      both labelled with the kind of commitment ("convene annually").

    Triples give the plain edges: ``org:unitOf`` (unit-of),
    ``ctg:partner`` (partner: partnership → partner), ``ctg:onTheMarginsOf``,
    ``ctg:inSeries``, ``schema:location`` of an event (held-in),
    ``ctg:basedIn``, ``ctg:runBy`` (runs: organisation → programme),
    ``ctg:deliveredThrough``, ``schema:containedInPlace`` (located-in) and
    ``org:postIn`` of a post no one holds (post-in).

    A membership or post holding is "current" or "former" on the projection's
    ``as_of`` date or, without one, on the date its latest source was
    issued, by the rule of ``queries/roles-as-of.rq``
    (:meth:`Interval.status`); a former one is labelled "(former)".

    Args:
        graph: The graph (or loaded graph) to project.
        kinds: Keep only edges of these kinds (:data:`EDGE_KINDS`).
        node_types: Keep only nodes of these types (:data:`NODE_TYPES`), and
            the edges between them.
        documents: Keep only edges stated by at least one of these source
            documents; the sources listed on nodes and edges are then those
            of these documents only.
        as_of: Keep only what held on that date:

            - an event only when it had started by then (a start given as a
              month or a year counts from its first day; an event with no
              start date is kept), and every edge to or from a dropped
              event (participation, place, series, margins);
            - a membership or post holding with an interval only when it is
              current on that date (:meth:`Interval.status`): known to have
              begun by then and known to be held then, which for a role
              stated in the present tense means attested on that very day.
              Former roles (an end on or before the date), roles not yet
              begun and roles the bounds do not decide are dropped;
            - a commitment only when the event it was made at had started;
            - facts that carry no time of their own (units, partners,
              places, programmes, support, and acts such as initiating a
              framework, which have no interval) are kept.

    Nodes left without edges are dropped when ``kinds``, ``documents`` or
    ``as_of`` is given; otherwise every entity of the kept types is a node.

    Returns:
        A ``networkx.MultiDiGraph`` with the graph attributes and the node and
        edge attributes of the projection contract: nodes and edges are
        inserted in sorted order (nodes by IRI, edges by source, target and
        key), so that the same graph always gives the same projection.

    Raises:
        InputError: an unknown kind or node type, or a document the graph
            does not have.
    """
    g = graph.graph if isinstance(graph, LoadedGraph) else graph
    _check(kinds, EDGE_KINDS, "edge kind")
    _check(node_types, NODE_TYPES, "node type")
    wanted_documents: frozenset[URIRef] | None = None
    if documents is not None:
        wanted_documents = frozenset(URIRef(str(d)) for d in documents)
        missing = sorted(d for d in wanted_documents if (d, RDF.type, CTG.SourceDocument) not in g)
        if missing:
            raise InputError(
                f"no source document {', '.join(str(d) for d in missing)} in the graph"
            )
    table = prefix_table(g)
    cache: dict[URIRef, frozenset[URIRef]] = {}

    types: dict[URIRef, str] = {}
    for subject in set(g.subjects(RDF.type, None)):
        if isinstance(subject, URIRef):
            found = _node_type(g, subject, cache)
            if found is not None:
                types[subject] = found

    candidates = [*_relationship_edges(g, table), *_plain_edges(g, table, types)]
    for edge in candidates:
        fallback = _FALLBACK_TYPES.get(edge.kind, ("organisation", "organisation"))
        types.setdefault(edge.u, fallback[0])
        types.setdefault(edge.v, fallback[1])

    def started(event: URIRef) -> bool:
        if as_of is None:
            return True
        start = _first_day(_first_value(g, event, SCHEMA.startDate))
        return start is None or start <= as_of

    def keep_node(node: URIRef) -> bool:
        if node_types is not None and types[node] not in node_types:
            return False
        return types[node] != "event" or started(node)

    def sources_kept(sources: frozenset[Source]) -> frozenset[Source]:
        if wanted_documents is None:
            return sources
        return frozenset(s for s in sources if s.document in wanted_documents)

    edges: list[tuple[_Edge, str]] = []
    for edge in candidates:
        if kinds is not None and edge.kind not in kinds:
            continue
        if wanted_documents is not None and not sources_kept(edge.sources):
            continue
        if not (keep_node(edge.u) and keep_node(edge.v)):
            continue
        if edge.event is not None and not started(edge.event):
            continue
        status = ""
        if edge.interval is not None:
            on = as_of if as_of is not None else _latest_issue(g, edge.sources)
            judged = edge.interval.status(on) if on is not None else "unknown"
            if as_of is not None and judged != "current":
                continue
            status = judged if judged in ("current", "former") else ""
        edges.append((edge, status))

    edge_filtered = kinds is not None or wanted_documents is not None or as_of is not None
    nodes: set[URIRef] = {e.u for e, _ in edges} | {e.v for e, _ in edges}
    if not edge_filtered:
        nodes |= {n for n, t in types.items() if t not in _NOT_ENTITIES and keep_node(n)}

    cited: set[Source] = set()
    result = nx.MultiDiGraph()
    node_rows = []
    for node in sorted(nodes, key=str):
        sources = sources_kept(_own_sources(g, node))
        cited |= sources
        node_rows.append((str(node), _node_attributes(g, node, types[node], sources, table)))
    edge_rows = []
    for edge, status in sorted(
        edges, key=lambda item: (str(item[0].u), str(item[0].v), item[0].key)
    ):
        sources = sources_kept(edge.sources)
        cited |= sources
        edge_rows.append((edge, _edge_attributes(g, edge, status, sources, table)))
    document_iris = sorted({s.document for s in cited}, key=str)
    result.graph.update(
        {
            "title": "Counter-terrorism cooperation network"
            + (f" as of {as_of.isoformat()}" if as_of is not None else ""),
            "as_of": as_of.isoformat() if as_of is not None else "",
            "documents": sorted(_label(g, d, table) for d in document_iris),
            "sources": [str(d) for d in document_iris],
        }
    )
    for key, attributes in node_rows:
        result.add_node(key, **attributes)
    for edge, attributes in edge_rows:
        result.add_edge(str(edge.u), str(edge.v), key=edge.key, **attributes)
    return result


def _latest_issue(graph: Graph, sources: Iterable[Source]) -> datetime.date | None:
    """The latest date on which a document among ``sources`` was issued."""
    dates = [d for d in (_issued(graph, s.document) for s in sources) if d is not None]
    return max(dates) if dates else None


def _source_list(sources: Iterable[Source], table: Mapping[str, str]) -> list[str]:
    """Sources as text, by document and then paragraph number (p4 before p13)."""
    ordered = sorted(
        sources,
        key=lambda s: (
            shorten(s.document, table),
            s.number is None,
            s.number or 0,
            str(s.paragraph),
        ),
    )
    return list(dict.fromkeys(source_text(s, table) for s in ordered))


def _inferred(sources: frozenset[Source]) -> bool:
    return bool(sources) and all(s.inferred for s in sources)


def _node_attributes(
    graph: Graph, node: URIRef, kind: str, sources: frozenset[Source], table: Mapping[str, str]
) -> dict[str, Any]:
    label = _label(graph, node, table)
    attributes: dict[str, Any] = {
        "iri": str(node),
        "id": shorten(node, table),
        "label": label,
        "short": _short(graph, node, label),
        "type": kind,
        "classes": sorted(shorten(c, table) for c in set(graph.objects(node, RDF.type))),
        "sources": _source_list(sources, table),
    }
    if kind == "event":
        status = graph.value(node, CTG.eventStatus)
        status_label = _label(graph, status, table) if status is not None else ""
        series = _uris(graph, node, CTG.inSeries)
        ordinal = _first_value(graph, node, CTG.ordinal)
        attributes.update(
            {
                "start": _first_value(graph, node, SCHEMA.startDate),
                "end": _first_value(graph, node, SCHEMA.endDate),
                "status": status_label if status_label in ("held", "planned") else "",
                "series": str(series[0]) if series else "",
                "ordinal": int(ordinal) if ordinal.lstrip("-").isdigit() else 0,
            }
        )
    return attributes


def _edge_attributes(
    graph: Graph, edge: _Edge, status: str, sources: frozenset[Source], table: Mapping[str, str]
) -> dict[str, Any]:
    former = status == "former"
    return {
        "kind": edge.kind,
        "label": f"{edge.label} (former)" if former else edge.label,
        "role": shorten(edge.role, table) if edge.role is not None else "",
        "role_label": _label(graph, edge.role, table) if edge.role is not None else "",
        "start": edge.start,
        "end": edge.end,
        "status": status,
        "former": former,
        "sources": _source_list(sources, table),
        "inferred": _inferred(sources),
        "relationship": str(edge.relationship) if edge.relationship is not None else "",
    }


def ego_subgraph(g: nx.MultiDiGraph, center: str, radius: int = 1) -> nx.MultiDiGraph:
    """Return the part of ``g`` within ``radius`` links of ``center``, links walked either way.

    The graph attributes are kept; nodes and edges keep their attributes.
    """
    import networkx as nx

    if center not in g:
        raise InputError(f"{center} is not a node of the network")
    nodes = nx.ego_graph(g.to_undirected(as_view=True), center, radius=radius).nodes
    ego: nx.MultiDiGraph = g.subgraph(sorted(nodes)).copy()
    return ego
