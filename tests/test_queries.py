"""The query catalogue: every query's header, and its exact rows on rdflib and on Oxigraph.

The graph is the ontology and data/ parsed straight from the files (not through the
ctgraph package, so that these tests stand alone); Oxigraph gets the same triples.
Expected rows were checked against the text of the joint press release of 26 September
2024, paragraph by paragraph. IRIs are shown as prefixed names, literals as their
lexical form, unbound values as "".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
TIME_CASES = ROOT / "tests" / "queries_expected" / "time-cases.ttl"
SEED_FILE = "press-release-2024-09-26-morocco-unoct.ttl"

PREFIXES = {
    "ct": "https://w3id.org/ctgraph/id/",
    "ctg": "https://w3id.org/ctgraph/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "ex": "http://example.org/ctgraph-test/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# Longest namespace first, so that a namespace inside another never wins.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))

HEADER_KEYS = {"title", "question", "param", "why"}
_HEADER_RE = re.compile(r"#\s*([A-Za-z][A-Za-z0-9_-]*)\s*:\s*(.*)\Z")
_PARAM_RE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]*)\s+(iri|date|string|integer|boolean)(?:=(\S+))?\s+(\S.*)\Z"
)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_SELECT_RE = re.compile(r"^SELECT\b(.*?)^WHERE\b", re.MULTILINE | re.DOTALL)

Row = tuple[str, ...]


@dataclass(frozen=True)
class Param:
    """A ``# param: NAME TYPE[=DEFAULT] DESCRIPTION`` header line."""

    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class QueryFile:
    """A query of the catalogue with the key-value lines of its header."""

    name: str
    text: str
    header: tuple[tuple[str, str], ...]

    def values(self, key: str) -> list[str]:
        return [value for k, value in self.header if k == key]

    @property
    def params(self) -> tuple[Param, ...]:
        params = []
        for value in self.values("param"):
            match = _PARAM_RE.match(value)
            assert match, f"{self.name}: bad param line {value!r}"
            params.append(Param(*match.groups()))
        return tuple(params)

    @property
    def is_check(self) -> bool:
        return self.name.startswith("checks/")


def read_query(path: Path) -> QueryFile:
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            break
        match = _HEADER_RE.match(line.strip())
        if match:
            header.append((match.group(1).lower(), match.group(2).strip()))
    name = path.relative_to(QUERIES).with_suffix("").as_posix()
    return QueryFile(name, text, tuple(header))


QUERY_FILES = {q.name: q for q in map(read_query, sorted(QUERIES.glob("**/*.rq")))}
_PREPARED: dict[str, Query] = {}


def prepared(name: str) -> Query:
    """The query parsed by rdflib, once per session: rdflib's parser is the slow part."""
    if name not in _PREPARED:
        _PREPARED[name] = prepareQuery(QUERY_FILES[name].text)
    return _PREPARED[name]


QUERY_NAMES = sorted(QUERY_FILES)
CHECK_NAMES = [name for name in QUERY_NAMES if QUERY_FILES[name].is_check]
CATALOGUE_NAMES = [name for name in QUERY_NAMES if not QUERY_FILES[name].is_check]


def expand(value: str) -> str:
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return value


def shorten(iri: str) -> str:
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def to_term(param: Param, value: str) -> Node:
    """Bind a parameter value as the catalogue does: an RDF term of the declared type."""
    if param.type == "iri":
        return URIRef(expand(value))
    if param.type == "date":
        assert _DATE_RE.match(value), value
        return Literal(value, datatype=XSD.date)
    if param.type == "integer":
        return Literal(int(value))
    if param.type == "boolean":
        return Literal(value == "true")
    return Literal(value)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def show_rdflib(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, Literal):
        return str(term)
    return f"_:{term}"  # no query should return a blank node: this makes it visible


