"""Loading the ontology, the instance data and the SHACL shapes into rdflib graphs.

Every file is checked as it is read, by both engines alike (the Oxigraph
engine uses the checks here on what pyoxigraph parses), and a bad file is an
:class:`~ctgraph.errors.InputError` naming the file, and the line and column
where they are known:

- syntax errors, unknown prefixes, invalid IRIs (``<http://ex.org/a b>``),
  and a file in another format than its ending says ("not Turtle (it looks
  like RDF/XML)");
- relative IRIs that leave the folder of their document (the rule is
  :class:`~ctgraph.paths.DocumentBase`'s);
- ill-typed literals of the XSD types in :data:`CHECKED_DATATYPES`, such as
  ``"2024-13-45"^^xsd:date``;
- text that is not UTF-8 (with the byte offset); a UTF-8 byte-order mark is
  skipped;
- an RDF/XML document type declaration (its entities could expand for
  minutes), a JSON-LD ``@context`` given by address (it would be fetched),
  nesting too deep for rdflib's recursive parsers, and, on rdflib, files over
  :data:`RDFLIB_MAX_BYTES`;
- missing, unreadable and folder paths, and links in the project's folders
  that lead out of the project.

An empty file (no bytes, or white space only) is read as no triples in any
format: probably a mistake, but harmless.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import logging
import os
import re
import threading
import warnings
import xml.sax
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, cast, get_args
from urllib.parse import urljoin

import rdflib
from rdflib import Dataset, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError
from .paths import (
    DocumentBase,
    default_data,
    default_ontology,
    default_shapes,
    document_base,
    inside_project,
    project_root,
)
from .prefixes import PREFIXES, bind_prefixes, merge_prefixes

__all__ = [
    "CHECKED_DATATYPES",
    "FORMAT_NAMES",
    "RDFLIB_MAX_BYTES",
    "RDF_SUFFIXES",
    "Inference",
    "LoadedGraph",
    "SourceFile",
    "TermChecker",
    "apply_inference",
    "check_inference",
    "declared_prefixes",
    "default_inputs",
    "expand_paths",
    "load_graph",
    "load_shapes",
    "open_source",
    "parse_file",
    "utf8_error",
    "valid_iri",
    "valid_lexical",
    "wrong_format",
]

#: Inference applied after loading: none, the RDFS closure or the OWL 2 RL closure.
Inference = Literal["none", "rdfs", "owlrl"]
INFERENCE_MODES: tuple[str, ...] = get_args(Inference)

#: File name endings read as RDF, and the rdflib parser used for each.
RDF_SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
}

#: The formats' names in messages, by rdflib parser name.
FORMAT_NAMES: dict[str, str] = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "nquads": "N-Quads",
    "trig": "TriG",
    "json-ld": "JSON-LD",
    "xml": "RDF/XML",
}

#: rdflib's parsers hold a whole file, and several times its size in objects,
#: in memory: a larger file is refused before it is read. The Oxigraph engine
#: streams Turtle, N-Triples, N-Quads and TriG and has no limit; it parses
#: JSON-LD and RDF/XML with rdflib, so the limit holds for those everywhere.
RDFLIB_MAX_BYTES = 200_000_000

_QUAD_FORMATS = {"trig", "nquads"}
_TURTLE_FAMILY = {"turtle", "nt", "nquads", "trig"}
_BOM = codecs.BOM_UTF8


@dataclass(frozen=True)
class SourceFile:
    """One parsed file: where it was read from, its IRI and its own triples."""

    path: Path
    iri: URIRef
    graph: Graph


@dataclass(frozen=True)
class LoadedGraph:
    """The union of the loaded files, plus each file's own triples.

    ``graph`` is what queries, validation and export read. ``sources`` keeps
    the triples of each file apart, so that TriG and N-Quads can put each
    file in its own named graph; triples added by inference are in ``graph``
    only.
    """

    graph: Graph
    sources: tuple[SourceFile, ...]
    inference: Inference = "none"

    @property
    def files(self) -> tuple[Path, ...]:
        """The files loaded, in load order."""
        return tuple(source.path for source in self.sources)


#: Folders of this name are left out when a folder is read (see :func:`expand_paths`).
CANDIDATES_FOLDER = "candidates"


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Expand folders to the RDF files they hold, recursively.

    Files in a folder are sorted by their path inside it, for determinism;
    hidden files and folders are skipped, and so are folders named
    ``candidates`` (:data:`CANDIDATES_FOLDER`): they hold the unreviewed
    output of ``ctgraph ingest``, which enters the graph only through
    ``ctgraph accept``. A candidates file given by name is read. A file or folder given twice is
    kept once, at its first place.

    A path inside the project (such as the default ``data/`` and
    ``ontology/``) must not lead out of it: a symbolic link there to a file
    or folder elsewhere is refused, so that the project's graph is made of
    the project's files. Paths outside the project are the user's choice and
    may be anything.

    Raises:
        InputError: a path does not exist, a file has no known RDF ending, or
            a link in the project leads out of it.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if inside_project(path):
            _stay_inside(path)
        if path.is_dir():
            inside = sorted(
                (
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in RDF_SUFFIXES
                    and not any(
                        part.startswith(".") or part == CANDIDATES_FOLDER
                        for part in p.relative_to(path).parent.parts
                    )
                    and not p.name.startswith(".")
                ),
                key=lambda p: p.relative_to(path).as_posix(),
            )
        elif path.is_file():
            if path.suffix.lower() not in RDF_SUFFIXES:
                known = ", ".join(sorted(RDF_SUFFIXES))
                raise InputError(f"unknown RDF file type (expected one of {known})", path)
            inside = [path]
        else:
            raise InputError("no such file or folder", path)
        if inside_project(path) and path.is_dir():
            for p in path.rglob("*"):
                hidden = any(part.startswith(".") for part in p.relative_to(path).parts)
                if p.is_symlink() and not hidden:
                    _stay_inside(p)
        for p in inside:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                found.append(p)
    return found


def _stay_inside(path: Path) -> None:
    target = path.resolve()
    if not target.is_relative_to(project_root()):
        raise InputError(
            f"leads out of the project (to {target}): a link in the project must stay inside it",
            path,
        )


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return line, column


# Reading ------------------------------------------------------------------------------


def open_source(path: Path) -> IO[bytes]:
    """Open ``path`` for reading bytes, past a UTF-8 byte-order mark if it starts with one.

    Raises:
        InputError: the file is missing, is a folder, or cannot be read.
    """
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise InputError("no such file or folder", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path) from None
    try:
        if stream.read(len(_BOM)) != _BOM:
            stream.seek(0)
    except OSError as exc:  # a folder opens on some systems, and fails here
        stream.close()
        if path.is_dir():
            raise InputError("is a folder, not a file", path) from None
        raise InputError(f"cannot read file ({exc.strerror or exc})", path) from None
    return stream


def _megabytes(size: int) -> str:
    return f"{size:,} bytes" if size < 1_000_000 else f"{size / 1_000_000:,.0f} MB"


def _check_size(path: Path, fmt: str, stream: IO[bytes]) -> None:
    size = os.fstat(stream.fileno()).st_size
    if size <= RDFLIB_MAX_BYTES:
        return
    what = f"{_megabytes(size)}, over the limit of {_megabytes(RDFLIB_MAX_BYTES)}"
    if fmt in _TURTLE_FAMILY:
        raise InputError(
            f"too large for the rdflib engine ({what}): use --engine oxigraph, which streams it",
            path,
        )
    raise InputError(
        f"too large to load ({what} for {FORMAT_NAMES[fmt]}, which rdflib parses in "
        "memory): convert it to N-Triples or Turtle",
        path,
    )


def utf8_error(path: Path) -> InputError:
    """Return the error for the first byte of ``path`` that is not UTF-8, read in blocks.

    The message gives the byte offset; the line and column are those of the
    bad byte (the column counts characters).
    """
    offset = 0  # of data[0] in the file
    data = b""
    reason = "not UTF-8"
    with path.open("rb") as stream:
        while True:
            block = stream.read(1 << 20)
            data += block
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if block and exc.reason == "unexpected end of data" and exc.end == len(data):
                    offset, data = offset + exc.start, data[exc.start :]
                    continue  # a character cut by the block's end
                bad, reason = offset + exc.start, exc.reason
                break
            if not block:
                return InputError("not UTF-8 text", path)
            offset, data = offset + len(data), b""
    line, line_start = 1, 0
    with path.open("rb") as stream:
        position = 0
        while position < bad:
            block = stream.read(min(1 << 20, bad - position))
            if not block:
                break
            newlines = block.count(b"\n")
            if newlines:
                line += newlines
                line_start = position + block.rfind(b"\n") + 1
            position += len(block)
        stream.seek(line_start)
        before = stream.read(bad - line_start)
    if line == 1 and before.startswith(_BOM):
        before = before[len(_BOM) :]
    column = len(before.decode("utf-8", errors="replace")) + 1
    return InputError(f"not UTF-8 text: {reason} at byte offset {bad}", path, line, column)


def _read_text(path: Path, fmt: str) -> str:
    with open_source(path) as stream:
        _check_size(path, fmt, stream)
        data = stream.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise utf8_error(path) from None


def _file_lines(path: Path) -> Iterator[str]:
    """The lines of ``path`` as text, read one by one (for finding where a term is)."""
    with open_source(path) as stream:
        for raw in stream:
            yield raw.decode("utf-8", errors="replace")


# Format sniffing -------------------------------------------------------------------------

_XML_START = re.compile(r"<\?xml[\s?]|<rdf:RDF[\s>]|<!DOCTYPE\s+rdf|<!--")
_HTML_START = re.compile(r"<!DOCTYPE\s+html|<html[\s>]", re.IGNORECASE)
_JSON_START = re.compile(r"\{\s*[\"}]|\[\s*[{\"]")
_TURTLE_START = re.compile(
    r"(?:@prefix|@base|PREFIX|BASE)\s|(?:[A-Za-z][\w.-]*)?:[\w.-]*\s", re.IGNORECASE
)


def _looks_like(text: str) -> str | None:
    """Guess the format of a document from its start: a format name, or ``None``.

    A start with an IRI (``<http://...>``) is no guess: N-Triples and Turtle,
    or the XML of an IRI's scheme, can begin so.
    """
    head = text.lstrip("\ufeff \t\r\n")
    if _HTML_START.match(head):
        return "HTML"
    if _XML_START.match(head):
        return "RDF/XML"
    if _JSON_START.match(head):
        return "JSON-LD"
    while head.startswith("#"):  # Turtle's comments
        head = head.partition("\n")[2].lstrip()
    if _TURTLE_START.match(head):
        return "Turtle"
    return None


def wrong_format(path: Path, fmt: str, head: str) -> InputError | None:
    """Return the error for a file whose start, ``head``, shows another format than ``fmt``.

    Only asked once a parse has failed: the start of a valid file may look
    like another format. N-Triples is Turtle, so N-Triples in a ``.ttl`` or
    ``.trig`` is no mistake, and TriG holds Turtle.
    """
    guess = _looks_like(head)
    if guess is None or guess == FORMAT_NAMES[fmt]:
        return None
    if guess == "Turtle" and fmt == "trig":
        return None
    if guess == "JSON-LD" and fmt == "trig" and not head.lstrip("\ufeff \t\r\n").startswith('{"'):
        return None  # a TriG graph block, { <s> <p> <o> }
    return InputError(f"not {FORMAT_NAMES[fmt]} (it looks like {guess})", path)


# Checks on the text before parsing -------------------------------------------------------

_PROLOG_ITEM = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)


def _refuse_doctype(path: Path, text: str) -> None:
    """Refuse a document type declaration in XML, where entities can expand without end."""
    at = 1 if text.startswith("\ufeff") else 0
    while match := _PROLOG_ITEM.match(text, at):
        at = match.end()
    at += len(text[at:]) - len(text[at:].lstrip())
    if text[at : at + 9].upper() == "<!DOCTYPE":
        line, column = _line_and_column(text, at)
        raise InputError(
            "a DOCTYPE is not allowed in RDF/XML (its entities could expand without end)",
            path,
            line,
            column,
        )


def _remote_contexts(document: Any) -> Iterator[str]:
    """The contexts and imports that ``document`` names by address, at any depth."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("@context", "@import"):
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        yield item
            yield from _remote_contexts(value)
    elif isinstance(document, list):
        for item in document:
            yield from _remote_contexts(item)


def _json_ids(document: Any) -> Iterator[str]:
    """The ``@id`` values of ``document``, at any depth: rdflib drops an invalid one unsaid."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "@id" and isinstance(value, str):
                yield value
            elif key != "@context":
                yield from _json_ids(value)
    elif isinstance(document, list):
        for item in document:
            yield from _json_ids(item)


def _json_document(path: Path, text: str) -> Any:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise wrong_format(path, "json-ld", text[:4096]) or InputError(
            f"bad JSON: {exc.msg}", path, exc.lineno, exc.colno
        ) from None
    except RecursionError:
        raise InputError("nested too deeply for the JSON parser", path) from None
    for iri in _json_ids(document):
        problem = valid_iri(iri) if _IRI_SCHEME.match(iri) and not iri.startswith("_:") else None
        if problem is not None:
            raise TermChecker(path, "json-ld").invalid_iri(iri, problem)
    for address in _remote_contexts(document):
        written = json.dumps(address)
        at = text.find(written)
        line, column = _line_and_column(text, at) if at >= 0 else (None, None)
        raise InputError(
            f"remote JSON-LD contexts are not fetched (@context {written})", path, line, column
        )
    return document


_NESTING = re.compile(
    r"#[^\n]*|<[^<>\s]*>|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|([\[\(\{])|([\]\)\}])"
)


def _deepest(text: str) -> tuple[int, int]:
    """Return the deepest nesting of brackets in Turtle ``text``, and the offset where it starts."""
    depth = deepest = at = 0
    for match in _NESTING.finditer(text):
        if match.group(1):
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
        elif match.group(2):
            depth -= 1
    return deepest, at


# Checks on what was parsed -----------------------------------------------------------------

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DIGITS = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN")
_YEAR = r"(-?(?:[1-9][0-9]{4,}|[0-9]{4}))"
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DATE = re.compile(rf"{_YEAR}-([0-9]{{2}})-([0-9]{{2}}){_ZONE}")
_DATE_TIME = re.compile(
    rf"{_YEAR}-([0-9]{{2}})-([0-9]{{2}})T([0-9]{{2}}):([0-9]{{2}}):([0-9]{{2}})(\.[0-9]+)?{_ZONE}"
)
_G_YEAR = re.compile(rf"{_YEAR}{_ZONE}")
_G_YEAR_MONTH = re.compile(rf"{_YEAR}-([0-9]{{2}}){_ZONE}")
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}


def _days_in(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)  # year 0 is leap
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _valid_date(lexical: str) -> bool:
    match = _DATE.fullmatch(lexical)
    if match is None:
        return False
    year, month, day = (int(g) for g in match.groups())
    return 1 <= month <= 12 and 1 <= day <= _days_in(year, month)


def _valid_date_time(lexical: str) -> bool:
    match = _DATE_TIME.fullmatch(lexical)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction = match.group(7) or ""
    if not (1 <= month <= 12 and 1 <= day <= _days_in(year, month)):
        return False
    if hour == 24:  # only 24:00:00, the end of the day
        return minute == 0 and second == 0 and not fraction.strip(".0")
    return hour <= 23 and minute <= 59 and second <= 59


def _valid_g_year_month(lexical: str) -> bool:
    match = _G_YEAR_MONTH.fullmatch(lexical)
    return match is not None and 1 <= int(match.group(2)) <= 12


def _integer_check(low: int | None, high: int | None) -> Callable[[str], bool]:
    if low is None and high is None:
        return _matches(_DIGITS)

    def valid(lexical: str) -> bool:
        if _DIGITS.fullmatch(lexical) is None:
            return False
        value = int(lexical)
        return (low is None or value >= low) and (high is None or value <= high)

    return valid


def _matches(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda lexical: pattern.fullmatch(lexical) is not None


#: The XSD datatypes whose literals are checked on loading, by IRI: each maps
#: a lexical form (white space collapsed, as XSD does) to whether it is valid.
CHECKED_DATATYPES: dict[str, Callable[[str], bool]] = {
    _XSD + "boolean": _matches(re.compile("true|false|1|0")),
    _XSD + "decimal": _matches(_DECIMAL),
    _XSD + "double": _matches(_FLOAT),
    _XSD + "float": _matches(_FLOAT),
    _XSD + "date": _valid_date,
    _XSD + "dateTime": _valid_date_time,
    _XSD + "gYear": _matches(_G_YEAR),
    _XSD + "gYearMonth": _valid_g_year_month,
    **{_XSD + name: _integer_check(*bounds) for name, bounds in _INTEGER_RANGES.items()},
}


def valid_lexical(lexical: str, datatype: str) -> bool:
    """True if ``lexical`` is a valid form of ``datatype``, or the datatype is not checked."""
    check = CHECKED_DATATYPES.get(datatype)
    return check is None or check(lexical.strip(" \t\r\n"))


_IRI_FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|^`\\\x7f-\x9f]")
_IRI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)")


def valid_iri(iri: str) -> str | None:
    """Return what is wrong with absolute IRI ``iri`` (RFC 3987), or ``None``.

    Checked: the scheme, the characters, percent-encodings and the port.
    """
    if _IRI_SCHEME.match(iri) is None:
        return "no scheme"
    if forbidden := _IRI_FORBIDDEN.search(iri):
        return f"{forbidden.group()!r} is not allowed"
    if percent := _BAD_PERCENT.search(iri):
        return f"bad percent-encoding {iri[percent.start() : percent.start() + 3]!r}"
    if authority := _AUTHORITY.match(iri):
        host_port = authority.group(1).rpartition("@")[2]
        port = host_port.rpartition("]")[2].partition(":")[2] if ":" in host_port else ""
        if port and not port.isdigit():
            return f"bad port {port!r}"
    return None


_TYPED_LITERAL = re.compile(
    r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')\s*\^\^\s*(<[^<>\s]*>|[\w.-]*:[\w.-]*)"
)
_XML_TYPED = re.compile(r"rdf:datatype=[\"']([^\"']*)[\"'][^>]*>([^<]*)<")
_JSON_VALUE = re.compile(r"\"@value\"\s*:\s*(\"(?:[^\"\\]|\\.)*\")")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}
_RELATIVE = re.compile(r"<((?![A-Za-z][A-Za-z0-9+.-]*:)[^<>\"{}|^`\\\x00-\x20]*)>")
_QUOTED = re.compile(r"\"([^\"\\\n]*)\"|'([^'\n]*)'")


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(one, text)


def _local_name(datatype: str) -> str:
    return re.split(r"[#/:]", datatype.strip("<>"))[-1]


def _short(datatype: str) -> str:
    return "xsd:" + datatype[len(_XSD) :] if datatype.startswith(_XSD) else f"<{datatype}>"


class TermChecker:
    """Checks the terms parsed from one file, and says where a bad one is written.

    Both engines give it every IRI (:meth:`iri`) and every literal of a
    datatype in :data:`CHECKED_DATATYPES` (:meth:`literal`) that a parser
    made of the file, when the file was parsed with
    :attr:`~ctgraph.paths.DocumentBase.parse_iri` as base. A bad term is an
    :class:`InputError` whose line and column are found by searching the file
    for the term as written, line by line.
    """

    def __init__(self, path: Path, fmt: str, base: DocumentBase | None = None) -> None:
        """Check the terms of ``path``, in rdflib format ``fmt``, parsed against ``base``."""
        self.path = path
        self.fmt = fmt
        self.base = base if base is not None else document_base(path)

    def _find(
        self, pattern: re.Pattern[str], accept: Callable[[re.Match[str]], bool], group: int = 0
    ) -> Any:
        """The first match that ``accept`` takes, as (line, column of ``group``, match)."""
        for number, line in enumerate(_file_lines(self.path), start=1):
            for match in pattern.finditer(line):
                if accept(match):
                    return number, match.start(group) + 1, match
        return None

    def _error(
        self, message: str, pattern: re.Pattern[str], accept: Callable[[re.Match[str]], bool]
    ) -> InputError:
        found = self._find(pattern, accept)
        line, column = (found[0], found[1]) if found else (None, None)
        return InputError(message, self.path, line, column)

    def iri(self, value: str) -> str:
        """Return the IRI that parsed IRI ``value`` stands for.

        Raises:
            InputError: it is not a valid IRI, or it came from a relative IRI
                that leaves the document's folder (or any relative IRI, in
                N-Triples and N-Quads).
        """
        if self.base.is_stand_in(value):
            resolved = self.base.resolve(value)
            if resolved is None or self.fmt in ("nt", "nquads"):
                raise self.relative_error(value)
            value = resolved
        problem = valid_iri(value)
        if problem is not None:
            raise self.invalid_iri(value, problem)
        return value

    def invalid_iri(self, iri: str, problem: str) -> InputError:
        """The error for invalid ``iri``, where it is written as ``<iri>`` or ``"iri"``."""
        written = re.compile(f"<{re.escape(iri)}>|[\"']{re.escape(iri)}[\"']")
        return self._error(f"invalid IRI <{iri}>: {problem}", written, lambda m: True)

    def relative_error(self, parsed: str | None = None) -> InputError:
        """The error for the first relative IRI of the file that breaks the rule.

        ``parsed``, what the parser made of it, names it when it cannot be found.
        """
        absolute_only = self.fmt in ("nt", "nquads")

        def breaks(match: re.Match[str]) -> bool:
            reference = next(g for g in match.groups() if g is not None)
            if _IRI_SCHEME.match(reference):
                return False
            return (
                absolute_only or self.base.resolve(urljoin(self.base.parse_iri, reference)) is None
            )

        pattern = _RELATIVE if self.fmt in _TURTLE_FAMILY else _QUOTED
        found = self._find(pattern, breaks)
        if found is None:
            if absolute_only:
                return InputError(
                    f"a relative IRI: {FORMAT_NAMES[self.fmt]} needs absolute IRIs", self.path
                )
            return InputError("a relative IRI leaves the folder of its document", self.path)
        line, column, match = found
        reference = next(g for g in match.groups() if g is not None)
        if absolute_only:
            message = f"relative IRI <{reference}>: {FORMAT_NAMES[self.fmt]} needs absolute IRIs"
        else:
            message = (
                f"relative IRI <{reference}> leaves the folder of its document "
                f"(it would be <{self.base.would_be(reference)}>)"
            )
        return InputError(message, self.path, line, column)

    def literal(self, lexical: str, datatype: str) -> None:
        """Check a literal of a datatype in :data:`CHECKED_DATATYPES`, as written.

        Raises:
            InputError: the literal is ill-typed.
        """
        if not valid_lexical(lexical, datatype):
            raise self.literal_error(lexical, datatype)

    def literal_error(self, lexical: str, datatype: str) -> InputError:
        """The error for ill-typed literal ``lexical``, where the file first writes it."""
        name = _local_name(datatype)

        def typed(match: re.Match[str]) -> bool:
            if self.fmt == "xml":
                written, value = match.group(1), match.group(2)
            elif self.fmt == "json-ld":
                return _unescape(match.group(1)[1:-1]) == lexical
            else:
                written, value = match.group(2), _unescape(match.group(1)[1:-1])
            return value == lexical and _local_name(written) == name

        # The column is that of the literal's opening quote, or of its text in XML.
        pattern = {"xml": _XML_TYPED, "json-ld": _JSON_VALUE}.get(self.fmt, _TYPED_LITERAL)
        found = self._find(pattern, typed, 2 if self.fmt == "xml" else 1)
        if found is None:
            quoted = re.compile(f"[\"'>]{re.escape(lexical)}[\"'<]")
            found = self._find(quoted, lambda m: True)
        line, column = (found[0], found[1]) if found else (None, None)
        return InputError(
            f"{json.dumps(lexical, ensure_ascii=False)} is not a valid {_short(datatype)}",
            self.path,
            line,
            column,
        )

    def namespaces(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """Return the declared ``(prefix, namespace)`` pairs with relative namespaces resolved.

        Raises:
            InputError: a relative namespace leaves the document's folder.
        """
        out = []
        for prefix, namespace in pairs:
            if self.base.is_stand_in(namespace):
                resolved = self.base.resolve(namespace)
                if resolved is None:
                    raise self.relative_error(namespace)
                namespace = resolved
            out.append((prefix, namespace))
        return out


def _checked(graph: Graph, checker: TermChecker) -> Graph:
    """Check every term of ``graph``, parsed with literals as written; return the graph.

    Relative IRIs are resolved, and literals are put in rdflib's normal form,
    as its parsers make them when not asked to keep them as written (see
    :func:`_as_written`). The graph is changed in place, or copied when a
    declared prefix was relative.
    """
    seen: set[Any] = set()
    changed: dict[Any, Any] = {}
    errors: list[InputError] = []  # all of them: the one reported is the first in the file
    for triple in graph:
        for term in triple:
            if term in seen:
                continue
            seen.add(term)
            try:
                if isinstance(term, URIRef):
                    iri = checker.iri(str(term))
                    if iri != str(term):
                        changed[term] = URIRef(iri)
                elif isinstance(term, RdfLiteral) and term.datatype is not None:
                    datatype = str(term.datatype)
                    if datatype in CHECKED_DATATYPES:
                        checker.literal(str(term), datatype)
                    normal = RdfLiteral(str(term), datatype=checker.iri(datatype))
                    if normal != term:
                        changed[term] = normal
            except InputError as error:
                errors.append(error)
    if errors:
        far = 1 << 62
        raise min(errors, key=lambda e: (e.line or far, e.column or far, e.message))
    declared = [(str(p), str(n)) for p, n in graph.namespaces()]
    namespaces = checker.namespaces(declared)
    out = graph
    if namespaces != declared:
        out = Graph(bind_namespaces="none")
        for prefix, namespace in namespaces:
            out.bind(prefix, namespace)
        out += graph
    if changed:
        touched = [t for t in out if any(term in changed for term in t)]
        for triple in touched:
            out.remove(triple)
            out.add(cast(Any, tuple(changed.get(term, term) for term in triple)))
    return out


def parse_file(path: Path) -> SourceFile:
    """Parse one RDF file with rdflib, with its document IRI as base, and check its terms.

    See the module's description for what is checked. An empty file is no
    triples. The file is read whole: larger than :data:`RDFLIB_MAX_BYTES`,
    it is refused before it is read.

    Raises:
        InputError: the file is missing, unreadable, too large, or not valid
            RDF of the kind its name says; the error names the line and
            column where they are known.
    """
    fmt = RDF_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError("unknown RDF file type", path)
    text = _read_text(path, fmt)
    base = document_base(path)
    source = SourceFile(path=path, iri=URIRef(base.iri), graph=Graph(bind_namespaces="none"))
    if not text.strip():
        return source
    data: Any = text
    if fmt == "xml":
        _refuse_doctype(path, text)
    elif fmt == "json-ld":
        data = _json_document(path, text)
    graph = source.graph
    checker = TermChecker(path, fmt, base)
    try:
        with _as_written():
            _parse(graph, data, fmt, base.parse_iri)
    except BadSyntax as exc:
        at = exc._i
        while at < len(text) and text[at].isspace():  # to the token, as Oxigraph says
            at += 1
        line, column = _line_and_column(text, at)
        message = str(exc._why)
        if unbound := re.fullmatch(r'Prefix "(.*)" not bound', message):
            message = f"unknown prefix {unbound.group(1)}"
        elif wrong := wrong_format(path, fmt, text[:4096]):
            raise wrong from None
        raise InputError(f"bad {fmt} syntax: {message}", path, line, column) from None
    except xml.sax.SAXParseException as exc:
        xml_column = exc.getColumnNumber()
        raise wrong_format(path, fmt, text[:4096]) or InputError(
            f"bad {fmt} syntax: {exc.getMessage()}",
            path,
            exc.getLineNumber(),
            None if xml_column is None else xml_column + 1,
        ) from None
    except RecursionError:
        raise _too_deep(path, fmt, text) from None
    except Exception as exc:  # rdflib's parsers raise many kinds of errors
        if wrong := wrong_format(path, fmt, text[:4096]):
            raise wrong from None
        message = str(exc).strip() or type(exc).__name__
        line_number = None
        if fmt in ("nt", "nquads"):
            with _quiet():
                line_number = _first_bad_line(text, fmt)
            relative = checker.relative_error()  # rdflib's parser fails on them
            if relative.line is not None and relative.line == line_number:
                raise relative from None
        raise InputError(f"bad {fmt} syntax: {message}", path, line_number) from None
    with _quiet():  # rdflib logs a valid literal it cannot read, such as year 0
        checked = _checked(graph, checker)
    return SourceFile(path=path, iri=source.iri, graph=checked)


def _parse(graph: Graph, data: Any, fmt: str, base: str) -> None:
    """Parse ``data`` into ``graph``; named graphs of TriG and N-Quads join the default graph."""
    if fmt not in _QUAD_FORMATS:
        graph.parse(data=data, format=fmt, publicID=base)
        return
    dataset = Dataset()
    # A Dataset starts with rdflib's own prefixes (brick:, csvw:, sosa: ...):
    # keep only those the file declares.
    builtin = set(dataset.namespaces())
    dataset.parse(data=data, format=fmt, publicID=base)
    for prefix, namespace in dataset.namespaces():
        if (prefix, namespace) not in builtin:
            graph.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))


_AS_WRITTEN = threading.Lock()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep rdflib quiet about bad terms: it logs an invalid IRI or literal, with a traceback.

    The checks after parsing say what is wrong, once and on one line.
    """
    logger = logging.getLogger("rdflib.term")
    before = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module=r"rdflib\.")
            yield
    finally:
        logger.disabled = before


