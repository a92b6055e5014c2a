"""Where the project's default ontology, data, shapes and queries live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin

__all__ = [
    "GRAPH_BASE",
    "DocumentBase",
    "default_data",
    "default_ontology",
    "default_queries",
    "default_shapes",
    "document_base",
    "inside_project",
    "project_root",
    "source_iri",
]

#: Named graphs and document bases are minted under this IRI.
GRAPH_BASE = "https://w3id.org/ctgraph/graph/"

#: Relative IRIs are resolved against a stand-in document IRI on this host
#: (reserved by RFC 2606, so no file can mean it), which tells them apart from
#: absolute IRIs once a parser has resolved them (see :func:`document_base`).
PARSE_HOST = "https://ctgraph-base.invalid/"

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


#: Set this variable to read the instance data from another folder than ``data/``.
DATA_VARIABLE = "CTGRAPH_DATA"


def default_data() -> Path:
    """Return the instance data folder: ``$CTGRAPH_DATA`` when set, else ``data/``."""
    override = os.environ.get(DATA_VARIABLE)
    if override:
        return Path(override)
    return project_root() / "data"


def default_shapes() -> Path:
    """Return the SHACL shapes folder, ``ontology/shapes/``."""
    return project_root() / "ontology" / "shapes"


def default_queries() -> Path:
    """Return the query catalogue folder, ``queries/``."""
    return project_root() / "queries"


def relative_name(path: Path) -> str:
    """Return a stable, machine-independent name for ``path``.

    A file of the data folder is ``data/`` and its path in that folder, even
    when ``$CTGRAPH_DATA`` moves the folder; any other path is relative to the
    repository root when it lies inside it, else relative to the working
    directory, else the bare file name.
    """
    resolved = path.resolve()
    try:
        return "data/" + resolved.relative_to(default_data().resolve()).as_posix()
    except ValueError:
        pass
    for base in (project_root(), Path.cwd().resolve()):
        try:
            return resolved.relative_to(base).as_posix()
        except ValueError:
            continue
    return resolved.name


def source_iri(path: Path) -> str:
    """Return the IRI naming the document read from ``path``.

    It is the base of the file's relative IRIs (so they never become
    ``file:`` IRIs of the working directory; see :func:`document_base` for
    which are allowed) and the named graph of the file's triples in TriG and
    N-Quads, e.g. ``https://w3id.org/ctgraph/graph/data/seed.ttl``.
    """
    return GRAPH_BASE + quote(relative_name(path), safe="/-._~")


def inside_project(path: Path) -> bool:
    """True if ``path``, made absolute without following links, lies in the project root."""
    return Path(os.path.abspath(path)).is_relative_to(project_root())


def _remove_dot_segments(path: str) -> str:
    # RFC 3986, section 5.2.4: rdflib's Turtle parser leaves "sub/../x" as it is.
    output: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if len(output) > 1:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if path.endswith(("/.", "/..")):
        output.append("")
    return "/".join(output)


@dataclass(frozen=True)
class DocumentBase:
    """The base a file's relative IRIs resolve against, and the rule they must keep.

    The rule: a relative IRI may name the document (``<>``, ``<#x>``) or
    anything in its folder and below (``<x>``, ``<sub/x>``), that is any IRI
    starting with :attr:`folder`, such as
    ``https://w3id.org/ctgraph/graph/data/``. A reference that leaves the
    folder (``<../x>``, an absolute path ``</x>``), or a relative prefix or
    ``@base`` that does, is refused: it would mint IRIs in another namespace
    (``<../../id/x>`` is an entity of ``ct:``) by accident. An absolute
    ``@base``, ``xml:base`` or JSON-LD ``@base`` in the file is the author's
    choice and is followed; a network-path reference ``<//host/x>`` becomes
    ``https://host/x``, an absolute IRI.

    Files are parsed with :attr:`parse_iri` as base, a stand-in on
    :data:`PARSE_HOST` with the same file name, and :meth:`resolve` maps what
    the parser made of a relative IRI back under :attr:`iri`.
    """

    #: The document IRI, :func:`source_iri`.
    iri: str
    #: The document IRI up to its last ``/``: where relative IRIs may lead.
    folder: str
    #: The stand-in document IRI given to parsers.
    parse_iri: str

    @property
    def parse_folder(self) -> str:
        """The stand-in of :attr:`folder`."""
        return self.parse_iri.rsplit("/", 1)[0] + "/"

    def is_stand_in(self, iri: str) -> bool:
        """True if a parser made ``iri`` from a relative IRI (it is on :data:`PARSE_HOST`)."""
        return iri.startswith(PARSE_HOST)

    def resolve(self, iri: str) -> str | None:
        """Return the IRI a parsed ``iri`` stands for, or ``None`` if it leaves the folder.

        An IRI not on :data:`PARSE_HOST` (an absolute one) is returned as it is.
        """
        if not iri.startswith(PARSE_HOST):
            return iri
        cut = min((i for i in (iri.find("?"), iri.find("#")) if i >= 0), default=len(iri))
        path = _remove_dot_segments(iri[len(PARSE_HOST) - 1 : cut])
        normal = PARSE_HOST[:-1] + path + iri[cut:]
        if not normal.startswith(self.parse_folder):
            return None
        return self.folder + normal[len(self.parse_folder) :]

    def would_be(self, reference: str) -> str:
        """Return what ``reference`` resolves to against :attr:`iri`, for messages."""
        return urljoin(self.iri, reference)


def document_base(path: Path) -> DocumentBase:
    """Return the base of the file at ``path`` (see :class:`DocumentBase` for the rule)."""
    iri = source_iri(path)
    folder, _, name = iri.rpartition("/")
    return DocumentBase(iri=iri, folder=folder + "/", parse_iri=PARSE_HOST + "folder/" + name)
