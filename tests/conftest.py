"""Shared fixtures: the small hand-made graphs, shapes and queries under tests/fixtures/."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from ctgraph import Catalog, LoadedGraph, load_graph

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The seed release's data and the vocabularies: what the tests of answers read.
SEED_DATA = (
    ROOT / "data" / "vocabularies.ttl",
    ROOT / "data" / "press-release-2024-09-26-morocco-unoct.ttl",
)


def pytest_configure(config: pytest.Config) -> None:
    """Point every test at the seed's data, whose answers they assert.

    data/ grows with each accepted document; the tests of commands, queries,
    projections and drawings assert the seed's answers, so they read a copy of
    the seed's files ($CTGRAPH_DATA). test_corpus.py reads all of data/.
    """
    folder = Path(tempfile.mkdtemp(prefix="ctgraph-seed-"))
    for path in SEED_DATA:
        shutil.copyfile(path, folder / path.name)
    os.environ["CTGRAPH_DATA"] = str(folder)


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
