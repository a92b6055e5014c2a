"""Reading candidate facts out of a document with rules: names, dates and recurring phrases.

The rules are those of the texts ctgraph reads: press releases and news
reports on counter-terrorism cooperation. Each reads one sentence (or a
paragraph's heading) and proposes facts in the project's ontology, each with
the paragraph and the character span it was read from and a confidence:

- *co-chaired / chaired / presided*: roles at an event (``ctg:EventRole``);
- *held / took place / opened ... in PLACE on DATE*: an event's place,
  dates and status (held or planned, as of the document);
- *on the margins of*: ``ctg:onTheMarginsOf``;
- *based in / PLACE-based / headquartered in*: ``ctg:basedIn``;
- *inaugurated / opened / the inauguration of*: a ``ctg:Inauguration``;
- *member of / joined / founding members*: a ``ctg:Membership``;
- *(former) Chair / Co-Chair of*: a ``ctg:Membership`` whose interval is
  bounded by the document's date, or by the years the text gives;
- *support / funds / contribution*: a ``ctg:Support``;
- *launched / initiator of*: a ``ctg:Membership`` of role initiator or
  launch leader;
- *agreed to / committed to*: a ``ctg:Commitment`` made at the event;
- *ordinal + series* ("the third ... Marrakech Platform"): an edition of a
  series (``ctg:inSeries``, ``ctg:ordinal``);
- *PERSON, POST* and *POST PERSON*: a ``ctg:PostHolding``.

Known nodes are found by every name the graph has (:mod:`ctgraph.gazetteer`);
unknown organisations, people, places and events are proposed as new nodes.
Nothing here writes RDF: :mod:`ctgraph.ingest` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .dates import DateMention, find_dates
from .documents import Document, Paragraph
from .gazetteer import Entry, Gazetteer, Kind, Mention, is_acronym, name_key, slug
from .namespaces import CT, CTG, ORG, SCHEMA

__all__ = [
    "RELATIONSHIP_KEYS",
    "Bound",
    "Evidence",
    "Extraction",
    "Fact",
    "Known",
    "NewNode",
    "Relation",
    "extract",
    "known_from_graph",
    "relation_key",
    "relation_values",
    "slug",
]

#: The properties that make two relationship nodes the same relationship: a
#: relationship a document states again is the graph's node, with one more source.
RELATIONSHIP_KEYS: Mapping[URIRef, tuple[URIRef, ...]] = {
    CTG.EventRole: (CTG.atEvent, CTG.agent, CTG.role),
    CTG.Membership: (ORG.member, ORG.organization, ORG.role),
    CTG.Support: (CTG.supporter, CTG.recipient, CTG.through),
    CTG.Commitment: (CTG.madeAt, CTG.commitmentKind, CTG.committedBy, CTG.concerns),
    CTG.PostHolding: (ORG.member, CTG.post),
}

RelationKey = tuple[tuple[URIRef, Node], ...]


def relation_key(values: Iterable[tuple[URIRef, Node]]) -> RelationKey:
    """Key values in one order: two relations of a class with the same key are one."""
    return tuple(sorted(set(values), key=lambda pair: (str(pair[0]), str(pair[1]))))


def relation_values(graph: Graph, node: Node, cls: URIRef) -> RelationKey:
    """The key of the relationship ``node`` of class ``cls`` in ``graph``."""
    return relation_key((p, o) for p in RELATIONSHIP_KEYS[cls] for o in graph.objects(node, p))


_XSD_OF_PRECISION = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a fact was read: the paragraph's number and offsets in the document's text."""

    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class NewNode:
    """A node the graph does not have, proposed from a name in the document."""

    node: URIRef
    classes: tuple[URIRef, ...]
    label: str
    alt_labels: tuple[str, ...]
    evidence: Evidence
    confidence: float
    kinds: tuple[Kind, ...]


@dataclass(frozen=True)
class Fact:
    """A fact about a node: one triple, stated (or inferred, with ``note``) at ``evidence``."""

    pattern: str
    subject: URIRef
    predicate: URIRef
    object: Node
    evidence: Evidence
    confidence: float
    note: str | None = None


@dataclass(frozen=True)
class Bound:
    """One end of a role's interval: a date (``time:inXSDDate``) or a bound on it."""

    predicate: URIRef  # ctg:notBefore, ctg:notAfter or time:inXSDDate
    value: Literal
    note: str | None = None


@dataclass(frozen=True)
class Relation:
    """A relationship node (a membership, a role at an event, support, a commitment ...).

    ``values`` are its key properties: two relations with the same class and
    values are the same relationship.
    """

    pattern: str
    cls: URIRef
    values: tuple[tuple[URIRef, Node], ...]
    label: str
    evidence: Evidence
    confidence: float
    begin: Bound | None = None
    end: Bound | None = None


@dataclass
class Extraction:
    """What one document yields."""

    document: Document
    new_nodes: dict[URIRef, NewNode] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    mentions: list[tuple[int, URIRef]] = field(default_factory=list)  # (paragraph, node)
    types: list[tuple[URIRef, URIRef, Evidence]] = field(default_factory=list)
    aliases: list[tuple[URIRef, str, Evidence]] = field(default_factory=list)


@dataclass(frozen=True)
class Known:
    """Events the graph has, to find again: editions of series and inaugurations."""

    editions: Mapping[tuple[URIRef, int], URIRef] = field(default_factory=dict)
    editions_by_year: Mapping[tuple[URIRef, str], URIRef] = field(default_factory=dict)
    inaugurations: Mapping[URIRef, URIRef] = field(default_factory=dict)


def known_from_graph(graph: Graph) -> Known:
    """Return the editions (by series and ordinal, or year) and inaugurations of ``graph``."""
    editions: dict[tuple[URIRef, int], URIRef] = {}
    by_year: dict[tuple[URIRef, str], URIRef] = {}
    for event, series in sorted(graph.subject_objects(CTG.inSeries), key=str):
        if not isinstance(event, URIRef) or not isinstance(series, URIRef):
            continue
        for ordinal in graph.objects(event, CTG.ordinal):
            if isinstance(ordinal, Literal) and str(ordinal).isdigit():
                editions.setdefault((series, int(str(ordinal))), event)
        for start in graph.objects(event, SCHEMA.startDate):
            by_year.setdefault((series, str(start)[:4]), event)
    inaugurations: dict[URIRef, URIRef] = {}
    for event in sorted(graph.subjects(RDF.type, CTG.Inauguration), key=str):
        for about in graph.objects(event, SCHEMA.about):
            if isinstance(event, URIRef) and isinstance(about, URIRef):
                inaugurations.setdefault(about, event)
    return Known(editions, by_year, inaugurations)


def local(node: URIRef) -> str:
    """Return the last part of ``node``'s IRI, for slugs and messages."""
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# Words and phrases -------------------------------------------------------------------

_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "premier": 1,
    "premiere": 1,
    "première": 1,
    "deuxième": 2,
    "deuxieme": 2,
    "seconde": 2,
    "troisième": 3,
    "troisieme": 3,
    "quatrième": 4,
    "quatrieme": 4,
    "cinquième": 5,
    "cinquieme": 5,
    "sixième": 6,
    "sixieme": 6,
}
_ORDINAL_RE = re.compile(
    r"\b(?:(?P<digits>\d{1,3})(?:st|nd|rd|th|e|ème|eme|er|re)|(?P<word>"
    + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + r"))\b",
    re.IGNORECASE,
)
_ORDINAL_LINK_RE = re.compile(
    r"\A\s*(?:(?:annual|high[- ]level|édition d[eu]s?|edition of(?: the)?|session of(?: the)?|"
    r"meeting of(?: the)?|réunion d[eu]s?)\s*)*\Z",
    re.IGNORECASE,
)

# "la quatrième réunion de haut niveau des chefs des services antiterroristes"
_FRENCH_EVENT_RE = re.compile(
    r"(?P<name>(?P<ordinal>premi[eè]re?|deuxième|deuxieme|troisième|troisieme|quatrième|"
    r"quatrieme|cinquième|cinquieme|sixième|sixieme)\s+(?P<head>réunion|conférence|session|"
    r"dialogue|sommet|édition)[^,.;]{0,90}?)(?=\s+(?:s'est|se tiendra|a eu|aura|qui|,|\.|;|"
    r"les?\s+\d|du\s+\d|à\s+[A-Z]|sous\b))",
    re.IGNORECASE,
)

# Head nouns of events and of organisations, for names the graph does not have.
_EVENT_CLASSES: tuple[tuple[str, URIRef], ...] = (
    ("dialogue", CTG.Dialogue),
    ("conference", CTG.Conference),
    ("conférence", CTG.Conference),
    ("week", CTG.HighLevelWeek),
    ("semaine", CTG.HighLevelWeek),
    ("meeting", CTG.HighLevelMeeting),
    ("réunion", CTG.HighLevelMeeting),
    ("summit", CTG.HighLevelMeeting),
    ("sommet", CTG.HighLevelMeeting),
    ("plenary", CTG.ForumMeeting),
    ("forum", CTG.ForumMeeting),
    ("ceremony", CTG.Event),
    ("session", CTG.Event),
)
_ORG_CLASSES: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    ("office", (CTG.Office,)),
    ("bureau", (CTG.Office,)),
    ("centre", (CTG.Centre,)),
    ("center", (CTG.Centre,)),
    ("board", (CTG.AdvisoryBoard,)),
    ("programme", (CTG.Programme,)),
    ("program", (CTG.Programme,)),
    ("project", (CTG.Programme,)),
    ("forum", (CTG.Forum,)),
    ("platform", (CTG.Platform,)),
    ("process", (CTG.Process,)),
    ("processus", (CTG.Process,)),
    ("compact", (CTG.CoordinationFramework,)),
    ("partnership", (CTG.Partnership,)),
    ("group", (CTG.GroupOfFriends,)),
    ("committee", (CTG.Unit,)),
    ("directorate", (CTG.Unit,)),
    ("secretariat", (CTG.Unit,)),
    ("agency", (ORG.FormalOrganization,)),
    ("union", (ORG.FormalOrganization,)),
    ("organization", (ORG.FormalOrganization,)),
    ("organisation", (ORG.FormalOrganization,)),
    ("ministry", (ORG.FormalOrganization,)),
    ("council", (ORG.FormalOrganization,)),
    ("service", (ORG.FormalOrganization,)),
    ("force", (ORG.FormalOrganization,)),
)
_KINDS_OF_CLASS: dict[URIRef, tuple[Kind, ...]] = {
    CTG.Office: ("organisation",),
    CTG.Centre: ("organisation",),
    CTG.AdvisoryBoard: ("organisation",),
    CTG.Unit: ("organisation",),
    ORG.FormalOrganization: ("organisation",),
    CTG.Programme: ("programme",),
    CTG.Forum: ("framework",),
    CTG.Platform: ("framework",),
    CTG.Process: ("framework",),
    CTG.CoordinationFramework: ("framework",),
    CTG.Partnership: ("framework",),
    CTG.GroupOfFriends: ("framework",),
    CTG.Person: ("person",),
    CTG.City: ("place",),
    CTG.Post: ("post",),
    CTG.EventSeries: ("series",),
}

