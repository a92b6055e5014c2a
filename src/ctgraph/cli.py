"""The ``ctgraph`` command line: a thin wrapper that parses arguments and prints library results."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from . import __version__
from .catalog import Catalog, Query, open_query, parse_query, run_query
from .describe import describe, format_description
from .engine import ENGINE_CHOICES, Engine, EngineChoice, open_engine
from .errors import CtgraphError, InputError
from .export import EXPORT_FORMATS, export
from .load import INFERENCE_MODES, Inference, LoadedGraph, load_files
from .lookup import resolve_node
from .paths import default_data, default_shapes, relative_name
from .results import GRAPH_RESULT_FORMATS, RESULT_FORMATS, format_result
from .stats import STATS_FORMATS, compute_stats, format_stats
from .validate import VALIDATION_FORMATS, VALIDATORS, format_validation, validate

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

#: The engine commands use unless told otherwise (see ``bench/``): ``auto``
#: picks Oxigraph whenever pyoxigraph is installed.
DEFAULT_ENGINE: EngineChoice = "auto"


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("input options")
    group.add_argument(
        "--ontology",
        metavar="PATH",
        action="append",
        type=Path,
        help="ontology file or folder, instead of ontology/ctgraph.ttl and imports.ttl "
        "(repeatable)",
    )
    group.add_argument(
        "--data",
        metavar="PATH",
        action="append",
        type=Path,
        default=[],
        help="data file or folder to load besides data/ (repeatable)",
    )
    group.add_argument(
        "--no-default-data",
        action="store_true",
        help="do not load data/; only the --data paths",
    )
    group.add_argument(
        "--shapes",
        metavar="PATH",
        action="append",
        type=Path,
        help="SHACL shapes file or folder, instead of ontology/shapes/ (repeatable)",
    )
    group.add_argument(
        "--queries",
        metavar="DIR",
        type=Path,
        help="query catalogue folder, instead of queries/",
    )
    group.add_argument(
        "--inference",
        choices=INFERENCE_MODES,
        default="none",
        help="add RDFS or OWL 2 RL entailments after loading (default: none)",
    )
    group = common.add_argument_group("engine options")
    group.add_argument(
        "--engine",
        choices=ENGINE_CHOICES,
        default=DEFAULT_ENGINE,
        help=f"where the graph is loaded and queried: rdflib in memory, Oxigraph (pyoxigraph), "
        f"or auto (Oxigraph when installed) (default: {DEFAULT_ENGINE}); every engine gives "
        "the same results",
    )
    group.add_argument(
        "--store",
        metavar="DIR",
        type=Path,
        help="a persistent Oxigraph store, loaded on first use and reloaded when files change",
    )
    _remote_options(group)
    group.add_argument(
        "--endpoint",
        metavar="URL",
        help="read the graph from this SPARQL 1.1 query endpoint instead of loading files",
    )
    group.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    return common


def _remote_options(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        default=60.0,
        help="seconds a query may run (it is stopped at the limit), and each request to a "
        "SPARQL server may take (default: 60)",
    )
    group.add_argument(
        "--header",
        metavar="'NAME: VALUE'",
        action="append",
        default=[],
        help="HTTP header for every request to a SPARQL server, such as a bearer token "
        "(repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``ctgraph`` command."""
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="ctgraph",
        description="Query, validate, export and describe the ctgraph knowledge graph of "
        "counter-terrorism cooperation.",
        epilog="Exit status: 0 success, 1 the graph does not conform to its shapes, "
        "2 bad usage or bad input.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    query = commands.add_parser(
        "query",
        parents=[common],
        help="run a catalogue query, a .rq file or SPARQL text",
        description="Run a query of the catalogue (by name), a .rq file, or SPARQL given "
        "with -e. Parameters are bound as RDF terms, never pasted into the query.",
    )
    query.add_argument("name", nargs="?", metavar="NAME|FILE.rq", help="query name or file")
    query.add_argument("-e", "--expression", metavar="TEXT", help="SPARQL query text to run")
    query.add_argument(
        "-p",
        "--param",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="parameter value (repeatable); see --list for each query's parameters",
    )
    query.add_argument(
        "-f",
        "--format",
        choices=RESULT_FORMATS + GRAPH_RESULT_FORMATS,
        help="output format (default: table, or turtle for CONSTRUCT and DESCRIBE)",
    )
    query.add_argument(
        "--list", action="store_true", help="list the catalogue's queries and their parameters"
    )
    query.add_argument(
        "--max-rows",
        metavar="N",
        type=int,
        default=100_000,
        help="rows (SELECT) or triples (CONSTRUCT, DESCRIBE) an answer may hold; more is an "
        "error, not a cut-off answer (default: 100000)",
    )
    query.add_argument(
        "--allow-service",
        action="store_true",
        help="let the query call other SPARQL endpoints with SERVICE (refused by default)",
    )
    query.set_defaults(handler=_query)

    push = commands.add_parser(
        "push",
        parents=[common],
        help="load the graph into a SPARQL server (Graph Store Protocol)",
        description="Write the graph to a SPARQL 1.1 Graph Store Protocol endpoint, one "
        "named graph per source document, each replacing what the graph held there. The "
        "server's default graph should be the union of its named graphs (see README).",
    )
    push.add_argument(
        "--graph-store",
        metavar="URL",
        required=True,
        help="the Graph Store Protocol URL, e.g. http://localhost:7878/store",
    )
    push.set_defaults(handler=_push)

    server = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the graph as a read-only SPARQL endpoint with a query page",
        description="Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page, "
        "on 127.0.0.1: the Oxigraph server (pip install 'ctgraph[server]') behind a gateway "
        "that refuses SERVICE and updates, limits each query's time (--timeout) and rows, and "
        "never sends a cut-off answer. Stop it with Ctrl-C.",
    )
    server.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; another needs --allow-remote)",
    )
    server.add_argument(
        "--port", type=int, default=7878, help="port to listen on (default 7878; 0: a free one)"
    )
    server.add_argument(
        "--max-rows",
        metavar="N",
        type=int,
        default=10_000,
        help="most rows (or triples) in an answer (default 10000); more gets HTTP 422",
    )
    server.add_argument(
        "--allow-remote",
        action="store_true",
        help="let the endpoint listen on an address other machines can reach",
    )
    server.set_defaults(handler=_serve)

    check = commands.add_parser(
        "validate",
        parents=[common],
        help="validate the graph against the SHACL shapes",
        description="Validate ontology and data against the SHACL shapes. Exit status 1 "
        "when there is a violation; warnings and infos do not fail.",
    )
    check.add_argument("-f", "--format", choices=VALIDATION_FORMATS, default="text")
    check.add_argument(
        "--validator",
        choices=VALIDATORS,
        default="auto",
        help="pyshacl (the reference), sparql (the shapes compiled to SPARQL on Oxigraph, the "
        "same report many times faster), or auto: sparql on the Oxigraph engine (default)",
    )
    check.set_defaults(handler=_validate)

    out = commands.add_parser(
        "export",
        parents=[common],
        help="write the graph in an RDF format",
        description="Write ontology and data in an RDF format, the same bytes on every run. "
        "TriG and N-Quads put each file's triples in a named graph.",
    )
    out.add_argument(
        "-f",
        "--format",
        choices=list(EXPORT_FORMATS),
        help="RDF format (default: from the -o file name, else turtle)",
    )
    out.add_argument("-o", "--output", metavar="FILE", type=Path, help="file to write atomically")
    out.set_defaults(handler=_export)

    show = commands.add_parser(
        "describe",
        parents=[common],
        help="show what the graph says about one node, with sources",
        description="Show the labels, types and facts of a node named by IRI, prefixed name, "
        "label or acronym, and the records (memberships, roles, support) about it, each "
        "with the document and paragraph that state it.",
    )
    show.add_argument("node", metavar="NAME_OR_IRI")
    show.set_defaults(handler=_describe)

    projection = _projection_options()

    network = commands.add_parser(
        "network",
        parents=[common, projection],
        help="write the cooperation network as GraphML or GEXF",
        description="Project the graph to a network of actors, frameworks, events and places "
        "and write it for Gephi, Cytoscape or yEd, with types, roles, dates and sources as "
        "attributes.",
    )
    network.add_argument("-f", "--format", choices=("graphml", "gexf"), default="graphml")
    network.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="file to write atomically"
    )
    network.set_defaults(handler=_network)

    analysis = commands.add_parser(
        "analyze",
        parents=[common, projection],
        help="centrality, communities and brokers of the cooperation network",
        description="Degree and betweenness centrality, communities (greedy modularity) and "
        "brokers, the nodes that link communities, on the undirected network.",
    )
    analysis.add_argument("--top", type=int, default=10, help="rows per table (default 10)")
    analysis.set_defaults(handler=_analyze)

    path = commands.add_parser(
        "path",
        parents=[common, projection],
        help="the shortest chains that connect two actors",
        description="The shortest chains of relationships between two nodes, named by label, "
        "acronym or IRI, each step with its relationship and source.",
    )
    path.add_argument("start", metavar="A")
    path.add_argument("end", metavar="B")
    path.add_argument("--limit", type=int, default=5, help="most chains to show (default 5)")
    path.set_defaults(handler=_path)

    render = commands.add_parser(
        "render",
        parents=[common, projection],
        help="draw the network, an ego network, a timeline or a role matrix",
        description="Draw a diagram of the cooperation network with matplotlib (PNG, SVG or "
        "PDF, by the file name's ending), or write the network as one self-contained, "
        "offline, interactive HTML page (a file name ending in .html). 'all' writes network.png, "
        "timeline.png, role-matrix.png, ego-morocco.png and network.html into a folder.",
    )
    render.add_argument(
        "view", choices=("network", "ego", "timeline", "matrix", "all"), help="what to draw"
    )
    render.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        required=True,
        help="file to write (a folder for 'all')",
    )
    render.add_argument("--center", metavar="NAME", help="the centre of an ego network")
    render.add_argument(
        "--radius", type=int, default=1, help="radius of an ego network (default 1)"
    )
    render.add_argument("--seed", type=int, default=7, help="layout seed (default 7)")
    render.add_argument(
        "--max-nodes",
        metavar="N",
        type=int,
        help="draw at most N nodes of a network (default 40 in a picture, 300 in a page); "
        "above it, the most linked part is drawn and the caption says what was left out",
    )
    render.add_argument(
        "--max-edges", metavar="N", type=int, help="draw at most N edges (default 150, page 1500)"
    )
    render.set_defaults(handler=_render)

    tour = commands.add_parser(
        "tour",
        parents=[common],
        help="a short tour: load, validate, ask two questions, export Turtle, draw the network",
        description="Load the graph, validate it, answer two competency questions, write "
        "the graph as Turtle and draw the cooperation network into the output folder. Exit "
        "status 1 when validation fails.",
    )
    tour.add_argument(
        "-o",
        "--output-dir",
        metavar="DIR",
        type=Path,
        default=Path("build"),
        help="folder for the exported files (default: build)",
    )
    tour.set_defaults(handler=_tour)

    count = commands.add_parser(
        "stats",
        parents=[common],
        help="count triples, class instances, predicates and sourced facts",
        description="Count triples, instances per class, triples per predicate and, per "
        "source document, the subjects stated in its paragraphs.",
    )
    count.add_argument("-f", "--format", choices=STATS_FORMATS, default="table")
    count.set_defaults(handler=_stats)

    reader = commands.add_parser(
        "ingest",
        parents=[common],
        help="propose candidate facts from documents, for review",
        description="Read plain-text or HTML documents (English; French for actors, dates and "
        "places) and propose candidate facts in the project's ontology, each with its "
        "paragraph, character span and confidence. Prints what is new, what repeats the graph "
        "and what contradicts it, and writes the candidates to a file of their own: nothing "
        "enters data/ until `ctgraph accept`.",
    )
    reader.add_argument("documents", metavar="FILE", nargs="+", type=Path)
    reader.add_argument(
        "-o",
        "--out",
        metavar="FILE",
        type=Path,
        help="candidates file to write (default: data/candidates/NAME.ttl, NAME the first "
        "document's)",
    )
    reader.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        type=_iso_date,
        help="the date of documents that do not give theirs (resolves 'on Thursday', 'last year')",
    )
    reader.add_argument(
        "--limit", metavar="N", type=int, default=10, help="lines shown per part of the summary"
    )
    reader.set_defaults(handler=_ingest)

    taker = commands.add_parser(
        "accept",
        parents=[common],
        help="merge a reviewed candidates file into data/",
        description="Merge a candidates file written by `ctgraph ingest`, once reviewed, into "
        "data/ as a file of its own: proposed nodes the graph already names become those "
        "nodes, facts the graph has gain a second source, an event reported held on other "
        "dates than planned is marked rescheduled, and confidences are dropped. The merged "
        "graph must still conform to the shapes, or nothing is written.",
    )
    taker.add_argument("candidates", metavar="FILE", type=Path)
    taker.add_argument(
        "--into", metavar="FILE", type=Path, help="file to write (default: data/NAME.ttl)"
    )
    taker.add_argument(
        "--replace", action="store_true", help="replace the file of a document accepted before"
    )
    taker.set_defaults(handler=_accept)
    return parser


