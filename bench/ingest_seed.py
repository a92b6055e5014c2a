"""Precision and recall of `ctgraph ingest` on the seed press release, against data/.

Usage: python bench/ingest_seed.py RELEASE.txt [--show]

RELEASE.txt is the joint press release of 26 September 2024 whose facts
data/press-release-2024-09-26-morocco-unoct.ttl holds, built by hand (the
text is not part of the project). The release is ingested twice:

- *names known*: against the ontology, the vocabularies and the names and
  types of the seed's actors, places, programmes and events (labels,
  alternative labels, foaf:name, rdf:type), but none of their facts: what
  ingest has when a new document speaks of actors the graph already knows;
- *nothing known*: against the ontology and the vocabularies only, new
  nodes matched to the seed's by name afterwards.

Prints a table: facts proposed, right, wrong, missed, precision, recall
(:mod:`ctgraph.evaluate`); ``--show`` lists the wrong and missed facts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS
from rdflib.term import Node

from ctgraph import load_graph
from ctgraph.evaluate import Score, score
from ctgraph.gazetteer import name_key
from ctgraph.ingest import ingest
from ctgraph.namespaces import CT, CTG
from ctgraph.paths import default_data, default_ontology

SEED = "press-release-2024-09-26-morocco-unoct.ttl"
SEED_DOCUMENT = CT["pr-2024-09-26"]
NAMES = (RDF.type, RDFS.label, SKOS.altLabel, SKOS.prefLabel, FOAF.name)
NOT_ENTITIES = {CTG.Paragraph, CTG.SourceDocument, RDF.Statement}


def names_only(seed: Graph) -> Graph:
    """The names and types of the seed's entities, none of their facts."""
    kept = Graph()
    relationship_classes = {
        CTG.EventRole,
        CTG.Membership,
        CTG.Support,
        CTG.Commitment,
        CTG.PostHolding,
    }
    for subject in set(seed.subjects(RDF.type, None)):
        types = set(seed.objects(subject, RDF.type))
        if types & (NOT_ENTITIES | relationship_classes) or not isinstance(subject, URIRef):
            continue
        for predicate in NAMES:
            for value in seed.objects(subject, predicate):
                kept.add((subject, predicate, value))
    return kept


def by_name(candidates: Graph, seed: Graph) -> dict[Node, Node]:
    """Map the candidates' new nodes to the seed's nodes of the same name."""
    seed_names: dict[tuple[str, ...], Node] = {}
    for predicate in (RDFS.label, SKOS.altLabel, FOAF.name):
        for subject, value in seed.subject_objects(predicate):
            seed_names.setdefault(name_key(str(value)), subject)
    mapping: dict[Node, Node] = {}
    for subject, value in candidates.subject_objects(RDFS.label):
        found = seed_names.get(name_key(str(value)))
        if found is not None and found != subject:
            mapping[subject] = found
    return mapping


def run(release: Path, known: Graph, seed: Graph) -> Score:
    candidates = ingest([release], known)
    same_as: dict[Node, Node] = by_name(candidates.graph, seed)
    for document in candidates.graph.subjects(RDF.type, CTG.SourceDocument):
        same_as[document] = SEED_DOCUMENT
    return score(candidates.graph, seed, same_as)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", type=Path)
    parser.add_argument("--show", action="store_true", help="list the wrong and missed facts")
    args = parser.parse_args(argv)
    seed = Graph().parse(default_data() / SEED)
    base = load_graph(ontology=default_ontology(), data=[default_data() / "vocabularies.ttl"]).graph
    rows = []
    for name, known in (("names known", base + names_only(seed)), ("nothing known", base)):
        result = run(args.release, known, seed)
        rows.append((name, result))
    print("| graph ingested against | proposed | right | wrong | missed | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for name, result in rows:
        proposed = len(result.right) + len(result.wrong)
        print(
            f"| {name} | {proposed} | {len(result.right)} | {len(result.wrong)} | "
            f"{len(result.missed)} | {result.precision:.2f} | {result.recall:.2f} |"
        )
    if args.show:
        for name, result in rows:
            print(f"\n{name}: wrong")
            for fact in sorted(result.wrong, key=str):
                print("  ", *fact[1:])
            print(f"{name}: missed")
            for fact in sorted(result.missed, key=str):
                print("  ", *fact[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
