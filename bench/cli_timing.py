"""Time ctgraph commands end to end and list the heavy modules each imports.

Usage: python bench/cli_timing.py [--runs N]

Prints a table: command, median and best wall time over N runs (a new
process each run, as a user would type it), and which of matplotlib,
pyshacl, owlrl and networkx the command imported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--version",),
    ("query", "event-co-chairs"),
    ("query", "roles-as-of", "--param", "actor=ct:morocco"),
    ("describe", "UNOCT"),
    ("stats",),
    ("export", "--format", "turtle"),
    ("validate",),
)
HEAVY = ("matplotlib", "pyshacl", "owlrl", "networkx")

PROBE = """
import sys, io, contextlib
from ctgraph.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


def run(args: tuple[str, ...], runs: int) -> tuple[float, float, str]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ctgraph", *args], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    probe = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return statistics.median(times), min(times), probe.stdout.strip() or "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (default 5)")
    runs = parser.parse_args().runs
    rows = [("command", "median s", "best s", "heavy modules imported")]
    for args in COMMANDS:
        median, best, heavy = run(args, runs)
        rows.append(("ctgraph " + " ".join(args), f"{median:.2f}", f"{best:.2f}", heavy))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
