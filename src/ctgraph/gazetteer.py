"""Finding the graph's actors, places and events in text, by every name the graph has.

A :class:`Gazetteer` is built from a graph's labels, alternative labels and
names (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``, ``foaf:name``, in
any language). Names are compared word by word after a normalisation that
makes the usual variants of one name equal: case, accents, hyphens and
spaces ("Counter-Terrorism", "Counter Terrorism" and "Counterterrorism"),
British and American spellings ("Programme" and "Program", "Centre" and
"Center", "Organisation" and "Organization"). An acronym (a single word in
capitals, "UNOCT", "ONUCT") matches only as written, so that an ordinary word
never matches it. The longest name wins where names overlap.

A document may add names of its own: "the United Nations Office of
Counter-Terrorism (UNOCT)" makes "UNOCT" a name of that office for the rest of
the document (:meth:`Gazetteer.add` on the reader's :meth:`Gazetteer.copy`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from .namespaces import CTG, ORG, SCHEMA

__all__ = [
    "Entry",
    "Gazetteer",
    "Kind",
    "Mention",
    "is_acronym",
    "kinds_of_types",
    "name_key",
    "slug",
    "words",
]

Kind = Literal[
    "state", "organisation", "framework", "person", "post", "programme", "series", "event", "place"
]

#: The names of a node: labels first, then alternative labels and names.
NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name)

# The most specific kind wins: a state is also a country (a place), the
# Marrakech Platform is a platform (a framework) and a series.
_KIND_OF_CLASS: tuple[tuple[URIRef, Kind], ...] = (
    (CTG.State, "state"),
    (CTG.Person, "person"),
    (CTG.Post, "post"),
    (CTG.Programme, "programme"),
    (CTG.CooperationFramework, "framework"),
    (CTG.EventSeries, "series"),
    (CTG.Event, "event"),
    (SCHEMA.Event, "event"),
    (SCHEMA.Place, "place"),
    (ORG.Organization, "organisation"),
    (FOAF.Organization, "organisation"),
)

# Left out of a name's normal form: "the United Nations" is "United Nations".
_ARTICLES = frozenset({"the"})
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9]{1,9}\Z")

# Spelling variants of one word, written as the normal form's words.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "program": ("programme",),
    "center": ("centre",),
    "organization": ("organisation",),
    "counterterrorism": ("counter", "terrorism"),
    "antiterrorism": ("anti", "terrorism"),
    "cochair": ("co", "chair"),
    "cochaired": ("co", "chaired"),
}


def _fold(word: str) -> str:
    """Case-fold ``word``, strip its accents and a plural's s: "Fès" becomes "fes".

    "Investigations" and "Investigation" are one word for the gazetteer;
    both sides of a comparison are folded alike.
    """
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(folded) > 4 and folded.endswith("ies"):
        return folded[:-3] + "y"
    if len(folded) > 3 and folded.endswith("s") and not folded.endswith(("ss", "us", "is")):
        return folded[:-1]
    return folded


def is_acronym(name: str) -> bool:
    """Return whether ``name`` is one word in capitals (and digits), as "UNOCT" or "G7"."""
    return _ACRONYM_RE.match(name) is not None


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield each word of ``text`` with its offsets: (start, end, word)."""
    for match in _WORD_RE.finditer(text):
        yield match.start(), match.end(), match.group()


