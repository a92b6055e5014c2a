"""Generate synthetic ctgraph data shaped like the seed press release, at any size.

Usage: python bench/synthetic.py --triples N --out DIR [--seed S]

Writes one Turtle file per synthetic source document into DIR and prints the
number of triples written. Each document mimics the seed's mix: numbered
paragraphs, states and frameworks, memberships with dated intervals, people,
posts and post holdings, events with dates, places, statuses and series,
event roles, commitments, support, and a reified rdf:Statement with its
paragraph for each fact about an entity. Pools of states, frameworks, cities
and series are shared between documents, so that queries join across files
as they would over many real releases. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PREFIXES = """\
@prefix ct: <https://w3id.org/ctgraph/id/> .
@prefix ctg: <https://w3id.org/ctgraph/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: Real states are about 200: past that, more documents mean more roles per state.
MAX_STATES = 200
PARAGRAPHS = 15
FRAMEWORK_CLASSES = ("ctg:Forum", "ctg:GroupOfFriends", "ctg:Process", "ctg:Platform")
EVENT_CLASSES = ("ctg:Dialogue", "ctg:Conference", "ctg:HighLevelMeeting", "ctg:ForumMeeting")
MEMBER_ROLES = (
    "ct:role-chair",
    "ct:role-co-chair",
    "ct:role-member",
    "ct:role-active-member",
    "ct:role-initiator",
    "ct:role-founder",
)
EVENT_ROLES = ("ct:role-participant", "ct:role-co-chair", "ct:role-chair")
COMMITMENT_KINDS = (
    "ct:commitment-institutionalize",
    "ct:commitment-convene-annually",
    "ct:commitment-work-together",
    "ct:commitment-explore-collaboration",
    "ct:commitment-broaden-collaboration",
)
TOPICS = (
    "ct:topic-counter-terrorism",
    "ct:topic-terrorism-in-africa",
    "ct:topic-maritime-security",
    "ct:topic-capacity-building",
    "ct:topic-technical-assistance",
    "ct:topic-inter-agency-cooperation",
    "ct:topic-victims-of-terrorism",
)
POST_ROLES = (
    "ct:role-head-of-state",
    "ct:role-foreign-minister",
    "ct:role-under-secretary-general",
)


def _text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


def _date(year: int, month: int, day: int) -> str:
    return f'"{year:04d}-{month:02d}-{day:02d}"^^xsd:date'