# A capitalised name: capitalised words, with short lower-case words inside.
_CAP = r"(?:[A-Z][\w'\u2019.-]*|[A-Z]{2,})"
_LINK = r"(?:of|for|and|on|in|the|de|des|du|d'|la|le|les|et|pour|sur|along|between)"
_NAME_RE = re.compile(rf"{_CAP}(?:[ \t]+(?:{_LINK}[ \t]+)*{_CAP})*")
_TITLES_RE = re.compile(
    r"\b(?:Mr\.?|Mrs\.?|Ms\.?|Dr\.?|M\.|Mme|H\.\s?E\.|His Excellency|Her Excellency|"
    r"Son Excellence)\s+",
)
_POST_HEADS = (
    "minister",
    "ministre",
    "secretary-general",
    "under-secretary-general",
    "secrétaire",
    "director",
    "directeur",
    "directrice",
    "deputy",
    "ambassador",
    "ambassadeur",
    "representative",
    "représentant",
    "president",
    "président",
    "chairman",
    "chair",
    "coordinator",
    "head",
    "king",
    "roi",
    "spokesperson",
    "commissioner",
)

_HELD_RE = re.compile(
    r"\b(?:was held|were held|held|took place|opened|met|convened|hosted|hosting|"
    r"s'est tenue?s?|a eu lieu|ont eu lieu|s'est ouverte?|a été inauguré|was inaugurated|"
    r"were inaugurated|inaugurated|gathered|attended|are attending|is attending|continues)\b",
    re.IGNORECASE,
)
_PLANNED_RE = re.compile(
    r"\b(?:will be held|to be held|will take place|will be|will|next|planned|scheduled|"
    r"upcoming|se tiendra|aura lieu|prochaine?|prévue?s?)\b",
    re.IGNORECASE,
)


def _ordinal_before(text: str, start: int) -> tuple[int, int] | None:
    """The ordinal ending just before ``start`` ("third", "4th"), linked by "edition of the" etc."""
    window = text[max(0, start - 60) : start]
    for match in reversed(list(_ORDINAL_RE.finditer(window))):
        between = window[match.end() :]
        if _ORDINAL_LINK_RE.match(between):
            value = (
                int(match.group("digits"))
                if match.group("digits")
                else _ORDINAL_WORDS[match.group("word").lower()]
            )
            return value, start - len(window) + match.start()
        break
    return None


def _sentences(paragraph: Paragraph) -> list[tuple[int, str]]:
    """Split a paragraph into sentences: (offset in the paragraph, text)."""
    text = paragraph.text
    out: list[tuple[int, str]] = []
    begin = 0
    for match in re.finditer(r"(?<=[.!?])[\"”»)]?\s+(?=[\"“«(]?[A-Z0-9À-Ý])", text):
        before = text[max(0, match.start() - 5) : match.start()]
        if re.search(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|H\.E|U\.S|U\.N|M)\.|\b[A-Z]\.)\Z", before):
            continue
        out.append((begin, text[begin : match.start()]))
        begin = match.end()
    if begin < len(text):
        out.append((begin, text[begin:]))
    return out


# The reader --------------------------------------------------------------------------


@dataclass
class _Sentence:
    paragraph: Paragraph
    offset: int  # of the sentence in the document's text
    text: str
    mentions: list[Mention]
    dates: list[DateMention]  # offsets in the sentence
    events: list[tuple[int, int, URIRef]]  # events named in the sentence: offsets in the sentence

    def evidence(self, start: int = 0, end: int | None = None) -> Evidence:
        stop = len(self.text) if end is None else end
        return Evidence(self.paragraph.number, self.offset + start, self.offset + stop)

    def local(self, mention: Mention) -> tuple[int, int]:
        return mention.start - self.offset, mention.end - self.offset

    def actors(self, start: int = 0, end: int | None = None) -> list[Mention]:
        stop = len(self.text) if end is None else end
        return [
            m
            for m in self.mentions
            if m.kind in ("state", "organisation", "person", "framework")
            and start <= m.start - self.offset
            and m.end - self.offset <= stop
        ]

    def subject_before(
        self, position: int, kinds: Iterable[str] = ("state", "organisation")
    ) -> Mention | None:
        """The actor a phrase at ``position`` is about: the nearest before it that is no complement.

        A name right after "of", "to", "with", "by" or "for" is a complement
        ("the Group of Friends of Counter-Terrorism", "gratitude to Morocco"),
        not the subject of what follows.
        """
        wanted = set(kinds)
        for mention in reversed(self.mentions):
            start, end = self.local(mention)
            if end > position or not wanted & set(mention.entry.kinds):
                continue
            lead = self.text[max(0, start - 12) : start]
            if re.search(
                r"\b(?:of|to|with|by|for|from|de|du|à)\s+(?:the\s+)?\Z", lead, re.IGNORECASE
            ):
                continue
            return mention
        return None

    def listed_before(self, last: Mention) -> list[Mention]:
        """``last`` and the actors listed before it: "Canada and Morocco", "A, B and C"."""
        found = [last]
        earlier = [m for m in self.mentions if m.end <= last.start]
        while earlier:
            previous = earlier.pop()
            between = self.text[previous.end - self.offset : found[0].start - self.offset]
            if not re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+et)\s+(?:the\s+)?", between):
                break
            if previous.kind not in ("state", "organisation", "person", "framework"):
                break
            found.insert(0, previous)
        return found

    def of_kind(
        self, kinds: Iterable[str], start: int = 0, end: int | None = None
    ) -> list[Mention]:
        wanted = set(kinds)
        stop = len(self.text) if end is None else end
        return [
            m
            for m in self.mentions
            if m.kind in wanted and start <= m.start - self.offset and m.end - self.offset <= stop
        ]


