"""Fuzzing: mutated Turtle and mutated SPARQL end in a result or a clean error.

The seed press release and the catalogue's queries are mutated with a
seeded random (bytes deleted, inserted and duplicated), and each mutant is
given to the loader on both engines, to the ``ctgraph`` command, and to
:func:`ctgraph.catalog.parse_query` and :func:`ctgraph.catalog.run_query`.
Every case must end in success or a :class:`ctgraph.errors.CtgraphError`,
within :data:`TIME_BOUND` seconds: any other exception is a crash, a case
past the bound a hang, and a worker that dies (a crash in native code) is
caught too, because the cases run in a child process (this file, run as a
script) that the test watches, one case at a time.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import selectors
import subprocess
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_DATA = ROOT / "data" / "press-release-2024-09-26-morocco-unoct.ttl"
QUERIES = ROOT / "queries"
#: Seconds one case may take before it counts as a hang (the machine may be busy).
TIME_BOUND = 30.0
ENGINES = ("rdflib", "oxigraph")

#: Bytes and snippets that mean something to Turtle, inserted more often than others:
#: among them RDF 1.2's triple terms and annotations, which Oxigraph reads and rdflib not.
TURTLE_PIECES = (
    *(bytes([b]) for b in b"<>\"'@^:.;,[]()#\\_-{}?$\n\t 0123456789eE+aAxXu"),
    b"<<",
    b">>",
    b' {| rdfs:comment "x" |} ',
    b" ~ ct:r ",
    b" <<( ct:a ct:b ct:c )>> ",
    b"\n@base <http://example.org/> .\n",
    b"\n@prefix : <#> .\n",
    b'"""',
    b"^^xsd:date",
    b'"2024-13-45"^^xsd:date',
    b"@en-GB",
    b"_:b0",
    b"[]",
    b"()",
    b"\\u0000",
    b"<>",
    b"1e999",
)
SPARQL_WORDS = (
    b"{",
    b"}",
    b"(",
    b")",
    b"?x",
    b"$y",
    b"<",
    b">",
    b'"',
    b"'''",
    b"#",
    b".",
    b";",
    b",",
    b"*",
    b"^^",
    b"@en",
    b"FILTER(",
    b"OPTIONAL",
    b"UNION",
    b"GRAPH",
    b"SERVICE",
    b"BIND(",
    b" AS ",
    b"VALUES",
    b"SELECT",
    b"ASK",
    b"CONSTRUCT",
    b"DESCRIBE",
    b"INSERT DATA",
    b"GROUP BY",
    b"ORDER BY",
    b"LIMIT",
    b"COUNT(",
    b"REGEX(",
    b"/",
    b"|",
    b"+",
    b"!",
    b"a",
    b"rdf:type",
    b"ctg:",
    b"\\u0000",
    b"\\",
    b"# param: x iri=ct:morocco the x\n",
    b"# param: ",
    b" date=2024-13-01 ",
    b" integer=x ",
    b"<<( ?s ?p ?o )>>",
    b" BIND(<<( <http://e/a> <http://e/b> <http://e/c> )>> AS ?t) ",
)


# Mutations ---------------------------------------------------------------------------


def _place(data: bytearray, rng: random.Random) -> int:
    """A random offset; half the time just before the end of a Turtle or SPARQL statement."""
    if rng.random() < 0.5:
        ends = [i for i in range(len(data) - 1) if data[i : i + 2] in (b" .", b" ;", b" }")]
        if ends:
            return rng.choice(ends)
    return rng.randrange(len(data) + 1)