def show_oxigraph(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return f"_:{term.value}"


@dataclass(frozen=True)
class Engines:
    """The same triples in rdflib and in Oxigraph."""

    graph: Graph
    store: ox.Store


def load(files: Sequence[Path]) -> Engines:
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return Engines(graph, store)


def seed_files() -> list[Path]:
    # The ontology (with imports.ttl), the vocabularies and the seed release's
    # data: the rows below are the seed's answers. The graph grown from the
    # corpus (the rest of data/) is asked its own questions in test_corpus.py.
    ontology = [ROOT / "ontology" / "ctgraph.ttl", ROOT / "ontology" / "imports.ttl"]
    data = [ROOT / "data" / "vocabularies.ttl", ROOT / "data" / SEED_FILE]
    return [p for p in ontology if p.is_file()] + data


@pytest.fixture(scope="module")
def seed() -> Engines:
    return load(seed_files())


@pytest.fixture(scope="module")
def time_cases() -> Engines:
    return load([ROOT / "ontology" / "ctgraph.ttl", ROOT / "data" / "vocabularies.ttl", TIME_CASES])


@dataclass(frozen=True)
class Result:
    columns: tuple[str, ...]
    rdflib: list[Row]
    oxigraph: list[Row]

    def by_column(self, *names: str) -> list[Row]:
        index = [self.columns.index(name) for name in names]
        return [tuple(row[i] for i in index) for row in self.rdflib]


def run(engines: Engines, name: str, given: Mapping[str, str] | None = None) -> Result:
    """Run a catalogue query on both engines, its parameters bound as RDF terms."""
    query = QUERY_FILES[name]
    given = dict(given or {})
    bindings: dict[str, Node] = {}
    for param in query.params:
        value = given.pop(param.name, param.default)
        if value is not None:
            bindings[param.name] = to_term(param, value)
    assert not given, f"{name} has no parameters {sorted(given)}"

    result = engines.graph.query(prepared(name), initBindings=bindings)
    columns = tuple(str(v) for v in result.vars or ())
    rdflib_rows = [tuple(show_rdflib(row[v]) for v in result.vars or ()) for row in result]

    solutions = engines.store.query(
        query.text,
        substitutions={ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()},
    )
    assert isinstance(solutions, ox.QuerySolutions)
    assert tuple(v.value for v in solutions.variables) == columns
    oxigraph_rows = [tuple(show_oxigraph(s[c]) for c in columns) for s in solutions]
    return Result(columns, rdflib_rows, oxigraph_rows)


# Headers ---------------------------------------------------------------------------


def test_the_catalogue_answers_the_competency_questions() -> None:
    assert len(CATALOGUE_NAMES) >= 16
    assert len(CHECK_NAMES) >= 3


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_header(name: str) -> None:
    query = QUERY_FILES[name]
    keys = [key for key, _ in query.header]
    assert set(keys) <= HEADER_KEYS, f"unknown header keys: {set(keys) - HEADER_KEYS}"
    assert len(query.values("title")) == 1 and query.values("title")[0]
    assert len(query.values("question")) == 1 and query.values("question")[0].endswith("?")
    if query.is_check:
        assert len(query.values("why")) == 1 and query.values("why")[0]
        assert query.params == ()
    names = [param.name for param in query.params]
    assert len(names) == len(set(names))
    for param in query.params:
        if param.default is not None and param.type == "date":
            assert _DATE_RE.match(param.default)
        if param.default is not None and param.type == "iri":
            assert re.match(r"[a-z]+://", param.default), "a full IRI"


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_projection_is_explicit_and_order_total(name: str) -> None:
    query = QUERY_FILES[name]
    assert not re.search(r"SELECT\s+(DISTINCT\s+|REDUCED\s+)?\*", query.text, re.IGNORECASE)
    select = _SELECT_RE.search(query.text)
    assert select, "a SELECT query with its WHERE on a line of its own"
    projected = re.findall(r"\?(\w+)", select.group(1))
    assert len(projected) == len(set(projected))
    # Oxigraph binds parameters by substitution (SEP-0007), which requires every
    # parameter to be a column of the result.
    for param in query.params:
        assert param.name in projected, f"parameter {param.name} is not a column"
        # Substituted parameters are not bound variables there: BOUND would lie.
        assert not re.search(rf"BOUND\s*\(\s*\?{param.name}\b", query.text, re.IGNORECASE)
    # Rows are distinct, so ordering on every column (keys first) makes the order total.
    order = re.search(r"^ORDER BY\b(.*)\Z", query.text, re.MULTILINE | re.DOTALL)
    assert order, "no ORDER BY"
    ordered = set(re.findall(r"\?(\w+)", order.group(1)))
    assert [column for column in projected if column not in ordered] == []


def test_readme_lists_every_query() -> None:
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    missing = [name for name in QUERY_NAMES if f"`{name}`" not in readme]
    assert missing == []


# Rows on the seed press release ------------------------------------------------------

DOC = "ct:pr-2024-09-26"
TITLE = (
    "First High-Level Strategic Dialogue between the Kingdom of Morocco and the United "
    "Nations Office of Counter-Terrorism (UNOCT)"
)
MOROCCO = "Kingdom of Morocco"
UNOCT = "United Nations Office of Counter-Terrorism"
DIALOGUE_1 = "First High-Level Strategic Dialogue between the Kingdom of Morocco and UNOCT"
DIALOGUE_2 = "2nd High-Level Strategic Dialogue between the Kingdom of Morocco and UNOCT"
DIALOGUE_SERIES = "High-Level Strategic Dialogue between the Kingdom of Morocco and UNOCT"
MARRAKECH_3 = (
    "Third High-Level Meeting of Heads of Counter-Terrorism and Security Agencies in Africa "
    "(Marrakech Platform)"
)
FORUM_2024 = "Annual Forum of Beneficiaries of Technical Assistance (Rabat, November 2024)"
FORUM_SERIES = "Annual Forum of Beneficiaries of Technical Assistance"
CONFERENCE = "Conference on counter-terrorism and maritime security along Africa's Atlantic Coast"
INAUGURATION = "Inauguration of the UNOCT Programme Office in Rabat"
RABAT_OFFICE = "UNOCT Programme Office for Counter-Terrorism and Training in Africa"
COMPACT_GCTF = "United Nations Global Counter-Terrorism Coordination Compact-GCTF Partnership"
COMPACT = "United Nations Global Counter-Terrorism Coordination Compact"
HLW_2024 = "General Assembly High-Level Week (September 2024)"
HLW_80 = "80th UN General Assembly High-Level Week"
USA = "United States of America"
FOREIGN_MINISTER = "Minister of Foreign Affairs, African Cooperation and Moroccan Expatriates"
USG = "Under-Secretary-General of the United Nations Office of Counter-Terrorism"
GCTF = "Global Counter-Terrorism Forum"
GOF_CT = "Group of Friends of Counter-Terrorism"
GOF_VICTIMS = "Group of Friends of Victims of Terrorism"
UNCCT_BOARD = "Advisory Board of the United Nations Counter-Terrorism Centre"
AASP = "African Atlantic States Process"
MOROCCO_UNOCT = "Partnership between Morocco and UNOCT"
PRESENT_TENSE = "Stated in the present tense: the role held on the date of the release."
CO_CHAIRED_IN_POST = "He co-chaired the Dialogue in this post on the date of the release."
KING_PRESENT_TENSE = "Named as His Majesty King in the present tense on the date of the release."
HELD_TODAY = (
    'Held "today" in a release dated 26 September; the year 2024 is inferred as for the '
    "release itself."
)
GEOGRAPHY = "Geography, not stated by the release."
BROADEN = (
    "Morocco, initiator of the AASP, committed to broaden its collaboration to other "
    "counter-terrorism frameworks"
)
EXPLORE = (
    "The Dialogue explored collaboration and coordination between the Marrakech Platform "
    "and the Abuja Process"
)
WORK_TOGETHER = (
    "Morocco and UNOCT agreed to work together for the success of the Annual Forum of "
    "Beneficiaries of Technical Assistance"
)
INSTITUTIONALIZE = (
    "Morocco and UNOCT agreed to institutionalize the High-Level Strategic Dialogue as a "
    "regular cooperation mechanism"
)
CONVENE = "Morocco and UNOCT agreed to convene the High-Level Strategic Dialogue annually"
DOC_LABEL = (
    "Joint press release: First High-Level Strategic Dialogue between the Kingdom of Morocco "
    "and UNOCT (26 September 2024)"
)
NOTE_DIALOGUE_PLACE = (
    "The release is datelined New York and says the Dialogue was held there today on the "
    "margins of the General Assembly High-Level Week; it does not name the venue."
)
NOTE_YEAR = (
    "The dateline gives 26 September without a year; 2024 follows from the dates the release "
    "announces for June, November and December 2024 and from the 2nd Dialogue it plans for "
    "September 2025."
)
NOTE_WEEK_PLACE = (
    "Inferred from the New York dateline of a release on a Dialogue held that day on the "
    "margins of the Week."
)
NOTE_USA = (
    "Not named by the release: the country of New York, added so that places reach up to "
    "the country."
)
NOTE_FORMER = (
    "The release calls Morocco a former Co-Chair: the co-chairmanship had ended by the date "
    "of the release."
)
NOTE_RABAT = (
    "Geography: the release calls the office Rabat-based and Morocco its host, but does not "
    "say that Rabat is in Morocco."
)


def case(name: str, params: Mapping[str, str], rows: list[Row], id: str) -> Any:
    return pytest.param(name, params, rows, id=id)


CASES = [
    case(
        "event-co-chairs",
        {"event": "ct:morocco-unoct-strategic-dialogue-1"},
        [
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:nasser-bourita",
                "Nasser Bourita",
                "ct:post-morocco-foreign-minister",
                FOREIGN_MINISTER,
                "ct:morocco",
                MOROCCO,
                DOC,
                "4",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:vladimir-voronkov",
                "Vladimir Voronkov",
                "ct:post-unoct-under-secretary-general",
                USG,
                "ct:unoct",
                UNOCT,
                DOC,
                "4",
            ),
        ],
        id="event-co-chairs:dialogue-1",
    ),
    case(
        "event-co-chairs",
        {"event": "ct:marrakech-platform-3"},
        [],
        id="event-co-chairs:marrakech-3",
    ),
    case(
        "event-participants",
        {"event": "ct:morocco-unoct-strategic-dialogue-1"},
        [
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:morocco",
                MOROCCO,
                "ct:role-participant",
                "participant",
                DOC,
                "4",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:nasser-bourita",
                "Nasser Bourita",
                "ct:role-co-chair",
                "co-chair",
                DOC,
                "4",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:nasser-bourita",
                "Nasser Bourita",
                "ct:role-participant",
                "participant",
                DOC,
                "6",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:unoct",
                UNOCT,
                "ct:role-participant",
                "participant",
                DOC,
                "4",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:vladimir-voronkov",
                "Vladimir Voronkov",
                "ct:role-co-chair",
                "co-chair",
                DOC,
                "4",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:vladimir-voronkov",
                "Vladimir Voronkov",
                "ct:role-participant",
                "participant",
                DOC,
                "7",
            ),
        ],
        id="event-participants:dialogue-1",
    ),
    case(
        "roles-as-of",
        {"actor": "ct:morocco"},
        [
            (
                "ct:morocco",
                MOROCCO,
                "ct:aasp",
                AASP,
                "ct:role-initiator",
                "initiator",
                "undated",
                "2024-09-26",
                "",
                "",
                "",
                "ct:m-morocco-aasp-initiator",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:compact-gctf-partnership",
                COMPACT_GCTF,
                "ct:role-launch-leader",
                "leading role in launching",
                "undated",
                "2024-09-26",
                "",
                "",
                "",
                "ct:m-morocco-compact-gctf-partnership-launch",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:gctf",
                GCTF,
                "ct:role-co-chair",
                "co-chair",
                "former",
                "2024-09-26",
                "",
                "",
                "2024-09-26",
                "ct:m-morocco-gctf-co-chair",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:group-of-friends-of-counter-terrorism",
                GOF_CT,
                "ct:role-chair",
                "chair",
                "current",
                "2024-09-26",
                "2024-09-26",
                "2024-09-26",
                "",
                "ct:m-morocco-gof-ct-chair",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:group-of-friends-of-victims-of-terrorism",
                GOF_VICTIMS,
                "ct:role-active-member",
                "active member",
                "current",
                "2024-09-26",
                "2024-09-26",
                "2024-09-26",
                "",
                "ct:m-morocco-gof-victims-active-member",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:uncct-advisory-board",
                UNCCT_BOARD,
                "ct:role-member",
                "member",
                "current",
                "2024-09-26",
                "2024-09-26",
                "2024-09-26",
                "",
                "ct:m-morocco-uncct-advisory-board",
            ),
        ],
        id="roles-as-of:morocco-2024-09-26",
    ),
    case(
        "roles-as-of",
        {"actor": "ct:morocco", "as_of": "2025-06-01"},
        [
            (
                "ct:morocco",
                MOROCCO,
                "ct:aasp",
                AASP,
                "ct:role-initiator",
                "initiator",
                "undated",
                "2025-06-01",
                "",
                "",
                "",
                "ct:m-morocco-aasp-initiator",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:compact-gctf-partnership",
                COMPACT_GCTF,
                "ct:role-launch-leader",
                "leading role in launching",
                "undated",
                "2025-06-01",
                "",
                "",
                "",
                "ct:m-morocco-compact-gctf-partnership-launch",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:gctf",
                GCTF,
                "ct:role-co-chair",
                "co-chair",
                "former",
                "2025-06-01",
                "",
                "",
                "2024-09-26",
                "ct:m-morocco-gctf-co-chair",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:group-of-friends-of-counter-terrorism",
                GOF_CT,
                "ct:role-chair",
                "chair",
                "unknown",
                "2025-06-01",
                "2024-09-26",
                "2024-09-26",
                "",
                "ct:m-morocco-gof-ct-chair",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:group-of-friends-of-victims-of-terrorism",
                GOF_VICTIMS,
                "ct:role-active-member",
                "active member",
                "unknown",
                "2025-06-01",
                "2024-09-26",
                "2024-09-26",
                "",
                "ct:m-morocco-gof-victims-active-member",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:uncct-advisory-board",
                UNCCT_BOARD,
                "ct:role-member",
                "member",
                "unknown",
                "2025-06-01",
                "2024-09-26",
                "2024-09-26",
                "",
                "ct:m-morocco-uncct-advisory-board",
            ),
        ],
        id="roles-as-of:morocco-2025-06-01",
    ),
    case(
        "roles-as-of",
        {"as_of": "2020-01-01"},
        [
            (
                "ct:morocco",
                MOROCCO,
                "ct:aasp",
                AASP,
                "ct:role-initiator",
                "initiator",
                "undated",
                "2020-01-01",
                "",
                "",
                "",
                "ct:m-morocco-aasp-initiator",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:compact-gctf-partnership",
                COMPACT_GCTF,
                "ct:role-launch-leader",
                "leading role in launching",
                "undated",
                "2020-01-01",
                "",
                "",
                "",
                "ct:m-morocco-compact-gctf-partnership-launch",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:gctf",
                GCTF,
                "ct:role-co-chair",
                "co-chair",
                "unknown",
                "2020-01-01",
                "",
                "",
                "2024-09-26",
                "ct:m-morocco-gctf-co-chair",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:group-of-friends-of-counter-terrorism",
                GOF_CT,
                "ct:role-chair",
                "chair",
                "unknown",
                "2020-01-01",
                "2024-09-26",
                "2024-09-26",
                "",
                "ct:m-morocco-gof-ct-chair",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:group-of-friends-of-victims-of-terrorism",
                GOF_VICTIMS,
                "ct:role-active-member",
                "active member",
                "unknown",
                "2020-01-01",
                "2024-09-26",
                "2024-09-26",
                "",
                "ct:m-morocco-gof-victims-active-member",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:uncct-advisory-board",
                UNCCT_BOARD,
                "ct:role-member",
                "member",
                "unknown",
                "2020-01-01",
                "2024-09-26",
                "2024-09-26",
                "",
                "ct:m-morocco-uncct-advisory-board",
            ),
        ],
        id="roles-as-of:all-2020-01-01",
    ),
    case(
        "roles-as-of",
        {"actor": "ct:unoct"},
        [],
        id="roles-as-of:unoct",
    ),
    case(
        "frameworks-initiated-or-led",
        {"actor": "ct:morocco"},
        [
            (
                "ct:morocco",
                MOROCCO,
                "chaired",
                "ct:gctf",
                GCTF,
                "ct:role-co-chair",
                "co-chair",
                "former",
                "2024-09-26",
                "ct:m-morocco-gctf-co-chair",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "chaired",
                "ct:group-of-friends-of-counter-terrorism",
                GOF_CT,
                "ct:role-chair",
                "chair",
                "current",
                "2024-09-26",
                "ct:m-morocco-gof-ct-chair",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "initiated",
                "ct:aasp",
                AASP,
                "ct:role-initiator",
                "initiator",
                "undated",
                "2024-09-26",
                "ct:m-morocco-aasp-initiator",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "initiated",
                "ct:compact-gctf-partnership",
                COMPACT_GCTF,
                "ct:role-launch-leader",
                "leading role in launching",
                "undated",
                "2024-09-26",
                "ct:m-morocco-compact-gctf-partnership-launch",
            ),
        ],
        id="frameworks-initiated-or-led:morocco",
    ),
    case(
        "frameworks-initiated-or-led",
        {"actor": "ct:morocco", "as_of": "2025-06-01"},
        [
            (
                "ct:morocco",
                MOROCCO,
                "chaired",
                "ct:gctf",
                GCTF,
                "ct:role-co-chair",
                "co-chair",
                "former",
                "2025-06-01",
                "ct:m-morocco-gctf-co-chair",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "chaired",
                "ct:group-of-friends-of-counter-terrorism",
                GOF_CT,
                "ct:role-chair",
                "chair",
                "unknown",
                "2025-06-01",
                "ct:m-morocco-gof-ct-chair",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "initiated",
                "ct:aasp",
                AASP,
                "ct:role-initiator",
                "initiator",
                "undated",
                "2025-06-01",
                "ct:m-morocco-aasp-initiator",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "initiated",
                "ct:compact-gctf-partnership",
                COMPACT_GCTF,
                "ct:role-launch-leader",
                "leading role in launching",
                "undated",
                "2025-06-01",
                "ct:m-morocco-compact-gctf-partnership-launch",
            ),
        ],
        id="frameworks-initiated-or-led:morocco-2025-06-01",
    ),
    case(
        "programmes-supported",
        {},
        [
            (
                "ct:morocco",
                MOROCCO,
                "ct:ct-investigation-programme",
                "Counter-Terrorism Investigation Programme",
                "programme",
                "ct:unoct-rabat-programme-office",
                RABAT_OFFICE,
                "ct:s-morocco-ct-investigation-programme",
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:global-fusion-cells-programme",
                "UNOCT Global Fusion Cells Programme",
                "programme",
                "ct:unoct-rabat-programme-office",
                RABAT_OFFICE,
                "ct:s-morocco-global-fusion-cells-programme",
            ),
            ("ct:morocco", MOROCCO, "ct:unoct", UNOCT, "UN entity", "", "", "ct:s-morocco-unoct"),
            (
                "ct:morocco",
                MOROCCO,
                "ct:unoct-rabat-programme-office",
                RABAT_OFFICE,
                "office",
                "",
                "",
                "ct:s-morocco-rabat-programme-office",
            ),
        ],
        id="programmes-supported:all",
    ),
    case(
        "programmes-supported",
        {"supporter": "ct:unoct"},
        [],
        id="programmes-supported:unoct",
    ),
    case(
        "events-in-range",
        {},
        [
            (
                "ct:rabat-programme-office-inauguration",
                INAUGURATION,
                "2021",
                "",
                "ct:status-held",
                "held",
                "ct:rabat",
                "Rabat",
                "",
                "",
            ),
            (
                "ct:marrakech-platform-3",
                MARRAKECH_3,
                "2024-06-04",
                "2024-06-05",
                "ct:status-held",
                "held",
                "ct:fes",
                "Fes",
                "",
                "",
            ),
            (
                "ct:unga-high-level-week-2024",
                HLW_2024,
                "2024-09",
                "",
                "ct:status-held",
                "held",
                "ct:new-york",
                "New York",
                "",
                "",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "2024-09-26",
                "2024-09-26",
                "ct:status-held",
                "held",
                "ct:new-york",
                "New York",
                "",
                "",
            ),
            (
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                "2024-11-19",
                "2024-11-20",
                "ct:status-planned",
                "planned",
                "ct:rabat",
                "Rabat",
                "",
                "",
            ),
            (
                "ct:atlantic-coast-maritime-security-conference-2024",
                CONFERENCE,
                "2024-12-03",
                "2024-12-04",
                "ct:status-planned",
                "planned",
                "",
                "",
                "",
                "",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-2",
                DIALOGUE_2,
                "2025-09",
                "",
                "ct:status-planned",
                "planned",
                "",
                "",
                "",
                "",
            ),
            (
                "ct:unga-80-high-level-week",
                HLW_80,
                "2025-09",
                "",
                "ct:status-planned",
                "planned",
                "",
                "",
                "",
                "",
            ),
        ],
        id="events-in-range:all",
    ),
    case(
        "events-in-range",
        {"from": "2024-09-01", "to": "2024-12-31"},
        [
            (
                "ct:unga-high-level-week-2024",
                HLW_2024,
                "2024-09",
                "",
                "ct:status-held",
                "held",
                "ct:new-york",
                "New York",
                "2024-09-01",
                "2024-12-31",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "2024-09-26",
                "2024-09-26",
                "ct:status-held",
                "held",
                "ct:new-york",
                "New York",
                "2024-09-01",
                "2024-12-31",
            ),
            (
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                "2024-11-19",
                "2024-11-20",
                "ct:status-planned",
                "planned",
                "ct:rabat",
                "Rabat",
                "2024-09-01",
                "2024-12-31",
            ),
            (
                "ct:atlantic-coast-maritime-security-conference-2024",
                CONFERENCE,
                "2024-12-03",
                "2024-12-04",
                "ct:status-planned",
                "planned",
                "",
                "",
                "2024-09-01",
                "2024-12-31",
            ),
        ],
        id="events-in-range:sep-dec-2024",
    ),
    case(
        "events-in-range",
        {"from": "2024-09-01", "to": "2024-12-31", "status": "ct:status-planned"},
        [
            (
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                "2024-11-19",
                "2024-11-20",
                "ct:status-planned",
                "planned",
                "ct:rabat",
                "Rabat",
                "2024-09-01",
                "2024-12-31",
            ),
            (
                "ct:atlantic-coast-maritime-security-conference-2024",
                CONFERENCE,
                "2024-12-03",
                "2024-12-04",
                "ct:status-planned",
                "planned",
                "",
                "",
                "2024-09-01",
                "2024-12-31",
            ),
        ],
        id="events-in-range:sep-dec-2024-planned",
    ),
    case(
        "events-in-range",
        {"from": "2025-09-15"},
        [
            (
                "ct:morocco-unoct-strategic-dialogue-2",
                DIALOGUE_2,
                "2025-09",
                "",
                "ct:status-planned",
                "planned",
                "",
                "",
                "2025-09-15",
                "",
            ),
            (
                "ct:unga-80-high-level-week",
                HLW_80,
                "2025-09",
                "",
                "ct:status-planned",
                "planned",
                "",
                "",
                "2025-09-15",
                "",
            ),
        ],
        id="events-in-range:month-2025-09",
    ),
    case(
        "events-in-range",
        {"from": "2021-06-01", "to": "2021-06-30"},
        [
            (
                "ct:rabat-programme-office-inauguration",
                INAUGURATION,
                "2021",
                "",
                "ct:status-held",
                "held",
                "ct:rabat",
                "Rabat",
                "2021-06-01",
                "2021-06-30",
            ),
        ],
        id="events-in-range:year-2021",
    ),
    case(
        "events-in-range",
        {"from": "2024-06-05", "to": "2024-06-05"},
        [
            (
                "ct:marrakech-platform-3",
                MARRAKECH_3,
                "2024-06-04",
                "2024-06-05",
                "ct:status-held",
                "held",
                "ct:fes",
                "Fes",
                "2024-06-05",
                "2024-06-05",
            ),
        ],
        id="events-in-range:last-day-of-marrakech-3",
    ),
    case(
        "events-in-range",
        {"from": "2024-06-06", "to": "2024-09-25"},
        # Only a month is known of the 2024 High-Level Week: September overlaps the range.
        [
            (
                "ct:unga-high-level-week-2024",
                "General Assembly High-Level Week (September 2024)",
                "2024-09",
                "",
                "ct:status-held",
                "held",
                "ct:new-york",
                "New York",
                "2024-06-06",
                "2024-09-25",
            ),
        ],
        id="events-in-range:summer-2024-meets-a-september-month",
    ),
    case(
        "planned-events",
        {},
        [
            (
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                "2024-11-19",
                "2024-11-20",
                "ct:rabat",
                "Rabat",
                "",
                "",
                "2024-09-26",
                DOC,
            ),
            (
                "ct:atlantic-coast-maritime-security-conference-2024",
                CONFERENCE,
                "2024-12-03",
                "2024-12-04",
                "",
                "",
                "",
                "",
                "2024-09-26",
                DOC,
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-2",
                DIALOGUE_2,
                "2025-09",
                "",
                "",
                "",
                "ct:unga-80-high-level-week",
                HLW_80,
                "2024-09-26",
                DOC,
            ),
            (
                "ct:unga-80-high-level-week",
                HLW_80,
                "2025-09",
                "",
                "",
                "",
                "",
                "",
                "2024-09-26",
                DOC,
            ),
        ],
        id="planned-events:all",
    ),
    case(
        "marrakech-platform-meetings",
        {},
        [
            (
                "ct:marrakech-platform",
                "Marrakech Platform",
                "ct:marrakech-platform-3",
                MARRAKECH_3,
                "3",
                "2024-06-04",
                "2024-06-05",
                "ct:fes",
                "Fes",
                "ct:morocco",
                MOROCCO,
                "ct:status-held",
                "held",
            ),
        ],
        id="marrakech-platform-meetings:default",
    ),
    case(
        "marrakech-platform-meetings",
        {"series": "ct:morocco-unoct-strategic-dialogue"},
        [
            (
                "ct:morocco-unoct-strategic-dialogue",
                DIALOGUE_SERIES,
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "1",
                "2024-09-26",
                "2024-09-26",
                "ct:new-york",
                "New York",
                "ct:united-states",
                USA,
                "ct:status-held",
                "held",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue",
                DIALOGUE_SERIES,
                "ct:morocco-unoct-strategic-dialogue-2",
                DIALOGUE_2,
                "2",
                "2025-09",
                "",
                "",
                "",
                "",
                "",
                "ct:status-planned",
                "planned",
            ),
        ],
        id="marrakech-platform-meetings:strategic-dialogue",
    ),
    case(
        "event-series",
        {},
        [
            (
                "ct:annual-forum-of-beneficiaries",
                FORUM_SERIES,
                "ct:recurrence-annual",
                "annual",
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                "",
                "2024-11-19",
                "2024-11-20",
                "ct:status-planned",
                "planned",
            ),
            (
                "ct:marrakech-platform",
                "Marrakech Platform",
                "",
                "",
                "ct:marrakech-platform-3",
                MARRAKECH_3,
                "3",
                "2024-06-04",
                "2024-06-05",
                "ct:status-held",
                "held",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue",
                DIALOGUE_SERIES,
                "ct:recurrence-annual",
                "annual",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "1",
                "2024-09-26",
                "2024-09-26",
                "ct:status-held",
                "held",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue",
                DIALOGUE_SERIES,
                "ct:recurrence-annual",
                "annual",
                "ct:morocco-unoct-strategic-dialogue-2",
                DIALOGUE_2,
                "2",
                "2025-09",
                "",
                "ct:status-planned",
                "planned",
            ),
        ],
        id="event-series:all",
    ),
    case(
        "events-on-the-margins",
        {},
        [
            (
                "ct:unga-80-high-level-week",
                HLW_80,
                "ct:unga",
                "United Nations General Assembly",
                "ct:morocco-unoct-strategic-dialogue-2",
                DIALOGUE_2,
                "2025-09",
                "ct:status-planned",
                "planned",
                DOC,
                "13",
            ),
            (
                "ct:unga-high-level-week-2024",
                HLW_2024,
                "ct:unga",
                "United Nations General Assembly",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "2024-09-26",
                "ct:status-held",
                "held",
                DOC,
                "4",
            ),
        ],
        id="events-on-the-margins:all",
    ),
    case(
        "events-on-the-margins",
        {"event": "ct:unga-80-high-level-week"},
        [
            (
                "ct:unga-80-high-level-week",
                HLW_80,
                "ct:unga",
                "United Nations General Assembly",
                "ct:morocco-unoct-strategic-dialogue-2",
                DIALOGUE_2,
                "2025-09",
                "ct:status-planned",
                "planned",
                DOC,
                "13",
            ),
        ],
        id="events-on-the-margins:unga-80",
    ),
    case(
        "commitments-at-event",
        {"event": "ct:morocco-unoct-strategic-dialogue-1"},
        [
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:c-morocco-broaden-aasp-collaboration",
                BROADEN,
                "ct:commitment-broaden-collaboration",
                "broaden collaboration",
                "ct:morocco",
                MOROCCO,
                "ct:aasp",
                AASP,
                DOC,
                "9",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:c-explore-marrakech-abuja-collaboration",
                EXPLORE,
                "ct:commitment-explore-collaboration",
                "explore collaboration",
                "",
                "",
                "ct:abuja-process",
                "Abuja Process",
                DOC,
                "11",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:c-explore-marrakech-abuja-collaboration",
                EXPLORE,
                "ct:commitment-explore-collaboration",
                "explore collaboration",
                "",
                "",
                "ct:marrakech-platform",
                "Marrakech Platform",
                DOC,
                "11",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:c-work-together-forum-of-beneficiaries",
                WORK_TOGETHER,
                "ct:commitment-work-together",
                "work together",
                "ct:morocco",
                MOROCCO,
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                DOC,
                "12",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:c-work-together-forum-of-beneficiaries",
                WORK_TOGETHER,
                "ct:commitment-work-together",
                "work together",
                "ct:unoct",
                UNOCT,
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                DOC,
                "12",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:c-convene-strategic-dialogue-annually",
                CONVENE,
                "ct:commitment-convene-annually",
                "convene annually",
                "ct:morocco",
                MOROCCO,
                "ct:morocco-unoct-strategic-dialogue",
                DIALOGUE_SERIES,
                DOC,
                "13",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:c-convene-strategic-dialogue-annually",
                CONVENE,
                "ct:commitment-convene-annually",
                "convene annually",
                "ct:unoct",
                UNOCT,
                "ct:morocco-unoct-strategic-dialogue",
                DIALOGUE_SERIES,
                DOC,
                "13",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:c-institutionalize-strategic-dialogue",
                INSTITUTIONALIZE,
                "ct:commitment-institutionalize",
                "institutionalize as a regular cooperation mechanism",
                "ct:morocco",
                MOROCCO,
                "ct:morocco-unoct-strategic-dialogue",
                DIALOGUE_SERIES,
                DOC,
                "13",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:c-institutionalize-strategic-dialogue",
                INSTITUTIONALIZE,
                "ct:commitment-institutionalize",
                "institutionalize as a regular cooperation mechanism",
                "ct:unoct",
                UNOCT,
                "ct:morocco-unoct-strategic-dialogue",
                DIALOGUE_SERIES,
                DOC,
                "13",
            ),
        ],
        id="commitments-at-event:dialogue-1",
    ),
    case(
        "commitments-at-event",
        {"event": "ct:marrakech-platform-3"},
        [],
        id="commitments-at-event:marrakech-3",
    ),
    case(
        "commitments-as-of",
        {},
        [
            (
                "ct:c-convene-strategic-dialogue-annually",
                "convene annually",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:morocco-unoct-strategic-dialogue",
                "2025-09-26",
                "overdue",
                "2025-12-31",
                "",
                "",
            ),
            (
                "ct:c-explore-marrakech-abuja-collaboration",
                "explore collaboration",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:abuja-process",
                "",
                "open",
                "2025-12-31",
                "",
                "",
            ),
            (
                "ct:c-explore-marrakech-abuja-collaboration",
                "explore collaboration",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:marrakech-platform",
                "",
                "open",
                "2025-12-31",
                "",
                "",
            ),
            (
                "ct:c-institutionalize-strategic-dialogue",
                "institutionalize as a regular cooperation mechanism",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:morocco-unoct-strategic-dialogue",
                "",
                "open",
                "2025-12-31",
                "",
                "",
            ),
            (
                "ct:c-morocco-broaden-aasp-collaboration",
                "broaden collaboration",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:aasp",
                "",
                "open",
                "2025-12-31",
                "",
                "",
            ),
            (
                "ct:c-work-together-forum-of-beneficiaries",
                "work together",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:annual-forum-of-beneficiaries-2024",
                "2024-11-19",
                "overdue",
                "2025-12-31",
                "",
                "",
            ),
        ],
        id="commitments-as-of:default",
    ),
    case(
        "commitments-as-of",
        {"as_of": "2024-10-01"},
        [
            (
                "ct:c-convene-strategic-dialogue-annually",
                "convene annually",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:morocco-unoct-strategic-dialogue",
                "2025-09-26",
                "open",
                "2024-10-01",
                "",
                "",
            ),
            (
                "ct:c-explore-marrakech-abuja-collaboration",
                "explore collaboration",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:abuja-process",
                "",
                "open",
                "2024-10-01",
                "",
                "",
            ),
            (
                "ct:c-explore-marrakech-abuja-collaboration",
                "explore collaboration",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:marrakech-platform",
                "",
                "open",
                "2024-10-01",
                "",
                "",
            ),
            (
                "ct:c-institutionalize-strategic-dialogue",
                "institutionalize as a regular cooperation mechanism",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:morocco-unoct-strategic-dialogue",
                "",
                "open",
                "2024-10-01",
                "",
                "",
            ),
            (
                "ct:c-morocco-broaden-aasp-collaboration",
                "broaden collaboration",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:aasp",
                "",
                "open",
                "2024-10-01",
                "",
                "",
            ),
            (
                "ct:c-work-together-forum-of-beneficiaries",
                "work together",
                "ct:morocco-unoct-strategic-dialogue-1",
                "2024-09-26",
                "ct:annual-forum-of-beneficiaries-2024",
                "2024-11-19",
                "open",
                "2024-10-01",
                "",
                "",
            ),
        ],
        id="commitments-as-of:before-due",
    ),
    case("commitments-as-of", {"as_of": "2024-09-25"}, [], id="commitments-as-of:before-made"),
    case(
        "co-chairs-as-of",
        {},
        [
            (
                "ct:gctf",
                "ct:morocco",
                MOROCCO,
                "ct:role-co-chair",
                "unknown",
                "2020-06-01",
                "",
                "by 2024-09-26",
                "ct:m-morocco-gctf-co-chair",
            )
        ],
        id="co-chairs-as-of:gctf-2020",
    ),
    case(
        "co-chairs-as-of",
        {"as_of": "2024-09-26"},
        [
            (
                "ct:gctf",
                "ct:morocco",
                MOROCCO,
                "ct:role-co-chair",
                "former",
                "2024-09-26",
                "",
                "by 2024-09-26",
                "ct:m-morocco-gctf-co-chair",
            )
        ],
        id="co-chairs-as-of:gctf-on-the-release",
    ),
    case(
        "co-chairs-as-of",
        {"organization": "ct:group-of-friends-of-counter-terrorism", "as_of": "2024-09-26"},
        [
            (
                "ct:group-of-friends-of-counter-terrorism",
                "ct:morocco",
                MOROCCO,
                "ct:role-chair",
                "current",
                "2024-09-26",
                "by 2024-09-26",
                "held on 2024-09-26",
                "ct:m-morocco-gof-ct-chair",
            )
        ],
        id="co-chairs-as-of:group-of-friends",
    ),
    case("sources-disagree", {}, [], id="sources-disagree:seed"),
    case(
        "people-and-posts",
        {},
        [
            (
                "ct:mohammed-vi",
                "King Mohammed VI",
                "ct:post-king-of-morocco",
                "King of Morocco",
                "ct:morocco",
                MOROCCO,
                "ct:role-head-of-state",
                "head of state",
                DOC,
                "6",
                "ct:ph-mohammed-vi-king",
            ),
            (
                "ct:nasser-bourita",
                "Nasser Bourita",
                "ct:post-morocco-foreign-minister",
                FOREIGN_MINISTER,
                "ct:morocco",
                MOROCCO,
                "ct:role-foreign-minister",
                "minister of foreign affairs",
                DOC,
                "4",
                "ct:ph-bourita-foreign-minister",
            ),
            (
                "ct:vladimir-voronkov",
                "Vladimir Voronkov",
                "ct:post-unoct-under-secretary-general",
                USG,
                "ct:unoct",
                UNOCT,
                "ct:role-under-secretary-general",
                "under-secretary-general",
                DOC,
                "4",
                "ct:ph-voronkov-under-secretary-general",
            ),
        ],
        id="people-and-posts:all",
    ),
    case(
        "people-and-posts",
        {"person": "ct:nasser-bourita"},
        [
            (
                "ct:nasser-bourita",
                "Nasser Bourita",
                "ct:post-morocco-foreign-minister",
                FOREIGN_MINISTER,
                "ct:morocco",
                MOROCCO,
                "ct:role-foreign-minister",
                "minister of foreign affairs",
                DOC,
                "4",
                "ct:ph-bourita-foreign-minister",
            ),
        ],
        id="people-and-posts:bourita",
    ),
    case(
        "units-and-offices",
        {},
        [
            (
                "",
                "",
                "ct:uncct",
                "United Nations Counter-Terrorism Centre",
                "centre",
                "",
                "",
                "",
                "",
            ),
            (
                "ct:uncct",
                "United Nations Counter-Terrorism Centre",
                "ct:uncct-advisory-board",
                UNCCT_BOARD,
                "advisory board",
                "",
                "",
                "",
                "",
            ),
            (
                "ct:unoct",
                UNOCT,
                "ct:unoct-rabat-programme-office",
                RABAT_OFFICE,
                "office",
                "ct:rabat",
                "Rabat",
                "ct:morocco",
                MOROCCO,
            ),
        ],
        id="units-and-offices:all",
    ),
    case(
        "partnerships",
        {},
        [
            (
                "ct:compact-gctf-partnership",
                COMPACT_GCTF,
                "ct:gctf",
                GCTF,
                "ct:morocco",
                MOROCCO,
                DOC,
                "7",
            ),
            (
                "ct:compact-gctf-partnership",
                COMPACT_GCTF,
                "ct:un-global-ct-compact",
                COMPACT,
                "ct:morocco",
                MOROCCO,
                DOC,
                "7",
            ),
            (
                "ct:morocco-unoct-partnership",
                MOROCCO_UNOCT,
                "ct:morocco",
                MOROCCO,
                "",
                "",
                DOC,
                "6",
            ),
            ("ct:morocco-unoct-partnership", MOROCCO_UNOCT, "ct:unoct", UNOCT, "", "", DOC, "6"),
        ],
        id="partnerships:all",
    ),
    case(
        "actor-network",
        {"actor": "ct:morocco"},
        [
            (
                "ct:morocco",
                MOROCCO,
                "ct:nasser-bourita",
                "Nasser Bourita",
                "event",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:unoct",
                UNOCT,
                "commitment",
                "ct:c-convene-strategic-dialogue-annually",
                CONVENE,
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:unoct",
                UNOCT,
                "commitment",
                "ct:c-institutionalize-strategic-dialogue",
                INSTITUTIONALIZE,
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:unoct",
                UNOCT,
                "commitment",
                "ct:c-work-together-forum-of-beneficiaries",
                WORK_TOGETHER,
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:unoct",
                UNOCT,
                "event",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:unoct",
                UNOCT,
                "partnership",
                "ct:morocco-unoct-partnership",
                MOROCCO_UNOCT,
            ),
            (
                "ct:morocco",
                MOROCCO,
                "ct:vladimir-voronkov",
                "Vladimir Voronkov",
                "event",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
            ),
        ],
        id="actor-network:morocco",
    ),
    case(
        "actor-network",
        {"actor": "ct:vladimir-voronkov"},
        [
            (
                "ct:vladimir-voronkov",
                "Vladimir Voronkov",
                "ct:morocco",
                MOROCCO,
                "event",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
            ),
            (
                "ct:vladimir-voronkov",
                "Vladimir Voronkov",
                "ct:nasser-bourita",
                "Nasser Bourita",
                "event",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
            ),
            (
                "ct:vladimir-voronkov",
                "Vladimir Voronkov",
                "ct:unoct",
                UNOCT,
                "event",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
            ),
        ],
        id="actor-network:voronkov",
    ),
    case(
        "actor-network",
        {"actor": "ct:gctf"},
        [
            (
                "ct:gctf",
                GCTF,
                "ct:un-global-ct-compact",
                COMPACT,
                "partnership",
                "ct:compact-gctf-partnership",
                COMPACT_GCTF,
            ),
        ],
        id="actor-network:gctf",
    ),
    case(
        "places",
        {},
        [
            (
                "ct:africa",
                "Africa",
                "continent",
                "",
                "",
                "",
                "",
                "",
                "",
            ),
            (
                "ct:fes",
                "Fes",
                "city",
                "ct:morocco",
                "Kingdom of Morocco",
                "ct:marrakech-platform-3",
                MARRAKECH_3,
                "2024-06-04",
                "ct:fes",
            ),
            (
                "ct:morocco",
                "Kingdom of Morocco",
                "country",
                "ct:morocco",
                "Kingdom of Morocco",
                "ct:rabat-programme-office-inauguration",
                INAUGURATION,
                "2021",
                "ct:rabat",
            ),
            (
                "ct:morocco",
                "Kingdom of Morocco",
                "country",
                "ct:morocco",
                "Kingdom of Morocco",
                "ct:marrakech-platform-3",
                MARRAKECH_3,
                "2024-06-04",
                "ct:fes",
            ),
            (
                "ct:morocco",
                "Kingdom of Morocco",
                "country",
                "ct:morocco",
                "Kingdom of Morocco",
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                "2024-11-19",
                "ct:rabat",
            ),
            (
                "ct:new-york",
                "New York",
                "city",
                "ct:united-states",
                "United States of America",
                "ct:unga-high-level-week-2024",
                HLW_2024,
                "2024-09",
                "ct:new-york",
            ),
            (
                "ct:new-york",
                "New York",
                "city",
                "ct:united-states",
                "United States of America",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "2024-09-26",
                "ct:new-york",
            ),
            (
                "ct:rabat",
                "Rabat",
                "city",
                "ct:morocco",
                "Kingdom of Morocco",
                "ct:rabat-programme-office-inauguration",
                INAUGURATION,
                "2021",
                "ct:rabat",
            ),
            (
                "ct:rabat",
                "Rabat",
                "city",
                "ct:morocco",
                "Kingdom of Morocco",
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                "2024-11-19",
                "ct:rabat",
            ),
            (
                "ct:united-states",
                "United States of America",
                "country",
                "ct:united-states",
                "United States of America",
                "ct:unga-high-level-week-2024",
                HLW_2024,
                "2024-09",
                "ct:new-york",
            ),
            (
                "ct:united-states",
                "United States of America",
                "country",
                "ct:united-states",
                "United States of America",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "2024-09-26",
                "ct:new-york",
            ),
        ],
        id="places:all",
    ),
    case(
        "places",
        {"place": "ct:africa"},
        [
            ("ct:africa", "Africa", "continent", "", "", "", "", "", ""),
        ],
        id="places:africa",
    ),
    case(
        "topics",
        {},
        [
            (
                "ct:topic-capacity-building",
                "capacity building",
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                "ct:topic-technical-assistance",
                "technical assistance",
            ),
            (
                "ct:topic-capacity-building",
                "capacity building",
                "ct:unoct-rabat-programme-office",
                RABAT_OFFICE,
                "ct:topic-capacity-building",
                "capacity building",
            ),
            (
                "ct:topic-counter-terrorism",
                "counter-terrorism",
                "ct:atlantic-coast-maritime-security-conference-2024",
                CONFERENCE,
                "ct:topic-counter-terrorism",
                "counter-terrorism",
            ),
            (
                "ct:topic-counter-terrorism",
                "counter-terrorism",
                "ct:group-of-friends-of-counter-terrorism",
                GOF_CT,
                "ct:topic-counter-terrorism",
                "counter-terrorism",
            ),
            (
                "ct:topic-counter-terrorism",
                "counter-terrorism",
                "ct:group-of-friends-of-victims-of-terrorism",
                GOF_VICTIMS,
                "ct:topic-victims-of-terrorism",
                "victims of terrorism",
            ),
            (
                "ct:topic-counter-terrorism",
                "counter-terrorism",
                "ct:marrakech-platform",
                "Marrakech Platform",
                "ct:topic-counter-terrorism",
                "counter-terrorism",
            ),
            (
                "ct:topic-counter-terrorism",
                "counter-terrorism",
                "ct:morocco-unoct-partnership",
                MOROCCO_UNOCT,
                "ct:topic-counter-terrorism",
                "counter-terrorism",
            ),
            (
                "ct:topic-counter-terrorism",
                "counter-terrorism",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:topic-terrorism-in-africa",
                "terrorism in Africa",
            ),
            (
                "ct:topic-inter-agency-cooperation",
                "inter-agency cooperation",
                "ct:marrakech-platform",
                "Marrakech Platform",
                "ct:topic-inter-agency-cooperation",
                "inter-agency cooperation",
            ),
            (
                "ct:topic-maritime-security",
                "maritime security",
                "ct:atlantic-coast-maritime-security-conference-2024",
                CONFERENCE,
                "ct:topic-maritime-security",
                "maritime security",
            ),
            (
                "ct:topic-technical-assistance",
                "technical assistance",
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                "ct:topic-technical-assistance",
                "technical assistance",
            ),
            (
                "ct:topic-terrorism-in-africa",
                "terrorism in Africa",
                "ct:morocco-unoct-strategic-dialogue-1",
                DIALOGUE_1,
                "ct:topic-terrorism-in-africa",
                "terrorism in Africa",
            ),
            (
                "ct:topic-victims-of-terrorism",
                "victims of terrorism",
                "ct:group-of-friends-of-victims-of-terrorism",
                GOF_VICTIMS,
                "ct:topic-victims-of-terrorism",
                "victims of terrorism",
            ),
        ],
        id="topics:all",
    ),
    case(
        "topics",
        {"topic": "ct:topic-capacity-building"},
        [
            (
                "ct:topic-capacity-building",
                "capacity building",
                "ct:annual-forum-of-beneficiaries-2024",
                FORUM_2024,
                "ct:topic-technical-assistance",
                "technical assistance",
            ),
            (
                "ct:topic-capacity-building",
                "capacity building",
                "ct:unoct-rabat-programme-office",
                RABAT_OFFICE,
                "ct:topic-capacity-building",
                "capacity building",
            ),
        ],
        id="topics:capacity-building",
    ),
    case(
        "source-of-fact",
        {"subject": "ct:m-morocco-gctf-co-chair"},
        [
            ("ct:m-morocco-gctf-co-chair", "rdf:type", "ctg:Membership", DOC, TITLE, "7", "false"),
            (
                "ct:m-morocco-gctf-co-chair",
                "rdfs:label",
                "Morocco as former Co-Chair of the GCTF",
                DOC,
                TITLE,
                "7",
                "false",
            ),
            ("ct:m-morocco-gctf-co-chair", "org:member", "ct:morocco", DOC, TITLE, "7", "false"),
            (
                "ct:m-morocco-gctf-co-chair",
                "org:memberDuring",
                "ct:m-morocco-gctf-co-chair-interval",
                DOC,
                TITLE,
                "7",
                "false",
            ),
            ("ct:m-morocco-gctf-co-chair", "org:organization", "ct:gctf", DOC, TITLE, "7", "false"),
            (
                "ct:m-morocco-gctf-co-chair",
                "org:role",
                "ct:role-co-chair",
                DOC,
                TITLE,
                "7",
                "false",
            ),
        ],
        id="source-of-fact:gctf-co-chair",
    ),
    case(
        "source-of-fact",
        {"subject": "ct:m-morocco-gctf-co-chair-end"},
        [
            ("ct:m-morocco-gctf-co-chair-end", "rdf:type", "time:Instant", DOC, TITLE, "7", "true"),
            (
                "ct:m-morocco-gctf-co-chair-end",
                "ctg:notAfter",
                "2024-09-26",
                DOC,
                TITLE,
                "7",
                "true",
            ),
        ],
        id="source-of-fact:gctf-co-chair-end",
    ),
    case(
        "source-of-fact",
        {"subject": "ct:morocco-unoct-strategic-dialogue-1", "predicate": "schema:startDate"},
        [
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                "schema:startDate",
                "2024-09-26",
                DOC,
                TITLE,
                "4",
                "true",
            ),
        ],
        id="source-of-fact:dialogue-1-start",
    ),
    case(
        "source-of-fact",
        {"predicate": "ctg:partner", "object": "ct:morocco"},
        [
            ("ct:morocco-unoct-partnership", "ctg:partner", "ct:morocco", DOC, TITLE, "6", "false"),
        ],
        id="source-of-fact:partner-morocco",
    ),
    case(
        "source-of-fact",
        {"subject": "ct:morocco", "predicate": "rdf:type"},
        [
            ("ct:morocco", "rdf:type", "ctg:Country", DOC, TITLE, "1", "false"),
            ("ct:morocco", "rdf:type", "ctg:Country", DOC, TITLE, "7", "false"),
            ("ct:morocco", "rdf:type", "ctg:State", DOC, TITLE, "1", "false"),
            ("ct:morocco", "rdf:type", "ctg:State", DOC, TITLE, "7", "false"),
        ],
        id="source-of-fact:morocco-types",
    ),
    case(
        "source-of-fact",
        {"subject": "ct:pr-2024-09-26", "predicate": "dcterms:publisher"},
        [
            (DOC, "dcterms:publisher", "ct:morocco", DOC, TITLE, "1", "false"),
            (DOC, "dcterms:publisher", "ct:morocco", DOC, TITLE, "2", "false"),
            (DOC, "dcterms:publisher", "ct:unoct", DOC, TITLE, "1", "false"),
            (DOC, "dcterms:publisher", "ct:unoct", DOC, TITLE, "2", "false"),
        ],
        id="source-of-fact:publishers",
    ),
    case(
        "source-of-fact",
        {"object": "ct:fes"},
        [
            ("ct:marrakech-platform-3", "schema:location", "ct:fes", DOC, TITLE, "10", "false"),
        ],
        id="source-of-fact:in-fes",
    ),
    case(
        "paragraph-facts",
        {"document": "ct:pr-2024-09-26", "paragraphNumber": "2"},
        [
            (DOC, "2", DOC, "dcterms:publisher", "ct:morocco", "false"),
            (DOC, "2", DOC, "dcterms:publisher", "ct:unoct", "false"),
            (DOC, "2", DOC, "rdf:type", "ctg:SourceDocument", "false"),
            (DOC, "2", DOC, "rdfs:label", DOC_LABEL, "false"),
            (DOC, "2", DOC, "ctg:documentType", "ct:doctype-joint-press-release", "false"),
        ],
        id="paragraph-facts:p02",
    ),
    case(
        "paragraph-facts",
        {"document": "ct:pr-2024-09-26", "paragraphNumber": "10"},
        [
            (
                DOC,
                "10",
                "ct:fes",
                "rdf:type",
                "ctg:City",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:fes",
                "rdfs:label",
                "Fes",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:fes",
                "schema:containedInPlace",
                "ct:morocco",
                "true",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform",
                "rdf:type",
                "ctg:EventSeries",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform",
                "rdf:type",
                "ctg:Platform",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform",
                "rdfs:label",
                "Marrakech Platform",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform",
                "skos:altLabel",
                "High-Level Meeting of Heads of Counter-Terrorism and Security Agencies in Africa",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform",
                "skos:altLabel",
                "Marrakech Platform for Heads of Counter-Terrorism and Security Agencies",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform",
                "schema:areaServed",
                "ct:africa",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform",
                "ctg:topic",
                "ct:topic-counter-terrorism",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform",
                "ctg:topic",
                "ct:topic-inter-agency-cooperation",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform-3",
                "rdf:type",
                "ctg:HighLevelMeeting",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform-3",
                "rdfs:label",
                MARRAKECH_3,
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform-3",
                "schema:endDate",
                "2024-06-05",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform-3",
                "schema:location",
                "ct:fes",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform-3",
                "schema:startDate",
                "2024-06-04",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform-3",
                "ctg:eventStatus",
                "ct:status-held",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform-3",
                "ctg:inSeries",
                "ct:marrakech-platform",
                "false",
            ),
            (
                DOC,
                "10",
                "ct:marrakech-platform-3",
                "ctg:ordinal",
                "3",
                "false",
            ),
        ],
        id="paragraph-facts:p10",
    ),
    case(
        "inferred-facts",
        {},
        [
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                "schema:endDate",
                "2024-09-26",
                "",
                HELD_TODAY,
                DOC,
                "4",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                "schema:location",
                "ct:new-york",
                "",
                NOTE_DIALOGUE_PLACE,
                DOC,
                "4",
            ),
            (
                "ct:morocco-unoct-strategic-dialogue-1",
                "schema:startDate",
                "2024-09-26",
                "",
                HELD_TODAY,
                DOC,
                "4",
            ),
            (
                "ct:new-york",
                "schema:containedInPlace",
                "ct:united-states",
                "",
                GEOGRAPHY,
                DOC,
                "4",
            ),
            (
                "ct:ph-bourita-foreign-minister-begin",
                "ctg:notAfter",
                "2024-09-26",
                "ct:ph-bourita-foreign-minister",
                CO_CHAIRED_IN_POST,
                DOC,
                "4",
            ),
            (
                "ct:ph-bourita-foreign-minister-end",
                "ctg:notBefore",
                "2024-09-26",
                "ct:ph-bourita-foreign-minister",
                CO_CHAIRED_IN_POST,
                DOC,
                "4",
            ),
            (
                "ct:ph-voronkov-under-secretary-general-begin",
                "ctg:notAfter",
                "2024-09-26",
                "ct:ph-voronkov-under-secretary-general",
                CO_CHAIRED_IN_POST,
                DOC,
                "4",
            ),
            (
                "ct:ph-voronkov-under-secretary-general-end",
                "ctg:notBefore",
                "2024-09-26",
                "ct:ph-voronkov-under-secretary-general",
                CO_CHAIRED_IN_POST,
                DOC,
                "4",
            ),
            (
                DOC,
                "dcterms:issued",
                "2024-09-26",
                "",
                NOTE_YEAR,
                DOC,
                "4",
            ),
            (
                "ct:unga-high-level-week-2024",
                "schema:location",
                "ct:new-york",
                "",
                NOTE_WEEK_PLACE,
                DOC,
                "4",
            ),
            (
                "ct:unga-high-level-week-2024",
                "schema:startDate",
                "2024-09",
                "",
                "The Week was under way on 26 September, the day of the Dialogue held on its"
                " margins; the year 2024 is inferred as for the release itself.",
                DOC,
                "4",
            ),
            (
                "ct:united-states",
                "rdfs:label",
                "United States of America",
                "",
                NOTE_USA,
                DOC,
                "4",
            ),
            (
                "ct:united-states",
                "skos:altLabel",
                "United States",
                "",
                NOTE_USA,
                DOC,
                "4",
            ),
            (
                "ct:ph-mohammed-vi-king-begin",
                "ctg:notAfter",
                "2024-09-26",
                "ct:ph-mohammed-vi-king",
                KING_PRESENT_TENSE,
                DOC,
                "6",
            ),
            (
                "ct:ph-mohammed-vi-king-end",
                "ctg:notBefore",
                "2024-09-26",
                "ct:ph-mohammed-vi-king",
                KING_PRESENT_TENSE,
                DOC,
                "6",
            ),
            (
                "ct:m-morocco-gctf-co-chair-end",
                "ctg:notAfter",
                "2024-09-26",
                "ct:m-morocco-gctf-co-chair",
                NOTE_FORMER,
                DOC,
                "7",
            ),
            (
                "ct:m-morocco-gof-ct-chair-begin",
                "ctg:notAfter",
                "2024-09-26",
                "ct:m-morocco-gof-ct-chair",
                PRESENT_TENSE,
                DOC,
                "7",
            ),
            (
                "ct:m-morocco-gof-ct-chair-end",
                "ctg:notBefore",
                "2024-09-26",
                "ct:m-morocco-gof-ct-chair",
                PRESENT_TENSE,
                DOC,
                "7",
            ),
            (
                "ct:m-morocco-gof-victims-active-member-begin",
                "ctg:notAfter",
                "2024-09-26",
                "ct:m-morocco-gof-victims-active-member",
                PRESENT_TENSE,
                DOC,
                "7",
            ),
            (
                "ct:m-morocco-gof-victims-active-member-end",
                "ctg:notBefore",
                "2024-09-26",
                "ct:m-morocco-gof-victims-active-member",
                PRESENT_TENSE,
                DOC,
                "7",
            ),
            (
                "ct:m-morocco-uncct-advisory-board-begin",
                "ctg:notAfter",
                "2024-09-26",
                "ct:m-morocco-uncct-advisory-board",
                PRESENT_TENSE,
                DOC,
                "7",
            ),
            (
                "ct:m-morocco-uncct-advisory-board-end",
                "ctg:notBefore",
                "2024-09-26",
                "ct:m-morocco-uncct-advisory-board",
                PRESENT_TENSE,
                DOC,
                "7",
            ),
            (
                "ct:rabat",
                "schema:containedInPlace",
                "ct:morocco",
                "",
                NOTE_RABAT,
                DOC,
                "7",
            ),
            (
                "ct:fes",
                "schema:containedInPlace",
                "ct:morocco",
                "",
                GEOGRAPHY,
                DOC,
                "10",
            ),
            (
                "ct:unga-80-high-level-week",
                "schema:startDate",
                "2025-09",
                "",
                "The release holds the 2nd Dialogue in September 2025 on the margins of the Week,"
                " so the Week falls in that month too.",
                DOC,
                "13",
            ),
        ],
        id="inferred-facts:all",
    ),
]


