"""The command line: exit codes, output on stdout, one-line errors on stderr, lazy imports."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from ctgraph import LoadedGraph, load_graph
from ctgraph.cli import main

from conftest import FIXTURES, QUERIES

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_query_prints_a_table(capsys: Capture, cli_inputs: list[str]) -> None:
    code, out, err = run(capsys, "query", *cli_inputs, "members", "--param", "since=2021-01-01")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "member      memberLabel  role            start       org",
        "----------  -----------  --------------  ----------  --------",
        "ex:lemuria               ex:role-member  2023-05-01  ex:forum",
    ]


def test_query_formats(capsys: Capture, cli_inputs: list[str]) -> None:
    code, out, _ = run(capsys, "query", *cli_inputs, "has-role", "-p", "role=chair", "-f", "json")
    assert code == 0
    assert json.loads(out) == {"head": {}, "boolean": True}
    code, out, _ = run(capsys, "query", *cli_inputs, "forum-graph", "--format", "nt")
    assert code == 0
    assert len(out.splitlines()) == 2


def test_query_expression_and_file(capsys: Capture, cli_inputs: list[str], tmp_path: Path) -> None:
    text = "SELECT ?city WHERE { ?city a ex:City }"
    code, out, _ = run(capsys, "query", *cli_inputs, "-e", text, "-f", "csv")
    assert (code, out) == (0, "city\r\nhttp://example.org/id/poseidonis\r\n")
    path = tmp_path / "cities.rq"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "query", *cli_inputs, str(path), "-f", "tsv")
    assert (code, out) == (0, "?city\n<http://example.org/id/poseidonis>\n")


def test_query_list(capsys: Capture) -> None:
    code, out, _ = run(capsys, "query", "--queries", str(QUERIES), "--list")
    assert code == 0
    assert "  members (SELECT): Members of an organisation\n" in out
    assert "      Which actors belong to an organisation, in which role, and since when?\n" in out
    assert (
        "      --param since=DATE (default 2000-01-01)  "
        "Only memberships that began on or after this day.\n"
    ) in out
    assert out.index("Checks (must return no rows)") > out.index("has-role")
    assert out.endswith(
        "  checks/unsourced-cities (SELECT): Cities without a source\n"
        "      Which cities does no paragraph state?\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["member"],
            "no query named 'member' in the catalogue; did you mean members?",
            id="unknown-query",
        ),
        pytest.param(
            ["members", "-p", "since=yesterday"],
            "parameter since: 'yesterday' is not a date",
            id="bad-date",
        ),
        pytest.param(["members", "-p", "since"], "--param takes NAME=VALUE", id="no-equals"),
        pytest.param(["-e", "DROP ALL"], "SPARQL Update is not allowed", id="update"),
        pytest.param([], "give a query NAME", id="nothing-to-run"),
        pytest.param(
            ["members", "-f", "turtle"], "a SELECT result is written as one of", id="wrong-format"
        ),
    ],
)
def test_query_errors_are_one_line_on_stderr(
    capsys: Capture, cli_inputs: list[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "query", *cli_inputs, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("ctgraph: error: ")
    assert message in err
    assert err.count("\n") == 1


def test_bad_input_files_name_the_line(capsys: Capture, cli_inputs: list[str]) -> None:
    bad = FIXTURES / "bad-syntax.ttl"
    code, _, err = run(capsys, "stats", *cli_inputs, "--data", str(bad))
    assert code == 2
    assert "bad-syntax.ttl:4:" in err
    assert "Traceback" not in err


def test_debug_shows_the_exception(cli_inputs: list[str]) -> None:
    from ctgraph import UnknownQueryError

    with pytest.raises(UnknownQueryError):
        main(["query", *cli_inputs, "--debug", "nothing"])


def test_usage_errors_exit_with_2(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["query", "--format", "yaml", "members"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == 2


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_both_validators_give_the_same_report(
    capsys: Capture, cli_inputs: list[str], fmt: str
) -> None:
    outputs = [
        run(capsys, "validate", *cli_inputs, "-f", fmt, "--validator", validator)
        for validator in ("pyshacl", "sparql", "auto")
    ]
    assert outputs[0][0] == 1 and outputs[0][1].count("\n") > 3
    assert outputs[0] == outputs[1] == outputs[2]


def test_validate_exit_codes(capsys: Capture, cli_inputs: list[str]) -> None:
    code, out, _ = run(capsys, "validate", *cli_inputs)
    assert code == 1
    # One shape violation, one shape warning, and the row of the fixture check.
    assert out.endswith("does not conform: 2 violations, 1 warning, 0 infos\n")
    inputs = cli_inputs[: cli_inputs.index("--shapes")]  # the same data, other shapes
    ok = FIXTURES / "shapes-ok.ttl"
    code, out, _ = run(capsys, "validate", *inputs, "--shapes", str(ok), "-f", "json")
    assert code == 1
    assert [(i["focus"], i["severity"], i["shape_name"]) for i in json.loads(out)] == [
        ("http://example.org/id/poseidonis", "Violation", "check checks/unsourced-cities")
    ]
    no_checks = [*inputs[: inputs.index("--queries")], "--queries", str(FIXTURES / "folder")]
    code, out, _ = run(capsys, "validate", *no_checks, "--shapes", str(ok), "-f", "json")
    assert (code, json.loads(out)) == (0, [])
    code, _, err = run(capsys, "validate", *inputs, "--shapes", str(FIXTURES / "no-shapes.ttl"))
    assert (code, err) == (2, "ctgraph: error: no SHACL shapes loaded\n")


def test_export_to_stdout_and_file(
    capsys: Capture, cli_inputs: list[str], tmp_path: Path, loaded: LoadedGraph
) -> None:
    code, out, _ = run(capsys, "export", *cli_inputs)
    assert code == 0
    assert isomorphic(Graph().parse(data=out, format="turtle"), loaded.graph)
    destination = tmp_path / "graph.jsonld"
    code, out, _ = run(capsys, "export", *cli_inputs, "-o", str(destination))
    assert (code, out) == (0, "")
    back = Graph().parse(destination, format="json-ld")  # format taken from the file name
    assert isomorphic(back, loaded.graph)


def test_describe(capsys: Capture, cli_inputs: list[str]) -> None:
    code, out, _ = run(capsys, "describe", *cli_inputs, "GF")
    assert code == 0
    assert out.startswith("Global Forum (ex:forum)\n")
    assert "  ex:m2 a ex:Membership, via org:organization  [source: ex:doc paragraph 2]" in out
    code, _, err = run(capsys, "describe", *cli_inputs, "Mu")
    assert code == 2
    assert "names 2 nodes" in err


def test_stats(capsys: Capture, cli_inputs: list[str]) -> None:
    code, out, _ = run(capsys, "stats", *cli_inputs, "-f", "json")
    assert code == 0
    assert json.loads(out)["triples"] == 58


def test_inference_option(capsys: Capture, cli_inputs: list[str]) -> None:
    query = "SELECT ?actor WHERE { ?actor a ex:Actor } ORDER BY ?actor"
    assert run(capsys, "query", *cli_inputs, "-e", query, "-f", "csv") == (0, "actor\r\n", "")
    code, out, _ = run(
        capsys, "query", *cli_inputs, "--inference", "rdfs", "-e", query, "-f", "csv"
    )
    assert code == 0
    assert out.split() == [
        "actor",
        "http://example.org/id/atlantis",
        "http://example.org/id/forum",
        "http://example.org/id/lemuria",
    ]


LAZY = """
import sys
from ctgraph.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in ("matplotlib", "pyshacl", "owlrl", "networkx") if m in sys.modules)
print("heavy:", heavy, file=sys.stderr)
sys.exit(code)
"""


def test_query_does_not_import_heavy_modules(cli_inputs: list[str]) -> None:
    argv = ["query", *cli_inputs, "members"]
    done = subprocess.run(
        [sys.executable, "-c", LAZY, *argv], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "ex:atlantis" in done.stdout
    assert done.stderr.strip() == "heavy: []"


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ctgraph", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout == "ctgraph 0.1.0\n"


def test_tour_on_the_seed(capsys: Capture, tmp_path: Path) -> None:
    code, out, err = run(capsys, "tour", "--output-dir", str(tmp_path))
    assert (code, err) == (0, "")
    steps = [line.split(" ", 1)[0] for line in out.splitlines() if re.match(r"\d\. ", line)]
    assert steps == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert (tmp_path / "network.png").read_bytes().startswith(b"\x89PNG")
    assert "conforms: 0 violations, 0 warnings, 0 infos" in out
    assert "Nasser Bourita" in out and "Vladimir Voronkov" in out  # the co-chairs
    assert re.search(r"ct:gctf .* former ", out)  # Morocco's former GCTF co-chairmanship
    exported = Graph().parse(tmp_path / "ctgraph.ttl", format="turtle")
    assert isomorphic(exported, load_graph().graph)


def _members_rows(out: str, fmt: str) -> list[tuple[str, str]]:
    """Read (member, role) back from the members query in each results format."""
    if fmt == "json":
        bindings = json.loads(out)["results"]["bindings"]
        return [(b["member"]["value"], b["role"]["value"]) for b in bindings]
    if fmt == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        results = ElementTree.fromstring(out).findall("r:results/r:result", ns)
        return [
            tuple(  # type: ignore[misc]
                r.find(f"r:binding[@name='{name}']/r:uri", ns).text  # type: ignore[union-attr]
                for name in ("member", "role")
            )
            for r in results
        ]
    delimiter = "," if fmt == "csv" else "\t"
    rows = list(csv.DictReader(io.StringIO(out), delimiter=delimiter))
    if fmt == "tsv":
        return [(r["?member"].strip("<>"), r["?role"].strip("<>")) for r in rows]
    return [(r["member"], r["role"]) for r in rows]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_query_result_formats_read_back(capsys: Capture, cli_inputs: list[str], fmt: str) -> None:
    code, out, err = run(capsys, "query", *cli_inputs, "members", "--format", fmt)
    assert (code, err) == (0, "")
    ex = "http://example.org/id/"
    assert sorted(_members_rows(out, fmt)) == [
        (ex + "atlantis", ex + "role-chair"),
        (ex + "lemuria", ex + "role-member"),
    ]


@pytest.mark.parametrize(
    ("fmt", "parser"), [("turtle", "turtle"), ("json-ld", "json-ld"), ("nt", "nt")]
)
def test_query_graph_formats_read_back(
    capsys: Capture, cli_inputs: list[str], fmt: str, parser: str
) -> None:
    code, out, _ = run(capsys, "query", *cli_inputs, "forum-graph", "--format", fmt)
    assert code == 0
    assert len(Graph().parse(data=out, format=parser)) == 2


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt", "nq", "trig", "xml"])
def test_every_export_format_round_trips(
    capsys: Capture, cli_inputs: list[str], loaded: LoadedGraph, tmp_path: Path, fmt: str
) -> None:
    destination = tmp_path / "graph.out"
    code, out, _ = run(capsys, "export", *cli_inputs, "--format", fmt, "-o", str(destination))
    assert (code, out) == (0, "")
    parser = {"nq": "nquads"}.get(fmt, fmt)
    back = Dataset()
    back.parse(destination, format=parser)
    union = Graph()
    for graph in back.graphs():
        union += graph
    assert isomorphic(union, loaded.graph)


def test_network_graphml_and_gexf(capsys: Capture, tmp_path: Path) -> None:
    import networkx as nx

    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        target = tmp_path / f"seed.{fmt}"
        code, out, err = run(capsys, "network", "--format", fmt, "-o", str(target))
        assert (code, out, err) == (0, "", "")
        network = reader(target)
        assert network.number_of_nodes() == 36
        assert network.number_of_edges() == 63


def test_network_filters(capsys: Capture) -> None:
    import networkx as nx

    code, out, _ = run(capsys, "network", "--kind", "co-chaired", "--as-of", "2024-09-26")
    assert code == 0
    network = nx.read_graphml(io.BytesIO(out.encode("utf-8")))
    assert sorted(network.nodes[n]["id"] for n in network) == [
        "ct:morocco-unoct-strategic-dialogue-1",
        "ct:nasser-bourita",
        "ct:vladimir-voronkov",
    ]
    assert sorted(d["label"] for _, _, d in network.edges(data=True)) == ["co-chair", "co-chair"]
    code, _, err = run(capsys, "network", "--kind", "likes")
    assert code == 2 and err.startswith("ctgraph: error: ")


def test_analyze_ranks_morocco_first(capsys: Capture) -> None:
    code, out, _ = run(capsys, "analyze", "--top", "3")
    assert code == 0
    assert out.startswith("36 nodes, 63 edges")
    degree = out.split("Degree centrality", 1)[1].split("\n\n", 1)[0].splitlines()[3:]
    assert [re.findall(r"\((ct:[a-z0-9-]+)\)", line) for line in degree] == [
        ["ct:morocco"],
        ["ct:morocco-unoct-strategic-dialogue-1"],
        ["ct:unoct"],
    ]


def test_path_between_two_actors(capsys: Capture) -> None:
    code, out, _ = run(capsys, "path", "Morocco", "GCTF")
    assert (code, out) == (
        0,
        "Path 1 of 1 (1 step)\n"
        "  Kingdom of Morocco —[co-chair (former)]→ Global Counter-Terrorism Forum"
        "  [ct:pr-2024-09-26 p7]\n",
    )
    code, _, err = run(capsys, "path", "Morocco", "Atlantis")
    assert code == 2 and "nothing is named 'Atlantis'" in err


@pytest.mark.parametrize(
    ("view", "name", "start"),
    [
        ("network", "network.png", b"\x89PNG"),
        ("timeline", "timeline.svg", b"<?xml"),
        ("matrix", "matrix.pdf", b"%PDF"),
        ("network", "network.html", b"<!DOCTYPE html>"),
    ],
)
def test_render_views(capsys: Capture, tmp_path: Path, view: str, name: str, start: bytes) -> None:
    code, out, err = run(capsys, "render", view, "-o", str(tmp_path / name))
    assert (code, out, err) == (0, "", "")
    assert (tmp_path / name).read_bytes().startswith(start)


def test_render_ego_and_all(capsys: Capture, tmp_path: Path) -> None:
    code, _, _ = run(capsys, "render", "ego", "--center", "UNOCT", "-o", str(tmp_path / "e.html"))
    assert code == 0
    page = (tmp_path / "e.html").read_text(encoding="utf-8")
    assert "ct:unoct-rabat-programme-office" in page and "ct:fes" not in page
    code, out, _ = run(capsys, "render", "all", "-o", str(tmp_path / "docs"))
    assert code == 0
    assert [Path(line).name for line in out.splitlines()] == [
        "network.png",
        "timeline.png",
        "role-matrix.png",
        "ego-morocco.png",
        "network.html",
    ]


def test_a_summarised_ego_page_prints_the_caption_its_page_shows() -> None:
    """The caption on stderr is the page's own: a summary that keeps the centre."""
    from ctgraph.cli import _left_out
    from ctgraph.html import render_html
    from ctgraph.projection import ego_subgraph
    from large_graphs import synthetic_projection

    center = "https://w3id.org/ctgraph/id/syn-event-2"
    ego = ego_subgraph(synthetic_projection(2000, 8000), center, 2)
    page = render_html(ego, keep=[center], max_nodes=20, max_edges=None)
    (shown,) = re.findall(r'<p class="meta" id="summary">(.*?)</p>', page)
    caption = _left_out("ego", ego, center, 2, (20, None), page=True)
    assert caption == html.unescape(shown)
    assert caption.startswith("Showing 20 of 553 nodes")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", "network", "-o", "out.txt"], "must end in .png, .svg, .pdf or .html"),
        (["render", "ego", "-o", "out.png"], "render ego needs --center NAME"),
        (["render", "timeline", "-o", "out.html"], "not a timeline"),
    ],
)
def test_render_errors(capsys: Capture, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1


def test_query_engines_give_the_same_rows(capsys: Capture) -> None:
    argv = ["query", "roles-as-of", "--param", "actor=Morocco", "--format", "csv"]
    outputs = []
    for extra in (["--engine", "rdflib"], ["--engine", "oxigraph"], []):
        code, out, err = run(capsys, *argv, *extra)
        assert (code, err) == (0, "")
        outputs.append(out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0].splitlines()) == 7  # the header and Morocco's six roles


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--format", "turtle"],
        ["export", "--format", "turtle"],
        ["export", "--format", "trig"],
        ["describe", "UNOCT"],
        ["stats"],
        ["analyze"],
        ["network", "--format", "graphml"],
        ["path", "Morocco", "GCTF"],
    ],
    ids=lambda argv: "-".join(argv[:3]),
)
def test_every_command_gives_the_same_output_on_both_engines(
    capsys: Capture, argv: list[str]
) -> None:
    outputs = []
    for engine in ("rdflib", "oxigraph"):
        code, out, err = run(capsys, *argv, "--engine", engine)
        assert (code, err) == (0, "")
        outputs.append(out)
    if argv[0] == "validate":  # reports are compared as graphs: blank nodes differ
        first, second = (Graph().parse(data=out, format="turtle") for out in outputs)
        assert isomorphic(first, second)
    else:
        assert outputs[0] == outputs[1]


