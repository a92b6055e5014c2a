"""Time SHACL validation: pySHACL as ctgraph runs it against the SPARQL validator on Oxigraph.

Usage: python bench/validation.py [--sizes 10000,100000] [--large] [--pyshacl-cap SECONDS]

For each size, synthetic data shaped like the seed (bench/synthetic.py, with a
few deliberate defects) is written beside the ontology and vocabularies.
Each validator then runs in a fresh process of its own, so that its peak
memory (maximum resident set size) is its own:

- pySHACL, through ``ctgraph.validate.validate`` (the options ctgraph gives
  it: no inference, SHACL-AF on, warnings and infos allowed, each SPARQL
  constraint parsed once), on the rdflib graph of the files;
- the SPARQL validator (``ctgraph.shaclsparql``), on an Oxigraph engine that
  loads the same files.

Loading is timed apart from validation. Each process writes its report; the
two are compared as multisets of results, blank nodes by their descriptions
(the two processes parse the files apart, so labels differ). ``--large`` adds
a million triples; pySHACL is stopped past ``--pyshacl-cap`` seconds (it is
then shown as ">N" and the reports are not compared).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def worker(kind: str, folder: str, report_path: str) -> None:
    """Load and validate in this process; print one JSON line with the times and memory."""
    from ctgraph.load import load_shapes
    from ctgraph.paths import default_data, default_ontology

    inputs: list[Path | str] = [*default_ontology(), default_data() / "vocabularies.ttl", folder]
    shapes = load_shapes()
    start = time.perf_counter()
    if kind == "pyshacl":
        from ctgraph.load import load_files
        from ctgraph.validate import validate

        graph = load_files(inputs).graph
        loaded = time.perf_counter()
        triples = len(graph)
        report = validate(graph, shapes).report_graph
    else:
        from ctgraph.engine import OxigraphEngine
        from ctgraph.shaclsparql import compile_shapes

        engine = OxigraphEngine()
        engine.load(inputs)
        loaded = time.perf_counter()
        triples = engine.triple_count()
        report = compile_shapes(shapes).validate(engine)
    done = time.perf_counter()
    report.serialize(report_path, format="nt")
    print(
        json.dumps(
            {
                "triples": triples,
                "load": loaded - start,
                "validate": done - loaded,
                "peak": _peak_mb(),
            }
        )
    )


def run_worker(kind: str, folder: Path, report: Path, cap: float | None) -> dict[str, Any]:
    """Run a worker process; an empty dict if it was stopped at ``cap`` seconds."""
    command = [sys.executable, __file__, "--worker", kind, str(folder), str(report)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=cap, check=False)
    except subprocess.TimeoutExpired:
        return {}
    if done.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{done.stderr}")
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def compare(first: Path, second: Path) -> tuple[bool, int]:
    """Whether two reports written by the workers agree, and how many results the first has."""
    from rdflib import Graph

    from ctgraph.shaclsparql import report_results, reports_equal

    a = Graph().parse(first, format="nt")
    b = Graph().parse(second, format="nt")
    return reports_equal(a, b, structural=True), sum(report_results(a).values())


def measure(size: int, workdir: Path, cap: float | None) -> dict[str, Any]:
    from synthetic import write

    folder = workdir / f"synthetic-{size}"
    write(folder, size, 1)
    reports = {kind: workdir / f"report-{kind}-{size}.nt" for kind in ("pyshacl", "sparql")}
    sparql = run_worker("sparql", folder, reports["sparql"], None)
    reference = run_worker("pyshacl", folder, reports["pyshacl"], cap)
    row: dict[str, Any] = {"size": size, "sparql": sparql, "pyshacl": reference}
    if reference:
        row["equal"], row["results"] = compare(reports["pyshacl"], reports["sparql"])
    return row


def table(rows: list[dict[str, Any]], cap: float | None) -> str:
    """The Markdown table of the measures: seconds, peak MB, the speed-up, and whether equal."""
    lines = [
        "| triples | pySHACL s | SPARQL s | speed-up | pySHACL MB | SPARQL MB "
        "| load rdflib s | load Oxigraph s | results | reports equal |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        ref, ours = row["pyshacl"], row["sparql"]
        if ref:
            cells = [
                f"{ref['validate']:.1f}",
                f"{ours['validate']:.1f}",
                f"{ref['validate'] / ours['validate']:.1f}x",
                f"{ref['peak']:.0f}",
                f"{ours['peak']:.0f}",
                f"{ref['load']:.1f}",
                f"{ours['load']:.1f}",
                str(row["results"]),
                "yes" if row["equal"] else "NO",
            ]
        else:
            cap_text = f"{cap:.0f}" if cap else "?"
            cells = [
                f">{cap_text}",
                f"{ours['validate']:.1f}",
                f">{(cap or 0) / ours['validate']:.0f}x",
            ]
            cells += ["-", f"{ours['peak']:.0f}", "-", f"{ours['load']:.1f}", "-", "not compared"]
        lines.append(f"| {ours['triples']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="triples per synthetic graph")
    parser.add_argument("--large", action="store_true", help="add a graph of a million triples")
    parser.add_argument(
        "--pyshacl-cap", type=float, default=1800.0, help="stop pySHACL after this many seconds"
    )
    parser.add_argument("--keep", type=Path, help="write the data and reports here, and keep them")
    parser.add_argument(
        "--worker", nargs=3, metavar=("KIND", "FOLDER", "REPORT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.large:
        sizes.append(1_000_000)
    with tempfile.TemporaryDirectory() as temporary:
        workdir = args.keep or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        rows = []
        for size in sizes:
            rows.append(measure(size, workdir, args.pyshacl_cap))
            print(f"{size:,} triples done", file=sys.stderr, flush=True)
    print(table(rows, args.pyshacl_cap))


if __name__ == "__main__":
    main()