@pytest.mark.parametrize(("name", "params", "expected"), CASES)
def test_rows(seed: Engines, name: str, params: Mapping[str, str], expected: list[Row]) -> None:
    result = run(seed, name, params)
    assert result.rdflib == expected
    assert result.oxigraph == expected


def test_every_query_has_its_rows_asserted() -> None:
    asserted = {c.values[0] for c in CASES}
    assert asserted == set(CATALOGUE_NAMES)


# Queries whose run without parameters is not already one of the CASES above.
# source-of-fact and paragraph-facts without parameters list every fact of the graph,
# which takes rdflib a second each: test_paragraph_facts_regroup_the_sources_of_facts
# runs them on Oxigraph instead, and their CASES run on both engines.
UNASSERTED_WIDEST_RUNS = sorted(
    set(CATALOGUE_NAMES)
    - {c.values[0] for c in CASES if not c.values[1]}
    - {"paragraph-facts", "source-of-fact"}
)


@pytest.mark.parametrize("name", UNASSERTED_WIDEST_RUNS)
def test_engines_agree_without_parameters(seed: Engines, name: str) -> None:
    # Every parameter unbound (or at its default): the widest run of each query.
    result = run(seed, name)
    assert result.rdflib == result.oxigraph
    assert len(result.rdflib) == len(set(result.rdflib)), "duplicate rows"