class _Reader:
    def __init__(
        self,
        document: Document,
        gazetteer: Gazetteer,
        known: Known,
        countries: frozenset[URIRef],
        states: frozenset[URIRef],
    ) -> None:
        self.document = document
        self.known = known
        self.countries = countries
        self.states = states
        self.gazetteer = gazetteer.copy()
        self.out = Extraction(document)
        self.focus: URIRef | None = None  # the event the document is about
        self.paragraph_focus: URIRef | None = None
        self.series_editions: dict[tuple[URIRef, int], URIRef] = {}
        self._named: set[URIRef] = set()

    # Nodes ---------------------------------------------------------------------------

    def new_node(
        self,
        label: str,
        classes: tuple[URIRef, ...],
        evidence: Evidence,
        confidence: float,
        *,
        alt_labels: Sequence[str] = (),
        node_slug: str | None = None,
    ) -> Entry:
        """Propose a node named ``label``, or return the one already proposed or known."""
        known = self.gazetteer.lookup(label)
        if known:
            return known[0]
        name = node_slug or slug(label)
        node = CT[name]
        if node in self.out.new_nodes or self.gazetteer.entry(node) is not None:
            existing = self.out.new_nodes.get(node)
            if existing is not None and name_key(existing.label) == name_key(label):
                entry = self.gazetteer.entry(node)
                assert entry is not None
                return entry
            counter = 2
            while CT[f"{name}-{counter}"] in self.out.new_nodes:
                counter += 1
            node = CT[f"{name}-{counter}"]
        kinds: tuple[Kind, ...] = tuple(
            dict.fromkeys(k for cls in classes for k in _KINDS_OF_CLASS.get(cls, ("event",)))
        )
        self.out.new_nodes[node] = NewNode(
            node, classes, label, tuple(alt_labels), evidence, confidence, kinds
        )
        entry = Entry(node, kinds, label)
        self.gazetteer.add(label, entry)
        for alt in alt_labels:
            self.gazetteer.add(alt, entry)
        return entry

    def fact(
        self,
        pattern: str,
        subject: URIRef,
        predicate: URIRef,
        value: Node,
        evidence: Evidence,
        confidence: float,
        note: str | None = None,
    ) -> None:
        self.out.facts.append(Fact(pattern, subject, predicate, value, evidence, confidence, note))

    def relation(
        self,
        pattern: str,
        cls: URIRef,
        values: Iterable[tuple[URIRef, Node]],
        label: str,
        evidence: Evidence,
        confidence: float,
        begin: Bound | None = None,
        end: Bound | None = None,
    ) -> None:
        self.out.relations.append(
            Relation(pattern, cls, relation_key(values), label, evidence, confidence, begin, end)
        )

    def label(self, node: URIRef) -> str:
        entry = self.gazetteer.entry(node)
        return entry.label if entry is not None else local(node)

    # Reading -------------------------------------------------------------------------

    def read(self) -> Extraction:
        for paragraph in self.document.paragraphs:
            self.paragraph_focus = None
            self._definitions(paragraph)
            self._new_names(paragraph)
            mentions = self.gazetteer.find(paragraph.text, paragraph.start)
            self._person_surnames(mentions)
            mentions = self.gazetteer.find(paragraph.text, paragraph.start)
            for mention in mentions:
                self.out.mentions.append((paragraph.number, mention.node))
                if "state" in mention.entry.kinds and mention.node in self.states:
                    self.out.types.append(
                        (
                            mention.node,
                            CTG.State,
                            Evidence(paragraph.number, mention.start, mention.end),
                        )
                    )
                if mention.node in self.countries and mention.node not in self.out.new_nodes:
                    evidence = Evidence(paragraph.number, mention.start, mention.end)
                    # Named as the text names it; the ISO 3166 name, if another, as well.
                    iso = mention.entry.label
                    self.out.new_nodes[mention.node] = NewNode(
                        mention.node,
                        (CTG.State, CTG.Country),
                        mention.text,
                        (iso,) if iso != mention.text else (),
                        evidence,
                        0.85,
                        mention.entry.kinds,
                    )
            dates = find_dates(
                paragraph.text, reference=self.document.issued, language=self.document.language
            )
            for offset, text in _sentences(paragraph):
                start = paragraph.start + offset
                inside = [m for m in mentions if start <= m.start and m.end <= start + len(text)]
                sentence_dates = [
                    _shift(d, -offset)
                    for d in dates
                    if offset <= d.start and d.end <= offset + len(text)
                ]
                sentence = _Sentence(paragraph, start, text, inside, sentence_dates, [])
                self._sentence(sentence)
        return self.out

    def _definitions(self, paragraph: Paragraph) -> None:
        """Acronyms a document defines: "the United Nations Office of Counter-Terrorism (UNOCT)"."""
        text = paragraph.text
        for match in re.finditer(r"\(\s*([A-Z][A-Za-z0-9]{1,9})\s*\)", text):
            acronym = match.group(1)
            if not is_acronym(acronym):
                continue
            before = text[: match.start()].rstrip()
            mentions = self.gazetteer.find(before)
            last = mentions[-1] if mentions else None
            evidence = Evidence(
                paragraph.number,
                paragraph.start + (last.start if last else 0),
                paragraph.start + match.end(),
            )
            if last is not None and last.end == len(before):
                if not self.gazetteer.lookup(acronym):
                    self.gazetteer.add(acronym, last.entry)
                    self.out.aliases.append((last.node, acronym, evidence))
                continue
            names = list(_NAME_RE.finditer(before))
            if not names or names[-1].end() != len(before):
                continue
            name = names[-1].group().strip()
            classes = _org_classes(name)
            if classes is None or self.gazetteer.lookup(acronym):
                continue
            start = names[-1].start()
            self.new_node(
                _trim_name(name),
                classes,
                Evidence(paragraph.number, paragraph.start + start, paragraph.start + match.end()),
                0.7,
                alt_labels=[acronym],
            )

    def _new_names(self, paragraph: Paragraph) -> None:
        """Organisations, people and places the graph does not know, from their names."""
        text = paragraph.text
        known = self.gazetteer.find(text)
        covered = [(m.start, m.end) for m in known]

        def free(start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e in covered)

        # People: a title and a capitalised name ("Mr. Nasser Bourita", "Ms. Laurence Gerard").
        for match in re.finditer(
            _TITLES_RE.pattern + r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){1,3})", text
        ):
            name = match.group("name")
            start = match.start("name")
            if not free(start, match.end()):
                continue
            self._person(name, paragraph, start, 0.75)
        # People named with their post: "the Deputy Director of UNOCT, Mauro Miedico".
        for match in re.finditer(
            r"(?:,\s*|\bthe\s+)(?P<post>(?:[A-Z][\w-]+\s+)*(?:"
            + "|".join(re.escape(h.capitalize()) for h in _POST_HEADS)
            + r")[^,.;]{0,80}?),\s+"
            + r"(?P<name>[A-Z][a-z][\w'\u2019-]+(?:\s+[A-Z][a-z][\w'\u2019-]+){1,2})\b",
            text,
        ):
            name = match.group("name")
            start = match.start("name")
            if free(start, match.end("name")) and not _org_classes(name):
                self._person(name, paragraph, start, 0.6)
        # Organisations: capitalised names ending in an organisation's head noun,
        # read with the names the gazetteer knows masked ("Egypt and the European Union").
        masked = list(text)
        for s_, e_ in covered:
            masked[s_:e_] = "#" * (e_ - s_)
        for match in _NAME_RE.finditer("".join(masked)):
            name = _trim_name(match.group())
            start = match.start()
            end = start + len(name)
            if not free(start, end) or len(name.split()) < 2:
                continue
            if _ORDINAL_RE.match(name) or _event_class(name) is not None:
                continue
            classes = _org_classes(name)
            if classes is None or not _proper_org_name(name):
                continue
            self.new_node(
                name,
                classes,
                Evidence(paragraph.number, paragraph.start + start, paragraph.start + end),
                0.55,
            )
            covered.append((start, end))
        # Places: "in Tangier", "à Agadir", "PLACE-based".
        for match in re.finditer(
            r"\b(?:in|à|at|hosted in|held in)\s+(?P<place>[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)?)\b"
            r"|\b(?P<based>[A-Z][a-zà-ÿ]+)-based\b",
            text,
        ):
            place = match.group("place") or match.group("based")
            group = "place" if match.group("place") else "based"
            start = match.start(group)
            end = match.end(group)
            if not free(start, end) or _is_month_or_day(place):
                continue
            if self.gazetteer.lookup(place) or _org_classes(place) or _event_class(place):
                continue
            self.new_node(
                place,
                (CTG.City,),
                Evidence(paragraph.number, paragraph.start + start, paragraph.start + end),
                0.5,
            )
            covered.append((start, end))

    def _person(self, name: str, paragraph: Paragraph, start: int, confidence: float) -> None:
        words = name.split()
        if _NOT_NAMES & {w.casefold() for w in words}:
            return
        # A middle name the graph does not give: "Vladimir Ivanovich Voronkov".
        if len(words) == 3:
            found = [
                e for e in self.gazetteer.lookup(f"{words[0]} {words[2]}") if e.kind == "person"
            ]
            if found:
                evidence = Evidence(
                    paragraph.number, paragraph.start + start, paragraph.start + start + len(name)
                )
                self.gazetteer.add(name, found[0])
                self.out.aliases.append((found[0].node, name, evidence))
                return
        if self.gazetteer.lookup(name):
            return
        self.new_node(
            name,
            (CTG.Person,),
            Evidence(
                paragraph.number, paragraph.start + start, paragraph.start + start + len(name)
            ),
            confidence,
        )

    def _person_surnames(self, mentions: list[Mention]) -> None:
        """After "Nasser Bourita", "Bourita" alone names him in the rest of the document.

        Likewise "the Kingdom" after "the Kingdom of Morocco".
        """
        for mention in mentions:
            last = mention.entry.label.split()[-1] if mention.entry.label else ""
            if (
                mention.kind == "framework"
                and last in ("Compact", "Forum", "Platform", "Process", "Partnership", "Pacte")
                and not self.gazetteer.lookup(last)
            ):
                self.gazetteer.add(last, mention.entry)
            head = re.match(r"(Kingdom|Republic|Royaume|République) of\b", mention.text)
            if mention.kind == "state" and head and not self.gazetteer.lookup(head.group(1)):
                self.gazetteer.add(head.group(1), mention.entry)
            if mention.kind != "person":
                continue
            parts = mention.text.split()
            if len(parts) >= 2 and not self.gazetteer.lookup(parts[-1]):
                self.gazetteer.add(parts[-1], mention.entry)

    # One sentence --------------------------------------------------------------------

    def _sentence(self, s: _Sentence) -> None:
        self._events(s)
        self._dates_and_places(s)
        self._margins(s)
        self._chairs(s)
        self._participants(s)
        self._based_in(s)
        self._inauguration(s)
        self._memberships(s)
        self._framework_roles(s)
        self._support(s)
        self._launch(s)
        self._commitments(s)
        self._explored(s)
        self._discussed(s)
        self._speakers(s)
        self._names_inside(s)
        self._succession(s)
        self._editions_listed(s)
        self._hosting(s)
        self._signing(s)
        self._listed_members(s)
        self._posts(s)
        self._partnership(s)

    def _events(self, s: _Sentence) -> None:
        """Editions of series ("the third ... Marrakech Platform") and events the text names."""
        text = s.text
        taken: list[tuple[int, int]] = []
        for mention in s.mentions:
            start, end = s.local(mention)
            if mention.entry.is_event:
                s.events.append((start, end, mention.node))
                taken.append((start, end))
                continue
            if "series" not in mention.entry.kinds:
                continue
            ordinal = _ordinal_before(text, start)
            if ordinal is None:
                dated = self._dated_edition(s, mention, start, end)
                if dated is not None:
                    s.events.append((start, end, dated))
                    taken.append((start, end))
                continue
            number, at = ordinal
            event = self._edition(mention.entry, number, s.evidence(at, end))
            s.events.append((at, end, event))
            taken.append((at, end))
        # French names events in lower case: "la quatrième réunion de haut niveau des chefs ...".
        if self.document.language == "fr":
            for match in _FRENCH_EVENT_RE.finditer(text):
                start, end = match.start("name"), match.end("name")
                if any(a < end and start < b for a, b in taken):
                    continue
                french = match.group("name").strip()
                head_class = _event_class(match.group("head")) or CTG.Event
                entry = self.new_node(
                    french[0].upper() + french[1:], (head_class,), s.evidence(start, end), 0.5
                )
                rank = _ORDINAL_WORDS.get(match.group("ordinal").lower())
                if rank is not None:
                    self.fact(
                        "ordinal",
                        entry.node,
                        CTG.ordinal,
                        Literal(rank),
                        s.evidence(start, end),
                        0.6,
                    )
                s.events.append((start, end, entry.node))
                taken.append((start, end))
        # Events the graph does not know: "the Tenth Ministerial Plenary Meeting".
        for match in _NAME_RE.finditer(text):
            name = _trim_name(match.group())
            start, end = match.start(), match.start() + len(name)
            if any(a < end and start < b for a, b in taken):
                continue
            cls = _event_class(name)
            if cls is None or len(name.split()) < 2:
                continue
            if any(s.local(m)[0] <= start and end <= s.local(m)[1] for m in s.mentions):
                continue
            leading = _ORDINAL_RE.match(name)
            bare = name[leading.end() :].strip() if leading is not None else name
            if len(bare.split()) < 2:
                continue
            series = self.gazetteer.lookup_prefix(bare, ("series",))
            before = _ordinal_before(text, start) if leading is None else None
            if series is not None and before is not None:
                event = self._edition(series, before[0], s.evidence(before[1], end))
                s.events.append((before[1], end, event))
                taken.append((before[1], end))
                continue
            if series is not None and leading is None:
                continue  # the series itself, named in part ("this High-Level Strategic Dialogue")
            if series is not None and leading is not None:
                number = (
                    int(leading.group("digits"))
                    if leading.group("digits")
                    else _ORDINAL_WORDS[leading.group("word").lower()]
                )
                event = self._edition(series, number, s.evidence(start, end))
                s.events.append((start, end, event))
                taken.append((start, end))
                continue
            entry = self.new_node(name, (cls,), s.evidence(start, end), 0.5)
            if leading is not None:
                number = (
                    int(leading.group("digits"))
                    if leading.group("digits")
                    else _ORDINAL_WORDS[leading.group("word").lower()]
                )
                self.fact(
                    "ordinal", entry.node, CTG.ordinal, Literal(number), s.evidence(start, end), 0.6
                )
            s.events.append((start, end, entry.node))
            taken.append((start, end))
        s.events.sort()
        if s.events and self.focus is None:
            self.focus = s.events[0][2]
        if s.events:
            self.paragraph_focus = s.events[0][2]

    def _edition(self, series: Entry, number: int, evidence: Evidence) -> URIRef:
        known = self.series_editions.get((series.node, number)) or self.known.editions.get(
            (series.node, number)
        )
        if known is not None:
            self.series_editions[(series.node, number)] = known
            self.fact("edition", known, CTG.inSeries, series.node, evidence, 0.85)
            self.fact("edition", known, CTG.ordinal, Literal(number), evidence, 0.85)
            return known
        conventional = self.gazetteer.entry(CT[f"{local(series.node)}-{number}"])
        if conventional is not None and conventional.is_event:
            self.series_editions[(series.node, number)] = conventional.node
            self.fact("edition", conventional.node, CTG.inSeries, series.node, evidence, 0.8)
            self.fact("edition", conventional.node, CTG.ordinal, Literal(number), evidence, 0.8)
            return conventional.node
        ordinal = _ordinal_word(number)
        head = series.label.split()[-1].casefold() if series.label else ""
        if head in {word for word, _ in _EVENT_CLASSES}:
            label = f"{ordinal} {series.label}"  # "Second High-Level Strategic Dialogue ..."
        else:
            label = (
                f"{ordinal} meeting of the {series.label}"  # "Fourth meeting of the ... Platform"
            )
        entry = self.new_node(
            label,
            (_edition_class(series.label),),
            evidence,
            0.8,
            node_slug=f"{local(series.node)}-{number}",
        )
        self.series_editions[(series.node, number)] = entry.node
        self.fact("edition", entry.node, CTG.inSeries, series.node, evidence, 0.85)
        self.fact("edition", entry.node, CTG.ordinal, Literal(number), evidence, 0.85)
        return entry.node

    def _dated_edition(self, s: _Sentence, series: Mention, start: int, end: int) -> URIRef | None:
        """ "The next Annual Forum ... to be held in Rabat on 19-20 November 2024": its edition."""
        lead = s.text[max(0, start - 25) : start].casefold()
        if not re.search(r"\b(?:next|upcoming|this year's|prochaine?)\s+\Z", lead):
            return None
        date = next((d for d in s.dates if d.start >= end), None)
        if date is None:
            return None
        year = date.first[:4]
        known = self.known.editions_by_year.get((series.node, year))
        evidence = s.evidence(start, date.end)
        conventional = self.gazetteer.entry(CT[f"{local(series.node)}-{year}"])
        if known is None and conventional is not None and conventional.is_event:
            known = conventional.node
        if known is None:
            entry = self.new_node(
                f"{series.entry.label} {year}",
                (_edition_class(series.entry.label),),
                evidence,
                0.7,
                node_slug=f"{local(series.node)}-{year}",
            )
            known = entry.node
        self.fact("edition", known, CTG.inSeries, series.node, evidence, 0.75)
        return known

    def _event_at(self, s: _Sentence, position: int) -> URIRef | None:
        """The event a phrase at ``position`` is about: the nearest named before, else the focus."""
        before = [e for e in s.events if e[0] <= position]
        if before:
            return before[-1][2]
        if s.events:
            return s.events[0][2]
        return self.paragraph_focus or self.focus

    def _dates_and_places(self, s: _Sentence) -> None:
        text = s.text
        for index, (start, end, event) in enumerate(s.events):
            stop = s.events[index + 1][0] if index + 1 < len(s.events) else len(text)
            dates = [d for d in s.dates if end <= d.start and d.end <= stop]
            planned = _PLANNED_RE.search(text[max(0, start - 40) : stop]) is not None
            held = _HELD_RE.search(text[max(0, start - 40) : stop]) is not None
            if dates:
                date = dates[0]
                evidence = s.evidence(start, date.end)
                kind = _XSD_OF_PRECISION[date.precision]
                self.fact(
                    "event date",
                    event,
                    SCHEMA.startDate,
                    Literal(date.first, datatype=kind),
                    evidence,
                    0.8,
                    date.note,
                )
                if (
                    date.last is None
                    and date.precision == "day"
                    and re.search(r"\btoday\b", text, re.I)
                ):
                    self.fact(
                        "event date",
                        event,
                        SCHEMA.endDate,
                        Literal(date.first, datatype=kind),
                        evidence,
                        0.7,
                        date.note,
                    )
                if date.last is not None:
                    self.fact(
                        "event date",
                        event,
                        SCHEMA.endDate,
                        Literal(date.last, datatype=kind),
                        evidence,
                        0.8,
                        date.note,
                    )
                status = _status(planned, held, date.first, self.document)
                if status is not None:
                    self.fact("event status", event, CTG.eventStatus, status, evidence, 0.7)
            elif held and not planned and event == self.focus and "today" in text.casefold():
                issued = self.document.issued
                if issued is not None:
                    note = 'held "today" in a document dated ' + issued.isoformat()
                    evidence = s.evidence(start, end)
                    day = Literal(issued.isoformat(), datatype=XSD.date)
                    self.fact("event date", event, SCHEMA.startDate, day, evidence, 0.7, note)
                    self.fact("event date", event, SCHEMA.endDate, day, evidence, 0.7, note)
                    self.fact(
                        "event status", event, CTG.eventStatus, CT["status-held"], evidence, 0.7
                    )
            if event == self.focus and held and not planned and "today" in text.casefold():
                self._dateline_place(s, event, start, end)
            for place in s.of_kind(("place",), end, stop):
                p_start, p_end = s.local(place)
                lead = text[max(end, p_start - 12) : p_start].casefold()
                if not re.search(r"\b(?:in|à|at)\s+\Z", lead):
                    continue
                if "state" in place.entry.kinds and place.entry.kinds[0] == "state":
                    continue  # "in Morocco": a state, rarely the venue the text means
                self.fact(
                    "held in", event, SCHEMA.location, place.node, s.evidence(start, p_end), 0.75
                )
                break

    def _dateline_place(self, s: _Sentence, event: URIRef, start: int, end: int) -> None:
        """An event held "today" in a document datelined PLACE was held there (inferred)."""
        place = self.document.place
        if place is None:
            return
        found = [e for e in self.gazetteer.lookup(place) if "place" in e.kinds]
        if not found:
            return
        note = f'Held "today" in a document datelined {place}; the text does not name the venue.'
        self.fact(
            "held in", event, SCHEMA.location, found[0].node, s.evidence(start, end), 0.6, note
        )

    def _margins(self, s: _Sentence) -> None:
        for match in re.finditer(
            r"\b(?:on the margins of|on the sidelines of|en marge d[eu]s?)\b", s.text, re.IGNORECASE
        ):
            after = [e for e in s.events if e[0] >= match.end()]
            before = [e for e in s.events if e[1] <= match.start()]
            target = after[0][2] if after else None
            end = after[0][1] if after else None
            if target is None:
                found = self._event_named_after(s, match.end())
                if found is not None:
                    target, end = found
            subject = before[-1][2] if before else (self.paragraph_focus or self.focus)
            if target is None or end is None or subject is None or target == subject:
                continue
            self.fact(
                "on the margins of",
                subject,
                CTG.onTheMarginsOf,
                target,
                s.evidence(match.start(), end),
                0.8,
            )

    def _event_named_after(self, s: _Sentence, position: int) -> tuple[URIRef, int] | None:
        """The event a phrase names from ``position``: "the General Assembly High-Level week".

        The phrase runs to the end of the clause or a date; it is an event
        when its last word is an event's head noun. A known event whose name
        begins with the phrase is that event; otherwise a new one is
        proposed, organised by the organisation it begins with.
        """
        text = s.text
        end = _clause_end(text, position, commas=True)
        date = next((d for d in s.dates if d.start >= position), None)
        if date is not None:
            end = min(end, date.start)
        phrase = re.sub(r"\s+(?:in|on|at|of)\s*\Z", "", text[position:end]).strip()
        phrase = re.sub(r"\A(?:the|la|le|l')\s+", "", phrase, flags=re.IGNORECASE)
        cls = _event_class(phrase)
        if not phrase or cls is None or len(phrase) > 80:
            return None
        start = text.index(phrase, position)
        known = self.gazetteer.lookup_prefix(phrase, ("event",))
        if known is not None and known.is_event:
            entry = known
        else:
            label = phrase[0].upper() + phrase[1:]
            entry = self.new_node(label, (cls,), s.evidence(start, start + len(phrase)), 0.5)
        organisers = s.of_kind(("organisation",), start, start + len(phrase))
        if organisers and s.local(organisers[0])[0] == start:
            self.fact(
                "organised by",
                entry.node,
                SCHEMA.organizer,
                organisers[0].node,
                s.evidence(start, start + len(phrase)),
                0.6,
            )
        return entry.node, start + len(phrase)

    def _chairs(self, s: _Sentence) -> None:
        text = s.text
        for match in re.finditer(
            r"\b(?P<passive>(?:was |were )?(?:co-?chaired|co-?presided|chaired|presided(?: over)?)"
            r" by|under the (?:joint )?(?:presidency|chairmanship|co-?chairmanship) of|"
            r"coprésidée? par|présidée? par|sous la (?:co)?présidence (?:conjointe )?d[eu])"
            r"|(?P<active>co-?chaired|chaired|presided over|coprésidé|présidé)\b",
            text,
            re.IGNORECASE,
        ):
            joint = bool(re.search(r"co-?|joint|conjointe", match.group(), re.IGNORECASE))
            role = CT["role-co-chair"] if joint else CT["role-chair"]
            if match.group("passive"):
                clause_end = _clause_end(text, match.end())
                agents = s.actors(match.end(), clause_end)
                bodies = s.of_kind(("organisation", "framework"), 0, match.start())
                if not s.events and bodies and not self._is_meeting_word(text[: match.start()]):
                    self._chaired_body(s, bodies[-1], agents, role, match)
                    continue
                event = self._event_at(s, match.start())
                evidence = s.evidence(match.start(), clause_end)
            else:
                clause_start = _clause_start(text, match.start())
                agents = s.actors(clause_start, match.start())
                after = [e for e in s.events if e[0] >= match.end()]
                event = after[0][2] if after else self._event_at(s, match.start())
                evidence = s.evidence(clause_start, match.end())
                if agents and re.search(r"\bwhich\b", text[clause_start : match.start()]):
                    before = [e for e in s.events if e[1] <= clause_start]
                    event = before[-1][2] if before else event
            if event is None:
                continue
            for agent in agents:
                if agent.node == event:
                    continue
                self.relation(
                    "co-chaired" if joint else "chaired",
                    CTG.EventRole,
                    [(CTG.atEvent, event), (CTG.agent, agent.node), (CTG.role, role)],
                    f"{self.label(agent.node)} {'co-chaired' if joint else 'chaired'} "
                    f"{self.label(event)}",
                    evidence,
                    0.8,
                )
                self._took_part(agent.node, event, evidence, 0.75)

    def _took_part(
        self, agent: URIRef, event: URIRef, evidence: Evidence, confidence: float
    ) -> None:
        """Who chairs or hosts an event takes part in it (a role at an event implies this one)."""
        self.relation(
            "took part",
            CTG.EventRole,
            [(CTG.atEvent, event), (CTG.agent, agent), (CTG.role, CT["role-participant"])],
            f"{self.label(agent)} took part in {self.label(event)}",
            evidence,
            confidence,
        )

    @staticmethod
    def _is_meeting_word(text: str) -> bool:
        return (
            re.search(
                r"\b(?:meeting|dialogue|ceremony|signing|session|conference|réunion)\b",
                text,
                re.IGNORECASE,
            )
            is not None
        )

    def _chaired_body(
        self, s: _Sentence, body: Mention, agents: list[Mention], role: URIRef, match: re.Match[str]
    ) -> None:
        """ "A Coordinating Committee, initially co-chaired by A and B": chairs of a body."""
        initially = re.search(r"\binitially\b", s.text[: match.end()], re.IGNORECASE)
        issued = self.document.issued
        begin = None
        if issued is not None:
            note = (
                "Chaired from the start, as of the date of the document."
                if initially
                else "Stated as of the date of the document."
            )
            begin = Bound(CTG.notAfter, Literal(issued.isoformat(), datatype=XSD.date), note)
        for agent in agents:
            if agent.node == body.node or agent.kind == "post":
                continue
            self.relation(
                "chair of",
                CTG.Membership,
                [(ORG.member, agent.node), (ORG.organization, body.node), (ORG.role, role)],
                f"{self.label(agent.node)} as {local(role).removeprefix('role-')} of "
                f"{self.label(body.node)}",
                s.evidence(match.start(), s.local(agent)[1]),
                0.65,
                begin=begin,
            )

    def _participants(self, s: _Sentence) -> None:
        text = s.text
        for match in re.finditer(
            r"\b(?:held (?:their|its|the)|took part in|taking part(?: online)? in|attended|"
            r"participated in|ont tenu|a tenu|ont participé à)\b",
            text,
            re.IGNORECASE,
        ):
            if match.group().casefold().startswith("taking part"):
                agents = s.actors(match.end(), len(text))
            else:
                agents = s.actors(_clause_start(text, match.start()), match.start())
            after = [e for e in s.events if e[0] >= match.end()]
            event = after[0][2] if after else self._event_at(s, match.start())
            if event is None:
                continue
            for agent in agents:
                self.relation(
                    "took part",
                    CTG.EventRole,
                    [
                        (CTG.atEvent, event),
                        (CTG.agent, agent.node),
                        (CTG.role, CT["role-participant"]),
                    ],
                    f"{self.label(agent.node)} took part in {self.label(event)}",
                    s.evidence(match.start(), match.end()),
                    0.7,
                )
        if re.match(
            r"\s*(?:During|At|In the course of|Lors de|Au cours de) (?:the|this|la|cette) "
            r"(?:meeting|dialogue|conference|session|réunion)",
            text,
        ):
            event = self.paragraph_focus or self.focus
            people = [m for m in s.actors() if m.kind == "person"]
            if event is not None and people:
                first = people[0]
                self.relation(
                    "took part",
                    CTG.EventRole,
                    [
                        (CTG.atEvent, event),
                        (CTG.agent, first.node),
                        (CTG.role, CT["role-participant"]),
                    ],
                    f"{self.label(first.node)} took part in {self.label(event)}",
                    s.evidence(0, s.local(first)[1]),
                    0.6,
                )

    def _based_in(self, s: _Sentence) -> None:
        text = s.text
        for match in re.finditer(r"\b(?P<place>[\w-]+?)-based\b", text):
            places = [
                m
                for m in s.of_kind(("place",))
                if s.local(m) == (match.start(), match.end("place"))
            ]
            orgs = [m for m in s.of_kind(("organisation",), match.end(), len(text))]
            if places and orgs and s.local(orgs[0])[0] - match.end() < 40:
                self.fact(
                    "based in",
                    orgs[0].node,
                    CTG.basedIn,
                    places[0].node,
                    s.evidence(match.start(), s.local(orgs[0])[1]),
                    0.8,
                )
        for match in re.finditer(
            r"\b(?:based in|headquartered in|located in|seated in|basée? à|siège à)\b",
            text,
            re.IGNORECASE,
        ):
            orgs = s.of_kind(("organisation",), 0, match.start())
            places = s.of_kind(("place",), match.end(), min(len(text), match.end() + 40))
            if orgs and places:
                self.fact(
                    "based in",
                    orgs[-1].node,
                    CTG.basedIn,
                    places[0].node,
                    s.evidence(s.local(orgs[-1])[0], s.local(places[0])[1]),
                    0.75,
                )
        for match in re.finditer(
            r"\b(?:setting up|set up|established|opened|open) in\b", text, re.IGNORECASE
        ):
            places = s.of_kind(("place", "state"), match.end(), min(len(text), match.end() + 30))
            orgs = s.of_kind(("organisation",), match.end(), len(text))
            if places and orgs:
                self.fact(
                    "based in",
                    orgs[0].node,
                    CTG.basedIn,
                    places[0].node,
                    s.evidence(match.start(), s.local(orgs[0])[1]),
                    0.6,
                )

    def _inauguration(self, s: _Sentence) -> None:
        text = s.text
        match = re.search(
            r"\b(?:inauguration of|was inaugurated|were inaugurated|inaugurated|opened its|"
            r"opening of|inauguré|inaugurée|inauguration d[eu])\b",
            text,
            re.IGNORECASE,
        )
        if match is None:
            return
        covering = [e for e in s.events if e[0] <= match.start() < e[1]]
        if covering:
            start, end, event_node = covering[0]
            mention = next((m for m in s.mentions if s.local(m) == (start, end)), None)
            inside = self.gazetteer.inner(mention) if mention is not None else []
            offices_inside = [m for m in inside if m.kind == "organisation"]
            if offices_inside:
                evidence = s.evidence(start, end)
                self.fact(
                    "inaugurated", event_node, SCHEMA.about, offices_inside[-1].node, evidence, 0.75
                )
                self.fact(
                    "inaugurated", event_node, CTG.eventStatus, CT["status-held"], evidence, 0.75
                )
                places = [m for m in inside if m.kind == "place"]
                if places:
                    self.fact(
                        "inaugurated", event_node, SCHEMA.location, places[-1].node, evidence, 0.7
                    )
                date = next((d for d in s.dates if d.start >= start), None)
                if date is not None:
                    self.fact(
                        "inaugurated",
                        event_node,
                        SCHEMA.startDate,
                        Literal(date.first, datatype=_XSD_OF_PRECISION[date.precision]),
                        s.evidence(start, max(end, date.end)),
                        0.7,
                        date.note,
                    )
                return
        offices = s.of_kind(("organisation",))
        if not offices:
            return
        if (
            match.group()
            .casefold()
            .startswith(("inauguration of", "opened its", "opening of", "inauguration d"))
        ):
            after = [m for m in offices if s.local(m)[0] >= match.end()]
            office = after[0] if after else offices[-1]
        else:
            before = [m for m in offices if s.local(m)[1] <= match.start()]
            office = before[-1] if before else offices[0]
        if office.kind != "organisation" or "state" in office.entry.kinds:
            return
        event = self._inauguration_of(office.node, s.evidence(match.start(), match.end()))
        evidence = s.evidence(
            min(match.start(), s.local(office)[0]), max(match.end(), s.local(office)[1])
        )
        self.fact("inaugurated", event, SCHEMA.about, office.node, evidence, 0.8)
        self.fact("inaugurated", event, CTG.eventStatus, CT["status-held"], evidence, 0.8)
        places = [
            m
            for m in s.of_kind(("place",))
            if re.search(r"\b(?:in|à)\s+\Z", text[max(0, s.local(m)[0] - 5) : s.local(m)[0]])
            and m.entry.kinds[0] != "state"
        ]
        later = [m for m in places if s.local(m)[0] >= match.end()]
        if places:
            place = later[0] if later else places[-1]
            self.fact("inaugurated", event, SCHEMA.location, place.node, evidence, 0.75)
        if s.dates:
            later_dates = [d for d in s.dates if d.start >= match.start()]
            date = later_dates[0] if later_dates else s.dates[-1]
            self.fact(
                "inaugurated",
                event,
                SCHEMA.startDate,
                Literal(date.first, datatype=_XSD_OF_PRECISION[date.precision]),
                s.evidence(min(match.start(), date.start), max(match.end(), date.end)),
                0.7,
                date.note,
            )
        if self.paragraph_focus is None:
            self.paragraph_focus = event
        if self.focus is None:
            self.focus = event

    def _inauguration_of(self, office: URIRef, evidence: Evidence) -> URIRef:
        known = self.known.inaugurations.get(office)
        if known is not None:
            return known
        label = f"Inauguration of the {self.label(office)}"
        entry = self.new_node(
            label, (CTG.Inauguration,), evidence, 0.75, node_slug=f"{local(office)}-inauguration"
        )
        return entry.node

    def _memberships(self, s: _Sentence) -> None:
        text = s.text
        for match in re.finditer(
            r"\b(?P<role>founding members?|active members?|members?|membres?(?: fondateurs?)?|"
            r"(?<=\band )within|(?<=\brole )within)\s+(?:of\s+|within\s+|de\s+|du\s+|des\s+)?",
            text,
            re.IGNORECASE,
        ):
            frameworks = s.of_kind(("framework", "organisation"), match.end(), match.end() + 120)
            if not frameworks or s.local(frameworks[0])[0] - match.end() > 12:
                continue
            org = frameworks[0]
            word = match.group("role").casefold()
            role = (
                CT["role-founder"]
                if "found" in word or "fondateur" in word
                else CT["role-active-member"]
                if "active" in word
                else CT["role-member"]
            )
            listed_after = re.match(r"\s*(?:are|were|is|sont|:)\s", text[s.local(org)[1] :])
            if listed_after:
                start = s.local(org)[1]
                members = [m for m in s.actors(start, len(text)) if m.node != org.node]
            else:
                subject = s.subject_before(match.start())
                members = [subject] if subject is not None and subject.node != org.node else []
            for member in members:
                self.relation(
                    "member of",
                    CTG.Membership,
                    [(ORG.member, member.node), (ORG.organization, org.node), (ORG.role, role)],
                    f"{self.label(member.node)} as "
                    f"{local(role).removeprefix('role-').replace('-', ' ')} of "
                    f"{self.label(org.node)}",
                    s.evidence(match.start(), s.local(org)[1]),
                    0.7,
                    begin=self._present_begin() if role != CT["role-founder"] else None,
                )
        for match in re.finditer(r"\b(?:joined|a rejoint|ont rejoint)\b", text, re.IGNORECASE):
            members = s.actors(_clause_start(text, match.start()), match.start())[-1:]
            orgs = s.of_kind(("framework", "organisation"), match.end(), match.end() + 80)
            if members and orgs:
                date = next((d for d in s.dates if d.start >= match.end()), None)
                begin = _bound(date) if date is not None else None
                self.relation(
                    "joined",
                    CTG.Membership,
                    [
                        (ORG.member, members[0].node),
                        (ORG.organization, orgs[0].node),
                        (ORG.role, CT["role-member"]),
                    ],
                    f"{self.label(members[0].node)} as member of {self.label(orgs[0].node)}",
                    s.evidence(s.local(members[0])[0], s.local(orgs[0])[1]),
                    0.7,
                    begin=begin,
                )

    def _present_begin(self) -> Bound | None:
        issued = self.document.issued
        if issued is None:
            return None
        return Bound(
            CTG.notAfter,
            Literal(issued.isoformat(), datatype=XSD.date),
            "Stated in the present tense: the role held on the date of the document.",
        )

    def _present_end(self) -> Bound | None:
        issued = self.document.issued
        if issued is None:
            return None
        return Bound(
            CTG.notBefore,
            Literal(issued.isoformat(), datatype=XSD.date),
            "Stated in the present tense: the role held on the date of the document.",
        )

    def _framework_roles(self, s: _Sentence) -> None:
        """Chairs and co-chairs of frameworks, current or former."""
        text = s.text
        for match in re.finditer(
            r"\b(?P<former>former\s+|current\s+|ancien\s+|ancienne\s+)?(?P<role>Co-?Chair(?:man|woman|s)?|"
            r"Chair(?:man|woman|s)?|Coprésident|Président|coprésidente?)\b",
            text,
        ):
            if re.match(r"\s*(?:by|par)\b", text[match.end() :]):
                continue
            joint = match.group("role").casefold().startswith("co")
            role = CT["role-co-chair"] if joint else CT["role-chair"]
            former = (match.group("former") or "").strip().casefold() in (
                "former",
                "ancien",
                "ancienne",
            ) or bool(
                re.search(
                    r"\b(?:former|ancien(?:ne)?s?)\s+(?:\w+\s+)?\Z",
                    text[max(0, match.start() - 30) : match.start()],
                    re.IGNORECASE,
                )
            )
            # The framework: "Co-Chair of the GCTF", "GCTF Co-Chairs", or the paragraph's subject.
            after = s.of_kind(("framework", "organisation"), match.end(), match.end() + 60)
            after = [
                m
                for m in after
                if re.match(r"\s*(?:of|de|du|of the)\s", text[match.end() : s.local(m)[0]] + " ")
            ]
            before = [
                m
                for m in s.of_kind(("framework", "organisation"), 0, match.start())
                if match.start() - s.local(m)[1] <= 1 + len(match.group("former") or "")
            ]
            found = after[0] if after else before[-1] if before else None
            org_node = found.node if found is not None else None
            if org_node is None and re.search(
                r"\bthe Forum\b", text[match.end() : match.end() + 20]
            ):
                org_node = self._title_framework()
            if org_node is None and re.search(r"\bCo-Chairs\b", text):
                org_node = self._title_framework()
            if org_node is None:
                continue
            # The holders: "A as Co-Chair", "the Co-Chairs are A and B",
            # "Co-Chairs, A and B (2019 - 2022)" (with a dash).
            tail = text[match.end() :]
            holders: list[Mention]
            if re.match(r"[^.;]{0,40}?(?:\bare\b|\bwere\b|\u2013|\u2014|-|:)\s", tail):
                end = _clause_end(text, match.end())
                holders = [m for m in s.actors(match.end(), end) if m.node != org_node]
            else:
                lead = text[max(0, match.start() - 60) : match.start()]
                if not re.search(
                    r"\b(?:as|its capacity as|en tant que|comme)\s+"
                    r"(?:the\s+|a\s+)?(?:former\s+)?\Z",
                    lead,
                ):
                    continue
                subject = s.subject_before(match.start())
                holders = s.listed_before(subject) if subject is not None else []
                holders = [h for h in holders if h.node != org_node]
            if not holders:
                continue
            took_office = re.search(
                r"\b(?:accepted the nomination|elected|appointed|nominated|took over|became|"
                r"élus?|nommés?)\b",
                text[: match.start()],
                re.IGNORECASE,
            )
            sentence_date = next((d for d in s.dates if d.precision != "year" or not d.last), None)
            years = [
                d for d in s.dates if d.start >= match.end() and d.precision == "year" and d.last
            ]
            begin: Bound | None
            end_bound: Bound | None
            if years:
                span = years[0]
                begin, end_bound = _bound(span), _bound(span, last=True)
            elif took_office and sentence_date is not None:
                begin, end_bound = _bound(sentence_date), None
            elif former:
                begin = None
                issued = self.document.issued
                end_bound = (
                    Bound(
                        CTG.notAfter,
                        Literal(issued.isoformat(), datatype=XSD.date),
                        "Called a former holder: the role had ended by the date of the document.",
                    )
                    if issued is not None
                    else None
                )
            else:
                begin, end_bound = self._present_begin(), self._present_end()
            for holder in holders:
                self.relation(
                    "chair of",
                    CTG.Membership,
                    [(ORG.member, holder.node), (ORG.organization, org_node), (ORG.role, role)],
                    f"{self.label(holder.node)} as {'former ' if former else ''}"
                    f"{'Co-Chair' if joint else 'Chair'} of {self.label(org_node)}",
                    s.evidence(
                        min(s.local(holder)[0], match.start()), max(s.local(holder)[1], match.end())
                    ),
                    0.7,
                    begin=begin,
                    end=end_bound,
                )

    def _title_framework(self) -> URIRef | None:
        """The framework the document's title names, if any ("GCTF Co-Chairs")."""
        if self.document.title is None:
            return None
        for mention in self.gazetteer.find(self.document.title):
            if mention.kind == "framework":
                return mention.node
        return None

    def _support(self, s: _Sentence) -> None:
        text = s.text
        for match in re.finditer(
            r"\b(?:support(?:s|ed)?|financial contributions?|funds|funded|financ(?:es|ed)|"
            r"soutien|appui|soutient|finance)\b",
            text,
            re.IGNORECASE,
        ):
            supporter: Mention | None = None
            of = re.match(
                r"\s+(?:of|from|by|de|du)\s+(?:the\s+)?(?:government\s+of\s+(?:the\s+)?)?",
                text[match.end() :],
                re.IGNORECASE,
            )
            if of:
                found = s.actors(match.end() + of.end(), match.end() + of.end() + 60)
                supporter = (
                    found[0] if found and s.local(found[0])[0] == match.end() + of.end() else None
                )
            if supporter is None:
                lead = s.actors(max(0, match.start() - 50), match.start())
                if lead and re.search(
                    r"(?:'s|\u2019s|\bits)\s+(?:\w+\s+){0,2}\Z|\b(?:for its|thanked)\b",
                    text[s.local(lead[-1])[1] : match.start()] + " ",
                ):
                    supporter = lead[-1]
            if supporter is None and re.fullmatch(
                r"supports|supported|funds|funded|finances|financed|soutient|finance",
                match.group(),
                re.IGNORECASE,
            ):
                supporter = s.subject_before(match.start())
            if supporter is None and re.search(r"\bgratitude to\b", text[: match.start()]):
                grateful = re.search(r"\bgratitude to\b", text)
                assert grateful is not None
                found = s.actors(grateful.end(), match.start())
                supporter = found[0] if found else None
            if supporter is None:
                continue
            tail_start = max(match.end(), s.local(supporter)[1])
            tail_end = _clause_end(text, tail_start, commas=False)
            recipients: list[Mention] = []
            for m in s.of_kind(("organisation", "programme", "framework"), tail_start, tail_end):
                if m.node == supporter.node:
                    continue
                lead_text = text[max(tail_start, s.local(m)[0] - 25) : s.local(m)[0]]
                listed = recipients and re.fullmatch(
                    r"\s*(?:,|,?\s+and|,?\s+et)\s+(?:to\s+)?(?:the\s+)?",
                    text[s.local(recipients[-1])[1] : s.local(m)[0]],
                )
                direct = re.fullmatch(r"\s+(?:the\s+)?", text[match.end() : s.local(m)[0]])
                if listed or direct or re.search(r"\b(?:to|for|of|à|au|aux)\b", lead_text):
                    recipients.append(m)
            if not recipients:
                lead = [
                    m
                    for m in s.actors(0, match.start())
                    if m.node != supporter.node and m.kind in ("organisation",)
                ]
                if re.search(r"\bthanked\b|\bgratitude\b", text) and lead:
                    recipients = lead[:1]
            office = next((r for r in recipients if "organisation" in r.entry.kinds), None)
            for recipient in recipients:
                through = (
                    office.node
                    if office is not None
                    and recipient.kind == "programme"
                    and recipient is not office
                    else None
                )
                values: list[tuple[URIRef, Node]] = [
                    (CTG.supporter, supporter.node),
                    (CTG.recipient, recipient.node),
                ]
                if through is not None:
                    values.append((CTG.through, through))
                    self.fact(
                        "delivered through",
                        recipient.node,
                        CTG.deliveredThrough,
                        through,
                        s.evidence(*s.local(recipient)),
                        0.55,
                    )
                self.relation(
                    "supports",
                    CTG.Support,
                    values,
                    f"{self.label(supporter.node)}'s support to {self.label(recipient.node)}",
                    s.evidence(min(match.start(), s.local(supporter)[0]), s.local(recipient)[1]),
                    0.65,
                )

    def _launch(self, s: _Sentence) -> None:
        text = s.text
        for match in re.finditer(
            r"\b(?P<initiator>(?:the\s+)?initiator of|initiateur d[eu])|"
            r"(?P<leading>leading role[^.]{0,160}?\bin launching)|"
            r"(?P<launched>launched|initiated|a lancé|ont lancé)\b",
            text,
            re.IGNORECASE,
        ):
            role = CT["role-launch-leader"] if match.group("leading") else CT["role-initiator"]
            targets = s.of_kind(("framework", "programme"), match.end(), match.end() + 120)
            if not targets:
                continue
            lead = s.actors(_clause_start(text, match.start()), match.start())
            lead = [
                m for m in lead if m.kind in ("state", "organisation") and m.node != targets[0].node
            ]
            if not lead:
                subject = s.subject_before(match.start())
                lead = [subject] if subject is not None and subject.node != targets[0].node else []
            if not lead:
                continue
            agent = lead[0] if match.group("leading") else lead[-1]
            self.relation(
                "launched",
                CTG.Membership,
                [(ORG.member, agent.node), (ORG.organization, targets[0].node), (ORG.role, role)],
                f"{self.label(agent.node)} as "
                f"{'leader of the launch' if match.group('leading') else 'initiator'} of "
                f"{self.label(targets[0].node)}",
                s.evidence(s.local(agent)[0], s.local(targets[0])[1]),
                0.7,
            )

    def _commitments(self, s: _Sentence) -> None:
        text = s.text
        match = re.search(
            r"\b(?:agreed to|agreed that|agree to|committed to|is committed to|are committed to|"
            r"decided to|pledged to|ont convenu de|se sont engagés à|s'est engagé à)\b",
            text,
            re.IGNORECASE,
        )
        if match is None:
            return
        lead = s.actors(_clause_start(text, match.start(), commas=False), match.start())
        parties = [m.node for m in lead if m.kind in ("state", "organisation")]
        if not parties and re.search(
            r"\b(?:the two sides|the parties|both sides|les deux parties)\b",
            text[: match.start()],
            re.IGNORECASE,
        ):
            parties = [m.node for m in s.actors() if m.kind in ("state", "organisation")][:2]
            if not parties:
                parties = self._document_parties()
        rest = text[match.end() :]
        kinds = []
        for pattern, kind in _COMMITMENT_KINDS:
            if re.search(pattern, rest, re.IGNORECASE):
                kinds.append(kind)
        event = self.focus
        if event is None or not kinds:
            return
        concerns = [
            m.node
            for m in s.mentions
            if m.start - s.offset >= match.end()
            and set(m.entry.kinds) & {"event", "series", "framework"}
        ] + [e[2] for e in s.events if e[0] >= match.end()]
        if not concerns:
            concerns = [
                m.node
                for m in s.mentions
                if m.start - s.offset < match.start() and m.kind == "framework"
            ][-1:]
        concerns = list(dict.fromkeys(c for c in concerns if c != event))
        # "the next Annual Forum ..." names an edition: the commitment concerns it, not its series.
        editions = {self._series_of(c) for c in concerns}
        concerns = [c for c in concerns if c not in editions]
        if not concerns:
            for found in re.finditer(
                r"\b(?:this|the)\s+(?P<name>(?:[A-Z][\w-]*\s+){1,5}[A-Z][\w-]*)", rest
            ):
                named = self.gazetteer.lookup_prefix(found.group("name"), ("series",))
                if named is not None:
                    concerns = [named.node]
                    break
        if not concerns:
            series = self._series_of(event)
            if series is not None and re.search(
                r"\b(?:this|the)\b.*\b(?:dialogue|meeting|mechanism)\b", rest, re.IGNORECASE
            ):
                concerns = [series]
        for kind in kinds:
            values: list[tuple[URIRef, Node]] = [(CTG.madeAt, event), (CTG.commitmentKind, kind)]
            values += [(CTG.committedBy, p) for p in dict.fromkeys(parties)]
            values += [(CTG.concerns, c) for c in concerns]
            self.relation(
                "agreed to",
                CTG.Commitment,
                values,
                f"Commitment made at {self.label(event)}: "
                f"{local(kind).removeprefix('commitment-').replace('-', ' ')}",
                s.evidence(match.start(), len(text)),
                0.6,
            )

    def _explored(self, s: _Sentence) -> None:
        """ "The dialogue explored ways and means for collaboration ... between A and B"."""
        text = s.text
        match = re.search(
            r"\b(?:explored|explore|a exploré|ont exploré)\b[^.]{0,60}?"
            r"\b(?:collaboration|cooperation|coordination|coopération)\b",
            text,
            re.IGNORECASE,
        )
        event = self.paragraph_focus or self.focus
        if match is None or event is None:
            return
        concerned = [
            m.node
            for m in s.mentions
            if m.start - s.offset >= match.end() and set(m.entry.kinds) & {"framework", "series"}
        ]
        concerned = list(dict.fromkeys(concerned))
        if len(concerned) < 2:
            return
        kind = CT["commitment-explore-collaboration"]
        values: list[tuple[URIRef, Node]] = [(CTG.madeAt, event), (CTG.commitmentKind, kind)]
        values += [(CTG.concerns, c) for c in concerned]
        self.relation(
            "explored",
            CTG.Commitment,
            values,
            f"Commitment made at {self.label(event)}: explore collaboration",
            s.evidence(match.start(), len(text)),
            0.55,
        )

    def _discussed(self, s: _Sentence) -> None:
        """ "The parties discussed the organization of the conference ..."."""
        match = re.search(r"\b(?:discussed|a discuté|ont discuté)\b", s.text, re.IGNORECASE)
        event = self.focus
        if match is None or event is None:
            return
        after = [e for e in s.events if e[0] >= match.end() and e[2] != event]
        if after:
            self.fact(
                "discussed",
                event,
                CTG.discussed,
                after[0][2],
                s.evidence(match.start(), after[0][1]),
                0.6,
            )

    def _speakers(self, s: _Sentence) -> None:
        """Who speaks in a report of a held event took part in it ("Minister Bourita commended")."""
        event = self.focus
        issued = self.document.issued
        if event is None or issued is None or not self._held_on(event, issued.isoformat()):
            return
        match = re.match(
            r"\s*(?:(?:[A-Z][\w-]*\s+){0,3})(?P<name>[A-Z][\w'-]+)\s+(?:also\s+)?(?:expressed|commended|"
            r"welcomed|underlined|underscored|highlighted|stressed|said|noted|praised|thanked|"
            r"pointed out|a salué|a souligné|a exprimé)\b",
            s.text,
        )
        if match is None:
            return
        people = [
            m for m in s.mentions if m.kind == "person" and s.local(m)[1] <= match.end("name")
        ]
        if not people:
            return
        person = people[-1]
        self.relation(
            "took part",
            CTG.EventRole,
            [(CTG.atEvent, event), (CTG.agent, person.node), (CTG.role, CT["role-participant"])],
            f"{self.label(person.node)} took part in {self.label(event)}",
            s.evidence(0, match.end()),
            0.55,
        )

    def _held_on(self, event: URIRef, day: str) -> bool:
        return any(
            f.subject == event and f.predicate == SCHEMA.startDate and str(f.object) == day
            for f in self.out.facts
        )

    def _names_inside(self, s: _Sentence) -> None:
        """What a name says of its node: "UNOCT Rabat Programme Office" is a unit of UNOCT,
        "UNOCT Global Fusion Cells Programme" is run by UNOCT, "the partnership between A and
        B" has A and B as partners."""
        for mention in s.mentions:
            if mention.node in self._named or mention.kind not in (
                "organisation",
                "programme",
                "framework",
            ):
                continue
            inside = [
                m for m in self.gazetteer.inner(mention) if m.kind in ("state", "organisation")
            ]
            if not inside:
                continue
            self._named.add(mention.node)
            evidence = s.evidence(*s.local(mention))
            first = inside[0]
            if re.match(r"(?i)partnership between\b", mention.text) and len(inside) >= 2:
                for partner in inside[:2]:
                    self.fact(
                        "partnership", mention.node, CTG.partner, partner.node, evidence, 0.65
                    )
            elif first.start == mention.start and mention.kind == "programme":
                self.fact("run by", mention.node, CTG.runBy, first.node, evidence, 0.6)
            elif first.start == mention.start and mention.kind == "organisation":
                self.fact("unit of", mention.node, ORG.unitOf, first.node, evidence, 0.55)
            elif (
                mention.kind == "organisation"
                and inside[-1].end == mention.end
                and re.search(
                    r"\bof\s+(?:the\s+)?\Z", mention.text[: inside[-1].start - mention.start]
                )
            ):
                self.fact("unit of", mention.node, ORG.unitOf, inside[-1].node, evidence, 0.55)

    def _succession(self, s: _Sentence) -> None:
        """ "A had taken over the seat held by B at ... in April 2016", "C replaced D"."""
        text = s.text
        for match in re.finditer(
            r"\b(?:had\s+)?(?:taken over|took over)\s+the\s+seat\s+(?:held|occupied)\s+by|"
            r"\breplaced|\bsucceeded|\ba remplacé|\ba succédé à",
            text,
            re.IGNORECASE,
        ):
            new = s.subject_before(match.start())
            after = s.actors(match.end(), _clause_end(text, match.end()))
            org = self._title_framework()
            if new is None or not after or org is None:
                continue
            old = after[0]
            role = (
                CT["role-co-chair"]
                if re.search(r"co-?chair", f"{self.document.title} {text}", re.IGNORECASE)
                else CT["role-chair"]
            )
            date = next((d for d in s.dates if d.start >= match.end()), None)
            bound = _bound(date) if date is not None else None
            evidence = s.evidence(s.local(new)[0], date.end if date else s.local(old)[1])
            for member, begin, end in ((new, bound, None), (old, None, bound)):
                self.relation(
                    "succeeded",
                    CTG.Membership,
                    [(ORG.member, member.node), (ORG.organization, org), (ORG.role, role)],
                    f"{self.label(member.node)} as {local(role).removeprefix('role-')} of "
                    f"{self.label(org)}",
                    evidence,
                    0.6,
                    begin=begin,
                    end=end,
                )

    def _editions_listed(self, s: _Sentence) -> None:
        """Editions listed with place and year, numbered from the first.

        "The series begun with the editions held in Marrakech (2022), Tangiers
        (2023) and Fez (2024)".
        """
        text = s.text
        match = re.search(r"\beditions?\s+(?:held\s+)?in\s+", text, re.IGNORECASE)
        focus = self.paragraph_focus or self.focus
        series_node = self._series_of(focus) if focus is not None else None
        if match is None or series_node is None:
            return
        series = self.gazetteer.entry(series_node)
        if series is None:
            return
        items = list(
            re.finditer(
                r"(?P<place>[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)\s*\((?P<year>\d{4})\)",
                text[match.end() :],
            )
        )
        if len(items) < 2 or not re.search(
            r"\b(?:begun|began|started|first)\b", text, re.IGNORECASE
        ):
            return
        for number, item in enumerate(items, start=1):
            start = match.end() + item.start()
            end = match.end() + item.end()
            evidence = s.evidence(start, end)
            event = self._edition(series, number, evidence)
            name = item.group("place")
            places = [e for e in self.gazetteer.lookup(name) if "place" in e.kinds]
            place = places[0] if places else self.new_node(name, (CTG.City,), evidence, 0.5)
            self.fact("editions", event, SCHEMA.location, place.node, evidence, 0.7)
            year = Literal(item.group("year"), datatype=XSD.gYear)
            self.fact("editions", event, SCHEMA.startDate, year, evidence, 0.7)
            self.fact("editions", event, CTG.eventStatus, CT["status-held"], evidence, 0.7)

    def _hosting(self, s: _Sentence) -> None:
        """ "Morocco ... for hosting the meeting in Tangier": the host, and the place."""
        text = s.text
        for match in re.finditer(
            r"\b(?:hosting|hosted|hosts|a accueilli|accueille)\b", text, re.IGNORECASE
        ):
            if re.search(r"\bhosted by\b", text[match.start() : match.end() + 3]):
                host = next(iter(s.actors(match.end(), _clause_end(text, match.end()))), None)
            else:
                host = s.subject_before(match.start())
            event = self._event_at(s, match.start())
            if event is None:
                continue
            if host is not None and host.kind in ("state", "organisation"):
                self.relation(
                    "hosted",
                    CTG.EventRole,
                    [(CTG.atEvent, event), (CTG.agent, host.node), (CTG.role, CT["role-host"])],
                    f"{self.label(host.node)} hosted {self.label(event)}",
                    s.evidence(s.local(host)[0], match.end()),
                    0.65,
                )
                self._took_part(host.node, event, s.evidence(s.local(host)[0], match.end()), 0.6)
            places = [
                m
                for m in s.of_kind(("place",), match.end(), _clause_end(text, match.end()))
                if re.search(r"\b(?:in|à)\s+\Z", text[max(0, s.local(m)[0] - 5) : s.local(m)[0]])
            ]
            if places:
                self.fact(
                    "hosted",
                    event,
                    SCHEMA.location,
                    places[0].node,
                    s.evidence(match.start(), s.local(places[0])[1]),
                    0.6,
                )

    def _signing(self, s: _Sentence) -> None:
        """ "A and B signed a headquarters agreement ..." or "X signed the Compact on DATE"."""
        text = s.text
        match = re.search(
            r"\b(?:signed|a signé|ont signé)\s+(?:a|an|the|un|une|l'|le|la)\s*"
            r"(?P<what>[^,.;]{2,90})",
            text,
            re.IGNORECASE,
        )
        if match is None:
            return
        what = match.group("what")
        about = [
            m
            for m in s.of_kind(
                ("framework", "organisation"), match.start("what"), match.end("what")
            )
        ]
        head = re.match(
            r"(?:[\w-]+\s+){0,3}?(?:agreement|accord|memorandum|compact|convention|declaration)",
            what,
            re.IGNORECASE,
        )
        if head is None and not about:
            return
        named = (
            about[0]
            if about and (head is None or s.local(about[0])[0] <= match.start("what") + 4)
            else None
        )
        subject = named.entry.label if named is not None else head.group() if head else what
        label = f"Signing of the {subject}"
        evidence = s.evidence(match.start(), match.end())
        entry = self.new_node(label, (CTG.Event,), evidence, 0.6)
        if named is not None:
            self.fact("signed", entry.node, SCHEMA.about, named.node, evidence, 0.6)
        date = next(iter(s.dates), None)
        if date is not None:
            self.fact(
                "signed",
                entry.node,
                SCHEMA.startDate,
                Literal(date.first, datatype=_XSD_OF_PRECISION[date.precision]),
                s.evidence(min(match.start(), date.start), max(match.end(), date.end)),
                0.7,
                date.note,
            )
        self.fact("signed", entry.node, CTG.eventStatus, CT["status-held"], evidence, 0.7)
        signers = [
            m
            for m in s.actors(_clause_start(text, match.start(), commas=False), match.start())
            if m.kind in ("state", "organisation", "person")
        ]
        for signer in signers:
            self.relation(
                "signed",
                CTG.EventRole,
                [
                    (CTG.atEvent, entry.node),
                    (CTG.agent, signer.node),
                    (CTG.role, CT["role-signatory"]),
                ],
                f"{self.label(signer.node)} signed at {label}",
                evidence,
                0.6,
            )
        self.paragraph_focus = entry.node
        if self.focus is None:
            self.focus = entry.node

    def _listed_members(self, s: _Sentence) -> None:
        """Members listed: "the Compact brings together ... as members or observers: ... plus A"."""
        text = s.text
        match = re.search(
            r"\bas members or observers\b|\bmembers and observers\b", text, re.IGNORECASE
        )
        if match is None:
            return
        subject = s.subject_before(match.start(), ("framework", "organisation", "state"))
        if subject is None:
            return
        listed = re.search(r"\b(?:plus|including|among them|notamment)\b", text[match.end() :])
        start = match.end() + (listed.end() if listed else 0)
        for member in s.actors(start, len(text)):
            if member.node == subject.node:
                continue
            self.relation(
                "members or observers",
                CTG.Membership,
                [
                    (ORG.member, member.node),
                    (ORG.organization, subject.node),
                    (ORG.role, CT["role-member-or-observer"]),
                ],
                f"{self.label(member.node)} as member or observer of {self.label(subject.node)}",
                s.evidence(match.start(), s.local(member)[1]),
                0.6,
                begin=self._present_begin(),
                end=self._present_end(),
            )

    def _series_of(self, event: URIRef) -> URIRef | None:
        for fact in self.out.facts:
            if (
                fact.subject == event
                and fact.predicate == CTG.inSeries
                and isinstance(fact.object, URIRef)
            ):
                return fact.object
        return None

    def _document_parties(self) -> list[URIRef]:
        if self.document.title is None:
            return []
        found = self.gazetteer.find(self.document.title, compounds=False)
        return list(dict.fromkeys(m.node for m in found if m.kind in ("state", "organisation")))[:2]

    def _posts(self, s: _Sentence) -> None:
        """A person and the post the text gives with the name."""
        people = [m for m in s.mentions if m.kind == "person"]
        posts = [m for m in s.mentions if m.kind == "post"]
        for person in people:
            p_start, p_end = s.local(person)
            for post in posts:
                q_start, q_end = s.local(post)
                between = s.text[p_end:q_start] if q_start >= p_end else s.text[q_end:p_start]
                if len(between) > 3 or not re.fullmatch(r"\s*,?\s*", between):
                    continue
                self.relation(
                    "post",
                    CTG.PostHolding,
                    [(ORG.member, person.node), (CTG.post, post.node)],
                    f"{self.label(person.node)} as {self.label(post.node)}",
                    s.evidence(min(p_start, q_start), max(p_end, q_end)),
                    0.75,
                    begin=self._present_begin(),
                    end=self._present_end(),
                )

    def _partnership(self, s: _Sentence) -> None:
        for match in re.finditer(r"\bpartnership between\b", s.text, re.IGNORECASE):
            if any(
                s.local(m)[0] <= match.start() < s.local(m)[1] and m.kind == "framework"
                for m in s.mentions
            ):
                continue
            partners = s.actors(match.end(), _clause_end(s.text, match.end()))[:2]
            if len(partners) == 2:
                first, second = (self.label(p.node) for p in partners)
                label = f"Partnership between {first} and {second}"
                entry = self.new_node(
                    label,
                    (CTG.Partnership,),
                    s.evidence(match.start(), s.local(partners[1])[1]),
                    0.6,
                )
                for partner in partners:
                    self.fact(
                        "partnership",
                        entry.node,
                        CTG.partner,
                        partner.node,
                        s.evidence(match.start(), s.local(partners[1])[1]),
                        0.7,
                    )