def mutate(data: bytes, rng: random.Random, pieces: tuple[bytes, ...]) -> bytes:
    """Apply one to three random deletions, insertions or duplications to ``data``."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        at = _place(out, rng)
        kind = rng.choice(("delete", "insert", "insert", "duplicate"))
        if kind == "delete" and out:
            del out[at : at + rng.randint(1, 16)]
        elif kind == "insert":
            if rng.random() < 0.2:
                piece = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
            else:
                piece = rng.choice(pieces)
            out[at:at] = piece
        else:
            start = rng.randrange(len(out) + 1)
            out[at:at] = out[start : start + rng.randint(1, 64)]
    return bytes(out)


def turtle_mutants(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    data = SEED_DATA.read_bytes()
    return [mutate(data, rng, TURTLE_PIECES) for _ in range(count)]


def query_mutants(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    texts = [p.read_bytes() for p in sorted(QUERIES.rglob("*.rq"))]
    return [mutate(rng.choice(texts), rng, SPARQL_WORDS) for _ in range(count)]


# One case, in the worker ----------------------------------------------------------------


def _where(exc: BaseException) -> list[str]:
    """The innermost frames of ``exc``'s traceback, as ``file:line function``."""
    frames = traceback.extract_tb(exc.__traceback__)
    return [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames[-4:]]


def run_case(target: str, engine: str, payload: bytes, folder: Path, loaded: Any) -> dict[str, Any]:
    """Run one mutant; say whether it succeeded, failed cleanly or crashed."""
    from ctgraph.catalog import parse_query, run_query
    from ctgraph.cli import main
    from ctgraph.engine import open_engine
    from ctgraph.errors import CtgraphError

    path = folder / "mutant.ttl"
    try:
        if target == "load":  # loading, then reading every triple back
            path.write_bytes(payload)
            opened = open_engine(ontology=[], data=[path], engine=engine)
            list(opened.triples())
            opened.close()
        elif target == "cli":  # a command that reads every triple
            path.write_bytes(payload)
            argv = ["export", "--format", "nt", "--ontology", str(path), "--no-default-data"]
            argv += ["--engine", engine]
            sink = io.StringIO()
            with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                code = main(argv)
            if code not in (0, 2):
                return {"outcome": "crash", "exception": f"exit status {code}", "where": []}
            return {"outcome": "ok" if code == 0 else "error", "message": sink.getvalue()[-300:]}
        else:
            text = payload.decode("utf-8", errors="replace")
            run_query(loaded, parse_query(text))
    except CtgraphError as exc:
        return {"outcome": "error", "message": str(exc)[:300]}
    except Exception as exc:  # what the fuzzing looks for
        return {
            "outcome": "crash",
            "exception": type(exc).__name__,
            "message": str(exc)[:300],
            "where": _where(exc),
        }
    return {"outcome": "ok"}


def worker(target: str, engine: str, cases_file: str, start: int) -> None:
    """Run the cases of ``cases_file`` from ``start``, one JSON line per case on stdout."""
    cases = [bytes.fromhex(h) for h in json.loads(Path(cases_file).read_text())]
    loaded = None
    if target == "query":
        from ctgraph.engine import open_engine

        loaded = open_engine(engine=engine)  # type: ignore[arg-type]
    out = sys.stdout
    with tempfile.TemporaryDirectory() as folder:
        for index in range(start, len(cases)):
            out.write(json.dumps({"index": index, "started": True}) + "\n")
            out.flush()
            result = run_case(target, engine, cases[index], Path(folder), loaded)
            out.write(json.dumps({"index": index, **result}) + "\n")
            out.flush()


# The watching side ------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A case that crashed, hung or killed its worker."""

    index: int
    outcome: str
    exception: str
    message: str
    where: tuple[str, ...]

    def signature(self) -> tuple[str, str]:
        """The exception and the function it was raised in, without line numbers."""
        innermost = self.where[-1] if self.where else ""
        return (self.exception, innermost.split(" ")[-1])