def test_paragraph_facts_regroup_the_sources_of_facts(seed: Engines) -> None:
    columns = ("subject", "predicate", "object", "document", "paragraphNumber", "inferred")

    def facts(name: str) -> list[Row]:
        solutions = seed.store.query(QUERY_FILES[name].text)
        assert isinstance(solutions, ox.QuerySolutions)
        return sorted(tuple(show_oxigraph(s[c]) for c in columns) for s in solutions)

    sources = facts("source-of-fact")
    assert len(sources) > 400
    assert facts("paragraph-facts") == sources


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_check_finds_nothing_in_the_data(seed: Engines, name: str) -> None:
    result = run(seed, name)
    assert result.rdflib == result.oxigraph == []


# Checks catch what they exist for -------------------------------------------------------

CTG = PREFIXES["ctg"]


def ct(local: str) -> URIRef:
    return URIRef(PREFIXES["ct"] + local)


def ctg(local: str) -> URIRef:
    return URIRef(CTG + local)


FES_IN_MOROCCO = (ct("fes"), URIRef(PREFIXES["schema"] + "containedInPlace"), ct("morocco"))


def broken(
    seed: Engines,
    remove: Sequence[tuple[Node, Node, Node]] = (),
    add: Sequence[tuple[Node, Node, Node]] = (),
    keep: Callable[[tuple[Node, Node, Node]], bool] = lambda triple: True,
) -> Engines:
    """The seed triples that ``keep`` accepts, less ``remove`` and plus ``add``, in both engines."""
    graph = Graph()
    for triple in seed.graph:
        if keep(triple):
            graph.add(triple)
    for triple in remove:
        graph.remove(triple)
    for triple in add:
        graph.add(triple)
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return Engines(graph, store)


