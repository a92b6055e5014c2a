"""Property-based round trips: literals written in every export format come back equal.

Each example is a small graph of literals: any Unicode text (control
characters, quotes, backslashes and line breaks included; surrogates, which
UTF-8 cannot carry, excluded), language tags of BCP 47's shape, and
``xsd:integer``, ``xsd:decimal``, ``xsd:boolean``, ``xsd:date`` and
``xsd:dateTime`` values made from Python values. It is exported in each of
:data:`ctgraph.export.EXPORT_FORMATS`, parsed back with rdflib, and must be
isomorphic to what was written, term for term (lexical form, datatype,
language tag); exporting what was read gives the same bytes again. Then the
same files go through the project's own loaders, on both engines.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.term import Node

from ctgraph.engine import open_engine
from ctgraph.errors import ExportError
from ctgraph.export import EXPORT_FORMATS, serialize
from test_export import PARSERS

FORMATS = tuple(EXPORT_FORMATS)
EX = "http://example.org/id/"
SUBJECT = URIRef(EX + "s")
#: Characters XML 1.0 cannot carry at all: RDF/XML export refuses them.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Strategies -------------------------------------------------------------------------------

TRICKY = (
    '"',
    "'",
    '"""',
    "\\",
    "\\u0041",
    "\\n",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "\x0b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\U0010ffff",
    " ",
    "&#13;",
    "]]>",
    "<a/>",
    "@en",
    "^^",
)
texts = st.lists(
    st.one_of(
        st.sampled_from(TRICKY), st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
    ),
    max_size=5,
).map("".join)


def _cased(alphabet: str, low: int, high: int) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(alphabet), min_size=low, max_size=high)


LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
#: BCP 47 (RFC 5646) tags: language, then optional script, region, variant,
#: extension and private use subtags, each of its own shape.
language_tags = st.builds(
    lambda *parts: "-".join(p for p in parts if p),
    _cased(LETTERS, 2, 3),
    st.one_of(st.just(""), _cased(LETTERS, 4, 4)),
    st.one_of(st.just(""), _cased(LETTERS, 2, 2), _cased(DIGITS, 3, 3)),
    st.one_of(st.just(""), _cased(LETTERS + DIGITS, 5, 8)),
    st.one_of(
        st.just(""),
        st.builds("{}-{}".format, st.sampled_from("abuAB"), _cased(LETTERS + DIGITS, 2, 8)),
    ),
    st.one_of(st.just(""), st.builds("x-{}".format, _cased(LETTERS + DIGITS, 1, 8))),
)
offsets = st.integers(-14 * 60, 14 * 60).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)
# rdflib spells Decimal("9.99E-7") with its exponent, which no xsd:decimal
# has (ctgraph's loader refuses it): decimals are written in fixed point.
decimals = st.decimals(allow_nan=False, allow_infinity=False).map(
    lambda number: Literal(format(number, "f"), datatype=XSD.decimal)
)
values = st.one_of(
    st.integers(),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.none() | offsets),
)
literals = st.one_of(
    texts.map(Literal),
    st.builds(lambda text, tag: Literal(text, lang=tag), texts, language_tags),
    values.map(Literal),
    decimals,
)
literal_lists = st.lists(literals, min_size=1, max_size=6)


# Helpers ---------------------------------------------------------------------------------


def graph_of(objects: Iterable[Node]) -> Graph:
    """One triple per literal, each with its own predicate, so none merge."""
    graph = Graph()
    for number, value in enumerate(objects):
        graph.add((SUBJECT, URIRef(f"{EX}p{number}"), value))
    return graph


def parse(data: bytes, fmt: str) -> Graph:
    """Parse ``data`` with rdflib; the named graphs of quad formats are merged."""
    if not EXPORT_FORMATS[fmt].quads:
        return Graph().parse(data=data, format=PARSERS[fmt])
    dataset = Dataset()
    dataset.parse(data=data, format=PARSERS[fmt])
    merged = Graph()
    for s, p, o, _ in dataset.quads():
        merged.add((s, p, o))
    return merged


def spelt(graph: Iterable[tuple[Node, Node, Node]]) -> set[tuple[str, ...]]:
    """The triples as text: lexical form, datatype and language tag, as spelt."""
    out = set()
    for s, p, o in graph:
        if isinstance(o, Literal):
            out.add((str(s), str(p), "literal", str(o), str(o.datatype or ""), o.language or ""))
        else:
            out.add((str(s), str(p), type(o).__name__, str(o), "", ""))
    return out


def xml_refuses(graph: Graph) -> bool:
    return any(XML_FORBIDDEN.search(str(o)) for o in graph.objects())