def _iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _projection_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("network options")
    group.add_argument(
        "--kind", action="append", metavar="KIND", help="keep only edges of this kind (repeatable)"
    )
    group.add_argument(
        "--type",
        action="append",
        metavar="TYPE",
        dest="node_type",
        help="keep only nodes of this type (repeatable)",
    )
    group.add_argument(
        "--document",
        action="append",
        metavar="IRI",
        help="keep only facts stated by this source document (repeatable)",
    )
    group.add_argument(
        "--as-of", metavar="DATE", help="keep only what held on this date (YYYY-MM-DD)"
    )
    return options


def _project(args: argparse.Namespace, graph: Graph) -> nx.MultiDiGraph:
    from .projection import project

    documents = None
    if args.document:
        documents = [resolve_node(graph, text) for text in args.document]
    return project(
        graph,
        kinds=args.kind,
        node_types=args.node_type,
        documents=documents,
        as_of=_date(args.as_of) if args.as_of else None,
    )


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--as-of: {text!r} is not a date (YYYY-MM-DD)") from None


def _network(args: argparse.Namespace) -> int:
    from .network import network_bytes, write_network

    graph = _project(args, _open(args).to_rdflib())
    if args.output is None:
        sys.stdout.write(network_bytes(graph, args.format).decode("utf-8"))
    else:
        write_network(graph, args.format, args.output)
    return EXIT_OK


