"""The query catalogue: named SPARQL queries with titles, questions and typed parameters."""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast, get_args
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import InputError, ParameterError, QueryError, UnknownQueryError
from .lookup import resolve_node
from .paths import default_queries
from .prefixes import PREFIXES
from .terms import term_key

if TYPE_CHECKING:
    from .engine import Engine
    from .load import LoadedGraph

__all__ = [
    "FROM_REFUSED",
    "PARAM_TYPES",
    "SERVICE_REFUSED",
    "Catalog",
    "Param",
    "Query",
    "QueryResult",
    "check_confined",
    "load_query",
    "mask_keyword",
    "open_query",
    "parse_query",
    "run_query",
    "sorted_rows",
]

ParamType = TypingLiteral["iri", "date", "string", "integer", "boolean"]
QueryKind = TypingLiteral["select", "ask", "construct", "describe"]

#: The types a ``# param:`` header line may give.
PARAM_TYPES: tuple[str, ...] = get_args(ParamType)

#: Queries in this sub-folder of the catalogue are checks: they must return no rows.
CHECKS_FOLDER = "checks"

# "# key: value"; the space after the colon keeps "# ctg:Membership ..." a plain comment.
_HEADER_RE = re.compile(r"#\s*([A-Za-z][A-Za-z0-9_-]*):(?:\s+(.*))?\Z")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_DATE_RE = re.compile(r"-?\d{4,}-\d{2}-\d{2}\Z")
_INTEGER_RE = re.compile(r"[+-]?\d+\Z")
_PREFIX_DECL_RE = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}
_KINDS: dict[str, QueryKind] = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}
_FORMS: dict[str, QueryKind] = {
    "SELECT": "select",
    "ASK": "ask",
    "CONSTRUCT": "construct",
    "DESCRIBE": "describe",
}


@dataclass(frozen=True)
class Param:
    """A query parameter declared by ``# param: NAME TYPE[=DEFAULT] DESCRIPTION``."""

    name: str
    type: ParamType
    default: str | None
    description: str


@dataclass(frozen=True)
class Query:
    """A SPARQL query with the metadata from its header comment lines.

    ``name`` is the file's path in the catalogue without ``.rq``
    (``co-chairs``, ``checks/unsourced-facts``); ``meta`` keeps header keys
    other than title, question and param, in file order.
    """

    name: str
    path: Path | None
    title: str
    question: str
    params: tuple[Param, ...]
    text: str
    kind: QueryKind
    meta: tuple[tuple[str, str], ...] = ()

    @property
    def is_check(self) -> bool:
        """True for checks, the queries that must return no rows."""
        return self.name.startswith(CHECKS_FOLDER + "/")

    def param(self, name: str) -> Param:
        """Return the parameter called ``name``.

        Raises:
            ParameterError: the query has no such parameter; the message lists those it has.
        """
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


@dataclass(frozen=True)
class QueryResult:
    """What a query returned.

    SELECT fills ``vars`` (in the query's projection order) and ``rows`` (in
    the order the engine gave them: use ORDER BY, or :func:`sorted_rows`, where
    order matters); ASK fills ``boolean``; CONSTRUCT and DESCRIBE fill
    ``graph``. ``prefixes`` are those of the queried graph, for display.
    """

    kind: QueryKind
    vars: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None
    prefixes: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)


def sorted_rows(rows: tuple[tuple[Node | None, ...], ...]) -> tuple[tuple[Node | None, ...], ...]:
    """Return ``rows`` in a total, hash-independent order (column by column)."""
    return tuple(sorted(rows, key=lambda row: [term_key(t) for t in row]))