# Writers and rdflib's parsers ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@PROPERTY
@given(objects=literal_lists)
def test_literals_come_back_from_every_format(fmt: str, objects: list[Literal]) -> None:
    graph = graph_of(objects)
    if fmt == "xml" and xml_refuses(graph):
        with pytest.raises(ExportError, match=r"a character XML 1\.0 cannot carry"):
            serialize(graph, fmt)
        return
    data = serialize(graph, fmt)
    back = parse(data, fmt)
    assert isomorphic(back, graph)
    assert spelt(back) == spelt(graph)
    assert serialize(back, fmt) == data


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "value",
    [
        Literal(""),
        Literal("", lang="en"),
        Literal("a\r\nb\rc\n"),
        Literal(' "quoted" and \\backslashed\\ '),
        Literal("\x85\u2028\u2029"),
        Literal("Rabat", lang="fr-Latn-MA-x-ctg"),
        Literal(-(2**70)),
        Literal(Decimal("-0.000")),
        Literal(Decimal("1E+2")),
        Literal(True),
        Literal(datetime.date(1, 1, 1)),
        Literal(datetime.datetime(2024, 9, 26, 23, 59, 59, 999999)),
        Literal(
            datetime.datetime(
                2024, 2, 29, tzinfo=datetime.timezone(-datetime.timedelta(hours=9, minutes=30))
            )
        ),
    ],
    ids=repr,
)
def test_edge_literals_come_back(fmt: str, value: Literal) -> None:
    graph = graph_of([value])
    assert spelt(parse(serialize(graph, fmt), fmt)) == spelt(graph)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("iri", [EX + "a|b", EX + "a`b", EX + "{a}^b", EX + "a\\b"], ids=repr)
def test_iris_with_characters_turtle_escapes_come_back(fmt: str, iri: str) -> None:
    # JSON-LD wrote Turtle's escapes (\u007C) into its strings, which kept
    # them: the IRI came back with a backslash in it. Such IRIs are not
    # valid RFC 3987 IRIs, but rdflib reads them from JSON-LD and RDF/XML.
    graph = graph_of([URIRef(iri)])
    assert spelt(parse(serialize(graph, fmt), fmt)) == spelt(graph)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_iri_with_a_no_break_space(fmt: str) -> None:
    # U+00A0 is allowed in an IRI; rdflib's N-Triples and N-Quads parsers take it
    # for a space, so the line formats write it escaped.
    graph = graph_of([URIRef(EX + "a\u00a0b")])
    assert spelt(parse(serialize(graph, fmt), fmt)) == spelt(graph)


# The project's loaders, on both engines ---------------------------------------------------------


def through_engine(graph: Graph, fmt: str, engine: str, folder: Path) -> set[tuple[str, ...]]:
    path = folder / f"literals{EXPORT_FORMATS[fmt].suffix}"
    path.write_bytes(serialize(graph, fmt))
    opened = open_engine(ontology=[], data=[path], engine=engine)  # type: ignore[arg-type]
    try:
        return spelt(opened.triples())
    finally:
        opened.close()


def engine_round_trip(objects: list[Literal], fmt: str, engine: str, folder: Path) -> None:
    graph = graph_of(objects)
    if fmt == "xml" and xml_refuses(graph):
        return
    assert through_engine(graph, fmt, engine, folder) == spelt(graph)


@pytest.mark.parametrize("fmt", FORMATS)
@PROPERTY
@given(objects=literal_lists)
def test_the_rdflib_engine_loads_what_was_exported(
    fmt: str, objects: list[Literal], tmp_path: Path
) -> None:
    engine_round_trip(objects, fmt, "rdflib", tmp_path)


#: What the Oxigraph engine gives back as written: all but decimals and
#: language tags that are not in lower case (see the test below).
oxigraph_literals = st.one_of(
    texts.map(Literal),
    st.builds(lambda text, tag: Literal(text, lang=tag.lower()), texts, language_tags),
    values.map(Literal),
)


@pytest.mark.parametrize("fmt", FORMATS)
@PROPERTY
@given(objects=st.lists(oxigraph_literals, min_size=1, max_size=6))
def test_the_oxigraph_engine_loads_what_was_exported(
    fmt: str, objects: list[Literal], tmp_path: Path
) -> None:
    engine_round_trip(objects, fmt, "oxigraph", tmp_path)


OXIGRAPH_CANONICAL = (
    "Oxigraph stores an xsd:decimal by value and gives back its canonical lexical form "
    "(1.50 as 1.5, -0 as 0), and lower-cases language tags, where rdflib keeps what the "
    "file says: the two engines answer and export the same file differently (engine.py)"
)


@pytest.mark.xfail(strict=True, reason=OXIGRAPH_CANONICAL)
@pytest.mark.parametrize(
    "value",
    [
        Literal(Decimal("1.50")),
        Literal(Decimal("-0")),
        Literal("Rabat", lang="fr-MA"),
    ],
    ids=repr,
)
def test_the_engines_agree_on_lexical_forms(value: Literal, tmp_path: Path) -> None:
    graph = graph_of([value])
    rdflib_side = through_engine(graph, "turtle", "rdflib", tmp_path)
    assert rdflib_side == spelt(graph)
    assert through_engine(graph, "turtle", "oxigraph", tmp_path) == rdflib_side
