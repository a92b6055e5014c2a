"""Exporting the graph in RDF formats, deterministically and with atomic writes."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Union

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from . import writers
from .errors import ExportError, InputError
from .load import LoadedGraph
from .paths import GRAPH_BASE, project_root
from .prefixes import PREFIXES, prefix_table
from .provenance import facts_by_document
from .terms import nt_term
from .writers import Quad, triples_of

if TYPE_CHECKING:
    from .engine import Engine

__all__ = [
    "EXPORT_FORMATS",
    "INFERRED_GRAPH",
    "ExportFormat",
    "context_document",
    "export",
    "serialize",
    "write_atomic",
    "write_context",
]

#: The named graph of triples added by inference, in TriG and N-Quads.
INFERRED_GRAPH = URIRef(GRAPH_BASE + "inferred")

#: What :func:`export` accepts: a graph, a loaded graph that knows its files, or an engine.
Exportable = Union[Graph, LoadedGraph, "Engine"]


@dataclass(frozen=True)
class ExportFormat:
    """An export format: its name, media type, file ending and writer."""

    name: str
    media_type: str
    suffix: str
    quads: bool
    write: Callable[[Sequence[Quad], Mapping[str, str]], bytes]


def _triples_only(
    writer: Callable[[list[writers.Triple], Mapping[str, str]], bytes],
) -> Callable[[Sequence[Quad], Mapping[str, str]], bytes]:
    return lambda quads, prefixes: writer(triples_of(quads), prefixes)


#: The export formats by name.
EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("turtle", "text/turtle", ".ttl", False, _triples_only(writers.write_turtle)),
        ExportFormat(
            "json-ld", "application/ld+json", ".jsonld", False, _triples_only(writers.write_jsonld)
        ),
        ExportFormat(
            "nt",
            "application/n-triples",
            ".nt",
            False,
            lambda quads, _: writers.write_ntriples(triples_of(quads)),
        ),
        ExportFormat(
            "nq", "application/n-quads", ".nq", True, lambda quads, _: writers.write_nquads(quads)
        ),
        ExportFormat("trig", "application/trig", ".trig", True, writers.write_trig),
        ExportFormat(
            "xml", "application/rdf+xml", ".rdf", False, _triples_only(writers.write_rdfxml)
        ),
    )
}


def _quads(source: Exportable, named_graphs: bool) -> list[Quad]:
    """List the triples to write; with ``named_graphs``, each with its graph.

    A :class:`LoadedGraph` puts each fact in the graph named after the
    source document that states it (in each, when two documents state it),
    the triples no document states (ontology, vocabularies) in a graph named
    after their file, and triples only inference added in
    :data:`INFERRED_GRAPH`. A context-aware rdflib graph keeps its own
    graphs. A plain graph has only the default graph.
    """
    if not isinstance(source, (Graph, LoadedGraph)):  # an engine
        if not named_graphs:
            return [(s, p, o, None) for s, p, o in source.triples()]
        source = source.to_loaded()
    if isinstance(source, LoadedGraph):
        if not named_graphs:
            return [(s, p, o, None) for s, p, o in source.graph]
        quads: list[Quad] = []
        stated: set[writers.Triple] = set()
        for file in source.sources:
            documents = facts_by_document(source.graph, file.graph)
            by_document = {t for facts in documents.values() for t in facts}
            for document, facts in documents.items():
                quads.extend((*triple, document) for triple in facts)
            quads.extend((*t, file.iri) for t in file.graph if t not in by_document)
            stated.update(file.graph)
        quads.extend((*t, INFERRED_GRAPH) for t in source.graph if t not in stated)
        return quads
    if getattr(source, "context_aware", False):
        found: list[Quad] = []
        for s, p, o, context in source.quads((None, None, None, None)):  # type: ignore[attr-defined]
            name = getattr(context, "identifier", None)
            graph = name if isinstance(name, URIRef) and not _is_default(name) else None
            found.append((s, p, o, graph if named_graphs else None))
        return found
    return [(s, p, o, None) for s, p, o in source]


def _is_default(name: URIRef) -> bool:
    return name == DATASET_DEFAULT_GRAPH_ID


_ENCODED = "urn:x-ctgraph-quad:"


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).hexdigest()


def _refined_colours(quads: list[Quad]) -> dict[Node, str] | None:
    """Give each blank node a colour that depends only on the graph's structure.

    Colour refinement: a blank node starts with the colour of its triples
    with the blank nodes in them masked, and each round hashes in the
    colours of its blank neighbours, until the number of colours stops
    growing. Returns ``None`` when two blank nodes keep one colour and are
    not interchangeable (both have only named neighbours and the same
    triples, as two identical reified statements do): then only a full
    canonical labelling can order them.
    """
    edges: dict[Node, list[tuple[str, str, Node, str]]] = {}
    for s, p, o, g in quads:
        name = "" if g is None else str(g)
        if isinstance(s, BNode):
            edges.setdefault(s, []).append(("+", str(p), o, name))
        if isinstance(o, BNode):
            edges.setdefault(o, []).append(("-", str(p), s, name))

    spelt: dict[Node, str] = {}

    def other(term: Node, colours: Mapping[Node, str]) -> str:
        if isinstance(term, BNode):
            return "_:" + colours[term]
        found = spelt.get(term)
        if found is None:
            found = spelt[term] = nt_term(term)
        return found

    colours = {node: "" for node in edges}
    count = 1
    for _ in range(len(edges) + 1):
        colours = {
            node: _digest(
                colours[node],
                *sorted(f"{way} {p} {other(term, colours)} {g}" for way, p, term, g in edges[node]),
            )
            for node in edges
        }
        distinct = len(set(colours.values()))
        if distinct == count:
            break
        count = distinct
    if count == len(colours):
        return colours
    groups: dict[str, list[Node]] = {}
    for node, colour in colours.items():
        groups.setdefault(colour, []).append(node)
    for group in groups.values():
        if len(group) > 1 and any(
            isinstance(term, BNode) for node in group for _, _, term, _ in edges[node]
        ):
            return None
    return colours


def _canonical_blank_nodes(quads: list[Quad]) -> list[Quad]:
    """Relabel blank nodes b0, b1, ... from the graph's structure alone.

    rdflib and Oxigraph give parsed blank nodes random ids; here they are
    replaced by labels that depend only on the triples, so output is the
    same on every run. Colour refinement (see :func:`_refined_colours`)
    labels almost every graph in time linear in its size; the rare graph it
    cannot order falls back to rdflib's canonical labelling of the whole
    graph, with the graph name folded into the predicate to keep quads apart.
    """
    if not any(isinstance(t, BNode) for quad in quads for t in quad[:3]):
        return quads
    colours = _refined_colours(quads)
    if colours is not None:
        order = sorted(colours, key=lambda node: (colours[node], str(node)))
        labels: dict[Node, Node] = {b: BNode(f"b{i}") for i, b in enumerate(order)}
        return [(labels.get(s, s), p, labels.get(o, o), g) for s, p, o, g in quads]
    helper = Graph(bind_namespaces="none")
    for s, p, o, g in quads:
        name = "" if g is None else str(g)
        helper.add((s, URIRef(f"{_ENCODED}{len(name)}:{name}{p}"), o))
    decoded: list[Quad] = []
    for s, p, o in to_canonical_graph(helper):
        text = str(p)[len(_ENCODED) :]
        length, _, rest = text.partition(":")
        name, predicate = rest[: int(length)], rest[int(length) :]
        decoded.append((s, URIRef(predicate), o, URIRef(name) if name else None))
    old = sorted({t for quad in decoded for t in quad[:3] if isinstance(t, BNode)}, key=str)
    labels = {b: BNode(f"b{i}") for i, b in enumerate(old)}
    return [(labels.get(s, s), p, labels.get(o, o), g) for s, p, o, g in decoded]


def _prefixes(source: Exportable) -> dict[str, str]:
    if isinstance(source, LoadedGraph):
        return prefix_table(source.graph)
    if isinstance(source, Graph):
        return prefix_table(source)
    return dict(source.prefixes)


def serialize(source: Exportable, fmt: str) -> bytes:
    """Return ``source`` written in ``fmt``; the same graph gives the same bytes.

    Args:
        source: A graph, a :class:`LoadedGraph` (whose files become the
            named graphs of TriG and N-Quads), or an engine.
        fmt: A name of :data:`EXPORT_FORMATS`.

    Raises:
        InputError: unknown format.
        ExportError: the graph cannot be written in that format.
    """
    spec = EXPORT_FORMATS.get(fmt)
    if spec is None:
        raise InputError(
            f"unknown export format {fmt!r} (expected one of {', '.join(EXPORT_FORMATS)})"
        )
    quads = _canonical_blank_nodes(_quads(source, spec.quads))
    return spec.write(quads, _prefixes(source))


#: The random part of a temporary file's name: what :func:`tempfile.mkstemp` draws from.
_TEMPORARY_RE = re.compile(r"([0-9]+)-[a-z0-9_]+\Z")


def _alive(pid: int) -> bool:
    """True unless no process ``pid`` exists (a process of another user exists)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove the temporary files that killed writes of ``name`` left in ``folder``.

    A write killed between creating its temporary file and renaming it
    (SIGKILL, a power cut) leaves ``.NAME.PID-XXXXXXXX.tmp`` behind. Such a
    file is removed when the process ``PID`` that wrote it is gone; a file
    of a live process (another write of the same file, running now) is
    left alone, and so is any file not named so.
    """
    if os.name != "posix":  # os.kill(pid, 0) only asks on POSIX
        return
    prefix, suffix = f".{name}.", ".tmp"
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(suffix)):
                continue
            match = _TEMPORARY_RE.match(entry.name[len(prefix) : -len(suffix)])
            if match is None or not entry.is_file(follow_symlinks=False):
                continue
            pid = int(match.group(1))
            if pid != os.getpid() and not _alive(pid):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def write_atomic(destination: Path, data: bytes) -> None:
    """Write ``data`` to ``destination`` so that it is never half written.

    The bytes go to a temporary file in the same folder, named
    ``.NAME.PID-XXXXXXXX.tmp`` after the destination and the writing
    process, are flushed to disk, and the file is renamed over the
    destination. On any failure the temporary file is removed and the
    destination is left as it was. A process killed outright cannot remove
    its temporary file: the next write of the same destination removes
    those whose process is gone.
    """
    folder = destination.parent if str(destination.parent) else Path()
    if not folder.is_dir():
        raise InputError("no such folder", folder)
    try:
        mode = destination.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    _remove_stale_temporaries(folder, destination.name)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.{os.getpid()}-", suffix=".tmp", dir=folder
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where possible
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def export(source: Exportable, fmt: str, destination: Path | str | None = None) -> bytes | None:
    """Write ``source`` in ``fmt`` to ``destination``, or return the bytes.

    The whole output is produced before the destination is touched, and it
    is written atomically (see :func:`write_atomic`), so a failed export
    leaves an existing file unchanged.

    Raises:
        InputError: unknown format, or the destination folder is missing.
        ExportError: the graph cannot be written in that format.
    """
    data = serialize(source, fmt)
    if destination is None:
        return data
    try:
        write_atomic(Path(destination), data)
    except OSError as exc:
        raise ExportError(f"cannot write file ({exc.strerror or exc})", destination) from None
    return None


def context_document(prefixes: Mapping[str, str] = PREFIXES) -> str:
    """Return the text of the published JSON-LD context, ``ontology/context.jsonld``."""
    document = {"@context": writers.jsonld_context(prefixes)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_context(path: Path | None = None) -> None:
    """Regenerate ``ontology/context.jsonld`` from :data:`ctgraph.prefixes.PREFIXES`."""
    target = path if path is not None else project_root() / "ontology" / "context.jsonld"
    write_atomic(target, context_document().encode("utf-8"))