# One graph breaks every check but unsourced-entity-fact once, each in its own way.
INCOMPLETE_STATEMENT = URIRef(PREFIXES["ex"] + "statement")
BREAK_BY_ADDING = [
    (ct("morocco"), ctg("statedIn"), ct("pr-2024-09-26-p99")),
    (ct("fes"), ctg("inferred"), Literal(True)),
    (ct("m-morocco-gctf-co-chair-end"), ctg("notBefore"), Literal("2025-01-01", datatype=XSD.date)),
    (INCOMPLETE_STATEMENT, RDF.type, RDF.Statement),
    (INCOMPLETE_STATEMENT, RDF.subject, ct("fes")),
]
BREAK_BY_REMOVING = [
    FES_IN_MOROCCO,
    (ct("s-morocco-unoct"), ctg("statedIn"), ct("pr-2024-09-26-p07")),
]
BROKEN = [
    pytest.param(
        "checks/unnumbered-paragraph",
        [("ct:pr-2024-09-26-p99", "not a ctg:Paragraph")],
        id="a-source-that-is-no-paragraph",
    ),
    pytest.param(
        "checks/inferred-without-note", [("ct:fes", "", "")], id="an-inference-without-note"
    ),
    pytest.param(
        "checks/contradictory-interval",
        [("ct:m-morocco-gctf-co-chair-end", "2025-01-01", "2024-09-26")],
        id="an-end-not-before-its-not-after",
    ),
    pytest.param(
        "checks/unsourced-reified-statement",
        [("ct:fes", "", "", "incomplete statement")],
        id="a-statement-without-predicate-object-or-source",
    ),
    pytest.param(
        "checks/unasserted-reified-statement",
        [("ct:fes", "schema:containedInPlace", "ct:morocco")],
        id="a-statement-whose-triple-is-gone",
    ),
    pytest.param(
        "checks/unsourced-relationship",
        [("ct:s-morocco-unoct", "ctg:Support")],
        id="a-relationship-without-paragraph",
    ),
]