@dataclass
class _Document:
    """The Turtle of one synthetic document, and how many triples it holds."""

    name: str
    lines: list[str] = field(default_factory=list)
    triples: int = 0

    def block(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        self.lines.append(f"{subject} {body} .\n")
        self.triples += len(pairs)

    def statement(self, s: str, p: str, o: str, paragraph: str, inferred: bool = False) -> None:
        """Record that ``paragraph`` states ``s p o``, as the seed does for entity facts."""
        pairs = [
            ("a", "rdf:Statement"),
            ("rdf:subject", s),
            ("rdf:predicate", p),
            ("rdf:object", o),
            ("ctg:statedIn", paragraph),
        ]
        if inferred:
            pairs.append(("ctg:inferred", "true"))
            pairs.append(("ctg:inferenceNote", _text("Synthetic inference.")))
        self.block("[]", pairs)

    def fact(self, s: str, p: str, o: str, paragraph: str, inferred: bool = False) -> None:
        self.block(s, [(p, o)])
        self.statement(s, p, o, paragraph, inferred)


class Generator:
    """Deterministic synthetic documents; pools grow with the number of documents."""

    def __init__(self, seed: int = 1) -> None:
        self.random = random.Random(seed)
        self.states: list[str] = []
        self.frameworks: list[str] = []
        self.cities: list[str] = []
        self.series: list[str] = []
        self.events: list[str] = []

    def _pick(self, pool: list[str], recent: int = 50) -> str:
        # Mostly recent entries, so that a framework or series gathers a
        # bounded number of members whatever the size of the graph.
        if self.random.random() < 0.8:
            return self.random.choice(pool[-recent:])
        return self.random.choice(pool)

    def _new_state(self, doc: _Document, paragraph: str) -> str:
        number = len(self.states) + 1
        state = f"ct:syn-state-{number:03d}"
        doc.block(
            state,
            [
                ("a", "ctg:State , ctg:Country"),
                ("rdfs:label", _text(f"Synthetic State {number}")),
                ("skos:altLabel", _text(f"SS{number}")),
                ("ctg:statedIn", paragraph),
            ],
        )
        doc.triples += 1  # the second type
        self.states.append(state)
        return state

    def _interval(self, doc: _Document, node: str) -> list[tuple[str, str]]:
        """An interval for ``node`` in one of the seed's shapes, or none (undated)."""
        kind = self.random.randrange(5)
        if kind == 0:
            return []
        interval, begin, end = f"{node}-interval", f"{node}-begin", f"{node}-end"
        year = self.random.randrange(2005, 2026)
        pairs = [("a", "time:ProperInterval"), ("time:hasBeginning", begin)]
        if kind == 1:  # exact dates
            doc.block(begin, [("a", "time:Instant"), ("time:inXSDDate", _date(year, 1, 1))])
            doc.block(end, [("a", "time:Instant"), ("time:inXSDDate", _date(year + 2, 12, 31))])
            pairs.append(("time:hasEnd", end))
        elif kind == 2:  # present tense at the document's date, as in the seed
            note = _text("Stated in the present tense.")
            for instant, bound in ((begin, "ctg:notAfter"), (end, "ctg:notBefore")):
                doc.block(
                    instant,
                    [
                        ("a", "time:Instant"),
                        (bound, _date(year, 9, 26)),
                        ("ctg:inferred", "true"),
                        ("ctg:inferenceNote", note),
                    ],
                )
            pairs.append(("time:hasEnd", end))
        elif kind == 3:  # former: ended by the document's date
            pairs = [("a", "time:ProperInterval"), ("time:hasEnd", end)]
            doc.block(end, [("a", "time:Instant"), ("ctg:notAfter", _date(year, 9, 26))])
        else:  # open: begun, end unknown
            doc.block(begin, [("a", "time:Instant"), ("ctg:notBefore", _date(year, 3, 1))])
        doc.block(interval, pairs)
        return [("org:memberDuring", interval)]

    def document(self, number: int) -> _Document:
        """Return the ``number``-th synthetic document (numbers start at 1)."""
        rnd = self.random
        doc = _Document(f"syn-{number:05d}")
        d = f"ct:syn-doc-{number:05d}"
        p = [f"{d}-p{i:02d}" for i in range(1, PARAGRAPHS + 1)]
        year = rnd.randrange(2005, 2026)

        # New states until the pool is full; new frameworks, cities and series always.
        while len(self.states) < min(MAX_STATES, 4 + 2 * number):
            self._new_state(doc, p[0])
        for i in range(2):
            framework = f"ct:syn-framework-{number:05d}-{i}"
            doc.block(
                framework,
                [
                    ("a", rnd.choice(FRAMEWORK_CLASSES)),
                    ("rdfs:label", _text(f"Synthetic Framework {number}-{i}")),
                    ("skos:altLabel", _text(f"SF{number}-{i}")),
                    ("ctg:topic", rnd.choice(TOPICS)),
                    ("ctg:statedIn", rnd.choice(p)),
                ],
            )
            self.frameworks.append(framework)
        for i in range(2):
            city = f"ct:syn-city-{number:05d}-{i}"
            country = rnd.choice(self.states)
            paragraph = rnd.choice(p)
            doc.block(
                city,
                [
                    ("a", "ctg:City"),
                    ("rdfs:label", _text(f"Synthetic City {number}-{i}")),
                    ("ctg:statedIn", paragraph),
                ],
            )
            doc.fact(city, "schema:containedInPlace", country, paragraph, inferred=True)
            self.cities.append(city)
        series = f"ct:syn-series-{number:05d}"
        doc.block(
            series,
            [
                ("a", "ctg:EventSeries"),
                ("rdfs:label", _text(f"Synthetic Series {number}")),
                ("ctg:recurrence", "ct:recurrence-annual"),
                ("ctg:statedIn", p[2]),
            ],
        )
        self.series.append(series)

        publishers = rnd.sample(self.states, 2)
        doc.block(
            d,
            [
                ("a", "ctg:SourceDocument"),
                ("rdfs:label", _text(f"Synthetic press release {number}")),
                ("dcterms:title", _text(f"Synthetic press release number {number}")),
                ("ctg:documentType", "ct:doctype-joint-press-release"),
                ("dcterms:issued", _date(year, 9, 26)),
                ("dcterms:publisher", " , ".join(publishers)),
                ("ctg:statedIn", f"{p[0]} , {p[1]}"),
            ],
        )
        doc.triples += 2  # the second publisher and the second paragraph above
        for i, paragraph in enumerate(p, start=1):
            doc.block(
                paragraph,
                [
                    ("a", "ctg:Paragraph"),
                    ("dcterms:isPartOf", d),
                    ("ctg:paragraphNumber", str(i)),
                    ("rdfs:label", _text(f"paragraph {i}")),
                ],
            )
        for publisher in publishers:
            doc.statement(d, "dcterms:publisher", publisher, p[1])

        # Memberships of states in frameworks, with intervals.
        for i in range(6):
            m = f"ct:syn-m-{number:05d}-{i}"
            doc.block(
                m,
                [
                    ("a", "ctg:Membership"),
                    ("rdfs:label", _text(f"Synthetic membership {number}-{i}")),
                    ("org:member", rnd.choice(self.states)),
                    ("org:organization", self._pick(self.frameworks)),
                    ("org:role", rnd.choice(MEMBER_ROLES)),
                    *self._interval(doc, m),
                    ("ctg:statedIn", rnd.choice(p)),
                ],
            )

        # People, their posts and post holdings.
        people = []
        for i in range(3):
            person = f"ct:syn-person-{number:05d}-{i}"
            post = f"ct:syn-post-{number:05d}-{i}"
            holding = f"ct:syn-ph-{number:05d}-{i}"
            state = rnd.choice(self.states)
            role = POST_ROLES[i]
            paragraph = rnd.choice(p)
            doc.block(
                person,
                [
                    ("a", "ctg:Person"),
                    ("rdfs:label", _text(f"Synthetic Person {number}-{i}")),
                    ("foaf:name", f'"Synthetic Person {number}-{i}"'),
                    ("ctg:statedIn", paragraph),
                ],
            )
            doc.block(
                post,
                [
                    ("a", "ctg:Post"),
                    ("rdfs:label", _text(f"Synthetic Post {number}-{i}")),
                    ("org:role", role),
                    ("org:postIn", state),
                    ("ctg:statedIn", paragraph),
                ],
            )
            doc.statement(post, "org:postIn", state, paragraph)
            doc.statement(post, "org:role", role, paragraph)
            doc.block(
                holding,
                [
                    ("a", "ctg:PostHolding"),
                    ("rdfs:label", _text(f"Synthetic post holding {number}-{i}")),
                    ("org:member", person),
                    ("ctg:post", post),
                    ("org:organization", state),
                    ("org:role", role),
                    *self._interval(doc, holding),
                    ("ctg:statedIn", paragraph),
                ],
            )
            people.append(person)

        # Events, with dates, places, status, series and margins.
        events = []
        for i in range(8):
            event = f"ct:syn-event-{number:05d}-{i}"
            paragraph = rnd.choice(p)
            month, day = rnd.randrange(1, 13), rnd.randrange(1, 28)
            event_year = year + rnd.choice((-1, 0, 0, 1))
            status = "ct:status-held" if event_year <= year else "ct:status-planned"
            precision = rnd.randrange(10)
            if precision < 7:
                start, end = _date(event_year, month, day), _date(event_year, month, day + 1)
            elif precision < 9:
                start, end = f'"{event_year:04d}-{month:02d}"^^xsd:gYearMonth', ""
            else:
                start, end = f'"{event_year:04d}"^^xsd:gYear', ""
            place = self._pick(self.cities)
            pairs = [
                ("a", rnd.choice(EVENT_CLASSES)),
                ("rdfs:label", _text(f"Synthetic Event {number}-{i}")),
                ("ctg:eventStatus", status),
                ("schema:startDate", start),
                ("schema:location", place),
                ("ctg:topic", rnd.choice(TOPICS)),
            ]
            facts = [p_o for p_o in pairs[2:]]
            if end:
                pairs.append(("schema:endDate", end))
                facts.append(("schema:endDate", end))
            if i < 3:
                pairs.append(("ctg:inSeries", self._pick(self.series)))
                pairs.append(("ctg:ordinal", str(i + 1)))
                facts.extend(pairs[-2:])
            if i == 4 and self.events:
                pairs.append(("ctg:onTheMarginsOf", self._pick(self.events)))
                facts.append(pairs[-1])
            pairs.append(("ctg:statedIn", paragraph))
            doc.block(event, pairs)
            for predicate, obj in facts:
                doc.statement(event, predicate, obj, paragraph, inferred=rnd.random() < 0.1)
            events.append(event)
        self.events.extend(events)

        # Event roles: states and people at this document's events.
        for i in range(6):
            role = f"ct:syn-er-{number:05d}-{i}"
            agent = people[i % 3] if i % 2 else rnd.choice(self.states)
            doc.block(
                role,
                [
                    ("a", "ctg:EventRole"),
                    ("rdfs:label", _text(f"Synthetic event role {number}-{i}")),
                    ("ctg:atEvent", events[i % 2]),
                    ("ctg:agent", agent),
                    ("ctg:role", EVENT_ROLES[i % 3]),
                    ("ctg:statedIn", rnd.choice(p)),
                ],
            )

        # Commitments made at the first event, and support between actors.
        for i in range(5):
            makers = rnd.sample(self.states, 2)
            doc.block(
                f"ct:syn-c-{number:05d}-{i}",
                [
                    ("a", "ctg:Commitment"),
                    ("rdfs:label", _text(f"Synthetic commitment {number}-{i}")),
                    ("ctg:madeAt", events[0]),
                    ("ctg:committedBy", " , ".join(makers)),
                    ("ctg:commitmentKind", COMMITMENT_KINDS[i]),
                    ("ctg:concerns", self._pick(self.frameworks)),
                    ("ctg:statedIn", rnd.choice(p)),
                ],
            )
            doc.triples += 1  # the second maker
        for i in range(4):
            doc.block(
                f"ct:syn-s-{number:05d}-{i}",
                [
                    ("a", "ctg:Support"),
                    ("rdfs:label", _text(f"Synthetic support {number}-{i}")),
                    ("ctg:supporter", rnd.choice(self.states)),
                    ("ctg:recipient", self._pick(self.frameworks)),
                    ("ctg:statedIn", rnd.choice(p)),
                ],
            )

        # A partnership between two states, each partner a sourced fact.
        partnership = f"ct:syn-partnership-{number:05d}"
        paragraph = rnd.choice(p)
        doc.block(
            partnership,
            [
                ("a", "ctg:Partnership"),
                ("rdfs:label", _text(f"Synthetic Partnership {number}")),
                ("ctg:statedIn", paragraph),
            ],
        )
        for partner in publishers:
            doc.fact(partnership, "ctg:partner", partner, paragraph)
        return doc

    def documents(self) -> Iterator[_Document]:
        number = 0
        while True:
            number += 1
            yield self.document(number)


def write(out: Path, triples: int, seed: int = 1) -> tuple[list[Path], int]:
    """Write documents into ``out`` until about ``triples`` triples are written.

    Returns:
        The files written, in order, and the number of triples they hold.
    """
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    total = 0
    for doc in Generator(seed).documents():
        if total >= triples:
            break
        path = out / f"{doc.name}.ttl"
        path.write_text(PREFIXES + "\n" + "\n".join(doc.lines), encoding="utf-8")
        files.append(path)
        total += doc.triples
    return files, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many triples")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    files, total = write(args.out, args.triples, args.seed)
    print(f"{total} triples in {len(files)} files under {args.out}")


if __name__ == "__main__":
    main()
