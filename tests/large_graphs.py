"""Large graphs shaped like the projection, for the tests of summarised diagrams.

They come from bench/render_scale.py, which times the same drawings: one
generator serves the benchmark and the tests.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[1] / "bench" / "render_scale.py"


def _bench() -> Any:
    name = "bench_render_scale"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH)
        assert spec is not None and spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


@cache
def _built(nodes: int, edges: int, seed: int) -> Any:
    return _bench().synthetic_projection(nodes, edges, seed)


def synthetic_projection(nodes: int, edges: int, seed: int = 1) -> Any:
    """A new copy of the synthetic graph of ``nodes`` nodes and ``edges`` edges (built once)."""
    return _built(nodes, edges, seed).copy()