def _lines(process: subprocess.Popen[bytes], bound: float) -> Iterator[dict[str, Any] | None]:
    """The worker's JSON lines; ``None`` when none came within ``bound`` seconds."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    buffer = b""
    while True:
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield json.loads(line)
        if not selector.select(bound):
            yield None
            return
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            return
        buffer += chunk


def sweep(
    target: str, engine: str, cases: list[bytes], folder: Path
) -> tuple[list[Finding], Counter[str]]:
    """Run every case in a watched worker; return the crashes and hangs, and every outcome."""
    cases_file = folder / f"{target}-{engine}.json"
    cases_file.write_text(json.dumps([c.hex() for c in cases]))
    findings: list[Finding] = []
    outcomes: Counter[str] = Counter()
    start = 0
    while start < len(cases):
        command = [sys.executable, __file__, target, engine, str(cases_file), str(start)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        current = start
        try:
            for record in _lines(process, TIME_BOUND):
                if record is None:
                    findings.append(Finding(current, "hang", "", f"over {TIME_BOUND} s", ()))
                    outcomes.update(["hang"])
                    break
                current = record["index"]
                outcomes.update([record["outcome"]] if "outcome" in record else [])
                if record.get("outcome") == "crash":
                    findings.append(
                        Finding(
                            current,
                            "crash",
                            record["exception"],
                            record.get("message", ""),
                            tuple(record.get("where", ())),
                        )
                    )
            else:
                status = process.wait()
                if status != 0:
                    message = f"the worker died (status {status})"
                    findings.append(Finding(current, "died", "", message, ()))
                    outcomes.update(["died"])
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            if process.stdout is not None:
                process.stdout.close()
        start = current + 1
    return findings, outcomes


def report(findings: list[Finding], cases: list[bytes]) -> str:
    lines = []
    for f in findings:
        lines.append(f"case {f.index}: {f.outcome} {f.exception}: {f.message}")
        lines.extend(f"    {frame}" for frame in f.where)
        lines.append(f"    input starts {cases[f.index][:120]!r}")
    return "\n".join(lines)


# The tests ---------------------------------------------------------------------------------

#: Cases per sweep: enough to reach the known crash, few enough for a busy machine.
CASES = 60
SEED = 1234

TRIPLE_TERM = (
    "@prefix ct: <https://w3id.org/ctgraph/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    'ct:a ct:b ct:c {| rdfs:comment "an annotation" |} .\n'
)
#: Crashes found by the sweeps and not yet fixed: (exception, function) -> reason.
KNOWN_CRASHES: dict[tuple[str, str], str] = {}


def unexpected(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.signature() not in KNOWN_CRASHES]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("target", ["load", "cli"])
def test_mutated_turtle_loads_or_fails_cleanly(target: str, engine: str, tmp_path: Path) -> None:
    cases = turtle_mutants(CASES, SEED)
    findings, outcomes = sweep(target, engine, cases, tmp_path)
    assert not unexpected(findings), report(unexpected(findings), cases)
    assert outcomes["ok"] and outcomes["error"], outcomes  # both paths were taken


@pytest.mark.parametrize("engine", ENGINES)
def test_mutated_queries_parse_and_run_or_fail_cleanly(engine: str, tmp_path: Path) -> None:
    cases = query_mutants(CASES, SEED)
    findings, outcomes = sweep("query", engine, cases, tmp_path)
    assert not unexpected(findings), report(unexpected(findings), cases)
    assert outcomes["ok"] and outcomes["error"], outcomes


def test_the_watcher_counts_clean_errors(tmp_path: Path) -> None:
    # Not UTF-8; an RDF 1.2 annotation (it crashed the Oxigraph engine once): clean errors.
    findings, outcomes = sweep("load", "oxigraph", [b"\xff", TRIPLE_TERM.encode()], tmp_path)
    assert outcomes["error"] == 2
    assert findings == []


def test_a_triple_term_is_refused_at_load(tmp_path: Path) -> None:
    from ctgraph.engine import open_engine
    from ctgraph.errors import InputError

    path = tmp_path / "annotated.ttl"
    path.write_text(TRIPLE_TERM, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        open_engine(ontology=[], data=[path], engine="oxigraph")
    assert str(caught.value) == (
        f"{path}:3: RDF 1.2 triple terms and annotations (<< >>, {{| |}}) are not supported"
    )


@pytest.mark.parametrize("command", ["export", "stats"])
def test_a_triple_term_on_the_command_line(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ctgraph.cli import main

    path = tmp_path / "annotated.ttl"
    path.write_text(TRIPLE_TERM, encoding="utf-8")
    code = main([command, "--ontology", str(path), "--no-default-data", "--engine", "oxigraph"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.endswith("are not supported\n") and err.count("\n") == 1


if __name__ == "__main__":
    worker(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
