"""Running a query under a time limit and a row limit.

Neither rdflib nor pyoxigraph can interrupt a query once it runs, so a query
with a time limit runs in a worker process, which is killed at the limit. On
Linux the worker is forked from this process, after the graph is loaded: it
shares the loaded graph, copy-on-write, whatever the engine (rdflib's graph,
Oxigraph's store in memory or on disk, which the worker only reads, or a
remote endpoint, which it calls), so nothing is loaded again, and starting it
takes some milliseconds. It sends back the whole answer, pickled rdflib terms,
which come back equal to those the engine gives in this process, in the same
order. Elsewhere (no ``fork``) the query runs in this process, with a warning
that the time limit cannot be kept.

The row limit counts rows (SELECT) or triples (CONSTRUCT, DESCRIBE) of the
complete answer, in the worker when there is one: more than the limit is an
error, never a cut-off answer, and the rows are not sent back. A query that
makes many rows fast is stopped by the time limit.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import signal
import sys
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from rdflib.term import Node

from .catalog import QueryKind, QueryResult
from .errors import CtgraphError, InputError, QueryError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from .engine import Engine

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "LimitError",
    "check_limits",
    "isolation_available",
    "run_limited",
]

#: Seconds a query may run, for the command line.
DEFAULT_TIMEOUT = 60.0
#: Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) an answer may hold, for the command line.
DEFAULT_MAX_ROWS = 100_000

_rdflib_ready = False


class LimitError(QueryError):
    """A query ran longer than its time limit, or answered with more rows than its row limit."""


def isolation_available() -> bool:
    """True if a query can run in a worker process forked from this one (Linux)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def check_limits(timeout: float | None, max_rows: int | None) -> None:
    """Check a time limit (seconds, more than 0) and a row limit (1 or more); ``None`` is none.

    Raises:
        InputError: a limit is out of range or of the wrong type.
    """
    if timeout is not None and (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        raise InputError(f"the time limit must be more than 0 seconds, not {timeout!r}")
    if max_rows is not None and (
        isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1
    ):
        raise InputError(f"the row limit must be 1 or more, not {max_rows!r}")


def _timed_out(timeout: float) -> LimitError:
    return LimitError(f"the query ran longer than the time limit of {timeout:g} s (--timeout)")


def _too_many(kind: QueryKind, max_rows: int) -> LimitError:
    what = "rows" if kind in ("select", "ask") else "triples"
    return LimitError(f"the query returned more than {max_rows} {what} (--max-rows); add LIMIT")


def _size(result: QueryResult) -> int:
    return len(result.graph) if result.graph is not None else len(result.rows)


def _pack(result: QueryResult, max_rows: int | None) -> tuple[Any, ...]:
    """Return what the worker sends for ``result``: the terms, or the row limit passed."""
    if max_rows is not None and _size(result) > max_rows:
        return ("too-many", result.kind)
    triples = tuple(result.graph) if result.graph is not None else None
    return (
        "result",
        result.kind,
        result.vars,
        result.rows,
        result.boolean,
        triples,
        dict(result.prefixes),
    )


def _unpack(message: tuple[Any, ...], max_rows: int | None) -> QueryResult:
    """Return the result, or raise the error, that the worker sent."""
    from .engine import _graph_result

    if message[0] == "too-many":
        raise _too_many(message[1], cast(int, max_rows))
    if message[0] == "error":
        _, is_input, text, path, line, column = message
        raise (InputError if is_input else QueryError)(text, path, line, column)
    if message[0] == "crash":
        raise QueryError(f"the query failed: {message[1]}")
    _, kind, variables, rows, boolean, triples, prefixes = message
    if triples is not None:
        return _graph_result(kind, triples, prefixes)
    return QueryResult(kind=kind, vars=variables, rows=rows, boolean=boolean, prefixes=prefixes)


def _work(
    sender: Connection,
    engine: Engine,
    text: str,
    bindings: Mapping[str, Node],
    kind: QueryKind | None,
    max_rows: int | None,
) -> None:
    """Run the query in the worker and send back what :func:`_pack` makes of it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the worker itself
    gc.freeze()  # the collector never walks, and so never copies, the parent's objects
    message: tuple[Any, ...]
    try:
        message = _pack(engine.query(text, bindings, kind=kind), max_rows)
    except CtgraphError as exc:
        where = str(exc.path) if exc.path is not None else None
        message = ("error", isinstance(exc, InputError), exc.message, where, exc.line, exc.column)
    except Exception as exc:  # a failure the engine does not name: say what it was
        message = ("crash", f"{type(exc).__name__}: {exc}")
    try:
        sender.send(message)
    except Exception as exc:  # e.g. a term that does not pickle
        sender.send(("crash", f"the answer cannot be sent back ({type(exc).__name__}: {exc})"))
    sender.close()


def _prepare(engine: Engine) -> None:
    """Import what the engine's queries need before forking, so no worker imports it again."""
    global _rdflib_ready
    if engine.name == "rdflib" and not _rdflib_ready:
        from rdflib import Graph

        Graph().query("ASK {}")  # rdflib's SPARQL modules and plugins, about 0.4 s once
        _rdflib_ready = True


def _run_in_worker(
    engine: Engine,
    text: str,
    bindings: Mapping[str, Node],
    kind: QueryKind | None,
    timeout: float,
    max_rows: int | None,
) -> QueryResult:
    _prepare(engine)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(
        target=_work,
        args=(sender, engine, text, dict(bindings), kind, max_rows),
        name="ctgraph-query",
        daemon=True,
    )
    with warnings.catch_warnings():
        # Python 3.12 warns of forking with threads (RocksDB's, for a store on
        # disk): the worker only reads, and uses no lock those threads hold.
        warnings.filterwarnings("ignore", r".*use of fork\(\) may lead to deadlocks", Warning)
        worker.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise _timed_out(timeout)
        try:
            message = receiver.recv()
        except EOFError:
            worker.join()
            raise QueryError(
                f"the query's worker process ended without an answer (exit code "
                f"{worker.exitcode}); it may have run out of memory"
            ) from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        worker.close()
        receiver.close()
    return _unpack(message, max_rows)


def run_limited(
    engine: Engine,
    text: str,
    bindings: Mapping[str, Node] | None = None,
    *,
    kind: QueryKind | None = None,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Run ``engine.query(text, bindings, kind=kind)`` under a time limit and a row limit.

    With a time limit the query runs in a forked worker process (see the
    module's description), killed when the limit is reached; without one,
    or where there is no ``fork``, it runs in this process. ``None`` is no
    limit.

    Args:
        engine: The engine, loaded.
        text: The query, already checked (:func:`ctgraph.catalog.run_query`).
        bindings: Terms for the query's variables, by name.
        kind: The query's kind, if known.
        timeout: Seconds the query may run.
        max_rows: Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) it may return.

    Raises:
        LimitError: the query ran longer than ``timeout`` seconds (the worker
            is killed), or returned more than ``max_rows`` rows.
        QueryError: the engine's error, as it would raise it in this process;
            or the worker ended without an answer.
        InputError: a limit is out of range.
    """
    check_limits(timeout, max_rows)
    bindings = bindings or {}
    if timeout is not None and isolation_available():
        return _run_in_worker(engine, text, bindings, kind, timeout, max_rows)
    if timeout is not None:
        warnings.warn(
            f"the time limit of {timeout:g} s cannot be kept on this platform (no fork): "
            "the query runs without it",
            RuntimeWarning,
            stacklevel=2,
        )
    result = engine.query(text, bindings, kind=kind)
    if max_rows is not None and _size(result) > max_rows:
        raise _too_many(result.kind, max_rows)
    return result
