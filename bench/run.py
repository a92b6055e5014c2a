"""Benchmark ctgraph on each engine against plain rdflib, pyoxigraph and pySHACL; write RESULTS.md.

Usage: python bench/run.py [--sizes 10000,100000] [--large] [--runs N] [--out bench/RESULTS.md]

For the seed and for synthetic graphs shaped like it (bench/synthetic.py:
states, UN entities, frameworks, memberships with roles and intervals, events
with dates and places, chairs and participants, provenance on every fact, a
few deliberate defects), each engine runs in a fresh process of its own and
times, through the library as the command line uses it: loading, every
catalogue query and check (the median of up to --runs runs), validation
(SHACL shapes and checks), Turtle export, the network projection and the
network diagram, with its peak memory (maximum resident set size). A baseline
process times the same graph with the plain libraries: pyoxigraph's bulk load
and Turtle serialiser, rdflib's parser and pySHACL on the same shapes. A step
slower than --step-timeout stops its process; the steps after it are not
measured (shown as "-") and the stopped one as ">N". The report gives the
machine, the versions, every time, and the ratios the targets are stated in.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

ENGINES = ("rdflib", "oxigraph")
REPEAT_BUDGET = 10.0  # seconds: a query is repeated while its runs took less than this

#: Parameters for the catalogue queries that need one to be selective.
SEED_PARAMS: dict[str, dict[str, str]] = {
    "actor-network": {"actor": "ct:morocco"},
    "roles-as-of": {"actor": "ct:morocco", "as_of": "2024-09-26"},
    "event-participants": {"event": "ct:morocco-unoct-strategic-dialogue-1"},
    "commitments-at-event": {"event": "ct:morocco-unoct-strategic-dialogue-1"},
}
SYNTHETIC_PARAMS: dict[str, dict[str, str]] = {
    "actor-network": {"actor": "ct:syn-state-001"},
    "roles-as-of": {"actor": "ct:syn-state-001", "as_of": "2024-09-26"},
    "event-participants": {"event": "ct:syn-event-00001-0"},
    "commitments-at-event": {"event": "ct:syn-event-00001-0"},
}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def _timed(step: str, action: Callable[[], Any], **extra: Any) -> Any:
    start = time.perf_counter()
    value = action()
    _report(step=step, seconds=time.perf_counter() - start, **extra)
    return value


def _inputs(data: list[str]) -> list[Path | str]:
    from ctgraph.load import default_inputs

    return default_inputs(None, data or None)


def engine_child(
    name: str, data: list[str], runs: int, synthetic: bool, out: str, skip: set[str]
) -> None:
    """Time one engine through the library, printing one JSON line per step."""
    from ctgraph.catalog import Catalog, run_query
    from ctgraph.engine import open_engine
    from ctgraph.export import serialize
    from ctgraph.load import load_shapes
    from ctgraph.validate import validate

    engine = _timed("load", lambda: open_engine(data=data or None, engine=name))  # type: ignore[arg-type]
    _report(triples=engine.triple_count(), peak_load=_peak_mb())
    catalog = Catalog()
    params = SYNTHETIC_PARAMS if synthetic else SEED_PARAMS
    for query in (*catalog.queries(), *catalog.checks()):
        if f"q:{query.name}" in skip:
            continue
        times: list[float] = []
        while len(times) < runs and sum(times) < REPEAT_BUDGET:
            start = time.perf_counter()
            rows = len(run_query(engine, query, params.get(query.name, {})).rows)
            times.append(time.perf_counter() - start)
        _report(step=f"q:{query.name}", seconds=statistics.median(times), rows=rows)
    shapes = load_shapes()
    result = _timed("validate", lambda: validate(engine, shapes, checks=catalog.checks()))
    _report(issues=len(result.results))
    _timed("export", lambda: serialize(engine, "turtle"))
    from ctgraph.projection import project

    network = _timed("projection", lambda: project(engine.to_rdflib()))
    from ctgraph.draw import draw_network, save_figure

    _timed("render", lambda: save_figure(draw_network(network), Path(out) / f"{name}.png"))
    _report(peak=_peak_mb(), done=True)


def baseline_child(data: list[str]) -> None:
    """Time the plain libraries on the same files, without ctgraph."""
    import pyoxigraph as ox
    from rdflib import Graph

    from ctgraph.load import expand_paths, load_shapes

    files = expand_paths(_inputs(data))

    def oxigraph_load() -> Any:
        store = ox.Store()
        for path in files:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        return store

    def oxigraph_steps() -> None:  # the store is freed before rdflib's turn
        store = _timed("ox-load", oxigraph_load)
        default = ox.DefaultGraph()
        _timed("ox-dump", lambda: store.dump(format=ox.RdfFormat.TURTLE, from_graph=default))

    oxigraph_steps()

    def rdflib_load() -> Graph:
        graph = Graph()
        for path in files:
            graph.parse(path, format="turtle")
        return graph

    graph = _timed("rdflib-load", rdflib_load)
    _timed("rdflib-turtle", lambda: graph.serialize(format="turtle"))
    import pyshacl

    shapes = load_shapes()
    _timed(
        "pyshacl",
        lambda: pyshacl.validate(
            graph,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            allow_warnings=True,
            allow_infos=True,
            do_owl_imports=False,
        ),
    )
    _report(peak=_peak_mb(), done=True)


def run_child(args: list[str], budget: float, load_budget: float) -> dict[str, Any]:
    """Run a child, stopping it when a step takes longer than its budget."""
    process = subprocess.Popen(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    found: dict[str, Any] = {"steps": {}}
    first = True
    while True:
        wait = load_budget if first else budget
        if not selector.select(timeout=wait):
            process.kill()
            process.wait()
            found["stopped_after"] = wait
            return found
        line = process.stdout.readline()
        if not line:
            break
        values = json.loads(line)
        if "step" in values:
            found["steps"][values.pop("step")] = values
            first = False
        else:
            found.update(values)
    process.wait()
    if process.returncode != 0 or not found.get("done"):
        assert process.stderr is not None
        raise SystemExit(f"child {' '.join(args)} failed:\n{process.stderr.read()}")
    return found


def _seconds(found: dict[str, Any], step: str) -> float | None:
    value = found["steps"].get(step, {}).get("seconds")
    return None if value is None else float(value)


def _cell(found: dict[str, Any], step: str) -> str:
    value = _seconds(found, step)
    if value is None:
        if step in found.get("over", {}):
            return f">{found['over'][step]:.0f}"
        return f">{found['stopped_after']:.0f}" if _stopped_at(found) == step else "-"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _stopped_at(found: dict[str, Any]) -> str | None:
    if "stopped_after" not in found:
        return None
    order = found.get("order", [])
    done = set(found["steps"])
    return next((step for step in order if step not in done), None)


def _mb(found: dict[str, Any]) -> str:
    """Peak memory; a process stopped before its end reports the peak after loading."""
    if "peak" in found:
        return f"{found['peak']:.0f}"
    if "peak_load" in found:
        return f">{found['peak_load']:.0f}"
    return "-"


def _ratio(slow: float | None, fast: float | None, lower_bound: bool = False) -> str:
    if slow is None or fast is None or fast <= 0:
        return "-"
    return f"{'>' if lower_bound else ''}{slow / fast:.1f}x"


def measure(label: str, data: list[str], args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Time both engines and the baselines on one graph."""
    from ctgraph.catalog import Catalog

    catalog = Catalog()
    names = [f"q:{q.name}" for q in (*catalog.queries(), *catalog.checks())]
    order = ["load", *names, "validate", "export", "projection", "render"]
    out = workdir / f"render-{label}"
    out.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    for name in ENGINES:
        flags = ["--runs", str(args.runs), "--out", str(out)] + (["--synthetic"] if data else [])
        found: dict[str, Any] = {"steps": {}, "order": order, "over": {}}
        skipped: list[str] = []
        # A query slower than the budget stops the process; it is skipped and the
        # process started again, at most --restarts times, past which the steps
        # left are not measured.
        for _ in range(args.restarts + 1):
            skip = ["--skip", ",".join(skipped)] if skipped else []
            part = run_child(
                ["--child", name, *flags, *skip, *data], args.step_timeout, args.timeout
            )
            steps = found["steps"]
            steps.update(part.pop("steps"))
            found.update(part)
            stopped = next((s for s in order if s not in steps and s not in skipped), None)
            if "stopped_after" not in part or stopped is None or not stopped.startswith("q:"):
                break
            found["over"][stopped] = part.pop("stopped_after")
            found.pop("stopped_after", None)
            skipped.append(stopped)
        results[name] = found
        print(f"  {label} {name}: done", file=sys.stderr)
    base = run_child(["--baseline", *data], args.step_timeout * 5, args.timeout)
    base["order"] = ["ox-load", "ox-dump", "rdflib-load", "rdflib-turtle", "pyshacl"]
    results["baseline"] = base
    results["names"] = names
    return results


