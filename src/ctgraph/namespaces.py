"""Namespaces of ctgraph: its ontology terms, its instances and the vocabularies it reuses."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/ctgraph/ontology")
SHAPES_IRI = URIRef("https://w3id.org/ctgraph/shapes")


class CTG(DefinedNamespace):
    """The ctgraph ontology: one attribute per term of ontology/ctgraph.ttl.

    A misspelt term raises AttributeError; a test checks that the attributes and
    the ontology's terms are the same set.
    """

    _NS = Namespace("https://w3id.org/ctgraph/ontology#")
    _fail = True

    # Classes
    AdvisoryBoard: URIRef
    Centre: URIRef
    City: URIRef
    Commitment: URIRef
    Conference: URIRef
    Continent: URIRef
    CooperationFramework: URIRef
    CoordinationFramework: URIRef
    Country: URIRef
    Dialogue: URIRef
    Event: URIRef
    EventRole: URIRef
    EventSeries: URIRef
    Forum: URIRef
    ForumMeeting: URIRef
    GroupOfFriends: URIRef
    HighLevelMeeting: URIRef
    HighLevelWeek: URIRef
    Inauguration: URIRef
    Membership: URIRef
    Office: URIRef
    Paragraph: URIRef
    Partnership: URIRef
    Person: URIRef
    Platform: URIRef
    Post: URIRef
    PostHolding: URIRef
    Process: URIRef
    Programme: URIRef
    Relationship: URIRef
    SourceDocument: URIRef
    State: URIRef
    Support: URIRef
    TextSpan: URIRef
    UNEntity: URIRef
    Unit: URIRef

    # Object properties
    agent: URIRef
    atEvent: URIRef
    basedIn: URIRef
    commitmentKind: URIRef
    committedBy: URIRef
    concerns: URIRef
    deliveredThrough: URIRef
    discussed: URIRef
    documentType: URIRef
    evidence: URIRef
    fulfilledBy: URIRef
    eventStatus: URIRef
    inSeries: URIRef
    madeAt: URIRef
    onTheMarginsOf: URIRef
    partner: URIRef
    placeOfIssue: URIRef
    post: URIRef
    pressContact: URIRef
    recipient: URIRef
    recurrence: URIRef
    role: URIRef
    runBy: URIRef
    statedIn: URIRef
    supporter: URIRef
    through: URIRef
    topic: URIRef

    # Datatype properties
    confidence: URIRef
    inferenceNote: URIRef
    inferred: URIRef
    notAfter: URIRef
    notBefore: URIRef
    ordinal: URIRef
    paragraphNumber: URIRef


CT = Namespace("https://w3id.org/ctgraph/id/")
"""Instances of the graph: actors, frameworks, events, documents, concepts."""

CTGSH = Namespace("https://w3id.org/ctgraph/shapes#")
"""The SHACL shapes."""

OA = Namespace("http://www.w3.org/ns/oa#")
"""W3C Web Annotation: ``oa:start`` and ``oa:end`` of a text span."""
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
VANN = Namespace("http://purl.org/vocab/vann/")

PREFIXES: dict[str, str] = {
    "ct": str(CT),
    "ctg": str(CTG._NS),
    "ctgsh": str(CTGSH),
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": str(OA),
    "org": str(ORG),
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": str(SCHEMA),
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": str(TIME),
    "vann": str(VANN),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
"""The fixed prefix table used for every serialisation and for short names."""
