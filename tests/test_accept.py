"""The review step: ingest writes candidates, accept merges them; disagreements are warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from ctgraph.cli import main
from ctgraph.namespaces import CT, CTG, SCHEMA

Capture = pytest.CaptureFixture[str]

PLANNED = (
    "Fourth meeting announced\n\n"
    "Rabat, 20 May 2025 - The fourth High-Level Meeting of Heads of Counter-Terrorism and "
    "Security Agencies in Africa will be held on 4-5 June 2025 in Rabat.\n"
)
HELD_LATER = (
    "Fourth meeting held\n\n"
    "Rabat, 10 June 2025 - The fourth High-Level Meeting of Heads of Counter-Terrorism and "
    "Security Agencies in Africa was held on 8-9 June 2025 in Rabat.\n"
)
HELD_ELSEWHERE = (
    "Fourth meeting report\n\n"
    "Fes, 11 June 2025 - The fourth High-Level Meeting of Heads of Counter-Terrorism and "
    "Security Agencies in Africa was held on 4-5 June 2025 in Fes.\n"
)


ROOT = Path(__file__).resolve().parent.parent
# The seed only, not all of data/: the corpus there grows, these tests read made-up reports.
SEED = [
    "--no-default-data",
    "--data",
    str(ROOT / "data" / "vocabularies.ttl"),
    "--data",
    str(ROOT / "data" / "press-release-2024-09-26-morocco-unoct.ttl"),
]


def run(capsys: Capture, command: str, *argv: str) -> tuple[int, str, str]:
    code = main([command, *SEED, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def ingest_and_accept(
    capsys: Capture, tmp_path: Path, name: str, text: str, accepted: list[Path]
) -> tuple[str, str]:
    """Ingest a document against the graph and ``accepted``, accept it; return both outputs."""
    data = [arg for path in accepted for arg in ("--data", str(path))]
    document = write(tmp_path, f"{name}.txt", text)
    candidates = tmp_path / "candidates" / f"{name}.ttl"
    code, ingested, err = run(capsys, "ingest", *data, str(document), "--out", str(candidates))
    assert (code, err) == (0, "")
    target = tmp_path / "accepted" / f"{name}.ttl"
    target.parent.mkdir(exist_ok=True)
    code, out, err = run(capsys, "accept", *data, str(candidates), "--into", str(target))
    assert (code, err) == (0, ""), out
    accepted.append(target)
    return ingested, out


def test_ingest_prints_a_summary_and_writes_candidates_only(
    capsys: Capture, tmp_path: Path
) -> None:
    document = write(tmp_path, "planned.txt", PLANNED)
    out_file = tmp_path / "c.ttl"
    code, out, err = run(capsys, "ingest", str(document), "--out", str(out_file))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "planned.txt: 2 paragraphs, 2025-05-20, en"
    assert lines[1] == "new nodes: 1; new facts: 6; repeated facts: 0; contradicted: 0"
    assert lines[-1] == (
        f"wrote {len(Graph().parse(out_file))} candidate triples to {out_file}; review them, "
        f"then: ctgraph accept {out_file}"
    )
    event = CT["marrakech-platform-4"]
    candidates = Graph().parse(out_file)
    assert (event, SCHEMA.startDate, Literal("2025-06-04", datatype=XSD.date)) in candidates


def test_a_bad_document_exits_2_with_one_line_and_writes_nothing(
    capsys: Capture, tmp_path: Path
) -> None:
    document = tmp_path / "latin.txt"
    document.write_bytes("Caf\u00e9\n".encode("latin-1"))
    out_file = tmp_path / "c.ttl"
    code, out, err = run(capsys, "ingest", str(document), "--out", str(out_file))
    assert (code, out) == (2, "")
    assert err == (
        f"ctgraph: error: {document}:1: not valid UTF-8 (byte 0xe9 at offset 3); save it as UTF-8\n"
    )
    assert not out_file.exists()


def test_a_document_with_no_facts_exits_2_and_writes_nothing(
    capsys: Capture, tmp_path: Path
) -> None:
    document = write(tmp_path, "weather.txt", "Weather\n\nIt rained all day.\n")
    out_file = tmp_path / "c.ttl"
    code, out, err = run(capsys, "ingest", str(document), "--out", str(out_file))
    assert (code, out) == (2, "")
    assert err == (
        f"ctgraph: error: {document}: no recognisable facts: no known actor, date or "
        "relationship was found\n"
    )
    assert not out_file.exists()


def test_candidates_under_data_are_not_part_of_the_graph(capsys: Capture, tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "candidates").mkdir(parents=True)
    document = write(tmp_path, "planned.txt", PLANNED)
    run(capsys, "ingest", str(document), "--out", str(data / "candidates" / "planned.ttl"))
    code, out, _ = run(capsys, "stats", "--no-default-data", "--data", str(data))
    assert code == 0
    assert "marrakech-platform-4" not in out


def test_a_planned_event_held_on_other_dates_is_one_rescheduled_event(
    capsys: Capture, tmp_path: Path
) -> None:
    accepted: list[Path] = []
    ingest_and_accept(capsys, tmp_path, "planned", PLANNED, accepted)
    ingested, out = ingest_and_accept(capsys, tmp_path, "held", HELD_LATER, accepted)
    assert "Contradicts the graph (2):" in ingested
    assert out.splitlines()[0] == (
        "https://w3id.org/ctgraph/id/marrakech-platform-4: held on other dates than planned, "
        "marked rescheduled"
    )
    merged = Graph()
    for path in accepted:
        merged.parse(path)
    event = CT["marrakech-platform-4"]
    assert set(merged.subjects(RDF.type, CTG.HighLevelMeeting)) == {event}
    assert (event, CTG.eventStatus, CT["status-rescheduled"]) in merged
    assert (event, SCHEMA.previousStartDate, Literal("2025-06-04", datatype=XSD.date)) in merged
    data = [arg for path in accepted for arg in ("--data", str(path))]
    code, out, _ = run(capsys, "validate", *data)
    assert (code, out) == (0, "conforms: 0 violations, 0 warnings, 0 infos\n")


def test_two_sources_that_disagree_are_kept_and_warned_about(
    capsys: Capture, tmp_path: Path
) -> None:
    accepted: list[Path] = []
    ingest_and_accept(capsys, tmp_path, "held", HELD_LATER, accepted)
    ingest_and_accept(capsys, tmp_path, "elsewhere", HELD_ELSEWHERE, accepted)
    data = [arg for path in accepted for arg in ("--data", str(path))]
    code, out, _ = run(capsys, "validate", *data)
    assert code == 0
    warnings = [line for line in out.splitlines() if "Sources disagree" in line]
    assert len(warnings) == 3, out  # the place, the start and the end
    assert any(
        "Sources disagree on https://schema.org/location: https://w3id.org/ctgraph/id/fes in "
        "https://w3id.org/ctgraph/id/elsewhere, https://w3id.org/ctgraph/id/rabat in "
        "https://w3id.org/ctgraph/id/held." in line
        for line in warnings
    ), warnings


def test_the_same_fact_from_two_documents_is_one_fact_with_two_sources(
    capsys: Capture, tmp_path: Path
) -> None:
    accepted: list[Path] = []
    ingest_and_accept(capsys, tmp_path, "held", HELD_LATER, accepted)
    again = HELD_LATER.replace("Fourth meeting held", "Fourth meeting, a second report")
    _, out = ingest_and_accept(capsys, tmp_path, "again", again, accepted)
    merged = Graph()
    for path in accepted:
        merged.parse(path)
    event = CT["marrakech-platform-4"]
    assert len(set(merged.objects(event, SCHEMA.startDate))) == 1
    documents = {
        merged.value(paragraph, URIRef_isPartOf())
        for st in merged.subjects(RDF.predicate, SCHEMA.startDate)
        for paragraph in merged.objects(st, CTG.statedIn)
    }
    assert documents == {CT.held, CT.again}
    assert "gain a second source" in out


def URIRef_isPartOf():  # noqa: N802 - a constant in a function, for the comprehension above
    from rdflib.namespace import DCTERMS

    return DCTERMS.isPartOf


def test_accepting_a_document_twice_is_refused(capsys: Capture, tmp_path: Path) -> None:
    accepted: list[Path] = []
    ingest_and_accept(capsys, tmp_path, "held", HELD_LATER, accepted)
    candidates = tmp_path / "candidates" / "held.ttl"
    code, out, err = run(
        capsys,
        "accept",
        "--data",
        str(accepted[0]),
        str(candidates),
        "--into",
        str(tmp_path / "other.ttl"),
    )
    assert (code, out) == (2, "")
    assert "is already in the data: accept a document once" in err


def test_candidates_whose_merge_would_not_conform_are_not_accepted(
    capsys: Capture, tmp_path: Path
) -> None:
    document = write(
        tmp_path, "held.txt", HELD_LATER.replace("was held", "was co-chaired by Morocco and held")
    )
    candidates = tmp_path / "held.ttl"
    assert run(capsys, "ingest", str(document), "--out", str(candidates))[0] == 0
    graph = Graph().parse(candidates)
    participant = CT["role-participant"]
    for role in list(graph.subjects(CTG.role, participant)):
        graph.remove((role, None, None))
    graph.serialize(candidates, format="turtle")
    target = tmp_path / "accepted.ttl"
    code, out, err = run(capsys, "accept", str(candidates), "--into", str(target))
    assert code == 1
    assert "chairs this event but is not among its participants" in out
    assert (
        err
        == f"{candidates}: not accepted: the merged graph would not conform; nothing was written\n"
    )
    assert not target.exists()


SECOND_DIALOGUE = (
    "Second Strategic Dialogue\n\n"
    "New York, 25 September 2025 - Morocco and UNOCT held their Second High-Level Strategic "
    "Dialogue today on the margins of the 80th UN General Assembly High-Level Week.\n"
)


def test_an_event_reported_held_fulfils_the_commitments_it_answers(
    capsys: Capture, tmp_path: Path
) -> None:
    accepted: list[Path] = []
    _, out = ingest_and_accept(capsys, tmp_path, "second", SECOND_DIALOGUE, accepted)
    dialogue = "https://w3id.org/ctgraph/id/morocco-unoct-strategic-dialogue-2"
    assert out.splitlines()[:2] == [
        f"{CT}c-convene-strategic-dialogue-annually is fulfilled by {dialogue}",
        f"{CT}c-institutionalize-strategic-dialogue is fulfilled by {dialogue}",
    ]
    code, out, _ = run(
        capsys, "query", "--data", str(accepted[0]), "commitments-as-of", "--format", "csv"
    )
    assert code == 0
    rows = {
        (line.split(",")[0].rsplit("/", 1)[-1], line.split(",")[6], line.split(",")[9])
        for line in out.splitlines()[1:]
    }
    assert ("c-convene-strategic-dialogue-annually", "fulfilled", "2025-09-25") in rows
    assert ("c-institutionalize-strategic-dialogue", "fulfilled", "2025-09-25") in rows
    assert ("c-work-together-forum-of-beneficiaries", "overdue", "") in rows
    code, out, _ = run(capsys, "validate", "--data", str(accepted[0]))
    assert (code, out) == (0, "conforms: 0 violations, 0 warnings, 0 infos\n")


def test_the_facts_two_sources_disagree_on_are_listed(capsys: Capture, tmp_path: Path) -> None:
    accepted: list[Path] = []
    ingest_and_accept(capsys, tmp_path, "held", HELD_LATER, accepted)
    ingest_and_accept(capsys, tmp_path, "elsewhere", HELD_ELSEWHERE, accepted)
    data = [arg for path in accepted for arg in ("--data", str(path))]
    code, out, _ = run(capsys, "query", *data, "sources-disagree", "--format", "tsv")
    assert code == 0
    assert out.splitlines()[1:] == [
        "<https://w3id.org/ctgraph/id/marrakech-platform-4>\t<https://schema.org/endDate>\t"
        '"2025-06-05"^^<http://www.w3.org/2001/XMLSchema#date>\t<https://w3id.org/ctgraph/id/elsewhere>\t'
        '"2025-06-09"^^<http://www.w3.org/2001/XMLSchema#date>\t<https://w3id.org/ctgraph/id/held>',
        "<https://w3id.org/ctgraph/id/marrakech-platform-4>\t<https://schema.org/location>\t"
        "<https://w3id.org/ctgraph/id/fes>\t<https://w3id.org/ctgraph/id/elsewhere>\t"
        "<https://w3id.org/ctgraph/id/rabat>\t<https://w3id.org/ctgraph/id/held>",
        "<https://w3id.org/ctgraph/id/marrakech-platform-4>\t<https://schema.org/startDate>\t"
        '"2025-06-04"^^<http://www.w3.org/2001/XMLSchema#date>\t<https://w3id.org/ctgraph/id/elsewhere>\t'
        '"2025-06-08"^^<http://www.w3.org/2001/XMLSchema#date>\t<https://w3id.org/ctgraph/id/held>',
    ]