def _parse_param(value: str, path: Path | None, line: int) -> Param:
    parts = value.split(None, 2)
    if len(parts) < 2:
        raise QueryError("a '# param:' line needs NAME TYPE[=DEFAULT] DESCRIPTION", path, line)
    name, spec = parts[0], parts[1]
    description = parts[2].strip() if len(parts) > 2 else ""
    type_name, eq, default = spec.partition("=")
    if not _NAME_RE.match(name):
        raise QueryError(f"bad parameter name {name!r}", path, line)
    if type_name not in PARAM_TYPES:
        raise QueryError(
            f"parameter {name}: unknown type {type_name!r} (expected one of "
            f"{', '.join(PARAM_TYPES)})",
            path,
            line,
        )
    param = Param(name, cast(ParamType, type_name), default if eq else None, description)
    if param.default is not None and param.type != "iri":
        try:
            convert_value(param, param.default)
        except ParameterError as exc:
            raise QueryError(f"bad default: {exc.message}", path, line) from None
    return param


def _header_entries(text: str) -> list[tuple[str, str, int]]:
    """Return the ``(key, value, line)`` entries of the header comment block.

    A comment line without ``key:`` continues the entry above it; after an
    empty comment line (or before any entry) it starts a ``description``.
    """
    entries: list[list[str | int]] = []
    open_entry = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            open_entry = False
            continue
        if not line.startswith("#"):
            break
        match = _HEADER_RE.match(line)
        if match:
            entries.append([match.group(1).lower(), (match.group(2) or "").strip(), number])
            open_entry = True
            continue
        body = line[1:].strip()
        if not body:
            open_entry = False
        elif open_entry:
            entries[-1][1] = f"{entries[-1][1]} {body}".strip()
        else:
            entries.append(["description", body, number])
            open_entry = True
    return [(str(k), str(v), int(n)) for k, v, n in entries]


def query_prefixes(text: str) -> dict[str, str]:
    """Return the prefixes a query's ``PREFIX`` lines declare."""
    return {m.group(1) or "": m.group(2) for m in _PREFIX_DECL_RE.finditer(text)}


#: Strings, IRIs and comments, which may hold any word: blanked before keywords are read.
_OPAQUE_RE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_FORM_RE = re.compile(
    r"(?<![\w?$:.-])(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD"
    r"|MOVE|COPY|WITH)(?![\w:.-])",
    re.IGNORECASE,
)
_SERVICE_RE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", re.IGNORECASE)
_FROM_RE = re.compile(r"(?<![\w?$:.-])FROM(?![\w:.-])", re.IGNORECASE)
# Oxigraph's syntax errors: "error at LINE:COLUMN: expected ...", from 1, in characters.
_OXIGRAPH_ERROR_RE = re.compile(r"error at (\d+):(\d+): (.*)\Z", re.DOTALL)
# What Oxigraph lists as "expected" may hold a sentence: the reason, as "Prefix not found".
_REASON_RE = re.compile(r"[A-Z][A-Za-z]*(?: [^\s,]+)+\Z")
_BLANK_RE = re.compile(r"(?:\s|#[^\n]*)*\Z")
# Characters an IRI may not hold (SPARQL's IRIREF, Turtle's too).
_IRI_RE = re.compile(r'[^\x00-\x20<>"{}|^`\\]+\Z')

#: Why a query naming SERVICE is refused.
SERVICE_REFUSED = "SERVICE is not allowed: ctgraph queries only the loaded graph"
#: Why a query with a dataset clause is refused.
FROM_REFUSED = "FROM and FROM NAMED are not allowed: ctgraph queries only the loaded graph"
_KEYWORDS: dict[str, tuple[re.Pattern[str], str]] = {
    "SERVICE": (_SERVICE_RE, SERVICE_REFUSED),
    "FROM": (_FROM_RE, FROM_REFUSED),
}


def blank_opaque(text: str) -> str:
    """Return ``text`` with its strings, IRIs and comments blanked, offsets kept."""
    return _OPAQUE_RE.sub(lambda m: " " * len(m.group(0)), text)


def query_form(text: str) -> tuple[str, int] | None:
    """Return the query's first form keyword (upper case) and its offset, if any."""
    bare = blank_opaque(text)
    match = _FORM_RE.search(bare)
    if match is None or _SERVICE_RE.search(bare):
        return None
    return match.group(1).upper(), match.start()