@pytest.fixture(scope="module")
def broken_seed(seed: Engines) -> Engines:
    return broken(seed, remove=BREAK_BY_REMOVING, add=BREAK_BY_ADDING)


def test_every_check_is_broken_once() -> None:
    assert {p.values[0] for p in BROKEN} | {"checks/unsourced-entity-fact"} == set(CHECK_NAMES)


@pytest.mark.parametrize(("name", "expected"), BROKEN)
def test_check_finds_what_it_exists_for(
    broken_seed: Engines, name: str, expected: list[Row]
) -> None:
    result = run(broken_seed, name)
    assert result.rdflib == result.oxigraph == expected


def test_a_fact_without_its_statement_is_unsourced(seed: Engines) -> None:
    s, p, o = FES_IN_MOROCCO
    statements = set(seed.graph.subjects(RDF.subject, s))
    missing = next(
        st
        for st in statements
        if (st, RDF.predicate, p) in seed.graph and (st, RDF.object, o) in seed.graph
    )
    # Fes, the statements about it and the ontology are enough, and keep the run fast.
    kept = broken(
        seed,
        remove=list(seed.graph.triples((missing, None, None))),
        keep=lambda t: t[0] == s or t[0] in statements or str(t[0]).startswith(CTG),
    )
    result = run(kept, "checks/unsourced-entity-fact")
    assert result.rdflib == result.oxigraph == [("ct:fes", "schema:containedInPlace", "ct:morocco")]


