"""Loading the ontology, the instance data and the SHACL shapes into rdflib graphs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast, get_args

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError
from .paths import default_data, default_ontology, default_shapes, source_iri
from .prefixes import PREFIXES, bind_prefixes, merge_prefixes

__all__ = [
    "RDF_SUFFIXES",
    "Inference",
    "LoadedGraph",
    "SourceFile",
    "apply_inference",
    "check_inference",
    "declared_prefixes",
    "default_inputs",
    "expand_paths",
    "load_graph",
    "load_shapes",
    "parse_file",
]

#: Inference applied after loading: none, the RDFS closure or the OWL 2 RL closure.
Inference = Literal["none", "rdfs", "owlrl"]
INFERENCE_MODES: tuple[str, ...] = get_args(Inference)

#: File name endings read as RDF, and the rdflib parser used for each.
RDF_SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
}

_QUAD_FORMATS = {"trig", "nquads"}


@dataclass(frozen=True)
class SourceFile:
    """One parsed file: where it was read from, its IRI and its own triples."""

    path: Path
    iri: URIRef
    graph: Graph


@dataclass(frozen=True)
class LoadedGraph:
    """The union of the loaded files, plus each file's own triples.

    ``graph`` is what queries, validation and export read. ``sources`` keeps
    the triples of each file apart, so that TriG and N-Quads can put each
    file in its own named graph; triples added by inference are in ``graph``
    only.
    """

    graph: Graph
    sources: tuple[SourceFile, ...]
    inference: Inference = "none"

    @property
    def files(self) -> tuple[Path, ...]:
        """The files loaded, in load order."""
        return tuple(source.path for source in self.sources)


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Expand folders to the RDF files they hold, recursively.

    Files in a folder are sorted by their path inside it, for determinism;
    hidden files and folders are skipped. A file or folder given twice is
    kept once, at its first place.

    Raises:
        InputError: a path does not exist, or a file has no known RDF ending.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(
                (
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in RDF_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                ),
                key=lambda p: p.relative_to(path).as_posix(),
            )
        elif path.is_file():
            if path.suffix.lower() not in RDF_SUFFIXES:
                known = ", ".join(sorted(RDF_SUFFIXES))
                raise InputError(f"unknown RDF file type (expected one of {known})", path)
            inside = [path]
        else:
            raise InputError("no such file or folder", path)
        for p in inside:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                found.append(p)
    return found


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return line, column


def parse_file(path: Path) -> SourceFile:
    """Parse one RDF file, with its document IRI as base.

    Raises:
        InputError: the file is missing, unreadable, or not valid RDF of the
            kind its name says; the error names the line where rdflib knows it.
    """
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError("unknown RDF file type", path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file or folder", path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path) from None
    iri = source_iri(path)
    graph = Graph(bind_namespaces="none")
    try:
        if fmt in _QUAD_FORMATS:
            dataset = Dataset()
            # A Dataset starts with rdflib's own prefixes (brick:, csvw:, sosa: ...):
            # keep only those the file declares.
            builtin = set(dataset.namespaces())
            dataset.parse(data=text, format=fmt, publicID=iri)
            for prefix, namespace in dataset.namespaces():
                if (prefix, namespace) not in builtin:
                    graph.bind(prefix, namespace)
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
        else:
            graph.parse(data=text, format=fmt, publicID=iri)
    except BadSyntax as exc:
        line, column = _line_and_column(text, exc._i)
        raise InputError(f"bad {fmt} syntax: {exc._why}", path, line, column) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"bad JSON: {exc.msg}", path, exc.lineno, exc.colno) from None
    except Exception as exc:  # rdflib's parsers raise many kinds of errors
        message = str(exc).strip() or type(exc).__name__
        line_number = _first_bad_line(text, fmt) if fmt in ("nt", "nquads") else None
        raise InputError(f"bad {fmt} syntax: {message}", path, line_number) from None
    return SourceFile(path=path, iri=URIRef(iri), graph=graph)


def _first_bad_line(text: str, fmt: str) -> int | None:
    # The line-based parsers do not say which line failed; parse line by line
    # (only once the whole file has failed) to find it.
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Dataset().parse(data=line, format=fmt)
        except Exception:
            return number
    return None


def declared_prefixes(sources: Sequence[SourceFile]) -> list[tuple[str, str]]:
    """Return the ``(prefix, namespace)`` pairs the files declare, file by file, sorted in each."""
    pairs: list[tuple[str, str]] = []
    for source in sources:
        pairs.extend(sorted((str(p), str(n)) for p, n in source.graph.namespaces()))
    return pairs


def _union(sources: Sequence[SourceFile]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for source in sources:
        graph += source.graph
    bind_prefixes(graph, merge_prefixes(PREFIXES, declared_prefixes(sources)))
    return graph


def check_inference(inference: str) -> Inference:
    """Return ``inference`` if it names an inference mode.

    Raises:
        InputError: it does not.
    """
    if inference not in INFERENCE_MODES:
        raise InputError(
            f"unknown inference {inference!r} (expected one of {', '.join(INFERENCE_MODES)})"
        )
    return cast(Inference, inference)


def load_files(paths: Iterable[Path | str], *, inference: Inference = "none") -> LoadedGraph:
    """Parse every RDF file under ``paths`` into one graph (see :func:`load_graph`)."""
    check_inference(inference)
    sources = tuple(parse_file(path) for path in expand_paths(paths))
    graph = _union(sources)
    apply_inference(graph, inference)
    return LoadedGraph(graph=graph, sources=sources, inference=inference)


def load_graph(
    ontology: Sequence[Path | str] | None = None,
    data: Sequence[Path | str] | None = None,
    *,
    inference: Inference = "none",
) -> LoadedGraph:
    """Load the ontology and the instance data into one graph.

    Args:
        ontology: Ontology files or folders; by default ``ontology/ctgraph.ttl``
            and ``ontology/imports.ttl``.
        data: Data files or folders; folders are read recursively, in sorted
            order. By default ``data/``.
        inference: ``"rdfs"`` or ``"owlrl"`` add the entailed triples (with
            the ``owlrl`` package).

    Returns:
        The union graph, with the fixed prefixes and those the files declare
        bound, and each file's own triples. A file named twice is read once.

    Raises:
        InputError: a file is missing or is not valid RDF.
    """
    return load_files(default_inputs(ontology, data), inference=inference)


def default_inputs(
    ontology: Sequence[Path | str] | None = None, data: Sequence[Path | str] | None = None
) -> list[Path | str]:
    """Return the files and folders :func:`load_graph` reads: ``ontology`` then ``data``.

    ``None`` stands for the defaults, the ontology files and ``data/``.
    """
    ontology_paths = default_ontology() if ontology is None else list(ontology)
    data_paths = [default_data()] if data is None else list(data)
    return [*ontology_paths, *data_paths]


def load_shapes(paths: Sequence[Path | str] | None = None) -> Graph:
    """Load SHACL shapes; by default every RDF file under ``ontology/shapes/``."""
    shape_paths = [default_shapes()] if paths is None else list(paths)
    return load_files(shape_paths).graph


def apply_inference(graph: Graph, inference: Inference) -> None:
    """Add to ``graph`` the triples entailed under ``inference``, in place."""
    if inference == "none":
        return
    import owlrl  # heavy, and only needed here

    semantics = owlrl.RDFS_Semantics if inference == "rdfs" else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