@contextlib.contextmanager
def _as_written() -> Iterator[None]:
    """Make rdflib's parsers keep literals as written, quietly (see :func:`_quiet`).

    rdflib otherwise rewrites a literal it can read in its normal form
    (``"2024-01-01"^^xsd:dateTime`` as ``2024-01-01T00:00:00``, ``"maybe"``
    as ``false``), so that a bad form could not be told. The normal form is
    ``rdflib.NORMALIZE_LITERALS``, a global: it is switched off under a lock,
    so literals made by other threads meanwhile are not normalised either.
    """
    with _AS_WRITTEN, _quiet():
        before = rdflib.NORMALIZE_LITERALS
        rdflib.NORMALIZE_LITERALS = False
        try:
            yield
        finally:
            rdflib.NORMALIZE_LITERALS = before


def _too_deep(path: Path, fmt: str, text: str) -> InputError:
    if fmt not in _TURTLE_FAMILY:
        return InputError(f"nested too deeply for rdflib's {FORMAT_NAMES[fmt]} parser", path)
    depth, at = _deepest(text)
    line, column = _line_and_column(text, at)
    return InputError(
        f"brackets nested {depth} deep, too deep for the rdflib engine: use --engine oxigraph",
        path,
        line,
        column,
    )


def _first_bad_line(text: str, fmt: str) -> int | None:
    # The line-based parsers do not say which line failed; parse line by line
    # (only once the whole file has failed) to find it.
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Dataset().parse(data=line, format=fmt)
        except Exception:
            return number
    return None


