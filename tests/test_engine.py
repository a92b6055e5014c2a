"""The engines: every catalogue query gives the same rows on rdflib and on Oxigraph, through
the library; terms convert both ways; a persistent store is reused until its files change."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from ctgraph import Catalog, InputError, QueryError, load_graph, run_query
from ctgraph import engine as engines
from ctgraph.engine import (
    Engine,
    OxigraphEngine,
    RdflibEngine,
    choose_engine,
    from_oxigraph,
    open_engine,
    to_oxigraph,
)
from ctgraph.export import serialize
from ctgraph.load import Inference
from test_queries import CASES, CATALOGUE_NAMES, CHECK_NAMES, ROOT, TIME_CASES

from conftest import EXTRA, FIXTURES, GRAPH, ONTOLOGY

EX = "http://example.org/id/"
BOTH = ("rdflib", "oxigraph")


@pytest.fixture(scope="module")
def seed() -> dict[str, Engine]:
    """The ontology and data/ in each engine, loaded once through the library."""
    return {name: open_engine(engine=name) for name in ("rdflib", "oxigraph")}


@pytest.fixture(scope="module")
def catalogue() -> Catalog:
    return Catalog()


def _both(
    engines_: Mapping[str, Engine], catalog: Catalog, name: str, params: Mapping[str, str]
) -> tuple[Any, Any]:
    query = catalog.get(name)
    return run_query(engines_["rdflib"], query, params), run_query(
        engines_["oxigraph"], query, params
    )


# Every catalogue query and check, at its defaults and with the parameters of test_queries.
RUNS = [
    *(pytest.param(name, {}, id=f"{name}:defaults") for name in CATALOGUE_NAMES + CHECK_NAMES),
    *(pytest.param(c.values[0], c.values[1], id=c.id) for c in CASES),
]


@pytest.mark.parametrize(("name", "params"), RUNS)
def test_engines_give_the_same_rows(
    seed: dict[str, Engine], catalogue: Catalog, name: str, params: Mapping[str, str]
) -> None:
    on_rdflib, on_oxigraph = _both(seed, catalogue, name, params)
    assert on_oxigraph.vars == on_rdflib.vars
    # Ordered lists: every query has a total ORDER BY.
    assert list(on_oxigraph.rows) == list(on_rdflib.rows)
    assert on_oxigraph.prefixes == on_rdflib.prefixes


def test_the_runs_cover_every_query_and_return_rows(
    seed: dict[str, Engine], catalogue: Catalog
) -> None:
    assert {p.values[0] for p in RUNS} == set(catalogue.names())
    # sources-disagree is empty on one source: it needs two that disagree (test_accept.py).
    names = [n for n in CATALOGUE_NAMES if n != "sources-disagree"]
    rows = [len(run_query(seed["oxigraph"], catalogue.get(n)).rows) for n in names]
    assert all(rows), "every query returns rows on the seed at its defaults"


@pytest.fixture(scope="module")
def time_cases() -> dict[str, Engine]:
    files = [ROOT / "ontology" / "ctgraph.ttl"]
    data = [ROOT / "data" / "vocabularies.ttl", TIME_CASES]
    return {name: open_engine(files, data, engine=name) for name in ("rdflib", "oxigraph")}


@pytest.mark.parametrize("as_of", ["2019-06-01", "2020-01-01", "2022-12-30", "2022-12-31"])
def test_engines_agree_on_the_time_rules(
    time_cases: dict[str, Engine], catalogue: Catalog, as_of: str
) -> None:
    on_rdflib, on_oxigraph = _both(
        time_cases, catalogue, "roles-as-of", {"actor": "ex:state", "as_of": as_of}
    )
    assert on_rdflib.rows and on_oxigraph.rows == on_rdflib.rows


def _synthetic_module() -> Any:
    name = "bench_synthetic"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "synthetic.py")
        assert spec is not None and spec.loader is not None
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Engine]:
    """Two documents of bench/synthetic.py: more dates, intervals and blank nodes."""
    folder = tmp_path_factory.mktemp("synthetic")
    _synthetic_module().write(folder, 800)
    data = [ROOT / "data" / "vocabularies.ttl", folder]
    return {name: open_engine(None, data, engine=name) for name in BOTH}


@pytest.mark.parametrize("name", CATALOGUE_NAMES + CHECK_NAMES)
def test_engines_agree_on_synthetic_data(
    synthetic: dict[str, Engine], catalogue: Catalog, name: str
) -> None:
    on_rdflib, on_oxigraph = _both(synthetic, catalogue, name, {})
    assert list(on_oxigraph.rows) == list(on_rdflib.rows)


def test_both_hold_the_same_graph(seed: dict[str, Engine]) -> None:
    assert seed["oxigraph"].triple_count() == seed["rdflib"].triple_count() == 1602
    assert isomorphic(seed["oxigraph"].to_rdflib(), seed["rdflib"].to_rdflib())
    # The same bytes from our writer, whichever engine loaded the graph.
    assert serialize(seed["oxigraph"].to_rdflib(), "turtle") == serialize(
        seed["rdflib"].to_rdflib(), "turtle"
    )
    assert seed["oxigraph"].files == seed["rdflib"].files


def test_parameters_resolve_labels_on_both(seed: dict[str, Engine], catalogue: Catalog) -> None:
    by_label = _both(seed, catalogue, "frameworks-initiated-or-led", {"actor": "Morocco"})
    by_name = _both(seed, catalogue, "frameworks-initiated-or-led", {"actor": "ct:morocco"})
    assert by_label[1].rows == by_label[0].rows == by_name[0].rows
    for engine in seed.values():
        with pytest.raises(QueryError, match="nothing is named 'Marocco'; close matches"):
            run_query(engine, catalogue.get("roles-as-of"), {"actor": "Marocco"})


def test_ad_hoc_sparql_knows_the_prefixes(seed: dict[str, Engine]) -> None:
    text = "SELECT ?g ?label WHERE { ?g a ctg:GroupOfFriends ; rdfs:label ?label } ORDER BY ?g"
    rows = [run_query(engine, text).rows for engine in seed.values()]
    assert rows[0] == rows[1] and len(rows[0]) == 2


def test_ask_and_construct_on_both(catalog: Catalog) -> None:
    pair = [open_engine([ONTOLOGY], [GRAPH, EXTRA], engine=n) for n in ("rdflib", "oxigraph")]
    for role, held in (("ex:role-chair", True), ("ex:role-judge", False)):
        answers = [run_query(e, catalog.get("has-role"), {"role": role}) for e in pair]
        assert [a.boolean for a in answers] == [held, held]
        assert {a.kind for a in answers} == {"ask"}
    graphs = [run_query(e, catalog.get("forum-graph")) for e in pair]
    assert {g.kind for g in graphs} == {"construct"}
    assert graphs[0].graph is not None and graphs[1].graph is not None
    assert len(graphs[0].graph) == 2 and isomorphic(graphs[0].graph, graphs[1].graph)
    described = [e.query(f"DESCRIBE <{EX}forum>") for e in pair]
    assert {d.kind for d in described} == {"describe"}


def test_oxigraph_binds_a_parameter_that_is_not_a_column(catalog: Catalog) -> None:
    # members.rq filters on ?since without projecting it: rdflib binds it
    # before evaluation; Oxigraph substitutes only projected variables, so the
    # engine projects it as a hidden column.
    rdflib_engine = open_engine([ONTOLOGY], [GRAPH], engine="rdflib")
    oxigraph_engine = open_engine([ONTOLOGY], [GRAPH], engine="oxigraph")
    expected = run_query(rdflib_engine, catalog.get("members"))
    assert expected.rows
    found = run_query(oxigraph_engine, catalog.get("members"))
    assert (found.vars, found.rows) == (expected.vars, expected.rows)
    # An aggregate cannot project it: the refusal says why.
    text = "SELECT (COUNT(?m) AS ?n) WHERE { ?m <http://www.w3.org/ns/org#member> ?who }"
    with pytest.raises(QueryError, match=r"\?who.*among the SELECT variables"):
        oxigraph_engine.query(text, {"who": URIRef("http://example.org/id/lemuria")})


def test_run_query_still_takes_a_graph_or_a_loaded_graph() -> None:
    loaded = load_graph(ontology=[ONTOLOGY], data=[GRAPH])
    query = "SELECT ?s WHERE { ?s a ex:State } ORDER BY ?s"
    assert run_query(loaded, query).rows == run_query(loaded.graph, query).rows
    assert len(run_query(loaded.graph, query).rows) == 2
    with pytest.raises(TypeError, match="not a graph or an engine"):
        run_query("graph.ttl", query)  # type: ignore[arg-type]


# Terms ------------------------------------------------------------------------------

TERMS = [
    pytest.param(URIRef(EX + "a"), id="iri"),
    pytest.param(BNode("b0"), id="blank-node"),
    pytest.param(Literal("plain"), id="simple-literal"),
    pytest.param(Literal("Atlantis", lang="en"), id="language-tagged"),
    pytest.param(Literal("2024-09-26", datatype=XSD.date), id="date"),
    pytest.param(Literal(3), id="integer"),
    pytest.param(Literal(True), id="boolean"),
    pytest.param(Literal("2025-09", datatype=XSD.gYearMonth), id="year-month"),
]


@pytest.mark.parametrize("term", TERMS)
def test_terms_round_trip(term: Any) -> None:
    back = from_oxigraph(to_oxigraph(term))
    assert back == term and type(back) is type(term)
    if isinstance(term, Literal):
        assert back.datatype == term.datatype and back.language == term.language


def test_simple_literals_are_xsd_string_in_oxigraph_and_untyped_in_rdflib() -> None:
    assert to_oxigraph(Literal("x")) == ox.Literal("x", datatype=ox.NamedNode(str(XSD.string)))
    assert from_oxigraph(ox.Literal("x")) == Literal("x")
    assert from_oxigraph(ox.Literal("x")).datatype is None  # type: ignore[union-attr]
    assert from_oxigraph(None) is None


def test_triple_terms_have_no_rdflib_form() -> None:
    a = ox.NamedNode(EX + "a")
    with pytest.raises(TypeError):
        from_oxigraph(ox.Triple(a, a, a))


def test_added_graphs_keep_blank_nodes_and_literals() -> None:
    graph = Graph()
    node = BNode()
    graph.add((URIRef(EX + "a"), URIRef(EX + "p"), node))
    graph.add((node, URIRef(EX + "q"), Literal("v")))
    graph.add((node, URIRef(EX + "r"), Literal("v", lang="fr")))
    for name in ("rdflib", "oxigraph"):
        engine = RdflibEngine() if name == "rdflib" else OxigraphEngine()
        engine.add_graph(graph, "memory.ttl")
        assert isomorphic(engine.to_rdflib(), graph)
        loaded = engine.to_loaded()
        assert loaded.sources[0].iri == URIRef("https://w3id.org/ctgraph/graph/memory.ttl")
        assert isomorphic(loaded.sources[0].graph, graph)


@pytest.mark.xfail(
    strict=True,
    reason="Oxigraph stores the canonical form of a decimal (1.5); rdflib keeps it as written "
    "(1.50). Write literals in canonical form for identical results.",
)
def test_a_non_canonical_decimal_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "decimal.ttl"
    path.write_text("<http://example.org/a> <http://example.org/p> 1.50 .\n", encoding="utf-8")
    text = "SELECT ?o WHERE { ?s ?p ?o }"
    rows = [open_engine([], [path], engine=n).query(text).rows for n in ("rdflib", "oxigraph")]
    assert rows[0] == rows[1]


# Loading ------------------------------------------------------------------------------


def test_every_rdf_format_loads_like_rdflib(tmp_path: Path) -> None:
    trig = tmp_path / "quads.trig"
    trig.write_text(
        "@prefix ex: <http://example.org/id/> .\n"
        "ex:g1 { ex:a ex:p ex:b . }\nex:g2 { ex:a ex:p ex:c . ex:a ex:p ex:b . }\n",
        encoding="utf-8",
    )
    relative = tmp_path / "relative.ttl"
    relative.write_text('<#thing> <#says> "hello" .\n', encoding="utf-8")
    inputs = [FIXTURES / "folder", trig, relative, GRAPH]
    pair = [open_engine([], inputs, engine=n) for n in ("rdflib", "oxigraph")]
    assert pair[0].triple_count() == pair[1].triple_count()
    assert isomorphic(pair[0].to_rdflib(), pair[1].to_rdflib())
    assert dict(pair[0].prefixes) == dict(pair[1].prefixes)


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / f"{name}.ttl").write_text(
            f'_:b <http://example.org/p> "{name}" .\n', encoding="utf-8"
        )
    engine = open_engine([], [tmp_path], engine="oxigraph")
    subjects = {row[0] for row in engine.query("SELECT ?s WHERE { ?s ?p ?o }").rows}
    assert len(subjects) == 2


def test_a_file_given_twice_is_loaded_once() -> None:
    engine = open_engine([ONTOLOGY], [GRAPH, GRAPH], engine="oxigraph")
    count = engine.triple_count()
    engine.load([GRAPH])
    assert engine.triple_count() == count
    assert engine.files == (ONTOLOGY, GRAPH)


def test_a_syntax_error_names_the_file_and_line() -> None:
    with pytest.raises(InputError) as caught:
        open_engine([], [FIXTURES / "bad-syntax.ttl"], engine="oxigraph")
    error = caught.value
    assert error.path == FIXTURES / "bad-syntax.ttl"
    assert error.line == 4 and error.column is not None
    assert "bad turtle syntax: " in str(error) and "Parser error" not in str(error)


@pytest.mark.parametrize("inference", ["rdfs", "owlrl"])
def test_inference_gives_the_same_rdf_on_both(inference: Inference) -> None:
    pair = [open_engine([ONTOLOGY], [GRAPH], engine=n, inference=inference) for n in BOTH]
    actor = (URIRef(EX + "atlantis"), RDF.type, URIRef(EX + "Actor"))
    assert all(actor in e.to_rdflib() for e in pair)
    # owlrl's generalised triples ("GF" owl:sameAs "GF") are not RDF: Oxigraph holds none.
    rdf = Graph()
    for triple in pair[0].to_rdflib():
        if not isinstance(triple[0], Literal):
            rdf.add(triple)
    assert len(rdf) < pair[0].triple_count()
    assert isomorphic(rdf, pair[1].to_rdflib())
    assert pair[1].inference == inference and pair[1].to_loaded().inference == inference


def test_to_loaded_keeps_each_file_apart() -> None:
    engine = open_engine([ONTOLOGY], [GRAPH, EXTRA], engine="oxigraph")
    loaded = engine.to_loaded()
    assert loaded.files == (ONTOLOGY, GRAPH, EXTRA)
    assert isomorphic(loaded.graph, engine.to_rdflib())
    expected = load_graph(ontology=[ONTOLOGY], data=[GRAPH, EXTRA])
    assert serialize(loaded, "trig") == serialize(expected, "trig")


# Choosing an engine -------------------------------------------------------------------


def test_auto_is_oxigraph_when_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert choose_engine() == "oxigraph"
    assert open_engine([], [GRAPH], engine="auto").name == "oxigraph"
    monkeypatch.setattr(engines, "oxigraph_available", lambda: False)
    assert choose_engine() == "rdflib"
    assert open_engine([], [GRAPH], engine="auto").name == "rdflib"
    with pytest.raises(InputError, match="a persistent store needs pyoxigraph"):
        choose_engine("auto", store=tmp_path)


def test_explicit_choices_and_refusals(tmp_path: Path) -> None:
    assert choose_engine("rdflib") == "rdflib"
    assert choose_engine("oxigraph") == "oxigraph"
    assert choose_engine("auto", store=tmp_path) == "oxigraph"
    with pytest.raises(InputError, match="unknown engine 'jena'"):
        choose_engine("jena")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="persistent store needs the oxigraph engine"):
        open_engine([], [GRAPH], engine="rdflib", store=tmp_path)
    assert open_engine([], [GRAPH]).name == "oxigraph", "Oxigraph is the default when installed"


def test_an_old_pyoxigraph_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ox, "__version__", "0.4.11")
    with pytest.raises(InputError, match=r"needs pyoxigraph 0\.5 or newer, not 0\.4\.11"):
        OxigraphEngine()


def test_the_library_and_the_cli_do_not_import_pyoxigraph() -> None:
    probe = (
        "import sys, ctgraph, ctgraph.cli, ctgraph.engine; "
        "from ctgraph.engine import open_engine; "
        "open_engine(engine='rdflib'); "
        "print('pyoxigraph' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# A persistent store -------------------------------------------------------------------


@pytest.fixture
def inputs(tmp_path: Path) -> Iterator[list[Path]]:
    data = tmp_path / "data"
    data.mkdir()
    (data / "graph.ttl").write_bytes(GRAPH.read_bytes())
    yield [ONTOLOGY, data / "graph.ttl"]


def _open(inputs: list[Path], store: Path) -> OxigraphEngine:
    engine = open_engine(inputs[:1], inputs[1:], engine="oxigraph", store=store)
    assert isinstance(engine, OxigraphEngine)
    return engine


def test_a_store_is_filled_once_then_reused(inputs: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = _open(inputs, store)
    assert not first.reused
    expected = first.query("SELECT ?s ?o WHERE { ?s rdfs:label ?o } ORDER BY ?s ?o").rows
    count, prefixes = first.triple_count(), dict(first.prefixes)
    first.close()
    again = _open(inputs, store)
    assert again.reused
    assert again.triple_count() == count and dict(again.prefixes) == prefixes
    assert again.query("SELECT ?s ?o WHERE { ?s rdfs:label ?o } ORDER BY ?s ?o").rows == expected
    assert again.files == tuple(inputs)
    assert sorted(p.name for p in store.iterdir()) == ["manifest.json", "oxigraph"]


def test_a_touched_file_with_the_same_content_is_not_reloaded(
    inputs: list[Path], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    _open(inputs, store).close()
    stat = inputs[1].stat()
    os.utime(inputs[1], ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert _open(inputs, store).reused


def test_a_changed_file_reloads_the_store(inputs: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = _open(inputs, store)
    count = first.triple_count()
    first.close()
    with inputs[1].open("a", encoding="utf-8") as stream:
        stream.write('\nex:atlantis ex:motto "Per mare" .\n')
    again = _open(inputs, store)
    assert not again.reused
    assert again.triple_count() == count + 1
    again.close()
    assert _open(inputs, store).reused


def test_other_files_or_inference_reload_the_store(inputs: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    _open(inputs, store).close()
    engine = open_engine(inputs[:1], [*inputs[1:], EXTRA], engine="oxigraph", store=store)
    assert not engine.reused and EXTRA in engine.files
    engine.close()
    engine = open_engine(inputs[:1], inputs[1:], engine="oxigraph", store=store, inference="rdfs")
    assert not engine.reused and engine.inference == "rdfs"


def test_loading_more_into_a_store_invalidates_it(inputs: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    engine = _open(inputs, store)
    engine.load([EXTRA])
    engine.close()
    assert not (store / "manifest.json").exists()
    assert not _open(inputs, store).reused


def test_a_store_open_elsewhere_is_refused(inputs: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = _open(inputs, store)
    with pytest.raises(InputError, match="in use by another process or engine"):
        _open(inputs, store)
    holder.close()
    assert _open(inputs, store).reused


def test_a_folder_of_other_files_is_no_store(inputs: list[Path], tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not a ctgraph store"):
        _open(inputs, tmp_path / "elsewhere")
    with pytest.raises(InputError, match="a store is a folder"):
        _open(inputs, inputs[1])


def test_a_damaged_manifest_reloads_the_store(inputs: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    _open(inputs, store).close()
    (store / "manifest.json").write_text("{not json", encoding="utf-8")
    assert not _open(inputs, store).reused


# Parameters that are not columns ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        # a FILTER on a parameter the SELECT does not project
        (
            "SELECT ?member ?start WHERE { ?m org:member ?member ; ex:startDate ?start . "
            "FILTER(?start >= ?since) } ORDER BY ?member ?start",
            ("member", "start"),
        ),
        # DISTINCT, and a parameter that fixes a triple pattern's subject
        (
            "SELECT DISTINCT ?role WHERE { ?m org:member ?member ; org:role ?role } ORDER BY ?role",
            ("role",),
        ),
    ],
    ids=["filter", "distinct"],
)
def test_a_parameter_need_not_be_a_column(text: str, columns: tuple[str, ...]) -> None:
    prefixes = "PREFIX ex: <http://example.org/id/>\nPREFIX org: <http://www.w3.org/ns/org#>\n"
    bindings = {
        "since": Literal("2021-01-01", datatype=XSD.date),
        "member": URIRef("http://example.org/id/lemuria"),
    }
    used = {name: term for name, term in bindings.items() if f"?{name}" in text}
    results = []
    for name in ("rdflib", "oxigraph"):
        engine = open_engine([ONTOLOGY], [GRAPH, EXTRA], engine=name)  # type: ignore[arg-type]
        results.append(engine.query(prefixes + text, used))
        engine.close()
    assert results[0].vars == results[1].vars == columns
    assert results[0].rows == results[1].rows
    assert results[0].rows