def _machine() -> list[str]:
    from importlib.metadata import version

    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    versions = ", ".join(
        f"{package} {version(package)}"
        for package in ("rdflib", "pyoxigraph", "pyshacl", "networkx", "matplotlib")
    )
    return [
        f"- Date: {datetime.date.today().isoformat()}",
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs, {memory} of memory, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {versions}",
    ]


def report(tables: list[tuple[str, dict[str, Any]]], args: argparse.Namespace) -> str:
    """Return RESULTS.md: the machine, a summary with the ratios, then every step."""
    lines = [
        "# Benchmark results",
        "",
        "Written by `python bench/run.py"
        + (f" --sizes {args.sizes}" if args.sizes else "")
        + (" --large" if args.large else "")
        + f" --runs {args.runs}`. Seconds (median of up to {args.runs} runs for queries), "
        "peak resident memory in MB. `>N`: stopped after N s; `-`: not reached.",
        "",
        *_machine(),
        "",
        "## Summary",
        "",
        "| graph | triples | engine | load | catalogue (sum) | validate | Turtle export "
        "| projection | render | peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, results in tables:
        for name in ENGINES:
            found = results[name]
            times = [_seconds(found, q) for q in results["names"]]
            total = sum(t for t in times if t is not None)
            complete = all(t is not None for t in times)
            lines.append(
                f"| {label} | {found.get('triples', '-')} | {name} | {_cell(found, 'load')} "
                f"| {'' if complete else '>'}{total:.2f} | {_cell(found, 'validate')} "
                f"| {_cell(found, 'export')} | {_cell(found, 'projection')} "
                f"| {_cell(found, 'render')} | {_mb(found)} |"
            )
    lines += [
        "",
        "## Ratios (the targets of the scale issue)",
        "",
        "| graph | load / pyoxigraph bulk load | rdflib catalogue / Oxigraph catalogue "
        "| export / pyoxigraph Turtle | pySHACL / ctgraph validate (Oxigraph) "
        "| plain pySHACL s |",
        "|---|---|---|---|---|---|",
    ]
    for label, results in tables:
        ox, rd, base = results["oxigraph"], results["rdflib"], results["baseline"]
        rd_times = [_seconds(rd, q) for q in results["names"]]
        ox_times = [_seconds(ox, q) for q in results["names"]]
        pairs = [(r, o) for r, o in zip(rd_times, ox_times, strict=True) if o is not None]
        measured = [(r, o) for r, o in pairs if r is not None]
        rd_sum = sum(r for r, _ in measured) if measured else None
        ox_sum = sum(o for _, o in measured) if measured else None
        partial = len(measured) < len(pairs)
        lines.append(
            f"| {label} | {_ratio(_seconds(ox, 'load'), _seconds(base, 'ox-load'))} "
            f"| {_ratio(rd_sum, ox_sum)}"
            + (f" ({len(measured)} of {len(pairs)} queries)" if partial else "")
            + f" | {_ratio(_seconds(ox, 'export'), _seconds(base, 'ox-dump'))} "
            f"| {_ratio(_seconds(base, 'pyshacl'), _seconds(ox, 'validate'))} "
            f"| {_cell(base, 'pyshacl')} |"
        )
    for label, results in tables:
        base = results["baseline"]
        lines += [
            "",
            f"## {label}: every step",
            "",
            "| step | rdflib | oxigraph | rdflib / oxigraph |",
            "|---|---|---|---|",
        ]
        for step in results["oxigraph"]["order"]:
            rd, ox = results["rdflib"], results["oxigraph"]
            lines.append(
                f"| {step.removeprefix('q:')} | {_cell(rd, step)} | {_cell(ox, step)} "
                f"| {_ratio(_seconds(rd, step), _seconds(ox, step))} |"
            )
        lines.append(
            f"\nPlain libraries: pyoxigraph bulk load {_cell(base, 'ox-load')} s, "
            f"pyoxigraph Turtle {_cell(base, 'ox-dump')} s, rdflib parse "
            f"{_cell(base, 'rdflib-load')} s, rdflib Turtle {_cell(base, 'rdflib-turtle')} s, "
            f"pySHACL {_cell(base, 'pyshacl')} s (peak {_mb(base)} MB)."
        )
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="synthetic sizes in triples")
    parser.add_argument("--large", action="store_true", help="add 1,000,000 triples")
    parser.add_argument("--runs", type=int, default=3, help="runs of each query (median)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the synthetic data")
    parser.add_argument("--keep", type=Path, help="write the data here and keep it")
    parser.add_argument("--timeout", type=float, default=900, help="seconds for a load")
    parser.add_argument("--step-timeout", type=float, default=120, help="seconds for a step")
    parser.add_argument(
        "--restarts", type=int, default=3, help="queries skipped past the step time limit"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--skip", default="", help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--synthetic", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("data", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        skip = set(args.skip.split(",")) - {""}
        engine_child(args.child, args.data, args.runs, args.synthetic, str(args.out), skip)
        return
    if args.baseline:
        baseline_child(args.data)
        return

    import synthetic

    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.large:
        sizes.append(1_000_000)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="ctgraph-bench-"))
    vocabularies = str(ROOT / "data" / "vocabularies.ttl")
    tables = [("seed", measure("seed", [], args, workdir))]
    _write(args.out, report(tables, args))
    for size in sizes:
        folder = workdir / f"synthetic-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        files, triples = synthetic.write(folder, size, args.seed)
        print(f"{size}: {triples} triples in {len(files)} files", file=sys.stderr)
        label = f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M"
        tables.append((label, measure(label, [vocabularies, str(folder)], args, workdir)))
        _write(args.out, report(tables, args))  # each size as soon as it is measured
    print(report(tables, args))
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
