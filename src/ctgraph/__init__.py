"""ctgraph: an open knowledge graph of counter-terrorism cooperation, and tools to use it."""

from .catalog import (
    Catalog,
    Param,
    Query,
    QueryResult,
    load_query,
    parse_query,
    run_query,
    sorted_rows,
)
from .describe import Description, Fact, Record, describe, format_description
from .engine import Engine, OxigraphEngine, RdflibEngine, open_engine
from .errors import (
    CtgraphError,
    ExportError,
    InputError,
    ParameterError,
    QueryError,
    UnknownQueryError,
)
from .export import EXPORT_FORMATS, export, serialize, write_atomic
from .load import LoadedGraph, SourceFile, load_files, load_graph, load_shapes
from .lookup import label_of, resolve_node
from .paths import project_root
from .prefixes import PREFIXES
from .provenance import Source, sources_of, untraced
from .results import format_result
from .stats import GraphStats, compute_stats, format_stats
from .validate import ValidationIssue, ValidationResult, format_validation, validate

__version__ = "0.1.0"

__all__ = [
    "EXPORT_FORMATS",
    "PREFIXES",
    "Catalog",
    "CtgraphError",
    "Description",
    "Engine",
    "ExportError",
    "Fact",
    "GraphStats",
    "InputError",
    "LoadedGraph",
    "OxigraphEngine",
    "Param",
    "ParameterError",
    "Query",
    "QueryError",
    "QueryResult",
    "RdflibEngine",
    "Record",
    "Source",
    "SourceFile",
    "UnknownQueryError",
    "ValidationIssue",
    "ValidationResult",
    "__version__",
    "compute_stats",
    "describe",
    "export",
    "format_description",
    "format_result",
    "format_stats",
    "format_validation",
    "label_of",
    "load_files",
    "load_graph",
    "load_query",
    "load_shapes",
    "open_engine",
    "parse_query",
    "project_root",
    "resolve_node",
    "run_query",
    "serialize",
    "sorted_rows",
    "sources_of",
    "untraced",
    "validate",
    "write_atomic",
]