def declared_prefixes(sources: Sequence[SourceFile]) -> list[tuple[str, str]]:
    """Return the ``(prefix, namespace)`` pairs the files declare, file by file, sorted in each."""
    pairs: list[tuple[str, str]] = []
    for source in sources:
        pairs.extend(sorted((str(p), str(n)) for p, n in source.graph.namespaces()))
    return pairs


def _union(sources: Sequence[SourceFile]) -> Graph:
    graph = Graph(bind_namespaces="none")
    for source in sources:
        graph += source.graph
    bind_prefixes(graph, merge_prefixes(PREFIXES, declared_prefixes(sources)))
    return graph


def check_inference(inference: str) -> Inference:
    """Return ``inference`` if it names an inference mode.

    Raises:
        InputError: it does not.
    """
    if inference not in INFERENCE_MODES:
        raise InputError(
            f"unknown inference {inference!r} (expected one of {', '.join(INFERENCE_MODES)})"
        )
    return cast(Inference, inference)


def load_files(paths: Iterable[Path | str], *, inference: Inference = "none") -> LoadedGraph:
    """Parse every RDF file under ``paths`` into one graph (see :func:`load_graph`)."""
    check_inference(inference)
    sources = tuple(parse_file(path) for path in expand_paths(paths))
    graph = _union(sources)
    apply_inference(graph, inference)
    return LoadedGraph(graph=graph, sources=sources, inference=inference)