# Words that are no part of a person's name ("Minister of ..., African Cooperation and ...").
_NOT_NAMES = frozenset(
    [
        "affairs",
        "cooperation",
        "african",
        "abroad",
        "expatriates",
        "foreign",
        "minister",
        "nations",
        "united",
        "office",
        "forum",
        "general",
        "assembly",
        "government",
        "kingdom",
        "republic",
        "secretary",
        "director",
        "council",
        "committee",
        "coopération",
        "affaires",
        "étrangères",
        "ministre",
    ]
)

_TIME_IN_DATE = URIRef("http://www.w3.org/2006/time#inXSDDate")
_TIME_OF_PRECISION = {
    "day": _TIME_IN_DATE,
    "month": URIRef("http://www.w3.org/2006/time#inXSDgYearMonth"),
    "year": URIRef("http://www.w3.org/2006/time#inXSDgYear"),
}


def _bound(date: DateMention, last: bool = False) -> Bound:
    """The instant a date mention gives: its day, month or year (the range's end if ``last``)."""
    value = date.last if last and date.last else date.first
    kind = _XSD_OF_PRECISION[date.precision]
    return Bound(_TIME_OF_PRECISION[date.precision], Literal(value, datatype=kind), date.note)


_COMMITMENT_KINDS: tuple[tuple[str, URIRef], ...] = (
    (r"\binstitutionali[sz]e\b", CT["commitment-institutionalize"]),
    (
        r"\bconvene\b.*\bannually\b|\bannual(?:ly)?\b.*\bconvene\b",
        CT["commitment-convene-annually"],
    ),
    (r"\bwork together\b|\bcooperate\b|\btravailler ensemble\b", CT["commitment-work-together"]),
    (r"\bbroaden\b|\bextend\b|\bélargir\b", CT["commitment-broaden-collaboration"]),
    (r"\bexplore\b|\bexplorer\b", CT["commitment-explore-collaboration"]),
)


