"""Ingesting documents: names, dates and each relationship pattern, on texts written for the tests.

The graph the texts are read against is the project's own (ontology, data),
so that the actors of the seed are known by their names; the texts are short
made-up reports in the style of the real ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ctgraph import load_graph
from ctgraph.errors import InputError
from ctgraph.gazetteer import Gazetteer
from ctgraph.ingest import Candidates, ingest
from ctgraph.namespaces import CT, CTG, OA, ORG, SCHEMA, TIME

DATE = XSD.date
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def graph() -> Graph:
    """The seed (not the growing corpus of data/), with French names of UNOCT."""
    g = Graph()
    data = ROOT / "data"
    seed = [data / "vocabularies.ttl", data / "press-release-2024-09-26-morocco-unoct.ttl"]
    for triple in load_graph(data=seed).graph:
        g.add(triple)
    g.add((CT.unoct, SKOS.altLabel, Literal("ONUCT", lang="fr")))
    g.add((CT.unoct, SKOS.altLabel, Literal("Bureau de lutte contre le terrorisme", lang="fr")))
    return g


def read(
    tmp_path: Path, graph: Graph, text: str, name: str = "report.txt", **kw: object
) -> Candidates:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ingest([path], graph, **kw)  # type: ignore[arg-type]


def relations(candidates: Candidates, cls: URIRef) -> set[tuple[tuple[URIRef, object], ...]]:
    """The relationship nodes of ``cls`` as sorted (property, value) pairs of their key values."""
    keys = {
        ORG.member,
        ORG.organization,
        ORG.role,
        CTG.atEvent,
        CTG.agent,
        CTG.role,
        CTG.supporter,
        CTG.recipient,
        CTG.through,
        CTG.madeAt,
        CTG.commitmentKind,
        CTG.committedBy,
        CTG.concerns,
        CTG.post,
    }
    g = candidates.graph
    return {
        tuple(sorted(((p, o) for p, o in g.predicate_objects(node) if p in keys), key=str))
        for node in g.subjects(RDF.type, cls)
    }


def statements(candidates: Candidates) -> Iterator[tuple[object, object, object]]:
    g = candidates.graph
    for st in g.subjects(RDF.type, RDF.Statement):
        yield g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)


# Names -----------------------------------------------------------------------------


def test_every_name_of_an_actor_resolves_to_one_node(graph: Graph) -> None:
    names = Gazetteer.from_graph(graph)
    text = (
        "The United Nations Office of Counter-Terrorism, UNOCT, the UN Office of "
        "Counter Terrorism, ONUCT and the Bureau de lutte contre le terrorisme met."
    )
    found = [(m.text, m.node) for m in names.find(text)]
    assert found == [
        ("United Nations Office of Counter-Terrorism", CT.unoct),
        ("UNOCT", CT.unoct),
        ("UN Office of Counter Terrorism", CT.unoct),
        ("ONUCT", CT.unoct),
        ("Bureau de lutte contre le terrorisme", CT.unoct),
    ]


def test_an_acronym_matches_only_as_written(graph: Graph) -> None:
    names = Gazetteer.from_graph(graph)
    assert [m.text for m in names.find("gctf, Gctf and GCTF")] == ["GCTF"]


def test_a_name_holding_other_names_is_found_by_their_other_names(graph: Graph) -> None:
    names = Gazetteer.from_graph(graph)
    text = (
        "the partnership between the Kingdom of Morocco and the United Nations Office of "
        "Counter-Terrorism"
    )
    (mention,) = names.find(text)
    assert mention.node == CT["morocco-unoct-partnership"]


def test_a_document_defines_an_acronym_for_a_new_organisation(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Harbour security\n\n"
        "Rabat, 3 March 2025 - The Atlantic Harbour Security Agency (AHSA) met in Rabat.\n\n"
        "Morocco supports AHSA."
    )
    found = read(tmp_path, graph, text)
    agency = CT["atlantic-harbour-security-agency"]
    assert (agency, RDF.type, ORG.FormalOrganization) in found.graph
    assert (agency, SKOS.altLabel, Literal("AHSA", lang="en")) in found.graph
    assert relations(found, CTG.Support) == {((CTG.recipient, agency), (CTG.supporter, CT.morocco))}


def test_a_surname_names_the_person_after_the_full_name(tmp_path: Path, graph: Graph) -> None:
    text = (
        "A visit\n\n"
        "Rabat, 3 March 2025 - Mr. Nasser Bourita received the delegation.\n\n"
        "During the meeting, Minister Bourita welcomed the Fourth High-Level Meeting of Heads "
        "of Counter-Terrorism and Security Agencies in Africa held on 3 March 2025."
    )
    found = read(tmp_path, graph, text)
    assert (CT["nasser-bourita"], CTG.statedIn, CT["report-p03"]) in found.graph


def test_countries_are_known_by_their_iso_names(tmp_path: Path, graph: Graph) -> None:
    text = "Members\n\nThe founding members of the GCTF are Egypt, Russia and the United States."
    found = read(tmp_path, graph, text)
    founders = {dict(r)[ORG.member] for r in relations(found, CTG.Membership)}
    assert founders == {CT.egypt, CT["russian-federation"], CT["united-states"]}
    assert (CT.egypt, RDF.type, CTG.State) in found.graph
    assert (CT.egypt, RDFS.label, Literal("Egypt", lang="en")) in found.graph
    assert (CT["united-states"], RDF.type, CTG.State) in found.graph, "a country named as an actor"


# Dates -----------------------------------------------------------------------------


def test_a_date_range_gives_start_and_end(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Fourth meeting\n\n"
        "Rabat, 20 May 2025 - The fourth High-Level Meeting of Heads of Counter-Terrorism and "
        "Security Agencies in Africa will be held on 4-5 June 2025 in Rabat."
    )
    found = read(tmp_path, graph, text)
    event = CT["marrakech-platform-4"]
    assert (event, SCHEMA.startDate, Literal("2025-06-04", datatype=DATE)) in found.graph
    assert (event, SCHEMA.endDate, Literal("2025-06-05", datatype=DATE)) in found.graph
    assert (event, CTG.eventStatus, CT["status-planned"]) in found.graph
    assert (event, SCHEMA.location, CT.rabat) in found.graph
    assert (event, CTG.ordinal, Literal(4)) in found.graph


def test_a_date_without_a_year_takes_the_documents_year(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Fourth meeting\n\n"
        "Rabat, 20 May 2025 - The fourth High-Level Meeting of Heads of Counter-Terrorism and "
        "Security Agencies in Africa will be held on 4 June in Rabat."
    )
    found = read(tmp_path, graph, text)
    event = CT["marrakech-platform-4"]
    assert (event, SCHEMA.startDate, Literal("2025-06-04", datatype=DATE)) in found.graph
    inferred = [
        st
        for st in found.graph.subjects(RDF.object, Literal("2025-06-04", datatype=DATE))
        if (st, CTG.inferred, Literal(True)) in found.graph
    ]
    assert len(inferred) == 1


def test_a_weekday_is_resolved_against_the_documents_date(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Fourth meeting\n\n"
        "The fourth High-Level Meeting of Heads of Counter-Terrorism and Security Agencies in "
        "Africa opened on Thursday in Rabat."
    )
    found = read(tmp_path, graph, text, issued=datetime.date(2025, 6, 7))
    event = CT["marrakech-platform-4"]
    assert (event, SCHEMA.startDate, Literal("2025-06-05", datatype=DATE)) in found.graph
    assert (event, CTG.eventStatus, CT["status-held"]) in found.graph


# Relationship patterns -------------------------------------------------------------


def test_co_chaired_by(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Fourth meeting\n\n"
        "Rabat, 5 June 2025 - The fourth High-Level Meeting of Heads of Counter-Terrorism and "
        "Security Agencies in Africa was held today in Rabat. The meeting was co-chaired by "
        "Mr. Nasser Bourita and Mr. Vladimir Voronkov."
    )
    found = read(tmp_path, graph, text)
    event = CT["marrakech-platform-4"]
    assert relations(found, CTG.EventRole) == {
        ((CTG.agent, CT[person]), (CTG.atEvent, event), (CTG.role, CT[role]))
        for person in ("nasser-bourita", "vladimir-voronkov")
        for role in ("role-co-chair", "role-participant")  # who chairs takes part
    }


def test_under_the_joint_presidency_of_and_hosted_in(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Fourth meeting\n\n"
        "Tuesday 17 June 2025 - The 4th high-level meeting of heads of counter-terrorism and "
        "security agencies in Africa opened on Tuesday in Rabat under the joint presidency of "
        "Morocco and UNOCT."
    )
    found = read(tmp_path, graph, text)
    event = CT["marrakech-platform-4"]
    assert {dict(r)[CTG.agent] for r in relations(found, CTG.EventRole)} == {CT.morocco, CT.unoct}
    assert (event, SCHEMA.location, CT.rabat) in found.graph
    assert (event, SCHEMA.startDate, Literal("2025-06-17", datatype=DATE)) in found.graph


def test_hosted(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Second meeting\n\n"
        "Rabat, 5 June 2023 - UNOCT opened the second High-Level Meeting of Heads of "
        "Counter-Terrorism and Security Agencies in Africa. UNOCT thanked the Kingdom of "
        "Morocco for hosting the meeting in Rabat."
    )
    found = read(tmp_path, graph, text)
    event = CT["marrakech-platform-2"]
    assert (
        (CTG.agent, CT.morocco),
        (CTG.atEvent, event),
        (CTG.role, CT["role-host"]),
    ) in relations(found, CTG.EventRole)
    assert (event, SCHEMA.location, CT.rabat) in found.graph


def test_based_in(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Offices\n\n"
        "Rabat, 3 March 2025 - The Atlantic Harbour Security Agency is based in Rabat. "
        "UNOCT thanked its Fes-based Rabat Programme Office."
    )
    found = read(tmp_path, graph, text)
    assert (CT["atlantic-harbour-security-agency"], CTG.basedIn, CT.rabat) in found.graph
    assert (CT["unoct-rabat-programme-office"], CTG.basedIn, CT.fes) in found.graph


def test_inaugurated(tmp_path: Path, graph: Graph) -> None:
    text = (
        "A new office\n\n"
        "Rabat, 3 March 2025 - The Atlantic Harbour Security Agency was inaugurated in Fes "
        "on 1 March 2025."
    )
    found = read(tmp_path, graph, text)
    event = CT["atlantic-harbour-security-agency-inauguration"]
    assert (event, RDF.type, CTG.Inauguration) in found.graph
    assert (event, SCHEMA.about, CT["atlantic-harbour-security-agency"]) in found.graph
    assert (event, SCHEMA.location, CT.fes) in found.graph
    assert (event, SCHEMA.startDate, Literal("2025-03-01", datatype=DATE)) in found.graph


def test_member_of_and_joined(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Members\n\n"
        "Rabat, 3 March 2025 - Egypt is an active member of the Group of Friends of Victims of "
        "Terrorism. Canada joined the Abuja Process in March 2024."
    )
    found = read(tmp_path, graph, text)
    assert relations(found, CTG.Membership) == {
        (
            (ORG.member, CT.egypt),
            (ORG.organization, CT["group-of-friends-of-victims-of-terrorism"]),
            (ORG.role, CT["role-active-member"]),
        ),
        (
            (ORG.member, CT.canada),
            (ORG.organization, CT["abuja-process"]),
            (ORG.role, CT["role-member"]),
        ),
    }
    begins = set(found.graph.objects(None, TIME.inXSDgYearMonth))
    assert begins == {Literal("2024-03", datatype=XSD.gYearMonth)}


def test_chair_and_former_co_chair_with_years(tmp_path: Path, graph: Graph) -> None:
    text = (
        "GCTF Co-Chairs\n\n"
        "The current Co-Chairs are Egypt and Canada.\n\n"
        "Former GCTF Co-Chairs \u2013 Morocco and the Netherlands (2019 - 2022)."
    )
    found = read(tmp_path, graph, text, issued=datetime.date(2025, 1, 1))
    members = {dict(r)[ORG.member] for r in relations(found, CTG.Membership)}
    assert members == {CT.egypt, CT.canada, CT.morocco, CT.netherlands}
    years = set(found.graph.objects(None, TIME.inXSDgYear))
    assert years == {Literal("2019", datatype=XSD.gYear), Literal("2022", datatype=XSD.gYear)}
    bounds = set(found.graph.objects(None, CTG.notBefore))
    assert bounds == {Literal("2025-01-01", datatype=DATE)}, "the current co-chairs, as of the date"


def test_supports_and_funds(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Support\n\n"
        "Rabat, 3 March 2025 - UNOCT welcomed the generous support of Morocco to the activities "
        "of the Rabat Programme Office, including to the Global Fusion Cells Programme."
    )
    found = read(tmp_path, graph, text)
    office = CT["unoct-rabat-programme-office"]
    assert relations(found, CTG.Support) == {
        ((CTG.recipient, office), (CTG.supporter, CT.morocco)),
        (
            (CTG.recipient, CT["global-fusion-cells-programme"]),
            (CTG.supporter, CT.morocco),
            (CTG.through, office),
        ),
    }


def test_launched_and_initiator(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Frameworks\n\n"
        "Rabat, 3 March 2025 - Egypt, as the initiator of the Abuja Process, spoke first."
    )
    found = read(tmp_path, graph, text)
    assert relations(found, CTG.Membership) == {
        (
            (ORG.member, CT.egypt),
            (ORG.organization, CT["abuja-process"]),
            (ORG.role, CT["role-initiator"]),
        )
    }


def test_agreed_to_is_a_commitment_made_at_the_event(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Second Dialogue\n\n"
        "New York, 25 September 2025 - Morocco and UNOCT held their Second High-Level Strategic "
        "Dialogue today.\n\n"
        "Morocco and UNOCT agreed to work together on the Abuja Process."
    )
    found = read(tmp_path, graph, text)
    dialogue = CT["morocco-unoct-strategic-dialogue-2"]
    assert relations(found, CTG.Commitment) == {
        (
            (CTG.commitmentKind, CT["commitment-work-together"]),
            (CTG.committedBy, CT.morocco),
            (CTG.committedBy, CT.unoct),
            (CTG.concerns, CT["abuja-process"]),
            (CTG.madeAt, dialogue),
        ),
    }


def test_on_the_margins_of(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Second Dialogue\n\n"
        "New York, 25 September 2025 - Morocco and UNOCT held their Second High-Level Strategic "
        "Dialogue today on the margins of the 80th UN General Assembly High-Level Week."
    )
    found = read(tmp_path, graph, text)
    dialogue = CT["morocco-unoct-strategic-dialogue-2"]
    assert (dialogue, CTG.onTheMarginsOf, CT["unga-80-high-level-week"]) in found.graph
    assert (dialogue, SCHEMA.location, CT["new-york"]) in found.graph, "inferred from the dateline"


# Provenance, comparison, errors ----------------------------------------------------


def test_every_candidate_has_its_paragraph_span_and_confidence(
    tmp_path: Path, graph: Graph
) -> None:
    text = (
        "Fourth meeting\n\n"
        "Rabat, 5 June 2025 - The fourth High-Level Meeting of Heads of Counter-Terrorism and "
        "Security Agencies in Africa was co-chaired by Morocco and UNOCT."
    )
    found = read(tmp_path, graph, text)
    g = found.graph
    for node in g.subjects(RDF.type, CTG.EventRole):
        assert (node, CTG.statedIn, CT["report-p02"]) in g
        (span,) = g.objects(node, CTG.evidence)
        start, end = int(g.value(span, OA.start)), int(g.value(span, OA.end))
        paragraph = found.documents[0].paragraphs[1].text
        assert "co-chaired by" in paragraph[start:end]
        expected = {CT["role-co-chair"]: 0.8, CT["role-participant"]: 0.75}[g.value(node, CTG.role)]
        assert float(g.value(node, CTG.confidence)) == expected


def test_what_the_graph_already_says_repeats_and_a_different_date_contradicts(
    tmp_path: Path, graph: Graph
) -> None:
    text = (
        "Third meeting\n\n"
        "Rabat, 1 July 2024 - The third High-Level Meeting of Heads of Counter-Terrorism and "
        "Security Agencies in Africa was held on 3 June 2024 in Fes."
    )
    found = read(tmp_path, graph, text)
    statuses = {(f.status, f.text) for f in found.findings if f.kind == "fact"}
    assert ("repeats", "ct:marrakech-platform-3 schema:location ct:fes") in statuses
    (contradiction,) = [f for f in found.findings if f.status == "contradicts"]
    assert contradiction.text == 'ct:marrakech-platform-3 schema:startDate "2024-06-03"'
    assert contradiction.previous == ('"2024-06-04" (ct:pr-2024-09-26-p10)',)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the document is empty"),
        ("latin.txt", "Caf\u00e9 de Rabat\n".encode("latin-1"), "not valid UTF-8"),
        ("nothing.txt", b"Weather\n\nIt rained all day.\n", "no recognisable facts"),
    ],
)
def test_bad_documents_are_refused(
    tmp_path: Path, graph: Graph, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        ingest([path], graph)
    assert caught.value.path == path


def test_a_french_report_gives_actors_dates_and_places(tmp_path: Path, graph: Graph) -> None:
    text = (
        "Réunion à Rabat\n\n"
        "Rabat, le 5 juin 2025 - La quatrième réunion de haut niveau des chefs des services "
        "antiterroristes s'est tenue les 4 et 5 juin 2025 à Rabat, sous la coprésidence du Maroc "
        "et de l'ONUCT."
    )
    found = read(tmp_path, graph, text)
    assert found.documents[0].language == "fr"
    (event,) = found.graph.subjects(RDF.type, CTG.HighLevelMeeting)
    assert (event, SCHEMA.startDate, Literal("2025-06-04", datatype=DATE)) in found.graph
    assert (event, SCHEMA.endDate, Literal("2025-06-05", datatype=DATE)) in found.graph
    assert (event, SCHEMA.location, CT.rabat) in found.graph
    assert (event, CTG.ordinal, Literal(4)) in found.graph
    chairs = {dict(r)[CTG.agent] for r in relations(found, CTG.EventRole)}
    assert chairs == {CT.morocco, CT.unoct}, "Maroc and ONUCT"
    assert (CT.reunion, None, None) not in found.graph, "Réunion, a meeting, not the island"