def load_graph(
    ontology: Sequence[Path | str] | None = None,
    data: Sequence[Path | str] | None = None,
    *,
    inference: Inference = "none",
) -> LoadedGraph:
    """Load the ontology and the instance data into one graph.

    Args:
        ontology: Ontology files or folders; by default ``ontology/ctgraph.ttl``
            and ``ontology/imports.ttl``.
        data: Data files or folders; folders are read recursively, in sorted
            order. By default ``data/``.
        inference: ``"rdfs"`` or ``"owlrl"`` add the entailed triples (with
            the ``owlrl`` package).

    Returns:
        The union graph, with the fixed prefixes and those the files declare
        bound, and each file's own triples. A file named twice is read once.

    Raises:
        InputError: a file is missing or is not valid RDF.
    """
    return load_files(default_inputs(ontology, data), inference=inference)


def default_inputs(
    ontology: Sequence[Path | str] | None = None, data: Sequence[Path | str] | None = None
) -> list[Path | str]:
    """Return the files and folders :func:`load_graph` reads: ``ontology`` then ``data``.

    ``None`` stands for the defaults, the ontology files and ``data/``.
    """
    ontology_paths = default_ontology() if ontology is None else list(ontology)
    data_paths = [default_data()] if data is None else list(data)
    return [*ontology_paths, *data_paths]


def load_shapes(paths: Sequence[Path | str] | None = None) -> Graph:
    """Load SHACL shapes; by default every RDF file under ``ontology/shapes/``."""
    shape_paths = [default_shapes()] if paths is None else list(paths)
    return load_files(shape_paths).graph


def apply_inference(graph: Graph, inference: Inference) -> None:
    """Add to ``graph`` the triples entailed under ``inference``, in place."""
    if inference == "none":
        return
    import owlrl  # heavy, and only needed here

    semantics = owlrl.RDFS_Semantics if inference == "rdfs" else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
