"""Where the project's default ontology, data, shapes and queries live."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "GRAPH_BASE",
    "default_data",
    "default_ontology",
    "default_queries",
    "default_shapes",
    "project_root",
    "source_iri",
]

#: Named graphs and document bases are minted under this IRI.
GRAPH_BASE = "https://w3id.org/ctgraph/graph/"

#: Set this variable to use another checkout's ontology, data, shapes and queries.
ROOT_VARIABLE = "CTGRAPH_ROOT"


def project_root() -> Path:
    """Return the repository root.

    The root is ``$CTGRAPH_ROOT`` when set, otherwise the folder two levels
    above this package (``src/ctgraph/../..``), which is the checkout when
    ctgraph is installed with ``pip install -e .``.
    """
    override = os.environ.get(ROOT_VARIABLE)
    if override:
        return Path(override).resolve()
    return Path(__file__).resolve().parent.parent.parent


def default_ontology() -> list[Path]:
    """Return the ontology files: ``ontology/ctgraph.ttl``, and ``ontology/imports.ttl``.

    ``imports.ttl`` restates the axioms of reused vocabularies that validation
    and inference need offline; it is left out when absent.
    """
    folder = project_root() / "ontology"
    files = [folder / "ctgraph.ttl"]
    if (folder / "imports.ttl").is_file():
        files.append(folder / "imports.ttl")
    return files


def default_data() -> Path:
    """Return the instance data folder, ``data/``."""
    return project_root() / "data"


def default_shapes() -> Path:
    """Return the SHACL shapes folder, ``ontology/shapes/``."""
    return project_root() / "ontology" / "shapes"


def default_queries() -> Path:
    """Return the query catalogue folder, ``queries/``."""
    return project_root() / "queries"


def relative_name(path: Path) -> str:
    """Return a stable, machine-independent name for ``path``.

    The path relative to the repository root when it lies inside it, else
    relative to the working directory, else the bare file name.
    """
    resolved = path.resolve()
    for base in (project_root(), Path.cwd().resolve()):
        try:
            return resolved.relative_to(base).as_posix()
        except ValueError:
            continue
    return resolved.name


def source_iri(path: Path) -> str:
    """Return the IRI naming the document read from ``path``.

    It is used as the parse base (so relative IRIs never become ``file:``
    IRIs) and as the named graph of the file's triples in TriG and N-Quads,
    e.g. ``https://w3id.org/ctgraph/graph/data/seed.ttl``.
    """
    return GRAPH_BASE + quote(relative_name(path), safe="/-._~")
