"""Writing query results as a table, W3C SPARQL CSV, TSV, JSON and XML, or RDF."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .catalog import QueryResult
from .errors import InputError
from .prefixes import shorten
from .terms import nt_term

__all__ = ["GRAPH_RESULT_FORMATS", "RESULT_FORMATS", "format_result", "text_table"]

SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

#: Formats for rows and booleans (SELECT and ASK).
RESULT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "xml")
#: Formats for graphs (CONSTRUCT and DESCRIBE); they are export formats.
GRAPH_RESULT_FORMATS: tuple[str, ...] = ("turtle", "json-ld", "nt")


class _BNodeLabels:
    """Gives blank nodes short labels in order of first appearance (b0, b1, ...)."""

    def __init__(self) -> None:
        self._labels: dict[BNode, str] = {}

    def __call__(self, node: BNode) -> str:
        if node not in self._labels:
            self._labels[node] = f"b{len(self._labels)}"
        return self._labels[node]


def _cell(term: Node | None, prefixes: Mapping[str, str], labels: _BNodeLabels) -> str:
    if isinstance(term, BNode):
        return "_:" + labels(term)
    text = shorten(term, prefixes)
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", " ")


def text_table(header: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    """Return plain text columns, two spaces apart, under a dashed rule."""
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in body
    )
    return "\n".join(lines) + "\n"


def format_table(result: QueryResult) -> str:
    """Plain aligned columns; IRIs as prefixed names, literals as their text."""
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    labels = _BNodeLabels()
    body = [[_cell(t, result.prefixes, labels) for t in row] for row in result.rows]
    return text_table(result.vars, body)


def _no_boolean(fmt: str) -> InputError:
    return InputError(f"{fmt} results have no form for an ASK answer; use table, json or xml")


def format_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends."""
    if result.kind == "ask":
        raise _no_boolean("csv")
    labels = _BNodeLabels()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(
            ["" if t is None else "_:" + labels(t) if isinstance(t, BNode) else str(t) for t in row]
        )
    return out.getvalue()


def format_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples/SPARQL syntax."""
    if result.kind == "ask":
        raise _no_boolean("tsv")
    labels = _BNodeLabels()
    lines = ["\t".join("?" + v for v in result.vars)]
    for row in result.rows:
        cells = []
        for term in row:
            if term is None:
                cells.append("")
            elif isinstance(term, BNode):
                cells.append("_:" + labels(term))
            else:
                cells.append(nt_term(term))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _json_term(term: Node, labels: _BNodeLabels) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": labels(term)}
    if isinstance(term, Literal):
        value: dict[str, str] = {"type": "literal", "value": str(term)}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype not in (XSD.string, RDF.langString):
            value["datatype"] = str(term.datatype)
        return value
    raise TypeError(f"not an RDF term: {term!r}")


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    document: dict[str, object]
    if result.kind == "ask":
        document = {"head": {}, "boolean": bool(result.boolean)}
    else:
        labels = _BNodeLabels()
        bindings = [
            {
                var: _json_term(term, labels)
                for var, term in zip(result.vars, row, strict=True)
                if term is not None
            }
            for row in result.rows
        ]
        document = {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _xml_term(term: Node, labels: _BNodeLabels) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(labels(term))}</bnode>"
    if isinstance(term, Literal):
        attribute = ""
        if term.language:
            attribute = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype is not None and term.datatype not in (XSD.string, RDF.langString):
            attribute = f" datatype={quoteattr(str(term.datatype))}"
        return f"<literal{attribute}>{escape(str(term), {chr(13): '&#13;'})}</literal>"
    raise TypeError(f"not an RDF term: {term!r}")


def format_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">']
    if result.kind == "ask":
        lines.append("  <head/>")
        lines.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        lines.append("  <head>")
        lines.extend(f"    <variable name={quoteattr(v)}/>" for v in result.vars)
        lines.append("  </head>")
        lines.append("  <results>")
        labels = _BNodeLabels()
        for row in result.rows:
            lines.append("    <result>")
            for var, term in zip(result.vars, row, strict=True):
                if term is not None:
                    value = _xml_term(term, labels)
                    lines.append(f"      <binding name={quoteattr(var)}>{value}</binding>")
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


_ROW_WRITERS: dict[str, Callable[[QueryResult], str]] = {
    "table": format_table,
    "csv": format_csv,
    "tsv": format_tsv,
    "json": format_json,
    "xml": format_xml,
}


def format_result(result: QueryResult, fmt: str | None = None) -> str:
    """Write ``result`` in ``fmt``.

    Args:
        result: What :func:`ctgraph.run_query` returned.
        fmt: One of :data:`RESULT_FORMATS` for SELECT and ASK, one of
            :data:`GRAPH_RESULT_FORMATS` for CONSTRUCT and DESCRIBE. By default
            ``table`` or ``turtle``.

    Raises:
        InputError: the format does not fit the kind of result.
    """
    if result.graph is not None:
        from .export import serialize

        fmt = fmt or "turtle"
        if fmt not in GRAPH_RESULT_FORMATS:
            raise InputError(
                f"a {result.kind.upper()} result is a graph; use one of "
                f"{', '.join(GRAPH_RESULT_FORMATS)}, not {fmt}"
            )
        return serialize(result.graph, fmt).decode("utf-8")
    fmt = fmt or "table"
    if fmt not in _ROW_WRITERS:
        raise InputError(
            f"a {result.kind.upper()} result is written as one of "
            f"{', '.join(RESULT_FORMATS)}, not {fmt}"
        )
    return _ROW_WRITERS[fmt](result)
