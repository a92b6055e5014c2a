"""Shared fixtures: the small hand-made graphs, shapes and queries under tests/fixtures/."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctgraph import Catalog, LoadedGraph, load_graph

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ONTOLOGY = FIXTURES / "ontology.ttl"
GRAPH = FIXTURES / "graph.ttl"
EXTRA = FIXTURES / "extra.ttl"
QUERIES = FIXTURES / "queries"
SHAPES = FIXTURES / "shapes.ttl"


@pytest.fixture(scope="session")
def loaded() -> LoadedGraph:
    """The fixture ontology and data, loaded once; tests must not change it."""
    return load_graph(ontology=[ONTOLOGY], data=[GRAPH, EXTRA])


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog(QUERIES)


@pytest.fixture
def cli_inputs() -> list[str]:
    """Options that point a command at the fixtures instead of the project's files."""
    return [
        "--ontology",
        str(ONTOLOGY),
        "--no-default-data",
        "--data",
        str(GRAPH),
        "--data",
        str(EXTRA),
        "--queries",
        str(QUERIES),
        "--shapes",
        str(SHAPES),
    ]