def test_a_persistent_store_is_filled_then_reused(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "ctgraph", "query", "roles-as-of", "--param", "actor=Morocco"]
    argv += ["--format", "csv", "--store", str(tmp_path / "store")]
    first = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    manifest = sorted(p.name for p in (tmp_path / "store").iterdir())
    again = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    assert first == again and len(first.splitlines()) == 7
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == manifest


# A remote SPARQL server --------------------------------------------------------------


def test_push_then_every_read_command_against_the_server(capsys: Capture, tmp_path: Path) -> None:
    from servers import OxigraphServer, require_oxigraph

    require_oxigraph()
    with OxigraphServer(tmp_path / "oxigraph") as server:
        code, out, err = run(capsys, "push", "--graph-store", server.store_url)
        assert (code, err) == (0, "")
        assert out.splitlines()[-1].startswith("4 graphs, ")
        for argv in (
            ["query", "roles-as-of", "--param", "actor=Morocco", "--format", "csv"],
            ["describe", "UNOCT"],
            ["export", "--format", "turtle"],
            ["stats"],
        ):
            local = run(capsys, *argv)
            remote = run(capsys, *argv, "--endpoint", server.query_url)
            assert remote == local, argv


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--data", "x.ttl"], "--endpoint reads the server's graph: --data do not apply"),
        (["--header", "no colon"], "--header takes 'NAME: VALUE', not 'no colon'"),
    ],
)
def test_endpoint_option_errors(capsys: Capture, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "stats", "--endpoint", "http://127.0.0.1:9/sparql", *argv)
    assert (code, out, err) == (2, "", f"ctgraph: error: {message}\n")