def mask_keyword(text: str, keyword: str) -> str:
    """Return ``text`` with every ``keyword``, in any case, changed in its last letter to x.

    ``SERVICE`` becomes ``SERVICx``, ``from`` becomes ``frox``: the text keeps
    its length, and a query stays valid where the letters are part of a
    string, an IRI, a comment, a variable or a prefixed name (renamed alike
    everywhere), while the keyword itself becomes a bare word, which SPARQL
    never allows.
    """
    return re.sub(
        re.escape(keyword),
        lambda m: m.group(0)[:-1] + ("X" if m.group(0)[-1].isupper() else "x"),
        text,
        flags=re.IGNORECASE,
    )


def oxigraph_syntax_error(message: str, path: Path | None = None) -> QueryError | None:
    """Return Oxigraph's syntax error ``message`` as a :class:`QueryError` with its position.

    ``error at 1:20: expected ...`` gives line 1, column 20; where Oxigraph
    lists a reason among what it expected (``Prefix not found``), the reason
    is the message. ``None`` if ``message`` is not of that form.
    """
    match = _OXIGRAPH_ERROR_RE.match(message.strip())
    if match is None:
        return None
    detail = " ".join(match.group(3).split())
    listed = detail.removeprefix("expected one of ").removeprefix("expected ")
    reasons = [item for item in listed.split(", ") if _REASON_RE.match(item)]
    if reasons and listed != detail:
        detail = "; ".join(reasons)
    return QueryError(f"bad SPARQL: {detail}", path, int(match.group(1)), int(match.group(2)))


def _oxigraph_parse(
    text: str, prefixes: Mapping[str, str], path: Path | None = None
) -> QueryError | None:
    """Return Oxigraph's syntax error in ``text``, or ``None`` if it parses; nothing is run.

    Oxigraph parses a query when it is asked, and evaluates a SELECT,
    CONSTRUCT or DESCRIBE only when its results are read; an ASK, evaluated
    at once, is checked as the SELECT with the same pattern (columns are
    given in ``text`` all the same). Callers mask SERVICE first
    (:func:`mask_keyword`), so that nothing can be called even when the
    lexer misreads the form; the form is read with SERVICE masked in any case.

    Raises:
        ImportError: pyoxigraph is not installed.
    """
    import pyoxigraph

    found = query_form(mask_keyword(text, "SERVICE"))
    ask = found[1] if found is not None and found[0] == "ASK" else None
    parsed = text if ask is None else f"{text[:ask]}SELECT *{text[ask + 3 :]}"
    try:
        pyoxigraph.Store().query(parsed, prefixes=dict(prefixes))
    except SyntaxError as exc:
        error = oxigraph_syntax_error(str(exc), path)
        if error is None:
            return QueryError(f"bad SPARQL: {exc}", path)
        if ask is not None and error.line == text.count("\n", 0, ask) + 1:
            start = ask - text.rfind("\n", 0, ask)  # the column of ASK, from 1
            if error.column is not None and error.column >= start + len("SELECT *"):
                error.column -= len("SELECT *") - len("ASK")
        return error
    except (ValueError, TypeError, OSError, RuntimeError) as exc:  # as an unknown function
        return QueryError(f"bad SPARQL: {exc}", path)
    return None


