"""Bad data files: each is one clean error (file, line, column, message) on both engines.

Every case loads a file made in ``tmp_path`` with ``open_engine(ontology=[],
data=[file], engine=...)`` on rdflib and on Oxigraph, and asserts the whole
message; the command-line cases assert exit status 2, one line on stderr and
nothing on stdout. ``tests/README.md`` has the table of bad inputs and what
each entry point does with them.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

import ctgraph.engine
import ctgraph.load
from ctgraph import InputError, load_graph
from ctgraph.cli import main
from ctgraph.engine import OxigraphEngine, open_engine
from ctgraph.load import parse_file

ENGINES = ["rdflib", "oxigraph"]
PREFIXES = (
    "@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
RDF_XML = (
    '<?xml version="1.0"?>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://example.org/">\n'
    '  <rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:p></rdf:Description>\n'
    "</rdf:RDF>\n"
)


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in ``tmp_path``: files show by their bare names, and document IRIs are short."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a connection (rdflib would fetch a JSON-LD context)."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def _write(name: str, content: str | bytes) -> Path:
    path = Path(name)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _error(engine: str, name: str, content: str | bytes | None = None) -> str:
    path = _write(name, content) if content is not None else Path(name)
    with pytest.raises(InputError) as caught:
        open_engine(ontology=[], data=[path], engine=engine)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


def _triples(engine: str, *paths: Path) -> set[tuple[str, ...]]:
    """The triples loaded, blank nodes left out (their labels differ between parses)."""
    loaded = open_engine(ontology=[], data=list(paths), engine=engine)  # type: ignore[arg-type]
    try:
        return {
            tuple(str(t) for t in triple)
            for triple in loaded.triples()
            if not any(type(t).__name__ == "BNode" for t in triple)
        }
    finally:
        loaded.close()


def _count(engine: str, *paths: Path) -> int:
    loaded = open_engine(ontology=[], data=list(paths), engine=engine)  # type: ignore[arg-type]
    try:
        return loaded.triple_count()
    finally:
        loaded.close()


# 1. Syntax errors ---------------------------------------------------------------------------


SYNTAX = {
    "rdflib": "bad.ttl:4:11: bad turtle syntax: objectList expected",
    "oxigraph": "bad.ttl:4:11: bad turtle syntax: . is not a valid RDF object",
}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_syntax_error_names_the_line_and_column(engine: str) -> None:
    text = PREFIXES + "ex:a ex:b ex:c .\nex:a ex:b .\n"
    assert _error(engine, "bad.ttl", text) == SYNTAX[engine]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unknown_prefix_is_named(engine: str) -> None:
    text = PREFIXES + "ex:a ex:b zz:c .\n"
    assert (
        _error(engine, "prefix.ttl", text)
        == "prefix.ttl:3:11: bad turtle syntax: unknown prefix zz:"
    )


# 3. Invalid IRIs ----------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("iri", "problem"),
    [
        ("http://ex.org/a b", "' ' is not allowed"),
        ("http://ex.org/a{b}", "'{' is not allowed"),
        ("http://ex.org/a|b", "'|' is not allowed"),
        ("http://ex.org/%zz", "bad percent-encoding '%zz'"),
        ("http://ex.org:xx/a", "bad port 'xx'"),
    ],
)
def test_an_invalid_iri_is_refused_at_load(engine: str, iri: str, problem: str) -> None:
    text = PREFIXES + f"ex:a ex:b <{iri}> .\n"
    expected = f"iri.ttl:3:11: invalid IRI <{iri}>: {problem}"
    assert _error(engine, "iri.ttl", text) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_an_invalid_iri_in_json_ld_is_refused_not_dropped(engine: str) -> None:
    text = '{"@id": "http://ex.org/a b", "http://ex.org/p": "x"}'
    expected = "iri.jsonld:1:9: invalid IRI <http://ex.org/a b>: ' ' is not allowed"
    assert _error(engine, "iri.jsonld", text) == expected


# 4. Relative IRIs ---------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("written", "would_be"),
    [
        ("<../x>", "https://w3id.org/ctgraph/x"),
        ("<../../id/x>", "https://w3id.org/id/x"),
        ("</x>", "https://w3id.org/x"),
        ("<sub/../../x>", "https://w3id.org/ctgraph/x"),
    ],
)
def test_a_relative_iri_leaving_the_documents_folder_is_refused(
    engine: str, written: str, would_be: str
) -> None:
    text = PREFIXES + f"ex:a ex:b {written} .\n"
    expected = (
        f"rel.ttl:3:11: relative IRI {written} leaves the folder of its document "
        f"(it would be <{would_be}>)"
    )
    assert _error(engine, "rel.ttl", text) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_a_relative_prefix_leaving_the_folder_is_refused(engine: str) -> None:
    expected = (
        "up.ttl:1:13: relative IRI <../> leaves the folder of its document "
        "(it would be <https://w3id.org/ctgraph/>)"
    )
    assert _error(engine, "up.ttl", "@prefix up: <../> .\nup:a up:b up:c .\n") == expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("rel.rdf", RDF_XML.replace('rdf:about="http://example.org/a"', 'rdf:about="../x"')),
        ("rel.jsonld", '{"@id": "../x", "http://example.org/p": "x"}'),
    ],
)
def test_relative_iris_follow_the_same_rule_in_rdf_xml_and_json_ld(
    engine: str, name: str, text: str
) -> None:
    message = _error(engine, name, text)
    assert message.endswith(
        "relative IRI <../x> leaves the folder of its document "
        "(it would be <https://w3id.org/ctgraph/x>)"
    )
    assert message.startswith(f"{name}:")


@pytest.mark.parametrize("engine", ENGINES)
def test_relative_iris_inside_the_folder_resolve_against_the_document_iri(engine: str) -> None:
    path = _write("doc.ttl", "@prefix here: <sub/> .\nhere:a <#b> <> , <sub/../c> .\n")
    doc = "https://w3id.org/ctgraph/graph/doc.ttl"
    folder = "https://w3id.org/ctgraph/graph/"
    assert _triples(engine, path) == {
        (folder + "sub/a", doc + "#b", doc),
        (folder + "sub/a", doc + "#b", folder + "c"),
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_an_absolute_base_in_the_file_is_followed(engine: str) -> None:
    path = _write("based.ttl", "@base <http://example.org/one/two> .\n<../x> <p> <#y> .\n")
    assert _triples(engine, path) == {
        ("http://example.org/x", "http://example.org/one/p", "http://example.org/one/two#y")
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_relative_iris_in_n_triples_are_refused(engine: str) -> None:
    text = "<http://example.org/a> <http://example.org/p> <http://example.org/o> .\n"
    text += "<x> <http://example.org/p> <http://example.org/o> .\n"
    expected = "rel.nt:2:1: relative IRI <x>: N-Triples needs absolute IRIs"
    assert _error(engine, "rel.nt", text) == expected


ESCAPED = {
    "rdflib": "esc.nt:1: bad nt syntax: Invalid line: .",
    "oxigraph": "esc.nt:1:1: a relative IRI: N-Triples needs absolute IRIs",
}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_relative_iri_written_with_escapes_in_n_triples_is_still_refused(engine: str) -> None:
    text = "<\\u0078> <http://example.org/p> <http://example.org/o> .\n"
    assert _error(engine, "esc.nt", text) == ESCAPED[engine]


# 5. Ill-typed literals ----------------------------------------------------------------------


ILL_TYPED = [
    ('"2024-13-45"', "date"),
    ('"2024-02-30"', "date"),
    ('"2023-02-29"', "date"),
    ('"2024-01-01T25:00:00"', "dateTime"),
    ('"2024-01-01"', "dateTime"),
    ('"20x4"', "gYear"),
    ('"2024-13"', "gYearMonth"),
    ('"abc"', "integer"),
    ('"1.5"', "integer"),
    ('"300"', "byte"),
    ('"-1"', "nonNegativeInteger"),
    ('"0"', "positiveInteger"),
    ('"1e5"', "decimal"),
    ('"x"', "double"),
    ('"inf"', "float"),
    ('"maybe"', "boolean"),
    ('"TRUE"', "boolean"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("lexical", "datatype"), ILL_TYPED)
def test_an_ill_typed_literal_is_refused_at_load(engine: str, lexical: str, datatype: str) -> None:
    text = PREFIXES + f"ex:a ex:b {lexical}^^xsd:{datatype} .\n"
    expected = f"lit.ttl:3:11: {lexical} is not a valid xsd:{datatype}"
    assert _error(engine, "lit.ttl", text) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_valid_literals_of_the_checked_types_load(engine: str) -> None:
    values = [
        '" 12 "^^xsd:integer',
        '"2024-02-29"^^xsd:date',
        '"-0044-03-15"^^xsd:date',
        '"2024-01-01T24:00:00"^^xsd:dateTime',
        '"2024-01-01T10:00:00.5+14:00"^^xsd:dateTime',
        '"INF"^^xsd:double',
        '"-1.5E3"^^xsd:float',
        '"1"^^xsd:boolean',
        '"2024"^^xsd:gYear',
        '"2024-12Z"^^xsd:gYearMonth',
        '"255"^^xsd:unsignedByte',
        '".5"^^xsd:decimal',
    ]
    path = _write("ok.ttl", PREFIXES + "ex:a ex:b " + " , ".join(values) + " .\n")
    assert _count(engine, path) == len(values)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "lit.jsonld",
            '{"@id": "http://example.org/a", "http://example.org/p": '
            '{"@value": "maybe", "@type": "http://www.w3.org/2001/XMLSchema#boolean"}}',
            'lit.jsonld:1:68: "maybe" is not a valid xsd:boolean',
        ),
        (
            "lit.rdf",
            RDF_XML.replace(
                "<ex:p>x</ex:p>",
                '<ex:p rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2024-13-45</ex:p>',
            ),
            'lit.rdf:3:112: "2024-13-45" is not a valid xsd:date',
        ),
        (
            "lit.trig",
            PREFIXES + 'ex:g { ex:a ex:b "abc"^^xsd:integer . }\n',
            'lit.trig:3:18: "abc" is not a valid xsd:integer',
        ),
        (
            "lit.nq",
            '<http://example.org/a> <http://example.org/b> "abc"^^'
            "<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/g> .\n",
            'lit.nq:1:47: "abc" is not a valid xsd:integer',
        ),
    ],
)
def test_ill_typed_literals_are_refused_in_every_format(
    engine: str, name: str, text: str, expected: str
) -> None:
    assert _error(engine, name, text) == expected


# 6. Deep nesting ----------------------------------------------------------------------------

DEPTH = 500


@pytest.mark.parametrize(
    ("text", "triples", "column"),
    [
        (PREFIXES + "ex:a " + "ex:p [ " * DEPTH + "ex:p ex:o " + "] " * DEPTH + ".\n", 501, 3504),
        (PREFIXES + "ex:a ex:p " + "( " * DEPTH + "ex:o " + ") " * DEPTH + ".\n", 1001, 1009),
    ],
    ids=["blank-nodes", "lists"],
)
def test_deep_nesting_is_refused_by_rdflib_and_loaded_by_oxigraph(
    text: str, triples: int, column: int
) -> None:
    path = _write("deep.ttl", text)
    assert _error("rdflib", "deep.ttl") == (
        f"deep.ttl:3:{column}: brackets nested {DEPTH} deep, too deep for the rdflib engine: "
        "use --engine oxigraph"
    )
    assert _count("oxigraph", path) == triples


@pytest.mark.parametrize("engine", ENGINES)
def test_deeply_nested_json_ld_is_refused(engine: str) -> None:
    inner = '{"http://example.org/p": ' * DEPTH + '"x"' + "}" * DEPTH
    text = '{"@id": "http://example.org/a", "http://example.org/p": ' + inner + "}"
    assert _error(engine, "deep.jsonld", text) == (
        "deep.jsonld: nested too deeply for rdflib's JSON-LD parser"
    )


# 7. Byte-order mark, 8. empty files ---------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("t.ttl", PREFIXES + "ex:a ex:b ex:c .\n"),
        ("t.nt", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"),
        ("t.jsonld", '{"@id": "http://example.org/a", "http://example.org/b": "c"}'),
        ("t.rdf", RDF_XML),
    ],
)
def test_a_byte_order_mark_is_skipped(engine: str, name: str, text: str) -> None:
    plain = _write(name, text)
    expected = _triples(engine, plain)
    marked = _write("bom-" + name, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert _triples(engine, marked) == expected
    assert expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf"])
@pytest.mark.parametrize("content", ["", " \n\t\n", "\ufeff"], ids=["empty", "blank", "bom"])
def test_an_empty_file_is_no_triples(engine: str, suffix: str, content: str) -> None:
    assert _count(engine, _write("empty" + suffix, content)) == 0


# 9. Bytes that are not UTF-8 ----------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_bytes_that_are_not_utf8_give_the_offset_line_and_column(engine: str) -> None:
    data = (PREFIXES + 'ex:a ex:b "caf').encode() + b"\xe9" + b'" .\n'
    expected = "latin.ttl:3:15: not UTF-8 text: invalid continuation byte at byte offset 101"
    assert _error(engine, "latin.ttl", data) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_a_utf8_character_cut_at_the_end_is_named(engine: str) -> None:
    data = (PREFIXES + 'ex:a ex:b "é" .\n# ').encode() + "é".encode()[:1]
    offset = len(data) - 1
    expected = f"cut.ttl:4:3: not UTF-8 text: unexpected end of data at byte offset {offset}"
    assert _error(engine, "cut.ttl", data) == expected


def test_the_utf8_check_reads_in_blocks_across_a_character(monkeypatch: pytest.MonkeyPatch) -> None:
    # A character cut by a block's end is no error; the bad byte after it is.
    data = ("é" * 700_000).encode() + b"\n\xff"
    path = _write("blocks.ttl", data)
    error = ctgraph.load.utf8_error(path)
    assert str(error) == "blocks.ttl:2:1: not UTF-8 text: invalid start byte at byte offset 1400001"


# 10. Another format than the name says ------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("xml.ttl", RDF_XML, "not Turtle (it looks like RDF/XML)"),
        ("json.ttl", '{"@id": "http://example.org/a"}\n', "not Turtle (it looks like JSON-LD)"),
        (
            "page.ttl",
            "<!DOCTYPE html>\n<html><body>x</body></html>\n",
            "not Turtle (it looks like HTML)",
        ),
        ("ttl.jsonld", PREFIXES + "ex:a ex:b ex:c .\n", "not JSON-LD (it looks like Turtle)"),
        ("ttl.rdf", PREFIXES + "ex:a ex:b ex:c .\n", "not RDF/XML (it looks like Turtle)"),
        ("ttl.nt", PREFIXES + "ex:a ex:b ex:c .\n", "not N-Triples (it looks like Turtle)"),
        ("xml.trig", RDF_XML, "not TriG (it looks like RDF/XML)"),
    ],
)
def test_a_file_in_another_format_says_which(
    engine: str, name: str, text: str, message: str
) -> None:
    assert _error(engine, name, text) == f"{name}: {message}"


@pytest.mark.parametrize("engine", ENGINES)
def test_n_triples_and_turtle_in_a_trig_file_are_fine(engine: str) -> None:
    nt = "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
    assert (
        _count(engine, _write("nt.ttl", nt), _write("ttl.trig", PREFIXES + "ex:a ex:b ex:d .\n"))
        == 2
    )


# 11. A DOCTYPE in RDF/XML -------------------------------------------------------------------

LAUGHS = (
    '<?xml version="1.0"?>\n<!-- lol -->\n<!DOCTYPE rdf:RDF [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
    + RDF_XML.split("\n", 1)[1].replace("<ex:p>x</ex:p>", "<ex:p>&lol9;</ex:p>")
)


LAUGHS_ERROR = (
    "laughs.rdf:3:1: a DOCTYPE is not allowed in RDF/XML (its entities could expand without end)"
)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_doctype_in_rdf_xml_is_refused_before_parsing(engine: str) -> None:
    started = time.perf_counter()
    message = _error(engine, "laughs.rdf", LAUGHS)
    assert message == LAUGHS_ERROR
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("engine", ENGINES)
def test_an_rdf_xml_syntax_error_names_the_line_and_column(engine: str) -> None:
    text = RDF_XML.replace("</rdf:Description>", "")
    assert _error(engine, "bad.rdf", text) == "bad.rdf:4:3: bad xml syntax: mismatched tag"


# 12. Paths ----------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_a_missing_file_is_named(engine: str) -> None:
    assert _error(engine, "missing.ttl") == "missing.ttl: no such file or folder"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_file_of_no_rdf_kind_is_refused(engine: str) -> None:
    assert _error(engine, "notes.txt", "x") == (
        "notes.txt: unknown RDF file type (expected one of .jsonld, .nq, .nt, .rdf, .trig, .ttl)"
    )


def test_a_folder_where_a_file_is_expected_is_named() -> None:
    Path("folder.ttl").mkdir()
    with pytest.raises(InputError) as caught:
        parse_file(Path("folder.ttl"))
    assert str(caught.value) == "folder.ttl: is a folder, not a file"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_folder_with_an_rdf_ending_inside_a_data_folder_is_not_a_file(engine: str) -> None:
    (Path("data") / "folder.ttl").mkdir(parents=True)
    _write("data/a.ttl", PREFIXES + "ex:a ex:b ex:c .\n")
    assert _count(engine, Path("data")) == 1


def _unreadable(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make opening ``name`` fail as a file without read permission does (tests run as root)."""
    real_open = Path.open

    def fake_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)