def test_render_says_what_a_summary_leaves_out(capsys: Capture, tmp_path: Path) -> None:
    target = tmp_path / "network.png"
    code, out, err = run(capsys, "render", "network", "-o", str(target), "--max-nodes", "10")
    assert (code, out) == (0, "")
    assert err == (
        f"{target}: Showing 10 of 36 nodes (the most linked, grown along links from the most "
        "linked); 38 of 63 edges not drawn.\n"
    )
    code, out, err = run(capsys, "render", "network", "-o", str(target))
    assert (code, out, err) == (0, "", "")  # the seed is drawn whole
    code, out, err = run(capsys, "render", "network", "-o", str(target), "--max-nodes", "0")
    assert (code, out, err) == (2, "", "ctgraph: error: max_nodes must be at least 1, not 0\n")


# Serving ---------------------------------------------------------------------------------


def test_serve_answers_then_stops_on_sigterm(tmp_path: Path) -> None:
    import signal
    import urllib.parse
    import urllib.request

    from servers import require_oxigraph

    require_oxigraph()
    command = [sys.executable, "-m", "ctgraph", "serve", "--port", "0", "--store", str(tmp_path)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        match = re.search(r"SPARQL endpoint (http://127\.0\.0\.1:\d+/query)", banner)
        assert match, banner
        body = urllib.parse.urlencode({"query": "ASK { ct:morocco a ctg:State }"}).encode()
        request = urllib.request.Request(
            match.group(1), data=body, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert json.load(answer) == {"head": {}, "boolean": True}
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True).stdout == b""


def test_serve_refuses_a_public_address(capsys: Capture) -> None:
    code, out, err = run(capsys, "serve", "--host", "0.0.0.0")
    assert (code, out) == (2, "")
    assert err == (
        "ctgraph: error: refusing to listen on 0.0.0.0, which other machines can reach; "
        "allow it with allow_remote (--allow-remote)\n"
    )
