"""Nothing lost when the tool is killed: atomic writes, and a store that reloads.

A ``ctgraph export -o FILE`` child is SIGKILLed while it writes: the old
FILE keeps its bytes, and the temporary file it leaves is removed by the
next write of FILE. A ``ctgraph query --store DIR`` child is SIGKILLed
during its bulk load, and during the reload after a data file changed: the
next run rebuilds the store instead of answering from the half-loaded
database, because the manifest is removed before a load and written after
it. Every file the package writes goes through
:func:`ctgraph.export.write_atomic` (checked in its source).
"""

from __future__ import annotations

import ast
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ctgraph.engine import open_engine
from ctgraph.export import write_atomic

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "ctgraph"
#: Large enough that writing the export and loading the store take a moment.
TRIPLES = 50_000
DEADLINE = 180.0  # seconds a child may run before the test gives up on it
OLD = b"# the export of yesterday\n"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic press releases (``bench/synthetic.py``), about 50,000 triples."""
    folder = tmp_path_factory.mktemp("synthetic")
    subprocess.run(
        [
            *(sys.executable, str(ROOT / "bench" / "synthetic.py")),
            *("--triples", str(TRIPLES), "--out", str(folder), "--seed", "7"),
        ],
        check=True,
        capture_output=True,
    )
    return folder


def ctgraph(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ctgraph", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool], delay: float) -> bool:
    """SIGKILL ``process`` ``delay`` seconds after ``ready()``; False if it ended first."""
    deadline = time.monotonic() + DEADLINE
    while not ready():
        if process.poll() is not None:
            return False
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the child did not get there within {DEADLINE} s")
        time.sleep(0.0002)
    time.sleep(delay)
    alive = process.poll() is None
    if alive:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return alive


def temporaries(folder: Path, name: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


# Export ---------------------------------------------------------------------------------


def test_a_killed_export_leaves_the_old_file(synthetic: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    args = ["export", "--format", "nt", "-o", str(target), "--ontology", str(synthetic)]
    args += ["--no-default-data", "--engine", "oxigraph"]
    for _ in range(5):  # the write takes milliseconds: try again if it was missed
        target.write_bytes(OLD)
        child = ctgraph(*args)
        if kill_when(child, lambda: bool(temporaries(tmp_path, "graph.nt")), 0.0):
            break
        for name in temporaries(tmp_path, "graph.nt"):
            (tmp_path / name).unlink()
    else:
        pytest.fail("the export finished every time before it could be killed")
    assert target.read_bytes() == OLD
    # The killed process could not remove its temporary file: it is named after it ...
    [stray] = temporaries(tmp_path, "graph.nt")
    assert stray.startswith(f".graph.nt.{child.pid}-") and stray.endswith(".tmp")
    # ... and the next write of the same file removes it.
    write_atomic(target, b"today\n")
    assert target.read_bytes() == b"today\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]


def test_a_temporary_file_of_a_live_writer_or_another_name_is_kept(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        kept = [
            f".graph.nt.{sleeper.pid}-abcd1234.tmp",  # another process writing now
            ".graph.nt.backup.tmp",  # not named as write_atomic names them
            ".graph.nt.x.99999999-abcd1234.tmp",  # a temporary file of graph.nt.x
        ]
        for name in kept:
            (tmp_path / name).write_bytes(b"partial")
        write_atomic(tmp_path / "graph.nt", b"new\n")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, "graph.nt"])
    finally:
        sleeper.kill()
        sleeper.wait()


#: The places in the package that open a file for writing themselves: the
#: temporary file of write_atomic, and the log of the Oxigraph server, in
#: the temporary folder ``ctgraph serve`` makes for itself.
OWN_WRITES = {("export.py", "write_atomic"), ("serve.py", "_start_upstream")}


def _writes(tree: ast.AST) -> list[tuple[str, int]]:
    """``(function, line)`` of each call in ``tree`` that writes a file directly."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, ast.Call):
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else node.func.id
                if isinstance(node.func, ast.Name)
                else ""
            )
            modes = [
                a.value
                for a in [*node.args, *(k.value for k in node.keywords if k.arg == "mode")]
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            writing = any(set(m) & set("wax+") and set(m) <= set("rwaxbt+") for m in modes)
            shutil_call = (
                isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "shutil"
            )
            if (
                name in ("write_text", "write_bytes")
                or (name in ("open", "fdopen") and writing)
                or (shutil_call and name in ("copy", "copy2", "copyfile", "move"))
            ):
                found.append((function, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return found


def test_direct_writes_are_found() -> None:
    source = (
        "def save(path, data):\n"
        "    path.write_text(data)\n"
        "    with open(path, 'a') as f: pass\n"
        "    with open(path) as f: pass\n"
        "    shutil.copy(path, path)\n"
        "    graph.copy()\n"
    )
    assert _writes(ast.parse(source)) == [("save", 2), ("save", 3), ("save", 5)]


def test_every_file_the_package_writes_goes_through_write_atomic() -> None:
    direct = []
    for path in sorted(SOURCE.glob("*.py")):
        for function, line in _writes(ast.parse(path.read_text(encoding="utf-8"))):
            if (path.name, function) not in OWN_WRITES:
                direct.append(f"{path.name}:{line} in {function}")
    assert direct == []


# A persistent Oxigraph store ---------------------------------------------------------------


def _raw_count(database: Path) -> int:
    """Quads in the Oxigraph database itself, read in a child (the store locks its folder)."""
    code = "import pyoxigraph, sys; print(len(pyoxigraph.Store(sys.argv[1])))"
    run = subprocess.run(
        [sys.executable, "-c", code, str(database)], check=True, capture_output=True, text=True
    )
    return int(run.stdout)


def _count(data: Path, store: Path) -> tuple[int, bool]:
    engine = open_engine([data], [], engine="oxigraph", store=store)
    try:
        return engine.triple_count(), bool(getattr(engine, "reused", False))
    finally:
        engine.close()


def _query_killed(
    data: Path, store: Path, prepare: Callable[[], None], ready: Callable[[], bool]
) -> None:
    """Run ``ctgraph query --store`` and SIGKILL it once ``ready()``, before it completes."""
    args = ["query", "places", "--store", str(store), "--ontology", str(data)]
    args += ["--no-default-data", "--format", "json"]
    for delay in (0.5, 0.2, 0.05, 0.0):  # shorter each time the load finished first
        prepare()
        if kill_when(ctgraph(*args), ready, delay) and not (store / "manifest.json").exists():
            return
    pytest.fail("the load finished every time before it could be killed")


def test_a_store_killed_during_its_first_load_is_rebuilt(synthetic: Path, tmp_path: Path) -> None:
    expected = open_engine([synthetic], [], engine="oxigraph").triple_count()
    store = tmp_path / "store"
    _query_killed(
        synthetic,
        store,
        lambda: shutil.rmtree(store, ignore_errors=True),
        lambda: (store / "oxigraph").is_dir(),
    )
    assert _raw_count(store / "oxigraph") < expected  # an incomplete database is there
    assert _count(synthetic, store) == (expected, False)  # rebuilt, not answered from
    assert _count(synthetic, store) == (expected, True)  # and complete, so reused


def test_a_store_killed_while_reloading_changed_files_is_rebuilt(
    synthetic: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    first = sorted(data.glob("*.ttl"))[0]
    original = first.read_bytes()
    store = tmp_path / "store"

    def complete_store_then_change_a_file() -> None:
        first.write_bytes(original)
        _count(data, store)
        first.write_bytes(original + b'\nct:added rdfs:label "added after the load"@en .\n')

    complete_store_then_change_a_file()
    before = open_engine([synthetic], [], engine="oxigraph").triple_count()
    # The reload removes the manifest before it clears the database: kill after that.
    _query_killed(
        data,
        store,
        complete_store_then_change_a_file,
        lambda: not (store / "manifest.json").exists(),
    )
    assert _count(data, store) == (before + 1, False)
    assert _count(data, store) == (before + 1, True)