def _shift(date: DateMention, delta: int) -> DateMention:
    return replace(date, start=date.start + delta, end=date.end + delta)


def _clause_start(text: str, position: int, commas: bool = True) -> int:
    marks = ";:" + ("," if commas else "")
    cut = max(text.rfind(mark, 0, position) for mark in marks)
    which = [m.end() for m in re.finditer(r"\b(?:which|who|that|qui|que)\b", text[:position])]
    return max([cut + 1, *which]) if which or cut >= 0 else 0


_ABBREVIATION_RE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|H\.E|U\.S|U\.N|M)|\b[A-Z])\Z")


def _clause_end(text: str, position: int, commas: bool = False) -> int:
    """The end of the clause from ``position``: a semicolon or a full stop ("Mr." is none)."""
    for index in range(position, len(text)):
        char = text[index]
        if char == ";" or (commas and char == ","):
            return index
        if char == "." and not _ABBREVIATION_RE.search(text[max(0, index - 4) : index]):
            return index
    return len(text)


_LEADING_WORDS = frozenset(
    [
        "The",
        "La",
        "Le",
        "Les",
        "L'",
        "At",
        "In",
        "On",
        "During",
        "For",
        "By",
        "As",
        "With",
        "A",
        "An",
        "Since",
        "From",
        "Under",
        "After",
        "Before",
        "When",
        "While",
        "Speaking",
        "Lors",
        "Au",
        "Dans",
        "Pour",
        "Par",
        "Depuis",
    ]
)


