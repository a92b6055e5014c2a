"""Compare the rdflib and Oxigraph engines on the seed and on synthetic graphs of growing size.

Usage: python bench/engines.py [--sizes 1000,10000,100000] [--large] [--runs N] [--keep DIR]

For the seed (the project's ontology and data/) and for each size, synthetic
data shaped like the seed (bench/synthetic.py) is written as Turtle beside
the ontology and vocabularies. Each engine then runs in a fresh process of its
own, which loads the files through ctgraph.engine.open_engine, runs five
catalogue queries through ctgraph.run_query (the median of up to N runs,
fewer when a run is slow), converts to an rdflib graph where needed, writes
Turtle, and reports its peak memory (maximum resident set size, MB). A step
slower than --step-timeout is reported as ">N" and the process is restarted
past it. A persistent Oxigraph store is timed cold (loading it) and warm (a
new process reopening it). --large adds a graph of a million triples.
"""

from __future__ import annotations

import argparse
import json
import resource
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

ENGINES = ("rdflib", "oxigraph")

# The five representative questions: a label, the query, its parameters on the
# seed and on synthetic data.
QUERIES: tuple[tuple[str, str, dict[str, str], dict[str, str]], ...] = (
    (
        "roles-as-of",
        "roles-as-of",
        {"actor": "ct:morocco", "as_of": "2024-09-26"},
        {"actor": "ct:syn-state-001", "as_of": "2024-09-26"},
    ),
    (
        "events-in-range",
        "events-in-range",
        {"from": "2024-01-01", "to": "2024-12-31"},
        {"from": "2020-01-01", "to": "2024-12-31"},
    ),
    (
        "source-of-fact",
        "source-of-fact",
        {"subject": "ct:morocco-unoct-strategic-dialogue-1", "predicate": "schema:location"},
        {"subject": "ct:syn-event-00001-0", "predicate": "schema:location"},
    ),
    ("actor-network", "actor-network", {"actor": "ct:morocco"}, {"actor": "ct:syn-state-001"}),
    ("people-and-posts", "people-and-posts", {}, {}),
)
#: Steps a child reports, in order; each may be skipped after a timeout.
STEPS = ("load", *(q[0] for q in QUERIES), "to-rdflib", "writer", "export", "dump")
REPEAT_BUDGET = 10.0  # seconds: repeat a query while its runs took less than this


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def child(name: str, data: list[str], args: argparse.Namespace, skip: set[str]) -> None:
    """Measure one engine in this process, printing one JSON line per step."""
    from ctgraph.catalog import Catalog, run_query
    from ctgraph.engine import open_engine

    start = time.perf_counter()
    engine = open_engine(data=data or None, engine=name)  # type: ignore[arg-type]
    _report(step="load", seconds=time.perf_counter() - start, triples=engine.triple_count())
    _report(peak_load=_peak_mb())
    catalog = Catalog()
    for label, query_name, seed_params, synthetic_params in QUERIES:
        if label in skip:
            continue
        query = catalog.get(query_name)  # parsed once, as the catalogue caches it
        params = synthetic_params if args.synthetic else seed_params
        times: list[float] = []
        while len(times) < args.runs and sum(times) < REPEAT_BUDGET:
            start = time.perf_counter()
            rows = len(run_query(engine, query, params).rows)
            times.append(time.perf_counter() - start)
        _report(step=label, seconds=statistics.median(times), rows=rows, runs=len(times))
    start = time.perf_counter()
    graph = engine.to_rdflib()
    _report(step="to-rdflib", seconds=time.perf_counter() - start)
    if args.writer and "writer" not in skip:
        from ctgraph.writers import write_turtle

        # Our Turtle writer alone, then the whole export, whose canonical
        # blank node labelling (rdflib.compare) grows much faster than the graph.
        start = time.perf_counter()
        write_turtle(list(graph), engine.prefixes)
        _report(step="writer", seconds=time.perf_counter() - start)
    if args.writer and "export" not in skip and engine.triple_count() <= args.export_max:
        from ctgraph.export import serialize

        start = time.perf_counter()
        serialize(graph, "turtle")
        _report(step="export", seconds=time.perf_counter() - start)
    if name == "oxigraph" and "dump" not in skip:
        import pyoxigraph as ox

        start = time.perf_counter()
        engine.store.dump(  # type: ignore[attr-defined]
            format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=dict(engine.prefixes)
        )
        _report(step="dump", seconds=time.perf_counter() - start)
    _report(peak=_peak_mb(), done=True)


def store_child(data: list[str], folder: str) -> None:
    """Open a persistent store (loading it if needed) and run one query; report the times."""
    from ctgraph.catalog import Catalog, run_query
    from ctgraph.engine import open_engine

    start = time.perf_counter()
    engine = open_engine(data=data or None, engine="oxigraph", store=folder)
    opened = time.perf_counter() - start
    run_query(engine, Catalog().get("people-and-posts"))
    reused = engine.reused  # type: ignore[attr-defined]
    _report(open=opened, open_and_query=time.perf_counter() - start, reused=reused, done=True)