def _query_kind(text: str, path: Path | None) -> QueryKind:
    """Return the kind of query ``text``, or raise if it is not a valid read-only query.

    Oxigraph's parser checks most queries in well under a millisecond (with
    SERVICE masked, so that a query it parses can call nothing); rdflib's
    (about 0.5 s, its import included) decides the rest and gives the
    position of a syntax error, or Oxigraph does where rdflib gives none.
    """
    if not blank_opaque(text).strip():  # rdflib would read it as an empty update
        raise QueryError("the query is empty", path)
    found = query_form(text)
    rejected: QueryError | None = None
    if found is not None:
        kind = _FORMS.get(found[0])
        if kind is None:
            raise QueryError("SPARQL Update is not allowed; ctgraph only reads", path)
        try:
            rejected = _oxigraph_parse(mask_keyword(text, "SERVICE"), PREFIXES, path)
        except ImportError:
            rejected = QueryError("bad SPARQL", path)
        if rejected is None:
            return kind
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            pass
        else:
            raise QueryError("SPARQL Update is not allowed; ctgraph only reads", path) from None
        raise QueryError(f"bad SPARQL: {exc.msg}", path, exc.lineno, exc.col) from None
    except Exception as exc:  # rdflib raises plain exceptions for some errors
        if rejected is not None and rejected.line is not None:
            raise rejected from None
        raise QueryError(f"bad SPARQL: {exc}", path) from None
    kind = _KINDS.get(getattr(parsed[1], "name", ""))
    if kind is None:
        raise QueryError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query", path)
    return kind


def _walk(node: object) -> Iterator[object]:
    """Yield ``node`` and everything inside it: rdflib's parse results, dicts, lists.

    A stack, not recursion: a query nested deep makes a deep tree.
    """
    from pyparsing import ParseResults

    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, str):  # terms are strings too
            continue
        if isinstance(node, ParseResults):  # a list (its named items are in it too)
            stack.extend(node)
        elif isinstance(node, Mapping):  # CompValue, rdflib's parse tree node
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)