def _analyze(args: argparse.Namespace) -> int:
    from .network import analyze, format_analysis

    print(format_analysis(analyze(_project(args, _open(args).to_rdflib())), top=args.top), end="")
    return EXIT_OK


def _path(args: argparse.Namespace) -> int:
    from .network import format_paths, paths, resolve

    rdf = _open(args).to_rdflib()
    graph = _project(args, rdf)
    start = resolve(rdf, graph, args.start)
    end = resolve(rdf, graph, args.end)
    print(format_paths(paths(graph, start, end, limit=args.limit)), end="")
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from . import draw, html
    from .network import resolve
    from .projection import ego_subgraph
    from .summary import HTML_MAX_EDGES, HTML_MAX_NODES, MAX_EDGES, MAX_NODES

    rdf = _open(args).to_rdflib()
    graph = _project(args, rdf)
    if args.view == "all":
        page = args.output / "network.html"
        written = [*draw.render_all(graph, args.output), page]
        html.write_html(graph, page, seed=args.seed)
        print("\n".join(str(path) for path in written))
        return EXIT_OK
    fmt = args.output.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg", "pdf", "html"):
        raise InputError(f"{args.output}: the file name must end in .png, .svg, .pdf or .html")
    if fmt == "html" and args.view not in ("network", "ego"):
        raise InputError(f"an HTML page shows a network or an ego network, not a {args.view}")
    page = fmt == "html"
    max_nodes: int = HTML_MAX_NODES if page else MAX_NODES
    if args.max_nodes is not None:
        max_nodes = args.max_nodes
    max_edges: int = args.max_edges if args.max_edges is not None else MAX_EDGES
    if page and args.max_edges is None:
        max_edges = HTML_MAX_EDGES
    center = ""
    if args.view == "ego":
        if not args.center:
            raise InputError("render ego needs --center NAME")
        center = resolve(rdf, graph, args.center)
        if page:
            graph = ego_subgraph(graph, center, args.radius)
    if page:
        keep = [center] if center else []
        html.write_html(
            graph, args.output, seed=args.seed, keep=keep, max_nodes=max_nodes, max_edges=max_edges
        )
    else:
        if args.view == "network":
            figure = draw.draw_network(
                graph, seed=args.seed, max_nodes=max_nodes, max_edges=max_edges
            )
        elif args.view == "ego":
            figure = draw.draw_ego(
                graph, center, args.radius, seed=args.seed, max_nodes=max_nodes, max_edges=max_edges
            )
        elif args.view == "timeline":
            figure = draw.draw_timeline(graph)
        else:
            figure = draw.draw_role_matrix(graph)
        draw.save_figure(figure, args.output)
    caption = _left_out(args.view, graph, center, args.radius, (max_nodes, max_edges), page)
    if caption:
        print(f"{args.output}: {caption}", file=sys.stderr)
    return EXIT_OK