def _trim_name(name: str) -> str:
    """A proposed name without sentence words around it, cut before a month or weekday."""
    words = name.split()
    for index, word in enumerate(words):
        if word.casefold().strip(",.") in _MONTHS_AND_DAYS:
            words = words[:index]
            break
    while words and (re.fullmatch(_LINK, words[-1]) or words[-1] in ("The",)):
        words.pop()
    while words and (words[0] in _LEADING_WORDS or words[0] in ("the", "la", "le", "les")):
        words.pop(0)
    while words and (re.fullmatch(_LINK, words[-1]) or words[-1] in ("The",)):
        words.pop()
    return " ".join(words).strip(" ,.;:'\"“”")


_NOT_ORG_STARTS = frozenset(
    [
        "co-chairs",
        "co-chair",
        "chair",
        "chairs",
        "chairman",
        "members",
        "member",
        "membership",
        "secretary",
        "under-secretary-general",
        "secretary-general",
        "head",
        "heads",
        "minister",
        "director",
        "deputy",
        "president",
        "programme",
        "program",
        "office",
    ]
)


def _proper_org_name(name: str) -> bool:
    """Whether a capitalised phrase can name an organisation: not a post, a role or a bare head."""
    words = name.split()
    if "'s" in name or "\u2019s" in name or words[0].casefold() in _NOT_ORG_STARTS:
        return False
    return not (len(words) == 2 and words[0].casefold() in ("program", "programme", "working"))