# The time rules, on synthetic cases (tests/queries_expected/time-cases.ttl) ---------------

ROLE_STATUSES = [
    pytest.param(
        "2019-06-01",
        {"m-exact": "not yet", "m-future": "not yet", "m-open": "not yet"},
        id="before-every-beginning",
    ),
    pytest.param(
        "2020-01-01",
        {"m-exact": "current", "m-future": "not yet", "m-open": "not yet"},
        id="on-the-exact-beginning",
    ),
    pytest.param(
        "2022-12-30",
        {"m-exact": "current", "m-future": "not yet", "m-open": "unknown"},
        id="before-the-exact-end",
    ),
    pytest.param(
        "2022-12-31",
        {"m-exact": "former", "m-future": "not yet", "m-open": "unknown"},
        id="on-the-exact-end",
    ),
    pytest.param(
        "2025-06-01",
        {"m-exact": "former", "m-future": "unknown", "m-open": "unknown"},
        id="after-a-not-before-beginning",
    ),
]


@pytest.mark.parametrize(("as_of", "expected"), ROLE_STATUSES)
def test_role_status_rule(time_cases: Engines, as_of: str, expected: dict[str, str]) -> None:
    result = run(time_cases, "roles-as-of", {"actor": "ex:state", "as_of": as_of})
    assert result.rdflib == result.oxigraph
    statuses = dict(result.by_column("membership", "status"))
    # An interval without instants never decides; a membership without one is undated.
    assert statuses == {
        **{f"ex:{m}": status for m, status in expected.items()},
        "ex:m-empty": "unknown",
        "ex:m-undated": "undated",
    }


def test_co_chairs_posts_are_those_held_at_the_event(time_cases: Engines) -> None:
    result = run(time_cases, "event-co-chairs")
    assert result.rdflib == result.oxigraph
    assert result.by_column("event", "post") == [
        # Ended before 10 May 2023 (2022-01-01, 2023-05-03) or begun after it: left out.
        ("ex:meeting", "ex:post-during"),
        ("ex:meeting", "ex:post-same-day"),
        # A meeting dated by its month only keeps a post that ended within that month.
        ("ex:meeting-month", "ex:post-during"),
        ("ex:meeting-month", "ex:post-early-may"),
        ("ex:meeting-month", "ex:post-same-day"),
    ]