@pytest.mark.parametrize("engine", ENGINES)
def test_an_unreadable_file_is_named(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _write("secret.ttl", PREFIXES)
    _unreadable(monkeypatch, "secret.ttl")
    assert _error(engine, "secret.ttl") == "secret.ttl: cannot read file (Permission denied)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
@pytest.mark.parametrize("engine", ENGINES)
def test_a_file_without_read_permission_is_named(engine: str) -> None:
    path = _write("secret.ttl", PREFIXES)
    path.chmod(0)
    assert _error(engine, "secret.ttl") == "secret.ttl: cannot read file (Permission denied)"


@pytest.fixture
def project(here: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project root (``$CTGRAPH_ROOT``) with a data folder, and a file outside it."""
    root = here / "project"
    (root / "data").mkdir(parents=True)
    (root / "ontology").mkdir()
    _write("project/ontology/ctgraph.ttl", PREFIXES)
    _write("project/data/a.ttl", PREFIXES + "ex:a ex:b ex:c .\n")
    _write("outside.ttl", PREFIXES + "ex:x ex:y ex:z .\n")
    monkeypatch.setenv("CTGRAPH_ROOT", str(root))
    monkeypatch.delenv("CTGRAPH_DATA", raising=False)
    return root


@pytest.mark.parametrize("engine", ENGINES)
def test_a_link_in_the_default_data_folder_leading_out_of_the_project_is_refused(
    engine: str, project: Path
) -> None:
    (project / "data" / "b.ttl").symlink_to(project.parent / "outside.ttl")
    with pytest.raises(InputError) as caught:
        open_engine(engine=engine)  # type: ignore[arg-type]
    outside = (project.parent / "outside.ttl").resolve()
    assert str(caught.value) == (
        f"project/data/b.ttl: leads out of the project (to {outside}): a link in the project "
        "must stay inside it"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_a_relative_link_climbing_out_of_the_project_is_refused(engine: str, project: Path) -> None:
    os.symlink("../../outside.ttl", project / "data" / "b.ttl")
    with pytest.raises(InputError, match=r"^project/data/b.ttl: leads out of the project \(to "):
        open_engine(engine=engine)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_default_ontology_file_may_not_lead_out_either(engine: str, project: Path) -> None:
    (project / "ontology" / "ctgraph.ttl").unlink()
    (project / "ontology" / "ctgraph.ttl").symlink_to(project.parent / "outside.ttl")
    with pytest.raises(
        InputError, match=r"^project/ontology/ctgraph.ttl: leads out of the project"
    ):
        open_engine(engine=engine)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_user_path_climbing_out_of_the_project_is_the_users_choice(
    engine: str, project: Path
) -> None:
    climbing = project / "data" / ".." / ".." / "outside.ttl"
    assert _count(engine, climbing) == 1


def test_hidden_links_are_skipped_like_hidden_files(project: Path) -> None:
    (project / "data" / ".cache").mkdir()
    (project / "data" / ".cache" / "b.ttl").symlink_to(project.parent / "outside.ttl")
    assert open_engine(engine="rdflib").triple_count() == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_a_linked_folder_in_the_data_folder_leading_out_is_refused(
    engine: str, project: Path
) -> None:
    (project.parent / "elsewhere").mkdir()
    (project / "data" / "more").symlink_to(project.parent / "elsewhere")
    with pytest.raises(InputError, match=r"^project/data/more: leads out of the project"):
        open_engine(engine=engine)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_link_inside_the_project_and_paths_outside_it_are_fine(
    engine: str, project: Path
) -> None:
    (project / "data" / "again.ttl").symlink_to(project / "data" / "a.ttl")
    loaded = open_engine(data=[project / "data", project.parent / "outside.ttl"], engine=engine)  # type: ignore[arg-type]
    assert loaded.triple_count() == 2


def test_rdflib_still_writes_literals_in_its_normal_form() -> None:
    # Literals are parsed as written to be checked, then normalised as before.
    path = _write("normal.ttl", PREFIXES + 'ex:a ex:b "01"^^xsd:integer, "+1.0E2"^^xsd:double .\n')
    assert {t[2] for t in _triples("rdflib", path)} == {"1", "100.0"}


# 13. Very large files -----------------------------------------------------------------------


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctgraph.load, "RDFLIB_MAX_BYTES", 1_000)


def _large_turtle(triples: int) -> Path:
    lines = [f"ex:s{i} ex:p ex:o{i} ." for i in range(triples)]
    return _write("large.ttl", PREFIXES + "\n".join(lines) + "\n")


def test_a_file_over_the_limit_is_refused_by_rdflib_before_reading(small_limit: None) -> None:
    size = _large_turtle(100).stat().st_size
    assert _error("rdflib", "large.ttl") == (
        f"large.ttl: too large for the rdflib engine ({size:,} bytes, over the limit of "
        "1,000 bytes): use --engine oxigraph, which streams it"
    )


def test_a_file_over_the_limit_is_streamed_by_oxigraph(small_limit: None) -> None:
    assert _count("oxigraph", _large_turtle(100)) == 100


@pytest.mark.parametrize("engine", ENGINES)
def test_json_ld_over_the_limit_is_refused_by_both(engine: str, small_limit: None) -> None:
    items = ", ".join(f'{{"@id": "http://example.org/s{i}"}}' for i in range(60))
    text = '{"@graph": [' + items + "]}"
    assert _error(engine, "large.jsonld", text) == (
        f"large.jsonld: too large to load ({len(text):,} bytes, over the limit of 1,000 bytes "
        "for JSON-LD, which rdflib parses in memory): convert it to N-Triples or Turtle"
    )


def test_the_size_limit_is_200_mb() -> None:
    assert ctgraph.load.RDFLIB_MAX_BYTES == 200_000_000


class _Recorder:
    """A store that records the size of each write, and passes everything on."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.writes: list[int] = []

    def bulk_extend(self, quads: list[Any]) -> None:
        self.writes.append(len(quads))
        self.store.bulk_extend(quads)

    def __len__(self) -> int:
        return len(self.store)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def test_oxigraph_writes_a_large_file_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctgraph.engine, "_BATCH", 10)
    path = _large_turtle(95)
    engine = OxigraphEngine()
    recorder = _Recorder(engine._store)
    engine._store = recorder
    engine.load([path])
    assert recorder.writes == [10] * 9 + [5]
    assert engine.triple_count() == 95
    assert engine.files == (path,)


class _CountedReads:
    """A file that records the size asked of each read, and passes everything on."""

    def __init__(self, stream: Any, sizes: list[int | None]) -> None:
        self.stream = stream
        self.sizes = sizes

    def read(self, size: int | None = -1) -> bytes:
        self.sizes.append(size)
        return bytes(self.stream.read(size))

    def __enter__(self) -> _CountedReads:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def test_oxigraph_reads_a_turtle_file_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write("rel.ttl", "<a> <b> <c> .\n" + PREFIXES + "ex:s ex:p ex:o .\n" * 2_000)
    sizes: list[int | None] = []
    real_open = ctgraph.load.open_source
    monkeypatch.setattr(ctgraph.engine, "open_source", lambda p: _CountedReads(real_open(p), sizes))
    assert _count("oxigraph", path) == 2
    assert sizes
    assert all(size is not None and 0 < size <= 1 << 22 for size in sizes)


# 14. JSON-LD contexts by address ------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"@context": "https://schema.org/", "@id": "http://example.org/a", "name": "x"}',
            'ctx.jsonld:1:14: remote JSON-LD contexts are not fetched (@context "https://schema.org/")',
        ),
        (
            '{"@context": [{"ex": "http://example.org/"}, "context.jsonld"], "@id": "ex:a"}',
            'ctx.jsonld:1:46: remote JSON-LD contexts are not fetched (@context "context.jsonld")',
        ),
        (
            '{"@context": {"@import": "http://example.org/ctx"}, "@id": "http://example.org/a"}',
            'ctx.jsonld:1:26: remote JSON-LD contexts are not fetched (@context "http://example.org/ctx")',
        ),
        (
            '{"@id": "http://example.org/a", "http://example.org/p": '
            '{"@context": "file:///etc/ctx.jsonld", "@id": "http://example.org/b"}}',
            'ctx.jsonld:1:70: remote JSON-LD contexts are not fetched (@context "file:///etc/ctx.jsonld")',
        ),
    ],
    ids=["address", "list", "import", "nested-file"],
)
def test_a_json_ld_context_by_address_is_not_fetched(engine: str, text: str, expected: str) -> None:
    assert _error(engine, "ctx.jsonld", text) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_a_json_ld_syntax_error_names_the_line_and_column(engine: str) -> None:
    text = '{\n  "@id": "http://example.org/a",\n  "http://example.org/p": \n}\n'
    assert _error(engine, "bad.jsonld", text) == "bad.jsonld:4:1: bad JSON: Expecting value"