def _org_classes(name: str) -> tuple[URIRef, ...] | None:
    words = [w.casefold() for w in re.findall(r"[\w-]+", name)]
    if not words:
        return None
    for head, classes in _ORG_CLASSES:
        if head in words[-2:] or (
            head in words and words.index(head) >= len(words) - 4 and "of" in words
        ):
            if head == "group" and "friends" not in words:
                return (ORG.FormalOrganization,)
            return classes
    return None


def _event_class(name: str) -> URIRef | None:
    words = [w.casefold() for w in re.findall(r"[\w-]+", name)]
    for head, cls in _EVENT_CLASSES:
        if head in words[-3:]:
            if head == "forum" and not _ORDINAL_RE.match(name) and "annual" not in words:
                return None
            return cls
    return None


def _edition_class(series_label: str) -> URIRef:
    cls = _event_class(series_label)
    if cls is not None and cls != CTG.Event:
        return cls
    words = series_label.casefold()
    if "meeting" in words or "platform" in words:
        return CTG.HighLevelMeeting
    return CTG.Event


_MONTHS_AND_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "janvier",
        "février",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "decembre",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "today",
    ]
)


def _is_month_or_day(word: str) -> bool:
    return word.split()[0].casefold() in _MONTHS_AND_DAYS


def _ordinal_word(number: int) -> str:
    for word, value in _ORDINAL_WORDS.items():
        if value == number and word.isascii() and word not in ("premier", "premiere", "seconde"):
            return word.capitalize()
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _status(planned: bool, held: bool, first: str, document: Document) -> URIRef | None:
    if planned and not held:
        return CT["status-planned"]
    if held and not planned:
        return CT["status-held"]
    issued = document.issued
    if issued is None:
        return None
    return CT["status-held"] if first <= issued.isoformat()[: len(first)] else CT["status-planned"]


def extract(
    document: Document,
    gazetteer: Gazetteer,
    known: Known | None = None,
    countries: Iterable[URIRef] = (),
    states: Iterable[URIRef] = (),
) -> Extraction:
    """Return the new nodes, facts and relations ``document`` states, read with ``gazetteer``.

    ``known`` gives the events the graph has (:func:`known_from_graph`), so
    that "the third meeting" of a series is the graph's node for it;
    ``countries`` are nodes of ``gazetteer`` the graph does not have
    (:func:`ctgraph.gazetteer.add_countries`), proposed when named, and
    ``states`` nodes the graph has as countries only, typed states too when
    named (a state is an actor and a place).
    """
    reader = _Reader(document, gazetteer, known or Known(), frozenset(countries), frozenset(states))
    return reader.read()