@functools.lru_cache(maxsize=256)
def _rdflib_reach(text: str) -> frozenset[str] | None:
    """Return the keywords of ``text`` that reach out, as rdflib's parser reads it.

    rdflib reads ``\\u`` escapes anywhere in a query, and keywords in any
    case that Python upper-cases to them (a long s, U+017F, for the S of
    SERVICE). Nothing is run; text with a syntax error gives none (rdflib
    would not run it either), and ``None`` says that the parser failed
    otherwise (a query nested deeper than its recursion goes).
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        parsed = parseQuery(text)
    except ParseException:
        return frozenset()
    except Exception:  # RecursionError above all: it depends on the stack, so fail closed
        return None
    found: set[str] = set()
    for node in _walk(parsed):
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.add("SERVICE")
            elif node.name == "DatasetClause":
                found.add("FROM")
    return frozenset(found)


def _oxigraph_reach(
    text: str, words: tuple[str, ...], prefixes: Mapping[str, str], path: Path | None
) -> str | None:
    """Return the first of ``words`` that Oxigraph's parser reads as a keyword in ``text``.

    Each word is masked in turn (:func:`mask_keyword`), in the prefix table
    too: a query that parsed before and no longer does named the word as a
    keyword. SERVICE is masked first and ``text`` is never parsed with it
    live, so the check itself calls nothing.

    Raises:
        QueryError: ``text`` with SERVICE masked is no query Oxigraph reads,
            for a reason away from where SERVICE was: Oxigraph's syntax error.
    """
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return None
    current, table = text, dict(prefixes)
    for word in words:
        masked = mask_keyword(current, word)
        masked_table = {mask_keyword(key, word): value for key, value in table.items()}
        error = _oxigraph_parse(masked, masked_table, path)
        if error is None:
            current, table = masked, masked_table
            continue
        if word != "SERVICE":  # harmless to parse live: a keyword if the text parsed before
            return word if _oxigraph_parse(current, table, path) is None else None
        # Oxigraph stops right after a masked keyword, past spaces and comments.
        offset = _offset(masked, error.line, error.column)
        for match in re.finditer(re.escape(word), current, re.IGNORECASE):
            if match.start() <= offset and _BLANK_RE.match(masked[match.end() : offset]):
                return word
        raise error
    return None


def _offset(text: str, line: int | None, column: int | None) -> int:
    """Return the offset in ``text`` of ``line`` and ``column`` (from 1), or its length."""
    if line is None or column is None:
        return len(text)
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return min(start + column - 1, len(text))


def check_confined(
    text: str,
    *,
    engine: str | None = None,
    prefixes: Mapping[str, str] | None = None,
    allow_service: bool = False,
    allow_from: bool = False,
    path: Path | None = None,
) -> None:
    """Refuse a query that could read anything but the loaded graph; nothing is run.

    SERVICE calls another endpoint (rdflib and Oxigraph both make the call,
    an embedded engine and a remote server alike); FROM and FROM NAMED make
    rdflib fetch or read the IRI they name (``http:``, ``file:``) and replace
    the default graph, where ctgraph's graph is, on every engine. No other
    part of a query loads anything (LOAD is an update, refused by
    :func:`parse_query`). The check fails closed, with three readings:

    - the lexer: the keyword outside strings, IRIs and comments
      (:func:`blank_opaque`);
    - Oxigraph's parser, for the oxigraph engine and any other but rdflib's:
      the query must still parse with each keyword masked
      (:func:`mask_keyword`), which is only so where no keyword was one;
    - rdflib's parse tree, for the rdflib engine and any other but
      Oxigraph's: no SERVICE pattern and no dataset clause, however written
      (rdflib reads ``\\u`` escapes everywhere, and a long s, U+017F, as S).

    Text holding neither word's letters in any case, nor a backslash, is
    passed at once.

    Args:
        text: The query.
        engine: The engine's name (:attr:`ctgraph.engine.Engine.name`).
        prefixes: The prefix table the engine gives the query.
        allow_service: Let SERVICE through.
        allow_from: Let FROM and FROM NAMED through: for a server, where they
            name graphs of its own store (``ctgraph serve``).
        path: The query's file, for messages.

    Raises:
        QueryError: the query names SERVICE or FROM; or, holding the letters
            of SERVICE, it is no query Oxigraph reads (Oxigraph's syntax
            error); or rdflib's parser, which must read it, fails on it.
    """
    allowed = {"SERVICE": allow_service, "FROM": allow_from}
    words = tuple(w for w in _KEYWORDS if not allowed[w])
    upper = text.upper()
    named = tuple(w for w in words if w in upper)
    if not named and "\\" not in text:
        return
    bare = blank_opaque(text)
    for word in named:
        pattern, refused = _KEYWORDS[word]
        if pattern.search(bare):
            raise QueryError(refused, path)
    if engine != "rdflib" and named:
        table = prefixes if prefixes is not None else PREFIXES
        keyword = _oxigraph_reach(text, named, table, path)
        if keyword is not None:
            raise QueryError(_KEYWORDS[keyword][1], path)
    if engine != "oxigraph":
        reached = _rdflib_reach(text)
        if reached is None:
            raise QueryError("the query is too deeply nested for rdflib's parser to check", path)
        for word in words:
            if word in reached:
                raise QueryError(_KEYWORDS[word][1], path)


def parse_query(
    text: str, *, name: str = "-", path: Path | None = None, require_header: bool = False
) -> Query:
    """Parse a query and its header lines.

    Args:
        text: The query, optionally opening with ``# key: value`` lines.
        name: The name to give the query.
        path: The file it came from, for error messages.
        require_header: Catalogue queries must have a title and a question;
            ad hoc queries need not.

    Raises:
        QueryError: a header line is malformed, a declared parameter does not
            occur in the query, the SPARQL is empty, invalid or an update.
    """
    fields: dict[str, str] = {}
    params: list[Param] = []
    meta: list[tuple[str, str]] = []
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    for key, value, line in _header_entries(text):
        if key == "param":
            param = _parse_param(value, path, line)
            if any(p.name == param.name for p in params):
                raise QueryError(f"parameter {param.name} is declared twice", path, line)
            if not re.search(rf"[?$]{param.name}\b", body):
                raise QueryError(
                    f"parameter {param.name} is declared but ?{param.name} is not in the query",
                    path,
                    line,
                )
            params.append(param)
        elif key in ("title", "question") and key not in fields:
            fields[key] = value
        else:
            meta.append((key, value))
    if require_header:
        for key in ("title", "question"):
            if not fields.get(key):
                raise QueryError(f"missing '# {key}:' header line", path)
    return Query(
        name=name,
        path=path,
        title=fields.get("title", ""),
        question=fields.get("question", ""),
        params=tuple(params),
        text=text,
        kind=_query_kind(text, path),
        meta=tuple(meta),
    )


def load_query(path: Path, *, name: str | None = None, require_header: bool = True) -> Query:
    """Read and parse the query in ``path`` (see :func:`parse_query`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such query file", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read query file ({exc})", path) from None
    return parse_query(
        text, name=name if name is not None else path.stem, path=path, require_header=require_header
    )