def slug(text: str, limit: int = 60) -> str:
    """Return a readable IRI slug of ``text``: "Fès, 2024" becomes "fes-2024"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    key = re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "unnamed"
    if len(key) > limit:
        key = key[:limit].rsplit("-", 1)[0]
    return key


def _parts(word: str) -> tuple[str, ...]:
    """The normal form of one word: one or more words ("UN" is "united nation")."""
    if word == "UN":
        return ("united", "nation")
    folded = _fold(word)
    return _VARIANTS.get(folded, (folded,))


def name_key(name: str) -> tuple[str, ...]:
    """Return the normal form of ``name``, the words by which it is compared."""
    key: list[str] = []
    for _, _, word in words(name):
        key.extend(_parts(word))
    return tuple(k for k in key if k not in _ARTICLES)


def kinds_of_types(graph: Graph, types: Iterable[URIRef]) -> tuple[Kind, ...]:
    """Return the kinds of a node of ``types``, most specific first.

    They are read from the classes and their superclasses: the Marrakech
    Platform is a framework and a series.
    """
    closure: set[URIRef] = set()
    stack = list(types)
    while stack:
        current = stack.pop()
        if current in closure:
            continue
        closure.add(current)
        stack.extend(o for o in graph.objects(current, RDFS.subClassOf) if isinstance(o, URIRef))
    found: list[Kind] = []
    for cls, kind in _KIND_OF_CLASS:
        if cls in closure and kind not in found:
            found.append(kind)
    return tuple(found)


@dataclass(frozen=True)
class Entry:
    """A node the gazetteer knows: its kinds, most specific first, and its label."""

    node: URIRef
    kinds: tuple[Kind, ...]
    label: str

    @property
    def kind(self) -> Kind:
        return self.kinds[0]

    @property
    def is_event(self) -> bool:
        """An event, not a series of events (a series is a schema:Event too)."""
        return "event" in self.kinds and "series" not in self.kinds


@dataclass(frozen=True)
class Mention:
    """A name found in text: its offsets, its words as written and what it names.

    ``entries`` holds more than one entry when the name is ambiguous (they
    are sorted by IRI).
    """

    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]

    @property
    def entry(self) -> Entry:
        """The entry the name is read as: the first when it is ambiguous."""
        return self.entries[0]

    @property
    def node(self) -> URIRef:
        return self.entries[0].node

    @property
    def kind(self) -> Kind:
        return self.entries[0].kind


@dataclass(frozen=True)
class _Name:
    key: tuple[str, ...]
    exact: str | None  # an acronym, matched only as written
    entries: frozenset[Entry]


@dataclass
class Gazetteer:
    """Names of nodes, to find in text; see the module's description."""

    _names: dict[tuple[str, ...], _Name] = field(default_factory=dict)
    _by_first: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    _entries: dict[URIRef, Entry] = field(default_factory=dict)
    _texts: dict[tuple[str, ...], str] = field(default_factory=dict)
    # Names that hold other names, in words and "@IRI" tokens (see _compounds).
    _compound: dict[str, list[tuple[tuple[str, ...], _Name]]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: Graph) -> Gazetteer:
        """Return the gazetteer of every named node of ``graph`` that has a known kind."""
        gazetteer = cls()
        for node in sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}):
            types = [t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef)]
            kinds = kinds_of_types(graph, types)
            if not kinds:
                continue
            names = [
                str(value)
                for prop in NAME_PROPERTIES
                for value in graph.objects(node, prop)
                if isinstance(value, RdfLiteral)
            ]
            if not names:
                continue
            label = _best_label(graph, node) or names[0]
            entry = Entry(node, kinds, label)
            for name in names:
                gazetteer.add(name, entry)
        gazetteer._compounds()
        return gazetteer

    def _compounds(self) -> None:
        """Key the names that hold other names also by those names' nodes.

        "Strategic Dialogue between the Kingdom of Morocco and UNOCT" is then
        also found as "... between Morocco and the United Nations Office of
        Counter-Terrorism": both read as "strategic dialogue between @morocco
        and @unoct".
        """
        self._compound = {}
        for key, name in sorted(self._names.items()):
            if len(key) < 3:
                continue
            text = self._texts[key]
            own = frozenset(entry.node for entry in name.entries)
            inner = self._base(text, skip=own)
            if not inner:
                continue
            compound = tuple(token for _, _, token in _stream(text, inner))
            self._compound.setdefault(compound[0], []).append((compound, name))
        for keys in self._compound.values():
            keys.sort(key=lambda item: (-len(item[0]), item[0]))

    def copy(self) -> Gazetteer:
        """Return a gazetteer with the same names, to add names to without changing this one."""
        other = Gazetteer()
        other._names = dict(self._names)
        other._by_first = {k: list(v) for k, v in self._by_first.items()}
        other._entries = dict(self._entries)
        other._texts = dict(self._texts)
        other._compound = {k: list(v) for k, v in self._compound.items()}
        return other

    def add(self, name: str, entry: Entry) -> None:
        """Add ``name`` as a name of ``entry``'s node."""
        key = name_key(name)
        if not key:
            return
        exact = name.strip() if is_acronym(name.strip()) else None
        self._entries.setdefault(entry.node, entry)
        self._texts.setdefault(key, name)
        known = self._names.get(key)
        if known is None:
            self._names[key] = _Name(key, exact, frozenset({entry}))
            keys = self._by_first.setdefault(key[0], [])
            keys.append(key)
            keys.sort(key=lambda k: (-len(k), k))
        elif entry not in known.entries:
            self._names[key] = _Name(key, known.exact or exact, known.entries | {entry})

    def replace(self, old: Entry, new: Entry) -> None:
        """Put ``new`` wherever ``old`` names a node (a country the graph has as a place)."""
        for key, name in list(self._names.items()):
            if old in name.entries:
                self._names[key] = _Name(key, name.exact, (name.entries - {old}) | {new})
        if self._entries.get(old.node) == old:
            self._entries[old.node] = new
        for keys in self._compound.values():
            for index, (key, name) in enumerate(keys):
                if old in name.entries:
                    keys[index] = (key, _Name(name.key, name.exact, (name.entries - {old}) | {new}))

    def entry(self, node: URIRef) -> Entry | None:
        """Return the entry of ``node``, if the gazetteer knows it."""
        return self._entries.get(node)

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Return the entries named exactly ``name`` (in normal form), sorted by IRI."""
        found = self._names.get(name_key(name))
        if found is None:
            return ()
        return tuple(sorted(found.entries, key=lambda e: str(e.node)))

    def inner(self, mention: Mention) -> list[Mention]:
        """The other names inside a name: "UNOCT" in "UNOCT Rabat Programme Office"."""
        found = self._base(mention.text, skip=frozenset(e.node for e in mention.entries))
        return [
            Mention(m.start + mention.start, m.end + mention.start, m.text, m.entries)
            for m in found
        ]

    def lookup_prefix(self, name: str, kinds: Iterable[str]) -> Entry | None:
        """Return the one node of ``kinds`` that has a name beginning with ``name``, if only one.

        "High-Level Strategic Dialogue" finds the series named "High-Level
        Strategic Dialogue between the Kingdom of Morocco and UNOCT"; a name
        of one word finds nothing.
        """
        key = name_key(name)
        if len(key) < 2:
            return None
        wanted = set(kinds)
        found = {
            entry
            for other, known in self._names.items()
            if other[: len(key)] == key
            for entry in known.entries
            if wanted & set(entry.kinds)
        }
        nodes = {entry.node for entry in found}
        if len(nodes) != 1:
            return None
        return min(found, key=lambda e: e.label)

    def find(self, text: str, offset: int = 0, *, compounds: bool = True) -> list[Mention]:
        """Return the names found in ``text``, longest first where they overlap.

        Offsets are those of ``text`` plus ``offset``. With ``compounds``
        false, names are not read as names that hold them ("the Kingdom of
        Morocco" and "UNOCT", not the Dialogue between them).
        """
        base = self._base(text)
        if compounds and self._compound and base:
            base = self._with_compounds(text, base)
        if offset:
            base = [Mention(m.start + offset, m.end + offset, m.text, m.entries) for m in base]
        return base

    def _with_compounds(self, text: str, base: list[Mention]) -> list[Mention]:
        stream = _stream(text, base)
        found: list[Mention] = []
        index = 0
        while index < len(stream):
            match = None
            for key, name in self._compound.get(stream[index][2], ()):
                tokens = stream[index : index + len(key)]
                if len(tokens) == len(key) and all(
                    t[2] == k for t, k in zip(tokens, key, strict=True)
                ):
                    match = (len(key), name)
                    break
            if match is None:
                index += 1
                continue
            length, name = match
            start, end = stream[index][0], stream[index + length - 1][1]
            entries = tuple(sorted(name.entries, key=lambda e: str(e.node)))
            found.append(Mention(start, end, text[start:end], entries))
            index += length
        if not found:
            return base
        kept = [m for m in base if not any(f.start <= m.start and m.end <= f.end for f in found)]
        return sorted(kept + found, key=lambda m: (m.start, m.end))

    def _base(self, text: str, skip: frozenset[URIRef] = frozenset()) -> list[Mention]:
        tokens: list[tuple[int, int, str, str]] = []
        for start, end, word in words(text):
            for part in _parts(word):
                if part not in _ARTICLES:
                    tokens.append((start, end, word, part))
        mentions: list[Mention] = []
        index = 0
        while index < len(tokens):
            found = self._match(text, tokens, index, skip)
            if found is None:
                index += 1
                continue
            length, name = found
            start, end = tokens[index][0], tokens[index + length - 1][1]
            entries = tuple(sorted(name.entries, key=lambda e: str(e.node)))
            mentions.append(Mention(start, end, text[start:end], entries))
            index += length
        return mentions

    def _match(
        self,
        text: str,
        tokens: list[tuple[int, int, str, str]],
        index: int,
        skip: frozenset[URIRef] = frozenset(),
    ) -> tuple[int, _Name] | None:
        for key in self._by_first.get(tokens[index][3], ()):
            if index + len(key) > len(tokens):
                continue
            if skip and any(entry.node in skip for entry in self._names[key].entries):
                continue
            if any(tokens[index + i][3] != part for i, part in enumerate(key)):
                continue
            name = self._names[key]
            if name.exact is not None and tokens[index][2] != name.exact:
                continue
            # A name ends at a word's end: "UN" is not found in "UNOCT".
            last = tokens[index + len(key) - 1]
            if index + len(key) < len(tokens) and tokens[index + len(key)][0] == last[0]:
                continue
            return len(key), name
        return None


def _stream(text: str, mentions: list[Mention]) -> list[tuple[int, int, str]]:
    """The words of ``text`` in normal form, each name of ``mentions`` one "@IRI" token."""
    stream: list[tuple[int, int, str]] = []
    pending = sorted(mentions, key=lambda m: m.start)
    for start, end, word in words(text):
        while pending and pending[0].end <= start:
            pending.pop(0)
        if pending and pending[0].start <= start < pending[0].end:
            mention = pending[0]
            if not stream or stream[-1][:2] != (mention.start, mention.end):
                stream.append((mention.start, mention.end, f"@{mention.node}"))
            continue
        for part in _parts(word):
            if part not in _ARTICLES:
                stream.append((start, end, part))
    return stream


def _best_label(graph: Graph, node: URIRef) -> str | None:
    for prop in (SKOS.prefLabel, RDFS.label, FOAF.name):
        values = sorted(
            str(v)
            for v in graph.objects(node, prop)
            if isinstance(v, RdfLiteral) and (v.language in (None, "en"))
        )
        if values:
            return values[0]
    return None


# Countries ---------------------------------------------------------------------------

# Short names the press uses that ISO 3166 does not give (pycountry's names,
# official names and common names cover the rest).
_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "RUS": ("Russia",),
    "TUR": ("Turkey",),
    "CZE": ("Czech Republic",),
    "GBR": ("Britain", "Great Britain", "UK"),
    "USA": ("US", "USA", "United States of America"),
    "ARE": ("UAE",),
    "COD": ("Democratic Republic of the Congo", "DRC"),
    "NLD": ("The Netherlands",),
}


# Territories of ISO 3166 that are no states, some named by common words
# ("Réunion" is a meeting in French, "Jersey" a garment).
_TERRITORIES = frozenset(
    [
        "ABW",
        "AIA",
        "ALA",
        "ASM",
        "ATA",
        "ATF",
        "BES",
        "BLM",
        "BMU",
        "BVT",
        "CCK",
        "COK",
        "CUW",
        "CXR",
        "CYM",
        "FLK",
        "FRO",
        "GGY",
        "GIB",
        "GLP",
        "GRL",
        "GUF",
        "GUM",
        "HKG",
        "HMD",
        "IMN",
        "IOT",
        "JEY",
        "MAC",
        "MAF",
        "MNP",
        "MSR",
        "MTQ",
        "MYT",
        "NCL",
        "NFK",
        "NIU",
        "PCN",
        "PRI",
        "PYF",
        "REU",
        "SGS",
        "SHN",
        "SJM",
        "SPM",
        "SXM",
        "TCA",
        "TKL",
        "UMI",
        "VGB",
        "VIR",
        "WLF",
    ]
)


def country_entries(language: str = "en") -> list[tuple[str, str, str]]:
    """Return (ISO 3166 alpha-3 code, English name, a name) for every country's names.

    The names are pycountry's (ISO 3166-1: the name, the official name and
    the common name), the short names of :data:`_COUNTRY_NAMES`, and with
    ``language`` "fr" the French names too. The English name shown for a
    country is its common name, else its ISO name.
    """
    import gettext

    import pycountry

    french = None
    if language == "fr":
        french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    found: list[tuple[str, str, str]] = []
    for country in pycountry.countries:
        code = country.alpha_3
        if code in _TERRITORIES:
            continue
        shown = getattr(country, "common_name", None) or country.name
        names = [country.name, getattr(country, "official_name", None), shown]
        names += list(_COUNTRY_NAMES.get(code, ()))
        if french is not None:
            names += [french.gettext(n) for n in (country.name, shown) if n]
        for name in dict.fromkeys(n for n in names if n and "," not in n):
            found.append((code, shown, name))
    return found


def add_countries(
    gazetteer: Gazetteer, namespace: str, language: str = "en"
) -> tuple[set[URIRef], set[URIRef]]:
    """Add the countries of the world the gazetteer does not name yet.

    Returns the nodes added, and the nodes the gazetteer had as places only
    (a country, not a state) that are now states too.

    A country the graph has (a state named by any of the country's names)
    gets the other names; one it does not have gets a node
    ``namespace`` + slug of its English name, for :mod:`ctgraph.extract` to
    propose when a document names it.
    """
    by_code: dict[str, list[tuple[str, str]]] = {}
    for code, shown, name in country_entries(language):
        by_code.setdefault(code, []).append((shown, name))
    added: set[URIRef] = set()
    upgraded_nodes: set[URIRef] = set()
    for code in sorted(by_code):
        names = by_code[code]
        existing = [
            entry
            for _, name in names
            for entry in gazetteer.lookup(name)
            if entry.kind == "state" or "place" in entry.kinds
        ]
        if existing:
            entry = existing[0]
            if entry.kind != "state":
                upgraded = Entry(entry.node, ("state", *entry.kinds), entry.label)
                gazetteer.replace(entry, upgraded)
                entry = upgraded
                upgraded_nodes.add(entry.node)
        else:
            shown = names[0][0]
            node = URIRef(namespace + slug(shown))
            entry = Entry(node, ("state", "place", "organisation"), shown)
            added.add(node)
        for _, name in names:
            if not gazetteer.lookup(name):
                gazetteer.add(name, entry)
    return added, upgraded_nodes