def _run(args: list[str], budget: float, load_budget: float) -> tuple[dict[str, Any], str | None]:
    """Run a child; return what it reported, and the step it was stopped in, if any."""
    process = subprocess.Popen(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    found: dict[str, Any] = {}
    done = 0
    while True:
        step = STEPS[done] if done < len(STEPS) else "end"
        wait = load_budget if step == "load" else budget
        if not selector.select(timeout=wait):
            process.kill()
            process.wait()
            return found, step
        line = process.stdout.readline()
        if not line:
            break
        values = json.loads(line)
        if "step" in values:
            found[values["step"]] = values
            done = STEPS.index(values["step"]) + 1
        else:
            found.update(values)
    process.wait()
    if process.returncode != 0 or not found.get("done"):
        assert process.stderr is not None
        raise SystemExit(f"child {' '.join(args)} failed:\n{process.stderr.read()}")
    return found, None


def run_engine(
    name: str, flags: list[str], data: list[str], budget: float, load_budget: float
) -> dict[str, Any]:
    """Measure ``name``, restarting its process past any step slower than ``budget``."""
    results: dict[str, Any] = {}
    skipped: list[str] = []
    while True:
        skip = ["--skip", ",".join(skipped)] if skipped else []
        found, stopped = _run(["--child", name, *flags, *skip, *data], budget, load_budget)
        results.update(found)
        if stopped is None:
            break
        if stopped in ("load", "end"):
            raise SystemExit(f"{name} stopped in {stopped}: raise --timeout")
        results[stopped] = {"seconds": None, "over": budget}
        skipped.append(stopped)
    return results


def _cell(results: dict[str, Any], step: str) -> str:
    found = results.get(step)
    if found is None:
        return "-"
    if found.get("seconds") is None:
        return f">{found['over']:.0f}"
    value = float(found["seconds"])
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def measure(
    label: str, data: list[str], args: argparse.Namespace, workdir: Path
) -> list[list[str]]:
    """Measure both engines on ``data`` and return the table rows."""
    from ctgraph.load import default_inputs, expand_paths

    flags = ["--runs", str(args.runs), "--export-max", str(args.export_max)]
    flags += ["--synthetic"] if data else []
    results = {}
    for name in ENGINES:
        # Our writer reads an rdflib graph: the same work whichever engine
        # loaded it, so it is timed once, in the rdflib run.
        extra = ["--writer"] if name == "rdflib" else []
        results[name] = run_engine(name, flags + extra, data, args.step_timeout, args.timeout)
        print(f"  {label} {name}: {results[name]['load']['triples']} triples", file=sys.stderr)
    for step, *_ in QUERIES:
        rows = {results[e][step].get("rows") for e in ENGINES} - {None}
        assert len(rows) <= 1, f"{step}: the engines disagree on the number of rows"
    folder = workdir / f"store-{label}"
    shutil.rmtree(folder, ignore_errors=True)
    cold, _ = _run(["--store", str(folder), *data], args.timeout, args.timeout)
    warm, _ = _run(["--store", str(folder), *data], args.timeout, args.timeout)
    assert not cold["reused"] and warm["reused"], "the second run must reuse the store"
    size_mb = sum(f.stat().st_size for f in expand_paths(default_inputs(None, data or None))) / 1e6
    rows = []
    for name, r in results.items():
        oxigraph = name == "oxigraph"
        rows.append(
            [
                label,
                name,
                str(r["load"]["triples"]),
                f"{size_mb:.2f}",
                _cell(r, "load"),
                *(_cell(r, q[0]) for q in QUERIES),
                _cell(r, "to-rdflib") if oxigraph else "-",
                _cell(r, "writer"),
                _cell(r, "export"),
                _cell(r, "dump"),
                f"{r['peak_load']:.0f}",
                f"{r['peak']:.0f}",
                f"{cold['open']:.2f} / {warm['open']:.2f}" if oxigraph else "-",
            ]
        )
    return rows


HEADER = [
    "graph",
    "engine",
    "triples",
    "MB of files",
    "load",
    *(q[0] for q in QUERIES),
    "to rdflib",
    "our Turtle writer",
    "our Turtle export",
    "Oxigraph Turtle dump",
    "MB after load",
    "MB peak",
    "store cold / warm",
]


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="synthetic sizes in triples")
    parser.add_argument("--large", action="store_true", help="add 1,000,000 triples")
    parser.add_argument("--runs", type=int, default=3, help="runs of each query (median)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the synthetic data")
    parser.add_argument("--keep", type=Path, help="write the data here and keep it")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for a load")
    parser.add_argument(
        "--step-timeout", type=float, default=120, help="seconds for any other step"
    )
    parser.add_argument(
        "--export-max",
        type=int,
        default=20_000,
        help="time the whole Turtle export up to this many triples",
    )
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--synthetic", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--writer", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--skip", default="", help=argparse.SUPPRESS)
    parser.add_argument("data", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data, args, set(args.skip.split(",")) - {""})
        return
    if args.store:
        store_child(args.data, args.store)
        return

    import synthetic

    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.large:
        sizes.append(1_000_000)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="ctgraph-bench-"))
    vocabularies = str(ROOT / "data" / "vocabularies.ttl")
    rows = measure("seed", [], args, workdir)
    for size in sizes:
        folder = workdir / f"synthetic-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        files, triples = synthetic.write(folder, size, args.seed)
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        print(f"{size}: {triples} triples, {size_mb:.1f} MB in {len(files)} files", file=sys.stderr)
        label = f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M"
        rows += measure(label, [vocabularies, str(folder)], args, workdir)
    print(markdown(rows))
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