# Nothing half-loaded ------------------------------------------------------------------------


def test_a_bad_file_leaves_a_persistent_store_empty(here: Path) -> None:
    import pyoxigraph

    good = _write("good.ttl", PREFIXES + "ex:a ex:b ex:c .\n")
    bad = _write("bad.ttl", PREFIXES + 'ex:a ex:b "abc"^^xsd:integer .\n')
    store = here / "store"
    open_engine(ontology=[], data=[good], engine="oxigraph", store=store).close()
    with pytest.raises(InputError, match=r'^bad.ttl:3:11: "abc" is not a valid xsd:integer$'):
        open_engine(ontology=[], data=[good, bad], engine="oxigraph", store=store)
    assert not (store / "manifest.json").exists()
    assert len(pyoxigraph.Store(str(store / "oxigraph"))) == 0  # and it is no longer locked
    again = open_engine(ontology=[], data=[good], engine="oxigraph", store=store)
    assert again.triple_count() == 1
    assert not again.reused  # type: ignore[attr-defined]
    again.close()


def test_a_bad_file_in_a_later_batch_leaves_a_persistent_store_empty(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyoxigraph

    monkeypatch.setattr(ctgraph.engine, "_BATCH", 10)
    lines = [f"ex:s{i} ex:p ex:o{i} ." for i in range(50)] + ["ex:s ex:p <../x> ."]
    bad = _write("bad.ttl", PREFIXES + "\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"^bad.ttl:53:11: relative IRI <../x> leaves"):
        open_engine(ontology=[], data=[bad], engine="oxigraph", store=here / "store")
    assert len(pyoxigraph.Store(str(here / "store" / "oxigraph"))) == 0


def test_rdflib_logs_nothing_while_refusing(capsys: pytest.CaptureFixture[str]) -> None:
    _error("rdflib", "lit.ttl", PREFIXES + 'ex:a ex:b "maybe"^^xsd:boolean, "abc"^^xsd:integer .\n')
    _error("rdflib", "iri.ttl", PREFIXES + "ex:a ex:b <http://ex.org/a b> .\n")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_load_graph_checks_as_the_rdflib_engine_does() -> None:
    _write("lit.ttl", PREFIXES + 'ex:a ex:b "2024-13-45"^^xsd:date .\n')
    with pytest.raises(InputError) as caught:
        load_graph(ontology=[], data=["lit.ttl"])
    assert str(caught.value) == 'lit.ttl:3:11: "2024-13-45" is not a valid xsd:date'


# The command line ---------------------------------------------------------------------------

COMMANDS = [
    ["query", "-e", "ASK {}"],
    ["validate"],
    ["export"],
    ["render", "network", "-o", "net.png"],
    ["stats"],
]


def _cli(
    capsys: pytest.CaptureFixture[str], command: list[str], data: Path, engine: str
) -> tuple[int, str, str]:
    empty = _write("empty-ontology.ttl", "")
    status = main(
        [
            *command,
            "--ontology",
            str(empty),
            "--no-default-data",
            "--data",
            str(data),
            "--engine",
            engine,
        ]
    )
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_reports_a_bad_file_on_one_line(
    capsys: pytest.CaptureFixture[str], engine: str, command: list[str]
) -> None:
    data = _write("lit.ttl", PREFIXES + 'ex:a ex:b "2024-13-45"^^xsd:date .\n')
    status, out, err = _cli(capsys, command, data, engine)
    assert (status, out) == (2, "")
    assert err == 'ctgraph: error: lit.ttl:3:11: "2024-13-45" is not a valid xsd:date\n'
    assert not Path("net.png").exists()


BAD_FILES: list[tuple[str, str | bytes, str]] = [
    (
        "prefix.ttl",
        PREFIXES + "ex:a ex:b zz:c .\n",
        "prefix.ttl:3:11: bad turtle syntax: unknown prefix zz:",
    ),
    (
        "iri.ttl",
        PREFIXES + "ex:a ex:b <http://ex.org/a b> .\n",
        "iri.ttl:3:11: invalid IRI <http://ex.org/a b>: ' ' is not allowed",
    ),
    (
        "rel.ttl",
        PREFIXES + "ex:a ex:b <../x> .\n",
        "rel.ttl:3:11: relative IRI <../x> leaves the folder of its document "
        "(it would be <https://w3id.org/ctgraph/x>)",
    ),
    (
        "bool.ttl",
        PREFIXES + 'ex:a ex:b "maybe"^^xsd:boolean .\n',
        'bool.ttl:3:11: "maybe" is not a valid xsd:boolean',
    ),
    (
        "latin.ttl",
        (PREFIXES + 'ex:a ex:b "caf').encode() + b'\xe9" .\n',
        "latin.ttl:3:15: not UTF-8 text: invalid continuation byte at byte offset 101",
    ),
    ("xml.ttl", RDF_XML, "xml.ttl: not Turtle (it looks like RDF/XML)"),
    (
        "laughs.rdf",
        LAUGHS,
        LAUGHS_ERROR,
    ),
    (
        "ctx.jsonld",
        '{"@context": "https://schema.org/", "@id": "http://example.org/a"}',
        'ctx.jsonld:1:14: remote JSON-LD contexts are not fetched (@context "https://schema.org/")',
    ),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_the_query_command_reports_each_bad_file_on_one_line(
    capsys: pytest.CaptureFixture[str], engine: str, name: str, content: str | bytes, message: str
) -> None:
    status, out, err = _cli(capsys, ["query", "-e", "ASK {}"], _write(name, content), engine)
    assert (status, out, err) == (2, "", f"ctgraph: error: {message}\n")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_command_line_reports_deep_nesting_on_rdflib_only(
    capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    text = PREFIXES + "ex:a " + "ex:p [ " * DEPTH + "ex:p ex:o " + "] " * DEPTH + ".\n"
    status, out, err = _cli(capsys, ["stats"], _write("deep.ttl", text), engine)
    if engine == "rdflib":
        assert (status, out) == (2, "")
        assert err == (
            "ctgraph: error: deep.ttl:3:3504: brackets nested 500 deep, too deep for the rdflib "
            "engine: use --engine oxigraph\n"
        )
    else:
        assert (status, err) == (0, "")


def test_the_command_line_refuses_a_large_file_on_rdflib(
    capsys: pytest.CaptureFixture[str], small_limit: None
) -> None:
    status, out, err = _cli(capsys, ["stats"], _large_turtle(100), "rdflib")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert err.endswith("use --engine oxigraph, which streams it\n")
    assert _cli(capsys, ["stats"], Path("large.ttl"), "oxigraph")[0] == 0


# Known limits outside loading ---------------------------------------------------------------


def test_exporting_deep_nesting_loaded_by_oxigraph(capsys: pytest.CaptureFixture[str]) -> None:
    text = PREFIXES + "ex:a " + "ex:p [ " * DEPTH + "ex:p ex:o " + "] " * DEPTH + ".\n"
    status, out, err = _cli(capsys, ["export"], _write("deep.ttl", text), "oxigraph")
    assert (status, err) == (0, "")
    # nested 40 deep at most, the rest in blocks of their own: rdflib reads it back
    assert len(Graph().parse(data=out, format="turtle")) == DEPTH + 1


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_querying_a_valid_date_rdflib_cannot_read(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, engine: str
) -> None:
    data = _write("bce.ttl", PREFIXES + 'ex:a ex:b "-0044-03-15"^^xsd:date .\n')
    status, out, err = _cli(capsys, ["query", "-e", "SELECT * { ?s ?p ?o }"], data, engine)
    assert (status, err) == (0, "")
    assert "-0044-03-15" in out
    assert [r.getMessage() for r in caplog.records if r.name.startswith("rdflib")] == []