class Catalog:
    """The queries of a folder, by name; ``queries/`` by default.

    Names are paths inside the folder without ``.rq``; queries in
    ``checks/`` are checks (``checks/<name>``). Files are parsed when first
    asked for, so one bad file only fails the commands that use it.
    """

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_queries()
        if not self.root.is_dir():
            raise InputError("no such query folder", self.root)
        self._paths: dict[str, Path] = {}
        for path in sorted(self.root.rglob("*.rq"), key=lambda p: p.as_posix()):
            relative = path.relative_to(self.root)
            if any(part.startswith(".") for part in relative.parts):
                continue
            self._paths[relative.with_suffix("").as_posix()] = path
        self._cache: dict[str, Query] = {}

    def names(self, *, checks: bool | None = None) -> tuple[str, ...]:
        """Return the sorted query names; only checks or only non-checks if asked."""
        names = sorted(self._paths)
        if checks is None:
            return tuple(names)
        return tuple(n for n in names if n.startswith(CHECKS_FOLDER + "/") == checks)

    def get(self, name: str) -> Query:
        """Return the query called ``name`` (a trailing ``.rq`` is ignored).

        Raises:
            UnknownQueryError: no such query; close names are suggested.
            QueryError: the query file is malformed.
        """
        key = name[:-3] if name.endswith(".rq") else name
        if key not in self._paths:
            close = difflib.get_close_matches(key, list(self._paths), n=3, cutoff=0.5)
            raise UnknownQueryError(name, close)
        if key not in self._cache:
            self._cache[key] = load_query(self._paths[key], name=key)
        return self._cache[key]

    def queries(self) -> tuple[Query, ...]:
        """Return every query that is not a check, sorted by name."""
        return tuple(self.get(n) for n in self.names(checks=False))

    def checks(self) -> tuple[Query, ...]:
        """Return every check, sorted by name."""
        return tuple(self.get(n) for n in self.names(checks=True))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.removesuffix(".rq") in self._paths

    def __iter__(self) -> Iterator[Query]:
        return iter(self.queries() + self.checks())

    def __len__(self) -> int:
        return len(self._paths)


def open_query(spec: str, catalog: Catalog | None = None) -> Query:
    """Return the query ``spec`` names: a ``.rq`` file, else a catalogue name.

    A file outside the catalogue need not have header lines.
    """
    path = Path(spec)
    if spec.endswith(".rq") and path.is_file():
        return load_query(path, require_header=False)
    if catalog is None:
        catalog = Catalog()
    if spec.endswith(".rq") and spec not in catalog:
        raise InputError("no such query file", path)
    return catalog.get(spec)