def _left_out(
    view: str,
    graph: nx.MultiDiGraph,
    center: str,
    radius: int,
    limits: tuple[int, int],
    page: bool,
) -> str:
    """The sentence a diagram prints about what it left out ("" when drawn whole)."""
    from . import draw
    from .summary import ego_summary, summarise

    if view == "network" or (view == "ego" and page):
        # The page's own summary: an ego page keeps its centre (html.write_html).
        keep = [center] if center else []
        return summarise(graph, limits[0], max_edges=limits[1], keep=keep).caption
    if view == "ego":
        return ego_summary(graph, center, radius, limits[0], max_edges=limits[1]).caption
    if view == "timeline":
        return draw.timeline_summary(graph).caption
    return draw.role_summary(graph).caption


def _headers(pairs: Sequence[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for pair in pairs:
        name, colon, value = pair.partition(":")
        if not colon or not name.strip() or any(c in pair for c in "\r\n"):
            raise InputError(f"--header takes 'NAME: VALUE', not {pair!r}")
        headers[name.strip()] = value.strip()
    return headers


def _open(args: argparse.Namespace) -> Engine:
    """Load the command's inputs into the engine it asks for (once per command)."""
    engine: Engine | None = getattr(args, "opened_engine", None)
    if engine is None and getattr(args, "endpoint", None):
        given = [
            option
            for option, value in (
                ("--data", args.data),
                ("--ontology", args.ontology),
                ("--store", args.store),
                ("--inference", args.inference != "none"),
            )
            if value
        ]
        if given:
            raise InputError(
                f"--endpoint reads the server's graph: {', '.join(given)} do not apply"
            )
        from .remote import RemoteEngine

        engine = RemoteEngine(args.endpoint, timeout=args.timeout, headers=_headers(args.header))
        args.opened_engine = engine
    if engine is None:
        data: list[Path] = [] if args.no_default_data else [default_data()]
        engine = open_engine(
            args.ontology,
            [*data, *args.data],
            engine=args.engine,
            store=args.store,
            inference=cast(Inference, args.inference),
        )
        args.opened_engine = engine
    return engine


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise InputError(f"--param takes NAME=VALUE, not {pair!r}")
        params[name.strip()] = value
    return params


def _catalog_listing(catalog: Catalog) -> str:
    blocks = []
    for heading, queries in (
        ("Queries", catalog.queries()),
        ("Checks (must return no rows)", catalog.checks()),
    ):
        if not queries:
            continue
        lines = [heading]
        for query in queries:
            lines.append(f"  {query.name} ({query.kind.upper()}): {query.title}")
            lines.append(f"      {query.question}")
            options = [
                (
                    f"--param {p.name}={p.type.upper()}"
                    + ("" if p.default is None else f" (default {p.default})"),
                    p.description,
                )
                for p in query.params
            ]
            width = max((len(option) for option, _ in options), default=0)
            lines.extend(
                f"      {option.ljust(width)}  {text}".rstrip() for option, text in options
            )
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks) if blocks else "no queries\n"


def _query(args: argparse.Namespace) -> int:
    if args.list:
        print(_catalog_listing(Catalog(args.queries)), end="")
        return EXIT_OK
    if (args.name is None) == (args.expression is None):
        raise InputError("give a query NAME or FILE.rq, or SPARQL text with -e (one of them)")
    query: Query
    if args.expression is not None:
        query = parse_query(args.expression, name="-e", require_header=False)
    else:
        is_file = args.name.endswith(".rq") and Path(args.name).is_file()
        query = open_query(args.name, None if is_file else Catalog(args.queries))
    result = run_query(
        _open(args),
        query,
        _params(args.param),
        timeout=args.timeout,
        max_rows=args.max_rows,
        allow_service=args.allow_service,
    )
    print(format_result(result, args.format), end="")
    return EXIT_OK


def _push(args: argparse.Namespace) -> int:
    from .remote import push

    if args.endpoint:
        raise InputError("push writes to --graph-store URL and reads local files, not --endpoint")
    summary = push(
        _open(args), args.graph_store, timeout=args.timeout, headers=_headers(args.header)
    )
    width = max((len(str(graph.iri)) for graph in summary.graphs), default=0)
    for graph in summary.graphs:
        print(f"{str(graph.iri).ljust(width)}  {graph.triples} triples")
    print(f"{len(summary.graphs)} graphs, {summary.triples} triples written to {summary.endpoint}")
    if summary.shared:
        print(
            f"note: {summary.shared} triples are in more than one graph (a fact two documents "
            "state); a server that keeps them once per graph in its union returns them twice",
            file=sys.stderr,
        )
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    import math

    from .serve import serve

    if args.endpoint:
        raise InputError("serve serves local files, not --endpoint")
    data: list[Path] = [] if args.no_default_data else [default_data()]
    server = serve(
        args.ontology,
        [*data, *args.data],
        store=args.store,
        inference=cast(Inference, args.inference),
        host=args.host,
        port=args.port,
        timeout_s=max(1, math.ceil(args.timeout)),
        max_rows=args.max_rows,
        allow_remote=args.allow_remote,
        log=sys.stderr,
    )
    print(f"Serving the graph at {server.url} (SPARQL endpoint {server.query_url}); Ctrl-C stops")
    sys.stdout.flush()
    server.serve_forever()
    return EXIT_OK


def _shapes(args: argparse.Namespace) -> LoadedGraph:
    """The shapes with their files, so that an error in them names its file and line."""
    return load_files(args.shapes or [default_shapes()])


def _validate(args: argparse.Namespace) -> int:
    shapes = _shapes(args)
    result = validate(
        _open(args), shapes, checks=Catalog(args.queries).checks(), validator=args.validator
    )
    print(format_validation(result, args.format), end="")
    return EXIT_OK if result.conforms else EXIT_INVALID


def _export(args: argparse.Namespace) -> int:
    fmt = args.format
    if fmt is None and args.output is not None:
        suffix = args.output.suffix.lower()
        fmt = next((f.name for f in EXPORT_FORMATS.values() if f.suffix == suffix), None)
    data = export(_open(args), fmt or "turtle", args.output)
    if data is not None:
        print(data.decode("utf-8"), end="")
    return EXIT_OK


def _describe(args: argparse.Namespace) -> int:
    graph = _open(args).to_rdflib()
    print(format_description(describe(graph, args.node), graph), end="")
    return EXIT_OK


TOUR_QUESTIONS: tuple[tuple[str, dict[str, str]], ...] = (
    ("event-co-chairs", {"event": "ct:morocco-unoct-strategic-dialogue-1"}),
    ("roles-as-of", {"actor": "ct:morocco", "as_of": "2024-09-26"}),
)
"""The competency questions the tour asks: catalogue query names and parameters."""


def _tour(args: argparse.Namespace) -> int:
    engine = _open(args)
    names = ", ".join(relative_name(path) for path in engine.files)
    print(f"1. Loaded {engine.triple_count()} triples from {len(engine.files)} files: {names}\n")

    checks = Catalog(args.queries).checks()
    result = validate(engine, _shapes(args), checks=checks)
    print(f"2. Validated against the SHACL shapes and {len(checks)} check queries: ", end="")
    report = format_validation(result, "text").rstrip("\n").splitlines()
    # The verdict; the results themselves are for `ctgraph validate`.
    print(report[-1] + (" (ctgraph validate lists them)" if len(report) > 1 else "") + "\n")

    catalog = Catalog(args.queries)
    for number, (name, params) in enumerate(TOUR_QUESTIONS, start=3):
        query = catalog.get(name)
        shown = " ".join(f"--param {key}={value}" for key, value in params.items())
        print(f"{number}. {query.question}\n   ctgraph query {name} {shown}\n")
        print(format_result(run_query(engine, query, params), "table"))

    args.output_dir.mkdir(parents=True, exist_ok=True)
    target = args.output_dir / "ctgraph.ttl"
    export(engine, "turtle", target)
    print(f"{number + 1}. Exported the graph as Turtle to {target}")

    from .draw import draw_network, save_figure
    from .projection import project

    network = project(engine.to_rdflib())
    picture = save_figure(draw_network(network), args.output_dir / "network.png")
    print(
        f"{number + 2}. Drew the cooperation network ({network.number_of_nodes()} nodes, "
        f"{network.number_of_edges()} relations) to {picture}"
    )
    return EXIT_OK if result.conforms else EXIT_INVALID


def _stats(args: argparse.Namespace) -> int:
    graph = _open(args).to_rdflib()
    print(format_stats(compute_stats(graph), graph, args.format), end="")
    return EXIT_OK


def _progress(total: int) -> Callable[[Path], None] | None:
    """A progress bar on standard error for many documents, when it is a terminal."""
    if total < 2 or not sys.stderr.isatty():
        return None
    done = [0]

    def show(path: Path) -> None:
        done[0] += 1
        width = 30
        filled = width * done[0] // total
        bar = "#" * filled + "-" * (width - filled)
        print(f"\r[{bar}] {done[0]}/{total} {path.name[:40]:<40}", end="", file=sys.stderr)
        if done[0] == total:
            print(file=sys.stderr)

    return show


def _ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest, summary_lines, write_candidates

    graph = _open(args).to_rdflib()
    out: Path = args.out or default_data() / "candidates" / f"{args.documents[0].stem}.ttl"
    if out.suffix.lower() != ".ttl":
        raise InputError(f"{out}: the candidates file name must end in .ttl")
    candidates = ingest(
        args.documents, graph, issued=args.date, progress=_progress(len(args.documents))
    )
    for line in summary_lines(candidates, limit=args.limit):
        print(line)
    out.parent.mkdir(parents=True, exist_ok=True)
    count = write_candidates(candidates, out)
    print(f"wrote {count} candidate triples to {out}; review them, then: ctgraph accept {out}")
    return EXIT_OK


def _accept(args: argparse.Namespace) -> int:
    from .accept import NotAcceptedError, accept

    graph = _open(args).to_rdflib()
    try:
        accepted = accept(
            args.candidates,
            graph,
            default_data(),
            into=args.into,
            replace=args.replace,
            shapes=_shapes(args),
            checks=Catalog(args.queries).checks(),
        )
    except NotAcceptedError as refused:
        print(format_validation(refused.result, "text"), end="")
        print(
            f"{args.candidates}: not accepted: the merged graph would not conform; nothing "
            "was written",
            file=sys.stderr,
        )
        return EXIT_INVALID
    for proposed, existing in accepted.merged_nodes:
        print(f"{proposed} is {existing}, which the graph has: merged")
    for event in accepted.rescheduled:
        print(f"{event}: held on other dates than planned, marked rescheduled")
    for commitment, event in accepted.fulfilled:
        print(f"{commitment} is fulfilled by {event}")
    print(
        f"accepted {accepted.triples} triples into {accepted.path} "
        f"({accepted.second_sources} facts and relationships the graph had gain a second source)"
    )
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the ``ctgraph`` command with ``argv`` (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 success, 1 the graph does not conform, 2 bad usage
        or bad input (argparse exits with 2 by itself).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except CtgraphError as exc:
        if args.debug:
            raise
        print(f"ctgraph: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