def convert_value(
    param: Param,
    value: str,
    graph: Graph | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> Node:
    """Turn the text ``value`` into the RDF term bound to ``param``.

    Raises:
        ParameterError: the text is not a value of the parameter's type.
    """
    where = f"parameter {param.name}"
    text = value.strip()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, as from a command line of bad bytes
        raise ParameterError(f"{where}: {value!r} is not text (it cannot be UTF-8)") from None
    if param.type == "iri":
        written = text[1:-1] if text.startswith("<") and text.endswith(">") else text
        if (text.startswith("<") or "://" in text) and not _IRI_RE.match(written):
            raise ParameterError(f"{where}: {value!r} is not a valid IRI")
        node = resolve_node(
            graph if graph is not None else Graph(bind_namespaces="none"),
            text,
            prefixes=prefixes,
            use_labels=graph is not None,
            error=ParameterError,
        )
        if not _IRI_RE.match(node):
            raise ParameterError(f"{where}: {value!r} is not a valid IRI")
        return node
    if param.type == "date":
        if _DATE_RE.match(text):
            try:
                datetime.date.fromisoformat(text)
            except ValueError:
                pass
            else:
                return Literal(text, datatype=XSD.date)
        raise ParameterError(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
    if param.type == "integer":
        if not _INTEGER_RE.match(text):
            raise ParameterError(f"{where}: {value!r} is not an integer")
        return Literal(int(text))
    if param.type == "boolean":
        if text.lower() not in _BOOLEANS:
            raise ParameterError(f"{where}: {value!r} is not a boolean (true or false)")
        return Literal(_BOOLEANS[text.lower()])
    return Literal(value)


def _bind(param: Param, value: str, engine: Engine, prefixes: Mapping[str, str]) -> Node:
    if param.type != "iri":
        return convert_value(param, value)
    try:  # an IRI or a prefixed name: no need to gather the labels
        return convert_value(param, value, None, prefixes)
    except ParameterError:
        return convert_value(param, value, engine.label_graph(), prefixes)


def run_query(
    graph: Graph | LoadedGraph | Engine,
    query: Query | str,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Run ``query`` on ``graph``, with ``params`` bound as RDF terms.

    Parameter values are never pasted into the query text: each is converted
    to a term (see :func:`convert_value`) and passed to the engine as a
    binding. Parameters not given take their default; those without one stay
    unbound, so the query ranges over every value. A query that could read
    anything but the graph (SERVICE, FROM) is refused before it runs
    (:func:`check_confined`).

    Args:
        graph: What to query: an rdflib graph, a loaded graph, or an engine
            (:func:`ctgraph.engine.open_engine`); its prefixes are known to
            the query. Every engine gives the same rows.
        query: A parsed query, or SPARQL text.
        params: Parameter values as text, by parameter name.
        timeout: Seconds the query may run; it then runs in a worker process
            that is stopped at the limit (:func:`ctgraph.sandbox.run_limited`).
        max_rows: Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) the answer
            may hold; more is an error, never a cut-off answer.
        allow_service: Let the query call other endpoints with SERVICE.

    Raises:
        ParameterError: a parameter is unknown or has a bad value.
        QueryError: the query is invalid, an update, names SERVICE or FROM,
            fails to run, or passes a limit (:class:`ctgraph.sandbox.LimitError`).
        InputError: a limit is not a positive number.
    """
    from .engine import as_engine  # the engines build on this module
    from .sandbox import LimitError, run_limited

    engine = as_engine(graph)
    if isinstance(query, str):
        query = parse_query(query)
    given = dict(params or {})
    for name in given:
        query.param(name)  # raises ParameterError naming the known ones
    check_confined(
        query.text,
        engine=engine.name,
        prefixes=engine.prefixes,
        allow_service=allow_service,
        path=query.path,
    )
    known = {**engine.prefixes, **query_prefixes(query.text)}
    bindings: dict[str, Node] = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is not None:
            bindings[param.name] = _bind(param, value, engine, known)
    try:
        return run_limited(
            engine, query.text, bindings, kind=query.kind, timeout=timeout, max_rows=max_rows
        )
    except LimitError as exc:
        raise LimitError(exc.message, query.path) from None
    except QueryError as exc:
        located = oxigraph_syntax_error(exc.message, query.path)  # what Oxigraph's parser says
        if located is not None:
            raise located from None
        raise QueryError(
            f"query {query.name!r} failed: {exc.message}", query.path, exc.line, exc.column
        ) from None
